"""A regimen rule writes its rationale's first sentence once, as `headline`, and its `rationale` goes on after it:
the loaded rule holds the whole rationale, and as its headline (the pages' one-line verdict) that sentence without
the review's reference marks. The pages once cut the first sentence out of the rationale with a regular expression;
the cut is kept here as the specification, so no page reads otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tiny_kb import RULES, write_kb

from engine import Engine, KnowledgeBaseError, load_knowledge_base
from web.verdict import verdict_rows

_REFS = re.compile(r"\s*\[\d+\](?:\s*,\s*\[\d+\])*")
_END = re.compile(r"(?<![A-Z][a-z])(?<!\bvs)(?<!\bet al)\.(?=\s+[A-Z(])")


def first_sentence(text: str) -> str:
    """The cut the pages made: the first sentence, without the review's reference numbers."""
    plain = _REFS.sub("", text).strip()
    match = _END.search(plain)
    return plain[: match.end()] if match else plain


def test_each_headline_is_its_rationale_s_first_sentence(engine: Engine) -> None:
    """Every regimen rule has a headline, and it is its rationale's first sentence without reference numbers."""
    regimen_rules = [r for r in engine.kb.rules if r.regimen is not None]
    assert len(regimen_rules) > 100
    for rule in regimen_rules:
        assert rule.headline == first_sentence(rule.rationale), rule.id


def test_the_verdict_line_reads_as_the_cut_did(engine: Engine) -> None:
    """For every library case, each option's verdict line is the cut of its whole rationale (the rationales of all
    the rules that decided it, and its dated sentences), as the page showed it."""
    for teaching in engine.kb.cases.values():
        answer = engine.evaluate(teaching.case)
        for rec, row in zip(answer.recommendations, verdict_rows(engine, answer), strict=True):
            assert row.why == first_sentence(rec.rationale), (teaching.id, rec.regimen_id)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('headline = "Large tumor."\n', "", "states its verdict in one line (headline)"),
        ('note = "Early disease note."\n', 'note = "Early disease note."\nheadline = "h"\n', "belong to regimen rules"),
        ('rationale = "Early disease."\n', "", "a rule states why (rationale"),
    ],
)
def test_a_regimen_rule_without_a_headline_or_a_note_with_one_stops_the_load(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    """A regimen rule must state its headline, and only a regimen rule has one (a note's would never be shown)."""
    assert old in RULES
    kb_dir = write_kb(tmp_path, rules_x=RULES.replace(old, new))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_dir)
    assert reason in caught.value.reason


def test_the_headline_opens_the_rationale_and_the_verdict_drops_its_reference_marks(tmp_path: Path) -> None:
    """The rule's rationale is its headline and what follows; the headline shown is without its [n] marks."""
    old = 'headline = "Large tumor."\n'
    new = 'headline = "A large tumor [3], [4] counts."\nrationale = "More follows [5]."\n'
    kb = load_knowledge_base(write_kb(tmp_path, rules_x=RULES.replace(old, new)))
    (rule,) = [r for r in kb.rules if r.rationale.startswith("A large tumor")]
    assert rule.rationale == "A large tumor [3], [4] counts. More follows [5]."
    assert rule.headline == "A large tumor counts."
