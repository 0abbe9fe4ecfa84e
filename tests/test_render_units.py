"""Small pieces of the renderer checked against their definitions."""

from __future__ import annotations

import posixpath

from hypothesis import assume, given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from digest.render import make_env, page_rel

_part = st.sampled_from(["zh-hans", "zh-hant", "articles", "topics", "a", "b", "index.html", "feed.xml", "x.css"])
_path = st.lists(_part, min_size=1, max_size=5).map("/".join)


def _relpath_link(from_page: str, to_page: str) -> str:
    """The definition page_rel replaces: posixpath.relpath from the page's folder, a
    folder's index.html written as the folder."""
    rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")] or "./"
    return rel


@given(_path, _path)
def test_page_rel_is_relpath(from_page: str, to_page: str) -> None:
    # a target is a file: never one of the page's own folders
    assume(not (posixpath.dirname(from_page) + "/").startswith(to_page + "/"))
    assert page_rel(from_page, to_page) == _relpath_link(from_page, to_page)


def test_page_rel_links_between_article_pages() -> None:
    page = "zh-hans/articles/a/index.html"
    assert page_rel(page, "zh-hans/articles/b/index.html") == "../b/"
    assert page_rel(page, "zh-hans/articles/a/index.html") == "./"
    assert page_rel(page, "zh-hans/topics/apps/index.html") == "../../topics/apps/"
    assert page_rel(page, "assets/style.css") == "../../../assets/style.css"


def test_paragraphs_filter_escapes_and_converts() -> None:
    env: Environment = make_env()
    tpl = env.from_string("{{ ps | paragraphs }}")
    html = tpl.render(ps=["发布<b>会</b>", "a & b"], t=lambda s: s.replace("发", "發"))
    assert html == "<p>發布&lt;b&gt;会&lt;/b&gt;</p>\n<p>a &amp; b</p>\n"
    assert isinstance(Markup(html), Markup)


def test_a_stated_publication_time_reaches_front_matter_and_json_ld() -> None:
    import yaml

    from digest.model import Article, Section
    from digest.render import Edition, article_json_ld, markdown_article

    sec = Section(heading="标题", anchor="s1", paragraphs=["正文一段。"])
    timed = Article(slug="a", title="标题", sources=["content/a.txt"], sections=[sec], date="2024-07-25",
                    date_precision="day", published_time="19:36")
    front = yaml.safe_load(markdown_article(timed, lambda s: s).split("---")[1])
    assert front["date"].isoformat() == "2024-07-25" and front["time"] == "19:36"  # a string, not YAML 1.1's 1176
    assert list(front)[:4] == ["title", "slug", "date", "time"]
    ed = Edition("zh-hans", lambda s: s, {"site_name": "x"})
    assert article_json_ld(timed, ed, "https://d.example/", [])["datePublished"] == "2024-07-25T19:36"
    # an inferred date has no stated time; an article without one has no key
    guessed = Article(slug="b", title="标题", sources=[], sections=[sec], date="2024-07-25", date_inferred=True,
                      published_time="19:36")
    plain = Article(slug="c", title="标题", sources=[], sections=[sec], date="2024-07-25")
    for article in (guessed, plain):
        assert "time" not in yaml.safe_load(markdown_article(article, lambda s: s).split("---")[1])
    assert "datePublished" not in article_json_ld(guessed, ed, "https://d.example/", [])
    assert article_json_ld(plain, ed, "https://d.example/", [])["datePublished"] == "2024-07-25"
