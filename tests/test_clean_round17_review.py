"""Near-misses a review of the t17 rules found: a chat or transcript speaker who once pasted or
read a long line, whose later chat in long sentences is now kept as article text; a news
article with a pasted table whose header names 标题/内容 columns, read as a sheet so the
article's own title, date and prose are dropped; a 原文来源 line below the text or beside an
explicit 发布时间 overriding the article's day; the new spam families matching news sentences;
the course-player rule matching prose lines. Every fixture is the reviewer's invented example;
each asserts the prose stays, the chat goes, or the date is the article's. All fail on r17."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import clean, drafts, middle  # the same page builders

# ------------------------------------------------ read-out rule: chat text kept as article text

PASTE = ("据新华社报道，国家数据局日前发布通知，明确今年将在十个城市开展公共数据授权运营试点，"
         "鼓励企业基于公共数据开发大模型训练语料和行业应用，试点城市需在年底前完成数据目录编制和安全评估，首批项目预计二季度上线。")


def test_a_chat_member_who_pasted_an_article_keeps_chatting_as_a_commenter() -> None:
    # a group chat (clock times, not a recording's offsets): the paster's later opinion is chat
    opinion = ("我觉得这个政策对我们影响不大，去年也说过类似的话，结果拖了大半年才"
        "落地，大家先别急着改计划，等细则出来再说，到时候我再整理一版给大家。")
    lines = ["产品群 聊天记录", "老周  09:02", "早，今天谁值班", "小林  09:05", "我值班，刚看到一条新闻，转给大家看看。", PASTE,
             "老周  09:10", "这个跟我们有关吗", "小林  09:12", opinion, "老周  09:15", "好的，那先不动。"]
    text = "\n".join(drafts(lines, "\n")[0].paragraphs)
    assert PASTE[:30] in text
    assert opinion not in text


READ = [
    "据省交通运输厅介绍，今年前十个月全省新增自动驾驶测试道路四百二十公里，覆盖十一个地市的城区和高速路段，"
    "累计发放测试牌照三百六十张，其中载人测试牌照占到四成，测试车辆的总里程已经超过两千万公里，比去年全年多出一倍。",
    "测试数据显示，自动驾驶车辆在城区路口的平均通过时间比去年缩短了一成，人工接管的频率下降了近一半，夜间和雨天的表现提升最明显。",
]


def test_a_readers_own_opinion_after_a_question_is_no_article_text() -> None:
    opinion = ("我读完了，我个人的看法是，这个牌照数量其实不算多，我们明年在省内做接"
        "驳业务的话，竞争对手应该会少一些，可以早点布局，下周我把方案发给大家。")
    lines = ["周会 文字记录", "周立行  00:00:12", "大家好，开始吧。", "韩小雪  00:01:05", "我先念一条新闻。", READ[0],
             "韩小雪  00:02:15", READ[1], "周立行  00:03:00", "你怎么看？", "韩小雪  00:03:10", opinion,
             "周立行  00:04:00", "好，散会。"]
    text = "\n".join(drafts(lines, "\n")[0].paragraphs)
    assert READ[1] in text  # (the read-out turn is the article's: the rule's point)
    assert opinion not in text


def test_a_readers_own_turn_introducing_the_next_item_is_no_article_text() -> None:
    note = "好，第一条就念到这里，下一条是个快讯，网页上没有写日期，我就直接念正文了，大家听一下，跟我们明年的芯片采购计划和预算都有关系。"
    lines = ["周会 文字记录", "周立行  00:00:12", "大家好，开始吧。", "韩小雪  00:01:05", "我先念一条新闻。", READ[0],
             "韩小雪  00:02:15", READ[1], "周立行  00:03:00", "好的。", "韩小雪  00:03:10", note,
             "韩小雪  00:03:40", READ[0].replace("自动驾驶", "智能网联"), "周立行  00:05:00", "好，散会。"]
    text = "\n".join(p for d in drafts(lines, "\n") for p in d.paragraphs)
    assert note not in text


def test_a_long_chat_message_before_the_same_member_pastes_an_article_stays_a_comment() -> None:
    # the author's own negative test (test_a_chat_with_no_article_read_out_keeps_its_long_messages_comments)
    # with the message 12 characters longer: "readers" is a set of names, so a turn of theirs *before* the
    # paste counts as read out too
    from tests.test_clean_round17 import READ as R

    long_msg = ("我看了下这周的数据，城区路口的通过时间比上周缩短了一些，人工接管"
        "的次数也少了，夜间雨天还有两次急刹，整体还算稳定，下周继续观察。")
    lines = ["测试群 聊天记录", "阿布  09:12", "早上好，昨天的路测报告出来了吗", "老秦  09:15", long_msg,
             "阿布  09:20", "收到，谢谢", "老秦  09:31", "中午一起吃饭吗", *R]
    assert long_msg not in "\n".join(drafts(lines, "\n")[0].paragraphs)


# ------------------------------------------------ sheet: a news article with a labelled table pasted in

CASES = [
    ("1", "智能质检平台", ("利用视觉大模型对汽车零部件进行缺陷检测，漏检率降低到千分之一以下，"
        "每条产线节省质检人员六人，已在三家工厂的十二条产线上稳定运行半年。"), "某汽车零部件公司"),
    ("2", "城市交通信号优化", ("基于强化学习动态调整路口信号配时，试点区域高峰时段平均通行时间"
        "缩短百分之十五，拥堵投诉明显减少，下一步将扩展到全市两百个路口。"), "某交通科技公司"),
    ("3", "政务智能问答", ("接入政务大模型回答企业和群众的办事咨询，日均处理咨询量超过"
        "两万次，人工坐席压力下降四成，群众满意度达到百分之九十六。"), "市大数据中心"),
]
CASE_ARTICLE = [
    "3月5日，市经信局公布首批人工智能典型应用案例名单，共有十二个项目入选，涵盖制造、交通、医疗和政务等领域。",
    "市经信局相关负责人表示，入选案例将在全市范围内推广，并在资金和场景开放方面给予支持。",
]


def test_a_news_article_with_a_pasted_table_naming_title_and_text_columns_keeps_its_prose() -> None:
    table = ["序号\t标题\t内容\t申报单位", *("\t".join(c) for c in CASES)]
    tail = "据了解，市经信局还将在年内发布第二批案例名单，重点征集具身智能和低空经济方面的项目。"
    ds = drafts(["某市发布首批人工智能典型应用案例", "2026-03-06 10:00 来源：某某日报", *CASE_ARTICLE, *table, tail])
    text = "\n".join(p for d in ds for p in d.paragraphs)
    assert ds[0].title == "某市发布首批人工智能典型应用案例"
    assert ds[0].date == "2026-03-06"
    for para in [*CASE_ARTICLE, tail]:
        assert para in text


def test_a_sheets_short_news_brief_row_is_an_article_too() -> None:
    # a 快讯 row of one sentence (under SHEET_PROSE_MIN) with its title and date is a report, not furniture
    from tests.test_clean_round17 import ROWS, sheet

    brief = "端侧AI芯片公司启航微电子宣布完成数亿元B轮融资，资金将用于新一代芯片量产。"
    rows = [*ROWS[:2], ["3", "2026-03-02 09:15", "2026-03-01", "芯片快报", "启航微电子完成B轮融资", brief, "http://example.com/c", "通过"]]
    ds = drafts([sheet(rows)], "")
    assert any(brief in p for d in ds for p in d.paragraphs)


# ------------------------------------------------ dates: 原文来源 overriding the article's own day

BODY = [
    "今年上半年，国产扫地机器人在欧洲市场的出货量同比增长近一倍，多家厂商把海外仓从一个扩建到三个。",
    "渠道商介绍，过去依赖电商平台的分销模式利润越来越薄，自建仓库后退货处理周期从两周缩短到五天。",
    "业内人士认为，海外售后网络的完善程度将决定下一阶段的竞争格局，价格战的空间已经不大。",
]
HEAD = "扫地机器人出海提速 厂商扩建海外仓"


def test_a_source_note_below_the_text_naming_a_reports_day_does_not_date_the_article() -> None:
    d = clean([HEAD, "发布时间：2026-02-11 08:30", *BODY, "原文来源：某某研究院《2025年服务机器人报告》 2025-06-30"])
    assert d.date == "2026-02-11"


def test_a_translations_original_day_does_not_beat_its_stated_publication_time() -> None:
    d = clean([HEAD, "发布时间：2026-02-11 08:30  编译：某某", "原文来源：某外媒  2025-12-01", *BODY])
    assert d.date == "2026-02-11"


# ------------------------------------------------ spam families: news sentences with their words


@pytest.mark.parametrize("prose", [
    "依托大模型风控，该行推出的免抵押信用贷当日放款，已服务小微企业三万户。",  # loan-bait glued
    "AI分诊系统上线后，附近居民看妇科病就到社区医院，不必再去市里排队。",  # clinic-ad
    "不少玩家为了充值优惠找第三方代充平台，结果账号被封。",  # topup-discount
])
def test_news_with_the_new_families_words_stays(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ course-player: prose lines of its shape


@pytest.mark.parametrize("prose", [
    "已学习1000万小时驾驶视频的端到端模型，将在下月随新车型一起交付用户。",  # "^已学习\s*\d" is open-ended
    "1-2 号楼的机器人产线已完成",  # a status line of a project list, no lesson duration
])
def test_prose_of_a_lesson_rows_shape_stays(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ (pre-existing, also on 9cfaddd) a news article quoting a chat


def test_a_news_article_quoting_a_chat_with_times_keeps_its_prose() -> None:
    prose = [
        "近日，某市公安局破获一起冒充人工智能公司客服实施诈骗的案件，犯罪嫌疑人王某已被依法刑事拘留。",
        "警方调取的聊天记录显示，王某以“会员到期需要退费”为由，诱导受害人下载共享屏幕软件。",
    ]
    quote = ["张女士  21:03", "你好，我的会员怎么突然扣费了？", "客服小王  21:05", "您好，这边帮您办理退费，请先下载一个会议软件。",
             "张女士  21:06", "好的，下载好了。", "客服小王  21:08", "请按我说的步骤操作，验证码不要告诉别人哦。"]
    after = "警方介绍，王某随后通过共享屏幕获取了受害人的银行卡信息和验证码，在半小时内分五次转走十二万元。"
    ds = drafts(["警方通报：一男子冒充AI公司客服诈骗十余万元", "2026-03-05 09:30 来源：某某法治网", *prose, *quote, after, *NEWS_BODY[:1]])
    assert ds
    text = "\n".join(p for d in ds for p in d.paragraphs)
    for para in prose:
        assert para in text
