"""The placeholder values of `releasecheck init`'s template (card/template.yaml).

A card that still carries one was not edited where it matters: the assessment warns (rule
IN-TEMPLATE) rather than let a template pass as a description of a real model. A test checks that
each placeholder occurs in the template, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from releasecheck.yamlpos.loader import Path

# field path -> the template's value there
FIELDS: dict[Path, str] = {
    ("model", "name"): "My-Model-7B",
    ("model", "developer"): "My Lab",
    ("model", "description"): "What the model is and who it is for.",
}
# text that only the template's example URLs contain
URL_MARKERS = ("https://example.org", "https://example.com")
CONTROL_SECTIONS = ("access_controls", "accountability", "capacity_building")


def found(data: Any) -> Iterator[tuple[Path, str]]:
    """(path, placeholder) for every template value still in the card's data."""
    if not isinstance(data, dict):
        return
    for path, value in FIELDS.items():
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node == value:
            yield path, value
    # The template's example URLs stand in control evidence: only those fields are read (this runs per card).
    for section in CONTROL_SECTIONS:
        controls = data.get(section)
        for name, detail in controls.items() if isinstance(controls, dict) else ():
            for key in ("evidence", "notes"):
                text = detail.get(key) if isinstance(detail, dict) else None
                if isinstance(text, str) and any(marker in text for marker in URL_MARKERS):
                    yield (section, name, key), text
