"""Noise the retention pass (916e3b2..2d210fa) let through and the base removed, and titles it
picked wrongly: spliced gambling brands vouching for each other, calls to action that read as
sentences, comments with 刚刚 in a thread, bylines ending in 。, kickers and site names over
the headline. Each group holds the review's cases and two fresh variants. Fixtures are
invented, not copied from the labelled set."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, NEWS_META, NEWS_TITLE, POSITIONS
from conftest import news_draft as _draft
from conftest import news_placed as _placed

from digest.rules import spam_rules
from digest.spam import spam_spans

T, M, B = NEWS_TITLE, NEWS_META, NEWS_BODY



# --- 1. two spliced brands in one sentence do not vouch for each other ------------------

SPLICED = [
    "研究显示金樽博彩公司的推理需求增长迅速，龙腾娱乐城数据中心的电力将成为新瓶颈。",
    "推理需求增长后，金樽娱乐城股份数据中心的电力与散热将成为新瓶颈，博彩行业同样受益。",
    # fresh variants
    "报告显示银狐博彩集团的算力采购同比翻倍，金沙娱乐城数据中心的散热成为难题。",
    "业绩会上，皇冠娱乐城控股云平台的推理负载持续攀升，彩票行业也在跟进。",
    # a reported trade word vouches for the trade named again, never for a spliced brand
    "分析师表示，部分棋牌平台已开始试用大模型客服，金冠娱乐城集团也在测试。",
    "年报显示，全年博彩收入增长一成，金鼎娱乐城旗下数据中心扩容。",
    # an institution speaking vouches only for a generic trade word, never a brand's name
    "推理成本持续下降，皇冠娱乐城集团表示开发者的使用门槛也随之降低。",
]


@pytest.mark.parametrize("line", SPLICED)
def test_spliced_brands_are_cut_from_the_sentence(line: str) -> None:
    assert spam_spans(line, spam_rules()), line


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("line", SPLICED)
def test_spliced_brands_do_not_come_out_whole(line: str, where: str) -> None:
    draft = _draft(_placed(line, where))
    assert line not in draft.paragraphs
    assert any(r.kind == "spam" for r in draft.removals)
    assert all(b in draft.paragraphs for b in B)


def test_a_generic_trade_word_still_vouches_for_a_reported_gang() -> None:
    line = "警方通报，一个利用大模型批量生成博彩广告的线上娱乐城团伙已被打掉。"
    assert not spam_spans(line, spam_rules())


# --- 2. calls to action and the page's own sections, however sentence-like --------------

CALLS = [
    "扫码添加小助手，进入大模型技术交流群。",
    "分享到朋友圈，让更多关心AI的人看到这篇文章。",
    "打开App查看更多精彩评论和专家解读。",
    "点赞的人越多，我们更新得越快。",
    "评论区已开放，期待看到更多不同的声音。",
    "相关阅读推荐了本周最值得关注的五篇论文。",
    # fresh variants
    "长按识别二维码，加入读者交流群。",
    "转发超过一百次，我们就加更一期。",
    "相关推荐汇总了近期值得一读的大模型评测。",
    # a second review: "poke" at a place on the page (kept by the retention pass)
    "戳下方“阅读原文”，领取完整版报告。",
    "戳这里，免费领取企业版大模型试用额度。",
    "戳文末链接，报名参加下周的线上分享会。",
    "点击左下角“阅读原文”，查看完整榜单。",
]


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("line", CALLS)
def test_a_call_to_action_that_reads_as_a_sentence_goes(line: str, where: str) -> None:
    draft = _draft(_placed(line, where))
    assert line not in draft.paragraphs
    assert any(r.kind == "chrome" and r.text == line for r in draft.removals), draft.removals
    assert all(b in draft.paragraphs for b in B)


@pytest.mark.parametrize("line", [
    "下载App的用户数在一季度增长了三成，其中多数来自三四线城市。",
    "点赞和转发数据被平台用于训练推荐模型，引发了隐私方面的讨论。",
    "打开App即可看到AI生成的每日摘要，界面比上一版简洁。",
    "评论区里不少网友担心隐私泄露，厂商随后作出回应。",
    "戳破估值泡沫的，往往是一份不及预期的财报。",
    "点击率最高的仍是AI写作工具，其次是图片生成。",
])
def test_third_party_reporting_with_a_chrome_word_stays(line: str) -> None:
    draft = _draft([T, M, B[0], B[1], line, B[2], B[3]])
    assert line in draft.paragraphs


# --- 3. a comment with 刚刚 inside a comment thread ---------------------------------------


@pytest.mark.parametrize("thread", [
    ["评论（3）", "码农老王", "刚刚去官网下载了，确实好用。", "回复 举报"],
    ["精彩评论", "科技迷小周：这次发布会刚刚结束，股价就涨了。", "1小时前"],
    # fresh variants
    ["全部评论", "算法小白", "刚刚试了一下新模型，回答速度快了很多。", "回复 举报"],
    ["热门评论", "AI观察员：刚刚看完直播，这次的演示确实很惊艳。", "3分钟前"],
])
def test_a_comment_with_just_now_in_a_thread_goes(thread: list[str]) -> None:
    draft = _draft([T, M, *B, *thread])
    assert draft.paragraphs == B, draft.paragraphs


def test_just_now_in_the_articles_last_sentence_stays() -> None:
    last = "刚刚，该公司宣布新模型将于下月开放公测。"
    assert _draft([T, M, *B, last]).paragraphs == [*B, last]


# --- 4. bylines under the date line, even with a full stop --------------------------------


@pytest.mark.parametrize("byline", [
    "记者：王晓明，北京报道。",
    "记者：欧阳晓东、司马琳、陈立群 发自深圳。",
    "记者：陈思远，发自北京。",
    "记者：林晓 摄影：许峰。",
    # fresh variants
    "记者：周宏 上海报道。",
    "记者：李娜、赵磊，发自杭州。",
])
def test_a_byline_with_a_full_stop_is_metadata(byline: str) -> None:
    draft = _draft([T, M, byline, *B])
    assert draft.paragraphs == B
    assert any(r.kind == "metadata" and r.text == byline for r in draft.removals)


@pytest.mark.parametrize("question", ["记者：您如何看待大模型价格战？", "记者：开源之后公司打算怎么赚钱？"])
def test_an_interview_question_is_still_text(question: str) -> None:
    draft = _draft([T, M, question, *B])
    assert question in draft.paragraphs


# --- 5. a kicker or a site name over the headline --------------------------------------


@pytest.mark.parametrize(("above", "headline"), [
    ("聚焦2025世界人工智能大会", "具身智能成为展馆最大亮点"),
    ("两会代表委员热议人工智能", "让大模型更好服务实体经济"),
    ("每周智能硬件观察第十二期", "AI眼镜销量同比翻番"),
    ("极客前沿人工智能观察", "国产大模型加速落地 多家厂商发布新品"),
    # fresh variants
    ("直击国际消费电子展", "端侧大模型成为手机厂商新战场"),
    ("AI产业周报第三十期", "算力租赁价格连续三个月下滑"),
])
def test_the_headline_under_a_kicker_or_site_name_is_the_title(above: str, headline: str) -> None:
    draft = _draft([above, headline, M, *B])
    assert draft.title == headline
    assert not any(r.text == headline for r in draft.removals)
    assert all(b in draft.paragraphs for b in B)


@pytest.mark.parametrize("deck", [
    "厂商比拼的不再是价格，而是谁能把应用生态做起来",
    "从拼参数到拼落地 国内厂商开始重新计算商业化的投入产出",
])
def test_a_deck_under_the_headline_is_kept_not_dropped_as_header_block(deck: str) -> None:
    """(whichever of two stacked lines is the title, the other could be the headline: kept)"""
    draft = _draft(["大模型价格战进入下半场", deck, M, *B])
    assert draft.title == "大模型价格战进入下半场"
    assert draft.paragraphs == [deck, *B]


# Two short unmarked lines stacked over the date line read either way (headline over deck,
# kicker over headline): the upper one is the title and the lower one the first paragraph,
# so nothing is lost whichever was meant. A second review found the fix pass's "the line
# right above the date line is the headline" dropping real headlines over short decks.
@pytest.mark.parametrize(("upper", "lower"), [
    ("人形机器人走进汽车工厂", "优必选与多家车企签约 订单规模超五亿元"),
    ("国产大模型出海提速", "东南亚中东市场成新增长点"),
    ("AI手机渗透率突破三成", "——来自IDC的最新报告"),
    ("从实验室走向工厂流水线", "国产人形机器人迎来量产元年"),
    # fresh variants
    ("智能驾驶芯片进入价格战", "多家厂商下调报价 毛利承压"),
    ("端侧推理需求升温", "手机厂商加码自研NPU"),
])
def test_two_unmarked_stacked_lines_lose_neither(upper: str, lower: str) -> None:
    draft = _draft([upper, lower, M, *B])
    assert draft.title == upper
    assert draft.paragraphs == [lower, *B]
    assert not any(r.text in (upper, lower) for r in draft.removals)


def test_a_spliced_brand_is_cut_though_the_sentence_reports_the_trade() -> None:
    line = "年报显示，全年博彩收入增长一成，金鼎娱乐城旗下数据中心扩容。"
    assert any("金鼎娱乐城" in line[a:b] for a, b in spam_spans(line, spam_rules()))
