"""The statistical spam detector (digest/spamstats.py): spliced spam of new wording is found,
ordinary AI news (finance, gaming, gambling-company and lottery-regulation news included)
is left whole, cutting is idempotent, deterministic and linear in the line's length, and
the committed table is what tools/train_spamstats.py makes. Sentences here are written for
this test, not taken from the labelled set."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pytest

from digest.rules import spam_rules
from digest.spam import reported_stretch, spam_spans
from digest.spamstats import TABLE, char_scores, maximal_segments, stats_cut, stats_spans

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "data" / "clean" / "prose_probe.txt"

# (article sentence with spam spliced in, the spam) -- wording not in rules/spam.yaml's
# phrases nor in the labelled set
SPLICED = [
    ("据介绍，该平台今年已接入三十多家医院，永利皇宫线上娱乐 百家乐真人视讯 新会员首存送彩金医生可以在系统里直接调阅影像。",
     "永利皇宫线上娱乐 百家乐真人视讯 新会员首存送彩金"),
    ("研发团队表示，模型在边缘设备上的延迟下降了四成，天天中彩票 双色球大乐透 在线选号必中下一步会开放给更多开发者。",
     "天天中彩票 双色球大乐透 在线选号必中"),
    ("这家初创公司去年完成了两轮融资，金牛国际棋牌 炸金花 斗牛 上分下分秒到账主要投向数据标注和算力采购。",
     "金牛国际棋牌 炸金花 斗牛 上分下分秒到账"),
    ("工程师们花了两个月调试调度系统，午夜激情视频 免费看片 无需注册高峰期的排队时间缩短了一半。",
     "午夜激情视频 免费看片 无需注册"),
    ("地方政府为企业提供算力补贴，快易借极速放款 无视黑白户 凭身份证秒下款首批已有二十家企业申请。",
     "快易借极速放款 无视黑白户 凭身份证秒下款"),
    ("不少学校开始试点AI助教，王者代练 点券代充 游戏金币回收 全网最低价老师用它批改作文和出练习题。",
     "王者代练 点券代充 游戏金币回收 全网最低价"),
    ("报告认为，端侧模型将成为手机厂商的新卖点，彩票开奖直播 六合彩特码 一肖一码精准资料但内存成本会同步上升。",
     "彩票开奖直播 六合彩特码 一肖一码精准资料"),
    ("项目负责人说，数据治理比模型选型更花时间，USDT搬砖套利 币圈导师带单 日赚千元 入群领空投而且要持续投入。",
     "USDT搬砖套利 币圈导师带单 日赚千元 入群领空投"),
]

# Ordinary AI news, many of them about finance, games, lotteries, casinos' companies or
# loans: none of it is spam.
PROSE = [
    "腾讯游戏在财报中表示，AI生成的角色对话让旗下手游的玩家日均在线时长提升了12%。",
    "网易推出面向游戏开发者的大模型工具，可以批量生成NPC台词和任务剧情。",
    "受AI服务器订单拉动，工业富联第三季度营收同比增长35%，净利润达到68.4亿元。",
    "英伟达股价盘中一度上涨5%，总市值突破3万亿美元，成为全球市值最高的公司之一。",
    "多家券商研报指出，光模块板块估值已处于历史高位，投资者应关注订单兑现节奏。",
    "该基金今年重仓算力和AI应用，年内收益率超过40%，规模增长到120亿元。",
    "银行用大模型做信贷审批，小微企业贷款的平均放款时间从三天缩短到两小时。",
    "游戏公司把AIGC用于美术资产生产，一张原画的成本从上千元降到一百元左右。",
    "米哈游、莉莉丝等厂商在招聘页面上新增了AI美术和AI策划岗位。",
    "电竞赛事直播平台引入AI解说，观众可以选择不同风格的虚拟解说员。",
    "澳门特区政府与内地科技企业签约，共同建设智慧城市和政务大模型。",
    "彩票行业监管部门提醒，网络售彩属于违法行为，AI生成的“预测号码”均不可信。",
    "上海人工智能实验室发布新一代开源模型，参数规模达到千亿级别，免费开放下载。",
    "用户注册后即可免费试用七天，企业版每月收费199元，支持私有化部署。",
    "这家公司的AI客服平台已服务超过五千家商户，日均处理咨询量达到三百万次。",
    "阿里云宣布主力模型降价，输入价格降至每百万tokens 0.5元，输出价格同步下调。",
    "体育赛事转播方用AI实时生成比赛集锦，进球后十秒内就能推送给球迷。",
    "一家网贷平台因滥用AI催收被监管约谈，涉事公司已暂停相关业务。",
    "数字人直播带货的转化率仍低于真人主播，但运营成本只有后者的三分之一。",
    "加密货币交易所开始用大模型识别洗钱交易，可疑账户的识别率提升了两成。",
    "芯片设计公司完成C轮融资，估值超过百亿元，投资方包括多家国资基金。",
    "开发者在GitHub上开源了一个能玩斗地主的强化学习模型，胜率超过人类高手。",
    "H100 GPU的租赁价格从每小时8美元降到2.5美元，算力租赁商的毛利率明显下滑。",
    "国产大模型加速落地 多家厂商发布新品",
]


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _share(spam: str) -> float:
    """Share of an ad's letters that must be found (see test_spliced_spam_is_found)."""
    return 0.45 if "快易借" in spam else 0.6


