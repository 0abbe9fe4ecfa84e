"""Cross-input deduplication: cluster drafts that are copies of one article.

Pipeline of this stage (all in memory, one pass):

1. normalize each draft's body for comparison (NFKC, lower case, t2s, regional
   vocabulary folded, whitespace and punctuation dropped), so script, spacing and
   punctuation width never matter;
2. hash character k-gram shingles with numpy (one vectorised pass per draft);
3. find candidate pairs two ways: MinHash LSH (datasketch) for copies that are
   similar as a whole, and an inverted index of *rare* sampled shingles for copies
   that are contained in another (truncated copy, copy inside a larger page);
4. verify every candidate with exact Jaccard and containment on the shingle sets;
5. union the verified pairs with a complete-linkage guard, so that one large page
   holding two different articles cannot bridge them into one cluster;
6. choose a canonical member per cluster from a standalone quality score plus the
   cluster-relative completeness and spliced-noise measures.

Nothing here knows any spam phrase: noise is measured structurally (what one copy
has that no other copy supports, in short runs inside supported text).
"""

from __future__ import annotations

import inspect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from digest.clean import repair_against_mirrors
from digest.model import Cluster, ClusterMember, Draft

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class DedupSettings:
    """Thresholds for one dedup run; ``None`` disables the check it controls."""

    shingle: int = 5  # character k-gram size
    num_perm: int = 128  # MinHash permutations
    lsh_threshold: float | None = 0.5  # Jaccard level the LSH bands are tuned for
    jaccard_merge: float | None = 0.7  # exact Jaccard that merges two drafts
    containment_merge: float | None = 0.8  # share of the smaller draft found in the larger
    min_shared_chars: int = 400  # containment merges need this many shared shingles
    min_chars: int = 50  # Jaccard merges need this many shared shingles
    link_floor: float = 0.5  # every cross pair of two merging clusters must reach this containment
    sample_bits: int | None = 3  # containment index keeps 1 in 2**bits shingles; None: no index
    anchors_per_doc: int = 8  # rarest sampled shingles each draft is looked up by
    max_anchor_df: int = 32  # a shingle in more drafts than this is boilerplate, not an anchor
    anchor_support: float = 0.5  # share of a draft's anchors another draft must hold
    fold_vocabulary: bool = True  # map Taiwan vocabulary (资料/数据) onto one spelling
    splice_run: int = 40  # unsupported runs up to this length inside supported text are noise
    seed: int = 1


DEFAULT_SETTINGS = DedupSettings()


@dataclass(frozen=True)
class Signature:
    """Per-draft, pure and picklable: cache it keyed by the draft text and settings."""

    hashvalues: np.ndarray  # uint32[num_perm], the MinHash
    shingles: np.ndarray  # sorted unique uint64 shingle hashes (exact set)

    def __len__(self) -> int:
        return len(self.hashvalues)

    def minhash(self, seed: int = 1) -> Any:
        """This signature as datasketch's LeanMinHash (datasketch loads scipy.integrate,
        0.5 s per process: imported only here)."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=seed, hashvalues=self.hashvalues, scheme="affine32")

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"hashvalues": self.hashvalues, "shingles": self.shingles}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Signature:
        return cls(np.asarray(arrays["hashvalues"], np.uint32), np.asarray(arrays["shingles"], np.uint64))


@dataclass(frozen=True)
class PairMeasure:
    jaccard: float
    containment: float  # |A ∩ B| / min(|A|, |B|)
    shared: int  # shared shingles, roughly shared characters


# --------------------------------------------------------------------------- normalization

_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:  # opencc ships no type stubs
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=8192)  # merging compares a cluster's paragraphs again and again (1k corpus: 6,360 calls, 2,840 texts)
def normalize_for_compare(text: str, settings: DedupSettings = DEFAULT_SETTINGS) -> str:
    """Comparison key of a text: only letters and digits, one script, one vocabulary."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _converter("t2s").convert(text)
    if settings.fold_vocabulary:
        # s2twp maps both 数据 and 资料 to 資料; back through t2s both become 资料,
        # so a Taiwan-usage copy and its mainland original spell words alike.
        text = _converter("t2s").convert(_converter("s2twp").convert(text))
    return _NON_WORD.sub("", text)


# --------------------------------------------------------------------------- hashing


