"""Ingest: find every input under the content folder, read its bytes and sidecar, decode.

A bad input never raises out of this module: it comes back as a rejection with a reason.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from .model import RawDoc

SIDECAR_SUFFIXES = (".yaml", ".yml")
MAX_INPUT_BYTES = 64 * 1024 * 1024  # larger inputs are rejected, never read whole
# Encodings we accept after detection; anything else is more likely a wrong guess than a real input.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be", "big5hkscs", "cp950", "gbk", "gb2312")


@dataclass
class Rejection:
    path: str
    reason: str
    status: str = "rejected"
    encoding: str | None = None


def _display_path(path: Path, root: Path, prefix: str) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{prefix}/{rel}" if prefix else rel


def discover(content: Path) -> tuple[list[Path], list[Rejection]]:
    """Every regular file under `content`, sorted; symlinks never lead outside it."""
    root = content.resolve()
    files: list[Path] = []
    rejected: list[Rejection] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    rejected.append(Rejection(str(path.relative_to(root)), "symlink points outside the content folder", "skipped"))
                    continue
            files.append(path)
    return files, rejected


def is_sidecar(path: Path, all_paths: set[Path]) -> bool:
    """`NAME.yaml` beside `NAME.txt` (or `NAME` with any extension) is that input's sidecar."""
    if path.suffix.lower() not in SIDECAR_SUFFIXES:
        return False
    stem = path.with_suffix("")
    return any(p != path and (p.with_suffix("") == stem or p == stem) for p in all_paths)


def load_sidecar(path: Path) -> tuple[dict, list[str]]:
    """Parse a sidecar; a malformed one yields no overrides and a `file:line: message` warning."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        return {}, [f"{path}:{line}: malformed sidecar YAML ({exc.problem}); its overrides are ignored"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [f"{path}:1: unreadable sidecar ({exc}); its overrides are ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path}:1: sidecar must be a mapping; its overrides are ignored"]
    return data, []


def read_inputs(content: Path, prefix: str) -> tuple[list[RawDoc], list[Rejection], list[str]]:
    """Read every input under `content` with its sidecar. Returns docs, rejections, warnings."""
    files, rejected = discover(content)
    root = content.resolve()
    all_paths = set(files)
    docs: list[RawDoc] = []
    warnings: list[str] = []
    sidecars = {p for p in files if is_sidecar(p, all_paths)}
    for path in files:
        if path in sidecars:
            continue
        shown = _display_path(path, root, prefix)
        try:
            size = path.stat().st_size
            if size > MAX_INPUT_BYTES:
                rejected.append(Rejection(shown, f"file is {size} bytes, over the {MAX_INPUT_BYTES}-byte limit"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            rejected.append(Rejection(shown, f"cannot read: {exc.strerror or exc}"))
            continue
        sidecar: dict = {}
        sidecar_path = None
        for suffix in SIDECAR_SUFFIXES:
            candidate = path.with_suffix(suffix) if path.suffix else Path(str(path) + suffix)
            if candidate in sidecars:
                sidecar, notes = load_sidecar(candidate)
                sidecar_path = _display_path(candidate, root, prefix)
                warnings.extend(notes)
                break
        docs.append(RawDoc(path=shown, data=data, sidecar=sidecar, sidecar_path=sidecar_path))
    return docs, rejected, warnings


BOMS = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position for ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf_16_le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf_16_be"
    # CJK-only UTF-16 has no NULs; accept it when it decodes and is mostly CJK.
    for enc in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if cjk_ratio(text) > 0.5 and control_ratio(text) < 0.01:
            return enc
    return None


def cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    visible = sum(1 for ch in text if not ch.isspace())
    return cjk / visible if visible else 0.0


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or 0xFFF0 <= ord(ch) <= 0xFFFF or 0xD800 <= ord(ch) <= 0xDFFF)
    return bad / len(text)


def decode(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """Decode input bytes. Returns (text, encoding) or (None, reason)."""
    if not data.strip():
        return None, "empty or whitespace-only file"
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("_sig", "-sig")
            except UnicodeDecodeError:
                return None, f"{enc} byte-order mark but the bytes do not decode"
    try:
        text = data.decode("utf_8")
        if control_ratio(text) > 0.01:
            return None, "binary file (control characters)"
        return text, "utf_8"
    except UnicodeDecodeError:
        pass
    enc16 = _utf16_without_bom(data)
    if enc16:
        return data.decode(enc16), enc16
    if data.count(0) > len(data) * 0.01:
        return None, "binary file (NUL bytes)"
    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    guesses = [best.encoding] if best is not None else []
    # charset-normalizer often confuses GBK and Big5 on short Chinese text: rank the strict decodes.
    scored: list[tuple[float, str, str]] = []
    for enc in dict.fromkeys([*guesses, "gb18030", "big5hkscs"]):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), enc, text))
    if not scored:
        return None, "undecodable: not UTF-8, UTF-16, GB18030 or Big5"
    score, enc, text = max(scored, key=lambda item: item[0])
    if score < 0.5 or control_ratio(text) > 0.01:
        return None, "undecodable: no candidate encoding yields plausible text"
    return text, enc


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
