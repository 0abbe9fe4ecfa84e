"""The zh-hant evaluator scores what it should: a converter that gives the labels is exact,
and a swap the label does not use counts as over-conversion."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("eval_hant", ROOT / "bench" / "eval_hant.py")
eval_hant = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(eval_hant)


def test_edit_distance():
    assert eval_hant.edits("", "") == 0
    assert eval_hant.edits("資料中心", "數據中心") == 2
    assert eval_hant.edits("發表宣告", "發表聲明") == 2
    assert eval_hant.edits("abc", "") == 3


def test_the_edition_is_exact_on_its_own_output_and_s2twp_overconverts(tmp_path: Path, capsys):
    names = dict(eval_hant.converters())
    hans = ["公司昨日发表声明，称循环经济进展顺利。", "这款软件支持视频。"]
    pairs = [{"id": f"t{i}", "hans": h, "hant": names["the edition"](h)} for i, h in enumerate(hans)]
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump(pairs, allow_unicode=True), "utf-8")
    assert eval_hant.main(["--pairs", str(path)]) == 0
    rows = {line.split("  ")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert "2/2" in rows["the edition"] and "0.00%" in rows["the edition"]
    assert rows["s2twp"].split()[-2] == "1"  # 宣告/迴圈: one sentence worse than characters alone
