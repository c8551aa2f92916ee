"""The review's open questions, answered: a page and a JSON endpoint, dated by `as_of` (default: the cut-off).

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, Response, render_template

from engine import FieldError
from engine.case import ALLOWED
from teaching.questions import open_questions
from web.api import json_response
from web.errors import InvalidInput, one_arg, refusal
from web.services import current_engine

bp = Blueprint("questions", __name__)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def query_date(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """An optional as_of (YYYY-MM-DD, not in the future), or 422 naming the field and what is allowed."""
    if text is None:
        return None
    day = None
    if _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
    if day is None or day > (today or dt.date.today()):
        message = refusal("not_a_day", text=repr(text[:40]), allowed=ALLOWED["as_of"])
        raise InvalidInput([FieldError(field="as_of", message=message)])
    return day


@bp.get("/api/v1/open-questions")
def open_questions_json() -> Response:
    """The review's open questions as of `as_of`: only what was public on that date."""
    engine = current_engine()
    return json_response(open_questions(engine, query_date(one_arg("as_of"))))


@bp.get("/open-questions")
def open_questions_page() -> str:
    engine = current_engine()
    view = open_questions(engine, query_date(one_arg("as_of")))
    return render_template(
        "teaching/questions.html",
        view=view,
        review_day=engine.kb.info.review_published.isoformat(),
        cutoff=engine.kb.info.evidence_cutoff.isoformat(),
    )
