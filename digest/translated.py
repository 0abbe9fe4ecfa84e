"""A page showing a machine translation of its Chinese text (a translation site's result box, a
reader's "translate" panel): lines in Latin letters that restate lines of the page's Chinese
text are the tool's output, not the article's.

A Latin line restates a Chinese one when it carries the same anchors a translation keeps:
the same leading date ("2026-11-20 Source: …" under "2026-11-20 来源：…"), the same figures
(month names read as numbers: "On November 19, … 12 billion" against "11月19日，…12亿元"), or
the same whole-line brackets around a headline ("[…]" against "【…】"). Gated on structure:
TRANSLATED_LINES_MIN such lines, each of LATIN_WORDS_MIN words and no Han letter, so an article
quoting an English sentence, or listing English references, is left as it is. A candidate must
read as prose (PROSE_SHARE_MIN of its tokens plain words, numbers or dates, and no mark of code):
an article's shell commands and code lines carry its figures too (`--num-envs 4096` under
"4096个环境") and are article text."""

from __future__ import annotations

import re

from .split import Line

LATIN_WORDS_MIN = 6
TRANSLATED_LINES_MIN = 2
FIGURES_SHARED_MIN = 2
PROSE_SHARE_MIN = 0.8
# a plain token of prose: a word (with an apostrophe, hyphen or abbreviation dot), a number or a
# date, with the brackets, quotes and punctuation prose puts around it
_PLAIN_TOKEN = re.compile(r"[(\[“\"'‘]*(?:[A-Za-z]+(?:['’.-][A-Za-z]+)*|\d+(?:[-/.,:]\d+)*%?)[)\]”\"'’.,;:!?%]*")
# marks of code or a command line: assignment, identifiers with underscores, braces, pipes,
# shell prompts and comments, options (--flag), scopes (::, ->), empty calls, paths and URLs
_CODE_MARK = re.compile(r"[=_{}<>\\|`]|--|::|->|\(\)|[A-Za-z]/[A-Za-z]|^\s*(?:\$|#|>>>)\s")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")
_NUMBER = re.compile(r"\d+")
_LEADING_DATE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})")
_MONTHS = {m: str(k) for k, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_LATIN_BRACKETED = re.compile(r"^\[[^\[\]]{8,200}\]$")
_HAN_BRACKETED = re.compile(r"^【[^【】]{4,80}】$")


def _figures(text: str) -> list[str]:
    text = _MONTH.sub(lambda m: f" {_MONTHS[m.group(1).lower()]} ", text)
    return [n.lstrip("0") or "0" for n in _NUMBER.findall(text)]


def _latin_line(text: str) -> bool:
    return not _HAN.search(text) and len(_WORD.findall(text)) >= LATIN_WORDS_MIN and _prose(text)


def _prose(text: str) -> bool:
    """The line reads as a sentence of prose, not as code or a command."""
    if _CODE_MARK.search(text):
        return False
    tokens = text.split()
    return sum(1 for t in tokens if _PLAIN_TOKEN.fullmatch(t)) >= PROSE_SHARE_MIN * len(tokens)


def _restates(latin: str, chinese: list[tuple[str, set[str], str | None]]) -> bool:
    lead = _LEADING_DATE.match(latin)
    figures = set(_figures(latin))
    bracketed = bool(_LATIN_BRACKETED.match(latin.strip()))
    for text, han_figures, han_lead in chinese:
        if lead and han_lead == lead.group(1):
            return True
        if len(figures) >= FIGURES_SHARED_MIN and figures <= han_figures:
            return True
        if bracketed and _HAN_BRACKETED.match(text.strip()):
            return True
    return False


def translated_lines(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """Line number -> (kind, rule) of each Latin line restating a Chinese line of the page."""
    candidates = [ln for ln in lines if _latin_line(ln.text)]
    if len(candidates) < TRANSLATED_LINES_MIN:
        return {}
    chinese = []
    for ln in lines:
        if _HAN.search(ln.text):
            lead = _LEADING_DATE.match(ln.text)
            chinese.append((ln.text, set(_figures(ln.text)), lead.group(1) if lead else None))
    found = [ln for ln in candidates if _restates(ln.text, chinese)]
    if len(found) < TRANSLATED_LINES_MIN:
        return {}
    return {ln.no: ("chrome", "translated-copy") for ln in found}
