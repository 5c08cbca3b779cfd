"""The domains table is drawn without rich where that gives the same bytes (no colour, plain ASCII
cells, nothing to wrap): compared here with rich's own rendering of the same table, over generated
tables, and refused (rich draws it) wherever a cell or the width could make them differ."""

from __future__ import annotations

import random
import string

import pytest
from rich.table import Table

from releasecheck.report.text import _console, _plain_grid

WORDS = [*string.ascii_lowercase, "-", "*", " ", "(", ")", ".", "0"]


def _word(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(0, longest))).strip() or "x"


def _rich(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]], width: int) -> str:
    console = _console(False, width)
    table = Table(title=title, title_justify="left", expand=False)
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return console.export_text()


@pytest.mark.parametrize("seed", range(300))
def test_the_direct_table_is_rich_byte_for_byte_where_it_is_used(seed: int) -> None:
    rng = random.Random(seed)
    width = rng.choice((60, 80, 100))
    columns = rng.randint(2, 6)
    header = tuple(_word(rng, 9) for _ in range(columns))
    rows = [tuple(_word(rng, rng.choice((4, 12, 20))) for _ in range(columns)) for _ in range(rng.randint(0, 7))]
    console = _console(False, width)
    drawn = _plain_grid(console, "Domains", header, rows)
    fits = sum(max(len(r[i]) for r in (header, *rows)) + 3 for i in range(columns)) + 1 <= width
    assert drawn == fits
    if drawn:
        assert console.export_text() == _rich("Domains", header, rows, width)


@pytest.mark.parametrize(
    "cell",
    ["[bold]x[/bold]", "café", "tab\there", "e\u0301"],
    ids=["markup", "non-ascii", "control", "combining"],
)
def test_cells_rich_would_read_differently_are_left_to_rich(cell: str) -> None:
    assert not _plain_grid(_console(False, 80), "Domains", ("a", "b"), [(cell, "y")])


def test_colour_is_left_to_rich() -> None:
    assert not _plain_grid(_console(True, 80), "Domains", ("a", "b"), [("x", "y")])


LINE_PARTS = [
    *string.ascii_letters,
    " ",
    "-",
    "·",
    "…",
    "é",
    "中",
    "e\u0301",
    "\t",
    "[bold]",
    "[/bold]",
    "\\[x]",
    ":smile:",
    "(",
    ")",
]


@pytest.mark.parametrize("seed", range(300))
def test_the_writer_prints_what_rich_prints(seed: int) -> None:
    """Lines written directly (plain, one cell per character, nothing to wrap) and lines left to rich
    (wide, combining, tabs, too long) come out as rich alone would print them, in order."""
    from rich.markup import escape

    from releasecheck.report.text import _Writer

    rng = random.Random(seed)
    width = rng.choice((40, 80))
    writer, reference = _Writer(False, width), _console(False, width)
    for _ in range(rng.randint(1, 6)):
        text = "".join(rng.choice(LINE_PARTS) for _ in range(rng.randint(0, 70)))
        text = escape(text) if rng.random() < 0.3 else text.replace("[/bold]", "").replace("[bold]", "")
        options = rng.choice(({}, {"highlight": False}, {"no_wrap": True, "crop": False, "overflow": "ignore"}))
        writer.print(text, **options)  # type: ignore[arg-type]
        reference.print(text, **options)  # type: ignore[arg-type]
    assert writer.export() == reference.export_text()
