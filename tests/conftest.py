"""Shared fixtures. `built_site` builds the seed corpus once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from digest.model import Draft, RawDoc
from digest.pipeline import extract, prepare

ROOT = Path(__file__).resolve().parent.parent

# A small dated news article (headline, date/source line, four body paragraphs) the
# cleaning tests put probe sentences and noise into; invented, not from the labelled set.
NEWS_TITLE = "国产大模型加速落地 多家厂商发布新品"
NEWS_META = "2025-03-12 10:20 来源：某某科技网"
NEWS_BODY = [
    "国内大模型厂商在过去一年里密集发布新产品，推理成本持续下降，应用落地明显加速。",
    "多家云厂商宣布降价，模型即服务的商业模式逐渐清晰，开发者的使用门槛也随之降低。",
    "业内人士认为，行业模型和端侧部署将是下一阶段竞争的重点，算力供给仍是关键约束。",
    "分析师指出，随着推理需求增长，数据中心的电力与散热将成为新的瓶颈，相关产业链有望受益。",
]


POSITIONS = ["lead", "middle", "end"]


def news_draft(lines: list[str]) -> Draft:
    """The first article cleaned from `lines`, blank-line separated, as one input."""
    return extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]


def news_placed(line: str, where: str) -> list[str]:
    """The news fixture with `line` as a paragraph of its own at the lead, middle or end."""
    if where == "lead":
        return [NEWS_TITLE, NEWS_META, line, *NEWS_BODY]
    if where == "middle":
        return [NEWS_TITLE, NEWS_META, *NEWS_BODY[:2], line, *NEWS_BODY[2:]]
    return [NEWS_TITLE, NEWS_META, *NEWS_BODY, line]


def run_build(content: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real CLI (as a user would) and fail with its output when it does not exit 0."""
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--quiet", *extra]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        pytest.fail(f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once into a temporary folder; returns the site folder."""
    out = tmp_path_factory.mktemp("built") / "site"
    run_build(ROOT / "content", out)
    return out


@pytest.fixture(scope="session")
def jieba_tax():
    """The repository's taxonomy, its words loaded into jieba's dictionary: the state the
    build tokenizes and converts with (load_jieba is idempotent)."""
    from digest.taxonomy import load_jieba, load_taxonomy

    tax = load_taxonomy(ROOT / "taxonomy.yaml")
    load_jieba(tax)
    return tax
