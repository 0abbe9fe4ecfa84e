"""Related sections: for each section, up to three sections of OTHER articles that share
rare entities or evidence terms, best first; ties broken by (slug, anchor).

A section pair scores the sum, over the entities and evidence terms both hold, of the
entity's IDF or half the term's IDF, summed in sorted feature order (never set order,
which follows string hashes). IDF is log(N / (df' + 0.5)) with N the number of sections
rounded up to a power of two and df' the document frequency itself up to 16, above that
rounded up to a quarter octave (16, 20, 23, 27, 32, ...): a feature's weight then moves
only when its own document frequency crosses a step (and N a power of two), which is what
lets a rebuild after adding one article update the ranking instead of redoing it
(`update`): at 10k sections an added section holding a common entity (df ~4,600) touches
~9k sections, whose scores would all move by ~1e-4 with the exact df.

* only sections sharing a feature with an added or removed section can change;
* an added section enters the lists of the sections it shares features with when it
  beats their buffers (the previous best `BUFFER` candidates with exact scores; every
  other candidate scores at most `floor`), nothing else moving;
* a feature whose weight FELL (its df crossed a step up) lowers other pairs' scores, so
  a section holding it is re-ranked among its buffer plus the added sections, which is
  exact while its new third best still beats `floor`; otherwise, and for sections holding
  a feature whose weight ROSE or whose buffer held a removed or edited section, the
  section is ranked afresh.

Ranking afresh screens pair scores by one float32 sparse-by-dense product per block of sections;
the few candidates within reach of the top `BUFFER` are then scored exactly. A test checks
`update` against a full ranking after random additions, removals and edits.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .model import Article

LIMIT = 3
MIN_SCORE = 1.0
BUFFER = 8  # candidates remembered per section for the next update
_BLOCK = 512
_SLACK = 1e-3  # float32 screening error is far below this; exact sums decide
_TIE = 2e-6
_NEAR = 2e-6  # scores this close may round to the same 6 places

Key = tuple[str, str]  # (article slug, section anchor)
Scored = tuple[float, Key]


@dataclass
class RelatedState:
    base: int  # N of the IDF
    feats: dict[Key, frozenset[str]]  # "e:<entity>" / "t:<term>" features of each section
    df: Counter[str]
    out: dict[Key, list[Key]]
    buffer: dict[Key, list[Scored]]  # best candidates with exact scores, ranked
    # per section: every candidate outside its buffer scores at most this (strict=True:
    # strictly less than it)
    floor: dict[Key, tuple[float, bool]]


def section_features(articles: Sequence[Article]) -> dict[Key, frozenset[str]]:
    return {key: f for a in articles for key, f in article_features(a)}


def article_features(a: Article) -> list[tuple[Key, frozenset[str]]]:
    """The features of each of an article's sections."""
    return [((a.slug, s.anchor), frozenset({"e:" + e for e in s.entities} | {"t:" + t for ts in s.evidence.values() for t in ts}))
            for s in a.sections]


def idf_base(n: int) -> int:
    return 1 << n.bit_length()  # >= n + 1


EXACT_DF = 16  # document frequencies up to this count as they are; above, by quarter octaves
_STEPS = [EXACT_DF]
while _STEPS[-1] < 1 << 40:
    _STEPS.append(max(_STEPS[-1] + 1, math.ceil(EXACT_DF * 2 ** (len(_STEPS) / 4))))


def step_df(count: int) -> int:
    """The document frequency a weight is made from: `count` itself up to EXACT_DF, else
    the next quarter-octave step (integers, so the same on every machine)."""
    return count if count <= EXACT_DF else _STEPS[bisect_left(_STEPS, count)]


def _weights(df: Counter[str], base: int) -> dict[str, float]:
    return {f: math.log(base / (step_df(c) + 0.5)) * (1.0 if f[0] == "e" else 0.5) for f, c in df.items() if c > 0}


