"""A raw JSON response saved as an input (an app's API answer, pretty-printed or not).

When the whole text parses as one JSON object or array, it is read as the lines of its
string leaves, in document order: a leaf holding an HTML fragment as its text lines, any
other leaf under its key as a label ("kicker：…"), the keys of the article's own fields in
the words the cleaner reads fields by (title → 标题, author → 作者, publish_time → 发布时间).
A leaf of one token with no CJK letter (an id, a URL, an enum such as "success" or "p"; not
a byline field's, "2026-01-02") and
the numbers, booleans, nulls, braces and brackets are the response's frame, no text. An
article quoting a JSON snippet does not parse as a whole and stays prose."""

from __future__ import annotations

import json
import re
from typing import Any

from .markup import markup_to_text

_TAGGED = re.compile(r"</?(?:p|br|div|span|h[1-6]|li|ul|ol|img|a|strong|em|b|i|section|figure|figcaption|blockquote)\b[^<>]*>", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")
# an API's field names by their words (snake_case or camelCase) -> the label the cleaner reads
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_LABELS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"title", "headline"}), "标题"),
    (frozenset({"author", "authors", "byline", "writer", "editor"}), "作者"),
    (frozenset({"source", "origin", "media"}), "来源"),
    (frozenset({"publish", "published", "pub", "created", "release", "released", "post", "posted"}), "发布时间"),
    (frozenset({"update", "updated", "modified", "edit", "edited"}), "更新时间"),
)
_TIME_WORDS = frozenset({"time", "date", "at", "ts", "timestamp", "datetime", "on"})


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


def _label(key: str) -> str:
    words = {w.lower() for w in _KEY_WORDS.findall(key)}
    if not words:
        return key
    if words <= {"title", "headline"}:  # the title itself, not seo_title or share_title
        return "标题"
    for names, label in _LABELS[1:3]:
        if words <= names:
            return label
    if words & _TIME_WORDS or len(words) == 1:
        for names, label in _LABELS[3:]:
            if words & names:
                return label
    return key


_BYLINE = ("发布时间", "来源", "作者", "更新时间")  # in the order a page's byline has them


def dump_lines(value: dict | list) -> list[str]:
    """The text lines of a parsed JSON dump (see the module's docstring). The byline fields
    of one object that follow each other (source, author, times) make one line, as a page
    prints them ("发布时间：…  来源：…  作者：…")."""
    out: list[str] = []
    byline: list[str] = []  # the byline fields met in a row

    def flush() -> None:
        if byline:
            out.append("  ".join(sorted(byline, key=lambda f: _BYLINE.index(f.partition("：")[0]))))
            byline.clear()

    def walk(v: Any, key: str | None) -> None:
        if isinstance(v, dict):
            for k, item in v.items():
                walk(item, str(k))
            flush()
        elif isinstance(v, list):
            for item in v:
                walk(item, key)
        elif isinstance(v, str):
            s = v.strip()
            label = _label(key) if key else None
            if not s or (not _CJK.search(s) and len(s.split()) == 1 and label not in _BYLINE):
                return
            if label in _BYLINE and "\n" not in s:
                byline.append(f"{label}：{s}")
                return
            flush()
            if _TAGGED.search(s):
                out.extend(ln.strip() for ln in markup_to_text(s)[0].split("\n") if ln.strip())
            else:
                out.extend(f"{label}：{ln.strip()}" if label else ln.strip() for ln in s.split("\n") if ln.strip())

    walk(value, None)
    flush()
    return out


def dump_to_text(text: str) -> str | None:
    """The input's text read as a JSON dump's lines (blank-line separated), or None when it is no dump."""
    value = parse_dump(text)
    if value is None:
        return None
    lines = dump_lines(value)
    return "\n\n".join(lines) if lines else None
