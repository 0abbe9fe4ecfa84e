"""Ingest: find every input under the content folder, read its bytes and sidecar, decode.

Editors drop whatever a scraper returned into `content/`, so nothing here trusts the
filesystem: symlinks never lead out of the content folder, only regular files are read
(a FIFO would block the build forever), sizes are checked before reading and reads are
capped, file names are made printable before they reach the report or the console.
A bad input never raises out of this module: it comes back as a `Rejection` with a
one-line reason (status `rejected` for an input we tried to read, `skipped` for things
that are not inputs: links, special files, orphan sidecars).
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from .model import RawDoc

# Cache.remember's signature: (kind, key, inputs, compute) -> compute() or what it gave before
Remember = Callable[[str, Any, tuple[Any, ...], Callable[[], Any]], Any]

SIDECAR_SUFFIXES = (".yaml", ".yml")
# A scraped article is 10-100 KB and a large blog dump a few MB; anything bigger is not an
# article, and its decoded text (4 bytes per CJK character, copied by every stage) would
# take hundreds of MB. Rejected from stat() alone, before any byte is read.
MAX_INPUT_BYTES = 8 * 1024 * 1024
# Encodings we accept after detection; anything else is more likely a wrong guess than a real input.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be", "big5hkscs", "cp950", "gbk", "gb2312")
# Legacy encodings tried for the non-UTF-8 lines of a file that mixes encodings.
LEGACY_ENCODINGS = ("gb18030", "big5hkscs")
BINARY_CONTROL_SHARE = 0.01  # more control characters than this: a binary file, not text


@dataclass
class Rejection:
    path: str
    reason: str
    status: str = "rejected"
    encoding: str | None = None


# --- paths ----------------------------------------------------------------------------


def printable(text: str) -> str:
    """A file name safe for one console line, JSON and UTF-8 files.

    Names that are not valid UTF-8 arrive with lone surrogates (surrogateescape) and cannot
    be encoded; newlines or escape sequences in a name would forge console lines.
    """
    if text.isprintable():
        return text  # nothing to escape (a lone surrogate is not printable)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" for ch in text)


def _display_path(path: Path, root: Path, prefix: str) -> str:
    full, top = os.fspath(path), os.fspath(root)
    if full.startswith(top) and full[len(top) : len(top) + 1] == os.sep:  # string work: 10k Path ops cost 0.15 s
        rel = printable(full[len(top) + 1 :].replace(os.sep, "/"))
    else:
        rel = printable(path.relative_to(root).as_posix())
    return f"{prefix}/{rel}" if prefix else rel


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


@dataclass
class Found:
    """A regular file to read: where it is listed (`path`) and what to open (`real`)."""

    path: Path
    real: Path
    size: int = -1  # from the stat that classified it (-1: unknown)
    # (device, inode, size, mtime ns, ctime ns) of that stat: what a resident session
    # compares to know the file is the one it read before (ctime moves on every write,
    # and no tool can set it back)
    stamp: tuple[int, ...] = ()


def _check_link(path: Path, root: Path) -> tuple[Path | None, str]:
    """Resolve a symlink; (target, "") when it may be read, else (None, reason)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return None, "symlink loop"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return None, "symlink loop"
        return None, "dangling symlink (its target does not exist)"
    if not target.is_relative_to(root):
        return None, "symlink points outside the content folder; not followed"
    return target, ""


def _classify(path: Path, root: Path) -> tuple[Found | None, str]:
    """A directory entry: (Found, "") for a readable regular file, else (None, reason)."""
    real = path
    if path.is_symlink():
        target, reason = _check_link(path, root)
        if target is None:
            return None, reason
        real = target
    try:
        info = real.stat()
        mode = info.st_mode
    except OSError as exc:
        return None, f"cannot stat: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return None, "symlink to a directory inside the content folder; its files are read from the directory itself"
    if not stat.S_ISREG(mode):
        return None, f"{_kind(mode)}, not a regular file"
    return Found(path, real, info.st_size, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)), ""


def discover(content: Path) -> tuple[list[Found], list[tuple[Path, str]]]:
    """Every regular file under `content` (sorted), and every other entry with why it is skipped.

    Directories are never followed through symlinks (os.walk followlinks=False), so a link
    cannot lead out of the content folder or into a loop; hidden files and folders (.git,
    .DS_Store) are editor and VCS noise and are ignored without a report.
    """
    root = content.resolve()
    files: list[Found] = []
    skipped: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)  # never walked; reported like any other link
                filenames.append(name)
        if here != root and here.suffix and not dirnames and not filenames:
            skipped.append((here, "a directory named like a file, holding no inputs"))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found, reason = _classify(here / name, root)
            if found is None:
                skipped.append((here / name, reason))
            else:
                files.append(found)
    return files, skipped


