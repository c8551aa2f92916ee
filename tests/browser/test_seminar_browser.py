"""A seminar run end to end in Debian's Chromium against `her2-cds serve`: the teacher creates it from three
library cases, two students answer in separate browser contexts, the projector reveals one answer, the
results show both students, and after the server restarts the results are still there. Then the new pages
under axe-core, and the worksheet printed: no answer text on paper."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from web_browser import open_page

from engine import Engine
from her2_cds.serving import serving
from teaching.learner import learner_items, reason_for

pytestmark = pytest.mark.browser

CASES = ["first-line-dual-blockade", "tdm1-after-trastuzumab", "neoadjuvant-large-tumor"]
SERIOUS = ("serious", "critical")


def answer_every_case(page: Page, choice: str) -> None:
    """Choose `choice` for every regimen of every case; wait until each case's answers are recorded."""
    for section in page.locator("section.seminar-case").all():
        for item in section.locator("li.item").all():
            item.locator(f"input[value={choice}]").check()
            item.locator(".item-reason:not(:empty)").wait_for()  # the reason comes right after the answer
        section.locator(".case-score:not(:empty)").wait_for()
        assert section.get_attribute("data-recorded") == "true", section.locator(".case-score").inner_text()


def counted(page: Page, base: str, results_link: str) -> dict[str, str | None]:
    page.goto(base + results_link)
    page.locator("section.results-case").first.wait_for()
    return {s.get_attribute("data-case-id") or "": s.get_attribute("data-responses") for s in
            page.locator("section.results-case").all()}  # fmt: skip


@pytest.mark.slow
def test_a_seminar_end_to_end_survives_a_restart(browser: Browser, tmp_path: Path) -> None:
    env = {"HER2_CDS_DATABASE_URL": f"sqlite:///{tmp_path / 'class' / 'seminars.sqlite3'}"}
    with serving(1, tmp_path / "first.log", env) as server:
        teacher, console = open_page(browser)
        teacher.goto(server.url + "/seminars/new")
        teacher.get_by_label("Title, as the class sees it").fill("HER2 seminar, week 3")
        for i, case_id in enumerate(CASES, start=1):
            teacher.get_by_label(f"Case {i}", exact=True).select_option(case_id)
        teacher.get_by_role("button", name="Create the seminar").click()
        code = teacher.locator("#seminar-code").inner_text()
        results_link = teacher.locator("#results-link").get_attribute("href") or ""
        results_link = results_link.removeprefix(server.url)  # the public address: this server's

        for choice in ("approved", "unsure"):  # two students, each in a browser context of their own
            student, student_console = open_page(browser, viewport={"width": 375, "height": 800})
            student.goto(f"{server.url}/s/{code}")
            assert student.locator("section.seminar-case").count() == 3
            answer_every_case(student, choice)
            assert student_console.unexpected() == []
            student.context.close()

        present_link = (teacher.locator("#present-link").get_attribute("href") or "").removeprefix(server.url)
        projector, projector_console = open_page(browser, viewport={"width": 1920, "height": 1080})
        projector.goto(server.url + present_link)  # the teacher's link: the token after the # fills the reveal forms
        first = projector.locator("section.present-case").first
        assert first.locator("table").count() == 0  # not in the page until revealed
        assert "FDA-approved" not in projector.content()
        first.get_by_role("button", name="Reveal the answer to case 1").click()
        first = projector.locator("section.present-case").first
        # the reveal is a form post and a new page: wait for it, since the old page has no table to find
        expect(first.locator(".present-answer table")).to_be_visible(timeout=30_000)
        assert "FDA-approved" in first.locator(".present-answer table").inner_text()
        assert projector.locator("section.present-case").nth(1).locator("table").count() == 0
        assert projector_console.unexpected() == []
        projector.context.close()

        assert counted(teacher, server.url, results_link) == dict.fromkeys(CASES, "2")
        row = teacher.locator('section.results-case[data-case-id="first-line-dual-blockade"]'
                              ' tr[data-regimen="pertuzumab_trastuzumab_chemotherapy"]')  # fmt: skip
        assert row.locator('td[data-choice="approved"]').inner_text() == "1"
        assert row.locator('td[data-choice="unsure"]').inner_text() == "1"
        assert console.unexpected() == []
        teacher.context.close()

    with serving(1, tmp_path / "second.log", env) as restarted:
        teacher, _ = open_page(browser)
        assert counted(teacher, restarted.url, results_link) == dict.fromkeys(CASES, "2")
        teacher.context.close()


