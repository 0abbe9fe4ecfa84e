"""Tag sections with topics (multi-label, with evidence), find entities, link sections.

Scoring is BM25-like against each topic's weighted term profile: a term's count is
saturated (k1) and normalised by section length (b), so one repeated word cannot carry a
topic and a passing mention in a long section scores little; a term's weight is scaled
by its IDF factor measured on the corpus (taxonomy.yaml `idf`), so words found in most
sections (大模型, 应用, 落地) carry little. Terms in the heading count `heading_weight`
times. Which topics are kept is decided by `choose_topics`; every threshold lives in
taxonomy.yaml `tagging:` and was calibrated on the tune split only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from digest.model import Section
from digest.taxonomy import TaggingSettings, Taxonomy, load_jieba
from digest.text import trie_regex
from digest.tokens import lcut

EVIDENCE_LIMIT = 8
DEFAULT_MIN_SHARE = 0.15


@dataclass(frozen=True)
class _Index:
    single: dict[str, dict[str, tuple[str, float]]]  # token -> topic -> (term, weight)
    spaced: dict[str, dict[str, tuple[str, float]]]  # terms with a space, matched as text
    entity_scan: _AliasScanner | None
    alias_owner: dict[str, str]  # casefolded alias -> entity id
    # any single-token term inside a text (casefolded): a block of text without one holds
    # no token worth counting, so it is not cut into words at all
    single_probe: re.Pattern[str] | None = None

    def may_hold_term(self, block: str) -> bool:
        return self.single_probe is not None and self.single_probe.search(block.casefold()) is not None


_INDEXES: dict[int, tuple[Taxonomy, _Index]] = {}


def _index(tax: Taxonomy) -> _Index:
    # Taxonomy holds dicts, so it is not hashable; key the cache on identity and keep the
    # object alive with it so the id cannot be reused.
    cached = _INDEXES.get(id(tax))
    if cached is not None and cached[0] is tax:
        return cached[1]
    load_jieba(tax)
    single: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
    spaced: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
    for topic in tax.topics:
        for term, weight in topic.terms.items():
            table = spaced if " " in term else single
            table[term.casefold()][topic.id] = (term, weight)
    owner = {a.casefold(): e.id for e in tax.entities for a in e.aliases}
    # case-sensitive over casefolded text: Python's engine then skips to the characters a
    # term begins with (with IGNORECASE, a term opening with a letter would stop that)
    # as a trie, the engine tries a handful of branches per position, not every term: half the
    # time of a flat alternation over a 1k corpus's blocks, the same answers
    probe = re.compile(trie_regex(single)) if single else None
    index = _Index(dict(single), dict(spaced), _AliasScanner(owner) if owner else None, owner, probe)
    _INDEXES[id(tax)] = (tax, index)
    return index


def _alias_regex(owner: dict[str, str]) -> re.Pattern[str] | None:
    """One compiled alternation of every alias, longest first, so at any position the
    longest alias wins (文心一格 before 文心). Latin aliases must not touch other Latin
    letters or digits, so "Meta" does not fire inside "metadata". This is the
    reference definition of a mention; `_AliasScanner` finds the same matches faster."""
    if not owner:
        return None
    parts = []
    for alias in sorted(owner, key=lambda a: (-len(a), a)):
        esc = re.escape(alias)
        if re.match(r"[a-z0-9]", alias):
            esc = r"(?<![a-z0-9])" + esc
        if re.search(r"[a-z0-9]$", alias):
            esc = esc + r"(?![a-z0-9])"
        parts.append(esc)
    return re.compile("|".join(parts), re.IGNORECASE)


_LATIN_DIGIT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class _AliasScanner:
    """The matches of `_alias_regex`, found by table look-up instead of trying a
    thousand alternatives at every position (3.7 ms per section with the regex).

    Positions whose character can start an alias are found by one character-class
    regex; there, the alias lengths starting with that character are tried longest
    first as dictionary look-ups of the lower-cased slice. Leftmost match, longest
    alias, Latin boundary rules and non-overlapping continuation are the regex's."""

    def __init__(self, owner: dict[str, str]) -> None:
        # lower-cased alias -> (casefolded alias, needs a boundary before, after);
        # aliases in the regex's alternation order, so the first one of equal text wins
        self.table: dict[str, tuple[str, bool, bool]] = {}
        lengths: dict[str, set[int]] = defaultdict(set)
        for alias in sorted(owner, key=lambda a: (-len(a), a)):
            low = alias.lower()
            if len(low) != len(alias) or not low:
                continue  # cannot happen for CJK/Latin aliases; the regex path is the reference
            self.table.setdefault(low, (alias, low[0] in _LATIN_DIGIT, low[-1] in _LATIN_DIGIT))
            lengths[low[0]].add(len(low))
        self.lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        firsts = set(self.lengths) | {ch.upper() for ch in self.lengths}
        self.starts = re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]")

    def aliases(self, text: str) -> list[str]:
        """Casefolded aliases mentioned in `text`, in text order (repeats kept)."""
        found: list[str] = []
        table, lengths, search = self.table, self.lengths, self.starts.search
        n = len(text)
        m = search(text)
        while m is not None:
            pos = m.start()
            end = pos + 1
            for length in lengths.get(text[pos].lower(), ()):
                if pos + length > n:
                    continue
                hit = table.get(text[pos : pos + length].lower())
                if hit is None:
                    continue
                alias, before, after = hit
                if before and pos > 0 and text[pos - 1].lower() in _LATIN_DIGIT:
                    continue
                if after and pos + length < n and text[pos + length].lower() in _LATIN_DIGIT:
                    continue
                found.append(alias)
                end = pos + length
                break
            m = search(text, end)
        return found


