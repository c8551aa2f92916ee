"""An answer as a readable text walkthrough (`her2-cds evaluate --format text`)."""

from __future__ import annotations

from engine.answer import Answer
from engine.phrasing import ClinicalWords


def render_text(answer: Answer, words: ClinicalWords) -> str:
    case = answer.case.stated()
    lines = [answer.disclaimer, "", "Case: " + ", ".join(f"{k}={v}" for k, v in case.items()), ""]
    if not answer.in_scope:
        lines += ["Out of scope: " + answer.scope_note, ""]
    if answer.trace.derived_facts:
        lines += ["Derived facts: " + ", ".join(answer.trace.derived_facts), ""]
    if answer.recommendations:
        lines.append("== Options, in the order a teacher would name them ==")
    for n, rec in enumerate(answer.recommendations, 1):
        lines.append(f"{n}. {rec.name} [{rec.regimen_id}]: {words.badge(rec.status, rec.labelled_part)}")
        lines.append(f"  Order: {rec.order_line}")
        if rec.approval:
            lines.append(f"  Approval {rec.approval.date}: {rec.approval.indication}")
            lines.append(f"    Review's Table 1: {rec.approval.review_table_1}")
            if rec.approval.correction:
                lines.append(f"    ! Correction: {rec.approval.correction}")
        lines.append(f"  Why: {rec.rationale}")
        if rec.conditional_on or rec.labelled_part:
            lines.append(f"  Status: {rec.status_label}")
        if rec.conditional_on:
            lines.append(f"  Depends on: {', '.join(rec.conditional_on)} (unknown in this case)")
        lines += [f"  Caution: {c}" for c in rec.cautions]
        for ev in rec.evidence:
            lines.append(f"  Evidence: {ev.name} ({ev.level_label}, {ev.size_label()}) {ev.refs_label()}")
            for f in ev.findings:
                p = f"; P {f.p_value}" if f.p_value else ""
                checked = "verified" if f.verified else "not verified"
                lines.append(f"    - {f.endpoint}: {f.result_as_given()}{p} ({f.as_in}, {checked})")
            lines += [f"    ! Correction: the review says {c.review_says}; {c.primary_says}" for c in ev.corrections]
        lines.append(f"  Rules: {', '.join(rec.rules)}")
    if answer.recommendations:
        lines.append("")
    if answer.notes:
        lines.append("== Notes ==")
        lines += [f"* {n.text}" for n in answer.notes]
        lines.append("")
    lines.append("== Why not the others ==")
    for why in answer.why_not:
        lines.append(f"* {why.name}: " + " ".join(why.reasons))
    lines += [
        "",
        f"Knowledge base {answer.knowledge_base.version}, evidence to {answer.knowledge_base.evidence_cutoff},"
        f" sha256 {answer.knowledge_base.sha256[:16]}",
        "",
    ]
    return "\n".join(lines)
