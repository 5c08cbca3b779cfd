"""One interview: open or resume the progress file, ask, write the card, assess it."""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from releasecheck.card.validate import validate_document
from releasecheck.interview import rubric_text as rt
from releasecheck.interview.asker import IO, Asker, Back, Memory, wrap
from releasecheck.interview.flow import questionnaire
from releasecheck.interview.prefill import card_answers
from releasecheck.interview.progress import SUFFIX, Progress, ProgressError, write_atomic
from releasecheck.interview.sections import Context
from releasecheck.rubric.load import Rubric, RubricSet, default_rubric_dir
from releasecheck.run.config import TIMESTAMP, CheckOptions, ConfigError, RunConfig, clock
from releasecheck.runner import Outcome, check_path
from releasecheck.yamlpos.loader import load_text
from releasecheck.yamlpos.problems import InputError

if TYPE_CHECKING:
    from releasecheck.report.view import Report

DEFAULT_OUTPUT = "releasecheck.yaml"  # the CLI's default for -o


@dataclass(frozen=True)
class Result:
    code: int
    outcome: Outcome | None = None
    card: str | None = None  # the YAML text written


class Stop(Exception):
    """The interview cannot start; exit code and what to tell the person."""

    def __init__(self, code: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def run_interview(
    rubric_set: RubricSet,
    profile: str | None,
    output: str | None,
    resume: Path | None,
    from_card: Path | None,
    force: bool = False,
) -> int:
    """The CLI's entry: the interview on this terminal; returns the exit code."""
    from releasecheck.interview.terminal import terminal_io

    return interview(terminal_io(), rubric_set, profile, output, resume, from_card, force).code


def interview(
    io: IO,
    rubric_set: RubricSet,
    profile: str | None = None,
    output: str | None = None,
    resume: Path | None = None,
    from_card: Path | None = None,
    force: bool = False,
) -> Result:
    """The whole interview with injected IO (tests script it). ``output`` None: the default
    file for a new interview, the one beside the progress file for a resumed one."""
    try:
        progress, notes = (
            _resume(rubric_set, profile, output, resume, from_card, force)
            if resume
            else _start(rubric_set, profile, output or DEFAULT_OUTPUT, from_card)
        )
        rubric, given = _open(progress, rubric_set, notes)
    except Stop as stop:
        for line in stop.message.splitlines():
            io.say(wrap(f"error: {line}", "", "red"))
        if stop.hint:
            io.say(wrap(f"hint: {stop.hint}", "  "))
        return Result(stop.code)
    _intro(io, progress, notes, resumed=resume is not None)
    return _ask_and_finish(io, progress, rubric_set, rubric, given)


def _open(progress: Progress, rubric_set: RubricSet, notes: list[str]) -> tuple[Rubric, dict[str, Any]]:
    """The rubric and the card's answers; the progress file exists from here on."""
    if progress.profile is not None and progress.profile not in rubric_set.profiles:
        choices = ", ".join(rubric_set.profile_ids())
        raise Stop(2, f"unknown profile '{progress.profile}'", f"choose one of: {choices}")
    rubric = rubric_set.resolve(progress.profile)
    given, more = _given(progress, rubric)
    notes += more
    try:
        progress.save()
    except OSError as err:
        raise Stop(2, f"cannot write {progress.path}: {err.strerror}") from None
    return rubric, given


def _ask_and_finish(io: IO, progress: Progress, rubric_set: RubricSet, rubric: Rubric, given: dict[str, Any]) -> Result:
    try:
        card = drive(io, progress, Context(rubric, given))
    except (KeyboardInterrupt, EOFError):
        _stopped(io, progress, rubric_set, "\nStopped.")
        return Result(130)
    except Exception:  # a bug must not cost the answers: they are saved; say how to go on
        traceback.print_exc()
        _stopped(io, progress, rubric_set, "internal error (see above).")
        return Result(3)
    try:
        return finish(io, progress, rubric_set, rubric, card)
    except KeyboardInterrupt:
        if os.path.exists(progress.path):  # stopped before the card was written
            _stopped(io, progress, rubric_set, "\nStopped.")
        else:
            io.say(wrap(f"\nStopped. {progress.output} is written; check it with `releasecheck check`.", "", "yellow"))
        return Result(130)


def _stopped(io: IO, progress: Progress, rubric_set: RubricSet, what: str) -> None:
    with contextlib.suppress(OSError):  # already saved after the last answer; this is a last try
        progress.save()
    io.say(wrap(f"{what} Your answers are saved in {progress.path}. Continue with:", "", "yellow"))
    io.say(escape(f"  releasecheck interview --resume {progress.path}{_options(rubric_set, None)}"))


def _start(
    rubric_set: RubricSet, profile: str | None, output: str, from_card: Path | None
) -> tuple[Progress, list[str]]:
    path = output + SUFFIX
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise Stop(2, f"no folder {folder} to write {output} in", "create it, or choose another file with -o")
    if os.path.exists(path):
        raise Stop(2, f"{path} holds an interview in progress", f"continue it with --resume {path}, or delete it")
    if os.path.exists(output) and not (from_card and os.path.exists(from_card) and os.path.samefile(from_card, output)):
        raise Stop(2, f"{output} exists", f"fill its gaps with --from {output}, or write another file with -o")
    start = None
    if from_card is not None:
        try:
            start = {"path": str(from_card), "text": Path(from_card).read_text(encoding="utf-8")}
        except (OSError, UnicodeDecodeError) as err:
            raise Stop(2, f"cannot read {from_card}: {getattr(err, 'strerror', None) or err}") from None
    rubrics = {"path": rubric_set.path, "sha256": rubric_set.sha256}
    return Progress(path, output, profile, rubrics, start), []


def _resume(
    rubric_set: RubricSet, profile: str | None, output: str | None, resume: Path, from_card: Path | None, force: bool
) -> tuple[Progress, list[str]]:
    try:
        progress = Progress.load(str(resume))
    except ProgressError as err:
        raise Stop(2, str(err), "start a new interview without --resume") from None
    notes = []
    if progress.rubrics.get("sha256") not in (None, rubric_set.sha256):
        if progress.rubrics.get("path") != rubric_set.path:
            raise Stop(
                2,
                f"{resume} was started with the rubric set {progress.rubrics.get('path')}",
                f"resume with --rubrics {progress.rubrics.get('path')}",
            )
        notes.append("the rubric set changed since; answers that no longer fit are asked again")
        progress.rubrics["sha256"] = rubric_set.sha256
    progress.output = output or beside_progress(str(resume), progress.output)
    _refuse_to_overwrite(progress, force)
    if profile is not None and profile in rubric_set.profiles:
        progress.profile = profile
    if from_card is not None:
        notes.append("--from is ignored when resuming: the progress file keeps the card it started from")
    return progress, notes


def beside_progress(progress_path: str, recorded: str) -> str:
    """Where a resumed card goes when -o is not given: beside its progress file, never where the
    file's own `output` field points (a progress file can be edited to name any path)."""
    folder, name = os.path.split(progress_path)
    if name.endswith(SUFFIX) and len(name) > len(SUFFIX):
        return os.path.join(folder, name[: -len(SUFFIX)])
    return os.path.join(folder, os.path.basename(recorded) or DEFAULT_OUTPUT)


def _refuse_to_overwrite(progress: Progress, force: bool) -> None:
    """An existing file is replaced only when it is the card the interview started from, or with --force."""
    output = progress.output
    if force or not os.path.lexists(output):
        return
    start = (progress.start or {}).get("path")
    if isinstance(start, str) and os.path.exists(start) and os.path.exists(output) and os.path.samefile(start, output):
        return
    raise Stop(
        2,
        f"{output} exists and is not the card this interview started from",
        "pass --force to replace it, or -o another file",
    )


def _given(progress: Progress, rubric: Rubric) -> tuple[dict[str, Any], list[str]]:
    if progress.start is None:
        return {}, []
    try:
        return card_answers(progress.start["text"], progress.start["path"], rubric)
    except InputError as err:
        raise Stop(2, "\n".join(p.render() for p in err.problems), "fix the card, or start without --from") from None


def _intro(io: IO, progress: Progress, notes: list[str], resumed: bool) -> None:
    io.say("[bold]releasecheck interview[/bold]: questions about your model, section by section.")
    if resumed:
        last = f' The last one: "{progress.last}".' if progress.last else ""
        io.say(wrap(f"Resuming {progress.path}: {len(progress.answers)} answers so far.{last}", "", "green"))
    if progress.start is not None and not resumed:
        io.say(wrap(f"Starting from {progress.start['path']}: only what it leaves open is asked.", "", "green"))
    io.say(
        wrap(
            f"Every answer is saved to {progress.path}; stop any time with Ctrl-C and continue with "
            f"--resume {progress.path}. The card is written to {progress.output} at the end."
        )
    )
    io.say(
        wrap(
            "Type ? for help, < to go back, unknown if you do not know; Enter keeps the value shown in "
            "[brackets] or skips an optional question.",
            "",
            "dim",
        )
    )
    for note in notes:
        io.say(wrap(f"note: {note}", "", "yellow"))


def drive(io: IO, progress: Progress, ctx: Context) -> dict[str, Any]:
    """Run the questionnaire; `<` drops the last answer and replays the rest."""
    memory = Memory()
    save = _saver(io, progress)
    while True:
        asker = Asker(io, progress.answers, memory, save)
        try:
            return questionnaire(asker, ctx)
        except Back:
            if progress.answers:
                last = progress.answers.pop()
                memory.recall[last["key"]] = last.get("value")
                progress.save()
                io.say(wrap("↩ back", "  ", "dim"))
            else:
                io.say(wrap("This is the first question.", "  ", "dim"))


def _saver(io: IO, progress: Progress) -> Callable[[str], None]:
    """Save after an answer; if the file cannot be written, say so (once) and carry on."""
    failed: list[str] = []

    def save(last: str) -> None:
        try:
            progress.save(last)
        except OSError as err:
            if err.strerror not in failed:
                failed.append(str(err.strerror))
                io.say(wrap(f"warning: cannot save progress to {progress.path}: {err.strerror}", "", "red"))

    return save


def finish(io: IO, progress: Progress, rubric_set: RubricSet, rubric: Rubric, card: dict[str, Any]) -> Result:
    """Write the card (atomically), remove the progress file, assess the written file."""
    from releasecheck.interview.writer import card_yaml

    text = card_yaml(card, lambda d: rt.domain_title(rubric, d))
    try:
        validate_document(load_text(text, progress.output), rubric.domain_ids)
        write_atomic(progress.output, text, durable=True)
    except InputError as err:
        for problem in err.problems:
            io.say(wrap(f"internal error: {problem.render()}", "", "red"))
        io.say(wrap(f"Your answers are kept in {progress.path}.", "", "yellow"))
        return Result(3)
    except OSError as err:
        io.say(
            wrap(f"error: cannot write {progress.output}: {err.strerror}; answers kept in {progress.path}", "", "red")
        )
        return Result(2)
    progress.remove()
    outcome = check_path(
        progress.output, CheckOptions(rubric_set, RunConfig(profile=progress.profile, generated_at=generated_at()))
    )
    io.say(wrap(f"\nWrote {progress.output}. The assessment of that file:", "", "green"))
    if outcome.report is not None:
        from releasecheck.report.text import render_text

        io.say(escape(render_text([outcome.report], color=False, width=80).rstrip("\n")))
    io.say(escape(f"Check it again with: releasecheck check {progress.output}{_options(rubric_set, progress.profile)}"))
    if outcome.report is not None:
        io.say(_verdict_last(outcome.report))
    return Result(outcome.exit_code, outcome, text)


def _verdict_last(report: Report) -> str:
    """The verdict again as the last line on screen: the report above it scrolls it away."""
    style = {"pass": "green", "conditional": "yellow", "fail": "red"}.get(report.decision, "bold")
    planned = report.planned_tier
    return (
        f"\n[bold]Verdict:[/bold] [{style}]{report.decision.upper()}[/{style}]"
        f"  recommended [bold]{report.recommended_tier}[/bold]"
        + (f" · planned {planned}" if planned else "")
        + f" · confidence {report.confidence}"
    )


def _options(rubric_set: RubricSet, profile: str | None) -> str:
    custom = Path(rubric_set.path).resolve() != default_rubric_dir().resolve()
    return (f" --rubrics {rubric_set.path}" if custom else "") + (f" --profile {profile}" if profile else "")


def generated_at() -> str:
    """The report time as `check` takes it (SOURCE_DATE_EPOCH when set, else now); a malformed
    SOURCE_DATE_EPOCH, which `check` refuses, does not end an interview: its time is now."""
    try:
        moment = clock()
    except ConfigError:
        moment = clock({})
    return moment.strftime(TIMESTAMP)
