"""Parts made once for a key and shared: the engine's bounded store for what many answers read alike."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar, TypeVarTuple

# the parts many classes' answers share ("why not" entries, the rules that fired, orders, their JSON), each store
# keeping at most this many and starting afresh when full: a worker's memory stays flat under distinct cases
# (benchmarks/memory.py), and sharing saves time only, never changes an answer
SHARED_SIZE = 1024


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class Kept(Generic[K, V]):
    """Parts made once for a key and shared by every answer that reads the same: at most SIZE of them, all let
    go when full (sharing saves time only and never changes an answer). Not locked: two threads may both make a
    part, the same either way."""

    SIZE = SHARED_SIZE

    def __init__(self, scale: float = 1) -> None:
        self._parts: dict[K, V] = {}
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

    def each(self, items: Iterable[T], key: Callable[[T], K], make: Callable[[T], V]) -> list[V]:
        """The part kept for each item's key, made from the item where none is: one call for a list of items,
        on paths where a call for each item costs more than the look-up."""
        found = self._parts.get
        parts: list[V] = []
        for item in items:
            k = key(item)
            part = found(k)
            parts.append(self.get(k, make, item) if part is None else part)
        return parts

    def clear(self) -> None:
        """Let every part go (a benchmark's round that must make them afresh)."""
        self._parts.clear()

    def __len__(self) -> int:
        return len(self._parts)
