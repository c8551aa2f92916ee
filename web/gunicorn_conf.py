"""gunicorn settings for `her2-cds serve`: the server's start-up hook pays one-time costs before the fork."""

from __future__ import annotations

import gc
from typing import Any

from her2_cds.web import current_engine

preload_app = True


def when_ready(server: Any) -> None:
    """Warm the engine path in the master, then freeze long-lived objects out of the collector's walks.

    One answer per library case, serialized as the API does, builds the lazily-made serializers and
    sizes the allocator's arenas before the workers fork, so a worker's memory grows less over its
    first thousands of requests; frozen objects make full collections shorter.
    """
    app = server.app.wsgi()
    with app.app_context():
        engine = current_engine()
        for teaching_case in engine.kb.cases.values():
            engine.evaluate(teaching_case.case).model_dump_json()
    gc.collect()
    gc.freeze()
