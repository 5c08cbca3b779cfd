"""`releasecheck validate`: each named file checked against the card schema and cross-field rules,
as data (one FileValidation per file) that the text and JSON outputs both render."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasecheck.yamlpos.problems import InputError, Problem

if TYPE_CHECKING:
    from releasecheck.rubric.load import Rubric


@dataclass(frozen=True)
class FileValidation:
    path: str
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def validate_paths(found: list[str], missing: list[Problem], rubric: Rubric) -> list[FileValidation]:
    """Paths that name nothing first (as their problem), then every card in order."""
    from releasecheck.runner import validate_path

    results = [FileValidation(problem.file, (problem,)) for problem in missing]
    for path in found:
        try:
            validate_path(path, rubric)
        except InputError as err:
            results.append(FileValidation(path, tuple(err.problems)))
            continue
        results.append(FileValidation(path, ()))
    return results


def validation_json(results: list[FileValidation], array: bool) -> str:
    """An object per file {path, valid, problems: [{line, col, field, message, hint}]}; an array when
    the invocation named a folder, a glob or several paths (the rule of `check -f json`)."""
    objects = [
        {
            "path": r.path,
            "valid": r.valid,
            "problems": [
                {"line": p.line, "col": p.col, "field": p.field, "message": p.message, "hint": p.hint}
                for p in r.problems
            ],
        }
        for r in results
    ]
    shaped: object = objects if array or len(objects) != 1 else objects[0]
    return json.dumps(shaped, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
