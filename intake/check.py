"""FHIR input checked against the schemas the OpenAPI document publishes (intake.schema), each problem
named by the resource (`Observation/her2`), where it sat in the body and the element path.

The whole body is checked by the one schema the document gives for it, so that the server refuses
exactly what the document does not allow; only the wording of each problem is chosen here.
"""

from __future__ import annotations

import functools
import itertools
import json
from typing import Any

import jsonschema_rs

from intake import schema
from intake.fhir_types import RESOURCE_TYPES
from intake.prefetch import PREFETCH
from intake.problems import FhirInputError, FhirProblem, label
from intake.schema import MAX_ENTRIES, READ_TYPES

MAX_PROBLEMS = 50  # problems named in one answer, in all
MAX_RESOURCE_PROBLEMS = 20  # problems named for one resource
LISTED_CHARS = 64 * 1024  # a resource larger than this, if invalid, is named once: its errors are not enumerated


@functools.cache
def validator(name: str) -> Any:
    """A validator for one of the schema's definitions (FhirBundle, FhirPatient...)."""
    document = {"$ref": schema.REF.format(name), "components": {"schemas": schema.definitions()}}
    return jsonschema_rs.validator_for(document)


def path(loc: Any) -> str:
    """A JSON path as the errors write it: entry[3].resource.code, extension["her2-cds"].as_of."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).isidentifier():
            text += f".{part}" if text else str(part)
        else:
            text += f"[{str(part)[:40]!r}]".replace("'", '"')
    return text


def _at(where: str, more: str) -> str:
    return f"{where}.{more}" if where and more else where or more


def _allowed(error: Any, components: dict[str, Any] | None) -> str:
    """The description of the innermost schema the value failed (its keyword's place is a path from the
    root of the components, past any $ref), or the validator's own words."""
    node: Any = {"components": components or {"schemas": schema.definitions()}}
    said = ""
    for step in list(error.schema_path)[:-1]:
        node = node[step]
        if isinstance(node, dict) and "description" in node:
            said = node["description"]
    return said or str(error.message)[:200]


def _innermost(error: Any) -> Any:
    """For a value that fits none of several forms (anyOf), the deepest problem of the form it came
    closest to: `extension["her2-cds"].as_of`, not `extension`."""
    if not isinstance(error.kind, jsonschema_rs.ValidationErrorKind.AnyOf):
        return error
    inner = [e for branch in error.kind.context for e in branch]
    deepest = max(inner, key=lambda e: len(list(e.instance_path)), default=error)
    return _innermost(deepest) if len(list(deepest.instance_path)) > len(list(error.instance_path)) else error


def describe(error: Any, whole: str = "", components: dict[str, Any] | None = None) -> tuple[str, str]:
    """(element path, message) of a validation error; `whole` names the object when the path is empty;
    `components` are those the validator's schema sits in (default: the FHIR definitions alone)."""
    error = _innermost(error)
    kind, loc = error.kind, list(error.instance_path)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return path([*loc, kind.property]), "is required"
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        where = whole if not loc and whole else "this element"
        return path([*loc, kind.unexpected[0]]), f"is not an element of {where} in FHIR R4B"
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.PropertyNames) and isinstance(error.instance, dict):
        # the element names of the type, as the schema's pattern lists them: name the first that is not one
        node: Any = {"components": components or {"schemas": schema.definitions()}}
        for step in list(error.schema_path)[:-1]:
            node = node[step]
        names = set(node["pattern"].removeprefix("^(?:").removesuffix(")$").split("|"))
        unknown = next((key for key in error.instance if key not in names), "(element)")
        where = whole if not loc and whole else "this element"
        return path([*loc, unknown]), f"is not an element of {where} in FHIR R4B"
    if isinstance(error.instance, (dict, list)):  # a rule across elements (one of value[x]): the rule says it
        return path(loc), f"is not allowed as given; allowed: {_allowed(error, components)}"
    shown = repr(error.instance)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return path(loc), f"{shown} is not allowed; allowed: {_allowed(error, components)}"


def _sized(data: Any) -> int:
    """The characters of a resource's JSON, counted up to the limit past which its problems are not listed."""
    try:
        return len(json.dumps(data, separators=(",", ":")))
    except (TypeError, ValueError):
        return 0


def check_resource(data: Any, where: str, kind: str) -> list[FhirProblem]:
    """The problems of one resource of a type read here: at most MAX_RESOURCE_PROBLEMS, and for a resource
    larger than LISTED_CHARS one problem naming it (its errors are not enumerated: a bounded answer)."""
    check = validator(f"Fhir{kind}")
    if check.is_valid(data):
        return []
    size = _sized(data)
    if size > LISTED_CHARS:
        message = (
            f"does not match FHIR R4B {kind} as read here; at {size:,} characters its problems are not listed one"
            f" by one (they are for a resource of at most {LISTED_CHARS:,})"
        )
        return [FhirProblem(resource=label(data), at=where, path="(resource)", message=message)]
    said = (describe(e, kind) for e in itertools.islice(check.iter_errors(data), MAX_RESOURCE_PROBLEMS))
    return [FhirProblem(resource=label(data), at=where, path=p or "(resource)", message=m) for p, m in said]


