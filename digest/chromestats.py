"""Chrome lines by statistics: lines of a page that read as its furniture (menus, counters,
buttons, field rows, footers, comment furniture, related lists) rather than as the article,
in wordings no rule of rules/chrome.yaml knows.

A line's score (a logit) is a logistic regression over
- the mean and the sum of the log-odds of its character bigrams that hold a CJK character,
  chrome against article lines (key form of digest/spamstats.py: lower case, every digit 0,
  every ASCII letter a; a bigram not listed weighs a quarter of its two characters' sum);
- its shape: letters, a sentence end, sentence stops, clause marks, the shares of digits,
  Latin letters, separators (| · / > …), spaces and CJK letters, a URL, e-mail, phone or
  time stamp, a label opening it ("xx："), brackets around it, its space-separated chunks (a
  space beside a Latin word or a number is mixed-script typography, "Reflection AI 创始人", and
  separates none);
- its place in the segment: the bigram log-odds and shortness of the lines next to it, how
  far it is from the nearest line of prose, whether it is above the first or below the last.
A line is removed only when it scores the threshold or more (a line written like article
text, `prose_like`: the threshold plus the model's prose margin), its own bigrams sum to
MIN_EVIDENCE or more (its words read as chrome, not only its shape), it is no prose
(`is_prose`: more than GUARD_LEN letters, a sentence ending in a stop, a sentence with
clauses, a numbered heading, list item or reference) and no row of a table of figures
(`table_rows`: a report's table reads the same as its article's data or as furniture).

Training (tools/train_chromestats.py): every line of every `tune` source of the cleaning set,
built into its raw input and split by the pipeline, labelled by its letters (`[kind] text`
lines and `⟦kind|…⟧` splices are noise); the regression is fitted on the lines `is_prose`
and `table_rows` let through, with the classes weighted alike (and within a class every source document
alike, so one page's run of similar lines does not pull the fit its way) and bigram features
out of fold (each tune round's from a table made without it). The threshold was set by leave-one-round-out
cross-validation on the tune rounds (bench/cv_chromestats.py): each round's lines the rules
keep are scored by a model trained without that round, and the threshold is the highest
effective score of an article line in any round plus a margin of 1.0, at the grid's nearest
point (4.0 over t10's "综合评分：92.36分" at 3.12). A threshold a quarter over the highest article line (3.25, round
cls20) removed article text on held-out pages that the CV had shown none lost; chosen
without each round in turn, the margin's rule loses 9 letters of t10 alone. The
cleaner (digest/clean.py, rule `chrome-stats`) runs it after all its rules, on the lines
they keep, and only removes more lines. Weights, bigrams and threshold are in
rules/chrome_stats.tsv; the build never trains.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import add
from pathlib import Path

import numpy as np

from .rules import _load
from .spamstats import BackoffBigrams, key_form

TABLE = Path(__file__).resolve().parent.parent / "rules" / "chrome_stats.tsv"
CALLS = TABLE.with_name("chrome.yaml")  # its call_to_action verbs: a button's opening word

FEATURES = (
    "nb_mean",
    "nb_sum",
    "log_len",
    "short",
    "ends_stop",
    "stops",
    "clauses",
    "digits",
    "latin",
    "separators",
    "spaces",
    "cjk",
    "url",
    "email",
    "phone",
    "stamp",
    "label",
    "bracketed",
    "chunks",
    "near_nb",
    "near_short",
    "prose_dist",
    "above_prose",
    "below_prose",
)
NB_SUM_CLIP = 30.0  # the bigram sum feature is clipped to ±this, then scaled by 1/10
PROSE_LEN = 40  # a line this long with a sentence end is prose (the context's anchor)
DIST_CAP = 8  # lines to the nearest prose line, counted up to this
GUARD_LEN = 80  # a line with more letters than this is never removed
SENTENCE_CJK = 6  # CJK letters of a line ending with a sentence stop that is never removed
GUARD_CJK = 12  # CJK letters of a line with a sentence stop and a clause mark that is never removed
SHORT = 8  # letters of a short line
NB_CHARS = 160  # characters of a line its bigrams are read from (a long line is prose anyway)
MIN_EVIDENCE = 3.0  # summed bigram log-odds a line needs: its own words read as chrome
TABLE_CELLS = 3  # space-separated cells of a row of a table
TABLE_FIGURE_ROWS = 2  # rows of figures a run of such rows holds to be a table
PROSE_LIKE_CJK = 6  # CJK letters of a line written like article text (`prose_like`)
PROSE_LIKE_DIGITS = 0.1  # share of a prose-like line's letters that may be digits

_STOP = re.compile(r"[。！？!?]")
_END = re.compile(r"[。！？!?…][”’」』）)\"']*\s*$")
_CLAUSE = re.compile(r"[，,；;、：:]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SEPARATOR = re.compile(r"[|｜·•/>＞»›→_\-—–~～<«‹*#=+]")
_URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org|html?)\b", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-\d{7,8}|400[\s-]?\d{3}[\s-]?\d{4})(?!\d)")
_STAMP = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|(?<!\d)\d{1,2}-\d{1,2}(?!\d)|[天小分]\S{0,2}前")
_LABEL = re.compile(r"^\s*[\u3400-\u9fffA-Za-z]{1,6}\s*[:：]")
_BRACKETED = re.compile(r"^\s*[【\[「『〔（(<《].*[】\]」』〕）)>》]\s*$")
_SPACE_RUN = re.compile(r"\s+")
# a space between two chunks of a line: not beside a Latin letter or a digit (prose spaces its
# Latin words and numbers off its Chinese: "对 Agent 未来", "月活用户为 20 亿")
_CHUNK_SPACE = re.compile(r"(?<![\sA-Za-z0-9])\s+(?![\sA-Za-z0-9])")
_FIGURE = re.compile(r"[-+−]?\d[\d,.]*%?")
# a hyphen, slash or dot inside a Latin word or a number ("Human-in-the-loop", "CO., LTD", "1.5")
# is a word's spelling, not a separator of furniture
_WORD_JOIN = re.compile(r"(?<=[A-Za-z0-9])[-/.](?=[A-Za-z0-9])")
_TAG = re.compile(r"[【】\[\]]")
_SYMBOLS = frozenset(("So", "Sk", "Sm", "Co"))


class Grams(BackoffBigrams):
    """A table's character and bigram weights; each bigram met is remembered with the
    weight it reads as (NaN for one without a CJK character: no evidence either way; a
    bigram not listed: half the mean of its characters' weights)."""

    damping = 0.25

    def weight(self, gram: str) -> float:
        if not (_is_cjk(gram[0]) or _is_cjk(gram[-1])):
            return math.nan
        return super().weight(gram)


@dataclass(frozen=True)
class Model:
    grams: Grams  # character and bigram log-odds (key form), chrome vs article
    coef: np.ndarray  # one weight per FEATURES
    bias: float
    mean: np.ndarray  # feature standardisation
    scale: np.ndarray
    threshold: float  # a line scoring this (a logit) or more is chrome
    prose_margin: float = 0.0  # ... and a line written like article text (`prose_like`) this much more


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def letters(text: str) -> int:
    return sum(map(str.isalnum, text))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The committed model (None when the table is missing: the cleaner then removes nothing)."""
    return read_table(TABLE.read_text("utf-8")) if TABLE.exists() else None


def read_table(text: str) -> Model:
    grams: dict[str, float] = {}
    params: dict[str, list[float]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, val = line.rpartition("\t")
        if key.startswith("@"):
            params[key[1:]] = [float(v) for v in val.split()]
        else:
            grams[key] = float(val)
    return Model(
        Grams(grams),
        np.array(params["coef"]),
        params["bias"][0],
        np.array(params["mean"]),
        np.array(params["scale"]),
        params["threshold"][0],
        params.get("prose_margin", [0.0])[0],
    )


def _key(text: str) -> str:
    return _SPACE_RUN.sub(" ", key_form(text.strip()[:NB_CHARS]))


def key_grams(text: str) -> list[str]:
    """The bigrams of `text` (its first NB_CHARS characters, key form, spaces folded) that
    hold a CJK character: digits, Latin words and punctuation alone are no evidence
    (product names, numbers, tables). A line of one CJK character is its own gram."""
    k = _key(text)
    if len(k) < 2:
        return [k] if k and _is_cjk(k) else []
    return [g for g in map(add, k, k[1:]) if _is_cjk(g[0]) or _is_cjk(g[1])]


def _nb(text: str, grams: Grams) -> tuple[float, float]:
    """Mean and sum of the weights of the bigrams of `text` that hold a CJK character."""
    k = _key(text)
    if len(k) < 2:
        w = grams.table.get(k, 0.0) if k else 0.0
        return w, w
    ws = np.fromiter(map(grams.__getitem__, map(add, k, k[1:])), dtype=np.float64, count=len(k) - 1)
    ws = ws[~np.isnan(ws)]
    if not len(ws):
        return 0.0, 0.0
    total = float(ws.sum())
    return total / len(ws), total


# a numbered heading or list item ("二、…", "第三节 …", "（一）…", "3.2 …") or a reference ("[1] 某某.…")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d{1,2}(?:\.\d{1,2})*[.、)）](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|第[一二三四五六七八九十百\d]{1,3}[部章节篇条]|[\[【［]\d{1,3}[\]】］])"
)


# a line of code or markup an article quotes ('<nav class="menu">首页 模型 文档</nav>', "x = f(y);")
_CODE = re.compile(r"</?[A-Za-z][\w-]{0,20}(?:\s[^<>]{0,200})?/?>|[;{}]\s*$|^\s*(?:import|from|def|class|return|const|let|var)\s")


def is_prose(text: str) -> bool:
    """A line the classifier never removes: long; a sentence (it ends with a sentence stop,
    or holds one among clauses); a numbered heading, list item or reference; code or markup."""
    n = letters(text)
    if n > GUARD_LEN or _NUMBERED.match(text) or _CODE.search(text):
        return True
    cjk = len(_CJK.findall(text))
    if cjk >= SENTENCE_CJK and _END.search(text):
        return True
    return bool(_STOP.search(text)) and len(_CLAUSE.findall(text)) + len(_STOP.findall(text)) >= 2 and cjk >= GUARD_CJK


@lru_cache(maxsize=1)
def _call_verbs() -> tuple[str, ...]:
    """rules/chrome.yaml call_to_action `verbs` (点击, 收藏, 分享, 关注…), longest first."""
    data = _load(CALLS.name, CALLS.parent)  # parsed once per process, shared with the other chrome rules
    verbs = (data.get("call_to_action") or {}).get("verbs") or []
    return tuple(sorted(map(str, verbs), key=len, reverse=True))


def warm() -> None:
    """Read this module's rule files now (the table and the call verbs): a resident session
    reads every rule file when it starts (pipeline.warm_rules), none in a rebuild."""
    model()
    _call_verbs()


def chrome_form(text: str) -> bool:
    """Does a line carry a form of page furniture that a line of article text does not need:
    a separator (| · / > …, not a hyphen inside a word), a symbol or pictograph, a URL, e-mail,
    phone or time stamp, a handle, a label opening it ("xx："), a button's call opening it
    (rules/chrome.yaml call_to_action verbs: "点击查看更多评论"), a bracketed tag (【…】), spaced
    chunks or three space-separated words ("首页 AI写作 AI绘画"), or digits beyond
    PROSE_LIKE_DIGITS of its letters?"""
    s = text.strip()
    joined = _WORD_JOIN.sub("", s)
    return bool(
        len(_DIGIT.findall(s)) > PROSE_LIKE_DIGITS * letters(s)
        or _SEPARATOR.search(joined)
        or _TAG.search(s)
        or "@" in s
        or _URL.search(s)
        or _EMAIL.search(s)
        or _PHONE.search(s)
        or _STAMP.search(s)
        or _LABEL.match(s)
        or s.startswith(_call_verbs())
        or _CHUNK_SPACE.search(s)
        or len(s.split()) > 2
        or any(unicodedata.category(c) in _SYMBOLS for c in s)
    )


def prose_like(text: str) -> bool:
    """A line written like article text (a heading, a title in 《》, a clause of a wrapped
    paragraph): PROSE_LIKE_CJK CJK letters or more and no form of furniture (`chrome_form`).
    Its words alone say chrome, and on a page nobody has seen the words are what is least
    known: such a line needs the threshold plus the model's prose margin."""
    return len(_CJK.findall(text)) >= PROSE_LIKE_CJK and not chrome_form(text)


def effective_scores(texts: Sequence[str], rows: Sequence[int], scores: np.ndarray, m: Model) -> np.ndarray:
    """The scores of lines `rows` of `texts` less the model's prose margin for a prose-like
    line: a line is chrome when its effective score reaches the threshold."""
    return np.array([s - (m.prose_margin if prose_like(texts[i]) else 0.0) for i, s in zip(rows, scores, strict=True)])


def _figure_row(cells: list[str]) -> bool:
    """A row of figures: a label cell and cells most of which are numbers ("营业收入 3,412.37 2,918.55 16.93")."""
    figures = sum(1 for c in cells[1:] if _FIGURE.fullmatch(c))
    return figures >= 2 and 2 * figures >= len(cells) - 1


def table_rows(texts: Sequence[str]) -> set[int]:
    """The lines of a segment that are rows of a table of figures: a run of lines of
    TABLE_CELLS space-separated cells or more holding TABLE_FIGURE_ROWS rows of figures or
    more, its header row included ("项目 本期数 上年同期数 变动比例（%）" over its rows). Their
    words are a report's (营业收入, 本期数, 同期), whether the page prints the table as its
    article's data or as furniture around it; the classifier cannot tell the two from the
    words and never removes a table's row (the rules may)."""
    out: set[int] = set()
    run: list[int] = []
    figures = 0
    for i, text in enumerate([*texts, ""]):
        cells = text.split()
        if len(cells) >= TABLE_CELLS:
            run.append(i)
            figures += _figure_row(cells)
            continue
        if figures >= TABLE_FIGURE_ROWS:
            out.update(run)
        run, figures = [], 0
    return out


def _anchor(text: str) -> bool:
    return len(text) >= PROSE_LEN and bool(_STOP.search(text)) and len(_CJK.findall(text)) >= PROSE_LEN // 2


def line_features(texts: Sequence[str], grams: Grams, rows: Sequence[int] | None = None) -> np.ndarray:
    """The feature matrix (len(rows) × len(FEATURES)) of lines `rows` (all by default) of a
    segment's lines `texts`, in order; `nb` holds each line's bigram mean and sum when known."""
    n = len(texts)
    rows = list(range(n)) if rows is None else list(rows)
    out = np.zeros((len(rows), len(FEATURES)))
    if not n or not rows:
        return out
    nb = np.array([_nb(t, grams) for t in texts]).reshape(n, 2)
    short = np.array([letters(t) <= SHORT for t in texts], dtype=np.float64)
    sel = np.array(rows)
    out[:, 0] = nb[sel, 0]
    out[:, 1] = np.clip(nb[sel, 1], -NB_SUM_CLIP, NB_SUM_CLIP) / 10
    out[:, 3] = short[sel]
    for r, i in enumerate(rows):
        s = texts[i].strip()
        size = max(1, len(s))
        out[r, 2] = math.log1p(letters(s))
        out[r, 4] = bool(_END.search(s))
        out[r, 5] = min(len(_STOP.findall(s)), 5)
        out[r, 6] = math.log1p(len(_CLAUSE.findall(s)))
        out[r, 7] = len(_DIGIT.findall(s)) / size
        out[r, 8] = len(_LATIN.findall(s)) / size
        out[r, 9] = len(_SEPARATOR.findall(s)) / size
        out[r, 10] = (s.count(" ") + s.count("\u3000") + s.count("\t")) / size
        out[r, 11] = len(_CJK.findall(s)) / size
        out[r, 12] = bool(_URL.search(s))
        out[r, 13] = bool(_EMAIL.search(s))
        out[r, 14] = bool(_PHONE.search(s))
        out[r, 15] = bool(_STAMP.search(s))
        out[r, 16] = bool(_LABEL.match(s))
        out[r, 17] = bool(_BRACKETED.match(s))
        out[r, 18] = math.log1p(1 + len(_CHUNK_SPACE.findall(s)))
    # the place of each line: its neighbours, and the nearest line of prose
    padded = np.concatenate(([0.0], nb[:, 0], [0.0]))
    out[:, 19] = ((padded[:-2] + padded[2:]) / 2)[sel]
    padded = np.concatenate(([0.0], short, [0.0]))
    out[:, 20] = ((padded[:-2] + padded[2:]) / 2)[sel]
    anchors = np.flatnonzero([_anchor(t) for t in texts])
    if len(anchors):
        pos = np.searchsorted(anchors, sel)
        after = anchors[np.minimum(pos, len(anchors) - 1)]
        before = anchors[np.maximum(pos - 1, 0)]
        dist = np.minimum(np.abs(sel - after), np.abs(sel - before))
        out[:, 21] = np.log1p(np.minimum(dist, DIST_CAP))
        out[:, 22] = sel < anchors[0]
        out[:, 23] = sel > anchors[-1]
    else:
        out[:, 21] = math.log1p(DIST_CAP)
    return out


def logits(x: np.ndarray, m: Model) -> np.ndarray:
    return ((x - m.mean) / m.scale) @ m.coef + m.bias


def segment_scores(texts: Sequence[str], m: Model | None = None, rows: Sequence[int] | None = None) -> np.ndarray:
    """The chrome score (a logit) of lines `rows` (all by default) in the context of the segment `texts`."""
    m = m or model()
    size = len(texts) if rows is None else len(rows)
    if m is None or not size:
        return np.zeros(size)
    return logits(line_features(texts, m.grams, rows), m)


def removable(text: str, m: Model) -> bool:
    """A line the classifier may remove: letters, no prose, and words that read as chrome."""
    return bool(letters(text)) and not is_prose(text) and _nb(text, m.grams)[1] >= MIN_EVIDENCE


def chrome_lines(texts: Sequence[str], candidates: Sequence[int], m: Model | None = None) -> list[tuple[int, float]]:
    """(index, score) of the lines of `candidates` (indexes into the segment `texts`) that
    score as chrome at the model's threshold (a prose-like line: the threshold plus the prose
    margin); lines of prose and rows of a table never do."""
    m = m or model()
    if m is None:
        return []
    table = table_rows(texts)
    rows = [i for i in candidates if i not in table and removable(texts[i], m)]
    if not rows:
        return []
    scores = segment_scores(texts, m, rows)
    eff = effective_scores(texts, rows, scores, m)
    return [(i, float(s)) for i, s, e in zip(rows, scores, eff, strict=True) if e >= m.threshold]
