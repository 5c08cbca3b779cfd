"""The typed result of one check: the pure Assessment and the record of the run that made it.

The engine knows nothing of files named on a command line, of the clock, of waivers files or of
other profiles; the run record holds those, as data, so that no consumer recovers them from text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine and waivers are imported by the run that makes a Result
    from releasecheck.assess.engine import Assessment
    from releasecheck.assess.stances import Comparison
    from releasecheck.run.waivers import Waiver


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a batch summary, an exit code and the rubric-impact view need of one card."""

    decision: str
    recommended_tier: str


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What verify needs to recompute exactly this result, beside the card and the rubric set."""

    expect_tier: str | None
    min_confidence: str | None
    waived: tuple[str, ...]  # the rule ids waived for this card, sorted
    compare_profiles: bool


@dataclass(frozen=True, slots=True)
class AppliedWaiver:
    """A waiver that applied to this card, with what it changed."""

    waiver: Waiver
    opened: tuple[str, ...]  # the tiers whose requirement it waived (the engine's trail entries)
    before: Verdict  # the same card assessed without any waiver
    after: Verdict

    @property
    def changed(self) -> str:
        if not self.opened:
            return "no effect: the requirement did not apply or was met"
        before, after = self.before, self.after
        change = (
            f"recommended {before.recommended_tier} -> {after.recommended_tier}"
            if before.recommended_tier != after.recommended_tier
            else "recommended tier unchanged"
        )
        return f"waived for {', '.join(self.opened)}; {change}; decision {before.decision} -> {after.decision}"


@dataclass(frozen=True, slots=True)
class RunRecord:
    path: str
    sha256: str
    options: RunOptions
    generated_at: str | None  # None with --no-timestamp
    waivers: tuple[AppliedWaiver, ...]
    profiles: Comparison | None  # with --compare-profiles


@dataclass(frozen=True, slots=True)
class Result:
    assessment: Assessment
    run: RunRecord

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.assessment)


def verdict_of(a: Assessment) -> Verdict:
    return Verdict(a.decision, a.recommended_tier)


def bare(a: Assessment) -> Result:
    """An assessment made in-process with no run around it (selftests, tests): no options, no
    timestamp, no waivers file, no profile comparison."""
    options = RunOptions(None, None, tuple(sorted(a.waived)), False)
    return Result(a, RunRecord(a.doc.path, a.doc.sha256, options, None, (), None))


def recorded_path(path: str, cwd: str | None = None) -> str:
    """The card path a report records: relative to the working directory when the card is below
    it (so `check cards/a.yaml` and `check $PWD/cards/a.yaml` give the same bytes, and no home
    directory leaks into a shared report); as given otherwise. `verify` resolves a relative path
    against the report's directory, then the working directory."""
    here = cwd or os.getcwd()
    try:
        relative = os.path.relpath(os.path.abspath(path), here)
    except ValueError:  # another drive (Windows)
        return path
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return path
    return relative
