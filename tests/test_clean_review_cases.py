"""Structural cases from the review of the 206c334..main cleaning merges: ordinary articles
that a rule drawn from one tune input cut or split. A quoted chat inside the text is no
comment thread, an article's numbered sections / timeline / ranking / live stamps are no
dump, "题目：…" under a dated headline is no title label, a deck line under the headline is
no furniture, and one injected ad teaches no brand. Fixtures are invented."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, NEWS_META, NEWS_TITLE

from digest.model import RawDoc
from digest.pipeline import extract, prepare

T, M, B = NEWS_TITLE, NEWS_META, NEWS_BODY
P = ["根据IDC的数据，今年中国AI服务器市场规模达到约560亿美元，同比增长超过六成，其中推理服务器占比首次超过训练服务器，"
     "训练集群的采购节奏则有所放缓，厂商开始把更多资源投向推理优化和液冷方案。",
     "从厂商格局看，浪潮、新华三和宁畅位列前三，合计份额超过六成，国产加速卡的出货量也明显提升，但高端产品仍受制于先进制程产能，"
     "部分客户因此选择混合部署，把训练放在海外云上。",
     "分析师认为，随着大模型应用落地，推理需求将持续放量，服务器厂商的毛利率有望在明年触底回升，液冷渗透率也会随之提高，"
     "数据中心的电力规划因此成为各地政府关注的重点。"]


def _extract(lines: list[str], sep: str = "\n\n"):
    return extract(prepare(RawDoc("content/t.txt", sep.join(lines).encode())))


def _paras(ex) -> list[str]:
    return [p for d in ex.drafts for p in d.paragraphs]


def test_a_quoted_chat_inside_the_article_does_not_end_it() -> None:
    chat = ["群里有人贴出了内部通知的截图，对话如下：", "王总：明天正式上线 2025-06-01 10:02", "李工：收到，今晚加班 2025-06-01 10:05"]
    ex = _extract([T, M, B[0], B[1], *chat, B[2], B[3]])
    assert len(ex.drafts) == 1
    assert all(b in _paras(ex) for b in B)


def test_live_blog_stamps_at_the_end_are_no_comment_thread() -> None:
    live = ["2025-07-04 09:30", "大会开幕式正式开始，多位院士和企业家出席。", "2025-07-04 10:15",
            "某公司发布新一代人形机器人，现场演示了叠衣服和端茶倒水。"]
    paras = _paras(_extract([T, M, B[0], B[1], *live]))
    assert "大会开幕式正式开始，多位院士和企业家出席。" in paras
    assert "某公司发布新一代人形机器人，现场演示了叠衣服和端茶倒水。" in paras


@pytest.mark.parametrize("numbers", [["1. ", "2. ", "3. "], ["No.1 ", "No.2 ", "No.3 "], ["#1 ", "#2 ", "#3 "]])
def test_an_articles_numbered_sections_under_its_dated_headline_are_not_split(numbers: list[str]) -> None:
    heads = ["市场规模持续扩大", "竞争格局趋于集中", "液冷渗透率快速提升"]
    lines = ["AI服务器行业深度报告：推理需求爆发", M, "核心观点：推理需求爆发，国产化提速。"]
    for n, h in zip(numbers, heads, strict=True):
        lines += [n + h, *P, "来源：IDC，某某证券研究所"]
    ex = _extract(lines)
    assert len(ex.drafts) == 1
    assert ex.drafts[0].title == "AI服务器行业深度报告：推理需求爆发"
    assert not any(r.rule == "dump-preamble" for r in ex.removals)


def test_a_numbered_timeline_with_date_lines_is_one_article() -> None:
    lines = ["大模型这一年：三个关键时刻", M, "回看这一年，有三个时刻改变了行业。"]
    for k, h in enumerate(["DeepSeek开源R1", "阿里发布Qwen3", "OpenAI发布GPT-5"], 1):
        lines += [f"{k}、{h}", f"2025-0{k}-20", *P]
    ex = _extract(lines)
    assert len(ex.drafts) == 1 and ex.drafts[0].title == "大模型这一年：三个关键时刻"


def test_to_be_continued_twice_does_not_split_the_article() -> None:
    lines = ["大模型行业观察", M, *P, "（未完待续）", "下篇预告", *P[::-1], "（未完待续）"]
    ex = _extract(lines)
    assert len(ex.drafts) == 1
    assert ex.drafts[0].title == "大模型行业观察"


@pytest.mark.parametrize("label", ["题目：人工智能时代我们的问题是否会越来越少", "Subject: 关于2026年组织调整的说明"])
def test_a_labelled_line_under_a_dated_headline_is_text_not_the_title(label: str) -> None:
    title = "六款大模型挑战高考作文 谁写得最好"
    ex = _extract([title, M, label, *B])
    draft = ex.drafts[0]
    assert draft.title == title
    assert draft.date is not None
    assert not any(r.rule == "before-title" for r in draft.removals)


@pytest.mark.parametrize("deck", ["从价格战到应用战 国内大模型厂商正在重新思考商业化路径与盈利模式",
                                  "Meta发布Llama 4 Scout和Llama 4 Maverick两款模型 支持1000万token上下文"])
def test_a_long_unpunctuated_line_under_the_headline_is_no_furniture(deck: str) -> None:
    assert deck in _paras(_extract([T, M, deck, *B]))


def test_an_icon_and_count_bar_under_the_headline_is_still_furniture() -> None:
    bar = "👍 12万  💬 356  ⭐ 收藏  分享到微信朋友圈 微博 QQ空间"
    assert _paras(_extract([T, M, bar, *B])) == B


def test_one_injected_ad_teaches_no_brand_the_article_names() -> None:
    lines = ["腾讯体育推出AI解说", "2025-05-10 来源：某某科技",
             "腾讯体育今日宣布推出AI解说功能，覆盖中超和NBA直播，用户可在直播间切换解说风格。",
             "【腾讯体育】NBA直播 首充送100% 百家乐 加微信ty8888",
             "据介绍，腾讯体育的AI解说基于自研大模型，支持方言和多种解说风格。",
             "腾讯体育表示，将联合监管部门打击盗版与赌博广告。"]
    draft = _extract(lines).drafts[0]
    assert draft.title == "腾讯体育推出AI解说"
    assert draft.paragraphs == [lines[2], lines[4], lines[5]]


def test_a_title_label_is_recorded() -> None:
    draft = _extract(["标题：国产大模型加速落地", M, *B]).drafts[0]
    assert draft.title == "国产大模型加速落地"
    assert any(r.rule == "title-label" and r.text == "标题：" for r in draft.removals)


def test_reaction_marks_on_a_line_do_not_split() -> None:
    ex = _extract([T, M, *P, "？？？", *P[::-1], "！！！", *P])
    assert len(ex.drafts) == 1


def test_a_closing_sentence_ending_in_a_colon_stays() -> None:
    last = "截至发稿，这家公司已经公布了第一批合作伙伴，包括国内多家头部车企和手机厂商："
    assert last in _paras(_extract([T, M, *B, last]))


def test_a_parenthesised_affiliation_above_a_field_row_is_no_title() -> None:
    # a journal page cleaned again without its date line: the affiliation note is no headline
    title = "智算中心调度平台的建设与运营"
    lines = [title, "王一¹，李二²", "（1. 某某大学计算机学院，武汉 430000；2. 某某研究院，成都 610000）",
             "中图分类号：TP393 文献标识码：A", *P]
    assert _extract(lines).drafts[0].title == title


def test_a_bracket_labelled_byline_under_the_headline_is_still_furniture() -> None:
    byline = "【作者】本报记者 张三 通讯员 李四【字数】1280"
    assert _paras(_extract([T, M, byline, *B])) == B


@pytest.mark.parametrize("line", [
    "据了解,该系统已在三地试点",  # a short line of prose with ASCII commas (the seeds write commas that way)
    "会议明确,下一步要做到:",  # a sentence introducing a list, not a label
    "他在内部信中写道：",  # one clause, but a sentence (a pronoun, a preposition): no label
])
def test_a_short_prose_line_under_the_headline_is_kept(line: str) -> None:
    """Between the headline and the first long paragraph, a short line with clause
    punctuation is text, whichever comma it uses."""
    ex = _extract([T, M, line, *B])
    assert line in _paras(ex)
    assert all(b in _paras(ex) for b in B)
