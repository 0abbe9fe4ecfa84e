"""Clean: remove chrome, spam, captions, comment threads, repeats, pinyin glosses and
keyword stuffing from one article segment, recording every removal with its reason.

Decisions come from signals — rule lexicons in rules/*.yaml, line shape and position,
frequency across unrelated inputs, repetition inside the document — never from one
seed's exact sentence. Every removed piece of text becomes a `Removal`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import pairwise

from . import bilingual, chromestats
from .cta import Voice, edge_calls, line_kind, noun_spans, reports
from .floors import other_floors
from .memo import BoundedMemo
from .model import Removal
from .restate import Pair, letter_pairs, prose_pairs, restatement
from .rules import RULES_DIR, ChromeRules, CommentMeta, Pattern, SpamRules, _load, chrome_rules, literal_words, particle_end, spam_rules
from .spam import host_tail, reported_stretch, spam_spans, with_brands
from .spamstats import added_spans, stats_cut
from .spamstats import prime as prime_stats
from .split import (
    CHAT_MESSAGE_MAX,
    LIST_START,
    TERMINAL_OR_CLOSE,
    Line,
    Segment,
    chat_senders,
    is_title_like,
    item_headline,
    shape,
)
from .split import CHAT_SENDER as _CHAT_SENDER
from .stuffing import drop_dangling_tails, remove_keyword_runs, repair_against_mirrors, repair_stuffing, run_rules
from .text import CJK_CHAR as _CJK_CHAR
from .text import LETTER as _LETTER
from .text import SENTENCE_END as _SENTENCE_END
from .text import SENTENCE_PUNCT, clause_bounds, compact, cut, merge_spans, stated_day
from .translated import translated_lines

__all__ = ["clean_segment", "compact", "is_body", "repair_against_mirrors", "spam_spans"]

_ELLIPSIS_END = re.compile(r"(?<!\.)\.{3,}+$|(?<!…)…++$")  # lookbehinds: one try per run (linear)
# A photo's description closed by its photographer's credit ("…内胆。本报记者 某某 摄").
_PHOTO_BY = re.compile(r"[。.]\s*(?:本报|本刊|新华社)?(?:记者|通讯员|特约摄影|摄影)?\s*"
                       r"[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4})?\s*摄$")
# A caption is not prose: no Chinese sentence end (an ASCII "?" inside a Latin title is fine).
_CAPTION_PROSE = re.compile(r"[。！？…]|[!?](?=[\u4e00-\u9fff])")
_CENSORED = re.compile(r"\*{2,}|＊{2,}")
CENSOR_MARK = "□"
# A pinyin gloss: one to four syllables in parentheses right after a CJK character, at
# least one with a tone mark ("会(huì)"); plain words like "(code)" are not glosses.
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（]\s*(?:(?=[a-zü{_TONE} ]*[{_TONE}])[a-zü{_TONE}]+(?:\s+[a-zü{_TONE}]+){{0,3}}"
    r"|[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]{1,5})\s*[)）]"  # or a bopomofo gloss: 業(ㄧㄝˋ)
)
BODY_MIN_LEN = 30
BODY_CJK_SHARE = 0.5
REPEAT_MIN_CHARS = 24
EXCERPT_MATCH = 0.6  # share of an excerpt's pieces found in the paragraph it copies
TOC_MIN_ENTRIES = 3  # a table of contents lists at least this many headings
TOC_MAX_CHARS = 40
TAIL_MIN_POSITION = 0.6  # ... and a bare "related"/"comments" header ends the article below 60 %
BARE_HEADER_MAX = 8  # characters of such a header line ("相关阅读", "最新评论")
THREAD_MIN_POSITION = 0.5  # a comment thread starts in the second half of a page's text
THREAD_HEADERS = frozenset({"comment-head", "comment-count"})  # rules/chrome.yaml short_line ids of a thread's header
MENU_MIN_ITEMS = 4  # a menu or tag row has at least this many items
MENU_ITEM_MAX = 6  # characters of one menu item
BYLINE_MAX = 12  # an author's or institution's name on its own line
STANDFIRST_MIN_CHARS = 20  # a shorter line inside a paragraph is a phrase, not a copied sentence
RUNNING_REPEATS = 3  # a line seen this often in one article is a page header
PAGED_KEY_MIN = 6  # letters of a running footer besides its page number
TAIL_SHORT = 30  # tail lines this short without a sentence end are furniture
_FIRST_FLOOR = re.compile(r"^(1\s*楼|#1|楼主)(?!\d)")
ABOVE_TITLE_PROSE = 60  # characters of a sentence above the headline that may be text
HEAD_SCAN = 16  # non-blank lines at the top where metadata and the title live


@dataclass
class Meta:
    title: str | None = None
    title_line: int | None = None
    date: str | None = None
    date_precision: str | None = None
    published_time: str | None = None
    origin: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    date_from_stamp: bool = False  # the date was read from a post's stamp ("发表于 …"), no date field


@dataclass
class CleanResult:
    paragraphs: list[Line]
    meta: Meta
    removals: list[Removal]


_CLAUSE = re.compile(r"[。,，;；!！?？:：、]")


def is_body(text: str) -> bool:
    """Prose, not a list of keywords: long, CJK, with sentences or long clauses."""
    if len(text) < BODY_MIN_LEN or not _CJK_CHAR.search(text) or not SENTENCE_PUNCT.search(text):
        return False
    if _SENTENCE_END.search(text):
        return True
    if field_row(text) or _menu_marks(text) or _menu_run(text):
        return False
    # without a sentence end, a line of icons, numbers and buttons ("✏ 编辑 💬 讨论(12) ⭐ 收藏 1,203")
    # is no prose: most of a clause-only paragraph's letters are Chinese
    letters = len(text) - text.count(" ")
    if len(_CJK_CHAR.findall(text)) < BODY_CJK_SHARE * letters:
        return False
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    return sum(len(c) for c in clauses) / max(1, len(clauses)) >= 8


MENU_RUN_MIN = 5  # spaced items of 2 to MENU_RUN_ITEM_MAX Chinese characters that make a row a menu
MENU_RUN_ITEM_MAX = 4
_CLAUSE_END = re.compile(r"[，,；;。！？!?]")


def _menu_run(text: str) -> bool:
    """A row of a site's menu or tool bar that ends in a clause ("某站 | 查企业  查老板  查关系
    查风险  请输入名称、品牌名"): MENU_RUN_MIN items or more of two to four Chinese characters set
    apart by spaces or bars, most of the row's items, and no clause but a list ("、"). Spaced-out
    prose splits into single characters mostly ("目 前 关节模 组 月 产 能") or has its commas."""
    if _CLAUSE_END.search(text):  # (a clause of prose: "…完工，二期工程 预计 明年 投产")
        return False
    items = [t for t in _MENU_SPLIT.split(text) if t]
    short = sum(1 for t in items if 2 <= len(t) <= MENU_RUN_ITEM_MAX and len(_CJK_CHAR.findall(t)) == len(t))
    return short >= MENU_RUN_MIN and short >= 0.6 * len(items)


def _first(patterns, text: str) -> str | None:
    for pat in patterns:
        if pat.search(text):
            return pat.id
    return None


# --- metadata -------------------------------------------------------------------------

# A year of four digits, or of the Republic of China calendar (民国114年 = 2025: "114-10-08",
# "114年10月8日"), which Taiwan's official and press pages use.
# the spaces before 日 only with it: "2025-03-22 16:48" keeps its space for the time
_DATE = re.compile(r"(?<!\d)(\d{4}|1[0-4]\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")
ROC_OFFSET = 1911


def parse_header_date(text: str) -> tuple[str, str | None] | None:
    m = _DATE.search(text)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if len(m.group(1)) == 3:
        year += ROC_OFFSET
    iso = stated_day(year, month, day)  # (no 2024-02-30: a page may print one)
    return (iso, m.group(4)) if iso else None


_SITE_SUFFIX = re.compile(r"\s[|｜_\-—]\s*\S+$|_\S+$|[\-—|｜][\u4e00-\u9fff]\S*$")
_ORIGIN_LABELS = ("来源", "原文来源", "转载自", "转自", "本文来源", "文章来源", "稿源", "出品")
_AUTHOR_LABELS = ("作者", "撰文", "记者", "报道", "报导", "文")


BYLINE_DATE_MAX = 60  # characters of a byline or counter row that carries the date
BYLINE_DATE_LETTERS = 16  # letters besides its date (names, counters, a site's name)
_WEEKDAY = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")


# A database record's fields in brackets ("【作者】某某  【日期】2025-06-16  【版号】A05"): read as
# "label：value" fields when they hold a field the rules know.
_BRACKET_FIELD = re.compile(r"【\s*([\u4e00-\u9fff]{1,5})\s*】\s*")


def _bracket_fields(text: str) -> str:
    m = _BRACKET_FIELD.match(text)
    if not m or m.end() == len(text):
        return text
    return _BRACKET_FIELD.sub(lambda f: ("" if f.start() == 0 else " ") + f.group(1) + "：", text).strip()


def _metadata(text: str, rules: ChromeRules, meta: Meta, head: bool = True, above_text: bool = True) -> str | None:
    """_metadata_line, remembering whether the date came from a post's stamp ("发表于 …"): only
    such a date gives way to a repost's original day (`above_text`: the line stands above the
    article's first paragraph, where alone a 原文来源 line dates the article)."""
    dated = meta.date is not None
    rule = _metadata_line(text, rules, meta, head, above_text)
    if not dated and meta.date is not None:
        meta.date_from_stamp = bool(rules.metadata["post_stamp"].search(text))
    return rule


# rules/chrome.yaml anywhere_line ids whose match makes its whole line the page's: a questionnaire's
# question closed by its answer type, its notes to the respondent under their label
WHOLE_LINE_RULES = frozenset({"survey-question"})
_WHOLE_PARENS = re.compile(r"^[(（][^()（）]{6,120}[)）]$")


def _citation_line(text: str, chrome: ChromeRules) -> bool:
    """A citation of the printed source the text was taken from, alone in brackets below it
    ("（原载《某报》2026年11月20日，记者某某／台北报导）"): the page's metadata, no closing paragraph."""
    return (bool(_WHOLE_PARENS.match(text.strip())) and bool(_DATE.search(text))
            and bool(chrome.metadata["publish_words"].search(text)) and "《" in text)


_DATELINE_IN_BRACKETS = re.compile(r"^[(（]\s*((?:\d{4}|1[0-4]\d)\s*[-/.年][^()（）]{4,60}?)\s*[)）]$")


def _metadata_line(text: str, rules: ChromeRules, meta: Meta, head: bool, above_text: bool) -> str | None:
    """Recognize a header metadata line, fill `meta`, return the rule id (or None).

    A metadata line is either a date line ("2024-02-20 18:40 编辑: robot") or a short run
    of `label: value` fields ("发布时间:2025-01-03 来源:钛媒体 作者:王鹤宇"). A date
    labelled as an update time is a mirror's, never the publication date. `head`: the line
    stands in the page's head (its first HEAD_SCAN lines, above the tail): a field of the
    head only, an air date or an episode's number before its fields, fills `meta` only there
    (a programme's blurb may stand above its episode line: "第1287集  播出日期：…").
    """
    md = rules.metadata
    whole = _DATELINE_IN_BRACKETS.match(text)
    if whole and md["field"].search(whole.group(1)):  # "（2026年3月2日 | 来源：某报）": a dateline set in brackets
        text = whole.group(1)
    fielded = _bracket_fields(text)  # (a bracketed headline, "【标题】…", stays the headline)
    if fielded != text and md["field"].search(fielded) and not md["original_title"].match(fielded):
        text = fielded
    fields = list(md["field"].finditer(text))
    if md["date_line"].match(text) and not fields:
        first = _DATE.search(text)
        # (an update or save time names itself before its date: "保存于 2025-11-20 22:41";
        # "2025-01-15 10:20 更新于 01-16" opens with the publication's)
        if first and not md["update_words"].search(text[: first.start()]) and not _QUOTE_HEADER.search(text):
            _set_date(meta, parse_header_date(first.group(0)))
        rest = _DATE.sub("", text).strip()
        if rest and meta.origin is None and len(rest) <= 20 and not re.search(r"[:：]", rest):
            meta.origin = rest
        return "date-line"
    dt = md["datetime_any"].search(text)
    if dt and not fields and len(text) <= 60 and not _SENTENCE_END.search(text):
        if not md["update_words"].search(text):
            _set_date(meta, parse_header_date(dt.group(0)))
        return "byline-datetime"
    # a byline or counter row with one full date and no time ("By 某某组 · 2025-10-09 · 阅读约3分钟",
    # "12.3万次播放 · 2025-06-28 发布", "原创 某某观察 2025-09-18"): no sentence, no field labels
    dates = _DATE.findall(text) if not fields and len(text) <= BYLINE_DATE_MAX and not _SENTENCE_END.search(text) else []
    # (a weekday goes with its date: "某某报 2026年3月6日 星期五 第A05版" is a paper's masthead row)
    if len(dates) == 1 and len(_LETTER.findall(_WEEKDAY.sub("", _DATE.sub("", text)))) <= BYLINE_DATE_LETTERS:
        parsed = parse_header_date(text)
        if not md["update_words"].search(text):
            _set_date(meta, parsed)
        if parsed:
            return "byline-date"
    if not fields or len(text) > 100:
        m = md["original_title"].match(text)
        if m:
            meta.notes.append(f"stated original title: {m.group('value').strip()}")
            return "original-title"
        return None
    # Fields must start the line (or follow a date, or a channel's name set apart: "互动观察  编辑：…"):
    # a sentence mentioning 来源 is not metadata.
    if fields[0].start() > 0 and not _DATE.match(text) and not field_row(text) and not _CHANNEL_BEFORE.fullmatch(text[: fields[0].start()]):
        return None  # (a row of labelled fields may open with a label the rules lack: "机构：…")
    if len(fields) == 1 and _spoken_line(text, fields[0], md["byline_value"]):
        return None
    # a programme page's head field ("播出日期：2026/04/09（四）", `head_label`): a date or time
    # alone; with a clause after it the label opens a sentence of the text
    own = [m for m in fields if md["head_label"].match(m.group(2) or "")]
    for m in own:
        nxt = next((f.start() for f in fields if f.start() > m.start()), len(text))
        value = text[m.end() : nxt]
        if _CLAUSE_INSIDE.search(value) or not re.search(r"\d", value):
            return None
    if not head and (own or (fields[0].start() > 0 and _EPISODE_BEFORE.fullmatch(text[: fields[0].start()]))):
        meta = Meta()  # (below the text: an earlier episode's air date, not the page's)
    lead = _DATE.match(text)
    if lead and not md["update_words"].search(text[: fields[0].start()]):
        _set_date(meta, parse_header_date(lead.group(0)))
    had_date = meta.date is not None
    row_dated = publish_seen = False  # a day this row set, and a publication label read in it
    for k, m in enumerate(fields):
        label = m.group(1) or m.group(2)
        value = text[m.end() : fields[k + 1].start() if k + 1 < len(fields) else len(text)].strip(" |｜·•")
        # (a label found inside a longer one names the time with what is glued before it:
        # "识别时间：" is an OCR tool's, "系统时间：" a system's clock)
        if md["update_words"].search(label) or md["update_words"].search(text[max(0, m.start() - LABEL_GLUE) : m.end()]):
            meta.notes.append(f"ignored mirror update time: {value}")
        # (an interview transcript is dated by its own time: "访谈时间：…")
        elif md["date_label"].search(label):
            if md["publish_label"].match(label) and row_dated and not publish_seen and (parsed := parse_header_date(value)):
                meta.date, meta.published_time = parsed  # (this row's earlier day was written or bare, not published)
            _set_date(meta, parse_header_date(value))
            row_dated = row_dated or (meta.date is not None and not had_date)
            publish_seen = publish_seen or bool(md["publish_label"].match(label))
        elif label in _ORIGIN_LABELS:
            dated = _DATE.search(value)  # "来源：某某频道 2025-07-02 19:45:11": the source's stamp
            if (dated and md["repost_label"].match(label) and head and above_text and (meta.date is None or meta.date_from_stamp)
                    and (parsed := parse_header_date(dated.group(0)))):
                # a repost's original ("原文来源：某报 2025-07-01") above the text: its day is the
                # article's, not the day a forum or a blog posted the copy ("发表于 2025-07-02"
                # above it); a 发布时间 field's day stays (a translation's), and a source note
                # below the text names a report's day, not the article's
                meta.date, meta.published_time, meta.date_precision = parsed[0], parsed[1], "day"
                meta.date_from_stamp = False
            elif dated:
                _set_date(meta, parse_header_date(dated.group(0)))
            _set_person(meta, "来源", value[: dated.start()].strip() if dated else value)
        elif label in _AUTHOR_LABELS:
            dated = _DATE.search(value)  # "报道：林宛仪  2025年9月22日 上午8:30": the byline's date
            if dated:
                _set_date(meta, parse_header_date(dated.group(0)))
            _set_person(meta, "作者", value[: dated.start()].strip() if dated else value)
    if meta.date is None and not md["update_words"].search(text):
        # a row's own stamp set off after its fields ("来源：某网 | 编辑：某某 | 2025-03-22 16:48")
        stamp = _ROW_STAMP.search(text, fields[-1].end())
        if stamp:
            _set_date(meta, parse_header_date(stamp.group(1)))
        elif fields[0].start() > 0 and _CHANNEL_BEFORE.fullmatch(text[: fields[0].start()]):
            # ... or its stamp after the last value of a channel's byline row ("互动观察  编辑：某某  2025-06-04 18:26")
            dated = _DATE.search(text, fields[-1].end())
            if dated:
                _set_date(meta, parse_header_date(dated.group(0)))
    return "fields"


# a reply's header over the message it quotes ("在 2025年6月3日 10:42，某某 写道：", "On …, X wrote:"):
# the quoted message's time, not the article's
_QUOTE_HEADER = re.compile(r"(?:写道|wrote)\s*[:：]?\s*$", re.IGNORECASE)
_EPISODE_BEFORE = re.compile(r"第\s?\d{1,5}\s?[期集回]\s*")  # an episode's or issue's number
_CHANNEL_BEFORE = re.compile(rf"[\u4e00-\u9fff]{{2,6}}\s+|{_EPISODE_BEFORE.pattern}")  # (or an episode's number)
LABEL_GLUE = 3  # characters glued before a field's label that may make it another label


ABOVE_TEXT_RUN = 2  # lines before a 原文来源 line that must hold no paragraph for it to stand above the text


def _above_text(lines: list[Line], i: int, first_body: int) -> bool:
    """Line i stands above the article's text: before its first paragraph, or in a run of header
    lines (no paragraph among the ABOVE_TEXT_RUN lines before it: a forum's notice may be taken
    for the first paragraph above a post's byline; a source note under the text follows prose)."""
    return i <= first_body or not any(is_body(lines[k].text) for k in range(max(0, i - ABOVE_TEXT_RUN), i))


def _set_date(meta: Meta, parsed: tuple[str, str | None] | None) -> None:
    """A header's parsed date (parse_header_date) becomes the article's, unless it has one."""
    if parsed and meta.date is None:
        meta.date, meta.published_time = parsed
        meta.date_precision = "day"


# a stamp in a cell of its own, set off by separators (maybe before a last counter cell)
_ROW_STAMP = re.compile(r"[|｜·•]\s*(" + _DATE.pattern + r")\s*(?=[|｜·•]|$)")


TAIL_STAMP_NAME = 2  # letters beside its date of a stamp below the article that is the article's own
_NAME_LETTER = re.compile(r"[^\W\d_]")


def _tail_meta(text: str, rules: ChromeRules, meta: Meta) -> Meta:
    """What a byline below the article may fill: the article's `meta` when the line says it
    publishes ("发布于 …", "发表时间：…") or is a bare stamp; a stamp beside a user's name
    ("某某 Lv.3 2025-06-01 21:40", "读者甲 · 2025-06-01 21:40") is a comment's, and a date in a
    comment is never the article's, so its fields go nowhere."""
    if (rules.metadata["publish_words"].search(text) or rules.metadata["field"].match(text)
            or len(_NAME_LETTER.findall(_DATE.sub("", text))) <= TAIL_STAMP_NAME):
        return meta  # (a labelled field row, "来源：某某 2025-…", is the page's: no commenter labels)
    return Meta()


SPOKEN_MIN = 12  # letters of a clause-punctuated value that is a sentence, not a list of names


_SPACE_RUN = re.compile(r"\s+")
GLUED_PROSE_MIN = 16  # letters of a sentence glued after a field row that make it a paragraph


def _split_glued_fields(lines: list[Line], rules: ChromeRules) -> list[Line]:
    """A row of labelled fields with the first paragraph glued on after a space, as some
    scrapers join lines ("来源：某某网 作者：王某 近日，某交易所发布…。"): two lines, so the row
    goes as metadata and the paragraph stays. The glued part is a sentence: it ends one,
    holds a clause mark before that, and is GLUED_PROSE_MIN letters or more."""
    out: list[Line] = []
    field = rules.metadata["field"]
    for ln in lines:
        text = ln.text
        fields = list(field.finditer(text)) if field.match(text) else []
        gap = _SPACE_RUN.search(text, fields[-1].end()) if fields else None
        if gap is not None:
            prose = text[gap.end() :]
            if (len(_LETTER.findall(prose)) >= GLUED_PROSE_MIN and _SENTENCE_END.search(prose.rstrip()[-1:])
                    and _CLAUSE_INSIDE.search(prose.rstrip()[:-1]) and is_body(prose)):
                out += [Line(ln.no, text[: gap.start()]), Line(ln.no, prose)]
                continue
        out.append(ln)
    return out


CHAT_QUOTE_SENDERS_MAX = 8  # sender lines of a short exchange a news article quotes
CHAT_QUOTE_PROSE_MIN = 2  # paragraphs of prose above such a quote
# A speaker of a recording (stamps offset from its start) who reads an article out (a line of their
# turn runs longer than a message) goes on with it in later turns of their own: a turn of theirs
# after that line that is one paragraph of prose (CHAT_PROSE_MIN characters or more, closed by a
# full stop, no question) is the article's text; not an answer to a question put to them, nor a
# lead-in right before their next long line. A chat's member (clock times) who pastes one stays a
# commenter.
CHAT_PROSE_MIN = 60
_CHAT_PROSE_END = re.compile(r"[。！!”」』）)]\s*$")


# the rule a mail client or list archive sets between a poster's note and what it forwards
# ("---------- 转发的内容 ----------", "-----Original Message-----", "---------- Forwarded message ---------")
# ("-----原文如下-----", "==== 以下为原文 ====": the forwarder's own opening of what they paste, a
# mark only in a mail, _MAIL_HEAD above it; a news article reprints a letter under the same words).
# A Markdown-bold line ("**以下为原文：**") is no rule.
_FORWARD_MARK = re.compile(r"^(?!\*\*[^*\s])[-—–=_*\s]{2,}(?P<word>转发的内容|转发的邮件|转发邮件|转发消息|原始邮件|原邮件|"
                           r"原文如下|以下为?原文|forwarded message|original message|begin forwarded message)[-—–=_*:：\s]*$",
                           re.IGNORECASE)
