"""Shared pieces of the sections: headings, context, and lists added to in a loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from releasecheck.card import model as c
from releasecheck.interview.asker import Asker, wrap
from releasecheck.interview.questions import ask_fields, yes_no
from releasecheck.rubric.load import Rubric


@dataclass(frozen=True)
class Context:
    """What every section reads: the rubric, and the card's answers when started from a card."""

    rubric: Rubric
    given: dict[str, Any]

    def part(self, *path: str) -> dict[str, Any]:
        node: Any = self.given
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}


def heading(number: int, title: str, section: str | None = None) -> str:
    """A numbered section heading, with the card section's description under it."""
    lines = ["", f"[bold reverse] {number}. {title} [/bold reverse]"]
    if section is not None:
        lines.append(wrap(c.Card.model_fields[section].description or ""))
    return "\n".join(lines)


def subheading(title: str, text: str) -> str:
    return "\n".join(["", f"[bold underline]{wrap(title)}[/bold underline]", wrap(text, "  ")])


def description(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or name


def ask_list(
    a: Asker,
    key: str,
    what: str,
    given: list[Any] | None,
    item: Callable[[str], dict[str, Any]],
    help: str = "",
) -> list[Any]:
    """A list the card already has is kept; otherwise items are added until the person says no."""
    if given is not None:
        return given
    items: list[Any] = []
    while a(yes_no(f"{key}.{len(items)}.add", f"Add {'another' if items else 'a'} {what}?", False, help or what)):
        items.append(item(f"{key}.{len(items)}"))
    return items


def ask_items(a: Asker, model: type[BaseModel], key: str) -> dict[str, Any]:
    """One list item: every field of its model."""
    return ask_fields(a, model, key, {})
