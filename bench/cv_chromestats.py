"""Leave-one-round-out cross-validation of the chrome line classifier (digest/chromestats.py)
on the tune rounds of the cleaning set, and the choice of its threshold.

    python bench/cv_chromestats.py [--threshold X] [--examples N]

Each tune source is cleaned by the real cleaner with the classifier switched off, and the
lines its rules keep are recorded with the segment around them (what the classifier would
see). For each round X the model is trained without X (tools/train_chromestats.py
`train(leave_out=X)`) and X's kept lines are scored. Per round and pooled, at each
threshold: article letters the classifier would remove (share of the round's article
letters; a line a rule cut inline is found in its pieces) and noise letters it would newly remove (share of the noise letters the rules
left). The threshold proposed is the lowest of the grid with a pooled article loss of at
most 0.05 % and no round above 0.3 %, plus MARGIN; tools/train_chromestats.py THRESHOLD is
set from it by hand. Letters are letters and digits in canonical Simplified, as
bench/eval_clean.py counts them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_chromestats import THRESHOLD, labelled_letters, load_rounds, norm, prepared_source, train  # noqa: E402

import digest.chromestats as cs  # noqa: E402
from digest.pipeline import extract  # noqa: E402

GRID = [round(x, 2) for x in np.arange(-2.0, 6.01, 0.25)]
POOLED_MAX = 0.0005
ROUND_MAX = 0.003
MARGIN = 1.0


def kept_lines(src: Path) -> list[tuple[list[str], list[int]]]:
    """(segment texts, indexes of the kept lines) of every segment the cleaner cleans."""
    calls: list[tuple[list[str], list[int]]] = []
    real = cs.chrome_lines

    def record(texts, candidates, m=None):
        calls.append((list(texts), list(candidates)))
        return []

    cs.chrome_lines = record
    try:
        extract(prepared_source(src))
    finally:
        cs.chrome_lines = real
    return calls


def round_lines(paths: list[Path]) -> tuple[list[tuple[list[str], list[int], list[tuple[int, int]]]], int]:
    """Per cleaned segment: texts, kept indexes, and (article, noise) letters of each kept line;
    and the round's article letters."""
    out = []
    art_total = 0
    for src in paths:
        letters, noise = labelled_letters(src)
        art_total += len(noise) - sum(noise)
        for texts, cand in kept_lines(src):
            labels = []
            for i in cand:
                n = norm(texts[i])
                flags = located(n, letters, noise) if n else None
                if flags is None:  # not found: counted as article text (the cautious way)
                    labels.append((len(n), 0))
                else:
                    k = sum(flags)
                    labels.append((len(n) - k, k))
            out.append((texts, cand, labels))
    return out, art_total


PIECE = 4  # letters a piece of a line cut inline starts with
GAP = 80  # letters a rule may have cut out of a line between two of its pieces
OCCURRENCES = 20  # occurrences of a line (or of its first piece) weighed against each other


def _occurrences(piece: str, letters: str, limit: int = OCCURRENCES) -> list[int]:
    found, at = [], letters.find(piece)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = letters.find(piece, at + 1)
    return found


def located(n: str, letters: str, noise: list[bool]) -> list[bool] | None:
    """The noise flags of the source letters a kept line's letters `n` stand for: found in
    one run, or in pieces in order with at most GAP letters cut between them (a line a rule
    cut inline: a spam line whose middle the lexicon took out is still the spam line's
    letters, not article text); None when not found. Where the line (or its first piece)
    occurs more than once (a summary repeating the lead before the article's copy), the
    occurrence with the fewest noise letters is the one it stands for, the cautious way:
    a noise repeat before the article copy must not hide a cut of article text."""
    runs = [noise[at : at + len(n)] for at in _occurrences(n, letters)]
    if runs:
        return min(runs, key=sum)
    matches = [m for at in _occurrences(n[:PIECE], letters) if (m := _pieces(n, letters, noise, at)) is not None]
    return min(matches, key=sum) if matches else None


