"""Titles for inputs that have none: the most salient short clause of the opening.

Salience = sum of jieba TF-IDF weights of the clause's words, so the chosen clause names
what the article is about. The result is marked `title_derived` and shown as such.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter
from pathlib import Path

import jieba

from .split import item_headline
from .tokens import lcut

_CLAUSE_SPLIT = re.compile(r"[。!?！？;；\n]|,|，")
_LEADING_CONNECTIVE = re.compile(r"^(而|但|且|并|同时|此外|值此情况下|相比之下|事实上|实际上|因此|所以|其中|正如|如今|目前)[,，]?")
MIN_LEN, MAX_LEN = 8, 28
TFIDF_CHARS = 1500


# jieba.analyse's TF-IDF (`extract_tags`) without importing jieba.analyse: that import
# loads jieba's part-of-speech tables (0.4 s per process) which the TF-IDF never reads.
# Same words (tokens.lcut), same IDF table, same stop words and the same arithmetic, so the
# same weights (tests/test_titles.py compares with jieba.analyse.extract_tags).
_JIEBA_STOP_WORDS = frozenset((  # jieba.analyse.tfidf.KeywordExtractor.STOP_WORDS
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
    "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
    "this", "then", "at", "have", "all", "not", "one", "has", "or",
))
TOP_KEYWORDS = 40


@cache
def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (jieba/analyse/idf.txt) and its median, read as jieba reads it."""
    text = (Path(jieba.__file__).parent / "analyse" / "idf.txt").read_bytes().decode("utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        word, freq = line.strip().split(" ")
        table[word] = float(freq)
    return table, sorted(table.values())[len(table) // 2]


def keyword_weights(text: str, top_k: int = TOP_KEYWORDS) -> dict[str, float]:
    """`dict(jieba.analyse.extract_tags(text, topK=top_k, withWeight=True))`."""
    idf, median = _idf()
    freq: dict[str, float] = {}
    for w in lcut(text):
        if len(w.strip()) < 2 or w.lower() in _JIEBA_STOP_WORDS:
            continue
        freq[w] = freq.get(w, 0.0) + 1.0
    total = sum(freq.values())
    for k in freq:
        freq[k] *= idf.get(k, median) / total
    return dict(sorted(freq.items(), key=itemgetter(1), reverse=True)[:top_k])


def derive_title(paragraphs: list[str], opening: int = 6) -> str:
    # The opening decides the title; keywords of a long tail would only cost time.
    text = "\n".join(paragraphs)[:TFIDF_CHARS]
    weights = keyword_weights(text)
    best: tuple[float, int, str] | None = None
    for p_index, para in enumerate(paragraphs[:opening]):
        for clause in _CLAUSE_SPLIT.split(para):
            # (a numbered item's headline: "2. 标题" is titled "标题", the number is the list's)
            clause = _LEADING_CONNECTIVE.sub("", item_headline(clause.strip(" “”\"'():：、"))[1])
            if not (MIN_LEN <= len(clause) <= MAX_LEN):
                continue
            words = lcut(clause, hmm=False)
            # summed in sorted order: a set's order follows string hashes (PYTHONHASHSEED),
            # and float sums in another order can break a near-tie the other way
            score = sum(weights.get(w, 0.0) for w in sorted(set(words))) / (1 + 0.1 * p_index)
            if best is None or score > best[0]:
                best = (score, -p_index, clause)
    if best is not None:
        return best[2]
    first = paragraphs[0] if paragraphs else ""
    return first[:MAX_LEN] or "untitled"
