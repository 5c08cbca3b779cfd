"""Hypothesis strategies for valid cards (SPEC §4) that reach every corner of the default rubric.

Numbers the rubric compares against thresholds straddle those thresholds: benchmark scores sit
just below, at and just above each benchmark's alert threshold (read from the rubric, so a rubric
edit moves the draws with it), uplift ratios straddle the uplift ratio, marginal-risk excesses
straddle the margin (0.02) and the significance margin (0.05), and compute figures straddle
1e23, 1e25 and 1e26 FLOP.

Every strategy used inside ``cards()`` is built once at import: building strategies per draw
costs more than the assessment being tested.
"""

from __future__ import annotations

import datetime as dt
import typing
from functools import cache
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from releasecheck.card.model import AccessControls, Accountability, BoolControlDetail, CapacityBuilding
from releasecheck.rubric.load import Rubric, load_rubric_set
from releasecheck.vocabulary import Modality

KINDS = (
    "general-purpose",
    "agent",
    "image-generation",
    "video-generation",
    "audio-generation",
    "bio-design",
    "chem-design",
    "other",
)
MODALITIES = typing.get_args(Modality)  # from the card model: one source of truth
# The domains the default required-domains rules name, and the rest (assessed only with evidence).
MAIN_DOMAINS = ("bio", "chem", "cyber", "ai-rnd", "autonomy", "csam-ncii", "manipulation")
RARE_DOMAINS = ("nuclear-radiological", "weapons-planning", "surveillance")
TIERS = ("internal", "limited", "api", "gated-weights", "open-weights", "fully-open")
LEVELS = ("low", "alert", "high", "severe", "critical", "unknown")
SEVERITIES = ("none", "minor", "moderate", "serious", "critical")
ELICITATIONS = ("worst-case", "safeguards-off", "safeguards-on")
EVALUATION_TYPES = ("benchmark", "uplift-study", "red-team", "threshold-assessment")
STEPS = ("threat_model", "existing_risk", "existing_defenses", "evidence", "ease_of_defense", "uncertainty")
UNKNOWN_BENCHMARK = "Made-Up-Bench"


def _yes_no_controls(section: type[BaseModel]) -> tuple[str, ...]:
    """A section's true/false/unknown controls in card-model order (not weight_security or provenance)."""
    return tuple(
        name
        for name, field in section.model_fields.items()
        if typing.get_args(typing.get_args(field.annotation)[0])[0] is BoolControlDetail
    )


ACCESS_CONTROLS = _yes_no_controls(AccessControls)
ACCOUNTABILITY = _yes_no_controls(Accountability)
CAPACITY_BUILDING = _yes_no_controls(CapacityBuilding)
WEIGHT_SECURITY = ("none", "sl1", "sl2", "sl3", "sl4", "sl5", "unknown")
PROVENANCE = ("weight-hashes", "signed-weights", "watermarking", "content-credentials")

# Excesses of this model over a reference, on the 0-1 scale: either side of 0.02 and 0.05.
EXCESSES = (0.0, -0.1, -0.03, 0.01, 0.019, 0.02, 0.021, 0.03, 0.049, 0.05, 0.051, 0.1, 0.2)
REFERENCE_SCORES = (0.2, 0.35, 0.5, 0.65, 0.8)
GENERAL_BENCHMARKS = ("GPQA-Diamond", "MMLU", "SWE-bench-Verified", "MMLU-Pro", "HumanEval", "HLE")
COMPUTE_THRESHOLDS = (1.0e23, 1.0e25, 1.0e26)


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Absent:
        return self


ABSENT: Any = _Absent()  # a field left out of the card


@cache
def default_rubric() -> Rubric:
    return load_rubric_set().resolve("balanced")


