"""The standard CDS Hooks `patient-view` hook: its discovery entry, and the cards about the record itself.

A training EHR sends the patient's FHIR resources as prefetch; intake maps them to a case and
the engine answers it with the same cards as the custom hook. Before those cards come the cards about
the record, in clinical words: how it became a case (each value with the resource it came from), what
it lacks and which resource would settle it, which prefetch to send, and, when no case can be built,
why there is no answer yet. Field names stay in the JSON of /api/v1/fhir/case.
"""

from __future__ import annotations

from typing import Any

from engine.loader import KnowledgeBase
from engine.semantics import holds
from engine.vocabulary import CASE_FIELDS
from intake import PREFETCH, FhirCase
from render.cds_hooks import SUMMARY_LIMIT, card_uuid, source

HOOK = "patient-view"
SERVICE_ID = "her2-patient-view"
# Words for what the record says that the case has no field for (shown, not used)
_OTHER_NOUNS = {"age_years": "age"}


def service(kb: KnowledgeBase) -> dict[str, Any]:
    """The patient-view service's discovery entry, with its prefetch templates."""
    return {
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": "HER2-positive breast cancer: this patient's options as the evidence stood (educational)",
        "description": (
            f"{kb.info.disclaimer} Reads the patient's FHIR R4 record from the prefetch (nothing is fetched), shows how"
            f" it becomes a case, and answers the case with one card per treatment option, as the review"
            f" '{kb.info.title}' saw the evidence (cut-off {kb.info.evidence_cutoff})."
        ),
        "prefetch": {key: template for key, (template, _) in PREFETCH.items()},
    }


def _noun(name: str, kb: KnowledgeBase) -> str:
    return _OTHER_NOUNS.get(name) or kb.words.noun(name)


def _listed(items: list[str], lead: str, kb: KnowledgeBase) -> str:
    """`lead` and the items, as many as fit a summary marked educational, then "and N more"."""
    for count in range(len(items), 0, -1):
        rest = len(items) - count
        text = lead + ", ".join(items[:count]) + (f" and {rest} more" if rest else "")
        if len(kb.words.card("educational", summary=text)) <= SUMMARY_LIMIT:
            return text
    return f"{lead}{len(items)} inputs"


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
    lines = ["How the record became a case: each value, and the resource it came from.", ""]
    for item in result.provenance:
        said = _noun(item.field, kb)
        value = kb.words.value(item.field, item.value)
        where = "not in the record" if item.resource == "(none)" else f"{item.resource}, {item.path}"
        lines.append(f"- **{said[:1].upper()}{said[1:]}**: {value} ({where}; {item.note})")
    if result.notes:
        lines += ["", *[f"**Note:** {note}" for note in result.notes]]
    summary = "Case read from the record; see the notes" if result.notes else "Case read from the record"
    return _card(summary, "warning" if result.notes else "info", "\n".join(lines), kb)


def _conflicts(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    lines = ["Results in the record disagree; a person should settle them:", ""]
    lines += [f"- {conflict}" for conflict in result.conflicts]
    return _card("HER2 results in the record disagree: see which", "warning", "\n".join(lines), kb)


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
    names = _listed(list(dict.fromkeys(m.what for m in result.missing)), "Not in the record: ", kb)
    lines = ["The record does not say; the answer treats these as unknown. What would settle each:", ""]
    # the setting the record gives, even when the case is not whole (the line of treatment not known)
    setting = next((str(s.value) for s in result.provenance if s.field == "setting"), None)
    for m in result.missing:
        options = depending(kb, m.field, setting) if setting and m.field in CASE_FIELDS else []
        why = f" It decides whether these options apply: {', '.join(options)}." if options else ""
        lines.append(f"- **{m.what}**: {m.send.rstrip('.')}.{why}")
    if her2_unknown(result):
        names = "No HER2 result in the record: no option is shown"
        lines = [
            "No treatment option is shown: HER2-directed therapy is for HER2-positive disease only, and the record"
            " holds no HER2 result, so HER2 status is unknown, not assumed.", "", *lines,
        ]  # fmt: skip
    return _card(names, "warning", "\n".join(lines), kb)


def _prefetch(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    keys = result.missing_prefetch
    lines = ["This service fetches nothing itself. Send these prefetch keys with the hook request:", ""]
    lines += [f"- **{key}** ({PREFETCH[key][1]}): `{PREFETCH[key][0]}`" for key in keys]
    return _card(_listed(keys, "Send the prefetch: ", kb), "warning", "\n".join(lines), kb)


def _no_case(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    needed = ", ".join(dict.fromkeys(_noun(p.field, kb) for p in result.problems))
    detail = (
        f"The record does not yet describe a case the engine can answer: it needs {needed}."
        " The cards above say which resources would give it."
    )
    return _card("No answer yet: the record does not give a full case", "warning", detail, kb)


def notes_card(notes: list[str], kb: KnowledgeBase) -> dict[str, Any]:
    """The answer's notes on this patient's case (why an option is not offered, corrections to the review), which
    the option cards do not carry: one card before them."""
    lines = ["What the answer notes on this case:", "", *[f"- {note}" for note in notes]]
    return _card(_listed([f"{len(notes)}"], "Notes on the answer: ", kb), "info", "\n".join(lines), kb)


def her2_unknown(result: FhirCase) -> bool:
    """Whether the record holds no HER2 result: then no option card is shown, only what is missing."""
    return any(item.field == "her2_status" and item.value == "unknown" for item in result.provenance)


def wrong_patient_card(sent: str, in_view: str, kb: KnowledgeBase) -> dict[str, Any]:
    """The one card for a prefetch whose Patient is not the patient in view: nothing in it is read."""
    detail = (
        f"The record sent with this request is Patient/{sent[:64]}'s, not that of the patient in view"
        f" ({in_view[:64]}). Nothing in it was read and no option is shown: the EHR should send this patient's"
        " record."
    )
    return _card("The record sent is another patient's: nothing was read", "critical", detail, kb)


def other_patients_card(result: FhirCase, kb: KnowledgeBase) -> dict[str, Any]:
    """The one card for a record that holds another patient's resources: each named, nothing read."""
    lines = ["The record sent holds resources about someone else than the patient in view. Nothing in it was read"
             " and no option is shown: the EHR should send this patient's record alone.", ""]  # fmt: skip
    lines += [f"- {error.message} (at {error.field})" for error in result.other_patients[:20]]
    return _card("The record holds another patient's resources: nothing was read", "critical", "\n".join(lines), kb)


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
