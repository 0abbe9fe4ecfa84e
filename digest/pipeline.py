"""Per-document stages (decode → normalize → split → clean) and the cross-document signal
they share (line frequency across unrelated inputs).

Each per-document function is pure: same input bytes and rules, same result. That is what
lets the build cache them and run them in a process pool.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import chromestats
from .clean import CleanResult, Context, clean_segment, compact, is_body, parse_header_date
from .feed import FeedItem, is_feed, read_feed
from .gutter import strip_gutter
from .ingest import Rejection, decode_detailed, read_inputs
from .jsondump import drop_json_ld, read_dump
from .latex import is_latex, latex_to_text
from .mail import is_mail, mail_to_text
from .markup import is_markup, markup_to_text, unescape_typography
from .mdsource import is_markdown, markdown_to_text
from .model import Draft, RawDoc, Removal
from .normalize import detect_script, normalize_text, to_simplified
from .rules import chrome_rules, spam_rules
from .sheet import read_sheet
from .spam import learned_brands, spam_spans, with_brands
from .split import FULL_DATE, Line, Segment, day_header, paragraphs, shape, split_segments
from .text import CJK_CHAR, SENTENCE_STOP
from .titles import derive_title, keyword_weights
from .wikitext import is_wikitext, wikitext_to_text

SIDECAR_KEYS = {"title", "date", "slug", "origin", "author", "skip", "topics"}
CHROME_LINE_MAX = 40


@dataclass
class Prepared:
    path: str
    encoding: str
    script: str
    lines: list[Line]
    sidecar: dict[str, Any] = field(default_factory=dict)
    sidecar_path: str | None = None
    notes: tuple[str, ...] = ()  # what decoding had to repair
    removals: tuple[Removal, ...] = ()  # what converting HTML markup removed (never-shown text)
    items: tuple[FeedArticle, ...] = ()  # a feed file's items, each over its own lines (feed.py)


@dataclass(frozen=True)
class FeedArticle:
    """One item of a feed file: its fields (canonical text) and the numbers of its lines."""

    title: str | None
    date: str | None
    time: str | None
    author: str | None
    first: int  # first and last line number of its body in Prepared.lines (first > last: no body)
    last: int
    removals: tuple[Removal, ...]


@dataclass
class Extracted:
    path: str
    drafts: list[Draft]
    removals: list[Removal]  # removals outside any article (preamble of a dump)
    warnings: list[str]


def prepare(raw: RawDoc) -> Prepared | Rejection:
    """Decode and normalize one input; the text becomes canonical Simplified."""
    decoded = decode_detailed(raw.data)
    text, encoding = decoded.text, decoded.encoding
    if text is None:
        return Rejection(raw.path, encoding)
    markup: list[Removal] = []
    sidecar = raw.sidecar
    if is_feed(text) and (feed := read_feed(text)):  # a channel's RSS/Atom file: one article per item
        return _prepare_feed(raw, encoding, decoded.notes, *feed)
    if (dump := read_dump(text)) is not None:  # an API's JSON response: one article per item, as a feed's
        return _prepare_feed(raw, encoding, decoded.notes, [], dump)
    if "\t" in text and (sheet := read_sheet(text)):  # a sheet exported as TSV: one article per row
        return _prepare_feed(raw, encoding, decoded.notes, *sheet)
    if is_mail(text):  # a saved e-mail: its body (the plain rendering), without the envelope
        text, markup = mail_to_text(text)
    if is_markup(text):  # a page saved as HTML source: its text lines, without what was never shown
        text, converted = markup_to_text(text)
        markup = [*markup, *converted]
    elif is_markdown(text):  # a Markdown export: plain lines; its front matter is a sidecar
        text, markup, front = markdown_to_text(text)
        sidecar = {**front, **raw.sidecar}
    if is_wikitext(text):  # a wiki page's source: the text its reader sees
        text, wiki = wikitext_to_text(text)
        markup = [*markup, *wiki]
    elif is_latex(text):  # a LaTeX source: the text of its typeset page
        text, tex = latex_to_text(text)
        markup = [*markup, *tex]
    text, json_ld = drop_json_ld(text)  # a page's schema.org block saved with its text: metadata
    text, gutter = strip_gutter(text)  # a paste or code viewer's line numbers: the viewer's
    markup = [*markup, *json_ld, *gutter]
    text = unescape_typography(text)
    normalized = normalize_text(text)
    script = detect_script(normalized)
    canonical = to_simplified(normalized)
    lines = paragraphs(canonical)
    if not lines:
        return Rejection(raw.path, "no text after normalization", encoding=encoding)
    if markup:
        spam = spam_rules()
        markup = [Removal("spam" if spam_spans(to_simplified(normalize_text(r.text)), spam) else r.kind, r.text, r.rule, r.line)
                  for r in markup]
    return Prepared(raw.path, encoding, script, lines, sidecar, raw.sidecar_path, decoded.notes, tuple(markup))


def _canonical(text: str) -> str:
    return to_simplified(normalize_text(unescape_typography(text)))


def _prepare_feed(raw: RawDoc, encoding: str, notes: tuple[str, ...], header: list[Removal],
                  items: list[FeedItem]) -> Prepared | Rejection:
    """A feed file prepared: the bodies of its items one after the other (each item's lines
    numbered on from the last), each item's fields canonical, what the file held besides
    the bodies recorded (spam by the lexicon, as for markup)."""
    spam = spam_rules()

    def recorded(removals: list[Removal] | tuple[Removal, ...]) -> tuple[Removal, ...]:
        out = []
        for r in removals:
            text = _canonical(r.text)
            out.append(Removal("spam" if spam_spans(text, spam) else r.kind, text, r.rule, r.line))
        return tuple(out)

    lines: list[Line] = []
    articles: list[FeedArticle] = []
    originals: list[str] = []
    next_no = 1
    for item in items:
        originals.append(item.body)
        canon = _canonical(item.body) if item.body.strip() else ""
        own = paragraphs(canon) if canon else []
        own = [Line(ln.no + next_no - 1, ln.text) for ln in own]
        last = own[-1].no if own else next_no - 1
        title = _canonical(item.title).strip() if item.title else None
        author = _canonical(item.author).strip() if item.author else None
        articles.append(FeedArticle(title, item.date, item.time, author, next_no, last, recorded(item.removals)))
        lines.extend(own)
        next_no += canon.count("\n") + 2  # a blank line between two items' bodies
    if not lines:
        return Rejection(raw.path, "no text after normalization", encoding=encoding)
    script = detect_script(normalize_text("\n".join(originals)))
    return Prepared(raw.path, encoding, script, lines, raw.sidecar, raw.sidecar_path, notes, recorded(header),
                    tuple(articles))


def common_lines(prepared: list[Prepared], min_inputs: int = 2) -> frozenset[str]:
    """Short line shapes found in several *unrelated* inputs: site chrome (CCNet-style).

    Mirrors of one article share their headings; counting them would delete headings, so
    inputs that share any long body line are treated as one source."""
    return common_shapes([line_signals(doc) for doc in prepared], min_inputs)


def common_shapes(per_doc: Sequence[LineSignals], min_inputs: int = 2) -> frozenset[str]:
    """`common_lines` from each input's `line_signals` (the build caches them per input)."""
    groups = _related_groups([bodies for bodies, _ in per_doc])
    seen: dict[str, set[int]] = defaultdict(set)
    for (_, shapes), group in zip(per_doc, groups, strict=True):
        for sh in shapes:
            seen[sh].add(group)
    return frozenset(s for s, g in seen.items() if len(g) >= min_inputs)


