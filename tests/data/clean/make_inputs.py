"""Build the marked-up sources in tests/data/clean/src/ into noisy inputs and their gold files.

    python tests/data/clean/make_inputs.py          # (re)write inputs/, gold/ and index.yaml entries

One source file describes one input, so the raw bytes and the labels cannot drift apart. It is
written by hand, independently of the cleaner and its rules. Syntax (one raw line per source line):

    @split tune | heldout2          header directives, before the first article
    @encoding gb18030               Python codec; @bom le|be for utf-16; @crlf for Windows line ends
    @script trad                    the whole raw text is converted to Taiwan Traditional (s2twp)
    @base own: <what the article is>
    @para wrap=32 space zw fw       transforms applied to every article paragraph (see below)
    @article                        starts a gold article; then @title <text|null> and @date <ISO|null>
                                    (no @title line: null too)
    @probe <phrase>                 a spam phrase to record (e.g. the spam half of a spam title)
    [kind] text                     a noise line of that kind (chrome, spam, meta, comments, ...)
    {wrap=28 space} text            an article paragraph with its own transforms
    + text                          more of the previous paragraph on its own raw line (a PDF
                                    line or a page break inside a paragraph)
    text                            an article paragraph
    ⟦kind|text⟧                     noise spliced inside an article paragraph (spam, stuffing,
                                    pinyin_gloss); kept in the raw text, left out of the gold
    (empty line)                    an empty raw line

Transforms change only the raw text: wrap=N hard-wraps the paragraph every N characters, space
puts a space between CJK characters, zw inserts zero-width characters, fw turns ASCII letters and
digits into full-width forms. Gold is the canonical Simplified text (t2s of the raw, noise out).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import opencc
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SRC = HERE / "src"
INLINE = re.compile(r"⟦(\w+)\|(.*?)⟧")
NOISE_LINE = re.compile(r"^\[(\w+)\] ?(.*)$")
OPTS = re.compile(r"^\{([^}]*)\} ?(.*)$")
TRANSFORM_NOISE = {"wrap": "hard_wrap", "space": "cjk_spacing", "zw": "zero_width", "fw": "fullwidth"}
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"
CJK = re.compile(r"[\u3400-\u9fff]")

S2T = opencc.OpenCC("s2twp")
T2S = opencc.OpenCC("t2s")


def _listed_rounds(name: str) -> frozenset[str]:
    path = HERE / name
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def unseen_rounds() -> frozenset[str]:
    """The blind tune rounds no cleaning rule has been written on yet (unseen_rounds.txt)."""
    return _listed_rounds("unseen_rounds.txt")


def untrained_rounds() -> frozenset[str]:
    """Tune rounds rules were written on that the line classifier is not trained on yet
    (untrained_rounds.txt): its retraining with them is pending. The spam statistics may be
    (tools/train_spamstats.py ROUNDS)."""
    return _listed_rounds("untrained_rounds.txt")


def round_of(name: str) -> str | None:
    """`t13` for an input, source or gold named t13_02_…; None outside the t-rounds."""
    m = re.match(r"(t\d+)_", Path(name).name)
    return m.group(1) if m else None


def parse_opts(spec: str) -> dict:
    opts: dict = {}
    for tok in spec.split():
        key, _, val = tok.partition("=")
        opts[key] = int(val) if val else True
    return opts


def transform(text: str, opts: dict, rng: random.Random) -> str:
    if opts.get("fw"):
        text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
    if opts.get("space"):
        out = []
        for i, c in enumerate(text):
            out.append(c)
            if i + 1 < len(text) and CJK.match(c) and CJK.match(text[i + 1]) and rng.random() < 0.85:
                out.append(" ")
        text = "".join(out)
    if opts.get("zw"):
        out = []
        for c in text:
            out.append(c)
            if CJK.match(c) and rng.random() < 0.06:
                out.append(rng.choice(ZERO_WIDTH))
        text = "".join(out)
    if opts.get("wrap"):
        n = opts["wrap"]
        text = "\n".join(text[i:i + n] for i in range(0, len(text), n))
    return text


def build(src: Path) -> tuple[dict, bytes, str]:
    """The index entry, the raw input bytes and the gold YAML text of one source."""
    name = src.stem
    rng = random.Random(name)
    head: dict = {"para": {}}
    articles: list[dict] = []
    noise: list[dict] = []
    kinds: list[str] = []
    raw: list[str] = []
    trad = False

    def note(kind: str, text: str) -> None:
        noise.append({"kind": kind, "text": S2T.convert(text) if trad else text})
        if kind not in kinds:
            kinds.append(kind)

    for line in src.read_text("utf-8").splitlines():
        if line.startswith("@"):
            key, _, val = line[1:].partition(" ")
            if key == "article":
                articles.append({"title": None, "date": None, "paragraphs": []})
            elif key == "title":
                articles[-1]["title"] = None if val == "null" else val
            elif key == "date":
                articles[-1]["date"] = None if val == "null" else val
            elif key == "probe":
                note("spam", val)
            elif key == "para":
                head["para"] = parse_opts(val)
            elif key == "script":
                trad = val == "trad"
            else:
                head[key] = val
            continue
        m = NOISE_LINE.match(line)
        if m:
            note(m.group(1), m.group(2))
            raw.append(m.group(2))
            continue
        if not line.strip():
            raw.append(line)
            continue
        opts = dict(head["para"])
        cont = line.startswith("+ ")
        if cont:
            line = line[2:]
        m = OPTS.match(line)
        if m:
            opts.update(parse_opts(m.group(1)))
            line = m.group(2)
        for kind, text in INLINE.findall(line):
            note(kind, text)
        clean = INLINE.sub("", line)
        if cont:
            articles[-1]["paragraphs"][-1] += clean
        else:
            articles[-1]["paragraphs"].append(clean)
        for key in opts:
            if key in TRANSFORM_NOISE and TRANSFORM_NOISE[key] not in kinds:
                kinds.append(TRANSFORM_NOISE[key])
        raw.append(transform(INLINE.sub(lambda mm: mm.group(2), line), opts, rng))

    text = "\n".join(raw) + "\n"
    if trad:
        text = S2T.convert(text)
        for art in articles:
            art["paragraphs"] = [T2S.convert(S2T.convert(p)) for p in art["paragraphs"]]
            if art["title"]:
                art["title"] = T2S.convert(S2T.convert(art["title"]))
    if "crlf" in head:
        text = text.replace("\n", "\r\n")
    enc = head["encoding"]
    if enc == "utf-16":
        data = (b"\xff\xfe" + text.encode("utf-16-le")) if head["bom"] == "le" else (b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        data = text.encode(enc)  # strict: a character the codec lacks is an error in the source
    rel_in = f"tests/data/clean/inputs/{name}.txt"
    gold = {"input": rel_in, "articles": articles, "noise_examples": noise}
    entry = {"path": rel_in, "gold": f"tests/data/clean/gold/{name}.yaml", "split": head["split"],
             "encoding": enc, "base": head.get("base", ""), "noise": kinds}
    if enc == "utf-16":
        entry["bom"] = head["bom"]
    if "crlf" in head:
        entry["line_ends"] = "crlf"
    return entry, data, dump_gold(gold)


def dump_gold(gold: dict) -> str:
    return yaml.safe_dump(gold, sort_keys=False, allow_unicode=True, width=1000)


def main(argv: list[str]) -> None:
    only = set(argv)
    index_path = HERE / "index.yaml"
    index = yaml.safe_load(index_path.read_text("utf-8"))
    entries = index["inputs"]
    for src in sorted(SRC.glob("*.src")):
        if only and src.stem not in only:
            continue
        entry, data, gold = build(src)
        (ROOT / entry["path"]).write_bytes(data)
        (ROOT / entry["gold"]).write_text(gold, "utf-8")
        for i, old in enumerate(entries):
            if old["path"] == entry["path"]:
                entries[i] = entry
                break
        else:
            entries.append(entry)
        print(f"wrote {entry['path']} ({entry['split']}, {entry['encoding']})")
    index_path.write_text(yaml.safe_dump(index, sort_keys=False, allow_unicode=True), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
