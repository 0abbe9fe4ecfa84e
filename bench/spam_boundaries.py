#!/usr/bin/env python3
"""Where does a spliced spam cut end? Article characters lost to, and spam characters left
by, the lexicon's spans (digest/spam.py spam_spans) on sentences with an ad spliced inside.

    python bench/spam_boundaries.py            # the invented set below
    python bench/spam_boundaries.py --tune     # also the inline splices of the tune sources

The invented set (written for this script, not taken from tests/data) has two groups:

* `host-word`: the host sentence goes on, glued to the ad, with a word of the spam lexicon's
  weak list (平台方…, 官网显示…, 下载量…): the hard case, where a weak word is as likely the ad's
  last word as the host's first one;
* `plain`: the host goes on with a word no lexicon holds, or the ad ends in a strong term.

Only the `tune` split's sources are read with --tune (tests/data/clean/index.yaml); never a
held-out one.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.rules import spam_rules  # noqa: E402
from digest.spam import spam_spans  # noqa: E402
from digest.text import merge_spans  # noqa: E402

HOST_WORD = [
    ("研究团队把推理延迟压到了两百毫秒以内，", "金狮娱乐城首存送彩金", "平台方随后公布了测试细节。"),
    ("这家公司去年在华东建了两座机房，", "天天开奖六合彩资料大全", "官网显示其总算力已超过三千卡。"),
    ("他说，模型上线第一周就接到了四百多家企业的试用申请，", "北京赛车pk10精准计划群", "下载量也在同步增长。"),
    ("工程师们花了三个月重写调度器，", "百家乐真人荷官在线发牌", "直播间的观众最多时达到两万人。"),
    ("智能客服的接通率提高了一成，", "老虎机电子游艺注册送", "体验中心也开始对外开放。"),
    ("在芯片短缺最严重的时候，", "足球竞彩让球推荐稳赢", "游戏公司也开始租用推理集群。"),
    ("这套系统已在三家医院试运行，", "双色球杀号技巧必中", "专家认为还需要更大样本验证。"),
    ("厂商把价格下调了三成，", "新澳门六开彩开奖结果", "最新的订单主要来自中小企业。"),
    ("去年第四季度的出货量创下新高，", "炸金花牛牛真钱棋牌", "游戏玩家对显卡的需求也在回升。"),
    ("团队发布了新的开源权重，", "威尼斯人娱乐城官方直营", "网站上线当天就有上万次下载。"),
    ("多位受访者提到数据标注成本，", "午夜福利影院免费看片", "视频平台也在用模型做审核。"),
    ("这款耳机支持实时翻译，", "幸运飞艇稳定计划包中", "今日起在线上渠道开售。"),
    ("市里计划再建一座智算中心，", "体育投注外围滚球", "国际合作项目也在推进。"),
    ("该园区已引进四十多家企业，", "时时彩后三定位胆", "记录显示入驻率在提升。"),
    ("模型在长文本任务上表现稳定，", "澳门葡京赌场线上开户", "注册用户已超过一百万。"),
    ("这位创业者算了一笔账，", "快三大小单双计划", "结果比他预想的要好。"),
    ("平台在三月更新了服务协议，", "开云体育官网入口", "支持企业按量付费。"),
    ("业内人士认为价格战会持续，", "德州扑克百家乐首充送", "会员体系也会随之调整。"),
    ("新版本减少了幻觉问题，", "六合彩特码一肖一码", "公开测试将在下月开始。"),
    ("该公司的自动驾驶车队扩大到五百辆，", "皇冠体育足球投注", "真人安全员仍然随车。"),
    ("他们的机器人已进入汽车工厂，", "金沙娱乐场电子游艺", "方案还在不断迭代。"),
    ("数据中心的电费占到总成本的四成，", "彩票计划群精准资料", "上线后的效果还有待观察。"),
    ("评测结果显示新模型更省显存，", "真人视讯百家乐返水", "推荐使用八卡服务器部署。"),
    ("这家银行用大模型审核合同，", "赛车pk10开奖直播", "专区页面也做了改版。"),
    ("手机厂商把小模型装进了中端机型，", "幸运28加拿大28", "电子产品的换机周期因此缩短。"),
    ("监管部门要求标注生成内容，", "六合彩开奖记录查询", "网站运营者须在显著位置提示。"),
    ("新工厂预计明年投产，", "百家乐老虎机娱乐城", "国产设备占比将超过六成。"),
    ("这项研究发表在顶级会议上，", "香港六合彩资料", "论坛里的讨论持续了一周。"),
    ("推理单价下降后，", "体彩大乐透胆拖", "攻略类应用的调用量明显上升。"),
]

PLAIN = [
    ("研究团队把推理延迟压到了两百毫秒以内，", "金狮娱乐城首存送彩金", "随后公布了测试细节。"),
    ("这家公司去年在华东建了两座机房，", "天天开奖六合彩资料大全官网", "目前总算力已超过三千卡。"),
    ("工程师们花了三个月重写调度器，", "百家乐真人荷官在线发牌", "吞吐量提升了近一倍。"),
    ("在芯片短缺最严重的时候，", "足球竞彩让球推荐稳赢", "不少创业公司转向租用推理集群。"),
    ("厂商把价格下调了三成，", "新澳门六开彩开奖结果", "订单主要来自中小企业。"),
    ("团队发布了新的开源权重，", "威尼斯人娱乐城官方直营", "发布当天就有上万次下载。"),
    ("市里计划再建一座智算中心，", "体育投注外围滚球", "选址已经初步确定。"),
    ("模型在长文本任务上表现稳定，", "澳门葡京赌场线上开户", "错误率比上一版低了一半。"),
    ("业内人士认为价格战会持续，", "德州扑克百家乐首充送", "头部厂商的毛利率会继续下滑。"),
    ("他们的机器人已进入汽车工厂，", "金沙娱乐场电子游艺", "负责搬运和质检两道工序。"),
    ("监管部门要求标注生成内容，", "六合彩开奖记录查询", "违规者将被约谈。"),
    ("推理单价下降后，", "体彩大乐透胆拖", "中小开发者的调用量明显上升。"),
]

# A neutral article around a spliced sentence for --clean (the whole cleaner: lexicon, host
# words, statistics); its sentences use none of the host words above.
TITLE = "边缘推理盒子开始进入县城工厂"
META = "2025-05-06 09:30 来源：某某科技网"
BODY = [
    "一家做工业相机的企业把小模型装进了边缘盒子，产线上的缺陷检测不再依赖机房。",
    "工程师说，盒子的功耗不到三十瓦，断网时也能独立运行，维护成本比服务器低得多。",
    "县城工厂的采购负责人更看重交付周期，他们希望设备到货一周内就能上线使用。",
    "分析人士预计，明年这类设备的出货量还会翻倍，价格也会随着规模扩大继续下降。",
]

LEAD = "这类设备的软件大多基于开源框架改写，厂商之间的差距主要体现在调优经验上。"

BAD = re.compile(r"(^|/)(m02|m04|m05|m08|m09|n01|n02|q0|h3_|h4_|h5_|h6_|h7_)")


def measure(cases: list[tuple[str, str, str]], show: bool) -> tuple[int, int, int, int]:
    rules = spam_rules()
    lost = left = art = spam = 0
    for pre, ad, post in cases:
        text = pre + ad + post
        a0, b0 = len(pre), len(pre) + len(ad)
        covered: set[int] = set()
        spans = merge_spans(spam_spans(text, rules))
        for a, b in spans:
            covered.update(range(a, b))
        n_lost = sum(1 for i in covered if i < a0 or i >= b0)
        n_left = sum(1 for i in range(a0, b0) if i not in covered)
        lost, left, art, spam = lost + n_lost, left + n_left, art + len(pre) + len(post), spam + len(ad)
        if show and (n_lost or n_left):
            print(f"    lost {n_lost} left {n_left}: " + "".join(f"[{text[a:b]}]" for a, b in spans) + f"  in  {text}")
    return lost, art, left, spam


def measure_clean(cases: list[tuple[str, str, str]], show: bool) -> tuple[int, int, int, int]:
    """The same through the whole cleaner, each spliced sentence inside a neutral article:
    characters of the host sentence missing from the output, of the ad left in it."""
    from digest.model import RawDoc
    from digest.pipeline import extract, prepare

    lost = left = art = spam = 0
    for pre, ad, post in cases:
        # the spliced sentence closes a paragraph of two sentences, as in an article
        lines = [TITLE, META, BODY[0], LEAD + pre + ad + post, *BODY[1:]]
        draft = extract(prepare(RawDoc("content/t.txt", "\n\n".join(lines).encode()))).drafts[0]
        out = next((p for p in draft.paragraphs if p.startswith(LEAD[:8])), "")
        host = LEAD + pre + post
        # characters of the host missing: by the longest common subsequence with the output
        matcher = __import__("difflib").SequenceMatcher(None, host, out, autojunk=False)
        kept = sum(b.size for b in matcher.get_matching_blocks())
        n_lost = len(host) - kept
        n_left = sum(b.size for b in __import__("difflib").SequenceMatcher(None, ad, out, autojunk=False).get_matching_blocks())
        lost, left, art, spam = lost + n_lost, left + n_left, art + len(host), spam + len(ad)
        if show and (n_lost or n_left):
            print(f"    lost {n_lost} left {n_left}: {out}")
    return lost, art, left, spam


def tune_splices() -> list[tuple[str, str, str]]:
    """(before, ad, after) of every line of a tune source with one inline spam splice."""
    import opencc
    import yaml

    t2s = opencc.OpenCC("t2s")
    index = yaml.safe_load((ROOT / "tests/data/clean/index.yaml").read_text("utf-8"))
    entries = index if isinstance(index, list) else index.get("inputs", [])
    stems = {Path(e["path"]).stem for e in entries if e.get("split") == "tune"}
    out = []
    for src in sorted((ROOT / "tests/data/clean/src").glob("*.src")):
        if src.stem not in stems or BAD.search(src.name):
            continue
        for line in src.read_text("utf-8").splitlines():
            if line.startswith("[") or line.count("⟦spam|") != 1:
                continue
            line = re.sub(r"^\{[^}]*\} ?|^\+ ", "", line)
            line = re.sub(r"⟦(?!spam)\w+\|(.*?)⟧", "", line)
            m = re.search(r"⟦spam\|(.*?)⟧", line)
            if m:
                out.append((t2s.convert(line[: m.start()]), t2s.convert(m.group(1)), t2s.convert(line[m.end() :])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", action="store_true", help="also the tune sources' inline splices")
    ap.add_argument("--clean", action="store_true", help="also through the whole cleaner, in a neutral article")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case that loses or leaves characters")
    args = ap.parse_args()
    groups = [("host-word", HOST_WORD), ("plain", PLAIN)] + ([("tune", tune_splices())] if args.tune else [])
    for name, cases in groups:
        lost, art, left, spam = measure(cases, args.verbose)
        print(f"{name:10} cases={len(cases):3}  article chars lost {lost:3} / {art:5} ({100 * lost / max(art, 1):.2f} %)"
              f"  spam chars left {left:3} / {spam:4} ({100 * left / max(spam, 1):.2f} %)")
        if args.clean and name != "tune":
            lost, art, left, spam = measure_clean(cases, args.verbose)
            print(f"{'  cleaner':10} cases={len(cases):3}  article chars lost {lost:3} / {art:5} ({100 * lost / max(art, 1):.2f} %)"
                  f"  spam chars left {left:3} / {spam:4} ({100 * left / max(spam, 1):.2f} %)")


if __name__ == "__main__":
    main()
