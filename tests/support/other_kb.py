"""Another knowledge base for the tests that prove the code reads the loaded one, never the packaged one:
a copy of the packaged rules/ with an earlier cut-off, its own disclaimer and its regimens listed in reverse order
(not a test module itself). Its facts after its cut-off stay in it: an answer past the cut-off shows the evidence
as of the cut-off."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from packaged import EVIDENCE_CUTOFF

from engine.loader import DEFAULT_RULES_DIR

OTHER_CUTOFF = dt.date(2025, 6, 30)
OTHER_DISCLAIMER = "For teaching only, never for a patient's care."


def reversed_regimens(text: str) -> str:
    """regimens.toml with its [[regimen]] tables in reverse order (the regimen notes stay after them)."""
    chunks = text.split("\n[[")
    head, tables = chunks[0], ["[[" + c for c in chunks[1:]]
    regimens = [t for t in tables if t.startswith("[[regimen]]")]
    rest = [t for t in tables if not t.startswith("[[regimen]]")]
    return "\n".join([head, *reversed(regimens), *rest])


def write_other_kb(root: Path) -> Path:
    """A copy of the packaged rules folder under `root`, with the cut-off OTHER_CUTOFF, the disclaimer
    OTHER_DISCLAIMER and its regimens in reverse order."""
    kb_dir = root / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, kb_dir, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    info = kb_dir / "knowledge-base.toml"
    cutoff = f"evidence_cutoff = {EVIDENCE_CUTOFF.isoformat()}"
    disclaimer = 'disclaimer = "Educational use only, not for clinical decisions."'
    text = info.read_text(encoding="utf-8")
    assert cutoff in text
    assert disclaimer in text
    text = text.replace(cutoff, f"evidence_cutoff = {OTHER_CUTOFF.isoformat()}")
    info.write_text(text.replace(disclaimer, f'disclaimer = "{OTHER_DISCLAIMER}"'), encoding="utf-8")
    regimens = kb_dir / "regimens.toml"
    regimens.write_text(reversed_regimens(regimens.read_text(encoding="utf-8")), encoding="utf-8")
    return kb_dir


# On the review's day a first-line case has three investigational options that nothing but the regimens' list
# order orders (T-DM1, T-DM1 + pertuzumab, neratinib in the packaged order).
FIRST_LINE_ON_REVIEW_DAY = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "positive",
    "as_of": "2014-07-31",
}
