"""Measure the time parser and the timeline stage (issue 7).

Prints: expression accuracy (exact iso + precision) on the tune and heldout parts of
tests/data/time_expressions.yaml, false dates on the negatives, event date-F1 on
three seeds (tests/data/timeline_gold.yaml) and extraction speed in chars/s.

    python bench/eval_time.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from the repo root
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from digest.model import Article, Event, Section  # noqa: E402
from digest.timeline import extract_events, merge_events  # noqa: E402
from digest.timeparse import TimeExpr, find_times, parse_ref  # noqa: E402

EXPRESSIONS = ROOT / "tests" / "data" / "time_expressions.yaml"
TIMELINE_GOLD = ROOT / "tests" / "data" / "timeline_gold.yaml"
SEEDS = ROOT / "content" / "seeds"
SPEED_CHARS = 5_000_000


# ------------------------------------------------------------- expressions


def load_expressions(path: Path = EXPRESSIONS) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _ref(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_ref(str(value))


def judge(item: dict[str, Any], found: list[TimeExpr]) -> tuple[bool, bool]:
    """(correct, false_date) for one labelled item.  A 'none' item or an item with
    iso null is correct when nothing dated overlaps its expression."""
    lo = item["text"].index(item["expr"])
    hi = lo + len(item["expr"])
    overlapping = [e for e in found if e.start < hi and lo < e.end]
    dated = [e for e in overlapping if e.iso is not None]
    if item.get("none") or item.get("iso") is None:
        return not dated, bool(dated) and bool(item.get("none"))
    for e in dated:
        if e.iso == item["iso"] and e.precision == item["precision"] and (
            "end_iso" not in item or e.end_iso == item["end_iso"]
        ):
            return True, False
    return False, False


def expression_scores(items: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"errors": []}
    for split in ("tune", "heldout"):
        part = [i for i in items if i["split"] == split]
        ok = 0
        for item in part:
            found = find_times(item["text"], _ref(item["ref"]))
            correct, _ = judge(item, found)
            ok += correct
            if not correct:
                out["errors"].append((item["id"], split, item["expr"], item.get("iso"),
                                      item.get("precision"),
                                      [(e.text, e.iso, e.precision, e.end_iso) for e in found]))
        out[split] = {"n": len(part), "correct": ok, "accuracy": ok / len(part) if part else 0.0}
    negatives = [i for i in items if i.get("none")]
    out["negatives"] = len(negatives)
    out["false_dates"] = sum(
        judge(i, find_times(i["text"], _ref(i["ref"])))[1] for i in negatives
    )
    return out


# ------------------------------------------------------------------ events


def _fallback_article(path: Path, lines: list[int] | None, drop: list[int],
                      date: str | None) -> Article:
    """A plain Article: the chosen lines, one paragraph per non-empty line, in the
    canonical Simplified script, one section."""
    raw = path.read_text(encoding="utf-8", errors="replace").splitlines()
    lo, hi = (lines or [1, len(raw)])
    paras = [raw[i - 1].strip() for i in range(lo, hi + 1)
             if i not in set(drop) and raw[i - 1].strip()]
    try:
        import opencc
        conv = opencc.OpenCC("t2s")
        paras = [conv.convert(p) for p in paras]
    except ImportError:
        pass
    section = Section(heading="", anchor="s1", paragraphs=paras, topics=["all"])
    return Article(slug=path.stem, title=path.stem, sources=[str(path)], sections=[section],
                   date=date, date_precision="day" if date else None)


def load_seed_article(path: str | Path, lines: list[int] | None = None,
                      drop: list[int] | None = None, date: str | None = None) -> Article:
    """The seed as an Article: through digest.pipeline when it exists (the real
    cleaning and sections), else a simple paragraph split of the given lines."""
    path = Path(path)
    try:
        from digest import pipeline  # type: ignore[attr-defined]
    except ImportError:
        pipeline = None
    if pipeline is not None and lines is None:
        for name in ("load_article", "article_from_path", "build_article"):
            fn = getattr(pipeline, name, None)
            if callable(fn):
                try:
                    art = fn(path)
                except Exception:  # an unfinished pipeline must not break the benchmark
                    break
                if isinstance(art, Article):
                    return art
    return _fallback_article(path, lines, drop or [], date)


def _matches(ev: Event, gold: dict[str, Any]) -> bool:
    return (ev.iso == str(gold["iso"]) and ev.precision == gold["precision"]
            and all(w in ev.text for w in gold.get("words", [])))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def event_scores(gold_path: Path = TIMELINE_GOLD) -> dict[str, Any]:
    """Date-F1 (the timeline-summarisation anchor: the set of dates on the
    predicted timeline against the gold set) and event-F1 (date and words)."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for seed in gold["seeds"]:
        art = load_seed_article(ROOT / seed["path"], seed.get("lines"), seed.get("drop"),
                                seed.get("date"))
        events = merge_events(extract_events(art))
        pred_dates = {(e.iso, e.precision) for e in events}
        gold_dates = {(str(g["iso"]), g["precision"]) for g in seed["events"]}
        tp = len(pred_dates & gold_dates)
        p = tp / len(pred_dates) if pred_dates else 0.0
        r = tp / len(gold_dates) if gold_dates else 0.0
        unmatched = list(seed["events"])
        etp = 0
        for ev in events:
            hit = next((g for g in unmatched if _matches(ev, g)), None)
            if hit is not None:
                unmatched.remove(hit)
                etp += 1
        ep = etp / len(events) if events else 0.0
        er = etp / len(seed["events"]) if seed["events"] else 0.0
        out[seed["name"]] = {
            "date_p": p, "date_r": r, "date_f1": _f1(p, r),
            "event_p": ep, "event_r": er, "event_f1": _f1(ep, er),
            "n_pred": len(events), "n_gold": len(seed["events"]),
            "missed": [(g["iso"], g["words"]) for g in unmatched],
            "events": [(e.iso, e.precision, e.forecast, e.text[:40]) for e in events],
        }
    names = list(out)
    out["macro_date_f1"] = sum(out[n]["date_f1"] for n in names) / len(names)
    out["macro_event_f1"] = sum(out[n]["event_f1"] for n in names) / len(names)
    return out


