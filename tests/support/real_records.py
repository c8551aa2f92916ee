"""The public FHIR records of tests/records/data (their README says where each comes from), loaded as JSON, and
the changes the tests make to them: a resource taken out, a value replaced, a Bundle split into a prefetch."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "records" / "data"
JENNY = "A-mcode-HEAD-jenny-m.json"  # mCODE STU3/STU4: TNM and stage groups by SNOMED CT
JENNY_STU2 = "B-mcode-STU2-jenny-m.json"  # mCODE STU2: TNM by LOINC, AJCC values
SYNTHEA_IA = "C-synthea-mcode-omop-53f3587e-b9bf-473a-b36e-62f0e1946fa1.json"
SYNTHEA_IIB = "C-synthea-mcode-omop-73f62bdf-9729-4005-ab16-b61d37573e2a.json"
SYNTHEA_IV = "C-synthea-mcode-omop-8be62b06-5994-47fe-aad8-a27a02e054fa.json"
FILES = (JENNY, JENNY_STU2, SYNTHEA_IA, SYNTHEA_IIB, SYNTHEA_IV)


def load(name: str) -> dict[str, Any]:
    """A fresh copy of one record (a test may change it)."""
    record: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return record


def resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"]]


def without(bundle: dict[str, Any], *ids: str) -> dict[str, Any]:
    """The Bundle without the resources of these ids."""
    changed = copy.deepcopy(bundle)
    changed["entry"] = [e for e in changed["entry"] if e["resource"].get("id") not in ids]
    return changed


def find(bundle: dict[str, Any], rid: str) -> dict[str, Any]:
    """The resource of this id (to change in place)."""
    return next(e["resource"] for e in bundle["entry"] if e["resource"].get("id") == rid)


def patient_id(bundle: dict[str, Any]) -> str:
    return str(next(r["id"] for r in resources(bundle) if r["resourceType"] == "Patient"))
