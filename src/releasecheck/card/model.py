"""The card of SPEC §4 as pydantic models; schemas/card.schema.json is generated from these.

Strings, booleans and ids are strict (a YAML 1.1 ``no`` must not become the licence "False",
a number must not become a model name); numbers accept ints and floats but never strings.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
)
from pydantic import Strict as StrictMode

from releasecheck.ladder import LevelId, TierId
from releasecheck.vocabulary import Artifact, Kind, Modality

Elicitation = Literal["safeguards-on", "safeguards-off", "worst-case"]
Performer = Literal["internal", "third-party"]
Severity = Literal["none", "minor", "moderate", "serious", "critical"]
WeightSecurity = Literal["none", "sl1", "sl2", "sl3", "sl4", "sl5", "unknown"]
Provenance = Literal["weight-hashes", "signed-weights", "watermarking", "content-credentials"]
Amount = Literal["none", "low", "medium", "high"]

# One number type (a strict float takes ints, never bools or text), so a wrong value gets one
# message rather than one per member of an int | float union; infinities and NaN are refused.
Number = Annotated[float, StrictMode(), Field(allow_inf_nan=False)]
Fraction = Annotated[Number, Field(ge=0, le=1)]
# Domain ids are checked against the rubric after validation, with a "did you mean" hint.
DomainId = Annotated[StrictStr, Field(description="A risk domain id of the rubric, e.g. bio, cyber.")]
Text = StrictStr
Unknown = Literal["unknown"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _iso_date(value: Any) -> Any:
    """Dates are ISO 8601 calendar dates (YAML gives them as dates; quoted text is parsed)."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD) without a time of day")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected an ISO 8601 date, YYYY-MM-DD, e.g. 2026-12-01")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date, json_schema_input_type=dt.date)]


def _format_version(value: Any) -> Any:
    if isinstance(value, bool) or value != 1:
        raise ValueError("expected the card format version 1 (write `releasecheck: 1`)")
    return 1


def _wrap_bare(value: Any) -> Any:
    """A control given as a bare value is the same as ``{value: …}``."""
    if isinstance(value, dict):
        return value
    return {"value": value}


class _ControlDetail(Strict):
    evidence: Text | None = Field(None, description="Where an auditor can see the proof of this answer.")
    notes: Text | None = Field(None, description="Free-text remarks on this control.")


# Three concrete classes rather than one generic: pydantic builds a parametrised generic model
# at import time, which costs more start-up than the check itself.
class BoolControlDetail(_ControlDetail):
    value: StrictBool | Unknown = Field(description="true, false or unknown; unknown counts as not in place.")


class SecurityControlDetail(_ControlDetail):
    value: WeightSecurity = Field(description="RAND security level: none, sl1 … sl5, or unknown.")


class ProvenanceControlDetail(_ControlDetail):
    value: list[Provenance] | Unknown = Field(description="Provenance measures in place, or unknown.")


# The published schema shows both forms a control may take: the bare value or the detail.
BoolControl = Annotated[
    BoolControlDetail, BeforeValidator(_wrap_bare, json_schema_input_type=StrictBool | Unknown | BoolControlDetail)
]
SecurityControl = Annotated[
    SecurityControlDetail, BeforeValidator(_wrap_bare, json_schema_input_type=WeightSecurity | SecurityControlDetail)
]
ProvenanceControl = Annotated[
    ProvenanceControlDetail,
    BeforeValidator(_wrap_bare, json_schema_input_type=list[Provenance] | Unknown | ProvenanceControlDetail),
]


