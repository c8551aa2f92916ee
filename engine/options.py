"""An answer's options: each regimen its fired rules place, as the case's day shows it (status, approval, evidence,
rationale, cautions, forms), made once for everything it reads and shared by every class of case that reads the
same."""

from __future__ import annotations

import bisect
import datetime as dt
import sys

from engine.answer import ApprovalRef, Evidence, Recommendation, RegimenForm
from engine.case import Case
from engine.change_days import option_days
from engine.kept import Kept
from engine.knowledge import Approval
from engine.loader import KnowledgeBase
from engine.progress import Timed, timed
from engine.records import StudyRecords
from engine.rulebook import Rulebook, known_from
from engine.semantics import Predicate, predicate
from engine.session import EngineError


class Options:
    """Built once per engine: what each rule's option shows, with its dates and tests resolved at load."""

    def __init__(self, kb: KnowledgeBase, rulebook: Rulebook, records: StudyRecords, names: dict[str, str]) -> None:
        self.kb, self.rulebook, self._records, self._names = kb, rulebook, records, names
        self.known = {s: known_from(s, kb) for s in kb.studies}
        review = kb.info.review_published
        self.after_review = {r.id for r in rulebook.rules if r.since is not None and r.since > review}
        self.dated_rationale = {r.id: tuple(timed(kb, d) for d in r.rule.rationale_dated) for r in rulebook.rules}
        self.cautions: dict[str, tuple[tuple[Timed, tuple[Predicate, ...]], ...]] = {
            r.id: tuple((timed(kb, c), tuple(map(predicate, c.when))) for c in r.rule.cautions) for r in rulebook.rules
        }
        self._conditional = {
            regimen: tuple(dict.fromkeys(f for r in rules for f in r.rule.conditional_on))
            for regimen, rules in rulebook.by_regimen.items()
        }
        # each regimen's verified product notes (subcutaneous forms, biosimilars), oldest first
        self.forms: dict[str, list[RegimenForm]] = {}
        for n in sorted(kb.regimen_notes, key=lambda n: n.date.counts_from()):
            if n.verified:
                form = RegimenForm(
                    kind=n.kind, date=str(n.date), counts_from=n.date.counts_from(), text=n.text, source=n.source
                )
                self.forms.setdefault(n.regimen, []).append(form)
        # an option reads its rules, the day only as which of its own days it is on or after, and the case only
        # through its cautions' tests and the fields its status is conditional on: made once for those, shared by
        # every class that reads the same
        self._days = {
            regimen: option_days(
                kb,
                rules,
                records,
                [t for r in rules for t in self.texts(r.id)],
                [self.known[s] for r in rules for s in r.rule.evidence],
                [f.counts_from for f in self.forms.get(regimen, ())],
            )
            for regimen, rules in rulebook.by_regimen.items()
        }
        # ~2 kB an option (its approval and texts shared): room for 716, ~1.4 MB (512 of 3.1 kB before)
        self._made: Kept[tuple[object, ...], Recommendation] = Kept(0.7)
        self._approvals: Kept[tuple[str, bool, bool], ApprovalRef] = Kept()

    def texts(self, rule_id: str) -> tuple[Timed, ...]:
        """The rule's dated texts: its dated rationale and its cautions."""
        return (*self.dated_rationale[rule_id], *(c for c, _ in self.cautions[rule_id]))

    def option(
        self, regimen: str, rule_ids: list[str], case: Case, fact: dict[str, object], derived: set[str], as_of: str
    ) -> Recommendation:
        """The regimen's option placed by these rules (`as_of`: the answer's "As of" words), shared."""
        key = self.key(regimen, rule_ids, fact, derived, as_of)
        option = self._made.found(key)
        return (
            self._made.get(key, self.make, regimen, rule_ids, case, fact, derived, as_of) if option is None else option
        )

    def __len__(self) -> int:
        return len(self._made)

    def make(
        self,
        regimen: str,
        rule_ids: list[str],
        case: Case,
        fact: dict[str, object],
        derived: set[str],
        as_of_words: str,
    ) -> Recommendation:
        """The option made afresh for the case."""
        rules = [self.rulebook.by_id(i).rule for i in rule_ids]
        statuses = {r.status for r in rules}
        if len(statuses) != 1:
            # `her2-cds kb check` proves this cannot happen over the threshold space; never guess
            raise EngineError(f"rules {rule_ids} give {regimen} two statuses {sorted(map(str, statuses))}")
        status = rules[0].status
        assert status is not None
        as_of = case.as_of
        commentary = as_of >= self.kb.info.review_published
        approval = None
        basis: set[str] = set()
        for rule in rules:
            if rule.approval is not None:
                a = self.kb.approvals[rule.approval]
                basis.update(a.basis)
                approval = self._approval_on(a, as_of, commentary)
        evidence: list[Evidence] = []
        for study_id in dict.fromkeys(s for r in rules for s in r.evidence):
            if self.known[study_id] <= as_of:
                evidence.append(self._records.on(study_id, as_of))
            elif study_id in basis:
                # the FDA reviewed the trial before its results were public: named, without numbers
                evidence.append(self._records.on(study_id, as_of, public=False))
        rationale = [r.rationale for r in rules]
        rationale += [text for i in rule_ids for d in self.dated_rationale[i] if (text := d.on(as_of, as_of_words))]
        # a status is conditional only on the fields this case leaves unknown (absent, or "unknown")
        conditional_on = [
            f for f in dict.fromkeys(f for r in rules for f in r.conditional_on) if fact.get(f, "unknown") == "unknown"
        ]
        labelled = next((r.labelled_part for r in rules if r.labelled_part), "")
        unlabelled = next((r.unlabelled_part for r in rules if r.unlabelled_part), "")
        words = self.kb.words
        fields = words.marks.fields([words.noun(n) for n in conditional_on])
        label = words.marks.label(words.statuses[status].said, labelled, unlabelled, fields)
        return Recommendation(
            regimen_id=regimen,
            name=self._names[regimen],
            status=status,
            conditional=bool(conditional_on),
            status_label=sys.intern(label),
            labelled_part=labelled,
            unlabelled_part=unlabelled,
            approval=approval,
            rationale=sys.intern(" ".join(rationale)),  # one text in many options
            evidence=evidence,
            cautions=list(
                dict.fromkeys(
                    text
                    for i in rule_ids
                    for caution, tests in self.cautions[i]
                    if (text := caution.on(as_of, as_of_words)) and all(test(fact, derived) for test in tests)
                )
            ),
            conditional_on=conditional_on,
            key_finding=next((r.key_finding for r in rules if r.key_finding is not None), None),
            forms=[f for f in self.forms.get(regimen, ()) if f.counts_from <= as_of],
            rules=rule_ids,
            after_review=any(i in self.after_review for i in rule_ids),
            ordered_by=[],  # given, so that the copies that give its place share its set of given fields
        )

    def _approval_on(self, a: Approval, as_of: dt.date, commentary: bool) -> ApprovalRef:
        """The approval as an option shows it on the day: one object for each of its states, shared by every option
        that shows it (it was ~1.1 kB of an option's 3.1 kB)."""
        accelerated = a.accelerated_on(as_of)
        return self._approvals.get(
            (a.id, accelerated, commentary),
            lambda: ApprovalRef(
                id=a.id,
                date=str(a.date),
                date_precision=a.date.precision,
                counts_from=a.date.counts_from(),
                accelerated=accelerated,
                converted_on=str(a.converted_on) if a.converted_on and not accelerated else None,
                indication=a.indication,
                source=a.source,
                # the review's row and its correction speak from 2014: shown once the review exists
                review_table_1=a.review_table_1 if commentary else "",
                correction=a.correction if commentary else "",
                label_url=a.label_url,
            ),
        )

    def key(
        self, regimen: str, rule_ids: list[str], fact: dict[str, object], derived: set[str], as_of_words: str
    ) -> tuple[object, ...]:
        """What a regimen's option reads: its rules, which of the regimen's own days the date is on or after, the
        results of what it tests in the case (its cautions' conditions, the fields its status is conditional on)
        and the day it prints."""
        cautions: tuple[bool, ...] = ()
        for i in rule_ids:
            if tested := self.cautions[i]:  # most rules have no caution
                cautions += tuple(all(test(fact, derived) for test in tests) for _, tests in tested)
        conditional = self._conditional[regimen]
        unknown = tuple([fact.get(f, "unknown") == "unknown" for f in conditional]) if conditional else ()
        day = bisect.bisect_right(self._days[regimen], fact["as_of"])  # type: ignore[call-overload]
        return (regimen, *rule_ids, day, as_of_words, cautions, unknown)
