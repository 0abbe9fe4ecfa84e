"""How well a line restates an article: the share of its letter pairs (two Chinese
characters, or a character and a Latin word or number, side by side) that the article's
prose also holds. A headline restates the article it heads; a site's, account's or
section's name, a breadcrumb or a masthead mostly does not."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

# a letter unit (a Chinese character, a Latin word or number) or a gap (anything else) between two
_UNIT_OR_GAP = re.compile(r"([\u4e00-\u9fff]|[a-z0-9]+)|[^\u4e00-\u9fffa-z0-9]+")

Pair = tuple[str, str]


def letter_pairs(text: str) -> set[Pair]:
    """The pairs of neighbouring letter units of `text` ("AI芯片" -> (ai, 芯), (芯, 片)); a space
    or a punctuation mark between two units parts them."""
    units = _UNIT_OR_GAP.findall(text.lower())  # a gap reads as ""
    return {(a, b) for a, b in pairwise(units) if a and b}


def prose_pairs(lines: Iterable[str]) -> frozenset[Pair]:
    out: set[Pair] = set()
    for text in lines:
        out |= letter_pairs(text)
    return frozenset(out)


def restatement(text: str, prose: frozenset[Pair]) -> float:
    """Share of `text`'s letter pairs found in the prose (0 for a line without any)."""
    pairs = letter_pairs(text)
    return len(pairs & prose) / len(pairs) if pairs else 0.0
