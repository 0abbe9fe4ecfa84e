"""Speed, memory and mirror recall of digest.dedup on the synthetic corpus.

    python bench/bench_dedup.py [--n 10000] [--seed 1] [--slice 1000]

In one run: cluster_drafts on n generated articles (time, peak RSS growth, peak
traced allocations are not used because tracing slows numpy-free code paths unevenly),
then the same on a 1,000-article slice next to a naive all-pairs exact-Jaccard
comparison of that slice, and pair precision / recall against the generator's truth.
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from gen_corpus import _converters, generate  # noqa: E402

from digest.dedup import DEFAULT_SETTINGS, cluster_drafts, is_same_article, measure, normalize_for_compare, signature_of  # noqa: E402
from digest.model import Draft  # noqa: E402


def to_drafts(files: list[tuple[str, bytes, dict]]) -> list[Draft]:
    """Drafts straight from the generated text: decoded, t2s, no cleaning."""
    t2s = _converters()[0]
    drafts = []
    for name, data, truth in files:
        text = t2s.convert(data.decode(truth["encoding"], errors="replace"))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        drafts.append(Draft(source=name, index=0, title=lines[0] if lines else None, paragraphs=lines[1:],
                            script=truth["script"]))
    return drafts


class PeakRSS:
    """Samples this process's RSS in a thread; the growth over the start is the cost."""

    def __init__(self, interval: float = 0.02) -> None:
        self.proc = psutil.Process()
        self.interval = interval
        self.base = self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.base) / 2**20


def naive_all_pairs(drafts: list[Draft], k: int = 5, threshold: float = 0.7) -> tuple[int, float]:
    """The baseline: exact Jaccard of k-gram string sets for every pair."""
    start = time.perf_counter()
    sets = []
    for d in drafts:
        norm = normalize_for_compare(d.text, DEFAULT_SETTINGS)
        sets.append({norm[i : i + k] for i in range(len(norm) - k + 1)})
    hits = 0
    for a, b in itertools.combinations(sets, 2):
        if a and b:
            shared = len(a & b)
            hits += shared / (len(a) + len(b) - shared) >= threshold
    return hits, time.perf_counter() - start


def pair_scores(files: list[tuple[str, bytes, dict]], clusters: list) -> dict[str, float]:
    root = {name: (t["mirror_of"] or name) for name, _, t in files}
    truth_pairs = set()
    groups: dict[str, list[str]] = {}
    for name, r in root.items():
        groups.setdefault(r, []).append(name)
    for members in groups.values():
        truth_pairs.update(itertools.combinations(sorted(members), 2))
    predicted = set()
    for c in clusters:
        names = sorted(m.key.rsplit("#", 1)[0] for m in c.members)
        predicted.update(itertools.combinations(names, 2))
    tp = len(truth_pairs & predicted)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(truth_pairs) if truth_pairs else 1.0
    return {"truth_pairs": len(truth_pairs), "predicted_pairs": len(predicted), "precision": p, "recall": r}


def allowed_recall(files: list[tuple[str, bytes, dict]], drafts: list[Draft], clusters: list) -> float:
    """Recall over mirror->original pairs whose exact measures pass the merge rule: the
    misses left are candidate generation or linkage, not thresholds."""
    by_name = {d.source: d for d in drafts}
    cluster_of = {m.key: i for i, c in enumerate(clusters) for m in c.members}
    allowed = found = 0
    for name, _, truth in files:
        if not truth["mirror_of"]:
            continue
        a, b = by_name[name], by_name[truth["mirror_of"]]
        m = measure(signature_of(a).shingles, signature_of(b).shingles)
        if is_same_article(m, DEFAULT_SETTINGS):
            allowed += 1
            found += cluster_of[a.key] == cluster_of[b.key]
    return found / allowed if allowed else 1.0


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slice", type=int, default=1_000)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    files = generate(args.n, args.seed)
    drafts = to_drafts(files)
    chars = sum(len(d.text) for d in drafts)
    print(f"corpus: {len(files)} articles, {chars / 1e6:.1f} M chars, generated+decoded in "
          f"{time.perf_counter() - t0:.1f} s")

    with PeakRSS() as mem:
        start = time.perf_counter()
        clusters = cluster_drafts(drafts)
        full_s = time.perf_counter() - start
    scores = pair_scores(files, clusters)
    scores["allowed_recall"] = allowed_recall(files, drafts, clusters)
    print(f"dedup {len(drafts)}: {full_s:.2f} s, peak RSS growth {mem.growth_mb:.0f} MB, "
          f"{len(clusters)} clusters")
    print(f"  mirror pairs vs truth: P={scores['precision']:.4f} R={scores['recall']:.4f} "
          f"(truth {scores['truth_pairs']}, predicted {scores['predicted_pairs']})")

    print(f"  recall on truth pairs the verification rule can accept (e.g. not a truncated copy "
          f"sharing < {DEFAULT_SETTINGS.min_shared_chars} chars): R={scores['allowed_recall']:.4f}")

    part_files = files[: args.slice]
    part = drafts[: args.slice]
    start = time.perf_counter()
    part_clusters = cluster_drafts(part)
    part_s = time.perf_counter() - start
    hits, naive_s = naive_all_pairs(part)
    part_scores = pair_scores(part_files, part_clusters)
    print(f"slice {len(part)}: dedup {part_s:.2f} s, naive all-pairs exact Jaccard {naive_s:.2f} s "
          f"({hits} pairs >= 0.7), ratio naive/dedup {naive_s / part_s:.1f}x; "
          f"slice P={part_scores['precision']:.4f} R={part_scores['recall']:.4f}")
    scale = (len(drafts) / len(part)) ** 2
    print(f"  naive extrapolated to {len(drafts)}: ~{naive_s * scale:.0f} s (quadratic); "
          f"dedup grew {full_s / part_s:.1f}x for {len(drafts) / len(part):.0f}x the articles")
    return {
        "n": len(drafts), "seconds": full_s, "peak_rss_mb": mem.growth_mb, **scores,
        "slice_seconds": part_s, "naive_seconds": naive_s, "ratio": naive_s / part_s,
    }


if __name__ == "__main__":
    main()
