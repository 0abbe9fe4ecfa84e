"""Rules made general (issue 4, "more general, not more fitted"): where a rule listed one
site's exact sentence or name, it now describes the kind of furniture (a family of words, a
structural shape), so other sites' variants of it go too; and what the t9 round left behind
is fixed by signals, not strings. Every fixture is invented for the test (other sites, other
wording than the labelled set and the seeds); each asserts the noise goes and that a near-miss
sentence of prose stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans

TITLE = "国产大模型加速落地 多家厂商发布新品"
META = "2025-03-12 10:20 来源：某某科技网"

MORE = [
    "一家做语音识别的创业公司把模型部署到了车机上，断网时也能完成导航和空调的语音控制。",
    "车企的工程师说，车规级芯片的算力有限，模型必须压缩到原来的四分之一才能稳定运行。",
    "测试车队在北方冬季跑了两个月，低温下的唤醒成功率比去年的版本提高了将近一成。",
    "供应商预计，明年上市的新车里至少有三成会把大模型语音助手作为标准配置提供给用户。",
]


def drafts(lines: list[str], sep: str = "\n\n"):
    """The drafts of a page made of `lines` (a blank line between them unless `sep` says otherwise)."""
    return extract(prepare(RawDoc("content/t.txt", sep.join(lines).encode()))).drafts


def clean(lines: list[str]):
    return drafts(lines)[0]


def removed(draft, text: str) -> set[str]:
    """The kinds the cleaner recorded for a removed piece holding `text`."""
    return {r.kind for r in draft.removals if text in r.text}


def spans(text: str) -> list[str]:
    """The spam phrases the lexicon finds in `text`."""
    return [text[a:b] for a, b in spam_spans(text, spam_rules())]


def middle(line: str) -> list[str]:
    """A page with `line` between the second and third paragraphs of its text."""
    return [TITLE, META, *NEWS_BODY[:2], line, *NEWS_BODY[2:]]


# --- split: a dump's date line is as long as its source and author names make it ---------------


@pytest.mark.xfail(strict=True, reason="a longer date line for dump markers found t9_05's second item but cost held-out "
                   "4 five titles again (10/11 -> 5/11) and 1.8 points of its recall (harness totals); reverted, a known gap")
def test_dump_date_line_with_long_names_still_marks_an_item() -> None:
    # single spaces between the fields (a scraper collapsed them) and a long source name in the
    # middle item: its date line runs past thirty characters
    lines = ["星港市启动无人配送车试点", "2021-06-02 08:15 来源：星港晚报 作者：韩某", *NEWS_BODY, *MORE,
             "边缘服务器厂商完成新一轮融资", "2021-06-09 17:40 来源：南岭都市生活频道融媒体中心 作者：司马某某", *MORE, *NEWS_BODY,
             "高校发布开源语音数据集", "2021-06-15 11:05 来源：星港晚报 作者：韩某", *MORE, *NEWS_BODY]
    got = drafts(lines)
    assert [d.title for d in got] == ["星港市启动无人配送车试点", "边缘服务器厂商完成新一轮融资", "高校发布开源语音数据集"]
    assert [d.date for d in got] == ["2021-06-02", "2021-06-09", "2021-06-15"]


def test_one_article_with_a_long_dated_source_line_stays_one_article() -> None:
    lines = [TITLE, "2025-03-12 10:20 来源：南岭都市生活频道融媒体中心 作者：司马某某", *NEWS_BODY, *MORE]
    got = drafts(lines)
    assert len(got) == 1 and got[0].paragraphs == [*NEWS_BODY, *MORE]


# --- title: a serial's chapter number is the reading site's, not the headline's ------------------


def test_chapter_number_before_the_headline_is_a_tag() -> None:
    d = clean(["书友阁 > 科幻频道 > 算力往事", "第108章 一座数据中心的搬家记", "作者：青灯夜读  字数：3120",
               *NEWS_BODY])
    assert d.title == "一座数据中心的搬家记" and d.paragraphs == NEWS_BODY
    d = clean(["第十二回：机房里的深夜告警", "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY])
    assert d.title == "机房里的深夜告警"
    # a numbered section heading inside the text stays a heading of the text
    d = clean([TITLE, META, *NEWS_BODY[:2], "第三章 散热方案的取舍", *NEWS_BODY[2:]])
    assert d.title == TITLE and "第三章 散热方案的取舍" in d.paragraphs


# --- dates: a comment's stamp below the article is never the article's date ----------------------


def test_a_commenters_stamp_below_the_text_gives_no_date() -> None:
    lines = [TITLE, "作者：某某  更新时间：2025-04-01 22:10", *NEWS_BODY, "读者评论（2）",
             "夜读的猫  Lv.4  2025-04-02 07:15", "写得挺清楚，想看后续。", "算力观察员  Lv.2  2025-04-02 09:30", "同意楼上。"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY and d.date in (None, "2025") and "写得挺清楚" not in " ".join(d.paragraphs)
    # a bare publication stamp below the text (a Q&A answer's) still dates it
    d = clean([TITLE, *NEWS_BODY, "发布于 2025-04-03 08:00"])
    assert d.date == "2025-04-03"
    # ... and so does an old blog's byline under its post, with the post's own counters
    d = clean([TITLE, *NEWS_BODY, "Posted by 阿澜 at 2025-04-04 19:20 | 评论(5) | 阅读(312)"])
    assert d.date == "2025-04-04"
    # ... and a labelled byline row below the text
    d = clean([TITLE, *NEWS_BODY, "作者：林某某 2025-04-05 07:30"])
    assert d.date == "2025-04-05"


# --- a marketplace listing: the seller's terms of sale around the pasted text -------------------


def test_sellers_terms_of_sale_at_the_edges_of_a_listing_are_chrome() -> None:
    lines = ["打开App，跟卖主聊聊 >", "¥2399  同城可送", "9天前发布 · 江苏苏州",
             "个人闲置，买来只开过几次机，配件齐全，可以面交也可以走担保交易。", "先看看这篇分析再来问价，谢绝砍价：",
             *NEWS_BODY, "售出不退，拍下请尽快付款，超时拉黑。", "留言（6）", "小周：还在吗？同城能自提不？  3小时前",
             "卖家：在的，周末可以面交。  2小时前"]
    d = clean(lines)
    assert d.paragraphs == NEWS_BODY
    assert removed(d, "配件齐全") == removed(d, "谢绝砍价") == removed(d, "超时拉黑") == {"chrome"}
    assert removed(d, "跟卖主聊聊") == {"chrome"} and d.title not in ("9天前发布 · 江苏苏州", "打开App，跟卖主聊聊 >")
    # news about the trade names such words in its own sentences, inside the text
    prose = "二手平台的数据显示，标注“自用”“包邮”的显卡挂牌量一个月内翻了一倍，均价也随之上涨。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs
    assert prose in clean([TITLE, META, prose, *NEWS_BODY]).paragraphs


def test_a_comment_headers_place_ends_the_article_whatever_its_comments_look_like() -> None:
    lines = [TITLE, META, *NEWS_BODY, *MORE, "全部评论（3）", "阿北：说得对，推理卡确实涨价了。 5小时前",
             "算力小白：请问哪里能租到便宜的卡？ 3小时前"]
    d = clean(lines)
    assert d.paragraphs == [*NEWS_BODY, *MORE] and "阿北" not in " ".join(d.paragraphs)


# --- chrome rules that listed one site's sentence now describe its kind -------------------------


def test_search_engine_cache_banner_in_other_wording_is_chrome() -> None:
    banner = ["览天搜索 · 网页快照", "这是览天搜索于2025年10月3日保存的网页快照，原网页内容可能已经变更，请以原站为准。",
              "完整版 极速版 查看源文件", "提示：您搜索的关键字已被标红：液冷 机房", "览天搜索与原网页的发布者无关，亦不承担任何责任。"]
    d = clean([*banner, TITLE, META, *NEWS_BODY])
    assert d.paragraphs == NEWS_BODY
    for line in banner:
        assert removed(d, line[-6:]) == {"chrome"}, line
    # prose about cached pages and text versions stays
    for prose in ["该网站为视障用户提供纯文字版本，页面内容与完整版保持同步更新。",
                  "研究人员发现，搜索引擎的快照功能让一些已删除的网页仍能被访问到。"]:
        assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_comment_box_placeholders_are_chrome() -> None:
    for line in ["发条友好的弹幕陪大家一起看", "写下你的评论…", "留下你的看法吧"]:
        d = clean([TITLE, META, *NEWS_BODY, line])
        assert d.paragraphs == NEWS_BODY and removed(d, line) == {"chrome"}, line
    prose = "留下评论的网友大多认为，模型在长文本任务上还不够稳定。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


def test_site_slogans_home_links_and_self_media_networks_are_chrome() -> None:
    tail = ["我们始终在改进", "凤鸣首页 科技 财经 返回顶部", "数码自媒体矩阵", "更多签约作者 >"]
    d = clean([TITLE, META, *NEWS_BODY, *tail])
    assert d.paragraphs == NEWS_BODY
    assert all(removed(d, line) == {"chrome"} for line in tail)
    prose = "我们一直在努力缩短模型的首字延迟，目前已经降到了三百毫秒以内。"
    assert prose in clean([TITLE, META, *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]).paragraphs


# --- sections: a fact sheet's rated field is a fact, whatever its label ---------------------------


def test_a_rated_field_is_no_heading_whatever_its_label() -> None:
    from digest.sections import detect_headings

    body = "这是一段足够长的正文内容，用来说明标题后面确实跟着正文，而不是另一个短句或者列表项。"
    for line in ["落地难度：较高", "生态成熟度:中", "推荐指数：★★★"]:
        assert not detect_headings([body, line, body]), line
    # a heading with a subtitle after its colon stays a heading
    assert [h.text for h in detect_headings([body, "第一步：准备训练数据", body])] == ["第一步：准备训练数据"]


# --- spam: a spliced ad's cut ends before the host's own word -----------------------------------


PLATFORM_BODY = [
    "多家短视频平台开始给AI生成的内容打标，平台要求创作者在发布时主动声明。",
    "一位平台审核负责人说，识别模型每天要处理上千万条视频，误判率仍在一成左右。",
    "业内人士认为，平台之间互认标识的标准还没有统一，跨站搬运的内容最难处理。",
]


def test_a_weak_word_the_article_uses_is_the_hosts_not_the_ads() -> None:
    spliced = "监管部门的新规下月起施行，金狮娱乐城首存送彩金平台运营方需要在三个月内完成整改。"
    d = clean([TITLE, META, *PLATFORM_BODY, spliced, *NEWS_BODY])
    assert "监管部门的新规下月起施行，平台运营方需要在三个月内完成整改。" in d.paragraphs
    assert {r.text for r in d.removals if r.kind == "spam"} == {"金狮娱乐城首存送彩金"}


def test_a_weak_word_the_article_never_uses_goes_with_the_ad() -> None:
    spliced = "监管部门的新规下月起施行，金狮娱乐城首存送彩金官网运营方需要在三个月内完成整改。"
    d = clean([TITLE, META, *NEWS_BODY, spliced])
    assert "监管部门的新规下月起施行，运营方需要在三个月内完成整改。" in d.paragraphs


# --- spam lexicon: categories, not one ad's exact phrase ----------------------------------------


def test_circumvention_and_paper_mill_ads_by_category_and_offer() -> None:
    from digest.rules import spam_rules
    from digest.spam import spam_spans

    # the category's word with an offer in its clause, whatever adjective the ad puts before it
    # (the lexicon listed one ad's "稳定翻墙" and "职称论文发表" as phrases)
    assert spam_spans("飞鸟加速器 高速翻墙 解锁海外AI工具 首月6.6元 fnjs.vip", spam_rules())
    assert spam_spans("省级期刊职称论文快速见刊 版面费低至600元", spam_rules())
    # news about the trades, with no offer in the clause, is no ad
    for news in ["调查显示，仍有部分用户通过翻墙访问海外模型，监管部门提醒存在数据安全风险。",
                 "教育部通报了多起职称论文发表中的造假案例，涉事期刊已被停刊整顿。"]:
        assert not spam_spans(news, spam_rules()), news


def test_an_ads_spaced_chunks_before_its_contact_handle_go_with_it() -> None:
    from digest.rules import spam_rules
    from digest.spam import spam_spans

    rules = spam_rules()
    line = "团队随后复核了全部标注结果。蓝鲸跑分平台 USDT跑分 日返2%起 躺赚项目 TG@lanjing_pay一位工程师说，返工率下降了一半。"
    ad = "蓝鲸跑分平台 USDT跑分 日返2%起 躺赚项目 TG@lanjing_pay"
    assert [line[a:b].strip() for a, b in spam_spans(line, rules)] == [ad]
    # spliced mid-clause: the ad starts at its brand, glued to the host's last word
    line = "新岗位对员工的沟通能力和蓝鲸跑分平台 USDT跑分 日返2%起 躺赚项目 TG@lanjing_pay应变能力要求更高。"
    assert [line[a:b].strip() for a, b in spam_spans(line, rules)] == [ad]
    line = "季度末的高峰期也蓝鲸跑分平台 USDT跑分 日返2%起 躺赚项目 TG@lanjing_pay能按时交付。"
    assert [line[a:b].strip() for a, b in spam_spans(line, rules)] == [ad]  # "期" is the host's word
    # one plain clause before a handle is no row of an ad's chunks
    prose = "对模型评测有疑问的读者，可以联系 TG@bench_lab 获取原始数据。"
    assert all("对模型评测" not in prose[a:b] for a, b in spam_spans(prose, rules))


def test_a_line_that_is_a_row_of_ad_chunks_with_an_offer_is_spam_wherever_it_stands() -> None:
    ad = "飞鸟加速器 高速翻墙 解锁海外AI工具 首月6.6元 fnjs.vip"
    d = clean([TITLE, META, *NEWS_BODY[:2], ad, *NEWS_BODY[2:]])
    assert d.paragraphs == NEWS_BODY and removed(d, "fnjs.vip") == {"spam"}
    # a spaced spec line with a price but no spam word is the article's
    spec = "新款AI眼镜 重量38克 续航8小时 首发价1999元"
    kept = clean([TITLE, META, *NEWS_BODY[:2], spec, *NEWS_BODY[2:]]).paragraphs
    assert any(p.replace(" ", "") == spec.replace(" ", "") for p in kept)  # (spaces between Chinese go)
