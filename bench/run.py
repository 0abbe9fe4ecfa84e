"""The speed benchmark (`make bench`): cold and warm builds at several sizes, next to Hugo
and to plain jieba, plus the measurements behind our choices of the heavy parts.

    python bench/run.py [--sizes 14,1000,10000] [--jobs N] [--no-record] [--skip-micro]

Size 14 is the seeds (content/seeds, 14 articles in 5 files); other sizes are synthetic
corpora from bench/gen_corpus.py written to bench/out/. Every build is a real `build.py`
process (`--no-search`, Pagefind measured once separately) with its own `.cache/`; peak
RSS is sampled over the whole process tree. Numbers are printed and appended to
bench/RESULTS.md with the machine and date; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RUNS = OUT  # where the per-size build folders go (--work: another session may be benchmarking in bench/out)
TRASH = OUT / "trash"  # earlier runs' folders, deleted when the bench ends (see discard)
HUGO_SITE = ROOT / "bench" / "hugo"
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGETS = {"cold_10k_s": 120.0, "warm_add_10k_s": 2.0, "resident_add_10k_s": 2.0,
           "peak_rss_mb": 1536.0, "render_vs_hugo": 1 / 3, "pipeline_vs_jieba": 0.5}
STAGE_LINE = re.compile(r"^\[(\w+)\s*\] (.*) \((\d+\.\d+)s\)$")
PIPELINE_STAGES = ("normalize", "clean", "dedup", "sections", "timeline")


@dataclass
class Run:
    label: str
    seconds: float
    peak_rss_mb: float  # whole process tree (workers share pages with the parent, so this overcounts)
    peak_single_mb: float  # the largest single process
    stages: dict[str, float] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    exit_code: int = 0


# ------------------------------------------------------------------ processes


def settle() -> None:
    """Let the disk catch up before a timed step: write back what earlier steps left dirty
    (a copied corpus, a 37k-file site). On this machine's ext4 a timed build that follows
    a large copy or delete spent 2-4x longer creating files (render 9.7 s vs 25 s at 10k,
    the same code) and Hugo varied as much; every timed step starts settled."""
    os.sync()
    time.sleep(2)


def discard(folder: Path) -> None:
    """Move a previous run's folder aside; it is deleted when the bench ends (deleting
    37k files during a timed step slows that step's own writes)."""
    if folder.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        os.rename(folder, TRASH / f"{folder.name}-{time.time_ns()}")


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)


def measure_process(cmd: list[str], cwd: Path) -> tuple[int, float, float, float, str]:
    """Run cmd; return (exit code, wall seconds, peak tree RSS MB, peak single RSS MB, stderr)."""
    settle()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_tree = peak_one = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_one
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs]
            except psutil.Error:
                rss = []
            if rss:
                peak_tree = max(peak_tree, sum(rss) / 2**20)
                peak_one = max(peak_one, max(rss) / 2**20)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    return proc.returncode, seconds, peak_tree, peak_one, err


# The code the builds run: a frozen export of a commit (see code_snapshot), or the work tree.
CODE = ROOT


def code_snapshot(live: bool) -> tuple[Path, str]:
    """(folder of the code to run, its name). Other sessions edit this work tree while a
    bench runs; an edit of clean.py mid-run changes cache keys and turns a "warm" build
    into a cold one. So builds run from `git archive HEAD` unless --live."""
    if live:
        return ROOT, "work tree"
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    dest = OUT / f"code-{sha[:12]}"
    if not (dest / "build.py").exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest, f"commit {sha[:12]}"


def build(label: str, content: Path, workdir: Path, jobs: int, search: bool = False) -> Run:
    """One build.py process; its `.cache/` lives in workdir (the CLI's cwd)."""
    cmd = [sys.executable, str(CODE / "build.py"), "--content", str(content), "--out", str(workdir / "site"),
           "--taxonomy", str(CODE / "taxonomy.yaml"), "--jobs", str(jobs)]
    if not search:
        cmd.append("--no-search")
    code, seconds, tree, one, err = measure_process(cmd, workdir)
    run = Run(label, seconds, tree, one, exit_code=code)
    for line in err.splitlines():
        if line.startswith("seconds per stage") and "cache hits" in line:
            run.summaries["cache"] = line.split("; ", 1)[-1]
        m = STAGE_LINE.match(line.strip())
        if m:
            run.stages[m.group(1)] = float(m.group(3))
            run.summaries[m.group(1)] = m.group(2)
    if code != 0:
        print(f"  {label}: build exited {code}\n{err[-2000:]}", file=sys.stderr)
    stages = ", ".join(f"{k} {v:.2f}" for k, v in run.stages.items())
    cache = run.summaries.get("cache", "")
    print(f"  {label}: {seconds:.2f}s, peak RSS {one:.0f} MB (tree {tree:.0f} MB); {stages}; {cache}", file=sys.stderr)
    return run


