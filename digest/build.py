"""The build: a readable ordered list of stages, each timed and counted.

config → per-document stages (cached, parallel) → cross-document stages → render →
report. Data flows one way; render never reaches back into the stages.

Per-document stages (normalize, clean, dedup signatures, sections+tags+events per
article) go through `executor.cached_map`: each result is stored in `.cache/` under a key
made of exactly what it depends on (see `digest/cache.py`), so a rebuild after adding or
editing one input recomputes that input and the cheap cross-document stages only.
"""

from __future__ import annotations

import functools
import gc
import inspect
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, overload

from . import dedup, feed, pipeline, sections, tagging, timeline
from .cache import MISSING, Cache, digest, stage_version
from .executor import DEFAULT_BUDGET, StageFailure, cached_map, default_jobs, iter_cached
from .identity import by_identity
from .ingest import Listing, Rejection, orphaned_sidecars, read_inputs
from .model import Article, Cluster, Draft, Event, InputReport, RawDoc, Removal
from .pipeline import (
    CHROME_LINE_MAX,
    Extracted,
    LineSignals,
    Prepared,
    common_shapes,
    extract,
    line_signals,
    prepare,
    removal_counts,
    warm_rules,
)
from .progress import StageBar, wants_bar
from .slug import make_slug, sanitize, unique_slugs
from .split import shape
from .taxonomy import Taxonomy, dictionary_words, load_taxonomy

T = TypeVar("T")


@dataclass
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("site")
    taxonomy: Path = Path("taxonomy.yaml")
    strict: bool = False
    jobs: int = field(default_factory=default_jobs)
    cache: Path | None = Path(".cache")  # None: no cache, everything recomputed
    search: bool = True
    # keep the live search index when pages changed and leave indexing to the caller
    # (render.finish_search): a server reloads the browser first (`make serve`)
    search_later: bool = False
    base_url: str = "/"
    quiet: bool = False
    time_budget: float | None = DEFAULT_BUDGET  # per document and stage; None: unlimited
    progress: bool | None = None  # None: a bar when stderr is a terminal


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
    # slug -> cache key of the article stage: names everything the article was made
    # from, so the renderer keys its pages by it instead of hashing the article again
    article_keys: dict[str, str] = field(default_factory=dict)


@dataclass
class StageLog:
    quiet: bool = False
    progress: bool | None = None
    timings: list[tuple[str, float, str]] = field(default_factory=list)
    bar: StageBar = field(default_factory=lambda: StageBar(False))
    # A resident session frees each stage's garbage cycles before freezing what is left:
    # frozen, the page contexts of the render stage (Jinja macros hold their context, which
    # holds the renderer, the site model and the corpus) kept ~200 MB per build at 10k
    # until the session's next full collection.
    collect: bool = False
    # False: no per-stage collection nor freeze (a resident session's small rebuild, see
    # Session.build: it collects what the build left once, in its idle time)
    freeze: bool = True

    def run(self, name: str, fn: Callable[[], Any], summary: Callable[[Any], str], total: int | None = None) -> Any:
        self.bar = StageBar(wants_bar(self.quiet, self.progress))
        self.bar.start(name, total)
        start = time.perf_counter()
        try:
            result = fn()
        finally:
            self.bar.stop()
        # What a stage made and kept (decoded inputs, cache entries: ~1 GB of objects at
        # 10k) is taken out of the cyclic collector's sight: otherwise every full
        # collection later in the build walks all of it again (3 s of a 9 s add-one
        # rebuild at 10k). `run` gives them back at its end.
        if self.freeze:
            if self.collect:
                gc.collect()  # only what this stage made: the rest is frozen already
            gc.freeze()
        seconds = time.perf_counter() - start
        line = summary(result)
        self.timings.append((name, seconds, line))
        if not self.quiet:
            print(f"[{name:<9}] {line} ({seconds:.2f}s)", file=sys.stderr)
        return result

    def advance(self, n: int = 1) -> None:
        self.bar.advance(n)

    def seconds(self) -> dict[str, float]:
        return {name: round(secs, 3) for name, secs, _ in self.timings}


# ------------------------------------------------------------------ cache keys
# Each key names the code (stage_version: modules + the rule files they read), the
# input and any cross-document signal the result depends on, and nothing else.

# prepare() lives in pipeline.py beside extract(), but it only calls decoding and
# normalization: versioning it by the whole pipeline would make a spam-rule edit redo
# decoding. So its version is those modules plus its own source.
PREPARE_CODE = ("ingest", "normalize", "split", "model")
EXTRACT_CODE = ("pipeline",)
LINES_CODE = ("pipeline",)  # line_signals (with clean.is_body) and split.shape
ARTICLE_CODE = ("sections", "tagging", "timeline", "taxonomy", "model")
MERGE_CODE = ("dedup",)  # merge_cluster repairs against mirrors with clean.py: the whole closure


@functools.cache
def prepare_version() -> str:
    from importlib.metadata import version as package_version

    # a feed file is read by feed.py (and feedparser) inside prepare: their code and version
    # count, not the rule files markup.py's closure names (a spam-rule edit redoes no decoding)
    return digest(stage_version(PREPARE_CODE), inspect.getsource(prepare), inspect.getsource(Prepared),
                  inspect.getsource(feed), inspect.getsource(pipeline._prepare_feed), package_version("feedparser"))


