"""The glossary: a page listing every abbreviation the pages use, and each HTML page's first use of one marked with
its expansion (teaching/glossary.py does the marking; the words are the knowledge base's, rules/glossary.toml)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, g, render_template

from teaching.glossary import Glossary
from web.services import current_engine, engine_of

bp = Blueprint("glossary", __name__)
GLOSSARY_KEY = "her2_cds.glossary"
_MARKED = "glossary_marked"  # on flask.g: this response's page is marked already (web/page_cache.py)


def install(app: Flask) -> None:
    """Build the app's glossary once, from its engine's knowledge base."""
    kb = engine_of(app).kb
    app.extensions[GLOSSARY_KEY] = Glossary(kb.glossary, kb.not_abbreviations)


def current_glossary() -> Glossary:
    glossary: Glossary = current_app.extensions[GLOSSARY_KEY]
    return glossary


def marked_already() -> None:
    """Say that this request's page comes marked (a kept page, marked once when it was rendered)."""
    setattr(g, _MARKED, True)


@bp.get("/glossary")
def glossary_page() -> str:
    terms = sorted(current_engine().kb.glossary, key=lambda t: t.abbr.lower())
    return render_template("glossary.html", terms=terms)


@bp.after_app_request
def _mark_first_uses(response: Response) -> Response:
    if response.mimetype != "text/html" or response.status_code != 200 or response.direct_passthrough:
        return response
    if g.get(_MARKED):
        return response
    response.set_data(current_glossary().mark_first_uses(response.get_data(as_text=True)))
    return response
