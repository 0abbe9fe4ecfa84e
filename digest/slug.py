"""Slugs: stable, ASCII, unique, derived from the title; identical in both editions.

Pinyin of the title's first syllables keeps URLs readable; a short hash of the canonical
title makes two titles with the same opening differ. Collisions get -2, -3 in a stable order.
"""

from __future__ import annotations

import hashlib
import re

MAX_WORDS = 8
_UNSAFE = re.compile(r"[^a-z0-9]+")
RESERVED = {"index", "search", "topics", "entities", "articles", "timeline", "report", "feed", "con", "nul", "aux", "prn"}


def sanitize(raw: str) -> str:
    """Make any string (e.g. a sidecar slug) safe as one path segment."""
    text = _UNSAFE.sub("-", raw.lower()).strip("-")
    text = text[:80].strip("-")
    if not text or text in RESERVED:
        text = f"a-{text}" if text else "article"
    return text


def make_slug(title: str) -> str:
    from pypinyin import lazy_pinyin  # 0.3 s to import; a warm build takes slugs from its cache

    words = [_UNSAFE.sub("", w.lower()) for w in lazy_pinyin(title, errors="default")]
    words = [w for w in words if w][:MAX_WORDS]
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    return sanitize("-".join([*words, digest]))


def unique_slugs(wanted: list[str]) -> list[str]:
    """Resolve collisions deterministically: the first keeps its slug, later ones get -2, -3."""
    seen: dict[str, int] = {}
    out = []
    for slug in wanted:
        if slug in seen:
            seen[slug] += 1
            candidate = f"{slug}-{seen[slug]}"
            while candidate in seen:
                seen[slug] += 1
                candidate = f"{slug}-{seen[slug]}"
            seen[candidate] = 1
            out.append(candidate)
        else:
            seen[slug] = 1
            out.append(slug)
    return out
