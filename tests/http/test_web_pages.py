"""The pages (web/pages.py): the case form and its errors, and what every page carries, through Flask's test client.

The answer page and its JSON twin are in tests/http/test_web_answer_page.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from web_cases import CASES, as_form
from web_html import Node, get_page, parse_html

from engine import Engine
from web.forms import FIELDS, hint_words

NOTICE = "Educational use only, not for clinical decisions."


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
    doc = get_page(client, "/")
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
    doc = get_page(client, "/", {"setting": setting})
    common = {f.name for f in FIELDS if f.everywhere}
    assert shown_fields(doc) == common | specific
    assert doc.find("select", name="setting").find("option", value=setting).has("selected")
    assert doc.find("button", class_="primary").text == "Get the answer"


def test_every_field_has_a_label_and_a_hint(client: FlaskClient, engine: Engine) -> None:
    """Each control has a visible label and a hint tied to it by aria-describedby, in the knowledge base's words."""
    doc = get_page(client, "/", {"setting": "metastatic"})
    words = engine.kb.words
    for field in FIELDS:
        control = doc.by_id(f"field-{field.name}")
        assert control["name"] == field.name
        assert doc.find("label", for_=f"field-{field.name}").text == words.label(field.name)
        assert control["aria-describedby"] == f"hint-{field.name}"
        assert doc.by_id(f"hint-{field.name}").text == hint_words(field, words)
        assert "Allowed:" not in hint_words(field, words)


def test_as_of_is_a_date_input_and_numbers_are_text_inputs(client: FlaskClient) -> None:
    """as_of is a date input; number fields are text inputs (what is typed reaches the server to be checked)."""
    doc = get_page(client, "/", {"setting": "adjuvant"})
    assert doc.by_id("field-as_of")["type"] == "date"
    assert doc.by_id("field-tumor_size_cm")["type"] == "text"
    assert doc.by_id("field-tumor_size_cm")["inputmode"] == "decimal"
    assert doc.find("form", class_="case-form").has("novalidate")


def test_form_keeps_the_values_in_the_query(client: FlaskClient) -> None:
    """Values in the query string prefill the form (so "Change the case" and "Update" keep what was entered)."""
    doc = get_page(client, "/", {**as_form(CASES["adjuvant"]), "as_of": "2010-01-01"})
    assert doc.by_id("field-tumor_size_cm")["value"] == "2.5"
    assert doc.by_id("field-as_of")["value"] == "2010-01-01"
    assert doc.by_id("field-node_status").find("option", value="positive").has("selected")
    assert doc.by_id("field-her2_status").find("option", value="positive").has("selected")


def test_invalid_input_rerenders_the_form_with_messages_beside_the_fields(client: FlaskClient) -> None:
    """Bad input is a 422 form: each message beside its field (aria-describedby), entered values kept."""
    query = {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "negative",
        "tumor_size_cm": "big",
        "as_of": "2010-02-30",
    }
    doc = get_page(client, "/answer", query, status=422)
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
    doc = get_page(client, "/answer", query, status=422)
    summary = doc.find("div", class_="error-summary").text
    assert "applies only to metastatic cases" in summary
    assert "colour" in summary
    assert "not a case field" in summary
    assert "metastatic_line" not in shown_fields(doc)


def test_answer_json_errors_are_json(client: FlaskClient) -> None:
    """/answer.json with a bad case is a JSON 422 naming the fields."""
    response = client.get(
        "/answer.json", query_string={"setting": "adjuvant", "her2_status": "positive", "tumor_size_cm": "x"}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"tumor_size_cm", "hormone_receptor_status", "node_status"}


@pytest.mark.parametrize(
    "path", ["/", "/?setting=adjuvant&her2_status=positive", "/api", "/answer?setting=adjuvant", "/missing"]
)
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
        "/?setting=neoadjuvant&her2_status=positive",
        "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["adjuvant"]).items()),
    ):
        doc = parse_html(client.get(path).text)
        assert all(int(n["tabindex"]) <= 0 for n in doc.find_all(tabindex=True))


def test_api_page_documents_every_endpoint(client: FlaskClient, engine: Engine) -> None:
    """/api is a readable page listing every path of the OpenAPI document and the case fields."""
    from web.openapi import openapi_document

    doc = get_page(client, "/api")
    text = doc.text
    for path in openapi_document(engine.kb)["paths"]:
        assert path in text
    codes = {c.text for c in doc.find_all("code")}
    assert {f.name for f in FIELDS} <= codes
    assert doc.find("a", href="/api/v1/openapi.json")


def test_a_decimal_comma_is_a_decimal_point(client: FlaskClient, engine: Engine) -> None:
    """A tumor size typed "2,5" is read as 2.5, as much of the world writes it."""
    form = {**as_form(CASES["neoadjuvant"]), "tumor_size_cm": "2,5"}
    doc = get_page(client, "/answer", form)
    assert "tumor 2.5 cm" in doc.find("p", class_="case-summary").text


