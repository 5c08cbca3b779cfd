"""The command line: parse options, call the arrows, choose a renderer, return an exit code.

No assessment logic lives here. Heavy modules are imported inside commands so that
`--help` and a JSON check do not pay for what they do not use.
"""

# No `from __future__ import annotations` here: typer reads every command's signature at start-up,
# and string annotations made it compile each one twice (inspect.signature(eval_str=True), then
# get_type_hints): ~7 ms of every run, for the 12 commands' ~50 parameters.

import errno
import io
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from releasecheck import __version__
from releasecheck.cli_check import Destination, configured, run_check, stderr_line, write_output
from releasecheck.cli_options import (
    AgainstRubricsOption,
    AlsoOption,
    CardPaths,
    CompareProfilesOption,
    ExpectTierOption,
    FormatOption,
    JobsOption,
    MinConfidenceOption,
    NoTimestampOption,
    OutputOption,
    ProfileOption,
    QuietOption,
    RubricsFolderArgument,
    RubricsOption,
    ShardOption,
    TrailOption,
    ValidateFormatOption,
    WaiversOption,
    WordsCommand,
)
from releasecheck.report.formats import Format
from releasecheck.run.config import CheckOptions

app = typer.Typer(
    name="releasecheck",
    help="Score a model release card against data-driven rubrics and recommend the most open "
    "release tier the evidence supports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rubrics_app = typer.Typer(
    help="Inspect, validate and self-test rubric sets.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rubrics_app, name="rubrics")


class SchemaName(StrEnum):
    card = "card"
    report = "report"
    rubric = "rubric"
    waivers = "waivers"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"releasecheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """releasecheck: transparent, reproducible release-tier decisions for AI models."""


def _load_rubric(rubrics: Path | None, profile: str | None) -> Any:
    from releasecheck.run.config import load_rubrics

    return configured(load_rubrics, rubrics, profile)


@app.command(cls=WordsCommand)
def check(
    paths: CardPaths,
    format: FormatOption = Format.text,
    output: OutputOption = "-",
    profile: ProfileOption = None,
    rubrics: RubricsOption = None,
    waivers: WaiversOption = None,
    expect_tier: ExpectTierOption = None,
    min_confidence: MinConfidenceOption = None,
    compare_profiles: CompareProfilesOption = False,
    against_rubrics: AgainstRubricsOption = None,
    jobs: JobsOption = 1,
    shard: ShardOption = None,
    no_timestamp: NoTimestampOption = False,
    quiet: QuietOption = False,
    trail: TrailOption = False,
    also: AlsoOption = None,
) -> None:
    """Assess cards and recommend a release tier. Exit 0 pass, 1 fail/conditional, 2 bad input, 3 rubric error."""
    options = _check_options(rubrics, profile, expect_tier, waivers, min_confidence, compare_profiles, no_timestamp)
    dest = Destination(format, output, quiet, trail, tuple(also or ()))
    raise typer.Exit(run_check(paths, options, dest, waivers, against_rubrics, jobs, shard))


def _check_options(
    rubrics: Path | None,
    profile: str | None,
    expect_tier: str | None,
    waivers: Path | None,
    min_confidence: str | None,
    compare_profiles: bool,
    no_timestamp: bool,
) -> CheckOptions:
    """The run `check` asked for, built once (the library's message and exit code when it cannot be)."""
    return configured(
        CheckOptions.from_options,
        rubrics=rubrics,
        profile=profile,
        expect_tier=expect_tier,
        waivers=waivers,
        min_confidence=min_confidence,
        compare_profiles=compare_profiles,
        no_timestamp=no_timestamp,
    )


@app.command(cls=WordsCommand)
def validate(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Card files, folders or globs.")],
    rubrics: Annotated[
        Path | None, typer.Option(metavar="DIR", help="Folder of a custom rubric set (its domains are valid ids).")
    ] = None,
    format: ValidateFormatOption = "text",
) -> None:
    """Check cards against the schema and cross-field rules only. Exit 0 when all are valid, 2 otherwise."""
    from releasecheck.cli_check import names_many
    from releasecheck.runner import expand
    from releasecheck.validation import validate_paths, validation_json

    rubric = _load_rubric(rubrics, None).resolve()
    skipped: list[Any] = []
    found, missing = expand(paths, skipped)
    for problem in skipped:
        stderr_line(problem.render())
    results = validate_paths(found, missing, rubric)
    if format == "json":
        sys.stdout.write(validation_json(results, array=names_many(paths)))
    else:
        _validation_text(results)
    raise typer.Exit(2 if any(not r.valid for r in results) or not (found or skipped) else 0)


def _validation_text(results: list[Any]) -> None:
    from releasecheck.inert import lines

    for result in results:
        for problem in result.problems:
            stderr_line(problem.render())
        if result.valid:
            typer.echo(lines(f"{result.path}: valid"))


@app.command(cls=WordsCommand)
def interview(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Card file to write (default: releasecheck.yaml; when resuming, the file beside the progress file).",
        ),
    ] = None,
    resume: Annotated[Path | None, typer.Option(metavar="FILE", help="Continue from a saved progress file.")] = None,
    from_card: Annotated[
        Path | None, typer.Option("--from", metavar="CARD", help="Start from an existing card and fill its gaps.")
    ] = None,
    profile: Annotated[
        str | None, typer.Option(metavar="PROFILE", help="Rubric profile for the final assessment.")
    ] = None,
    rubrics: Annotated[
        Path | None, typer.Option(metavar="DIR", help="Folder of a custom rubric set (changes the questions).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="When resuming, replace an existing file at the output path.")
    ] = False,
) -> None:
    """Answer questions in the terminal to write a card, then assess it. Progress is saved after every answer."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        stderr_line(
            "error: interview needs a terminal (stdin and stdout are not a TTY)\n"
            "  hint: write a card with `releasecheck init FILE`, edit it, then run `releasecheck check FILE`"
        )
        raise typer.Exit(2)
    from releasecheck.interview.session import run_interview

    rubric_set = _load_rubric(rubrics, profile)
    raise typer.Exit(run_interview(rubric_set, profile, output, resume, from_card, force))


@app.command(cls=WordsCommand)
def init(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="Where to write the template ('-' = stdout).")
    ] = "releasecheck.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented template card that validates; fill it in, then run `releasecheck check`."""
    from importlib.resources import files

    text = files("releasecheck.card").joinpath("template.yaml").read_text(encoding="utf-8")
    if file != "-" and os.path.exists(file) and not force:
        stderr_line(f"error: {file} exists\n  hint: pass --force to overwrite it, or name another file")
        raise typer.Exit(2)
    write_output(text, file)
    if file != "-":
        typer.echo(f"wrote {file}; edit it, then run: releasecheck check {file}")


@app.command(cls=WordsCommand)
def schema(
    name: Annotated[SchemaName, typer.Argument(metavar="NAME", help="card, report, rubric or waivers.")],
) -> None:
    """Print a published JSON Schema."""
    from releasecheck.schemas import schema_text

    sys.stdout.write(schema_text(name.value))


@app.command(cls=WordsCommand)
def explain(
    rule_id: Annotated[
        str, typer.Argument(metavar="ID", help="A rule, domain, level, tier, benchmark, profile or catalogue model id.")
    ],
    rubrics: RubricsOption = None,
) -> None:
    """Print what an id means: rationale, thresholds and sources."""
    from releasecheck.docs import explain_text

    rubric_set = _load_rubric(rubrics, None)
    text = explain_text(rubric_set, rule_id)
    if text is None:
        from releasecheck.docs import close_ids

        close = close_ids(rubric_set, rule_id)
        hint = f"did you mean {' or '.join(close)}?" if close else "`releasecheck rubrics show` lists them"
        stderr_line(
            f"error: '{rule_id}' is no rule, domain, level, tier, benchmark, profile or catalogue model id\n"
            f"  hint: {hint}"
        )
        raise typer.Exit(2)
    sys.stdout.write(text)


@app.command(cls=WordsCommand)
def verify(
    report: Annotated[str, typer.Argument(metavar="REPORT", help="An archived JSON report of one card.")],
    card: Annotated[
        str | None,
        typer.Option(
            "--card",
            metavar="FILE",
            help="The card (default: the path recorded in the report, looked for beside the report first).",
        ),
    ] = None,
    rubrics: Annotated[
        Path | None, typer.Option(metavar="DIR", help="Rubric set the report was made with (default: shipped).")
    ] = None,
) -> None:
    """Recompute an archived report from its card and rubrics; exit 0 when it still holds, 1 listing differences."""
    from releasecheck.audit import load_report
    from releasecheck.audit import verify as run_verify
    from releasecheck.inert import lines
    from releasecheck.yamlpos.problems import InputError

    try:
        archived = load_report(report)
        differences = run_verify(archived, _load_rubric(rubrics, None), card, report)
    except InputError as err:
        stderr_line(str(err))
        raise typer.Exit(2) from None
    if not differences:
        typer.echo(lines(f"{report}: holds (card, rubrics and result unchanged)"))
        raise typer.Exit(0)
    typer.echo(lines(f"{report}: does not hold"))
    for line in differences:
        typer.echo(lines(f"  - {line}"))  # report and card text: cleaned, no workflow commands
    raise typer.Exit(1)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(cls=WordsCommand)
def diff(
    a: Annotated[str, typer.Argument(metavar="A", help="The older JSON report.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The newer JSON report.")],
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", metavar="FORMAT", help="Output format: text or json.")
    ] = DiffFormat.text,
) -> None:
    """Show what changed between two reports (tiers, decision, domains, requirements, trail). Exit 1 if any."""
    from releasecheck.audit import diff as run_diff
    from releasecheck.audit import diff_text, load_report
    from releasecheck.inert import lines
    from releasecheck.yamlpos.problems import InputError

    try:
        result = run_diff(load_report(a), load_report(b))
    except InputError as err:
        stderr_line(str(err))
        raise typer.Exit(2) from None
    if format is DiffFormat.json:
        from releasecheck.report.json_report import dumps

        sys.stdout.write(dumps(result))
    else:
        sys.stdout.write(lines(diff_text(result)))  # report text: cleaned, no workflow commands
    raise typer.Exit(1 if result["changed"] else 0)


