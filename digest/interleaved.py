"""A bilingual page that sets each paragraph of an English original next to its Chinese
translation (中英对照, a language-learning site, a bilingual press release): the English
paragraphs restate the Chinese ones in another language, so they are the page's frame, not
the article's text (issue 4).

digest/translated.py finds a Latin line restating a Chinese one by the figures both keep; a
translation that converts units or rounds ("174,000 cubic metres" against "17.4万立方米")
keeps none. The signal here is the page's structure instead: INTERLEAVED_PAIRS_MIN English
prose lines or more, each right next to a Chinese prose line about as long, on the same side
of it throughout (original above translation, or below), and most of the page's English
prose lines standing so. An article quoting an English sentence or two beside its own
paragraphs has neither the count nor the alternation; code and command lines are no prose
(translated._latin_line)."""

from __future__ import annotations

import re

from .split import Line
from .text import CJK_CHAR
from .translated import _latin_line

INTERLEAVED_PAIRS_MIN = 4  # English prose lines next to a Chinese paragraph
INTERLEAVED_SHARE = 0.6  # of the page's English prose lines, those standing so
CHINESE_PROSE_HAN = 20  # Han letters of a Chinese paragraph
# an English line's letters over its Chinese neighbour's Han letters: a translation is about as
# long (English runs 2 to 4 letters per Chinese character; a summary or a caption is far shorter)
LENGTH_RATIO = (1.0, 7.0)

_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_MARK = re.compile(r"[。！？；，]")


def _chinese_prose(text: str) -> int:
    """Han letters of a Chinese prose line (a clause mark in it), else 0."""
    han = len(CJK_CHAR.findall(text))
    return han if han >= CHINESE_PROSE_HAN and _SENTENCE_MARK.search(text) else 0


def interleaved_lines(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """Line number -> (kind, rule) of each English line set beside its Chinese translation,
    when the page alternates so; else none."""
    texts = [ln.text for ln in lines]
    english = [i for i, t in enumerate(texts) if _latin_line(t)]
    if len(english) < INTERLEAVED_PAIRS_MIN:
        return {}
    han = [_chinese_prose(t) for t in texts]

    def beside(i: int, j: int) -> bool:
        if not 0 <= j < len(texts) or not han[j]:
            return False
        ratio = len(_LATIN.findall(texts[i])) / han[j]
        return LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]

    above = [i for i in english if beside(i, i + 1)]  # original above its translation
    below = [i for i in english if beside(i, i - 1)]  # ... or below it
    paired = max(above, below, key=len)
    if len(paired) < INTERLEAVED_PAIRS_MIN or len(paired) < INTERLEAVED_SHARE * len(english):
        return {}
    return {lines[i].no: ("repeat", "interleaved-translation") for i in paired}
