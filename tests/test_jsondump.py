"""A raw JSON API response saved as an input (digest/jsondump.py): read as the lines of its
string leaves, its frame (braces, ids, counters, enums) out, the article's fields as the
labelled lines a page shows; an article quoting a JSON snippet stays prose. Fixtures are
invented, none is a line of the labelled set."""

from __future__ import annotations

import json

from digest import jsondump
from digest.model import RawDoc
from digest.pipeline import extract, prepare

TITLE = "城郊物流园上线无人叉车调度系统"
PARAS = [
    "城郊物流园本月起启用一套无人叉车调度系统，园区内四十台叉车由同一个平台统一派单。",
    "园区负责人介绍，系统上线后叉车空驶里程下降了三成，夜间班次的人手也减少了一半。",
    "不过，调度平台对网络稳定性要求较高，园区正在为仓库补建专用的无线网络。",
]
RESPONSE = {
    "code": 0,
    "message": "ok",
    "trace_id": "9f3a0c1d77e2",
    "data": {
        "item": {
            "id": 5501238,
            "title": TITLE,
            "author": "记者 程某某",
            "publish_time": "2026-03-18 08:30:00",
            "view_count": 4521,
            "body": [{"kind": "text", "html": f"<p>{p}</p>"} for p in PARAS],
            "is_top": False,
        },
        "recommend": [{"id": 5501199, "title": "仓储机器人租赁价格下探", "url": "https://example.cn/a/5501199"}],
    },
}


def _draft(text: str):
    [draft] = extract(prepare(RawDoc("content/api.txt", text.encode("utf-8")))).drafts
    return draft


def test_a_pretty_printed_response_reads_as_its_string_leaves() -> None:
    draft = _draft(json.dumps(RESPONSE, ensure_ascii=False, indent=2))
    assert draft.title == TITLE
    assert draft.paragraphs[: len(PARAS)] == PARAS
    text = "\n".join(draft.paragraphs)
    assert "{" not in text and "trace_id" not in text and "5501238" not in text


def test_a_cleaned_response_cleaned_again_changes_nothing() -> None:
    draft = _draft(json.dumps(RESPONSE, ensure_ascii=False, indent=2))
    again = _draft("\n\n".join([draft.title, *draft.paragraphs]))
    assert again.title == draft.title and again.paragraphs == draft.paragraphs


def test_only_a_whole_json_document_is_a_dump() -> None:
    dump = json.dumps(RESPONSE, ensure_ascii=False, indent=2)
    assert jsondump.parse_dump(dump) is not None
    assert jsondump.parse_dump("\ufeff" + dump) is not None
    assert jsondump.parse_dump(dump + "\n\n以上是接口返回的内容。") is None
    assert jsondump.parse_dump('"只有一个字符串"') is None and jsondump.parse_dump("[1, 2") is None


def test_an_article_quoting_a_json_snippet_stays_prose() -> None:
    """Near miss: a developer article shows an API's answer; the file is no JSON as a whole,
    so the snippet's lines are read as they are and the prose around it stays. (A guard: it
    passes on the base before jsondump too, since only a whole-file JSON document is read as a
    dump; it fails if the gate is ever loosened to a JSON block inside text.)"""
    snippet = ['{', '  "code": 0,', '  "title": "示例标题"', '}']  # fmt: skip
    lines = [TITLE, "2026-03-18 来源：某某开发者社区", PARAS[0], "接口返回的结果如下：", "\n".join(snippet), *PARAS[1:]]
    text = "\n\n".join(lines)
    assert jsondump.read_dump(text) is None
    draft = _draft(text)
    assert draft.title == TITLE
    assert PARAS[0] in draft.paragraphs and PARAS[2] in draft.paragraphs
    assert "接口返回的结果如下：" in draft.paragraphs


def test_html_leaves_read_as_text_and_identifiers_are_no_text() -> None:
    value = {"a": {"type": "p", "html": "<p>第一段文字。</p><p>第二段文字。</p>"}, "u": "https://x.cn/1",
             "kicker": "一行导语", "pubDate": "2026-01-02", "tags": ["人工智能", "机器人"]}  # fmt: skip
    (item,) = jsondump.read_dump(json.dumps(value, ensure_ascii=False))
    lines = item.body.split("\n\n")
    # the byline fields make one line under the title (here, with no title, the first line)
    assert lines == ["发布时间：2026-01-02", "第一段文字。", "第二段文字。", "kicker：一行导语", "tags：人工智能", "tags：机器人"]


def test_an_epoch_publish_time_gives_the_date_and_a_summary_beside_the_body_is_a_repeat() -> None:
    """An epoch in seconds (or milliseconds) under a publish-time key is the article's date
    (Beijing time); a summary copying the lead beside the body is recorded, not a paragraph."""
    value = {"title": TITLE, "pubtime": 1773793800, "abstract": PARAS[0],
             "content": "".join(f"<p>{p}</p>" for p in PARAS)}  # fmt: skip
    draft = _draft(json.dumps(value, ensure_ascii=False))
    assert draft.date == "2026-03-18"
    assert draft.paragraphs == PARAS
    assert any(r.kind == "repeat" and r.text == PARAS[0] for r in draft.removals)
    value["pubtime"] = 1773793800000
    assert _draft(json.dumps(value, ensure_ascii=False)).date == "2026-03-18"
