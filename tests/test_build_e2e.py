"""End to end: the seeds build into the contract of DESIGN.md §3 (issue 3)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLES = 14  # 000, 001, 003, 004 hold one article each; 002 is a dump of ten
EDITIONS = ("zh-hans", "zh-hant")
TOPICS = ("compute", "infra", "models", "apps", "hardware", "embodied")


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path} has no front matter"
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def resolve(page: Path, href: str) -> Path | None:
    if re.match(r"^[a-z]+:", href) or href.startswith(("#", "/")):
        return None
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() or href.split("#")[0].endswith("/") else target


@pytest.fixture(scope="module")
def report(built_site: Path) -> dict:
    return json.loads((built_site / "report.json").read_text(encoding="utf-8"))


def test_every_seed_article_published_once(built_site: Path, report: dict) -> None:
    titles = [a["title"] for a in report["articles"]]
    assert len(titles) == SEED_ARTICLES
    assert len(set(titles)) == SEED_ARTICLES
    md = sorted((built_site / "markdown" / "zh-hans").glob("*.md"))
    assert len(md) == SEED_ARTICLES
    dump = [a for a in report["articles"] if any("002_" in s for s in a["sources"])]
    assert len(dump) == 10


def test_titles_are_real_not_chrome(report: dict) -> None:
    chrome_words = ("欢迎", "联系我们", "阅读(", "首页", "发表评论", "Copyright")
    for a in report["articles"]:
        assert 4 <= len(a["title"]) <= 80
        assert not any(w in a["title"] for w in chrome_words), a["title"]


def test_untitled_input_gets_a_title_from_its_content(built_site: Path, report: dict) -> None:
    art = next(a for a in report["articles"] if any("004_" in s for s in a["sources"]))
    fm, body = front_matter(built_site / "markdown" / "zh-hans" / f"{art['slug']}.md")
    assert fm["title"] and fm["title"] in body  # derived from a clause of the article itself


def test_front_matter_schema_in_both_editions(built_site: Path) -> None:
    for edition in EDITIONS:
        files = sorted((built_site / "markdown" / edition).glob("*.md"))
        assert len(files) == SEED_ARTICLES
        for path in files:
            fm, body = front_matter(path)
            assert set(fm) >= {"title", "slug", "date", "date_inferred", "topics", "sources", "sections"}
            assert fm["slug"] == path.stem and re.fullmatch(r"[a-z0-9-]+", fm["slug"])
            assert isinstance(fm["date_inferred"], bool)
            assert fm["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(fm["date"]))
            assert set(fm["topics"]) <= set(TOPICS)
            assert all(s.startswith("content/") for s in fm["sources"])
            anchors = [s["anchor"] for s in fm["sections"]]
            assert anchors == [f"s{i}" for i in range(1, len(anchors) + 1)]
            for s in fm["sections"][1:]:
                assert f"## {s['heading']}" in body
            # one paragraph per line: no blank-line-separated continuation inside a paragraph
            assert "\n\n\n" not in body


def test_editions_share_slugs_and_differ_in_script(built_site: Path) -> None:
    hans = {p.name for p in (built_site / "markdown" / "zh-hans").glob("*.md")}
    hant = {p.name for p in (built_site / "markdown" / "zh-hant").glob("*.md")}
    assert hans == hant
    sample = next(iter(sorted(hans)))
    a = (built_site / "markdown" / "zh-hans" / sample).read_text(encoding="utf-8")
    b = (built_site / "markdown" / "zh-hant" / sample).read_text(encoding="utf-8")
    assert a != b and ("這" in b or "們" in b or "個" in b)


def test_traditional_input_is_canonical_simplified(built_site: Path, report: dict) -> None:
    art = next(a for a in report["articles"] if any("003_" in s for s in a["sources"]))
    text = (built_site / "markdown" / "zh-hans" / f"{art['slug']}.md").read_text(encoding="utf-8")
    assert "产业" in text and "產業" not in text


def test_site_pages_exist_for_both_editions(built_site: Path, report: dict) -> None:
    assert (built_site / "index.html").is_file()
    for edition in EDITIONS:
        root = built_site / edition
        for rel in ("index.html", "404.html", "feed.xml", "search/index.html", "timeline/index.html"):
            assert (root / rel).is_file(), rel
        for topic in TOPICS:
            assert (root / "topics" / topic / "index.html").is_file()
        for a in report["articles"]:
            assert (root / "articles" / a["slug"] / "index.html").is_file()
    assert (built_site / "sitemap.xml").is_file()


def test_every_article_linked_from_home_and_its_topics(built_site: Path, report: dict) -> None:
    for edition in EDITIONS:
        home_targets = {resolve(built_site / edition / "index.html", h) for h in links_of(built_site / edition / "index.html")}
        for a in report["articles"][:20]:
            page = (built_site / edition / "articles" / a["slug"] / "index.html").resolve()
            assert page in home_targets, f"{a['slug']} not linked from {edition} home"
            for topic in a["topics"]:
                topic_page = built_site / edition / "topics" / topic / "index.html"
                targets = {resolve(topic_page, h) for h in links_of(topic_page)}
                assert page in targets, f"{a['slug']} not linked from topic {topic}"


def test_no_broken_internal_links(built_site: Path) -> None:
    broken = []
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any depth by the host: its links are root-absolute on purpose
        for href in links_of(page):
            target = resolve(page, href)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
    assert not broken, broken[:10]


def test_report_accounts_for_every_input(report: dict) -> None:
    paths = [i["path"] for i in report["inputs"]]
    seeds = sorted(f"content/seeds/{p.name}" for p in (ROOT / "content" / "seeds").iterdir())
    assert paths == seeds
    for entry in report["inputs"]:
        assert entry["status"] in ("published", "merged", "rejected", "skipped")
        assert entry["encoding"]
        assert entry["articles"]
        assert sum(entry["removed"].values()) == len(entry["removals"])
    mirror = next(i for i in report["inputs"] if "001_" in i["path"])
    assert mirror["removed"].get("spam", 0) >= 3  # the gambling mirror's injected phrases
