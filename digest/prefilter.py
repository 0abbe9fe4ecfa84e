"""Character prefilters of rule regexes: a cheap proof that a text holds no match.

The cleaner searches dozens of rule patterns (rules/*.yaml) in every line of every input,
and almost every line matches none of them. Many patterns cannot skip ahead to a literal
prefix (an optional head, a lookbehind, a character class first), so each search walks
the whole line trying the pattern at every position: at 10k inputs the spam patterns alone
cost seconds. Every match of such a pattern still consumes one of a few characters
(`日赚|日入|躺赚|日进` one of 赚 入 进 or 日; `代开…发票` 代 or 开...), and a search for
one character class runs at memchr-like speed. `probe(regex)` derives that class from the
regex's parse tree: of the parts every match goes through (a literal, a small class, a
group or alternation whose every branch has one, a repeat of at least one), the one with
the fewest characters. No match is possible in a text without one of them, so a caller
may skip the pattern (`Pattern.finditer`/`search` in rules.py). A regex with no such part
gets no probe (None) and is always searched; so does one whose compiled form already scans
for a literal or character-set prefix (the engine skips ahead itself: a probe would only
add a call).
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Callable
from typing import Any

try:  # the parser the re module compiles with (sre_parse before Python 3.11)
    from re import _compiler as _k  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_compile as _k  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MAX_CHARS = 64  # a class wider than this passes most lines: no probe
Ranges = frozenset[tuple[int, int]]


def _size(ranges: Ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


class _Walk:
    def __init__(self) -> None:
        self.scoped_ignorecase = False  # a (?i:...) group: the probe folds case too

    def sequence(self, items: list) -> Ranges | None:
        """The narrowest class one of the consumed parts of a sequence requires."""
        best: Ranges | None = None
        for op, av in items:
            found = self.item(op, av)
            if found is not None and (best is None or _size(found) < _size(best)):
                best = found
        return best

    def item(self, op, av) -> Ranges | None:
        if op is _c.LITERAL:
            return frozenset({(av, av)})
        if op is _c.IN:
            ranges: set[tuple[int, int]] = set()
            for kind, value in av:
                if kind is _c.LITERAL:
                    ranges.add((value, value))
                elif kind is _c.RANGE:
                    ranges.add(value)
                else:  # a negation or a category (\d, \w, \s): not a small class
                    return None
            found = frozenset(ranges)
            return found if _size(found) <= MAX_CHARS else None
        if op is _c.BRANCH:
            union: set[tuple[int, int]] = set()
            for branch in av[1]:
                found = self.sequence(branch)
                if found is None:
                    return None
                union |= found
            return frozenset(union) if _size(frozenset(union)) <= MAX_CHARS else None
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE:
                self.scoped_ignorecase = True
            return self.sequence(sub)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            return self.sequence(sub) if low >= 1 else None
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return self.sequence(av)
        # assertions (consume nothing in the match), back references, any character,
        # a negated literal: nothing to require
        return None


def _char(code: int) -> str:
    return f"\\U{code:08x}"


SCAN_REPEAT = 8  # a repeat that may take this many characters opens a long attempt


def _scans(items: list) -> bool:
    """Does an attempt at one position start by running over many characters?"""
    while items and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return True
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[1] >= SCAN_REPEAT


def _fast_start(tree, flags: int) -> bool:
    """Does the regex engine find candidate positions itself (a literal or character-set
    prefix in the compiled pattern's info block, as re's compiler derives it)?"""
    try:
        if tree.data and tree.data[0] in ((_c.AT, _c.AT_BEGINNING_STRING), (_c.AT, _c.AT_BEGINNING)) and not flags & re.MULTILINE:
            # anchored: tried at the start only, cheap unless what follows the anchor scans
            # on (`^.{0,30}?登录`, a lookahead over the line)
            return not _scans(tree.data[1:])
        return bool(_k._get_literal_prefix(tree, flags)[0] or _k._get_charset_prefix(tree, flags))
    except Exception:  # another Python's compiler: assume not (a probe is sound either way)
        return False


def probe(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-class regex every text holding a match of `regex` matches somewhere inside the
    same span (None when the regex has no narrow required part). Case folding follows the
    regex's flags: the class is compiled with them. Where every match holds one of a few
    uncased words of two characters or more (_Words), the probe is their alternation."""
    if not isinstance(regex.pattern, str):
        return None
    try:
        tree = _p.parse(regex.pattern, regex.flags)
    except Exception:
        return None
    if _fast_start(tree, regex.flags):
        return None  # the engine skips to its first character itself: a probe only adds a call
    words = _Words().sequence(list(tree))
    if words is not None and min(map(len, words)) >= 2:
        # every match holds one of a few uncased words: those, not a class of their characters
        return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))
    walk = _Walk()
    found = walk.sequence(list(tree))
    if not found:
        return None
    flags = regex.flags & (re.IGNORECASE | re.ASCII)
    if walk.scoped_ignorecase:
        flags |= re.IGNORECASE
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in sorted(found))
    return re.compile(f"[{body}]", flags)


MAX_WORDS = 48  # words of a word probe at most


