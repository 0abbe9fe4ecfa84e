"""Sanity checks of the hand-labelled zh-Hans → zh-Hant (Taiwan) pairs.

These tests check the DATA in tests/data/hant/pairs.yaml only; they do not
exercise any converter of the project. OpenCC is used here purely as a
character-level yardstick (t2s, tw2s, s2t), never to produce labels.
"""

from __future__ import annotations

import collections
import difflib
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

opencc = pytest.importorskip("opencc")

PAIRS = Path(__file__).parent / "data" / "hant" / "pairs.yaml"
CATS = {"trap", "tw", "plain"}

# Characters that are legitimate in Simplified text but which OpenCC's t2s
# folds anyway: 昇 in the brand 华为昇腾 (t2s turns it into 升).
HANS_T2S_ALLOWED = {"昇"}
# Characters that are standard in Taiwan text but which OpenCC's s2t would
# still rewrite: 台 (the source writes 台, Taiwan newsrooms write 台灣/平台/台積電)
# and 里 (公里).
HANT_S2T_ALLOWED = {"台", "里"}

MIN_ROUNDTRIP_RATIO = 0.6       # tw items may swap several words
MIN_ROUNDTRIP_RATIO_PLAIN = 0.85


def _load() -> list[dict]:
    with PAIRS.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


DATA = _load()
IDS = [item.get("id", f"#{i}") for i, item in enumerate(DATA)]


_CONVERTERS: dict[str, opencc.OpenCC] = {}


def _cc(config: str) -> opencc.OpenCC:
    if config not in _CONVERTERS:
        _CONVERTERS[config] = opencc.OpenCC(config)
    return _CONVERTERS[config]


def _punct(s: str) -> list[str]:
    return [c for c in s if unicodedata.category(c).startswith("P")]


def _latin_digits(s: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", s)


def test_file_shape():
    assert isinstance(DATA, list)
    assert len(DATA) == 100
    for item in DATA:
        assert set(item) <= {"id", "cat", "hans", "hant", "note"}, item


def test_ids_unique_and_well_formed():
    ids = [item["id"] for item in DATA]
    assert len(ids) == len(set(ids)), [i for i, n in collections.Counter(ids).items() if n > 1]
    for i in ids:
        assert re.fullmatch(r"h\d{3}", i), i


def test_category_counts():
    counts = collections.Counter(item["cat"] for item in DATA)
    assert set(counts) <= CATS, counts
    assert counts["trap"] >= 30, counts
    assert counts["tw"] >= 30, counts


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_item_has_both_sides(item):
    for key in ("hans", "hant"):
        assert isinstance(item.get(key), str) and item[key].strip(), (item["id"], key)
    assert item["hans"] != item["hant"], item["id"]
    if "note" in item:
        assert isinstance(item["note"], str) and item["note"].strip(), item["id"]


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_hans_length(item):
    assert 25 <= len(item["hans"]) <= 70, (item["id"], len(item["hans"]))


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_length_difference_is_explained(item):
    if len(item["hans"]) != len(item["hant"]):
        assert "length" in item.get("note", "").lower(), (
            item["id"], len(item["hans"]), len(item["hant"]))


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_hans_has_no_traditional_only_characters(item):
    hans = item["hans"]
    back = _cc("t2s").convert(hans)
    assert len(back) == len(hans), item["id"]
    diffs = {(a, b) for a, b in zip(hans, back, strict=True) if a != b}
    assert all(a in HANS_T2S_ALLOWED for a, _ in diffs), (item["id"], diffs)


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_hant_has_no_simplified_only_characters(item):
    s2t = _cc("s2t")
    bad = {c for c in item["hant"] if c not in HANT_S2T_ALLOWED and s2t.convert(c) != c}
    assert not bad, (item["id"], bad)


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_punctuation_digits_latin_kept(item):
    assert _punct(item["hant"]) == _punct(item["hans"]), item["id"]
    assert _latin_digits(item["hant"]) == _latin_digits(item["hans"]), item["id"]


@pytest.mark.parametrize("item", DATA, ids=IDS)
def test_hant_round_trips_close_to_hans(item):
    back = _cc("tw2s").convert(item["hant"])
    ratio = difflib.SequenceMatcher(None, back, item["hans"]).ratio()
    floor = MIN_ROUNDTRIP_RATIO_PLAIN if item["cat"] == "plain" else MIN_ROUNDTRIP_RATIO
    assert ratio >= floor, (item["id"], round(ratio, 2), back)
