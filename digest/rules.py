"""Load the cleaner's data files (rules/*.yaml) once, compiled.

Code never names noise strings; they live in rules/ so editors can extend them.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .memo import BoundedMemo
from .prefilter import probe
from .text import trie_regex

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SPAM_MEMO_LIMIT = 1 << 17  # line texts whose spam spans the loaded lexicon keeps (spam.spam_spans)


@dataclass(frozen=True)
class Pattern:
    id: str
    regex: re.Pattern[str]
    # a character class every match consumes one of (prefilter.probe): a text without
    # one is not searched (most lines hold none); None: always searched
    probe: re.Pattern[str] | None = None
    # a match reported as a claim (news_frame `claim` before it, `claim_after` after it) or
    # quoted is what a news sentence reports, no ad (spam.yaml `framed: true`)
    framed: bool = False
    # an ad glued into a line (spam.yaml `spliced: true`): cut only where it stands as a chunk of
    # its own (a line or clause start before it, no modifier 的 after it) or the line carries an
    # ad's anchor; inside a news clause ("推出免抵押贷款当天放款的产品") the words are reported
    spliced: bool = False

    def __post_init__(self) -> None:
        if self.probe is None:  # no check to make: the regex's own methods, without a call in between
            object.__setattr__(self, "finditer", self.regex.finditer)
            object.__setattr__(self, "search", self.regex.search)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.probe is not None and not self.probe.search(text):
            return iter(())
        return self.regex.finditer(text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self.probe is not None and not self.probe.search(text, pos, endpos):
            return None
        return self.regex.search(text, pos, endpos)


@dataclass(frozen=True)
class CommentMeta:
    """A comment's byline or button row, recognised by what it is made of (chrome.yaml
    `comment_meta`)."""

    max_len: int
    max_rest: int
    time: re.Pattern[str]
    region: re.Pattern[str]
    action: re.Pattern[str]
    separators: re.Pattern[str]


@dataclass(frozen=True)
class ChromeRules:
    short_max_len: int
    short_line: tuple[Pattern, ...]
    tail_line: tuple[Pattern, ...]
    head_line: tuple[Pattern, ...]
    anywhere_line: tuple[Pattern, ...]
    anywhere_max_len: int
    caption: tuple[Pattern, ...]
    metadata: dict[str, re.Pattern[str]]
    comments: dict[str, re.Pattern[str]]
    comment_meta: CommentMeta

    @cached_property
    def short_line_by_id(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """The short_line regexes under each rule id (a structure test reads one family:
        "page-counter", "breadcrumb", ...)."""
        out: dict[str, list[re.Pattern[str]]] = {}
        for pattern in self.short_line:
            out.setdefault(pattern.id, []).append(pattern.regex)
        return {k: tuple(v) for k, v in out.items()}


_BOUNDED = re.compile(r"[0-9a-z]+", re.IGNORECASE)  # a Latin-digit term: matched as a whole word


@dataclass(frozen=True)
class TermProbe:
    """Does a text hold any term of a lexicon? The same answer as searching the lexicon's
    alternation (`_lexicon_regex`), several times faster on lines without spam (most
    lines): that alternation opens with Latin terms behind a lookbehind, so Python's
    engine tries every branch at every position of the line. Here the terms that begin
    with an uncased character (CJK, a digit) make a trie the engine enters only at
    characters a term begins with; whole-word Latin terms are looked up among the text's
    Latin-digit words; the few left (a Latin head on a CJK word: "pg电子") are searched as
    they are."""

    lead: re.Pattern[str] | None = None
    words: re.Pattern[str] | None = None  # fullmatch of one whole-word term
    rest: re.Pattern[str] | None = None
    extra: re.Pattern[str] | None = None  # terms added later (a page's learned brands)

    def search(self, text: str) -> bool:
        if self.extra is not None and self.extra.search(text):
            return True
        if self.lead is not None and self.lead.search(text):
            return True
        if self.words is not None and any(map(self.words.fullmatch, _BOUNDED.findall(text))):
            return True
        return self.rest is not None and self.rest.search(text) is not None

    def plus(self, alternation: str) -> TermProbe:
        """This probe and the terms of a regex alternation (`spam.with_brands`)."""
        both = f"{alternation}|{self.extra.pattern}" if self.extra is not None else alternation
        return replace(self, extra=re.compile(both, re.IGNORECASE))


def term_probe(terms: set[str]) -> TermProbe:
    bounded = sorted(t for t in terms if _BOUNDED.fullmatch(t))
    lead = {t for t in terms if t not in bounded and t[0].lower() == t[0].upper()}
    rest = set(terms) - set(bounded) - lead
    return TermProbe(
        lead=_lexicon_regex(lead) if lead else None,
        words=re.compile("|".join(map(re.escape, bounded)), re.IGNORECASE) if bounded else None,
        rest=_lexicon_regex(rest) if rest else None,
    )


@dataclass(frozen=True)
class SpamRules:
    run: re.Pattern[str]  # one alternation of every strong and weak term, longest first
    strong_any: re.Pattern[str]  # any strong term (its spans)
    strong_probe: TermProbe  # any strong term, faster: a line without one holds no spam run
    strong: frozenset[str]
    alone: frozenset[str]  # spam even without a neighbouring term
    patterns: tuple[Pattern, ...]
    paragraph_share: float
    # Promotional anchors (a chat handle, a money offer, a numbered site address): spam
    # only with a lexicon term glued to them, then as strong as a strong term.
    anchors: tuple[Pattern, ...] = ()
    # Tokens a promo run is made of but nothing without one (a Latin-digit brand code).
    codes: tuple[Pattern, ...] = ()
    alone_any: re.Pattern[str] | None = None  # any `alone` term
    # Words of a kind of ad that ordinary news also uses (代练, 币圈, VPN, 包录用): spam only
    # in a run that holds an offer (a handle, a price or discount, an address).
    offer_only: frozenset[str] = frozenset()
    # ... and the offers that may stand in their clause: a price, a discount, a handle, an address
    offer_near: tuple[Pattern, ...] = ()
    # Ordinary news about the trade (spam.yaml `news_frame`): words of a clause that reports on
    # it, that report a claim, that make a name an institution; and the ad's own offers.
    enforcement: re.Pattern[str] | None = None
    report: re.Pattern[str] | None = None
    claim: re.Pattern[str] | None = None
    claim_after: re.Pattern[str] | None = None
    institution: re.Pattern[str] | None = None
    speaks: re.Pattern[str] | None = None
    determiner: re.Pattern[str] | None = None
    generic_before: re.Pattern[str] | None = None
    runon: re.Pattern[str] | None = None
    phrase_end: frozenset[str] = frozenset()
    promo: re.Pattern[str] | None = None
    learned: frozenset[str] = frozenset()  # brands learned from the page's own spam (spam.with_brands)
    # an ad's form whatever it sells (spam.yaml `form`, digest/spamform.py FormRules; None: none)
    form: Any = None
    # spam.spam_spans's results per line text, kept for the loaded lexicon (None: not kept).
    # A site's header, footer and menu lines, and a mirrored article's, repeat across inputs.
    memo: BoundedMemo[str, tuple[tuple[int, int], ...]] | None = field(default=None, compare=False, repr=False)


def _compile(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


def literal_words(words: list) -> re.Pattern[str]:
    """One case-insensitive regex for literal words, longest first (a compound before its
    parts: 一键三连 before 三连); it matches nothing for no words."""
    escaped = sorted({re.escape(str(w)) for w in words}, key=lambda e: (-len(e), e))
    return re.compile("|".join(escaped) or "(?!)", re.IGNORECASE)


def particle_end(particles: str) -> re.Pattern[str]:
    """A sentence ending in one of `particles` (吧, 哦, ～…), maybe before its end marks,
    closing quotes and spaces; it matches nothing for no particles."""
    if not particles:
        return re.compile("(?!)")
    return re.compile(f"[{re.escape(particles)}]" + r"[。！？!?～~”」）)\s]*$")


def _patterns(items: list[dict]) -> tuple[Pattern, ...]:
    return tuple(Pattern(item["id"], regex, probe(regex), bool(item.get("framed")), bool(item.get("spliced")))
                 for item in items for regex in (_compile(item["re"]),))


@lru_cache(maxsize=32)
def _load(name: str, rules_dir: Path) -> dict:
    """A rule file, parsed once per process (libyaml's parser when PyYAML has it): several
    rule sets read chrome.yaml, and parsing it took ~0.1 s each time. Callers only read it."""
    path = rules_dir / name
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=4)
def chrome_rules(rules_dir: Path = RULES_DIR) -> ChromeRules:
    data = _load("chrome.yaml", rules_dir)
    return ChromeRules(
        short_max_len=int(data["short_line"]["max_len"]),
        short_line=_patterns(data["short_line"]["patterns"]),
        tail_line=_patterns(data["tail_line"]["patterns"]),
        head_line=_patterns(data["head_line"]["patterns"]),
        anywhere_line=_patterns(data["anywhere_line"]["patterns"]),
        anywhere_max_len=int(data["anywhere_line"]["max_len"]),
        caption=_patterns(data["caption"]["patterns"]),
        metadata={k: _compile(v) for k, v in data["metadata"].items()},
        comments={k: _compile(v) for k, v in data["comments"].items()},
        comment_meta=_comment_meta(data["comment_meta"]),
    )


def _comment_meta(data: dict) -> CommentMeta:
    return CommentMeta(
        max_len=int(data["max_len"]), max_rest=int(data["max_rest"]),
        time=_compile(data["time"]), region=_compile(data["region"]),
        action=_compile(data["action"]), separators=_compile(data["separators"]),
    )


def _term_regex(term: str) -> str:
    escaped = re.escape(term)
    # Latin/digit terms only match as whole words, so "pk10" does not fire inside "apk100".
    if re.fullmatch(r"[0-9a-z]+", term, re.IGNORECASE):
        return rf"(?<![0-9a-z]){escaped}(?![0-9a-z])"
    return escaped


def _lexicon_regex(terms: set[str]) -> re.Pattern[str]:
    # Latin/digit terms need word boundaries ("pk10" not inside "apk100"); CJK terms go in a trie.
    latin = sorted((t for t in terms if re.fullmatch(r"[0-9a-z]+", t, re.IGNORECASE)), key=lambda t: (-len(t), t))
    cjk = [t for t in terms if t not in latin]
    parts = [_term_regex(t) for t in latin] + ([trie_regex(t.lower() for t in cjk)] if cjk else [])
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=4)
def spam_rules(rules_dir: Path = RULES_DIR) -> SpamRules:
    data = _load("spam.yaml", rules_dir)
    # (`strong_pending`: strong terms the spam statistics have not been trained on yet)
    strong = [str(t) for t in [*data["strong"], *(data.get("strong_pending") or [])]]
    weak = [str(t) for t in data["weak"]]
    run = _lexicon_regex(set(strong) | set(weak))
    strong_terms = sorted(set(strong), key=lambda t: (-len(t), t))
    frame = data.get("news_frame") or {}
    return SpamRules(
        run=run,
        strong_any=_lexicon_regex(set(strong_terms)),
        strong_probe=term_probe(set(strong_terms)),
        strong=frozenset(t.lower() for t in strong),
        alone=frozenset(str(t).lower() for t in data.get("alone", [])),
        patterns=_patterns(data.get("patterns", [])),
        paragraph_share=float(data.get("paragraph_share", 0.35)),
        anchors=_patterns(data.get("anchors", [])),
        codes=_patterns(data.get("codes", [])),
        alone_any=_lexicon_regex({str(t) for t in data.get("alone", [])}) if data.get("alone") else None,
        offer_only=frozenset(str(t).lower() for t in data.get("offer_only", [])),
        offer_near=_patterns(data.get("offer_near", [])),
        enforcement=_words(frame.get("enforcement")),
        report=_words(frame.get("report")),
        claim=_words(frame.get("claim")),
        claim_after=_words(frame.get("claim_after")),
        institution=_words(frame.get("institution")),
        speaks=_words(frame.get("speaks")),
        determiner=_words(frame.get("determiner")),
        generic_before=_words(frame.get("generic_before")),
        runon=_words(frame.get("runon")),
        phrase_end=frozenset(str(frame.get("phrase_end", ""))),
        promo=_words(frame.get("promo")),
        form=_form_rules(rules_dir),
        memo=BoundedMemo(SPAM_MEMO_LIMIT),
    )


def _form_rules(rules_dir: Path) -> Any:
    from .spamform import form_rules  # (spamform reads this module's loaders)

    return form_rules(rules_dir)


def _words(words: list | None) -> re.Pattern[str] | None:
    """One regex for a list of literal words, longest first (None for none)."""
    return _lexicon_regex({str(w) for w in words}) if words else None


def rules_fingerprint(rules_dir: Path = RULES_DIR) -> str:
    """Hash of every rule file: part of the cache key of the cleaning stages."""
    digest = hashlib.sha256()
    for path in sorted(rules_dir.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
