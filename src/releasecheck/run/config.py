"""One run configuration, built once from the options: the rubric set, the profile, the clock
(SOURCE_DATE_EPOCH), the waivers and the date they are judged on. Every caller (the CLI, the batch
workers, verify, the interview) passes this value on; none reads the clock or a waivers file itself.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from releasecheck.rubric.load import Rubric, RubricSet
    from releasecheck.run.waivers import Waiver

TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"


class ConfigError(Exception):
    """Options that cannot make a run: the message to print as is, and the exit code (SPEC §8)."""

    def __init__(self, text: str, code: int) -> None:
        super().__init__(text)
        self.text, self.code = text, code


@dataclass(frozen=True)
class RunConfig:
    """The options of a run as plain, picklable data: what a worker process rebuilds a run from."""

    rubrics: str | None = None
    profile: str | None = None
    expect_tier: str | None = None
    generated_at: str | None = None
    waivers: tuple[Waiver, ...] = ()
    min_confidence: str | None = None
    compare_profiles: bool = False

    def options(self) -> CheckOptions:
        """The run with its rubric set loaded (once per process)."""
        return CheckOptions(load_rubrics(self.rubrics, self.profile), self)


@dataclass(frozen=True)
class CheckOptions:
    """Everything a check needs besides the card: the loaded rubric set and the run configuration."""

    rubric_set: RubricSet
    config: RunConfig = field(default_factory=RunConfig)

    @classmethod
    def from_options(
        cls,
        *,
        rubrics: Path | None = None,
        profile: str | None = None,
        expect_tier: str | None = None,
        waivers: Path | None = None,
        min_confidence: str | None = None,
        compare_profiles: bool = False,
        no_timestamp: bool = False,
        environ: Mapping[str, str] = os.environ,
    ) -> CheckOptions:
        """Build the run once. Raises ConfigError: 3 for a broken rubric set, 2 for bad input."""
        rubric_set = load_rubrics(rubrics, profile)
        # the clock is read only when something needs it: the report's time or the waivers' date
        moment = clock(environ) if waivers is not None or not no_timestamp else None
        config = RunConfig(
            rubrics=str(rubrics) if rubrics else None,
            profile=profile,
            expect_tier=expect_tier,
            generated_at=None if no_timestamp or moment is None else moment.strftime(TIMESTAMP),
            waivers=tuple(_waivers(waivers, rubric_set, moment.date())) if waivers and moment else (),
            min_confidence=min_confidence,
            compare_profiles=compare_profiles,
        )
        return cls(rubric_set, config)

    def with_rubrics(self, rubric_set: RubricSet, rubrics: Path) -> CheckOptions:
        """The same cards under another rubric set (the profile kept where it has it), nothing else."""
        profile = self.config.profile if self.config.profile in rubric_set.profiles else None
        return CheckOptions(rubric_set, RunConfig(str(rubrics), profile))

    @property
    def profile(self) -> str | None:
        return self.config.profile

    @cached_property
    def rubric(self) -> Rubric:
        return self.rubric_set.resolve(self.config.profile)

    @cached_property
    def all_profiles(self) -> dict[str, Rubric]:
        return {p: self.rubric_set.resolve(p) for p in self.rubric_set.profile_ids()}


def clock(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """The run's moment: SOURCE_DATE_EPOCH when set (reproducible builds), else now, to the second."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(
            f"error: SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds\n"
            "  hint: unset it, or set it to e.g. $(git log -1 --format=%ct)",
            2,
        ) from None


def load_rubrics(rubrics: Path | str | None, profile: str | None = None) -> RubricSet:
    """The rubric set, with the profile checked against it."""
    from releasecheck.rubric.load import RubricError, load_rubric_set

    try:
        rubric_set = load_rubric_set(rubrics)
    except RubricError as err:
        raise ConfigError(f"rubric error:\n{err}", 3) from None
    if profile is not None and profile not in rubric_set.profiles:
        raise ConfigError(
            f"error: unknown profile '{profile}'\n  hint: choose one of: {', '.join(rubric_set.profile_ids())}", 2
        )
    return rubric_set


def _waivers(path: Path | None, rubric_set: RubricSet, today: dt.date) -> list[Waiver]:
    """The waivers file, judged on the run's date (SOURCE_DATE_EPOCH's, with or without --no-timestamp)."""
    if path is None:
        return []
    from releasecheck.run.waivers import load_waivers
    from releasecheck.yamlpos.problems import InputError

    try:
        return load_waivers(str(path), rubric_set, today)
    except InputError as err:
        raise ConfigError("\n".join(problem.render() for problem in err.problems), 2) from None
