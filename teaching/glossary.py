"""The glossary on the page: each abbreviation the knowledge base's glossary names is marked at its first use in a
page's main content with <abbr title="expansion: meaning">, and the words a page shows that look like
abbreviations can be listed (for the test that each has an entry). One pass over the HTML, linear in its size:
text between tags is matched against one compiled pattern; tags, attributes and the insides of script, style,
title, textarea, code and existing abbr elements are left as they are."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from engine.knowledge import GlossaryTerm, NotAbbreviation

_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_SKIP = frozenset({"script", "style", "title", "textarea", "code", "abbr", "pre", "option", "svg", "select"})
# a word as the glossary sees it: letters and digits, joined by hyphens (T-DM1, AC-TH, HR-positive)
_WORD = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])")
# an author's initials after a surname in a citation ("Patel TA, Dave B"): names, not abbreviations
_INITIALS = re.compile(r"\b[A-Z][a-z'-]+(?:-[A-Z][a-z]+)? [A-Z]{1,3}(?=[,.;)]| et al| and)")
# registry numbers, PubMed Central ids, meeting abstract numbers and roman numerals (phase II, IIa)
_IDENTIFIER = re.compile(r"(?:NCT|PMC|LBA|GS|PD|P)\d[\w-]*|[IVX]+[ab]?(?:-[IVX]+[ab]?)?|[A-Z]+\d{3,}[\w-]*")


def _pattern(terms: Iterable[GlossaryTerm]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(t.abbr) for t in terms), key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{'|'.join(alternatives)})(?![A-Za-z0-9]|-[A-Za-z0-9]*[A-Z])")


class Glossary:
    """The knowledge base's abbreviations, ready to mark a page and to check one."""

    def __init__(self, terms: Iterable[GlossaryTerm], not_abbreviations: Iterable[NotAbbreviation] = ()) -> None:
        self.terms = {t.abbr: t for t in terms}
        self.names = frozenset(w for group in not_abbreviations for w in group.words)
        self._pattern = _pattern(self.terms.values()) if self.terms else None

    def mark_first_uses(self, page: str) -> str:
        """The page with the first use of each abbreviation inside <main> wrapped in <abbr title=...>."""
        start, end = page.find("<main"), page.rfind("</main>")
        if self._pattern is None or start < 0 or end < start:
            return page
        seen: set[str] = set()
        out: list[str] = [page[:start]]
        skipping: list[str] = []
        pos = start
        for tag in _TAG.finditer(page, start, end):
            out.append(self._mark(page[pos : tag.start()], seen) if not skipping else page[pos : tag.start()])
            out.append(tag.group())
            name = _TAG_NAME.match(tag.group())
            if name and name.group(1).lower() in _SKIP and not tag.group().endswith("/>"):
                if tag.group().startswith("</"):
                    if skipping and skipping[-1] == name.group(1).lower():
                        skipping.pop()
                else:
                    skipping.append(name.group(1).lower())
            pos = tag.end()
        out.append(page[pos:])
        return "".join(out)

    def _mark(self, text: str, seen: set[str]) -> str:
        assert self._pattern is not None

        def first(match: re.Match[str]) -> str:
            abbr = match.group()
            if abbr in seen:
                return abbr
            seen.add(abbr)
            return f'<abbr title="{html.escape(self.terms[abbr].title())}">{abbr}</abbr>'

        return self._pattern.sub(first, text)

    def unexplained(self, text: str) -> set[str]:
        """The words of a page's text that look like abbreviations and have no glossary entry (nor are named as
        names): a word with two capitals or more (HER2, pCR, T-DXd), hyphenated words checked whole, then part by
        part (HER2-positive is HER2)."""
        text = _INITIALS.sub(" ", text)
        missing: set[str] = set()
        for word in _WORD.findall(text):
            if not self._known(word) and _looks_abbreviated(word):
                missing.update(p for p in self._parts(word.split("-")) if _looks_abbreviated(p))
        return missing

    def _known(self, word: str) -> bool:
        return word in self.terms or word in self.names

    def _parts(self, parts: list[str]) -> list[str]:
        """The parts of a hyphenated word no glossary entry covers, joining parts greedily (T-DXd-THP is T-DXd
        and THP)."""
        unknown: list[str] = []
        i = 0
        while i < len(parts):
            j = next((j for j in range(len(parts), i + 1, -1) if self._known("-".join(parts[i:j]))), i + 1)
            if j == i + 1 and not self._known(parts[i]):
                unknown.append(parts[i])
            i = j
        return unknown


def _looks_abbreviated(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and not _IDENTIFIER.fullmatch(word)


def visible_text(page: str) -> str:
    """The text a reader sees in a page's main content (scripts and styles left out)."""
    start, end = page.find("<main"), page.rfind("</main>")
    body = page[start:end] if 0 <= start < end else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(_TAG.sub(" ", body))
