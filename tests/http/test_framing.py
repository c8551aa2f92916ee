"""Every surface says what the knowledge base covers, the 2014 review as the lens and the evidence to its
cut-off, and none calls the cut-off "today" or says the knowledge base stops at the review: pages, the
answer's JSON, the handout, the CDS Hooks cards, the OpenAPI document, the README and pyproject."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from engine import Engine

ROOT = Path(__file__).resolve().parents[2]
CASE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
# the phrases of the knowledge base's 2014-only framing, and the cut-off called today
STALE = re.compile(
    r"teaches the evidence of one 2014 review|stops at its publication date|as one 2014 review saw"
    r"|built on one 2014 review|from one 2014 review|stops at 2014-07-31|today \(\d{4}-\d{2}-\d{2}\)",
    re.IGNORECASE,
)
PAGES = ["/", "/answer", "/handout", "/handout.md", "/timeline", "/evidence", "/cases", "/open-questions", "/api"]


def _says_coverage(text: str, cutoff: str) -> None:
    flat = " ".join(text.split())
    assert not STALE.search(flat), STALE.search(flat)
    assert "2014 review" in flat, "the review is not named"
    assert "as its lens" in flat, "the lens is not said"
    assert f"cut-off, {cutoff}" in flat, f"the cut-off {cutoff} is not said"


def test_the_disclaimer_says_the_lens_and_the_cutoff(engine: Engine) -> None:
    cutoff = engine.kb.info.evidence_cutoff.isoformat()
    assert engine.kb.coverage in engine.kb.disclaimer
    _says_coverage(engine.kb.disclaimer, cutoff)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_what_the_knowledge_base_covers(client: FlaskClient, engine: Engine, path: str) -> None:
    response = client.get(path, query_string=CASE if path.startswith(("/answer", "/handout")) else None)
    assert response.status_code == 200, path
    _says_coverage(response.get_data(as_text=True), engine.kb.info.evidence_cutoff.isoformat())


def test_the_answer_json_and_the_cards_say_it(client: FlaskClient, engine: Engine) -> None:
    cutoff = engine.kb.info.evidence_cutoff.isoformat()
    answer = client.post("/api/v1/recommendations", json=CASE).get_json()
    _says_coverage(answer["disclaimer"], cutoff)
    cards = client.post(
        "/cds-services/her2-case-review", json={"hook": "org.her2-cds.case-review", "context": {"case": CASE}}
    ).get_json()["cards"]
    assert cards
    for card in cards:
        _says_coverage(card["detail"], cutoff)


def test_the_answer_page_names_the_cutoff_not_today(client: FlaskClient, engine: Engine) -> None:
    text = " ".join(client.get("/answer", query_string=CASE).get_data(as_text=True).split())
    assert f"as of the knowledge base's cut-off ({engine.kb.info.evidence_cutoff.isoformat()})" in text


def test_the_openapi_document_says_it(client: FlaskClient, engine: Engine) -> None:
    info = client.get("/api/v1/openapi.json").get_json()["info"]
    cutoff = engine.kb.info.evidence_cutoff.isoformat()
    _says_coverage(info["description"], cutoff)
    assert not STALE.search(info["summary"])
    assert "lens" in info["summary"]
    assert cutoff in info["summary"]


def test_the_readme_and_pyproject_say_it(engine: Engine) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    flat = " ".join(readme.split())
    assert not STALE.search(flat), STALE.search(flat)
    assert "as its lens" in flat
    assert f"cut-off ({engine.kb.info.evidence_cutoff.isoformat()}" in flat
    description = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["description"]
    assert not STALE.search(description)
    assert "lens" in description
    assert "cut-off" in description
