"""What a report says of one card (SPEC §7), typed: built once from a Result, read by every renderer.

Field names are the JSON report's keys (schemas/report.schema.json), so the JSON renderer writes
a Report by walking its fields; the other renderers read the same fields, checked by mypy. A
Report holds no rubric and no document (card positions are resolved to lines here), so worker
processes send it back cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from releasecheck import __version__

# The engine's own immutable records where a report shows them whole:
from releasecheck.assess.recommend import Obligation
from releasecheck.assess.stances import Comparison
from releasecheck.assess.trail import Pointer
from releasecheck.assess.trail import Warning_ as Warning
from releasecheck.ladder import TIER_CLASS, TIER_RANK, TIERS
from releasecheck.yamlpos.problems import format_path

if TYPE_CHECKING:
    from releasecheck.assess.engine import Assessment
    from releasecheck.assess.evidence import DomainEvidence
    from releasecheck.assess.recommend import Blocker
    from releasecheck.result import AppliedWaiver, Result, RunOptions, Verdict

# 2: conditions, ready_tier, unknown_required; blockers of kind safeguard/obligation with a control state;
# pillars list absent and undocumented controls; marginal risk may be `below`; proxy evidence names its reference.
REPORT_VERSION = 3  # 3: safeguards (tamper tests) added; input.path relative to the working directory

JSON = Union[dict[str, "JSON"], list["JSON"], str, int, float, bool, None]  # noqa: UP007 (a recursive alias)
OMIT_NONE = {"omit_none": True}  # field metadata: the key is left out of the JSON when the value is None


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Input:
    path: str
    sha256: str
    options: RunOptions


@dataclass(frozen=True, slots=True)
class Rubrics:
    id: str
    profile: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    version: str | None
    developer: str


@dataclass(frozen=True, slots=True)
class Need:
    """A blocker or condition of a tier: a capability finding, a safeguard or an obligation."""

    kind: str
    rule: str
    message: str
    line: int
    domain: str | None = field(default=None, metadata=OMIT_NONE)
    control: str | None = field(default=None, metadata=OMIT_NONE)
    state: str | None = field(default=None, metadata=OMIT_NONE)  # absent | undocumented


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str
    line: int
    id: str | None
    type: str
    elicitation: str
    performed_by: str | None
    establishes: str
    rules_out_above: str | None
    rule: str
    source: str
    reference: str | None = field(default=None, metadata=OMIT_NONE)  # a proxy's safe reference model


@dataclass(frozen=True, slots=True)
class TamperTest:
    """An attack on the model-level safeguards: refusal before and after, what it cost."""

    method: str
    refusal_before: float
    refusal_after: float
    cost_usd: float | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Safeguards:
    """The card's safeguards as stated; model-level ones are never credited for weights tiers (SPEC §5.2)."""

    refusal_training: bool | None
    data_filtering: tuple[str, ...]
    system_level: tuple[str, ...]
    tamper_tests: tuple[TamperTest, ...]


@dataclass(frozen=True, slots=True)
class Permits:
    hosted: str
    weights: str

    @property
    def overall(self) -> str:
        """The most open tier this domain permits, as the ceiling is taken: tiers in order, each judged
        by its own class's limit. Hosted tiers all permitted but weights limited to api is api, not
        the hosted class's fully-open (which the domains table once showed beside a binding weights limit)."""
        best = TIERS[0]
        for tier in TIERS:
            if TIER_RANK[tier] > TIER_RANK[self.weights if TIER_CLASS[tier] == "weights" else self.hosted]:
                break
            best = tier
        return best


@dataclass(frozen=True, slots=True)
class Domain:
    domain: str
    required: bool
    required_by: tuple[str, ...]
    level_hosted: str
    level_weights: str
    proxy: bool
    marginal: str
    excess: float | None
    binding: bool
    permits: Permits
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Pillar:
    level: int
    met: tuple[str, ...]
    missing: tuple[str, ...]
    absent: tuple[str, ...]
    undocumented: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tier:
    tier: str
    permitted: bool
    ready: bool
    blocked_by: tuple[Need, ...]
    conditions: tuple[Need, ...]


