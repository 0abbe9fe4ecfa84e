"""A raw JSON response saved as an input (an app's API answer, pretty-printed or not).

When the whole text parses as one JSON object or array, it is read as the lines of its
string leaves, in document order, and what it holds besides is recorded as removed (as
feed.py does for a feed's fields):

- the article's own fields under the words the cleaner reads fields by (title → 标题;
  author, source, publish/update times → one byline line "发布时间：…  来源：…  作者：…"
  placed right under the title line, as a page prints it; an epoch number under a
  publish-time key becomes its date-time in Beijing time, the zone of the news read here);
- a leaf holding an HTML fragment: its text lines (markup_to_text; what it hides is recorded);
- a body field ("content", "text", "body", "paragraphs", "正文"…) and any multi-line or
  sentence leaf: its lines bare; another short one-line leaf under its key ("kicker：…");
- subtrees that are no article text (readers' comments, related and recommended items, ads,
  share texts, image captions, copyright and disclaimer notes): recorded, not emitted;
- the frame: a leaf of one token with no CJK letter (an id, a URL, an enum such as "success")
  unless it is a date, a title's or a body's; numbers, booleans and nulls (one record per
  object). A top-level array of objects that each carry a title is one article per object.

The key words are a lexicon of news APIs' field names (the tables below), read by the words
of a key (snake_case or camelCase), never one response's own names. An article quoting a
JSON snippet does not parse as a whole and stays prose."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from .feed import FeedItem
from .markup import has_tag, markup_to_text
from .model import Removal

_CJK = re.compile(r"[\u3400-\u9fff]")
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2})?")  # a leaf that states a date is never frame
_SENTENCE = re.compile(r"[。！？]")  # a leaf holding a sentence is text, not a field

# ---- lexicon: the words of an API's field names (general for news APIs) ----
_TITLE_WORDS = frozenset({"title", "headline", "标题"})
_LABELS: tuple[tuple[frozenset[str], str], ...] = (  # (words, the label the cleaner reads)
    (frozenset({"author", "authors", "byline", "writer", "editor", "作者", "记者", "编辑"}), "作者"),
    (frozenset({"source", "origin", "media", "来源"}), "来源"),
)
_TIMES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"publish", "published", "pub", "created", "release", "released", "post", "posted"}), "发布时间"),
    (frozenset({"update", "updated", "modified", "edit", "edited"}), "更新时间"),
)
_TIME_WORDS = frozenset({"time", "date", "at", "ts", "timestamp", "datetime", "on"})
# a key of time words alone is the article's own time ("date", "pubtime", "ctime", "发布时间")
_PUBLISH_KEYS = frozenset(
    {
        "date",
        "time",
        "datetime",
        "timestamp",
        "pubtime",
        "pubdate",
        "ptime",
        "ctime",
        "publishtime",
        "publishdate",
        "releasetime",
        "createtime",
        "发布时间",
        "日期",
        "时间",
    }
)
_NAME_WORDS = frozenset({"name", "names", "nick", "nickname", "display", "screen", "full", "real"})  # author_name
_BODY_WORDS = frozenset({"content", "contents", "text", "body", "paragraph", "paragraphs", "html", "正文", "内容"})
_BODY_QUALIFIERS = frozenset({"main", "full", "rich", "raw", "plain", "article", "detail", "news"})  # main_content
# subtrees and leaves that are no article text: (words, removal kind, rule)
_DROPPED: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"comment", "comments", "reply", "replies", "评论"}), "comments", "dump-comments"),
    (
        frozenset({"related", "recommend", "recommends", "recommended", "recommendation", "recommendations", "推荐", "相关"}),
        "chrome",
        "dump-related",
    ),
    (frozenset({"ad", "ads", "advert", "adverts", "advertisement", "promotion", "promo", "广告"}), "chrome", "dump-ads"),
    (frozenset({"share", "sharing", "分享"}), "chrome", "dump-share"),
    (frozenset({"caption", "captions", "alt", "figcaption", "图注"}), "caption", "dump-caption"),
    (frozenset({"copyright", "disclaimer", "license", "版权", "免责声明"}), "chrome", "dump-copyright"),
    (frozenset({"seo", "keyword", "keywords", "关键词"}), "chrome", "dump-seo"),
)
# a summary beside the body is its copy of the lead or a teaser (as a feed's description is):
# recorded as a repeat when the article has a body, else its text
_SUMMARY_WORDS = frozenset({"abstract", "summary", "description", "desc", "digest", "excerpt", "intro", "摘要"})
_BYLINE = ("发布时间", "来源", "作者", "更新时间")  # in the order a page's byline has them
_BEIJING = timezone(timedelta(hours=8))


def parse_dump(text: str) -> dict | list | None:
    """The JSON value of `text` when the whole of it is one JSON object or array, else None."""
    s = text.strip().lstrip("\ufeff")
    if len(s) < 2 or s[0] not in "{[" or s[-1] not in "}]":
        return None
    try:
        value = json.loads(s)
    except (ValueError, RecursionError):  # nesting past the parser's depth: read as text, as any input
        return None
    return value if isinstance(value, (dict, list)) else None


def _words(key: str) -> frozenset[str]:
    words = frozenset(w.lower() for w in _KEY_WORDS.findall(key))
    return words or frozenset({key.strip()})  # a CJK key is one word


def _label(key: str) -> str:
    words = _words(key)
    if words <= _TITLE_WORDS:  # the title itself, not seo_title or share_title
        return "标题"
    core = words - _NAME_WORDS  # "author_name", "sourceDisplayName": the author's, the source's
    for names, label in _LABELS:
        if core and core <= names:
            return label
    if words <= _PUBLISH_KEYS:
        return "发布时间"
    if words & _TIME_WORDS or len(words) == 1:
        for names, label in _TIMES:
            if words & names:
                return label
    return key


def _is_body(key: str | None) -> bool:
    words = _words(key) if key else frozenset()
    return bool(words & _BODY_WORDS) and words <= _BODY_WORDS | _BODY_QUALIFIERS


def _dropped(key: str) -> tuple[str, str] | None:
    words = _words(key)
    return next(((kind, rule) for names, kind, rule in _DROPPED if words & names), None)


def _epoch(value: Any) -> str | None:
    """An epoch in seconds or milliseconds as its date-time ("2026-11-12 07:45:00")."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    if isinstance(value, str):
        if not value.strip().isdigit():
            return None
        value = int(value.strip())
    seconds = value / 1000 if 1e12 <= value < 4e12 else value if 1e9 <= value < 4e9 else None
    return None if seconds is None else datetime.fromtimestamp(seconds, _BEIJING).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class _Article:
    title: list[str] = field(default_factory=list)
    byline: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    body: bool = False  # a body field or an HTML fragment gave lines
    summaries: list[tuple[int, int, str, str]] = field(default_factory=list)  # (first, end) in lines, key, text

    def text_lines(self) -> list[str]:
        fields = [f"{label}：{self.byline[label]}" for label in _BYLINE if label in self.byline]
        return [*self.title, *(["  ".join(fields)] if fields else []), *self.lines]


