"""The options of `check`, declared once as annotated types: the command's signature stays a list of names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from releasecheck.ladder import TierId
from releasecheck.report.formats import Format

Confidence = Literal["low", "medium", "high"]


CardPaths = Annotated[
    list[str],
    typer.Argument(
        help="Card files, folders or globs. A Markdown file without a `releasecheck:` mapping in its "
        "front matter is no card: it is skipped with a note (not an error)."
    ),
]

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format. json is one object when the invocation names exactly one file, and an "
        "array whenever it names a folder, a glob or several paths (however many cards they hold). "
        "jsonl is streamed; the others hold every report in memory until the end "
        "(0.1-0.4 MB per card): use jsonl for big batches.",
    ),
]

OutputOption = Annotated[str, typer.Option("--output", "-o", help="Write here ('-' = stdout); written atomically.")]

ProfileOption = Annotated[str | None, typer.Option(help="Rubric profile, e.g. balanced, precautionary, marginal.")]

RubricsOption = Annotated[Path | None, typer.Option(help="Folder of a custom rubric set.")]

WaiversOption = Annotated[
    Path | None,
    typer.Option(
        help="YAML waivers file: a mapping with a `waivers:` list of {rule, reason, approved_by, expires, "
        "scope?} (`releasecheck schema waivers`; examples/waivers/waivers.yaml)."
    ),
]

ExpectTierOption = Annotated[TierId | None, typer.Option(help="Tier to gate on; overrides release.planned_tier.")]

MinConfidenceOption = Annotated[
    Confidence | None, typer.Option(help="Turn a pass below this confidence into conditional (exit 1).")
]

CompareProfilesOption = Annotated[
    bool,
    typer.Option("--compare-profiles", help="Assess under every profile; report whether the answer is robust."),
]

AgainstRubricsOption = Annotated[
    Path | None,
    typer.Option(help="Also assess with this (older) rubric set and list the cards whose decision it flips."),
]

JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for large batches.")]

ShardOption = Annotated[
    str | None,
    typer.Option(help="Check only shard I of N (e.g. 2/8) of the inputs, for splitting across machines."),
]

NoTimestampOption = Annotated[bool, typer.Option("--no-timestamp", help="Omit generated_at from reports.")]

QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No text report, batch summary or progress: only errors, and each failing or conditional "
        "card with its reasons, on stderr. A format asked for with -f (or a file with -o) is still written.",
    ),
]
