"""The pages: the case form (/) and the answer (/answer, its JSON twin /answer.json).

The form submits GET, so an answer's address reproduces it. Fields that do not apply to the chosen
setting are rendered `hidden` and `disabled` by the server: no JavaScript is needed, and
static/form.js only shows and hides them as the setting changes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from engine import CaseError, FieldError, Recommendation
from engine.case_fields import CaseField
from engine.knowledge import Arm, Finding
from teaching.words import conditional_words
from web.api import json_response
from web.chart_draw import setting_words
from web.errors import InvalidInput
from web.forms import BY_NAME, FIELDS, case_from_form, form_values, hint_words
from web.page_cache import answer_response
from web.present import arm_values, field_label
from web.services import current_engine

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def _words() -> dict[str, object]:
    kb = current_engine().kb
    titles = {status: words.title for status, words in kb.words.statuses.items()}
    return {"status_titles": titles, "cutoff": kb.evidence_cutoff.isoformat()}


@bp.app_template_global()
def badge(status: str, part: object = False, conditional: object = False) -> str:
    """A status as its badge says it ("FDA-approved in part, conditional"), in the loaded knowledge base's words."""
    return current_engine().kb.words.badge(status, part, conditional)


@bp.app_template_global()
def depends(rec: Recommendation) -> str:
    """What an option's conditional status depends on, in the loaded knowledge base's words ("" for none)."""
    return conditional_words(current_engine().kb.words, rec)


@bp.app_template_global()
def order_line(rec: Recommendation) -> str:
    """An option's reasons for its place as one sentence, in the loaded knowledge base's words ("" for none)."""
    return current_engine().kb.words.order.line(rec.ordered_by)


@bp.app_template_global()
def option_says(sentence: str, **slots: str) -> str:
    """One of an option's labels or sentences ("Order:", "FDA approval, {date}"), in the loaded knowledge base's
    words ([option] in rules/case-words.toml)."""
    return current_engine().kb.words.option(sentence, **slots)


@bp.app_template_global()
def printed_says(sentence: str, **slots: str) -> str:
    """One of the printed answer's headings ("Questions"), in the loaded knowledge base's words ([printed])."""
    return current_engine().kb.words.printed(sentence, **slots)


@bp.app_template_global()
def number_says(sentence: str, **slots: object) -> str:
    """One of the numbers' sentences ("[{n}]", "n = {n}"), in the loaded knowledge base's words ([numbers])."""
    return current_engine().kb.words.numbers(sentence, **{k: str(v) for k, v in slots.items()})


@bp.app_template_global()
def effect_size(finding: Finding) -> str:
    """A result with its hazard ratio and confidence interval, in the loaded knowledge base's words."""
    return current_engine().kb.words.numbers.effect(finding)


@bp.app_template_global("arm_values")
def _arm_values(arm: Arm) -> str:
    """An arm's numbers in words, in the loaded knowledge base's words."""
    return arm_values(current_engine().kb.words, arm)


@bp.app_template_global("setting_words")
def _setting_words(setting: str) -> str:
    """A setting as the case form labels it, in the loaded knowledge base's words."""
    return setting_words(current_engine().kb.words, setting)


@bp.app_template_global()
def table_1_notes(rec: Recommendation) -> list[str]:
    """The studies whose own correction repeats the approval's correction of the review's Table 1 row: the
    approval's note is shown once and names them, instead of three notes saying one thing."""
    if rec.approval is None or not rec.approval.correction:
        return []
    return [ev.name for ev in rec.evidence if any("Table 1" in c.review_says for c in ev.corrections)]


# The engine's-reasoning switch: a query parameter, not a case field; rule ids and field names show only with it.
REASONING = "reasoning"


def case_args(args: MultiDict[str, str]) -> tuple[MultiDict[str, str], bool]:
    """The case's query fields, and whether the engine's reasoning was asked for."""
    rest = args.copy()
    shown = rest.poplist(REASONING)
    return rest, any(v in ("on", "1", "true") for v in shown)


LIBRARY_RESULT = "teaching.learn_case_result"
# The main navigation: (endpoint, its label's sentence in [page], the other endpoints of its section, marked
# aria-current="true").
MAIN_NAV: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("pages.index", "nav_case_form", frozenset({"pages.answer"})),
    (
        "teaching.cases",
        "nav_case_library",
        frozenset({"teaching.case_page", "teaching.learn_case", "teaching.learn_case_result"}),
    ),
    ("teaching.timeline", "nav_timeline", frozenset()),
    ("teaching.evidence", "nav_evidence", frozenset()),
    ("glossary.glossary_page", "nav_glossary", frozenset()),
    ("openapi.api_page", "nav_api", frozenset()),
)


