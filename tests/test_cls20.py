"""Round cls20: the two classifiers trained with round t18. Near-misses of the causes it
found: a bank's own loan news reads, word for word, like a loan ad (the spam statistics must
tell them apart by an ad's form, not its words); a report's table reads the same whether a
page prints it as its article's data or as furniture (the line classifier leaves its rows to
the rules); the spaces around Latin words of a mixed-script heading are no menu's chunks.
Every fixture is invented (no line of the labelled set)."""

from __future__ import annotations

import dataclasses

import pytest

from digest import chromestats as cs
from digest.spamstats import stats_spans
from tests.test_clean_general_rules import clean, middle  # the same page builders

# ------------------------------------------------ spam statistics: a bank's loan news is no ad


@pytest.mark.parametrize("prose", [
    "城商行推出面向个体户的无抵押信用贷，最快当天放款，不良率控制在一成以内。",
    "这款经营贷免抵押免担保，当天放款，主要面向县域的小微商户。",
])
def test_bank_news_in_a_loan_ads_words_stays(prose: str) -> None:
    """Each clause of the sentence uses a loan ad's words (信用贷, 当天放款, 免担保), and the
    statistics' stretch runs across the sentence's own comma with no price, contact or spaced
    chunks: news, kept whole (the statistics before round cls20 cut the middle clauses)."""
    assert stats_spans(prose) == []
    assert prose in clean(middle(prose)).paragraphs
    # the near-miss the other way: the same words spliced into a sentence as an ad says them
    # (spaced chunks, an amount, a handle) are still found
    line = "县域商户的数字化改造仍在推进，无抵押信用贷 最快当天放款 额度最高30万 加V：dk2233今年还将覆盖更多乡镇。"
    assert any("当天放款" in line[a:b] for a, b in stats_spans(line))


# ------------------------------------------------ line classifier: a table's rows stay with the rules

PROSE = [
    "研究机构发布的报告显示，今年上半年国内服务机器人出货量继续增长，其中商用清洁机器人增速最快，多家厂商开始向海外市场拓展。",
    "公司在半年报中披露了主要经营数据，并表示将继续加大在具身智能方向的研发投入，预计下半年推出两款新品。",
]
HEADER = "指标 本季度 上季度 环比变化"
ROWS = ["营业收入 12,034.52 10,211.30 17.85", "营业成本 7,120.44 6,305.12 12.93", "研发投入 1,988.06 1,502.70 32.30"]


def _reading_tables_as_chrome() -> cs.Model:
    """The committed model with a report table's words read as chrome, as a page that prints
    its forecast table as furniture teaches them."""
    m = cs.model()
    assert m is not None
    words = {g: 3.0 for line in (HEADER, *ROWS) for g in cs.key_grams(line)}
    return dataclasses.replace(m, grams=cs.Grams({**m.grams.table, **words}))


def test_a_tables_header_over_its_figure_rows_is_never_removed() -> None:
    """Its words read as chrome (the line scores over the threshold), but it heads rows of
    figures: a table, whose rows the classifier leaves to the rules. The same line without the
    figure rows under it (a spaced menu of the same words) is still removed."""
    m = _reading_tables_as_chrome()
    texts = [*PROSE, "单位：万元", HEADER, *ROWS, *PROSE]
    i = texts.index(HEADER)
    assert cs.segment_scores(texts, m, [i])[0] >= m.threshold and cs.removable(HEADER, m)
    assert cs.chrome_lines(texts, [i, i + 1, i + 2, i + 3], m) == []
    assert cs.table_rows(texts) == {i, i + 1, i + 2, i + 3}
    menu = [*PROSE, HEADER, *PROSE]
    assert cs.table_rows(menu) == set()
    assert [j for j, _ in cs.chrome_lines(menu, [len(PROSE)], m)] == [len(PROSE)]


@pytest.mark.parametrize("lines", [
    ["阅读 1,024 点赞 356 评论 28"],  # one row of figures: counters, no table
    ["首页 新闻 产品 关于我们", "阅读 1,024 点赞 356 评论 28"],
    ["发布时间 2025-06-01 浏览 3,200", "首页 新闻 产品 关于我们", "阅读 1,024 点赞 356 评论 28"],
])
def test_counters_are_no_table(lines: list[str]) -> None:
    assert cs.table_rows([*PROSE, *lines, *PROSE]) == set()


def test_spaces_around_latin_words_are_no_chunks() -> None:
    """A mixed-script heading spaces its Latin words and numbers off its Chinese; a menu spaces
    its items. Only the menu's spaces separate chunks, and the heading stays between prose."""
    k = cs.FEATURES.index("chunks")
    heading = "Nova AI 创始人 Lee 谈 Agent 的 3 个方向"
    menu = "首页 新闻 产品 关于我们"
    x = cs.line_features([*PROSE, heading, menu, *PROSE], cs.model().grams, [2, 3])
    assert list(x[:, k]) == pytest.approx([cs.math.log1p(1), cs.math.log1p(4)])
    texts = [*PROSE[:1], heading, *PROSE[1:]]
    assert cs.chrome_lines(texts, [1]) == []


def test_an_edge_letter_lifted_only_by_its_bigram_with_the_prose_is_left_to_the_prose() -> None:
    """能 of "用户就能|<ad>" reads as spam only by 就能 (a loan ad's 就能借 teaches it), outside the
    stretch; its bigram with the ad (能金) is prose: the letter is the sentence's, not the ad's."""
    ad = "金沙娱乐城首存送彩金"
    table = {**{c: 2.0 for c in ad}, **{ad[i : i + 2]: 3.0 for i in range(len(ad) - 1)},
             "户就": -2.0, "就能": 2.0, "能": -1.0}  # fmt: skip
    line = f"预算足够时用户就能{ad}换来。"
    assert [line[a:b] for a, b in stats_spans(line, table)] == [ad]
