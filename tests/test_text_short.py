"""Issue 17 item 4: the text report leads with the answer; the trail waits behind --trail (-v);
a batch ends with a one-line-per-card summary; a progress bar only at a terminal, only when slow."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Iterator

import pytest

from conftest import EXAMPLE_PATHS, invoke

DECISIONS = ("PASS", "CONDITIONAL", "FAIL", "NONE")


def _text(*args: str) -> str:
    result = invoke("check", *args, "--no-timestamp")
    assert result.code in (0, 1), result.stderr
    return result.stdout


def test_default_text_is_the_answer_and_trail_adds_the_reasoning() -> None:
    short = _text("examples/frontier-api-missing-controls.yaml")
    for part in ("CONDITIONAL: recommended limited, planned api", "Domains", "ABC pillars", "Blocking planned api"):
        assert part in short
    assert "Reasoning trail" not in short and "To unlock" not in short and "add --trail" in short
    for flag in ("--trail", "-v"):
        full = _text("examples/frontier-api-missing-controls.yaml", flag)
        assert "Reasoning trail" in full and "To unlock a more open tier" in full and "add --trail" not in full
        assert len(full.splitlines()) > 4 * len(short.splitlines())


@pytest.mark.parametrize("profile", ["balanced", "precautionary", "marginal"])
def test_the_verdict_line_fits_80_columns_for_every_example(profile: str) -> None:
    out = invoke("check", *EXAMPLE_PATHS, "--profile", profile, "--min-confidence", "high", "--no-timestamp").stdout
    verdicts = [line for line in out.splitlines() if line.startswith(tuple(f"{d}: recommended" for d in DECISIONS))]
    assert len(verdicts) == len(EXAMPLE_PATHS)
    assert max(len(line) for line in verdicts) <= 80


def test_a_pass_made_conditional_by_min_confidence_says_why_below_the_verdict() -> None:
    lines = _text("examples/small-open-llm.yaml", "--min-confidence", "high").splitlines()
    verdict = next(i for i, line in enumerate(lines) if line.startswith("CONDITIONAL: recommended fully-open"))
    assert lines[verdict + 1].startswith("  because: pass turned conditional: confidence medium is below")


def test_a_batch_ends_with_a_summary_table_and_totals() -> None:
    result = invoke(
        "check", "examples/frontier-api.yaml", "examples/critical-cyber-internal.yaml", "examples/waivers/waivers.yaml"
    )
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    head = lines.index("Summary: cards under examples/")
    assert lines[head + 2].split() == ["card", "model", "decision", "recommended", "planned"]
    rows = [line.split() for line in lines[head + 4 : head + 7]]  # one line per card, in input order
    assert rows == [
        ["…ontier-api.yaml", "Halcyon-Ul…", "pass", "api", "api"],
        ["…r-internal.yaml", "Corvid", "Ope…", "fail", "internal", "api"],
        ["…rs/waivers.yaml", "-", "invalid", "-", "-"],  # not a card: a row of its own
    ]
    assert lines[-1] == "3 cards: 1 pass, 1 fail, 1 invalid"
    assert all(len(line) <= 80 for line in lines[head:])


def test_one_card_has_no_summary_table() -> None:
    assert "Summary" not in _text("examples/frontier-api.yaml")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _slow(n: int, pause: float) -> Iterator[int]:
    for i in range(n):
        time.sleep(pause)
        yield i


def test_progress_bar_shows_on_a_terminal_once_the_batch_takes_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    from releasecheck.batch import with_progress

    stderr = _Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert list(with_progress(_slow(4, 0.05), range(4), True, after=0.01)) == [0, 1, 2, 3]  # type: ignore[arg-type]
    assert "checking cards" in stderr.getvalue()


def test_no_progress_bar_for_a_quick_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from releasecheck.batch import with_progress

    stderr = _Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert list(with_progress(_slow(3, 0), range(3), True, after=5)) == [0, 1, 2]  # type: ignore[arg-type]
    assert stderr.getvalue() == ""


@pytest.mark.parametrize(("fmt", "wanted"), [("text", True), ("markdown", True), ("json", False), ("jsonl", False)])
def test_no_progress_bar_with_json_or_jsonl(monkeypatch: pytest.MonkeyPatch, fmt: str, wanted: bool) -> None:
    from releasecheck import batch

    silenced: list[bool] = []  # what the batch is told (the terminal test itself is below)
    monkeypatch.setattr(batch, "progress_wanted", lambda quiet: silenced.append(quiet) or False)
    invoke("check", "examples/frontier-api.yaml", "examples/small-open-llm.yaml", "-f", fmt)
    assert silenced == [not wanted]


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from releasecheck.batch import progress_wanted

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress_wanted(quiet=False)


def test_the_readme_quick_start_shows_the_short_text_output() -> None:
    from conftest import ROOT, run

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\n", 1)[1].split("```", 1)[0]
    result = run("check", "examples/frontier-api.yaml", "--no-timestamp", env={"COLUMNS": "80"})
    assert shown == "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())
    assert "--trail` (or `-v`) adds" in readme