@functools.cache
def article_version() -> str:
    return digest(stage_version(ARTICLE_CODE), inspect.getsource(analyse_article), inspect.getsource(ArticleJob))


def prepare_key(raw: RawDoc) -> str:
    return digest("prepare", prepare_version(), raw.path, raw.data, repr(raw.sidecar), raw.sidecar_path or "")


def extract_key(prep_key: str, shapes: frozenset[str], common: frozenset[str], jieba_words: str) -> str:
    # Only the common-line shapes this input contains (`shapes`: LineFacts.shapes) can
    # change its cleaning (clean tests `shape(line) in common` per line), so an unrelated
    # new input leaves it cached. Titles derived from content use jieba, hence the
    # taxonomy's dictionary words.
    mine = sorted(shapes & common)
    return digest("extract", stage_version(EXTRACT_CODE), prep_key, "\n".join(mine), jieba_words)


@dataclass(frozen=True)
class LineFacts:
    """What the cross-document steps read of one prepared input, cached with it: its
    `line_signals` for common_lines and the shapes of all its lines for extract_key
    (computing them for 10k inputs cost a warm CLI build ~2 s)."""

    signals: LineSignals
    shapes: frozenset[str]


def line_facts(prep: Prepared) -> LineFacts:
    # common_lines keeps shapes of lines of at most CHROME_LINE_MAX characters, and a
    # shape is never longer than its line: longer shapes can never be common
    return LineFacts(line_signals(prep), frozenset(sh for ln in prep.lines if len(sh := shape(ln.text)) <= CHROME_LINE_MAX))


@dataclass(frozen=True)
class PreparedHead:
    """What the build reads of a prepared input besides its lines, cached on its own
    ("head"): a warm build whose later stages are cached never loads the lines."""

    path: str
    encoding: str


def prepared_heads(docs: list[RawDoc], keys: list[str], store: Cache, options: BuildOptions,
                   progress: Callable[[int], None], facts: dict[int, LineFacts] | None = None,
                   ) -> tuple[list[PreparedHead | Rejection], dict[int, Prepared]]:
    """The normalize stage: each input's head (or why it cannot be decoded), and the
    inputs it had to prepare (or load) because their head was not cached, by index.
    `facts`: filled with the `line_facts` of each input prepared here, made in this
    process as the workers hand the inputs back (a cold build: while they prepare the
    next ones, instead of all after the pool while both workers are gone)."""
    heads: list[Any] = store.get_many("head", keys)
    todo = [i for i, h in enumerate(heads) if h is MISSING]
    progress(len(docs) - len(todo))
    loaded: dict[int, Prepared] = {}
    # Many inputs to decode (a cold build): while the workers do, this process reads and
    # compiles what the later stages' workers need (rule files, jieba's IDF table, the
    # dedup converters), so that they fork with it instead of each making it again
    warm = warm_workers if len(todo) >= WARM_MIN_INPUTS else None
    made = iter_cached(prepare, [docs[i] for i in todo], [keys[i] for i in todo], store, "prepare", options, progress=progress,
                       meanwhile=warm)
    for n, p in made:
        i = todo[n]
        if isinstance(p, Prepared):
            loaded[i], heads[i] = p, PreparedHead(p.path, p.encoding)
            if facts is not None:
                facts[i] = line_facts(p)
        else:
            heads[i] = p  # a Rejection, or a StageFailure (never cached: retried next build)
        if not isinstance(p, StageFailure):
            store.put("head", keys[i], heads[i])
    return heads, loaded


# Below this many inputs to decode, the cleaning stage is not worth warming for (an add-one
# build cleans one input: warm_rules would cost it ~0.3 s for one document).
WARM_MIN_INPUTS = 64


def warm_workers() -> None:
    """What every worker of the clean and dedup stages would otherwise make for itself
    (pools fork per stage, each worker from this process): the compiled rules and the
    title deriver's IDF table (warm_rules), and the dedup stage's OpenCC converters.
    Only time is saved: memos hold answers, never change them."""
    warm_rules()
    for config in ("t2s", "s2twp"):
        dedup._converter(config)


class LazyPrepared(Sequence[Prepared]):
    """The prepared inputs of a build, each loaded from the cache (or made) only when a
    stage that missed the cache asks for it: a warm 10k build unpickled and checked 10k
    inputs' lines (~0.75 s) that no stage read."""

    def __init__(self, docs: list[RawDoc], keys: list[str], store: Cache, options: BuildOptions,
                 loaded: dict[int, Prepared]) -> None:
        self.docs, self.keys, self.store, self.options, self.loaded = docs, keys, store, options, loaded

    def __len__(self) -> int:
        return len(self.docs)

    @overload
    def __getitem__(self, i: int) -> Prepared: ...
    @overload
    def __getitem__(self, i: slice) -> list[Prepared]: ...

    def __getitem__(self, i: int | slice) -> Prepared | list[Prepared]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        found = self.loaded.get(i)
        if found is None:
            found = self.loaded[i] = cached_map(prepare, [self.docs[i]], [self.keys[i]], self.store, "prepare", self.options)[0]
        return found


