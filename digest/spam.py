"""Spam spans: runs of gambling/porn/SEO lexicon terms (rules/spam.yaml) spliced into
text, found without any one seed's exact phrase."""

from __future__ import annotations

import re

from .rules import SpamRules
from .text import merge_spans

AMOUNT_UNITS = "元块万"


def spam_spans(text: str, rules: SpamRules) -> list[tuple[int, int]]:
    """Spans of gambling/SEO spam: runs of lexicon terms anchored by a strong term.

    One lexicon word alone is often ordinary Chinese (投注精力, 四不像): a run needs a
    strong term and at least one more term glued to it, unless its term is one that is
    spam on its own (rules/spam.yaml `alone`).
    """
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for pat in rules.patterns:
        spans.extend(m.span() for m in pat.regex.finditer(text))
    if not rules.strong_any.search(text):  # fast path: most lines hold no spam word at all
        return [_widen_digits(text, a, b) for a, b in merge_spans(spans)]

    def close() -> None:
        if not run:
            return
        start, end = run[0].start(), run[-1].end()
        words = {m.group(0).lower() for m in run}
        anchored = bool(words & rules.strong) or _holds_strong(text[start:end], rules)
        if (anchored and len(run) >= 2) or words & rules.alone:
            spans.append((start, end))

    for m in rules.run.finditer(text):
        gap = text[run[-1].end() : m.start()] if run else None
        # A lone character is a term only when glued directly ("号码"), never across a
        # gap: "…号码前期投入" must keep 前期.
        single = run and (len(m.group(0)) == 1 or len(run[-1].group(0)) == 1)
        if run and _GLUE.fullmatch(gap or "") and not (single and gap):
            run.append(m)
        else:
            close()
            run = [m]
    close()
    return [_widen_digits(text, a, b) for a, b in merge_spans(spans)]


# What may sit between two spam terms of one run: nothing, spaces, a number with a unit
# ("送38元彩金"), or one character ("娱乐场官网").
_GLUE = re.compile(r"\s*[【】\[\]《》「」]?\s*\d*\s*[\u4e00-\u9fff]?\s*\d*\s*[【】\[\]《》「」]?\s*")


def _holds_strong(run: str, rules: SpamRules) -> bool:
    # Longest-first matching can split a strong term across two weak ones (澳门正版|资料).
    return bool(rules.strong_any.search(run))


def _widen_digits(text: str, start: int, end: int) -> tuple[int, int]:
    # "2024澳门…", "【金沙娱乐城】体验金168": numbers and brackets glued to the run belong to it.
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in " 【[《「"):
        start -= 1
    while end < len(text) and (text[end].isdigit() or text[end] in " 】]》」%"):
        end += 1
    if end < len(text) and text[end] in AMOUNT_UNITS and text[end - 1].isdigit():
        end += 1  # "注册送28元": the amount's unit too
    return start, end