@rubrics_app.command(cls=WordsCommand, name="list")
def rubrics_list(rubrics: RubricsOption = None, folder: RubricsFolderArgument = None) -> None:
    """List the rubric set's profiles and rules."""
    from releasecheck.docs import list_text

    sys.stdout.write(list_text(_load_rubric(_rubrics_folder(rubrics, folder), None)))


@rubrics_app.command(cls=WordsCommand, name="show")
def rubrics_show(
    rubrics: RubricsOption = None,
    profile: Annotated[
        str | None, typer.Option(metavar="PROFILE", help="Show the rules as this profile resolves them.")
    ] = None,
    folder: RubricsFolderArgument = None,
) -> None:
    """Show every rule, benchmark and table of a rubric set (Markdown)."""
    from releasecheck.docs import rules_markdown

    sys.stdout.write(rules_markdown(_load_rubric(_rubrics_folder(rubrics, folder), profile), profile))


@rubrics_app.command(cls=WordsCommand, name="validate")
def rubrics_validate(
    rubrics: RubricsOption = None,
    folder: RubricsFolderArgument = None,
) -> None:
    """Validate a rubric set against schemas/rubric.schema.json and its consistency rules. Exit 3 when broken."""
    rubric_set = _load_rubric(_rubrics_folder(rubrics, folder), None)
    typer.echo(
        f"{rubric_set.path}: valid ({len(rubric_set.rules)} rules, profiles {', '.join(rubric_set.profile_ids())})"
    )


