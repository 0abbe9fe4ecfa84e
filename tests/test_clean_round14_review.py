"""Near-misses a review of the t14 rules found: hospital news and warnings that the new spam
families take for ads, a news page with a bare-stamp timeline that the video-subtitle rule reads
as a recording, and page titles whose headline has a spaced middle dot. Each fixture is the
reviewer's invented example; each asserts the text (or the title) stays."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY

from tests.test_clean_general_rules import clean, drafts, middle  # the same page builders


def _draft(lines: list[str]):
    return drafts(lines, "\n")[0]


# ------------------------------------------------ clinic-ad (surgery), cert-mill, pirate words


@pytest.mark.parametrize("prose", [
    # an operation and two outcomes glued without a mark: news on surgical robots says it so
    "借助手术机器人，该院前列腺癌手术微创不住院已成常态，患者平均住院时间缩短一半。",
    "专家介绍，如今痔疮手术微创无痛，多数患者当天出院。",
    "AI辅助下的前列腺增生手术微创 当天出院，术后恢复更快。",
])
def test_news_on_surgery_with_its_outcomes_glued_is_no_clinic_ad(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


@pytest.mark.parametrize("prose", [
    # a warning or a rumour quoting an ad's promises, spaced as the ad printed them
    "市场监管部门提醒，电工证、焊工证、叉车证不用考 全国联网可查的广告都是骗局。",
    "这部纪录片的导演剪辑版无删减 每日更新 手机直接看的说法系谣言。",
])
def test_a_warning_quoting_an_ads_spaced_promises_stays(prose: str) -> None:
    assert prose in clean(middle(prose)).paragraphs


# ------------------------------------------------ bare stamps on a news page that is no video

LAUNCH = [
    "00:00 火箭点火起飞", "01:12 火箭飞行正常，遥测数据稳定", "02:30 助推器分离，芯一级继续工作",
    "02:45 一二级分离，二级发动机点火", "04:10 整流罩分离", "08:20 二级发动机关机，进入滑行段",
    "09:05 星箭分离，卫星进入预定轨道", "10:30 太阳翼展开，发射任务圆满成功",
]


def _launch_page(extra: str) -> list[str]:
    return ["商业火箭首飞成功 将AI遥感卫星送入轨道", "2025-03-12 10:20 来源：某某航天网",
            "今天上午，某某航天的液体火箭在酒泉完成首飞。以下为飞行时序：", *LAUNCH,
            NEWS_BODY[0], extra, *NEWS_BODY[1:3]]


@pytest.mark.parametrize("prose", ["字幕由AI生成已经成为各大视频平台的标配，但准确率仍有待提高。", "主要负责人包括："])
def test_a_launch_timeline_makes_no_transcript_of_the_article(prose: str) -> None:
    # eight "mm:ss" steps from 00:00 are a flight's clock, not a video's subtitles: the show's
    # furniture rules (transcript notice, speaker label) stay off
    assert prose in _draft(_launch_page(prose)).paragraphs


def test_a_timelines_steps_are_not_joined_into_one_sentence() -> None:
    d = _draft(_launch_page(NEWS_BODY[3]))
    text = "\n".join(d.paragraphs)
    assert "遥测数据稳定助推器分离" not in text
    assert "进入预定轨道太阳翼展开" not in text


def test_a_podcasts_chapter_list_is_not_joined_into_a_paragraph() -> None:
    chapters = ["00:00 开场与嘉宾介绍，聊聊最近的行业新闻", "03:15 为什么大模型价格战打不下去", "08:40 端侧模型的真实需求到底在哪里",
                "15:20 芯片禁令对国产算力的长期影响", "22:05 创业公司如何选择开源还是闭源路线", "29:30 嘉宾对明年应用落地的三个判断",
                "36:10 听众提问：小公司还有机会做基础模型吗", "42:45 结束语与下期预告"]
    d = _draft(["播客第58期：大模型价格战的下半场", "2025-03-12 10:20 来源：某某播客",
                "本期我们邀请了两位投资人，聊聊大模型价格战之后的行业格局。", "本期时间轴：", *chapters, *NEWS_BODY[:2]])
    assert not any("行业新闻为什么大模型" in p for p in d.paragraphs)


# ------------------------------------------------ a spaced middle dot inside the headline


@pytest.mark.parametrize(("page_title", "headline"), [
    ("观察 · 大模型价格战进入下半场 - 某某科技网", "观察 · 大模型价格战进入下半场"),
    ("2025 · 大模型元年回顾 - 某某科技网", "2025 · 大模型元年回顾"),
    ("AI · 芯片 · 机器人：三条赛道融资分化 - 某某科技网", "AI · 芯片 · 机器人：三条赛道融资分化"),
    ("《流浪星河》续集定档 · 片方称AI参与特效 - 某某网", "《流浪星河》续集定档 · 片方称AI参与特效"),
])
def test_a_page_titles_headline_with_a_spaced_middle_dot_loses_only_the_site(page_title: str, headline: str) -> None:
    d = _draft([page_title, "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY])
    assert d.title == headline


# ------------------------------------------------ the page's own headline found in a related list


def test_a_related_items_copy_of_the_headline_below_the_text_gives_no_date() -> None:
    # the page prints no headline of its own; the same headline comes back in 相关阅读 under the
    # text, with the related item's date below it: that is not the article's byline
    headline = "国产大模型加速落地 多家厂商发布新品"
    d = _draft([f"{headline} - 某某科技网", "作者：王小明", *NEWS_BODY, "相关阅读", headline,
                "2025-04-01 08:00 来源：某某网", "另一篇相关文章的标题在这里显示"])
    assert d.date != "2025-04-01"
    assert all(p in d.paragraphs for p in NEWS_BODY)


# ------------------------------------------------ a headline that is a work's title, on a news site (low)


def test_a_news_pages_headline_that_is_a_works_title_keeps_its_marks() -> None:
    # only a reader's page ("- 全文阅读 - 某某图书馆") puts its own marks round the headline
    headline = "《2025人工智能产业发展白皮书》"
    d = _draft([f"{headline} - 某某科技网", "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY])
    assert d.title == headline


# ------------------------------------------------ the fixes' own near-misses (invented wording)

PLAYER_LINE = "00:00 / 05:40   720P   倍速   字幕   弹幕 关"


def test_a_sentence_about_overlay_comments_is_no_video_page_sign() -> None:
    # a news page's prose about 弹幕 and 字幕 (a sentence) over a race's split times from 00:00
    splits = ["00:00 发令枪响，选手出发", "00:41 第一个折返点", "01:35 领跑集团形成", "02:20 补给站",
              "03:05 第二个折返点", "03:50 进入城市赛道", "04:30 冲刺阶段", "05:02 冲过终点"]
    prose = "观众可以在直播间发送弹幕为选手加油，平台还提供实时字幕。"
    d = _draft(["城市机器人马拉松鸣枪 人形机器人完成全程", "2025-04-12 09:00 来源：某某体育网",
                "今天上午，二十台人形机器人参加了城市马拉松的表演赛。以下为领跑机器人的分段用时：", *splits,
                prose, "主要负责人包括：", *NEWS_BODY[:2]])
    assert not any(r.rule == "transcript-stamp" for r in d.removals)  # the race's clock is no subtitle cue
    assert prose in d.paragraphs and "主要负责人包括：" in d.paragraphs


def _video_with(cues: list[str], extra: list[str]) -> list[str]:
    return ["家用机器人开箱评测 一周使用体验_视频_某某视频网", "家用机器人开箱评测 一周使用体验", *extra, *cues, "相关推荐"]


def test_a_video_pages_player_line_makes_its_bare_stamps_cues_without_overlay_comments() -> None:
    cues = ["00:02 大家好，", "00:04 今天给大家开箱的是一台", "00:07 能叠衣服的家用机器人。", "00:10 它的售价是一万两千元，",
            "00:14 比去年同类产品便宜了三成。", "00:18 我们先看看外观，", "00:21 机身比想象中要小，", "00:24 放在客厅里并不占地方。"]
    d = _draft(_video_with(cues, [PLAYER_LINE]))
    text = "\n".join(d.paragraphs)
    assert "今天给大家开箱的是一台能叠衣服的家用机器人。" in text
    assert "00:10" not in text


def test_a_video_pages_chapter_markers_are_not_joined() -> None:
    # on a video page the stamps are the video's, but a chapter list's items end on no mark: each stays its own
    chapters = ["00:00 开箱与全部配件一览", "00:45 外观设计和机身做工细节", "01:30 首次开机与手机联网设置", "02:40 叠衣服功能的真实测试",
                "03:55 扫地与拖地的清洁表现", "04:30 噪音大小与续航时间测试", "05:10 一周使用下来的缺点汇总", "05:30 最后给大家的购买建议"]
    d = _draft(_video_with(chapters, [PLAYER_LINE, "简介：这台机器人我们用了一周，叠衣服比预想中快，但对深色衣物的识别还不够稳定。",
                                      "本期章节："]) + NEWS_BODY)
    assert any(r.rule == "transcript-stamp" for r in d.removals)  # the stamps are the video's
    assert not any("一览外观" in p or "细节首次" in p for p in d.paragraphs)


@pytest.mark.parametrize(("page_title", "headline"), [
    ("具身智能企业扎堆上市 · 某某科技网", "具身智能企业扎堆上市"),  # no other separator: the dot before a site's name splits
    ("云端推理成本又降了 · 周报 · 团队空间 · 某某云文档", "云端推理成本又降了"),
    # a headline's own spaced dot before a channel and a site joined by underscores
    ("深度 · 具身智能企业扎堆上市背后的三个变量_科技频道_某某科技网", "深度 · 具身智能企业扎堆上市背后的三个变量"),
])
def test_a_spaced_middle_dot_before_a_sites_name_still_splits(page_title: str, headline: str) -> None:
    d = _draft([page_title, "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY])
    assert d.title == headline


def test_a_spaced_middle_dot_without_a_site_keeps_the_headline_whole() -> None:
    d = _draft(["产业 · 人形机器人量产元年的三个变量", "2025-03-12 10:20 来源：某某科技网", *NEWS_BODY])
    assert d.title == "产业 · 人形机器人量产元年的三个变量"


def test_an_icon_marked_copy_of_the_headline_in_a_list_below_the_text_is_no_own_headline() -> None:
    headline = "工业质检大模型进入产线 漏检率降到千分之一"
    d = _draft([f"{headline}_资讯_某某工控网", "来源：某某工控网", *NEWS_BODY, "延伸阅读", f"📄 {headline}",
                "2025-07-09 11:00 作者：赵一鸣"])
    assert d.date != "2025-07-09"
    assert all(p in d.paragraphs for p in NEWS_BODY)


def test_the_pages_own_headline_above_the_text_still_gives_the_byline_under_it() -> None:
    # a copy of the headline in 相关阅读 below does not hide the page's own one above the text
    headline = "边缘计算盒子出货量翻番 工厂质检成主力场景"
    d = _draft([f"{headline} - 某某工控网", "某某工控网  首页  资讯  专题  登录", headline,
                "2025-05-06 14:30 来源：某某工控网 作者：李青", *NEWS_BODY, "相关阅读", headline,
                "2025-06-01 08:00 来源：某某网"])
    assert d.title == headline
    assert d.date == "2025-05-06"


@pytest.mark.parametrize(("page_title", "headline"), [
    ("《端侧大模型部署与推理优化实践指南》 - 在线阅读 - 某某读书网", "端侧大模型部署与推理优化实践指南"),  # a reader's page
    ("《2025具身智能产业链全景图谱与投资报告》 - 报告 - 某某研究院网", "《2025具身智能产业链全景图谱与投资报告》"),  # a research site's
])
def test_book_title_marks_go_only_on_a_readers_page(page_title: str, headline: str) -> None:
    d = _draft([page_title, "2025-03-12 10:20 来源：某某出版社", *NEWS_BODY])
    assert d.title == headline
