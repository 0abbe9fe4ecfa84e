"""The statistical spam detector wired into the cleaner (digest/clean.py, rule `spam-stats`):
spliced spam goes, the sentence around it and ordinary news stay, and cleaning the output
again changes nothing. Sentences are those of tests/test_spamstats.py."""

from __future__ import annotations

import pytest

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans
from tests.test_spamstats import PROSE, SPLICED, _letters, _share

TITLE = "AI助教走进中小学课堂"
META = "2025-03-12 10:20 来源：某某科技网"
BODY = [
    "国内大模型厂商在过去一年里密集发布新产品，推理成本持续下降，应用落地明显加速。",
    "多家云厂商宣布降价，模型即服务的商业模式逐渐清晰，开发者的使用门槛也随之降低。",
    "业内人士认为，行业模型和端侧部署将是下一阶段竞争的重点，算力供给仍是关键约束。",
]


def _extract(lines: list[str]):
    return extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode())))


@pytest.mark.parametrize(("sentence", "spam"), SPLICED)
def test_the_cleaner_cuts_spliced_spam_and_keeps_the_sentence(sentence: str, spam: str) -> None:
    draft = _extract([TITLE, META, BODY[0], sentence, *BODY[1:]]).drafts[0]
    assert all(p in draft.paragraphs for p in BODY)
    kept = next(p for p in draft.paragraphs if p not in BODY)
    start = sentence.index(spam)
    before, after = sentence[:start].rstrip("，"), sentence[start + len(spam) :]
    assert kept.startswith(before[:-1]) and kept.endswith(after[1:]), kept  # prose kept, but an edge letter
    assert _letters(kept) <= _letters(before + after) + (1 - _share(spam)) * _letters(spam), kept
    if not spam_spans(sentence, spam_rules()):
        assert any(r.rule == "spam-stats" and r.kind == "spam" for r in draft.removals)
    again = _extract([draft.title, draft.date or "", *draft.paragraphs]).drafts[0]
    assert again.paragraphs == draft.paragraphs  # idempotent


def test_the_cleaner_keeps_news_prose_whole() -> None:
    draft = _extract([TITLE, META, *PROSE[:12]]).drafts[0]
    assert draft.paragraphs == PROSE[:12]
    assert not [r for r in draft.removals if r.rule == "spam-stats"]
