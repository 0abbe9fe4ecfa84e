"""The resident build session (`make serve`'s loop): every rebuild writes exactly what a
cold `build.py` writes for the same inputs, although it keeps cache entries (and the
objects of unchanged stages) in memory from one build to the next."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest.build import BuildOptions, Session
from digest.cache import MISSING, Cache
from digest.modeldiff import SessionState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402

BASE_URL = "https://digest.example/"


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cold_build(content: Path, out: Path) -> dict[str, bytes]:
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--no-cache", "--no-search",
           "--jobs", "1", "--quiet", "--base-url", BASE_URL]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return files_of(out)


def assert_same_site(resident: Path, cold: dict[str, bytes]) -> None:
    got = files_of(resident)
    assert sorted(got) == sorted(cold)
    differ = [k for k in cold if got[k] != cold[k]]
    assert not differ, f"resident build differs from a cold build in {differ[:10]}"


def start_session(tmp_path: Path, files: list) -> tuple[Path, Path, Session]:
    """A content folder holding `files` (generate()'s triples), and a session that built it."""
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files:
        (content / name).write_bytes(data)
    session = Session(BuildOptions(content=content, out=out, cache=tmp_path / "cache", jobs=1, search=False, quiet=True,
                                   base_url=BASE_URL))
    assert session.build() == 0
    return content, out, session


@pytest.mark.parametrize("told", [False, True], ids=["walked", "watcher-told"])
def test_resident_rebuilds_equal_cold_builds(tmp_path: Path, told: bool) -> None:
    """Add-ones, an edit and a removal: each rebuild writes what a cold build writes,
    whether the session walks the content folder or is told what changed (make serve)."""
    files = generate(16, seed=7)
    first = [f for f in files if f[2].get("mirror_of") is None][:9]
    names = {f[0] for f in first}
    # a later input that mirrors one already there (dedup merges it: repairs, report) and a new article
    mirror = next((f for f in files if f[0] not in names and f[2].get("mirror_of") in names), None)
    fresh = next(f for f in files if f[0] not in names and f[2].get("mirror_of") is None)
    content, out, session = start_session(tmp_path, first)

    changes = [fresh] + ([mirror] if mirror else [])
    for k, (name, data, _) in enumerate(changes):
        (content / name).write_bytes(data)
        assert session.build([content / name] if told else None) == 0
        assert_same_site(out, cold_build(content, tmp_path / f"cold-add-{k}"))

    # edit one input, remove another: still what a cold build writes
    edited = content / first[0][0]
    edited.write_bytes(edited.read_bytes() + "\n编辑后加上的一段新内容，检验常驻构建。\n".encode(first[0][2]["encoding"]))
    (content / first[1][0]).unlink()
    assert session.build([edited, content / first[1][0]] if told else None) == 0
    assert_same_site(out, cold_build(content, tmp_path / "cold-edit"))
    assert session.store.memory, "the session keeps cache entries in memory"


def test_a_retitled_article_is_retitled_on_the_pages_that_link_to_it(tmp_path: Path) -> None:
    """Article pages are re-keyed from what they show (Cache.remember): a page listing a
    related article must change when only that article's title does."""
    import json
    import re

    files = [f for f in generate(16, seed=7) if f[2].get("mirror_of") is None][:9]
    content, out, session = start_session(tmp_path, files)
    report = json.loads((out / "report.json").read_text("utf-8"))
    titles = {a["slug"]: a["title"] for a in report["articles"]}
    pages = {slug: (out / "zh-hans" / "articles" / slug / "index.html").read_text("utf-8") for slug in titles}

    def only_in_related_sections(slug: str, html: str) -> bool:
        asides = "".join(re.findall(r'<aside class="related-sections".*?</aside>', html))
        return f"../{slug}/" in asides and html.count(f"../{slug}/") == asides.count(f"../{slug}/")

    # an article that another page shows only in a section's related list (not as a
    # neighbour or a related article: those are keyed by the article objects themselves)
    target = next(((slug, entry, other) for slug in titles for entry in report["inputs"] if entry["article"] == slug
                   for other, html in pages.items() if other != slug and only_in_related_sections(slug, html)), None)
    assert target, "no article is shown only in another page's related sections"
    slug, entry, other = target
    # retitled by a sidecar that keeps its slug: the links stay, only the title they show changes
    sidecar = (content / Path(entry["path"]).name).with_suffix(".yaml")
    sidecar.write_text(f"slug: {slug}\ntitle: {titles[slug]}修订版\n", encoding="utf-8")
    assert session.build() == 0
    assert_same_site(out, cold_build(content, tmp_path / "cold"))
    assert titles[slug] + "修订版" in (out / "zh-hans" / "articles" / other / "index.html").read_text("utf-8")


def test_a_session_rereads_an_input_rewritten_with_its_old_size_and_mtime(tmp_path: Path) -> None:
    """A session does not read unchanged inputs again (their stamps), but a file rewritten
    in place with the same size and its old mtime put back (cp -p, rsync -t) is read."""
    import os

    files = [f for f in generate(8, seed=5) if f[2].get("mirror_of") is None][:4]
    content, out, session = start_session(tmp_path, files)
    name, data, truth = files[0]
    target = content / name
    text = data.decode(truth["encoding"])
    swapped = text.replace("的", "地", 1)  # same length in every encoding of the set
    assert swapped != text and len(swapped.encode(truth["encoding"])) == len(data)
    before = target.stat()
    target.write_bytes(swapped.encode(truth["encoding"]))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_mtime_ns == before.st_mtime_ns and target.stat().st_size == before.st_size
    assert session.build() == 0
    assert_same_site(out, cold_build(content, tmp_path / "cold"))


def test_memory_cache_keeps_used_entries_and_hands_out_fresh_copies(tmp_path: Path) -> None:
    store = Cache(tmp_path, memory={})
    store.begin()
    store.put("clusters", "ab" * 32, {"x": [1]})
    store.put("article", "cd" * 32, {"y": [2]})
    store.end()
    store.begin()
    mutable = store.get("clusters", "ab" * 32)
    mutable["x"].append(99)  # a build changing what it got must not change the next build's value
    assert store.get("clusters", "ab" * 32) == {"x": [1]}
    assert store.get("article", "cd" * 32) is store.get("article", "cd" * 32)  # shared namespace: same object
    store.end()
    store.begin()
    store.end()  # a build that used nothing: memory is emptied, the disk entries stay
    assert not store.memory
    assert Cache(tmp_path).get("clusters", "ab" * 32) == {"x": [1]}
    assert Cache(tmp_path).get("nothing", "ef" * 32) is MISSING


def test_deferred_state_entries_reach_the_disk_on_flush(tmp_path: Path) -> None:
    store = Cache(tmp_path, memory={}, deferred={})
    store.begin()
    state = {"row": "<li>x</li>"}
    store.put_latest("fragments", "ab" * 32, "v1", state)
    store.put("clusters", "cd" * 32, [1])  # not a state entry: written at once
    assert Cache(tmp_path).get("clusters", "cd" * 32) == [1]
    assert Cache(tmp_path).get_latest("fragments", "ab" * 32, "v1") is MISSING  # not yet on disk
    assert store.get_latest("fragments", "ab" * 32, "v1") is state  # the session reads it from memory
    store.end()
    store.begin()
    store.end()  # a build that did not use it: dropped from memory, still waiting to be written
    assert store.flush() == 1
    assert Cache(tmp_path).get_latest("fragments", "ab" * 32, "v1") == state
    assert store.flush() == 0


def test_a_session_writes_its_state_entries_by_the_next_build(tmp_path: Path) -> None:
    from digest.cache import digest, stage_version
    from digest.render import render_version

    files = [f for f in generate(8, seed=3) if f[2].get("mirror_of") is None]
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    content.mkdir()
    for name, data, _ in files[:-1]:
        (content / name).write_bytes(data)
    session = Session(BuildOptions(content=content, out=out, cache=cache, jobs=1, search=False, quiet=True, base_url=BASE_URL))

    def on_disk() -> tuple[object, object]:
        where = str(out.resolve())
        disk = Cache(cache)  # what another process would read
        return (disk.get_latest("fragments", digest("fragments", where), render_version()),
                disk.get_latest("related-sections", digest("related-sections", where), stage_version(("related",))))

    assert session.build() == 0
    assert all(x is MISSING for x in on_disk())  # held back while the browser reloads
    session.flush()
    first = on_disk()
    assert all(x is not MISSING for x in first)
    name, data, _ = files[-1]
    (content / name).write_bytes(data)
    assert session.build() == 0
    assert on_disk() == first  # this build's states wait for the next flush ...
    assert session.build() == 0  # ... which the next build does first when the caller did not
    assert on_disk() != first
    # a CLI build after the session starts from its states: the same site, nothing rendered again
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--cache", str(cache), "--no-search",
           "--jobs", "1", "--base-url", BASE_URL]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert " 0 written" in proc.stderr or "pages 0 written" in proc.stderr, proc.stderr[-800:]


