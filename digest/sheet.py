"""A spreadsheet exported as tab-separated text, read as a feed: one article per row.

A media-monitoring list or a clipping sheet saved as text has one header row of short labels
("序号  采集时间  发布时间  标题  正文  …") and a row per report, the report's whole text in one
cell (quoted when it runs over several lines). Read as lines, each row is one long line of cells
and the cells after the text look like furniture, so the cleaner cut the text with them. The
sheet is told by its structure: at least SHEET_ROWS_MIN rows with the same number of cells
(SHEET_CELLS_MIN or more), a header row whose labels name a title column and a text column
(rules/sheet.yaml), a row whose text cell is prose of SHEET_PROSE_MIN characters or more, and
no prose outside the table (a news article with a labelled table pasted in stays an article).
Each row whose text cell then holds a full sentence becomes a feed item (title, date and
author from their columns);
rows without one (a note, "同上"), the header and the lines around the table are the sheet's
furniture.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache

from .feed import FeedItem
from .model import Removal
from .rules import RULES_DIR, _load
from .text import stated_day

SHEET_ROWS_MIN = 3  # rows of the same width, header included
SHEET_CELLS_MIN = 4  # cells of a row
SHEET_PROSE_MIN = 60  # characters of a text cell that is an article's prose
SHEET_LABEL_MAX = 12  # characters of a header label
SHEET_ROW_MIN = 12  # characters of a text cell holding a full sentence: a row of a recognised sheet
OUTSIDE_PROSE_MIN = 30  # characters of a line outside the table that is an article's own prose
_TAB_LINES_MIN = 3  # lines with SHEET_CELLS_MIN - 1 tabs or more, checked before parsing
_SENTENCE = re.compile(r"[。！？!?]")
_NOTE = re.compile(r"[（(【\[][^（(【\[）)】\]]{0,20}[）)】\]]")
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_TIME = re.compile(r"\b(\d{1,2}:\d{2}(?::\d{2})?)\b")


@lru_cache(maxsize=1)
def _columns() -> dict[str, frozenset[str]]:
    data = _load("sheet.yaml", RULES_DIR)["columns"]
    return {role: frozenset(str(w).lower() for w in spec["words"]) for role, spec in data.items()}


def _label(cell: str) -> str:
    return re.sub(r"\s+", "", _NOTE.sub("", cell)).lower()


def _roles(header: list[str]) -> dict[str, int]:
    """Column index of each role a header cell names (the first such column)."""
    out: dict[str, int] = {}
    for role, words in _columns().items():
        for k, cell in enumerate(header):
            if _label(cell) in words:
                out[role] = k
                break
    return out


def _prose(cell: str) -> bool:
    return len(cell.strip()) >= SHEET_PROSE_MIN and bool(_SENTENCE.search(cell))


def _sentence(cell: str) -> bool:
    """A recognised sheet's row is an article when its text cell holds a full sentence (a
    one-sentence 快讯 too); SHEET_PROSE_MIN only recognises the sheet."""
    return len(cell.strip()) >= SHEET_ROW_MIN and bool(_SENTENCE.search(cell))


def _article_around(rows: list[list[str]], width: int) -> bool:
    """The table is pasted into an article: a line outside it (not of the table's width) holds
    prose, or the table's rows hold less than half the text."""
    inside = outside = 0
    for row in rows:
        cells = "".join(c.strip() for c in row)
        if len(row) == width:
            inside += len(cells)
            continue
        outside += len(cells)
        if len(cells) >= OUTSIDE_PROSE_MIN and _SENTENCE.search(cells):
            return True
    return inside < outside


def _rows(text: str) -> list[list[str]] | None:
    if sum(1 for ln in text.splitlines() if ln.count("\t") >= SHEET_CELLS_MIN - 1) < _TAB_LINES_MIN:
        return None
    try:
        return list(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter="\t"))
    except csv.Error:
        return None


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and its columns' roles: a row of short labels, one of them a
    title column and one a text column."""
    for h, row in enumerate(rows):
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if len(row) < SHEET_CELLS_MIN or len(filled) < SHEET_CELLS_MIN:
            continue
        if any(len(c) > SHEET_LABEL_MAX or _SENTENCE.search(c) for c in filled):
            continue
        roles = _roles(cells)
        if "title" in roles and "body" in roles:
            return h, roles
    return None


def _day(cell: str) -> tuple[str | None, str | None]:
    m = _DAY.search(cell)
    if not m:
        return None, None
    iso = stated_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if iso is None:
        return None, None
    t = _TIME.search(cell, m.end())
    return iso, t.group(1) if t else None


def read_sheet(text: str) -> tuple[list[Removal], list[FeedItem]] | None:
    """(removals of the sheet's furniture, items) of a tab-separated sheet's text; None when
    the text is not one (see the module's docstring)."""
    rows = _rows(text)
    if rows is None:
        return None
    found = _header(rows)
    if found is None:
        return None
    h, roles = found
    width = len(rows[h])
    if sum(1 for row in rows if len(row) == width) < SHEET_ROWS_MIN:
        return None
    if _article_around(rows, width):
        return None
    body_col = roles["body"]
    if not any(len(row) == width and _prose(row[body_col]) for row in rows[h + 1 :]):
        return None
    furniture: list[Removal] = []
    items: list[FeedItem] = []
    for r, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if r <= h or len(row) != width or not _sentence(cells[body_col]):
            furniture.extend(Removal("chrome", c, "sheet-cell", 0) for c in cells if c)
            continue
        title = cells[roles["title"]] or None
        date, time = _day(cells[roles["date"]]) if "date" in roles else (None, None)
        author = cells[roles["author"]] or None if "author" in roles else None
        used = {roles[k] for k in roles if k != "body"} | {body_col}
        removals = tuple(Removal("chrome", c, "sheet-cell", 0) for k, c in enumerate(cells) if c and k not in used)
        body = "\n\n".join(p.strip() for p in cells[body_col].splitlines() if p.strip())
        items.append(FeedItem(title, date, time, author, "", body, removals))
    return (furniture, items) if items else None