def _seminar(live_server: str, case_ids: list[str] = CASES) -> dict[str, object]:
    body = json.dumps({"title": "Accessibility", "case_ids": case_ids}).encode()
    request = urllib.request.Request(
        live_server + "/api/v1/seminars", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        made: dict[str, object] = json.loads(response.read())
    return made


@pytest.mark.parametrize("page_of", ["students", "present", "worksheet", "results", "new"])
def test_the_seminar_pages_have_no_serious_accessibility_violation(
    browser: Browser, live_server: str, page_of: str
) -> None:
    made = _seminar(live_server)
    links = made["links"]
    assert isinstance(links, dict)
    path = "/seminars/new" if page_of == "new" else str(links[page_of])
    if page_of == "results":
        path += f"#token={made['teacher_token']}"
    page, console = open_page(browser)
    page.goto(live_server + path)
    if page_of == "results":
        page.locator("section.results-case").first.wait_for()
    found = [v for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS]
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found += [v for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS]
    page.context.close()
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found] == []
    assert console.unexpected() == []


def _unbracketed(text: str) -> str:
    return " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())


def test_the_printed_worksheet_has_no_answer_text(browser: Browser, live_server: str, engine: Engine) -> None:
    made = _seminar(live_server)
    page, _ = open_page(browser)
    page.goto(f"{live_server}/s/{made['code']}/worksheet")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    page.context.close()
    flat = " ".join(text.split())
    assert "Educational use only, not for clinical decisions." in flat
    for case_id in CASES:
        case = engine.kb.cases[case_id]
        # the vignette is printed (the glossary's bracketed expansions of its abbreviations left out to compare)
        assert _unbracketed(case.vignette)[:60] in _unbracketed(flat)
        assert case.title not in flat  # library titles name the answer
        for question in case.questions:
            assert " ".join(question.answer.split())[:50] not in flat
        for point in case.learning_points:
            assert " ".join(point.split())[:50] not in flat
        answer = engine.evaluate(case.case)
        for regimen in learner_items(engine, answer, case):  # the answer key's reasons
            assert " ".join(reason_for(engine, answer, regimen)[0].split())[:50] not in flat
    for word in ("Model answer", "Reveal", "FDA-approved:", "Not offered."):
        assert word not in flat


def test_the_students_pages_fit_a_375_px_phone(browser: Browser, live_server: str, engine: Engine) -> None:
    """The library with its filters, the seminar's students' page and a learner's result (its table once ran 100 px
    off the screen) fit 375 px."""
    case = engine.kb.cases["late-relapse-after-adjuvant"]
    asked = learner_items(engine, engine.evaluate(case.case), case)
    result = f"/cases/{case.id}/learn/result?" + "&".join(f"choice-{r}=unsure" for r in asked)
    page, console = open_page(browser, viewport={"width": 375, "height": 800})
    for path in (
        "/cases?setting=metastatic&her2_status=positive",
        str(_seminar(live_server)["links"]["students"]),
        result,
    ):  # type: ignore[index]
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    assert page.locator("table.reveal tr[data-verdict]").count() == len(asked)
    page.context.close()
    assert console.unexpected() == []


def test_the_results_page_says_the_scope_note_of_a_case_out_of_scope_once(
    browser: Browser, live_server: str, engine: Engine
) -> None:
    """The results page draws each case from the results (static/seminar.js): a case out of scope says its note once,
    above its table, and every regimen's reason there only that it is not offered."""
    made = _seminar(live_server, ["her2-negative-selection"])
    links = made["links"]
    assert isinstance(links, dict)
    page, console = open_page(browser)
    page.goto(f"{live_server}{links['results']}#token={made['teacher_token']}")
    section = page.locator("section.results-case")
    section.first.wait_for()
    note = engine.evaluate(engine.kb.cases["her2-negative-selection"].case).scope_note
    assert section.locator("p.scope").all_inner_texts() == [note]
    assert section.inner_text().count(note) == 1
    assert set(section.locator("tbody tr td:last-child").all_inner_texts()) == {"Not offered."}
    page.context.close()
    assert console.unexpected() == []