# The build's own search index over a built site (the timed builds run --no-search so their
# render stage compares with Hugo's): argv: code dir, site, output folder.
SEARCH_PROBE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from digest.search import index_site
t = time.perf_counter(); pages, problems = index_site(Path(sys.argv[2]), Path(sys.argv[3]))
print(f"search {time.perf_counter() - t:.3f} {pages} {len(problems)}")
"""


def search_index(site: Path, workdir: Path) -> dict[str, object]:
    """Seconds the build's search step (staged pages, Pagefind) takes on `site`."""
    out = workdir / "search-probe"
    discard(out)
    settle()
    proc = subprocess.run([sys.executable, "-c", SEARCH_PROBE, str(CODE), str(site), str(out)],
                          capture_output=True, text=True, check=False, cwd=workdir)
    discard(out)
    found = re.search(r"search ([\d.]+) (\d+) (\d+)", proc.stdout)
    if proc.returncode != 0 or not found:
        print(f"  search index failed: {proc.stderr[-1000:]}", file=sys.stderr)
        return {"seconds": None, "pages": 0, "ok": False}
    seconds, pages, problems = float(found.group(1)), int(found.group(2)), int(found.group(3))
    print(f"  search index: {pages} pages in {seconds:.2f}s ({problems} problems)", file=sys.stderr)
    return {"seconds": seconds, "pages": pages, "ok": problems == 0}


# A resident session (`make serve`'s build loop) in one process: its first build (warm
# from the CLI builds' .cache/, reading every entry from disk), then one input added and
# the rebuild timed on its own. argv: code dir, content, out, taxonomy, jobs, new name, new file.
RESIDENT_PROBE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from digest.build import BuildOptions, Session
from digest.writer import build_lock
content, out, taxonomy = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
jobs, name, data = int(sys.argv[5]), sys.argv[6], Path(sys.argv[7]).read_bytes()
session = Session(BuildOptions(content=content, out=out, taxonomy=taxonomy, jobs=jobs, search=False, cache=Path(".cache"),
                               base_url="https://digest.example/"))
with build_lock(out):
    t = time.perf_counter(); code = session.build(); first = time.perf_counter() - t
    session.flush()  # as make serve does after each build
    (content / name).write_bytes(data)
    print("=== resident add-one", file=sys.stderr, flush=True)
    # told the changed path, as make serve's watcher tells it
    t = time.perf_counter(); code2 = session.build([content / name]); add = time.perf_counter() - t
    flush = session.flush()  # the state entries written after the reload (make serve)
