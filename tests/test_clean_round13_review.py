"""Near-misses a review of the t13 rules found: headlines, a live blog's times, a wrapped
sentence and the article's own prose that those rules took for noise. Each fixture is the
reviewer's invented example; each asserts the text stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from digest.clean import menu_line
from digest.split import paragraphs
from tests.test_clean_general_rules import META, TITLE, clean, middle  # the same page builders

# ---------------------------------------------------------------- a headline over its deck (finding 1)


@pytest.mark.parametrize("page", [
    ["独家：某大模型公司完成十亿元B轮融资", "投资方包括多家国资基金和产业资本 估值超过百亿元"],
    ["西部首个绿电智算中心正式并网", "园区风光储项目配套建成 年供电量达二十亿千瓦时"],
    ["关注人形机器人量产元年的真实进展", "三家头部厂商交付量均未达年初目标"],
    ["大模型进入县城电商观察", "三家店铺试用半年 客服成本降了四成"],
])
def test_a_headline_with_a_kickers_prefix_or_a_columns_ending_keeps_the_title_over_its_deck(page: list[str]) -> None:
    # only a section path alone ("制造业 · 食品饮料") hands the title to the line below it
    d = clean([*page, *NEWS_BODY])
    assert d.title == page[0]


# ---------------------------------------------------------------- a headline naming a work (finding 2)


@pytest.mark.parametrize("title", ["人民日报评论员文章《大模型应用要防止一哄而上》引发业界热议",
                                   "央视新闻报道《县城里的算力工厂》播出后 多地咨询量激增"])
def test_a_headline_naming_a_work_is_the_whole_title(title: str) -> None:
    d = clean([title, META, *NEWS_BODY])
    assert d.title == title
    assert not any(r.rule == "title-label" for r in d.removals)


# ---------------------------------------------------------------- a spaced headline with a Latin word (finding 3)


@pytest.mark.parametrize("text", ["华为 发布 Mate80系列 国行版 起售价 上调", "DeepSeek开源 新模型 推理成本 再降 九成"])
def test_a_spaced_headline_with_a_latin_word_is_no_menu(text: str) -> None:
    assert not menu_line(text)
    assert clean([text, META, *NEWS_BODY]).title == text


# ---------------------------------------------------------------- the article's prose (finding 4)


@pytest.mark.parametrize("prose", [
    "双方的谈判暂时告一段落，下一段合作将在明年展开。",
    "大家好，欢迎来到小米年度演讲，今天我想和大家聊聊……",
    "字幕由AI生成已经成为各大视频平台的标配，但准确率仍有待提高。",
    "主要负责人包括：",
    "分析师普遍预计：",
    "研究员建议：",
])
def test_a_shows_furniture_words_in_an_article_that_is_no_transcript_stay(prose: str) -> None:
    d = clean(middle(prose))
    assert prose in d.paragraphs


@pytest.mark.parametrize("prose", [
    "请读者将意见整理后发送至以下邮箱：",
    "请各部门把今年的工作总结成书面材料，于月底前报送，具体要求如下：",
])
def test_a_request_to_readers_or_departments_is_no_chat_request(prose: str) -> None:
    d = clean(middle(prose))
    assert prose in d.paragraphs


@pytest.mark.parametrize("prose", ["广告为本地一家企业投放，共花费二十万元。", "推广由市场部统一投放，费用按月结算。"])
def test_a_sentence_on_who_placed_an_ad_without_a_disclaimer_stays(prose: str) -> None:
    d = clean(middle(prose))
    assert prose in d.paragraphs


def test_a_sentence_after_a_lone_jump_mark_stays() -> None:
    d = clean(middle("（上接第1版）目前，该项目已完成一期工程建设。"))
    assert any("目前，该项目已完成一期工程建设。" in p for p in d.paragraphs)


def test_a_sentence_quoting_a_hot_comment_without_likes_stays() -> None:
    prose = "热门评论里有一条说：这家公司的产品其实早就该降价了。"
    d = clean([TITLE, META, *NEWS_BODY, prose])
    assert prose in d.paragraphs


# ---------------------------------------------------------------- a live blog's times (finding 5)


def test_a_live_blogs_bracketed_clock_times_stay() -> None:
    live = ["【10:02】发布会正式开始，公司创始人登台介绍过去一年的经营情况和研发投入。",
            "【10:15】新一代推理芯片亮相，单卡算力比上一代提升两倍，功耗下降三成。",
            "【10:31】公司同时发布新版大模型，支持百万字长文本，并开放给开发者免费试用。",
            "【10:48】新芯片的售价暂未公布，公司表示将在下个月开始向云厂商批量供货。"]
    d = clean([TITLE, META, NEWS_BODY[0], *live])
    assert all(p in d.paragraphs for p in live)


def test_a_recordings_two_part_stamps_from_zero_still_go() -> None:
    cues = [f"【00:0{k}】{p}" for k, p in enumerate(NEWS_BODY, 1)]
    d = clean([TITLE, META, *cues])
    assert d.paragraphs == NEWS_BODY


# ---------------------------------------------------------------- a narrow wrap with a hanging comma (finding 6)


def _kinsoku_column(text: str, width: int) -> list[str]:
    out, i = [], 0
    while i < len(text):
        j = i + width
        if j < len(text) and text[j] in "，。、；：":  # a comma never opens a line: it hangs on the line before
            j += 1
        out.append(text[i:j])
        i = j
    return out


def test_a_narrow_lines_hanging_comma_does_not_make_it_wider() -> None:
    more = ["据介绍，这条产线上的视觉系统每秒拍摄二十张照片，能识别出零点一毫米的装配偏差。",
            "厂方表示，明年计划再改造两条产线，并与本地高校合作培养懂算法的维修工程师。"]
    lines = ["标题在这里", "2025-03-12 来源：某某网"]
    for p in [*NEWS_BODY, *more]:
        lines += _kinsoku_column(p, 12)
    texts = [ln.text for ln in paragraphs("\n".join(lines))]
    assert all(p in texts for p in [*NEWS_BODY, *more])


# ---------------------------------------------------------------- a slash path in a sentence (finding 4, breadcrumb)


def test_a_short_sentence_opening_with_a_slash_path_stays() -> None:
    # a breadcrumb's items are short; a sentence's last words after the path are longer
    prose = "首页/频道/详情三级页面均已改版"
    d = clean(middle(prose))
    assert prose in d.paragraphs
