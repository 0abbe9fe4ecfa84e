"""A wiki page's source (an edit view's text box, a dump of wikitext) read as the text a
reader of the page sees: a link `[[target|label]]` reads as its label and `[[name]]` as its
name, a category, file or interlanguage link is the wiki's, footnotes (`<ref>…</ref>`,
`<ref name="…" />`), templates (`{{…}}`), hidden comments (`<!-- … -->`, where vandals park
spam), `<references />` and bold/italic quotes are markup. A line that is only a date
template (`{{date|2026年5月22日}}`) keeps its date, the page's day. Every piece taken off is
recorded (the footnotes and templates as chrome; prepare re-kinds spam by the lexicon).

Detection is by share, not by name: the text must hold WIKI_MIN_MARKS wikitext marks of at
least two kinds, so an article quoting one `[[` or `{{` is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Removal
from .rules import RULES_DIR, _load

_LINK = re.compile(r"\[\[([^\[\]|\n]{1,120})(?:\|([^\[\]\n]{0,120}))?\]\]")
_REF = re.compile(r"<ref\b[^<>]{0,200}/>|<ref\b[^<>]{0,200}>.*?</ref\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TEMPLATE = re.compile(r"\{\{[^{}]{0,600}\}\}")
_TEMPLATE_PARAM = re.compile(r"\{\{[^{}|\n]{1,60}\|")  # a template given parameters ("{{cite news|…")
_EXTERNAL = re.compile(r"(?<!\[)\[(https?://[^\s\[\]]{1,300})\s+([^\[\]\n]{1,120})\](?!\])")  # "[url 标签]"
TEMPLATE_PASSES = 5  # depth of templates inside templates (an infobox's field holding a date template)
_REFERENCES = re.compile(r"<references\s*/?>|</references>", re.IGNORECASE)
_HEADING = re.compile(r"^(={2,6})\s*([^=\n]{1,80}?)\s*\1\s*$", re.MULTILINE)
_QUOTES = re.compile(r"'{2,5}(?=\S)(.+?)(?<=\S)'{2,5}")
# a date template's value ("{{date|2026年5月22日}}", "{{Date|May 22, 2026}}")
_DATE_TEMPLATE = re.compile(r"^\s*\{\{\s*(?:date|日期|publish date|发布日期|發佈日期)\s*\|\s*([^{}|]{4,40})\}\}\s*$", re.IGNORECASE)
WIKI_MIN_MARKS = 4
WIKI_MIN_KINDS = 2


@lru_cache(maxsize=1)
def _wiki_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a link to the wiki's own namespaces or an interwiki, a heading of the page's end matter):
    rules/markup.yaml `wiki_namespaces`, `wiki_end_sections`."""
    data = _load("markup.yaml", RULES_DIR)
    ns = "|".join(map(re.escape, data["wiki_namespaces"]))
    end = "|".join(map(re.escape, data["wiki_end_sections"]))
    return (re.compile(rf"^\s*:?\s*(?:{ns}|[a-z]{{2,3}}(?:-[a-z]{{2,4}})?)\s*:", re.IGNORECASE),
            re.compile(rf"^(={{2,6}})\s*(?:{end})\s*\1\s*$", re.IGNORECASE))


def is_wikitext(text: str) -> bool:
    """Whether `text` is a wiki page's source: WIKI_MIN_MARKS marks of WIKI_MIN_KINDS kinds."""
    if "[[" not in text and "{{" not in text:
        return False
    counts = [len(_LINK.findall(text)), len(_REF.findall(text)), len(_TEMPLATE.findall(text)),
              len(_HEADING.findall(text)), len(_REFERENCES.findall(text))]
    # and one mark of a page's source, not of prose about links and placeholders ("输入[[项目周报]]",
    # "写上{{date}}"): a footnote, a section heading, the references list or a template given parameters
    page = counts[1] + counts[3] + counts[4] + len(_TEMPLATE_PARAM.findall(text))
    return sum(counts) >= WIKI_MIN_MARKS and sum(1 for c in counts if c) >= WIKI_MIN_KINDS and page > 0


def wikitext_to_text(text: str) -> tuple[str, list[Removal]]:
    """The text a reader of the wiki page sees, line for line, and the record of the markup."""
    removals: list[Removal] = []
    namespace, end_heading = _wiki_rules()
    lines = text.split("\n")
    end = next((k for k, ln in enumerate(lines) if end_heading.match(ln.strip())), None)
    if end is not None:  # the page's end matter, and below it the wiki's own furniture
        removals.extend(Removal("chrome", ln.strip(), "wiki-end-matter", k + 1) for k, ln in enumerate(lines)
                        if k >= end and ln.strip())
        text = "\n".join(lines[:end] + [""] * (len(lines) - end))

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def drop(kind: str, rule: str) -> object:
        def repl(m: re.Match[str]) -> str:
            removals.append(Removal(kind, m.group(0).strip(), rule, line_of(m.start())))
            return "\n" * m.group(0).count("\n")  # line numbers stay
        return repl

    # hidden comments and footnotes first (a footnote's source template holds links and pipes)
    out = _COMMENT.sub(drop("chrome", "wiki-comment"), text)
    text = out
    out = _REF.sub(drop("chrome", "wiki-footnote"), text)
    text = out
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if m := _DATE_TEMPLATE.match(line):  # the page's day: its value stays, the template goes
            removals.append(Removal("chrome", line.strip(), "wiki-date-template", k + 1))
            lines[k] = m.group(1).strip()
    text = "\n".join(lines)
    for _ in range(TEMPLATE_PASSES):  # innermost first: a template inside a template's field
        out = _TEMPLATE.sub(drop("chrome", "wiki-template"), text)
        if out == text:
            break
        text = out
    text = _REFERENCES.sub(drop("chrome", "wiki-references"), text)

    def link(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if namespace.match(target):
            removals.append(Removal("chrome", m.group(0), "wiki-category", line_of(m.start())))
            return ""
        shown = label.strip() if label and label.strip() else target.strip()
        removals.append(Removal("markup", m.group(0).replace(shown, "", 1) or m.group(0), "wiki-link", line_of(m.start())))
        return shown

    text = _LINK.sub(link, text)

    def external(m: re.Match[str]) -> str:  # an external link reads as its label
        removals.append(Removal("markup", m.group(1), "wiki-external-link", line_of(m.start())))
        return m.group(2).strip()

    text = _EXTERNAL.sub(external, text)
    text = _HEADING.sub(lambda m: m.group(2), text)
    text = _QUOTES.sub(lambda m: m.group(1), text)
    return text, removals
