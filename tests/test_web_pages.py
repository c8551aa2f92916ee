"""The pages (web/pages.py): the case form, the answer page and its JSON twin, through Flask's test client."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from flask.testing import FlaskClient
from web_cases import APPRAISAL, CASES, as_form, with_appraisal
from web_html import Node, parse_html

from her2_cds.engine import DISCLAIMER, Engine
from her2_cds.engine.answer import Evidence
from her2_cds.teaching.evidence import citations
from her2_cds.web.charts import charts_for
from her2_cds.web.forms import FIELDS, hint_words

NOTICE = "Educational use only, not for clinical decisions."


def page(client: FlaskClient, path: str, query: dict[str, str] | None = None, status: int = 200) -> Node:
    response = client.get(path, query_string=query or {})
    assert response.status_code == status, response.text[:500]
    assert response.mimetype == "text/html"
    return parse_html(response.text)


def shown_fields(doc: Node) -> set[str]:
    """Names of the controls that are visible and will be submitted."""
    form = doc.find("form", class_="case-form")
    shown = set()
    for wrapper in form.find_all("div", class_="field"):
        control = wrapper.find_all("select") + wrapper.find_all("input")
        assert len(control) == 1
        hidden, disabled = wrapper.has("hidden"), control[0].has("disabled")
        assert hidden == disabled, "a hidden field is also disabled, a shown one enabled"
        if not hidden:
            shown.add(control[0]["name"])
    return shown


def test_form_starts_by_choosing_the_setting(client: FlaskClient) -> None:
    """The first step shows only the setting, with a Continue button that reloads the form without JavaScript."""
    doc = page(client, "/")
    assert shown_fields(doc) == {"setting"}
    continue_button = doc.find("button", formaction="/")
    assert continue_button.text == "Continue"
    assert not continue_button.has("hidden")
    assert doc.find("button", class_="primary").has("hidden")
    assert doc.find("form", class_="case-form")["method"] == "get"


@pytest.mark.parametrize(
    ("setting", "specific"),
    [
        (
            "metastatic",
            {
                "metastatic_line",
                "months_since_trastuzumab",
                "prior_metastatic_her2_regimens",
                "prior_metastatic_chemotherapy",
                "prior_metastatic_endocrine_therapy",
                "brain_metastases",
            },
        ),
        ("neoadjuvant", {"tumor_size_cm", "node_status"}),
        ("adjuvant", {"tumor_size_cm", "node_status", "tumor_grade", "age_years", "neoadjuvant_response"}),
        ("extended_adjuvant", {"tumor_size_cm", "node_status"}),
    ],
)
def test_form_shows_the_fields_of_the_chosen_setting(client: FlaskClient, setting: str, specific: set[str]) -> None:
    """/?setting=... shows the common fields and those of the setting; the others are hidden and disabled."""
    doc = page(client, "/", {"setting": setting})
    common = {f.name for f in FIELDS if f.everywhere}
    assert shown_fields(doc) == common | specific
    assert doc.find("select", name="setting").find("option", value=setting).has("selected")
    assert doc.find("button", class_="primary").text == "Get the answer"


def test_every_field_has_a_label_and_a_hint(client: FlaskClient) -> None:
    """Each control has a visible label and a hint tied to it by aria-describedby."""
    doc = page(client, "/", {"setting": "metastatic"})
    for field in FIELDS:
        control = doc.by_id(f"field-{field.name}")
        assert control["name"] == field.name
        assert doc.find("label", for_=f"field-{field.name}").text == field.label
        assert control["aria-describedby"] == f"hint-{field.name}"
        assert doc.by_id(f"hint-{field.name}").text == hint_words(field)
        assert "Allowed:" not in hint_words(field)


def test_as_of_is_a_date_input_and_numbers_are_text_inputs(client: FlaskClient) -> None:
    """as_of is a date input; number fields are text inputs (what is typed reaches the server to be checked)."""
    doc = page(client, "/", {"setting": "adjuvant"})
    assert doc.by_id("field-as_of")["type"] == "date"
    assert doc.by_id("field-tumor_size_cm")["type"] == "text"
    assert doc.by_id("field-tumor_size_cm")["inputmode"] == "decimal"
    assert doc.find("form", class_="case-form").has("novalidate")


def test_form_keeps_the_values_in_the_query(client: FlaskClient) -> None:
    """Values in the query string prefill the form (so "Change the case" and "Update" keep what was entered)."""
    doc = page(client, "/", {**as_form(CASES["adjuvant"]), "as_of": "2010-01-01"})
    assert doc.by_id("field-tumor_size_cm")["value"] == "2.5"
    assert doc.by_id("field-as_of")["value"] == "2010-01-01"
    assert doc.by_id("field-node_status").find("option", value="positive").has("selected")
    assert doc.by_id("field-her2_status").find("option", value="positive").has("selected")


@pytest.mark.parametrize("name", CASES)
def test_answer_page_opens_with_the_verdict(client: FlaskClient, engine: Engine, name: str) -> None:
    """The verdict panel comes before every table: one row per regimen in the answer's order, with its status."""
    answer = engine.evaluate(CASES[name])
    doc = page(client, "/answer", as_form(CASES[name]))
    rows = doc.by_id("verdict").find_all("li", class_="verdict-row")
    assert [(r["data-regimen"], r["data-status"]) for r in rows] == [
        (rec.regimen_id, rec.status) for rec in answer.recommendations
    ]
    for row, rec in zip(rows, answer.recommendations, strict=True):
        assert row.find("a", class_="verdict-name").text == rec.name
        assert row.find("a", class_="verdict-name")["href"] == f"#regimen-{rec.regimen_id}"
    main = doc.find("main")
    first_table = next(i for i, n in enumerate(main.iter()) if n.tag == "table")
    verdict_at = next(i for i, n in enumerate(main.iter()) if n.attrs.get("id") == "verdict")
    assert verdict_at < first_table


