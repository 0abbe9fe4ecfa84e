"""Split an article's plain-text paragraphs into sections by detecting headings.

Scraped articles have lost their markup, so a heading is only a paragraph that looks
like one: a numbered line (一、 / 1. / (一) / 01 / 第X部分 / 2.1), or a short line without
sentence punctuation that is followed by body text. The words and patterns live in
rules/sections.yaml; this module only holds the decisions.

Invariant: every input paragraph ends up exactly once, either as (part of) a heading or
in a section body. A heading split over two lines is joined without a separator, so
concatenating headings and bodies in order gives back the input text.

Levels: numbered styles get their outline level from the order they first appear (the
first style seen is level 1, a new style below it level 2, ...); a plain heading sits
one level below the numbered heading above it, and a heading stacked directly on
another heading (五、基础层 → 算力) one level deeper still. Level 0 marks the lead section,
headed by the article title rather than by text from the article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from digest.model import Section

RULES_PATH = Path(__file__).resolve().parent.parent / "rules" / "sections.yaml"
MAX_LEVEL = 3
LEAD_LEVEL = 0
MINOR_RANK = 2  # numbered styles from this rank on (1. / (一) / 1)) are sub-lists


@dataclass(frozen=True)
class NumberStyle:
    id: str
    rank: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class HeadingRules:
    numbered: tuple[NumberStyle, ...]
    final_punct: str
    question_marks: str
    inner_sentence_punct: str
    label_separators: str
    list_prefixes: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    max_plain_len: float
    max_numbered_len: float
    max_after_colon: float
    min_body_len: float
    max_chain: int
    closing_headings: frozenset[str]
    reference_headings: frozenset[str]
    field_labels: frozenset[str]
    rating_values: frozenset[str]
    sentence_words: tuple[str, ...]
    meta_patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Heading:
    """A detected heading: paragraphs [start, end) joined into `text`."""

    start: int
    end: int
    text: str
    level: int
    kind: str  # numbered style id, "plain", or "references"


def load_rules(path: str | Path = RULES_PATH) -> HeadingRules:
    with open(path, encoding="utf-8") as f:
        raw: dict[str, Any] = yaml.safe_load(f)
    styles = tuple(
        NumberStyle(s["id"], int(s["rank"]), re.compile(s["pattern"])) for s in raw["numbered"]
    )
    return HeadingRules(
        numbered=styles,
        final_punct=raw["final_punct"],
        question_marks=raw["question_marks"],
        inner_sentence_punct=raw["inner_sentence_punct"],
        label_separators=raw["label_separators"],
        list_prefixes=tuple(raw["list_prefixes"]),
        caption_prefixes=tuple(raw["caption_prefixes"]),
        max_plain_len=float(raw["max_plain_len"]),
        max_numbered_len=float(raw["max_numbered_len"]),
        max_after_colon=float(raw["max_after_colon"]),
        min_body_len=float(raw["min_body_len"]),
        max_chain=int(raw["max_chain"]),
        closing_headings=frozenset(_fold(w) for w in raw["closing_headings"]),
        reference_headings=frozenset(_fold(w) for w in raw["reference_headings"]),
        field_labels=frozenset(_fold(w) for w in raw["field_labels"]),
        rating_values=frozenset(_fold(str(w)) for w in raw.get("rating_values", [])),
        sentence_words=tuple(raw["sentence_words"]),
        meta_patterns=tuple(re.compile(x) for x in raw["meta_patterns"]),
    )


@lru_cache(maxsize=1)
def default_rules() -> HeadingRules:
    return load_rules()


# --- small text measures -------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def visual_len(text: str) -> float:
    """Length as a reader sees it: Latin letters and digits are narrow, spaces free."""
    total = 0.0
    for ch in text:
        if ch.isspace():
            continue
        total += 0.5 if ch.isascii() and ch.isalnum() else 1.0
    return total


def _bare(text: str) -> str:
    """Text without trailing colons and spaces, for matching heading words."""
    return _fold(text).rstrip(":：").strip()


def _split_label(text: str, rules: HeadingRules) -> tuple[str, str] | None:
    """("label", "value") when the line reads "label: value" with a short label."""
    for i, ch in enumerate(text[:12]):
        if ch in rules.label_separators:
            return text[:i].strip(), text[i + 1 :].strip()
    return None


def _is_field_line(text: str, rules: HeadingRules) -> bool:
    """A metadata field ("作者：某某"), or a fact sheet's rated field, whatever its label
    ("商业潜力：低", "落地难度：较高"): a grade is a value, never a heading's subtitle."""
    parts = _split_label(text, rules)
    return parts is not None and (_fold(parts[0]) in rules.field_labels or _fold(parts[1]) in rules.rating_values)