print(f"resident first {first:.3f} add {add:.3f} codes {code} {code2} flush {flush:.3f}", file=sys.stderr)
"""


def resident(content: Path, workdir: Path, jobs: int, name: str, data: bytes) -> Run:
    """The resident add-one: seconds of the rebuild after adding one input inside a warm
    session (not counting process start or the session's first build, reported apart)."""
    new = workdir / "resident-input.bin"
    new.write_bytes(data)
    cmd = [sys.executable, "-c", RESIDENT_PROBE, str(CODE), str(content), str(workdir / "site"), str(CODE / "taxonomy.yaml"),
           str(jobs), name, str(new)]
    code, seconds, tree, one, err = measure_process(cmd, workdir)
    m = re.search(r"resident first (\d+\.\d+) add (\d+\.\d+) codes (\d+) (\d+) flush (\d+\.\d+)", err)
    if code != 0 or not m or m.group(3) != "0" or m.group(4) != "0":
        print(f"  resident: probe failed ({code})\n{err[-2000:]}", file=sys.stderr)
        return Run("resident-add", float("nan"), tree, one, exit_code=code or 1)
    run = Run("resident-add", float(m.group(2)), tree, one)
    run.summaries["first_build_s"] = m.group(1)
    run.summaries["flush_s"] = m.group(5)
    run.summaries["process_s"] = f"{seconds:.2f}"
    for line in err.split("=== resident add-one", 1)[1].splitlines():
        if line.startswith("seconds per stage") and "cache hits" in line:
            run.summaries["cache"] = line.split("; ", 1)[-1]
        hit = STAGE_LINE.match(line.strip())
        if hit:
            run.stages[hit.group(1)] = float(hit.group(3))
    stages = ", ".join(f"{k} {v:.2f}" for k, v in run.stages.items())
    print(f"  resident-add: {run.seconds:.2f}s (then {m.group(5)}s writing its state entries after the reload; "
          f"session's first build {m.group(1)}s, process {seconds:.2f}s, peak RSS {one:.0f} MB); "
          f"{stages}; {run.summaries.get('cache', '')}", file=sys.stderr)
    return run


# ------------------------------------------------------------------ corpora


def corpus(n: int) -> Path:
    if n == 14:
        return ROOT / "content" / "seeds"
    from gen_corpus import generate

    folder = OUT / f"corpus-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data, _ in generate(n, seed=1):
            (folder / name).write_bytes(data)
        marker.write_text("ok")
    return folder


def extra_input(n: int, which: int = 0) -> tuple[str, bytes]:
    """A new article the corpus does not hold (same generator, another seed); `which`
    picks another one (the resident add-one must add an input no build has seen)."""
    from gen_corpus import generate

    fresh = [(f"added-{which}-{name}" if which else f"added-{name}", data)
             for name, data, truth in generate(40, seed=99) if truth.get("mirror_of") is None]
    if len(fresh) <= which:
        raise RuntimeError("generator made only mirrors")
    return fresh[which]


# ------------------------------------------------------------------ comparisons


def hugo_render(markdown_dir: Path, workdir: Path) -> tuple[float, int] | None:
    """Hugo renders our cleaned zh-hans Markdown with bench/hugo; returns (seconds, pages),
    or None when Hugo is not installed (the README promises an empty column, not a crash)."""
    if shutil.which("hugo") is None:
        return None
    content = workdir / "hugo-content" / "posts"
    shutil.rmtree(content.parent, ignore_errors=True)
    content.mkdir(parents=True)
    for md in markdown_dir.glob("*.md"):
        shutil.copy(md, content / md.name)
    dest = workdir / "hugo-public"
    discard(dest)
    settle()
    cmd = ["hugo", "--quiet", "--source", str(HUGO_SITE), "--contentDir", str(content.parent), "--destination", str(dest),
           "--cacheDir", str(workdir / "hugo-cache")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"hugo failed: {proc.stderr[-1000:]}")
    pages = sum(1 for _ in dest.rglob("*.html"))
    return seconds, pages


DISK_PROBE_FILES = 4000


def disk_probe(workdir: Path) -> float:
    """Files created per second in the layout of article pages (a folder and an 8 KB
    index.html each), on a settled disk, just before a cold build. A cold render creates
    ~56k files and folders at 10k and its parent process spends most of its time in
    ext4's inode allocation, whose cost swings 5-10x on this machine with how many inodes
    were deleted in the last hour (perf: `recently_deleted` in `find_inode_bit`); Hugo
    pays the same. This rate says which state the disk was in."""
    folder = workdir / "disk-probe"
    folder.mkdir(parents=True)
    blob = b"x" * 8192
    settle()
    t = time.perf_counter()
    for i in range(DISK_PROBE_FILES):
        d = folder / f"a{i}"
        d.mkdir()
        (d / "index.html").write_bytes(blob)
    rate = 2 * DISK_PROBE_FILES / (time.perf_counter() - t)
    discard(folder)
    return rate


def input_text(content: Path) -> str:
    from digest.ingest import decode

    texts = []
    for p in sorted(content.rglob("*")):
        if p.is_file() and p.suffix not in (".yaml", ".yml") and not p.name.startswith("."):
            text, _ = decode(p.read_bytes())
            if text:
                texts.append(text)
    return "\n".join(texts)


def jieba_speed(text: str) -> float:
    import jieba

    jieba.initialize()
    start = time.perf_counter()
    jieba.lcut(text)
    return len(text) / (time.perf_counter() - start)


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("pagefind/"))


# ------------------------------------------------------------------ micro-benchmarks


