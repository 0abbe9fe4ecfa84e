"""Hostile inputs: every kind of bad file is reported with a one-line reason, the rest still
builds, Markdown and report.json cannot be broken out of, and no pattern stalls on
adversarial text. See docs/robustness.md for the table these tests back."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml

from digest import ingest
from digest.ingest import decode_detailed, discover, printable, read_inputs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "seeds" / "004_29a78f28a3f084e3.txt"  # small, one article
BODY = "人工智能大模型正在改变世界，很多公司都在发布新的模型和产品。英伟达发布了新的GPU，算力需求持续增长。\n"


def reasons(rejections: list[ingest.Rejection]) -> dict[str, tuple[str, str]]:
    return {Path(r.path).name: (r.status, r.reason) for r in rejections}


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize("data, reason", [
    (b"", "empty or whitespace-only"),
    (b" \n\t\r\n  ", "empty or whitespace-only"),
    (bytes(range(256)) * 20, "undecodable"),
    ("人工智能\x00大模型\x00".encode() * 50, "binary"),
    (b"\x00" * 4000, "binary"),
])
def test_unusable_bytes_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    result = decode_detailed(data)
    assert result.text is None and reason in result.encoding


def test_truncated_multibyte_sequence_at_end_is_dropped_and_noted() -> None:
    for enc in ("utf_8", "gb18030", "big5hkscs", "utf_16_le"):
        text = BODY.strip() * 5 if enc != "big5hkscs" else "人工智慧大模型正在改變世界。" * 5  # ends in a two-byte 。
        cut = text.encode(enc)[:-1]
        result = decode_detailed(cut)
        assert result.text is not None, (enc, result.encoding)
        assert any("truncated" in n for n in result.notes), (enc, result.notes)


def test_mixed_encodings_in_one_file_decode_line_by_line() -> None:
    data = "第一行是统一码，人工智能发展迅速。\n".encode() + "第二行是国标码，大模型正在改变世界。\n".encode("gb18030")
    result = decode_detailed(data * 3)
    assert result.text is not None and result.encoding.startswith("mixed")
    assert "第二行是国标码" in result.text and "第一行是统一码" in result.text


def test_stray_nul_and_line_separators_never_reach_the_text() -> None:
    text = BODY * 40 + "段落\x00中间\u2028换行\x1b[31m红色"
    result = decode_detailed(text.encode())
    assert result.text is not None
    assert "\x00" not in result.text and "\x1b" not in result.text and "\u2028" not in result.text
    assert any("control" in n for n in result.notes)


# --- discovery and reading --------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "good.txt").write_text(BODY * 3, encoding="utf-8")
    return folder


def test_symlinks_never_lead_out_of_content(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the content folder", encoding="utf-8")
    (content / "out.txt").symlink_to(secret)
    (content / "outdir").symlink_to(tmp_path)
    (content / "in.txt").symlink_to(content / "good.txt")
    (content / "loop1").symlink_to(content / "loop2")
    (content / "loop2").symlink_to(content / "loop1")
    (content / "dangling.txt").symlink_to(content / "nowhere")
    docs, rejected, _ = read_inputs(content, "c")
    got = reasons(rejected)
    assert got["out.txt"] == ("skipped", "symlink points outside the content folder; not followed")
    assert got["outdir"][0] == "skipped" and "outside" in got["outdir"][1]
    assert "loop" in got["loop1"][1] and "loop" in got["loop2"][1]
    assert "dangling" in got["dangling.txt"][1]
    assert sorted(d.path for d in docs) == ["c/good.txt", "c/in.txt"]  # a link inside content is fine
    assert all(b"outside the content" not in d.data for d in docs)


def test_special_files_and_directories_named_like_files(content: Path) -> None:
    os.mkfifo(content / "pipe.txt")  # reading it would block the build forever
    (content / "x.txt").mkdir()
    (content / "d.txt").mkdir()
    (content / "d.txt" / "inner.txt").write_text(BODY, encoding="utf-8")
    docs, rejected, _ = read_inputs(content, "c")
    got = reasons(rejected)
    assert got["pipe.txt"] == ("skipped", "a named pipe, not a regular file")
    assert got["x.txt"] == ("skipped", "a directory named like a file, holding no inputs")
    assert "c/d.txt/inner.txt" in {d.path for d in docs}


def test_huge_file_is_rejected_from_its_size_without_being_read(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = content / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB of size, no disk
    opened: list[str] = []
    real_read = ingest._read_capped
    monkeypatch.setattr(ingest, "_read_capped", lambda p, *a, **k: opened.append(Path(p).name) or real_read(p, *a, **k))
    tracemalloc.start()
    _docs, rejected, _ = read_inputs(content, "c")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    status, reason = reasons(rejected)["huge.txt"]
    assert status == "rejected" and "209715200 bytes" in reason and "limit" in reason
    assert "huge.txt" not in opened
    assert peak < 20 * 1024 * 1024


def test_a_file_growing_past_the_limit_while_read_is_refused(content: Path) -> None:
    path = content / "grows.txt"
    path.write_bytes(b"x" * 100)
    with pytest.raises(ValueError, match="limit"):
        ingest._read_capped(path, 50)


def test_unreadable_file_is_rejected(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: simulate the EACCES instead.
    (content / "locked.txt").write_text(BODY, encoding="utf-8")
    real_read = ingest._read_capped

    def deny(path: Path, *args: object, **kw: object) -> bytes:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "_read_capped", deny)
    docs, rejected, _ = read_inputs(content, "c")
    assert reasons(rejected)["locked.txt"] == ("rejected", "cannot read: Permission denied")
    assert [d.path for d in docs] == ["c/good.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; covered by test_unreadable_file_is_rejected")
def test_unreadable_permissions_for_real(content: Path) -> None:
    locked = content / "locked.txt"
    locked.write_text(BODY, encoding="utf-8")
    locked.chmod(0)
    try:
        _, rejected, _ = read_inputs(content, "c")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert reasons(rejected)["locked.txt"][0] == "rejected"


def test_sidecars_beside_rejected_or_missing_inputs_are_reported(content: Path) -> None:
    (content / "empty.txt").write_bytes(b"")
    (content / "empty.yaml").write_text("title: 不会用到\n", encoding="utf-8")
    (content / "orphan.yaml").write_text("title: 没有输入\n", encoding="utf-8")
    (content / "good.yaml").write_text("title: 好标题\n", encoding="utf-8")
    (content / "good.yml").write_text("title: 第二个\n", encoding="utf-8")
    docs, rejected, _ = read_inputs(content, "c")
    got = reasons(rejected)
    assert got["empty.yaml"] == ("skipped", "sidecar of rejected input c/empty.txt; its overrides are unused")
    assert got["orphan.yaml"][0] == "skipped" and "no input" in got["orphan.yaml"][1]
    assert got["good.yml"][0] == "skipped"
    assert [(d.path, d.sidecar) for d in docs] == [("c/good.txt", {"title": "好标题"})]


def test_file_names_cannot_forge_console_lines(content: Path) -> None:
    (content / "bad\nname\x1b[2J.txt").write_text(BODY, encoding="utf-8")
    (content / os.fsdecode(b"latin1-\xe9.txt")).write_text(BODY, encoding="utf-8")
    docs, _, _ = read_inputs(content, "c")
    for d in docs:
        assert d.path.isprintable(), d.path
        d.path.encode("utf-8")  # no lone surrogates: JSON, YAML and the cache key need UTF-8
    assert printable("a\nb") == "a\\x0ab"


def test_discover_never_walks_hidden_folders(content: Path) -> None:
    (content / ".git").mkdir()
    (content / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    files, _ = discover(content)
    assert [f.path.name for f in files] == ["good.txt"]


# --- the whole build ------------------------------------------------------------------


def cut_mid_character(data: bytes) -> bytes:
    """The first half of `data`, cut inside a multi-byte UTF-8 character."""
    k = len(data) // 2
    while data[k] & 0xC0 != 0x80:
        k += 1
    return data[:k]


def make_hostile_content(folder: Path) -> None:
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n\t ")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "truncated.txt").write_bytes(cut_mid_character(SEED.read_bytes()))
    (folder / "nul.txt").write_bytes(b"\x00" * 3000)
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    (folder / "spam.txt").write_text("澳门六合彩开奖结果，香港二四六开奖资料大全，彩票投注平台注册送38元彩金。\n" * 40, encoding="utf-8")
    (folder / "chrome.txt").write_text("首页 新闻 关于我们\n返回顶部\n版权所有 © 2024\n登录 注册\n", encoding="utf-8")
    (folder / "x.txt").mkdir()
    (folder / "orphan.yaml").write_text("title: 孤儿\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("title: 输入是空的\n", encoding="utf-8")
    (folder / "out.txt").symlink_to("/etc/hostname")
    (folder / "loop").symlink_to(folder / "loop")
    os.mkfifo(folder / "pipe.txt")
    one_line = "一行文章：" + "人工智能大模型发展迅速，各家公司纷纷发布新产品。" * 40_000  # ~1 MB
    (folder / "oneline.txt").write_text(one_line, encoding="utf-8")
    # Input text that looks like Markdown structure or HTML: must stay one paragraph, as text.
    lines = ["## 伪造的二级标题也是正文的一部分，它不能变成真正的标题", "---", "<script>alert(1)</script>这一行来自输入，不能变成脚本",
             "> 这一行像引用，但它是正文，必须保持为一个段落里的文字", "```", "1. 这一行像列表，但它是正文，必须保持为一个段落里的文字"]
    (folder / "markup.txt").write_text("大模型的标记语言测试文章\n\n" + "\n\n".join(f"{BODY.strip()}{ln}" if i % 2 else ln for i, ln in
                                                                       enumerate(lines)) + "\n\n" + BODY * 3, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    content, out = base / "content", base / "site"
    make_hostile_content(content)
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--no-search", "--no-cache", "--jobs", "1", "--strict"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    return proc, content, out


EXPECTED = {  # input name -> (status, words of the reason)
    "empty.txt": ("rejected", "empty"),
    "blank.txt": ("rejected", "whitespace-only"),
    "binary.bin": ("rejected", ""),
    "nul.txt": ("rejected", "binary"),
    "huge.txt": ("rejected", "limit"),
    "spam.txt": ("rejected", "no article text"),
    "chrome.txt": ("rejected", ""),
    "x.txt": ("skipped", "directory named like a file"),
    "orphan.yaml": ("skipped", "no input"),
    "empty.yaml": ("skipped", "sidecar of rejected input"),
    "out.txt": ("skipped", "outside the content folder"),
    "loop": ("skipped", "loop"),
    "pipe.txt": ("skipped", "named pipe"),
}


def test_every_bad_input_is_reported_and_the_rest_builds(hostile_build) -> None:
    proc, _content, out = hostile_build
    assert proc.returncode == 1, proc.stderr  # --strict: the warnings turn into exit 1, and the site is still built
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_name = {Path(i["path"]).name: i for i in report["inputs"]}
    for name, (status, words) in EXPECTED.items():
        assert name in by_name, f"{name} missing from report.json"
        entry = by_name[name]
        assert entry["status"] == status, (name, entry)
        assert words in entry["reason"] and entry["reason"], (name, entry)
        line = f"{status}: {entry['path']}: {entry['reason']}"
        assert line in proc.stderr, f"no console line for {name}"
        assert "\n" not in entry["reason"]
    for good in (SEED.name, "truncated.txt", "markup.txt", "oneline.txt"):
        assert by_name[good]["status"] in ("published", "merged"), by_name[good]
    assert "--strict" in proc.stderr


def test_markdown_and_report_cannot_be_broken_out_of(hostile_build) -> None:
    from markdown_it import MarkdownIt

    _, _, out = hostile_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    slug = next(i["article"] for i in report["inputs"] if i["path"].endswith("markup.txt"))
    text = (out / "markdown" / "zh-hans" / f"{slug}.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front_text, body = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(front_text)
    assert front["slug"] == slug
    tokens = MarkdownIt("commonmark").parse(body)
    kinds = {t.type for t in tokens}
    assert kinds <= {"heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline"}, kinds
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert all(t.tag == "h2" for t in tokens if t.type == "heading_open")
    assert not any("伪造的二级标题" in h for h in headings), "an input line became a heading"
    paragraphs = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert any("alert(1)" in p for p in paragraphs), "the <script> line is gone or left its paragraph"
    # report.json is one valid document (parsed above) whatever the inputs held.


def test_nothing_written_outside_out(hostile_build) -> None:
    _proc, _content, out = hostile_build
    siblings = sorted(p.name for p in out.parent.iterdir())
    assert siblings == [".site.lock", "content", "site"], siblings


# --- limits ---------------------------------------------------------------------------


def test_a_pathological_input_is_stopped_by_the_time_budget(tmp_path: Path) -> None:
    """An input that needs far more CPU than the budget (6 MB of numbered article lines:
    minutes of work) is rejected with the reason, and the rest of the build goes on. The
    budget counts CPU seconds (executor.run_guarded), so a busy machine rejects nothing else."""
    content = tmp_path / "content"
    content.mkdir()
    (content / SEED.name).write_bytes(SEED.read_bytes())
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if len(ln) > 20]
    big = "\n".join(f"第{i}条 {lines[i % len(lines)]}" for i in range(6_000_000 // (3 * 60)))
    (content / "huge.txt").write_text("超长输入\n" + big[:6_000_000 // 3], encoding="utf-8")
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(tmp_path / "site"), "--no-search", "--no-cache",
           "--jobs", "1", "--time-budget", "5"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    by_name = {Path(i["path"]).name: i for i in report["inputs"]}
    assert by_name[SEED.name]["status"] == "published"
    assert by_name["huge.txt"]["status"] == "rejected" and "time budget" in by_name["huge.txt"]["reason"], by_name["huge.txt"]
    assert "CPU s" in by_name["huge.txt"]["reason"]


def test_no_pattern_backtracks_catastrophically_on_adversarial_text() -> None:
    """Every regex the pipeline compiles (code and rules/*.yaml), on long runs of digits,
    CJK, separators and dates (normalized first, as the stages see them), each within a
    generous per-pattern alarm; the subprocess timeout is the backstop."""
    proc = subprocess.run([sys.executable, "bench/fuzz.py", "--patterns", "--length", "50000"], cwd=ROOT, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["patterns"] > 20, "the pattern collector found too few patterns"
    assert result["slow"] == [], json.dumps(result["slow"], ensure_ascii=False, indent=1)


def test_impossible_calendar_days_build_and_date_nothing(tmp_path: Path) -> None:
    """A page, a tab-separated sheet and a JSON response that state 2024-02-30 or 2023-02-29
    (found by make fuzz: the renderer's YAML date raised and the whole build stopped): the
    build publishes all three, and no article carries an impossible day."""
    content = tmp_path / "content"
    content.mkdir()
    chip = "星河科技发布新一代推理芯片，单卡算力较上一代提升一倍，功耗下降三成，首批产品将在华东数据中心部署。"
    robot = "远航机器人在苏州新建的工厂本月投产，年产协作机器人两万台，产品主要供应汽车零部件和电子装配企业。"
    cloud = "北辰云宣布西部智算集群完成液冷改造，机柜功率密度提高到四十千瓦，全年电费预计可以节省一千二百万元。"
    model = "深蓝智能开源了一个七十亿参数的语音大模型，支持十二种方言识别，开发者可以在消费级显卡上完成微调。"
    (content / "page.txt").write_text(f"芯片公司发布推理芯片\n发布时间：2024-02-30 10:00\n\n{chip}\n\n{chip[::-1]}\n", encoding="utf-8")
    rows = ["序号\t标题\t正文\t发布时间\t来源", f"1\t机器人工厂投产\t{robot}{robot[::-1]}\t2024-02-30\t星河日报",
            f"2\t智算集群改造\t{cloud}{cloud[::-1]}\t2023-02-29\t星河日报"]
    (content / "sheet.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (content / "dump.json").write_text(json.dumps({"code": 0, "data": {"title": "语音大模型开源", "date": "2023-02-29",
                                                                        "content": f"{model}\n{model[::-1]}"}}, ensure_ascii=False),
                                       encoding="utf-8")
    out = tmp_path / "site"
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--no-search", "--no-cache", "--jobs", "1"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {r["path"].rsplit("/", 1)[-1]: r["status"] for r in report["inputs"]} == {
        "page.txt": "published", "sheet.txt": "published", "dump.json": "published"}
    dates = [a["date"] for a in report["articles"]]
    assert "2024-02-30" not in dates and "2023-02-29" not in dates, dates
