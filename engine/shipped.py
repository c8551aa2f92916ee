"""What the packaged knowledge base writes once and the code's vocabulary reads at import: the evidence
cut-off (rules/knowledge-base.toml) and the regimen ids (rules/regimens.toml, in the order answers list them).

Nothing else declares them: the pydantic Case's default date, the loader's checks, the OpenAPI enums and the
pages all derive from these two values.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from typing import Any


def _shipped(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("rules") / name).read_text(encoding="utf-8"))


def _cutoff() -> dt.date:
    value = _shipped("knowledge-base.toml")["knowledge_base"]["evidence_cutoff"]
    assert isinstance(value, dt.date), "knowledge-base.toml: evidence_cutoff must be a TOML date"
    return value


def _regimen_ids() -> tuple[str, ...]:
    ids = tuple(str(regimen["id"]) for regimen in _shipped("regimens.toml")["regimen"])
    assert len(set(ids)) == len(ids), "regimens.toml: a regimen id is declared twice"
    return ids


EVIDENCE_CUTOFF: dt.date = _cutoff()
REGIMEN_IDS: tuple[str, ...] = _regimen_ids()
