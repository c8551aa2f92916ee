"""The package as a user installs it: a wheel with its knowledge base, in a fresh venv, used from another folder."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaged import REGIMEN_IDS
from tiny_kb import write_kb

REPO = Path(__file__).resolve().parents[2]
CASE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def building(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One build at a time in the working tree: setuptools writes build/ and the egg-info there, and two test
    workers building at once (a module's tests split between them) broke each other's build."""
    lock = tmp_path_factory.getbasetemp().parent / "her2-cds-build.lock"  # shared by the run's workers
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("dist")
    with building(tmp_path_factory):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "-q",
                "-w",
                str(out),
                str(REPO),
            ],
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


def test_the_wheel_carries_the_packages_as_the_repository_holds_them(wheel: Path) -> None:
    """The wheel's top-level packages are the repository's folders, the knowledge base among them; no tests,
    benchmarks or tools reach site-packages."""
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.startswith("her2_cds-")}
    assert top == {"her2_cds", "engine", "rules", "intake", "teaching", "render", "web", "storage"}
    assert "rules/knowledge-base.toml" in names
    assert "storage/migrations/env.py" in names  # the seminars' schema is made from these
    assert any(name.startswith("storage/migrations/versions/") for name in names)
    assert any(name.startswith("rules/rules/") for name in names)
    assert "web/templates/base.html" in names


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
    passes (the packaged knowledge base's own check runs in-process, tests/knowledge/test_kbcheck.py)."""
    rules = "".join(
        f'[[rule]]\nid = "r.{rid}"\nsource = "s"\nheadline = "r"\n'
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


def test_the_repository_holds_no_links() -> None:
    """No file is a symbolic link, so a clone made with `core.symlinks=false` (the Windows default) is the same
    tree as any other."""
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    links = [line.split("\t")[1] for line in listed.splitlines() if line.startswith("120000")]
    assert links == []


@pytest.fixture(scope="module")
def sdist_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist built from the working tree, unpacked."""
    out = tmp_path_factory.mktemp("sdist")
    with building(tmp_path_factory):
        subprocess.run(
            [sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"],
            check=True,
            capture_output=True,
            cwd=REPO,
            timeout=300,
        )
    (built,) = out.glob("her2_cds-*.tar.gz")
    with tarfile.open(built) as archive:
        archive.extractall(out, filter="data")
    (tree,) = (p for p in out.iterdir() if p.is_dir())
    return tree


def test_the_sdist_runs_its_own_tests(sdist_tree: Path) -> None:
    """The sdist carries the suite with its conftest, helpers and features: plain `pytest` in the unpacked tree
    collects every test and passes a clinical feature and an engine module run from there."""
    for needed in ("tests/conftest.py", "tests/support/tiny_kb.py", "features/metastatic.feature", "Makefile"):
        assert (sdist_tree / needed).is_file(), needed
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "tests/core/test_engine_frozen.py",
            "tests/scenarios/test_clinical_features.py",
            "-k",
            "metastatic or frozen",
        ],
        cwd=sdist_tree,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert " passed" in run.stdout
