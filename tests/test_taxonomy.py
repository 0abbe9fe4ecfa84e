"""taxonomy.yaml loads, validates with file:line errors, and feeds jieba."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from digest.taxonomy import (
    TOPIC_IDS,
    TaxonomyError,
    jieba_userdict_lines,
    load_jieba,
    load_taxonomy,
    parse_taxonomy,
    protected_terms,
)

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_TOPICS = "".join(
    f"  - id: {t}\n    name: {{zh-hans: 名{i}, zh-hant: 名{i}}}\n"
    f"    scope: {{zh-hans: 范围, zh-hant: 範圍}}\n    terms: {{词{i}: 1.0}}\n"
    for i, t in enumerate(TOPIC_IDS)
)


def _doc(entities: str = "", extra_topic: str = "") -> str:
    return f"version: 1\ntopics:\n{MINIMAL_TOPICS}{extra_topic}entities:\n{entities}"


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy(ROOT / "taxonomy.yaml")


def test_repo_taxonomy_is_rich(tax):
    assert [t.id for t in tax.topics] == list(TOPIC_IDS)
    assert all(len(t.terms) >= 40 for t in tax.topics)
    assert len(tax.entities) >= 80
    for t in tax.topics:
        assert t.names["zh-hans"] and t.names["zh-hant"] and t.scope["zh-hant"]


def test_seed_entities_present(tax):
    owner = {a: e.id for e in tax.entities for a in e.aliases}
    for name in ["文心一言", "通义千问", "零一万物", "李开复", "Sora", "ChatGPT", "OpenAI",
                 "智谱", "月之暗面", "昇腾910", "Coze", "Dify", "魔搭", "ModelScope"]:
        assert name in owner, name
    assert owner["魔搭"] == owner["ModelScope"]


def test_taiwan_rendering_of_every_chinese_name_is_an_alias(tax):
    s2twp = opencc.OpenCC("s2twp")
    for e in tax.entities:
        assert s2twp.convert(e.name) in e.aliases, e.id
    nvidia = tax.entity("nvidia")
    assert "輝達" in nvidia.aliases and "NVIDIA" in nvidia.aliases


def test_malformed_yaml_reports_file_and_line(tmp_path):
    bad = tmp_path / "tax.yaml"
    bad.write_text("version: 1\ntopics:\n  - id: compute\n    terms: {算力: [\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(bad)
    assert str(err.value).startswith(f"{bad.as_posix()}:")
    assert ":5:" in str(err.value) or ":4:" in str(err.value)


def test_undeclared_topic_is_an_error_with_its_line():
    extra = (
        "  - id: robotics\n    name: {zh-hans: 机器人, zh-hant: 機器人}\n"
        "    scope: {zh-hans: x, zh-hant: x}\n    terms: {机器人: 1.0}\n"
    )
    text = _doc(extra_topic=extra)
    line = text.split("\n").index("  - id: robotics") + 1
    with pytest.raises(TaxonomyError, match=rf"t\.yaml:{line}: undeclared topic 'robotics'"):
        parse_taxonomy(text, "t.yaml")


def test_entity_with_undeclared_topic_is_an_error():
    ent = "  - {id: x, name: X公司, kind: company, topics: [space], aliases: [X]}\n"
    with pytest.raises(TaxonomyError, match="undeclared topic 'space'"):
        parse_taxonomy(_doc(ent), "t.yaml")


def test_duplicate_alias_across_entities_is_an_error():
    ents = (
        "  - {id: a, name: 甲, kind: company, topics: [apps], aliases: [Same]}\n"
        "  - {id: b, name: 乙, kind: company, topics: [apps], aliases: [same]}\n"
    )
    with pytest.raises(TaxonomyError, match="alias 'same' of 'b' already belongs to 'a'"):
        parse_taxonomy(_doc(ents), "t.yaml")


def test_unknown_key_warns_but_loads():
    ents = "  - {id: a, name: 甲, kind: company, topics: [apps], aliases: [A], colour: red}\n"
    with pytest.warns(UserWarning, match="unknown key 'colour'"):
        tax = parse_taxonomy(_doc(ents), "t.yaml")
    assert tax.entity("a").aliases == ("甲", "A")


def test_jieba_keeps_names_whole(tax):
    import jieba

    load_jieba(tax)
    tokens = jieba.lcut("百度发布文心一言,阿里推出通义千问,具身智能成为新热点")
    for word in ("文心一言", "通义千问", "具身智能"):
        assert word in tokens


def test_userdict_lines_and_protected_terms(tax):
    lines = jieba_userdict_lines(tax)
    assert any(line.startswith("文心一言 ") for line in lines)
    assert all(len(line.split(" ")) == 2 for line in lines)
    protected = protected_terms(tax)
    assert "ChatGPT" in protected and "Sora" in protected
    assert "英伟达" not in protected


def test_idf_factors_load_and_are_validated():
    def doc(idf: str) -> str:
        one = "  - {id: x, name: X, kind: company, topics: [apps], aliases: [X]}\n"
        return _doc(one).replace("version: 1\n", f"version: 1\nidf:\n{idf}", 1)

    assert parse_taxonomy(doc("  词0: 0.4\n")).idf == {"词0": 0.4}
    with pytest.raises(TaxonomyError, match=r":\d+: idf: '不存在' is not a term of any topic"):
        parse_taxonomy(doc("  不存在: 0.4\n"))
    with pytest.raises(TaxonomyError, match=r"idf of '词1' must be in \(0, 1\]"):
        parse_taxonomy(doc("  词1: 1.5\n"))


def test_repo_idf_down_weights_generic_words(tax):
    # Measured on the corpus: the words found in most sections carry the least weight.
    assert tax.idf["大模型"] < 0.5 and tax.idf["应用"] < 0.6
    assert all(0 < f <= 1 for f in tax.idf.values())
