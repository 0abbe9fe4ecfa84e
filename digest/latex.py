"""A LaTeX source (a .tex file served raw by a mirror or a file host) read as the text its
typeset page shows: the preamble, `%` comments (where a file's editors leave notes and
vandals park spam), floats (figures and tables, their captions recorded as captions),
footnotes and the document's own title block are the source's; a command that styles a
word (`\\textbf{…}`, `\\section{…}`, `\\href{url}{…}`) reads as its word, an environment that
only places text (`flushright`, `center`, `quote`) as its text. A paragraph is what LaTeX
makes of it: consecutive source lines of text join into one line (a hard-wrapped paragraph
and an ad spliced across its wrap read whole); a heading or a placed block stays a line of
its own. Line numbers stay (a joined or removed line leaves an empty one). Every piece
taken off is recorded; prepare re-kinds spam by the lexicon.

Detection by structure: a `\\documentclass` or `\\begin{document}` line, and LATEX_MIN_COMMAND_LINES
lines opened by a command, so prose naming one LaTeX command is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Removal

_DOC_START = re.compile(r"^\s*\\(?:documentclass|begin\s*\{document\})", re.MULTILINE)
_COMMAND_LINE = re.compile(r"^\s*\\[A-Za-z]{2,}", re.MULTILINE)
LATEX_MIN_COMMAND_LINES = 4
_NAME = re.compile(r"[A-Za-z@]+\*?")
# commands whose braced arguments are the source's, not the page's text
_DROP_ARGS = frozenset({
    "footnote", "footnotetext", "label", "ref", "pageref", "eqref", "cite", "url", "includegraphics", "rule",
    "vspace", "hspace", "fancyhead", "fancyfoot", "fancyhf", "geometry", "usepackage", "documentclass",
    "pagestyle", "thispagestyle", "setlength", "setcounter", "input", "include",
    "bibliography", "bibliographystyle", "newcommand", "renewcommand", "hypersetup", "caption", "marginpar",
    "graphicspath", "definecolor", "color", "linespread", "setmainfont", "setCJKmainfont"})
# commands whose argument is text of the page, styled or placed (in a document of items the title
# block's \title/\author/\date typeset its masthead: the name and day, above the items)
_KEEP_ARG = frozenset({
    "textbf", "textit", "emph", "underline", "uline", "textrm", "textsf", "texttt", "text", "mbox", "textsc",
    "section", "subsection", "subsubsection", "paragraph", "subparagraph", "chapter", "part", "centerline",
    "heiti", "kaishu", "songti", "fangsong", "large", "Large", "small", "footnotesize", "textcolor",
    "title", "author", "date"})
_HEADINGS = frozenset({"section", "subsection", "subsubsection", "paragraph", "chapter", "part"})
# environments set apart from the text: a float's picture or table, a bibliography, a comment block
_FLOATS = frozenset({"figure", "figure*", "table", "table*", "tabular", "thebibliography", "comment", "wrapfigure"})
_ESCAPED = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ", ";": " ", "!": ""}
_SPACES = frozenset({"quad", "qquad", "enspace", "hfill", "hspace", "space", "newline", "linebreak"})
BRACE_MAX = 4000  # characters of one braced argument (an unclosed brace ends the scan there)


def is_latex(text: str) -> bool:
    """Whether `text` is a LaTeX source: a document class or document start, and command lines."""
    if "\\" not in text or not _DOC_START.search(text):
        return False
    return len(_COMMAND_LINE.findall(text)) >= LATEX_MIN_COMMAND_LINES


@dataclass
class _Reader:
    """One pass over the document body: the text kept and the pieces taken off."""

    src: str
    base_line: int  # 1-based line of src[0] in the input
    removals: list[Removal] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        return self.base_line + self.src.count("\n", 0, pos)

    def drop(self, kind: str, rule: str, a: int, b: int, text: str | None = None) -> str:
        piece = (text if text is not None else self.src[a:b]).strip()
        if piece:
            self.removals.append(Removal(kind, piece, rule, self.line_of(a)))
        return "\n" * self.src.count("\n", a, b)

    def braced(self, pos: int) -> int:
        """End (past the closing brace) of the group opening at src[pos] == '{'."""
        depth, k, end = 0, pos, min(len(self.src), pos + BRACE_MAX)
        while k < end:
            c = self.src[k]
            if c == "\\":
                k += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
        return end

    def skip_options(self, pos: int) -> int:
        """Past an optional argument (`[…]`, no newline) and the spaces before it."""
        k = pos
        while k < len(self.src) and self.src[k] in " \t":
            k += 1
        if k < len(self.src) and self.src[k] == "[":
            close = self.src.find("]", k, k + 200)
            if close >= 0 and "\n" not in self.src[k:close]:
                return close + 1
        return pos

    def args(self, pos: int) -> list[tuple[int, int]]:
        """The braced arguments right after `pos` (options skipped): (start, end) of each group."""
        out = []
        k = self.skip_options(pos)
        while k < len(self.src) and self.src[k] == "{":
            end = self.braced(k)
            out.append((k, end))
            k = self.skip_options(end)
        return out

    def render(self, a: int, b: int) -> str:
        """The page's text of src[a:b]."""
        out: list[str] = []
        k = a
        while k < b:
            c = self.src[k]
            if c == "%":  # a comment to the end of its line
                end = self.src.find("\n", k, b)
                end = b if end < 0 else end
                out.append(self.drop("comments", "latex-comment", k, end))
                k = end
            elif c == "\\":
                k = self.command(k, b, out)
            elif c in "{}":
                k += 1
            elif c == "~":
                out.append(" ")
                k += 1
            else:
                nxt = min((p for p in (self.src.find(x, k, b) for x in "%\\{}~") if p >= 0), default=b)
                out.append(self.src[k:nxt])
                k = nxt
        return "".join(out)

    def command(self, k: int, b: int, out: list[str]) -> int:
        src = self.src
        if k + 1 < b and src[k + 1] in _ESCAPED:
            out.append(_ESCAPED[src[k + 1]])
            return k + 2
        if k + 1 < b and src[k + 1] == "\\":  # a forced line break, maybe with its space option
            return self.skip_options(k + 2)
        m = _NAME.match(src, k + 1, b)
        if not m:
            return k + 1
        name = m.group(0).rstrip("*")
        end = m.end()
        if name in ("begin", "end"):
            groups = self.args(end)
            env = src[groups[0][0] + 1: groups[0][1] - 1].strip() if groups else ""
            if name == "begin" and env in _FLOATS:
                close = src.find(f"\\end{{{env}}}", end, b)
                close = b if close < 0 else close + len(f"\\end{{{env}}}")
                self.float_block(k, close, out)
                return close
            stop = groups[1][0] if name == "begin" and len(groups) > 1 and env in ("tabular", "minipage") else (
                groups[0][1] if groups else end)
            out.append(self.drop("chrome", "latex-environment", k, stop))
            return stop
        groups = self.args(end)
        if name == "href" and len(groups) >= 2:
            out.append(self.drop("chrome", "latex-link", k, groups[1][0]))
            out.append(self.render(groups[1][0] + 1, groups[1][1] - 1))
            return groups[1][1]
        if name in _DROP_ARGS:
            stop = groups[-1][1] if groups else self.skip_options(end)
            kind = "caption" if name == "caption" else "chrome"
            inner = self.render_quiet(groups[0][0] + 1, groups[0][1] - 1) if groups and name == "caption" else None
            out.append(self.drop(kind, f"latex-{name}", k, stop, inner))
            return stop
        if name in _KEEP_ARG and groups:
            text = self.render(groups[-1][0] + 1, groups[-1][1] - 1)
            out.append(self.drop("chrome", "latex-command", k, groups[-1][0], src[k:groups[-1][0]]) + text)
            return groups[-1][1]
        out.append(self.drop("chrome", "latex-command", k, self.skip_options(end)))
        if name in _SPACES:  # a typeset gap between two fields ("日期\\quad 来源"): a field separator
            out.append(" | ")  # (a plain space between CJK letters is normalized away)
        return self.skip_options(end)

    def render_quiet(self, a: int, b: int) -> str:
        """Text of src[a:b] with its own pieces not recorded (the whole is recorded once)."""
        saved = len(self.removals)
        text = self.render(a, b)
        del self.removals[saved:]
        return text

    def float_block(self, a: int, b: int, out: list[str]) -> None:
        """A figure or table: its caption recorded as a caption, the rest as the source's."""
        cap = self.src.find("\\caption", a, b)
        if cap < 0:
            out.append(self.drop("chrome", "latex-float", a, b))
            return
        groups = self.args(cap + len("\\caption"))
        cap_end = groups[-1][1] if groups else cap + len("\\caption")
        out.append(self.drop("chrome", "latex-float", a, cap))
        inner = self.render_quiet(groups[-1][0] + 1, groups[-1][1] - 1) if groups else ""
        out.append(self.drop("caption", "latex-caption", cap, cap_end, inner))
        out.append(self.drop("chrome", "latex-float", cap_end, b))