class ModelInfo(Strict):
    name: Text = Field(description="The model's name, e.g. Aurora-70B.", min_length=1)
    version: Text | None = Field(None, description='The model\'s version; quote it ("1.0") so YAML keeps it as text.')
    developer: Text = Field(description="The organisation that trained the model.", min_length=1)
    kind: Kind = Field(
        description="What the model is for; decides, with modalities and compute, which risk domains are required."
    )
    modalities: list[Modality] = Field(default_factory=list, description="Input and output modalities of the model.")
    parameters: Annotated[Number, Field(ge=0)] | None = Field(None, description="Number of parameters.")
    training_compute_flop: Annotated[Number, Field(ge=0)] | None = Field(
        None,
        description="Cumulative training compute in FLOP, fine-tuning included (e.g. 6.3e24). Leave out only if undisclosed: undisclosed compute is never read as small.",
    )
    base_model: Text | None = Field(None, description="The model this one was fine-tuned or derived from, if any.")
    description: Text | None = Field(None, description="A short description of the model.")


class Release(Strict):
    planned_tier: TierId | None = Field(
        None, description="The release tier the lab intends; the CI gate compares the recommendation to it."
    )
    date: IsoDate | None = Field(None, description="Planned release date (ISO 8601).")
    licence: Text | None = Field(
        None, description="SPDX licence id or licence name; quote values YAML could read as booleans."
    )
    artifacts: list[Artifact] = Field(
        default_factory=list, description="What is released alongside access: weights, code, data, checkpoints."
    )


class _EvaluationBase(Strict):
    id: Text | None = Field(None, description="Stable id of this result for references; unique within the card.")
    domain: DomainId = Field(description="The risk domain this result bears on.")
    elicitation: Elicitation = Field(
        description="How the model was elicited: safeguards-on, safeguards-off, or worst-case (e.g. after adversarial fine-tuning)."
    )
    performed_by: Performer = Field("internal", description="Who ran the evaluation: internal or third-party.")
    date: IsoDate | None = Field(None, description="When the evaluation was run (ISO 8601).")
    source: Text = Field(description="Where the result is published or filed, e.g. 'System card §4.1'.", min_length=1)
    notes: Text | None = Field(None, description="Free-text remarks.")


class BenchmarkResult(_EvaluationBase):
    type: Literal["benchmark"] = Field(description="Evaluation type.")
    benchmark: Text = Field(
        description="The benchmark's name as the rubric knows it, e.g. VCT, WMDP-Bio (case, spaces, hyphens, underscores and a trailing setting in brackets do not matter).",
        min_length=1,
    )
    score: Fraction = Field(description="Score as a fraction in [0, 1].")


class UpliftStudy(_EvaluationBase):
    type: Literal["uplift-study"] = Field(description="Evaluation type.")
    population: Literal["novice", "expert"] = Field(description="Who took part: novice or expert.")
    uplift: Annotated[Number, Field(ge=0)] = Field(description="Treatment/control success ratio.")
    significant: StrictBool = Field(description="Whether the uplift is statistically significant.")


class RedTeam(_EvaluationBase):
    type: Literal["red-team"] = Field(description="Evaluation type.")
    severity: Severity = Field(description="Worst finding of the red team: none, minor, moderate, serious or critical.")


class ThresholdAssessment(_EvaluationBase):
    type: Literal["threshold-assessment"] = Field(description="Evaluation type.")
    level: LevelId = Field(description="The lab's own level determination for this domain.")
    framework: Text | None = Field(None, description="Which framework the determination was made under.")


Evaluation = Annotated[
    BenchmarkResult | UpliftStudy | RedTeam | ThresholdAssessment,
    Field(discriminator="type"),
]


class TamperTest(Strict):
    method: Literal["fine-tuning", "abliteration", "jailbreak"] = Field(
        description="How the attack tried to strip safeguards."
    )
    refusal_before: Fraction = Field(description="Fraction of harmful requests refused before the attack.")
    refusal_after: Fraction = Field(description="Fraction refused after the attack.")
    cost_usd: Annotated[Number, Field(ge=0)] | None = Field(None, description="What the attack cost, in US dollars.")
    source: Text | None = Field(None, description="Where the tamper test is published or filed.")