def tokenize(text: str, blocks: Callable[[str], bool] | None = None) -> list[str]:
    """jieba's tokens (accurate mode, HMM; `tokens.lcut` gives the same words faster),
    casefolded; with `blocks`, of the blocks it keeps (tokens.Segmenter.cut). (rjieba is
    faster still but cannot take a user dictionary, which is what keeps 文心一言 and
    具身智能 whole, and cuts differently.)"""
    return [t.casefold() for t in lcut(text, blocks=blocks) if t.strip()]


def count_terms(text: str, tax: Taxonomy) -> dict[str, Counter[str]]:
    """topic -> Counter(term -> occurrences) for the taxonomy terms in `text`."""
    idx = _index(tax)
    out: dict[str, Counter[str]] = defaultdict(Counter)
    # a token that is a term is a substring of its block: blocks without a term are not cut
    for token in tokenize(text, idx.may_hold_term):
        for topic_id, (term, _) in idx.single.get(token, {}).items():
            out[topic_id][term] += 1
    folded = text.casefold()
    for key, topics in idx.spaced.items():
        n = folded.count(key)
        if n:
            for topic_id, (term, _) in topics.items():
                out[topic_id][term] += n
    return out


def find_entities(text: str, tax: Taxonomy) -> list[str]:
    """Entity ids mentioned in `text` (either script, any alias), in order of first mention."""
    idx = _index(tax)
    if idx.entity_scan is None:
        return []
    seen: dict[str, None] = {}
    for alias in idx.entity_scan.aliases(text):
        seen.setdefault(idx.alias_owner[alias], None)
    return list(seen)


def _saturate(tf: float, length: int, s: TaggingSettings) -> float:
    norm = 1 - s.b + s.b * (length / s.avg_len)
    return tf * (s.k1 + 1) / (tf + s.k1 * norm)


@dataclass(frozen=True)
class SectionCounts:
    """What scoring needs from a section's text, so thresholds can be re-tried cheaply."""

    body: dict[str, Counter[str]]
    head: dict[str, Counter[str]]
    length: int
    lead: bool  # headed by the article title, not by text of its own


def section_counts(section: Section, tax: Taxonomy) -> SectionCounts:
    body = "\n".join(section.paragraphs)
    return SectionCounts(
        body=count_terms(body, tax),
        head=count_terms(section.heading, tax),
        length=max(len(body) + len(section.heading), 1),
        lead=section.level <= 0,
    )


