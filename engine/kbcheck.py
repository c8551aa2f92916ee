"""`her2-cds kb check`: evaluate a case space covering both sides of every threshold and prove consistency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.case import Case
from engine.casespace import case_space as _space
from engine.casespace import combos
from engine.datecheck import citation_problems, late_dates
from engine.evaluate import Engine
from engine.knowledge import Rule
from engine.progress import Statement, stale_statements, statements
from engine.semantics import predicate
from engine.session import EngineError
from engine.sweep import DaySweep


@dataclass
class CheckReport:
    cases: int = 0
    durable_cases: int = 0  # of the sweep's cases, also run in durable-rules
    answers: int = 0  # distinct answers built (by durable-rules), each checked too
    problems: list[str] = field(default_factory=list)
    fired_rules: set[str] = field(default_factory=set)

    def fail(self, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(message)


def case_space(engine: Engine) -> Iterator[dict[str, Any]]:
    """The threshold case space (engine/casespace.py), pruned by the equivalence classes the rules define."""
    return _space(engine.rulebook)


def _check_usage(engine: Engine, report: CheckReport) -> None:
    kb = engine.kb
    used = {s for r in kb.rules for s in r.evidence} | {s for r in kb.rules for c in r.cautions for s in c.studies}
    used |= {s for a in kb.approvals.values() for s in a.basis}
    for study in sorted(set(kb.studies) - used):
        report.fail(f"study {study} is never used by a rule or an approval")
    placed = {r.regimen for r in kb.rules if r.regimen}
    for regimen in sorted(set(kb.regimen_ids) - placed):
        report.fail(f"regimen {regimen} is never placed by a rule")
    for rule in kb.rules:
        for study in rule.evidence:
            if study not in kb.studies:
                report.fail(f"rule {rule.id} cites missing study {study}")


# The plain predicates run every case; durable-rules (about 20 times slower: on all 190,000 cases it would
# not fit the minute `kb check` has on 2 cores) runs a stated sample, compared with them: every combination
# of fields once, on a day that moves along the dates from one combination to the next, and one case of
# each distinct answer (the answers are built by durable-rules).


def run_check(engine: Engine) -> CheckReport:
    """Sweep the whole case space with the plain predicates, durable-rules on each combination of fields
    once and on one case of each distinct answer (compared with them), and check the invariants."""
    report = CheckReport()
    _check_usage(engine, report)
    for problem in citation_problems(engine.rulebook):
        report.fail(problem)
    rules = {r.id: r.rule for r in engine.rulebook.rules}
    sweep = DaySweep(engine.rulebook)
    dated: set[tuple[object, ...]] = set()
    checked: set[tuple[object, ...]] = set()
    caution_tests = {r.id: [predicate(w) for c in r.rule.cautions for w in c.when] for r in engine.rulebook.rules}
    known = statements(engine.kb)
    for index, (base, case, days) in enumerate(combos(engine.rulebook)):
        fact = case.as_fact()
        fires = sweep.fire(fact, [d.toordinal() for d in days])
        for at, (day, (fired, derived)) in enumerate(zip(days, fires, strict=True)):
            fact["as_of"] = day.toordinal()
            if at == index % len(days):
                report.durable_cases += 1
                _compare(report, base, day, engine.runner.run(dict(fact)).fired, fired)
            report.cases += 1
            report.fired_rules.update(fired)
            # what an answer shows depends on the rules that fired, the date and which cautions' conditions hold
            ordered = tuple(sorted(fired))
            key = (ordered, day, *(test(fact, derived) for r in ordered for test in caution_tests[r]))
            if key not in dated:
                dated.add(key)
                report.answers += 1
                _check_answer(engine, report, base, case.model_copy(update={"as_of": day}), fired, known)
            if (ordered, case.her2_status) not in checked:  # the statuses follow from these two alone
                checked.add((ordered, case.her2_status))
                _check_statuses(report, [rules[r] for r in ordered], _raw(base, day))
    for rule_id in sorted(set(rules) - report.fired_rules):
        report.fail(f"rule {rule_id} fires for no case in the space (dead rule)")
    return report


def _check_answer(
    engine: Engine, report: CheckReport, base: dict[str, Any], case: Case, fired: Sequence[str], known: list[Statement]
) -> None:
    """The answer durable-rules builds: the same rules as the plain predicates, no date after its as_of, and no
    statement of work in progress after the day its result was public (or, if none ended it, undated)."""
    try:
        answer = engine.evaluate_uncached(case)
    except EngineError as exc:  # e.g. two statuses for one regimen, which the status check names too
        report.fail(f"no answer for {_raw(base, case.as_of)}: {exc}")
        return
    _compare(report, base, case.as_of, [f.rule for f in answer.trace.fired], fired)
    for late in late_dates(answer):
        report.fail(f"an answer as of {case.as_of} shows a later date: {late}; case {_raw(base, case.as_of)}")
    for stale in stale_statements(answer, known, engine.kb.words.progress.says["as_of"]):
        report.fail(f"an answer as of {case.as_of}: {stale}; case {_raw(base, case.as_of)}")


def _raw(base: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The case as the space writes it (setting, HER2 status, date, then the other fields)."""
    return {"setting": base["setting"], "her2_status": base["her2_status"], "as_of": day.isoformat(), **base}


def _compare(report: CheckReport, base: dict[str, Any], day: dt.date, durable: list[str], fired: Sequence[str]) -> None:
    if sorted(durable) != sorted(fired):
        report.fail(f"durable-rules and the plain predicates disagree on {_raw(base, day)}: {durable} vs {fired}")


def _check_statuses(report: CheckReport, fired: list[Rule], raw: dict[str, Any]) -> None:
    """No regimen gets two statuses, and none is approved or supported outside its HER2 categories."""
    statuses: dict[str, set[str]] = {}
    for rule in fired:
        if rule.regimen and rule.status:
            statuses.setdefault(rule.regimen, set()).add(rule.status)
    for regimen, found in statuses.items():
        if len(found) > 1:
            report.fail(f"{regimen} gets two statuses {sorted(found)} for {raw}")
    her2 = raw["her2_status"]
    for rule in fired:
        if rule.regimen and rule.status in ("approved", "supported") and her2 not in rule.her2_statuses:
            report.fail(f"HER2-{her2} case gets {rule.regimen} {rule.status} from {rule.id}: {raw}")
