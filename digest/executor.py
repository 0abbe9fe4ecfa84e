"""Run a pure per-document stage over many documents: in-process or in a process pool,
through the content-addressed cache, each document under a time budget.

Stages stay plain functions of (document, *shared) so that a distributed runner (Ray,
Dask) would only need another `map_documents` (docs/scaling.md); results keep input
order, so `--jobs N` gives the same output as `--jobs 1`.

One bad input never stops the build: an exception in a stage, or a stage running past
its time budget, turns that document into a `StageFailure` (a `Rejection` with the
exception's one-line message) and the build goes on. The budget counts the CPU seconds
the process spends on the document (ITIMER_PROF), not wall time: a runaway pattern burns
CPU, while a machine busy with other work (or a slow disk) would otherwise reject good
inputs, and the same inputs would build differently on a loaded machine.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from .cache import MISSING, WORKER_WRITTEN, Cache
from .ingest import Rejection

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 16  # below this, starting workers costs more than it saves
DEFAULT_BUDGET = 30.0  # CPU seconds one document may spend in one stage


@dataclass
class StageFailure(Rejection):
    """A document the stage could not process (crash or time budget); never cached."""


class BudgetExceeded(BaseException):
    # BaseException, so a stage's own `except Exception` cannot swallow the deadline.
    pass


Progress = Callable[[int], None]

# The function and shared arguments of the running stage. Set before the pool forks, so
# workers inherit them instead of unpickling the taxonomy or the common-line set per chunk.
_CURRENT: tuple[Callable[..., Any], tuple[Any, ...], float | None] | None = None
# The cache and namespace the running stage's workers write their results to (see
# iter_documents' `store`).
_STORE: tuple[Cache, str] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_documents(
    fn: Callable[..., R], items: Sequence[T], options: Any, *shared: Any, progress: Progress | None = None
) -> list[R | StageFailure]:
    """`[fn(item, *shared) for item in items]`, in parallel when `options.jobs` > 1."""
    return list(iter_documents(fn, items, options, *shared, progress=progress))


def iter_documents(
    fn: Callable[..., R], items: Sequence[T], options: Any, *shared: Any, progress: Progress | None = None,
    chunk: int | None = None, meanwhile: Callable[[], None] | None = None, min_parallel: int = MIN_PARALLEL,
    store: tuple[Cache, str, Sequence[str]] | None = None,
) -> Iterator[R | StageFailure]:
    """map_documents as results come back, in input order: the caller works on the first
    results (the renderer writes pages) while the workers compute the next. Items go to
    workers in chunks of `chunk` consecutive items (default: about eight per worker).
    `meanwhile()` runs in this process before the first result, once the workers have
    their items (first of all when there is no pool). Fewer than `min_parallel` items run
    in this process. `store` (cache, namespace, one key per item): each result but a
    failure is put in the cache under its key, by the worker that made it (see
    `_run_stored`)."""
    global _CURRENT, _STORE
    jobs = max(1, int(getattr(options, "jobs", 1) or 1))
    budget = getattr(options, "time_budget", DEFAULT_BUDGET)
    _CURRENT = (fn, shared, budget)
    if store is not None and store[0].root is None:
        store = None  # caching off: nothing to write
    try:
        if jobs == 1 or len(items) < min_parallel or _fork_context() is None:
            if meanwhile is not None:
                meanwhile()
            for n, item in enumerate(items):
                result = _run_current(item)
                if store is not None and not isinstance(result, StageFailure):
                    store[0].put(store[1], store[2][n], result)
                yield result
                if progress:
                    progress(1)
            return
        chunk = chunk or max(1, min(64, len(items) // (jobs * 8)))
        # Objects made so far stay out of the collector's sight in the workers too: a
        # collection there would write to every object's header and copy the parent's
        # pages (copy-on-write) for nothing. The build unfreezes them at its end.
        gc.freeze()
        worker_writes = store is not None and store[1] in WORKER_WRITTEN
        if worker_writes:
            assert store is not None
            # keyed items: the workers write the cache entries (pickling and hashing ~1 GB
            # of results at 10k was this process's, serial, after each pool); this process
            # only takes note of them (Cache.adopt)
            _STORE = (store[0], store[1])
            work: Callable[[Any], Any] = _run_stored
            items = list(zip(items, store[2], strict=True))
        else:
            work = _run_current
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context()) as pool:
            results = pool.map(work, items, chunksize=chunk)  # submits them all
            if meanwhile is not None:
                meanwhile()
            for n, result in enumerate(results):
                if store is not None and not isinstance(result, StageFailure):
                    if worker_writes:
                        store[0].adopt(store[1], store[2][n], result)
                    else:
                        store[0].put(store[1], store[2][n], result)
                yield result
                if progress:
                    progress(1)
    finally:
        _CURRENT = None
        _STORE = None


def cached_map(
    fn: Callable[..., R],
    items: Sequence[T],
    keys: Sequence[str],
    cache: Cache,
    namespace: str,
    options: Any,
    *shared: Any,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[R | StageFailure]:
    """`map_documents`, but items whose key is in the cache are not recomputed.

    Results are stored under their key unless they are failures: a crash or a timeout may
    depend on the machine or on a bug about to be fixed, so it is retried next build.
    `meanwhile`: as `iter_documents`', run only when there is something to compute.
    """
    results: list[Any] = cache.get_many(namespace, keys)
    for i, result in iter_cached(fn, items, keys, cache, namespace, options, *shared, progress=progress,
                                 meanwhile=meanwhile, found=results):
        results[i] = result
    return results


def iter_cached(
    fn: Callable[..., R],
    items: Sequence[T],
    keys: Sequence[str],
    cache: Cache,
    namespace: str,
    options: Any,
    *shared: Any,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
    found: list[Any] | None = None,
) -> Iterator[tuple[int, R | StageFailure]]:
    """`cached_map`'s computed results, (index, result) in input order as they come back:
    the caller works on each while the workers compute the next. `found`: the cache's
    value (or MISSING) of each key, when the caller has looked them up already."""
    if found is None:
        found = cache.get_many(namespace, keys)
    todo = [i for i, r in enumerate(found) if r is MISSING]
    if progress and len(todo) < len(items):
        progress(len(items) - len(todo))
    fresh = iter_documents(fn, [items[i] for i in todo], options, *shared, progress=progress,
                           store=(cache, namespace, [keys[i] for i in todo]), meanwhile=meanwhile if todo else None)
    yield from zip(todo, fresh, strict=True)


def _fork_context() -> Any:
    # fork keeps what the parent loaded (jieba's dictionary with the taxonomy's words) in
    # every worker; with spawn, workers would tokenize differently from --jobs 1.
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _run_current(item: Any) -> Any:
    assert _CURRENT is not None
    fn, shared, budget = _CURRENT
    return run_guarded(fn, item, shared, budget)


def _run_stored(keyed: tuple[Any, str]) -> Any:
    """In a worker: the stage's result for (item, key), written to the cache under its key
    unless it is a failure (outside the time budget: a slow disk rejects no input)."""
    assert _STORE is not None
    item, key = keyed
    result = _run_current(item)
    if not isinstance(result, StageFailure):
        _STORE[0].store(_STORE[1], key, result)
    return result


def run_guarded(fn: Callable[..., R], item: Any, shared: tuple[Any, ...] = (), budget: float | None = DEFAULT_BUDGET) -> R | StageFailure:
    """fn(item, *shared), turning an exception or a blown time budget into a StageFailure."""
    path = str(getattr(item, "path", getattr(item, "key", "?")))
    alarm = bool(budget) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous: Any = None
    if alarm:
        previous = signal.signal(signal.SIGPROF, _on_alarm)
        signal.setitimer(signal.ITIMER_PROF, float(budget))  # type: ignore[arg-type]
    try:
        return fn(item, *shared)
    except BudgetExceeded:
        return StageFailure(path, f"time budget exceeded ({budget:g} CPU s in {_name(fn)})")
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        return StageFailure(path, f"{_name(fn)} failed: {type(exc).__name__}: {first}".rstrip(": "))
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)


def _on_alarm(signum: int, frame: Any) -> None:
    raise BudgetExceeded


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", "stage")
