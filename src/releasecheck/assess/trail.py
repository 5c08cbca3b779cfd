"""The append-only reasoning trail: every rule that applied, in order, with the card lines used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

from releasecheck.yamlpos.loader import Document, Path
from releasecheck.yamlpos.problems import format_path

# "fired" and "unmet" mean the rule's condition held and it shaped the result; the rest are
# recorded so an auditor sees what was checked and passed.
Outcome = Literal["fired", "unmet", "met", "waived", "info"]
FIRING = frozenset({"fired", "unmet"})


# NamedTuples rather than frozen dataclasses: as immutable, and several times cheaper to make,
# which counts here (about fifty entries and eighty pointers per card in a batch).
class Pointer(NamedTuple):
    path: str
    line: int


class TrailEntry(NamedTuple):
    rule: str
    outcome: Outcome
    message: str
    evidence: tuple[Pointer, ...] = ()
    effect: str | None = None
    tier: str | None = None  # the tier the entry decided for, where one rule weighs several (waivers)


class Warning_(NamedTuple):
    rule: str
    message: str
    evidence: tuple[Pointer, ...] = ()


@lru_cache(maxsize=8192)
def _shown(path: Path) -> str:
    """A path as a pointer shows it. Cached on the path alone (a pure function of it): cards of a
    batch point at the same few hundred paths, so the text is built once per process, not per card."""
    return format_path(path) or "(card)"


@dataclass
class Trail:
    doc: Document
    entries: list[TrailEntry] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    _pointers: dict[Path, Pointer] = field(default_factory=dict)

    def pointer(self, path: Path) -> Pointer:
        found = self._pointers.get(path)
        if found is None:
            # a section's key line, not its first child: `model:` rather than `  name:`
            line, _ = self.doc.key_pos.get(path) or self.doc.position(path)
            found = self._pointers[path] = Pointer(_shown(path), line)
        return found

    def pointers(self, paths: Sequence[Path]) -> tuple[Pointer, ...]:
        return tuple(map(self.pointer, paths))

    def add(
        self,
        rule: str,
        outcome: Outcome,
        message: str,
        paths: Sequence[Path] = (),
        effect: str | None = None,
        once: bool = False,
        tier: str | None = None,
    ) -> None:
        known = self._pointers  # inline of pointers(): this runs ~50 times per card
        entry = TrailEntry(
            rule, outcome, message, tuple([known.get(p) or self.pointer(p) for p in paths]), effect, tier
        )
        if once and entry in self.entries:
            return  # the same finding met again from another tier class
        self.entries.append(entry)

    def warn(self, rule: str, message: str, paths: Sequence[Path] = ()) -> None:
        warning = Warning_(rule, message, self.pointers(paths))
        if warning not in self.warnings:  # one finding, one warning, however many tier classes meet it
            self.warnings.append(warning)
