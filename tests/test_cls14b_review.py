"""Near-misses a review of branch cls14b found in the JSON reading (digest/jsondump.py) and the
chrome CV bench's piecewise finding of a kept line (bench/cv_chromestats.py `located`). Every
fixture is invented (no line of the labelled set); each asserts what a reader of the cleaned
article should get: the article's paragraphs as written, its byline read, its frame (ids,
keys, comments, captions) out or recorded, no crash."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from digest.model import RawDoc
from digest.pipeline import Prepared, extract, prepare

ROOT = Path(__file__).resolve().parents[1]

TITLE = "城郊物流园上线无人叉车调度系统"
PARAS = [
    "城郊物流园本月起启用一套无人叉车调度系统，园区内四十台叉车由同一个平台统一派单。",
    "园区负责人介绍，系统上线后叉车空驶里程下降了三成，夜间班次的人手也减少了一半。",
    "不过，调度平台对网络稳定性要求较高，园区正在为仓库补建专用的无线网络。",
]
HTML = "".join(f"<p>{p}</p>" for p in PARAS)


def _drafts(value: object, indent: int | None = 2):
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return extract(prepare(RawDoc("content/api.txt", text.encode("utf-8")))).drafts


def _draft(value: object, indent: int | None = 2):
    return _drafts(value, indent)[0]


def _removed_text(draft) -> str:
    return "\n".join(r.text for r in draft.removals)


# ------------------------------------------------ a plain-text body leaf is labelled with its key


@pytest.mark.parametrize("key", ["content", "text", "body", "正文"])
def test_a_plain_text_body_field_reads_as_its_paragraphs_without_the_key(key: str) -> None:
    """The commonest API shape: the body as plain text under "content"/"text"/"body". Every
    paragraph comes out as "content：城郊物流园…" (the key glued to the article text)."""
    draft = _draft({"code": 0, "data": {"title": TITLE, key: "\n".join(PARAS)}})
    assert draft.paragraphs == PARAS


def test_a_list_of_paragraph_strings_under_a_key_reads_as_the_paragraphs() -> None:
    draft = _draft({"title": TITLE, "paragraphs": PARAS})
    assert draft.paragraphs == PARAS


# ------------------------------------------------ the byline built from the fields is lost after a kicker


def test_a_long_kicker_before_the_byline_fields_keeps_the_date_and_author() -> None:
    """The fields line ("发布时间：…  来源：…  作者：…") is placed where the fields stand in the
    response; after a long kicker it is below the first body line and is removed as a comment
    line (comments/comment-line): date, source and author are lost."""
    draft = _draft(
        {
            "title": TITLE,
            "kicker": "一套调度平台统一指挥四十台无人叉车，园区的夜班人手因此减少了一半",
            "source": "某某日报",
            "author": "记者 程某某",
            "publish_time": "2026-03-18 08:30:00",
            "html": HTML,
        }
    )
    assert draft.date == "2026-03-18"
    assert draft.author and "程某某" in draft.author


def test_a_date_field_named_date_gives_the_articles_date() -> None:
    """A "date": "2026-03-18" field is one CJK-free token under a key _label does not map: dropped
    silently, the article has no date."""
    draft = _draft({"title": TITLE, "date": "2026-03-18", "html": HTML})
    assert draft.date == "2026-03-18"


@pytest.mark.parametrize(("key", "value"), [("author_name", "程某某"), ("source_name", "某某日报")])
def test_author_name_and_source_name_fields_are_byline_not_article_text(key: str, value: str) -> None:
    draft = _draft({"title": TITLE, key: value, "publish_time": "2026-03-18 08:30", "html": HTML})
    assert not any(key in p or value in p for p in draft.paragraphs)


# ------------------------------------------------ frame leaves that leak into the article


def test_readers_comments_in_a_response_are_not_article_text() -> None:
    draft = _draft(
        {
            "data": {
                "title": TITLE,
                "publish_time": "2026-03-18 08:30",
                "html": HTML,
                "comments": [
                    {"nick": "小王", "content": "这个系统好用吗？我们仓库也想上，不知道价格贵不贵。"},
                    {"nick": "老李", "content": "夜班少一半人，工人去哪儿了？"},
                ],
            }
        }
    )
    assert draft.paragraphs == PARAS


def test_an_image_caption_field_is_no_paragraph_with_its_key() -> None:
    draft = _draft(
        {
            "title": TITLE,
            "blocks": [
                {"type": "p", "html": f"<p>{PARAS[0]}</p>"},
                {"type": "image", "url": "https://img.example.cn/1.jpg", "caption": "图为园区内的无人叉车"},
                {"type": "p", "html": f"<p>{PARAS[1]}</p><p>{PARAS[2]}</p>"},
            ],
        }
    )
    assert not any(p.startswith("caption") for p in draft.paragraphs)


def test_an_html_leaf_of_table_tags_reads_as_text() -> None:
    """_TAGGED (jsondump's own tag list) lacks table/tr/td: the leaf's tags go into the article."""
    draft = _draft(
        {
            "title": TITLE,
            "html": HTML,
            "spec_html": "<table><tr><td>叉车台数</td><td>四十台</td></tr><tr><td>调度平台</td><td>自研</td></tr></table>",
        }
    )
    assert not any("<td>" in p or "<table>" in p for p in draft.paragraphs)


# ------------------------------------------------ content dropped without a record


def test_a_one_word_latin_title_is_kept() -> None:
    """An English product name as the title is one CJK-free token: dropped without a record,
    the title is made from the first paragraph and the date line under it is lost too."""
    draft = _draft({"title": "DeepSeek-V4", "publish_time": "2026-03-18", "html": HTML})
    assert draft.title == "DeepSeek-V4"
    assert draft.date == "2026-03-18"


def test_what_the_json_reading_drops_is_recorded() -> None:
    """The feed reader records every field it drops (feed-link, feed-guid, …) and the HTML it
    does not show; the JSON reading records nothing: an id, a share URL and a hidden ad in an
    HTML leaf vanish from the report."""
    draft = _draft(
        {
            "id": "a8f3c09d",
            "title": TITLE,
            "share_url": "https://m.example.cn/a/77?from=share",
            "html": HTML + '<p style="display:none">加微信领取内部资料包</p>',
        }
    )
    removed = _removed_text(draft)
    assert "https://m.example.cn/a/77?from=share" in removed
    assert "加微信领取内部资料包" in removed


# ------------------------------------------------ two articles in one array


def test_an_array_of_two_articles_gives_two_drafts() -> None:
    second = [
        "今年以来，仓储机器人的租赁价格持续下探，中小企业按月租用的门槛明显降低。",
        "多家租赁平台表示，租期灵活是吸引客户的主要原因，续租率超过七成。",
    ]
    drafts = _drafts(
        [
            {"title": TITLE, "publish_time": "2026-03-18 08:30", "html": HTML},
            {"title": "仓储机器人租赁价格下探", "publish_time": "2026-03-19 09:00", "html": "".join(f"<p>{p}</p>" for p in second)},
        ]
    )
    assert [d.title for d in drafts] == [TITLE, "仓储机器人租赁价格下探"]
    assert drafts[1].date == "2026-03-19"


# ------------------------------------------------ a deeply nested document


def test_a_deeply_nested_json_document_does_not_raise() -> None:
    """json.loads raises RecursionError (not a ValueError) past ~1000 levels; parse_dump only
    catches ValueError, so prepare raises on an input the base read as text."""
    text = "[" * 3000 + json.dumps(TITLE, ensure_ascii=False) + "]" * 3000
    prepare(RawDoc("content/deep.txt", text.encode("utf-8")))  # must not raise


# ------------------------------------------------ CV bench: a kept line found in pieces


def test_cv_located_prefers_the_article_copy_of_a_line_over_a_noise_repeat() -> None:
    """A summary that repeats the lead (noise, kind repeat) stands before the article copy; the
    article line has a spam phrase cut out inline, so the kept line is found in pieces. The
    first piece is looked up anywhere (first occurrence: the noise repeat), so the kept article
    line is labelled noise and a classifier removing it would count as noise caught."""
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT / "tools"))
    import cv_chromestats

    summary = "国内大模型厂商密集发布新品"  # noise: the summary's copy of the lead
    article = ["国内大模型厂商密集发布新品", "加微信领资料", "推理成本持续下降"]  # the middle is a spliced spam phrase
    letters = summary + "".join(article)
    noise = [True] * len(summary) + [False] * len(article[0]) + [True] * len(article[1]) + [False] * len(article[2])
    kept = article[0] + article[2]
    flags = cv_chromestats.located(kept, letters, noise)
    assert flags is not None and sum(flags) == 0


def test_prepare_returns_prepared_for_the_review_fixtures() -> None:
    """(sanity) the fixtures above are read as JSON dumps, not rejected."""
    text = json.dumps({"title": TITLE, "html": HTML}, ensure_ascii=False)
    assert isinstance(prepare(RawDoc("content/api.txt", text.encode())), Prepared)


# ------------------------------------------------ pre-existing (the base 9cfaddd does the same)


def test_a_json_ld_block_after_an_article_is_not_article_text() -> None:
    """Not a regression of cls14b (the base leaks the same lines): a page's JSON-LD block after
    the text is no whole-file dump, so it stays text and its lines leak into the article."""
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "datePublished": "2026-03-18"},
        ensure_ascii=False,
        indent=2,
    )
    lines = [TITLE, "2026-03-18 08:30 来源：某某日报", *PARAS, ld]
    [draft] = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts
    assert draft.paragraphs == PARAS


# ------------------------------------------------ the trainer never opens a left-out round's source


def test_train_chromestats_never_opens_a_left_out_rounds_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """(added with the fix of finding l) tune_sources read every t*_ source's @split line before
    checking LEFT_OUT, so an unseen round's file was opened; the round name is checked first."""
    sys.path.insert(0, str(ROOT / "tools"))
    import train_chromestats

    left_out = frozenset(train_chromestats.LEFT_OUT) | {"t14"}
    monkeypatch.setattr(train_chromestats, "LEFT_OUT", left_out)
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    sources = train_chromestats.tune_sources()
    assert "t14" not in sources
    assert opened and not any(train_chromestats.make_inputs.round_of(name) in left_out for name in opened)
