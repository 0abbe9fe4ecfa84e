"""Calls to action and third-party promotions in wordings no single rule names, and news
sentences that use the same words and must stay (rules/chrome.yaml `call_to_action`).

Each noise line goes as its own paragraph at the start and the end of a small dated article,
and as the trailing sentence of its last paragraph; it must go, recorded in the removals with
its rule. Each prose sentence goes at the start, middle and end and must come out whole.
Fixtures are written for this test, not copied from the labelled set."""

from __future__ import annotations

import pytest
from conftest import NEWS_BODY, NEWS_META, NEWS_TITLE, POSITIONS
from conftest import news_draft as _draft
from conftest import news_placed as _placed

T, M, B = NEWS_TITLE, NEWS_META, NEWS_BODY

# --- 1. calls to action: the page asks the reader to act on it ---------------------------
CALLS = [
    "点击右上角设为星标，每天早上第一时间收到推送～",
    "一键三连",
    "星标本号",
    "欢迎在评论区留言讨论",
    "点个在看",
    "转发给更多朋友",
    "关注我们获取更多资讯",
    "长按识别二维码",
    "喜欢就点赞分享吧",
    "觉得有用的话，记得收藏转发哦！",
    "别忘了把我们设为星标，不错过每一篇更新。",
    "你对这件事怎么看？欢迎留言告诉我们。",
    "关注视频号，每周带你看懂一篇AI论文。",
    "置顶公众号，精彩内容不迷路。",
    "如果这篇文章对你有帮助，请点赞、在看、转发三连支持一下。",
    "大家有什么想法，可以在评论区聊聊。",
    "求点赞！求转发！求关注！",
    "私信我们，聊聊你的大模型落地难题。",
    "一键关注，带你读懂人工智能的每一次变革。",
    "点亮“在看”，让更多人看到这篇文章。",
    "顺手点个赞再走吧～",
    "把这篇文章转发到朋友圈，和同事一起讨论。",
    "快来评论区说说你最常用的AI工具。",
    "订阅我们的视频号，直播不错过。",
    "收藏本文，下次查阅更方便。",
    "动动手指点个关注，我们下期见。",
    "搜索关注“某某AI观察”，获取每日行业简报。",
    "你的每一次转发和点赞，都是对我们最大的鼓励。",
    "记得给公众号加星标哦",
    "欢迎转发分享，让更多朋友看到",
    # a second set, written before the rules were tuned on it (16 of 20 noise lines and all
    # 20 news sentences came out right first; see the branch's report)
    "看完记得点个赞再走",
    "转给身边做AI的朋友看看吧！",
    "还没关注的朋友，赶紧点击上方蓝字关注我们。",
    "一键转发，让更多人了解国产大模型。",
    "设为星标，第一时间获取AI行业动态。",
    "欢迎点赞收藏，你的支持是我们更新的动力。",
    "喜欢这篇文章的话，别忘了点个在看。",
    "有任何问题，欢迎在留言区告诉我们哦！",
]

