"""Round cls21: both classifiers made to hold on pages nobody has seen. Near-misses of what
it changed: a line written like article text (a title in 《》, a heading, a clause of a
wrapped paragraph) that a model reads as chrome on its words alone stays unless its score is
overwhelming, while the same words in furniture's form still go; an ad's punctuation or
contact standing just outside the stretch the spam statistics score counts as the ad's form.
Every fixture is invented (no line of the labelled set)."""

from __future__ import annotations

from digest.spamstats import stats_spans

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
