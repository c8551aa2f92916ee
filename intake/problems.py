"""What is wrong with FHIR input, named by resource (`Observation/her2`), where it sat in the body and the element
path: the one error shape of every step of the intake."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


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
