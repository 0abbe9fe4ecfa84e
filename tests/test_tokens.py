"""digest/tokens.py cuts text into the very words jieba cuts (accurate mode, with and
without HMM), on the seeds, on random text and after the dictionary changes."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest

from digest.convert import SEP
from digest.tokens import RE_HAN, Segmenter, lcut

ROOT = Path(__file__).resolve().parent.parent


def seed_lines() -> list[str]:
    lines = []
    for p in sorted((ROOT / "content" / "seeds").glob("*.txt")):
        lines += [x for x in p.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip()]
    return lines


def random_texts(n: int, seed: int = 7) -> list[str]:
    """Random Han, pieces of the seeds, Latin, digits, punctuation, whitespace and the separator."""
    rnd = random.Random(seed)
    lines = seed_lines()
    pool = [*sorted({c for line in lines for c in line if "\u4e00" <= c <= "\u9fff"}), "\u9fd6", "\u9fff", "\u3400"]
    latin = "ABCXYZabcxyz0123456789"
    other = "，。、：；？！“”（）《》 \t\r\n-+#&._%" + SEP
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 12)):
            kind = rnd.random()
            if kind < 0.4:
                parts.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 14))))
            elif kind < 0.75:  # a piece of real text, cut anywhere
                line = rnd.choice(lines)
                start = rnd.randrange(len(line))
                parts.append(line[start : start + rnd.randint(1, 30)])
            elif kind < 0.88:
                parts.append("".join(rnd.choice(latin) for _ in range(rnd.randint(1, 6))))
            else:
                parts.append(rnd.choice(other))
        texts.append("".join(parts))
    return texts


def test_segmenter_cuts_like_jieba_exact_mode(jieba_tax) -> None:
    seg = Segmenter()
    blocks = {b for t in seed_lines() + random_texts(1500) for b in RE_HAN.split(t) if b and RE_HAN.match(b)}
    assert len(blocks) > 1000
    for b in blocks:
        assert seg.cut_block(b) == list(jieba.cut(b, HMM=False)), b


@pytest.mark.parametrize("hmm", [True, False])
def test_lcut_equals_jieba(jieba_tax, hmm: bool) -> None:
    texts = seed_lines() + random_texts(1500, seed=3) + ["", " ", "\r\n", "ABC 12.5% 芯片", "王小明说李华来了"]
    hmm_runs = 0
    for t in texts:
        mine = lcut(t, hmm)
        assert mine == jieba.lcut(t, HMM=hmm), t
        hmm_runs += hmm and mine != lcut(t, False)
    if hmm:  # the HMM branch was taken: some texts cut differently with it
        assert hmm_runs > 50


def test_hmm_memo_gives_the_same_words_twice(jieba_tax) -> None:
    text = "据悉，欧阳娜娜和司马懿在深圳发布会上见面"
    assert lcut(text) == lcut(text) == jieba.lcut(text)


def test_segmenter_follows_dictionary_changes(jieba_tax) -> None:
    seg = Segmenter()
    text = "这是一个奇怪词语测试"
    before = seg.cut_block(text)
    assert before == list(jieba.cut(text, HMM=False))
    dt = jieba.dt
    total, freq = dt.total, dict(dt.FREQ)
    jieba.add_word("怪词语测", freq=10**9)
    try:
        assert seg.cut_block(text) == list(jieba.cut(text, HMM=False))
        jieba.del_word("怪词语测")  # jieba keeps the added total: the state stays consistent
        assert seg.cut_block(text) == list(jieba.cut(text, HMM=False))
    finally:
        # Put the process-wide dictionary back exactly (del_word leaves the total 10**9
        # higher, which shifts every word's weight for the tests that run after this one).
        dt.FREQ.clear()
        dt.FREQ.update(freq)
        dt.total = total
    assert seg.cut_block(text) == before


def test_cut_of_chosen_blocks_is_jieba_on_those_blocks(jieba_tax) -> None:
    """`blocks` leaves out the words of the blocks it rejects and nothing else: jieba cuts
    each block on its own."""
    keep = lambda block: "模型" in block or "AI" in block  # noqa: E731
    for text in seed_lines() + random_texts(200, seed=5):
        expected = []
        for i, part in enumerate(RE_HAN.split(text)):
            if part and (not i & 1 or keep(part)):
                expected += jieba.lcut(part)
        assert lcut(text, blocks=keep) == expected, text


def test_remembered_blocks_cut_like_jieba_again(jieba_tax) -> None:
    """A segmenter remembers each block's words (with and without HMM apart): cutting the
    same texts again, in another order, gives jieba's words again, and a caller that
    changes a returned list changes nothing the segmenter remembers."""
    seg = Segmenter()
    texts = seed_lines()[:200] + random_texts(300, seed=11)
    for hmm in (True, False, True):
        for t in reversed(texts) if hmm else texts:
            assert seg.cut(t, hmm) == jieba.lcut(t, HMM=hmm), t
    block = next(b for t in texts for b in RE_HAN.split(t) if len(b) > 4 and RE_HAN.match(b))
    words = seg.cut_block_hmm(block)
    words.append("不是词")
    assert seg.cut_block_hmm(block) == list(jieba.cut(block)) != words
    assert seg.cut_block(block) == list(jieba.cut(block, HMM=False))


def test_remembered_blocks_follow_a_deleted_word(jieba_tax) -> None:
    """jieba.del_word leaves the total as it is (it adds the word with frequency 0): the
    segmenter's remembered blocks and weights are dropped all the same."""
    seg = Segmenter()
    text = "这是一个奇怪词语测试"
    dt = jieba.dt
    total, freq = dt.total, dict(dt.FREQ)
    from jieba import finalseg

    forced = set(finalseg.Force_Split_Words)
    jieba.add_word("奇怪词语测", freq=10**9)
    try:
        added = seg.cut(text)
        assert added == jieba.lcut(text) and "奇怪词语测" in added
        jieba.del_word("奇怪词语测")
        assert seg.cut(text) == jieba.lcut(text) != added
        assert seg.cut_block(text) == list(jieba.cut(text, HMM=False))
    finally:
        dt.FREQ.clear()
        dt.FREQ.update(freq)
        dt.total = total
        finalseg.Force_Split_Words.clear()
        finalseg.Force_Split_Words.update(forced)
