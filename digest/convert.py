"""Make the Traditional (Taiwan) edition from canonical Simplified text with OpenCC s2twp.

Two known OpenCC pitfalls are handled here:
- word-boundary errors: s2twp's longest match crosses word boundaries (粉丝发布 →
  粉絲髮布). We cut the text into jieba words first and put an invisible separator
  between them, so no OpenCC phrase can span two words;
- names that must keep their characters (product, company and model names from the
  taxonomy: 硅基流动 stays 硅基流動, never 矽基流動) are converted character by character
  (s2tw), never swapped for Taiwan vocabulary. The list is data: every entity name and
  alias in taxonomy.yaml that is written in Simplified or Latin letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jieba

from .normalize import converter

SEP = "\ue000"  # private-use character: OpenCC passes it through untouched
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


def protected_names(tax: Any) -> list[str]:
    """Entity names and aliases that conversion must not re-word, longest first."""
    t2s = converter("t2s")
    names = {a for e in tax.entities for a in e.aliases if a and t2s.convert(a) == a}
    return sorted(names, key=lambda s: (-len(s), s))


class TraditionalConverter:
    def __init__(self, protected: Iterable[str] = ()) -> None:
        names = sorted({p for p in protected if p and _HAS_CJK.search(p)}, key=lambda s: (-len(s), s))
        self._protected = re.compile("|".join(map(re.escape, names))) if names else None
        self._s2twp = converter("s2twp")
        self._s2tw = converter("s2tw")
        self._known: dict[str, str] = {}

    def preload(self, table: dict[str, str]) -> None:
        """Conversions made elsewhere (the process pool, the cache) by an equal converter."""
        self._known.update(table)

    def convert(self, text: str) -> str:
        if not text or not _HAS_CJK.search(text):
            return text
        known = self._known.get(text)
        if known is not None:
            return known
        return _cached(self, text)

    def _convert(self, text: str) -> str:
        if self._protected is None:
            return self._phrases(text)
        out, last = [], 0
        for m in self._protected.finditer(text):
            out.append(self._phrases(text[last : m.start()]))
            out.append(self._s2tw.convert(m.group(0)))
            last = m.end()
        out.append(self._phrases(text[last:]))
        return "".join(out)

    def _phrases(self, text: str) -> str:
        if not text:
            return text
        joined = SEP.join(jieba.cut(text, HMM=False))
        return self._s2twp.convert(joined).replace(SEP, "")


@lru_cache(maxsize=65536)
def _cached(conv: TraditionalConverter, text: str) -> str:
    return conv._convert(text)
