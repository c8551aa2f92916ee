"""Nothing before its day: the dating invariants `her2-cds kb check` proves.

Two checks. Statically, every bracketed review reference [n] in a rule's text must be public by the
first day that text can be shown (a sentence citing a later result belongs in `rationale_dated`). Over
the case space, every date an answer shows (approval, study, finding, and any ISO date or year in its
texts) must be on or before the case's as_of date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from engine.answer import Answer
from engine.loader import KnowledgeBase
from engine.published import cited_public, finding_public, study_public
from engine.rulebook import Rulebook

_REF = re.compile(r"\[(\d+)\]")
_ISO = re.compile(r"\b(19\d\d|20\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# a year in a forecast ("results were expected around 2016 or 2017") is not a result shown early
# identifiers that look like years: DOIs and ISSNs ("10.1016/S1470-2045(11)70336-9"), PMIDs; and the
# year of a bibliographic citation ("J Oncol 2013;2013:854121"), which names the source of a number
# (provenance), not an event the answer claims had happened
_IDENTIFIER = re.compile(r"\b10\.\d{4,}/\S+|\bS?\d{4}-\d{3}[\dX]\b|\bPMID:? ?\d+|\bPMC\d+|\b(?:19|20)\d\d;\S*")
_FORECAST = re.compile(r"expected (?:around |in |late |early )?(?:19|20)\d\d(?: or (?:late |early )?(?:19|20)\d\d)?")


def ref_public(kb: KnowledgeBase) -> dict[int, dt.date]:
    """For each review reference tied to a result in the knowledge base, the first day it was public:
    the earliest finding citing it, else the earliest study listing it. Background references (biology,
    reviews) tie to no result and are not dated."""
    days: dict[int, dt.date] = {}
    for study in kb.studies.values():
        for finding in study.findings:
            for n in finding.refs:
                day = finding_public(kb, study, finding)
                days[n] = min(days.get(n, day), day)
    for study in kb.studies.values():
        for n in study.review_refs:
            if n not in {r for f in study.findings for r in f.refs}:
                day = study_public(kb, study.id)
                days[n] = min(days.get(n, day), day)
    return days


def _first_day(rulebook: Rulebook, rule_id: str) -> dt.date:
    days = [
        dt.date.fromisoformat(str(c.value))
        for c in rulebook.by_id(rule_id).conditions
        if c.kind == "date" and c.op == "on_or_after"
    ]
    return max(days, default=dt.date.min)


def citation_problems(rulebook: Rulebook) -> Iterator[str]:
    """Each rule text that cites a review reference [n] before that reference's result was public."""
    kb = rulebook.kb
    public = ref_public(kb)
    for compiled in rulebook.rules:
        rule = compiled.rule
        start = _first_day(rulebook, rule.id)
        texts = [("rationale", rule.rationale, start)]
        if rule.note is not None:
            texts.append(("note", rule.note, start))
        texts += [("dated rationale", d.text, max(start, cited_public(kb, d))) for d in rule.rationale_dated]
        texts += [("caution", c.text, max(start, cited_public(kb, c))) for c in rule.cautions]
        for kind, text, shown_from in texts:
            for n in sorted({int(m) for m in _REF.findall(text)}):
                if n in public and public[n] > shown_from:
                    yield (
                        f"rule {rule.id}: its {kind} cites [{n}], public from {public[n]}, but is shown from "
                        f"{shown_from}: give that sentence its own date (rationale_dated) or cite it later"
                    )


def shown_dates(answer: Answer) -> Iterator[tuple[str, dt.date]]:
    """Every date an answer shows, with where: structured dates at the first day they count, and the
    ISO dates and years written in its texts (forecasts excepted)."""
    for rec in answer.recommendations:
        where = rec.regimen_id
        if rec.approval is not None:
            yield f"{where} approval", rec.approval.counts_from
            yield from _in_text(f"{where} approval", rec.approval.indication, rec.approval.correction)
        for ev in rec.evidence:
            if ev.reported_counts_from is not None:
                yield f"{where} {ev.study_id}", ev.reported_counts_from
            for arm in ev.arms:
                if arm.reported is not None:
                    yield f"{where} {ev.study_id} arm", arm.reported.counts_from(arm.reported_certain_by)
            for finding in ev.findings:
                if finding.counts_from is not None:
                    yield f"{where} {ev.study_id} finding", finding.counts_from
                yield from _in_text(
                    f"{where} {ev.study_id} finding",
                    finding.result,
                    finding.result_note,
                    finding.endpoint,
                    finding.reported_source,
                )
            yield from _in_text(
                f"{where} {ev.study_id}", ev.status_note, ev.design, ev.primary_publication or "", ev.reported_source
            )
            for corr in ev.corrections:
                yield from _in_text(f"{where} {ev.study_id} correction", corr.primary_says, corr.review_says)
        yield from _in_text(f"{where} rationale", rec.rationale, *rec.cautions)
    for note in answer.notes:
        if note.rule != "engine.cutoff":
            yield from _in_text(f"note {note.rule}", note.text)


def _in_text(where: str, *texts: str) -> Iterator[tuple[str, dt.date]]:
    for text in texts:
        for written, day in _dates_written(text):
            yield f"{where}: {written}", day


@functools.lru_cache(maxsize=8192)
def _dates_written(text: str) -> tuple[tuple[str, dt.date], ...]:
    """The ISO dates and years a text writes (kb check reads the knowledge base's few texts many times)."""
    text = _FORECAST.sub("", _IDENTIFIER.sub("", text))
    days = [(f"{y}-{m}-{d}", dt.date(int(y), int(m), int(d))) for y, m, d in _ISO.findall(text)]
    years = [(year, dt.date(int(year), 1, 1)) for year in _YEAR.findall(_ISO.sub("", text))]
    return (*days, *years)


def late_dates(answer: Answer) -> list[str]:
    """The dates an answer shows that are later than its as_of date (none, in a sound knowledge base)."""
    return [f"{where} ({day})" for where, day in shown_dates(answer) if day > answer.case.as_of]
