"""Ads recognised by their FORM, whatever they sell (rules/spam.yaml `form`).

The lexicon (digest/spam.py) and the statistics (digest/spamstats.py) know the businesses the
cleaning set has shown: gambling, lotteries, porn, invoices, loans... Each new round brings a new
one (private detectives, fake watches, SIM cards, hackers for hire...). What every such ad has is
its form:

- a CONTACT offered to the reader: a messenger's kind and an id of an id's shape ("加微 zt8899",
  "V：abc_123", "QQ 2837719046", "TG@helper"), or a mobile number;
- the words of a SALE beside it: a guarantee, a speed, a way to pay or ship, a deal (`promise`:
  包过, 即日, 高价收, 一条龙, 顺丰到付, 量大从优...), or two words of a deal that news uses too
  (`trade`: 联系, 专业, 正规...);
- a SHAPE: a short line with no sentence of prose (a business card), a clause spliced before
  the host's clause goes on (it ends with the contact's id, the host's words glued after it),
  or a row of short spaced chunks (Chinese prose puts no spaces between its words).

A sentence that reports such an ad (rules/spam.yaml news_frame `enforcement`, `claim`, or
`form.news`: "警方提醒，切勿添加陌生人微信abc123") or quotes it is news and stays; so does a
hotline (12315, 400-…) or a company's account with no word of a sale beside it.

News carries an ad's parts one at a time; an ad carries them together. So also stay (the
precision pass after spam22 cut article sentences):
- a contact told to a service's users in the third person (`form.audience` + a modal + `form.access`:
  "用户可通过微信 ai_helper2025 联系客服预约体验"), named as a company's (a news_frame determiner right
  before it: "该公司客服QQ…") or denied ("官方从未通过QQ…", `form.denial`);
- a whole sentence of prose (a full stop after it, nothing of it before) with one word of a sale;
- a span holding a product's listing or a company's figures (`form.listing`: 售价, 发布会, 营收…);
- a row of spaced chunks that are words, not an ad's phrases (a page that spaces its prose: most
  chunks of one or two letters, or a single Chinese character), or a price table (two prices or
  more, one word of a sale, no contact).

An ad glued into a sentence (sp24: sp23 cut the host's words beside ads main's lexicon removes
exactly) takes none of the sentence's words: in the stretch glued to its contact, a particle of
prose ends the host's words and the ad starts at its first marked word after it (`_own_chunk`);
where the lexicon's run starts the same ad, the host's glued words before it stay (`beside_lexicon`);
a bracket the host opened bounds the ad, and a bracket mark whose partner stays is not cut
(`_inside_bracket`, `_balanced`); a contact followed, glued, by a clause of prose with no sale is a
wrapped sentence, no card (`_runs_on`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .rules import RULES_DIR, SpamRules, _lexicon_regex, _load

_CLAUSE = re.compile(r"[，,；;。！？!?：:\n]")
_SENTENCE = re.compile(r"[。！？!?\n]")
_SPACED_CJK = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")
_CHUNK = re.compile(r"[^\s，,；;。！？!?]+")
_SPACED_CHUNK = re.compile(r"\s+([^\s，,；;。！？!?]+)")
_LETTER = re.compile(r"[^\W_]")
_QUOTE_OPEN = "“「『\"《"
_QUOTE_CLOSE = "”」』\"》"
_CALL_BEFORE = re.compile(r"(?:请|可|速|欢迎)?(?:添加|加|联系|咨询|私聊|私信|找|戳|扫码加|详询|认准)\s*$")
_TAIL = re.compile(r"[\s（(]*(?:同号|号|备注[^\s，。]{0,6})?[）)]?")
LINE_MAX = 90  # letters of a line that may be an ad's card as a whole
QUOTE_SLACK = 4  # letters of a quotation besides the span that make it a quoted ad
REACH = 160  # characters around a contact searched for its clause's and sentence's edges
_PROSE_END = re.compile(r"[。]")  # a full stop: a sentence of prose, no card (an ad exclaims and asks)


@dataclass(frozen=True)
class FormRules:
    handle: re.Pattern[str]
    promise: re.Pattern[str]
    trade: re.Pattern[str]
    news: re.Pattern[str]
    chunk_max: int
    row_chunks: int
    row_signals: int
    ad_max: int
    # a sentence that tells of a service's users in the third person ("用户可通过微信…", "玩家可在
    # 官方QQ群…"): a report of how a company is reached, not an ad (ads address the reader)
    audience: re.Pattern[str]
    # words of a product's listing or a company's figures as news gives them (售价, 发布会, 营收…), in the
    # ad's own span (a host sentence's words would vouch for an ad spliced into it)
    listing: re.Pattern[str]
    # words that deny or forbid the contact right before it ("官方从未通过QQ…出售"): a notice, no ad
    denial: re.Pattern[str]


@lru_cache(maxsize=4)
def form_rules(rules_dir: Path = RULES_DIR) -> FormRules | None:
    """rules/spam.yaml `form`, compiled (None when the file has none)."""
    form = _load("spam.yaml", rules_dir).get("form")
    if not form:
        return None

    def alt(words: list) -> str:
        return "|".join(re.escape(str(w)) for w in sorted({str(w) for w in words}, key=lambda w: (-len(w), w)))

    ids = "|".join(f"(?:{x})" for x in form.get("ids") or [])
    phone = form.get("phone") or "(?!)"
    sep = r"\s{0,2}(?:号码|号|群|客服|同号)?\s{0,2}[:：]?\s{0,2}"
    parts = [f"(?<![a-z0-9])(?:{alt(form.get('kinds') or [])}){sep}(?:{ids})"]
    if form.get("short_kinds"):
        # a one-letter kind is a contact only with a colon, or before an id holding digits
        parts.append(f"(?<![a-z0-9])(?:{alt(form['short_kinds'])})\\s{{0,2}}(?:[:：]\\s{{0,2}}(?:{ids})"
                     r"|(?=[a-z0-9_-]*\d)[a-z0-9][a-z0-9_-]{4,19}(?![a-z0-9_]))")
    if form.get("phone_kinds"):
        parts.append(f"(?:{alt(form['phone_kinds'])}){sep}(?:{phone})")
    parts.append(f"(?<![a-z0-9])(?:{phone.split('|')[0]})")  # a bare mobile number
    if form.get("links"):
        parts.append(form["links"])
    return FormRules(
        handle=re.compile("|".join(parts), re.IGNORECASE),
        promise=_words(form.get("promise")),
        trade=_words(form.get("trade")),
        news=_words(form.get("news")),
        chunk_max=int(form.get("chunk_max", 12)),
        row_chunks=int(form.get("row_chunks", 3)),
        row_signals=int(form.get("row_signals", 2)),
        ad_max=int(form.get("ad_max", 40)),
        audience=_audience(form),
        listing=_words(form.get("listing")),
        denial=_words(form.get("denial")),
    )


def _audience(form: dict) -> re.Pattern[str]:
    """`audience` + a modal (可, 可以, 能, 均可…) + an `access` verb, glued or one space apart (a page
    that spaces its words): "消费者可添加", "用户可通过", "用户 可以 通过" (no match for none)."""
    who, how = form.get("audience"), form.get("access")
    if not who or not how:
        return re.compile("(?!)")
    alt = "|".join(re.escape(str(w)) for w in sorted({str(w) for w in who}, key=lambda w: (-len(w), w)))
    verb = "|".join(re.escape(str(w)) for w in sorted({str(w) for w in how}, key=lambda w: (-len(w), w)))
    return re.compile(f"(?:{alt})\\s?[也还均都亦]?\\s?(?:可以|可|能够|能|只需|即可|需)\\s?(?:直接|随时|免费)?\\s?(?:{verb})")


def _words(words: list | None) -> re.Pattern[str]:
    """One regex of literal words (a trie: long lists stay fast); it matches nothing for none."""
    return _lexicon_regex({str(w) for w in words}) if words else re.compile("(?!)")


_PROBE = re.compile(r"\d{5}|[a-z]\d|\d[a-z]|@[a-z]|[\u3400-\u9fff][ \t\u3000]+[\u3400-\u9fff]", re.IGNORECASE)


def form_spans(text: str, rules: SpamRules, form: FormRules | None) -> list[tuple[int, int]]:
    """Spans of ads recognised by their form in one line."""
    if form is None or not _PROBE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    done = -1
    for m in form.handle.finditer(text):
        if m.start() < done:  # a contact inside an ad found already
            continue
        span = _handle_ad(text, m.start(), m.end(), rules, form)
        if span:
            spans.append(span)
            done = span[1]
    spans += _rows(text, rules, form)
    return spans


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _sells(text: str, a: int, b: int, form: FormRules) -> bool:
    """One promise word, or two different trade words, in text[a:b]."""
    if form.promise.search(text, a, b):
        return True
    return len({m.group(0) for m in form.trade.finditer(text, a, b)}) >= 2


def form_reported(text: str, a: int, b: int, rules: SpamRules, form: FormRules) -> bool:
    """The sentence around text[a:b] reports such an ad: a warning, enforcement, a claim, or the
    span sits in a quotation."""
    lo = max(0, a - REACH)
    s0 = max((m.end() for m in _SENTENCE.finditer(text, lo, a)), default=lo)
    e = _SENTENCE.search(text, b, b + REACH)
    s1 = e.start() if e else min(len(text), b + REACH)
    for words in (form.news, rules.enforcement, rules.claim, rules.claim_after):
        if words is not None and words.search(text, s0, s1):
            return True
    # its clause tells of a service's users ("用户可通过微信 ai_helper2025 联系客服", "玩家可在官方QQ群…")
    c0 = max((m.end() for m in _CLAUSE.finditer(text, lo, a)), default=lo)
    if form.audience.search(text, c0, b):
        return True
    # a quotation that is (nearly) the span: a quoted ad ("凡是“加微信 kf8899 领取退款”的…"); an ad
    # spliced into a quoted speech runs on into the speaker's words ("「…加LINE @xb777订单就会跟着来」")
    opened = max((text.rfind(q, s0, a) for q in _QUOTE_OPEN), default=-1)
    if opened >= 0 and _letters(text[opened:a]) <= QUOTE_SLACK:
        closed = min((k for q in _QUOTE_CLOSE if (k := text.find(q, b, b + 2 * QUOTE_SLACK + 1)) >= 0), default=-1)
        if closed >= 0 and _letters(text[b:closed]) <= QUOTE_SLACK:
            return True
    return False


OWNER_REACH = 8  # characters before a contact searched for its owner's determiner or a denial


def _owned(text: str, hs: int, rules: SpamRules, form: FormRules) -> bool:
    """The contact at hs is named as a company's in the sentence ("该公司客服QQ…", "这家医院的热线…": a
    determiner of news_frame right before it), or denied ("官方从未通过QQ…"): news, not an offer."""
    lo = max(0, hs - OWNER_REACH)
    lo = max([lo, *(m.end() for m in _CLAUSE.finditer(text, lo, hs))])
    return bool(form.denial.search(text, lo, hs) or (rules.determiner is not None and rules.determiner.search(text, lo, hs)))


def _handle_ad(text: str, hs: int, he: int, rules: SpamRules, form: FormRules) -> tuple[int, int] | None:
    """The ad around the contact text[hs:he], or None when it is no ad's."""
    if _owned(text, hs, rules, form):
        return None
    # a short line with no sentence of prose in it: a business card, an ad as a whole
    if len(text) <= 3 * LINE_MAX and _letters(text) <= LINE_MAX and not _PROSE_END.search(text) and _sells(text, 0, len(text), form) and \
            not form_reported(text, hs, he, rules, form) and not form.listing.search(text) and not _runs_on(text, he, rules, form):
        return len(text) - len(text.lstrip()), len(text.rstrip())
    # a clause spliced into a line: from the clause's start (or the first of the ad's spaced chunks
    # within ad_max letters) to the contact's end, with its trailing chunks of promise words
    lo = max(0, hs - REACH)
    c0 = max((m.end() for m in _CLAUSE.finditer(text, lo, hs)), default=lo)
    c0 = _inside_bracket(text, c0, hs)
    start = c0
    if hs - c0 > form.ad_max:
        chunks = [m for m in _CHUNK.finditer(text, c0, hs) if m.start() >= hs - form.ad_max]
        spaced = [m for m in chunks if m.start() > c0 and text[m.start() - 1].isspace()]
        call = _CALL_BEFORE.search(text, max(c0, hs - 8), hs)
        start = spaced[0].start() if spaced else (call.start() if call else hs)
    first = _CHUNK.search(text, start, hs)
    if first and first.end() < hs and (first.end() - first.start() > form.chunk_max or _prose(text, *first.span())):
        nxt = _CHUNK.search(text, first.end(), hs)  # the host's words glued before the ad's first chunk
        start = nxt.start() if nxt else start
    start = _own_chunk(text, start, hs, rules, form)
    end = he
    t = _TAIL.match(text, end)
    end = t.end() if t and t.end() > end and text[end:t.end()].strip() else end
    # spaced chunks after the id that sell ("… 加微 zt8899 懂的来"), up to the clause's end
    c1m = _CLAUSE.search(text, end, end + REACH)
    c1 = c1m.start() if c1m else min(len(text), end + REACH)
    k = end
    while k < c1 and text[k].isspace():
        m = _SPACED_CHUNK.match(text, k, c1)
        if not m or m.end() - m.start(1) > form.chunk_max:
            break
        if not (form.promise.search(m.group(1)) or form.trade.search(m.group(1)) or form.handle.search(m.group(1))):
            break
        end = k = m.end()
    if c1 - end <= 2 and _letters(text[end:c1]) <= 2:
        end = c1  # the clause ends right after it ("…微信 abc123 。")
    if _letters(text[start:hs]) > form.ad_max or form_reported(text, start, end, rules, form) or \
            form.listing.search(text, start, end):
        return None
    if _whole_sentence(text, start, end) and len({m.group(0) for m in form.promise.finditer(text, start, end)}) < 2:
        return None  # a sentence of prose as a whole rests on more than one word of a sale
    # a sale in it; or the contact closes a row of the ad's spaced chunks and the host's text
    # goes on glued after it or its clause ends ("…，运彩投注站 LINE：@tw888bet|也能在深夜…"): a clause
    # of prose before a handle ("可以加微信 abc123 咨询") is glued to it and holds prose's particles
    if _sells(text, start, end, form) or _spliced_row(text, start, hs, end, c1, rules, form):
        return _balanced(text, start, end)
    return None


