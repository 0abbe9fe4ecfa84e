"""Render: both HTML editions, the Markdown tree, feeds, sitemap and the editor's report.

The whole corpus is built first (build.py); this module only turns it into files. Every
text from an input goes through Jinja2 autoescaping; the zh-hant edition converts the
canonical Simplified text at this point and nowhere else.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from . import __version__, frontmatter, related
from .cache import MISSING, Cache, digest, stage_version
from .convert import TraditionalConverter, protected_names
from .executor import StageFailure, cached_map, iter_documents
from .fragments import FragmentKey, Fragments, Rendered, joined, text_key
from .identity import by_identity
from .model import Article, Event, Section
from .modeldiff import KEEP_NOTHING, Diff, ModelView, SessionState, changed_articles, diff, touched_entities, view_of
from .taxonomy import Entity, dictionary_words
from .timeline import datetime_attr, format_label, topic_timelines
from .writer import SiteWriter, WriteStats

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
EDITIONS = ("zh-hans", "zh-hant")
HTML_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
ENTITY_MIN_ARTICLES = 2
HOME_ARTICLES = 20
HOME_EVENTS = 12
SNIPPET = 90
FEED_ARTICLES = 50


@dataclass
class Edition:
    lang: str
    convert: Callable[[str], str]
    ui: dict[str, str]

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    @property
    def other(self) -> str:
        return EDITIONS[1 - EDITIONS.index(self.lang)]


def _load_ui() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((TEMPLATES / "i18n.yaml").read_text(encoding="utf-8"))
    return {lang: {k: v[lang] for k, v in data.items()} for lang in EDITIONS}


@lru_cache(maxsize=1)
def make_env() -> Environment:
    """One environment per process: templates are compiled once (a resident session's
    rebuilds reuse them; the session ends when a template changes)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are read once per build: no stat of each file per page
    )
    env.filters["datetime_attr"] = datetime_attr
    env.filters.update(t=_t, url=_url, eurl=_eurl, article_url=_article_url, paragraphs=_paragraphs, timeline=_timeline,
                       each=_each)
    return env


# Templates convert text and make links through filters, not calls: Jinja calls a filter
# directly, while `{{ t(x) }}` goes through Context.call, which inspects the callee on
# every call (a third of an article page's rendering time). Each reads the page's own
# converter and link maker from the context render_html gives it.
@pass_context
def _t(ctx: Context, text: str) -> str:
    """`text | t`: the text in the page's edition."""
    return ctx["t"](text)  # type: ignore[no-any-return]


@pass_context
def _paragraphs(ctx: Context, texts: Sequence[str]) -> Markup:
    """`s.paragraphs | paragraphs`: `<p>text</p>` and a line end per paragraph, in the
    page's edition. One filter call per section: a template loop yields each paragraph
    through three generators (block, base and page template), a fifth of an article page."""
    conv = ctx["t"]
    return Markup("".join([f"<p>{escape(conv(p))}</p>\n" for p in texts]))


@pass_context
def _timeline(ctx: Context, events: Sequence[Event]) -> Markup:
    """`events | timeline`: a section per year, each event's item (the page's `ev`: a
    fragment) on its own line. Joined here, not in a template loop: a topic page lists
    thousands of events at 10k and each loop step costs Jinja several calls."""
    ev = ctx["ev"]
    out: list[str] = []
    year = None
    for e in events:
        if e.iso[:4] != year:
            if year:
                out.append("</ol></section>")
            year = e.iso[:4]
            out.append(f'<section class="year"><h3 id="y{escape(year)}">{escape(year)}</h3><ol class="timeline">')
        out += (ev(e), "\n")
    if year:
        out.append("</ol></section>")
    return joined(out)


def _each(items: Sequence[tuple[Any, ...]], make: Callable[..., str]) -> Markup:
    """`items | each(f)`: f(*item) of every item, joined (an entity page's thousands of
    mentions, each a fragment, without a template loop)."""
    return joined([make(*item) for item in items])


@pass_context
def _url(ctx: Context, target: str) -> str:
    """`'zh-hans/x/index.html' | url`: a link from this page to a site path."""
    return ctx["url"](target)  # type: ignore[no-any-return]


@pass_context
def _eurl(ctx: Context, target: str) -> str:
    """`'topics/index.html' | eurl`: a link to a path in this page's edition."""
    return ctx["url"](f"{ctx['ed'].lang}/{target}")  # type: ignore[no-any-return]


@pass_context
def _article_url(ctx: Context, slug: str) -> str:
    """`slug | article_url`: a link to an article's page in this page's edition."""
    return ctx["url"](f"{ctx['ed'].lang}/articles/{slug}/index.html")  # type: ignore[no-any-return]


