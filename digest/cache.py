"""Content-addressed cache of per-document stage results (`.cache/`, git-ignored).

A key is the sha256 of everything a result depends on: the input itself, the source code
of the stage (its modules and every `digest` module they import), the rule files that code
names, and any extra inputs the caller passes (taxonomy words, cross-document signals).
So an edit to `rules/spam.yaml` invalidates the clean stage but not decoding, and an edit
to `taxonomy.yaml` invalidates tagging but not cleaning — without anyone keeping a list.

Entries are pickles with a checksum: an entry that fails to verify or to load is treated
as missing and recomputed, never trusted. The per-document namespaces (`PACKED`: 10k
inputs make ~50k entries) are appended to one pack file each, `<namespace>.pack`, under
an flock, so a warm build opens a handful of files instead of 50k; the others (a few
large tables rewritten under the same key each build) are files named by their key,
written to a temporary file and renamed. A crash never leaves half an entry in use: a
torn record at the end of a pack is ignored, and cut off by the next writer.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
RULES_DIR = ROOT / "rules"
MAGIC = b"DGC1"  # bump when the entry layout changes
_DIGEST = 32


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def digest(*parts: bytes | str) -> str:
    """One sha256 over several parts; lengths are mixed in so ("ab", "c") != ("a", "bc")."""
    chunks = []
    for part in parts:
        blob = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(blob).to_bytes(8, "little"), blob)
    return hashlib.sha256(b"".join(chunks)).hexdigest()  # one update: the same hash as one per chunk


@cache
def _module_imports(name: str) -> tuple[str, ...]:
    """`digest` modules imported by module `name` (relative or absolute, top level or lazy)."""
    path = PACKAGE_DIR / f"{name}.py"
    if not path.exists():
        return ()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1 or base == "digest" or base.startswith("digest."):
                base = base.removeprefix("digest").lstrip(".")
                if base:
                    found.add(base.split(".")[0])
                else:  # `from . import dedup, sections`
                    found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("digest."))
    return tuple(sorted(m for m in found if (PACKAGE_DIR / f"{m}.py").exists()))


def module_closure(modules: Iterable[str]) -> list[str]:
    """The modules and everything in `digest` they import, transitively (sorted)."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_module_imports(name))
    return sorted(seen)


@cache
def stage_version(modules: tuple[str, ...], rules_dir: Path = RULES_DIR) -> str:
    """Hash of a stage's code and of the rule files that code mentions by name.

    A rule file counts when its file name appears in the source of a module of the
    closure (`_load("spam.yaml")`, `"rules" / "time.yaml"`): this is how the modules
    actually find them, so the dependency list can never drift from the code.
    """
    closure = module_closure(modules)
    sources = {m: (PACKAGE_DIR / f"{m}.py").read_bytes() for m in closure}
    parts: list[bytes | str] = [MAGIC]
    for name in closure:
        parts += [name, sources[name]]
    for rule in sorted(rules_dir.glob("*")) if rules_dir.is_dir() else []:
        if rule.is_file() and any(rule.name.encode() in src for src in sources.values()):
            parts += [rule.name, rule.read_bytes()]
    return digest(*parts)


def rule_files_of(modules: tuple[str, ...], rules_dir: Path = RULES_DIR) -> list[str]:
    """Names of the rule files a stage depends on (for the report and for tests)."""
    sources = [(PACKAGE_DIR / f"{m}.py").read_bytes() for m in module_closure(modules)]
    return sorted(r.name for r in rules_dir.glob("*") if r.is_file() and any(r.name.encode() in s for s in sources))


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    writes: int = 0


# Namespaces kept in one pack file each: values put once per key (content-addressed, per
# document), so a pack only grows by new entries.
PACKED = frozenset({"prepare", "head", "lines", "extract", "signature", "merge", "article", "hant", "words"})
PACK_MAGIC = b"DGP1"  # starts each record: magic, key length (2), payload length (8), sha256 (32), key, payload
_RECORD_HEAD = len(PACK_MAGIC) + 2 + 8 + _DIGEST


