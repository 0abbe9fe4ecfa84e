"""Sidecars and configuration: malformed YAML is located as file:line, a bad sidecar only
loses its own overrides, a bad taxonomy or command line exits 2, and no slug from a
sidecar can make the build write outside --out."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.ingest import load_sidecar
from digest.slug import RESERVED, sanitize, unique_slugs
from digest.writer import SiteWriter

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "seeds" / "004_29a78f28a3f084e3.txt"
BODY = "人工智能大模型正在改变世界，很多公司都在发布新的模型和产品。英伟达发布了新的GPU，算力需求持续增长。\n"


WORDS = ("人工智能", "大模型", "算力", "芯片", "数据中心", "开源", "训练", "推理", "英伟达", "华为", "百度", "阿里", "腾讯", "机器人",
         "自动驾驶", "云计算", "应用",
         "创业公司", "融资", "监管", "政策", "用户", "市场", "产品", "发布", "研发", "成本", "生态", "合作", "竞争")


def article(i: int, title: str) -> str:
    """A distinct synthetic article (dedup must not merge two of them)."""
    rng = random.Random(i)
    paragraphs = ["".join(rng.choice(WORDS) + rng.choice("的和与在，") for _ in range(30)) + "。" for _ in range(5)]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def build(content: Path, out: Path, *extra: str, taxonomy: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--no-search", "--no-cache", "--jobs", "1", *extra]
    if taxonomy is not None:
        cmd += ["--taxonomy", str(taxonomy)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


# --- sidecars -------------------------------------------------------------------------


def test_malformed_sidecar_is_located_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: 好标题\ndate: 2024-01-02\nslug: [unclosed\n", encoding="utf-8")
    fields, warnings = load_sidecar(path, "content/a.yaml")
    assert fields == {}
    assert len(warnings) == 1 and re.match(r"content/a\.yaml:3: malformed sidecar YAML \(.+\)", warnings[0]), warnings


def test_a_bad_field_loses_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: 好标题\ndate: 2024-02-30\nnested: {a: 1}\nslug: ''\n", encoding="utf-8")
    fields, warnings = load_sidecar(path, "content/a.yaml")
    assert fields == {"title": "好标题"}
    assert [w.split(":")[1] for w in warnings] == ["2", "3", "4"], warnings


def test_yaml_alias_bomb_is_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    levels = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
                                                     for i in range(8)]
    path.write_text("\n".join(levels) + "\ntitle: 标题\n", encoding="utf-8")
    fields, warnings = load_sidecar(path, "content/a.yaml")
    assert set(fields) == {"a", "title"}  # 9**9 leaves were never expanded: the nested fields are refused
    assert len(warnings) == 8


def test_sidecar_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert load_sidecar(path, "c/a.yaml") == ({}, ["c/a.yaml:1: sidecar must be a mapping of field: value; its overrides are ignored"])


@pytest.fixture(scope="module")
def sidecar_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Inputs whose sidecars hold hostile slugs, a malformed file and an unknown key."""
    base = tmp_path_factory.mktemp("sidecars")
    content, out = base / "deep" / "er" / "content", base / "deep" / "er" / "site"
    content.mkdir(parents=True)
    slugs = ["../../../escape", "/etc/passwd", "a\x00b\x1b[2J", "index", "con", "..", "same", "same", "C:\\Windows\\evil"]
    for i, slug in enumerate(slugs):
        (content / f"{i:02d}.txt").write_text(article(i, f"第{i}篇文章的标题是关于人工智能"), encoding="utf-8")
        (content / f"{i:02d}.yaml").write_text(json.dumps({"slug": slug}), encoding="utf-8")
    (content / "10.txt").write_text(article(10, "第十篇文章的标题是关于大模型"), encoding="utf-8")
    (content / "10.yaml").write_text("title: 有效的标题\nslug: [unclosed\n", encoding="utf-8")
    (content / "11.txt").write_text(article(11, "第十一篇文章的标题是关于算力"), encoding="utf-8")
    (content / "11.yaml").write_text("title: 第十一篇的覆盖标题\nmystery: 1\n", encoding="utf-8")
    return build(content, out), out


def test_hostile_slugs_are_sanitized_and_never_escape(sidecar_build) -> None:
    proc, out = sidecar_build
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    slugs = [a["slug"] for a in report["articles"]]
    published = [i for i in report["inputs"] if i["status"] == "published"]
    assert len(slugs) == len(set(slugs)) == len(published) >= 10
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and slug not in RESERVED, slug
    assert {"escape", "etc-passwd", "a-index", "a-con", "same", "same-2"} <= set(slugs)
    # Only the site and the lock beside it were created next to the content folder, and
    # nothing above it (the deepest ../ chain climbs three levels).
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.lock", "content", "site"]
    assert sorted(p.name for p in out.parent.parent.iterdir()) == ["er"]
    assert sorted(p.name for p in out.parents[2].iterdir()) == ["deep"]


