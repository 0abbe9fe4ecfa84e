"""HTML left in a text input (a page saved as source, a CMS export): turned into text lines
before cleaning. Tags go, block elements end a line, entities become characters; what the
page never showed a reader (script, style, elements hidden by a style or the `hidden`
attribute, where link farms and spam are parked) is removed and recorded.

Detection is by share, not by name: a scraped article may quote one tag in prose, so only
an input whose lines are mostly marked up is converted.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

from .model import Removal
from .rules import RULES_DIR, _load

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]{0,30}(?:\s[^<>]{0,400})?/?>")
MIN_TAGS = 8
MIN_TAGGED_LINES = 0.3  # share of non-blank lines that hold a tag, in a whole page's source
ALL_TAGGED_LINES = 0.8  # share of tagged lines that makes a page's source without <html>/<body>
# A page's source names its document: an article quoting an HTML sample does not.
_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|head|body)(?:\s[^<>]{0,400})?>", re.IGNORECASE)
BLOCK = frozenset(["address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
                   "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                   "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
                   "tfoot", "th", "thead", "title", "tr", "ul"])
PARAGRAPH = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "figcaption"})
INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg", "object",
                       "amp-ad", "amp-analytics", "amp-pixel", "amp-embed", "amp-sticky-ad", "amp-auto-ads"})
FURNITURE = frozenset({"nav", "footer", "aside", "amp-sidebar"})  # elements that are page furniture by name
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_CLASS_SPLIT = re.compile(r"[\s_-]+")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """(furniture class words, caption class pattern, hiding style pattern): rules/markup.yaml."""
    data = _load("markup.yaml", RULES_DIR)
    return (frozenset(str(w).lower() for w in data["chrome_class"]), re.compile(data["caption_class"], re.IGNORECASE),
            re.compile(data["hidden_style"], re.IGNORECASE))


# Entities of spacing and typography a text export may keep from its HTML (never < > &,
# which would turn inert text into markup).
_ENTITY = re.compile(r"&(nbsp|ensp|emsp|thinsp|ldquo|rdquo|lsquo|rsquo|laquo|raquo|hellip|mdash|ndash|middot|bull|quot|"
                     r"copy|reg|trade|times|deg|yen|uarr|darr|rarr|larr);", re.IGNORECASE)


def unescape_typography(text: str) -> str:
    """"&nbsp;", "&ldquo;" and the like in a text input: the characters they stand for."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0).lower()), text) if "&" in text else text


def has_tag(text: str) -> bool:
    """`text` holds an HTML tag (an element's start or end tag, any element): the one tag
    test the readers of fields share (jsondump's leaves)."""
    return bool(_TAG.search(text))


def is_markup(text: str) -> bool:
    """`text` is a page's HTML source: many lines hold tags and it has the document's
    own elements (<html>, <head>, <body>), or nearly every line is tagged. A developer
    article quoting a ten-line HTML sample is text and stays as it is."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    tagged = sum(1 for ln in lines if _TAG.search(ln))
    if tagged < MIN_TAGS:
        return False
    if tagged >= ALL_TAGGED_LINES * len(lines):
        return True
    return tagged >= MIN_TAGGED_LINES * len(lines) and bool(_DOCUMENT.search(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden: list[tuple[str, str, list[str]]] = []  # (tag, why, text) of open hidden elements
        self.depth = 0  # nesting of the outermost hidden element's tag inside it
        self.removed: list[tuple[str, str]] = []  # (why, text)
        self.in_para = False  # inside <p> and the like: a line break in the source is a space

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag == self.hidden[-1][0] and tag not in VOID:
                self.depth += 1
            return
        style = " ".join(v or "" for k, v in attrs if k == "style")
        why = ("invisible-element" if tag in INVISIBLE else
               "hidden-element" if _rules()[2].search(style) or any(k == "hidden" for k, _ in attrs) else
               _named(tag, " ".join(v or "" for k, v in attrs if k in ("class", "id"))))
        if why and tag not in VOID:
            self.hidden.append((tag, why, []))
            self.depth = 0
            return
        if tag == "br":
            self.out.append("\n")
        elif tag in BLOCK:
            self.out.append("\n\n")
            self.in_para = tag in PARAGRAPH

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.hidden and (tag == "br" or tag in BLOCK):
            self.out.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag != self.hidden[-1][0]:
                return
            if self.depth:
                self.depth -= 1
                return
            _, why, text = self.hidden.pop()
            self.removed.append((why, "".join(text)))
            return
        if tag in BLOCK:
            self.out.append("\n\n")
            self.in_para = False

    def handle_data(self, data: str) -> None:
        if self.hidden:
            self.hidden[-1][2].append(data)
            return
        if self.in_para and "\n" in data:  # the source's line breaks inside a paragraph
            data = _SOURCE_BREAK.sub(lambda m: "" if _cjk_pair(data, m) else " ", data)
        self.out.append(data)

    def handle_comment(self, data: str) -> None:
        if not self.hidden:
            self.removed.append(("html-comment", data))


def _named(tag: str, names: str) -> str:
    """"caption-element" or "class-<word>" for a block element whose class or id names it
    a caption or furniture; "" otherwise."""
    chrome_words, caption, _ = _rules()
    if tag in FURNITURE:
        return f"element-{tag}"
    if tag == "figcaption" or (tag in BLOCK and caption.search(names)):
        return "caption-element"
    if tag in BLOCK:
        for word in _CLASS_SPLIT.split(names.lower()):
            if word in chrome_words:
                return f"class-{word}"
    return ""


_SOURCE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _cjk_pair(text: str, m: re.Match[str]) -> bool:
    """A break between two CJK characters joins them without a space."""
    a, b = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
    return not a or not b or bool(_CJK.match(a) and _CJK.match(b))


_BLANKS = re.compile(r"\n[ \t\u3000\xa0]*(?:\n[ \t\u3000\xa0]*)+")


def markup_to_text(text: str) -> tuple[str, list[Removal]]:
    """Text lines of a marked-up input, and the removals of what a reader never saw."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    if parser.hidden:  # an element never closed: its text was shown after all
        for _, _, pieces in parser.hidden:
            parser.out.extend(pieces)
    body = "".join(parser.out).replace("\xa0", " ")
    lines = [ln.strip(" \t\u3000") for ln in body.split("\n")]
    out = _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")
    removals = [Removal("caption" if why.startswith("caption") else "chrome", " ".join(t.split()), f"markup-{why}", 0)
                for why, t in parser.removed if t.strip()]
    return out, removals