# --- 2. third-party promotions: rewards for following, scanning, joining ----------------
PROMOS = [
    "用户扫码关注公众号即可领取《2025大模型应用白皮书》。",
    "添加小助手微信进群",
    "限时免费领取资料包",
    "回复关键词获取报告",
    "后台回复“大模型”，免费获取200页行业报告合集。",
    "添加小助手微信，备注“AI”，拉你进技术交流群。",
    "扫描下方二维码，免费领取AI绘画入门课程。",
    "进群即送价值999元的提示词大礼包。",
    "限时福利：前100名报名即可免费试听。",
    "私信回复“资料”，领取完整版PPT。",
    "加入知识星球，解锁更多独家研报。",
    "扫码预约直播，抽取三名读者赠送机械键盘。",
    "在公众号对话框回复“算力”，即可下载报告全文。",
    "本周福利：留言点赞前三名，各送一本《深度学习入门》。",
    "添加客服微信，免费获取大模型API测试额度。",
    "名额有限，扫码立即报名，先到先得！",
    "识别下图二维码，进入读者福利群。",
    "关注后回复“0312”，领取会议PPT下载链接。",
    "新人专享：扫码注册即送100元算力代金券。",
    "点击下方小程序，免费领取一周会员。",
    "想要原版论文？公众号后台回复“论文”即可获取。",
    "评论区抽三位读者送出AI大会门票，快来留言！",
    "扫码添加课程顾问，0元领取AI绘画体验课。",
    "长按下方二维码，预约明晚八点的直播。",
    "点击阅读原文，免费下载完整版白皮书。",
    "私信小编“报告”，领取2025年AIGC产业报告。",
    "关注视频号，直播间还有福利红包等你来抢！",
    "进入小程序即可免费体验AI写作助手。",
    "分享本文到朋友圈，截图发后台领取资料包。",
    "添加助理微信，获取每周AI简报。",
    "前50名扫码报名的读者可获赠算力券一张。",
    # a third set, measured first too (12 of 15 noise lines and all 15 news sentences), and
    # the second set's one miss (a third party as the action's object)
    "点一下关注，AI前沿资讯天天送到你手里。",
    "如果觉得这篇分析有价值，不妨转发给你的同事。",
    "欢迎扫码加入AIGC从业者社群，与三千位同行交流。",
    "文末有彩蛋，记得看到最后哦！",
    "后台私信“入群”，小助手会在24小时内拉你进群。",
    "限时0元领取《大模型提示词工程实战手册》，仅剩最后200份。",
    "点击关注，设为星标，每天早上8点准时推送。",
    "关注公众号并回复“课程”，解锁全部视频教程。",
    "喜欢本期内容，请一键三连支持UP主！",
    "长按保存海报，分享至朋友圈即可免费参会。",
    "添加客服小姐姐微信，领取新用户专属优惠券。",
    "别走开，下期更精彩，记得订阅我们。",
    "在看、点赞、转发，总有一个适合你。",
    "加微信拉你进大模型创业者交流群，备注公司和职位。",
]

NOISE = CALLS + PROMOS

# --- 3. news prose with the same words: reports on products, platforms and offers --------
PROSE = [
    # ASCII quotation marks hold speech too; 推送 holds no reward (second review of the
    # call rules, then fresh variants)
    '他在演讲中提到："希望大家多多关注国产芯片的进展。"',
    "用户只需在公众号后台回复“天气”，机器人即可推送当地天气预报。",
    '一位产品经理说："欢迎大家下载试用，多提宝贵意见。"',
    # quoted speech and rhetorical questions are someone's words, not the page's call (the
    # first four from the review of the merged rules, the last two fresh variants)
    "李彦宏在内部信中写道：“不要只盯着点赞和转发，要关注真实的用户价值。”",
    "他坦言：“很多人加了我们的用户群，只是为了领取免费额度。”",
    "“欢迎大家下载体验，也欢迎多提意见。”产品负责人在直播中说道。",
    "一位创业者在朋友圈感慨：“别再追着点赞数跑了，踏踏实实把模型做好。”",
    # an author's closing remark with a closing particle and "we" is no call (found by the
    # lead on the bench corpus after the merge)
    "展望未来，大模型应用还会给我们带来更多惊喜，让我们拭目以待～",
    "相信这一天不会太远，我们一起期待吧～",
    "腾讯在公众号发布公告称，混元大模型将向企业用户全面开放。",
    "该应用上线小程序版本，用户可扫码体验。",
    "微信视频号的日活跃用户超过4亿。",
    "公司表示将为开发者免费提供算力资源。",
    "数据显示，点赞和转发数量与模型生成内容的曝光量高度相关。",
    "该公司在官方视频号直播了发布会，观看人数突破百万。",
    "平台推出一键三连的快捷按钮后，互动率提升了两成。",
    "研究团队发现，带有二维码的海报在线下活动中的转化率更高。",
    "阿里云宣布，新注册开发者可免费领取三个月的模型调用额度。",
    "百度文心一言的小程序版本已接入微信搜索。",
    "字节跳动旗下的豆包在评论区测试了AI自动回复功能。",
    "调查显示，超过六成的受访者会通过公众号获取科技资讯。",
    "监管部门提醒，不要随意扫描来源不明的二维码。",
    "多家厂商开始在社群运营中使用AI小助手回复用户问题。",
    "据介绍，用户长按语音消息即可将其转为文字。",
    "该模型支持识别二维码和条形码，准确率达到99%。",
    "分析人士认为，私域社群将成为AI应用获客的重要渠道。",
    "OpenAI表示，免费用户也将获得有限次数的高级模型调用。",
    "部分创业公司以免费资料包为诱饵收集用户信息，已被监管部门约谈。",
    "小红书上关于“AI副业”的帖子中，不少要求读者私信领取资料。",
    "快手公布财报显示，其AI营销工具帮助商家提升了转发率。",
    "这家公司的公众号粉丝数在一年内增长了三倍。",
    "该插件允许用户一键置顶重要对话，并自动生成摘要。",
    "智谱AI在官方公众号上回复了网友关于数据安全的质疑。",
    "报告指出，短视频平台的评论区已成为AI生成内容扩散的主要场所。",
    "不少高校开设了人工智能公开课，学生可免费旁听。",
    "月之暗面推出的Kimi小程序上线首周访问量突破千万。",
    "腾讯元宝接入微信后，用户可以在对话框中直接添加AI助手为好友。",
    "业内人士指出，关注度高的模型未必在实际业务中表现更好。",
    "微软宣布，面向学生的Copilot服务将在今年内免费开放。",
    "该社群由数百名大模型开发者组成，定期分享部署经验。",
    "与去年相比，通过扫码支付购买AI服务的用户比例明显上升。",
    "美团在小程序中上线了AI点餐助手，可根据用户口味推荐菜品。",
    "抖音表示，将对利用AI批量生成内容刷赞刷转发的账号进行处罚。",
    "一位开发者在评论区留言称，新版接口的延迟明显降低。",
    "厂商纷纷推出限时免费活动，试图在价格战中抢占用户。",
    "研究人员用模型分析了十万条微博的转发链条。",
    "京东云表示，参与内测的企业可免费获取技术支持。",
    "这款AI眼镜可以识别路边的二维码并朗读其中的网址。",
    "二维码支付的普及为AI零售终端提供了基础设施。",
    "该视频号主要发布大模型评测内容，累计播放量超过五千万。",
    "在公众号后台，运营者可以使用AI工具自动回复读者留言。",
    "有网友在社交媒体上转发了这段视频，称其“足以以假乱真”。",
    "活动期间，参会者扫码签到后可领取纪念品，现场吸引了上千名开发者。",
    "腾讯表示，视频号将引入AI剪辑工具，帮助创作者提升效率。",
    "这家初创公司在公众号上发布了新一轮融资的消息。",
    "据统计，小程序已成为AI应用获客成本最低的渠道之一。",
    "部分用户反映，扫码登录时偶尔会出现验证失败。",
    "该平台宣布向高校学生免费开放大模型训练资源。",
    "调查发现，多数读者更愿意收藏而不是转发长篇技术文章。",
    "微博上关于该模型的讨论在发布后24小时内转发超过十万次。",
    "业内普遍认为，社群运营将成为AI应用留存的关键。",
    "字节跳动已在飞书中上线智能小助手，支持自动总结会议纪要。",
    "监管部门要求平台不得以免费领取为名诱导用户注册。",
    "一些厂商通过二维码溯源技术追踪芯片流向。",
    "百度表示，文心一言App的订阅用户数同比增长两倍。",
    "不少商家开始用AI客服回复评论区的咨询。",
    "研究人员发现，点赞数高的帖子更容易被推荐算法放大。",
    "该公司计划明年推出面向企业的私有化部署版本。",
    "分析人士指出，限时免费策略难以长期维持。",
    "活动现场，开发者扫码即可下载演示代码，吸引了大量参会者。",
    "阿里巴巴在财报中称，其AI业务收入连续多个季度增长。",
    "他在朋友圈转发了这篇报道，并评论说行业需要更多理性声音。",
    "这款耳机支持长按触控唤醒语音助手。",
    "腾讯会议上线AI小助手后，用户可一键生成会议纪要。",
    "该公众号运营方因违规收集用户信息被处以罚款。",
    "多家媒体转发了这份由斯坦福大学发布的年度报告。",
    "厂商表示，免费试用期结束后将按月收取订阅费用。",
    "新版本支持长按图片识别其中的文字和二维码。",
    "小程序开发者需要在后台完成隐私协议的配置。",
    "这类社群通常以资料包为噱头吸引新人加入。",
    "据悉，视频号直播带货的GMV在去年实现翻倍增长。",
    "评论区成了开发者交流提示词技巧的阵地。",
    "参与测试的用户需在小程序内提交反馈。",
    "报名人数远超预期，主办方临时增设了分会场。",
    "专家提醒，扫描陌生二维码可能导致个人信息泄露。",
    "分享经济的经验表明，补贴退坡后用户留存往往下滑。",
    "平台规定，账号不得以领取福利为由诱导用户关注。",
    "OpenAI宣布向所有注册用户开放语音对话功能。",
    # short statements whose nouns hold an action word (关注点, 回复速度, 评论区的…)
    "关注点在于推理成本。",
    "评论区的争论集中在版权问题上。",
    "关注AI安全的研究者越来越多。",
    "下载量最高的是AI修图应用。",
    "免费并不意味着没有成本。",
    "回复速度是衡量客服机器人的关键指标。",
    "扫码点餐在连锁餐饮中十分普遍。",
    "收藏夹里的论文越积越多，真正读完的却很少。",
    "点击率和停留时长是推荐算法最看重的两个信号。",
    "分享会上，多位嘉宾讨论了开源模型的商业化。",
    "订阅制仍是AIGC工具最主要的收费方式。",
    "搜索引擎正在被对话式AI重塑。",
    "识别准确率仍有提升空间。",
    "私信功能同样接入了大模型。",
    "免费额度用完后按调用量计费。",
    "添加水印正成为生成内容的行业惯例。",
    "长按语音转文字的功能广受好评。",
    "加入开源社区的开发者越来越多。",
    "星标邮件会被优先推送到手机。",
    "小程序生态为轻量级AI应用提供了入口。",
    "二维码本身并不安全，关键在于背后的链接。",
    "领取补贴的企业需要提交算力使用报告。",
    "福利政策吸引了大批AI人才落户。",
    "订阅用户可以提前体验新模型。",
]




