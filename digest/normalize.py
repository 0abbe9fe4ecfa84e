"""Normalize decoded text: line ends, invisible characters, safe NFKC, CJK spacing, script.

Analysis runs on the canonical Simplified form (OpenCC t2s); the published zh-hans text is
that same form, and zh-hant is made from it at render time (see convert.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
import yaml

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
# NFKC would turn these into ASCII or other glyphs and lose CJK punctuation meaning; keep them.
KEEP_CJK_PUNCT = set("，。、；：？！（）【】《》〈〉「」『』〔〕…—～·“”‘’￥")

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"，。、；：？！（）【】《》「」『』“”‘’…—"
# Spaces next to CJK punctuation are scraper noise; between two CJK characters they are
# noise when one side is a lone character ("人 工 智 能"), but separate menu words
# ("首页 新闻 返回顶部") are kept so that structure stays visible to the cleaner.
_PUNCT_GAP = re.compile(rf"(?<=[{CJK_PUNCT}]) +(?=[{CJK}{CJK_PUNCT}])|(?<=[{CJK}]) +(?=[{CJK_PUNCT}])")
_CJK_RUN_GAP = re.compile(rf"([{CJK}]+)( +)(?=([{CJK}]+))")
# Spaces before ASCII punctuation inside Chinese text ("中国 ,") are noise too.
_GAP_BEFORE_PUNCT = re.compile(rf"(?<=[{CJK}{CJK_PUNCT})]) +(?=[,.:;!?)])")
_GAP_AFTER_OPEN = re.compile(r"(?<=[(“]) +")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


# NFKC is applied only where it is safe: full-width/half-width forms (Ａ→A, ４→4), CJK
# compatibility ideographs and Kangxi radicals (⼈→人), and the Latin ligatures a PDF's text
# layer emits (ﬁ→fi, ﬂ→fl). Symbols such as ™ © ① keep their form.
NFKC_RANGES = ((0xFF00, 0xFFEF), (0xF900, 0xFAFF), (0x2F00, 0x2FDF), (0x2E80, 0x2EFF), (0xFB00, 0xFB06))


@lru_cache(maxsize=1)
def _nfkc_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in (c for lo, hi in NFKC_RANGES for c in range(lo, hi + 1)):
        ch = chr(cp)
        if ch in KEEP_CJK_PUNCT or 0x3000 <= cp <= 0x303F:
            continue
        if 0xD800 <= cp <= 0xDFFF:
            continue
        norm = unicodedata.normalize("NFKC", ch)
        if norm != ch and not unicodedata.combining(ch):
            table[cp] = norm
    return table


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str | None]:
    """Zero-width removal, odd spaces and safe NFKC in one translate pass."""
    return {**_nfkc_table(), **SPACES, **ZERO_WIDTH}


@lru_cache(maxsize=1)
def _char_runs() -> re.Pattern[str]:
    """Runs of the characters _char_table maps: only they are translated. They are rare, and
    str.translate with a dict looks every character up (~8 % of normalize's CPU)."""
    ranges: list[list[int]] = []
    for code in sorted(_char_table()):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]+")


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(_char_table())


def normalize_text(text: str) -> str:
    """Idempotent normalization of a decoded input (keeps its script)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _char_runs().sub(_translate_run, text)
    lines = []
    for line in text.split("\n"):
        line = _MULTI_SPACE.sub(" ", line.replace("\t", " "))
        line = _PUNCT_GAP.sub("", line)
        line = _join_spaced_chars(line)
        line = _GAP_BEFORE_PUNCT.sub("", line)
        line = _GAP_AFTER_OPEN.sub("", line)
        lines.append(line.strip())
    return "\n".join(lines)


def _join_spaced_chars(line: str) -> str:
    if " " not in line:
        return line
    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(3)
        return left if len(left) == 1 or len(right) == 1 else m.group(1) + m.group(2)
    # Repeat: "人 工 智 能" needs several passes because matches may not overlap.
    previous = None
    while previous != line:
        previous = line
        line = _CJK_RUN_GAP.sub(join, line)
    return line


@lru_cache(maxsize=4)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _kept_characters() -> re.Pattern[str] | None:
    """Characters t2s must not touch (rules/script.yaml `keep_characters`), as one split pattern."""
    path = Path(__file__).resolve().parent.parent / "rules" / "script.yaml"
    chars = str((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("keep_characters") or "")
    return re.compile("([" + "".join(map(re.escape, chars)) + "])") if chars.strip() else None


def to_simplified(text: str) -> str:
    """Canonical Simplified form. OpenCC's phrase table can leave a character that a
    second pass converts (局限於 → 局限於 → 局限于); the canonical form must be a fixed point.
    Characters of rules/script.yaml `keep_characters` (昇 of 昇腾, which t2s makes 升) stay."""
    kept = _kept_characters()
    if kept is not None and kept.search(text):
        # split() with one group alternates: text to convert (even), a kept character (odd)
        return "".join(part if i & 1 else _t2s_fixed_point(part) for i, part in enumerate(kept.split(text)))
    return _t2s_fixed_point(text)


def _t2s_fixed_point(text: str) -> str:
    t2s = converter("t2s")
    once = t2s.convert(text)
    if once == text:  # already a fixed point (most inputs are Simplified): a second pass would give it again
        return once
    twice = t2s.convert(once)
    return twice if twice == once else t2s.convert(twice)


def detect_script(text: str) -> str:
    """'hant' when t2s changes a noticeable share of the CJK characters."""
    sample = "".join(_HAN.findall(text[:20000]))[:4000]
    simplified = converter("t2s").convert(sample)
    changed = sum(1 for a, b in zip(sample, simplified, strict=False) if a != b)
    cjk = len(sample)
    return "hant" if cjk and changed / cjk > 0.03 else "hans"
