"""YAML front matter of the Markdown files, without PyYAML's pure-Python emitter per file.

`dump(front)` returns exactly `yaml.safe_dump(front, allow_unicode=True, sort_keys=False,
width=1000)` for the shapes markdown_article builds (a mapping of scalars, lists of
scalars and lists of flat mappings). PyYAML still decides how each scalar is written (plain,
quoted, escaped): `_scalar` asks it for that one value, once per distinct value, and only
the block layout around the scalars is written here — PyYAML's default block style, with
sequences inside mappings not indented and empty lists as `[]`. Anything else (a nested
list, an empty mapping, the same list object twice, which PyYAML would alias, or a value
whose one-line form is long enough for the 1000-column width to matter) is handed to
PyYAML as a whole. tests/test_frontmatter.py compares both on many inputs.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

_OPTIONS = {"allow_unicode": True, "sort_keys": False, "width": 1000}
_SCALARS = (str, bool, int, date, type(None))
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # what YAML reads as a line break
_MAX_SCALAR = 600  # plus an indent and a key: far below the 1000-column width
# Strings PyYAML writes plain, as they are (asking PyYAML about each title, heading and path
# cost 3 s of a 10k build): (a) text holding a CJK ideograph, starting with an ideograph,
# letter or digit (so no indicator, and no int/float/bool/null/date reading: those are all
# ASCII-only and anchored at both ends), made of ideographs, CJK and full-width
# punctuation, letters, digits, spaces (not at the end) and ASCII marks that are no
# indicator inside a plain scalar (no ":" nor "#"); (b) lower-case ASCII names and paths
# starting with a letter or a digit, except the words YAML reads as booleans or null.
# tests/test_frontmatter.py checks both against PyYAML.
_CJK_MARKS = "\u3001-\u303f\uff01-\uff5e\u2014\u2018-\u201d\u2022\u2026\u00b7"
_PLAIN_CJK = re.compile(
    rf"[A-Za-z0-9\u3400-\u9fff{_CJK_MARKS}][\u3400-\u9fff{_CJK_MARKS}A-Za-z0-9.%()+/&!?,*'\"\[\]{{}} _-]*")
_CJK = re.compile(r"[\u3400-\u9fff]")
# (b): a digit start needs a letter no int, float or date holds (hex digits, x, e, t, z excluded)
_PLAIN_NAME = re.compile(r"[a-z0-9][A-Za-z0-9_./-]*")
_NON_NUMBER_LETTER = re.compile(r"[g-wyzG-WYZ]")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


class _Fallback(Exception):
    pass


def dump(front: dict[str, Any]) -> str:
    try:
        lines: list[str] = []
        _mapping(front, "", "", lines, set())
        return "\n".join(lines) + "\n"
    except _Fallback:
        return yaml.safe_dump(front, **_OPTIONS)  # type: ignore[call-overload, no-any-return]


@lru_cache(maxsize=1 << 16)
def _scalar_text(value: Any, kind: type) -> str | None:
    """PyYAML's one-line form of `value`, or None when it is not one short line."""
    if kind is str and _plain(value):
        return value  # type: ignore[no-any-return]
    text: str = yaml.safe_dump(value, **_OPTIONS)  # type: ignore[call-overload]
    if text.endswith("\n...\n"):  # a plain scalar at the root ends its document explicitly
        text = text[:-5]
    elif text.endswith("\n"):
        text = text[:-1]
    if len(text) > _MAX_SCALAR or any(b in text for b in _BREAKS):
        return None
    return text


def _plain(text: str) -> bool:
    """PyYAML writes `text` plain and unchanged (see _PLAIN_CJK)."""
    if len(text) > _MAX_SCALAR or text[-1:] == " ":
        return False
    if _PLAIN_NAME.fullmatch(text):
        if text[0].isdigit():
            return _NON_NUMBER_LETTER.search(text) is not None
        return text not in _RESERVED
    return _PLAIN_CJK.fullmatch(text) is not None and _CJK.search(text) is not None


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind not in _SCALARS:
        raise _Fallback
    text = _scalar_text(value, kind)  # the type is part of the key: True and 1 are equal
    if text is None:
        raise _Fallback
    return text


def _key(key: Any) -> str:
    if type(key) is not str or not key or _scalar(key) != key or key[0] in "?-":
        raise _Fallback
    return key


def _mapping(data: dict[str, Any], first: str, indent: str, lines: list[str], seen: set[int]) -> None:
    """Lines of a block mapping; the first line starts with `first` ("- " in a sequence)."""
    if not data:
        raise _Fallback
    _once(data, seen)
    lead = first
    for key, value in data.items():
        k = _key(key)
        if type(value) is list:
            _once(value, seen)
            if not value:
                lines.append(f"{lead}{k}: []")
            else:
                lines.append(f"{lead}{k}:")
                for item in value:  # PyYAML does not indent a sequence inside a mapping
                    if type(item) is dict:
                        _mapping(item, indent + "- ", indent + "  ", lines, seen)
                    else:
                        lines.append(f"{indent}- {_scalar(item)}")
        else:
            lines.append(f"{lead}{k}: {_scalar(value)}")
        lead = indent


def _once(obj: Any, seen: set[int]) -> None:
    if id(obj) in seen:  # PyYAML would write an anchor and an alias
        raise _Fallback
    seen.add(id(obj))
