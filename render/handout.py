"""A case's answer as a Markdown handout a student can download and keep."""

from __future__ import annotations

from her2_cds.engine.answer import Answer
from her2_cds.engine.knowledge import TeachingCase
from her2_cds.render.walkthrough import STATUS_TITLES


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def render_handout(answer: Answer, teaching: TeachingCase | None = None) -> str:
    """The answer in Markdown: the case, the options by status with evidence, notes, why not, the stamp."""
    title = teaching.title if teaching is not None else "A HER2 breast cancer case"
    lines = [f"# {title}", "", f"> **{answer.disclaimer}**", ""]
    if teaching is not None:
        lines += [teaching.vignette, ""]
    lines += ["## The case", "", "| field | value |", "|---|---|"]
    for name, value in answer.case.model_dump(exclude_none=True).items():
        lines.append(f"| {name} | {_value(value)} |")
    lines.append("")
    if not answer.in_scope:
        lines += ["## Out of scope", "", answer.scope_note, ""]
    if answer.trace.derived_facts:
        lines += ["Derived facts: " + ", ".join(f"`{f}`" for f in answer.trace.derived_facts), ""]
    for status, heading in STATUS_TITLES.items():
        group = [r for r in answer.recommendations if r.status == status]
        if not group:
            continue
        lines += [f"## {heading}", ""]
        for rec in group:
            lines += [f"### {rec.name}", ""]
            if rec.approval is not None:
                lines += [f"*FDA approval {rec.approval.date}:* {rec.approval.indication}", ""]
                if rec.approval.correction:
                    lines += [
                        f"*The review's Table 1:* {rec.approval.review_table_1}.",
                        f"*Correction:* {rec.approval.correction}",
                        "",
                    ]
            lines += [rec.rationale, ""]
            if rec.conditional_on:
                lines += [f"Depends on: {', '.join(rec.conditional_on)} (not given in this case).", ""]
            lines += [f"- **Caution:** {c}" for c in rec.cautions]
            for ev in rec.evidence:
                lines.append(f"- **{ev.name}** ({ev.level_label}, {ev.size_label()}) {ev.refs_label()}".rstrip())
                for f in ev.findings:
                    p = f"; P {f.p_value}" if f.p_value else ""
                    lines.append(f"  - {f.endpoint}: {f.result}{p} (as in the {f.as_in})")
                lines += [
                    f"  - *Correction:* the review says {c.review_says}; {c.primary_says}" for c in ev.corrections
                ]
            lines += ["", f"Rules: {', '.join(f'`{r}`' for r in rec.rules)}", ""]
    if answer.notes:
        lines += ["## Notes", ""] + [f"- {n.text}" for n in answer.notes] + [""]
    lines += ["## Why not the others", ""]
    lines += [f"- **{w.name}**: {' '.join(w.reasons)}" for w in answer.why_not]
    if teaching is not None:
        lines += ["", "## Learning points", ""] + [f"- {p}" for p in teaching.learning_points]
        lines += ["", "## Questions", ""] + [f"{i}. {q}" for i, q in enumerate(teaching.questions, 1)]
    kb = answer.knowledge_base
    lines += [
        "",
        "---",
        f"Knowledge base {kb.version}, evidence to {kb.evidence_cutoff}, sha256 `{kb.sha256}`.",
        "",
        f"**{answer.disclaimer}**",
        "",
    ]
    return "\n".join(lines)