class Subset(Sequence[T]):
    """The items of `seq` at `indices`, taken from it only when asked for (LazyPrepared
    loads an input then)."""

    def __init__(self, seq: Sequence[T], indices: list[int]) -> None:
        self.seq, self.indices = seq, indices

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self.seq[j] for j in self.indices[i]]
        return self.seq[self.indices[i]]


def signature_key(draft: Draft, settings: dedup.DedupSettings) -> str:
    # the signing functions' own source, not the dedup module's closure (which holds
    # clean.py): a cleaner edit must not make every draft be signed again
    return digest("signature", _signing_version(), repr(settings), draft.text)


@functools.cache
def _signing_version() -> str:
    return digest(dedup.signing_source())  # once, not its ~5 KB per draft


def article_key(job: ArticleJob, taxonomy_key: str, store: Cache | None = None) -> str:
    # repr, not pickle: pickle's bytes depend on which equal strings are the same object
    # (memo references), which differs between a cold build and one fed from the cache.
    # taxonomy_key: a digest of taxonomy.yaml (hashing its 30 KB per article cost 0.2 s at 10k)
    return digest("article", article_version(), taxonomy_key, job_repr(job, store or Cache(None)))


def job_repr(job: ArticleJob, store: Cache) -> str:
    """`repr(job)`, with the draft's repr remembered in a resident session (the draft
    is a shared cache value; its repr is most of the cost)."""
    draft = store.derived("repr", job.draft, repr)
    return (f"{type(job).__qualname__}(slug={job.slug!r}, draft={draft}, sources={job.sources!r}, "
            f"canonical_key={job.canonical_key!r})")


# ------------------------------------------------------------------ stages


@dataclass
class ArticleJob:
    """One cluster's merged draft with its final slug: the unit of per-article work."""

    slug: str
    draft: Draft
    sources: list[str]
    canonical_key: str

    @property
    def path(self) -> str:  # for failure reports
        return self.draft.source


@dataclass
class Analysed:
    article: Article
    events: list[Event]


def analyse_article(job: ArticleJob, tax: Taxonomy) -> Analysed:
    """Sections, tags, entities, inferred date and dated events of one article (pure)."""
    draft = job.draft
    secs = sections.split_sections(draft.title or job.slug, draft.paragraphs)
    tagging.tag_sections(secs, tax)
    article = Article(
        slug=job.slug,
        title=draft.title or job.slug,
        sources=job.sources,
        sections=secs,
        date=draft.date,
        date_precision=draft.date_precision,
        topics=tagging.article_topics(secs),
        origin=draft.origin,
        author=draft.author,
        canonical_key=job.canonical_key,
        script=draft.script,
        published_time=draft.published_time if draft.date else None,
    )
    article.entities = sorted({e for s in secs for e in s.entities})
    if article.date is None:
        iso, precision = timeline.infer_article_date(article)
        if iso:
            article.date, article.date_precision, article.date_inferred = iso, precision, True  # type: ignore[assignment]
    return Analysed(article, timeline.extract_events(article))