def micro(text: str, site: Path) -> dict[str, object]:
    """The heavy parts, each against its alternative, on the same text."""
    import jieba
    import rjieba
    from jinja2 import Environment, FileSystemLoader

    from digest.convert import TraditionalConverter
    from digest.normalize import converter

    out: dict[str, object] = {}
    paras = [p for p in text.splitlines() if p.strip()][:20000]
    sample = "\n".join(paras)
    jieba.initialize()
    t = time.perf_counter()
    a = [jieba.lcut(p, HMM=True) for p in paras]
    out["jieba_lcut_chars_s"] = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    b = [rjieba.cut(p) for p in paras]
    out["rjieba_cut_chars_s"] = len(sample) / (time.perf_counter() - t)
    out["rjieba_same_tokens_share"] = sum(x == y for x, y in zip(a, b, strict=True)) / max(1, len(paras))
    t = time.perf_counter()
    [jieba.lcut(p, HMM=False) for p in paras]
    out["jieba_lcut_nohmm_chars_s"] = len(sample) / (time.perf_counter() - t)
    # digest/tokens.py: jieba's words (HMM on, as tagging cuts), from its own one-loop route
    from digest.tokens import Segmenter

    seg = Segmenter()  # a fresh one: its HMM memo is process-wide, its block memo starts empty
    t = time.perf_counter()
    c = [seg.cut(p) for p in paras]
    out["tokens_lcut_chars_s"] = len(sample) / (time.perf_counter() - t)
    out["tokens_same_tokens"] = a == c

    # OpenCC: the zh-hant edition per paragraph (per page element) vs one call per document.
    s2twp = converter("s2twp")
    docs = [paras[i : i + 30] for i in range(0, len(paras), 30)]
    t = time.perf_counter()
    per_para = [[s2twp.convert(p) for p in d] for d in docs]
    out["opencc_per_paragraph_chars_s"] = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    per_doc = [s2twp.convert("\n".join(d)).split("\n") for d in docs]
    out["opencc_per_document_chars_s"] = len(sample) / (time.perf_counter() - t)
    out["opencc_same_output"] = per_para == per_doc
    # zh-hant with jieba's word boundaries: the formulation (s2twp over SEP-joined jieba
    # words) against the renderer's converter (own exact-mode cut, word and block memos;
    # a fresh one, so its memos start empty).
    from digest.convert import SEP

    guarded = paras[:3000]
    t = time.perf_counter()
    old = [s2twp.convert(SEP.join(jieba.cut(p, HMM=False))).replace(SEP, "") for p in guarded]
    out["guarded_s2twp_jieba_chars_s"] = sum(map(len, guarded)) / (time.perf_counter() - t)
    conv = TraditionalConverter()
    t = time.perf_counter()
    new = [conv._convert(p) for p in guarded]  # without the per-text cache
    out["guarded_s2twp_chars_s"] = sum(map(len, guarded)) / (time.perf_counter() - t)
    out["guarded_same_output"] = old == new

    # Jinja2: compiled-template cache on (default) vs off, rendering the same page 200 times.
    from digest.render import make_env

    site_filters = make_env().filters
    for label, size in (("jinja_cached_pages_s", 400), ("jinja_uncached_pages_s", 0)):
        env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), cache_size=size, auto_reload=False)
        env.filters.update(site_filters)  # the templates use the renderer's filters (t, url, ...)
        t = time.perf_counter()
        for _ in range(200):
            env.get_template("404.html")
        out[label] = 200 / (time.perf_counter() - t)

    # Pagefind once, over the built zh-hans pages.
    if site.is_dir():
        probe = OUT / "pagefind-probe"
        shutil.rmtree(probe, ignore_errors=True)
        shutil.copytree(site, probe, ignore=shutil.ignore_patterns("pagefind"))
        cmd = [sys.executable, "-m", "pagefind", "--site", str(probe), "--glob", "zh-hans/**/*.html", "--force-language", "zh",
               "--output-subdir", "pagefind", "--quiet"]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        out["pagefind_seconds"] = round(time.perf_counter() - t, 2)
        out["pagefind_pages"] = sum(1 for _ in (probe / "zh-hans").rglob("*.html"))
        out["pagefind_ok"] = proc.returncode == 0
        shutil.rmtree(probe, ignore_errors=True)
    return out


# ------------------------------------------------------------------ the run