@rubrics_app.command(cls=WordsCommand, name="test")
def rubrics_test(
    rubrics: RubricsOption = None,
    folder: RubricsFolderArgument = None,
    casebook: Annotated[
        Path | None,
        typer.Option(
            "--casebook",
            metavar="DIR",
            help="A casebook folder (ranges.yaml and cards/): judge the rubric set against real releases.",
        ),
    ] = None,
    min_defensible: Annotated[
        int | None,
        typer.Option(
            "--min-defensible",
            metavar="N",
            help="With --casebook: exit 1 when fewer than N cases are defensible.",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="With --casebook: text or json.")
    ] = "text",
) -> None:
    """Run a rubric set's golden cases and monotonicity self-test (exit 1 on a failure), or, with
    --casebook, report how its answers fall against researched defensible ranges."""
    rubric_set = _load_rubric(_rubrics_folder(rubrics, folder), None)
    if casebook is not None:
        _casebook(rubric_set, casebook, min_defensible, output_format)
        return
    from releasecheck.selftest import run_self_test

    lines, failed = run_self_test(rubric_set)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(1 if failed else 0)


def _rubrics_folder(option: Path | None, positional: Path | None) -> Path | None:
    """`--rubrics DIR`, or the folder given positionally (the older form, kept as a hidden alias)."""
    if option is not None and positional is not None and option != positional:
        stderr_line(
            f"error: two rubric folders given: --rubrics {option} and {positional}\n  hint: name it once, as --rubrics DIR"
        )
        raise typer.Exit(2)
    return option if option is not None else positional


def _casebook(rubric_set: Any, folder: Path, minimum: int | None, output_format: str) -> None:
    from releasecheck.casebook import render_json, render_text, run_casebook, totals
    from releasecheck.yamlpos.problems import InputError

    if output_format not in ("text", "json"):
        stderr_line(f"error: --format {output_format!r} is not one of text, json")
        raise typer.Exit(2)
    try:
        results = run_casebook(rubric_set, folder)
    except InputError as err:
        for problem in err.problems:
            stderr_line(problem.render())
        raise typer.Exit(2) from None
    typer.echo((render_json if output_format == "json" else render_text)(results), nl=False)
    if minimum is not None and totals(results)["defensible"] < minimum:
        stderr_line(f"fewer than {minimum} defensible case(s)")
        raise typer.Exit(1)


def _exit_on_sigterm() -> None:
    """SIGTERM unwinds like an error (exit 143): temp files are removed and workers stopped on the way out."""
    import signal

    def terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def main() -> None:
    """Entry point: never a traceback; an unexpected error is exit 3 with a short message."""
    # pydantic scans every installed package's entry points for plugins on first use (tens of
    # milliseconds); releasecheck uses none, and this process is ours.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _exit_on_sigterm()
    if sys.stdout is None:  # started with stdout closed (`>&-`): writing to it is an I/O error
        sys.stdout = _ClosedStream()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        stderr_line("interrupted")
        sys.exit(130)
    except OSError as err:  # the output went away (closed stdout, a full disk): not a crash
        stderr_line(f"error: cannot write the output: {err.strerror or err}")
        sys.exit(2)
    except Exception as err:
        if os.environ.get("RELEASECHECK_DEBUG"):
            raise
        stderr_line(
            f"internal error: {type(err).__name__}: {err}\n  hint: set RELEASECHECK_DEBUG=1 for a traceback and report it"
        )
        sys.exit(3)


class _ClosedStream(io.StringIO):
    """Stands in for a closed stdout: not a terminal, and every write fails as an I/O error."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False
