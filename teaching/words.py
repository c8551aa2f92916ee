"""Teaching words: the engine's statuses, values and sources as a clinician would say them.

A rule's conditions and a case's values are said by the loaded knowledge base's words (`kb.words`, from
rules/case-words.toml and the derived facts' declarations); this module puts them together. Rule ids and field
names stay in the JSON and in the engine's-reasoning view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from engine.answer import Recommendation
from engine.phrasing import ClinicalWords
from engine.rulebook import Rulebook
from engine.vocabulary import CASE_FIELDS


def after_review_mark(words: ClinicalWords, review_published: dt.date) -> str:
    """The mark on an option, study, result or note first public after the review, in the knowledge base's words
    ([mark] after_review: "After the review (2014)"). Pages, cards and handouts all print this one phrase."""
    return words.marks.says["after_review"].format(year=review_published.year)


def feeds(rulebook: Rulebook, fact: str) -> list[str]:
    """The case fields a derived fact is computed from (through other derived facts too), in rule order."""
    fields: list[str] = []
    for rule in rulebook.rules:
        if rule.rule.derive != fact:
            continue
        for cond in rule.conditions:
            more = [cond.fact] if cond.fact in CASE_FIELDS else feeds(rulebook, cond.fact)
            fields += [f for f in more if f not in fields]
    return fields


def case_words(rulebook: Rulebook, words: ClinicalWords, case: dict[str, object], names: Iterable[str]) -> str:
    """The case's values of the fields (or derived facts) a condition read: "before surgery, tumor 2.0 cm,
    node-negative". A derived fact shows the given values it is computed from."""
    shown: list[str] = []
    for name in names:
        if name in CASE_FIELDS:
            shown.append(words.value(name, case.get(name)))
        else:
            shown += [words.value(f, case[f]) for f in feeds(rulebook, name) if case.get(f) is not None]
    return words.reasons["list"].join(dict.fromkeys(shown))


def headline(rulebook: Rulebook, rec: Recommendation) -> str:
    """An option's verdict in one line: the headline of the first rule that decided it (the rule data states it)."""
    return rulebook.by_id(rec.rules[0]).rule.headline


def conditional_words(words: ClinicalWords, rec: Recommendation) -> str:
    """What a conditional status depends on, in words ("" for a status the case settles)."""
    return words.marks.depends([words.noun(name) for name in rec.conditional_on])
