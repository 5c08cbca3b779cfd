"""SPEC §5 step 2, by comparison: an assessed domain takes a safe reference model's published level.

Two sources, in order: the card's own `similarly_safe` reference (EU GPAI Code of Practice App. 2),
and, where the rubric's proxy rule says so, the catalogue's assessed models: models whose developer
or an evaluator published a level determination before the card's release date. The model must
score at or below the reference (within the rubric margin) on every shared general benchmark, at
least `min_benchmarks` of them. Only a *safe* reference serves: one whose published level for the
domain is at most the rubric's `max_level` (below the capability threshold); a reference judged at
the threshold is a model that needs safeguards, not a safe reference.

Per tier class: hosted tiers take the lowest level among the qualifying determinations; weights
tiers the lowest among those made without safeguards (pre-mitigation, helpful-only, fine-tuned),
since only those bound the worst case. The model is at or below every qualifying reference, so
the least risky one bounds it; taking the nearest instead would let a card whose scores drop
gain a riskier reference. A model clearly below its reference on every shared benchmark may take a
lower level (rubric data: an early-warning finding about the reference does not carry to a model
well below it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from releasecheck.assess.catalogue import Entry, available_by, index, own_versions, per_date
from releasecheck.assess.evidence import Reading
from releasecheck.assess.levels import RANK
from releasecheck.assess.tables import first_rule
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, benchmark_key, catalogue_key
from releasecheck.yamlpos.loader import Path

ClassReadings = dict[str, Reading]  # tier class -> the level by comparison that counts there


class _Candidate(NamedTuple):
    strength: float  # mean reference score over the shared benchmarks: ties go to the nearest reference
    model: m.CatalogueModel
    assessed: dict[str, m.AssessedLevel]
    shared: tuple[str, ...]  # benchmark_key of each shared benchmark
    clearly_below: bool
    names: tuple[str, ...]  # the shared benchmarks as the catalogue spells them


def find(card: c.Card, rubric: Rubric, trail: Trail, domains: list[str]) -> dict[str, ClassReadings]:
    rule = first_rule(rubric, "proxy")
    if not isinstance(rule, m.ProxyRule):
        return {}
    own = _card_reference(card, rule, trail, domains)
    found = _catalogue(card, rubric, rule, trail, domains) if rule.catalogue else {}
    out: dict[str, ClassReadings] = {}
    for domain in domains:
        # The card's own reference counts whenever it qualifies; where the catalogue knows a safer
        # qualifying determination, that one bounds the model as well, and the least risky is taken.
        options = [x for x in (own.get(domain), found.get(domain)) if x]
        if options:
            out[domain] = {
                cls: min((o[cls] for o in options if cls in o), key=lambda r: RANK[r.establishes])
                for cls in ("hosted", "weights")
                if any(cls in o for o in options)
            }
    return out


def _level_for(levels: dict[str, str], domain: str, rule: m.ProxyRule) -> tuple[str, str] | None:
    """The reference's level for the domain, or for a related domain that speaks for it, when it is a
    safe reference there (at most the rubric's max_level)."""
    for candidate in (domain, *rule.related_domains.get(domain, ())):
        level = levels.get(candidate)
        if level is not None and level != "unknown":
            return (level, candidate) if RANK[level] <= RANK[rule.max_level] else None
    return None


def _taken(level: str, clearly: bool, rule: m.ProxyRule) -> str:
    return rule.clearly_below_levels.get(level, level) if clearly else level  # type: ignore[call-overload]


def _is_clearly_below(pairs: list[tuple[float, float]], rule: m.ProxyRule) -> bool:
    gap = rule.clearly_below
    return gap is not None and all(round(ref - own, 9) >= gap for own, ref in pairs)


def _card_reference(card: c.Card, rule: m.ProxyRule, trail: Trail, domains: list[str]) -> dict[str, ClassReadings]:
    safe = card.similarly_safe
    if safe is None:
        return {}
    ref = safe.reference
    comps = safe.general_capability
    paths: list[Path] = [("similarly_safe", "general_capability", i) for i in range(len(comps))]
    if len(comps) < rule.min_benchmarks:
        trail.add(
            rule.id,
            "info",
            f"{ref.model} lists {len(comps)} shared benchmark(s); {rule.min_benchmarks} needed: no proxy",
            paths or [("similarly_safe",)],
        )
        return {}
    # rounded so that a score exactly at the margin is "within" it despite float noise
    above = [x.benchmark for x in comps if round(x.model_score - x.reference_score, 9) > rule.margin]
    if above:
        trail.add(rule.id, "info", f"scores above {ref.model} on {', '.join(above)}: no proxy from it", paths)
        return {}
    clearly = _is_clearly_below([(x.model_score, x.reference_score) for x in comps], rule)
    out = {}
    for domain in domains:
        found = _level_for(dict(ref.assessed_levels), domain, rule)
        if found is None:
            continue
        level, via = found
        taken = _taken(level, clearly, rule)
        where: Path = ("similarly_safe", "reference", "assessed_levels", via)
        text = f"{domain}: at or below {ref.model} on all {len(comps)} shared benchmarks: " + _describe(
            level, taken, via, domain, rule
        )
        # The card's reference carries no elicitation: as SPEC §5 step 2 has it, it counts for both classes.
        # Its trail entry is written where the domain's level is worked out, which knows whether it is used.
        reading = Reading(-1, rule.id, taken, taken, True, False, text, ref.model, where, (*paths, where))
        out[domain] = {"hosted": reading, "weights": reading}
    return out


def _describe(level: str, taken: str, via: str, domain: str, rule: m.ProxyRule) -> str:
    text = f"takes its published level {level}"
    if via != domain:
        text += f" (its {via} determination, which speaks for {domain} where it has none)"
    if taken != level:
        margin = rule.clearly_below
        text += f"; clearly below it (by at least {margin:g} on every benchmark), so {taken}"
    return text


def _card_scores(card: c.Card) -> dict[str, tuple[float, Path]]:
    """This model's own general scores, by benchmark_key; the highest where listed twice."""
    out: dict[str, tuple[float, Path]] = {}
    listed: list[tuple[str, float, Path]] = [
        (x.benchmark, x.model_score, ("marginal_risk", "general_capability", i))
        for i, x in enumerate(card.marginal_risk.general_capability)
    ]
    if card.similarly_safe is not None:
        listed += [
            (x.benchmark, x.model_score, ("similarly_safe", "general_capability", i))
            for i, x in enumerate(card.similarly_safe.general_capability)
        ]
    for name, score, path in listed:
        key = benchmark_key(name)
        if key not in out or score > out[key][0]:
            out[key] = (score, path)
    return out


def _candidates(card: c.Card, rubric: Rubric, rule: m.ProxyRule) -> Iterator[_Candidate]:
    date = card.release.date
    own = _card_scores(card)
    if len(own) < rule.min_benchmarks:
        return
    own_entries = own_versions(rubric, catalogue_key(card.model.name), date)
    for pos, entry, usable in _assessed_before(rubric, date):
        if pos in own_entries:
            continue
        ref = entry.scores
        shared = tuple(b for b in own if b in ref)
        if len(shared) < rule.min_benchmarks:
            continue
        if any(round(own[b][0] - ref[b].score, 9) > rule.margin for b in shared):
            continue
        clearly = _is_clearly_below([(own[b][0], ref[b].score) for b in shared], rule)
        from statistics import fmean  # imported here: most cards have no proxy candidate; keeps cold start short

        names = tuple(ref[b].benchmark for b in shared)
        yield _Candidate(fmean(ref[b].score for b in shared), entry.model, usable, shared, clearly, names)


def _assessed_before(rubric: Rubric, date: dt.date | None) -> tuple[tuple[int, Entry, dict[str, m.AssessedLevel]], ...]:
    """The catalogue's models released before `date` with the determinations published before it:
    they depend on the date alone, so they are worked out once per date (cached with the catalogue,
    keyed on the date; the dicts are shared by the cards of that date and only read)."""

    def build() -> tuple[tuple[int, Entry, dict[str, m.AssessedLevel]], ...]:
        out = []
        for pos, entry in enumerate(index(rubric)):
            if not entry.assessed:
                continue
            if date is not None and entry.released >= date:
                continue
            usable = {a.domain: a for when, a in entry.assessed if date is None or when < date}
            if usable:
                out.append((pos, entry, usable))
        return tuple(out)

    return per_date(rubric, ("assessed", date), build)


def _catalogue(
    card: c.Card, rubric: Rubric, rule: m.ProxyRule, trail: Trail, domains: list[str]
) -> dict[str, ClassReadings]:
    ranked = sorted(
        _candidates(card, rubric, rule),
        key=lambda x: (-x.strength, -available_by(x.model.released).toordinal(), x.model.id),
    )
    if not ranked:
        when = f"before {card.release.date.isoformat()}" if card.release.date else "(card undated: all)"
        trail.add(
            rule.id,
            "info",
            f"no assessed catalogue model published {when} that this model scores at or below on "
            f"{rule.min_benchmarks} or more shared benchmarks: no proxy from the catalogue",
            [("marginal_risk",)],
            once=True,
        )
        return {}
    own = _card_scores(card)
    out: dict[str, ClassReadings] = {}
    for domain in domains:
        options = []
        for cand in ranked:
            found = _level_for({d: a.level for d, a in cand.assessed.items()}, domain, rule)
            if found is not None:
                taken = _taken(found[0], cand.clearly_below, rule)
                off = cand.assessed[found[1]].elicitation == "safeguards-off"
                options.append((RANK[taken], cand, found, off))
        if not options:
            continue
        hosted = min(options, key=lambda o: o[0])  # stable: ties keep the nearest reference
        weights = min((o for o in options if o[3]), key=lambda o: o[0], default=None)
        chosen = {"hosted": hosted} | ({"weights": weights} if weights is not None else {})
        readings: ClassReadings = {}
        for cls, (_, cand, found, _) in chosen.items():
            same = next((r for r in readings.values() if r.proxy == cand.model.id), None)
            readings[cls] = same or _catalogue_reading(domain, cand, found, own, rule, trail)
        out[domain] = readings
    return out


def _catalogue_reading(
    domain: str,
    cand: _Candidate,
    found: tuple[str, str],
    own: dict[str, tuple[float, Path]],
    rule: m.ProxyRule,
    trail: Trail,
) -> Reading:
    level, via = found
    assessed = cand.assessed[via]
    taken = _taken(level, cand.clearly_below, rule)
    off = assessed.elicitation == "safeguards-off"
    paths = [own[b][1] for b in cand.shared]
    text = (
        f"{domain}: at or below {cand.model.id} (catalogue) on all {len(cand.shared)} shared benchmarks "
        f"({', '.join(cand.names)}); {assessed.assessor} published '{assessed.published_as}' "
        f"({assessed.source}, {assessed.date}, {assessed.elicitation}): "
        + _describe(level, taken, via, domain, rule)
        + ("" if off else "; measured with safeguards on, so it cannot rule levels out for weights tiers")
    )
    return Reading(-1, rule.id, taken, taken, off, False, text, cand.model.id, paths[0], tuple(paths))
