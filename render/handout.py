"""A case's answer as a Markdown handout a student can download and keep, in teaching words."""

from __future__ import annotations

from engine.answer import Answer
from engine.case_fields import as_entered
from engine.evaluate import Engine
from engine.knowledge import TeachingCase
from engine.phrasing import ClinicalWords
from engine.vocabulary import CASE_FIELDS, STATUSES
from render.option_lines import evidence_line, finding_lines, marked, status_lines
from render.regimen_forms import form_lines
from teaching.reasons import reasons_for
from teaching.shared_reasons import why_not_others
from teaching.words import after_review_mark


def _value(words: ClinicalWords, name: str, value: object) -> str:
    if isinstance(value, float):
        value = as_entered(value)
    return words.label_of(name, value) if name in CASE_FIELDS else str(value)


def render_handout(engine: Engine, answer: Answer, teaching: TeachingCase | None = None) -> str:
    """The answer in Markdown: the case, the options by status with evidence, notes, why not, the stamp; an
    option, study, result or note first public after the review is marked so."""
    printed = engine.kb.words.printed
    title = teaching.title if teaching is not None else printed("title")
    mark, says = after_review_mark(engine.kb.words, engine.kb.info.review_published), engine.kb.words.option
    lines = [f"# {title}", "", f"> **{answer.disclaimer}**", ""]
    if teaching is not None:
        lines += [teaching.vignette, ""]
    lines += [f"## {printed('the_case')}", "", f"| {printed('feature')} | {printed('value')} |", "|---|---|"]
    for name, value in answer.case.stated().items():
        label = engine.kb.words.label(name) if name in CASE_FIELDS else name
        lines.append(f"| {label} | {_value(engine.kb.words, name, value)} |")
    lines.append("")
    if not answer.in_scope:
        lines += [f"## {printed('out_of_scope')}", "", answer.scope_note, ""]
    for status in STATUSES:
        group = [r for r in answer.recommendations if r.status == status]
        if not group:
            continue
        lines += [f"## {engine.kb.words.title(status)}", ""]
        for rec in group:
            lines += [marked(f"### {rec.name}", rec.after_review, mark), ""]
            if rec.approval is not None:
                lines += [f"*{says('approval', date=rec.approval.date)}* {rec.approval.indication}", ""]
                if rec.approval.correction:
                    lines += [
                        f"*{says('table_1')}* {rec.approval.review_table_1}.",
                        f"*{says('correction')}* {rec.approval.correction}",
                        "",
                    ]
            lines += [rec.rationale, ""]
            lines += form_lines(rec.forms, engine.kb.words)
            lines += status_lines(rec, engine.kb.words)
            lines += [f"- **{says('caution')}** {c}" for c in rec.cautions]
            for ev in rec.evidence:
                lines += [
                    evidence_line(ev, engine.kb.words, mark, brief=False),
                    *finding_lines(ev, engine.kb.words, mark),
                ]
                lines += [
                    f"  - *{says('correction')}* {says('review_says', review=c.review_says, primary=c.primary_says)}"
                    for c in ev.corrections
                ]
            higher = reasons_for(engine, answer, rec.regimen_id)
            lines += [f"- *{says('higher')}* {r}" for r in higher]
            lines.append("")
    if answer.notes:
        lines += (
            [f"## {printed('notes')}", ""] + [marked(f"- {n.text}", n.after_review, mark) for n in answer.notes] + [""]
        )
    why_not = why_not_others(engine, answer)
    if why_not is not None:
        lines += [f"## {printed('why_not')}", ""]
        lines += [f"- **{said.term}**: {said.sentence()}" for said in why_not]
        lines.append("")
    if teaching is not None:
        lines += [f"## {printed('learning_points')}", ""] + [f"- {p}" for p in teaching.learning_points]
        questions = [f"{i}. {q.text}" for i, q in enumerate(teaching.questions, 1)]
        lines += ["", f"## {printed('questions')}", "", *questions, ""]
    kb = answer.knowledge_base
    lines += [
        "---",
        printed("stamp", version=kb.version, cutoff=str(kb.evidence_cutoff), sha=f"`{kb.sha256}`") + ".",
        "",
        f"**{answer.disclaimer}**",
        "",
    ]
    return "\n".join(lines)
