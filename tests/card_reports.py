"""Shared helpers for the example and rule-coverage tests: run `check` once per card and profile."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, ROOT, invoke

CARDS = ROOT / "tests" / "cards"
FIRING = frozenset({"fired", "unmet"})


def example_cards() -> list[Path]:
    """Every example card: examples/*.yaml and the Markdown model cards one folder down (the casebook,
    calibration data with its own tests, aside)."""
    markdown = [
        p for p in EXAMPLES.glob("*/README.md") if p.parent.name not in ("casebook", "probes")
    ]  # data, not cards
    return sorted(EXAMPLES.glob("*.yaml")) + sorted(markdown)


def rule_cards() -> list[Path]:
    """The small, focused cards of tests/cards/."""
    return sorted([*CARDS.glob("*.yaml"), *CARDS.glob("*.md")])


def all_cards() -> list[Path]:
    return example_cards() + rule_cards()


@cache
def check(path: Path, profile: str | None = None) -> tuple[int, dict[str, Any]]:
    """Exit code and JSON report of `releasecheck check PATH -f json --no-timestamp [--profile P]`."""
    args = ["check", str(path), "-f", "json", "--no-timestamp"]
    if profile is not None:
        args += ["--profile", profile]
    result = invoke(*args)
    assert result.code in (0, 1), f"{path}: exit {result.code}\n{result.stdout}\n{result.stderr}"
    return result.code, json.loads(result.stdout)


def firing(report: dict[str, Any]) -> set[str]:
    """Rule ids with a trail entry whose outcome is fired or unmet."""
    return {entry["rule"] for entry in report["trail"] if entry["outcome"] in FIRING}


def entries(report: dict[str, Any], rule: str, outcome: str | None = None) -> list[dict[str, Any]]:
    return [e for e in report["trail"] if e["rule"] == rule and (outcome is None or e["outcome"] == outcome)]


def domains(report: dict[str, Any]) -> dict[str, tuple[bool, str, str, str]]:
    """domain -> (required, level_hosted, level_weights, marginal)."""
    return {
        d["domain"]: (d["required"], d["level_hosted"], d["level_weights"], d["marginal"]) for d in report["domains"]
    }


def binding(report: dict[str, Any]) -> set[str]:
    return {d["domain"] for d in report["domains"] if d["binding"]}


def line_of(path: Path, starts_with: str, after: int = 0) -> int:
    """1-based number of the first line after line `after` whose text (indent stripped) starts with `starts_with`."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and text.lstrip().startswith(starts_with):
            return number
    raise AssertionError(f"{path.name}: no line starting with {starts_with!r} after line {after}")


def key_line(path: Path, *keys: str) -> int:
    """Line of a nested block-style key, e.g. key_line(card, "marginal_risk", "assessment")."""
    lines = path.read_text(encoding="utf-8").splitlines()
    span = range(1, len(lines) + 1)
    found = 0
    for depth, key in enumerate(keys):
        for number in span:
            text = lines[number - 1]
            top_level = depth == 0 and text.startswith(f"{key}:")
            nested = depth > 0 and number > found and text.lstrip().startswith(f"{key}:")
            if top_level or nested:
                found = number
                break
        else:
            raise AssertionError(f"{path.name}: no key {'.'.join(keys[: depth + 1])}")
        span = block_of(path, found)
    return found


def block_of(path: Path, key_line: int) -> range:
    """Lines of the YAML block that starts with the key on `key_line` (the key line and its deeper-indented body)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    indent = len(lines[key_line - 1]) - len(lines[key_line - 1].lstrip())
    end = key_line
    for number in range(key_line + 1, len(lines) + 1):
        text = lines[number - 1]
        depth = len(text) - len(text.lstrip())
        content = bool(text.strip()) and not text.lstrip().startswith("#")
        same_level_item = text.lstrip().startswith("- ") and depth == indent  # `key:` then `- item` unindented
        if content and depth <= indent and not same_level_item:
            break
        end = number
    return range(key_line, end + 1)
