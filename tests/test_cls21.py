"""Round cls21: both classifiers made to hold on pages nobody has seen. Near-misses of what
it changed: a line written like article text (a title in 《》, a heading, a clause of a
wrapped paragraph) that a model reads as chrome on its words alone stays unless its score is
overwhelming, while the same words in furniture's form still go; an ad's punctuation or
contact standing just outside the stretch the spam statistics score counts as the ad's form.
Every fixture is invented (no line of the labelled set)."""

from __future__ import annotations

import dataclasses

import pytest

from digest import chromestats as cs
from digest.spamstats import stats_spans

# ------------------------------------------------ line classifier: a prose-like line needs a margin

PROSE = [
    "研究机构发布的报告显示，今年上半年国内服务机器人出货量继续增长，其中商用清洁机器人增速最快，多家厂商开始向海外市场拓展。",
    "公司在半年报中披露了主要经营数据，并表示将继续加大在具身智能方向的研发投入，预计下半年推出两款新品。",
]
TITLE = "《服务机器人租赁合同示范文本（征求意见稿）》"
MENU = "服务机器人 | 租赁合同 | 示范文本 | 征求意见稿"


def _reading_as_chrome(m: cs.Model, *lines: str, weight: float = 3.0) -> cs.Model:
    """The committed model with the words of `lines` read as chrome, as a page whose
    furniture uses them teaches them."""
    words = {g: weight for line in lines for g in cs.key_grams(line)}
    return dataclasses.replace(m, grams=cs.Grams({**m.grams.table, **words}))


@pytest.mark.parametrize("line", [TITLE, "从“看得见”到“用得上”的三道门槛", "受惠液冷方案加速导入，零件厂的订单能见度"])
def test_a_prose_like_line_is_kept_unless_its_score_is_overwhelming(line: str) -> None:
    """Its words read as chrome and it scores over the threshold, but it is written like
    article text (CJK letters, no separator, symbol, stamp, label or spaced chunks): it needs
    the threshold plus the prose margin, which its words alone do not give it."""
    base = cs.model()
    assert base is not None and base.prose_margin > 0
    texts = [*PROSE, line, *PROSE]
    i = len(PROSE)
    # the weakest reading of its words as chrome that lifts it over the threshold
    def score_at(weight: float) -> float:
        return float(cs.segment_scores(texts, _reading_as_chrome(base, line, weight=weight), [i])[0])

    weight = next(w / 2 for w in range(2, 40) if score_at(w / 2) >= base.threshold)
    m = _reading_as_chrome(base, line, weight=weight)
    score = score_at(weight)
    assert cs.prose_like(line) and cs.removable(line, m)
    assert m.threshold <= score < m.threshold + m.prose_margin
    assert cs.chrome_lines(texts, [i], m) == []
    # with words read as chrome strongly enough the margin is overcome: the guard is a margin
    louder = _reading_as_chrome(base, line, weight=weight + 12.0)
    assert [j for j, _ in cs.chrome_lines(texts, [i], louder)] == [i]


def test_the_same_words_in_furnitures_form_still_go() -> None:
    """The near-miss the other way: the title's words as a menu (separators) are no prose."""
    m = cs.model()
    assert m is not None
    m = _reading_as_chrome(m, TITLE, MENU)
    assert not cs.prose_like(MENU)
    texts = [*PROSE, MENU, *PROSE]
    assert [j for j, _ in cs.chrome_lines(texts, [len(PROSE)], m)] == [len(PROSE)]


@pytest.mark.parametrize(("line", "prose_like"), [
    ("“人在回路”（Human-in-the-loop）审核机制", True),  # a hyphen inside a Latin word separates nothing
    ("首页 AI写作 AI绘画 AI视频", False),  # three space-separated words: a menu's form
    ("直播间公告：今晚所有链接支持无理由退货", False),  # a label opening the line
    ("【深州新闻】县里的茶机工厂开始用机器人", False),  # a bracketed tag
    ("浏览 5.6万次 收录时间 2025-11-03", False),
    ("这家工厂过去很少和“智能”两个字打交道", True),
    ("上海市浦东新区某路168号某大厦28层邮编200120", False),  # digits beyond a tenth of the letters
])
def test_prose_like(line: str, prose_like: bool) -> None:
    assert cs.prose_like(line) is prose_like


# ------------------------------------------------ spam statistics: an ad's form at its stretch's edge

AD = "内部资料，明日必涨三只"


def _ad_table() -> dict[str, float]:
    """A table in which the ad's words read as spam just enough for a stretch over MIN_SCORE
    and under PROSE_MIN (the bar of a stretch that crosses a clause mark with no ad's form)."""
    return {**{c: 1.8 for c in AD if c != "，"}, **{AD[i : i + 2]: 1.8 for i in range(len(AD) - 1)}}


def test_an_ads_punctuation_just_outside_its_stretch_is_its_form() -> None:
    """The edge rules leave the ad's wave dash outside the stretch (it scores nothing): it is
    the ad's form all the same, and the stretch is cut at MIN_SCORE. The same words after a
    sentence's own comma are a run of clauses and need PROSE_MIN: they stay."""
    table = _ad_table()
    ad_line = f"今晚有点无聊吗～{AD}，名额有限。"
    assert [ad_line[a:b] for a, b in stats_spans(ad_line, table)] == [AD]
    prose_line = f"今晚有点无聊吗，{AD}，名额有限。"
    assert stats_spans(prose_line, table) == []


def test_an_ads_call_to_the_reader_is_its_form() -> None:
    """A call to get in touch (rules/spam.yaml stats_ad_calls: 私信…) at the stretch's edge is
    an ad's form too: the same clauses with a call are cut at MIN_SCORE."""
    table = _ad_table()
    line = f"今晚有点无聊吗，{AD}私信，名额有限。"
    assert [line[a:b] for a, b in stats_spans(line, table)] == [AD]
