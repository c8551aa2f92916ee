"""The FHIR elements the mapping reads (intake.record, intake.values), by type; intake.schema describes them whole
and passes over the rest."""

from __future__ import annotations

from typing import Any

# The elements the mapping (intake.record, intake.values) reads, by type: described whole. Every other
# element is passed over (its name checked, its content any JSON) and dropped before the models read the
# resource; a required one is given to them as a placeholder (FILL), never read. A test compares each
# record's mapping with and without the elements passed over, so an element read but missing here fails it.
READ: dict[str, frozenset[str]] = {
    "Patient": frozenset({"id", "birthDate", "gender"}),
    "Observation": frozenset(
        {"id", "status", "code", "subject", "effectiveDateTime", "effectiveInstant", "effectivePeriod", "issued"}
        | {"valueCodeableConcept", "valueQuantity", "valueString", "valueInteger", "interpretation", "component"}
    ),
    "ObservationComponent": frozenset({"code", "valueQuantity", "valueCodeableConcept", "valueString", "valueInteger"}),
    "Condition": frozenset(
        {"id", "code", "subject", "verificationStatus", "meta", "onsetDateTime", "recordedDate", "stage", "bodySite"}
        | {"onsetPeriod", "onsetAge"}
    ),
    "ConditionStage": frozenset({"summary"}),
    "Meta": frozenset({"profile"}),
    "Procedure": frozenset({"id", "status", "code", "subject", "performedDateTime", "performedPeriod"}),
    "MedicationRequest": frozenset(
        {"id", "status", "intent", "doNotPerform", "medicationCodeableConcept", "medicationReference", "subject"}
        | {"dosageInstruction", "authoredOn"}
    ),
    "Dosage": frozenset({"timing"}),
    "Timing": frozenset({"repeat"}),
    "TimingRepeat": frozenset({"boundsPeriod"}),
    "MedicationStatement": frozenset(
        {"id", "status", "medicationCodeableConcept", "medicationReference", "subject", "effectiveDateTime"}
        | {"effectivePeriod", "dateAsserted"}
    ),
    "MedicationAdministration": frozenset(
        {"id", "status", "medicationCodeableConcept", "medicationReference", "subject", "effectiveDateTime"}
        | {"effectivePeriod"}
    ),
    "Medication": frozenset({"id", "code"}),
    "Reference": frozenset({"reference"}),
    "CodeableConcept": frozenset({"coding", "text"}),
    "Coding": frozenset({"system", "code", "display"}),
    # the comparator is read (a modifier: "< 2" is not 2), so that a value with one is never read as plain
    "Quantity": frozenset({"value", "unit", "code", "comparator"}),
    "Age": frozenset({"value", "unit", "code", "comparator"}),
    "Period": frozenset({"start", "end"}),
    "Bundle": frozenset({"type"}),  # its id is never used: passed over, whatever it holds
}
FILL: dict[str, Any] = {"Reference": {}, "Code": "unknown"}  # placeholders for required elements not read
