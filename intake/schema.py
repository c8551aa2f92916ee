"""The FHIR R4B JSON this service reads, as JSON Schema: what the OpenAPI document says and what the server
checks are one and the same schema (intake.check validates each body with it).

Built from the fhir.resources R4B models. The elements the mapping reads (READ) are described whole: their
types, cardinality, required elements, and at most one form of a choice element (value[x]), with JSON's own
types (a number is a number, never "5") and FHIR's regular expressions for primitive types written so that
JavaScript's regular expressions (those of JSON Schema) and the models' own checks agree (intake.primitives).
Every other element of the type (and a primitive's `_element`) is passed over: its name must be one of the
type's elements, its content is any JSON, and it is dropped before the models read the resource (`prune`),
so whatever the schema allows, the models accept. Unknown element names are refused, as FHIR refuses them.
Describing only what is read keeps the schema small enough for schemathesis to cover in seconds.
"""

from __future__ import annotations

import copy
import functools
import types
import typing
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from fhir_core.types import FhirBase

from intake.elements import FILL, READ
from intake.fhir_types import RESOURCE_TYPES
from intake.prefetch import PREFETCH
from intake.primitives import PRIMITIVES, SAME_AS

Schema = dict[str, Any]
REF = "#/components/schemas/{}"
READ_TYPES = (
    "Patient",
    "Condition",
    "Observation",
    "Procedure",
    "MedicationRequest",
    "MedicationStatement",
    "MedicationAdministration",
    "Medication",
)
PASSED_OVER = ("extension", "contained")
# FHIR's modifier elements this service does not understand: each may change what the resource or element
# means (a modifier extension can turn an order into "do not give"), so reading the rest as if it were plain
# could turn a negated record into a positive fact. They are refused, naming the path, rather than passed
# over: a record passed over would itself read as "not given", so neither guess is safe, and the sender can
# resend the record without them. Elements not read (referenceRange, note...) stay passed over whole.
MODIFIERS: dict[str, str] = {
    "modifierExtension": "no modifier extension: it may change what the record means (FHIR's rule for"
    " modifiers), and this service understands none, so a record carrying one is refused rather than misread",
    "implicitRules": "no implicitRules: the rules a record was written under may change what it means (FHIR's"
    " rule for modifiers), and this service knows none, so a record carrying them is refused rather than misread",
}
# a whole patient file as Synthea writes one (thousands of entries, most of them skipped unread) fits; the body
# limit of the FHIR routes (web.fhir_case) bounds it first
MAX_ENTRIES = 20_000
MAX_ITEMS = 100  # items of any other array read (codings, components, dosages...): no real record comes near


def _primitive(annotation: Any) -> str:
    """The primitive type's name (String, DateTime...) of a model field's annotation."""
    if annotation is bool:
        return "Boolean"
    kind = type(typing.get_args(annotation)[1]).__name__
    return SAME_AS.get(kind, kind)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The element type of an annotation (Optional and List removed), and whether it repeats."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            annotation, many = typing.get_args(annotation)[0], True
        else:
            return annotation, many


def _ref(name: str) -> Schema:
    return {"$ref": REF.format(f"Fhir{name}")}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}
        # type -> the elements the models read (the rest is dropped), its complex ones (name -> type), and
        # the required elements passed over, with the placeholder each is given to the models as
        self.plan: dict[str, tuple[frozenset[str], dict[str, str], dict[str, Any]]] = {}

    def build(self, name: str) -> None:
        if f"Fhir{name}" in self.defs:
            return
        self.defs[f"Fhir{name}"] = {}
        model = get_fhir_model_class(name)
        props: Schema = {}
        names: list[str] = []
        required: list[str] = []
        choices: dict[str, tuple[bool, list[str]]] = {}
        children: dict[str, str] = {}
        filled: dict[str, Any] = {}
        if issubclass(model, Resource):
            props["resourceType"] = {"const": name}
            required.append("resourceType")
        for field, info in model.model_fields.items():
            alias, extra = info.alias or field, info.json_schema_extra or {}
            assert isinstance(extra, dict)
            if field == "fhir_comments":
                continue  # no FHIR JSON element
            names.append(alias)
            if (name, alias) == ("Bundle", "entry"):
                continue  # described below
            must = info.is_required() or bool(extra.get("element_required"))
            if must:
                required.append(alias)
            if group := extra.get("one_of_many"):
                choices.setdefault(str(group), (bool(extra.get("one_of_many_required")), []))[1].append(alias)
            element, many = _unwrap(info.annotation)
            if alias in MODIFIERS:
                props[alias] = {"not": {}, "description": MODIFIERS[alias]}
                continue
            if field.endswith("__ext") or alias in PASSED_OVER:
                continue
            complex_ = isinstance(element, type) and issubclass(element, FhirBase)
            kind = element._model_klass.rsplit(".", 1)[1] if complex_ else _primitive(element)
            if alias not in READ.get(name, ()):
                if must or extra.get("one_of_many_required"):
                    filled[alias] = FILL[kind]  # a KeyError here: a required element of a new type passed over
                continue
            if complex_:
                self.build(kind)
                children[alias] = kind
            item = _ref(kind)
            props[alias] = {"type": "array", "items": item, "maxItems": MAX_ITEMS} if many else item
        opaque: Schema = {}  # any JSON (bounded only as every body is, by web.jsonbody)
        name_start = 0 if "resourceType" in props else 1
        # the other elements (complex ones not read, extensions, a primitive's _element): named, passed over
        schema: Schema = {
            "type": "object",
            "properties": props,
            # a pattern, not an enum: an enum of names beside the choice rules is more than the generator reads
            "propertyNames": {"pattern": "^(?:" + "|".join(["resourceType", *names][name_start:]) + ")$"},
            "additionalProperties": opaque,
        }
        if required:
            schema["required"] = required
        rules = []
        for group, (must, members) in choices.items():
            if not must:  # the forms passed over are dropped before the models read: at most one of the rest
                members[:] = [alias for alias in members if alias in props]
            if must or len(members) > 1:
                rules.append(_choice(group, must, members))
        if rules:
            schema["allOf"] = rules
        self.defs[f"Fhir{name}"] = schema
        self.plan[name] = (frozenset(props), children, filled)


