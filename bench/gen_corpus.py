"""Synthetic corpus of scraped articles with injected mirrors, for dedup and speed benchmarks.

    python bench/gen_corpus.py --n 10000 --out bench/corpus/10k --seed 1

Articles are recombined from the seeds' paragraphs (sentences shuffled and dropped,
numbers and Latin product names substituted, new dates and bylines), so two
generated articles share at most a few paragraphs, like articles quoting each other.
About 10 % of the files are mirrors of another file: spam spliced in, script
swapped, truncated, spaced out, lead repeated, retitled, wrapped in chrome. Page
chrome and spam lines also appear on originals at realistic rates. Most files are
UTF-8; some GB18030, Big5 (Traditional only) and UTF-16.

``generate(n, seed)`` returns ``[(name, bytes, truth)]``; truth holds the encoding,
the script, ``mirror_of`` (the original's name or None) and the transforms applied.
Deterministic for a given (n, seed).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "content" / "seeds"
PHRASES = ROOT / "tests" / "data" / "dedup" / "src"

_SENTENCE = re.compile(r"(?<=[。!?！？;；])")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]{2,}")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Pools:
    paragraphs: tuple[str, ...]
    latin: tuple[str, ...]
    spam: tuple[str, ...]
    chrome: tuple[str, ...]


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2twp")


@lru_cache(maxsize=1)
def load_pools() -> Pools:
    t2s, _ = _converters()
    paragraphs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = t2s.convert(line.strip().replace("\ufffd", ""))
            if len(line) >= 40:  # prose, not menus or bylines
                paragraphs.append(line)
    text = "\n".join(paragraphs)
    latin = sorted({m for m in _LATIN.findall(text) if not m.isdigit()})

    def phrases(name: str) -> list[str]:
        return [ln.strip() for ln in (PHRASES / name).read_text(encoding="utf-8").splitlines() if ln.strip()]

    return Pools(
        tuple(paragraphs),
        tuple(latin),
        tuple(phrases("spam_tune.txt") + phrases("spam_heldout.txt")),
        tuple(phrases("chrome.txt")),
    )


# --------------------------------------------------------------------------- originals


def _vary(paragraph: str, rng: random.Random, pools: Pools) -> str:
    """A new paragraph from an old one: sentences shuffled and dropped, names and numbers new."""
    sentences = [s for s in _SENTENCE.split(paragraph) if s]
    if len(sentences) > 2:
        rng.shuffle(sentences)
        sentences = sentences[: max(2, int(len(sentences) * rng.uniform(0.75, 1.0)))]
    text = "".join(sentences)
    text = _DIGITS.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                   10 ** len(m.group()))), text)
    return _LATIN.sub(lambda m: rng.choice(pools.latin), text)


def make_article(rng: random.Random, pools: Pools) -> tuple[str, list[str]]:
    # 12-26 paragraphs of the seeds (about 110 characters each): about 2,000 characters,
    # shorter than the seed articles themselves (3,000-9,000), so truncated copies stay small
    paras = [_vary(rng.choice(pools.paragraphs), rng, pools) for _ in range(rng.randint(12, 26))]
    head = re.split(r"[,，。:：;；!?！？]", paras[0])[0]
    title = head[: rng.randint(10, 24)] or paras[0][:16]
    date = f"{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    byline = f"{date} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}  作者|{rng.choice(pools.latin)}"
    return title, [byline, *paras]


def _decorate(title: str, lines: list[str], rng: random.Random, pools: Pools) -> tuple[str, list[str]]:
    """Chrome on about a third of pages, a stray spam line on a few."""
    if rng.random() < 0.3:
        lines = list(pools.chrome[:2]) + lines + list(pools.chrome[3:])
    if rng.random() < 0.05:
        lines = [*lines, rng.choice(pools.spam)]
    return title, lines


# --------------------------------------------------------------------------- mirrors


def _splice_spam(lines: list[str], rng: random.Random, pools: Pools) -> list[str]:
    out = []
    for line in lines:
        chars = list(line)
        for _ in range(len(chars) // rng.randint(120, 300)):
            chars.insert(rng.randrange(1, max(2, len(chars))), rng.choice(pools.spam))
        out.append("".join(chars))
    return [rng.choice(pools.spam), *out, rng.choice(pools.spam)]


def _truncate(lines: list[str], frac: float) -> list[str]:
    budget = int(sum(len(x) for x in lines) * frac)
    out = []
    for line in lines:
        if budget <= 0:
            break
        out.append(line[:budget])
        budget -= len(line)
    return out


MIRROR_TRANSFORMS = ("spam", "script", "truncate_half", "truncate_third", "spaces", "lead", "retitle", "chrome")


def make_mirror(
    title: str, lines: list[str], rng: random.Random, pools: Pools
) -> tuple[str, list[str], list[str], str]:
    kinds = rng.sample(MIRROR_TRANSFORMS, k=rng.choice([1, 1, 2]))
    script = "hans"
    for kind in kinds:
        if kind == "spam":
            lines = _splice_spam(lines, rng, pools)
        elif kind == "truncate_half":
            lines = _truncate(lines, 0.5)
        elif kind == "truncate_third":
            lines = _truncate(lines, 1 / 3)
        elif kind == "spaces":
            lines = [" ".join(x) for x in lines]
        elif kind == "lead":
            lines = [lines[min(1, len(lines) - 1)]] * rng.randint(1, 2) + lines
        elif kind == "retitle":
            title = f"{title} | {rng.choice(pools.latin)} {rng.choice(pools.latin)} {rng.choice(pools.latin)}"
        elif kind == "chrome":
            lines = list(pools.chrome[:3]) + lines + list(pools.chrome[3:])
        elif kind == "script":
            script = "hant"
    if script == "hant":
        s2twp = _converters()[1]
        title, lines = s2twp.convert(title), [s2twp.convert(x) for x in lines]
    return title, lines, kinds, script


# --------------------------------------------------------------------------- files


def _encode(text: str, script: str, rng: random.Random) -> tuple[bytes, str]:
    r = rng.random()
    if r < 0.85:
        return text.encode("utf-8"), "utf-8"
    if r < 0.92:
        return text.encode("gb18030"), "gb18030"
    if r < 0.96 and script == "hant":
        return text.encode("big5", errors="replace"), "big5"
    return text.encode("utf-16"), "utf-16"


def generate(n: int = 10_000, seed: int = 1, mirror_rate: float = 0.1) -> list[tuple[str, bytes, dict]]:
    rng = random.Random(seed)
    pools = load_pools()
    s2twp = _converters()[1]
    out: list[tuple[str, bytes, dict]] = []
    originals: list[tuple[str, str, list[str]]] = []
    for i in range(n):
        name = f"{i:06d}.txt"
        if originals and rng.random() < mirror_rate:
            src_name, title, lines = rng.choice(originals)
            title, lines, kinds, script = make_mirror(title, lines, rng, pools)
            truth: dict[str, Any] = {"mirror_of": src_name, "transforms": kinds}
        else:
            title, lines = make_article(rng, pools)
            originals.append((name, title, lines))
            script = "hans"
            if rng.random() < 0.08:  # some originals are Traditional-script sites
                script = "hant"
                title, lines = s2twp.convert(title), [s2twp.convert(x) for x in lines]
            title, lines = _decorate(title, lines, rng, pools)
            truth = {"mirror_of": None, "transforms": []}
        data, encoding = _encode("\n\n".join([title, *lines]) + "\n", script, rng)
        truth.update(encoding=encoding, script=script)
        out.append((name, data, truth))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=Path("bench/corpus/10k"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    files = generate(args.n, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data, _ in files:
        (args.out / name).write_bytes(data)
    (args.out / "truth.json").write_text(json.dumps({n: t for n, _, t in files}, indent=0), encoding="utf-8")
    mirrors = sum(1 for _, _, t in files if t["mirror_of"])
    print(f"{len(files)} files ({mirrors} mirrors) in {args.out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
