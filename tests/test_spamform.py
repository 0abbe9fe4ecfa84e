"""Ads recognised by their form, whatever they sell (digest/spamform.py, rules/spam.yaml `form`).

Every probe is invented for these tests, of businesses the lexicon names nowhere (pets, tickets,
exam devices, gray-market VPNs, medical beauty, debt collection, fake degrees in other words,
SIM cards, hackers, reputation scrubbing...), and article sentences that carry the same forms as
news: fraud warnings, hotlines, prices, downloads, company accounts."""

from __future__ import annotations

import pytest

from digest.rules import spam_rules
from digest.spam import spam_spans
from digest.spamform import form_spans
from digest.text import merge_spans


def cut_text(text: str) -> list[str]:
    return [text[a:b] for a, b in spam_spans(text, spam_rules())]


def left(text: str) -> str:
    spans = spam_spans(text, spam_rules())
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
    return "".join(out) + text[pos:]


# whole lines: a business card (a contact and a word of a sale, no sentence of prose)
@pytest.mark.parametrize("line", [
    "纯种布偶猫幼崽出售 血统证书齐全 包健康 顺丰到付 加微 mao2026cat",
    "演唱会门票 内场前排 高价收 即日可取 vx：piao2026",
    "四六级考试无线耳机 隐形接收器 包过 QQ 3306778812",
    "外网加速 稳定不掉线 一年99元 tg@fastline88",
    "医美整形 玻尿酸 水光针 特价 私信 vx：meiyan520",
    "讨债公司 专业要账 不成功不收费 电话 139 1234 5678",
    "海外硕士文凭 三周拿证 学籍可查 扣扣 2847719302",
    "手机号码买卖 实名卡 批量出 tg@simcard88",
    "黑客接单 改成绩 定位手机 一条龙服务 飞机 @hack_team77",
    "删帖公关 负面消除 24小时处理 电话 13912345678",
    "高端腕表 原单品质 支持验货 货到付款 薇：wb_shop999",
    "私人侦探 寻人查址 绝对保密 加V：zt8899",
])
def test_a_business_card_line_is_cut_whole(line: str) -> None:
    assert cut_text(line) == [line.strip()]


# an ad row without a contact: short spaced chunks with two signs of a sale
@pytest.mark.parametrize("line", [
    "高仿名表 一比一复刻 顺丰到付 支持验货",
    "宠物狗出售 纯种幼犬 包健康 全国发货 价格美丽",
])
def test_a_row_of_spaced_chunks_that_sells_is_cut(line: str) -> None:
    assert cut_text(line) == [line]


# splices: the ad is a clause of its own, the host's text goes on glued after the contact
@pytest.mark.parametrize(("text", "ad"), [
    ("国产大模型的推理成本在过去一年，宠物狗幼犬出售 纯种包健康 加V：gou6688下降了八成。",
     "宠物狗幼犬出售 纯种包健康 加V：gou6688"),
    ("据介绍，考试作弊耳机 隐形接收 包过 QQ 3306778812该系统已在三个园区上线。",
     "考试作弊耳机 隐形接收 包过 QQ 3306778812"),
    ("该工厂的良品率提升明显，催收外包 专业清欠 微信 cs-team2026其中焊接环节改善最多。",
     "催收外包 专业清欠 微信 cs-team2026"),
    ("在边缘侧部署后，演出门票 黄牛代抢 加微 qiangpiao666响应时间缩短到了20毫秒。",
     "演出门票 黄牛代抢 加微 qiangpiao666"),
])
def test_an_ad_spliced_into_a_sentence_is_cut_and_the_sentence_reads_on(text: str, ad: str) -> None:
    assert cut_text(text) == [ad]
    assert ad not in left(text)


# article sentences with a contact, a hotline, a price or a messenger's name: they stay
@pytest.mark.parametrize("text", [
    "警方提醒，切勿添加陌生人微信abc1234，谨防诈骗。",
    "记者调查发现，卖家要求买家添加微信 fake8899，先付款后发货。",
    "民警介绍，嫌疑人以高价收购旧手机为名，让受害人加微信 hs2024 后实施诈骗。",
    "消费者可拨打12315热线投诉。",
    "该公司客服热线400-820-8820，全天在线。",
    "微信月活跃用户达13.8亿，QQ为5.5亿。",
    "如需了解更多，可添加官方微信公众号“智元机器人”。",
    "该机型售价3999元，当天发货，首批销量突破10万台。",
    "英伟达股价收于128.5美元，相关应用下载量超过10000次。",
    "反诈中心提示：凡是要求“加微信 kf8899 领取退款”的都是骗局。",
    "联系人：王工，联系电话：010-62751234。",
    "截至今年6月，该模型在微信小程序中的调用量已超过2亿次，日均处理请求约500万次。",
    "公司表示，用户可通过官方客服电话 95588 办理退款。",
    "据称，该团伙在网上发布“包过”广告，再以各种名义收取费用。",
])
def test_news_with_an_ads_forms_stays(text: str) -> None:
    assert cut_text(text) == [], cut_text(text)