def assemble(options: BuildOptions, log: StageLog, store: Cache | None = None, listing: Listing | None = None) -> Corpus:
    store = store or Cache(None)
    taxonomy_bytes = Path(options.taxonomy).read_bytes()
    tax: Taxonomy = log.run(
        "taxonomy", lambda: taxonomy_once(options.taxonomy, taxonomy_bytes), lambda t: f"{len(t.topics)} topics, {len(t.entities)} entities"
    )
    jieba_words = digest(*dictionary_words(tax))
    prefix = display_prefix(options.content)
    docs, rejected, warnings = log.run(
        "ingest", lambda: read_inputs(options.content, prefix, remember=store.remember, listing=listing),
        lambda r: f"{len(r[0])} inputs read, {len(r[1])} not readable"
    )
    # a resident session's unchanged inputs are the same RawDoc objects (read_inputs): keyed once
    prep_keys = [store.derived("prepare-key", d, prepare_key) for d in docs]
    made_facts: dict[int, LineFacts] = {}
    heads, loaded = log.run(
        "normalize",
        lambda: prepared_heads(docs, prep_keys, store, options, log.advance, made_facts),
        lambda r: f"{sum(isinstance(h, PreparedHead) for h in r[0])} decoded, {sum(isinstance(h, Rejection) for h in r[0])} rejected",
        total=len(docs),
    )
    ok = [i for i, h in enumerate(heads) if isinstance(h, PreparedHead)]
    decoded = [heads[i] for i in ok]
    decode_rejections = [h for h in heads if isinstance(h, Rejection)]
    rejected += decode_rejections
    # A sidecar beside an input that turned out undecodable has nothing to describe.
    rejected += orphaned_sidecars(docs, decode_rejections)
    ok_keys = [prep_keys[i] for i in ok]
    prepared = LazyPrepared([docs[i] for i in ok], ok_keys, store, options, {j: loaded[i] for j, i in enumerate(ok) if i in loaded})
    lines_version = stage_version(LINES_CODE)
    # (a resident session makes each key once while its inputs are the same: 2 x 10k digests per build)
    facts_keys = [store.remember("lines-key", k, (k, lines_version), lambda k=k: digest("lines", lines_version, k)) for k in ok_keys]
    # in this process: shipping 10k prepared inputs to workers costs more than the facts
    # (those of the inputs prepared by this build were made as they came back)
    here = replace(options, jobs=1)
    facts: list[Any] = [made_facts.get(i) for i in ok]
    for j, f in enumerate(facts):
        if f is not None:
            store.put("lines", facts_keys[j], f)
    rest = [j for j, f in enumerate(facts) if f is None]
    for j, f in zip(rest, cached_map(line_facts, Subset(prepared, rest), [facts_keys[j] for j in rest], store, "lines", here),
                    strict=True):
        facts[j] = f if isinstance(f, LineFacts) else line_facts(prepared[j])  # a failure: again here, so it surfaces
    common = common_shapes([f.signals for f in facts])
    # the previous build's object while equal, so that the per-input keys below compare it by identity
    common = store.remember("common-shapes", None, (common,), lambda: common)
    ext_keys = [store.remember("extract-key", k, (k, f.shapes, common, jieba_words),
                               functools.partial(extract_key, k, f.shapes, common, jieba_words))
                for k, f in zip(ok_keys, facts, strict=True)]
    extracted, failed = cached_stage(
        log, "clean", extract, prepared, ext_keys, store, "extract", options, common, Extracted,
        lambda r: f"{sum(len(e.drafts) for e in r if isinstance(e, Extracted))} articles found, "
        f"{sum(len(d.removals) for e in r if isinstance(e, Extracted) for d in e.drafts)} removals",
    )
    rejected += failed
    for e in extracted:
        warnings.extend(e.warnings)
    drafts = {d.key: d for e in extracted for d in e.drafts}
    clusters, merged = log.run(
        "dedup", lambda: dedup_and_merge(drafts, store, options, log, warnings),
        lambda r: f"{len(r[0])} clusters of {len(drafts)} drafts", total=len(drafts),
    )
    jobs = make_jobs(clusters, drafts, store, merged)
    taxonomy_key = digest("taxonomy", taxonomy_bytes)
    # a resident session keys each unchanged job once (its draft is the cached object)
    art_keys = [store.remember("article-key", j.slug, (taxonomy_key, j.draft, *j.sources, None, j.canonical_key),
                               functools.partial(article_key, j, taxonomy_key, store)) for j in jobs]
    analysed, failed = cached_stage(
        log, "sections", analyse_article, jobs, art_keys, store, "article", options, tax, Analysed,
        lambda r: f"{sum(isinstance(a, Analysed) for a in r)} articles, "
        f"{sum(len(a.article.sections) for a in r if isinstance(a, Analysed))} sections",
    )
    rejected += failed
    articles = sorted((a.article for a in analysed), key=lambda a: (a.date or "", a.slug), reverse=True)
    events = log.run("timeline", lambda: merged_events(analysed, store), lambda ev: f"{len(ev)} events")
    inputs = input_reports(docs, decoded, rejected, extracted, clusters, drafts, articles, repaired_removals(clusters, jobs),
                           remember=store.remember)
    done = {a.article.slug for a in analysed}
    keys_by_slug = {j.slug: k for j, k in zip(jobs, art_keys, strict=True) if j.slug in done}
    return Corpus(articles, events, clusters, inputs, tax, drafts, warnings, keys_by_slug)


def merged_events(analysed: list[Analysed], store: Cache) -> list[Event]:
    """The timeline stage: every article's events merged, each date bucket's grouping
    kept in ONE cache entry (a table by bucket hash, like `qualities`)."""
    key = digest("groups", stage_version(("timeline",)))
    known = store.get("groups", key)
    table: dict[str, timeline.Groups] = {}
    events = timeline.merge_events((e for a in analysed for e in a.events), known if isinstance(known, dict) else None, table)
    if table != known:
        store.put("groups", key, table)  # this build's buckets only
    return events


# One Taxonomy object per taxonomy file content and process. jieba.add_word adds to the
# dictionary's total frequency on every call, and tokenization depends on that total, so
# loading the user dictionary a second time changes how text is cut. tagging loads it once
# per Taxonomy object; reusing the object (and loading it here, before workers fork) makes
# every process — parent or worker, cold or cached, first build or tenth in `make serve` —
# tokenize with the same dictionary state.
_TAXONOMIES: dict[tuple[str, bytes], Taxonomy] = {}


def taxonomy_once(path: Path, data: bytes) -> Taxonomy:
    key = (str(Path(path).resolve()), data)
    if key not in _TAXONOMIES:
        tax = load_taxonomy(path)
        tagging.count_terms("", tax)  # builds tagging's index, which loads jieba's user dictionary
        _TAXONOMIES[key] = tax
    return _TAXONOMIES[key]


def dedup_and_merge(drafts: dict[str, Draft], store: Cache, options: BuildOptions, log: StageLog,
                    warnings: list[str]) -> tuple[list[Cluster], list[Draft]]:
    """The dedup stage: clusters of mirrors, and each cluster's merged draft."""
    clusters = cluster(list(drafts.values()), store, options, log)
    return clusters, merged_drafts(clusters, drafts, store, options, warnings, meanwhile=lambda: early_slugs(clusters, drafts, store))


