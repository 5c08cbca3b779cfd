"""Pydantic models of a rubric set; schemas/rubric.schema.json is generated from them.

A rubric is data: rows with stable ids, each of one of a few *kinds* that the engine
implements. Nothing in a rubric is executed.
"""

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from releasecheck.ladder import Level, LevelId, TierClass, TierId
from releasecheck.vocabulary import Artifact, Kind, Modality

Number = StrictInt | StrictFloat
RuleId = Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]
Marginal = Literal["below", "none", "slight", "significant", "unknown"]


class Strict(BaseModel):
    # defer_build: a rubric set read from the cache never needs these validators built
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Strict):
    title: StrictStr = Field(description="Citation of a public document.")
    url: StrictStr | None = Field(None, description="Where the document can be read.")
    date: StrictStr | None = Field(None, description="Publication date (ISO 8601, year-month or year).")


_PUBLICATION_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_RELEASE_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
DatedText = Annotated[
    StrictStr,
    Field(
        pattern=_PUBLICATION_DATE.pattern,
        description="Publication date of the source: ISO 8601 date, year-month or year (quote it in YAML).",
    ),
]
Fraction = Annotated[Number, Field(ge=0, le=1)]


class Figure(Strict):
    """Where a published number comes from: every figure carries its source and that source's date."""

    source: StrictStr = Field(description="Citation of the public document the figure is taken from.")
    url: StrictStr | None = Field(None, description="Where the document can be read.")
    date: DatedText


class Tier(Strict):
    id: TierId
    rank: StrictInt = Field(ge=0)
    tier_class: TierClass = Field(alias="class")
    title: StrictStr
    description: StrictStr


class LevelInfo(Strict):
    id: LevelId
    rank: StrictInt
    title: StrictStr
    description: StrictStr
    anchors: StrictStr = ""


class Domain(Strict):
    id: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: StrictStr
    description: StrictStr
    sources: list[Source] = Field(default_factory=list)


class ScoreRange(Strict):
    """What a score on the benchmark means, on the 0-1 scale cards use."""

    min: Number = 0
    max: Number = 1
    chance: Annotated[Number, Field(ge=0, le=1)] | None = Field(
        None, description="Score expected from random guessing, where the format has one."
    )
    meaning: StrictStr = Field(description="What the fraction counts (accuracy, tasks solved, normalised score).")


class Baseline(Figure):
    """A published human or expert score on the benchmark."""

    value: Fraction = Field(description="The baseline score, a fraction in [0, 1].")
    who: StrictStr = Field(description="Who set the baseline (e.g. expert virologists in their own sub-areas).")


class HubDataset(Strict):
    """How the Hugging Face Hub names a benchmark in a model card's `model-index` results."""

    type: StrictStr = Field(description="The dataset id on the Hub (`dataset.type`), e.g. cais/wmdp.")
    config: StrictStr | None = Field(None, description="The dataset configuration (`dataset.config`), e.g. wmdp-bio.")


class Benchmark(Strict):
    id: StrictStr = Field(description="The name cards use for the benchmark.")
    domain: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    alert: Annotated[Number, Field(ge=0, le=1)] = Field(
        description="Scores at or above this fraction establish `alert`."
    )
    rationale: StrictStr
    sources: list[Source] = Field(min_length=1)
    score_range: ScoreRange | None = Field(None, description="The scale of the benchmark's scores.")
    baseline: Baseline | None = Field(
        None, description="Published human or expert baseline; absent when none is published."
    )
    hub_datasets: list[HubDataset] = Field(
        default_factory=list,
        description="The Hub dataset ids (and configurations) under which model-index results report this benchmark.",
    )


# --- catalogue of openly available models ----------------------------------------------------


class Score(Figure):
    """One published score of a catalogue model."""

    benchmark: StrictStr = Field(description="Benchmark name as cards write it (e.g. GPQA-Diamond, WMDP-Bio).")
    score: Fraction = Field(description="The score as a fraction in [0, 1].")
    setting: StrictStr | None = Field(
        None, description="Variant and evaluation setting (e.g. instruct, 5-shot; reasoning high, no tools)."
    )


class AssessedLevel(Figure):
    """A published level determination for one risk domain, mapped to releasecheck's levels."""

    domain: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9-]*$")] = Field(description="The risk domain id.")
    level: Level = Field(description="The published determination mapped to releasecheck's level ids.")
    published_as: StrictStr = Field(
        description="The determination in the publisher's own words (e.g. 'Preparedness Medium (pre-mitigation)')."
    )
    elicitation: Literal["safeguards-off", "safeguards-on"] = Field(
        description=(
            "safeguards-off when measured without safeguards (pre-mitigation, helpful-only or fine-tuned model); "
            "safeguards-on otherwise. Only a safeguards-off determination can serve weights tiers as a proxy."
        )
    )
    assessor: StrictStr = Field(description="Who made the determination (the developer, or the evaluator's name).")