def _rank(scored: list[Scored]) -> list[Scored]:
    """Best first; scores equal to 6 places tie, and ties go by key. Sorted by the exact
    score first: when no two neighbours differ by less than 2e-6 (equal ones tie either
    way), rounding to 6 places (each off by at most 5e-7) keeps that order, so the rounded
    sort (a decimal rounding per score, a slow part of an add-one's re-ranking) is not
    needed."""
    ranked = sorted((x for x in scored if x[0] >= MIN_SCORE), key=lambda x: (-x[0], x[1]))
    if any(0.0 < ranked[i][0] - ranked[i + 1][0] < _NEAR for i in range(len(ranked) - 1)):
        ranked.sort(key=lambda x: (-round(x[0], 6), x[1]))
    return ranked


def _order(x: Scored) -> tuple[float, Key]:
    """The rank order of a scored candidate (see _rank): higher score to 6 places, then key."""
    return (-round(x[0], 6), x[1])


def related_sections(articles: Sequence[Article]) -> dict[Key, list[Key]]:
    return update(articles, None).out


def update(articles: Sequence[Article], previous: RelatedState | None,
           feats: dict[Key, frozenset[str]] | None = None) -> RelatedState:
    """The related sections of `articles`, from `previous` (the state of an earlier
    call) when few sections changed; the result is the same as without it. `feats`:
    their `section_features`, when the caller has them."""
    return update_features(section_features(articles) if feats is None else feats, previous)


