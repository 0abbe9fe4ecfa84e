"""Calls to action and third-party promotions, found by signals (rules/chrome.yaml
`call_to_action`): a lexicon of action words, channels and rewards, the shape of a sentence
that speaks to the reader (an imperative, a reader's word, a closing particle), and what
makes a sentence news instead (a reporting word, a third party as the action's subject)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .rules import RULES_DIR, _load, literal_words, particle_end
from .text import LETTER as _LETTER

Kind = Literal["call", "promo"]

# one sentence: text up to a run of sentence ends (and the quotation marks closing it)
_SENTENCE = re.compile(r"[^。！？!?～~]+(?:[。！？!?～~]+[”」』）)\"]*)?|[。！？!?～~]+")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?～~、]+")
_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?～~]")
# what a sentence quotes or names as a title is not read for reporting or subjects
_QUOTED = re.compile(r"“[^“”]{0,40}”|「[^「」]{0,40}」|《[^《》]{0,40}》|\"[^\"]{0,40}\"")
# ... and what a paragraph quotes, however long, does not make the text first person
_QUOTATION = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")  # scraped text often has ASCII quotes
# ... and what a sentence quotes as speech (a clause or QUOTED_SPEECH letters or more, not a
# keyword or a button's name: 回复“大模型”, 点击“阅读原文”) is someone's words, never the page's call
QUOTED_SPEECH = 8
_QUESTION_MAX = 16  # letters of a question put to the reader beside a call ("你怎么看？")


@dataclass(frozen=True)
class CallRules:
    max_len: int
    bare_max: int
    prefix_max: int
    verbs: re.Pattern[str]
    channels: re.Pattern[str]
    rewards: re.Pattern[str]
    condition: re.Pattern[str]
    reader: re.Pattern[str]
    particle_end: re.Pattern[str]
    reporting: re.Pattern[str]
    not_reporting: re.Pattern[str]
    not_verbs: re.Pattern[str]
    statement: re.Pattern[str]
    subjects: re.Pattern[str]
    first_person: re.Pattern[str]
    personal_min: int
    platform: re.Pattern[str]
    bargain: re.Pattern[str]


@lru_cache(maxsize=1)
def call_rules() -> CallRules:
    data = _load("chrome.yaml", RULES_DIR)["call_to_action"]
    return CallRules(
        max_len=int(data["max_len"]),
        bare_max=int(data["bare_max"]),
        prefix_max=int(data["prefix_max"]),
        verbs=literal_words(data["verbs"]),
        channels=literal_words(data["channels"]),
        rewards=literal_words(data["rewards"]),
        condition=literal_words(data["condition"]),
        reader=literal_words(data["reader"]),
        particle_end=particle_end(str(data.get("particles", ""))),
        reporting=literal_words(data["reporting"]),
        not_reporting=literal_words(data["not_reporting"]),
        not_verbs=literal_words(data["not_verbs"]),
        statement=literal_words(data["statement"]),
        subjects=literal_words(data["subjects"]),
        first_person=literal_words(data["first_person"]),
        personal_min=int(data["personal_min"]),
        platform=literal_words(data["platform"]),
        bargain=re.compile(str(data.get("bargain", "(?!)")), re.IGNORECASE),
    )


def reports(text: str) -> bool:
    """Does the sentence report (a reporting verb, an event, a statistic) outside its quotations
    and its words to the reader ("别忘了" is no completed event) or words that report nothing ("了解")?"""
    rules = call_rules()
    plain = _QUOTED.sub("", text)
    spoken = [m.span() for rx in (rules.reader, rules.not_reporting) for m in rx.finditer(plain)]
    return any(not any(a <= m.start() and m.end() <= b for a, b in spoken) for m in rules.reporting.finditer(plain))


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _verbs(sentence: str, rules: CallRules) -> list[re.Match[str]]:
    """Action words, not one inside a channel's name or a noun (评论区, 关注度: `not_verbs`)."""
    nouns = [m.span() for rx in (rules.channels, rules.not_verbs) for m in rx.finditer(sentence)]
    return [m for m in rules.verbs.finditer(sentence) if not any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in nouns)]


