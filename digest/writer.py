"""Output writing: atomic swap of the whole site, rewrite only changed files, one writer
per path, never outside the output folder.

The build writes into a staging folder next to `--out` (seeded with hard links to the
previous site so unchanged files keep their mtime), then swaps it in. An interrupted build
(exception, Ctrl-C, SIGKILL at any point) leaves the previous site intact:

* a file is never written in place: a new file replaces the hard link (write + rename), so
  the previous site's inode is untouched; folders filled by an external tool (Pagefind)
  are not seeded with links at all, since a tool may truncate and rewrite its files;
* the swap is one atomic `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames,
  and a build that finds `--out` missing but `.NAME.old` present (killed between them)
  puts the old site back first;
* leftovers of a killed build (staging, old) are removed by the next one, under the lock.

No step walks, copies or deletes the whole site more than once per build: staging links
every file of the previous site in one `scandir` pass and remembers the paths, pruning
unlinks only the remembered files this build did not write, and a large previous tree
(moved aside to `.NAME.old-<pid>-<ns>` after the swap) is deleted by a detached background
process, so the build returns without waiting for it; a small one is deleted inline. A trash folder that is still there
(the deleter was killed) is handed to a new background deleter by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Folders written by external tools instead of SiteWriter.write: never hard-link-seeded.
EXTERNAL_DIRS = ("pagefind",)
# Fault injection for the atomicity tests: DIGEST_FAIL_AT=<checkpoint> makes the build
# raise (or, with DIGEST_FAIL_MODE=kill, SIGKILL itself) at that point of the writer.
FAIL_AT_ENV = "DIGEST_FAIL_AT"
FAIL_MODE_ENV = "DIGEST_FAIL_MODE"
CHECKPOINTS = ("staged", "written", "pruned", "swapping")
SWAP_ENV = "DIGEST_SWAP"  # "rename" forces the portable two-rename swap (tests)
# A previous site of at least this many files is deleted by a background process after
# the swap (10k articles: ~37k files, 9 s to delete); a smaller one is deleted inline.
BACKGROUND_MIN_FILES = 2000
BACKGROUND_ENV = "DIGEST_BACKGROUND_DELETE_MIN_FILES"  # tests set it low to exercise the background path


class BuildLockedError(RuntimeError):
    pass


class InjectedFault(RuntimeError):
    """Raised at a DIGEST_FAIL_AT checkpoint (tests only)."""


def checkpoint(name: str) -> None:
    """A point where the atomicity tests may interrupt the build; a no-op otherwise."""
    if os.environ.get(FAIL_AT_ENV) != name:
        return
    mode = os.environ.get(FAIL_MODE_ENV)
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode in ("sigint", "sigterm"):  # Ctrl-C or a service manager's stop, at a known moment
        os.kill(os.getpid(), signal.SIGINT if mode == "sigint" else signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this sleep
    raise InjectedFault(f"injected failure at writer checkpoint '{name}'")


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

    @property
    def old(self) -> Path:
        return self.out.parent / f".{self.out.name}.old"

    def trash_folders(self) -> list[Path]:
        """Previous sites moved aside after a swap, waiting for (or being) deleted."""
        return sorted(self.out.parent.glob(f".{self.out.name}.old-*"))

    def __enter__(self) -> SiteWriter:
        self.recover()
        self.seeded: set[str] = set()
        self.staging.mkdir(parents=True)
        if self.out.is_dir():
            self._seed()
        checkpoint("staged")
        return self

    def recover(self) -> None:
        """Undo what a killed build left behind (call with the build lock held)."""
        if not self.out.exists() and self.old.is_dir():
            os.rename(self.old, self.out)  # killed between the two renames of a portable swap
        for leftover in (self.staging, self.old):
            if leftover.exists():
                shutil.rmtree(leftover)
        for trash in self.trash_folders():
            delete_in_background(trash)  # its deleter may have been killed; a second one is harmless

    def _seed(self) -> None:
        """Hard-link every file of the previous site into staging (one scandir pass, no
        copystat), remembering their paths for _prune. External tools' folders are not
        seeded: a tool may truncate and rewrite its files in place."""
        src_root, dst_root = os.fspath(self.out), os.fspath(self.staging)
        todo = [""]
        while todo:
            rel = todo.pop()
            with os.scandir(os.path.join(src_root, rel) if rel else src_root) as entries:
                for entry in entries:
                    r = f"{rel}/{entry.name}" if rel else entry.name
                    dst = os.path.join(dst_root, r)
                    if entry.is_symlink():
                        os.symlink(os.readlink(entry.path), dst)
                        self.seeded.add(r)
                    elif entry.is_dir():
                        if not rel and entry.name in EXTERNAL_DIRS:
                            continue
                        os.mkdir(dst)
                        todo.append(r)
                    else:
                        os.link(entry.path, dst)
                        self.seeded.add(r)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            checkpoint("written")
            self._prune()
            checkpoint("pruned")
            self._swap()
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)  # never the live site: that is --out
            raise

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
        """Remove what this build did not write: the seeded files it left alone, and
        anything unclaimed in external tools' folders; then the folders left empty."""
        root = self.staging.resolve()
        emptied: set[str] = set()
        for rel in sorted(self.seeded - self.stats.paths):
            os.unlink(root / rel)
            self.stats.removed += 1
            emptied.add(rel.rpartition("/")[0])
        for name in EXTERNAL_DIRS:
            base = root / name
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*"), reverse=True):
                rel = path.relative_to(root).as_posix()
                if (path.is_file() or path.is_symlink()) and rel not in self.stats.paths:
                    path.unlink()
                    self.stats.removed += 1
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        for rel in sorted(emptied, key=lambda r: -r.count("/")):
            while rel:  # walk up while the folder is empty (never the site root itself)
                try:
                    os.rmdir(root / rel)
                except OSError:
                    break  # not empty (or already gone)
                rel = rel.rpartition("/")[0]

    def _swap(self) -> None:
        if self.out.is_dir() and os.environ.get(SWAP_ENV) != "rename" and exchange(self.staging, self.out):
            checkpoint("swapping")
            self._discard(self.staging)  # now holds the previous site
            return
        if self.old.exists():
            shutil.rmtree(self.old)
        if self.out.exists():
            os.rename(self.out, self.old)
        checkpoint("swapping")  # the one moment --out is missing; recover() repairs it
        os.rename(self.staging, self.out)
        if self.old.exists():
            self._discard(self.old)

    def _discard(self, folder: Path) -> None:
        """Delete the previous site: here when it is small (starting a process costs more
        than unlinking a few hundred files, and nothing is left beside --out), else move
        it aside (one rename) and delete it in the background."""
        if len(self.seeded) < int(os.environ.get(BACKGROUND_ENV, BACKGROUND_MIN_FILES)):
            shutil.rmtree(folder, ignore_errors=True)
            return
        trash = self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.time_ns()}"
        try:
            os.rename(folder, trash)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        delete_in_background(trash)