@pytest.mark.parametrize(("sentence", "spam"), SPLICED)
def test_spliced_spam_is_found(sentence: str, spam: str) -> None:
    start = sentence.index(spam)
    spans = stats_spans(sentence)
    assert spans, sentence
    found = sum(1 for k, c in enumerate(sentence) if c.isalnum() and any(a <= k < b for a, b in spans)
                and start <= k < start + len(spam))
    outside = sum(1 for k, c in enumerate(sentence) if c.isalnum() and any(a <= k < b for a, b in spans)
                  and not start <= k < start + len(spam))
    # The detector gives up letters at a stretch's edges rather than cut prose: most of an
    # ad, except the loan ad, whose brand (快易借) and last chunk (凭身份证秒下款, past a dip
    # of prose-like 凭身份证) it leaves to the lexicon.
    assert found >= _share(spam) * _letters(spam), [sentence[a:b] for a, b in spans]
    assert outside <= 2, [sentence[a:b] for a, b in spans]  # the article around it stays


@pytest.mark.parametrize("sentence", PROSE)
def test_news_prose_is_kept(sentence: str) -> None:
    assert stats_spans(sentence) == []


def test_prose_probe_is_kept() -> None:
    """As the cleaner reads the detector: in a line the lexicon finds clean, a stretch that is a
    sentence of news about the trade (spam.reported_stretch) stays."""
    lines = [ln.strip() for ln in PROBE.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) > 50
    rules = spam_rules()
    hit = {ln: [ln[a:b] for a, b in stats_spans(ln) if spam_spans(ln, rules) or not reported_stretch(ln, a, b, rules)]
           for ln in lines}
    assert {k: v for k, v in hit.items() if v} == {}


def test_a_stretch_naming_the_trade_in_news_is_no_spam_alone() -> None:
    """The stretch reads as gambling, but its clause reports research on the trade it names
    twice; the same stretch as an ad, with an offer, is not reported. (The statistics leave the
    news line alone already: its stretch runs across its own 、 with no mark of an ad's form.)"""
    rules = spam_rules()
    news = "研究团队在扎金花、斗地主等棋牌游戏上测试了大模型的推理能力。"
    assert stats_spans(news) == []
    a, b = news.index("扎金花"), news.index("上测试")
    assert reported_stretch(news, a, b, rules)
    ad = "研究团队在扎金花、斗地主等棋牌游戏上测试了大模型的推理能力，上分下分加微信qp8899。"
    assert not any(reported_stretch(ad, x, y, rules) for x, y in stats_spans(ad))