_PASTE_WORDS = re.compile(r"原文如下|以下为?原文")  # a forwarder's own words: a mark only below a mail's header
# the quoted earlier mail of a reply ("------------------ 原始邮件 ------------------"): the text above is the reply's
_QUOTED_MAIL_WORDS = re.compile(r"原始邮件|原邮件|original message", re.IGNORECASE)
# a mail's header line above the mark ("发件人：…", "主题：…", "Subject: …")
_MAIL_HEAD = re.compile(r"^(?:发件人|收件人|抄\s*送|密\s*送|主\s*题|发送时间|from|to|cc|subject|sent)\s*[:：]", re.IGNORECASE)
# a reply's subject ("主题：回复：…", "Re: …", "答复: …")
_REPLY_SUBJECT = re.compile(r"^(?:(?:主\s*题|subject)\s*[:：]\s*)?(?:回复|答复|re)\s*[:：]", re.IGNORECASE)
_SALUTATION = re.compile(r"^[^。！？:：]{1,12}[:：]$")  # "各位好：", "张老师："
FORWARD_HEAD_MAX = 4  # lines between a forward mark and the forwarded text's first paragraph read for its own day


def _body_letters(lines: list[Line]) -> int:
    return sum(len(_LETTER.findall(ln.text)) for ln in lines if is_body(ln.text))


def _forwarded_part(lines: list[Line], removals: list[Removal]) -> list[Line]:
    """A message that forwards an article: the poster's note above the forward mark (its
    salutation and sentences) is a comment on the article, not its text; the mark is the
    mail's. The message's header fields above stay, for the title and date they give."""
    marks = ((k, m) for k, ln in enumerate(lines) if (m := _FORWARD_MARK.match(ln.text)))
    mail = [k for k, ln in enumerate(lines) if _MAIL_HEAD.match(ln.text)]
    # a forwarder's own words ("原文如下") are a mark only below a mail's header lines
    k_m = next(((k, m) for k, m in marks if not _PASTE_WORDS.fullmatch(m.group("word")) or (mail and mail[0] < k)), None)
    if k_m is None:
        return lines
    mark, match = k_m
    if not any(is_body(ln.text) for ln in lines[mark + 1 :]):
        return lines
    reply = (_QUOTED_MAIL_WORDS.fullmatch(match.group("word")) is not None
             or any(_REPLY_SUBJECT.match(ln.text) for ln in lines[:mark]))
    if reply and _body_letters(lines[:mark]) > _body_letters(lines[mark + 1 :]):
        # a reply quoting the earlier mail (its subject a reply's, or the quoted mail under an
        # "原始邮件" rule) with more prose above the mark than below: the text is above it. A
        # forward's note, however long, is a comment on what it forwards.
        return lines
    # the forwarded text states its own day on a line above its first paragraph ("来源：某报
    # 2026-03-02"): the mail's sent time above the mark is not the article's day (its subject
    # stays, for the title it may give); a page with no mail header has no sent time to drop
    below = lines[mark + 1 :]
    first = next((k for k, ln in enumerate(below) if is_body(ln.text)), 0)
    own_day = bool(mail) and mail[0] < mark and any(parse_header_date(ln.text) for ln in below[:first][:FORWARD_HEAD_MAX])
    out = []
    for k, ln in enumerate(lines):
        if k == mark:
            removals.append(Removal("chrome", ln.text, "forward-mark", ln.no))
        elif k < mark and (is_body(ln.text) or _SALUTATION.match(ln.text)):
            removals.append(Removal("comments", ln.text, "forward-note", ln.no))
        elif k < mark and own_day and parse_header_date(ln.text):
            removals.append(Removal("chrome", ln.text, "forward-head", ln.no))
        else:
            out.append(ln)
    return out


# A poster's mark over a report pasted into a message, citing it with its source and day in
# brackets and opening it with a colon ("以下为报道原文（来源：某某日报 2026年5月6日 第03版）：",
# "下面是新闻全文（来源：某某网 2026-05-06）："): the words and the citation are both the mark's
# (words in rules/chrome.yaml message_board paste_lead, paste_nouns, cite_labels)
@lru_cache(maxsize=1)
def _pasted_mark() -> re.Pattern[str]:
    board = _load("chrome.yaml", RULES_DIR)["message_board"]
    def alt(key: str) -> str:
        return "|".join(map(re.escape, board[key]))
    return re.compile(rf"^(?:{alt('paste_lead')})?[^。！？，,]{{0,8}}?(?:{alt('paste_nouns')})[^。！？，,（(]{{0,6}}"
                      rf"[（(]\s*(?P<cite>(?:{alt('cite_labels')})\s*[:：]?\s*[^()（）。！？]{{2,40}})[)）]\s*[:：]$")


@lru_cache(maxsize=1)
def _message_board() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A board post's poster field ("留言人：网友***"), a board's own field ("留言时间：", "办理状态：")
    and the poster's first-person words (rules/chrome.yaml `message_board`)."""
    board = _load("chrome.yaml", RULES_DIR)["message_board"]
    def field(words: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, words)) + r")\s*[:：]")
    return field(board["poster"]), field(board["fields"]), re.compile("|".join(map(re.escape, board["first_person"])))


def _pasted_report(lines: list[Line], removals: list[Removal]) -> list[Line]:
    """A message (a message board's post, a forum's, a mail's) that pastes a report under a
    citing mark (_pasted_mark, whose citation holds a date): the poster's note above it
    (sentences, a salutation) is a comment on the report, and the message's own time above
    it is not the report's day: the citation's is. The mark's citation stays as the report's
    source line. Needs the note above and prose below: a page that only cites a report has
    no note over it."""
    mark = next((k for k, ln in enumerate(lines) if (m := _pasted_mark().match(ln.text.strip()))
                 and parse_header_date(m.group("cite"))), None)
    if mark is None or not any(is_body(ln.text) for ln in lines[mark + 1 :]):
        return lines
    # the message's frame: its poster's field (or a mail's header) above, and the poster's own
    # note (in the first person) right above the mark; a news article citing a statement it
    # reprints has neither, and its lead stays
    # (a board's own field on the page besides: a newspaper's published reader letter, "来信人：…",
    # has a letter's byline and none; its text and date stay)
    poster, board, first_person = _message_board()
    if not (any(_MAIL_HEAD.match(ln.text) for ln in lines[:mark])
            or (any(poster.search(ln.text) for ln in lines[:mark]) and any(board.search(ln.text) for ln in lines))):
        return lines
    if not any(is_body(ln.text) and first_person.search(ln.text) for ln in lines[:mark]):
        return lines
    cite = _pasted_mark().match(lines[mark].text.strip()).group("cite")  # type: ignore[union-attr]
    out = []
    for k, ln in enumerate(lines):
        if k == mark:
            removals.append(Removal("chrome", ln.text.replace(cite, "").strip(), "paste-mark", ln.no))
            out.append(Line(ln.no, cite.strip()))
        elif k < mark and (is_body(ln.text) or _SALUTATION.match(ln.text)):
            removals.append(Removal("comments", ln.text, "paste-note", ln.no))
        elif k < mark and parse_header_date(ln.text):
            removals.append(Removal("chrome", ln.text, "paste-head", ln.no))
        else:
            out.append(ln)
    return out


@dataclass(frozen=True)
class ExamRules:
    """An exam paper's own lines around a reading passage (rules/chrome.yaml `exam_paper`)."""

    score: re.Pattern[str]
    question: re.Pattern[str]
    option: re.Pattern[str]
    answer: re.Pattern[str]
    instruction: re.Pattern[str]
    notes: re.Pattern[str]
    section: re.Pattern[str]


@lru_cache(maxsize=1)
def _exam_rules() -> ExamRules:
    exam = _load("chrome.yaml", RULES_DIR)["exam_paper"]
    labels = "|".join(map(re.escape, sorted(exam["answer_labels"], key=len, reverse=True)))
    return ExamRules(re.compile(exam["score"]), re.compile(exam["question"]), re.compile(exam["option"]),
                     re.compile(rf"^\s*(?:[【\[]\s*(?:{labels})\s*[】\]]|(?:{labels})\s*[:：])"),
                     re.compile(rf"^\s*(?:{exam['instruction']})"), re.compile(exam["notes"]), re.compile(exam["section"]))


EXAM_OPTION_WINDOW = 3  # lines between a scored question and its first option
EXAM_QUESTIONS_MIN = 2  # scored questions of a paper (an article may quote one)
EXAM_ANSWER_GAP = 2  # lines between the paper's last line taken and an answer line below it
EXAM_INSTRUCTION_TAIL = 12  # letters after an instruction on its own line (a score, "。")


EXAM_HEADING_MAX = 30  # letters of a paper's heading line above its instructions


def _exam_heading(text: str) -> bool:
    """A paper's heading line: short, no sentence, no clause, no link or field of a page."""
    t = text.strip()
    return (0 < len(t) <= EXAM_HEADING_MAX and not _SENTENCE_END.search(t) and not _CLAUSE_MARK.search(t)
            and not re.search(r"[|｜>›»:：@/]", t))


def _exam_frame(lines: list[Line], removals: list[Removal]) -> list[Line]:
    """An exam paper that gives an article as its reading passage: the paper is known by its
    question block (a numbered question with its score, lettered options within a few lines
    below it). Then its questions, options, answers and analysis (the block, from its first
    scored question on), and above the block its section headings with scores, the notes to
    candidates and the instruction that points at the questions, are the paper's, recorded
    as chrome. A page without such a block is left as it is."""
    ex = _exam_rules()

    def question(text: str) -> bool:
        return bool(ex.question.match(text))

    def scored(text: str) -> bool:
        return question(text) and bool(ex.score.search(text))

    def instruction(text: str) -> bool:  # at a line start, the line itself (a sentence reporting it is prose)
        m = ex.instruction.match(text)
        return bool(m) and len(text.strip()) - len(m.group(0).strip()) <= EXAM_INSTRUCTION_TAIL

    def structure(text: str) -> bool:
        return instruction(text) or bool(ex.notes.match(text) or ex.section.match(text))

    heads = [k for k, ln in enumerate(lines) if scored(ln.text)
             and any(ex.option.match(o.text) for o in lines[k + 1 : k + 1 + EXAM_OPTION_WINDOW])]
    if not heads:
        return lines
    # a paper, not an article quoting a question: several scored questions and a line of the paper's
    # own frame (an instruction, a section heading, the notes to candidates) at a line start
    n_scored = sum(1 for ln in lines if scored(ln.text))
    framed = [k for k, ln in enumerate(lines) if structure(ln.text)]
    if n_scored < EXAM_QUESTIONS_MIN or not framed:
        return lines
    taken: set[int] = set()
    for first in heads:
        if first in taken:
            continue
        start = first
        # a question that opens the block without a score ("1．下列说法正确的一项是") sits right above its options
        while start > 0 and question(lines[start - 1].text) and ex.option.match(lines[start].text):
            start -= 1
        end = start
        while end < len(lines) and (question(lines[end].text) or ex.option.match(lines[end].text)
                                    or ex.answer.match(lines[end].text)):
            end += 1
        taken.update(range(start, end))
        # the answers and analysis printed after the block, each within a few lines of the last one taken
        last = end - 1
        for k in range(end, min(len(lines), end + EXAM_ANSWER_GAP * 8)):
            if k - last > EXAM_ANSWER_GAP:
                break
            if ex.answer.match(lines[k].text):
                taken.add(k)
                last = k
    instructions = {k for k in framed if k not in taken}
    # the paper's own heading right above its first instruction ("2027届高三第一次质量检测", "语  文"):
    # short lines of no sentence, up to the first one that is prose or furniture with clauses
    head = min(instructions, default=0)
    while head > 0 and _exam_heading(lines[head - 1].text):
        head -= 1
        instructions.add(head)
    out = []
    for k, ln in enumerate(lines):
        text = ln.text
        if k in taken:
            rule = "exam-answer" if ex.answer.match(text) else "exam-question"
        elif k in instructions:
            rule = "exam-instruction"
        else:
            out.append(ln)
            continue
        removals.append(Removal("chrome", text, rule, ln.no))
    return out


def _chat_messages(lines: list[Line], chrome: ChromeRules) -> dict[int, tuple[str, str]]:
    """A chat log's sender lines and the messages under them (line number → kind, rule).

    A chat export is told by its shape: at least CHAT_SENDERS_MIN lines of a nickname and a
    time alone, one nickname among them twice. Below a sender line its message runs to the
    next sender line, a notice of the chat, a pasted article's headline (a line above a
    metadata line: a date, a source) or a line longer than a message. A sender line whose
    message is spam is spam too."""
    name_of = chat_senders(lines)
    senders = list(name_of)
    if not senders:
        return {}
    # a chat opens with a message; a thread whose first "name  time" line heads a paragraph
    # longer than any message is a forum's or a comment page's (its first post is the text)
    opening = senders[0] + 1
    if opening < len(lines) and len(lines[opening].text) > CHAT_MESSAGE_MAX:
        return {}
    # a news article quoting a short exchange: paragraphs of prose above the first sender line and
    # below the last one's message; the article stays, its quote with it
    if (len(senders) <= CHAT_QUOTE_SENDERS_MAX
            and sum(1 for ln in lines[: senders[0]] if is_body(ln.text)) >= CHAT_QUOTE_PROSE_MIN
            and any(is_body(ln.text) for ln in lines[senders[-1] + 2 :])):
        return {}
    spam = spam_rules()
    out: dict[int, tuple[str, str]] = {}
    turns = {i: _chat_turn(lines, i, chrome) for i in senders}
    announcing = {i for i in senders if _long_line_after(lines, i, turns[i])}
    # a recording's reader (its stamps offsets from the start, "00:03:12", not a chat's clock times):
    # their turns after their first long line
    first_read: dict[str, int] = {}
    if _offset_stamps(lines, senders):
        for i in senders:
            if i in announcing or _read_out_turn(lines, turns[i]):
                first_read.setdefault(name_of[i], i)
    # above the first sender line: the export's header, or the end of a message the log's
    # split left in this part (a pasted article's headline has its metadata line below it)
    for j in range(senders[0]):
        if not (j + 1 < len(lines) and _metadata(lines[j + 1].text, chrome, Meta())):
            out[lines[j].no] = ("chrome" if _short_line_rule(chrome, lines[j].text) else "comments", "chat-above")
    for k, i in enumerate(senders):
        message = turns[i]
        if (i not in announcing and first_read.get(name_of[i], len(lines)) < i
                and not _answers_question(lines, senders, turns, name_of, k, chrome)
                and not _reads_on_next(lines, senders, turns, name_of, k)):
            # a reader's later turn: what of it is prose is the article's text (the words a
            # reader says before a long line of the same turn are their note on the article)
            prose = message if _read_out_turn(lines, message) else [j for j in message if _read_out_prose(lines[j].text)]
            message = [j for j in message if j not in prose]
        spammy = any(spam_spans(lines[j].text, spam) for j in message)
        out[lines[i].no] = ("spam" if spammy else "comments", "chat-sender")
        for j in message:
            out[lines[j].no] = ("spam" if spam_spans(lines[j].text, spam) else "comments", "chat-message")
    notice = chrome.short_line_by_id.get("chat-notice", ())
    for ln in lines:  # the log's own notices, however long ("以上为…至…的聊天记录，共 27 条")
        if ln.no not in out and any(r.search(ln.text) for r in notice):
            out[ln.no] = ("chrome", "chat-notice")
    return out


_OFFSET_STAMP = re.compile(r"\s(?:0{1,2}:\d{2}:\d{2}|0{1,2}:\d{2})$")  # the first turn's stamp at the recording's start


def _offset_stamps(lines: list[Line], senders: list[int]) -> bool:
    """The sender lines' stamps are a recording's offsets from its start (the first "00:00:12"),
    not a chat's clock times ("09:02")."""
    return bool(_OFFSET_STAMP.search(lines[senders[0]].text))


def _answers_question(lines: list[Line], senders: list[int], turns: dict[int, list[int]], name_of: dict[int, str],
                      k: int, chrome: ChromeRules) -> bool:
    """Turn k answers another speaker's question to them (the turn before it ends with one,
    chrome.yaml metadata `ask_you`: "你怎么看？"): the reader's own words, no article text."""
    if k == 0 or name_of[senders[k - 1]] == name_of[senders[k]]:
        return False
    before = turns[senders[k - 1]]
    return bool(before) and bool(chrome.metadata["ask_you"].search(lines[before[-1]].text))


def _reads_on_next(lines: list[Line], senders: list[int], turns: dict[int, list[int]], name_of: dict[int, str],
                   k: int) -> bool:
    """Turn k takes the floor from another speaker and is directly followed by the same
    speaker's long line: a lead-in to the next item read out (a reader's turns in a row are
    the article read on)."""
    if k + 1 >= len(senders) or name_of[senders[k + 1]] != name_of[senders[k]]:
        return False
    if k > 0 and name_of[senders[k - 1]] == name_of[senders[k]]:
        return False
    nxt = senders[k + 1]
    return not turns[nxt] and _long_line_after(lines, nxt, turns[nxt])


def _chat_turn(lines: list[Line], i: int, chrome: ChromeRules) -> list[int]:
    """The message under sender line i: up to the next sender line, a notice, a line longer
    than a message or a pasted article's headline (a line above a metadata line)."""
    message: list[int] = []
    for j in range(i + 1, len(lines)):
        text = lines[j].text
        if (_CHAT_SENDER.match(text) or len(text) > CHAT_MESSAGE_MAX or _short_line_rule(chrome, text)
                or (j + 1 < len(lines) and _metadata(lines[j + 1].text, chrome, Meta()))):
            break
        message.append(j)
    return message


def _long_line_after(lines: list[Line], i: int, message: list[int]) -> bool:
    """Sender line i's turn goes on with a line longer than a message (an article pasted or
    read out under the turn's words)."""
    after = message[-1] + 1 if message else i + 1
    return after < len(lines) and len(lines[after].text) > CHAT_MESSAGE_MAX and not _CHAT_SENDER.match(lines[after].text)


def _read_out_turn(lines: list[Line], message: list[int]) -> bool:
    """A turn whose words, joined, run longer than a message and are one paragraph of prose
    wrapped into short lines (none but the last closes a sentence)."""
    joined = "".join(lines[j].text for j in message)
    return (len(joined) > CHAT_MESSAGE_MAX and _read_out_prose(joined)
            and not any(_CHAT_PROSE_END.search(lines[j].text) for j in message[:-1]))


def _read_out_prose(text: str) -> bool:
    return (len(text) >= CHAT_PROSE_MIN and bool(_CHAT_PROSE_END.search(text)) and "？" not in text and "?" not in text
            and text.count("，") + text.count("。") >= 3)


ROLE_LINES_MIN = 3  # lines with a screen reader's element roles that make a page its text mode


def _role_labels(lines: list[Line], chrome: ChromeRules, removals: list[Removal]) -> list[Line]:
    """A screen reader's text mode puts each element's role before its text ("标题级别1：标题",
    "文本：2026-09-03 来源：…"): on a page with ROLE_LINES_MIN lines of roles (those or
    "链接：…", "列表，4项"), the role is taken off and the text read as any other line."""
    role = chrome.metadata["role_label"]
    marks = chrome.short_line_by_id.get("screen-reader", ())
    if sum(1 for ln in lines if role.match(ln.text) or any(r.search(ln.text) for r in marks)) < ROLE_LINES_MIN:
        return lines
    out = []
    for ln in lines:
        m = role.match(ln.text)
        if m:
            removals.append(Removal("chrome", m.group(0).strip(), "screen-reader-role", ln.no))
            ln = Line(ln.no, ln.text[m.end():])
        out.append(ln)
    return out


# A transcript's media time stamp opening a line ("[00:01:08] 可能有听众…", "【12:05】"): bracketed,
# so a flash list's "10:26 标题" or a chat's "08:12 某某：" is not one.
_CUE_STAMP = re.compile(r"^[\[【(（]\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\s*[\]】)）]\s*")
CUE_LINES_MIN = 3  # lines opened by a stamp that make a page a transcript


_STAMP_FIELDS = re.compile(r"\d{1,2}(?::\d{1,2}){1,2}")


def _media_timeline(stamps: list[re.Match[str]]) -> bool:
    """CUE_LINES_MIN stamps that read as a recording's clock: three-part ones ("[00:01:08]"), or
    two-part ones starting at "00:0x" and rising; a live blog's "【10:02】…【10:15】" is the day's
    clock (hh:mm), which the text keeps."""
    if len(stamps) < CUE_LINES_MIN:
        return False
    fields = [[int(v) for v in f.group(0).split(":")] for m in stamps for f in [_STAMP_FIELDS.search(m.group(0))] if f]
    if sum(1 for f in fields if len(f) == 3) >= CUE_LINES_MIN:
        return True
    if not fields or len(fields[0]) != 2 or fields[0][0] != 0 or fields[0][1] >= 10:
        return False
    seconds = [sum(v * 60 ** k for k, v in enumerate(reversed(f))) for f in fields]
    return all(a <= b for a, b in pairwise(seconds))


# A video page's subtitle cues open with a bare media stamp ("00:07 记者在现场看到，"); a bare
# stamp is a cue's only on a video page (`_video_page`: its player's or subtitles' furniture, or
# viewers' overlay comments) with BARE_CUES_MIN of them on a recording's clock (from "00:0x",
# never going back), where a flash list's or a schedule's "10:26 标题" (the day's clock) is not,
# nor a news page's launch timeline or a podcast's chapter list ("00:00 点火起飞", "03:15 话题").
# There, a stamp behind a symbol mark ("💬 00:09 …", "▷ 01:12 …") is a viewer's overlay comment
# (弹幕) pinned to that moment of the video, once OVERLAY_LINES_MIN lines have that shape.
_BARE_CUE = re.compile(r"^(?:\d{1,2}:)?[0-5]?\d:[0-5]\d[ \t\u3000]+(?=\S)")
_OVERLAY_CUE = re.compile(r"^[^\w\s\[【(（<]{1,3}[ \t\u3000]*(?:\d{1,2}:)?[0-5]?\d:[0-5]\d[ \t\u3000]+\S")
BARE_CUES_MIN = 8
OVERLAY_LINES_MIN = 2


def _on_clock(lines: list[Line]) -> str | None:
    """How the page's lines run on a recording's clock (`_media_timeline` of their opening
    stamps): "bracketed" stamps, "bare" ones (BARE_CUES_MIN of them), or None."""
    if _media_timeline([m for m in map(_CUE_STAMP.match, (ln.text for ln in lines)) if m]):
        return "bracketed"
    bare = [m for m in map(_BARE_CUE.match, (ln.text for ln in lines)) if m]
    if len(bare) >= BARE_CUES_MIN and _media_timeline(bare) and _video_page(lines):
        return "bare"
    return None


def _video_page(lines: list[Line]) -> bool:
    """A video's page: OVERLAY_LINES_MIN overlay comments (`_OVERLAY_CUE`), or a line of its
    player's or subtitles' furniture, no sentence, with a rules/chrome.yaml `video_page` word as a
    field of its own ("字幕（自动生成）", "倍速  字幕  弹幕 ON"); a sentence about subtitles is no sign."""
    if sum(1 for ln in lines if _OVERLAY_CUE.match(ln.text)) >= OVERLAY_LINES_MIN:
        return True
    sign = _video_sign()
    return any(len(ln.text) <= VIDEO_SIGN_LINE_MAX and sign.search(ln.text) and not _SENTENCE_END.search(ln.text)
               for ln in lines)