def _trailing(line: str) -> list[str]:
    """The line as the last sentence of the article's last paragraph."""
    return [T, M, *B[:-1], B[-1] + line]


def _leading(line: str) -> list[str]:
    """The line as the first sentence of the article's first paragraph (with its end mark)."""
    return [T, M, _ended(line) + B[0], *B[1:]]


def _ended(line: str) -> str:
    closed = line[-1] in "。！？～" or (line[-1] in "”」』" and line[-2:-1] in "。！？～")
    return line if closed else line + "！"


def noise_line_goes(line: str, where: str) -> bool:
    """Gone and recorded (by the call rules, kind chrome, or by an older rule that knew the
    line first: a spam paragraph, a comment's button row)."""
    draft = _draft(_placed(line, where))
    return draft.paragraphs == B and any(r.text == line and r.kind and r.rule for r in draft.removals)


def noise_sentence_goes(line: str) -> bool:
    draft = _draft(_trailing(line))
    return draft.paragraphs == B and any(r.kind == "chrome" and r.text == line and r.rule for r in draft.removals)


def noise_opening_goes(line: str) -> bool:
    draft = _draft(_leading(line))
    return draft.paragraphs == B and any(r.kind == "chrome" and r.text == _ended(line) for r in draft.removals)


def prose_opening_stays(line: str) -> bool:
    return _draft(_leading(line)).paragraphs == [_ended(line) + B[0], *B[1:]]


def prose_stays(line: str, where: str) -> bool:
    return _draft(_placed(line, where)).paragraphs == [p for p in _placed(line, where)[2:]]


def prose_sentence_stays(line: str) -> bool:
    return _draft(_trailing(line)).paragraphs == [*B[:-1], B[-1] + line]


def test_enough_items() -> None:
    assert len(NOISE) >= 40 and len(PROSE) >= 40
    assert len(set(NOISE)) == len(NOISE) and len(set(PROSE)) == len(PROSE)


@pytest.mark.parametrize("where", ["lead", "end"])
@pytest.mark.parametrize("line", NOISE)
def test_a_call_or_promotion_line_at_the_edges_goes(line: str, where: str) -> None:
    assert noise_line_goes(line, where), _draft(_placed(line, where)).removals


@pytest.mark.parametrize("line", NOISE)
def test_a_call_or_promotion_closing_the_last_paragraph_is_cut(line: str) -> None:
    draft = _draft(_trailing(line))
    assert noise_sentence_goes(line), (draft.paragraphs[-1:], draft.removals)


@pytest.mark.parametrize("line", NOISE)
def test_a_call_or_promotion_opening_the_first_paragraph_is_cut(line: str) -> None:
    draft = _draft(_leading(line))
    assert noise_opening_goes(line), (draft.paragraphs[:1], draft.removals)


@pytest.mark.parametrize("where", POSITIONS)
@pytest.mark.parametrize("line", PROSE)
def test_news_with_the_same_words_stays(line: str, where: str) -> None:
    assert prose_stays(line, where), _draft(_placed(line, where)).removals


@pytest.mark.parametrize("line", PROSE)
def test_news_closing_the_last_paragraph_stays(line: str) -> None:
    assert prose_sentence_stays(line), _draft(_trailing(line)).removals