class Safeguards(Strict):
    refusal_training: StrictBool | None = Field(
        None, description="Whether the model was trained to refuse harmful requests."
    )
    data_filtering: list[DomainId] = Field(
        default_factory=list, description="Domains filtered out of the training data."
    )
    system_level: list[Text] = Field(
        default_factory=list,
        description="System-level safeguards (e.g. input-classifier); effective only while hosted.",
    )
    tamper_tests: list[TamperTest] = Field(
        default_factory=list, description="Robustness tests of model-level safeguards."
    )


class Comparison(Strict):
    benchmark: Text = Field(
        description="Benchmark name shared by both models, as the catalogue spells it, e.g. MMLU, GPQA-Diamond (case, spaces, hyphens, underscores and a trailing setting in brackets do not matter).",
        min_length=1,
    )
    model_score: Fraction = Field(description="This model's score, a fraction in [0, 1].")
    reference_score: Fraction | None = Field(
        None,
        description="The reference model's score, a fraction in [0, 1]. In marginal_risk it may be omitted "
        "when the reference is in the rubric's catalogue of open models, which then supplies it; "
        "a score given here always wins over the catalogue's.",
    )
    source: Text | None = Field(None, description="Where both scores come from.")


class SafeComparison(Comparison):
    """A similarly-safe comparison: the reference's published score is always given."""

    reference_score: Fraction = Field(description="The safe reference model's score, a fraction in [0, 1].")


class DomainComparison(Comparison):
    domain: DomainId = Field(description="The risk domain this comparison bears on.")


class OpenReference(Strict):
    model: Text = Field(description="The best openly available comparable model.", min_length=1)
    as_of: IsoDate | None = Field(None, description="Date on which it was the best open comparable model.")


class Assessment(Strict):
    threat_model: Text | None = Field(
        None, description="Step 1 (Kapoor et al. 2024): the threat, its actors and their resources."
    )
    existing_risk: Text | None = Field(None, description="Step 2: the risk that exists without this release.")
    existing_defenses: Text | None = Field(None, description="Step 3: the defences that exist without this release.")
    evidence: Text | None = Field(
        None, description="Step 4: the evidence of marginal risk, against the open reference and closed alternatives."
    )
    ease_of_defense: Text | None = Field(None, description="Step 5: how easily the new risk can be defended against.")
    uncertainty: Text | None = Field(None, description="Step 6: uncertainty and assumptions.")


class MarginalRisk(Strict):
    reference: OpenReference | None = Field(
        None, description="The openly available model this release is compared with."
    )
    general_capability: list[Comparison] = Field(
        default_factory=list, description="Shared general benchmarks, this model against the reference."
    )
    domain_comparisons: list[DomainComparison] = Field(
        default_factory=list, description="Worst-case domain results against the reference."
    )
    assessment: Assessment | None = Field(
        None, description="The six-step marginal-risk assessment of Kapoor et al. 2024, free text each."
    )


class SafeReference(Strict):
    model: Text = Field(description="A model whose levels were assessed and published.", min_length=1)
    assessed_levels: dict[DomainId, LevelId] = Field(default_factory=dict, description="Published level per domain.")
    source: Text | None = Field(None, description="Where the reference's levels are published.")


class SimilarlySafe(Strict):
    reference: SafeReference = Field(description="The safe reference model (EU GPAI Code of Practice App. 2).")
    general_capability: list[SafeComparison] = Field(
        default_factory=list, description="Shared general benchmarks, this model against the safe reference."
    )


class AccessControls(Strict):
    acceptable_use_policy: BoolControl | None = Field(
        None, description="A published acceptable-use policy binds users."
    )
    identity_verification: BoolControl | None = Field(
        None, description="Identity verification (KYC) for access to the model or to sensitive capability."
    )
    revocable_access: BoolControl | None = Field(
        None, description="Access can be withdrawn (accounts, keys, licence terms)."
    )
    usage_monitoring: BoolControl | None = Field(None, description="Usage is monitored for misuse.")
    misuse_classifiers: BoolControl | None = Field(None, description="Classifiers detect or block misuse.")
    staged_rollout: BoolControl | None = Field(None, description="Access widens in stages.")
    weight_security: SecurityControl | None = Field(
        None, description="RAND security level protecting the weights: none, sl1 … sl5, or unknown."
    )


