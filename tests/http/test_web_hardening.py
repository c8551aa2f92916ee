"""What an attacker or a buggy tool found (in the app): Host-made links, charts per date, SVG policy, form digits."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_cases import CASES, as_form

from engine import Engine
from teaching.evidence import known_on
from web import charts, create_app

CASE = CASES["neoadjuvant"]
CASE_QUERY = "&".join(f"{k}={v}" for k, v in as_form(CASE).items())


def test_card_links_use_the_public_base_url_not_the_host_header(engine: Engine) -> None:
    """A forged Host header does not reach the cards: links start with the configured public URL."""
    app = create_app({"TESTING": True, "ENGINE": engine, "PUBLIC_BASE_URL": "https://teach.example.org/her2/"})
    response = app.test_client().post(
        "/cds-services/her2-case-review", json={"context": {"case": CASE}}, headers={"Host": "evil.example"}
    )
    urls = [link["url"] for card in response.json["cards"] for link in card["links"]]
    assert any(u.startswith("https://teach.example.org/her2/answer?") for u in urls)
    assert not any("evil.example" in u for u in urls)


def test_the_api_page_example_uses_the_public_base_url(client: FlaskClient) -> None:
    """The API page's curl example names the configured address, whatever Host the browser sent."""
    page = client.get("/api", headers={"Host": "evil.example"}).text
    assert "evil.example" not in page
    assert "http://localhost/api/v1/recommendations" in page


def test_an_svg_may_use_inline_styles_and_nothing_may_run(client: FlaskClient) -> None:
    """A chart opened on its own renders (inline styles allowed) and its policy still forbids every script."""
    policy = client.get("/evidence/pcr.svg").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["style-src"] == "'unsafe-inline'"
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives  # falls back to default-src 'none'
    page_policy = client.get("/evidence").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page_policy


def test_svg_metadata_does_not_name_the_matplotlib_version(client: FlaskClient) -> None:
    """The chart says it is her2-cds's, not which matplotlib drew it."""
    import matplotlib

    svg = client.get("/evidence/hazard-ratios.svg").text
    assert matplotlib.__version__ not in svg
    assert "<dc:title>her2-cds</dc:title>" in svg


