"""SPEC §5 steps 1-2: which domains count, and evidence -> level per domain and tier class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from releasecheck.assess.compute import flop, parameter_bound
from releasecheck.assess.levels import CLASSES, RANK, higher
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.ladder import LEVELS
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, benchmark_key


@dataclass(frozen=True)
class Reading:
    """What one evaluation says about its domain."""

    index: int
    rule: str
    establishes: str
    rules_out_above: str | None  # levels above this one are ruled out
    worst_case: bool
    third_party: bool
    message: str
    proxy: str | None = None  # the safe reference model, for a level taken by comparison
    where: tuple[str | int, ...] = ()  # card position of a proxy's comparisons
    cited: tuple[tuple[str | int, ...], ...] = ()  # every card position a proxy rests on

    @property
    def path(self) -> tuple[str | int, ...]:
        return self.where if self.proxy is not None else ("evaluations", self.index)


class ClassLevel(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    level: str  # a LEVELS id or "unknown"
    raised_by: str | None  # rule id that raised alert -> high, if any
    can_rule_out_next: bool


class DomainEvidence(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    domain: str
    required: bool
    required_by: tuple[str, ...]
    readings: tuple[Reading, ...]
    hosted: ClassLevel
    weights: ClassLevel
    proxies: tuple[Reading, ...] = ()  # levels by comparison that count in at least one tier class

    def level(self, tier_class: str) -> str:
        return self.hosted.level if tier_class == "hosted" else self.weights.level

    @property
    def proxy(self) -> bool:
        return bool(self.proxies)

    @property
    def has_worst_case(self) -> bool:
        return any(r.worst_case for r in self.readings)


def required_domains(card: c.Card, rubric: Rubric, trail: Trail) -> dict[str, list[str]]:
    """Domain -> ids of the required-domains rules that make it required."""
    out: dict[str, list[str]] = {}
    compute = card.model.training_compute_flop
    # undisclosed compute counts as large, up to what the parameter count allows (assess.compute)
    bound = parameter_bound(card, rubric.one("compute-undisclosed", m.ComputeRule))
    most = float(compute) if compute is not None else bound  # the most the model's compute can be, if known
    for rule in rubric.many("required-domains", m.RequiredDomainsRule):
        by_kind = card.model.kind in rule.kinds
        by_modality = any(mod in rule.modalities for mod in card.model.modalities)
        if not (by_kind or by_modality):
            continue
        floor = rule.compute_at_least
        if by_kind and not by_modality and floor is not None and most is not None and most < floor:
            if compute is None:
                trail.add(
                    rule.id,
                    "info",
                    f"domains {', '.join(rule.domains)} not required: compute undisclosed, but at most {flop(most)} "
                    f"FLOP for {flop(card.model.parameters or 0)} parameters, under {flop(floor)}",
                    [("model", "parameters")],
                )
            continue
        why = "kind " + card.model.kind if by_kind else "modality"
        if by_kind and rule.compute_at_least is not None:
            why += ", compute undisclosed" if compute is None else f", compute {compute:.3g} FLOP"
        trail.add(
            rule.id,
            "fired",
            f"required domains {', '.join(rule.domains)} ({why})",
            [("model", "kind")],
            effect="required: " + ", ".join(rule.domains),
        )
        for domain in rule.domains:
            out.setdefault(domain, []).append(rule.id)
    return out


class _Seen(NamedTuple):
    """What every reading of one evaluation carries: where it is, and how it was measured."""

    at: int  # the evaluation's index in the card
    label: str
    worst: bool
    third: bool


def read_evaluation(
    index: int, ev: c.BenchmarkResult | c.UpliftStudy | c.RedTeam | c.ThresholdAssessment, rubric: Rubric, trail: Trail
) -> Reading | None:
    worst = ev.elicitation != "safeguards-on"
    third = ev.performed_by == "third-party"
    seen = _Seen(index, f"evaluations[{index}]" + (f" ({ev.id})" if ev.id else ""), worst, third)
    if isinstance(ev, c.BenchmarkResult):
        return _read_benchmark(ev, rubric, trail, seen)
    if isinstance(ev, c.UpliftStudy):
        return _read_uplift(ev, rubric, seen)
    if isinstance(ev, c.RedTeam):
        red = rubric.one("red-team", m.RedTeamRule)
        level = red.severity_levels[ev.severity]
        message = f"{seen.label}: red-team severity {ev.severity}: establishes {level}"
        return Reading(index, red.id, level, None, worst, third, message)
    return _read_threshold(ev, rubric, trail, seen)


def _read_benchmark(ev: c.BenchmarkResult, rubric: Rubric, trail: Trail, seen: _Seen) -> Reading | None:
    index, label = seen.at, seen.label
    bench = rubric.benchmark_by_key.get(benchmark_key(ev.benchmark))
    rule_id = rubric.one("benchmark-threshold", m.BenchmarkRule).id
    if bench is None:
        unknown = rubric.one("unknown-benchmark", m.UnknownBenchmarkRule).id
        trail.add(
            unknown,
            "fired",
            f"{label}: benchmark '{ev.benchmark}' is not in the rubric; ignored",
            [("evaluations", index, "benchmark")],
        )
        trail.warn(
            unknown,
            f"{label}: unknown benchmark '{ev.benchmark}' ignored (no threshold in the rubric)",
            [("evaluations", index, "benchmark")],
        )
        return None
    if bench.domain != ev.domain:
        trail.warn(
            rule_id,
            f"{label}: {ev.benchmark} is a {bench.domain} benchmark, filed under {ev.domain}",
            [("evaluations", index, "domain")],
        )
    level = "alert" if ev.score >= bench.alert else "low"
    cmp = ">=" if level == "alert" else "<"
    message = f"{label}: {ev.benchmark} {ev.score:g} {cmp} alert threshold {bench.alert:g}: establishes {level}"
    return Reading(index, rule_id, level, None, seen.worst, seen.third, message)


def _read_uplift(ev: c.UpliftStudy, rubric: Rubric, seen: _Seen) -> Reading:
    rule = rubric.one("uplift-study", m.UpliftRule)
    target = rule.novice_level if ev.population == "novice" else rule.expert_level
    what = f"{seen.label}: {ev.population} uplift {ev.uplift:g}"
    if ev.significant and ev.uplift >= rule.ratio:
        message = f"{what} (significant) >= {rule.ratio:g}: establishes {target}"
        return Reading(seen.at, rule.id, target, None, seen.worst, seen.third, message)
    significance = "significant" if ev.significant else "not significant"
    message = f"{what} ({significance}): establishes low, rules out {target}"
    return Reading(seen.at, rule.id, "low", _level_below(target), seen.worst, seen.third, message)


def _read_threshold(ev: c.ThresholdAssessment, rubric: Rubric, trail: Trail, seen: _Seen) -> Reading | None:
    rule_id = rubric.one("threshold-assessment", m.ThresholdRule).id
    if ev.level == "unknown":
        trail.warn(
            rule_id,
            f"{seen.label}: threshold assessment gives level unknown; no evidence taken from it",
            [("evaluations", seen.at, "level")],
        )
        return None
    who = "third-party" if seen.third else "self-assessed"
    return Reading(
        seen.at,
        rule_id,
        ev.level,
        ev.level,
        seen.worst,
        seen.third,
        f"{seen.label}: {who} determination {ev.level}: establishes {ev.level}, rules out the levels above",
    )


def _level_below(level: str) -> str:
    return LEVELS[max(RANK[level] - 1, 0)]


def _counts(reading: Reading, tier_class: str) -> bool:
    """Whether a reading can rule levels out for this tier class."""
    return reading.rules_out_above is not None and (tier_class == "hosted" or reading.worst_case)


def _without_overruled_proxies(readings: list[Reading], tier_class: str) -> list[Reading]:
    """Direct evidence that rules out as much as a level by comparison does decides over it: the
    comparison is an inference, the direct determination a measurement. Direct evidence that rules out
    less (an expert study ruling out only severe) leaves the proxy's bound standing."""
    bounds = [
        RANK[r.rules_out_above] for r in readings if r.proxy is None and r.rules_out_above and _counts(r, tier_class)
    ]
    if not bounds:
        return readings
    tightest = min(bounds)
    return [r for r in readings if r.proxy is None or tightest > RANK[r.rules_out_above or "critical"]]


