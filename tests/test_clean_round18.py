"""Signals added for the t18 round of noise (issue 4): a forwarded mail whose forwarder opens the
pasted article with a rule of their own ("原文如下") and whose article states its own day, a reply
quoting an earlier mail under its "原始邮件" rule (the text above stays), a PDF's running footer that
ends in its page count (a page break, no article marker), and a chat log's or a recording's
sender lines (a speaker's turns, not articles). Every fixture is invented for the test (other
sites, other wording than the labelled set); each asserts the noise goes and that a near-miss of
prose with the same words stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import clean, drafts, middle, removed

# ------------------------------------------------ a forwarded mail

STORY = [
    "本报讯 全省首批智能网联公交线路昨日在滨江新区开通，十二辆无人驾驶公交车沿着八公里的环线运行，"
    "沿途设置十四个站点，市民可以扫码免费乘坐。",
    "据运营方介绍，车辆搭载了激光雷达和多路摄像头，最高时速限制在四十公里，每辆车上仍配备一名安全员，遇到复杂路况时可以随时接管车辆。",
    "交通部门表示，试运行期间将重点观察早晚高峰的通行效率和乘客体验，三个月后再决定是否把线路延伸到老城区和高铁站，票价暂定与普通公交相同。",
]


def forwarded_mail(own_day: bool = True) -> list[str]:
    return [
        "邮箱 - 收件箱 - 某某集团",
        "转发: 这篇报道可以放进周会材料",
        "发件人：许晴 <xuqing@example.com>",
        "收件人：项目组 <proj@example.com>",
        "时间：2026年5月8日 下午4:10",
        "各位：",
        "这是今天看到的报道，和我们的自动驾驶项目关系很大，大家周会前看一下。",
        "==== 以下为原文 ====",
        *(["稿源：滨江日报 2026-05-06 第03版"] if own_day else []),
        *STORY,
        "==== 原文结束 ====",
        "许晴 | 战略部",
    ]


def test_a_forwarders_opening_rule_leaves_the_pasted_article_and_its_own_day() -> None:
    d = drafts(forwarded_mail(), "\n")[0]
    for para in STORY:
        assert para in d.paragraphs
    assert "周会前看一下" not in d.text
    assert d.date == "2026-05-06"  # the article's own day, not the mail's


def test_a_forward_without_its_own_day_keeps_the_mails_day() -> None:
    d = drafts(forwarded_mail(own_day=False), "\n")[0]
    for para in STORY:
        assert para in d.paragraphs
    assert d.date == "2026-05-08"


QUOTED_MAIL = [
    "------------------ 原始邮件 ------------------",
    "发件人：许晴",
    "发送时间：2026年5月8日 下午4:10",
    "各位，试运行的报道请大家先看一下，线路、车辆和安全员的安排都写在里面，周五上午的会上我们逐条讨论，请提前准备意见。",
]


def test_a_reply_quoting_the_earlier_mail_keeps_its_own_text() -> None:
    # the text is above the "原始邮件" rule; the quoted earlier mail below it is a paragraph of
    # prose too (shorter), so the mark is read, and the reply's reading keeps what is above it
    lines = ["主题：回复：智能网联公交试运行的安排", "时间：2026年5月9日 上午9:05", *STORY, *QUOTED_MAIL]
    d = drafts(lines, "\n")[0]
    for para in STORY:
        assert para in d.paragraphs


def test_a_forwarders_long_note_above_a_forward_rule_is_no_article_text() -> None:
    # a forward (its subject no reply's, its rule no quoted mail's): the note above goes, however long
    note = [STORY[1].replace("据运营方介绍", "我看了报道，据运营方介绍"), STORY[2].replace("交通部门表示", "我注意到交通部门表示")]
    lines = ["主题：转发：智能网联公交的报道", "发件人：许晴", *note, "---------- 转发的邮件 ----------", STORY[0]]
    text = "\n".join(p for d in drafts(lines, "\n") for p in d.paragraphs)
    assert STORY[0] in text
    assert note[0] not in text and note[1] not in text


# ------------------------------------------------ a PDF's running footer with its page count

WRAPPED = [
    "五月以来，长三角多家晶圆厂陆续公布了扩产计划，新增产能主要集中在成熟制程的功",
    "率器件和传感器芯片，其中两家工厂的新产线已经进入设备搬入阶段，预计明年一季度",
    "开始试产，届时区域内的月产能将比去年底提高约两成。",
    "业内人士分析，成熟制程扩产的背后是新能源汽车和储能需求的持续增长，不过也有机构",
    "提醒，明年下半年部分品类可能出现供过于求，价格竞争会更加激烈，企业需要谨慎评估",
    "新增产能的消化节奏，避免重蹈前几年面板行业的覆辙。",
]


def paged_report() -> list[str]:
    footer = "本资料仅供内部研究参考  第 {} 页 / 共 3 页"
    header = "行业周报 | 半导体 某某研究院"
    return [
        "行业周报：成熟制程扩产提速",
        "发布日期：2026年5月12日",
        header,
        *WRAPPED[:3],
        *WRAPPED[3:],
        "晶圆厂扩产进度一览",
        footer.format(1),
        header,
        *WRAPPED[3:],
        *WRAPPED,
        "成熟制程价格走势",
        footer.format(2),
        header,
        *WRAPPED,
        "风险提示：下游需求不及预期，行业竞争加剧，设备交付延迟，政策变化带来的不确定性，海外",
        "市场需求波动，原材料价格上涨，汇率波动等因素都可能影响本报告的判断和预测结论。",
        footer.format(3),
    ]


def test_a_running_footer_ending_in_its_page_count_is_no_article_marker() -> None:
    ds = drafts(paged_report(), "\n")
    assert len(ds) == 1
    text = ds[0].text
    for line in WRAPPED:
        assert line in text
    assert "第 2 页" not in text


def test_a_dump_whose_markers_hold_a_page_word_still_splits() -> None:
    # near miss: a dump's date lines that mention a page of the paper are markers still
    body_a = "".join(WRAPPED[:3]) * 4
    body_b = "".join(WRAPPED[3:]) * 4
    lines = [
        "晶圆厂扩产提速",
        "2026-05-12 第 3 版",
        body_a,
        "成熟制程价格承压",
        "2026-05-13 第 5 版",
        body_b,
    ]
    assert len(drafts(lines, "\n")) == 2


# ------------------------------------------------ a chat log's or a recording's turns


READ_OUT = [
    "据市气象台消息，今年入汛以来全市平均降雨量比常年同期偏多三成，其中北部山区偏多五成以上，多座中型水库的水位已经接近汛限，防汛部门正在加密巡查，城区的排水管网也在连夜清淤，确保雨水能够及时排走，环卫部门也安排了两百多名工人在易涝点值守。",
    "气象台预计，下周还将有两轮强降雨过程，主要集中在周二夜间和周五白天，累计雨量可能超过一百毫米，局地伴有短时大风和雷电，请市民减少外出，户外作业的工地要提前加固脚手架和临时围挡，防止被大风吹倒伤人，学校和幼儿园要提前做好停课准备。",
    "防汛部门提醒，山区群众要留意山洪和地质灾害预警，低洼地区的商户提前准备沙袋和抽水设备，地下车库的车辆尽量转移到地面停放，出行前可以通过官方平台查询道路积水和封闭情况，尽量避开低洼路段，必要时选择地铁出行，不要涉水驾车通过积水较深的路口。",
    "电力部门也发布了提示，强降雨期间部分老旧小区可能出现短时停电，抢修队伍已经分片包干，居民发现电线断落或者配电箱进水时，不要靠近，第一时间拨打抢修电话报告位置，等待专业人员到场处理，切勿自行拉闸或者用湿手触碰开关。",
    "市应急管理局表示，全市已经预置抢险队伍六十支、冲锋舟一百二十艘，各区的避险安置点也已经完成检查，可以随时启用，安置点内储备了饮用水、方便食品和折叠床，能够满足三天以上的需要，医护人员和志愿者也已经编组待命，接到通知后半小时内就能到位。",
]


def radio_replay() -> list[str]:
    return [
        "晚间电台 回放",
        "本期节目的文字稿由听众志愿者根据录音整理，难免有错漏的地方，欢迎大家在评论区指出，我们会尽快更正。",
        "节目全长约两个小时，下面是第二个小时的内容，第一个小时的文字稿已经在昨天晚上发布，可以在往期节目里找到。",
        "阿坤  02:10:05",
        "好，我们先插播一条天气新闻，跟大家的出行有关系，我给大家念一下。",
        READ_OUT[0],
        "♪ 插播歌曲：城市之光",
        "阿坤  02:11:02",
        READ_OUT[1],
        READ_OUT[2],
        "听众小林  02:11:40",
        "雨真的太大了，我们小区门口的路已经积水到小腿了，物业说排水泵坏了还没修好",
        "听众阿美  02:11:58",
        "坤哥念慢一点，我在开车，想把后面的提醒听清楚，谢谢啦，顺便点一首老歌",
        "听众老吴  02:12:10",
        "北边山区的亲戚说昨天晚上有一段路塌方了，现在还在抢修，大家出门前先问问",
        "♪ 插播歌曲：夜航",
        "阿坤  02:12:30",
        "新闻我接着念完，大家注意安全。",
        READ_OUT[3],
        READ_OUT[4],
        "听众小林  02:13:40",
        "谢谢坤哥提醒，我明天就把车从地下车库开出来停到路边去，顺便把家里的窗户也检查一遍",
        "听众阿美  02:13:52",
        "我家楼下的超市已经开始卖沙袋了，一袋二十块钱，排队的人挺多的，大家早点去买",
        "阿坤  02:14:10",
        "好，天气新闻就念到这里，我们接着听歌。",
    ]


def test_a_speakers_turns_are_no_article_markers() -> None:
    ds = drafts(radio_replay(), "\n")
    assert len(ds) == 1
    for para in READ_OUT:
        assert para in ds[0].paragraphs


# ------------------------------------------------ spam families spliced into prose


@pytest.mark.parametrize(
    ("host", "ad"),
    [
        ("券商人士表示，该板块的估值已经回到历史中枢附近，{}后续走势仍取决于业绩兑现。", "天天领牛股 翻倍妖股"),
        ("这款游戏的新版本上线后，玩家数量明显回升，{}运营方计划下月推出新地图。", "点卡代充 某某传说 金币7折"),
        ("这家工厂的订单已经排到明年三月，{}管理层正在考虑扩建第二条产线。", "币圈套利日入五千"),
        ("新赛季的转播权谈判仍在进行，{}双方希望在月底前敲定合同。", "足彩代操 包赢稳领"),
        ("医院新建的门诊楼下月启用，{}门诊楼共有十二层，设置了四百个停车位。", "妇科医院哪家好 不孕不育专科"),
    ],
)
def test_a_spliced_ad_of_each_family_goes_and_its_host_stays(host: str, ad: str) -> None:
    d = clean(middle(host.format(ad)))
    assert host.format("") in d.paragraphs
    assert "spam" in removed(d, ad.split()[0][:4])


@pytest.mark.parametrize(
    "prose",
    [
        "有投资者轻信所谓的内幕消息，追高买入后被套牢，监管部门提醒散户理性投资。",
        "该股连续三日涨停，被一些投资者称为妖股，交易所已对其发出问询函。",
        "警方查明，该代充平台以八折价格吸引玩家，再用盗刷的银行卡完成充值。",
        "不少患者在网上搜索“男科医院哪家好”，结果被引到了一些民营医院，花费数万元。",
        "他说，自己在工厂上班，每月稳领一份工资，比过去在工地打零工踏实多了。",
    ],
)
def test_news_on_the_same_families_stays(prose: str) -> None:
    d = clean(middle(prose))
    assert prose in d.paragraphs


# ------------------------------------------------ a search box's hint is no keyword line


def test_a_search_box_hint_lends_no_keywords_to_a_reporting_clause() -> None:
    line = "工厂过去每班需要十二名工人，公司表示，推出新款分拣机器人后，每班只需要四人，而且出错率明显下降。"
    d = clean(["仓储企业推出新款分拣机器人 每班人手减少三分之二", "搜索资讯、话题、公司、用户", "2026-04-02 来源：某某物流网",
               *NEWS_BODY[:2], line, *NEWS_BODY[2:]])
    assert line in d.paragraphs


def test_a_keyword_line_still_gives_its_words() -> None:
    # near miss: the same list as the page's tags still marks a run spliced into prose
    line = "工厂过去每班需要十二名工人，智能仓储 分拣机器人 物流自动化 如今每班只需要四人。"
    d = clean(["仓储企业推出新款分拣机器人", "标签：智能仓储、分拣机器人、物流自动化", "2026-04-02 来源：某某物流网",
               *NEWS_BODY[:2], line, *NEWS_BODY[2:]])
    assert "工厂过去每班需要十二名工人，如今每班只需要四人。" in d.paragraphs


# ------------------------------------------------ a numbered item's headline as a derived title


def test_a_derived_title_drops_a_list_items_number() -> None:
    from digest.titles import derive_title

    paras = ["2. 某某云宣布华北数据中心完成液冷改造", "某某云昨日宣布，其位于华北的数据中心已经完成液冷改造，全年平均能耗明显下降。"]
    assert derive_title(paras) == "某某云宣布华北数据中心完成液冷改造"


def test_a_derived_title_keeps_a_leading_figure() -> None:
    paras = ["3.5亿元投资落地 滨江新区智算中心开工", "滨江新区智算中心昨日开工，总投资三点五亿元，预计明年投入使用。"]
    from digest.titles import derive_title

    assert derive_title(paras).startswith("3.5亿元")
