"""Which room may import which (issue 16 item 6): the YAML-with-positions loader serves cards,
rubrics, waivers and reports, so it is no part of card/; rubric/ never imports card/; waivers
are a run option (releasecheck.run), not card input; the ladder and the vocabulary import nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "releasecheck"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _room_imports(room: str) -> set[str]:
    files = sorted((SRC / room).glob("*.py")) if (SRC / room).is_dir() else [SRC / f"{room}.py"]
    assert files, room
    return set().union(*(_imports(f) for f in files))


@pytest.mark.parametrize(
    ("room", "forbidden"),
    [
        ("rubric", "releasecheck.card"),
        ("yamlpos", "releasecheck.card"),
        ("yamlpos", "releasecheck.rubric"),
        ("ladder", "releasecheck."),
        ("vocabulary", "releasecheck."),
    ],
)
def test_a_room_does_not_import_another(room: str, forbidden: str) -> None:
    wrong = sorted(name for name in _room_imports(room) if name.startswith(forbidden))
    assert wrong == [], f"{room} imports {wrong}"


def test_the_loader_and_waivers_have_moved() -> None:
    for gone in ("loader.py", "problems.py", "yaml_errors.py", "waivers.py"):
        assert not (SRC / "card" / gone).exists()
    assert (SRC / "yamlpos" / "loader.py").exists()
    assert (SRC / "run" / "waivers.py").exists()
    assert "releasecheck.run.waivers" in _room_imports("run")
