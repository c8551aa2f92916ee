"""The app's storage service: one Store per app, built in create_app, connecting on first use.

Its place: the app's DATABASE_URL, else $HER2_CDS_DATABASE_URL, else an SQLite file in the app's instance
folder (Flask's place for a deployment's own files: ./instance/her2-cds.sqlite3 beside a checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app

from storage import Limits, Store

STORE_KEY = "store"
DATABASE_ENV = "HER2_CDS_DATABASE_URL"
SQLITE_NAME = "her2-cds.sqlite3"


def default_database_url(app: Flask) -> str:
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{Path(app.instance_path) / SQLITE_NAME}"


def init_store(app: Flask) -> Store:
    """The app's store, from its config (DATABASE_URL, SEMINAR_LIMITS); nothing is opened until first use."""
    url = app.config.get("DATABASE_URL") or default_database_url(app)
    limits = app.config.get("SEMINAR_LIMITS") or Limits()
    if not isinstance(limits, Limits):
        raise TypeError(f"SEMINAR_LIMITS must be a storage.Limits, not {type(limits).__name__}")
    store = Store(url, limits)
    app.extensions[STORE_KEY] = store
    return store


def current_store() -> Store:
    store: Store = current_app.extensions[STORE_KEY]
    return store
