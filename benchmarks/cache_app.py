"""The web app over an engine with a chosen why-not cache size: `python -m benchmarks.run --cache-size N`.

A what-if for the HTTP benchmark only (the shipped app is `web:create_app()` with the engine's default why-not cache).
"""

from __future__ import annotations

import os

from her2_cds.engine import Engine, load_knowledge_base
from her2_cds.web import create_app

app = create_app({"ENGINE": Engine(load_knowledge_base(), why_not_cache_size=int(os.environ["HER2_BENCH_CACHE_SIZE"]))})
