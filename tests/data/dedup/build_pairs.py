"""Build the labelled dedup pair set from the seeds and the hand-written texts in src/.

Run from the repo root: python tests/data/dedup/build_pairs.py
Writes tests/data/dedup/docs/*.txt (first line title, then one paragraph per line)
and tests/data/dedup/pairs.yaml. Deterministic (fixed RNG seeds).

The `tune` split was built first and used to set the thresholds; the `heldout` split
(other base articles, other spam phrases, other transform parameters) was added
afterwards and is only measured, never tuned on.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
SEEDS = ROOT / "content" / "seeds"
SRC = HERE / "src"
DOCS = HERE / "docs"

Article = tuple[str, list[str]]  # (title, paragraphs)


def _lines(name_prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def _body(lines: list[str]) -> list[str]:
    # seed bodies: long lines only, which drops chrome, bylines and menus
    return [ln.strip() for ln in lines if len(ln.strip()) >= 25]


def seed_articles() -> dict[str, Article]:
    arts: dict[str, Article] = {}
    s000 = _lines("000")
    arts["s000"] = (s000[0].strip(), _body(s000[6:])[:-2])
    s001 = _lines("001")
    start = next(i for i, ln in enumerate(s001) if ln.startswith("为什么中国没有出现"))
    end = next(i for i, ln in enumerate(s001) if ln.startswith("本文来源"))
    arts["s001"] = ("谁在中国“围猎”AIGC?", _body(s001[start:end]))
    s003 = _lines("003")
    start = next(i for i, ln in enumerate(s003) if ln.startswith("出品"))
    end = next(i for i, ln in enumerate(s003) if ln.startswith("標題:"))
    arts["s003"] = (s003[0].strip(), _body(s003[start + 1 : end]))
    s004 = _lines("004")
    arts["s004"] = ("", _body(s004)[:-1])
    # 002 is a blog dump: a title line is followed (after a blank) by "aigc阅读(N)"
    s002 = _lines("002")
    marks = [i for i, ln in enumerate(s002) if re.fullmatch(r"aigc阅读\(\d+\)", ln.strip())]
    title_rows = [max(j for j in range(m) if s002[j].strip()) for m in marks]
    for n, (t, m) in enumerate(zip(title_rows, marks, strict=True)):
        stop = title_rows[n + 1] if n + 1 < len(title_rows) else len(s002)
        arts[f"b{n}"] = (s002[t].strip(), _body(s002[m + 1 : stop]))
    return arts


def own_articles() -> dict[str, Article]:
    out = {}
    for path in sorted(SRC.glob("own_*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        out[path.stem] = (lines[0], lines[1:])
    return out


def _phrases(name: str) -> list[str]:
    return [ln.strip() for ln in (SRC / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


# --------------------------------------------------------------------------- transforms


def splice_spam(paras: list[str], spam: list[str], rng: random.Random, every: int = 180) -> list[str]:
    out = []
    for p in paras:
        chars = list(p)
        for pos in sorted(rng.sample(range(1, len(chars)), k=min(len(chars) - 1, len(chars) // every)), reverse=True):
            chars.insert(pos, rng.choice(spam))
        out.append("".join(chars))
    header = [f"{rng.choice(spam)} 欢迎访问", rng.choice(spam)]
    return header + out + [rng.choice(spam)]


def to_traditional(paras: list[str]) -> list[str]:
    conv = opencc.OpenCC("s2twp")
    return [conv.convert(p) for p in paras]


def truncate(paras: list[str], frac: float) -> list[str]:
    budget = int(sum(len(p) for p in paras) * frac)
    out = []
    for p in paras:
        if budget <= 0:
            break
        out.append(p[:budget])
        budget -= len(p)
    return out


def repeat_lead(paras: list[str], times: int) -> list[str]:
    return [paras[0]] * times + paras[1:]


def space_out(paras: list[str]) -> list[str]:
    return [" ".join(p) for p in paras]


def reorder(paras: list[str], rng: random.Random, swaps: int = 3) -> list[str]:
    out = list(paras)
    for _ in range(swaps):
        i = rng.randrange(0, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def stuff_title(title: str, words: list[str]) -> str:
    return f"{title} | " + " ".join(words + words[:2])


def embed(paras: list[str], chrome: list[str], others: list[Article]) -> list[str]:
    related = [t for t, _ in others]
    extra = [p for _, ps in others for p in ps[:1]]
    return chrome[:3] + paras + ["相关阅读"] + related + extra + chrome[3:]


def wrap(paras: list[str], chrome: list[str]) -> list[str]:
    return chrome[:3] + paras + chrome[3:]


# --------------------------------------------------------------------------- building


class PairSet:
    def __init__(self) -> None:
        self.docs: dict[str, Article] = {}
        self.pairs: list[dict] = []

    def doc(self, name: str, art: Article) -> str:
        self.docs[name] = art
        return f"{name}.txt"

    def pair(self, a: str, b: str, same: bool, kind: str, split: str) -> None:
        self.pairs.append({"a": a, "b": b, "same": same, "kind": kind, "split": split})


def build_tune(ps: PairSet, arts: dict[str, Article], own: dict[str, Article]) -> None:
    rng = random.Random(11)
    spam = _phrases("spam_tune.txt")
    chrome = _phrases("chrome.txt")
    base = {k: ps.doc(k, arts[k]) for k in ["s000", "s001", "s004", "b0", "b1", "b2", "b3", "b4", "b5"]}
    sp = "tune"

    def pos(name: str, src: str, art: Article, kind: str) -> None:
        ps.pair(base[src], ps.doc(name, art), True, kind, sp)

    for k in ["s000", "s001", "b0", "b3"]:
        t, p = arts[k]
        pos(f"{k}_spam", k, (t, splice_spam(p, spam, rng)), "spam_mirror")
    for k in ["s000", "b1", "b4"]:
        t, p = arts[k]
        pos(f"{k}_trad", k, (opencc.OpenCC("s2twp").convert(t), to_traditional(p)), "other_script")
    for k in ["s000", "b2", "b5"]:
        t, p = arts[k]
        pos(f"{k}_half", k, (t, truncate(p, 0.5)), "truncated_half")
    for k in ["s001", "b0", "b3"]:
        t, p = arts[k]
        pos(f"{k}_third", k, (t, truncate(p, 1 / 3)), "truncated_third")
    for k, times in [("s004", 2), ("b1", 3)]:
        t, p = arts[k]
        pos(f"{k}_lead{times}", k, (t, repeat_lead(p, times)), "lead_repeated")
    for k in ["b2", "s004"]:
        t, p = arts[k]
        pos(f"{k}_spaced", k, (t, space_out(p)), "spaced")
    for k in ["b4", "s000"]:
        t, p = arts[k]
        pos(f"{k}_stuffed", k, (stuff_title(t, ["AI", "大模型", "AIGC", "人工智能"]), p), "stuffed_title")
    t, p = arts["b5"]
    pos("b5_retitled", "b5", ("一文读懂:" + t[:8] + "背后的门道", p), "different_title")
    for k in ["b3", "s001"]:
        t, p = arts[k]
        pos(f"{k}_reorder", k, (t, reorder(p, rng)), "reordered")
    for k, others in [("b1", ["b2", "b5"]), ("s004", ["b0"])]:
        t, p = arts[k]
        pos(f"{k}_dump", k, ("", embed(p, chrome, [arts[o] for o in others])), "embedded_in_dump")
    t, p = arts["b2"]
    pos("b2_trad_spam_half", "b2", (t, to_traditional(truncate(splice_spam(p, spam, rng), 0.5))), "combined")
    t, p = arts["s004"]
    pos("s004_spaced_third", "s004", (t, space_out(truncate(p, 1 / 3))), "combined")

    # hard negatives
    def neg(a: str, b: str, kind: str) -> None:
        ps.pair(a, b, False, kind, sp)

    for a, b in [("b0", "b1"), ("b2", "b3"), ("b4", "b5"), ("b1", "b3"), ("b0", "b5")]:
        neg(base[a], base[b], "blog_dump_siblings")
    for a, b in [("s000", "s004"), ("s001", "b5"), ("s000", "b4")]:
        neg(base[a], base[b], "same_topic")
    q0 = arts["s000"][1][1]
    t, p = own["own_quote_000"]
    quote0 = ps.doc("own_quote_000", (t, [q0 if x == "{QUOTE}" else x for x in p]))
    neg(base["s000"], quote0, "quoted_paragraph")
    q2 = "\n".join(arts["b0"][1][0:2])  # two whole paragraphs
    t, p = own["own_quote_002"]
    quote2 = ps.doc("own_quote_002", (t, [q2 if x == "{QUOTE}" else x for x in p]))
    neg(base["b0"], quote2, "quoted_paragraph")
    neg(ps.doc("own_quote_002_spam", (t, splice_spam(ps.docs["own_quote_002"][1], spam, rng))), base["b0"],
        "quoted_paragraph")
    ev_a = ps.doc("own_event_a", own["own_event_a"])
    ev_b = ps.doc("own_event_b", own["own_event_b"])
    neg(ev_a, ev_b, "same_event")
    neg(ps.doc("own_event_a_trad", (own["own_event_a"][0], to_traditional(own["own_event_a"][1]))), ev_b, "same_event")
    w1 = ps.doc("own_short_1_chrome", (own["own_short_1"][0], wrap(own["own_short_1"][1], chrome)))
    w2 = ps.doc("own_short_2_chrome", (own["own_short_2"][0], wrap(own["own_short_2"][1], chrome)))
    neg(w1, w2, "same_template")
    w3 = ps.doc("b5_chrome", (arts["b5"][0], wrap(arts["b5"][1], chrome)))
    neg(w1, w3, "same_template")
    neg(w3, base["b4"], "same_template")
    # the dump copy of b1 also holds b2's and b5's lead: it must not join them
    neg("b1_dump.txt", base["b2"], "dump_vs_other_article")
    neg("s000_spam.txt", "s001_spam.txt", "spam_mirrors_of_different_articles")
    neg("b0_third.txt", "b1_lead3.txt", "truncated_vs_other_article")
    # within-cluster pairs between two copies (not the original) are positives too
    ps.pair("s000_spam.txt", "s000_half.txt", True, "mirror_vs_mirror", sp)
    ps.pair("b2_spaced.txt", "b2_half.txt", True, "mirror_vs_mirror", sp)


def build_heldout(ps: PairSet, arts: dict[str, Article], own: dict[str, Article]) -> None:
    """Built after the thresholds were fixed: other articles, spam, rates and cuts."""
    rng = random.Random(29)
    spam = _phrases("spam_heldout.txt")
    chrome = _phrases("chrome.txt")
    sp = "heldout"
    base = {k: ps.doc(k, arts[k]) for k in ["s003", "b6", "b7", "b9"]}

    def pos(name: str, src: str, art: Article, kind: str) -> None:
        ps.pair(base[src], ps.doc(name, art), True, kind, sp)

    t, p = arts["b6"]
    pos("h_b6_spam", "b6", (t, splice_spam(p, spam, rng, every=120)), "spam_mirror")
    t, p = arts["b7"]
    pos("h_b7_trad", "b7", (t, to_traditional(p)), "other_script")
    t, p = arts["s003"]
    t2s = opencc.OpenCC("t2s")
    pos("h_s003_simp", "s003", (t2s.convert(t), [t2s.convert(x) for x in p]), "other_script")
    pos("h_s003_60", "s003", (t, truncate(p, 0.6)), "truncated_half")
    t, p = arts["b9"]
    pos("h_b9_40", "b9", (t, truncate(p, 0.4)), "truncated_third")
    t, p = arts["b7"]
    pos("h_b7_lead3", "b7", (t, repeat_lead(p, 3)), "lead_repeated")
    t, p = arts["b9"]
    pos("h_b9_spaced", "b9", (t, space_out(p[: len(p) // 2]) + p[len(p) // 2 :]), "spaced")
    t, p = arts["b6"]
    pos("h_b6_stuffed", "b6", (stuff_title(t, ["ChatGPT", "智能体", "AI Agent"]), reorder(p, rng, 2)), "stuffed_title")
    t, p = arts["s003"]
    pos("h_s003_dump", "s003", ("", embed(p, chrome, [arts["b7"], arts["b9"]])), "embedded_in_dump")
    t, p = arts["b9"]
    pos("h_b9_spam_trad_third", "b9", (t, to_traditional(truncate(splice_spam(p, spam, rng), 0.35))), "combined")

    def neg(a: str, b: str, kind: str) -> None:
        ps.pair(a, b, False, kind, sp)

    for a, b in [("b6", "b7"), ("b7", "b9"), ("b6", "b9")]:
        neg(base[a], base[b], "blog_dump_siblings")
    neg(base["s003"], "s000.txt", "same_topic")
    neg(base["s003"], "b2.txt", "same_topic")
    q = arts["b7"][1][3]
    t, p = own["own_event_b"]
    neg(base["b7"], ps.doc("h_event_b_quote", (t, [*p[:2], q, *p[2:]])), "quoted_paragraph")
    neg("h_s003_dump.txt", base["b7"], "dump_vs_other_article")
    neg("h_b6_spam.txt", "b3_spam.txt", "spam_mirrors_of_different_articles")
    neg(ps.doc("h_b7_chrome", (arts["b7"][0], wrap(arts["b7"][1], chrome))), "b5_chrome.txt", "same_template")


def write(ps: PairSet) -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.glob("*.txt"):
        old.unlink()
    for name, (title, paras) in sorted(ps.docs.items()):
        text = "\n".join([title, *[p for p in paras if p.strip()]]) + "\n"
        (DOCS / f"{name}.txt").write_text(text, encoding="utf-8")
    names = {f"{n}.txt" for n in ps.docs}
    for p in ps.pairs:
        assert p["a"] in names and p["b"] in names, p
    (HERE / "pairs.yaml").write_text(
        yaml.safe_dump({"pairs": ps.pairs}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def main() -> None:
    arts = seed_articles()
    own = own_articles()
    ps = PairSet()
    build_tune(ps, arts, own)
    build_heldout(ps, arts, own)
    write(ps)
    kinds: dict[str, int] = {}
    for p in ps.pairs:
        kinds[p["split"]] = kinds.get(p["split"], 0) + 1
    print(f"{len(ps.docs)} documents, {len(ps.pairs)} pairs {kinds}")


if __name__ == "__main__":
    main()
