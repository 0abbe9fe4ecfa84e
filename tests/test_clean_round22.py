"""Signals added for the t21/t22 rounds of noise (issue 4): a code host's diff view (a unified
diff's marks after the line numbers, a review thread between two lines of the file, a bare
hunk), spam of businesses the lexicon did not know (private investigators, hackers for hire,
the identity and account black market, counterfeits, black-hat SEO and reputation laundering,
follower farming, nudify apps, crypto cash-out desks, stock-tip groups, Hong Kong and Taiwan
loan ads), a messenger shortened to one character before a handle, and spam a hard wrap cut in
two. Every fixture is invented for the test (other topics, other wording than the labelled
set); each asserts the noise goes and that a near-miss of prose with the same words stays."""

from __future__ import annotations

from digest.gutter import strip_gutter
from tests.test_clean_general_rules import drafts, spans

STORY = [
    "北岚市首批十二台智能垃圾分拣机器人昨日在城东转运站投用，每台设备配有机械臂和高光谱相机，可识别二十多类可回收物。",
    "市城管局介绍，分拣机器人每小时可处理约三吨生活垃圾，分拣准确率稳定在九成以上，夜间也能连续作业。",
    "据测算，转运站的人工分拣岗位将减少一半，腾出的人员转岗到设备巡检和数据标注。",
]


# ------------------------------------------------ a code host's diff view


def _numbered(texts: list[str], start: int = 1) -> list[str]:
    return [f"{n:>4}  {t}" for n, t in enumerate(texts, start)]


def test_a_diff_views_marks_come_off_with_its_line_numbers() -> None:
    body = ["+---", "+title: 北岚分拣机器人投用", "+---", "+", f"+{STORY[0]}", "+", f"+{STORY[1]}", "+", f"+{STORY[2]}"]
    page = ["docs/news/sorting-robots.md    新增    +9 -0", *_numbered(body)]
    out, removals = strip_gutter("\n".join(page))
    lines = out.split("\n")
    assert STORY[0] in lines and STORY[1] in lines and STORY[2] in lines
    assert not any(ln.startswith("+") for ln in lines[1:])
    assert {r.rule for r in removals} == {"line-gutter"}


def test_a_removed_line_of_the_old_version_goes_and_is_recorded() -> None:
    body = [" 第一段保持不变，分拣机器人仍在调试。", "-旧版写道：机器人下月才会投用。", f"+{STORY[0]}", " ", f" {STORY[1]}"]
    out, removals = strip_gutter("\n".join(_numbered(body, 20)))
    assert "旧版写道" not in out and STORY[0] in out.split("\n")
    assert any(r.rule == "diff-removed-line" and "旧版写道" in r.text for r in removals)


def test_a_review_thread_between_two_lines_of_the_file_goes_as_comments() -> None:
    first = _numbered(["+---", "+title: 北岚分拣机器人投用", "+---", "+", f"+{STORY[0]}", "+"])
    thread = ["wang-li 评论了第 6 行 · 2027-04-02 09:10", "这里的数字要和城管局通稿核对一下。"]
    second = _numbered([f"+{STORY[1]}", "+", f"+{STORY[2]}", "+", "+（完）"], 7)
    page = ["北岚分拣机器人投用", *first, *thread, *second]
    d = drafts(page, sep="\n")[0]
    assert STORY[1] in d.paragraphs and STORY[2] in d.paragraphs
    assert not any("通稿核对" in p for p in d.paragraphs)
    removals = strip_gutter("\n".join(page))[1]
    assert {r.text for r in removals if r.kind == "comments" and r.rule == "gutter-interleaved"} == set(thread)


def test_a_bare_hunk_is_read_by_its_header() -> None:
    hunk = ["@@ -1,3 +1,3 @@", " 分拣机器人投用首日运行平稳。", "-机器人由外地企业研制。", "+机器人由本地企业研制。"]
    out, removals = strip_gutter("\n".join(hunk))
    assert out.split("\n") == ["", "分拣机器人投用首日运行平稳。", "", "机器人由本地企业研制。"]
    assert {r.rule for r in removals} == {"diff-hunk-header", "diff-removed-line"}


def test_prose_and_lists_with_plus_and_minus_signs_stay() -> None:
    # a list of changes in an article, a table of figures, an article quoting one diff line
    listing = ["+ 新增三条分拣线", "+ 夜班延长两小时", "- 取消人工复检", "+ 上线数据看板", "- 停用旧称重台", "+ 扩建卸料平台"]
    assert strip_gutter("\n".join(listing))[0] == "\n".join(listing)
    figures = ["  1  +3.2%  同比", "  2  -1.5%  环比", "  3  +0.8%  累计", "  4  -2.1%  去年同期", "  5  +4.4%  预测"]
    assert strip_gutter("\n".join(figures))[0] == "\n".join(figures)
    quoted = "工程师在提交说明里写道，“@@ -1,3 +1,3 @@”之后只改了一行配置。"
    assert strip_gutter(quoted)[0] == quoted


