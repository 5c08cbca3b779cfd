"""An archived JSON report as `verify` and `diff` read it: the keys they use, typed.

`audit.load_report` checks a file against schemas/report.schema.json before it is read as one of
these, so every key named here without NotRequired is present with its type."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Options(TypedDict, total=False):
    expect_tier: str | None
    min_confidence: str | None
    waived: list[str]
    compare_profiles: bool


class Input(TypedDict):
    path: str
    sha256: str
    options: NotRequired[Options]


class Rubrics(TypedDict):
    id: str
    profile: str
    version: str
    sha256: str


class Tool(TypedDict):
    name: str
    version: str


class Need(TypedDict):
    rule: str
    message: str


class Domain(TypedDict):
    domain: str
    level_hosted: str
    level_weights: str
    marginal: str
    binding: bool
    proxy: bool


class Pillar(TypedDict):
    level: int


class Tier(TypedDict):
    tier: str
    permitted: bool
    ready: bool
    blocked_by: list[Need]


class Step(TypedDict):
    rule: str
    outcome: str
    message: str


class Waiver(TypedDict):
    rule: str
    reason: str
    approved_by: str
    expires: str
    scope: NotRequired[str | None]


class Report(TypedDict):
    report_version: int
    tool: Tool
    input: Input
    rubrics: Rubrics
    planned_tier: str | None
    ceiling_tier: str
    recommended_tier: str
    decision: str
    confidence: str
    domains: list[Domain]
    abc: dict[str, Pillar]
    tiers: list[Tier]
    trail: list[Step]
    waivers: list[Waiver]
    generated_at: NotRequired[str]


# What `diff` found: {"from": old, "to": new} per changed value ("from" is a keyword, hence this form).
Change = TypedDict("Change", {"from": object, "to": object})


class TierChange(TypedDict, total=False):
    permitted: Change
    ready: Change
    blockers_added: list[str]
    blockers_removed: list[str]


class TrailChange(TypedDict):
    removed: list[str]
    added: list[str]


class Diff(TypedDict):
    verdict: dict[str, Change]
    inputs: dict[str, Change]
    domains: dict[str, str | dict[str, Change]]  # "added", "removed", or the changed values
    abc: dict[str, Change]
    tiers: dict[str, TierChange]
    trail: TrailChange
    changed: bool
