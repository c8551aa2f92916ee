"""What an Observation says that a case uses: tumor markers (HER2 by IHC, ISH or interpretation; estrogen and
progesterone receptors), tumor size, T/N/M categories and stage groups (by LOINC or SNOMED CT), grade and
menopausal status. A marker may be the Observation itself or one of its components (a panel), and its value
a coded result, an HL7 interpretation code, words ("Positive", "greater than 2.2"), or for IHC a score as a
number or as text ("3+")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake import codes
from intake import values as v

Add = Callable[..., None]
STAGING = (
    ("T", codes.T_CATEGORY, codes.T_CATEGORY_SNOMED),
    ("N", codes.N_CATEGORY, codes.N_CATEGORY_SNOMED),
    ("M", codes.M_CATEGORY, codes.M_CATEGORY_SNOMED),
)


def _result(holder: Any, interpretation: list[Any]) -> tuple[codes.Result | None, str]:
    """A result and the element it came from: the coded value, the value as words, then an interpretation."""
    if (found := v.result_of(holder.valueCodeableConcept)) is not None:
        return found, "valueCodeableConcept"
    if (found := v.result_in_words(holder.valueString)) is not None:
        return found, "valueString"
    for i, concept in enumerate(interpretation):
        if (found := v.result_of(concept)) is not None:
            return found, f"interpretation[{i}]"
    return None, ""


def _texts(holder: Any) -> list[tuple[Any, str]]:
    """The texts a score may be written in, with their elements: valueString, a concept's text, codes, displays."""
    texts = [(holder.valueString, "valueString")]
    concept = holder.valueCodeableConcept
    if concept is not None:
        texts += [(concept.text, "valueCodeableConcept.text")]
        for i, coding in enumerate(concept.coding or []):
            texts += [(coding.code, f"valueCodeableConcept.coding[{i}].code")]
            texts += [(coding.display, f"valueCodeableConcept.coding[{i}].display")]
    return texts


def _score(holder: Any) -> tuple[int | None, str]:
    """An IHC score and the element it came from: a number, then text (valueString, a concept's text or codes)."""
    for name in ("valueInteger", "valueQuantity"):
        if (score := v.score_of_quantity(getattr(holder, name, None))) is not None:
            return score, name + (".value" if name == "valueQuantity" else "")
    for text, path in _texts(holder):
        if (score := v.ihc_score(text)) is not None:
            return score, path
    return None, ""


def _ultralow(holder: Any) -> str | None:
    """The element that says HER2-ultralow (IHC 0 with membrane staining), if any."""
    return next((path for text, path in _texts(holder) if v.ultralow(text)), None)


def _marker(obs: Any, holder: Any, at: str, key: str, add: Add) -> bool:
    """Read one marker from the Observation or a component (`holder`, at path prefix `at`); whether it said one."""
    kind = codes.MARKERS[key]
    result: str | None
    result, path = _result(holder, (obs.interpretation or []) if holder is obs else [])
    score, score_path = _score(holder) if kind == "her2_ihc" else (None, "")
    if kind == "her2_ihc" and score is None and holder is obs:
        for i, comp in enumerate(obs.component or []):  # the score as a component of the IHC Observation
            score, score_path = _score(comp)
            if score is not None:
                score_path = f"component[{i}].{score_path}"
                break
    if kind == "her2_ihc" and score in (None, 0) and (said := _ultralow(holder)) is not None:
        result, score, score_path = "ultralow", 0, said  # IHC 0 with membrane staining
    if kind == "her2_ish" and result is None and (ratio := v.ratio(holder.valueQuantity)) is not None:
        when, _ = v.observation_day(obs)  # a plain ratio: read, and noted as not settling HER2 alone (intake.her2)
        add("her2_ish_ratio", ratio, obs, f"{at}valueQuantity.value", when, f"LOINC {key}")
        return True
    if result is None and score is None:
        return False
    when, _ = v.observation_day(obs)
    add(kind, (result, score), obs, at + (score_path or path), when, f"LOINC {key}")
    return True


def _markers(obs: Any, loinc: set[str], add: Add) -> None:
    for key in sorted(loinc & set(codes.MARKERS)):
        _marker(obs, obs, "", key, add)
    for i, comp in enumerate(obs.component or []):
        for key in sorted({c for s, c, _ in v.codings(comp.code) if s == codes.LOINC} & set(codes.MARKERS) - loinc):
            _marker(obs, comp, f"component[{i}].", key, add)


def _staging(obs: Any, loinc: set[str], snomed: set[str], add: Add) -> None:
    when, _ = v.observation_day(obs)
    for letter, by_loinc, by_snomed in STAGING:
        said = loinc & by_loinc or snomed & by_snomed
        if said and (cat := v.category(obs.valueCodeableConcept, letter)):
            system = "LOINC" if loinc & by_loinc else "SNOMED"
            add(letter, cat, obs, "valueCodeableConcept", when, f"{system} {sorted(said)[0]}")
    said = loinc & codes.STAGE_GROUP or snomed & codes.STAGE_GROUP_SNOMED
    if said and (group := v.stage_group(obs.valueCodeableConcept)) is not None:
        add("stage", group, obs, "valueCodeableConcept", when, f"stage group {sorted(said)[0]}")


def read_observation(obs: Any, add: Add) -> None:
    """Every finding of one Observation."""
    when, _ = v.observation_day(obs)
    loinc = {c for s, c, _ in v.codings(obs.code) if s == codes.LOINC}
    snomed = {c for s, c, _ in v.codings(obs.code) if s == codes.SNOMED}
    _markers(obs, loinc, add)
    if codes.TUMOR_SIZE in loinc:
        size, path = v.centimetres(obs.valueQuantity), "valueQuantity"
        for i, comp in enumerate(obs.component or []):
            if size is None and v.has_code(comp.code, codes.LOINC, (codes.TUMOR_SIZE_MAX_DIMENSION,)):
                size, path = v.centimetres(comp.valueQuantity), f"component[{i}].valueQuantity"
        if size is not None:
            add("size", size, obs, path, when, f"LOINC {codes.TUMOR_SIZE}")
    _staging(obs, loinc, snomed, add)
    for system, c, _ in v.codings(obs.valueCodeableConcept):
        if system == codes.SNOMED and c in codes.GRADE_SNOMED:
            add("grade", codes.GRADE_SNOMED[c], obs, "valueCodeableConcept", when, f"SNOMED {c}")
    for concept, path in ((obs.code, "code"), (obs.valueCodeableConcept, "valueCodeableConcept")):
        for system, c, _ in v.codings(concept):
            if (system, c) in codes.MENOPAUSE:
                add("menopause", codes.MENOPAUSE[(system, c)], obs, path, when, f"SNOMED {c}")
