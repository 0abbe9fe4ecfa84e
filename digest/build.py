"""The build: a readable ordered list of stages, each timed and counted.

config → per-document stages (cached, parallel) → cross-document stages → render →
report. Data flows one way; render never reaches back into the stages.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import dedup, sections, tagging, timeline
from .ingest import Rejection, read_inputs
from .model import Article, Cluster, Draft, Event, InputReport
from .pipeline import Extracted, Prepared, common_lines, extract, prepare, removal_counts
from .slug import make_slug, sanitize, unique_slugs
from .taxonomy import Taxonomy, load_jieba, load_taxonomy


@dataclass
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("site")
    taxonomy: Path = Path("taxonomy.yaml")
    strict: bool = False
    jobs: int = 1
    cache: Path | None = Path(".cache")
    search: bool = True
    base_url: str = "/"
    quiet: bool = False


@dataclass
class Corpus:
    """Everything the renderer needs, built before any page is written."""

    articles: list[Article]
    events: list[Event]
    clusters: list[Cluster]
    inputs: list[InputReport]
    taxonomy: Taxonomy
    drafts: dict[str, Draft] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class StageLog:
    quiet: bool = False
    timings: list[tuple[str, float, str]] = field(default_factory=list)

    def run(self, name: str, fn: Callable[[], object], summary: Callable[[object], str]) -> object:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        line = summary(result)
        self.timings.append((name, seconds, line))
        if not self.quiet:
            print(f"[{name:<9}] {line} ({seconds:.2f}s)", file=sys.stderr)
        return result


def assemble(options: BuildOptions, log: StageLog) -> Corpus:
    tax: Taxonomy = log.run("taxonomy", lambda: load_taxonomy(options.taxonomy), lambda t: f"{len(t.topics)} topics, {len(t.entities)} entities")
    load_jieba(tax)
    prefix = options.content.as_posix().rstrip("/")
    docs, rejected, warnings = log.run(
        "ingest", lambda: read_inputs(options.content, prefix), lambda r: f"{len(r[0])} inputs read, {len(r[1])} not readable"
    )
    from .executor import map_documents

    prepared_all = log.run(
        "normalize",
        lambda: map_documents(prepare, docs, options),
        lambda r: f"{sum(isinstance(p, Prepared) for p in r)} decoded, {sum(isinstance(p, Rejection) for p in r)} rejected",
    )
    prepared = [p for p in prepared_all if isinstance(p, Prepared)]
    rejected += [p for p in prepared_all if isinstance(p, Rejection)]
    common = common_lines(prepared)
    extracted: list[Extracted] = log.run(
        "clean",
        lambda: map_documents(extract, prepared, options, common),
        lambda r: f"{sum(len(e.drafts) for e in r)} articles found, {sum(len(d.removals) for e in r for d in e.drafts)} removals",
    )
    for e in extracted:
        warnings.extend(e.warnings)
    drafts = {d.key: d for e in extracted for d in e.drafts}
    clusters: list[Cluster] = log.run(
        "dedup", lambda: dedup.cluster_drafts(list(drafts.values())), lambda c: f"{len(c)} clusters of {len(drafts)} drafts"
    )
    articles = log.run("sections", lambda: make_articles(clusters, drafts, tax), lambda a: f"{len(a)} articles, {sum(len(x.sections) for x in a)} sections")
    events = log.run("timeline", lambda: make_events(articles), lambda ev: f"{len(ev)} events")
    inputs = input_reports(docs, prepared, rejected, extracted, clusters, drafts, articles)
    return Corpus(articles, events, clusters, inputs, tax, drafts, warnings)


def make_articles(clusters: list[Cluster], drafts: dict[str, Draft], tax: Taxonomy) -> list[Article]:
    merged = [dedup.merge_cluster(c, drafts) if len(c.members) > 1 else drafts[c.canonical] for c in clusters]
    wanted = [sanitize(m.slug_hint) if m.slug_hint else make_slug(m.title or m.key) for m in merged]
    slugs = unique_slugs(wanted)
    articles = []
    for cluster, draft, slug in zip(clusters, merged, slugs, strict=True):
        secs = sections.split_sections(draft.title or slug, draft.paragraphs)
        tagging.tag_sections(secs, tax)
        article = Article(
            slug=slug,
            title=draft.title or slug,
            sources=_sources(cluster, drafts),
            sections=secs,
            date=draft.date,
            date_precision=draft.date_precision,
            topics=tagging.article_topics(secs),
            origin=draft.origin,
            author=draft.author,
            canonical_key=cluster.canonical,
            script=draft.script,
        )
        article.entities = sorted({e for s in secs for e in s.entities})
        if article.date is None:
            iso, precision = timeline.infer_article_date(article)
            if iso:
                article.date, article.date_precision, article.date_inferred = iso, precision, True  # type: ignore[assignment]
        articles.append(article)
    articles.sort(key=lambda a: (a.date or "", a.slug), reverse=True)
    return articles


def _sources(cluster: Cluster, drafts: dict[str, Draft]) -> list[str]:
    ordered = [cluster.canonical] + [m.key for m in cluster.members if m.key != cluster.canonical]
    return list(dict.fromkeys(drafts[k].source for k in ordered))


def make_events(articles: list[Article]) -> list[Event]:
    return timeline.merge_events(e for a in articles for e in timeline.extract_events(a))


def input_reports(docs, prepared, rejected, extracted, clusters, drafts, articles) -> list[InputReport]:
    slug_of_key = {}
    for cluster, article in _cluster_articles(clusters, articles):
        for m in cluster.members:
            slug_of_key[m.key] = article.slug
    canonical_keys = {c.canonical for c in clusters}
    enc = {p.path: p.encoding for p in prepared}
    reports: dict[str, InputReport] = {}
    for e in extracted:
        removals = list(e.removals) + [r for d in e.drafts for r in d.removals]
        keys = [d.key for d in e.drafts]
        slugs = list(dict.fromkeys(slug_of_key[k] for k in keys if k in slug_of_key))
        if not keys:
            status, reason = "rejected", "no article text left after cleaning (only chrome, spam or comments)"
        elif any(k in canonical_keys for k in keys):
            status, reason = "published", ""
            merged = [k for k in keys if k not in canonical_keys]
            if merged:
                reason = f"{len(merged)} of its articles merged into others"
        else:
            status, reason = "merged", "mirror of " + ", ".join(slugs)
        reports[e.path] = InputReport(e.path, enc.get(e.path), status, reason, slugs, removal_counts(removals), removals, list(e.warnings))  # type: ignore[arg-type]
    for r in rejected:
        reports[r.path] = InputReport(r.path, r.encoding, r.status, r.reason)  # type: ignore[arg-type]
    return [reports[k] for k in sorted(reports)]


def _cluster_articles(clusters: list[Cluster], articles: list[Article]):
    by_key = {a.canonical_key: a for a in articles}
    for c in clusters:
        if c.canonical in by_key:
            yield c, by_key[c.canonical]


def run(options: BuildOptions) -> int:
    """Build the site. Returns the process exit code (see README: exit codes)."""
    from .render import render_site
    from .report import print_summary

    log = StageLog(quiet=options.quiet)
    corpus = assemble(options, log)
    stats = log.run("render", lambda: render_site(corpus, options, log), lambda s: f"{s.written} files written, {s.unchanged} unchanged")
    print_summary(corpus, stats, log, quiet=options.quiet)
    warnings = corpus.warnings + [r.reason for r in corpus.inputs if r.status in ("rejected", "skipped")]
    if options.strict and warnings:
        print(f"--strict: {len(warnings)} warning(s); exiting 1", file=sys.stderr)
        return 1
    return 0