def update_features(feats: dict[Key, frozenset[str]], previous: RelatedState | None) -> RelatedState:
    """`update` from the sections' features."""
    keys = list(feats)
    base = idf_base(len(keys))
    if previous is None or previous.base != base:
        return _full(keys, feats, base)
    old = previous.feats
    added = [k for k in keys if old.get(k) != feats[k]]
    removed = [k for k in old if feats.get(k) != old[k]]
    if not added and not removed:
        return RelatedState(base, feats, previous.df, {k: previous.out[k] for k in keys}, previous.buffer, previous.floor)
    if len(added) + len(removed) > max(8, len(keys) // 20):
        return _full(keys, feats, base)
    df = previous.df.copy()
    for k in removed:
        df.subtract(old[k])
    for k in added:
        df.update(feats[k])
    df = Counter({f: c for f, c in df.items() if c > 0})
    weight = _weights(df, base)
    removed_keys = set(removed)
    added_feats = frozenset().union(*(feats[k] for k in added))
    touched = added_feats.union(*(old[k] for k in removed))
    # features held before and after whose weight moved: its df crossed a step
    moved = [(f, step_df(previous.df[f]), step_df(df[f])) for f in touched if previous.df.get(f, 0) > 0 and df.get(f, 0) > 0]
    fell = frozenset(f for f, before, now in moved if now > before)
    rose = frozenset(f for f, before, now in moved if now < before)
    fresh = set(added)
    buffer, floor = dict(previous.buffer), dict(previous.floor)
    for k in set(removed) - set(feats):
        buffer.pop(k, None)
        floor.pop(k, None)
    redo = [k for k in keys if k in fresh or (rose and not feats[k].isdisjoint(rose))
            or (removed_keys and any(o in removed_keys for _, o in buffer[k]))]
    redo_set = set(redo)
    for k in keys:
        mine = feats[k]
        if k in redo_set or mine.isdisjoint(touched):  # (no set made: 26k sections at 10k)
            continue
        if not mine.isdisjoint(fell):
            kept = _rescore(k, feats, weight, buffer[k], floor[k], added, fell)
            if kept is None:
                redo.append(k)
            else:
                buffer[k], floor[k] = kept
            continue
        # only added sections can move this list: those that score enter its buffer
        entering = [(score, o) for o in added if o[0] != k[0] and (shared := mine & feats[o])
                    and (score := _sum(shared, weight)) >= MIN_SCORE]
        if entering:
            buf = buffer[k]
            if len(buf) >= BUFFER and min(map(_order, entering)) > _order(buf[-1]):
                # all rank below the buffer: it stays, and the bound covers the best of them
                # (what _keep does with the longer list, without sorting it)
                best = min(entering, key=_order)[0]
                floor[k] = (max(floor[k][0], best + _TIE), False)
            else:
                buffer[k], floor[k] = _keep(_rank([*buf, *entering]), floor[k])
    if redo:
        redo_set = set(redo)
        universe = keys
        if len(redo_set) * 16 < len(keys):
            # few rows: among the sections sharing a feature with one of them (the others
            # score 0 against them), not matrices over the whole corpus
            theirs = frozenset().union(*(feats[k] for k in redo_set))
            universe = [k for k in keys if k in redo_set or not feats[k].isdisjoint(theirs)]
        ranked = _rank_rows(universe, feats, weight, df, [i for i, k in enumerate(universe) if k in redo_set])
        for k, (buf, fl) in ranked.items():
            buffer[k], floor[k] = buf, fl
    # a list whose buffer is the previous one (most of them: 10.8k sections at 10k) is
    # the previous list itself (no caller changes one; modeldiff compares them)
    before_buf, before_out = previous.buffer, previous.out
    out = {k: before_out[k] if (buf := buffer[k]) is before_buf.get(k) and k in before_out else [x[1] for x in buf[:LIMIT]]
           for k in keys}
    return RelatedState(base, feats, df, out, buffer, floor)


def _exact(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    return _sum(a & b, weight)


def _sum(shared: frozenset[str], weight: dict[str, float]) -> float:
    return sum(map(weight.__getitem__, sorted(shared)))  # in sorted order: never set order


def _exact_rows(held: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """`_exact` of one section against several: `held[r, c]` says candidate r holds the
    section's c-th feature (in sorted feature order) and `weights` are those features'
    weights. A running sum along each row adds the same floats in the same order as
    `_exact` does, so the scores are equal to the last bit."""
    if not held.shape[1]:
        return np.zeros(held.shape[0])
    return np.cumsum(np.where(held, weights[None, :], 0.0), axis=1)[:, -1]


def _rescore(k: Key, feats: dict[Key, frozenset[str]], weight: dict[str, float], buf: list[Scored],
             bound: tuple[float, bool], added: list[Key], changed: frozenset[str]) -> tuple[list[Scored], tuple[float, bool]] | None:
    """Section k's buffer after weights of some of its features (`changed`) fell and
    `added` came in, or None when its new top LIMIT cannot be decided from the buffer.
    A buffered pair that shares none of the changed features keeps its score: the same
    weights summed in the same order."""
    mine = feats[k]
    fresh = set(added)
    scored = []
    for score, other in buf:
        theirs = feats.get(other)
        if theirs is None or other in fresh:
            continue
        shared = mine & theirs
        scored.append((score if shared.isdisjoint(changed) else _sum(shared, weight), other))
    scored += [(_exact(mine, feats[o], weight), o) for o in added if o[0] != k[0] and mine & feats[o]]
    ranked = _rank(scored)
    floor, strict = bound
    # strict: every outsider is below MIN_SCORE, so none can rank; otherwise the first
    # LIMIT must all beat the bound
    if not strict and (len(ranked) < LIMIT or round(ranked[LIMIT - 1][0], 6) <= round(floor, 6)):
        return None
    return _keep(ranked, bound)


def _full(keys: list[Key], feats: dict[Key, frozenset[str]], base: int) -> RelatedState:
    df: Counter[str] = Counter(f for k in keys for f in feats[k])
    weight = _weights(df, base)
    ranked = _rank_rows(keys, feats, weight, df, range(len(keys)))
    buffer = {k: ranked[k][0] for k in keys}
    floor = {k: ranked[k][1] for k in keys}
    return RelatedState(base, feats, df, {k: [x[1] for x in buffer[k][:LIMIT]] for k in keys}, buffer, floor)


def _rank_rows(keys: list[Key], feats: dict[Key, frozenset[str]], weight: dict[str, float], df: Counter[str],
               rows: Sequence[int]) -> dict[Key, tuple[list[Scored], tuple[float, bool]]]:
    """Each row's best BUFFER candidates (exact scores) and the bound on the others
    (`df`: each feature's section count, which the callers keep)."""
    fsets = [feats[k] for k in keys]
    shared = sorted(f for f, c in df.items() if c >= 2)  # a feature of one section links nothing
    col = {f: j for j, f in enumerate(shared)}
    cells = [(i, col[f]) for i, fs in enumerate(fsets) for f in fs if f in col]
    at = np.array(cells, np.int64).reshape(-1, 2)
    n, m = len(keys), len(shared)
    # built from the cells: no dense float section-by-feature matrix (26 MB at 10k) to
    # fill, scale, copy and scan when an add-one re-ranks a hundred rows
    held = np.zeros((n, m), bool)
    held[at[:, 0], at[:, 1]] = True
    have_t = np.zeros((m, n), np.float32)
    have_t[at[:, 1], at[:, 0]] = 1
    # screening product: each section holds ~11 of ~600 shared features, so a sparse
    # block times the dense transposed matrix does a fiftieth of a dense product's work
    weights64 = np.array([weight[f] for f in shared], np.float64)
    weighted = sparse.csr_matrix((weights64.astype(np.float32)[at[:, 1]], (at[:, 0], at[:, 1])), shape=(n, m))
    weighted.sort_indices()
    held_rows = sparse.csr_matrix((np.ones(len(at), bool), (at[:, 0], at[:, 1])), shape=(n, m))
    held_rows.sort_indices()
    slugs = sorted({k[0] for k in keys})
    owner_of = {s: i for i, s in enumerate(slugs)}
    owners = np.array([owner_of[k[0]] for k in keys])
    rows = np.asarray(list(rows), np.int64)
    out: dict[Key, tuple[list[Scored], tuple[float, bool]]] = {}
    for start in range(0, len(rows), _BLOCK):
        block = rows[start:start + _BLOCK]
        approx = np.asarray(weighted[block] @ have_t)
        approx[owners[block, None] == owners[None, :]] = -1.0  # same article: never related
        for r, i in enumerate(block.tolist()):
            scores = approx[r]
            reach = np.flatnonzero(scores >= MIN_SCORE - _SLACK)
            floor, strict = MIN_SCORE, True  # unscreened candidates: exact < MIN_SCORE
            if len(reach) > BUFFER:
                cut = float(np.partition(scores[reach], len(reach) - BUFFER)[len(reach) - BUFFER])
                reach = reach[scores[reach] >= cut - _SLACK]
                if cut > floor:  # cut ones: exact < cut - _SLACK (+ float32 error)
                    floor, strict = cut, False
            cols = held_rows.indices[held_rows.indptr[i]:held_rows.indptr[i + 1]]  # its shared features, sorted
            exact = _exact_rows(held[reach][:, cols], weights64[cols])
            ranked = _rank(list(zip(exact.tolist(), [keys[j] for j in reach.tolist()], strict=True)))
            out[keys[i]] = _keep(ranked, (floor, strict))
    return out


def _keep(ranked: list[Scored], bound: tuple[float, bool]) -> tuple[list[Scored], tuple[float, bool]]:
    """The first BUFFER of `ranked`, and the bound on every candidate left out. One left
    out here may tie the last kept after rounding to 6 places (and sort after it by key)
    while being larger by under 1e-6: the bound is raised past that."""
    floor, strict = bound
    if len(ranked) > BUFFER:
        floor, strict = max(floor, ranked[BUFFER][0] + _TIE), False
    return ranked[:BUFFER], (floor, strict)
