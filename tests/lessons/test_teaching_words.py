"""Teaching words: conditions, why-not, sources and headline numbers as a clinician reads them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rules_copy import loaded
from web_cases import SECOND_LINE

from engine import Engine
from engine.knowledge import Condition
from teaching.reasons import happened, reasons_for
from web.verdict import case_summary, key_trial, verdict_rows

NEOADJUVANT = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "tumor_size_cm": 3.0,
    "node_status": "positive",
}
INTERNAL = re.compile(r"tables\.md|notes\.md|trials\.json|references\.json|Domain approval table|sources/")


def test_a_size_condition_reads_as_the_clinical_threshold(engine: Engine) -> None:
    """A rule's tumor-size test reads "a tumor larger than 2 cm", not the field name and operator."""
    assert engine.kb.words.needs(Condition(fact="tumor_size_cm", op="above", value=2.0)) == "a tumor larger than 2 cm"


def test_why_not_for_a_2_cm_node_negative_case_names_the_label_line(engine: Engine) -> None:
    """Neoadjuvant pertuzumab's why-not states the > 2 cm or node-positive line and this case's values in words."""
    case = {
        "setting": "neoadjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "negative",
        "tumor_size_cm": 2.0,
        "node_status": "negative",
    }
    reasons = reasons_for(engine, engine.evaluate(case), "pertuzumab_trastuzumab_chemotherapy")
    assert reasons[0] == (
        "FDA-approved only for treatment before surgery of a tumor larger than 2 cm or with positive lymph nodes;"
        " this case: before surgery, tumor 2 cm, node-negative."
    )


def test_a_status_not_yet_reached_says_what_happened_on_its_day(engine: Engine) -> None:
    """Before surgery as of 2013-01-01: lapatinib in place of trastuzumab becomes not recommended on the day CALGB
    40601's results were public (the result the status rests on), and neoadjuvant pertuzumab FDA-approved on the
    day of its approval; each day as the page writes dates, then the case's own date."""
    answer = engine.evaluate({**NEOADJUVANT, "as_of": "2013-01-01"})
    assert reasons_for(engine, answer, "lapatinib_chemotherapy") == [
        "Not recommended only from 2013-06-04, the day the results of CALGB 40601 were first public, which this"
        " status rests on; this case is dated 2013-01-01."
    ]
    assert reasons_for(engine, answer, "pertuzumab_trastuzumab_chemotherapy") == [
        "FDA-approved only from 2013-09-30, the day of its FDA approval; this case is dated 2013-01-01."
    ]
    small = {**NEOADJUVANT, "setting": "adjuvant", "node_status": "negative", "tumor_size_cm": 0.4}
    small["as_of"] = "2015-01-01"
    reasons = reasons_for(engine, engine.evaluate(small), "pertuzumab_trastuzumab_chemotherapy")
    assert any("from 2017-07-13, the day the results of APHINITY were first public" in r for r in reasons), reasons


def test_the_day_a_status_waits_for_is_said_in_the_knowledge_bases_words(tmp_path: Path) -> None:
    """The sentences are rules/case-words.toml's ([reasons]): reworded in a copy, that engine's reasons say them."""
    other = loaded(tmp_path, ('approval = ", the day of its FDA approval"', 'approval = ", when the FDA approved it"'))
    answer = other.evaluate({**NEOADJUVANT, "as_of": "2013-01-01"})
    assert reasons_for(other, answer, "pertuzumab_trastuzumab_chemotherapy") == [
        "FDA-approved only from 2013-09-30, when the FDA approved it; this case is dated 2013-01-01."
    ]


def test_every_day_a_status_waits_for_is_said_in_words(engine: Engine) -> None:
    """Each day a regimen's rule counts from names what happened then: its approval, the results it rests on (or
    another result public that day), or the review reporting them."""
    for rule in (r for rules in engine.rulebook.by_regimen.values() for r in rules):
        for day in {c.value for c in rule.conditions if c.kind == "date" and c.op == "on_or_after"}:
            assert happened(engine, rule, dt.date.fromisoformat(str(day))), (rule.rule.id, day)


def test_why_not_never_uses_engine_words(engine: Engine) -> None:
    """No reason for any regimen of the library's cases names a rule id or a snake_case field."""
    for teaching in engine.kb.cases.values():
        answer = engine.evaluate(teaching.case)
        for regimen in engine.kb.regimens:
            for reason in reasons_for(engine, answer, regimen):
                assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b\w+\.\w+\.\w+", reason), reason


def test_every_source_in_the_knowledge_base_reads_without_working_files(engine: Engine) -> None:
    """Every source, note and result text the pages show names no internal file, as the rule files give it."""
    kb = engine.kb
    texts = [a.source for a in kb.approvals.values()]
    for study in kb.studies.values():
        texts += [study.n_note, study.status_note, *(kb.words.numbers.result(f) for f in study.findings)]
        texts += [c.source for c in study.corrections]
    texts += [r.source for r in kb.rules]
    texts += [q.status_change for q in kb.open_questions]
    assert [t for t in texts if INTERNAL.search(t)] == []


def test_no_study_text_names_the_projects_working_notes(engine: Engine) -> None:
    """Every study's notes, setting, results and sources name a publication (or say what is not verified),
    never the knowledge base's own working notes."""
    texts = []
    for study in engine.kb.studies.values():
        texts += [study.n_note, study.status_note, study.setting, *(a.values_source for a in study.arms)]
        texts += [t for f in study.findings for t in (f.result, f.reported_source)]
        texts += [c.source for c in study.corrections]
    assert [t for t in texts if re.search(r"audit notes|trial compilation", t)] == []


