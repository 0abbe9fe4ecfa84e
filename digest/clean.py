"""Clean: remove chrome, spam, captions, comment threads, repeats, pinyin glosses and
keyword stuffing from one article segment, recording every removal with its reason.

Decisions come from signals — rule lexicons in rules/*.yaml, line shape and position,
frequency across unrelated inputs, repetition inside the document — never from one
seed's exact sentence. Every removed piece of text becomes a `Removal`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from .model import Removal
from .rules import ChromeRules, SpamRules, chrome_rules, spam_rules
from .split import Line, Segment, is_title_like, shape

SENTENCE_PUNCT = re.compile(r"[。,，;；!！?？:：、]")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_ELLIPSIS_END = re.compile(r"(\.{3,}|…+)$")
_CENSORED = re.compile(r"\*{2,}|＊{2,}")
CENSOR_MARK = "□"
# A pinyin gloss: one to four syllables in parentheses right after a CJK character, at
# least one with a tone mark ("会(huì)"); plain words like "(code)" are not glosses.
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（]\s*(?:(?=[a-zü{_TONE} ]*[{_TONE}])[a-zü{_TONE}]+(?:\s+[a-zü{_TONE}]+){{0,3}}"
    r"|[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]{1,5})\s*[)）]"  # or a bopomofo gloss: 業(ㄧㄝˋ)
)
_NON_TEXT = re.compile(r"[\s\W_]+")
BODY_MIN_LEN = 30
REPEAT_MIN_CHARS = 24
AMOUNT_UNITS = "元块万"
TAIL_SHORT = 30  # tail lines this short without a sentence end are furniture
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


@dataclass
class CleanResult:
    paragraphs: list[Line]
    meta: Meta
    removals: list[Removal]


def compact(text: str) -> str:
    """Text without spaces and punctuation, for repeat detection."""
    return _NON_TEXT.sub("", text).lower()


_SENTENCE_END = re.compile(r"[。!?！？…]")
_CLAUSE = re.compile(r"[。,，;；!！?？:：、]")


def is_body(text: str) -> bool:
    """Prose, not a list of keywords: long, CJK, with sentences or long clauses."""
    if len(text) < BODY_MIN_LEN or not _CJK_CHAR.search(text) or not SENTENCE_PUNCT.search(text):
        return False
    if _SENTENCE_END.search(text):
        return True
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    return sum(len(c) for c in clauses) / max(1, len(clauses)) >= 8


def _first(patterns, text: str) -> str | None:
    for pat in patterns:
        if pat.regex.search(text):
            return pat.id
    return None


# --- spam -----------------------------------------------------------------------------


def spam_spans(text: str, rules: SpamRules) -> list[tuple[int, int]]:
    """Spans of gambling/SEO spam: runs of lexicon terms anchored by a strong term.

    One lexicon word alone is often ordinary Chinese (投注精力, 四不像): a run needs a
    strong term and at least one more term glued to it, unless its term is one that is
    spam on its own (rules/spam.yaml `alone`).
    """
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for pat in rules.patterns:
        spans.extend(m.span() for m in pat.regex.finditer(text))
    if not rules.strong_any.search(text):  # fast path: most lines hold no spam word at all
        return [_widen_digits(text, a, b) for a, b in _merge(spans)]

    def close() -> None:
        if not run:
            return
        start, end = run[0].start(), run[-1].end()
        words = {m.group(0).lower() for m in run}
        anchored = bool(words & rules.strong) or _holds_strong(text[start:end], rules)
        if (anchored and len(run) >= 2) or words & rules.alone:
            spans.append((start, end))

    for m in rules.run.finditer(text):
        gap = text[run[-1].end() : m.start()] if run else None
        # A lone character is a term only when glued directly ("号码"), never across a
        # gap: "…号码前期投入" must keep 前期.
        single = run and (len(m.group(0)) == 1 or len(run[-1].group(0)) == 1)
        if run and _GLUE.fullmatch(gap or "") and not (single and gap):
            run.append(m)
        else:
            close()
            run = [m]
    close()
    return [_widen_digits(text, a, b) for a, b in _merge(spans)]


# What may sit between two spam terms of one run: nothing, spaces, a number with a unit
# ("送38元彩金"), or one character ("娱乐场官网").
_GLUE = re.compile(r"\s*[【】\[\]《》「」]?\s*\d*\s*[\u4e00-\u9fff]?\s*\d*\s*[【】\[\]《》「」]?\s*")


def _holds_strong(run: str, rules: SpamRules) -> bool:
    # Longest-first matching can split a strong term across two weak ones (澳门正版|资料).
    return bool(rules.strong_any.search(run))


def _widen_digits(text: str, start: int, end: int) -> tuple[int, int]:
    # "2024澳门…", "【金沙娱乐城】体验金168": numbers and brackets glued to the run belong to it.
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in " 【[《「"):
        start -= 1
    while end < len(text) and (text[end].isdigit() or text[end] in " 】]》」%"):
        end += 1
    if end < len(text) and text[end] in AMOUNT_UNITS and text[end - 1].isdigit():
        end += 1  # "注册送28元": the amount's unit too
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for a, b in spans:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


# --- metadata -------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")


def parse_header_date(text: str) -> tuple[str, str | None] | None:
    m = _DATE.search(text)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", m.group(4)


_DATE_LABELS = ("发布", "发表", "时间", "日期")
_ORIGIN_LABELS = ("来源", "本文来源", "文章来源", "稿源", "出品")
_AUTHOR_LABELS = ("作者", "撰文", "记者", "文")


def _metadata(text: str, rules: ChromeRules, meta: Meta) -> str | None:
    """Recognize a header metadata line, fill `meta`, return the rule id (or None).

    A metadata line is either a date line ("2024-02-20 18:40 编辑: robot") or a short run
    of `label: value` fields ("发布时间:2025-01-03 来源:钛媒体 作者:王鹤宇"). A date
    labelled as an update time is a mirror's, never the publication date.
    """
    md = rules.metadata
    fields = list(md["field"].finditer(text))
    if md["date_line"].match(text) and not fields:
        parsed = parse_header_date(text)
        if parsed and meta.date is None:
            meta.date, meta.published_time = parsed
            meta.date_precision = "day"
        rest = _DATE.sub("", text).strip()
        if rest and meta.origin is None and len(rest) <= 20 and not re.search(r"[:：]", rest):
            meta.origin = rest
        return "date-line"
    dt = md["datetime_any"].search(text)
    if dt and not fields and len(text) <= 60 and not _SENTENCE_END.search(text):
        parsed = parse_header_date(dt.group(0))
        if parsed and meta.date is None and not md["update_words"].search(text):
            meta.date, meta.published_time = parsed
            meta.date_precision = "day"
        return "byline-datetime"
    if not fields or len(text) > 100:
        m = md["original_title"].match(text)
        if m:
            meta.notes.append(f"stated original title: {m.group('value').strip()}")
            return "original-title"
        return None
    # Fields must start the line (or follow a date): a sentence mentioning 来源 is not metadata.
    if fields[0].start() > 0 and not _DATE.match(text):
        return None
    lead = _DATE.match(text)
    if lead and meta.date is None and not md["update_words"].search(text[: fields[0].start()]):
        meta.date, meta.published_time = parse_header_date(lead.group(0)) or (None, None)
        meta.date_precision = "day" if meta.date else None
    for k, m in enumerate(fields):
        label = m.group(1) or m.group(2)
        value = text[m.end() : fields[k + 1].start() if k + 1 < len(fields) else len(text)].strip(" |｜")
        if md["update_words"].search(label):
            meta.notes.append(f"ignored mirror update time: {value}")
        elif label.startswith(_DATE_LABELS) or label in ("时间", "日期"):
            parsed = parse_header_date(value)
            if parsed and meta.date is None:
                meta.date, meta.published_time = parsed
                meta.date_precision = "day"
        elif label in _ORIGIN_LABELS:
            _set_person(meta, "来源", value)
        elif label in _AUTHOR_LABELS:
            _set_person(meta, "作者", value)
    return "fields"


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


def clean_segment(segment: Segment, context: Context | None = None, sidecar_title: str | None = None) -> CleanResult:
    context = context or Context()
    chrome = chrome_rules()
    spam = spam_rules()
    removals: list[Removal] = []
    meta = Meta()
    lines = list(segment.lines)

    def drop(ln: Line, kind: str, rule: str, text: str | None = None) -> None:
        removals.append(Removal(kind, text if text is not None else ln.text, rule, ln.no))

    kept: list[Line] = []
    if segment.marker_no is not None:
        for ln in lines:
            if ln.no == segment.marker_no:
                drop(ln, "counter", "article-marker")
        lines = [ln for ln in lines if ln.no != segment.marker_no]

    first_body = next((i for i, ln in enumerate(lines) if is_body(ln.text)), len(lines))
    # Disclaimers and reprint notices are long sentences too; they do not end the body.
    last_body = max((i for i, ln in enumerate(lines) if is_body(ln.text) and not _first(chrome.tail_line, ln.text)), default=-1)
    title_idx = _find_title(lines, segment, chrome, spam, first_body)
    if title_idx is not None:
        meta.title = lines[title_idx].text
        tag = chrome.metadata["title_tag"].match(meta.title)
        if tag and len(meta.title) - tag.end() >= 4:  # a forum tag such as "[心得]" is not the title
            removals.append(Removal("chrome", tag.group(0).strip(), "title-tag", lines[title_idx].no))
            meta.title = meta.title[tag.end() :]
        meta.title_line = lines[title_idx].no
    title_key = compact(meta.title) if meta.title else None
    tail_closed = False  # after a copyright/disclaimer/comment block nothing is article text
    references = False  # after "参考资料" the tail is the article's reference list
    for i, ln in enumerate(lines):
        text = ln.text
        in_head = i < first_body or i < HEAD_SCAN
        in_tail = i > last_body
        if i == title_idx:
            continue
        if tail_closed:
            drop(ln, "comments" if _is_comment(text, chrome) else "chrome", "after-end-of-article")
            continue
        if title_key and _is_title_copy(text, title_key):
            drop(ln, "repeat", "title-repeat")
            continue
        if i + 1 < len(lines) and _about_box(text, lines[i + 1].text, chrome):
            drop(ln, "chrome", "about-box")
            tail_closed = True
            continue
        if title_idx is not None and i < title_idx and not is_body(text):
            kind = "spam" if spam_spans(text, spam) else "chrome"
            drop(ln, kind, "before-title")
            continue
        if _is_comment(text, chrome):
            drop(ln, "comments", "comment-line")
            if i > len(lines) // 2:
                tail_closed = True
            continue
        if len(text) <= chrome.anywhere_max_len:
            rule = _first(chrome.anywhere_line, text)
            if rule:
                drop(ln, "chrome", rule)
                tail_closed = tail_closed or (in_tail and rule in ("statement", "original-notice"))
                continue
        share = sum(b - a for a, b in spam_spans(text, spam)) / max(1, len(text.replace(" ", "")))
        if share >= spam.paragraph_share:
            drop(ln, "spam", "spam-share")
            continue
        if len(text) <= chrome.short_max_len:
            rule = _first(chrome.short_line, text)
            if rule:
                drop(ln, "chrome", rule)
                # A "related reading" or comment header near the end starts page furniture,
                # even when a comment below it looks like prose.
                if rule in ("copyright", "related", "comment-head", "end-mark") and (in_tail or i >= 0.6 * len(lines)):
                    tail_closed = True
                continue
            if shape(text) in context.common_lines:
                drop(ln, "chrome", "cross-input-frequency")
                continue
        rule = _first(chrome.caption, text)
        if (rule and not _SENTENCE_END.search(text)) or (rule == "image-note"):
            drop(ln, "caption", rule)
            continue
        if in_head or in_tail:  # bylines sit above the article, or below it (Q&A sites)
            rule = _metadata(text, chrome, meta)
            if rule:
                drop(ln, "metadata", rule)
                continue
        if in_head and i < first_body:
            rule = _first(chrome.head_line, text)
            if rule:
                drop(ln, "chrome", rule)
                continue
        if title_idx is not None and title_idx < i < first_body and _is_header_block(text):
            drop(ln, "chrome", "header-block")
            continue
        if in_tail:
            rule = _first(chrome.tail_line, text)
            if rule:
                drop(ln, "chrome", rule)
                tail_closed = True
                continue
            if chrome.metadata["references"].match(text):
                references = True
            elif not references and len(text) <= TAIL_SHORT and chrome.metadata["stamp"].search(text):
                # A short line with a time stamp after the article: a comment thread starts.
                drop(ln, "comments", "tail-timestamp")
                tail_closed = True
                continue
            elif not references and _is_tail_furniture(text):
                drop(ln, "chrome", "tail-short-line")
                continue
        kept.append(ln)

    if title_idx is None and sidecar_title is None:
        meta.notes.append("no title line: title derived from content")
    kept = _drop_repeats(kept, drop)
    kept = _inline_cleanup(kept, spam, removals)
    kept = repair_stuffing(kept, meta.title, removals)
    kept = drop_dangling_tails(kept, meta.title, removals)
    return CleanResult(kept, meta, removals)


def _is_tail_furniture(text: str) -> bool:
    """After the last paragraph, a short line that is no sentence and no list item is
    page furniture (a menu entry, a tag, a related title, a button)."""
    if text[:1] in "(（" and text[-1:] in ")）":
        return False  # an editor's note such as (应受访者要求…为化名) belongs to the article
    return len(text) <= TAIL_SHORT and not _SENTENCE_END.search(text) and not _NUMBERED_HEADING.match(text) and "《" not in text


def _is_title_copy(text: str, title_key: str) -> bool:
    """The title again, maybe with the site's name glued on ("标题_搜狐汽车_搜狐网")."""
    key = compact(text)
    if key == title_key:
        return True
    return key.startswith(title_key) and len(key) - len(title_key) <= 16 and bool(re.search(r"[_|｜\-—]", text[len(text) // 2 :]))


def _about_box(text: str, following: str, chrome: ChromeRules) -> bool:
    m = chrome.metadata["about_heading"].match(text)
    return bool(m and following.startswith(m.group("name")[:2]) and chrome.metadata["about_body"].search(following[:40]))


_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|\d{1,2}[.、)]|[(（][一二三四五六七八九十\d]+[)）]|第.{1,3}[部章节])")


def _is_header_block(text: str) -> bool:
    """Author name, bio or vote count between a title and the first paragraph."""
    return len(text) <= 24 and not SENTENCE_PUNCT.search(text) and not _NUMBERED_HEADING.match(text)


def _is_comment(text: str, chrome: ChromeRules) -> bool:
    return any(p.match(text) for p in chrome.comments.values())


def _find_title(lines: list[Line], segment: Segment, chrome: ChromeRules, spam: SpamRules, first_body: int) -> int | None:
    if segment.title_no is not None:
        return next(i for i, ln in enumerate(lines) if ln.no == segment.title_no)
    head = [(i, ln) for i, ln in enumerate(lines[: max(first_body, 1) + 4]) if i < HEAD_SCAN * 2]
    candidates = [
        (i, ln)
        for i, ln in head
        if is_title_like(ln.text)
        and not _first(chrome.short_line, ln.text)
        and not _first(chrome.caption, ln.text)
        and not spam_spans(ln.text, spam)
        and not _metadata(ln.text, chrome, Meta())
        and not _first(chrome.head_line, ln.text)
        and not _NUMBERED_HEADING.match(ln.text)
    ]
    if not candidates:
        return None
    counts = Counter(compact(ln.text) for ln in lines)
    # A title is repeated by mirrors at the top, before the article starts; a section
    # heading repeated further down (a table of contents) is not a title.
    repeated = [(i, ln) for i, ln in candidates if counts[compact(ln.text)] >= 2 and i < max(first_body, 1)]
    if repeated:
        return repeated[0][0]
    # The title usually sits right above its date/source line.
    for i, _ in candidates:
        if i + 1 < len(lines) and _metadata(lines[i + 1].text, chrome, Meta()):
            return i
    i = candidates[0][0]
    # A lone short line right before the body is a title only if nothing but metadata
    # and blank space precede it; a first line that is a sentence of the body is not.
    return i if i <= 2 or i < first_body else None


def _drop_repeats(lines: list[Line], drop) -> list[Line]:
    """Exact repeated paragraphs and truncated lead excerpts: keep the first full copy."""
    seen: set[str] = set()
    out: list[Line] = []
    keys = [compact(ln.text) for ln in lines]
    for i, ln in enumerate(lines):
        key = keys[i]
        # Short lines repeat legitimately in reports ("优势:", "Case Study:"); only
        # paragraphs long enough to be prose count as repeats.
        if len(key) >= REPEAT_MIN_CHARS and key in seen:
            drop(ln, "repeat", "repeated-paragraph")
            continue
        lead = chrome_rules().metadata["lead_excerpt"].match(ln.text)
        if lead:
            body = compact(ln.text[lead.end() :])
            if len(body) >= 12 and any(body[:30] in k for j, k in enumerate(keys) if j != i):
                drop(ln, "repeat", "lead-excerpt")
                continue
        excerpt = _ELLIPSIS_END.search(ln.text)
        if excerpt and len(key) >= 20:
            probe = compact(_ELLIPSIS_END.sub("", ln.text))
            probe = compact(chrome_rules().metadata["lead_excerpt"].sub("", ln.text))[:30] if len(probe) > 30 else probe
            if any(probe and probe in k for j, k in enumerate(keys) if j != i):
                drop(ln, "repeat", "truncated-excerpt")
                continue
        seen.add(key)
        out.append(ln)
    return out


def _inline_cleanup(lines: list[Line], spam: SpamRules, removals: list[Removal]) -> list[Line]:
    out = []
    for ln in lines:
        text = ln.text
        spans = spam_spans(text, spam)
        if spans:
            for a, b in spans:
                removals.append(Removal("spam", text[a:b], "spam-lexicon-run", ln.no))
            text = cut(text, spans)
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


# --- keyword stuffing -----------------------------------------------------------------

_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


def title_terms(title: str | None) -> set[str]:
    """CJK n-grams (2-4) of the title: the words a stuffer repeats to game search."""
    if not title:
        return set()
    grams = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", title):
        for size in (2, 3, 4):
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def stuffing_terms(texts: list[str], candidates: set[str]) -> tuple[set[str], set[int]]:
    """Title words stuffed into the article, and the paragraphs that are bursty with them.

    A term is stuffing when it is bursty in some paragraph (far above its rate in the rest
    of the article) while the article barely uses it elsewhere: a real subject word, such
    as 法律 in a legal-tech article, is frequent everywhere, so it is never taken.
    """
    total = sum(len(t) for t in texts) or 1
    terms: set[str] = set()
    flagged: set[int] = set()
    for term in candidates:
        counts = [t.count(term) for t in texts]
        all_count = sum(counts)
        bursty = set()
        for i, (text, count) in enumerate(zip(texts, counts, strict=True)):
            if count < 3:
                continue
            expected = (all_count - count) * len(text) / max(1, total - len(text))
            if count >= 3 * expected + 2:
                bursty.add(i)
        # A repeated compound (深度学习 three times) always has the same neighbours;
        # inserted words land in varied places.
        bursty = {i for i in bursty if _varied_contexts(texts[i], term)}
        if not bursty:
            continue
        rest = sum(c for i, c in enumerate(counts) if i not in bursty)
        rest_len = max(1, total - sum(len(texts[i]) for i in bursty))
        if rest * 2000 / rest_len < 1.0:
            terms.add(term)
            flagged |= bursty
    terms = {t for t in terms if not any(t != o and t in o for o in terms)}
    return terms, flagged


def _varied_contexts(text: str, term: str) -> bool:
    lefts, rights = set(), set()
    for m in re.finditer(re.escape(term), text):
        lefts.add(text[m.start() - 1 : m.start()])
        rights.add(text[m.end() : m.end() + 1])
    return len(lefts) >= 2 and len(rights) >= 2


def _attested(others: str, left: str, term: str, right: str) -> bool:
    """Is this occurrence part of a real sentence: do its neighbours meet the term elsewhere?

    A term between two non-letters (paragraph edge, punctuation) is not part of a sentence.
    """
    left_cjk = bool(left and _CJK_CHAR.match(left))
    right_cjk = bool(right and _CJK_CHAR.match(right))
    if not left_cjk and not right_cjk:
        return False
    ok_left = not left_cjk or (left + term) in others
    ok_right = not right_cjk or (term + right) in others
    return ok_left and ok_right


def _grams(text: str, n: int = 4) -> set[str]:
    key = compact(text)
    return {key[i : i + n] for i in range(len(key) - n + 1)}


def _aligned_insertions(text: str, references: list[str], words: set[str]) -> list[tuple[int, int]]:
    """Spans of `text` that are title words absent from the near-copy paragraphs."""
    from difflib import SequenceMatcher

    spans = []
    reference = "\n".join(references)
    matcher = SequenceMatcher(None, text, reference, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            piece = text[i1:i2].strip(" ,，")
            if piece in words:
                start = text.index(piece, i1)
                spans.append((start, start + len(piece)))
    return spans


def repair_stuffing(lines: list[Line], title: str | None, removals: list[Removal], lead: int = 8) -> list[Line]:
    """Remove title words inserted into paragraphs to game search engines.

    Stuffing terms come from `stuffing_terms`. In a paragraph bursty with one, or a lead
    paragraph holding one, an occurrence is removed when the characters around it never
    meet the term anywhere else in the article; other title words are removed where the
    paragraph is a near-copy of other paragraphs and the copies lack them; doubled words
    ("中国中国") are collapsed.
    """
    candidates = title_terms(title)
    if not candidates:
        return lines
    texts = [ln.text for ln in lines]
    terms, flagged = stuffing_terms(texts, candidates)
    if not terms:
        return lines
    flagged |= {i for i in range(min(lead, len(texts))) if any(t in texts[i] for t in terms)}
    clean_others = "\n".join(t for j, t in enumerate(texts) if j not in flagged)
    grams = [_grams(t) for t in texts]
    out = []
    for idx, ln in enumerate(lines):
        if idx not in flagged:
            out.append(ln)
            continue
        text = _DOUBLED.sub(partial(_log_double, removals=removals, line=ln.no), ln.text)
        for term in sorted(terms, key=len, reverse=True):
            text = _remove_unattested(text, term, clean_others, removals, ln.no)
        mine = _grams(text)
        similar = sorted(
            (j for j in range(len(texts)) if j not in flagged and mine),
            key=lambda j: (-len(mine & grams[j]), j),
        )[:2]
        if similar and sum(len(mine & grams[j]) for j in similar) >= 0.4 * len(mine):
            spans = _aligned_insertions(text, [texts[j] for j in similar], candidates)
            for a, b in spans:
                removals.append(Removal("stuffing", text[a:b], "absent-from-near-copy", ln.no))
            text = cut(text, spans)
        text = re.sub(r"\s{2,}", " ", text).strip()
        if text:
            out.append(Line(ln.no, text))
    return out


def _log_double(m: re.Match[str], *, removals: list[Removal], line: int) -> str:
    removals.append(Removal("stuffing", m.group(1), "doubled-word", line))
    return m.group(1)


def _remove_unattested(text: str, term: str, others: str, removals: list[Removal], line: int) -> str:
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(re.escape(term), text):
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if _attested(others, left, term, right):
            continue
        pieces.append(text[pos : m.start()])
        pos = m.end()
        removals.append(Removal("stuffing", term, "unattested-title-word", line))
    pieces.append(text[pos:])
    return "".join(pieces)


# --- dangling tails ------------------------------------------------------------------

_TAIL = re.compile(r"(?<=[。!?！？”」])([^。!?！？,，、;；:：“”\s]{2,16})$")


def drop_dangling_tails(lines: list[Line], title: str | None, removals: list[Removal]) -> list[Line]:
    """Remove keyword fragments glued after a paragraph's final punctuation ("…回答。AI眼镜推荐").

    A fragment after the last sentence end is stuffing when the same fragment ends several
    paragraphs, or when it is made only of title words.
    """
    tails = [(_TAIL.search(ln.text) if _CJK_CHAR.search(ln.text[-1:] or "x") or ln.text[-1:].isalnum() else None) for ln in lines]
    counts = Counter(m.group(1) for m in tails if m)
    words = title_terms(title)
    out = []
    for ln, m in zip(lines, tails, strict=True):
        if m and (counts[m.group(1)] >= 2 or _only_title_words(m.group(1), words)):
            removals.append(Removal("stuffing", m.group(1), "dangling-tail", ln.no))
            out.append(Line(ln.no, ln.text[: m.start(1)]))
        else:
            out.append(ln)
    return out


def _only_title_words(fragment: str, words: set[str]) -> bool:
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", fragment)
    if len(cjk) < 2 or not words:
        return False
    covered = [False] * len(cjk)
    for size in (4, 3, 2):
        for i in range(len(cjk) - size + 1):
            if cjk[i : i + size] in words:
                for j in range(i, i + size):
                    covered[j] = True
    return all(covered)


# --- repair against mirrors -----------------------------------------------------------

MIRROR_SPAN_MAX = 16


def repair_against_mirrors(paragraphs: list[str], donors: list[list[str]]) -> tuple[list[str], list[Removal]]:
    """Remove short insertions that no other copy of the article has.

    Mirrors of one article carry different spam; a short run of characters found in the
    canonical copy but in none of the other copies' matching paragraphs — and nowhere
    else in those copies — was spliced in ("Step b极速y Step", "…需求,稳赚群可以…").
    Longer differences are content (an editor's change, a longer version) and stay.
    """
    from difflib import SequenceMatcher

    if not donors:
        return paragraphs, []
    spam = spam_rules()
    donor_texts = ["\n".join(d) for d in donors]
    donor_grams = [[_grams(p) for p in d] for d in donors]
    out: list[str] = []
    removals: list[Removal] = []
    for para in paragraphs:
        mine = _grams(para)
        matches = []
        for donor, grams in zip(donors, donor_grams, strict=True):
            best = max(range(len(donor)), key=lambda j: len(mine & grams[j]), default=None)
            if best is not None and mine and len(mine & grams[best]) >= 0.6 * len(mine):
                matches.append(donor[best])
        if not matches:
            out.append(para)
            continue
        absent: set[int] | None = None
        for other in matches:
            here = set()
            for tag, i1, i2, _j1, _j2 in SequenceMatcher(None, para, other, autojunk=False).get_opcodes():
                if tag == "delete":
                    here.update(range(i1, i2))
            absent = here if absent is None else absent & here
        spans = _runs(sorted(absent or ()))
        cuts = []
        for a, b in spans:
            piece = para[a:b].strip()
            if not (2 <= len(piece) <= MIRROR_SPAN_MAX) or _SENTENCE_END.search(piece) or not compact(piece):
                continue
            if spam_spans(piece, spam) or not any(piece in t for t in donor_texts):
                cuts.append((a, b))
                kind = "spam" if spam_spans(piece, spam) else "injected"
                removals.append(Removal(kind, piece, "absent-from-every-mirror"))
        out.append(cut(para, cuts) if cuts else para)
    return out, removals


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p == runs[-1][1]:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs
