"""Regenerate docs/rules.md (from the rubrics) and docs/cli.md (from --help).

Run `python tools/gen_docs.py`; tests/test_docs.py fails when the files drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (
    [],
    ["check"],
    ["validate"],
    ["init"],
    ["schema"],
    ["explain"],
    ["rubrics"],
    ["rubrics", "list"],
    ["rubrics", "show"],
    ["rubrics", "validate"],
    ["rubrics", "test"],
)


def help_text(words: list[str]) -> str:
    from typer.testing import CliRunner

    from releasecheck.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    result = CliRunner(env=env).invoke(app, [*words, "--help"], prog_name="releasecheck", terminal_width=100)
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip() + "\n"


def cli_markdown() -> str:
    parts = [
        "# Command reference",
        "",
        "Generated from `--help` by `python tools/gen_docs.py`; do not edit by hand.",
        "",
    ]
    for words in COMMANDS:
        parts += [f"## releasecheck {' '.join(words)}".rstrip(), "", "```text", help_text(words).rstrip(), "```", ""]
    return "\n".join(parts)


def rules_markdown() -> str:
    from releasecheck.docs import rules_markdown as render
    from releasecheck.rubric.load import load_rubric_set

    return render(load_rubric_set(ROOT / "rubrics" / "default"))


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    for name, text in (("rules.md", rules_markdown()), ("cli.md", cli_markdown())):
        (ROOT / "docs" / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote docs/{name}\n")


if __name__ == "__main__":
    main()
