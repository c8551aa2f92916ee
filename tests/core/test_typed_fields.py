"""Structure stated once in the rule data, never parsed from the prose beside it: each typed field loads from
`rules/`, and a missing or invalid one stops the load naming the file and the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_kb import STUDIES, write_kb

from engine import Engine, KnowledgeBaseError

ARM = """
[[study.arms]]
label = "Trastuzumab + pertuzumab, no chemotherapy"
her2_agents = ["trastuzumab", "pertuzumab"]
chemotherapy_free = true
"""


def load_error(kb_dir: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as caught:
        Engine.load(kb_dir)
    return caught.value


def with_arm(arm: str) -> str:
    """The tiny studies file with one arm added to its last study (beta)."""
    return STUDIES + arm


def test_an_arm_states_its_anti_her2_drugs(tmp_path: Path) -> None:
    kb = Engine.load(write_kb(tmp_path, studies=with_arm(ARM))).kb
    (arm,) = kb.studies["beta"].arms
    assert (arm.her2_agents, arm.chemotherapy_free) == (["trastuzumab", "pertuzumab"], True)


def test_an_arm_without_its_anti_her2_drugs_fails_the_load(tmp_path: Path) -> None:
    error = load_error(
        write_kb(tmp_path, studies=with_arm(ARM.replace('her2_agents = ["trastuzumab", "pertuzumab"]\n', "")))
    )
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "arms.0.her2_agents: Field required" in error.reason


def test_an_arm_naming_a_drug_that_is_not_anti_her2_fails_the_load(tmp_path: Path) -> None:
    error = load_error(write_kb(tmp_path, studies=with_arm(ARM.replace('"pertuzumab"]', '"docetaxel"]'))))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "arms.0.her2_agents.1" in error.reason
    assert "'pertuzumab'" in error.reason


def test_the_packaged_arms_state_their_blockade(engine: Engine) -> None:
    """NeoSphere's arm C is dual blockade without chemotherapy; EXTENET's neratinib arm names neratinib (the
    label's words, "Neratinib 1 year", were read as no anti-HER2 drug before the field existed)."""
    arms = {a.label[:2]: a for a in engine.kb.studies["neosphere"].arms}
    assert (arms["C:"].her2_agents, arms["C:"].chemotherapy_free) == (["trastuzumab", "pertuzumab"], True)
    assert (arms["B:"].her2_agents, arms["B:"].chemotherapy_free) == (["trastuzumab", "pertuzumab"], False)
    assert [a.her2_agents for a in engine.kb.studies["extenet"].arms] == [["neratinib"], []]


def test_a_study_states_the_case_setting_of_its_patients(engine: Engine) -> None:
    settings = {s.id: s.case_setting for s in engine.kb.studies.values()}
    assert (settings["katherine"], settings["extenet"], settings["preclinical_tdm1_lapatinib"]) == (
        "adjuvant",
        "extended_adjuvant",
        None,
    )


@pytest.mark.parametrize(
    ("studies", "said"),
    [
        (STUDIES.replace('case_setting = "metastatic"\n', ""), "case_setting: the case setting of its patients"),
        (STUDIES.replace('case_setting = "metastatic"', 'case_setting = "first"'), "case_setting: Input should be"),
        (
            STUDIES.replace('level = "randomized_phase_3"', 'level = "preclinical"'),
            "case_setting: the case setting of its patients",
        ),
    ],
    ids=["missing", "not a setting", "preclinical work with a setting"],
)
def test_a_study_without_a_valid_case_setting_fails_the_load(tmp_path: Path, studies: str, said: str) -> None:
    error = load_error(write_kb(tmp_path, studies=studies))
    assert (Path(error.path).name, error.record) == ("studies.toml", "alpha")
    assert said in error.reason


FINDING = """
[[study.findings]]
endpoint = "Disease-free and overall survival"
comparison = "a vs b"
result = "DFS HR 0.48; OS HR 0.67"
hazard_ratio = 0.48
hr_endpoint = "Disease-free survival"
as_in = "primary"
verified = true
"""


def test_a_finding_states_its_hazard_ratios_endpoint(tmp_path: Path) -> None:
    (finding,) = Engine.load(write_kb(tmp_path, studies=STUDIES + FINDING)).kb.studies["beta"].findings
    assert (finding.hr_endpoint, finding.endpoint_of_hr(), finding.prognostic) == (
        "Disease-free survival",
        "Disease-free survival",
        False,
    )


def test_neoaltto_compares_patients_by_pcr_in_its_landmark_findings(engine: Engine) -> None:
    neoaltto = {f.id: f for f in engine.kb.studies["neoaltto"].findings if f.id}
    assert (neoaltto["efs_by_pcr"].prognostic, neoaltto["tpcr"].prognostic) == (True, False)


@pytest.mark.parametrize(
    "finding",
    [
        FINDING.replace("hazard_ratio = 0.48\n", ""),
        FINDING.replace('hr_endpoint = "Disease-free survival"', 'hr_endpoint = "Disease-free and overall survival"'),
    ],
    ids=["without a hazard ratio", "the same as its endpoint"],
)
def test_an_hr_endpoint_that_narrows_nothing_fails_the_load(tmp_path: Path, finding: str) -> None:
    error = load_error(write_kb(tmp_path, studies=STUDIES + finding))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "findings.0: Value error, hr_endpoint names the endpoint of the hazard ratio" in error.reason


def test_a_confidence_interval_without_its_level_fails_the_load(tmp_path: Path) -> None:
    """A 97.5% interval is not a 95% one: the level is the record's, never assumed (every packaged one states it)."""
    interval = "hazard_ratio = 0.48\nci_low = 0.39\nci_high = 0.59\n"
    error = load_error(write_kb(tmp_path, studies=STUDIES + FINDING.replace("hazard_ratio = 0.48\n", interval)))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "ci_level: a confidence interval states its level" in error.reason
    stated = interval + 'ci_level = "95%"\n'
    (finding,) = (
        Engine.load(write_kb(tmp_path, studies=STUDIES + FINDING.replace("hazard_ratio = 0.48\n", stated)))
        .kb.studies["beta"]
        .findings
    )
    assert finding.ci_level == "95%"


def test_chemotherapy_free_regimens_and_results_are_stated(engine: Engine) -> None:
    kb = engine.kb
    assert {r.id for r in kb.regimens.values() if r.chemotherapy_free} == {
        "lapatinib_trastuzumab",
        "pertuzumab_trastuzumab",
    }
    free = {(s.id, f.endpoint) for s in kb.studies.values() for f in s.findings if f.chemotherapy_free}
    assert ("neosphere", "pCR without chemotherapy") in free
    assert ("helex_tbcrc_023", "In-breast pCR") in free


def test_a_results_note_is_its_own_field(engine: Engine) -> None:
    """CLEOPATRA's PFS result names its table in result_note: the result's words carry no pointer to strip, and a
    page that shows the result whole prints the note after it in brackets."""
    pfs = next(f for f in engine.kb.studies["cleopatra"].findings if f.id == "pfs")
    assert (pfs.result, pfs.result_note) == (
        "Median 18.5 vs 12.4 months; HR 0.62 (95% CI 0.51-0.75)",
        "PMC3969339 Table 3",
    )
    assert (
        engine.kb.words.numbers.result(pfs)
        == "Median 18.5 vs 12.4 months; HR 0.62 (95% CI 0.51-0.75) (PMC3969339 Table 3)"
    )


@pytest.mark.parametrize("note", ["(PMC3969339 Table 3)", "(unverified)", "(PMID 28056202)"])
def test_a_result_carrying_its_note_in_its_words_fails_the_load(tmp_path: Path, note: str) -> None:
    finding = FINDING.replace('result = "DFS HR 0.48; OS HR 0.67"', f'result = "DFS HR 0.48; OS HR 0.67 {note}"')
    error = load_error(write_kb(tmp_path, studies=STUDIES + finding))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert f"result: a note '{note[:4]}" in error.reason
    assert "goes in result_note" in error.reason


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("Burstein HJ et al. J Clin Oncol 2010;28:1301-7; notes.md section 2.11", "notes.md"),
        ("FDA Drug Approval Summary (lapatinib, 13 Mar 2007) per sources/tables.md", "sources/tables.md"),
        ("T-DM1 approval indication (domain approval table, 2013-02-22)", "domain approval table"),
        ("See rules-proposal.md (first line)", "rules-proposal.md"),
    ],
)
def test_a_text_naming_a_working_file_fails_the_load(tmp_path: Path, source: str, named: str) -> None:
    """A source is read by people: it names the publication, never a file the knowledge base was compiled from."""
    error = load_error(
        write_kb(tmp_path, studies=STUDIES.replace('name = "BETA"', f'name = "BETA"\nn_note = "{source}"'))
    )
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert error.reason.startswith(f"study.1.n_note: names the working file {named!r}")