def _read(value: Any) -> _Article:
    art = _Article()

    def record(kind: str, text: str, rule: str) -> None:
        if text.strip():
            art.removals.append(Removal(kind, text.strip(), rule, 0))

    def scalar(v: Any, key: str | None, drop: tuple[str, str] | None, frame: list[str]) -> None:
        label = _label(key) if key else None
        if drop is None and label in ("发布时间", "更新时间") and label not in art.byline and (stamp := _epoch(v)):
            art.byline[label] = stamp
        frame.append(f"{key}={json.dumps(v, ensure_ascii=False)}" if key else json.dumps(v, ensure_ascii=False))

    def leaf(s: str, key: str | None, drop: tuple[str, str] | None) -> None:
        s = s.strip()
        if not s:
            return
        removed: list[Removal] = []
        tagged = has_tag(s)
        if tagged:
            text, removed = markup_to_text(s)
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        else:
            lines = [ln.strip() for ln in s.split("\n") if ln.strip()]
        if drop is not None:
            record(drop[0], "\n".join(lines), f"{drop[1]} ({key})" if key else drop[1])
            art.removals.extend(Removal(drop[0], r.text, r.rule, 0) for r in removed)
            return
        art.removals.extend(removed)
        label = _label(key) if key else None
        if label == "标题" and len(lines) == 1:
            if art.title:  # a second title (an item the response lists): a field line where it stands
                art.lines.append(f"标题：{lines[0]}")
            else:
                art.title.append(f"标题：{lines[0]}")
            return
        if label in _BYLINE and len(lines) == 1:
            if label in art.byline:
                record("metadata", s, f"dump-field ({key})")
            else:
                art.byline[label] = _epoch(s) or lines[0] if label in ("发布时间", "更新时间") else lines[0]
            return
        if tagged:  # an HTML fragment: its own lines
            art.lines.extend(lines)
            art.body = True
            return
        body = _is_body(key)
        art.body = art.body or body
        if key and _words(key) & _SUMMARY_WORDS and not body:
            art.summaries.append((len(art.lines), len(art.lines) + len(lines), key, s))
            art.lines.extend(lines)
            return
        if not body and not _CJK.search(s) and len(s.split()) == 1 and not _DATE.match(s):
            record("chrome", s, f"dump-frame ({key})" if key else "dump-frame")  # an id, a URL, an enum
            return
        field_like = label is not None and not body and len(lines) == 1 and len(s) <= 100 and not _SENTENCE.search(s)
        art.lines.extend(f"{label}：{ln}" if field_like else ln for ln in lines)

    def walk(v: Any, key: str | None, drop: tuple[str, str] | None, frame: list[str]) -> None:
        if isinstance(v, (dict, list)):
            own: list[str] = []
            for k, item in v.items() if isinstance(v, dict) else ((key, x) for x in v):
                k = None if k is None else str(k)
                walk(item, k, drop or (_dropped(k) if k is not None and isinstance(v, dict) else None), own)
            if own:  # the numbers, booleans and nulls of one object: one record
                record(drop[0] if drop else "chrome", "  ".join(own), drop[1] if drop else "dump-frame")
        elif isinstance(v, str):
            leaf(v, key, drop)
        else:
            scalar(v, key, drop, frame)

    walk(value, None, None, [])
    if art.body:
        for first, end, key, text in reversed(art.summaries):
            del art.lines[first:end]
            art.removals.append(Removal("repeat", text, f"dump-summary ({key})", 0))
    return art


