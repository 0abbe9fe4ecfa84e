"""Per-line memos of the spam finders (spam.spam_spans with the loaded lexicon, spamstats.
stats_spans with the shipped table): a remembered answer must be the answer, a caller that
changes the list it got must not change the next caller's, and a page's own lexicon (with its
learned brands) must not read or fill the shared memo."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest import spam, spamstats
from digest.rules import spam_rules

SEEDS = Path(__file__).resolve().parent.parent / "content" / "seeds"


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.iterdir()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines += [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines


LINES = _seed_lines()
SPAMMY = [ln for ln in LINES if spam._spam_spans(ln, spam_rules())]


def test_seed_lines_hold_spam_to_remember() -> None:
    # the checks below are only worth something if some answers are not empty
    assert len(SPAMMY) >= 5 and len(LINES) >= 200


def test_spam_spans_remembered_equal_computed() -> None:
    rules = spam_rules()
    rules.memo.clear()
    for _ in range(2):  # the second pass answers from the memo
        for ln in LINES:
            assert spam.spam_spans(ln, rules) == spam._spam_spans(ln, rules)
    assert set(LINES) <= set(rules.memo)


def test_spam_spans_answer_is_the_callers_own() -> None:
    rules = spam_rules()
    line = SPAMMY[0]
    first = spam.spam_spans(line, rules)
    first.clear()
    first.append((0, 1))
    assert spam.spam_spans(line, rules) == spam._spam_spans(line, rules) != first


def test_page_lexicon_keeps_no_memo() -> None:
    rules = spam_rules()
    line = "本站独家：星河娱乐城注册即送88元，星河娱乐城官方网址每日更新。"
    brands = frozenset({"星河娱乐城"})
    paged = spam.with_brands(rules, brands)
    assert paged.memo is None
    rules.memo.clear()
    with_brand = spam.spam_spans(line, paged)
    assert line not in rules.memo  # the page's answer is not left for pages without the brand
    assert with_brand == spam._spam_spans(line, paged)
    # the brand only counts on its page: the shared lexicon still answers for itself
    assert spam.spam_spans(line, rules) == spam._spam_spans(line, rules)


def test_spam_memo_cleared_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = spam_rules()
    rules.memo.clear()
    monkeypatch.setattr(rules.memo, "limit", 3)
    for ln in LINES[:10]:
        spam.spam_spans(ln, rules)
        assert len(rules.memo) <= 3
    assert spam.spam_spans(LINES[0], rules) == spam._spam_spans(LINES[0], rules)


def test_stats_spans_remembered_equal_computed() -> None:
    spamstats._SPANS_MEMO.clear()
    hits = 0
    for _ in range(2):
        for ln in LINES:
            got = spamstats.stats_spans(ln)
            assert got == spamstats._stats_spans(ln, None)
            hits += bool(got)
    assert hits > 0  # some seed line reads as spliced spam to the statistics


def test_stats_spans_with_own_table_not_remembered() -> None:
    spamstats._SPANS_MEMO.clear()
    table = {"娱乐": 9.0, "注册": 9.0, "送彩": 9.0}
    line = "本周新品发布会上，多家厂商展示了娱乐注册送彩金的端侧模型样机与推理芯片方案。"
    assert spamstats.stats_spans(line, table) == spamstats._stats_spans(line, table)
    assert line not in spamstats._SPANS_MEMO
    spamstats.stats_spans(line)
    assert line in spamstats._SPANS_MEMO


def test_stats_spans_answer_is_the_callers_own() -> None:
    line = next(ln for ln in LINES if spamstats._stats_spans(ln, None))
    first = spamstats.stats_spans(line)
    first.append((0, 0))
    assert spamstats.stats_spans(line) == spamstats._stats_spans(line, None)


def test_chrome_rule_remembered_per_table() -> None:
    from digest import clean
    from digest.rules import chrome_rules

    chrome = chrome_rules()
    tables = (chrome.tail_line, chrome.anywhere_line)
    notices = ["本文来源于网络，版权归原作者所有，如有侵权请联系删除。", "责任编辑：王某某", "点击下方阅读原文查看更多"]
    lines = notices + LINES
    found = 0
    for _ in range(2):
        for table in tables:
            for ln in lines:
                got = clean._unquoted_rule(table, ln)
                assert got == clean._first_unquoted_rule(table, ln)
                found += got is not None
    assert found > 0
    # the same text under another table is that table's answer, not the first table's
    only_tail = next(
        n for n in notices if clean._first_unquoted_rule(chrome.tail_line, n) != clean._first_unquoted_rule(chrome.anywhere_line, n)
    )
    assert clean._unquoted_rule(chrome.anywhere_line, only_tail) == clean._first_unquoted_rule(chrome.anywhere_line, only_tail)
    assert clean._unquoted_rule(chrome.tail_line, only_tail) == clean._first_unquoted_rule(chrome.tail_line, only_tail)
