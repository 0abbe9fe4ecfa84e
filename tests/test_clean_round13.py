"""Signals added for the t13 round of noise (issue 4): the text of a scanned newspaper page
(a narrow column wrap amid wider furniture, framed column breaks, a masthead row with its
weekday, a three-line headline, another article's fragment between jump marks, the OCR tool's
result line), menus with Latin words in their items, page breaks joined once, and spam runs of
tipsters and crypto ads. Every fixture is invented for the test (other sites, other wording
than the labelled set); each asserts the noise goes with its kind and that a near-miss of
prose stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from digest.clean import menu_line
from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.split import find_markers, paragraphs
from tests.test_clean_general_rules import META, TITLE, clean, middle, removed, spans  # the same page builders

MORE = [
    "据介绍，这条产线上的视觉系统每秒拍摄二十张照片，能识别出零点一毫米的装配偏差。",
    "厂方表示，明年计划再改造两条产线，并与本地高校合作培养懂算法的维修工程师。",
]


def _column(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def _scanned_page(width: int = 12) -> list[str]:
    """A scanned sheet as an OCR site serves it: the tool's lines, a masthead, a three-line
    headline, the text broken at a narrow column with framed column breaks."""
    lines = ["字识通 · 图片转文字 首页 拍照识别 PDF转Excel 批量处理 个人中心",
             "识别完成 文件名：hbrb_0312_B02.png 尺寸：2480×3508 识别于 2026-03-14 09:12:40 平均置信度 95.1%",
             "════ [第1栏] ════",
             "河北经济报 2026年3月12日 星期四 第B02版 产业观察",
             "责任编辑：某甲 校对：某乙",
             "从“人盯屏幕”到“机器看件”",
             "纺织厂的质检员换了岗位",
             "邢台两家企业用视觉模型验布，漏检率降到千分之三"]
    paras = [*NEWS_BODY, *MORE]
    for p in paras[:3]:
        lines += _column(p, width)
    lines += ["════ [第2栏] ════", "（上接B01版）本报讯 省商务厅近日公布外贸数据……（下转B06版）", "════ [第3栏] ════"]
    for p in paras[3:]:
        lines += _column(p, width)
    lines += ["▲以上为机器识别结果，仅供参考", "© 2026 字识通 图片文字识别"]
    return lines


def test_a_narrow_column_amid_wider_furniture_is_joined_and_the_headline_is_the_middle_line() -> None:
    raw = "\n".join(_scanned_page()).encode()
    (draft,) = extract(prepare(RawDoc("content/t.txt", raw))).drafts
    for p in [*NEWS_BODY, *MORE]:
        assert p in draft.paragraphs
    assert draft.title == "纺织厂的质检员换了岗位"  # not the kicker above nor the deck below
    assert draft.date == "2026-03-12"  # the masthead's, not the OCR run's
    assert removed(draft, "════ [第2栏] ════") == {"chrome"}
    assert removed(draft, "本报讯 省商务厅近日公布外贸数据") == {"chrome"}  # another article's fragment
    assert removed(draft, "平均置信度") == {"chrome"}


def test_framed_column_breaks_are_no_article_markers() -> None:
    lines = paragraphs("\n".join(["第一篇的标题写在这里", "──── [栏 1] ────", *NEWS_BODY, "第二条标题也在这里",
                                  "──── [栏 2] ────", *MORE, *NEWS_BODY]))
    assert find_markers(lines) == []


def test_a_narrow_column_of_list_items_is_still_not_joined() -> None:
    items = ["●某市发布机器人产业扶持办法", "●高新区新增三家智算中心", "●两所高校开设具身智能专业",
             "●某企业储能项目本月投产", "●本地车企发布新款电动车", "●新一批专精特新名单公布",
             "●港口自动化改造完成验收", "●会展中心举办人工智能周", "●物流园区启用无人配送车"]
    lines = paragraphs("\n".join([TITLE, META, *NEWS_BODY, "简讯", *items, "─── 第2栏 ───", *MORE]))
    assert all(any(ln.text == item for ln in lines) for item in items)


def test_a_line_wider_than_a_narrow_wrap_is_not_its_continuation() -> None:
    text = "\n".join(["标题就在这一行上面", "副题写得比版面上的栏宽要长一些，也有逗号", *_column(NEWS_BODY[0] + NEWS_BODY[1], 12)] * 3)
    lines = paragraphs(text)
    assert any(ln.text == "标题就在这一行上面" for ln in lines)


def test_a_framed_label_that_is_no_break_stays_a_line_of_the_text() -> None:
    d = clean(middle("════ 附：名词解释 ════"))
    assert d.paragraphs[:2] == NEWS_BODY[:2]
    assert "chrome" not in removed(d, "名词解释") or "════ 附：名词解释 ════" in d.paragraphs


def test_jump_marks_inside_a_sentence_stay() -> None:
    prose = "该报道在头版刊出后（下转第6版）引发了广泛讨论，多家企业主动联系记者提供线索。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_an_ocr_tools_result_line_goes_but_prose_about_recognition_stays() -> None:
    d = clean(["扫描王 识别结果 文件名：img_2201.jpg 分辨率：1920×1080 共识别 1532 字 识别耗时 2.1秒", TITLE, META, *NEWS_BODY])
    assert d.title == TITLE and d.paragraphs == NEWS_BODY
    assert removed(d, "img_2201") == {"chrome"}
    prose = "测试显示，新模型在文件名和尺寸都不规范的扫描件上，平均置信度仍比旧版高出六个百分点。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_masthead_row_with_its_weekday_dates_the_page() -> None:
    d = clean(["东南晨报 2025年11月6日星期四第A03版要闻", TITLE, *NEWS_BODY])
    assert d.date == "2025-11-06" and d.title == TITLE and d.paragraphs == NEWS_BODY


def test_two_stacked_lines_over_the_text_are_read_as_before() -> None:
    # no dated or labelled row around them: the upper of two title-like lines stays the headline
    d = clean(["国产大模型出海提速", "东南亚中东市场成新增长点，厂商加快布局", *NEWS_BODY])
    assert d.title == "国产大模型出海提速"


@pytest.mark.parametrize("text", ["扫描全能王 首页 拍照转文字 PDF转Word 表格识别 会员中心", "首页 APP下载 资讯 行情 数据中心"])
def test_a_menu_with_latin_words_in_its_items_is_a_menu(text: str) -> None:
    assert menu_line(text)


@pytest.mark.parametrize("text", ["OpenAI 发布 GPT-5 模型", "英伟达 发布 新一代 Blackwell Ultra 芯片组合方案"])
def test_a_headline_with_latin_words_is_no_menu(text: str) -> None:
    assert not menu_line(text)


def test_a_page_break_joins_only_the_sentence_it_cut() -> None:
    # the first page's last paragraph ends mid-sentence; later pages' paragraphs stay apart
    cut = "报告认为，受大模型应用普及的带动，推理芯片的需求将在未来三年保持高速增长，"
    lines = [TITLE, META, NEWS_BODY[0], cut, "第 1 页 / 共 3 页", "其中边缘侧的增速最快。", NEWS_BODY[1],
             "第 2 页 / 共 3 页", NEWS_BODY[2], NEWS_BODY[3]]
    d = clean(lines)
    assert cut + "其中边缘侧的增速最快。" in d.paragraphs
    assert NEWS_BODY[1] in d.paragraphs and NEWS_BODY[2] in d.paragraphs and NEWS_BODY[3] in d.paragraphs
    # a sentence joined across the break that ends open itself joins no later line
    lines = [TITLE, META, NEWS_BODY[0], cut, "第 1 页 / 共 3 页", "其中边缘侧的增速最快", "市场格局", NEWS_BODY[1], NEWS_BODY[2]]
    d = clean(lines)
    assert cut + "其中边缘侧的增速最快" in d.paragraphs and "市场格局" in d.paragraphs


# ---------------------------------------------------------------- spam runs


@pytest.mark.parametrize(
    ("text", "ad"),
    [
        ("算力价格继续上涨，英超让球推荐 跟单必红 不少机房已经满载。", "英超让球推荐 跟单必红"),
        ("这条产线的良率提高了，双色球明牌免费看 连开五期 工人的加班也少了。", "双色球明牌免费看 连开五期"),
        ("数据中心的电费占了大头，USDT合约带单 十倍杠杆稳赚不赔 运营方只能想办法节能。", "USDT合约带单 十倍杠杆稳赚不赔"),
    ],
)
def test_tipster_and_leverage_runs_are_cut_whole(text: str, ad: str) -> None:
    assert ad.replace(" ", "") in "".join(spans(text)).replace(" ", "")


@pytest.mark.parametrize(
    "prose",
    [
        "该基金使用了三倍杠杆，导致净值在下跌行情中亏损扩大。",
        "彩票中心解释，同一号码连开两期属于正常的概率事件。",
        "球迷戏称这支球队本赛季逢赛必红牌，纪律委员会已介入调查。",
    ],
)
def test_prose_about_leverage_and_draws_is_no_spam(prose: str) -> None:
    assert spans(prose) == []


def test_an_online_casino_name_after_prose_takes_no_word_of_the_prose() -> None:
    text = "多数工厂仍然缺少线上娱乐城首存送百 懂算法又懂设备的复合型人才。"
    found = spans(text)
    assert found and all("缺少" not in f for f in found)
    # a brand glued before the suffix at a clause edge still goes with it
    assert any("海湾" in f for f in spans("电价上涨之后，海湾线上娱乐城 新户首存送88 tg @bay88 厂商转向海外。"))


# ---------------------------------------------------------------- titles


def test_a_promo_line_ending_in_a_link_arrow_is_no_headline() -> None:
    d = clean(["🎉 开学季特惠：云主机 新用户首月3折 >", "首页 / 新闻动态 / 行业资讯", TITLE, META, *NEWS_BODY])
    assert d.title == TITLE and d.paragraphs == NEWS_BODY
    # a headline naming a comparison keeps its sign inside
    d = clean(["国产芯片性能 > 进口芯片？一份测试报告的解读", META, *NEWS_BODY])
    assert d.title == "国产芯片性能 > 进口芯片？一份测试报告的解读"


def test_a_slash_path_from_the_home_page_is_a_breadcrumb() -> None:
    d = clean(["首页 / 新闻动态 / 行业资讯", TITLE, META, *NEWS_BODY])
    assert removed(d, "新闻动态") == {"chrome"} and d.title == TITLE
    prose = "首页/频道/详情三级页面的加载时间都缩短到一秒以内，用户停留时长随之增加了两成。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def _post(n: int, day: int) -> list[str]:
    return [f"{day}月{n + 10}日", "某某观察频道", *NEWS_BODY, *MORE, *NEWS_BODY[:2],
            f"👁 {n}.2K · 2026年{day}月{n + 10}日 2{n}:0{n}"]


def test_day_lines_under_a_posts_stamp_row_start_untitled_items() -> None:
    pinned = ["某某观察频道 – 频道预览", "📌 置顶消息", "频道投稿请私信，合作请发邮件。", "👁 9.9K · 2026年9月1日 10:00"]
    lines = paragraphs("\n".join([*pinned, *_post(1, 9), *_post(2, 9), *_post(3, 9)]))
    from digest.split import split_segments
    _, segments = split_segments(lines)
    assert len(segments) == 3
    assert all(s.title_no is None for s in segments)  # the stamp row above a day line is the item before's
    assert all(s.lines[0].text.endswith("日") for s in segments)


def test_a_capture_time_under_a_line_does_not_make_it_the_headline() -> None:
    d = clean(["通知仅保留最近七天 全部已读", "网页快照时间：2026-05-02 11:20:31", "09:10 【财经】两市成交额回落至九千亿元",
               TITLE, META, *NEWS_BODY])
    assert d.title == TITLE and d.date == "2025-03-12"
    # an update line under the headline still leaves it the headline
    d = clean([TITLE, "更新时间：2025-03-13 08:00", *NEWS_BODY])
    assert d.title == TITLE


def test_a_section_path_above_the_headline_is_a_kicker() -> None:
    d = clean(["首页 / 客户故事 / 零售 / 连锁药房", "零售 · 连锁药房", "某药房连锁用大模型把缺货率降了三成",
               "基于某某云平台搭建补货预测与客服助手，覆盖八百家门店", *NEWS_BODY])
    assert d.title == "某药房连锁用大模型把缺货率降了三成"


# ---------------------------------------------------------------- transcripts


def test_a_transcripts_time_stamps_are_taken_off_its_lines() -> None:
    cues = [f"[00:0{k}:1{k}] {p}" for k, p in enumerate(NEWS_BODY, 1)]
    lines = [TITLE, META, "[00:00:00] （开场音乐）", *cues, "[00:05:40] （片尾音乐）"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "[00:01:11]") == {"chrome"} and removed(d, "（开场音乐）") == {"chrome"}
    # a flash list's unbracketed times and a single bracketed time in prose stay as they are
    prose = "会议在[10:30]准时开始，主办方先播放了一段三分钟的宣传片，随后进入主题演讲环节。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


@pytest.mark.parametrize("label", ["总经理 王某某：", "CFO 李某：", "问（某某证券 研究员）：", "主持人：", "答："])
def test_a_speaker_label_alone_on_its_line_is_chrome(label: str) -> None:
    # (on a transcript: a page with two speaker labels or more; one alone is a sentence's, see
    # test_clean_round13_review)
    d = clean([TITLE, META, NEWS_BODY[0], label, *NEWS_BODY[1:3], "嘉宾：", *NEWS_BODY[3:]])
    assert d.paragraphs == NEWS_BODY and removed(d, label.rstrip("：")) == {"chrome"}


@pytest.mark.parametrize("line", ["公司CEO 张某表示：", "董事长李某在会上强调：", "具体来看，主要有以下三点："])
def test_a_sentence_introducing_a_quote_is_no_speaker_label(line: str) -> None:
    d = clean(middle(line))
    assert line in d.paragraphs


# ---------------------------------------------------------------- a vendor's cards, comments, text browsers


def test_cards_with_link_buttons_and_stat_rows_are_chrome() -> None:
    card = "向量数据库 VDB —毫秒级检索，弹性扩容 查看详情 >"
    stats = "27% 缺货率下降 ↑15% 周转效率 40分钟 每日补货用时"
    d = clean([TITLE, META, NEWS_BODY[0], stats, *NEWS_BODY[1:], "使用的产品", card, "相关案例"])
    assert d.paragraphs == NEWS_BODY
    assert removed(d, card) == removed(d, stats) == {"chrome"}
    prose = "项目上线后，门店的缺货率下降了27%，周转效率提高15%，每日补货用时缩短到40分钟。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_a_featured_comment_below_the_text_is_a_comment() -> None:
    d = clean([TITLE, META, *NEWS_BODY, "热评 夜猫子小刘：终于有人把这事讲清楚了。赞 52", "热评 阿强：期待后续报道。赞 9"])
    assert d.paragraphs == NEWS_BODY


def _lynx(body: list[str]) -> list[str]:
    refs = [f"  {n}. https://www.example-news.cn/p/{n}.html" for n in range(1, 13)]
    return ["某某科技网 | 首页", "[1]首页 [2]芯片 [3]算力 [4]模型 [5]登录", TITLE, META, *body,
            "相关阅读", "* [9]另一篇文章的标题在这里 2026-01-02", "[10][IMG]", "[11]关于我们 | [12]联系我们", "References", *refs]


def test_a_text_browsers_link_markers_and_link_list_go() -> None:
    body = [NEWS_BODY[0].replace("推理成本", "[6]推理成本"), NEWS_BODY[1], NEWS_BODY[2].replace("端侧部署", "[7]端侧部署"), NEWS_BODY[3]]
    d = clean(_lynx(body))
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "[6]") == {"chrome"} and removed(d, "https://www.example-news.cn/p/3.html") == {"chrome"}


def test_citation_numbers_of_a_paper_stay() -> None:
    cited = [NEWS_BODY[0][:-1] + "[1][2]。", NEWS_BODY[1][:-1] + "[3]。", *NEWS_BODY[2:]]
    refs = [f"{n}. https://doi.example.org/10.1000/{n}" for n in range(1, 7)]
    d = clean([TITLE, META, *cited, "参考文献", *refs])
    assert cited[0] in d.paragraphs and cited[1] in d.paragraphs


# ---------------------------------------------------------------- shows, chat shares, channel posts


def test_a_shows_notice_greeting_segue_and_sponsor_read_go() -> None:
    lines = [TITLE, META, "※ 本期文字稿由AI语音识别生成，经编辑校对，以音频为准",
             "大家好，欢迎收听产业早班车，我是小周，今天是3月12日星期三", "主持人：", *NEWS_BODY[:2],
             "好，这一则先到这里，休息一下，我们回来聊芯片", "嘉宾：", *NEWS_BODY[2:], "（赞助）本节目由某某理财App赞助播出",
             "（根据现场录音整理，未经本人审阅）"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    for part in ("AI语音识别", "欢迎收听", "休息一下", "某某理财", "现场录音整理"):
        assert removed(d, part), part


@pytest.mark.parametrize("prose", [
    "记者发现，这家公司推出的AI工具能自动生成会议纪要，准确率已经接近人工整理的水平。",
    "大家好才是真的好，这句广告语在上世纪九十年代家喻户晓，如今又被一家模型公司拿来做宣传。",
    "演出先到这里告一段落，主办方表示下一站将在成都举行，门票将于下周开售。",
])
def test_prose_near_the_shows_furniture_stays(prose: str) -> None:
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_a_shared_chat_gives_the_pasted_texts_title_named_in_the_request() -> None:
    named = "县城电商用大模型写商品详情页 退货率反降两成"
    lines = ["县城电商新闻要点整理 - 某某助手", "某某助手 新对话 下载App 登录", "这是一段公开分享的对话，分享者的资料不会显示。",
             "分享于 2 天前 · 共 4 则消息 · 模型：某某-3", "你",
             f"请帮我把这篇《{named}》总结成两句话，用在周会上，原文如下：",
             "县城电商用大模型写商品详情页后，不少店主发现退货率反而下降了两成，客服压力也随之减轻。",
             "据了解，大模型写详情页的成本只有外包文案的十分之一，店主可以一天上新几十款商品。",
             *NEWS_BODY]
    d = clean(lines)
    assert d.title == named
    assert removed(d, "公开分享的对话") == {"chrome"} and not any("总结成两句话" in p for p in d.paragraphs)
    # a sentence naming a report in 《》 inside the text names no title
    prose = "他在这篇《产业观察》专栏里写道，县城电商的竞争已经从价格转向内容。"
    d = clean(middle(prose))
    assert d.title == TITLE and prose in d.paragraphs


def test_an_ads_notice_is_chrome_and_a_short_repeated_name_is_no_headline() -> None:
    post = ["某某观察站", "广告由频道主发布，与本频道立场无关", "👁 3.1K · 2026年3月12日 09:00", "某某观察站",
            "【县城电商用大模型写详情页，退货率反降两成】", *NEWS_BODY, *MORE]
    d = clean(post)
    assert d.title == "县城电商用大模型写详情页，退货率反降两成"
    assert removed(d, "广告由频道主发布") == {"chrome"}
    prose = "记者注意到，这则广告由当地一家培训机构发布，内容涉嫌夸大宣传。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_a_bracketed_reporters_line_is_chrome() -> None:
    d = clean([TITLE, META, "（记者王某某/杭州报导）", *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY


# ---------------------------------------------------------------- a paper's page, ad scraps


def test_a_papers_deck_caption_and_ad_notes_go() -> None:
    lines = ["东南晨报 2025年11月6日星期四第A03版要闻", "“从能用到好用”", "县城电商的大模型账本", "三家店铺试用半年，客服成本降了四成",
             "本报记者 林某 通讯员 周某", *NEWS_BODY[:2], "图为一家店铺的客服正在核对大模型生成的回复。本报记者 林某 摄",
             *NEWS_BODY[2:], "急用钱 无抵押 不看征信 当天放款 电话 138-0000-1234 （本版广告由某某广告公司代理，仅供参考）"]
    d = clean(lines)
    assert d.title == "县城电商的大模型账本" and d.paragraphs == NEWS_BODY
    assert removed(d, "客服成本降了四成") == {"metadata"}
    assert removed(d, "核对大模型生成的回复") == {"caption"}
    # a caption of prose that names a photographer inside stays
    prose = "图为工程师在调试设备。据介绍，该设备由本地企业自主研发，已在三家工厂投入使用。"
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_the_scrap_an_ad_lines_cut_leaves_goes_with_it() -> None:
    d = clean(middle("招聘 前列腺炎 早泄阳痿 无痛微创 当天见效 预约热线 400-000-1234"))
    assert d.paragraphs == NEWS_BODY
    # a short line of the text with a spliced ad keeps its words
    d = clean(middle("据统计，今年国内新增智算中心二十余座，加微信 qwe7788 领取内部资料 其中一半位于西部省份。"))
    assert any("新增智算中心二十余座" in p for p in d.paragraphs)


def test_a_channel_posts_comment_counter_is_chrome() -> None:
    d = clean([TITLE, META, *NEWS_BODY, "👍 12 🔥 3", "💬 41 comments"])
    assert d.paragraphs == NEWS_BODY and removed(d, "💬 41 comments") == {"chrome"}


def test_a_tagged_summary_copying_the_lead_is_a_repeat() -> None:
    d = clean([TITLE, META, "【快讯】" + NEWS_BODY[0][:24] + "……", *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY
    # a tagged line ending in an ellipsis that copies nothing stays
    line = "【编者按】本文写于去年冬天，其中的部分数据此后已有更新，读者可对照最新公告阅读……"
    d = clean(middle(line))
    assert line in d.paragraphs
