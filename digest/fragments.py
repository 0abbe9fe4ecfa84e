"""Rendered pieces of pages kept between builds: a topic page's row for one article, an
entity page's line for one mention, the editor's report rows for one input.

A big listing page (a topic holds thousands of sections at 10k articles; the report lists
every input) changes whenever one of its items does, but each item's HTML depends only on
what it shows. Each fragment is stored under a key naming exactly that (the page's folder,
the edition, the item's content key, the titles it links to), so a rebuild after adding
one input renders the new items and joins the others. Hugo's `partialCached` does the same.

The table lives in ONE cache entry per build output (a resident `make serve` session keeps
it in memory); a build keeps only the fragments it used, so it does not grow without end.
Pages render in pool workers: a worker returns the fragments it made and used with the
page (`Rendered`), and the parent merges them (`absorb`) before saving the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .cache import Cache, digest

FragmentKey = tuple[str, ...]


@dataclass
class Fragments:
    # keys: tuples of the strings a fragment is made from (already digests or short)
    known: dict[FragmentKey, str] = field(default_factory=dict)  # the previous build's table
    fresh: dict[FragmentKey, str] = field(default_factory=dict)  # made in this process since `reset`
    used: set[FragmentKey] = field(default_factory=set)

    @classmethod
    def load(cls, store: Cache, key: str, version: str) -> Fragments:
        table = store.get_latest("fragments", key, version)
        return cls(dict(table) if isinstance(table, dict) else {})  # a copy: the cache's may be shared

    def get(self, key: FragmentKey, make: Callable[[], str]) -> str:
        """The fragment under `key` (HTML, as a plain str: a page joins thousands of them
        and marks the joined text safe once, see `joined`); `make()` renders it when no
        build has."""
        html = self.known.get(key)
        if html is None:
            html = self.fresh.get(key)
            if html is None:
                html = self.fresh[key] = str(make())
        self.used.add(key)
        return html

    def keep(self, keys: Iterable[FragmentKey]) -> None:
        """Mark as used the fragments of a page kept from the previous build (not
        rendered, so `get` never saw them): without this, a build that changed nothing
        dropped every topic row and entity mention from the table, and the next edit
        rendered them all again. A key the table does not hold is left out when saving."""
        self.used.update(keys)

    def reset(self) -> tuple[dict[FragmentKey, str], set[FragmentKey]]:
        """What this process made and used since the last reset (a worker's share)."""
        made, used = self.fresh, self.used
        self.known.update(made)  # a later job in this worker reuses them
        self.fresh, self.used = {}, set()
        return made, used

    def absorb(self, made: dict[FragmentKey, str], used: set[FragmentKey]) -> None:
        """A worker's share (see `reset`), merged into the parent's table."""
        for k, html in made.items():
            if k not in self.known:
                self.fresh.setdefault(k, html)
        self.used |= used

    def save(self, store: Cache, key: str, version: str) -> None:
        """Store the fragments this build used, when they differ from the previous table."""
        unused = self.known.keys() - self.used
        if not self.fresh and not unused:
            return  # nothing made, and every known fragment used: the same table
        # the known table (this object's own copy, see `load`) less what this build did not
        # use, plus what it made and used: an add-one at 10k drops and adds a few of ~100k
        # (the table is looked up by key, never listed: its order does not matter)
        table = self.known
        for k in unused:
            del table[k]
        table.update((k, self.fresh[k]) for k in self.used & self.fresh.keys() if k not in table)
        self.known = {}  # handed to the cache: this object no longer reads it
        store.put_latest("fragments", key, version, table)


@dataclass
class Rendered:
    """A render job's outputs from a worker, with the fragments it made and used and the
    texts it converted to Traditional script (when the renderer asked for them)."""

    outputs: list[Any]
    made: dict[FragmentKey, str]
    used: set[FragmentKey]
    conversions: dict[str, str] = field(default_factory=dict)


def text_key(text: str) -> str:
    """A short stable key of a long text that names a fragment (a report entry's JSON)."""
    return digest("fragment", text)


def joined(fragments: Iterable[str]) -> Markup:
    """Fragments (HTML made by templates) joined into one safe string for a template."""
    return Markup("".join(fragments))
