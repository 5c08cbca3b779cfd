"""The check command's plumbing: inputs, shards, where outcomes go (streamed or collected), and
what is said on stderr. CLI-layer code: it prints to stderr and exits with usage errors; the run
configuration and the rubric-change impact view are the library's (releasecheck.run)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from releasecheck.report.formats import Format

if TYPE_CHECKING:
    from releasecheck.run.config import CheckOptions
    from releasecheck.runner import Outcome
    from releasecheck.yamlpos.problems import Problem

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Destination:
    """Where the reports go and in what form: the output options of `check`."""

    format: Format
    output: str
    quiet: bool
    trail: bool = False  # text: the full reasoning trail too
    also: tuple[str, ...] = ()  # --also FORMAT=PATH: more outputs of the same run


def run_check(
    paths: list[str],
    options: CheckOptions,
    dest: Destination,
    waivers_file: Path | None = None,
    against: Path | None = None,
    jobs: int = 1,
    shard_spec: str | None = None,
) -> int:
    """Expand the inputs, check them in a batch, write the reports; the exit code (SPEC §8)."""
    import itertools

    from releasecheck.batch import run_batch
    from releasecheck.ladder import TIERS
    from releasecheck.output import discard_pending
    from releasecheck.runner import expand

    skipped: list[Problem] = []
    found, missing = expand(paths, skipped)
    refuse_output_over_input(dest.output, itertools.chain(found, [str(waivers_file)] if waivers_file else []))
    found = shard(found, shard_spec)
    for problem in [*skipped, *missing]:
        stderr_line(problem.render())
    extra = parse_also(list(dest.also), found)
    refuse_shared_outputs([dest.output, *(path for _, path in extra)])
    array = names_many(paths)
    sink, finish = make_sink(
        dest.format, dest.output, dest.quiet, options.rubric_set, array=array, trail=dest.trail, also=extra
    )
    impact = None
    if against:  # imported here: only --against-rubrics needs the impact view
        from releasecheck.run.impact import against as rubric_impact

        impact = configured(rubric_impact, sink, found, options, against, jobs)
    jsonl = dest.format is Format.jsonl and impact is None
    try:
        no_progress = dest.quiet or dest.format in (Format.json, Format.jsonl)  # no bar with machine output
        summary = run_batch(found, options, jobs, no_progress, impact or sink, jsonl=jsonl)
        rendering = finish()
    finally:
        discard_pending()  # a run that did not get to commit its output leaves no temp file
    if impact is not None:
        stderr_line(impact.text())
    if len(found) > 1 and not dest.quiet:
        stderr_line(summary.text(TIERS))
    return max(summary.worst, int(rendering), 2 if missing or not (found or skipped) else 0)


def configured(build: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Options that cannot make a run end it here: the library's message, and its exit code."""
    from releasecheck.run.config import ConfigError

    try:
        return build(*args, **kwargs)
    except ConfigError as err:
        stderr_line(err.text)
        raise typer.Exit(err.code) from None


def names_many(paths: list[str]) -> bool:
    """Whether the invocation names more than one card file: a folder, a glob or several paths."""
    import glob

    return len(paths) != 1 or os.path.isdir(paths[0]) or (not os.path.exists(paths[0]) and glob.has_magic(paths[0]))


def stderr_line(text: str) -> None:
    """A message on stderr: card text in it is cleaned and cannot run as a CI workflow command."""
    from releasecheck.inert import lines

    sys.stderr.write(lines(text.rstrip("\n")) + "\n")


def write_output(text: str, output: str) -> None:
    """Write stdout, a device, or a file atomically: a reader never sees half a report."""
    from releasecheck.output import Output

    try:
        sink = Output(output)
        sink.write(text)
        sink.commit()
    except OSError as err:
        stderr_line(f"error: cannot write {output}: {err.strerror}")
        raise typer.Exit(2) from None


