"""Derived titles weigh clause words by jieba's TF-IDF; digest/titles.py computes it without
importing jieba.analyse (its part-of-speech tables cost 0.4 s per process). The weights
must be jieba's, to the last bit."""

from __future__ import annotations

import sys
import warnings

from digest.titles import _JIEBA_STOP_WORDS, derive_title, keyword_weights
from tests.test_tokens import random_texts, seed_lines


def _jieba_analyse():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # jieba leaves its IDF file open
        import jieba.analyse
    return jieba.analyse


def test_keyword_weights_are_jiebas_tfidf(jieba_tax) -> None:
    analyse = _jieba_analyse()
    lines = seed_lines()
    texts = ["\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12)] + random_texts(300, seed=9)
    texts += ["", "the of and AI AI", "人工智能" * 30]
    for text in texts:
        assert keyword_weights(text) == dict(analyse.extract_tags(text, topK=40, withWeight=True)), text[:80]
        assert keyword_weights(text, 5) == dict(analyse.extract_tags(text, topK=5, withWeight=True))


def test_stop_words_are_jiebas() -> None:
    _jieba_analyse()
    assert _JIEBA_STOP_WORDS == sys.modules["jieba.analyse.tfidf"].KeywordExtractor.STOP_WORDS


def test_derived_title_is_a_salient_clause_of_the_opening(jieba_tax) -> None:
    paragraphs = ["据悉，某国产芯片公司本周发布了新一代训练芯片，算力较上代提升一倍。",
                  "业内人士认为，这款训练芯片将缓解智算中心的算力缺口。"]
    title = derive_title(paragraphs)
    assert any(title in p for p in paragraphs)
    assert "芯片" in title and 8 <= len(title) <= 28
    assert derive_title(["短句。"]) == "短句。"  # no clause long enough: the opening itself
