"""The order as a graph: each option placed above another (an edge, with its reason), and the options sorted so
that each comes after every option placed above it (engine/ordering.py finds the edges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from engine.answer import OrderReason, Recommendation


def status_class(rec: Recommendation) -> int:
    """Where an option goes when nothing else orders it: approved, approved only in part, supported,
    investigational, not recommended (an index into vocabulary.ORDER_CLASSES, which the order's words name)."""
    if rec.status == "approved":
        return 1 if rec.labelled_part else 0
    return {"supported": 2, "investigational": 3}.get(rec.status, 4)


@dataclass(frozen=True)
class Edge:
    """One option placed above another, and why."""

    winner: str
    loser: str
    reason: OrderReason
    day: dt.date  # the day the reason became public (a guideline's, or a trial result's)
    guideline: bool
    under: str  # the reason said from the loser's side: "below T-DM1: EMILIA, overall survival"


def reach(edges: list[Edge]) -> dict[str, set[str]]:
    """Every option each option is placed above, directly or through others."""
    direct: dict[str, set[str]] = {}
    for e in edges:
        direct.setdefault(e.winner, set()).add(e.loser)
    found: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += direct.get(node, set())
        found[start] = seen
    return found


def sorted_options(recs: list[Recommendation], edges: list[Edge], rank: dict[str, int]) -> list[Recommendation]:
    """Each option after every option placed above it; otherwise by class, then the regimens' list order. A
    winner takes the place of the best option it is placed above, so lifting it moves nothing else."""
    key: Callable[[Recommendation], tuple[int, int]] = lambda r: (status_class(r), rank[r.regimen_id])  # noqa: E731
    by_id = {r.regimen_id: r for r in recs}
    above_all = reach(edges)
    best = {i: min([key(r), *(key(by_id[o]) for o in above_all.get(i, ()))]) for i, r in by_id.items()}
    above = {i: {e.winner for e in edges if e.loser == i} for i in by_id}
    done: list[Recommendation] = []
    placed: set[str] = set()
    while len(done) < len(recs):
        left = [r for r in recs if r.regimen_id not in placed]
        ready = [r for r in left if above[r.regimen_id] <= placed] or left  # a cycle: the best goes first
        nxt = min(ready, key=lambda r: (best[r.regimen_id], key(r)))
        done.append(nxt)
        placed.add(nxt.regimen_id)
    return done
