"""The case library's filters (teaching/filters.py): setting, metastatic line, hormone receptors and era; a value
not allowed is a 422 naming the filter and its allowed values."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from engine import Engine


def shown(client: FlaskClient, query: str) -> list[str]:
    page = client.get(f"/cases?{query}").get_data(as_text=True)
    return re.findall(r'<tr data-case="([^"]+)">', page)


def test_no_filter_shows_the_whole_library(client: FlaskClient, engine: Engine) -> None:
    assert shown(client, "") == list(engine.kb.cases)


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("setting=neoadjuvant", "setting", "neoadjuvant"),
        ("setting=metastatic&metastatic_line=pretreated", "metastatic_line", "pretreated"),
        ("hormone_receptor_status=positive", "hormone_receptor_status", "positive"),
    ],
)
def test_a_filter_shows_the_cases_that_match(
    client: FlaskClient, engine: Engine, query: str, field: str, value: str
) -> None:
    ids = shown(client, query)
    assert ids
    assert all(engine.kb.cases[i].case.get(field) == value for i in ids)
    assert len(ids) == sum(c.case.get(field) == value for c in engine.kb.cases.values())


def test_the_era_splits_the_library_at_the_reviews_date(client: FlaskClient, engine: Engine) -> None:
    review, after = shown(client, "era=review"), shown(client, "era=after")
    assert sorted(review + after) == sorted(engine.kb.cases)
    published = engine.kb.info.review_published.isoformat()
    assert all(str(engine.kb.cases[i].case["as_of"]) <= published for i in review)
    assert "first-line-in-2014" in review
    assert "second-line-tdxd-over-tdm1-2022" in after


def test_a_filter_value_not_allowed_is_named(client: FlaskClient) -> None:
    response = client.get("/cases?era=1990&setting=palliative", headers={"Accept": "application/json"})
    assert response.status_code == 422
    named = {e["field"]: e["message"] for e in response.json["errors"]}
    assert named.keys() == {"era", "setting"}
    assert "allowed: review, after" in named["era"]
