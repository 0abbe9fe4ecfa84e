"""Signals added for the t14 round of noise (issue 4): a video page's subtitles as bare cue
stamps with viewers' overlay comments (弹幕) between them, a hard wrap's last letter alone on
its line. Every fixture is invented for the test (other sites, other wording than the labelled
set); each asserts the noise goes with its kind and that a near-miss of prose stays."""

from __future__ import annotations

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from tests.test_clean_general_rules import drafts, removed, spans  # the same page builders

# --- a video page: bare cue stamps on a recording's clock, overlay comments between them ------

CUES = [
    ("00:02", "本台消息，"),
    ("00:04", "城西的智慧停车平台上线三个月以来，"),
    ("00:08", "已经接入了全区一百二十个停车场的实时车位数据，"),
    ("00:13", "市民在手机上就能查到空位并提前预约。"),
    ("00:18", "平台运营方介绍，"),
    ("00:20", "高峰时段找车位的平均时间"),
    ("00:24", "从过去的十二分钟缩短到了五分钟左右。"),
    ("00:29", "下一步，平台还将接入路边泊位的地磁感应数据，"),
    ("00:34", "让周边商圈的车位信息也能一目了然。"),
]
SENTENCES = [
    "本台消息，城西的智慧停车平台上线三个月以来，已经接入了全区一百二十个停车场的实时车位数据，市民在手机上就能查到空位并提前预约。",
    "平台运营方介绍，高峰时段找车位的平均时间从过去的十二分钟缩短到了五分钟左右。",
    "下一步，平台还将接入路边泊位的地磁感应数据，让周边商圈的车位信息也能一目了然。",
]
OVERLAYS = {"00:04": "◆ 00:05 终于不用绕圈找车位了", "00:20": "◆ 00:21 我们小区门口的也能查吗", "00:29": "◆ 00:30 路边那几个位置从来没空过"}


def _video_page() -> bytes:
    lines = [
        "城西智慧停车平台上线三个月 找车位时间缩短一半_视频_某某视频网",
        "城西智慧停车平台上线三个月 找车位时间缩短一半",
        "播放 3.1万 · 弹幕 268 · 2026-05-14 18:40",
        "字幕（自动生成）",
    ]
    for stamp, text in CUES:
        lines.append(f"{stamp} {text}")
        if stamp in OVERLAYS:
            lines.append(OVERLAYS[stamp])
    lines += ["相关推荐", "© 某某视频网"]
    return "\n".join(lines).encode()


def test_bare_subtitle_cues_lose_their_stamps_and_join_into_sentences() -> None:
    (draft,) = extract(prepare(RawDoc("content/t.txt", _video_page()))).drafts
    text = "\n".join(draft.paragraphs)
    for s in SENTENCES:
        assert s in text
    assert "00:13" not in text and "00:24" not in text


def test_overlay_comments_between_bare_cues_are_comments() -> None:
    (draft,) = extract(prepare(RawDoc("content/t.txt", _video_page()))).drafts
    text = "\n".join(draft.paragraphs)
    for line in OVERLAYS.values():
        assert line[8:] not in text
        assert removed(draft, line[8:]) == {"comments"}


def test_a_days_schedule_of_bare_times_is_no_recording_and_keeps_its_times() -> None:
    """Near-miss: an events list opens its lines with the day's clock (not from "00:0x"): no cue."""
    lines = [
        "会展中心周末活动安排公布 两天共有二十场论坛",
        "2026-05-14 10:20 来源：某某城市网",
        "会展中心周末将举办智能制造博览会，主办方公布了第一天的活动安排，观众可以在官方小程序上预约座位。",
    ]
    times = ["09:00", "09:30", "10:15", "11:00", "13:30", "14:20", "15:10", "16:00", "16:45"]
    for i, t in enumerate(times):
        lines.append(f"{t} 第{i + 1}场论坛在主会场举行，嘉宾将围绕工业软件和机器人应用分享各自的实践经验，")
    lines.append("主办方提醒，博览会期间周边道路车流量较大，建议观众乘坐地铁前往。")
    (draft,) = drafts(lines, "\n")
    text = "\n".join(draft.paragraphs)
    assert "09:30 第2场论坛" in text and "16:45 第9场论坛" in text


def test_a_symbol_marked_stamp_off_a_cue_page_stays() -> None:
    """Near-miss: a page with two "◆ 10:05 …" lines but no subtitle cues keeps them."""
    lines = [
        "两地高铁今日首发 早晚各加开一趟",
        "2026-05-14 10:20 来源：某某铁路网",
        "两地之间的高铁今天正式开通，首发列车满载旅客从东站驶出，全程用时比普通列车缩短近两个小时。",
        "◆ 07:05 首趟列车从东站发车，沿途停靠三个县城车站，车上不少乘客是返乡的务工人员。",
        "◆ 09:40 列车准点抵达终点站，当地在站前广场举行了简短的欢迎仪式，并向首批旅客赠送纪念车票。",
        "铁路部门表示，开通初期每天安排八对列车，后续将根据客流情况增开周末班次。",
    ]
    (draft,) = drafts(lines, "\n")
    text = "\n".join(draft.paragraphs)
    assert "首趟列车从东站发车" in text and "列车准点抵达终点站" in text


