"""The zh-hant converter's fast path gives exactly what its definition gives:
s2twp of the text with a separator between jieba's exact-mode words (digest/convert.py)."""

from __future__ import annotations

from pathlib import Path

import jieba

from digest.convert import SEP, TraditionalConverter, hant_lists, protected_names
from digest.normalize import converter
from tests.test_tokens import random_texts, seed_lines

ROOT = Path(__file__).resolve().parent.parent


def test_converter_equals_its_definition(jieba_tax) -> None:
    """`_phrases` (memoised words and blocks, own segmenter) == each jieba word through
    s2twp, or through s2tw when rules/hant.yaml lists it (the formulation it replaces)."""
    s2twp, s2tw = converter("s2twp"), converter("s2tw")
    words, parts = hant_lists()
    conv = TraditionalConverter(protected_names(jieba_tax))
    texts = seed_lines() + random_texts(800, seed=11) + ["粉丝发布", "头发很长，发布会", "硅基流动发布了新模型"]
    for t in texts:
        expected = "".join((s2tw if w in words or any(p in w for p in parts) else s2twp).convert(w)
                           for w in jieba.cut(t, HMM=False)).replace(SEP, "")
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


def test_news_senses_keep_their_words_and_taiwan_vocabulary_still_applies(jieba_tax) -> None:
    """rules/hant.yaml: words whose Taiwan computing vocabulary changes a news sentence's
    meaning are converted by characters; unambiguous Taiwan words still convert."""
    conv = TraditionalConverter(protected_names(jieba_tax))
    out = conv.convert("公司昨日发表声明，称循环经济项目的审核进程顺利，并刷新了纪录。")
    for wrong in ("宣告", "迴圈", "稽核", "程序", "重新整理"):
        assert wrong not in out, out
    for right in ("聲明", "循環", "審核", "進程", "刷新"):
        assert right in out, out
    assert conv.convert("这款软件支持视频和芯片加速") == "這款軟體支援影片和晶片加速"


def test_every_listed_word_is_one_s2twp_changes():
    """An entry of rules/hant.yaml that s2twp converts like s2tw is dead weight (or a typo)."""
    s2twp, s2tw = converter("s2twp"), converter("s2tw")
    words, parts = hant_lists()
    listed = sorted(words) + list(parts)
    assert words and parts
    assert [w for w in listed if s2twp.convert(w) == s2tw.convert(w)] == []


def test_a_guarded_exact_word_is_no_part_of_a_longer_dictionary_word_s2twp_changes():
    """`words:` entries of rules/hant.yaml match a jieba word exactly; a longer dictionary
    word holding one (包罗万象 for 万象) would still go through s2twp, so such an entry
    belongs under `parts:`. Words s2tw converts the same way as s2twp do not count."""
    s2twp, s2tw = converter("s2twp"), converter("s2tw")
    words, _ = hant_lists()
    dictionary = [line.split(" ", 1)[0] for line in (Path(jieba.__file__).parent / "dict.txt").read_text("utf-8").splitlines()]
    leaks = {w: [d for d in dictionary if w in d and d != w and s2twp.convert(d) != s2tw.convert(d)] for w in words}
    assert {w: found[:5] for w, found in leaks.items() if found} == {}


def test_search_excerpts_use_the_editions_words():
    """The search page turns Simplified result excerpts into the zh-hant edition's script
    with `query_map`'s phrases read backwards: a word the edition converts by characters
    (rules/hant.yaml) has no Taiwan phrase there, so an excerpt says what its page says."""
    from digest.search import query_map_of_words

    phrases = query_map_of_words(["声明", "循环经济", "发布会", "参数", "软件", "视频"])["phrases"]
    assert not {"宣告", "迴圈經濟", "釋出會", "引數"} & set(phrases)
    assert phrases.get("軟體") == "软件" and phrases.get("影片") == "视频"
