"""Splitting dumps by structure when no known separator is there (issue 4): a closing line
repeated after each article, stamp lines opening each post, items counted as posts. Each
with a false-positive guard: an article's own labels, numbered sections and a comment
thread below an article split nothing. Fixtures are invented for the test."""

from __future__ import annotations

import re

from digest.model import RawDoc
from digest.pipeline import extract, prepare

ARTS = [
    ("县城工厂用上边缘计算盒子", [
        "一家做注塑件的县城工厂今年引入了边缘计算盒子，把质检摄像头的画面直接在车间里分析，不再上传到云端。",
        "厂长说，过去质检靠老师傅盯着看，夜班时漏检率明显更高；现在夜班和白班的差距缩小了，返工也少了。",
        "设备供应商表示，这类盒子的价格已经降到一万元以内，县城工厂也能承担得起，明年计划再铺两百家。",
        "不过也有工程师提醒，模型需要随着新品上线不断补充样本，否则识别准确率会慢慢下降，维护成本不可忽视。",
        "当地工信部门表示，将把这类低成本方案纳入中小企业数字化改造的补贴目录，鼓励更多工厂先小规模试用。",
        "业内人士认为，边缘设备的普及会让质检数据留在工厂内部，既降低了带宽费用，也减少了企业对数据外泄的担心。",
    ]),
    ("方言语音识别进了乡镇卫生院", [
        "在西南一个乡镇卫生院，医生问诊时打开一台小音箱，患者用方言描述症状，屏幕上实时出现普通话病历草稿。",
        "院长介绍，过去老年患者说方言，年轻医生常常听不懂，要请护士帮忙翻译，一上午看不了几个病人。",
        "这套系统由一家本地企业开发，训练时收集了上千小时的方言录音，目前能识别三种主要方言，准确率约九成。",
        "卫生院计划下半年把系统接入医保结算流程，让患者少跑一趟窗口，医生也能把时间留给真正需要的问诊。",
        "县卫健委的工作人员说，如果试点效果稳定，明年会在全县十几家卫生院推广，并为医生安排统一的使用培训。",
        "也有医生担心病历草稿里的错字，院方要求每份病历都由医生逐句核对后再签字，系统只负责减轻记录的负担。",
    ]),
    ("旧手机改造成智能巡检终端", [
        "一家物业公司把淘汰下来的旧手机装上轻量化模型，挂在地下车库的立柱上，用来识别积水和占用消防通道的车辆。",
        "项目负责人说，一台旧手机的改造成本不到两百元，比采购专用摄像头便宜得多，电池也能撑一整个白天。",
        "模型在手机本地运行，只在发现异常时上传截图，物业值班室的屏幕会弹出提醒，保安再去现场确认。",
        "目前这套方案已经在三个小区试点，公司准备把它做成标准化产品，卖给其他中小物业企业使用。",
        "业主们的反应总体积极，有人担心摄像头侵犯隐私，物业解释说画面只在本地分析，截图保存七天后自动删除。",
        "公司技术人员透露，下一步想让旧手机识别电动车进电梯的行为，这是很多小区物业最头疼的安全隐患之一。",
    ]),
]


for _, _ps in ARTS:  # an item of a dump holds an article's worth of text (300 characters and more)
    _ps.append("记者注意到，类似的做法在其他地区也开始出现，不少地方把它当作推动中小企业用上人工智能的样板。")


def _drafts(lines: list[str]):
    return extract(prepare(RawDoc("content/d.txt", "\n\n".join(lines).encode()))).drafts


def _check(drafts) -> None:
    assert [d.title for d in drafts] == [t for t, _ in ARTS]
    assert [d.paragraphs for d in drafts] == [ps for _, ps in ARTS]


def test_a_closing_line_repeated_after_each_article_splits_the_dump() -> None:
    lines = ["某某科技周刊 · 合订本"]
    for title, ps in ARTS:
        lines += [title, *ps, "（完）"]
    _check(_drafts(lines))


def test_stamp_lines_above_each_post_split_the_dump() -> None:
    lines = ["频道消息导出"]
    for k, (title, ps) in enumerate(ARTS, 1):
        lines += [f"2025-0{k}-1{k} 0{k}:30", title, *ps]
    drafts = _drafts(lines)
    _check(drafts)
    assert [d.date for d in drafts] == ["2025-01-11", "2025-02-12", "2025-03-13"]


def test_posts_counted_as_posts_split_the_dump() -> None:
    lines = ["本周精选"]
    for k, (title, ps) in enumerate(ARTS, 1):
        lines += [f"第{k}篇：{title}", *ps]
    _check(_drafts(lines))
    lines = ["本周精选"]
    for k, (title, ps) in enumerate(ARTS, 1):
        lines += [f"#{k}", title, *ps]
    _check(_drafts(lines))


def test_an_articles_own_labels_and_sections_split_nothing() -> None:
    title = "三个场景看边缘AI落地"
    paras = []
    for k, (head, ps) in enumerate(ARTS, 1):
        paras += [f"0{k}.{head}", *ps, "Case Study:"]
    paras[-1] = "以上三个案例都说明，边缘AI的门槛正在降低，但持续运维仍是难点。"
    drafts = _drafts([title, "2025-05-01 10:00 来源：某某网", *paras])
    assert len(drafts) == 1


def test_a_comment_thread_below_an_article_is_no_dump() -> None:
    title, ps = ARTS[0]
    long_comment = "我们厂也试过类似的方案，" + "夜班的漏检确实少了很多，但摄像头要经常擦，车间粉尘太大。" * 6
    lines = [title, "2025-05-01 10:00 来源：某某网", *ps, *ARTS[1][1],
             "老周 2025-05-02 08:15", long_comment, "阿满 2025-05-02 09:40", long_comment.replace("我们厂", "隔壁厂")]
    assert len(_drafts(lines)) == 1


def test_a_rule_of_any_symbol_separates_articles() -> None:
    lines = ["某某团队博客", "～～～～～～～～～～"]
    for title, ps in ARTS:
        lines += [title, *ps, "～～～～～～～～～～"]
    _check(_drafts(lines))


def test_plain_numbers_split_items_that_carry_their_own_attribution() -> None:
    lines = ["AI早报丨2026年3月11日"]
    for k, (title, ps) in enumerate(ARTS, 1):
        lines += [f"{k}. {title}", *ps[:3], f"（来源：某某网 记者{k}）"]
    drafts = _drafts(lines)
    assert [d.title for d in drafts] == [t for t, _ in ARTS]
    assert [d.paragraphs for d in drafts] == [ps[:3] for _, ps in ARTS]


def test_plain_numbers_without_attribution_are_an_articles_sections() -> None:
    lines = ["三个场景看边缘AI落地", "2025-05-01 10:00 来源：某某网"]
    for k, (title, ps) in enumerate(ARTS, 1):
        lines += [f"{k}. {title}", *ps]
    assert len(_drafts(lines)) == 1


def test_the_splits_mail_header_labels_are_the_cleaners() -> None:
    """split._MAIL_FIELD copies the header labels of rules/chrome.yaml `mail-header` (the split,
    part of the prepare stage, reads no rule file): each of its labels must stay one the
    cleaner drops, so an edit of either list is made in both."""
    from digest.rules import chrome_rules
    from digest.split import _MAIL_FIELD

    (rule,) = [p.regex for p in chrome_rules().anywhere_line if p.id == "mail-header"]
    labels = re.match(r"\^\(\?:([^)]*)\)", _MAIL_FIELD.pattern).group(1).split("|")
    assert len(labels) >= 2
    for label in labels:
        assert rule.search(f"{label}：某某 <a@example.org>"), label
