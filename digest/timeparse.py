"""Chinese time expressions: find them, resolve them to ISO prefixes.

One precompiled alternation does the scanning (``re`` walks the text once, in C);
Python only runs on the few matches, to validate numbers, look at the characters
around the match and resolve relative forms.  The words come from rules/time.yaml.

Resolution rules (issue 7):
- yearless forms (3月18日, 上半年, 第一季度) take the year of the previous dated
  mention in the same paragraph, else the reference date's year; a yearless month
  after the reference month means the previous year, unless a forecast word says
  it is still ahead; without a reference date, a dated mention a few lines back
  is the only clue, and a farther one is not trusted;
- 去年/今年/明年/前年 need the reference date; 同年/次年 the previous dated mention;
- spans (近十年, 2020年代, 2023年至2024年) are spans, never a point date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .prefilter import first_class
from .text import valid_day

RULES_PATH = Path(__file__).resolve().parent.parent / "rules" / "time.yaml"

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    iso: str | None
    precision: str  # year|half|quarter|month|day|decade|span
    end_iso: str | None = None
    relative: bool = False
    forecast: bool = False


# --------------------------------------------------------------------- rules


def _traditional_variants(words: list[str]) -> list[str]:
    """The words plus their Traditional spellings, so one lexicon serves both scripts."""
    try:
        from .normalize import converter  # one OpenCC object per config and process
    except ImportError:  # the Simplified words still work
        return list(dict.fromkeys(words))
    out = list(words)
    for config in ("s2t", "s2tw"):
        conv = converter(config)
        out.extend(conv.convert(w) for w in words)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    raw = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    r: dict[str, Any] = dict(raw)
    for key in ("roc_era", "year_parts", "month_parts", "quarter_words", "until_now",
                "span_prefixes", "vague_spans", "span_blockers", "forecast_words",
                "forecast_blockers", "numeric_stop_after"):
        r[key] = _traditional_variants(list(raw[key]))
    for key in ("ref_relative_years", "prev_relative_years", "centuries", "halves"):
        words = dict(raw[key])
        r[key] = {v: words[w] for w in words for v in _traditional_variants([w])}
    r["numerals"] = {str(k): int(v) for k, v in raw["numerals"].items()}
    r["numerals"].update({"兩": 2})
    return r


def _alt(words: list[str] | dict[str, Any]) -> str:
    """Regex alternation, longest first so 年末 wins over 末."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def master_pattern() -> re.Pattern[str]:
    r = rules()
    sp = r"[ \u3000]{0,2}"
    cn = "".join(r["numerals"])
    month = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
    day = r"(?:\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
    conn = _alt(r["range_connectors"])
    mpart = _alt(r["month_parts"])
    ypart = _alt(r["year_parts"])
    half = _alt(r["halves"])
    quarter = rf"(?:第?{sp}[一二三四1-4]{sp}{_alt(r['quarter_words'])}|[Qq][1-4])"
    day_mark = "[日号號]"
    month_mark = "月份?"
    ref_rel = _alt(r["ref_relative_years"])
    prev_rel = _alt(r["prev_relative_years"])
    roc = _alt(r["roc_era"])
    year_head = (
        rf"(?:(?P<yd>\d{{4}})|(?P<yc>[{cn}]{{4}})|{roc}(?P<roc>\d{{1,3}}|[{cn}十百]{{1,6}}))"
        rf"{sp}年(?:度|财年)?"
        rf"|(?P<rel>{ref_rel})|(?P<prev>{prev_rel})"
    )
    parts = [
        # ranges first: at one position the first alternative that matches wins
        rf"(?P<ra>\d{{4}}){sp}年?{sp}{conn}{sp}(?P<rb>\d{{4}}){sp}年",
        (rf"(?P<rya>\d{{4}}){sp}年{sp}(?P<rma>{month}){sp}(?:月份?)?{sp}{conn}{sp}"
         rf"(?:(?P<ryb>\d{{4}}){sp}年{sp})?(?P<rmb>{month}){sp}{month_mark}"),
        rf"(?P<ua>\d{{4}}){sp}年{sp}(?P<un>{_alt(r['until_now'])})",
        rf"(?P<cent>{_alt(r['centuries'])})?{sp}(?P<dec>\d{{4}}|\d{{2}}|[一二三四五六七八九]十|[〇零]){sp}年代",
        r"(?P<ny>\d{4})(?P<sep>[-/.])(?P<nm>\d{1,2})(?:(?P=sep)(?P<nd>\d{1,2}))?(?!\d)",
        rf"(?P<qy>\d{{4}}){sp}(?:(?P<qq>[QqHh][1-4])(?![0-9A-Za-z])|(?P<qh>{half}))",
        (rf"(?P<yh>{year_head})(?:{sp}(?:"
         rf"(?P<mo>{month}){sp}{month_mark}(?:{sp}(?P<dd>{day}){sp}{day_mark})?(?P<mp>{mpart})?"
         rf"|(?P<hf>{half})|(?P<qt>{quarter})|(?P<yp>{ypart})))?"),
        rf"(?P<spp>{_alt(r['span_prefixes'])}){sp}(?P<spn>\d{{1,2}}|[{cn}十]{{1,3}}){sp}[个個]?{sp}年",
        rf"(?P<spv>{_alt(r['vague_spans'])})",
        rf"(?P<q2>第{sp}[一二三四1-4]{sp}{_alt(r['quarter_words'])}|[一二三四]{_alt(r['quarter_words'])})",
        rf"(?P<h2>{_alt([w for w in r['halves'] if not w.isascii()])})",
        rf"(?P<yp2>{_alt([w for w in r['year_parts'] if len(w) == 2 and w[1] != '中'])})",
        rf"(?P<mra>{month}){sp}(?:月份?)?{sp}{conn}{sp}(?P<mrb>{month}){sp}{month_mark}",
        rf"(?P<m2>{month}){sp}{month_mark}(?:{sp}(?P<d2>{day}){sp}{day_mark})?(?P<mp2>{mpart})?",
    ]
    alternation = "|".join(f"(?:{p})" for p in parts)
    # the engine cannot skip ahead through the forms (each opens with a group): a lookahead of
    # the characters an expression begins with fails at once elsewhere (find_times was ~6x slower)
    first = first_class(alternation)
    return re.compile(alternation if first is None else f"(?={first})(?:{alternation})")