@lru_cache(maxsize=8)
def _hash_params(k: int, num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=k, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    perm_a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    perm_b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return mult, perm_a, perm_b


def shingle_hashes(norm: str, settings: DedupSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """64-bit hash of every k-gram of ``norm``, in text order (not unique)."""
    k = settings.shingle
    if not norm:
        return np.zeros(0, np.uint64)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:  # a text shorter than one shingle is one shingle
        cps = np.concatenate([cps, np.zeros(k - len(cps), np.uint64)])
    mult, _, _ = _hash_params(k, settings.num_perm, settings.seed)
    n = len(cps) - k + 1
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h += cps[j : j + n] * mult[j]
        # avalanche, so sampling by the low bits below is a fair sample
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x9E3779B97F4A7C15)
        h ^= h >> np.uint64(29)
    return h


def _minhash_values(shingles: np.ndarray, settings: DedupSettings) -> np.ndarray:
    _, perm_a, perm_b = _hash_params(settings.shingle, settings.num_perm, settings.seed)
    out = np.full(settings.num_perm, np.iinfo(np.uint32).max, np.uint64)
    # multiply-add-shift is a universal family; chunked so a huge dump stays small
    with np.errstate(over="ignore"):
        for start in range(0, len(shingles), 4096):
            chunk = shingles[start : start + 4096, None]
            vals = (chunk * perm_a[None, :] + perm_b[None, :]) >> np.uint64(32)
            np.minimum(out, vals.min(axis=0), out=out)
    return out.astype(np.uint32)


def signature_of(draft: Draft, settings: DedupSettings = DEFAULT_SETTINGS) -> Signature:
    shingles = np.unique(shingle_hashes(normalize_for_compare(draft.text, settings), settings))
    return Signature(_minhash_values(shingles, settings), shingles)


@lru_cache(maxsize=1)
def signing_source() -> str:
    """The source of everything a Signature is computed from, for the signature cache key:
    editing clustering, quality or merge code (or clean.py, which dedup imports for
    repairs) leaves cached signatures valid; editing any of these invalidates them."""
    parts = [inspect.getsource(obj) for obj in (signature_of, normalize_for_compare, shingle_hashes, _minhash_values,
                                               _hash_params, _converter, Signature)]
    return "\n".join([*parts, _NON_WORD.pattern])


def signatures(drafts: Sequence[Draft], settings: DedupSettings = DEFAULT_SETTINGS) -> dict[str, Signature]:
    return {d.key: signature_of(d, settings) for d in drafts}


# --------------------------------------------------------------------------- measures


def measure(a: np.ndarray, b: np.ndarray) -> PairMeasure:
    """Exact Jaccard and containment of two sorted unique shingle arrays."""
    if len(a) == 0 or len(b) == 0:
        return PairMeasure(0.0, 0.0, 0)
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    union = len(a) + len(b) - shared
    return PairMeasure(shared / union, shared / min(len(a), len(b)), shared)


def is_same_article(m: PairMeasure, settings: DedupSettings) -> bool:
    """The verification rule. Containment is over the *whole* smaller draft, so one
    quoted paragraph never makes two articles one."""
    if settings.jaccard_merge is not None and m.jaccard >= settings.jaccard_merge and m.shared >= settings.min_chars:
        return True
    return (
        settings.containment_merge is not None
        and m.containment >= settings.containment_merge
        and m.shared >= settings.min_shared_chars
    )


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class SigArrays:
    """What banding and the anchor index read of a signature: its MinHash values as
    uint32, and its shingles that are sampled as anchors."""

    sig: Signature  # held, so that a memo keyed by its id cannot see the id reused
    values: np.ndarray
    sampled: np.ndarray

    @classmethod
    def of(cls, sig: Signature, settings: DedupSettings) -> SigArrays:
        if settings.sample_bits is None:
            sampled = sig.shingles[:0]
        else:
            sampled = sig.shingles[(sig.shingles & np.uint64((1 << settings.sample_bits) - 1)) == 0]
        return cls(sig, np.asarray(sig.hashvalues, np.uint32), sampled)


def signature_arrays(keys: list[str], sigs: dict[str, Signature], settings: DedupSettings) -> dict[str, SigArrays]:
    """SigArrays of each draft key's signature."""
    return {k: SigArrays.of(sigs[k], settings) for k in keys}


def _lsh_candidates(keys: list[str], sigs: dict[str, Signature], settings: DedupSettings,
                    arrays: dict[str, SigArrays] | None = None) -> set[tuple[int, int]]:
    """Pairs of drafts whose MinHashes agree on at least one whole band: the candidate
    pairs of datasketch's MinHashLSH with the same threshold (its band count and width,
    its bands: hashvalues[i*r:(i+1)*r]), found by grouping equal bands with numpy rather
    than inserting and querying every draft (1.6 s -> ~0.05 s at 10k drafts; the same
    pairs, tested against MinHashLSH)."""
    if settings.lsh_threshold is None or len(keys) < 2:
        return set()
    arrays = arrays or signature_arrays(keys, sigs, settings)
    return _banded_pairs(np.stack([arrays[k].values for k in keys]), settings)


def _banded_pairs(values: np.ndarray, settings: DedupSettings) -> set[tuple[int, int]]:
    """`_lsh_candidates` of the rows of a matrix of MinHash values."""
    bands, rows = lsh_bands(settings.lsh_threshold, settings.num_perm)  # type: ignore[arg-type]
    pairs: set[tuple[int, int]] = set()
    for start, stop in ((i * rows, (i + 1) * rows) for i in range(bands)):
        band = np.ascontiguousarray(values[:, start:stop]).view(np.dtype((np.void, 4 * (stop - start)))).ravel()
        order = np.argsort(band, kind="stable")
        sorted_band = band[order]
        same = np.flatnonzero(sorted_band[1:] == sorted_band[:-1])  # row k+1 shares row k's band
        if not len(same):
            continue
        starts = same[np.r_[True, same[1:] != same[:-1] + 1]]  # first row of each shared run
        for first in starts.tolist():
            stop_row = first + 1
            while stop_row < len(order) and sorted_band[stop_row] == sorted_band[first]:
                stop_row += 1
            members = sorted(order[first:stop_row].tolist())
            pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    return pairs


@lru_cache(maxsize=64)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) of datasketch's MinHashLSH for `threshold` (its
    `_optimal_param` with equal false-positive and false-negative weights), without
    importing datasketch, whose LSH module loads scipy.integrate (0.5 s of every build)
    for these integrals. The integrands are polynomials of degree bands * rows <=
    num_perm, which Gauss-Legendre quadrature with num_perm // 2 + 1 nodes integrates
    exactly; tests/test_dedup.py compares the result with MinHashLSH's."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(values: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> float:
        half = (hi - lo) / 2
        return half * float(weights @ values(half * nodes + (hi + lo) / 2))

    best, choice = math.inf, (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_pos = integral(lambda s, b=b, r=r: 1 - (1 - s**r) ** b, 0.0, threshold)
            false_neg = integral(lambda s, b=b, r=r: (1 - s**r) ** b, threshold, 1.0)
            error = 0.5 * false_pos + 0.5 * false_neg
            if error < best:
                best, choice = error, (b, r)
    if choice[0] < 2:
        raise ValueError(f"LSH threshold {threshold} with {num_perm} permutations leaves fewer than 2 bands")  # as MinHashLSH
    return choice


def _anchor_candidates(keys: list[str], sigs: dict[str, Signature], settings: DedupSettings,
                       arrays: dict[str, SigArrays] | None = None) -> set[tuple[int, int]]:
    """Containment path: look each draft up by its rarest sampled shingles.

    A truncated copy's shingles are all inside its original, including the rare
    ones, so the original holds most of the copy's anchors whatever their sizes.
    Shingles found in many drafts (chrome, common phrases) are never anchors, which
    keeps this linear in practice.
    """
    if not _anchoring(settings):
        return set()
    arrays = arrays or signature_arrays(keys, sigs, settings)
    hashes, docs = _sampled_index([arrays[k].sampled for k in keys])
    q, o = _anchor_pairs(docs, *_all_queries(hashes, docs), len(keys), settings)
    return {(int(min(a, b)), int(max(a, b))) for a, b in zip(q, o, strict=True)}


def _anchoring(settings: DedupSettings) -> bool:
    """Whether the containment path (the anchor index) is on."""
    return settings.sample_bits is not None and settings.containment_merge is not None


def _sampled_index(parts: list[np.ndarray], labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every draft's sampled shingles sorted by hash (then draft), with the draft of each:
    draft i is `labels[i]` (default i)."""
    labels = np.arange(len(parts), dtype=np.int64) if labels is None else labels
    hashes = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
    docs = np.repeat(labels, [len(p) for p in parts])
    order = np.lexsort((docs, hashes))
    return hashes[order], docs[order]


def _all_queries(hashes: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`_anchor_pairs`' queries for every row of a sorted index: each row is a query
    shingle; its group starts at the first row with its hash."""
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(hashes)])
    group_of_row = np.repeat(np.arange(len(starts)), sizes)
    return hashes, docs, starts[group_of_row], sizes[group_of_row]


