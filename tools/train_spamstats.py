"""Regenerate rules/spam_stats.tsv: character and bigram log-odds of spliced spam against news prose.

    python tools/train_spamstats.py            # write rules/spam_stats.tsv
    python tools/train_spamstats.py --check    # exit 1 when the committed table is stale

Positives: the terms of rules/spam.yaml (strong, alone, brand_suffix; not weak) and the spam
examples of the `tune` sources of the cleaning set (`@probe` lines, `[spam]` lines and
`⟦spam|…⟧` splices of tests/data/clean/src/{p,r,t4..t17}*.src) plus the spam noise examples
of the tune gold files m01, m03, m06, m07, n03. Negatives: the article paragraphs of the
same tune inputs and of the five seeds, and ordinary Chinese (the words of jieba's
dictionary by frequency, as much of it as of news text). Nothing of a held-out set is read
(files are found by explicit tune prefixes, never by a listing of the whole folder).

The table is read by digest/spamstats.py; the build never trains. Each row is a character
or bigram of the detector's key form (lower case, every digit 0, every ASCII letter a)
holding a CJK character, and its weight log((f_spam·M + α) / (f_news·M + α)), f its
relative frequency in each class and M the size of the smaller class: a gram seen in
neither class weighs 0. A bigram whose weight is within PRUNE of what the detector's
backoff gives it from its two characters is left out. Measure a change with
`python bench/cv_spamstats.py` (leave-one-round-out on tune) before committing a new table.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tablefile  # noqa: E402

from digest.spamstats import BACKOFF, TABLE, key_form  # noqa: E402

CLEAN = ROOT / "tests" / "data" / "clean"
# The tune rounds of the cleaning set, by explicit file-name prefix; "m" is the first round
# (the seed mirrors that are tune). Held-out prefixes (q, h3..h6, m02, m04, m05, m08, m09,
# n01, n02) are never listed here.
ROUNDS: dict[str, tuple[str, ...]] = {
    "m": ("m01_", "m03_", "m06_", "m07_", "n03_"),
    "p": ("p0",),
    "r": ("r0",),
    "t4": ("t4_",),
    "t5": ("t5_",),
    "t6": ("t6_",),
    "t7": ("t7_",),
    "t8": ("t8_",),
    "t9": ("t9_",),
    "t10": ("t10_",),
    "t11": ("t11_",),
    "t12": ("t12_",),
    "t13": ("t13_",),
    "t14": ("t14_",),
    "t15": ("t15_",),
    "t16": ("t16_",),
    "t17": ("t17_",),
    "t18": ("t18_",),
}
SEEDS = ("000_", "001_", "002_", "003_", "004_")
LEXICON_KEYS = ("strong", "weak", "alone", "brand_suffix")
# The lexicon terms the statistics learn as spam: not the `weak` ones, words the lexicon itself
# counts as spam only inside a run (免费, 注册, 免费试用, 实时, 今晚): taught as spam examples of
# their own (LEXICON_REPEAT times each) they made a product-trial sentence of news
# (注册后即可免费试用七天) read as spam on its words alone. A weak term's words still weigh what
# the spam lines that use them say.
LEARNT_KEYS = ("strong", "alone", "brand_suffix")
GENERAL = 1.0  # mass of ordinary Chinese (jieba's dictionary) among the negatives, news text = 1
PRUNE = 0.5  # a gram within this of its backoff weight (0 for a character) is not written
ALPHA = 0.5  # pseudo-count of both classes
MIN_COUNT = 2  # a bigram seen fewer times in all the data is not written (it weighs 0)
LEXICON_REPEAT = 3  # a lexicon term counts as this many examples (terms are short)
INLINE = re.compile(r"⟦(\w+)\|(.*?)⟧")
NOISE_LINE = re.compile(r"^\[(\w+)\] ?(.*)$")
OPTS = re.compile(r"^\{[^}]*\} ?")
CJK = re.compile(r"[\u3400-\u9fff]")

_T2S = opencc.OpenCC("t2s")


def _listed(folder: Path, prefixes: tuple[str, ...], ext: str) -> list[Path]:
    return sorted({p for prefix in prefixes for p in folder.glob(f"{prefix}*{ext}")})


def parse_source(path: Path) -> dict:
    """Spam examples, article paragraphs and spliced paragraphs of one marked-up source.

    spliced: (raw paragraph, [(start, end) of each spam splice]) in canonical Simplified."""
    spam: list[str] = []
    probes: list[str] = []
    paras: list[str] = []
    spliced: list[tuple[str, list[tuple[int, int]]]] = []
    in_article = False
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("@"):
            key, _, val = line[1:].partition(" ")
            if key == "probe":
                probes.append(val)
            elif key == "article":
                in_article = True
            continue
        m = NOISE_LINE.match(line)
        if m:
            if m.group(1) == "spam":
                spam.append(m.group(2))
            continue
        if not line.strip() or not in_article:
            continue
        cont = line.startswith("+ ")
        line = OPTS.sub("", line[2:] if cont else line)
        raw, spans, pos = [], [], 0
        for mm in INLINE.finditer(line):
            raw.append(line[pos : mm.start()])
            start = sum(map(len, raw))
            raw.append(mm.group(2))
            if mm.group(1) == "spam":
                spam.append(mm.group(2))
                spans.append((start, start + len(mm.group(2))))
            pos = mm.end()
        raw.append(line[pos:])
        text = "".join(raw)
        clean = INLINE.sub("", line)
        if cont and paras:
            paras[-1] += clean
        else:
            paras.append(clean)
        if spans:
            spliced.append((text, spans))
    # a probe names the spam of a noise line for the harness ("[spam] 某某 03-29 11:47 <spam>",
    # "[meta] 标题_<spam>"): it is an example of its own only where no spam example holds it
    # already, or the same phrase would count twice
    spam += [p for p in probes if not any(p in s for s in spam)]
    return {"spam": spam, "paragraphs": paras, "spliced": spliced}


def parse_gold(path: Path) -> dict:
    gold = yaml.safe_load(path.read_text("utf-8"))
    spam = [ex["text"] for ex in gold.get("noise_examples") or [] if ex.get("kind") == "spam"]
    paras = [p for art in gold.get("articles") or [] for p in art.get("paragraphs") or []]
    return {"spam": spam, "paragraphs": paras, "spliced": []}


def load_rounds() -> dict[str, dict]:
    """Per tune round: its spam examples, article paragraphs and spliced paragraphs."""
    out: dict[str, dict] = {}
    for name, prefixes in ROUNDS.items():
        data: dict = {"spam": [], "paragraphs": [], "spliced": [], "inputs": []}
        if name == "m":
            files = [parse_gold(p) for p in _listed(CLEAN / "gold", prefixes, ".yaml")]
            data["inputs"] = [p.stem for p in _listed(CLEAN / "gold", prefixes, ".yaml")]
        else:
            files = [parse_source(p) for p in _listed(CLEAN / "src", prefixes, ".src")]
            data["inputs"] = [p.stem for p in _listed(CLEAN / "src", prefixes, ".src")]
        for f in files:
            for k in ("spam", "paragraphs", "spliced"):
                data[k].extend(f[k])
        data["spam"] = [_T2S.convert(s) for s in data["spam"]]
        data["paragraphs"] = [_T2S.convert(s) for s in data["paragraphs"]]
        out[name] = data
    return out


def seed_paragraphs() -> list[str]:
    return [p for path in _listed(CLEAN / "gold", SEEDS, ".yaml") for p in parse_gold(path)["paragraphs"]]


def lexicon_terms() -> list[str]:
    rules = yaml.safe_load((ROOT / "rules" / "spam.yaml").read_text("utf-8"))
    terms: list[str] = []
    for k in LEARNT_KEYS:
        terms.extend(str(t) for t in rules.get(k) or [])
    return terms


def grams(text: str) -> list[str]:
    """The key-form characters and bigrams of `text`."""
    k = key_form(text)
    return list(k) + [k[i : i + 2] for i in range(len(k) - 1)]


@lru_cache(maxsize=1)
def general_chinese() -> Counter[str]:
    """Character and bigram counts of ordinary Chinese: the words of jieba's dictionary
    (shipped with the package), each counted as often as its frequency says. Common words
    that spam also uses (娱乐, 注册, 澳门, 平台) weigh less than in news text alone."""
    counts: Counter[str] = Counter()
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2 or not CJK.search(parts[0]):
            continue
        freq = int(parts[1])
        for g in grams(parts[0]):
            counts[g] += freq
    return counts


def train(positives: list[str], negatives: list[str], general: float | None = None) -> dict[str, float]:
    """Weights of every character and bigram seen MIN_COUNT times or more."""
    general = GENERAL if general is None else general
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    for t in positives:
        pos.update(grams(t))
    for t in negatives:
        neg.update(grams(t))
    if general:
        # ordinary Chinese joins the negatives with `general` times the news text's mass
        bg = general_chinese()
        for n in (1, 2):
            news = sum(c for g, c in neg.items() if len(g) == n)
            mass = sum(c for g, c in bg.items() if len(g) == n)
            for g, c in bg.items():
                if len(g) == n and c * news * general >= mass:  # a share below one count is dropped
                    neg[g] += round(c * news * general / mass)
    # digits, Latin and punctuation weigh 0: numbers, names and prices are not spam
    table = tablefile.log_odds(pos, neg, MIN_COUNT, ALPHA, keep=lambda g: CJK.search(g) is not None)
    # A bigram whose weight is about what its characters say (the detector's backoff for a
    # bigram not listed) need not be listed: the table stays small, the scores the same.
    return {g: w for g, w in table.items()
            if abs(w - (BACKOFF * (table.get(g[0], 0.0) + table.get(g[-1], 0.0)) / 2 if len(g) == 2 else 0.0)) >= PRUNE}


def training_sets(rounds: dict[str, dict], leave_out: str | None = None) -> tuple[list[str], list[str]]:
    """Positives and negatives without round `leave_out`. A lexicon term found in that
    round's spam and in no other round's is left out too: the lexicon was written on all
    of tune, so keeping it would leak the held-out round's wording into the model."""
    other_spam = "\n".join(s for r, d in rounds.items() if r != leave_out for s in d["spam"])
    held_spam = "\n".join(rounds[leave_out]["spam"]) if leave_out else ""
    terms = [t for t in lexicon_terms() if not (t in held_spam and t not in other_spam)]
    positives = [t for t in terms for _ in range(LEXICON_REPEAT)]
    positives += [s for r, d in rounds.items() if r != leave_out for s in d["spam"]]
    negatives = [p for r, d in rounds.items() if r != leave_out for p in d["paragraphs"]] + seed_paragraphs()
    return positives, negatives


def render(table: dict[str, float]) -> str:
    head = ["# generated by tools/train_spamstats.py: character and bigram log-odds, spliced spam vs news prose",
            "# key form: lower case, digits -> 0, ASCII letters -> a; a character not listed weighs 0,"
            " a bigram not listed what its two characters say (digest/spamstats.py BACKOFF)"]
    return "\n".join(head + [f"{g}\t{w:g}" for g, w in sorted(table.items())]) + "\n"


def main(argv: list[str] | None = None) -> int:
    return tablefile.main(__doc__, TABLE, lambda: render(train(*training_sets(load_rounds()))), 2, argv)


if __name__ == "__main__":
    sys.exit(main())