@pytest.mark.parametrize("name", CASES)
def test_answer_page_folds_each_option_in_depth(client: FlaskClient, engine: Engine, name: str) -> None:
    """Each option's approval, reasoning, cautions and evidence table fold away in a closed <details>."""
    answer = engine.evaluate(CASES[name])
    doc = page(client, "/answer", as_form(CASES[name]))
    for rec in answer.recommendations:
        option = doc.by_id(f"regimen-{rec.regimen_id}")
        assert option.tag == "details"
        assert not option.has("open")
        assert rec.name in option.find("summary").text
        assert " ".join(rec.rationale.split()) in option.text
        for caution in rec.cautions:
            assert " ".join(caution.split()) in option.text
        table = option.find("table", class_="evidence")
        headers = [th.text for th in table.find("thead").find_all("th")]
        assert headers == [
            "Study",
            "Design / level",
            "n",
            "Arms",
            "Endpoint",
            "Effect size",
            "P value",
            "Review refs",
            "Primary publication",
        ]
        assert [b.find("strong").text for b in table.find_all("tbody", class_="study")] == [
            e.name for e in rec.evidence
        ]
        if rec.approval is not None:
            assert f"FDA approval, {rec.approval.date}" in option.text
            assert " ".join(rec.approval.indication.split()) in option.text
    for fold in ("why-not", "case", "trace", "references"):
        assert doc.by_id(fold).tag == "details"
        assert not doc.by_id(fold).has("open")
    assert "Hormone receptor status" in doc.by_id("case").find("table", class_="case-table").text
    offered = {r.regimen_id for r in answer.recommendations}
    names = [dt.text for dt in doc.by_id("why-not").find_all("dt")]
    assert names == [w.name for w in answer.why_not if w.regimen_id not in offered]


def test_answer_page_says_educational_use_once_plus_the_footer(client: FlaskClient) -> None:
    """One disclaimer banner at the top and the footer: the full disclaimer is not repeated inside the answer."""
    doc = page(client, "/answer", as_form(CASES["neoadjuvant"]))
    assert " ".join(DISCLAIMER.split()) in doc.find("header").text
    assert NOTICE in doc.find("footer").text
    assert NOTICE not in doc.find("main").text


def test_answer_page_shows_the_engine_reasoning_only_when_asked(client: FlaskClient, engine: Engine) -> None:
    """Rule ids and the trace appear only with ?reasoning=on; otherwise the fold links to them."""
    answer = engine.evaluate(CASES["neoadjuvant"])
    plain = page(client, "/answer", as_form(CASES["neoadjuvant"]))
    assert not plain.by_id("trace").find_all("table")
    assert all(f.rule not in plain.text for f in answer.trace.fired)
    switch = plain.by_id("trace").find("a")["href"]
    assert "reasoning=on" in switch
    shown = page(client, switch.split("#")[0].split("?")[0], dict(parse_qsl(urlsplit(switch).query)))
    trace = shown.by_id("trace")
    assert trace.has("open")
    assert [row.find("code").text for row in trace.find("tbody").find_all("tr")] == [f.rule for f in answer.trace.fired]


