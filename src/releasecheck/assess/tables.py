"""Rubric tables that every card consults, built once per Rubric object (issue 18).

A `Rubric` is immutable (the rubric set under one profile), so what is worked out from it alone
is the same for every card of a run. `table(rubric, build)` keeps `build(rubric)` on the rubric
object itself, the way `functools.cached_property` keeps its values, keyed on the builder: it
lives as long as the rubric, a rubric resolved again (another profile) builds its own, and no
card's data goes in. Tables that also depend on a card's release date live with the catalogue
(`catalogue.per_date`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from releasecheck.rubric.load import Rubric

T = TypeVar("T")
_SLOT = "_assess_tables"


def table(rubric: Rubric, build: Callable[[Rubric], T]) -> T:
    """`build(rubric)`, built on first use and kept on the rubric; callers only read it."""
    store: dict[Callable[[Rubric], Any], Any] = rubric.__dict__.setdefault(_SLOT, {})
    found = store.get(build)
    if found is None:
        found = store[build] = build(rubric)
    return cast(T, found)


def first_rule(rubric: Rubric, kind: str) -> Any:
    """The first rule of a kind, or None (a rule the rubric may leave out)."""
    return table(rubric, _first_rules).get(kind)


def _first_rules(rubric: Rubric) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rule in rubric.rules:
        out.setdefault(rule.kind, rule)
    return out
