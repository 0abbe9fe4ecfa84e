"""Signals at the edges of an article that do not depend on one site's wording (issue 4):
a statement about the page recognised by what it speaks of (the page or its publisher, and
rights or liability), wherever its wording is new. Fixtures are invented for the test, not
copied from the labelled set."""

from __future__ import annotations

from digest.clean import _page_statement, _signed_stamp, _thread_starts, compact
from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import chrome_rules
from digest.split import Line

TITLE = "边缘计算盒子走进县城工厂"
META = "2025-06-03 09:12 来源：某某产业网"
BODY = [
    "一家做注塑件的县城工厂今年引入了边缘计算盒子，把质检摄像头的画面直接在车间里分析。",
    "厂长说，过去质检靠老师傅盯着看，夜班时漏检率明显更高，现在夜班和白班的差距缩小了。",
    "设备供应商表示，这类盒子的价格已经降到一万元以内，县城工厂也能承担得起。",
]


def _run(lines: list[str]):
    draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
    return draft.paragraphs, draft.removals


def test_statement_in_new_wording_below_the_article_goes_with_what_follows() -> None:
    statement = "本站部分文字与图片采集自互联网，仅供学习交流之用，著作权属于原作者，若有不妥请告知，我们将及时删除。"
    related = ["县城工厂的数字化账本怎么算", "质检大模型走进中小企业"]
    paras, removals = _run([TITLE, META, *BODY, *related, statement])
    assert paras == BODY
    assert any(r.rule == "page-statement" and r.text == statement for r in removals)


def test_statement_above_the_article_is_no_first_paragraph() -> None:
    notice = "本平台所发布文章均为作者投稿，其观点与本平台无关，转发请注明作者与出处。"
    paras, _ = _run([TITLE, META, notice, *BODY])
    assert paras == BODY


def test_prose_naming_the_article_or_copyright_stays() -> None:
    # an author's sentences inside the article, and edge sentences with only one such word
    inside = "本文的观点来自我对二十家工厂的走访，样本不大，结论仅供同行参考。"
    lead = "版权保护与数据授权是工业大模型绕不开的话题，多家企业正在建立内部规则。"
    end = "本文作者长期关注制造业数字化，此前曾在多家工厂担任生产主管。"
    paras, _ = _run([TITLE, META, lead, BODY[0], inside, BODY[1], BODY[2], end])
    assert paras == [lead, BODY[0], inside, BODY[1], BODY[2], end]


def test_statement_signal_needs_the_page_and_two_words_of_rights_or_liability() -> None:
    assert _page_statement("本网所载内容未经书面授权不得转载，违者依法追究责任。")
    assert _page_statement("声明：本号文章仅作分享，不构成任何建议，风险自担。")
    assert not _page_statement("该公司表示，已获得版权方的正式授权，内容将陆续上线。")  # no page named
    assert not _page_statement("本文介绍三种量化方法，并比较它们在端侧芯片上的速度。")


def test_signed_comments_below_the_article_start_a_thread_in_any_wording() -> None:
    thread = ["读者来信", "老周的猫  2025-06-04 08:15", "我们厂也装了，夜班确实省心不少，就是摄像头要常擦。",
              "山城阿满  2025-06-04 10:42", "请问一万元以内的盒子能跑几路视频？有没有推荐的型号？"]
    paras, removals = _run([TITLE, META, *BODY, *thread])
    assert paras == BODY
    assert any(r.text.startswith("老周的猫") for r in removals)  # (its stamp is read as a byline first)
    assert any(r.rule == "after-end-of-article" and r.text.startswith("请问") for r in removals)


def test_dated_lines_inside_an_article_are_no_thread() -> None:
    # a stamp inside a sentence is no signature; one signed stamp alone starts no thread
    cm = chrome_rules().comment_meta
    assert not _signed_stamp("试点从2025-05-06 08:00开始，厂里先在两条产线上试运行。", cm)
    assert not _signed_stamp("14:06", cm)  # a live blog's clock time alone
    assert _signed_stamp("山城阿满 · 3小时前", cm)
    lines = [Line(k, t) for k, t in enumerate([*BODY, "厂长  2025-06-01 09:00", "他在例会上说，下一步要把能耗数据也接进来。", BODY[0]])]
    assert _thread_starts(lines, cm)[1] == set()
    body = [BODY[0], "试点从2025-05-06 08:00开始，厂里先在两条产线上试运行，随后推广到全部产线。", BODY[1], BODY[2]]
    paras, _ = _run([TITLE, META, *body])
    assert paras == body


def test_spam_brands_are_learned_from_the_pages_own_spam() -> None:
    from digest.pipeline import document_brands
    from digest.split import paragraphs

    lines = [
        "【金湾七号体育】【蓝鲸棋牌】官方入口 足球投注 真人百家乐 注册即送88元",
        TITLE, META,
        BODY[0],
        "厂长说，过去质检靠老师傅盯着看，金湾七号体育 夜班时漏检率明显更高，现在夜班和白班的差距缩小了。",
        BODY[2],
        "Copyright © 2025 金湾七号体育 蓝鲸棋牌 版权所有",
    ]
    assert document_brands(paragraphs("\n\n".join(lines))) == frozenset({"金湾七号体育", "蓝鲸棋牌"})
    paras, removals = _run(lines)
    assert paras == BODY
    assert any(r.kind == "spam" and r.text.strip() == "金湾七号体育" for r in removals)


