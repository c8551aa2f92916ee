"""The case library (teaching/library.py): every case is an executable scenario, and together they cover every rule."""

from __future__ import annotations

import re

import pytest
from packaged import REGIMEN_IDS

from engine import Engine
from engine.knowledge import TeachingCase
from engine.loader import DEFAULT_RULES_DIR, load_knowledge_base
from teaching.library import check_case, coverage, setting_label, walkthrough

LIBRARY = load_knowledge_base().cases
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
# every number the knowledge base states outside the case library: a model answer may use only these
KB_NUMBERS = {
    n
    for path in DEFAULT_RULES_DIR.rglob("*.toml")
    if path.parent.name != "cases"
    for n in re.findall(r"\d+(?:[.,]\d+)*", path.read_text(encoding="utf-8"))
}
SENTENCE_END = re.compile(r"[.?!](?:\s|$)")
ENGINE_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b|\.toml\b|\.md\b|\.json\b")


@pytest.mark.parametrize("case_id", sorted(LIBRARY))
def test_each_library_case_gives_its_expected_options(engine: Engine, case_id: str) -> None:
    result = check_case(engine, engine.kb.cases[case_id])
    assert result.passed, f"{case_id}: " + "; ".join(result.problems)


def test_the_library_exercises_every_rule_of_the_rulebook(engine: Engine) -> None:
    report = coverage(engine, engine.kb.cases.values())
    print(report.report())  # the coverage figure, shown with -s or -rA
    assert report.unexercised == [], f"rules exercised by no library case: {report.unexercised}"
    assert report.fraction == 1.0


def test_the_library_has_at_least_twelve_cases_across_every_setting(engine: Engine) -> None:
    cases = list(engine.kb.cases.values())
    assert len(cases) >= 12
    places = {(c.case["setting"], c.case.get("metastatic_line")) for c in cases}
    assert places >= {
        ("metastatic", "first"),
        ("metastatic", "pretreated"),
        ("neoadjuvant", None),
        ("adjuvant", None),
        ("extended_adjuvant", None),
    }
    assert {"negative", "low", "ultralow"} <= {c.case.get("her2_status") for c in cases}
    dated = {str(c.case.get("as_of", ""))[:4] for c in cases}
    assert {"2010", "2014", "2026"} <= dated  # a case in 2010, its twin as the review saw it, and cases today


def test_the_2010_and_2014_twins_differ_only_in_their_date(engine: Engine) -> None:
    old, new = engine.kb.cases["first-line-in-2010"].case, engine.kb.cases["first-line-in-2014"].case
    assert {k: v for k, v in old.items() if k != "as_of"} == {k: v for k, v in new.items() if k != "as_of"}


@pytest.mark.parametrize("case_id", sorted(LIBRARY))
def test_each_case_is_well_formed_for_teaching(case_id: str) -> None:
    case: TeachingCase = LIBRARY[case_id]
    assert 2 <= len(case.questions) <= 3
    assert case.learning_points
    assert case.vignette
    assert case.title
    assert set(case.expect) | set(case.expect_absent) <= set(REGIMEN_IDS)


@pytest.mark.parametrize("case_id", sorted(LIBRARY))
def test_model_answers_are_short_sourced_and_in_teaching_words(case_id: str) -> None:
    """Each model answer: 2-4 sentences, only numbers the knowledge base or the case states, no engine words."""
    case = LIBRARY[case_id]
    own = set(re.findall(r"\d+(?:[.,]\d+)*", str(case.case)))
    for q in case.questions:
        assert 2 <= len(SENTENCE_END.findall(q.answer)) <= 4, f"{case_id}: {q.text}"
        assert len(q.answer.split()) <= 90, f"{case_id}: {q.text}"
        unsourced = set(re.findall(r"\d+(?:[.,]\d+)*", q.answer)) - KB_NUMBERS - own
        unsourced -= set(re.findall(r"\d+(?:[.,]\d+)*", q.text))
        assert not unsourced, f"{case_id}: {q.text}: numbers {sorted(unsourced)} are not in the knowledge base"
        assert not ENGINE_WORD.findall(q.answer), f"{case_id}: {q.text}"


@pytest.mark.parametrize("case_id", sorted(LIBRARY))
def test_vignettes_state_no_number_that_is_not_in_the_case(case_id: str) -> None:
    """Only the case's own numbers (size, months, the as-of date) may appear: no invented clinical values."""
    case = LIBRARY[case_id]
    allowed = {str(v) for v in case.case.values() if isinstance(v, int | float) and not isinstance(v, bool)}
    allowed |= {str(int(part)) for part in re.split(r"-", str(case.case.get("as_of", "2014-07-31")))}
    found = set(NUMBER.findall(case.vignette))
    assert found <= allowed, f"{case_id}: numbers {sorted(found - allowed)} are not case facts"


def test_a_walkthrough_names_the_chained_derivations(engine: Engine) -> None:
    steps = walkthrough(engine, engine.kb.cases["early-relapse-after-adjuvant"].case, "early-relapse-after-adjuvant")
    derived = [d.fact for d in steps.derived]
    assert derived[:2] == ["early_relapse_after_adjuvant_trastuzumab", "trastuzumab_pretreated"]
    assert "metastatic_her2_pretreated_1" in derived  # the 2022 T-DXd label counts an early relapse too
    assert steps.derived[1].rules == ["derive.trastuzumab_pretreated.early_relapse"]
    assert {"derivation", "regimen"} <= {s.kind for s in steps.fired}
    given = {f.name: f.given for f in steps.features}
    assert given["months_since_trastuzumab"] is True
    assert given["her2_status"] is True
    assert given["sex"] is False  # left to its "unknown", shown as not given
    assert {e.study_id for e in steps.evidence} >= {"emilia"}


def test_a_broken_expectation_is_reported_not_hidden(engine: Engine) -> None:
    case = engine.kb.cases["first-line-dual-blockade"]
    wrong = case.model_copy(
        update={"expect": {"trastuzumab_emtansine": "approved"}, "expect_absent": ["trastuzumab_chemotherapy"]}
    )
    result = check_case(engine, wrong)
    assert not result.passed
    assert any("trastuzumab_emtansine: expected approved" in p for p in result.problems)
    assert any("trastuzumab_chemotherapy: expected absent" in p for p in result.problems)


def test_a_rule_named_but_not_fired_is_reported(engine: Engine) -> None:
    case = engine.kb.cases["first-line-dual-blockade"]
    wrong = case.model_copy(update={"rules_exercised": ["neoadjuvant.lapatinib_chemotherapy.not_recommended"]})
    assert "did not fire" in check_case(engine, wrong).problems[0]


def test_setting_labels_read_the_case(engine: Engine) -> None:
    assert setting_label(engine.kb.cases["first-line-in-2010"]) == "metastatic, first line (as of 2010-06-01)"
    assert setting_label(engine.kb.cases["neoadjuvant-large-tumor"]) == "neoadjuvant (as of 2014-07-31)"


def test_no_case_calls_the_cut_off_today() -> None:
    """A case without a date is answered at the knowledge base's cut-off, which is not today: no title, vignette,
    learning point, question or answer says "today"."""
    for case in LIBRARY.values():
        texts = [
            case.title,
            case.vignette,
            *case.learning_points,
            *(t for q in case.questions for t in (q.text, q.answer)),
        ]
        assert not [t for t in texts if re.search(r"\btoday\b", t, re.IGNORECASE)], case.id