def cluster(drafts: list[Draft], store: Cache, options: BuildOptions, log: StageLog) -> list[Cluster]:
    """Dedup from per-draft MinHash signatures cached by draft text: an add-one rebuild
    signs only the new draft, then bands and verifies in memory."""
    settings = dedup.DEFAULT_SETTINGS
    # each draft's signature key and fingerprint: a resident session makes them once per
    # (shared) draft, not its ~4 KB text per build (identity.by_identity)
    keyed = by_identity(store, f"signature-key {settings!r}", drafts, functools.partial(_signature_keys, settings=settings))
    keys = [k for k, _ in keyed]
    prints = {d.key: fp for d, (_, fp) in zip(drafts, keyed, strict=True)}
    # the drafts' standalone qualities are scored here while the workers sign (a cold build)
    scored: list[dict[str, float]] = []
    sigs = cached_map(dedup.signature_of, drafts, keys, store, "signature", options, settings, progress=log.advance,
                      meanwhile=lambda: scored.append(qualities(drafts, prints, store)))
    # a draft whose signing failed is signed again inside cluster_drafts (and fails loudly there)
    given = {d.key: s for d, s in zip(drafts, sigs, strict=True) if isinstance(s, dedup.Signature)}
    memo_key = digest("clusters", stage_version(MERGE_CODE), repr(settings))
    memo = store.get("clusters", memo_key)
    memo = memo if isinstance(memo, dict) else {}
    size = len(memo)
    out = dedup.cluster_drafts(drafts, settings, sigs=given, qualities=scored[0] if scored else qualities(drafts, prints, store),
                               memo=memo, fingerprints=prints,
                               kept=store.remember("dedup-kept", repr(settings), (), dict))  # the same dict all session
    if len(memo) != size:
        live = {c.canonical for c in out}  # keep the clusters of this build only
        store.put("clusters", memo_key, {k: c for k, c in memo.items() if c.canonical in live})
    return out


def _signature_keys(d: Draft, settings: dedup.DedupSettings) -> tuple[str, str]:
    """A draft's signature key and its fingerprint (made from that key)."""
    k = signature_key(d, settings)
    return k, fingerprint(d, k)


def fingerprint(d: Draft, sig_key: str) -> str:
    """What dedup's scoring reads of a draft: sig_key names its text and the signing
    settings; the rest is what quality_score reads besides the text."""
    return digest(sig_key, d.key, repr((d.title, d.title_derived, d.script, d.date, d.origin, d.author)),
                  ",".join(r.kind for r in d.removals))


def qualities(drafts: list[Draft], prints: dict[str, str], store: Cache) -> dict[str, float]:
    """Standalone quality of every draft (draft key -> score), kept in ONE cache entry
    (a table by fingerprint): 9,100 single-copy clusters at 10k cost 3 s to score and
    would cost ~1 s to read back as one entry each; an add-one scores one draft."""
    version = digest("quality", dedup.quality_source())
    table = store.get("quality", version)
    table = table if isinstance(table, dict) else {}
    fresh: dict[str, float] = {}
    out: dict[str, float] = {}
    for d in drafts:
        fp = prints[d.key]
        q = table.get(fp)
        if q is None:
            q = dedup.quality_score(d)
        fresh[fp] = out[d.key] = q
    if fresh != table:
        store.put("quality", version, fresh)
    return out


def cached_stage(log: StageLog, name: str, fn: Callable[..., T], items: list[Any], keys: list[str], store: Cache,
                 namespace: str, options: BuildOptions, shared: Any, kind: type[T],
                 summary: Callable[[list[Any]], str]) -> tuple[list[T], list[StageFailure]]:
    """One cached per-document stage under the build log (bar, timing, summary line): the
    documents it produced, and those it could not process."""
    results = log.run(name, lambda: cached_map(fn, items, keys, store, namespace, options, shared, progress=log.advance),
                      summary, total=len(items))
    return split_failures(results, kind)


def split_failures(results: list[Any], kind: type[T]) -> tuple[list[T], list[StageFailure]]:
    """A cached per-document stage's results: the documents it produced, and those it could
    not process (reported as rejected inputs instead of stopping the build)."""
    return [r for r in results if isinstance(r, kind)], [r for r in results if isinstance(r, StageFailure)]


def display_prefix(content: Path) -> str:
    """How input paths appear in the report and front matter: relative to the working
    directory when the content folder is inside it (content/seeds/x.txt), else as given."""
    resolved = content.resolve()
    cwd = Path.cwd().resolve()
    if resolved.is_relative_to(cwd):
        return resolved.relative_to(cwd).as_posix()
    return content.as_posix().rstrip("/")


def merge_key(cluster: Cluster, drafts: dict[str, Draft], store: Cache) -> str:
    return digest("merge", stage_version(MERGE_CODE), repr(cluster), *(store.derived("repr", drafts[m.key], repr) for m in cluster.members))


