"""The OpenAPI 3.1 document (web/openapi.py): valid, complete, and true of what the server answers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from packaged import DISCLAIMER, REGIMEN_IDS
from served import post as served_post
from web_cases import CASES, as_form

from engine import load_knowledge_base
from her2_cds.serving import Served
from web.openapi import openapi_document

LIBRARY_CASE = "first-line-dual-blockade"
LIBRARY = load_knowledge_base()  # the document lists its library's cases, regimens and cut-off
CASE_QUERY = urlencode(as_form(CASES["neoadjuvant"]))
# The routes that answer HTML pages (endpoint -> a URL showing it): the only routes the document leaves out,
# besides static files. Each is checked to answer text/html, so that an exemption cannot hide an API route.
HTML_PAGES = {
    "pages.index": "/",
    "pages.answer": f"/answer?{CASE_QUERY}",
    "openapi.api_page": "/api",
    "teaching.cases": "/cases",
    "teaching.case_page": f"/cases/{LIBRARY_CASE}",
    "teaching.learn_case": f"/cases/{LIBRARY_CASE}/learn",
    "teaching.learn_any": f"/learn?{CASE_QUERY}",
    "teaching.learn_result": f"/learn/result?{CASE_QUERY}&" + "&".join(f"choice-{r}=unsure" for r in REGIMEN_IDS),
    "teaching.learn_case_result": f"/cases/{LIBRARY_CASE}/learn/result?"
    + "&".join(f"choice-{r}=unsure" for r in REGIMEN_IDS),
    "teaching.handout_page": f"/handout?{CASE_QUERY}",
    "teaching.case_handout_page": f"/cases/{LIBRARY_CASE}/handout",
    "teaching.what_if_page": f"/what-if?{CASE_QUERY}",
    "teaching.timeline": f"/timeline?{CASE_QUERY}",
    "teaching.evidence": "/evidence",
    "questions.open_questions_page": "/open-questions",
    "glossary.glossary_page": "/glossary",
    "seminar_pages.new": "/seminars/new",
    "seminar_pages.create": "/seminars/new",  # POST answers the page with the new seminar's links
    "seminar_pages.student": "/s/{code}",
    "seminar_pages.present": "/s/{code}/present",
    "seminar_pages.reveal": "/s/{code}/present",  # POST: the teacher reveals an answer
    "seminar_pages.worksheet": "/s/{code}/worksheet",
    "seminar_pages.results": "/s/{code}/results",
}


def openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: /cases/<case_id> -> /cases/{case_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def conforms(spec: dict[str, Any], model: str, body: Any) -> None:
    """Validate a body against a component schema of the document (refs resolved within it)."""
    schema = {"$ref": f"#/components/schemas/{model}", "components": spec["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)


def test_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    """GET /api/v1/openapi.json is a valid OpenAPI 3.1 document carrying the disclaimer."""
    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["description"] == DISCLAIMER
    assert spec == openapi_document(LIBRARY)


def test_document_names_no_file_of_the_project(client: FlaskClient) -> None:
    """The document a tool's author reads (its descriptions come from the models' docstrings) names no module or
    knowledge-base file of the project: a description says what a field means, not where it is kept."""
    text = client.get("/api/v1/openapi.json").get_data(as_text=True)
    assert sorted(set(re.findall(r"\b[\w-]+\.(?:py|toml)\b", text))) == []


def test_document_is_generated_from_the_models() -> None:
    """The case and answer schemas are pydantic's own (validation for the case, serialization for the answer)."""
    from engine import Answer, Case

    schemas = openapi_document(LIBRARY)["components"]["schemas"]
    assert schemas["Case"]["discriminator"]["propertyName"] == "setting"
    for ref in schemas["Case"]["oneOf"]:  # one whole case per setting
        branch = schemas[ref["$ref"].split("/")[-1]]
        assert branch["properties"].keys() == Case.model_json_schema()["properties"].keys()
        assert branch["additionalProperties"] is False
    answer = Answer.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
    assert schemas["Answer"]["properties"] == answer["properties"]
    assert {"ErrorBody", "BatchRequest", "BatchResponse", "KnowledgeBaseSummary"} <= schemas.keys()