class SiteModel:
    """Derived views of the corpus shared by both editions (computed once)."""

    def __init__(self, corpus: Any, store: Cache | None = None, out: str = "") -> None:
        self.corpus = corpus
        # related lists are kept between builds of the same output folder (see `related`)
        self.store = store or Cache(None)
        self.out = out
        self.tax = corpus.taxonomy
        self.articles: list[Article] = corpus.articles
        self.by_slug = {a.slug: a for a in self.articles}
        self.events: list[Event] = corpus.events
        self._charts: dict[str | None, dict[str, Any]] = {}  # see `chart`

    @cached_property
    def timelines(self) -> dict[str, list[Event]]:
        return topic_timelines(self.events, self.tax.topic_ids)

    @cached_property
    def entity_sections(self) -> dict[str, list[tuple[Article, Section]]]:
        found: dict[str, list[tuple[Article, Section]]] = defaultdict(list)
        for a in self.articles:
            for s in a.sections:
                for e in s.entities:
                    found[e].append((a, s))
        return found

    @cached_property
    def entity_article_count(self) -> dict[str, int]:
        """Number of articles that mention each entity."""
        return {eid: len({a.slug for a, _ in found}) for eid, found in self.entity_sections.items()}

    @cached_property
    def entities(self) -> list[Entity]:
        """Entities mentioned in at least two articles get a page."""
        count = self.entity_article_count
        keep = [ent for ent in self.tax.entities if count.get(ent.id, 0) >= ENTITY_MIN_ARTICLES]
        return sorted(keep, key=lambda e: (-count[e.id], e.id))

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        """tax.entity(id) without its scan of every entity (the first one of an id)."""
        found: dict[str, Entity] = {}
        for e in self.tax.entities:
            found.setdefault(e.id, e)
        return found

    @cached_property
    def entity_ids(self) -> set[str]:
        return {e.id for e in self.entities}

    @cached_property
    def topic_sections(self) -> dict[str, list[tuple[Article, list[Section]]]]:
        out: dict[str, list[tuple[Article, list[Section]]]] = {t: [] for t in self.tax.topic_ids}
        for a in self.articles:  # one pass (each article's sections of each topic, in order)
            mine: dict[str, list[Section]] = {}
            for s in a.sections:
                for t in dict.fromkeys(s.topics):
                    if t in out:
                        mine.setdefault(t, []).append(s)
            for t, secs in mine.items():
                out[t].append((a, secs))
        return out

    @cached_property
    def related(self) -> dict[str, list[Article]]:
        """Related articles: shared topics and entities, most shared first (ties by slug)."""
        key, feats, previous = self._related_inputs()
        return self._keep_related(key, feats, previous, related_slugs_update(self.articles, feats, previous))

    def _related_inputs(self) -> tuple[str, dict[str, Features], Any]:
        key = digest("related", self.out)
        previous = self.store.get_latest("related", key, stage_version(("render",)))
        return key, self.related_features(), previous if isinstance(previous, tuple) else None

    def related_features(self) -> dict[str, Features]:
        """`related_features(articles)`; a resident session keeps each unchanged article's
        (the same object) from its previous build, so that comparing them with the
        previous build's is by identity too."""
        feats = by_identity(self.store, f"related-features {self.out}", self.articles, _features)
        return {a.slug: f for a, f in zip(self.articles, feats, strict=True)}

    def _keep_related(self, key: str, feats: dict[str, Features], previous: Any,
                      slugs_of: dict[str, list[str]]) -> Mapping[str, list[Article]]:
        if previous is None or previous[1] != slugs_of or previous[0] != feats:
            self.store.put_latest("related", key, stage_version(("render",)), (feats, slugs_of))
        self.related_slugs = slugs_of  # (modeldiff compares these lists with the previous build's)
        return RelatedArticles(slugs_of, self.by_slug)

    @cached_property
    def related_sections(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """Ranked from the previous build's state of this output folder when there is
        one (`related.update`: an add-one re-ranks only what the new sections touch),
        else from scratch (see `related_jobs`: then in a worker)."""
        key, previous = self._related_sections_inputs()
        return self._keep_related_sections(key, previous, related.update(self.articles, previous, self.section_features()))

    def section_features(self) -> dict[tuple[str, str], frozenset[str]]:
        """related.section_features, each article's made once per session while unchanged
        (the same object: identity.by_identity)."""
        out: dict[tuple[str, str], frozenset[str]] = {}
        for feats in by_identity(self.store, f"section-features {self.out}", self.articles, related.article_features):
            out.update(feats)
        return out

    def _related_sections_inputs(self) -> tuple[str, related.RelatedState | None]:
        key = digest("related-sections", self.out)
        previous = self.store.get_latest("related-sections", key, stage_version(("related",)))
        return key, previous if isinstance(previous, related.RelatedState) else None

    def _keep_related_sections(self, key: str, previous: related.RelatedState | None,
                               state: related.RelatedState) -> dict[tuple[str, str], list[tuple[str, str]]]:
        if state is not previous and (previous is None or state.out != previous.out or state.feats != previous.feats):
            self.store.put_latest("related-sections", key, stage_version(("related",)), state)
        return state.out

    # The two related rankings cost seconds at 10k without a previous build's state, and
    # only article and topic pages show them: a cold build computes them in pool workers
    # while others render the pages that do not need them (Renderer.render_pages).

    def related_jobs(self) -> list[str]:
        """The rankings the previous build's state cannot give cheaply; those it can are
        made here."""
        todo = []
        if "related_sections" not in self.__dict__:
            self._rs_inputs = self._related_sections_inputs()
            if self._rs_inputs[1] is None:
                todo.append("related-sections")
            else:
                self.__dict__["related_sections"] = self._keep_related_sections(
                    *self._rs_inputs, related.update(self.articles, self._rs_inputs[1], self.section_features()))
        if "related" not in self.__dict__:
            self._rel_inputs = self._related_inputs()
            if self._rel_inputs[2] is None:
                todo.append("related")
        return todo

    def compute(self, name: str) -> Any:
        """One ranking from the articles alone (pure: runs in a worker)."""
        if name == "related-sections":
            return related.update(self.articles, None)
        return related_slugs(self.articles)

    def accept(self, name: str, value: Any) -> None:
        """A ranking computed by `compute` (in a worker): stored and kept."""
        if name == "related-sections":
            self.__dict__["related_sections"] = self._keep_related_sections(*self._rs_inputs, value)
        else:
            key, feats, previous = self._rel_inputs
            self.__dict__["related"] = self._keep_related(key, feats, previous, value)

    @cached_property
    def topic_articles(self) -> dict[str, list[Article]]:
        """Each topic's articles, newest first (its feed, its chart)."""
        out: dict[str, list[Article]] = {t.id: [] for t in self.tax.topics}
        for a in self.articles:
            for t in dict.fromkeys(a.topics):
                if t in out:
                    out[t].append(a)
        return out

    @cached_property
    def events_in_order(self) -> list[Event]:
        """Every event by date (the timeline page; both editions)."""
        return sorted(self.events, key=lambda e: (e.iso, e.slug, e.anchor))

    @cached_property
    def recent_events(self) -> list[Event]:
        """The newest events that are not forecasts (the home page; both editions)."""
        return [e for e in sorted(self.events, key=lambda e: e.iso, reverse=True) if not e.forecast][:HOME_EVENTS]

    @cached_property
    def years(self) -> list[str]:
        ys = {e.iso[:4] for e in self.events if not e.forecast} | {a.date[:4] for a in self.articles if a.date}
        return sorted(ys)

    def chart(self, topic: str | None) -> dict[str, Any]:
        """Counts of events and articles per year (for the inline SVG chart and its table),
        made once per build (a topic's page key and its page both show it)."""
        if topic not in self._charts:
            self._charts[topic] = self._chart(topic)
        return self._charts[topic]

    def _chart(self, topic: str | None) -> dict[str, Any]:
        events = self.timelines[topic] if topic else self.events
        arts = self.articles if topic is None else self.topic_articles.get(topic, [])
        ev_count = Counter(e.iso[:4] for e in events if not e.forecast)
        art_count = Counter(a.date[:4] for a in arts if a.date)
        years = [y for y in self.years if ev_count[y] or art_count[y]]
        peak = max([*ev_count.values(), *art_count.values(), 1])
        return {"years": years, "events": ev_count, "articles": art_count, "peak": peak}


def page_rel(from_page: str, to_page: str) -> str:
    """Relative URL from one page path (e.g. zh-hans/articles/x/index.html) to a file path.

    posixpath.relpath on clean relative paths, without its two getcwd() calls (which
    cost 2.5 s of a 1k build): both paths are site-relative and never hold . or ..; the
    target is under the deepest folder of the page that is a prefix of it."""
    rel = next(up + to_page[len(folder):] for folder, up in _folders_up(from_page) if to_page.startswith(folder))
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")] or "./"
    return rel or "."


@lru_cache(maxsize=256)
def _folders_up(page: str) -> tuple[tuple[str, str], ...]:
    """The folders holding `page`, deepest first, each with the way up to it from the page
    ('zh-hans/a/', '') ... ('', '../../'). A page links ~30 times per render, to targets
    that differ from page to page: a cache keyed by both paths missed at 10k articles."""
    parts = page.split("/")[:-1]
    return tuple(("".join(p + "/" for p in parts[:k]), "../" * (len(parts) - k)) for k in range(len(parts), -1, -1))


RELATED_LIMIT = 5
_RELATED_BLOCK = 512
Features = tuple[tuple[str, ...], tuple[str, ...]]


def related_features(articles: Sequence[Article]) -> dict[str, Features]:
    """What the related-articles score reads of each article: its entities and topics."""
    return {a.slug: _features(a) for a in articles}


def _features(a: Article) -> Features:
    return tuple(sorted(set(a.entities))), tuple(sorted(set(a.topics)))


class RelatedArticles(Mapping[str, list[Article]]):
    """Each article's related articles (objects), made from the slug lists when asked:
    an add-one shows the related lists of a few pages, not of all 9k articles."""

    def __init__(self, slugs_of: dict[str, list[str]], by_slug: dict[str, Article]) -> None:
        self.slugs_of, self.by_slug, self.made = slugs_of, by_slug, {}

    def __getitem__(self, slug: str) -> list[Article]:
        found = self.made.get(slug)
        if found is None:
            found = self.made[slug] = [self.by_slug[s] for s in self.slugs_of[slug]]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.slugs_of)

    def __len__(self) -> int:
        return len(self.slugs_of)


def _related_score(a: Features | tuple[frozenset[str], frozenset[str]], b: Features) -> int:
    # (frozenset of a frozenset is that set: a caller scoring one article against many passes its sets)
    return 2 * len(frozenset(a[0]).intersection(b[0])) + len(frozenset(a[1]).intersection(b[1]))


def related_slugs_update(articles: Sequence[Article], feats: dict[str, Features],
                         previous: tuple[dict[str, Features], dict[str, list[str]]] | None) -> dict[str, list[str]]:
    """`related_slugs(articles)`, updated from the previous build's features and lists
    when few articles changed (an add-one rebuild): only new or edited articles, and those
    whose list held an article that is gone or edited, are ranked against the whole corpus;
    every other list can only change by taking in a new or edited article, so it is
    re-ranked among its old list plus those. Same order (score, then slug) as the full pass."""
    n = len(articles)
    if previous is None or n < 4 * RELATED_LIMIT:
        return related_slugs(articles)
    old_feats, old = previous
    changed = sorted(s for s, f in feats.items() if old_feats.get(s) != f)
    gone = {s for s, f in old_feats.items() if feats.get(s) != f}
    if len(changed) + len(gone) > max(8, n // 20):
        return related_slugs(articles)
    redo = set(changed) | {s for s in feats if s not in old or any(r in gone for r in old[s])}
    rows = [i for i, a in enumerate(articles) if a.slug in redo]
    # a few rows (an add-one: the new article): scored pair by pair, not by a matrix of
    # the whole corpus, whose making costs ~0.2 s at 10k whatever the rows
    out = _related_rows(feats, rows, [a.slug for a in articles]) if len(rows) <= FEW_RELATED_ROWS \
        else related_slugs(articles, rows=rows)
    # each changed article's sets once (a score is the size of an intersection, the same
    # whichever side is the set)
    changed_sets = [(c, frozenset(feats[c][0]), frozenset(feats[c][1])) for c in changed]
    for slug, f in feats.items():
        if slug in redo:
            continue
        listed = old[slug]
        # the (-score, slug) keys of the changed articles that could enter this list: they
        # must score, and beat its last entry when it is full (its entries are unchanged)
        fe, ft = f
        entering = [key for c, ce, ct in changed_sets if c != slug
                    and (key := (-(2 * len(ce.intersection(fe)) + len(ct.intersection(ft))), c))[0] < 0]
        if entering and len(listed) >= RELATED_LIMIT:
            bar = (-_related_score(f, feats[listed[-1]]), listed[-1])
            entering = [key for key in entering if key < bar]
        if not entering:
            out[slug] = listed  # the previous build's list itself (no caller changes one): compared by identity next
            continue
        candidates = [(-_related_score(f, feats[c]), c) for c in dict.fromkeys([*listed, *changed]) if c != slug]
        out[slug] = [c for sc, c in sorted(candidates) if sc < 0][:RELATED_LIMIT]
    return out


FEW_RELATED_ROWS = 16


def _related_rows(feats: dict[str, Features], rows: Sequence[int], slugs: Sequence[str]) -> dict[str, list[str]]:
    """`related_slugs(articles, rows)` for a few rows, pair by pair (`_related_score`):
    the same lists (score, then the earlier slug; score > 0)."""
    out = {}
    for i in sorted(rows):
        slug = slugs[i]
        mine = (frozenset(feats[slug][0]), frozenset(feats[slug][1]))
        scored = [(-score, o) for o in slugs if o != slug and (score := _related_score(mine, feats[o])) > 0]
        out[slug] = [o for _, o in heapq.nsmallest(RELATED_LIMIT, scored)]
    return out


def related_slugs(articles: Sequence[Article], rows: Sequence[int] | None = None) -> dict[str, list[str]]:
    """For each article, up to RELATED_LIMIT others ranked by 2 x shared entities + shared
    topics (score > 0), ties by slug.

    One matrix product per block of rows instead of comparing all pairs in Python (86 M
    pairs at 10k): scores are small integers, exact in float32; the slug tie-break is
    folded into one integer rank so a partial sort picks the same five as a full sort.
    With `rows`, only those articles' lists are ranked (against all articles)."""
    n = len(articles)
    if n == 0:
        return {}
    row_ids = np.arange(n) if rows is None else np.asarray(sorted(rows), np.int64)
    ents = sorted({e for a in articles for e in a.entities})
    tops = sorted({t for a in articles for t in a.topics})
    col = {("e", e): i for i, e in enumerate(ents)} | {("t", t): len(ents) + i for i, t in enumerate(tops)}
    have = np.zeros((n, len(col)), np.float32)
    for i, a in enumerate(articles):
        for e in set(a.entities):
            have[i, col["e", e]] = 1
        for t in set(a.topics):
            have[i, col["t", t]] = 1
    weight = have.copy()
    weight[:, : len(ents)] *= 2  # an entity in common counts twice
    slugs = [a.slug for a in articles]
    order = sorted(range(n), key=slugs.__getitem__)
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    # Keys are integers below (top score + 1) * (n + 1): exact in float32 below 2**24 (all
    # corpora up to ~300k articles), else float64; no int64 copy of each block.
    top_score = float((weight.sum(axis=1)).max()) if n else 0.0
    exact = np.float32 if (top_score + 1) * (n + 1) < 2**24 else np.float64
    tiebreak = (n - rank).astype(exact)  # in 1..n: the earlier slug wins a tie, and never outweighs a point of score
    out: dict[str, list[str]] = {}
    k = min(RELATED_LIMIT, n - 1)
    for start in range(0, len(row_ids), _RELATED_BLOCK):
        block = row_ids[start : start + _RELATED_BLOCK]
        score = (weight[block] @ have.T).astype(exact, copy=False)
        score[np.arange(len(block)), block] = 0  # never related to itself
        keyed = score * exact(n + 1)
        keyed += tiebreak[None, :]
        keyed[score <= 0] = 0
        # the k best of each row, best first: k argmax passes (vectorised; keys are
        # unique within a row, so the first maximum is the maximum) cost a seventh of one
        # argpartition over the same rows
        lines = np.arange(len(block))
        picks, best = [], []
        for _ in range(k):
            j = keyed.argmax(axis=1)
            picks.append(j)
            best.append(keyed[lines, j] > 0)
            keyed[lines, j] = 0
        top = np.stack(picks, axis=1).tolist() if k > 0 else [[] for _ in lines]
        good = np.stack(best, axis=1).tolist() if k > 0 else [[] for _ in lines]
        for row in range(len(block)):
            out[slugs[int(block[row])]] = [slugs[j] for j, ok in zip(top[row], good[row], strict=True) if ok]
    return out


# ------------------------------------------------------------------ zh-hant conversion


def short_texts(article: Article, events: Sequence[Event]) -> list[str]:
    """Texts of an article that pages other than its own show (titles, headings,
    snippets, first paragraph, evidence, event texts): converted every build."""
    texts = [article.title, article.origin or "", article.author or ""]
    if article.paragraphs:
        texts.append(article.paragraphs[0])
    for s in article.sections:
        texts.append(s.heading)
        texts.append((s.paragraphs[0] if s.paragraphs else "")[:SNIPPET])
        texts.extend("、".join(s.evidence.get(t, [])) for t in s.topics)
    texts.extend(e.text for e in events)
    return list(dict.fromkeys(t for t in texts if t))


EARLY_CHUNK = 16  # jobs per chunk of the first pool (see render_all)
# Fewer render jobs than this run in the parent. A resident add-one at 10k has ~80 per pool
# (index pages, feeds, changed entity/topic pages, the new article's pages): in the parent
# it took 5.8 s wall and CPU against 6.8-8.1 s CPU with two workers (fork, copy-on-write of
# a 1.4 GB parent, pages pickled back), 3 runs each under load; a cold 1k build has ~2,000.
RENDER_MIN_PARALLEL = 200
HANT_BUCKETS = 64  # cache entries of short-text conversions (an added article changes one)


@lru_cache(maxsize=1 << 16)
def hant_bucket(slug: str) -> int:
    return int(digest("bucket", slug)[:8], 16) % HANT_BUCKETS


class Renderer:
    def __init__(self, corpus: Any, options: Any, writer: SiteWriter, store: Cache | None = None,
                 manifest: dict[str, tuple[str, int, int, int]] | None = None) -> None:
        self.corpus = corpus
        self.options = options
        self.writer = writer
        self.store = store or Cache(None)
        self.env = make_env()
        self.model = SiteModel(corpus, self.store, str(Path(options.out).resolve()))
        ui = _load_ui()
        # A resident session keeps its converter (and so its word, block and text memos)
        # while what a conversion depends on is unchanged: an add-one's hant bucket holds
        # ~140 articles' short texts, converted again from scratch by a fresh converter
        # (~0.3 s at 10k). Conversions are functions of the text: only time is saved.
        self.hant = self.store.remember("hant-converter", None, (conversion_version(corpus.taxonomy),),
                                        lambda: TraditionalConverter(protected_names(corpus.taxonomy)))
        self.hant.record(False)  # (a build that failed mid-pool may have left it recording)
        self.editions = [
            Edition("zh-hans", lambda s: s, ui["zh-hans"]),
            Edition("zh-hant", self.hant.convert, ui["zh-hant"]),
        ]
        self.base_url = options.base_url.rstrip("/") + "/"
        self.pages: list[str] = []
        # Page cache: path -> (key, size, mtime_ns, inode) of the file the previous build
        # wrote. A page whose key (everything it is rendered from) is unchanged and whose
        # file is still that file is kept as it is, without rendering it.
        self.previous = manifest or {}
        self.manifest: dict[str, tuple[str, int, int, int]] = {}
        self.base_key = digest("pages", render_version(), __version__, repr(corpus.taxonomy), self.base_url)
        self._page_digests: dict[int, str] = {}
        self._topic_digests: dict[str, str] = {}  # topic -> what its pages show, both editions
        self._row_keys: dict[str, list[str]] = {}
        self._mentions: dict[str, tuple[list[tuple[str, str, str]], str]] = {}
        self._event_reprs: dict[str, list[str]] = {}
        self._repr_of: dict[int, tuple[Event, str]] = {}
        # rendered rows of topic pages, entity-page mentions and report rows (fragments.py)
        self.fragments_key = digest("fragments", str(Path(options.out).resolve()))
        self.fragments = Fragments.load(self.store, self.fragments_key, render_version())
        self.pid = os.getpid()  # the process that holds the writer
        # a resident session's previous build, as modeldiff compares it (see `model_diff`)
        self.session: SessionState = self.store.remember("model-view", self.model.out, (), SessionState)
        self._diff: Diff | None = None
        self._changed: set[str] | None = None
        self._touched: frozenset[str] | None = None
        self.view: ModelView | None = None
        self.staging = os.fspath(writer.staging)  # a str: 37k stats at 10k, Path joins cost more

    # -- page cache ------------------------------------------------------------------------

    @cached_property
    def stage_keys(self) -> dict[str, str]:
        """The article stage's key of each article by slug (none for a corpus made in a test)."""
        return getattr(self.corpus, "article_keys", {})

    def article_key(self, a: Article) -> str:
        return self.stage_keys.get(a.slug) or digest("article", repr(a))

    def model_diff(self) -> Diff:
        """The articles whose page and topic rows keep the previous build's keys (a
        resident session: modeldiff.diff; a CLI build keys every one). Made once the
        related rankings are known."""
        if self._diff is None:
            if self.store.memory is None:
                self._diff = KEEP_NOTHING
            else:
                m = self.model
                _ = m.related  # its slug lists
                self.view = view_of(self.base_key, m.articles, self.stage_keys, m.related_slugs, m.related_sections,
                                    frozenset(m.entity_ids))
                self._diff = diff(self.session.last, self.view, self.changed_articles())
        return self._diff

    def changed_articles(self) -> set[str] | None:
        """Slugs of the articles that are new or changed since the session's last view (None:
        no view to compare with)."""
        if self._changed is None and self.session.last is not None:
            self._changed = changed_articles(self.session.last, self.model.by_slug, self.stage_keys)
        return self._changed

    def keep_view(self) -> None:
        """This build's view, for the next build of the session to diff against (after
        every article page was keyed: see render_all)."""
        if self.view is not None and len(self.view.page_digests) == len(self.model.articles):
            self.view.mentions = dict(self._mentions)
            self.session.last = self.view
        else:
            self.session.last = None

    def article_page_digest(self, i: int) -> str:
        """Everything article i's page shows: its own content (article key), its
        neighbours, related lists with titles, linked entities."""
        key = self._page_digests.get(i)
        if key is None:
            key = self._page_digests[i] = self._article_page_digest(i)
            if self.view is not None:
                self.view.page_digests[self.model.articles[i].slug] = key
        return key

    def article_page_digests(self) -> list[str]:
        """`article_page_digest(i)` of every article; those modeldiff keeps are taken from
        the session's last view in one loop (~9k of 9.1k at 10k after an add-one)."""
        m, found = self.model, self._page_digests
        diff, last = self.model_diff(), self.session.last
        kept, before = (diff.kept_pages, last.page_digests) if last is not None else (frozenset(), {})
        mine = self.view.page_digests if self.view is not None else None
        out = []
        for i, a in enumerate(m.articles):
            key = found.get(i)
            if key is None:
                slug = a.slug
                key = before.get(slug) if slug in kept else None
                if key is None:
                    key = self._article_page_digest(i)
                found[i] = key
                if mine is not None:
                    mine[slug] = key
            out.append(key)
        return out

    def _article_page_digest(self, i: int) -> str:
        m = self.model
        a = m.articles[i]
        key = self.model_diff().kept_page(self.session.last, a.slug)
        if key is not None:
            return key
        newer = m.articles[i - 1] if i > 0 else None
        older = m.articles[i + 1] if i + 1 < len(m.articles) else None
        related_here = m.related[a.slug]
        # what the digest is made from, cheaply compared (a resident session's articles
        # are the same objects while unchanged): an add-one re-keys the pages it touches
        inputs = (self.base_key, self.article_key(a), a, newer, older, *related_here, None, *self.shown_inputs(a, a.sections),
                  None, *(e for e in a.entities if e in m.entity_ids))
        key = self.store.remember("page-digest", a.slug, inputs, lambda: digest(
            self.base_key, "article",
            self.article_key(a),
            repr([(x.slug, x.title) if x else None for x in (newer, older)]),
            repr([(r.slug, r.title) for r in related_here]),
            self.related_titles(a, a.sections),
            repr([e for e in a.entities if e in m.entity_ids]),
        ))
        return key

    def entity_key(self, ent: Entity, ed: Edition) -> str:
        return digest(self.base_key, "entity", ed.lang, ent.id, self._entity_mentions(ent.id)[1])

    def entity_mentions(self, ent_id: str) -> list[tuple[str, str, str]]:
        """(article key, slug, anchor) of each section an entity page lists."""
        return self._entity_mentions(ent_id)[0]

    def _entity_mentions(self, ent_id: str) -> tuple[list[tuple[str, str, str]], str]:
        """entity_mentions and its repr (a part of the page key), made once per build, and
        in a resident session once while the listed articles are the same objects."""
        found = self._mentions.get(ent_id)
        if found is None:
            found = self._mentions[ent_id] = self._entity_mentions_of(ent_id)
        return found

    def _entity_mentions_of(self, ent_id: str) -> tuple[list[tuple[str, str, str]], str]:
        last = self.session.last
        if last is not None and ent_id in last.mentions and ent_id not in self.touched_entities():
            return last.mentions[ent_id]
        listed = self.model.entity_sections[ent_id]

        def make() -> tuple[list[tuple[str, str, str]], str]:
            mentions = [(self.article_key(a), a.slug, s.anchor) for a, s in listed]
            return mentions, repr(mentions)

        return self.store.remember("entity-mentions", ent_id, tuple(x for pair in listed for x in pair), make)

    def touched_entities(self) -> frozenset[str]:
        """Entities whose pages may list other sections than in the session's last view
        (modeldiff.touched_entities; needs no related ranking, unlike `model_diff`)."""
        if self._touched is None:
            changed, last = self.changed_articles(), self.session.last
            self._touched = frozenset() if changed is None or last is None else touched_entities(last, self.model.by_slug, changed)
        return self._touched

    def topic_key(self, topic_id: str, ed: Edition) -> str:
        """Everything a topic page shows: its events and chart, and each listed article's
        row (`topic_row_keys`)."""
        shown = self._topic_digests.get(topic_id)
        if shown is None:  # once per build for both editions
            m, rows = self.model, self.topic_row_keys(topic_id)
            # a resident session digests it again only when an event, the chart or a row
            # changed (events compared as values: each build has its own Event objects)
            shown = self._topic_digests[topic_id] = self.store.remember(
                "topic-key", topic_id, (self.base_key, *m.timelines[topic_id], None, m.chart(topic_id), None, *rows),
                lambda: digest(self.base_key, "topic", topic_id, "[" + ", ".join(self.event_reprs(topic_id)) + "]",
                               repr(m.chart(topic_id)), *rows))
        return f"{ed.lang}:{shown}"

    def event_reprs(self, topic_id: str) -> list[str]:
        """repr of each event on a topic's timeline (its page key, its fragments' keys)."""
        found = self._event_reprs.get(topic_id)
        if found is None:
            found = self._event_reprs[topic_id] = [self.event_repr(e) for e in self.model.timelines[topic_id]]
        return found

    def event_repr(self, e: Event) -> str:
        """repr(e), made once per build (a topic page and the timeline page show it)."""
        found = self._repr_of.get(id(e))
        if found is None or found[0] is not e:
            found = self._repr_of[id(e)] = (e, repr(e))
        return found[1]

    def topic_row_keys(self, topic_id: str) -> list[str]:
        """For each article a topic page lists, a key of its row: the article's content
        (article key) and its sections' related lists with the titles they link to."""
        keys = self._row_keys.get(topic_id)
        if keys is None:
            keys = self._row_keys[topic_id] = [self.topic_row_key(topic_id, a, secs) for a, secs in self.model.topic_sections[topic_id]]
        return keys

    def topic_row_key(self, topic_id: str, a: Article, secs: Sequence[Section]) -> str:
        key = self.model_diff().kept_row(self.session.last, topic_id, a.slug)
        if key is None:
            key = self.store.remember("topic-row", (topic_id, a.slug), (self.article_key(a), a, *secs, None, *self.shown_inputs(a, secs)),
                                      functools.partial(self._row_key, a, secs))
        if self.view is not None:
            self.view.row_keys[topic_id, a.slug] = key
        return key

    def _row_key(self, a: Article, secs: Sequence[Section]) -> str:
        return digest(self.article_key(a), a.slug, self.related_titles(a, secs))

    def shown_inputs(self, a: Article, secs: Sequence[Section]) -> tuple[Any, ...]:
        """What `related_titles(a, secs)` is made from, cheaply compared (Cache.remember):
        each section's related list and the articles whose titles it shows."""
        shown = [self.model.related_sections.get((a.slug, s.anchor)) for s in secs]
        return (*shown, None, *(self.model.by_slug[slug] for found in shown if found for slug, _ in found))

    def related_titles(self, a: Article, secs: Sequence[Section]) -> str:
        """The related sections each of `secs` shows, with the titles they link to (part
        of the keys of article pages and topic rows)."""
        m = self.model
        return repr([(s.anchor, [(slug, anchor, m.by_slug[slug].title)
                                 for slug, anchor in m.related_sections.get((a.slug, s.anchor), [])])
                     for s in secs])

    def reuse(self, path: str, key: str) -> bool:
        """Keep the previous build's file for `path` when it was made from the same key
        (`reuse_all` of one path)."""
        return not self.reuse_all([path], [key])

    def remember(self, path: str, key: str) -> None:
        try:
            st = self.writer.stat_of(path)
        except OSError:
            return
        self.manifest[path] = (key, st.st_size, st.st_mtime_ns, st.st_ino)

    # -- zh-hant conversions ---------------------------------------------------------------

    def preload_conversions(self) -> list[tuple[str, list[str]]]:
        """Load the cached conversions of every article's short texts (index pages list
        them all) into this process, before any worker forks: the workers inherit them
        and the converter's word and block memos, and convert each page's paragraphs
        themselves. Cached in HANT_BUCKETS entries by the texts they hold (converting
        costs less than reading one entry per article; an add-one rebuild converts one
        bucket). Returns the buckets not in the cache, for `convert_buckets`."""
        m = self.model
        events_of: dict[str, list[Event]] = defaultdict(list)
        for e in m.events:
            events_of[e.slug].append(e)
        members: list[list[Article]] = [[] for _ in range(HANT_BUCKETS)]
        for a in m.articles:
            members[hant_bucket(a.slug)].append(a)
        version = conversion_version(self.corpus.taxonomy)

        def texts_of(held: list[Article]) -> tuple[str, list[str]]:
            ordered = sorted({t for a in held for t in short_texts(a, events_of[a.slug])})
            return digest("hant", version, *ordered), ordered

        missing = []
        for b, held in enumerate(members):
            if not held:
                continue
            # a resident session lists a bucket's texts again only when its articles or
            # their events changed
            key, ordered = self.store.remember("hant-bucket", b, (version, *held, None, *(e for a in held for e in events_of[a.slug])),
                                               functools.partial(texts_of, held))
            if not ordered:
                continue
            table = self.store.get("hant", key)
            if isinstance(table, dict):
                self.hant.preload(table)
            else:
                missing.append((key, ordered))
        return missing

    def convert_buckets(self, missing: list[tuple[str, list[str]]]) -> None:
        """Convert and cache the buckets `preload_conversions` did not find. After a pool
        whose workers handed back their conversions most texts are known already."""
        for key, ordered in missing:
            table = {t: self.hant.convert(t) for t in ordered}
            self.store.put("hant", key, table)
            self.hant.preload(table)

    # -- helpers ---------------------------------------------------------------------------

    def render_html(self, template: str, path: str, edition: Edition | None, absolute: bool = False, **ctx: Any) -> str:
        """One page's text. `absolute` links from the site root: a 404 page is served at
        any depth, so its relative links would point nowhere."""

        def url(target: str) -> str:
            if absolute:
                return "/" + target.removesuffix("index.html")
            return page_rel(path, target)

        other_path = None
        if edition is not None and path.startswith(edition.lang + "/"):
            other_path = edition.other + path[len(edition.lang) :]
        conv = edition.convert if edition else (lambda s: s)
        return self.env.get_template(template).render(
            ev=self.event_fragment(path, edition),
            url=url,
            t=conv,
            ed=edition,
            ui=edition.ui if edition else {},
            path=path,
            other_path=other_path,
            canonical=self.base_url + path.removesuffix("index.html"),
            base_url=self.base_url,
            tax=self.model.tax,
            model=self.model,
            label=format_label,
            version=__version__,
            **ctx,
        )

    def render_page(self, template: str, path: str, edition: Edition | None, absolute: bool = False, **ctx: Any) -> None:
        self.emit(path, self.render_html(template, path, edition, absolute, **ctx))

    def emit(self, path: str, text: str | bytes, key: str | None = None) -> None:
        """Write one output; with a `key`, record it for the page cache."""
        self.writer.write(path, text)
        if key is not None:
            self.remember(path, key)
        if path.endswith(".html"):
            self.pages.append(path)

    def topic_name(self, topic_id: str, edition: Edition) -> str:
        return self.model.tax.topic(topic_id).names[edition.lang]

    # -- pages -----------------------------------------------------------------------------

    def render_all(self) -> None:
        m = self.model
        md = [self.store.remember("markdown-key", a.slug, (self.base_key, k), lambda k=k: digest(self.base_key, "markdown", k))
              for a in m.articles for k in (self.article_key(a),)]  # one per article, both editions
        self.md_keys = {ed.lang: [f"{ed.lang}:{k}" for k in md] for ed in self.editions}
        missing = self.preload_conversions()
        _ = m.timelines, m.topic_sections, m.entities  # computed once, before workers fork
        for name in self.env.list_templates(extensions=("html", "xml")):
            self.env.get_template(name)  # compiled once here: workers inherit them instead of compiling each
        self.copy_assets()
        self.render_page("chooser.html", "index.html", None, editions=self.editions)
        self.page_specs = [spec for ed in self.editions for spec in self.edition_pages(ed)]
        rankings = m.related_jobs()
        # Markdown files show no related lists: they go with the first pool, so the parent
        # writes their 18k files (file creation is the parent's share of a cold render)
        # while workers rank
        markdown = [("md", i, todo) for i, todo in self.unserved_all("markdown/{lang}/", ".md", self.md_keys)]
        # The report lists every input: rendered from scratch (a cold build) it is a long
        # job for a worker; from the previous build's rows it costs this process less to
        # make than to take back from a worker (~20 MB at 10k), so it is made here while
        # the workers render the last pool.
        report_here = bool(self.fragments.known)
        early: list[Any] = [] if report_here else [("report",)]
        # (a feed whose articles are unchanged keeps its file: see feed_spec)
        pages = [("page", k) for k, spec in enumerate(self.page_specs) if spec.key is None or not self.reuse(spec.path, spec.key)]
        early += self.entity_jobs() + pages + markdown
        if rankings:
            # Pages that show no related lists, while workers rank them (cold builds): one
            # ranking at the head of each of the first chunks, so each worker starts one ...
            for n, name in enumerate(rankings):
                early.insert(n * EARLY_CHUNK, ("compute", name))
            # Workers hand back what they convert to Traditional script (the Markdown
            # files hold every paragraph), so the next pool, forked from this process,
            # converts each paragraph of an article page no second time.
            # The short texts no cache holds (a cold build) are converted by the workers
            # that show them, not by this process before the pool starts.
            self.hant.record()
            self.render_pages(early, chunk=EARLY_CHUNK)
            self.hant.record(False)
            early = []
        self.convert_buckets(missing)
        # ... then the pages that show them (with the rankings known from the previous
        # build, everything in one pool, longest jobs first): topic pages, article pages
        # and Markdown files.
        digests = self.article_page_digests()
        self.article_keys = {ed.lang: [f"{ed.lang}:{d}" for d in digests] for ed in self.editions}
        report = [job for job in early if job[0] == "report"]  # the longest job first
        jobs = report + self.topic_jobs() + [job for job in early if job[0] != "report"]
        jobs += self.unserved_all("{lang}/articles/", "/index.html", self.article_keys)
        self.render_pages(jobs, meanwhile=self.emit_report if report_here else None)
        self.keep_view()
        self.render_sitemap()
        self.writer.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.base_url}sitemap.xml\n")

    def unserved_all(self, head: str, tail: str, keys: dict[str, list[str]]) -> list[tuple[int, list[tuple[str, str, str]]]]:
        """`(i, [(lang, path, key), …])` of every article with a page under `head + slug +
        tail` that the previous build's files cannot serve, in article order (each article's
        pages in edition order); those they can are kept (`reuse_all`: the ~36k kept pages of
        a 10k site in one loop), here in the parent before any fork."""
        slugs = [a.slug for a in self.model.articles]
        todo: dict[int, list[tuple[str, str, str]]] = {}
        for ed in self.editions:
            lang, ks = ed.lang, keys[ed.lang]
            start = head.format(lang=lang)
            paths = [f"{start}{slug}{tail}" for slug in slugs]
            for i in self.reuse_all(paths, ks):
                todo.setdefault(i, []).append((lang, paths[i], ks[i]))
        return sorted(todo.items())

    def reuse_all(self, paths: list[str], keys: list[str]) -> list[int]:
        """The indices of `paths` whose previous build's file cannot be kept: the previous
        file of `paths[i]` is kept when it was made from `keys[i]` and is unchanged on disk
        (a hard link in the staging folder to the previous site's file)."""
        previous, staging, manifest, pages = self.previous, self.staging, self.manifest, self.pages
        stats = self.writer.stats
        seen, stat = stats.paths, os.stat
        missed: list[int] = []
        kept = 0
        for i, (path, key) in enumerate(zip(paths, keys, strict=True)):
            before = previous.get(path)
            if before is None or before[0] != key:
                missed.append(i)
                continue
            try:
                st = stat(f"{staging}/{path}")
            except OSError:
                missed.append(i)
                continue
            if (st.st_size, st.st_mtime_ns, st.st_ino) != before[1:]:
                missed.append(i)  # changed on disk since: render it again
                continue
            if path in seen:
                raise ValueError(f"two pages want the same path: {path}")
            seen.add(path)
            kept += 1
            manifest[path] = before
            if path.endswith(".html"):
                pages.append(path)
        stats.unchanged += kept
        return missed

    def render_markdown(self, job: tuple[str, int, list[tuple[str, str, str]]]) -> list[tuple[str, str, str]]:
        _, i, todo = job
        a = self.model.articles[i]
        return [(path, markdown_article(a, self.edition(lang).convert), key) for lang, path, key in todo]

    def render_article(self, job: tuple[int, list[tuple[str, str, str]]]) -> list[tuple[str, str, str]]:
        """(path, text, key) of the pages of one article that must be rendered (pure:
        runs in a worker process, which has this renderer, its model and conversions)."""
        i, todo = job
        m = self.model
        a = m.articles[i]
        out = []
        for lang, path, key in todo:
            ed = self.edition(lang)
            html = self.render_html(
                "article.html", path, ed,
                article=a,
                newer=m.articles[i - 1] if i > 0 else None,
                older=m.articles[i + 1] if i + 1 < len(m.articles) else None,
                related=m.related[a.slug],
                related_sections=m.related_sections,
                entity_ids=m.entity_ids,
                json_ld=article_json_ld(a, ed, self.base_url, [self.topic_name(t, ed) for t in a.topics]),
            )
            out.append((path, html, key))
        return out

    def edition(self, lang: str) -> Edition:
        return next(e for e in self.editions if e.lang == lang)

    def render_listing(self, job: tuple[str, str, int, str, str]) -> list[tuple[str, str, str]]:
        """A topic or entity page (pure, like render_article): [(path, text, key)]."""
        kind, lang, index, path, key = job
        m, ed = self.model, self.edition(lang)
        if kind == "topic":
            topic = m.tax.topics[index]

            def row(a: Article, secs: list[Section]) -> str:
                return self.render_html("topic_row.html", path, ed, a=a, secs=secs,
                                        related_sections=m.related_sections, snippet=SNIPPET)

            # (the key's page part made once: `fragment` per row, thousands at 10k)
            get, prefix = self.fragments.get, fragment_key("topic-row", path, ed)
            rows = joined([get((*prefix, k), functools.partial(row, a, secs))
                           for (a, secs), k in zip(m.topic_sections[topic.id], self.topic_row_keys(topic.id), strict=True)])
            html = self.render_html(
                "topic.html", path, ed,
                topic=topic, events=m.timelines[topic.id], rows=rows, chart=m.chart(topic.id),
            )
        else:
            ent = m.entities[index]
            html = self.render_html("entity.html", path, ed, entity=ent, mentions=m.entity_sections[ent.id], snippet=SNIPPET,
                                    mention=self.mention_item(path, ed))
        return [(path, html, key)]

    def fragment(self, kind: str, path: str, ed: Edition, *key: str, make: Callable[[], str]) -> str:
        """A piece of page `path` kept between builds (fragments.py): its links are
        relative, so it is the same on every page of the same folder and edition. HTML,
        to be joined (fragments.joined)."""
        return self.fragments.get(fragment_key(kind, path, ed, *key), make)

    def keep_topic_fragments(self, topic_id: str, path: str, ed: Edition, key: str) -> None:
        """The rows and events of a topic page kept from the previous build (page key `key`)."""
        row, event = fragment_key("topic-row", path, ed), fragment_key("event", path, ed)
        self.keep_fragments(path, key, lambda: [*((*row, k) for k in self.topic_row_keys(topic_id)),
                                                *((*event, r) for r in self.event_reprs(topic_id))])

    def keep_entity_fragments(self, ent: Entity, path: str, ed: Edition, key: str) -> None:
        """The mentions of an entity page kept from the previous build (page key `key`)."""
        mention = fragment_key("mention", path, ed)
        self.keep_fragments(path, key, lambda: [(*mention, k, anchor) for k, _, anchor in self.entity_mentions(ent.id)])

    def keep_fragments(self, path: str, key: str, keys: Callable[[], list[FragmentKey]]) -> None:
        """Mark the fragments of a kept page as used. The page key names everything the
        page shows, so the same key means the same fragment keys: a resident session
        lists them once per page key (~150k keys on the pages an add-one keeps at 10k), as
        a frozenset: a set takes in another set's members with their stored hashes, where
        a tuple's would be hashed again, every build."""
        self.fragments.keep(self.store.remember("page-fragments", path, (key,), lambda: frozenset(keys())))

    def event_fragment(self, path: str, ed: Edition | None) -> Callable[[Event], str]:
        """event_item of one event as page `path` shows it (timelines list thousands at
        10k, every build)."""

        get, event_repr = self.fragments.get, self.event_repr
        prefix = fragment_key("event", path, ed) if ed is not None else None  # once per page, not per event

        def ev(e: Event) -> str:
            if prefix is None:
                raise ValueError(f"{path}: a timeline needs an edition")
            return get((*prefix, event_repr(e)), lambda: self.render_html("event.html", path, ed, e=e))

        return ev

    def mention_item(self, path: str, ed: Edition) -> Callable[[Article, Section], str]:
        """mention.html for one section, as entity page `path` shows it: the same text on
        every page in the same folder (links are relative to it), so each is rendered
        once and reused (a section is mentioned on ~8 entity pages at 10k), also by the
        next build while the article is unchanged."""

        get, prefix = self.fragments.get, fragment_key("mention", path, ed)

        def mention(a: Article, s: Section) -> str:
            return get((*prefix, self.article_key(a), s.anchor),
                       lambda: self.render_html("mention.html", path, ed, a=a, s=s, snippet=SNIPPET))

        return mention

    def topic_jobs(self) -> list[tuple[str, str, int, str, str]]:
        """Topic pages the previous build's files cannot serve (decided here, in the
        parent): each lists every section of its topic."""
        jobs = []
        for ed in self.editions:
            for index, topic in enumerate(self.model.tax.topics):
                path, key = f"{ed.lang}/topics/{topic.id}/index.html", self.topic_key(topic.id, ed)
                if not self.reuse(path, key):
                    jobs.append(("topic", ed.lang, index, path, key))
                else:
                    self.keep_topic_fragments(topic.id, path, ed, key)
        return jobs

    def entity_jobs(self) -> list[tuple[str, str, int, str, str]]:
        """Entity pages the previous build's files cannot serve: each lists every mention."""
        jobs = []
        for ed in self.editions:
            for index, ent in enumerate(self.model.entities):
                path, key = f"{ed.lang}/entities/{ent.id}/index.html", self.entity_key(ent, ed)
                if not self.reuse(path, key):
                    jobs.append(("entity", ed.lang, index, path, key))
                else:
                    self.keep_entity_fragments(ent, path, ed, key)
        return jobs

    def render_pages(self, jobs: list[Any], chunk: int | None = None, meanwhile: Callable[[], None] | None = None) -> None:
        """Render jobs in the process pool (Jinja2 is most of a cold render), longest
        first so no worker starts one last; outputs are written here as they come back,
        in job order. A ranking computed by a worker comes back as a Computed value.
        `meanwhile` runs here while the workers start on the jobs. A few pages (a warm
        rebuild) are rendered here: forking a parent that holds a 10k-article model costs
        more than they do (see RENDER_MIN_PARALLEL), unless a ranking is among them."""
        heavy = any(job[0] == "compute" for job in jobs)
        results = iter_documents(_render_job, jobs, self.options, self, chunk=chunk, meanwhile=meanwhile,
                                 min_parallel=1 if heavy else RENDER_MIN_PARALLEL)
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, StageFailure):
                result = _render_job(job, self)  # again here, so a real error surfaces with its traceback
            if isinstance(result, Computed):
                self.model.accept(job[1], result.value)
                continue
            if isinstance(result, Rendered):
                self.fragments.absorb(result.made, result.used)
                self.hant.preload(result.conversions)
                result = result.outputs
            for path, text, key in result:
                self.emit(path, text, key)

    def copy_assets(self) -> None:
        for path in sorted(STATIC.rglob("*")):
            if path.is_file():
                self.writer.write("assets/" + path.relative_to(STATIC).as_posix(), path.read_bytes())

    def edition_pages(self, ed: Edition) -> list[PageSpec]:
        """The index pages and feeds of one edition (topic and entity pages: topic_jobs, entity_jobs)."""
        m = self.model
        lang = ed.lang
        specs = [PageSpec(
            "home.html", f"{lang}/index.html", ed, False, dict(
                articles=m.articles[:HOME_ARTICLES],
                recent=m.recent_events,
                chart=m.chart(None),
            ))]
        specs.append(PageSpec("topics.html", f"{lang}/topics/index.html", ed, False, {}))
        for topic in m.tax.topics:
            specs.append(self.feed_spec(ed, f"{lang}/topics/{topic.id}/feed.xml", m.topic_articles[topic.id],
                                        ed.convert(topic.names[lang])))
        specs.append(PageSpec("entities.html", f"{lang}/entities/index.html", ed, False, dict(entities=m.entities)))
        specs.append(PageSpec("timeline.html", f"{lang}/timeline/index.html", ed, False,
                              dict(events=m.events_in_order)))
        specs.append(PageSpec("search.html", f"{lang}/search/index.html", ed, False, {}))
        specs.append(PageSpec("404.html", f"{lang}/404.html", ed, True, {}))
        specs.append(self.feed_spec(ed, f"{lang}/feed.xml", m.articles, ed.ui["site_name"]))
        return specs

    def feed_spec(self, ed: Edition, path: str, articles: list[Article], title: str) -> PageSpec:
        """A feed, keyed by what it shows: its newest articles (their article keys name all
        of an entry), its title and date; the edition, taxonomy and base URL are in base_key."""
        shown, updated = articles[:FEED_ARTICLES], max((a.date for a in articles if a.date), default="2000-01-01")
        key = digest(self.base_key, "feed", path, title, updated, *(f"{a.slug}={self.article_key(a)}" for a in shown))
        return PageSpec("feed.xml", path, ed, False, dict(articles=shown, feed_title=title, updated=updated), key)

    def render_spec(self, index: int) -> list[tuple[str, str, str | None]]:
        spec = self.page_specs[index]
        return [(spec.path, self.render_html(spec.template, spec.path, spec.edition, spec.absolute, **spec.ctx), spec.key)]

    def render_report(self, kept: Callable[[str, str], bool] | None = None) -> list[tuple[str, str, str | None]]:
        """report.json and the report page. Each input's entry is dumped once (json's C
        encoder: one line per entry) and its two parts of the page (table row, removed
        text) are fragments keyed by that line, so a rebuild renders only changed inputs.
        Both are keyed by report.json's text: `kept(path, key)` (the parent's `reuse`)
        keeps the previous build's files when it is unchanged."""
        path = "report/index.html"
        c, remember = self.corpus, self.store.remember
        by_key = {a.canonical_key: a for a in c.articles}
        # Each entry is made and dumped once per session while what it shows is unchanged
        # (Cache.remember: the report's objects are the cached ones, compared by identity).
        dumped = {
            # (an unchanged input's entry is the same object: build.input_reports remembers it)
            # (one table each, by object identity: ~10k `remember` calls each cost more)
            "inputs": by_identity(self.store, "report-input", c.inputs, lambda r: _dumped(input_entry(r))),
            "articles": by_identity(self.store, "report-article", c.articles, lambda a: _dumped(article_entry(a))),
            "clusters": [remember("report-cluster", cl.canonical, (cl, slug), lambda cl=cl, slug=slug: _dumped(cluster_entry(cl, slug)))
                         for cl in c.clusters for slug in (by_key[cl.canonical].slug if cl.canonical in by_key else None,)],
        }
        report = {"generator": f"digest {__version__}", **{name: [d[0] for d in dumped[name]] for name in REPORT_LISTS},
                  "warnings": c.warnings}
        lines = {name: [d[1] for d in dumped[name]] for name in REPORT_LISTS}
        text = report_text(report, lines)
        key = digest(self.base_key, "report", text)
        out: list[tuple[str, str, str | None]] = [] if kept and kept("report.json", key) else [("report.json", text, key)]
        # each input's fragment keys: its table row, and its removed text when it has some
        entries = [(entry, ("report-row", row), ("report-removals", row) if entry["removals"] else None)
                   for entry, _, row in dumped["inputs"]]
        if kept and kept(path, key):
            self.keep_fragments(path, key, lambda: [k for _, row_key, removed_key in entries for k in (row_key, removed_key) if k])
            return out
        rows, removals = [], []
        for entry, row_key, removed_key in entries:
            rows.append(self.fragments.get(row_key, lambda r=entry: self.render_html("report_row.html", path, None, r=r)))
            if removed_key:
                removals.append(self.fragments.get(removed_key, lambda r=entry: self.render_html(
                    "report_removals.html", path, None, r=r)))
        html = self.render_html("report.html", path, None, report=report, rows=joined(rows), removals=joined(removals))
        return [*out, (path, html, key)]

    def emit_report(self) -> None:
        for path, text, key in self.render_report(kept=self.reuse):
            self.emit(path, text, key)

    def render_sitemap(self) -> None:
        pages = sorted(p for p in self.pages if p.startswith(EDITIONS) and not p.endswith("404.html"))
        # a resident session keeps each page's entry from its previous build (37k at 10k)
        known = self.session.sitemap
        lines = self.session.sitemap = {} if self.store.memory is not None else None
        self.writer.write("sitemap.xml", sitemap_xml(pages, self.base_url, known, lines))


def fragment_key(kind: str, path: str, ed: Edition, *key: str) -> tuple[str, ...]:
    """The key of a fragment of page `path`: the same on every page in its folder."""
    return (kind, ed.lang, path.rsplit("/", 2)[0], *key)


def _article_words(texts: tuple[str, tuple[str, ...]]) -> tuple[list[str], list[str]]:
    from .search import cjk_words

    title, paragraphs = texts
    return cjk_words([title]), cjk_words(paragraphs)


def search_words(corpus: Any, options: Any, store: Cache) -> list[str]:
    """The CJK words of every title, then of every paragraph (the search query map's
    input, in the order `query_map` would meet them), cut per article in the process
    pool and cached: cutting the whole corpus again each build cost seconds per 1k."""
    version = digest(stage_version(("search",)), *dictionary_words(corpus.taxonomy))
    items = [(a.title, tuple(a.paragraphs)) for a in corpus.articles]
    keys = [digest("words", version, title, *paras) for title, paras in items]
    results = cached_map(_article_words, items, keys, store, "words", options)
    cut = [r if isinstance(r, tuple) else _article_words(item) for r, item in zip(results, items, strict=True)]
    return [w for title_words, _ in cut for w in title_words] + [w for _, para_words in cut for w in para_words]


@dataclass
class Computed:
    value: Any


