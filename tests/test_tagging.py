"""Topic tagging, entities, article topics and related sections."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from digest.model import Article, Section
from digest.related import related_sections
from digest.tagging import article_topics, choose_topics, find_entities, tag_sections
from digest.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import eval_tags  # noqa: E402


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy(ROOT / "taxonomy.yaml")


def _section(heading: str, *paras: str, anchor: str = "s1") -> Section:
    return Section(heading=heading, anchor=anchor, paragraphs=list(paras))


def test_compute_section_tagged_with_evidence(tax):
    s = _section("国产算力芯片", "英伟达GPU断供后,国产AI芯片厂商推出加速卡,智算中心的算力需求持续增长,昇腾910成为训练芯片的主要选择。")
    tag_sections([s], tax)
    assert s.topics == ["compute"]
    assert {"GPU", "智算中心"} <= set(s.evidence["compute"])
    assert s.scores["compute"] >= tax.tagging.min_score
    assert "nvidia" in s.entities and "ascend910" in s.entities


def test_one_repeated_word_is_not_a_topic(tax):
    s = _section("闲谈", "机器人机器人机器人机器人。今天天气很好,我们去公园散步,顺便讨论周末去哪里吃饭。")
    tag_sections([s], tax)
    assert "embodied" not in s.topics


def test_passing_mention_in_long_section_is_not_a_topic(tax):
    body = "企业客户越来越多地把AI应用于客服和营销场景,商业化进展明显,付费用户持续增长。" * 8
    s = _section("企业应用", body + "顺带一提,这些应用背后需要GPU。")
    tag_sections([s], tax)
    assert "apps" in s.topics and "compute" not in s.topics


def test_entities_in_both_scripts_map_to_one_id(tax):
    assert find_entities("輝達與英偉達以及NVIDIA", tax) == ["nvidia"]
    assert find_entities("百度文心一言和阿里通義千問", tax) == ["baidu", "ernie-bot", "alibaba", "qwen"]
    # Latin aliases need word boundaries.
    assert "meta" not in find_entities("metadata 字段", tax)


def test_article_topics_follow_share_of_text():
    big = Section("a", "s1", ["x" * 900], topics=["apps"])
    small = Section("b", "s2", ["x" * 50], topics=["compute"])
    assert article_topics([big, small]) == ["apps"]
    assert article_topics([Section("c", "s1", ["x"], topics=[])]) == []


def test_related_sections_link_other_articles_deterministically(tax):
    a1 = Article("a1", "A1", [], [_section("芯片", "英伟达和华为昇腾的算力芯片竞争。", anchor="s1")])
    a2 = Article("a2", "A2", [], [_section("芯片", "英伟达GPU供应紧张,华为昇腾加速替代。", anchor="s1")])
    a3 = Article("a3", "A3", [], [_section("眼镜", "Ray-Ban Meta智能眼镜热销。", anchor="s1")])
    for art in (a1, a2, a3):
        tag_sections(art.sections, tax)
    rel = related_sections([a1, a2, a3])
    assert rel[("a1", "s1")] == [("a2", "s1")]
    assert ("a1", "s1") not in rel[("a1", "s1")]
    assert rel == related_sections([a1, a2, a3])


@pytest.fixture(scope="module")
def gold_items(tax):
    items = eval_tags.gold_sections(eval_tags.fallback_articles(ROOT / "content" / "seeds"))
    tag_sections([s for _, _, s in items], tax)
    return items


def test_tune_set_floor(tax, gold_items):
    result = eval_tags.eval_tags(gold_items, tax.topic_ids)
    assert result["tune"]["n"] >= 170 and result["heldout"]["n"] >= 12 and result["heldout2"]["n"] >= 16
    # Floors a little under the measured values (tune P 0.89 R 0.91), to catch regressions.
    assert result["tune"]["micro"]["p"] >= 0.86
    assert result["tune"]["micro"]["r"] >= 0.87


def _tune(gold_items):
    return {s.heading: (g, s) for sp, g, s in gold_items if sp == "tune"}


def test_written_passing_mentions_are_not_tagged(gold_items):
    by_heading = {h: s for h, (_, s) in _tune(gold_items).items()}
    assert "embodied" not in by_heading["数字人主播带货"].topics  # one sentence on sorting robots
    assert "compute" not in by_heading["新一代基座模型发布"].topics  # "trained on domestic compute"
    assert "hardware" not in by_heading["云厂商打响价格战"].topics  # a phone maker buys cloud
    assert by_heading["活动报名"].topics == []
    assert by_heading["年终盘点的写作说明"].topics == []


# Short single-topic news items (round 3) whose last sentence mentions another topic.
SHORT_PASSING = {
    "修图App的AI功能": "models", "数据中心业务再创新高": "models", "开源推理模型登顶榜单": "hardware",
    "录音卡片卖爆了": "apps", "向量数据库公司完成融资": "compute", "编程工具年收入破亿美元": "models",
    "国产GPU公司冲刺上市": "embodied", "头显销量不及预期": "compute",
}
# Known misses with the grid-chosen settings: in a ~110-character item a two-term sentence
# clears the length-scaled second bar (floor 0.25 x 20 = 5 = min_score). Strict xfail, so
# a fix shows up as XPASS.
SHORT_PASSING_MISSED = {"人形机器人开售": "compute", "推理模型开放给付费用户": "apps"}


@pytest.mark.parametrize("heading", sorted(SHORT_PASSING))
def test_short_item_passing_mention_not_tagged(gold_items, heading):
    gold, section = _tune(gold_items)[heading]
    assert SHORT_PASSING[heading] not in section.topics
    assert set(gold) <= set(section.topics)


@pytest.mark.parametrize("heading", sorted(SHORT_PASSING_MISSED))
@pytest.mark.xfail(strict=True, reason="one passing sentence in a very short item clears the second-topic bar")
def test_short_item_passing_mention_known_miss(gold_items, heading):
    assert SHORT_PASSING_MISSED[heading] not in _tune(gold_items)[heading][1].topics


def test_short_two_topic_items_mostly_found(gold_items):
    """Round-3 items that discuss two topics: most must get both (measured 15 of 19)."""
    two = [(g, s) for h, (g, s) in _tune(gold_items).items() if len(g) == 2 and len("".join(s.paragraphs)) <= 300]
    assert len(two) >= 19
    found = sum(1 for g, s in two if set(g) <= set(s.topics))
    assert found >= 14


def test_second_topic_needs_absolute_evidence(tax):
    settings = tax.tagging
    strong = {"apps": 40.0, "models": settings.second_min_score + 1}
    weak = {"apps": 40.0, "models": settings.min_score + 0.5}
    evidence = {"apps": ["a", "b"], "models": ["c", "d"]}
    length = int(settings.avg_len)
    assert choose_topics(strong, evidence, tax.topic_ids, settings, length) == ["models", "apps"]
    assert choose_topics(weak, evidence, tax.topic_ids, settings, length) == ["apps"]
    # The bar shrinks with a short section when second_len_power is set.
    if settings.second_len_power:
        mid = {"apps": 40.0, "models": settings.second_min_score * 0.8}
        assert choose_topics(mid, evidence, tax.topic_ids, settings, length // 4) == ["models", "apps"]


def test_idf_factor_lowers_generic_terms(tax):
    import dataclasses

    from digest.tagging import score_counts, section_counts

    generic = min(tax.idf, key=tax.idf.get)
    assert tax.idf[generic] < 0.5
    counts = section_counts(_section("x", f"{generic}。{generic}。"), tax)
    on = dataclasses.replace(tax.tagging, idf_power=1.0)
    off = dataclasses.replace(tax.tagging, idf_power=0.0)
    assert sum(score_counts(counts, tax, on)[0].values()) < sum(score_counts(counts, tax, off)[0].values())


def test_term_counts_skip_no_block_that_holds_a_term(tax):
    """count_terms cuts only blocks that hold a term's text; the counts are those of
    cutting every block (tagging.tokenize without a filter)."""
    from collections import Counter, defaultdict

    from digest.tagging import _index, count_terms, tokenize
    from tests.test_tokens import random_texts, seed_lines

    idx = _index(tax)
    for text in seed_lines() + random_texts(200, seed=3) + ["OpenAI发布GPT-4o，英伟达H100算力", "ＡＩ芯片"]:
        expected: dict[str, Counter[str]] = defaultdict(Counter)
        for token in tokenize(text):
            for topic_id, (term, _) in idx.single.get(token, {}).items():
                expected[topic_id][term] += 1
        # terms with a space are counted in the text, not among tokens: compared apart
        single_only = {t: Counter({term: n for term, n in c.items() if " " not in term})
                       for t, c in count_terms(text, tax).items()}
        assert {k: v for k, v in single_only.items() if v} == {k: v for k, v in expected.items() if v}, text
