"""The fixed ids of SPEC §2 and §3: release tiers, capability levels and tier classes.

They are public interface (cards, reports, CI gates name them), so they are written here once:
every Literal type, option choice, schema enum and ordering in the tool derives from this module.
A rubric set describes these ids (titles, descriptions, anchors) but cannot change them; its
loader checks that its `tiers:` and `levels:` lists agree with the ladder.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# most restrictive first: the order is the rank (SPEC §2)
TierId = Literal["internal", "limited", "api", "gated-weights", "open-weights", "fully-open"]
# known capability levels, lowest first (SPEC §3); `unknown` is no level of the order
Level = Literal["low", "alert", "high", "severe", "critical"]
LevelId = Literal[Level, "unknown"]
TierClass = Literal["hosted", "weights"]

TIERS: Final[tuple[TierId, ...]] = get_args(TierId)
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
LEVEL_IDS: Final[tuple[LevelId, ...]] = get_args(LevelId)
TIER_CLASSES: Final[tuple[TierClass, ...]] = get_args(TierClass)
WEIGHTS_TIERS: Final[tuple[TierId, ...]] = ("gated-weights", "open-weights", "fully-open")

TIER_RANK: Final[dict[str, int]] = {tier: rank for rank, tier in enumerate(TIERS)}
LEVEL_RANK: Final[dict[str, int]] = {level: rank for rank, level in enumerate(LEVEL_IDS)}
TIER_CLASS: Final[dict[str, TierClass]] = {tier: "weights" if tier in WEIGHTS_TIERS else "hosted" for tier in TIERS}
# the marginal-risk categories (SPEC §5 step 3) that say the release adds nothing over what is openly available
NOTHING_ADDED: Final[frozenset[str]] = frozenset({"below", "none"})
