"""The arrows load -> validate -> assess -> report for one input, used by every caller."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasecheck.launch import start_collecting
from releasecheck.yamlpos.problems import InputError, Problem

if TYPE_CHECKING:  # waivers, rubric and report models are imported only when a run needs them
    from releasecheck.assess.engine import Assessment
    from releasecheck.report.view import Report
    from releasecheck.result import Result, Verdict
    from releasecheck.rubric.load import Rubric
    from releasecheck.run.config import CheckOptions


@dataclass(frozen=True)
class Outcome:
    path: str
    report: Report | None
    problems: tuple[Problem, ...]
    line: str | None = None  # the jsonl line, when a worker process already rendered it
    internal: bool = False  # the tool failed on this card (exit 3), not the card's author
    verdict: Verdict | None = None  # the report's, or all a worker sends back of it with the line

    def __post_init__(self) -> None:
        if self.verdict is None and self.report is not None:
            object.__setattr__(self, "verdict", self.report.verdict)

    def slim(self) -> Outcome:
        """What a worker sends back in a jsonl batch: the rendered line and the verdict only, so
        the parent neither unpickles whole reports nor encodes them again."""
        from releasecheck.report.json_report import render_jsonl

        line = render_jsonl([self], None)
        return Outcome(self.path, None, self.problems, line, self.internal, self.verdict)

    @property
    def exit_code(self) -> int:
        if self.internal:
            return 3
        if self.verdict is None:
            return 2
        return 1 if self.verdict.decision in ("fail", "conditional") else 0


def expand(paths: list[str], skipped: list[Problem] | None = None) -> tuple[Any, list[Problem]]:
    """Files, folders (cards inside, walked as the run goes: releasecheck.discover) and globs ->
    card paths, in order. A Markdown file without a `releasecheck:` mapping in its front matter (a
    plain README) is no card: found in a folder it is passed over; named or globbed it is left out
    with a note appended to `skipped`, which is no error. A link out of a folder is skipped with a
    note on stderr as the walk meets it."""
    from releasecheck.discover import expand as discover

    return discover(paths, skipped, _note)


def _note(problem: Problem) -> None:
    import sys

    from releasecheck.inert import lines

    sys.stderr.write(lines(problem.render().rstrip("\n")) + "\n")


def validate_path(path: str, rubric: Rubric) -> tuple[Any, Any]:
    from releasecheck.card.validate import validate_document
    from releasecheck.yamlpos.loader import load_path

    start_collecting()  # the console script defers the garbage collector to the first card (releasecheck.launch)
    doc = load_path(path)
    if doc.front_matter:
        from releasecheck.card.frontmatter import fill_gaps

        fill_gaps(doc, rubric.benchmarks)
    return doc, validate_document(doc, rubric.domain_ids)


def check_path(path: str, options: CheckOptions) -> Outcome:
    """load -> validate -> assess -> report, for one card; bad input becomes problems, and
    any other failure becomes this card's internal error: one card never stops a batch."""
    try:
        from releasecheck.report.view import report_of

        doc, card = validate_path(path, options.rubric)
        return Outcome(path, report_of(assess_card(doc, card, options)), ())
    except InputError as err:
        return Outcome(path, None, tuple(err.problems))
    except Exception as err:
        return internal_outcome(path, err)


def internal_outcome(path: str, err: BaseException) -> Outcome:
    """What a card the tool failed on becomes: its own error, exit 3, with the card's path.
    RELEASECHECK_DEBUG=1 lets the exception through, for a traceback."""
    if os.environ.get("RELEASECHECK_DEBUG"):
        raise err
    message = f"internal error while checking this card: {type(err).__name__}: {str(err)[:300]}"
    hint = "set RELEASECHECK_DEBUG=1 for a traceback and report it; the other cards were checked"
    return Outcome(path, None, (Problem(path, 1, 1, "", message, hint),), internal=True)


def assess_card(doc: Any, card: Any, options: CheckOptions) -> Result:
    """The card assessed under the chosen profile, with its run record: the waivers that applied
    and what each changed, and (--compare-profiles) every profile's answer."""
    from releasecheck.result import AppliedWaiver, Result, RunOptions, RunRecord, recorded_path, verdict_of

    config = options.config
    waivers = [w for w in config.waivers if w.applies_to(doc.path)]
    waived = frozenset(w.rule for w in waivers)

    def run(rubric: Rubric, waived_rules: frozenset[str]) -> Assessment:
        from releasecheck.assess.engine import assess

        return assess(
            doc,
            card,
            rubric,
            expect_tier=config.expect_tier,
            waived=waived_rules,
            min_confidence=config.min_confidence,
        )

    assessment = run(options.rubric, waived)
    applied: tuple[AppliedWaiver, ...] = ()
    if waivers:
        before, after = verdict_of(run(options.rubric, frozenset())), verdict_of(assessment)
        applied = tuple(AppliedWaiver(w, assessment.tiers_waived(w.rule), before, after) for w in waivers)
    profiles = None
    if config.compare_profiles:
        from releasecheck.assess.stances import compare

        # the chosen profile was assessed above: the same inputs give the same assessment
        name = options.rubric.profile.id
        per_profile = {p: assessment if p == name else run(r, waived) for p, r in options.all_profiles.items()}
        profiles = compare(per_profile, options.rubric.tier_rank)
    chosen = RunOptions(config.expect_tier, config.min_confidence, tuple(sorted(waived)), config.compare_profiles)
    record = RunRecord(recorded_path(doc.path), doc.sha256, chosen, config.generated_at, applied, profiles)
    return Result(assessment, record)
