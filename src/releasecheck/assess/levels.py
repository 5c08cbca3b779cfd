"""Level arithmetic shared by the engine's steps."""

from __future__ import annotations

from releasecheck.ladder import LEVELS, TIER_CLASSES

RANK: dict[str, int] = {level: index for index, level in enumerate(LEVELS)}
CLASSES = TIER_CLASSES
SECURITY = ("none", "sl1", "sl2", "sl3", "sl4", "sl5")


def higher(a: str, b: str) -> str:
    """The higher of two known levels."""
    return a if RANK[a] >= RANK[b] else b
