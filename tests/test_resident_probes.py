"""Probes of the model-diffing resident rebuild (issue #9; written by a reviewer of the
change, helper 99): after each one-input change in a `make serve` session (a date that moves an
article, a retitle and its slug, a slug collision, a mirror merged and removed, an entity page
appearing and going, a topic's only article, no-op builds, undo, a failed build, a taxonomy
edit, related rankings updated, a seeded random walk) the site must be byte-identical to a
cold build of the same inputs. Each probe fails when the dependency it exercises is not
tracked (checked by breaking modeldiff's neighbour and entity rules)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_resident import BASE_URL, ROOT, cold_build, files_of, generate, start_session

from digest.build import Session


def originals(n: int, seed: int) -> list:
    return [f for f in generate(n, seed=seed) if f[2].get("mirror_of") is None]


class Checker:
    """Compares the session's site with a cold build after each step; collects every mismatch."""

    def __init__(self, tmp: Path, content: Path, out: Path) -> None:
        self.tmp, self.content, self.out, self.fails, self.n = tmp, content, out, [], 0

    def check(self, label: str) -> None:
        self.n += 1
        cold = cold_build(self.content, self.tmp / f"cold-{self.n}")
        got = files_of(self.out)
        missing, extra = sorted(set(cold) - set(got)), sorted(set(got) - set(cold))
        differ = sorted(k for k in cold if k in got and got[k] != cold[k])
        if missing or extra or differ:
            self.fails.append(f"{label}: differ={differ[:12]} missing={missing[:6]} extra={extra[:6]}")

    def step(self, session: Session, label: str, changed: list[Path] | None = None) -> None:
        """One rebuild of the session (told `changed`, or walking the folder), then the check."""
        assert (session.build(changed) if changed is not None else session.build()) == 0, label
        self.check(label)

    def done(self) -> None:
        assert not self.fails, "\n".join(self.fails)


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text("utf-8"))


def slug_of(out: Path, name: str) -> str:
    return next(e["article"] for e in report(out)["inputs"] if e["path"].endswith(name))


def order(out: Path) -> list[str]:
    return [a["slug"] for a in report(out)["articles"]]


def test_date_only_edits_move_an_article_and_back(tmp_path: Path) -> None:
    files = originals(12, 7)[:8]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    first = order(out)[0]
    name = next(f[0] for f in files if slug_of(out, f[0]) == first)
    side = (content / name).with_suffix(".yaml")
    side.write_text("date: 2001-01-01\n", encoding="utf-8")  # newest -> oldest
    ck.step(session, "date newest->oldest", [side])
    mid = report(out)["articles"][3]["date"] or "2015-06-01"
    side.write_text(f"date: {mid}\n", encoding="utf-8")  # oldest -> middle
    ck.step(session, "date oldest->middle", [side])
    side.unlink()  # undo
    ck.step(session, "date sidecar removed", [side])
    ck.done()


def test_title_edit_changes_the_slug_and_back(tmp_path: Path) -> None:
    files = originals(12, 7)[:8]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    name = files[2][0]
    side = (content / name).with_suffix(".yaml")
    side.write_text("title: 全新的标题用于检验\n", encoding="utf-8")
    ck.step(session, "retitled (new slug)", [side])
    side.write_text("title: 全新的标题用于检验\norigin: 某某日报\nauthor: 张三\n", encoding="utf-8")
    ck.step(session, "origin/author added", [side])
    side.unlink()
    ck.step(session, "sidecar removed (old slug back)", [side])
    ck.done()


def test_slug_collision_reassigned_when_the_first_goes(tmp_path: Path) -> None:
    files = originals(12, 7)[:7]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    a, b = files[1][0], files[4][0]
    (content / a).with_suffix(".yaml").write_text("title: 同一个标题\n", encoding="utf-8")
    ck.step(session, "A titled T", [(content / a).with_suffix(".yaml")])
    (content / b).with_suffix(".yaml").write_text("title: 同一个标题\n", encoding="utf-8")
    ck.step(session, "B titled T (slug-2)", [(content / b).with_suffix(".yaml")])
    (content / a).unlink()
    (content / a).with_suffix(".yaml").unlink()
    ck.step(session, "A removed (B takes the slug)", [content / a, (content / a).with_suffix(".yaml")])
    ck.done()


def test_a_mirror_added_then_removed(tmp_path: Path) -> None:
    files = generate(24, seed=7)
    mirror = next(f for f in files if f[2].get("mirror_of"))
    orig = next(f for f in files if f[0] == mirror[2]["mirror_of"])
    rest = [f for f in files if f[2].get("mirror_of") is None and f is not orig][:6]
    content, out, session = start_session(tmp_path, [orig, *rest])
    ck = Checker(tmp_path, content, out)
    (content / mirror[0]).write_bytes(mirror[1])
    ck.step(session, "mirror added", [content / mirror[0]])
    (content / mirror[0]).unlink()
    ck.step(session, "mirror removed", [content / mirror[0]])
    ck.done()