VIDEO_SIGN_LINE_MAX = 100


@lru_cache(maxsize=1)
def _video_sign() -> re.Pattern[str]:
    words = sorted(map(str, _load("chrome.yaml", RULES_DIR).get("video_page", [])), key=len, reverse=True)
    if not words:
        return re.compile("(?!)")
    return re.compile(r"(?:^|(?<=[\s·•|｜/]))(?:" + "|".join(map(re.escape, words)) + r")(?=$|[\s(（:：\d·•|｜/])")


def _cue_stamps(lines: list[Line], removals: list[Removal], clock: str = "bracketed") -> list[Line]:
    """A transcript page (`_on_clock`) opens its lines with media time stamps: the stamp is
    taken off and the line read as any other (a cue alone, "（片头音乐）", is then a stage
    direction). On a page of bare cues, the overlay comments (`_OVERLAY_CUE`) are taken out and
    a sentence the subtitles cut over several cues is joined again (`_cue_runs_on`), when the
    cues are punctuated prose (`_cues_cut_sentences`), not a list of items."""
    bare = clock == "bare"
    stamp = _BARE_CUE if bare else _CUE_STAMP
    overlays = bare and sum(1 for ln in lines if _OVERLAY_CUE.match(ln.text)) >= OVERLAY_LINES_MIN
    joins = bare and _cues_cut_sentences([ln.text[m.end():] for ln in lines for m in [stamp.match(ln.text)] if m])
    out: list[Line] = []
    open_cue = False  # the last line kept is a cue whose sentence runs on
    for ln in lines:
        if overlays and _OVERLAY_CUE.match(ln.text):
            removals.append(Removal("comments", ln.text, "overlay-comment", ln.no))
            continue
        m = stamp.match(ln.text)
        if m and m.end() < len(ln.text):
            removals.append(Removal("chrome", m.group(0).strip(), "transcript-stamp", ln.no))
            text = ln.text[m.end():].strip()
            if joins and open_cue and not text.startswith(("【", "[", "(", "（")):
                out[-1] = Line(out[-1].no, out[-1].text + text)
            else:
                out.append(Line(ln.no, text))
            open_cue = joins and _cue_runs_on(out[-1].text)
            continue
        open_cue = False
        out.append(ln)
    return out


_CUE_OPEN_END = re.compile(r"[\w，、：；,;:—]$")
_CUE_MARK_END = re.compile(r"[，、：；,;:。！？!?…][”’」』)）]?\s*$")
CUES_MARKED_SHARE = 0.5


def _cues_cut_sentences(cues: list[str]) -> bool:
    """The subtitle cues are punctuated prose cut between clauses: CUES_MARKED_SHARE of them end
    on a clause or sentence mark, so one ending on a letter is a sentence cut mid-way. A list's
    items (a timeline's steps, a chapter list's topics) end on letters, each its own line."""
    return bool(cues) and sum(1 for c in cues if _CUE_MARK_END.search(c)) >= CUES_MARKED_SHARE * len(cues)


def _cue_runs_on(text: str) -> bool:
    """A subtitle cue whose sentence goes on in the next cue: prose (a clause mark in it, or
    CUE_RUN_MIN letters) ending on a letter or clause mark, not a sentence end."""
    return bool(_CUE_OPEN_END.search(text)) and (bool(_CLAUSE_MARK.search(text)) or len(compact(text)) >= CUE_RUN_MIN)


CUE_RUN_MIN = 8


# A show's or interview's furniture (a speaker's label alone on its line, a host's greeting and
# segue, a sponsor's read, a subtitle's or minutes' notice) is read as such only on a transcript:
# a page whose lines run on a recording's clock, or with SPEAKER_LABELS_MIN speaker labels. On
# another page the same words are the article's sentences ("研究员建议：", "双方的谈判暂时告一段落，…").
TRANSCRIPT_RULES = frozenset({"speaker-label", "show-greeting", "show-segue", "sponsor-read", "transcript-notice"})
SPEAKER_LABELS_MIN = 2
_NON_TRANSCRIPT: dict[int, tuple[ChromeRules, ChromeRules]] = {}


def _page_chrome(chrome: ChromeRules, lines: list[Line], on_clock: bool) -> ChromeRules:
    """The rules for this page: without TRANSCRIPT_RULES unless the page is a transcript
    (`on_clock`, or SPEAKER_LABELS_MIN speaker labels)."""
    if on_clock:
        return chrome
    labels = chrome.short_line_by_id.get("speaker-label", ())
    if sum(1 for ln in lines if len(ln.text) <= chrome.short_max_len and any(rx.search(ln.text) for rx in labels)) >= SPEAKER_LABELS_MIN:
        return chrome
    cached = _NON_TRANSCRIPT.get(id(chrome))
    if cached is None or cached[0] is not chrome:
        cached = (chrome, replace(chrome, **{group: tuple(p for p in getattr(chrome, group) if p.id not in TRANSCRIPT_RULES)
                                             for group in ("short_line", "anywhere_line", "tail_line", "head_line")}))
        _NON_TRANSCRIPT[id(chrome)] = cached
    return cached[1]


# A text-mode browser's dump ("lynx -dump", w3m): every link is "[N]text" and the numbered URLs
# are listed at the end ("  12. https://…"). On such a page the markers are the browser's.
_LINK_MARKER = re.compile(r"\[\d{1,3}\]")
_LINK_REFERENCE = re.compile(r"^\s*\d{1,3}\.\s+(?:https?://|javascript:|file:|mailto:|ftp://)\S*$")
_LINK_LIST_HEAD = re.compile(r"^\s*(?:references|visible links|hidden links|链接列表|引用链接)\s*[:：]?\s*$", re.IGNORECASE)
_LINKED_TEXT = re.compile(r"\[\d{1,3}\][^\s\[\]]")  # a marker glued before its link's text
LINK_REFERENCES_MIN = 5  # numbered URL lines that make a page a text browser's dump
LINK_MARKERS_MIN = 5  # link markers in its lines


def _link_markers(lines: list[Line], removals: list[Removal]) -> list[Line]:
    """Take a text browser's link markers off the lines of its dump (a sentence's "由[23]某某基金领投"
    is "由某某基金领投"); on any other page "[1]" is a note's or a citation's number and stays."""
    references = sum(1 for ln in lines if _LINK_REFERENCE.match(ln.text))
    numbers = [int(m[1:-1]) for ln in lines for m in _LINK_MARKER.findall(ln.text)]
    # (a browser numbers every link, a menu's too: "[4]首页 [5]芯片 [6]算力"; a paper's citations
    # "[1][2]" stand after words, and its reference list is not every link of a page)
    if (references < LINK_REFERENCES_MIN or len(numbers) < LINK_MARKERS_MIN or references < max(numbers) / 2
            or not any(len(_LINKED_TEXT.findall(ln.text)) >= 3 for ln in lines)):
        return lines
    out = []
    for ln in lines:
        if _LINK_REFERENCE.match(ln.text) or _LINK_LIST_HEAD.match(ln.text):  # the list of the links' URLs
            removals.append(Removal("chrome", ln.text, "link-references", ln.no))
            continue
        found = _LINK_MARKER.findall(ln.text)
        rest = _LINK_MARKER.sub("", ln.text).strip() if found else ln.text
        if found and rest:
            removals.extend(Removal("chrome", m, "link-marker", ln.no) for m in found)
            ln = Line(ln.no, rest)
        out.append(ln)
    return out


# A slide deck exported as text: each slide opens with its page marker ("第3页 / 共8页") and its
# speaker notes with a label ("备注："). When the notes hold the text, what stands between the
# marker and the label is the slide's (its title, bullets, chart labels).
SLIDES_MIN = 2
SLIDE_LINES_MAX = 12


def _slide_frames(lines: list[Line], chrome: ChromeRules) -> dict[int, tuple[str, str]]:
    counter = chrome.short_line_by_id.get("page-counter", ())
    notes = chrome.short_line_by_id.get("notes-label", ())
    marks = [i for i, ln in enumerate(lines) if len(ln.text) <= chrome.short_max_len and any(r.search(ln.text) for r in counter)]
    labels = [i for i, ln in enumerate(lines) if any(r.search(ln.text) for r in notes)]
    if len(marks) < SLIDES_MIN or len(labels) < SLIDES_MIN:
        return {}
    spam = spam_rules()
    out: dict[int, tuple[str, str]] = {}
    for k, m in enumerate(marks):
        end = marks[k + 1] if k + 1 < len(marks) else len(lines)
        label = next((j for j in labels if m < j < end), None)
        if label is None:  # a slide without notes ("Q&A", "谢谢！"): all of it the slide's, no prose
            label = end - 1
            if any(is_body(lines[j].text) for j in range(m + 1, end)):
                continue
        if label - m - 1 > SLIDE_LINES_MAX:
            continue
        for j in range(m + 1, label + 1):
            out[lines[j].no] = ("spam" if spam_spans(lines[j].text, spam) else "chrome", "slide-content")
    return out


def _spoken_line(text: str, field: re.Match[str], byline_value: re.Pattern[str]) -> bool:
    """"记者：您如何看待大模型价格战？": an interview's question under a reporter's label, no byline.
    The value after an author's label is a sentence (a sentence end, or clauses this long);
    a byline's value is names, maybe a date ("记者：张三，李四", "报道：林宛仪 2025年9月22日"), or
    names with a place and 报道/发自 or a photographer's credit, even with a full stop
    (rules/chrome.yaml metadata `byline_value`: "记者：王晓明，北京报道。")."""
    label = field.group(1) or field.group(2)
    if label not in _AUTHOR_LABELS:
        return False
    value = text[field.end() :]
    byline = byline_value.match(value.strip())  # "王晓明，北京报道。", "林晓 摄影：许峰。"
    if byline and (byline.group("tail") or not _SENTENCE_END.search(value)):
        return False
    return bool(_SENTENCE_END.search(value)) or (
        len(_LETTER.findall(value)) >= SPOKEN_MIN and bool(_CLAUSE_INSIDE.search(value)) and not _DATE.search(value))


def _set_person(meta: Meta, key: str, value: str) -> None:
    value = value.strip(" |｜")
    if not value or len(value) > 40:
        return
    if key in ("来源", "出品"):
        if meta.origin is None:
            meta.origin = value
    elif key in ("作者", "文", "撰文", "记者") and meta.author is None:
        meta.author = value


# --- the cleaner ----------------------------------------------------------------------


@dataclass
class Context:
    """What the cleaner knows beyond the segment: lines common across unrelated inputs."""

    common_lines: frozenset[str] = frozenset()
    spam_brands: frozenset[str] = frozenset()  # spam site names the document's own spam names (spam.learned_brands)
    # spans the lexicon (without the brands) found while learning them, by line text
    spam_found: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def _framed_lines(lines: list[Line], chat: dict[int, tuple[str, str]], chrome: ChromeRules, removals: list[Removal]
                  ) -> tuple[list[Line], ChromeRules, dict[int, tuple[str, str]]]:
    """The segment's lines as the rules read them: glued fields split, a forward's part,
    role labels taken off, subtitle cues on a clock joined into their sentences, link markers
    out; the page's chrome rules; and the page's frame (line number -> kind, rule): the chat
    export's messages (`chat`) and a slide deck's own lines."""
    lines = _split_glued_fields(lines, chrome)
    lines = _forwarded_part(lines, removals)
    lines = _pasted_report(lines, removals)
    lines = _exam_frame(lines, removals)  # an exam paper's questions around its reading passage
    # a chat export's sender lines and messages, a slide deck's own lines around its speaker
    # notes: the page's frame, taken out before the headline is looked for
    lines = _role_labels(lines, chrome, removals)
    on_clock = _on_clock(lines)
    # (a show's furniture rules only on a bracketed clock: a bare one is a video's subtitles, no show's transcript)
    chrome = _page_chrome(chrome, lines, on_clock == "bracketed")
    if on_clock:
        lines = _cue_stamps(lines, removals, on_clock)
    lines = _link_markers(lines, removals)
    return lines, chrome, {**chat, **_slide_frames(lines, chrome), **_handle_watermarks(lines),
                           **bilingual.source_lines(lines), **other_floors(lines), **translated_lines(lines)}


# A bare handle alone on its line ("@某某科技", "@name.tech"): the creator's mark an app burns into
# each image of a post, which OCR reads once per image.
_HANDLE_LINE = re.compile(r"^@[\w.\u4e00-\u9fff-]{2,24}$")
WATERMARK_REPEATS = 3
# an image's marker in a carousel's or slide's text ("图片 2/8", "图3/5", "[图片]")
_IMAGE_MARK = re.compile(r"^\s*(?:(?:图片?|image|img|pic|p)\s*\d{1,3}\s*/\s*\d{1,3}"
                         r"|[\[【(（]\s*(?:图片|图|image|img|photo)\s*[\]】)）])\s*$", re.IGNORECASE)


