"""Heading detection and section splitting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from digest.sections import detect_headings, split_sections

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import eval_tags  # noqa: E402

BODY = "这是一段足够长的正文内容,用来说明标题后面确实跟着正文,而不是另一个短句或者列表项。"


def headings(paras: list[str]) -> list[tuple[str, int]]:
    return [(h.text, h.level) for h in detect_headings(paras)]


@pytest.mark.parametrize(
    "line",
    ["一、垂直模型走出来", "1. 法律科技领域的市场规模", "1、行业现状", "(一)信息管理类",
     "01 法律科技市场规模&细分领域", "01.State of AI Agent", "第二部分 市场玩家", "2.1 Agent框架",
     "AI硬件的三层架构", "AIGC的商业模式是什么?"],
)
def test_each_heading_form(line):
    assert headings([BODY, line, BODY]) == [(line, 1)]


@pytest.mark.parametrize(
    "line",
    ["1) E-Discovery(电子发现):是指在法律诉讼或调查过程中,对电子形式的信息进行识别、收集和审查的过程",
     "2、缺少物理常识:GPT-3很难回答“如果我把奶酪放进冰箱,它会融化吗?”",
     "那么,质量如何呢?", "人脑功耗10w。", "商业价值评价:低", "• 高度可定制", "(图为AI绘画作品,由受访者供图)",
     "作者|张三", "2024-02-20 18:40:03 编辑: robot", BODY],
)
def test_sentences_and_fields_are_body(line):
    assert headings([BODY, line, BODY]) == []


def test_numbered_list_items_are_body():
    paras = [BODY, "1. 多模态信号输入 -> 传感器", "2. 模型处理和计算 -> 计算中心", "3. 交互方式 -> UIUX设计", BODY]
    assert headings(paras) == []


def test_heading_split_over_two_lines_is_joined():
    paras = [BODY, "一、垂直模型走出来,", "加速大模型落地", BODY, "二、AI Agent,", "C端AI应用跑向全面商业化", BODY]
    assert headings(paras) == [("一、垂直模型走出来,加速大模型落地", 1),
                               ("二、AI Agent,C端AI应用跑向全面商业化", 1)]


def test_nested_levels():
    paras = ["五、基础层", "算力", BODY, "LLM对算力的需求飙升", BODY, "六、AI Infra层", BODY,
             "1. 数据准备", BODY, "1) 数据标注", BODY]
    got = headings(paras)
    assert got[0] == ("五、基础层", 1)
    assert got[1] == ("算力", 2)
    assert ("六、AI Infra层", 1) in got
    assert ("1. 数据准备", 2) in got and ("1) 数据标注", 3) in got


def test_numbered_sub_scheme_nests_one_deeper():
    paras = ["一、行业现状", BODY, "1. 市场规模", BODY, "2. 主要玩家", BODY, "二、未来趋势", BODY, "1. 技术路线", BODY]
    assert headings(paras) == [("一、行业现状", 1), ("1. 市场规模", 2), ("2. 主要玩家", 2),
                               ("二、未来趋势", 1), ("1. 技术路线", 2)]


def test_numbered_list_inside_plain_heading_nests_under_it():
    # 01 part -> plain heading under it -> 1) items of that heading; the next part closes
    # everything. (A plain heading right after such a sub-list still lands one level below
    # the plain heading, not beside it: making it a sibling cost 0.016 level accuracy on
    # the seeds, mostly through one false numbered heading in 002#8.)
    paras = ["01 核心要素", BODY, "规划", BODY, "1)通用认知架构", BODY, "2)特定领域的认知架构", BODY,
             "02 交互", BODY, "记忆", BODY]
    assert headings(paras) == [("01 核心要素", 1), ("规划", 2), ("1)通用认知架构", 3),
                               ("2)特定领域的认知架构", 3), ("02 交互", 1), ("记忆", 2)]


def test_major_scheme_never_nests_under_plain_heading():
    paras = [BODY, "马斯克:超级AI将于2030年问世", BODY, "一、如何解读未来宣言", BODY, "潮水渐涨", BODY, "二、未雨绸缪", BODY]
    assert headings(paras) == [("马斯克:超级AI将于2030年问世", 1), ("一、如何解读未来宣言", 1),
                               ("潮水渐涨", 2), ("二、未雨绸缪", 1)]


def test_references_section_stops_heading_detection():
    paras = ["一、正文", BODY, "参考资料:", "1. 某某报告 2024", "《某书》出版社"]
    sections = split_sections("标题", paras)
    assert [s.heading for s in sections] == ["一、正文", "参考资料:"]
    assert sections[-1].paragraphs == ["1. 某某报告 2024", "《某书》出版社"]


def test_lead_and_anchors():
    sections = split_sections("文章标题", [BODY, "一、开头", BODY, "二、结尾", BODY])
    assert [s.anchor for s in sections] == ["s1", "s2", "s3"]
    assert sections[0].heading == "文章标题" and sections[0].level == 0


def test_article_without_headings_is_one_section():
    sections = split_sections("文章标题", [BODY, BODY])
    assert len(sections) == 1 and sections[0].heading == "文章标题" and sections[0].paragraphs == [BODY, BODY]


def _text_of(sections, title):
    parts = []
    for s in sections:
        if s.level > 0:
            parts.append(s.heading)
        parts.extend(s.paragraphs)
    return "".join(p.strip() for p in parts)


@pytest.fixture(scope="module")
def seed_articles():
    return eval_tags.fallback_articles(ROOT / "content" / "seeds")


def test_nothing_lost_on_seeds(seed_articles):
    for art in seed_articles:
        sections = split_sections(art.title, art.paragraphs)
        assert _text_of(sections, art.title) == "".join(p.strip() for p in art.paragraphs)
        count = sum(len(s.paragraphs) for s in sections)
        joined = sum(1 for s in sections if s.level > 0)
        assert count + joined <= len(art.paragraphs) <= count + 2 * joined


def test_headings_gold_floor(seed_articles):
    gold = yaml.safe_load((ROOT / "tests/data/headings_gold.yaml").read_text(encoding="utf-8"))
    assert len(gold["articles"]) == len(seed_articles)
    result = eval_tags.eval_headings(seed_articles)["overall"]
    assert result["p"] >= 0.95 and result["r"] >= 0.95
    assert result["level_acc"] >= 0.95  # measured 0.981
