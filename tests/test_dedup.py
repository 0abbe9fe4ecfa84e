"""Cross-input dedup: mirrors join, different articles stay apart, merge fills gaps."""

from __future__ import annotations

import sys
from pathlib import Path

import opencc
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.dedup import DEFAULT_SETTINGS, DedupSettings, cluster_drafts, merge_cluster, quality_score, title_quality
from digest.model import Cluster, ClusterMember, Draft

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "dedup"
DOCS = DATA / "docs"
T2S = opencc.OpenCC("t2s")


def load(name: str, source: str | None = None) -> Draft:
    lines = (DOCS / name).read_text(encoding="utf-8").splitlines()
    title = T2S.convert(lines[0].strip()) or None
    paras = [T2S.convert(ln.strip()) for ln in lines[1:] if ln.strip()]
    return Draft(source=source or name, index=0, title=title, paragraphs=paras, title_derived=title is None)


def same_cluster(*drafts: Draft, settings: DedupSettings = DEFAULT_SETTINGS) -> bool:
    clusters = cluster_drafts(list(drafts), settings)
    return len(clusters) == 1


def test_spam_mirror_joins() -> None:
    assert same_cluster(load("s000.txt"), load("s000_spam.txt"))
    assert same_cluster(load("b3.txt"), load("b3_spam.txt"))


def test_other_script_joins() -> None:
    assert same_cluster(load("b1.txt"), load("b1_trad.txt"))


def test_truncated_half_joins() -> None:
    assert same_cluster(load("b5.txt"), load("b5_half.txt"))


def test_truncated_third_joins_through_containment_path_alone() -> None:
    # with the LSH path off, only the rare-shingle index can find a one-third copy
    only_containment = DedupSettings(lsh_threshold=None)
    assert same_cluster(load("s001.txt"), load("s001_third.txt"), settings=only_containment)


def test_quoted_paragraph_stays_separate() -> None:
    assert not same_cluster(load("s000.txt"), load("own_quote_000.txt"))
    assert not same_cluster(load("b0.txt"), load("own_quote_002.txt"))


def test_blog_dump_siblings_stay_separate() -> None:
    siblings = [load(f"b{i}.txt") for i in range(6)]
    assert len(cluster_drafts(siblings)) == 6


def test_page_holding_two_articles_does_not_bridge_them() -> None:
    # b1_dump holds all of b1 plus the leads of b2 and b5
    clusters = cluster_drafts([load("b1.txt"), load("b1_dump.txt"), load("b2.txt"), load("b5.txt")])
    by_key = {m.key: c.canonical for c in clusters for m in c.members}
    assert by_key["b1_dump.txt#0"] == by_key["b1.txt#0"]
    assert len({by_key["b1.txt#0"], by_key["b2.txt#0"], by_key["b5.txt#0"]}) == 3


def test_canonical_is_the_clean_complete_copy() -> None:
    clusters = cluster_drafts([load("b0_spam.txt"), load("b0_third.txt"), load("b0.txt")])
    assert [c.canonical for c in clusters] == ["b0.txt#0"]
    assert "b0.txt#0" in clusters[0].reason
    members = {m.key: m for m in clusters[0].members}
    assert members["b0_third.txt#0"].containment > 0.95
    assert members["b0_third.txt#0"].similarity < 0.5


def test_merge_fills_truncated_canonical_tail() -> None:
    full, half = load("b5.txt"), load("b5_half.txt")
    cluster = Cluster(half.key, [ClusterMember(half.key, 1, 1, 1), ClusterMember(full.key, 0.5, 1.0, 0.5)], "test")
    merged = merge_cluster(cluster, {full.key: full, half.key: half})
    assert len(merged.paragraphs) >= len(full.paragraphs)
    assert merged.paragraphs[-1] == full.paragraphs[-1]
    assert merged.paragraphs[0] == half.paragraphs[0]
    assert merged.source == half.source  # still the canonical's draft


def test_merge_fills_interior_gap_in_place() -> None:
    full = load("b4.txt")
    gap = Draft("gap.txt", 0, full.title, full.paragraphs[:3] + full.paragraphs[6:])
    cluster = Cluster(gap.key, [ClusterMember(gap.key, 1, 1, 1), ClusterMember(full.key, 0.9, 1.0, 0.5)], "test")
    merged = merge_cluster(cluster, {full.key: full, gap.key: gap})
    assert merged.paragraphs == full.paragraphs


def test_untitled_canonical_takes_mirror_title() -> None:
    original = load("s004.txt")  # untitled
    assert original.title is None
    mirror = Draft("mirror.txt", 0, "大模型落地的中国路径", original.paragraphs[:20], date="2024-07-01",
                   date_precision="day", origin="某网")
    canon = Draft("orig.txt", 0, original.paragraphs[0][:20], original.paragraphs, title_derived=True,
                  date="2024-07-03", date_precision="day")
    cluster = Cluster(canon.key, [ClusterMember(canon.key, 1, 1, 1), ClusterMember(mirror.key, 0.5, 1, 0.5)], "t")
    merged = merge_cluster(cluster, {canon.key: canon, mirror.key: mirror})
    assert merged.title == "大模型落地的中国路径"
    assert not merged.title_derived
    assert merged.date == "2024-07-01"  # earliest credible
    assert merged.origin == "某网"
    assert merged.paragraphs == original.paragraphs


