"""Engine words on the pages a person reads, checked in the HTML the server sends (Flask's test client).

No page adds text with JavaScript (web/static/form.js inserts none), so the served HTML holds every word a
reader sees: the check reads the text a browser would hold (textContent: folds included, scripts, styles and
the printed page address left out) without a browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask.testing import FlaskClient
from packaged import REGIMEN_IDS
from web_cases import CASES, as_form
from web_html import Node, parse_html

from engine import Engine
from engine.vocabulary import CASE_FIELDS, STATUSES

# a module or a knowledge-base file of the project, named by its file (engine/toml_records.py, regimens.toml)
SOURCE_FILE = r"\b[\w-]+\.(?:py|toml)\b"
UNREAD = {"script", "style"}  # never shown; nor is the printed address of the page (.page-url), a query string


def engine_words(engine: Engine) -> re.Pattern[str]:
    """Rule ids, snake_case case fields and derived facts, regimen ids and the project's working-file names."""
    names = [n for n in [*CASE_FIELDS, *engine.kb.words.derived, *REGIMEN_IDS, *STATUSES] if "_" in n]
    words = [re.escape(r.id) for r in engine.rulebook.rules] + [rf"\b{re.escape(n)}\b" for n in names]
    files = r"tables\.md|notes\.md|trials\.json|references\.json|Domain approval table"
    return re.compile("|".join([*words, files, SOURCE_FILE]))


def text_content(node: Node) -> str:
    """The element's text as the DOM's textContent joins it (no separators added), without unread parts."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in UNREAD and "page-url" not in child.attrs.get("class", "").split():
            parts.append(text_content(child))
    return "".join(parts)


def words_shown(pattern: re.Pattern[str], html: str) -> list[str]:
    """The engine words in the page's body text, each once, sorted."""
    return sorted({m.group(0) for m in pattern.finditer(text_content(parse_html(html).find("body")))})


def user_pages(engine: Engine) -> list[str]:
    paths = ["/", "/?setting=metastatic&her2_status=positive", "/cases", "/timeline", "/evidence", "/open-questions"]
    for case in CASES.values():
        query = urlencode(as_form(case))
        paths += [f"/answer?{query}", f"/what-if?{query}", f"/what-if?{query}&tab=dates", f"/learn?{query}"]
        paths += [f"/timeline?{query}", f"/handout?{query}"]
    for case_id in engine.kb.cases:
        paths += [f"/cases/{case_id}", f"/cases/{case_id}/learn"]
    return paths


def test_no_page_a_person_reads_speaks_engine_words(client: FlaskClient, engine: Engine) -> None:
    """No user-facing page shows a rule id, a snake_case field name or an internal file name (folds included)."""
    pattern = engine_words(engine)
    found = {}
    for path in user_pages(engine):
        response = client.get(path)
        assert response.status_code == 200, path
        hits = words_shown(pattern, response.text)
        if hits:
            found[path] = hits
    assert found == {}


def test_a_rule_id_inside_a_fold_is_caught(engine: Engine) -> None:
    """A page that prints a rule id inside a closed <details> fold, split over two elements, shows that id."""
    rule = engine.rulebook.rules[0].id
    head, tail = rule[: len(rule) // 2], rule[len(rule) // 2 :]
    html = f"<html><body><details><summary>Why</summary><p>Fired: <b>{head}</b>{tail}.</p></details></body></html>"
    assert words_shown(engine_words(engine), html) == [rule]


def test_scripts_styles_and_the_printed_address_are_not_read(engine: Engine) -> None:
    """Engine words in a script, a style or the printed page address (.page-url) are not text a person reads."""
    html = (
        "<html><head><title>tumor_size_cm</title></head><body><script>var tumor_size_cm = 1;</script>"
        "<style>.node_status {}</style><p>Printed from <span class='page-url'>/answer?node_status=x</span></p>"
        "<p>notes.md</p></body></html>"
    )
    assert words_shown(engine_words(engine), html) == ["notes.md"]
