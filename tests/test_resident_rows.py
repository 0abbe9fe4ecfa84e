"""Probes of what a resident session keeps by object identity between builds (issue #9,
res11: `identity.by_identity` for related features, section features, signature keys and
job sources; related lists shared with the previous build; listing pages' rows joined from
fragments): after each one-input change the site must be byte-identical to a cold build of
the same inputs. A corpus of 22+ articles, so the related rankings are updated from the
previous build's state (related_slugs_update needs 20+), not ranked afresh."""

from __future__ import annotations

from pathlib import Path

from test_resident import start_session
from test_resident_probes import PARA, ROBOT, Checker, order, originals, slug_of


def test_a_row_that_changes_and_an_article_entering_related_lists(tmp_path: Path) -> None:
    pool = originals(40, 17)
    files, extra = pool[:22], pool[22]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    (a, data_a, ta), (b, _, tb) = files[2], files[8]
    # a new article sharing a rare entity with no one yet; then one that shares it: each
    # enters the other's related lists (and related sections), every other list is kept
    (content / extra[0]).write_bytes(extra[1] + PARA.encode(extra[2]["encoding"]))
    ck.step(session, "added, with an entity", [content / extra[0]])
    (content / a).write_bytes(data_a + PARA.encode(ta["encoding"]))
    ck.step(session, "row changes: A gains the entity", [content / a])
    (content / extra[0]).unlink()
    ck.step(session, "added one removed (it leaves A's lists)", [content / extra[0]])
    (content / a).write_bytes(data_a)
    ck.step(session, "A back as it was", [content / a])
    (content / b).write_bytes((content / b).read_bytes() + ROBOT.encode(tb["encoding"]))
    ck.step(session, "B gains a topic", [content / b])
    ck.done()


def test_a_row_that_moves_and_a_page_that_loses_its_last_row(tmp_path: Path) -> None:
    files = originals(40, 23)[:22]
    content, out, session = start_session(tmp_path, files)
    ck = Checker(tmp_path, content, out)
    before = order(out)
    name = next(f for f in files if slug_of(out, f[0]) == before[len(before) // 2])
    target, side = content / name[0], (content / name[0]).with_suffix(".yaml")
    # its row on the embodied-AI topic (perhaps the page's only row) ...
    target.write_bytes(name[1] + ROBOT.encode(name[2]["encoding"]))
    ck.step(session, "gains a topic row", [target])
    # ... moves to the top of every listing, then to the bottom
    side.write_text("date: 2031-01-01\n", encoding="utf-8")
    ck.step(session, "row moves to the top", [side])
    side.write_text("date: 1999-01-01\n", encoding="utf-8")
    ck.step(session, "row moves to the bottom", [side])
    # ... and goes: the page loses that row (its last one when it was the only)
    target.write_bytes(name[1])
    ck.step(session, "row goes", [target])
    side.unlink()
    ck.step(session, "date back", [side])
    ck.done()
