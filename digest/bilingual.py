"""A page read through a browser's translation in bilingual mode (双语对照): each line of the
original (here Japanese, told by its kana) is followed by its machine translation. The original
lines restate the translated ones in another language: they are the page's frame, not its text.

The reading is gated on that structure alone: BILINGUAL_PAIRS_MIN original lines or more, each
right above a line in Chinese (Han characters, no kana) about as long, and most of the page's
kana lines standing so; an original is Japanese (kana a tenth of its letters or more, no ，).
A Chinese article quoting a Japanese line or two (a slogan, a product's name in kana) has
neither the count nor the alternation, nor lines that are Japanese."""

from __future__ import annotations

import re

from .split import Line

# Hiragana and katakana, not the katakana middle dot or the long-vowel mark (both also set in
# Chinese text: "阿尔伯特・爱因斯坦", "ー" in a product code)
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
KANA_MIN = 2  # kana of an original line
# of an original line's kana and Han letters, kana at least (a kanji-heavy Japanese headline,
# "物流倉庫の自動化投資、上期は過去最高に", holds a sixth; a Chinese line naming a company in kana
# also sets a ，)
KANA_SHARE = 0.1
_LETTER = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d\u4e00-\u9fff]")
_CHINESE_MARK = re.compile(r"[，]")  # a mark Japanese text does not set (it writes 、)
LENGTH_RATIO = (0.5, 3.0)  # an original's letters over its translation's: about as long
BILINGUAL_PAIRS_MIN = 5  # original lines above their translation on the page
BILINGUAL_SHARE = 0.6  # of the page's kana lines, those right above a Chinese line


def _kana(text: str) -> bool:
    return len(_KANA.findall(text)) >= KANA_MIN


def _japanese(text: str) -> bool:
    """A line of Japanese: kana at least KANA_SHARE of its letters and no Chinese-only mark. A
    Chinese sentence naming 软银集团（ソフトバンク） holds two kana or more, but few for its length and a ，."""
    kana = len(_KANA.findall(text))
    return kana >= KANA_MIN and kana >= KANA_SHARE * len(_LETTER.findall(text)) and not _CHINESE_MARK.search(text)


def _as_long(original: str, translation: str) -> bool:
    n, m = len(_LETTER.findall(original)), len(_LETTER.findall(translation))
    return m > 0 and LENGTH_RATIO[0] <= n / m <= LENGTH_RATIO[1]


def _translated(text: str) -> bool:
    return bool(_HAN.search(text)) and not _KANA.search(text)


def source_lines(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """The original lines of a bilingual translation's page (line number -> kind, rule):
    every Japanese line right above a Chinese one about as long, when the page alternates so;
    else none."""
    kana = [i for i, ln in enumerate(lines) if _kana(ln.text)]
    paired = [i for i in kana if i + 1 < len(lines) and _japanese(lines[i].text) and _translated(lines[i + 1].text)
              and _as_long(lines[i].text, lines[i + 1].text)]
    if len(paired) < BILINGUAL_PAIRS_MIN or len(paired) < BILINGUAL_SHARE * len(kana):
        return {}
    return {lines[i].no: ("repeat", "bilingual-source") for i in paired}
