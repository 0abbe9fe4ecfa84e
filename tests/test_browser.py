"""The built site in Debian's chromium (Playwright, sync API): console errors, requests,
the language switcher, cross-script search, accessibility (axe-core), layout at 360 px,
dark mode, print, file:// use, and screenshots for a human to look at."""

from __future__ import annotations

import functools
import re
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EDITIONS = ("zh-hans", "zh-hant")
WIDTHS = (360, 1280)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


# --- server and browser ------------------------------------------------------------------


def netlify_headers() -> dict[str, str]:
    """The headers netlify.toml sends for every path, so tests run under the real CSP."""
    conf = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return next(h["values"] for h in conf["headers"] if h["for"] == "/*")


class SiteHandler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    """http.server on 127.0.0.1 and a free port, serving the built site with netlify's headers."""
    handler = functools.partial(type("Handler", (SiteHandler,), {"extra_headers": netlify_headers()}), directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # launch() gives chromium a fresh temporary profile of its own and removes it on close.
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, every request URL."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_page(browser: object, locale: str = "zh-CN", width: int = 1280, **options: object) -> tuple[object, Watch]:
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda m: watch.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: watch.requests.append(r.url))
    return page, watch


@pytest.fixture
def page(browser: object) -> Iterator[tuple[object, Watch]]:
    pg, watch = open_page(browser)
    yield pg, watch
    pg.context.close()