def _handle_watermarks(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """A post's image watermark (line number -> kind, rule): the same bare handle alone on
    WATERMARK_REPEATS lines or more of the page. A handle in a sentence, or once as a signature,
    is the text's."""
    counts = Counter(ln.text.strip() for ln in lines if _HANDLE_LINE.match(ln.text.strip()))
    marks = {t for t, n in counts.items() if n >= WATERMARK_REPEATS}
    # a thread's compilation names the speaker above each quoted post ("@sama" over a post, three
    # times): a handle right above a paragraph every time, beside no image's marker, is the text's
    for mark in list(marks):
        mine = [k for k, ln in enumerate(lines) if ln.text.strip() == mark]
        imaged = any(_IMAGE_MARK.match(lines[j].text) for k in mine for j in (k - 1, k + 1) if 0 <= j < len(lines))
        if not imaged and all(k + 1 < len(lines) and is_body(lines[k + 1].text) for k in mine):
            marks.discard(mark)
    return {ln.no: ("chrome", "handle-watermark") for ln in lines if ln.text.strip() in marks}


def reading_lines(segment: Segment) -> list[Line]:
    """The lines of a segment the way clean_segment reads them before its rules remove any,
    and so the way the line classifier (digest/chromestats.py) sees them around a kept line:
    no dump marker, the frame of a chat export or slide deck out, glued fields split, subtitle
    cues joined into sentences (_framed_lines). tools/train_chromestats.py trains on these."""
    chrome = chrome_rules()
    lines = [ln for ln in segment.lines if ln.no != segment.marker_no]
    lines, _, framed = _framed_lines(lines, _chat_messages(lines, chrome), chrome, [])
    return [ln for ln in lines if ln.no not in framed]


def clean_segment(segment: Segment, context: Context | None = None, sidecar_title: str | None = None) -> CleanResult:
    context = context or Context()
    chrome = chrome_rules()
    spam = with_brands(spam_rules(), context.spam_brands)
    removals: list[Removal] = []
    meta = Meta()
    lines = list(segment.lines)

    def drop(ln: Line, kind: str, rule: str, text: str | None = None) -> None:
        removals.append(Removal(kind, text if text is not None else ln.text, rule, ln.no))

    def drop_matched(ln: Line, rule: str, patterns: tuple[Pattern, ...]) -> None:
        """Drop a line a rule of `patterns` matched (in the line, unbracketed), or only the
        notices glued to its start or end."""
        drop_notice(ln, rule, lambda t: _unquoted_rule(patterns, _unbracket(t)))

    def drop_notice(ln: Line, rule: str, rule_of: Callable[[str], str | None], whole: bool = True) -> None:
        """Drop a line a notice rule matched (`rule_of` names the rule a text matches), or only
        the notices glued to its start or end (_glued_notice); with `whole` False a line that
        is no prose with notices glued to it stays as it is."""
        glued = _glued_notice(ln.text, lambda t: rule_of(t) is not None)
        if glued is None:
            if whole:
                drop(ln, "chrome", rule)
            else:
                kept.append(ln)
            return
        prose, notices = glued
        for part in notices:
            drop(ln, "chrome", rule_of(part) or rule, part)
        spans_of.pop(ln.no, None)  # found again on what is left
        kept.append(Line(ln.no, prose))

    def statement_rule(text: str) -> str | None:
        return "page-statement" if _page_statement(text) else None

    kept: list[Line] = []
    chat = _chat_messages([ln for ln in lines if ln.no != segment.marker_no], chrome)
    if segment.marker_no is not None:
        for ln in lines:
            if ln.no == segment.marker_no:
                if chat:  # a chat log's day line dates the messages, not a pasted article
                    drop(ln, "chrome", "article-marker, chat-day")
                    continue
                # The marker line of a dump often holds the article's date ("发表于 …").
                rule = _metadata(ln.text, chrome, meta)
                drop(ln, "metadata" if rule else "counter", f"article-marker, {rule}" if rule else "article-marker")
        lines = [ln for ln in lines if ln.no != segment.marker_no]

    lines, chrome, framed = _framed_lines(lines, chat, chrome, removals)
    for ln in lines:
        if ln.no in framed:
            drop(ln, *framed[ln.no])
    lines = [ln for ln in lines if ln.no not in framed]
    if segment.title_no in framed:  # a message the split took for a headline: the part's headline is looked for
        segment = replace(segment, title_no=None)
    keys = [compact(ln.text) for ln in lines]  # each line's repeat key, made once
    # A page title with the site's name ("标题？… | 科技 | 某新闻网") is no paragraph.
    standfirst = _standfirst(lines, keys, chrome)
    # Disclaimers and reprint notices are long sentences too; they do not end the body.
    spans_of: dict[int, list[tuple[int, int]]] = {}  # spam spans per line, found once
    for ln in lines:  # ... or already, with the same lexicon, while the page's brands were learned
        reuse = context.spam_found.get(ln.text)
        if reuse is not None and not any(b in ln.text for b in context.spam_brands):
            spans_of[ln.no] = reuse

    line_at = {ln.no: ln for ln in lines}

    def _wrapped_above(ln: Line) -> bool:
        """The line above is a hard-wrapped piece of a sentence: as long as a wrapped line,
        broken off after a letter with no mark."""
        above = line_at.get(ln.no - 1)
        return (above is not None and len(above.text) >= WRAPPED_LINE_MIN
                and bool(_CJK_CHAR.search(above.text[-1:])))

    def _join_wrap_cut(ln: Line, spans: list[tuple[int, int]]) -> None:
        """Spam the wrap cut in two goes whole: the letters before its run in this line, and the
        head of it ending the line above after its last clause mark when a lexicon term is in it."""
        spans_of[ln.no] = [(0, spans[0][1]), *spans[1:]]
        above = line_at[ln.no - 1]
        start = max((m.end() for m in _CLAUSE.finditer(above.text)), default=0)
        head = above.text[start:]
        if 0 < len(head.strip()) <= WRAP_CUT_HEAD + 2 and spam.run.search(head):
            spans_of[above.no] = merge_spans([*_line_spans(above, spans_of, spam), (start, len(above.text))])

    def spam_share(ln: Line) -> float:
        if ln.no not in spans_of:
            spans_of[ln.no] = spam_spans(ln.text, spam)
        spans = spans_of[ln.no]
        if not spans:
            return 0.0
        # Spam spliced into a sentence that stands without it is cut out inline (below),
        # however much of a short paragraph it takes.
        rest = compact(cut(ln.text, spans))
        if len(rest) >= SPAM_REST_PROSE and _SENTENCE_END.search(ln.text[spans[-1][1] :] or ""):
            return 0.0
        # ... and so is spam spliced into a hard-wrapped line of a sentence: prose of a clause before
        # it, a clause's run of letters after it up to the wrap, which breaks mid-sentence
        after = ln.text[spans[-1][1] :]
        if (len(rest) >= WRAPPED_PROSE_REST and _CLAUSE.search(ln.text[: spans[0][0]]) and _CJK_CHAR.search(ln.text[-1:])
                and len(_LETTER.findall(after)) >= WRAPPED_REST_MIN and not _CLAUSE.search(after)):
            return 0.0
        # ... or spam the wrap cut in two, its tail opening this line: the line above breaks off
        # mid-word, and after the spam a clause of the sentence runs on to this line's own wrap
        if (spans[0][0] <= WRAP_CUT_HEAD and not _CLAUSE.search(ln.text[: spans[0][0]])
                and _CLAUSE.search(after[:2]) and _CJK_CHAR.search(ln.text[-1:])
                and len(_LETTER.findall(after)) >= WRAPPED_REST_MIN and _wrapped_above(ln)):
            _join_wrap_cut(ln, spans)
            return 0.0
        if any(_splits_word(ln.text, a, b) for a, b in spans):  # "Step b|极速快三|y Step": spliced into a word
            return 0.0
        return sum(b - a for a, b in spans) / max(1, len(ln.text.replace(" ", "")))

    # The article starts at its first paragraph of prose: a notice, statement or spam
    # paragraph above it is page furniture, however long.
    # a labelled abstract ("内容提要：…", "摘要：…") that the text below repeats is no first paragraph
    excerpts = _lead_excerpts(lines, keys, chrome)
    def opens(i: int) -> bool:
        ln = lines[i]
        return (is_body(ln.text) and not _page_title(ln.text) and i not in standfirst and i not in excerpts
                and not _header_line(ln.text, chrome) and not _header_field(lines, i)
                and not _labelled_title(ln.text)  # "标题：…" names the article, no paragraph of it
                and not _furniture_prose(ln.text, chrome) and not _page_statement(ln.text)
                and not _arrow_end(ln.text)  # a banner or card closing with its link arrow
                and not _TIMED_ITEM.match(ln.text)  # "08:40 【天气】…": a listed push or flash item
                and not _file_listing(ln.text)  # "文件名：标题.txt": a drive's listing of the file
                and spam_share(ln) < spam.paragraph_share)

    first_body = next((i for i in range(len(lines)) if opens(i)), len(lines))
    # The article ends at its last paragraph of prose; statements, notices and spam
    # paragraphs below it are page furniture, whatever their length.
    def closes(ln: Line) -> bool:
        text = ln.text
        return (is_body(text) and not _unquoted_rule(chrome.tail_line, text) and not _separated_row(text)
                and not _citation_line(text, chrome)
                and not _page_statement(text) and _can_close(text)
                and not (len(text) <= chrome.anywhere_max_len and _unquoted_rule(chrome.anywhere_line, text))
                and spam_share(ln) < spam.paragraph_share)

    last_body = next((i for i in range(len(lines) - 1, -1, -1) if closes(lines[i])), -1)  # scanned from the end
    meta_lines, thread_starts = _thread_starts(lines, chrome.comment_meta)
    offsets = [0]  # characters before each line, and in all
    for ln in lines:
        offsets.append(offsets[-1] + len(ln.text))
    # A comment thread in the second half of the page ends the article: a reader's long
    # comment is no paragraph of it, so the tail (and its furniture) starts above the thread.
    thread = min((i for i in thread_starts if offsets[i] >= THREAD_MIN_POSITION * offsets[-1]), default=None)
    # ... and so does the thread's own header ("留言（23）", "全部评论"), whatever shape its
    # comments take ("某某：说的是。 2天前" on one line is no byline row)
    header = next((i for i in range(max(first_body, 0) + 1, len(lines))
                   if offsets[i] >= THREAD_MIN_POSITION * offsets[-1] and len(lines[i].text) <= 2 * BARE_HEADER_MAX
                   and not _CLAUSE_MARK.search(lines[i].text) and not _SENTENCE_END.search(lines[i].text)
                   and _short_line_rule(chrome, lines[i].text) in THREAD_HEADERS), None)
    if header is not None and (thread is None or header < thread):
        thread = header
    if thread is not None and thread > first_body:
        last_body = next((i for i in range(min(last_body + 1, thread) - 1, -1, -1) if closes(lines[i])), last_body)
    page = page_text(lines, first_body, last_body)
    title_idx, passed_name = _find_title(lines, keys, segment, chrome, spam, first_body, spans_of, page)
    if title_idx is not None:
        meta.title = _labelled_title(lines[title_idx].text) or _named_text(lines[title_idx].text) or lines[title_idx].text
        if meta.title != lines[title_idx].text:  # the label ("标题 ", "Title: ") is the page's, recorded
            label = lines[title_idx].text[: lines[title_idx].text.find(meta.title)].strip()
            if label:
                removals.append(Removal("chrome", label, "title-label", lines[title_idx].no))
        split = _site_split(meta.title, page, title_idx)
        if split:  # a page title's site and channel ("_科技频道_某某网") are the page's, recorded
            # (the whole headline in a reader's book-title marks, "《标题》- 全文阅读 - 某某图书馆": the marks are
            # the site's; on a news site's page they are the headline's own, "《某某白皮书》 - 某某科技网")
            meta.title = _WHOLE_BOOK_TITLE.sub(r"\1", split[0]) if _reader_site(split[1]) else split[0]
            removals.extend(Removal("chrome", part, "title-site", lines[title_idx].no) for part in split[1])
            # (looked for above the first sentence of prose: a copy below the text is a related item's;
            # a menu row with a clause mark may pass for the first paragraph, a sentence is prose's)
            prose = next((i for i in range(max(first_body, title_idx + 1), len(lines))
                          if opens(i) and _SENTENCE_END.search(lines[i].text)), len(lines))
            own = _own_headline(lines, keys, title_idx, meta.title, prose) if segment.title_no is None else None
            if own is not None:  # the page prints the headline on its own line below: the article starts there
                title_idx = own
        edit = _page_title_rules().edit_view.match(meta.title)
        if edit:  # an edit view's "编辑「标题」 - 某某百科": the tool's words and the site go
            inner = edit.group("title") or edit.group("latin")
            removals.append(Removal("chrome", meta.title.replace(inner, "", 1).strip(), "title-edit-view",
                                    lines[title_idx].no))
            meta.title = inner
        tag = chrome.metadata["title_tag"].match(meta.title)
        if tag and len(meta.title) - tag.end() >= 4:  # a forum tag such as "[心得]" is not the title
            removals.append(Removal("chrome", tag.group(0).strip(), "title-tag", lines[title_idx].no))
            meta.title = meta.title[tag.end() :]
        number, headline = item_headline(meta.title) if segment.title_no is not None else ("", meta.title)
        if number:  # a dump's item number ("2. 标题", "第2篇：标题") is the dump's, not the title's
            removals.append(Removal("chrome", number.strip(), "item-number", lines[title_idx].no))
            meta.title = headline
        whole = _WHOLE_BRACKETS.match(meta.title) or _WHOLE_ANGLE.match(meta.title)
        if whole:  # a flash item's "【headline】": the brackets are the list's, not the title's (〈…〉: the page's marks)
            meta.title = whole.group(1).strip()
        if segment.title_no is None:
            meta.title, extras = _title_without_extras(meta.title, lines, title_idx, first_body, page)
            removals.extend(Removal("chrome", part, "title-extra", lines[title_idx].no) for part in extras)
        meta.title_line = lines[title_idx].no
        if title_idx > max(first_body, 0) and segment.title_no is None and _original_title(lines[title_idx].text):
            # a reprint's "原标题：…" below the text gives the title; the line is read in its place
            # (a metadata line) and nothing above it is taken for the page's top
            title_idx = None
    # a breadcrumb down to the headline ("稿库首页 > 产经 > 标题", "草稿箱 > 编辑：标题") names the
    # article where the page prints no headline of its own: its last item is the title, not a
    # site's or system's name at the top of the page above it
    crumb = _crumb_headline(lines, first_body, page, spans_of, spam) if segment.title_no is None else None
    if crumb is not None and (title_idx is None or (title_idx < crumb[0] and page.restates(lines[title_idx].text) < NAME_SIGNED_SHARE
                                                    and compact(crumb[1]) not in compact(meta.title or ""))):
        if title_idx is not None:
            passed_name = title_idx  # dropped below as the name it is
        title_idx, meta.title, meta.title_line = crumb[0], crumb[1], lines[crumb[0]].no
        removals.append(Removal("chrome", lines[title_idx].text, "breadcrumb-title", lines[title_idx].no))
    # A page-title line above the headline is no body; nor is the headline of a page
    # with furniture above it (a dump's segment title, or a first line that is the title,
    # may be a long sentence, and what follows it text).
    # (a long first line is the headline too when a date or byline line stands right under it)
    if title_idx is not None and (first_body < title_idx or (first_body == title_idx and segment.title_no is None and (
            title_idx > 0 or (len(lines) > 1 and _metadata(lines[1].text, chrome, Meta()))))):
        first_body = next((i for i in range(title_idx + 1, len(lines))
                           if is_body(lines[i].text) and i not in standfirst and i not in excerpts
                           and not _furniture_prose(lines[i].text, chrome) and not _page_statement(lines[i].text)
                           and spam_share(lines[i]) < spam.paragraph_share), len(lines))
    title_key = compact(meta.title) if meta.title else None
    line_counts = Counter(keys)
    # a running footer numbers its pages ("某某研究部 | 3"): counted without its digits
    paged_counts = Counter(_DIGITS.sub("", k) for k in keys)
    tail_closed = False  # after a copyright/disclaimer/comment block nothing is article text
    references = False  # after "参考资料" the tail is the article's reference list
    mid_related = interleaved = False  # a "related" block inside the text, and prose below it
    above = Meta()  # what metadata lines above the title say
    calls: set[int] = set()  # lines dropped as calls to action or promotions
    original: str | None = None  # a stated original title above the text
    personal = Voice([ln.text for ln in lines[max(first_body, 0) : last_body + 1]])  # a post's own sign-off stays
    cards = _info_cards(lines, first_body)
    # the share text quoting the article's headline with its link ("分享给好友：《标题》 https://…"): a repeat
    shared = compact(meta.title) if meta.title else None
    for i, ln in enumerate(lines):
        text = ln.text
        in_head = i < first_body or i < HEAD_SCAN
        in_tail = i > last_body
        if i == title_idx:
            continue
        if shared and i > first_body and _share_quote(text) == shared:
            drop(ln, "repeat", "share-text")
            continue
        if (title_idx is not None and i == title_idx + 1 and segment.title_no is None and _deck(text, chrome)
                and title_idx >= 1 and _deck_shape(lines[title_idx - 1].text, chrome)
                and i + 1 < len(lines) and _header_row(lines[i + 1].text, chrome)):
            # a paper's three-line headline: the deck under it, above its byline or the page's furniture,
            # is the headline's, no paragraph (two stacked lines read either way and both stay)
            drop(ln, "metadata", "title-deck")
            continue
        if i == passed_name and not is_body(text):  # the name placed as the headline and passed over
            drop(ln, "chrome", "title-name")
            continue
        if tail_closed:
            drop(ln, "comments" if _is_comment(text, chrome) else "chrome", "after-end-of-article")
            continue
        if i in standfirst:
            drop(ln, "repeat", "standfirst-copy")
            continue
        if i > first_body and i in meta_lines:
            # The first byline below the article may be the article's own ("发布于 …"):
            # its date and source are read before the thread is closed.
            start = i in thread_starts and offsets[i] >= THREAD_MIN_POSITION * offsets[-1]
            rule = (_metadata(text, chrome, _tail_meta(text, chrome, meta) if in_tail else meta, head=in_head and not in_tail,
                              above_text=False)
                    if in_head or start else None)
            drop(ln, "metadata" if rule else "comments", rule or "comment-meta")
            tail_closed = start
            continue
        if title_key and any(_is_title_copy(t, k, title_key) or _page_title_copy(k, title_key, i, title_idx)
                             for t, k in _with_untagged(text, keys[i], chrome)):
            drop(ln, "repeat", "title-repeat")
            continue
        if i + 1 < len(lines) and _about_box(text, lines[i + 1].text, chrome):
            drop(ln, "chrome", "about-box")
            tail_closed = True
            continue
        if ((line_counts[keys[i]] >= RUNNING_REPEATS or (paged_counts[_DIGITS.sub("", keys[i])] >= RUNNING_REPEATS
                                                          and len(_DIGITS.sub("", keys[i])) >= PAGED_KEY_MIN))
                and _running_header(text)):
            drop(ln, "chrome", "running-header")
            continue
        # Above a page's headline: furniture, or a short notice about the page even when it
        # reads as a sentence (a cookie or app banner); other prose there may be text (an
        # editor's note), and a long paragraph too.
        if title_idx is not None and i < title_idx and (not is_body(text) or (
                segment.title_no is None and (not _SENTENCE_END.search(text) or (
                    len(text) < ABOVE_TITLE_PROSE and _above_title_notice().search(text))))):
            # a date or byline line above the title is still the page's metadata (its date counts
            # only when none stands below the title: an upload date); but a row under the name
            # passed over for the headline is read as it was under that name, the page's own row
            rule = _metadata(text, chrome, meta if passed_name is not None and passed_name < i else above)
            if rule:
                drop(ln, "metadata", rule)
                continue
            kind = "spam" if _line_spans(ln, spans_of, spam) else "chrome"
            drop(ln, kind, "before-title")
            continue
        if _is_comment(text, chrome):
            # above the article a "来源：… 2025-07-02 19:45:11" byline has a comment's shape; right
            # below its last paragraph a stamp that opens with its verb and names no one ("发表于
            # 2025-07-02 13:26  更新于 …") is the post's own (a reply's names its poster first)
            own_stamp = i > first_body and is_body(lines[i - 1].text) and chrome.metadata["own_stamp"].match(text)
            rule = _metadata(text, chrome, meta, above_text=_above_text(lines, i, first_body)) if i < first_body or own_stamp else None
            if rule and not own_stamp:
                drop(ln, "metadata", rule)
                continue
            drop(ln, "metadata" if rule else "comments", rule or "comment-line")  # (the post's stamp closes it too)
            if i > len(lines) // 2 or (i > first_body and offsets[i] >= THREAD_MIN_POSITION * offsets[-1]):
                tail_closed = True
                # the first floor's stamp under a forum post is the post's own ("1楼 2025-10-14 21:37")
                if _FIRST_FLOOR.match(text):
                    _set_date(meta, parse_header_date(text))
            continue
        # between the headline and the text a line with a date is the page's metadata before
        # it is a counter or a source line ("发布时间：… 浏览次数：1286", "来源：某某网  2025-02-27")
        if (title_idx is not None and title_idx < i < first_body and _DATE.search(text)
                and not _line_spans(ln, spans_of, spam)):  # (a spam site's name is no source)
            rule = _metadata(text, chrome, meta)
            if rule:
                drop(ln, "metadata", rule)
                continue
        probe = _unbracket(text)
        if len(text) <= chrome.anywhere_max_len:
            rule = _unquoted_rule(chrome.anywhere_line, probe)
            if rule:
                if rule in WHOLE_LINE_RULES:  # the rule names the whole line, whatever sentences it holds
                    drop(ln, "chrome", rule)
                else:
                    drop_matched(ln, rule, chrome.anywhere_line)
                tail_closed = tail_closed or (in_tail and rule in ("statement", "original-notice")) or (
                    # where the free part ends, with no sentence of prose below it (the paid items' list)
                    rule == "paywall" and i > first_body
                    and not any(_SENTENCE_END.search(lines[k].text) for k in range(i + 1, last_body + 1)))
                continue
        if spam_share(ln) >= spam.paragraph_share:
            drop(ln, "spam", "spam-share")
            continue
        if (i < first_body or in_tail) and _page_statement(text):
            drop_notice(ln, "page-statement", statement_rule)
            tail_closed = tail_closed or in_tail
            continue
        if len(text) <= chrome.short_max_len:
            rule = _short_line_rule(chrome, probe)
            if rule == "editor" and i < first_body and _DATE.search(text) and _metadata(text, chrome, meta):
                drop(ln, "metadata", "editor-fields")  # "来源：某刊 2026年7月2日 记者 某某" above the text dates it
                continue
            if rule:
                drop(ln, "chrome", rule)
                if rule == "account-card":  # the card's name and bio just above it go too
                    for k in range(i - 1, max(-1, i - 1 - CARD_ABOVE), -1):
                        if k in calls:  # the bio read as a call ("关注…，每周三更新。"), gone already
                            continue
                        if not (kept and kept[-1] is lines[k] and len(lines[k].text) <= chrome.short_max_len):
                            break
                        drop(kept.pop(), "chrome", "account-card-above")
                # A "related reading" or comment header near the end starts page furniture,
                # even when a comment below it looks like prose.
                # By characters too: a short article with a long sidebar below it.
                bare = len(text) <= BARE_HEADER_MAX
                late = i >= 0.6 * len(lines) or (bare and offsets[i] >= TAIL_MIN_POSITION * offsets[-1])
                if rule in ("copyright", "related", "comment-head", "comment-count", "end-mark") and (in_tail or late):
                    # (a feed page that interleaves "related" cards with the paragraphs, one block of
                    # them already passed with prose below it: a late block above the last
                    # paragraph is one more such block, not the page's tail)
                    tail_closed = tail_closed or not (rule == "related" and not in_tail and interleaved)
                elif rule == "related" and i > first_body:
                    mid_related = True
                continue
            if shape(text) in context.common_lines:
                drop(ln, "chrome", "cross-input-frequency")
                continue
        rule = _first(chrome.caption, text)
        # ("图为…。本报记者 某某 摄": a description closed by its photographer's credit)
        if (rule and not _CAPTION_PROSE.search(text)) or rule in ("image-note", "image-tail", "alt-text", "credit-first") or (
                rule == "image-said" and _PHOTO_BY.search(text)) or (
                rule in ("photo-credit", "figure-label") and _one_sentence_caption(text)):
            drop(ln, "caption", rule)
            continue
        if in_head or in_tail:  # bylines sit above the article, or below it (Q&A sites)
            rule = _metadata(text, chrome, _tail_meta(text, chrome, meta) if in_tail else meta, head=in_head and not in_tail,
                             above_text=_above_text(lines, i, first_body))
            if rule == "original-title" and i < first_body and original is None:
                original = chrome.metadata["original_title"].match(text).group("value").strip()  # type: ignore[union-attr]
            if rule:
                drop(ln, "metadata", rule)
                continue
        if ((in_head and i < first_body) or in_tail) and menu_line(text):
            drop(ln, "chrome", "menu-items")
            continue
        if ((in_head and i < first_body) or in_tail) and field_row(text):
            drop(ln, "chrome", "field-row")
            continue
        if i < first_body and i in cards:
            drop(ln, "chrome", "info-card")
            continue
        if in_head and i < first_body:
            rule = _first(chrome.head_line, text)
            if rule:
                drop(ln, "chrome", rule)
                continue
            if _repeated_keyword_line(text):
                drop(ln, "stuffing", "keyword-repeat")
                continue
        if (title_idx is not None and title_idx < i < first_body
                and (_is_header_block(text) or _header_field(lines, i) or _header_label(text)
                     or (_head_furniture_shape(text) and not _HEAD_PROSE.search(text) and not _NUMBERED_HEADING.match(text)))
                and not (i + 1 == first_body and _HEADING.fullmatch(text.rstrip(":： ")))  # "核心观点" opens the body
                # the deck right under the headline, above the date line, could be the headline:
                # kept as the first paragraph rather than dropped
                and not (i == title_idx + 1 and i + 1 < len(lines) and _DATE.match(lines[i + 1].text.lstrip())
                         and is_title_like(text) and len(_LETTER.findall(text)) >= HEADLINE_MIN)):
            drop(ln, "chrome", "header-block")
            continue
        # a name's line there (an author's card "某某  认证：数码博主  关注"): no sentence, and not
        # one letter pair of it in the article's prose (a deck restates the article)
        if title_idx is not None and title_idx < i < first_body and _name_card(text, page):
            drop(ln, "chrome", "header-name")
            continue
        if in_tail:
            rule = _unquoted_rule(chrome.tail_line, probe)
            if rule:
                drop_matched(ln, rule, chrome.tail_line)
                tail_closed = True
                continue
            if _separated_row(text):
                drop(ln, "chrome", "tail-separated-row")
                continue
            if chrome.metadata["references"].match(text):
                references = True
            elif (not references and len(text) <= TAIL_SHORT and chrome.metadata["stamp"].search(text)
                  and not (_stamp_in_sentence(text, chrome.metadata["stamp"].search(text))
                           and not _in_thread(lines, i, last_body, meta_lines, chrome))):
                # A short line with a time stamp after the article: a comment thread starts.
                drop(ln, "comments", "tail-timestamp")
                tail_closed = True
                continue
            elif (not references and text.rstrip()[-1:] in (":", "：") and len(text) <= HEADER_LABEL_MAX
                  and not _CLAUSE_MARK.search(text)):  # "截至发稿，…包括：" is the article's sentence
                # below the text a label whose value is gone ("5.完整新闻连结:"): furniture
                drop(ln, "chrome", "tail-label")
                continue
            elif not references and _IP_SHAPE.search(text) and not _SENTENCE_END.search(text):
                # a poster's address ("※ 发信站: …, 来自: 114.36.xx.xx"): a forum's footer
                drop(ln, "chrome", "tail-ip-address")
                continue
            elif not references and _is_tail_furniture(text) and not (
                    len(text) > TAIL_SHORT and i == last_body + 1 == len(lines) - 1 and _CJK_CHAR.search(text)):
                # (a long line right after the last paragraph and alone below it is the article's
                # unpunctuated closing line, not a list of related headlines)
                drop(ln, "chrome", "tail-short-line")
                continue
        # a call to action or a promotion that no rule above knew, in any wording (cta.py)
        call = line_kind(text, edge=i < first_body or in_tail, personal=personal)
        if call:
            drop(ln, "chrome", f"cta-{call}")
            calls.add(i)
            continue
        # inside the article a statement about the page stays, unless it opens or closes a
        # paragraph of prose glued to it ("【版权归原作者所有，如有侵权请联系删除】世界卫生组织…"):
        # then the statement goes and the prose stays
        if _page_statement(text):
            drop_notice(ln, "page-statement", statement_rule, whole=False)
            continue
        kept.append(ln)
        interleaved = interleaved or (mid_related and is_body(text))

    if meta.date is None and above.date is not None:
        meta.date, meta.date_precision, meta.published_time = above.date, above.date_precision, above.published_time
    if meta.title is None and original is not None:
        # no headline on the page, but the text's stated original title above it ("原文标题：…")
        meta.title = original
    if meta.title is None and sidecar_title is None:
        meta.notes.append("no title line: title derived from content")
    kept = _join_page_breaks(kept, removals, spans_of)
    kept = _cut_edit_buttons(kept, removals)
    kept = _drop_repeats(kept, drop)
    kept = _cut_edge_calls(kept, removals, personal, spans_of)
    kept = _inline_cleanup(kept, spam, removals, spans_of)
    kept = remove_keyword_runs(kept, meta.title, removals)
    kept = repair_stuffing(kept, meta.title, removals)
    kept = drop_dangling_tails(kept, meta.title, removals)
    # a line that inline removals left with a single letter ("一" of "一、行业格局…") is no text;
    # nor is the phone number an ad cut out of its line leaves behind ("137-0000-1111")
    kept = _wrap_remainders(kept)
    cut_spam = {r.line for r in removals if r.kind == "spam" and r.rule in ("spam-lexicon-run", "spam-stats")}
    left = {ln.no for ln in kept if len(compact(ln.text)) <= 1
            or (ln.no in cut_spam and len(ln.text) <= AD_LEFT_MAX and _PHONE_LEFT.search(ln.text))}
    for ln in kept:
        if ln.no in left:
            removals.append(Removal("spam" if ln.no in cut_spam and len(compact(ln.text)) > 1 else "stuffing", ln.text,
                                    "inline-leftover", ln.no))
    kept = [ln for ln in kept if ln.no not in left]
    kept = _chrome_stats(lines, kept, removals, meta.title_line)
    return CleanResult(kept, meta, removals)


_WRAP_REMAINDER = re.compile(r"^\s*\w[。！？!?…]+[”’」』）)]?\s*$")


def _wrap_remainder(prev: Line, ln: Line) -> bool:
    """A hard wrap's last letter and full stop ("高。") on its own line, below a line of prose
    that breaks mid-sentence (it ends on a letter, not a mark)."""
    return (bool(_WRAP_REMAINDER.match(ln.text)) and len(prev.text) >= WRAPPED_PROSE_MIN
            and prev.text[-1:].isalnum() and bool(_CLAUSE_MARK.search(prev.text)))


WRAPPED_PROSE_MIN = 12


def _wrap_remainders(kept: list[Line]) -> list[Line]:
    """Each `_wrap_remainder` line joined to the line it was wrapped from."""
    out: list[Line] = []
    for ln in kept:
        if out and _wrap_remainder(out[-1], ln):
            out[-1] = Line(out[-1].no, out[-1].text + ln.text.strip())
            continue
        out.append(ln)
    return out


def _chrome_stats(lines: list[Line], kept: list[Line], removals: list[Removal], title_no: int | None) -> list[Line]:
    """After every rule: the kept lines the line classifier (digest/chromestats.py) is
    confident are page furniture, read in the place they had among the segment's lines.
    The headline is no kept line, so never one of them; nor is the line right under it
    (a deck, or a kicker's headline, which the title rules keep as the first paragraph)."""
    if not kept:
        return kept
    where = {ln.no: i for i, ln in enumerate(lines)}
    texts = [ln.text for ln in lines]
    numbers = Counter(ln.no for ln in kept)  # (a line split in two by the rules is read as it was)
    deck = where[title_no] + 1 if title_no in where else None
    candidates = []
    for ln in kept:
        i = where.get(ln.no)
        if i is not None and numbers[ln.no] == 1 and i != deck:
            texts[i] = ln.text  # the line as the rules left it
            candidates.append(i)
    found = dict(chromestats.chrome_lines(texts, candidates))
    if not found:
        return kept
    out = []
    for ln in kept:
        score = found.get(where.get(ln.no, -1)) if numbers[ln.no] == 1 else None
        if score is None:
            out.append(ln)
        else:
            removals.append(Removal("chrome", ln.text, f"chrome-stats {score:.1f}", ln.no))
    # The classifier took the lines that closed the text: short furniture they held above them
    # ("相关舆情" over its list), which no tail rule read as the tail while they stood below it,
    # goes as the tail rules take it when the page is cleaned again (cleaning twice = once).
    if out and out[-1] is not kept[-1]:
        while len(out) > 1 and len(out[-1].text) <= TAIL_SHORT and _is_tail_furniture(out[-1].text):
            ln = out.pop()
            removals.append(Removal("chrome", ln.text, "tail-short-line", ln.no))
    return out


# What an ad cut out of its line leaves behind: its phone number, maybe a word or two before it
# ("137-0000-1111", "手头紧？ 139 0000 1111"): a short line with a phone in it.
AD_LEFT_MAX = 24
_PHONE_LEFT = re.compile(r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-\d{7,8})(?!\d)")


def _cut_edge_calls(kept: list[Line], removals: list[Removal], personal: Voice, spans_of: dict[int, list[tuple[int, int]]]) -> list[Line]:
    """The article's last paragraph may close with a call to action or a promotion
    ("……有望受益。喜欢就点赞分享吧！"), its first one open with one ("点击上方蓝字关注我们！……"):
    those sentences go, recorded. A cut line's spam spans are found again on what is left."""
    out = list(kept)
    for k, leading in ((len(out) - 1, False), (0, True)):
        if not out:
            break
        text, kind, cut_off = edge_calls(out[k].text, personal, leading)
        if kind is not None:
            removals.append(Removal("chrome", cut_off, f"cta-{kind}", out[k].no))
            out[k] = Line(out[k].no, text)
            spans_of.pop(out[k].no, None)
    return out


HEADER_LINE_MAX = 60


KEYWORD_TOKENS_MIN = 5  # space-separated items of an SEO keyword line
KEYWORD_TOKEN_MAX = 12  # characters of one item
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _repeated_keyword_line(text: str) -> bool:
    """Above the text, a line of search keywords that repeat one word ("出二手显卡 4090显卡 AI显卡
    炼丹显卡 深度学习显卡 …", "装修公司 北京装修公司 装修公司排名 …"): KEYWORD_TOKENS_MIN or more short
    items, no punctuation of prose, and one Chinese word of two characters in half of them or more."""
    tokens = text.split()
    if len(tokens) < KEYWORD_TOKENS_MIN or any(len(t) > KEYWORD_TOKEN_MAX for t in tokens) or _HEAD_PROSE.search(text):
        return False
    words = Counter(w for t in tokens for w in set(_CJK_PAIR.findall(t)))
    return bool(words) and max(words.values()) >= max(KEYWORD_TOKENS_MIN - 1, len(tokens) / 2)


def _header_line(text: str, chrome: ChromeRules) -> bool:
    """A short line without a sentence end that a head-line rule knows (a post's stamp
    "06-12 09:31 · 来自Android · 修改于…"): header furniture, not the body's first line."""
    return len(text) <= HEADER_LINE_MAX and not _SENTENCE_END.search(text) and bool(_first(chrome.head_line, text))


CAPTION_SENTENCE_MAX = 50
_PHOTO_CREDIT = re.compile(r"[(（][^()（）]{0,16}[)）]$")


def _one_sentence_caption(text: str) -> bool:
    """"发布会现场座无虚席。（某报 某某摄）": one short sentence and a photographer's credit."""
    credit = _PHOTO_CREDIT.search(text)
    if not credit:
        return False
    prose = text[: credit.start()].rstrip("。 ")
    return 0 < len(prose) <= CAPTION_SENTENCE_MAX and not _CAPTION_PROSE.search(prose)


def _furniture_prose(text: str, chrome: ChromeRules) -> bool:
    """A notice or statement about the page (reprint, converter, disclaimer): as long as
    prose, but no paragraph of the article."""
    return len(text) <= chrome.anywhere_max_len and bool(_unquoted_rule(chrome.anywhere_line, text))


@lru_cache(maxsize=1)
def _sentence_guard() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """rules/chrome.yaml `sentence_guard`: the word rules a sentence of prose passes, the
    particles that end a sentence spoken to the reader, and the shapes of a call to action
    or of the page speaking of itself (`calls`, one regex), and the passive words (`passive`)."""
    data = _load("chrome.yaml", RULES_DIR).get("sentence_guard", {})
    calls = "|".join(f"(?:{c['re']})" for c in data.get("calls", [])) or "(?!)"
    passive = "|".join(map(re.escape, map(str, data.get("passive", [])))) or "(?!)"
    return (frozenset(map(str, data.get("rules", []))), particle_end(str(data.get("particles", ""))),
            re.compile(calls, re.IGNORECASE), re.compile(passive))


PROSE_SENTENCE_MIN = 12  # letters of a line that is a sentence, not a button
CLAUSE_REST = 1  # letters of the word's clause past the word: the word is part of a clause
CALL_ACTIONS = 2  # action words of a call to action ("扫码|关注|公众号")
_CLAUSE_MARKS = re.compile(r"[，,；;：:。！？!?]")


def _short_line_rule(chrome: ChromeRules, text: str) -> str | None:
    """The first short-line rule that matches, passing over a word rule whose line is a sentence of prose."""
    guarded, _, _, _ = _sentence_guard()
    for pat in chrome.short_line:
        m = pat.search(text)
        if m and not (pat.id in guarded and _prose_sentence(text, m.start(), m.end())):
            return pat.id
    return None


def _prose_sentence(text: str, a: int, b: int) -> bool:
    """Is a line with a chrome word at text[a:b] a sentence of prose ("下载App的用户数在一季度增长了
    三成，其中多数来自三四线城市。")? It ends a sentence, is no shorter than PROSE_SENTENCE_MIN
    letters, the word's clause goes on past it, and it neither speaks to the reader ("点个赞再走吧！")
    nor calls for two actions with no third party its subject ("扫码关注公众号，获取更多资讯。")."""
    if not _SENTENCE_END.search(text.rstrip("”」）) ")[-1:]) or len(_LETTER.findall(text)) < PROSE_SENTENCE_MIN:
        return False
    lo, hi = clause_bounds(text, a, b, _CLAUSE_MARKS)
    clause_rest = len(_LETTER.findall(text[lo:a])) + len(_LETTER.findall(text[b:hi]))
    if clause_rest < CLAUSE_REST:
        return False
    _, particles, calls, passive = _sentence_guard()
    _, _, actions, _, reader, third_party = _statement_words()
    if reader.search(text) or particles.search(text) or calls.search(text):
        return False
    # (a passive in the word's clause makes the words a thing reported on: "点赞和转发数据被平台用于…")
    # (... and so does a reporting word: "数据显示，点赞和转发数量与…相关。", cta.reports)
    nouns = noun_spans(text)  # "转发量高的…": a noun, no action
    acts = {m.group(0).lower() for m in actions.finditer(text) if not any(a <= m.start() and m.end() <= b for a, b in nouns)}
    return (len(acts) < CALL_ACTIONS or bool(third_party.search(text))
            or bool(passive.search(text, lo, hi)) or reports(text))


QUOTED_SENTENCE_MIN = 12  # letters outside the quotation of a sentence that reports one
_QUOTATION = re.compile(r"“[^“”]{1,80}”|「[^「」]{1,80}」|『[^『』]{1,80}』")


RULE_MEMO_LIMIT = 1 << 16  # line texts remembered per rule table
# rule table -> (the table, its answer per line text): the tables are the loaded rules' own
# (long-lived; the table is held so its id is not reused), and lines repeat across inputs
_RULE_MEMO: dict[int, tuple[tuple[Pattern, ...], BoundedMemo[str, str | None]]] = {}


def _unquoted_rule(patterns: tuple[Pattern, ...], text: str) -> str | None:
    """_first_unquoted_rule, remembered per rule table and line text."""
    entry = _RULE_MEMO.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        if len(_RULE_MEMO) >= 64:  # tables made on the fly are not kept for ever
            _RULE_MEMO.clear()
        entry = _RULE_MEMO[id(patterns)] = (patterns, BoundedMemo(RULE_MEMO_LIMIT))
    return entry[1].answer(text, lambda t: _first_unquoted_rule(patterns, t))


def _first_unquoted_rule(patterns: tuple[Pattern, ...], text: str) -> str | None:
    """The first tail-line or anywhere-line rule that matches, passing over a phrase that a
    sentence quotes ("某券商App上线AI投顾功能，但提示“内容仅供参考，不构成投资建议”。"): the match
    lies inside a quotation, and the sentence around it has QUOTED_SENTENCE_MIN letters and
    ends a sentence. A page's own notice says it, it does not quote it."""
    for pat in patterns:
        m = pat.search(text)
        if m and not _quoted_in_sentence(text, m.start(), m.end()):
            return pat.id
    return None


_SENTENCE_PIECE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”」』）)\"]*)?")
# a bracketed note opening a paragraph is a piece of its own ("（本文来源：某某网，转载请注明出处）记者…");
# a bracketed label is not ("【免责声明】本文…": the label opens the notice's sentence)
_OPENING_NOTE = re.compile(r"[（(【\[〔][^（(【\[〔）)】\]〕，,：:；;]{1,60}[，,：:；;][^（(【\[〔）)】\]〕]{1,120}[）)】\]〕]")