def _ends_sentence(text: str, rules: HeadingRules) -> bool:
    tail = text.rstrip(" ”\"’')）」』")
    return bool(tail) and tail[-1] in rules.final_punct


def _has_inner_sentence(text: str, rules: HeadingRules) -> bool:
    return any(ch in rules.inner_sentence_punct for ch in text.rstrip()[:-1])


def _bad_question(text: str, rules: HeadingRules) -> bool:
    """A question with a clause before it reads as body ("那么,质量如何呢?")."""
    tail = text.rstrip(" ”\"’')）")
    if not tail or tail[-1] not in rules.question_marks:
        return False
    return "," in text or "，" in text


def _is_list_or_caption(text: str, rules: HeadingRules) -> bool:
    if text.startswith(rules.list_prefixes + rules.caption_prefixes):
        return True
    # A line wholly in parentheses is an aside or a credit, not a title.
    return text[0] in "(（" and text[-1] in ")）" and not _numbered_style(text, rules)


def _numbered_style(text: str, rules: HeadingRules) -> tuple[NumberStyle, str] | None:
    for style in rules.numbered:
        m = style.pattern.match(text)
        if m:
            return style, text[m.end() :].strip()
    return None


def _count_commas(text: str) -> int:
    # "1,000" is a number, not a clause break.
    return len(re.findall(r"(?<!\d)[,，]|[,，](?!\d)", text))


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


# --- per-paragraph candidates --------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    kind: str  # style id, "plain", "closing", "references"
    rank: int  # for numbered styles; plain headings use -1
    open_end: bool  # ends with "," or ":" so the heading may continue on the next line


def classify(text: str, rules: HeadingRules) -> Candidate | None:
    """Could this paragraph be a heading on its own shape? None means body."""
    text = text.strip()
    if not text:
        return None
    if not _has_words(text):
        # A bare part number ("01") heads a part; other wordless lines are body.
        numbered = _numbered_style(text, rules)
        if numbered is not None and not numbered[1] and numbered[0].rank <= 1:
            return Candidate(numbered[0].id, numbered[0].rank, False)
        return None
    bare = _bare(text)
    if bare in rules.reference_headings:
        return Candidate("references", -1, False)
    if bare in rules.closing_headings:
        return Candidate("closing", -1, False)
    if _is_list_or_caption(text, rules) or _ends_sentence(text, rules):
        return None
    if _has_inner_sentence(text, rules) or _is_field_line(text, rules):
        return None
    if _count_commas(text) >= 2 or any(p.search(text) for p in rules.meta_patterns):
        return None  # two clauses make a sentence; dates and bylines are metadata
    open_end = text[-1] in ",，:：、"
    numbered = _numbered_style(text, rules)
    if numbered is not None:
        style, rest = numbered
        if visual_len(text) > rules.max_numbered_len:
            return None
        label = _split_label(rest, rules)
        if label is not None and visual_len(label[1]) > rules.max_after_colon:
            return None  # "2、缺少物理常识:GPT-3很难..." is a definition item
        return Candidate(style.id, style.rank, open_end)
    if visual_len(text) > rules.max_plain_len or _bad_question(text, rules):
        return None
    if text[0].isdigit() or any(w in text for w in rules.sentence_words):
        return None  # "40-50度FOV..." is a spec line; "今天我们来聊聊..." addresses the reader
    if open_end and text[-1] not in ":：":
        return None  # a plain line ending in a comma is a broken sentence
    if text[-1] in ":：":
        return None  # "优势:" introduces a list; only heading words may end in a colon
    return Candidate("plain", -1, False)