def _anchor_pairs(docs: np.ndarray, hq: np.ndarray, dq: np.ndarray, lo: np.ndarray, df: np.ndarray,
                  n_docs: int, settings: DedupSettings) -> tuple[np.ndarray, np.ndarray]:
    """(query draft, other draft) of each anchor pair found for the queried drafts.

    `docs` is the draft of each row of the sorted index (`_sampled_index`); the queried
    drafts' sampled shingles are `hq` (draft `dq`), each one's group of equal hashes
    starting at index row `lo`, `df` rows long. Each queried draft is looked up by its
    `anchors_per_doc` rarest usable shingles (ties broken by hash: deterministic); a draft
    holding at least `anchor_support` of them is its pair."""
    usable = (df >= 2) & (df <= settings.max_anchor_df)
    rows = np.flatnonzero(usable)
    rows = rows[np.lexsort((hq[rows], df[rows], dq[rows]))]
    row_docs = dq[rows]
    first = np.r_[True, row_docs[1:] != row_docs[:-1]]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))
    rank = np.arange(len(rows)) - run_start
    chosen = rows[rank < settings.anchors_per_doc]
    n_anchors = np.bincount(dq[chosen], minlength=n_docs)

    query_docs, other_docs = [], []
    for size in np.unique(df[chosen]):
        sel = chosen[df[chosen] == size]
        members = docs[lo[sel][:, None] + np.arange(size)[None, :]]
        query_docs.append(np.repeat(dq[sel], size))
        other_docs.append(members.ravel())
    if not query_docs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    q, o = np.concatenate(query_docs), np.concatenate(other_docs)
    keep = q != o
    q, o = q[keep], o[keep]
    codes, support = np.unique(q * n_docs + o, return_counts=True)
    q, o = codes // n_docs, codes % n_docs
    need = np.maximum(1, np.ceil(settings.anchor_support * n_anchors[q]))
    ok = support >= need
    return q[ok], o[ok]


