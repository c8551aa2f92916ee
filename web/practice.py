"""The pages a student drives: what-if (choose the feature and the value to change) and learner mode (commit,
then see the engine's answer). Both are GET pages whose address holds everything: nothing is stored.

Registered on the teaching blueprint, so their endpoints keep the teaching names (teaching.what_if_page, ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from engine import Answer, Case, CaseError, Engine
from engine.knowledge import TeachingCase
from engine.phrasing import ClinicalWords
from teaching.learner import CHOICES, learner_items, parse_commitment, score
from teaching.order_changes import OrderChange, order_change
from teaching.reasons import offered_because, reasons_for
from teaching.seminar import setting_words
from teaching.whatif import Flip, what_if
from web.errors import InvalidInput
from web.forms import case_from_form
from web.present import readable
from web.services import current_engine
from web.teaching import _common, bp, case_query, library_case
from web.verdict import case_summary

# Query parameters that are not case fields: the engine's-reasoning switch, the chosen change, the tab.
REASONING, CHANGE, TAB = "reasoning", "change", "tab"
CHOICE_PREFIX = "choice-"


def choice_labels(words: ClinicalWords) -> dict[str, str]:
    """A learner's choices as the form labels them: each status's short label, "Not offered", "Unsure"."""
    return {choice: words.short(choice) for choice in CHOICES}


def split_query(args: MultiDict[str, str]) -> tuple[MultiDict[str, str], dict[str, str]]:
    """The case's fields, and the page's own parameters (reasoning, change, tab and the learner's choices)."""
    case = args.copy()
    own: dict[str, str] = {}
    for key in list(case.keys()):
        if key in (REASONING, CHANGE, TAB) or key.startswith(CHOICE_PREFIX):
            own[key] = case.poplist(key)[-1]
    return case, own


def _case(args: MultiDict[str, str]) -> tuple[Case, dict[str, str]]:
    try:
        case, values = case_from_form(args, current_engine().kb.case_checks)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None
    return current_engine().dated(case), values


# ---- what-if ----


@dataclass(frozen=True)
class ChangeView:
    name: str
    before: str
    after: str
    reason: str
    rules: list[str]


@dataclass(frozen=True)
class FlipView:
    key: str  # the query value that chooses it: the changed fields, e.g. "tumor_size_cm=2.1"
    group: str  # the feature, as the form labels it
    label: str  # the change in words
    dated: bool  # a date flip (its own tab)
    changes: list[ChangeView]
    first: OrderChange | None = None  # the option named first changes too, and why
    scope: str = ""  # the change takes the case out of scope: why, said once for the options it drops


def _key(flip: Flip, base: dict[str, Any]) -> str:
    changed = sorted(k for k in {*flip.case, *base} if flip.case.get(k) != base.get(k))
    return "&".join(f"{k}={flip.case.get(k, '')}" for k in changed)


def _label(engine: Engine, flip: Flip, base: dict[str, Any]) -> tuple[str, str]:
    """The flip's feature and the change in words ("Lymph node status", "Negative → Positive")."""
    if flip.feature == "as_of":
        group, day = engine.kb.words.changes("date"), dt.date.fromisoformat(str(flip.case["as_of"]))
        for approval in engine.kb.approvals.values():
            counts = approval.date.counts_from()
            if day in (counts, counts - dt.timedelta(days=1)):
                sentence = "approval_day" if day == counts else "approval_eve"
                name = engine.kb.regimens[approval.regimen].name
                return group, engine.kb.words.changes(sentence, day=str(day), regimen=name, date=str(approval.date))
        return group, str(day)
    if flip.feature == "setting":
        words = [engine.kb.words.value(k, flip.case.get(k)) for k in ("setting", "metastatic_line") if flip.case.get(k)]
        was = [engine.kb.words.value(k, base.get(k)) for k in ("setting", "metastatic_line") if base.get(k)]
        return engine.kb.words.label("setting"), f"{', '.join(was)} → {', '.join(words)}"
    old, new = base.get(flip.feature), flip.case.get(flip.feature)
    said = engine.kb.words
    return said.label(flip.feature), f"{readable(said, flip.feature, old)} → {readable(said, flip.feature, new)}"


def _reason(engine: Engine, after: Answer, regimen: str) -> str:
    rec = next((r for r in after.recommendations if r.regimen_id == regimen), None)
    says = engine.kb.words.changes
    if rec is not None:
        now = says("now", because=offered_because(engine, after, regimen))
        return " ".join([now, *reasons_for(engine, after, regimen)])
    if not after.in_scope:  # its one reason is the scope note, said once for all the options the change drops
        return says("dropped")
    return " ".join([says("dropped"), *reasons_for(engine, after, regimen)])


def flip_views(engine: Engine, case: Case) -> list[FlipView]:
    whatif = what_if(engine, case)
    base = engine.evaluate(case)
    views = []
    for flip in whatif.flips:
        after = engine.evaluate(flip.case)
        group, label = _label(engine, flip, whatif.case)
        changes = [
            ChangeView(
                name=c.name,
                before=engine.kb.words.title(c.before),
                after=engine.kb.words.title(c.after),
                reason=_reason(engine, after, c.regimen_id),
                rules=c.rules,
            )
            for c in flip.changes
        ]
        first = order_change(engine.kb, base, after)
        scope = after.scope_note if changes and not after.in_scope else ""
        views.append(FlipView(_key(flip, whatif.case), group, label, flip.feature == "as_of", changes, first, scope))
    return views


@bp.get("/what-if")
def what_if_page() -> str:
    args, own = split_query(request.args)
    case, values = _case(args)
    engine = current_engine()
    answer = engine.evaluate(case)
    flips = flip_views(engine, case)
    dated = own.get(TAB) == "dates"
    chosen = next((f for f in flips if f.key == own.get(CHANGE)), None)
    groups: dict[str, list[FlipView]] = {}
    for flip in flips:
        if not flip.dated:
            groups.setdefault(flip.group, []).append(flip)
    return render_template(
        "teaching/whatif.html",
        answer=answer,
        summary=case_summary(engine, answer),
        flips=[f for f in flips if f.dated == dated],
        groups=groups,
        chosen=chosen,
        dated=dated,
        reasoning=own.get(REASONING) in ("on", "1", "true"),
        query=urlencode(values),
        values=values,
        **_common(),
    )


# ---- learner mode ----


def _learn_context(case: Case, teaching: TeachingCase | None, values: dict[str, str]) -> dict[str, Any]:
    engine = current_engine()
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    answer = engine.evaluate(case)
    return {
        "teaching": teaching,
        "asked_title": setting_words(teaching, engine.kb.words)
        if teaching is not None
        else None,  # the library title names the answer
        "case": case,
        "summary": case_summary(engine, answer),
        "case_fields": case.stated(),
        "regimens": [(r, names[r]) for r in learner_items(engine, answer, teaching)],
        "choices": list(choice_labels(engine.kb.words).items()),
        "prefix": CHOICE_PREFIX,
        "values": values,
        "query": urlencode(values),
        "chosen": {},
        "errors": {},
        **_common(),
    }


def _choices(args: MultiDict[str, str], asked: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The student's choice per regimen asked about, and a message for each one left without a choice, given a bad
    one or given twice (never the first value silently scored)."""
    chosen = {k.removeprefix(CHOICE_PREFIX): v for k, v in args.items() if k.startswith(CHOICE_PREFIX)}
    errors = {}
    kb = current_engine().kb
    says, regimen_ids = kb.words.learner, kb.regimen_ids
    for key in args:
        if key.startswith(CHOICE_PREFIX) and len(args.getlist(key)) > 1:
            errors[key.removeprefix(CHOICE_PREFIX)] = says("repeated", key=key, times=str(len(args.getlist(key))))
    for regimen in (*asked, *(r for r in chosen if r in regimen_ids and r not in asked)):
        value = chosen.get(regimen, "")
        if regimen in errors:
            continue
        if value == "":
            errors[regimen] = says("no_choice")
        elif value not in CHOICES:
            errors[regimen] = says("not_a_choice", value=repr(value[:40]))
    for regimen in sorted(set(chosen) - set(regimen_ids)):
        errors[regimen] = says("not_a_regimen")
    return chosen, errors


def _result(case: Case, teaching: TeachingCase | None, values: dict[str, str]) -> str | tuple[str, int]:
    _, own = split_query(request.args)
    context = _learn_context(case, teaching, values)
    asked = [r for r, _ in context["regimens"]]
    chosen, errors = _choices(request.args, asked)
    if errors:
        context.update(chosen=chosen, errors=errors)
        return render_template("teaching/learn.html", **context), 422
    engine = current_engine()
    answer = engine.evaluate(case)
    result = score(engine, answer, parse_commitment(chosen, engine.kb), asked, scope_said=True)
    link = request.full_path
    return render_template(
        "teaching/reveal.html",
        result=result,
        answer=answer,
        labels=choice_labels(engine.kb.words),
        link=link,
        reasoning=own.get(REASONING) in ("on", "1", "true"),
        **context,
    )


@bp.get("/learn/result")
def learn_result() -> str | tuple[str, int]:
    args, _ = split_query(request.args)
    case, values = _case(args)
    return _result(case, None, values)


@bp.get("/cases/<case_id>/learn/result")
def learn_case_result(case_id: str) -> str | tuple[str, int]:
    teaching = library_case(case_id)
    try:
        case = current_engine().parse(teaching.case)
    except CaseError as exc:  # a library case that no longer validates is a server bug, named
        raise InvalidInput(exc.errors) from None
    return _result(case, teaching, {})


@bp.get("/learn")
def learn_any() -> str:
    args, _ = split_query(request.args)
    case, values = _case(args)
    return render_template("teaching/learn.html", **_learn_context(case, None, values))


@bp.get("/cases/<case_id>/learn")
def learn_case(case_id: str) -> str:
    teaching = library_case(case_id)
    try:
        case = current_engine().parse(teaching.case)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None
    return render_template("teaching/learn.html", **_learn_context(case, teaching, {}))


__all__ = ["case_query", "flip_views", "learn_any", "learn_case", "learn_result", "what_if_page"]
