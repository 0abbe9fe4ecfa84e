"""Atomic output: a build interrupted anywhere leaves the previous site intact, the next
build succeeds, and two builds at once do not both write.

Builds run as subprocesses of the real CLI. The kill test watches the `[stage]` lines the
build prints on stderr and sends SIGKILL right after each one; the writer's checkpoints
(DIGEST_FAIL_AT) cover the moments inside the render stage that print no line.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digest.writer import CHECKPOINTS, build_lock

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("taxonomy", "ingest", "normalize", "clean", "dedup", "sections", "timeline", "render")
SEEDS = ("003_04ac63d67b3ce49b.txt", "004_29a78f28a3f084e3.txt")  # two small seeds: fast builds


def cmd(content: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    return [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--cache", str(cache),
            "--no-search", "--jobs", "1", *extra]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


def site_state(out: Path) -> dict[str, str]:
    """Every file of a site and the hash of its bytes."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Content with two inputs and a first site built from only one of them, so a finished
    second build would change the site: an interrupted one must not."""
    base = tmp_path_factory.mktemp("atomic")
    content = base / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "seeds" / SEEDS[0], content / SEEDS[0])
    out, cache = base / "site", base / "cache"
    proc = subprocess.run(cmd(content, out, cache, "--quiet"), cwd=ROOT, capture_output=True, text=True, timeout=600, env=env())
    assert proc.returncode == 0, proc.stderr
    shutil.copytree(out, base / "first-site")
    shutil.copy(ROOT / "content" / "seeds" / SEEDS[1], content / SEEDS[1])
    return {"base": base, "content": content, "out": out, "cache": cache}


def run_until_line(world: dict[str, Path], stage: str, sig: int = signal.SIGKILL, **extra_env: str) -> tuple[int, str]:
    """Start a build, send `sig` right after it prints the line of `stage`; returns (exit code, stderr)."""
    proc = subprocess.Popen(cmd(world["content"], world["out"], world["cache"]), cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            env=env(**extra_env))
    seen = []
    assert proc.stderr is not None
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(f"[{stage}"):
            proc.send_signal(sig)
            break
    rest = proc.stderr.read()
    code = proc.wait(timeout=600)
    return code, "".join(seen) + rest


def assert_intact(world: dict[str, Path], before: dict[str, str]) -> None:
    assert world["out"].is_dir(), "the previous site is gone"
    assert site_state(world["out"]) == before, "the previous site changed"


@pytest.mark.parametrize("stage", STAGES[:-1])
def test_sigkill_after_each_stage_leaves_previous_site(world: dict[str, Path], stage: str) -> None:
    before = site_state(world["out"])
    code, log = run_until_line(world, stage)
    assert code == -signal.SIGKILL, f"the build ended before it could be killed after [{stage}]:\n{log}"
    assert_intact(world, before)


def test_sigkill_after_render_line_leaves_a_complete_new_site(world: dict[str, Path]) -> None:
    # The render line is printed after the swap: the site must be the complete new one.
    code, log = run_until_line(world, "render")
    assert code in (0, -signal.SIGKILL), log
    state = site_state(world["out"])
    assert any(p.startswith("markdown/zh-hans/") for p in state)
    assert "report.json" in state
    _restore_first_site(world)


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_sigkill_inside_the_writer(world: dict[str, Path], point: str) -> None:
    """Killed while staging, after writing, after pruning or during the swap: the site is
    the previous one or the complete new one, never a mix, and the next build succeeds."""
    before = site_state(world["out"])
    proc = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env(DIGEST_FAIL_AT=point, DIGEST_FAIL_MODE="kill"))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = site_state(world["out"])
    if point == "swapping":  # the atomic exchange has happened: all new
        assert after != before and "report.json" in after
    else:
        assert after == before
    rebuild_and_check(world)
    _restore_first_site(world)


def test_killed_between_the_two_renames_of_the_portable_swap(world: dict[str, Path]) -> None:
    """Without renameat2 the swap is two renames; a build killed between them leaves no
    --out, and the next build puts the previous site back before anything else."""
    before = site_state(world["out"])
    proc = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env(DIGEST_FAIL_AT="swapping", DIGEST_FAIL_MODE="kill", DIGEST_SWAP="rename"))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    old = world["out"].parent / f".{world['out'].name}.old"
    assert not world["out"].exists() and site_state(old) == before
    from digest.writer import SiteWriter

    with build_lock(world["out"]):
        SiteWriter(world["out"]).recover()
    assert_intact(world, before)


def test_exception_in_a_late_stage_exits_70_and_keeps_the_site(world: dict[str, Path]) -> None:
    before = site_state(world["out"])
    proc = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env(DIGEST_FAIL_AT="pruned"))
    assert proc.returncode == 70, proc.stderr
    assert "internal error" in proc.stderr and "previous site is left as it was" in proc.stderr
    assert_intact(world, before)
    assert not (world["out"].parent / f".{world['out'].name}.staging").exists(), "staging left behind"


@pytest.mark.parametrize("mode", ["sigint", "sigterm"])
def test_ctrl_c_and_sigterm_exit_130_and_keep_the_site(world: dict[str, Path], mode: str) -> None:
    """The signal arrives while pages are being written (sent by the build itself at that
    checkpoint, so a fast cached build cannot finish first and make the test a race)."""
    before = site_state(world["out"])
    proc = subprocess.run(cmd(world["content"], world["out"], world["cache"]), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env(DIGEST_FAIL_AT="written", DIGEST_FAIL_MODE=mode))
    assert proc.returncode == 130, proc.stderr
    assert "interrupted" in proc.stderr
    assert_intact(world, before)


def test_second_build_refuses_while_first_holds_the_lock(world: dict[str, Path]) -> None:
    before = site_state(world["out"])
    with build_lock(world["out"]):  # exactly what a running build holds
        proc = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True,
                              text=True, timeout=600, env=env())
    assert proc.returncode == 3, proc.stderr
    assert "another build is writing" in proc.stderr
    assert_intact(world, before)


def test_two_real_builds_at_once(world: dict[str, Path]) -> None:
    """The second build refuses at once (the lock is taken before the analysis), the first finishes."""
    first = subprocess.Popen(cmd(world["content"], world["out"], world["cache"]), cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env())
    assert first.stderr is not None
    log = [first.stderr.readline()]  # the taxonomy line: the lock is held from before it
    first.send_signal(signal.SIGSTOP)  # hold the first build mid-way, so the race is decided
    try:
        second = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True,
                                text=True, timeout=600, env=env())
    finally:
        first.send_signal(signal.SIGCONT)
    log.append(first.stderr.read())
    assert first.wait(timeout=600) == 0, "".join(log)
    assert second.returncode == 3, second.stderr
    _restore_first_site(world)


def test_next_build_after_all_interruptions_succeeds(world: dict[str, Path]) -> None:
    rebuild_and_check(world, compare_fresh=True)
    _restore_first_site(world)


def rebuild_and_check(world: dict[str, Path], compare_fresh: bool = False, **extra_env: str) -> None:
    """A full build succeeds, leaves nothing behind, and (optionally) equals a build from scratch."""
    proc = subprocess.run(cmd(world["content"], world["out"], world["cache"], "--quiet"), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env(**extra_env))
    assert proc.returncode == 0, proc.stderr
    assert leftovers_after_background_delete(world["out"]) == []
    if not compare_fresh:
        return
    fresh = world["base"] / "fresh"
    proc = subprocess.run(cmd(world["content"], fresh, world["base"] / "fresh-cache", "--quiet", "--no-cache"), cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env=env())
    assert proc.returncode == 0, proc.stderr
    assert site_state(world["out"]) == site_state(fresh)
    shutil.rmtree(fresh)


def leftovers_after_background_delete(out: Path, wait: float = 60.0) -> list[str]:
    """Folders beside the site other than its lock and its spare (a large site's previous
    tree, kept for the next build with its journal). Trees thrown away are moved aside to
    `.NAME.old-*` and deleted by a detached process, so give that process time to finish;
    staging and `.NAME.old` must already be gone when the build exits."""
    def found() -> list[str]:
        return sorted(p.name for p in out.parent.glob(f".{out.name}.*")
                      if not p.name.endswith((".lock", ".spare", ".spare.journal")))

    assert [n for n in found() if not n.startswith(f".{out.name}.old-")] == []
    deadline = time.monotonic() + wait
    while found() and time.monotonic() < deadline:
        time.sleep(0.05)
    return found()


def test_previous_tree_is_kept_as_spare_and_trash_deleted_in_the_background(world: dict[str, Path]) -> None:
    """Two finished builds in a row: each keeps the site it replaced as the spare (one
    rename), the second builds its staging from it; a trash folder left by a killed
    deleter is deleted by a detached process. (Sites under BACKGROUND_MIN_FILES files are
    deleted inline; the threshold is lowered here.)"""
    for _ in range(2):
        rebuild_and_check(world, compare_fresh=True, DIGEST_BACKGROUND_DELETE_MIN_FILES="1")
    from digest.writer import SiteWriter

    writer = SiteWriter(world["out"])
    assert writer.trash_folders() == []
    assert writer.spare.is_dir() and writer.journal.is_file()
    trash = world["out"].parent / f".{world['out'].name}.old-1-1"  # as if its deleter had been killed
    (trash / "zh-hans").mkdir(parents=True)
    (trash / "zh-hans" / "index.html").write_text("old")
    with build_lock(world["out"]):
        writer.recover()  # the next build hands it to a new deleter
    assert leftovers_after_background_delete(world["out"]) == []
    _restore_first_site(world)


def _restore_first_site(world: dict[str, Path]) -> None:
    """Back to the one-input site, so later tests can tell an untouched site from a rebuilt one."""
    shutil.rmtree(world["out"])
    shutil.copytree(world["base"] / "first-site", world["out"])


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_sigkill_while_building_from_the_spare(tmp_path: Path, point: str) -> None:
    """A large site's build turns the spare into its staging folder: killed at any writer
    checkpoint, the site is the previous one or the complete new one, and the next build
    (which cannot trust the half-synced spare) equals a build from scratch."""
    large = {"DIGEST_BACKGROUND_DELETE_MIN_FILES": "1"}
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    content.mkdir()
    shutil.copy(ROOT / "content" / "seeds" / SEEDS[0], content / SEEDS[0])
    for _ in range(2):  # the second build keeps the first site as the spare
        proc = subprocess.run(cmd(content, out, cache, "--quiet"), cwd=ROOT, capture_output=True, text=True, timeout=600, env=env(**large))
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".site.spare").is_dir()
    before = site_state(out)
    shutil.copy(ROOT / "content" / "seeds" / SEEDS[1], content / SEEDS[1])
    proc = subprocess.run(cmd(content, out, cache, "--quiet"), cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=env(DIGEST_FAIL_AT=point, DIGEST_FAIL_MODE="kill", **large))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = site_state(out)
    if point == "swapping":
        assert after != before and "report.json" in after
    else:
        assert after == before
    proc = subprocess.run(cmd(content, out, cache, "--quiet"), cwd=ROOT, capture_output=True, text=True, timeout=600, env=env(**large))
    assert proc.returncode == 0, proc.stderr
    assert leftovers_after_background_delete(out) == []
    fresh = tmp_path / "fresh"
    proc = subprocess.run(cmd(content, fresh, tmp_path / "fresh-cache", "--quiet", "--no-cache"), cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=env())
    assert proc.returncode == 0, proc.stderr
    assert site_state(out) == site_state(fresh)