def test_names_outside_spam_are_not_learned() -> None:
    # a sports platform named twice in prose, and one lottery spam line elsewhere on the page
    from digest.pipeline import document_brands
    from digest.split import paragraphs

    prose = "腾讯体育今年用大模型生成赛事集锦，腾讯体育的编辑团队因此减少了三成重复劳动。"
    lines = [TITLE, META, BODY[0], prose, "六合彩开奖结果 今晚特码", BODY[1]]
    assert document_brands(paragraphs("\n\n".join(lines))) == frozenset()
    paras, _ = _run(lines)
    assert prose in paras


def test_call_to_action_prev_next_and_framed_end_close_the_article() -> None:
    tail = ["——本期周报完——", "想第一时间收到周报？点击右上角订阅，或在客户端搜索“产业周报”。",
            "上一期：产业周报丨5月27日  下一期：产业周报丨6月10日"]
    paras, removals = _run([TITLE, META, *BODY, *tail])
    assert paras == BODY
    assert {compact(r.text) for r in removals} >= {compact(t) for t in tail}


def test_reader_actions_in_prose_stay() -> None:
    # action words in an article's sentence, at its start and end: no instruction to the reader
    lead = "超过三成的用户会把AI生成的回答加入收藏，并分享给同事。"
    end = "平台数据显示，点击“订阅”的用户中，有一半来自短视频引流，留存率明显更高，运营团队正在分析原因。"
    paras, _ = _run([TITLE, META, lead, *BODY, end])
    assert paras == [lead, *BODY, end]


def test_one_line_comments_with_their_stamps_start_a_thread() -> None:
    thread = ["老周的猫 2025.06.04 08:15 夜班确实省心不少，就是摄像头要常擦",
              "山城阿满 2025.06.04 10:42 一万元以内的盒子能跑几路视频？有没有推荐的型号？我们厂也想试试"]
    paras, _ = _run([TITLE, META, *BODY, *thread])
    assert paras == BODY


def test_a_parenthesised_source_line_after_the_text_is_no_paragraph() -> None:
    paras, _ = _run([TITLE, META, *BODY, "（来源：某某网综合）"])
    assert paras == BODY


def test_a_forum_repost_header_and_its_push_comments() -> None:
    lines = [
        "作者 某网友 (看热闹)        看板 Tech", "标题 [新闻] " + TITLE, "时间 Tue Jun 03 09:12:11 2025",
        "1.媒体来源:", "某某产业网", "2.完整新闻内文:", "2025/06/03 09:00", *BODY,
        "3.完整新闻连结 (或短网址):", "https://news.example.com/a/123",
        "※ 发信站: 某某论坛(bbs.example.cc), 来自: 1.2.xx.xx",
        "推 alice: 县城工厂也卷起来了 06/03 09:20", "→ bob: 一万元以内确实便宜 06/03 09:31",
    ]
    paras, _ = _run(lines)
    draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
    assert draft.title == TITLE
    assert paras == BODY


def test_a_heading_with_a_colon_right_above_the_first_paragraph_stays() -> None:
    paras, _ = _run([TITLE, META, "背景：", *BODY])
    assert paras == ["背景：", *BODY]


def test_an_article_ending_with_a_quote_introduced_by_a_colon_keeps_it() -> None:
    body = [*BODY, "厂长在年终总结会上回顾了引入边缘计算盒子之后车间的种种变化，最后他说：",
            "“能省下来的每一分钱，都要花在工人身上，这是我们当初决定上这套系统的原因。”"]
    paras, _ = _run([TITLE, META, *body])
    assert paras == body


def test_a_short_headline_below_its_page_title_and_the_bar_under_it() -> None:
    lines = ["边缘计算_某某百科", "某某百科 首页 分类 特色词条 登录", "边缘计算",
             "✏ 编辑 💬 讨论(12) ⭐ 收藏 1,203 👍 456 上传视频", "本词条由某某委员会参与审核",
             *BODY]
    draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
    assert draft.title == "边缘计算"
    assert draft.paragraphs == BODY


def test_a_bar_of_icons_and_counts_is_no_paragraph_but_clauses_are() -> None:
    from digest.clean import is_body

    assert not is_body("✏ 编辑 💬 讨论(12) ⭐ 收藏 1,203 👍 456 上传视频 ⚑ 举报")
    assert is_body("国内大模型厂商在过去一年里密集发布新产品，推理成本持续下降，应用落地明显加速")


def test_a_list_entry_is_no_title() -> None:
    lines = [TITLE, META, "目录", "- 背景", "- 进展", "背景", BODY[0], "进展", BODY[1], BODY[2]]
    draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
    assert draft.title == TITLE


def test_the_headline_follows_the_breadcrumb_and_a_labelled_abstract_is_a_copy() -> None:
    lines = ["《边缘智能》杂志社官方网站 ISSN 0000-0000", "首页 | 期刊简介 | 投稿指南 | 联系我们",
             "当前位置：首页 > 过刊浏览 > 2026年第9期", TITLE, "作者甲，作者乙",
             "内容提要：" + BODY[0], "关键词：边缘计算；质检；县城工厂", *BODY]
    draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
    assert draft.title == TITLE
    assert BODY[0] in draft.paragraphs and not any(p.startswith("内容提要") for p in draft.paragraphs)