class CandidateIndex:
    """Both candidate paths kept between the calls of a resident session (cluster_drafts'
    `kept`), so that an add-one rebuild finds the new draft's pairs without banding and
    sorting every signature again (~0.5 s of each add-one at 10k).

    Each signature it has seen has a slot per draft that has it (drafts of the same text
    share one Signature object; the index holds it, so its id is not reused while
    compared). Banding pairs are pairwise: a call keeps the pairs of the
    drafts still present and bands only the new ones against all. A draft's anchor pairs
    depend on the document frequency and the members of its sampled shingles' groups,
    which change only for drafts that share a sampled shingle (in a group small enough to
    anchor, before or after) with an added or removed draft: a call merges the new
    shingles into the sorted index and asks again for those drafts only. A call that
    changes many drafts (or the first) computes everything. Either way the pairs are those
    of `_lsh_candidates` and `_anchor_candidates` (tests/test_dedup.py)."""

    def __init__(self, settings: DedupSettings) -> None:
        self.settings = settings
        self._reset()

    def _reset(self) -> None:
        self.slot_of: dict[int, list[int]] = {}  # id(Signature) -> its slots, one per draft that has it
        self.arrays: list[SigArrays | None] = []  # per slot; None once its draft is gone
        self.values = np.zeros((0, self.settings.num_perm), np.uint32)  # per slot
        self.hashes = np.zeros(0, np.uint64)  # the sampled shingles of every live slot, sorted
        self.docs = np.zeros(0, np.int64)  # and the slot of each
        self.banded: set[tuple[int, int]] = set()  # slot pairs, smaller first
        self.anchored: dict[int, np.ndarray] = {}  # query slot -> the other slots of its anchor pairs

    def candidates(self, keys: list[str], sigs: dict[str, Signature]) -> set[tuple[int, int]]:
        """Candidate pairs of the drafts `keys` (indices into it, smaller first)."""
        sig_list = [sigs[k] for k in keys]
        need = Counter(id(s) for s in sig_list)
        gone = [slot for ident, slots in self.slot_of.items() for slot in slots[need.get(ident, 0):]]
        new = [s for ident, s in {id(s): s for s in sig_list}.items() for _ in range(need[ident] - len(self.slot_of.get(ident, ())))]
        live = len(sig_list)
        dead = self.arrays.count(None) + len(gone)
        if not self.slot_of or len(new) + len(gone) > max(16, live // 100) or dead > max(1024, live // 4):
            self._reset()
            for sig in sig_list:
                self._add(sig)
            self._compute_all()
        else:
            self._update([self._add(s) for s in new], gone)
        index_of = np.full(len(self.arrays), -1, np.int64)
        taken: Counter[int] = Counter()
        for i, sig in enumerate(sig_list):
            index_of[self.slot_of[id(sig)][taken[id(sig)]]] = i
            taken[id(sig)] += 1
        pairs = {(min(i, j), max(i, j)) for i, j in ((int(index_of[a]), int(index_of[b])) for a, b in self.banded)}
        for q, others in self.anchored.items():
            i = int(index_of[q])
            pairs.update((min(i, j), max(i, j)) for j in index_of[others].tolist())
        return pairs

    def _add(self, sig: Signature) -> int:
        slot = len(self.arrays)
        self.slot_of.setdefault(id(sig), []).append(slot)
        self.arrays.append(SigArrays.of(sig, self.settings))
        return slot

    def _compute_all(self) -> None:
        live = [a for a in self.arrays if a is not None]  # slot = position: a reset index has no gone slot
        if live:
            self.values = np.stack([a.values for a in live])
        if self.settings.lsh_threshold is not None and len(live) > 1:
            self.banded = _banded_pairs(self.values, self.settings)
        if _anchoring(self.settings):
            self.hashes, self.docs = _sampled_index([a.sampled for a in live])
            self._keep_anchored(_anchor_pairs(self.docs, *_all_queries(self.hashes, self.docs), len(live), self.settings), [])

    def _keep_anchored(self, found: tuple[np.ndarray, np.ndarray], asked: Iterable[int]) -> None:
        """Store the anchor pairs `_anchor_pairs` found for the slots `asked`."""
        for slot in asked:
            self.anchored.pop(slot, None)
        q, o = found
        if not len(q):
            return
        order = np.argsort(q, kind="stable")
        q, o = q[order], o[order]
        cuts = np.flatnonzero(np.r_[True, q[1:] != q[:-1]]).tolist()
        for start, stop in zip(cuts, [*cuts[1:], len(q)], strict=True):
            self.anchored[int(q[start])] = o[start:stop]

    def _update(self, added: list[int], gone: list[int]) -> None:
        gone_set = set(gone)
        for slot in gone:
            ident = id(self.arrays[slot].sig)  # type: ignore[union-attr]
            self.slot_of[ident].remove(slot)
            if not self.slot_of[ident]:
                del self.slot_of[ident]
        self.banded = {p for p in self.banded if p[0] not in gone_set and p[1] not in gone_set}
        if added:
            self.values = np.concatenate([self.values, np.stack([self.arrays[s].values for s in added])])  # type: ignore[union-attr]
        if self.settings.lsh_threshold is not None and added:
            bands, rows = lsh_bands(self.settings.lsh_threshold, self.settings.num_perm)
            live = np.array(sorted(slot for slots in self.slot_of.values() for slot in slots), np.int64)
            block = self.values[live, : bands * rows].reshape(len(live), bands, rows)
            for slot in added:
                hits = live[(block == self.values[slot, : bands * rows].reshape(bands, rows)).all(axis=2).any(axis=1)]
                self.banded.update((min(slot, o), max(slot, o)) for o in hits.tolist() if o != slot)
        if _anchoring(self.settings):
            self._update_anchors(added, gone)
        for slot in gone:
            self.arrays[slot] = None
            self.anchored.pop(slot, None)

    def _update_anchors(self, added: list[int], gone: list[int]) -> None:
        """Merge the new drafts' sampled shingles into the sorted index, take the gone
        ones' out, and ask again for every draft in a group they change that can anchor."""
        changed = [self.arrays[s].sampled for s in [*added, *gone]]  # type: ignore[union-attr]
        probe = np.unique(np.concatenate(changed)) if changed else np.zeros(0, np.uint64)
        los, his = np.searchsorted(self.hashes, probe, "left"), np.searchsorted(self.hashes, probe, "right")
        # a group of more than max_anchor_df + len(gone) drafts is too common before and after
        small = (his - los) <= self.settings.max_anchor_df + len(gone)
        affected = set(added)
        for lo, hi in zip(los[small].tolist(), his[small].tolist(), strict=True):
            affected.update(self.docs[lo:hi].tolist())
        if gone:
            keep = ~np.isin(self.docs, np.array(gone, np.int64))
            self.hashes, self.docs = self.hashes[keep], self.docs[keep]
        if added:
            h, d = _sampled_index([self.arrays[s].sampled for s in added], np.array(added, np.int64))  # type: ignore[union-attr]
            at = np.searchsorted(self.hashes, h, "right")
            self.hashes, self.docs = np.insert(self.hashes, at, h), np.insert(self.docs, at, d)
        asked = sorted(affected - set(gone))
        parts = [self.arrays[s].sampled for s in asked]  # type: ignore[union-attr]
        hq = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        dq = np.repeat(np.array(asked, np.int64), [len(p) for p in parts])
        lo = np.searchsorted(self.hashes, hq, "left")
        df = np.searchsorted(self.hashes, hq, "right") - lo
        self._keep_anchored(_anchor_pairs(self.docs, hq, dq, lo, df, len(self.arrays), self.settings), asked)


# --------------------------------------------------------------------------- clustering


class _Linker:
    """Union of verified pairs, refusing merges whose cross pairs are unrelated."""

    def __init__(self, sigs: list[Signature], settings: DedupSettings,
                 measured: dict[tuple[int, int], tuple[Signature, Signature, PairMeasure]] | None = None) -> None:
        self.sigs = sigs
        self.settings = settings
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(sigs))}
        self.root = list(range(len(sigs)))
        self.cache: dict[tuple[int, int], PairMeasure] = {}
        # measures of an earlier call by the two Signature objects (held: ids not reused)
        self.before = measured or {}
        self.now: dict[tuple[int, int], tuple[Signature, Signature, PairMeasure]] = {}

    def measure(self, i: int, j: int) -> PairMeasure:
        key = (min(i, j), max(i, j))
        found = self.cache.get(key)
        if found is None:
            a, b = self.sigs[key[0]], self.sigs[key[1]]
            hit = self.before.get((id(a), id(b)))
            found = hit[2] if hit is not None and hit[0] is a and hit[1] is b else measure(a.shingles, b.shingles)
            self.cache[key] = found
            self.now[id(a), id(b)] = (a, b, found)
        return found

    def link(self, i: int, j: int) -> bool:
        ri, rj = self.root[i], self.root[j]
        if ri == rj:
            return False
        floor = self.settings.link_floor
        for a in self.members[ri]:
            for b in self.members[rj]:
                if self.measure(a, b).containment < floor:
                    return False  # e.g. two different articles inside one big page
        keep, gone = (ri, rj) if ri < rj else (rj, ri)
        for m in self.members[gone]:
            self.root[m] = keep
        self.members[keep].extend(self.members.pop(gone))
        return True