_HOST_PARTICLES = frozenset("的了是在和与及等或被把将向从对为")  # prose's particles (not 请, 您, 我: an ad's address)


def _marks(text: str, a: int, b: int, rules: SpamRules, form: FormRules) -> list[int]:
    """Where the words that mark an ad begin in text[a:b]: promise and trade words, strong lexicon
    terms (a weak lexicon term glued right before a mark is the ad's too: "手机|靓号"), a call
    right before b (the contact's start: "加|微 abc123"), and b itself."""
    marks = [m.start() for pat in (form.promise, form.trade, rules.strong_any) for m in pat.finditer(text, a, b)]
    call = _CALL_BEFORE.search(text, a, b)
    marks += [call.start()] if call else []
    marks.append(b)
    weak = [m.span() for m in rules.run.finditer(text, a, b) if m.end() - m.start() > 1]
    out = []
    for k in marks:
        while True:
            prev = next((x for x, y in weak if y == k and x < k), None)
            if prev is None:
                break
            k = prev
        out.append(k)
    return out


def _own_chunk(text: str, start: int, hs: int, rules: SpamRules, form: FormRules) -> int:
    """Where an ad glued into a sentence begins: the stretch glued to its contact (no space
    between) that holds a particle of prose ("明年将|飙股群限时免费…加LINE：…") is the host
    sentence's up to that particle; the ad's own chunk starts at its first mark after it (a
    promise, a trade word, a lexicon term, the call or the contact), not at the clause's start.
    An ad's name with no particle ("宠物狗幼犬出售 …") stays the ad's."""
    a = hs
    while a > start and not text[a - 1].isspace() and not _CLAUSE.match(text, a - 1):
        a -= 1
    last = max((k for k in range(a, hs) if text[k] in _HOST_PARTICLES), default=-1)
    if last < 0:
        return start
    return max(start, min(k for k in _marks(text, last + 1, hs, rules, form) if k > last))


