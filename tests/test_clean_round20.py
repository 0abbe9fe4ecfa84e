"""Signals added for the t20 round of noise (issue 4): a feed app's cards between paragraphs (a
related block inside the text, cards with their counts, ad cards labelled with a dot), a
newsletter's sponsor read, follow card and paywall, a LaTeX source, a WAF check's clock and a
disclosure page's two dates, a forum thread's floors, a questionnaire around its reading
material, a translation tool's Latin copy of the text, and spam families glued into prose (a
clinic's doctor on duty, a coin's leveraged contract, an invoice seller's kinds). Every fixture
is invented for the test (other sites, other topics, other wording than the labelled set); each
asserts the noise goes and that a near-miss of prose with the same words stays."""

from __future__ import annotations

from conftest import NEWS_BODY

from digest.floors import other_floors
from digest.latex import is_latex, latex_to_text
from digest.model import RawDoc
from digest.pipeline import prepare
from digest.split import Line
from digest.translated import translated_lines
from tests.test_clean_general_rules import clean, drafts, spans

STORY = [
    "南屿市首批二十台无人清扫车昨日在滨江大道上岗，每台车配备激光雷达和四路摄像头，可在夜间自动完成路面清扫和洒水作业。",
    "市环卫集团介绍，这批清扫车由本地一家机器人企业研制，单台每晚可清扫约十二公里道路，耗电约四十千瓦时。",
    "据测算，无人清扫车投入后，夜班环卫工人的作业强度明显下降，集团计划明年把车队扩大到一百台。",
    "也有业内人士提醒，城市道路情况复杂，积水、落叶和临时占道仍会让车辆频繁停车，需要远程人员及时接管。",
]
HEADLINE = "南屿市首批无人清扫车夜间上岗"
META = "2027-03-09 08:10 来源：南屿晚报"


# ------------------------------------------------ a feed app's cards between the paragraphs


def test_a_related_block_between_paragraphs_is_no_tail_once_one_had_prose_below() -> None:
    page = [HEADLINE, "阿禾说城事 · 2小时前 · 南屿", "3.2万阅读", STORY[0],
            "相关推荐", "无人机送外卖，离普及还有多远？   842评论", STORY[1], STORY[2],
            "相关推荐", "城市环卫的下一站：三个问题看懂   57评论",
            "广告 · 速易贷  手机号就能借 最高30万 当天到账 〉立即申请",
            STORY[3], "本文为阿禾说城事原创，未经授权禁止转载。", "评论 96"]
    d = clean(page)
    assert d.paragraphs == STORY
    assert "842评论" not in d.text and "速易贷" not in d.text


def test_a_related_block_at_the_end_still_ends_the_text() -> None:
    # a single related block late on the page: its items are no paragraphs, however long
    page = [HEADLINE, META, *STORY, "相关推荐",
            "另一座城市也在试点无人清扫车，他们的车队已经运行了一年多，夜间作业效率提升明显，但也遇到了不少新问题。"]
    d = clean(page)
    assert d.paragraphs == STORY


def test_a_card_count_goes_a_sentence_with_a_count_stays() -> None:
    page = [HEADLINE, META, STORY[0], "清扫车到底能不能替代人工？看完就懂   1.6万评论", "2.1万阅读", *STORY[1:]]
    assert clean(page).paragraphs == STORY
    body = [*STORY[:2], "截至昨晚，这条视频已获得1.6万评论。", *STORY[2:]]
    assert clean([HEADLINE, META, *body]).paragraphs == body


# ------------------------------------------------ a newsletter's sponsor read, follow card, paywall


def test_a_sponsor_read_follow_card_and_paywall_go() -> None:
    page = ["城事观察", "本期赞助", "本期由「云朵算力」赞助：A100整机按天租用，新用户首单九折。", HEADLINE,
            "第12期 · 2027年3月9日 · 阅读约4分钟", "阿禾 · 前环卫工程师，现独立撰稿人  ＋关注", *STORY,
            "──── 以下内容仅对付费会员开放 ────", "本期其他内容：① 五城清扫车采购价对比 ② 读者问答"]
    d = clean(page)
    assert d.title == HEADLINE
    assert d.paragraphs == STORY


def test_a_report_on_a_sponsorship_and_on_paid_members_stays() -> None:
    body = [*STORY[:2], "本期活动由市环卫集团赞助的公益基金承担费用，参与企业无需付费。",
            "平台表示，以下内容仅对付费会员开放的做法将在明年调整。", *STORY[2:]]
    assert clean([HEADLINE, META, *body]).paragraphs == body


# ------------------------------------------------ spam families glued into prose


def test_clinic_doctor_coin_leverage_and_invoice_kinds_are_spam_inside_prose() -> None:
    assert spans("据介绍，这批车辆，泌尿专家坐诊 早泄根治目前已全部交付。") == ["泌尿专家坐诊 早泄根治"]
    assert spans("运营方称成本偏高，以太坊合约五十倍杠杆 稳赚带单只能继续观望。")[0].startswith("以太坊合约五十倍杠杆")
    assert spans("项目进展顺利，长期发票代开 各类普票专票公司计划年底完工。") == ["长期发票代开 各类普票专票"]


