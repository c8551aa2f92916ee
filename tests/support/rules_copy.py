"""A writable copy of the packaged rules/ folder, and a one-place edit of one of its files, for tests that break
the knowledge base one thing at a time (`refused`) or change it and read the change back (`loaded`); not a test
module itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.evaluate import Engine
from engine.loader import DEFAULT_RULES_DIR, KnowledgeBaseError, load_knowledge_base

# An edit of the copy: (old, new) in case-words.toml, or (file, old, new) in another file of the folder
Edit = tuple[str, str] | tuple[str, str, str]


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


def refused(tmp_path: Path, file: str, old: str, new: str) -> tuple[str, str, str]:
    """A copy of rules/ with one edit in `file`, which the load must refuse: (the file named, the record, why)."""
    kb_dir = copy_rules(tmp_path)
    edit(kb_dir / file, old, new)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_dir)
    return Path(caught.value.path).name, caught.value.record, caught.value.reason


def loaded(tmp_path: Path, *edits: Edit) -> Engine:
    """An engine over a copy of rules/ with each edit made in turn (each `old` must be there), which must load."""
    kb_dir = copy_rules(tmp_path)
    for *where, old, new in edits:
        edit(kb_dir / (where[0] if where else "case-words.toml"), old, new)
    return Engine.load(kb_dir)