def _glued_notice(text: str, is_notice: Callable[[str], bool]) -> tuple[str, list[str]] | None:
    """(prose, notices) when a paragraph opens or closes with a notice that a line rule knows
    ("本文转载自某公众号，版权归原作者所有。国内一家…" / "…有望受益。欢迎将本文分享至朋友圈，转载请联系后台
    授权。") and the sentences between are prose: the rule then takes the notices, not the
    paragraph. A closing notice is the shortest run of closing sentences the rule matches; an
    opening one is the first sentence, when the rule matches it alone. Each takes the
    sentences next to it that the rule matches alone or that hold a notice's words
    (_notice_words). None when the text is not prose with such notices around it."""
    note = _OPENING_NOTE.match(text)
    pieces = [note.group(0)] if note else []
    pieces += [m.group(0) for m in _SENTENCE_PIECE.finditer(text, note.end() if note else 0)]
    n = len(pieces)
    if n < 2 or "".join(pieces) != text:
        return None

    def notice(i: int, j: int) -> bool:
        return is_notice("".join(pieces[i:j]).strip())

    def goes_on(i: int) -> bool:  # a sentence that is a notice alone, or holds a notice's words
        return notice(i, i + 1) or bool(_notice_words().search(pieces[i]))

    end = next((k for k in range(n - 1, 0, -1) if notice(k, n)), n)
    while 0 < end < n and goes_on(end - 1):
        end -= 1
    start = 0
    if notice(0, 1):
        start = 1
        while start < end and goes_on(start):
            start += 1
    if start >= end or (start, end) == (0, n):
        return None
    prose = "".join(pieces[start:end]).strip()
    if not (is_body(prose) and _SENTENCE_END.search(prose[-3:]) and not is_notice(prose) and line_kind(prose) is None):
        return None
    return prose, [part for part in ("".join(pieces[:start]).strip(), "".join(pieces[end:]).strip()) if part]


def _line_spans(ln: Line, spans_of: dict[int, list[tuple[int, int]]] | None, spam: SpamRules) -> list[tuple[int, int]]:
    """A line's spam spans: those found already (`spans_of`), else found now."""
    return spans_of[ln.no] if spans_of and ln.no in spans_of else spam_spans(ln.text, spam)


def _ends_quoted_sentence(text: str) -> bool:
    """Does the line end a sentence, maybe inside a closing quotation mark or bracket?"""
    return bool(_SENTENCE_END.search(text.rstrip("”」』）) ")[-1:] or text.rstrip()[-1:]))


def _without_quotations(text: str) -> str:
    """A sentence of QUOTED_SENTENCE_MIN letters or more without what it quotes; other text as it is."""
    if "“" not in text and "「" not in text and "『" not in text:
        return text
    rest = _QUOTATION.sub("", text)
    if rest == text or not _ends_quoted_sentence(text):
        return text
    return rest if len(_LETTER.findall(rest)) >= QUOTED_SENTENCE_MIN else text


def _quoted_in_sentence(text: str, a: int, b: int) -> bool:
    quote = next((q for q in _QUOTATION.finditer(text) if q.start() < a and b <= q.end()), None)
    if quote is None or not _ends_quoted_sentence(text):
        return False
    return len(_LETTER.findall(text[: quote.start()] + text[quote.end() :])) >= QUOTED_SENTENCE_MIN


STAMP_SENTENCE_MIN = 8  # letters besides the stamp of a sentence that opens with one ("刚刚，…")


def _stamp_in_sentence(text: str, stamp: re.Match[str]) -> bool:
    """A relative time inside a sentence of news ("刚刚，OpenAI宣布……。", "就在刚刚，…"), not a
    comment's stamp: the line ends a sentence, has STAMP_SENTENCE_MIN letters besides the
    stamp, and the stamp is glued to the sentence (a comment's stamp stands apart, after a
    space: "阿青 刚刚", "3分钟前 同感！")."""
    if not _SENTENCE_END.search(text.rstrip("”」）) ")[-1:]):
        return False
    if len(_LETTER.findall(text[: stamp.start()] + text[stamp.end() :])) < STAMP_SENTENCE_MIN:
        return False
    before, after = text[stamp.start() - 1 : stamp.start()], text[stamp.end() : stamp.end() + 1]
    return not (before.isspace() or after.isspace()) and bool(before or after)


def _in_thread(lines: list[Line], i: int, last_body: int, meta_lines: set[int], chrome: ChromeRules) -> bool:
    """Is the tail line i, a sentence with 刚刚 in it, a comment of a thread rather than the
    article's last sentence? It does not follow the last paragraph directly (a comment
    header or a user's name stands between: "评论（3）", "码农老王"), or a comment's meta line
    or time stamp follows it ("回复 举报", "1小时前")."""
    if i != last_body + 1:
        return True
    if i + 1 >= len(lines):
        return False
    below = lines[i + 1].text
    return i + 1 in meta_lines or (len(below) <= TAIL_SHORT and chrome.metadata["stamp"].search(below) is not None
                                   and not _SENTENCE_END.search(below))


STATEMENT_TERMS = 1  # rights or liability phrases beside a self-reference make a statement
STATEMENT_SHORT = 120  # ... in a line this long; a longer one needs one phrase more
STATEMENT_MAX = 300


@lru_cache(maxsize=1)
def _statement_words() -> tuple[re.Pattern[str], ...]:
    data = _load("chrome.yaml", RULES_DIR).get("page_statement", {})
    reporting = literal_words(data.get("reporting", []))
    own = re.compile(f"(?:{literal_words(data.get('self', [])).pattern})(?!{reporting.pattern})", re.IGNORECASE)
    return (own, literal_words(data.get("terms", [])),
            literal_words([*data.get("actions", []), *data.get("instructions", [])]), literal_words(data.get("instructions", [])),
            literal_words(data.get("reader", [])), literal_words(data.get("third_party", [])))


@lru_cache(maxsize=1)
def _reported_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = _load("chrome.yaml", RULES_DIR).get("page_statement", {})
    return literal_words(data.get("reported", [])), re.compile(str(data.get("reported_frame", "(?!)")))


def _reported_statement(text: str, self_at: int) -> bool:
    """Does a reporting verb stand before the self word at self_at, or a claim's frame (以…为由)
    hold it (rules/chrome.yaml page_statement `reported`, `reported_frame`)? Then the sentence
    reports another party's words about its content, not the page's own statement."""
    verbs, frame = _reported_words()
    return bool(verbs.search(text, 0, self_at)) or any(m.start() <= self_at < m.end() for m in frame.finditer(text))


@lru_cache(maxsize=1)
def _notice_words() -> re.Pattern[str]:
    """Words that make a sentence next to a notice part of it (rules/chrome.yaml page_statement
    `terms` and `continuation`)."""
    data = _load("chrome.yaml", RULES_DIR).get("page_statement", {})
    return literal_words([*data.get("terms", []), *data.get("continuation", [])])


ACTION_LINE_MAX = 60
SALE_TERMS = 2  # words of a seller's terms of sale in a short line at the edge of a listing's text


@lru_cache(maxsize=1)
def _sale_terms() -> re.Pattern[str]:
    """rules/chrome.yaml page_statement `sale_terms`: a marketplace seller's words."""
    return literal_words(_load("chrome.yaml", RULES_DIR).get("page_statement", {}).get("sale_terms", []))

_ASKS_READER = re.compile(r"^[^，。？?]{0,16}[？?]")  # "想第一时间收到周报？…": a question put to the reader
ACTION_WORDS = 3


_ADDRESS_SHAPE = re.compile(r"https?://|www\.|[a-z0-9-]\.(?:com|net|org|cn|cc|tw|hk|io)\b|\d\.\d{1,3}\.[\dx*]{1,3}\.[\dx*]",
                            re.IGNORECASE)


_IP_SHAPE = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}\.[\dx*]{1,3}\.[\dx*]{1,3}(?![\d.])", re.IGNORECASE)


def _can_close(text: str) -> bool:
    """Can this line be an article's last paragraph? Not a label that introduces what
    follows ("5.完整新闻连结:", "他表示："), nor a line of addresses without a sentence end
    ("※ 发信站: 某站(ptt.cc), 来自: 114.36.xx.xx")."""
    end = text.rstrip()[-1:]
    if end in (":", "："):
        return False
    return not (_ADDRESS_SHAPE.search(text) and not _SENTENCE_END.search(text))


def _page_statement(text: str) -> bool:
    """A statement about the page, however worded (rules/chrome.yaml `page_statement`): it
    names the page or its publisher (not its reporter: "本报记者") and holds a phrase of
    rights or liability ("本站所载内容来自网络，仅供交流，如涉版权请联系删除"). Only read at the
    edges of an article: an author's sentence naming 本文 and 观点 inside it stays."""
    if len(text) > STATEMENT_MAX:
        return False
    text = _without_quotations(text)  # what a sentence quotes is not what the page says
    own, terms, actions, instructions, reader, third_party = _statement_words()
    if (len(text) <= ACTION_LINE_MAX and instructions.search(text)
            and len({m.group(0).lower() for m in actions.finditer(text)}) >= ACTION_WORDS
            and (reader.search(text) or _ASKS_READER.search(text)) and not third_party.search(text)):
        return True  # a call to action to the reader: "想每天收到？点击右上角订阅，或在App搜索…"
    if len(text) <= ACTION_LINE_MAX and len({m.group(0) for m in _sale_terms().finditer(text)}) >= SALE_TERMS:
        return True  # a seller's terms of sale: "自用两年，无拆无修，同城面交或走验货"
    self_word = own.search(text)
    if not self_word:
        return False
    if _reported_statement(text, self_word.start()):
        return False  # "…在庭审中辩称，分享内容由用户上传，公司不对其内容负责": a story reports it
    found = {m.group(0) for m in terms.finditer(text)}
    return len(found) >= STATEMENT_TERMS + (len(text) > STATEMENT_SHORT)


PAGE_BREAK_RULES = frozenset({"running-header", "page-counter", "pager", "slide-content"})


def _join_page_breaks(kept: list[Line], removals: list[Removal], spans_of: dict[int, list[tuple[int, int]]]) -> list[Line]:
    """A sentence a PDF page break cut in two is one paragraph again once the page's
    footer, number and header are gone: the paragraph before the break is prose that
    stops mid-sentence, and the line after it is no heading or list item."""
    breaks = sorted(r.line for r in removals if r.rule in PAGE_BREAK_RULES)
    if not breaks or not kept:
        return kept
    out = [kept[0]]
    last = kept[0].no  # the last input line in out[-1]: a break is crossed after it
    for ln in kept[1:]:
        prev = out[-1]
        crossed = any(last < b < ln.no for b in breaks)
        if (crossed and len(prev.text) >= BODY_MIN_LEN and prev.text[-1] not in TERMINAL_OR_CLOSE and SENTENCE_PUNCT.search(prev.text)
                and not _NUMBERED_HEADING.match(ln.text) and not LIST_START.match(ln.text)):
            out[-1] = Line(prev.no, prev.text + ln.text)
            spans_of.pop(prev.no, None)  # the joined line's spam spans are found again
        else:
            out.append(ln)
        last = ln.no
    return out


_ROW_SEPARATOR = re.compile(r"\s[|｜/／·•]\s|[|｜]")
ROW_SEPARATORS = 2


def _separated_row(text: str) -> bool:
    """After the article, a line of items between separators ("后期：阿青 | 封面设计：米粒 |
    BGM：…", "收听方式：A / B / C / D"): credits, channels or links, no sentence."""
    return len(_ROW_SEPARATOR.findall(text)) >= ROW_SEPARATORS and not _SENTENCE_END.search(text) and len(text) <= 160


def _splits_word(text: str, a: int, b: int) -> bool:
    """The span sits inside a Latin word: spam spliced into a line, not the line itself."""
    return a > 0 and b < len(text) and text[a - 1].isascii() and text[a - 1].isalpha() and text[b].isascii() and text[b].isalpha()


def _is_tail_furniture(text: str) -> bool:
    """After the last paragraph, a short line that is no sentence and no list item is
    page furniture (a menu entry, a tag, a related title, a button)."""
    if len(text) > max(TAIL_SHORT, TAIL_UNPUNCTUATED):
        return False  # (before the Latin-sentence scan, which is slow on very long lines)
    if text[:1] in "(（" and text[-1:] in ")）":
        return False  # an editor's note such as (应受访者要求…为化名) belongs to the article
    if _NUMBERED_HEADING.match(text) or "《" in text or _LATIN_SENTENCE.search(text):
        return False
    if text.rstrip()[-1:] in "～~" and "，" in text:
        return False  # a casual post's last sentence ("有问题评论区问我～")
    # a longer line too when it holds no punctuation of prose at all (a related headline)
    return (len(text) <= TAIL_SHORT and not _SENTENCE_END.search(text)) or (
        len(text) <= TAIL_UNPUNCTUATED and not SENTENCE_PUNCT.search(text) and not _SENTENCE_END.search(text))


TAIL_UNPUNCTUATED = 60
_CLAUSE_MARK = re.compile(r"[，,；;。]")


_DIGITS = re.compile(r"\d+")


def _running_header(text: str) -> bool:
    """A PDF page header or footer: repeated on every page, a name line, not prose.
    Short repeated labels of a report ("优势:", "Case Study:") are content."""
    return not _SENTENCE_END.search(text) and (len(text) >= 12 or "|" in text or "｜" in text)


def _page_title(text: str) -> bool:
    return len(text) <= 80 and bool(_SITE_SUFFIX.search(text))


_TITLE_SEPARATOR = re.compile(r"\s*[_|｜\-—]")


def _page_title_of(text: str, headline: str) -> bool:
    """`text` is the page title of a headline however short: the headline, then a
    separator and the site ("具身智能_某某百科")."""
    return text != headline and text.startswith(headline) and bool(_TITLE_SEPARATOR.match(text, len(headline)))


def _suffixed(key: str, other: str) -> bool:
    """`key` is `other` with a site name or channel glued on (compact forms)."""
    return other != key and len(other) >= 8 and key.startswith(other) and len(key) - len(other) <= 40


_WHOLE_BRACKETS = re.compile(r"^【([^【】]{4,80})】$")
_WHOLE_BOOK_TITLE = re.compile(r"^《([^《》]{4,80})》$")
_PARENTHESIZED_FIELD = re.compile(r"^[(（]\s*([\u4e00-\u9fffA-Za-z]{1,8}\s*[:：][^()（）]{1,40})[)）]$")
_BRACKETED = re.compile(r"^[【\[]\s*([^】\]]{1,20}?)\s*[】\]]\s*(.*)$")


def _reader_site(parts: list[str]) -> bool:
    """A page title's site parts are a reader's (rules/chrome.yaml `page_title.reader`:
    "全文阅读", "某某图书馆"), an e-book's or a library's reading page."""
    words = _page_title_rules().reader
    return any(w in part for part in parts for w in words)