@dataclass
class PageSpec:
    template: str
    path: str
    edition: Edition | None
    absolute: bool
    ctx: dict[str, Any]
    key: str | None = None  # everything the page shows, when known (its file is then kept while unchanged)


def _render_job(job: Any, renderer: Renderer) -> Any:
    kind = job[0]
    if kind == "compute":
        return Computed(renderer.model.compute(job[1]))
    if isinstance(kind, int):
        outputs: list[Any] = renderer.render_article(job)
    elif kind == "page":
        outputs = renderer.render_spec(job[1])
    elif kind == "report":
        outputs = renderer.render_report()
    elif kind == "md":
        outputs = renderer.render_markdown(job)
    else:
        outputs = renderer.render_listing(job)
    if os.getpid() == renderer.pid:
        return outputs
    # From a worker, as bytes: encoded here, in parallel, and written by the parent as
    # they come back. Workers writing their own files was slower: two processes creating
    # files in one tree contend in the filesystem (2-3x the system time on ext4).
    return Rendered([(path, text.encode("utf-8"), key) for path, text, key in outputs], *renderer.fragments.reset(),
                    renderer.hant.take())


TEMPLATE_FILES = ("*.html", "*.xml", "*.yaml")


@lru_cache(maxsize=1)
def render_version() -> str:
    """The renderer's code (and every digest module it imports) plus the templates and
    their i18n strings: a page key names these, so editing either re-renders all pages."""
    files = sorted({p for pattern in TEMPLATE_FILES for p in TEMPLATES.glob(pattern)})
    parts: list[bytes | str] = [stage_version(("render",))]
    for f in files:
        parts += [f.name, f.read_bytes()]
    return digest(*parts)


