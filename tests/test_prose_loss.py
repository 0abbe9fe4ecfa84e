"""The editor's warning for an input that lost more sentence-like text than it published
(pipeline.prose_loss_warning): it fires on the shape of the loss, not on any page's words."""

from __future__ import annotations

from digest.model import Draft, RawDoc, Removal
from digest.pipeline import PROSE_LOSS_MIN, extract, prepare, prose_loss_warning

SENTENCES = [
    "这家位于合肥的初创公司表示，新一代边缘推理模组已经在三条汽车零部件产线上完成了为期半年的试运行。",
    "据该公司介绍，模组的平均功耗比上一代下降了四成，良品检测的漏检率也从千分之三降到了千分之一以下。",
    "业内人士认为，制造企业对本地部署的需求正在上升，但高昂的改造成本仍然让不少中小工厂持观望态度。",
    "公司计划明年在长三角再建两个示范工厂，并与当地职业院校合作培养懂设备也懂算法的复合型技术工人。",
]


def _draft(paragraphs: list[str], removals: list[Removal] | None = None) -> Draft:
    return Draft(source="content/x.txt", index=0, title="标题", paragraphs=paragraphs, removals=removals or [])


def test_more_prose_removed_than_published_warns_and_names_the_kinds():
    removed = [Removal("chrome", s, "some-rule", i) for i, s in enumerate(SENTENCES[1:] * 2, 2)]
    warnings = prose_loss_warning("content/x.txt", [_draft(SENTENCES[:1])], removed)
    assert len(warnings) == 1
    assert warnings[0].startswith("content/x.txt: removed ") and "chrome" in warnings[0]


def test_published_text_outweighing_the_removed_prose_is_quiet():
    removed = [Removal("comments", SENTENCES[3], "comment-thread", 9)]
    assert prose_loss_warning("content/x.txt", [_draft(SENTENCES[:3])], removed) == []


def test_spam_repeats_and_short_lines_are_no_loss():
    # a whole spam paragraph, the lead repeated, and many short chrome lines outweigh the article
    removed = [Removal("spam", s, "lexicon", 1) for s in SENTENCES] + [Removal("repeat", SENTENCES[0], "lead-repeat", 2)]
    removed += [Removal("chrome", "首页 | 科技 | 人工智能 | 正文", "nav", n) for n in range(40)]
    assert prose_loss_warning("content/x.txt", [_draft(SENTENCES[:1])], removed) == []


def test_a_small_loss_under_the_floor_is_quiet_even_with_nothing_published():
    short = SENTENCES[1][: PROSE_LOSS_MIN // 10]
    assert prose_loss_warning("content/x.txt", [], [Removal("chrome", short, "r", 1)]) == []


def test_removals_outside_any_article_count_too():
    outside = [Removal("chrome", s, "dump-preamble", i) for i, s in enumerate(SENTENCES * 2)]
    assert prose_loss_warning("content/x.txt", [_draft(SENTENCES[:1])], outside)


def test_a_plain_article_with_chrome_and_comments_builds_without_the_warning():
    page = "\n".join([
        "首页 > 科技 > 人工智能",
        "边缘推理模组走进汽车零部件工厂",
        "2026-05-12 09:30 来源：某某科技",
        *SENTENCES,
        "责任编辑：张三",
        "网友评论",
        "老王 2026-05-12 10:01",
        "支持国产！",
    ])
    extracted = extract(prepare(RawDoc("content/plain.txt", page.encode())))
    assert extracted.drafts
    assert not [w for w in extracted.warnings if "sentence-like" in w]
