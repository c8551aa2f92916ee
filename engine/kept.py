"""Parts made once for a key and shared: the engine's bounded store for what many answers read alike."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, TypeVarTuple

# the parts many classes' answers share ("why not" entries, the rules that fired, orders, their JSON), each store
# keeping at most this many and starting afresh when full: a worker's memory stays flat under distinct cases
# (benchmarks/memory.py), and sharing saves time only, never changes an answer
SHARED_SIZE = 1024


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Ts = TypeVarTuple("Ts")
H = TypeVar("H", bound=Hashable)


class Kept(Generic[K, V]):
    """Parts made once for a key and shared by every answer that reads the same: at most SIZE of them, all let
    go when full (sharing saves time only and never changes an answer). Not locked: two threads may both make a
    part, the same either way."""

    SIZE = SHARED_SIZE

    def __init__(self, scale: float = 1) -> None:
        self._parts: dict[K, V] = {}
        # the part kept for a key, or None: the store's own look-up, for a loop that calls get only on a miss (a
        # call of get costs half again as much as the look-up, on paths that make a few dozen a case)
        self.found: Callable[[K], V | None] = self._parts.get
        # a store of small parts whose keys are many has a larger scale, one of large parts a smaller one
        self.room = max(1, int(self.SIZE * scale))

    def get(self, key: K, make: Callable[[*Ts], V], *args: *Ts) -> V:
        """The part kept for `key`, or `make(*args)` kept now: the maker's arguments given here, not bound in a
        closure, so a hit (the usual case on the answer's path) builds nothing."""
        part = self._parts.get(key)
        if part is None:
            part = make(*args)
            if len(self._parts) >= self.room:
                self.clear()
            self._parts[key] = part
        return part

    def one(self: Kept[H, H], value: H) -> H:
        """The one object kept for values equal to `value`, which is its own key: many equal values, one copy."""
        return self.get(value, _itself, value)

    def clear(self) -> None:
        """Let every part go (a benchmark's round that must make them afresh)."""
        self._parts.clear()

    def __len__(self) -> int:
        return len(self._parts)


def _itself(value: H) -> H:
    """A value kept as it is."""
    return value
