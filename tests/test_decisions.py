"""Worked cards for "Defensible decisions I": what the headline means.

Each card is small and written here; its expected answer is derived by hand from the default rubric
in the docstring. Together they pin the acceptance list of the issue: an API model with undocumented
weight security; an open-weights plan whose hosted-tier controls are absent; a known-absent hosted
safeguard at high; a pre-2025 card and the EU duties; a near-chance benchmark that must not cost a
tier; the init template; and the artifacts a weights tier must list.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from card_reports import CARDS, check
from conftest import invoke
from releasecheck.rubric.load import load_rubric_set
from releasecheck.selftest import assess_data

RUBRIC = load_rubric_set().resolve()
SAFE_LOW = [
    {"domain": d, "type": "threshold-assessment", "level": "low", "elicitation": "worst-case", "source": "report"}
    for d in ("bio", "chem", "cyber", "ai-rnd", "autonomy")
]
HIGH_BIO = {"domain": "bio", "type": "threshold-assessment", "level": "high", "elicitation": "worst-case",
            "source": "system card"}  # fmt: skip


def _card(tier: str, evaluations: list[dict[str, Any]], **sections: Any) -> dict[str, Any]:
    artifacts = {"gated-weights": ["weights"], "open-weights": ["weights"]}.get(tier, [])
    card: dict[str, Any] = {
        "releasecheck": 1,
        "model": {
            "name": "Worked-1",
            "developer": "Worked Lab",
            "kind": "general-purpose",
            "training_compute_flop": 5e24,
        },
        "release": {"planned_tier": tier, "date": "2026-11-01", "artifacts": artifacts},
        "evaluations": evaluations,
    }
    card.update(sections)
    return card


API_CONTROLS = {
    "acceptable_use_policy": True,
    "revocable_access": True,
    "usage_monitoring": True,
    "misuse_classifiers": True,
}
DOCS = {"model_card_published": True, "evaluations_published": True}


def test_an_api_model_with_undocumented_weight_security_is_api_on_a_condition() -> None:
    """bio high (rules out severe) -> (high, unknown marginal) -> api for both classes. The API at high
    needs monitoring, classifiers, revocable access (in place) and weight security >= sl3: not documented,
    so a condition, not a block. Researcher access is an obligation (undocumented: a condition).
    Recommended api, 2 conditions; planned api -> conditional."""
    card = _card("api", [HIGH_BIO, *SAFE_LOW[1:]], access_controls=API_CONTROLS, accountability=DOCS)
    a = assess_data(card, RUBRIC)
    assert (a.ceiling_tier, a.recommended_tier, a.decision) == ("api", "api", "conditional")
    assert {(b.rule, b.control, b.state) for b in a.conditions} == {
        ("REQ-API-HIGH", "access_controls.weight_security >= sl3", "undocumented"),
        ("REQ-HOSTED-RESEARCH-ACCESS", "capacity_building.researcher_access_program", "undocumented"),
    }
    secured = copy.deepcopy(card)
    secured["access_controls"]["weight_security"] = "sl3"
    secured["capacity_building"] = {"researcher_access_program": True}
    b = assess_data(secured, RUBRIC)
    assert (b.recommended_tier, b.decision, b.ready_tier, b.conditions) == ("api", "pass", "api", ())


def test_an_open_weights_plan_is_not_sent_internal_by_hosted_controls_it_never_planned() -> None:
    """bio high: ceiling api. The card plans open weights, so it documents no monitoring, no classifiers,
    no weight security (`false`, `none`). Those are deployment safeguards of the API, a tier the card does
    not describe: conditions of api, not blocks. Recommended api; planned open-weights > api -> fail."""
    hosted_absent = {"usage_monitoring": False, "misuse_classifiers": False, "weight_security": "none",
                     "revocable_access": False, "identity_verification": False}  # fmt: skip
    card = _card("open-weights", [HIGH_BIO, *SAFE_LOW[1:]], access_controls=hosted_absent, accountability=DOCS)
    a = assess_data(card, RUBRIC)
    assert (a.ceiling_tier, a.recommended_tier, a.decision) == ("api", "api", "fail")
    assert {b.state for b in a.conditions if b.rule == "REQ-API-HIGH"} == {"absent"}
    assert a.recommended_tier != "internal"


def test_a_known_absent_hosted_safeguard_blocks_its_tier_and_the_next_one_down_is_recommended() -> None:
    """As the first card, planned api, but usage monitoring documented `false`: the planned API at high
    lacks a safeguard it needs, so api is blocked. limited at high needs identity verification, revocable
    access and sl3 (deployment safeguards of a tier the card does not describe: conditions) -> recommended
    limited; planned api is within the ceiling but blocked -> conditional."""
    controls = {**API_CONTROLS, "usage_monitoring": False, "weight_security": "sl3"}
    card = _card("api", [HIGH_BIO, *SAFE_LOW[1:]], access_controls=controls, accountability=DOCS)
    a = assess_data(card, RUBRIC)
    api = next(t for t in a.tiers if t.tier == "api")
    assert [(b.kind, b.control, b.state) for b in api.blocked_by] == [
        ("safeguard", "access_controls.usage_monitoring", "absent")
    ]
    assert (a.ceiling_tier, a.recommended_tier, a.decision) == ("api", "limited", "conditional")


def test_only_absent_safeguards_and_capability_block_internal_says_which() -> None:
    """A card with no planned tier documents usage monitoring `false` and identity verification `false`
    at bio high: with nothing planned, its controls describe every tier, so both hosted tiers are blocked
    by absent safeguards and the weights tiers by capability -> internal, and the trail names them."""
    controls = {**API_CONTROLS, "usage_monitoring": False, "identity_verification": False, "weight_security": "sl3"}
    card = _card("api", [HIGH_BIO, *SAFE_LOW[1:]], access_controls=controls, accountability=DOCS)
    del card["release"]["planned_tier"]
    a = assess_data(card, RUBRIC)
    assert (a.recommended_tier, a.decision) == ("internal", "none")
    why = next(e.message for e in a.trail if e.rule == "REC-RECOMMEND")
    assert "limited: access_controls.identity_verification" in why
    assert "api: access_controls.usage_monitoring" in why


def test_a_card_released_before_the_eu_duties_is_informed_not_conditioned() -> None:
    """3e25 FLOP, everything low, nothing published. Released 2025-06-01: the EU AI Act systemic-risk duties
    (REQ-COMPUTE-1E25, in force 2025-08-02) are listed as not yet in force, and are not conditions; the
    same card released 2025-09-01 carries them as conditions."""
    card = _card("api", SAFE_LOW)
    card["model"]["training_compute_flop"] = 3e25
    card["release"]["date"] = "2025-06-01"
    early = assess_data(card, RUBRIC)
    assert not [b for b in early.conditions if b.rule == "REQ-COMPUTE-1E25"]
    assert any(e.rule == "REQ-COMPUTE-1E25" and "not yet in force" in e.message for e in early.trail)
    assert {o.rule: o.status for o in early.obligations}["OBL-EU-SYSTEMIC"] == "not-in-force"
    assert early.decision == "pass"
    card["release"]["date"] = "2025-09-01"
    later = assess_data(card, RUBRIC)
    assert {b.rule for b in later.conditions} == {"REQ-COMPUTE-1E25"}
    assert {o.rule: o.status for o in later.obligations}["OBL-EU-SYSTEMIC"] == "applies"
    assert (later.recommended_tier, later.decision) == (early.recommended_tier, "conditional")


def test_a_near_chance_benchmark_does_not_cost_a_small_model_its_tier() -> None:
    """A 5e22 FLOP model (no required domain) planned fully-open: nothing to assess -> fully-open, pass.
    It volunteers one safeguards-on WMDP-Bio 0.27 (near chance, below the 0.60 alert threshold): bio is
    low for hosted tiers and unassessed for weights tiers (a safeguards-on low does not count there), so
    it binds nothing. Still fully-open, pass (it cost a tier before)."""
    card = _card("fully-open", [])
    card["model"]["training_compute_flop"] = 5e22
    card["release"]["artifacts"] = ["weights", "training-code", "training-data"]
    before = assess_data(card, RUBRIC)
    card["evaluations"] = [{"domain": "bio", "type": "benchmark", "benchmark": "WMDP-Bio", "score": 0.27,
                            "elicitation": "safeguards-on", "source": "model card"}]  # fmt: skip
    after = assess_data(card, RUBRIC)
    assert (before.recommended_tier, before.decision) == ("fully-open", "pass")
    assert (after.ceiling_tier, after.recommended_tier, after.decision) == ("fully-open", "fully-open", "pass")


def test_the_init_template_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    assert invoke("init", str(path)).code == 0
    result = invoke("check", str(path), "-f", "json", "--no-timestamp")
    assert result.code in (0, 1), result.stderr
    import json

    report = json.loads(result.stdout)
    warning = next(w for w in report["warnings"] if w["rule"] == "IN-TEMPLATE")
    assert "model.name" in warning["message"] and "accountability.model_card_published.evidence" in warning["message"]
    text = path.read_text(encoding="utf-8").replace("My-Model-7B", "Kestrel-7B").replace("My Lab", "Kestrel")
    text = text.replace("What the model is and who it is for.", "A 7B assistant.")
    path.write_text(text.replace("https://example.org/model-card", "https://kestrel.test/card"), encoding="utf-8")
    report = json.loads(invoke("check", str(path), "-f", "json", "--no-timestamp").stdout)
    assert not [w for w in report["warnings"] if w["rule"] == "IN-TEMPLATE"]


def test_every_template_placeholder_is_in_the_template() -> None:
    from importlib.resources import files

    from releasecheck.card import placeholders

    template = files("releasecheck.card").joinpath("template.yaml").read_text(encoding="utf-8")
    for value in placeholders.FIELDS.values():
        assert value in template
    assert any(marker in template for marker in placeholders.URL_MARKERS)


@pytest.mark.parametrize(
    ("tier", "artifacts", "missing"),
    [
        ("open-weights", ["inference-code"], "weights"),
        ("gated-weights", [], "weights"),
        ("fully-open", ["weights", "training-code"], "training-data"),
    ],
)
def test_a_weights_tier_must_list_what_it_releases(
    tmp_path: Path, tier: str, artifacts: list[str], missing: str
) -> None:
    path = tmp_path / "card.yaml"
    path.write_text(
        "releasecheck: 1\nmodel: {name: M, developer: D, kind: other}\n"
        f"release:\n  planned_tier: {tier}\n  artifacts: [{', '.join(artifacts)}]\n",
        encoding="utf-8",
    )
    result = invoke("validate", str(path))
    assert result.code == 2
    out = result.stdout + result.stderr
    assert f"{path}:4:17: release.planned_tier:" in out and missing in out and "hint: add" in out


def _safeguards(report: dict[str, Any], key: str) -> dict[str, list[tuple[str, str]]]:
    """Tier -> (rule, state) of its safeguard blockers (`blocked_by`) or conditions (`conditions`)."""
    return {t["tier"]: [(b["rule"], b["state"]) for b in t[key] if b["kind"] == "safeguard"] for t in report["tiers"]}


def test_a_media_generator_without_provenance_is_blocked_from_its_planned_public_tier() -> None:
    """tests/cards/media-provenance.yaml: image generator, CSAM/NCII alert (worst case, high ruled out),
    manipulation low; (alert, unknown marginal) -> gated-weights. Provenance is documented absent for the
    planned api, a deployment safeguard: it blocks api; for gated-weights, which the card does not
    describe, it is a condition (with the weights tier's own) -> recommended gated-weights on conditions;
    planned api blocked -> conditional. Limited (vetted partners) needs no provenance."""
    code, report = check(CARDS / "media-provenance.yaml")
    blocked, conditions = _safeguards(report, "blocked_by"), _safeguards(report, "conditions")
    assert blocked["api"] == [("REQ-MEDIA-PROVENANCE", "absent")]
    assert blocked["gated-weights"] == [] and ("REQ-MEDIA-PROVENANCE", "absent") in conditions["gated-weights"]
    assert ("REQ-MEDIA-PROVENANCE", "absent") not in blocked["limited"] + conditions["limited"]
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        1,
        "gated-weights",
        "gated-weights",
        "conditional",
    )


def test_an_open_release_without_provenance_does_not_block_a_hosted_api(tmp_path: Path) -> None:
    """The same card planned as gated weights: its pipeline marks nothing, which blocks gated-weights; an
    API run by the same lab could mark outputs as it serves them, so for api the absence is a condition."""
    text = (CARDS / "media-provenance.yaml").read_text(encoding="utf-8")
    card = tmp_path / "gated.yaml"
    card.write_text(text.replace("planned_tier: api", "planned_tier: gated-weights\n  artifacts: [weights]"), "utf-8")
    _, report = check(card)
    blocked, conditions = _safeguards(report, "blocked_by"), _safeguards(report, "conditions")
    assert ("REQ-MEDIA-PROVENANCE", "absent") in blocked["gated-weights"]
    assert blocked["api"] == [] and ("REQ-MEDIA-PROVENANCE", "absent") in conditions["api"]
    assert report["recommended_tier"] == "api"