def test_a_spaced_title_without_a_sale_stays() -> None:
    assert cut_text("人工智能 赋能 制造业 转型升级") == []
    assert cut_text("首页 新闻 科技 财经 联系我们") == []


# --- the precision pass (sp23): article sentences that carry an ad's parts one at a time -----------
# Invented news sentences. Each has a contact, a price or a word of a sale, but not an ad's form:
# a service's users told in the third person, a product's listing, a price table, prose whose words
# a page spaced, an ad quoted and named as a kind.


@pytest.mark.parametrize("text", [
    # a company's customer service or account, told to its users ("用户可通过…", "玩家可在…")
    "用户可通过微信 ai_helper2025 联系客服预约体验。",
    "消费者可添加企业微信 kefu2025 预约上门安装服务。",
    "该平台已为超过2000家企业提供定制化大模型服务，客户可通过官网 或热线 400-100-2025 咨询合作。",
    "该医院上线AI预约挂号系统，患者可通过微信公众号 bjxh_hospital 预约专家门诊。",
    "小米公司称，用户可拨打 400-100-5678 或登录官网预约线下体验。",
    "如有疑问，用户可拨打客服电话 400-820-1234 咨询。",
    "该公司的官方微信号为 zhipu_ai2023，目前已有超过50万关注者。",
    "公司创始人表示，团队正在招聘算法工程师，有意者可发送简历至 hr@deepai.com。",
    "游戏运营商表示，官方从未通过QQ 2837719046 出售游戏币，请玩家认准官方渠道充值。",
    "开发者社区 QQ群 782341109 已有超过3000名成员，官方工程师每天在线答疑。",
    # prices, rates and revenue in business news
    "该款智能手表售价1299元，即日起在各大电商平台现货发售，支持全国发货。",
    "招商银行推出的信用贷产品年化利率最低3.6%，最快当天到账，客户可通过手机银行申请。",
    "多家银行下调消费贷利率，部分产品年化利率低至2.88%，当日审批、当日放款。",
    "该游戏上线首月充值流水突破3亿元，玩家平均每月充值约120元。",
    "某游戏公司2024年财报显示，玩家充值收入同比增长35%，其中首充礼包贡献近两成。",
    "截至发稿，该产品在京东的售价为2999元，较首发价优惠500元，多个型号显示现货。",
    # regulation and fraud warnings that quote the scam
    "财政部通报，今年前三季度全国共销售彩票4500亿元，严禁通过互联网违规销售彩票。",
    "骗子发来短信称“您的账户存在异常，请加微信 kf_2024 办理退款”，随后诱导受害人转账。",
    "反诈民警提示，凡是自称客服、要求添加QQ 2837719046 办理退款的，都是诈骗。",
    "“加我微信 abc2024，包你三天学会AI绘画”，这类广告在社交平台上屡见不鲜。",
    "业内人士分析，所谓“包过”的代考服务多为骗局，考生应通过正规渠道报名。",
    # a product's listing or a price table, spaced as a headline or a table row
    "苹果发布会前瞻 iPhone 17 售价 5999元 起 首批现货 有限",
    "基础版 99元/月 专业版 299元/月 企业版 面议",
    "DeepSeek-V3 限时优惠 输入价格 0.5元 输出 2元",
    # prose whose words the page spaced (a spaced-CJK scrape): words, not an ad's phrases
    "零一万物 宣布 新模型 价格 下调 50% 即日 起 生效",
    "该 公司 表示 旧机 回收 价格 最高 可达 2000元",
    "图为 顾客 在门店 体验 AI试衣镜 当天 销量 翻倍",
    "银行 下调 存款利率 一年期 1.35% 即日 起执行",
    "用户 可以 通过 微信 abc12345 咨询",
])
def test_article_sentences_with_one_part_of_an_ad_stay(text: str) -> None:
    assert cut_text(text) == [], cut_text(text)


# ads of businesses no tune round has shown: they are still cut (cards, and splices whose host
# sentence ends with a full stop)
@pytest.mark.parametrize("line", [
    "代写毕业论文 查重包过 硕博均可 微信 lw_daixie88",
    "二手奢侈品包包回收 高价收购 当天打款 vx：bao2026shop",
    "驾照代考 不用本人到场 包过 QQ 2918837720",
    "鲜花速递 同城两小时送达 全国可办 电话 13812345678",
    "装修公司 免费上门量房 价格优惠 加微 zx_home66",
    "游戏代练 王者上分 秒接单 扣扣 3380019982",
    "宠物寄养 上门喂猫 24小时在线 微 maomi2025",
    "宝妈学生均可在家操作 日结 加微 sd88521",
])
def test_new_businesses_cards_are_still_cut(line: str) -> None:
    assert cut_text(line) == [line]


