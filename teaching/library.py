"""The teaching-case library: each case of `rules/cases/` run as a scenario, walked through step by step.

Everything here is computed by the engine from the knowledge base: a walkthrough is the engine's
answer for the case, reordered for a student (features, derived facts, rules fired, options,
evidence), and a case's check compares that answer with what the case file says it should be.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.answer import Answer, Evidence, Note, Recommendation
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.knowledge import Condition, Rule, TeachingCase
from engine.printed import describe
from engine.vocabulary import NOT_OFFERED, STATUSES


class Feature(Frozen):
    name: str
    value: str
    given: bool  # False when the engine used the field's default


class DerivedStep(Frozen):
    fact: str
    meaning: str
    rules: list[str]
    because: list[str]  # each deriving rule's conditions, in words


class FiredStep(Frozen):
    rule: str
    kind: str  # derivation, regimen or note
    outcome: str
    because: list[str]
    rationale: str
    source: str
    plain: str  # what the rule concluded and why, in clinical words


class Walkthrough(Frozen):
    case_id: str | None
    features: list[Feature]
    derived: list[DerivedStep]
    fired: list[FiredStep]
    options: list[Recommendation]
    notes: list[Note]
    evidence: list[Evidence]
    answer: Answer


class CaseCheck(Frozen):
    case_id: str
    passed: bool
    problems: list[str]
    fired: list[str]


class Coverage(Frozen):
    total: int
    exercised: dict[str, list[str]]  # rule id -> the library cases that fire it
    unexercised: list[str]

    @property
    def fraction(self) -> float:
        return (self.total - len(self.unexercised)) / self.total if self.total else 1.0

    def report(self) -> str:
        lines = [f"rule coverage: {self.total - len(self.unexercised)}/{self.total} rules exercised by the library"]
        lines += [f"  {rule}: {', '.join(cases)}" for rule, cases in self.exercised.items()]
        lines += [f"  NOT EXERCISED {rule}" for rule in self.unexercised]
        return "\n".join(lines)


def _plain(engine: Engine, rule: Rule, conditions: tuple[Condition, ...]) -> str:
    """A fired rule in words: "Pertuzumab + ...: FDA-approved, for HER2-positive disease and ... (all true here)"."""
    words = engine.kb.words
    held = words.lesson("and").join(dict.fromkeys(words.needs(c) for c in conditions))
    if rule.regimen is not None:
        name, status = engine.kb.regimens[rule.regimen].name, words.title(rule.status or NOT_OFFERED)
        return words.lesson("regimen", name=name, status=status, held=held)
    if rule.derive is not None:
        meaning = words.derived[rule.derive].meaning
        return words.lesson("derived", meaning=f"{meaning[:1].upper()}{meaning[1:]}", held=held)
    return words.lesson("note", held=held, note=rule.note or "")


def _kind(engine: Engine, rule_id: str) -> str:
    rule = engine.rulebook.by_id(rule_id).rule
    return "derivation" if rule.derive else "regimen" if rule.regimen else "note"


def walkthrough(engine: Engine, case: dict[str, object], case_id: str | None = None) -> Walkthrough:
    """The engine's answer for a case as the five steps a student follows."""
    answer = engine.evaluate(case)
    given = set(case)
    features = [
        Feature(name=name, value=_text(value), given=name in given)
        for name, value in answer.case.model_dump().items()
        if value is not None
    ]
    fired: list[FiredStep] = []
    for step in answer.trace.fired:
        compiled = engine.rulebook.by_id(step.rule)
        rule = compiled.rule
        fired.append(
            FiredStep(
                rule=step.rule,
                kind=_kind(engine, step.rule),
                outcome=step.outcome,
                because=[describe(c) for c in compiled.conditions],
                rationale=rule.rationale,
                source=rule.source,
                plain=_plain(engine, rule, compiled.conditions),
            )
        )
    derived = [
        DerivedStep(
            fact=fact,
            meaning=engine.kb.words.derived[fact].meaning,
            rules=[s.rule for s in fired if s.kind == "derivation" and s.outcome == f"derived {fact}"],
            because=["; ".join(s.because) for s in fired if s.kind == "derivation" and s.outcome == f"derived {fact}"],
        )
        for fact in answer.trace.derived_facts
    ]
    seen: dict[str, Evidence] = {}
    for rec in answer.recommendations:
        for ev in rec.evidence:
            seen.setdefault(ev.study_id, ev)
    return Walkthrough(
        case_id=case_id,
        features=features,
        derived=derived,
        fired=fired,
        options=answer.recommendations,
        notes=answer.notes,
        evidence=list(seen.values()),
        answer=answer,
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def check_case(engine: Engine, case: TeachingCase) -> CaseCheck:
    """Evaluate a library case and compare it with its stated expectations."""
    answer = engine.evaluate(case.case)
    got = {r.regimen_id: r.status for r in answer.recommendations}
    fired = [f.rule for f in answer.trace.fired]
    problems: list[str] = []
    for regimen, status in case.expect.items():
        if got.get(regimen) != status:
            problems.append(f"{regimen}: expected {status}, engine gives {got.get(regimen, 'not offered')}")
    for regimen in case.expect_absent:
        if regimen in got:
            problems.append(f"{regimen}: expected absent, engine gives {got[regimen]}")
    for regimen in set(case.expect) & set(case.expect_absent):
        problems.append(f"{regimen}: both expected and expected absent")
    for rule_id in case.rules_exercised:
        if rule_id not in fired:
            problems.append(f"rule {rule_id}: named in rules_exercised but did not fire")
    for status in case.expect.values():
        if status not in STATUSES:  # pragma: no cover - the model's Literal already refuses it
            problems.append(f"unknown status {status}")
    return CaseCheck(case_id=case.id, passed=not problems, problems=problems, fired=fired)


def coverage(engine: Engine, cases: Iterable[TeachingCase]) -> Coverage:
    """Which rules of the rulebook the given cases fire, and which none does."""
    exercised: dict[str, list[str]] = {r.id: [] for r in engine.rulebook.rules}
    for case in cases:
        for step in engine.evaluate(case.case).trace.fired:
            exercised.setdefault(step.rule, []).append(case.id)
    return Coverage(
        total=len(engine.rulebook.rules),
        exercised={rule: ids for rule, ids in exercised.items() if ids},
        unexercised=[rule for rule, ids in exercised.items() if not ids],
    )


def setting_label(case: TeachingCase) -> str:
    """A short label of a case's setting for lists: "metastatic, first line", "neoadjuvant"."""
    setting = str(case.case.get("setting", ""))
    line = case.case.get("metastatic_line")
    when = case.case.get("as_of")
    label = f"{setting}, {'first line' if line == 'first' else 'pretreated'}" if line else setting
    return f"{label} (as of {when})" if when else label