PARA = "\n寒武纪在2023年5月发布了新一代思元训练芯片，寒武纪称其算力与GPU相当，将用于智算中心。\n"
ROBOT = "\n2024年3月，优必选发布人形机器人，具身智能大模型驱动机器人完成灵巧手抓取，人形机器人进入工厂。\n"


def append(path: Path, text: str, enc: str) -> bytes:
    old = path.read_bytes()
    path.write_bytes(old + text.encode(enc))
    return old


def test_an_entity_page_appears_and_goes_with_its_mentions(tmp_path: Path) -> None:
    files = originals(12, 7)[:7]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    (a, _, ta), (b, _, tb) = files[1], files[5]
    old_a = append(content / a, PARA, ta["encoding"])
    ck.step(session, "entity mentioned once", [content / a])
    old_b = append(content / b, PARA, tb["encoding"])
    ck.step(session, "entity mentioned twice (page appears)", [content / b])
    assert (out / "zh-hans/entities/cambricon/index.html").exists()
    c, _, tc = files[6]
    old_c = append(content / c, PARA, tc["encoding"])
    ck.step(session, "third mention (page lists more)", [content / c])
    side = (content / c).with_suffix(".yaml")
    side.write_text("title: 第三篇提到寒武纪的文章\n", encoding="utf-8")
    ck.step(session, "a mentioning article retitled", [side])
    side.unlink()
    (content / c).write_bytes(old_c)
    ck.step(session, "third mention and title undone", [side, content / c])
    (content / a).write_bytes(old_a)
    ck.step(session, "first mention removed (page goes)", [content / a])
    (content / b).write_bytes(old_b)
    ck.step(session, "last mention removed", [content / b])
    ck.done()


def test_a_topic_gains_and_loses_its_only_article(tmp_path: Path) -> None:
    files = originals(12, 7)[:7]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    a, _, ta = files[3]
    old = append(content / a, ROBOT, ta["encoding"])
    ck.step(session, "robot paragraph added", [content / a])
    (content / a).write_bytes(old)
    ck.step(session, "robot paragraph removed", [content / a])
    ck.done()


def test_add_one_then_noop_builds(tmp_path: Path) -> None:
    files = originals(14, 5)
    content, out, session = start_session(tmp_path, files[:6])
    ck = Checker(tmp_path, content, out)
    (content / files[6][0]).write_bytes(files[6][1])
    ck.step(session, "add one", [content / files[6][0]])
    ck.step(session, "no-op (told nothing)", [])
    ck.step(session, "no-op (walked)")
    (content / files[6][0]).unlink()
    ck.step(session, "the added one removed", [content / files[6][0]])
    ck.done()


def test_edit_then_undo(tmp_path: Path) -> None:
    files = originals(14, 5)[:7]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    a, _, ta = files[2]
    old = append(content / a, "\n编辑后加上的一段新内容，谷歌与OpenAI在2022年发布大模型。\n", ta["encoding"])
    ck.step(session, "edit", [content / a])
    (content / a).write_bytes(old)
    ck.step(session, "undo", [content / a])
    ck.done()


def cli(content: Path, out: Path, cache: Path) -> None:
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--cache", str(cache), "--no-search",
           "--jobs", "1", "--quiet", "--base-url", BASE_URL]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr


def test_cli_warm_builds_equal_cold(tmp_path: Path) -> None:
    """The CLI path with a cache (feeds are now kept by key): edits still give the cold bytes."""
    files = originals(14, 5)[:7]
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    content.mkdir()
    for name, data, _ in files:
        (content / name).write_bytes(data)
    cli(content, out, cache)
    ck = Checker(tmp_path, content, out)
    side = (content / files[0][0]).with_suffix(".yaml")
    side.write_text("title: 改过的标题\ndate: 2030-01-01\n", encoding="utf-8")
    cli(content, out, cache)
    ck.check("cli: retitle+redate")
    side.unlink()
    cli(content, out, cache)
    ck.check("cli: undo")
    ck.done()


def test_a_failed_build_then_a_rebuild(tmp_path: Path, monkeypatch) -> None:
    """A build that fails after writing (its view kept, its site not swapped in), then the
    same inputs again, then an undo."""
    import pytest

    from digest.writer import FAIL_AT_ENV, InjectedFault

    files = originals(14, 5)
    content, out, session = start_session(tmp_path, files[:6])
    ck = Checker(tmp_path, content, out)
    name = files[6][0]
    (content / name).write_bytes(files[6][1])
    monkeypatch.setenv(FAIL_AT_ENV, "written")
    with pytest.raises(InjectedFault):
        session.build([content / name])
    monkeypatch.delenv(FAIL_AT_ENV)
    ck.step(session, "rebuild after a failed add-one", [])
    (content / name).unlink()
    ck.step(session, "removed again", [content / name])
    ck.done()