def cluster_drafts(drafts: Sequence[Draft], settings: DedupSettings = DEFAULT_SETTINGS,
                   sigs: dict[str, Signature] | None = None, qualities: dict[str, float] | None = None,
                   memo: dict[str, Cluster] | None = None, fingerprints: dict[str, str] | None = None,
                   kept: dict[str, Any] | None = None) -> list[Cluster]:
    """Group drafts into clusters of the same article; every draft in exactly one.

    `sigs` maps draft keys to precomputed `signature_of(draft, settings)` (the build
    caches them per draft text); a draft missing from it is signed here. `qualities`
    likewise maps draft keys to precomputed `quality_score(draft)` (the build caches
    them: most clusters are single copies whose score is only this). With `memo` and
    `fingerprints` (draft key -> a hash of everything scoring reads of the draft, settings
    included), a copy cluster whose members all have the same fingerprints as a cluster in
    `memo` is taken from it, and new ones are added to it.
    With `kept` (a dict the caller keeps between calls: a resident session), the
    candidate pairs are updated around the drafts whose signatures changed
    (`CandidateIndex`) and each candidate pair's measure is made once while its two
    signatures are the same objects.
    The result does not depend on the input order: drafts are processed sorted by
    key, and clusters come out sorted by their smallest member key.
    """
    by_key = {d.key: d for d in drafts}
    if len(by_key) != len(drafts):
        raise ValueError("duplicate draft keys")
    keys = sorted(by_key)
    given = sigs or {}
    sig_map = {k: given[k] if k in given else signature_of(by_key[k], settings) for k in keys}
    sig_list = [sig_map[k] for k in keys]

    kept = {} if kept is None else kept
    index = kept.get("index")
    if not isinstance(index, CandidateIndex) or index.settings != settings:
        index = kept["index"] = CandidateIndex(settings)
    candidates = index.candidates(keys, sig_map)
    linker = _Linker(sig_list, settings, kept.get("measured"))
    edges = []
    for i, j in sorted(candidates):
        m = linker.measure(i, j)
        if is_same_article(m, settings):
            edges.append((-m.jaccard, -m.containment, i, j))
    # strongest first: a page holding several articles joins the one it is most like
    for _, _, i, j in sorted(edges):
        linker.link(i, j)
    kept["measured"] = linker.now

    clusters = []
    for group in linker.members.values():
        idx = sorted(group)
        memo_key = None
        if memo is not None and fingerprints is not None and len(idx) > 1:
            # a copy cluster is a function of its members' drafts (and settings): reuse it
            memo_key = "\n".join(f"{keys[i]}\t{fingerprints[keys[i]]}" for i in idx)
            known = memo.get(memo_key)
            if known is not None:
                clusters.append(known)
                continue
        made = _make_cluster([by_key[keys[i]] for i in idx], [sig_list[i] for i in idx], settings, qualities)
        if memo_key is not None:
            memo[memo_key] = made
        clusters.append(made)
    return sorted(clusters, key=lambda c: min(m.key for m in c.members))


