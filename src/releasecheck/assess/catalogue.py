"""SPEC §5 step 3 with the rubric's catalogue of openly available models (rubrics/default/catalogue.yaml).

A card's ``marginal_risk`` may name a catalogue model as its open reference and leave reference
scores out: the catalogue supplies them, each with its source and date, and the card's own benchmark
results (type ``benchmark``, the highest of each) are compared with the catalogue model's
scores on the same benchmarks. A card whose ``marginal_risk`` names no reference gets the strongest
catalogue model released before the card's release date. A figure the card gives itself always wins
over the catalogue's. Every use of the catalogue is written to the trail under the rubric's
``catalogue-reference`` rule; a rubric without that rule uses the card's own figures only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.card.loader import Path
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, catalogue_key


class Pair(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    """One comparison that counts: this model's score against the reference's on one benchmark."""

    benchmark: str
    model: float
    reference: float
    path: Path  # the card entry that gives this model's score


@dataclass(frozen=True)
class Comparisons:
    reference: str | None  # the reference's name for messages; None when there is none
    general: tuple[Pair, ...] = ()
    domains: dict[str, tuple[Pair, ...]] = field(default_factory=dict)
    searched: bool = False  # no reference was named and the catalogue was searched for one


def catalogue_rule(rubric: Rubric) -> m.CatalogueRule | None:
    return next((r for r in rubric.rules if isinstance(r, m.CatalogueRule)), None)


def available_by(released: str) -> dt.date:
    """The date by which a catalogue release is certainly public: a year-month counts as its last day."""
    parts = [int(p) for p in released.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])


def find(rubric: Rubric, name: str) -> m.CatalogueModel | None:
    return rubric.catalogue_by_name.get(catalogue_key(name))


def _scores(model: m.CatalogueModel | None) -> dict[str, m.Score]:
    return {s.benchmark.lower(): s for s in model.scores} if model is not None else {}


def _cite(score: m.Score) -> str:
    return f"{score.source}, {score.date}"


def resolve(card: c.Card, rubric: Rubric, trail: Trail, fallback_rule: str) -> Comparisons:
    """The comparisons of the card's marginal_risk, completed from the catalogue where the rubric has one."""
    mr = card.marginal_risk
    rule = catalogue_rule(rubric)
    rule_id = rule.id if rule is not None else fallback_rule
    named = mr.reference.model if mr.reference is not None else None
    model: m.CatalogueModel | None = None
    searched = False
    if rule is not None and named is not None:
        model = find(rubric, named)
        if model is not None:
            _found(card, model, rule_id, trail)
    elif rule is not None and rule.pick_unnamed and "marginal_risk" in card.model_fields_set:
        searched = True
        model = _pick(card, rubric, rule_id, trail)
    reference = named or (model.id if model is not None else None)
    if reference is None:
        return Comparisons(None, searched=searched)
    scores = _scores(model)
    general = _listed(mr.general_capability, "general_capability", model, scores, rule_id, trail)
    domains: dict[str, list[Pair]] = {}
    for index, x in enumerate(mr.domain_comparisons):
        listed = _listed([x], "domain_comparisons", model, scores, rule_id, trail, offset=index)
        domains.setdefault(x.domain, []).extend(listed)
    if rule is not None and model is not None:
        covered = {(x.domain, x.benchmark.lower()) for x in mr.domain_comparisons}
        for domain, derived in _from_evaluations(card, model, scores, rule, covered, trail):
            domains.setdefault(domain, []).append(derived)
    return Comparisons(reference, general, {d: tuple(p) for d, p in domains.items()}, searched)


def _found(card: c.Card, model: m.CatalogueModel, rule_id: str, trail: Trail) -> None:
    named = card.marginal_risk.reference.model if card.marginal_risk.reference is not None else model.id
    text = (
        f"reference {named} is the catalogue's {model.id} ({model.developer}, released {model.released}, "
        f"licence {model.licence}; {len(model.scores)} published score(s))"
    )
    release = card.release.date
    if release is not None and available_by(model.released) >= release:
        text += f"; note: not released before this card's release date {release.isoformat()}"
    trail.add(rule_id, "info", text, [("marginal_risk", "reference", "model")], once=True)


def _listed(
    items: Sequence[c.Comparison],
    section: str,
    model: m.CatalogueModel | None,
    scores: dict[str, m.Score],
    rule_id: str,
    trail: Trail,
    offset: int = 0,
) -> tuple[Pair, ...]:
    """The card's own comparisons: its reference score wins; a missing one comes from the catalogue."""
    out = []
    for index, x in enumerate(items, start=offset):
        path: Path = ("marginal_risk", section, index)
        where = f"{section}[{index}] {x.benchmark}"
        listed = scores.get(x.benchmark.lower())
        if x.reference_score is not None:
            out.append(Pair(x.benchmark, x.model_score, x.reference_score, path))
            if listed is not None and round(listed.score - x.reference_score, 9) != 0:
                trail.add(
                    rule_id,
                    "info",
                    f"{where}: the card's reference score {x.reference_score:g} is used "
                    f"(the catalogue has {listed.score:g}: {_cite(listed)})",
                    [path],
                    once=True,
                )
        elif listed is not None and model is not None:
            out.append(Pair(x.benchmark, x.model_score, listed.score, path))
            trail.add(
                rule_id,
                "fired",
                f"{where}: reference score {listed.score:g} for {model.id} from the catalogue ({_cite(listed)})",
                [path],
                effect="reference score from the catalogue",
                once=True,
            )
        else:
            why = (
                f"the catalogue has no {x.benchmark} score for {model.id}"
                if model is not None
                else "the reference is not in the rubric's catalogue"
            )
            text = f"{where}: no reference score given and {why}: comparison not used"
            trail.add(rule_id, "fired", text, [path], effect="comparison not used", once=True)
            trail.warn(rule_id, text, [path])
    return tuple(out)


