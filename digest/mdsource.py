"""Markdown source (a blog export, a static-site post): its marks turned into plain text
lines before cleaning, its YAML front matter read like a sidecar (title, date) and removed.

Detection is by share, not by one mark: prose may hold a '#' or a '**' of its own, so only
an input with front matter, or whose lines mostly carry Markdown marks, is converted.
Marks go (headings, quotes, emphasis, code spans, link targets, HTML comments); comments and
link targets are text a reader never saw and are recorded (kind "markup"); a line that is
only an image goes whole, recorded as a caption with its alt text; footnotes stay.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from .model import Removal

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n((?:[^\n]*\n){1,40}?)---[ \t]*(?:\n|\Z)")
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]{0,30}\s*:")
_SIGNAL = re.compile(r"^#{1,6}\s+\S|^>\s|\]\([^)\s]{1,300}\)|\*\*[^*\n]{1,80}\*\*|^!\[|^```|^[-*]\s+\[")
MIN_SIGNALS = 5
SIGNAL_SHARE = 0.15

_COMMENT = re.compile(r"<!--.*?-->")
_IMAGE = re.compile(r"!\[([^\]\n]{0,200})\]\([^)\n]{0,400}\)")
_LINK = re.compile(r"(?<!\!)\[([^\]\n^][^\]\n]{0,200})\]\(([^)\n]{0,400})\)")
_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*|__(?=\S)([^_\n]{1,200}?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*(?![*\w])")
_CODE = re.compile(r"`([^`\n]{1,200})`")
_HEADING = re.compile(r"^#{1,6}\s+")
_QUOTE = re.compile(r"^(?:>\s?)+")


def front_matter(text: str) -> tuple[dict, str, str] | None:
    """(fields, the block's text, the rest) when `text` opens with a YAML front matter."""
    m = _FRONT.match(text)
    if not m or not all(_FRONT_KEY.match(ln) or ln.startswith((" ", "-")) for ln in m.group(1).splitlines() if ln.strip()):
        return None
    try:
        fields = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return (fields if isinstance(fields, dict) else {}), m.group(0), text[m.end() :]


def is_markdown(text: str) -> bool:
    if front_matter(text) is not None:
        return True
    lines = [ln for ln in text.split("\n") if ln.strip()]
    signals = sum(1 for ln in lines if _SIGNAL.search(ln.strip()))
    return signals >= MIN_SIGNALS and signals >= SIGNAL_SHARE * len(lines)


def _iso_date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = re.match(r"(\d{4}-\d{2}-\d{2})", str(value or ""))
    return m.group(1) if m else None


def markdown_to_text(text: str) -> tuple[str, list[Removal], dict]:
    """Plain text lines of a Markdown input, the removals, and what its front matter says
    (title, date) in sidecar form."""
    removals: list[Removal] = []
    fields: dict = {}
    first_line = 1  # line of the decoded input the body starts on
    front = front_matter(text)
    if front is not None:
        data, block, text = front
        removals.append(Removal("metadata", " ".join(block.split()), "front-matter", 1))
        first_line += block.count("\n")
        if isinstance(data.get("title"), str) and data["title"].strip():
            fields["title"] = data["title"].strip()
        date = _iso_date(data.get("date"))
        if date:
            fields["date"] = date
    out = []
    fence = False
    for n, line in enumerate(text.split("\n"), first_line):
        if line.strip().startswith("```"):
            fence = not fence
            continue  # a code fence's marks; its lines stay as they are
        if fence:
            out.append(line)
            continue
        removals.extend(Removal("markup", m.group(0), "html-comment", n) for m in _COMMENT.finditer(line))
        line = _COMMENT.sub("", line)
        for m in _IMAGE.finditer(line):
            removals.append(Removal("caption", m.group(0), "markdown-image", n))
        line = _IMAGE.sub("", line)
        removals.extend(Removal("markup", m.group(2), "markdown-link-target", n) for m in _LINK.finditer(line) if m.group(2))
        line = _LINK.sub(r"\1", line)
        line = _BOLD.sub(lambda m: m.group(1) or m.group(2), line)
        line = _ITALIC.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _QUOTE.sub("", _HEADING.sub("", line.strip()))
        out.append(line)
    return "\n".join(out), removals, fields
