"""Generality of the spam detection: how much spam of a business it has never seen is still cut.

    python bench/cv_spamform.py        (also printed at the end of bench/cv_spamstats.py)

Leave-one-round-out on the SEEN tune rounds (p, r, t4… not listed in
tests/data/clean/unseen_rounds.txt), with the held-out round's BUSINESS taken away:
- every lexicon term (strong, weak, alone, brand_suffix, offer_only) that occurs in the
  held-out round's spam is dropped, even when other rounds' spam uses it too: the round's
  trade words are unknown;
- every family pattern (rules/spam.yaml `patterns`) that matches the held-out round's spam is
  dropped, except the form patterns (FORM_PATTERNS: a contact offered to the reader);
- the ad-form lists (rules/spam.yaml `form`) lose the words found in the held-out round's spam
  and in no other round's (as the lexicon does in bench/cv_spamstats.py): a form word counts
  only when more than one round's ads use it;
- the spam statistics are trained without the round (tools/train_spamstats.py, leave_out).
What is left to catch the round's ads is their form: contact handles, anchors (handles, money
offers, numbered sites), calls, promises, the business-card line, spaced chunks, the statistics'
view of the words other rounds' ads use.

Scored per round on its `⟦spam|…⟧` splices (a splice is caught when fewer than 4 of its letters
are left) and on its `[spam]` noise lines (a line is caught when the spans cover at least
rules/spam.yaml `paragraph_share` of its letters: the cleaner then drops it as a whole), with the
article letters cut in the spliced paragraphs and in all article paragraphs (false cuts).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "data" / "clean"))

from cv_spamstats import LEFT_MIN, _covered, _letters  # noqa: E402  (cv_spamstats imports this module lazily)
from make_inputs import unseen_rounds  # noqa: E402
from train_spamstats import CLEAN, NOISE_LINE, ROUNDS, parse_source, train, training_sets  # noqa: E402

from digest.rules import spam_rules  # noqa: E402
from digest.spam import spam_spans  # noqa: E402
from digest.spamstats import stats_spans  # noqa: E402
from digest.text import merge_spans  # noqa: E402

BLIND_KEYS = ("strong", "weak", "alone", "brand_suffix", "offer_only")
FORM_PATTERNS = frozenset({"contact-bait"})  # patterns of an ad's form, not of one business
_T2S = opencc.OpenCC("t2s")
# held-out prefixes (rounds m, q, h*) are never read; t-rounds are taken while seen
_T_PREFIX = re.compile(r"^(t\d+)_")


def _tune(path: Path) -> bool:
    """The source's `@split` is tune (a round made held out keeps its t<N>_ name: heldout9)."""
    with path.open(encoding="utf-8") as f:
        return next((ln.split()[1] for ln in f if ln.startswith("@split")), None) == "tune"


def seen_rounds() -> dict[str, dict]:
    """Per seen tune round with sources: splices, spam lines, spam examples, article paragraphs."""
    unseen = unseen_rounds()
    prefixes = {k: v for k, v in ROUNDS.items() if k != "m"}
    for path in sorted((CLEAN / "src").glob("t*_*.src")):
        m = _T_PREFIX.match(path.name)
        if m and m.group(1) not in unseen and m.group(1) not in prefixes:
            prefixes[m.group(1)] = (m.group(1) + "_",)
    out: dict[str, dict] = {}
    for name, pre in prefixes.items():
        if name in unseen:
            continue
        files = [p for p in sorted({p for x in pre for p in (CLEAN / "src").glob(f"{x}*.src")}) if _tune(p)]
        if not files:
            continue
        data: dict = {"spam": [], "paragraphs": [], "spliced": [], "lines": []}
        for path in files:
            parsed = parse_source(path)
            for k in ("spam", "paragraphs", "spliced"):
                data[k].extend(parsed[k])
            for line in path.read_text("utf-8").splitlines():
                mm = NOISE_LINE.match(line)
                if mm and mm.group(1) == "spam" and mm.group(2).strip():
                    data["lines"].append(mm.group(2))
        data["spam"] = [_T2S.convert(s) for s in data["spam"]]
        data["paragraphs"] = [_T2S.convert(s) for s in data["paragraphs"]]
        data["lines"] = [_T2S.convert(s) for s in data["lines"]]
        data["spliced"] = [(_T2S.convert(t), sp) if len(_T2S.convert(t)) == len(t) else (t, sp) for t, sp in data["spliced"]]
        out[name] = data
    return out


