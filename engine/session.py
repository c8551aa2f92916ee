"""Run one case in its own durable-rules session, guarding against the library's silent traps.

- One host per engine, never the global one, with its background threads disabled: with them
  running, a concurrent request can be truncated or the process can segfault.
- One live session per host at a time (a lock), with a fresh id per evaluation, deleted exactly
  once in `finally`: session ids are found by a 32-bit hash (two live ids could share a session)
  and undeleted sessions exhaust memory at 1,025.
- The case is asserted as a fact (an event would fire only one rule), and the compiled ruleset always
  has a rule taking in every case (engine/compile.py): deleting the session of a case no rule took in
  crashes the process.
- Actions catch their own exceptions (durable-rules would swallow them into the state) and are
  idempotent (a derived fact is asserted once however many rules derive it).
- `set_rulesets` mutates its argument, so it gets a deep copy.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from durable import engine as durable_engine

from engine.compile import ERA, MARKER_FACT, MARKER_RULE, compile_rulebook, ruleset_name
from engine.rulebook import Rulebook
from engine.semantics import DATE_FACT


class EngineError(RuntimeError):
    """The rule engine failed internally: never a silent partial answer."""


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host without its dispatcher and timer threads (we use no timers)."""

    def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
        self._actions = actions
        super().__init__()

    def _run(self) -> None:
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions[action_name]


@dataclass
class Firing:
    """What one evaluation fired: rule ids in order, the facts each matched, derived facts."""

    fired: list[str] = field(default_factory=list)
    matched: dict[str, dict[str, Any]] = field(default_factory=dict)
    derived: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    key: tuple[object, ...] = ()  # the class of case it holds for (engine/firing.py): () for one session's own


class DurableRunner:
    """Evaluates case facts against the compiled rulebook in fresh, serialized sessions."""

    def __init__(self, rulebook: Rulebook) -> None:
        self._rulebook = rulebook
        self._name = ruleset_name(rulebook)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._current: Firing | None = None
        self.live_sessions = 0
        actions = {r.id: self._action_for(r.id, r.rule.derive) for r in rulebook.rules}
        actions[MARKER_RULE] = self._marker_action
        self._host = _QuietHost(actions)
        self._host.set_rulesets(copy.deepcopy(compile_rulebook(rulebook)))

    def _record(self, rule_id: str, c: Any) -> Firing:
        firing = self._current
        if firing is None:
            raise EngineError(f"rule {rule_id} fired outside an evaluation")
        if rule_id not in firing.matched:
            firing.fired.append(rule_id)
            firing.matched[rule_id] = {k: v for k, v in dict(c.case._d).items() if k not in ("sid", "id", "t", ERA)}
        return firing

    def _action_for(self, rule_id: str, derive: str | None) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            try:
                firing = self._record(rule_id, c)
                if derive is not None and derive not in firing.derived:
                    firing.derived.append(derive)
                    # no rule consuming the derived fact is not an error: nothing more follows from it
                    with contextlib.suppress(durable_engine.MessageNotHandledException):
                        c.assert_fact({"t": "derived", "name": derive})
            except Exception as exc:  # durable-rules would swallow it into the session state
                if self._current is not None:
                    self._current.errors.append(f"{rule_id}: {type(exc).__name__}: {exc}")

        return action

    def _marker_action(self, c: Any) -> None:
        try:
            with contextlib.suppress(durable_engine.MessageNotHandledException):
                c.assert_fact(dict(MARKER_FACT))
        except Exception as exc:
            if self._current is not None:
                self._current.errors.append(f"{MARKER_RULE}: {type(exc).__name__}: {exc}")

    def run(self, fact: dict[str, Any]) -> Firing:
        """Assert the case in a fresh session, collect what fired, delete the session."""
        with self._lock:
            sid = f"e{next(self._ids)}"
            firing = Firing()
            self._current = firing
            self.live_sessions += 1
            try:
                # MessageNotHandledException means no rule applies: an empty answer, not an error
                with contextlib.suppress(durable_engine.MessageNotHandledException):
                    # without a date no dated rule may match, as in the plain predicates
                    era = self._rulebook.era(int(fact[DATE_FACT])) if DATE_FACT in fact else -2
                    self._host.assert_fact(self._name, {**fact, ERA: era, "t": "case", "sid": sid})
                state = self._host.get_state(self._name, sid)
                if "exception" in state:
                    firing.errors.append(str(state["exception"]))
            except Exception as exc:  # durable's own errors (e.g. 204, a fact it cannot parse)
                firing.errors.append(f"durable-rules: {type(exc).__name__}: {exc}")
            finally:
                self._current = None
                try:
                    self._host.delete_state(self._name, sid)
                except Exception as exc:
                    # error 309 when the session never came to exist: keep the first error, not this one
                    if not firing.errors:
                        firing.errors.append(f"durable-rules delete_state: {type(exc).__name__}: {exc}")
                self.live_sessions -= 1
        if firing.errors:
            raise EngineError("; ".join(firing.errors))
        return firing