def merge_job(item: tuple[Cluster, dict[str, Draft]]) -> Draft:
    """A cluster's canonical draft repaired and completed from its mirrors (pure: runs in
    a worker). The drafts given are not changed: `merge_cluster` appends its mirror repairs
    to the canonical draft's removals, so it works on a copy of that draft. (The drafts
    are cache values, which a resident session hands to the next build; the report takes
    the repairs from the merged draft, see `repaired_removals`.)"""
    cluster, own = item
    canon = own[cluster.canonical]
    return dedup.merge_cluster(cluster, own | {cluster.canonical: replace(canon, removals=list(canon.removals))})


def merged_drafts(clusters: list[Cluster], drafts: dict[str, Draft], store: Cache, options: Any = None,
                  warnings: list[str] | None = None, meanwhile: Callable[[], None] | None = None) -> list[Draft]:
    """Each cluster's draft: merged from its mirrors (in the process pool, cached by the
    cluster and its members' drafts: merging re-aligns every mirror, 8 s at 10k), or the
    one draft of a single-member cluster. A merge that fails keeps the canonical draft as
    it was, with a warning."""
    multi = [c for c in clusters if len(c.members) > 1]
    keys = [merge_key(c, drafts, store) for c in multi]
    items = [(c, {m.key: drafts[m.key] for m in c.members}) for c in multi]
    results = cached_map(merge_job, items, keys, store, "merge", options or BuildOptions(jobs=1), meanwhile=meanwhile)
    merged: dict[int, Draft] = {}  # id of a cluster -> its merged draft; the others keep their canonical one
    for c, result in zip(multi, results, strict=True):
        if isinstance(result, Draft):
            merged[id(c)] = result
        elif warnings is not None:
            warnings.append(f"{c.canonical}: merging its {len(c.members)} mirrors failed ({result.reason}); kept as it is")
    return [merged.get(id(c)) or drafts[c.canonical] for c in clusters]


def repaired_removals(clusters: list[Cluster], jobs: list[ArticleJob]) -> dict[str, list[Removal]]:
    """Draft key -> its removals including the mirror repairs of its cluster's merge (the
    merged draft's removals), for every canonical draft of a cluster with mirrors."""
    return {c.canonical: j.draft.removals for c, j in zip(clusters, jobs, strict=True) if len(c.members) > 1}


def make_jobs(clusters: list[Cluster], drafts: dict[str, Draft], store: Cache | None = None,
              merged: list[Draft] | None = None) -> list[ArticleJob]:
    store = store or Cache(None)
    if merged is None:
        merged = merged_drafts(clusters, drafts, store)
    slug_of = title_slugs([m.title or m.key for m in merged if not m.slug_hint], store)
    wanted = [sanitize(m.slug_hint) if m.slug_hint else slug_of[m.title or m.key] for m in merged]
    slugs = unique_slugs(wanted)
    # a draft's source is its key's path (Draft.key): a cluster's sources follow from its
    # member keys alone, so a resident session lists them once per (kept) cluster object
    sources = by_identity(store, "job-sources", clusters, functools.partial(_sources, drafts=drafts))
    return [ArticleJob(slug, draft, srcs, c.canonical) for c, draft, slug, srcs in zip(clusters, merged, slugs, sources, strict=True)]


# Slugs of titles made while the merge workers run (early_slugs): title -> slug, for
# title_slugs, which empties it.
_EARLY_SLUGS: dict[str, str] = {}


def early_slugs(clusters: list[Cluster], drafts: dict[str, Draft], store: Cache) -> None:
    """The slug of each cluster's canonical title that the slug table does not hold,
    made while the merge workers run (a merge seldom changes the title: title_slugs
    makes any other one itself). make_slug is a function of the title alone."""
    table = store.get("slugs", _slugs_version())
    table = table if isinstance(table, dict) else {}
    _EARLY_SLUGS.clear()
    for c in clusters:
        d = drafts[c.canonical]
        t = d.title or d.key
        if not d.slug_hint and t not in table and t not in _EARLY_SLUGS:
            _EARLY_SLUGS[t] = make_slug(t)


def _slugs_version() -> str:
    from importlib.metadata import version as package_version

    # the installed pypinyin's version, read without importing it (0.3 s): a warm build
    # takes every slug from this table
    return digest("slugs", stage_version(("slug",)), package_version("pypinyin"))


def title_slugs(titles: list[str], store: Cache) -> dict[str, str]:
    """make_slug of each title, through ONE cache entry (title -> slug): pinyin of 9,100
    titles costs ~1 s at 10k, and an add-one build has one new title."""
    version = _slugs_version()
    table = store.get("slugs", version)
    table = table if isinstance(table, dict) else {}
    early = _EARLY_SLUGS.copy()
    _EARLY_SLUGS.clear()
    out = {t: table.get(t) or early.get(t) or make_slug(t) for t in titles}
    if out != table:
        store.put("slugs", version, out)
    return out


def make_articles(clusters: list[Cluster], drafts: dict[str, Draft], tax: Taxonomy) -> list[Article]:
    """Sequential, uncached form of the sections stage (tools and tests use it)."""
    articles = [analyse_article(job, tax).article for job in make_jobs(clusters, drafts)]
    return sorted(articles, key=lambda a: (a.date or "", a.slug), reverse=True)