class Accountability(Strict):
    model_card_published: BoolControl | None = Field(None, description="A model card is published.")
    evaluations_published: BoolControl | None = Field(None, description="Evaluation results are published.")
    worst_case_evaluations_published: BoolControl | None = Field(
        None, description="Worst-case (safeguards-off / fine-tuned) evaluations are published."
    )
    incident_reporting: BoolControl | None = Field(
        None, description="Incidents are reported to authorities or the public."
    )
    safety_framework_published: BoolControl | None = Field(None, description="The lab's safety framework is published.")
    provenance: ProvenanceControl | None = Field(
        None, description="Provenance measures: weight-hashes, signed-weights, watermarking, content-credentials."
    )
    third_party_evaluation: BoolControl | None = Field(
        None, description="An independent third party evaluated the model."
    )
    monitoring_plan: BoolControl | None = Field(
        None, description="Post-release plan: collect evidence, compare to thresholds, act."
    )


class CapacityBuilding(Strict):
    researcher_access_program: BoolControl | None = Field(
        None, description="A programme gives independent researchers access."
    )
    safety_research_funding: BoolControl | None = Field(None, description="The lab funds external safety research.")
    secure_research_environment: BoolControl | None = Field(
        None, description="A secure environment for research on the model exists."
    )
    public_interest_compute: BoolControl | None = Field(
        None, description="Compute is provided for public-interest research."
    )


class Benefits(Strict):
    research_value: Amount | None = Field(None, description="Research value of openness: none, low, medium, high.")
    enables_independent_safety_research: StrictBool | None = Field(
        None, description="Openness enables independent safety research."
    )
    reduces_concentration: StrictBool | None = Field(None, description="Openness reduces concentration of power.")
    notes: Text | None = Field(None, description="The case for openness, in words.")


class Card(Strict):
    """A model release card: one model, one release step."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="releasecheck card")

    releasecheck: Annotated[Literal[1], BeforeValidator(_format_version)] = Field(
        description="Card format version; always 1."
    )
    model: ModelInfo = Field(description="What the model is.")
    release: Release = Field(default_factory=Release, description="The release step this card describes.")
    evaluations: list[Evaluation] = Field(
        default_factory=list, description="Capability evidence, one entry per result."
    )
    safeguards: Safeguards = Field(
        default_factory=Safeguards, description="Model- and system-level safeguards and their tamper tests."
    )
    marginal_risk: MarginalRisk = Field(
        default_factory=MarginalRisk,
        description="Comparison with what is already openly available (OECD / NTIA / Kapoor et al.).",
    )
    similarly_safe: SimilarlySafe | None = Field(
        None, description="A safe reference model for proxy evidence (EU GPAI Code of Practice App. 2)."
    )
    access_controls: AccessControls = Field(
        default_factory=AccessControls, description="A of ABC: who can use the model and how."
    )
    accountability: Accountability = Field(
        default_factory=Accountability, description="B of ABC: transparency and oversight."
    )
    capacity_building: CapacityBuilding = Field(
        default_factory=CapacityBuilding, description="C of ABC: support for independent research."
    )
    benefits: Benefits = Field(default_factory=Benefits, description="The case for openness; reported, never a gate.")


TYPE_FIELDS: dict[str, frozenset[str]] = {
    "benchmark": frozenset({"benchmark", "score"}),
    "uplift-study": frozenset({"population", "uplift", "significant"}),
    "red-team": frozenset({"severity"}),
    "threshold-assessment": frozenset({"level", "framework"}),
}
