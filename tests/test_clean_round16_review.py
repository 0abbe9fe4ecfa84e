"""Near-misses a review of the t16 rules found: the three new spam families cutting their words out
of news sentences that report a bank's loan product, a game's first top-up offer or a fraud
victim's account (unframed: no enforcement word in the clause, no claim word before the run);
the bilingual reading taking a Chinese article's paragraphs that name Japanese companies in kana
for the originals of a translation; a headline ending in a file name (AGENTS.md) refused as a
title; a sidebar headline taken as the title because a related-article share line quotes it; a
newspaper's published reader letter losing the reader's own text and the paper's date; a
statement about a drive's disclaimer reported in a court or policy story dropped as the page's
statement. Every fixture is the reviewer's invented example; each asserts that prose, title or
date stays. All fail on r16 (5084b73)."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import META, TITLE, drafts, middle

# ------------------------------------------------ spam families in news sentences

NEWS_WITH_SPAM_WORDS = [
    # a bank's product (loan-bait)
    "某银行本月推出免抵押信用贷款当天放款的线上产品，面向注册满两年的小微企业主，额度最高三十万元。",
    "记者体验发现，在该App中申请免担保小额贷款极速放款，全程由人工智能完成风控审核，用时不到五分钟。",
    # a victim's own account (loan-bait)
    "我去年在网上看到免抵押小额贷款当天到账的广告，填了资料以后被要求先交五千元保证金，钱交了贷款却一直没下来。",
    # a game company's revenue story (topup-discount)
    pytest.param("该游戏公司财报显示，春节期间玩家首充钻石1折活动带动流水环比增长四成，人工智能生成的角色皮肤最受欢迎。",
                 marks=pytest.mark.xfail(strict=True, reason="fails on the base too")),
    pytest.param("这款游戏在海外上线时推出首充金币1折的新手礼包，用户次日留存率达到百分之四十五。",
                 marks=pytest.mark.xfail(strict=True, reason="fails on the base too")),
    "有玩家在社交平台晒出截图，称在一个陌生网站充值点券3折，结果账号第二天就被封禁。",
    # crypto fraud stories (earn-bait, framed)
    "受害人回忆，对方向他展示了一款比特币量化机器人月收益保底30%的后台截图，他先后投入了二十万元。",
    pytest.param("这位投资人在直播里反复强调USDT合约跟单日收益稳赚2%，评论区却有大量网友质疑。",
                 marks=pytest.mark.xfail(strict=True, reason="fails on the base too")),
    "区块链分析公司的报告显示，2025年以太坊量化策略年化收益保底10%的产品大多在半年内暴雷。",
]


@pytest.mark.parametrize("line", NEWS_WITH_SPAM_WORDS)
def test_a_news_sentence_with_a_new_spam_familys_words_stays_whole(line: str) -> None:
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


def test_a_traditional_news_sentence_about_a_banks_loan_product_stays_whole() -> None:
    d = drafts(middle("這家銀行推出免抵押信用貸款當天放款服務，主打人工智慧審核，面向小微企業主。"))[0]
    assert "这家银行推出免抵押信用贷款当天放款服务，主打人工智慧审核，面向小微企业主。" in d.paragraphs


# ------------------------------------------------ bilingual reading: a Chinese article naming Japanese companies in kana

JAPAN_NEWS = [
    "日本软银集团（ソフトバンク）本周宣布，将与OpenAI合资成立新公司，在日本推广企业版智能体。",
    "双方计划首年投入三十亿美元，面向日本大型企业销售定制化的大模型服务。",
    "丰田汽车（トヨタ）也在同一天发布消息，称将在工厂里部署由大模型驱动的质检系统。",
    "该系统可以识别零件表面不到零点一毫米的划痕，准确率超过百分之九十九。",
    "初创公司サカナAI（Sakana AI）则在东京举办发布会，展示了用进化算法合并模型的新方法。",
    "这家公司成立不到三年，估值已经超过十亿美元，投资方包括多家美国风险投资机构。",
    "日本经济产业省在声明中提到「生成AIの活用を加速させる」，表示将为中小企业提供补贴。",
    "补贴将覆盖算力租用和人才培训两部分，单家企业最高可获得五千万日元。",
    "乐天集团（楽天グループ）表示，其自研的日语大模型已在电商客服中全面上线。",
    "公司称，新系统上线后人工客服的工作量下降了约四成，客户满意度没有明显变化。",
]


def test_a_chinese_article_naming_japanese_companies_in_kana_keeps_every_paragraph() -> None:
    d = drafts(["日本企业加速拥抱生成式AI", "2026-05-10 08:00 来源：某某科技网", *JAPAN_NEWS])[0]
    for para in JAPAN_NEWS:
        assert para in d.paragraphs


# ------------------------------------------------ titles


@pytest.mark.parametrize("title", ["一文读懂AGENTS.md", "Anthropic公开Claude Code的项目记忆文件CLAUDE.md"])
def test_a_headline_ending_in_a_file_name_is_still_the_title(title: str) -> None:
    d = drafts([title, "2026-05-10 08:00 来源：某某科技网", *NEWS_BODY])[0]
    assert d.title == title


def test_a_share_line_for_a_related_article_does_not_make_a_sidebar_headline_the_title() -> None:
    lines = ["某某科技网  首页  人工智能  芯片  汽车", "热门文章", "国产GPU厂商发布新一代训练芯片",
             "多地出台算力券政策支持中小企业", TITLE, META, *NEWS_BODY,
             "相关阅读：把这篇也分享给你《国产GPU厂商发布新一代训练芯片》 https://www.example.com/a/1234",
             "网友评论"]
    d = drafts(lines)[0]
    assert d.title == TITLE


# ------------------------------------------------ a newspaper's reader letter quoting a report

LETTER = [
    "编辑同志：我是滨江区的一名退休教师，最近小区门口的人行道上经常停着好几辆无人配送车，老人推着轮椅只能绕到机动车道上走。",
    "我翻到贵报前些天的一篇报道，说这类车辆的停放已有规定，现附上原文，希望有关部门能管一管。",
]
REPORT = [
    "本报讯 市交通局日前发布无人配送车管理办法，明确车辆不得在人行道上停放，违者将被暂停路权。",
    "办法规定，运营企业须在每个站点设置专用停放区，并安排专人每日巡查，发现违规停放须在半小时内处理。",
]


def newspaper_letter() -> list[str]:
    return ["市民来信：无人配送车占用人行道 谁来管？", "2026-05-12 07:30 来源：某某晚报", "来信人：滨江区 王先生",
            *LETTER, "以下为报道原文（来源：某某晚报 2026年5月6日 第03版）：", *REPORT]


def test_a_published_reader_letter_keeps_the_readers_text() -> None:
    d = drafts(newspaper_letter())[0]
    for para in LETTER:
        assert para in d.paragraphs


def test_a_published_reader_letter_keeps_the_papers_date() -> None:
    assert drafts(newspaper_letter())[0].date == "2026-05-12"


# ------------------------------------------------ a drive's disclaimer words reported in a story


@pytest.mark.parametrize("line", [
    "网盘公司在庭审中辩称，分享内容由用户上传，公司不对其内容负责，法院未采纳这一抗辩。",
    "新规要求网盘平台不得再以分享内容由用户上传为由推卸审核责任。",
])
def test_a_reported_disclaimer_at_the_end_of_a_story_stays(line: str) -> None:
    d = drafts([TITLE, META, *NEWS_BODY, line])[0]
    assert line in d.paragraphs


# ------------------------------------------------ a thread compilation: a speaker's handle above each quoted post


def test_a_speakers_handle_above_each_quoted_post_is_no_watermark() -> None:
    posts = ["我们内部测试的新模型在编程任务上的表现让我非常惊讶，这是我见过的最大一次跃升。",
             "接下来几周会非常忙碌，请大家保持耐心，我们希望把它做得足够安全再交给用户。",
             "算力依然是最大的瓶颈，我们正在和合作伙伴一起加快数据中心的建设进度。"]
    lines = ["奥特曼连发三条推文 暗示新模型即将发布", "2026-05-10 08:00 来源：某某科技网",
             "本周OpenAI首席执行官奥特曼在社交平台上连发三条推文，引发外界对新模型发布时间的猜测。",
             "@sama", posts[0], "@sama", posts[1], "@sama", posts[2],
             "有分析人士认为，结合近期的招聘信息和服务器采购记录，新模型最快可能在下个月上线。"]
    d = drafts(lines)[0]
    assert d.paragraphs.count("@sama") == 3  # (who said each post; the base kept them)


# ------------------------------------------------ a bracketed data note that goes on after its sources


def test_a_bracketed_data_note_with_a_clause_after_its_sources_stays() -> None:
    note = "（数据来源：国家统计局、工信部；其中2025年数据为初步核算数，最终数据将于明年一季度公布）"
    d = drafts(middle(note))[0]
    assert note in d.paragraphs
