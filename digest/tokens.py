"""jieba's word cut, the same words, several times faster.

The build cuts every article's text into words at least twice: tagging counts taxonomy
terms over `jieba.lcut` (accurate mode with HMM), derived titles weigh clause words by
TF-IDF, and the zh-hant edition converts word by word (accurate mode, no HMM). jieba's
accurate mode is a route search over a prefix DAG of its dictionary; jieba builds the DAG
as a dict of lists and scores each position with `max()` over a generator, which is where
its time goes. `Segmenter` walks the same dictionary (`jieba.dt.FREQ`, with the taxonomy's
user words) in one loop, computes each word weight `log(freq) - log(total)` once per
frequency value, and yields the very words jieba yields:

- `cut_block(block)` = `jieba.cut(block, HMM=False)` for one `re_han_default` block;
- `cut(text)` = `jieba.cut(text)` (HMM on): runs of single characters that the route leaves
  and the dictionary does not hold are handed to jieba's own HMM (`jieba.finalseg.cut`),
  as jieba does; text between blocks is split as jieba splits it.

tests/test_tokens.py compares both with jieba on the seeds and random text; the converter's
tests compare `cut_block` too. The segmenter follows changes of the live dictionary (its
weights, fragment weights and remembered block words are dropped when jieba's total, its
number of fragments or its force-split words change: `add_word`, `del_word`). Blocks repeat
(mirrors, boilerplate clauses; 30.8k distinct of 175k blocks in bench's 1k corpus), so each
segmenter remembers a block's words (bounded).
"""

from __future__ import annotations

from collections.abc import Callable
from math import log

import jieba
from jieba import finalseg

RE_HAN = jieba.re_han_default  # the block and skip patterns of jieba.cut
RE_SKIP = jieba.re_skip_default
_RE_ENG = jieba.re_eng
_HMM_MEMO_LIMIT = 1 << 16  # runs of unknown characters and their HMM words; cleared when full
_EDGE_MEMO_LIMIT = 1 << 20  # dictionary fragments a segmenter remembers the weight of; cleared when full
_BLOCK_MEMO_LIMIT = 1 << 16  # blocks a segmenter remembers the words of; cleared when full


_HMM_MEMO: dict[str, list[str]] = {}


def _hmm_words(run: str) -> list[str]:
    """jieba's HMM words for a run of characters the dictionary route left single
    (`jieba.finalseg.cut`, a pure function of the run: names and rare words repeat)."""
    words = _HMM_MEMO.get(run)
    if words is None:
        if len(_HMM_MEMO) >= _HMM_MEMO_LIMIT:
            _HMM_MEMO.clear()
        words = _HMM_MEMO[run] = list(finalseg.cut(run))
    return words