@dataclass(frozen=True, slots=True)
class Unlock:
    tier: str
    needs: tuple[Need, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One trail entry."""

    rule: str
    outcome: str
    message: str
    evidence: tuple[Pointer, ...]
    effect: str | None


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: str
    scope: str | None
    changed: str


@dataclass(frozen=True, slots=True)
class Report:
    report_version: int
    tool: Tool
    input: Input
    rubrics: Rubrics
    model: Model
    planned_tier: str | None
    ceiling_tier: str
    recommended_tier: str
    ready_tier: str
    conditions: tuple[Need, ...]
    unknown_required: tuple[str, ...]
    decision: str
    confidence: str
    domains: tuple[Domain, ...]
    abc: dict[str, Pillar]
    tiers: tuple[Tier, ...]
    unlock: tuple[Unlock, ...]
    trail: tuple[Step, ...]
    obligations: tuple[Obligation, ...]
    waivers: tuple[Waiver, ...]
    warnings: tuple[Warning, ...]
    benefits: dict[str, JSON]
    safeguards: Safeguards
    generated_at: str | None = field(default=None, metadata=OMIT_NONE)
    profiles: Comparison | None = field(default=None, metadata=OMIT_NONE)

    @property
    def verdict(self) -> Verdict:
        from releasecheck.result import Verdict

        return Verdict(self.decision, self.recommended_tier)

    def tier(self, name: str | None) -> Tier | None:
        return next((t for t in self.tiers if t.tier == name), None)


def report_of(result: Result) -> Report:
    a, run = result.assessment, result.run
    card = a.card
    return Report(
        report_version=REPORT_VERSION,
        tool=Tool("releasecheck", __version__),
        input=Input(run.path, run.sha256, run.options),
        rubrics=Rubrics(a.rubric.meta.id, a.rubric.profile.id, a.rubric.meta.version, a.rubric.sha256),
        model=Model(card.model.name, card.model.version, card.model.developer),
        planned_tier=a.planned_tier,
        ceiling_tier=a.ceiling_tier,
        recommended_tier=a.recommended_tier,
        ready_tier=a.ready_tier,
        conditions=_needs(a, a.conditions),
        unknown_required=a.unknown_required,
        decision=a.decision,
        confidence=a.confidence,
        domains=tuple(_domain(a, d) for d in a.domains),
        abc={name: Pillar(p.level, p.met, p.missing, p.absent, p.undocumented) for name, p in a.pillars.items()},
        tiers=tuple(
            Tier(t.tier, t.permitted, t.ready, _needs(a, t.blocked_by), _needs(a, t.conditions)) for t in a.tiers
        ),
        unlock=_unlock(a),
        trail=tuple(Step(e.rule, e.outcome, e.message, e.evidence, e.effect) for e in a.trail),
        obligations=a.obligations,
        waivers=tuple(_waiver(w) for w in run.waivers),
        warnings=a.warnings,
        benefits=card.benefits.model_dump(mode="json"),
        safeguards=_safeguards(a),
        generated_at=run.generated_at,
        profiles=run.profiles,
    )


def _safeguards(a: Assessment) -> Safeguards:
    s = a.card.safeguards
    tests = tuple(TamperTest(t.method, t.refusal_before, t.refusal_after, t.cost_usd, t.source) for t in s.tamper_tests)
    return Safeguards(s.refusal_training, tuple(s.data_filtering), tuple(s.system_level), tests)


def _needs(a: Assessment, blockers: tuple[Blocker, ...]) -> tuple[Need, ...]:
    position = a.doc.position
    return tuple(Need(b.kind, b.rule, b.message, position(b.path)[0], b.domain, b.control, b.state) for b in blockers)


def _domain(a: Assessment, dom: DomainEvidence) -> Domain:
    mr = a.marginal[dom.domain]
    limit = a.ceilings[dom.domain].limit
    return Domain(
        domain=dom.domain,
        required=dom.required,
        required_by=dom.required_by,
        level_hosted=dom.hosted.level,
        level_weights=dom.weights.level,
        proxy=dom.proxy,
        marginal=mr.marginal,
        excess=mr.excess,
        binding=dom.domain in a.binding,
        permits=Permits(limit["hosted"], limit["weights"]),
        evidence=_evidence(a, dom),
    )


def _evidence(a: Assessment, dom: DomainEvidence) -> tuple[Evidence, ...]:
    out = []
    for r in dom.readings:
        ev = a.card.evaluations[r.index]
        line = a.doc.position(("evaluations", r.index))[0]
        out.append(
            Evidence(
                f"evaluations[{r.index}]", line, ev.id, ev.type, ev.elicitation, ev.performed_by,
                r.establishes, r.rules_out_above, r.rule, ev.source,
            )
        )  # fmt: skip
    for r in dom.proxies:
        elicitation = "safeguards-off" if r.worst_case else "safeguards-on"
        out.append(
            Evidence(
                format_path(r.path), a.doc.position(r.path)[0], None, "proxy", elicitation, None,
                r.establishes, r.rules_out_above, r.rule, r.message, r.proxy,
            )
        )  # fmt: skip
    return tuple(out)


def _unlock(a: Assessment) -> tuple[Unlock, ...]:
    rank = a.rubric.tier_rank
    return tuple(
        Unlock(t.tier, _needs(a, (*t.blocked_by, *t.conditions)))
        for t in a.tiers
        if rank[t.tier] > rank[a.recommended_tier]
    )


def _waiver(applied: AppliedWaiver) -> Waiver:
    w = applied.waiver
    return Waiver(w.rule, w.reason, w.approved_by, w.expires, w.scope, applied.changed)