def test_two_inputs_changed_in_one_build(tmp_path: Path) -> None:
    files = originals(14, 5)
    content, out, session = start_session(tmp_path, files[:7])
    ck = Checker(tmp_path, content, out)
    a, _, ta = files[1]
    append(content / a, PARA, ta["encoding"])
    side = (content / files[4][0]).with_suffix(".yaml")
    side.write_text("date: 1999-09-09\ntitle: 移到最后的文章\n", encoding="utf-8")
    (content / files[7][0]).write_bytes(files[7][1])
    (content / files[2][0]).unlink()
    ck.step(session, "edit+redate+add+remove", [content / a, side, content / files[7][0], content / files[2][0]])
    ck.done()


def test_an_event_only_edit(tmp_path: Path) -> None:
    files = originals(14, 5)[:7]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    a, _, ta = files[3]
    old = append(content / a, PARA, ta["encoding"])
    ck.step(session, "dated paragraph added", [content / a])
    (content / a).write_bytes(old + PARA.replace("2023年5月", "2019年11月").encode(ta["encoding"]))
    ck.step(session, "only the event's date edited", [content / a])
    ck.done()


def test_a_taxonomy_edit_in_a_session(tmp_path: Path) -> None:
    """serve restarts on a taxonomy edit; a Session driven directly (as the tests do) must
    still not keep stale keys: base_key names the taxonomy."""
    tax = tmp_path / "taxonomy.yaml"
    text = (ROOT / "taxonomy.yaml").read_text("utf-8")
    tax.write_text(text, encoding="utf-8")
    files = originals(14, 5)[:6]
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files:
        (content / name).write_bytes(data)
    from digest.build import BuildOptions, Session

    session = Session(BuildOptions(content=content, out=out, cache=tmp_path / "cache", jobs=1, search=False, quiet=True,
                                   base_url=BASE_URL, taxonomy=tax))
    assert session.build() == 0
    tax.write_text(text.replace("zh-hans: 算力与芯片", "zh-hans: 算力和芯片"), encoding="utf-8")
    assert session.build([]) == 0
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(tmp_path / "cold"), "--no-cache", "--no-search",
           "--jobs", "1", "--quiet", "--base-url", BASE_URL, "--taxonomy", str(tax)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    cold, got = files_of(tmp_path / "cold"), files_of(out)
    assert sorted(cold) == sorted(got)
    differ = sorted(k for k in cold if got[k] != cold[k])
    assert not differ, differ[:10]


def test_larger_corpus_incremental_rankings(tmp_path: Path) -> None:
    """22 articles: the related rankings are updated from the previous build's state
    (related_slugs_update needs 20+), not ranked afresh."""
    files = originals(30, 11)[:22]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    first = order(out)[0]
    name = next(f[0] for f in files if slug_of(out, f[0]) == first)
    side = (content / name).with_suffix(".yaml")
    side.write_text("date: 2001-01-01\ntitle: 挪到最后并改名\n", encoding="utf-8")
    ck.step(session, "newest -> oldest, retitled", [side])
    (a, _, ta), (b, _, tb) = files[3], files[9]
    append(content / a, PARA, ta["encoding"])
    ck.step(session, "entity once", [content / a])
    append(content / b, PARA, tb["encoding"])
    ck.step(session, "entity twice", [content / b])
    (content / files[5][0]).unlink()
    ck.step(session, "one removed", [content / files[5][0]])
    side.unlink()
    ck.step(session, "sidecar removed", [side])
    ck.done()


def test_random_one_input_steps(tmp_path: Path) -> None:
    """A seeded random walk of one-input changes (add, remove, date, title, slug, entity,
    topic paragraph, undo), each compared with a cold build."""
    import random

    rng = random.Random(9)
    pool = generate(30, seed=13)
    start = [f for f in pool if f[2].get("mirror_of") is None][:8]
    content, out, session = start_session(tmp_path, start)
    ck = Checker(tmp_path, content, out)
    original = {n: (d, t) for n, d, t in pool}
    for step in range(10):
        present = sorted(p.name for p in content.glob("*.txt"))
        absent = sorted(n for n in original if n not in present)
        op = rng.choice(["add", "remove", "date", "title", "slug", "para", "robot", "restore"])
        name = rng.choice(absent if op == "add" else present)
        target, side = content / name, (content / name).with_suffix(".yaml")
        if op == "add":
            target.write_bytes(original[name][0])
        elif op == "remove":
            target.unlink()
            side.unlink(missing_ok=True)
        elif op == "date":
            side.write_text(f"date: {rng.choice(['2001-02-03', '2019-07', '2024-12-31', '2030'])}\n", encoding="utf-8")
        elif op == "title":
            side.write_text(f"title: 随机标题{rng.randint(0, 3)}\n", encoding="utf-8")
        elif op == "slug":
            side.write_text(f"slug: fixed-{rng.randint(0, 2)}\n", encoding="utf-8")
        elif op in ("para", "robot"):
            target.write_bytes(target.read_bytes() + (PARA if op == "para" else ROBOT).encode(original[name][1]["encoding"]))
        else:
            target.write_bytes(original[name][0])
            side.unlink(missing_ok=True)
        ck.step(session, f"step {step}: {op} {name}", [target, side])
    ck.done()
