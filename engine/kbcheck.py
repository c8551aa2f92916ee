"""`her2-cds kb check`: evaluate a case space covering both sides of every threshold and prove consistency."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from her2_cds.engine.casespace import case_space as _space
from her2_cds.engine.casespace import parsed_space
from her2_cds.engine.datecheck import citation_problems, late_dates
from her2_cds.engine.evaluate import Engine
from her2_cds.engine.rulebook import fire_in_python, predicate
from her2_cds.engine.vocabulary import REGIMEN_IDS


@dataclass
class CheckReport:
    cases: int = 0
    durable_cases: int = 0
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
    for regimen in sorted(set(REGIMEN_IDS) - placed):
        report.fail(f"regimen {regimen} is never placed by a rule")
    for rule in kb.rules:
        for study in rule.evidence:
            if study not in kb.studies:
                report.fail(f"rule {rule.id} cites missing study {study}")


# durable-rules runs every DURABLE_EVERY-th case of the sweep (the plain predicates run all of them):
# about 8 times faster than durable-rules, they make the exhaustive sweep fit in a minute on 2 cores.
# The test suite still runs durable-rules over the whole space (tests/test_engine_session.py).
DURABLE_EVERY = 8


def run_check(engine: Engine, durable_every: int = DURABLE_EVERY) -> CheckReport:
    """Sweep the whole case space with the plain predicates, durable-rules on every `durable_every`-th
    case (compared with them), and check the invariants on every case."""
    report = CheckReport()
    _check_usage(engine, report)
    for problem in citation_problems(engine.rulebook):
        report.fail(problem)
    rules = {r.id: r.rule for r in engine.rulebook.rules}
    dated: set[tuple[object, ...]] = set()
    caution_tests = {r.id: [predicate(w) for c in r.rule.cautions for w in c.when] for r in engine.rulebook.rules}
    for index, (raw, case) in enumerate(parsed_space(engine.rulebook)):
        fact = case.as_fact()
        fired, derived = fire_in_python(engine.rulebook, fact)
        report.cases += 1
        if index % durable_every == 0:
            report.durable_cases += 1
            durable = engine.runner.run(fact).fired
            if sorted(durable) != sorted(fired):
                report.fail(f"durable-rules and the plain predicates disagree on {raw}: {durable} vs {fired}")
        report.fired_rules.update(fired)
        # what an answer shows depends on the rules that fired, the date and which cautions' conditions hold
        ordered = tuple(sorted(fired))
        key = (ordered, case.as_of, *(test(fact, derived) for r in ordered for test in caution_tests[r]))
        if key not in dated:
            dated.add(key)
            for late in late_dates(engine.evaluate(case)):
                report.fail(f"an answer as of {case.as_of} shows a later date: {late}; case {raw}")
        statuses: dict[str, set[str]] = {}
        for rule_id in fired:
            rule = rules[rule_id]
            if rule.regimen and rule.status:
                statuses.setdefault(rule.regimen, set()).add(rule.status)
        for regimen, found in statuses.items():
            if len(found) > 1:
                report.fail(f"{regimen} gets two statuses {sorted(found)} for {raw}")
        her2 = raw["her2_status"]
        for rule_id in fired:
            rule = rules[rule_id]
            if rule.regimen and rule.status in ("approved", "supported") and her2 not in rule.her2_statuses:
                report.fail(f"HER2-{her2} case gets {rule.regimen} {rule.status} from {rule_id}: {raw}")
    for rule_id in sorted(set(rules) - report.fired_rules):
        report.fail(f"rule {rule_id} fires for no case in the space (dead rule)")
    return report
