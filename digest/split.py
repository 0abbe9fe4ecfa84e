"""Split: turn a normalized input into paragraphs and find the articles inside it.

Blog dumps hold several articles, each a title line followed by a marker line (a reader
counter, a date line...). Markers are found by signal, not by string: short lines with
digits whose *shape* (digits replaced by #) repeats in the file, each right after a
title-like line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from .text import SENTENCE_STOP

TERMINAL = "。!?！？…;；"
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"\d[\d,.]*")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
# A PDF mirror's page counter repeats like an article marker but never starts an article.
_PAGE_COUNTER = re.compile(r"^第?\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页$|^-?\s*\d+\s*[/／]\s*\d+\s*-?$"
                           # a page or column break drawn as a framed number ("──── [栏 3] ────", "=== 第2页 ===")
                           r"|^[=\-—–―_*~～·•─━═]{3,}\s*[\[【(（]?\s*(?:第\s*\d{1,3}\s*[栏页版列]|[栏页版列]\s*\d{1,3}"
                           r"|(?:page|column|col\.?)\s*\d{1,3})\s*[\]】)）]?\s*[=\-—–―_*~～·•─━═]{3,}$", re.IGNORECASE)

# A running footer that ends in its page's count ("请阅读末页的声明  第 2 页 / 共 9 页"): a page break.
_PAGE_FOOTER = re.compile(r"第\s*\d{1,4}\s*页\s*[/／，,]?\s*共\s*\d{1,4}\s*页\s*$")

# A chat export's sender line: a nickname (maybe "名字｜单位", "名字-公司") and the message's time
# ("老王｜渠道  09:12", "Amy-北京 2026-06-08 21:03:11"), nothing else.
CHAT_SENDER = re.compile(r"^(?P<name>[^\s。，！？,!?:：]{1,20}(?:\s?[|｜\-]\s?[^\s。，！？,!?:：]{1,12})?)\s+"
                         r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+)?\d{1,2}:\d{2}(?::\d{2})?$")
CHAT_SENDERS_MIN = 3  # sender lines of a chat log, one name among them at least twice


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the decoded input
    text: str


@dataclass(frozen=True)
class Segment:
    lines: list[Line]
    title_no: int | None  # line number of the title found by the splitter
    marker_no: int | None  # line number of the marker after the title


def shape(text: str) -> str:
    """A line with its numbers replaced by # ("阅读 1,284" and "阅读 906" share a shape)."""
    return _NUMBER.sub("#", text.strip())


def is_title_like(text: str, max_len: int = 80) -> bool:
    text = text.strip()
    if not (4 <= len(text) <= max_len) or not _HAS_CJK.search(text):
        return False
    return text[-1] not in "。,，;；:：、"


