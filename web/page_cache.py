"""The answer page kept per class of cases: a wrapper around rendering it, so a second case of a class already
shown costs about what its JSON answer costs, with the same bytes as a page rendered afresh.

The engine answers every case of a class alike (engine/answer_cache.py). The page of a class is rendered once,
from the class's answer with its slots unfilled and the case slotted (web/page_slots.py: its numbers and date
print as slots), with a slot for each link that carries the query (web/answer_page.py, page_links); the glossary
marks its first uses once (teaching/glossary.py, mark_slotted: only where no filled value can change what is
marked); each request fills the slots with its own case's values, HTML-escaped. The key holds everything else a
page reads from the request: the class, the engine's reasoning shown or not, which fields were entered (the case
table marks defaults), the chart view of the day, whether the case is past the cut-off, and the script root of
the links; every comparison the page's code made of a slotted value is a guard the next case must meet (a plural
for 1, the case dated the review's day). A page that cannot be slotted (a value printed another way, a slot
beside a marked abbreviation) is rendered afresh every time, never kept. Bounded by size, least recently used
out first, one cache per app."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask, Response, current_app, render_template, request
from markupsafe import Markup, escape

from engine import Case
from web.answer_page import LINKS, answer_page, page_links
from web.glossary import current_glossary, marked_already
from web.page_slots import SLOTTED, Guard, Recording, Unslottable, holds, printed, slotted_case
from web.services import current_engine, current_views

PAGE_CACHE_KEY = "her2_cds.page_cache"
# a page is 50-200 kB of UTF-8: some 250 classes' pages in a worker at most
PAGE_CACHE_BYTES = 32 * 2**20
VARIANTS = 4  # pages kept under one key, each with its own guards
_LINK = "link."
# a slot as the page holds it: bare, or inside a URL as url_for quoted it
_SLOT = re.compile(r"(\x00|%00)(?P<name>[a-z0-9_]+(?:\.[a-z_]+)?)\1")
_VALUE = re.compile(r"[0-9][0-9.-]*")  # what a number or a date prints as: no letter, no markup
_NAMES = frozenset({*SLOTTED, *(f"{n}.{how}" for n in SLOTTED for how in ("str", "entered", "date"))})


@dataclass(frozen=True)
class KeptPage:
    """A class's page, marked, cut at its slots."""

    parts: tuple[bytes, ...]  # the UTF-8 between the slots
    slots: tuple[tuple[str, bool], ...]  # each slot's name, and whether it stands in a URL
    guards: tuple[Guard, ...]

    @classmethod
    def of(cls, page: str, guards: list[Guard]) -> KeptPage | None:
        parts, slots, done = [], [], 0
        for found in _SLOT.finditer(page):
            name = found.group("name")
            if name not in _NAMES and name.removeprefix(_LINK) not in LINKS:
                return None  # not a slot of ours: never fill what the page did not mark
            parts.append(page[done : found.start()].encode())
            slots.append((name, found.group(1) != "\x00"))
            done = found.end()
        parts.append(page[done:].encode())
        return cls(tuple(parts), tuple(slots), tuple(dict.fromkeys(guards)))

    @property
    def size(self) -> int:
        return sum(map(len, self.parts))

    def fill(self, value: Callable[[str], str]) -> bytes | None:
        """The page with each slot's text (None: a value that is no number or date, so the page is made afresh)."""
        out = [self.parts[0]]
        for (name, in_url), part in zip(self.slots, self.parts[1:], strict=True):
            text = value(name)
            if not name.startswith(_LINK):
                if not _VALUE.fullmatch(text):
                    return None
                text = quote(text) if in_url else text
            out += [text.encode(), part]
        return b"".join(out)


class PageCache:
    """Kept pages by key, least recently used out first, within a size in bytes; thread-safe."""

    def __init__(self, limit: int = PAGE_CACHE_BYTES) -> None:
        self.limit = limit
        self.hits = self.misses = self.unkept = 0
        self._pages: OrderedDict[Hashable, list[KeptPage]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def find(self, key: Hashable, case: Case) -> KeptPage | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
        page = next((p for p in kept or () if holds(p.guards, case)), None)
        with self._lock:
            if page is None:
                self.misses += 1
            else:
                self.hits += 1
        return page

    def keep(self, key: Hashable, page: KeptPage) -> None:
        with self._lock:
            kept = self._pages.setdefault(key, [])
            if any(p.guards == page.guards for p in kept):
                return  # two requests of the class rendered it at once
            kept.append(page)
            self._bytes += page.size
            if len(kept) > VARIANTS:
                self._bytes -= kept.pop(0).size
            while self._bytes > self.limit and self._pages:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= sum(p.size for p in dropped)

    def __len__(self) -> int:
        return sum(map(len, self._pages.values()))


def install(app: Flask) -> None:
    """The app's page cache; PAGE_CACHE_BYTES = 0 in its config keeps none (every page rendered afresh)."""
    app.extensions[PAGE_CACHE_KEY] = PageCache(app.config.get("PAGE_CACHE_BYTES", PAGE_CACHE_BYTES))


def current_page_cache() -> PageCache:
    cache: PageCache = current_app.extensions[PAGE_CACHE_KEY]
    return cache


def answer_response(case: Case, query: dict[str, str], reasoning: bool) -> Response | str:
    """GET /answer's page for a valid case: from the kept page of its class, filled, or rendered afresh."""
    engine, cache = current_engine(), current_page_cache()
    case = engine.dated(case)
    fact = case.as_fact()
    view = current_views().on(case.as_of)
    links = page_links(engine, query, case.as_of)
    if not cache.limit:
        return _afresh(case, query, reasoning, links)
    # the chart view is one of the app's, kept for good, and the banner past the cut-off is the case's own
    past_cutoff = case.as_of > engine.kb.info.evidence_cutoff
    key = (engine.cache.key(fact), reasoning, frozenset(query), id(view), past_cutoff, request.script_root)
    page = cache.find(key, case)
    if page is None:
        page = _rendered(case, query, reasoning)
        if page is None:
            cache.unkept += 1
            return _afresh(case, query, reasoning, links)
        cache.keep(key, page)

    def value(name: str) -> str:
        return str(escape(links[name.removeprefix(_LINK)])) if name.startswith(_LINK) else printed(name, case, fact)

    body = page.fill(value)
    if body is None:
        return _afresh(case, query, reasoning, links)
    marked_already()
    return Response(body, mimetype="text/html")


def _rendered(case: Case, query: dict[str, str], reasoning: bool) -> KeptPage | None:
    """The page of the case's class with its slots, marked; None where it cannot be kept."""
    engine = current_engine()
    slots = {name: Markup(f"\x00{_LINK}{name}\x00") for name in LINKS}
    try:
        with Recording() as guards:
            slotted = slotted_case(case)
            answer = engine.slotted(case).model_copy(update={"case": slotted})
            view = current_views().on(case.as_of)
            page = answer_page(engine, view, answer, query, reasoning, slots, case)
            html = render_template("answer.html", page=page)
    except Unslottable:
        return None
    marked = current_glossary().mark_slotted(html, _SLOT, lambda name: not name.startswith(_LINK))
    return None if marked is None else KeptPage.of(marked, guards)


def _afresh(case: Case, query: dict[str, str], reasoning: bool, links: dict[str, str]) -> str:
    """The page rendered from the case's own answer (the glossary marks it after the request)."""
    engine = current_engine()
    answer = engine.evaluate(case)
    page = answer_page(engine, current_views().on(answer.case.as_of), answer, query, reasoning, links)
    return render_template("answer.html", page=page)