# ------------------------------------------------------------------ numbers


def cn_int(s: str) -> int | None:
    """Integer value of '12', '十二', '二十一', '一百一十二', '二〇二三' (digit by digit)."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    nums = rules()["numerals"]
    if "十" not in s and "百" not in s:
        if not all(c in nums for c in s):
            return None
        v = 0
        for c in s:
            v = v * 10 + nums[c]
        return v
    total, cur = 0, 0
    for c in s:
        if c in nums:
            cur = nums[c]
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            return None
    return total + cur


def _valid_year(y: int | None) -> bool:
    r = rules()
    return y is not None and r["year_min"] <= y <= r["year_max"]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


# --------------------------------------------------------------- resolution


@dataclass
class _State:
    """What earlier mentions in the same text tell about later ones."""

    ref: dt.date | None
    last_year: int | None = None  # year of the previous dated mention (for 同年/次年)
    para_start: int = -1  # paragraph of that mention (for yearless months)
    last_end: int = -(10**9)  # where that mention ends


def _para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _clause_window(text: str, start: int, end: int) -> tuple[str, str]:
    r = rules()
    stops = "，,。；;！!？?\n：:"
    left = text[max(0, start - r["forecast_window_before"]):start]
    for ch in stops:
        i = left.rfind(ch)
        if i >= 0:
            left = left[i + 1:]
    right = _clause_head(text, end, r["forecast_window_after"], stops)
    if not right.strip() and text[end:end + 2].strip()[:1] in ",，":
        # "2028年,市场规模将达到": a time that is a clause of its own dates the next one
        nxt = end + text[end:].index(text[end:end + 2].strip()[:1]) + 1
        right = _clause_head(text, nxt, r["forecast_window_after"], stops)
    return left, right


def _clause_head(text: str, pos: int, width: int, stops: str) -> str:
    right = text[pos:pos + width]
    cut = min((i for i in (right.find(ch) for ch in stops) if i >= 0), default=len(right))
    return right[:cut]


def has_forecast_cue(text: str, start: int, end: int) -> bool:
    """A forecast word (预计/将/有望/计划 ...) in the clause around the expression."""
    r = rules()
    left, right = _clause_window(text, start, end)
    # the blockers may straddle the expression, so test the joined clause
    around = left + "\x00" + right
    for b in r["forecast_blockers"]:
        around = around.replace(b, "\x01" * len(b))
    return any(w in around for w in r["forecast_words"])


def _after_ref(iso: str, ref: dt.date | None) -> bool:
    if ref is None:
        return False
    parts = [int(p) for p in iso.split("-")]
    ref_parts = [ref.year, ref.month, ref.day][: len(parts)]
    return parts > ref_parts


def _year_for_yearless(state: _State, text: str, start: int, end: int,
                       month: int | None, day: int | None) -> int | None:
    """Year of a yearless expression; see the module docstring for the rule."""
    if state.last_year is not None and state.para_start == _para_start(text, start):
        return state.last_year
    ref = state.ref
    if ref is None:
        # an undated text has nothing better than its previous dated mention, but
        # only a near one: further back, the story has usually moved on
        near = start - state.last_end <= rules()["undated_anchor_chars"]
        return state.last_year if near else None
    if month is None:
        return ref.year
    later = (month, day or 0) > (ref.month, ref.day if day else 0)
    if later and not has_forecast_cue(text, start, end):
        return ref.year - 1
    return ref.year


# ------------------------------------------------------------ match handlers


def _prev_char(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else ""


def _glued(text: str, start: int) -> bool:
    """The expression continues a code, version, URL path or longer number."""
    prev = _prev_char(text, start)
    return bool(prev) and prev in rules()["code_chars"]


def _is_code_context(text: str, start: int, end: int) -> bool:
    """Digits glued to letters, dots, slashes or more digits: a version, URL or code."""
    r = rules()
    before = _prev_char(text, start)
    after = text[end:end + 3]
    if before and before in r["code_chars"]:
        return True
    # "最新版本为2024.10.2", "v2024.10": a number right after a version word is a version.
    window = text[max(0, start - 6) : start].lower()
    if any(w in window for w in r["version_words"]) and text[start:end].count(".") >= 1:
        return True
    if after[:1] and after[:1].isascii() and (after[:1].isalnum() or after[:1] == "%"):
        return True
    if after[:1] in ".-/" and after[1:2].isdigit():
        return True
    return any(after.startswith(w) for w in r["numeric_stop_after"])


def _period(y: int, kind: str, n: int) -> tuple[str, str]:
    """Start and end month of a half or quarter."""
    if kind == "half":
        first = 1 if n == 1 else 7
        return _iso(y, first), _iso(y, first + 5)
    first = 3 * (n - 1) + 1
    return _iso(y, first), _iso(y, first + 2)


def _quarter_number(s: str) -> int | None:
    for c in s:
        if c.isdigit():
            return int(c)
        v = rules()["numerals"].get(c)
        if v:
            return v
    return None


def _make(text: str, start: int, end: int, iso: str | None, precision: str,
          state: _State, end_iso: str | None = None, relative: bool = False,
          point: str | None = None) -> TimeExpr:
    """``point`` is the part of the period the text names (年底 -> its December),
    compared with the reference date to tell a forecast."""
    forecast = False
    if iso is not None:
        forecast = _after_ref(point or iso, state.ref) or has_forecast_cue(text, start, end)
    return TimeExpr(start, end, text[start:end], iso, precision, end_iso, relative, forecast)


def _handle_year_head(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    r = rules()
    start, end = m.span()
    relative = False
    year: int | None
    if m.group("yd") or m.group("yc") or m.group("roc"):
        if _glued(text, start) and _prev_char(text, start) != "-":
            return None
        if m.group("roc"):
            v = cn_int(m.group("roc"))
            year = v + r["roc_offset"] if v else None
        else:
            year = cn_int(m.group("yd") or m.group("yc"))
        if not _valid_year(year):
            return None
    elif m.group("rel"):
        relative = True
        year = state.ref.year + r["ref_relative_years"][m.group("rel")] if state.ref else None
    else:
        relative = True
        off = r["prev_relative_years"][m.group("prev")]
        year = state.last_year + off if state.last_year is not None else None

    if m.group("mo"):
        mo = cn_int(m.group("mo"))
        if mo is None or not 1 <= mo <= 12:
            end = m.end("yh")  # keep the year, drop an impossible month
            return _make(text, start, end, _iso(year) if year else None, "year", state, relative=relative)
        dd = cn_int(m.group("dd")) if m.group("dd") else None
        if year is None:
            return _make(text, start, end, None, "day" if dd else "month", state, relative=relative)
        if dd is not None and valid_day(year, mo, dd):
            return _make(text, start, end, _iso(year, mo, dd), "day", state, relative=relative)
        if dd is not None:  # 2月30日: the month is still right
            end = m.end("mo") + text[m.end("mo"):end].index("月") + 1
        return _make(text, start, end, _iso(year, mo), "month", state, relative=relative)
    if m.group("hf"):
        n = r["halves"][m.group("hf")]
        if year is None:
            return _make(text, start, end, None, "half", state, relative=relative)
        a, b = _period(year, "half", n)
        return _make(text, start, end, a, "half", state, end_iso=b, relative=relative)
    if m.group("qt"):
        n = _quarter_number(m.group("qt"))
        if year is None or n is None:
            return _make(text, start, end, None, "quarter", state, relative=relative)
        a, b = _period(year, "quarter", n)
        return _make(text, start, end, a, "quarter", state, end_iso=b, relative=relative)
    part = m.group("yp")
    if part and part[-1] == "中" and CJK_RE.match(text[end:end + 1] or "a"):
        end = m.end("yh")  # 2024年中国: 中 starts the next word
        part = None
    point = _iso(year, r["year_part_months"][part[-1]]) if part and year else None
    return _make(text, start, end, _iso(year) if year else None, "year", state,
                 relative=relative, point=point)


def _handle(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    """Turn one regex match into a TimeExpr, or None when the context says it is not a time."""
    g = m.group
    start, end = m.span()
    r = rules()
    if g("ra"):
        a, b = int(g("ra")), int(g("rb"))
        if not (_valid_year(a) and _valid_year(b) and a < b) or _glued(text, start):
            return None
        return _make(text, start, end, _iso(a), "span", state, end_iso=_iso(b))
    if g("rya"):
        ya = int(g("rya"))
        yb = int(g("ryb")) if g("ryb") else ya
        ma, mb = cn_int(g("rma")), cn_int(g("rmb"))
        if not (_valid_year(ya) and _valid_year(yb) and ma and mb and 1 <= ma <= 12 and 1 <= mb <= 12):
            return None
        if (yb, mb) <= (ya, ma):
            return None
        return _make(text, start, end, _iso(ya, ma), "span", state, end_iso=_iso(yb, mb))
    if g("ua"):
        y = int(g("ua"))
        if not _valid_year(y) or _prev_char(text, start).isdigit():
            return None
        end_iso = _iso(state.ref.year) if state.ref else None
        return _make(text, start, end, _iso(y), "span", state, end_iso=end_iso)
    if g("dec"):
        return _handle_decade(m, text, state)
    if g("ny"):
        y, mo = int(g("ny")), int(g("nm"))
        d = int(g("nd")) if g("nd") else None
        if not _valid_year(y) or not 1 <= mo <= 12 or _is_code_context(text, start, end):
            return None
        if d is not None:
            if not valid_day(y, mo, d):
                return None
            return _make(text, start, end, _iso(y, mo, d), "day", state)
        return _make(text, start, end, _iso(y, mo), "month", state)
    if g("qy"):
        y = int(g("qy"))
        if g("qh"):  # 2024上半年: a bare year is clear before a half
            kind, n = "half", r["halves"][g("qh")]
        else:
            kind = "quarter" if g("qq")[0] in "Qq" else "half"
            n = int(g("qq")[1])
        if not _valid_year(y) or (kind == "half" and n > 2) or _glued(text, start):
            return None
        a, b = _period(y, kind, n)
        return _make(text, start, end, a, kind, state, end_iso=b)
    if g("yh"):
        return _handle_year_head(m, text, state)
    if g("spp"):
        return _handle_span(m, text, state)
    if g("spv"):
        return _make(text, start, end, None, "span", state, relative=True)
    if g("q2") or g("h2") or g("yp2"):
        return _handle_yearless_period(m, text, state)
    if g("mra"):
        ma, mb = cn_int(g("mra")), cn_int(g("mrb"))
        if not (ma and mb and 1 <= ma < mb <= 12) or _glued(text, start):
            return None
        y = _year_for_yearless(state, text, start, end, ma, None)
        if y is None:
            return _make(text, start, end, None, "span", state, relative=True)
        return _make(text, start, end, _iso(y, ma), "span", state, end_iso=_iso(y, mb), relative=True)
    return _handle_yearless_month(m, text, state)


def _handle_decade(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    r = rules()
    start, end = m.span()
    raw = m.group("dec")
    if raw[0].isdigit() and _prev_char(text, m.start("dec")).isdigit():
        return None
    v = cn_int(raw)
    if v is None:
        return None
    if len(raw) == 4 and raw.isdigit():
        year = v
    else:
        if m.group("cent"):
            year = r["centuries"][m.group("cent")] + v
        else:
            # two-digit decades: 90年代 is the 1990s; 20年代 the 2020s unless that is ahead
            limit = state.ref.year if state.ref else dt.date.today().year
            year = 2000 + v if 2000 + v <= limit else 1900 + v
    if year % 10 or not _valid_year(year):
        return None
    return _make(text, start, end, _iso(year), "decade", state, end_iso=_iso(year + 9))


def _handle_span(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    r = rules()
    start, end = m.span()
    if any(text[max(0, start - len(b)):start] == b for b in r["span_blockers"]):
        return None
    n = cn_int(m.group("spn"))
    if not n or n > 50:
        return None
    if state.ref is None:
        return _make(text, start, end, None, "span", state, relative=True)
    return _make(text, start, end, _iso(state.ref.year - n), "span", state,
                 end_iso=_iso(state.ref.year), relative=True)


def _handle_yearless_period(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    r = rules()
    start, end = m.span()
    prev = _prev_char(text, start)
    if prev and (prev.isdigit() or prev in r["numerals"] or prev in "十每个個这這全"):
        return None
    if m.group("yp2"):
        y = _year_for_yearless(state, text, start, end, None, None)
        point = _iso(y, r["year_part_months"][m.group("yp2")[-1]]) if y else None
        return _make(text, start, end, _iso(y) if y else None, "year", state, relative=True,
                     point=point)
    if m.group("q2"):
        kind, n = "quarter", _quarter_number(m.group("q2"))
    else:
        kind, n = "half", r["halves"][m.group("h2")]
    if n is None:
        return None
    first_month = 1 + (n - 1) * (3 if kind == "quarter" else 6)
    y = _year_for_yearless(state, text, start, end, first_month, None)
    if y is None:
        return _make(text, start, end, None, kind, state, relative=True)
    a, b = _period(y, kind, n)
    return _make(text, start, end, a, kind, state, end_iso=b, relative=True)


def _handle_yearless_month(m: re.Match[str], text: str, state: _State) -> TimeExpr | None:
    r = rules()
    start, end = m.span()
    prev = _prev_char(text, start)
    if prev and (prev in r["code_chars"] or prev in r["numerals"] or prev in "十第个個每"):
        return None
    mo = cn_int(m.group("m2"))
    if mo is None or not 1 <= mo <= 12:
        return None
    dd = cn_int(m.group("d2")) if m.group("d2") else None
    if dd is not None and not 1 <= dd <= 31:
        dd = None
        end = m.start("m2") + text[m.start("m2"):end].index("月") + 1
    y = _year_for_yearless(state, text, start, end, mo, dd)
    if y is None:
        return _make(text, start, end, None, "day" if dd else "month", state, relative=True)
    if dd is not None and valid_day(y, mo, dd):
        return _make(text, start, end, _iso(y, mo, dd), "day", state, relative=True)
    if dd is not None:
        end = m.start("m2") + text[m.start("m2"):end].index("月") + 1
    return _make(text, start, end, _iso(y, mo), "month", state, relative=True)


# --------------------------------------------------------------------- API


def find_times(text: str, ref: dt.date | None = None) -> list[TimeExpr]:
    """Every time expression in text, in order, non-overlapping.

    ``ref`` is the article's publication date; without it, forms that need it
    (去年, yearless months outside a dated paragraph) come back with iso None.
    """
    state = _State(ref=ref)
    out: list[TimeExpr] = []
    for m in master_pattern().finditer(text):
        expr = _handle(m, text, state)
        if expr is None:
            continue
        out.append(expr)
        if expr.iso is not None and expr.precision != "decade" and not (
            expr.precision == "span" and expr.relative
        ):
            state.last_year = int(expr.iso[:4])
            state.para_start = _para_start(text, expr.start)
            state.last_end = expr.end
    return out


def parse_ref(iso: str | None) -> dt.date | None:
    """Reference date from an ISO prefix; a partial date stands for its last day,
    so nothing inside the stated period counts as after the reference."""
    if not iso:
        return None
    try:
        parts = [int(p) for p in iso[:10].split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    try:
        return dt.date(*parts[:3])
    except ValueError:
        return None
