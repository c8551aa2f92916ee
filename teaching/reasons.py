"""Why a regimen has (or lacks) a status, in clinical words: the conditions its rules needed and what the case is.

The engine's why-not (in the JSON) lists every rule with its id and field names; a student needs the
nearest rule of each status in words: "FDA-approved only for a tumor larger than 2 cm or positive lymph
nodes; this case: tumor 2.0 cm, node-negative."
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from engine.answer import Answer
from engine.evaluate import Engine
from engine.loader import KnowledgeBase
from engine.phrasing import ClinicalWords
from engine.published import finding_public, study_public
from engine.rulebook import CompiledRule
from engine.studies import Study
from engine.vocabulary import NOT_OFFERED, STATUSES
from teaching.words import case_words, headline

# Conditions that make a rule a variant for unknown inputs (its canonical twin is the one to teach)
_VARIANT_OPS = ("is_absent",)


def _is_variant(rule: CompiledRule) -> bool:
    return any(c.op in _VARIANT_OPS or c.value == "unknown" for c in rule.rule.when)


def _failed(rule: CompiledRule, fact: dict[str, object], derived: set[str]) -> list[int]:
    return [i for i, test in enumerate(rule.tests) if not test(fact, derived)]


def _sentence(engine: Engine, rule: CompiledRule, failed: list[int], fact: dict[str, object]) -> str:
    status = engine.kb.words.title(rule.rule.status or NOT_OFFERED)
    conds = [rule.conditions[i] for i in failed]
    dated = [c for c in conds if c.kind == "date"]
    others = [c for c in conds if c.kind != "date"]
    # what the case is, for the fields tested: a field left out counts only where its absence matters
    read = [c.fact for c in others if fact.get(c.fact) is not None or c.op not in ("equals", "one_of")]
    if len(read) < len(others) and "setting" not in read:
        read.insert(0, "setting")
    if any(c.fact == "metastatic_line" for c in others):  # "already treated" says metastatic already
        others = [c for c in others if c.fact != "setting"]
    said = engine.kb.words
    parts = []
    if others:
        wanted = said.reasons["and"].join(dict.fromkeys(said.needs(c) for c in others))
        here = case_words(engine.rulebook, said, fact, read)
        parts.append(said.reason("needs", status=status, wanted=wanted, here=here))
    if dated:
        day = max(dt.date.fromisoformat(str(c.value)) for c in dated)  # the day the case would have to reach
        slots = {"day": day.isoformat(), "happened": happened(engine, rule, day), "as_of": str(fact["as_of"])}
        parts.append(said.reason("also_waits", **slots) if others else said.reason("waits", status=status, **slots))
    return " ".join(parts)


def happened(engine: Engine, rule: CompiledRule, day: dt.date) -> str:
    """What made the rule count from `day`, in words: the FDA approval it rests on, or the results first public
    that day among the studies its status rests on (or their later results), or the review reporting them; "" when
    none of these falls on that day (a test holds every rule of the knowledge base to having one)."""
    kb, said = engine.kb, engine.kb.words
    approved = [a for a in kb.approvals.values() if a.regimen == rule.rule.regimen and a.date.counts_from() == day]
    if rule.rule.approval is not None and kb.approvals[rule.rule.approval] in approved:
        return said.reason("approval")
    if approved:
        name = kb.regimens[approved[0].regimen].name
        return said.reason("other_approval", regimen=name, indication=approved[0].indication.rstrip("."))
    studies = [kb.studies[s] for s in rule.rule.dated_by or rule.rule.evidence]
    reviewed = [s.name for s in studies if study_public(kb, s.id) == day and not s.after_review]
    if reviewed and day == kb.info.review_published:
        return said.reason("review", studies=_names(said, reviewed))
    public = _results_on(kb, studies, day)
    if public:
        return said.reason("results", studies=_names(said, public))
    # a rule may count from a result it does not cite ("after MARIANNE, only the phase Ib/II evidence speaks")
    others = _results_on(kb, list(kb.studies.values()), day)
    return said.reason("other_results", studies=_names(said, others)) if others else ""


def _results_on(kb: KnowledgeBase, studies: list[Study], day: dt.date) -> list[str]:
    """The studies with a result first public on `day`: the study's own or a later one (its finding's date)."""
    return [
        s.name
        for s in studies
        if study_public(kb, s.id) == day
        or any(f.reported is not None and finding_public(kb, s, f) == day for f in s.findings)
    ]


def _names(said: ClinicalWords, names: list[str]) -> str:
    return names[0] if len(names) == 1 else said.reasons["list"].join(names[:-1]) + said.reasons["and"] + names[-1]


def reasons_for(engine: Engine, answer: Answer, regimen_id: str) -> list[str]:
    """Why this regimen is not offered at a higher status here: the nearest rule of each higher status in words.

    For a regimen not offered at all, every status its rules could give; for one offered, only the statuses above it.
    """
    if not answer.in_scope:
        return [answer.scope_note]
    fact: dict[str, object] = dict(answer.case.as_fact())
    fact_words: dict[str, object] = answer.case.model_dump()
    derived = set(answer.trace.derived_facts)
    offered = {r.regimen_id: r.status for r in answer.recommendations}
    current = offered.get(regimen_id)
    above = STATUSES[: STATUSES.index(current)] if current else STATUSES
    rules = engine.rulebook.by_regimen.get(regimen_id, ())
    out = failed_rules(engine, rules, above, (fact, derived, fact_words), nearest=True)
    if not out and current is None:
        out.append(engine.kb.words.reason("no_rule"))
    return out


def failed_rules(
    engine: Engine,
    rules: Iterable[CompiledRule],
    statuses: Iterable[str],
    case: tuple[dict[str, object], set[str], dict[str, object]],
    *,
    nearest: bool,
) -> list[str]:
    """Why the case fails the rules of each status in `statuses`, in words: with `nearest`, only the nearest of
    each status (a canonical one, in the case's own setting, failing the fewest tests), else every canonical one.
    `case`: its fact, its derived facts and its values as a page says them. A rule whose status belonged to an
    earlier date is left out (the timeline tells it)."""
    fact, derived, fact_words = case
    out: list[str] = []
    for status in statuses:
        candidates = []
        for rule in rules:
            if rule.rule.status != status:
                continue
            failed = _failed(rule, fact, derived)
            if not failed or any(rule.conditions[i].op == "before" for i in failed):
                continue
            other_setting = any(rule.conditions[i].fact == "setting" for i in failed)
            candidates.append((_is_variant(rule), other_setting, len(failed), rule, failed))
        if nearest and candidates:
            candidates = [min(candidates, key=lambda c: (c[0], c[1], c[2]))]
        kept = [(rule, failed) for variant, _, _, rule, failed in candidates if nearest or not variant]
        out += [_sentence(engine, rule, failed, fact_words) for rule, failed in kept]
    return out


def offered_because(engine: Engine, answer: Answer, regimen_id: str) -> str:
    """Why the regimen has its status here, in one plain sentence (the first of its rationale). A status that holds
    for a part of the regimen only says so as the answer's status label does ("FDA-approved only for trastuzumab
    alone after chemotherapy ...; trastuzumab continued with chemotherapy is not labelled"): a bare "FDA-approved:"
    before a sentence saying the combination is outside the label told the student two things at once."""
    rec = next(r for r in answer.recommendations if r.regimen_id == regimen_id)
    words = engine.kb.words
    if rec.labelled_part:
        return words.reason(
            "offered_part", status=words.title(rec.status), labelled=rec.labelled_part, unlabelled=rec.unlabelled_part
        )
    return words.reason("offered", status=words.title(rec.status), headline=headline(engine.rulebook, rec))


def not_offered(answer: Answer) -> list[str]:
    """The regimens the answer does not offer at all, in the vocabulary's order (their why-not is taught)."""
    offered = {r.regimen_id for r in answer.recommendations}
    return [w.regimen_id for w in answer.why_not if w.regimen_id not in offered]
