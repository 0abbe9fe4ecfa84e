"""Retention fixes and their limits: ordinary news that a spam or chrome rule used to cut
(tests/data/clean/prose_probe.txt holds the sentences that must come out whole), and, for
each fix, the real spam or chrome of the same kind that must still go. Fixtures are
invented, not copied from the labelled set."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, NEWS_META, NEWS_TITLE

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans

T, M, B = NEWS_TITLE, NEWS_META, NEWS_BODY


def _extract(lines: list[str], sep: str = "\n\n"):
    return extract(prepare(RawDoc("content/t.txt", sep.join(lines).encode())))


def _draft(lines: list[str]):
    return _extract(lines).drafts[0]


def _spam(text: str) -> list[str]:
    return [text[a:b] for a, b in spam_spans(text, spam_rules())]


# --- gambling, lottery and loan words in news about the trade ---------------------------


@pytest.mark.parametrize("ad", [
    "中国体育彩票 双色球精准计划 免费进群 VX：cp5566",  # an institution's name in an ad with a handle
    "彩票中心独家内部资料，今晚必中一注，注册送88元彩金。",  # a lottery ad with an offer, as a sentence
    "所谓“稳赚不赔”的百家乐计划，加微信bjl8899领取。",  # a quoted claim beside a handle
])
def test_a_lottery_or_casino_ad_still_goes(ad: str) -> None:
    draft = _draft([T, M, B[0], B[1], ad, B[2], B[3]])
    assert ad not in draft.paragraphs
    assert any(r.kind == "spam" for r in draft.removals)
    assert all(b in draft.paragraphs for b in B)


@pytest.mark.parametrize("host", [
    "分析师表示，云端推理成本澳门银河娱乐城持续下降，应用落地明显加速。",  # a report word, but no trade in the host
    "监管部门近日约谈了多家平台，要求网上娱乐城下架违规的AI换脸应用。",  # an enforcement word, spliced mid-clause
    "研究团队测试了多款模型，发现六合彩资料大全推理速度提升了一倍。",  # an ad's words (资料大全) in a run
])
def test_an_ad_spliced_into_a_news_sentence_is_still_cut(host: str) -> None:
    assert _spam(host), host


# --- chrome words inside full sentences -----------------------------------------------


@pytest.mark.parametrize("chrome", [
    "点赞关注不迷路",
    "扫码下载APP领取88元红包",
    "扫码下载APP领取88元红包。",  # a call to action, however punctuated
    "点个赞再走吧！",  # spoken to the reader
    "扫码关注公众号，获取更多AI资讯。",
    "下载App，阅读体验更佳。",  # the word is its clause
    "打开App，查看更多精彩内容。",
    "本话题在财蜂有 1.3万条讨论，点击查看。",
])
def test_a_button_or_call_to_action_still_goes(chrome: str) -> None:
    draft = _draft([T, M, B[0], B[1], chrome, B[2], B[3]])
    assert chrome not in draft.paragraphs
    assert any(r.kind == "chrome" and r.text == chrome for r in draft.removals), draft.removals
    assert all(b in draft.paragraphs for b in B)


def test_a_sentence_naming_the_comment_section_does_not_close_the_article() -> None:
    line = "评论区里不少网友担心隐私泄露，厂商随后作出回应。"
    draft = _draft([T, M, B[0], B[1], B[2], line, B[3]])
    assert draft.paragraphs == [B[0], B[1], B[2], line, B[3]]


# --- a relative time in the article's last sentence -----------------------------------


@pytest.mark.parametrize("tail", [["阿青 刚刚", "同感"], ["刚刚 同感！"], ["3分钟前 这个模型真强！"], ["刚刚，同感！"]])
def test_a_comments_stamp_after_the_article_still_starts_the_thread(tail: list[str]) -> None:
    draft = _draft([T, M, *B, *tail])
    assert draft.paragraphs == B
    assert any(r.kind == "comments" and r.rule == "tail-timestamp" for r in draft.removals)


# --- an interview's questions under 记者： ----------------------------------------------


def test_an_interviews_questions_and_answers_are_text() -> None:
    qa = ["记者：贵公司为什么选择在这个时候开源？", "王磊：我们判断开源生态已经成熟，闭源的优势在缩小。",
          "记者：开源之后怎么赚钱？", "王磊：靠企业服务和私有化部署，这部分收入去年翻了一番。"]
    draft = _draft([T, "2025-03-12 10:20 来源：某某科技网 记者：张三", *qa, *B])
    assert draft.paragraphs == [*qa, *B]
    assert draft.author == "张三"


@pytest.mark.parametrize("byline", ["记者：张三 李四", "作者：王鹤宇", "记者：张三，李四", "文：某某研究院 李明、王芳"])
def test_a_byline_under_the_headline_is_still_metadata(byline: str) -> None:
    draft = _draft([T, M, byline, *B])
    assert draft.paragraphs == B
    assert draft.author == byline.split("：", 1)[1]
    assert any(r.kind == "metadata" and r.text == byline for r in draft.removals)


# --- a deck under the headline ----------------------------------------------------------

HEADLINE = "大模型价格战进入下半场"


@pytest.mark.parametrize("lines", [
    [HEADLINE, "厂商比拼的不再是价格，而是谁能把应用生态做起来", M],
    [HEADLINE, "从拼参数到拼落地 国内厂商开始重新计算商业化的投入产出", M],
    [HEADLINE, "云厂商降价之后开发者用脚投票", "作者：张三", "2025-03-12 10:20"],
], ids=["punctuated", "long", "above-a-byline"])
def test_the_headline_above_its_deck_is_the_title(lines: list[str]) -> None:
    draft = _draft([*lines, *B])
    assert draft.title == HEADLINE
    assert not any(r.text == HEADLINE and r.rule == "before-title" for r in draft.removals)
    assert all(b in draft.paragraphs for b in B)


@pytest.mark.parametrize(("above", "headline"), [
    *((above, HEADLINE) for above in ["某某科技网人工智能频道", "新闻中心 > 企业新闻", "数码博主老周的专栏"]),
    *((above, "大模型价格战进入下半场，厂商开始比拼应用")
      for above in ["某某科技网人工智能频道", "头条文章", "新闻中心 > 企业新闻", "数码博主老周的专栏"]),
])
def test_a_site_channel_or_label_above_the_headline_is_no_title(above: str, headline: str) -> None:
    """(a short headline is no byline under a site's or channel's name: "…频道" over
    "大模型价格战进入下半场"; a longer one is no byline at all)"""
    draft = _draft([above, headline, M, *B])
    assert draft.title == headline
    assert draft.paragraphs == B


@pytest.mark.parametrize("lines", [["具身智能", "知源百科编辑部", "2025-03-12"], ["AI眼镜的冬天", "张三 李四", "2025-03-12 10:20"],
                                   ["具身智能", "某某大学人工智能研究院", "2025-03-12"]])
def test_a_short_headline_above_its_byline_is_still_the_title(lines: list[str]) -> None:
    assert _draft([*lines, *B]).title == lines[0]


def test_an_institutions_name_above_the_headline_is_no_title() -> None:
    assert _draft(["某某大学人工智能研究院", "具身智能白皮书发布", M, *B]).title == "具身智能白皮书发布"


# --- a quoted disclaimer inside a sentence ----------------------------------------------


@pytest.mark.parametrize("notice", [
    "免责声明：本文仅供参考，不构成投资建议。",
    "风险提示：“市场有风险，投资需谨慎”。",  # quoted, but nothing of a sentence around the quotation
    "本文仅代表作者本人观点，不代表本站立场。",
    "“转载请注明出处”，本文版权归原作者所有。",
])
def test_the_pages_own_disclaimer_still_goes(notice: str) -> None:
    draft = _draft([T, M, *B, notice])
    assert draft.paragraphs == B
    assert any(r.kind == "chrome" and r.text == notice for r in draft.removals)