def _articles(value: dict | list) -> list[Any]:
    """A top-level array of objects that each carry a title: its articles; else the one document."""
    if (
        isinstance(value, list)
        and len(value) >= 2
        and all(
            isinstance(x, dict) and any(_label(str(k)) == "标题" and isinstance(t, str) and t.strip() for k, t in x.items()) for x in value
        )
    ):
        return value
    return [value]


def read_dump(text: str) -> list[FeedItem] | None:
    """The input read as a JSON dump: one item per article (fields left to the cleaner, which
    reads them from the labelled lines; the body its lines, blank-line separated; the
    removals what the reading left out), or None when it is no dump or holds no text."""
    value = parse_dump(text)
    if value is None:
        return None
    items = []
    for part in _articles(value):
        art = _read(part)
        items.append(FeedItem(None, None, None, None, "", "\n\n".join(art.text_lines()), tuple(art.removals)))
    return items if any(it.body for it in items) else None


def _json_ld(value: Any) -> bool:
    """A JSON-LD document (schema.org metadata a page carries for search engines)."""
    if isinstance(value, list):
        return bool(value) and all(_json_ld(v) for v in value)
    return isinstance(value, dict) and ("@context" in value or "@graph" in value)


def drop_json_ld(text: str) -> tuple[str, list[Removal]]:
    """`text` without the JSON-LD blocks a saved page's text carries (lines from one starting
    "{" or "[" to one ending "}" or "]" that parse as a JSON-LD document: metadata, never
    article text), and their records. Any other JSON a text quotes stays as it is."""
    if '"@context"' not in text:
        return text, []
    lines = text.split("\n")
    removals: list[Removal] = []
    i = 0
    while i < len(lines):
        head = lines[i].strip()
        if head[:1] in ("{", "[") and '"@context"' in "\n".join(lines[i : i + 5]):
            for j in range(i, min(len(lines), i + 500)):
                if lines[j].strip()[-1:] not in ("}", "]"):
                    continue
                try:
                    value = json.loads("\n".join(lines[i : j + 1]))
                except (ValueError, RecursionError):
                    continue
                if _json_ld(value):
                    removals.append(Removal("chrome", "\n".join(lines[i : j + 1]).strip(), "json-ld", i + 1))
                    lines[i : j + 1] = [""] * (j + 1 - i)
                    i = j
                break
        i += 1
    return "\n".join(lines), removals