# ------------------------------------------------ spam of businesses the lexicon did not know


def test_new_business_families_are_spam_inside_prose() -> None:
    cases = {
        "分拣线运行平稳，专业私家侦探 查通话记录 寻人查址 微信：tan7721，设备下月扩容。": "查通话记录",
        "机器人每小时处理三吨垃圾，黑客接单 修改成绩 删记录 飞机@hei_9931，准确率九成以上。": "黑客接单",
        "转运站启用新线，收购微信号 二手对公账户 高价收 q 2210938847，人工岗位减半。": "收购微信号",
        "城管局介绍，精仿某名表一比一复刻 原单货源 加微 fz6632，设备可夜间作业。": "复刻",
        "项目总投资八千万元，蜘蛛池出租 寄生虫程序 不收录退款 qq：3310092281，明年建成。": "蜘蛛池出租",
        "机器人配有高光谱相机，一键脱衣 无码原图 秒出 → tuo-ai.vip，可识别二十多类可回收物。": "一键脱衣",
        "分拣准确率稳定，飙股群每天带票 涨停名单 加line：gu8812，夜间也能连续作业。": "飙股群",
        "据测算，私人贷款免入息证明 信贷差都批 即日过数，人工分拣岗位将减少一半。": "免入息证明",
    }
    for sentence, word in cases.items():
        found = spans(sentence)
        assert found and any(word in s for s in found), sentence


def test_news_on_those_businesses_stays() -> None:
    for sentence in [
        "警方近日打掉一个私家侦探团伙，该团伙非法查询酒店入住记录牟利。",
        "私家侦探在部分地区是合法行业，从业者需向警方申领牌照。",
        "该校一名学生因入侵网站修改成绩被判刑。",
        "游资偏爱打板，次日涨停的概率其实并不高。",
        "今年以来，A股打板资金活跃，涨停票数量明显增加。",
        "搜索引擎近日打击蜘蛛池和泛目录等黑帽SEO手段。",
        "部分商家通过买粉、刷赞制造虚假繁荣，平台已下架相关账号。",
        "运营商回应称，豹子号、四连号等靓号不再另收选号费。",
        "研究人员发现，接码平台批量注册的账号被用于刷单。",
        "市场监管部门查获一批高仿名牌包，涉案金额超过百万元。",
        "这款手表采用1:1复刻的老款表盘设计，限量发售五百只。",
        "港元私人贷款利率上升，银行普遍要求借款人提供入息证明。",
        "银行称，信用良好的客户申请都能批，但需提供入息证明。",
        "律师表示，当事人可以委托律师调查取证。",
        "调查显示，超过三成用户曾在社交平台看到一键脱衣类应用的广告。",
        "该平台客服微信为kefu2025，工作时间为早九点到晚六点。",
        "他在采访中说，想提前拿到内测名额的朋友可以关注官方公众号，名额有限先到先得。",
    ]:
        assert spans(sentence) == [], sentence


def test_a_messenger_shortened_to_one_character_anchors_a_run() -> None:
    assert spans("设备下月扩容，同城查人找人 加微 zh7781，当天出结果。")
    assert spans("分拣线启用后，靓号回收 微：lh2231，人工岗位减半。")
    # a word with 微 in it before a colon is no handle
    assert spans("公司发布了微：型传感器的路线图。") == []


# ------------------------------------------------ spam a hard wrap cut in two


def test_spam_cut_by_a_hard_wrap_goes_whole_and_the_lines_stay() -> None:
    # a page of lines of every width (no blank line between paragraphs), one paragraph wrapped at
    # 36 with an ad spliced across the wrap: its head ends one line, its tail opens the next
    wrapped = [
        "北岚市首批十二台智能垃圾分拣机器人昨日在城东转运站投用，每台设备配有机械臂",
        "和高光谱相机，可识别二十多类可回收物，分拣准确率稳定在九成以上，夜间也能精仿",
        "劳力表一比一复刻 原单货源 加微 fz6632，连续作业，人工分拣岗位因此减少一半",
        "，腾出的人员转岗到设备巡检和数据标注。",
    ]
    page = ["北岚分拣机器人投用", "2027-04-01 来源：北岚日报", *wrapped, STORY[1], "责任编辑：林一"]
    d = drafts(page, sep="\n")[0]
    text = "".join(d.paragraphs)
    assert "复刻" not in text and "精仿" not in text and "劳力表" not in text
    assert "夜间也能" in text and "连续作业，人工分拣岗位" in text and "和高光谱相机" in text
    assert any(r.kind == "spam" and "复刻" in r.text for r in d.removals)