def score_counts(counts: SectionCounts, tax: Taxonomy,
                 settings: TaggingSettings | None = None) -> tuple[dict[str, float], dict[str, list[str]]]:
    """(topic -> score, topic -> evidence terms by contribution). A term contributes its
    topic weight x its corpus IDF factor (generic words such as 大模型 count less) x its
    BM25-saturated frequency, heading occurrences counting `heading_weight` times."""
    s = settings or tax.tagging
    # The lead section is headed by the article title; it speaks for the whole article,
    # so it counts only once there.
    head_weight = 1.0 if counts.lead else s.heading_weight
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for topic in tax.topics:
        body, head = counts.body.get(topic.id, {}), counts.head.get(topic.id, {})
        contrib: dict[str, float] = {}
        for term in sorted(set(body) | set(head)):  # sorted: the float sum must not follow hash order
            tf = body.get(term, 0) + head_weight * head.get(term, 0)
            idf = tax.idf.get(term, 1.0) ** s.idf_power
            contrib[term] = topic.terms[term] * idf * _saturate(tf, counts.length, s)
        if contrib:
            scores[topic.id] = round(sum(contrib.values()), 3)
            evidence[topic.id] = sorted(contrib, key=lambda t: (-contrib[t], t))[:EVIDENCE_LIMIT]
    return scores, evidence


def score_section(section: Section, tax: Taxonomy) -> tuple[dict[str, float], dict[str, list[str]]]:
    """(topic -> score, topic -> evidence terms by contribution) for one section."""
    return score_counts(section_counts(section, tax), tax)


def choose_topics(scores: dict[str, float], evidence: dict[str, list[str]], topic_ids: list[str],
                  s: TaggingSettings, length: int | None = None) -> list[str]:
    """Topics a section substantially discusses. Every topic needs `min_score` of evidence
    from at least `min_distinct_terms` different terms. The strongest topic needs nothing
    more; another topic is kept when it is close to the strongest (`min_relative`) or
    has strong evidence of its own (`second_min_score`), so a long two-topic section
    keeps its second topic while a passing mention next to a dominant topic does not.
    Evidence adds up over a section's distinct terms, so that bar scales with the
    section's length (`second_len_power`; 0 makes it a fixed number): three topical
    sentences of a short news item are as much discussion as ten in a long report."""
    best = max(scores.values(), default=0.0)
    second_bar = s.second_min_score
    if length is not None and s.second_len_power:
        second_bar *= max(length / s.avg_len, 0.25) ** s.second_len_power
    kept = []
    for t in topic_ids:
        score = scores.get(t, 0.0)
        if score < s.min_score or len(evidence.get(t, [])) < min(s.min_distinct_terms, EVIDENCE_LIMIT):
            continue
        if score >= best or score >= s.min_relative * best or score >= second_bar:
            kept.append(t)
    return kept


def tag_sections(sections: list[Section], tax: Taxonomy) -> None:
    """Fill topics, evidence, scores and entities of each section in place."""
    for section in sections:
        counts = section_counts(section, tax)
        scores, evidence = score_counts(counts, tax)
        section.scores = scores
        section.topics = choose_topics(scores, evidence, tax.topic_ids, tax.tagging, counts.length)
        section.evidence = {t: evidence[t] for t in section.topics}
        text = section.heading + "\n" + "\n".join(section.paragraphs)
        section.entities = find_entities(text, tax)


def article_topics(sections: list[Section], min_share: float = DEFAULT_MIN_SHARE) -> list[str]:
    """Topics covering at least `min_share` of the article's text, largest share first.
    An article whose sections are all tagged but none reaches the share keeps its
    largest topic, so a tagged article is never left without one."""
    lengths = [sum(len(p) for p in s.paragraphs) + len(s.heading) for s in sections]
    total = sum(lengths) or 1
    share: Counter[str] = Counter()
    for section, n in zip(sections, lengths, strict=True):
        for topic in section.topics:
            share[topic] += n / total
    ranked = sorted(share, key=lambda t: (-share[t], t))
    kept = [t for t in ranked if share[t] >= min_share]
    return kept or ranked[:1]
