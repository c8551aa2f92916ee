"""The answer page kept per class of cases (web/page_cache.py): a page filled from a kept page is the page
rendered afresh_client, byte for byte, whichever case of the class asked first; a case's own numbers, date and links
never reach another case's page; the cache is the app's own and bounded."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from engine import Engine
from tests.support.web_cases import as_form
from web import create_app
from web.forms import case_from_form
from web.page_cache import PAGE_CACHE_KEY, KeptPage, PageCache
from web.page_slots import Recording, Unslottable, holds, printed, slotted_case

NEO = {"setting": "neoadjuvant", "her2_status": "positive", "hormone_receptor_status": "negative",
       "node_status": "positive"}  # fmt: skip
META = {"setting": "metastatic", "metastatic_line": "pretreated", "her2_status": "positive",
        "hormone_receptor_status": "positive", "prior_trastuzumab": "true"}  # fmt: skip
LOW = {"setting": "metastatic", "metastatic_line": "pretreated", "her2_status": "low",
       "hormone_receptor_status": "negative", "prior_metastatic_chemotherapy": "true"}  # fmt: skip
# two cases of one class each (the rules cannot tell them apart): other numbers, another date
SAME_CLASS = [
    (dict(NEO, tumor_size_cm="3.5"), dict(NEO, tumor_size_cm="4.9")),
    (dict(NEO, tumor_size_cm="3"), dict(NEO, tumor_size_cm="2.04")),
    (dict(NEO, tumor_size_cm="3.5", as_of="2016-03-01"), dict(NEO, tumor_size_cm="3.6", as_of="2016-03-02")),
    (dict(NEO, tumor_size_cm="1.5", as_of="2012-06-01"), dict(NEO, tumor_size_cm="1.96", as_of="2012-06-02")),
    (dict(META, months_since_trastuzumab="13", prior_metastatic_her2_regimens="3", age_years="40"),
     dict(META, months_since_trastuzumab="20", prior_metastatic_her2_regimens="4", age_years="71")),
    (dict(NEO, tumor_size_cm="3.5", reasoning="on"), dict(NEO, tumor_size_cm="2.5", reasoning="on")),
    # out of scope, the engine's reasoning gives the date of the case the HER2-low rules' tests read
    (dict(LOW, as_of="2022-06-04", reasoning="on"), dict(LOW, as_of="2022-06-03", reasoning="on")),
]  # fmt: skip


def _app(engine: Engine, tmp_path: Path, name: str, **config: Any) -> Flask:
    db = f"sqlite:///{tmp_path / name}.sqlite3"
    return create_app({"TESTING": True, "ENGINE": engine, "DATABASE_URL": db, **config})


@pytest.fixture
def kept(engine: Engine, tmp_path: Path) -> Flask:
    """An app of the test's own, so that its page cache starts empty."""
    return _app(engine, tmp_path, "kept")


def _cache(app: Flask) -> PageCache:
    cache: PageCache = app.extensions[PAGE_CACHE_KEY]
    return cache


def _class(engine: Engine, form: dict[str, str]) -> Hashable:
    case, _ = case_from_form(MultiDict(form), engine.kb.case_checks)
    return engine.cache.key(engine.dated(case).as_fact())


def _page(client: FlaskClient, case: dict[str, str]) -> bytes:
    response = client.get("/answer?" + urlencode(case))
    assert response.status_code == 200, case
    return response.data


def test_a_second_case_of_a_class_gets_the_kept_page_filled_with_its_own_values(
    kept: Flask, afresh_client: FlaskClient
) -> None:
    client, cache = kept.test_client(), _cache(kept)
    for first, second in SAME_CLASS:
        assert _page(client, first) == _page(afresh_client, first), first
        hits = cache.hits
        page = _page(client, second)
        assert cache.hits == hits + 1, f"{second} was not served from the page of {first}"
        assert page == _page(afresh_client, second), second
    assert b"tumor 4.9 cm" in _page(client, SAME_CLASS[0][1])
    assert b"\x00" not in page