def latex_to_text(text: str) -> tuple[str, list[Removal]]:
    """The text a reader of the typeset document sees, line for line, and the record of the source."""
    lines = text.split("\n")
    start = next((k for k, ln in enumerate(lines) if _DOC_START.match(ln)), 0)
    body = next((k for k, ln in enumerate(lines) if re.match(r"^\s*\\begin\s*\{document\}", ln)), start)
    end = next((k for k in range(len(lines) - 1, body, -1) if re.match(r"^\s*\\end\s*\{document\}", lines[k])), len(lines))
    removals: list[Removal] = []
    out = list(lines)
    # (a briefing of ITEMS_MIN headed items or more dates them by its issue's day; one article's own
    # dateline below its headline dates it, the document's \date is its file's)
    items = sum(1 for ln in lines[body:end] if _SECTIONING.match(ln)) >= ITEMS_MIN
    for k in range(0, end if end < len(lines) else len(lines)):
        if k >= body:
            break
        stripped = lines[k].strip()
        if k < start and not stripped.startswith("%"):
            continue  # a mirror's banner above the file: the cleaner's to judge
        block = _TITLE_BLOCK.match(lines[k])
        if block and k >= start and items:  # the title block of a document of items reads as its masthead
            reader = _Reader(lines[k], k + 1)
            shown = " ".join(reader.render(0, len(lines[k])).split())
            removals.extend(r for r in reader.removals if r.rule != "latex-command")
            out[k] = shown
            continue
        if stripped:
            kind, rule = (("chrome", "latex-magic-comment") if stripped.startswith("%!") or stripped.startswith("% !")
                          else ("comments", "latex-comment") if stripped.startswith("%") else ("chrome", "latex-preamble"))
            removals.append(Removal(kind, stripped, rule, k + 1))
        out[k] = ""
    src = "\n".join(lines[body:end])
    reader = _Reader(src, body + 1)
    rendered = reader.render(0, len(src)).split("\n")
    removals.extend(reader.removals)
    # LaTeX's paragraphs: a source line of text goes on the paragraph of the text line above it
    plain = [bool(ln.strip()) and not ln.lstrip().startswith(("\\", "%")) for ln in lines[body:end]]
    open_at: int | None = None
    for k, ln in enumerate(rendered):
        shown = " ".join(ln.split())
        if plain[k] and shown and open_at is not None:
            rendered[open_at] = _join(rendered[open_at], shown)
            rendered[k] = ""
            continue
        rendered[k] = shown
        open_at = k if plain[k] and shown else None
    # a page break right above a heading starts another item of the document (a briefing's next
    # column): it reads as a rule line, which the splitter takes for an item boundary
    src_lines = lines[body:end]
    for k, ln in enumerate(src_lines):
        if _PAGE_BREAK.match(ln):
            nxt = next((x for x in src_lines[k + 1:] if x.strip()), "")
            if _SECTIONING.match(nxt):
                rendered[k] = PAGE_RULE
    out[body:end] = rendered
    if end < len(lines):
        removals.append(Removal("chrome", lines[end].strip(), "latex-environment", end + 1))
        out[end] = ""
    return "\n".join(out), removals


_TITLE_BLOCK = re.compile(r"^\s*\\(?:title|author|date)\s*\{.*\}\s*$")
_PAGE_BREAK = re.compile(r"^\s*\\(?:newpage|clearpage|cleardoublepage|pagebreak)\s*$")
_SECTIONING = re.compile(r"^\s*\\(?:part|chapter|section|subsection)\*?\s*[\[{]")
PAGE_RULE = "————————"
ITEMS_MIN = 2


_CJK_EDGE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _join(left: str, right: str) -> str:
    """Two source lines of one paragraph: no space between CJK letters or marks (a wrap's join)."""
    if left and right and (_CJK_EDGE.match(left[-1]) or _CJK_EDGE.match(right[0])):
        return left + right
    return f"{left} {right}"