def test_an_error_echoes_the_value_as_typed(client: FlaskClient) -> None:
    """A tumor size of "0" is refused quoting "0", not the converted "0.0"."""
    form = {**as_form(CASES["neoadjuvant"]), "tumor_size_cm": "0"}
    doc = get_page(client, "/answer", form, status=422)
    assert doc.by_id("error-tumor_size_cm").text.startswith("Error: '0' is out of range")


def test_prior_trastuzumab_not_known_is_shown_so_and_kept_by_the_form(client: FlaskClient) -> None:
    """A case link with prior trastuzumab unknown (a record that does not state it) is answered with it not known,
    the summary names it, and the form keeps "Not known" chosen."""
    query = {"setting": "metastatic", "metastatic_line": "pretreated", "her2_status": "positive",
             "hormone_receptor_status": "negative", "prior_trastuzumab": "unknown", "as_of": "2020-01-01"}  # fmt: skip
    response = client.get("/answer", query_string=query)
    assert response.status_code == 200
    assert "prior trastuzumab not known" in response.get_data(as_text=True)
    form = client.get("/", query_string=query).get_data(as_text=True)
    assert '<option value="unknown" selected>Not known</option>' in form


def test_the_answer_page_makes_no_answer_the_cache_holds(
    client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page is built from one answer, and the same case as the review saw it and at the cut-off come from the
    engine's cache: a second page for the case on another day of the same classes makes no answer afresh."""
    made: list[str] = []
    evaluate = engine._evaluate

    def counted(case: Any, *args: Any) -> Any:
        made.append(case.as_of.isoformat())
        return evaluate(case, *args)

    monkeypatch.setattr(engine, "_evaluate", counted)
    case = {**CASES["neoadjuvant"], "tumor_size_cm": "3.1", "as_of": "2019-03-04"}
    assert client.get("/answer", query_string=case).status_code == 200
    assert len(made) <= 3  # its own day, the review's and the cut-off: each at most once
    other = {**case, "tumor_size_cm": "3.2", "as_of": "2019-03-05"}
    keys = [
        engine.cache.key(engine.parse({**c, "tumor_size_cm": float(c["tumor_size_cm"])}).as_fact())
        for c in (case, other)
    ]
    assert keys[0] == keys[1]
    before = len(made)
    assert client.get("/answer", query_string=other).status_code == 200
    assert len(made) == before


def test_menopausal_status_is_not_asked_for_a_man(client: FlaskClient) -> None:
    """For a man the form hides (and does not send) menopausal status; for a woman or an unknown sex it asks."""
    for sex, asked in (("male", False), ("female", True), ("unknown", True)):
        doc = get_page(client, "/", {"setting": "metastatic", "her2_status": "positive", "sex": sex})
        assert ("menopausal_status" in shown_fields(doc)) is asked


def test_a_man_given_a_menopausal_status_sees_both_fields_to_correct(client: FlaskClient) -> None:
    """A man with a menopausal status (a contradiction naming both): the answer page's form shows both fields,
    each with its message, so the one that is wrong can be corrected."""
    query = {"setting": "metastatic", "metastatic_line": "first", "her2_status": "positive",
             "hormone_receptor_status": "positive", "sex": "male", "menopausal_status": "postmenopausal"}  # fmt: skip
    doc = get_page(client, "/answer", query, status=422)
    assert {"sex", "menopausal_status"} <= shown_fields(doc)


def test_the_form_preselects_not_known_where_a_field_may_be_not_known(client: FlaskClient) -> None:
    """An optional field with no default that offers "unknown" starts there, never at its first choice, which a
    browser would otherwise submit ("No" for prior trastuzumab, "No neoadjuvant therapy" for the response)."""
    form = client.get("/", query_string={"setting": "adjuvant", "her2_status": "positive"}).get_data(as_text=True)
    for name, label in (("prior_trastuzumab", "Not known"), ("neoadjuvant_response", "Unknown")):
        select = form[form.index(f'id="field-{name}"') :]
        select = select[: select.index("</select>")]
        assert f'<option value="unknown" selected>{label}</option>' in select, select
        assert select.count(" selected>") == 1


@pytest.mark.parametrize("name", CASES)
def test_the_answer_speaks_of_rules_only_in_the_engines_reasoning(client: FlaskClient, name: str) -> None:
    """The page is read by students: the engine's rules are named only in "The engine's reasoning" (#trace), never
    in the verdict, the options or "Why not the others"."""
    page = get_page(client, "/answer", as_form(CASES[name]))
    main = page.find("main")
    main.children = [c for c in main.children if not (isinstance(c, Node) and c.attrs.get("id") == "trace")]
    assert not re.search(r"\brules?\b", main.text, re.IGNORECASE), re.findall(r".{60}\brules?\b.{20}", main.text)
