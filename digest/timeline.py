"""Timeline stage: dated events from articles, merged across articles, per topic.

An event is a time expression (digest.timeparse) plus the clause or sentence it
dates, linked to the section it came from.  Forecasts stay on the timeline but are
flagged; relative spans (近十年) and unresolved expressions are not events.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from digest.model import Article, Event, Section
from digest.timeparse import TimeExpr, find_times, parse_ref, rules

# Precisions that name a point (or a named period) in time, in sort order.
PRECISION_RANK = {"decade": 0, "span": 1, "year": 2, "half": 3, "quarter": 4, "month": 5, "day": 6}

# Near-duplicate threshold on character bigrams: mirrors and re-reports of one
# event differ by a few words, two events of the same day usually by most.
SAME_EVENT_JACCARD = 0.5
SAME_EVENT_CONTAINMENT = 0.8
# A clause shorter than this is extended with the next clause so it still says something.
MIN_CLAUSE_CHARS = 24


@lru_cache(maxsize=1)
def _non_event_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in rules()["non_event_patterns"]))


def _content_chars(s: str) -> int:
    """Letters and CJK characters: what is left when punctuation and digits go."""
    return sum(1 for c in s if c.isalpha())


# ----------------------------------------------------------------- sentences


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; ends include both ASCII and full-width marks."""
    ends = rules()["sentence_ends"]
    out, start = [], 0
    for i, c in enumerate(text):
        if c in ends:
            out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _clause_start(text: str, lo: int, pos: int) -> int:
    seps = rules()["clause_seps"]
    i = pos
    while i > lo and text[i - 1] not in seps:
        i -= 1
    return i


def _clause_end(text: str, pos: int, hi: int) -> int:
    seps = rules()["clause_seps"]
    i = pos
    while i < hi and text[i] not in seps:
        i += 1
    return min(hi, i + 1)


def _trim(s: str, limit: int) -> str:
    s = s.strip(" \u3000\n,，:：、")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def event_text(text: str, lo: int, hi: int, expr: TimeExpr) -> str:
    """The sentence [lo, hi) around expr, cut to its clauses when it is too long."""
    limit = rules()["max_event_chars"]
    if hi - lo <= limit:
        return _trim(text[lo:hi], limit)
    a = _clause_start(text, lo, expr.start)
    b = _clause_end(text, expr.end, hi)
    while b < hi and (b - a) < MIN_CLAUSE_CHARS:
        b = _clause_end(text, b, hi)
    return _trim(text[a:b], limit)


def _segments(text: str, lo: int, hi: int, exprs: list[TimeExpr]) -> list[tuple[int, int]]:
    """One piece of the sentence per expression: a sentence naming two dates
    ("2024年2月,张楠...,5月剪映推出") holds two events, each from its clause on."""
    if len(exprs) == 1:
        return [(lo, hi)]
    starts = [lo] + [_clause_start(text, lo, e.start) for e in exprs[1:]]
    bounds = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else hi
        if e <= s:  # two dates in one clause share it
            e = _clause_end(text, exprs[i].end, hi)
        bounds.append((s, e))
    return bounds


def is_event_expr(expr: TimeExpr) -> bool:
    """Only resolved points and named periods date an event; 近十年 or 2020年代 do not."""
    if expr.iso is None or expr.precision == "decade":
        return False
    return not (expr.precision == "span" and expr.relative)


def _describes_event(sentence: str, exprs: list[TimeExpr]) -> bool:
    if _non_event_re().search(sentence):
        return False
    rest = sentence
    for e in exprs:
        rest = rest.replace(e.text, "")
    return _content_chars(rest) >= rules()["min_event_chars"]


# -------------------------------------------------------------------- events


def article_ref(article: Article) -> dt.date | None:
    """The reference date for relative expressions: the stated publication date.
    An inferred date is itself read off the events, so it resolves nothing."""
    return None if article.date_inferred else parse_ref(article.date)


def section_events(article: Article, section: Section) -> list[Event]:
    ref = article_ref(article)
    text = "\n".join(section.paragraphs)
    exprs = [e for e in find_times(text, ref) if is_event_expr(e)]
    if not exprs:
        return []
    bounds = sentence_bounds(text)
    starts = [b[0] for b in bounds]
    by_sentence: dict[int, list[TimeExpr]] = {}
    for e in exprs:
        by_sentence.setdefault(bisect.bisect_right(starts, e.start) - 1, []).append(e)
    events: list[Event] = []
    for idx, group in by_sentence.items():
        lo, hi = bounds[idx]
        para = text[text.rfind("\n", 0, lo) + 1: hi]
        if not _describes_event(text[lo:hi], group) or _non_event_re().search(para):
            continue
        seen: set[tuple[str, str]] = set()
        for expr, (a, b) in zip(group, _segments(text, lo, hi, group), strict=True):
            key = (expr.iso or "", expr.precision)
            if key in seen:  # "2023年...=2023年": one event per date per sentence
                continue
            seen.add(key)
            piece = event_text(text, a, b, expr)
            if _content_chars(piece.replace(expr.text, "")) < rules()["min_event_chars"]:
                piece = event_text(text, lo, hi, expr)
            events.append(Event(
                iso=expr.iso or "", precision=expr.precision,  # type: ignore[arg-type]
                label=expr.text, text=piece, slug=article.slug, anchor=section.anchor,
                topics=list(section.topics), forecast=expr.forecast, inferred=expr.relative,
                end_iso=expr.end_iso, sources=[(article.slug, section.anchor)],
            ))
    return events


