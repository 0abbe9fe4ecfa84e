"""A page read through a browser's translation in bilingual mode (双语对照): each line of the
original (here Japanese, told by its kana) is followed by its machine translation. The original
lines restate the translated ones in another language: they are the page's frame, not its text.

The reading is gated on that structure alone: BILINGUAL_PAIRS_MIN original lines or more, each
right above a line in Chinese (Han characters, no kana), and most of the page's kana lines
standing so. A Chinese article quoting a Japanese line or two (a slogan, a product's name in
kana) has neither the count nor the alternation."""

from __future__ import annotations

import re

from .split import Line

# Hiragana and katakana, not the katakana middle dot or the long-vowel mark (both also set in
# Chinese text: "阿尔伯特・爱因斯坦", "ー" in a product code)
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
KANA_MIN = 2  # kana of an original line
BILINGUAL_PAIRS_MIN = 5  # original lines above their translation on the page
BILINGUAL_SHARE = 0.6  # of the page's kana lines, those right above a Chinese line


def _kana(text: str) -> bool:
    return len(_KANA.findall(text)) >= KANA_MIN


def _translated(text: str) -> bool:
    return bool(_HAN.search(text)) and not _KANA.search(text)


def source_lines(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """The original lines of a bilingual translation's page (line number -> kind, rule):
    every kana line right above a Chinese one, when the page alternates so; else none."""
    kana = [i for i, ln in enumerate(lines) if _kana(ln.text)]
    paired = [i for i in kana if i + 1 < len(lines) and _translated(lines[i + 1].text)]
    if len(paired) < BILINGUAL_PAIRS_MIN or len(paired) < BILINGUAL_SHARE * len(kana):
        return {}
    return {lines[i].no: ("repeat", "bilingual-source") for i in paired}
