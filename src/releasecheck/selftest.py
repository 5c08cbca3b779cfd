"""A rubric set tests itself: golden cases, and monotonicity (more risk never opens a tier)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from releasecheck.ladder import LEVELS
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, RubricSet
from releasecheck.yamlpos.loader import Document, load_bytes, sub_document
from releasecheck.yamlpos.problems import InputError

_SEVERITY = ("none", "minor", "moderate", "serious", "critical")


def assess_data(data: dict[str, Any], rubric: Rubric, path: str = "<generated>") -> Any:
    """Validate and assess card data that did not come from a file (positions are line 1)."""
    from releasecheck.assess.engine import assess
    from releasecheck.card.validate import validate_document

    doc = Document(path, data)
    card = validate_document(doc, rubric.domain_ids)
    return assess(doc, card, rubric)


def riskier_variants(
    data: dict[str, Any], flop_per_parameter: float | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each variant moves one piece of evidence toward more risk or removes one control.

    Withholding the compute figure is riskier only where the figure is within what the parameter count
    allows (the rubric's `flop_per_parameter`): beyond it, the parameter count and the figure disagree,
    and withholding both is the riskier variant."""
    for index, ev in enumerate(data.get("evaluations", [])):
        bumped = _bump(ev)
        if bumped is not None:
            variant = copy.deepcopy(data)
            variant["evaluations"][index] = bumped
            yield f"evaluations[{index}] riskier", variant
        if ev.get("elicitation") == "safeguards-on":
            continue
        variant = copy.deepcopy(data)
        variant["evaluations"][index] = {**ev, "elicitation": "safeguards-on"}
        yield f"evaluations[{index}] safeguards-on", variant
    for section in ("access_controls", "accountability", "capacity_building"):
        for name, value in (data.get(section) or {}).items():
            # A control in place that becomes undocumented, or an undocumented one documented absent,
            # is more risk; absent -> undocumented is not (an undisclosed control is not an absent one).
            bare = value.get("value") if isinstance(value, dict) else value
            if name == "weight_security" and isinstance(bare, str) and bare.startswith("sl"):
                variant = copy.deepcopy(data)
                lower = int(bare[2:]) - 1  # a level may meet one need and fall short of another
                variant[section][name] = f"sl{lower}" if lower else "none"
                yield f"{section}.{name} lowered", variant
            elif bare is True or (isinstance(bare, list) and bare):
                variant = copy.deepcopy(data)
                del variant[section][name]
                yield f"{section}.{name} undocumented", variant
            elif bare is None or bare == "unknown":
                variant = copy.deepcopy(data)
                variant[section][name] = [] if name == "provenance" else "none" if name == "weight_security" else False
                yield f"{section}.{name} documented absent", variant
    for index, comp in enumerate((data.get("marginal_risk") or {}).get("domain_comparisons", [])):
        variant = copy.deepcopy(data)
        variant["marginal_risk"]["domain_comparisons"][index] = {
            **comp,
            "model_score": min(1.0, comp["model_score"] + 0.1),
        }
        yield f"marginal_risk.domain_comparisons[{index}] higher", variant
    model = data.get("model") or {}
    if model.get("training_compute_flop") is not None:
        params = model.get("parameters")
        beyond = bool(flop_per_parameter and params and model["training_compute_flop"] > params * flop_per_parameter)
        variant = copy.deepcopy(data)
        del variant["model"]["training_compute_flop"]
        if beyond:
            del variant["model"]["parameters"]
        yield "training_compute_flop withheld" + (" (and parameters)" if beyond else ""), variant


def _bump(ev: dict[str, Any]) -> dict[str, Any] | None:
    kind = ev.get("type")
    if kind == "benchmark" and ev["score"] < 1:
        return {**ev, "score": min(1.0, ev["score"] + 0.3)}
    if kind == "red-team" and ev["severity"] != "critical":
        return {**ev, "severity": _SEVERITY[_SEVERITY.index(ev["severity"]) + 1]}
    if kind == "threshold-assessment" and ev["level"] in LEVELS[:-1]:
        return {**ev, "level": LEVELS[LEVELS.index(ev["level"]) + 1]}
    if kind == "uplift-study" and not (ev["significant"] and ev["uplift"] >= 10):
        return {**ev, "significant": True, "uplift": max(ev["uplift"], 10.0)}
    return None


def monotonicity_failures(data: dict[str, Any], rubric: Rubric) -> list[str]:
    base = assess_data(data, rubric)
    rank = rubric.tier_rank
    out = []
    bound = rubric.one("compute-undisclosed", m.ComputeRule).flop_per_parameter
    for label, variant in riskier_variants(data, float(bound) if bound is not None else None):
        try:
            worse = assess_data(variant, rubric)
        except InputError:
            continue
        for key in ("ceiling_tier", "recommended_tier"):
            before, after = getattr(base, key), getattr(worse, key)
            if rank[after] > rank[before]:
                out.append(f"{label}: {key} opened from {before} to {after}")
    return out


def golden_cases(folder: Path) -> Iterator[tuple[Path, Document, dict[str, Any]]]:
    for path in sorted((folder / "cases").glob("*.yaml")):
        doc = load_bytes(path.read_bytes(), str(path))
        yield path, sub_document(doc, "card"), doc.data.get("expect", {})


def run_self_test(rubric_set: RubricSet) -> tuple[list[str], bool]:
    from releasecheck.assess.engine import assess
    from releasecheck.card.validate import validate_document

    lines: list[str] = []
    failed = False
    cases = list(golden_cases(Path(rubric_set.path)))
    if not cases:
        lines.append(f"no golden cases in {rubric_set.path}/cases")
        return lines, True
    for path, doc, expect in cases:
        for profile, wanted in expect.items():
            rubric = rubric_set.resolve(profile)
            card = validate_document(doc, rubric.domain_ids)
            got = assess(doc, card, rubric)
            diffs = [f"{k}: expected {v}, got {getattr(got, k)}" for k, v in wanted.items() if getattr(got, k) != v]
            diffs += monotonicity_failures(doc.data, rubric)
            failed |= bool(diffs)
            status = "FAIL" if diffs else "ok"
            lines.append(f"{status:4} {path.name} [{profile}]" + "".join(f"\n     {d}" for d in diffs))
    lines.append(f"{len(cases)} golden case(s): {'failures' if failed else 'all pass'}")
    return lines, failed
