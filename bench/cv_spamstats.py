"""Leave-one-round-out cross-validation of the statistical spam detector (digest/spamstats.py)
on the tune rounds of the cleaning set.

    python bench/cv_spamstats.py

For each tune round X, the bigram table is trained without X's spam examples and article
text (tools/train_spamstats.py, `training_sets(leave_out=X)`), then X's paragraphs are cut:
- spliced paragraphs (`⟦spam|…⟧` in the sources): spam letters left and splices left (4 or
  more letters of one splice still there) by the lexicon alone (digest/spam.py), by the
  lexicon plus the statistics, and by the statistics alone; article letters cut by each;
- clean article paragraphs (the gold text): article letters the statistics cut.
Round m has no sources (its inputs predate them): it only counts article letters cut.
Letters are letters and digits, as the harness counts them.
Last, the generality of the detection (bench/cv_spamform.py): the same leave-one-round-out
with the held-out round's business words and family patterns removed, so that only an ad's
form is left to catch it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

from train_spamstats import LEXICON_KEYS, load_rounds, train, training_sets  # noqa: E402

from digest.rules import spam_rules  # noqa: E402
from digest.spam import spam_spans  # noqa: E402
from digest.spamstats import stats_spans  # noqa: E402
from digest.text import merge_spans  # noqa: E402

LEFT_MIN = 4  # letters of a splice left that count as a phrase left


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _covered(n: int, spans: list[tuple[int, int]]) -> list[bool]:
    cov = [False] * n
    for a, b in spans:
        cov[a:b] = [True] * (b - a)
    return cov


def score_spliced(spliced, finder) -> dict:
    spam_total = spam_left = phrases = phrases_left = art_cut = 0
    for text, splices in spliced:
        cov = _covered(len(text), finder(text))
        inside = _covered(len(text), splices)
        for a, b in splices:
            left = sum(1 for k in range(a, b) if text[k].isalnum() and not cov[k])
            spam_total += _letters(text[a:b])
            spam_left += left
            phrases += 1
            phrases_left += left >= LEFT_MIN
        art_cut += sum(1 for k, c in enumerate(text) if c.isalnum() and cov[k] and not inside[k])
    return {"spam": spam_total, "spam_left": spam_left, "phrases": phrases, "left": phrases_left, "cut": art_cut}


def pruned_rules(rounds: dict[str, dict], leave_out: str, folder: Path):
    """The spam rules without the lexicon terms found in round `leave_out`'s spam and in no
    other round's: roughly the lexicon as it would be had that round never been written
    (patterns and anchors are kept as they are)."""
    data = yaml.safe_load((ROOT / "rules" / "spam.yaml").read_text("utf-8"))
    held = "\n".join(rounds[leave_out]["spam"]).lower()
    other = "\n".join(s for r, d in rounds.items() if r != leave_out for s in d["spam"]).lower()
    dropped = 0
    for k in LEXICON_KEYS:
        terms = data.get(k)
        if isinstance(terms, list):
            keep = [t for t in terms if not (str(t).lower() in held and str(t).lower() not in other)]
            dropped += len(terms) - len(keep)
            data[k] = keep
    (folder / "spam.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return spam_rules(folder), dropped


def main() -> int:
    rounds = load_rounds()
    rules = spam_rules()
    rows = []
    for name, data in rounds.items():
        table = train(*training_sets(rounds, leave_out=name))

        def lex(t: str) -> list[tuple[int, int]]:
            return spam_spans(t, rules)

        def both(t: str, table=table) -> list[tuple[int, int]]:
            return merge_spans(spam_spans(t, rules) + stats_spans(t, table))

        def stats(t: str, table=table) -> list[tuple[int, int]]:
            return stats_spans(t, table)

        with tempfile.TemporaryDirectory() as tmp:
            pruned, dropped = pruned_rules(rounds, name, Path(tmp))

        def lex_x(t: str, pruned=pruned) -> list[tuple[int, int]]:
            return spam_spans(t, pruned)

        def both_x(t: str, pruned=pruned, table=table) -> list[tuple[int, int]]:
            return merge_spans(spam_spans(t, pruned) + stats_spans(t, table))

        r_lex, r_both, r_stats = (score_spliced(data["spliced"], f) for f in (lex, both, stats))
        r_lx, r_bx = (score_spliced(data["spliced"], f) for f in (lex_x, both_x))
        art = sum(_letters(p) for p in data["paragraphs"])
        cut_clean = 0
        cut_examples = []
        for p in data["paragraphs"]:
            for a, b in stats_spans(p, table):
                cut_clean += _letters(p[a:b])
                cut_examples.append(p[max(0, a - 6) : a] + "[" + p[a:b] + "]" + p[b : b + 6])
        rows.append((name, r_lex, r_both, r_stats, art, cut_clean, cut_examples, r_lx, r_bx, dropped))
    print(f"{'round':<5} {'splices':>7} {'spamL':>6} | {'lex left':>8} {'lexL':>5} {'cut':>4} | "
          f"{'+stats left':>11} {'L':>5} {'cut':>4} | {'stats-only left':>15} {'L':>5} {'cut':>4} | "
          f"{'art letters':>11} {'cut':>4}")
    tot = [0] * 12
    for name, a, b, s, art, cut, *_ in rows:
        vals = [a["phrases"], a["spam"], a["left"], a["spam_left"], a["cut"], b["left"], b["spam_left"], b["cut"],
                s["left"], s["spam_left"], s["cut"], cut]
        tot = [x + y for x, y in zip(tot, vals, strict=True)]
        print(f"{name:<5} {a['phrases']:>7} {a['spam']:>6} | {a['left']:>8} {a['spam_left']:>5} {a['cut']:>4} | "
              f"{b['left']:>11} {b['spam_left']:>5} {b['cut']:>4} | {s['left']:>15} {s['spam_left']:>5} {s['cut']:>4} | "
              f"{art:>11} {cut:>4}")
    print(f"{'all':<5} {tot[0]:>7} {tot[1]:>6} | {tot[2]:>8} {tot[3]:>5} {tot[4]:>4} | {tot[5]:>11} {tot[6]:>5} "
          f"{tot[7]:>4} | {tot[8]:>15} {tot[9]:>5} {tot[10]:>4} | {'':>11} {tot[11]:>4}")
    print("left = splices with >= 4 letters left; L = spam letters left; cut = article letters cut")
    print()
    print("lexicon without the terms only the held-out round's spam uses (a held-out lexicon):")
    print(f"{'round':<5} {'dropped':>7} | {'lex-X left':>10} {'L':>5} {'cut':>4} | {'+stats left':>11} {'L':>5} {'cut':>4}")
    tot = [0] * 7
    for name, *_, a, b, dropped in rows:
        vals = [dropped, a["left"], a["spam_left"], a["cut"], b["left"], b["spam_left"], b["cut"]]
        tot = [x + y for x, y in zip(tot, vals, strict=True)]
        print(f"{name:<5} {dropped:>7} | {a['left']:>10} {a['spam_left']:>5} {a['cut']:>4} | "
              f"{b['left']:>11} {b['spam_left']:>5} {b['cut']:>4}")
    print(f"{'all':<5} {tot[0]:>7} | {tot[1]:>10} {tot[2]:>5} {tot[3]:>4} | {tot[4]:>11} {tot[5]:>5} {tot[6]:>4}")
    for name, *_, examples, _a, _b, _d in rows:
        for ex in examples:
            print(f"  cut in {name} article text: {ex}")
    print()
    from cv_spamform import generality  # the same detectors with the held-out round's business unknown

    generality()
    return 0


if __name__ == "__main__":
    sys.exit(main())