def test_reports_of_the_same_words_stay() -> None:
    assert spans("该院泌尿专家坐诊时提醒，早泄患者应及时就医。") == []
    assert spans("监管部门提示，以太坊合约五十倍杠杆交易风险极高。") == []
    assert spans("税务部门为小微企业代开专票，普票也可在线申领。") == []


# ------------------------------------------------ dates: a tool's clock, published beats written


def test_a_waf_check_time_is_no_date_and_a_bare_publish_label_dates() -> None:
    page = ["安全验证 - 某某科技网", "请求编号：a81c 拦截时间：2027-03-11 02:10:05 您的IP：10.*.*.8",
            HEADLINE, "发布：2027-03-09 08:10 | 更新：2027-03-10 12:00", *STORY]
    assert clean(page).date == "2027-03-09"


def test_in_one_row_the_day_published_beats_the_day_written() -> None:
    page = [HEADLINE, "成文日期：2027-03-06 发布日期：2027-03-09", *STORY]
    assert clean(page).date == "2027-03-09"
    # a row that states only the day written still dates the page
    assert clean([HEADLINE, "成文日期：2027-03-06", *STORY]).date == "2027-03-06"


# ------------------------------------------------ a LaTeX source


TEX = [
    "% !TEX program = xelatex",
    "% 校对：某某 2027-03-10 改定",
    "\\documentclass{ctexart}",
    "\\usepackage{graphicx}",
    "\\title{城市科技简报\\\\ 2027年第5期}",
    "\\date{2027年3月12日}",
    "\\begin{document}",
    "\\maketitle",
    "\\newpage",
    f"\\section{{{HEADLINE}}}",
    "\\begin{flushright}（2027年3月9日\\quad 来源：南屿晚报）\\end{flushright}",
    "",
    STORY[0][:30],
    STORY[0][30:],
    "",
    STORY[1][:20] + "\\footnote{环卫集团为市属国有企业。}" + STORY[1][20:],
    "",
    "\\begin{figure}[h]\\centering",
    "\\includegraphics{fig/car.jpg}",
    "\\caption{夜间作业的无人清扫车}",
    "\\end{figure}",
    "",
    "\\textbf{" + STORY[2][:10] + "}" + STORY[2][10:],
    "",
    STORY[3],
    "\\end{document}",
]


def test_a_latex_source_reads_as_its_typeset_text() -> None:
    assert is_latex("\n".join(TEX))
    text, removals = latex_to_text("\n".join(TEX))
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert STORY[0] in lines and STORY[1] in lines and STORY[2] in lines  # wrapped lines joined, markup off
    assert len(text.split("\n")) == len(TEX)  # line numbers stay
    rules = {r.rule: r.kind for r in removals}
    assert rules["latex-footnote"] == "chrome" and rules["latex-caption"] == "caption"
    assert rules["latex-comment"] == "comments" and rules["latex-preamble"] == "chrome"
    d = drafts(TEX, "\n")[0]
    assert d.title == HEADLINE and d.date == "2027-03-09"
    assert d.paragraphs == STORY


def test_prose_naming_latex_commands_is_no_latex_source() -> None:
    text = "\n".join([HEADLINE, "论文模板要求以\\documentclass开头，并用\\section{}写章节标题。", *STORY])
    assert not is_latex(text)
    prep = prepare(RawDoc("content/t.txt", text.encode()))
    assert "\\section{}" in "\n".join(ln.text for ln in prep.lines)


# ------------------------------------------------ a forum thread's floors


def test_another_posters_floor_between_the_starters_is_a_reply() -> None:
    page = ["港城论坛 -> 科技 -> 清扫车", "作者：老港    时间：2027-03-10 07:40", STORY[0], STORY[1],
            "作者：路人乙    时间：2027-03-10 07:45", "插一句，我们小区门口也有一台，晚上声音不大，挺安静的，就是开得慢。",
            "作者：老港    时间：2027-03-10 07:50", STORY[2], STORY[3],
            "作者：路人丙    时间：2027-03-10 09:12", "请问这车下雨天也能出来作业吗，积水路段会不会打滑？"]
    lines = [Line(k + 1, t) for k, t in enumerate(page)]
    frame = other_floors(lines)
    assert frame[6] == ("comments", "other-floor") and frame[2] == ("chrome", "floor-header")
    assert 3 not in frame  # the starter's floor is the page's text
    d = clean(page)
    assert d.paragraphs == STORY


def test_an_article_quoting_one_author_line_has_no_floors() -> None:
    page = [HEADLINE, META, "作者：南屿晚报记者 林一    时间：2027-03-09 08:10", *STORY]
    assert other_floors([Line(k + 1, t) for k, t in enumerate(page)]) == {}


# ------------------------------------------------ a questionnaire around its reading material