# --- a hard wrap's last letter alone on its line ------------------------------------------------

WRAPPED = "据厂方统计，新产线投产后单月出货量已经超过去年同期的两倍，管理层预计全年营收将再创新高。"


def test_a_wrapped_paragraphs_last_letter_alone_on_its_line_stays_with_it() -> None:
    width = 22
    body = [WRAPPED[i : i + width] for i in range(0, len(WRAPPED) - 2, width)]
    body[-1] = WRAPPED[width * (len(body) - 1) : -2]
    lines = [
        "某某电子月营收创新高",
        "2026-05-14 10:20 来源：某某财经网",
        "某某电子昨日公布上月营收，受数据中心订单带动，单月营收同比增长近五成，创下历史新高。",
        *body,
        "高。",
        "口",
        "公司表示，第二座厂房预计年底前完工，届时产能将再提升三成，以满足客户的扩产需求。",
    ]
    (draft,) = drafts(lines, "\n")
    text = "".join(draft.paragraphs)
    assert "再创新高。" in text
    assert removed(draft, "口") == {"stuffing"}  # near-miss: a stray OCR mark without a full stop goes


# --- spam families: a clinic's surgery ad, a certificate mill's list, a pirate site's adult comics --


def test_a_clinic_surgery_ad_spliced_into_a_sentence_is_spam() -> None:
    text = "据测算，明年国内服务器出货量将增长两成，南湖仁爱男科 激光前列腺治疗 不住院 无效退款其中推理服务器占比最高。"
    assert spans(text) == ["南湖仁爱男科 激光前列腺治疗 不住院 无效退款"]


def test_a_report_on_a_surgery_is_no_clinic_ad() -> None:
    """Near-miss: the same words in a sentence about a hospital's work."""
    assert spans("该院泌尿外科去年开展微创包皮手术三百余例，多数患者术后当天出院，不复发率超过九成。") == []


def test_a_certificate_mills_list_of_certificates_goes_with_its_promises() -> None:
    text = "楼下回复：消防证、安全员证、健康管理师证 免考 保过 全网可查 私聊"
    assert any("消防证、安全员证、健康管理师证" in s and "全网可查" in s for s in spans(text))


def test_a_warning_about_certificate_mills_is_no_ad() -> None:
    """Near-miss: a warning that quotes the mill's promises with marks between them."""
    assert spans("人社部门提醒，电工证、焊工证均须参加考试，所谓不用考、全国联网可查的广告都是骗局。") == []


def test_a_pirate_sites_adult_comics_ad_is_spam() -> None:
    # the strong terms only (成人漫画, 黄漫, 里番): the site's other promises (无删减, 每日更新) are
    # news words too (a film's uncut version, a site's daily updates)
    text = "精品里番合集 黄漫免费看 高清无码"
    assert "".join(spans(text)).replace(" ", "") == text.replace(" ", "")


def test_news_on_comics_and_uncut_films_is_no_ad() -> None:
    """Near-miss: the pirate site's words in ordinary news."""
    assert spans("这部电影的无删减版每日更新排片，观众也可以在手机上直接看。") == []
    assert spans("出版社表示，成人漫画市场去年增长了两成，监管部门正在研究分级制度。") == []


# --- a browser's page title over the page's own headline -------------------------------------

DOC_BODY = [
    "据运营方介绍，新上线的夜间充电调度服务会根据电网负荷把车辆分批安排到凌晨充电，单车每月电费平均下降一成半。",
    "首批接入的三个物流园区共有四百多辆电动货车，调度系统会提前一天生成充电计划，并通过手机通知司机。",
    "业内人士认为，随着峰谷电价差继续拉大，类似的错峰调度会成为车队运营的标准配置。",
]


def test_a_page_title_with_a_document_platforms_name_gives_the_headline_and_the_byline_below_dates_it() -> None:
    headline = "电动货车夜间错峰充电，物流园区电费降一成半"
    lines = [
        f"{headline} · 运营周报 · 车队运营手册 · 云杉文档",
        "云杉文档  工作台  知识库  搜索文档 ⌘K  登录",
        "目录",
        "▾ 运营周报",
        "    · 电动货车夜间错峰充电，物流园区电费降…",
        f"车队运营手册 / 运营周报 / {headline}",
        f"📄 {headline}",
        "周以宁  发布于 2026-05-14 09:30  ·  最近编辑 2026-05-20 18:02",
        *DOC_BODY,
        "© 云杉文档",
    ]
    (draft,) = drafts(lines, "\n")
    assert draft.title == headline
    assert draft.date == "2026-05-14"
    for p in DOC_BODY:
        assert p in draft.paragraphs


