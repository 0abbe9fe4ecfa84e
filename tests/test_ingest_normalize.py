"""Decoding and normalization (issue 4): any encoding in, canonical text out."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.ingest import decode, read_inputs
from digest.normalize import detect_script, normalize_text, to_simplified

TEXT = "人工智能大模型正在改变产业。英伟达发布了新的芯片,数据中心的算力需求持续增长。"
TRAD = "人工智慧大模型正在改變產業。輝達發佈了新的晶片,資料中心的算力需求持續增長。"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf_8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf_8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf_16_le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf_16_be"),
        (TEXT.encode("gb18030"), "gb18030"),
        ((TEXT * 3).encode("utf-16-le"), "utf_16_le"),  # no BOM
    ],
)
def test_decodes_common_encodings(data: bytes, expected: str) -> None:
    text, encoding = decode(data)
    assert encoding == expected
    assert text is not None and TEXT in text


def test_big5_traditional_is_not_mistaken_for_gbk() -> None:
    text, encoding = decode((TRAD * 2).encode("big5"))
    assert encoding.startswith("big5")
    assert text is not None and TRAD in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"   \n\t ", "empty"), (bytes(range(256)) * 8, "binary|undecodable"), (b"\x00\x01\x02" * 400, "binary")],
)
def test_rejects_with_reason(data: bytes, reason: str) -> None:
    text, why = decode(data)
    assert text is None and any(word in why for word in reason.split("|"))


def test_sidecar_is_not_an_input(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("title: 自定义标题\n", encoding="utf-8")
    docs, rejected, warnings = read_inputs(tmp_path, "content")
    assert [d.path for d in docs] == ["content/a.txt"]
    assert docs[0].sidecar == {"title": "自定义标题"} and docs[0].sidecar_path == "content/a.yaml"
    assert not rejected and not warnings


def test_malformed_sidecar_reports_file_and_line(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("title: ok\ndate: [unclosed\n", encoding="utf-8")
    docs, _, warnings = read_inputs(tmp_path, "content")
    assert docs[0].sidecar == {}
    assert any("a.yaml:" in w and "malformed" in w for w in warnings)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("中 国 人 工 智 能", "中国人工智能"),  # characters spaced out by a scraper
        ("中国 ,人工智能 。", "中国,人工智能。"),  # spaces before punctuation
        ("ＡＩ大模型４０％", "AI大模型40%"),  # full-width ASCII
        ("模\u200b型\ufeff", "模型"),  # zero-width characters
        ("首页 新闻 科技 返回顶部", "首页 新闻 科技 返回顶部"),  # menu words keep their spaces
        ("a\r\nb\rc", "a\nb\nc"),
        ("大模型，产业。", "大模型，产业。"),  # CJK punctuation keeps its meaning
        ("\u2f08\u2f2f智能芯片的\ufb02oorplan与\ufb01ber", "人工智能芯片的floorplan与fiber"),  # a PDF text layer: radicals, ligatures
    ],
)
def test_normalize_examples(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中国人工智能大模型 ,。，:ＡＢ１２ \u200b\u3000\n\r\t-abc")), max_size=80))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_script_detection_and_canonical_form() -> None:
    assert detect_script(TRAD) == "hant"
    assert detect_script(TEXT) == "hans"
    assert "产业" in to_simplified(TRAD)


def test_to_simplified_keeps_characters_t2s_would_corrupt() -> None:
    """OpenCC's t2s turns 昇 (Huawei's 昇腾 / 昇思) into 升; rules/script.yaml keeps it, and the
    text around it is converted as before, to a fixed point."""
    assert to_simplified("华为昇腾910B与昇思MindSpore") == "华为昇腾910B与昇思MindSpore"
    assert to_simplified("華為昇騰910B晶片出貨") == "华为昇腾910B晶片出货"
    assert to_simplified("升级") == "升级"
    for text in ("昇", "昇昇騰", "騰昇", "局限於昇騰"):
        once = to_simplified(text)
        assert to_simplified(once) == once and "昇" in once


def test_an_entity_written_with_a_kept_character_is_linked() -> None:
    from pathlib import Path

    from digest.tagging import find_entities
    from digest.taxonomy import load_taxonomy

    tax = load_taxonomy(Path(__file__).resolve().parent.parent / "taxonomy.yaml")
    assert "ascend" in find_entities(to_simplified("華為發布昇騰新一代訓練晶片"), tax)
