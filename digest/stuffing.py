"""Keyword stuffing, dangling keyword tails and repair against mirrors: words inserted
into an article to game search engines, found by burst, unattested context and comparison
with the other copies of the article."""

from __future__ import annotations

import re
from collections import Counter
from functools import partial

from .model import Removal
from .rules import spam_rules
from .spam import spam_spans
from .split import Line
from .text import CJK_CHAR as _CJK_CHAR
from .text import SENTENCE_END as _SENTENCE_END
from .text import compact, cut

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


def stuffing_terms(texts: list[str], candidates: set[str]) -> tuple[set[str], set[int]]:
    """Title words stuffed into the article, and the paragraphs that are bursty with them.

    A term is stuffing when it is bursty in some paragraph (far above its rate in the rest
    of the article) while the article barely uses it elsewhere: a real subject word, such
    as 法律 in a legal-tech article, is frequent everywhere, so it is never taken.
    """
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
        if not bursty:
            continue
        rest = sum(c for i, c in enumerate(counts) if i not in bursty)
        rest_len = max(1, total - sum(len(texts[i]) for i in bursty))
        if rest * 2000 / rest_len < 1.0:
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
    flagged |= {i for i in range(min(lead, len(texts))) if any(t in texts[i] for t in terms)}
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
    covered = [False] * len(cjk)
    for size in (4, 3, 2):
        for i in range(len(cjk) - size + 1):
            if cjk[i : i + size] in words:
                for j in range(i, i + size):
                    covered[j] = True
    return all(covered)


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
