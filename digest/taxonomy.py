"""Load and validate taxonomy.yaml: topics, weighted terms, entities, tagging thresholds.

The YAML is validated on its node tree so every problem is reported as `file:line:
message` (Zola-style: an undeclared topic is an error, not a silent new topic). Unknown
keys only warn, so a newer taxonomy still loads in an older build.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

TOPIC_IDS = ("compute", "infra", "models", "apps", "hardware", "embodied")
ENTITY_KINDS = ("company", "product", "model", "person", "org")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# High enough that jieba keeps a user term whole against any split of the base dictionary.
JIEBA_FREQ = 2_000_000


class TaxonomyError(ValueError):
    """A problem in the taxonomy file, located as file:line."""


@dataclass(frozen=True)
class Topic:
    id: str
    names: dict[str, str]  # zh-hans, zh-hant, en
    scope: dict[str, str]
    terms: dict[str, float]  # canonical Simplified or Latin term -> weight


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    aliases: tuple[str, ...]  # includes the name and the Traditional/Taiwan spellings
    kind: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class TaggingSettings:
    heading_weight: float = 2.0
    k1: float = 1.2
    b: float = 0.5
    avg_len: float = 400.0
    min_score: float = 6.0
    min_distinct_terms: int = 2
    min_relative: float = 0.0  # a non-best topic scoring this share of the best is kept
    second_min_score: float = float("inf")  # ... and so is one with this much evidence of its own
    second_len_power: float = 0.0  # that bar x (length / avg_len) ** this
    idf_power: float = 1.0  # how strongly the corpus IDF factors apply (0 turns them off)
    min_share: float = 0.15


@dataclass(frozen=True)
class Taxonomy:
    version: int
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]
    tagging: TaggingSettings = field(default_factory=TaggingSettings)
    path: str = field(default="", repr=False, compare=False)  # where it was read: error messages only, not part of any key
    idf: dict[str, float] = field(default_factory=dict)  # term -> factor in (0, 1]; absent = 1

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]

    def entity(self, entity_id: str) -> Entity:
        return next(e for e in self.entities if e.id == entity_id)


# --- node helpers: every error carries the node's line ---------------------------------


class _Ctx:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[str] = []

    def error(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(f"{self.path}:{line}: {message}")

    def warn(self, node: Node, message: str) -> None:
        warnings.warn(f"{self.path}:{node.start_mark.line + 1}: {message}", stacklevel=4)


def _mapping(ctx: _Ctx, node: Node | None, what: str) -> dict[str, tuple[Node, Node]]:
    if not isinstance(node, MappingNode):
        ctx.error(node, f"{what} must be a mapping")
        return {}
    out: dict[str, tuple[Node, Node]] = {}
    for key, value in node.value:
        name = str(key.value)
        if name in out:
            ctx.error(key, f"duplicate key {name!r} in {what}")
        out[name] = (key, value)
    return out


def _scalar(ctx: _Ctx, node: Node | None, what: str) -> str | None:
    if not isinstance(node, ScalarNode) or node.value == "":
        ctx.error(node, f"{what} must be a non-empty scalar")
        return None
    return str(node.value)


def _number(ctx: _Ctx, node: Node, what: str) -> float | None:
    text = _scalar(ctx, node, what)
    try:
        return float(text) if text is not None else None
    except ValueError:
        ctx.error(node, f"{what} must be a number, got {text!r}")
        return None


def _seq(ctx: _Ctx, node: Node | None, what: str) -> list[Node]:
    if not isinstance(node, SequenceNode):
        ctx.error(node, f"{what} must be a list")
        return []
    return list(node.value)


def _check_keys(ctx: _Ctx, fields: dict[str, tuple[Node, Node]], required: tuple[str, ...],
                optional: tuple[str, ...], parent: Node, what: str) -> None:
    for name in required:
        if name not in fields:
            ctx.error(parent, f"{what}: missing key {name!r}")
    for name, (key, _) in fields.items():
        if name not in required + optional:
            ctx.warn(key, f"{what}: unknown key {name!r} ignored")


# --- sections of the file --------------------------------------------------------------


def _lang_map(ctx: _Ctx, node: Node, what: str) -> dict[str, str]:
    fields = _mapping(ctx, node, what)
    _check_keys(ctx, fields, ("zh-hans", "zh-hant"), ("en",), node, what)
    return {k: v for k, (_, vn) in fields.items() if (v := _scalar(ctx, vn, f"{what}.{k}"))}


def _topic(ctx: _Ctx, node: Node, declared: set[str]) -> Topic | None:
    fields = _mapping(ctx, node, "topic")
    _check_keys(ctx, fields, ("id", "name", "scope", "terms"), (), node, "topic")
    if "id" not in fields:
        return None
    tid = _scalar(ctx, fields["id"][1], "topic id")
    if tid not in TOPIC_IDS:
        ctx.error(fields["id"][1], f"undeclared topic {tid!r} (allowed: {', '.join(TOPIC_IDS)})")
        return None
    if tid in declared:
        ctx.error(fields["id"][1], f"topic {tid!r} defined twice")
    declared.add(tid)
    terms: dict[str, float] = {}
    for key, value in _mapping(ctx, fields.get("terms", (node, None))[1], f"terms of {tid}").values():
        weight = _number(ctx, value, f"weight of term {key.value!r}")
        if weight is not None and weight <= 0:
            ctx.error(value, f"weight of term {key.value!r} must be positive")
        elif weight is not None:
            terms[str(key.value)] = weight
    return Topic(
        id=tid,
        names=_lang_map(ctx, fields["name"][1], f"name of {tid}") if "name" in fields else {},
        scope=_lang_map(ctx, fields["scope"][1], f"scope of {tid}") if "scope" in fields else {},
        terms=terms,
    )


def _entity(ctx: _Ctx, node: Node, topic_ids: set[str]) -> Entity | None:
    fields = _mapping(ctx, node, "entity")
    _check_keys(ctx, fields, ("id", "name", "aliases", "kind", "topics"), (), node, "entity")
    if any(k not in fields for k in ("id", "name", "kind")):
        return None
    eid = _scalar(ctx, fields["id"][1], "entity id") or ""
    if not SLUG_RE.match(eid):
        ctx.error(fields["id"][1], f"entity id {eid!r} must be an ASCII slug")
    name = _scalar(ctx, fields["name"][1], "entity name") or ""
    kind = _scalar(ctx, fields["kind"][1], "entity kind")
    if kind not in ENTITY_KINDS:
        ctx.error(fields["kind"][1], f"entity kind {kind!r} not one of {', '.join(ENTITY_KINDS)}")
    topics: list[str] = []
    for tn in _seq(ctx, fields.get("topics", (node, None))[1], f"topics of {eid}"):
        t = _scalar(ctx, tn, "topic")
        if t not in topic_ids:
            ctx.error(tn, f"entity {eid!r}: undeclared topic {t!r}")
        elif t:
            topics.append(t)
    aliases: list[str] = [name] if name else []
    for an in _seq(ctx, fields.get("aliases", (node, None))[1], f"aliases of {eid}"):
        a = _scalar(ctx, an, "alias")
        if a and a not in aliases:
            aliases.append(a)
    return Entity(id=eid, name=name, aliases=tuple(aliases), kind=kind or "", topics=tuple(topics))


def _tagging(ctx: _Ctx, node: Node | None) -> TaggingSettings:
    if node is None:
        return TaggingSettings()
    fields = _mapping(ctx, node, "tagging")
    known = TaggingSettings.__dataclass_fields__
    values: dict[str, Any] = {}
    for name, (key, value) in fields.items():
        if name not in known:
            ctx.warn(key, f"tagging: unknown key {name!r} ignored")
            continue
        number = _number(ctx, value, f"tagging.{name}")
        if number is not None:
            values[name] = int(number) if name == "min_distinct_terms" else number
    return TaggingSettings(**values)


def _idf(ctx: _Ctx, node: Node | None, topics: list[Topic]) -> dict[str, float]:
    """term -> IDF factor in (0, 1]. Each must name a term of some topic, so a renamed
    term cannot leave a stale factor behind silently."""
    if node is None:
        return {}
    known = {term for topic in topics for term in topic.terms}
    out: dict[str, float] = {}
    for key, value in _mapping(ctx, node, "idf").values():
        term = str(key.value)
        factor = _number(ctx, value, f"idf of {term!r}")
        if term not in known:
            ctx.error(key, f"idf: {term!r} is not a term of any topic")
        elif factor is not None and not 0 < factor <= 1:
            ctx.error(value, f"idf of {term!r} must be in (0, 1]")
        elif factor is not None:
            out[term] = factor
    return out


def _duplicate_aliases(ctx: _Ctx, entities: list[tuple[Entity, Node]]) -> None:
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for entity, node in entities:
        if entity.id in ids:
            ctx.error(node, f"entity id {entity.id!r} defined twice")
        ids.add(entity.id)
        for alias in entity.aliases:
            key = alias.casefold()
            if key in owner and owner[key] != entity.id:
                ctx.error(node, f"alias {alias!r} of {entity.id!r} already belongs to {owner[key]!r}")
            owner.setdefault(key, entity.id)


def parse_taxonomy(text: str, path: str = "taxonomy.yaml") -> Taxonomy:
    ctx = _Ctx(path)
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise TaxonomyError(f"{path}:{line}: invalid YAML: {exc.problem or exc}") from exc
    fields = _mapping(ctx, root, "taxonomy")
    if root is not None:
        _check_keys(ctx, fields, ("version", "topics", "entities"), ("tagging", "idf"), root, "taxonomy")
    version = fields.get("version")
    if version is not None and _scalar(ctx, version[1], "version") != "1":
        ctx.error(version[1], "unsupported taxonomy version (expected 1)")
    declared: set[str] = set()
    topics: list[Topic] = []
    for tn in _seq(ctx, fields["topics"][1], "topics") if "topics" in fields else []:
        topic = _topic(ctx, tn, declared)
        if topic is not None:
            topics.append(topic)
    missing = [t for t in TOPIC_IDS if t not in declared]
    if missing and "topics" in fields:
        ctx.error(fields["topics"][1], f"topics missing: {', '.join(missing)}")
    entities: list[tuple[Entity, Node]] = []
    for en in _seq(ctx, fields["entities"][1], "entities") if "entities" in fields else []:
        e = _entity(ctx, en, declared)
        if e is not None:
            entities.append((e, en))
    _duplicate_aliases(ctx, entities)
    tagging = _tagging(ctx, fields["tagging"][1] if "tagging" in fields else None)
    idf = _idf(ctx, fields["idf"][1] if "idf" in fields else None, topics)
    if ctx.errors:
        raise TaxonomyError("\n".join(ctx.errors))
    order = {t: i for i, t in enumerate(TOPIC_IDS)}
    return Taxonomy(
        version=1,
        topics=tuple(sorted(topics, key=lambda t: order[t.id])),
        entities=tuple(e for e, _ in entities),
        tagging=tagging,
        path=path,
        idf=idf,
    )


def load_taxonomy(path: str | Path = "taxonomy.yaml") -> Taxonomy:
    p = Path(path)
    return parse_taxonomy(p.read_text(encoding="utf-8"), p.as_posix())


# --- jieba and OpenCC helpers ----------------------------------------------------------


def dictionary_words(tax: Taxonomy) -> list[str]:
    """Every term and entity alias, once, in a stable order."""
    words: dict[str, None] = {}
    for topic in tax.topics:
        for term in topic.terms:
            words[term] = None
    for entity in tax.entities:
        for alias in entity.aliases:
            words[alias] = None
    return list(words)


def jieba_userdict_lines(tax: Taxonomy) -> list[str]:
    """Lines for a jieba user dictionary ("word freq"). jieba's file format splits on
    spaces, so words containing a space are left out here (load_jieba adds them)."""
    return [f"{w} {JIEBA_FREQ}" for w in dictionary_words(tax) if " " not in w]


def load_jieba(tax: Taxonomy) -> None:
    """Teach jieba every term and alias so 文心一言, 通义千问, 具身智能 stay one token.

    Idempotent: `jieba.add_word` adds the frequency to the dictionary's total on every
    call, and the total enters every path score, so adding a word twice would change how
    unrelated text is cut. A word already at JIEBA_FREQ was added before (the base
    dictionary's largest frequency is far below it) and is skipped.
    """
    import jieba

    dt = jieba.dt
    dt.check_initialized()
    for word in dictionary_words(tax):
        if dt.FREQ.get(word) != JIEBA_FREQ:
            dt.add_word(word, freq=JIEBA_FREQ)


_LATIN_RE = re.compile(r"[A-Za-z]")


def protected_terms(tax: Taxonomy) -> list[str]:
    """Names OpenCC must leave alone when making the Traditional edition: Latin brand
    and product names ("Sora", "ChatGPT", "Ray-Ban Meta"). Longest first, so a
    renderer that masks them by regex protects the longer name."""
    names = {a for e in tax.entities for a in e.aliases if _LATIN_RE.search(a)}
    return sorted(names, key=lambda s: (-len(s), s))
