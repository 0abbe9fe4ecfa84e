"""Output writing: atomic swap of the whole site, rewrite only changed files, one writer
per path, never outside the output folder.

The build writes into a staging folder next to `--out` (seeded with hard links to the
previous site so unchanged files keep their mtime), then swaps it in with renames. An
interrupted build leaves the previous site intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


class BuildLockedError(RuntimeError):
    pass


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: set[str] = field(default_factory=set)


class SiteWriter:
    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.staging = self.out.parent / f".{self.out.name}.staging"
        self.stats = WriteStats()

    def __enter__(self) -> SiteWriter:
        if self.staging.exists():
            shutil.rmtree(self.staging)  # left by an interrupted build
        if self.out.is_dir():
            shutil.copytree(self.out, self.staging, copy_function=os.link, symlinks=True)
        else:
            self.staging.mkdir(parents=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        self._prune()
        self._swap()

    def target(self, rel: str) -> Path:
        """The staging path for `rel`, refusing anything that would leave the site."""
        if rel.startswith("/") or "\\" in rel or "\x00" in rel:
            raise ValueError(f"unsafe output path: {rel!r}")
        path = (self.staging / rel).resolve()
        if not path.is_relative_to(self.staging.resolve()):
            raise ValueError(f"output path escapes the site folder: {rel!r}")
        return path

    def write(self, rel: str, data: bytes | str) -> bool:
        """Write `rel` unless identical bytes are already there. Returns True if written."""
        if rel in self.stats.paths:
            raise ValueError(f"two pages want the same path: {rel}")
        self.stats.paths.add(rel)
        blob = data.encode("utf-8") if isinstance(data, str) else data
        path = self.target(rel)
        if path.is_file() and path.stat().st_size == len(blob) and path.read_bytes() == blob:
            self.stats.unchanged += 1
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)  # breaks the hard link to the previous site's file
        self.stats.written += 1
        return True

    def claim(self, rel_dir: str) -> None:
        """Mark every file under `rel_dir` (made by an external tool) as part of this build."""
        base = self.target(rel_dir)
        for path in base.rglob("*"):
            if path.is_file():
                self.stats.paths.add(path.relative_to(self.staging.resolve()).as_posix())

    def _prune(self) -> None:
        root = self.staging.resolve()
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in self.stats.paths:
                path.unlink()
                self.stats.removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()

    def _swap(self) -> None:
        old = self.out.parent / f".{self.out.name}.old"
        if old.exists():
            shutil.rmtree(old)
        if self.out.exists():
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(out: Path):
    """Refuse a second build writing to the same site at the same time."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildLockedError(f"another build is writing {out} (lock {lock_path}); wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