@pytest.mark.parametrize(("text", "ad"), [
    ("据介绍，该系统已在三个园区上线，鲜花速递 同城两小时送达 电话 13812345678日均处理订单超过一万单。",
     "鲜花速递 同城两小时送达 电话 13812345678"),
    ("模型的推理延迟下降了四成，驾照代考 包过 QQ 2918837720而功耗几乎没有变化。", "驾照代考 包过 QQ 2918837720"),
])
def test_new_businesses_splices_are_still_cut(text: str, ad: str) -> None:
    assert cut_text(text) == [ad]


def test_a_whole_sentence_of_prose_needs_more_than_one_word_of_a_sale() -> None:
    rules = spam_rules()
    # one promise word (预约) and a contact in a sentence of prose: a service told, no ad's form
    # (the lexicon's own contact patterns are another matter)
    text = "该公司客服微信 ai_helper2025 支持预约体验。"
    assert form_spans(text, rules, rules.form) == []
    # two promise words with the contact: an ad, full stop or not
    text = "私人定制旅行 微信 trip2026 包机票 当天出票。"
    assert [text[a:b] for a, b in merge_spans(form_spans(text, rules, rules.form))] == ["私人定制旅行 微信 trip2026 包机票 当天出票"]


def test_a_contact_named_as_a_companys_is_no_ads_form() -> None:
    rules = spam_rules()
    for text in ("据了解，该公司客服QQ 800012345 全天在线，可免费咨询产品问题。",
                 "这家医院的预约电话 13912345678 全天在线，提供免费咨询。"):
        assert form_spans(text, rules, rules.form) == [], text


# --- sp24: an ad glued into a sentence takes none of the sentence's words ------------------------
# Invented probes, businesses of no labelled round (camera buy-back, express passports, fishing gear,
# concert tickets; invoices for a business the lexicon knows), spliced into prose with no space or
# punctuation before or after: the ad's own chunk is cut, from its first marked word (a promise, a
# trade word, a lexicon term, the call or the contact), never the host's words glued before it or
# after it, nor a bracket the host keeps.


@pytest.mark.parametrize(("text", "host", "ad"), [
    # a particle of prose ("将", "和") before the ad: the host's words end there
    ("公司计划明年将二手相机高价回收当天打款加微xj2026cam再扩大两条产线。",
     ["公司计划明年将", "再扩大两条产线。"], ["高价回收当天打款", "xj2026cam"]),
    ("研究团队发现，机器人在搬运和演出门票代抢当天出票加微qp2026ticket装箱环节的成功率最高。",
     ["研究团队发现，机器人在搬运和", "装箱环节的成功率最高。"], ["当天出票", "qp2026ticket"]),
    # a business the lexicon knows (invoices): its first term is the ad's start, the clause's first
    # words ("第三人") are the host's
    ("其余两人负责标注，第三人代开发票当天出票加微fp8806随后核对数据。",
     ["其余两人负责标注，第三人", "随后核对数据。"], ["代开发票当天出票", "fp8806"]),
    # a wrapped line: the ad's card, then the host's sentence running on glued after its contact
    ("钓鱼装备批发 包邮加V：yu2026gear而是把更多算力留给了推理任务，",
     ["而是把更多算力留给了推理任务，"], ["yu2026gear"]),
])
def test_an_ad_glued_into_prose_takes_none_of_its_words(text: str, host: list[str], ad: list[str]) -> None:
    rest = left(text)
    for words in host:
        assert words in rest, (words, rest)
    for words in ad:
        assert words not in rest, (words, rest)


@pytest.mark.parametrize(("text", "rest"), [
    # an ad inside brackets the host opened: the brackets' inside goes, with the brackets
    ("该公司回应称（如需代办加急护照加微hz2026pass）此事与其无关。", "该公司回应称此事与其无关。"),
    ("该公司回应称(加急护照代办 当天出证 加微 hz2026pass)，此事与其无关。", "该公司回应称，此事与其无关。"),
])
def test_an_ad_in_brackets_leaves_the_host_and_no_lone_bracket(text: str, rest: str) -> None:
    assert left(text) == rest


# article sentences with a contact's shape in brackets or glued to prose: every character stays
@pytest.mark.parametrize("text", [
    "公司在官网（www.example2026.com）公布了测试数据，并表示将持续优化模型。",
    "他提醒用户（切勿添加陌生人微信 abc2026x）以免上当，警方已介入调查。",
    "客服热线400-820-1234而是把咨询转交给了区域代理商，",
    "演示视频里，工程师在调试台上输入指令v2026beta后，机器人把和面、揉面的步骤连了起来。",
    "新版本支持微信小程序（wx2026app）和网页端，将在下月上线。",
    "报名通道（电话 010-62751234）将于周五关闭，届时主办方会在官网公布入围名单。",
    "团队将在遥操作数据采集和端到端控制模型上加大投入，明年产能将提升至3000台。",
])
def test_article_sentences_beside_a_contacts_shape_keep_every_character(text: str) -> None:
    assert cut_text(text) == [], cut_text(text)
