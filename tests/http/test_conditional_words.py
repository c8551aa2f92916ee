"""What a conditional status depends on is said in the knowledge base's words ([mark] depends, and, unknown_one,
unknown_many in rules/case-words.toml): one sentence beside the option on a library case, on the answer page and in
its handout, the fields joined in the answer's status label too, and on the case through time the fields no date
settles; an app over a reworded copy says the new words."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rules_copy import loaded
from web_cases import FIRST_LINE

from web import create_app
from web.services import current_engine

CASE = "adjuvant-node-negative-hr-positive"  # trastuzumab + chemotherapy depends on tumor grade and age


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    engine = loaded(
        tmp_path_factory.mktemp("reworded"),
        ('"Conditional: depends on {fields}, not given in this case."', '"Holds only if {fields} fit."'),
        ('and = " and "\nunknown_one', 'and = " plus "\nunknown_one'),
        ("'Not known in this case: {fields}. A status", "'Left open: {fields}. A status"),
        ("'Not known in this case: {fields}. A status", "'All left open: {fields}. A status"),
    )
    return create_app({"TESTING": True, "ENGINE": engine})


def test_the_packaged_words_beside_a_conditional_option(client: FlaskClient) -> None:
    page = client.get(f"/cases/{CASE}").get_data(as_text=True)
    assert "Conditional: depends on tumor grade and age, not given in this case." in page


def test_reworded_conditional_words_reach_every_page(reworded: Flask) -> None:
    client = reworded.test_client()
    case = client.get(f"/cases/{CASE}").get_data(as_text=True)
    assert "Holds only if tumor grade plus age fit." in case
    with reworded.app_context():
        stated = current_engine().kb.cases[CASE].case
    query = urlencode({k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in stated.items()})
    answer = client.get(f"/answer?{query}").get_data(as_text=True)
    assert '<p class="conditional">Holds only if tumor grade plus age fit.</p>' in answer
    handout = client.get(f"/handout.md?{query}").get_data(as_text=True)
    assert "Holds only if tumor grade plus age fit." in handout
    json = client.get(f"/answer.json?{query}").get_json()
    labels = [r["status_label"] for r in json["recommendations"] if r["conditional_on"]]
    assert labels
    assert all("tumor grade plus age" in label for label in labels)
    timeline = client.get(f"/timeline?{urlencode(FIRST_LINE)}").get_data(as_text=True)
    assert "All left open: prior trastuzumab, months since the last trastuzumab." in timeline  # unknown_many
    assert "Not known in this case" not in timeline