def _unbracket(text: str) -> str:
    """"【责任编辑：孙悦】" and "【会员单位简介】…" as the rules know them: "责任编辑：孙悦",
    "会员单位简介：…"."""
    whole = _PARENTHESIZED_FIELD.match(text)
    if whole:  # "（来源：某某网综合）": a labelled field in parentheses is the field
        return whole.group(1).strip()
    m = _BRACKETED.match(text)
    if not m or m.group(1).strip().isdigit():  # "[1] [2] [3]": a pager's numbers, no label
        return text
    label, rest = m.groups()
    return label + rest if re.search("[:：]", label) or not rest else f"{label}：{rest}"


def _page_title_copy(key: str, title_key: str, i: int, title_idx: int | None) -> bool:
    """Above the headline, the page's own title (`key`, compact): the headline with
    anything glued on (a site name, an SEO or spam tail)."""
    return title_idx is not None and i < title_idx and key.startswith(title_key) and len(key) - len(title_key) <= 40


_ICON_LEAD = re.compile(r"^[^\w\s《“\"「『【\[(（]{1,3}\s*")


def _own_headline(lines: list[Line], keys: list[str], title_idx: int, headline: str, prose: int) -> int | None:
    """Below a browser's page title (split from its site's parts), the line of the top
    (HEAD_SCAN * 2 lines, down to the first paragraph of prose, `prose`) that prints the same
    headline alone, maybe behind an icon ("📄 标题"): the page's own headline, under which its
    byline and text stand. (The same headline after the first paragraph is a related item's,
    or a list's, and the date under it is that item's.)"""
    key = compact(headline)
    if len(key) < HEADLINE_MIN:
        return None
    for j in range(title_idx + 1, min(len(lines), HEAD_SCAN * 2, prose + 1)):
        if keys[j] == key or compact(_ICON_LEAD.sub("", lines[j].text)) == key:
            return j
    return None


def _is_title_copy(text: str, key: str, title_key: str) -> bool:
    """The title again (`key`: the line's compact form), maybe with the site's name glued
    on ("标题_搜狐汽车_搜狐网")."""
    if key == title_key:
        return True
    return key.startswith(title_key) and len(key) - len(title_key) <= 16 and bool(re.search(r"[_|｜\-—]", text[len(text) // 2 :]))


def _about_box(text: str, following: str, chrome: ChromeRules) -> bool:
    m = chrome.metadata["about_heading"].match(text)
    return bool(m and following.startswith(m.group("name")[:2]) and chrome.metadata["about_body"].search(following[:40]))


_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|\d{1,2}[.、)]|[(（][一二三四五六七八九十\d]+[)）]|第.{1,3}[部章节])")


_HEADING = re.compile(r"[\u4e00-\u9fff]{2,6}")


def _is_header_block(text: str) -> bool:
    """Author name, bio or vote count between a title and the first paragraph; or a line
    without any Chinese there (the headline in English on a bilingual page)."""
    if (not _CJK_CHAR.search(text) and len(text) <= LATIN_HEADER_MAX and not _SENTENCE_END.search(text[-1:])
            and not _LATIN_SENTENCE.search(text)):  # "Views 1,200 times in a week." is a sentence
        return True
    return len(text) <= 24 and not SENTENCE_PUNCT.search(text) and not _NUMBERED_HEADING.match(text)


LATIN_HEADER_MAX = 160
_LATIN_SENTENCE = re.compile(r"\w\s+\w.*(?<![.])[.]\s*$")  # words closed by a full stop


_LABEL_VALUE = re.compile(r"^([\u4e00-\u9fffA-Za-z]{1,8})\s*[:：]\s*\S")
HEADER_FIELD_MAX = 40
_COUNT_VALUE = re.compile(r"\s*[:：]\s*[\d,.]+\s*[万千kw]?\+?\s*")


@lru_cache(maxsize=1)
def _header_credit() -> tuple[frozenset[str], frozenset[str]]:
    """rules/chrome.yaml `header_credit`: labels of a credit line, and guest labels that
    are a credit only beside another credit line."""
    data = _load("chrome.yaml", RULES_DIR).get("header_credit", {})
    return frozenset(map(str, data.get("labels", []))), frozenset(map(str, data.get("beside_credit", [])))


@lru_cache(maxsize=1)
def _above_title_notice() -> re.Pattern[str]:
    return re.compile(str(_load("chrome.yaml", RULES_DIR)["above_title_notice"]), re.IGNORECASE)


def _credit_label(text: str) -> str | None:
    if len(text) > HEADER_FIELD_MAX or _SENTENCE_END.search(text):
        return None
    m = _LABEL_VALUE.match(text)
    return m.group(1) if m else None


def _header_field(lines: list[Line], i: int) -> bool:
    """Between the headline and the first paragraph, a short credit line with no sentence
    end ("主播：老K、阿青", "责编：某某"); a guest line ("本期嘉宾：某某（某公司创始人）")
    only beside another credit line. "划重点：…", "背景：…" are the article's."""
    labels, beside = _header_credit()
    label = _credit_label(lines[i].text)
    if label in labels or (label and _COUNT_VALUE.fullmatch(lines[i].text, len(label))):
        return True  # a credit, or a counter ("阅读数：12,406")
    if label not in beside:
        return False
    near = [lines[k].text for k in (i - 1, i + 1) if 0 <= k < len(lines)]
    return any(_credit_label(t) in labels or _credit_label(t) in beside for t in near)


_MENU_SPLIT = re.compile(r"[\s|｜·•/]+")
_LATIN_RUN = re.compile(r"[A-Za-z0-9]+")


def menu_line(text: str) -> bool:
    """A menu, tag row or channel bar: four or more short items side by side, at least
    three of them words of two or more Chinese characters ("首页 会员 发现 | 搜索 提问")."""
    items = [t for t in _MENU_SPLIT.split(text) if t]
    # (a Latin word glued to Chinese in an item counts as one letter: "PDF转Word", "APP下载",
    # in a row holding a navigation word; a spaced headline's "Mate80系列" counts in full)
    nav = any(w in text for w in _menu_words())
    # (in a row holding two navigation words a Latin item alone counts as one letter too: "首页 Podcast 关于我们")
    bar = sum(1 for t in items if t in _menu_words()) >= 2
    if len(items) < MENU_MIN_ITEMS or any(len(_LATIN_RUN.sub("a", t) if (nav and _CJK_CHAR.search(t)) or bar else t)
                                          > MENU_ITEM_MAX for t in items):
        return False
    return sum(1 for t in items if len(_CJK_CHAR.findall(t)) >= 2) >= 3


@lru_cache(maxsize=1)
def _menu_words() -> tuple[str, ...]:
    """rules/chrome.yaml `menu_words`: a menu's navigation words."""
    return tuple(map(str, _load("chrome.yaml", RULES_DIR).get("menu_words", [])))


_META_PROSE = re.compile(r"[。！？；，、!?;]|,(?!\d)")
_NUMBERS = re.compile(r"[\d.,]+")


_LIST_ITEM = re.compile(r"^\d{1,2}\s*[.、．]\s*(?!\d)")


_BRACKETS = re.compile(r"[()（）\[\]【】]")


def _standalone_action(text: str, cm: CommentMeta) -> bool:
    """A button or count set apart by spaces ("回复", "赞(3)"), not a word of a phrase ("书面回复")."""
    return any(cm.action.fullmatch(_BRACKETS.sub("", tok)) for tok in text.split()[1:])


def comment_meta(text: str, cm: CommentMeta) -> tuple[bool, bool]:
    """(is a comment's byline or button row, holds a button): what is left after its
    time stamps, regions, buttons and counts are taken out is at most a user name."""
    if len(text) > cm.max_len or _META_PROSE.search(text) or (_LIST_ITEM.match(text) and not _standalone_action(text, cm)):
        # (a numbered list's item is a reference's: "2. 某局书面回复（2026年1月5日）"; a numbered
        # comment's byline has a button or count of its own: "1. 小明  2小时前  回复  赞(3)")
        return False, False
    kinds = 0
    actions = 0
    rest = text
    for pattern in (cm.time, cm.region, cm.action):
        found = sum(1 for _ in pattern.finditer(rest))
        if found:
            kinds += 1
            rest = pattern.sub(" ", rest)
        if pattern is cm.action:
            actions = found
    rest = _NUMBERS.sub("", cm.separators.sub("", rest))
    meta = len(rest) <= cm.max_rest and (kinds >= 2 or actions >= 2)
    return meta, meta and actions > 0


def _thread_starts(lines: list[Line], cm: CommentMeta) -> tuple[set[int], set[int]]:
    """(comment meta lines, those that start a thread): a thread has two meta lines
    from its start on, one of them with a button; or two signed comments from its start
    on, each a name with a full stamp on its own line and the comment's text below it."""
    flags = [comment_meta(ln.text, cm) for ln in lines]
    metas = {i for i, (m, _) in enumerate(flags) if m}
    starts: set[int] = set()
    count = 0
    signed = 0
    button = False
    prose = 0  # paragraphs of prose below the last signed comment seen (scanning up)
    for i in range(len(lines) - 1, -1, -1):
        if i in metas:
            count += 1
            button = button or flags[i][1]
            if count >= 2 and button:
                starts.add(i)
        elif (i + 1 < len(lines) and _signed_stamp(lines[i].text, cm) and not _signed_stamp(lines[i + 1].text, cm)
              and _NAME_CHAR.search(_FULL_STAMP.sub("", lines[i].text))):  # a bare stamp is a live blog's entry, unsigned
            # a name and stamp on its own line, the comment's text under it: the thread runs
            # to the end of the segment, prose below a comment's few lines is the article's
            signed = signed + 1 if prose <= SIGNED_TEXT_MAX else 0
            prose = 0
            if signed >= SIGNED_COMMENTS:
                starts.add(i)
                metas.add(i)
        elif _SIGNED_COMMENT.match(lines[i].text) or _STAMPED_REPLY.match(lines[i].text):
            # a one-line comment: no prose between it and the end of the thread (a quoted chat
            # followed by the article's paragraphs is no thread)
            signed = signed + 1 if prose == 0 else 0
            prose = 0
            if signed >= SIGNED_COMMENTS:
                starts.add(i)
                metas.add(i)
        elif is_body(lines[i].text):
            prose += 1
    return metas, starts


SIGNED_COMMENTS = 2
_NAME_CHAR = re.compile(r"[^\W\d_]")
SIGNED_TEXT_MAX = 3  # paragraphs of one comment's text under its name-and-stamp line
# ... or its name and text first, its stamp last ("推 waferboy: 又是墨西哥 10/15 10:25", "阿青：同感 2025-06-01 10:02").
_STAMPED_REPLY = re.compile(r"^(?:\S{1,2}\s+)?[^\s:：，。！？,]{1,20}\s*[:：]\s*\S[^。！？]{0,120}?\s"
                            r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?$")
# A comment on one line: a user name, a full stamp, the comment ("江边的猫 2026.03.11 08:43 12G起步？…").
_SIGNED_COMMENT = re.compile(r"^[^\s，。！？,:：【\[]{1,20}\s+\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?\s+[^\s【\[]")
# A comment's stamp: a full date with its clock time, or a relative time ("3小时前", "昨天 21:04").
_FULL_STAMP = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}"
                         r"|(?<!\d)\d{1,2}\s*(?:分钟|小时|天)前|(?<![\u4e00-\u9fff])(?:昨天|前天)\s*\d{1,2}:\d{2}")


def _signed_stamp(text: str, cm: CommentMeta) -> bool:
    """A line that is a name and a comment's stamp, nothing else ("阿青  2025-08-03 14:22"):
    what is left after the stamp, a region, buttons and counts is at most a user name."""
    if len(text) > cm.max_len or _META_PROSE.search(text) or not _FULL_STAMP.search(text):
        return False
    rest = text
    for pattern in (cm.time, cm.region, cm.action):
        rest = pattern.sub(" ", rest)
    return len(_NUMBERS.sub("", cm.separators.sub("", rest))) <= cm.max_rest


def _is_comment(text: str, chrome: ChromeRules) -> bool:
    return any(p.match(text) for p in chrome.comments.values())


_BULLET = re.compile(r"^\s*[•·\-*+]\s")
_LABELLED_TITLE = re.compile(r"^(?:(?P<original>原文标题|原标题)|标题|题目|title|subject|主题(?=\s*[:：]))"
                             r"(?:\s*[:：]\s*|\s+)(?P<value>\S.{3,90})$", re.IGNORECASE)
# a mail subject's list tag and forward marks ("[ai-list] 转发：《标题》", "Fwd: 标题"); a reply's
# subject ("Re: …", "回复：…") names the message answered, no article of its own
_SUBJECT_TAG = re.compile(r"^\[[^\[\]]{1,30}\]\s*")
_SUBJECT_FORWARD = re.compile(r"^(?:fwd?|fw|转发|转寄|转)\s*[:：]\s*", re.IGNORECASE)
_SUBJECT_REPLY = re.compile(r"^(?:re|回复|答复|回覆)\s*[:：]", re.IGNORECASE)
_WHOLE_TITLE_QUOTE = re.compile(r"^《([^《》]{4,80})》$")
# A header field with its label and value set apart by spaces, as forums and mail dumps print
# them ("作者 某某 (昵称)  看板 Stock", "时间 Thu Oct 15 10:23:11 2026").
_SPACED_FIELD = re.compile(r"^(?:作者|标题|时间|日期|来源|发信人|发信站|看板|版块|分类|发布时间|发表时间|author|date|from)"
                           r"\s+\S[^。！？]{0,80}$", re.IGNORECASE)
HEADER_LABEL_MAX = 40
_CLAUSE_INSIDE = re.compile(r"[，,；;。！？!?]")
# Between the headline and the first paragraph, a line this short without a sentence end is
# header furniture (a button bar, a synonym or review note, an info-box row), whatever its words.
_BASE_SPAM = spam_rules  # the lexicon without a page's learned brands
HEAD_FURNITURE_MAX = 24
# ... and a longer one only with signs no prose has: an icon, a separator, a count
# ("👍 1.2万 | 💬 356 | 收藏"); a deck line or an unpunctuated first paragraph has none.
HEAD_FURNITURE_SIGNED_MAX = 60
_HEAD_PROSE = re.compile(r"[。！？!?，,；;、:：.]")  # a sentence, clauses of one, a "label：value" line (the article's "划重点：…")
_FURNITURE_SIGN = re.compile(r"[|｜·•▪■□◆◇★☆♥❤✓✔▶►→\u2600-\u27bf\U0001f300-\U0001faff]|【[^】]{1,6}】[^【]{0,40}【[^】]{1,6}】"
                             r"|(?:阅读|评论|点赞|收藏|转发|浏览|分享)\s{0,2}\d|(?<![\d.])\d[\d.]{0,8}[万wWkK]?\s{0,2}(?:阅读|评论|赞|收藏|浏览|转发)")


def _head_furniture_shape(text: str) -> bool:
    return len(text) <= HEAD_FURNITURE_MAX or (len(text) <= HEAD_FURNITURE_SIGNED_MAX and bool(_FURNITURE_SIGN.search(text)))


def _labelled_title(text: str) -> str | None:
    m = _LABELLED_TITLE.match(text)
    value = m.group("value").strip() if m else ""
    if value and m and not m.group("original"):
        value = _subject_title(value)
    return value if value and (is_title_like(value) or _latin_title(value)) else None


def _subject_title(value: str) -> str:
    """A labelled title without a mail subject's list tag and forward marks, and without the
    《》 a forward puts around the title; "" for a reply's subject."""
    while True:
        stripped = _SUBJECT_FORWARD.sub("", _SUBJECT_TAG.sub("", value)).strip()
        if stripped == value:
            break
        value = stripped
    if _SUBJECT_REPLY.match(value):
        return ""
    whole = _WHOLE_TITLE_QUOTE.match(value)
    return whole.group(1).strip() if whole else value


_LATIN_TITLE = re.compile(r"^[A-Za-z0-9][^\u4e00-\u9fff]{3,79}$")


def _latin_title(text: str) -> bool:
    """A headline in Latin letters ("Open-source models close the gap"), where the page says
    it is a title (a label, a page title's site): no sentence end, no clause mark at its end."""
    text = text.strip()
    return bool(_LATIN_TITLE.match(text)) and text[-1] not in ".,;:!?" and len(_LETTER.findall(text)) >= 4


def _header_label(text: str) -> bool:
    """Between the headline and the first paragraph: a label introducing a value below it
    ("1.媒体来源:", "完整新闻内文:") or a field set apart by spaces ("时间 Thu Oct 15 …")."""
    body = text.rstrip().rstrip(":：")
    if len(text) > HEADER_LABEL_MAX or _CLAUSE_INSIDE.search(body) or run_rules().function_any.search(body):
        # "日前，最高法发布意见，要求：", "他在内部信中写道：": a sentence introducing what follows, no label
        return False
    return text.rstrip()[-1:] in (":", "：") or bool(_SPACED_FIELD.match(text))


def _find_title(lines: list[Line], line_keys: list[str], segment: Segment, chrome: ChromeRules, spam: SpamRules,
                first_body: int, spans_of: dict[int, list[tuple[int, int]]] | None = None,
                page: PageText | None = None) -> tuple[int | None, int | None]:
    """The headline's line: the one its place marks (_placed_title), unless that line is a
    name (a site's, account's or section's, a breadcrumb, a masthead: it shares next to nothing
    with the article's prose) and another line at the top restates the article (_restated_title);
    and the name's line passed over, if any."""
    if segment.title_no is not None:
        return next(i for i, ln in enumerate(lines) if ln.no == segment.title_no), None
    shared = _shared_headline(lines, line_keys, chrome)
    placed = _placed_title(lines, line_keys, chrome, spam, first_body, spans_of)
    # a share line may quote a related item's headline in the sidebar ("相关阅读：把这篇也分享给你《…》");
    # the placed title below it, right above the date or byline row, is then the article's own
    if shared is not None and not (placed is not None and shared < placed < first_body and placed + 1 < len(lines)
                                   and _metadata(lines[placed + 1].text, chrome, Meta())):
        return shared, None
    marked = _marked_headline(lines, first_body)
    if marked is not None and (placed is None or placed < marked):
        return marked, placed
    chosen = placed if page is None else _restated_title(placed, lines, chrome, spam, first_body, spans_of, page)
    return chosen, placed if chosen != placed else None


_WHOLE_ANGLE = re.compile(r"^〈([^〈〉]{4,80})〉$")


def _marked_headline(lines: list[Line], first_body: int) -> int | None:
    """A headline the page sets in title marks (〈…〉, as Taiwan prints an article's title) alone on
    the line right above the text's first paragraph: the article's, below the page's own names."""
    k = first_body - 1
    if 0 <= k < len(lines) and (m := _WHOLE_ANGLE.match(lines[k].text.strip())) and is_title_like(m.group(1)):
        return k
    return None


@lru_cache(maxsize=1)
def _share_words() -> re.Pattern[str]:
    return re.compile(str(_load("chrome.yaml", RULES_DIR)["share_words"]), re.IGNORECASE)


_SHARE_QUOTE = re.compile(r"《([^《》]{6,80})》|^【([^【】]{6,80})】")
_SHARE_LINK = re.compile(r"https?://|www\.")


def _share_quote(text: str) -> str | None:
    """The headline (compact) a share text quotes: a line with a link and a share button's
    words quoting a headline of HEADLINE_MIN letters in 《》 or opening with it in 【】."""
    if not (_SHARE_LINK.search(text) and _share_words().search(text)):
        return None
    m = _SHARE_QUOTE.search(text)
    if not m or len(_LETTER.findall(m.group(1) or m.group(2))) < HEADLINE_MIN:
        return None
    return compact(m.group(1) or m.group(2))


def _shared_headline(lines: list[Line], line_keys: list[str], chrome: ChromeRules) -> int | None:
    """The headline a share text quotes: a line with a link and a share button's words
    (rules/chrome.yaml `share_words`) quoting a headline in 《》 or opening with it in 【】, and
    above it a title-like line that is that headline (bare, in 【】, or after a column's tag:
    "【新闻报道】标题"). The page names its article so, wherever its headline stands among the
    furniture above the text; a quoted work's name in prose has no share line, a related
    item's link names no line of the page."""
    for k, ln in enumerate(lines):
        quoted = _share_quote(ln.text)
        if quoted is None:
            continue
        for i in range(k):
            text = lines[i].text.strip()
            whole = _WHOLE_BRACKETS.match(text)
            bare = whole.group(1) if whole else _untagged(text, chrome)
            if (quoted in (line_keys[i], compact(bare)) and not _SHARE_LINK.search(text)
                    and is_title_like(bare)):
                return i
    return None