def beside_lexicon(text: str, spans: list[tuple[int, int]], lexicon: list[tuple[int, int]], rules: SpamRules,
                   form: FormRules | None) -> list[tuple[int, int]]:
    """Form spans where the lexicon has found the same ad: a form span reaching back past a lexicon
    span's start over text glued to it (no space, no mark of a clause) that holds no word marking an
    ad (`_marks`: a promise or trade word, a lexicon term) starts where the lexicon's does ("另一人|黑客
    技术接单…飞机@…": the host's words before the ad the lexicon knows stay). Only a lexicon span that
    opens with a lexicon term knows where the ad begins (a contact pattern alone, "加LINE@…", does
    not). An ad of spaced chunks is not trimmed: its spaces set its phrases apart from the host's."""
    if form is None or not lexicon:
        return spans
    out = []
    for a, b in spans:
        # (an ad of spaced chunks is its chunks: "驾照代考 包过 QQ …" keeps its first one whole)
        inside = [m.span() for m in form.handle.finditer(text, a, b)]
        spaced = any(text[k].isspace() and not any(x <= k < y for x, y in inside) for k in range(a, b))
        for la, _ in lexicon:
            if not spaced and a < la < b and rules.run.match(text, la) and not re.search(r"[，,；;。！？!?：:、]", text[a:la]):
                a = min(k for k in _marks(text, a, la, rules, form) if k >= a)
        out.append((a, b))
    return out


