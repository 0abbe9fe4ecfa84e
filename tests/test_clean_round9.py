"""Signals added for the t9 round of noise (issue 4): kinds of page furniture seen on
announcement mirrors, interview transcripts, pirated reading sites, personal spaces,
marketplace listings and paper databases. Every fixture is invented for the test (other
sites, other wording than the labelled set); each asserts the noise goes with its kind and
that a near-miss sentence of prose stays."""

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


def clean(lines: list[str]):
    return extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]


def removed(draft, text: str) -> set[str]:
    """The kinds the cleaner recorded for a removed piece holding `text`."""
    return {r.kind for r in draft.removals if text in r.text}


def test_font_size_letters_and_share_bar_are_chrome() -> None:
    d = clean([TITLE, META, "字体大小：A-  A  A+    分享  微信  Telegram", *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY and {(r.kind, r.rule) for r in d.removals if "A+" in r.text} == {("chrome", "font-size")}
    prose = "字号A+的设计让老年用户更容易看清屏幕，这一改动在测试中获得了好评。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_counts_before_and_after_their_words_in_one_row_are_a_counter() -> None:
    d = clean([TITLE, META, "56人想要 · 浏览2,031", *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY and removed(d, "56人想要") == {"chrome"}
    prose = "有56人想要这款显卡，浏览量两天内超过了两千次，卖家随后提高了价格。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_reading_site_pager_and_bookmark_slogans_are_chrome() -> None:
    lines = [TITLE, META, *NEWS_BODY[:2], "本节未完，请翻到下一页接着看 »", "天才一秒记住本站：星河小说网",
             "国产大模型加速落地 多家厂商发布新品（第2/3页）", *NEWS_BODY[2:]]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "本节未完") == removed(d, "一秒记住") == removed(d, "（第2/3页）") == {"chrome"}
    # a sentence about remembering is no bookmark slogan
    prose = "有经验的销售据说能在一秒钟记住客户的长相，如今AI工具也在学习这种能力。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_long_breadcrumb_above_the_text_is_chrome_but_a_menu_path_in_the_text_stays() -> None:
    crumb = "星河小说网 > 科幻频道 > 星海纪事 > 第9章 新的航线，旧的问题与新的答案"
    d = clean([TITLE, META, crumb, *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY and {(r.kind, r.rule) for r in d.removals if "星海纪事" in r.text} == {("chrome", "breadcrumb-long")}
    path = "在手机上依次点击设置 > 隐私 > 麦克风权限，就能看到哪些应用调用过语音模型"
    assert path in clean([TITLE, META, *NEWS_BODY[:2], path, *NEWS_BODY[2:]]).paragraphs


def test_announcement_assurance_documents_and_signature_are_noise() -> None:
    lines = ["某某智能：关于签订框架协议的公告", "公告日期：2025-04-02",
             "本公司及董事会全体成员保证公告内容真实、准确和完整，不存在虚假记载、误导性陈述或者重大遗漏。",
             *NEWS_BODY, "七、备查文件", "1. 第三届董事会第九次会议决议；", "特此公告。", "某某智能科技股份有限公司董事会",
             "2025年4月2日"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "真实、准确") == removed(d, "备查文件") == removed(d, "特此公告") == {"chrome"}
    assert not any("董事会决议" in p or "某某智能科技股份有限公司董事会" in p for p in d.paragraphs)
    # inside the text, a sentence naming false statements is the article's
    prose = "监管部门认定该公司年报存在虚假记载、误导性陈述，对其罚款500万元并责令整改。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_framed_end_line_closes_the_page() -> None:
    # (longer than a short tail line, with a clause mark: it reads as a paragraph but for its frame)
    d = clean([TITLE, META, *NEWS_BODY, "== 原文到此结束，以下内容由本站编辑整理，仅供读者参考 ==", "相关推荐", "大模型价格战进入下半场"])
    assert d.paragraphs == NEWS_BODY
    assert {(r.kind, r.rule) for r in d.removals if "原文到此结束" in r.text} == {("chrome", "end-frame")}


def test_thread_header_with_a_word_before_its_count_ends_the_article() -> None:
    lines = [TITLE, META, *NEWS_BODY, "读者讨论（共 12 条）  我要发言", "老张：写得很清楚，期待后续报道，希望多写写端侧。",
             "小李：价格还会继续降吗？感觉今年会有更大的变化。"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and removed(d, "读者讨论") == {"chrome"}


def test_readers_question_section_header_ends_the_article() -> None:
    lines = [TITLE, META, *NEWS_BODY, "听众留言区（部分展示）", "听众“阿峰”：模型部署在哪个机房？  05-11 09:12"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and removed(d, "听众留言区") == {"chrome"}


def test_open_hashtags_section_labels_and_takedown_notes_are_chrome() -> None:
    lines = [TITLE, META, "【正文】", *NEWS_BODY[:3], NEWS_BODY[3] + "图文转自网络，侵删。", "#二手 #显卡 #数码"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "【正文】") | removed(d, "正文") == {"chrome"}
    assert removed(d, "侵删") == {"chrome"} and removed(d, "#二手") == {"chrome"}
    prose = "网络侵权案件近年明显增多，法院在判决中开始区分平台与上传者的责任。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_guest_bio_and_issue_editor_are_chrome() -> None:
    bio = "嘉宾介绍：王某，某某大学自动化专业毕业，曾在一家外资车企负责产线改造，2021年创办某某智能。"
    d = clean([TITLE, META, bio, *NEWS_BODY, "（本版编辑：李某）"])
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "嘉宾介绍") == {"chrome"} and removed(d, "本版编辑") == {"chrome"}


def test_interview_time_and_repost_source_are_metadata() -> None:
    lines = ["对话某某智能创始人：机器人进厂先算账", "采访时间：2025年6月3日 10:00—11:30", "原文来源：某某日报  记者 王某", *NEWS_BODY]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and d.date == "2025-06-03" and d.origin and d.origin.startswith("某某日报")
    assert removed(d, "原文来源") == {"metadata"}


def test_bracketed_record_fields_are_metadata_and_give_the_date() -> None:
    lines = ["【题名】端侧模型走进千元手机", "【作者】王某；李某", "【报纸】某某商报  【日期】2025-07-08  【版号】第B02版",
             "【分类号】TN929", "【摘要】" + NEWS_BODY[0], *NEWS_BODY,
             "【引文格式】王某，李某. 端侧模型走进千元手机[N]. 某某商报，2025-07-08(B02)."]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and d.date == "2025-07-08"
    assert removed(d, "王某；李某") == {"metadata"} and removed(d, "TN929") == {"chrome"}
    assert removed(d, "引文格式") | removed(d, "引用格式") <= {"chrome"} and not any("[N]" in p for p in d.paragraphs)


def test_lottery_bet_term_joins_a_spliced_run() -> None:
    text = "新芯片的功耗下降三成，胆拖复式稳赚计划推理速度提高一倍。"
    assert [text[a:b] for a, b in spam_spans(text, spam_rules())] == ["胆拖复式稳赚计划"]


def test_listed_headline_ending_in_its_date_is_not_joined_as_wrapped_text() -> None:
    # a file hard-wrapped at 24 characters, then a list of headlines whose length hits the wrap column
    wrapped = ["国内大模型厂商在过去一年里密集发布新产品，推理成", "本持续下降，应用落地明显加速，多家云厂商宣布降价",
               "，模型即服务的商业模式逐渐清晰，开发者的使用门槛", "也随之降低。业内人士认为，行业模型和端侧部署将是",
               "下一阶段竞争的重点，算力供给仍是关键约束，数据中", "心的电力与散热将成为新的瓶颈，相关产业链有望受益",
               "，分析师认为价格战还会持续一段时间，直到年底结束", "。"]
    # (each as long as a wrapped line: 24 characters)
    listed = ["某科技：关于回购股份的公告 2025-08-12", "某科技：关于董事辞职的公告 2025-07-30", "某科技：年度股东大会决议公告"]
    lines = paragraphs("\n".join([*wrapped, *listed]))
    assert [ln.text for ln in lines[-3:]] == listed
    assert len(lines[0].text) > 100  # the wrapped paragraph is still joined


def test_keyword_line_repeating_one_word_above_the_text_is_stuffing() -> None:
    seo = "全新扫地机器人 扫地机器人 家用扫地机器人 智能扫地机器人 扫地机器人排名 X10"
    d = clean([TITLE, META, seo, *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY
    assert {(r.kind, r.rule) for r in d.removals if "排名" in r.text} == {("stuffing", "keyword-repeat")}
    # a menu of different words is no keyword line (and stays for the other rules to judge)
    from digest.clean import _repeated_keyword_line
    assert not _repeated_keyword_line("首页 资讯 大模型 芯片 机器人 自动驾驶")


@pytest.mark.xfail(strict=True, reason="counting label colons as marker fields found t9_05's third article but cost "
                   "held-out 4 five titles (10/11 -> 5/11, harness totals); reverted, a known gap")
def test_dump_marker_with_two_labelled_fields_may_be_longer() -> None:
    more = [
        "手机厂商把参数较小的模型装进了中低端机型，离线也能完成摘要、翻译和相册整理等任务。",
        "芯片厂商随之调整路线，新一代移动处理器普遍加大了神经网络单元的面积和内存带宽。",
        "开发者则更关心功耗和发热，长时间运行模型会让手机明显变烫，续航也随之缩短不少。",
        "分析机构预计，明年出货的新机中将有一半以上支持在本地运行至少一个语言模型。",
    ]
    # (the middle marker is longer than a one-field marker may be)
    lines = ["大模型价格战进入下半场", "2024-03-01 09:30 来源：某某网 作者：王某", *NEWS_BODY, *more,
             "端侧模型走进千元手机", "2024-03-09 16:05 来源：某某科技日报 作者：欧阳某某", *more, *NEWS_BODY,
             "算力租赁价格回落", "2024-03-15 11:20 来源：某某网 作者：李某", *NEWS_BODY[2:], *more, *NEWS_BODY[:2]]
    drafts = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts
    assert [d.title for d in drafts] == ["大模型价格战进入下半场", "端侧模型走进千元手机", "算力租赁价格回落"]
    assert [d.date for d in drafts] == ["2024-03-01", "2024-03-09", "2024-03-15"]


def test_paper_head_authors_affiliations_fund_and_received_date() -> None:
    lines = ["端侧推理芯片的能效评测方法", "王某某¹，欧阳某²*", "（1. 某某大学集成电路学院，合肥 230026；2. 某某研究院，苏州 215123）",
             "基金项目：某某省自然科学基金（2024A001）", "收稿日期：2025-02-10    网络首发时间：2025-05-20", *NEWS_BODY]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and d.date == "2025-05-20"  # received is no publication date
    assert removed(d, "欧阳某") == removed(d, "集成电路学院") == {"chrome"} and removed(d, "基金项目") == {"chrome"}
    # a sentence naming people with a footnote mark is the article's
    prose = "王某某¹认为，端侧芯片的能效评测需要统一的负载集，否则各家数据很难比较。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_wiki_numbered_contents_and_edit_links_go_and_the_headings_stay() -> None:
    heads = ["发展历程", "关键技术", "主要应用"]
    lines = [TITLE, META, NEWS_BODY[3], "目录", *[f"{k + 1} {h}" for k, h in enumerate(heads)]]
    for h, body in zip(heads, NEWS_BODY, strict=False):
        lines += [f"{h} 编辑", body]
    d = clean(lines)
    assert d.paragraphs == [NEWS_BODY[3], *[x for h, b in zip(heads, NEWS_BODY, strict=False) for x in (h, b)]]
    assert {r.rule for r in d.removals if r.text == "编辑"} == {"edit-button"}
    assert {r.rule for r in d.removals if r.text.startswith("1 ")} == {"table-of-contents"}
    # a line ending in the word 编辑 that heads nothing stays whole
    from digest.clean import _cut_edit_buttons
    from digest.split import Line
    assert _cut_edit_buttons([Line(1, "资深 编辑"), Line(2, "短句")], [])[0].text == "资深 编辑"


def test_a_figure_credit_made_by_the_site_is_a_caption() -> None:
    d = clean([TITLE, META, *NEWS_BODY[:2], "▸ 示意：三种部署方式的成本对比（某某网制图）", *NEWS_BODY[2:]])
    assert d.paragraphs == NEWS_BODY and removed(d, "制图") == {"caption"}


def test_leftover_link_markup_and_an_arrow_to_a_site_are_chrome() -> None:
    links = '<a href="http://a.example.cn">某某导航</a> <a href="http://b.example.cn">更多好站</a>'
    d = clean([TITLE, META, *NEWS_BODY[:2], links, *NEWS_BODY[2:], "去官网看看 → https://tool.example.cn"])
    assert d.paragraphs == NEWS_BODY
    assert {r.rule for r in d.removals if "href" in r.text} == {"link-markup"}
    assert {r.rule for r in d.removals if "tool.example" in r.text} == {"labelled-url"}
    # prose that names a link in markup words stays
    prose = "开发者在网页里用<a>标签加上链接，模型就能把引用的来源一起展示给用户。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_encyclopedia_infobox_and_redirect_note_are_chrome() -> None:
    lines = ["生成式大模型", "同义词：生成式大语言模型 一般指 生成式大模型", NEWS_BODY[0], "基本信息",
             "中文名 大模型    外文名 Large Model",
             "应用领域 自然语言处理、代码生成", *NEWS_BODY[1:]]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert {r.rule for r in d.removals if "同义词" in r.text or "基本信息" in r.text or "外文名" in r.text} == {"wiki-infobox"}
    prose = "别名众多的这类模型，在业内有时也被称作基础模型或通用模型，含义大体相同。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs
