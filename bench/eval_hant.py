"""The zh-hant edition's conversion measured on a labelled set of sentence pairs.

    python bench/eval_hant.py [--show N]

tests/data/hant/pairs.yaml holds Simplified sentences of AI-industry news and the Traditional
(Taiwan) text a careful editor would publish, written without looking at the converter. Each
converter below turns `hans` into Traditional; printed per converter: sentences exactly
right, characters wrong (edit distance to the label over the label's length), and the
sentences where a word was swapped for Taiwan vocabulary that the label does not use
(over-conversion: farther from the label than the character conversion s2tw) or left at
s2tw where the label uses Taiwan vocabulary (under-conversion):

- s2t, s2tw: characters only (no vocabulary);
- s2twp: OpenCC's Taiwan phrases over the whole sentence;
- s2twp per word: each jieba word converted on its own (the edition before rules/hant.yaml);
- the edition: digest.convert.TraditionalConverter (rules/hant.yaml, protected names).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAIRS = ROOT / "tests" / "data" / "hant" / "pairs.yaml"


def edits(a: str, b: str) -> int:
    """Levenshtein distance of two strings (characters)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def converters() -> list[tuple[str, Callable[[str], str]]]:
    from digest.build import taxonomy_once
    from digest.convert import TraditionalConverter, protected_names
    from digest.normalize import converter

    tax = taxonomy_once(ROOT / "taxonomy.yaml", (ROOT / "taxonomy.yaml").read_bytes())  # jieba's user words, as a build
    names = protected_names(tax)
    return [(name, converter(name).convert) for name in ("s2t", "s2tw", "s2twp")] + [
        ("s2twp per word", TraditionalConverter(names, guard_senses=False).convert),
        ("the edition", TraditionalConverter(names).convert)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N wrong sentences of the edition")
    ap.add_argument("--pairs", type=Path, default=PAIRS, help=argparse.SUPPRESS)  # another set (tests)
    args = ap.parse_args(argv)
    if not args.pairs.exists():
        print(f"eval_hant: {args.pairs} does not exist; nothing to measure.")
        return 0
    pairs = yaml.safe_load(args.pairs.read_text("utf-8"))
    base = dict(converters())["s2tw"]
    print(f"{len(pairs)} labelled sentence pairs ({args.pairs})")
    cats = sorted({str(p.get("cat", "")) for p in pairs} - {""})
    print(f"{'converter':16} {'exact':>11} {'chars wrong':>12} {'over':>5} {'under':>6}"
          + "".join(f" {c + ' wrong':>12}" for c in cats))
    wrong_of_edition: list[tuple[str, str, str]] = []
    for name, convert in converters():
        exact = chars = total = over = under = 0
        per_cat: dict[str, list[int]] = {c: [0, 0] for c in cats}
        for p in pairs:
            got, want, plain = convert(p["hans"]), p["hant"], base(p["hans"])
            exact += got == want
            chars += edits(got, want)
            total += len(want)
            if p.get("cat") in per_cat:
                per_cat[p["cat"]][0] += edits(got, want)
                per_cat[p["cat"]][1] += len(want)
            over += edits(got, want) > edits(plain, want)  # its vocabulary swaps made it worse
            under += want != plain and got == plain  # the label needs vocabulary; none was swapped
            if name == "the edition" and got != want:
                wrong_of_edition.append((p.get("id", "?"), got, want))
        print(f"{name:16} {exact:>4}/{len(pairs):<4} {100 * exact / len(pairs):5.1f}% "
              f"{100 * chars / max(total, 1):6.2f}% {over:>5} {under:>6}"
              + "".join(f" {100 * e / max(n, 1):11.2f}%" for e, n in per_cat.values()))
    print("exact: sentences identical to the label; chars wrong: edit distance / label length"
          + (f" (also per category: {', '.join(cats)})" if cats else "") + ";")
    print("over: sentences farther from the label than s2tw's (a vocabulary swap made it worse);")
    print("under: sentences whose label differs from s2tw's and the converter gave s2tw's.")
    for pid, got, want in wrong_of_edition[: args.show]:
        print(f"  {pid}: got  {got}\n  {' ' * len(pid)}  want {want}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