# ------------------------------------------------------------------- speed


def speed(target_chars: int = SPEED_CHARS) -> dict[str, float]:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(SEEDS.glob("*.txt")))
    corpus = text * (target_chars // len(text) + 1)
    ref = dt.date(2024, 7, 25)
    find_times("预热 2024年3月", ref)  # compile patterns and load rules outside the clock
    t0 = time.perf_counter()
    n = len(find_times(corpus, ref))
    seconds = time.perf_counter() - t0
    # the whole stage: sentences, filters and Event objects, one paragraph per line
    paras = [p for p in corpus.splitlines() if p.strip()]
    art = Article(slug="bench", title="bench", sources=[], date="2024-07-25",
                  sections=[Section(heading="", anchor=f"s{i}", paragraphs=paras[i:i + 50])
                            for i in range(0, len(paras), 50)])
    t0 = time.perf_counter()
    n_events = len(extract_events(art))
    stage_seconds = time.perf_counter() - t0
    return {"chars": len(corpus), "seconds": seconds, "chars_per_s": len(corpus) / seconds,
            "expressions": n, "events": n_events, "stage_chars_per_s": len(corpus) / stage_seconds}


def corpus_speed(n: int = 10_000) -> dict[str, float]:
    """find_times over the synthetic benchmark corpus (bench/gen_corpus.py, issue 9)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_corpus import generate

    from digest.ingest import decode

    texts = [t for t in (decode(data)[0] for _, data, _ in generate(n, seed=1)) if t]
    chars = sum(len(t) for t in texts)
    ref = dt.date(2025, 1, 1)
    t0 = time.perf_counter()
    found = sum(len(find_times(t, ref)) for t in texts)
    seconds = time.perf_counter() - t0
    return {"docs": len(texts), "chars": chars, "seconds": seconds, "chars_per_s": chars / seconds, "expressions": found}


def main() -> dict[str, Any]:
    expr = expression_scores(load_expressions())
    events = event_scores()
    spd = speed()
    print(f"expressions tune:    {expr['tune']['correct']}/{expr['tune']['n']} "
          f"= {expr['tune']['accuracy']:.1%} exact (iso + precision)")
    print(f"expressions heldout: {expr['heldout']['correct']}/{expr['heldout']['n']} "
          f"= {expr['heldout']['accuracy']:.1%} exact (iso + precision)")
    print(f"false dates on negatives: {expr['false_dates']} of {expr['negatives']}")
    for item in expr["errors"]:
        print("  miss:", item)
    for name, s in events.items():
        if isinstance(s, dict):
            print(f"events {name}: date-F1 {s['date_f1']:.3f} (P {s['date_p']:.2f} R {s['date_r']:.2f}), "
                  f"event-F1 {s['event_f1']:.3f} ({s['n_pred']} predicted, {s['n_gold']} gold)")
            for miss in s["missed"]:
                print("  missed:", miss)
    print(f"event date-F1 (macro over 3 seeds): {events['macro_date_f1']:.3f}; "
          f"event-F1: {events['macro_event_f1']:.3f}")
    print(f"speed: {spd['chars_per_s'] / 1e6:.2f} M chars/s "
          f"({spd['chars']:,} chars, {spd['expressions']:,} expressions, {spd['seconds']:.2f} s); "
          f"extract_events: {spd['stage_chars_per_s'] / 1e6:.2f} M chars/s ({spd['events']:,} events)")
    big = corpus_speed()
    print(f"speed on the 10k synthetic corpus: {big['chars_per_s'] / 1e6:.2f} M chars/s "
          f"({big['docs']:,} documents, {big['chars']:,} chars, {big['expressions']:,} expressions, {big['seconds']:.1f} s)")
    return {"expressions": expr, "events": events, "speed": spd, "corpus_speed": big}


if __name__ == "__main__":
    main()