def class_level(readings: list[Reading], tier_class: str, rubric: Rubric, trail: Trail, domain: str) -> ClassLevel:
    counted: list[tuple[Reading, bool]] = []  # (reading, rule-out counts)
    discarded: list[Reading] = []
    readings = _without_overruled_proxies(readings, tier_class)
    for reading in readings:
        if tier_class == "hosted" or reading.worst_case:
            counted.append((reading, True))
        elif RANK[reading.establishes] >= RANK["alert"]:
            counted.append((reading, False))
        else:
            discarded.append(reading)
    if discarded:
        rule = rubric.one("weights-worst-case", m.WorstCaseRule).id
        trail.add(
            rule,
            "fired",
            f"{domain}: {len(discarded)} safeguards-on result(s) establishing low do not count for weights tiers",
            [r.path for r in discarded],
        )
    if not counted:
        return ClassLevel("unknown", None, False)
    level = "low"
    direct = [r for r, _ in counted if r.proxy is None]
    for reading, _ in counted:
        if reading.proxy is None or not direct:
            level = higher(level, reading.establishes)
        # A level by comparison bounds the model from above ("at or below the reference"); beside direct
        # evidence it rules out, and never establishes a level the evidence itself does not reach.
    ruled_out = [r.rules_out_above for r, counts in counted if counts and r.rules_out_above is not None]
    final = _cannot_rule_out(level, counted, tier_class, ruled_out, rubric, trail, domain)
    # Confidence asks whether the level finally reached (after any raise) has its next level ruled out.
    can_rule_out_next = any(RANK[above] <= RANK[final.level] for above in ruled_out)
    return ClassLevel(final.level, final.raised_by, can_rule_out_next)


