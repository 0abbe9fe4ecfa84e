"""Values made from shared objects, kept by object identity between the builds of a
resident session (`make serve`).

A resident session's unchanged inputs, drafts and articles are the same objects from one
build to the next (cache values: no stage changes one), so whatever a build derives from
one of them alone is the same while it is. `Cache.remember` keeps such values one at a
time, comparing a tuple of inputs and recording the entry as used: at 10k articles a
table of 10k of them cost an add-one rebuild more than the few values it makes. Here a
whole table is one entry of the session, looked up by `id` and checked by `is`; a build
keeps only the objects it saw, so the table never outgrows the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def by_identity(store: Any, name: str, items: Iterable[Any], make: Callable[[Any], T]) -> list[T]:
    """`[make(x) for x in items]`, where an `x` that is the same object as in the previous
    build of a resident session (`store`: its Cache, with memory) gets the previous value.
    `name` names the table (and everything `make` depends on besides `x`)."""
    if store.memory is None:  # one build: nothing to keep
        return [make(x) for x in items]
    table: dict[str, Any] = store.remember("by-identity", name, (), dict)  # the same dict all session
    before: dict[int, tuple[Any, T]] = table.get("kept", {})
    now: dict[int, tuple[Any, T]] = {}
    out = []
    for x in items:
        hit = before.get(id(x))
        if hit is None or hit[0] is not x:  # (an entry holds its object: its id is not reused meanwhile)
            hit = (x, make(x))
        now[id(x)] = hit
        out.append(hit[1])
    table["kept"] = now
    return out
