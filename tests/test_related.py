"""Related sections: the ranking matches its pairwise definition, and updating a previous
ranking after additions, removals and edits gives exactly the ranking made from scratch."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest

from digest import related
from digest.model import Article, Section
from digest.related import LIMIT, MIN_SCORE, idf_base, related_sections, update


def _article(rng: random.Random, slug: str, n_ents: int = 15, n_terms: int = 30) -> Article:
    secs = [Section(heading="h", anchor=f"s{k}", paragraphs=["p"],
                    entities=rng.sample([f"e{x}" for x in range(n_ents)], rng.randint(0, 3)),
                    evidence={"t": rng.sample([f"w{x}" for x in range(n_terms)], rng.randint(0, 5))})
            for k in range(rng.randint(1, 4))]
    return Article(slug=slug, title="t", sources=[], sections=secs)


def stepped(count: int) -> int:
    """16, then steps of a quarter octave: the smallest 16 * 2**(k/4), rounded up, that holds count."""
    if count <= 16:
        return count
    k = 0
    while math.ceil(16 * 2 ** (k / 4)) < count:
        k += 1
    return math.ceil(16 * 2 ** (k / 4))


def _pairwise(articles: list[Article]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The definition, pair by pair: IDF log(N / (df' + 0.5)), N the section count rounded
    up to a power of two, df' the document frequency up to 16 and above it the next
    quarter octave, entities at full and evidence terms at half weight."""
    rows = [((a.slug, s.anchor), set(s.entities), {t for ts in s.evidence.values() for t in ts}) for a in articles for s in a.sections]
    base = idf_base(len(rows))

    def idf(sets: list[set[str]]) -> dict[str, float]:
        df = Counter(x for st in sets for x in st)
        return {x: math.log(base / (stepped(c) + 0.5)) for x, c in df.items()}

    ent_idf, term_idf = idf([r[1] for r in rows]), idf([r[2] for r in rows])
    out = {}
    for key, ents, terms in rows:
        scored = []
        for other, ents2, terms2 in rows:
            if other[0] != key[0]:
                score = sum(ent_idf[x] for x in ents & ents2) + sum(0.5 * term_idf[x] for x in terms & terms2)
                if score >= MIN_SCORE:
                    scored.append((-round(score, 6), other))
        out[key] = [other for _, other in sorted(scored)[:LIMIT]]
    return out


def test_ranking_matches_the_pairwise_definition() -> None:
    rng = random.Random(5)
    articles = [_article(rng, f"a{i:02d}") for i in range(60)]
    got = related_sections(articles)
    assert got == _pairwise(articles)
    assert sum(1 for v in got.values() if v) > 40  # most sections are linked: the check has teeth


@pytest.mark.parametrize("seed", range(12))
def test_update_equals_ranking_from_scratch(seed: int) -> None:
    """Random rounds of edits to a corpus: the updated state's lists are the lists of a
    ranking from scratch, round after round (the state carries over)."""
    rng = random.Random(seed)
    # few features: many ties and buffers that run out, the hard cases for an update
    n_ents, n_terms = rng.choice([(6, 10), (15, 30), (40, 80)])
    articles = [_article(rng, f"a{i:03d}", n_ents, n_terms) for i in range(rng.randint(40, 120))]
    state = update(articles, None)
    made = 0
    for step in range(8):
        kind = rng.choice(["add", "add", "remove", "edit", "none"])
        if kind == "add":
            articles.append(_article(rng, f"b{seed}-{step}", n_ents, n_terms))
        elif kind == "remove":
            articles.pop(rng.randrange(len(articles)))
        elif kind == "edit":
            i = rng.randrange(len(articles))
            articles[i] = _article(rng, articles[i].slug, n_ents, n_terms)
        rng.shuffle(articles)
        state = update(articles, state)
        assert state.out == related_sections(articles) == _pairwise(articles), (kind, step)
        made += 1
    assert made == 8


def test_update_after_one_addition_reranks_only_what_it_touches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding one article re-ranks from scratch only its own sections and those its
    features can raise, not the corpus (that is what makes an add-one rebuild cheap)."""
    rng = random.Random(3)
    articles = [_article(rng, f"a{i:03d}", 40, 200) for i in range(300)]
    state = update(articles, None)
    ranked_rows: list[int] = []
    real = related._rank_rows

    def spy(keys, feats, weight, df, rows):  # type: ignore[no-untyped-def]
        rows = list(rows)
        ranked_rows.extend(rows)
        return real(keys, feats, weight, df, rows)

    monkeypatch.setattr(related, "_rank_rows", spy)
    articles.append(_article(rng, "new", 40, 200))
    new_state = update(articles, state)
    assert new_state.out == _pairwise(articles)
    total = sum(len(a.sections) for a in articles)
    assert len(articles[-1].sections) <= len(ranked_rows) < total // 4


def test_exact_rows_add_as_exact_does() -> None:
    """The vectorised exact score adds the same floats in the same order as `_exact`:
    equal to the last bit, so rankings and their ties do not move."""
    from digest.related import _exact, _exact_rows

    rng = random.Random(4)
    feats = [f"t:{k:03d}" for k in range(40)]
    weight = {f: rng.uniform(0.01, 9.0) for f in feats}
    for _ in range(300):
        mine = sorted(rng.sample(feats, rng.randint(0, 12)))
        others = [frozenset(rng.sample(feats, rng.randint(0, 15))) for _ in range(rng.randint(1, 6))]
        held = np.array([[f in o for f in mine] for o in others], dtype=bool).reshape(len(others), len(mine))
        got = _exact_rows(held, np.array([weight[f] for f in mine]))
        assert got.tolist() == [_exact(frozenset(mine), o, weight) for o in others]
