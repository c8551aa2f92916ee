"""The standard CDS Hooks `patient-view` hook: its discovery entry, and the cards about the record itself.

A training EHR sends the patient's FHIR resources as prefetch; intake maps them to a case and
the engine answers it with the same cards as the custom hook. Before those cards come the cards about
the record, in clinical words: how it became a case (each value with the resource it came from), what
it lacks and which resource would settle it, which prefetch to send, and, when no case can be built,
why there is no answer yet. Their sentences are the knowledge base's ([record_card] in rules/case-words.toml).
Field names stay in the JSON of /api/v1/fhir/case.
"""

from __future__ import annotations

from typing import Any

from engine.loader import KnowledgeBase
from engine.semantics import holds
from engine.vocabulary import CASE_FIELDS
from intake import PREFETCH, FhirCase
from render.cds_hooks import SUMMARY_LIMIT, about, card_uuid, source

HOOK = "patient-view"
SERVICE_ID = "her2-patient-view"


def service(kb: KnowledgeBase) -> dict[str, Any]:
    """The patient-view service's discovery entry, with its prefetch templates."""
    return {
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": kb.words.card("patient_view"),
        "description": about(kb, "patient_view_about"),
        "prefetch": {key: template for key, (template, _) in PREFETCH.items()},
    }


def _noun(name: str, kb: KnowledgeBase) -> str:
    """A case field's noun; the patient's age, which the record gives and the case has no field for, its own."""
    return kb.words.record_card("age") if name == "age_years" else kb.words.noun(name)


def _listed(items: list[str], summary: str, kb: KnowledgeBase) -> str:
    """The `summary` sentence with the items, as many as fit a summary marked educational, then "and N more"."""
    says = kb.words.record_card
    for count in range(len(items), 0, -1):
        rest = len(items) - count
        listed = says("list").join(items[:count]) + (says("more", rest=str(rest)) if rest else "")
        text = says(summary, items=listed)
        if len(kb.words.card("educational", summary=text)) <= SUMMARY_LIMIT:
            return text
    return says(summary, items=says("counted", count=str(len(items))))


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def _card(summary: str, indicator: str, detail: str, kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "uuid": card_uuid(),  # each card its own, unique across calls and patients (CDS Hooks 2.0)
        "summary": _short(kb.words.card("educational", summary=summary)),
        "indicator": indicator,
        "detail": f"{detail}\n\n_{kb.disclaimer}_",
        "source": source(kb),
        "links": [],
    }


def _provenance(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    says = kb.words.record_card
    lines = [says("provenance"), ""]
    for item in result.provenance:
        said = _noun(item.field, kb)
        value = kb.words.value(item.field, item.value)
        where = (
            says("not_in_record")
            if item.resource == "(none)"
            else says("where", resource=item.resource, path=item.path)
        )
        lines.append(says("value", field=f"{said[:1].upper()}{said[1:]}", value=value, where=where, note=item.note))
    if result.notes:
        lines += ["", *[says("note", note=note) for note in result.notes]]
    summary = says("read_notes") if result.notes else says("read")
    return _card(summary, "warning" if result.notes else "info", "\n".join(lines), kb)


def _conflicts(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    says = kb.words.record_card
    lines = [says("conflicts"), ""]
    lines += [f"- {conflict}" for conflict in result.conflicts]
    return _card(says("conflicts_summary"), "warning", "\n".join(lines), kb)


def depending(kb: KnowledgeBase, field: str, setting: str) -> list[str]:
    """The options whose status in `setting` turns on `field`: the regimens of the rules that test it, directly or
    through a fact derived from it (prior trastuzumab -> already treated with trastuzumab), read off the rules."""
    facts = {field}
    for _ in kb.rules:  # to a fixpoint: each pass adds the facts derived from those found
        more = {r.derive for r in kb.rules if r.derive and any(c.fact in facts for c in r.when)}
        if more <= facts:
            break
        facts |= more
    probe: dict[str, object] = {"setting": setting}
    ids = {
        r.regimen
        for r in kb.rules
        if r.regimen
        and any(c.fact in facts for c in r.when)
        and all(holds(c, probe, set()) for c in r.when if c.fact == "setting")
    }
    return [regimen.name for regimen in kb.regimens.values() if regimen.id in ids]


def _missing(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    says = kb.words.record_card
    names = _listed(list(dict.fromkeys(m.what for m in result.missing)), "missing_summary", kb)
    lines = [says("missing"), ""]
    # the setting the record gives, even when the case is not whole (the line of treatment not known)
    setting = next((str(s.value) for s in result.provenance if s.field == "setting"), None)
    for m in result.missing:
        options = depending(kb, m.field, setting) if setting and m.field in CASE_FIELDS else []
        why = says("decides", options=says("list").join(options)) if options else ""
        lines.append(says("missing_item", what=m.what, send=m.send.rstrip("."), decides=why))
    if her2_unknown(result):
        names = says("no_her2_summary")
        lines = [says("no_her2"), "", *lines]
    return _card(names, "warning", "\n".join(lines), kb)


def _prefetch(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    says, keys = kb.words.record_card, result.missing_prefetch
    lines = [says("prefetch"), ""]
    lines += [says("prefetch_item", key=key, what=PREFETCH[key][1], template=PREFETCH[key][0]) for key in keys]
    return _card(_listed(keys, "prefetch_summary", kb), "warning", "\n".join(lines), kb)


def _no_case(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    says = kb.words.record_card
    needed = says("list").join(dict.fromkeys(_noun(p.field, kb) for p in result.problems))
    return _card(says("no_case_summary"), "warning", says("no_case", needed=needed), kb)


def notes_card(notes: list[str], kb: KnowledgeBase) -> dict[str, Any]:
    """The answer's notes on this patient's case (why an option is not offered, corrections to the review), which
    the option cards do not carry: one card before them."""
    lines = [kb.words.record_card("notes"), "", *[f"- {note}" for note in notes]]
    return _card(_listed([f"{len(notes)}"], "notes_summary", kb), "info", "\n".join(lines), kb)


def her2_unknown(result: FhirCase) -> bool:
    """Whether the record holds no HER2 result: then no option card is shown, only what is missing."""
    return any(item.field == "her2_status" and item.value == "unknown" for item in result.provenance)


def wrong_patient_card(sent: str, in_view: str, kb: KnowledgeBase) -> dict[str, Any]:
    """The one card for a prefetch whose Patient is not the patient in view: nothing in it is read."""
    says = kb.words.record_card
    detail = says("wrong_patient", sent=sent[:64], in_view=in_view[:64])
    return _card(says("wrong_patient_summary"), "critical", detail, kb)


def other_patients_card(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    """The one card for a record that holds another patient's resources: each named, nothing read."""
    says = kb.words.record_card
    lines = [says("other_patients"), ""]
    lines += [says("other_item", message=e.message, field=e.field) for e in result.other_patients[:20]]
    return _card(says("other_patients_summary"), "critical", "\n".join(lines), kb)


def record_cards(result: FhirCase, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The cards about the record, before the answer's cards (only one, when it holds another patient's)."""
    if result.other_patients:
        return [other_patients_card(result, kb)]
    cards = [_prefetch(result, kb)] if result.missing_prefetch else []
    cards.append(_provenance(result, kb))
    if result.conflicts:
        cards.append(_conflicts(result, kb))
    if result.missing:
        cards.append(_missing(result, kb))
    if result.case is None:
        cards.append(_no_case(result, kb))
    return cards
