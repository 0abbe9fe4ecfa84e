"""Signals added for the t10 round of noise (issue 4): kinds of pages seen as chat exports,
slide decks with speaker notes, screen-reader text modes, paginated WAP pages, crowdfunding
pages, procurement notices and annual-report excerpts, and new categories of spam. Every
fixture is invented for the test (other sites, other wording than the labelled set); each
asserts the noise goes with its kind and that a near-miss of prose stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans
from digest.split import paragraphs

TITLE = "国产大模型加速落地 多家厂商发布新品"
META = "2025-03-12 10:20 来源：某某科技网"


def drafts(lines: list[str], sep: str = "\n\n"):
    return extract(prepare(RawDoc("content/t.txt", sep.join(lines).encode()))).drafts


def clean(lines: list[str], sep: str = "\n\n"):
    return drafts(lines, sep)[0]


def removed(draft, text: str) -> set[str]:
    """The kinds the cleaner recorded for a removed piece holding `text`."""
    return {r.kind for r in draft.removals if text in r.text}


def spam(text: str) -> list[str]:
    return [text[a:b] for a, b in spam_spans(text, spam_rules())]


# --- spam lexicon: new categories ----------------------------------------------------------


@pytest.mark.parametrize("ad", [
    "代办文凭学信网备案",  # fake diplomas
    "海外试管代孕包性别",  # surrogacy agencies
    "稳定币理财日息1.5%",  # guaranteed daily yields
    "和平精英代充3.8折",  # game top-ups at a discount
    "流水三倍即可提现",  # a casino's wagering rule
])
def test_new_spam_categories_spliced_mid_sentence_are_found(ad: str) -> None:
    line = f"这家工厂的质检线去年完成改造，{ad}今年良品率提升到百分之九十七。"
    assert any(ad in s or (s in ad and len(s) >= 4) for s in spam(line))


@pytest.mark.parametrize("prose", [
    "警方通报一起非法代孕案件，涉案中介已被刑拘。",
    "该理财产品的日收益率在年报中披露为万分之一点二。",
    "学信网可查询学历信息，招聘方通常会核验。",
    "游戏厂商表示，官方渠道充值享受九折优惠，并提醒玩家警惕第三方代充。",
])
def test_news_about_those_trades_is_no_spam(prose: str) -> None:
    assert spam(prose) == []


# --- chat export -----------------------------------------------------------------------------


def test_chat_log_senders_and_messages_are_comments_and_the_pasted_article_stays() -> None:
    lines = ["大壮｜算法组  08:41", "早，昨晚的发布会有人看了吗", "小鹿-产品  08:45", "看了，转一篇报道给大家",
             TITLE, META, *NEWS_BODY,
             "大壮｜算法组  09:02", "写得不错，推理降价这块说得很清楚", "小鹿-产品  09:05", "[图片]",
             "“小鹿-产品”撤回了一条消息"]
    d = clean(lines, "\n")
    assert d.title == TITLE and d.date == "2025-03-12"
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "大壮｜算法组") <= {"comments"} and removed(d, "推理降价这块") == {"comments"}
    assert removed(d, "撤回了一条消息") == {"chrome"}


def test_a_forum_thread_whose_first_post_is_the_text_is_no_chat_log() -> None:
    # "name  time" above each post, a name twice: but the first one heads the text itself
    long_post = NEWS_BODY[0] + NEWS_BODY[1] + "记者在现场看到，多家厂商的展台前都排起了长队，观众最关心的是模型能否在本地设备上稳定运行。"
    assert len(long_post) > 100
    lines = [TITLE, "云端老李  2025-03-12 10:20", long_post, *NEWS_BODY[2:],
             "阿飞  10:41", "感谢分享", "云端老李  10:45", "客气，欢迎讨论", "小周  11:02", "学习了"]
    d = clean(lines, "\n")
    assert not {r.rule for r in d.removals} & {"chat-sender", "chat-message", "chat-above"}
    assert d.title == TITLE


def test_agenda_lines_with_times_are_no_chat_log() -> None:
    # one time per session, no name twice: an article's schedule, not a chat
    agenda = ["开幕致辞 09:00", "主旨演讲 09:30", "圆桌讨论 10:30"]
    d = clean([TITLE, META, NEWS_BODY[0], *agenda, *NEWS_BODY[1:]], "\n")
    assert not {r.rule for r in d.removals} & {"chat-sender", "chat-message"}


# --- slide deck with speaker notes ------------------------------------------------------------


def test_slide_lines_go_and_the_notes_join_across_slides() -> None:
    lines = ["第1页 / 共3页", "季度分享：推理市场", "演讲者备注：", NEWS_BODY[0],
             "某某证券研究所 | 仅供内部参考 | 1",
             "第2页 / 共3页", "一、价格走势", "· 单卡价格下降", "演讲者备注：",
             "多家云厂商上个月起陆续宣布降价，模型即服务的商业模式逐渐清晰，中小企业和个人",
             "某某证券研究所 | 仅供内部参考 | 2",
             "第3页 / 共3页", "二、竞争格局", "演讲者备注：", "开发者的使用门槛也随之降低。", NEWS_BODY[2],
             "某某证券研究所 | 仅供内部参考 | 3"]
    d = clean(lines, "\n")
    assert "· 单卡价格下降" not in d.paragraphs and "一、价格走势" not in d.paragraphs
    # the sentence cut by the slide break is one paragraph again
    assert "多家云厂商上个月起陆续宣布降价，模型即服务的商业模式逐渐清晰，中小企业和个人开发者的使用门槛也随之降低。" in d.paragraphs
    assert not any("仅供内部参考" in p for p in d.paragraphs)


def test_rule_lines_are_never_joined_to_a_wrapped_line() -> None:
    text = "页眉：某某研究院内部资料 | 7\n==========================\n第8页 / 共12页"
    assert [ln.text for ln in paragraphs(text)] == text.split("\n")


# --- screen-reader text mode --------------------------------------------------------------


def test_screen_reader_roles_are_taken_off_and_link_lists_are_chrome() -> None:
    lines = ["按钮：搜索", "链接：返回首页", "列表，3项", "链接：科技", "链接：财经", "列表结束",
             f"标题级别1：{TITLE}", f"文本：{META}",
             NEWS_BODY[0], "标题级别2：降价之后", *NEWS_BODY[1:], "图片：工程师在机房调试服务器。记者 某某摄"]
    d = clean(lines)
    assert d.title == TITLE and d.date == "2025-03-12"
    assert d.paragraphs == [NEWS_BODY[0], "降价之后", *NEWS_BODY[1:]]
    assert removed(d, "工程师在机房") == {"caption"}


def test_an_image_label_with_a_list_after_it_stays() -> None:
    line = "图片:某修图软件,短视频:某剪辑软件,长视频:专业软件"
    assert line in clean([TITLE, META, *NEWS_BODY[:2], line, *NEWS_BODY[2:]]).paragraphs


# --- WAP pager, crowdfunding, procurement, annual report -----------------------------------------


def test_wap_pager_rows_and_edition_header_are_chrome() -> None:
    lines = [TITLE, META, NEWS_BODY[0], "第1/2页 下一页 末页", "[1] [2]", "跳到第[ ]页 确定", "星河资讯 触屏版",
             *NEWS_BODY[1:]]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "下一页") == removed(d, "[1] [2]") == removed(d, "触屏版") == {"chrome"}


def test_crowdfunding_counters_tiers_and_update_log_are_chrome() -> None:
    lines = [TITLE, META, "已筹 ¥52,300  目标 ¥30,000  174%", "618 人支持  剩余 9 天", *NEWS_BODY, "回报档位",
             "¥129  尝鲜档：基础款 ×1    已有 203 人支持", "更新#1 2025-03-20 首批样机已经完成组装。"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "尝鲜档") == removed(d, "首批样机") == removed(d, "已筹") == {"chrome"}


def test_notice_fields_attachments_and_table_rows() -> None:
    lines = [TITLE, META, "招标编号：ZB-2025-0042", "招标人：某某市人工智能产业园", *NEWS_BODY, "附件：",
             "1. 中标候选人公示表.xlsx", "某某记者 reporter@news-example.com",
             "招标人：某某市人工智能产业园  联系人：赵女士  联系电话：0571-86001234"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "ZB-2025") == {"chrome"} and removed(d, "公示表.xlsx") == {"chrome"}
    assert removed(d, "reporter@") == removed(d, "赵女士") == {"chrome"}
    # a sentence giving a hotline is prose
    prose = "市场监管部门提醒，消费者遇到问题可拨打联系电话：0571-87654321，或在线投诉。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs
    # a table's header row holds title words spaced apart: a table, no keyword run
    title = "大模型推理 本年金额 上年金额"
    table = ["项目 本年金额 上年金额 变动比例（%）", "研发投入 1,253,408,211.50 982,114,306.72 27.62",
             "销售费用 310,226,845.13 290,551,604.08 6.77"]
    d = clean([title, META, *NEWS_BODY[:2], *table, *NEWS_BODY[2:]], "\n")
    assert table[0] in d.paragraphs


def test_running_footer_with_page_numbers_is_chrome() -> None:
    footer = "某某科技股份有限公司 2025年年度报告 第{}页"
    lines = [TITLE, META, NEWS_BODY[0], footer.format(3), NEWS_BODY[1], footer.format(4), NEWS_BODY[2],
             footer.format(5), NEWS_BODY[3]]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY


def test_stated_original_title_is_the_title_when_the_page_has_none() -> None:
    lines = ["原文标题：端侧模型走进家电卖场", "来源：某某周刊 2025年4月2日 记者 某某", *NEWS_BODY]
    d = clean(lines)
    assert d.title == "端侧模型走进家电卖场" and d.date == "2025-04-02"


def test_a_slide_without_notes_is_the_slides_and_a_phone_left_by_an_ad_goes() -> None:
    lines = ["第1页 / 共2页", "内部分享", "备注：", *NEWS_BODY[:2], "第2页 / 共2页", "谢谢聆听", "备注：", NEWS_BODY[2],
             "第3页 / 共3页", "提问环节", "欢迎交流"]
    d = clean(lines, "\n")
    assert d.paragraphs == NEWS_BODY[:3]
    assert removed(d, "提问环节") == removed(d, "欢迎交流") == {"chrome"}
    for ad in ["周转困难？秒批贷款 黑户可下 无视征信 当天放款不看流水 微信同号 139-0000-1111",
               "手头紧？无视征信黑户可下 秒批当天放款 不看流水 微信同号 139-0000-1111"]:
        assert clean([TITLE, META, *NEWS_BODY[:2], ad, *NEWS_BODY[2:]]).paragraphs == NEWS_BODY
    # a sentence with a spliced ad and a phone of its own keeps its text
    prose = "据了解，该中心已开通咨询电话0571-87654321，市民可工作日拨打。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_a_paragraph_about_the_headlines_subject_keeps_its_word() -> None:
    title = "无人机配送在山区试运行半年"
    body = [
        "今年春天，某省开通了首条无人机配送航线，半年来共完成配送约一万两千单。",
        "为什么先在山区试点？负责人说，山区道路崎岖，车辆送一趟要两个小时；同时，山区快递网点少，"
        "不少村子要到镇上取件，而那里的空域相对空旷，审批也更容易通过。",
        "目前每单配送费为五元，与普通快递上门费相同，运营方每年仍需补贴约八十万元。按照目前的单量测算，"
        "如果日均配送量能翻一番，补贴可以减少一半，运营方正在和当地邮政、供销社商量合作。",
        "安全方面，半年里无人机共发生两次迫降，都是因为突遇强风，没有造成人员受伤和货物损失。"
        "运营方随后调整了起降点的位置，并为每架飞机加装了备用电池和降落伞。",
        "下一步，运营方计划把航线从三条增加到八条，并尝试夜间配送药品和急救物资。负责人表示，"
        "夜间飞行需要另行审批，预计明年上半年可以拿到许可，届时将优先服务卫生院和养老院。",
    ]
    d = clean([title, META, *body])
    assert d.paragraphs == body
    assert not [r for r in d.removals if r.rule == "unattested-title-word"]


def test_document_file_bar_is_chrome_but_a_download_size_in_a_sentence_stays() -> None:
    bar = "全文PDF共86页 当前预览第3-5页 下载PDF(2.4MB) 阅读 1,208"
    d = clean([TITLE, META, bar, *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY and removed(d, "当前预览") == {"chrome"}
    prose = "该模型的量化版本已在社区开放下载（13GB），普通显卡即可运行。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs
