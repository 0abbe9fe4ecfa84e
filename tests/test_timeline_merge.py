"""The pairwise (numpy) grouping of large timeline buckets decides exactly as the
group-by-group set comparison it replaces."""

from __future__ import annotations

import random

from digest import timeline
from digest.model import Event

WORDS = ["百度发布文心一言", "阿里云推出通义千问", "公司宣布", "人工智能", "大模型", "融资", "开源", "2024年", "发布会上", "智能体",
         "芯片", "算力", "A", "", "年"]


def events(n: int, seed: int) -> list[Event]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        text = "，".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 4)))
        out.append(Event(iso="2024", precision="year", label="2024年", text=text, slug=f"a{i % 17}", anchor=f"s{i % 3}",
                         topics=["t1"], end_iso=rnd.choice([None, None, "", "2024-12"])))
    return out


def test_pairwise_grouping_equals_set_grouping(monkeypatch) -> None:
    for seed in range(6):
        evs = events(150, seed)
        monkeypatch.setattr(timeline, "_PAIRWISE_MIN", 10**9)
        reference = repr(timeline.merge_events(evs))
        monkeypatch.setattr(timeline, "_PAIRWISE_MIN", 2)
        assert repr(timeline.merge_events(evs)) == reference


def merge(evs: list[Event], memo: dict) -> list[Event]:
    """A merge that reads the groupings in `memo` and leaves this call's there (the build's flow)."""
    table: dict = {}
    out = timeline.merge_events(evs, memo, table)
    memo.clear()
    memo.update(table)
    return out


def test_a_second_merge_groups_only_the_buckets_that_changed(monkeypatch) -> None:
    grouped: list[int] = []
    real = timeline._group_bucket
    monkeypatch.setattr(timeline, "_group_bucket", lambda pairs: grouped.append(len(pairs)) or real(pairs))
    evs = events(60, 1) + [Event(iso="2023", precision="year", label="2023年", text=f"第{i}件事", slug="b", anchor="s1")
                           for i in range(5)]
    memo: dict = {}
    first = repr(merge(evs, memo))
    buckets = len(grouped)
    assert buckets >= 2 and len(memo) == buckets
    assert repr(merge(evs, memo)) == first and len(grouped) == buckets  # nothing grouped again
    evs.append(Event(iso="2023", precision="year", label="2023年", text="又一件事", slug="c", anchor="s1"))
    assert repr(merge(evs, memo)) != first
    assert grouped[buckets:] == [6]  # the 2023 bucket only, with its new event
    assert repr(timeline.merge_events(evs)) == repr(merge(evs, memo))  # the same result without a memo