def _is_record_line(text: str, rules: HeadingRules) -> bool:
    """'label: value' with a short label, as in a fact sheet."""
    parts = _split_label(text, rules)
    return parts is not None and bool(parts[1]) and visual_len(parts[0]) <= 8


_META_LABELS = ("作者", "编辑", "责任编辑", "出品", "来源", "地址", "电话", "传真", "邮箱")


def _is_body(text: str, rules: HeadingRules) -> bool:
    """Text a heading can introduce: a real paragraph, a list item, or a fact line."""
    text = text.strip()
    if not text or not _has_words(text):
        return False
    if visual_len(text) >= rules.min_body_len or _ends_sentence(text, rules):
        return True
    if text.startswith(rules.list_prefixes[:5]):
        return True
    parts = _split_label(text, rules)
    if parts is not None and parts[1]:
        # Contact and byline fields follow chrome ("联系我们 / 地址:..."), not headings.
        return _fold(parts[0]) not in {_fold(m) for m in _META_LABELS}
    return bool(parts) or text[-1] in ":："


# --- detection -----------------------------------------------------------------------


def _candidates(paragraphs: list[str], rules: HeadingRules) -> list[Candidate | None]:
    cands = [classify(p, rules) for p in paragraphs]
    # A plain line in a run of fact lines ("商业价值评价:低") is one more fact line.
    for i, c in enumerate(cands):
        if c is not None and c.kind == "plain" and _is_record_line(paragraphs[i], rules):
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(paragraphs)]
            if any(_is_record_line(paragraphs[j], rules) for j in near):
                cands[i] = None
    # Consecutive numbered lines of one style with nothing between are a list, unless
    # they are bare numbers ("01") standing for whole parts.
    in_list = [False] * len(cands)
    for i in range(len(cands) - 1):
        a, b = cands[i], cands[i + 1]
        if a is None or b is None or a.rank < 0 or a.kind != b.kind or a.open_end:
            continue
        if _has_words(_NUMBER_PREFIX.sub("", paragraphs[i])):
            in_list[i] = in_list[i + 1] = True
    cands = [None if flag else c for c, flag in zip(cands, in_list, strict=True)]
    # A plain line directly above a numbered one is a list lead or a loose line: plain
    # headings do not own numbered children without text between them. Likewise a
    # plain line with a comma stacked on another heading is a list item ("其一,...").
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        if c is None or c.kind != "plain" or nxt is None:
            continue
        if nxt.rank >= 0 or _count_commas(paragraphs[i]):
            cands[i] = None
    return cands


_NUMBER_PREFIX = re.compile(r"^\W*\d+\W*")


def _join_open(paragraphs: list[str], cands: list[Candidate | None], i: int,
               rules: HeadingRules) -> int:
    """End index of a heading starting at i, joining a second line when it continues."""
    c = cands[i]
    if c is None or not c.open_end or i + 1 >= len(paragraphs):
        return i + 1
    nxt = paragraphs[i + 1].strip()
    if (
        nxt
        and cands[i + 1] is not None
        and cands[i + 1].kind == "plain"  # type: ignore[union-attr]
        and visual_len(nxt) <= rules.max_plain_len
    ):
        return i + 2
    return i + 1


def detect_headings(paragraphs: list[str], rules: HeadingRules | None = None) -> list[Heading]:
    rules = rules or default_rules()
    cands = _candidates(paragraphs, rules)
    spans: list[tuple[int, int, Candidate]] = []
    i = 0
    while i < len(paragraphs):
        c = cands[i]
        if c is None:
            i += 1
            continue
        end = _join_open(paragraphs, cands, i, rules)
        if c.open_end and end == i + 1 and paragraphs[i].rstrip()[-1] in ",，、":
            i += 1  # an unfinished numbered line that found no continuation is body
            continue
        spans.append((i, end, c))
        if c.kind == "references":
            break  # numbered references ("5. 某报告") are not headings
        i = end
    confirmed = _confirm(paragraphs, spans, rules)
    return _assign_levels(paragraphs, confirmed)