# --- 4. a post in the first person signs off to its readers: that is its text -----------
POST_TITLE = "用了三个月本地大模型，说说我的体会"
POST = [
    "我是一名后端开发，去年年底开始在自己的笔记本上跑开源模型，主要用来写代码和整理文档。",
    "刚开始我以为显存是最大的问题，后来发现散热和噪音更让人头疼，开会时风扇声特别明显。",
    "现在我的做法是把小模型放在本地，复杂任务再交给云端，这样既省钱又不用担心数据外泄。",
]
SIGN_OFFS = [
    "大家平时都用哪个模型写代码？欢迎在评论区交流。",
    "下一步打算试试多卡推理，有问题评论区问我～",
    "下次想写写量化部署的坑，感兴趣的话记得关注，我们下篇见。",
]
PLATFORM_CALLS = [
    "觉得有用就点个在看吧。",
    "扫码进群，免费领取本地部署资料包。",
]


@pytest.mark.parametrize("line", SIGN_OFFS)
def test_a_first_person_posts_sign_off_stays(line: str) -> None:
    assert _draft([POST_TITLE, M, *POST, line]).paragraphs == [*POST, line]
    assert _draft([POST_TITLE, M, *POST[:-1], POST[-1] + line]).paragraphs == [*POST[:-1], POST[-1] + line]


@pytest.mark.parametrize("line", PLATFORM_CALLS)
def test_a_platform_call_or_a_promotion_goes_from_a_first_person_post_too(line: str) -> None:
    draft = _draft([POST_TITLE, M, *POST, line])
    assert draft.paragraphs == POST
    assert any(r.text == line and r.rule for r in draft.removals)


@pytest.mark.parametrize("line", ["置顶公众号，精彩内容不迷路。", "订阅我们的视频号，直播不错过。"])
def test_a_cta_removal_is_recorded_as_chrome_with_its_rule(line: str) -> None:
    draft = _draft([T, M, *B, line])
    assert [(r.kind, r.rule, r.text) for r in draft.removals if r.text == line] == [("chrome", "cta-call", line)]


def test_a_promotion_is_recorded_as_one() -> None:
    line = "后台回复“大模型”，免费获取200页行业报告合集。"
    draft = _draft([T, M, *B[:-1], B[-1] + line])
    assert ("chrome", "cta-promo", line) in [(r.kind, r.rule, r.text) for r in draft.removals]


@pytest.mark.parametrize("line", PROSE)
def test_news_opening_the_first_paragraph_stays(line: str) -> None:
    assert prose_opening_stays(line), _draft(_leading(line)).removals


# A rhetorical question that uses the words of a call is the article's own ("替你点赞评论"):
# kept when it opens or closes a paragraph. (As a short line of its own the older `follow`
# rule still drops the first: README known gaps.)
QUESTIONS = ["当AI可以替你回复消息、替你点赞评论，社交的意义又在哪里？", "当算法替你挑选新闻、替你决定关注谁，我们还剩下多少自主？"]


@pytest.mark.parametrize("line", QUESTIONS)
def test_a_question_in_a_paragraph_is_no_call(line: str) -> None:
    assert prose_sentence_stays(line), _draft(_trailing(line)).removals
    assert prose_opening_stays(line), _draft(_leading(line)).removals


BARGAINS = ["点赞过两千，周五就把完整的评测表格发出来！", "转发超过500次，下期继续拆解英伟达的财报。", "在看满300，我就整理一份选型清单。"]
COUNTS_REPORTED = ["点赞数超过100万，成为平台当月最热门的科普视频。", "转发量破千万，相关话题登上热搜榜首。",
                   "评论超过两千条，多数网友认为模型回答仍有偏差。"]


@pytest.mark.parametrize("where", ["middle", "end"])
@pytest.mark.parametrize("line", BARGAINS)
def test_an_engagement_bargain_is_a_call_though_it_counts(line: str, where: str) -> None:
    """A count of the readers' actions and what the page does for it (call_to_action `bargain`)."""
    draft = _draft(_placed(line, where))
    assert line not in draft.paragraphs
    assert all(b in draft.paragraphs for b in NEWS_BODY)


@pytest.mark.parametrize("line", COUNTS_REPORTED)
def test_a_count_of_likes_that_is_reported_stays(line: str) -> None:
    assert line in _draft(_placed(line, "end")).paragraphs
