"""The package's public surface as the README shows it: the caller builds the engine and keeps it; importing the
package builds none (no process-wide engine behind a module function)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import engine
import her2_cds

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readmes_python_example_answers_its_case(capsys: pytest.CaptureFixture[str]) -> None:
    (example,) = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    exec(compile(example, "README.md", "exec"), {})  # the repository's own example
    printed = capsys.readouterr().out
    assert "('Pertuzumab + trastuzumab + taxane-based chemotherapy', 'approved')" in printed


def test_no_module_function_answers_with_an_engine_of_its_own() -> None:
    for package in (engine, her2_cds):
        # engine.evaluate is the module that defines Engine, not a function
        assert not callable(getattr(package, "evaluate", None)), package.__name__
        assert not hasattr(package, "default_engine"), package.__name__
    assert her2_cds.Engine is engine.Engine
