"""Tests for digest.timeline: events from articles, merging, per-topic lists, labels."""

from __future__ import annotations

from digest.model import Article, Event, Section
from digest.timeline import (
    datetime_attr,
    event_text,
    extract_events,
    format_label,
    infer_article_date,
    merge_events,
    topic_timelines,
)
from digest.timeparse import find_times


def article(paragraphs: list[str], date: str | None = "2024-05-10", slug: str = "a",
            topics: list[str] | None = None, **kw) -> Article:
    sec = Section(heading="一", anchor="s1", paragraphs=paragraphs, topics=topics or ["models"])
    return Article(slug=slug, title="t", sources=[f"content/{slug}.txt"], sections=[sec], date=date, **kw)


def ev(iso: str, text: str, slug: str = "a", anchor: str = "s1", topics: list[str] | None = None,
       precision: str = "year", forecast: bool = False) -> Event:
    return Event(iso=iso, precision=precision, label=iso, text=text, slug=slug, anchor=anchor,  # type: ignore[arg-type]
                 topics=topics or ["models"], forecast=forecast, sources=[(slug, anchor)])


# ----------------------------------------------------------------- extract


def test_event_is_the_sentence_and_links_to_its_section() -> None:
    a = article(["模型架构上,2017年谷歌提出了Transformer架构。后来它成为主流。"])
    [e] = extract_events(a)
    assert (e.iso, e.precision, e.label) == ("2017", "year", "2017年")
    assert e.text == "模型架构上,2017年谷歌提出了Transformer架构。"
    assert (e.slug, e.anchor, e.topics, e.sources) == ("a", "s1", ["models"], [("a", "s1")])


def test_ascii_sentence_marks_split_sentences() -> None:
    a = article(["2016年,微软做出了聊天机器人;2017年,谷歌提出Transformer!"])
    assert [e.text for e in extract_events(a)] == [
        "2016年,微软做出了聊天机器人;", "2017年,谷歌提出Transformer!"]


def test_two_dates_in_one_sentence_give_two_events() -> None:
    a = article(["2024年2月,张楠全身心投入到剪映业务中,5月剪映推出了即梦。"], date=None)
    events = extract_events(a)
    assert [(e.iso, e.precision) for e in events] == [("2024-02", "month"), ("2024-05", "month")]
    assert events[1].text.startswith("5月剪映推出")
    assert events[1].inferred and not events[0].inferred


def test_long_sentence_is_cut_to_clauses_and_160_chars() -> None:
    long = "在2024年,法律科技领域的全球市场规模超过291.8亿美元," + "其中合同审查占比最高," * 20 + "增长迅速。"
    [e] = extract_events(article([long]))
    assert len(e.text) <= 160
    assert "2024年" in e.text


def test_event_text_helper_keeps_short_sentences_whole() -> None:
    text = "2017年,谷歌提出了Transformer。"
    [x] = find_times(text)
    assert event_text(text, 0, len(text), x) == text


def test_reference_lists_urls_and_date_lines_are_not_events() -> None:
    a = article([
        "【55】来源:海外独角兽公众号,作者:Cage,2023年发表,链接:https://mp.weixin.qq.com/s/x",
        "地址:https://www.example.com/2024/03/18/post.html",
        "2024年07月25日 19:36 钛媒体APP",
        "更新时间:2024-05-19 12:46:52",
    ])
    assert extract_events(a) == []


def test_relative_and_vague_spans_are_not_events() -> None:
    a = article(["生成式AI在过去2年吸引了全球目光。", "近些年GPU计算能力进步明显。", "2020年代的AI很热闹。"])
    assert extract_events(a) == []


def test_undated_article_skips_relative_expressions() -> None:
    a = article(["今年11月,一份爆料称模型改进缓慢。", "去年,国内大模型数量超过200个。"], date=None)
    assert extract_events(a) == []
    dated = article(["今年11月,一份爆料称模型改进缓慢。"], date="2024-12-27")
    [e] = extract_events(dated)
    assert (e.iso, e.inferred, e.forecast) == ("2024-11", True, False)


def test_inferred_article_date_resolves_nothing() -> None:
    a = article(["2024年10月,公司发布新模型。", "去年,国内大模型数量超过200个。"],
                date="2024-10", date_inferred=True)
    assert [e.iso for e in extract_events(a)] == ["2024-10"]


def test_forecast_is_kept_and_flagged() -> None:
    a = article(["预计2025年会有更多的大模型实现商业落地。"])
    [e] = extract_events(a)
    assert e.forecast and e.iso == "2025"


def test_quarter_keeps_its_span() -> None:
    [e] = extract_events(article(["2024年第一季度,国内AI服务器出货量同比大增。"]))
    assert (e.iso, e.end_iso, e.precision) == ("2024-01", "2024-03", "quarter")


# ------------------------------------------------------------------- merge