def test_a_headline_ending_in_a_platform_word_is_no_site_name() -> None:
    """Near-miss: "知识库" ends the headline itself; the page title's site part is the site's."""
    headline = "某某银行上线面向客服的企业知识库"
    lines = [f"{headline} - 某某财经网", headline, "2026-05-14 10:20 来源：某某财经网", *DOC_BODY]
    (draft,) = drafts(lines, "\n")
    assert draft.title == headline


def _reader_page(headline: str) -> list[str]:
    return [
        f"《{headline}》- 在线阅读 - 某某学院图书馆 数字资源平台",
        "某某学院图书馆  |  首页  数据库  我的书架",
        "专栏 | 智慧港口",
        headline,
        "文/本刊记者  沈知远",
        f"【摘要】{DOC_BODY[0]}",
        "【关键词】无人集卡；港口；自动驾驶",
        "收稿日期：2026-02-03    出版日期：2026-05-10",
        *DOC_BODY,
    ]


def test_a_readers_page_title_in_book_title_marks_gives_the_bare_headline() -> None:
    headline = "港口无人集卡进入规模化运营阶段"
    lines = [f"《{headline}》- 在线阅读 - 某某学院图书馆 数字资源平台", "2026-05-10 10:20 来源：某某港航周刊", *DOC_BODY]
    (draft,) = drafts(lines, "\n")
    assert draft.title == headline


def test_under_the_pages_own_headline_an_abstract_is_not_the_text_and_the_dates_below_it_count() -> None:
    headline = "港口无人集卡进入规模化阶段：一年运量翻番"
    (draft,) = drafts(_reader_page(headline), "\n")
    assert draft.title == headline
    assert draft.date == "2026-05-10"  # the date, not the date it was received


def test_a_headline_that_is_a_works_title_keeps_its_marks() -> None:
    """Near-miss: a page title with no site part keeps the headline's 《》 as printed."""
    headline = "《流浪星河》首周票房破十亿"
    lines = [headline, "2026-05-14 10:20 来源：某某娱乐网", *DOC_BODY]
    (draft,) = drafts(lines, "\n")
    assert draft.title == headline


# --- an item's labelled title under its label row ------------------------------------------------


SECOND_BODY = [
    "据了解，这家企业今年在城东新建的冷链仓已经投入使用，库内的分拣机器人可以在零下十八度的环境中连续工作。",
    "企业负责人表示，冷链仓的自动化改造让夜班人手减少了一半，下一步计划把同样的方案推广到另外两个城市。",
    "行业协会的数据显示，今年前三季度全市新增的自动化冷链仓容量已经超过去年全年的总和。",
]


def test_a_labelled_title_under_an_items_label_row_is_the_headline_and_no_paragraph() -> None:
    headline = "夜间错峰充电在三个物流园区全面铺开，四百多辆电动货车每月电费平均降一成半"
    second = "冷链仓用上低温分拣机器人，夜班人手减少一半"
    lines = [
        "某某舆情监测平台 · 每日简报 2026年第96期",
        "一、重点信息详情",
        "【条目1】  风险级别：低    处理状态：已核实",
        f"标题：{headline}",
        "来源：某某晚报客户端    作者：记者 周以宁",
        "发布时间：2026-05-14 09:30:12    入库时间：2026-05-14 09:41:05",
        "正文：",
        *DOC_BODY,
        "【条目2】  风险级别：中    处理状态：已核实",
        f"标题：{second}",
        "来源：某某商报    作者：记者 沈知远",
        "发布时间：2026-05-13 18:02:45    入库时间：2026-05-13 18:20:11",
        "正文：",
        *SECOND_BODY,
        "本简报仅供内部参考",
    ]
    drafts = extract(prepare(RawDoc("content/t.txt", "\n".join(lines).encode()))).drafts
    first = next(d for d in drafts if DOC_BODY[0] in d.paragraphs)
    assert first.title == headline
    assert first.date == "2026-05-14"
    assert not any(headline in p for d in drafts for p in d.paragraphs)


def test_a_first_paragraph_naming_its_subject_stays_text() -> None:
    """Near-miss: a paragraph that opens with 标题 in prose ("标题党…") is no labelled title."""
    first = "标题党文章在短视频平台上越来越多，平台方表示将对夸大其词的标题进行限流处理。"
    lines = ["短视频平台整治标题党", "2026-05-14 10:20 来源：某某网", first, *DOC_BODY]
    (draft,) = drafts(lines, "\n")
    assert draft.title == "短视频平台整治标题党"
    assert first in draft.paragraphs
