"""Assessment -> the JSON report of SPEC §7 (plain dicts; schema in schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from releasecheck import __version__
from releasecheck.assess.engine import Assessment
from releasecheck.assess.evidence import DomainEvidence
from releasecheck.assess.recommend import Blocker
from releasecheck.assess.trail import Pointer
from releasecheck.card.problems import format_path

# 2: conditions, ready_tier, unknown_required; blockers of kind safeguard/obligation with a control state;
# pillars list absent and undocumented controls; marginal risk may be `below`; proxy evidence names its reference.
REPORT_VERSION = 2


def _pointer(p: Pointer) -> dict[str, Any]:
    return {"path": p.path, "line": p.line}


def _blocker(a: Assessment, b: Blocker) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": b.kind, "rule": b.rule, "message": b.message, "line": a.doc.position(b.path)[0]}
    if b.domain is not None:
        out["domain"] = b.domain
    if b.control is not None:
        out["control"] = b.control
    if b.state is not None:
        out["state"] = b.state
    return out


def _evidence(a: Assessment, dom: DomainEvidence) -> list[dict[str, Any]]:
    out = []
    for r in dom.readings:
        ev = a.card.evaluations[r.index]
        path = ("evaluations", r.index)
        out.append(
            {
                "path": f"evaluations[{r.index}]",
                "line": a.doc.position(path)[0],
                "id": ev.id,
                "type": ev.type,
                "elicitation": ev.elicitation,
                "performed_by": ev.performed_by,
                "establishes": r.establishes,
                "rules_out_above": r.rules_out_above,
                "rule": r.rule,
                "source": ev.source,
            }
        )
    for r in dom.proxies:
        out.append(
            {
                "path": format_path(r.path),
                "line": a.doc.position(r.path)[0],
                "id": None,
                "type": "proxy",
                "elicitation": "safeguards-off" if r.worst_case else "safeguards-on",
                "performed_by": None,
                "establishes": r.establishes,
                "rules_out_above": r.rules_out_above,
                "rule": r.rule,
                "source": r.message,
                "reference": r.proxy,
            }
        )
    return out


def _domains(a: Assessment) -> list[dict[str, Any]]:
    out = []
    for dom in a.domains:
        mr = a.marginal[dom.domain]
        ceil = a.ceilings[dom.domain]
        out.append(
            {
                "domain": dom.domain,
                "required": dom.required,
                "required_by": list(dom.required_by),
                "level_hosted": dom.hosted.level,
                "level_weights": dom.weights.level,
                "proxy": dom.proxy,
                "marginal": mr.marginal,
                "excess": mr.excess,
                "binding": dom.domain in a.binding,
                "permits": {"hosted": ceil.limit["hosted"], "weights": ceil.limit["weights"]},
                "evidence": _evidence(a, dom),
            }
        )
    return out


def report_dict(a: Assessment, generated_at: str | None, waivers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    card = a.card
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "tool": {"name": "releasecheck", "version": __version__},
        "input": {"path": a.doc.path, "sha256": a.doc.sha256},
        "rubrics": {
            "id": a.rubric.meta.id,
            "profile": a.rubric.profile.id,
            "version": a.rubric.meta.version,
            "sha256": a.rubric.sha256,
        },
        "model": {"name": card.model.name, "version": card.model.version, "developer": card.model.developer},
        "planned_tier": a.planned_tier,
        "ceiling_tier": a.ceiling_tier,
        "recommended_tier": a.recommended_tier,
        "ready_tier": a.ready_tier,
        "conditions": [_blocker(a, b) for b in a.conditions],
        "unknown_required": list(a.unknown_required),
        "decision": a.decision,
        "confidence": a.confidence,
        "domains": _domains(a),
        "abc": {
            name: {
                "level": p.level,
                "met": list(p.met),
                "missing": list(p.missing),
                "absent": list(p.absent),
                "undocumented": list(p.undocumented),
            }
            for name, p in a.pillars.items()
        },
        "tiers": [
            {
                "tier": t.tier,
                "permitted": t.permitted,
                "ready": t.ready,
                "blocked_by": [_blocker(a, b) for b in t.blocked_by],
                "conditions": [_blocker(a, b) for b in t.conditions],
            }
            for t in a.tiers
        ],
        "unlock": _unlock(a),
        "trail": [
            {
                "rule": e.rule,
                "outcome": e.outcome,
                "message": e.message,
                "evidence": [_pointer(p) for p in e.evidence],
                "effect": e.effect,
            }
            for e in a.trail
        ],
        "obligations": [
            {
                "rule": o.rule,
                "title": o.title,
                "status": o.status,
                "threshold_flop": o.threshold_flop,
                "instrument": o.instrument,
                "duties": list(o.duties),
                "effective": o.effective,
                "sources": list(o.sources),
                "note": "information, not legal advice",
            }
            for o in a.obligations
        ],
        "waivers": waivers or [],
        "warnings": [
            {"rule": w.rule, "message": w.message, "evidence": [_pointer(p) for p in w.evidence]} for w in a.warnings
        ],
        "benefits": card.benefits.model_dump(mode="json"),
    }
    if generated_at is not None:
        report["generated_at"] = generated_at
    return report


def _unlock(a: Assessment) -> list[dict[str, Any]]:
    rank = a.rubric.tier_rank
    return [
        {"tier": t.tier, "needs": [_blocker(a, b) for b in (*t.blocked_by, *t.conditions)]}
        for t in a.tiers
        if rank[t.tier] > rank[a.recommended_tier]
    ]


def dumps(report: Any) -> str:
    """Sorted keys and fixed separators: byte-identical across runs and hash seeds."""
    return json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False, check_circular=False) + "\n"


def render_json(outcomes: list[Any], _ctx: Any) -> str:
    """One card file named: its report; otherwise (ctx.array) a list, with invalid cards as `invalid` records."""
    from releasecheck.report.formats import invalid_record

    items = [o.report if o.report is not None else invalid_record(o) for o in outcomes]
    if len(outcomes) == 1 and outcomes[0].report is not None and not getattr(_ctx, "array", False):
        return dumps(items[0])
    return dumps(items)


def render_jsonl(outcomes: list[Any], _ctx: Any) -> str:
    """One line per input, reports and invalid cards alike, in input order."""
    from releasecheck.report.formats import invalid_record

    lines = []
    for o in outcomes:
        item = o.report if o.report is not None else invalid_record(o)
        # ASCII with \u escapes: the same JSON, and encoded twice as fast as UTF-8 text, which
        # counts in a batch (one ~25 KB line per card). Reports are trees: no cycle check needed.
        lines.append(json.dumps(item, sort_keys=True, separators=(",", ":"), check_circular=False))
    return "".join(line + "\n" for line in lines)
