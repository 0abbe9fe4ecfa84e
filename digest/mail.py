"""A saved e-mail (an .eml file, a mailbox export) read as its body: the RFC 822 header block
is the mail's envelope (metadata: its `Date:` is the send time, its `Subject:` a newsletter's
issue line, never the article's), and a `multipart/alternative` message carries the same text
twice, as text/plain and as text/html: the plain part is read, the other renderings are a
repeat. Boundary lines, part headers and the MIME preamble ("This is a multi-part message")
are markers of the format. Every line left out is recorded.

Detection is by structure, not by name: the file must open with a header block of at least
three RFC 822 fields, one of them naming the mail's sender, recipient or MIME form; an article
quoting a "From:" line in prose does not open with such a block.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from dataclasses import dataclass, field
from itertools import pairwise

from .model import Removal

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]{1,40}):[ \t]?(.*)$")
_CONT = re.compile(r"^[ \t]+\S")
# fields a mail's own header block names (a news page's "来源:" or an article's "Note:" are none)
_MAIL_FIELDS = frozenset({"return-path", "received", "dkim-signature", "date", "from", "to", "cc", "subject",
                          "message-id", "mime-version", "content-type", "content-transfer-encoding", "reply-to",
                          "list-unsubscribe", "x-mailer", "sender", "delivered-to", "in-reply-to", "references",
                          "authentication-results", "thread-topic", "x-originating-ip", "importance"})
_ANCHOR = frozenset({"from", "to", "mime-version", "content-type", "message-id", "received", "return-path"})
MIN_FIELDS = 3
# a mailbox export's separator line above the header block ("From sender@example.com Tue Apr 20 07:30:00 2027")
_MBOX_FROM = re.compile(r"^From \S+ +\S.*\d{2}:\d{2}.*\d{4}\s*$")
_BOUNDARY = re.compile(r'boundary\s*=\s*"?([^";\s]+)"?', re.IGNORECASE)
_CHARSET = re.compile(r'charset\s*=\s*"?([A-Za-z0-9_.:-]+)"?', re.IGNORECASE)


@dataclass
class _Part:
    headers: dict[str, str]
    head: tuple[int, int]  # line span of the part's header block (start, end exclusive)
    body: tuple[int, int]  # line span of its body
    children: list[_Part] = field(default_factory=list)

    @property
    def ctype(self) -> str:
        return self.headers.get("content-type", "text/plain").split(";")[0].strip().lower()


def _header_block(lines: list[str], start: int) -> tuple[dict[str, str], int, int]:
    """Fields of the header block from `start` (continuation lines folded), the number of
    fields, and the index of the blank line (or first non-field line) that ends it."""
    headers: dict[str, str] = {}
    count = 0
    i = start
    last = ""
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        if _CONT.match(line) and last:
            headers[last] += " " + line.strip()
        elif m := _FIELD.match(line):
            last = m.group(1).lower()
            headers[last] = m.group(2).strip()
            count += 1
        else:
            break
        i += 1
    return headers, count, i


def is_mail(text: str) -> bool:
    """Whether `text` opens with a mail's header block (three RFC 822 fields or more, one of
    them a sender, recipient, routing or MIME field)."""
    lines = [ln.rstrip("\r") for ln in text.lstrip("\ufeff\n").split("\n", 60)[:60]]
    headers, count, _ = _header_block(lines, 1 if lines and _MBOX_FROM.match(lines[0]) else 0)
    known = [k for k in headers if k in _MAIL_FIELDS]
    return count >= MIN_FIELDS and len(known) >= MIN_FIELDS and any(k in _ANCHOR for k in headers)


def _parse(lines: list[str], headers: dict[str, str], head: tuple[int, int], body: tuple[int, int]) -> _Part:
    part = _Part(headers, head, body)
    ctype = headers.get("content-type", "")
    m = _BOUNDARY.search(ctype)
    if not ctype.lower().lstrip().startswith("multipart/") or not m:
        return part
    delim = "--" + m.group(1)
    marks = [i for i in range(*body) if lines[i].strip() in (delim, delim + "--")]
    for a, b in pairwise(marks):
        if lines[a].strip() == delim + "--":
            break
        sub, _, end = _header_block(lines, a + 1)
        part.children.append(_parse(lines, sub, (a + 1, end), (min(end + 1, b), b)))
    return part


def _decoded(lines: list[str], part: _Part) -> list[str] | None:
    """The body lines of a quoted-printable or base64 part decoded (None: already plain)."""
    enc = part.headers.get("content-transfer-encoding", "").strip().lower()
    if enc not in ("quoted-printable", "base64"):
        return None
    raw = "\n".join(lines[part.body[0] : part.body[1]]).encode("ascii", "replace")
    m = _CHARSET.search(part.headers.get("content-type", ""))
    charset = m.group(1) if m else "utf-8"
    try:
        data = quopri.decodestring(raw) if enc == "quoted-printable" else base64.b64decode(raw)
        return data.decode(charset, "replace").replace("\r\n", "\n").split("\n")
    except (binascii.Error, LookupError, ValueError):
        return None


_TAG = re.compile(r"<[^>]*>|&[#\w]+;|\s+")
# a plain rendering shorter than this share of the richest one's text is a stub ("view in browser")
PLAIN_SHARE = 0.5


def _text_size(lines: list[str], part: _Part) -> int:
    """Characters of text a part shows its reader (markup and entities stripped; a multipart
    part: the text of the leaves it would be read as)."""
    if part.children:
        return sum(_text_size(lines, leaf) for leaf in _leaves(lines, part))
    if not part.ctype.startswith("text/"):
        return 0
    decoded = _decoded(lines, part)
    body = "\n".join(decoded if decoded is not None else lines[part.body[0] : part.body[1]])
    return len(_TAG.sub("", body))


def _leaves(lines: list[str], part: _Part) -> list[_Part]:
    if not part.children:
        return [part]
    if part.ctype == "multipart/alternative":  # the same message rendered several ways: one is read
        sizes = [_text_size(lines, c) for c in part.children]
        plain = [k for k, c in enumerate(part.children) if c.ctype == "text/plain" or c.children]
        # the plain rendering, unless it holds far less text than another (a stub pointing to the
        # HTML copy): then the rendering that holds the text, so no article is lost
        if plain and sizes[plain[0]] >= PLAIN_SHARE * max(sizes):
            return _leaves(lines, part.children[plain[0]])
        best = max(range(len(sizes)), key=lambda k: (sizes[k], k))
        return _leaves(lines, part.children[best])
    return [leaf for c in part.children for leaf in _leaves(lines, c)]


def mail_to_text(text: str) -> tuple[str, list[Removal]]:
    """The body a reader of the mail sees (the plain rendering of each alternative, the parts
    of a mixed message in order), every other line blanked in place (line numbers stay) and
    recorded: the header blocks as metadata, boundaries and the MIME preamble as markers, the
    other renderings of an alternative as a repeat, attachments that are no text as chrome."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip("\ufeff\r \t"):
        start += 1
    mbox = start < len(lines) and bool(_MBOX_FROM.match(lines[start].rstrip("\r")))  # the envelope's too
    headers, _, end = _header_block(lines, start + mbox)
    root = _parse(lines, headers, (start, end), (min(end + 1, len(lines)), len(lines)))
    keep = _leaves(lines, root)
    keep_ids = {id(p) for p in keep}
    out = [""] * len(lines)
    removals: list[Removal] = []

    def record(kind: str, a: int, b: int, rule: str) -> None:
        piece = "\n".join(ln for ln in lines[a:b] if ln.strip()).strip()
        if piece:
            removals.append(Removal(kind, piece, rule, a + 1))

    def walk(part: _Part, top: bool) -> None:
        record("metadata", *part.head, "mail-header" if top else "mime-part-header")
        if part.children:
            a, b = part.body
            spans = [(c.head[0] - 1, c.body[1]) for c in part.children]
            cursor = a
            for s, e in spans:
                record("chrome", cursor, s + 1, "mime-boundary")  # preamble + the boundary line
                cursor = e
            record("chrome", cursor, b, "mime-boundary")
            for c in part.children:
                walk(c, False)
            return
        if id(part) in keep_ids and part.ctype.startswith("text/"):
            decoded = _decoded(lines, part)
            a, b = part.body
            if decoded is None:
                out[a:b] = lines[a:b]
            else:
                out[a] = "\n".join(decoded)
            return
        kind = "repeat" if part.ctype.startswith("text/") else "chrome"
        record(kind, *part.body, "mime-alternative" if kind == "repeat" else "mime-attachment")

    walk(root, True)
    return "\n".join(out), removals  # an HTML-only mail's part goes on to the markup reader