def test_teaching_schemas_are_generated_from_their_models() -> None:
    """The teaching and CDS Hooks schemas are the models' own, request bodies in validation mode."""
    from pydantic import BaseModel

    from render.cds_hooks import HOOK
    from web.openapi_teaching import TEACHING_MODELS

    schemas = openapi_document(LIBRARY)["components"]["schemas"]
    # the additions: a library case id is one of the library's, a regimen id one of the knowledge base's (the
    # server refuses others)
    assert schemas["LearnerScoreRequest"]["properties"]["case_id"].pop("enum") == list(LIBRARY.cases)
    choices = schemas["LearnerScoreRequest"]["properties"]["choices"]
    assert choices.pop("propertyNames") == {"enum": list(LIBRARY.regimen_ids)}
    for model, mode in TEACHING_MODELS:
        own = model.model_json_schema(mode=mode, ref_template="#/components/schemas/{model}")
        assert schemas[model.__name__]["properties"] == own["properties"], model.__name__
    assert schemas["LearnerScoreRequest"]["additionalProperties"] is False
    assert schemas["LearnerScoreRequest"]["oneOf"] == [{"required": ["case"]}, {"required": ["case_id"]}]
    assert schemas["CdsRequest"]["properties"]["hook"]["anyOf"][0]["const"] == HOOK
    assert all(issubclass(model, BaseModel) for model, _ in TEACHING_MODELS)


def test_every_route_is_documented(app: Flask) -> None:
    """Every route of every blueprint, but HTML pages and static files, is in the document with its methods."""
    served: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and rule.endpoint not in HTML_PAGES:
            served.setdefault(openapi_path(rule.rule), set()).update(set(rule.methods or ()) - {"HEAD", "OPTIONS"})
    # OPTIONS is Flask's automatic preflight answer; the CDS Hooks paths document it for CORS (tested below)
    documented = {
        path: {m.upper() for m in item} - {"OPTIONS"} for path, item in openapi_document(LIBRARY)["paths"].items()
    }
    assert served == documented
    assert {"api", "openapi", "pages", "teaching", "teaching_api", "cds_hooks"} <= set(app.blueprints)


@pytest.mark.parametrize("endpoint", HTML_PAGES)
def test_the_undocumented_routes_are_html_pages(app: Flask, client: FlaskClient, endpoint: str) -> None:
    """Each route left out of the document exists and answers an HTML page."""
    assert endpoint in {rule.endpoint for rule in app.url_map.iter_rules()}
    seminar = {"title": "Pages", "case_ids": [LIBRARY_CASE]}
    if endpoint == "seminar_pages.create":
        response = client.post(HTML_PAGES[endpoint], data={"title": "Pages", "case-1": LIBRARY_CASE})
    else:
        code = client.post("/api/v1/seminars", json=seminar).json["code"] if "{code}" in HTML_PAGES[endpoint] else ""
        response = client.get(HTML_PAGES[endpoint].format(code=code))
    assert response.status_code == 200
    assert response.mimetype == "text/html"


def test_openapi_document_is_a_fresh_copy() -> None:
    """Changing a returned document does not change the served one."""
    openapi_document(LIBRARY)["paths"].clear()
    assert openapi_document(LIBRARY)["paths"]


def test_answers_and_lists_conform_to_their_schemas(client: FlaskClient) -> None:
    """Real answers, batches and knowledge-base lists validate against the document's schemas."""
    spec = openapi_document(LIBRARY)
    for case in CASES.values():
        conforms(spec, "Answer", client.post("/api/v1/recommendations", json=case).json)
        conforms(spec, "Answer", client.get("/answer.json", query_string=as_form(case)).json)
    batch = client.post("/api/v1/recommendations/batch", json={"cases": [*CASES.values(), {}]}).json
    conforms(spec, "BatchResponse", batch)
    for path, model in [
        ("/api/v1/regimens", "RegimenList"),
        ("/api/v1/studies", "StudyList"),
        ("/api/v1/approvals", "ApprovalList"),
        ("/api/v1/references", "ReferenceList"),
        ("/api/v1/knowledge-base", "KnowledgeBaseSummary"),
    ]:
        conforms(spec, model, client.get(path).json)


