"""Titles for inputs that have none: the most salient short clause of the opening.

Salience = sum of jieba TF-IDF weights of the clause's words, so the chosen clause names
what the article is about. The result is marked `title_derived` and shown as such.
"""

from __future__ import annotations

import copy
import re
import warnings
from functools import cache
from typing import Any

from .tokens import lcut

_CLAUSE_SPLIT = re.compile(r"[。!?！？;；\n]|,|，")
_LEADING_CONNECTIVE = re.compile(r"^(而|但|且|并|同时|此外|值此情况下|相比之下|事实上|实际上|因此|所以|其中|正如|如今|目前)[,，]?")
MIN_LEN, MAX_LEN = 8, 28
TFIDF_CHARS = 1500


class _Words:
    """What jieba's TF-IDF asks of its tokenizer (`cut`), answered by `tokens.lcut`: the
    same words as jieba's accurate mode, faster."""

    @staticmethod
    def cut(sentence: str) -> list[str]:
        return lcut(sentence)


@cache
def _tfidf() -> Any:
    with warnings.catch_warnings():
        # jieba.analyse reads its IDF table through a file it never closes; that is not a
        # warning about this build (build.py reports, and --strict counts, the ones that are).
        warnings.simplefilter("ignore", ResourceWarning)
        import jieba.analyse  # 0.4 s to import (part-of-speech tables); only untitled inputs need it

    tfidf = copy.copy(jieba.analyse.default_tfidf)  # its IDF table and stop words, our tokenizer
    tfidf.tokenizer = _Words()
    return tfidf


def derive_title(paragraphs: list[str], opening: int = 6) -> str:
    # The opening decides the title; keywords of a long tail would only cost time.
    text = "\n".join(paragraphs)[:TFIDF_CHARS]
    weights = dict(_tfidf().extract_tags(text, topK=40, withWeight=True))
    best: tuple[float, int, str] | None = None
    for p_index, para in enumerate(paragraphs[:opening]):
        for clause in _CLAUSE_SPLIT.split(para):
            clause = _LEADING_CONNECTIVE.sub("", clause.strip(" “”\"'():：、"))
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
