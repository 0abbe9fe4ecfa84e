"""The zh-hant converter's fast path gives exactly what its definition gives:
s2twp of the text with a separator between jieba's exact-mode words (digest/convert.py)."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest

from digest.convert import _RE_HAN, SEP, TraditionalConverter, _Segmenter, protected_names
from digest.normalize import converter
from digest.taxonomy import load_jieba, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tax():
    t = load_taxonomy(ROOT / "taxonomy.yaml")
    load_jieba(t)  # the dictionary state the renderer converts with
    return t


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


def test_segmenter_cuts_like_jieba_exact_mode(tax) -> None:
    seg = _Segmenter()
    blocks = {b for t in seed_lines() + random_texts(1500) for b in _RE_HAN.split(t) if b and _RE_HAN.match(b)}
    assert len(blocks) > 1000
    for b in blocks:
        assert seg.cut(b) == list(jieba.cut(b, HMM=False)), b


def test_converter_equals_its_definition(tax) -> None:
    """`_phrases` (memoised words and blocks, own segmenter) == s2twp over jieba words
    joined by a separator, the formulation it replaces."""
    s2twp = converter("s2twp")
    conv = TraditionalConverter(protected_names(tax))
    texts = seed_lines() + random_texts(800, seed=11) + ["粉丝发布", "头发很长，发布会", "硅基流动发布了新模型"]
    for t in texts:
        expected = s2twp.convert(SEP.join(jieba.cut(t, HMM=False))).replace(SEP, "")
        assert conv._phrases(t) == expected, t
    assert "髮" not in conv.convert("粉丝发布")  # 粉絲髮布 is the word-boundary error
    assert conv.convert("硅基流动") == "硅基流動"


def test_segmenter_follows_dictionary_changes(tax) -> None:
    seg = _Segmenter()
    text = "这是一个奇怪词语测试"
    before = seg.cut(text)
    assert before == list(jieba.cut(text, HMM=False))
    dt = jieba.dt
    total, freq = dt.total, dict(dt.FREQ)
    jieba.add_word("怪词语测", freq=10**9)
    try:
        assert seg.cut(text) == list(jieba.cut(text, HMM=False))
        jieba.del_word("怪词语测")  # jieba keeps the added total: the state stays consistent
        assert seg.cut(text) == list(jieba.cut(text, HMM=False))
    finally:
        # Put the process-wide dictionary back exactly (del_word leaves the total 10**9
        # higher, which shifts every word's weight for the tests that run after this one).
        dt.FREQ.clear()
        dt.FREQ.update(freq)
        dt.total = total
    assert seg.cut(text) == before
