"""What a resident session keeps between builds since res12 (issue #9): its zh-hant
converter (word, block and text memos) while the conversion's inputs are unchanged, and the
article pages and Markdown files kept in one loop (`Renderer.reuse_all`). After each
change the site must be byte-identical to a cold build of the same inputs; a page edited
on disk is rendered again; a taxonomy edit (new protected names) gets a fresh converter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_resident import BASE_URL, ROOT, files_of, start_session
from test_resident_probes import PARA, Checker, order, originals

from digest.build import BuildOptions, Session


def converter(session: Session):
    return session.store._remembered[("hant-converter", None)][1]


def test_kept_converter_and_pages_equal_cold_builds(tmp_path: Path) -> None:
    pool = originals(40, 13)
    files, extra = pool[:8], pool[8:10]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    conv = converter(session)
    for name, data, _ in extra:
        (content / name).write_bytes(data)
        ck.step(session, f"added {name}", [content / name])
    assert converter(session) is conv  # kept: nothing a conversion depends on changed
    name, data, truth = files[3]
    (content / name).write_bytes(data + PARA.encode(truth["encoding"]))
    ck.step(session, "edited", [content / name])
    # pages and Markdown files edited by hand are rendered again (their stamps differ)
    slug = order(out)[2]
    for rel in (f"zh-hant/articles/{slug}/index.html", f"zh-hans/articles/{slug}/index.html",
                f"markdown/zh-hant/{slug}.md"):
        (out / rel).write_bytes(b"edited by hand")
    ck.step(session, "pages edited on disk", [])
    (content / extra[0][0]).unlink()
    ck.step(session, "removed", [content / extra[0][0]])
    (content / name).write_bytes(data)
    ck.step(session, "edit undone", [content / name])
    ck.done()
    assert converter(session) is conv


def test_a_new_protected_name_gets_a_fresh_converter(tmp_path: Path) -> None:
    """An alias added to the taxonomy is a protected name (converted by characters): the
    session must not keep the converter made without it."""
    tax = tmp_path / "taxonomy.yaml"
    text = (ROOT / "taxonomy.yaml").read_text("utf-8")
    tax.write_text(text, encoding="utf-8")
    files = originals(14, 5)[:6]
    content, out = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    for name, data, _ in files:
        (content / name).write_bytes(data)
    session = Session(BuildOptions(content=content, out=out, cache=tmp_path / "cache", jobs=1, search=False, quiet=True,
                                   base_url=BASE_URL, taxonomy=tax))
    assert session.build() == 0
    conv = converter(session)
    marker = "aliases: ["
    assert marker in text
    tax.write_text(text.replace(marker, "aliases: [发布会, ", 1), encoding="utf-8")
    assert session.build([]) == 0
    assert converter(session) is not conv
    cmd = [sys.executable, "build.py", "--content", str(content), "--out", str(tmp_path / "cold"), "--no-cache", "--no-search",
           "--jobs", "1", "--quiet", "--base-url", BASE_URL, "--taxonomy", str(tax)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    cold, got = files_of(tmp_path / "cold"), files_of(out)
    assert sorted(cold) == sorted(got)
    assert [k for k in cold if got[k] != cold[k]] == []
