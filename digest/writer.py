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
unlinks only the remembered files this build did not write; a small previous tree is
deleted inline after the swap.

A large previous tree (2,000+ files; 10k articles make ~37k) is not deleted but kept as
the *spare* `.NAME.spare`, with a journal `.NAME.spare.journal`: the site's paths and the
paths the last build wrote or removed. The spare is the site as it was one build ago, and
its unchanged files are hard links to the live site's, so the next build turns it into
its staging folder by re-linking only the journal's paths (an add-one at 10k: ~60 paths
instead of 37k links and 18k folders, and no 37k-file tree to delete). The journal is
trusted only while the live site and the spare are the very folders it names (device and
inode), and it is removed before the spare is touched: a build killed while syncing the
spare leaves a staging folder, which the next build discards, and then seeds as usual.
A spare or trash folder that cannot be used is deleted by a detached background process
(as is a trash folder whose deleter was killed). When a build leaves no usable spare (the
first build into an empty --out, or one that rewrote most of the site), a long-lived
process (`make serve`) links one from the live site in its idle time (`prepare_spare`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import pickle
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Folders written by external tools instead of SiteWriter.write: never hard-link-seeded.
EXTERNAL_DIRS = ("pagefind",)
# folders beside the site that the search step works in (digest/search.py): pages staged for
# Pagefind, and a server's next and previous index around its swap
SEARCH_SCRATCH = ("search", "pagefind-next", "pagefind-old")


def beside(out: Path, part: str) -> Path:
    """The working folder `part` beside the site folder `out` (".site.part")."""
    return out.parent / f".{out.name}.{part}"


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
    changed: set[str] = field(default_factory=set)  # written or removed by this build (the spare's journal)


class SiteWriter:
    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.staging = beside(self.out, "staging")
        self.stats = WriteStats()
        self._staging_prefix = os.fspath(self.staging) + "/"
        self._folders: set[str] = set()  # staging folders known to exist
        self._last: tuple[str, os.stat_result] | None = None  # the file created last, as written

    @property
    def old(self) -> Path:
        return beside(self.out, "old")

    @property
    def spare(self) -> Path:
        return beside(self.out, "spare")

    @property
    def journal(self) -> Path:
        return beside(self.out, "spare.journal")

    def trash_folders(self) -> list[Path]:
        """Previous sites moved aside after a swap, waiting for (or being) deleted."""
        return sorted(self.out.parent.glob(f".{self.out.name}.old-*"))

    def __enter__(self) -> SiteWriter:
        self.recover()
        self.seeded: set[str] = set()
        if not self._from_spare():
            self.staging.mkdir(parents=True)
            if self.out.is_dir():
                self._seed()
        checkpoint("staged")
        return self

    def recover(self) -> None:
        """Undo what a killed build left behind (call with the build lock held)."""
        if not self.out.exists() and self.old.is_dir():
            os.rename(self.old, self.out)  # killed between the two renames of a portable swap
        for leftover in (self.staging, self.old, *(beside(self.out, part) for part in SEARCH_SCRATCH)):
            if leftover.exists():
                self._throw_away(leftover)
        for trash in self.trash_folders():
            delete_in_background(trash)  # its deleter may have been killed; a second one is harmless

    def _throw_away(self, folder: Path) -> None:
        """Delete a folder beside the site: moved aside and deleted in the background
        (a killed build's staging may hold a whole 10k site)."""
        trash = beside(self.out, f"old-{os.getpid()}-{time.time_ns()}")
        try:
            os.rename(folder, trash)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        delete_in_background(trash)

    def _from_spare(self) -> bool:
        """Make the spare (the site one build ago) this build's staging folder by
        re-linking the paths the last build wrote or removed. False (and the spare
        discarded) unless the journal describes exactly the live site and the spare."""
        journal = self._read_journal()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)  # from here on a half-synced spare is never trusted again
        if journal is None:
            if self.spare.exists():
                self._throw_away(self.spare)
            return False
        if _too_stale(journal):
            # most of the site changed last build (a template edit): re-linking would cost
            # more than linking the whole site again, and the stale files are in the way
            self._throw_away(self.spare)
            return False
        os.rename(self.spare, self.staging)
        live, staging = os.fspath(self.out), os.fspath(self.staging)
        for name in EXTERNAL_DIRS:  # rebuilt by their tool each build; never seeded
            shutil.rmtree(os.path.join(staging, name), ignore_errors=True)
        # The spare's stale files are moved into a trash folder (a rename each) and deleted
        # in the background: unlinking a file's last link frees its data, which costs ms
        # per file on a busy disk.
        trash = beside(self.out, f"old-{os.getpid()}-{time.time_ns()}")
        os.mkdir(trash)
        emptied: set[str] = set()
        moved = 0
        for rel in sorted(journal["changed"]):
            dst = os.path.join(staging, rel)
            with contextlib.suppress(FileNotFoundError):
                os.rename(dst, os.path.join(trash, str(moved)))  # a file, a symlink or a folder
                moved += 1
            src = os.path.join(live, rel)
            if os.path.lexists(src):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.link(src, dst, follow_symlinks=False)
            else:
                emptied.add(rel.rpartition("/")[0])
        if moved:
            delete_in_background(trash)
        else:
            os.rmdir(trash)
        _remove_empty_folders(self.staging, emptied)
        self.seeded = set(journal["paths"])
        return True

    def _read_journal(self) -> dict | None:
        try:
            with open(self.journal, "rb") as fh:
                journal = pickle.load(fh)
            live, spare = os.stat(self.out), os.stat(self.spare)
        except Exception:  # missing, unreadable or from another layout: not usable
            return None
        if not isinstance(journal, dict) or journal.get("version") != _JOURNAL_VERSION:
            return None
        if journal.get("live") != (live.st_dev, live.st_ino) or journal.get("spare") != (spare.st_dev, spare.st_ino):
            return None  # --out or the spare was replaced since: the journal says nothing about them
        return journal

    def _seed(self) -> None:
        """Hard-link every file of the previous site into staging, remembering their paths
        for _prune."""
        self.seeded = _link_tree(self.out, self.staging)

    def prepare_spare(self) -> bool:
        """Idle-time work for a long-lived process (`Session.flush`; call with the build
        lock held): when the next build could not start from the spare (none was kept:
        the first build into an empty --out; or the last build rewrote most of the site,
        after which the spare is not worth re-linking) and the live site is large, link a
        fresh spare from the live site now, with a journal that lists no changes. The next
        build then starts in milliseconds instead of linking the whole site (2 s at 10k).
        True when a spare was made."""
        journal = self._read_journal()
        if journal is not None and not _too_stale(journal):
            return False
        threshold = int(os.environ.get(BACKGROUND_ENV, BACKGROUND_MIN_FILES))
        if not self.out.is_dir() or _count_files(self.out, stop_at=threshold) < threshold:
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)  # a half-linked spare is never trusted (see _from_spare)
        if self.spare.exists():
            self._throw_away(self.spare)
        os.mkdir(self.spare)
        paths = _link_tree(self.out, self.spare)
        self._write_journal(sorted(paths), [])
        return True

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
        return Path(self._target(rel))

    def _target(self, rel: str) -> str:
        # A string check instead of Path.resolve() (3 s of 37k writes at 10k): staging is
        # an absolute, resolved folder that holds only files and folders this writer made
        # (hard links, never symbolic ones), so a path without empty, "." or ".." segments
        # stays inside it.
        if rel.startswith("/") or "\\" in rel or "\x00" in rel or not rel:
            raise ValueError(f"unsafe output path: {rel!r}")
        if any(part in ("", ".", "..") for part in rel.split("/")):
            raise ValueError(f"output path escapes the site folder: {rel!r}")
        return self._staging_prefix + rel

    def write(self, rel: str, data: bytes | str) -> bool:
        """Write `rel` unless identical bytes are already there. Returns True if written."""
        if rel in self.stats.paths:
            raise ValueError(f"two pages want the same path: {rel}")
        self.stats.paths.add(rel)
        blob = data.encode("utf-8") if isinstance(data, str) else data
        path = self._target(rel)
        # staging holds only seeded files (and external tools' folders): a path not seeded is
        # created without a stat first (most of a cold build's 37k files)
        if (rel in self.seeded or not self._create(path, blob)) and not self._rewrite(path, blob):
            self.stats.unchanged += 1
            return False
        self.stats.written += 1
        self.stats.changed.add(rel)
        return True

    def _rewrite(self, path: str, blob: bytes) -> bool:
        """Put `blob` at `path` unless the file there holds it already (then False)."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if not self._create(path, blob):
                raise FileExistsError(path) from None  # made by someone else in between: never overwritten blind
            return True
        if st.st_size == len(blob):
            with open(path, "rb") as f:
                if f.read() == blob:
                    return False
        # never written in place: the file may be a hard link to the live site's
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
        return True

    def _create(self, path: str, blob: bytes) -> bool:
        """Create `path` holding `blob`; False if it exists. Plain os calls: open() adds
        an fstat, an ioctl and a seek per file (three of a new file's eight syscalls)."""
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            fd = os.open(path, _CREATE, 0o666)
        except FileExistsError:
            return False
        try:
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
            self._last = (path, os.fstat(fd))
        except BaseException:
            os.close(fd)
            os.unlink(path)  # never a half-written page
            raise
        os.close(fd)
        return True

    def stat_of(self, rel: str) -> os.stat_result:
        """The file at `rel` as this build left it (no stat needed right after creating it)."""
        path = self._target(rel)
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        return os.stat(path)

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
            with contextlib.suppress(FileNotFoundError):  # a spare's file deleted by hand
                os.unlink(root / rel)
            self.stats.removed += 1
            self.stats.changed.add(rel)
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
        _remove_empty_folders(root, emptied)

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
        """The previous site, after the swap: deleted here when it is small (starting a
        process costs more than unlinking a few hundred files, and nothing is left beside
        --out), else kept as the spare for the next build (see the module docstring)."""
        if len(self.seeded) < int(os.environ.get(BACKGROUND_ENV, BACKGROUND_MIN_FILES)):
            shutil.rmtree(folder, ignore_errors=True)
            return
        try:
            os.rename(folder, self.spare)
            # (p.split("/", 1)[0] not in EXTERNAL_DIRS, without splitting 37k paths at 10k)
            inside = tuple(d + "/" for d in EXTERNAL_DIRS)
            self._write_journal(sorted(p for p in self.stats.paths if not p.startswith(inside) and p not in EXTERNAL_DIRS),
                                sorted(self.stats.changed))
        except OSError:
            if folder.exists():
                self._throw_away(folder)
            elif self.spare.exists():
                self._throw_away(self.spare)

    def _write_journal(self, paths: list[str], changed: list[str]) -> None:
        """Describe the spare: the live site's paths, and those that differ in the spare."""
        live, spare = os.stat(self.out), os.stat(self.spare)
        journal = {"version": _JOURNAL_VERSION, "live": (live.st_dev, live.st_ino), "spare": (spare.st_dev, spare.st_ino),
                   "paths": paths, "changed": changed}
        tmp = self.journal.with_name(self.journal.name + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(journal, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.journal)


_JOURNAL_VERSION = 1
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _too_stale(journal: dict) -> bool:
    """Most of the site changed in the build the spare's journal describes (a template
    edit, new cleaning code): re-linking would cost more than linking the whole site again."""
    return len(journal["changed"]) > max(len(journal["paths"]) // 4, BACKGROUND_MIN_FILES)


def _site_entries(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under the site `root` (one scandir pass) as (relative path, entry), a folder
    before what it holds; external tools' folders at the root are left out: a tool may
    truncate and rewrite its files, so they are neither linked nor counted."""
    top = os.fspath(root)
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(os.path.join(top, rel) if rel else top) as entries:
            for entry in entries:
                r = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if rel or entry.name not in EXTERNAL_DIRS:
                        todo.append(r)
                        yield r, entry
                else:
                    yield r, entry


def _link_tree(src: Path, dst: Path) -> set[str]:
    """Hard-link every file of the site `src` into the existing folder `dst` (no copystat;
    symbolic links copied as links); the relative paths linked."""
    dst_root = os.fspath(dst)
    linked: set[str] = set()
    for r, entry in _site_entries(src):
        target = os.path.join(dst_root, r)
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
            linked.add(r)
        elif entry.is_dir():
            os.mkdir(target)
        else:
            os.link(entry.path, target)
            linked.add(r)
    return linked


def _count_files(root: Path, stop_at: int) -> int:
    """The number of files under `root` a spare would hold, counting no further than `stop_at`."""
    count = 0
    for _, entry in _site_entries(root):
        if not entry.is_dir(follow_symlinks=False):
            count += 1
            if count >= stop_at:
                break
    return count


def _remove_empty_folders(root: Path, emptied: set[str]) -> None:
    """Remove each folder of `emptied` (site-relative) and its parents while empty
    (never the site root itself)."""
    for rel in sorted(emptied, key=lambda r: -r.count("/")):
        while rel:
            try:
                os.rmdir(root / rel)
            except OSError:
                break  # not empty (or already gone)
            rel = rel.rpartition("/")[0]


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
