"""Shared fixtures. `built_site` builds the seed corpus once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
