"""A forum thread's floors (one post each under its header: the poster's name and time). When
the thread's starter pastes an article over several floors, another member's post that cuts in
between them is a reply, however much it reads like prose; so are the posts below. The floors are
told by their headers (rules/chrome.yaml `floor_header`), the starter by the first header's
name. Gated on structure: FLOOR_HEADERS_MIN headers and the starter posting two floors at least,
so an article quoting one "作者：…" line is left as it is."""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import RULES_DIR, _load
from .split import Line

FLOOR_HEADERS_MIN = 3
STARTER_FLOORS_MIN = 2


@lru_cache(maxsize=1)
def _headers() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in _load("chrome.yaml", RULES_DIR)["floor_header"])


def floor_header(text: str) -> str | None:
    """The poster's name of a floor header line, or None."""
    for rx in _headers():
        m = rx.match(text.strip())
        if m:
            return m.group("name")
    return None


def other_floors(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """Line number -> (kind, rule) of each floor header (chrome) and of each line of a floor
    posted by someone other than the thread's starter (comments)."""
    heads = [(k, name) for k, ln in enumerate(lines) if (name := floor_header(ln.text)) is not None]
    if len(heads) < FLOOR_HEADERS_MIN:
        return {}
    starter = heads[0][1]
    if sum(1 for _, name in heads if name == starter) < STARTER_FLOORS_MIN:
        return {}
    out: dict[int, tuple[str, str]] = {}
    bounds = [*(k for k, _ in heads), len(lines)]
    for (k, name), end in zip(heads, bounds[1:], strict=True):
        out[lines[k].no] = ("chrome", "floor-header")
        if name != starter:
            out.update((ln.no, ("comments", "other-floor")) for ln in lines[k + 1:end])
    return out
