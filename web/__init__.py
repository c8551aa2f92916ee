"""The her2-cds web app: the case form, the answer page and the JSON API.

Educational use only, not for clinical decisions.

`create_app()` is the application factory (Flask's flaskr pattern): it builds the services (the engine,
the chart store, the seminars' store; web/services.py says how views reach them), none is built at import.
The engine is built once per process, when the app is created: under `her2-cds serve` (gunicorn --preload)
that is once in the master before the workers fork, and a bad knowledge base stops the server at start,
never at request time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from typing import Any

from flask import Flask

from engine import Engine
from engine.answer_store import STORE_ENV
from engine.templates import Sentences
from teaching.sources import approval_links, study_links
from teaching.words import after_review_mark
from web import bounds
from web.services import public_url

MAX_BODY_BYTES = 1024 * 1024
# a whole patient file (Synthea writes several MB for thousands of entries) is read on the two FHIR routes
FHIR_MAX_BODY_BYTES = 8 * 1024 * 1024
FHIR_PATHS = frozenset({"/api/v1/fhir/case", "/cds-services/her2-patient-view"})


def body_limit(path: str) -> int:
    """The largest body a route reads: FHIR_MAX_BODY_BYTES on the FHIR routes, MAX_BODY_BYTES elsewhere."""
    return FHIR_MAX_BODY_BYTES if path in FHIR_PATHS else MAX_BODY_BYTES


def too_large(words: Sentences, limit: int) -> str:
    """The 413's words ([http_error] too_large) for a route's limit, from the limit itself: "... 8,388,608 bytes
    (8 MB) ..."."""
    return words("too_large", limit=f"{limit:,}", mb=f"{limit // 2**20:g}")


PUBLIC_URL_ENV = "HER2_CDS_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app and its services; `test_config` may set ENGINE (a built Engine) or RULES_DIR (a rules folder),
    ANSWER_STORE (a file the app's processes share answers in), DATABASE_URL and SEMINAR_LIMITS (web.store), and
    the worker's bounds under their environment names (web.bounds, e.g. HER2_CDS_BODY_SECONDS), which it reads from
    the environment otherwise."""
    app = Flask(__name__)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        RULES_DIR=None,  # None: the packaged rules/ or $HER2_CDS_RULES
        ENGINE=None,
        # where clients reach this app; absolute links (CDS Hooks cards) are built on it, never on the
        # request's Host header, which any client can set
        PUBLIC_BASE_URL=os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL,
        # a file the processes serving this app share the classes' API answers in: `her2-cds serve` names one for
        # each run; unset, each process keeps its own
        ANSWER_STORE=os.environ.get(STORE_ENV) or None,
    )
    app.config.from_mapping(bounds.from_environment(os.environ))
    if test_config is not None:
        app.config.from_mapping(test_config)
    bounds.install(app)  # first: a bad bound stops the server before the engine is built
    engine = app.config.pop("ENGINE") or Engine.load(app.config["RULES_DIR"])
    if not isinstance(engine, Engine):
        raise TypeError(f"ENGINE must be an engine.Engine, not {type(engine).__name__}")
    if app.config["ANSWER_STORE"]:
        engine.share_answers(app.config["ANSWER_STORE"])
    # the views are imported here, not at the top: they read this module's limits (MAX_BODY_BYTES, ...)
    from web import (
        api,
        cds_hooks,
        errors,
        exports,
        fhir_case,
        glossary,
        limits,
        openapi,
        page_cache,
        pages,
        practice,  # noqa: F401  # its pages are routes of the teaching blueprint
        questions,
        security,
        seminar_pages,
        seminars,
        services,
        teaching,
        teaching_api,
    )
    from web.charts import ChartStore
    from web.store import init_store

    services.install(app, engine, ChartStore())
    glossary.install(app)
    openapi.install(app)
    page_cache.install(app)  # the answer page kept per class of cases
    exports.install(app)
    init_store(app)  # the seminars' database: opened by each process on first use, never here
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the models' field order

    app.register_blueprint(security.bp)
    app.register_blueprint(limits.bp)
    app.register_blueprint(errors.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(pages.bp)
    # with web/practice.py's pages (what-if, learner mode) on it
    app.register_blueprint(teaching.bp)
    app.register_blueprint(teaching_api.bp)
    app.register_blueprint(questions.bp)
    app.register_blueprint(cds_hooks.bp)
    app.register_blueprint(fhir_case.bp)
    app.register_blueprint(fhir_case.hooks)
    app.register_blueprint(exports.bp)
    app.register_blueprint(seminars.bp)
    app.register_blueprint(seminar_pages.bp)
    app.register_blueprint(glossary.bp)

    @app.context_processor
    def _knowledge_base() -> dict[str, Any]:
        return {
            "kb_info": engine.kb.info,
            "public_url": public_url,
            "after_review_mark": after_review_mark(engine.kb.words, engine.kb.info.review_published),
            "study_links": partial(study_links, engine.kb.words),
            "approval_links": partial(approval_links, engine.kb.words),
            "blockade_words": engine.kb.words.blockades,
        }

    return app
