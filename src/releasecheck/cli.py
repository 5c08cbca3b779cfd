"""The command line: parse options, call the arrows, choose a renderer, return an exit code.

No assessment logic lives here. Heavy modules are imported inside commands so that
`--help` and a JSON check do not pay for what they do not use.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from releasecheck import __version__

app = typer.Typer(
    name="releasecheck",
    help="Score a model release card against data-driven rubrics and recommend the most open "
    "release tier the evidence supports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rubrics_app = typer.Typer(help="Inspect, validate and self-test rubric sets.", no_args_is_help=True)
app.add_typer(rubrics_app, name="rubrics")


class Format(StrEnum):
    text = "text"
    json = "json"


class SchemaName(StrEnum):
    card = "card"
    report = "report"
    rubric = "rubric"


class Tier(StrEnum):
    internal = "internal"
    limited = "limited"
    api = "api"
    gated_weights = "gated-weights"
    open_weights = "open-weights"
    fully_open = "fully-open"


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


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def _load_rubric(rubrics: Path | None, profile: str | None) -> Any:
    from releasecheck.rubric.load import RubricError, load_rubric_set

    try:
        rubric_set = load_rubric_set(rubrics)
    except RubricError as err:
        _err(f"rubric error:\n{err}")
        raise typer.Exit(3) from None
    if profile is not None and profile not in rubric_set.profiles:
        _err(f"error: unknown profile '{profile}'\n  hint: choose one of: {', '.join(rubric_set.profile_ids())}")
        raise typer.Exit(2)
    return rubric_set


def _generated_at(no_timestamp: bool) -> str | None:
    if no_timestamp:
        return None
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            _err(
                f"error: SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds\n"
                "  hint: unset it, or set it to e.g. $(git log -1 --format=%ct)"
            )
            raise typer.Exit(2) from None
    else:
        moment = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_output(text: str, output: str) -> None:
    """Write stdout or a file atomically: a reader never sees half a report."""
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import tempfile

    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as err:
        _err(f"error: cannot write {output}: {err.strerror}")
        raise typer.Exit(2) from None


def _color(output: str) -> bool:
    return output == "-" and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Card files, folders or globs.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[str, typer.Option("--output", "-o", help="Write here ('-' = stdout); written atomically.")] = "-",
    profile: Annotated[str | None, typer.Option(help="Rubric profile, e.g. balanced, precautionary, marginal.")] = None,
    rubrics: Annotated[Path | None, typer.Option(help="Folder of a custom rubric set.")] = None,
    expect_tier: Annotated[Tier | None, typer.Option(help="Tier to gate on; overrides release.planned_tier.")] = None,
    no_timestamp: Annotated[bool, typer.Option("--no-timestamp", help="Omit generated_at from reports.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors; the exit code tells the result.")
    ] = False,
) -> None:
    """Assess cards and recommend a release tier. Exit 0 pass, 1 fail/conditional, 2 bad input, 3 rubric error."""
    from releasecheck.runner import check_path, expand

    rubric_set = _load_rubric(rubrics, profile)
    rubric = rubric_set.resolve(profile)
    generated_at = _generated_at(no_timestamp)
    found, missing = expand(paths)
    for problem in missing:
        _err(problem.render())
    outcomes = [check_path(p, rubric, expect_tier.value if expect_tier else None, generated_at) for p in found]
    for outcome in outcomes:
        for problem in outcome.problems:
            _err(problem.render())
    reports = [o.report for o in outcomes if o.report is not None]
    if reports and not quiet:
        write_output(_render(reports, format, output), output)
    codes = [o.exit_code for o in outcomes] + [2 for _ in missing]
    raise typer.Exit(max(codes, default=2))


def _render(reports: list[dict[str, Any]], format: Format, output: str) -> str:
    if format is Format.json:
        from releasecheck.report.json_report import dumps

        return dumps(reports[0] if len(reports) == 1 else reports)
    from releasecheck.report.text import render_text

    color = _color(output)
    width = 80
    if color:
        import shutil

        width = max(80, min(shutil.get_terminal_size().columns, 120))
    return render_text(reports, color=color, width=width)


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Card files, folders or globs.")],
    rubrics: Annotated[
        Path | None, typer.Option(help="Folder of a custom rubric set (its domains are valid ids).")
    ] = None,
) -> None:
    """Check cards against the schema and cross-field rules only. Exit 0 when all are valid, 2 otherwise."""
    from releasecheck.card.problems import InputError
    from releasecheck.runner import expand, validate_path

    rubric = _load_rubric(rubrics, None).resolve()
    found, missing = expand(paths)
    bad = len(missing)
    for problem in missing:
        _err(problem.render())
    for path in found:
        try:
            validate_path(path, rubric)
        except InputError as err:
            bad += 1
            for problem in err.problems:
                _err(problem.render())
            continue
        typer.echo(f"{path}: valid")
    raise typer.Exit(2 if bad or not found else 0)


@app.command()
def init(
    file: Annotated[str, typer.Argument(help="Where to write the template ('-' = stdout).")] = "releasecheck.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented template card that validates; fill it in, then run `releasecheck check`."""
    from importlib.resources import files

    text = files("releasecheck.card").joinpath("template.yaml").read_text(encoding="utf-8")
    if file != "-" and os.path.exists(file) and not force:
        _err(f"error: {file} exists\n  hint: pass --force to overwrite it, or name another file")
        raise typer.Exit(2)
    write_output(text, file)
    if file != "-":
        typer.echo(f"wrote {file}; edit it, then run: releasecheck check {file}")


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="card, report or rubric.")]) -> None:
    """Print a published JSON Schema."""
    from releasecheck.schemas import schema_text

    sys.stdout.write(schema_text(name.value))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule, domain, level, tier, benchmark or profile id.")],
    rubrics: Annotated[Path | None, typer.Option(help="Folder of a custom rubric set.")] = None,
) -> None:
    """Print what an id means: rationale, thresholds and sources."""
    from releasecheck.docs import explain_text

    rubric_set = _load_rubric(rubrics, None)
    text = explain_text(rubric_set, rule_id)
    if text is None:
        _err(
            f"error: '{rule_id}' is no rule, domain, level, tier, benchmark or profile id\n"
            "  hint: `releasecheck rubrics show` lists them"
        )
        raise typer.Exit(2)
    sys.stdout.write(text)


