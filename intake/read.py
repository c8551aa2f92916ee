"""FHIR R4 resources read once with the `fhir.resources` models, after intake.check has checked them.

`fhir.resources` has no R4 package of its own; its R4B models (FHIR 4.3) read R4 (4.0.1) JSON for every
resource read here (Patient, Condition, Observation, Procedure, Medication and the three medication
resources), whose elements did not change between the two. The models read each resource without the parts
the schema passes over (intake.schema.prune), so whatever the schema allows, they accept. A Medication a
medicationReference names is read too: a Bundle entry, or one contained in the resource that names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from engine.templates import Sentences
from intake import codes, schema
from intake.check import path
from intake.problems import FhirInputError, FhirProblem, label
from intake.schema import MAX_ENTRIES, READ_TYPES

MAX_UNREAD_NOTES = 20  # resources whose invalid elements not read are noted one by one; the rest are counted
UNREAD_PATHS = 3  # elements named in one such note

__all__ = ["MAX_ENTRIES", "READ_TYPES", "Entries", "read_bundle", "read_resource"]


@dataclass
class Entries:
    """The resources read, each with where it sat in the body, and the Medications by every name a reference
    may give them (`Medication/id`, the entry's fullUrl, `#id` within the resource that contains it). Its notes are
    in the knowledge base's words (`says`: [record_read])."""

    says: Sentences
    read: list[tuple[str, Resource]] = field(default_factory=list)
    medications: dict[str, Resource] = field(default_factory=dict)
    contained: dict[int, dict[str, Resource]] = field(default_factory=dict)  # id() of a resource -> its own
    full_urls: dict[int, str] = field(default_factory=dict)  # id() of a resource -> its entry's fullUrl
    notes: list[str] = field(default_factory=list)  # what the sender said it could not send: pages, outcomes
    unread_invalid: int = 0  # resources with invalid elements not read (each noted, up to MAX_UNREAD_NOTES)
    # every resource of a type read, relevant or not: (where, `Type/id`, its subject's reference or None)
    subjects: list[tuple[str, str, str | None]] = field(default_factory=list)
    patients: list[tuple[str, str, str | None]] = field(default_factory=list)  # (where, id, fullUrl)

    @property
    def unread_note(self) -> list[str]:
        """The note counting the resources with invalid elements not read beyond those noted one by one."""
        more = self.unread_invalid - MAX_UNREAD_NOTES
        return [self.says("more_unread", count=str(more))] if more > 0 else []

    @property
    def resources(self) -> list[Resource]:
        return [resource for _, resource in self.read]

    def medication(self, resource: Any, reference: str) -> Resource | None:
        """The Medication a resource's medicationReference names: one it contains, or one of the Bundle."""
        return self.contained.get(id(resource), {}).get(reference) or self.medications.get(reference)


def _codes(concept: Any) -> set[str]:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    if not isinstance(codings, list):
        return set()
    return {c["code"] for c in codings if isinstance(c, dict) and isinstance(c.get("code"), str)}


def relevant(resource: dict[str, Any]) -> bool:
    """Whether the mapping reads anything in a (checked) resource: an Observation or Procedure only when one of
    its codes is one the mapping reads; a whole patient file's vital signs and visits are not parsed."""
    kind = resource["resourceType"]
    if kind == "Observation":
        said = _codes(resource.get("code")) | _codes(resource.get("valueCodeableConcept"))
        for component in resource.get("component") or []:
            said |= _codes(component.get("code")) if isinstance(component, dict) else set()
        return bool(said & codes.OBSERVATION_CODES)
    if kind == "Procedure":
        return bool(_codes(resource.get("code")) & {code for _, code in codes.BREAST_SURGERY})
    return True


def outcome_words(resource: Any, says: Sentences) -> str:
    """What an OperationOutcome says, shortened: its issues' severity, code and diagnostics or text (joined as
    `says`, [record_read], joins them)."""
    said = []
    for issue in (resource.get("issue") or [])[:5] if isinstance(resource.get("issue"), list) else []:
        if isinstance(issue, dict):
            words = [str(issue.get(k))[:120] for k in ("severity", "code", "diagnostics") if issue.get(k)]
            said.append(" ".join(words))
    return says("issues").join(said) or says("no_issue")


def read_resource(data: dict[str, Any], where: str, entries: Entries | None = None) -> Resource:
    """One resource, already checked against its schema (intake.check), read by its R4B model; `where` says where
    it sat (e.g. `entry[3].resource`). With `entries`, the resource is read whole when it is valid FHIR (one parse);
    when a part the schema passes over is not, that is noted in `entries`, never fatal (the mapping does not read
    it), and the resource is read without the parts passed over, which the models always accept."""
    kind = str(data["resourceType"])
    model = get_fhir_model_class(kind)
    if entries is not None:
        try:
            whole = model.model_validate(data)
            assert isinstance(whole, Resource)
            return whole
        except ValidationError as exc:
            _note_unread(data, where, exc.errors(), entries)
    try:  # what the schema allows, the models accept (tested); a slip would still be a 422, never a 500
        resource = model.model_validate(schema.prune(data, kind))
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        problem = FhirProblem(resource=label(data), at=where, path="(resource)", message=str(exc)[:300])
        raise FhirInputError([problem]) from None
    assert isinstance(resource, Resource)
    return resource


def _note_unread(data: dict[str, Any], where: str, errors: list[Any], entries: Entries) -> None:
    """Note the elements passed over that are not valid FHIR R4B: at most UNREAD_PATHS of a resource, and
    MAX_UNREAD_NOTES resources, then one note counting the rest (Entries.unread_note)."""
    entries.unread_invalid += 1
    if entries.unread_invalid > MAX_UNREAD_NOTES:
        return
    says = entries.says
    paths = [path(e["loc"]) or "(resource)" for e in errors[:UNREAD_PATHS]] or ["(resource)"]
    more = says("more_paths", count=str(len(errors) - UNREAD_PATHS)) if len(errors) > UNREAD_PATHS else ""
    said = says("list").join(dict.fromkeys(paths)) + more
    first = str(errors[0]["msg"])[:80] if errors else says("not_valid")
    entries.notes.append(says("unread", resource=label(data), where=where, paths=said, error=first))


def _contained(data: dict[str, Any], where: str) -> dict[str, Resource]:
    """The Medications a medication resource contains, by `#id`."""
    found: dict[str, Resource] = {}
    for i, item in enumerate(data.get("contained") or []):
        if isinstance(item, dict) and item.get("resourceType") == "Medication" and isinstance(item.get("id"), str):
            try:  # contained resources are passed over by the schema: one the models refuse is not read
                found["#" + item["id"]] = read_resource(item, f"{where}.contained[{i}]")
            except FhirInputError:
                continue
    return found


def read_bundle(
    data: dict[str, Any], entries: Entries, where: str = "", kinds: tuple[str, ...] = READ_TYPES
) -> Entries:
    """The resources of `kinds` in a checked Bundle (intake.check) into `entries`; entries of other types are
    skipped."""
    says = entries.says
    bundle = where or says("the_bundle")
    links = data.get("link")
    if isinstance(links, list) and any(isinstance(k, dict) and k.get("relation") == "next" for k in links[:100]):
        entries.notes.append(says("paged", bundle=bundle))
    for index, entry in enumerate(data.get("entry", [])):
        resource = entry["resource"]
        if resource["resourceType"] == "OperationOutcome":
            entries.notes.append(says("outcome_in", bundle=bundle, outcome=outcome_words(resource, says)))
        if resource["resourceType"] not in kinds:
            continue
        at = f"{where}.entry[{index}].resource".lstrip(".")
        subject = resource.get("subject")
        reference = subject.get("reference") if isinstance(subject, dict) else None
        entries.subjects.append((at, label(resource), reference if isinstance(reference, str) else None))
        if resource["resourceType"] == "Patient":
            full_url = entry.get("fullUrl")
            entries.patients.append((at, str(resource.get("id")), full_url if isinstance(full_url, str) else None))
        if not relevant(resource):
            continue  # checked, and about this patient, but nothing in it is read: not parsed
        model = read_resource(resource, at, entries)
        if isinstance(entry.get("fullUrl"), str):
            entries.full_urls[id(model)] = entry["fullUrl"]
        if resource["resourceType"] == "Medication":
            for name in (f"Medication/{model.id}", entry.get("fullUrl")):
                if isinstance(name, str):
                    entries.medications[name] = model
            continue
        if resource["resourceType"].startswith("Medication") and resource.get("contained"):
            entries.contained[id(model)] = _contained(resource, at)
        entries.read.append((at, model))
    return entries
