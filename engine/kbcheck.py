"""`her2-cds kb check`: evaluate a case space covering both sides of every threshold and prove consistency."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from her2_cds.engine.case import parse_case
from her2_cds.engine.datecheck import citation_problems, late_dates
from her2_cds.engine.evaluate import Engine
from her2_cds.engine.rulebook import fire_in_python, predicate
from her2_cds.engine.vocabulary import REGIMEN_IDS

MONTHS = (3, 9, 24)  # as the issue asks: none, 3, 9, 24, plus both sides of each rule threshold
SIZES = (1.0, 2.0, 2.1, 5.0)


@dataclass
class CheckReport:
    cases: int = 0
    problems: list[str] = field(default_factory=list)
    fired_rules: set[str] = field(default_factory=set)

    def fail(self, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(message)


def _thresholds(engine: Engine, name: str) -> set[Any]:
    """The values rules (and the conditions of their cautions) compare a field with."""
    conds = [c for r in engine.rulebook.rules for c in r.conditions]
    conds += [w for r in engine.rulebook.rules for c in r.rule.cautions for w in c.when]
    return {c.value for c in conds if c.fact == name and c.value is not None}


def check_dates(engine: Engine) -> list[dt.date]:
    """One day before and on every date a rule or approval turns on or off, and around the cut-off."""
    days = {dt.date.fromisoformat(str(v)) for v in _thresholds(engine, "as_of")}
    days |= {a.date.counts_from() for a in engine.kb.approvals.values()}
    days.add(engine.kb.info.evidence_cutoff + dt.timedelta(days=1))
    around = {d + dt.timedelta(days=k) for d in days for k in (-1, 0)}
    return sorted(d for d in around if d <= dt.date.today())


def case_space(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every combination that matters: settings and lines, statuses, trastuzumab history, sizes, dates."""
    months_cut = {int(v) for v in _thresholds(engine, "months_since_trastuzumab")}
    months = sorted({*MONTHS, *months_cut, *(m + 1 for m in months_cut)})
    cuts = {float(v) for v in _thresholds(engine, "tumor_size_cm")}
    sizes = sorted({*SIZES, *cuts, *(round(c + 0.1, 1) for c in cuts)})
    histories = [(False, None), (True, None), *((True, m) for m in months)]
    places: list[dict[str, Any]] = [
        {"setting": "metastatic", "metastatic_line": "first"},
        {"setting": "metastatic", "metastatic_line": "pretreated"},
        *(
            {"setting": s, "tumor_size_cm": t, "node_status": n}
            for s in ("neoadjuvant", "adjuvant")
            for t in sizes
            for n in ("positive", "negative", "unknown")
        ),
    ]
    for place, her2, hr, (prior, month), meno, day in itertools.product(
        places,
        ("positive", "negative", "equivocal"),
        ("positive", "negative", "unknown"),
        histories,
        ("premenopausal", "postmenopausal", "unknown"),
        check_dates(engine),
    ):
        case = {
            **place,
            "her2_status": her2,
            "hormone_receptor_status": hr,
            "prior_trastuzumab": prior,
            "menopausal_status": meno,
            "as_of": day.isoformat(),
        }
        if month is not None:
            case["months_since_trastuzumab"] = month
        yield case
    yield from _label_risk_space(engine, sizes)


def _label_risk_space(engine: Engine, sizes: list[float]) -> Iterator[dict[str, Any]]:
    """Node-negative adjuvant cases with every side of the grade and age thresholds (the trastuzumab
    label's high-risk features); other fields, which no adjuvant rule reads, at one value each."""
    grades = [
        None,
        *sorted({g for c in _thresholds(engine, "tumor_grade") for g in (int(c), int(c) + 1) if 1 <= g <= 3}),
    ]
    ages = [None, *sorted({a for c in _thresholds(engine, "age_years") for a in (int(c) - 1, int(c))})]
    for size, her2, hr, grade, age, day in itertools.product(
        sizes, ("positive", "negative"), ("positive", "negative", "unknown"), grades, ages, check_dates(engine)
    ):
        if grade is None and age is None:
            continue  # in the main space already
        case = {
            "setting": "adjuvant",
            "tumor_size_cm": size,
            "node_status": "negative",
            "her2_status": her2,
            "hormone_receptor_status": hr,
            "as_of": day.isoformat(),
        }
        case.update({k: v for k, v in (("tumor_grade", grade), ("age_years", age)) if v is not None})
        yield case


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


def run_check(engine: Engine) -> CheckReport:
    """Evaluate the whole case space in durable-rules, compare with plain Python, check the invariants."""
    report = CheckReport()
    _check_usage(engine, report)
    for problem in citation_problems(engine.rulebook):
        report.fail(problem)
    rules = {r.id: r.rule for r in engine.rulebook.rules}
    dated: set[tuple[object, ...]] = set()
    caution_tests = {r.id: [predicate(w) for c in r.rule.cautions for w in c.when] for r in engine.rulebook.rules}
    for raw in case_space(engine):
        case = parse_case(raw)
        fact = case.as_fact()
        firing = engine.runner.run(fact)
        report.cases += 1
        expected, _ = fire_in_python(engine.rulebook, fact)
        if sorted(firing.fired) != sorted(expected):
            report.fail(f"durable-rules and the plain predicates disagree on {raw}: {firing.fired} vs {expected}")
        report.fired_rules.update(firing.fired)
        # what an answer shows depends on the rules that fired, the date and which cautions' conditions hold
        fired = tuple(sorted(firing.fired))
        key = (fired, case.as_of, *(test(fact, set(firing.derived)) for r in fired for test in caution_tests[r]))
        if key not in dated:
            dated.add(key)
            for late in late_dates(engine.evaluate(case)):
                report.fail(f"an answer as of {case.as_of} shows a later date: {late}; case {raw}")
        statuses: dict[str, set[str]] = {}
        for rule_id in firing.fired:
            rule = rules[rule_id]
            if rule.regimen and rule.status:
                statuses.setdefault(rule.regimen, set()).add(rule.status)
        for regimen, found in statuses.items():
            if len(found) > 1:
                report.fail(f"{regimen} gets two statuses {sorted(found)} for {raw}")
            if raw["her2_status"] != "positive" and found & {"approved", "supported"}:
                report.fail(f"HER2-{raw['her2_status']} case gets {regimen} {sorted(found)}: {raw}")
    for rule_id in sorted(set(rules) - report.fired_rules):
        report.fail(f"rule {rule_id} fires for no case in the space (dead rule)")
    return report