LineSignals = tuple[tuple[bytes, ...], tuple[str, ...]]


def line_signals(doc: Prepared) -> LineSignals:
    """What `common_lines` reads of one input: a 64-bit hash of the compact form of each of
    its long body lines (shared ones join inputs into one source; the hash keeps the
    cached signals small) and the shapes of its short non-body lines."""
    bodies: list[bytes] = []
    shapes: list[str] = []
    for ln in doc.lines:
        if is_body(ln.text):
            if len(ln.text) >= 40:
                bodies.append(hashlib.blake2b(compact(ln.text).encode(), digest_size=8).digest())
        elif len(ln.text) <= CHROME_LINE_MAX:
            shapes.append(shape(ln.text))
    return tuple(bodies), tuple(shapes)


def _related_groups(bodies_of: list[tuple[bytes, ...]]) -> list[int]:
    parent = list(range(len(bodies_of)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[bytes, int] = {}
    for i, bodies in enumerate(bodies_of):
        for key in bodies:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    return [find(i) for i in range(len(bodies_of))]


def extract(prep: Prepared, common: frozenset[str] = frozenset()) -> Extracted:
    """Split one prepared input into articles and clean each."""
    warnings = [f"{prep.sidecar_path}: unknown sidecar key '{k}' ignored" for k in sorted(set(prep.sidecar) - SIDECAR_KEYS)]
    warnings += [f"{prep.path}: {note}" for note in prep.notes]
    items = getattr(prep, "items", ())
    if items:  # a feed's items are its articles
        preamble, segments = [], [Segment([ln for ln in prep.lines if it.first <= ln.no <= it.last], None, None) for it in items]
    else:
        preamble, segments = split_segments(prep.lines)
    removals = [*getattr(prep, "removals", ()), *(Removal("chrome", ln.text, "dump-preamble", ln.no) for ln in preamble)]
    found: dict[str, list[tuple[int, int]]] = {}
    brands = document_brands(prep.lines, found)
    context = Context(common_lines=common, spam_brands=brands, spam_found=found)
    drafts: list[Draft] = []
    single = len(segments) == 1
    sidecar_title = prep.sidecar.get("title") if single else None
    for index, segment in enumerate(segments):
        item = items[index] if items else None
        if item is not None and (not segment.lines or _spam_item(item, context)):
            # an item with no text, or one a spammer slipped into the feed: its fields go with it
            kind = "spam" if segment.lines or any(r.kind == "spam" for r in item.removals) else "chrome"
            removals.extend(Removal(kind, r.text, f"feed-spam-item, {r.rule}" if kind == "spam" else r.rule, r.line)
                            for r in item.removals)
            removals.extend(Removal(kind, ln.text, "feed-spam-item" if kind == "spam" else "feed-empty-item", ln.no)
                            for ln in segment.lines)
            warnings.append(f"{prep.path}: feed item {index + 1} " + ("dropped as spam" if kind == "spam" else "has no text"))
            continue
        result = clean_segment(segment, context, sidecar_title=sidecar_title)
        if item is not None:
            _feed_meta(result, item)
        paras = [ln.text for ln in result.paragraphs]
        meta = result.meta
        if not paras:
            removals.extend(result.removals)
            if meta.title:  # the title line goes with its empty article: recorded, not lost silently
                title_no = meta.title_line if meta.title_line is not None else segment.lines[0].no
                removals.append(Removal("chrome", meta.title, "empty-segment", title_no))
            warnings.append(f"{prep.path}: article {index + 1} has no text left after cleaning")
            continue
        draft = Draft(
            source=prep.path,
            index=index,
            title=meta.title,
            paragraphs=paras,
            script=prep.script,  # type: ignore[arg-type]
            date=meta.date,
            date_precision=meta.date_precision,  # type: ignore[arg-type]
            published_time=meta.published_time,
            origin=meta.origin,
            author=meta.author,
            removals=result.removals,
            start_line=segment.lines[0].no,
        )
        if draft.title is None:
            draft.title = derive_title(paras)
            draft.title_derived = True
        if single:
            warnings.extend(apply_sidecar(draft, prep.sidecar, prep.sidecar_path))
        drafts.append(draft)
    if len(segments) > 1:
        carry_group_dates(drafts, preamble, segments)
    warnings.extend(prose_loss_warning(prep.path, drafts, removals))
    return Extracted(prep.path, drafts, removals, warnings)


# Kinds of removal that stand for text the page really holds twice or never wrote as prose:
# they say nothing about article text lost.
_NOT_LOST = frozenset({"spam", "repeat", "stuffing", "pinyin_gloss", "censored", "markup"})
PROSE_LOSS_CJK = 30  # CJK letters of a removed line written as a sentence that counts as prose
PROSE_LOSS_SHARE = 0.6  # ... and CJK letters among its non-space characters
PROSE_LOSS_MIN = 200  # CJK letters of such lines before an input is worth a warning


def _sentence_like(text: str) -> int:
    """CJK letters of a removed line written as article prose (long, a sentence stop, mostly
    CJK), else 0."""
    cjk = len(CJK_CHAR.findall(text))
    dense = cjk >= PROSE_LOSS_CJK and cjk >= PROSE_LOSS_SHARE * len("".join(text.split()))
    return cjk if dense and SENTENCE_STOP.search(text) else 0


def prose_loss_warning(path: str, drafts: Sequence[Draft], removals: Sequence[Removal]) -> list[str]:
    """A warning when the cleaner removed more sentence-like text (as chrome, comments,
    captions, metadata) than it published from an input: on a kind of page the rules have not
    met, that is how lost article text shows. On the labelled tune set and the seeds the
    removed share stays under three quarters of the published text; nothing is changed, the
    editor is pointed at the report."""
    kept = sum(len(CJK_CHAR.findall(p)) for d in drafts for p in d.paragraphs)
    lost: Counter[str] = Counter()
    for r in [*removals, *(r for d in drafts for r in d.removals)]:
        if r.kind not in _NOT_LOST:
            lost[r.kind] += _sentence_like(r.text)
    total = sum(lost.values())
    if total < PROSE_LOSS_MIN or total <= kept:
        return []
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(lost.items(), key=lambda kv: (-kv[1], kv[0])) if n)
    return [f"{path}: removed {total} CJK letters of sentence-like lines ({kinds}), more than the {kept} it "
            "published: check its removals in the report (a page layout the rules do not know?)"]


FEED_SPAM_TITLE_SHARE = 0.4  # share of a feed item's title that spam phrases fill: a spam item


def _spam_item(item: FeedArticle, context: Context) -> bool:
    """A feed item that is spam: its title is largely spam phrases (the lexicon's spans)."""
    if not item.title:
        return False
    spam = with_brands(spam_rules(), context.spam_brands)
    spans = spam_spans(item.title, spam)
    letters = len(compact(item.title))
    covered = len(compact("".join(item.title[a:b] for a, b in spans)))
    return letters > 0 and covered >= FEED_SPAM_TITLE_SHARE * letters


def _feed_meta(result: CleanResult, item: FeedArticle) -> None:
    """An item's own fields decide its front matter; what the cleaner took from its body
    lines for a title or date gives way. A column tag before the headline ("【独家】") is
    the feed's, not the title's."""
    meta = result.meta
    result.removals.extend(item.removals)
    if item.title:
        title = item.title
        tag = chrome_rules().metadata["title_tag"].match(title)
        if tag and len(title) - tag.end() >= 4:
            result.removals.append(Removal("chrome", tag.group(0).strip(), "title-tag", 0))
            title = title[tag.end() :].strip()
        meta.title = title
    if item.date:
        meta.date, meta.date_precision, meta.published_time = item.date, "day", item.time
    if item.author and not meta.author:
        meta.author = item.author


def carry_group_dates(drafts: list[Draft], preamble: list[Line], segments: list[Segment]) -> None:
    """In an input holding several articles, one that states no date of its own carries
    the date of the group it is listed under: the issue's date above the first article
    (`issue_date`) or the latest day header that opens an item above it (a flash list's
    "2025年11月17日 星期一"). An article's own date line is never carried to the next one."""
    issue = issue_date(preamble)
    headers = [(seg.lines[0].no, parsed[0]) for seg in segments
               if seg.lines and day_header(seg.lines[0].text) and (parsed := parse_header_date(seg.lines[0].text))]
    for draft in drafts:
        if draft.date is not None:
            continue
        above = [iso for no, iso in headers if no <= draft.start_line]
        stated = above[-1] if above else issue
        if stated and not above and draft.index < len(segments):
            # the item's own day line without its year ("【11月21日】" opening a brief), in the issue's year
            stated = _item_day(segments[draft.index].lines, stated) or stated
        if stated:
            draft.date, draft.date_precision = stated, "day"  # type: ignore[assignment]


_MONTH_DAY_LINE = re.compile(r"^[【\[(（]?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[】\])）]?$")
ITEM_DAY_LINES = 3  # lines at an item's top where its day line stands


def _item_day(lines: list[Line], issue: str) -> str | None:
    """An item's day from a line at its top that names only a month and a day, dated in the year
    of the issue it is listed in (the year before, if the day falls after the issue's)."""
    for ln in [ln for ln in lines if ln.text.strip()][:ITEM_DAY_LINES]:
        m = _MONTH_DAY_LINE.match(ln.text.strip())
        if m:
            try:
                year = int(issue[:4])
                day = date(year, int(m.group(1)), int(m.group(2)))
                if day.isoformat() > issue:
                    day = date(year - 1, day.month, day.day)
            except ValueError:
                return None
            return day.isoformat()
    return None


ISSUE_DATE_LINE_MAX = 40  # characters of an issue's or a day's date line ("第37期 | 2025年5月19日")


def issue_date(preamble: list[Line]) -> str | None:
    """The date an input holding several articles states for all of them above the first
    (a newsletter's issue date, a morning brief's or a flash list's day: "AI早报丨2026年3月11日
    星期三"): the one date of the short lines before the first article, leaving out update,
    capture and archive times and ranges. Its articles that state no date of their own carry
    it; two different dates up there say nothing about which is whose."""
    md = chrome_rules().metadata
    found = set()
    for ln in preamble:
        text = ln.text.strip()
        if len(text) > ISSUE_DATE_LINE_MAX or md["update_words"].search(text):  # (capture times too)
            continue
        if len(FULL_DATE.findall(text)) > 1:  # a range ("2月3日—2月9日合刊"): no one day
            continue
        parsed = parse_header_date(text)
        if parsed:
            found.add(parsed[0])
    return found.pop() if len(found) == 1 else None


WARMUP_PAGE = Path(__file__).resolve().parent.parent / "rules" / "warmup.txt"


def warm_rules() -> None:
    """Clean a small page with the usual kinds of noise (rules/warmup.txt) once, so this
    process reads and compiles the rule files now: a resident session's first rebuild
    after an edit then does not (~0.2 s of it). Also loads the title deriver's IDF table."""
    prep = prepare(RawDoc(path="warmup.txt", data=WARMUP_PAGE.read_bytes()))
    if isinstance(prep, Prepared):
        extract(prep)
    chromestats.warm()  # the warm-up page may hold no line the classifier weighs as prose
    # and jieba's IDF table, read the first time an input without a title is cleaned
    # (0.3-0.4 s: an add-one of an untitled input paid it in a session's first rebuild)
    keyword_weights("")


BRAND_EDGE_LINES = 12


def document_brands(lines: list[Line], found: dict[str, list[tuple[int, int]]] | None = None) -> frozenset[str]:
    """The spam site names an input's own spam advertises (spam.learned_brands). The spans
    the lexicon finds in every line are left in `found` (line text -> spans): the cleaner
    reads them instead of searching the lines again."""
    rules = spam_rules()
    texts = [ln.text for ln in lines]
    # a spam mirror shows its brands in its page title, menus or footer: a page whose first and
    # last lines hold no spam is not read twice
    edges = [*range(min(BRAND_EDGE_LINES, len(texts))), *range(max(BRAND_EDGE_LINES, len(texts) - BRAND_EDGE_LINES), len(texts))]
    edge_spans = {k: spam_spans(texts[k], rules) for k in edges}
    if found is not None:
        found.update((texts[k], sp) for k, sp in edge_spans.items())
    if not any(edge_spans.values()):
        return frozenset()
    spans = [edge_spans[k] if k in edge_spans else spam_spans(t, rules) for k, t in enumerate(texts)]
    if found is not None:
        found.update(zip(texts, spans, strict=True))
    spammy = [(t, s) for t, s in zip(texts, spans, strict=True) if s]
    if not spammy:
        return frozenset()
    # a name counts by its occurrences in the whole input
    return learned_brands([t for t, _ in spammy], [s for _, s in spammy], "\n".join(texts))


def apply_sidecar(draft: Draft, sidecar: dict[str, Any], where: str | None) -> list[str]:
    """Sidecar fields override what the cleaner found; bad values warn and are ignored."""
    warnings: list[str] = []
    if isinstance(sidecar.get("title"), str) and sidecar["title"].strip():
        draft.title = to_simplified(sidecar["title"].strip())
        draft.title_derived = False
    if "date" in sidecar:
        value = sidecar["date"]
        iso = value.isoformat() if isinstance(value, date) else str(value)
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso):
            draft.date = iso
            draft.date_precision = {4: "year", 7: "month", 10: "day"}[len(iso)]  # type: ignore[assignment]
        else:
            warnings.append(f"{where}: date '{value}' is not ISO (YYYY[-MM[-DD]]); ignored")
    if isinstance(sidecar.get("slug"), str):
        draft.slug_hint = sidecar["slug"]
    for key in ("origin", "author"):
        if isinstance(sidecar.get(key), str):
            setattr(draft, key, sidecar[key])
    return warnings


def load_drafts(content: Path | str, prefix: str | None = None) -> list[Draft]:
    """Convenience for tools and evaluation: every cleaned draft under `content`."""
    content = Path(content)
    docs, _, _ = read_inputs(content, prefix if prefix is not None else content.as_posix())
    prepared = [p for p in map(prepare, docs) if isinstance(p, Prepared)]
    common = common_lines(prepared)
    return [d for p in prepared for d in extract(p, common).drafts]


def removal_counts(removals: list[Removal]) -> dict[str, int]:
    return dict(sorted(Counter(r.kind for r in removals).items()))
