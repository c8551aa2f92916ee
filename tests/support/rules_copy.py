"""A writable copy of the packaged rules/ folder, and a one-place edit of one of its files, for tests that break
the knowledge base one thing at a time (not a test module itself)."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.loader import DEFAULT_RULES_DIR


def copy_rules(tmp_path: Path) -> Path:
    """The packaged rules folder copied under `tmp_path` (its data files only)."""
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