class Segmenter:
    """jieba's accurate mode over jieba's live dictionary; see the module docstring."""

    def __init__(self) -> None:
        self._state: tuple[int, int, int] | None = None
        self._weight: dict[int, float] = {}
        self._logtotal = 0.0
        # what this segmenter learnt of the dictionary state `_state` names (see _check):
        self._edges: dict[str, float | None] = {}  # fragment -> its word weight, 0.0 a prefix only, None neither
        self._blocks: dict[tuple[str, bool], tuple[str, ...]] = {}  # (block, HMM) -> its words

    def _check(self) -> None:
        """Forget what was learnt of the dictionary when it changed: `jieba.add_word` adds to
        the total (and may add fragments), `jieba.del_word` (add_word with frequency 0) marks
        the word to force-split in jieba's HMM. A weight is `log(freq) - log(total)`."""
        dt = jieba.dt
        dt.check_initialized()
        state = (dt.total, len(dt.FREQ), len(finalseg.Force_Split_Words))
        if state != self._state:
            self._state = state
            self._weight = {}
            self._edges = {}
            self._blocks = {}
            self._logtotal = log(dt.total)

    def _route(self, s: str) -> list[int]:
        """jieba's best route: for each position, the end (inclusive) of the word starting there.
        (The caller has made `_check`.)"""
        freq = jieba.dt.FREQ
        weights = self._weight
        edges = self._edges
        if len(edges) >= _EDGE_MEMO_LIMIT:
            edges.clear()
        logtotal = self._logtotal
        n = len(s)
        value = [0.0] * (n + 1)  # jieba's route[i][0]
        end = [0] * (n + 1)  # jieba's route[i][1]
        for k in range(n - 1, -1, -1):
            best_v = 0.0
            best_x = -1
            i = k
            frag = s[k]
            while True:
                # one look-up per fragment instead of two (the frequency, then its weight); a
                # weight is never 0 (a word's frequency is below the total)
                w = edges.get(frag, edges)
                if w is edges:
                    f = freq.get(frag)
                    if f:
                        w = weights.get(f)
                        if w is None:
                            w = weights[f] = log(f) - logtotal
                    else:
                        w = None if f is None else 0.0
                    edges[frag] = w
                if w is None:  # not even a prefix of a word: jieba's DAG ends here
                    break
                if w:  # a word: an edge of the DAG
                    v = w + value[i + 1]
                    if best_x < 0 or v >= best_v:  # max of (value, x): ties go to the larger x
                        best_v, best_x = v, i
                i += 1
                if i >= n:
                    break
                frag = s[k : i + 1]
            if best_x < 0:  # no word starts here: the character alone, log(1) - log(total)
                best_v, best_x = (0.0 - logtotal) + value[k + 1], k
            value[k] = best_v
            end[k] = best_x
        return end

    def cut_block(self, s: str) -> list[str]:
        """`jieba.cut(s, HMM=False)` for one block: runs of single Latin letters and digits merge."""
        self._check()
        return list(self._words(s, False))

    def cut_block_hmm(self, s: str) -> list[str]:
        """jieba's `__cut_DAG` for one block: single characters the route leaves are
        collected; a run of them that is not a dictionary word goes to jieba's HMM."""
        self._check()
        return list(self._words(s, True))

    def _words(self, s: str, hmm: bool) -> tuple[str, ...]:
        """A block's words, remembered per block: clauses repeat (mirrors, boilerplate), and
        the converter, tagging and titles cut the same text. (The caller has made `_check`.)"""
        key = (s, hmm)
        words = self._blocks.get(key)
        if words is None:
            if len(self._blocks) >= _BLOCK_MEMO_LIMIT:
                self._blocks.clear()
            words = self._blocks[key] = tuple(self._cut_block_hmm(s) if hmm else self._cut_block(s))
        return words

    def _cut_block(self, s: str) -> list[str]:
        end = self._route(s)
        n = len(s)
        words: list[str] = []
        x = 0
        buf = ""
        while x < n:
            y = end[x] + 1
            word = s[x:y]
            if y - x == 1 and _RE_ENG.match(word):
                buf += word
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(word)
            x = y
        if buf:
            words.append(buf)
        return words

    def _cut_block_hmm(self, s: str) -> list[str]:
        end = self._route(s)
        freq = jieba.dt.FREQ
        n = len(s)
        words: list[str] = []
        x = 0
        start = -1  # start of the current run of single characters
        while x <= n:
            y = end[x] + 1 if x < n else n + 1
            if x < n and y - x == 1:
                if start < 0:
                    start = x
                x = y
                continue
            if start >= 0:
                buf = s[start:x]
                if len(buf) == 1:
                    words.append(buf)
                elif not freq.get(buf):
                    words.extend(_hmm_words(buf))
                else:
                    words.extend(buf)
                start = -1
            if x < n:
                words.append(s[x:y])
            x = y
        return words

    def cut(self, text: str, hmm: bool = True, blocks: Callable[[str], bool] | None = None) -> list[str]:
        """`jieba.lcut(text, HMM=hmm)`; with `blocks`, only the words of the blocks (runs of
        Han, Latin and digits, which jieba cuts on their own) for which it is true."""
        self._check()
        block = self._words
        words: list[str] = []
        for i, part in enumerate(RE_HAN.split(text)):
            if not part:
                continue
            if i & 1:  # split() with one group alternates: between blocks (even), a block (odd)
                if blocks is None or blocks(part):
                    words.extend(block(part, hmm))
            else:
                for x in RE_SKIP.split(part):
                    if RE_SKIP.match(x):
                        words.append(x)
                    else:
                        words.extend(x)
        return words


_DEFAULT = Segmenter()


def lcut(text: str, hmm: bool = True, blocks: Callable[[str], bool] | None = None) -> list[str]:
    """`jieba.lcut(text, HMM=hmm)` through the process's segmenter (see Segmenter.cut)."""
    return _DEFAULT.cut(text, hmm, blocks)
