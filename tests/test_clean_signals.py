"""Cleaning signals added for noise recall (issue 4): spam brands, lists and overlapping
terms, contact bait, numbered newsletter items. Fixtures are written for the test (new
brand names and sentences, not copied from the labelled set)."""

from __future__ import annotations

from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.rules import spam_rules
from digest.spam import spam_spans

BODY = [
    "国内大模型厂商在过去一年里密集发布新产品,推理成本持续下降,应用落地明显加速。",
    "多家云厂商宣布降价,模型即服务的商业模式逐渐清晰,开发者的使用门槛也随之降低。",
    "业内人士认为,行业模型和端侧部署将是下一阶段竞争的重点,算力供给仍是关键约束。",
]


def spans(text: str) -> list[str]:
    return [text[a:b] for a, b in spam_spans(text, spam_rules())]


def test_brand_before_a_gambling_suffix_goes_with_the_run() -> None:
    # an invented brand after a clause edge, and one glued mid-clause
    assert spans("芯片交付加快，瑞丰娱乐场真人荷官在线发牌厂商开始扩产。") == ["瑞丰娱乐场真人荷官在线发牌"]
    assert spans("厂商一下子冒出来很多家宏昌国际真人视讯日返水2.5%价格一路下降。") == ["宏昌国际真人视讯日返水2.5%"]


def test_list_of_gambling_games_is_one_run() -> None:
    assert spans("百家乐、牛牛、老虎机一站满足") == ["百家乐、牛牛、老虎机一站满足"]


def test_overlapping_terms_do_not_split_a_run() -> None:
    # 天天彩 is a term and so is 彩票: the longest-first match must not lose 彩票
    assert spans("学习机市场保持增长。天天彩票八期必中内部料不过竞争也在加剧。") == ["天天彩票八期必中内部料"]


def test_earnings_promise_amount_in_chinese_numerals() -> None:
    assert spans("优先开放高质量数据集，永利网投百家乐日赚万元支持企业训练模型。") == ["永利网投百家乐日赚万元"]


def test_contact_bait_with_handle() -> None:
    assert spans("代理佣金日结 飞机联系 @abc_vip77") != []
    assert "加line:@zz8877" in "".join(spans("首充加码百分百，加LINE:@zz8877 专人服务")).lower()


def test_ordinary_prose_with_brand_suffix_words_is_untouched() -> None:
    for sentence in ("这家国际集团的体育业务增长很快。", "平台推出了直播带货和短视频功能。", "他们在官网公布了新的彩票公益金使用情况。"):
        assert spans(sentence) == []


def test_newsletter_items_numbered_with_a_bar_are_articles() -> None:
    more = [
        "手机厂商把参数较小的模型装进了中低端机型,离线也能完成摘要、翻译和相册整理等任务。",
        "芯片厂商随之调整路线,新一代移动处理器普遍加大了神经网络单元的面积和内存带宽。",
        "开发者则更关心功耗和发热,长时间运行模型会让手机明显变烫,续航也随之缩短不少。",
        "分析机构预计,明年出货的新机中将有一半以上支持在本地运行至少一个语言模型。",
    ]
    extra = [
        "价格下调之后,调用量在一个季度里翻了几倍,但厂商的毛利率也被压到了很低的水平。",
        "一些创业公司干脆放弃自研基础模型,转而在开源模型上做行业微调和私有化部署。",
        "投资人开始追问收入质量,只靠补贴换来的调用量很难支撑下一轮融资的估值。",
        "监管部门也在完善备案和安全评估制度,要求面向公众的服务标注生成内容。",
        "企业客户在采购时更看重稳定性和数据安全,愿意为专属部署支付更高的价格。",
        "业内普遍预计,价格战会在明年逐步降温,竞争重心转向应用生态和服务能力。",
    ]
    first = ["▌01 大模型价格战进入下半场", "来源:综合整理", *BODY, *extra]
    second = ["▌02 端侧模型走进千元手机", "来源:综合整理", *more]
    text = "\n\n".join(["发件人: 某某研究 <a@b.cn>", "主题: 本期两条", *first, *second])
    drafts = extract(prepare(RawDoc("content/t.txt", text.encode()))).drafts
    assert [d.title for d in drafts] == ["大模型价格战进入下半场", "端侧模型走进千元手机"]
    assert drafts[0].paragraphs == BODY + extra and drafts[1].paragraphs == more


def build(lines: list[str], sep: str = "\n\n") -> tuple[list[str], list]:
    doc = prepare(RawDoc("content/t.txt", sep.join(lines).encode()))
    draft = extract(doc).drafts[0]
    return [draft.title, *draft.paragraphs], draft.removals


def test_stacked_header_lines_are_not_joined_as_a_wrapped_paragraph() -> None:
    head = "\n".join(["某某资讯网 - 专注科技资讯    设为首页  加入收藏",
                      "首页 | 资讯 | 大模型 | 工具 | 教程 | 专题",
                      "您的位置：首页 > 资讯 > 正文"])
    out, removals = build([head, "大模型价格战进入下半场", "发布时间:2024-05-20 10:00 来源:某某科技", *BODY])
    assert out == ["大模型价格战进入下半场", *BODY]
    assert len([r for r in removals if r.kind == "chrome"]) >= 3


def test_field_rows_and_pipe_menus_around_the_article_are_chrome() -> None:
    lines = ["首页 | 关于本会 | 新闻公告 | 会员服务", "大模型价格战进入下半场",
             "发稿单位：综合处    公告日期：2024-05-20    点击数：88", *BODY,
             "联系人：张三    联系电话：010-12345678    电子邮箱：a@b.cn",
             "隐私政策 | 网站地图 | 联系我们 | 常见问题"]
    out, removals = build(lines)
    assert out == ["大模型价格战进入下半场", *BODY]
    rules = {r.rule for r in removals}
    # the head row is parsed as metadata (its 公告日期 is the date), the tail row is chrome
    assert "pipe-menu" in rules and rules & {"field-row", "fields", "contact-any"}


def test_converter_notice_above_the_article_does_not_start_the_body() -> None:
    lines = ["本文由 某某阅读器 转码，原文地址 https://example.com/a/1", "[图片]", *BODY, "[视频]", BODY[0][:-1] + "再补一句。"]
    out, _ = build(lines)
    assert "[图片]" not in out and "[视频]" not in out
    assert not any("转码" in p for p in out)


def test_comment_count_header_and_dated_comments_end_the_article() -> None:
    lines = ["大模型价格战进入下半场", *BODY, "3 则留言", "小王  2024年5月21日 上午 9:14", "写得很清楚，受教了。", "回复",
             "老李  2024年5月21日 下午 3:41", "请问有没有数据来源？", "回复"]
    out, _ = build(lines)
    assert out == ["大模型价格战进入下半场", *BODY]
