"""Problems are data: every check returns them with a position; only the CLI decides what is fatal."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, pointing at where it is."""

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def render(self) -> str:
        """One line, and a hint line: card text in it cannot break a line or hide in invisible characters."""
        from releasecheck.inert import clean

        where = f"{clean(self.file)}:{self.line}:{self.col}"
        field = f" {clean(self.field)}:" if self.field else ""
        text = f"{where}:{field} {clean(self.message)}"
        if self.hint:
            text += f"\n  hint: {clean(self.hint)}"
        return text


class InputError(Exception):
    """Raised by a stage that cannot continue; carries every problem found so far."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


@lru_cache(maxsize=4096)  # the trail formats the same few hundred paths for every card of a batch
def format_path(path: tuple[str | int, ...]) -> str:
    """('evaluations', 2, 'score') -> 'evaluations[2].score'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
