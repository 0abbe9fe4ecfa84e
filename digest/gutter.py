"""A line-number gutter copied with the text (a paste site's or code viewer's view page, a
diff, a PDF with numbered lines): every line of a run opens with its number, the numbers
counting up by one, empty lines numbered too. The numbers are the viewer's, not the text's:
they come off (recorded as chrome) before the text is normalized, so a paragraph reads as
it was pasted and an empty numbered line separates paragraphs again.

Detection is by the run, not by any number: a news list numbered "1.", "2." has a mark after
each number and no numbered empty lines, and a run must be GUTTER_MIN_RUN lines long.
"""

from __future__ import annotations

import re

from .model import Removal

# a number at the line start (right-aligned as `cat -n` and `nl` print it: 6 columns, a tab),
# then a gap (two spaces, a tab, a bar) or nothing; no list mark after it
_NUMBERED = re.compile(r"^([ \t]{0,8}(\d{1,5}))(?:(?:\s{2,}|\t|\s*[|│┃]\s?)(?=\S)|\s*$)")
GUTTER_MIN_RUN = 5
GUTTER_EMPTY_MIN = 1  # numbered empty lines a run must hold (a list's items are never empty)


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    """Spans [a, b) of lines numbered n, n+1, n+2, … (GUTTER_MIN_RUN lines or more, with a
    numbered empty line among them)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        m = _NUMBERED.match(lines[i])
        if not m:
            i += 1
            continue
        j, n = i + 1, int(m.group(2))
        while j < len(lines) and (mj := _NUMBERED.match(lines[j])) and int(mj.group(2)) == n + (j - i):
            j += 1
        empty = sum(1 for k in range(i, j) if not lines[k][_NUMBERED.match(lines[k]).end() :].strip())  # type: ignore[union-attr]
        if j - i >= GUTTER_MIN_RUN and empty >= GUTTER_EMPTY_MIN:
            runs.append((i, j))
        i = j
    return runs


def strip_gutter(text: str) -> tuple[str, list[Removal]]:
    """`text` with the line numbers of every gutter run taken off, and their record."""
    if not re.search(r"^[ \t]{0,8}\d{1,5}(?:\s{2,}|\t|\s*$)", text, re.MULTILINE):
        return text, []
    lines = text.split("\n")
    runs = _runs(lines)
    if not runs:
        return text, []
    removals: list[Removal] = []
    for a, b in runs:
        numbers = []
        for k in range(a, b):
            m = _NUMBERED.match(lines[k])
            numbers.append(m.group(2))  # type: ignore[union-attr]
            lines[k] = lines[k][m.end() :]  # type: ignore[union-attr]
        removals.append(Removal("chrome", f"{numbers[0]}–{numbers[-1]}", "line-gutter", a + 1))
    return "\n".join(lines), removals
