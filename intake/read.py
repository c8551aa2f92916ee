"""FHIR R4 resources read with the `fhir.resources` models, or refused naming the resource and the path.

`fhir.resources` has no R4 package of its own; its R4B models (FHIR 4.3) read R4 (4.0.1) JSON for
every resource read here (Patient, Condition, Observation, Procedure and the three medication
resources), whose elements did not change between the two. What the library validates (types,
dates, required elements, unknown elements) is left to it; this module only walks the Bundle and
turns the library's errors into messages that name `Observation/her2-1` and the element path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel, ConfigDict, ValidationError

MAX_ENTRIES = 500  # a teaching patient's record; more is a whole EHR export, not a hook's prefetch
READ_TYPES = (
    "Patient",
    "Condition",
    "Observation",
    "Procedure",
    "MedicationRequest",
    "MedicationStatement",
    "MedicationAdministration",
)


class FhirProblem(BaseModel):
    """One problem in the FHIR input: which resource (`Observation/her2-1`), where it sat in the body
    (`at`, a JSON path such as `entry[3].resource`), the element path in it, and what is wrong."""

    model_config = ConfigDict(frozen=True)

    resource: str
    at: str
    path: str
    message: str


class FhirInputError(ValueError):
    """FHIR input that cannot be read; `problems` names each resource and path."""

    def __init__(self, problems: list[FhirProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.resource} {p.path}: {p.message}" for p in problems))


def _label(data: dict[str, Any]) -> str:
    kind, rid = data.get("resourceType"), data.get("id")
    if isinstance(kind, str) and isinstance(rid, str):
        return f"{kind[:40]}/{rid[:64]}"
    return kind[:40] if isinstance(kind, str) else "(resource)"


def _at(where: str, more: str) -> str:
    return f"{where}.{more}" if where else more


def _path(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(resource)"


def read_resource(data: object, where: str, expected: tuple[str, ...] = READ_TYPES) -> Resource:
    """One resource validated by its R4B model; `where` says where it sat (e.g. `entry[3].resource`)."""
    if not isinstance(data, dict):
        problem = FhirProblem(resource="(resource)", at=where, path="(resource)", message="is not a JSON object")
        raise FhirInputError([problem])
    kind = data.get("resourceType")
    label = _label(data)
    if kind not in expected:
        allowed = ", ".join(expected)
        shown = repr(kind)[:60] if kind is not None else "missing"
        message = f"resourceType {shown} is not read here; allowed: {allowed}"
        raise FhirInputError([FhirProblem(resource=label, at=where, path="resourceType", message=message)])
    try:
        model = get_fhir_model_class(str(kind))
        resource = model.model_validate(data)
    except ValidationError as exc:
        problems = [
            FhirProblem(resource=label, at=where, path=_path(e["loc"]), message=str(e["msg"])[:300])
            for e in exc.errors()[:20]
        ]
        raise FhirInputError(problems) from None
    except (KeyError, TypeError, ValueError) as exc:  # the library raises these for nested unknown types
        raise FhirInputError(
            [FhirProblem(resource=label, at=where, path="(resource)", message=str(exc)[:300])]
        ) from None
    assert isinstance(resource, Resource)
    return resource


def read_bundle(data: object, where: str = "") -> list[Resource]:
    """The resources of a Bundle this service reads; entries of other FHIR types are skipped, not refused.

    A body that is not a Bundle, an entry that is not a resource, an unknown resource type or a Bundle
    of more than MAX_ENTRIES entries is refused with every problem named.
    """
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        found = data.get("resourceType") if isinstance(data, dict) else type(data).__name__
        message = f"must be a FHIR Bundle (resourceType 'Bundle'), not {str(found)[:60]!r}"
        raise FhirInputError([FhirProblem(resource="Bundle", at=where, path="resourceType", message=message)])
    try:  # the Bundle's own elements (type, total, link...) by the library; its entries one by one below
        get_fhir_model_class("Bundle").model_validate({k: val for k, val in data.items() if k != "entry"})
    except ValidationError as exc:
        shell = [
            FhirProblem(resource="Bundle", at=where, path=_path(e["loc"]), message=str(e["msg"])[:300])
            for e in exc.errors()
        ]
        raise FhirInputError(shell[:20]) from None
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise FhirInputError(
            [FhirProblem(resource="Bundle", at=where, path="entry", message="must be an array of entries")]
        )
    if len(entries) > MAX_ENTRIES:
        message = f"has {len(entries)} entries; at most {MAX_ENTRIES} (send the patient's relevant resources only)"
        raise FhirInputError([FhirProblem(resource="Bundle", at=where, path="entry", message=message)])
    resources: list[Resource] = []
    problems: list[FhirProblem] = []
    for index, entry in enumerate(entries):
        at = _at(where, f"entry[{index}].resource")
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            problems.append(
                FhirProblem(resource="(resource)", at=at, path="(resource)", message="is missing: each entry holds one")
            )
            continue
        kind = resource.get("resourceType")
        if isinstance(kind, str) and kind not in READ_TYPES and _is_fhir_type(kind):
            continue  # an Encounter or a Practitioner in a patient's Bundle is normal, and not needed here
        try:
            resources.append(read_resource(resource, at))
        except FhirInputError as exc:
            problems += exc.problems
    if problems:
        raise FhirInputError(problems[:50])
    return resources


def _is_fhir_type(name: str) -> bool:
    """Whether `name` is a FHIR resource type (not a data type such as CodeableConcept)."""
    try:
        model = get_fhir_model_class(name)
    except (KeyError, ValueError, AttributeError):
        return False
    return isinstance(model, type) and issubclass(model, Resource) and name not in ("Resource", "DomainResource")