def bench_size(n: int, jobs: int) -> dict[str, object]:
    content_src = corpus(n)
    work = RUNS / f"run-{n}"
    discard(work)
    work.mkdir(parents=True)
    content = work / "content"
    shutil.copytree(content_src, content, ignore=shutil.ignore_patterns(".complete"))
    result: dict[str, object] = {"size": n, "inputs": sum(1 for p in content.rglob("*") if p.is_file())}
    result["disk_inodes_s"] = disk_probe(work)
    print(f"[bench] {n}: cold build (disk: {result['disk_inodes_s']:,.0f} files and folders created per second)", file=sys.stderr)
    cold = build("cold", content, work, jobs)
    result["cold"] = asdict(cold)
    site = work / "site"
    pages = html_pages(site)
    result["html_pages"] = pages
    render_s = cold.stages.get("render", 0.0)
    result["render_pages_s"] = pages / render_s if render_s else None
    result["search"] = search_index(site, work)
    hugo = hugo_render(site / "markdown" / "zh-hans", work)
    result["hugo"] = {"seconds": hugo[0], "pages": hugo[1], "pages_s": hugo[1] / hugo[0]} if hugo else {}
    result["render_vs_hugo"] = (result["render_pages_s"] or 0) / hugo[1] * hugo[0] if hugo else None
    text = input_text(content)
    pipeline_s = sum(cold.stages.get(s, 0.0) for s in PIPELINE_STAGES)
    result["chars"] = len(text)
    result["pipeline_chars_s"] = len(text) / pipeline_s if pipeline_s else None
    result["jieba_chars_s"] = jieba_speed(text)
    result["pipeline_vs_jieba"] = (result["pipeline_chars_s"] or 0) / result["jieba_chars_s"]  # type: ignore[operator]
    if n > 14:
        name, data = extra_input(n)
        (content / name).write_bytes(data)
        print(f"[bench] {n}: warm rebuild after adding one input", file=sys.stderr)
        result["warm_add"] = asdict(build("warm-add", content, work, jobs))
        victim = sorted(p for p in content.iterdir() if p.is_file() and not p.name.startswith("added-"))[n // 2]
        victim.write_bytes(victim.read_bytes() + "\n编辑者补充的一段说明文字，用于测量修改单个输入后的增量构建时间。\n".encode())
        print(f"[bench] {n}: warm rebuild after editing one input", file=sys.stderr)
        result["warm_edit"] = asdict(build("warm-edit", content, work, jobs))
        print(f"[bench] {n}: warm rebuild, nothing changed", file=sys.stderr)
        result["warm_noop"] = asdict(build("warm-noop", content, work, jobs))
        print(f"[bench] {n}: resident session (make serve's loop): add one input", file=sys.stderr)
        result["resident_add"] = asdict(resident(content, work, jobs, *extra_input(n, 1)))
    return result


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hugo = (subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False).stdout.split(" ")[0:2]
            if shutil.which("hugo") else ["Hugo", "not installed"])
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "hugo": " ".join(hugo), "os": platform.platform(),
            # other jobs on a shared machine slow every number down: record how busy it was
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2)}


def fmt(x: object, digits: int = 2) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return str(x)