def refuse_output_over_input(output: str, inputs: Iterable[str]) -> None:
    """`check x.yaml -o x.yaml` would replace the card with its report: exit 2 before anything runs.
    `inputs` may be a folder walk: it is iterated only when the output file exists."""
    try:
        target = os.stat(output) if output != "-" else None
    except OSError:
        return
    if target is None:
        return
    for path in inputs:
        try:
            same = os.path.samestat(target, os.stat(path))
        except OSError:
            continue
        if same:
            stderr_line(
                f"error: --output {output} is one of the inputs ({path}); writing the report there would destroy it\n"
                "  hint: name another file, e.g. -o report.json"
            )
            raise typer.Exit(2)


def refuse_shared_outputs(outputs: list[str]) -> None:
    """`-o r.json --also sarif=r.json` would write one output over the other, silently: exit 2 before
    anything runs. The same file is the same spelled path, or (where it exists) the same inode."""
    seen: dict[object, str] = {}
    for output in outputs:
        if output == "-":
            continue
        key: object = os.path.abspath(output)
        try:
            stat = os.stat(output)
            key = (stat.st_dev, stat.st_ino)
        except OSError:
            pass
        if key in seen:
            stderr_line(
                f"error: two outputs of this run name the same file: {seen[key]} and {output}\n"
                "  hint: give each of -o and --also FORMAT=PATH a file of its own"
            )
            raise typer.Exit(2)
        seen[key] = output


def color_wanted(output: str) -> bool:
    """Colour on stdout at a terminal, or wherever FORCE_COLOR (set, not empty or 0) asks for it,
    as in a CI log that renders ANSI; NO_COLOR wins over both (no-color.org, force-color.org)."""
    if output != "-" or "NO_COLOR" in os.environ:
        return False
    forced = os.environ.get("FORCE_COLOR", "")
    return (forced not in ("", "0")) or sys.stdout.isatty()


def shard(paths: list[str], shard: str | None) -> list[str]:
    """Every N-th input from the I-th: shards are disjoint and together cover every input."""
    if shard is None:
        return paths
    index, _, count = shard.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        stderr_line(f"error: --shard {shard!r} is not I/N with 1 <= I <= N\n  hint: e.g. --shard 1/4 ... --shard 4/4")
        raise typer.Exit(2)
    return paths[int(index) - 1 :: int(count)]


def make_sink(
    format: Format,
    output: str,
    quiet: bool,
    rubric_set: Any,
    array: bool = False,
    trail: bool = False,
    also: tuple[tuple[Format, str], ...] = (),
) -> tuple[Any, Any]:
    """Where outcomes go: streamed for jsonl, collected for the formats that render a whole. `array`:
    the invocation named a folder, a glob or several paths (JSON is a list however many cards)."""
    from releasecheck.report.formats import Context

    collected: list[Any] = []
    # --quiet silences the human text on stdout; a format asked for with -f, or a file asked for
    # with --output, is still written
    silent = quiet and output == "-" and format is Format.text
    stream = JsonlStream(output) if format is Format.jsonl else None

    def sink(outcome: Any) -> None:
        for problem in outcome.problems:
            stderr_line(problem.render())
        if quiet and outcome.verdict is not None and outcome.verdict.decision in ("fail", "conditional"):
            stderr_line(failing_reason(outcome))
        if stream is not None:
            stream.write(outcome)
        if stream is None or also:
            collected.append(outcome)

    def finish() -> int:
        """Write what was collected, then each --also file; 3 when a card's report could not be rendered."""
        return max(
            write_also(also, collected, Context(rules=rule_index(rubric_set), array=array, trail=trail)), finish_main()
        )

    def finish_main() -> int:
        if stream is not None:
            stream.close()
            return 3 if stream.failed else 0
        if silent or not collected or (format is Format.text and all(o.report is None for o in collected)):
            return 0
        if format is Format.json and not array and len(collected) == 1 and collected[0].report is None:
            return 0  # one bad card: the message on stderr is the whole answer; no output file
        color = format is Format.text and color_wanted(output)
        ctx = Context(rules=rule_index(rubric_set), color=color, width=width_for(color), array=array, trail=trail)
        text, failed = render_isolated(format.renderer, collected, ctx)
        write_output(text, output)
        return 3 if failed else 0

    return sink, finish