# --------------------------------------------------------------------------- quality

_SPACED_CJK = re.compile(r"[\u3400-\u9fff] +(?=[\u3400-\u9fff])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+[,.;:!?，。；：！？、）)]")
_TRUNCATION = "\ufffd"
_NOISE_KINDS = frozenset({"spam", "stuffing", "chrome", "comments", "repeat", "censored"})
_TITLE_SEPARATORS = re.compile(r"[|｜_]|\s[-–—]\s")


def title_quality(title: str | None, derived: bool = False) -> float:
    """1.0 for a plain headline; lower when missing, made up, stuffed or spammy."""
    if not title or not title.strip():
        return 0.0
    t = title.strip()
    score = 0.5 if derived else 1.0
    if len(t) > 48:  # headlines are short; long ones carry appended keywords
        score -= 0.3
    parts = [p for p in _TITLE_SEPARATORS.split(t) if p.strip()]
    if len(parts) >= 3:
        score -= 0.3
    elif len(parts) == 2:
        score -= 0.1  # "headline | site name"
    if _has_repeated_phrase(t):
        score -= 0.4
    if re.search(r"https?://|www\.|\d{5,}", t):
        score -= 0.3
    return max(score, 0.01)


def _has_repeated_phrase(text: str, size: int = 3) -> bool:
    """Keyword stuffing repeats a phrase; normal headlines rarely repeat 3+ chars."""
    norm = _NON_WORD.sub("", text.lower())
    seen: set[str] = set()
    for i in range(len(norm) - size + 1):
        gram = norm[i : i + size]
        if gram in seen:
            return True
        seen.add(gram)
    return False


def quality_score(draft: Draft) -> float:
    """Standalone completeness and cleanliness of one draft, roughly in [0, 1].

    Cluster-relative measures (coverage, spliced noise) are added in
    ``cluster_drafts``; this part needs only the draft itself, so it is cacheable.
    """
    text = draft.text
    chars = max(1, len(_NON_WORD.sub("", text)))
    completeness = min(1.0, math.log1p(chars) / math.log1p(8000))
    noise_removals = sum(1 for r in draft.removals if r.kind in _NOISE_KINDS)
    penalties = (
        min(0.3, 0.05 * noise_removals * 1000 / (chars + 1000)),  # cleaner had to work hard here
        min(0.2, 20 * text.count(_TRUNCATION) / chars),  # lines cut by the scraper
        min(0.2, 5 * len(_SPACED_CJK.findall(text)) / chars),  # spaces between characters
        min(0.1, 5 * len(_SPACE_BEFORE_PUNCT.findall(text)) / chars),  # sloppy re-typesetting
        min(0.2, _repeated_share(draft.paragraphs)),  # lead or paragraphs repeated
    )
    bonus = 0.15 * title_quality(draft.title, draft.title_derived)
    bonus += 0.02 * (draft.script == "hans")  # the original script needs no conversion
    bonus += 0.05 * (draft.date is not None) + 0.03 * (draft.origin is not None) + 0.02 * (draft.author is not None)
    return round(0.6 * completeness + bonus - sum(penalties), 4)


_quality_score = quality_score


@lru_cache(maxsize=1)
def quality_source() -> str:
    """The source of everything `quality_score` reads besides its draft, for cache keys."""
    parts = [inspect.getsource(obj) for obj in (quality_score, title_quality, _has_repeated_phrase, _repeated_share)]
    patterns = (_SPACED_CJK, _SPACE_BEFORE_PUNCT, _TITLE_SEPARATORS, _NON_WORD)
    return "\n".join([*parts, *(p.pattern for p in patterns), repr(sorted(_NOISE_KINDS)), _TRUNCATION])


