"""Audit commands: verify an archived report against its card and rubrics; diff two reports."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from typing import Any, cast

from releasecheck import __version__
from releasecheck.report.archived import Change, Diff, Report, Tier, TierChange, TrailChange
from releasecheck.rubric.load import RubricSet
from releasecheck.run.waivers import Waiver
from releasecheck.yamlpos.loader import MAX_BYTES, read_regular
from releasecheck.yamlpos.problems import InputError, Problem

MAX_REPORT_BYTES = 16 * 1024 * 1024  # one card's report is tens of kilobytes
CARD_SUFFIXES = (".yaml", ".yml", ".md")


def load_report(path: str) -> Report:
    raw, size = read_regular(path, MAX_REPORT_BYTES, "report")
    if size > MAX_REPORT_BYTES:
        raise InputError(
            [Problem(path, 1, 1, "", f"file is {size:,} bytes; a report may be at most {MAX_REPORT_BYTES:,}")]
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise InputError([Problem(path, 1, 1, "", "not a JSON report: nested too deeply")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line, col = (err.lineno, err.colno) if isinstance(err, json.JSONDecodeError) else (1, 1)
        raise InputError(
            [
                Problem(
                    path,
                    line,
                    col,
                    "",
                    f"not a JSON report: {err}",
                    "pass a report written by `releasecheck check -f json`",
                )
            ]
        ) from None
    if not isinstance(data, dict) or "report_version" not in data or "input" not in data:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    "not a releasecheck report (no report_version / input)",
                    "a report of several cards is a list: verify takes one card's report",
                )
            ]
        )
    problems = schema_problems(path, data)
    if problems:
        raise InputError(problems)
    return cast(Report, data)  # the schema holds every key Report names


MAX_SCHEMA_PROBLEMS = 20


def schema_problems(path: str, data: Any) -> list[Problem]:
    """A report checked against schemas/report.schema.json before anything reads it: a missing
    key, a wrong type or runaway nesting is named by its JSON path, never a KeyError later."""
    validator = _report_validator()
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:
        return [Problem(path, 1, 1, "", "not a releasecheck report: nested too deeply")]
    problems = [
        Problem(path, 1, 1, _json_path(e.absolute_path), f"does not match the report schema: {_short_message(e)}")
        for e in errors[:MAX_SCHEMA_PROBLEMS]
    ]
    if len(errors) > MAX_SCHEMA_PROBLEMS:
        problems.append(Problem(path, 1, 1, "", f"... and {len(errors) - MAX_SCHEMA_PROBLEMS} more schema problem(s)"))
    if problems:
        problems[-1] = dataclasses.replace(
            problems[-1], hint="pass a report written by `releasecheck check -f json` of this version, unedited"
        )
    return problems


@functools.cache
def _report_validator() -> Any:
    import jsonschema

    from releasecheck.schemas import schema_text

    return jsonschema.Draft202012Validator(json.loads(schema_text("report")))


def _json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _short_message(error: Any) -> str:
    text = str(error.message)
    return text if len(text) <= 160 else text[:157] + "..."


def card_path_of(report: Report, report_path: str, card_path: str | None) -> str:
    """The card to verify against: --card when given; else the recorded path, a relative one
    looked for beside the report first, then from the working directory."""
    if card_path:
        return card_path
    recorded = str(report["input"]["path"])
    if not os.path.isabs(recorded):
        beside = os.path.join(os.path.dirname(report_path), recorded)
        if os.path.lexists(beside):
            return beside
    return recorded


def read_card(path: str) -> bytes:
    """A card's bytes for verify: only a regular card file, as big as `check` reads at most;
    a device, FIFO or any other file (say /etc/passwd) is an input error, exit 2."""
    if not path.lower().endswith(CARD_SUFFIXES):
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    "not a card file (a card is *.yaml, *.yml or a Markdown *.md)",
                    "name the card with --card FILE",
                )
            ]
        )
    raw, size = read_regular(path, MAX_BYTES, "card")
    if size > MAX_BYTES:
        raise InputError([Problem(path, 1, 1, "", f"file is {size:,} bytes; a card may be at most {MAX_BYTES:,}")])
    return raw


def verify(report: Report, rubric_set: RubricSet, card_path: str | None, report_path: str = "") -> list[str]:
    """Differences between the archived report and a fresh computation; empty when it holds.
    Raises InputError when the card cannot be read as a card."""
    from releasecheck.run.config import CheckOptions, RunConfig
    from releasecheck.runner import check_path

    differences = []
    path = card_path_of(report, report_path, card_path)
    raw = read_card(path)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != report["input"]["sha256"]:
        differences.append(f"card changed: sha256 {report['input']['sha256']} (report) != {digest} ({path})")
    if rubric_set.sha256 != report["rubrics"]["sha256"]:
        differences.append(
            f"rubric set changed: sha256 {report['rubrics']['sha256']} (report) != {rubric_set.sha256}"
            f" ({rubric_set.path}, version {rubric_set.meta.version})"
        )
    if report["tool"]["version"] != __version__:
        differences.append(f"tool version {report['tool']['version']} (report) != {__version__}")
    options = report["input"].get("options", {})
    waivers = tuple(
        Waiver(w["rule"], w["reason"], w["approved_by"], w["expires"], w.get("scope"), 0)
        for w in report.get("waivers", [])
    )
    profile = report["rubrics"]["profile"]
    if profile not in rubric_set.profiles:
        return [*differences, f"profile {profile} is not in the rubric set"]
    config = RunConfig(
        rubric_set.path,
        profile,
        options.get("expect_tier"),
        report.get("generated_at"),
        waivers,
        options.get("min_confidence"),
        bool(options.get("compare_profiles")),
    )
    check = CheckOptions(rubric_set, config)
    outcome = check_path(path, check)
    if outcome.report is None:
        return [*differences, *(f"card no longer valid: {p.render()}" for p in outcome.problems)]
    from releasecheck.report.json_report import to_json

    fresh = to_json(outcome.report)
    assert isinstance(fresh, dict) and isinstance(fresh["input"], dict)
    fresh["input"]["path"] = report["input"]["path"]
    differences += [f"{where}: {old} (report) != {new} (now)" for where, old, new in _walk(report, fresh, "")][:50]
    return differences


def _walk(a: Any, b: Any, where: str) -> list[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _walk(a.get(key), b.get(key), f"{where}.{key}" if where else key)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _walk(x, y, f"{where}[{i}]")]
    return [] if a == b else [(where, _short(a), _short(b))]


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "..."


_VERDICT_FIELDS = ("recommended_tier", "ceiling_tier", "decision", "confidence", "planned_tier")


def _change(old: object, new: object) -> Change:
    return {"from": old, "to": new}


def diff(a: Report, b: Report) -> Diff:
    """What changed between two reports: verdict, domains, ABC, tiers and trail."""
    verdict = {f: _change(a.get(f), b.get(f)) for f in _VERDICT_FIELDS if a.get(f) != b.get(f)}
    inputs = {
        k: _change(*v)
        for k, v in {
            "card_sha256": (a["input"]["sha256"], b["input"]["sha256"]),
            "rubrics": (_rubrics(a), _rubrics(b)),
        }.items()
        if v[0] != v[1]
    }
    abc = {
        p: _change(a["abc"][p]["level"], b["abc"][p]["level"])
        for p in a["abc"]
        if p in b["abc"] and a["abc"][p]["level"] != b["abc"][p]["level"]
    }
    domains, tiers, trail = _domain_changes(a, b), _tier_changes(a, b), _trail_changes(a, b)
    changed = bool(verdict or inputs or domains or abc or tiers or trail["added"] or trail["removed"])
    return {
        "verdict": verdict,
        "inputs": inputs,
        "domains": domains,
        "abc": abc,
        "tiers": tiers,
        "trail": trail,
        "changed": changed,
    }


def _rubrics(r: Report) -> str:
    return f"{r['rubrics']['version']} {r['rubrics']['sha256'][:12]} {r['rubrics']['profile']}"


def _domain_changes(a: Report, b: Report) -> dict[str, str | dict[str, Change]]:
    left = {d["domain"]: d for d in a["domains"]}
    right = {d["domain"]: d for d in b["domains"]}
    out: dict[str, str | dict[str, Change]] = {}
    for name in sorted(set(left) | set(right)):
        if name not in right:
            out[name] = "removed"
        elif name not in left:
            out[name] = "added"
        else:
            old, new = left[name], right[name]
            pairs = {
                "level_hosted": (old["level_hosted"], new["level_hosted"]),
                "level_weights": (old["level_weights"], new["level_weights"]),
                "marginal": (old["marginal"], new["marginal"]),
                "binding": (old["binding"], new["binding"]),
                "proxy": (old["proxy"], new["proxy"]),
            }
            change = {k: _change(*v) for k, v in pairs.items() if v[0] != v[1]}
            if change:
                out[name] = change
    return out


def _tier_changes(a: Report, b: Report) -> dict[str, TierChange]:
    left = {t["tier"]: t for t in a["tiers"]}
    out: dict[str, TierChange] = {}
    for t in b["tiers"]:
        old = left.get(t["tier"])
        if old is None:
            continue
        change: TierChange = {}
        if old["permitted"] != t["permitted"]:
            change["permitted"] = _change(old["permitted"], t["permitted"])
        if old["ready"] != t["ready"]:
            change["ready"] = _change(old["ready"], t["ready"])
        added = sorted(_blockers(t) - _blockers(old))
        removed = sorted(_blockers(old) - _blockers(t))
        if added:
            change["blockers_added"] = added
        if removed:
            change["blockers_removed"] = removed
        if change:
            out[t["tier"]] = change
    return out


def _blockers(tier: Tier) -> set[str]:
    return {f"{n['rule']}: {n['message']}" for n in tier["blocked_by"]}


def _trail_changes(a: Report, b: Report) -> TrailChange:
    left = [f"{e['rule']} [{e['outcome']}] {e['message']}" for e in a["trail"]]
    right = [f"{e['rule']} [{e['outcome']}] {e['message']}" for e in b["trail"]]
    return {"removed": [x for x in left if x not in right], "added": [x for x in right if x not in left]}


def diff_text(result: Diff) -> str:
    if not result["changed"]:
        return "no differences\n"
    lines = [f"{key}: {change['from']} -> {change['to']}" for key, change in result["verdict"].items()]
    lines += [f"{key}: {change['from']} -> {change['to']}" for key, change in result["inputs"].items()]
    for name, domain in result["domains"].items():
        detail = (
            domain if isinstance(domain, str) else ", ".join(f"{k} {v['from']} -> {v['to']}" for k, v in domain.items())
        )
        lines.append(f"domain {name}: {detail}")
    for name, change in result["abc"].items():
        lines.append(f"abc {name}: level {change['from']} -> {change['to']}")
    for tier, t in result["tiers"].items():
        parts = [
            f"{k} {v['from']} -> {v['to']}"
            for k, v in (("permitted", t.get("permitted")), ("ready", t.get("ready")))
            if v
        ]
        parts += [f"+ {x}" for x in t.get("blockers_added", [])] + [f"- {x}" for x in t.get("blockers_removed", [])]
        lines.append(f"tier {tier}: " + "; ".join(parts))
    lines += [f"trail - {x}" for x in result["trail"]["removed"]] + [f"trail + {x}" for x in result["trail"]["added"]]
    return "\n".join(lines) + "\n"
