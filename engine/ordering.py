"""The order of an answer, and the reason for each option's place, from dated ordering facts.

What a teacher would cite, in this order: (1) the position of a guideline public on the as_of date (its
first-listed regimen comes before the others; the regimens it names for a condition before those it does
not); (2) every randomized head-to-head result public on that date (the winner before the loser), and a
result made public after a guideline version outranks that version's order, saying the guideline predates
it; (3) where nothing of the kind orders two options: approved before approved only in part, before
supported, investigational and not recommended, and the page says that nothing else orders them.

Guideline and trial orders hold only between options a teacher would offer (approved or supported), or
between options of one lower status; they never lift an investigational option over an approved one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Set as AbstractSet

from engine.answer import OrderReason, Recommendation
from engine.answer_words import OrderWords
from engine.kept import Kept
from engine.loader import KnowledgeBase, KnowledgeBaseError
from engine.order_facts import Applies, Guideline, Position
from engine.order_graph import Edge, reach, sorted_options, status_class
from engine.published import find, finding_public
from engine.rulebook import Rulebook
from engine.semantics import Predicate, predicate
from engine.vocabulary import ORDER_CLASSES

Fact = dict[str, object]
_Order = tuple[tuple[str, ...], dict[str, list[OrderReason]]]  # the regimens in order, and each one's reasons
_TIER = {"approved": 0, "supported": 0, "investigational": 1, "not_recommended": 2}


class Orderer:
    """Built once per engine: the ordering facts with their tests compiled and their days resolved."""

    def __init__(self, kb: KnowledgeBase, rulebook: Rulebook) -> None:
        self.kb = kb
        self._rank = {rid: i for i, rid in enumerate(kb.regimen_ids)}  # the regimens' list order
        ordering = kb.ordering
        self._check_tests(rulebook)
        self._tests: dict[int, tuple[Predicate, ...]] = {
            id(a): tuple(predicate(c) for c in a.when) for item in ordering.items() for a in item.applies
        }  # fmt: skip
        self._window = {g.id: (g.published, ordering.until(g)) for g in ordering.guidelines.values()}
        self._trials = [(h, *find(kb, h.finding)) for h in ordering.head_to_head]
        self._public = {h.id: finding_public(kb, study, finding) for h, study, finding in self._trials}
        # an order reads the options (their regimens, statuses and names), which of the guidelines' and trials'
        # cases the case fits, and the date only as which of the days it is on or after (days()): an order is
        # made once for each of those and shared
        self._ordinals = sorted(day.toordinal() for day in self.days())  # a case's date is its ordinal (as_fact)
        self._made: Kept[tuple[object, ...], _Order] = Kept()
        self._reasons: Kept[tuple[object, ...], OrderReason] = Kept()
        # the cases of the guideline positions in force that name one of the options and of the trials public
        # between two of them: only these can order the options, so only their tests are run (a few of ~95)
        self._bearing: Kept[tuple[object, ...], tuple[tuple[Predicate, ...], ...]] = Kept(0.25)  # ~300 B each

    def days(self) -> set[dt.date]:
        """The days an order can change on: a guideline version's first and last, a head-to-head result's."""
        windows = {day for window in self._window.values() for day in window if day is not None}
        return windows | set(self._public.values())

    def _check_tests(self, rulebook: Rulebook) -> None:
        """An ordering test reads only what the rules read (the same fields, the same numbers), so the answer
        cache's classes and `kb check`'s space, both read off the rules, cover every order too."""
        read = {(c.fact, str(c.value)) for r in rulebook.rules for c in r.conditions}
        read |= {(c.fact, str(c.value)) for r in rulebook.rules for k in r.rule.cautions for c in k.when}
        fields = {fact for fact, _ in read}
        where = "ordering.toml"
        for item in self.kb.ordering.items():
            for cond in (c for a in item.applies for c in a.when):
                numeric = isinstance(cond.value, int | float) and not isinstance(cond.value, bool)
                if cond.fact not in fields or (numeric and (cond.fact, str(cond.value)) not in read):
                    raise KnowledgeBaseError(
                        where, item.id, f"tests {cond.fact} {cond.op} {cond.value}, which no rule tests"
                    )

    def _holds(self, applies: list[Applies], fact: Fact, derived: AbstractSet[str]) -> Applies | None:
        """The first of the cases that fits, preferring one the case settles (no `only_if`)."""
        fitting = [a for a in applies if all(t(fact, derived) for t in self._tests[id(a)])]
        return min(fitting, key=lambda a: bool(a.only_if), default=None)

    def _in_force(self, guideline: Guideline, as_of: dt.date) -> bool:
        start, end = self._window[guideline.id]
        return start <= as_of and (end is None or as_of < end)

    def order(self, recs: list[Recommendation], fact: Fact, derived: AbstractSet[str]) -> list[Recommendation]:
        """The options in the order a teacher would name them, each with the reasons for its place."""
        ordinal = int(fact["as_of"])  # type: ignore[call-overload]
        day = bisect.bisect_right(self._ordinals, ordinal)
        regimens = tuple([r.regimen_id for r in recs])
        bearing = self._bearing.get((regimens, day), self._bearing_tests, regimens, ordinal)
        options = tuple([(r.regimen_id, r.status, bool(r.labelled_part), r.name) for r in recs])
        key = (options, day, *[all(t(fact, derived) for t in tests) for tests in bearing])
        placed, lines = self._made.get(key, self._order, recs, fact, derived, ordinal)
        by_id = {r.regimen_id: r for r in recs}
        return [by_id[i].replaced(ordered_by=lines[i]) for i in placed]  # the kept list, never changed

    def _bearing_tests(self, regimen_ids: tuple[str, ...], ordinal: int) -> tuple[tuple[Predicate, ...], ...]:
        """The tests of each case of what can order these regimens on this day (its place among days())."""
        regimens, as_of = set(regimen_ids), dt.date.fromordinal(ordinal)
        bearing = [
            p.applies
            for p in self.kb.ordering.positions
            if self._in_force(self.kb.ordering.guidelines[p.guideline], as_of) and not regimens.isdisjoint(p.regimens)
        ]
        bearing += [
            t.applies
            for t, _, _ in self._trials
            if t.winner in regimens and t.loser in regimens and self._public[t.id] <= as_of
        ]
        return tuple(self._tests[id(a)] for applies in bearing for a in applies)

    def _order(self, recs: list[Recommendation], fact: Fact, derived: AbstractSet[str], ordinal: int) -> _Order:
        as_of = dt.date.fromordinal(ordinal)
        shown = {r.regimen_id: r for r in recs}
        names = {r.regimen_id: self.kb.regimens[r.regimen_id].said for r in recs}
        lines: dict[str, list[OrderReason]] = {r: [] for r in shown}
        edges = self._guideline_edges(shown, names, lines, fact, derived, as_of)
        edges = self._trial_edges(shown, names, lines, edges, fact, derived, as_of)
        order = sorted_options(recs, edges, self._rank)
        self._fallback(order, edges, names, lines)
        return tuple(r.regimen_id for r in order), {r: [self._one(x) for x in xs] for r, xs in lines.items()}

    def _one(self, reason: OrderReason) -> OrderReason:
        """One object for each reason, shared by every order that gives it (a reason is ~1 kB: an order held ~10
        kB of its own)."""
        key = tuple(tuple(v) if isinstance(v, list) else v for v in reason.__dict__.values())
        return self._reasons.get(key, lambda: reason)

    def _guideline_edges(
        self,
        shown: dict[str, Recommendation],
        names: dict[str, str],
        lines: dict[str, list[OrderReason]],
        fact: Fact,
        derived: AbstractSet[str],
        as_of: dt.date,
    ) -> list[Edge]:
        edges: list[Edge] = []
        for position in self.kb.ordering.positions:
            guideline = self.kb.ordering.guidelines[position.guideline]
            fits = self._holds(position.applies, fact, derived) if self._in_force(guideline, as_of) else None
            if fits is None:
                continue
            named = [r for r in position.regimens if r in shown]
            if position.kind == "listed_first":
                named = named[:1] if named and named[0] == position.regimens[0] else []
            for regimen in named:
                reason = _guideline_reason(self.kb.words.order, position, guideline, fits)
                lines[regimen].append(reason)
                if position.kind == "no_preference":
                    continue
                tier = _TIER[shown[regimen].status]
                words = self.kb.words.order
                under = words.say(
                    "below_guideline",
                    other=names[regimen],
                    guideline=guideline.name,
                    position=words.position[position.kind].under,
                    condition=position.condition,
                    only_if=words.only_if(fits.only_if),
                )
                for other in shown:
                    if other not in named and _TIER[shown[other].status] == tier:
                        edges.append(Edge(regimen, other, reason, guideline.published, True, under))
        return edges

    def _trial_edges(
        self,
        shown: dict[str, Recommendation],
        names: dict[str, str],
        lines: dict[str, list[OrderReason]],
        edges: list[Edge],
        fact: Fact,
        derived: AbstractSet[str],
        as_of: dt.date,
    ) -> list[Edge]:
        """Each head-to-head win public on the date; against a guideline's opposite order, the later one wins."""
        for trial, study, finding in self._trials:
            w, loser = trial.winner, trial.loser
            if w not in shown or loser not in shown or self._public[trial.id] > as_of:
                continue
            if _TIER[shown[w].status] != _TIER[shown[loser].status]:
                continue
            fits = self._holds(trial.applies, fact, derived)
            if fits is None:
                continue
            against = [e for e in edges if e.guideline and (e.winner, e.loser) == (loser, w)]
            if any(e.day >= self._public[trial.id] for e in against):
                continue  # the guideline weighed the trial: its order stands
            words = self.kb.words.order
            said = {
                "study": study.name,
                "endpoint": finding.endpoint[:1].lower() + finding.endpoint[1:],
                "only_if": words.only_if(fits.only_if),
            }
            # each guideline once, the oldest first: the order a teacher tells them in, the same on every run
            olds = dict.fromkeys(self.kb.ordering.guidelines[e.reason.source].name for e in sorted(against, key=_aged))
            predates = "".join(words.say("predated", guideline=old) for old in olds)
            text = words.say("trial", other=names[loser], predates=predates, **said)
            reason = OrderReason(
                kind="head_to_head", text=text, regimens=[loser], source=trial.finding, conditional=bool(fits.only_if)
            )
            lines[w].append(reason)
            for e in against:  # the guideline's own line says the trial came after it
                later = words.say("predates", study=study.name)
                lines[loser] = [
                    r.model_copy(update={"text": r.text + later}) if r == e.reason and later not in r.text else r
                    for r in lines[loser]
                ]
            edges = [e for e in edges if e not in against]
            under = words.say("below_trial", other=names[w], **said)
            edges.append(Edge(w, loser, reason, self._public[trial.id], False, under))
        return edges

    def _fallback(
        self,
        order: list[Recommendation],
        edges: list[Edge],
        names: dict[str, str],
        lines: dict[str, list[OrderReason]],
    ) -> None:
        """Where no guideline or trial places an option against the one before it, say what does, or that
        nothing does (in the knowledge base's words: [order] in rules/case-words.toml)."""
        words = self.kb.words.order
        above_all = reach(edges)
        placed: list[str] = []
        for i, rec in enumerate(order):
            me = rec.regimen_id
            own = [r for r in lines[me] if r.kind in ("guideline", "head_to_head")]
            if i == 0:
                if not own:
                    lines[me].append(OrderReason(kind="status", text=words.first))
                placed.append(me)
                continue
            prev = order[i - 1]
            winners = [e for e in edges if e.loser == me and e.winner in placed]
            above = max(winners, key=lambda e: (placed.index(e.winner), not e.guideline), default=None)
            if me in above_all.get(prev.regimen_id, set()):
                if not own and above is not None:
                    lines[me].append(_below(above))
            elif status_class(prev) != status_class(rec) and not own:
                text = words.after[ORDER_CLASSES[status_class(rec)]]
                lines[me].append(OrderReason(kind="status", text=text))
            elif prev.regimen_id not in above_all.get(me, set()):
                text = words.unordered.format(other=names[prev.regimen_id])
                lines[me].append(OrderReason(kind="unordered", text=text, regimens=[prev.regimen_id]))
            placed.append(me)


def _below(edge: Edge) -> OrderReason:
    """An option placed under another by a trial or a guideline, said from its own side."""
    return OrderReason(kind="below", text=edge.under, regimens=[edge.winner], source=edge.reason.source)


def _guideline_reason(words: OrderWords, position: Position, guideline: Guideline, fits: Applies) -> OrderReason:
    text = words.say(
        "guideline",
        position=words.position[position.kind].said,
        condition=position.condition,
        guideline=guideline.name,
        secondary=words.say("secondary") if guideline.secondary else "",
        only_if=words.only_if(fits.only_if),
    )
    return OrderReason(
        kind="options" if position.kind == "no_preference" else "guideline",
        text=text,
        source=guideline.id,
        quote=position.quote,
        conditional=bool(fits.only_if),
        secondary=guideline.secondary,
    )


def _aged(edge: Edge) -> tuple[dt.date, str]:
    """A guideline's edge by its day, then its guideline's id: guidelines said oldest first."""
    return edge.day, edge.reason.source
