"""Spam spans by language statistics: stretches of a line whose characters read like the
spliced gambling / lottery / porn-SEO / loan / game top-up ads of the cleaning set rather
than like AI-industry news prose.

Every bigram of a line (in key form: lower case, digits 0, ASCII letters a) has a weight,
its log-odds of spam against news (rules/spam_stats.tsv, made by tools/train_spamstats.py;
a bigram not listed weighs half the mean of its two characters' log-odds, a character not
listed 0; digits, Latin letters and punctuation weigh 0, so numbers, prices and product
names are never evidence). Each character scores the mean of its two bigrams minus a bias,
so text nobody has seen drifts negative; a space between two CJK characters of an unspaced
line (an ad's chunks) scores a bonus. The maximal scoring stretches of the line
(Ruzzo–Tompa, linear in the line) that are long and high enough are spam; a clause at a
stretch's edge that does not read as spam on its own is left out. The thresholds were set
by leave-one-round-out cross-validation on the tune inputs (bench/cv_spamstats.py). The
detector is conservative by design: it runs after the lexicon (digest/spam.py) and only
adds spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import add
from pathlib import Path

import numpy as np
import yaml

from .memo import BoundedMemo

TABLE = Path(__file__).resolve().parent.parent / "rules" / "spam_stats.tsv"
CALLS = TABLE.with_name("spam.yaml")  # its `stats_ad_calls`: an ad's call to the reader

BIAS = 0.5  # taken off every character's score
MIN_SCORE = 10.0  # summed score of a stretch
BACKOFF = 0.5  # weight of the characters' own log-odds for a bigram not in the table
SPACE_BONUS = 2.0  # score of a space between two CJK characters in a line not spaced throughout
SPACED_LINE = 5  # a line is spaced throughout when 1 in this many CJK neighbours is a space
MIN_LEN = 8  # letters and digits of a stretch
EDGE_MIN = 0.0  # score an edge character of a stretch needs
CLAUSE_MIN = 2.0  # score a clause at the edge of a stretch needs to stay in it
SNAP = 1  # letters beyond a space at the edge of a stretch that are left to the prose
WEAK_END = 3.0  # gain an end of a stretch past a dip needs to stay in it
DIP = -0.05  # a character scoring below this is a dip (one scoring about nothing either way is none)
MEMO_MAX = 200_000  # bigrams whose backoff weight is remembered
MIN_MEAN = 0.8  # mean score per character of a stretch (bias taken off)
PROSE_MIN = 20.0  # summed score of a stretch that runs across a clause mark with no mark of an ad's form
FORM_REACH = 2  # characters either side of a stretch where its ad's form may stand
_EDGE = " \t\u3000，,、；;：:。！？!?"


def key_form(text: str) -> str:
    """One key character per character of `text` (same length): lower case, every decimal
    digit 0, every ASCII letter a, every whitespace a space."""
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ("İ")
        return "".join(_key_char(c) for c in text)
    key = low.translate(_ASCII_KEYS)
    if not key.isascii():
        key = _DIGIT.sub("0", _SPACE.sub(" ", key))
    return key


_ASCII_KEYS = str.maketrans({**dict.fromkeys("0123456789", "0"), **dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "a")})
_SPACE = re.compile(r"\s")
_DIGIT = re.compile(r"\d")
_SPACED_CJK = re.compile(r"(?<=[\u3400-\u9fff])\s(?=[\u3400-\u9fff])")
_CJK_RUN_INSIDE = re.compile(r"(?<=[\u3400-\u9fff])[\u3400-\u9fff](?=[\u3400-\u9fff])")
# what an ad says its words with and a sentence of news does not need: a number or a Latin
# letter (a price, an amount, a contact, a site), a space between two CJK chunks, ad punctuation
_AD_FORM = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])|[？！?!【】★☆→>|～~·•♥❤]")
_CLAUSE_MARK = re.compile(r"[，,、；;：:。]")


def _key_char(c: str) -> str:
    if c.isspace():
        return " "
    if _DIGIT.match(c):
        return "0"
    if c.isascii() and c.isalpha():
        return "a"
    low = c.lower()
    return low if len(low) == 1 else c


@lru_cache(maxsize=1)
def _ad_calls() -> re.Pattern[str] | None:
    """rules/spam.yaml `stats_ad_calls` as one pattern (None when it lists none)."""
    words = (yaml.safe_load(CALLS.read_text("utf-8")) or {}).get("stats_ad_calls") if CALLS.exists() else None
    return re.compile("|".join(map(re.escape, sorted(map(str, words), key=len, reverse=True)))) if words else None


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    out: dict[str, float] = {}
    if not TABLE.exists():
        return out
    for line in TABLE.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        gram, _, w = line.rpartition("\t")
        if len(gram) in (1, 2):
            out[gram] = float(w)
    return out


class BackoffBigrams(dict):
    """A table's bigram weights, each unlisted bigram's backoff weight (`damping` times the
    sum of its two characters' weights) remembered once met, up to MEMO_MAX bigrams."""

    damping = BACKOFF / 2

    def __init__(self, table: dict[str, float]) -> None:
        super().__init__()
        self.table = table

    def weight(self, gram: str) -> float:
        w = self.table.get(gram)
        if w is None:  # an unseen bigram: what its two characters say, damped
            w = self.damping * (self.table.get(gram[0], 0.0) + self.table.get(gram[-1], 0.0))
        return w

    def __missing__(self, gram: str) -> float:
        w = self.weight(gram)
        if len(self) < MEMO_MAX:
            self[gram] = w
        return w


@lru_cache(maxsize=1)
def _default_bigrams() -> BackoffBigrams:
    return BackoffBigrams(weights())


@lru_cache(maxsize=1)
def _default_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The shipped table as sorted code arrays, for `_bigram_weights`: (bigram codes, their
    weights, character codes, their weights); None for an empty table. A bigram's code is
    its first character's code point << 21 | its second's (code points fit in 21 bits)."""
    table = weights()
    if not table:
        return None
    grams = sorted(((ord(g[0]) << 21) | ord(g[1]), w) for g, w in table.items() if len(g) == 2)
    chars = sorted((ord(g), w) for g, w in table.items() if len(g) == 1)
    return (np.array([c for c, _ in grams], np.uint64), np.array([w for _, w in grams], np.float64),
            np.array([c for c, _ in chars], np.uint64), np.array([w for _, w in chars], np.float64))


def _lookup(codes: np.ndarray, keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(found, value) of each code among the sorted `keys` (value: that of the key, or of the
    nearest key when not found: use it where found)."""
    if not len(keys):
        return np.zeros(len(codes), bool), np.zeros(len(codes))
    at = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
    return keys[at] == codes, values[at]


def _bigram_weights(k: str) -> np.ndarray | None:
    """The shipped table's weight of every bigram of the text `k` (a key form, or several
    joined): what `_default_bigrams()[bigram]` gives each (a listed bigram's weight, else the
    damped sum of its characters' weights, 0 for an unlisted character), in numpy's loops
    instead of a dictionary look-up per character; the same float operations, so the same
    bits. None when the table is empty."""
    arrays = _default_arrays()
    if arrays is None:
        return None
    gram_codes, gram_weights, char_codes, char_weights = arrays
    cps = np.frombuffer(k.encode("utf-32-le"), np.uint32).astype(np.uint64)
    listed, weight = _lookup((cps[:-1] << np.uint64(21)) | cps[1:], gram_codes, gram_weights)
    known, own = _lookup(cps, char_codes, char_weights)
    own = np.where(known, own, 0.0)
    return np.where(listed, weight, BackoffBigrams.damping * (own[:-1] + own[1:]))


def prime(texts: Iterable[str]) -> None:
    """Remember `stats_spans` (shipped table) of each of `texts` not remembered yet, the
    bigram weights of all of them looked up in one numpy pass over their key forms joined
    (the cleaner primes an article's lines: per line, the look-ups were a Python call per
    character, ~10 % of cleaning)."""
    todo = [t for t in dict.fromkeys(texts) if len(t) >= MIN_LEN and t not in _SPANS_MEMO]
    if len(todo) < 2:
        return
    keys = [key_form(t) for t in todo]
    key = "".join(keys)
    joined = _bigram_weights(key)
    if joined is None:
        return
    lengths = np.array([len(k) for k in keys])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    bound = _score_bound(key, joined, starts, starts + lengths - 1)
    for text, k, start, most in zip(todo, keys, starts.tolist(), bound.tolist(), strict=True):
        if most < MIN_SCORE - BOUND_MARGIN:  # no stretch can reach MIN_SCORE: _stats_spans finds none
            _SPANS_MEMO.answer(text, lambda t: ())
            continue
        big = joined[start : start + len(k) - 1]  # (the bigram across two texts is left out)
        _SPANS_MEMO.answer(text, lambda t, big=big: tuple(_stats_spans(t, None, big)))


BOUND_MARGIN = 1e-6  # far above the rounding of summing a line's scores in another order


def _score_bound(key: str, big: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """For each text of `key` (key forms joined; the i-th runs from first[i] to last[i],
    at least two characters; `big` their bigram weights), an upper bound of its best
    stretch's summed score (`_best_sum` of `_score_array`): the sum of its characters'
    positive scores, each a space's as if it stood between two CJK characters of a line
    not spaced throughout. A bigram across two texts enters no text's bound."""
    cps = np.frombuffer(key.encode("utf-32-le"), np.uint32)
    scores = np.empty(len(cps))
    scores[1:-1] = (big[:-1] + big[1:]) / 2
    scores[first] = big[first]  # an edge character has one bigram
    scores[last] = big[last - 1]
    scores -= BIAS
    space = cps == 32
    if space.any():
        cjk = (cps >= 0x3400) & (cps <= 0x9FFF)
        spaced = space.copy()
        spaced[1:-1] &= cjk[:-2] & cjk[2:]
        spaced[[0, -1]] = False
        scores[space] = 0.0
        scores[spaced] = SPACE_BONUS
    return np.add.reduceat(np.maximum(scores, 0.0), first)


def _score_array(text: str, table: dict[str, float] | None, big: np.ndarray | None = None) -> np.ndarray:
    """Each character's score; `big`: the bigram weights of `text` when known (`prime`)."""
    k = key_form(text)
    n = len(k)
    if n < 2:
        return np.array([0.0 if c == " " else -BIAS for c in k])
    if big is None:
        grams = _default_bigrams() if table is None else BackoffBigrams(table)
        big = np.fromiter(map(grams.__getitem__, map(add, k, k[1:])), dtype=np.float64, count=n - 1)
    out = np.empty(n)
    out[0] = big[0]
    out[-1] = big[-1]
    out[1:-1] = (big[:-1] + big[1:]) / 2
    out -= BIAS
    if " " in k:
        # Chinese prose puts no space between two of its words; an ad's chunks are spaced. In
        # a line that is not spaced throughout, a space between two CJK characters reads as spam.
        spaced = [m.start() for m in _SPACED_CJK.finditer(text)]
        unspaced = sum(1 for _ in _CJK_RUN_INSIDE.finditer(text))
        space_score = SPACE_BONUS if spaced and len(spaced) * SPACED_LINE < len(spaced) + unspaced else 0.0
        out[[i for i, c in enumerate(k) if c == " "]] = 0.0  # a space neither starts nor breaks a stretch
        out[spaced] = space_score
    return out


def char_scores(text: str, table: dict[str, float] | None = None) -> list[float]:
    """Each character's score: the mean weight of the bigrams it is part of, minus BIAS."""
    return _score_array(text, table).tolist()


def _best_sum(scores: np.ndarray) -> float:
    """The highest sum of a stretch of `scores` (0 for none), in numpy's loops."""
    if not len(scores):
        return 0.0
    run = np.concatenate(([0.0], np.cumsum(scores)))
    return float(np.max(run - np.minimum.accumulate(run)))


def _cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def maximal_segments(scores: list[float]) -> list[tuple[int, int, float]]:
    """All maximal scoring subsequences (Ruzzo & Tompa 1999): (start, end, score), in order.

    Each kept segment links to the nearest earlier one whose cumulative score before it is
    lower, so the search for a segment to join skips runs of segments: linear time."""
    # [start, end, L (cumulative score before it), R (cumulative at its end), link]
    segs: list[list] = []
    total = 0.0
    for i, s in enumerate(scores):
        if s <= 0:
            total += s
            continue
        seg = [i, i + 1, total, total + s, -1]
        total += s
        while True:
            j = len(segs) - 1
            while j >= 0 and segs[j][2] >= seg[2]:
                j = segs[j][4]
            if j < 0 or segs[j][3] >= seg[3]:
                seg[4] = j
                segs.append(seg)
                break
            seg = [segs[j][0], seg[1], segs[j][2], seg[3], -1]
            del segs[j:]
    return [(a, b, r - left) for a, b, left, r, _ in segs]


_CLAUSE = "，,、；;：:。！？!?"


def _trim_clauses(text: str, scores: list[float], a: int, b: int, score: float) -> tuple[int, int, float]:
    while True:
        cut = next((k for k in range(a, b) if text[k] in _CLAUSE), None)
        if cut is None:
            return a, b, score
        head = sum(scores[a:cut])
        if head >= CLAUSE_MIN:
            break
        a, score = cut + 1, score - head - scores[cut]
    while True:
        cut = next((k for k in range(b - 1, a - 1, -1) if text[k] in _CLAUSE), None)
        if cut is None:
            return a, b, score
        tail = sum(scores[cut + 1 : b])
        if tail >= CLAUSE_MIN:
            return a, b, score
        b, score = cut, score - tail - scores[cut]


def added_spans(text: str, spans: list[tuple[int, int]], table: dict[str, float] | None = None) -> list[tuple[int, int]]:
    """The statistical spans of `text` outside `spans` (the lexicon's, sorted and disjoint):
    what the statistics add to them, in pieces that hold a letter or digit."""
    out = []
    for a, b in stats_spans(text, table):
        pos = a
        for x, y in spans:
            if y <= pos or x >= b:
                continue
            if x > pos:
                out.append((pos, x))
            pos = max(pos, y)
        if pos < b:
            out.append((pos, b))
    return [(a, b) for a, b in out if any(c.isalnum() for c in text[a:b])]


def stats_cut(text: str, table: dict[str, float] | None = None,
              keep: Callable[[str, int, int], bool] | None = None) -> tuple[str, list[str]]:
    """`text` without its statistical spam, and the pieces removed. Cutting a stretch joins
    the text around it, which can make a new stretch: cut again until none is left, so
    cleaning the result again changes nothing (each pass removes MIN_LEN letters or more).
    A stretch `keep` accepts (text, start, end) stays."""
    removed: list[str] = []
    while spans := [(a, b) for a, b in stats_spans(text, table) if keep is None or not keep(text, a, b)]:
        removed.extend(text[a:b] for a, b in spans)
        parts, pos = [], 0
        for a, b in spans:
            parts.append(text[pos:a])
            pos = b
        parts.append(text[pos:])
        text = "".join(parts)
    return text, removed


def _snap(text: str, scores: list[float], a: int, b: int, score: float) -> tuple[int, int, float]:
    """An ad's chunks are spaced: a space or clause mark at most SNAP letters inside an edge
    is where the splice ends ("…价格全网最低 |提示诊断"), the letters beyond it are prose."""
    for k in range(b - 1, max(a, b - SNAP - 1) - 1, -1):
        if text[k] in _EDGE:
            score -= sum(scores[k:b])
            b = k
            break
    for k in range(a, min(b, a + SNAP + 1)):
        if text[k] in _EDGE:
            score -= sum(scores[a : k + 1])
            a = k + 1
            break
    return a, b, score


def _drop_weak_ends(scores: list[float], a: int, b: int, score: float) -> tuple[int, int, float]:
    """An end of a stretch past a dip (characters scoring below DIP) that gains less than
    WEAK_END over the dip is prose that happens to hold a spam-like word ("…注册送28元|白天跑
    在线|业务"): the stretch stops before the dip."""
    while True:
        k = b - 1
        while k > a and scores[k] >= DIP:
            k -= 1
        if k <= a:
            break
        while k > a and scores[k - 1] < DIP:
            k -= 1
        tail = sum(scores[k:b])
        if tail >= WEAK_END:
            break
        b, score = k, score - tail
    while True:
        k = a
        while k < b - 1 and scores[k] >= DIP:
            k += 1
        if k >= b - 1:
            break
        while k < b - 1 and scores[k + 1] < DIP:
            k += 1
        head = sum(scores[a : k + 1])
        if head >= WEAK_END:
            break
        a, score = k + 1, score - head
    return a, b, score


def _prose_clauses(text: str, a: int, b: int) -> bool:
    """Is text[a:b] a run of a sentence's own clauses: it runs across a clause mark and holds
    no mark of an ad's form? The words of an ad are the words of news about its trade (a bank's
    "信用贷，最快当天放款" is a loan ad's too); what an ad adds is its form: the price, the
    contact, the spaced chunks, its own punctuation or a pictograph, its call to the reader
    (rules/spam.yaml `stats_ad_calls`: 私信, 扫码, 进群…). Such a stretch needs PROSE_MIN, not
    MIN_SCORE. The form is looked for FORM_REACH characters beyond the stretch
    too: the edge rules leave an ad's punctuation and its contact or code, which score nothing,
    just outside the letters that read as spam ("吗～|看我头像，私信免费看我|", "· |内部资料：
    明日必涨三只|AI…"), while a sentence's own clauses run on in letters."""
    if _CLAUSE_MARK.search(text, a, b) is None:
        return False
    around = text[max(0, a - FORM_REACH) : b + FORM_REACH]
    calls = _ad_calls()
    return (_AD_FORM.search(around) is None and not any(unicodedata.category(c) == "So" for c in around)
            and (calls is None or calls.search(around) is None))


def _prose_stretch(text: str, a: int, b: int, score: float) -> bool:
    """Is the stretch text[a:b] (summed score `score`) left to the prose by the stretch bar?"""
    return score < PROSE_MIN and _prose_clauses(text, a, b)


# stats_spans of the shipped table per line text: chrome lines and mirrored paragraphs repeat
_SPANS_MEMO: BoundedMemo[str, tuple[tuple[int, int], ...]] = BoundedMemo(MEMO_MAX)


def stats_spans(text: str, table: dict[str, float] | None = None) -> list[tuple[int, int]]:
    """Spans of `text` that read as spliced spam; edges trimmed of spaces and punctuation
    (with the shipped table: remembered per line text)."""
    if table is not None:
        return _stats_spans(text, table)
    return list(_SPANS_MEMO.answer(text, lambda t: tuple(_stats_spans(t, None))))


def _stats_spans(text: str, table: dict[str, float] | None, big: np.ndarray | None = None) -> list[tuple[int, int]]:
    if len(text) < MIN_LEN:
        return []
    array = _score_array(text, table, big)
    if _best_sum(array) < MIN_SCORE:  # no stretch can pass: most lines stop here
        return []
    scores = array.tolist()
    grams = _default_bigrams() if table is None else BackoffBigrams(table)
    k = key_form(text)

    def inner(i: int) -> float:  # the score of the bigram k[i:i+2] alone
        return grams[k[i : i + 2]] - BIAS

    out = []
    for a, b, score in maximal_segments(scores):
        # an edge character that only just reads as spam is more likely the prose around it;
        # so is one that reads as spam only by its bigram with the prose outside ("…就能|威尼斯人…":
        # 就能 of a loan ad's 就能借 lifts 能, 能威 does not)
        while a < b and (text[a] in _EDGE or scores[a] < EDGE_MIN or (b - a > 1 and inner(a) < EDGE_MIN)):
            score -= scores[a]
            a += 1
        while b > a and (text[b - 1] in _EDGE or scores[b - 1] < EDGE_MIN or (b - a > 1 and inner(b - 2) < EDGE_MIN)):
            score -= scores[b - 1]
            b -= 1
        # a clause at either end that reads as prose on its own ("客服，威龙皇宫娱乐场…") is
        # the sentence the spam was spliced into
        a, b, score = _trim_clauses(text, scores, a, b, score)
        a, b, score = _snap(text, scores, a, b, score)
        a, b, score = _drop_weak_ends(scores, a, b, score)
        letters = sum(1 for c in text[a:b] if c.isalnum())
        if letters < MIN_LEN or score < MIN_SCORE or score / max(1, letters) < MIN_MEAN:
            continue
        if _prose_stretch(text, a, b, score):
            continue
        out.append((a, b))
    return out

