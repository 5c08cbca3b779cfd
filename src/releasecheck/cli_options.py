"""The command line's options, declared once as annotated types, so a command's signature is a
list of names. Every placeholder reads as a word (PATH..., FORMAT, TIER, N); where it stands for
a fixed set of values, the help names them, derived from where they are defined."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperCommand

from releasecheck.ladder import TIERS, TierId
from releasecheck.report.formats import Format

Confidence = Literal["low", "medium", "high"]
ValidateFormat = Literal["text", "json"]


def one_of(values: tuple[str, ...] | list[str]) -> str:
    return "one of " + ", ".join(values)


CardPaths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...",
        help="Card files, folders or globs. A Markdown file without a `releasecheck:` mapping in its "
        "front matter is no card: it is skipped with a note (not an error).",
    ),
]

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format, {one_of([f.value for f in Format])}. json is one object when the invocation "
        "names exactly one file, and an array whenever it names a folder, a glob or several paths (however many "
        "cards they hold). jsonl is streamed; the others hold every report in memory until the end "
        "(0.1-0.4 MB per card): use jsonl for big batches.",
    ),
]

OutputOption = Annotated[
    str, typer.Option("--output", "-o", metavar="FILE", help="Write here ('-' = stdout); written atomically.")
]

ProfileOption = Annotated[
    str | None, typer.Option(metavar="PROFILE", help="Rubric profile, e.g. balanced, precautionary, marginal.")
]

RubricsOption = Annotated[Path | None, typer.Option(metavar="DIR", help="Folder of a custom rubric set.")]

WaiversOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="YAML waivers file: a mapping with a `waivers:` list of {rule, reason, approved_by, expires, "
        "scope?} (`releasecheck schema waivers`; examples/waivers/waivers.yaml).",
    ),
]

ExpectTierOption = Annotated[
    TierId | None,
    typer.Option(metavar="TIER", help=f"Tier to gate on ({one_of(TIERS)}); overrides release.planned_tier."),
]

MinConfidenceOption = Annotated[
    Confidence | None,
    typer.Option(
        metavar="LEVEL", help="Turn a pass below this confidence (low, medium or high) into conditional (exit 1)."
    ),
]

CompareProfilesOption = Annotated[
    bool,
    typer.Option("--compare-profiles", help="Assess under every profile; report whether the answer is robust."),
]

AgainstRubricsOption = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="Also assess with this (older) rubric set and list the cards whose decision it flips.",
    ),
]

JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes for large batches (N >= 1).")
]

ShardOption = Annotated[
    str | None,
    typer.Option(
        metavar="I/N", help="Check only shard I of N (e.g. 2/8) of the inputs, for splitting across machines."
    ),
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
TrailOption = Annotated[
    bool,
    typer.Option(
        "--trail",
        "-v",
        help="Text: also the tiers above the recommendation and what unlocks them, obligations and the full "
        "reasoning trail (by default the text leads with the answer: verdict, domains, ABC, blockers and "
        "conditions, warnings).",
    ),
]
AlsoOption = Annotated[
    list[str] | None,
    typer.Option(
        "--also",
        metavar="FORMAT=PATH",
        help="Also write this format to this file from the same run (repeatable), e.g. "
        "`-f sarif -o x.sarif --also markdown=summary.md`: one check, two outputs.",
    ),
]

# The rubric commands take the rubric folder as `--rubrics DIR`, like every other command; the
# positional folder that `rubrics validate` and `rubrics test` once took is a hidden alias.
RubricsFolderArgument = Annotated[
    Path | None, typer.Argument(metavar="[DIR]", hidden=True, help="Same as --rubrics DIR.")
]

ValidateFormatOption = Annotated[
    ValidateFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text, or json for editors and bots: an object {path, valid, problems: [{line, col, field, "
        "message, hint}]} for one file, an array when the invocation names a folder, a glob or several paths.",
    ),
]


class WordsCommand(TyperCommand):
    """A command whose help names each argument by its placeholder alone (`PATH...`, not
    `{PATH...}...` in the usage line and `PATH... <list[str]>` under Arguments)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and not getattr(param, "hidden", False):
                word = _word(param)
                pieces.append(word if param.required else f"[{word}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((_word(param), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _word(param: Any) -> str:
    word = str(param.metavar or param.name).strip("[]").upper()
    return word + "..." if param.nargs != 1 and not word.endswith("...") else word