def _choice(group: str, required: bool, names: list[str]) -> Schema:
    """At most one of a choice element's forms (exactly one if it is required)."""
    branches: list[Schema] = [
        {"required": [name], "properties": {other: False for other in names if other != name}} for name in names
    ]
    if not required:
        branches.append({"properties": dict.fromkeys(names, False)})
    how = "exactly" if required else "at most"
    return {"oneOf": branches, "description": f"{how} one of {', '.join(names)} ({group}[x])"}


@functools.cache
def _built() -> _Builder:
    builder = _Builder()
    for name in (*READ_TYPES, "Bundle"):
        builder.build(name)
    for name, schema in PRIMITIVES.items():
        builder.defs[f"Fhir{name}"] = schema
    _entries(builder.defs)
    _prefetch(builder.defs)
    return builder


def prefetch_type(key: str) -> str:
    """The resource type a prefetch key's query asks for: Patient/{{...}} -> Patient, Condition?... -> Condition."""
    return PREFETCH[key][0].split("?")[0].split("/")[0]


def prefetch_kinds(key: str) -> tuple[str, ...]:
    """The resource types read in a prefetch key's Bundle: its query's type, and for a medication query the
    Medications its `_include` brings (searchset entries of search.mode "include", named by medicationReference)."""
    kind = prefetch_type(key)
    return (kind, "Medication") if "_include=" in PREFETCH[key][0] else (kind,)


def _entries(defs: dict[str, Schema], suffix: str = "", kinds: tuple[str, ...] = READ_TYPES) -> None:
    """A Bundle's entries: each holds a resource; those of the types read (`kinds`) are described whole,
    those of another FHIR type are skipped (any content), any other resourceType is refused."""
    others = [kind for kind in RESOURCE_TYPES if kind not in kinds]
    defs[f"FhirOtherResource{suffix}"] = {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"enum": others}},
        "additionalProperties": True,
        "description": "a resource of another FHIR R4B type: skipped, not read",
    }
    defs[f"FhirBundleEntry{suffix}"] = {
        "type": "object",
        "required": ["resource"],
        # another type first: schemathesis fills its longest Bundles (500 entries) with the first form, and
        # skipped entries answer in a fraction of the time of read ones
        "properties": {"resource": {"oneOf": [_ref(f"OtherResource{suffix}"), *(_ref(kind) for kind in kinds)]}},
        "additionalProperties": True,
        "description": "an entry: its resource (fullUrl, search and the rest are not read)",
    }
    bundle = defs[f"FhirBundle{suffix}"] = copy.deepcopy(defs["FhirBundle"])
    bundle["properties"]["entry"] = {
        "type": "array",
        "maxItems": MAX_ENTRIES,
        "items": _ref(f"BundleEntry{suffix}"),
        "description": f"at most {MAX_ENTRIES} entries; resources read: {', '.join(kinds)} (other FHIR types"
        " are skipped)",
    }


def _prefetch(defs: dict[str, Schema]) -> None:
    """The prefetch: each key holds what its query asks for (a Patient, or a Bundle whose entries of that
    one type are read), or null."""
    for key in PREFETCH:
        if key != "patient":
            _entries(defs, prefetch_type(key), prefetch_kinds(key))
    defs["FhirOperationOutcome"] = {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"const": "OperationOutcome"}},
        "additionalProperties": True,
        "description": "the EHR's report that it could not fetch this key (CDS Hooks 2.0): noted on a card, not read",
    }
    defs["FhirPrefetch"] = {
        "type": "object",
        "properties": {
            key: {
                "anyOf": [
                    _ref(f"Bundle{prefetch_type(key)}" if key != "patient" else "Patient"),
                    _ref("OperationOutcome"),
                    {"type": "null"},
                ]
            }
            for key in PREFETCH
        },
        "additionalProperties": True,
        "description": "patient: a Patient; the other keys: Bundles (searchset) of the type each query asks for,"
        " with the Medications a medication query includes (_include), whose entries of other types are skipped."
        " null: the EHR found nothing; an OperationOutcome: it could not fetch the key (named in a card); a key"
        " not sent is named too; a key not asked for is not read",
    }


def definitions() -> dict[str, Schema]:
    """The JSON Schema definitions of the FHIR this service reads, keyed by component name (FhirObservation...);
    FhirBundle is the Bundle without its entries (web.openapi_fhir says what an entry holds)."""
    return _built().defs


def plan(name: str) -> tuple[frozenset[str], dict[str, str], dict[str, Any]]:
    """The elements of a type the models read, its complex ones (name -> type), and the required ones
    passed over."""
    return _built().plan[name]


def prune(data: Any, name: str) -> Any:
    """A copy of a resource (or element) without its passed-over parts: what the models then read."""
    if isinstance(data, list):
        return [prune(item, name) for item in data]
    if not isinstance(data, dict):
        return data
    kept, children, filled = plan(name)
    pruned = {k: prune(v, children[k]) if k in children else v for k, v in data.items() if k in kept}
    return pruned | {k: fill for k, fill in filled.items() if k in data}
