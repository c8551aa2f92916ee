"""The services an app is built with, and how a view reaches them.

`create_app` builds every service once (web/__init__.py); nothing is built when a module is imported.
A view asks for the current app's service here, never from a module global, so two apps in one
process (a test's, another knowledge base's) never share an engine or a chart cache.
"""

from __future__ import annotations

from flask import Flask, current_app

from engine import Engine
from web.charts import ChartStore, ChartViews

ENGINE_KEY = "her2_cds.engine"
CHARTS_KEY = "her2_cds.charts"
VIEWS_KEY = "her2_cds.chart_views"


def install(app: Flask, engine: Engine, charts: ChartStore) -> None:
    """Keep the app's services on it (create_app calls this once): the engine, the chart store and the
    knowledge base's chart views."""
    app.extensions[ENGINE_KEY] = engine
    app.extensions[CHARTS_KEY] = charts
    app.extensions[VIEWS_KEY] = ChartViews(engine.kb)


def current_engine() -> Engine:
    """The engine the current app was built with."""
    return engine_of(current_app)


def current_charts() -> ChartStore:
    """The current app's evidence charts (drawn once per distinct content, then kept)."""
    return charts_of(current_app)


def current_views() -> ChartViews:
    """The current app's chart views: the charts' rows as the knowledge base stood on a day, read once."""
    views: ChartViews = current_app.extensions[VIEWS_KEY]
    return views


def engine_of(app: Flask) -> Engine:
    engine: Engine = app.extensions[ENGINE_KEY]
    return engine


def charts_of(app: Flask) -> ChartStore:
    charts: ChartStore = app.extensions[CHARTS_KEY]
    return charts


def public_url(path: str) -> str:
    """An absolute URL for `path` (as url_for gives it) on the configured public base URL, never the Host header."""
    base: str = current_app.config["PUBLIC_BASE_URL"]
    return base.rstrip("/") + path
