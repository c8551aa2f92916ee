"""The answer page joined to the teaching layer (links, figures, references) and the layout every page shares:
the main navigation, stylesheets in the head, and the print stylesheet. Through Flask's test client."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from web_cases import CASES, as_form
from web_html import Node, parse_html

from engine import Answer, Engine
from engine.answer import Note
from teaching.evidence import citations, hazard_rows, hr_gap_rows, pcr_rows
from web.charts import ChartView, charts_for


def page(client: FlaskClient, path: str, query: dict[str, str] | None = None) -> Node:
    response = client.get(path, query_string=query or {})
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "text/html"
    return parse_html(response.text)


NEO_FORM = as_form(CASES["neoadjuvant"])
SERIES = {"pcr": pcr_rows, "hr-gap": hr_gap_rows, "hazard-ratios": hazard_rows}
NAV = [
    ("Case form", "/"),
    ("Case library", "/cases"),
    ("Timeline", "/timeline"),
    ("Evidence charts", "/evidence"),
    ("Glossary", "/glossary"),
    ("JSON API", "/api"),
]


def test_answer_page_links_to_the_teaching_views_of_the_same_case(client: FlaskClient) -> None:
    """What-if, learner mode, the case through time and the handout are linked with the answer's own query."""
    doc = page(client, "/answer", NEO_FORM)
    links = {urlsplit(a["href"]).path: a for a in doc.find("nav", class_="teach").find_all("a")}
    links = {path: a for path, a in links.items() if not path.startswith("/answer")}
    assert list(links) == ["/what-if", "/learn", "/timeline", "/handout", "/handout.md"]
    assert links["/handout.md"].has("download")
    for path, link in links.items():
        assert dict(parse_qsl(urlsplit(link["href"]).query)) == NEO_FORM
        response = client.get(link["href"])
        assert response.status_code == 200, path
        assert response.mimetype == ("text/markdown" if path == "/handout.md" else "text/html")
        if path == "/timeline":  # the case through time, not only the approvals
            assert parse_html(response.text).find_all("tr", data_date=True)


@pytest.mark.parametrize("name", CASES)
def test_answer_page_shows_each_chart_beside_the_evidence_it_draws(
    client: FlaskClient, engine: Engine, name: str
) -> None:
    """Each chart is a numbered figure in the first option drawing it, with alt, numbers and sources; others link."""
    answer, kb = engine.evaluate(CASES[name]), engine.kb
    charts = {c.name: c for c in charts_for(answer, ChartView.of(kb))}
    assert charts
    doc = page(client, "/answer", as_form(CASES[name]))
    placed: dict[str, int] = {}
    for article in doc.find_all("details", class_="regimen"):
        rec = next(r for r in answer.recommendations if article["id"] == f"regimen-{r.regimen_id}")
        own = {e.study_id for e in rec.evidence}
        drawing = {c for c, chart in charts.items() if own & set(chart.studies(kb))}
        here = [b["data-chart"] for b in article.find_all("div", class_="figure-block")]
        assert set(here) == drawing - set(placed), rec.regimen_id
        for chart in here:
            placed[chart] = len(placed) + 1
        see = {a["href"] for p in article.find_all("p", class_="see-figure") for a in p.find_all("a")}
        assert see == {f"#figure-{c}" for c in drawing - set(here)}
    assert set(placed) == set(charts)  # no chart of these cases comes from the notes alone
    reference_ids = {li["id"] for li in doc.by_id("references").find_all("li")}
    for chart_name, number in placed.items():
        block = doc.by_id(f"figure-{chart_name}")
        img = block.find("img")
        cited = {e.study_id for r in answer.recommendations for e in r.evidence}
        cited |= {s for note in answer.notes for s in note.study_ids}  # the notes' studies are cited too
        drawn = sorted(cited & set(charts[chart_name].studies(kb)))
        assert img["src"] == f"/evidence/{chart_name}.svg?{urlencode({'cite': ','.join(drawn)}, safe=',')}"
        assert img["alt"] == charts[chart_name].alt
        assert int(img["width"]) > 0
        assert int(img["height"]) > 0
        assert block.find("figcaption").text.startswith(f"Figure {number}. {charts[chart_name].title}")
        rows = SERIES[chart_name](kb)
        table = block.find("table", class_="numbers")
        assert len(table.find("tbody").find_all("tr")) == len(rows)
        assert len(table.find_all("tr", class_="cited")) == sum(r.study_id in cited for r in rows) > 0
        sources = block.find("p", class_="sources")
        for citation in citations(kb, charts[chart_name].studies(kb)):
            assert citation.study in sources.text
        assert {a["href"][1:] for a in sources.find_all("a")} <= reference_ids