class CatalogueModel(Strict):
    """A released model: an open reference for marginal risk when its weights are openly available,
    and a safe reference model for proxy levels when a level determination was published."""

    id: StrictStr = Field(description="The name cards use for the model.", min_length=1)
    aliases: list[StrictStr] = Field(default_factory=list, description="Other names cards may use for it.")
    developer: StrictStr
    kind: Kind
    modalities: list[Modality] = Field(min_length=1)
    released: StrictStr = Field(
        pattern=_RELEASE_DATE.pattern,
        description=(
            "Public release (of the weights, or of hosted access for a hosted model): ISO date, or year-month "
            "when the day is not published."
        ),
    )
    licence: StrictStr = Field(description="SPDX id or licence name.")
    artifacts: list[Artifact] = Field(
        default_factory=list, description="What was released: weights, code, data (empty for a hosted-only model)."
    )
    parameters: Number | None = Field(None, description="Total parameters, where published.")
    sources: list[Source] = Field(min_length=1, description="Where the release date, licence and artifacts come from.")
    scores: list[Score] = Field(default_factory=list, description="Published scores; a missing score is absent.")
    availability: Literal["open", "gated", "hosted"] | None = Field(
        None,
        description=(
            "open: weights downloadable by anyone (a click-through licence counts); gated: weights only to approved "
            "applicants; hosted: no weights released. Default: open when weights are among the artifacts, else hosted. "
            "Only open models set the open frontier."
        ),
    )
    assessed: list[AssessedLevel] = Field(
        default_factory=list,
        description="Published level determinations per domain (scorecards, ASL or FSF results, AISI evaluations).",
    )
    notes: StrictStr = ""

    @property
    def openly_available(self) -> bool:
        if self.availability is not None:
            return self.availability == "open"
        return "weights" in self.artifacts

    @field_validator("sources")
    @classmethod
    def _dated(cls, sources: list[Source]) -> list[Source]:
        for source in sources:
            if source.date is None or not _PUBLICATION_DATE.match(source.date):
                raise ValueError(f"source '{source.title}' needs a publication date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return sources

    @model_validator(mode="after")
    def _one_score_per_benchmark(self) -> "CatalogueModel":
        seen = [s.benchmark for s in self.scores]
        dups = sorted({b for b in seen if seen.count(b) > 1})
        if dups:
            raise ValueError(f"more than one score for {', '.join(dups)}: keep the one the catalogue uses")
        domains = [a.domain for a in self.assessed]
        twice = sorted({d for d in domains if domains.count(d) > 1})
        if twice:
            raise ValueError(f"more than one assessed level for {', '.join(twice)}: keep the one the catalogue uses")
        return self


# --- controls and requirements -------------------------------------------------------------


class ControlNeed(Strict):
    """A control that must be in place: a boolean true, or a weight-security level at least."""

    control: Annotated[StrictStr, Field(pattern=r"^(access_controls|accountability|capacity_building)\.[a-z_]+$")]
    at_least: Literal["sl1", "sl2", "sl3", "sl4", "sl5"] | None = None


class AnyOf(Strict):
    any_of: list[ControlNeed] = Field(min_length=2)


Need = ControlNeed | AnyOf


class PillarLevel(Strict):
    id: RuleId
    level: StrictInt = Field(ge=1, le=3)
    title: StrictStr
    rationale: StrictStr
    sources: list[Source] = Field(min_length=1)
    needs: list[Need] = Field(min_length=1)


class Pillar(Strict):
    title: StrictStr
    levels: list[PillarLevel] = Field(min_length=1)


class _RuleBase(Strict):
    id: RuleId
    title: StrictStr
    rationale: StrictStr
    sources: list[Source] = Field(min_length=1)


class RequiredDomainsRule(_RuleBase):
    kind: Literal["required-domains"]
    kinds: list[Kind] = Field(default_factory=list, description="Model kinds this row applies to.")
    modalities: list[Modality] = Field(default_factory=list, description="Or: any of these modalities.")
    compute_at_least: Number | None = Field(None, description="Applies when compute is at least this, or undisclosed.")
    domains: list[StrictStr] = Field(min_length=1)


class BenchmarkRule(_RuleBase):
    kind: Literal["benchmark-threshold"]


class UnknownBenchmarkRule(_RuleBase):
    kind: Literal["unknown-benchmark"]


class UpliftRule(_RuleBase):
    kind: Literal["uplift-study"]
    ratio: Number = Field(gt=0, description="Significant uplift at or above this ratio establishes the level.")
    novice_level: Level = "high"
    expert_level: Level = "severe"


class RedTeamRule(_RuleBase):
    kind: Literal["red-team"]
    severity_levels: dict[Literal["none", "minor", "moderate", "serious", "critical"], Level]


class ThresholdRule(_RuleBase):
    kind: Literal["threshold-assessment"]


class NoEvidenceRule(_RuleBase):
    kind: Literal["no-evidence"]


class CannotRuleOutRule(_RuleBase):
    kind: Literal["cannot-rule-out"]
    classes: list[TierClass] = Field(description="Tier classes in which an unrefuted alert counts as high.")
    from_level: Level = "alert"
    to_level: Level = "high"


class SafeguardsOnRule(_RuleBase):
    kind: Literal["weights-safeguards-on"]
    from_level: Level = "alert"
    to_level: Level = "high"


class WorstCaseRule(_RuleBase):
    kind: Literal["weights-worst-case"]


class ProxyRule(_RuleBase):
    kind: Literal["proxy"]
    margin: Number = Field(ge=0)
    min_benchmarks: StrictInt = Field(ge=1)
    catalogue: StrictBool = Field(
        False, description="Also look for a safe reference among the catalogue's assessed models."
    )
    max_level: Level = Field(
        "alert",
        description="A reference serves as a safe reference for a domain only where its published level is at most this.",
    )
    clearly_below: Number | None = Field(
        None,
        description="A model at least this far below the reference on every shared benchmark is clearly less capable.",
    )
    clearly_below_levels: dict[Level, Level] = Field(
        default_factory=dict,
        description="Reference level -> the level a clearly less capable model takes (e.g. alert: low).",
    )
    related_domains: dict[StrictStr, list[StrictStr]] = Field(
        default_factory=dict,
        description="Domain -> domains whose determination speaks for it when the reference has none for it.",
    )


class MarginalRule(_RuleBase):
    kind: Literal["marginal-risk"]
    margin: Number = Field(ge=0)
    significance: Number = Field(ge=0)
    min_general: StrictInt = Field(ge=1)
    bears_on: dict[StrictStr, list[StrictStr]] = Field(
        default_factory=lambda: {"*": ["*"]},
        description="General benchmark -> domains it bears on; '*' matches every benchmark or domain.",
    )
    domain_benchmarks: dict[StrictStr, list[StrictStr]] = Field(
        default_factory=dict,
        description=(
            "Benchmarks that measure a domain's own capability: a comparison on one counts as a domain comparison "
            "for these domains, wherever the card lists it."
        ),
    )
    min_below: StrictInt = Field(2, ge=1, description="Comparisons needed for the category below.")


class Cell(Strict):
    tier: TierId
    exception: RuleId | None = Field(None, description="A ceiling-exception rule that must hold for `tier`.")
    otherwise: TierId | None = Field(None, description="The tier when the exception does not hold.")
    warning: RuleId | None = Field(None, description="A warning rule reported when this cell is used.")


CellSpec = TierId | Cell
Row = dict[Marginal, CellSpec]


class CeilingRule(_RuleBase):
    kind: Literal["ceiling-matrix"]
    matrix: dict[LevelId, Row] = Field(description="level -> marginal risk -> most open tier permitted.")


class ExceptionRule(_RuleBase):
    kind: Literal["ceiling-exception"]
    assessment_complete: StrictBool = True
    worst_case_evidence: StrictBool = True
    needs: list[Need] = Field(default_factory=list)


class WarningRule(_RuleBase):
    kind: Literal["warning"]
    confidence: Literal["low", "medium", "high"] | None = Field(None, description="Caps confidence when it fires.")


class GoverningRule(_RuleBase):
    kind: Literal["governing-level"]
    unknown_with_no_marginal_risk: Level
    unknown_otherwise: Level


class RequirementRule(_RuleBase):
    kind: Literal["tier-requirement"]
    requirement: Literal["safeguard", "obligation"] = Field(
        description=(
            "safeguard: contains the risk at this tier; an absent one blocks the tier. obligation: documentation, "
            "publication or a legal duty attached to the release; unmet or undocumented, it is a condition."
        )
    )
    deployment: StrictBool = Field(
        True,
        description=(
            "A safeguard that describes how the planned release is run: for any tier other than the planned one "
            "its absence is a condition, since the card describes a different release."
        ),
    )
    in_force: DatedText | None = Field(
        None, description="Date the law or code behind an obligation applies from; earlier releases are informed only."
    )
    domains: list[StrictStr] = Field(
        default_factory=list,
        description="Only these domains set the governing level for this requirement; empty = all.",
    )
    tiers: list[TierId] = Field(min_length=1)
    at_least: Level | None = Field(
        None, description="Applies when the governing level of the tier's class is at least this."
    )
    compute_above: Number | None = Field(
        None, description="Applies above this training compute (and when undisclosed)."
    )
    model_kinds: list[Kind] = Field(default_factory=list, description="The model kinds it applies to; empty = all.")
    marginal: list[Marginal] = Field(
        default_factory=list,
        description=(
            "Applies only where a domain at or above `at_least` for the tier's class has one of these "
            "marginal-risk categories; empty = whatever the marginal risk."
        ),
    )
    evidence: Literal["worst-case"] | None = Field(
        None,
        description=(
            "Evidence the card's own evaluations must give in each such domain: `worst-case` = an evaluation "
            "elicited adversarially (e.g. after malicious fine-tuning), not only with safeguards off."
        ),
    )
    needs: list[Need] = Field(default_factory=list, description="Controls the tier needs; at least one, or `evidence`.")

    @model_validator(mode="after")
    def _needs_something(self) -> "RequirementRule":
        if not self.needs and self.evidence is None:
            raise ValueError("a tier requirement needs at least one control (`needs`) or `evidence`")
        if (self.marginal or self.evidence is not None) and self.at_least is None:
            raise ValueError("`marginal` and `evidence` name domains at a level: give `at_least` too")
        return self


class ComputeRule(_RuleBase):
    kind: Literal["compute-undisclosed"]
    model_kinds: list[Kind]
    flop_per_parameter: Number | None = Field(
        None,
        gt=0,
        description=(
            "With the parameter count disclosed, undisclosed compute is presumed at most this many FLOP per "
            "parameter: compute thresholds above that bound do not apply. Leave out to presume every threshold."
        ),
    )
    min_parameters: Number = Field(
        0,
        ge=0,
        description=(
            "A parameter count under this is read as a slip of units (7 for 7 billion), not as a bound: it bounds "
            "nothing and is reported."
        ),
    )


class ObligationRule(_RuleBase):
    kind: Literal["obligation"]
    above_flop: Number
    model_kinds: list[Kind] = Field(default_factory=list, description="Kinds it applies to; empty = all.")
    instrument: StrictStr
    duties: list[StrictStr] = Field(min_length=1)
    effective: StrictStr = Field(description="When the duties apply (ISO date or description).")


class CatalogueRule(_RuleBase):
    kind: Literal["catalogue-reference"]
    frontier: StrictBool = Field(
        True,
        description="Compare with the open frontier: the best score per benchmark among catalogue models openly "
        "available before the card's release date, and the card's named reference.",
    )


class StepRule(_RuleBase):
    kind: Literal["recommendation", "decision", "confidence", "front-matter", "template"]


Rule = Annotated[
    RequiredDomainsRule
    | BenchmarkRule
    | UnknownBenchmarkRule
    | UpliftRule
    | RedTeamRule
    | ThresholdRule
    | NoEvidenceRule
    | CannotRuleOutRule
    | SafeguardsOnRule
    | WorstCaseRule
    | ProxyRule
    | MarginalRule
    | CeilingRule
    | ExceptionRule
    | WarningRule
    | GoverningRule
    | RequirementRule
    | ComputeRule
    | ObligationRule
    | CatalogueRule
    | StepRule,
    Field(discriminator="kind"),
]


class Profile(Strict):
    """An overlay: rules it replaces (keyed by the id they replace) or adds, and rules it removes."""

    id: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: StrictStr
    description: StrictStr
    rationale: StrictStr
    sources: list[Source] = Field(min_length=1)
    replace: dict[RuleId, Rule] = Field(default_factory=dict)
    add: list[Rule] = Field(default_factory=list)
    remove: list[RuleId] = Field(default_factory=list)


class Meta(Strict):
    id: StrictStr
    version: StrictStr
    title: StrictStr
    default_profile: StrictStr
    description: StrictStr = ""


class RubricFile(Strict):
    """One YAML file of a rubric set; the set is the union of its files' sections."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="releasecheck rubric file", defer_build=True)

    rubric: Meta | None = None
    tiers: list[Tier] | None = None
    levels: list[LevelInfo] | None = None
    domains: list[Domain] | None = None
    benchmarks: list[Benchmark] | None = None
    pillars: dict[Literal["access_controls", "accountability", "capacity_building"], Pillar] | None = None
    rules: list[Rule] | None = None
    profiles: list[Profile] | None = None
    catalogue: list[CatalogueModel] | None = None
