"""The rubric tables the engine caches per process (catalogue frontier per release date, proxy
candidates per date, rule lookups) must never carry one card's data into another's result: every
shipped example assessed in one order and in the reverse order, each time from empty caches,
gives the same report line per card as assessing it alone."""

from __future__ import annotations

from pathlib import Path

from releasecheck.assess import catalogue
from releasecheck.report.json_report import render_jsonl
from releasecheck.run.config import CheckOptions
from releasecheck.runner import Outcome, check_path

ROOT = Path(__file__).resolve().parent.parent
CARDS = sorted(str(p) for p in (ROOT / "examples").rglob("*.yaml"))


def _lines(paths: list[str]) -> dict[str, str]:
    catalogue._INDEX.clear()  # empty caches: what the first card of a process meets
    options = CheckOptions.from_options(no_timestamp=True, environ={})
    out = {}
    for path in paths:
        outcome = check_path(path, options)
        assert not outcome.internal, outcome.problems
        out[path] = render_jsonl([Outcome(path, outcome.report, outcome.problems)], None)
    return out


def test_cached_tables_do_not_leak_between_cards_in_either_order() -> None:
    assert len(CARDS) >= 10
    forward, backward = _lines(CARDS), _lines(CARDS[::-1])
    assert forward == backward
    for path in (CARDS[0], CARDS[-1], CARDS[len(CARDS) // 2]):
        assert _lines([path])[path] == forward[path]


def test_two_cards_either_order() -> None:
    a, b = CARDS[0], CARDS[-1]
    first, second = _lines([a, b]), _lines([b, a])
    assert first == second and first[a] != first[b]