def verdict(name: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    higher_is_better = name.endswith(("_vs_hugo", "_vs_jieba"))
    return "met" if (value >= TARGETS[name] if higher_is_better else value <= TARGETS[name]) else "NOT met"


def report(results: list[dict], micro_result: dict | None, info: dict, jobs: int) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine_line = (f"{info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB, Python {info['python']}, {info['hugo']}, --jobs {jobs}, "
                    f"load average at start {info.get('load_avg_1m_at_start')}, code: {info.get('code', 'work tree')}")
    lines = [f"## {when} — {machine_line}", ""]
    columns = ["size", "inputs", "cold s", "peak RSS MB (tree / largest)", "warm add-one s", "warm edit-one s", "warm no-op s",
               "resident add-one s", "render pages/s", "Hugo pages/s", "render ÷ Hugo", "pipeline chars/s", "jieba chars/s",
               "pipeline ÷ jieba", "search index s (pages)", "disk: files created/s"]
    lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in results:
        cold = r["cold"]
        lines.append(
            f"| {r['size']} | {r['inputs']} | {fmt(cold['seconds'])} | {fmt(cold['peak_rss_mb'], 0)} / {fmt(cold['peak_single_mb'], 0)} | "
            f"{fmt(r.get('warm_add', {}).get('seconds'))} | {fmt(r.get('warm_edit', {}).get('seconds'))} | "
            f"{fmt(r.get('warm_noop', {}).get('seconds'))} | {fmt(r.get('resident_add', {}).get('seconds'))} | "
            f"{fmt(r['render_pages_s'], 0)} | {fmt(r['hugo'].get('pages_s'), 0)} | {fmt(r['render_vs_hugo'])} | "
            f"{fmt(r['pipeline_chars_s'], 0)} | {fmt(r['jieba_chars_s'], 0)} | {fmt(r['pipeline_vs_jieba'])} | "
            f"{fmt(r.get('search', {}).get('seconds'))} ({r.get('search', {}).get('pages', 0)}) | {fmt(r.get('disk_inodes_s'), 0)} |"
        )
    lines += ["", "Seconds per stage (cold → warm add-one):", ""]
    for r in results:
        stages = r["cold"]["stages"]
        warm = r.get("warm_add", {}).get("stages", {})
        parts = [f"{k} {v:.2f}" + (f"→{warm[k]:.2f}" if k in warm else "") for k, v in stages.items()]
        lines.append(f"- {r['size']}: " + ", ".join(parts))
        res = r.get("resident_add")
        if res and res.get("stages"):
            lines.append(f"  - resident add-one ({fmt(res['seconds'])} s; the session's first build "
                         f"{res['summaries'].get('first_build_s')} s, peak RSS {fmt(res['peak_single_mb'], 0)} MB; "
                         f"its state entries written after the reload in {res['summaries'].get('flush_s')} s): "
                         + ", ".join(f"{k} {v:.2f}" for k, v in res["stages"].items()))
    big = {r["size"]: r for r in results}
    if 10000 in big:
        r = big[10000]
        checks = {
            "cold_10k_s": r["cold"]["seconds"],
            "warm_add_10k_s": r.get("warm_add", {}).get("seconds"),
            "resident_add_10k_s": r.get("resident_add", {}).get("seconds"),
            "peak_rss_mb": r["cold"]["peak_single_mb"],
            "render_vs_hugo": r["render_vs_hugo"],
            "pipeline_vs_jieba": r["pipeline_vs_jieba"],
        }
        verdicts = [f"{k} {fmt(v)} ({verdict(k, v)}, target {fmt(TARGETS[k])})" for k, v in checks.items()]
        lines += ["", "Targets at 10k: " + ", ".join(verdicts)]
    if micro_result:
        lines += ["", "Heavy parts (same text, one process): " + ", ".join(f"{k} {fmt(v, 0 if isinstance(v, float) and v > 100 else 3)}"
                                                                      for k, v in micro_result.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from digest.executor import default_jobs

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="14,1000,10000")
    p.add_argument("--jobs", type=int, default=default_jobs())
    p.add_argument("--no-record", action="store_true", help="print only; do not append to bench/RESULTS.md")
    p.add_argument("--skip-micro", action="store_true")
    p.add_argument("--live", action="store_true", help="run the work tree's code, not a frozen export of HEAD")
    p.add_argument("--work", type=Path, default=None,
                   help="folder for the build folders (default bench/out; two benches at once must not share one)")
    args = p.parse_args(argv)
    global RUNS
    global TRASH
    if args.work is not None:
        RUNS = args.work.resolve()
        RUNS.mkdir(parents=True, exist_ok=True)
        TRASH = RUNS / "trash"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if shutil.which("hugo") is None:
        print("[bench] hugo not found (apt-get install hugo): the Hugo columns stay empty", file=sys.stderr)
    global CODE
    CODE, code_name = code_snapshot(args.live)
    info = machine()
    info["code"] = code_name
    results = []
    for n in sizes:
        results.append(bench_size(n, args.jobs))
        # saved after every size, so a long 10k run that is stopped still leaves its numbers
        (RUNS / "partial.json").write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False, indent=1))
    micro_result = None
    if not args.skip_micro:
        probe_size = 1000 if 1000 in sizes else sizes[-1]
        micro_result = micro(input_text(RUNS / f"run-{probe_size}" / "content"), RUNS / f"run-{probe_size}" / "site")
    empty_trash()
    (RUNS / "last.json").write_text(json.dumps({"machine": info, "results": results, "micro": micro_result}, ensure_ascii=False, indent=1))
    text = report(results, micro_result, info, args.jobs)
    print(text)
    if not args.no_record:
        head = "" if RESULTS.exists() else "# Benchmark results\n\nAppended by `make bench` (bench/run.py), newest last.\n\n"
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(head + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