@cache
def benchmarks_by_domain() -> dict[str, tuple[tuple[str, float], ...]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for bench in default_rubric().benchmarks:
        out.setdefault(bench.domain, []).append((bench.id, float(bench.alert)))
    return {domain: tuple(items) for domain, items in out.items()}


@cache
def catalogue() -> tuple[tuple[str, frozenset[str]], ...]:
    """(model id, benchmarks with a published score) of the rubric's catalogue of open models, if any."""
    models = getattr(default_rubric(), "catalogue", ())
    return tuple((model.id, frozenset(score.benchmark for score in model.scores)) for model in models)


@cache
def reference_names() -> tuple[str, ...]:
    """Open reference names: catalogue models (when the rubric has a catalogue) and one it lacks."""
    return ("DeepSeek-R1-0528", *(name for name, _ in catalogue() if name != "DeepSeek-R1-0528"), "Not-Catalogued-7B")


@cache
def catalogue_scored() -> frozenset[str]:
    return frozenset(b for _, benches in catalogue() for b in benches)


@cache
def reference_score_optional() -> bool:
    """Whether the card format lets marginal_risk leave a reference score out (for the catalogue)."""
    from releasecheck.card import model as c

    return not c.Comparison.model_fields["reference_score"].is_required()


@cache
def required_domain_rules() -> tuple[tuple[frozenset[str], frozenset[str], float | None, tuple[str, ...]], ...]:
    """(kinds, modalities, compute_at_least, domains) of each required-domains rule of the rubric."""
    from releasecheck.rubric import model as m

    return tuple(
        (frozenset(r.kinds), frozenset(r.modalities), r.compute_at_least, tuple(r.domains))
        for r in default_rubric().many("required-domains", m.RequiredDomainsRule)
    )


def likely_required(model: dict[str, Any]) -> tuple[str, ...]:
    """Roughly the domains the rubric will require, so evidence is aimed at them more often than not."""
    out: list[str] = []
    flop = model.get("training_compute_flop")
    for kinds, modalities, at_least, domains in required_domain_rules():
        by_kind = model["kind"] in kinds
        if not (by_kind or modalities & set(model.get("modalities", ()))):
            continue
        if by_kind and at_least is not None and flop is not None and flop < at_least:
            continue
        out += [d for d in domains if d not in out]
    return tuple(out)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not ABSENT:
        target[key] = value


def _fraction(value: float) -> float:
    return min(1.0, max(0.0, round(value, 6)))


@cache
def _index(size: int) -> st.SearchStrategy[int]:
    return st.integers(0, size - 1)


@cache
def _sublist(pool: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(pool), max_size=4)


def _of(*values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


def _maybe(*values: Any) -> st.SearchStrategy[Any]:
    """ABSENT or one of the values, in one draw (each draw costs; shrinks towards absent)."""
    return st.sampled_from((ABSENT, *values))


BOOLS = st.booleans()
DATES = _maybe(dt.date(2024, 2, 29), dt.date(2026, 10, 20), dt.date(2027, 12, 31))
TEXTS = _of("System card §4.1", "Third-party report, 2026-10", "Internal eval log #12", "ü ✓ 中文")
MAYBE_TEXT = _maybe("System card §4.1", "ü ✓ 中文")

COMPUTE_MODE = _of("absent", "boundary", "near", "range")
COMPUTE_AT = _of(*COMPUTE_THRESHOLDS)
COMPUTE_FACTOR = _of(0.5, 0.999, 1.001, 2.0)
COMPUTE_EXPONENT = st.floats(min_value=21.0, max_value=27.0, allow_nan=False, allow_infinity=False)
NAMES = _of("Aurora-70B", "Tiny", "Proteus", "Ψ-model")
DEVELOPERS = _of("Example Lab", "Halcyon Systems")
KIND = _of(*KINDS)
VERSION = _maybe("1.0", "2026-11")
MODALITY_LISTS = st.lists(_of(*MODALITIES), unique=True, max_size=4)
PARAMETERS = _maybe(7.0e9, 7.0e10, 4.05e11)

ONE_IN_30 = st.integers(0, 29)
ONE_IN_20 = st.integers(0, 19)
ONE_IN_10 = st.integers(0, 9)
ONE_IN_6 = st.integers(0, 5)
ONE_IN_5 = st.integers(0, 4)
ONE_IN_4 = st.integers(0, 3)
ONE_IN_3 = st.integers(0, 2)
POSTURE = _of("mixed", "benign")  # benign: evidence mostly below the thresholds, so open tiers are reached
MAIN_DOMAIN = _of(*MAIN_DOMAINS)
RARE_DOMAIN = _of(*RARE_DOMAINS)
EVALUATION_TYPE = _of(*EVALUATION_TYPES)
UNKNOWN_SCORE = _of(0.1, 0.5, 0.95)
SCORE_OFFSET = {
    "mixed": _of(0.0, -0.001, 0.001, -0.05, 0.05, -0.3, 0.3),
    "benign": _of(-0.001, -0.05, -0.3, 0.0),
}
ANY_SCORE = st.floats(0.0, 1.0)
POPULATION = _of("novice", "expert")
UPLIFT = {"mixed": _of(1.0, 1.1, 1.49, 1.5, 1.51, 2.0, 10.0, 0, 1), "benign": _of(1.0, 1.1, 1.49, 1.5)}
SIGNIFICANT = {"mixed": BOOLS, "benign": _of(False, False, True)}
SEVERITY = {"mixed": _of(*SEVERITIES), "benign": _of(*SEVERITIES[:3])}
LEVEL = _of(*LEVELS)
TA_LEVEL = {"mixed": LEVEL, "benign": _of("low", "alert", "low", "unknown")}
FRAMEWORK = _maybe("Lab Safety Policy v2")
ELICITATION = {
    "mixed": _of(*ELICITATIONS),
    "benign": _of("worst-case", "safeguards-off", "worst-case", "safeguards-on"),
}
# performed_by, date and notes of an evaluation, in one draw (absent first, to shrink towards).
EVALUATION_EXTRAS = st.sampled_from(
    [
        (performer, date, notes)
        for performer in (ABSENT, "internal", "third-party")
        for date in (ABSENT, dt.date(2024, 2, 29), dt.date(2026, 10, 20))
        for notes in (ABSENT, "free text")
    ]
)
EVALUATION_COUNT = st.integers(0, 8)

REFERENCE_SCORE = _of(*REFERENCE_SCORES)
EXCESS = {"mixed": _of(*EXCESSES), "benign": _of(*EXCESSES[:7])}
GENERAL_NAMES = st.lists(_of(*GENERAL_BENCHMARKS), unique=True, max_size=3)
SAFE_GENERAL_NAMES = st.lists(_of(*GENERAL_BENCHMARKS), unique=True, min_size=2, max_size=3)
STEP_VALUE = _of("text", "text", ABSENT, "", "   ", None)
PLANNED_TIER = _maybe(*TIERS)
WEIGHTS_ARTIFACTS = {
    "gated-weights": ("weights", "inference-code"),
    "open-weights": ("weights", "inference-code"),
    "fully-open": ("weights", "inference-code", "training-code", "training-data"),
}
LICENCE = _maybe("apache-2.0", "Proprietary")
DILIGENCE = _of("mixed", "lax", "diligent", "exemplary", "diligent", "exemplary")
RESEARCH_VALUE = _of("none", "low", "medium", "high")
TAMPER_METHOD = _of("fine-tuning", "abliteration", "jailbreak")
REFUSAL_AFTER = _of(0.04, 0.9)
MAYBE_BOOL = _maybe(True, False)
FILTERED = st.one_of(st.just(ABSENT), st.lists(MAIN_DOMAIN, unique=True, max_size=2))
SYSTEM_LEVEL = _maybe(("input-classifier", "output-classifier"))
SAFE_LEVELS = st.dictionaries(_of(*MAIN_DOMAINS, *RARE_DOMAINS[:1]), LEVEL, max_size=4)
SAFE_SOURCE = _maybe("GPT-4 system card")

_FORMS = ("bare", "bare", "bare", "evidence", "evidence+notes")
_DILIGENCE_WEIGHTS = {  # (in place, absent, each other value, null)
    "lax": (1, 1, 1, 1),
    "mixed": (12, 1, 1, 0),
    "diligent": (30, 1, 1, 0),
    "exemplary": (1, 0, 0, 0),
}


def _pool(diligence: str, present: tuple[Any, ...], others: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """(value, form) in one draw: absent first (to shrink towards), skewed by how diligent the lab is."""
    n_present, n_absent, n_other, n_null = _DILIGENCE_WEIGHTS[diligence]
    values = [ABSENT] * n_absent + [None] * n_null + list(present) * n_present + list(others) * n_other
    return st.sampled_from(
        [(v, f) for v in values for f in (_FORMS if v is not ABSENT and v is not None else ("bare",))]
    )


_DILIGENCES = tuple(_DILIGENCE_WEIGHTS)
_BOOL_POOLS = {d: _pool(d, (True,), (False, "unknown")) for d in _DILIGENCES}
_SECURITY_POOLS = {d: _pool(d, ("sl3", "sl4", "sl5"), ("none", "sl1", "sl2", "unknown")) for d in _DILIGENCES}
_PROVENANCE_POOLS = {d: _pool(d, (("weight-hashes",), PROVENANCE), ((), "unknown")) for d in _DILIGENCES}


def _compute(draw: st.DrawFn) -> Any:
    """Absent (undisclosed), a threshold itself, either side of one, or log-uniform in 1e21..1e27."""
    mode = draw(COMPUTE_MODE)
    if mode == "absent":
        return ABSENT
    if mode == "boundary":
        return draw(COMPUTE_AT)
    if mode == "near":
        return draw(COMPUTE_AT) * draw(COMPUTE_FACTOR)
    return float(f"{10.0 ** draw(COMPUTE_EXPONENT):.4g}")


def _model(draw: st.DrawFn) -> dict[str, Any]:
    model: dict[str, Any] = {"name": draw(NAMES), "developer": draw(DEVELOPERS), "kind": draw(KIND)}
    _put(model, "version", draw(VERSION))
    modalities = draw(MODALITY_LISTS)
    if modalities or draw(BOOLS):
        model["modalities"] = modalities
    _put(model, "parameters", draw(PARAMETERS))
    _put(model, "training_compute_flop", _compute(draw))
    return model


def _benchmark(draw: st.DrawFn, domain: str, posture: str) -> dict[str, Any]:
    own = benchmarks_by_domain().get(domain, ())
    pick = draw(ONE_IN_10)
    if pick == 0:  # a benchmark the rubric does not know: warned about and ignored
        return {"benchmark": UNKNOWN_BENCHMARK, "score": draw(UNKNOWN_SCORE)}
    scored = [item for item in own if item[0] in catalogue_scored()]
    if scored and pick in (2, 3):  # one the catalogue has open models' scores for
        name, alert = scored[draw(_index(len(scored)))]
    elif own and pick > 1:
        name, alert = own[draw(_index(len(own)))]
    else:  # a known benchmark filed under another domain (or a domain without benchmarks)
        every = [item for items in benchmarks_by_domain().values() for item in items]
        name, alert = every[draw(_index(len(every)))]
    score = alert + draw(SCORE_OFFSET[posture]) if draw(ONE_IN_5) else draw(ANY_SCORE)
    return {"benchmark": name, "score": _fraction(score)}


def _evaluation(draw: st.DrawFn, index: int, posture: str, required: tuple[str, ...]) -> dict[str, Any]:
    aim = draw(ONE_IN_20)
    if aim == 0:
        domain = draw(RARE_DOMAIN)
    elif required and aim > 7:
        domain = required[draw(_index(len(required)))]
    else:
        domain = draw(MAIN_DOMAIN)
    kind = draw(EVALUATION_TYPE)
    ev: dict[str, Any] = {"id": f"ev-{index}", "domain": domain, "type": kind}
    if kind == "benchmark":
        ev.update(_benchmark(draw, domain, posture))
    elif kind == "uplift-study":
        ev["population"] = draw(POPULATION)
        ev["uplift"] = draw(UPLIFT[posture])
        ev["significant"] = draw(SIGNIFICANT[posture])
    elif kind == "red-team":
        ev["severity"] = draw(SEVERITY[posture])
    else:
        ev["level"] = draw(TA_LEVEL[posture])
        _put(ev, "framework", draw(FRAMEWORK))
    ev["elicitation"] = draw(ELICITATION[posture])
    performer, date, notes = draw(EVALUATION_EXTRAS)
    _put(ev, "performed_by", performer)
    _put(ev, "date", date)
    ev["source"] = draw(TEXTS)
    _put(ev, "notes", notes)
    return ev


def _comparison(draw: st.DrawFn, benchmark: str, posture: str, may_omit: bool = False) -> dict[str, Any]:
    """A shared benchmark; in marginal_risk the reference score may be left to the catalogue."""
    reference = draw(REFERENCE_SCORE)
    out: dict[str, Any] = {
        "benchmark": benchmark,
        "model_score": _fraction(reference + draw(EXCESS[posture])),
        "reference_score": reference,
    }
    if may_omit and reference_score_optional() and draw(ONE_IN_4) == 0:
        del out["reference_score"]
    _put(out, "source", draw(MAYBE_TEXT))
    return out


def _six_steps(draw: st.DrawFn) -> dict[str, Any]:
    if draw(ONE_IN_3):  # complete: every step written out
        return {step: f"{step.replace('_', ' ')}: written out" for step in STEPS}
    out: dict[str, Any] = {}
    for step in STEPS:
        value = draw(STEP_VALUE)
        _put(out, step, f"{step}: written" if value == "text" else value)
    return out


def _marginal_risk(draw: st.DrawFn, domains: list[str], posture: str, benchmarks: frozenset[str]) -> Any:
    if draw(ONE_IN_6) == 0:
        return ABSENT
    out: dict[str, Any] = {}
    if draw(ONE_IN_5):
        names = reference_names()
        # Often a catalogue model with published scores on the card's own benchmarks (it is then
        # compared with them), else the first name, or any.
        fitting = [name for name, scored in catalogue() if scored & benchmarks]
        way = draw(ONE_IN_3)
        if fitting and way == 2:
            name = fitting[draw(_index(len(fitting)))]
        else:
            name = names[0] if way == 0 else names[draw(_index(len(names)))]
        reference: dict[str, Any] = {"model": name}
        _put(reference, "as_of", draw(DATES))
        out["reference"] = reference
    if draw(ONE_IN_4):
        out["general_capability"] = [_comparison(draw, name, posture, True) for name in draw(GENERAL_NAMES)]
    chosen = draw(_sublist(tuple(sorted(set(domains))) or MAIN_DOMAINS[:2]))
    if chosen or draw(BOOLS):
        comps = []
        for domain in chosen:
            own = benchmarks_by_domain().get(domain, ())
            name = own[draw(_index(len(own)))][0] if own else f"{domain}-eval"
            comps.append({"domain": domain, **_comparison(draw, name, posture, True)})
        out["domain_comparisons"] = comps
    if draw(ONE_IN_4):
        out["assessment"] = _six_steps(draw)
    return out


def _similarly_safe(draw: st.DrawFn, posture: str) -> Any:
    if draw(ONE_IN_3):
        return ABSENT
    reference: dict[str, Any] = {"model": "GPT-4", "assessed_levels": draw(SAFE_LEVELS)}
    _put(reference, "source", draw(SAFE_SOURCE))
    out: dict[str, Any] = {"reference": reference}
    if draw(BOOLS):  # a convincing comparison: at least two shared benchmarks, mostly within the margin
        comps = [_comparison(draw, name, "benign") for name in draw(SAFE_GENERAL_NAMES)]
    else:
        comps = [_comparison(draw, name, posture) for name in draw(GENERAL_NAMES)]
    if comps or draw(BOOLS):
        out["general_capability"] = comps
    return out


def _control(draw: st.DrawFn, pool: st.SearchStrategy[Any]) -> Any:
    """A bare value, or the `{value, evidence, notes}` form an auditor can follow."""
    value, form = draw(pool)
    if isinstance(value, tuple):
        value = list(value)
    if form == "bare":
        return value
    detail: dict[str, Any] = {"value": value, "evidence": "audit report §2"}
    if form == "evidence+notes":
        detail["notes"] = "remark"
    return detail


def _controls(draw: st.DrawFn, names: tuple[str, ...], diligence: str, extra: dict[str, Any]) -> Any:
    if draw(ONE_IN_30) == 0:
        return ABSENT
    out: dict[str, Any] = {}
    for name in names:
        _put(out, name, _control(draw, _BOOL_POOLS[diligence]))
    for name, pools in extra.items():
        _put(out, name, _control(draw, pools[diligence]))
    return out


def _safeguards(draw: st.DrawFn) -> Any:
    if draw(BOOLS):
        return ABSENT
    out: dict[str, Any] = {}
    _put(out, "refusal_training", draw(MAYBE_BOOL))
    _put(out, "data_filtering", draw(FILTERED))
    system_level = draw(SYSTEM_LEVEL)
    if system_level is not ABSENT:
        out["system_level"] = list(system_level)
    if draw(BOOLS):
        out["tamper_tests"] = [
            {
                "method": draw(TAMPER_METHOD),
                "refusal_before": 0.92,
                "refusal_after": draw(REFUSAL_AFTER),
                "cost_usd": 50,
                "source": "tamper report",
            }
        ]
    return out


@st.composite
def cards(draw: st.DrawFn) -> dict[str, Any]:
    """A valid card dict (as YAML would load it) for the default rubric set."""
    card: dict[str, Any] = {"releasecheck": 1, "model": _model(draw)}
    release: dict[str, Any] = {}
    _put(release, "planned_tier", draw(PLANNED_TIER))
    if release.get("planned_tier") in WEIGHTS_ARTIFACTS:  # a weights tier lists what it releases (validation)
        release["artifacts"] = list(WEIGHTS_ARTIFACTS[release["planned_tier"]])
    _put(release, "date", draw(DATES))
    _put(release, "licence", draw(LICENCE))
    if release or draw(BOOLS):
        card["release"] = release
    posture = draw(POSTURE)
    required = likely_required(card["model"])
    evaluations: list[dict[str, Any]] = []
    for index in range(draw(EVALUATION_COUNT)):
        earlier = [ev for ev in evaluations if ev["type"] == "benchmark"]
        if earlier and draw(ONE_IN_5) == 0:  # the same benchmark again, under another elicitation
            again = dict(earlier[draw(_index(len(earlier)))], id=f"ev-{index}", elicitation=draw(ELICITATION["mixed"]))
            again["score"] = _fraction(again["score"] + draw(SCORE_OFFSET["mixed"]))
            evaluations.append(again)
        else:
            evaluations.append(_evaluation(draw, index, posture, required))
    if evaluations or draw(BOOLS):
        card["evaluations"] = evaluations
    domains = [ev["domain"] for ev in evaluations]
    _put(card, "safeguards", _safeguards(draw))
    benchmarks = frozenset(ev["benchmark"] for ev in evaluations if ev["type"] == "benchmark")
    _put(card, "marginal_risk", _marginal_risk(draw, domains, posture, benchmarks))
    _put(card, "similarly_safe", _similarly_safe(draw, posture))
    diligence = draw(DILIGENCE)
    _put(card, "access_controls", _controls(draw, ACCESS_CONTROLS, diligence, {"weight_security": _SECURITY_POOLS}))
    _put(card, "accountability", _controls(draw, ACCOUNTABILITY, diligence, {"provenance": _PROVENANCE_POOLS}))
    _put(card, "capacity_building", _controls(draw, CAPACITY_BUILDING, diligence, {}))
    if draw(BOOLS):
        card["benefits"] = {
            "research_value": draw(RESEARCH_VALUE),
            "enables_independent_safety_research": draw(BOOLS),
        }
    return card
