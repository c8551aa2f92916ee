"""The `her2-cds` command: evaluate a case, check the knowledge base, serve the web app."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.answer_store import SCRATCH_ENV, STORE_ENV
from engine.case import CaseError
from engine.loader import KnowledgeBaseError


def _read_case(path: str) -> Any:
    if path == "-":
        return json.loads(sys.stdin.read())
    with open(path, encoding="utf-8") as handle:
        return json.loads(handle.read())


def _evaluate(args: argparse.Namespace) -> int:
    from engine.evaluate import Engine
    from render.walkthrough import render_text, text_view

    try:
        data = _read_case(args.file)
    except (OSError, json.JSONDecodeError) as exc:
        print(
            json.dumps({"errors": [{"field": "(file)", "message": f"cannot read a JSON case: {exc}"}]}), file=sys.stderr
        )
        return 2
    try:
        engine = Engine.load(args.rules)
        answer = engine.evaluate(data)
    except CaseError as exc:
        print(json.dumps({"errors": [e.model_dump() for e in exc.errors]}, indent=2), file=sys.stderr)
        return 2
    print(render_text(text_view(engine, answer)) if args.format == "text" else answer.model_dump_json(indent=2))
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    from engine.evaluate import Engine
    from engine.kbcheck import run_check

    started = time.perf_counter()
    engine = Engine.load(args.rules)
    report = run_check(engine)
    seconds = time.perf_counter() - started
    for problem in report.problems:
        print(f"FAIL {problem}")
    print(
        f"kb check: {report.cases} cases checked, every one in plain Python: exhaustive over the space (every"
        " threshold of every field a setting allows, one day before and on every date a rule turns on or off)\n"
        f"  durable-rules compared on a sample: {report.durable_cases} cases (each combination of fields once, on"
        f" a day moving along the dates) and the {report.answers} distinct answers (rules fired x date x cautions)\n"
        f"  {len(report.fired_rules)}/{len(engine.rulebook.rules)} rules fired, {len(engine.kb.studies)} studies,"
        f" {len(report.problems)} problems, {seconds:.1f} s"
    )
    return 1 if report.problems else 0


# gunicorn, with gevent's monkey-patching before anything else is imported: the app is loaded in the
# master (--preload), and its locks and logging must be gevent's from the start, not patched under it
GUNICORN_PATCHED = (
    "from gevent import monkey; monkey.patch_all(); import sys; from gunicorn.app.wsgiapp import run;"
    " sys.argv[0] = 'gunicorn'; sys.exit(run())"
)


def _serve(args: argparse.Namespace) -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    workers = os.environ.get("WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
    from engine.evaluate import Engine

    if (
        importlib.util.find_spec("flask") is None
        or importlib.util.find_spec("gunicorn") is None
        or importlib.util.find_spec("gevent") is None
    ):
        print("her2-cds: serving needs the web extra: pip install 'her2-cds[serve]'", file=sys.stderr)
        return 4
    Engine.load(args.rules)  # refuse to start on a bad knowledge base, naming the file and rule
    if args.rules:
        os.environ["HER2_CDS_RULES"] = str(args.rules)  # the workers' create_app() reads it
    # absolute links (CDS Hooks cards) are built on this, never on a request's Host header
    os.environ.setdefault("HER2_CDS_PUBLIC_URL", f"http://{host}:{port}")
    # the workers share the classes' answers in a file of this run's own, removed when the server stops
    # (web/gunicorn_conf.py, on_exit)
    if not os.environ.get(STORE_ENV):
        scratch = tempfile.mkdtemp(prefix="her2-cds-answers-")
        os.environ[STORE_ENV] = str(Path(scratch) / "answers.sqlite3")
        os.environ[SCRATCH_ENV] = scratch
    argv = [
        sys.executable,
        "-c",
        GUNICORN_PATCHED,
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--config",
        "python:web.gunicorn_conf",
        "--access-logfile",
        "-",
        "--access-logformat",
        '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request-id=%({x-request-id}o)s',
        "--error-logfile",
        "-",
        "web:create_app()",
    ]
    return os.execv(sys.executable, argv)  # replaces this process with gunicorn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="her2-cds", description="Educational use only, not for clinical decisions.")
    parser.add_argument("--rules", help="the rules folder (default: the packaged rules/ or $HER2_CDS_RULES)")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="evaluate a case given as a JSON file, or - for stdin")
    evaluate.add_argument("file")
    evaluate.add_argument("--format", choices=("json", "text"), default="json")
    evaluate.set_defaults(func=_evaluate)
    kb = commands.add_parser("kb", help="knowledge-base commands")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_commands.add_parser("check", help="prove the rules consistent over the threshold case space").set_defaults(
        func=_kb_check
    )
    commands.add_parser("serve", help="serve the web form and JSON API with gunicorn").set_defaults(func=_serve)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KnowledgeBaseError as exc:
        print(f"her2-cds: the knowledge base cannot load: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
