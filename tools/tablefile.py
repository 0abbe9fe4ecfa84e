"""Write a trained table under rules/, or with --check say whether the committed one is
what training writes now (the train_* tools share this command line)."""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def main(doc: str | None, table: Path, make: Callable[[], str], header_lines: int, argv: list[str] | None = None) -> int:
    """`make()` is the table's text; `header_lines`: its lines that are not entries."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed table is not what training writes")
    args = ap.parse_args(argv)
    text = make()
    if args.check:
        stale = not table.exists() or table.read_text("utf-8") != text
        print(f"{table}: {'stale' if stale else 'up to date'}")
        return int(stale)
    table.write_text(text, "utf-8")
    print(f"{text.count(chr(10)) - header_lines} grams -> {table}")
    return 0


def log_odds(pos: Counter[str], neg: Counter[str], min_count: int, alpha: float,
             keep: Callable[[str], bool] = lambda g: True) -> dict[str, float]:
    """Smoothed log-odds weight (two decimals) of each gram `keep` lets through and both classes
    together count `min_count` times or more; characters and bigrams are normalised apart, each
    class scaled to the smaller class's mass, `alpha` a pseudo-count of both."""
    totals = {}
    for n in (1, 2):
        n_pos = max(1, sum(c for g, c in pos.items() if len(g) == n))
        n_neg = max(1, sum(c for g, c in neg.items() if len(g) == n))
        totals[n] = (n_pos, n_neg, min(n_pos, n_neg))
    table = {}
    for g in sorted(set(pos) | set(neg)):
        if pos[g] + neg[g] < min_count or not keep(g):
            continue
        n_pos, n_neg, scale = totals[len(g)]
        table[g] = round(math.log((pos[g] / n_pos * scale + alpha) / (neg[g] / n_neg * scale + alpha)), 2)
    return table