def test_answer_page_marks_corrections_as_critical_appraisal(
    client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the review differs from the record, each correction is shown once, marked as a critical-appraisal note."""
    evaluate = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda case, **kw: with_appraisal(evaluate(case, **kw)))
    answer = engine.evaluate(CASES["neoadjuvant"])
    doc = page(client, "/answer", as_form(CASES["neoadjuvant"]))
    notes = doc.find_all("aside", class_="appraisal")
    studies: dict[str, Evidence] = {}
    for rec in answer.recommendations:
        for ev in rec.evidence:
            studies.setdefault(ev.study_id, ev)  # shown under the first option that cites the study
    home = {e.study_id: r for r in reversed(answer.recommendations) for e in r.evidence}
    merged = {  # a study's correction of the review's Table 1 row joins the approval's note under that option
        (e.study_id, c.topic)
        for e in studies.values()
        for c in e.corrections
        if (a := home[e.study_id].approval) and a.correction and "Table 1" in c.review_says
    }
    corrections = [c for e in studies.values() for c in e.corrections if (e.study_id, c.topic) not in merged]
    approvals = [r.approval for r in answer.recommendations if r.approval and r.approval.correction]
    assert len(notes) == len(corrections) + len(approvals)
    assert all(n.find("strong", class_="appraisal-label").text.startswith("Critical-appraisal note") for n in notes)
    shown = " ".join(n.text for n in notes)
    assert APPRAISAL.primary_says in shown
    assert f"The review says: {APPRAISAL.review_says}" in shown


def test_answer_page_lists_the_cited_references_with_confidence(
    client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference list holds exactly the references the evidence and the figures cite, each with its confidence."""
    evaluate = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda case, **kw: with_appraisal(evaluate(case, **kw)))
    answer = engine.evaluate(CASES["metastatic first-line"])
    doc = page(client, "/answer", as_form(CASES["metastatic first-line"]))
    cited = sorted(
        {
            n
            for r in answer.recommendations
            for e in r.evidence
            for n in [*e.review_refs, *(x for f in e.findings for x in f.refs)]
        }
        | {
            n
            for chart in charts_for(answer, engine.kb)
            for c in citations(engine.kb, chart.studies(engine.kb))
            for n in c.refs
        }
    )
    assert {1, 2, 3} <= set(cited)
    items = doc.by_id("references").find_all("li")
    assert [li["id"] for li in items] == [f"ref-{n}" for n in cited]
    for li, n in zip(items, cited, strict=True):
        assert f"Confidence: {engine.kb.references[n].confidence}" in li.text
    links = {a["href"] for a in doc.find_all("a") if a["href"].startswith("#ref-")}
    assert links <= {f"#ref-{n}" for n in cited}


def test_answer_page_shows_notes_and_the_out_of_scope_note(client: FlaskClient, engine: Engine) -> None:
    """A HER2-negative case shows why no regimen is offered, and the answer's notes."""
    case = {**CASES["adjuvant"], "her2_status": "negative"}
    answer = engine.evaluate(case)
    doc = page(client, "/answer", as_form(case))
    assert " ".join(answer.scope_note.split()) in doc.find("section", class_="scope").text
    for note in answer.notes:
        assert " ".join(note.text.split()) in doc.by_id("notes").text


def test_answer_links_reproduce_the_answer_and_its_json(client: FlaskClient, engine: Engine) -> None:
    """The answer's own link reproduces it, and the JSON link gives the same answer as the API."""
    form = as_form(CASES["metastatic pretreated"])
    doc = page(client, "/answer", form)
    links = {a.text: a["href"] for a in doc.find("ul", class_="links").find_all("a")}
    reproduce = urlsplit(links["Link to this answer"])
    assert reproduce.path == "/answer"
    assert dict(parse_qsl(reproduce.query)) == form
    again = client.get(links["Link to this answer"])
    assert again.status_code == 200
    assert again.text == client.get("/answer", query_string=form).text
    as_json = client.get(links["This answer as JSON"])
    assert as_json.status_code == 200
    assert as_json.mimetype == "application/json"
    assert as_json.json == engine.evaluate(CASES["metastatic pretreated"]).model_dump(mode="json")
    change = doc.find("p", class_="case-summary").find("a")
    assert change.text == "Change the case"
    assert urlsplit(change["href"]).path == "/"


