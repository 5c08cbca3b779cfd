"""What a domain "permits" in the domains table: the most open tier, taken as the ceiling is (tiers in
order, each judged by its own class's limit), so it never reads more open than the limit that binds."""

from __future__ import annotations

import pytest

from releasecheck.report.view import Permits


@pytest.mark.parametrize(
    ("hosted", "weights", "overall"),
    [
        pytest.param("fully-open", "open-weights", "open-weights", id="weights-limit-in-the-weights-tiers"),
        pytest.param("fully-open", "fully-open", "fully-open", id="nothing-limits"),
        pytest.param("open-weights", "api", "api", id="weights-closed-hosted-open-is-api"),
        pytest.param("fully-open", "api", "api", id="weights-closed-hosted-unlimited-is-api"),
        pytest.param("limited", "api", "limited", id="hosted-limit-below-api"),
        pytest.param("limited", "open-weights", "limited", id="a-hosted-limit-stops-the-walk"),
        pytest.param("internal", "internal", "internal", id="internal-only"),
    ],
)
def test_a_domain_permits_what_its_binding_class_allows(hosted: str, weights: str, overall: str) -> None:
    assert Permits(hosted, weights).overall == overall
