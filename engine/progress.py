"""Every statement has its time: a statement of work in progress ("ongoing", "being studied", "awaited",
"unpublished", "still open") is shown only until the result that ended it was public, or, where no result in
the knowledge base has ended it, dated: "As of <day>, no later result in this knowledge base."

`timed` gives each cited text of a rule its window; `statements` lists every statement of work in progress the
knowledge base makes, with the day it ended; `stale_statements` is the check `kb check` runs on every answer:
each text an answer shows that speaks of work in progress must be one of those statements, shown before its
end, or dated as above.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from engine.answer import Answer
from engine.knowledge import Cited
from engine.loader import KnowledgeBase
from engine.published import cited_public, ended_on

# the words of work in progress; a clause about the review ("ongoing at the review", "known only through the
# review") is history, dated by the review itself
PROGRESS = re.compile(
    r"\b(?:ongoing|being (?:studied|tested|assessed|evaluated)|awaited|awaits|unpublished|still open|"
    r"(?:results?|data)\b[^.;]{0,40}\bexpected|not yet (?:reported|known))\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^.;]+")
_THE_REVIEW = re.compile(r"\bthe review\b", re.IGNORECASE)


@dataclass(frozen=True)
class Timed:
    """A rule's cited text with the days it is shown: from `start`, until `end` (if a result ended it)."""

    text: str
    start: dt.date
    end: dt.date | None
    undated: bool  # work in progress that no result in the knowledge base has ended: shown "as of"

    def on(self, day: dt.date, as_of: str) -> str | None:
        """The text as an answer on `day` shows it (`as_of`: that answer's "As of <day>, ..." sentence), or None
        outside its days."""
        if day < self.start or (self.end is not None and day >= self.end):
            return None
        return f"{self.text} {as_of}" if self.undated else self.text


def timed(kb: KnowledgeBase, cited: Cited) -> Timed:
    end = ended_on(kb, cited.ended_by)
    return Timed(cited.text, cited_public(kb, cited), end, cited.in_progress and end is None)


def note_text(note: str, undated: bool, as_of: str) -> str:
    """A teaching note as an answer shows it (`as_of`: its "As of <day>, ..." sentence): dated if it states work
    in progress that nothing has ended."""
    return f"{note} {as_of}" if undated else note


@dataclass(frozen=True)
class Statement:
    """A statement of work in progress the knowledge base makes, where, and the day it stopped being true."""

    text: str
    where: str
    end: dt.date | None


def statements(kb: KnowledgeBase) -> list[Statement]:
    """Every statement of work in progress in the rules: in-progress notes and rules, and cited texts."""
    found: list[Statement] = []
    for rule in kb.rules:
        if rule.in_progress:
            text = rule.note if rule.note is not None else rule.rationale
            found.append(Statement(text, rule.id, ended_on(kb, rule.ended_by)))
        for cited in (*rule.rationale_dated, *rule.cautions):
            if cited.in_progress:
                found.append(Statement(cited.text, rule.id, ended_on(kb, cited.ended_by)))
    return found


def _shown_texts(answer: Answer) -> Iterator[tuple[str, str]]:
    """Every text a person reads in an answer, with where it is."""
    for rec in answer.recommendations:
        yield f"{rec.regimen_id} rationale", rec.rationale
        yield from ((f"{rec.regimen_id} caution", c) for c in rec.cautions)
        for ev in rec.evidence:
            yield f"{rec.regimen_id} {ev.study_id}", ev.status_note
            for f in ev.findings:  # the result and its note, each a text of its own
                yield from ((f"{rec.regimen_id} {ev.study_id} finding", t) for t in (f.result, f.result_note) if t)
    yield from ((f"note {n.rule}", n.text) for n in answer.notes)


def stale_statements(answer: Answer, known: list[Statement], as_of: str) -> list[str]:
    """What an answer shows of work in progress that is not a statement of the knowledge base still true on its
    day: a statement past its end, one that nothing ended shown without its date (`as_of`: the sentence that dates
    it, [progress] as_of) or with a later one, or words of work in progress that no statement declares."""
    day = answer.case.as_of
    dated_as_of = _dated(as_of)
    problems: list[str] = []
    for where, text in _shown_texts(answer):
        own = [s for s in known if s.text in text]
        if not own and _speaks_of_progress(text):
            problems.append(f"{where} speaks of work in progress no statement declares: {text[:120]!r}")
        for statement in own:
            if statement.end is not None and day >= statement.end:
                problems.append(f"{where} still shows {statement.where}'s statement ended on {statement.end}")
            dated = dated_as_of.search(text)
            if statement.end is None and (dated is None or dt.date.fromisoformat(dated.group(1)) > day):
                problems.append(f"{where} shows {statement.where}'s open statement without its date")
    return problems


@functools.lru_cache(maxsize=8)
def _dated(as_of: str) -> re.Pattern[str]:
    """The dating sentence ("As of {day}, ...") as a pattern that finds its day."""
    before, _, after = as_of.partition("{day}")
    return re.compile(re.escape(before) + r"(\d{4}-\d\d-\d\d)" + re.escape(after))


@functools.lru_cache(maxsize=8192)  # kb check reads the same texts in thousands of answers
def _speaks_of_progress(text: str) -> bool:
    """Whether the text speaks of work in progress outside its clauses about the review (a clause: the text
    between two of . and ;), each clause read once (a regex matching a clause around "the review" went back
    over the clause from each of its characters: half of `kb check`'s time)."""
    kept = _CLAUSE.sub(lambda clause: "" if _THE_REVIEW.search(clause.group()) else clause.group(), text)
    return PROGRESS.search(kept) is not None
