"""The arrows load -> validate -> assess -> report for one input, used by every caller."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from releasecheck.card.problems import InputError, Problem
from releasecheck.rubric.load import Rubric

CARD_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Outcome:
    path: str
    report: dict[str, Any] | None
    problems: tuple[Problem, ...]

    @property
    def exit_code(self) -> int:
        if self.report is None:
            return 2
        return 1 if self.report["decision"] in ("fail", "conditional") else 0


def expand(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Files, folders (cards inside, recursively, sorted) and globs -> card paths, in order."""
    found: list[str] = []
    problems: list[Problem] = []
    for raw in paths:
        if os.path.isdir(raw):
            found += _cards_in(Path(raw))
        elif os.path.exists(raw):
            found.append(raw)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                problems.append(Problem(raw, 0, 0, "", "the pattern matches no file"))
            found += [m for m in matches if os.path.isfile(m)]
        else:
            problems.append(Problem(raw, 0, 0, "", "no such file or folder"))
    return list(dict.fromkeys(found)), problems


def _cards_in(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix.lower() in CARD_SUFFIXES or (path.suffix.lower() == ".md" and _has_card_front_matter(path)):
            out.append(str(path))
    return out


def _has_card_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return head.startswith(b"---") and b"\nreleasecheck:" in head


def validate_path(path: str, rubric: Rubric) -> tuple[Any, Any]:
    from releasecheck.card.loader import load_path
    from releasecheck.card.validate import validate_document

    doc = load_path(path)
    return doc, validate_document(doc, rubric.domain_ids)


def check_path(
    path: str,
    rubric: Rubric,
    expect_tier: str | None,
    generated_at: str | None,
    waived: frozenset[str] = frozenset(),
    waiver_records: list[dict[str, Any]] | None = None,
) -> Outcome:
    from releasecheck.assess.engine import assess
    from releasecheck.report.json_report import report_dict

    try:
        doc, card = validate_path(path, rubric)
    except InputError as err:
        return Outcome(path, None, tuple(err.problems))
    assessment = assess(doc, card, rubric, expect_tier=expect_tier, waived=waived)
    return Outcome(path, report_dict(assessment, generated_at, waiver_records), ())
