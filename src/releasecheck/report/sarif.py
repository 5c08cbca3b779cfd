"""SARIF 2.1.0: one result per blocking finding, rule metadata from the rubric, region = card line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from releasecheck import __version__, inert
from releasecheck.ladder import WEIGHTS_TIERS
from releasecheck.report.formats import Context, RuleMeta, decision_gates, tamper_line
from releasecheck.report.view import JSON

if TYPE_CHECKING:
    from releasecheck.report.view import Need, Report
    from releasecheck.runner import Outcome

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INPUT_RULE = "RC-INPUT"
_TAMPER_RULE = "RC-TAMPER"
_MORE_RULE = "RC-MORE"
# Results per card at most: one card with 100k unknown keys made 59 MB of SARIF. The rest are counted.
MAX_RESULTS_PER_CARD = 100
# The tool's own rules (`releasecheck explain` knows them too): (short description, help)
_TOOL_RULES = {
    _INPUT_RULE: (
        "Card could not be read or validated",
        "Fix the card; `releasecheck validate` lists every problem with its position.",
    ),
    _TAMPER_RULE: (
        "Tamper test of model-level safeguards (a blocked weights tier)",
        "Model-level safeguards can be stripped once weights are out, so they are never credited for weights "
        "tiers; the card's tamper tests show how well they held (refusal before and after, cost).",
    ),
    _MORE_RULE: (
        "More results for this card than SARIF lists",
        "A card gave more than 100 results; the first 100 are listed and this one counts the rest. "
        "`releasecheck validate CARD` or `check CARD` shows them all.",
    ),
}


def _rule(rule_id: str, meta: RuleMeta | None) -> dict[str, JSON]:
    if meta is None:
        short, help_text = _TOOL_RULES.get(rule_id, (rule_id, f"See `releasecheck explain {rule_id}`."))
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": short}, "help": {"text": help_text}}
    sources = "; ".join(s.title for s in meta.sources)
    return {
        "id": rule_id,
        "name": rule_id.replace("-", ""),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale.strip()},
        "help": {
            "text": f"{meta.rationale.strip()} Sources: {sources}. See `releasecheck explain {rule_id}`.",
            "markdown": f"**{meta.title}**\n\n{meta.rationale.strip()}\n\nSources: {sources}",
        },
        "properties": {"kind": getattr(meta, "kind", "pillar-level")},
    }


def _location(path: str, line: int, col: int = 1) -> JSON:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path},
            "region": {"startLine": max(line, 1), "startColumn": max(col, 1)},
        }
    }


def _gate_tier(r: Report) -> str | None:
    """The tier whose blockers are findings: the planned one when it is not supported."""
    if r.decision in ("fail", "conditional"):
        return str(r.planned_tier)
    return None


def _results(o: Outcome) -> list[dict[str, JSON]]:
    if o.report is None:
        return [
            {
                "ruleId": _INPUT_RULE,
                "level": "error",
                "message": {
                    "text": f"{p.field + ': ' if p.field else ''}{p.message}" + (f" (hint: {p.hint})" if p.hint else "")
                },
                "locations": [_location(o.path, p.line, p.col)],
            }
            for p in o.problems
        ]
    r = o.report
    out = _findings(o.path, r)
    out += _gates(o.path, r)
    out += _waived(o.path, r)
    out += _tampers(o.path, r)
    for w in r.warnings:
        line = w.evidence[0].line if w.evidence else 1
        out.append(
            {
                "ruleId": w.rule,
                "level": "warning",
                "message": {"text": w.message},
                "locations": [_location(o.path, line)],
            }
        )
    if r.profiles is not None and r.profiles.verdict == "contested":
        p = r.profiles
        out.append(
            {
                "ruleId": "REC-RECOMMEND",
                "level": "note",
                "message": {
                    "text": f"{r.model.name}: stances contested ({p.range}); divided by {', '.join(p.dividing_rules)}"
                },
                "locations": [_location(o.path, 1)],
            }
        )
    return out


def _capped(path: str, results: list[dict[str, JSON]]) -> list[dict[str, JSON]]:
    """At most MAX_RESULTS_PER_CARD results, then one that counts the rest at their most severe level."""
    if len(results) <= MAX_RESULTS_PER_CARD:
        return results
    rest = results[MAX_RESULTS_PER_CARD:]
    levels = {str(r["level"]) for r in rest}
    level = next((lv for lv in ("error", "warning", "note") if lv in levels), "note")
    more: dict[str, JSON] = {
        "ruleId": _MORE_RULE,
        "level": level,
        "message": {"text": f"{len(rest)} more result(s) for this card, not listed; run `releasecheck validate` on it"},
        "locations": [_location(path, 1)],
    }
    return [*results[:MAX_RESULTS_PER_CARD], more]


def _findings(path: str, r: Report) -> list[dict[str, JSON]]:
    """The planned tier's blockers (capability findings, absent safeguards) as errors; its
    conditions (undocumented safeguards, unmet obligations) as warnings: the tier holds once they are met."""
    gate = _gate_tier(r)
    tier = r.tier(gate) if gate is not None else None
    if tier is None:
        return []
    needs: list[tuple[Need, str, str]] = [
        *((b, "error", "blocked") for b in tier.blocked_by),
        *((b, "warning", "condition") for b in tier.conditions),
    ]
    return [
        {
            "ruleId": b.rule,
            "level": level,
            "message": {
                "text": f"{r.model.name}: planned {gate} {what} ({b.kind}{f', {b.state}' if b.state else ''}): {b.message}"
            },
            "locations": [_location(path, b.line)],
            "properties": {
                "decision": r.decision,
                "recommended_tier": r.recommended_tier,
                "requirement": b.kind,
                **({"state": b.state} if b.state else {}),
            },
        }
        for b, level, what in needs
    ]


def _gates(path: str, r: Report) -> list[dict[str, JSON]]:
    """A pass turned conditional by --min-confidence: no tier blocker says so, the trail does."""
    return [
        {
            "ruleId": e.rule,
            "level": "warning",  # the decision is conditional: a warning, as every condition is
            "message": {"text": f"{r.model.name}: {e.message}"},
            "locations": [_location(path, 1)],
        }
        for e in decision_gates(r)
    ]


def _tampers(path: str, r: Report) -> list[dict[str, JSON]]:
    """Where the planned weights tier is blocked: the tamper tests of the model-level safeguards, as notes."""
    gate = _gate_tier(r)
    tier = r.tier(gate) if gate in WEIGHTS_TIERS else None
    if tier is None or not tier.blocked_by:
        return []
    lines = [f"tamper test {tamper_line(t)}" for t in r.safeguards.tamper_tests] or ["no tamper tests reported"]
    return [
        {
            "ruleId": _TAMPER_RULE,
            "level": "note",
            "message": {"text": f"{r.model.name}: planned {gate} blocked; model-level safeguards: {line}"},
            "locations": [_location(path, 1)],
        }
        for line in lines
    ]


def _waived(path: str, r: Report) -> list[dict[str, JSON]]:
    """Waived requirements as suppressed results, one per waived control: visible to code scanning,
    with their justification."""
    out: list[dict[str, JSON]] = []
    for w in r.waivers:
        justification = f"{w.reason} (approved by {w.approved_by}, expires {w.expires})"
        for entry in (e for e in r.trail if e.rule == w.rule and e.outcome == "waived"):
            for line in [p.line for p in entry.evidence] or [1]:
                out.append(
                    {
                        "ruleId": w.rule,
                        "level": "error",
                        "message": {"text": f"{r.model.name}: {entry.message} ({w.changed})"},
                        "locations": [_location(path, line)],
                        "suppressions": [{"kind": "external", "status": "accepted", "justification": justification}],
                    }
                )
    return out


def render(outcomes: list[Outcome], ctx: Context) -> str:
    outcomes = inert.outcomes(outcomes)  # card text cleaned: no controls, invisible or XML-forbidden characters
    results = [res for o in outcomes for res in _capped(o.path, _results(o))]
    used = sorted({str(res["ruleId"]) for res in results})
    rules: list[JSON] = [_rule(rid, None if rid in _TOOL_RULES else ctx.rules.get(rid)) for rid in used]
    index = {rid: i for i, rid in enumerate(used)}
    for res in results:
        res["ruleIndex"] = index[str(res["ruleId"])]
    log: JSON = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "releasecheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/releasecheck/releasecheck",
                        "rules": rules,
                    }
                },
                "results": list[JSON](results),
                "artifacts": [{"location": {"uri": o.path}} for o in outcomes],
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
