"""Streaming discovery (issue 18): the order the old `sorted(rglob)` gave, nothing held, links out
of the folder skipped with a note (issue 19)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from releasecheck import discover
from releasecheck.yamlpos.problems import Problem

CARD_MD = "---\nreleasecheck:\n  releasecheck: 1\n---\n# a card\n"


def _tree(root: Path) -> None:
    names = [
        "a.yaml",
        "a/x.yaml",
        "a/b/c.yml",
        "a-b.yaml",
        "a.b/z.yaml",
        "B.YAML",
        "z/README.md",
        "z/card.md",
        "z/notes.txt",
        "é.yaml",
        "_/0.yaml",
        "m/n/o/p.yaml",
    ]
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CARD_MD if name.endswith("card.md") else "# readme\n" if name.endswith(".md") else "x: 1\n")


def _old_order(folder: Path) -> list[str]:
    """What runner.expand listed before (Python 3.11 Path ordering: component by component)."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (
            path.suffix.lower() in (".yaml", ".yml")
            or (path.suffix.lower() == ".md" and path.read_bytes().startswith(b"---"))
        ):
            out.append(str(path))
    return out


@pytest.mark.parametrize("chunk", [2, 8192])
def test_the_walk_keeps_the_sorted_rglob_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(discover, "_CHUNK", chunk)  # 2: every folder is merged from packed chunks
    _tree(tmp_path)
    assert list(discover.walk(str(tmp_path), _no_note)) == _old_order(tmp_path)


def test_a_big_flat_folder_is_merged_in_name_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discover, "_CHUNK", 7)
    for i in range(200):
        (tmp_path / f"card-{(i * 37) % 200:04d}.yaml").write_text("x: 1\n")
    found = list(discover.walk(str(tmp_path), _no_note))
    assert found == sorted(found) and len(found) == 200


def test_paths_are_spelled_as_pathlib_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "c.yaml").write_text("x: 1\n")
    monkeypatch.chdir(tmp_path)
    for spelling, want in [("d", "d/c.yaml"), ("d/", "d/c.yaml"), ("./d", "d/c.yaml"), (".", "d/c.yaml")]:
        assert list(discover.walk(spelling, _no_note)) == [want]


def test_a_link_out_of_the_folder_is_skipped_with_a_note(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("x: 1\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "real.yaml").write_text("x: 1\n")
    os.symlink(outside, tree / "escape.yaml")
    os.symlink(tree / "real.yaml", tree / "inside.yaml")
    os.symlink(tmp_path, tree / "loop")  # a linked folder is never entered
    notes: list[Problem] = []
    found, problems = discover.expand([str(tree)], [], notes.append)
    assert list(found) == [str(tree / "inside.yaml"), str(tree / "real.yaml")]
    assert not problems
    assert [(n.file, "outside the folder" in n.message) for n in notes] == [(str(tree / "escape.yaml"), True)]
    assert len(found) == 2 and len(notes) == 1  # counting walks again but says nothing twice


def test_cards_are_walked_again_each_time_and_sharded(tmp_path: Path) -> None:
    for i in range(10):
        (tmp_path / f"{i}.yaml").write_text("x: 1\n")
    found, _ = discover.expand([str(tmp_path)], [], _no_note)
    assert list(found) == list(found) and len(found) == 10 and found
    assert [Path(p).name for p in found[1::3]] == ["1.yaml", "4.yaml", "7.yaml"]


def test_several_sources_name_a_card_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n")
    (tmp_path / "b.yaml").write_text("x: 1\n")
    found, _ = discover.expand([str(tmp_path / "b.yaml"), str(tmp_path), str(tmp_path / "b.yaml")], [], _no_note)
    assert [Path(p).name for p in found] == ["b.yaml", "a.yaml"]


def test_a_markdown_card_is_read_once(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD_MD)
    assert discover.has_card_front_matter(str(card))
    assert discover.take_prefetched(str(card)) == (CARD_MD.encode(), len(CARD_MD))
    assert discover.take_prefetched(str(card)) is None  # taken once: a later load reads the file


def _no_note(problem: Problem) -> None:
    raise AssertionError(f"unexpected note: {problem}")