def test_a_whole_article_paragraph_is_kept() -> None:
    para = "".join(PROSE)
    assert stats_spans(para) == []


@pytest.mark.parametrize(("sentence", "spam"), SPLICED)
def test_cutting_is_idempotent(sentence: str, spam: str) -> None:
    once, removed = stats_cut(sentence)
    assert removed
    assert stats_cut(once) == (once, [])
    assert stats_cut(sentence) == (once, removed)  # deterministic


def test_clean_text_is_unchanged() -> None:
    for sentence in PROSE:
        assert stats_cut(sentence) == (sentence, [])


def _brute_best(scores: list[float]) -> float:
    best = 0.0
    for i in range(len(scores)):
        total = 0.0
        for j in range(i, len(scores)):
            total += scores[j]
            best = max(best, total)
    return best


def test_maximal_segments_are_disjoint_positive_and_hold_the_best() -> None:
    rng = random.Random(4)
    for _ in range(500):
        scores = [rng.choice([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0]) for _ in range(rng.randint(0, 30))]
        segs = maximal_segments(scores)
        for k, (a, b, s) in enumerate(segs):
            assert s > 0 and abs(s - sum(scores[a:b])) < 1e-9
            assert k == 0 or segs[k - 1][1] <= a
        assert max((s for *_, s in segs), default=0.0) == pytest.approx(_brute_best(scores))


def test_cost_is_linear_in_the_line() -> None:
    rng = random.Random(7)
    alphabet = "彩票娱乐城注册送首存的了在是大模型算力芯片 ，。0a"
    small = "".join(rng.choice(alphabet) for _ in range(20_000))
    big = small * 10
    t0 = time.perf_counter()
    stats_spans(small)
    t1 = time.perf_counter()
    stats_spans(big)
    t2 = time.perf_counter()
    assert t2 - t1 < 30 * max(t1 - t0, 0.005)  # 10x the text, nowhere near 100x the time


def test_scores_are_one_per_character() -> None:
    text = "ＡＩ大模型 H100，注册送 28元"
    assert len(char_scores(text)) == len(text)


def test_table_is_what_the_script_makes() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import train_spamstats

    assert TABLE.exists()
    assert train_spamstats.main(["--check"]) == 0



