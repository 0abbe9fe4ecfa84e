"""Signals added for the t11 round of noise (issue 4): certificate-mill spam, office-notice
exports that forward an article, media players with a queue, info cards above a text,
paywalls and reading-app counters. Every fixture is invented for the test (other sites,
other wording than the labelled set); each asserts the noise goes with its kind and that a
near-miss sentence of prose stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import META, TITLE, clean, drafts, middle, removed, spans  # the same page builders

# ---------------------------------------------------------------- certificate mills


@pytest.mark.parametrize(
    ("text", "ad"),
    [
        ("推理成本持续下降，高级育婴师证书代考保过开发者的使用门槛也随之降低。", "高级育婴师证书代考保过"),
        ("云厂商宣布降价，焊工证 网上可查 无需考试 三天出证模型即服务逐渐清晰。", "焊工证 网上可查 无需考试 三天出证"),
        ("代办海外硕士学历 学信网可查 联系客服", "代办海外硕士学历"),
        ("加急办理导游资格证 当天拿证", "加急办理导游资格证"),
    ],
)
def test_certificate_mill_ads_are_spam(text: str, ad: str) -> None:
    found = "".join(spans(text))
    assert ad.replace(" ", "") in found.replace(" ", "")


@pytest.mark.parametrize(
    "prose",
    [
        "警方近日打掉一个证书代考团伙，涉案考生超过两百人。",
        "持证人可登录官网，证书全国可查询，用人单位也能在线核验。",
        "新规要求申请人本人到窗口办理执业证变更，不得委托他人。",
        "该平台宣称学历可查，但记者调查发现数据库中并无记录。",
    ],
)
def test_news_about_certificates_is_no_spam(prose: str) -> None:
    assert spans(prose) == []


# ---------------------------------------------------------------- an office notice forwarding an article


def test_forwarding_notice_gives_way_to_the_forwarded_article() -> None:
    headline = "企业加快布局端侧模型 手机厂商竞相发布新品"
    lines = [
        "某某集团协同办公系统  打印  |  关闭",
        "当前位置：公文 > 收文 > 查看",
        f"关于转发《{headline}》的通知",
        "文号：某发〔2025〕8号        密级：普通",
        "发文单位：办公室        拟稿人：甲某某        签发人：乙某某",
        "发文日期：2025-06-20        发送范围：各子公司",
        "各部门、各子公司：",
        "端侧模型与我公司终端业务密切相关。现将有关文章转发给你们，请参阅。",
        f"原文标题：{headline}",
        "原文来源：某某科技报  2025年6月18日  第5版",
        *NEWS_BODY,
        "请各子公司结合业务认真研读，于7月1日前反馈意见。",
        "内部文件 严禁外传 工号20931 2025-06-21 10:02",
        "阅读回执：已阅 88人   未阅 12人",
        "打印人：丙某某   打印时间：2025-06-21 10:02",
    ]
    d = clean(lines)
    assert d.title == headline and d.date == "2025-06-18"
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "转发给你们") == removed(d, "请各子公司") == {"chrome"}
    assert removed(d, "严禁外传") == removed(d, "阅读回执") == removed(d, "打印人") == {"chrome"}


def test_forwarding_and_request_words_inside_prose_stay() -> None:
    for prose in (
        "通知要求，请各单位于月底前上报算力需求，省里将统筹调配资源。",
        "公司表示，已将相关报告转发给合作伙伴，双方将共同评估部署方案。",
        # a notice issuing its own document is the text of a government page
        "现将《人工智能赋能制造业行动方案》印发给你们，请结合实际认真贯彻执行。",
        "请各单位高度重视，认真组织实施，确保各项任务按期完成。",
    ):
        assert prose in clean(middle(prose)).paragraphs


def test_headline_quoting_another_title_without_an_original_label_stays_the_title() -> None:
    headline = "关于印发《人工智能赋能制造业行动方案》的通知"
    d = clean([headline, META, *NEWS_BODY])
    assert d.title == headline


# ---------------------------------------------------------------- a player with a queue


MORE_BODY = [
    "车企在新车型上普遍预装了语音助手，车主通过对话就能调节空调、座椅和导航目的地。",
    "据行业机构统计，今年上半年搭载大模型座舱的新车销量同比增长近两倍，渗透率快速提升。",
    "不过也有车主反映，助手在嘈杂环境中的识别准确率仍有待提高，部分方言指令无法理解。",
]


def test_queue_positions_start_items_and_player_frame_is_chrome() -> None:
    body1 = [*NEWS_BODY, *MORE_BODY]
    body2 = [s.replace("大模型", "语音模型").replace("车", "机") for s in body1]
    lines = [
        "N挡  0 km/h  电量 76%",
        "您可以说：“播放下一条”“暂停”",
        "队列 1/2",
        "智能座舱进入大模型时代 语音助手更懂车主",
        "某某汽车网 · 2025-09-01 08:15",
        "收听进度 00:00 / 03:21",
        *body1,
        "♡ 收藏 208    👍 1,306",
        "—— 下一条 ——",
        "队列 2/2",
        "车载芯片国产化提速 出货量创新高",
        "某某芯闻 · 2025-09-02 07:40",
        "收听进度 00:00 / 02:48",
        *body2,
        "已播完全部2条   “再听一遍”",
    ]
    ds = drafts(lines)
    assert [d.title for d in ds] == ["智能座舱进入大模型时代 语音助手更懂车主", "车载芯片国产化提速 出货量创新高"]
    assert [d.date for d in ds] == ["2025-09-01", "2025-09-02"]
    assert ds[0].paragraphs == body1 and ds[1].paragraphs == body2


def test_a_fraction_in_prose_is_no_queue() -> None:
    prose = "测试中约有1/2的用户选择了语音交互，另有三成用户更习惯触屏操作。"
    assert prose in clean(middle(prose)).paragraphs


@pytest.mark.parametrize(
    "line",
    ["▶ 听全文  05:12  语速 1.25x", "播放进度 01:05 / 06:40", "2.4万人看过", "⭐ 收藏 57   👍 430", "内容服务由某某资讯平台提供"],
)
def test_player_and_counter_lines_are_chrome(line: str) -> None:
    d = clean(middle(line))
    assert d.paragraphs == NEWS_BODY and removed(d, line.split()[1] if " " in line else line) == {"chrome"}


def test_counts_in_prose_stay() -> None:
    prose = "该视频上线一周已有2.4万人看过，评论区里不少人追问模型的训练数据。"
    assert prose in clean(middle(prose)).paragraphs


# ---------------------------------------------------------------- info cards, search boxes, paywalls


def test_info_card_above_the_text_is_chrome() -> None:
    card = [
        "【企业信息】",
        "统一社会信用代码：91330100MA2XXXXX1  成立日期：2019-04-02",
        "法定代表人：某某某",
        "注册资本：5000万元人民币",
        "所属行业：软件和信息技术服务业",
    ]
    d = clean([TITLE, META, "请输入企业名称或关键词  搜索  高级搜索", *card, *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "法定代表人") == removed(d, "企业信息") == removed(d, "请输入") == {"chrome"}


def test_labelled_rows_without_a_card_header_are_not_a_card() -> None:
    """An article may open with its own list of labelled rows (a product's specifications):
    without the bracketed header that names a card, they are not one."""
    rows = ["型号：XY-3  类型：多模态大模型", "参数规模：1300亿", "上下文长度：256K", "开放方式：API调用与私有化部署"]
    d = clean([TITLE, META, *rows, *NEWS_BODY])
    assert not [r for r in d.removals if r.rule.endswith("info-card")]
    assert all(row in d.paragraphs for row in rows[1:])


def test_labelled_lines_in_the_text_stay() -> None:
    points = ["背景：算力需求持续增长。", "进展：多地新建智算中心。", "挑战：电力供应仍然偏紧。"]
    d = clean([TITLE, META, NEWS_BODY[0], *points, *NEWS_BODY[1:]])
    assert all(p in d.paragraphs for p in points)


@pytest.mark.parametrize(
    "line",
    [
        "〔以下为会员专享内容，您本月还可免费阅读1篇〕",
        "本文出自《某某周刊》第305期",
        "文字大小  小  中  大    分享  微信  LINE",
        "健康提示：本文内容仅供科普参考，不能代替医生的诊断和治疗。",
        "附图：系统结构示意图（来源：公开资料）",
    ],
)
def test_paywall_source_font_and_notice_lines_are_furniture(line: str) -> None:
    d = clean(middle(line))
    assert d.paragraphs == NEWS_BODY and removed(d, line[:4])


def test_sentences_about_members_and_tips_stay() -> None:
    for prose in (
        "平台推出会员专享内容后，付费用户在三个月内增长了两成。",
        "医生提示，智能问诊工具的回答仅供参考，出现症状仍应及时就医。",
    ):
        assert prose in clean(middle(prose)).paragraphs


# ---------------------------------------------------------------- spam runs across a measure, stock-tip words


@pytest.mark.parametrize(
    ("text", "ad"),
    [
        ("新系统上线后排队时间明显缩短，足球串关两场稳赢病人满意度也随之提高。", "串关两场稳赢"),
        ("公司称订单饱满，世界杯竞猜下注赔率高产能利用率接近九成。", "世界杯竞猜下注赔率"),
        ("产能利用率接近九成，明日翻倍股免费领 进群送两只金股新工厂将于年底投产。", "明日翻倍股免费领 进群送两只金股"),
    ],
)
def test_a_measure_after_a_numeral_keeps_an_ad_run_together(text: str, ad: str) -> None:
    assert ad in "".join(spans(text))


@pytest.mark.parametrize(
    "prose",
    [
        "多家券商发布了本月金股组合，涨停股票数量较上月有所增加。",
        "省体彩中心举办世界杯竞猜活动，吸引了上万名球迷参与。",
        "运营商表示，用户携号转网后仍可保号，套餐资费不受影响。",
        "明日公司将送两个新品参加展会，进群的用户可以提前预约。",
    ],
)
def test_news_with_stock_and_quiz_words_is_no_spam(prose: str) -> None:
    assert spans(prose) == []


def test_a_channel_name_before_a_byline_row_is_metadata() -> None:
    d = clean([TITLE, "产业观察  编辑：某某某   2025-03-12 18:26", *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY and removed(d, "产业观察") == {"metadata"} and d.date == "2025-03-12"
