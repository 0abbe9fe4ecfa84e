"""Keyword stuffing, dangling keyword tails and repair against mirrors: words inserted
into an article to game search engines, found by burst, unattested context and comparison
with the other copies of the article."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial

from .model import Removal
from .rules import RULES_DIR, _load, spam_rules
from .spam import spam_spans
from .split import Line
from .text import CJK_CHAR as _CJK_CHAR
from .text import SENTENCE_END as _SENTENCE_END
from .text import SENTENCE_STOP as _SENTENCE_STOP
from .text import compact, cut, merge_spans

# --- keyword stuffing -----------------------------------------------------------------

_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


def title_terms(title: str | None) -> set[str]:
    """CJK n-grams (2-4) of the title: the words a stuffer repeats to game search."""
    if not title:
        return set()
    grams = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", title):
        for size in (2, 3, 4):
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def stuffing_terms(texts: list[str], candidates: set[str], min_expected: float | None = None) -> tuple[set[str], set[int]]:
    """Title words stuffed into the article, and the paragraphs that are bursty with them.

    A term is stuffing when it is bursty in some paragraph (far above its rate in the rest
    of the article) while the article barely uses it elsewhere: a real subject word, such
    as 法律 in a legal-tech article, is frequent everywhere, so it is never taken.
    """
    if min_expected is None:
        min_expected = run_rules().burst_min_expected
    total = sum(len(t) for t in texts) or 1
    terms: set[str] = set()
    flagged: set[int] = set()
    for term in candidates:
        counts = [t.count(term) for t in texts]
        all_count = sum(counts)
        bursty = set()
        for i, (text, count) in enumerate(zip(texts, counts, strict=True)):
            if count < 3:
                continue
            expected = (all_count - count) * len(text) / max(1, total - len(text))
            if count >= 3 * expected + 2:
                bursty.add(i)
        # A repeated compound (深度学习 three times) always has the same neighbours;
        # inserted words land in varied places.
        bursty = {i for i in bursty if _varied_contexts(texts[i], term)}
        # one paragraph alone that says its subject word three times is about it ("…县城运营…县城道路…
        # 县城公交…"); a stuffer spreads the keyword over several, or packs one paragraph denser
        if len(bursty) == 1 and counts[next(iter(bursty))] < run_rules().single_burst_min:
            continue
        if not bursty:
            continue
        rest = sum(c for i, c in enumerate(counts) if i not in bursty)
        burst_len = sum(len(texts[i]) for i in bursty)
        rest_len = total - burst_len
        # "Barely used elsewhere" is evidence only where the burst's rate would have put
        # several occurrences: a short news item's subject word (内存 three times in 106
        # characters, none in the other 100) is no stuffing.
        if sum(counts[i] for i in bursty) / max(1, burst_len) * rest_len < min_expected:
            continue
        if rest * 2000 / max(1, rest_len) < 1.0:
            terms.add(term)
            flagged |= bursty
    terms = {t for t in terms if not any(t != o and t in o for o in terms)}
    return terms, flagged


def _varied_contexts(text: str, term: str) -> bool:
    lefts, rights = set(), set()
    for m in re.finditer(re.escape(term), text):
        lefts.add(text[m.start() - 1 : m.start()])
        rights.add(text[m.end() : m.end() + 1])
    return len(lefts) >= 2 and len(rights) >= 2


def _attested(others: str, left: str, term: str, right: str) -> bool:
    """Is this occurrence part of a real sentence: do its neighbours meet the term elsewhere?

    A term between two non-letters (paragraph edge, punctuation) is not part of a sentence.
    """
    left_cjk = bool(left and _CJK_CHAR.match(left))
    right_cjk = bool(right and _CJK_CHAR.match(right))
    if not left_cjk and not right_cjk:
        return False
    ok_left = not left_cjk or (left + term) in others
    ok_right = not right_cjk or (term + right) in others
    return ok_left and ok_right


def _grams(text: str, n: int = 4) -> set[str]:
    key = compact(text)
    return {key[i : i + n] for i in range(len(key) - n + 1)}


def _aligned_insertions(text: str, references: list[str], words: set[str]) -> list[tuple[int, int]]:
    """Spans of `text` that are title words absent from the near-copy paragraphs."""
    from difflib import SequenceMatcher

    spans = []
    reference = "\n".join(references)
    matcher = SequenceMatcher(None, text, reference, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            piece = text[i1:i2].strip(" ,，")
            if piece in words:
                start = text.index(piece, i1)
                spans.append((start, start + len(piece)))
    return spans


RESTATE_SHARE = 0.6  # share of the headline a paragraph quotes verbatim to restate it


def _restating(texts: list[str], title: str) -> set[int]:
    """Indexes of the paragraphs holding a verbatim run of most of the headline."""
    key = compact(title)
    need = max(8, int(RESTATE_SHARE * len(key)))
    if len(key) < need:
        return set()
    runs = {key[i : i + need] for i in range(len(key) - need + 1)}
    return {i for i, t in enumerate(texts) if any(r in compact(t) for r in runs)}


def repair_stuffing(lines: list[Line], title: str | None, removals: list[Removal], lead: int = 8) -> list[Line]:
    """Remove title words inserted into paragraphs to game search engines.

    Stuffing terms come from `stuffing_terms`. In a paragraph bursty with one, or a lead
    paragraph holding one, an occurrence is removed when the characters around it never
    meet the term anywhere else in the article; other title words are removed where the
    paragraph is a near-copy of other paragraphs and the copies lack them; doubled words
    ("中国中国") are collapsed.
    """
    candidates = title_terms(title)
    if not candidates:
        return lines
    texts = [ln.text for ln in lines]
    terms, flagged = stuffing_terms(texts, candidates)
    if not terms:
        return lines
    # A lead paragraph restating the headline (quoting most of it: "印发《某某指引（试行）》")
    # holds its words because it is about them, not because they were inserted.
    restated = _restating(texts[: min(lead, len(texts))], title or "")
    flagged = {i for i in flagged if i not in restated} | {
        i for i in range(min(lead, len(texts))) if i not in restated and any(t in texts[i] for t in terms)}
    clean_others = "\n".join(t for j, t in enumerate(texts) if j not in flagged)
    grams = [_grams(t) for t in texts]
    out = []
    for idx, ln in enumerate(lines):
        if idx not in flagged:
            out.append(ln)
            continue
        text = _DOUBLED.sub(partial(_log_double, removals=removals, line=ln.no), ln.text)
        for term in sorted(terms, key=lambda t: (-len(t), t)):  # ties by text: never set order
            text = _remove_unattested(text, term, clean_others, removals, ln.no)
        mine = _grams(text)
        similar = sorted(
            (j for j in range(len(texts)) if j not in flagged and mine),
            key=lambda j: (-len(mine & grams[j]), j),
        )[:2]
        if similar and sum(len(mine & grams[j]) for j in similar) >= 0.4 * len(mine):
            spans = _aligned_insertions(text, [texts[j] for j in similar], candidates)
            for a, b in spans:
                removals.append(Removal("stuffing", text[a:b], "absent-from-near-copy", ln.no))
            text = cut(text, spans)
        text = re.sub(r"\s{2,}", " ", text).strip()
        if text:
            out.append(Line(ln.no, text))
    return out


def _log_double(m: re.Match[str], *, removals: list[Removal], line: int) -> str:
    removals.append(Removal("stuffing", m.group(1), "doubled-word", line))
    return m.group(1)


def _remove_unattested(text: str, term: str, others: str, removals: list[Removal], line: int) -> str:
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(re.escape(term), text):
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if _attested(others, left, term, right):
            continue
        pieces.append(text[pos : m.start()])
        pos = m.end()
        removals.append(Removal("stuffing", term, "unattested-title-word", line))
    pieces.append(text[pos:])
    return "".join(pieces)


# --- dangling tails ------------------------------------------------------------------

_TAIL = re.compile(r"(?<=[。!?！？”」])([^。!?！？,，、;；:：“”\s]{2,16})$")


def drop_dangling_tails(lines: list[Line], title: str | None, removals: list[Removal]) -> list[Line]:
    """Remove keyword fragments glued after a paragraph's final punctuation ("…回答。AI眼镜推荐").

    A fragment after the last sentence end is stuffing when the same fragment ends several
    paragraphs, or when it is made only of title words.
    """
    tails = [(_TAIL.search(ln.text) if _CJK_CHAR.search(ln.text[-1:] or "x") or ln.text[-1:].isalnum() else None) for ln in lines]
    counts = Counter(m.group(1) for m in tails if m)
    words = title_terms(title)
    out = []
    for ln, m in zip(lines, tails, strict=True):
        if m and (counts[m.group(1)] >= 2 or _only_title_words(m.group(1), words)):
            removals.append(Removal("stuffing", m.group(1), "dangling-tail", ln.no))
            out.append(Line(ln.no, ln.text[: m.start(1)]))
        else:
            out.append(ln)
    return out


def _only_title_words(fragment: str, words: set[str]) -> bool:
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", fragment)
    if len(cjk) < 2 or not words:
        return False
    return all(_covered(cjk, words))


def _covered(text: str, words: set[str]) -> list[bool]:
    """For each character of `text`, whether a 2-4 character word of `words` covers it."""
    mask = [False] * len(text)
    for size in (4, 3, 2):
        for i in range(len(text) - size + 1):
            if text[i : i + size] in words:
                for j in range(i, i + size):
                    mask[j] = True
    return mask


# --- repair against mirrors -----------------------------------------------------------

MIRROR_SPAN_MAX = 16


def repair_against_mirrors(paragraphs: list[str], donors: list[list[str]]) -> tuple[list[str], list[Removal]]:
    """Remove short insertions that no other copy of the article has.

    Mirrors of one article carry different spam; a short run of characters found in the
    canonical copy but in none of the other copies' matching paragraphs — and nowhere
    else in those copies — was spliced in ("Step b极速y Step", "…需求,稳赚群可以…").
    Longer differences are content (an editor's change, a longer version) and stay.
    """
    from difflib import SequenceMatcher

    if not donors:
        return paragraphs, []
    spam = spam_rules()
    donor_texts = ["\n".join(d) for d in donors]
    donor_grams = [[_grams(p) for p in d] for d in donors]
    out: list[str] = []
    removals: list[Removal] = []
    for para in paragraphs:
        mine = _grams(para)
        matches = []
        for donor, grams in zip(donors, donor_grams, strict=True):
            best = max(range(len(donor)), key=lambda j: len(mine & grams[j]), default=None)
            if best is not None and mine and len(mine & grams[best]) >= 0.6 * len(mine):
                matches.append(donor[best])
        if not matches:
            out.append(para)
            continue
        absent: set[int] | None = None
        for other in matches:
            here = set()
            for tag, i1, i2, _j1, _j2 in SequenceMatcher(None, para, other, autojunk=False).get_opcodes():
                if tag == "delete":
                    here.update(range(i1, i2))
            absent = here if absent is None else absent & here
        spans = _runs(sorted(absent or ()))
        cuts = []
        for a, b in spans:
            piece = para[a:b].strip()
            if not (2 <= len(piece) <= MIRROR_SPAN_MAX) or _SENTENCE_END.search(piece) or not compact(piece):
                continue
            if spam_spans(piece, spam) or not any(piece in t for t in donor_texts):
                cuts.append((a, b))
                kind = "spam" if spam_spans(piece, spam) else "injected"
                removals.append(Removal(kind, piece, "absent-from-every-mirror"))
        out.append(cut(para, cuts) if cuts else para)
    return out, removals


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p == runs[-1][1]:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs


# --- keyword runs ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunRules:
    function_chars: frozenset[str]
    soft: frozenset[str]
    hard: frozenset[str]
    brackets: tuple[str, ...]
    segment_max: int
    segment_min: int
    min_phrases: int
    space_coverage: float
    phrase_coverage: float
    list_coverage: float
    keyword_line: re.Pattern[str]
    search_hint: re.Pattern[str]
    templates: tuple[tuple[str, re.Pattern[str]], ...]
    burst_min_expected: float  # occurrences the burst's rate predicts in the rest, at least
    single_burst_min: int  # occurrences of a term bursting in one paragraph only
    separator: re.Pattern[str]  # one character of `soft`, `hard` or whitespace
    function_any: re.Pattern[str]  # one character of `function_chars`


@lru_cache(maxsize=1)
def run_rules() -> RunRules:
    """rules/stuffing.yaml, compiled."""
    raw = _load("stuffing.yaml", RULES_DIR)
    return RunRules(
        function_chars=frozenset(str(raw["function_chars"])),
        soft=frozenset(str(raw["soft_separators"])),
        hard=frozenset(str(raw["hard_separators"])),
        brackets=tuple(str(b) for b in raw["brackets"]),
        segment_max=int(raw["segment_max"]),
        segment_min=int(raw["segment_min"]),
        min_phrases=int(raw["min_phrases"]),
        space_coverage=float(raw["space_coverage"]),
        phrase_coverage=float(raw["phrase_coverage"]),
        list_coverage=float(raw["list_coverage"]),
        keyword_line=re.compile(str(raw["keyword_line"]), re.IGNORECASE),
        search_hint=re.compile(str(raw["search_hint"]), re.IGNORECASE),
        templates=tuple((str(t["id"]), re.compile(str(t["re"]), re.IGNORECASE)) for t in raw.get("template_sentences", [])),
        burst_min_expected=float(raw["burst_min_expected"]),
        single_burst_min=int(raw["single_burst_min"]),
        # \s is exactly str.isspace() over all of Unicode (checked by tests/test_clean_stuffing_runs.py)
        separator=_char_class(str(raw["soft_separators"]) + str(raw["hard_separators"]), r"\s"),
        function_any=_char_class(str(raw["function_chars"])),
    )


def _char_class(chars: str, extra: str = "") -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + extra + "]")


_LATIN = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def keyword_vocabulary(title: str | None, keyword_lines: list[str]) -> tuple[set[str], set[str], set[str]]:
    """CJK n-grams (2-4) and Latin words of the title and of the page's keyword lines, and
    the keyword lines' own terms."""
    grams: set[str] = set()
    latin: set[str] = set()
    terms: set[str] = set()
    rules = run_rules()
    for line in keyword_lines:
        body = rules.keyword_line.sub("", line).lower()
        terms.update(t for t in re.split(r"[\s,，、/|｜;；]+", body) if len(t) >= 2)
    for text in [title or "", *keyword_lines]:
        text = rules.keyword_line.sub("", text).lower()
        latin.update(_LATIN.findall(text))
        for run in _CJK_RUN.findall(text):
            for size in (2, 3, 4):
                grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams, latin, terms


def _segments(text: str, rules: RunRules) -> list[tuple[int, int]]:
    """(start, end) of the pieces of `text` between separators; a hard separator is a
    piece of its own (start == end marks it) so runs never cross it. A space between two
    Latin words (or beside one, in text spaced pangu-style) is not a separator."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    pangu: bool | None = None  # computed when a space beside one Latin letter asks for it
    for m in rules.separator.finditer(text):
        i = m.start()
        ch = text[i]
        if ch.isspace() and 0 < i < n - 1:
            before, after = _latin(text[i - 1]), _latin(text[i + 1])
            if before and after:
                continue
            if before or after:
                if pangu is None:
                    pangu = _pangu_spaced(text)
                if pangu:
                    continue
        if start < i:
            out.append((start, i))
        start = i + 1
        if ch in rules.hard:
            out.append((i, i))
    if start < n:
        out.append((start, n))
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_LATIN_CJK = re.compile(r"[a-zA-Z](\s?)(?=[\u4e00-\u9fff])|[\u4e00-\u9fff](\s?)(?=[a-zA-Z])")


def _pangu_spaced(text: str) -> bool:
    """Does the text put spaces between Latin words and Chinese ("用 AI 换衣") as a rule?
    Then such a space is typography, not a separator between keywords."""
    spaced = total = 0
    for m in _LATIN_CJK.finditer(text):
        total += 1
        spaced += bool(m.group(1) or m.group(2))
    return total > 0 and spaced * 2 >= total


def _coverage(seg: str, grams: set[str], latin: set[str]) -> float:
    """Share of the segment's letters (spaces left out) that are known words."""
    key = seg.lower()
    mask = [ch.isspace() for ch in key]
    for m in _LATIN.finditer(key):
        if m.group() in latin:
            for j in range(m.start(), m.end()):
                mask[j] = True
    for size in (4, 3, 2):
        for i in range(len(key) - size + 1):
            if key[i : i + size] in grams:
                for j in range(i, i + size):
                    mask[j] = True
    letters = sum(1 for ch in key if not ch.isspace())
    return sum(1 for ch, m in zip(key, mask, strict=True) if m and not ch.isspace()) / max(1, letters)


def _own_words(segs: list[str]) -> tuple[set[str], set[str]]:
    """CJK 2-grams and Latin words that occur in at least two of the phrases."""
    gram_count: Counter[str] = Counter()
    latin_count: Counter[str] = Counter()
    for seg in segs:
        key = seg.lower()
        gram_count.update({run[i : i + 2] for run in _CJK_RUN.findall(key) for i in range(len(run) - 1)})
        latin_count.update(set(_LATIN.findall(key)))
    return {g for g, c in gram_count.items() if c >= 2}, {w for w, c in latin_count.items() if c >= 2}


def keyword_run_spans(text: str, grams: set[str], latin: set[str], terms: frozenset[str] | set[str] = frozenset()
                      ) -> list[tuple[int, int]]:
    """Spans of `text` that are runs of search keywords spliced into a sentence."""
    rules = run_rules()
    segs = _segments(text, rules)
    spans: list[tuple[int, int]] = []

    def eligible(a: int, b: int) -> bool:
        if a >= b or b - a < rules.segment_min:  # compact() only shortens a piece
            return False
        piece = text[a:b]
        size = len(compact(piece))
        return (rules.segment_min <= size <= rules.segment_max
                and not rules.function_any.search(piece)
                and not piece.strip().isdigit())

    i = 0
    while i < len(segs):
        if not eligible(*segs[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(segs) and eligible(*segs[j + 1]):
            j += 1
        # fewer phrases than a run needs: _judge_run would trim and refuse it
        span = _judge_run(text, segs, i, j, grams, latin, terms, rules) if j - i + 1 >= rules.min_phrases else None
        if span:
            spans.append(span)
        i = j + 1
    return spans


# (?<!\d): a figure starts where its digits start; without it a long run of digits with no
# percent sign after it is tried from every position (quadratic; bench/fuzz.py --patterns)
_PERCENT = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*[%％]")


def _stated_figure(phrase: str, latin: set[str]) -> bool:
    """A phrase stating a share the title and keyword lines never print as such ("年增72.4%" under
    a headline's "72%"): a keyword stuffer copies its vocabulary's figures verbatim, a sentence
    states its own, more precise one."""
    # (a whole "100%" measures nothing: "100%干货", "100%正品" are a stuffer's slogans)
    return any(any(tok not in latin for tok in re.findall(r"\d+", m.group(1))) for m in _PERCENT.finditer(phrase)
               if m.group(1) != "100")


def _judge_run(text: str, segs: list[tuple[int, int]], i: int, j: int, grams: set[str], latin: set[str],
               terms: frozenset[str] | set[str], rules: RunRules) -> tuple[int, int] | None:
    """The span to remove for the eligible segments i..j, trimmed to its keywords, or None."""
    pieces = [text[a:b] for a, b in segs[i : j + 1]]
    own_g, own_l = _own_words(pieces)
    all_grams, all_latin = grams | own_g, latin | own_l  # once per run, not per phrase
    cover = [_coverage(p, all_grams, all_latin) for p in pieces]
    outer = [_coverage(p, grams, latin) for p in pieces]
    # Trim low-coverage phrases at the ends: prose words beside the run.
    lo, hi = 0, len(pieces) - 1
    while lo <= hi and cover[lo] < rules.phrase_coverage:
        lo += 1
    # A weak last phrase stays only between spaces ("… 训练芯片 算力 国内…"); one that runs
    # on to the clause's end is the sentence resuming ("… 国产减速器今天正式印发。").
    # So does one that closes a bracket the run opened ("（关键词 关键词 关键词哪个好）").
    opened = i > 0 and segs[i - 1][0] == segs[i - 1][1] and text[segs[i - 1][0]] in {b[0] for b in rules.brackets}
    while hi >= lo and cover[hi] < rules.phrase_coverage and not (
            _space_before(text, segs[i + hi][0]) and text[segs[i + hi][1] : segs[i + hi][1] + 1].isspace()) and not (
            opened and lo == 0 and hi == j - i and i + hi + 1 < len(segs)
            and text[segs[i - 1][0]] + text[segs[i + hi + 1][0]] in rules.brackets):
        hi -= 1
    if hi - lo + 1 < rules.min_phrases:
        return None
    if (lo > 0 or hi < j - i) and _whole_clause(segs, i, j) and not any(
            _space_before(text, segs[k][0]) for k in range(i + 1, j + 1)):
        # comma-separated phrases that make up a whole clause, some of them no keywords:
        # a list ("路径：统一标识、分级调度、可信交易") whose items the title happens to name
        return None
    phrases = [p for p in pieces[lo : hi + 1] if _CJK_RUN.search(p) or len(p.split()) >= 2]
    if len(phrases) < rules.min_phrases or 2 * sum(bool(_CJK_RUN.search(p)) for p in phrases) < len(phrases):
        return None  # names in Latin letters ("BentoML, OctoML"), a lone "AI": not a run of phrases
    if any(_stated_figure(p, latin) for p in phrases):
        return None  # "…，年增72.4%，创下新高，…" under a headline of "年增72%": the sentence states the measure
    first, last = i + lo, i + hi
    spaced = any(_space_before(text, segs[k][0]) for k in range(first + 1, last + 1))
    sel = cover[lo : hi + 1]
    if spaced:
        if sum(sel) / len(sel) < rules.space_coverage or 2 * sum(c >= rules.phrase_coverage for c in sel) < len(sel):
            return None
    elif min(outer[lo : hi + 1]) < rules.list_coverage:
        return None
    start, end = segs[first][0], segs[last][1]
    if spaced:
        words = [text[a:b].lower() for a, b in segs[first : last + 1]]
        start += _glued_prose(text[start : segs[first][1]], words[1:], terms, grams | own_g, latin | own_l)
        if _space_before(text, segs[last + 1][0]) if last + 1 < len(segs) else False:
            nxt = text[segs[last + 1][0] : segs[last + 1][1]].lower()
            glued = max((len(t) for t in terms if nxt.startswith(t) and len(t) >= 3 and len(t) < len(nxt)), default=0)
            if glued:  # "…AI产业扶持 算力补贴日前经…": a keyword-line term glued to the prose after the run
                return start, segs[last + 1][0] + glued
    prev_end = segs[first - 1][1] if first > 0 else 0
    next_start = segs[last + 1][0] if last + 1 < len(segs) else len(text)
    before = text[prev_end:start]
    after = text[end:next_start]
    whole_before = first == 0 or segs[first - 1][0] == segs[first - 1][1]  # clause edge
    whole_after = last + 1 >= len(segs) or segs[last + 1][0] == segs[last + 1][1]
    if (whole_before and not whole_after and not spaced and len(phrases) < LEAD_RUN_PHRASES
            and {text[segs[k][1] : segs[k + 1][0]].strip() for k in range(first, last)} <= {"，", ","}):
        return None  # "。机构统计，引进一年来，照服员…": a sentence's opening adverbials (commas, no 、), no spliced list
    if whole_before and whole_after:
        if first > 0 and last + 1 < len(segs):
            pair = text[segs[first - 1][0]] + text[segs[last + 1][0]]
            if pair in rules.brackets:  # "（关键词 关键词）": the brackets go too
                return segs[first - 1][0], segs[last + 1][0] + 1
        # a sentence of keyword-line phrases opening a paragraph of prose ("词一,词二,词三哪家好。在…")
        opening = first == 0 or _LEAD_LABEL.fullmatch(text[: segs[first][0]].strip())  # or after "摘要："
        if (opening and last + 1 < len(segs) and len(phrases) >= LEAD_RUN_PHRASES and not spaced
                and _SENTENCE_END.match(text[next_start : next_start + 1]) and text[next_start + 1 :].strip()):
            return start, next_start + 1
        return None  # a whole clause of keywords: a heading or a list, not a splice
    inner = {text[segs[k][1] : segs[k + 1][0]].strip() for k in range(first, last)}
    if whole_after or (before.strip() in inner and after.strip() not in inner):
        return start - len(before), end  # "…视频、关键词、关键词，": the separator before it
    return start, end + len(after)  # "…，关键词 关键词 正文": the separators after it


def _whole_clause(segs: list[tuple[int, int]], i: int, j: int) -> bool:
    """Do segments i..j fill a clause: nothing but hard separators (or the line's edges)
    on either side?"""
    return (i == 0 or segs[i - 1][0] == segs[i - 1][1]) and (j + 1 >= len(segs) or segs[j + 1][0] == segs[j + 1][1])


_LEAD_LABEL = re.compile(r"(摘要|导读|导语|提要|简介)\s*[:：]")
LEAD_RUN_PHRASES = 3  # keyword phrases of a sentence that opens a paragraph and is only keywords


def _glued_prose(piece: str, others: list[str], terms: frozenset[str] | set[str], grams: set[str],
                 latin: set[str]) -> int:
    """Where the keyword starts in a first phrase glued to the prose before it
    ("AI陪伴类产品|AI陪伴 AI陪伴APP"): a suffix that is another phrase (or its start) or a
    keyword-line term, after at least three letters no known word covers; else 0."""
    key = piece.lower()
    for k in range(2, len(key) - 1):
        suffix = key[k:]
        if not (suffix in terms or any(o.startswith(suffix) for o in others)):
            continue
        head = key[:k]
        mask = _covered(head, grams)
        for m in _LATIN.finditer(head):
            if m.group() in latin:
                for y in range(m.start(), m.end()):
                    mask[y] = True
        if re.search(r"[\u4e00-\u9fff]{3}", "".join(ch if not m else " " for ch, m in zip(head, mask, strict=True))):
            return k
    return 0


def _space_before(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isspace()


def remove_keyword_runs(lines: list[Line], title: str | None, removals: list[Removal]) -> list[Line]:
    """Cut runs of search keywords spliced into paragraphs (`keyword_run_spans`); the
    vocabulary is the title and the page's keyword/tag lines, which earlier stages
    removed (found among `removals`)."""
    rules = run_rules()
    keyword_lines = [r.text for r in removals if (r.rule == "keyword-list" and not rules.search_hint.match(r.text))
                     or rules.keyword_line.match(r.text)]
    grams, latin, terms = keyword_vocabulary(title, keyword_lines)
    table = _table_rows(lines)
    out = []
    for k, ln in enumerate(lines):
        spans = merge_spans(keyword_run_spans(ln.text, grams, latin, terms) + bracketed_keyword_spans(ln.text, rules)
                            ) if k not in table else []
        for a, b in spans:
            removals.append(Removal("stuffing", ln.text[a:b], "keyword-run", ln.no))
        text = cut(ln.text, spans).strip() if spans else ln.text
        text = _drop_template_sentences(text, rules, removals, ln.no)
        if text != ln.text:
            if text:
                out.append(Line(ln.no, text))
        else:
            out.append(ln)
    return out


BRACKET_RUN_PHRASES = 4  # space-separated phrases of a bracketed keyword run at least
BRACKET_PHRASE_MEAN = 4.0  # ... and their mean length in characters ("（北京 上海 深圳 广州）" is a list of places)
# a bracket spliced into a sentence holding only keywords set apart by spaces, maybe after an
# internal-link label ("（相关阅读：词 词 词 词）"); no clause mark inside
_BRACKETED = re.compile(r"[（(]\s*(?:(?:相关阅读|相关链接|延伸阅读|关键词|关键字|标签|热门搜索|热搜|tags?)\s*[:：]\s*)?"
                        r"([^（）()。！？!?；;，,、：:“”\"《》]{6,120}?)\s*[)）]", re.IGNORECASE)


def bracketed_keyword_spans(text: str, rules: RunRules) -> list[tuple[int, int]]:
    """Brackets glued into a sentence that hold a run of search keywords and nothing else
    ("…机器人和灵巧手。（词一 词二 词三 词四）其中…"): BRACKET_RUN_PHRASES phrases or more set
    apart by spaces (prose sets no spaces between Chinese words), each of Chinese letters, no
    function character of prose, none longer than a keyword. The title's vocabulary is not
    needed: the bracket and the spaces are the signal."""
    spans = []
    for m in _BRACKETED.finditer(text):
        if m.start() == 0 or (not _CJK_RUN.match(text, m.start() - 1) and text[m.start() - 1] not in "，。、；："):
            continue  # (a bracket opening a line is a note or a heading's)
        phrases = m.group(1).split()
        if (len(phrases) >= BRACKET_RUN_PHRASES
                and all(rules.segment_min <= len(p) <= rules.segment_max and _CJK_RUN.search(p)
                        and not rules.function_any.search(p) for p in phrases)
                and sum(map(len, phrases)) / len(phrases) >= BRACKET_PHRASE_MEAN):
            spans.append(m.span())
    return spans


TABLE_CELLS_MIN = 3  # cells of a table row flattened to a line


def _table_rows(lines: list[Line]) -> set[int]:
    """Lines of a table flattened to text: two or more lines in a row, no sentence end,
    with the same number (TABLE_CELLS_MIN or more) of space-separated cells ("项目 本期数
    上年同期数 变动比例" over "营业收入 3,412 2,918 16.93"): a header's words are no keyword run."""
    cells = [len(ln.text.split()) if not _SENTENCE_STOP.search(ln.text) else 0 for ln in lines]
    out: set[int] = set()
    for k in range(len(lines) - 1):
        if cells[k] >= TABLE_CELLS_MIN and cells[k] == cells[k + 1]:
            out.update((k, k + 1))
    return out


_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”」’]?|$)")


def _drop_template_sentences(text: str, rules: RunRules, removals: list[Removal], line: int) -> str:
    """Sentences of an SEO site's template (rules/stuffing.yaml `template_sentences`)."""
    if not any(rx.search(text) for _, rx in rules.templates):
        return text
    kept = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        if not sentence:
            continue
        rule = next((rid for rid, rx in rules.templates if rx.search(sentence)), None)
        if rule:
            removals.append(Removal("stuffing", sentence, rule, line))
        else:
            kept.append(sentence)
    return "".join(kept).strip()
