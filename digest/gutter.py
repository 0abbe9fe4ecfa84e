"""A line-number gutter copied with the text (a paste site's or code viewer's view page, a
diff, a PDF with numbered lines): every line of a run opens with its number, the numbers
counting up by one, empty lines numbered too. The numbers are the viewer's, not the text's:
they come off (recorded as chrome) before the text is normalized, so a paragraph reads as
it was pasted and an empty numbered line separates paragraphs again.

Detection is by the run, not by any number: a news list numbered "1.", "2." has a mark after
each number and no numbered empty lines, and a run must be GUTTER_MIN_RUN lines long.

A code host's diff view puts a unified diff's mark after the number (`  12  +text`): when every
line of a run carries one (`+`, `-` or a space, then the text or nothing), the marks are the
viewer's too. They come off with the numbers; a line marked `-` is the old version's, which the
page shows struck out, and goes whole (recorded); a line holding only its mark is empty. The
review thread a code host shows between two lines of a diff sits between two runs whose numbers
run on (…, 18 | comments | 19, …): those lines are no line of the file, and go as comments. The
same holds for a bare unified diff, the run then counted by its hunk header
(`@@ -a,b +c,d @@`): the header tells how many lines of each side follow.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .model import Removal

# a number at the line start (right-aligned as `cat -n` and `nl` print it: 6 columns, a tab),
# then a gap (two spaces, a tab, a bar) or nothing; no list mark after it
_NUMBERED = re.compile(r"^([ \t]{0,8}(\d{1,5}))(?:(?:\s{2,}|\t|\s*[|│┃]\s?)(?=\S)|\s*$)")
GUTTER_MIN_RUN = 5
GUTTER_EMPTY_MIN = 1  # numbered empty lines a run must hold (a list's items are never empty)
_DIFF_MARK = re.compile(r"^[+\- ](?=\S|$)")  # a unified diff's mark: added, removed, context
DIFF_MARKED_SHARE = 0.9  # lines of a run that carry a mark for the run to be a diff's
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
INTERLEAVED_MAX = 16  # lines between two runs whose numbers run on that are a review thread
HUNK_LINES_MIN = 3  # lines a hunk must hold for its marks to be read as a diff's


def _diff_marked(texts: list[str]) -> bool:
    """Every (or nearly every) line opens with a unified diff's mark, and some with `+` or `-`."""
    marked = sum(1 for t in texts if not t or _DIFF_MARK.match(t))  # (an empty context line lost its space)
    changed = sum(1 for t in texts if t[:1] in "+-")
    return changed > 0 and marked >= DIFF_MARKED_SHARE * len(texts)


def _unmark(lines: list[str], k: int, removals: list[Removal]) -> None:
    """Take a diff's mark off line k; a removed line (the old version's) goes whole."""
    text = lines[k]
    if text.startswith("-"):
        removals.append(Removal("chrome", text[1:], "diff-removed-line", k + 1))
        lines[k] = ""
    elif _DIFF_MARK.match(text):
        lines[k] = text[1:]


def _run_texts(lines: list[str], a: int, b: int) -> list[str]:
    """The lines of a run without their numbers and the gap after them. A gap of spaces is as
    wide as on the run's narrowest-gapped line: a diff's context line keeps its space mark."""
    starts = [_NUMBERED.match(lines[k]).end(1) for k in range(a, b)]  # type: ignore[union-attr]
    rests = [lines[k][s:] for k, s in zip(range(a, b), starts, strict=True)]
    filled = [r for r in rests if r.strip()]
    if filled and all(r[:1] == " " for r in filled):
        gap = min(len(r) - len(r.lstrip(" ")) for r in filled)
        return [r[gap:] if r.strip() else "" for r in rests]
    return [lines[k][_NUMBERED.match(lines[k]).end() :] for k in range(a, b)]  # type: ignore[union-attr]


def _runs(lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """Spans [a, b) of lines numbered n, n+1, n+2, … (GUTTER_MIN_RUN lines or more, with a
    numbered empty line among them), each with its lines' texts (`_run_texts`)."""
    runs: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(lines):
        m = _NUMBERED.match(lines[i])
        if not m:
            i += 1
            continue
        j, n = i + 1, int(m.group(2))
        while j < len(lines) and (mj := _NUMBERED.match(lines[j])) and int(mj.group(2)) == n + (j - i):
            j += 1
        texts = _run_texts(lines, i, j)
        unmarked = [t[1:] if _DIFF_MARK.match(t) else t for t in texts] if _diff_marked(texts) else texts
        empty = sum(1 for t in unmarked if not t.strip())
        if j - i >= GUTTER_MIN_RUN and empty >= GUTTER_EMPTY_MIN:
            runs.append((i, j, texts))
        i = j
    return runs


def _hunks(lines: list[str], removals: list[Removal]) -> None:
    """Bare unified diff hunks: the header goes, the marks of the lines it counts come off."""
    i = 0
    while i < len(lines):
        m = _HUNK.match(lines[i])
        if not m:
            i += 1
            continue
        old, new = int(m.group(1) or 1), int(m.group(2) or 1)
        j, seen_old, seen_new = i + 1, 0, 0
        while j < len(lines) and (seen_old < old or seen_new < new) and (mark := _DIFF_MARK.match(lines[j])):
            seen_old += mark.group() != "+"
            seen_new += mark.group() != "-"
            j += 1
        if j - i - 1 >= HUNK_LINES_MIN and _diff_marked(lines[i + 1 : j]):
            removals.append(Removal("chrome", lines[i], "diff-hunk-header", i + 1))
            lines[i] = ""
            for k in range(i + 1, j):
                _unmark(lines, k, removals)
        i = j


def strip_gutter(text: str) -> tuple[str, list[Removal]]:
    """`text` with the line numbers of every gutter run (and a diff's marks) taken off, and
    their record."""
    numbered = re.search(r"^[ \t]{0,8}\d{1,5}(?:\s{2,}|\t|\s*$)", text, re.MULTILINE)
    hunked = "@@ -" in text
    if not numbered and not hunked:
        return text, []
    lines = text.split("\n")
    removals: list[Removal] = []
    runs = _runs(lines) if numbered else []
    for (_, b1, _), (a2, _, _) in pairwise(runs):
        last, first = _NUMBERED.match(lines[b1 - 1]), _NUMBERED.match(lines[a2])
        if last and first and int(first.group(2)) == int(last.group(2)) + 1 and a2 - b1 <= INTERLEAVED_MAX:
            for k in range(b1, a2):  # a thread between two lines of the file: not the file's
                if lines[k].strip():
                    removals.append(Removal("comments", lines[k], "gutter-interleaved", k + 1))
                lines[k] = ""
    for a, b, texts in runs:  # the lines between runs changed above, no line inside one
        numbers = [_NUMBERED.match(lines[k]).group(2) for k in range(a, b)]  # type: ignore[union-attr]
        lines[a:b] = texts
        removals.append(Removal("chrome", f"{numbers[0]}–{numbers[-1]}", "line-gutter", a + 1))
        if _diff_marked(lines[a:b]):
            for k in range(a, b):
                _unmark(lines, k, removals)
    if hunked:
        _hunks(lines, removals)
    if not removals:
        return text, []
    return "\n".join(lines), removals