def _from_evaluations(
    card: c.Card,
    model: m.CatalogueModel,
    scores: dict[str, m.Score],
    rule: m.CatalogueRule,
    covered: set[tuple[str, str]],
    trail: Trail,
) -> list[tuple[str, Pair]]:
    """The card's benchmark results against the catalogue model's scores on the same benchmarks."""
    groups: dict[tuple[str, str], list[tuple[int, c.BenchmarkResult]]] = {}
    for index, ev in enumerate(card.evaluations):
        if isinstance(ev, c.BenchmarkResult) and ev.benchmark.lower() in scores:
            groups.setdefault((ev.domain, ev.benchmark.lower()), []).append((index, ev))
    out = []
    for (domain, key), results in groups.items():
        if (domain, key) in covered:
            continue  # the card's own comparison for this benchmark wins
        # The highest result, whatever its elicitation: the excess is the largest amount by which the
        # model exceeds the reference (SPEC §5 step 3), and preferring worst-case results would let
        # relabelling one of them safeguards-on lower the excess and open a tier.
        index, ev = max(results, key=lambda r: (r[1].score, -r[0]))
        listed = scores[key]
        path: Path = ("evaluations", index)
        trail.add(
            rule.id,
            "fired",
            f"{domain}: {ev.benchmark} {ev.score:g} (evaluations[{index}], {ev.elicitation}) against "
            f"{model.id} {listed.score:g} from the catalogue ({_cite(listed)})",
            [path],
            effect=f"{domain} compared with {model.id} on {ev.benchmark}",
            once=True,
        )
        out.append((domain, Pair(ev.benchmark, ev.score, listed.score, path)))
    return out


def _card_benchmarks(card: c.Card) -> list[str]:
    """Benchmarks on which the card gives this model's own score, in card order, without repeats."""
    names = [x.benchmark for x in card.marginal_risk.general_capability]
    names += [x.benchmark for x in card.marginal_risk.domain_comparisons]
    names += [ev.benchmark for ev in card.evaluations if isinstance(ev, c.BenchmarkResult)]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return list(seen.values())


def _pick(card: c.Card, rubric: Rubric, rule_id: str, trail: Trail) -> m.CatalogueModel | None:
    """The strongest catalogue model released before the card's release date, on the shared benchmarks.

    Strength is the mean catalogue score over the benchmarks the card reports for itself, a missing
    score counting 0, so a model that covers more of them ranks above a model with a few high scores;
    ties go to the later release, then to the id.
    """
    release = card.release.date
    paths: list[Path] = [("marginal_risk",)] + ([("release", "date")] if release is not None else [])
    eligible = [x for x in rubric.catalogue if release is None or available_by(x.released) < release]
    when = (
        f"released before {release.isoformat()}"
        if release is not None
        else "in the catalogue (release.date not given, so every catalogue model counts as available)"
    )
    shared = _card_benchmarks(card)
    ranked = []
    for candidate in eligible:
        scores = _scores(candidate)
        hits = [b for b in shared if b.lower() in scores]
        if hits:
            strength = round(sum(scores[b.lower()].score for b in hits) / len(shared), 9)
            ranked.append(
                (-strength, -len(hits), -available_by(candidate.released).toordinal(), candidate.id, candidate)
            )
    if not ranked:
        why = "the card gives no benchmark score of its own" if not shared else "none has a score on them"
        trail.add(
            rule_id,
            "info",
            f"no reference named and none picked: of {len(eligible)} catalogue model(s) {when}, {why} "
            f"(card benchmarks: {', '.join(shared) or 'none'})",
            paths,
            once=True,
        )
        return None
    ranked.sort()
    best = ranked[0][4]
    text = (
        f"no reference named: picked {best.id} ({best.developer}, released {best.released}, licence {best.licence}), "
        f"the strongest of {len(eligible)} catalogue model(s) {when} on the card's {len(shared)} benchmark(s) "
        f"({', '.join(shared)}): mean score {-ranked[0][0]:.3f} over them (it has {-ranked[0][1]}; "
        "a missing score counts 0)"
    )
    if len(ranked) > 1:
        text += f"; next {ranked[1][4].id} {-ranked[1][0]:.3f}"
    trail.add(rule_id, "fired", text, paths, effect=f"reference {best.id} from the catalogue", once=True)
    return best