def test_stuffed_title_loses_to_plain_title() -> None:
    plain = load("b4.txt").title
    stuffed = load("b4_stuffed.txt").title
    assert title_quality(plain) > title_quality(stuffed)


def test_quality_prefers_clean_copy() -> None:
    assert quality_score(load("b2.txt")) > quality_score(load("b2_spaced.txt"))


SMALL = ["b2.txt", "b2_half.txt", "b2_spaced.txt", "b3.txt", "b3_third.txt", "own_event_a.txt",
         "own_event_b.txt", "s004.txt", "s004_lead2.txt", "own_quote_002.txt"]


@pytest.fixture(scope="module")
def small_drafts() -> list[Draft]:
    return [load(n) for n in SMALL]


def _canonical_form(clusters: list[Cluster]) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.canonical, tuple(m.key for m in c.members)) for c in clusters]


@settings(max_examples=15, deadline=None)
@given(perm=st.permutations(range(len(SMALL))))
def test_deterministic_under_permutation(perm: list[int]) -> None:
    drafts = [load(n) for n in SMALL]
    reference = _canonical_form(cluster_drafts(drafts))
    assert _canonical_form(cluster_drafts([drafts[i] for i in perm])) == reference


def test_each_draft_in_exactly_one_cluster() -> None:
    pairs = yaml.safe_load((DATA / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    names = sorted({p["a"] for p in pairs} | {p["b"] for p in pairs})
    drafts = [load(n) for n in names]
    keys = [m.key for c in cluster_drafts(drafts) for m in c.members]
    assert sorted(keys) == sorted(d.key for d in drafts)


def test_labelled_pairs_meet_target() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_dedup import evaluate

    result = evaluate()
    assert result["all"]["precision"] == 1.0
    assert result["all"]["recall"] >= 0.98


def _datasketch_pairs(keys: list[str], sigs: dict, settings: DedupSettings) -> set[tuple[int, int]]:
    """The reference: insert every MinHash into datasketch's MinHashLSH and query each."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    minhashes = [sigs[k].minhash(settings.seed) for k in keys]
    for k, mh in zip(keys, minhashes, strict=True):
        lsh.insert(k, mh)
    index = {k: i for i, k in enumerate(keys)}
    return {(min(i, index[o]), max(i, index[o])) for i, mh in enumerate(minhashes) for o in lsh.query(mh) if index[o] != i}


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_banded_candidates_equal_datasketch_lsh(threshold: float) -> None:
    """_lsh_candidates groups equal bands itself; it must find exactly the pairs that
    MinHashLSH finds: on random near-copies (many shared bands) and on real drafts."""
    import numpy as np

    from digest.dedup import Signature, _lsh_candidates, signature_of

    settings = DedupSettings(lsh_threshold=threshold)
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32, size=(40, settings.num_perm), dtype=np.uint64).astype(np.uint32)
    sigs = {}
    for i in range(400):
        values = base[rng.integers(0, len(base))].copy()
        changed = rng.random(settings.num_perm) < rng.random()
        values[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64).astype(np.uint32)
        sigs[f"r{i:04d}"] = Signature(values, np.zeros(0, np.uint64))
    for path in sorted(DOCS.glob("*.txt")):
        sigs[path.name] = signature_of(load(path.name), settings)
    keys = sorted(sigs)
    found = _lsh_candidates(keys, sigs, settings)
    assert found == _datasketch_pairs(keys, sigs, settings)
    assert any(keys[i].startswith("r") for i, _ in found) and any(not keys[i].startswith("r") for i, _ in found)


def test_merged_drafts_in_a_pool_equal_the_sequential_merge_and_failures_keep_the_canonical(monkeypatch) -> None:
    from digest import build
    from digest.cache import Cache

    full, half = load("b5.txt"), load("b5_half.txt")
    b4 = load("b4.txt")
    clusters = [Cluster(half.key, [ClusterMember(half.key, 1, 1, 1), ClusterMember(full.key, 0.5, 1.0, 0.5)], "test"),
                Cluster(b4.key, [ClusterMember(b4.key, 1, 1, 1)], "test")] * 20  # enough for the pool (MIN_PARALLEL)
    drafts = {d.key: d for d in (full, half, b4)}
    before = repr(drafts)
    expected = merge_cluster(clusters[0], {full.key: full, half.key: half.__class__(**{**half.__dict__, "removals": list(half.removals)})})
    merged = build.merged_drafts(clusters, drafts, Cache(None), build.BuildOptions(jobs=2))
    assert [repr(m) for m in merged[::2]] == [repr(expected)] * 20 and merged[1] is b4
    assert repr(drafts) == before  # the drafts given (cache values) are not changed

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(build.dedup, "merge_cluster", broken)
    warnings: list[str] = []
    kept = build.merged_drafts(clusters[:1], drafts, Cache(None), build.BuildOptions(jobs=1), warnings)
    assert kept == [half] and len(warnings) == 1 and "boom" in warnings[0]


def test_covered_is_isin_share() -> None:
    """_covered (binary search in a sorted pool) gives np.isin's share."""
    import numpy as np

    from digest.dedup import _covered

    rng = np.random.default_rng(2)
    for _ in range(200):
        pool = np.unique(rng.integers(0, 50, rng.integers(0, 30)).astype(np.uint64))
        s = np.unique(rng.integers(0, 60, rng.integers(0, 20)).astype(np.uint64))
        expected = 1.0 if len(s) == 0 else float(np.isin(s, pool).mean())
        assert _covered(s, pool) == expected


def test_lsh_bands_are_datasketchs_without_importing_it() -> None:
    import subprocess
    import sys

    from datasketch import MinHashLSH

    from digest.dedup import lsh_bands

    for num_perm in (32, 128, 256):
        for i in range(1, 20):
            threshold = i / 20
            try:
                lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
                expected: object = (lsh.b, lsh.r)
            except ValueError:
                expected = ValueError
            try:
                got: object = lsh_bands(threshold, num_perm)
            except ValueError:
                got = ValueError
            assert got == expected, (threshold, num_perm)
    # a build's modules leave datasketch (and the scipy.integrate it loads, 0.5 s) unimported
    code = "import sys, digest.build, digest.render; print('datasketch' in sys.modules, 'scipy.integrate' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def _random_signatures(rng, settings: DedupSettings, n: int) -> dict:
    """Signatures of near-copies of a few random "articles" (shared bands, shared rare
    and common sampled shingles), plus unrelated ones."""
    import numpy as np

    from digest.dedup import Signature

    mask = np.uint64((1 << settings.sample_bits) - 1)
    base_values = rng.integers(0, 2**32, size=(12, settings.num_perm), dtype=np.uint64).astype(np.uint32)
    # sampled shingles are those whose low bits are zero: make most of them so
    pool = rng.integers(0, 2**40, size=3000, dtype=np.uint64) << np.uint64(settings.sample_bits)
    common = pool[:40]  # in many drafts: never anchors
    sigs = {}
    for i in range(n):
        b = int(rng.integers(0, len(base_values)))
        values = base_values[b].copy()
        changed = rng.random(settings.num_perm) < rng.random()
        values[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64).astype(np.uint32)
        own = pool[40 + b * 200: 40 + b * 200 + int(rng.integers(20, 200))]  # a truncated copy of article b
        extra = rng.integers(0, 2**60, size=int(rng.integers(0, 30)), dtype=np.uint64)  # unsampled and unique ones
        picked = rng.choice(common, size=int(rng.integers(0, 10)), replace=False)
        shingles = np.unique(np.concatenate([own, picked, extra | np.uint64(1)]))
        assert ((shingles & mask) == 0).sum() > 0
        sigs[f"d{i:04d}"] = Signature(values, shingles)
        if i % 25 == 0:  # drafts of the same text share one Signature object (the build's cache)
            sigs[f"d{i:04d}b"] = sigs[f"d{i:04d}"]
    return sigs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidate_index_updates_equal_a_full_computation(seed: int) -> None:
    """A resident session's CandidateIndex keeps pairs between calls and recomputes only
    around added and removed drafts: after every step of random adds, removals and
    edits its pairs are exactly those computed from scratch."""
    import numpy as np

    from digest.dedup import CandidateIndex, _anchor_candidates, _lsh_candidates

    settings = DedupSettings(max_anchor_df=6, anchors_per_doc=4)  # small groups cross the limit often
    rng = np.random.default_rng(seed)
    every = _random_signatures(rng, settings, 260)
    names = sorted(every)
    present = set(names[:200])
    assert len({id(every[k]) for k in present}) < len(present)
    index = CandidateIndex(settings)
    incremental = 0
    for step in range(25):
        keys = sorted(present)
        sigs = {k: every[k] for k in keys}
        before = len(index.slot_of)
        found = index.candidates(keys, sigs)
        incremental += bool(before) and step > 0
        assert found == _lsh_candidates(keys, sigs, settings) | _anchor_candidates(keys, sigs, settings), step
        # next: add up to 3, remove up to 2, "edit" one (same key, a new signature object)
        absent = sorted(set(names) - present)
        present |= set(rng.choice(absent, size=min(len(absent), int(rng.integers(0, 4))), replace=False).tolist())
        present -= set(rng.choice(sorted(present), size=int(rng.integers(0, 3)), replace=False).tolist())
        edited = str(rng.choice(sorted(present)))
        old = every[edited]
        every[edited] = type(old)(old.hashvalues.copy(), old.shingles[: max(1, len(old.shingles) - 5)].copy())
    assert incremental >= 20  # the steps above were small: the index updated, it did not start over
    assert len(found) > 50 and any(j - i > 1 for i, j in found)
