"""The rubric-change impact view (`check --against-rubrics`): every card assessed under an older
rubric set as well, and the cards whose decision or recommended tier the change flips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from releasecheck.run.config import CheckOptions, load_rubrics

if TYPE_CHECKING:
    from releasecheck.result import Verdict
    from releasecheck.runner import Outcome


class Impact:
    """Passes each outcome on to `inner` and pairs it with the card's verdict under the old set."""

    def __init__(self, inner: Callable[[Outcome], None], old: dict[str, Verdict]) -> None:
        self.inner, self.old = inner, old
        self.flips: list[str] = []
        self.total = 0

    def __call__(self, outcome: Outcome) -> None:
        self.inner(outcome)
        before = self.old.get(outcome.path)
        self.total += 1
        after = outcome.verdict
        if before is not None and after is not None and before != after:
            self.flips.append(
                f"  {outcome.path}: {before.decision} ({before.recommended_tier}) -> "
                f"{after.decision} ({after.recommended_tier})"
            )

    def text(self) -> str:
        head = f"rubric change impact: {len(self.flips)} of {self.total} card(s) change decision or recommended tier"
        return "\n".join([head, *self.flips])


def against(
    inner: Callable[[Outcome], None], paths: list[str], options: CheckOptions, old_rubrics: Path, jobs: int
) -> Impact:
    """Assess `paths` under the old rubric set now (the run's profile where it has it, no other
    option); the returned Impact compares the new outcomes with those as they pass.
    Raises ConfigError (exit 3) when the old set is broken."""
    from releasecheck.batch import outcomes

    old = options.with_rubrics(load_rubrics(old_rubrics), old_rubrics)
    return Impact(inner, {o.path: o.verdict for o in outcomes(paths, old, jobs) if o.verdict})