@dataclass
class Listing:
    """What `discover` found under a content folder, kept by a resident session between
    builds. Before each build the session tells it (`saw`) the paths a file watcher saw
    change (`make serve`): the build then looks at those again instead of walking the
    folder and stat-ing every input (0.3 s at 10k inputs)."""

    root: Path | None = None
    files: list[Found] = field(default_factory=list)
    pending: set[Path] | None = None  # changed since the last refresh; None: walk
    order: dict[Path, tuple[tuple[int, str], ...]] = field(default_factory=dict)  # walk-order keys made so far

    def saw(self, changed: Iterable[Path | str] | None) -> None:
        """Paths changed since the last build; None: unknown (the next refresh walks).
        Changes of a build that failed before reading its inputs are kept for the next."""
        if changed is None:
            self.pending = None
        elif self.pending is not None:
            self.pending.update(Path(p) for p in changed)

    def refresh(self, content: Path) -> tuple[list[Found], list[tuple[Path, str]]]:
        """`discover(content)`, from the previous listing and the changed paths when it can."""
        root, pending = content.resolve(), self.pending
        files = self._update(root, pending) if pending is not None and root == self.root else None
        skipped: list[tuple[Path, str]] = []
        if files is None:
            files, skipped = discover(content)
        # a listing with skipped entries (links, folders named like files...) is walked
        # again next time: only plain files are updated in place
        if self.root != root:
            self.order = {}
        self.root, self.files, self.pending = (root, files, set()) if not skipped else (None, [], None)
        return files, skipped

    def _update(self, root: Path, changed: set[Path]) -> list[Found] | None:
        """The listing with the changed paths looked at again, or None when a change is not
        a plain file (a folder, a link, a removed folder): then the folder is walked."""
        files = {f.path: f for f in self.files}
        for path in changed:
            path = Path(os.path.abspath(path))
            if not path.is_relative_to(root):
                return None
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts):
                continue  # hidden: never an input (discover)
            if os.path.lexists(path):
                if path.is_symlink() or path.is_dir():
                    return None
                found, _ = _classify(path, root)
                if found is None:
                    return None
                files[path] = found
            elif files.pop(path, None) is None and any(p.is_relative_to(path) for p in files):
                return None  # a removed folder
        order = self.order
        if len(order) > 2 * len(files) + 64:  # forget the keys of files long gone
            order = self.order = {path: order[path] for path in files.keys() & order.keys()}
        for path in files.keys() - order.keys():
            order[path] = _walk_order(path.relative_to(root))
        return sorted(files.values(), key=lambda f: order[f.path])


def _walk_order(rel: Path) -> tuple[tuple[int, str], ...]:
    """Sort key of `discover`'s order: a folder's files (by name) before its sub-folders' (by name)."""
    *folders, name = rel.parts
    return (*((1, d) for d in folders), (0, name))


# --- sidecars -------------------------------------------------------------------------


def is_sidecar_name(path: Path) -> bool:
    return path.suffix.lower() in SIDECAR_SUFFIXES


def sidecar_of(path: Path, sidecars: dict[Path, Found]) -> Found | None:
    """`NAME.yaml` (or `.yml`) beside `NAME.txt`, or beside `NAME` without an extension."""
    if not sidecars:
        return None
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix) if path.suffix else Path(str(path) + suffix)
        if candidate in sidecars:
            return sidecars[candidate]
    return None


