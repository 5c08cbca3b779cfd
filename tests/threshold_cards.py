"""Cards and rubrics for the threshold tests (tests/test_thresholds_*.py).

The tests put one value just below, exactly at and just above each threshold and margin of the
default rubric, reading the threshold from the rubric data, and assert which side of it the engine
puts the card. They run on the shipped rubrics with a small catalogue written here instead of the
shipped one, so that the open frontier and the catalogue's safe references are the few models below
(dated around the cards' release date, 2026-11-01) and do not move when the shipped catalogue grows.
Cards compare on benchmarks named `Gen-*` (no catalogue model has a score there) unless a test is
about the catalogue, which scores `Cat-A` and `Cat-B`:

| model            | availability | released   | Cat-A | Cat-B | assessed (level, elicitation, date)           |
|------------------|--------------|------------|-------|-------|-----------------------------------------------|
| Open-Older       | open         | 2025-01-01 | 0.40  | 0.40  | -                                             |
| Open-Before      | open         | 2026-10-31 | 0.60  | 0.60  | -                                             |
| Open-Same-Day    | open         | 2026-11-01 | 0.90  | 0.90  | -                                             |
| Hosted-Ref       | hosted       | 2026-06-01 | 0.95  | 0.95  | bio alert (off), cyber alert (on), 2026-06-01  |
| Hosted-Same-Day  | hosted       | 2026-11-01 | 0.99  | 0.99  | bio low (off), 2026-10-15 (before its release) |
| Hosted-Late      | hosted       | 2026-06-01 | 0.99  | 0.99  | bio low (off), 2026-11-01 (on the card's date) |
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from conftest import RUBRICS
from releasecheck.assess.engine import Assessment, assess
from releasecheck.card.validate import validate_document
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, load_rubric_set
from releasecheck.yamlpos.loader import Document

DATE = "2026-11-01"
GPAI_DOMAINS = ("bio", "chem", "cyber", "ai-rnd", "autonomy")
STEPS = ("threat_model", "existing_risk", "existing_defenses", "evidence", "ease_of_defense", "uncertainty")

_SOURCE = '[{title: "fixture", date: "2026-01-01"}]'


def _model(name: str, availability: str, released: str, score: float, assessed: str = "") -> str:
    scores = "".join(
        f'\n      - {{benchmark: {b}, score: {score}, source: "{name} card", date: "{released}"}}'
        for b in ("Cat-A", "Cat-B")
    )
    return (
        f"  - id: {name}\n    developer: Lab\n    kind: general-purpose\n    modalities: [text]\n"
        f'    released: "{released}"\n    licence: fixture\n    availability: {availability}\n'
        f"    sources: {_SOURCE}\n    scores:{scores}\n" + (f"    assessed:{assessed}\n" if assessed else "")
    )


def _assessed(domain: str, level: str, elicitation: str, date: str) -> str:
    return (
        f"\n      - {{domain: {domain}, level: {level}, published_as: {level}, elicitation: {elicitation}, "
        f'assessor: Lab, source: "system card", date: "{date}"}}'
    )


CATALOGUE = "catalogue:\n" + "".join(
    [
        _model("Open-Older", "open", "2025-01-01", 0.40),
        _model("Open-Before", "open", "2026-10-31", 0.60),
        _model("Open-Same-Day", "open", DATE, 0.90),
        _model(
            "Hosted-Ref",
            "hosted",
            "2026-06-01",
            0.95,
            _assessed("bio", "alert", "safeguards-off", "2026-06-01")
            + _assessed("cyber", "alert", "safeguards-on", "2026-06-01"),
        ),
        _model("Hosted-Same-Day", "hosted", DATE, 0.99, _assessed("bio", "low", "safeguards-off", "2026-10-15")),
        _model("Hosted-Late", "hosted", "2026-06-01", 0.99, _assessed("bio", "low", "safeguards-off", DATE)),
    ]
)


@cache
def rubric(profile: str = "balanced") -> Rubric:
    """The shipped rubrics under `profile`, with the small catalogue above."""
    return _rubric_set().resolve(profile)


@cache
def _rubric_set() -> Any:
    top = Path(tempfile.mkdtemp(prefix="releasecheck-thresholds-"))
    atexit.register(shutil.rmtree, top, ignore_errors=True)
    folder = top / "default"
    shutil.copytree(RUBRICS, folder)
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    return load_rubric_set(folder)


def shipped() -> Rubric:
    """The thresholds tests read at collection time: the shipped rubrics' (the catalogue aside, the same)."""
    return rubric()


