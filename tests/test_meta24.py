"""Titles and publication dates on kinds of pages a rule writer has not seen: general signals
(a post's own short stamp above its text, a neighbouring item's time in the head, ...) and null
where no signal is strong. Every page here is invented: new wording, new site kinds."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, news_draft

# --- a post's own short stamp above its text ------------------------------------------------


@pytest.mark.parametrize(("stamp", "date"), [
    ("24-11-05 21:17 来自HarmonyOS客户端", "2024-11-05"),  # a two-digit year is of this century
    ("26/2/9 07:03 · 来自网页版", "2026-02-09"),
    ("2025-08-30 18:22 来自iPad", "2025-08-30"),  # a full date beside a client mark
])
def test_a_posts_short_stamp_above_its_text_dates_it(stamp: str, date: str) -> None:
    draft = news_draft(["短文社区  发现  话题  登录", "硅谷来的阿凯", stamp, "+ 关注", *NEWS_BODY])
    assert draft.date == date
    assert draft.paragraphs == NEWS_BODY


def test_a_yearless_stamp_takes_the_year_the_page_states() -> None:
    lines = ["算力茶馆  首页  讨论区  登录", "阿泽聊芯片", "03-27 22:15 · 来自Android · 修改于03-28 08:00",
             *NEWS_BODY, "举报  分享  收藏", "© 2024 算力茶馆社区  沪ICP备00000000号"]
    assert news_draft(lines).date == "2024-03-27"


def test_a_yearless_stamp_on_a_page_stating_no_year_gives_no_date() -> None:
    lines = ["算力茶馆  首页  讨论区  登录", "阿泽聊芯片", "03-27 22:15 · 来自Android", *NEWS_BODY]
    assert news_draft(lines).date is None


def test_a_yearless_stamp_on_a_page_stating_two_years_gives_no_date() -> None:
    lines = ["阿泽聊芯片", "03-27 22:15 · 来自Android", *NEWS_BODY,
             "本帖转载自 2019 年旧帖，版权所有 © 2023", "Copyright 2025 某某社区"]
    assert news_draft(lines).date is None


def test_a_labelled_date_beats_a_short_stamp() -> None:
    lines = ["产业观察：边缘推理盒子开始进工厂", "发布时间：2025-04-02", "25-04-09 10:00 来自iPhone客户端", *NEWS_BODY]
    assert news_draft(lines).date == "2025-04-02"


def test_a_replys_stamp_below_the_text_dates_nothing() -> None:
    lines = ["阿泽聊芯片", *NEWS_BODY, "全部回复", "小鹿同学：写得好", "25-05-01 09:00 来自iPhone客户端"]
    assert news_draft(lines).date is None


def test_a_later_edit_before_the_stamp_is_no_publication() -> None:
    lines = ["阿泽聊芯片", "编辑于 25-05-01 09:00 来自iPhone客户端", *NEWS_BODY]
    assert news_draft(lines).date is None


# --- a neighbouring item's time in the head is another article's day ---------------------------


@pytest.mark.parametrize("row", [
    "相关文章于 2025-12-30 14:02:11 发布",
    "热门帖子 2025-12-30 14:02",
    "上一篇  2025-12-30  某某公司年会圆满落幕",
])
def test_a_neighbouring_items_time_is_not_the_articles(row: str) -> None:
    lines = ["边缘推理盒子开始进工厂：一线工程师的三点观察", row, "原创  于 2026-01-04 09:12:40 发布 · 阅读量 2.1k", *NEWS_BODY]
    assert news_draft(lines).date == "2026-01-04"


def test_a_neighbouring_items_time_alone_gives_no_date() -> None:
    lines = ["边缘推理盒子开始进工厂：一线工程师的三点观察", "最新推荐文章于 2025-12-30 14:02:11 发布", *NEWS_BODY]
    assert news_draft(lines).date is None


# --- a receipt time is the reader's, not the article's -----------------------------------------


@pytest.mark.parametrize("row", [
    "云传真详情  发送方 021-5555-0101  共 2 页  接收时间 2026/03/02 09:15",
    "收件时间：2026-03-02 09:15  发件人：新闻组",
    "下一则：2026/03/02 18:20  来自 未显示号码",
])
def test_a_receipt_or_neighbouring_message_time_is_no_publication_date(row: str) -> None:
    lines = ["边缘推理盒子开始进工厂：一线工程师的三点观察", row, *NEWS_BODY]
    assert news_draft(lines).date is None
