"""The console summary: what the build did with every input, and how long each stage took."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any


def print_summary(corpus: Any, stats: Any, log: Any, quiet: bool = False) -> None:
    if quiet:
        return
    status = Counter(r.status for r in corpus.inputs)
    out = sys.stderr
    for r in corpus.inputs:
        if r.status in ("rejected", "skipped"):
            print(f"  {r.status}: {r.path}: {r.reason}", file=out)
    for w in corpus.warnings:
        print(f"  warning: {w}", file=out)
    total = sum(t for _, t, _ in log.timings)
    print(
        f"summary: {len(corpus.inputs)} inputs: {status['published']} published, {status['merged']} merged, "
        f"{status['rejected']} rejected, {status['skipped']} skipped; {len(corpus.articles)} articles; "
        f"pages {stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed; {total:.2f}s",
        file=out,
    )