def test_job_repr_is_repr_of_the_job(tmp_path: Path) -> None:
    """The article stage's key takes the job's repr from pieces (the draft's repr is
    remembered in a resident session): it must be exactly `repr(job)`."""
    from digest.build import ArticleJob, job_repr
    from digest.model import Draft, Removal

    draft = Draft(source="content/a.txt", index=0, title="标题 'x'", paragraphs=["第一段", "第二段\\n"], date="2024-01",
                  removals=[Removal("spam", "广告", "r1", 3)])
    job = ArticleJob("slug-1", draft, ["content/a.txt", "content/b.txt"], "content/a.txt#0")
    resident = Cache(tmp_path, memory={})
    for store in (Cache(None), resident, resident):
        assert job_repr(job, store) == repr(job)


WARM_PROBE = """
import sys
from pathlib import Path
import yaml
from digest.build import taxonomy_once
from digest.model import RawDoc
from digest.pipeline import extract, prepare, warm_rules
taxonomy_once(Path("taxonomy.yaml"), Path("taxonomy.yaml").read_bytes())
warm_rules()
def refuse(*args, **kwargs):
    raise AssertionError("a rule file was read after warm_rules")
yaml.safe_load = refuse
for f in sorted(Path("content/seeds").glob("*.txt")):
    extract(prepare(RawDoc(path=f.name, data=f.read_bytes())))
print("ok")
"""