def _sources(cluster: Cluster, drafts: dict[str, Draft]) -> list[str]:
    ordered = [cluster.canonical] + [m.key for m in cluster.members if m.key != cluster.canonical]
    return list(dict.fromkeys(drafts[k].source for k in ordered))


def make_events(articles: list[Article]) -> list[Event]:
    return timeline.merge_events(e for a in articles for e in timeline.extract_events(a))


def input_reports(docs, decoded, rejected, extracted, clusters, drafts, articles, repaired=None,
                  remember: Callable[..., Any] | None = None) -> list[InputReport]:
    """Each input's entry of the report. `remember` (a resident session's
    Cache.remember): an entry is made again only when what it is made from changed."""
    slug_of_key = {}
    for cluster_, article in _cluster_articles(clusters, articles):
        for m in cluster_.members:
            slug_of_key[m.key] = article.slug
    canonical_keys = {c.canonical for c in clusters}
    enc = {p.path: p.encoding for p in decoded}
    reports: dict[str, InputReport] = {}
    repaired = repaired or {}
    for e in extracted:
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
        shown = [repaired.get(d.key, d.removals) for d in e.drafts]
        make = functools.partial(_input_report, e, enc.get(e.path), status, reason, slugs, shown)
        reports[e.path] = make() if remember is None else remember(
            "input-report", e.path, (e, enc.get(e.path), status, reason, *slugs, None, *shown), make)
    for r in rejected:
        if r.path in reports and not isinstance(r, StageFailure):
            continue
        reports[r.path] = InputReport(r.path, r.encoding or enc.get(r.path), r.status, r.reason)  # type: ignore[arg-type]
    return [reports[k] for k in sorted(reports)]


def _input_report(e: Extracted, encoding: str | None, status: str, reason: str, slugs: list[str],
                  shown: list[list[Removal]]) -> InputReport:
    removals = list(e.removals) + [r for rs in shown for r in rs]
    return InputReport(e.path, encoding, status, reason, slugs, removal_counts(removals), removals, list(e.warnings))  # type: ignore[arg-type]


def _cluster_articles(clusters: list[Cluster], articles: list[Article]):
    by_key = {a.canonical_key: a for a in articles}
    for c in clusters:
        if c.canonical in by_key:
            yield c, by_key[c.canonical]


def run(options: BuildOptions, store: Cache | None = None, keep_frozen: bool = False, listing: Listing | None = None,
        freeze: bool = True) -> int:
    """Build the site. Returns the process exit code (see README: exit codes).

    `store`: the cache to use (a resident session passes its in-memory one); by default
    the options' cache folder. Objects frozen out of the cyclic GC after each stage are
    unfrozen at the end unless `keep_frozen` (a resident session, see Session.build);
    `freeze=False`: no stage freezes (nor collects) what it made (ibid.).
    `listing`: a resident session's listing of the content folder (ingest.Listing)."""
    try:
        return _run(options, store, collect=keep_frozen, listing=listing, freeze=freeze)
    finally:
        if not keep_frozen:
            gc.unfreeze()


def _run(options: BuildOptions, store: Cache | None, collect: bool = False, listing: Listing | None = None,
         freeze: bool = True) -> int:
    from .render import render_site
    from .report import print_summary

    log = StageLog(quiet=options.quiet, progress=options.progress, collect=collect, freeze=freeze)
    if store is None:
        store = Cache(Path(options.cache) if options.cache else None)
    use_jieba_cache(store)
    corpus = assemble(options, log, store, listing)
    stats = log.run("render", lambda: render_site(corpus, options, log, store),
                    lambda s: f"{s.written} files written, {s.unchanged} unchanged")
    print_summary(corpus, stats, log, quiet=options.quiet)
    if not options.quiet:
        per_stage = ", ".join(f"{name} {secs:.2f}" for name, secs, _ in log.timings)
        print(f"seconds per stage: {per_stage}; {store.summary()}", file=sys.stderr)
    warnings = corpus.warnings + [r.reason for r in corpus.inputs if r.status in ("rejected", "skipped")]
    if options.strict and warnings:
        print(f"--strict: {len(warnings)} warning(s); exiting 1", file=sys.stderr)
        return 1
    return 0


def use_jieba_cache(store: Cache) -> None:
    """jieba keeps its parsed dictionary in a marshal file (`jieba.cache`, 0.4 s to load
    instead of ~1 s to parse); keep it in the build's cache folder rather than the system
    temp dir, where it is shared with other users and may be cleaned away. The file holds
    the base dictionary only (words added later are not in it), so tokenization is the
    same either way."""
    import jieba

    if store.root is None or jieba.dt.initialized or jieba.dt.tmp_dir:
        return
    try:
        Path(store.root).mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    jieba.dt.tmp_dir = str(Path(store.root).resolve())


GC_EVERY = 20
# A rebuild told at most this many changed paths makes little that lives on: it runs
# with the cyclic collector off (its 8 per-stage full collections and ~1,100 young ones
# were 0.33 s of a 3 s add-one at 10k), and `flush` (idle time, after the browser
# reloaded; the next build calls it first) collects what it left in cycles, freezes the
# rest and turns the collector on again. A larger or untold rebuild (a first build: ~1 GB
# of objects at 10k) collects and freezes stage by stage instead.
IDLE_GC_MAX_CHANGED = 64