def load_sidecar(path: Path, shown: str | None = None) -> tuple[dict, list[str]]:
    """Parse a sidecar; a malformed one yields no overrides and a `file:line: message` warning.

    A field with a value of the wrong kind (a date that is no calendar day, a nested
    mapping) is dropped with its own `file:line` warning; the other fields still apply.
    Unknown keys are kept here and warned about by the pipeline, which knows the field list.
    """
    where = shown or path.as_posix()
    try:
        text = _read_capped(path, MAX_SIDECAR_BYTES, "sidecar").decode("utf-8")
        root = yaml.compose(text, Loader=_SidecarLoader)
        data = yaml.load(text, Loader=_SidecarLoader)  # a SafeLoader subclass: plain data only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket is found at the end of the stream: name the last real line.
        line = min(mark.line + 1, max(1, len(text.rstrip("\n").split("\n")))) if mark else 1
        message = " ".join(str(exc.problem or exc.context or "syntax error").split())
        return {}, [f"{where}:{line}: malformed sidecar YAML ({message}); its overrides are ignored"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        return {}, [f"{where}:1: unreadable sidecar ({' '.join(str(exc).split())[:200]}); its overrides are ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        return {}, [f"{where}:1: sidecar must be a mapping of field: value; its overrides are ignored"]
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    fields: dict = {}
    warnings: list[str] = []
    for key, value in data.items():
        name = str(key)
        problem = field_problem(name, value)
        if problem:
            warnings.append(f"{where}:{lines.get(name, 1)}: {problem}; field ignored")
        else:
            fields[name] = value
    return fields, warnings


MAX_SIDECAR_BYTES = 64 * 1024


class _SidecarLoader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible date (2024-02-30) as text, so that only that field
    is refused (with its line) instead of the whole sidecar failing to load."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_SidecarLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
_SCALARS = (str, int, float, bool, type(None), date, datetime)
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def field_problem(name: str, value: object) -> str | None:
    """Why a sidecar field's value is unusable, or None.

    Values must be scalars or short lists of scalars: every sidecar field is one (title, date,
    slug, topics), and YAML aliases can nest a structure exponentially deep that is cheap to
    load but explodes when printed or hashed (the cache key includes the sidecar's repr).
    """
    shown = printable(name)[:60]
    flat = isinstance(value, _SCALARS) or (isinstance(value, list) and len(value) <= 100 and all(isinstance(v, _SCALARS) for v in value))
    if not flat:
        return f"'{shown}' must be a value or a short list of values"
    if name in ("title", "slug", "origin", "author") and not (isinstance(value, str) and value.strip()):
        return f"'{shown}' must be non-empty text"
    if name == "date" and not _valid_date(value):
        return f"date {printable(str(value))[:40]!r} is not a calendar date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return None


def _valid_date(value: object) -> bool:
    if isinstance(value, (date, datetime)):
        return True
    text = str(value)
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10])
    except ValueError:
        return False
    return True


# --- reading --------------------------------------------------------------------------