def test_a_session_reads_its_rule_files_when_it_starts() -> None:
    """Session() cleans rules/warmup.txt: after it, cleaning the seeds reads no rule file
    (a resident session's first rebuild does not pay for loading them)."""
    proc = subprocess.run([sys.executable, "-c", WARM_PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_a_session_loads_the_idf_table_when_it_starts() -> None:
    """warm_rules also reads jieba's IDF table (titles derived for untitled inputs), which
    the warm-up page, having a title, would not: the first add-one of an untitled input
    in a session does not pay for it."""
    proc = subprocess.run([sys.executable, "-c", "from digest import titles\nfrom digest.pipeline import warm_rules\n"
                           "warm_rules()\nprint(titles._idf.cache_info().currsize)"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "1", proc.stderr[-2000:]


def fragment_urls(out: Path) -> set[str]:
    import gzip
    import json

    return {json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for f in (out / "pagefind" / "fragment").glob("*.pf_fragment")}


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind not installed")
def test_a_server_indexes_after_the_pages_are_in_place(tmp_path: Path) -> None:
    """With search_later (make serve) a rebuild that adds an article keeps the previous
    index, whole, and finish_search then indexes the live site: the new article is found,
    and the next rebuild keeps that index (nothing pending)."""
    from digest.render import finish_search
    from digest.search import verify_index

    files = [f for f in generate(12, seed=5) if f[2].get("mirror_of") is None]
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files[:4]:
        (content / name).write_bytes(data)
    session = Session(BuildOptions(content=content, out=out, cache=tmp_path / "cache", jobs=1, search=True,
                                   search_later=True, quiet=True, base_url=BASE_URL))
    assert session.build() == 0
    assert finish_search(session.options, session.store) is None  # the first build indexed
    before = fragment_urls(out)
    articles = {f"/zh-hans/articles/{p.parent.name}/" for p in (out / "zh-hans" / "articles").glob("*/index.html")}
    assert before == articles

    (content / files[4][0]).write_bytes(files[4][1])
    assert session.build() == 0
    articles = {f"/zh-hans/articles/{p.parent.name}/" for p in (out / "zh-hans" / "articles").glob("*/index.html")}
    assert fragment_urls(out) == before != articles  # the previous index, kept whole
    assert verify_index(out / "pagefind", len(before)) == []
    assert finish_search(session.options, session.store) == []
    assert fragment_urls(out) == articles
    assert not list(tmp_path.glob(".site.pagefind-*"))
    assert session.build() == 0
    assert finish_search(session.options, session.store) is None
    assert fragment_urls(out) == articles


@pytest.mark.skipif(importlib.util.find_spec("pagefind") is None, reason="pagefind not installed")
def test_a_build_that_fails_before_its_swap_leaves_no_stale_index(tmp_path: Path, monkeypatch) -> None:
    """A build interrupted after its search step but before its pages went live records no
    search state: the next build (CLI or server) indexes the new article, and a server's
    pending step does not index the old site under the new pages' key (found by review)."""
    from digest.render import finish_search
    from digest.writer import FAIL_AT_ENV, InjectedFault

    files = [f for f in generate(12, seed=5) if f[2].get("mirror_of") is None]
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files[:4]:
        (content / name).write_bytes(data)
    for later in (False, True):
        session = Session(BuildOptions(content=content, out=out, cache=tmp_path / f"cache-{later}", jobs=1, search=True,
                                       search_later=later, quiet=True, base_url=BASE_URL))
        assert session.build() == 0
        finish_search(session.options, session.store)  # (the server's step after its first build)
        added = files[4 + later]
        (content / added[0]).write_bytes(added[1])
        monkeypatch.setenv(FAIL_AT_ENV, "written")
        with pytest.raises(InjectedFault):
            session.build()
        monkeypatch.delenv(FAIL_AT_ENV)
        assert finish_search(session.options, session.store) is None  # nothing of the failed build is pending
        assert session.build() == 0
        finish_search(session.options, session.store)
        articles = {f"/zh-hans/articles/{p.parent.name}/" for p in (out / "zh-hans" / "articles").glob("*/index.html")}
        assert fragment_urls(out) == articles
    assert not [p.name for p in tmp_path.iterdir() if p.name in (".site.search", ".site.pagefind-next", ".site.pagefind-old")]


def track_renderers(monkeypatch: pytest.MonkeyPatch) -> list:
    """Weak references to every Renderer made from now on (to see which builds' are freed)."""
    import weakref

    from digest import render

    made: list[weakref.ref] = []
    init = render.Renderer.__init__

    def tracked(self: render.Renderer, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(render.Renderer, "__init__", tracked)
    return made


def test_a_session_frees_each_builds_renderer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects a build leaves in garbage cycles (Jinja's page contexts hold the renderer,
    and through it the whole site model) are freed, not frozen out of the collector's
    sight until the session's next full collection: a session's memory stays flat."""
    import gc

    made = track_renderers(monkeypatch)
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in generate(6, seed=3):
        (content / name).write_bytes(data)
    session = Session(BuildOptions(content=content, out=out, cache=tmp_path / "cache", jobs=1, search=False, quiet=True,
                                   base_url=BASE_URL))
    try:
        for _ in range(3):
            assert session.build() == 0
        assert len(made) == 3
        alive = [r for r in made if r() is not None]
        assert alive == [], f"{len(alive)} renderer(s) of finished builds are still alive"
    finally:
        gc.unfreeze()


def test_a_small_rebuild_leaves_its_garbage_and_cache_pruning_to_flush(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild told few changed paths runs with the cyclic collector off and leaves the
    cache's pruning (Cache.end) to `flush`, which frees what the build left in cycles (its
    renderer), turns the collector on again and keeps only the entries that build used;
    the next build calls `flush` first when the caller did not. Larger and untold builds
    collect stage by stage as before."""
    import gc

    from digest import build

    made = track_renderers(monkeypatch)
    files = generate(8, seed=5)
    content, _out, session = start_session(tmp_path, files[:6])
    try:
        session.flush()
        name, data, _ = files[6]
        (content / name).write_bytes(data)
        assert session.build([content / name]) == 0
        assert not gc.isenabled() and session.collect_pending and session.end_pending
        # the removed input's entries are pruned by flush, not by the build
        victim = content / files[0][0]
        victim.unlink()
        assert session.build([victim]) == 0  # flushes the add-one first
        assert len(made) == 3 and made[1]() is None  # the add-one's renderer: freed by that flush
        kept = set(session.store._remembered)
        session.flush()
        assert gc.isenabled() and not session.collect_pending
        assert [r for r in made if r() is not None] == [], "a small rebuild's renderer survived flush"
        assert kept - set(session.store._remembered), "flush pruned none of the values the last build did not use"
        # a rebuild told more paths than IDLE_GC_MAX_CHANGED collects stage by stage
        many = [content / f"absent-{i}.txt" for i in range(build.IDLE_GC_MAX_CHANGED + 1)]
        assert session.build(many) == 0
        assert gc.isenabled() and not session.collect_pending
        # a session dropped before its flush turns the collector back on
        (content / name).unlink()
        assert session.build([content / name]) == 0
        assert not gc.isenabled()
        del session
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_make_serve_rebuilds_when_an_input_is_added(tmp_path: Path) -> None:
    """The real server (`python -m digest.serve`): it builds the site `build.py` builds,
    serves pages with the reload script, sees an input added by its watcher, rebuilds from the changed path only, and
    the new article's pages are served (what an editor does with `make serve`)."""
    import queue
    import socket
    import threading
    import time
    import urllib.request

    files = [f for f in generate(12, seed=3) if f[2].get("mirror_of") is None]
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files[:3]:
        (content / name).write_bytes(data)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "digest.serve", "--port", str(port), "--content", str(content), "--out", str(out),
           "--cache", str(tmp_path / "cache"), "--jobs", "1", "--no-search"]
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_BASE_URL"}  # the default base URL, as cold_build's
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()  # type: ignore[union-attr]

    def wait_for(text: str, timeout: float = 180.0) -> None:
        end = time.monotonic() + timeout
        seen = []
        while time.monotonic() < end:
            try:
                line = lines.get(timeout=1.0)
            except queue.Empty:
                assert proc.poll() is None, f"serve exited: {''.join(seen)}"
                continue
            seen.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} from serve in {timeout:.0f}s: {''.join(seen)[-2000:]}")

    def articles() -> set[str]:
        return {p.name for p in (out / "zh-hans" / "articles").iterdir() if p.is_dir()}

    try:
        wait_for("serve: http://")
        # the server writes what `make` writes (same base URL): switching between them
        # renders nothing again
        assert_same_site(out, cold_build(content, tmp_path / "cold"))
        before = articles()
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/zh-hans/", timeout=10).read().decode()
        assert "/__digest/events" in page  # the live-reload script, added as the page is sent ...
        assert "/__digest/events" not in (out / "zh-hans" / "index.html").read_text(encoding="utf-8")  # ... never written
        name, data, _ = files[3]
        (content / name).write_bytes(data)
        wait_for("serve: build 2 exited 0")
        added = articles() - before
        assert len(added) == 1 and len(articles()) == len(before) + 1
        slug = added.pop()
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/zh-hans/articles/{slug}/", timeout=10).read().decode()
        assert "<article" in page and "/__digest/events" in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def article_pages(out: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in (out / "zh-hans" / "articles").glob("*/index.html")}


def entity_pages(out: Path) -> set[str]:
    return {p.parent.name for p in (out / "zh-hans" / "entities").glob("*/index.html")}


def test_resident_rebuilds_rekey_the_pages_that_show_a_change(tmp_path: Path) -> None:
    """A resident rebuild keys again only the article pages and topic rows whose inputs
    changed (modeldiff) and keeps the others' previous keys: adding articles must still
    change the other pages that show them (related lists and related sections of other
    articles, neighbours, entity pages that appear with their links, topic rows, the
    report, feeds), and removing one must make its pages disappear, exactly as a cold
    build would. The scenario checks that it changes pages of each kind."""
    import json

    files = [f for f in generate(60, seed=11) if f[2].get("mirror_of") is None]
    content, out, session = start_session(tmp_path, files[:20])
    changed_far: set[str] = set()  # pages that changed and are neither the new article nor its neighbours
    entities_seen = [entity_pages(out)]
    for k, (name, data, _) in enumerate(files[20:23]):
        before = article_pages(out)
        (content / name).write_bytes(data)
        assert session.build([content / name]) == 0
        assert_same_site(out, cold_build(content, tmp_path / f"cold-add-{k}"))
        report = json.loads((out / "report.json").read_text("utf-8"))
        order = [a["slug"] for a in report["articles"]]
        new = next(e["article"] for e in report["inputs"] if e["path"].endswith(name))
        i = order.index(new)
        near = {new, *order[max(0, i - 1) : i + 2]}
        after = article_pages(out)
        changed_far |= {s for s in before if s not in near and before[s] != after.get(s)}
        entities_seen.append(entity_pages(out))
    assert changed_far, "no add-one changed the page of an article beyond the new one's neighbours"
    assert any(a - b for a, b in zip(entities_seen[1:], entities_seen, strict=False)), "no entity page appeared"
    # a removal: its pages disappear, the pages that showed it change
    gone = files[20][0]
    (content / gone).unlink()
    assert session.build([content / gone]) == 0
    assert_same_site(out, cold_build(content, tmp_path / "cold-remove"))
    # an article retitled (a sidecar keeps its slug) is retitled on a page that lists it
    # among its related articles only (not as a neighbour: those are re-keyed anyway)
    import re

    report = json.loads((out / "report.json").read_text("utf-8"))
    titles = {a["slug"]: a["title"] for a in report["articles"]}
    pages = {slug: html.decode("utf-8") for slug, html in article_pages(out).items()}

    def only_in_related(slug: str, html: str) -> bool:
        block = "".join(re.findall(r'<section class="related".*?</section>', html))
        return f"../{slug}/" in block and html.count(f"../{slug}/") == block.count(f"../{slug}/")

    slug, other = next((s, o) for s in titles for o, html in pages.items() if o != s and only_in_related(s, html))
    entry = next(e for e in report["inputs"] if e["article"] == slug)
    sidecar = (content / Path(entry["path"]).name).with_suffix(".yaml")
    sidecar.write_text(f"slug: {slug}\ntitle: {titles[slug]}修订版\n", encoding="utf-8")
    assert session.build([sidecar]) == 0
    assert_same_site(out, cold_build(content, tmp_path / "cold-retitle"))
    assert titles[slug] + "修订版" in (out / "zh-hans" / "articles" / other / "index.html").read_text("utf-8")
    # the rebuilds diffed the model: the session holds the last build's view, every page keyed
    state = session.store.remember("model-view", str(out.resolve()), (), SessionState)
    assert state.last is not None and len(state.last.page_digests) == len(article_pages(out))