def test_a_page_kept_without_its_slots_would_give_the_first_case_to_the_second(
    kept: Flask, afresh_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the comparison above can fail: a case left unslotted prints its own numbers into the kept page
    monkeypatch.setattr("web.page_cache.slotted_case", lambda case: case)
    client = kept.test_client()
    first, second = SAME_CLASS[0]
    _page(client, first)
    page = _page(client, second)
    assert page != _page(afresh_client, second)
    assert b"tumor 3.5 cm" in page


@pytest.mark.parametrize(
    ("first", "second", "current"),
    [
        (dict(META, as_of="2014-07-31"), dict(META, as_of="2014-08-01"), b"as the review saw it"),
        (dict(META, as_of="2026-12-06"), dict(META, as_of="2026-12-05"), b"as of the knowledge base's cut-off"),
    ],
)
def test_a_comparison_of_a_value_is_a_guard_the_next_case_must_meet(
    engine: Engine,
    kept: Flask,
    afresh_client: FlaskClient,
    first: dict[str, str],
    second: dict[str, str],
    current: bytes,
) -> None:
    # one class each, but only the first is dated the review's day or the cut-off: its link is the current page
    assert _class(engine, first) == _class(engine, second)
    client, cache = kept.test_client(), _cache(kept)
    assert b'aria-current="page">' + current in _page(client, first)
    assert _page(client, second) == _page(afresh_client, second)
    assert b'aria-current="page">' + current not in _page(client, second)
    assert (cache.hits, cache.misses, len(cache)) == (1, 2, 2)


@pytest.mark.slow
def test_every_library_case_on_four_days_is_the_page_rendered_afresh(
    engine: Engine, kept: Flask, afresh_client: FlaskClient
) -> None:
    client, cache = kept.test_client(), _cache(kept)
    for case in engine.kb.cases.values():
        form = as_form(case.case)
        for day in ({}, {"as_of": "2014-07-31"}, {"as_of": "2009-03-15"}, {"as_of": "2019-05-01"}):
            for shown in ({}, {"reasoning": "on"}):
                asked = {**form, **day, **shown}
                assert _page(client, asked) == _page(afresh_client, asked), asked
    assert cache.unkept < cache.misses // 10  # nearly every page can be kept


def test_the_cache_is_the_apps_own_and_bounded_in_bytes(kept: Flask, engine: Engine, tmp_path: Path) -> None:
    assert _cache(kept) is not _cache(_app(engine, tmp_path, "other"))
    cache = PageCache(limit=250)
    pages = [KeptPage.of(f"<p>{'x' * 90}{n}</p>", []) for n in range(4)]
    for n, page in enumerate(pages):
        assert page is not None
        cache.keep(n, page)
    assert len(cache) == 2
    assert cache.find(0, None) is None  # type: ignore[arg-type]  # the oldest went first
    assert cache.find(3, None) is pages[3]  # type: ignore[arg-type]


def test_a_slotted_value_prints_as_a_slot_compares_as_itself_and_refuses_the_rest(engine: Engine) -> None:
    case = engine.parse({**NEO, "tumor_size_cm": 2.0, "as_of": "2012-06-01"})
    slotted = slotted_case(case)
    size, day = slotted.tumor_size_cm, slotted.as_of
    assert (f"{size}", repr(size), str(day), day.isoformat()) == (
        "\x00tumor_size_cm.str\x00",
        "\x00tumor_size_cm.entered\x00",
        "\x00as_of.date\x00",
        "\x00as_of.date\x00",
    )
    with Recording() as guards:
        compared = (size > 1, size == 2.5)
    assert compared == (True, False)
    assert guards == [("tumor_size_cm", "gt", 1, True), ("tumor_size_cm", "eq", 2.5, False)]
    assert holds(tuple(guards), engine.parse({**NEO, "tumor_size_cm": 4.0}))
    assert not holds(tuple(guards), engine.parse({**NEO, "tumor_size_cm": 2.5}))
    assert [printed(n, case, case.as_fact()) for n in ("tumor_size_cm.entered", "tumor_size_cm", "as_of.date")] == [
        "2",
        "2.0",
        "2012-06-01",
    ]
    for use in (lambda: size + 1, lambda: f"{size:.1f}", lambda: day.strftime("%Y"), lambda: day - day):
        with pytest.raises(Unslottable):
            use()