def test_a_result_of_a_grouped_study_names_its_trial(engine: Engine) -> None:
    """The adjuvant trastuzumab record groups three trials: each result states which (the headline names it)."""
    findings = engine.kb.studies["adjuvant_trastuzumab_trials"].findings
    assert [f.trial for f in findings if f.trial] == ["B-31/N9831", "BCIRG 006", "HERA"]


CLAUSES = """
[[study.findings]]
endpoint = "pCR"
comparison = "a vs b"
result = "46.8% vs 27.6%; significantly improved"
as_in = "review"
verified = true
"""


def test_a_result_of_several_clauses_states_its_headline(tmp_path: Path) -> None:
    """A result without a hazard ratio whose text has several clauses states the numbers a verdict line shows
    (`headline`): without it the load stops, naming the file and the study, instead of a page guessing the cut."""
    error = load_error(write_kb(tmp_path, studies=STUDIES + CLAUSES))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "headline" in error.reason
    headed = CLAUSES.replace('as_in = "review"', 'headline = "46.8% vs 27.6%"\nas_in = "review"')
    (finding,) = Engine.load(write_kb(tmp_path / "ok", studies=STUDIES + headed)).kb.studies["beta"].findings[-1:]
    assert finding.headline == "46.8% vs 27.6%"


def test_the_verdict_shows_a_stated_headline_not_a_cut(engine: Engine) -> None:
    """The one-line headline is the stated one: NSABP B-41's 5-year RFI keeps its closing bracket, where cutting the
    result at its first "; " once printed "RFI 87.2% (T), 79.4% (L"."""
    rfi = next(f for f in engine.kb.studies["nsabp_b41"].findings if f.result.startswith("RFI"))
    assert rfi.headline == "RFI 87.2% (T), 79.4% (L), 89.4% (TL)"
