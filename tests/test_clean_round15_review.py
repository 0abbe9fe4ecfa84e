"""Near-misses a review of the t15 rules found: news sentences that the widened spam families
(exam cheating, glued loan promises, clinic ads) take for ads, a rule-separated digest whose
short first item the new masthead-between-rules split drops into the preamble, and a kicker
over a headline under a column tag. Each fixture is the reviewer's invented example; each
asserts the text (or the title, the date, the article) stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import clean, drafts, middle  # the same page builders

# ------------------------------------------------ exam-cheat: news lists two of its words with 、


@pytest.mark.parametrize("prose", [
    "公安机关近日破获一起组织考试作弊案，查获代考、替考人员十余名。",
    "教育部门明确要求，培训机构不得以押题、保过等名义进行虚假宣传。",
    "记者调查发现，部分中介以包过、不过退款为噱头招揽学员。",
    "今年四六级考试首次在全部考点启用AI监考系统，严防代考替考。",
    "警方查明，该团伙组织枪手代考、替考，涉案金额超过两百万元。",
])
def test_exam_fraud_news_naming_two_of_its_words_stays(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ loan-bait glued: bank news glues its terms too


@pytest.mark.parametrize("prose", [
    "多家银行推出免抵押免担保的科创信用贷，最快当天放款，缓解了初创企业的融资压力。",
    "依托大模型风控，这款面向个体工商户的线上贷款产品免担保免面签，审批时间缩短到几分钟。",
])
def test_bank_news_with_glued_loan_terms_stays(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ clinic-ad: a trial result glued complaint to outcome


def test_a_trial_result_on_a_complaint_glued_to_its_outcome_stays() -> None:
    prose = "临床试验显示，在AI辅助筛选的患者中，慢性前列腺炎七天见效的比例达到六成。"
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ split: a short first item between the first rules

RULE = "————————————————"
ITEM2 = [
    "国产GPU厂商发布新一代训练卡",
    "2026-03-03 来源：某某科技",
    "3日，一家国产GPU厂商在北京发布新一代训练卡，单卡算力较上一代提升约一倍，显存容量达到96GB，首批产品已向三家智算中心交付。",
    "公司介绍，新卡采用自研互联协议，千卡集群的线性加速比可以达到九成以上，配套的编译器和算子库也完成了对主流开源框架的适配。",
    "业内人士认为，国产训练卡的软件生态仍是短板，能否在大模型训练场景中站稳脚跟，还要看后续的稳定性和客户的实际使用反馈。",
    "据了解，这家厂商今年的出货目标是五万张，其中一半来自运营商和地方智算中心的集中采购，另一半面向互联网公司和科研院所。",
    "在价格上，新卡的定价比同档次的进口产品低约两成，厂商还承诺为首批客户提供驻场工程师和为期三年的免费软件升级服务。",
]
ITEM3 = [
    "城市大脑平台接入两千路摄像头",
    "来源：某某日报  记者 某某",
    "记者从市数据局获悉，城市大脑平台近日完成二期建设，新接入两千路交通和公共安全摄像头，可以实时识别路口拥堵和占道施工等事件。",
    "平台负责人表示，二期工程还上线了基于大模型的事件分拨功能，市民热线工单的平均派单时间从二十分钟缩短到三分钟左右。",
    "不过，也有市民担心摄像头增多带来的隐私问题。对此，数据局表示，视频画面在边缘设备上完成识别，只上传结构化的事件信息。",
    "按照计划，平台三期将在明年启动，重点接入水务、燃气等城市生命线的传感器数据，并向区县开放事件处置的统一接口。",
    "市数据局还计划出台公共视频数据的使用规范，明确数据的保存期限、调取审批流程和对外共享的范围，接受社会监督。",
]
BRIEF = ["快讯：某某智能完成5亿元B轮融资", "本轮融资由某某资本领投。", "资金将用于具身智能大模型研发。"]


def _digest(header: list[str], first: list[str]) -> list[str]:
    return [*header, RULE, *first, RULE, *ITEM2, RULE, *ITEM3, RULE, "本期编辑：某某  退订请回复TD"]


def test_a_digests_short_first_item_is_an_article_not_a_masthead() -> None:
    """A rule-separated digest whose first item is a short brief (under a masthead's size): the
    brief is an article; before r15 it was, now it joins the preamble and its text is lost."""
    out = drafts(_digest(["某某AI周报", "第12期"], BRIEF), "\n")
    assert any("资金将用于具身智能大模型研发。" in d.paragraphs for d in out)


def test_a_short_first_items_date_does_not_date_the_issue() -> None:
    """The masthead's issue date dates the undated items; a short first item's own date line
    must not join the preamble, where two dates leave every item undated."""
    item2 = [ITEM2[0], *ITEM2[2:]]  # an item with no date line: the issue's date is its date
    header = ["某某AI周报", "2026年3月4日  星期三  第12期"]
    first = [BRIEF[0], "2026-03-01 来源：某某网", *BRIEF[1:]]
    lines = [*header, RULE, *first, RULE, *item2, RULE, *ITEM3, RULE, "本期编辑：某某  退订请回复TD"]
    out = drafts(lines, "\n")
    undated = [d for d in out if ITEM2[2] in d.paragraphs or ITEM3[2] in d.paragraphs]
    assert len(undated) == 2 and all(d.date == "2026-03-04" for d in undated)


# ------------------------------------------------ titles: a column tag over a kicker over the headline


def test_a_kicker_under_a_column_tag_is_not_the_title() -> None:
    """A newspaper's kicker (引题) above its headline, a column tag above both: the headline
    is the title, as it was before r15; the tag rule takes the kicker."""
    lines = ["【要闻】", "科技部等六部门联合发文", "人工智能赋能新型工业化迎来行动方案",
             "2026-03-12 10:20 来源：某某日报", *NEWS_BODY]
    d = drafts(lines, "\n")[0]
    assert d.title == "人工智能赋能新型工业化迎来行动方案"


# ------------------------------------------------ an e-mail's header part takes the small parts after it


def test_a_digest_mails_short_news_brief_before_its_featured_article_stays() -> None:
    """A digest e-mail (header fields, a subject naming the featured headline below): a short
    brief of two sentences between the first rules is an article, no digest list; before
    r15 it was kept, now every small part after the header joins the preamble."""
    brief = ["本周快讯", "某某智能今日宣布完成5亿元B轮融资，本轮由某某资本领投，老股东继续跟投，资金将主要用于具身智能大模型的研发。",
             "公司成立于2021年，目前员工约两百人，其家庭服务机器人已在上海、深圳的三百多个家庭开展试用，明年计划量产。"]
    lines = ["主题：AI周报 第52期｜国产GPU厂商发布新一代训练卡", "发件人：AI周报 <news@example.org>",
             "收件人：reader@example.com", "你好，这是本周的AI周报。", RULE, *brief, RULE,
             *ITEM2, RULE, *ITEM3, RULE, "你收到这封邮件，是因为订阅了AI周报。"]
    out = drafts(lines, "\n")
    assert any(brief[1] in d.paragraphs for d in out)


# ------------------------------------------------ an air date's label opening a sentence of the text

AIR = "首播时间：2026年5月1日晚八点，这部由AI参与制作的纪录片将在央视纪录频道首播，共六集。"


@pytest.mark.parametrize("prose", [
    AIR,
    "播出时间：该节目每周六晚八点在央视综合频道播出，AI主持人将与真人主持搭档。",
    "首播日期：定档于5月1日，平台方表示AI配音占全片对白的三成以上。",
])
def test_a_sentence_opening_with_an_air_date_label_in_the_text_stays(prose: str) -> None:
    lines = ["AI纪录片《智造中国》定档", "2026-04-20 10:00 来源：某某娱乐", *NEWS_BODY[:2], prose, *NEWS_BODY[2:]]
    assert prose in drafts(lines, "\n")[0].paragraphs


def test_an_air_date_in_the_text_does_not_date_an_undated_article() -> None:
    lines = ["AI纪录片《智造中国》定档", "来源：某某娱乐", *NEWS_BODY[:2], AIR, *NEWS_BODY[2:]]
    assert drafts(lines, "\n")[0].date is None


def test_earlier_episodes_air_dates_below_the_text_do_not_date_the_page() -> None:
    """An episode page with no date of its own: the list of earlier episodes below the text
    ("第411集 首播时间：…") names their dates, not this page's."""
    lines = ["城市早知道 第412集", "主持人：小王", *NEWS_BODY, "往期节目",
             "第411集 首播时间：2026-04-02 07:00", "第410集 首播时间：2026-04-01 07:00"]
    assert drafts(lines, "\n")[0].date is None


# ------------------------------------------------ split: a one-page reading list numbered with notes in brackets

READ_1 = [
    "这本书从达特茅斯会议讲起，梳理了符号主义、连接主义到大模型的几次起落，作者用大量一手访谈还原了关键人物的选择。",
    "书中对每一次寒冬的成因都有细致的分析，经费、算力和数据的短缺如何相互牵制，读来很有现实意义，适合作为入门读物。",
    "馆员提醒，书的后半部分涉及一些数学推导，初读时可以先跳过，不影响理解整体脉络，读完后再回头看会更有收获。",
    "此外，书末附有一份详细的年表和术语索引，方便读者在阅读其他资料时随时查阅，也可以作为课堂讨论的参考材料。",
    "这本书去年出版后多次加印，馆里现有六本可以外借，另有两本放在阅览室供现场阅读，寒假期间借期延长到四十天。",
    "如果想先了解大概，也可以从馆里的电子资源平台借阅这本书的有声版，全书朗读时长约九个小时，适合通勤路上收听。",
]
READ_2 = [
    "这本书走访了长三角和珠三角的二十多家工厂，记录了机械臂、视觉检测和调度系统进入车间之后，工人岗位发生的变化。",
    "作者没有回避自动化带来的阵痛，既写了被替代的岗位，也写了新出现的设备运维和数据标注工作，以及职业培训的缺口。",
    "馆员认为，这本书适合和第一本对照着读，一本讲技术的来龙去脉，一本讲技术落地时普通人的处境，两者互为补充。",
    "书中还收录了几位一线工人的口述，语言朴实，细节生动，让人看到统计数字背后一个个具体的人和他们的选择。",
    "读书会将在下月第二个周六下午举行，届时会请一位在工厂做设备运维的读者来谈谈他的亲身经历，名额有限，需提前报名。",
    "馆员还准备了一份延伸阅读清单，收录了几篇关于智能制造和职业教育的长篇报道，读完这本书后可以找来对照着看。",
]


def test_a_reading_lists_numbered_notes_do_not_split_its_page() -> None:
    """A one-page reading list, no date line anywhere: its bullets "● 第 N 篇（必读）" carry a
    note, no state of a player (已播, 未读, a play time) nor a date line of an item's own: the
    page is one article, not two."""
    lines = ["寒假读书会推荐书单", "本期书单由市图书馆的馆员挑选，每本书附一段导读，欢迎大家借阅后来读书会分享。",
             "● 第 1 篇（必读）", "《人工智能简史》", *READ_1, "● 第 2 篇（选读）", "《机器换人之后》", *READ_2]
    out = drafts(lines, "\n")
    assert len(out) == 1 and out[0].title == "寒假读书会推荐书单"