def test_teaching_and_cds_hooks_bodies_conform_to_their_schemas(client: FlaskClient, engine: Any) -> None:
    """Real teaching and CDS Hooks responses (and requests) validate against the document's schemas."""
    spec = openapi_document(LIBRARY)
    conforms(spec, "CaseList", client.get("/api/v1/cases").json)
    for case_id in engine.kb.cases:
        conforms(spec, "CaseDetail", client.get(f"/api/v1/cases/{case_id}").json)
    for case in CASES.values():
        conforms(spec, "WhatIf", client.post("/api/v1/what-if", json=case).json)
        conforms(spec, "TimelineResponse", client.post("/api/v1/timeline", json=case).json)
        for request in (
            {"case": case, "choices": {"trastuzumab_chemotherapy": "approved"}},
            {"case": case, "choices": {}},
        ):
            conforms(spec, "LearnerScoreRequest", request)
            conforms(spec, "ScoreResponse", client.post("/api/v1/learner/score", json=request).json)
        hook = {
            "hook": "org.her2-cds.case-review",
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"case": case},
        }
        conforms(spec, "CdsRequest", hook)
        conforms(spec, "CdsResponse", client.post("/cds-services/her2-case-review", json=hook).json)
    library = {"case_id": LIBRARY_CASE, "choices": {}}
    conforms(spec, "LearnerScoreRequest", library)
    conforms(spec, "ScoreResponse", client.post("/api/v1/learner/score", json=library).json)
    conforms(spec, "TimelineResponse", client.get("/api/v1/timeline").json)
    conforms(spec, "EvidenceResponse", client.get("/api/v1/evidence").json)
    conforms(spec, "CdsDiscovery", client.get("/cds-services").json)


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "path"),
    [
        ("get", "/api/v1/cases/no-such-case", None, 404, "/api/v1/cases/{case_id}"),
        ("post", "/api/v1/learner/score", {"case_id": None, "choices": {}}, 422, None),  # was a 500
        ("post", "/api/v1/learner/score", {"case_id": "nope", "choices": {}}, 422, None),
        (
            "post",
            "/api/v1/learner/score",
            {"case": CASES["adjuvant"], "case_id": LIBRARY_CASE, "choices": {}},
            422,
            None,
        ),
        ("post", "/api/v1/learner/score", {"case_id": LIBRARY_CASE, "choices": {"afatinib": "maybe"}}, 422, None),
        ("post", "/api/v1/what-if", {"setting": "adjuvant"}, 422, None),
        ("post", "/api/v1/timeline", [], 422, None),
        (
            "post",
            "/cds-services/patient-view",
            {"context": {"case": CASES["adjuvant"]}},
            404,
            "/cds-services/{service}",
        ),
        ("post", "/cds-services/her2-case-review", {"context": {}}, 422, "/cds-services/{service}"),
        ("get", "/cds-services/her2-case-review", None, 405, None),
    ],
)
def test_teaching_errors_conform_to_the_error_schema(
    client: FlaskClient, method: str, url: str, body: Any, status: int, path: str | None
) -> None:
    """The teaching and CDS Hooks endpoints answer errors as ErrorBody JSON, with a documented status."""
    response = getattr(client, method)(url, json=body)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    conforms(openapi_document(LIBRARY), "ErrorBody", response.json)
    if status != 405:  # a method the path does not have is not an operation to document
        assert str(status) in openapi_document(LIBRARY)["paths"][path or url][method]["responses"]