def _repeated_share(paragraphs: Sequence[str]) -> float:
    seen: set[str] = set()
    repeated = 0
    for p in paragraphs:
        key = _NON_WORD.sub("", p)
        if len(key) < 10:
            continue
        repeated += key in seen
        seen.add(key)
    return repeated / max(1, len(paragraphs))


@dataclass(frozen=True)
class Support:
    """How much of one member the other members of its cluster back up."""

    supported: int  # characters covered by a shingle some other member also has
    splice: float  # share of characters in short unsupported runs inside supported text
    lead: float  # share of characters before the first supported one (mirror headers)


def support_profile(norm_hashes: np.ndarray, n_chars: int, others: np.ndarray, settings: DedupSettings) -> Support:
    """Spliced spam shows as short runs no other copy has, inside text they share; a
    mirror's header as an unsupported lead. A missing tail or a long extra passage is
    content, not noise, so neither counts against a copy."""
    if n_chars == 0 or len(norm_hashes) == 0 or len(others) == 0:
        return Support(0, 0.0, 0.0)
    supported_shingle = np.isin(norm_hashes, others)
    cover = np.zeros(n_chars + 1, np.int64)
    starts = np.flatnonzero(supported_shingle)
    np.add.at(cover, starts, 1)
    np.add.at(cover, np.minimum(starts + settings.shingle, n_chars), -1)
    supported = np.cumsum(cover)[:n_chars] > 0
    if not supported.any():
        return Support(0, 0.0, 0.0)
    padded = np.r_[True, supported, True].astype(np.int8)
    run_starts = np.flatnonzero(np.diff(padded) == -1)  # supported -> unsupported
    run_ends = np.flatnonzero(np.diff(padded) == 1)  # unsupported -> supported
    lengths = run_ends - run_starts
    interior = (run_starts > 0) & (run_ends < n_chars) & (lengths <= settings.splice_run)
    lead = int(np.argmax(supported))
    return Support(int(supported.sum()), int(lengths[interior].sum()) / n_chars, lead / n_chars)


def _make_cluster(members: list[Draft], sigs: list[Signature], settings: DedupSettings,
                  qualities: dict[str, float] | None = None) -> Cluster:
    known = qualities or {}

    def quality_score(d: Draft) -> float:  # the precomputed score when the caller has it
        q = known.get(d.key)
        return _quality_score(d) if q is None else q

    if len(members) == 1:
        q = quality_score(members[0])
        return Cluster(members[0].key, [ClusterMember(members[0].key, 1.0, 1.0, q)], "single copy")

    norms = [normalize_for_compare(d.text, settings) for d in members]
    profiles = []
    for idx in range(len(members)):
        others = np.unique(np.concatenate([s.shingles for j, s in enumerate(sigs) if j != idx]))
        profiles.append(support_profile(shingle_hashes(norms[idx], settings), len(norms[idx]), others, settings))
    most_supported = max(1, max(p.supported for p in profiles))
    scores: list[tuple[float, str]] = []
    details: dict[str, tuple[float, float, Support]] = {}
    for d, prof in zip(members, profiles, strict=True):
        # completeness counts only text another copy confirms, so spam and page
        # chrome never make a copy look more complete
        completeness = prof.supported / most_supported
        standalone = quality_score(d)
        total = round(standalone + 0.5 * completeness - 2.0 * prof.splice - 1.0 * prof.lead, 4)
        details[d.key] = (standalone, completeness, prof)
        scores.append((-total, d.key))
    scores.sort()
    canon_key = scores[0][1]
    canon_idx = next(i for i, d in enumerate(members) if d.key == canon_key)
    total_of = {k: -s for s, k in scores}

    out = []
    for idx, d in enumerate(members):
        m = PairMeasure(1.0, 1.0, len(sigs[idx].shingles)) if idx == canon_idx else measure(
            sigs[idx].shingles, sigs[canon_idx].shingles
        )
        out.append(ClusterMember(d.key, round(m.jaccard, 4), round(m.containment, 4), total_of[d.key]))
    out.sort(key=lambda c: (c.key != canon_key, c.key))


    def describe(key: str) -> str:
        standalone, completeness, prof = details[key]
        return (
            f"{key} scored {total_of[key]:.3f}: confirmed completeness {completeness:.2f}, "
            f"spliced noise {prof.splice:.1%}, unconfirmed lead {prof.lead:.1%}, "
            f"standalone quality {standalone:.3f}"
        )

    reason = f"best of {len(members)} copies: {describe(canon_key)}; next {describe(scores[1][1])}"
    return Cluster(canon_key, out, reason)


# --------------------------------------------------------------------------- merging


def _para_shingles(paragraph: str, settings: DedupSettings) -> np.ndarray:
    return np.unique(shingle_hashes(normalize_for_compare(paragraph, settings), settings))


def _covered(s: np.ndarray, pool: np.ndarray) -> float:
    """Share of the hashes `s` found in `pool` (sorted, as np.unique makes it): np.isin
    by binary search, without sorting the pool again for each paragraph."""
    if len(s) == 0:
        return 1.0
    if len(pool) == 0:
        return 0.0
    at = np.searchsorted(pool, s)
    at[at == len(pool)] = 0
    return float((pool[at] == s).mean())