def _pieces(n: str, letters: str, noise: list[bool], at: int) -> list[bool] | None:
    """`located`'s piecewise match of `n` whose first piece is at `at`."""
    flags: list[bool] = []
    i, pos = 0, -1
    while i < len(n):
        if pos < 0:
            piece = n[i : i + PIECE]
        else:  # the next piece: the longest start (PIECE letters down to one) found after a cut
            for size in range(min(PIECE, len(n) - i), 0, -1):
                piece = n[i : i + size]
                if (at := letters.find(piece, pos, pos + GAP + size)) >= 0:
                    break
        if at < 0:
            return None
        end = at + len(piece)
        i += len(piece)
        while i < len(n) and end < len(letters) and letters[end] == n[i]:
            end += 1
            i += 1
        flags.extend(noise[at:end])
        pos = end
    return flags


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threshold", type=float, default=THRESHOLD, help="threshold of the detailed table")
    ap.add_argument("--examples", type=int, default=30, help="article lines removed to list")
    args = ap.parse_args(argv)
    rounds = load_rounds()
    from train_chromestats import tune_sources

    sources = tune_sources()
    results = {}
    alone: dict[str, list[tuple[float, int, int]]] = {}
    wrong: list[tuple[float, str, str]] = []
    caught: list[tuple[float, str, str]] = []
    for name in rounds:
        m = train(rounds, leave_out=name)
        segs, art_total = round_lines(sources[name])
        scored = []  # (score, art, noise, text)
        noise_left = 0
        for texts, cand, labels in segs:
            scores = cs.segment_scores(texts, m)
            tabular = cs.table_rows(texts)
            for i, (a, k) in zip(cand, labels, strict=True):
                noise_left += k
                if i not in tabular and cs.removable(texts[i], m):
                    scored.append((float(scores[i]), a, k, texts[i]))
        results[name] = (scored, art_total, noise_left)
        # every line of the round, as if no rule had removed any: how much of its chrome, in
        # this page kind the model never saw, the classifier alone would find
        every = []
        by_seg: dict = {}
        for ex in rounds[name]["examples"]:
            by_seg.setdefault((ex.doc, ex.segment), []).append(ex)
        for key, exs in by_seg.items():
            texts = rounds[name]["segments"][key]
            scores = cs.segment_scores(texts, m)
            tabular = cs.table_rows(texts)
            for ex in exs:
                ok = ex.index not in tabular and cs.removable(ex.text, m)
                every.append((float(scores[ex.index]) if ok else -1e9, ex.art, ex.noise))
        alone[name] = every
        for s, a, k, t in scored:
            if s >= args.threshold:
                (wrong if a > k else caught).append((s, name, t))
    print("threshold sweep (pooled over rounds): article letters removed / noise letters removed")
    best = None
    for th in GRID:
        art = sum(a for sc, *_ in results.values() for s, a, k, t in sc if s >= th)
        noi = sum(k for sc, *_ in results.values() for s, a, k, t in sc if s >= th)
        art_all = sum(r[1] for r in results.values())
        noise_all = sum(r[2] for r in results.values())
        worst = max(sum(a for s, a, k, t in sc if s >= th) / tot for sc, tot, _ in results.values())
        ok = art / art_all <= POOLED_MAX and worst <= ROUND_MAX
        if ok and best is None:
            best = th
        a_art = sum(a for ev in alone.values() for s, a, k in ev if s >= th)
        a_noi = sum(k for ev in alone.values() for s, a, k in ev if s >= th)
        a_all = sum(k for ev in alone.values() for s, a, k in ev)
        print(
            f"  {th:5.2f}  art {art:5d} ({100 * art / art_all:.3f} %, worst round {100 * worst:.3f} %)  "
            f"noise {noi:4d} of {noise_all} left ({100 * noi / max(1, noise_all):4.1f} %) {'ok' if ok else '  '} | "
            f"alone: noise {100 * a_noi / a_all:4.1f} % art {100 * a_art / art_all:.3f} %"
        )
    print(f"lowest threshold within the bar: {best}; proposed (+{MARGIN}): {None if best is None else best + MARGIN}")
    th = args.threshold
    print(f"\nper round at threshold {th}:")
    print(
        f"{'round':<6} {'art letters':>11} {'art cut':>8} {'%':>7} | {'noise left':>10} {'noise cut':>9} {'%':>6} | "
        f"{'alone: noise':>12} {'found':>6} {'%':>6} {'art cut':>7}"
    )
    tot = [0] * 7
    for name, (sc, art_total, noise_left) in results.items():
        a = sum(x[1] for x in sc if x[0] >= th)
        k = sum(x[2] for x in sc if x[0] >= th)
        n_all = sum(x[2] for x in alone[name])
        n_found = sum(x[2] for x in alone[name] if x[0] >= th)
        a_alone = sum(x[1] for x in alone[name] if x[0] >= th)
        vals = [art_total, a, noise_left, k, n_all, n_found, a_alone]
        tot = [x + y for x, y in zip(tot, vals, strict=True)]
        print(
            f"{name:<6} {art_total:>11} {a:>8} {100 * a / art_total:>6.3f}% | {noise_left:>10} {k:>9} "
            f"{100 * k / max(1, noise_left):>5.1f}% | {n_all:>12} {n_found:>6} {100 * n_found / max(1, n_all):>5.1f}% "
            f"{a_alone:>7}"
        )
    print(
        f"{'all':<6} {tot[0]:>11} {tot[1]:>8} {100 * tot[1] / tot[0]:>6.3f}% | {tot[2]:>10} {tot[3]:>9} "
        f"{100 * tot[3] / max(1, tot[2]):>5.1f}% | {tot[4]:>12} {tot[5]:>6} {100 * tot[5] / max(1, tot[4]):>5.1f}% "
        f"{tot[6]:>7}"
    )
    print("art cut / noise cut: of the lines the rules keep; alone: of all the round's lines, as if no rule had run")
    for s, name, t in sorted(wrong, reverse=True)[: args.examples]:
        print(f"  article line removed in {name} ({s:.2f}): {t[:70]}")
    for s, name, t in sorted(caught, reverse=True)[: args.examples]:
        print(f"  noise removed in {name} ({s:.2f}): {t[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
