"""Notices glued to a paragraph's prose (issue 4, "nothing lost"): a reposting notice, a
source credit or a disclaimer that opens or closes a paragraph goes, recorded, and the
paragraph's sentences stay; a notice of several sentences goes whole. Items are invented
(a review set written blind to the rules found the losses: the rules took the paragraph)."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, POSITIONS, news_draft, news_placed

PROSE = "国内一家存储芯片企业日前宣布，其新一代闪存已进入量产阶段，首批产品将供应给数据中心客户。"

OPENING = [
    "本文转载自微信公众号“某某观察”，版权归原作者所有，如有侵权请联系删除。",
    "以下文章来源于某某前线，作者陈某。",
    "本文转自某某网，原文标题及链接见文末。",
    "授权转载自“某某周刊”，作者：王某，编辑：李某。",
    "【免责声明】本文内容仅供参考，不构成任何投资建议，据此操作风险自担。",
    "（本文来源：某某网，转载请注明出处）",
    "风险提示：本文观点仅代表个人意见，所涉标的不作推荐，据此买卖，风险自负。",
]


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("notice", OPENING)
def test_a_notice_opening_a_paragraph_takes_only_itself(notice: str, where: str) -> None:
    draft = news_draft(news_placed(notice + PROSE, where))
    assert PROSE in draft.paragraphs, draft.paragraphs
    assert notice in [r.text for r in draft.removals]
    assert all(b in draft.paragraphs for b in NEWS_BODY)


def test_notices_at_both_ends_leave_the_prose_between() -> None:
    line = "本文转自某某网，版权归原作者所有。" + PROSE + "转载请注明出处。"
    draft = news_draft(news_placed(line, "end"))
    assert PROSE in draft.paragraphs
    assert {"本文转自某某网，版权归原作者所有。", "转载请注明出处。"} <= {r.text for r in draft.removals}


def test_a_statement_of_several_sentences_goes_whole() -> None:
    """The sentence after a statement's first speaks of rights and contact: the statement's."""
    line = ("特别声明：以上内容仅代表作者本人的观点或立场，不代表本平台的观点或立场。"
            "如因作品内容、版权或其他问题需要与本平台联系的，请于上述内容发布后的30天内进行。")
    draft = news_draft(news_placed(line, "end"))
    assert not any("30天内" in p for p in draft.paragraphs)
    assert draft.paragraphs[-len(NEWS_BODY):] == NEWS_BODY


def test_prose_that_names_its_text_is_no_notice() -> None:
    """An author's sentence about the article ("本文将…") after a notice stays with the prose."""
    own = "本文将从成本和生态两个方面分析这一变化。"
    draft = news_draft(news_placed("本文转自某某网，版权归原作者所有。" + own + PROSE, "lead"))
    assert own + PROSE in draft.paragraphs


@pytest.mark.parametrize("where", POSITIONS)
def test_a_field_row_with_the_first_paragraph_glued_on_keeps_the_paragraph(where: str) -> None:
    prose = "近日，某交易所发布修订后的信息披露指引，首批强制披露企业将于明年起发布报告。"
    draft = news_draft(news_placed("来源：某某网 作者：王某 " + prose, where))
    assert prose in draft.paragraphs
    assert not any("作者：王某" in p for p in draft.paragraphs)


def test_a_field_row_with_a_short_value_after_a_space_stays_one_row() -> None:
    """"作者：王某 李某": two names, no sentence glued on; the row is metadata as before."""
    draft = news_draft(news_placed("来源：某某网 作者：王某 李某", "lead"))
    assert not any("李某" in p for p in draft.paragraphs)
    assert draft.paragraphs == NEWS_BODY


QUESTIONS = [
    "转发量高的流言和点赞少的辟谣，推荐算法应该优先照顾哪一个？",
    "当点击率成为唯一指标，转发给谁看还重要吗？",
]


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("line", QUESTIONS)
def test_a_question_about_likes_with_an_action_noun_is_prose(line: str, where: str) -> None:
    """An action word inside a noun (转发量, 点击率: call_to_action `not_verbs`) is no action,
    so the sentence does not call for two actions and the short-line `follow` rule passes it."""
    assert line in news_draft(news_placed(line, where)).paragraphs


def test_a_statement_glued_to_prose_inside_the_article_goes() -> None:
    """Inside the article a page statement that opens a paragraph of prose goes (recorded),
    the prose stays; a statement standing alone there is left as it was (it may be the
    author's sentence about the text)."""
    notice = "【版权归原作者所有，本号转载仅为分享，如有侵权请联系删除】"
    draft = news_draft(news_placed(notice + PROSE, "middle"))
    assert PROSE in draft.paragraphs
    assert notice in [r.text for r in draft.removals]
    alone = "本文观点仅代表作者本人，版权归原作者所有。"
    assert alone in news_draft(news_placed(alone, "middle")).paragraphs
