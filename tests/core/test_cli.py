"""The `her2-cds` command: evaluate, kb check, and serve refusing a bad knowledge base."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import Engine
from her2_cds.cli import main

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "her2_cds.cli"]
NEOADJUVANT = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.1,
    "node_status": "negative",
}


def _run(*args: str, stdin: str = "", rules: Path | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["--rules", str(rules)] if rules else []
    return subprocess.run([*CLI, *prefix, *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=REPO)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's rules/ to break."""
    target = tmp_path / "rules"
    shutil.copytree(REPO / "rules", target)
    return target


def test_evaluate_prints_the_engines_answer_as_json(
    engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`evaluate FILE` prints exactly the engine's answer as JSON."""
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(NEOADJUVANT))
    assert main(["evaluate", str(case_file)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == engine.evaluate(NEOADJUVANT).model_dump(mode="json")


def test_evaluate_text_is_a_readable_walkthrough() -> None:
    """`evaluate - --format text` reads stdin and prints the disclaimer, the case and the options in order in
    clinical words, with their status and the reason for their place, and the why-not section; rule ids, regimen ids
    and field names only under the engine's reasoning at the end."""
    out = _run("evaluate", "-", "--format", "text", stdin=json.dumps(NEOADJUVANT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Educational use only, not for clinical decisions.")
    assert "\nCase: before surgery, HER2-positive, hormone receptor-positive, tumor 2.1 cm, node-negative" in out.stdout
    assert "== Options, in the order a teacher would name them ==" in out.stdout
    assert "1. T-DXd (fam-trastuzumab deruxtecan-nxki): FDA-approved" in out.stdout
    assert "  Order: Above pertuzumab + trastuzumab + taxane-based chemotherapy: DESTINY-Breast11" in out.stdout
    assert "== Why not the others ==" in out.stdout
    people, reasoning = out.stdout.split("== The engine's reasoning ==")
    assert "\nDerived from the case: " in people  # each derived fact's meaning, not its id
    assert "neoadjuvant.trastuzumab_deruxtecan.approved" in reasoning
    engine_words = ["trastuzumab_deruxtecan", "_eligible", "neoadjuvant.", "her2_status", "tumor_size_cm", "Rules:"]
    assert [said for said in engine_words if said in people] == []


def test_evaluate_an_invalid_case_exits_2_naming_every_field() -> None:
    """A bad case exits 2 with a JSON list of errors, one per bad field."""
    out = _run("evaluate", "-", stdin=json.dumps({"setting": "neoadjuvnt", "hormone_receptor_status": "maybe"}))
    assert out.returncode == 2
    fields = {e["field"] for e in json.loads(out.stderr)["errors"]}
    assert fields == {"setting", "her2_status", "hormone_receptor_status"}


def test_evaluate_malformed_json_exits_2() -> None:
    """Text that is not JSON exits 2 with a clear message, not a traceback."""
    out = _run("evaluate", "-", stdin="{not json")
    assert out.returncode == 2
    assert "cannot read a JSON case" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        ("corrupt", "rules/metastatic.toml"),
        ("missing_study", "metastatic.trastuzumab_emtansine.approved"),
        ("missing_folder", "the rules folder does not exist"),
    ],
)
@pytest.mark.parametrize("command", [["serve"], ["kb", "check"], ["evaluate", "-"]])
def test_a_bad_knowledge_base_stops_every_command_naming_the_file_and_rule(
    rules_copy: Path, breakage: str, named: str, command: list[str]
) -> None:
    """A corrupt file, a rule citing a missing study or a missing folder: exit 3, the file and rule named."""
    metastatic = rules_copy / "rules" / "metastatic.toml"
    if breakage == "corrupt":
        metastatic.write_text(metastatic.read_text() + "\n[[rule]\nid = broken\n")
    elif breakage == "missing_study":
        metastatic.write_text(metastatic.read_text().replace('evidence = ["emilia"]', 'evidence = ["emilia_2"]', 1))
    else:
        shutil.rmtree(rules_copy)
    out = _run(*command, stdin=json.dumps(NEOADJUVANT), rules=rules_copy)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "the knowledge base cannot load" in out.stderr
    assert named in out.stderr
    assert "Traceback" not in out.stderr


def test_evaluate_a_contradictory_case_exits_2_naming_both_fields() -> None:
    """Extended adjuvant therapy with no prior trastuzumab: both fields named, each with the other and why."""
    case = {
        "setting": "extended_adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "prior_trastuzumab": False,
    }
    out = _run("evaluate", "-", stdin=json.dumps(case))
    assert out.returncode == 2
    errors = {e["field"]: e["message"] for e in json.loads(out.stderr)["errors"]}
    assert set(errors) == {"setting", "prior_trastuzumab"}
    assert "contradicts setting extended_adjuvant" in errors["prior_trastuzumab"]
