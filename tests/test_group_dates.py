"""Dates of the articles of a multi-article input that state none of their own: the
issue's date above the first (a newsletter, a morning brief) or the day header above a
flash list's items. Invented pages: none of their wording is in the labelled set."""

from __future__ import annotations

import pytest

from digest.model import RawDoc
from digest.pipeline import Prepared, extract, prepare
from digest.split import day_header

BODIES = [
    "据介绍，东岭园区二期首批部署了两千张加速卡，主要服务于本地制造企业的质检与排产模型训练，预计年内上线，园区还计划引入液冷机柜降低能耗。",
    "青禾科技当天发布的工业质检模型参数规模为七十亿，可在单台工控机上运行，官方称在三家汽车零部件工厂试用后漏检率下降了四成。",
    "滨江区的补贴办法规定，中小企业租用协作机器人满一年的，可按租金的三成申请补贴，单家企业每年最高二十万元，首批名额为一百家。",
    "南湖实验室此次开源的多模态模型支持图文和语音输入，训练数据来自公开语料与合作医院脱敏影像，团队表示将按季度更新权重。",
    "星港物流表示，新一轮融资将主要用于分拣机器人的量产和海外仓的部署，公司去年出货量超过三千台，客户覆盖十二个国家和地区。",
]


def body(n: int) -> str:
    """An item's text: its own sentence, then sentences of the others (300+ characters)."""
    return "".join(BODIES[(n + k) % len(BODIES)] for k in range(5))


def drafts_of(text: str) -> list:
    prep = prepare(RawDoc(path="page.txt", data=text.encode("utf-8")))
    assert isinstance(prep, Prepared)
    return extract(prep).drafts


def brief(header: str, own_date: str = "") -> str:
    items = []
    for n, title in enumerate(["东岭智算园区二期开工建设", "青禾科技发布工业质检大模型", "滨江区推出机器人租赁补贴"], 1):
        items.append(f"【{n:02d}】{title}\n" + (own_date + "\n" if own_date and n == 1 else "") + body(n) + "\n")
    return "科技早班车\n" + header + "\n" + "\n".join(items)


def test_items_of_an_issue_carry_its_date() -> None:
    drafts = drafts_of(brief("第88期丨2027年2月3日 星期三"))
    assert len(drafts) == 3
    assert [d.date for d in drafts] == ["2027-02-03"] * 3


@pytest.mark.parametrize("header", ["更新时间：2027年2月3日", "快照保存于 2027-02-03", "2027年2月3日 — 2027年2月9日 合刊"])
def test_update_capture_or_two_dates_are_not_an_issue_date(header: str) -> None:
    drafts = drafts_of(brief(header))
    assert len(drafts) == 3
    assert [d.date for d in drafts] == [None] * 3


def test_an_items_own_date_wins_and_is_not_carried_to_the_next() -> None:
    drafts = drafts_of(brief("科技早班车 精选", own_date="2027-01-30 09:15"))
    assert len(drafts) == 3
    assert drafts[0].date == "2027-01-30"
    assert [d.date for d in drafts[1:]] == [None, None]


def test_flash_list_items_carry_the_day_header_above_them() -> None:
    def item(stamp: str, title: str, n: int) -> str:
        return f"{stamp}\n【{title}】\n{body(n)}\n分享  收藏\n"

    page = ("7×24 快讯\n2027年2月4日 星期四\n"
            + item("11:02", "南湖实验室开源多模态模型", 3) + item("09:40", "滨江区发布机器人租赁补贴细则", 2)
            + "2027年2月3日 星期三\n" + item("18:30", "星港物流机器人完成新一轮融资", 4))
    drafts = drafts_of(page)
    assert len(drafts) == 3
    assert [d.date for d in drafts] == ["2027-02-04", "2027-02-04", "2027-02-03"]


@pytest.mark.parametrize(("text", "day"), [
    ("2027年2月4日 星期四", True), ("2027-02-04", True), ("2027.2.4 Thu", True), ("2027年2月4日周四", True),
    ("2027年2月4日 发布", False), ("截至2027年2月4日", False), ("2027-02-04 10:20", False),
])
def test_day_header(text: str, day: bool) -> None:
    assert day_header(text) is day