def first_article(site: Path) -> str:
    """The article with the most sections (it has a TOC, related sections, prev/next)."""
    pages = sorted((site / "zh-hans" / "articles").glob("*/index.html"), key=lambda p: (-p.stat().st_size, p.parent.name))
    return pages[len(pages) // 2].parent.name


def page_types(site: Path, lang: str) -> dict[str, str]:
    entity = sorted((site / lang / "entities").glob("*/index.html"))[0].parent.name
    return {
        "home": f"/{lang}/",
        "article": f"/{lang}/articles/{first_article(site)}/",
        "topic": f"/{lang}/topics/models/",
        "topics": f"/{lang}/topics/",
        "entity": f"/{lang}/entities/{entity}/",
        "entities": f"/{lang}/entities/",
        "timeline": f"/{lang}/timeline/",
        "search": f"/{lang}/search/",
        "404": f"/{lang}/404.html",
    }


def all_urls(site: Path) -> list[str]:
    return [u for lang in EDITIONS for u in page_types(site, lang).values()] + ["/report/"]


# --- every page type ---------------------------------------------------------------------


def test_every_page_type_loads_clean_and_local(browser: object, server: str, built_site: Path) -> None:
    pg, watch = open_page(browser)
    try:
        for url in all_urls(built_site):
            pg.goto(server + url, wait_until="load")
            assert pg.title(), url
        assert not watch.errors, "\n".join(watch.errors)
        foreign = [u for u in watch.requests if not u.startswith(server + "/")]
        assert not foreign, foreign
    finally:
        pg.context.close()


@pytest.mark.parametrize(("locale", "edition"), [("zh-TW", "zh-hant"), ("zh-CN", "zh-hans"), ("zh-HK", "zh-hant")])
def test_root_chooses_edition_by_browser_language(browser: object, server: str, locale: str, edition: str) -> None:
    pg, watch = open_page(browser, locale=locale)
    try:
        pg.goto(server + "/")
        pg.wait_for_url(re.compile(f"/{edition}/$"))
        assert not watch.errors
    finally:
        pg.context.close()


@pytest.mark.parametrize("lang", EDITIONS)
def test_switcher_lands_on_the_same_page(page: tuple[object, Watch], server: str, built_site: Path, lang: str) -> None:
    pg, _ = page
    other = EDITIONS[1 - EDITIONS.index(lang)]
    for url in page_types(built_site, lang).values():
        if url.endswith("404.html"):
            continue
        pg.goto(server + url)
        pg.click("[data-lang-switch]")
        pg.wait_for_load_state()
        assert pg.evaluate("location.pathname") == url.replace(f"/{lang}/", f"/{other}/", 1)
        assert pg.evaluate("document.documentElement.lang") == ("zh-Hant" if other == "zh-hant" else "zh-Hans")


def test_timeline_filter_hides_other_topics(page: tuple[object, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(server + "/zh-hans/timeline/")
    total = pg.locator("li.event").count()
    pg.check("input[name=topic][value=embodied]")
    visible = pg.locator("li.event:not([hidden])").count()
    assert 0 < visible < total
    assert pg.locator("li.event:not([hidden])").evaluate_all("els => els.every(e => e.dataset.topics.split(' ').includes('embodied'))")
    assert not watch.errors


# --- search ------------------------------------------------------------------------------


def run_search(pg: object, server: str, lang: str, query: str) -> list[str]:
    """Search from the edition's search page; returns the result paths."""
    if not pg.url.startswith(f"{server}/{lang}/search/"):
        pg.goto(f"{server}/{lang}/search/")
    pg.evaluate("document.querySelector('[data-search]').dataset.state = 'idle'")
    pg.fill("#q", query)
    pg.press("#q", "Enter")
    pg.wait_for_selector("[data-search][data-state=done]", state="attached")
    return pg.eval_on_selector_all("[data-results] a", "els => els.map(e => new URL(e.href).pathname)")


def article_texts(site: Path, lang: str = "zh-hans") -> dict[str, str]:
    """Each article's body text (what is indexed), by its path in the given edition."""
    out = {}
    for path in sorted((site / "zh-hans" / "articles").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        body = html.split("<article", 1)[1].split("</article>", 1)[0]
        body = re.sub(r"<(details|nav|aside)\b.*?</\1>", " ", body, flags=re.S)
        out[f"/{lang}/articles/{path.parent.name}/"] = re.sub(r"<[^>]+>", "", body)
    return out


@pytest.mark.parametrize(("lang", "query", "canonical"), [
    ("zh-hant", "數據", ("数据",)),  # Traditional characters find Simplified text
    ("zh-hant", "資料", ("数据", "资料")),  # Taiwan vocabulary finds mainland vocabulary (and the word itself)
    ("zh-hans", "数据", ("数据",)),
    ("zh-hans", "芯片", ("芯片",)),  # substrings the word segmenter keeps inside longer words
    ("zh-hans", "大模型", ("大模型",)),
    ("zh-hant", "晶片", ("芯片", "晶片")),
])
def test_search_finds_across_scripts(page: tuple[object, Watch], server: str, built_site: Path,
                                     lang: str, query: str, canonical: tuple[str, ...]) -> None:
    pg, watch = page
    found = set(run_search(pg, server, lang, query))
    want = {u for u, text in article_texts(built_site, lang).items() if any(c in text for c in canonical)}
    assert want, f"no article contains {canonical}: the test proves nothing"
    assert found == want, f"missing {sorted(want - found)}, extra {sorted(found - want)}"
    assert all(u.startswith(f"/{lang}/") for u in found)
    if lang == "zh-hant":  # results are shown in the reader's script
        assert pg.locator("[data-results] mark").first.inner_text() in (query, "數據", "資料", "晶片", "芯片")
    assert not watch.errors


def test_search_recall_on_taxonomy_terms(page: tuple[object, Watch], server: str, built_site: Path) -> None:
    """Every taxonomy term and entity name that occurs in an article, searched as typed in
    Simplified: which articles contain it (substring) against what the search page lists."""
    import yaml

    tax = yaml.safe_load((ROOT / "taxonomy.yaml").read_text(encoding="utf-8"))
    terms = {t for topic in tax["topics"] for t in (topic.get("terms") or {})} | {e["name"] for e in tax["entities"]}
    texts = article_texts(built_site)
    terms = sorted(t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t) and any(t in x for x in texts.values()))
    tp = fn = fp = 0
    pg, _ = page
    for term in terms:
        want = {u for u, x in texts.items() if term in x}
        got = set(run_search(pg, server, "zh-hans", term))
        tp, fn, fp = tp + len(want & got), fn + len(want - got), fp + len(got - want)
    recall, precision = tp / (tp + fn), tp / max(1, tp + fp)
    print(f"search over {len(terms)} terms: recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= 0.98 and precision >= 0.98


def test_search_from_file_explains_it_needs_a_server(browser: object, built_site: Path) -> None:
    pg, watch = open_page(browser)
    try:
        pg.goto((built_site / "zh-hans" / "search" / "index.html").as_uri())
        assert pg.locator(".search-status").inner_text().strip()
        assert not watch.errors
    finally:
        pg.context.close()


def test_site_works_from_file_urls(browser: object, built_site: Path) -> None:
    pg, watch = open_page(browser)
    try:
        pg.goto((built_site / "zh-hans" / "index.html").as_uri())
        pg.click("ul.articles li a >> nth=0")
        pg.wait_for_load_state()
        assert pg.url.endswith("/index.html") and "/articles/" in pg.url
        assert pg.locator("article h1").count() == 1
        pg.click("[data-lang-switch]")
        pg.wait_for_load_state()
        assert "/zh-hant/articles/" in pg.url and pg.locator("article h1").count() == 1
        assert not watch.errors
    finally:
        pg.context.close()


# --- accessibility, layout, looks --------------------------------------------------------


def test_axe_no_serious_or_critical_violations(browser: object, server: str, built_site: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pg, _ = open_page(browser)
    report = []
    try:
        for lang in EDITIONS:
            types = page_types(built_site, lang)
            for name in ("home", "article", "topic", "timeline", "search"):
                pg.goto(server + types[name])
                result = axe.run(pg)
                for v in result.response["violations"]:
                    if v["impact"] in ("serious", "critical"):
                        report.append(f"{lang} {name}: {v['id']} ({v['impact']}) {v['help']} e.g. {v['nodes'][0]['target']}")
    finally:
        pg.context.close()
    assert not report, "\n".join(report)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_overflow(browser: object, server: str, built_site: Path, width: int) -> None:
    pg, _ = open_page(browser, width=width)
    try:
        for url in all_urls(built_site):
            pg.goto(server + url)
            sizes = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert sizes[0] <= sizes[1], f"{url} at {width}px: scrollWidth {sizes[0]} > clientWidth {sizes[1]}"
    finally:
        pg.context.close()


def test_dark_mode_and_print_styles(browser: object, server: str, built_site: Path) -> None:
    url = server + page_types(built_site, "zh-hans")["article"]
    pg, _ = open_page(browser, color_scheme="dark")
    try:
        pg.goto(url)
        dark = pg.evaluate("getComputedStyle(document.body).backgroundColor")
        pg.emulate_media(color_scheme="light")
        light = pg.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark != light
        pg.emulate_media(media="print")
        assert pg.evaluate("getComputedStyle(document.querySelector('header.site nav')).display") == "none"
    finally:
        pg.context.close()


def test_screenshots(browser: object, server: str, built_site: Path) -> None:
    """Home, article and topic pages at 360 and 1280 px, both editions, for a human to look at."""
    folders = [built_site / "_screenshots"]
    if (ROOT / "site" / "_screenshots").is_dir():
        folders.append(ROOT / "site" / "_screenshots")
    for width in WIDTHS:
        pg, _ = open_page(browser, width=width)
        try:
            for lang in EDITIONS:
                types = page_types(built_site, lang)
                for name in ("home", "article", "topic"):
                    pg.goto(server + types[name])
                    shot = pg.screenshot(full_page=False)
                    for folder in folders:
                        folder.mkdir(exist_ok=True)
                        (folder / f"{lang}-{name}-{width}.png").write_bytes(shot)
        finally:
            pg.context.close()
    assert len(list((built_site / "_screenshots").glob("*.png"))) == 2 * 3 * len(WIDTHS)