@rubrics_app.command("list")
def rubrics_list(rubrics: Annotated[Path | None, typer.Option(help="Folder of a custom rubric set.")] = None) -> None:
    """List the rubric set's profiles and rules."""
    from releasecheck.docs import list_text

    sys.stdout.write(list_text(_load_rubric(rubrics, None)))


@rubrics_app.command("show")
def rubrics_show(
    rubrics: Annotated[Path | None, typer.Option(help="Folder of a custom rubric set.")] = None,
    profile: Annotated[str | None, typer.Option(help="Show the rules as this profile resolves them.")] = None,
) -> None:
    """Show every rule, benchmark and table of a rubric set (Markdown)."""
    from releasecheck.docs import rules_markdown

    sys.stdout.write(rules_markdown(_load_rubric(rubrics, profile), profile))


@rubrics_app.command("validate")
def rubrics_validate(
    folder: Annotated[Path | None, typer.Argument(help="Rubric folder (default: the shipped set).")] = None,
) -> None:
    """Validate a rubric set against schemas/rubric.schema.json and its consistency rules. Exit 3 when broken."""
    rubric_set = _load_rubric(folder, None)
    typer.echo(
        f"{rubric_set.path}: valid ({len(rubric_set.rules)} rules, profiles {', '.join(rubric_set.profile_ids())})"
    )


@rubrics_app.command("test")
def rubrics_test(
    folder: Annotated[Path | None, typer.Argument(help="Rubric folder (default: the shipped set).")] = None,
) -> None:
    """Run a rubric set's golden cases (cases/*.yaml) and monotonicity self-test. Exit 1 on a failure."""
    from releasecheck.selftest import run_self_test

    rubric_set = _load_rubric(folder, None)
    lines, failed = run_self_test(rubric_set)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    """Entry point: never a traceback; an unexpected error is exit 3 with a short message."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as err:
        if os.environ.get("RELEASECHECK_DEBUG"):
            raise
        _err(
            f"internal error: {type(err).__name__}: {err}\n  hint: set RELEASECHECK_DEBUG=1 for a traceback and report it"
        )
        sys.exit(3)