def blind_rules(rounds: dict[str, dict], leave_out: str, folder: Path):
    """rules/spam.yaml without the held-out round's business (see the module's doc)."""
    data = yaml.safe_load((ROOT / "rules" / "spam.yaml").read_text("utf-8"))
    held = [s.lower() for s in rounds[leave_out]["spam"]]
    held_text = "\n".join(held)
    other = "\n".join(s for r, d in rounds.items() if r != leave_out for s in d["spam"]).lower()
    dropped = 0
    for k in BLIND_KEYS:
        terms = data.get(k)
        if isinstance(terms, list):
            keep = [t for t in terms if str(t).lower() not in held_text]
            dropped += len(terms) - len(keep)
            data[k] = keep
    pats = []
    for item in data.get("patterns") or []:
        rx = re.compile(item["re"], re.IGNORECASE)
        if item["id"] in FORM_PATTERNS or not any(rx.search(s) for s in held):
            pats.append(item)
        else:
            dropped += 1
    data["patterns"] = pats
    form = data.get("form") or {}
    for k, v in list(form.items()):
        if isinstance(v, list) and all(isinstance(t, str) for t in v):
            keep = [t for t in v if not (t.lower() in held_text and t.lower() not in other)]
            dropped += len(v) - len(keep)
            form[k] = keep
    (folder / "spam.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return spam_rules(folder), dropped


def score(data: dict, finder, share: float) -> dict:
    r = {"splices": 0, "caught": 0, "spam": 0, "spam_cut": 0, "cut": 0, "lines": 0, "lines_caught": 0, "false": 0}
    for text, splices in data["spliced"]:
        cov = _covered(len(text), finder(text))
        inside = _covered(len(text), splices)
        for a, b in splices:
            left = sum(1 for k in range(a, b) if text[k].isalnum() and not cov[k])
            r["splices"] += 1
            r["caught"] += left < LEFT_MIN
            r["spam"] += _letters(text[a:b])
            r["spam_cut"] += _letters(text[a:b]) - left
        r["cut"] += sum(1 for k, c in enumerate(text) if c.isalnum() and cov[k] and not inside[k])
    for line in data["lines"]:
        n = _letters(line)
        if not n:
            continue
        cov = _covered(len(line), finder(line))
        got = sum(1 for k, c in enumerate(line) if c.isalnum() and cov[k])
        r["lines"] += 1
        r["lines_caught"] += got >= share * n
    for p in data["paragraphs"]:
        r["false"] += sum(_letters(p[a:b]) for a, b in finder(p))
    return r


def generality(rounds: dict[str, dict] | None = None, out=print) -> dict:
    """Print the business-blind leave-one-round-out table; return the totals."""
    rounds = rounds or seen_rounds()
    share = spam_rules().paragraph_share
    rows = []
    for name in rounds:
        table = train(*training_sets(rounds, leave_out=name))
        with tempfile.TemporaryDirectory() as tmp:
            rules, dropped = blind_rules(rounds, name, Path(tmp))

        def lex(t: str, rules=rules) -> list[tuple[int, int]]:
            return spam_spans(t, rules)

        def both(t: str, rules=rules, table=table) -> list[tuple[int, int]]:
            return merge_spans(spam_spans(t, rules) + stats_spans(t, table))

        rows.append((name, dropped, score(rounds[name], lex, share), score(rounds[name], both, share)))
    out("generality: leave-one-round-out, the held-out round's business words and family patterns removed "
        "(bench/cv_spamform.py)")
    out(f"{'round':<5} {'drop':>4} | {'splices':>7} {'rules':>5} {'+stats':>6} | {'lines':>5} {'rules':>5} {'+stats':>6} | "
        f"{'spamL':>6} {'cutL':>5} | {'artcut':>6} {'false':>5}")
    keys = ("splices", "caught", "spam", "spam_cut", "cut", "lines", "lines_caught", "false")
    tot_a = dict.fromkeys(keys, 0)
    tot_b = dict.fromkeys(keys, 0)
    for name, dropped, a, b in rows:
        for k in keys:
            tot_a[k] += a[k]
            tot_b[k] += b[k]
        out(f"{name:<5} {dropped:>4} | {a['splices']:>7} {a['caught']:>5} {b['caught']:>6} | {a['lines']:>5} "
            f"{a['lines_caught']:>5} {b['lines_caught']:>6} | {b['spam']:>6} {b['spam_cut']:>5} | {b['cut']:>6} {b['false']:>5}")
    a, b = tot_a, tot_b
    out(f"{'all':<5} {'':>4} | {a['splices']:>7} {a['caught']:>5} {b['caught']:>6} | {a['lines']:>5} "
        f"{a['lines_caught']:>5} {b['lines_caught']:>6} | {b['spam']:>6} {b['spam_cut']:>5} | {b['cut']:>6} {b['false']:>5}")
    caught = b["caught"] + b["lines_caught"]
    total = b["splices"] + b["lines"]
    out("caught = splices with < 4 letters left / spam lines covered >= paragraph_share; rules = lexicon and forms, "
        "+stats = with the statistics; spamL/cutL = splice letters / cut (with stats); artcut = article letters cut "
        "in spliced paragraphs; false = letters cut in clean article paragraphs")
    out(f"GENERALITY (rules+stats, business-blind): {caught}/{total} ads caught = {caught / max(total, 1):.1%} "
        f"(splices {b['caught']}/{b['splices']}, lines {b['lines_caught']}/{b['lines']}); "
        f"rules alone {a['caught'] + a['lines_caught']}/{total}; article letters cut {b['cut'] + b['false']}")
    return {"rules": a, "stats": b, "caught": caught, "total": total}


def main() -> int:
    generality()
    return 0


if __name__ == "__main__":
    sys.exit(main())
