"""Answers remembered only to save time (per process), never needed for correctness."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(dict, Generic[K, V]):  # type: ignore[type-arg]
    """A dict of computed answers that is cleared when it holds `limit` entries: memory stays
    bounded, and a cleared memo only costs the time of computing again."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def answer(self, key: K, compute: Callable[[K], V]) -> V:
        """The remembered answer for `key`, or `compute(key)`, remembered."""
        try:
            return self[key]
        except KeyError:
            if len(self) >= self.limit:
                self.clear()
            done = self[key] = compute(key)
            return done
