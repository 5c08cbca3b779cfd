"""The placeholder values of `releasecheck init`'s template (card/template.yaml).

A card that still carries one was not edited where it matters: the assessment warns (rule
IN-TEMPLATE) rather than let a template pass as a description of a real model. A test checks that
each placeholder occurs in the template, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from releasecheck.card.loader import Path

# field path -> the template's value there
FIELDS: dict[Path, str] = {
    ("model", "name"): "My-Model-7B",
    ("model", "developer"): "My Lab",
    ("model", "description"): "What the model is and who it is for.",
}
# text that only the template's example URLs contain
URL_MARKERS = ("https://example.org", "https://example.com")


def found(data: Any) -> Iterator[tuple[Path, str]]:
    """(path, placeholder) for every template value still in the card's data."""
    for path, value in FIELDS.items():
        node = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node == value:
            yield path, value
    yield from _urls(data, ())


def _urls(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _urls(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _urls(value, (*path, index))
    elif isinstance(node, str) and any(marker in node for marker in URL_MARKERS):
        yield path, node
