"""`rubrics test --casebook DIR`: judge a rubric set against real releases with researched ranges.

A casebook folder holds `ranges.yaml` (card file -> {range: [most restrictive, most open], actual,
case}) and the cards (in `cards/`, or beside ranges.yaml). Per case, under the rubric set's default
profile: is the ceiling inside the range, is the recommended tier inside it, do the profiles'
recommendations (most restrictive .. most open) overlap it, and does the decision on the tier the
developer actually chose agree (not `fail` when that tier is inside the range; `fail` or
`conditional` when it is above). A case is *defensible* when its ceiling and recommendation are
inside the range and the decision agrees.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from releasecheck.rubric.load import RubricSet
from releasecheck.yamlpos.problems import InputError, Problem


@dataclass(frozen=True)
class CaseResult:
    card: str
    case: str
    range: tuple[str, str]
    actual: str | None
    ceiling: str
    recommended: str
    profiles: dict[str, str]  # profile -> recommended tier
    actual_decision: str | None
    ceiling_in: bool
    recommended_in: bool
    bracketed: bool
    decision_agrees: bool

    @property
    def defensible(self) -> bool:
        return self.ceiling_in and self.recommended_in and self.decision_agrees


def load_ranges(folder: Path, tiers: list[str]) -> list[tuple[Path, str, tuple[str, str], str | None]]:
    """(card path, case label, range, actual tier) per entry of ranges.yaml, in file order."""
    import yaml

    path = folder / "ranges.yaml"
    try:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError) as err:
        raise InputError([Problem(str(path), 1, 1, "", f"cannot read the casebook's ranges: {err}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), 1, 1, "", "expected a mapping: card file -> {range, actual, case}")])
    out = []
    for name, entry in data.items():
        where = f"{name}"
        rng = entry.get("range") if isinstance(entry, dict) else None
        if not (isinstance(rng, list) and len(rng) == 2 and all(t in tiers for t in rng)):
            raise InputError([Problem(str(path), 1, 1, where, "range must be [tier, tier] with known tier ids")])
        actual = entry.get("actual")
        if actual is not None and actual not in tiers:
            raise InputError([Problem(str(path), 1, 1, where, f"unknown actual tier '{actual}'")])
        card = folder / "cards" / str(name)
        out.append(
            (card if card.exists() else folder / str(name), str(entry.get("case", name)), (rng[0], rng[1]), actual)
        )
    return out


def run_casebook(rubric_set: RubricSet, folder: Path) -> list[CaseResult]:
    from releasecheck.assess.engine import assess
    from releasecheck.card.validate import validate_document
    from releasecheck.yamlpos.loader import load_path

    default = rubric_set.resolve(None)
    tiers = list(default.tier_order)
    rank = default.tier_rank
    results = []
    for path, case, (lo, hi), actual in load_ranges(folder, tiers):
        doc = load_path(str(path))
        card = validate_document(doc, default.domain_ids)
        main = assess(doc, card, default)
        by_profile = {p: assess(doc, card, rubric_set.resolve(p)).recommended_tier for p in rubric_set.profile_ids()}
        decision = assess(doc, card, default, expect_tier=actual).decision if actual is not None else None
        opened = [rank[t] for t in by_profile.values()]
        if actual is None or rank[actual] < rank[lo]:
            agrees = True  # more restrictive than the range: the casebook asks nothing of the decision
        elif rank[actual] <= rank[hi]:
            agrees = decision != "fail"
        else:
            agrees = decision in ("fail", "conditional")
        results.append(
            CaseResult(
                path.name,
                case,
                (lo, hi),
                actual,
                main.ceiling_tier,
                main.recommended_tier,
                by_profile,
                decision,
                rank[lo] <= rank[main.ceiling_tier] <= rank[hi],
                rank[lo] <= rank[main.recommended_tier] <= rank[hi],
                min(opened) <= rank[hi] and max(opened) >= rank[lo],
                agrees,
            )
        )
    return results


def totals(results: list[CaseResult]) -> dict[str, int]:
    return {
        "cases": len(results),
        "ceiling_in_range": sum(r.ceiling_in for r in results),
        "recommended_in_range": sum(r.recommended_in for r in results),
        "profiles_bracket_range": sum(r.bracketed for r in results),
        "actual_decision_agrees": sum(r.decision_agrees for r in results),
        "defensible": sum(r.defensible for r in results),
    }


def render_text(results: list[CaseResult]) -> str:
    mark = {True: "yes", False: "NO"}
    lines = [f"{'card':28} {'range':27} {'ceiling':13} {'recommended':13} {'bracket':8} {'actual':22}"]
    for r in results:
        rng = f"{r.range[0]}..{r.range[1]}"
        actual = f"{r.actual}: {r.actual_decision}" if r.actual else "-"
        lines.append(
            f"{r.card[:28]:28} {rng:27} {r.ceiling:13} {r.recommended:13} {mark[r.bracketed]:8} {actual:22}"
            + ("" if r.defensible else "  <- " + _why(r))
        )
    t = totals(results)
    n = t["cases"]
    lines.append(
        f"{t['defensible']}/{n} defensible; ceiling in range {t['ceiling_in_range']}/{n}, recommended in range "
        f"{t['recommended_in_range']}/{n}, profiles bracket the range {t['profiles_bracket_range']}/{n}, decision on "
        f"the actual tier agrees {t['actual_decision_agrees']}/{n}"
    )
    return "\n".join(lines) + "\n"


def _why(r: CaseResult) -> str:
    out = []
    if not r.ceiling_in:
        out.append("ceiling outside")
    if not r.recommended_in:
        out.append("recommendation outside")
    if not r.decision_agrees:
        out.append(f"decision {r.actual_decision} on {r.actual}")
    return ", ".join(out)


def render_json(results: list[CaseResult]) -> str:
    cases: list[dict[str, Any]] = []
    for r in results:
        item = asdict(r)
        item["range"] = list(r.range)
        item["defensible"] = r.defensible
        cases.append(item)
    return json.dumps({"cases": cases, "totals": totals(results)}, indent=2, sort_keys=True) + "\n"