def _inside_bracket(text: str, c0: int, hs: int) -> int:
    """The clause's start, or just after a bracket or quote mark opened in it and still open at the
    contact ("该公司回应称（如需代办…加微…）": the ad is the bracket's inside, the words before it the host's)."""
    for k in range(hs - 1, c0 - 1, -1):
        if text[k] in _BRACKETS and _BRACKETS[text[k]] not in text[k + 1 : hs] and text[k] != '"':
            return k + 1
    return c0


_BRACKETS = {"（": "）", "(": ")", "「": "」", "『": "』", "“": "”", "《": "》", "【": "】", "[": "]"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a bracket or quote mark at either end whose partner stays outside it
    ("…（加微 abc123）" keeps its "）" when its "（" is the host's); brackets that hold the ad and
    nothing else go with it."""
    while end > start and text[end - 1] in _CLOSERS and _CLOSERS[text[end - 1]] not in text[start : end - 1]:
        end -= 1
    while start < end and text[start] in _BRACKETS and _BRACKETS[text[start]] not in text[start + 1 : end]:
        start += 1
    if start > 0 and end < len(text) and text[start - 1] in _BRACKETS and text[end] == _BRACKETS[text[start - 1]]:
        start, end = start - 1, end + 1  # the ad is all the brackets hold: they go with it
    return start, end


def _runs_on(text: str, he: int, rules: SpamRules, form: FormRules) -> bool:
    """After the contact ending at he, the line runs on as prose: a clause mark, then a clause
    of CARD_TAIL_MAX letters or more with no sign of a sale (a card's tail sells: "，当天到账 诚信经营").
    Such a line is a hard-wrapped piece of a sentence an ad was spliced into, no card."""
    k = he + len(text[he:]) - len(text[he:].lstrip())
    m = _CLAUSE.match(text, k)
    if m is None:
        # or the host's prose glued right after the contact ("…加Q 2236781590而是把他们…"): a
        # particle of prose in its first clause
        c = _CLAUSE.search(text, k)
        if not any(ch in _HOST_PARTICLES for ch in text[k : c.start() if c else len(text)]):
            return False
        k0 = k
    else:
        k0 = m.end()
    return _letters(text[k0:]) >= CARD_TAIL_MAX and _last_signal(text, k0, len(text), rules, form) is None


CARD_TAIL_MAX = 8  # letters after a card's contact that are a sentence running on, not the card's


def _whole_sentence(text: str, a: int, b: int) -> bool:
    """text[a:b] is a sentence of prose as a whole: nothing of it before a (back to the last
    sentence's end or the line's start) and a full stop right after b."""
    if text[:a].rstrip() and text[:a].rstrip()[-1] not in "。！？!?":
        return False
    return text[b:].lstrip()[:1] == "。"


def _word_spaced(text: str, chunks: list[tuple[int, int]]) -> bool:
    """Spaces between WORDS (a page that spaces its prose, "银行 下调 存款利率 一年期"), not an ad's
    phrases: three chunks or more all of one or two letters, more than half of four or more (half of
    them, for six or more), or one is a single Chinese character ("售价 5999元 起 首批现货": a word no ad's
    phrase is)."""
    short = sum(1 for a, b in chunks if _letters(text[a:b]) <= 2)
    n = len(chunks)
    return (n >= 3 and short == n) or (n >= 4 and 2 * short > n) or (n >= 6 and 2 * short >= n) or \
        any(_ONE_CJK.fullmatch(text, a, b) for a, b in chunks)


_ONE_CJK = re.compile(r"[\u3400-\u9fff]")


_PROSE_CHARS = frozenset("的了是在和与及等或被把将向从对为请您我们")


def _spliced_row(text: str, start: int, hs: int, end: int, c1: int, rules: SpamRules, form: FormRules) -> bool:
    """text[start:hs] is one or more short chunks set apart from the contact by a space, with no
    particle of prose in them, and the host's text glued after the contact, or the clause's end."""
    if hs <= start or not text[hs - 1].isspace():
        return False
    chunks = list(_CHUNK.finditer(text, start, hs))
    if not chunks or any(m.end() - m.start() > form.chunk_max for m in chunks):
        return False
    if any(ch in _PROSE_CHARS for m in chunks for ch in m.group(0)):
        return False
    if len(chunks) >= 2 and _word_spaced(text, [m.span() for m in chunks]):
        return False
    return end >= c1 or bool(re.match(r"[\u3400-\u9fff]", text[end : end + 1]))


_MONEY = re.compile(r"(?<![\da-zA-Z.])\d{1,6}(?:\.\d{1,2})?\s?(?:元|块)|[¥￥$]\s?\d{1,6}")  # a price (no rate)
_PRICE = re.compile(r"(?<![\da-zA-Z.])\d{1,6}(?:\.\d{1,2})?\s?(?:元|块|万|折|%|％)|[¥￥$]\s?\d{1,6}")


def _rows(text: str, rules: SpamRules, form: FormRules) -> list[tuple[int, int]]:
    """Runs of row_chunks or more short spaced chunks (in one clause) holding row_signals signs of
    a sale, one a promise word at least (the others more promise words, a price or a percentage,
    a contact, a numbered site): an ad's row, contact or not ("高仿手表 一比一复刻 顺丰到付"). The
    row's last chunk may run into the host's text glued after it ("… 无效退款|其中约三成…"): it
    ends with its promise word then."""
    if not _SPACED_CJK.search(text):
        return []
    out = []
    for seg in re.finditer(r"[^，,；;。！？!?\n]+", text):
        chunks = [(m.start() + seg.start(), m.end() + seg.start()) for m in re.finditer(r"\S+", seg.group(0))]
        run: list[tuple[int, int]] = []
        for c in [*chunks, None]:
            if c is not None and c[1] - c[0] <= form.chunk_max and len(run) < ROW_MAX:
                run.append(c)
                continue
            if c is not None and run:
                p = form.promise.match(text, c[0])
                if p:  # the ad's last promise glued to the host's words
                    run.append((c[0], p.end()))
            # a prose chunk (a particle of prose in it) is the host's, at either end
            while run and _prose(text, *run[0]):
                run.pop(0)
            # the row ends with its last sign of a sale; in a chunk glued to the host's words
            # ("微信 fp8806|折算下来"), at that sign's end
            while run and _last_signal(text, *run[-1], rules, form) is None:
                run.pop()
            if len(run) >= form.row_chunks and not _word_spaced(text, run):
                a, b = run[0][0], _last_signal(text, *run[-1], rules, form)
                promises = len({x.group(0) for x in form.promise.finditer(text, a, b)})
                prices = len(_MONEY.findall(text, a, b))
                contact = bool(form.handle.search(text, a, b) or any(p.id in _SITES and p.search(text, a, b) for p in rules.anchors))
                signals = promises + bool(_PRICE.search(text, a, b)) + contact
                # a list of prices with one word of a sale and no contact is a price table the
                # article gives ("基础版 99元/月 专业版 299元/月 企业版 面议"): an ad's row sells more
                table = prices >= 2 and promises < 2 and not contact
                if promises and signals >= form.row_signals and not table and not form.listing.search(text, a, b) and \
                        not form_reported(text, a, b, rules, form):
                    out.append((a, b))
            run = []
    return out


_SITES = frozenset({"numbered-site", "glued-numbered-site"})
ROW_MAX = 16  # chunks of one row (a longer run is read as rows of this many)
GLUED_HOST = 3  # CJK letters after a chunk's last sign of a sale that are the host's words glued to it


def _prose(text: str, a: int, b: int) -> bool:
    return any(ch in _PROSE_CHARS for ch in text[a:b])


def _last_signal(text: str, a: int, b: int, rules: SpamRules, form: FormRules) -> int | None:
    """Where the chunk text[a:b]'s signs of a sale end (b when the rest is short), None for none."""
    ends = [m.end() for pat in (form.promise, _PRICE, form.handle) for m in pat.finditer(text, a, b)]
    ends += [m.end() for p in rules.anchors if p.id in _SITES for m in p.regex.finditer(text, a, b)]
    if not ends:
        return None
    e = max(ends)
    return e if len(_CJK.findall(text, e, b)) >= GLUED_HOST else b


_CJK = re.compile(r"[\u3400-\u9fff]")
