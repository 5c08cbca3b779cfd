"""JUnit XML: one test case per card; a failure when the decision is not pass, an error when invalid."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from releasecheck import inert
from releasecheck.report.formats import Context, ready_phrase

if TYPE_CHECKING:
    from releasecheck.report.view import Need, Report
    from releasecheck.runner import Outcome


def render(outcomes: list[Outcome], _ctx: Context) -> str:
    outcomes = inert.outcomes(outcomes)  # card text cleaned: no controls, invisible or XML-forbidden characters
    suite = ET.Element("testsuite", name="releasecheck")
    failures = errors = 0
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname="releasecheck", name=o.path)
        if o.report is None:
            errors += 1
            error = ET.SubElement(case, "error", message="invalid card", type="invalid-input")
            error.text = "\n".join(p.render() for p in o.problems)
            continue
        r = o.report
        case.set("classname", f"releasecheck.{r.rubrics.profile}")
        if r.decision in ("fail", "conditional"):
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                type=r.decision,
                message=f"planned {r.planned_tier}: {r.decision} (recommended "
                f"{r.recommended_tier}, ceiling {r.ceiling_tier})",
            )
            failure.text = "\n".join(_details(r))
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(_summary(r))
    suite.set("tests", str(len(outcomes)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _details(r: Report) -> list[str]:
    planned = r.tier(r.planned_tier)
    blockers = planned.blocked_by if planned else ()
    conditions = planned.conditions if planned else ()
    lines = [f"blocked: {_kind(b)} {b.rule}: {b.message} (line {b.line})" for b in blockers]
    lines += [f"condition: {_kind(b)} {b.rule}: {b.message} (line {b.line})" for b in conditions]
    # a confidence gate blocks no tier; its trail entry is the reason
    gates = [e for e in r.trail if e.effect == "decision conditional" and "confidence" in e.message]
    return lines + [f"confidence {e.rule}: {e.message}" for e in gates]


def _kind(b: Need) -> str:
    return b.kind + (f" ({b.state})" if b.state else "")


def _summary(r: Report) -> list[str]:
    conditions = len(r.conditions)
    lines = [
        f"{r.model.name}: recommended {r.recommended_tier}"
        + (f" ({conditions} condition(s))" if conditions else "")
        + f", ceiling {r.ceiling_tier}, {ready_phrase(r)}, "
        f"decision {r.decision}, confidence {r.confidence}"
    ]
    lines += [f"condition: {_kind(b)} {b.rule}: {b.message}" for b in r.conditions]
    if r.unknown_required:
        lines.append(f"no evidence for required domain(s): {', '.join(r.unknown_required)}")
    lines += [f"waiver {w.rule}: {w.reason} ({w.approved_by}, expires {w.expires}): {w.changed}" for w in r.waivers]
    if r.profiles:
        p = r.profiles
        lines.append(f"stances {p.verdict}" + (f" ({p.range})" if p.range else ""))
    return lines
