"""The answer as HL7 CDS Hooks cards (https://cds-hooks.hl7.org/), for a custom hook `org.her2-cds.case-review`.

A discovery document lists one service; a request carries the case as `context.case`; the response
is `{"cards": [...]}` with one card per option of the engine's answer. Every card says that it is
for educational use only. Built from the engine's Answer alone: no clinical words are written here.
"""

from __future__ import annotations

import uuid
from typing import Any

from engine.answer import Answer, Recommendation
from engine.case import Case, CaseError, FieldError, parse_case
from engine.case_checks import CaseChecks
from engine.loader import KnowledgeBase
from engine.phrasing import ClinicalWords
from render.option_lines import evidence_line, marked, status_lines
from teaching.words import after_review_mark

# CDS Hooks 2.0: a hook specific to an organization is named in reverse domain notation; the service id stays
HOOK = "org.her2-cds.case-review"
SERVICE_ID = "her2-case-review"
SUMMARY_LIMIT = 139  # CDS Hooks 2.0: a summary of fewer than 140 characters
SOURCE_LABEL_LIMIT = 60  # "a short, human-readable label"


def discovery(kb: KnowledgeBase) -> dict[str, Any]:
    """The discovery document: one service for the custom hook, needing no prefetch."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": kb.words.card("service"),
                "description": about(kb, "service_about"),
            }
        ]
    }


def about(kb: KnowledgeBase, sentence: str) -> str:
    """A service's description in discovery: the disclaimer, what it does, and the review and cut-off it answers by."""
    info = kb.info
    return kb.words.card(sentence, disclaimer=info.disclaimer, title=info.title, cutoff=str(info.evidence_cutoff))


def case_from_request(body: object, checks: CaseChecks) -> Case:
    """The case of a hook request (`context.case`), or CaseError naming what is wrong, as the JSON API does;
    `checks` are the answering knowledge base's."""
    if not isinstance(body, dict):
        raise CaseError([FieldError(field="(body)", message="a CDS Hooks request is a JSON object")])
    context = body.get("context")
    if not isinstance(context, dict) or "case" not in context:
        raise CaseError([FieldError(field="context.case", message="is required: the case as a JSON object")])
    hook = body.get("hook")
    if hook is not None and hook != HOOK:
        shown = repr(hook) if len(repr(hook)) <= 60 else repr(hook)[:57] + "..."  # never echo a long input whole
        raise CaseError([FieldError(field="hook", message=f"{shown} is not served here; allowed: {HOOK}")])
    return parse_case(context["case"], checks=checks)  # dated by the engine that answers it


def summary(rec: Recommendation, words: ClinicalWords) -> str:
    title = words.badge(rec.status, conditional=rec.conditional)
    text = words.card("educational", summary=words.card("option", status=title, name=rec.name))
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def indicator(rec: Recommendation) -> str:
    if rec.status == "not_recommended":
        return "critical"
    return "warning" if rec.cautions else "info"


def detail(rec: Recommendation, mark: str, kb: KnowledgeBase) -> str:
    """The card's markdown in teaching words: status, approval, reasoning, cautions and evidence, each marked
    `mark` when it came after the review (rule ids stay in the JSON answer; a clinician reading the card needs
    the reasons, not the engine's names for them); it ends with the knowledge base's disclaimer."""
    lines = [marked(f"**{kb.words.badge(rec.status, conditional=rec.conditional_on)}**", rec.after_review, mark), ""]
    if rec.approval is not None:
        lines += [f"{kb.words.option('approval', date=rec.approval.date)} {rec.approval.indication}", ""]
    lines += [rec.rationale, ""]
    lines += status_lines(rec, kb.words)
    lines += [f"- {kb.words.option('caution')} {c}" for c in rec.cautions]
    lines += [evidence_line(ev, kb.words, mark, brief=True) for ev in rec.evidence]
    lines += ["", f"_{kb.disclaimer}_"]
    return "\n".join(lines)


def card_uuid() -> str:
    """A card's own identifier: unique across calls and patients (CDS Hooks 2.0 keys feedback by it)."""
    return str(uuid.uuid4())


def source(kb: KnowledgeBase) -> dict[str, str]:
    """The card's source: a short label (the review it is built on is at the url, and in each card's detail)."""
    label = kb.words.card("source", version=kb.info.version)
    return {"label": label[:SOURCE_LABEL_LIMIT], "url": f"https://doi.org/{kb.info.review_doi}"}


def _links(rec: Recommendation | None, app_links: list[tuple[str, str]]) -> list[dict[str, str]]:
    links = [{"label": label, "url": url, "type": "absolute"} for label, url in app_links]
    for ev in rec.evidence if rec is not None else []:
        if ev.nct and ev.nct_verified:
            links.append(
                {
                    "label": f"{ev.name} ({ev.nct})",
                    "url": f"https://clinicaltrials.gov/study/{ev.nct}",
                    "type": "absolute",
                }
            )
    return links


def cards(answer: Answer, kb: KnowledgeBase, app_links: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One card per option; an out-of-scope case gets one warning card saying why none is offered.

    `app_links` are (label, absolute url) pairs to this case in the web app, added to every card.
    """
    if not answer.in_scope or not answer.recommendations:
        note = answer.scope_note or kb.words.card("none_applies")
        return [
            {
                "uuid": card_uuid(),
                "summary": kb.words.card("educational", summary=kb.words.card("none")),
                "indicator": "warning",
                "detail": f"{note}\n\n_{kb.disclaimer}_",
                "source": source(kb),
                "links": _links(None, app_links),
            }
        ]
    mark = after_review_mark(kb.words, kb.info.review_published)
    return [
        {
            "uuid": card_uuid(),
            "summary": summary(rec, kb.words),
            "indicator": indicator(rec),
            "detail": detail(rec, mark, kb),
            "source": source(kb),
            "links": _links(rec, app_links),
        }
        for rec in answer.recommendations
    ]
