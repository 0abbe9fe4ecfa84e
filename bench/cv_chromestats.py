"""Leave-one-round-out cross-validation of the chrome line classifier (digest/chromestats.py)
on the tune rounds of the cleaning set, and the choice of its threshold.

    python bench/cv_chromestats.py [--threshold X] [--examples N]

Each tune source is cleaned by the real cleaner with the classifier switched off, and the
lines its rules keep are recorded with the segment around them (what the classifier would
see). For each round X the model is trained without X (tools/train_chromestats.py
`train(leave_out=X)`: its bigram table, the out-of-fold bigram features of its fit, the
standardisation and the regression are all made without X) and X's kept lines are scored.
A line's effective score is its score less the prose margin when it is `prose_like`. Per
round and pooled, at each threshold: article letters the classifier would remove (share of
the round's article letters; a line a rule cut inline is found in its pieces) and noise
letters it would newly remove (share of the noise letters the rules left).

The threshold is calibrated: the highest effective score of an article line (most of its
letters article text) in any round, plus MARGIN, at the grid's nearest point. A threshold chosen
on the rounds it is then reported on says nothing of a page nobody has seen, so the
threshold is also chosen the same way without each round X (from the other rounds' scores)
and X is reported at that threshold: the "nested" table, what a round of new pages loses.
Near the threshold: article letters of lines scoring within 0.5 and 1.0 under it, and
those over it that only the evidence gate (MIN_EVIDENCE) keeps. Letters are letters and
digits in canonical Simplified, as bench/eval_clean.py counts them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_chromestats import PROSE_MARGIN, THRESHOLD, labelled_letters, load_rounds, norm, prepared_source, train  # noqa: E402

import digest.chromestats as cs  # noqa: E402
from digest.pipeline import extract  # noqa: E402

GRID = [round(x, 2) for x in np.arange(-2.0, 6.01, 0.25)]
POOLED_MAX = 0.0005
ROUND_MAX = 0.003
MARGIN = 1.0  # over the highest-scoring article line of every round


def grid_nearest(x: float) -> float:
    """The threshold of the grid nearest x."""
    return min(GRID, key=lambda t: abs(t - x))


def calibrated(top: dict[str, float], rounds: list[str]) -> float:
    """The threshold over the highest-scoring article line of `rounds` by MARGIN (the grid's
    nearest point)."""
    return grid_nearest(max((top[r] for r in rounds), default=GRID[0]) + MARGIN)


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
    # the first piece may be shorter than PIECE where a rule cut inside the line's first word
    # ("订阅|会员 每月149元 | 免费试|听7天 …"): an unfound line is counted as article text, and
    # a piece of furniture would read as article text lost
    for size in range(PIECE, 1, -1):
        matches = [m for at in _occurrences(n[:size], letters) if (m := _pieces(n, letters, noise, at, size)) is not None]
        if matches:
            return min(matches, key=sum)
    return None


def _pieces(n: str, letters: str, noise: list[bool], at: int, first: int = PIECE) -> list[bool] | None:
    """`located`'s piecewise match of `n` whose first piece is at `at`."""
    flags: list[bool] = []
    i, pos = 0, -1
    while i < len(n):
        if pos < 0:
            piece = n[i : i + first]
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
    top: dict[str, float] = {}  # effective score of the highest-scoring article line per round
    held: dict[str, list[tuple[float, int, str]]] = {name: [] for name in rounds}
    alone: dict[str, list[tuple[float, int, int]]] = {}
    wrong: list[tuple[float, str, str]] = []
    caught: list[tuple[float, str, str]] = []
    for name in rounds:
        m = train(rounds, leave_out=name)
        segs, art_total = round_lines(sources[name])
        scored = []  # (effective score, art, noise, text)
        noise_left = 0
        for texts, cand, labels in segs:
            every_row = list(range(len(texts)))
            scores = cs.effective_scores(texts, every_row, cs.segment_scores(texts, m), m)
            tabular = cs.table_rows(texts)
            for i, (a, k) in zip(cand, labels, strict=True):
                noise_left += k
                if i in tabular or cs.is_prose(texts[i]) or not cs.letters(texts[i]):
                    continue
                if cs.removable(texts[i], m):
                    scored.append((float(scores[i]), a, k, texts[i]))
                elif a > k:  # kept by the evidence gate alone
                    held[name].append((float(scores[i]), a, texts[i]))
        results[name] = (scored, art_total, noise_left)
        top[name] = max((sc for sc, a, k, _ in scored if a > k), default=GRID[0])
        # every line of the round, as if no rule had removed any: how much of its chrome, in
        # this page kind the model never saw, the classifier alone would find
        every = []
        by_seg: dict = {}
        for ex in rounds[name]["examples"]:
            by_seg.setdefault((ex.doc, ex.segment), []).append(ex)
        for key, exs in by_seg.items():
            texts = rounds[name]["segments"][key]
            scores = cs.effective_scores(texts, list(range(len(texts))), cs.segment_scores(texts, m), m)
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
    print(f"lowest threshold within the bar: {best}")
    print(f"calibrated: highest-scoring article line {max(top.values()):.2f} + {MARGIN} -> {calibrated(top, list(top))}"
          f" (prose margin {PROSE_MARGIN})")
    print("\nnested: each round at the threshold calibrated without it (what a round of new pages loses)")
    print(f"{'round':<6} {'top art':>7} {'thresh':>6} {'art cut':>7} {'%':>7} | {'noise cut':>9} {'%':>6}")
    nt = [0, 0, 0, 0]
    for name, (sc, art_total, noise_left) in results.items():
        th_x = calibrated(top, [r for r in results if r != name])
        a = sum(x[1] for x in sc if x[0] >= th_x)
        k = sum(x[2] for x in sc if x[0] >= th_x)
        nt = [nt[0] + art_total, nt[1] + a, nt[2] + noise_left, nt[3] + k]
        print(f"{name:<6} {top[name]:>7.2f} {th_x:>6.2f} {a:>7} {100 * a / art_total:>6.3f}% | "
              f"{k:>9} {100 * k / max(1, noise_left):>5.1f}%")
    print(f"{'all':<6} {'':>7} {'':>6} {nt[1]:>7} {100 * nt[1] / nt[0]:>6.3f}% | {nt[3]:>9} {100 * nt[3] / max(1, nt[2]):>5.1f}%")
    th = args.threshold
    print(f"\narticle letters near threshold {th}: within 0.5 / 1.0 under it, and over it kept only by the evidence gate")
    near = [0, 0, 0]
    for name, (sc, _art, _noise) in results.items():
        w05 = sum(x[1] for x in sc if th - 0.5 <= x[0] < th)
        w10 = sum(x[1] for x in sc if th - 1.0 <= x[0] < th)
        ev = sum(a for s_, a, _t in held[name] if s_ >= th)
        near = [near[0] + w05, near[1] + w10, near[2] + ev]
        print(f"  {name:<6} {w05:>5} {w10:>5} {ev:>5}")
    print(f"  {'all':<6} {near[0]:>5} {near[1]:>5} {near[2]:>5}")
    for name, lines in held.items():
        for s_, _a, t in sorted(lines, reverse=True):
            if s_ >= th - 1.0:
                print(f"  article line kept by the evidence gate alone in {name} ({s_:.2f}): {t[:70]}")
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