def conversion_version(tax: Any) -> str:
    """What a zh-hant conversion depends on besides its text: convert.py (and OpenCC
    config it names), the protected names and jieba's user dictionary (the taxonomy)."""
    return digest(stage_version(("convert",)), *protected_names(tax), "\x00", *dictionary_words(tax))


def article_json_ld(article: Article, ed: Edition, base_url: str, topic_names: list[str]) -> dict[str, Any]:
    """schema.org Article data for one page (Jinja's tojson escapes it for <script>)."""
    url = f"{base_url}{ed.lang}/articles/{article.slug}/"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": ed.convert(article.title)[:110],
        "inLanguage": ed.html_lang,
        "url": url,
        "mainEntityOfPage": url,
        "about": topic_names,
        "isPartOf": {"@type": "WebSite", "name": ed.ui["site_name"], "url": f"{base_url}{ed.lang}/"},
    }
    if article.date and not article.date_inferred:
        data["datePublished"] = f"{article.date}T{article.published_time}" if article.published_time else article.date
    if article.author:
        data["author"] = {"@type": "Person", "name": ed.convert(article.author)}
    if article.origin:
        data["publisher"] = {"@type": "Organization", "name": ed.convert(article.origin)}
    return data


def markdown_article(article: Article, convert: Callable[[str], str]) -> str:
    """Cleaned Markdown for grep: YAML front matter, `## heading` per section, a paragraph per line."""
    front = {
        "title": convert(article.title),
        "slug": article.slug,
        "date": _yaml_date(article.date),
        **({"time": article.published_time} if article.published_time and not article.date_inferred else {}),
        "date_inferred": article.date_inferred,
        "topics": list(article.topics),
        "sources": list(article.sources),
        "sections": [{"heading": convert(s.heading), "anchor": s.anchor, "topics": list(s.topics)} for s in article.sections],
    }
    if article.origin:
        front["origin"] = convert(article.origin)
    lines = ["---", frontmatter.dump(front).rstrip("\n"), "---", ""]  # = yaml.safe_dump(front, allow_unicode=True, ...)
    for k, s in enumerate(article.sections):
        # The lead section is headed by the article title, already in the front matter.
        if k > 0 or s.heading != article.title:
            lines.append(f"## {convert(s.heading)}")
            lines.append("")
        if s.paragraphs:  # a heading directly followed by a sub-heading has no body
            lines.extend(convert(_md_escape(p)) for p in s.paragraphs)
            lines.append("")
    return "\n".join(lines)


