"""Run a pure per-document stage over many documents: in-process or in a process pool.

Stages stay plain functions of (document, *shared) so that a distributed runner (Ray,
Dask) would only need another `map_documents`; results keep input order, so `--jobs N`
gives the same output as `--jobs 1`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 8  # below this, starting workers costs more than it saves


def map_documents(fn: Callable[..., R], items: Sequence[T], options: Any, *shared: Any) -> list[R]:
    jobs = max(1, int(getattr(options, "jobs", 1) or 1))
    call = partial(fn, *()) if not shared else partial(_apply, fn, shared)
    if jobs == 1 or len(items) < MIN_PARALLEL:
        return [call(item) for item in items]
    chunk = max(1, len(items) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(call, items, chunksize=chunk))


def _apply(fn: Callable[..., R], shared: tuple[Any, ...], item: Any) -> R:
    return fn(item, *shared)