def _read_capped(path: Path, limit: int, what: str = "file") -> bytes:
    """Read at most `limit` bytes, refusing a file that is (or grew) bigger: memory stays bounded."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)  # O_NOFOLLOW: the path was resolved; a link swapped in since is refused
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise ValueError(f"{what} is {info.st_size} bytes, over the {limit}-byte limit; not read")
        data = fh.read(info.st_size + 1)  # not read(limit + 1): that allocates the whole cap per file
        if len(data) > info.st_size:  # it grew since fstat: read on, up to the cap
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise ValueError(f"{what} grew past the {limit}-byte limit while being read; not read")
    return data


def read_one(found: Found, limit: int = MAX_INPUT_BYTES) -> tuple[bytes | None, str]:
    """(bytes, "") or (None, reason). Never raises for a filesystem problem."""
    try:
        size = found.real.stat().st_size if found.size < 0 else found.size
        if size > limit:
            return None, f"file is {size} bytes, over the {limit}-byte input limit; not read"
        data = _read_capped(found.real, limit)
    except ValueError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if not data.strip():
        return None, "empty or whitespace-only file"
    return data, ""


def read_inputs(content: Path, prefix: str, limit: int = MAX_INPUT_BYTES, remember: Remember | None = None,
                listing: Listing | None = None) -> tuple[list[RawDoc], list[Rejection], list[str]]:
    """Read every input under `content` with its sidecar. Returns docs, rejections, warnings.

    `remember` (a resident session's `Cache.remember`): an input whose file and sidecar
    have the stamps of the previous build is not read again, and is the same RawDoc.
    `listing` (a resident session's): the folder's files from the previous build and the
    paths a watcher saw change, instead of a walk."""
    files, skipped = listing.refresh(content) if listing is not None else discover(content)
    root = content.resolve()
    rejected = [Rejection(_display_path(p, root, prefix), reason, "skipped") for p, reason in skipped]
    listed = {f.path for f in files}
    sidecars = {f.path: f for f in files if is_sidecar_name(f.path) and _has_input(f.path, listed)}
    used: set[Path] = set()
    docs: list[RawDoc] = []
    warnings: list[str] = []
    for found in files:
        if found.path in sidecars:
            continue
        shown = _display_path(found.path, root, prefix)
        if is_sidecar_name(found.path):
            rejected.append(Rejection(shown, "sidecar with no input beside it (expected NAME.txt or NAME for NAME.yaml)", "skipped"))
            continue
        side = sidecar_of(found.path, sidecars)
        side_shown = _display_path(side.path, root, prefix) if side else None
        read = functools.partial(_read_input, found, shown, side, side_shown, limit)
        doc, reason, notes = read() if remember is None or not found.stamp else remember(
            "input", shown, (found.stamp, side_shown, side.stamp if side else None), read)
        if doc is None:
            rejected.append(Rejection(shown, reason))
            if side is not None and side.path not in used:
                used.add(side.path)
                rejected.append(Rejection(side_shown or "", f"sidecar of rejected input {shown}; its overrides are unused", "skipped"))
            continue
        if side is not None:
            used.add(side.path)
        warnings.extend(notes)
        docs.append(doc)
    for path in sorted(set(sidecars) - used):
        # a second sidecar of one input (NAME.yml beside NAME.yaml): only the first is read
        rejected.append(Rejection(_display_path(path, root, prefix), "second sidecar of one input (.yaml wins); ignored", "skipped"))
    return docs, rejected, warnings


def _read_input(found: Found, shown: str, side: Found | None, side_shown: str | None,
                limit: int) -> tuple[RawDoc | None, str, list[str]]:
    """One input and its sidecar: (doc, "", the sidecar's warnings) or (None, why, [])."""
    data, reason = read_one(found, limit)
    if data is None:
        return None, reason, []
    sidecar: dict = {}
    notes: list[str] = []
    if side is not None:
        sidecar, notes = load_sidecar(side.real, side_shown)
    return RawDoc(path=shown, data=data, sidecar=sidecar, sidecar_path=side_shown), "", notes


def _has_input(sidecar: Path, paths: set[Path]) -> bool:
    stem = sidecar.with_suffix("")
    return any(p != sidecar and not is_sidecar_name(p) and (p.with_suffix("") == stem or p == stem) for p in paths)


def orphaned_sidecars(docs: list[RawDoc], rejected: list[Rejection]) -> list[Rejection]:
    """Hook for the build: a `skipped` entry for the sidecar of every input rejected after ingest
    (e.g. undecodable), so the editor learns that its overrides were not used."""
    by_path = {d.path: d for d in docs}
    out = []
    for r in rejected:
        doc = by_path.get(r.path)
        if doc is not None and doc.sidecar_path:
            out.append(Rejection(doc.sidecar_path, f"sidecar of rejected input {r.path}; its overrides are unused", "skipped"))
    return out


# --- decoding -------------------------------------------------------------------------

BOMS = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
# Line separators other than \n: a paragraph must stay on one line of the Markdown, and
# str.splitlines() (used by tools that read our output) would split on these.
_LINE_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), "\n")
# Stray control characters (NUL from a bad scrape, ESC sequences) carry no text; they are
# dropped, not published. A file with many of them is binary and rejected instead.
_CONTROLS = dict.fromkeys([*range(0, 9), *range(14, 28), 0x1F, 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)], None)


@dataclass
class Decoded:
    text: str | None
    encoding: str  # the encoding, or the reason when text is None
    notes: tuple[str, ...] = ()  # what decoding had to repair (truncated tail, stray controls)


def _decode_prefix(data: bytes, encoding: str) -> tuple[str, int]:
    """Strict decode that tolerates only an incomplete multi-byte sequence at the very end
    (a truncated download). Returns (text, bytes dropped); raises UnicodeDecodeError otherwise."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    text = decoder.decode(data, final=False)
    pending = len(decoder.getstate()[0])
    return text, pending


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position for ASCII text."""
    if len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf_16_le" if _decodes(data, "utf_16_le") else None
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf_16_be" if _decodes(data, "utf_16_be") else None
    # CJK-only UTF-16 has no NULs; accept it when it decodes and is mostly CJK.
    for enc in ("utf_16_le", "utf_16_be"):
        try:
            text, _ = _decode_prefix(data, enc)
        except UnicodeDecodeError:
            continue
        if cjk_ratio(text) > 0.5 and control_ratio(text) < BINARY_CONTROL_SHARE:
            return enc
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    # NUL parity only suggests UTF-16; binary data can show it too (and hold lone surrogates).
    try:
        _decode_prefix(data, encoding)
    except UnicodeDecodeError:
        return False
    return True


def cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    visible = sum(1 for ch in text if not ch.isspace())
    return cjk / visible if visible else 0.0


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


# Control characters (but tab and line breaks), specials and lone surrogates: one C-level scan.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufff0-\uffff\ud800-\udfff]")