def _yaml_date(iso: str | None) -> date | str | None:
    """A full date is written as a YAML date (2023-02-13); coarser ones stay ISO strings."""
    if iso and len(iso) == 10:
        return date.fromisoformat(iso)
    return iso


_INLINE_HTML = re.compile(r"<(?=[A-Za-z/!?])")


def _md_escape(text: str) -> str:
    # Scraped text is text: a tag-like "<" anywhere would be raw inline HTML to a Markdown
    # renderer (CommonMark passes `a <script>…</script> b` through), so it is escaped.
    text = _INLINE_HTML.sub(r"\\<", text)
    # A paragraph must stay one paragraph: no line that Markdown reads as a heading,
    # rule, list, code fence or raw HTML block at its start.
    if text[:1] in "#>-*+=|<`~_" or (text[:2].rstrip(".)").isdigit() and text[1:2] in ".)"):
        return "\\" + text
    return text


REPORT_LISTS = ("inputs", "articles", "clusters")


def report_text(report: dict[str, Any], lines: dict[str, list[str]]) -> str:
    """report.json: valid JSON with one line per input, article and cluster (`lines`:
    their compact dumps), so it greps by file name and diffs by input."""
    parts = []
    for name, value in report.items():
        if lines.get(name):
            parts.append(f" {json.dumps(name)}: [\n" + ",\n".join("  " + line for line in lines[name]) + "\n ]")
        else:
            parts.append(f" {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def sitemap_xml(pages: list[str], base_url: str, known: dict[tuple[str, str], str] | None = None,
                lines: dict[tuple[str, str], str] | None = None) -> str:
    """sitemap.xml with both editions of each page as alternates (37k URLs at 10k: a
    string join, not a template loop). `known`: entries made before, by (base URL, page);
    `lines`: where to keep this one's."""
    head = ['<?xml version="1.0" encoding="utf-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n']
    known, base = known or {}, str(escape(base_url))
    body = [known.get((base_url, p)) or sitemap_entry(p, base) for p in pages]
    if lines is not None:
        lines.update(zip(((base_url, p) for p in pages), body, strict=True))
    return "".join([*head, *body, "</urlset>\n"])


