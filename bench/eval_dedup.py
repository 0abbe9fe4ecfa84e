"""Pair precision / recall / F1 of digest.dedup on the labelled set in tests/data/dedup.

Run from the repo root: python bench/eval_dedup.py
All documents of the set are clustered in one run (as the build does), and a pair is
predicted "same" when both documents land in one cluster.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from digest.dedup import DEFAULT_SETTINGS, DedupSettings, cluster_drafts  # noqa: E402
from digest.model import Draft  # noqa: E402

DATA = ROOT / "tests" / "data" / "dedup"


def load_pairs(data: Path = DATA) -> list[dict]:
    return yaml.safe_load((data / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]


def load_draft(path: Path) -> Draft:
    """Title = first line, paragraphs = the other non-empty lines, canonical t2s."""
    t2s = opencc.OpenCC("t2s")
    lines = path.read_text(encoding="utf-8").splitlines()
    title = t2s.convert(lines[0].strip()) if lines and lines[0].strip() else None
    paras = [t2s.convert(ln.strip()) for ln in lines[1:] if ln.strip()]
    script = "hant" if t2s.convert(" ".join(lines)) != " ".join(lines) else "hans"
    return Draft(
        source=path.name, index=0, title=title, paragraphs=paras, title_derived=title is None, script=script
    )


def prf(rows: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(1 for gold, pred in rows if gold and pred)
    fp = sum(1 for gold, pred in rows if not gold and pred)
    fn = sum(1 for gold, pred in rows if gold and not pred)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"pairs": len(rows), "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def evaluate(settings: DedupSettings = DEFAULT_SETTINGS, data: Path = DATA) -> dict:
    pairs = load_pairs(data)
    names = sorted({p["a"] for p in pairs} | {p["b"] for p in pairs})
    drafts = [load_draft(data / "docs" / n) for n in names]
    start = time.perf_counter()
    clusters = cluster_drafts(drafts, settings)
    seconds = time.perf_counter() - start
    cluster_of = {m.key: i for i, c in enumerate(clusters) for m in c.members}

    by_split: dict[str, list[tuple[bool, bool]]] = {}
    errors = []
    for p in pairs:
        pred = cluster_of[f"{p['a']}#0"] == cluster_of[f"{p['b']}#0"]
        by_split.setdefault(p.get("split", "tune"), []).append((p["same"], pred))
        if pred != p["same"]:
            errors.append(f"{'FN' if p['same'] else 'FP'} {p['kind']}: {p['a']} / {p['b']}")
    result = {split: prf(rows) for split, rows in sorted(by_split.items())}
    result["all"] = prf([r for rows in by_split.values() for r in rows])
    result["errors"] = errors
    result["documents"] = len(drafts)
    result["clusters"] = len(clusters)
    result["seconds"] = round(seconds, 3)
    return result


def main() -> dict:
    result = evaluate()
    print(f"dedup pair set: {result['documents']} documents -> {result['clusters']} clusters "
          f"in {result['seconds']} s")
    for split in [k for k in result if isinstance(result[k], dict)]:
        r = result[split]
        print(f"  {split:8s} pairs={r['pairs']:3d} P={r['precision']:.3f} R={r['recall']:.3f} "
              f"F1={r['f1']:.3f} (tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    for e in result["errors"]:
        print("  " + e)
    return result


if __name__ == "__main__":
    main()
