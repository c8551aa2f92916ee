"""Work that may take long (reading a whole FHIR record) done where it cannot hold a worker's event loop.

Under `her2-cds serve` each worker is gevent's (web.worker): one greenlet reading a large record would keep
every other connection of that worker waiting. Such work runs in the worker's pool of native threads, whose
interpreter lock is handed back every few milliseconds, so the loop goes on serving the others meanwhile.
Outside gevent (the Flask test client, a plain WSGI server) it runs in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def off_loop(work: Callable[..., T], *args: object) -> T:
    """`work(*args)`, in gevent's thread pool when this process is gevent's, else here."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency of the serve extra
        return work(*args)
    if not monkey.is_module_patched("threading"):
        return work(*args)
    # the pool prints a traceback to the log for any exception its thread raises, even one the caller is given
    # and answers (an invalid record's 422): the exception crosses as a value and is raised again here
    outcome: tuple[T, None] | tuple[None, Exception] = get_hub().threadpool.apply(_caught, (work, *args))
    result, error = outcome
    if error is not None:
        raise error
    return result  # type: ignore[return-value]  # no error: work's result, whatever T is


def _caught(work: Callable[..., T], *args: object) -> tuple[T, None] | tuple[None, Exception]:
    try:
        return work(*args), None
    except Exception as exc:  # every exception work raises is its caller's to answer
        return None, exc