_DELETER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


_SPAWNED: list[int] = []  # deleters started by this process, reaped when done


def delete_in_background(folder: Path) -> None:
    """Delete `folder` in a detached process (its own session, so it outlives the build
    and a Ctrl-C of the terminal); deletes it here if no process can be started.

    posix_spawn, not subprocess.Popen: a Popen object dropped while its process runs
    raises a ResourceWarning, which the CLI reports (and --strict would count)."""
    for pid in list(_SPAWNED):  # reap earlier deleters (a long `make serve` starts many)
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        _SPAWNED.remove(pid)
    spawn = getattr(os, "posix_spawn", None)
    try:
        if spawn is None:
            raise OSError("no posix_spawn")
        quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        _SPAWNED.append(spawn(sys.executable, [sys.executable, "-c", _DELETER, os.fspath(folder)], dict(os.environ),
                              file_actions=quiet, setsid=True))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2). False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # old kernel or a filesystem without exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(a))


_HELD: dict[Path, int] = {}  # lock paths this process holds, with a nesting count


def lock_path(out: Path) -> Path:
    out = out.resolve()
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Refuse a second build writing to the same site at the same time.

    flock is tied to the open file, so the kernel releases it when a build dies, even by
    SIGKILL: a stale lock file never blocks the next build. Re-entrant within a process, so
    the CLI can take it before the analysis starts and render_site can take it again.
    """
    path = lock_path(out)
    if path in _HELD:
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildLockedError(f"another build is writing {out} (lock file {path}); try again when it has finished") from exc
        _HELD[path] = 1
        try:
            yield
        finally:
            del _HELD[path]
            fcntl.flock(fh, fcntl.LOCK_UN)
