"""Spam spans: runs of gambling/porn/SEO lexicon terms (rules/spam.yaml) spliced into
text, found without any one seed's exact phrase."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache

from .rules import RULES_DIR, SpamRules, _load
from .spamform import beside_lexicon, form_reported, form_spans
from .text import SENTENCE_STOP as _SENTENCE_STOP
from .text import clause_bounds, cut, merge_spans

AMOUNT_UNITS = "元块万"
ANCHOR_RUN = 3  # terms of a run that only a promo anchor anchors
BRAND_MAX = 3  # CJK characters of a brand name glued before a gambling site's suffix


@lru_cache(maxsize=1)
def brand_suffixes() -> frozenset[str]:
    """Words that end a gambling or porn site's name ("X娱乐城", "X国际", "X彩票"):
    rules/spam.yaml `brand_suffix`."""
    return frozenset(str(t).lower() for t in _load("spam.yaml", RULES_DIR).get("brand_suffix", []))


def spam_spans(text: str, rules: SpamRules) -> list[tuple[int, int]]:
    """Spans of gambling/SEO spam (_spam_spans), remembered per line text in `rules.memo` when
    the rules keep one (the loaded lexicon does; one with a page's brands added does not)."""
    if rules.memo is None:
        return _spam_spans(text, rules)
    return list(rules.memo.answer(text, lambda t: tuple(_spam_spans(t, rules))))


def _spam_spans(text: str, rules: SpamRules) -> list[tuple[int, int]]:
    """Spans of the lexicon's spam (_lexicon_spans) and of ads recognised by their form,
    whatever they sell (digest/spamform.py)."""
    found = _lexicon_spans(text, rules)
    form = beside_lexicon(text, form_spans(text, rules, rules.form), found, rules, rules.form)
    return merge_spans(found + form) if form else found


def _lexicon_spans(text: str, rules: SpamRules) -> list[tuple[int, int]]:
    """Spans of gambling/SEO spam: runs of lexicon terms anchored by a strong term.

    One lexicon word alone is often ordinary Chinese (投注精力, 四不像): a run needs a
    strong term and at least one more term glued to it, unless its term is one that is
    spam on its own (rules/spam.yaml `alone`).
    """
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for pat in rules.patterns:
        spans.extend(m.span() for m in pat.finditer(text)
                     if not (pat.framed and (_claimed(text, *m.span(), rules) or _quoted(text, *m.span())))
                     and (not pat.spliced or _spliced(text, *m.span(), rules))
                     and not (pat.id == "contact-bait" and rules.form is not None
                              and form_reported(text, *m.span(), rules, rules.form)))
    patterned = bool(spans)
    runs: list[tuple[int, int, int]] = []  # each run's span and term count
    anchors = {m.span() for pat in rules.anchors for m in pat.finditer(text) if m.end() > m.start()}
    if not anchors and not rules.strong_probe.search(text):  # fast path: most lines hold no spam word at all
        return _widen_to_brackets(text, merge_spans([_widen_digits(text, a, b) for a, b in merge_spans(spans)]), rules)
    codes = {m.span() for pat in rules.codes for m in pat.finditer(text) if m.end() > m.start()}
    offers = [m.span() for pat in rules.anchors if pat.id not in SITE_ANCHORS for m in pat.finditer(text)
              if m.end() > m.start()]
    sites = [m.span() for pat in rules.anchors if pat.id in SITE_ANCHORS for m in pat.finditer(text)]

    def close() -> None:
        if not run:
            return
        # a one-character term glued after a Chinese character is the end of a word (推出 |
        # 极速贷): it does not open a run before a longer term
        if (len(run) > 1 and run[0][1] - run[0][0] == 1 and run[0][0] > 0 and run[1][1] - run[1][0] > 1
                and _CJK_RUN.match(text, run[0][0] - 1) and text[run[0][0] : run[0][1]].lower() not in rules.strong):
            del run[0]
        start, end = run[0][0], run[-1][1]
        words = {text[a:b].lower() for a, b in run}
        # an ad category's words are news vocabulary too ("游戏代练平台被查处"): spam only
        # with an offer in the same run, or a contact handle or bonus in the line
        if (words & rules.offer_only and not (words - rules.offer_only) & (rules.strong | rules.alone)
                and not offers and not _holds_offer(text, start, end, offers, sites)
                and not _offer_in_clause(text, start, end, rules)):
            return
        strong = bool(words & rules.strong) or _holds_strong(text[start:end], rules)
        # an anchor without a strong term needs two more terms: "官网 www.abc123.com" is a
        # company's address, "官方直营 hy88.com 注册送" an ad
        # A site address anchors only a run with an offer in it (a handle, an amount:
        # "下载就送6888金币 ttby1000.com"); "用户可登录ai360.com体验" names a site in prose.
        anchored = strong or (any(t in anchors for t in run) and len(run) >= ANCHOR_RUN
                              and _holds_offer(text, start, end, offers, sites))
        # a term that is spam on its own may sit inside a longer match ("首存送": 首存 + 存送)
        alone = bool(words & rules.alone) or (rules.alone_any is not None and any(
            (a, b) not in anchors and (a, b) not in codes and rules.alone_any.search(text, a, b) for a, b in run))
        # a term joined from overlapping ones ("极速赛车" + "赛车pk10") counts as each of them
        count = sum(max(1, sum(1 for _ in rules.run.finditer(text, x, y))) if (x, y) not in anchors else 1 for x, y in run)
        if (anchored and count >= 2) or alone:
            if text[run[0][0] : run[0][1]].lower() in brand_suffixes():
                start = _brand_start(text, start, guess=not text.startswith(_generic_heads(), run[0][0]))
            elif (len(run) > 1 and run[0][1] - run[0][0] == 1 and run[1][0] == run[0][1]
                  and text[run[1][0] : run[1][1]].lower() in brand_suffixes()):
                start = _brand_start(text, start)  # "银河九号|体育": a one-letter term ends the brand
            start = _strong_before(text, start, rules)
            spans.append((start, end))
            runs.append((start, end, count))

    terms, anchors, codes = _with_tokens(_terms(text, rules.run), anchors, codes)
    for a, b in terms:
        gap = text[run[-1][1] : a] if run else None
        # A lone character is a term only when glued directly ("号码") or after a number
        # ("三期"), never across other text: "…号码前期投入" must keep 前期.
        single = run and (b - a == 1 or run[-1][1] - run[-1][0] == 1)
        # A list of strong terms ("百家乐、运彩、老虎机") is one run.
        listed = (run and _LIST_GLUE.fullmatch(gap or "") and text[a:b].lower() in rules.strong
                  and text[run[-1][0] : run[-1][1]].lower() in rules.strong)
        if run and ((_GLUE.fullmatch(gap or "") and not (single and gap and not _NUMERAL.fullmatch(gap))) or listed):
            run.append((a, b))
        else:
            close()
            run = [(a, b)]
    close()
    # a short run or two in a sentence about the trade, with no contact, bonus or address in the
    # line, is what the sentence is about, not an ad spliced into it
    if len(runs) <= NEWS_RUNS and not patterned and not offers and not sites and _all_reported(text, runs, rules):
        for r in runs:
            spans.remove(r[:2])
    spans = _ad_row(text, _stretch_before_handle(text, merge_spans(spans), rules), rules)
    return _widen_to_brackets(text, merge_spans([_widen_digits(text, a, b) for a, b in merge_spans(spans)]), rules)


HANDLE_ANCHORS = frozenset({"chat-handle", "v-handle"})  # rules/spam.yaml anchors: a contact the ad gives
STRETCH_MAX = 40  # characters of an ad's spaced chunks before its contact handle
STRETCH_CHUNK_MAX = 12  # characters of one chunk
STRETCH_TERMS = 2  # lexicon terms (weak ones count) the chunks hold at least


def _stretch_before_handle(text: str, spans: list[tuple[int, int]], rules: SpamRules) -> list[tuple[int, int]]:
    """An ad spliced into prose is a row of short spaced chunks closed by its contact handle
    ("某某跑分平台 USDT跑分 日收益3%起 躺赚项目 TG@某某"): Chinese prose puts no spaces between
    its words. A span holding a chat handle takes the spaced chunks before it, back to the
    clause edge, when there are two or more, none longer than STRETCH_CHUNK_MAX, and they hold
    STRETCH_TERMS lexicon terms (weak ones too: the handle vouches for the offer). The first
    chunk may be glued to the host's clause ("…学历和|某某跑分平台 …"): the ad starts there at its
    first lexicon term, with the brand before it (_brand_start). A clause of plain prose
    before a handle ("…，可以加微信 abc123 咨询") has no such row."""
    out = []
    for a, b in spans:
        handle = any(pat.id in HANDLE_ANCHORS and pat.search(text, a, b) for pat in rules.anchors) or any(
            pat.id == "contact-bait" and pat.search(text, a, b) for pat in rules.patterns)
        if handle:
            lo = max(0, a - 2 * STRETCH_MAX)
            edge = max((m.end() for m in _GAP_PUNCT.finditer(text, lo, a)), default=lo)
            chunks = [m.span() for m in _CHUNK.finditer(text, edge, a)]
            if len(chunks) >= 2 and (edge == 0 or _GAP_PUNCT.match(text, edge - 1)):
                # (its first term of two letters or more: a one-letter weak term is any word's end, 高峰|期)
                first = next((m for m in rules.run.finditer(text, chunks[0][0], chunks[0][1]) if m.end() - m.start() > 1), None)
                start = chunks[0][0] if chunks[0][1] - chunks[0][0] <= STRETCH_CHUNK_MAX else (
                    _brand_start(text, first.start()) if first else chunks[0][1])
                if (chunks[0][1] - start <= STRETCH_CHUNK_MAX and start < chunks[0][1] and a - start <= STRETCH_MAX
                        and all(y - x <= STRETCH_CHUNK_MAX for x, y in chunks[1:])
                        and sum(1 for _ in rules.run.finditer(text, start, a)) >= STRETCH_TERMS):
                    a = start
        out.append((a, b))
    return out


_CHUNK = re.compile(r"\S+")


ROW_CHUNKS = 3  # spaced chunks of a line that is an ad's row
_ROW_PUNCT = re.compile(r"[。！？!?，,；;、“”\"]")


def _ad_row(text: str, spans: list[tuple[int, int]], rules: SpamRules) -> list[tuple[int, int]]:
    """A line that is nothing but a row of short spaced chunks (no clause punctuation, ROW_CHUNKS
    or more chunks of at most STRETCH_CHUNK_MAX characters), holding a spam run and an offer (a
    price, a site address, a contact handle: "某某加速器 高速翻墙 解锁海外AI工具 首月6.6元 abc.vip"),
    is an ad as a whole, wherever it stands: prose puts no spaces between Chinese words."""
    if not spans or _ROW_PUNCT.search(text):
        return spans
    chunks = list(_CHUNK.finditer(text))
    if len(chunks) < ROW_CHUNKS or any(m.end() - m.start() > STRETCH_CHUNK_MAX for m in chunks):
        return spans
    offer = (any(pat.search(text) for pat in rules.anchors) or any(pat.search(text) for pat in rules.offer_near)
             or any(pat.id == "site-address" and pat.search(text) for pat in rules.codes))
    return [(chunks[0].start(), chunks[-1].end())] if offer else spans


HOST_WORD_USES = 3  # uses of a weak word in the article's own prose that make it the article's word


def host_tail(text: str, start: int, end: int, rules: SpamRules, uses: Callable[[str], int]) -> int:
    """Where the spam span text[start:end] ends when its last term is a weak word glued, with
    no space or punctuation, to the host sentence going on ("…提现秒到账|平台运营人员…"): a weak
    word (平台, 视频, 官网 …) is spam only beside a strong one, and is as likely the host's first
    word as the ad's last. It is the host's when the article's own prose, outside every spam
    span, uses it HOST_WORD_USES times or more (`uses`: a word's count there): the article's
    vocabulary, not the ad's ("…约会视频裸聊|视频通话…" in an article about video-call fraud).
    An ad's last word is rarely the article's topic word; strong, alone and learned terms
    always stay the ad's."""
    if end >= len(text) or not _CJK_RUN.match(text, end):
        return end
    terms = _terms(text[start:end], rules.run)
    if len(terms) < 2 or start + terms[-1][1] != end:
        return end
    word = text[start + terms[-1][0] : end].lower()
    if (len(word) < 2 or not _CJK_RUN.fullmatch(word) or word in rules.strong or word in rules.alone
            or word in rules.learned or _holds_strong(word, rules)):
        return end
    return start + terms[-1][0] if uses(word) >= HOST_WORD_USES else end


def _all_reported(text: str, runs: list[tuple[int, int, int]], rules: SpamRules) -> bool:
    """Is every run what its sentence reports on? A run the sentence's own signals do not
    vouch for still is when another run of the same sentence, no brand's name, is reported
    and a generic modifier or a determiner stands right before this one's trade word: the
    trade named again in a later clause ("…博彩收入同比增长15%，非|博彩业务占比继续提升",
    "其智能|老虎机已出口…"). A brand spliced there ("，金沙娱乐城数据中心…") has no such word
    before it."""
    ok = [_reported(text, *r, rules, [o[:2] for o in runs if o is not r]) for r in runs]
    if all(ok) or not any(ok):
        return all(ok)

    def sentence(x: int) -> int:
        return len(_SENTENCE_STOP.findall(text, 0, x))

    def named_again(r: tuple[int, int, int]) -> bool:
        terms = _trade_terms(text, r[0], r[1], rules)
        return sentence(r[0]) in vouched and _modified(text, terms[0][0] if terms else r[0], rules)

    # only a run that is no brand's name vouches (a spliced brand before 集团 in a clause
    # with 测试 may pass the sentence's signals itself; it vouches for nothing)
    vouched = {sentence(r[0]) for r, good in zip(runs, ok, strict=True) if good and not _brand_like(text, r[0], r[1], rules)}
    return all(good or named_again(r) for r, good in zip(runs, ok, strict=True))


SITE_ANCHORS = frozenset({"numbered-site", "glued-numbered-site"})  # rules/spam.yaml anchors that name a site
# contact and address shapes (rules/spam.yaml `codes`, `offer_near`): a line holding one is never news about the trade
CONTACT_SHAPES = frozenset({"site-address", "handle", "address"})
NEWS_RUN_TERMS = 2  # terms of a run that a sentence about the trade may hold
NEWS_RUNS = 2  # ... and runs
INSTITUTION_GAP = 2  # letters between a name and its institution's noun ("澳门银河|国际会议|中心")
_CLAUSE_STOP = re.compile(r"[，,；;：:。！？!?\n]")
_QUOTES = {"“": "”", "「": "」", "『": "』", "\"": "\""}


def _reported(text: str, start: int, end: int, count: int, rules: SpamRules,
              others: list[tuple[int, int]] = ()) -> bool:
    """Is the run text[start:end] what a sentence of news is about (rules/spam.yaml
    `news_frame`)? The sentence ends after it; the run is short and names no brand the page's
    own spam taught; and either it is quoted or reported as a claim, or two signs of a news
    sentence about the trade meet: the sentence names the trade again outside the run, its
    clause reports on enforcement, or on a company's results or research, an institution's
    or a case's noun follows the run, a determiner stands before it ("该网上赌场"). An offer
    (`promo`) is news only quoted or claimed."""
    if (rules.enforcement is None or rules.report is None or count > NEWS_RUN_TERMS
            or any(b in text[start:end] for b in rules.learned)):
        return False
    if not _SENTENCE_STOP.search(text, end) or _contact(text, rules):
        return False
    if _claimed(text, start, end, rules) or _quoted(text, start, end):
        return True
    if rules.promo and rules.promo.search(text, start, end):
        return False
    a, b = clause_bounds(text, start, end, _CLAUSE_STOP)
    enforcement = bool(rules.enforcement.search(text, a, start) or rules.enforcement.search(text, end, b))
    report = bool(rules.report.search(text, a, start) or rules.report.search(text, end, b))
    s0 = max((m.end() for m in _SENTENCE_STOP.finditer(text, 0, start)), default=0)
    # reported speech: a verb of speaking ending an earlier clause of the sentence ("某公司表示，…，
    # …") reports every clause after it
    report = report or _speech_before(text, s0, a, rules)
    # an institution's noun right after the run, or after a name's last words ("澳门银河|国际会议|中心")
    head = next((m for p in _glued(text, end, b, INSTITUTION_GAP) if (m := rules.institution.match(text, p))),
                None) if rules.institution else None
    if head is not None and _runs_on(text, head.end(), b, rules):
        head = None  # "金樽娱乐城股份|数据中心的电力": a name spliced before a noun of something else
    det = rules.determiner.search(text, max(a, start - DETERMINER_MAX), start) if rules.determiner else None
    determiner = det is not None and det.end() == start
    s1 = _SENTENCE_STOP.search(text, end)
    # the trade named again by another word of the sentence, not by a second run: two spliced
    # brands ("金樽博彩公司…龙腾娱乐城…") do not vouch for each other
    again = any(not start <= x < end and not any(o <= x < p for o, p in others if _brand_like(text, o, p, rules))
                for x, _ in _trade_terms(text, s0, s1.start() if s1 else len(text), rules))
    # a spliced ad's host sentence is about something else: it names no trade, and the ad sits
    # wherever it was spliced, not after a determiner or before an institution's noun
    if again and (enforcement or report or head is not None):
        return True
    # ... or the institution it names is the sentence's subject, speaking, and a generic word
    # or a determiner before the trade word says it is no brand ("中国|体育彩票|管理中心|称，",
    # "澳门|博彩业协会|称"; "皇冠娱乐城集团表示" is a brand's name, never vouched for so)
    terms = _trade_terms(text, start, end, rules)
    if _speaking(text, end, b, rules) and _modified(text, terms[0][0] if terms else start, rules):
        return True
    # ... or the run is a noun of the sentence (after a determiner, before an institution's
    # noun) in a sentence about enforcement, or after a determiner in a clause reporting results
    # or research ("这家博彩设备制造商上季度营收增长两成")
    sentence_end = s1.start() if s1 else len(text)
    return (((determiner or head is not None) and bool(enforcement or rules.enforcement.search(text, s0, sentence_end)))
            or (determiner and report))


def _speech_before(text: str, s0: int, a: int, rules: SpamRules) -> bool:
    """Does a verb of speaking (news_frame `speaks`) end a clause between the sentence's start
    s0 and the run's clause at a ("美高梅中国表示，…")?"""
    if rules.speaks is None:
        return False
    return any(v.end() == m.start() for m in _CLAUSE_STOP.finditer(text, s0, a)
               for v in rules.speaks.finditer(text, max(s0, m.start() - SPEECH_VERB_MAX), m.start()))


SPEECH_VERB_MAX = 2  # letters of a verb of speaking before the comma that ends its clause
SPEAKER_GAP = 6  # letters between a name and its institution's noun before a verb of speaking


def _speaking(text: str, end: int, b: int, rules: SpamRules) -> bool:
    """Does an institution's noun follow the run (within SPEAKER_GAP letters of its name) with
    a verb of speaking right after it (rules/spam.yaml news_frame `speaks`)?"""
    if rules.institution is None or rules.speaks is None:
        return False
    return any((m := rules.institution.match(text, p)) and rules.speaks.match(text, m.end())
               for p in _glued(text, end, b, SPEAKER_GAP))


def _glued(text: str, e: int, b: int, gap: int) -> Iterator[int]:
    """Positions from e on, up to `gap` Chinese letters glued after it, not past b."""
    for k in range(gap + 1):
        if e + k > b or (k and not _CJK_RUN.fullmatch(text, e, e + k)):
            return
        yield e + k


DETERMINER_MAX = 2  # letters of a determiner before the run
BRAND_PREFIX = 2  # letters glued before a trade word that make a run a brand ("金樽|博彩", "龙腾|娱乐城")
GENERIC_MAX = 4  # letters of a generic modifier or determiner before a trade word
CLAIM_GAP = 2  # letters between a claim word and the run ("承诺|稳赚不赔", "以“…”为|噱头")
QUOTE_SLACK = 2  # letters of a quotation besides the run ("“AI彩票预测”")


RUNON_GAP = 2  # letters between an institution's noun and the noun it runs on into


def _runs_on(text: str, e: int, b: int, rules: SpamRules) -> bool:
    """Does the name that ends in an institution's noun at e run on, glued, into a second
    institution's or a facility's noun ("…股份|数据中心", "…控股|云|平台")? Then it is no
    institution of the sentence but an ad spliced before the sentence's own noun."""
    if rules.institution is None:
        return False
    return any(rules.institution.match(text, p, b) or (rules.runon is not None and rules.runon.match(text, p, b))
               for p in _glued(text, e, b, RUNON_GAP))


def _brand_like(text: str, o: int, p: int, rules: SpamRules) -> bool:
    """Is the run text[o:p] a brand's name: its trade word has letters glued before it, in the
    run or before it, that are no generic modifier of the trade (rules/spam.yaml news_frame
    `generic_before`: "线上|娱乐城", "中国|体育彩票"), no determiner ("该|网上赌场") and do not end
    in a function word ("生成博彩广告的|线上娱乐城")? ("金樽|博彩公司", "龙腾|娱乐城")"""
    terms = _trade_terms(text, o, p, rules)
    x = terms[0][0] if terms else o
    lo = min(o, max(0, x - BRAND_PREFIX))
    before = text[lo:x]
    if len(before) < BRAND_PREFIX or not _CJK_RUN.fullmatch(before) or before[-1] in rules.phrase_end:
        return False
    return not _modified(text, x, rules)


def _modified(text: str, x: int, rules: SpamRules) -> bool:
    """Does a generic modifier or a determiner end right before the trade word at x?"""
    for words in (rules.generic_before, rules.determiner):
        m = words.search(text, max(0, x - GENERIC_MAX), x) if words is not None else None
        while m is not None and m.end() != x:
            m = words.search(text, m.start() + 1, x)
        if m is not None:
            return True
    return False


SPLICE_REST = 12  # letters of a line besides a spliced ad's match that make the ad the line


def _spliced(text: str, start: int, end: int, rules: SpamRules) -> bool:
    """Does a match of a `spliced` pattern (rules/spam.yaml) stand as an ad's own chunk? The line
    carries an ad's anchor (a handle, a bonus, a site), or is little more than the match, or the
    match opens the line or a clause (after a mark or a space: "…优势，|免保人小额信贷当日拨款|若能…")
    and no 的 or other phrase particle after it makes it a modifier. Inside a news clause the
    words are what it reports ("推出|免抵押信用贷款当天放款|的线上产品", "玩家|首充钻石1折|活动")."""
    if any(p.search(text) for p in rules.anchors) or len(text.strip()) - (end - start) <= SPLICE_REST:
        return True
    opens = start == 0 or not text[start - 1].isalnum()
    return opens and (end >= len(text) or text[end] not in rules.phrase_end)


def _claimed(text: str, start: int, end: int, rules: SpamRules) -> bool:
    """A claim word right before the run ("承诺|稳赚不赔", "所谓|…") or a claim's noun right
    after it ("以“…”为|噱头") reports it."""
    if rules.claim is not None and any(m.end() >= start - CLAIM_GAP
                                       for m in rules.claim.finditer(text, max(0, start - CLAIM_GAP - 4), start)):
        return True
    after = rules.claim_after.search(text, end, end + CLAIM_GAP + 4) if rules.claim_after is not None else None
    return after is not None and after.start() <= end + CLAIM_GAP


def _quoted(text: str, start: int, end: int) -> bool:
    """The run is (nearly) all of a quotation (“AI彩票预测”): at most QUOTE_SLACK letters of it besides the run."""
    for k in range(start - 1, max(0, start - QUOTE_SLACK - 1) - 1, -1):
        close = _QUOTES.get(text[k])
        if close is not None:
            c = text.find(close, end, end + QUOTE_SLACK - (start - 1 - k) + 1)
            return c >= 0
        if not _CJK_RUN.match(text[k]) and not text[k].isalnum():
            return False
    return False


def reported_stretch(text: str, a: int, b: int, rules: SpamRules) -> bool:
    """Is a statistical stretch text[a:b] (digest/spamstats.py) of a line the lexicon found
    clean a sentence of news about the trade ("研究团队在扎金花、斗地主等棋牌游戏上测试了…")?
    The sentence ends after it, the line holds no contact, bonus, address or draw numbers and
    no brand the page's spam taught, the stretch no offer (`promo`), and the clauses it spans
    report on enforcement, results or research, naming the trade at least twice; or the stretch
    modifies (的) a noun its clause condemns (enforcement words after it)."""
    if _reported_splice(text, a, b, rules):
        return True
    # a seller's words a report quotes ("对方称毕业证书免考可查，收费八千元。"): a claim word right before
    # the stretch, the sentence ending after it, no contact on the line
    if _claimed(text, a, b, rules) and _SENTENCE_STOP.search(text, b) and not _contact(text, rules):
        return True
    if rules.enforcement is None or rules.report is None or any(brand in text for brand in rules.learned):
        return False
    if not _SENTENCE_STOP.search(text, b) or any(p.search(text) for p in (*rules.patterns, *rules.anchors)):
        return False
    if _contact(text, rules) or (rules.promo and rules.promo.search(text, a, b)):
        return False
    lo, hi = clause_bounds(text, a, b, _CLAUSE_STOP)
    # the stretch modifies a noun its clause then calls a fraud or a crime ("…不用考 全国联网可查|的
    # 广告都是骗局"): a warning quoting the ad, whatever trade it names. A spliced ad is glued into
    # its host; the host does not go on to condemn it.
    if text.startswith("的", b) and rules.enforcement.search(text, b + 1, hi):
        return True
    framed = rules.enforcement.search(text, lo, hi) or rules.report.search(text, lo, hi)
    return bool(framed) and len(_trade_terms(text, a, b, rules)) >= TRADE_NAMED


SPLICE_SLACK = 2  # letters a statistical stretch may reach beyond a spliced pattern's match


def _reported_splice(text: str, a: int, b: int, rules: SpamRules) -> bool:
    """Is the stretch text[a:b] (nearly) a `spliced` pattern's match that _spliced finds inside a
    news clause? The statistics learned the ad's words; where the pattern reads them as reported
    ("推出|免抵押信用贷款当天放款|的线上产品") the stretch stays too."""
    return any(m.start() - SPLICE_SLACK <= a and b <= m.end() + SPLICE_SLACK and not _spliced(text, *m.span(), rules)
               for p in rules.patterns if p.spliced for m in p.finditer(text))


def _contact(text: str, rules: SpamRules) -> bool:
    """Does the line hold a contact handle, a bonus code, an address or draw numbers?"""
    return any(p.id in CONTACT_SHAPES and p.search(text) for p in (*rules.codes, *rules.offer_near))


def _trade_terms(text: str, a: int, b: int, rules: SpamRules) -> list[tuple[int, int]]:
    """Where text[a:b] names the trade: its strong and alone lexicon terms, overlapping ones joined."""
    found = [m.span() for m in rules.strong_any.finditer(text, a, b)]
    if rules.alone_any is not None:
        found += [m.span() for m in rules.alone_any.finditer(text, a, b)]
    return merge_spans(found)


TRADE_NAMED = 2  # lexicon terms of the trade in a reported stretch


_CLAUSE_EDGE = re.compile(r"[，,。！？!?；;\n]")


def _offer_in_clause(text: str, start: int, end: int, rules: SpamRules) -> bool:
    """An offer (rules/spam.yaml `offer_near`) in the clause that holds the run."""
    a, b = clause_bounds(text, start, end, _CLAUSE_EDGE)
    return any(p.search(text, a, b) for p in rules.offer_near)


def _holds_offer(text: str, start: int, end: int, offers: list[tuple[int, int]], sites: list[tuple[int, int]]) -> bool:
    """A run holds an offer: an anchor other than a site address, or a number outside one."""
    if any(start <= a < end for a, _ in offers):
        return True
    return any(ch.isdigit() and not any(a <= k < b for a, b in sites) for k, ch in enumerate(text[start:end], start))


def _with_tokens(terms: list[tuple[int, int]], anchors: set[tuple[int, int]],
                 codes: set[tuple[int, int]]) -> tuple[list[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
    """Lexicon terms and promo tokens in text order, overlapping ones joined ("首存送" and
    "送RM88" are one term "首存送RM88"); returns them with the joined spans that hold an
    anchor, and those made of codes alone."""
    if not anchors and not codes:
        return terms, set(), set()
    out: list[tuple[int, int]] = []
    kinds: list[set[str]] = []
    tagged = [(a, b, "t") for a, b in terms] + [(a, b, "a") for a, b in anchors] + [(a, b, "c") for a, b in codes]
    for a, b, kind in sorted(tagged, key=lambda s: (s[0], -s[1])):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
            kinds[-1].add(kind)
            continue
        out.append((a, b))
        kinds.append({kind})
    anchored = {span for span, k in zip(out, kinds, strict=True) if "a" in k}
    coded = {span for span, k in zip(out, kinds, strict=True) if k == {"c"}}
    return out, anchored, coded


_GAP_PUNCT = re.compile(r"[。！？!?，,；;：:、“”\"（）()《》\n]")
AD_GAP_MAX = 16


_OPEN_CLOSE = {"（": "）", "(": ")", "【": "】", "[": "]"}
BRACKET_LEFTOVER = 3  # letters of a bracket's content the spam may leave ("（直营）")
BRACKET_REACH = 8  # how far from the span its brackets may be


def _spam_like_gap(gap: str, rules: SpamRules) -> bool:
    """Every spaced chunk of a gap between two spam runs is an ad's token: mostly lexicon
    terms, promo codes, numbers or Latin letters ("捕鱼3D版 深海巨鲨"). A chunk of plain
    words ("推理成本 持续下降") is prose the ad was spliced around."""
    chunks = gap.split()
    if not chunks:
        return False
    for chunk in chunks:
        covered = [False] * len(chunk)
        hits = [m.span() for m in rules.run.finditer(chunk)]
        hits += [m.span() for pat in (*rules.codes, *rules.anchors) for m in pat.finditer(chunk)]
        hits += [m.span() for m in _PLAIN_TOKEN.finditer(chunk)]
        for a, b in hits:
            covered[a:b] = [True] * (b - a)
        if sum(covered) * 2 < len(chunk):
            return False
    return True


_PLAIN_TOKEN = re.compile(r"[0-9a-z.%+$¥￥-]+", re.IGNORECASE)


def _widen_to_brackets(text: str, spans: list[tuple[int, int]], rules: SpamRules) -> list[tuple[int, int]]:
    """A bracket holding a spam run and a scrap of it ("（金冠体育|官方直营| hx88.bet 首存送38%）")
    is spam as a whole: the span takes the brackets and the scrap, so no "（直营）" is left."""
    out = []
    for a, b in spans:
        # "【皇朝|足球返水计划】…": a bracket opened just before the run and closed inside it
        o = text.rfind("【", max(0, a - BRACKET_LEFTOVER - 1), a)
        o = o if o >= 0 else text.rfind("[", max(0, a - BRACKET_LEFTOVER - 1), a)
        if o >= 0 and _OPEN_CLOSE[text[o]] in text[a:b] and not re.search(r"[\s\W_]", text[o + 1 : a]):
            out.append((o, b))
            continue
        o = a - 1
        while o >= max(0, a - BRACKET_REACH) and text[o] not in _OPEN_CLOSE and text[o] not in _OPEN_CLOSE.values():
            o -= 1
        if o >= max(0, a - BRACKET_REACH) and text[o] in _OPEN_CLOSE:
            closing = _OPEN_CLOSE[text[o]]
            c, reach = b, b + BRACKET_REACH
            starts = {x: y for x, y in spans}
            while c < min(len(text), reach) and text[c] != closing and text[c] not in _OPEN_CLOSE:
                if c in starts and c > a:  # the next spam span: the bracket may close after it
                    c, reach = starts[c], starts[c] + BRACKET_REACH
                    continue
                c += 1
            if c < len(text) and text[c] == closing:
                inside = [(x, y) for x, y in spans if o < x and y <= c + 1]
                left = cut(text[o + 1 : c], [(max(x, o + 1) - o - 1, min(y, c) - o - 1) for x, y in inside])
                if len(re.sub(r"[\s\W_]", "", left)) <= BRACKET_LEFTOVER:
                    out.append((o, c + 1))
                    continue
        out.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in merge_spans(out):
        # two runs with only a comma or a space between them are one ("…推荐，加V：…")
        gap = text[merged[-1][1] : a] if merged else ""
        if merged and a - merged[-1][1] <= 2 and not re.search(r"[^\s\W_]|[。！？!?]", gap):
            merged[-1] = (merged[-1][0], b)
        elif (merged and len(gap) <= AD_GAP_MAX and " " in gap.strip() and not _GAP_PUNCT.search(gap)
              and _spam_like_gap(gap, rules)):
            # Chinese prose puts no spaces between its words; an ad's chunks are spaced: a
            # short spaced stretch of ad tokens between two runs is the ad's. Plain words
            # there ("百家乐真人荷官 推理成本 持续下降 澳门六合彩…") stay.
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _terms(text: str, lexicon: re.Pattern[str]) -> list[tuple[int, int]]:
    """Lexicon terms in `text`, longest first at each position; a term that a longer one
    overlaps ("天天彩|票": 天天彩 and 彩票) is extended to take it in."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := lexicon.search(text, pos)) is not None:
        a, b = m.span()
        k = a + 1
        while k < b:
            longer = lexicon.match(text, k)
            if longer and longer.end() > b:
                b = longer.end()
            k += 1
        out.append((a, b))
        pos = b
    return out


# What may sit between two spam terms of one run: nothing, spaces, a number with a unit
# ("送38元彩金"), or one character ("娱乐场官网"), maybe a measure after a Chinese numeral
# ("串关一场稳赢", "进群送三只金股").
_GLUE = re.compile(r"\s*[【】\[\]《》「」]?\s*\d*\s*[一二三四五六七八九十两几]?[\u4e00-\u9fff]?\s*\d*\s*[【】\[\]《》「」]?\s*")
_NUMERAL = re.compile(r"\s*第?[\d一二三四五六七八九十百千万两]{1,4}[只个场注倍]?\s*")  # (maybe its measure: "送三只|金股")
_LIST_GLUE = re.compile(r"\s*[、/|｜,，]\s*")
_BRAND_EDGE = re.compile(r"[\s\W_]")


def _brand_start(text: str, start: int, guess: bool = True) -> int:
    """Where a site name ends in a brand suffix ("鎏金|国际…", "九州|娱乐城…"), its brand
    is part of the spam. Brands are mostly two characters: the run takes the CJK
    characters back to the clause edge, or to a function character of prose ("因此|黄金岛
    网上娱乐城"), when there are at most BRAND_MAX of them (a clause this short is the
    brand), else the two right before it — unless `guess` is off (a suffix that says
    "online" itself, "线上娱乐城": the two letters before it are as likely prose, "缺乏")."""
    k = start
    while k > 0 and start - k < BRAND_MAX + 1 and "\u4e00" <= text[k - 1] <= "\u9fff" and text[k - 1] not in _function_chars():
        k -= 1
    if k == start:
        return start
    if start - k <= BRAND_MAX and (k == 0 or _BRAND_EDGE.match(text[k - 1]) or text[k - 1] in _function_chars()):
        return k
    return start - 2 if guess else start


@lru_cache(maxsize=1)
def _generic_heads() -> tuple[str, ...]:
    """Openings of a brand suffix that say "online" themselves (rules/spam.yaml `brand_generic_head`)."""
    return tuple(str(t) for t in _load("spam.yaml", RULES_DIR).get("brand_generic_head", []))


@lru_cache(maxsize=1)
def _function_chars() -> frozenset[str]:
    """Characters of a clause of prose never in a brand name (rules/stuffing.yaml
    `function_chars`, rules/spam.yaml `brand_stop`)."""
    return frozenset(str(_load("stuffing.yaml", RULES_DIR).get("function_chars", ""))
                     + str(_load("spam.yaml", RULES_DIR).get("brand_stop", "")))


BRAND_GAP = 2  # letters between a strong term and the run it names ("新濠|天下|体育…")


def _strong_before(text: str, start: int, rules: SpamRules) -> int:
    """A strong term ending at most BRAND_GAP letters before the run's start is its brand's
    head ("新濠" of "新濠天下体育 …"): the run starts there."""
    lo = max(0, start - BRAND_GAP - 8)
    best = start
    for m in rules.strong_any.finditer(text, lo, start):
        gap = text[m.end() : start]
        if len(gap) <= BRAND_GAP and all("\u4e00" <= ch <= "\u9fff" and ch not in _function_chars() for ch in gap):
            best = min(best, m.start())
    return best


def _holds_strong(run: str, rules: SpamRules) -> bool:
    # Longest-first matching can split a strong term across two weak ones (澳门正版|资料).
    return bool(rules.strong_any.search(run))


def _widen_digits(text: str, start: int, end: int) -> tuple[int, int]:
    # "2024澳门…", "【金沙娱乐城】体验金168": numbers and brackets glued to the run belong to it.
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in " 【[《「"):
        start -= 1
    stop = end
    while end < len(text) and (text[end].isdigit() or text[end] in " 】]》」%"
                               or (text[end] == "." and text[end - 1].isdigit() and text[end + 1 : end + 2].isdigit())):
        end += 1  # "日返水1.2%": a decimal amount
    glued = text[stop:end]
    if glued.rstrip(" ")[-1:].isdigit() and text[end:].lstrip(" ")[:1] in _DATE_UNITS:
        end = stop + len(glued) - len(glued.lstrip(" 】]》」"))  # "…官网|11月第二周": the host's date
    if end < len(text) and text[end] in AMOUNT_UNITS and text[end - 1].isdigit():
        end += 1  # "注册送28元": the amount's unit too
    amount = _CJK_AMOUNT.match(text, end)
    if amount:
        end = amount.end()  # "日赚千元", "送八十八元"
    return start, end


_DATE_UNITS = frozenset("年月日号时点周")  # a number before one of these is a date of the host sentence, not an amount
_CJK_AMOUNT = re.compile(r"[一二三四五六七八九十百千万两几]{1,4}(?:[元块]|(?![\u4e00-\u9fff]))")


BRAND_HEAD_MIN = 2  # CJK characters of a learned brand before its suffix
BRAND_REPEATS = 2  # a learned brand occurs at least this often in the document
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETED_BEFORE = re.compile(r"【[^【】]{2,12}】\s*$")  # a bracketed name glued before a spam run


def learned_brands(texts: list[str], spans_of: list[list[tuple[int, int]]], whole: str | None = None) -> frozenset[str]:
    """Names of the spam sites a page advertises, learned from its own spam: inside a
    span the lexicon found, a run of CJK characters ending in a brand suffix
    (rules/spam.yaml `brand_suffix`: "银河九号|体育", "海王|捕鱼"). A gambling mirror repeats
    its brands in its title, menus, splices and footer, where no lexicon word is beside
    them; a name counts only when it occurs at least BRAND_REPEATS times in the document
    and is no more than a brand (two to BRAND_MAX + 1 characters before the suffix, no
    function character of prose)."""
    suffixes = sorted((s for s in brand_suffixes() if _CJK_RUN.fullmatch(s) and len(s) >= 2), key=len, reverse=True)
    if not suffixes:
        return frozenset()
    stop = _function_chars()
    found: set[str] = set()
    wide: list[tuple[str, int, int]] = []  # the spans with the bracketed names before them
    for text, spans in zip(texts, spans_of, strict=True):
        for a, b in spans:
            while (m := _BRACKETED_BEFORE.search(text, max(0, a - 16), a)) is not None:  # "【X】【Y】|官方入口…": one ad
                a = m.start()
            wide.append((text, a, b))
            for run in _CJK_RUN.finditer(text, a, b):
                word = run.group(0)
                for k in range(BRAND_HEAD_MIN, len(word)):
                    suffix = next((s for s in suffixes if word.startswith(s, k)), None)
                    if suffix is None:
                        continue
                    for head in range(max(0, k - BRAND_MAX - 1), k - BRAND_HEAD_MIN + 1):
                        name = word[head : k + len(suffix)]
                        if not any(ch in stop for ch in name[: k - head]):
                            found.add(name)
                            break
    if not found:
        return frozenset()
    whole = "\n".join(texts) if whole is None else whole  # where the repeats are counted

    spammy = {text for text, spans in zip(texts, spans_of, strict=True) if spans}
    # lines of prose: a sentence end, no spam (split once, read for every learned name)
    prose_lines = [line for line in whole.split("\n") if line not in spammy and _SENTENCE_STOP.search(line)]

    def spam_side(name: str) -> bool:
        # seen inside the page's spam at least as often as in its prose: a sentence (with its
        # end, in a line with no spam) that goes on right after the name ("腾讯体育今日宣布…"),
        # not a spliced token ("…看，金湾七号体育 夜班…"); a name on a generic suffix (体育,
        # 平台, 集团) more often in spam than in such prose
        in_spam = sum(text.count(name, a, b) for text, a, b in wide)
        glued = re.compile(re.escape(name) + r"(?=[\u4e00-\u9fff])")
        prose = sum(1 for line in prose_lines for _ in glued.finditer(line))
        generic = any(name.endswith(g) for g in GENERIC_SUFFIXES)
        return in_spam >= 1 and (prose < in_spam if generic else prose <= in_spam)
    return frozenset(n for n in found if whole.count(n) >= BRAND_REPEATS and not any(n != o and n in o for o in found)
                     and spam_side(n))


GENERIC_SUFFIXES = ("体育", "平台", "集团", "视频", "直播", "官网", "国际")


def with_brands(rules: SpamRules, brands: frozenset[str]) -> SpamRules:
    """The lexicon with a page's learned brands added as terms that are spam on their own."""
    if not brands:
        return rules
    alt = "|".join(re.escape(b) for b in sorted(brands, key=len, reverse=True))
    return replace(
        rules,
        memo=None,  # the spans of a page's own lexicon are not kept
        learned=rules.learned | brands,
        run=re.compile(f"{alt}|{rules.run.pattern}", re.IGNORECASE),
        strong_any=re.compile(f"{alt}|{rules.strong_any.pattern}", re.IGNORECASE),
        strong_probe=rules.strong_probe.plus(alt),
        strong=rules.strong | brands,
        alone=rules.alone | brands,
        alone_any=re.compile(f"{alt}|{rules.alone_any.pattern}" if rules.alone_any else alt, re.IGNORECASE),
    )
