"""Signals added for the t16 round: a photo carousel's OCR text whose paragraphs are wrapped at a
phone's narrow column among single-line slides (read as short tail lines and dropped), the
creator's handle burnt into each image, a page read through a translation extension in
bilingual mode (each original line above its translation), a headline its own share text
quotes, a drive's file name, a reprint's "转载自" row, a report pasted into a message-board
post under a citing mark, a bracketed source credit, three spam families glued into prose
(a loan, a game top-up, a crypto robot's guaranteed return). Every fixture is invented for the
test (other sites, other wording than the labelled set); each asserts the noise goes and that
a near-miss of prose with the same words stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import MORE, drafts, middle, spans

# ------------------------------------------------ a photo carousel's OCR text


def wrapped(text: str, width: int = 15) -> list[str]:
    return [text[k : k + width] for k in range(0, len(text), width)]


SLIDE_A = ("某市的自动驾驶出租车车队本周扩大到两百辆，运营范围覆盖机场、高铁站和三个商圈，"
           "乘客在手机上下单后平均等待时间约为六分钟。")
SLIDE_B = ("运营方表示，车队夜间的订单量比白天高出三成，主要来自加班族和赶早班机的旅客，"
           "不过雨雪天气下车辆仍会主动降速，部分路段暂时不接单。")
SLIDE_C = ("也有交通研究者提醒，无人车上路后的责任认定规则还不完善，保险公司和车企需要尽快"
           "就事故赔付的流程达成一致，否则乘客遇到纠纷时会无所适从。")
ONE_LINE = [
    "车辆顶部装有五颗激光雷达和十一个摄像头，可以识别两百米外的行人和非机动车，遇到施工路段会提前绕行并提醒车内乘客。",
    "市交通局介绍，试运营一年来车队累计完成订单四十二万单，没有发生一起由车辆责任造成的伤亡事故，乘客满意度超过九成。",
]


def carousel() -> list[str]:
    mark = "@城市出行观察"
    return [
        "速看 App  首页  关注  发现  消息  我",
        "无人出租车扩到两百辆 夜间订单多三成｜出行快报 - @城市出行观察 - 速看",
        "城市出行观察  @cityride   关注",
        "图 1/6",
        "无人出租车扩到两百辆 夜间订单多三成",
        mark, "图 2/6", *wrapped(SLIDE_A),
        mark, "图 3/6", ONE_LINE[0],
        mark, "图 4/6", *wrapped(SLIDE_B),
        mark, "图 5/6", ONE_LINE[1],
        mark, "图 6/6", *wrapped(SLIDE_C),
        mark,
        "点赞 3,208  评论 96  收藏 411  分享 87",
        "评论 96  按热度",
        "晚班小刘  1天前",
        "上周凌晨坐过一次，开得比我想的稳，就是下车点有点远。",
        "出行迷  11-02",
        "希望早点开到我们区，晚上十点以后真的很难打车。",
        "关于速看  隐私政策  用户协议  2026 SuKan",
    ]


def test_a_carousels_narrow_wrapped_slides_are_joined_and_kept() -> None:
    d = drafts(carousel(), "\n")[0]
    for para in (SLIDE_A, SLIDE_B, SLIDE_C, *ONE_LINE):
        assert para in d.paragraphs
    assert d.title == "无人出租车扩到两百辆 夜间订单多三成"


def test_a_creators_handle_on_every_slide_is_a_watermark() -> None:
    d = drafts(carousel(), "\n")[0]
    assert "@城市出行观察" not in d.text
    assert "handle-watermark" in {r.rule for r in d.removals}


def test_a_handle_in_a_sentence_stays() -> None:
    line = "网友@城市出行观察在评论区晒出了乘车记录，称车辆在雨夜也能稳定行驶，这条视频的播放量已经超过百万。"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


HEADLINES = [
    "芯片厂商发布新款车规级芯片",
    "大模型公司完成新一轮融资",
    "机器人企业获得千台订单",
    "云厂商下调推理服务价格",
    "智能眼镜出货量环比增长",
    "自动驾驶公司开通新线路",
]


def test_a_list_of_short_headlines_is_not_read_as_a_narrow_wrap() -> None:
    # near miss: lines of one length, one under the other, but closed headlines with no clause
    lines = ["今日科技快讯", "2026-05-06 08:00 来源：某某科技网", *NEWS_BODY, *MORE, "相关阅读", *HEADLINES * 2]
    d = drafts(lines, "\n")[0]
    for para in (*NEWS_BODY, *MORE):
        assert para in d.paragraphs
    assert not any(h + HEADLINES[(k + 1) % len(HEADLINES)] in d.text for k, h in enumerate(HEADLINES))


# ------------------------------------------------ a translation extension's bilingual mode

BILINGUAL = [
    ("AI搭載の配膳ロボット、全国200店に導入へ 外食大手", "AI送餐机器人将引入全国200家门店 餐饮巨头"),
    ("山田 太郎  2026年6月3日 7:00 公開", "山田太郎  2026年6月3日 7:00 发布"),
    ("外食大手のさくら食堂は2日、AIを搭載した配膳ロボットを来年春までに全国約200店舗に導入すると発表した。",
     "餐饮巨头樱花食堂2日宣布，将在明年春季前向全国约200家门店引入搭载AI的送餐机器人。"),
    ("ロボットは客席の配置を自ら学習し、混雑時でも通路をよけながら料理を運ぶ。",
     "机器人可以自行学习座位布局，在用餐高峰时也能避开通道上的顾客运送菜品，店员只需把菜放上托盘并选择桌号。"),
    ("同社によると、試験導入した店舗では従業員の歩行距離が約4割減った。",
     "据该公司介绍，在试点门店中，员工每天的步行距离减少了约四成，高峰时段的上菜速度也明显加快。"),
    ("一方で、高齢の客からは操作が分かりにくいとの声もある。",
     "不过，也有年长的顾客反映操作不够直观，公司表示将在下一代机型上加入语音提示功能并放大屏幕上的字号。"),
]


def bilingual_page() -> list[str]:
    return [
        "某某翻译 ｜ 已将此页面从 日语 翻译为 中文   显示原文   双语对照",
        *(line for pair in BILINGUAL for line in pair),
        "関連記事",
        "相关文章",
    ]


def test_a_bilingual_translations_original_lines_go_and_its_translation_stays() -> None:
    d = drafts(bilingual_page(), "\n")[0]
    for _, zh in BILINGUAL[2:]:
        assert zh in d.paragraphs
    for ja, _ in BILINGUAL[2:]:
        assert ja not in d.text
    assert d.title == BILINGUAL[0][1]


def test_a_chinese_article_quoting_a_japanese_line_keeps_it() -> None:
    # near miss: one Japanese line above its gloss in a Chinese article is the article's
    quote = "「いらっしゃいませ、ご注文をどうぞ」"
    gloss = "这句日语的意思是“欢迎光临，请点餐”，机器人在迎宾时会用三种语言轮流播放这句话，店里的外国游客因此多了不少。"
    d = drafts([*middle(quote)[:4], gloss, *middle(quote)[4:]])[0]
    assert quote in d.text and gloss in d.paragraphs


# ------------------------------------------------ a headline its share text quotes

SHARE_STORY = [
    "5月以来，西南多家物流园区的分拣线上出现了一种可以自主换道的搬运机器人。记者从某某智造了解到，这款机器人已在三座园区投入常态化运行，累计部署六十台。",
    "与固定轨道的传统设备不同，它可以在园区里自行规划路线，在卸货区、分拣区和装车区之间往返，完成搬运和简单码垛等工作。",
    "园区负责人介绍，过去这一环节每班需要十名搬运工，现在只保留三人负责巡检和异常处理，包裹破损率也下降了一半。",
]


def company_page(share: str) -> list[str]:
    return [
        "某某智造招聘_某某智造科技有限公司怎么样_公司介绍-某某人才网",
        "某某人才网 ｜ 首页  职位  公司 ｜ 登录  注册",
        "某某智造  √已认证",
        "物流机器人 · A轮 · 100-499人 · 成都市高新区",
        "公司介绍",
        "某某智造成立于2020年，专注物流搬运机器人的研发与制造，产品服务于快递、电商和制造业客户……  展开全部",
        "公司动态（共8条）   全部 ｜ 媒体报道 ｜ 产品发布",
        "【媒体报道】自主换道搬运机器人进驻西南三座物流园",
        "转载自：西部物流周刊    发布于 2026-05-08 09:20    由 HR 王先生 发布",
        *SHARE_STORY,
        share,
        "热招职位",
        "机器人算法工程师   30-50K   成都·高新区   3-5年   硕士   2天前发布",
    ]


def test_a_headline_its_share_text_quotes_is_the_title_and_a_reprint_row_dates_it() -> None:
    d = drafts(company_page("分享给好友：《自主换道搬运机器人进驻西南三座物流园》 https://rc.example.cn/s/Ab12 复制链接"), "\n")[0]
    assert d.title == "自主换道搬运机器人进驻西南三座物流园"
    assert d.date == "2026-05-08"
    for para in SHARE_STORY:
        assert para in d.paragraphs
    assert "复制链接" not in d.text  # the share text is a repeat of the headline


def test_a_work_named_in_prose_is_no_share_text() -> None:
    # near miss: a sentence naming a work in 《》 with a link holds no share words: no title from it
    line = "该报告《物流机器人产业发展白皮书》全文可在 https://report.example.cn 下载，报告预计明年市场规模将增长三成以上。"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs
    assert d.title != "物流机器人产业发展白皮书"


# ------------------------------------------------ a drive's file name and a share disclaimer

DRIVE_STORY = [
    "记者日前从多地教育部门了解到，搭载大模型的智能批改系统正在进入县级中学。今年秋季学期以来，已有至少四十所学校完成部署，主要用于作文批改和错题讲解。",
    "与人工批改相比，系统可以在几分钟内给出逐句的修改建议，教师只需复核重点内容，每周可以节省约六个小时的批改时间。",
    "也有教师提醒，系统给出的评分标准仍需人工校准，学生过度依赖修改建议也可能影响写作能力的培养。",
]


def test_a_drives_file_name_is_no_headline_and_the_preview_heads_the_text() -> None:
    lines = [
        "《智能批改系统进入县级中学》.txt - 某某云盘 - 免费分享",
        "某某云盘    首页   客户端   会员中心  ｜ 登录",
        "⚠ 分享内容由用户上传，某某云盘不对其内容负责，如有侵权请联系删除。",
        "文件名：智能批改系统进入县级中学（整理版）.txt",
        "分享者：edu_小站    2026-05-20 21:07 上传    有效期：剩余3天",
        "文件大小：6.1 KB    浏览 312 次    下载 97 次",
        "在线预览  TXT",
        "智能批改系统进入县级中学",
        "来源：某某教育报  2026-05-12  记者 某某",
        *DRIVE_STORY,
    ]
    d = drafts(lines, "\n")[0]
    assert d.title == "智能批改系统进入县级中学"
    assert d.date == "2026-05-12"
    for para in DRIVE_STORY:
        assert para in d.paragraphs


def test_a_sentence_naming_a_file_stays() -> None:
    line = "教育局随后公布了名为“批改系统使用规范.pdf”的文件，要求各校在使用前完成教师培训，并定期抽查系统给出的评分结果。"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


# ------------------------------------------------ a report pasted into a message-board post

PASTED = [
    "5月6日，位于某某市高新区的智算中心二期正式投产，新增约两千台AI服务器，主要为本地企业提供模型训练和推理服务。",
    "项目负责人介绍，二期机房全部采用液冷方案，设计年均能效比不高于1.2，所需机房面积只有传统风冷机房的一半左右。",
    "市经信局相关负责人表示，智算中心投产后本地企业租用算力的价格下降约两成，目前已有二十多家企业签约使用。",
]


def message_post() -> list[str]:
    return [
        "关于高新区智算中心噪声问题的咨询_留言详情_市长信箱_某某网",
        "首页 > 市长信箱 > 留言详情",
        "留言标题：关于高新区智算中心噪声问题的咨询",
        "留言人：网友 b81***    留言时间：2026-05-15 21:40    IP属地：四川",
        "留言内容：",
        "领导您好！我住在高新区某某小区，最近看到一篇报道，说小区旁边的智算中心投产了，我把报道贴在下面，想请相关部门解答。",
        "以下为报道原文（来源：某某晚报 2026年5月7日 第02版）：",
        *PASTED,
    ]


def test_a_report_pasted_into_a_post_is_dated_by_its_citation() -> None:
    d = drafts(message_post(), "\n")[0]
    assert d.date == "2026-05-07"
    for para in PASTED:
        assert para in d.paragraphs
    assert "我把报道贴在下面" not in d.text


def test_a_news_articles_lead_above_a_cited_statement_stays() -> None:
    # near miss: a news article citing the statement it reprints has no poster's field or note
    lead = "5月6日晚，某某智能发布声明，回应近期网络上关于其数据中心用水的质疑，表示相关项目已通过环保验收。"
    lines = [
        "某某智能回应数据中心用水质疑",
        "2026-05-07 08:30 来源：某某科技网",
        lead,
        "以下为声明原文（来源：某某智能官网 2026年5月6日）：",
        *PASTED,
    ]
    d = drafts(lines, "\n")[0]
    assert lead in d.paragraphs
    assert d.date == "2026-05-07"


# ------------------------------------------------ a bracketed source credit


def test_a_bracketed_source_credit_alone_on_its_line_is_a_caption() -> None:
    credit = "（资料来源：某某研究院季度报告、企业公开信息）"
    d = drafts(middle(credit))[0]
    assert credit not in d.text


def test_a_source_in_a_sentence_stays() -> None:
    line = "今年一季度国内智能音箱出货量同比增长一成（资料来源：某某研究院），其中带屏产品的占比首次超过四成。"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


# ------------------------------------------------ spam families glued into prose


@pytest.mark.parametrize("ad", [
    "免担保个人贷款当天到账",
    "首充金币钻石1折秒到",
    "以太坊合约机器人日收益稳赚3%",
])
def test_spam_families_glued_into_a_sentence_are_found(ad: str) -> None:
    line = f"工程师介绍，新系统可以自动识别设备故障，{ad}维修人员到场前就能拿到处理建议。"
    assert ad in spans(line)


@pytest.mark.parametrize("line", [
    "某银行推出免担保的个人贷款，符合条件的小微企业主最快当天到账，年化利率不超过百分之五。",
    "警方提醒，所谓“首充金币钻石1折”的广告多为诈骗，玩家充值后往往无法到账。",
    "该平台宣称比特币量化机器人月收益保底30%，目前已被警方立案调查，涉案金额超过两亿元。",
    "某基金披露，其比特币量化策略今年以来的收益约为30%，但波动幅度明显高于传统资产。",
])
def test_news_about_loans_top_ups_and_crypto_yields_stays(line: str) -> None:
    assert spans(line) == []


# ------------------------------------------------ a featured-comments header, a card's teaser

COMMENTS = [
    "山城小雨",
    "我们小区旁边也在建类似的项目，希望噪声问题能提前考虑进去，晚上真的很影响休息。",
    "老陈说科技",
    "液冷确实省地方，不过维护成本也要算进去，期待后续的跟踪报道。",
]


def test_a_featured_comments_header_ends_the_article() -> None:
    lines = [TITLE16, META16, *NEWS_BODY, *MORE, "精选评论", *COMMENTS]
    d = drafts(lines, "\n")[0]
    for para in (*NEWS_BODY, *MORE):
        assert para in d.paragraphs
    assert COMMENTS[1] not in d.text and COMMENTS[3] not in d.text


def test_a_sentence_opening_with_featured_comments_stays() -> None:
    line = "精选评论功能上线半年后，平台上优质评论的曝光量提升了三成，不少用户表示更愿意认真写评论了。"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


TITLE16 = "液冷智算中心在西南投产 算力租用价格下降两成"
META16 = "2026-05-06 10:20 来源：某某科技网"


def test_a_cards_teaser_cut_short_by_its_expand_button_is_no_text() -> None:
    teaser = "某某智造成立于2020年，专注物流搬运机器人的研发与制造，产品服务于快递、电商和制造业客户……  展开全部∨"
    lines = ["某某智造 - 公司主页 - 某某人才网", "公司介绍", teaser, "公司动态", TITLE16, META16, *NEWS_BODY]
    d = drafts(lines, "\n")[0]
    assert "展开全部" not in d.text and teaser.split("……")[0] not in d.text
    for para in NEWS_BODY:
        assert para in d.paragraphs


def test_a_sentence_with_the_words_of_an_expand_button_stays() -> None:
    line = "双方将在明年一季度展开全部三个项目的联合测试，并在测试结束后同步公布结果……"
    d = drafts(middle(line))[0]
    assert line in d.paragraphs


def test_a_banks_glued_loan_terms_in_a_sentence_stay() -> None:
    # near miss: the same three words glued, but a phrase of the sentence (after 的, before a comma)
    line = "凭借线上风控模型，这家农商行推出的免担保个人贷款当天到账，今年已累计服务个体工商户两万余户。"
    assert spans(line) == []
