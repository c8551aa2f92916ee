"""GET /api/v1/cases/export: library cases as questions a learning platform imports, for the whole library, a
selection (case_ids) or a seminar (seminar: its code). Moodle XML (format=moodle-xml) or an IMS QTI 1.2
package as Canvas imports it (format=qti, a zip). Educational use only, not for clinical decisions."""

from __future__ import annotations

import datetime as dt
import functools

from flask import Blueprint, Flask, Response, current_app, request

from engine import Engine, FieldError
from render.moodle_xml import moodle_xml
from render.qti import qti_package
from teaching.quiz import quiz_cases
from web.errors import InvalidInput, refusal
from web.limits import shorten
from web.seminar_view import load_seminar
from web.services import current_engine, engine_of

bp = Blueprint("exports", __name__, url_prefix="/api/v1")
FORMATS = {"moodle-xml": "application/xml", "qti": "application/zip"}
EXPORTS_KEY = "her2_cds.exports"


class Exports:
    """An app's exports of its engine's library: the last 8 made are kept (the whole library takes about 0.4 s and
    is asked again and again; ~1 MB each), per app, never in a module-level cache shared by every engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.document = functools.lru_cache(maxsize=8)(self._document)

    def _document(self, fmt: str, ids: tuple[str, ...], as_of: dt.date | None, name: str, title: str) -> bytes:
        cases = quiz_cases(self.engine, [self.engine.kb.cases[c] for c in ids], as_of)
        disclaimer = self.engine.kb.disclaimer
        return qti_package(cases, name, title, disclaimer) if fmt == "qti" else moodle_xml(cases, title, disclaimer)


def install(app: Flask) -> None:
    """Give the app its exports, of its engine (create_app calls this once)."""
    app.extensions[EXPORTS_KEY] = Exports(engine_of(app))


@bp.get("/cases/export")
def export() -> Response:
    engine = current_engine()
    fmt = request.args.get("format", "")
    errors = []
    if fmt not in FORMATS:
        message = refusal("not_a_format", format=shorten(repr(fmt)), allowed="moodle-xml, qti")
        errors.append(FieldError(field="format", message=message))
    wanted = [c for c in request.args.get("case_ids", "").split(",") if c]
    unknown = [c for c in wanted if c not in engine.kb.cases]
    if unknown:
        shown = ", ".join(shorten(repr(c), 40) for c in unknown[:5])
        errors.append(FieldError(field="case_ids", message=refusal("not_library_cases", cases=shown)))
    if errors:
        raise InvalidInput(errors, refusal("export_unmade"))
    as_of = None
    ids = list(engine.kb.cases)
    name, title = "her2-cds-library", "her2-cds case library"
    code = request.args.get("seminar")
    if code is not None:
        seminar = load_seminar(code)
        ids, as_of = list(seminar.case_ids), seminar.as_of
        name, title = f"her2-cds-seminar-{seminar.code}", seminar.title
    if wanted:  # a selection: of the library, or of the seminar's cases
        ids = [c for c in ids if c in wanted] if code is not None else list(dict.fromkeys(wanted))
    exports: Exports = current_app.extensions[EXPORTS_KEY]
    body = exports.document(fmt, tuple(c for c in ids if c in engine.kb.cases), as_of, name, title)
    filename = f"{name}-qti.zip" if fmt == "qti" else f"{name}-moodle.xml"
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
