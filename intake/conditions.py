"""What a Condition says that a case uses: breast cancer, metastatic disease (and whether in the brain),
lymph-node disease, a stage group, menopausal status.

Metastatic disease is read from codes only: ICD-10 C78-C79 and the distant lymph nodes of C77, mCODE's
secondary cancer profile, and SNOMED CT codes whose own names say a secondary or metastatic neoplasm. Free
text never makes a case metastatic. Lymph-node disease is not metastatic disease: the axillary nodes (ICD-10
C77.3, or a name or body site that says axillary, mammary or clavicular nodes) are regional for breast cancer,
and nodes of an unstated site settle nothing; both are kept as lymph-node findings. A name with a negation
("Non-metastatic ...", "no evidence of ...") is not read as the diagnosis it names, and a note says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from intake import codes
from intake import values as v

Add = Callable[..., None]
Note = Callable[[str], Add]  # a sink for what is seen and not read, given why (a reason of [passed_over])
DENIED = "denied"  # its words deny what they name
UNCODED = "uncoded"  # free text names metastasis, no code says so
_REGIONAL_WORDS = frozenset({"axillary", "axilla", "mammary", "supraclavicular", "infraclavicular", "clavicular"})
_SECONDARY_WORDS = frozenset({"secondary", "metastatic", "metastasis", "metastases"})
_CANCER_WORDS = frozenset({"malignant", "cancer", "carcinoma"})


def icd10(code: str) -> str:
    """An ICD-10 code as its category and subcategory read it: 'c50.912' -> 'C50.912', 'C50912' -> 'C50.912',
    'C50.4 L' (ICD-10-GM's side) -> 'C50.4'."""
    text = code[:16].strip().upper()
    end = 0
    while end < len(text) and (text[end].isalnum() or text[end] == "."):
        end += 1
    text = text[:end].replace(".", "")
    return text[:3] + ("." + text[3:] if len(text) > 3 else "")


def _icd_site(code: str) -> str | None:
    """'brain', 'distant', 'regional' (axillary nodes) or 'nodes' (a site not settled) for a secondary neoplasm."""
    if code.startswith(codes.ICD10_BRAIN):
        return "brain"
    if code.startswith(codes.ICD10_DISTANT):
        return "distant"
    if code.startswith(codes.ICD10_REGIONAL_NODES):
        return "regional"
    if code[:5] in codes.ICD10_DISTANT_NODES:
        return "distant"
    return "nodes" if code.startswith(codes.ICD10_NODES) else None


def _denied(tokens: list[str]) -> set[str]:
    """The words a negation denies: up to four after it, stopping at a word of metastasis ("Non-metastatic breast
    cancer" denies only "metastatic"; "no evidence of breast cancer" denies "breast" and "cancer")."""
    denied: set[str] = set()
    for i, token in enumerate(tokens):
        if token in codes.NEGATIONS:
            for word in tokens[i + 1 : i + 5]:
                denied.add(word)
                if word in _SECONDARY_WORDS:
                    break
    return denied


def _named_site(said: set[str]) -> str:
    if "lymph" in said or "node" in said or "nodes" in said:
        return "regional" if said & _REGIONAL_WORDS else "nodes"
    return "brain" if "brain" in said else "distant"


def _secondary(cond: Any, note: Note) -> tuple[str, str] | None:
    """(site, how it was known) of a secondary neoplasm, or None; a name that denies it is noted as passed over."""
    body = {w for concept in (cond.bodySite or []) for w in v.words(concept)}
    for system, code, display in v.codings(cond.code):
        if system in codes.ICD10 and (site := _icd_site(icd10(code))):
            if site == "nodes" and body & _REGIONAL_WORDS:
                site = "regional"
            return site, f"ICD-10 {icd10(code)}"
        if system == codes.SNOMED and code in codes.SECONDARY_BRAIN_SNOMED:
            return "brain", f"SNOMED {code}"
        tokens = display[: v.MAX_TEXT].lower().replace("-", " ").replace(",", " ").split()
        said = set(tokens)
        if system == codes.SNOMED and said & _SECONDARY_WORDS:
            if _denied(tokens) & _SECONDARY_WORDS:
                note(DENIED)("secondary", True, cond, "code", None)
                return None
            return _named_site(said | body), f"SNOMED {code}"
    profiles = [str(p) for p in (cond.meta.profile or [])] if cond.meta else []
    if codes.SECONDARY_PROFILE in profiles:
        return _named_site(body) if body else "distant", "mCODE secondary cancer condition"
    return None


def _breast(cond: Any) -> str | None:
    """How a Condition is known to be breast cancer: its code, its ICD-10 category, or its words."""
    for system, code, _ in v.codings(cond.code):
        if (system, code) in codes.BREAST_CANCER:
            return f"SNOMED {code}"
        if system in codes.ICD10 and icd10(code).startswith(codes.ICD10_BREAST):
            return f"ICD-10 {icd10(code)}"
    said = set(v.words(cond.code))
    return "named breast cancer" if "breast" in said and said & _CANCER_WORDS else None


def read_condition(cond: Any, add: Add, note: Note, born: dt.date | None = None) -> None:
    """Every finding of one Condition; `note(why)` takes what is seen and not read, for the notes; `born` (the
    patient's birth date) dates an onset given as an age."""
    when, last, path = v.onset(cond, born)
    secondary = _secondary(cond, note)
    if secondary is not None:
        site, known = secondary
        if last is not None:  # an onset known only within a window (a period, or an age): say so
            known += f", onset between {when} and {last} ({path})"
        add("nodes" if site in ("regional", "nodes") else "secondary", site, cond, "code", when, known, last)
    elif (how := _breast(cond)) is not None:
        tokens = v.words(cond.code)
        denied = _denied(tokens)
        if how == "named breast cancer" and denied & ({"breast"} | _CANCER_WORDS):
            note(DENIED)("breast", True, cond, "code", when)
        else:
            if (set(tokens) - denied) & _SECONDARY_WORDS:
                note(UNCODED)("secondary", True, cond, "code", when)
            add("breast", True, cond, "code", when, how)
            for i, stage in enumerate(cond.stage or []):
                if (group := v.stage_group(stage.summary)) is not None:
                    add("stage", group, cond, f"stage[{i}].summary", when, "stage group")
    elif (set(v.words(cond.code)) - _denied(v.words(cond.code))) & _SECONDARY_WORDS:
        # free text naming metastasis, without a code that says it: never read as metastatic disease
        note(UNCODED)("secondary", True, cond, "code", when)
    for system, c, _ in v.codings(cond.code):
        if (system, c) in codes.MENOPAUSE:
            add("menopause", codes.MENOPAUSE[(system, c)], cond, path, when, f"SNOMED {c}")
