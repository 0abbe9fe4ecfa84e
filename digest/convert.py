"""Make the Traditional (Taiwan) edition from canonical Simplified text with OpenCC s2twp.

Three known OpenCC pitfalls are handled here:
- word-boundary errors: s2twp's longest match crosses word boundaries (粉丝发布 →
  粉絲髮布). We cut the text into jieba words first (exact mode, no HMM) and convert each
  word on its own, so no OpenCC phrase can span two words;
- names that must keep their characters (product, company and model names from the
  taxonomy: 硅基流动 stays 硅基流動, never 矽基流動) are converted character by character
  (s2tw), never swapped for Taiwan vocabulary. The list is data: every entity name and
  alias in taxonomy.yaml that is written in Simplified or Latin letters;
- Taiwan vocabulary for software text that changes the meaning of news prose (发表声明 →
  發表宣告, 循环经济 → 迴圈經濟): a jieba word listed in rules/hant.yaml, or holding a
  listed part, is converted character by character too (聲明, 循環經濟).

The result is, by construction, the same text as each jieba word (exact mode, no HMM)
through s2twp, or through s2tw when rules/hant.yaml lists it or a part of it (the original
formulation was `s2twp(SEP.join(jieba.cut(text, HMM=False))).replace(SEP, "")`, SEP a
private-use character no OpenCC dictionary holds, so no match crosses it), but much cheaper:

- each word is converted once per process (words repeat far more than texts);
- jieba always cuts between its blocks (runs of Han, Latin and digits) and at every
  other character, so each block is cut and converted once per process;
- a block is cut by `tokens.Segmenter.cut_block`, jieba's own exact-mode algorithm in one
  loop (see digest/tokens.py); it reads jieba's dictionary (with the taxonomy's words) and
  gives the same words (tests/test_tokens.py and tests/test_convert.py compare it with jieba).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .normalize import converter
from .tokens import RE_HAN, RE_SKIP, Segmenter

SEP = "\ue000"  # private-use character: OpenCC passes it through untouched
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_MEMO_LIMIT = 1 << 20  # entries per memo; cleared when full (the memos only save time)


HANT_RULES = Path(__file__).resolve().parent.parent / "rules" / "hant.yaml"


def hant_lists() -> tuple[frozenset[str], tuple[str, ...]]:
    """(words, parts) of rules/hant.yaml: jieba words converted by characters only, and
    pieces that make any word holding them so (longest first)."""
    data = yaml.safe_load(HANT_RULES.read_text(encoding="utf-8")) or {}
    parts = sorted({str(p) for p in data.get("parts") or [] if p}, key=lambda s: (-len(s), s))
    return frozenset(str(w) for w in data.get("words") or [] if w), tuple(parts)


@lru_cache(maxsize=1)
def _keep_characters() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """hant_lists, the parts as one regex."""
    words, parts = hant_lists()
    return words, re.compile("|".join(map(re.escape, parts))) if parts else None


def sense_guarded(word: str, keep: tuple[frozenset[str], re.Pattern[str] | None] | None = None) -> bool:
    """True when `word` (a jieba word) is converted by characters: rules/hant.yaml lists it,
    or one of its parts (`keep`: those lists, by default the file's)."""
    words, parts = _keep_characters() if keep is None else keep
    return word in words or (parts is not None and parts.search(word) is not None)


def protected_names(tax: Any) -> list[str]:
    """Entity names and aliases that conversion must not re-word, longest first."""
    t2s = converter("t2s")
    names = {a for e in tax.entities for a in e.aliases if a and t2s.convert(a) == a}
    return sorted(names, key=lambda s: (-len(s), s))


class TraditionalConverter:
    def __init__(self, protected: Iterable[str] = (), guard_senses: bool = True) -> None:
        """`protected`: names converted by characters; `guard_senses`: the words of
        rules/hant.yaml too (False: every other word through s2twp, for comparisons)."""
        names = sorted({p for p in protected if p and _HAS_CJK.search(p)}, key=lambda s: (-len(s), s))
        self._protected = re.compile("|".join(map(re.escape, names))) if names else None
        self._s2twp = converter("s2twp")
        self._s2tw = converter("s2tw")
        self._known: dict[str, str] = {}
        self._segmenter = Segmenter()
        self._words: dict[str, str] = {}  # jieba word -> its conversion (s2twp, or s2tw: sense_guarded)
        self._blocks: dict[str, str] = {}  # jieba block -> its conversion
        self._others: dict[str, str] = {}  # text between two blocks -> its conversion
        self._journal: dict[str, str] | None = None  # conversions made since `record`
        self._keep = _keep_characters() if guard_senses else (frozenset(), None)

    def preload(self, table: dict[str, str]) -> None:
        """Conversions made elsewhere (the process pool, the cache) by an equal converter."""
        self._known.update(table)

    def record(self, on: bool = True) -> None:
        """Start (or stop) keeping the texts this converter converts, for `take`: a worker
        hands its conversions to the parent, so a later pool forked from it has them."""
        self._journal = {} if on else None

    def take(self) -> dict[str, str]:
        """The conversions made since `record` or the last `take` (empty when not recording)."""
        made = self._journal or {}
        if self._journal is not None:
            self._journal = {}
        return made

    def convert(self, text: str) -> str:
        if not text or not _HAS_CJK.search(text):
            return text
        known = self._known.get(text)
        if known is not None:
            return known
        done = _cached(self, text)
        if self._journal is not None:
            self._journal[text] = done
        return done

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
        """s2twp of each jieba word of `text` on its own (see the module docstring)."""
        if not text:
            return text
        blocks, others = self._blocks, self._others
        out: list[str] = []
        # split() with one group alternates: text between blocks (even), a block (odd)
        for i, part in enumerate(RE_HAN.split(text)):
            if part:
                done = (blocks if i & 1 else others).get(part)
                if done is None:
                    done = self._block(part) if i & 1 else self._other(part)
                out.append(done)
        return "".join(out)

    def _block(self, blk: str) -> str:
        if len(self._blocks) >= _MEMO_LIMIT:
            self._blocks.clear()
        done = self._blocks[blk] = "".join(map(self._word, self._segmenter.cut_block(blk)))
        return done

    def _other(self, text: str) -> str:
        """Text between blocks: jieba yields whitespace pieces whole and every other character alone."""
        out: list[str] = []
        for x in RE_SKIP.split(text):
            if RE_SKIP.match(x):
                out.append(self._word(x))
            else:
                out.extend(map(self._word, x))
        if len(self._others) >= _MEMO_LIMIT:
            self._others.clear()
        done = self._others[text] = "".join(out)
        return done

    def _word(self, w: str) -> str:
        done = self._words.get(w)
        if done is None:
            if len(self._words) >= _MEMO_LIMIT:
                self._words.clear()
            done = self._words[w] = (self._s2tw if sense_guarded(w, self._keep) else self._s2twp).convert(w).replace(SEP, "")
        return done


@lru_cache(maxsize=65536)
def _cached(conv: TraditionalConverter, text: str) -> str:
    return conv._convert(text)