def _fill_gaps(base: list[str], donor: Sequence[str], settings: DedupSettings, min_gap_chars: int = 60) -> list[str]:
    """Insert the donor's paragraphs that ``base`` lacks, after the base paragraph
    matching the donor paragraph before them. Leading extras are skipped (mirror
    headers); an interior gap must be substantial (a stray short line in a mirror is
    more likely noise than content); a missing tail must be a real share of the
    article (a truncated canonical), not one footer line."""
    base_sets = [_para_shingles(p, settings) for p in base]
    pool = np.unique(np.concatenate(base_sets)) if base_sets else np.zeros(0, np.uint64)
    base_chars = sum(len(_NON_WORD.sub("", p)) for p in base)
    min_tail_chars = max(min_gap_chars, min(200, base_chars // 7))

    inserts: dict[int, list[str]] = {}
    last_anchor: int | None = None
    run: list[str] = []

    def flush(min_chars: int) -> None:
        if run and last_anchor is not None and sum(len(_NON_WORD.sub("", p)) for p in run) >= min_chars:
            inserts.setdefault(last_anchor, []).extend(run)
        run.clear()

    for p in donor:
        norm_len = len(_NON_WORD.sub("", p))
        if norm_len == 0:
            continue
        if norm_len < 2 * settings.shingle:
            # too short to tell present from missing: it goes with its neighbours
            if run:
                run.append(p)
            continue
        s = _para_shingles(p, settings)
        anchor, share = -1, 0.0
        if _covered(s, pool) >= 0.5:  # cheap pre-check against the whole base
            overlaps = [np.intersect1d(s, b, assume_unique=True).size for b in base_sets]
            anchor = int(np.argmax(overlaps))
            share = overlaps[anchor] / len(s)
        # present: clearly the same paragraph, or a fair match in reading order
        # (URL lists and boilerplate share shingles with the wrong paragraph)
        in_order = last_anchor is None or anchor >= last_anchor
        if share >= 0.8 or (share >= 0.5 and in_order):
            flush(min_gap_chars)
            last_anchor = anchor if last_anchor is None else max(anchor, last_anchor)
        else:
            run.append(p)
    flush(min_tail_chars)

    out: list[str] = []
    for i, p in enumerate(base):
        out.append(p)
        out.extend(inserts.get(i, []))
    return out


def _complete_last(base: list[str], donor: Sequence[str], settings: DedupSettings) -> list[str]:
    """A canonical cut mid-paragraph takes the donor's full version of that paragraph."""
    if not base:
        return base
    last_norm = normalize_for_compare(base[-1], settings)
    last = _para_shingles(base[-1], settings)
    for p in donor:
        norm = normalize_for_compare(p, settings)
        if len(norm) <= 1.2 * len(last_norm):
            continue
        is_prefix = len(last_norm) > 0 and norm.startswith(last_norm)
        if is_prefix or (len(last_norm) >= 2 * settings.shingle and _covered(last, _para_shingles(p, settings)) >= 0.9):
            return [*base[:-1], p]
    return base


def _date_sort_key(d: Draft) -> tuple[str, int]:
    order = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4, "span": 5, "decade": 6}
    return (d.date or "", order.get(d.date_precision or "", 9))


def _credible_date(iso: str | None) -> bool:
    if not iso:
        return False
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", iso)
    if not m:
        return False
    year = int(m.group(1))
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    return 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def _earliest_date(members: Iterable[Draft]) -> Draft | None:
    dated = sorted((d for d in members if _credible_date(d.date)), key=_date_sort_key)
    if not dated:
        return None
    first = dated[0]
    # "2024" is not earlier than "2024-05-19": prefer the precise date it contains
    for d in dated[1:]:
        if first.date and d.date and d.date.startswith(first.date) and len(d.date) > len(first.date):
            first = d
    return first


def merge_cluster(cluster: Cluster, drafts: dict[str, Draft], settings: DedupSettings = DEFAULT_SETTINGS) -> Draft:
    """One draft for the cluster: the canonical text, gaps filled from the others,
    the best title, the earliest credible date, origin and author kept."""
    canon = drafts[cluster.canonical]
    others = sorted(
        (drafts[m.key] for m in cluster.members if m.key != cluster.canonical),
        key=lambda d: -next(m.quality for m in cluster.members if m.key == d.key),
    )
    paragraphs = list(canon.paragraphs)
    for donor in others:
        paragraphs = _complete_last(paragraphs, donor.paragraphs, settings)
        paragraphs = _fill_gaps(paragraphs, donor.paragraphs, settings)

    # Spam spliced into the canonical copy shows as short runs no other copy has.
    paragraphs, repaired = repair_against_mirrors(paragraphs, [d.paragraphs for d in others])
    canon.removals.extend(repaired)

    members = [canon, *others]
    title, derived = canon.title, canon.title_derived
    best = max(members, key=lambda d: (title_quality(d.title, d.title_derived), d is canon))
    if title_quality(best.title, best.title_derived) > title_quality(title, derived):
        title, derived = best.title, best.title_derived

    dated = _earliest_date(members)
    return replace(
        canon,
        title=title,
        title_derived=derived,
        paragraphs=paragraphs,
        date=dated.date if dated else canon.date,
        date_precision=dated.date_precision if dated else canon.date_precision,
        published_time=dated.published_time if dated else canon.published_time,
        origin=canon.origin or next((d.origin for d in others if d.origin), None),
        author=canon.author or next((d.author for d in others if d.author), None),
    )
