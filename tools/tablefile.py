"""Write a trained table under rules/, or with --check say whether the committed one is
what training writes now (the train_* tools share this command line)."""

from __future__ import annotations

import argparse
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