def test_a_questionnaires_frame_goes_its_material_and_marked_headline_stay() -> None:
    page = ["城市服务满意度调查 - 问卷平台", "城市服务满意度调查", "主办：某大学公共管理学院",
            "研究说明：本研究了解市民对无人清扫车的看法。请先阅读以下材料，再作答。", "□ 我已阅读并同意以上说明（必填）",
            "阅读材料", f"〈{HEADLINE}〉", *STORY,
            "一、读完材料后，您是否赞成推广无人清扫车？（单选）", "○ 赞成  ○ 一般  ○ 不赞成",
            "二、您担心哪些问题？（可复选，最多2项）", "□ 噪音  □ 安全  □ 费用", "请在此输入您的想法……"]
    d = clean(page)
    assert d.title == HEADLINE
    assert d.paragraphs == STORY


def test_a_report_on_a_survey_question_stays() -> None:
    body = [*STORY[:2], "问卷第一题问市民是否赞成推广（单选），七成受访者选择赞成。", *STORY[2:]]
    assert clean([HEADLINE, META, *body]).paragraphs == body


# ------------------------------------------------ a translation tool's copy of the text


def test_latin_lines_restating_the_chinese_lines_are_the_tools_copy() -> None:
    page = [f"【{HEADLINE}】", "2027-03-09 来源：南屿晚报", *STORY, "译文  英语",
            "[Nanyu's First Batch of Driverless Street Sweepers Start Night Shifts]",
            "2027-03-09 Source: Nanyu Evening News, a city daily paper",
            "译文由机器翻译生成，仅供参考。对译文满意吗？ 满意 一般"]
    lines = [Line(k + 1, t) for k, t in enumerate(page)]
    assert set(translated_lines(lines)) == {len(STORY) + 4, len(STORY) + 5}
    d = clean(page)
    assert d.paragraphs == STORY


def test_english_sentences_and_references_in_an_article_stay() -> None:
    body = [*STORY[:2], "An autonomous sweeper is a vehicle that cleans roads without a driver on board.",
            "1. Autonomous Street Sweeper Market Report 2026-2032 by Some Research Firm", *STORY[2:]]
    lines = [Line(k + 1, t) for k, t in enumerate([HEADLINE, META, *body])]
    assert translated_lines(lines) == {}
    assert clean([HEADLINE, META, *body]).paragraphs == body


def test_news_body_is_untouched_by_the_round20_rules() -> None:
    assert clean(["国产大模型加速落地 多家厂商发布新品", "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY]).paragraphs == NEWS_BODY


# ------------------------------------------------ hard wraps among a report's wider lines


def test_a_pile_of_lines_at_one_width_breaking_mid_sentence_is_a_wrap() -> None:
    from digest.split import paragraphs

    prose = "".join(STORY) * 2
    wrapped = [prose[k:k + 36] for k in range(0, len(prose), 36)]
    table = [f"{k}  某某来源的一篇相似文献标题，用来凑出较宽的表格行  {k}.{k}%（{k * 37}）  是否引证：否" for k in range(1, 5)]
    text = "\n".join(["检测报告", *table[:2], *wrapped, *table[2:]])  # a quarter of the lines wider than the wrap
    lines = paragraphs(text)
    assert any(ln.text.startswith(prose[:36] + prose[36:72]) for ln in lines)


def test_spam_spliced_into_a_wrapped_line_is_cut_the_line_stays() -> None:
    page = [HEADLINE, META, STORY[0], "市环卫集团表示，每一台清扫车上路前都需要",
            "调试数千次，澳门威尼斯人线上娱乐场首充返水才能让系统学会在不同天气和路况下完", "成作业。", *STORY[1:]]
    d = clean(page)
    assert "调试数千次，才能让系统学会在不同天气和路况下完" in d.text
    assert "娱乐场" not in d.text


def test_a_short_spam_line_with_a_greeting_is_still_spam() -> None:
    page = [HEADLINE, META, *STORY[:2], "澳门威尼斯人线上娱乐场首充返水 注册就送", *STORY[2:]]
    d = clean(page)
    assert d.paragraphs == STORY


def test_an_articles_code_lines_carrying_its_figures_stay() -> None:
    """Shell commands and code in a tech article repeat the prose's figures (8192 environments,
    8 cards) with no Han letter: they are article text, not a translation tool's copy."""
    body = ["本周三，青岚实验室发布强化学习框架青岚RL 3.0版本，新版本在单机8卡服务器上可同时运行8192个并行仿真环境，训练吞吐提升约3倍。",
            "开发者可以通过以下命令安装并运行示例：",
            "pip install qinglan-rl==3.0.0 --extra-index-url https://example.org/simple",
            "python examples/train_walker.py --num-envs 8192 --gpus 8 --steps 3",
            "项目负责人表示，3.0版本重写了环境调度器，8192个环境在8张显卡之间自动均衡分配。",
            'env = ql.make_vec_env("Walker-v3", num_envs=8192, devices=8)',
            "trainer = ql.PPO(env, total_steps=3_000_000, batch_size=8192)",
            "$ qinglan bench run --suite locomotion --envs 8192 --cards 8 --report out/3.0.json"]
    page = ["开源框架青岚RL发布3.0版本", "2027-04-02 10:20 来源：开源观察", *body]
    lines = [Line(k + 1, t) for k, t in enumerate(page)]
    assert translated_lines(lines) == {}
    assert clean(page).paragraphs == body
