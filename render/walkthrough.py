"""An answer as a readable text walkthrough (`her2-cds evaluate --format text`), in the knowledge base's words
([printed] and [option] in rules/case-words.toml): the case and the options in clinical words, the rule ids only
under the engine's reasoning at the end.

The text is drawn from a view built once from the answer (text_view): what the teaching layer says of the answer
(why not, in a student's words; why the case is out of scope, with the scope's tests the case fails) is read there,
and rendering reads only that view, never the engine."""

from __future__ import annotations

from dataclasses import dataclass

from engine.answer import Answer, Evidence, Recommendation
from engine.evaluate import Engine
from engine.phrasing import ClinicalWords
from render.option_lines import finding_said, part_said
from teaching.scope import OutOfScope, out_of_scope
from teaching.shared_reasons import Said, said_once, why_not_others
from teaching.words import conditional_words


@dataclass(frozen=True)
class TextView:
    """What the walkthrough shows of one answer, built once: the answer, the knowledge base's words, and what the
    teaching layer says of it."""

    answer: Answer
    words: ClinicalWords
    why_not: list[Said] | None  # the options not offered and why, in a student's words (None: out of scope)
    scope: OutOfScope | None  # why the case is out of scope, the scope's tests it fails among it (None: in scope)
    reasoned: list[Said]  # in scope, each option's why-not in the engine's words, each list of reasons said once


def text_view(engine: Engine, answer: Answer) -> TextView:
    """The walkthrough's view of the answer: the only place the walkthrough reads the engine."""
    scope = out_of_scope(engine, answer)
    reasoned = [] if scope is not None else said_once(engine.kb.words, [(w.name, w.reasons) for w in answer.why_not])
    return TextView(answer, engine.kb.words, why_not_others(engine, answer), scope, reasoned)


def render_text(view: TextView) -> str:
    answer, words = view.answer, view.words
    printed = words.printed
    case = printed("values").join(words.value(k, v) for k, v in answer.case.stated().items())
    lines = [answer.disclaimer, "", printed("case", case=case), ""]
    if not answer.in_scope:
        lines += [_heading(printed("out_of_scope")), answer.scope_note, ""]
    if answer.trace.derived_facts:
        facts = printed("facts").join(words.derived[d].meaning for d in answer.trace.derived_facts)
        lines += [printed("derived", facts=facts), ""]
    if answer.recommendations:
        lines.append(_heading(printed("options")))
    for n, rec in enumerate(answer.recommendations, 1):
        lines.append(f"{n}. {rec.name}: {words.badge(rec.status, rec.labelled_part)}")
        lines += _option(words, rec)
    if answer.recommendations:
        lines.append("")
    if answer.notes:
        lines.append(_heading(printed("notes")))
        lines += [f"* {n.text}" for n in answer.notes]
        lines.append("")
    if view.why_not is not None:
        lines.append(_heading(printed("why_not")))
        lines += [f"* {said.term}: {said.sentence()}" for said in view.why_not]
        lines.append("")
    lines.append(_heading(printed("reasoning")))
    rules = words.option("rules")
    lines += [f"* {rec.name}: {rules} {', '.join(rec.rules)}" for rec in answer.recommendations]
    if view.scope is not None:  # every option's reason is the scope note said above: the reasoning names the tests
        lines.append(f"* {printed('out_of_scope')}: {view.scope.tests}")
        lines += [f"* {name}: {said}" for name, said in view.scope.rules]
    else:
        lines += [f"* {said.term}: {said.sentence()}" for said in view.reasoned]
    kb = answer.knowledge_base
    stamp = printed("stamp", version=kb.version, cutoff=str(kb.evidence_cutoff), sha=kb.sha256[:16])
    return "\n".join([*lines, "", stamp, ""])


def _heading(said: str) -> str:
    return f"== {said} =="


def _option(words: ClinicalWords, rec: Recommendation) -> list[str]:
    """One option's lines: its place in the order, its approval, why, its status and what it depends on, its
    cautions, and its evidence with each result and where its number comes from."""
    says = words.option
    line = words.order.line(rec.ordered_by)
    lines = [f"  {says('order')} {line}"] if line else []
    if rec.approval:
        lines.append(f"  {says('approval', date=rec.approval.date)} {rec.approval.indication}")
        if rec.approval.review_table_1:
            lines.append(f"    {says('table_1')} {rec.approval.review_table_1}")
        if rec.approval.correction:
            lines.append(f"    {says('correction')} {rec.approval.correction}")
    lines.append(f"  {says('why')} {rec.rationale}")
    if rec.labelled_part:
        lines.append(f"  {part_said(rec, words)}")
    if rec.conditional_on:
        lines.append(f"  {conditional_words(words, rec)}")
    lines += [f"  {says('caution')} {c}" for c in rec.cautions]
    for ev in rec.evidence:
        lines += _evidence(ev, words)
    return lines


def _evidence(ev: Evidence, words: ClinicalWords) -> list[str]:
    says, numbers = words.option, words.numbers
    size, refs = numbers.size(ev.n, ev.n_note), numbers.refs(ev.review_refs)
    study = says("study", name=ev.name, level=ev.level_label, size=size, refs=refs).rstrip()
    lines = [f"  {says('evidence', study=study)}"]
    lines += [f"    - {finding_said(f, words, checked=True)}" for f in ev.findings]
    correction = says("correction")
    lines += [
        f"    {correction} {says('review_says', review=c.review_says, primary=c.primary_says)}" for c in ev.corrections
    ]
    return lines
