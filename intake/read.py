"""FHIR R4 resources read with the `fhir.resources` models, or refused naming the resource and the path.

`fhir.resources` has no R4 package of its own; its R4B models (FHIR 4.3) read R4 (4.0.1) JSON for
every resource read here (Patient, Condition, Observation, Procedure and the three medication
resources), whose elements did not change between the two. Each resource is first checked against the
JSON Schema the OpenAPI document publishes (intake.schema, built from those models), so that what the
document allows is exactly what is read; the models then read it without the parts the schema passes
over (extensions, contained resources). Modifiers it does not understand (modifierExtension,
implicitRules) are refused by the schema, never passed over: they may change what the record means.
This module walks the Bundle and turns each problem into a message that names `Observation/her2-1` and
the element path.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel, ConfigDict, ValidationError

from intake import schema
from intake.schema import MAX_ENTRIES, READ_TYPES

__all__ = ["MAX_ENTRIES", "READ_TYPES", "FhirInputError", "FhirProblem", "label", "read_bundle", "read_resource"]


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


def label(data: Any) -> str:
    """A resource as errors name it: `Observation/her2-1`, or its type, or `(resource)`."""
    if not isinstance(data, dict):
        return "(resource)"
    kind, rid = data.get("resourceType"), data.get("id")
    if isinstance(kind, str) and isinstance(rid, str):
        return f"{kind[:40]}/{rid[:64]}"
    return kind[:40] if isinstance(kind, str) else "(resource)"


def read_resource(data: dict[str, Any], where: str) -> Resource:
    """One resource, already checked against its schema (intake.check), read by its R4B model without
    the parts the schema passes over; `where` says where it sat (e.g. `entry[3].resource`)."""
    kind = str(data["resourceType"])
    try:  # what the schema allows, the models accept (tested); a slip would still be a 422, never a 500
        resource = get_fhir_model_class(kind).model_validate(schema.prune(data, kind))
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        problem = FhirProblem(resource=label(data), at=where, path="(resource)", message=str(exc)[:300])
        raise FhirInputError([problem]) from None
    assert isinstance(resource, Resource)
    return resource


def read_bundle(data: dict[str, Any], where: str = "", kinds: tuple[str, ...] = READ_TYPES) -> list[Resource]:
    """The resources of `kinds` in a checked Bundle (intake.check); entries of other types are skipped."""
    resources: list[Resource] = []
    for index, entry in enumerate(data.get("entry", [])):
        resource = entry["resource"]
        if resource["resourceType"] in kinds:
            resources.append(read_resource(resource, f"{where}.entry[{index}].resource".lstrip(".")))
    return resources
