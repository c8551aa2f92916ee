"""Another knowledge base for the tests that prove the code reads the loaded one, never the packaged one:
a copy of the packaged rules/ with an earlier cut-off, its own disclaimer, its regimens listed in reverse order and
contradictions of its own (not a test module itself). Its facts after its cut-off stay in it: an answer past the
cut-off shows the evidence as of the cut-off."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from packaged import EVIDENCE_CUTOFF

from engine.loader import DEFAULT_RULES_DIR

OTHER_CUTOFF = dt.date(2025, 6, 30)
OTHER_DISCLAIMER = "For teaching only, never for a patient's care."
# its contradictions: the extended adjuvant one says this `why`, and a man's menopausal status is not one
OTHER_WHY = "in this knowledge base, extended adjuvant therapy is given only after trastuzumab"
DROPPED = "male.with_menopausal_status"
EXTENDED_WITHOUT_TRASTUZUMAB = {
    "setting": "extended_adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "prior_trastuzumab": False,
}
MAN_WITH_MENOPAUSAL_STATUS = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
    "sex": "male",
    "menopausal_status": "postmenopausal",
}


def reversed_regimens(text: str) -> str:
    """regimens.toml with its [[regimen]] tables in reverse order (the regimen notes stay after them)."""
    chunks = text.split("\n[[")
    head, tables = chunks[0], ["[[" + c for c in chunks[1:]]
    regimens = [t for t in tables if t.startswith("[[regimen]]")]
    rest = [t for t in tables if not t.startswith("[[regimen]]")]
    return "\n".join([head, *reversed(regimens), *rest])


def own_contradictions(text: str) -> str:
    """contradictions.toml with the extended adjuvant contradiction's `why` OTHER_WHY and DROPPED left out."""
    head, *tables = text.split("\n[[contradiction]]\n")
    kept = []
    for table in tables:
        if f'id = "{DROPPED}"' in table:
            continue
        if 'id = "extended_adjuvant.without_trastuzumab"' in table:
            lines = [f'why = "{OTHER_WHY}"' if line.startswith("why = ") else line for line in table.split("\n")]
            table = "\n".join(lines)
        kept.append(table)
    assert len(kept) == len(tables) - 1
    return "\n[[contradiction]]\n".join([head, *kept])


def write_other_kb(root: Path) -> Path:
    """A copy of the packaged rules folder under `root`, with the cut-off OTHER_CUTOFF, the disclaimer
    OTHER_DISCLAIMER, its regimens in reverse order and its own contradictions (own_contradictions)."""
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
    contradictions = kb_dir / "contradictions.toml"
    contradictions.write_text(own_contradictions(contradictions.read_text(encoding="utf-8")), encoding="utf-8")
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
