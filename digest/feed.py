"""A syndication feed saved as an input (RSS 2.0, RSS 1.0/RDF, Atom): one article per item.

A scraper that saves a channel's feed file instead of its pages hands the cleaner XML: the
channel's header, then items that each carry a title, a date, links and ids, a summary and
(often) the full text as HTML. Read as a page, the whole file is one article of tags. Here
feedparser (the library made for these formats and their many dialects) reads it; each
item's body (content:encoded / Atom content, else its description) becomes text lines with
markup.markup_to_text, and everything else the file holds (channel header, links, guids,
categories, comment counters, the summary that copies the lead) is recorded as removed.

Detection is structural: the document element of the file is <rss>, <feed> (Atom) or
<rdf:RDF> holding a channel. Nothing here reads the network: feedparser gets a stream.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from .markup import markup_to_text
from .model import Removal

# The document element, after an optional XML declaration, processing instructions
# (stylesheets), comments and a doctype.
_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?[^>]{0,400}\?>\s*|<!--.{0,2000}?-->\s*|<!DOCTYPE[^>]{0,400}>\s*)*", re.DOTALL)
_ROOT = re.compile(r"<(rss|feed|rdf:RDF)(?=[\s>])[^>]{0,2000}>", re.IGNORECASE)
_ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_ENCODING = re.compile(r"(<\?xml[^>]{0,200}?encoding\s*=\s*)([\"'])[^\"']{1,40}\2")
_HAS_TAG = re.compile(r"<[a-zA-Z/!]")


def is_feed(text: str) -> bool:
    """The input is a feed file: its document element is an RSS, Atom or RDF feed's."""
    prolog = _PROLOG.match(text)
    m = _ROOT.match(text, prolog.end() if prolog else 0)
    if not m:
        return False
    root = m.group(1).lower()
    if root == "feed":
        return _ATOM_NS in m.group(0)
    if root == "rdf:rdf":
        return "<channel" in text[: 20000] or "<item" in text[: 20000]
    return True


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its own fields and its body as text lines."""

    title: str | None
    date: str | None  # ISO day the item states (published, else dc:date/updated), in its own zone
    time: str | None  # HH:MM[:SS] of that date when stated
    author: str | None
    summary: str  # the description as text ("" when none)
    body: str  # text lines of the body (blank lines between paragraphs)
    removals: tuple[Removal, ...]


def _text(value: str, kind: str | None) -> str:
    """A feed field as plain text: HTML (escaped or CDATA) through markup_to_text."""
    if kind and "html" not in kind and not _HAS_TAG.search(value):
        return value.strip()
    text, _ = markup_to_text(value)
    return text.strip()


def _html_text(value: str) -> tuple[str, list[Removal]]:
    if not _HAS_TAG.search(value) and "&" not in value:
        return value.strip(), []
    text, removed = markup_to_text(value)
    return text.strip(), removed


def _stated_date(raw: str) -> tuple[str, str | None] | None:
    """(ISO day, time) of an RFC 822 (RSS) or W3C-DTF / RFC 3339 (Atom, dc:date) date, in
    the zone the feed states it in: feedparser's own parsed form is in UTC, which moves an
    item published after midnight in Beijing to the day before."""
    raw = raw.strip()
    if not raw:
        return None
    stamp: datetime | None = None
    try:
        stamp = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        stamp = None
    if stamp is None:
        try:
            stamp = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", raw)
            return (f"{m.group(1)}-{m.group(2)}-{m.group(3)}", None) if m else None
    has_time = bool(re.search(r"\d:\d", raw))
    return stamp.date().isoformat(), (stamp.strftime("%H:%M:%S") if has_time else None)


_DATE_FIELDS = ("published", "created", "updated")  # dc:date is read into `updated`
_DROPPED = (  # item fields that are no article text: (field, kind, why)
    ("link", "chrome", "feed-link"),
    ("id", "chrome", "feed-guid"),
    ("comments", "chrome", "feed-comments"),
    ("slash_comments", "counter", "feed-comment-count"),
    ("source", "chrome", "feed-source"),
)


def _entry(entry: dict) -> FeedItem:
    removals: list[Removal] = []
    title = _text(entry.get("title", ""), entry.get("title_detail", {}).get("type")) or None
    if title:
        removals.append(Removal("metadata", title, "feed-item-title", 0))
    date = time = None
    seen: set[str] = set()
    for key in _DATE_FIELDS:
        raw = dict.get(entry, key)  # the stored field: feedparser's own get() falls back between them
        if isinstance(raw, str) and raw.strip() and raw.strip() not in seen:  # feedparser copies pubDate to `updated`
            seen.add(raw.strip())
            removals.append(Removal("metadata", raw.strip(), f"feed-item-{key}", 0))
            parsed = _stated_date(raw) if date is None else None
            if parsed:
                date, time = parsed
    author = entry.get("author") if isinstance(entry.get("author"), str) else None
    if author:
        removals.append(Removal("metadata", author, "feed-item-author", 0))
    for key, kind, why in _DROPPED:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            removals.append(Removal(kind, value.strip(), why, 0))
    for tag in entry.get("tags") or ():
        term = (tag.get("label") or tag.get("term") or "").strip()
        if term:
            removals.append(Removal("chrome", term, "feed-category", 0))
    summary_html = entry.get("summary", "") or ""
    summary, summary_removed = _html_text(summary_html)
    contents = [c.get("value", "") for c in entry.get("content") or () if (c.get("value") or "").strip()]
    if contents:
        body, removed = _html_text(max(contents, key=len))
        removals.extend(removed)
        if summary:  # the description beside the full text: its copy of the lead, or a teaser
            removals.append(Removal("repeat", summary, "feed-item-summary", 0))
            removals.extend(summary_removed)
    else:
        body, removed = summary, summary_removed
        removals.extend(removed)
    return FeedItem(title, date, time, author, summary, body, tuple(removals))


def read_feed(text: str) -> tuple[list[Removal], list[FeedItem]] | None:
    """(removals of the channel's header, items) of a feed file's text; None when feedparser
    finds no items in it. The text is decoded already: its XML declaration's encoding is
    made to say so."""
    import feedparser  # (only a feed file pays for importing it: ~0.1 s)

    data = _XML_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}utf-8{m.group(2)}", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        return None
    header: list[Removal] = []
    channel = parsed.feed
    for key in ("title", "subtitle", "link", "language", "updated", "published", "generator", "rights", "ttl", "id"):
        value = channel.get(key)
        if isinstance(value, str) and value.strip():
            header.append(Removal("chrome", _text(value, None) if key in ("title", "subtitle", "rights") else value.strip(),
                                  f"feed-channel-{key}", 0))
    return header, [_entry(e) for e in parsed.entries]
