"""Incremental builds: the content-addressed cache recomputes exactly what changed, the
writer leaves untouched pages alone (same bytes, same mtime), corrupt entries are redone."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from digest.build import ARTICLE_CODE, EXTRACT_CODE, PREPARE_CODE, BuildOptions, StageLog, assemble
from digest.cache import MISSING, Cache, rule_files_of, stage_version
from digest.render import render_site

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402

N_DOCS = 20


def write_corpus(folder: Path, files: list[tuple[str, bytes, dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, _ in files:
        (folder / name).write_bytes(data)


def build(content: Path, out: Path, cache: Path, taxonomy: Path = ROOT / "taxonomy.yaml", jobs: int = 1):
    """One in-process build; returns (cache with its hit counts, write stats)."""
    options = BuildOptions(content=content, out=out, taxonomy=taxonomy, cache=cache, jobs=jobs, search=False, quiet=True)
    store = Cache(cache)
    corpus = assemble(options, StageLog(quiet=True), store)
    stats = render_site(corpus, options)
    return store, stats


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, mtime and inode."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (p.read_bytes(), st.st_mtime_ns, st.st_ino)
    return out


def misses(store: Cache, namespace: str) -> int:
    s = store.stats.get(namespace)
    return s.misses if s else 0


def hits(store: Cache, namespace: str) -> int:
    s = store.stats.get(namespace)
    return s.hits if s else 0


@pytest.fixture(scope="module")
def corpus_files() -> list[tuple[str, bytes, dict]]:
    return generate(N_DOCS + 1, seed=7)


@pytest.fixture()
def built(tmp_path: Path, corpus_files) -> dict[str, Path]:
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_corpus(content, corpus_files[:N_DOCS])
    build(content, out, cache)
    return {"content": content, "out": out, "cache": cache, "tmp": tmp_path}


def test_rebuild_without_changes_recomputes_and_writes_nothing(built) -> None:
    before = snapshot(built["out"])
    store, stats = build(built["content"], built["out"], built["cache"])
    for ns in ("head", "extract", "article"):
        assert misses(store, ns) == 0, ns
        assert hits(store, ns) > 0, ns
    # every later stage is cached: no input's lines are loaded (build.LazyPrepared)
    assert "prepare" not in store.stats
    assert stats.written == 0
    assert snapshot(built["out"]) == before  # bytes, mtimes and inodes all unchanged


def test_add_one_input_recomputes_it_and_keeps_untouched_pages(built, corpus_files) -> None:
    before = snapshot(built["out"])
    name, data, _ = corpus_files[N_DOCS]
    (built["content"] / name).write_bytes(data)
    store, stats = build(built["content"], built["out"], built["cache"])
    assert misses(store, "head") == 1 and hits(store, "head") == N_DOCS
    assert misses(store, "prepare") == 1
    assert misses(store, "extract") >= 1
    # an unchanged input's lines are loaded only when its cleaning is redone (common lines changed)
    assert hits(store, "prepare") == misses(store, "extract") - 1
    after = snapshot(built["out"])
    same = [k for k in before if k in after and before[k][0] == after[k][0]]
    changed = [k for k in before if k in after and before[k][0] != after[k][0]]
    assert same, "an added input should leave most pages as they were"
    for rel in same:
        assert after[rel][1:] == before[rel][1:], f"{rel}: same bytes but rewritten (mtime or inode changed)"
    for rel in changed:
        assert after[rel][1:] != before[rel][1:]
    assert stats.written == len(changed) + len(set(after) - set(before))
    assert any(k.startswith("markdown/zh-hans/") for k in set(after) - set(before)), "the new article is published"
    untouched_md = [k for k in same if k.startswith("markdown/")]
    assert len(untouched_md) >= len([k for k in before if k.startswith("markdown/")]) - 2


def test_edit_one_input_recomputes_only_it(built, corpus_files) -> None:
    name, _, truth = corpus_files[0]
    path = built["content"] / name
    text = path.read_bytes().decode(truth["encoding"])
    path.write_bytes((text + "\n编辑后加上的一段新内容，用来检验增量构建只重新处理这一个输入文件。\n").encode(truth["encoding"]))
    store, _ = build(built["content"], built["out"], built["cache"])
    assert misses(store, "head") == 1 and hits(store, "head") == N_DOCS - 1
    assert misses(store, "prepare") == 1
    assert hits(store, "prepare") == misses(store, "extract") - 1


def test_corrupt_or_truncated_entries_are_recomputed(built) -> None:
    from digest.cache import Pack

    reference = {k: v[0] for k, v in snapshot(built["out"]).items()}
    path = built["cache"] / "extract.pack"  # the per-document stages' entries: one pack per stage
    pack = Pack(str(path))
    records = sorted(pack.index.values())
    pack.close()
    data = bytearray(path.read_bytes())
    for offset, length, _ in records[:2]:
        data[offset + length // 2] ^= 0xFF  # one flipped bit in two entries' payloads
    path.write_bytes(bytes(data))
    store, _ = build(built["content"], built["out"], built["cache"])
    assert store.stats["extract"].corrupt == 2
    assert misses(store, "extract") == 2
    assert hits(store, "prepare") == 2  # the two inputs cleaned again are loaded, no other
    assert {k: v[0] for k, v in snapshot(built["out"]).items()} == reference

    # a record cut off at the end (a writer killed mid-append): recomputed, and the next
    # writer cuts the torn tail off, so the pack stays readable after it
    path.write_bytes(path.read_bytes()[:-7])
    store, _ = build(built["content"], built["out"], built["cache"])
    assert misses(store, "extract") == 1
    assert {k: v[0] for k, v in snapshot(built["out"]).items()} == reference
    store, _ = build(built["content"], built["out"], built["cache"])
    assert misses(store, "extract") == 0 and store.stats["extract"].corrupt == 0


def test_taxonomy_change_invalidates_tagging_only(built) -> None:
    taxonomy = built["tmp"] / "taxonomy.yaml"
    text = (ROOT / "taxonomy.yaml").read_text(encoding="utf-8")
    # a tagging setting, not a term: the jieba dictionary stays the same
    edited, n = re.subn(r"heading_weight:\s*([0-9.]+)", lambda m: f"heading_weight: {float(m.group(1)) + 0.5}", text, count=1)
    assert n == 1
    taxonomy.write_text(edited, encoding="utf-8")
    store, _ = build(built["content"], built["out"], built["cache"], taxonomy=taxonomy)
    assert misses(store, "head") == 0 and misses(store, "prepare") == 0
    assert misses(store, "extract") == 0  # same dictionary words: cleaning and titles unchanged
    assert hits(store, "article") == 0 and misses(store, "article") > 0


def copy_rules(tmp: Path) -> Path:
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def versions(rules: Path) -> dict[str, str]:
    stage_version.cache_clear()
    return {
        "prepare": stage_version(PREPARE_CODE, rules),
        "extract": stage_version(EXTRACT_CODE, rules),
        "article": stage_version(ARTICLE_CODE, rules),
        "render": stage_version(("render",), rules),
    }


@pytest.mark.parametrize(
    ("rule", "invalidated"),
    [
        ("spam.yaml", {"extract", "render"}),  # render's closure reads it too (its modules' imports)
        ("chrome.yaml", {"extract"}),
        ("sections.yaml", {"article"}),
        ("time.yaml", {"article", "render"}),
        ("common_hanzi.txt", {"prepare", "extract", "render"}),  # extract through pipeline → ingest.decode
        ("hant.yaml", {"render"}),  # the zh-hant edition's words: pages only, no per-document stage
    ],
)
def test_rule_edit_invalidates_exactly_its_stages(tmp_path: Path, rule: str, invalidated: set[str]) -> None:
    rules = copy_rules(tmp_path)
    before = versions(rules)
    with (rules / rule).open("a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    after = versions(rules)
    stage_version.cache_clear()
    assert {s for s in before if before[s] != after[s]} == invalidated


def test_every_rule_file_belongs_to_some_stage() -> None:
    used = (set(rule_files_of(PREPARE_CODE)) | set(rule_files_of(EXTRACT_CODE)) | set(rule_files_of(ARTICLE_CODE))
            | set(rule_files_of(("render",))))
    assert {p.name for p in (ROOT / "rules").iterdir() if p.is_file()} <= used


def test_prepare_key_ignores_unrelated_code() -> None:
    # prepare() shares pipeline.py with extract(); its key must not follow the cleaner's code.
    from digest.cache import module_closure

    assert "clean" not in module_closure(PREPARE_CODE)
    assert "clean" in module_closure(EXTRACT_CODE)


def test_cache_roundtrip_atomic_and_corruption(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put("ns", "ab" * 32, {"x": [1, 2]})
    assert store.get("ns", "ab" * 32) == {"x": [1, 2]}
    assert store.get("ns", "cd" * 32) is MISSING
    path = tmp_path / "ns" / "ab" / ("ab" * 32)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # one flipped bit in the payload
    path.write_bytes(bytes(data))
    assert store.get("ns", "ab" * 32) is MISSING
    assert store.stats["ns"].corrupt == 1
    assert not [p for p in tmp_path.rglob(".tmp-*")], "no temporary files left behind"
    assert Cache(None).get("ns", "ab" * 32) is MISSING


def test_page_cache_rebuild_equals_cold_build(built, corpus_files) -> None:
    # The add-one rebuild keeps cached pages (same key, same file) and renders the rest;
    # its site must be byte-identical to a cold build of the same inputs with no cache.
    name, data, _ = corpus_files[N_DOCS]
    (built["content"] / name).write_bytes(data)
    _, stats = build(built["content"], built["out"], built["cache"])
    assert stats.unchanged > 0
    cold = built["tmp"] / "cold"
    options = BuildOptions(content=built["content"], out=cold, cache=None, jobs=1, search=False, quiet=True)
    render_site(assemble(options, StageLog(quiet=True), Cache(None)), options)
    warm_tree = {k: v[0] for k, v in snapshot(built["out"]).items()}
    cold_tree = {k: v[0] for k, v in snapshot(cold).items()}
    assert sorted(warm_tree) == sorted(cold_tree)
    assert [k for k in warm_tree if warm_tree[k] != cold_tree[k]] == []


def test_page_edited_on_disk_is_rendered_again(built) -> None:
    page = next(p for p in sorted((built["out"] / "zh-hant" / "articles").rglob("index.html")))
    original = page.read_bytes()
    page.write_bytes(b"edited by hand")
    _, stats = build(built["content"], built["out"], built["cache"])
    assert page.read_bytes() == original
    assert stats.written == 1


def test_related_lists_updated_from_the_previous_build_equal_a_full_pass() -> None:
    """The add-one path of related articles (re-rank only what a change can move) gives
    exactly the lists of the full matrix pass, after additions, removals and edits."""
    import random
    from types import SimpleNamespace

    from digest.render import related_features, related_slugs, related_slugs_update

    rng = random.Random(3)

    def article(slug: str):
        return SimpleNamespace(slug=slug, entities=rng.sample(["e1", "e2", "e3", "e4", "e5", "e6"], rng.randint(0, 2)),
                               topics=rng.sample(["t1", "t2", "t3"], rng.randint(0, 2)))

    articles = [article(f"a{i:03d}") for i in range(300)]
    for step in range(12):
        feats = related_features(articles)
        previous = (feats, related_slugs(articles))
        changed = list(articles)
        if step % 3 == 0:
            changed.append(article(f"new{step}"))
        elif step % 3 == 1:
            changed.pop(rng.randrange(len(changed)))
        else:
            i = rng.randrange(len(changed))
            changed[i] = article(changed[i].slug)
        assert related_slugs_update(changed, related_features(changed), previous) == related_slugs(changed)
        articles = changed


def test_spare_site_turned_into_staging_equals_a_cold_build(tmp_path: Path, corpus_files, monkeypatch) -> None:
    """Large sites keep the replaced tree as a spare and re-link only what the last build
    changed (the threshold is lowered so 20 inputs take that path): after adding, editing
    and removing inputs and a page edited by hand, every build equals a cold build, and
    pages whose bytes did not change keep their mtime and inode."""
    from digest.writer import BACKGROUND_ENV, SiteWriter

    monkeypatch.setenv(BACKGROUND_ENV, "1")
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_corpus(content, corpus_files[:N_DOCS])
    build(content, out, cache)
    build(content, out, cache)  # replaces a site: keeps the previous tree as the spare
    writer = SiteWriter(out)
    assert writer.spare.is_dir() and writer.journal.is_file()

    def no_seeding(self) -> None:
        raise AssertionError("a build with a valid spare must not link the whole site again")

    monkeypatch.setattr(SiteWriter, "_seed", no_seeding)

    def check(step: str) -> None:
        fresh = tmp_path / f"cold-{step}"
        options = BuildOptions(content=content, out=fresh, taxonomy=ROOT / "taxonomy.yaml", cache=None, jobs=1, search=False, quiet=True)
        render_site(assemble(options, StageLog(quiet=True), Cache(None)), options)
        assert {k: v[0] for k, v in snapshot(out).items()} == {k: v[0] for k, v in snapshot(fresh).items()}, step
        shutil.rmtree(fresh)

    name, data, _ = corpus_files[N_DOCS]
    before = snapshot(out)
    (content / name).write_bytes(data)
    build(content, out, cache)
    check("add")
    after = snapshot(out)
    for rel in before:
        if rel in after and before[rel][0] == after[rel][0]:
            assert after[rel][1:] == before[rel][1:], f"{rel}: same bytes but rewritten"

    page = next(p for p in sorted((out / "zh-hant" / "articles").rglob("index.html")))
    page.write_bytes(b"edited by hand")
    victim = sorted(p for p in content.iterdir() if p.name != name)[3]
    victim.unlink()
    build(content, out, cache)
    check("remove")
    build(content, out, cache)
    check("no-op")
    assert writer.spare.is_dir()


def test_spare_prepared_in_idle_time_is_used_by_the_next_build(tmp_path: Path, corpus_files, monkeypatch) -> None:
    """A first build into an empty folder keeps no spare, and a build that rewrote most
    of the site keeps one not worth re-linking: a resident session links a fresh spare in
    its idle time (Session.flush), so the next build starts from it instead of linking
    the whole site; that build equals a cold build and leaves unchanged pages alone."""
    from digest import writer as writer_module
    from digest.build import Session
    from digest.writer import BACKGROUND_ENV, SiteWriter

    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_corpus(content, corpus_files[:N_DOCS])
    options = BuildOptions(content=content, out=out, taxonomy=ROOT / "taxonomy.yaml", cache=cache, jobs=1, search=False, quiet=True)
    session = Session(options)
    assert session.build() == 0
    writer = SiteWriter(out)
    assert not writer.spare.exists()
    session.flush()
    assert not writer.spare.exists(), "a small site (under the background threshold) needs no spare"

    monkeypatch.setenv(BACKGROUND_ENV, "1")
    session.spare_checked = False
    session.flush()
    live = {k: v[2] for k, v in snapshot(out).items() if not k.startswith("pagefind/")}
    assert {k: v[2] for k, v in snapshot(writer.spare).items()} == live, "the spare is hard links to every live file"
    assert SiteWriter(out).prepare_spare() is False, "a valid spare is left alone"

    def no_seeding(self) -> None:
        raise AssertionError("a build after the idle time must start from the spare")

    monkeypatch.setattr(SiteWriter, "_seed", no_seeding)
    name, data, _ = corpus_files[N_DOCS]
    before = snapshot(out)
    (content / name).write_bytes(data)
    assert session.build([content / name]) == 0
    fresh = tmp_path / "cold"
    cold = BuildOptions(content=content, out=fresh, taxonomy=ROOT / "taxonomy.yaml", cache=None, jobs=1, search=False, quiet=True)
    render_site(assemble(cold, StageLog(quiet=True), Cache(None)), cold)
    after = snapshot(out)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in snapshot(fresh).items()}
    for rel in before:
        if rel in after and before[rel][0] == after[rel][0]:
            assert after[rel][1:] == before[rel][1:], f"{rel}: same bytes but rewritten"

    # most of the site changed: the spare that build kept is too stale to re-link
    monkeypatch.setattr(writer_module, "BACKGROUND_MIN_FILES", 1)
    for victim in sorted(content.iterdir())[: N_DOCS // 2]:
        victim.unlink()
    assert session.build() == 0
    assert writer_module._too_stale(writer._read_journal())
    session.flush()
    journal = writer._read_journal()
    assert journal is not None and journal["changed"] == []
    (content / name).unlink()
    assert session.build() == 0  # starts from the fresh spare (_seed still refuses)
    assert writer.spare.is_dir()


def test_a_spare_that_cannot_be_linked_costs_only_the_speed_up(tmp_path: Path, corpus_files, monkeypatch, capsys) -> None:
    """Linking the spare in idle time can fail (no hard links on this filesystem, a full
    disk): the session warns once and goes on; it never stops `make serve`."""
    from digest.build import Session
    from digest.writer import BACKGROUND_ENV, SiteWriter

    monkeypatch.setenv(BACKGROUND_ENV, "1")
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_corpus(content, corpus_files[:3])
    session = Session(BuildOptions(content=content, out=out, taxonomy=ROOT / "taxonomy.yaml", cache=cache, jobs=1,
                                   search=False, quiet=True))
    assert session.build() == 0

    def no_links(self) -> bool:
        raise OSError(31, "Too many links")

    monkeypatch.setattr(SiteWriter, "prepare_spare", no_links)
    session.flush()
    assert "no spare tree linked" in capsys.readouterr().err
    session.flush()  # checked once per build: no second attempt, no second warning
    assert capsys.readouterr().err == ""
    monkeypatch.undo()
    assert session.build() == 0


def test_page_keys_do_not_depend_on_how_the_taxonomy_path_is_spelled(monkeypatch) -> None:
    """Every page key starts from repr(taxonomy) (render.Renderer.base_key): the same file
    named by a relative path (build.py's default) and by an absolute one (make serve
    resolves its paths) must give the same keys, or the build after the other one
    renders all 37k pages of a 10k site again (40 s instead of 11)."""
    from digest.taxonomy import load_taxonomy

    monkeypatch.chdir(ROOT)
    relative, absolute = load_taxonomy(Path("taxonomy.yaml")), load_taxonomy(ROOT / "taxonomy.yaml")
    assert relative.path != absolute.path  # still known, for error messages
    assert repr(relative) == repr(absolute)
    assert relative == absolute


def test_state_per_output_is_one_entry_whatever_the_code_version(tmp_path: Path) -> None:
    """Per-output state (fragments, related rankings) is overwritten by the next build: a
    new code version replaces the entry instead of leaving the old one beside it."""
    store = Cache(tmp_path / "cache")
    store.put_latest("fragments", "out-key", "v1", {"a": 1})
    assert store.get_latest("fragments", "out-key", "v1") == {"a": 1}
    assert store.get_latest("fragments", "out-key", "v2") is MISSING  # another code version: not valid
    store.put_latest("fragments", "out-key", "v2", {"b": 2})
    assert store.get_latest("fragments", "out-key", "v2") == {"b": 2}
    assert len([p for p in (tmp_path / "cache" / "fragments").rglob("*") if p.is_file()]) == 1


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind not installed")
def test_search_index_is_kept_while_no_indexed_page_changes(tmp_path: Path, corpus_files) -> None:
    """The Pagefind index depends on the article pages only: a rebuild that changes none of
    them keeps the live index (the same files, hard-linked: same inodes), one that changes an
    article indexes again; both leave a whole index with one fragment per article."""
    from digest.search import verify_index

    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / ".cache"
    write_corpus(content, corpus_files[:6])

    def build_with_search() -> dict[str, int]:
        options = BuildOptions(content=content, out=out, taxonomy=ROOT / "taxonomy.yaml", cache=cache, jobs=1,
                               search=True, quiet=True)
        store = Cache(cache)
        corpus = assemble(options, StageLog(quiet=True), store)
        render_site(corpus, options, store=store)
        pages = len(list((out / "zh-hans" / "articles").glob("*/index.html")))
        assert verify_index(out / "pagefind", pages) == []
        return {p.relative_to(out).as_posix(): p.stat().st_ino for p in (out / "pagefind").rglob("*") if p.is_file()}

    first = build_with_search()
    assert build_with_search() == first  # nothing changed: the same files
    victim = content / corpus_files[0][0]
    victim.write_bytes(victim.read_bytes() + "\n编辑补充了一段新的说明文字，这段文字会进入文章正文。\n".encode())
    third = build_with_search()
    assert set(third.values()).isdisjoint(first.values())  # indexed again: new files


def fragment_table(out: Path, cache: Path) -> object:
    from digest.cache import digest
    from digest.render import render_version

    return Cache(cache).get_latest("fragments", digest("fragments", str(out.resolve())), render_version())


def test_a_rebuild_that_renders_nothing_keeps_every_fragment(built) -> None:
    """Pages kept from the previous build still hold their rows: a no-op rebuild must not
    drop them from the fragment table (the next edit would render them all again)."""
    before = fragment_table(built["out"], built["cache"])
    assert isinstance(before, dict)
    assert {k[0] for k in before} >= {"topic-row", "mention", "event", "report-row"}
    _, stats = build(built["content"], built["out"], built["cache"])
    assert stats.written == 0
    assert fragment_table(built["out"], built["cache"]) == before


def test_few_related_rows_scored_pair_by_pair_equal_the_matrix_pass() -> None:
    """The add-one's few rows are ranked pair by pair (render._related_rows): the same lists
    as the matrix pass over the same rows, ties and zero scores included."""
    import random
    from types import SimpleNamespace

    from digest.render import _related_rows, related_features, related_slugs

    rng = random.Random(7)
    articles = [SimpleNamespace(slug=f"s{rng.randrange(10**6):06d}-{i}", entities=rng.sample(["e1", "e2", "e3", "e4"], rng.randint(0, 3)),
                                topics=rng.sample(["t1", "t2", "t3"], rng.randint(0, 2)) * rng.randint(1, 2))
                for i in range(200)]
    feats = related_features(articles)
    for _ in range(20):
        rows = rng.sample(range(len(articles)), rng.randint(1, 6))
        assert _related_rows(feats, rows, [a.slug for a in articles]) == related_slugs(articles, rows=rows)


def test_topic_sections_list_each_articles_sections_of_the_topic_in_order() -> None:
    """SiteModel.topic_sections (one pass over the articles) is, per topic, every article
    with at least one section of the topic and those sections in order."""
    import random
    from types import SimpleNamespace

    from digest.render import SiteModel

    rng = random.Random(5)
    topics = ["compute", "infra", "models", "apps"]
    def section(k: int) -> SimpleNamespace:
        return SimpleNamespace(anchor=f"s{k}", topics=rng.sample([*topics, "other"], rng.randint(0, 3)) * rng.randint(1, 2))

    articles = [SimpleNamespace(slug=f"a{i}", sections=[section(k) for k in range(rng.randint(0, 4))]) for i in range(80)]
    corpus = SimpleNamespace(taxonomy=SimpleNamespace(topic_ids=topics), articles=articles, events=[])
    got = SiteModel(corpus).topic_sections
    assert list(got) == topics
    for t in topics:
        want = [(a, [s for s in a.sections if t in s.topics]) for a in articles]
        assert got[t] == [(a, secs) for a, secs in want if secs]