@pytest.mark.parametrize("path", ["/", "/api/v1/regimens", f"/answer.json?{CASE_QUERY}"])
def test_pages_and_json_are_not_stored_by_caches(client: FlaskClient, path: str) -> None:
    """HTML and JSON answers carry Cache-Control: no-store (a case is in their URL or body)."""
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_five_thousand_chart_dates_draw_a_few_charts(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every date from 2000 draws one of a few distinct charts: each drawn once, the cache within its bound."""
    store = charts.ChartStore()
    drawn: list[str] = []
    savefig = charts.Figure.savefig

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        drawn.append("x")
        savefig(self, *args, **kwargs)

    monkeypatch.setattr(charts.Figure, "savefig", counting)
    day = dt.date(2000, 1, 1)
    for i in range(5000):
        store.svg("hazard-ratios", charts.ChartView.of(known_on(engine.kb, day + dt.timedelta(days=i))))
    # a few: one drawing per day a hazard ratio in the chart became public in 2000-2013 (11 since HERA's 2-year arm)
    assert 1 < len(drawn) <= 12
    assert len(store) == len(drawn) <= charts.CACHE_SIZE


def test_cite_sets_draw_no_new_chart(engine: Engine) -> None:
    """300 different `cite` sets over one chart draw it once (with its key): the highlight is CSS, not a drawing."""
    drawn: list[str] = []
    store = charts.ChartStore(drawer=lambda *args: drawn.append("x") or charts.draw_svg(*args))
    studies = sorted(set(charts.CHARTS["hazard-ratios"].studies(engine.kb)))
    sets = [frozenset(c) for c in itertools.islice(itertools.combinations(studies, 3), 300)]
    for cited in sets:
        svg = store.svg("hazard-ratios", charts.ChartView.of(engine.kb), cited).decode()
        assert {s for s in studies if f'g[id^="row-{s}--"] text{{font-weight:bold' in svg} == cited
    assert len(drawn) == 1
    assert len(store) == 1


def test_every_distinct_chart_fits_in_the_cache(engine: Engine) -> None:
    """All the charts any as_of date and cite set can ask for (each with and without the key) fit in the cache."""
    days = [None, *charts.change_dates(engine.kb)]
    distinct = {
        charts._fingerprint(name, known_on(engine.kb, day), marked)
        for day in days
        for name in charts.CHARTS
        for marked in (False, True)
    }
    assert len(distinct) <= charts.CACHE_SIZE
    # between two change dates nothing changes: the day before a change draws what the change date before it drew
    for before, after in itertools.pairwise(days[1:]):
        for name in charts.CHARTS:
            day = after - dt.timedelta(days=1)
            assert charts._fingerprint(name, known_on(engine.kb, day), False) == charts._fingerprint(
                name, known_on(engine.kb, before), False
            )


@pytest.mark.parametrize(("field", "text"), [("tumor_size_cm", "２.5"), ("months_since_trastuzumab", "٣")])
def test_the_form_refuses_non_ascii_digits_beside_the_field(client: FlaskClient, field: str, text: str) -> None:
    """Full-width and Arabic-Indic digits are not read as numbers: the message is beside the field."""
    base = as_form(CASES["metastatic pretreated"] if field.startswith("months") else CASE)
    response = client.get("/answer", query_string={**base, field: text})
    assert response.status_code == 422
    assert f'id="error-{field}"' in response.text
    assert f"&#39;{text}&#39; is not a" in response.text


def test_a_repeated_learner_choice_is_an_error(client: FlaskClient) -> None:
    """choice-X given twice is a 422 naming it, not the first value silently scored."""
    response = client.get(f"/learn/result?{CASE_QUERY}&choice-afatinib=approved&choice-afatinib=not_offered")
    assert response.status_code == 422
    assert "choice-afatinib" in response.text
    assert "given 2 times" in response.text


def test_learner_form_is_not_scored_by_post(client: FlaskClient) -> None:
    """POST /learn is refused (405): the result is a GET page and a JSON client scores with the API."""
    response = client.post(f"/learn?{CASE_QUERY}", json={"choices": {"afatinib": "approved"}})
    assert response.status_code == 405


def test_the_timeline_ignores_a_links_tracking_parameters(client: FlaskClient) -> None:
    """/timeline?utm_source=x is the timeline of approvals, not a 422 about a case nobody gave."""
    response = client.get("/timeline?utm_source=newsletter")
    assert response.status_code == 200


def test_a_batch_answer_states_its_count_first_and_ends_with_its_marker(app: Flask) -> None:
    """The streamed batch starts with count and ends with complete: true, so a cut answer is detectable."""
    response = app.test_client().post("/api/v1/recommendations/batch", json={"cases": [CASE, {"setting": 1}, CASE]})
    text = response.get_data(as_text=True)
    assert text.startswith('{"count":3,"answered":2,"invalid":1,"results":[')
    assert text.endswith(',"complete":true}')
    body = json.loads(text)
    assert len(body["results"]) == body["count"]


def test_the_days_of_one_span_share_one_chart_view(app: Any, engine: Engine) -> None:
    """A chart view (rows, sources, sizes) is read once per span between the days a chart changes: any day of
    the span gets the same view, and a day of another span another one."""
    from web.services import current_views

    with app.app_context():
        views = current_views()
        days = charts.change_dates(engine.kb)
        first, second = days[3], days[4]
        assert views.on(first) is views.on(second - dt.timedelta(days=1))
        assert views.on(second) is not views.on(first)
        assert views.on(None) is views.on(engine.kb.evidence_cutoff)
        assert views.on(None).kb is engine.kb