def _placed_title(lines: list[Line], line_keys: list[str], chrome: ChromeRules, spam: SpamRules,
                  first_body: int, spans_of: dict[int, list[tuple[int, int]]] | None = None) -> int | None:
    """The headline by its place: a labelled title, a line the top repeats, the line above
    the date or byline row, or the first title-like line."""
    head = [(i, ln) for i, ln in enumerate(lines[: max(first_body, 1) + 4]) if i < HEAD_SCAN * 2]
    labelled = next((i for i, ln in head if i < max(first_body, 1) and _labelled_title(ln.text)), None)
    # "标题 [新闻] …", "Title: …": the page says which line is the title — unless a headline with
    # its date or byline line stands above it (then "题目：…" is the article's, an essay prompt)
    # "原标题：…" (a reprint's original title) is the title only of a page with no headline above it.
    original = _LABELLED_TITLE.match(lines[labelled].text) if labelled is not None else None
    # (a forwarding notice's own headline quotes it: "关于转发《X》的通知" over "原文标题：X")
    quoted = f"《{_SPACE_RUN.sub('', original.group('value'))}》" if original and original.group("original") else None
    if quoted:  # (above a breadcrumb only the site's name and bars)
        crumbs = chrome.short_line_by_id.get("breadcrumb", ())
        top = max((k + 1 for k, ln in head[:labelled] if any(rx.search(ln.text) for rx in crumbs)), default=0)
        labelled = labelled if not any(_title_candidate(ln, chrome, spam, spans_of) and quoted not in _SPACE_RUN.sub("", ln.text)
                                       for _, ln in head[top:labelled]) else None
    if labelled is not None and not any(is_title_like(lines[k].text) and not _FIELD_NUMBER.match(lines[k].text)
                                        and _metadata(lines[k + 1].text, chrome, Meta())
                                        and not (quoted and (quoted in _SPACE_RUN.sub("", lines[k].text) or field_row(lines[k].text)))
                                        for k in range(labelled - 1)):
        return labelled
    candidates = [
        (i, ln)
        for i, ln in head
        # (a headline in Latin letters only where the page marks it: above its date line)
        if _title_candidate(ln, chrome, spam, spans_of,
                            latin=i + 1 < len(lines) and bool(_metadata(lines[i + 1].text, chrome, Meta())))
    ]
    if not candidates:
        return None
    # "标题 | 科技 | 某某新闻网" (the page title) and "标题": the bare headline is the title.
    keys = [line_keys[i] for i, _ in candidates]
    candidates = [
        (i, ln) for (i, ln), key in zip(candidates, keys, strict=True)
        if not (_SITE_SUFFIX.search(ln.text) and (any(_suffixed(key, o) for o in keys)
                                                  or any(_page_title_of(ln.text, o.text) for _, o in candidates)))
    ] or candidates
    counts = Counter(line_keys)
    # A short name over every post of a feed ("某某频道" above each message) is the poster's,
    # not a headline: a headline this short is not printed twice with no page title around it.
    candidates = [(i, ln) for i, ln in candidates
                  if counts[line_keys[i]] < 2 or len(_LETTER.findall(ln.text)) >= HEADLINE_MIN
                  or any(_suffixed(line_keys[k], line_keys[i]) for k, _ in head if k != i)] or candidates
    # The page title ("标题 | 报名", above) repeats the headline too.
    for i, _ in candidates:
        if any(_suffixed(line_keys[k], line_keys[i]) for k, _ in head if k != i):
            counts[line_keys[i]] += 1
    # A title is repeated by mirrors at the top, before the article starts; a section
    # heading repeated further down (a table of contents) is not a title.
    # Nor is a page header or footer, which recurs inside the body.
    in_body = Counter(line_keys[first_body:])
    repeated = [(i, ln) for i, ln in candidates
                if counts[line_keys[i]] >= 2 and i <= max(first_body, 0) and in_body[line_keys[i]] < 2]
    if repeated:
        return repeated[0][0]
    # A breadcrumb ("当前位置：首页 > 过刊浏览 > 产业观察") leads to the headline: a site's
    # name or page title above it is no title.
    crumbs = chrome.short_line_by_id.get("breadcrumb", ())
    crumb = max((k for k, ln in head if k < max(first_body, 1) and len(ln.text) <= chrome.short_max_len * 2
                 and any(rx.search(ln.text) for rx in crumbs)), default=None)
    if crumb is not None:
        candidates = [(i, ln) for i, ln in candidates if i > crumb] or candidates
    # The title usually sits right above its date/source line, or above a short byline
    # (an author's or institution's name) above it.
    for i, _ in candidates:
        if i + 1 < len(lines) and (_metadata(lines[i + 1].text, chrome, Meta()) or field_row(lines[i + 1].text)) and not (
                chrome.metadata["capture_words"].search(lines[i + 1].text)):  # (a page's own clock heads nothing)
            return _headline_above(i, lines, line_keys, candidates, chrome)
        if (i + 2 < len(lines) and ((len(lines[i + 1].text) <= BYLINE_MAX and not SENTENCE_PUNCT.search(lines[i + 1].text))
                                    or not _CJK_CHAR.search(lines[i + 1].text))  # or the headline in English
                and _metadata(lines[i + 2].text, chrome, Meta())
                and not _label_over_headline(lines[i].text, lines[i + 1].text)):
            return _headline_above(i, lines, line_keys, candidates, chrome)
    i = candidates[0][0]
    if (len(candidates) > 1 and candidates[1][0] == i + 1 and _section_path().match(lines[i].text.strip())
            and len(_LETTER.findall(lines[i].text)) < HEADLINE_MIN
            and len(_LETTER.findall(lines[i + 1].text)) >= HEADLINE_MIN):
        i += 1  # a section path ("制造业 · 食品饮料") right above the headline (a kicker's
        # prefix or a column's ending may be the headline's own: "独家：…", "…观察")
    stacked = _stack_middle(i + 2, lines, {k for k, _ in candidates}, chrome)
    if stacked is not None:
        return stacked
    # A lone short line right before the body is a title only if nothing but metadata
    # and blank space precede it; a first line that is a sentence of the body is not.
    return i if i <= 2 or i < first_body else None


def _title_candidate(ln: Line, chrome: ChromeRules, spam: SpamRules,
                     spans_of: dict[int, list[tuple[int, int]]] | None, latin: bool = False) -> bool:
    """The line `ln` may be the title; one in Latin letters only when the page marks it
    (`latin`)."""
    text = ln.text
    return bool(
        (is_title_like(text) or (latin and _latin_title(text)))
            and not _first(chrome.short_line, text)
            and not _first(chrome.caption, text)
            # (a brand learned from the page's ads is no spam in a title the lexicon finds clean)
            and not (_line_spans(ln, spans_of, spam)
                     and (spam is _BASE_SPAM() or spam_spans(text, _BASE_SPAM())))
            and not _metadata(text, chrome, Meta())
            and not _lead_sentence(text)
            and not _first(chrome.head_line, _untagged(text, chrome))
            and not _repeated_keyword_line(text)  # a listing's keyword-stuffed line, no headline
            and not _RELATIVE_STAMP.match(text)  # "3天前发布 · 某地": a post's stamp
            and not _arrow_end(text)  # "限时5折 >", "阅读案例 >": a link or button, no headline
            and not _NUMBERED_HEADING.match(_untagged(text, chrome))  # "第12章 标题": a serial's chapter number
            and not _first(chrome.anywhere_line, text)
            and not menu_line(text)
            and not _menu_marks(text) and not _ADDRESS.search(text)
            and not chrome.metadata["date_strip"].search(text)
            and not field_row(text)
            and not _FIELD_NUMBER.match(text)  # "消息：1", "No.：12": a numbered field, no headline
            and not _BULLET.match(text)  # "- 背景": an entry of a list (a table of contents), no headline
            and not _CRUMB_PATH.fullmatch(text.strip())  # "教育频道 > 消费投诉": a path of names, however short
            # "（1. 某研究院，杭州 310012）": a note
            and not (text[:1] in "(（" and text.rstrip()[-1:] in ")）")
            and not _file_listing(text))  # "文件名：标题.txt": a file's name, its content's headline below


# a file's name ending in its type ("年度报告（定稿）.pdf"): a drive's or mail's listing, no headline
# what makes a line ending in a file name a listing: a file-name label before it ("文件名：", "附件：")
# or the file's size in the line ("（2.3 MB）"); types and labels in rules/chrome.yaml file_listing
@lru_cache(maxsize=1)
def _file_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = _load("chrome.yaml", RULES_DIR)["file_listing"]
    types = "|".join(map(re.escape, data["types"]))
    labels = "|".join(map(re.escape, sorted(data["labels"], key=len, reverse=True)))
    return re.compile(rf"\.(?:{types})\s*$", re.IGNORECASE), re.compile(rf"^\s*(?:{labels})\s*[:：]")


_FILE_SIZE = re.compile(r"(?<![\d.])\d{1,4}(?:\.\d{1,2})?\s?(?:[KMG]B|[KMG])(?![A-Za-z])", re.IGNORECASE)


def _file_listing(text: str) -> bool:
    """Is the line a drive's or mail's listing of a file ("文件名：年度报告（定稿）.pdf")? A headline
    may end in a file's name too ("一文读懂AGENTS.md"): without the listing's label or size it is one."""
    name, label = _file_words()
    return bool(name.search(text) and (label.match(text) or _FILE_SIZE.search(text)))


# A listed notification or flash item: its time, then its channel in brackets ("08:40 【天气】…").
_CHANNEL_TAG = r"[【\[][^】\]]{1,6}[】\]]"  # a list's or push's channel in brackets ("【天气】", "[快讯]")
_TIMED_ITEM = re.compile(rf"^\d{{1,2}}:\d{{2}}\s+{_CHANNEL_TAG}")
_FIELD_NUMBER = re.compile(r"^[^\s:：]{1,8}\s*[:：]\s*[#\d]{1,6}$")
_RELATIVE_STAMP = re.compile(r"^\s*\d{1,3}\s*(?:秒|分钟|小时|天|周|个月)前")
LEAD_SENTENCE_MIN = 40  # characters of a line of clauses that is a lead sentence, not a headline
_CLAUSE_COMMA = re.compile(r"[，,；;]")


def _lead_sentence(text: str) -> bool:
    """A lead sentence opening a page with no headline (or a PDF's first wrapped line):
    long, of three clauses or more ("近年来，随着…，大模型…取得了显著进展"). A headline of
    three clauses is shorter ("我深度扒了某款换衣 AI 大模型,发现有人在套壳,有人在搞事情")."""
    return len(text) >= LEAD_SENTENCE_MIN and len(_CLAUSE_COMMA.findall(text)) >= 2


HEADLINE_MIN = 8  # letters of a headline above its deck (a channel name or label above a headline is shorter)
_ARROW_CHARS = ">›»"  # a breadcrumb's or a link's arrow (a full-width ＞ is > after normalization)
_CRUMB_SIGN = re.compile(f"[{_ARROW_CHARS}]")  # a breadcrumb's arrow ("新闻中心 > 企业新闻"): no headline
# names (no space or punctuation in one) joined by breadcrumb arrows, two of them or more
_CRUMB_ARROW = re.compile(rf"\s*[{_ARROW_CHARS}]\s*")
_CRUMB_PATH = re.compile(rf"[\w&·]{{1,12}}(?:{_CRUMB_ARROW.pattern}[\w&·]{{1,12}})+")


def _arrow_end(text: str) -> bool:
    """A line closing with a link's arrow ("阅读案例 >"): a button or a card, no prose nor headline;
    or a short one closing with a disclosure triangle ("全文 ▼", "收起 ▲"): a toggle."""
    text = text.rstrip()
    return text[-1:] in _ARROW_CHARS or (text[-1:] in _TOGGLE_CHARS and len(_LETTER.findall(text)) <= TOGGLE_MAX)


_TOGGLE_CHARS = "▼▲▾▴"
TOGGLE_MAX = 8  # letters of a toggle's label


def _headline_above(i: int, lines: list[Line], keys: list[str], candidates: list[tuple[int, Line]], chrome: ChromeRules) -> int:
    """The line right above the date or byline is the headline, unless it is the deck of a
    headline right above it: two title-like lines stacked at the top, the upper one long
    enough to be a headline and none above it ("大模型价格战进入下半场" over "厂商比拼的不再是价格，
    而是应用生态" over "2025-03-12 来源：…"). A short label, a breadcrumb or a site's or
    channel's name above a headline ("头条文章", "新闻中心 > 企业新闻", "某某科技网人工智能频道")
    stays furniture."""
    found = {k for k, _ in candidates}
    stacked = _stack_middle(i, lines, found, chrome)
    if stacked is not None:
        return stacked
    k = i - 1
    upper = lines[k].text.rstrip() if k >= 0 else ""
    # (a short label above the two, a column's tag "【深度】", is furniture, no third headline line;
    # under it the upper line is the headline only over a deck of two clauses: a one-clause line
    # under a kicker, "科技部等六部门联合发文", is the headline)
    label_above = (k - 1 in found and len(_LETTER.findall(lines[k - 1].text)) < HEADLINE_MIN
                   and bool(_DECK_BREAK.search(lines[i].text)))
    if (k in found and (k - 1 not in found or label_above) and keys[k] != keys[i] and not _CRUMB_SIGN.search(upper)
            and len(_LETTER.findall(upper)) >= HEADLINE_MIN and not _label_shape(upper)):
        # Two short unmarked lines ("国产大模型出海提速" over "东南亚中东市场成新增长点") read
        # either way, headline over deck or kicker over headline: the upper one is taken,
        # and the lower stays as the first paragraph (nothing is lost whichever was meant),
        # where taking the lower line would drop the upper one as furniture.
        return k
    return i


DECK_MIN, DECK_MAX = 12, 50  # characters of a deck (副题) under a headline
# a deck's two clauses, set apart by a space (two spaces before normalizing) or a comma
_DECK_BREAK = re.compile(r"[\u4e00-\u9fff”」』》）)]\s+[“「『《（(\u4e00-\u9fff]|[，,；;]")


def _deck_shape(text: str, chrome: ChromeRules) -> bool:
    """A kicker's (引题) shape above a headline: title-like, no sentence end, no date or field row."""
    return is_title_like(text) and not _SENTENCE_END.search(text) and not _metadata(text, chrome, Meta())


def _deck(text: str, chrome: ChromeRules) -> bool:
    """A deck's shape: a headline-like line of one or two clauses, no sentence end anywhere."""
    return (DECK_MIN <= len(text) <= DECK_MAX and is_title_like(text) and not _SENTENCE_END.search(text)
            and len(_CLAUSE_COMMA.findall(text)) <= 1 and not _metadata(text, chrome, Meta()))


def _header_row(text: str, chrome: ChromeRules) -> bool:
    """A row of the page's head under a headline and its deck: a date or field row, a byline of
    names, a menu or a line of the page's furniture."""
    return (bool(_metadata(text, chrome, Meta())) or (_byline_like(text) and not _SENTENCE_END.search(text))
            or menu_line(text) or _short_line_rule(chrome, text) is not None)


def _stack_middle(i: int, lines: list[Line], found: set[int], chrome: ChromeRules) -> int | None:
    """A newspaper's three-line headline ending at line `i`: a kicker (引题) over the headline
    (主题) over a longer deck (副题), nothing title-like above them and a date or field row (the
    page's masthead or editors' row, or the article's byline) right above or below them; the
    middle line is the headline. None when the lines are no such stack."""
    if not ({i - 2, i - 1, i} <= found) or i - 3 in found or i + 1 in found:
        return None
    if not ((i >= 3 and _metadata(lines[i - 3].text, chrome, Meta()))
            or (i + 1 < len(lines) and _metadata(lines[i + 1].text, chrome, Meta()))):
        return None
    kicker, head, deck = (lines[k].text for k in (i - 2, i - 1, i))
    if (len(deck) > len(head) and _CLAUSE_MARK.search(deck) and not _CLAUSE_MARK.search(head)
            and len(_LETTER.findall(head)) >= HEADLINE_MIN and not _CRUMB_SIGN.search(kicker + head)):
        return i - 1
    return None


_NAMES = re.compile(r"[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*")


def _byline_like(text: str) -> bool:
    """A short line under a headline that is its byline: an author's names ("张三 李四"), an
    institution's or a desk's name (rules/chrome.yaml `site_name_end`, title_stack
    `byline_end`: "某某大学人工智能研究院", "知源百科编辑部"), or too short for a headline."""
    text = text.strip()
    return (len(_LETTER.findall(text)) < HEADLINE_MIN or (bool(_NAMES.fullmatch(text)) and len(text) <= BYLINE_MAX)
            or text.endswith(_site_name_ends()) or text.endswith(_title_stack()[1]))


@lru_cache(maxsize=1)
def _title_stack() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """rules/chrome.yaml `title_stack`: a kicker's or column's shape above a headline, and the
    last words of a byline's desk or team."""
    data = _load("chrome.yaml", RULES_DIR).get("title_stack", {})
    return re.compile(str(data.get("kicker", "(?!)"))), tuple(map(str, data.get("byline_end", [])))


@lru_cache(maxsize=1)
def _section_path() -> re.Pattern[str]:
    """rules/chrome.yaml `title_stack.section_path`: a section path ("制造业 · 食品饮料")."""
    return re.compile(str(_load("chrome.yaml", RULES_DIR).get("title_stack", {}).get("section_path", "(?!)")))


def _label_over_headline(text: str, below: str) -> bool:
    """A site's, channel's or column's name or a kicker above a short headline, not a headline
    above its byline: it ends in a site's word ("某某科技网人工智能频道" over "大模型价格战进入下半场"),
    has a kicker's or column's shape ("聚焦…", "…第十二期", "…观察"), or the line below is
    no byline ("头条文章" or "从实验室走向工厂流水线" over "国产人形机器人迎来量产元年"; a short
    headline keeps its institution's byline: "具身智能" over "某某大学人工智能研究院")."""
    return _label_shape(text) or not _byline_like(below)


def _label_shape(text: str) -> bool:
    """A site's, channel's or column's name ("…科技网人工智能频道") or a kicker's shape ("聚焦…")."""
    text = text.rstrip()
    return _site_end(text) or bool(_title_stack()[0].search(text))


_COUNT_BEFORE = re.compile(r"[\d一二三四五六七八九十百千万亿两几多]$")


def _site_end(text: str) -> bool:
    """`text` ends in a site's or channel's word ("…频道", "…电视台"), not in a count's measure
    word of the same letter ("装机量突破500万台", "发射第3号")."""
    end = next((e for e in _site_name_ends() if text.endswith(e)), None)
    return end is not None and not (len(end) == 1 and _COUNT_BEFORE.search(text[: -len(end)]))


@dataclass(frozen=True)
class PageTitleRules:
    """rules/chrome.yaml `page_title`, compiled once."""

    separator: re.Pattern[str]
    dot_separator: re.Pattern[str]  # a document platform's spaced middle dot
    site_mark: re.Pattern[str]  # a site's trailing mark
    latin_site: re.Pattern[str]  # a Latin site name
    hashtags: re.Pattern[str]  # a page's hashtags after its headline
    note: re.Pattern[str]  # a note the site's own page title leaves off the headline
    site_end: tuple[str, ...]  # last words of a site's name read in a page title only
    reader: tuple[str, ...]  # a reader's site parts ("全文阅读", "某某图书馆")
    edit_view: re.Pattern[str]  # an edit view's page title ("编辑「标题」"): group `title` is the page's


@lru_cache(maxsize=1)
def _page_title_rules() -> PageTitleRules:
    data = _load("chrome.yaml", RULES_DIR).get("page_title", {})

    def regex(key: str) -> re.Pattern[str]:
        return re.compile(str(data.get(key, "(?!)")))

    def words(key: str) -> tuple[str, ...]:
        return tuple(map(str, data.get(key, [])))

    return PageTitleRules(regex("separator"), regex("dot_separator"), regex("site_mark"), regex("latin_site"),
                          regex("hashtags"), regex("note"), words("site_end"), words("reader"),
                          re.compile(str(data.get("edit_view", "(?!)")), re.IGNORECASE))


def _title_without_extras(title: str, lines: list[Line], title_idx: int, first_body: int,
                          page: PageText) -> tuple[str, list[str]]:
    """The headline without the page's hashtags after it ("标题 #话题 #话题") and without a
    note ("（附全文）") that the page's own title line leaves off ("标题-新闻-某某网" above
    "标题（附全文）"); the removed parts."""
    rules = _page_title_rules()
    tags, note = rules.hashtags, rules.note
    removed: list[str] = []
    m = tags.search(title)
    if m and len(_LETTER.findall(title[: m.start()])) >= 4:
        removed.append(m.group(0).strip())
        title = title[: m.start()].rstrip()
    for k, ln in enumerate(lines[: min(max(first_body, 1), HEAD_SCAN * 2)]):
        split = _site_split(ln.text, page, k) if k != title_idx else None
        if split and len(split[0]) < len(title) and title.startswith(split[0]) and note.match(title[len(split[0]) :]):
            removed.append(title[len(split[0]) :].strip())
            title = split[0]
            break
    return title, removed


SITE_PART_MAX = 24  # characters of a site's or channel's name in a page title


def _site_part(part: str) -> bool:
    """A part of a page title that names the site: "某某科技网", "某某新闻 AMP", "bilibili"."""
    rules = _page_title_rules()
    mark, latin = rules.site_mark, rules.latin_site
    part = mark.sub("", part.strip())
    # a name: no brackets or marks ("【十万字】深度研报" is the headline's own tail)
    return (2 <= len(part) <= SITE_PART_MAX and bool(_SITE_NAME.fullmatch(part))
            and (part.endswith(_site_name_ends()) or part.endswith(rules.site_end) or bool(latin.match(part))))


_SITE_NAME = re.compile(r"[^\W_]+(?:[\s.&·][^\W_]+)*")


def _site_split(text: str, page: PageText | None = None, own: int | None = None) -> tuple[str, list[str]] | None:
    """A browser's page title: the headline and the site's (and channel's) parts around it,
    "标题_科技频道_某某网" -> ("标题", ["科技频道", "某某网"]); the site at one end is the
    evidence, the headline is the part at the other end. With the `page` (the title's line
    `own` in it), a part is the site's also when it is a name the page prints elsewhere and
    the article's prose does not restate ("标题 - 36氪" over "36氪 · 2025-07-03"), and then
    the headline must restate the article. A spaced middle dot ("标题 · 栏目 · 某某文档")
    separates only where the other separators find no site, and only before a site's name."""
    rules = _page_title_rules()
    split = _site_split_at(rules.separator, text, page, own)
    if split is None and rules.dot_separator.search(text):
        dotted = [p.strip() for p in rules.dot_separator.split(text.strip())]
        if _site_part(dotted[-1]):  # the last part a site's name by its words, not the page's echo
            split = _site_split_at(rules.dot_separator, text, None, own)
    return split


def _site_split_at(separator: re.Pattern[str], text: str, page: PageText | None, own: int | None) -> tuple[str, list[str]] | None:
    """`_site_split` at one kind of separator."""
    parts = [p.strip() for p in separator.split(text.strip())]
    if len(parts) < 2 or not all(parts):
        return None
    named: list[bool] = []

    def site(part: str) -> bool:
        if _site_part(part):
            return True
        if page is not None and page.name(part, own):
            named.append(True)
            return True
        return False

    if site(parts[-1]) and not site(parts[0]):
        headline, rest = parts[0], parts[1:]
    elif (site(parts[0]) and not site(parts[-1]) and len(parts) == 2
          and len(_LETTER.findall(parts[-1])) >= HEADLINE_MIN):
        # after a site's name a headline, not a short section's name ("微信公众平台 | 文章镜像")
        headline, rest = parts[-1], parts[:1]
    else:
        return None
    if not (is_title_like(headline) or _latin_title(headline)) or any(len(p) > SITE_PART_MAX for p in rest):
        return None
    if named and (page is None or page.restates(headline) < RESTATED_MIN or not all(map(site, rest))):
        return None
    return headline, rest


RESTATED_MIN = 0.34  # share of its letter pairs the prose holds: a line restating the article
NAME_SHARE = 0.1  # ... a line sharing less is a name, wherever it stands
NAME_SIGNED_SHARE = 0.5  # ... and so is a short one sharing less with a name's sign (a separator, an issue count)
RESTATED_MARGIN = 0.2  # a headline restates the article this much more than the name it replaces
_NAME_FIELD = re.compile(r"[\s|｜_>›»/·•:：]+|(?<=\S)[-—–](?=\S)")


@lru_cache(maxsize=1)
def _name_sign() -> re.Pattern[str]:
    """rules/chrome.yaml `name_sign`: a separator or an issue's or edition's count in a line,
    the shape of a breadcrumb, a channel or a masthead ("新闻中心 / 公司动态", "某某周报 · 第12期")."""
    return re.compile(str(_load("chrome.yaml", RULES_DIR).get("name_sign", "(?!)")))


@dataclass(frozen=True)
class PageText:
    """What the title choice reads of the page beyond a line: every line's text, and the
    letter pairs of the article's prose (its paragraphs between the first and the last)."""

    lines: tuple[str, ...]
    prose: frozenset[Pair]

    def restates(self, text: str) -> float:
        return restatement(text, self.prose)

    def printed_elsewhere(self, name: str, own: int | None) -> bool:
        """Another line holds `name` as a field of its own: the whole line, a part between
        separators or spaces, a labelled value ("36氪 · 2025-07-03 11:30", "钛媒体APP > 人工智能",
        "来源：某某教育")."""
        return any(k != own and name in text and name in _NAME_FIELD.split(text)
                   for k, text in enumerate(self.lines))

    def name(self, part: str, own: int | None) -> bool:
        """A site's, account's or channel's name: short, a name's shape, printed elsewhere on
        the page, and not restating the article."""
        part = part.strip()
        return (2 <= len(part) <= SITE_PART_MAX and bool(_SITE_NAME.fullmatch(part))
                and self.restates(part) < NAME_SIGNED_SHARE and self.printed_elsewhere(part, own))

    def name_like(self, text: str, own: int) -> bool:
        """A line that names (a site, an account, a section, a masthead, a breadcrumb) rather
        than heads the article: it shares next to none of the prose's letter pairs, or little
        and it is short with a name's sign or a site's last word ("…频道", rules/chrome.yaml
        `site_name_end`), or too short for a headline and printed elsewhere on the page (a
        headline is printed again in the page's title)."""
        share = self.restates(text)
        text = text.strip()
        return share < NAME_SHARE or (share < NAME_SIGNED_SHARE and (
            (len(text) <= SITE_PART_MAX and (bool(_name_sign().search(text)) or text.endswith(_site_name_ends())))
            or (len(_LETTER.findall(text)) < HEADLINE_MIN and self.printed_elsewhere(text, own))))