def extract_events(article: Article) -> list[Event]:
    """Dated events of one article, in text order.  A stated article.date is the
    reference; without one, relative expressions are left out and yearless ones
    only borrow the year of a dated mention just before them."""
    return [ev for s in article.sections for ev in section_events(article, s)]


# --------------------------------------------------------------------- merge


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"\s+", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def same_event(a: Event, b: Event) -> bool:
    if (a.iso, a.precision, a.end_iso) != (b.iso, b.precision, b.end_iso):
        return False
    return _similar_bigrams(_bigrams(a.text), _bigrams(b.text))


def _similar_bigrams(x: set[str], y: set[str]) -> bool:
    inter = len(x & y)
    return (inter / len(x | y) >= SAME_EVENT_JACCARD
            or inter / min(len(x), len(y)) >= SAME_EVENT_CONTAINMENT)


def sort_key(e: Event) -> tuple[str, int, str, str, tuple[tuple[str, str], ...]]:
    return (e.iso, PRECISION_RANK.get(e.precision, 9), e.end_iso or "", e.text, tuple(e.sources))


def _merge_group(group: list[Event]) -> Event:
    group = sorted(group, key=lambda e: (sorted(e.sources or [(e.slug, e.anchor)]), e.text))
    head = group[0]
    sources = sorted({s for e in group for s in (e.sources or [(e.slug, e.anchor)])})
    topics = sorted({t for e in group for t in e.topics})
    return Event(
        iso=head.iso, precision=head.precision, label=head.label, text=head.text,
        slug=head.slug, anchor=head.anchor, topics=topics,
        # one report saying it happened outweighs another expecting it
        forecast=all(e.forecast for e in group), inferred=all(e.inferred for e in group),
        end_iso=head.end_iso, sources=sources,
    )


Groups = tuple[tuple[int, ...], ...]


def merge_events(events: Iterable[Event], known: Mapping[str, Groups] | None = None,
                 table: dict[str, Groups] | None = None) -> list[Event]:
    """The same event reported by several articles (or twice in one) becomes one
    Event with every (slug, anchor) in .sources; the result is sorted by date.

    `known`: date buckets' groupings from an earlier call (the build keeps them in its cache),
    by a hash of the (text, end) pairs a bucket's grouping reads, so a rebuild groups only the
    buckets that changed (~480 at 10k articles, 0.5 s in all); `table` receives this call's."""
    buckets: dict[tuple[str, str, str], list[Event]] = {}
    for e in sorted(events, key=sort_key):
        buckets.setdefault((e.iso, e.precision, e.end_iso or ""), []).append(e)
    remember = known is not None or table is not None
    merged: list[Event] = []
    for bucket in buckets.values():
        pairs = [(e.text, e.end_iso) for e in bucket]
        key = hashlib.sha256(repr(pairs).encode()).hexdigest() if remember else ""  # repr escapes surrogates
        groups = known.get(key) if known is not None else None
        if groups is None:
            groups = tuple(map(tuple, _group_bucket(pairs)))
        if table is not None:
            table[key] = groups
        merged.extend(_merge_group([bucket[k] for k in g]) for g in groups)
    return sorted(merged, key=sort_key)


def _group_bucket(bucket: Sequence[tuple[str, str | None]]) -> list[list[int]]:
    """Each event joins the first group (in creation order) holding an event it is the
    same event as, else starts one: `same_event` against every member of every group,
    but with each text's bigrams computed once, and only groups sharing a bigram with
    the event looked at (a pair with no bigram in common is never the same event)."""
    grams = [_bigrams(text) for text, _ in bucket]
    ends = [end for _, end in bucket]
    if len(bucket) >= _PAIRWISE_MIN:
        return _group_bucket_pairwise(ends, grams)
    groups: list[list[int]] = []
    holding: dict[str, set[int]] = {}  # bigram -> groups with a member holding it
    for k in range(len(bucket)):
        found = None
        candidates = set().union(*(holding.get(b, ()) for b in grams[k]))
        for g in sorted(candidates):
            if any(ends[o] == ends[k] and _similar_bigrams(grams[k], grams[o]) for o in groups[g]):
                found = g
                break
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(k)
        for b in grams[k]:
            holding.setdefault(b, set()).add(found)
    return groups


# A bucket of this many events is grouped from all pairs' bigram overlaps at once: the
# year buckets of a 10k corpus hold ~600 events each, most sharing a bigram ("20", "发布")
# with most others, and comparing them group by group cost ~3 s per build.
_PAIRWISE_MIN = 48


