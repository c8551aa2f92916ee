"""The package as a user installs it: a wheel with its knowledge base, in a fresh venv, used from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tiny_kb import write_kb

from her2_cds.engine.vocabulary import REGIMEN_IDS

REPO = Path(__file__).resolve().parent.parent
CASE = {"setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "negative"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("her2_cds-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv outside the repository with only the wheel (and its runtime dependencies) installed: by this
    pip, not one of its own, which would cost seconds to copy in and is no part of what a user runs."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return venv


def test_the_wheel_carries_the_knowledge_base_under_one_import_name(wheel: Path) -> None:
    """Every module and rule file sits under her2_cds/: no top-level `engine` or `web` package."""
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.startswith("her2_cds-")}
    assert top == {"her2_cds"}
    assert "her2_cds/rules/knowledge-base.toml" in names
    assert any(name.startswith("her2_cds/rules/rules/") for name in names)


def test_installed_evaluate_answers_from_another_folder(fresh_venv: Path, tmp_path: Path) -> None:
    """`her2-cds evaluate -` in the fresh venv, run from an unrelated folder, answers from the packaged rules."""
    out = subprocess.run(
        [str(fresh_venv / "bin" / "her2-cds"), "evaluate", "-"],
        input=json.dumps(CASE),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    answer = json.loads(out.stdout)
    assert answer["recommendations"]


def test_installed_kb_check_passes_from_another_folder(fresh_venv: Path, tmp_path: Path) -> None:
    """`her2-cds kb check` from the wheel, run elsewhere, walks the case space of the rules it is given and
    passes (the packaged knowledge base's own check runs in-process, tests/test_kbcheck.py)."""
    rules = "".join(
        f'[[rule]]\nid = "r.{rid}"\nsource = "s"\nrationale = "r"\n'
        f'when = [{{ fact = "setting", op = "equals", value = "metastatic" }}]\n'
        f'regimen = "{rid}"\nstatus = "investigational"\nevidence = ["alpha", "beta"]\n\n'
        for rid in REGIMEN_IDS
    )
    kb_dir = write_kb(tmp_path / "kb", rules_x=rules)
    out = subprocess.run(
        [str(fresh_venv / "bin" / "her2-cds"), "kb", "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "HER2_CDS_RULES": str(kb_dir)},
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 problems" in out.stdout
    checked = int(out.stdout.split("kb check: ")[1].split(" cases checked")[0])
    assert checked > 0  # the space is pruned to the values a rule can tell apart: a one-fact rulebook is small


def test_serve_without_the_web_extra_says_what_to_install(fresh_venv: Path, tmp_path: Path) -> None:
    """Without her2-cds[serve], `serve` names the extra to install instead of failing on an import."""
    out = subprocess.run(
        [str(fresh_venv / "bin" / "her2-cds"), "serve"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert out.returncode == 4
    assert "her2-cds[serve]" in out.stderr