def _cannot_rule_out(
    level: str,
    counted: list[tuple[Reading, bool]],
    tier_class: str,
    ruled_out: list[str],
    rubric: Rubric,
    trail: Trail,
    domain: str,
) -> ClassLevel:
    sg_on = rubric.one("weights-safeguards-on", m.SafeguardsOnRule)
    cro = rubric.one("cannot-rule-out", m.CannotRuleOutRule)
    if level not in (cro.from_level, sg_on.from_level) or any(RANK[above] <= RANK[level] for above in ruled_out):
        return ClassLevel(level, None, False)
    alert_sources = [r for r, _ in counted if r.establishes == level]
    paths = [r.path for r in alert_sources]
    # Only where the domain has no result measured without safeguards: a worst-case result, whatever it
    # establishes, already measured the worst case, and neither adding a safeguards-on result nor a
    # lower worst-case score may then cost a tier (evidence never costs a tier).
    if tier_class == "weights" and level == sg_on.from_level and not any(r.worst_case for r, _ in counted):
        trail.add(
            sg_on.id,
            "fired",
            f"{domain}: alert measured with safeguards on and nothing worst-case rules {sg_on.to_level} out",
            paths,
            effect=f"{domain} weights level {sg_on.to_level}",
        )
        return ClassLevel(sg_on.to_level, sg_on.id, False)
    if level != cro.from_level:
        return ClassLevel(level, None, False)
    if tier_class in cro.classes:
        trail.add(
            cro.id,
            "fired",
            f"{domain}: {level} and no uplift study or threshold assessment rules {cro.to_level} out",
            paths,
            effect=f"{domain} {tier_class} level {cro.to_level}",
        )
        return ClassLevel(cro.to_level, cro.id, False)
    trail.add(
        cro.id,
        "fired",
        f"{domain}: {level} is not ruled out below {cro.to_level}, and this profile does not raise it for "
        f"{tier_class} tiers",
        paths,
        effect=f"{domain} {tier_class} level stays {level}",
    )
    return ClassLevel(level, None, False)


