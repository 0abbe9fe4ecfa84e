"""Ads recognised by their form, whatever they sell (digest/spamform.py, rules/spam.yaml `form`).

Every probe is invented for these tests, of businesses the lexicon names nowhere (pets, tickets,
exam devices, gray-market VPNs, medical beauty, debt collection, fake degrees in other words,
SIM cards, hackers, reputation scrubbing...), and article sentences that carry the same forms as
news: fraud warnings, hotlines, prices, downloads, company accounts."""

from __future__ import annotations

import pytest

from digest.rules import spam_rules
from digest.spam import spam_spans


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
