"""The case form's words are the loaded knowledge base's (rules/case-words.toml): an app over a copy of rules/ with
a field's label, hint, prompt and an option reworded shows that copy's words on the form, the answer page and in
the OpenAPI document, while the packaged app keeps its own."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from rules_copy import loaded
from web_html import get_page

from web import create_app

ADJUVANT = {"setting": "adjuvant", "her2_status": "positive", "hormone_receptor_status": "positive"}


def test_an_app_over_another_rules_folder_shows_its_form_words(tmp_path: Path, client: FlaskClient) -> None:
    """Each reworded word reaches its place; the packaged app, in the same process, says what it said."""
    engine = loaded(
        tmp_path,
        ('label = "Tumor size (cm)"', 'label = "Size of the tumor (cm)"'),
        ('hint = "Axillary lymph nodes."', 'hint = "The lymph nodes of the armpit."'),
        ('prompt = "Choose the setting"', 'prompt = "Pick a setting"'),
        ('label = "Adjuvant (after surgery)"', 'label = "After surgery (adjuvant)"'),
    )
    config = {"TESTING": True, "ENGINE": engine, "DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}"}
    other = create_app(config).test_client()
    for app, said in ((other, 0), (client, 1)):
        form = get_page(app, "/", {"setting": "adjuvant"})
        assert (
            form.find("label", for_="field-tumor_size_cm").text == ("Size of the tumor (cm)", "Tumor size (cm)")[said]
        )
        assert form.by_id("hint-node_status").text == ("The lymph nodes of the armpit.", "Axillary lymph nodes.")[said]
        assert form.by_id("field-setting").find("option").text == ("Pick a setting", "Choose the setting")[said]
        adjuvant = form.by_id("field-setting").find("option", value="adjuvant").text
        assert adjuvant == ("After surgery (adjuvant)", "Adjuvant (after surgery)")[said]
        page = get_page(app, "/answer", {**ADJUVANT, "tumor_size_cm": "2.5", "node_status": "positive"})
        assert ("Size of the tumor (cm)", "Tumor size (cm)")[said] in page.text
        schema = app.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["CaseAdjuvant"]
        described = schema["properties"]["tumor_size_cm"]["description"]
        assert described.startswith(("Size of the tumor (cm): ", "Tumor size (cm): ")[said])