def test_a_chart_only_the_notes_call_for_is_drawn_with_the_notes(
    afresh_client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart whose studies only a note cites is a numbered figure in the notes section."""
    evaluate = engine.evaluate
    pcr_studies = {r.study_id for r in [*pcr_rows(engine.kb), *hr_gap_rows(engine.kb)]}
    study = next(r.study_id for r in hazard_rows(engine.kb) if r.study_id not in pcr_studies)

    def notes_only(case: object, **kw: object) -> Answer:
        answer = evaluate(case, **kw)  # type: ignore[arg-type]
        note = Note(rule="note_test", text="A note citing a charted study.", study_ids=[study])
        return answer.model_copy(update={"recommendations": [], "notes": [note]})

    monkeypatch.setattr(engine, "evaluate", notes_only)
    doc = page(afresh_client, "/answer", as_form(CASES["metastatic first-line"]))
    blocks = doc.by_id("notes").find_all("div", class_="figure-block")
    assert [b["data-chart"] for b in blocks] == ["hazard-ratios"]
    assert blocks[0].find("figcaption").text.startswith("Figure 1.")
    assert len(blocks[0].find_all("tr", class_="cited")) == sum(r.study_id == study for r in hazard_rows(engine.kb))


def test_references_link_to_their_doi_or_pubmed_record(client: FlaskClient, engine: Engine) -> None:
    """A listed reference with a DOI or PMID links to doi.org or PubMed (the print layout shows the address)."""
    doc = page(client, "/answer", NEO_FORM)
    with_ids = 0
    for li in doc.by_id("references").find_all("li"):
        ref = engine.kb.references[int(li["value"])]
        hrefs = [a["href"] for a in li.find_all("a", class_="ref-link")]
        expected = [f"https://doi.org/{ref.doi}"] if ref.doi else []
        expected += [f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"] if ref.pmid else []
        assert hrefs == expected
        with_ids += bool(expected)
    assert with_ids


def test_the_printed_answer_carries_its_own_address(client: FlaskClient) -> None:
    """The footer's print-only line gives the answer's canonical address, which reproduces it."""
    doc = page(client, "/answer", NEO_FORM)
    address = urlsplit(doc.find("p", class_="print-only").find("span", class_="page-url").text)
    assert (address.scheme, address.netloc, address.path) == ("http", "localhost", "/answer")
    assert dict(parse_qsl(address.query)) == NEO_FORM


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", ("Case form", "page")),
        ("/answer?" + urlencode(NEO_FORM), ("Case form", "true")),
        ("/what-if?" + urlencode(NEO_FORM), None),  # a page of its own, not the case form
        ("/cases/first-line-dual-blockade/learn", ("Case library", "true")),
        ("/cases", ("Case library", "page")),
        ("/cases/first-line-dual-blockade", ("Case library", "true")),
        ("/timeline", ("Timeline", "page")),
        ("/evidence", ("Evidence charts", "page")),
        ("/api", ("JSON API", "page")),
        ("/missing", None),
    ],
)
def test_every_page_has_the_main_navigation(client: FlaskClient, path: str, current: tuple[str, str] | None) -> None:
    """The main navigation links the form, library, timeline, charts and API, and marks the section you are in."""
    doc = parse_html(client.get(path).text)
    links = doc.find("nav", aria_label="Main").find("ul").find_all("a")
    assert [(a.text, a["href"]) for a in links] == NAV
    marked = [(a.text, a["aria-current"]) for a in links if a.has("aria-current")]
    assert marked == ([current] if current else [])


@pytest.mark.parametrize(
    ("path", "sheets"),
    [
        ("/answer?" + urlencode(NEO_FORM), ["style.css", "print.css"]),
        ("/", ["style.css", "print.css"]),
        ("/cases", ["style.css", "teaching.css", "print.css"]),
        ("/cases/first-line-dual-blockade", ["style.css", "teaching.css", "print.css"]),
        ("/cases/first-line-dual-blockade/learn", ["style.css", "teaching.css", "print.css"]),
        ("/what-if?" + urlencode(NEO_FORM), ["style.css", "teaching.css", "print.css"]),
        ("/timeline", ["style.css", "teaching.css", "print.css"]),
        ("/evidence", ["style.css", "teaching.css", "print.css"]),
    ],
)
def test_stylesheets_are_linked_in_the_head(client: FlaskClient, path: str, sheets: list[str]) -> None:
    """Stylesheets are linked in the head, the teaching one on teaching pages, print.css last and for print only."""
    doc = parse_html(client.get(path).text)
    links = doc.find("head").find_all("link", rel="stylesheet")
    assert [link["href"] for link in links] == [f"/static/{name}" for name in sheets]
    assert links[-1]["media"] == "print"
    assert not doc.find("body").find_all("link")
    assert not doc.find("body").find_all("style")


def test_print_stylesheet_hides_navigation_and_keeps_the_disclaimer(client: FlaskClient) -> None:
    """print.css hides navigation, forms and link lists, prints link addresses, keeps tables whole and the notice."""
    response = client.get("/static/print.css")
    css = response.text
    response.close()
    hidden = next(line for line in css.splitlines() if "display: none !important" in line)
    assert {"nav", ".links", ".actions", ".library-links", "form", "button"} <= {
        s.strip() for s in hidden.split("{")[0].split(",")
    }
    kept = next(line for line in css.splitlines() if "display: block !important" in line and ".notice" in line)
    assert ".disclaimer" in kept
    assert 'a[href^="http"]::after { content: " <" attr(href) ">"' in css
    assert "table { break-inside: avoid" in css
    assert "thead { display: table-header-group; }" in css


@pytest.mark.parametrize(
    ("case_id", "starred"),
    [
        ("her2-negative-selection", False),  # out of scope: no option, no trial
        ("first-line-today", False),  # in scope, each key trial's numbers verified
        ("first-line-trastuzumab-not-recorded-2022", True),  # a key trial with a number not verified
    ],
)
def test_the_handout_gives_the_not_verified_key_only_where_a_trial_is_starred(
    client: FlaskClient, case_id: str, starred: bool
) -> None:
    """The key "* not verified ..." explains a star beside a key trial: a handout with none has no key."""
    doc = page(client, f"/cases/{case_id}/handout")
    trials = [p.text for p in doc.find_all("p", class_="verdict-trial")]
    keys = [p for p in doc.find_all("p", class_="muted") if p.text.startswith("* ")]
    assert any(re.search(r"\s\*(\s|$)", t) for t in trials) is starred
    assert len(keys) == (1 if starred else 0)