def _group_bucket_pairwise(ends: list[str | None], grams: list[set[str]]) -> list[list[int]]:
    """`_group_bucket` with every pair's shared-bigram count from the bigram postings
    (numpy), then the same groups: event k joins the group of lowest creation index
    among the earlier events it is the same event as. The test is `_similar_bigrams`'
    arithmetic on the same integers (|x ∩ y|, |x ∪ y| = |x| + |y| - |x ∩ y|, min size),
    in float64, so it decides every pair exactly as the set version does."""
    n = len(grams)
    postings: dict[str, list[int]] = {}
    for i, g in enumerate(grams):
        for b in g:
            postings.setdefault(b, []).append(i)
    pairs: list[np.ndarray] = []
    by_size: dict[int, list[list[int]]] = {}
    for members in postings.values():
        if len(members) > 1:
            by_size.setdefault(len(members), []).append(members)
    for size, lists in by_size.items():
        rows = np.asarray(lists, dtype=np.int64)  # (lists, size); members ascending
        lo, hi = np.triu_indices(size, 1)
        pairs.append((rows[:, lo] * n + rows[:, hi]).ravel())
    inter = np.bincount(np.concatenate(pairs), minlength=n * n).reshape(n, n) if pairs else np.zeros((n, n), np.int64)
    sizes = np.asarray([len(g) for g in grams], dtype=np.int64)
    union = sizes[:, None] + sizes[None, :] - inter
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    similar = (inter / union >= SAME_EVENT_JACCARD) | (inter / smaller >= SAME_EVENT_CONTAINMENT)
    group_of = np.empty(n, dtype=np.int64)
    groups: list[list[int]] = []
    for k in range(n):
        earlier = np.flatnonzero(similar[:k, k])  # inter[o, k] is filled for o < k
        found = min((int(group_of[o]) for o in earlier if ends[o] == ends[k]), default=None)
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(k)
        group_of[k] = found
    return groups


def topic_timelines(events: Iterable[Event], topic_ids: Iterable[str]) -> dict[str, list[Event]]:
    """Per topic, its events sorted by date; an event is on every topic of its section."""
    ordered = sorted(events, key=sort_key)
    return {t: [e for e in ordered if t in e.topics] for t in topic_ids}


def infer_article_date(article: Article) -> tuple[str | None, str | None]:
    """Date estimate for an undated article.

    A year alone is weak evidence: articles quote targets and projections ("2027年,出海
    企业72万家") that no forecast word marks. So the estimate is the latest event that is
    certainly past — dated to the month or day, or told with a past-tense cue (了, 已,
    曾, 发布 …, rules/time.yaml `past_cues`). Without any, it is the year mentioned most
    often (ties: the later). Periods (half, quarter, span) only tell the year.
    """
    events = [e for e in extract_events(article) if not e.forecast and e.iso]
    if not events:
        return None, None
    past = _past_cue_re()
    strong = [e for e in events if e.precision in ("month", "day") or past.search(e.text)]
    if strong:
        latest = max(strong, key=lambda e: (e.iso, PRECISION_RANK.get(e.precision, 0)))
        if latest.precision in ("year", "month", "day"):
            return latest.iso, latest.precision
        return latest.iso[:4], "year"
    years: dict[str, int] = {}
    for e in events:
        years[e.iso[:4]] = years.get(e.iso[:4], 0) + 1
    return max(years, key=lambda y: (years[y], y)), "year"


@lru_cache(maxsize=1)
def _past_cue_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, rules()["past_cues"])))


# -------------------------------------------------------------------- labels

_QUARTER_CN = "一二三四"


def _point_label(iso: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    units = ("年", "月", "日")
    return "".join(f"{p}{u}" for p, u in zip(parts, units, strict=False))


def format_label(iso: str | None, precision: str, end_iso: str | None = None) -> str:
    """Chinese display label: 2024年3月, 2024年第一季度, 2024年上半年, 2020年代 ..."""
    if not iso:
        return ""
    year = int(iso[:4])
    month = int(iso[5:7]) if len(iso) >= 7 else 1
    if precision == "decade":
        return f"{year}年代"
    if precision == "quarter":
        return f"{year}年第{_QUARTER_CN[(month - 1) // 3]}季度"
    if precision == "half":
        return f"{year}年{'上' if month <= 6 else '下'}半年"
    if precision == "span":
        start = _point_label(iso)
        if end_iso is None:
            return f"{start}至今"
        if end_iso[:4] == iso[:4] and len(end_iso) > 4:
            return f"{start}至{_point_label(end_iso)[len(iso[:4]) + 1:]}"
        return f"{start}至{_point_label(end_iso)}"
    return _point_label(iso)


def datetime_attr(iso: str, precision: str) -> str:
    """Value for <time datetime>: an ISO prefix no finer than the text; periods
    that ISO 8601 prefixes cannot name (half, quarter, decade) give their year."""
    if precision in ("half", "quarter", "decade"):
        return iso[:4]
    return iso