def test_invalid_input_rerenders_the_form_with_messages_beside_the_fields(client: FlaskClient) -> None:
    """Bad input is a 422 form: each message beside its field (aria-describedby), entered values kept."""
    query = {
        "setting": "adjuvant",
        "hormone_receptor_status": "negative",
        "tumor_size_cm": "big",
        "as_of": "2010-02-30",
    }
    doc = page(client, "/answer", query, status=422)
    size = doc.by_id("field-tumor_size_cm")
    assert size["value"] == "big"
    assert size["aria-describedby"] == "hint-tumor_size_cm error-tumor_size_cm"
    assert size["aria-invalid"] == "true"
    assert "'big' is not a number" in doc.by_id("error-tumor_size_cm").text
    assert "not a real calendar date" in doc.by_id("error-as_of").text
    assert "is required" in doc.by_id("error-node_status").text
    assert doc.by_id("field-hormone_receptor_status").find("option", value="negative").has("selected")
    summary = doc.find("div", class_="error-summary")
    assert summary["role"] == "alert"
    assert {a["href"] for a in summary.find_all("a")} == {"#field-tumor_size_cm", "#field-as_of", "#field-node_status"}
    assert "Error: " in doc.find("title").text


def test_errors_for_fields_not_on_the_form_are_in_the_summary(client: FlaskClient) -> None:
    """An unknown field or one that does not apply is reported in the summary, as text naming it."""
    query = {**as_form(CASES["adjuvant"]), "metastatic_line": "first", "colour": "blue"}
    doc = page(client, "/answer", query, status=422)
    summary = doc.find("div", class_="error-summary").text
    assert "applies only to metastatic cases" in summary
    assert "colour" in summary
    assert "not a case field" in summary
    assert "metastatic_line" not in shown_fields(doc)


def test_answer_json_errors_are_json(client: FlaskClient) -> None:
    """/answer.json with a bad case is a JSON 422 naming the fields."""
    response = client.get("/answer.json", query_string={"setting": "adjuvant", "tumor_size_cm": "x"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"tumor_size_cm", "hormone_receptor_status", "node_status"}


@pytest.mark.parametrize("path", ["/", "/?setting=adjuvant", "/api", "/answer?setting=adjuvant", "/missing"])
def test_every_page_says_educational_use_only(client: FlaskClient, path: str) -> None:
    """Every page, errors included, shows the notice and is readable on a phone (viewport meta)."""
    response = client.get(path)
    doc = parse_html(response.text)
    assert NOTICE in doc.find("header").text
    assert NOTICE in doc.find("footer").text
    assert doc.find("meta", name="viewport")["content"] == "width=device-width, initial-scale=1"
    assert doc.find("html")["lang"] == "en"
    assert doc.find("a", class_="skip-link")["href"] == "#main"


def test_stylesheet_has_focus_responsive_and_print_rules(client: FlaskClient) -> None:
    """The stylesheet keeps focus visible and adapts to small screens; print.css is the print layout."""
    response = client.get("/static/style.css")
    css = response.text
    response.close()
    assert ":focus-visible" in css
    assert "outline: 3px solid" in css
    assert "@media (max-width:" in css
    response = client.get("/static/print.css")
    assert response.mimetype == "text/css"
    assert "@media print" in response.text
    response.close()


def test_no_positive_tabindex(client: FlaskClient) -> None:
    """Keyboard order follows the document: no positive tabindex anywhere."""
    for path in (
        "/",
        "/?setting=neoadjuvant",
        "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["adjuvant"]).items()),
    ):
        doc = parse_html(client.get(path).text)
        assert all(int(n["tabindex"]) <= 0 for n in doc.find_all(tabindex=True))


def test_api_page_documents_every_endpoint(client: FlaskClient, engine: Engine) -> None:
    """/api is a readable page listing every path of the OpenAPI document and the case fields."""
    from her2_cds.web.openapi import openapi_document

    doc = page(client, "/api")
    text = doc.text
    for path in openapi_document(engine.kb.cases)["paths"]:
        assert path in text
    codes = {c.text for c in doc.find_all("code")}
    assert {f.name for f in FIELDS} <= codes
    assert doc.find("a", href="/api/v1/openapi.json")


def test_a_decimal_comma_is_a_decimal_point(client: FlaskClient, engine: Engine) -> None:
    """A tumor size typed "2,5" is read as 2.5, as much of the world writes it."""
    form = {**as_form(CASES["neoadjuvant"]), "tumor_size_cm": "2,5"}
    doc = page(client, "/answer", form)
    assert "tumor 2.5 cm" in doc.find("p", class_="case-summary").text


def test_an_error_echoes_the_value_as_typed(client: FlaskClient) -> None:
    """A tumor size of "0" is refused quoting "0", not the converted "0.0"."""
    form = {**as_form(CASES["neoadjuvant"]), "tumor_size_cm": "0"}
    doc = page(client, "/answer", form, status=422)
    assert doc.by_id("error-tumor_size_cm").text.startswith("Error: '0' is out of range")