class Session:
    """Warm build state of a long-lived process (`make serve`): one build after another of
    the same options, each exactly what `build.py` would write, but

    * modules, the taxonomy and jieba's dictionary stay loaded (`taxonomy_once`);
    * cache entries stay in memory between builds (`Cache(memory=...)`): an add-one
      rebuild reads no entry from disk, and the entries of unchanged stages' values are
      the same objects again (see `cache.SHARED_NAMESPACES`);
    * everything is still written to the cache folder, so a later CLI build is warm; the
      few whole-state entries rewritten by every build (fragments, related rankings) once
      the build has returned (`flush`, which a server calls after the browser reloads).

    Rule files, templates and code are read once per process (lru caches), and jieba's
    dictionary only grows: after an edit of those (or of the taxonomy) the session is not
    valid any more and the caller must start a fresh process (`digest.serve` does).
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.store = Cache(Path(options.cache) if options.cache else None, memory={}, deferred={})
        self.builds = 0
        self.spare_checked = True  # no build yet: nothing for prepare_spare to look at
        # what the last build left for `flush`: its garbage (a small rebuild, see
        # IDLE_GC_MAX_CHANGED) and the cache's end-of-build pruning (Cache.end)
        self.collect_pending = False
        self.end_pending = False
        self.listing = Listing()
        warm_rules()
        make_slug("预热")  # imports pypinyin now, not during the first rebuild (0.3 s of it)

    def build(self, changed: Iterable[Path | str] | None = None) -> int:
        """One build. `changed`: the paths under the content folder a file watcher saw
        change since the previous build (`digest.serve`); only those inputs are looked at
        again. None: the content folder is walked and every input's stamp checked."""
        # What the previous builds left (modules, cache entries: ~1 GB of objects at 10k)
        # stays frozen out of the cyclic collector's sight (`run(keep_frozen=True)`; each
        # stage freezes what it made): otherwise each full collection during a rebuild
        # walks all of it (1.6 s of an add-one rebuild at 10k). Every GC_EVERY builds, a
        # full collection clears what earlier builds left in cycles.
        self.flush()  # what the previous build left to write, if the caller did not
        if self.builds % GC_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        changed = None if changed is None else list(changed)
        small = self.builds % GC_EVERY != 0 and changed is not None and len(changed) <= IDLE_GC_MAX_CHANGED
        self.store.begin()
        if small:
            gc.disable()
        try:
            self.listing.saw(changed)
            return run(self.options, self.store, keep_frozen=True, listing=self.listing, freeze=not small)
        finally:
            # (the collector stays off until `flush`: enabled now, its next young collection
            # would walk everything the build made, here and not in idle time)
            self.collect_pending = self.collect_pending or small
            self.end_pending = True  # Cache.end in `flush`: ~0.15 s at 10k (it walks every entry)
            self.builds += 1
            self.spare_checked = False

    def flush(self, spare: bool = True) -> float:
        """Write the state entries the last build left in memory (the fragments table, the
        related rankings: `cache.DEFERRED_NAMESPACES`), so that a later process starts
        warm, index the cache's pack files (once per session) and link the spare tree the
        next build starts from (`prepare_spare`, once per build; `spare=False` leaves it for
        a later call). A server calls this after telling the browser to reload (`build`
        calls it first when the caller did not); seconds taken."""
        start = time.perf_counter()
        self.idle_cleanup()
        self.store.flush()
        self.store.open_packs()  # idle time: the next rebuild finds every pack indexed
        if spare:
            self.prepare_spare()
        return time.perf_counter() - start

    def __del__(self) -> None:
        # a session dropped between a small rebuild and its `flush` (a test, a script that
        # builds once): the collector the rebuild turned off goes back on
        if getattr(self, "collect_pending", False):
            gc.enable()

    def idle_cleanup(self) -> None:
        """What the last build left to idle time: the cache keeps only the entries it used
        (Cache.end), and a small rebuild's garbage cycles are collected and what lives on
        is frozen (see IDLE_GC_MAX_CHANGED; the collection walks only what that build made)."""
        if self.end_pending:
            self.store.end()
            self.end_pending = False
        if self.collect_pending:
            gc.collect()
            gc.freeze()
            gc.enable()
            self.collect_pending = False

    def prepare_spare(self) -> None:
        """Idle time, too: link the tree the next build starts from (writer.SiteWriter.
        prepare_spare; 37k hard links, ~2 s at 10k) unless the last build left one.
        Skipped while another process builds into the same site; a failure (no hard links
        on this filesystem, a full disk) costs only the speed-up: the half-made spare has
        no journal, so the next build discards it and links its staging folder itself."""
        from .writer import BuildLockedError, SiteWriter, build_lock

        if self.spare_checked:
            return
        out = Path(self.options.out)
        try:
            with build_lock(out):
                SiteWriter(out).prepare_spare()
        except BuildLockedError:
            pass
        except OSError as exc:
            print(f"  warning: no spare tree linked for the next build ({exc})", file=sys.stderr)
        finally:
            self.spare_checked = True
