"""Asking one question: replay saved answers, else prompt, check, re-ask with the reason.

Answers are kept as an ordered log of ``{"key", "value"}``. The questionnaire is plain code
that asks questions in order; resuming replays the log through it (silently) until the first
question without an answer, and going back drops the last answer and replays again. So the
position in the questionnaire never needs saving separately: it follows from the answers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape

from releasecheck.interview.answers import Invalid, decode, encode, expects, parse, show
from releasecheck.interview.schema import Shape

WIDTH = 78  # what we print stays within 80 columns
Check = Callable[[Any], str | None]


class Back(Exception):
    """The person typed `<`: go back to the previous question."""


@dataclass(frozen=True)
class IO:
    """How the questionnaire talks: ``ask(prompt) -> answer`` and ``say(rich markup)``."""

    ask: Callable[[str], str]
    say: Callable[[str], None]


@dataclass(frozen=True)
class Question:
    key: str  # stable id of this question in the progress file
    text: str  # the short question
    shape: Shape
    required: bool = False
    default: Any = None  # what an empty answer gives; None: skip (optional) or re-ask (required)
    help: str = ""  # the full description, shown on `?`
    path: str = ""  # the card field it fills
    choice_help: dict[str, str] = field(default_factory=dict)
    note: str = ""  # extra words for the hint line
    check: Check | None = None  # further validation: a reason, or None when fine


def wrap(text: str, indent: str = "", style: str = "") -> str:
    """Wrap to WIDTH columns and escape for rich, one style for all lines."""
    lines = textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent) + "  ", break_on_hyphens=False
    ) or [indent]
    body = "\n".join(escape(line) for line in lines)
    return f"[{style}]{body}[/{style}]" if style else body


def choice_lines(choices: tuple[str, ...], indent: str = "  ") -> list[str]:
    """Numbered choices packed into lines of at most WIDTH columns."""
    lines: list[str] = []
    current = indent
    for number, choice in enumerate(choices, 1):
        item = f"{number} {choice}"
        if current.strip() and len(current) + 2 + len(item) > WIDTH:
            lines.append(current)
            current = indent
        current += ("  " if current.strip() else "") + item
    if current.strip():
        lines.append(current)
    return lines


@dataclass
class Memory:
    """What outlives one replay: answers taken back with `<`, and the headings on screen."""

    recall: dict[str, Any] = field(default_factory=dict)  # key -> the answer given before `<`
    headings: list[str] = field(default_factory=list)


class Asker:
    """Asks questions through IO, replaying ``log`` first; ``save`` is called after each answer."""

    def __init__(self, io: IO, log: list[dict[str, Any]], memory: Memory, save: Callable[[str], None]):
        self.io, self.log, self.memory, self.save = io, log, memory, save
        self.pos = 0
        self.headings: list[str] = []  # the heading chain of the current question

    @property
    def replaying(self) -> bool:
        return self.pos < len(self.log)

    def section(self, text: str, level: int = 1) -> None:
        """A heading, shown before the next question asked (so never over an empty section)."""
        self.headings = [*self.headings[: level - 1], text]

    def note(self, text: str) -> None:
        """A remark on the answer just given; not repeated while replaying."""
        if not self.replaying:
            self.io.say(text)

    def __call__(self, q: Question) -> Any:
        if self.replaying:
            entry = self.log[self.pos]
            if entry.get("key") == q.key:
                try:
                    value = decode(q.shape, entry.get("value"))
                    self.pos += 1
                    return value
                except Invalid:
                    pass
            del self.log[self.pos :]  # the questions changed (rubric or card): ask from here
            self.io.say(wrap("note: the saved answers no longer fit the questions from here on; asking again"))
        return self._live(q)

    def _show_headings(self) -> None:
        """Print the headings above this question that are not on screen already."""
        shown = self.memory.headings
        for level, text in enumerate(self.headings):
            if shown[level : level + 1] != [text]:
                for heading in self.headings[level:]:
                    self.io.say(heading)
                break
        self.memory.headings = list(self.headings)

    def _live(self, q: Question) -> Any:
        self._show_headings()
        recall = self.memory.recall
        default = decode(q.shape, recall[q.key]) if q.key in recall else q.default
        self.io.say(render(q, default))
        while True:
            raw = self.io.ask(prompt(q, default))
            token = raw.strip()
            if token == "?":
                self.io.say(help_text(q))
                continue
            if token == "<":
                raise Back
            try:
                value = resolve(q, token, default)
            except Invalid as err:
                self.io.say(wrap(f"✗ {err}", "  ", "red"))
                continue
            self.log.append({"key": q.key, "value": encode(value)})
            self.pos += 1
            self.save(q.text)
            return value


def resolve(q: Question, token: str, default: Any) -> Any:
    """An answer -> its value; Invalid with the reason."""
    if not token:
        if default is not None or not q.required:
            return default
        raise Invalid("an answer is needed here; type ? for help")
    if token.lower() == "unknown" and not q.shape.unknown and "unknown" not in q.shape.choices:
        if q.required:
            raise Invalid("this one is required, so unknown is not accepted; type ? for help")
        return None
    value = parse(q.shape, token)
    reason = q.check(value) if q.check else None
    if reason:
        raise Invalid(reason)
    return value


def render(q: Question, default: Any) -> str:
    lines = ["", f"[bold]{wrap(q.text + (' (required)' if q.required else ''))}[/bold]"]
    if q.shape.kind in ("choice", "choices") or q.shape.open_choice:
        lines += [escape(line) for line in choice_lines(q.shape.choices)]
    lines.append(wrap(hint(q, default), "  ", "dim"))
    return "\n".join(lines)


def hint(q: Question, default: Any) -> str:
    parts = [expects(q.shape)]
    if q.note:
        parts.append(q.note)
    if default == []:
        parts.append("Enter for none")
    elif default is not None and not (q.shape.kind == "bool" and not q.shape.unknown):
        parts.append(f"Enter keeps {_brief(show(default))}")
    elif default is None and not q.required and not q.note.startswith("Enter"):
        parts.append("Enter skips")
    parts.append("? help · < back")
    return " · ".join(parts)


def prompt(q: Question, default: Any) -> str:
    if q.shape.kind == "bool" and not q.shape.unknown:
        mark = "[y/n]" if default is None else "[Y/n]" if default is True else "[y/N]"
        return f"{mark} > "
    return f"[{_brief(show(default))}] > " if default is not None else "> "


def _brief(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "..."


def help_text(q: Question) -> str:
    lines = [wrap(q.help or q.text, "  ", "cyan")]
    if q.path:
        lines.append(wrap(f"card field: {q.path}", "  ", "dim"))
    for choice, text in q.choice_help.items():
        lines.append(wrap(f"{choice}: {text}", "  - "))
    rules = "required" if q.required else "optional: Enter skips, unknown leaves it out"
    if q.shape.kind in ("choices", "texts"):
        rules += "; none for an empty list"
    if q.shape.unknown:
        rules = "unknown is a valid answer (it counts as not in place); Enter skips"
    lines.append(wrap(f"Answer: {expects(q.shape)}. {rules[0].upper()}{rules[1:]}.", "  ", "dim"))
    return "\n".join(lines)
