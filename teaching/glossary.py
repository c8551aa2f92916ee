"""The glossary on the page: each abbreviation the knowledge base's glossary names is marked at its first use in a
page's main content with <abbr title="expansion: meaning"> and followed by its expansion in visible text, so a
reader on a phone (no hover), with a keyboard or on paper sees it too; the words a page shows that look like
abbreviations can be listed (for the test that each has an entry). One pass over the HTML, linear in its size:
text between tags is matched against one compiled pattern; tags, attributes and the insides of script, style,
title, textarea, code and existing abbr elements are left as they are, and so are links, controls, headings and
table headers (their words stay as written; the abbreviation is explained where it is next used in running text)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from engine.knowledge import GlossaryTerm, NotAbbreviation

_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_SKIP = frozenset({"script", "style", "title", "textarea", "code", "abbr", "pre", "option", "svg", "select"})
# controls, links and headings keep their words as written (a link's text names where it goes, a heading stays
# short): an abbreviation there is explained at its first use in running text instead
_QUIET = frozenset({"a", "button", "label", "summary", "legend", "caption", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_LEFT_ALONE = _SKIP | _QUIET
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
# an element of these classes is a label, not prose: a status badge ("FDA-approved") keeps its words as written
_QUIET_CLASS = re.compile(r'\sclass="(?:[^"]*\s)?(?:badge|no-gloss)[\s"]')
# every tag that may open an element left alone (a superset: Glossary._opens decides): one named so, or one whose
# class may make it so
_OPENS = re.compile(
    r"<\s*(?:(?ai:" + "|".join(sorted(_LEFT_ALONE, key=lambda name: (-len(name), name))) + r")(?![a-zA-Z0-9])"
    r"|[a-zA-Z](?=[^>]*(?:badge|no-gloss)))[^>]*>"
)
# a word as the glossary sees it: letters and digits, joined by hyphens (T-DM1, AC-TH, HR-positive)
_WORD = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])")
# an author's initials after a surname in a citation ("Patel TA, Dave B"): names, not abbreviations
_INITIALS = re.compile(r"\b[A-Z][a-z'-]+(?:-[A-Z][a-z]+)? [A-Z]{1,3}(?=[,.;)]| et al| and)")
# registry numbers, PubMed Central ids, meeting abstract numbers and roman numerals (phase II, IIa)
_IDENTIFIER = re.compile(r"(?:NCT|PMC|LBA|GS|PD|P)\d[\w-]*|[IVX]+[ab]?(?:-[IVX]+[ab]?)?|[A-Z]+\d{3,}[\w-]*")


def _pattern(terms: Iterable[GlossaryTerm]) -> re.Pattern[str]:
    # the tail keeps a compound whole (HER2-positive), so the expansion follows the word rather than splitting it
    return re.compile(
        rf"(?P<abbr>{_trie(t.abbr for t in terms)})(?![A-Za-z0-9]|-[A-Za-z0-9]*[A-Z])(?P<tail>(?:-[a-z0-9]+)*)"
    )


# after a word's first letter: the character before it is no letter, digit or hyphen (a word starts there)
_STARTS = "(?<![A-Za-z0-9-].)"


def _trie(words: Iterable[str]) -> str:
    """The words as one alternation shaped as a trie (H(?:ER(?:2|3)?|R)...): one character test a step, where a
    flat alternation of 78 words tried each word at every position (most of a page's time). A word that continues
    another is an optional group, tried first, so the longest word matches first. Each word starts with a letter
    and the test that a word starts there comes after it, so the regex engine skips to the next possible first
    letter without trying the pattern at every position."""
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return "(?:" + "|".join(re.escape(ch) + _STARTS + emit(child) for ch, child in sorted(tree.items())) + ")"


class Glossary:
    """The knowledge base's abbreviations, ready to mark a page and to check one."""

    def __init__(self, terms: Iterable[GlossaryTerm], not_abbreviations: Iterable[NotAbbreviation] = ()) -> None:
        self.terms = {t.abbr: t for t in terms}
        self.names = frozenset(w for group in not_abbreviations for w in group.words)
        self._pattern = _pattern(self.terms.values()) if self.terms else None

    def mark_first_uses(self, page: str) -> str:
        """The page with the first use of each abbreviation inside <main> wrapped in <abbr title=...> and followed
        by its expansion in brackets, unless the text around it already spells the expansion out.

        The abbreviations are found in one search of the whole of <main> (no match spans a tag: none holds < or >);
        an abbreviation not yet marked is marked where it stands in text between two tags, outside the elements
        left alone, which are found by a search for the tags that open one and followed tag by tag to their end."""
        return self._mark(page)[0]

    def _mark(self, page: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The marked page, and where each use it marked stands in `page`, with its expansion: (start, end,
        expansion)."""
        start, end = page.find("<main"), page.rfind("</main>")
        if self._pattern is None or start < 0 or end < start:
            return page, []
        seen: set[str] = set()
        hits: list[tuple[int, int, str]] = []
        out: list[str] = []
        done = 0  # the page is copied up to here
        free = self._free(page, start, end)
        stretch = next(free, None)
        for match in self._pattern.finditer(page, start, end):
            abbr, at = match.group("abbr"), match.start()
            if abbr in seen:
                continue
            while stretch is not None and stretch[1] <= at:
                stretch = next(free, None)
            if stretch is None:
                break  # the rest of <main> is inside an element left alone
            opened = page.rfind("<", start, at)
            if at < stretch[0] or opened > page.rfind(">", start, at):
                continue  # in an element left alone, or inside a tag
            after = page.find("<", at, end)
            if after < 0 or page.find(">", after, end) < 0:
                break  # the text after the last tag inside <main> is left as it is
            seen.add(abbr)
            hits.append((at, match.end(), self.terms[abbr].expansion))
            text_from = page.find(">", opened) + 1
            out += [page[done:at], self._marked(match, page[text_from:after], at - text_from)]
            done = match.end()
        out.append(page[done:])
        return "".join(out), hits

    def mark_slotted(self, page: str, slot: re.Pattern[str], letter_free: Callable[[str], bool]) -> str | None:
        """mark_first_uses for a page with slots (`slot` finds them, its group "name" names one; each request
        fills them), or None where what is marked could depend on what fills them. It cannot where every slot
        inside <main> stands in a tag, in an element left alone, or in text where it is filled with no letter
        (`letter_free` of its name says so: a number or a date) and touches no word or hyphen: the uses found are
        then the same whatever fills it (a filled value holds no "<", ">" or letter, so it can start, end or
        continue no abbreviation), and so is each mark, where the words read around a use marked in the same text
        (_spelled_out) reach no slot, or never spell the expansion out whatever fills the slot."""
        marked, hits = self._mark(page)
        start, end = page.find("<main"), page.rfind("</main>")
        if start < 0 or end < start:
            return marked
        free = list(self._free(page, start, end))
        for found in slot.finditer(page, start, end):
            at, to = found.span()
            if any(s < to and at < e for s, e, _ in hits):
                return None  # a use marked inside a slot's name
            if page.rfind("<", start, at) > page.rfind(">", start, at):
                continue  # inside a tag
            if not any(a <= at and to <= b for a, b in free):
                continue  # in an element left alone
            if not letter_free(found.group("name")) or _WORD_CHAR.match(page, at - 1) or _WORD_CHAR.match(page, to):
                return None
            text_from, text_to = page.rfind(">", start, at) + 1, page.find("<", to, end)
            text = page[text_from:text_to]
            for s, e, expansion in hits:
                reach = len(expansion) + _AROUND
                near = text_from <= s and e <= text_to and (0 <= at - e < reach or 0 <= s - to < reach)
                if near and not _never_spelled(text, expansion):
                    return None
        return marked

    def _free(self, page: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The stretches of page[start:end] outside the elements left alone, in order."""
        at = start  # never inside a tag
        while True:
            opening = next((t for t in _OPENS.finditer(page, at, end) if self._opens(page, at, t)), None)
            if opening is None:
                yield at, end
                return
            yield at, opening.start()
            skipping: list[str] = []
            self._track(opening.group(), skipping)
            closing = next(
                (t for t in _TAG.finditer(page, opening.end(), end) if not self._track(t.group(), skipping)), None
            )
            if closing is None:
                return  # never closed: the rest is left alone
            at = closing.end()

    def _opens(self, page: str, after: int, tag: re.Match[str]) -> bool:
        """Whether `tag` (found after `after`, a place outside any tag) is a tag that opens an element left alone."""
        if page.rfind("<", after, tag.start()) > page.rfind(">", after, tag.start()):
            return False  # a "<" inside another tag
        skipping: list[str] = []
        self._track(tag.group(), skipping)
        return bool(skipping)

    @staticmethod
    def _track(tag: str, skipping: list[str]) -> bool:
        """Keep the stack of open elements whose text is left alone: one opens it, and while it is open every
        element inside is tracked too, so that its own closing tag is the one that ends it. Whether one is open."""
        name = _TAG_NAME.match(tag)
        if name is None or tag.endswith("/>"):
            return bool(skipping)
        element = name.group(1).lower()
        if tag.startswith("</"):
            if skipping and skipping[-1] == element:
                skipping.pop()
        elif element not in _VOID and (skipping or element in _LEFT_ALONE or _QUIET_CLASS.search(tag)):
            skipping.append(element)
        return bool(skipping)

    def _marked(self, match: re.Match[str], text: str, at: int) -> str:
        """An abbreviation's first use, `at` its place in the text between two tags that holds it."""
        abbr, tail = match.group("abbr"), match.group("tail")
        term = self.terms[abbr]
        marked = f'<abbr title="{html.escape(term.title())}">{abbr}</abbr>{tail}'
        if _spelled_out(text, at, at + len(match.group()), term.expansion):
            return marked
        shown = f"{abbr}: {term.expansion}" if tail else term.expansion
        return f'{marked}<span class="gloss"> ({html.escape(shown)})</span>'

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


_AROUND = 4  # _spelled_out reads the expansion's length and this much more on each side of a use
# a character that can be part of an abbreviation or of its tail, or stop one from matching beside it
_WORD_CHAR = re.compile(r"[A-Za-z0-9-]")


def _never_spelled(text: str, expansion: str) -> bool:
    """Whether _spelled_out says no for a use in `text` however a slot in it is filled (with digits, "." or "-",
    at least a character away from the use): the expansion is not in the text, and no filled value can be part
    of it."""
    lower = expansion.lower()
    return not re.search(r"[0-9.-]", lower) and lower not in text.lower() and lower not in html.unescape(text).lower()


def _spelled_out(text: str, start: int, end: int, expansion: str) -> bool:
    """Whether the words around the abbreviation (text[start:end]) already give its expansion ("... (pCR)"), or it
    stands in a bracket or one follows it (T-DM1 (ado-trastuzumab emtansine)): a second bracket would stack asides."""
    reach = len(expansion) + _AROUND
    near = html.unescape(text[max(0, start - reach) : end + reach]).lower()
    bracketed = text[end:].startswith(" (") or text[:start].endswith("(")
    return bracketed or expansion.lower() in near


def _looks_abbreviated(word: str) -> bool:
    return sum(ch.isupper() for ch in word) >= 2 and not _IDENTIFIER.fullmatch(word)


def visible_text(page: str) -> str:
    """The text a reader sees in a page's main content (scripts and styles left out)."""
    start, end = page.find("<main"), page.rfind("</main>")
    body = page[start:end] if 0 <= start < end else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(_TAG.sub(" ", body))