def run(
    card: dict[str, Any],
    profile: str = "balanced",
    today: dt.date | None = None,
    waived: frozenset[str] = frozenset(),
    min_confidence: str | None = None,
) -> Assessment:
    doc = Document("<threshold test>", card)
    validated = validate_document(doc, rubric(profile).domain_ids)
    return assess(doc, validated, rubric(profile), waived=waived, min_confidence=min_confidence, today=today)


def card(evaluations: list[dict[str, Any]] | None = None, **sections: Any) -> dict[str, Any]:
    """A general-purpose model between 1e23 and 1e25 FLOP (the five GPAI domains required, no compute
    requirement), released on DATE, with `evaluations` (default: every required domain low)."""
    data: dict[str, Any] = {
        "releasecheck": 1,
        "model": {"name": "Threshold-1", "developer": "Lab", "kind": "general-purpose", "training_compute_flop": 5e24},
        "release": {"date": DATE},
        "evaluations": low_except() if evaluations is None else evaluations,
    }
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def threshold(domain: str, level: str, elicitation: str = "worst-case", **extra: Any) -> dict[str, Any]:
    """The lab's determination of `level`: establishes it and rules out the levels above."""
    return {
        "domain": domain,
        "type": "threshold-assessment",
        "level": level,
        "elicitation": elicitation,
        "source": "report",
        **extra,
    }


def benchmark(name: str, score: float, elicitation: str = "worst-case") -> dict[str, Any]:
    bench = shipped().benchmark_by_id[name]
    return {
        "domain": bench.domain,
        "type": "benchmark",
        "benchmark": name,
        "score": score,
        "elicitation": elicitation,
        "source": "report",
    }


def uplift(population: str, ratio: float, significant: bool, domain: str = "bio") -> dict[str, Any]:
    return {
        "domain": domain,
        "type": "uplift-study",
        "population": population,
        "uplift": ratio,
        "significant": significant,
        "elicitation": "worst-case",
        "source": "study",
    }


def low_except(*domains: str) -> list[dict[str, Any]]:
    """Worst-case `low` determinations for every GPAI domain but `domains`."""
    return [threshold(d, "low") for d in GPAI_DOMAINS if d not in domains]


def comparisons(*deltas: float, reference: float = 0.5, prefix: str = "Gen") -> list[dict[str, Any]]:
    """General comparisons: one benchmark per delta, the model `delta` above the reference."""
    return [
        {"benchmark": f"{prefix}-{chr(65 + i)}", "model_score": round(reference + d, 6), "reference_score": reference}
        for i, d in enumerate(deltas)
    ]


def marginal(*deltas: float, **extra: Any) -> dict[str, Any]:
    """A `marginal_risk` section against a named reference the catalogue does not know."""
    return {"reference": {"model": "Ref-Named"}, "general_capability": comparisons(*deltas), **extra}


def similarly_safe(
    levels: dict[str, str], *deltas: float, reference: float = 0.5, prefix: str = "Gen"
) -> dict[str, Any]:
    """A `similarly_safe` section: a safe reference with published `levels`, compared as `comparisons` does."""
    return {
        "reference": {"model": "Safe-Ref", "assessed_levels": levels},
        "general_capability": comparisons(*(deltas or (0.0, 0.0)), reference=reference, prefix=prefix),
    }


def model_card(kind: str = "general-purpose", flop: float | None = None, date: str | None = DATE) -> dict[str, Any]:
    """`card()` with another kind, compute (None: undisclosed) and release date (None: undated)."""
    data = card()
    data["model"] = {"name": "Threshold-1", "developer": "Lab", "kind": kind}
    if flop is not None:
        data["model"]["training_compute_flop"] = flop
    data["release"] = {} if date is None else {"date": date}
    return data


def complete_assessment() -> dict[str, str]:
    return {step: f"{step} written out" for step in STEPS}


def domain(a: Assessment, name: str) -> Any:
    return next(d for d in a.domains if d.domain == name)


def status(a: Assessment, tier: str) -> Any:
    return next(s for s in a.tiers if s.tier == tier)


def rule_ids(a: Assessment, tier: str) -> set[str]:
    """Requirement rules that block `tier` or are its conditions."""
    s = status(a, tier)
    return {b.rule for b in (*s.blocked_by, *s.conditions) if b.kind != "capability"}


def one(kind: str, cls: type[Any]) -> Any:
    return shipped().one(kind, cls)


MARGINAL = shipped().one("marginal-risk", m.MarginalRule)
PROXY = shipped().one("proxy", m.ProxyRule)
