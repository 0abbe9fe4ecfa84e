"""The data model: plain dataclasses passed from stage to stage, one direction only.

Text inside the pipeline is the canonical Simplified form (OpenCC t2s); the
Traditional edition is produced only at render time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["year", "half", "quarter", "month", "day", "decade", "span"]
Status = Literal["published", "merged", "rejected", "skipped"]


@dataclass(frozen=True)
class Removal:
    """One piece of text a stage removed (or marked), and why."""

    kind: str  # chrome, spam, stuffing, caption, comments, repeat, pinyin_gloss, censored, ...
    text: str
    rule: str  # the rule id or signal that decided it
    line: int | None = None  # 1-based line in the decoded input, when known


@dataclass
class RawDoc:
    """An input file as found on disk."""

    path: str  # POSIX path as given to the report, e.g. content/seeds/001_x.txt
    data: bytes
    sidecar: dict[str, Any] = field(default_factory=dict)
    sidecar_path: str | None = None


@dataclass
class DecodedDoc:
    path: str
    encoding: str
    text: str  # decoded and normalized (NFKC-safe, no zero-width, \n line ends), original script
    sidecar: dict[str, Any] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)


@dataclass
class Draft:
    """One article as found in one input (a blog dump yields several)."""

    source: str  # input path
    index: int  # position inside the input, 0-based
    title: str | None  # canonical (t2s) title; None when the input has no title line
    paragraphs: list[str]  # canonical (t2s) paragraphs, one string each
    script: Literal["hans", "hant"] = "hans"  # script of the original input
    title_derived: bool = False  # True when the title was made from the content
    date: str | None = None  # ISO publication date as precise as stated
    date_precision: Precision | None = None
    published_time: str | None = None  # HH:MM[:SS] when stated
    origin: str | None = None  # original outlet ("来源: 钛媒体")
    author: str | None = None
    removals: list[Removal] = field(default_factory=list)
    start_line: int = 1  # first line of this draft in the decoded input
    slug_hint: str | None = None  # from a sidecar; sanitized before use

    @property
    def key(self) -> str:
        return f"{self.source}#{self.index}"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Section:
    heading: str
    anchor: str  # stable, identical in both editions: s1, s2, ...
    paragraphs: list[str]
    level: int = 1
    topics: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # topic -> matched terms
    scores: dict[str, float] = field(default_factory=dict)
    entities: list[str] = field(default_factory=list)  # entity ids


@dataclass
class ClusterMember:
    key: str  # Draft.key
    similarity: float  # Jaccard estimate against the canonical member
    containment: float  # share of the smaller member's shingles found in the canonical
    quality: float  # canonical-choice score


@dataclass
class Cluster:
    canonical: str  # Draft.key
    members: list[ClusterMember]
    reason: str  # why the canonical member was chosen


@dataclass
class Article:
    slug: str
    title: str
    sources: list[str]  # every input path merged into this article, canonical first
    sections: list[Section]
    date: str | None = None
    date_precision: Precision | None = None
    date_inferred: bool = False
    topics: list[str] = field(default_factory=list)
    origin: str | None = None
    author: str | None = None
    canonical_key: str = ""
    entities: list[str] = field(default_factory=list)
    script: Literal["hans", "hant"] = "hans"
    published_time: str | None = None  # HH:MM[:SS] when the input states it beside its date

    @property
    def paragraphs(self) -> list[str]:
        return [p for s in self.sections for p in s.paragraphs]


@dataclass
class Event:
    """A dated event for a timeline, linked to the section it came from."""

    iso: str  # ISO prefix of the right precision: 2017, 2024-03, 2023-09-21
    precision: Precision
    label: str  # the time expression as written (canonical script)
    text: str  # the clause or sentence it dates
    slug: str
    anchor: str
    topics: list[str] = field(default_factory=list)
    forecast: bool = False
    inferred: bool = False  # resolved from a relative or yearless expression
    end_iso: str | None = None  # for spans (quarter, half, ranges)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (slug, anchor) of every report


@dataclass
class InputReport:
    path: str
    encoding: str | None
    status: Status
    reason: str = ""
    articles: list[str] = field(default_factory=list)  # slugs
    removed: dict[str, int] = field(default_factory=dict)  # kind -> count
    removals: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
