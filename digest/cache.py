"""Content-addressed cache of per-document stage results (`.cache/`, git-ignored).

A key is the sha256 of everything a result depends on: the input itself, the source code
of the stage (its modules and every `digest` module they import), the rule files that code
names, and any extra inputs the caller passes (taxonomy words, cross-document signals).
So an edit to `rules/spam.yaml` invalidates the clean stage but not decoding, and an edit
to `taxonomy.yaml` invalidates tagging but not cleaning — without anyone keeping a list.

Entries are pickles in files named by their key, written to a temporary file and renamed
(a crash never leaves half an entry), with a checksum header: an entry that fails to
verify or to load is treated as missing and recomputed, never trusted.
"""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

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
    h = hashlib.sha256()
    for part in parts:
        blob = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(blob).to_bytes(8, "little"))
        h.update(blob)
    return h.hexdigest()


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


# Namespaces whose values no stage changes after it got them: a resident session
# (`Cache(..., memory={})`, used by `make serve`) hands out the same objects again. The
# values of every other namespace are kept there as pickles and unpickled per `get`, so a
# build that mutates what it got (dedup's memo tables, a draft's removals) cannot leak
# into the next build: each build sees exactly what a fresh process would read from disk.
SHARED_NAMESPACES = frozenset({"prepare", "extract", "signature", "merge", "article", "hant", "words"})


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
    # derived values of shared objects (see `derived`), only with `memory`
    _derived: dict[tuple[str, int], tuple[Any, Any]] = field(default_factory=dict, repr=False)
    _derived_used: set[tuple[str, int]] = field(default_factory=set, repr=False)

    def begin(self) -> None:
        """Start a build: fresh hit counts, nothing used yet."""
        self.stats.clear()
        self._touched = set()
        self._derived_used = set()

    def end(self) -> None:
        """End a build: keep in memory only the entries it read or wrote."""
        if self.memory is not None:
            for k in [k for k in self.memory if k not in self._touched]:
                del self.memory[k]
            for d in [d for d in self._derived if d not in self._derived_used]:
                del self._derived[d]

    def derived(self, kind: str, obj: Any, compute: Any) -> Any:
        """`compute(obj)`, remembered across the builds of a resident session while `obj`
        (a value of a shared namespace, which no stage changes) is the same object: an
        add-one rebuild does not re-hash or re-shape 10k unchanged documents."""
        if self.memory is None:
            return compute(obj)
        k = (kind, id(obj))
        hit = self._derived.get(k)
        if hit is None or hit[0] is not obj:  # the object is kept in the entry, so its id is not reused
            hit = self._derived[k] = (obj, compute(obj))
        self._derived_used.add(k)
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
                self._keep(namespace, key, value, blob)
        return value

    def _keep(self, namespace: str, key: str, value: Any, blob: bytes) -> None:
        assert self.memory is not None
        self.memory[namespace, key] = value if namespace in SHARED_NAMESPACES else blob[len(MAGIC) + _DIGEST :]
        self._touched.add((namespace, key))

    def put(self, namespace: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        path = Path(self._path(namespace, key))
        blob = _encode(value)
        if self.memory is not None:
            self._keep(namespace, key, value, blob)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)  # readers see the old entry or the whole new one
        except OSError:
            return  # a read-only or full disk makes the build slower, never wrong
        self._count(namespace).writes += 1

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
