"""The progress file: every answer so far, rewritten atomically after each one."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

FORMAT = 1
SUFFIX = ".progress.json"


class ProgressError(Exception):
    """A progress file that cannot be used; the message says why."""


@dataclass
class Progress:
    path: str
    output: str
    profile: str | None = None
    rubrics: dict[str, str] = field(default_factory=dict)  # path and sha256 of the rubric set
    start: dict[str, str] | None = None  # the card started from: its path and text
    answers: list[dict[str, Any]] = field(default_factory=list)
    last: str = ""  # the question answered last, for the person resuming

    def save(self, last: str | None = None) -> None:
        """Rewrite the file with every answer so far (the position follows from them)."""
        if last is not None:
            self.last = last
        body = {
            "releasecheck_interview": FORMAT,
            "output": self.output,
            "profile": self.profile,
            "rubrics": self.rubrics,
            "start": self.start,
            "last": self.last,
        }
        # one answer a line: quick to write after every answer, and easy to read
        answers = ",\n".join(json.dumps(a, ensure_ascii=False) for a in self.answers)
        head = json.dumps(body, ensure_ascii=False)[:-1]
        write_atomic(self.path, f'{head}, "answers": [\n{answers}\n]}}\n')

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    @classmethod
    def load(cls, path: str) -> Progress:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as err:
            raise ProgressError(f"cannot read {path}: {err.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ProgressError(f"{path} is not a progress file ({err})") from None
        if not isinstance(data, dict) or data.get("releasecheck_interview") != FORMAT:
            raise ProgressError(f"{path} is not a releasecheck interview progress file")
        try:
            _check_fields(data)
            return cls(
                path=path,
                output=_text(data, "output"),
                profile=data.get("profile"),
                rubrics=dict(data.get("rubrics") or {}),
                start=data.get("start"),
                answers=[a for a in data.get("answers", []) if isinstance(a, dict) and "key" in a],
                last=str(data.get("last", "")),
            )
        except (TypeError, ValueError) as err:
            raise ProgressError(f"{path}: {err}") from None


def _check_fields(data: dict[str, Any]) -> None:
    """Each field of the right type, so that a corrupt file is named here and not a crash later."""
    if data.get("profile") is not None and not isinstance(data["profile"], str):
        raise ValueError("'profile' must be a text or null")
    if not isinstance(data.get("rubrics") or {}, dict):
        raise ValueError("'rubrics' must be a mapping")
    start = data.get("start")
    if start is not None and not (
        isinstance(start, dict) and isinstance(start.get("path"), str) and isinstance(start.get("text"), str)
    ):
        raise ValueError("'start' must be null or {path, text} texts")
    if not isinstance(data.get("answers", []), list):
        raise ValueError("'answers' must be a list")
    for index, answer in enumerate(data.get("answers", [])):
        if isinstance(answer, dict) and "key" in answer and not isinstance(answer["key"], str):
            raise ValueError(f"'answers[{index}].key' must be a text")


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"'{key}' is missing")
    return value


def write_atomic(path: str, text: str, durable: bool = False) -> None:
    """Write a file so that a reader (or a crash) only ever sees the old or the new whole file.

    ``durable`` also syncs it to disk before the rename (for the card; the progress file is
    rewritten after every answer and a process crash keeps it without that cost).
    """
    target = os.path.abspath(path)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
