"""Training compute as the requirement and scope rules read it: the disclosed figure, or a presumption.

Undisclosed compute is never read as small (SPEC §5 step 6): it is presumed just above the lowest
compute threshold of the tier requirements (the EU systemic-risk presumption, 1e25). Compute is a
scope trigger, not a risk verdict, and a disclosed parameter count bounds it: a model is not trained
with more than so many FLOP per parameter (rubric data), so thresholds above that bound never apply,
and a 240M-parameter model is not told it may be above 1e25 FLOP.
"""

from __future__ import annotations

from dataclasses import dataclass

from releasecheck.card import model as c
from releasecheck.rubric import model as m


def flop(value: float) -> str:
    """1e+23 -> 1e23, 6.3e+24 -> 6.3e24, 2.4e+08 -> 2.4e8."""
    mantissa, _, exponent = f"{value:.3g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


@dataclass(frozen=True)
class Compute:
    flop: float | None
    undisclosed_counts: bool  # undisclosed and of a kind where withholding must not help
    bound: float | None = None  # with compute undisclosed: the most the parameter count allows

    def above(self, threshold: float, assumed_ceiling: float) -> bool:
        """Above threshold; an undisclosed figure is assumed just above `assumed_ceiling`, within the bound."""
        if self.flop is not None:
            return self.flop > threshold
        return self.undisclosed_counts and threshold <= assumed_ceiling and self.may_exceed(threshold)

    def may_exceed(self, threshold: float) -> bool:
        """Whether an undisclosed figure may be above `threshold`: always, unless the parameter bound says not."""
        return self.bound is None or self.bound > threshold


def _allowed(params: float | None, rule: m.ComputeRule) -> float | None:
    """The most compute `params` parameters allow under the rubric's bound; None without a count or a bound."""
    if rule.flop_per_parameter is None or not params:
        return None
    return float(params) * float(rule.flop_per_parameter)


def parameter_bound(card: c.Card, rule: m.ComputeRule) -> float | None:
    """The most compute a model with the card's parameter count is presumed to have used, when its compute is
    undisclosed and the rubric sets a bound; None otherwise (a zero count discloses nothing, and a count under
    the rubric's minimum is read as a slip of units)."""
    params = card.model.parameters
    if card.model.training_compute_flop is not None or implausible_count(card, rule):
        return None  # disclosed, or a slip of units that must never be read as small (engine warns)
    return _allowed(params, rule)


def implausible_count(card: c.Card, rule: m.ComputeRule) -> bool:
    """A parameter count so small it is probably in other units (7 for 7 billion)."""
    params = card.model.parameters
    return params is not None and 0 < params < rule.min_parameters


def exceeds_bound(card: c.Card, rule: m.ComputeRule) -> bool:
    """A disclosed figure above what the parameter count allows: one of the two is probably wrong."""
    figure, allowed = card.model.training_compute_flop, _allowed(card.model.parameters, rule)
    return figure is not None and allowed is not None and float(figure) > allowed