@bp.app_context_processor
def _main_nav() -> dict[str, object]:
    # every page says what the app's knowledge base covers: the review as the lens, the evidence to its cut-off
    kb = current_engine().kb
    nav = [(endpoint, kb.words.page(label), section) for endpoint, label, section in MAIN_NAV]
    return {"main_nav": nav, "coverage": kb.coverage, "evidence_cutoff": kb.evidence_cutoff.isoformat()}


@bp.app_template_global()
def footer_stamp() -> Markup:
    """The knowledge base's stamp in the footer, in the loaded knowledge base's words ([printed] stamp, closed by
    [page] footer_stamp), its sha256 set as code."""
    kb = current_engine().kb
    slot = "\x00"  # where the sha256 goes once the words are escaped
    said = kb.words.page(
        "footer_stamp",
        stamp=kb.words.printed("stamp", version=kb.info.version, cutoff=str(kb.info.evidence_cutoff), sha=slot),
    )
    code = Markup('<code class="hash">{}</code>').format(kb.sha256)
    return Markup(escape(said).replace(slot, code))


@bp.app_template_global()
def page_word(sentence: str, **slots: object) -> Markup:
    """One of the app's own sentences ([page]) with its slots, in the loaded knowledge base's words, for a page's text
    (not an attribute's value): the sentence's own words escaped as a text node needs (&, <, >, its quotes as typed,
    so a sentence moved out of a template reads byte for byte as it did there), each slot's value as Jinja escapes
    any value (a sentence already said, Markup, as it is)."""
    marks = {name: f"\x00{n}\x00" for n, name in enumerate(slots)}  # where each value goes once the words are escaped
    said = html.escape(current_engine().kb.words.page(sentence, **marks), quote=False)
    for name, mark in marks.items():
        said = said.replace(mark, str(escape(slots[name])))
    return Markup(said)


@bp.app_template_global()
def page_label(sentence: str, **slots: object) -> str:
    """One of the app's own sentences ([page]) for an attribute's value (an aria-label): plain text, which Jinja
    escapes whole, quotes too."""
    return current_engine().kb.words.page(sentence, **{k: str(v) for k, v in slots.items()})


@dataclass(frozen=True)
class FieldView:
    """A form field as rendered: its words (label, hint, prompt, options), its value as entered, its error, and
    whether it is shown."""

    field: CaseField
    value: str
    error: str | None
    shown: bool
    label: str
    hint: str
    prompt: str
    options: list[tuple[str, str]]


def _asked(field: CaseField, values: dict[str, str], wrong: bool) -> bool:
    """Whether the form asks for a field given the others (menopausal status is not asked for a man), or shows it
    to correct it (a man with a menopausal status: both fields are named, and both shown)."""
    return wrong or field.not_asked_when is None or values.get(field.not_asked_when[0]) != field.not_asked_when[1]


def _form(values: dict[str, str], errors: list[FieldError], step_one: bool) -> dict[str, object]:
    setting = values.get("setting")
    chosen = setting if setting in BY_NAME["setting"].settings else None
    by_field = {e.field: e.message for e in errors}
    words = current_engine().kb.words
    views = [
        FieldView(
            field=f,
            value=values.get(f.name, ""),
            error=by_field.get(f.name),
            shown=f.name == "setting"
            or (not step_one and (f.everywhere or chosen in f.settings) and _asked(f, values, f.name in by_field)),
            label=words.label(f.name),
            hint=hint_words(f, words),
            prompt=words.fields[f.name].prompt,
            options=words.options(f.name),
        )
        for f in FIELDS
    ]
    shown = {v.field.name for v in views if v.shown}
    summary = [(e.field, field_label(words, e.field), e.message, e.field in shown) for e in errors]
    return {"fields": views, "errors": summary, "step_one": step_one, "setting": chosen}


@bp.get("/")
def index() -> str:
    values, _ = form_values(request.args)
    return render_template("form.html", **_form(values, [], step_one="setting" not in values))


@bp.get("/answer")
def answer() -> Response | str | tuple[str, int]:
    args, reasoning = case_args(request.args)
    try:
        case, values = case_from_form(args, current_engine().kb.case_checks)
    except CaseError as exc:
        entered, _ = form_values(args)
        return render_template("form.html", **_form(entered, exc.errors, step_one=False)), 422
    return answer_response(case, values, reasoning)


@bp.get("/answer.json")
def answer_json() -> Response:
    try:
        case, _ = case_from_form(request.args, current_engine().kb.case_checks)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None
    return json_response(current_engine().evaluate(case))
