"""digest/prefilter.py: a pattern's probe must pass every text the pattern matches in (a
prefilter that rejected a matching line would silently keep spam), and it must actually
reject the lines that hold none of its characters."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.prefilter import first_class, probe
from digest.rules import ChromeRules, Pattern, SpamRules, chrome_rules, spam_rules
from digest.timeparse import master_pattern


def _rule_patterns() -> list[Pattern]:
    found: list[Pattern] = []
    for rules, kind in ((spam_rules(), SpamRules), (chrome_rules(), ChromeRules)):
        for f in fields(kind):
            value = getattr(rules, f.name)
            if isinstance(value, tuple) and value and isinstance(value[0], Pattern):
                found += value
    return found


RULE_PATTERNS = _rule_patterns()
PROBED = [p for p in RULE_PATTERNS if p.probe is not None]


def test_the_patterns_that_scan_whole_lines_get_a_probe():
    # the spam patterns are searched unanchored in every line: most of them open with an
    # optional head or a lookbehind, so the engine cannot skip ahead by itself
    spam = spam_rules().patterns
    assert sum(p.probe is not None for p in spam) * 2 >= len(spam)
    assert len(PROBED) * 4 >= len(RULE_PATTERNS) >= 100


@pytest.mark.parametrize(
    ("pattern", "flags", "chars"),
    [
        (r"(?:usdt|币圈)?\s*[日躺]\s*\d+", 0, "日躺"),  # an optional head is skipped
        (r"a?b+c*", 0, "b"),
        (r"(?<!\d)x[yz]", 0, "x"),  # a lookbehind consumes nothing
        (r"x?(?:ab|cd)e*", 0, "ac"),  # every branch's narrowest part
        (r"^.{0,20}?[登注]", 0, "登注"),  # anchored, but an attempt runs over the line
        (r"k", re.IGNORECASE, "k"),
        (r"(?i:q)r?", 0, "q"),
    ],
)
def test_probe_takes_the_narrowest_required_part(pattern, flags, chars):
    found = probe(re.compile(pattern, flags))
    assert found is not None
    for c in chars:
        assert found.search(f"--{c}--")
    assert not found.search("-- 0 9 --")


@pytest.mark.parametrize(
    ("pattern", "flags", "words", "passed"),
    [
        (r"(?:usdt|币圈)?\s*(?:日赚|日入|躺赚)\s*\d+", 0, ["日赚", "日入", "躺赚"], ["日", "赚入"]),  # the words, not 日 alone
        # the words of the part with the longest, joined with the letter before them
        (r"(?:\d{4}年)?(?:四六级|雅思)\d+分(?:押题代考|保分包过)", re.IGNORECASE, ["分押题代考", "分保分包过"], ["四六级", "押题代考"]),
        (r"(?<!x)代[考办](?:\s*服务)?", 0, ["代考", "代办"], ["代 考"]),  # a class joins its neighbours
        (r"^.{0,20}?登录", 0, ["登录"], ["登"]),  # anchored, but an attempt runs over the line
    ],
)
def test_probe_takes_uncased_words_every_match_holds(pattern, flags, words, passed):
    found = probe(re.compile(pattern, flags))
    assert found is not None
    for w in words:
        assert found.search(f"--{w}--")
    for text in passed:
        assert not found.search(f"--{text}--")


def test_cased_words_keep_the_class_probe():
    # under IGNORECASE the engine cannot skip to an alternation's cased first letters: a class it can
    found = probe(re.compile(r"(?<!x)(?:qq|vx)\s*\d+", re.IGNORECASE))
    assert found is not None and found.search("--q--") and found.search("--V--")


@pytest.mark.parametrize("pattern", [r"a?", r"(?:x|)y*", r"\d{2,}", r"[^a]+", r".", r"[\u4e00-\u9fff]+", r"(a)\1?|b*"])
def test_no_probe_when_a_match_may_avoid_every_narrow_class(pattern):
    assert probe(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern", [r"报道\d+", r"(?:首页|导航)\s*[>›]", r"[【\[]广告[】\]]", r"^(?:首页|导航)\s*$"])
def test_no_probe_when_the_engine_already_skips_to_a_first_character(pattern):
    # a literal or character-set prefix, or an anchored pattern whose attempt fails at once:
    # a probe would only add a call
    assert probe(re.compile(pattern, re.IGNORECASE)) is None


def test_probe_folds_case_as_the_pattern_does():
    # re.IGNORECASE matches the Kelvin sign for k and the long s for s: so must the probe
    for pattern, text in ((r"k\d", "\u212a1"), (r"s+", "\u017f"), (r"(?i:k)x", "\u212ax")):
        regex = re.compile(pattern, re.IGNORECASE if not pattern.startswith("(?i") else 0)
        assert regex.search(text)
        assert probe(regex).search(text)


@pytest.mark.parametrize("pat", PROBED, ids=[f"{i}-{p.id}" for i, p in enumerate(PROBED)])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_text_a_rule_pattern_matches_passes_its_probe(pat, data):
    text = data.draw(st.from_regex(pat.regex))
    m = pat.regex.search(text)
    if m is None:  # (a lookaround hypothesis does not honour)
        return
    assert pat.probe.search(text, m.start(), m.end()), (pat.id, text)
    assert list(pat.finditer(text)) and pat.search(text)


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="日赚入躺进代开发票加微信vxVXkK\u212a0123456789.-:：@ 赢送元%", max_size=40))
def test_pattern_methods_find_what_the_bare_regex_finds(text):
    for pat in RULE_PATTERNS:
        assert [m.span() for m in pat.finditer(text)] == [m.span() for m in pat.regex.finditer(text)], pat.id
        for pos, end in ((0, len(text)), (len(text) // 3, len(text))):
            a, b = pat.search(text, pos, end), pat.regex.search(text, pos, end)
            assert (a and a.span()) == (b and b.span()), pat.id


@pytest.mark.parametrize(
    ("pattern", "first"),
    [(r"a?b", "ab"), (r"\s*x", " x\u3000"), (r"(?:ab)*c", "ac"), (r"(?=x)ab|\d+", "a7"), (r"(?<!z)年|[一二]月", "年一二")],
)
def test_first_class_holds_every_first_character(pattern, first):
    found = first_class(pattern)
    assert found is not None
    rx = re.compile(found)
    assert all(rx.fullmatch(c) for c in first)
    assert not rx.search("zQ-")


@pytest.mark.parametrize("pattern", [r"a?", r"(?i)ab", r"[^a]b", r".x", r"\Wx", r"(?:x|)"])
def test_no_first_class_when_a_match_may_begin_anywhere_or_be_empty(pattern):
    assert first_class(pattern) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="2025年3月十二日至今上半年Q1H2-/.〇一二第季度近几年 \u3000去底民国114x", max_size=60))
def test_time_expressions_found_with_the_lookahead_are_the_plain_alternation_s(text):
    master = master_pattern()
    plain = re.compile(master.pattern.split(")(?:", 1)[1][:-1])  # the alternation without its lookahead
    assert master.pattern.startswith("(?=[")
    assert [m.span() for m in master.finditer(text)] == [m.span() for m in plain.finditer(text)]