def _confirm(paragraphs: list[str], spans: list[tuple[int, int, Candidate]],
             rules: HeadingRules) -> list[tuple[int, int, Candidate, int]]:
    """Keep headings that introduce body text; return them with their chain depth."""
    starts = {s: (s, e, c) for s, e, c in spans}
    kept: list[tuple[int, int, Candidate, int]] = []
    for s, e, c in spans:
        if c.kind == "references":
            kept.append((s, e, c, 0))
            continue
        # Walk over headings stacked below this one until the first body paragraph.
        j, chain = e, 0
        while j in starts and chain < rules.max_chain:
            j, chain = starts[j][1], chain + 1
        if j in starts or j >= len(paragraphs) or not _is_body(paragraphs[j], rules):
            continue
        kept.append((s, e, c, 0))
    # Depth: how many kept headings sit directly above (no body between).
    out: list[tuple[int, int, Candidate, int]] = []
    prev_end, depth = -1, 0
    for s, e, c, _ in kept:
        depth = depth + 1 if s == prev_end else 0
        out.append((s, e, c, depth))
        prev_end = e
    return out


def _assign_levels(paragraphs: list[str],
                   kept: list[tuple[int, int, Candidate, int]]) -> list[Heading]:
    stack: list[tuple[Candidate, int]] = []  # active numbered styles with their level, outermost first
    numbered_level = 0
    prev_level, prev_plain = 0, False
    plain_level = 0  # level of the plain heading whose section we are in (0: none)
    headings: list[Heading] = []
    for s, e, c, depth in kept:
        text = "".join(p.strip() for p in paragraphs[s:e])
        if c.rank >= 0:
            kinds = [x.kind for x, _ in stack]
            if c.kind in kinds:
                del stack[kinds.index(c.kind) + 1 :]
                level = stack[-1][1]
            else:
                # A more major style (rank lower) than those open closes them.
                while stack and stack[-1][0].rank >= c.rank and stack[-1][0].kind != c.kind:
                    stack.pop()
                parent = stack[-1][1] if stack else 0
                # A minor scheme (1. / (一) / 1)) opened inside a plain heading's section is
                # that heading's sub-list; the major ones (一、 / 01 / 第X部分) never are.
                if c.rank >= MINOR_RANK and plain_level > parent:
                    parent = plain_level
                level = min(parent + 1, MAX_LEVEL)
                stack.append((c, level))
            numbered_level = level
            plain_level = 0 if c.rank < MINOR_RANK else plain_level
        elif c.kind in ("references", "closing"):
            level = 1
            stack.clear()
            numbered_level = plain_level = 0
        elif depth > 0:
            level = min(prev_level + 1, MAX_LEVEL)  # stacked under the heading above
        elif prev_plain:
            level = prev_level  # a sibling of the plain heading before it
        else:
            level = min(numbered_level + 1, MAX_LEVEL)
        if c.kind == "plain":
            plain_level = level
        prev_level, prev_plain = level, c.kind == "plain"
        headings.append(Heading(s, e, text, level, c.kind))
    return headings


# --- sections ------------------------------------------------------------------------


def split_sections(title: str, paragraphs: list[str],
                   rules: HeadingRules | None = None) -> list[Section]:
    """Sections in order with anchors s1, s2, ...; text before the first heading (or the
    whole article when it has none) becomes a lead section headed by the title."""
    headings = detect_headings(paragraphs, rules)
    sections: list[Section] = []
    first = headings[0].start if headings else len(paragraphs)
    if first > 0 or not headings:
        sections.append(Section(heading=title, anchor="", paragraphs=list(paragraphs[:first]),
                                level=LEAD_LEVEL))
    for k, h in enumerate(headings):
        body_end = headings[k + 1].start if k + 1 < len(headings) else len(paragraphs)
        sections.append(Section(heading=h.text, anchor="", paragraphs=list(paragraphs[h.end:body_end]),
                                level=h.level))
    for n, section in enumerate(sections, start=1):
        section.anchor = f"s{n}"
    return sections
