"""The JSON report as pydantic models: the source of schemas/report.schema.json.

The report itself is built as plain dicts (report/json_report.py) so a check never pays for
building these validators; tests validate every report against the generated schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from releasecheck.card.model import Benefits, Safeguards
from releasecheck.ladder import LevelId, TierId

Decision = Literal["pass", "conditional", "fail", "none"]
Confidence = Literal["low", "medium", "high"]
Marginal = Literal["below", "none", "slight", "significant", "unknown"]
ControlState = Literal["absent", "undocumented"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_M):
    name: Literal["releasecheck"]
    version: str


class CheckOptionsRef(_M):
    expect_tier: TierId | None = Field(description="--expect-tier, when given.")
    min_confidence: Confidence | None = Field(description="--min-confidence, when given.")
    waived: list[str] = Field(description="Rule ids waived for this card.")
    compare_profiles: bool = Field(description="Whether --compare-profiles was given.")


class InputRef(_M):
    path: str = Field(description="The card as given on the command line.")
    sha256: str = Field(description="SHA-256 of the card's bytes.")
    options: CheckOptionsRef = Field(description="The check options that shaped this report, for verify.")


class RubricRef(_M):
    id: str
    profile: str
    version: str
    sha256: str = Field(description="SHA-256 over the rubric set's files (name and bytes, sorted by name).")


class ModelRef(_M):
    name: str
    version: str | None
    developer: str


class Pointer(_M):
    path: str = Field(description="Field path in the card, e.g. evaluations[2].")
    line: int = Field(description="Line in the card file.")


class Evidence(_M):
    path: str
    line: int
    id: str | None
    type: str
    elicitation: str | None
    performed_by: str | None
    establishes: LevelId
    rules_out_above: LevelId | None
    rule: str
    source: str
    reference: str | None = Field(None, description="For a level by comparison (type proxy): the safe reference model.")


class Permits(_M):
    hosted: TierId
    weights: TierId


class DomainReport(_M):
    domain: str
    required: bool
    required_by: list[str]
    level_hosted: LevelId
    level_weights: LevelId
    proxy: bool
    marginal: Marginal
    excess: float | None
    binding: bool = Field(description="This domain stops the tier above the ceiling.")
    permits: Permits
    evidence: list[Evidence]


class Pillar(_M):
    level: int = Field(ge=0, le=3)
    met: list[str]
    missing: list[str] = Field(description="Controls not in place: absent and undocumented together.")
    absent: list[str] = Field(description="Controls the card documents as not in place (false, none, a level below).")
    undocumented: list[str] = Field(description="Controls the card leaves out or gives as unknown.")


class Abc(_M):
    access_controls: Pillar
    accountability: Pillar
    capacity_building: Pillar


class Blocker(_M):
    kind: Literal["capability", "safeguard", "obligation"] = Field(
        description="capability: a finding about the model; safeguard: a control that contains the risk at the tier; "
        "obligation: documentation, publication or a legal duty attached to the release."
    )
    rule: str
    message: str
    domain: str | None = None
    control: str | None = None
    state: ControlState | None = Field(None, description="For a control: absent or undocumented.")
    line: int = Field(description="Card line where the finding can be seen (1 when the card is silent).")


class TierReport(_M):
    tier: TierId
    permitted: bool = Field(description="At or below the ceiling.")
    ready: bool = Field(description="Permitted, and every requirement met (or waived) now.")
    blocked_by: list[Blocker] = Field(
        description="Capability findings and absent safeguards: the tier is not available."
    )
    conditions: list[Blocker] = Field(
        description="Undocumented safeguards and unmet obligations: the tier is available on these conditions."
    )


class Unlock(_M):
    tier: TierId
    needs: list[Blocker]


class TrailEntry(_M):
    rule: str
    outcome: Literal["fired", "unmet", "met", "waived", "info"]
    message: str
    evidence: list[Pointer]
    effect: str | None


class ObligationReport(_M):
    rule: str
    title: str
    status: Literal["applies", "to-check", "not-in-force"] = Field(
        description="applies; to-check (compute undisclosed); not-in-force (the law applies from after the release date)."
    )
    threshold_flop: float
    instrument: str
    duties: list[str]
    effective: str
    sources: list[str]
    note: str


class Waiver(_M):
    rule: str
    reason: str
    approved_by: str
    expires: str
    scope: str | None = None
    changed: str


class WarningReport(_M):
    rule: str
    message: str
    evidence: list[Pointer]


class ProfileResult(_M):
    ceiling_tier: TierId
    recommended_tier: TierId
    decision: Decision
    confidence: Confidence


class Profiles(_M):
    verdict: Literal["robust", "contested"]
    range: str | None
    results: dict[str, ProfileResult]
    dividing_rules: list[str]


class Report(_M):
    """A releasecheck assessment of one card."""

    model_config = ConfigDict(extra="forbid", title="releasecheck report")

    report_version: Literal[3]
    tool: Tool
    input: InputRef
    rubrics: RubricRef
    model: ModelRef
    planned_tier: TierId | None
    ceiling_tier: TierId
    recommended_tier: TierId = Field(
        description="The most open tier at or below the ceiling that no absent safeguard blocks; see conditions."
    )
    ready_tier: TierId = Field(description="The most open tier whose requirements are all met now.")
    conditions: list[Blocker] = Field(
        description="What the recommended tier still needs: undocumented safeguards and unmet obligations."
    )
    unknown_required: list[str] = Field(
        description="Required domains without evidence for the recommended tier's class (never read as safe)."
    )
    decision: Decision
    confidence: Confidence
    domains: list[DomainReport]
    abc: Abc
    tiers: list[TierReport]
    unlock: list[Unlock]
    trail: list[TrailEntry]
    obligations: list[ObligationReport]
    waivers: list[Waiver]
    warnings: list[WarningReport]
    benefits: Benefits
    safeguards: Safeguards = Field(
        default_factory=Safeguards,
        description="Model- and system-level safeguards and their tamper tests, as the card states them; "
        "model-level safeguards are not credited for weights tiers.",
    )
    profiles: Profiles | None = None
    generated_at: str | None = Field(
        None, description="UTC time of the run; SOURCE_DATE_EPOCH when set; absent with --no-timestamp."
    )
