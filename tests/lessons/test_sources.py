"""Sources a student can open (teaching/sources.py): every study the library's answers cite links to its registry
entry where the knowledge base has a verified NCT number, and to PubMed or doi.org for each PMID or DOI its record
gives; no link goes anywhere else."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from engine import Engine
from engine.answer import Evidence
from teaching.sources import allowed, study_links


def cited(engine: Engine) -> dict[str, Evidence]:
    """Every study an answer to a library case cites."""
    return {
        ev.study_id: ev
        for case in engine.kb.cases.values()
        for rec in engine.evaluate(case.case).recommendations
        for ev in rec.evidence
    }


def test_every_link_of_every_cited_study_is_to_a_registry_pubmed_or_doi(engine: Engine) -> None:
    studies = cited(engine)
    for study in studies.values():
        urls = [link.url for link in study_links(study)]
        assert all(allowed(url) for url in urls), (study.study_id, urls)
        if study.nct and study.nct_verified:
            assert f"https://clinicaltrials.gov/study/{study.nct}" in urls, study.study_id
        for pmid in re.findall(r"PMID:?\s*(\d+)", study.primary_publication or ""):
            assert f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" in urls, study.study_id
    linked = sum(bool(study_links(s)) for s in studies.values())
    assert linked >= 24  # of 43 cited studies on 2026-12-06; the rest have no verified identifier in the record


def test_an_unverified_registry_number_is_not_linked(engine: Engine) -> None:
    study = next(s for s in cited(engine).values() if s.nct)
    unverified = study.model_copy(update={"nct_verified": False, "primary_publication": None, "status_note": ""})
    assert all("clinicaltrials.gov" not in link.url for link in study_links(unverified))


def test_only_https_links_to_the_allowed_hosts_pass() -> None:
    assert allowed("https://pubmed.ncbi.nlm.nih.gov/22149875/")
    assert not allowed("http://pubmed.ncbi.nlm.nih.gov/22149875/")
    assert not allowed("https://www.onclive.com/web-exclusives/fda-approves")
    assert not allowed("https://doi.org.example.com/10.1/x")


def test_the_answer_page_links_each_study(client: FlaskClient) -> None:
    page = client.get("/cases/first-line-dual-blockade").get_data(as_text=True)
    page += client.get(
        "/answer?setting=metastatic&metastatic_line=first&hormone_receptor_status=negative&prior_trastuzumab=false"
    ).get_data(as_text=True)
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22149875/"' in page  # CLEOPATRA