def test_slug_collisions_resolve_the_same_way_every_build(sidecar_build, tmp_path: Path) -> None:
    _, out = sidecar_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    first = {i["path"].rsplit("/", 1)[1]: i["article"] for i in report["inputs"]}
    assert first["06.txt"] == "same" and first["07.txt"] == "same-2"
    assert unique_slugs(["same", "same", "same-2", "same"]) == ["same", "same-2", "same-2-2", "same-3"]


def test_malformed_sidecar_skips_only_its_override(sidecar_build) -> None:
    proc, out = sidecar_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_name = {i["path"].rsplit("/", 1)[1]: i for i in report["inputs"]}
    assert by_name["10.txt"]["status"] == "published"
    assert re.search(r"10\.yaml:2: malformed sidecar YAML", proc.stderr), proc.stderr
    titles = {a["slug"]: a["title"] for a in report["articles"]}
    assert titles[by_name["11.txt"]["article"]] == "第十一篇的覆盖标题"  # the other sidecar still applies
    assert "unknown sidecar key 'mystery'" in proc.stderr


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_sanitize_always_gives_one_safe_path_segment(raw: str) -> None:
    slug = sanitize(raw)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and len(slug) <= 82 and slug not in RESERVED


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a/../../x", "a\x00b", "a\\..\\b", "zh-hans/../../x"])
def test_writer_refuses_paths_outside_the_site(tmp_path: Path, rel: str) -> None:
    with SiteWriter(tmp_path / "site") as writer, pytest.raises(ValueError):
        writer.target(rel)


# --- taxonomy and command line ---------------------------------------------------------


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / SEED.name).write_bytes(SEED.read_bytes())
    return content


def test_malformed_taxonomy_exits_2_with_file_and_line(small_content: Path, tmp_path: Path) -> None:
    tax = tmp_path / "taxonomy.yaml"
    tax.write_text((ROOT / "taxonomy.yaml").read_text(encoding="utf-8") + "\n  broken: [unclosed\n", encoding="utf-8")
    proc = build(small_content, tmp_path / "site", taxonomy=tax)
    assert proc.returncode == 2, proc.stderr
    assert re.search(rf"error: {re.escape(tax.as_posix())}:\d+: ", proc.stderr), proc.stderr
    assert not (tmp_path / "site").exists()


def test_unknown_taxonomy_key_warns_and_fails_strict(small_content: Path, tmp_path: Path) -> None:
    text = (ROOT / "taxonomy.yaml").read_text(encoding="utf-8").replace("tagging:\n", "tagging:\n  frobnicate: 1\n", 1)
    tax = tmp_path / "taxonomy.yaml"
    tax.write_text(text, encoding="utf-8")
    proc = build(small_content, tmp_path / "site", "--strict", taxonomy=tax)
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"taxonomy\.yaml:\d+: tagging: unknown key 'frobnicate'", proc.stderr), proc.stderr


@pytest.mark.parametrize("case", ["no-content", "no-taxonomy", "out-is-content", "out-inside-content", "out-contains-content",
                                  "out-is-a-file"])
def test_usage_errors_exit_2_and_touch_nothing(small_content: Path, tmp_path: Path, case: str) -> None:
    out, tax, content = tmp_path / "site", ROOT / "taxonomy.yaml", small_content
    if case == "no-content":
        content = tmp_path / "missing"
    elif case == "no-taxonomy":
        tax = tmp_path / "missing.yaml"
    elif case == "out-is-content":
        out = small_content
    elif case == "out-inside-content":
        out = small_content / "site"
    elif case == "out-contains-content":
        out = tmp_path
    elif case == "out-is-a-file":
        out.write_text("not a folder", encoding="utf-8")
    before = sorted(p.name for p in small_content.iterdir())
    proc = build(content, out, taxonomy=tax)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert sorted(p.name for p in small_content.iterdir()) == before


def test_strict_build_of_the_seeds_has_no_warnings(tmp_path: Path) -> None:
    """--strict counts warnings about the build's configuration; a library's own noise
    (jieba.analyse leaves its IDF file open when first imported, which happens during the
    build for an input without a title, as seed 004 is) must not fail an editor's build."""
    proc = build(ROOT / "content", tmp_path / "site", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "warning:" not in proc.stderr, proc.stderr
