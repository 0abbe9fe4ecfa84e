"""Internal link checker for the built site: every href/src to a local file must exist,
and every #fragment must name an id in the target page.

Usage: python -m digest.linkcheck [SITE]   (exit 1 and one line per broken link)
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"href", "src"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data"}


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.page.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and _is_alternate_abs(attrs)):
                (self.page.external if _is_external(value) else self.page.links).append(value)


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in EXTERNAL_SCHEMES or url.startswith("//")


def _is_alternate_abs(attrs: list[tuple[str, str | None]]) -> bool:
    # <link rel=canonical/alternate href=https://...> name the public URL, not a file.
    rel = dict(attrs).get("rel") or ""
    return any(r in rel.split() for r in ("canonical", "alternate"))


@lru_cache(maxsize=4096)
def parse_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.page


def resolve(site: Path, page_rel: str, url: str) -> tuple[Path, str] | None:
    """The file a local link points at and its fragment; None for links to nothing local."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    target = unquote(parts.path)
    if not target:
        target = page_rel
    elif target.startswith("/"):
        target = target.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), target))
        if url.split("#")[0].split("?")[0].endswith("/") and not target.endswith("/"):
            target += "/"
    path = site / target
    if target.endswith("/") or target in ("", ".") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_site(site: Path) -> list[str]:
    """Every broken internal link or anchor, as 'page: url (why)'."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("_screenshots/"):
            continue
        for url in parse_page(page).links:
            found = resolve(site, rel, url)
            if found is None:
                continue
            path, fragment = found
            if not path.is_file():
                problems.append(f"{rel}: {url} (no file {path.relative_to(site).as_posix()})")
            elif fragment and path.suffix == ".html" and fragment not in parse_page(path).ids:
                problems.append(f"{rel}: {url} (no id {fragment!r})")
    return problems


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    problems = check_site(site)
    for p in problems:
        print(p)
    print(f"{len(problems)} broken internal link(s) in {site}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
