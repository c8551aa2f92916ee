"""The knowledge base after the review: every later result cites its publication and is verified, and
every date a rule tests is a date the knowledge base itself records."""

from __future__ import annotations

import datetime as dt

from engine import Engine
from engine.loader import KnowledgeBase
from engine.rulebook import known_from


def _post_review_findings(kb: KnowledgeBase) -> list[tuple[str, object]]:
    return [(s.id, f) for s in kb.studies.values() for f in s.findings if f.after_review]


def test_every_finding_after_the_review_names_its_publication_and_is_verified(engine: Engine) -> None:
    """Walk the knowledge base: a post-2014 finding without a publication, a date or verified = true fails."""
    findings = _post_review_findings(engine.kb)
    assert len(findings) > 40
    bad = [
        f"{sid}: {f.endpoint}"  # type: ignore[attr-defined]
        for sid, f in findings
        if not (f.verified and f.publication and f.reported and f.reported_source)  # type: ignore[attr-defined]
    ]
    assert bad == []


def test_every_study_after_the_review_is_dated_after_it(engine: Engine) -> None:
    """A study first reported after the review counts from its own date, never from the review's."""
    kb = engine.kb
    late = [s for s in kb.studies.values() if s.after_review]
    assert len(late) >= 14
    assert all(known_from(s.id, kb) > kb.info.review_published for s in late)


def test_a_finding_after_the_review_is_not_shown_before_its_day(engine: Engine) -> None:
    """MARIANNE's result (public 2016-11-07) is absent from a 2016-11-06 answer and present on the day."""
    case = {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": False,
    }

    def marianne_endpoints(day: str) -> list[str]:
        answer = engine.evaluate({**case, "as_of": day})
        rec = next(r for r in answer.recommendations if r.regimen_id == "trastuzumab_emtansine")
        return [f.endpoint for e in rec.evidence if e.study_id == "marianne" for f in e.findings]

    assert "Progression-free survival (primary)" not in marianne_endpoints("2016-11-06")
    assert "Progression-free survival (primary)" in marianne_endpoints("2016-11-07")


def test_every_date_a_rule_tests_is_a_date_the_knowledge_base_records(engine: Engine) -> None:
    """A rule's as_of date equals an approval day, a study's or a finding's first public day, or the review's."""
    kb = engine.kb
    known = {a.date.counts_from() for a in kb.approvals.values()} | {kb.info.review_published}
    known |= {known_from(s, kb) for s in kb.studies}
    known |= {f.reported.counts_from() for s in kb.studies.values() for f in s.findings if f.reported}
    tested = {
        dt.date.fromisoformat(str(c.value))
        for r in kb.rules
        for c in [*r.when, *(w for k in r.cautions for w in k.when)]
        if c.fact == "as_of"
    }
    assert sorted(tested - known) == []
