"""A resident session's listing of the content folder (ingest.Listing): updated from the
paths a file watcher reports, it must always equal a fresh walk (`discover`)."""

from __future__ import annotations

import random
from pathlib import Path

from digest.ingest import Listing, discover


def walked(content: Path) -> list[tuple[Path, tuple[int, ...]]]:
    files, skipped = discover(content)
    assert not skipped
    return [(f.path, f.stamp) for f in files]


def test_listing_updated_from_changed_paths_equals_a_walk(tmp_path: Path) -> None:
    rng = random.Random(5)
    content = tmp_path / "content"
    (content / "a" / "b").mkdir(parents=True)
    files = [content / "x.txt", content / "a" / "y.txt", content / "a" / "b" / "z.txt", content / "a" / "y.yaml"]
    for p in files:
        p.write_text(p.name, encoding="utf-8")
    listing = Listing()
    listing.refresh(content)
    updated = 0
    for step in range(60):
        op = rng.choice(["add", "add-nested", "edit", "delete", "hidden", "new-folder"])
        live = sorted(p for p in content.rglob("*") if p.is_file() and not p.name.startswith("."))
        changed: list[Path] = []
        if op == "add":
            p = rng.choice([content, content / "a", content / "a" / "b"]) / f"n{step:02d}.txt"
            p.write_text("new", encoding="utf-8")
            changed = [p]
        elif op == "add-nested":  # a new folder: the watcher reports it and its file
            d = content / "a" / f"d{step:02d}"
            d.mkdir()
            (d / "f.txt").write_text("f", encoding="utf-8")
            changed = [d, d / "f.txt"]
        elif op == "edit" and live:
            p = rng.choice(live)
            p.write_text(p.read_text(encoding="utf-8")[::-1], encoding="utf-8")  # same size, new stamp
            changed = [p]
        elif op == "delete" and live:
            p = rng.choice(live)
            p.unlink()
            changed = [p]
        elif op == "hidden":
            p = content / f".swap{step}"
            p.write_text("editor noise", encoding="utf-8")
            changed = [p]
        elif op == "new-folder":
            d = content / f"e{step:02d}"
            d.mkdir()
            changed = [d]
        listing.saw(changed)
        before_root = listing.root
        files_now, skipped = listing.refresh(content)
        assert not skipped
        assert [(f.path, f.stamp) for f in files_now] == walked(content), (step, op)
        updated += before_root is not None and not any(p.is_dir() for p in changed)
    assert updated > 30  # most steps were updates in place, not walks


def test_changes_of_a_build_that_never_read_its_inputs_are_kept(tmp_path: Path) -> None:
    content = tmp_path / "c"
    content.mkdir()
    (content / "a.txt").write_text("a", encoding="utf-8")
    listing = Listing()
    listing.refresh(content)
    (content / "b.txt").write_text("b", encoding="utf-8")
    listing.saw([content / "b.txt"])  # that build failed before ingest: no refresh
    (content / "c.txt").write_text("c", encoding="utf-8")
    listing.saw([content / "c.txt"])
    files, _ = listing.refresh(content)
    assert [f.path.name for f in files] == ["a.txt", "b.txt", "c.txt"]
    listing.saw(None)  # unknown changes: the next refresh walks
    (content / "d.txt").write_text("d", encoding="utf-8")
    files, _ = listing.refresh(content)
    assert [f.path.name for f in files] == ["a.txt", "b.txt", "c.txt", "d.txt"]
