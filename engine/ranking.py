"""The order of an answer: by status, then within a status by the randomized head-to-head evidence.

A rule's `superior_to` says which regimen its regimen beat, in which trial and on which endpoint.
Within one status a regimen that beat another (by a result public on the as_of date) comes first and
says so; regimens that no such evidence orders keep the knowledge base's regimen order, never their
names' alphabetical order.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.answer import RankedAbove, Recommendation
from engine.dating import find
from engine.rulebook import Rulebook
from engine.vocabulary import REGIMEN_IDS, STATUSES

Public = Callable[[str], bool]  # is this finding ("study_id.finding_id") public on the as_of date?


def rank(recommendations: list[Recommendation], rulebook: Rulebook, public: Public) -> list[Recommendation]:
    """Order by status, then by head-to-head wins within a status; each winner names whom it beat."""
    kb = rulebook.kb
    status = {r.regimen_id: r.status for r in recommendations}
    names = {r.regimen_id: r.name for r in recommendations}
    above: dict[str, list[RankedAbove]] = {}
    for rec in recommendations:
        wins: dict[str, RankedAbove] = {}
        for rule_id in rec.rules:
            for ranking in rulebook.by_id(rule_id).rule.superior_to:
                other = ranking.regimen
                if status.get(other) != rec.status or other in wins or not public(ranking.finding):
                    continue
                study, finding = find(kb, ranking.finding)
                endpoint = finding.endpoint[:1].lower() + finding.endpoint[1:]
                wins[other] = RankedAbove(
                    regimen_id=other,
                    name=names[other],
                    study=study.name,
                    endpoint=finding.endpoint,
                    text=f"ranked above {names[other][:1].lower() + names[other][1:]} by {study.name}, {endpoint}",
                )
        above[rec.regimen_id] = list(wins.values())
    ordered: list[Recommendation] = []
    for level in STATUSES:
        group = sorted((r for r in recommendations if r.status == level), key=lambda r: REGIMEN_IDS.index(r.regimen_id))
        ordered += _winners_first(group, above)
    return [r.model_copy(update={"ranked_above": above[r.regimen_id]}) if above[r.regimen_id] else r for r in ordered]


def _winners_first(group: list[Recommendation], above: dict[str, list[RankedAbove]]) -> list[Recommendation]:
    """A stable topological order: each regimen after every regimen ranked above it."""
    beaten_by: dict[str, set[str]] = {r.regimen_id: set() for r in group}
    for winner, wins in above.items():
        for win in wins:
            if winner in beaten_by and win.regimen_id in beaten_by:
                beaten_by[win.regimen_id].add(winner)
    done: list[Recommendation] = []
    placed: set[str] = set()
    while len(done) < len(group):
        ready = [r for r in group if r.regimen_id not in placed and beaten_by[r.regimen_id] <= placed]
        nxt = ready[0] if ready else next(r for r in group if r.regimen_id not in placed)  # a cycle: keep order
        done.append(nxt)
        placed.add(nxt.regimen_id)
    return done
