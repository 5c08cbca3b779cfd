"""Level arithmetic shared by the engine's steps."""

from __future__ import annotations

LEVELS = ("low", "alert", "high", "severe", "critical")
RANK = {level: index for index, level in enumerate(LEVELS)}
SECURITY = ("none", "sl1", "sl2", "sl3", "sl4", "sl5")
CLASSES = ("hosted", "weights")


def higher(a: str, b: str) -> str:
    """The higher of two known levels."""
    return a if RANK[a] >= RANK[b] else b
