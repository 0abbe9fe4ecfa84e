"""Ordinary AI and tech news the cleaner must keep whole: a guard for every rule, present
and future (review of the spam, chrome and header rules). tests/data/clean/prose_probe.txt
holds the sentences; each goes, as its own paragraph, at the start, middle and end of a
small dated article and must come out unchanged, with the article around it. Fixtures are
invented, not copied from the labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NEWS_BODY, NEWS_META, NEWS_TITLE

from digest.markup import is_markup
from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "data" / "clean" / "prose_probe.txt"
TITLE, META, BODY = NEWS_TITLE, NEWS_META, NEWS_BODY


def _sentences() -> list[str]:
    lines = PROBE.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _extract(lines: list[str], sep: str = "\n\n"):
    return extract(prepare(RawDoc("content/t.txt", sep.join(lines).encode())))


def _paragraphs(lines: list[str], sep: str = "\n\n") -> list[str]:
    return [p for d in _extract(lines, sep).drafts for p in d.paragraphs]


def test_probe_file_is_not_empty() -> None:
    assert len(_sentences()) >= 60


@pytest.mark.parametrize("pos", [0, 2, 4], ids=["lead", "middle", "end"])
def test_probe_sentences_come_out_whole(pos: int) -> None:
    failures = []
    for s in _sentences():
        ex = _extract([TITLE, META, *BODY[:pos], s, *BODY[pos:]])
        paras = [p for d in ex.drafts for p in d.paragraphs]
        if s not in paras or any(b not in paras for b in BODY):
            why = [(r.kind, r.rule, r.text[:40]) for d in ex.drafts for r in d.removals if r.text and r.text[:6] in s]
            failures.append((s, why))
    assert not failures, "\n".join(f"{s}  <- {why}" for s, why in failures)


def test_probe_sentences_are_idempotent() -> None:
    failures = []
    for s in _sentences():
        d1 = _extract([TITLE, META, *BODY[:2], s, *BODY[2:]]).drafts[0]
        d2 = _extract([d1.title, d1.date or "", *d1.paragraphs]).drafts[0]
        if d1.paragraphs != d2.paragraphs:
            failures.append(s)
    assert not failures, failures


@pytest.mark.parametrize("first", ["划重点：大模型价格战开打", "核心观点：算力仍是瓶颈", "嘉宾：某某（某公司创始人）",
                                   "背景：过去一年国内大模型厂商密集发布新品"])
def test_a_labelled_first_paragraph_is_article_text(first: str) -> None:
    assert first in _paragraphs([TITLE, META, first, *BODY])


def test_credit_lines_of_a_podcast_header_are_furniture() -> None:
    ex = _extract(["AI玩具的下一站", "2025-03-12", "主播：老K、阿青", "本期嘉宾：唐小禾（某公司创始人）", *BODY])
    draft = ex.drafts[0]
    assert draft.paragraphs == BODY
    assert {r.text for r in draft.removals if r.rule == "header-block"} == {"主播：老K、阿青", "本期嘉宾：唐小禾（某公司创始人）"}


def test_an_editors_note_above_a_dated_headline_stays() -> None:
    note = "编者按：国内大模型厂商在过去一年里密集发布新产品，推理成本持续下降，应用落地明显加速。"
    paras = _paragraphs([note, "大模型价格战进入下半场", "2025-03-12 来源：某某网", *BODY[1:]])
    assert note in paras


def test_an_app_banner_above_the_headline_still_goes() -> None:
    banner = "为了给您更好的阅读体验，建议下载某某新闻客户端查看全文。"
    draft = _extract([banner, "大模型价格战进入下半场", "2025-03-12 来源：某某网", *BODY]).drafts[0]
    assert banner not in draft.paragraphs and draft.paragraphs == BODY


def test_plain_words_spaced_between_two_spam_runs_stay() -> None:
    text = "国内大模型厂商密集发布新品，百家乐真人荷官 推理成本 持续下降 澳门六合彩开奖结果，应用落地明显加速。"
    cut = [text[a:b].strip() for a, b in spam_spans(text, spam_rules())]
    assert cut == ["百家乐真人荷官", "澳门六合彩开奖结果"]


def test_glued_site_address_in_prose_is_not_spam_alone() -> None:
    for text in ("很多老网民至今仍习惯通过hao123.com访问各类网站。", "该公司此前收购了域名gpt4o.com和ai2024.com，用于新产品推广。"):
        assert spam_spans(text, spam_rules()) == [], text


SAMPLE = ['<div class="app">', '  <nav class="menu">首页 模型 文档</nav>', '  <div id="chat">',
          '    <p>你好，我是本地模型。</p>', "  </div>", '  <div class="related">推荐内容由模型生成</div>',
          "  <footer>模型版本：qwen2.5-0.5b</footer>", '  <script src="webllm.js"></script>', "</div>"]


def test_an_html_sample_quoted_in_a_developer_article_is_text() -> None:
    lines = ["前端也能跑大模型：用WebGPU在浏览器里部署小模型", "2025-03-12 来源：某某开发者社区", BODY[0],
             "下面是页面骨架，导航栏和推荐区都由模型实时生成：", *SAMPLE, BODY[1], BODY[2]]
    assert not is_markup("\n".join(lines))
    paras = _paragraphs(lines, sep="\n")
    assert '<nav class="menu">首页 模型 文档</nav>' in paras and "下面是页面骨架，导航栏和推荐区都由模型实时生成：" in paras


def test_a_page_source_is_still_markup() -> None:
    page = ["<!DOCTYPE html>", "<html>", "<head><title>大模型价格战</title></head>", "<body>", *SAMPLE,
            *(f"<p>{b}</p>" for b in BODY), "正文之外的一行说明", "另一行没有标签的文字", "</body>", "</html>"]
    assert is_markup("\n".join(page))
    assert not is_markup("\n".join(["<html>", *BODY * 10, "</html>"]))


def test_markdown_comments_and_link_targets_are_recorded() -> None:
    md = "\n".join(["---", "title: 开源模型部署笔记", "date: 2025-03-01", "---", "", "# 开源模型部署笔记", "", BODY[0], "",
                    "项目地址见[GitHub仓库](https://github.com/example/llm-deploy)，欢迎试用。", "",
                    "**第一步**：安装依赖。<!-- TODO: 补充CUDA版本说明 -->" + BODY[1], "", "> " + BODY[2]])
    ex = extract(prepare(RawDoc("content/t.txt", md.encode())))
    removals = [*ex.removals, *(r for d in ex.drafts for r in d.removals)]
    got = {(r.kind, r.rule, r.text) for r in removals}
    assert ("markup", "markdown-link-target", "https://github.com/example/llm-deploy") in got
    assert ("markup", "html-comment", "<!-- TODO: 补充CUDA版本说明 -->") in got
    assert "项目地址见GitHub仓库，欢迎试用。" in ex.drafts[0].paragraphs


def test_removals_record_the_full_text() -> None:
    hidden = "隐藏的链接农场文字" * 60  # 540 characters
    page = ["<html>", "<body>", f'<div style="display:none">{hidden}</div>', *(f"<p>{b}</p>" for b in BODY * 3),
            "</body>", "</html>"]
    ex = extract(prepare(RawDoc("content/t.txt", "\n".join(page).encode())))
    removals = [*ex.removals, *(r for d in ex.drafts for r in d.removals)]
    assert any(r.text == hidden for r in removals), [(r.rule, len(r.text)) for r in removals]
    long_title = "很长的标题" * 100
    md = "\n".join(["---", f"title: {long_title}", "date: 2025-03-01", "---", "", *BODY])
    ex = extract(prepare(RawDoc("content/t.txt", md.encode())))
    front = [r for r in ex.removals if r.rule == "front-matter"]
    assert front and long_title in front[0].text