def test_a_probe_inside_a_spam_line_counts_once(tmp_path: Path) -> None:
    """A source's `@probe` names the spam of a noise line for the harness; where a `[spam]`
    line already holds it, training counted the same phrase twice (a phrase seen once weighed
    as a pair, enough for MIN_COUNT). A probe of a line that is no spam line is an example."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import train_spamstats

    src = tmp_path / "x.src"
    src.write_text(
        "@split tune\n[meta] 某某新闻网首页_彩虹娱乐场注册送金\n@probe 彩虹娱乐场注册送金\n@article\n"
        "[spam] 路人甲 05-12 10:11 星光棋牌日结提现 秒到账\n@probe 星光棋牌日结提现 秒到账\n正文一段。\n",
        "utf-8",
    )
    spam = train_spamstats.parse_source(src)["spam"]
    assert sum("星光棋牌日结提现" in s for s in spam) == 1
    assert "彩虹娱乐场注册送金" in spam


def test_the_statistics_learn_no_weak_lexicon_term_as_spam() -> None:
    """(round cls19) The lexicon's `weak` terms are spam only inside a run (免费, 注册, 免费试用):
    taught to the statistics as spam examples of their own, a product-trial sentence of news
    read as spam on its words alone once round t14 joined the training."""
    sys.path.insert(0, str(ROOT / "tools"))
    import train_spamstats

    rules = spam_rules_yaml()
    learnt = {str(t) for k in ("strong", "alone", "brand_suffix") for t in rules.get(k) or []}
    weak_only = {str(t) for t in rules["weak"]} - learnt
    assert {"免费试用", "注册", "免费"} <= weak_only
    assert not weak_only & set(train_spamstats.lexicon_terms())


def spam_rules_yaml() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "rules" / "spam.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("sentence", "quoted"), [
    # a warning that quotes an ad's promises as the modifier of the noun it condemns (invented)
    ("消费者协会提醒，零基础三天拿证 全网可查 学信网备案的培训广告多为骗局。", "零基础三天拿证 全网可查 学信网备案"),
    ("网信办通报，高清资源每日更新 手机秒看的所谓福利网站涉嫌违法。", "高清资源每日更新 手机秒看"),
])
def test_a_stretch_modifying_the_noun_its_clause_condemns_is_news(sentence: str, quoted: str) -> None:
    a = sentence.index(quoted)
    assert reported_stretch(sentence, a, a + len(quoted), spam_rules())


def test_an_ad_spliced_before_a_hosts_noun_is_not_vouched_for() -> None:
    # near miss: the same promises spliced before 的 in a sentence that condemns nothing
    sentence = "该公司的数据中心，零基础三天拿证 全网可查 学信网备案的改造进度比预期更快。"
    quoted = "零基础三天拿证 全网可查 学信网备案"
    a = sentence.index(quoted)
    assert not reported_stretch(sentence, a, a + len(quoted), spam_rules())


def _mixed_lines(n: int, seed: int) -> list[str]:
    """Lines made of the seeds' text, this file's spliced ads and news, spaces (between CJK
    characters too), digits and Latin letters, cut and joined at random."""
    rnd = random.Random(seed)
    pieces = [s for pair in SPLICED for s in pair] + list(PROSE)
    for p in sorted((ROOT / "content" / "seeds").glob("*.txt")):
        pieces += [x for x in p.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip()]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            p = rnd.choice(pieces)
            a = rnd.randrange(len(p))
            parts.append(p[a : a + rnd.randint(1, 80)])
            parts.append(rnd.choice(["", "", " ", "\u3000", "，", "12", "Ab", " 送 "]))
        out.append("".join(parts))
    return out


def test_primed_lines_have_the_spans_of_lines_alone() -> None:
    """spamstats.prime (an article's lines in one numpy pass, lines whose score bound is
    below MIN_SCORE left out) remembers for each line the spans stats_spans finds alone."""
    from digest import spamstats

    lines = _mixed_lines(1500, seed=5) + [s for s, _ in SPLICED] + list(PROSE)
    spamstats._SPANS_MEMO.clear()
    alone = [spamstats.stats_spans(t) for t in lines]
    spamstats._SPANS_MEMO.clear()
    for k in range(0, len(lines), 37):
        spamstats.prime(lines[k : k + 37])
    assert all(t in spamstats._SPANS_MEMO for t in lines if len(t) >= spamstats.MIN_LEN)
    assert [spamstats.stats_spans(t) for t in lines] == alone
    assert sum(map(bool, alone)) >= len(SPLICED)  # spam among them


def test_score_bound_holds_every_best_stretch() -> None:
    """The bound prime skips lines by is never below a line's best stretch (and its bigram
    weights are those the per-line look-up gives, to the bit)."""
    import numpy as np

    from digest import spamstats

    lines = [t for t in _mixed_lines(1500, seed=9) + [s for s, _ in SPLICED] if len(t) >= 2]
    keys = [spamstats.key_form(t) for t in lines]
    key = "".join(keys)
    big = spamstats._bigram_weights(key)
    lengths = np.array([len(k) for k in keys])
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    bound = spamstats._score_bound(key, big, first, first + lengths - 1)
    grams = spamstats._default_bigrams()
    for t, k, start, most in zip(lines, keys, first.tolist(), bound.tolist(), strict=True):
        own = big[start : start + len(k) - 1]
        assert own.tolist() == [grams[k[i : i + 2]] for i in range(len(k) - 1)]
        assert spamstats._best_sum(spamstats._score_array(t, None)) <= most + spamstats.BOUND_MARGIN / 10, t
