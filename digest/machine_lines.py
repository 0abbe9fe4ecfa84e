"""Lines a program printed around the text it scraped (issue 4): a crawler's log saved with
the page, a scraped item dumped as a dict. Such lines repeat one format many times with varying
values, which is the signal: a document holding LOG_LINES_MIN lines or more that open with a
clock stamp and name a log severity (rules/machine_lines.yaml) is a log, and each of those
lines is its machinery; a document holding RECORD_FIELDS_MIN lines or more that open with a
quoted key and a colon (`'author': '…',`, `"pub_time": "…",`) is a dumped record, and each
field whose value is no sentence of prose (a name, a number, a stamp, an address, a list of
tags) is the record's frame. A field whose value is prose is left to the other rules (it may
be the article's text, or a comment they know).

An article quoting one log line, or a sentence naming "INFO" or "ERROR", holds neither the
count nor the shape; an article's own "2024-05-01 10:00:00" in a sentence has no severity word
after it."""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import RULES_DIR, _load
from .split import Line
from .text import CJK_CHAR

LOG_LINES_MIN = 3  # stamped lines naming a severity that make a document a log
LOG_STAMP_OFFSET = 24  # characters before the stamp a shell may print ("scrapy : 2026-…")
LOG_LEVEL_WINDOW = 80  # characters after the stamp where the severity is named
RECORD_FIELDS_MIN = 6  # quoted-key field lines that make a document a dumped record
FIELD_PROSE_HAN = 16  # Han letters of a field's value that is a sentence ...
_SENTENCE_MARK = re.compile(r"[。！？!?；;，,]")  # ... with a clause or sentence mark in it

# a clock stamp with seconds, after an optional date ("2026-12-03 09:12:01", "2026/12/03T09:12:01,512")
_STAMP = re.compile(r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]+)?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,6})?")
# a field line of a dumped record: brackets that open the record or a list, then a quoted key
_FIELD = re.compile(r"""^\s*[\[{(]*\s*(['"])([A-Za-z_][\w.-]{0,40})\1\s*:\s*(.*)$""")


@lru_cache(maxsize=4)
def _levels(rules_dir=RULES_DIR) -> re.Pattern[str]:
    words = _load("machine_lines.yaml", rules_dir)["log_levels"]
    alts = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    # a severity word standing alone: not a letter of a longer word on either side
    return re.compile(rf"(?<![A-Za-z\u4e00-\u9fff])(?:{alts})(?![A-Za-z\u4e00-\u9fff])")


def log_line(text: str) -> bool:
    """A log line: a clock stamp near its start, a severity word soon after it."""
    stamp = _STAMP.search(text, 0, LOG_STAMP_OFFSET + 30)
    if stamp is None or stamp.start() > LOG_STAMP_OFFSET:
        return False
    return _levels().search(text, stamp.end(), stamp.end() + LOG_LEVEL_WINDOW) is not None


def _frame_field(text: str) -> bool:
    """A field line of a dumped record whose value is no sentence of prose."""
    m = _FIELD.match(text)
    if m is None:
        return False
    value = m.group(3)
    return not (len(CJK_CHAR.findall(value)) >= FIELD_PROSE_HAN and _SENTENCE_MARK.search(value))


def machine_lines(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """Line number -> (kind, rule) of a log's lines and a dumped record's frame fields."""
    found: dict[int, tuple[str, str]] = {}
    logs = [ln for ln in lines if log_line(ln.text)]
    if len(logs) >= LOG_LINES_MIN:
        found.update((ln.no, ("chrome", "log-line")) for ln in logs)
    fields = [ln for ln in lines if _FIELD.match(ln.text)]
    if len(fields) >= RECORD_FIELDS_MIN:
        found.update((ln.no, ("chrome", "record-field")) for ln in fields if _frame_field(ln.text))
    return found