def test_a_two_endpoint_finding_gives_its_hazard_ratio_the_exact_endpoint(engine: Engine) -> None:
    """B-31/N9831's "Disease-free and overall survival" with "DFS HR 0.48; ... OS HR 0.67" states that its HR 0.48
    is disease-free survival's."""
    study = engine.kb.studies["adjuvant_trastuzumab_trials"]
    finding = next(f for f in study.findings if f.id == "b31_n9831_dfs")
    assert (finding.endpoint, finding.hazard_ratio) == ("Disease-free and overall survival", 0.48)
    assert finding.endpoint_of_hr() == "Disease-free survival"


def test_the_key_trial_is_never_a_prognostic_landmark(engine: Engine) -> None:
    """NeoALTTO's headline is its pCR comparison of treatments, not the pCR-vs-no-pCR survival landmark."""
    study = engine.evaluate(
        {
            "setting": "neoadjuvant",
            "her2_status": "positive",
            "hormone_receptor_status": "negative",
            "tumor_size_cm": 3.0,
            "node_status": "positive",
            "as_of": "2014-07-31",  # as the review saw it: its later survival results carry hazard ratios
        }
    )
    rec = next(r for r in study.recommendations if r.regimen_id == "lapatinib_trastuzumab_chemotherapy")
    trial = key_trial(engine.kb.words, rec.evidence)
    assert trial is not None
    assert trial.name == "NeoALTTO"
    assert "by pCR" not in trial.headline
    assert "46.8% vs 27.6%" in trial.headline


@pytest.mark.parametrize(
    ("node_status", "size", "grade", "headline"),
    [
        ("negative", 0.4, 1, "node-negative cohort (3 years): HR 1.13"),
        ("negative", 1.5, 2, "node-negative cohort (3 years): HR 1.13"),
        ("positive", 1.5, 1, "node-positive cohort (3 years): HR 0.77"),
    ],
)
def test_the_key_trial_is_the_result_that_bears_on_the_case(
    engine: Engine, node_status: str, size: float, grade: int, headline: str
) -> None:
    """Adjuvant pertuzumab's key trial headlines APHINITY's cohort of the case's nodes, not its overall HR 0.81."""
    answer = engine.evaluate(
        {
            "setting": "adjuvant",
            "her2_status": "positive",
            "hormone_receptor_status": "positive",
            "tumor_size_cm": size,
            "node_status": node_status,
            "tumor_grade": grade,
            "age_years": 60,
            "as_of": "2026-12-06",
        }
    )
    row = next(r for r in verdict_rows(engine, answer) if r.regimen_id == "pertuzumab_trastuzumab_chemotherapy")
    assert row.trial is not None
    assert row.trial.name == "APHINITY"
    assert row.trial.headline.endswith(headline)


def test_the_count_of_regimens_is_said_in_words(engine: Engine) -> None:
    """The case line says "1 anti-HER2 regimen for metastatic disease", never a bare "1"."""
    summary = case_summary(engine, engine.evaluate(SECOND_LINE))
    assert "prior trastuzumab, 1 anti-HER2 regimen for metastatic disease;" in summary
    assert ", 1," not in summary
    assert ", 1;" not in summary


def test_the_case_line_names_only_what_the_case_states(engine: Engine) -> None:
    """A first-line case that gives neither sex nor menopausal status is not summed up as "sex unknown,
    menopausal status unknown"; prior trastuzumab, left out and a status conditional on it, is still named."""
    first_line = {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
    }
    summary = case_summary(engine, engine.evaluate(first_line))
    assert summary.startswith("metastatic, first line, HER2-positive, hormone receptor-negative, prior trastuzumab")
    assert "sex" not in summary
    assert "menopausal" not in summary
    assert "postmenopausal" in case_summary(
        engine, engine.evaluate({**first_line, "menopausal_status": "postmenopausal"})
    )


def test_a_preclinical_key_study_is_not_called_a_trial(engine: Engine) -> None:
    """Before surgery in 2013, lapatinib + trastuzumab without chemotherapy rests on xenografts: its verdict row
    says "Key study: MCF7/HER2-18 xenografts", never "Key trial"; a randomized one stays "Key trial"."""
    rows = {
        r.regimen_id: r.trial for r in verdict_rows(engine, engine.evaluate({**NEOADJUVANT, "as_of": "2013-06-01"}))
    }
    xenografts, neoaltto = rows["lapatinib_trastuzumab"], rows["lapatinib_trastuzumab_chemotherapy"]
    assert xenografts is not None
    assert neoaltto is not None
    assert "xenograft" in xenografts.name
    assert (xenografts.label, neoaltto.label) == ("Key study", "Key trial")


def test_a_chemotherapy_free_result_headlines_only_the_chemotherapy_free_regimen(engine: Engine) -> None:
    """NeoSphere's arm without chemotherapy is the key trial of pertuzumab + trastuzumab without chemotherapy, and
    never of pertuzumab + trastuzumab with chemotherapy (the regimens' and results' chemotherapy_free)."""
    rows = {r.regimen_id: r.trial for r in verdict_rows(engine, engine.evaluate(NEOADJUVANT))}
    free, with_chemotherapy = rows["pertuzumab_trastuzumab"], rows["pertuzumab_trastuzumab_chemotherapy"]
    assert free is not None
    assert with_chemotherapy is not None
    assert free.headline.startswith("pCR without chemotherapy: ")
    assert "without chemotherapy" not in with_chemotherapy.headline
