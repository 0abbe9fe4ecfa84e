"""modeldiff: which article pages and topic rows of a resident rebuild keep the previous
build's keys. Each case changes one thing an article page shows and checks that exactly
the articles showing it are re-keyed (the resident tests check the bytes)."""

from __future__ import annotations

from dataclasses import replace

from digest.model import Article, Section
from digest.modeldiff import ModelView, diff, view_of


def art(slug: str, entities: tuple[str, ...] = ()) -> Article:
    return Article(
        slug=slug,
        title=slug.upper(),
        sources=[f"{slug}.txt"],
        sections=[Section(heading=slug, paragraphs=["x"], anchor="s1")],
        entities=list(entities),
    )


def view(
    articles: list[Article],
    related: dict[str, list[str]] | None = None,
    sections: dict[tuple[str, str], list[tuple[str, str]]] | None = None,
    entity_ids: frozenset[str] = frozenset(),
    base: str = "b",
) -> ModelView:
    return view_of(
        base, articles, {a.slug: f"key-{a.slug}" for a in articles}, related or {a.slug: [] for a in articles}, sections or {}, entity_ids
    )


ARTS = [art(s, ents) for s, ents in [("a", ("e1",)), ("b", ()), ("c", ("e1", "e2")), ("d", ()), ("e", ("e2",)), ("f", ())]]
SLUGS = frozenset(a.slug for a in ARTS)


def test_nothing_changed_keeps_every_key() -> None:
    d = diff(view(ARTS), view(list(ARTS)))
    assert d.kept_pages == d.kept_rows == SLUGS


def test_no_previous_build_or_another_renderer_keeps_nothing() -> None:
    assert not diff(None, view(ARTS)).kept_pages
    assert not diff(view(ARTS), view(ARTS, base="other")).kept_rows


def test_a_changed_article_and_its_neighbours_are_rekeyed() -> None:
    edited = replace(ARTS[2], title="new title")
    d = diff(view(ARTS), view([*ARTS[:2], edited, *ARTS[3:]]))
    assert d.kept_rows == SLUGS - {"c"}  # its rows; the others' rows show no neighbour
    assert d.kept_pages == SLUGS - {"b", "c", "d"}


def test_an_added_article_rekeys_its_neighbours_only() -> None:
    d = diff(view(ARTS), view([*ARTS[:3], art("new"), *ARTS[3:]]))
    assert d.kept_rows == SLUGS
    assert d.kept_pages == SLUGS - {"c", "d"}


def test_a_related_list_that_changed_or_shows_a_changed_title() -> None:
    related = {a.slug: [] for a in ARTS} | {"a": ["e"], "f": ["b"]}
    before = view(ARTS, related)
    assert diff(before, view(ARTS, related | {"a": ["e", "f"]})).kept_pages == SLUGS - {"a"}
    retitled = [*ARTS[:1], replace(ARTS[1], title="B2"), *ARTS[2:]]
    d = diff(before, view(retitled, related))
    assert d.kept_pages == SLUGS - {"a", "b", "c", "f"}  # f lists b (a and c: b's neighbours)
    assert d.kept_rows == SLUGS - {"b"}


def test_a_related_section_list_that_changed_or_shows_a_changed_title() -> None:
    sections = {("a", "s1"): [("f", "s1")], ("e", "s1"): [("b", "s1")]}
    before = view(ARTS, sections=sections)
    d = diff(before, view(ARTS, sections=sections | {("a", "s1"): [("f", "s1"), ("d", "s1")]}))
    assert d.kept_rows == d.kept_pages == SLUGS - {"a"}
    d = diff(before, view(ARTS, sections={("e", "s1"): [("b", "s1")]}))  # a's list is gone
    assert d.kept_rows == SLUGS - {"a"}
    retitled = [*ARTS[:1], replace(ARTS[1], title="B2"), *ARTS[2:]]
    d = diff(before, view(retitled, sections=sections))
    assert d.kept_rows == SLUGS - {"b", "e"}  # e's section shows b's title


def test_an_entity_that_gains_or_loses_its_page_rekeys_the_articles_naming_it() -> None:
    before = view(ARTS, entity_ids=frozenset({"e1"}))
    d = diff(before, view(ARTS, entity_ids=frozenset({"e1", "e2"})))
    assert d.kept_rows == SLUGS
    assert d.kept_pages == SLUGS - {"c", "e"}
    assert diff(before, view(ARTS, entity_ids=frozenset())).kept_pages == SLUGS - {"a", "c"}


def test_a_new_article_stage_key_rekeys_the_article() -> None:
    before = view(ARTS)
    now = view(ARTS)
    now.article_keys = {**now.article_keys, "d": "another"}
    assert diff(before, now).kept_rows == SLUGS - {"d"}


def test_entity_pages_touched_by_an_article_that_changed_came_or_went() -> None:
    from digest.modeldiff import changed_articles, touched_entities

    before = view(ARTS)
    now = {a.slug: a for a in ARTS}
    assert touched_entities(before, now, changed_articles(before, now, before.article_keys)) == frozenset()
    now = {a.slug: a for a in ARTS if a.slug != "e"} | {"n": art("n", ("e3",))}  # e (e2) went, n (e3) came
    keys = {s: f"key-{s}" for s in now}
    assert touched_entities(before, now, changed_articles(before, now, keys)) == {"e2", "e3"}
    now = {a.slug: a for a in ARTS} | {"c": art("c", ("e4",))}  # c named e1 and e2, now e4
    assert touched_entities(before, now, changed_articles(before, now, before.article_keys)) == {"e1", "e2", "e4"}
