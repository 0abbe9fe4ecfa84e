"""The Markdown front matter writer gives PyYAML's text byte for byte."""

from __future__ import annotations

import random
from datetime import date

import yaml

from digest import frontmatter

TRICKY = [
    "标题", "", " ", "a: b", "a:b", "- x", "-x", "? x", "#tag", "a #b", "a# b", " lead", "trail ", "null", "Null", "~", "true",
    "yes", "no", "on", "off", "y", "n", "123", "1.5", "0x1F", "1e3", "2023", "2023-02", "2023-02-13", "2023-02-13 10:00:00",
    "it's", '它说:"好"', "'q'", '"q"', "a\nb", "a\tb", "a\x85b", "a\u2028b", "\ufeffbom", "emoji 😀", "%pct", "@at", "`tick",
    "!bang", "&amp", "*star", "|pipe", ">gt", "[list]", "{map}", "a, b", "a,b", "...", "---", "--- x", "=", "<<", "x" * 599,
    "x" * 600, "x" * 1200, "中" * 700, "a " * 400, "\x00", "\x07bell", "é", "\u00a0nbsp", "\\back", "1:2", "12:30", "+1", "-1",
    ".5", ".inf", ".nan", "0o17", "0b101", "1_000", "a'b'c", 'x"', "《标题》:副标题", "【01】开篇", "Q&A:问答", "GPT-4o 发布",
]


def reference(front: dict) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)


def front_of(rnd: random.Random, pick) -> dict:
    front = {
        "title": pick(), "slug": "a-b-c", "date": rnd.choice([date(2023, 2, 13), "2023-02", "2023", None, pick()]),
        "date_inferred": rnd.choice([True, False]), "topics": [pick() for _ in range(rnd.randint(0, 3))],
        "sources": [pick() for _ in range(rnd.randint(0, 2))],
        "sections": [{"heading": pick(), "anchor": f"s{i}", "topics": [pick() for _ in range(rnd.randint(0, 2))]}
                     for i in range(rnd.randint(0, 3))],
    }
    if rnd.random() < 0.5:
        front["origin"] = pick()
    return front


def test_same_text_as_pyyaml() -> None:
    rnd = random.Random(3)
    for _ in range(1500):
        front = front_of(rnd, lambda: rnd.choice(TRICKY))
        assert frontmatter.dump(front) == reference(front), front


def test_random_strings() -> None:
    rnd = random.Random(5)
    alphabet = "ab 中文:#-'\"\n\t,[]{}&*!|>%@`?~=.0123456789\u2028\x85\ufeff😀"

    def pick() -> str:
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))

    for _ in range(1500):
        front = front_of(rnd, pick)
        assert frontmatter.dump(front) == reference(front), front


def test_shapes_handed_to_pyyaml() -> None:
    shared = ["a"]
    for front in ({"a": shared, "b": shared}, {"a": [["x"]]}, {"a": {}}, {"a": [{}]}, {"a": {"b": 1}}, {"on": 1}, {"a": 1.5}):
        assert frontmatter.dump(front) == reference(front)


def test_plain_fast_path_agrees_with_pyyaml() -> None:
    """Strings the fast path writes as they are: PyYAML writes them the same way (and
    strings just outside its alphabet go to PyYAML)."""
    rnd = random.Random(11)
    alphabet = "中文模型算力、。，：；？！“”‘’（）《》【】—…·ＡＢ１２ab XYZ019.%()+/&!?,*'\"[]{}_-:#|>@`~=\t\u2028"
    starts = "中算模aZ0-.'?~&*#!y《【•（19"
    checked = 0
    for _ in range(6000):
        text = rnd.choice(starts) + "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        for value in (text, text.replace(" ", "").lower()[:6]):
            expected = yaml.safe_dump({"k": value}, allow_unicode=True, sort_keys=False, width=1000)
            assert frontmatter.dump({"k": value}) == expected, value
            checked += frontmatter._plain(value)
    for word in ["yes", "no", "on", "off", "true", "false", "null", "y", "n", "content/007569.txt", "a-b-c", "s1", "0x1f",
                 "0b101", "0o17", "1e5", "12-30", "2024-10-10", "1_000", "22-lai-yuan-fab8be-4", "1st", "9:30", "《对话", "• 要点"]:
        assert frontmatter.dump({"k": word}) == yaml.safe_dump({"k": word}, allow_unicode=True, sort_keys=False, width=1000)
    ascii_names = 0
    for _ in range(6000):  # names and numbers: hex, exponents, dates, sexagesimal
        word = "".join(rnd.choice("0123456789abefgtxyzTEX-._:+") for _ in range(rnd.randint(1, 10)))
        assert frontmatter.dump({"k": word}) == yaml.safe_dump({"k": word}, allow_unicode=True, sort_keys=False, width=1000), word
        ascii_names += frontmatter._plain(word)
    assert checked > 1000 and ascii_names > 500  # the fast path itself was exercised
