"""Cleaning (issue 4): what each signal removes, that every removal is recorded, and
that nothing of the article is lost. Fixtures are small texts written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.clean import clean_segment, compact, parse_header_date, spam_spans
from digest.model import RawDoc
from digest.pipeline import extract, load_drafts, prepare
from digest.rules import spam_rules
from digest.split import Line, Segment, paragraphs, split_segments

ROOT = Path(__file__).resolve().parent.parent
BODY = [
    "国内大模型厂商在过去一年里密集发布新产品,推理成本持续下降,应用落地明显加速。",
    "多家云厂商宣布降价,模型即服务的商业模式逐渐清晰,开发者的使用门槛也随之降低。",
    "业内人士认为,行业模型和端侧部署将是下一阶段竞争的重点,算力供给仍是关键约束。",
]


def build(lines: list[str]) -> tuple[list[str], list]:
    text = "\n\n".join(lines)
    doc = prepare(RawDoc("content/t.txt", text.encode("utf-8")))
    ex = extract(doc)
    assert len(ex.drafts) == 1
    draft = ex.drafts[0]
    return [draft.title, *draft.paragraphs], draft.removals


def test_site_chrome_around_an_article_is_removed_and_recorded() -> None:
    lines = ["欢迎访问某某科技网", "首页 新闻 科技 财经 返回顶部", "大模型价格战进入下半场", "发布时间:2024-05-20 10:00 来源:某某科技",
             *BODY, "相关阅读", "版权所有 © 2024 某某科技网", "联系我们"]
    out, removals = build(lines)
    assert out == ["大模型价格战进入下半场", *BODY]
    kinds = {r.kind for r in removals}
    assert {"chrome", "metadata"} <= kinds
    assert all(r.text and r.rule for r in removals)


def test_update_time_is_not_a_publication_date() -> None:
    doc = prepare(RawDoc("content/t.txt", "\n\n".join(["标题一二三四", "来源:某网站 更新时间:2024-05-19 12:46:52", *BODY]).encode()))
    draft = extract(doc).drafts[0]
    assert draft.date is None


def test_publication_date_and_origin_from_header() -> None:
    doc = prepare(RawDoc("content/t.txt", "\n\n".join(["大模型价格战进入下半场", "2024年07月25日 19:36 某某媒体", *BODY]).encode()))
    draft = extract(doc).drafts[0]
    assert (draft.date, draft.published_time, draft.origin) == ("2024-07-25", "19:36", "某某媒体")


def test_publication_time_after_a_dashed_date() -> None:
    for header, when in [("2025-03-22 16:48  来源：某某科技", ("2025-03-22", "16:48")),
                         ("发布时间：2025/03/22 16:48:05", ("2025-03-22", "16:48:05")),
                         ("2025年3月22日 16:48", ("2025-03-22", "16:48")),
                         ("2025-03-22 来源：某某科技", ("2025-03-22", None))]:
        assert parse_header_date(header) == when, header
        doc = prepare(RawDoc("content/t.txt", "\n\n".join(["大模型价格战进入下半场", header, *BODY]).encode()))
        draft = extract(doc).drafts[0]
        assert (draft.date, draft.published_time) == when, header


def test_spam_spliced_mid_sentence_is_cut_and_sentence_kept() -> None:
    spliced = "多家云厂商宣布降价,模型即服务的商业模式真人荷官在线发牌逐渐清晰,开发者的使用门槛也随之降低。"
    out, removals = build(["大模型价格战进入下半场", BODY[0], spliced, BODY[2]])
    assert out[2] == BODY[1]
    assert [r.text for r in removals if r.kind == "spam"] == ["真人荷官在线发牌"]


def test_single_lexicon_word_in_ordinary_prose_is_not_spam() -> None:
    rules = spam_rules()
    for sentence in ("他把更多注意力投注到研究上。", "这个方案有点四不像。", "专家预测今年的需求会更大。"):
        assert spam_spans(sentence, rules) == []


def test_whole_spam_paragraph_removed() -> None:
    out, removals = build(["大模型价格战进入下半场", *BODY, "澳门六合彩开奖结果今晚特码资料大全免费下载"])
    assert out == ["大模型价格战进入下半场", *BODY]
    assert any(r.kind == "spam" for r in removals)


def test_captions_comments_and_pinyin_glosses() -> None:
    lines = ["大模型价格战进入下半场", BODY[0], "图片来源:某某公司官网", "(图为发布会现场,由受访者供图)",
             "多家云厂商宣布降价,模型即服务的商业模式会(huì)逐渐清晰,开发者的使用门槛也随之降低。", BODY[2],
             "发表评论", "张三 2024-10-14 03:26:01 回复", "李四 2024-10-14 03:29:10 回复"]
    out, removals = build(lines)
    assert out == ["大模型价格战进入下半场", BODY[0], BODY[1].replace("商业模式", "商业模式会"), BODY[2]]
    kinds = {r.kind for r in removals}
    assert {"caption", "comments", "pinyin_gloss"} <= kinds


def test_censorship_gap_is_marked_not_dropped() -> None:
    censored = "百度文心一言、华为 *** 、腾讯混元等模型跑出了“中国速度”,应用落地明显加速。"
    out, removals = build(["大模型价格战进入下半场", censored, *BODY[1:]])
    assert "华为 □" in out[1] or "华为□" in out[1]
    assert any(r.kind == "censored" for r in removals)


def test_repeated_lead_collapses_to_first_copy() -> None:
    out, removals = build(["大模型价格战进入下半场", BODY[0], BODY[0], *BODY[1:]])
    assert out == ["大模型价格战进入下半场", *BODY]
    assert [r.kind for r in removals] == ["repeat"]


def test_keyword_stuffing_repaired_against_the_rest_of_the_article() -> None:
    stuffed = "围猎从技术层面来讲,大模型的围猎技术没有太多的秘密,围猎国内团队的能力不亚于海外。围猎"
    original = "从技术层面来讲,大模型的技术没有太多的秘密,国内团队的能力不亚于海外。"
    body = [stuffed, *BODY, *BODY, "他直言,从技术层面来讲,大模型的技术没有太多的秘密,国内团队的能力不亚于海外。"]
    out, removals = build(["谁在围猎大模型", *body])
    assert out[1] == original
    assert sum(1 for r in removals if r.kind == "stuffing") == 4


def test_a_subject_word_repeated_in_one_paragraph_is_not_stuffing() -> None:
    dense = "算力是大模型的基础,算力成本决定了训练规模,算力供给也决定了推理价格,算力调度因此成为云厂商的核心能力。"
    body = [dense, *BODY, "国内厂商正在建设更多智算中心,以缓解算力紧张的局面,算力价格也在逐步下降。"]
    out, removals = build(["算力的账怎么算", *body])
    assert out[1] == dense
    assert not [r for r in removals if r.kind == "stuffing"]


def test_blog_dump_split_on_repeated_marker_shape() -> None:
    parts = []
    for n, title in enumerate(["第一篇文章的标题", "第二篇文章的标题", "第三篇文章的标题"]):
        parts += [title, f"阅读 {n * 1234 + 7} · 评论 {n + 1}", *BODY, *BODY, *BODY]
    pre, segments = split_segments(paragraphs("\n\n".join(parts)))
    assert [seg.lines[0].text for seg in segments] == ["第一篇文章的标题", "第二篇文章的标题", "第三篇文章的标题"]
    assert not pre


def test_hard_wrapped_paragraphs_are_joined() -> None:
    para = BODY[0] + BODY[1] + BODY[2]
    wrapped = "\n".join(para[i : i + 20] for i in range(0, len(para), 20))
    text = "\n\n".join(["标题一二三四", wrapped, wrapped.replace("国内", "海外"), "短行。"] * 3)
    joined = [ln.text for ln in paragraphs(text)]
    assert para in joined


def test_nothing_lost_every_input_line_is_kept_or_recorded() -> None:
    """Each seed line, less the pieces recorded as removed from it, is in an article."""
    for seed in sorted((ROOT / "content" / "seeds").iterdir()):
        doc = prepare(RawDoc(f"content/seeds/{seed.name}", seed.read_bytes()))
        ex = extract(doc)
        kept = compact("".join("".join(d.paragraphs) + (d.title or "") for d in ex.drafts))
        removals = [r for d in ex.drafts for r in d.removals] + list(ex.removals)
        for ln in doc.lines:
            rest, view = compact(ln.text), kept
            for r in removals:
                if r.line == ln.no and compact(r.text):
                    # Removed words may also occur legitimately: compare both sides without them.
                    rest, view = rest.replace(compact(r.text), ""), view.replace(compact(r.text), "")
            grams = {rest[i : i + 6] for i in range(max(1, len(rest) - 5))} - {""}
            found = sum(1 for g in grams if g in view)
            assert not grams or found >= 0.95 * len(grams), f"{seed.name}:{ln.no}: lost {rest[:40]}"


@pytest.mark.parametrize("seed", sorted(p.name for p in (ROOT / "content" / "seeds").iterdir()))
def test_cleaning_clean_text_changes_nothing(tmp_path: Path, seed: str) -> None:
    """Idempotence: a cleaned article, fed back as an input, comes out unchanged."""
    src = tmp_path / "src"
    src.mkdir()
    (src / seed).write_bytes((ROOT / "content" / "seeds" / seed).read_bytes())
    for i, draft in enumerate(load_drafts(src, "content")):
        again = tmp_path / f"again{i}"
        again.mkdir()
        (again / "a.txt").write_text("\n\n".join([draft.title, *draft.paragraphs]), encoding="utf-8")
        [second] = load_drafts(again, "content")
        assert second.paragraphs == draft.paragraphs
        assert [r.kind for r in second.removals if r.kind not in ("repeat",)] == []


def test_segment_api_records_line_numbers() -> None:
    seg = Segment([Line(1, "标题一二三四"), Line(3, "联系我们"), Line(5, BODY[0])], None, None)
    result = clean_segment(seg)
    assert [r.line for r in result.removals] == [3]


SENTENCES = [
    "国内大模型厂商在过去一年里密集发布新产品。",
    "推理成本持续下降,应用落地明显加速。",
    "多家云厂商宣布降价,模型即服务的商业模式逐渐清晰。",
    "业内人士认为,行业模型和端侧部署将是下一阶段竞争的重点。",
    "算力供给仍是关键约束,智算中心建设仍在提速。",
    "机器人公司开始把大模型装进人形机器人的“大脑”。",
    "一、行业格局",
    "二、技术路线",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map("".join), min_size=3, max_size=12))
def test_cleaning_is_idempotent_on_generated_articles(tmp_path: Path, paras: list[str]) -> None:
    first_in = "\n\n".join(["生成的测试文章标题", *paras])
    doc = prepare(RawDoc("content/t.txt", first_in.encode("utf-8")))
    drafts = extract(doc).drafts
    for draft in drafts:
        again = prepare(RawDoc("content/t.txt", "\n\n".join([draft.title, *draft.paragraphs]).encode("utf-8")))
        [second] = extract(again).drafts
        assert second.paragraphs == draft.paragraphs


def test_newsletter_split_on_separator_lines() -> None:
    parts = []
    for title in ("第一篇文章的标题", "第二篇文章的标题", "第三篇文章的标题"):
        parts += [title, *BODY, *BODY, *BODY, "——————"]
    _, segments = split_segments(paragraphs("\n\n".join(parts)))
    assert len(segments) == 3
    assert [seg.lines[0].text for seg in segments] == ["第一篇文章的标题", "第二篇文章的标题", "第三篇文章的标题"]


def test_newsletter_items_numbered_in_order_are_articles_and_the_toc_is_not() -> None:
    titles = ["编程助手打起价格战", "内容标识新规落地", "扫地机器人装上大模型"]
    toc = [f"0{n} {t}" for n, t in enumerate(titles, 1)]
    parts = ["本期周报", *toc]
    for n, title in enumerate(titles, 1):
        parts += [f"【0{n}】{title}", *BODY, *BODY, *BODY]
    pre, segments = split_segments(paragraphs("\n\n".join(parts)))
    assert [seg.lines[0].text for seg in segments] == [f"【0{n}】{t}" for n, t in enumerate(titles, 1)]
    assert [ln.text for ln in pre] == ["本期周报", *toc]


def test_running_page_header_of_a_pdf_mirror_is_removed() -> None:
    header = "某某研究院 | 2025中国AI芯片研究报告"
    lines = ["2025中国AI芯片研究报告"]
    for page in range(1, 5):
        lines += [header, *BODY, f"第{page}页/共4页"]
    out, removals = build(lines)
    assert header not in out and not any(o.startswith("第") and o.endswith("页") for o in out)
    assert sum(1 for r in removals if r.rule == "running-header") == 4


def test_a_seam_repeat_after_a_dropped_one_is_dropped_too() -> None:
    """Found by the property test above: a paragraph ending in a sentence, then that sentence
    twice on its own. Both copies are seams of the paragraph (the second follows the first,
    which is dropped), so cleaning the cleaned text again drops nothing more."""
    s = SENTENCES[0]
    doc = prepare(RawDoc("content/t.txt", "\n\n".join(["生成的测试文章标题", s + s, s, s, SENTENCES[1] * 2]).encode("utf-8")))
    [draft] = extract(doc).drafts
    assert draft.paragraphs == [s + s, SENTENCES[1] * 2]
    assert [r.rule for r in draft.removals if r.kind == "repeat"] == ["seam-repeat", "seam-repeat"]
    again = prepare(RawDoc("content/t.txt", "\n\n".join([draft.title, *draft.paragraphs]).encode("utf-8")))
    [second] = extract(again).drafts
    assert second.paragraphs == draft.paragraphs