def _finish(text: str, encoding: str, dropped: int = 0) -> Decoded:
    """Common checks and repairs after a successful decode."""
    if control_ratio(text) > BINARY_CONTROL_SHARE:
        return Decoded(None, "binary file (control characters)")
    notes = []
    if dropped:
        notes.append(f"truncated multi-byte sequence at the end ({dropped} byte(s)) dropped")
    cleaned = text.translate(_LINE_BREAKS).translate(_CONTROLS)
    if len(cleaned) != len(text):
        notes.append(f"{len(text) - len(cleaned)} stray control character(s) dropped")
    if not cleaned.strip():
        return Decoded(None, "empty or whitespace-only file")
    return Decoded(cleaned, encoding, tuple(notes))


def decode_detailed(data: bytes) -> Decoded:
    """Decode input bytes: BOM, UTF-8, UTF-16, then legacy Chinese encodings ranked by
    plausibility, including files whose lines mix UTF-8 and a legacy encoding."""
    if not data.strip():
        return Decoded(None, "empty or whitespace-only file")
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                text, dropped = _decode_prefix(data[len(bom):], enc.replace("_sig", ""))
            except UnicodeDecodeError:
                return Decoded(None, f"{enc} byte-order mark but the bytes do not decode")
            return _finish(text, enc.replace("_sig", "-sig"), dropped)
    try:
        text, dropped = _decode_prefix(data, "utf_8")
        return _finish(text, "utf_8", dropped)
    except UnicodeDecodeError:
        pass
    enc16 = _utf16_without_bom(data)
    if enc16:
        text, dropped = _decode_prefix(data, enc16)
        return _finish(text, enc16, dropped)
    if data.count(0) > len(data) * BINARY_CONTROL_SHARE:
        return Decoded(None, "binary file (NUL bytes)")
    scored = _legacy_candidates(data)
    if not scored:
        return Decoded(None, "undecodable: not UTF-8, UTF-16, GB18030 or Big5")
    score, enc, text, dropped = max(scored, key=lambda item: item[0])
    if score < 0.5 or control_ratio(text) > BINARY_CONTROL_SHARE:
        return Decoded(None, "undecodable: no candidate encoding yields plausible text")
    return _finish(text, enc, dropped)


def _legacy_candidates(data: bytes) -> list[tuple[float, str, str, int]]:
    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    guesses = [best.encoding] if best is not None else []
    # charset-normalizer often confuses GBK and Big5 on short Chinese text: rank the strict decodes.
    scored: list[tuple[float, str, str, int]] = []
    for enc in dict.fromkeys([*guesses, *LEGACY_ENCODINGS]):
        try:
            text, dropped = _decode_prefix(data, enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), enc, text, dropped))
    mixed = _decode_mixed(data)
    if mixed is not None:
        scored.append(mixed)
    return scored


def _decode_mixed(data: bytes) -> tuple[float, str, str, int] | None:
    """Files concatenated from several scrapes mix encodings line by line: decode each line
    as UTF-8 when it is valid UTF-8 and otherwise in the legacy encoding that reads best."""
    lines = data.split(b"\n")
    utf8_lines = [i for i, ln in enumerate(lines) if not ln.isascii() and _is_utf8(ln)]
    other = {i for i, ln in enumerate(lines) if not _is_utf8(ln)}
    if not utf8_lines or not other:
        return None
    best: tuple[float, str, str, int] | None = None
    for enc in LEGACY_ENCODINGS:
        parts = []
        try:
            for i, ln in enumerate(lines):
                parts.append(ln.decode("utf_8") if i not in other else ln.decode(enc))
        except UnicodeDecodeError:
            continue
        text = "\n".join(parts)
        candidate = (_plausibility(text), f"mixed: utf_8+{enc}", text, 0)
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf_8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """Decode input bytes. Returns (text, encoding) or (None, reason)."""
    result = decode_detailed(data)
    return (result.text, result.encoding) if result.text is not None else (None, result.encoding)


_COMMON: frozenset[str] | None = None


def _common_hanzi() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        path = Path(__file__).resolve().parent.parent / "rules" / "common_hanzi.txt"
        _COMMON = frozenset(path.read_text(encoding="utf-8").split()) if path.exists() else frozenset()
    return _COMMON


def _plausibility(text: str) -> float:
    """Share of CJK characters that are common in Chinese text (either script)."""
    common = _common_hanzi()
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"]
    if not cjk:
        return 0.6 if control_ratio(text) == 0 else 0.0
    if not common:
        return 0.6
    return sum(1 for ch in cjk if ch in common) / len(cjk)
