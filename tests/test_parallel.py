"""--jobs N gives the same site as --jobs 1; one bad document never stops a stage."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from digest import render
from digest.build import BuildOptions, StageLog, assemble
from digest.cache import Cache
from digest.executor import MIN_PARALLEL, StageFailure, cached_map, iter_documents, map_documents
from digest.render import render_site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_jobs_2_builds_the_same_site_as_jobs_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a small site renders in the parent (RENDER_MIN_PARALLEL): here its pages go to the pool too
    monkeypatch.setattr(render, "RENDER_MIN_PARALLEL", MIN_PARALLEL)
    content = tmp_path / "content"
    content.mkdir()
    files = generate(MIN_PARALLEL * 2, seed=11)  # enough documents for the pool to be used
    for name, data, _ in files:
        (content / name).write_bytes(data)
    for jobs in (1, 2):
        options = BuildOptions(content=content, out=tmp_path / f"site{jobs}", cache=None, jobs=jobs, search=False, quiet=True)
        render_site(assemble(options, StageLog(quiet=True), Cache(None)), options)
    one, two = tree(tmp_path / "site1"), tree(tmp_path / "site2")
    assert sorted(one) == sorted(two)
    assert [k for k in one if one[k] != two[k]] == []


@dataclass
class Doc:
    path: str
    value: int


def work(doc: Doc, offset: int) -> int:
    if doc.value == 3:
        raise ValueError("bad input\nsecond line is not shown")
    if doc.value == 5:
        end = time.process_time() + 20  # burns CPU: interrupted by the time budget long before
        while time.process_time() < end:
            pass
    if doc.value == 7:
        time.sleep(1)  # waits (a slow disk, a busy machine): no CPU spent, so within a 0.5 s budget
    return doc.value + offset


@dataclass
class Opts:
    jobs: int
    time_budget: float | None = 0.5


def test_results_keep_input_order_and_failures_are_rejections() -> None:
    docs = [Doc(f"d{i}", i) for i in range(MIN_PARALLEL + 4)]
    for jobs in (1, 2):
        ticks: list[int] = []
        out = map_documents(work, docs, Opts(jobs), 100, progress=ticks.append)
        assert sum(ticks) == len(docs)
        for doc, result in zip(docs, out, strict=True):
            if doc.value == 3:
                assert isinstance(result, StageFailure) and result.path == "d3"
                assert result.reason == "work failed: ValueError: bad input"
            elif doc.value == 5:
                assert isinstance(result, StageFailure) and result.reason.startswith("time budget exceeded")
                assert "CPU s" in result.reason
            else:
                assert result == doc.value + 100


def test_failures_are_not_cached(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    docs = [Doc("a", 1), Doc("b", 3)]
    keys = ["a" * 64, "b" * 64]
    first = cached_map(work, docs, keys, store, "t", Opts(1), 0)
    assert first[0] == 1 and isinstance(first[1], StageFailure)
    store.stats.clear()
    cached_map(work, docs, keys, store, "t", Opts(1), 0)
    assert store.stats["t"].hits == 1 and store.stats["t"].misses == 1


def slow_double(doc: Doc) -> int:
    time.sleep(0.01)
    return doc.value * 2


def test_meanwhile_runs_once_in_this_process_before_the_first_result() -> None:
    docs = [Doc(f"d{i}", i) for i in range(MIN_PARALLEL + 4)]
    for jobs, n in ((1, len(docs)), (2, len(docs)), (2, 2)):  # serial, pool, too few for a pool
        seen: list[object] = []
        results = iter_documents(slow_double, docs[:n], Opts(jobs, None), meanwhile=lambda s=seen: s.append(os.getpid()))
        assert seen == []  # nothing runs before the caller asks for results
        first = next(results)
        assert seen == [os.getpid()] and first == 0
        assert list(results) == [d.value * 2 for d in docs[1:n]]
        assert seen == [os.getpid()]


def pid_of(doc: Doc) -> int:
    return os.getpid()


def test_min_parallel_keeps_short_lists_in_this_process() -> None:
    docs = [Doc(f"d{i}", i) for i in range(MIN_PARALLEL + 4)]
    pooled = set(map_documents(pid_of, docs, Opts(2, None)))
    assert os.getpid() not in pooled  # enough documents: the workers do them
    kept = list(iter_documents(pid_of, docs, Opts(2, None), min_parallel=len(docs) + 1))
    assert kept == [os.getpid()] * len(docs)