def test_documents_have_their_documented_media_types(client: FlaskClient) -> None:
    """The charts are SVG and the handouts Markdown, as documented; their errors are pages, or JSON if asked."""
    paths = openapi_document(LIBRARY)["paths"]
    for url, path in [
        ("/evidence/pcr.svg", "/evidence/{name}.svg"),
        (f"/handout.md?{CASE_QUERY}", "/handout.md"),
        (f"/cases/{LIBRARY_CASE}/handout.md", "/cases/{case_id}/handout.md"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert [response.mimetype] == list(paths[path]["get"]["responses"]["200"]["content"])
    assert paths["/evidence/{name}.svg"]["get"]["parameters"][0]["schema"]["enum"] == ["pcr", "hr-gap", "hazard-ratios"]
    page = client.get("/handout.md?setting=adjuvant&her2_status=positive")
    assert (page.status_code, page.mimetype) == (422, "text/html")
    as_json = client.get("/handout.md?setting=adjuvant&her2_status=positive", headers={"Accept": "application/json"})
    assert (as_json.status_code, as_json.mimetype) == (422, "application/json")
    conforms(openapi_document(LIBRARY), "ErrorBody", as_json.json)
    assert {"text/html", "application/json"} == set(
        openapi_document(LIBRARY)["components"]["responses"]["PageError422"]["content"]
    )


@pytest.mark.parametrize(
    "request_error",
    [
        lambda c: c.post("/api/v1/recommendations", data="{", content_type="application/json"),
        lambda c: c.post("/api/v1/recommendations", data="{}", content_type="text/plain"),
        lambda c: c.post("/api/v1/recommendations", data=b" " * (1024 * 1024 + 1), content_type="application/json"),
        lambda c: c.post("/api/v1/recommendations", json={"setting": 1}),
        lambda c: c.get("/api/v1/none"),
        lambda c: c.put("/api/v1/studies"),
    ],
    ids=["400", "415", "413", "422", "404", "405"],
)
def test_errors_conform_to_the_error_schema(client: FlaskClient, request_error: Any) -> None:
    """Every kind of JSON error validates against ErrorBody."""
    response = request_error(client)
    assert response.status_code >= 400
    conforms(openapi_document(LIBRARY), "ErrorBody", response.json)


# schemathesis's own command over the served document: every check, a fixed seed and a fixed number of
# examples per operation, so the run is repeatable and bounded (one worker: schemathesis 4.32 compiles in
# threads and crashes with two). The two FHIR operations are in it: the server checks their bodies with
# the very schemas the document gives (intake.schema).
SCHEMATHESIS = ["--checks", "all", "--max-examples", "10", "--seed", "1", "--workers", "1"]
SCHEMATHESIS += ["--generation-database", "none", "--no-color"]
# every warning but "missing test data": schemathesis 4.32 counts the 404s of the codes it makes up for
# /api/v1/seminars/{code}/results even when its config names a seminar that exists (the run below does, and
# reaches the 200 and 403 answers: tests/http/test_seminars*.py check those words)
SCHEMATHESIS += [
    "--warnings",
    "missing_auth,base_url_mismatch,validation_mismatch,missing_deserializer,unused_openapi_auth,unsupported_regex,"
    "method_not_allowed,constants_extraction,unmatched_filter",
]
# schemathesis's own list of the statuses that reject invalid data, and 412: CDS Hooks 2.0's answer to a
# patient-view request without the prefetch it needs and no FHIR server (the document says so, and lists 412)
SCHEMATHESIS_CONFIG = """[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429", "5xx"]
"""


@pytest.mark.slow
def test_schemathesis_reports_nothing_over_every_operation(server: Served, tmp_path: Path) -> None:
    """`st run --checks all` over every operation: no failure and no error (ST201 and ST202 included)."""
    url = f"http://127.0.0.1:{server.port}/api/v1/openapi.json"
    # a seminar that exists, so the operations under /api/v1/seminars/{code} are reached past their 404 (a code
    # the fuzzer makes up is never one the server made) and the teacher's results past their 401
    status, body = served_post(
        server.port, {"title": "Schema run", "case_ids": [LIBRARY_CASE]}, path="/api/v1/seminars"
    )
    assert status == 201, body
    seminar = json.loads(body)
    (tmp_path / "schemathesis.toml").write_text(
        f'headers = {{ Authorization = "Bearer {seminar["teacher_token"]}" }}\n'
        f'[parameters]\n"path.code" = "{seminar["code"]}"\n'
    )
    command = [str(Path(sys.executable).with_name("st")), "run", url, *SCHEMATHESIS]
    # in an empty folder: schemathesis replays the failures it cached in the working folder before. The timeout only
    # stops a hung run: the seminar and export operations made the run longer, and on a loaded machine it took 258 s
    (tmp_path / "schemathesis.toml").write_text(SCHEMATHESIS_CONFIG, encoding="utf-8")
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-6000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", run.stdout)
    assert selected, run.stdout[-2000:]
    assert selected[1] == selected[2]  # every operation, the FHIR ones included
    assert f"Tested: {selected[1]}" in run.stdout
    assert "No issues found" in run.stdout, run.stdout[run.stdout.find("WARNINGS") :][:3000]