def _resource_problems(resource: Any, where: str, kinds: tuple[str, ...] = READ_TYPES) -> list[FhirProblem]:
    """Why an entry's resource matches none of the types: it is not an object, its type is not FHIR's,
    or it is a type read here with problems of its own."""
    if not isinstance(resource, dict):
        return [FhirProblem(resource="(resource)", at=where, path="(resource)", message="is not a JSON object")]
    kind = resource.get("resourceType")
    if kind in kinds:
        return check_resource(resource, where, str(kind))
    if isinstance(kind, str) and kind in RESOURCE_TYPES:
        return []  # another FHIR type: skipped, whatever it holds
    shown = repr(kind)[:60] if kind is not None else "missing"
    message = f"resourceType {shown} is not read here; allowed: {', '.join(kinds)}, or another FHIR R4B type"
    return [FhirProblem(resource=label(resource), at=where, path="resourceType", message=message + " (skipped)")]


def _patient_problems(patient: Any, where: str) -> list[FhirProblem]:
    if isinstance(patient, dict) and patient.get("resourceType") != "Patient":
        shown = repr(patient.get("resourceType"))[:60]
        message = f"resourceType {shown} is not read here; allowed: Patient"
        return [FhirProblem(resource=label(patient), at=where, path="resourceType", message=message)]
    return _resource_problems(patient, where)


def _entry_problems(bundle: dict[str, Any], where: str, kinds: tuple[str, ...]) -> list[FhirProblem]:
    """The problems of the entries, one entry at a time, until MAX_PROBLEMS are found."""
    entries = bundle.get("entry")
    if "entry" not in bundle:
        return []
    if not isinstance(entries, list):
        return [FhirProblem(resource="Bundle", at=where, path="entry", message="must be an array of entries")]
    if len(entries) > MAX_ENTRIES:
        message = f"has {len(entries):,} entries; at most {MAX_ENTRIES:,} (send the patient's relevant resources only)"
        return [FhirProblem(resource="Bundle", at=where, path="entry", message=message)]
    name = "FhirBundleEntry" if kinds == READ_TYPES else f"FhirBundleEntry{kinds[0]}"
    problems: list[FhirProblem] = []
    for i, entry in enumerate(entries):
        if validator(name).is_valid(entry):
            continue
        at = _at(where, f"entry[{i}].resource")
        if not isinstance(entry, dict) or "resource" not in entry:
            message = "is missing: each entry holds one"
            problems.append(FhirProblem(resource="(resource)", at=at, path="(resource)", message=message))
        else:
            problems += _resource_problems(entry["resource"], at, kinds)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def bundle_problems(bundle: Any, where: str = "", kinds: tuple[str, ...] = READ_TYPES) -> list[FhirProblem]:
    """The problems of a Bundle whose entries of `kinds` are read, worded by the resource each is in: at most
    MAX_PROBLEMS, found without enumerating more (a valid Bundle costs one pass of the validator)."""
    name = "FhirBundle" if kinds == READ_TYPES else f"FhirBundle{kinds[0]}"
    if validator(name).is_valid(bundle):
        return []
    rest = {key: value for key, value in bundle.items() if key != "entry"}
    problems = [
        FhirProblem(resource="Bundle", at=where, path=element or "(resource)", message=message)
        for element, message in (
            describe(e, "Bundle") for e in itertools.islice(validator("FhirBundle").iter_errors(rest), MAX_PROBLEMS)
        )
    ]
    problems += _entry_problems(bundle, where, kinds)
    return problems[:MAX_PROBLEMS]


def check_bundle(bundle: Any, where: str = "", kinds: tuple[str, ...] = READ_TYPES) -> None:
    """Refuse a Bundle the document does not allow, naming every problem."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        found = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle).__name__
        message = f"must be a FHIR Bundle (resourceType 'Bundle'), not {str(found)[:60]!r}"
        raise FhirInputError([FhirProblem(resource="Bundle", at=where, path="resourceType", message=message)])
    if problems := bundle_problems(bundle, where, kinds):
        raise FhirInputError(problems)


def outcome(value: Any) -> bool:
    """Whether a prefetch value is an OperationOutcome: the EHR's report that it could not fetch the key."""
    return isinstance(value, dict) and value.get("resourceType") == "OperationOutcome"


def check_prefetch(prefetch: Any) -> None:
    """Refuse a prefetch the document does not allow: its Patient and Bundles checked as above."""
    if not validator("FhirPrefetch").is_valid(prefetch):
        if not isinstance(prefetch, dict):
            message = "must be a JSON object"
            raise FhirInputError(
                [FhirProblem(resource="(prefetch)", at="prefetch", path="(prefetch)", message=message)]
            )
        problems: list[FhirProblem] = []
        for key, value in prefetch.items():
            where = f"prefetch.{key}"
            if outcome(value):
                continue  # the EHR's word that it could not fetch this key (CDS Hooks 2.0): noted, not read
            if key == "patient" and value is not None:
                problems += _patient_problems(value, where)
            elif key in PREFETCH and value is not None:
                try:
                    check_bundle(value, where, schema.prefetch_kinds(key))
                except FhirInputError as exc:
                    problems += exc.problems
        if not problems:  # a key not asked for, nested deeper than the schema allows
            problems = [
                FhirProblem(resource="(prefetch)", at="prefetch", path=p or "(prefetch)", message=m)
                for p, m in (
                    describe(e) for e in itertools.islice(validator("FhirPrefetch").iter_errors(prefetch), MAX_PROBLEMS)
                )
            ]
        raise FhirInputError(problems[:MAX_PROBLEMS])
