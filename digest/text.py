"""Small text helpers shared by the cleaning stages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

SENTENCE_PUNCT = re.compile(r"[。,，;；!！?？:：、]")
SENTENCE_END = re.compile(r"[。!?！？…]")
SENTENCE_STOP = re.compile(r"[。！？!?]")  # a full stop, question or exclamation mark (no ellipsis)
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
LETTER = re.compile(r"[^\W_]")  # a letter or digit of any script
_NON_TEXT = re.compile(r"[\s\W_]+")


@lru_cache(maxsize=1 << 14)  # the cleaner keys the same lines several times (segment, repeats, leftovers)
def compact(text: str) -> str:
    """Text without spaces and punctuation, for repeat detection."""
    return _NON_TEXT.sub("", text).lower()


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the given (sorted, non-overlapping) spans."""
    pieces, last = [], 0
    for a, b in spans:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


def clause_bounds(text: str, start: int, end: int, stop: re.Pattern[str]) -> tuple[int, int]:
    """Bounds of the clause around text[start:end]: from after the last `stop` mark before
    it to the first one after it (or the text's ends)."""
    edge = stop.search(text, end)
    return max((m.end() for m in stop.finditer(text, 0, start)), default=0), edge.start() if edge else len(text)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def valid_day(y: int, m: int, d: int) -> bool:
    """A day of the calendar (2024-02-30 is none)."""
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


STATED_YEARS = (1990, 2100)  # years a page's stated publication day may have


def stated_day(year: int, month: int, day: int) -> str | None:
    """"YYYY-MM-DD" of a day a page states (a header's, a sheet's date cell), when it is a day
    of the calendar within STATED_YEARS; else None."""
    if not (STATED_YEARS[0] <= year <= STATED_YEARS[1] and valid_day(year, month, day)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def trie_regex(terms: Iterable[str]) -> str:
    """One regex for many literal terms, shaped as a trie (澳门|澳彩 → 澳(?:门|彩)), so
    Python's engine tries a handful of branches per position instead of every term.
    Longer terms win over their prefixes, as with a longest-first alternation."""
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)