def paragraphs(text: str) -> list[Line]:
    """Non-blank lines with their numbers; hard-wrapped paragraphs are joined back.

    Two signals of hard wrapping: the file separates paragraphs with blank lines, so
    several lines inside one block are one paragraph; or lines pile up at one width.
    """
    raw = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    nonblank = [ln.text for ln in raw if ln.text]
    wrap = _wrap_width(nonblank)
    narrow = wrap is not None and wrap[0] is len and wrap[1] < NARROW_WRAP_WIDTH
    blocks = _uses_blank_separators(raw)
    lengths = sorted(len(t) for t in nonblank)
    # A wrapped line runs (nearly) to the wrap column; short lines are headings or chrome.
    long_line = max(12, 0.6 * lengths[(3 * len(lengths)) // 4]) if lengths else 12
    stacked = _stacked_lines(raw) if blocks else set()
    # Blocks that are one wrapped paragraph; in a page without blank lines between its
    # paragraphs, a block needs three lines to count.
    wrapped = _wrapped_blocks(raw, stacked if blocks else _stacked_lines(raw), 2 if blocks else 3)
    out: list[Line] = []
    joinable = at_wrap = False
    for ln in raw:
        if not ln.text:
            joinable = at_wrap = False
            continue
        # A line cannot start with a comma or a closing mark: after a line that ran to
        # the wrap column (even one ending in a closing quote) it continues the sentence.
        rule = bool(_RULE_LINE.match(ln.text) or _FRAMED_LABEL.match(ln.text))  # a slide's or page's frame
        # a narrow wrap's continuation fits the column: a wider line after it is a line of its own
        # (a comma or full stop hanging past the column, kinsoku, does not make it wider)
        wider = narrow and wrap[0](ln.text.rstrip(HANGING_MARKS)) > wrap[1]  # type: ignore[index]
        if out and not rule and not wider and not _RULE_LINE.match(out[-1].text) and not _FRAMED_LABEL.match(out[-1].text) and (
                (joinable and not LIST_START.match(ln.text) and ln.no not in stacked)
                or (at_wrap and ln.text[0] in CONTINUATION_START)):
            prev = out[-1]
            # a narrow screen's wrap breaks at a count of characters, inside Latin words too
            glue = "" if narrow and at_wrap else _joiner(prev.text, ln.text)
            out[-1] = Line(prev.no, prev.text + glue + ln.text)
        else:
            out.append(ln)
        open_end = ln.text[-1] not in TERMINAL_OR_CLOSE
        at_wrap = wrap is not None and 0 <= wrap[1] - wrap[0](ln.text.rstrip(HANGING_MARKS) if narrow else ln.text) <= _slack(wrap[0])
        at_wrap = at_wrap and not (narrow and not _HAS_CJK.search(ln.text))  # (a chart's row of figures is no prose)
        # At the wrap column only a sentence end ends the paragraph: a colon or a closing
        # quote there is where the converter happened to break the line.
        joinable = ((open_end and ((blocks and len(ln.text) >= long_line and ln.no not in stacked) or ln.no in wrapped))
                    or (at_wrap and ln.text[-1] not in TERMINAL))
        # ... but a line closed by a date or time set apart ("某某公司：关于…的公告  2025-08-12") is a
        # listed item with its stamp, whatever its length: wrapped prose does not break there
        joinable = joinable and not _STAMP_END.search(ln.text) and not rule
    return out


# A line drawn of rule characters only ("==========", "------", "＊＊＊"): it frames slides,
# pages or items; wrapped prose never breaks onto one, nor does it run on from one.
_RULE_LINE = re.compile(r"^[=\-—–―_*＊~～#·•─━│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬╭╮╯╰\s]{5,}$")


# A label framed by rules ("───── [栏 3] ─────", "===== 第2页 =====", "------ 分页 ------"): the
# block or page break a converter or OCR tool draws; no prose line has rules at both ends.
_RULE_CHARS = r"=\-—–―_*＊~～·•─━═"
_FRAMED_LABEL = re.compile(rf"^[{_RULE_CHARS}]{{3,}}\s*[^\s{_RULE_CHARS}][^{_RULE_CHARS}]{{0,20}}?\s*[{_RULE_CHARS}]{{3,}}$")


_STAMP_END = re.compile(r"\s(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2})$")


CONTINUATION_START = "，。、；：！？,;:!?）)」』”’》"


TERMINAL_OR_CLOSE = TERMINAL + "”’」』:：)）"
LIST_START = re.compile(r"^(\s*[•·\-*+]|\s*\d{1,2}[.)、]|\s*[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")


# Page furniture set line by line: a menu ("首页 | 资讯 | 工具"), fields spaced apart
# ("设为首页  加入收藏"), a breadcrumb ("首页 > 科技"), a URL. Wrapped prose holds none.
_UNIT_LINE = re.compile(r"[|｜].*[|｜]|\S\s{2,}\S.*\S\s{2,}\S|\S\s*[>›»]\s*\S.*[>›»]|https?://|www\.")
WRAP_SPREAD = 1.25  # longest / shortest wrapped line of one paragraph (all but its last)


def _stacked_lines(raw: list[Line]) -> set[int]:
    """Line numbers of blocks that are lines stacked without blank lines between them,
    not one wrapped paragraph: a block with a menu, field or URL line, or whose lines
    (all but the last) differ in length, as wrapped lines of one paragraph do not."""
    out: set[int] = set()
    for block in _blank_separated(raw):
        if len(block) >= 2:
            inner = [len(b.text) for b in block[:-1]]
            if any(_UNIT_LINE.search(b.text) for b in block) or max(inner) > WRAP_SPREAD * min(inner):
                out.update(b.no for b in block)
    return out


def _blank_separated(raw: list[Line]) -> list[list[Line]]:
    """The runs of non-blank lines between blank lines (empty runs included)."""
    blocks: list[list[Line]] = []
    block: list[Line] = []
    for ln in [*raw, Line(0, "")]:
        if ln.text:
            block.append(ln)
            continue
        blocks.append(block)
        block = []
    return blocks


WRAPPED_LINE_MIN = 20
_CLAUSE_MARK = re.compile(r"[，。；]")  # wrapped prose has clauses; stacked furniture seldom
WRAP_EXACT = 2  # a converter's wrapped lines end within this many characters of each other


def _wrapped_blocks(raw: list[Line], stacked: set[int], min_lines: int) -> set[int]:
    """Line numbers of blocks (between blank lines) that are one hard-wrapped paragraph:
    `min_lines` (and at least three) lines, not stacked furniture, with a clause mark,
    every line but the last at least WRAPPED_LINE_MIN long and of one length give or take
    WRAP_EXACT. In a page whose other paragraphs are long, wrapped ones are shorter than
    the usual line and need this to be joined."""
    out: set[int] = set()
    for block in _blank_separated(raw):
        inner = [len(b.text) for b in block[:-1]]
        if (len(block) >= min_lines and not any(b.no in stacked for b in block) and len(inner) >= 2
                and min(inner) >= WRAPPED_LINE_MIN and max(inner) - min(inner) <= WRAP_EXACT
                and any(_CLAUSE_MARK.search(b.text) for b in block)):
            out.update(b.no for b in block[:-1])
    return out


def _uses_blank_separators(raw: list[Line]) -> bool:
    """True when most paragraphs are followed by a blank line (then a block is one paragraph)."""
    nonblank = sum(1 for ln in raw if ln.text)
    gaps = sum(1 for a, b in pairwise(raw) if a.text and not b.text)
    multi = sum(1 for a, b in pairwise(raw) if a.text and b.text)
    # Files with a blank line after most lines, but some multi-line blocks, are wrapped.
    return nonblank >= 8 and gaps >= 0.4 * nonblank and multi >= 3


def _joiner(left: str, right: str) -> str:
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""


class _Widths(dict):
    """Each character's terminal columns, looked up in unicodedata once per character."""

    def __missing__(self, c: str) -> int:
        width = self[c] = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two. (Summed over a per-character
    table: a generator calling unicodedata per character was ~12 % of normalize's CPU.)"""
    return sum(map(_WIDTHS.__getitem__, text))


def _wrap_width(lines: list[str]) -> tuple[Callable[[str], int], int] | None:
    """(measure, column) a hard-wrapped file breaks at, or None when lines are paragraphs.
    Converters wrap at a number of characters or of display columns (a CJK character
    is two); both are tried."""
    widths: dict[str, int] = {}

    def display(text: str) -> int:
        """display_width, each text measured once: the tries below and the caller measure
        a page's lines up to four times (5.5M characters for 1.4M of lines at 1k inputs)."""
        width = widths.get(text)
        if width is None:
            width = widths[text] = display_width(text)
        return width

    for measure in (len, display):
        width = _pile_width([t for t in lines if len(t) >= 20], measure)
        if width is not None:
            return measure, width
    # A phone screen's text (OCR of a long screenshot, a reader app's copy) wraps narrower than
    # twenty characters: then the lines of at least NARROW_WRAP_MIN pile up below twenty and
    # most of them break mid-sentence
    # (furniture set line by line, a menu, spaced fields, a framed label, is no candidate)
    candidates = [t for t in lines if len(t) >= NARROW_WRAP_MIN and not _UNIT_LINE.search(t) and not _FRAMED_LABEL.match(t)]
    for measure in (len, display):
        width = _pile_width(candidates, measure, narrow=True)
        if width is None:
            width = _narrow_runs(lines, candidates, measure)
        if width is not None and width < measure(" " * NARROW_WRAP_WIDTH):  # (in the measure's units)
            return measure, width
    return None


NARROW_RUN_MIN = 3  # lines of one paragraph wrapped at a narrow column, one under the other
NARROW_RUNS_MIN = 2  # such paragraphs a page's narrow wrap is read from
NARROW_RUN_LINES = 12  # their wrapped lines in all
_WRAP_CLAUSE = re.compile(r"[，。；、：]")


def _narrow_runs(lines: list[str], candidates: list[str], measure: Callable[[str], int]) -> int | None:
    """The narrow column of a page whose wrapped paragraphs are a minority of its lines (a
    carousel's or poster's OCR text among single-line slides, comments and menus, wider than
    the column): NARROW_RUNS_MIN paragraphs or more of NARROW_RUN_MIN lines or more at one
    width, one under the other, holding NARROW_RUN_LINES lines in all, most of them breaking
    mid-sentence and holding a clause mark, as a wrapped paragraph's lines do and a list of
    short headlines or menu entries does not."""
    if len(candidates) < 8:
        return None
    width = Counter(measure(t) for t in candidates).most_common(1)[0][0]
    if width >= measure(" " * NARROW_WRAP_WIDTH):
        return None
    slack = _slack(measure)
    runs: list[list[str]] = []
    run: list[str] = []
    for t in [*lines, ""]:
        if t and width - slack <= measure(t.rstrip(HANGING_MARKS)) <= width:
            run.append(t)
            continue
        if len(run) >= NARROW_RUN_MIN:
            runs.append(run)
        run = []
    wrapped = [r for r in runs
               if sum(1 for t in r if t[-1] not in TERMINAL_OR_CLOSE) >= 0.6 * len(r)
               and sum(1 for t in r if _WRAP_CLAUSE.search(t)) >= 0.6 * len(r)]
    if len(wrapped) >= NARROW_RUNS_MIN and sum(len(r) for r in wrapped) >= NARROW_RUN_LINES:
        return width
    return None


NARROW_WRAP_MIN = 12  # characters of the lines a narrow wrap is looked for in
HANGING_MARKS = "，。、；：！？”"  # marks a narrow wrap hangs past its column rather than open a line with
NARROW_WRAP_WIDTH = 20  # a wrap column below this is a phone screen's
NARROW_WIDER_MAX = 0.4  # share of wider lines a big pile of clause-bearing narrow lines bears


def _slack(measure: Callable[[str], int]) -> int:
    """How far short of the wrap column a wrapped line may end (a wide character or a
    word that did not fit the last columns)."""
    return 2 if measure is len else 3


def _pile_width(lines: list[str], measure: Callable[[str], int], narrow: bool = False) -> int | None:
    if len(lines) < 8:
        return None
    lengths = [measure(t) for t in lines]
    width = Counter(lengths).most_common(1)[0][0]
    near = [t for t, n in zip(lines, lengths, strict=True) if width - _slack(measure) <= n <= width]
    if width > 120:
        return None
    # Real paragraphs vary wildly in length; wrapped text piles up at one width and
    # nothing but page chrome (menus, long URLs, notices) is wider. Chrome can make up
    # half of a short page, so a smaller pile counts when its lines break mid-sentence,
    # as wrapped lines do and paragraphs do not.
    share = len(near) / len(lengths)
    wider = sum(1 for n in lengths if n > width) / len(lengths)
    open_ends = sum(1 for t in near if t[-1] not in TERMINAL_OR_CLOSE)
    if narrow:  # short lines pile up in lists and menus too: wrapped ones break mid-sentence
        # ... and hold clauses: a big pile of such lines is a column of text even when the page
        # around it (a scanned sheet's headlines, ads, the tool's own furniture) is wider
        clauses = sum(1 for t in near if _CLAUSE_MARK.search(t[:-1]))
        wide_ok = wider <= 0.25 or (wider <= NARROW_WIDER_MAX and len(near) >= 16 and clauses >= 0.5 * len(near))
        return width if len(near) >= 8 and share >= 0.5 and wide_ok and open_ends >= 0.75 * len(near) else None
    if share >= 0.5 and wider <= 0.05:
        return width
    if len(near) >= 6 and share >= 0.3 and wider <= 0.25 and open_ends >= 0.75 * len(near):
        return width
    # ... or a smaller pile of lines of exactly one length nearly all breaking mid-sentence (a
    # report's wrapped text among its tables and notes, which are wider): only a converter cuts
    # so many lines at one count
    exact = [t for t, n in zip(lines, lengths, strict=True) if n == width]
    if (len(exact) >= EXACT_PILE_MIN and share >= EXACT_PILE_SHARE and wider <= EXACT_PILE_WIDER
            and sum(1 for t in exact if t[-1] not in TERMINAL_OR_CLOSE) >= EXACT_PILE_OPEN * len(exact)):
        return width
    return None


EXACT_PILE_MIN = 10  # lines of exactly the wrap width
EXACT_PILE_SHARE = 0.2  # ... of the lines of 20 characters or more
EXACT_PILE_WIDER = 0.3  # share of those wider than it (tables, notes) at most
EXACT_PILE_OPEN = 0.85  # share of them breaking mid-sentence at least


_FIELD_VALUE = re.compile(r"(?<=[:：])\s*[^\s|｜·•/:：\d]{1,12}")


def marker_shape(text: str) -> str:
    """A marker line's form: numbers as #, and the values of its labelled fields as @
    ("发表于 2025-11-02 | 分类：硬件 | 阅读(512)" and "… | 分类：政策 | 阅读(289)" agree)."""
    return _FIELD_VALUE.sub("@", shape(text))


def _marker_candidate(text: str, max_len: int) -> bool:
    # A marker of several fields ("发表于 … | 分类：… | 阅读(…)") may be longer.
    fields = len(re.findall(r"[|｜]|\s{2,}", text))
    return bool(_DIGITS.search(text)) and len(text) <= (max_len * 2 if fields >= 2 else max_len)


# a clause's punctuation, which a headline does not hold (_CLAUSE_MARK above is a wrapped line's)
_HEADLINE_BREAK = re.compile(r"[，。！？；]")
CHAT_MESSAGE_MAX = 100  # characters of one chat message; an article's paragraph runs longer


def chat_senders(lines: list[Line]) -> dict[int, str]:
    """The sender lines of a chat log (index → the sender's name): CHAT_SENDERS_MIN lines or
    more of a name and a time alone, one name among them twice; else none."""
    found = {i: m.group("name") for i, ln in enumerate(lines) if (m := CHAT_SENDER.match(ln.text))}
    if len(found) < CHAT_SENDERS_MIN or max(Counter(found.values()).values(), default=0) < 2:
        return {}
    return found


def _chat_log(lines: list[Line]) -> bool:
    """A chat log's shape (`chat_senders`), and most of the messages below its sender lines
    (each up to the next sender line) chat-short or no headline above most of them: a
    flash-news dump's "新华社 08:15" lines stand below headlines and head items of several
    paragraphs each."""
    senders = list(chat_senders(lines))
    if not senders:
        return False
    # a sender line's message runs to the next sender line; a dump's item runs on for paragraphs
    ends = [*senders[1:], len(lines)]
    short = sum(1 for i, j in zip(senders, ends, strict=True)
                if sum(len(ln.text) for ln in lines[i + 1 : j]) <= CHAT_MESSAGE_MAX)
    # ... or the lines above most sender lines are no headlines (a clause's punctuation, or prose):
    # a recording's reader whose turns run long (reading an article out) is still a log
    headed = sum(1 for i in senders if i and is_title_like(lines[i - 1].text) and not _HEADLINE_BREAK.search(lines[i - 1].text))
    return 2 * short > len(senders) or 2 * headed <= len(senders)


def find_markers(lines: list[Line], max_len: int = 30, min_body: int = 300) -> list[int]:
    """Indexes (into `lines`) of article-marker lines."""
    shape_of = {i: marker_shape(ln.text) for i, ln in enumerate(lines) if _marker_candidate(ln.text, max_len)}
    shapes = Counter(shape_of.values())
    groups: dict[str, list[int]] = {}
    for i, key in shape_of.items():
        ln = lines[i]
        if (i == 0 or shapes[key] < 2 or ln.text == lines[i - 1].text or _PAGE_COUNTER.match(ln.text)
                or _PAGE_FOOTER.search(ln.text)):
            continue
        if is_title_like(lines[i - 1].text) and not _DIGITS.fullmatch(ln.text.strip()):
            groups.setdefault(key, []).append(i)
    # A running header repeated above every page counter of a PDF mirror is not a run of
    # articles: the titles before real markers differ from each other.
    groups = {
        k: v for k, v in groups.items()
        if len({lines[i - 1].text for i in v}) >= 0.8 * len(v)  # distinct titles
        and len({lines[i].text for i in v}) > 1  # one identical line every time is a running header
        and not any(_PAGE_COUNTER.match(lines[i - 1].text) for i in v)
    }
    # A chat log's sender lines are its turns, not articles: one speaker's turns that read an
    # article out stay one text (clean._chat_messages reads the log)
    if _chat_log(lines):
        groups = {k: v for k, v in groups.items() if not all(CHAT_SENDER.match(lines[i].text) for i in v)}
    # A dump uses one marker format: take the shape with the most title-marker pairs.
    markers = max(groups.values(), key=len) if groups else []
    # A real article follows each marker: drop markers whose article would be tiny
    # (contact blocks repeat "电话: ..." lines too, but hold no prose between them).
    kept = []
    for k, m in enumerate(markers):
        end = markers[k + 1] - 1 if k + 1 < len(markers) else len(lines)
        body = sum(len(ln.text) for ln in lines[m + 1 : end])
        if body >= min_body and end - m >= 3:
            kept.append(m)
    return kept if len(kept) >= 2 else []


_SEPARATOR = re.compile(r"^[\s\-—–=*~_#◆◇■□●○★☆·•.。、+|]{3,}$")
# "———— 本文结束 · 感谢阅读 ————": a few words framed by rules, repeated after each article.
_FRAMED = re.compile(r"^[\-—–=*~_#◆◇■□●○★☆·•]{2,}+\s*+[^\-—–=*~_#◆◇■□●○★☆·•\s].{0,16}?\s*[\-—–=*~_#◆◇■□●○★☆·•]{2,}+$")
FRAMED_MAX = 40  # characters of such a line


HEADER_PROSE_MAX = 100  # characters of prose (a sentence or two of boilerplate) a header above the first rule holds at most


def find_separators(lines: list[Line], min_body: int = 300) -> list[int]:
    """Indexes of separator lines ("——————", "* * *", "◆◆◆") between articles of a
    newsletter; each part between them must hold an article's worth of text."""
    framed = Counter(ln.text for ln in lines if len(ln.text) <= FRAMED_MAX and _FRAMED.match(ln.text))
    seps = [i for i, ln in enumerate(lines) if _SEPARATOR.match(ln.text) or _symbol_rule(ln.text) or framed[ln.text] >= 2]
    if len(seps) < 2:
        return []
    bounds = [-1, *seps, len(lines)]
    sizes = [sum(len(ln.text) for ln in lines[a + 1 : b]) for a, b in pairwise(bounds)]
    big = sum(1 for n in sizes if n >= min_body)
    # most parts hold an article; a few small ones (a header, an ad between two rules, a
    # footer) stay with the article before them
    return seps if big >= 2 and 2 * big >= len(sizes) - 2 else []


SYMBOL_RULE_MIN = 3
_WORD_CHAR = re.compile(r"\w")
SYMBOL_RULE_KINDS = 3


_SENTENCE_MARKS = frozenset("？?！!。.…，,、；;")


def _symbol_rule(text: str) -> bool:
    """A rule drawn with any symbol ("～～～～", "＊＊＊", "-=-=-=", "▪▪▪"): three or more
    characters, all punctuation or symbols, of at most three kinds."""
    if len(text) < SYMBOL_RULE_MIN or _WORD_CHAR.search(text):  # letters, digits, CJK: no rule
        return False
    chars = [c for c in text if not c.isspace()]
    if set(chars) <= _SENTENCE_MARKS:  # "？？？", "！！！", "……": a reaction, no rule
        return False
    return (len(chars) >= SYMBOL_RULE_MIN and len(set(chars)) <= SYMBOL_RULE_KINDS
            and all(unicodedata.category(c)[0] in "PS" for c in chars))


# An item number as newsletters print it: "【01】", "[1]", "01 |", "▌01", "■ 2".
_ITEM = re.compile(r"^(?:【\s*(\d{1,2})\s*】|\[(\d{1,2})\]|(\d{2})\s*[|｜]|[▌▍▎▐█■◆◇●★▶►]\s*(\d{1,2})(?![\d.:：%]))\s*\S")


def find_numbered_items(lines: list[Line], min_body: int = 300) -> list[int]:
    """Newsletter items headed "【01】标题", "【02】标题" …: numbered 1, 2, 3 in order, each
    followed by an article's worth of text (a table of contents is not)."""
    found = []
    for i, ln in enumerate(lines):
        m = _ITEM.match(ln.text)
        if m and is_title_like(ln.text):
            found.append((i, int(next(g for g in m.groups() if g))))
    # Keep the last run 1, 2, 3 …: the table of contents at the top repeats the numbers.
    best: list[int] = []
    for starts in _counting_runs(found):
        bounds = [*starts, len(lines)]
        if len(starts) >= 2 and all(sum(len(x.text) for x in lines[a + 1 : b]) >= min_body for a, b in pairwise(bounds[:-1])):
            best = starts
    return best


def _counting_runs(found: list[tuple[int, int]]) -> Iterator[list[int]]:
    """For (line index, item number) pairs in order: the line indexes of the run counting
    1, 2, 3 … so far, each time the run starts or grows (a 1 starts a new run; a number
    that does not continue the run is skipped)."""
    run: list[tuple[int, int]] = []
    for i, n in found:
        if n == 1:
            run = [(i, n)]
        elif run and n == run[-1][1] + 1:
            run.append((i, n))
        else:
            continue
        yield [j for j, _ in run]


# --- structure-only fallbacks: a dump whose separators no rule above knows ------------------

MIN_ITEM_BODY = 300  # characters of text an item of a dump holds at least
PREAMBLE_PROSE_MAX = 300  # a dump opens with its first item, not with an article's worth of prose
END_LINE_MAX = 20
_CONTINUED = re.compile(r"未完|待续|续上|接上|to be continued|continued", re.IGNORECASE)
# A full date on a short line ("2025-03-01 10:20", "[2025/3/1]", "2025年3月1日"): an item's stamp.
FULL_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*日)?")
STAMP_LINE_MAX = 40
# Numbering of a dump's items in other forms than `_ITEM`: numbers that count articles or
# posts ("第2篇：标题", "No.3 标题", "#4" on its own line), and plain ones ("2. 标题", "2、标题",
# "② 标题"). Plain numbers number an article's own sections as often (seed 002's "01.…"
# headings): they split only items that each carry their own attribution or date line.
_LOOSE_ITEM = re.compile(r"^(?:(?:[●○◆◇■□▶►•]\s*)?第\s*(\d{1,2})\s*[篇则]\s*[:：|｜]?\s*"
                         r"|[Nn][Oo]\.?\s*(\d{1,2})(?:\s+|$)|#\s*(\d{1,2})(?:\s+|$)"
                         r"|(\d{1,2})[.、．](?:\s+|(?=[^\d\s.%]))|([\u2460-\u2473])\s*)")
_PLAIN_ITEM = re.compile(r"^(?:\d{1,2}[.、．]|[\u2460-\u2473])")
# An item's own attribution ("（来源：某某网）", "记者：某某", "Source: …"): labels, not wording.
_ATTRIBUTION = re.compile(r"^[（(【\[]?\s*(?:来源|来自|稿源|出处|作者|记者|编辑|撰文|文|source|via)\s*[:：|｜]", re.IGNORECASE)


def _prose_chars(lines: list[Line]) -> int:
    return sum(len(ln.text) for ln in lines if len(ln.text) >= 30 and SENTENCE_STOP.search(ln.text))


def _big_parts(lines: list[Line], starts: list[int], min_body: int = MIN_ITEM_BODY) -> bool:
    bounds = [*starts, len(lines)]
    return len(starts) >= 2 and all(_prose_chars(lines[a + 1 : b]) >= min_body for a, b in pairwise(bounds))


def _headline(text: str) -> bool:
    """A headline: title-like, short, no full stop (a question or exclamation mark may end it)."""
    return is_title_like(text) and len(text) <= 60 and "。" not in text


def find_end_lines(lines: list[Line], min_body: int = MIN_ITEM_BODY) -> list[int]:
    """Indexes of a closing line a dump repeats after each article ("（完）", "END", "- 完 -"):
    one short line seen at least twice, each time right after a sentence end, and followed
    (but for the last) by a headline found nowhere else in the file. A PDF's running footer
    repeats too, but is followed by a page counter or a running header, which repeat."""
    shapes = Counter(shape(ln.text) for ln in lines)
    texts = Counter(ln.text for ln in lines if len(ln.text) <= END_LINE_MAX and not SENTENCE_STOP.search(ln.text))
    best: list[int] = []
    for text, n in texts.items():
        if n < 2 or text[-1] in ":：":  # "Case Study:" introduces what follows, it ends nothing
            continue
        if _CONTINUED.search(text):  # "（未完待续）" says the article goes on: no end
            continue
        at = [i for i, ln in enumerate(lines) if ln.text == text]
        if 2 * sum(1 for i in at if i > 0 and lines[i - 1].text[-1] in TERMINAL_OR_CLOSE) < len(at):
            continue
        if not all(i + 1 < len(lines) and _headline(lines[i + 1].text) and shapes[shape(lines[i + 1].text)] == 1
                   for i in at[:-1]):
            continue
        bounds = [-1, *at]
        if all(_prose_chars(lines[a + 1 : b]) >= min_body for a, b in pairwise(bounds)) and len(at) > len(best):
            best = at
    return best


def find_stamp_items(lines: list[Line], min_body: int = MIN_ITEM_BODY) -> list[int]:
    """Indexes of the stamp lines that open each item of a dump without titles or with its
    stamp above the title (a channel's posts: "某频道, [2025-03-01 10:20]", then the post):
    short lines with a full date whose shape repeats, each followed by an item's worth of
    text, with no article's worth of prose above the first (a comment thread's stamps sit
    below its article)."""
    groups: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if len(ln.text) <= STAMP_LINE_MAX and FULL_DATE.search(ln.text) and not SENTENCE_STOP.search(ln.text):
            groups.setdefault(marker_shape(ln.text), []).append(i)
    for starts in sorted(groups.values(), key=len, reverse=True):
        if _big_parts(lines, starts, min_body) and _prose_chars(lines[: starts[0]]) < PREAMBLE_PROSE_MAX:
            return starts
    return []


def _item_number(text: str) -> int | None:
    m = _LOOSE_ITEM.match(text)
    if not m:
        return None
    if m.group(5):
        return ord(m.group(5)) - 0x2460 + 1
    return int(next(g for g in m.groups()[:4] if g))


# what a player or a list prints after an item's number instead of a headline: its state in
# brackets ("● 第 2 则（已播完 00:52）", "第3篇 (未读)")
_ITEM_STATE = re.compile(r"\s*[（(][^（）()]{1,30}[）)]\s*")


# ... a state is a player's or reader's (已播完, 未读, 待朗读, 朗读完毕), a play time or a date; a
# note in brackets ("第1篇（必读）" in a reading list) is none (a constant, not a rule file's
# lexicon: the split is part of the prepare stage, which reads no rule file)
_STATE_WORD = re.compile(r"[已未待]|完毕|[播听读]完|\d{1,2}:\d{2}|(?<!\d)\d{1,3}\s?分|(?<!\d)\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}")


def _item_form(text: str) -> str | None:
    """What follows an item's number in `text`: None (no item's number), "bare" (nothing, or
    only its state in brackets), "noted" (only a note in brackets, no state: a list's entry
    inside one page, "● 第1篇（必读）", neither a headline nor a bare number) or "headed"."""
    m = _LOOSE_ITEM.match(text)
    if m is None:
        return None
    if m.end() >= len(text.rstrip()):
        return "bare"
    state = _ITEM_STATE.fullmatch(text, m.end())
    if state is None:
        return "headed"
    return "bare" if _STATE_WORD.search(state.group(0)) else "noted"


def _bare_item(text: str) -> bool:
    """`text` is an item's number alone, or with only its state in brackets after it."""
    return _item_form(text) == "bare"


def find_loose_items(lines: list[Line], min_body: int = MIN_ITEM_BODY) -> list[int]:
    """Items numbered 1, 2, 3 … in a looser form (`_LOOSE_ITEM`), each a headline (or a bare
    number with the headline below it) followed by an item's worth of text, and no article's
    worth of prose above the first: an article's own numbered sections follow its lead."""
    found = []
    for i, ln in enumerate(lines):
        n = _item_number(ln.text)
        form = _item_form(ln.text) if n is not None else None
        if n is None or form == "noted":
            continue
        bare = form == "bare"
        if (bare and i + 1 < len(lines) and (_headline(lines[i + 1].text) or _ATTRIBUTION.match(lines[i + 1].text))) or (
                not bare and _headline(ln.text)):
            found.append((i, n))  # (a bare number over its source line: an item with no headline)
    best: list[int] = []
    for starts in _counting_runs(found):
        if _prose_chars(lines[: starts[0]]) >= PREAMBLE_PROSE_MAX:
            continue
        # items that each carry their own attribution are articles however short (a brief's
        # news items); plain numbers without it are an article's sections
        attributed = _attributed(lines, starts)
        if (attributed and _big_parts(lines, starts, ATTRIBUTED_ITEM_BODY)) or (
                not any(_PLAIN_ITEM.match(lines[j].text) for j in starts) and _big_parts(lines, starts, min_body)):
            best = starts
    return best


ATTRIBUTED_ITEM_BODY = 100


def _attributed(lines: list[Line], starts: list[int]) -> bool:
    """Every item holds its own attribution or date line: items are articles, not sections."""
    bounds = [*starts, len(lines)]
    return all(any(len(ln.text) <= STAMP_LINE_MAX and (_ATTRIBUTION.match(ln.text) or FULL_DATE.search(ln.text))
                   for ln in lines[a + 1 : b]) for a, b in pairwise(bounds))


def _article_head(pre: list[Line]) -> bool:
    """Above the first item, a headline with its date or source line under it: the head of
    one article whose sections, timeline entries or ranking the items are, not a dump's."""
    return any(_headline(a.text) and not FULL_DATE.search(a.text) and not _CRUMB.search(a.text)
               and len(b.text) <= STAMP_LINE_MAX * 2 and (_DATE_FIRST.match(b.text) or _ATTRIBUTION.match(b.text))
               for a, b in pairwise(pre))


# a date line opens with its date ("2025-03-12 10:20 来源：…"); "AI早报丨2026年3月11日" is a dump's masthead
_DATE_FIRST = re.compile(r"\s*[\[(（【]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_CRUMB = re.compile(r"\s[>»›/]\s")  # a breadcrumb or menu, no headline


def item_headline(text: str) -> tuple[str, str]:
    """(number, headline) of a numbered item's title line ("2. 标题" -> "2. ", "标题"); the
    number is the dump's, not the title's. ("", text) when it holds no loose item number."""
    m = _LOOSE_ITEM.match(text)
    if not m or len(text) - m.end() < 4:
        return "", text
    return text[: m.end()], text[m.end() :]


def _first_headline(lines: list[Line], end: int) -> int:
    """Index of the first article's headline: the last headline (no date, no label) above
    its first paragraph of prose, or -1."""
    prose = next((i for i in range(end) if len(lines[i].text) >= 30 and SENTENCE_STOP.search(lines[i].text)), end)
    return next((i for i in range(prose - 1, -1, -1)
                 if _headline(lines[i].text) and not FULL_DATE.search(lines[i].text) and not re.search("[:：]", lines[i].text)), -1)


def _fallback_segments(lines: list[Line]) -> tuple[list[Line], list[Segment]] | None:
    ends = find_end_lines(lines)
    if ends:
        # each article opens with the headline after the closing line before it; the first
        # with the last headline above its first paragraph (a page header may stand above)
        first = _first_headline(lines, ends[0])
        starts = [first, *(e + 1 for e in ends[:-1])]
        segments = [Segment(lines[a : e + 1], lines[a].no if a >= 0 else None, None)
                    for a, e in zip(starts, ends, strict=True)]
        if first < 0:
            segments[0] = Segment(lines[: ends[0] + 1], None, None)
        if ends[-1] + 1 < len(lines):  # the page's footer stays with the last article
            last = segments[-1]
            segments[-1] = Segment(last.lines + lines[ends[-1] + 1 :], last.title_no, None)
        return (lines[:first] if first > 0 else []), segments
    for starts in (find_loose_items(lines), find_stamp_items(lines)):
        if starts and not _article_head(lines[: starts[0]]):
            segments = []
            for a, b in pairwise([*starts, len(lines)]):
                bare = _bare_item(lines[a].text) and a + 1 < b
                stamp = FULL_DATE.search(lines[a].text) is not None and _item_number(lines[a].text) is None
                if bare and _ATTRIBUTION.match(lines[a + 1].text):  # an item with no headline: its source line below
                    segments.append(Segment(lines[a:b], None, lines[a].no))
                elif bare:  # "#2" on its own line, the headline below it
                    segments.append(Segment(lines[a:b], lines[a + 1].no, lines[a].no))
                elif stamp:  # the stamp is the item's marker; its title, if any, is found below
                    segments.append(Segment(lines[a:b], None, lines[a].no))
                else:
                    segments.append(Segment(lines[a:b], lines[a].no, None))
            return lines[: starts[0]], segments
    return None


MAIL_HEADER_LINES = 2  # lines of an e-mail's header ("发件人：…", "收件人：…") that make a part one


# an e-mail header's field labels (the cleaner drops such lines by its `mail-header` rule; the
# split, part of the prepare stage, reads no rule file: a rule edit must not redo prepare);
# tests/test_split_fallbacks.py keeps these labels among the rule's: edit both
_MAIL_FIELD = re.compile(r"^(?:发件人|收件人|抄送|密送|发送时间|from|to|cc|sent)\s*[:：]", re.IGNORECASE)


def _mail_header(part: list[Line]) -> bool:
    """`part` opens an e-mail: two or more header fields."""
    return sum(1 for ln in part if _MAIL_FIELD.match(ln.text.strip())) >= MAIL_HEADER_LINES


_SUBJECT = re.compile(r"^(?:主题|邮件主题|subject)\s*[:：]\s*(.+)$", re.IGNORECASE)
SUBJECT_HEADLINE_MIN = 8  # characters of a headline the subject must hold


def _subject_below(part: list[Line], rest: list[Line]) -> bool:
    """The e-mail's subject line in `part` names a headline standing below the part (a digest
    e-mail's subject is its featured article's title): the article is down there."""
    subjects = [m.group(1) for ln in part if (m := _SUBJECT.match(ln.text.strip()))]
    return any(len(h) >= SUBJECT_HEADLINE_MIN and _headline(h) and h in s
               for s in subjects for h in (ln.text.strip() for ln in rest))


# a line of a list: a bullet or a number opens it ("◎无人驾驶…", "1. 工厂的机械臂…", "• …")
_LIST_LINE = re.compile(r"^\s*(?:[◎●○◆◇■□▶►•·▪\-*+]|\d{1,2}\s*[.)、．]|[\u2460-\u2473])")
LIST_LINES_MIN = 2  # lines of a list that make a part a table of contents


def _listed(part: list[Line]) -> bool:
    """`part` holds a list (a table of contents, a digest's list of questions)."""
    return sum(1 for ln in part if _LIST_LINE.match(ln.text)) >= LIST_LINES_MIN


def _dated(part: list[Line]) -> bool:
    """`part` holds a short line with a full date (an issue's date line)."""
    return any(len(ln.text) <= STAMP_LINE_MAX and FULL_DATE.search(ln.text) for ln in part)


def _headed_prose(part: list[Line]) -> bool:
    """`part` holds a headline with a sentence below it (a brief), not in a list: text."""
    top = next((i for i, ln in enumerate(part) if _headline(ln.text) and not _LIST_LINE.match(ln.text)
                and not FULL_DATE.search(ln.text)), None)
    return top is not None and any(SENTENCE_STOP.search(ln.text) and not _headline(ln.text) and not _LIST_LINE.match(ln.text)
                                   for ln in part[top + 1 :])


def split_segments(lines: list[Line]) -> tuple[list[Line], list[Segment]]:
    """Return (preamble lines before the first article, article segments)."""
    markers = find_markers(lines)
    if not markers:
        items = find_numbered_items(lines)
        if items:
            return lines[: items[0]], [
                Segment(lines[a:b], lines[a].no, None) for a, b in pairwise([*items, len(lines)])
            ]
        seps = find_separators(lines)
        if not seps:
            return _fallback_segments(lines) or ([], [Segment(lines, None, None)])
        bounds = [-1, *seps, len(lines)]
        parts = [lines[a + 1 : b] for a, b in pairwise(bounds)]
        # Separator lines are kept in the segment before them so the cleaner records them.
        segments = []
        preamble: list[Line] = []
        for k, ((_, b), part) in enumerate(zip(pairwise(bounds), parts, strict=True)):
            with_sep = part + ([lines[b]] if b < len(lines) else [])
            small = sum(len(ln.text) for ln in part) < MIN_ITEM_BODY
            if k == 0:  # (an e-mail whose first part holds an article's worth of prose: that part is one)
                mail = _mail_header(part) and _prose_chars(part) < MIN_ITEM_BODY and _subject_below(part, lines[b:])
                header = _prose_chars(part) < HEADER_PROSE_MAX or mail
            else:
                # a small masthead or table of contents between the first rules (an issue's date
                # line, 今日导读 and its list), or an e-mail's short greeting: no article; a short
                # brief (a headline over its sentences) is one, whatever its size
                header = small and not _headed_prose(part) and (
                    _dated(part) or _listed(part) or (mail and _prose_chars(part) < HEADER_PROSE_MAX))
            if not segments and b < len(lines) and header:
                # a page's or digest's header above the first rule, a masthead below it; an
                # e-mail's header, greeting and digest list above its first article neither
                preamble += with_sep
            elif not small or not segments:
                segments.append(Segment(with_sep, None, None))
            else:  # a small part (a footer) stays with the article before it
                segments[-1] = Segment(segments[-1].lines + with_sep, None, None)
        return preamble, segments
    if _queue_positions(lines, markers):
        # "播放列表 1/2", "第2/5条": a player's place in its queue stands above each item, whose
        # headline (and date line) follow it; the line above the counter is the item before's
        segments = [Segment(lines[a:end], None, lines[a].no) for a, end in zip(markers, [*markers[1:], len(lines)], strict=True)]
        return lines[: markers[0]], segments
    if _titles_follow(lines, markers):
        # a flash list's "10:26" stamp, then its 【headline】: the line above each stamp is
        # the list's furniture (an ad) and stays with the item before it, except a day's
        # header ("2025年11月17日 星期一"), which dates the items below it
        starts = [m - 1 if m > 0 and day_header(lines[m - 1].text) else m for m in markers]
        segments = [Segment(lines[a:end], lines[m + 1].no, lines[m].no)
                    for a, m, end in zip(starts, markers, [*starts[1:], len(lines)], strict=True)]
        return lines[: starts[0]], segments
    if all(_STAMP_ROW.search(lines[m - 1].text) for m in markers):
        # a stamp row (a date with its time) above every marker closes the item before it (a
        # channel post's views and time above the next day's line): the markers are day lines,
        # and each item's headline, if it has one, is found below its marker
        segments = [Segment(lines[a:end], None, lines[a].no) for a, end in zip(markers, [*markers[1:], len(lines)], strict=True)]
        return lines[: markers[0]], segments
    starts = [m - 1 for m in markers]
    segments = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        segments.append(Segment(lines[start:end], lines[start].no, lines[markers[k]].no))
    return lines[: starts[0]], segments


_STAMP_ROW = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")
_BRACKETED_HEADLINE = re.compile(r"^【[^【】]{6,80}】$")


_WEEKDAY = re.compile(r"^(星期|周|礼拜)[一二三四五六日天]$|^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.I)


def day_header(text: str) -> bool:
    """A line that only names a day: a date, maybe its weekday."""
    m = FULL_DATE.match(text.strip())
    return bool(m) and all(_WEEKDAY.match(w) for w in text.strip()[m.end():].split())



_QUEUE_POSITION = re.compile(r"^\S{0,8}?\s*第?\s*(\d{1,3})\s*[/／]\s*(\d{1,3})\s*[条篇首个项]?$")


def _queue_positions(lines: list[Line], markers: list[int]) -> bool:
    """Every marker is a position in one queue ("播放列表 1/2" … "播放列表 2/2"): the same
    total each time and the positions counting 1, 2, 3 … from the first."""
    found = [_QUEUE_POSITION.match(lines[m].text.strip()) for m in markers]
    if not all(found):
        return False
    positions = [int(f.group(1)) for f in found if f]
    totals = {int(f.group(2)) for f in found if f}
    return len(totals) == 1 and positions == list(range(positions[0], positions[0] + len(positions))) and positions[-1] <= min(totals)


def _titles_follow(lines: list[Line], markers: list[int]) -> bool:
    """Every marker is followed by a bracketed headline, and the lines above the markers
    are no such headlines: the list puts its stamp above each title."""
    return all(m + 1 < len(lines) and _BRACKETED_HEADLINE.match(lines[m + 1].text) for m in markers) and not any(
        _BRACKETED_HEADLINE.match(lines[m - 1].text) for m in markers)