def test_same_event_from_two_articles_merges_with_all_sources() -> None:
    a = ev("2023", "2023年年末,OpenAI与AxelSpringer签订的一个协议表明,AI训练需向媒体付费。", slug="b", anchor="s2")
    b = ev("2023", "2023年年末,OpenAI与AxelSpringer签订协议表明,AI训练需向媒体付费。", slug="a", anchor="s5",
           topics=["policy"])
    [m] = merge_events([a, b])
    assert m.sources == [("a", "s5"), ("b", "s2")]
    assert m.topics == ["models", "policy"]
    assert (m.slug, m.anchor) == ("a", "s5")


def test_different_events_same_date_stay_apart() -> None:
    a = ev("2023", "2023年,国内多地出台促进AI技术发展的政策文件。")
    b = ev("2023", "2023年以来,诸多模型厂商相继发布将大模型装进终端的愿景。")
    assert len(merge_events([a, b])) == 2


def test_different_precision_never_merges() -> None:
    a = ev("2024", "2024年,OpenAI推出Sora。")
    b = ev("2024-02", "2024年2月,OpenAI推出Sora。", precision="month")
    assert len(merge_events([a, b])) == 2


def test_merge_is_deterministic_and_sorted() -> None:
    events = [ev("2024", "x 事件一"), ev("2017", "y 事件二"), ev("2024-03", "z 事件三", precision="month"),
              ev("2017", "y 事件二", slug="c")]
    once = merge_events(events)
    again = merge_events(list(reversed(events)))
    assert [(e.iso, e.text, e.sources) for e in once] == [(e.iso, e.text, e.sources) for e in again]
    assert [e.iso for e in once] == ["2017", "2024", "2024-03"]
    assert once[0].sources == [("a", "s1"), ("c", "s1")]


def test_a_report_of_it_happening_outweighs_a_forecast() -> None:
    a = ev("2024", "2024年,公司将推出自研芯片。", forecast=True)
    b = ev("2024", "2024年,公司推出自研芯片。", slug="b")
    [m] = merge_events([a, b])
    assert not m.forecast


# -------------------------------------------------------------------- topics


def test_topic_timelines_sorted_and_an_event_on_every_topic() -> None:
    e1 = ev("2024", "事件一", topics=["models", "chips"])
    e2 = ev("2017", "事件二", topics=["models"])
    t = topic_timelines([e1, e2], ["models", "chips", "policy"])
    assert [e.iso for e in t["models"]] == ["2017", "2024"]
    assert t["chips"] == [e1]
    assert t["policy"] == []


# ------------------------------------------------------------- article date


def test_infer_article_date_is_latest_non_forecast() -> None:
    a = article(["2023年11月,公司成立。", "2024年5月,公司发布首款产品。", "预计2026年实现盈利。"], date=None)
    assert infer_article_date(a) == ("2024-05", "month")


def test_infer_article_date_none_without_events() -> None:
    assert infer_article_date(article(["没有日期的段落。"], date=None)) == (None, None)


def test_infer_article_date_periods_give_a_year() -> None:
    a = article(["2024年下半年,各大厂商陆续下调了API价格。"], date=None)
    assert infer_article_date(a) == ("2024", "year")


# -------------------------------------------------------------------- labels


def test_format_label() -> None:
    assert format_label("2024", "year") == "2024年"
    assert format_label("2024-03", "month") == "2024年3月"
    assert format_label("2024-03-18", "day") == "2024年3月18日"
    assert format_label("2024-01", "quarter", "2024-03") == "2024年第一季度"
    assert format_label("2024-10", "quarter", "2024-12") == "2024年第四季度"
    assert format_label("2024-01", "half", "2024-06") == "2024年上半年"
    assert format_label("2024-07", "half", "2024-12") == "2024年下半年"
    assert format_label("2020", "decade", "2029") == "2020年代"
    assert format_label("2023", "span", "2024") == "2023年至2024年"
    assert format_label("2024-06", "span", "2024-08") == "2024年6月至8月"
    assert format_label("2015", "span", None) == "2015年至今"
    assert format_label(None, "year") == ""


def test_datetime_attr_never_finer_than_the_text() -> None:
    assert datetime_attr("2024-03", "month") == "2024-03"
    assert datetime_attr("2024-07", "half") == "2024"
    assert datetime_attr("2024-01", "quarter") == "2024"
    assert datetime_attr("2023-09-21", "day") == "2023-09-21"


def test_inferred_date_ignores_bare_projections() -> None:
    a = article(["2023年5月,这家公司发布了新一代模型。", "2026年,出海企业72万家,每年新增5万家。"], date=None)
    assert infer_article_date(a) == ("2023-05", "month")


def test_inferred_date_without_past_evidence_takes_most_mentioned_year() -> None:
    a = article(["2024年是大模型应用落地之年。", "2024年的创业融资环境明显偏冷。", "2027年的市场规模会更大。"], date=None)
    assert infer_article_date(a) == ("2024", "year")
