"""rules.TermProbe answers as the lexicon's alternation regex does (it replaces that
search on the cleaner's hot path)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.rules import spam_rules, term_probe
from digest.spam import with_brands

RULES = spam_rules()
TERMS = sorted(RULES.strong)
# pieces of terms, their case variants and characters that fold to Latin letters under
# re.IGNORECASE (Kelvin sign, long s, dotless i), glued with letters, digits and prose
_piece = st.one_of(
    st.sampled_from(TERMS),
    st.sampled_from(TERMS).map(str.upper),
    st.sampled_from(TERMS).flatmap(lambda t: st.integers(0, len(t)).map(lambda k: t[:k])),
    st.sampled_from(["a", "Z", "7", " ", "，", "\u212a", "\u017f", "\u0131", "K", "新", "的", "网", "电子", "体育"]),
)
_text = st.lists(_piece, max_size=8).map("".join)


@settings(max_examples=400)
@given(_text)
def test_probe_equals_the_alternation(text: str) -> None:
    assert RULES.strong_probe.search(text) == bool(RULES.strong_any.search(text)), text


def test_probe_parts() -> None:
    probe = term_probe({"bet365", "pg电子", "澳门彩"})
    assert probe.search("下载bet365") and probe.search("BET365官网")
    assert not probe.search("xbet365") and not probe.search("bet3650")  # whole words only
    assert probe.search("PG电子游戏") and probe.search("新澳门彩")
    assert not probe.search("澳门的天气，电子产品")


def test_learned_brands_join_the_probe() -> None:
    once = with_brands(RULES, frozenset({"鸿运国际"}))
    twice = with_brands(once, frozenset({"富贵名门"}))
    for rules in (once, twice):
        assert rules.strong_probe.search("欢迎来到鸿运国际") == bool(rules.strong_any.search("欢迎来到鸿运国际"))
    assert twice.strong_probe.search("富贵名门") and twice.strong_probe.search("鸿运国际")
    assert not RULES.strong_probe.search("鸿运国际") and not once.strong_probe.search("富贵名门")
