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

import re

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
    regex's flags: the class is compiled with them."""
    if not isinstance(regex.pattern, str):
        return None
    try:
        tree = _p.parse(regex.pattern, regex.flags)
    except Exception:
        return None
    if _fast_start(tree, regex.flags):
        return None  # the engine skips to its first character itself: a probe only adds a call
    walk = _Walk()
    found = walk.sequence(list(tree))
    if not found:
        return None
    flags = regex.flags & (re.IGNORECASE | re.ASCII)
    if walk.scoped_ignorecase:
        flags |= re.IGNORECASE
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in sorted(found))
    return re.compile(f"[{body}]", flags)