def assess_domains(card: c.Card, rubric: Rubric, trail: Trail) -> list[DomainEvidence]:
    required = required_domains(card, rubric, trail)
    readings: dict[str, list[Reading]] = {}
    for index, ev in enumerate(card.evaluations):
        reading = read_evaluation(index, ev, rubric, trail)
        if reading is not None:
            trail.add(
                reading.rule,
                "fired",
                reading.message,
                [("evaluations", index)],
                effect=f"{ev.domain}: establishes {reading.establishes}",
            )
            readings.setdefault(ev.domain, []).append(reading)
    # Every assessed domain may take a level by comparison, not only the required ones: otherwise
    # withholding the compute figure (which makes domains required) could bring a proxy that opens a tier.
    assessed = [d for d in rubric.domain_ids if d in required or d in readings]
    proxies = proxy_readings(card, rubric, trail, assessed)
    out = []
    for domain in rubric.domain_ids:
        if domain not in required and domain not in readings:
            continue
        out.append(
            _one_domain(domain, required.get(domain, []), readings.get(domain, []), proxies.get(domain), rubric, trail)
        )
    return out


def _one_domain(
    domain: str,
    required_by: list[str],
    readings: list[Reading],
    proxy: dict[str, Reading] | None,
    rubric: Rubric,
    trail: Trail,
) -> DomainEvidence:
    proxy = _usable_proxies(proxy or {}, readings, bool(required_by))
    if not readings and not proxy:
        rule = rubric.one("no-evidence", m.NoEvidenceRule).id
        trail.add(
            rule,
            "fired",
            f"{domain}: required but no usable evidence: level unknown",
            [("evaluations",)],
            effect=f"{domain} level unknown",
        )
    levels = {}
    used: list[Reading] = []
    for cls in CLASSES:
        every = readings + ([proxy[cls]] if cls in proxy else [])
        levels[cls] = class_level(every, cls, rubric, trail, domain)
        # marked as a proxy only where the comparison decided the level (direct evidence did not establish more)
        decided = cls in proxy and RANK[proxy[cls].establishes] >= RANK.get(levels[cls].level, len(RANK))
        if decided and _proxy_used(every, cls) and proxy[cls] not in used:
            used.append(proxy[cls])
    _proxy_trail(domain, proxy, used, trail)
    return DomainEvidence(
        domain, bool(required_by), tuple(required_by), tuple(readings), levels["hosted"], levels["weights"], tuple(used)
    )


def _usable_proxies(proxy: dict[str, Reading], readings: list[Reading], required: bool) -> dict[str, Reading]:
    """A required domain takes a level by comparison wherever its own evidence says nothing. A domain
    that is not required counts only for what the card's evaluations show, so there a comparison may
    rule levels out beside an evaluation that counts for the tier class, never stand alone: otherwise
    volunteering a harmless result (a safeguards-on `low`, which says nothing for weights tiers) would
    bring a comparison's `alert` into a domain the card need not assess, and cost a tier."""
    if required:
        return proxy
    return {cls: r for cls, r in proxy.items() if any(counts_for_class(x, cls) for x in readings)}


def counts_for_class(reading: Reading, tier_class: str) -> bool:
    """Whether class_level counts a reading for the tier class at all: every reading for hosted tiers;
    for weights tiers, worst-case evidence or a result establishing alert or more."""
    return tier_class == "hosted" or reading.worst_case or RANK[reading.establishes] >= RANK["alert"]


def _proxy_trail(domain: str, proxy: dict[str, Reading], used: list[Reading], trail: Trail) -> None:
    """A level by comparison is in the trail where it decided a level; where direct evidence did, it is not."""
    for reading in dict.fromkeys(proxy.values()):
        if reading in used:
            classes = " and ".join(c for c in CLASSES if proxy.get(c) == reading)
            trail.add(
                reading.rule,
                "fired",
                reading.message + f" (counts for {classes} tiers)",
                reading.cited,
                effect=f"{domain} level {reading.establishes} (proxy)",
            )


def _proxy_used(readings: list[Reading], tier_class: str) -> bool:
    kept = _without_overruled_proxies(readings, tier_class)
    return any(r.proxy is not None and (tier_class == "hosted" or r.worst_case or r.establishes != "low") for r in kept)


def proxy_readings(card: c.Card, rubric: Rubric, trail: Trail, domains: list[str]) -> dict[str, dict[str, Reading]]:
    """Levels by comparison for the required domains: the card's own similarly_safe reference
    wins where it qualifies; otherwise the catalogue's assessed models, when the rubric says so."""
    if not domains:
        return {}
    from releasecheck.assess import proxy

    return proxy.find(card, rubric, trail, domains)
