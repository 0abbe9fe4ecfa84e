"""Recall round 24 (issue 4): noise the cleaner kept because its signal is the page's shape,
not its wording. A program's log lines and a dumped record's fields around a scraped article
(a format repeated many times with varying values), and an English original set paragraph by
paragraph beside its Chinese translation. Each fixture is invented for the test, in wording
and site kinds no labelled input uses; each noise test has a look-alike that must stay."""

from __future__ import annotations

from digest.interleaved import interleaved_lines
from digest.machine_lines import log_line, machine_lines
from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.split import Line

PARAS = [
    "一家做冷链物流的企业今年在仓库里部署了温度预测模型，提前两个小时判断哪些货架可能升温，调度员据此调整搬运顺序。",
    "企业负责人介绍，过去夏天每月都有几批生鲜因为温度超标被退货，模型上线三个月后，退货批次减少了一半以上。",
    "这套模型由本地一所高校的团队开发，训练数据来自仓库过去两年的传感器记录，团队还在尝试把天气预报接入进来。",
    "也有员工提出，模型偶尔会在夜间给出误报，企业表示会保留人工巡检，把模型当作提醒而不是唯一的判断依据。",
    "行业协会的人士认为，冷链仓库普遍缺少数据积累，能否推广还要看中小企业愿不愿意先花钱装传感器。",
]


def _paragraphs(lines: list[str]) -> list[str]:
    drafts = extract(prepare(RawDoc("content/x.txt", "\n".join(lines).encode()))).drafts
    return [p for d in drafts for p in d.paragraphs]


def _lines(texts: list[str]) -> list[Line]:
    return [Line(i + 1, t) for i, t in enumerate(texts)]


# ------------------------------------------------------------------ a program's log around the text

LOG = [
    "[2027-03-14 22:05:17,204] INFO  harvester.main - job coldchain started, 12 seeds",
    "[2027-03-14 22:05:18,011] DEBUG harvester.fetch - GET https://news.example.org/cold/3321 -> 200 (412 ms)",
    "[2027-03-14 22:05:18,377] WARN  harvester.parse - selector div.byline matched 0 nodes",
    "[2027-03-14 22:05:18,380] INFO  harvester.parse - extracted body, 5 paragraphs, 268 chars",
]
LOG_TAIL = [
    "[2027-03-14 22:05:19,902] ERROR harvester.store - duplicate key coldchain-3321, skipped",
    "[2027-03-14 22:05:20,115] INFO  harvester.main - job coldchain finished in 2.9 s",
]


def test_log_lines_around_a_scraped_article_go_and_its_text_stays() -> None:
    out = _paragraphs(["冷链仓库用上温度预测模型 生鲜退货减半", *LOG, *PARAS, *LOG_TAIL])
    assert out == PARAS


def test_a_log_in_chinese_severity_words_is_a_log_too() -> None:
    lines = _lines([f"2027/03/15 08:0{i}:1{i} 【信息】 采集任务 {i} 完成，写入 {i * 7} 条" for i in range(4)])
    assert set(machine_lines(lines)) == {1, 2, 3, 4}


def test_sentences_with_a_stamp_and_a_severity_word_inside_prose_stay() -> None:
    # a report on an outage quotes the time to the second; 警告 and 错误 are words of its clauses
    prose = [
        "2027-03-14 22:05:17，监控系统首次发出警告，运维人员随后发现一台存储节点的磁盘写满。",
        "22:31:40，平台恢复服务，工程师在复盘会上说，这次错误源于一个没有设置上限的日志目录。",
        "2027-03-15 09:00:00起，公司要求所有服务记录 ERROR 级别以上的日志时同时通知值班人员。",
    ]
    assert machine_lines(_lines(prose)) == {}
    assert not log_line(prose[0]) and not log_line(prose[1])


def test_two_quoted_log_lines_are_no_log() -> None:
    lines = _lines([*PARAS[:2], LOG[0], LOG[2], *PARAS[2:]])
    assert machine_lines(lines) == {}


# ------------------------------------------------------------------ a dumped record's fields

RECORD = [
    '{"site": "北岸资讯",',
    ' "byline": "见习记者 温朗",',
    ' "likes": 233,',
    ' "published": "2027-03-14 07:40",',
    ' "labels": ["冷链", "物流"],',
    ' "lede": "一家冷链企业在仓库里部署温度预测模型，夏季生鲜退货批次减少了一半以上，模型由本地高校团队开发。",',
    ' "link": "https://news.example.org/cold/3321"}',
]


def test_a_dumped_records_short_fields_go_and_a_prose_field_is_left_to_the_rules() -> None:
    found = machine_lines(_lines(RECORD))
    assert set(found) == {1, 2, 3, 4, 5, 7}  # the lede (prose) is not the frame's
    assert all(rule == "record-field" for _, rule in found.values())


def test_an_article_with_a_few_key_value_lines_keeps_them() -> None:
    # an article showing a small configuration: fewer fields than a dumped record
    lines = _lines([PARAS[0], '"temperature_limit": 8,', '"alert_window": "2h",', PARAS[1]])
    assert machine_lines(lines) == {}


# ------------------------------------------------------------------ an English original beside its translation

EN = [
    "A cold-chain operator in the north of the province has installed a temperature forecasting model in its main warehouse.",
    "Spoiled deliveries fell by more than half in the three months after launch, the company told reporters on Tuesday.",
    "The model was built by a university team and trained on two years of sensor readings from the shelves.",
    "Some staff say it raises false alarms at night, so manual patrols will continue for the time being.",
    "An industry body says small warehouses rarely keep such data, which may slow wider adoption of the tool.",
]


def test_english_paragraphs_set_above_their_translation_go() -> None:
    lines = ["冷链仓库用上温度预测模型 生鲜退货减半"]
    for en, zh in zip(EN, PARAS, strict=True):
        lines += [en, zh]
    assert _paragraphs(lines) == PARAS


def test_english_paragraphs_set_below_their_translation_go() -> None:
    texts = [t for en, zh in zip(EN, PARAS, strict=True) for t in (zh, en)]
    found = interleaved_lines(_lines(texts))
    assert sorted(found) == [2, 4, 6, 8, 10]
    assert {kind for kind, _ in found.values()} == {"repeat"}


def test_an_article_quoting_two_english_sentences_keeps_them() -> None:
    texts = [PARAS[0], EN[1], PARAS[1], PARAS[2], EN[3], PARAS[3], PARAS[4]]
    assert interleaved_lines(_lines(texts)) == {}


def test_english_lines_beside_short_chinese_captions_are_no_translation_pairs() -> None:
    # an English list of sources, each under a short Chinese label: no prose to translate
    texts = []
    for i, en in enumerate(EN):
        texts += [f"资料{i + 1}：", en]
    assert interleaved_lines(_lines(texts)) == {}


def test_english_paragraphs_that_are_no_translation_of_their_neighbours_are_kept_when_few_stand_so() -> None:
    # an English-language press digest with Chinese notes on two of its items only
    texts = [EN[0], EN[1], PARAS[0], EN[2], EN[3], EN[4], PARAS[1], "(End)"]
    assert interleaved_lines(_lines(texts)) == {}