def write_also(also: tuple[tuple[Format, str], ...], collected: list[Any], ctx: Any) -> int:
    """Each --also output of the run; 3 when a card's report could not be rendered, else 0."""
    worst = 0
    for extra, path in also:
        text, failed = render_isolated(extra.renderer, collected, ctx)
        write_output(text, path)
        worst = max(worst, 3 if failed else 0)
    return worst


def parse_also(values: list[str], inputs: list[str]) -> tuple[tuple[Format, str], ...]:
    """`--also FORMAT=PATH`: a second output of the same run (e.g. markdown for a step summary)."""
    pairs = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path or name not in Format.__members__:
            formats = ", ".join(Format.__members__)
            stderr_line(f"error: --also {value!r} is not FORMAT=PATH\n  hint: FORMAT is one of {formats}")
            raise typer.Exit(2)
        refuse_output_over_input(path, inputs)
        pairs.append((Format[name], path))
    return tuple(pairs)


def failing_reason(outcome: Outcome) -> str:
    """One card that fails or is conditional, and why, in a few lines: what --quiet still says
    (a pre-commit hook's whole output). A worker's jsonl outcome carries the verdict only."""
    report, verdict = outcome.report, outcome.verdict
    assert verdict is not None
    planned = report.planned_tier if report is not None else None
    head = f"{outcome.path}: {verdict.decision}: planned tier {planned}, recommended {verdict.recommended_tier}"
    reasons: list[str] = []
    tier = report.tier(planned) if report is not None else None
    if tier is not None:
        reasons += [f"blocked: {b.message} ({b.rule})" for b in tier.blocked_by]
        reasons += [f"condition: {c.message} ({c.rule})" for c in tier.conditions]
    reasons += [f"condition: {c.message} ({c.rule})" for c in (report.conditions if report is not None else ())]
    if not reasons:
        reasons.append("run without --quiet for the full report")
    return "\n".join([head, *(f"  - {reason}" for reason in dict.fromkeys(reasons))])


def render_isolated(render: Any, outcomes: list[Any], ctx: Any) -> tuple[str, bool]:
    """Render the batch; a card whose report the renderer fails on becomes that card's internal
    error (reported on stderr) and the rest of the batch is still written. True when one failed."""
    from releasecheck.runner import internal_outcome

    try:
        return str(render(outcomes, ctx)), False
    except Exception:
        pass
    kept = []
    for outcome in outcomes:
        try:
            render([outcome], ctx)
        except Exception as err:
            outcome = internal_outcome(outcome.path, err)
            for problem in outcome.problems:
                stderr_line(problem.render())
        kept.append(outcome)
    return str(render(kept, ctx)), True


class JsonlStream:
    """jsonl is written as the batch runs (bounded memory); a regular file is renamed into place at the end."""

    def __init__(self, output: str) -> None:
        from releasecheck.output import Output

        try:
            self.sink = Output(output)
        except OSError as err:
            stderr_line(f"error: cannot write {output}: {err.strerror}")
            raise typer.Exit(2) from None
        self.failed = False

    def write(self, outcome: Any) -> None:
        from releasecheck.report.json_report import render_jsonl
        from releasecheck.runner import internal_outcome

        try:
            line = outcome.line if outcome.line is not None else render_jsonl([outcome], None)
        except Exception as err:
            failed = internal_outcome(outcome.path, err)
            for problem in failed.problems:
                stderr_line(problem.render())
            line = render_jsonl([failed], None)
            self.failed = True
        self.sink.write(line)

    def close(self) -> None:
        self.sink.commit()


def rule_index(rubric_set: Any) -> dict[str, Any]:
    rules = {r.id: r for r in rubric_set.rules}
    for p in rubric_set.profiles.values():
        rules.update({r.id: r for r in [*p.replace.values(), *p.add]})
    for pillar in rubric_set.sections["pillars"].values():
        rules.update({step.id: step for step in pillar.levels})
    return rules


def width_for(color: bool) -> int:
    """The text width: COLUMNS when set (at least 40), also when not at a terminal; else the
    terminal's width within 80-120 when colouring one, and 80 otherwise (SPEC §7)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(40, int(columns))
    if not color:
        return 80
    import shutil

    return max(80, min(shutil.get_terminal_size().columns, 120))
