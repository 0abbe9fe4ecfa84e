"""Publication dates on the rows between a headline and its text that other rules took for
counters or bylines ("发布时间：… 浏览次数：1286", "By 某组 · 2025-10-09 · 阅读约3分钟"): the row's
date is read before the row is dropped. Invented pages (a blind title set found the misses)."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, news_draft

HEADLINE = "国产大模型加速落地 多家厂商发布新品"


@pytest.mark.parametrize(("row", "date"), [
    ("发布时间：2025-07-10  浏览次数：1286", "2025-07-10"),
    ("By 科技新闻组 · 2025-10-09 · 阅读约3分钟", "2025-10-09"),
    ("12.3万次播放 · 2025-06-28 发布", "2025-06-28"),
    ("原创 智能硬件观察 2025-09-18", "2025-09-18"),
    ("来源：某某经济网  2025-02-27", "2025-02-27"),
    # a row of fields with its own stamp set off after them
    ("来源：北辰数据网 | 编辑：阿禾 | 2026-01-05 08:30", "2026-01-05"),
    ("出品：云栖研究 · 责任编辑：木子 · 2026年1月5日", "2026-01-05"),
])
def test_the_date_on_a_row_under_the_headline_is_read(row: str, date: str) -> None:
    draft = news_draft([HEADLINE, row, *NEWS_BODY])
    assert (draft.title, draft.date, draft.paragraphs) == (HEADLINE, date, NEWS_BODY)


def test_a_row_with_an_update_time_gives_no_publication_date() -> None:
    assert news_draft([HEADLINE, "By 科技新闻组 · 更新于 2025-10-09", *NEWS_BODY]).date is None


def test_a_spam_sites_name_beside_a_date_is_no_source() -> None:
    draft = news_draft([HEADLINE, "来源:香港六合彩开奖资料大全 更新时间:2024-05-19 12:46:52", *NEWS_BODY])
    assert draft.origin is None or "六合彩" not in draft.origin


def test_a_field_rows_stamp_after_an_update_label_is_no_publication_date() -> None:
    assert news_draft([HEADLINE, "来源：北辰数据网 | 最后更新：2026-01-05", *NEWS_BODY]).date is None


def test_a_field_rows_separators_are_not_part_of_its_values() -> None:
    assert news_draft([HEADLINE, "来源：北辰数据网 · 编辑：阿禾 · 2026-01-05", *NEWS_BODY]).origin == "北辰数据网"


@pytest.mark.parametrize("row", [
    "保存于 2026-01-05 22:41 · 预计阅读 6 分钟",  # a reader app's save time
    "👍 812  👁 3.1万次浏览  收录时间：2026-01-05",  # a directory's listing time
    "网页快照 2026-01-05",
])
def test_a_pages_own_save_listing_or_capture_time_is_no_publication_date(row: str) -> None:
    assert news_draft([HEADLINE, row, *NEWS_BODY]).date is None


def test_a_date_line_opening_with_its_date_keeps_it_whatever_update_follows() -> None:
    # the update names itself after the publication's date; only a time that names itself
    # first (保存于 …, 更新时间 …) is not the publication's
    assert news_draft([HEADLINE, "2026-01-05 09:12  最后更新 2026-01-06", *NEWS_BODY]).date == "2026-01-05"
