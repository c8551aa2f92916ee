"""The her2-cds web app: the case form, the answer page and the JSON API.

Educational use only, not for clinical decisions.

`create_app()` is the application factory (Flask's flaskr pattern). The engine is built once per
process, when the app is created: under `her2-cds serve` (gunicorn --preload) that is once in the
master before the workers fork, and a bad knowledge base stops the server at start, never at
request time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from engine import Engine
from teaching.sources import study_links
from teaching.words import after_review_mark

ENGINE_KEY = "engine"
MAX_BODY_BYTES = 1024 * 1024
# a whole patient file (Synthea writes several MB for thousands of entries) is read on the two FHIR routes
FHIR_MAX_BODY_BYTES = 8 * 1024 * 1024
FHIR_PATHS = frozenset({"/api/v1/fhir/case", "/cds-services/her2-patient-view"})


def body_limit(path: str) -> int:
    """The largest body a route reads: FHIR_MAX_BODY_BYTES on the FHIR routes, MAX_BODY_BYTES elsewhere."""
    return FHIR_MAX_BODY_BYTES if path in FHIR_PATHS else MAX_BODY_BYTES


PUBLIC_URL_ENV = "HER2_CDS_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` may set ENGINE (a built Engine) or RULES_DIR (a rules folder), and
    DATABASE_URL and SEMINAR_LIMITS (web.store)."""
    app = Flask(__name__)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        RULES_DIR=None,  # None: the packaged rules/ or $HER2_CDS_RULES
        ENGINE=None,
        # where clients reach this app; absolute links (CDS Hooks cards) are built on it, never on the
        # request's Host header, which any client can set
        PUBLIC_BASE_URL=os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    engine = app.config.pop("ENGINE") or Engine.load(app.config["RULES_DIR"])
    if not isinstance(engine, Engine):
        raise TypeError(f"ENGINE must be an engine.Engine, not {type(engine).__name__}")
    app.extensions[ENGINE_KEY] = engine
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the models' field order

    from web.store import init_store

    init_store(app)  # the seminars' database: opened by each process on first use, never here

    from web import api, errors, limits, openapi, pages, security

    app.register_blueprint(security.bp)
    app.register_blueprint(limits.bp)
    app.register_blueprint(errors.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(pages.bp)

    from web import cds_hooks, fhir_case, questions, teaching, teaching_api

    app.register_blueprint(teaching.bp)
    app.register_blueprint(teaching_api.bp)
    app.register_blueprint(questions.bp)
    app.register_blueprint(cds_hooks.bp)
    app.register_blueprint(fhir_case.bp)
    app.register_blueprint(fhir_case.hooks)

    from web import exports, seminar_pages, seminars

    app.register_blueprint(exports.bp)
    app.register_blueprint(seminars.bp)
    app.register_blueprint(seminar_pages.bp)

    @app.context_processor
    def _knowledge_base() -> dict[str, Any]:
        return {
            "kb_info": engine.kb.info,
            "kb_sha256": engine.kb.sha256,
            "public_url": public_url,
            "after_review_mark": after_review_mark(engine.kb.info.review_published),
            "study_links": study_links,
        }

    return app


def public_url(path: str) -> str:
    """An absolute URL for `path` (as url_for gives it) on the configured public base URL, never the Host header."""
    base: str = current_app.config["PUBLIC_BASE_URL"]
    return base.rstrip("/") + path


def current_engine() -> Engine:
    """The engine the current app was built with."""
    engine: Engine = current_app.extensions[ENGINE_KEY]
    return engine
