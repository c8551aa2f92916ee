"""The verdict panel: one row per regimen, read in a minute (status, conditional, why, the key trial's number).

Rows keep the answer's order (a teacher's: guideline, head-to-head trial, then status), each row saying why it
stands there; everything deeper folds away under each option.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import Answer, Engine
from engine.answer import Evidence
from engine.case_fields import CASE_FIELDS
from engine.knowledge import Finding
from engine.phrasing import ClinicalWords
from teaching.reasons import reasons_for
from teaching.shared_reasons import Said, why_not_others
from teaching.words import conditional_words, headline


@dataclass(frozen=True)
class KeyTrial:
    name: str
    headline: str  # the trial's headline number and its exact endpoint
    verified: bool
    after_review: bool  # the trial, or the result headlined, was first public after the review
    label: str  # the [verdict] key_trial words, key_study for preclinical work (xenografts are no trial)


@dataclass(frozen=True)
class VerdictRow:
    regimen_id: str
    name: str
    status: str
    status_label: str  # the badge: "FDA-approved", marked "in part" when the label covers part of it and
    # "conditional" when the status depends on what the case does not give
    conditional: str  # "" or what the status depends on, in words
    why: str
    trial: KeyTrial | None
    after_review: bool  # the option rests on a rule that turned on after the review
    order: str = ""  # why it stands where it does: the guideline, the trial, or that nothing orders it


_LONG = 110


def _short_result(words: ClinicalWords, finding: Finding) -> str:
    """The result in the verdict's one line: its stated headline, else the whole result, cut at a word if long."""
    text = (finding.headline or finding.result).strip().rstrip(".")
    return text if len(text) <= _LONG else words.verdict("cut", text=text[: text.rfind(" ", 0, _LONG)])


def _headline(words: ClinicalWords, finding: Finding) -> str:
    says = words.verdict
    trial = says("trial", trial=finding.trial) if finding.trial else ""
    if finding.hazard_ratio is not None:
        hr = words.numbers("hazard_ratio", hr=f"{finding.hazard_ratio:g}")
        return says("headline", endpoint=finding.endpoint_of_hr(), trial=trial, result=hr)
    return says("headline", endpoint=finding.endpoint, trial=trial, result=_short_result(words, finding))


def _fit(finding: Finding, chemotherapy_free: bool) -> int:
    """0: the finding is about this regimen's kind (with or without chemotherapy); 1: it may be; 2: it is not.
    A chemotherapy-free result never headlines a regimen with chemotherapy, and is preferred for one without."""
    if chemotherapy_free:
        return 0 if finding.chemotherapy_free else 1
    return 2 if finding.chemotherapy_free else 0


def _has_number(finding: Finding) -> bool:
    return finding.hazard_ratio is not None or any(c.isdigit() for c in finding.result)


def key_trial(
    words: ClinicalWords, evidence: list[Evidence], chemotherapy_free: bool = False, key: str | None = None
) -> KeyTrial | None:
    """The result the rules name as bearing on the case (`key`, "study_id.finding_id") once it is shown; else
    the first randomized study the rules cite (else the first study) and its headline: its first treatment
    hazard ratio, else its first result with a number (never a prognostic landmark comparison)."""
    if not evidence:
        return None
    study_id, _, finding_id = (key or "").partition(".")
    for study in (e for e in evidence if e.study_id == study_id):
        for named in (f for f in study.findings if f.id == finding_id):
            later = study.after_review or named.after_review
            return KeyTrial(study.name, _headline(words, named), named.verified, later, _label(words, study))

    def headline_of(study: Evidence) -> Finding | None:
        numbered = [f for f in study.findings if _has_number(f) and not f.prognostic and _fit(f, chemotherapy_free) < 2]
        numbered.sort(key=lambda f: (_fit(f, chemotherapy_free), f.hazard_ratio is None))
        return numbered[0] if numbered else None

    # a randomized result first, then any result, then the first study cited (an ongoing trial)
    ranked = sorted(evidence, key=lambda e: (headline_of(e) is None, not e.level.startswith("randomized")))
    study = ranked[0]
    finding = headline_of(study)
    if finding is None:
        study = evidence[0]
        done = words.verdict("ongoing") if study.status in ("ongoing", "unpublished") else study.level_label
        return KeyTrial(study.name, done, True, study.after_review, _label(words, study))
    later = study.after_review or finding.after_review
    return KeyTrial(study.name, _headline(words, finding), finding.verified, later, _label(words, study))


def _label(words: ClinicalWords, study: Evidence) -> str:
    return words.verdict("key_study" if study.level == "preclinical" else "key_trial")


def verdict_rows(engine: Engine, answer: Answer) -> list[VerdictRow]:
    regimens = engine.kb.regimens
    return [
        VerdictRow(
            regimen_id=rec.regimen_id,
            name=rec.name,
            status=rec.status,
            status_label=engine.kb.words.badge(rec.status, rec.labelled_part, rec.conditional_on),
            conditional=conditional_words(engine.kb.words, rec),
            why=headline(engine.rulebook, rec),
            trial=key_trial(engine.kb.words, rec.evidence, regimens[rec.regimen_id].chemotherapy_free, rec.key_finding),
            after_review=rec.after_review,
            order=engine.kb.words.order.line(rec.ordered_by),
        )
        for rec in answer.recommendations
    ]


@dataclass(frozen=True)
class Depth:
    """What folds away under the verdict, in teaching words."""

    case_summary: str
    higher: dict[str, list[str]]  # offered regimen -> why not a higher status
    # the options not offered, each reason said once for the options it covers; None out of scope (the scope note
    # says why, once)
    not_offered: list[Said] | None
    appraisal_home: dict[str, str]  # study id -> the regimen under which its critical-appraisal notes are shown


def case_summary(engine: Engine, answer: Answer) -> str:
    """The case in one line of clinical words: "metastatic, first line, HER2-positive, ..., as of 2014-07-31": the
    fields the case states; a field that may be said to be not known (prior trastuzumab) or is at its not-known
    default (sex) is named so only where a status is conditional on it."""
    values = answer.case.stated()
    missing = {  # a field with a default states it only when a status is conditional on it
        f: CASE_FIELDS[f].default
        for r in answer.recommendations
        for f in r.conditional_on
        if f not in values and (CASE_FIELDS[f].nullable or CASE_FIELDS[f].default is not None)
    }
    words = engine.kb.words
    said = [words.value(name, value) for name, value in {**values, **missing}.items() if name != "as_of"]
    return words.verdict("summary", case=words.printed("values").join(said), date=answer.case.as_of.isoformat())


def depth(engine: Engine, answer: Answer) -> Depth:
    home: dict[str, str] = {}
    for rec in answer.recommendations:
        for ev in rec.evidence:
            if ev.corrections:
                home.setdefault(ev.study_id, rec.regimen_id)
    return Depth(
        case_summary=case_summary(engine, answer),
        higher={r.regimen_id: reasons_for(engine, answer, r.regimen_id) for r in answer.recommendations},
        not_offered=why_not_others(engine, answer),
        appraisal_home=home,
    )
