"""An answer as a readable text walkthrough (`her2-cds evaluate --format text`), in the knowledge base's words
([printed] and [option] in rules/case-words.toml): the case and the options in clinical words, the rule ids only
under the engine's reasoning at the end."""

from __future__ import annotations

from engine.answer import Answer, Evidence, Recommendation
from engine.evaluate import Engine
from engine.phrasing import ClinicalWords
from render.option_lines import finding_said, part_said
from teaching.scope import out_of_scope
from teaching.shared_reasons import said_once, why_not_others
from teaching.words import conditional_words


def render_text(engine: Engine, answer: Answer) -> str:
    words = engine.kb.words
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
        lines += _option(engine, rec)
    if answer.recommendations:
        lines.append("")
    if answer.notes:
        lines.append(_heading(printed("notes")))
        lines += [f"* {n.text}" for n in answer.notes]
        lines.append("")
    why_not = why_not_others(engine, answer)
    if why_not is not None:
        lines.append(_heading(printed("why_not")))
        lines += [f"* {said.term}: {said.sentence()}" for said in why_not]
        lines.append("")
    lines.append(_heading(printed("reasoning")))
    rules = words.option("rules")
    lines += [f"* {rec.name}: {rules} {', '.join(rec.rules)}" for rec in answer.recommendations]
    scope = out_of_scope(engine, answer)
    if scope is not None:  # every option's reason is the scope note said above: the reasoning names the tests failed
        lines.append(f"* {printed('out_of_scope')}: {scope.tests}")
        lines += [f"* {name}: {said}" for name, said in scope.rules]
    else:
        reasoned = said_once(words, [(why.name, why.reasons) for why in answer.why_not])
        lines += [f"* {said.term}: {said.sentence()}" for said in reasoned]
    kb = answer.knowledge_base
    stamp = printed("stamp", version=kb.version, cutoff=str(kb.evidence_cutoff), sha=kb.sha256[:16])
    return "\n".join([*lines, "", stamp, ""])


def _heading(said: str) -> str:
    return f"== {said} =="


def _option(engine: Engine, rec: Recommendation) -> list[str]:
    """One option's lines: its place in the order, its approval, why, its status and what it depends on, its
    cautions, and its evidence with each result and where its number comes from."""
    words, says = engine.kb.words, engine.kb.words.option
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