def noun_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds a noun made of an action word (`not_verbs`: 转发量, 关注度, 点击率)."""
    return [m.span() for m in call_rules().not_verbs.finditer(text)]


def _imperative(sentence: str, verbs: list[re.Match[str]], rules: CallRules) -> bool:
    """A clause opens with an action: few letters before its first action word."""
    for clause in _CLAUSE.finditer(sentence):
        first = next((m for m in verbs if clause.start() <= m.start() < clause.end()), None)
        if first is not None and _letters(sentence[clause.start() : first.start()]) <= rules.prefix_max:
            return True
    return False


def _has_subject(plain: str, rules: CallRules) -> bool:
    """A third party or a determiner before the first action of its clause is the action's
    subject ("用户扫码…", "该模型支持识别…", "网友担心…"), and so is one that a relative clause
    names ("领取补贴的企业…"); after the action it is its object ("备注公司和职位")."""
    verbs = _verbs(plain, rules)
    for clause in _CLAUSE.finditer(plain):
        first = next((m.start() for m in verbs if clause.start() <= m.start() < clause.end()), clause.end())
        if rules.subjects.search(plain, clause.start(), first):
            return True
        if any(plain[m.start() - 1 : m.start()] == "的" for m in rules.subjects.finditer(plain, first, clause.end())):
            return True
    return False


class Voice:
    """Whether a text is a post in the first person (`personal_voice`), found when first
    asked: most pages hold no call to action, and then nobody asks."""

    def __init__(self, paragraphs: list[str]) -> None:
        self._paragraphs: list[str] | None = paragraphs
        self._value = False

    def __bool__(self) -> bool:
        if self._paragraphs is not None:
            self._value, self._paragraphs = personal_voice(self._paragraphs), None
        return self._value


def _may_call(text: str, rules: CallRules) -> bool:
    """A promotion needs a reward, a call an action word or a channel (`sentence_kind`): a
    text with none of them holds neither."""
    return any(rx.search(text) is not None for rx in (rules.verbs, rules.rewards, rules.channels))


def personal_voice(paragraphs: list[str]) -> bool:
    """Is the text a post in the first person (`first_person` outside quotations in
    `personal_min` paragraphs or more)?"""
    rules = call_rules()
    return sum(bool(rules.first_person.search(_QUOTATION.sub("", p))) for p in paragraphs) >= rules.personal_min


def sentence_kind(sentence: str, edge: bool = False, personal: bool | Voice = False) -> Kind | None:
    """Is one sentence a call to action or a promotion? `edge`: it stands at the article's
    start or end, where a bare imperative ("一键三连") is a button; `personal`: the text is a
    post in the first person, where a call without a platform's word is the author's own."""
    rules = call_rules()
    if _letters(sentence) > rules.max_len:
        return None
    if rules.bargain.search(sentence):  # "点赞超过1000，明晚加更": a call, though it counts
        return "call"
    if reports(sentence):
        return None
    # a question is no call ("当AI可以替你点赞评论，社交的意义在哪里？"); a short one may stand
    # beside calls (_reader_question)
    sentence = _without_speech(sentence)
    if not _letters(sentence) or sentence.rstrip("”」』）) ")[-1:] in "？?":
        return None
    plain = _QUOTED.sub("", sentence)
    found = _verbs(sentence, rules)
    verbs = {m.group(0).lower() for m in found}
    reader = bool(rules.reader.search(sentence) or rules.particle_end.search(sentence))
    # a statement ("关注点在于…", "回复速度是…") is no call, unless it speaks to the reader
    # ("你的支持是我们更新的动力")
    if not reader and rules.statement.search(plain):
        return None
    # a third party or a determiner as a subject makes it news about them ("首批注册用户赠送…，新用户最高可领…")
    subject = _has_subject(plain, rules)
    imperative = not subject and _imperative(sentence, found, rules)
    channels = {m.group(0).lower() for m in rules.channels.finditer(sentence)}
    words = verbs | channels
    rewards = {m.group(0).lower() for m in rules.rewards.finditer(sentence)}
    # ... unless the page's channel pays for the action ("用户扫码关注公众号即可领取…"; not
    # "新用户注册即送…", an offer reported)
    condition = bool(rules.condition.search(sentence)) and (not subject or bool(channels))
    if rewards and (words - rewards) and (condition or imperative or (reader and not subject)):
        return "promo"
    # (a reader sent to a channel needs no verb: "快来评论区说说…"; a word to the reader,
    # not only a closing particle: "…让我们拭目以待～" is the author's own close)
    if subject or not (verbs or (rules.reader.search(sentence) and channels)) or not (imperative or reader):
        return None
    if personal and not rules.platform.search(sentence):
        return None
    # a bare imperative is a button, with no full stop ("一键三连", not "关注点在于…。")
    bare = edge and imperative and _letters(sentence) <= rules.bare_max and not sentence.rstrip().endswith("。")
    if len(words | rewards) + reader >= 2 or bare:
        return "call"
    return None


def _without_speech(sentence: str) -> str:
    def keep(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        return "" if _letters(inner) >= QUOTED_SPEECH or _CLAUSE_MARK.search(inner) else m.group(0)

    return _QUOTATION.sub(keep, sentence)


def sentences(text: str) -> list[str]:
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def line_kind(text: str, edge: bool = False, personal: bool | Voice = False) -> Kind | None:
    """A whole line of calls and promotions (a question put to the reader may stand beside
    them: "你怎么看？欢迎留言告诉我们。"): the kind, "promo" if any sentence is one."""
    rules = call_rules()
    if not _may_call(text, rules) or _letters(text) > 2 * rules.max_len:
        return None
    kinds = []
    for s in sentences(text):
        kind = sentence_kind(s, edge, personal)
        if kind is None and not _reader_question(s):
            return None
        kinds.append(kind)
    if not any(kinds):
        return None
    return "promo" if "promo" in kinds else "call"


def _reader_question(sentence: str) -> bool:
    """A short question put to the reader ("你怎么看？", "想要原版论文？"), which may open a call."""
    return sentence.rstrip()[-1:] in "？?" and _letters(sentence) <= _QUESTION_MAX and not reports(sentence)


def edge_calls(text: str, personal: bool | Voice = False, leading: bool = False) -> tuple[str, Kind | None, str]:
    """A paragraph's closing sentences (or with `leading` its opening ones) that are calls or
    promotions, with a short question put to the reader among or beside them ("你怎么看？欢迎
    留言。"), cut off: the text left (at least one sentence), the kind ("promo" if any
    sentence is one) and the text cut ("" for none)."""
    if not _may_call(text, call_rules()):
        return text, None, ""
    parts = sentences(text)
    order = parts if leading else parts[::-1]
    run: list[Kind | None] = []  # from the edge inwards: a call's kind, None for a question
    for part in order[:-1]:
        kind = sentence_kind(part.strip(), edge=True, personal=personal)
        if kind is None and not _reader_question(part):
            break
        run.append(kind)
    found = [k for k, kind in enumerate(run) if kind]
    if not found:
        return text, None, ""
    n = found[-1] + 1
    if not leading and n < len(run):  # the question that the closing calls answer
        n += 1
    kind: Kind = "promo" if "promo" in run else "call"
    if leading:
        return "".join(parts[n:]).lstrip(), kind, "".join(parts[:n]).strip()
    return "".join(parts[:-n]).rstrip(), kind, "".join(parts[-n:]).strip()