class Pack:
    """One namespace's append-only pack: an index (key -> payload offset, length, sha256)
    read from the file once, payloads read by `pread` (no mmap: a warm 10k build reads
    ~450 MB of entries, which would all count as the build's resident memory)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.index: dict[str, tuple[int, int, bytes]] = {}
        self.end = 0  # end of the last whole record seen
        self.fd: int | None = None
        self.ino: tuple[int, int] | None = None
        self._load()

    def _load(self) -> None:
        """Index the records appended since the last look (all of them when the file was
        replaced, e.g. the cache folder deleted under a resident session)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return
        if self.fd is None or (st.st_dev, st.st_ino) != self.ino:
            self.close()
            try:
                self.fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return
            self.ino, self.end = (st.st_dev, st.st_ino), 0
            self.index.clear()
        if st.st_size > self.end:
            self.end = _scan(self.fd, self.end, st.st_size, self.index)

    def read(self, key: str) -> bytes | None:
        """The payload stored under `key` if it verifies, else None."""
        at = self.index.get(key)
        if at is None:
            self._load()  # another process may have appended it since
            at = self.index.get(key)
            if at is None or self.fd is None:
                return None
        offset, length, sha = at
        try:
            payload = os.pread(self.fd, length, offset)  # type: ignore[arg-type]
        except OSError:
            return None
        return payload if len(payload) == length and hashlib.sha256(payload).digest() == sha else None

    def append(self, key: str, payload: bytes) -> None:
        """Add one record, under an exclusive lock; a torn record left at the end by a
        killed writer is cut off first, so every later record stays readable."""
        kb = key.encode()
        record = b"".join((PACK_MAGIC, len(kb).to_bytes(2, "little"), len(payload).to_bytes(8, "little"),
                           hashlib.sha256(payload).digest(), kb, payload))
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._load()  # what others appended since, and where the last whole record ends
            if os.fstat(fd).st_size != self.end:
                os.ftruncate(fd, self.end)
            offset = self.end
            os.write(fd, record)
        finally:
            os.close(fd)  # releases the lock
        self.index[key] = (offset + _RECORD_HEAD + len(kb), len(payload), record[14:_RECORD_HEAD])
        self.end = offset + len(record)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self) -> None:  # a dropped Cache must not keep its packs' files open
        self.close()


def _scan(fd: int, pos: int, size: int, index: dict[str, tuple[int, int, bytes]]) -> int:
    """Index the whole records of the file from `pos`; returns where the last one ends."""
    head = _RECORD_HEAD
    while pos + head <= size:
        block = os.pread(fd, head + 128, pos)  # the header and (nearly always) the key
        if block[:4] != PACK_MAGIC:
            break
        klen = int.from_bytes(block[4:6], "little")
        plen = int.from_bytes(block[6:14], "little")
        start = pos + head + klen
        if start + plen > size:
            break  # torn: the writer was killed mid-record
        kb = block[head : head + klen] if klen <= 128 else os.pread(fd, klen, pos + head)
        index[kb.decode("ascii", "replace")] = (start, plen, block[14:head])
        pos = start + plen
    return pos


# Namespaces whose values no stage changes after it got them: a resident session
# (`Cache(..., memory={})`, used by `make serve`) hands out the same objects again. The
# values of every other namespace are kept there as pickles and unpickled per `get`, so a
# build that mutates what it got (dedup's memo tables, a draft's removals) cannot leak
# into the next build: each build sees exactly what a fresh process would read from disk.
SHARED_NAMESPACES = frozenset({"prepare", "head", "lines", "extract", "signature", "merge", "article", "hant", "words", "fragments",
                               "related", "related-sections"})
# Whole-state entries (one per output folder, tens of MB at 10k: rendered fragments,
# related rankings) that a resident session writes to disk after the build, once the
# browser has been told to reload (`Cache.deferred`, `Session.flush`): the session holds
# them in memory meanwhile, and a later build reads them from there. Lost writes (the
# process killed first) leave the previous state on disk, which a later build starts
# from as from any older state.
DEFERRED_NAMESPACES = frozenset({"fragments", "related", "related-sections"})
# Namespaces whose entries the executor's workers write themselves (`Cache.store`, then
# `Cache.adopt` in the parent): appended to packs, and kept in a session's memory as the
# objects themselves, so the parent needs no bytes of them.
WORKER_WRITTEN = (PACKED & SHARED_NAMESPACES) - DEFERRED_NAMESPACES