class _Words:
    """The words one of which every match of a regex holds (a word probe): of the parts every
    match goes through, the set of literal strings whose shortest is longest. Only words of
    uncased characters (Chinese, digits, punctuation): case folding leaves them as they are,
    and the engine finds the first characters of an alternation of them by itself (it cannot
    under IGNORECASE for cased ones). A character class of the words' first characters passed
    most lines for patterns like the exam-cheat ad (不, 代, 保 ...); their words pass few."""

    def exact(self, op, av) -> set[str] | None:
        """The strings the part matches exactly (None: not a few uncased literal strings)."""
        if op is _c.LITERAL:
            return None if _cased(av) else {chr(av)}
        if op is _c.IN:
            out: set[str] = set()
            for kind, value in av:
                if kind is _c.LITERAL:
                    codes = (value,)
                elif kind is _c.RANGE and value[1] - value[0] < MAX_CHARS:
                    codes = range(value[0], value[1] + 1)
                else:
                    return None
                if any(map(_cased, codes)):
                    return None
                out.update(map(chr, codes))
            return out if len(out) <= MAX_CHARS else None
        if op is _c.SUBPATTERN:
            return self.exact_sequence(av[3])
        if op is _c.BRANCH:
            return _branch_union(av[1], self.exact_sequence)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[0] == av[1] <= 3:
            sub = self.exact_sequence(av[2])
            return None if sub is None else _product([sub] * av[0])
        return None

    def exact_sequence(self, items) -> set[str] | None:
        parts = [self.exact(op, av) for op, av in items]
        return None if any(p is None for p in parts) else _product(parts)  # type: ignore[arg-type]

    def required(self, op, av) -> set[str] | None:
        """Strings one of which every match of the part holds (None: no such few)."""
        found = self.exact(op, av)
        if found is not None:
            return found if "" not in found else None
        if op is _c.SUBPATTERN:
            return self.sequence(av[3])
        if op is _c.BRANCH:
            return _branch_union(av[1], self.sequence)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            return self.sequence(av[2]) if av[0] >= 1 else None
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return self.sequence(av)
        return None  # an assertion, a back reference, a category, a negation, any character

    def sequence(self, items) -> set[str] | None:
        """The best word set of a sequence: a run of exactly matched parts joins into words
        ("代" "考" -> 代考); any other part offers its own required words."""
        candidates: list[set[str]] = []
        run: set[str] | None = {""}
        for op, av in items:
            found = self.exact(op, av)
            if found is not None:
                joined = _product([run, found]) if run is not None else None
                if joined is None:  # too many words: the run so far is one candidate, a new one opens
                    candidates.append(run or {""})
                    joined = found
                run = joined
                continue
            candidates.append(run or {""})
            run = {""}
            found = self.required(op, av)
            if found is not None:
                candidates.append(found)
        candidates.append(run or {""})
        good = [c for c in candidates if c and "" not in c]
        return max(good, key=lambda c: (min(map(len, c)), -len(c))) if good else None


def _cased(code: int) -> bool:
    """Can case folding make the character match another (re's own test, and str's mappings)?"""
    c = chr(code)
    return _sre.unicode_iscased(code) or c.lower() != c or c.upper() != c or c.casefold() != c or c.title() != c


def _branch_union(branches, strings: Callable[[Any], set[str] | None]) -> set[str] | None:
    """The strings of an alternation: each branch's (None when a branch has none, or too many)."""
    union: set[str] = set()
    for branch in branches:
        found = strings(branch)
        if found is None:
            return None
        union |= found
    return union if len(union) <= MAX_WORDS else None


def _product(parts: list[set[str]]) -> set[str] | None:
    out = {""}
    for part in parts:
        out = {a + b for a in out for b in part}
        if len(out) > MAX_WORDS:
            return None
    return out


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class (regex source) holding every character a match of `pattern` can
    begin with, or None when that is not known or a match may be empty. A lookahead of it
    before a pattern the engine cannot skip through (an alternation of many forms that each
    open with a group or a repeat) fails at once at every other position:
    `(?=[...])(?:pattern)` finds the very matches `pattern` finds, each attempt cut short
    where the pattern would have tried every form. Case-folding patterns get None."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree = _p.parse(pattern, flags)
    except Exception:
        return None
    if getattr(getattr(tree, "state", None), "flags", re.IGNORECASE) & re.IGNORECASE:  # (?i) at its start
        return None
    try:
        items, nullable = _first_of_sequence(list(tree))
    except _Unknown:
        return None
    if nullable or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


class _Unknown(Exception):
    pass


_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}


def _first_of_sequence(items: list) -> tuple[set[str], bool]:
    """(class items a match of the sequence can begin with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _first_of(op, av)
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {_char(av)}, False
    if op is _c.IN:
        out: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                out.add(_char(value))
            elif kind is _c.RANGE:
                out.add(f"{_char(value[0])}-{_char(value[1])}")
            elif kind is _c.CATEGORY and value in _CATEGORIES:
                out.add(_CATEGORIES[value])
            else:  # a negation, another category
                raise _Unknown
        return out, False
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _first_of_sequence(list(sub))
    if op is _c.BRANCH:
        out = set()
        any_nullable = False
        for branch in av[1]:
            first, nullable = _first_of_sequence(list(branch))
            out |= first
            any_nullable = any_nullable or nullable
        return out, any_nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        first, nullable = _first_of_sequence(list(sub))
        return first, nullable or low == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first_of_sequence(list(av))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # consumes nothing: what follows begins the match
    raise _Unknown  # any character, a back reference, a negated literal, a conditional
