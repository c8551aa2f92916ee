"""Properties of generated valid cases (hypothesis): well-formed, scoped, dated, deterministic, one answer per path."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaged import parse_packaged

from engine import Answer, Engine
from engine.datecheck import late_dates
from engine.knowledge import PartialDate
from engine.rulebook import fire_in_python
from her2_cds.cli import main as cli_main

FIRST_APPROVAL = dt.date(1998, 9, 25)
# dates where the knowledge base changes its mind, each with the day before
KEY_DATES = [
    dt.date(y, m, d) + dt.timedelta(days=k)
    for (y, m, d) in [
        (1998, 9, 25),
        (2006, 11, 16),
        (2007, 3, 13),
        (2010, 1, 29),
        (2012, 6, 8),
        (2013, 2, 22),
        (2013, 9, 30),
        (2014, 7, 31),
        (2014, 8, 1),
        (2001, 3, 15),
        (2005, 12, 31),
        (2011, 12, 7),
        (2012, 1, 17),
        (2012, 6, 3),
        (2012, 6, 11),
        (2012, 11, 8),
        (2012, 12, 31),
        (2013, 5, 31),
        (2016, 11, 7),
        (2017, 7, 17),
        (2017, 12, 20),
        (2019, 5, 3),
        (2019, 12, 20),
        (2020, 4, 17),
        (2022, 5, 4),
        (2022, 8, 5),
        (2025, 1, 27),
        (2025, 12, 15),
        (2026, 5, 15),
    ]
    for k in (-1, 0)
]

dates = st.one_of(st.sampled_from(KEY_DATES), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date.today()))
# tumor_size_cm is valid from 0.01 cm (engine/case.py); smaller values would reach durable-rules as 1e-05, which
# it cannot parse (see test_engine_session.py::test_a_tiny_tumor_size_is_answered_or_refused)
sizes = st.one_of(
    st.sampled_from([0.01, 0.1, 1.0, 2.0, 2.1, 5.0, 30.0]),
    st.floats(min_value=0.01, max_value=30, allow_nan=False, allow_infinity=False),
)
months = st.one_of(st.sampled_from([0, 3, 6, 7, 9, 12, 13, 24]), st.integers(min_value=0, max_value=1200))


@st.composite
def valid_cases(
    draw: st.DrawFn, her2: st.SearchStrategy[str] | None = None, as_of: st.SearchStrategy[dt.date] = dates
) -> dict[str, Any]:
    """A valid case as raw JSON-able data, optional fields sometimes left out (not known)."""
    setting = draw(st.sampled_from(["metastatic", "neoadjuvant", "adjuvant", "extended_adjuvant"]))
    case: dict[str, Any] = {
        "setting": setting,
        "hormone_receptor_status": draw(st.sampled_from(["positive", "negative", "unknown"])),
    }
    her2_status = draw(
        her2
        if her2 is not None
        else st.sampled_from(["positive", "positive", "low", "ultralow", "negative", "equivocal", "unknown"])
    )
    case["her2_status"] = her2_status
    if setting == "metastatic":
        line = draw(st.sampled_from(["first", "pretreated"]))
        case["metastatic_line"] = line
        count = draw(st.one_of(st.none(), st.just(0) if line == "first" else st.integers(min_value=0, max_value=10)))
        if count is not None:
            case["prior_metastatic_her2_regimens"] = count
        for name in ("prior_metastatic_chemotherapy", "prior_metastatic_endocrine_therapy", "brain_metastases"):
            # first line and prior treatment for metastatic disease contradict each other (refused, not valid)
            treated = line == "first" and name != "brain_metastases"
            flag = draw(st.sampled_from([False, None] if treated else [True, False, None]))
            if flag is not None:
                case[name] = flag
    elif setting != "extended_adjuvant" or draw(st.booleans()):
        case["tumor_size_cm"] = draw(sizes)
        case["node_status"] = draw(st.sampled_from(["positive", "negative", "unknown"]))
    if setting == "adjuvant" and draw(st.booleans()):
        case["neoadjuvant_response"] = draw(st.sampled_from(["none", "complete", "residual", "unknown"]))
    # extended adjuvant therapy, or a response to neoadjuvant therapy, says trastuzumab was given (else refused)
    after_trastuzumab = setting == "extended_adjuvant" or case.get("neoadjuvant_response") in ("complete", "residual")
    prior = True if after_trastuzumab else draw(st.sampled_from([True, False, None]))
    if prior is not None:
        case["prior_trastuzumab"] = prior
    if prior and draw(st.booleans()):
        case["months_since_trastuzumab"] = draw(months)
    meno = draw(st.sampled_from(["premenopausal", "postmenopausal", "unknown", None]))
    if meno is not None:
        case["menopausal_status"] = meno
    day = draw(st.one_of(st.none(), as_of))
    if day is not None:
        case["as_of"] = day.isoformat()
    return case


PROPERTY = settings(max_examples=300, deadline=None)
SLOW_PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def api(app: Flask) -> FlaskClient:
    """The session's web app's test client (module-scoped, so hypothesis may reuse it)."""
    return app.test_client()


@given(case=valid_cases())
@PROPERTY
def test_every_valid_case_gets_a_well_formed_answer(engine: Engine, case: dict[str, Any]) -> None:
    """The answer round-trips through JSON, echoes the case, covers every regimen once and carries the kb stamp."""
    answer = engine.evaluate(case)
    text = answer.model_dump_json()
    assert Answer.model_validate_json(text) == answer
    assert json.loads(text) == answer.model_dump(mode="json")
    assert answer.case == engine.parse(case)
    assert answer.knowledge_base.sha256 == engine.kb.sha256
    assert answer.disclaimer.startswith("Educational use only")
    placed = [r.regimen_id for r in answer.recommendations]
    assert len(placed) == len(set(placed))
    offered = {r.regimen_id for r in answer.recommendations if r.status in ("approved", "supported")}
    explained = {w.regimen_id for w in answer.why_not}
    assert offered.isdisjoint(explained)
    assert offered | explained == set(engine.kb.regimens)
    assert all(w.reasons for w in answer.why_not)
    assert all(r.rules and r.evidence for r in answer.recommendations)
    assert [f.rule for f in answer.trace.fired] == list(dict.fromkeys(f.rule for f in answer.trace.fired))


@given(case=valid_cases(her2=st.sampled_from(["negative", "equivocal"])))
@PROPERTY
def test_no_her2_negative_or_equivocal_case_gets_an_approved_or_supported_regimen(
    engine: Engine, case: dict[str, Any]
) -> None:
    """HER2-negative and equivocal cases are out of scope: nothing approved or supported, and a scope note."""
    answer = engine.evaluate(case)
    assert not answer.in_scope
    assert answer.scope_note
    assert [r.regimen_id for r in answer.recommendations if r.status in ("approved", "supported")] == []


@given(case=valid_cases(as_of=st.dates(min_value=dt.date(1990, 1, 1), max_value=FIRST_APPROVAL - dt.timedelta(days=1))))
@PROPERTY
def test_nothing_is_approved_before_the_first_approval(engine: Engine, case: dict[str, Any]) -> None:
    """Before 1998-09-25 (trastuzumab's first approval) no regimen is approved, whatever the case."""
    case["as_of"] = case.get("as_of", "1998-09-24")
    answer = engine.evaluate(case)
    assert [r.regimen_id for r in answer.recommendations if r.status == "approved"] == []


@given(case=valid_cases())
@PROPERTY
def test_an_approval_is_never_cited_before_its_date(engine: Engine, case: dict[str, Any]) -> None:
    """Every approved regimen names an approval whose date is on or before the case's as_of."""
    answer = engine.evaluate(case)
    for rec in answer.recommendations:
        assert (rec.status == "approved") == (rec.approval is not None)
        if rec.approval is not None:
            assert PartialDate(rec.approval.date).counts_from() <= answer.case.as_of
            assert PartialDate(rec.approval.date).counts_from() >= FIRST_APPROVAL


@given(case=valid_cases())
@PROPERTY
def test_no_answer_shows_a_date_after_its_as_of(engine: Engine, case: dict[str, Any]) -> None:
    """Off the kb check grid too: every approval, study, finding date and year in the texts is on or before as_of."""
    assert late_dates(engine.evaluate(case)) == []


@given(case=valid_cases())
@PROPERTY
def test_answers_are_deterministic(engine: Engine, case: dict[str, Any]) -> None:
    """The same case gives the same JSON twice, as a dict and as a Case."""
    first = engine.evaluate(case).model_dump_json()
    assert engine.evaluate(case).model_dump_json() == first
    assert engine.evaluate(parse_packaged(case)).model_dump_json() == first


@given(case=valid_cases())
@PROPERTY
def test_engine_places_exactly_the_regimens_plain_python_fires(engine: Engine, case: dict[str, Any]) -> None:
    """Off the threshold grid too, the answer's regimens and notes are those of fire_in_python's rules."""
    answer = engine.evaluate(case)
    fired, derived = fire_in_python(engine.rulebook, engine.parse(case).as_fact())
    rules = {r.id: r.rule for r in engine.rulebook.rules}
    assert {r.regimen_id for r in answer.recommendations} == {rules[i].regimen for i in fired if rules[i].regimen}
    assert {n.rule for n in answer.notes if n.rule != "engine.cutoff"} == {i for i in fired if rules[i].note}
    assert set(answer.trace.derived_facts) == derived


def run_cli(case: dict[str, Any]) -> tuple[int, str]:
    stdin, out = sys.stdin, io.StringIO()
    sys.stdin = io.StringIO(json.dumps(case))
    try:
        with contextlib.redirect_stdout(out):
            code = cli_main(["evaluate", "-"])
    finally:
        sys.stdin = stdin
    return code, out.getvalue()


@given(case=valid_cases())
@SLOW_PROPERTY
def test_cli_gives_the_engines_answer(engine: Engine, case: dict[str, Any]) -> None:
    """`her2-cds evaluate -` (her2_cds.cli.main, stdin and stdout captured) prints the engine's answer as JSON."""
    code, out = run_cli(case)
    assert code == 0
    assert json.loads(out) == engine.evaluate(case).model_dump(mode="json")


@given(case=valid_cases())
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cli_subprocess_gives_the_engines_answer(engine: Engine, case: dict[str, Any]) -> None:
    """The installed `her2-cds evaluate -` command, run as a process, prints the engine's answer."""
    command = Path(sys.executable).with_name("her2-cds")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "her2_cds.cli"]
    out = subprocess.run(
        [*argv, "evaluate", "-"], input=json.dumps(case), capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(out.stdout) == engine.evaluate(case).model_dump(mode="json")


@given(case=valid_cases())
@PROPERTY
def test_api_gives_the_engines_answer(engine: Engine, api: FlaskClient, case: dict[str, Any]) -> None:
    """POST /api/v1/recommendations returns 200 and exactly the engine's answer as JSON."""
    response = api.post("/api/v1/recommendations", json=case)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json() == engine.evaluate(case).model_dump(mode="json")
