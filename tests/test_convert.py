"""The zh-hant converter's fast path gives exactly what its definition gives:
s2twp of the text with a separator between jieba's exact-mode words (digest/convert.py)."""

from __future__ import annotations

from pathlib import Path

import jieba

from digest.convert import SEP, TraditionalConverter, protected_names
from digest.normalize import converter
from tests.test_tokens import random_texts, seed_lines

ROOT = Path(__file__).resolve().parent.parent


def test_converter_equals_its_definition(jieba_tax) -> None:
    """`_phrases` (memoised words and blocks, own segmenter) == s2twp over jieba words
    joined by a separator, the formulation it replaces."""
    s2twp = converter("s2twp")
    conv = TraditionalConverter(protected_names(jieba_tax))
    texts = seed_lines() + random_texts(800, seed=11) + ["粉丝发布", "头发很长，发布会", "硅基流动发布了新模型"]
    for t in texts:
        expected = s2twp.convert(SEP.join(jieba.cut(t, HMM=False))).replace(SEP, "")
        assert conv._phrases(t) == expected, t
    assert "髮" not in conv.convert("粉丝发布")  # 粉絲髮布 is the word-boundary error
    assert conv.convert("硅基流动") == "硅基流動"


def test_journal_hands_over_what_a_worker_converted(jieba_tax) -> None:
    """What one converter records (a render worker) and another preloads (the parent,
    then the next pool forked from it) converts to the same text without converting."""
    worker = TraditionalConverter(protected_names(jieba_tax))
    assert worker.take() == {}  # not recording: nothing kept
    worker.convert("不记录的句子")
    worker.record()
    texts = ["头发很长，发布会", "硅基流动发布了新模型", "粉丝发布"]
    made = [worker.convert(t) for t in texts]
    table = worker.take()
    assert table == dict(zip(texts, made, strict=True))
    assert "不记录的句子" not in table and worker.take() == {}  # a take empties the journal
    worker.record(False)
    worker.convert("停止记录以后")
    assert worker.take() == {}

    parent = TraditionalConverter(protected_names(jieba_tax))
    parent.preload(table)
    parent._phrases = None  # type: ignore[assignment,method-assign]  # any conversion would fail now
    assert [parent.convert(t) for t in texts] == made
