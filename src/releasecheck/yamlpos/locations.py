"""From a validator's error location to the path of the value in the document, for positions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from releasecheck.yamlpos.loader import Path


def _child(node: Any, part: int | str) -> tuple[bool, Any]:
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    if isinstance(node, dict) and part in node:
        return True, node[part]
    return False, node


def data_path(data: Any, loc: Iterable[int | str]) -> Path:
    """pydantic's loc, without the union and tag steps that are not in the document."""
    path: list[str | int] = []
    node = data
    parts = list(loc)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, dict) and not last and part == node.get("type"):
            continue  # the discriminated union's tag step, not the field of that name
        found, node = _child(node, part)
        if found:
            path.append(part)
        elif last and isinstance(part, str) and isinstance(node, dict):
            path.append(part)  # a missing or unknown key of this mapping
        # anything else is a union member or a wrapper step (e.g. 'value' of a bare control)
    return tuple(path)
