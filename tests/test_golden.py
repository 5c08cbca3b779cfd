"""Readable golden files for the human-facing formats (text, markdown, html) of three shipped examples.

Each file in tests/golden/ was read by a person when it was made. A change that alters one shows here
as a diff to read; regenerate with:

    for c in frontier-api frontier-api-missing-controls voice-cloning-gated; do
      NO_COLOR=1 COLUMNS=80 releasecheck check examples/$c.yaml -f text --no-timestamp > tests/golden/$c.txt
      # likewise -f markdown > .md and -f html > .html
    done
    NO_COLOR=1 COLUMNS=80 releasecheck check examples/frontier-api-missing-controls.yaml -f text --trail \
      --no-timestamp > tests/golden/frontier-api-missing-controls.trail.txt

The .txt files hold the default text (the answer first); the .trail.txt file pins the full
reasoning trail of one example.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, run

GOLDEN = ROOT / "tests" / "golden"
CARDS = ("frontier-api", "frontier-api-missing-controls", "voice-cloning-gated")
FORMATS = {"text": "txt", "markdown": "md", "html": "html"}


@pytest.mark.parametrize("card", CARDS)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_matches_its_golden_file(card: str, fmt: str) -> None:
    result = run("check", f"examples/{card}.yaml", "-f", fmt, "--no-timestamp", env={"COLUMNS": "80"}, cwd=ROOT)
    assert result.code in (0, 1), result.stderr
    expected = (GOLDEN / f"{card}.{FORMATS[fmt]}").read_text(encoding="utf-8")
    assert result.stdout == expected, f"{card}.{FORMATS[fmt]} differs from its golden file (see the module docstring)"


def test_the_full_trail_matches_its_golden_file() -> None:
    card = "frontier-api-missing-controls"
    result = run("check", f"examples/{card}.yaml", "--trail", "--no-timestamp", env={"COLUMNS": "80"}, cwd=ROOT)
    assert result.code == 1, result.stderr
    expected = (GOLDEN / f"{card}.trail.txt").read_text(encoding="utf-8")
    assert result.stdout == expected, f"{card}.trail.txt differs from its golden file (see the module docstring)"
