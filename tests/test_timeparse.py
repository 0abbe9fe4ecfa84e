"""Tests for digest.timeparse: the labelled set, resolution rules, robustness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.timeparse import TimeExpr, cn_int, find_times, parse_ref

DATA = Path(__file__).resolve().parent / "data" / "time_expressions.yaml"
ITEMS = yaml.safe_load(DATA.read_text(encoding="utf-8"))
TUNE = [i for i in ITEMS if i["split"] == "tune"]


def _ref(value: str | None) -> dt.date | None:
    return parse_ref(value) if value else None


def _overlapping(item: dict, found: list[TimeExpr]) -> list[TimeExpr]:
    lo = item["text"].index(item["expr"])
    hi = lo + len(item["expr"])
    return [e for e in found if e.start < hi and lo < e.end and e.iso is not None]


def one(text: str, ref: dt.date | None = None) -> TimeExpr:
    found = [e for e in find_times(text, ref) if e.iso is not None]
    assert len(found) == 1, found
    return found[0]


REF = dt.date(2024, 5, 10)


# ----------------------------------------------------------- labelled set


def test_labelled_set_shape() -> None:
    assert len(ITEMS) >= 140
    assert sum(1 for i in ITEMS if i["split"] == "heldout") >= 40
    assert sum(1 for i in ITEMS if i.get("none")) >= 30
    for item in ITEMS:
        assert item["expr"] in item["text"], item["id"]


@pytest.mark.parametrize("item", TUNE, ids=[i["id"] for i in TUNE])
def test_labelled_tune_item(item: dict) -> None:
    dated = _overlapping(item, find_times(item["text"], _ref(item["ref"])))
    if item.get("none") or item.get("iso") is None:
        assert dated == [], f"{item['expr']!r} must not yield a date"
        return
    got = [(e.iso, e.precision) for e in dated]
    assert (item["iso"], item["precision"]) in got
    match = next(e for e in dated if (e.iso, e.precision) == (item["iso"], item["precision"]))
    if "end_iso" in item:
        assert match.end_iso == item["end_iso"]
    if "forecast" in item:
        assert match.forecast == item["forecast"]


# ------------------------------------------------------------------- forms


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("2024年3月18日发布", "2024-03-18", "day"),
    ("2024年3月发布", "2024-03", "month"),
    ("2017年,Transformer论文发表", "2017", "year"),
    ("日期 2024-03-18 。", "2024-03-18", "day"),
    ("日期 2024/3/18 。", "2024-03-18", "day"),
    ("在2024.3发布", "2024-03", "month"),
    ("2023 年 6 月首次添加", "2023-06", "month"),
    ("二〇二三年上线", "2023", "year"),
    ("民國112年通過", "2023", "year"),
    ("2024年07月25日 19:36", "2024-07-25", "day"),
])
def test_explicit_forms(text: str, iso: str, precision: str) -> None:
    e = one(text, REF)
    assert (e.iso, e.precision, e.relative) == (iso, precision, False)


def test_span_text_is_the_input_slice() -> None:
    text = "据报道,2024年3月18日,该公司发布了新模型。"
    for e in find_times(text, REF):
        assert text[e.start:e.end] == e.text


def test_periods_are_spans_with_an_end() -> None:
    q = one("2024年第一季度营收增长", REF)
    assert (q.iso, q.end_iso, q.precision) == ("2024-01", "2024-03", "quarter")
    h = one("2024年下半年推出", REF)
    assert (h.iso, h.end_iso, h.precision) == ("2024-07", "2024-12", "half")
    d = one("2020年代的AI", REF)
    assert (d.iso, d.end_iso, d.precision) == ("2020", "2029", "decade")
    r = one("2023年至2024年间", REF)
    assert (r.iso, r.end_iso, r.precision) == ("2023", "2024", "span")


def test_year_parts_keep_year_precision() -> None:
    for text in ("2023年年末,协议签订", "2023年底,协议签订", "2023年初,协议签订"):
        e = one(text, REF)
        assert (e.iso, e.precision) == ("2023", "year")


def test_year_followed_by_zhong_guo_is_not_mid_year() -> None:
    e = one("2024年中国AI市场规模增长迅速", REF)
    assert e.text == "2024年"


# -------------------------------------------------------------- resolution


def test_yearless_month_after_ref_month_is_previous_year() -> None:
    assert one("8月,百度宣布开放。", REF).iso == "2023-08"
    assert one("4月,百度宣布开放。", REF).iso == "2024-04"


def test_yearless_month_with_forecast_word_stays_ahead() -> None:
    e = one("公司计划8月正式上线。", REF)
    assert (e.iso, e.forecast) == ("2024-08", True)


def test_yearless_day_same_month_later_day_is_previous_year() -> None:
    assert one("5月20日,该公司发布新品。", REF).iso == "2023-05-20"
    assert one("5月9日,该公司发布新品。", REF).iso == "2024-05-09"


def test_yearless_month_takes_year_of_previous_mention_in_paragraph() -> None:
    text = "2022年2月,他离职创业,5月公司成立。"
    found = find_times(text, REF)
    assert [e.iso for e in found] == ["2022-02", "2022-05"]
    assert found[1].relative


def test_relative_years_need_ref() -> None:
    assert one("去年,模型数量超过200个。", REF).iso == "2023"
    assert one("前年他离开了公司。", REF).iso == "2022"
    assert [e.iso for e in find_times("去年,模型数量超过200个。", None)] == [None]


def test_same_and_next_year_follow_previous_mention() -> None:
    text = "2019年,公司成立;同年完成融资,次年推出首款产品。"
    assert [e.iso for e in find_times(text, None)] == ["2019", "2019", "2020"]
    assert find_times("同年,公司推出了首款产品。", REF)[0].iso is None


def test_undated_text_borrows_only_a_near_year() -> None:
    near = "好在2024年,视频AI仍在蹒跚学步。\n在12月的活动期间,OpenAI宣布推出Sora。"
    assert find_times(near, None)[-1].iso == "2024-12"
    far = "2007年10月,金山上市。" + "这是一段很长的叙述。" * 40 + "\n1月初网传收购消息。"
    assert find_times(far, None)[-1].iso is None


def test_future_relative_to_ref_is_forecast() -> None:
    assert one("2025年,这家公司推出自研芯片。", REF).forecast
    assert not one("2023年,这家公司推出自研芯片。", REF).forecast
    assert one("预计2024年会有更多模型落地。", REF).forecast


def test_forecast_blocker() -> None:
    e = one("2023年将近一半的收入来自海外。", REF)
    assert (e.iso, e.forecast) == ("2023", False)


def test_year_part_ahead_of_ref_is_forecast() -> None:
    assert one("到今年年底,用户数达到一亿。", REF).forecast
    assert not one("今年年初,用户数达到一亿。", REF).forecast


def test_time_clause_dates_the_next_clause() -> None:
    assert one("2028 年,全球市场规模将达到69亿美元。", None).forecast
    assert not one("2017 年,谷歌提出了Transformer。", None).forecast


def test_spans_never_a_point() -> None:
    e = find_times("近十年,中国AI论文数量增长了五倍。", REF)[0]
    assert (e.iso, e.end_iso, e.precision, e.relative) == ("2014", "2024", "span", True)
    assert find_times("近十年,论文数量增长。", None)[0].iso is None
    assert find_times("近年来,参数规模持续扩大。", REF)[0].iso is None
    assert find_times("他在这个行业将近十年。", REF) == []


def test_traditional_input() -> None:
    e = one("預計明年第一季度推出企業版本。", REF)
    assert (e.iso, e.precision, e.forecast) == ("2025-01", "quarter", True)
    assert one("過去三年,算力價格下降了一半。", REF).iso == "2021"
    assert one("二〇二三年十二月三十一日,協議簽署。", REF).iso == "2023-12-31"


# --------------------------------------------------------------- negatives


@pytest.mark.parametrize("text", [
    "GPT3.5训练一次需要花费300-460万美金", "OpenAI发布了GPT-4o", "5G网络普及", "电话:020-123456789",
    "快手(1024.HK)", "28纳米工艺", "7B端侧模型", "用户为2万人", "用了5天时间", "最长1分钟",
    "24小时就被下架", "2个月破亿", "ISBN 978-7-115-54360-2", "Yi-Large之后", "增长了2023.5%",
    "投资2024万元", "版本号v2024.3", "Windows 2000 系统", "团队有2000人", "https://arxiv.org/pdf/2309.02427",
])
def test_negatives_give_no_date(text: str) -> None:
    assert [e for e in find_times(text, REF) if e.iso is not None] == []


def test_cn_int() -> None:
    assert cn_int("二〇二三") == 2023
    assert cn_int("十二") == 12
    assert cn_int("二十一") == 21
    assert cn_int("一百一十二") == 112
    assert cn_int("三十八") == 38
    assert cn_int("abc") is None


def test_parse_ref_partial_dates_stand_for_their_last_day() -> None:
    assert parse_ref("2024") == dt.date(2024, 12, 31)
    assert parse_ref("2024-02") == dt.date(2024, 2, 29)
    assert parse_ref("2024-03-18") == dt.date(2024, 3, 18)
    assert parse_ref(None) is None
    assert parse_ref("garbage") is None


# ---------------------------------------------------------------- property

_ALPHABET = "0123456789年月日号今去明同次前上下半季度第一二三四五六七八九十〇民国近过去至到-/.,:QH代初底末中 \n预计将"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80), st.one_of(st.none(), st.dates()))
def test_find_times_never_raises_and_spans_are_sane(text: str, ref: dt.date | None) -> None:
    found = find_times(text, ref)
    last_end = 0
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= last_end, "expressions overlap"
        assert text[e.start:e.end] == e.text
        assert e.precision in {"year", "half", "quarter", "month", "day", "decade", "span"}
        if e.iso is not None:
            assert len(e.iso) in (4, 7, 10)
        last_end = e.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_times_never_raises_on_any_text(text: str) -> None:
    find_times(text, REF)


def test_dotted_version_after_a_version_word_is_not_a_date() -> None:
    assert find_times("该工具的最新版本为2024.10.2,修复了若干问题。") == []
    assert [e.iso for e in find_times("2024.3,公司发布了新模型。")] == ["2024-03"]
