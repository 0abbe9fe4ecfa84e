"""What changed in the site model since the previous build of a resident session.

An add-one rebuild at 10k articles keeps ~99.9 % of the pages; keying every article page
and topic row again (hashing, or building and comparing the tuples `Cache.remember`
compares) was most of its render stage. A resident session keeps the previous build's
`ModelView` (the article objects, their neighbours, related lists, related sections and
linked entities, and the keys made from them), and `diff` names the articles whose page
or topic rows can show something else: only those are keyed again, every other one keeps
its previous key. The keys stay what a cold build makes (each is a function of what it
names); only the work of finding that they did not change is skipped.

What an article page shows (`Renderer.article_page_digest`) and what makes it dirty:

* the article itself (its object and its article-stage key): changed or new;
* its neighbours in date order (newer, older): another object than before;
* its related articles with their titles: another list, or one holding a changed article;
* each section's related sections with their titles: another list, or one holding a
  changed article (also what a topic row shows, `Renderer.topic_row_keys`);
* its entities that have a page: an entity of it gained or lost its page.

An entity page lists the sections that mention it, in article order: it can list
something else only when an article mentioning it (before or now) changed, came or went.

Articles are the stage's cached objects: the same object is the same article (no stage
changes a shared cache value), so identity is the test for "unchanged".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .model import Article
from .related import Key as SectionKey  # (article slug, section anchor)

# an entity page's mentions (article key, slug, section anchor) and their repr
Mentions = tuple[list[tuple[str, str, str]], str]


@dataclass
class ModelView:
    """What the article pages and topic rows of one build were keyed from, and the keys."""

    base_key: str
    articles: dict[str, Article]
    article_keys: Mapping[str, str]
    neighbours: dict[str, tuple[Article | None, Article | None]]
    related: Mapping[str, list[str]]
    related_sections: Mapping[SectionKey, list[SectionKey]]
    entity_ids: frozenset[str]
    page_digests: dict[str, str] = field(default_factory=dict)  # slug -> its page digest (both editions)
    row_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (topic, slug) -> its row's key
    mentions: dict[str, Mentions] = field(default_factory=dict)  # entity id -> what its page lists (Renderer._entity_mentions)


def view_of(
    base_key: str,
    articles: Sequence[Article],
    article_keys: Mapping[str, str],
    related: Mapping[str, list[str]],
    related_sections: Mapping[SectionKey, list[SectionKey]],
    entity_ids: frozenset[str],
) -> ModelView:
    n = len(articles)
    neighbours = {a.slug: (articles[i - 1] if i > 0 else None, articles[i + 1] if i + 1 < n else None) for i, a in enumerate(articles)}
    return ModelView(base_key, {a.slug: a for a in articles}, article_keys, neighbours, related, related_sections, entity_ids)


@dataclass(frozen=True)
class Diff:
    """Slugs whose previous keys still hold: `kept_rows` for topic rows, `kept_pages` for
    article pages (a subset of `kept_rows`)."""

    kept_rows: frozenset[str]
    kept_pages: frozenset[str]

    def kept_page(self, prev: ModelView | None, slug: str) -> str | None:
        """The previous build's digest of article `slug`'s page, when it still holds."""
        return prev.page_digests.get(slug) if prev is not None and slug in self.kept_pages else None

    def kept_row(self, prev: ModelView | None, topic: str, slug: str) -> str | None:
        """The previous build's key of article `slug`'s row on topic `topic`, when it still holds."""
        return prev.row_keys.get((topic, slug)) if prev is not None and slug in self.kept_rows else None


KEEP_NOTHING = Diff(frozenset(), frozenset())


@dataclass
class SessionState:
    """What a resident session's renderer keeps from one build to the next: the last full
    view of the model, and each page's sitemap entry by (base URL, page)."""

    last: ModelView | None = None
    sitemap: dict[tuple[str, str], str] | None = None


def diff(prev: ModelView | None, now: ModelView, changed: set[str] | None = None) -> Diff:
    """The articles of `now` whose page and topic rows show what they showed in `prev`
    (`changed`: `changed_articles(prev, now.articles, now.article_keys)` when known)."""
    if prev is None or prev.base_key != now.base_key:
        return KEEP_NOTHING
    if changed is None:
        changed = changed_articles(prev, now.articles, now.article_keys)
    shown_dirty = _section_lists_dirty(prev.related_sections, now.related_sections, changed)
    rows = frozenset(now.articles.keys() - changed - shown_dirty)
    dirty: set[str] = set()
    old_related = prev.related
    for s, listed in now.related.items():
        if old_related.get(s) != listed or (changed and not changed.isdisjoint(listed)):
            dirty.add(s)
    old_nb = prev.neighbours
    for s, (newer, older) in now.neighbours.items():
        before = old_nb.get(s)
        if before is None or before[0] is not newer or before[1] is not older:
            dirty.add(s)
    flipped = prev.entity_ids ^ now.entity_ids
    if flipped:
        dirty.update(s for s, a in now.articles.items() if not flipped.isdisjoint(a.entities))
    return Diff(rows, frozenset(rows - dirty))


def changed_articles(prev: ModelView, articles: Mapping[str, Article], article_keys: Mapping[str, str]) -> set[str]:
    """Slugs of the articles that are new or another object (or article-stage key) than before."""
    old, old_keys = prev.articles, prev.article_keys
    return {s for s, a in articles.items() if old.get(s) is not a or old_keys.get(s) != article_keys.get(s)}


def touched_entities(prev: ModelView, articles: Mapping[str, Article], changed: set[str]) -> frozenset[str]:
    """The entities whose pages may list something else than before: those mentioned by an
    article that changed, came or went (before or after the change)."""
    touched = [articles[s] for s in changed] + [prev.articles[s] for s in prev.articles.keys() - (articles.keys() - changed)]
    return frozenset(e for a in touched for e in a.entities)


def _section_lists_dirty(
    old: Mapping[SectionKey, list[SectionKey]], new: Mapping[SectionKey, list[SectionKey]], changed: set[str]
) -> set[str]:
    """Articles with a section whose related list differs, or links a changed article."""
    dirty = {k[0] for k in old.keys() ^ new.keys()}
    for k, listed in new.items():
        if old.get(k) != listed or (changed and any(s in changed for s, _ in listed)):
            dirty.add(k[0])
    return dirty
