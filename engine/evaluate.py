"""The engine: load the knowledge base once, evaluate each case into an Answer."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import sys
from pathlib import Path
from typing import Any

from engine.answer import (
    Answer,
    ApprovalRef,
    Evidence,
    KnowledgeBaseStamp,
    Note,
    Recommendation,
    RegimenForm,
    WhyNot,
)
from engine.answer_cache import ANSWER_CACHE_SIZE, AnswerCache, filled
from engine.answer_json import AnswerWriter
from engine.answer_store import AnswerStore
from engine.case import Case, parse_case
from engine.change_days import change_days, option_days
from engine.explain import Tracer, WhyNotExplainer
from engine.firing import Firings
from engine.kept import Kept
from engine.knowledge import Approval, Rule
from engine.loader import KnowledgeBase, load_knowledge_base
from engine.ordering import Orderer
from engine.printed import shown
from engine.progress import note_text, timed
from engine.published import AS_OF
from engine.records import StudyRecords
from engine.rulebook import Rulebook, build_rulebook, known_from
from engine.semantics import predicate
from engine.session import DurableRunner, EngineError
from engine.vocabulary import Status

CUTOFF_NOTE = (
    "The knowledge base stops at {cutoff}, the newest verified date in its sources: nothing later is"
    " known to this engine, so this answer for {as_of} shows the evidence as it stood on {cutoff}."
)


class Engine:
    """Build once per process (loading and compiling fail early, naming the bad file and rule)."""

    def __init__(self, kb: KnowledgeBase, cache_size: int = ANSWER_CACHE_SIZE) -> None:
        self.kb = kb
        self.rulebook: Rulebook = build_rulebook(kb)
        self.runner = DurableRunner(self.rulebook)
        self.firings = Firings(self.rulebook, self.runner)
        self.stamp = KnowledgeBaseStamp(
            version=kb.info.version, evidence_cutoff=kb.info.evidence_cutoff, sha256=kb.sha256
        )
        self._names = {r.id: r.name for r in kb.regimens.values()}
        self.explainer = WhyNotExplainer(self.rulebook, self._names)
        self.tracer = Tracer(self.rulebook)
        self.orderer = Orderer(kb, self.rulebook)
        self._known = {s: known_from(s, kb) for s in kb.studies}
        self._records = StudyRecords(kb)
        # what a rule shows depends on dates and tests fixed at load: resolved once here, not per case
        review = kb.info.review_published
        self._after_review = {r.id for r in self.rulebook.rules if r.since is not None and r.since > review}
        self._dated_rationale = {r.id: tuple(timed(kb, d) for d in r.rule.rationale_dated) for r in self.rulebook.rules}
        self._cautions = {
            r.id: tuple((timed(kb, c), tuple(map(predicate, c.when))) for c in r.rule.cautions)
            for r in self.rulebook.rules
        }
        self._conditional = {
            regimen: tuple(dict.fromkeys(f for r in rules for f in r.rule.conditional_on))
            for regimen, rules in self.rulebook.by_regimen.items()
        }
        # notes stating work in progress that no result in the knowledge base has ended: shown "as of" their day
        self._undated = {r.id for r in self.rulebook.rules if r.rule.in_progress and not r.rule.ended_by}
        # each regimen's verified product notes (subcutaneous forms, biosimilars), oldest first
        self._forms: dict[str, list[RegimenForm]] = {}
        for n in sorted(kb.regimen_notes, key=lambda n: n.date.counts_from()):
            if n.verified:
                form = RegimenForm(
                    kind=n.kind, date=str(n.date), counts_from=n.date.counts_from(), text=n.text, source=n.source
                )
                self._forms.setdefault(n.regimen, []).append(form)
        texts = [t for i, dated in self._dated_rationale.items() for t in (*dated, *(c for c, _ in self._cautions[i]))]
        public = [*self._known.values(), *(f.counts_from for forms in self._forms.values() for f in forms)]
        days = change_days(kb, self.rulebook, self._records, self.orderer, texts, public)
        self.cache = AnswerCache(self.rulebook, days, cache_size)
        # an option reads its rules, the day only as which of its own days it is on or after, and the case only
        # through its cautions' tests and the fields its status is conditional on: made once for those, shared by
        # every class that reads the same
        self._option_days = {
            regimen: option_days(
                kb,
                rules,
                self._records,
                [t for r in rules for t in (*self._dated_rationale[r.id], *(c for c, _ in self._cautions[r.id]))],
                [self._known[s] for r in rules for s in r.rule.evidence],
                [f.counts_from for f in self._forms.get(regimen, ())],
            )
            for regimen, rules in self.rulebook.by_regimen.items()
        }
        # ~2 kB an option (its approval and texts shared): room for 716, ~1.4 MB (512 of 3.1 kB before)
        self._options: Kept[tuple[object, ...], Recommendation] = Kept(0.7)
        # "why not" reads the rules' tests, the derived facts, the values of the case's choices and what it is offered
        # (its fired rules' regimens and statuses): all fixed by the class of case the rules cannot tell apart
        # (engine/firing.py); the numbers and the date it prints are slots. The usual room, a quarter of what fired's: a
        # list holds entries the explainer's own store may have let go (a worker's memory, benchmarks/memory.py)
        self._why_not: Kept[tuple[object, ...], list[WhyNot]] = Kept()
        self._approvals: Kept[tuple[str, bool, bool], ApprovalRef] = Kept()
        # a note reads its rule and the answer's "As of" words (the date as a slot): one object for each, shared
        self._notes: Kept[tuple[str, str], Note] = Kept()
        self.writer = AnswerWriter(self._records)

    @classmethod
    def load(cls, rules_dir: Path | str | None = None) -> Engine:
        return cls(load_knowledge_base(rules_dir))

    def parse(self, data: object, today: dt.date | None = None) -> Case:
        """A case from raw input, dated (see dated); CaseError names every bad field."""
        return self.dated(parse_case(data, today, contradictions=self.kb.contradictions))

    def dated(self, case: Case) -> Case:
        """The case with its date: a case that gives none is answered as of this knowledge base's cut-off."""
        return case if case.as_of is not None else case.model_copy(update={"as_of": self.kb.evidence_cutoff})

    def evaluate(self, case: Case | dict[str, Any]) -> Answer:
        """The answer for one case (a Case or a dict of its fields); CaseError names every bad field. From the
        cache when a case of its class was answered (engine/answer_cache.py): the same answer evaluate_uncached
        gives."""
        case = self.dated(case) if isinstance(case, Case) else self.parse(case)
        fact = case.as_fact()
        return self.cache.get(fact, lambda: self._evaluate(case)).answer(case, fact)

    def slotted(self, case: Case) -> Answer:
        """The answer of the case's class with a slot where it prints a number or the date (engine/printed.py),
        unfilled, from the cache: what a page kept for the class is rendered from. Its `case` is the case that
        first asked for the class: replace it."""
        case = self.dated(case)
        fact = case.as_fact()
        return self.cache.get(fact, lambda: self._evaluate(case)).slotted()

    def evaluate_uncached(self, case: Case | dict[str, Any]) -> Answer:
        """The answer made afresh, as `kb check` and the cache's own tests read it."""
        case = self.dated(case) if isinstance(case, Case) else self.parse(case)
        return filled(self._evaluate(case), case, case.as_fact())

    def _evaluate(self, case: Case) -> Answer:
        """The answer with a slot where it prints a number or the date of the case (engine/printed.py, shown): the
        answer of every case of its class, which filled() or the cache completes."""
        fact = case.as_fact()
        past_cutoff = case.as_of > self.kb.info.evidence_cutoff
        # a statement nothing has ended is dated by the answer's day, or past the cut-off by the cut-off
        day = self.kb.info.evidence_cutoff.isoformat() if past_cutoff else shown("as_of", fact, set())
        as_of_words = AS_OF.format(day=day)
        firing = self.firings.run(fact)
        derived = set(firing.derived)
        grouped: dict[str, list[str]] = {}
        notes: list[Note] = []
        for rule_id in firing.fired:
            rule = self.rulebook.by_id(rule_id).rule
            if rule.regimen is not None:
                grouped.setdefault(rule.regimen, []).append(rule_id)
            elif rule.note is not None:
                notes.append(self._notes.get((rule_id, as_of_words), functools.partial(self._note, rule, as_of_words)))

        def option(regimen: str, ids: list[str]) -> Recommendation:
            key = self._option_key(regimen, ids, fact, derived, as_of_words)
            return self._options.get(key, lambda: self._recommendation(regimen, ids, case, fact, derived, as_of_words))

        recommendations = self.orderer.order([option(r, ids) for r, ids in grouped.items()], fact, derived)
        if past_cutoff:
            notes.append(self._notes.get(("engine.cutoff", as_of_words), lambda: self._cutoff_note(fact)))
        offered: dict[str, Status] = {r.regimen_id: r.status for r in recommendations}
        in_scope, scope_note = self._scope(case, bool(recommendations))
        return Answer(
            case=case,
            in_scope=in_scope,
            scope_note=scope_note,
            recommendations=recommendations,
            why_not=self._why_not.get(firing.key, lambda: self.explainer.why_not(fact, derived, offered)),
            notes=notes,
            trace=self.tracer.trace(firing),
            knowledge_base=self.stamp,
            conditional_count=sum(r.conditional for r in recommendations),
            past_cutoff=past_cutoff,
            disclaimer=self.kb.disclaimer,
        )

    def answer_json(self, answer: Answer) -> str:
        """The answer's JSON, the same text as answer.model_dump_json() (engine/answer_json.py)."""
        return self.writer.json(answer)

    def answer_json_for(self, case: Case) -> bytes:
        """answer_json(evaluate(case)) in UTF-8, as the API sends it: the cached answer of its class written
        once with its slots, and filled. Bytes, because most of them are the studies' records, kept encoded:
        encoding a whole answer on each request cost as much as making one from the cache."""
        case = self.dated(case)
        fact = case.as_fact()
        entry = self.cache.get(fact, lambda: self._evaluate(case))
        return entry.json(self.writer.template).fill(case.model_dump_json(), fact)

    def share_answers(self, path: Path | str) -> AnswerStore:
        """Keep the classes' API answers in a store at `path` that other processes opening it share (a server's
        workers: engine/answer_store.py), emptied now: it holds what this engine made."""
        store = AnswerStore(path, self._records.written(), namespace=self.kb.sha256)
        store.clear()
        store.close()  # each process, a forked worker too, opens its own connection when it first reads
        self.cache.shared = store
        return store

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

    def _note(self, rule: Rule, as_of_words: str) -> Note:
        text = note_text(rule.note or "", rule.id in self._undated, as_of_words)
        return Note(rule=rule.id, text=text, study_ids=list(rule.evidence), after_review=rule.id in self._after_review)

    def _cutoff_note(self, fact: dict[str, object]) -> Note:
        text = CUTOFF_NOTE.format(cutoff=self.kb.info.evidence_cutoff, as_of=shown("as_of", fact, set()))
        return Note(rule="engine.cutoff", text=text, study_ids=[])

    def _scope(self, case: Case, offered: bool) -> tuple[bool, str]:
        """HER2-positive disease is in scope; HER2-low or -ultralow only where an indication naming it fits."""
        if case.in_scope:
            return True, ""
        if case.her2_status in ("low", "ultralow"):
            return (True, "") if offered else (False, self.kb.scope.low_rationale or self.kb.scope.rationale)
        return False, self.kb.scope.rationale

    def _option_key(
        self, regimen: str, rule_ids: list[str], fact: dict[str, object], derived: set[str], as_of_words: str
    ) -> tuple[object, ...]:
        """What a regimen's option reads: its rules, which of the regimen's own days the date is on or after, the
        results of what it tests in the case (its cautions' conditions, the fields its status is conditional on)
        and the day it prints."""
        cautions = tuple(all(test(fact, derived) for test in tests) for i in rule_ids for _, tests in self._cautions[i])
        unknown = tuple(fact.get(f, "unknown") == "unknown" for f in self._conditional[regimen])
        day = bisect.bisect_right(self._option_days[regimen], fact["as_of"])  # type: ignore[call-overload]
        return (regimen, *rule_ids, day, as_of_words, cautions, unknown)

    def _recommendation(
        self,
        regimen: str,
        rule_ids: list[str],
        case: Case,
        fact: dict[str, object],
        derived: set[str],
        as_of_words: str,
    ) -> Recommendation:
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
            if self._known[study_id] <= as_of:
                evidence.append(self._records.on(study_id, as_of))
            elif study_id in basis:
                # the FDA reviewed the trial before its results were public: named, without numbers
                evidence.append(self._records.on(study_id, as_of, public=False))
        rationale = [r.rationale for r in rules]
        rationale += [text for i in rule_ids for d in self._dated_rationale[i] if (text := d.on(as_of, as_of_words))]
        # a status is conditional only on the fields this case leaves unknown (absent, or "unknown")
        conditional_on = [
            f for f in dict.fromkeys(f for r in rules for f in r.conditional_on) if fact.get(f, "unknown") == "unknown"
        ]
        label = status.replace("_", " ")
        labelled = next((r.labelled_part for r in rules if r.labelled_part), "")
        unlabelled = next((r.unlabelled_part for r in rules if r.unlabelled_part), "")
        if labelled:
            label = f"{label} for {labelled} only; {unlabelled}"
        if conditional_on:
            label += ", conditional on " + " and ".join(self.kb.words.noun(n) for n in conditional_on)
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
                    for caution, tests in self._cautions[i]
                    if (text := caution.on(as_of, as_of_words)) and all(test(fact, derived) for test in tests)
                )
            ),
            conditional_on=conditional_on,
            key_finding=next((r.key_finding for r in rules if r.key_finding is not None), None),
            forms=[f for f in self._forms.get(regimen, ()) if f.counts_from <= as_of],
            rules=rule_ids,
            after_review=any(i in self._after_review for i in rule_ids),
        )
