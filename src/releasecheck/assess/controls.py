"""SPEC §5 step 5: ABC controls and pillar levels; the control checks that requirements share."""

from __future__ import annotations

from typing import NamedTuple

from releasecheck.assess.levels import SECURITY
from releasecheck.assess.tables import table
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import Path

IN_PLACE, ABSENT, UNDOCUMENTED = "in place", "absent", "undocumented"
STATES = (IN_PLACE, ABSENT, UNDOCUMENTED)


class NeedResult(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    text: str  # e.g. "access_controls.weight_security >= sl3"
    state: str  # in place | absent | undocumented
    paths: tuple[Path, ...]
    detail: str  # what the card says

    @property
    def met(self) -> bool:
        return self.state == IN_PLACE


class PillarResult(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    pillar: str
    level: int
    met: tuple[str, ...]
    missing: tuple[str, ...]  # absent and undocumented together, as report_version 1 had it
    absent: tuple[str, ...] = ()
    undocumented: tuple[str, ...] = ()


def control_value(card: c.Card, dotted: str) -> object:
    section, name = dotted.split(".", 1)
    detail = getattr(getattr(card, section), name, None)
    return None if detail is None else detail.value


def _state(value: object, at_least: str | None) -> str:
    """Three states (SPEC §5 revision): left out or `unknown` is undocumented, never absent."""
    if value is None or value == "unknown":
        return UNDOCUMENTED
    if at_least is not None:
        ok = isinstance(value, str) and value in SECURITY and SECURITY.index(value) >= SECURITY.index(at_least)
        return IN_PLACE if ok else ABSENT
    if isinstance(value, list):  # provenance measures: any one in place counts
        return IN_PLACE if value else ABSENT
    return IN_PLACE if value is True else ABSENT


def _shown(value: object) -> str:
    if value is None:
        return "not documented"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def check_need(card: c.Card, need: m.ControlNeed | m.AnyOf) -> NeedResult:
    if isinstance(need, m.AnyOf):
        parts = [check_need(card, n) for n in need.any_of]
        states = {p.state for p in parts}
        state = IN_PLACE if IN_PLACE in states else UNDOCUMENTED if UNDOCUMENTED in states else ABSENT
        return NeedResult(
            " or ".join(p.text for p in parts),
            state,
            tuple(path for p in parts for path in p.paths),
            "; ".join(p.detail for p in parts),
        )
    value = control_value(card, need.control)
    path: Path = tuple(need.control.split("."))
    text = need.control if need.at_least is None else f"{need.control} >= {need.at_least}"
    state = _state(value, need.at_least)
    return NeedResult(text, state, (path,), f"{need.control} is {_shown(value)} ({state})")


class ControlChecks:
    """`check_need` for one card, each distinct need checked once: the pillar levels and every
    tier's requirements ask about the same few controls dozens of times per assessment."""

    def __init__(self, card: c.Card) -> None:
        self.card = card
        self._by_id: dict[int, NeedResult] = {}  # needs live in the rubric, longer than this object
        self._by_value: dict[object, NeedResult] = {}  # equal needs of different rules

    def __call__(self, need: m.ControlNeed | m.AnyOf) -> NeedResult:
        found = self._by_id.get(id(need))
        if found is None:
            key = (
                (need.control, need.at_least)
                if isinstance(need, m.ControlNeed)
                else tuple((n.control, n.at_least) for n in need.any_of)
            )
            found = self._by_value.get(key)
            if found is None:
                found = self._by_value[key] = check_need(self.card, need)
            self._by_id[id(need)] = found
        return found


def _pillar_steps(rubric: Rubric) -> dict[str, list[m.PillarLevel]]:
    """Each pillar's levels, lowest first: the order they are climbed in, the same for every card."""
    return {name: sorted(pillar.levels, key=lambda s: s.level) for name, pillar in rubric.pillars.items()}


def pillar_levels(checks: ControlChecks, rubric: Rubric, trail: Trail) -> dict[str, PillarResult]:
    out = {}
    steps_of = table(rubric, _pillar_steps)
    for name, pillar in rubric.pillars.items():
        level, still_climbing = 0, True
        met: list[str] = []
        missing: list[str] = []
        by_state: dict[str, list[str]] = {ABSENT: [], UNDOCUMENTED: []}
        for step in steps_of[name]:
            results = [checks(n) for n in step.needs]
            gaps = [r for r in results if not r.met]
            met += [r.text for r in results if r.met]
            missing += [r.text for r in gaps]
            for r in gaps:
                by_state[r.state].append(r.text)
            paths = [p for r in results for p in r.paths]
            if not gaps and still_climbing:
                level = step.level
                trail.add(step.id, "met", f"{pillar.title} level {step.level}: {step.title}", paths)
            else:
                still_climbing = False
                why = "; ".join(r.detail for r in gaps) or f"needs level {step.level - 1} first"
                trail.add(step.id, "unmet", f"{pillar.title} level {step.level} not reached: {why}", paths)
        out[name] = PillarResult(
            name, level, tuple(met), tuple(missing), tuple(by_state[ABSENT]), tuple(by_state[UNDOCUMENTED])
        )
    return out