def sitemap_entry(p: str, base: str) -> str:
    """One page's <url> entry of sitemap.xml (`base`: the site URL, escaped)."""
    loc = p.replace("index.html", "")
    hans = loc.startswith("zh-hans")
    other = ("zh-hant" if hans else "zh-hans") + loc[7:]
    mine, theirs = ("zh-Hans", "zh-Hant") if hans else ("zh-Hant", "zh-Hans")
    loc, other = escape(loc), escape(other)
    return (f'<url><loc>{base}{loc}</loc><xhtml:link rel="alternate" hreflang="{mine}" href="{base}{loc}"/>'
            f'<xhtml:link rel="alternate" hreflang="{theirs}" href="{base}{other}"/></url>\n')


def report_json(corpus: Any) -> dict[str, Any]:
    by_key = {a.canonical_key: a for a in corpus.articles}
    return {
        "generator": f"digest {__version__}",
        "inputs": [input_entry(r) for r in corpus.inputs],
        "articles": [article_entry(a) for a in corpus.articles],
        "clusters": [cluster_entry(c, by_key[c.canonical].slug if c.canonical in by_key else None) for c in corpus.clusters],
        "warnings": corpus.warnings,
    }


def input_entry(r: Any) -> dict[str, Any]:
    return {
        "path": r.path,
        "encoding": r.encoding,
        "status": r.status,
        "reason": r.reason,
        "article": r.articles[0] if len(r.articles) == 1 else None,
        "articles": r.articles,
        "removed": r.removed,
        "removals": [{"kind": x.kind, "rule": x.rule, "line": x.line, "text": x.text} for x in r.removals],
        "warnings": r.warnings,
    }


def article_entry(a: Article) -> dict[str, Any]:
    return {"slug": a.slug, "title": a.title, "date": a.date, "date_inferred": a.date_inferred, "topics": a.topics, "sources": a.sources}


def cluster_entry(c: Any, slug: str | None) -> dict[str, Any]:
    return {
        "article": slug,
        "canonical": c.canonical,
        "reason": c.reason,
        "members": [
            {"key": m.key, "similarity": round(m.similarity, 4), "containment": round(m.containment, 4), "quality": round(m.quality, 4)}
            for m in c.members
        ],
    }


def _dumped(entry: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """An entry of report.json, its line (json's C encoder) and that line's fragment key."""
    line = json.dumps(entry, ensure_ascii=False)
    return entry, line, text_key(line)


def output_key(out: Path) -> str:
    """The cache key of what is kept per output folder (its page manifest, its search state)."""
    return digest("manifest", str(out.resolve()))


def finish_search(options: Any, store: Cache) -> list[str] | None:
    """The search step a build with `search_later` left to do: index the live site and put
    the index in place (`search.replace_index`). None when nothing was pending, else the
    problems (an empty list when the index is now current)."""
    from .search import index_identity, replace_index

    out = Path(options.out)
    key = output_key(out)
    pending = store.get("search-pending", key)
    # only for the site in place: the build that left it pending swapped its pages in
    if not (isinstance(pending, tuple) and pending[1] == index_identity(out)):
        return None
    problems = replace_index(out)
    if not problems:
        store.put("search", key, (pending[0], index_identity(out)))
        store.put("search-pending", key, None)
    return problems


def _pagefind_version() -> str:
    """The Pagefind that would index: its Python package's version, the binary package's
    (extended or not) and the executable's path (PAGEFIND_BINARY_PATH may name another)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        with contextlib.suppress(PackageNotFoundError):
            parts.append(f"{name}={version(name)}")
    with contextlib.suppress(ImportError):
        from pagefind.service import get_executable

        parts.append(str(get_executable()))
    return " ".join(parts)


def render_site(corpus: Any, options: Any, log: Any = None, store: Cache | None = None) -> WriteStats:
    from .search import build_search_index, index_identity
    from .writer import build_lock

    out = Path(options.out)
    if store is None:
        store = Cache(Path(options.cache) if getattr(options, "cache", None) else None)
    manifest_key = output_key(out)
    with build_lock(out):
        previous = store.get("site", manifest_key) if out.is_dir() else MISSING
        with SiteWriter(out) as writer:
            renderer = Renderer(corpus, options, writer, store, previous if isinstance(previous, dict) else None)
            renderer.render_all()
            renderer.fragments.save(store, renderer.fragments_key, render_version())
            search_key, search_state = None, None
            if options.search:
                words = search_words(corpus, options, store)
                # the index depends on the indexed pages only: kept when none changed since the
                # live index (the one named by its entry file's identity) was built
                search_key = digest("search", render_version(), _pagefind_version(),
                                    *(f"{a.slug}={renderer.article_page_digest(i)}" for i, a in enumerate(renderer.model.articles)))
                live_index = index_identity(out)
                unchanged = live_index is not None and store.get("search", manifest_key) == (search_key, live_index)
                later = getattr(options, "search_later", False)  # a server indexes after the swap
                warning, kept = build_search_index(writer, quiet=getattr(options, "quiet", False), words=words,
                                                   keep_live=unchanged or later)
                search_state = None if warning else "pending" if kept and not unchanged else "current"
                if warning:
                    corpus.warnings.append(warning)
        # after the swap: the manifest and the search state describe the site now in place
        store.put("site", manifest_key, renderer.manifest)
        if options.search:
            live = (search_key, index_identity(out))
            store.put("search", manifest_key, live if search_state == "current" else None)
            store.put("search-pending", manifest_key, live if search_state == "pending" else None)
    return writer.stats
