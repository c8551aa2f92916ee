"""POST /api/v1/fhir/case (web/fhir_case.py): a Bundle in, the case and its provenance out; bad FHIR is a 422."""

from __future__ import annotations

from fhir_records import NEGATIVE, RECORDS, bundle, her2_ihc, patient
from flask.testing import FlaskClient
from packaged import DISCLAIMER

from engine.vocabulary import CASE_FIELDS
from web import FHIR_MAX_BODY_BYTES


def test_a_bundle_gives_its_case_and_provenance(client: FlaskClient) -> None:
    """A metastatic record answers its case, each field's source, and the disclaimer."""
    response = client.post("/api/v1/fhir/case?as_of=2025-01-15", json=bundle(*RECORDS["metastatic pretreated"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["case"]["metastatic_line"] == "pretreated"
    assert body["case"]["as_of"] == "2025-01-15"
    sources = {s["field"]: s for s in body["provenance"]}
    assert sources["months_since_trastuzumab"]["resource"] == "MedicationAdministration/t2"
    assert body["disclaimer"] == DISCLAIMER


def test_the_mapped_case_is_answered_like_the_same_case_typed_in(client: FlaskClient) -> None:
    """The case from the record gets the JSON API's answer for that case."""
    mapped = client.post("/api/v1/fhir/case?as_of=2025-01-15", json=bundle(*RECORDS["neoadjuvant"])).get_json()
    # a field said to be not known (prior trastuzumab) stays null: left out, it would be read as its default
    case = {k: v for k, v in mapped["case"].items() if v is not None or CASE_FIELDS[k].nullable}
    answer = client.post("/api/v1/recommendations", json=case)
    assert answer.status_code == 200
    assert answer.get_json()["case"] == mapped["case"]


def test_bad_fhir_is_a_422_naming_resource_and_path(client: FlaskClient) -> None:
    """A malformed Observation is refused with its resource, entry and element named, never a 500."""
    record = bundle(patient(), her2_ihc("her2", "not a date", NEGATIVE))
    response = client.post("/api/v1/fhir/case", json=record)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "entry[1].resource.effectiveDateTime"
    assert error["message"].startswith("Observation/her2, effectiveDateTime: ")


def test_a_resource_that_is_not_a_bundle_is_a_422(client: FlaskClient) -> None:
    """A Patient posted where a Bundle belongs is refused naming resourceType."""
    response = client.post("/api/v1/fhir/case", json=patient())
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "resourceType"


def test_a_future_or_malformed_date_is_a_422(client: FlaskClient) -> None:
    """as_of must be a real date, not in the future."""
    for value in ("2999-01-01", "15/01/2025"):
        response = client.post(f"/api/v1/fhir/case?as_of={value}", json=bundle(patient()))
        assert response.status_code == 422
        assert response.get_json()["errors"][0]["field"] == "as_of"


def test_an_empty_record_gives_no_case_and_says_what_to_send(client: FlaskClient) -> None:
    """A Bundle with only the Patient: case is null and the missing inputs say what to send."""
    body = client.post("/api/v1/fhir/case", json=bundle(patient())).get_json()
    assert body["case"] is None
    assert [p["field"] for p in body["problems"]] == ["setting"]
    assert any("254837009" in m["send"] for m in body["missing"])


def test_a_fhir_body_over_its_limit_names_that_limit(client: FlaskClient) -> None:
    """A FHIR record one byte over the FHIR routes' limit is a 413 whose words give that limit (8 MB), not the
    1 MB of the other routes."""
    body = b"[" + b" " * (FHIR_MAX_BODY_BYTES - 1) + b"]"
    response = client.post("/api/v1/fhir/case", data=body, content_type="application/fhir+json")
    assert response.status_code == 413
    assert f"{FHIR_MAX_BODY_BYTES:,} bytes (8 MB)" in response.json["message"]