NAME_CARD_PAIRS = 4  # letter pairs of a line under the headline that can tell a name's line by sharing none
_FIELD_GAP = re.compile(r"\S\s+(?=\S)")


def _name_card(text: str, page: PageText) -> bool:
    """Between the headline and the text, a row of names (an author's card "某某  某某认证：
    数码博主  关注"): three fields or more set apart by spaces, no clause or sentence mark, not
    longer than a furniture line with signs, and none of its letter pairs (at least
    NAME_CARD_PAIRS) in the article's prose. A deck or a lead line restates the article, or
    reads as a clause."""
    return (bool(page.prose) and len(text) <= HEAD_FURNITURE_SIGNED_MAX and len(_FIELD_GAP.findall(text.strip())) >= 2
            and not _CLAUSE_INSIDE.search(text) and len(letter_pairs(text)) >= NAME_CARD_PAIRS
            and page.restates(text) == 0.0)


PROSE_SCAN = 8000  # characters of the article's prose read for its letter pairs (a headline restates the opening)


def page_text(lines: list[Line], first_body: int, last_body: int) -> PageText:
    prose: list[str] = []
    size = 0
    for ln in lines[max(first_body, 0) : last_body + 1]:
        if size >= PROSE_SCAN:
            break
        if is_body(ln.text) and not _page_statement(ln.text):
            prose.append(ln.text)
            size += len(ln.text)
    return PageText(tuple(ln.text for ln in lines), prose_pairs(prose))


# what a back-end's or reader's breadcrumb says before the item it shows ("编辑：标题", "正文：标题")
_CRUMB_ACTION = re.compile(r"^(?:编辑|正在编辑|修改|查看|预览|阅读|正文|详情|文章)\s*[:：]\s*")
CRUMB_ITEM_MAX = 12  # characters of a breadcrumb's items before the last (names of sections)
CRUMB_PROSE = 40  # characters of a line of prose that ends the head a breadcrumb is looked for in


def _crumb_headline(lines: list[Line], first_body: int, page: PageText,
                    spans_of: dict[int, list[tuple[int, int]]] | None, spam: SpamRules) -> tuple[int, str] | None:
    """(line index, headline) of a breadcrumb above the text whose last item is a headline:
    three items or more, all but the last short names, the last title-like, at least
    HEADLINE_MIN letters, no spam, and restating the article's prose."""
    for i, ln in enumerate(lines[: HEAD_SCAN * 2]):
        if i >= first_body and len(ln.text) >= CRUMB_PROSE and _SENTENCE_END.search(ln.text):
            break  # (the text has begun: a form's short field may have passed for its first paragraph)
        items = _CRUMB_ARROW.split(ln.text.strip())
        if len(items) < 3 or not all(0 < len(x) <= CRUMB_ITEM_MAX for x in items[:-1]):
            continue
        last = _CRUMB_ACTION.sub("", items[-1]).strip()
        if (is_title_like(last) and len(_LETTER.findall(last)) >= HEADLINE_MIN and not _line_spans(ln, spans_of, spam)
                and page.restates(last) >= NAME_SIGNED_SHARE):
            return i, last
    return None


def _restated_title(placed: int | None, lines: list[Line], chrome: ChromeRules, spam: SpamRules, first_body: int,
                    spans_of: dict[int, list[tuple[int, int]]] | None, page: PageText) -> int | None:
    """The line placed as the headline, unless it is a name (PageText.name_like) and a line at
    the top restates the article much better: a title-like line, or a page title whose
    headline part does ("标题 - 某某网"); or, with no line placed, a page title. A reprint's
    "原标题：…" below the text counts too when nothing at the top heads the article."""
    if not page.prose:
        return placed
    # a request above a pasted text naming it ("帮我把这篇《标题》整理成…") beats a page's own name for
    # it (a chat's auto title) when the text restates the named title much better
    base = page.restates(lines[placed].text) if placed is not None else 0.0
    for i, ln in enumerate(lines[: min(max(first_body, 1), HEAD_SCAN * 2)]):
        named = _named_text(ln.text) if i != placed else None
        if (named and len(_LETTER.findall(named)) >= HEADLINE_MIN
                and page.restates(named) >= max(RESTATED_MIN, base + RESTATED_MARGIN)):
            return i
    if placed is not None and not page.name_like(lines[placed].text, placed):
        return placed
    floor = page.restates(lines[placed].text) if placed is not None else 0.0
    placed_key = compact(lines[placed].text) if placed is not None else ""
    best: tuple[float, int] | None = None
    for i, ln in enumerate(lines[: min(max(first_body, 1), HEAD_SCAN * 2)]):
        if i == placed:
            continue
        split = _site_split(ln.text, page, i)
        named = _named_text(ln.text)
        if split:
            reading = split[0]
        elif named:  # "帮我把这篇《标题》整理成…": the title named by a request above a pasted text
            reading = named
        elif placed is not None and _title_candidate(ln, chrome, spam, spans_of):
            reading = ln.text
        else:
            continue
        share = page.restates(reading)
        if (len(_LETTER.findall(reading)) >= HEADLINE_MIN and compact(reading) != placed_key
                and share >= max(RESTATED_MIN, floor + RESTATED_MARGIN) and (best is None or share > best[0])):
            best = (share, i)
    if best is None:
        best = next(((share, i) for i, ln in enumerate(lines) if i >= first_body
                     for value in [_original_title(ln.text)] if value
                     for share in [page.restates(value)] if share >= RESTATED_MIN), None)
    below = placed + 1 if placed is not None else len(lines)
    if (best is None and placed is not None and floor == 0.0 and len(_LETTER.findall(lines[placed].text)) < HEADLINE_MIN
            and below < max(first_body, 1) and len(_LETTER.findall(lines[below].text)) >= HEADLINE_MIN
            and _title_candidate(lines[below], chrome, spam, spans_of) and page.restates(lines[below].text) >= NAME_SHARE):
        # a label sharing nothing with the article ("专题问答") right above a headline-long line
        # that shares some (a question its answers restate in their own words)
        return below
    return best[1] if best else placed


# A text named in a line that asks for work on it ("帮我把这篇《标题》整理成三点", "请翻译下面这篇报道《…》"):
# the name is the pasted text's title when the text restates it better than the page's own name.
_NAMED_TEXT = re.compile(r"(?:这篇|这则|此篇|该篇|下面|以下|原文|文章|报道|新闻)\s*《([^《》]{6,80})》")


_REQUEST_LINE = re.compile(r"^\s*(?:请|帮我|麻烦)|[：:]\s*$")


def _named_text(text: str) -> str | None:
    """The text named by a request line ("请帮我把这篇《…》总结一下", "…原文如下："); a headline
    naming a work ("人民日报评论员文章《…》引发业界热议") asks for nothing and names no title."""
    m = _NAMED_TEXT.search(text)
    return m.group(1).strip() if m and len(text) <= NAMED_LINE_MAX and _REQUEST_LINE.search(text) else None


NAMED_LINE_MAX = 160  # characters of a request line naming the text


def _original_title(text: str) -> str | None:
    """The value of a reprint's "原标题：…" line."""
    m = _LABELLED_TITLE.match(text)
    return _labelled_title(text) if m and m.group("original") else None


@lru_cache(maxsize=1)
def _site_name_ends() -> tuple[str, ...]:
    """rules/chrome.yaml `site_name_end`: the last words of a site's, channel's or column's name."""
    return tuple(map(str, _load("chrome.yaml", RULES_DIR).get("site_name_end", [])))


def _with_untagged(text: str, key: str, chrome: ChromeRules) -> list[tuple[str, str]]:
    """The line and its compact key, and the same without a leading tag ("EP.64 | ")."""
    bare = _untagged(text, chrome)
    return [(text, key)] if bare == text else [(text, key), (bare, compact(bare))]


def _untagged(text: str, chrome: ChromeRules) -> str:
    """The headline without a tag or episode number before it ("EP.64 | 标题" is no
    "name | slogan" line)."""
    tag = chrome.metadata["title_tag"].match(text)
    return text[tag.end() :] if tag and len(text) - tag.end() >= 4 else text


_PIPES = re.compile(r"[|｜].*[|｜]")
_ARROWS = re.compile(rf"\S\s*[{_ARROW_CHARS}]\s*\S.*[{_ARROW_CHARS}]")
_ADDRESS = re.compile(r"https?://|www\.|^:::")


def _menu_marks(text: str) -> bool:
    """Menu pipes or breadcrumb arrows; arrows in a line with markup ("<b>…</b>") are
    the markup's."""
    return bool(_PIPES.search(text) or ("<" not in text and _ARROWS.search(text)))
# A headline holds no menu separators, breadcrumb arrows or addresses.
_FIELD = re.compile(r"(?:^|(?<=\s))[\u4e00-\u9fffA-Za-z]{2,8}\s*[:：]\s*(?=\S)")
FIELD_ROW_MAX = 120


def field_row(text: str) -> bool:
    """A row of two or more labelled fields ("上稿单位：投资组  公告日期：114-10-08",
    "电话：… 邮箱：…", "地址：… 传真：…"): page metadata or contact furniture, never prose
    (no sentence punctuation, labels start the line or follow a space)."""
    if len(text) > FIELD_ROW_MAX or _ROW_END.search(text):
        return False
    fields = _FIELD.findall(text)
    # Three or more labelled fields may list names with commas ("研究员：甲，乙  日期：…").
    if _ROW_PROSE.search(text) and len(fields) < FIELD_ROW_LISTS:
        return False
    return len(fields) >= 2 and text.startswith(fields[0])


_ROW_PROSE = re.compile(r"[。！？；，,!?;]")
_CARD_ROW = re.compile(r"^[^\s:：。！？，,]{1,12}[:：]\s*\S")
_CARD_HEADER = re.compile(r"^【[^【】]{2,10}】$")
CARD_ROWS = 3  # labelled rows of an info card
_ROW_END = re.compile(r"[。！？!?]")
FIELD_ROW_LISTS = 3


def _info_cards(lines: list[Line], first_body: int) -> set[int]:
    """Indexes of an info card above the article ("【专利信息】" over "申请号：… 申请日：…", "发明人：…",
    "分类号：…"): its bracketed header, then CARD_ROWS or more labelled rows in a row with no
    sentence end, one of them a row of two fields. Without the header such rows may be the
    article's own opening list (an event's 时间：/地点：/主办：), so they stay."""
    out: set[int] = set()
    i = 1
    while i < first_body:
        j = i
        while j < first_body and _CARD_ROW.match(lines[j].text) and not _ROW_END.search(lines[j].text):
            j += 1
        if j - i >= CARD_ROWS and _CARD_HEADER.match(lines[i - 1].text) and any(field_row(lines[k].text) for k in range(i, j)):
            out.update(range(i - 1, j))
        i = max(j, i + 1)
    return out


def _standfirst(lines: list[Line], keys: list[str], chrome: ChromeRules) -> set[int]:
    """Indexes of the leading body paragraphs that a longer paragraph further down
    contains verbatim: a standfirst (导读, 摘要) copying a sentence of the body. The body
    keeps the text; the copies above it go. The scan stops at the first body paragraph
    that is not such a copy, so removing them cannot make another one."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        if not is_body(ln.text) or _page_title(ln.text) or chrome.metadata["lead_excerpt"].match(ln.text):
            continue  # a labelled excerpt ("导读 …") goes by its own rule
        key = keys[i]
        if len(key) < STANDFIRST_MIN_CHARS or not any(len(k) > len(key) and key in k for k in keys[i + 1 :]):
            break
        out.add(i)
    return out


def _lead_excerpts(lines: list[Line], keys: list[str], chrome: ChromeRules) -> set[int]:
    """Indexes of labelled lead excerpts in the head whose text a later paragraph repeats."""
    out: set[int] = set()
    for i, ln in enumerate(lines[: HEAD_SCAN * 2]):
        lead = chrome.metadata["lead_excerpt"].match(ln.text)
        if lead:
            body = compact(ln.text[lead.end() :])
            if len(body) >= 12 and any(_copied(body[:40], k) for k in keys[i + 1 :]):
                out.add(i)
    return out


def _copied(excerpt: str, other: str, size: int = 6) -> bool:
    """Does `other` hold `excerpt`, maybe with words inserted into one of them (stuffing)?
    Most of the excerpt's 6-character pieces are found in it."""
    if excerpt in other:
        return True
    pieces = {excerpt[k : k + size] for k in range(len(excerpt) - size + 1)}
    return bool(pieces) and sum(1 for p in pieces if p in other) >= EXCERPT_MATCH * len(pieces)


# A wiki's section heading with its edit link after it ("技术路线 编辑", "历史 [编辑]").
_EDIT_BUTTON = re.compile(r"^(?P<head>[^\s。！？!?，,；;：:][^。！？!?，,；;]{0,22}?)\s+"
                          r"(?P<button>[\[【(（]?\s*(?:编辑|编辑本段|edit)\s*[\]】)）]?)$", re.IGNORECASE)


def _cut_edit_buttons(lines: list[Line], removals: list[Removal]) -> list[Line]:
    """A short heading above a paragraph of prose, its edit link set apart after it: the
    link is the page's, the heading the article's."""
    out = []
    for k, ln in enumerate(lines):
        m = _EDIT_BUTTON.match(ln.text)
        if m and k + 1 < len(lines) and is_body(lines[k + 1].text):
            removals.append(Removal("chrome", m.group("button"), "edit-button", ln.no))
            ln = Line(ln.no, m.group("head"))
        out.append(ln)
    return out


# A table of contents numbers its entries ("1 概念由来", "2.3 路线"); the headings may not.
_TOC_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.、]?|[一二三四五六七八九十]{1,3}、)\s*")


def _table_of_contents(keys: list[str]) -> set[int]:
    """Indexes of a table of contents: a run of at least TOC_MIN_ENTRIES short lines in
    the first half of an article that all come back later, in the same order, as the
    article's headings. The later copies are the headings and stay."""
    toc: set[int] = set()
    run: list[int] = []
    copy_at: dict[int, int] = {}  # entry -> index of its later copy
    for i, key in enumerate([*keys[: len(keys) // 2 + 1], ""]):
        if key and len(key) <= TOC_MAX_CHARS and key in keys[i + 1 :]:
            copy_at[i] = keys.index(key, i + 1)
            if not run or (copy_at[run[-1]] < copy_at[i] and all(keys[j] != key for j in run)):
                run.append(i)
                continue
        # The headings follow the contents: no copy inside the run itself.
        if len(run) >= TOC_MIN_ENTRIES and copy_at[run[0]] > run[-1]:
            toc.update(run)
        run = [i] if i in copy_at else []
    return toc


CHAPTERS_MIN = 3
SPAM_REST_PROSE = 24  # letters of prose left around spliced spam that keep the paragraph
WRAPPED_REST_MIN = 8  # letters of a wrapped sentence after spam spliced into its line, up to the wrap
WRAP_CUT_HEAD = 4  # letters of a spam phrase's middle the wrap left before its run in the next line
WRAPPED_LINE_MIN = 20  # characters of a line above that broke off mid-sentence at a hard wrap
WRAPPED_PROSE_REST = 16  # ... and of prose left in the line in all (a wrapped line is short)
CARD_ABOVE = 2  # lines of an account card (name, bio) above its "N篇原创内容" line


def _chapter_list(lines: list[Line]) -> set[int]:
    """Indexes of a chapter list ("00:18:03 云端方案 vs 端侧芯片"): at least CHAPTERS_MIN
    consecutive short lines, each a media time stamp and a label with no sentence end. A
    live blog's entries ("14:06 发布会开始，……。") are prose and stay."""
    rx = chrome_rules().metadata["chapter_line"]
    out: set[int] = set()
    run: list[int] = []
    for i, ln in enumerate([*lines, None]):
        if ln is not None and rx.match(ln.text) and not _SENTENCE_END.search(ln.text):
            run.append(i)
            continue
        if len(run) >= CHAPTERS_MIN:
            out.update(run)
        run = []
    return out


SEAM_MIN = 4  # letters of a seam's repeated line at least
SEAM_MAX = 24  # ... and at most (a phone screen's line or two)


def _drop_repeats(lines: list[Line], drop) -> list[Line]:
    """Exact repeated paragraphs, a table of contents and truncated lead excerpts: keep
    the first full copy."""
    seen: set[str] = set()
    out: list[Line] = []
    keys = [compact(ln.text) for ln in lines]
    toc = _table_of_contents(keys) or _table_of_contents([compact(_TOC_NUMBER.sub("", ln.text)) for ln in lines])
    chapters = _chapter_list(lines)
    for i, ln in enumerate(lines):
        key = keys[i]
        if i in toc:
            drop(ln, "chrome", "table-of-contents")
            continue
        if i in chapters:
            drop(ln, "chrome", "chapter-list")
            continue
        # Short lines repeat legitimately in reports ("优势:", "Case Study:"); only
        # paragraphs long enough to be prose count as repeats.
        if len(key) >= REPEAT_MIN_CHARS and key in seen:
            drop(ln, "repeat", "repeated-paragraph")
            continue
        # a screenshot's seam: a short line repeating the end of the paragraph before it, to
        # its sentence end ("…同等功率下铜材用量可减少约45%。" over "用量可减少约45%。"). The
        # paragraph before it is the last one kept: cleaning the cleaned text again, where
        # whatever was dropped in between is gone, drops the same line (idempotence)
        if (out and SEAM_MIN <= len(key) <= SEAM_MAX and len(compact(out[-1].text)) > len(key) + SEAM_MIN
                and ln.text.rstrip()[-1:] in TERMINAL_OR_CLOSE and out[-1].text.rstrip().endswith(ln.text.strip())):
            drop(ln, "repeat", "seam-repeat")
            continue
        lead = chrome_rules().metadata["lead_excerpt"].match(ln.text)
        if lead:
            body = compact(ln.text[lead.end() :])
            if len(body) >= 12 and any(_copied(body[:40], k) for j, k in enumerate(keys) if j != i):
                drop(ln, "repeat", "lead-excerpt")
                continue
        excerpt = _ELLIPSIS_END.search(ln.text)
        if excerpt and len(key) >= 20:
            untagged = _EXCERPT_TAG.sub("", ln.text)  # (a push's or list's channel tag: "【快讯】记者…")
            probe = compact(_ELLIPSIS_END.sub("", untagged))
            probe = compact(chrome_rules().metadata["lead_excerpt"].sub("", untagged))[:30] if len(probe) > 30 else probe
            if any(probe and probe in k for j, k in enumerate(keys) if j != i):
                drop(ln, "repeat", "truncated-excerpt")
                continue
        seen.add(key)
        out.append(ln)
    return out


_EXCERPT_TAG = re.compile(rf"^\s*{_CHANNEL_TAG}\s*")


def _outside(spans: list[tuple[int, int]], keep: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` without the characters of the `keep` spans."""
    for x, y in keep:
        spans = [p for a, b in spans for p in ((a, min(b, x)), (max(a, y), b)) if p[0] < p[1]]
    return spans


RESIDUE_CJK_MAX = 4  # Chinese letters of a scrap an ad's cut leaves (a label, a phone number's word)
RESIDUE_SHARE = 0.3  # ... and its share of the line's letters (digits aside) at most
_WORD_LETTERS = re.compile(r"[^\W\d_]")
_SPACE_AFTER_MARK = re.compile(r"(?<=[，。、；：！？])\s+(?=[\u4e00-\u9fff])")


def _inline_cleanup(lines: list[Line], spam: SpamRules, removals: list[Removal], spans_of: dict[int, list[tuple[int, int]]]) -> list[Line]:
    out = []
    prose: list[str] = []  # the article's text outside every spam span, read once a span needs it
    prime_stats(ln.text for ln in lines)  # every line's statistical spans (added_spans below), in one pass

    def uses(word: str) -> int:
        if not prose:
            prose.append("\n".join(cut(x.text, _line_spans(x, spans_of, spam)) for x in lines))
        return prose[0].count(word)

    for ln in lines:
        text = ln.text
        # a weak word closing a span and glued to the host is the host's when the article uses it
        found = _line_spans(ln, spans_of, spam)
        spans = [(a, host_tail(text, a, b, spam, uses)) for a, b in found]
        hosts = [(t, b) for (_, b), (_, t) in zip(found, spans, strict=True) if t < b]  # the host's words, kept
        # the statistics (digest/spamstats.py) add what reads as spam around and between
        # the lexicon's runs, or where the lexicon found nothing
        extra = _outside(added_spans(text, spans), hosts)
        # in a line the lexicon finds clean, a stretch that is a sentence of news about the trade stays
        news = None if spans else partial(reported_stretch, rules=spam)
        if news is not None:
            extra = [(a, b) for a, b in extra if not news(text, a, b)]
        if spans or extra:
            for a, b in spans:
                removals.append(Removal("spam", text[a:b], "spam-lexicon-run", ln.no))
            for a, b in extra:
                removals.append(Removal("spam", text[a:b], "spam-stats", ln.no))
            text, more = stats_cut(cut(text, merge_spans(spans + extra)), keep=news)  # cutting joins text: cut what then reads as spam
            for piece in more:
                removals.append(Removal("spam", piece, "spam-stats", ln.no))
            text = _SPACE_AFTER_MARK.sub("", text)  # "，| 入群…": the cut's space after a Chinese mark
            left = text.strip()
            if (left and len(_CJK_CHAR.findall(left)) <= RESIDUE_CJK_MAX and not SENTENCE_PUNCT.search(left)
                    and len(_WORD_LETTERS.findall(left)) < RESIDUE_SHARE * len(_WORD_LETTERS.findall(ln.text))):
                # what the cut left of an ad line is a scrap ("分类 400-…"): it goes with the ad
                removals.append(Removal("spam", left, "spam-residue", ln.no))
                text = ""
        glosses = list(_PINYIN_GLOSS.finditer(text))
        if glosses:
            for m in glosses:
                removals.append(Removal("pinyin_gloss", m.group(0), "tone-marked-pinyin", ln.no))
            text = _PINYIN_GLOSS.sub("", text)
        if _CENSORED.search(text):
            for m in _CENSORED.finditer(text):
                removals.append(Removal("censored", m.group(0), f"censorship-gap marked {CENSOR_MARK}", ln.no))
            text = _CENSORED.sub(lambda m: CENSOR_MARK * max(2, len(m.group(0)) // 2), text)
        text = re.sub(r"\s{2,}", " ", text).strip()
        if text:
            out.append(Line(ln.no, text))
    return out