@dataclass
class Cache:
    """Pickled values in `root/<namespace>/<key[:2]>/<key>`; `root=None` turns caching off.

    With `memory` (a dict), entries are also kept in this process between builds (a
    resident session): a rebuild reads none of them from disk again. `begin`/`end` bound
    it to the entries the latest build used."""

    root: Path | None
    stats: dict[str, CacheStats] = field(default_factory=dict)
    memory: dict[tuple[str, str], Any] | None = None
    _touched: set[tuple[str, str]] = field(default_factory=set, repr=False)
    # values remembered by their inputs (see `remember`, `derived`), only with `memory`
    _remembered: dict[tuple[str, Any], tuple[tuple[Any, ...], Any]] = field(default_factory=dict, repr=False)
    _remembered_used: set[tuple[str, Any]] = field(default_factory=set, repr=False)
    _packs: dict[str, Pack] = field(default_factory=dict, repr=False)
    # with `memory`: writes of DEFERRED_NAMESPACES waiting for `flush` (None: written at once)
    deferred: dict[tuple[str, str], Any] | None = None

    def _pack(self, namespace: str) -> Pack:
        pack = self._packs.get(namespace)
        if pack is None:
            pack = self._packs[namespace] = Pack(f"{self._root}/{namespace}.pack")
        return pack

    def begin(self) -> None:
        """Start a build: fresh hit counts, nothing used yet."""
        self.stats.clear()
        self._touched = set()
        self._remembered_used = set()

    def end(self) -> None:
        """End a build: keep in memory only the entries it read or wrote."""
        if self.memory is not None:
            for k in [k for k in self.memory if k not in self._touched]:
                del self.memory[k]
            for r in [r for r in self._remembered if r not in self._remembered_used]:
                del self._remembered[r]
        # freed here (a session calls this in idle time), not by the next `begin`
        self._touched, self._remembered_used = set(), set()

    def derived(self, kind: str, obj: Any, compute: Any) -> Any:
        """`compute(obj)`, remembered across the builds of a resident session while `obj`
        (a value of a shared namespace, which no stage changes) is the same object: an
        add-one rebuild does not re-hash or re-shape 10k unchanged documents."""
        # (`remember` keyed by the object's id; the entry keeps the object, so the id is not
        # reused, and the same object compares equal by identity)
        return self.remember(kind, id(obj), (obj,), lambda: compute(obj))

    def remember(self, kind: str, key: Any, inputs: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, remembered across the builds of a resident session under (kind,
        key) while `inputs` (everything it is made from: shared objects, compared by
        identity first, and plain values) equal those it was made from. The entry holds
        the inputs, so an object's id is not reused while it is compared."""
        if self.memory is None:
            return compute()
        k = (kind, key)
        hit = self._remembered.get(k)
        if hit is None or hit[0] != inputs:
            hit = self._remembered[k] = (inputs, compute())
        self._remembered_used.add(k)
        return hit[1]

    def _path(self, namespace: str, key: str) -> str:
        # plain strings, not pathlib: a warm 10k build reads ~50k entries, and building
        # a Path per entry cost more than reading it
        assert self.root is not None
        return f"{self._root}/{namespace}/{key[:2]}/{key}"

    @property
    def _root(self) -> str:
        root = self.__dict__.get("_root_str")
        if root is None:
            root = self.__dict__["_root_str"] = os.fspath(self.root)
        return root

    def _count(self, namespace: str) -> CacheStats:
        return self.stats.setdefault(namespace, CacheStats())

    def get(self, namespace: str, key: str) -> Any:
        """The stored value, or MISSING when absent, unreadable or corrupt."""
        if self.root is None:
            return MISSING
        stats = self._count(namespace)
        memory = self.memory
        if memory is not None:
            kept = memory.get((namespace, key), MISSING)
            if kept is not MISSING:
                self._touched.add((namespace, key))
                stats.hits += 1
                return kept if namespace in SHARED_NAMESPACES else pickle.loads(kept)
        if namespace in PACKED:
            return self._get_packed(namespace, key, stats)
        try:
            with open(self._path(namespace, key), "rb") as fh:
                blob = fh.read()
        except OSError:
            stats.misses += 1
            return MISSING
        value = _decode(blob)
        if value is MISSING:
            stats.corrupt += 1
            stats.misses += 1
        else:
            stats.hits += 1
            if memory is not None:
                self._keep(namespace, key, value, blob[len(MAGIC) + _DIGEST :])
        return value

    def get_many(self, namespace: str, keys: Sequence[str]) -> list[Any]:
        """`[self.get(namespace, k) for k in keys]`: a resident session's entries kept in
        memory are looked up together (an add-one at 10k looks up ~50k entries of which
        all but a few are in memory: one call each cost it ~0.3 s)."""
        memory = self.memory
        if self.root is None or memory is None:
            return [self.get(namespace, k) for k in keys]
        found = [memory.get((namespace, k), MISSING) for k in keys]
        hits = [k for k, v in zip(keys, found, strict=True) if v is not MISSING]
        self._touched.update((namespace, k) for k in hits)
        self._count(namespace).hits += len(hits)
        if namespace not in SHARED_NAMESPACES:
            found = [v if v is MISSING else pickle.loads(v) for v in found]
        if len(hits) < len(keys):
            found = [self.get(namespace, k) if v is MISSING else v for k, v in zip(keys, found, strict=True)]
        return found

    def _get_packed(self, namespace: str, key: str, stats: CacheStats) -> Any:
        pack = self._pack(namespace)
        payload = pack.read(key)
        known = key in pack.index  # indexed but unreadable: corrupt
        value = MISSING
        if payload is not None:
            try:
                value = pickle.loads(payload)
            except Exception:  # a class renamed since the entry was written, or any other drift
                value = MISSING
        if value is MISSING:
            stats.misses += 1
            if known or payload is not None:
                stats.corrupt += 1
                del pack.index[key]  # recomputed and appended again
        else:
            stats.hits += 1
            if self.memory is not None:
                self._keep(namespace, key, value, payload)  # type: ignore[arg-type]
        return value

    def _keep(self, namespace: str, key: str, value: Any, payload: bytes) -> None:
        assert self.memory is not None
        self.memory[namespace, key] = value if namespace in SHARED_NAMESPACES else payload
        self._touched.add((namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        if self.deferred is not None and self.memory is not None and namespace in DEFERRED_NAMESPACES:
            self.memory[namespace, key] = value  # a shared namespace: the object itself
            self._touched.add((namespace, key))
            self.deferred[namespace, key] = value
            return
        self._write(namespace, key, value)

    def store(self, namespace: str, key: str, value: Any) -> None:
        """`put`, from a worker process of the executor: written to disk only (the parent
        keeps it in memory: `adopt`)."""
        if self.root is not None:
            self._write(namespace, key, value, keep=False)

    def adopt(self, namespace: str, key: str, value: Any) -> None:
        """`put` of a value a worker process has written already (`store`): only what
        this process keeps of it (a resident session's memory of shared namespaces)."""
        if self.root is None:
            return
        assert namespace in WORKER_WRITTEN, namespace
        if self.memory is not None:
            self.memory[namespace, key] = value
            self._touched.add((namespace, key))
        self._count(namespace).writes += 1

    def open_packs(self) -> None:
        """Index every pack file now (a resident session, between builds): the first
        rebuild that misses an entry of a namespace no build has read yet (an added
        input's `prepare`) otherwise indexes its 10k records then (0.5 s at 10k)."""
        if self.root is not None:
            for namespace in sorted(PACKED):
                self._pack(namespace)

    def flush(self) -> int:
        """Write the deferred entries (see DEFERRED_NAMESPACES); how many were written."""
        if not self.deferred:
            return 0
        pending, self.deferred = self.deferred, {}
        for (namespace, key), value in pending.items():
            self._write(namespace, key, value, keep=False)
        return len(pending)

    def _write(self, namespace: str, key: str, value: Any, keep: bool = True) -> None:
        blob = _encode(value)
        if keep and self.memory is not None:
            self._keep(namespace, key, value, blob[len(MAGIC) + _DIGEST :])
        if namespace in PACKED:
            try:
                self._pack(namespace).append(key, blob[len(MAGIC) + _DIGEST :])
            except OSError:
                return  # a read-only or full disk makes the build slower, never wrong
            self._count(namespace).writes += 1
            return
        path = Path(self._path(namespace, key))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)  # readers see the old entry or the whole new one
        except OSError:
            return  # a read-only or full disk makes the build slower, never wrong
        self._count(namespace).writes += 1

    # State kept per output folder (page manifest, related rankings, fragments) is ONE
    # entry that each build overwrites: keyed without the code version, which is stored
    # in the value instead, so an edit of the code replaces the entry rather than leaving
    # a stale copy (tens of MB at 10k) beside a new one.

    def get_latest(self, namespace: str, key: str, version: str) -> Any:
        found = self.get(namespace, key)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == version:
            return found[1]
        return MISSING

    def put_latest(self, namespace: str, key: str, version: str, value: Any) -> None:
        self.put(namespace, key, (version, value))

    def close(self) -> None:
        for pack in self._packs.values():
            pack.close()
        self._packs.clear()

    def summary(self) -> str:
        parts = [f"{ns} {s.hits}/{s.hits + s.misses}" for ns, s in sorted(self.stats.items())]
        corrupt = sum(s.corrupt for s in self.stats.values())
        return "cache hits " + (", ".join(parts) or "none") + (f"; {corrupt} corrupt entries recomputed" if corrupt else "")


def _encode(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _decode(blob: bytes) -> Any:
    head = len(MAGIC) + _DIGEST
    if len(blob) < head or not blob.startswith(MAGIC):
        return MISSING
    payload = blob[head:]
    if hashlib.sha256(payload).digest() != blob[len(MAGIC) : head]:
        return MISSING
    try:
        return pickle.loads(payload)
    except Exception:  # a class renamed since the entry was written, or any other drift
        return MISSING
