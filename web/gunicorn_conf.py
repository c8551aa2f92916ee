"""gunicorn settings for `her2-cds serve`: the worker (web.worker), its limits, and a start-up hook that pays
one-time costs before the fork."""

from __future__ import annotations

import gc
import os
import shutil
from typing import Any

from engine.answer_store import SCRATCH_ENV
from web.bounds import trusted_proxies
from web.charts import CHARTS
from web.services import current_charts, current_engine, current_views

preload_app = True
worker_class = "web.worker.Worker"  # gevent, with deadlines on slow clients (see web.worker)
worker_connections = 500  # connections one worker holds at once; more wait in the listen backlog
keepalive = 5  # seconds an idle kept-alive connection stays open
timeout = 30  # a worker whose loop is blocked this long is restarted by the master
graceful_timeout = 20
limit_request_line = 8190  # bytes: gunicorn's defaults, named here because the error messages quote them
limit_request_fields = 100
limit_request_field_size = 8190
# X-Forwarded-Proto and a SCRIPT_NAME header are read only from these (gunicorn's default trusts 127.0.0.1,
# so behind a local proxy any client could set them); links are built on HER2_CDS_PUBLIC_URL anyway. gunicorn reads
# this file when it starts, before the app exists; the worker exempts these proxies from one address's share.
forwarded_allow_ips = ",".join(str(network) for network in trusted_proxies(os.environ))


def when_ready(server: Any) -> None:
    """Warm the engine path in the master, then freeze long-lived objects out of the collector's walks.

    One answer per library case, serialized as the API does, builds the lazily-made serializers and
    sizes the allocator's arenas before the workers fork, so a worker's memory grows less over its
    first thousands of requests; frozen objects make full collections shorter. The charts of the whole
    knowledge base are drawn here too, so no worker draws them on a request.
    """
    app = server.app.wsgi()
    with app.app_context():
        engine = current_engine()
        for teaching_case in engine.kb.cases.values():
            engine.answer_json(engine.evaluate(teaching_case.case))
        for name in CHARTS:  # each chart of the whole knowledge base, drawn once for every worker
            current_charts().svg(name, current_views().on(None))
    gc.collect()
    gc.freeze()


def on_exit(server: Any) -> None:
    """Remove the file the workers shared answers in, when `her2-cds serve` made it for this run."""
    scratch = os.environ.get(SCRATCH_ENV)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
