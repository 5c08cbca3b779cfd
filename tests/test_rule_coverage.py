"""Every rule of the default rubric set fires on some card and stays quiet on another; focused rule cards.

The meta-test iterates over the rubric (base rules, profile overlays and ABC pillar levels), not over a
hard-coded list: a rule added to the rubric without a card that fires it, and one that does not, fails
here. A rule "fires" on a card when the trail has an entry for its id with outcome fired or unmet.

The focused tests below the meta-test each take one card of tests/cards/, derive the expected result by
hand from SPEC §5 and the rubric data, and pin the trail entry the card exists for: rule id, outcome, a
key phrase of the message, and the card line its evidence points at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from card_reports import (
    CARDS,
    all_cards,
    block_of,
    check,
    domains,
    entries,
    firing,
    key_line,
    line_of,
    rule_cards,
)
from conftest import ROOT, invoke
from releasecheck.rubric.load import load_rubric_set

RUBRIC_SET = load_rubric_set()
PROFILES = RUBRIC_SET.profile_ids()
EXTERNAL = ("limited", "api", "gated-weights", "open-weights", "fully-open")


def _ids(profile: str) -> list[str]:
    rubric = RUBRIC_SET.resolve(profile)
    return [r.id for r in rubric.rules] + [lvl.id for p in rubric.pillars.values() for lvl in p.levels]


WHERE: dict[str, list[str]] = {}
for _profile in PROFILES:
    for _id in _ids(_profile):
        WHERE.setdefault(_id, []).append(_profile)

# Rules that no valid card can make fire, with the reason; reported as findings, kept visible as xfail.
UNREACHABLE: dict[str, str] = {}


def _cards_where(rule: str, fires: bool) -> list[str]:
    out = []
    for profile in WHERE[rule]:
        for card in all_cards():
            if (rule in firing(check(card, profile)[1])) == fires:
                out.append(f"{card.relative_to(ROOT)} [{profile}]")
    return out


def test_every_rubric_rule_is_in_some_profile() -> None:
    base = {r.id for r in RUBRIC_SET.rules}
    overlays = {r.id for p in RUBRIC_SET.profiles.values() for r in [*p.replace.values(), *p.add]}
    assert base | overlays <= set(WHERE)


def test_unreachable_list_names_real_rules() -> None:
    assert set(UNREACHABLE) <= set(WHERE), "stale UNREACHABLE entry: the rule is no longer in the rubric"


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=UNREACHABLE[r])) if r in UNREACHABLE else r
        for r in sorted(WHERE)
    ],
)
def test_rule_fires_on_some_card(rule: str) -> None:
    assert _cards_where(rule, fires=True), f"{rule} fires on no card in examples/ or tests/cards/ ({WHERE[rule]})"


@pytest.mark.parametrize("rule", sorted(WHERE))
def test_rule_stays_quiet_on_some_card(rule: str) -> None:
    assert _cards_where(rule, fires=False), f"{rule} fires on every card in examples/ and tests/cards/"


@pytest.mark.parametrize("card", rule_cards(), ids=lambda p: p.name)
def test_rule_card_says_which_rule_it_is_for(card: Path) -> None:
    lines = card.read_text(encoding="utf-8").splitlines()
    first = lines[1] if card.suffix == ".md" and lines[0] == "---" else lines[0]  # Markdown: after the `---`
    assert first.startswith("# Exists "), f"{card.name}: first line must say which rule the card exists for"
    named = set(re.findall(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+", first))
    assert named & set(WHERE), f"{card.name}: the first line names no rule id of the rubric"
    assert invoke("validate", str(card)).code == 0


# ------------------------------------------------------------------------------------------------------
# Focused cards. Helpers:


def _card(name: str) -> Path:
    return CARDS / name


def _one(report: dict, rule: str, outcome: str | None = None) -> dict:
    found = entries(report, rule, outcome)
    assert len(found) == 1, f"{rule}: {len(found)} trail entries {found}"
    return found[0]


def _evidence(entry: dict) -> dict[str, int]:
    return {e["path"]: e["line"] for e in entry["evidence"]}


def _points_into(entry: dict, path: str, card: Path, *keys: str) -> None:
    """The evidence names `path`, and its line lies in the YAML block of that key."""
    lines = _evidence(entry)
    assert path in lines, f"{entry['rule']}: no evidence for {path}: {entry['evidence']}"
    assert lines[path] in block_of(card, key_line(card, *keys))


def test_unknown_benchmark_is_warned_about_and_ignored() -> None:
    """unknown-benchmark.yaml: general-purpose 2.0e+23 (>= 1e23) -> the five GPAI domains are required.

    evaluations[0] is BioMysteryQA, which benchmarks.yaml does not list -> EV-UNKNOWN-BENCHMARK, a warning,
    and no reading (the 0.93 score must not establish alert). Every domain has a WC TA low -> low. No
    marginal reference -> unknown; (low, unknown) -> fully-open. Governing low, 2e23 <= 1e25: no
    requirement. Recommended fully-open; planned open-weights -> pass.
    """
    card = _card("unknown-benchmark.yaml")
    code, report = check(card)
    entry = _one(report, "EV-UNKNOWN-BENCHMARK")
    assert entry["outcome"] == "fired"
    assert "'BioMysteryQA' is not in the rubric; ignored" in entry["message"]
    assert _evidence(entry) == {"evaluations[0].benchmark": line_of(card, "benchmark: BioMysteryQA")}
    assert [w["rule"] for w in report["warnings"]] == ["EV-UNKNOWN-BENCHMARK"]
    assert domains(report)["bio"] == (True, "low", "low", "unknown")
    assert "EV-BENCHMARK" not in firing(report)
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        0,
        "open-weights",
        "open-weights",
        "pass",
    )


def test_ignored_benchmark_does_not_count_as_third_party_evidence() -> None:
    """SPEC §5 step 1: an unknown benchmark is "ignored, never guessed". Its only other trace is the
    performed_by of that ignored result; every usable result is internal, so step 9's "at least one
    result is third-party" fails -> medium (all domains have a TA ruling alert out, so not low)."""
    _, report = check(_card("unknown-benchmark.yaml"))
    assert report["confidence"] == "medium"


def test_undisclosed_compute_is_never_read_as_small() -> None:
    """undisclosed-compute.yaml: general-purpose, no training_compute_flop, undated (judged as of today).

    COMPUTE-UNDISCLOSED fires (warning); DOM-GPAI keeps bio, chem, cyber, ai-rnd, autonomy required.
    Each has a WC third-party TA low -> low; no marginal reference -> unknown; ceiling fully-open.
    Governing low, but the compute is assumed above 1e25: REQ-COMPUTE-1E25 (an obligation, in force
    since 2025-08-02) applies to every external tier and is unmet (safety_framework_published false):
    a condition of every tier, never a block. REQ-COMPUTE-1E26 does not apply (assumed just above
    1e25). Recommended fully-open with that condition; ready now internal; planned open-weights has the
    condition -> conditional, exit 1. Obligations 1e23, 1e25 and 1e26 are listed "to-check".
    """
    card = _card("undisclosed-compute.yaml")
    code, report = check(card)
    entry = _one(report, "COMPUTE-UNDISCLOSED")
    assert entry["outcome"] == "fired"
    assert "training compute not disclosed" in entry["message"]
    _points_into(entry, "model", card, "model")
    assert [w["rule"] for w in report["warnings"]] == ["COMPUTE-UNDISCLOSED"]
    assert "compute undisclosed" in _one(report, "DOM-GPAI")["message"]
    unmet = entries(report, "REQ-COMPUTE-1E25", "unmet")
    assert [e["message"].split(" ")[0] for e in unmet] == list(EXTERNAL)
    for e in unmet:
        assert "obligation): accountability.safety_framework_published is false (absent)" in e["message"]
        assert e["effect"].endswith(": condition")
        assert _evidence(e)["accountability.safety_framework_published"] == line_of(card, "safety_framework_published:")
    assert not entries(report, "REQ-COMPUTE-1E26")
    assert {o["rule"]: o["status"] for o in report["obligations"]} == dict.fromkeys(
        ["OBL-EU-GPAI", "OBL-EU-SYSTEMIC", "OBL-CA-SB53"], "to-check"
    )
    assert [(c["rule"], c["kind"], c["state"]) for c in report["conditions"]] == [
        ("REQ-COMPUTE-1E25", "obligation", "absent")
    ]
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["ready_tier"], report["decision"]) == (
        1,
        "open-weights",
        "open-weights",
        "internal",
        "conditional",
    )


def test_an_unknown_domain_that_adds_nothing_permits_open_weights_never_fully_open() -> None:
    """unknown-domain-no-marginal.yaml: general-purpose 4.0e+23 (dated 2023-01-15, before any catalogue
    determination) -> five GPAI domains required.

    bio, chem, cyber, ai-rnd: WC third-party TA low -> low. autonomy: no evaluation, no reference ->
    EV-NO-EVIDENCE, unknown in H and W. Marginal: the two general benchmarks are 0.12 and 0.25 under the
    named reference (nothing open before the date scores on them) -> below everywhere. (unknown, below) ->
    open-weights: absence of evidence never opens fully-open (footnote 2 is gone). GOV-UNKNOWN-LEVEL:
    unknown with marginal below counts as low -> no requirement (4e23 <= 1e25). Recommended open-weights,
    planned open-weights -> pass; the verdict names autonomy as a required domain without evidence;
    confidence low (autonomy has no evidence).
    """
    card = _card("unknown-domain-no-marginal.yaml")
    code, report = check(card)
    assert domains(report)["autonomy"] == (True, "unknown", "unknown", "below")
    assert {e["message"] for e in entries(report, "GOV-UNKNOWN-LEVEL", "fired")} == {
        "autonomy: unknown for hosted tiers counts as low (marginal risk below)",
        "autonomy: unknown for weights tiers counts as low (marginal risk below)",
    }
    ceiling = [e for e in entries(report, "CEIL-MATRIX") if e["message"].startswith("autonomy")]
    assert len(ceiling) == 1 and "permits up to open-weights" in ceiling[0]["message"]
    assert report["unknown_required"] == ["autonomy"]
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"], report["confidence"]) == (
        0,
        "open-weights",
        "open-weights",
        "pass",
        "low",
    )


def test_no_rule_or_warning_of_the_old_footnote_2_remains() -> None:
    """Footnote 2 (unknown + marginal none -> fully-open) is gone from every profile of the default rubric."""
    for profile in PROFILES:
        rubric = RUBRIC_SET.resolve(profile)
        for rule in rubric.rules:
            if rule.kind == "ceiling-matrix":
                assert all(cell != "fully-open" for cell in rule.matrix["unknown"].values()), (profile, rule.id)
                assert all(cell != "fully-open" for cell in rule.matrix["alert"].values()), (profile, rule.id)


def test_unknown_domain_under_precautionary_counts_as_high() -> None:
    """Same card, precautionary: CEIL-MATRIX-PRECAUTIONARY puts (unknown, *) at limited, so the ceiling is
    limited; GOV-UNKNOWN-PRECAUTIONARY counts autonomy as high, so limited needs REQ-LIMITED-HIGH (identity
    verification, revocable access, sl3: undocumented on this card) and a researcher access programme:
    conditions, not blocks -> recommended limited; planned open-weights > limited -> fail."""
    card = _card("unknown-domain-no-marginal.yaml")
    code, report = check(card, "precautionary")
    gov = entries(report, "GOV-UNKNOWN-PRECAUTIONARY", "fired")
    assert {e["message"] for e in gov} == {
        "autonomy: unknown for hosted tiers counts as high (marginal risk below)",
        "autonomy: unknown for weights tiers counts as high (marginal risk below)",
    }
    ceiling = [e for e in entries(report, "CEIL-MATRIX-PRECAUTIONARY", "fired") if e["message"].startswith("autonomy")]
    assert len(ceiling) == 1 and "permits up to limited" in ceiling[0]["message"]
    assert {(c["rule"], c["state"]) for c in report["conditions"]} >= {("REQ-LIMITED-HIGH", "undocumented")}
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        1,
        "limited",
        "limited",
        "fail",
    )


def test_frontier_model_above_1e26_needs_a_safety_framework() -> None:
    """frontier-1e26.yaml: general-purpose 3.0e+26 -> five GPAI domains, each WC third-party TA low -> low;
    no marginal reference -> unknown; ceiling fully-open. Governing low, but 3e26 > 1e25 and > 1e26:
    REQ-COMPUTE-1E25 and REQ-COMPUTE-1E26 (obligations, in force for an undated card judged today) apply
    to every external tier; safety_framework_published is false -> both unmet everywhere: conditions.
    Recommended fully-open on those conditions; planned api carries them -> conditional, exit 1.
    Obligations 1e23, 1e25, 1e26 "applies"."""
    card = _card("frontier-1e26.yaml")
    code, report = check(card)
    unmet = entries(report, "REQ-COMPUTE-1E26", "unmet")
    assert [e["message"].split(" ")[0] for e in unmet] == list(EXTERNAL)
    for e in unmet:
        assert "(governing level low, obligation): accountability.safety_framework_published is false" in e["message"]
        assert _evidence(e)["accountability.safety_framework_published"] == line_of(card, "safety_framework_published:")
    assert {o["rule"]: o["status"] for o in report["obligations"]} == dict.fromkeys(
        ["OBL-EU-GPAI", "OBL-EU-SYSTEMIC", "OBL-CA-SB53"], "applies"
    )
    assert {c["rule"] for c in report["conditions"]} == {"REQ-COMPUTE-1E25", "REQ-COMPUTE-1E26"}
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        1,
        "open-weights",
        "open-weights",
        "conditional",
    )


def test_audio_generator_requires_manipulation() -> None:
    """audio-generator.yaml: kind audio-generation -> DOM-AUDIO-GENERATION: manipulation (2e22 FLOP, so
    no DOM-GPAI; not a GPAI kind anyway). Red-team minor WC -> low; no marginal -> unknown; (low, unknown)
    -> fully-open; no requirement at low. Recommended fully-open, planned open-weights -> pass."""
    card = _card("audio-generator.yaml")
    code, report = check(card)
    entry = _one(report, "DOM-AUDIO-GENERATION")
    assert entry["outcome"] == "fired"
    assert "required domains manipulation (kind audio-generation)" in entry["message"]
    assert _evidence(entry) == {"model.kind": line_of(card, "kind: audio-generation")}
    assert domains(report) == {"manipulation": (True, "low", "low", "unknown")}
    assert (code, report["recommended_tier"], report["decision"]) == (0, "open-weights", "pass")


def test_chem_design_tool_requires_chem() -> None:
    """chem-design.yaml: kind chem-design -> DOM-CHEM-DESIGN: chem. TA alert WC -> alert, rules high out
    (no cannot-rule-out). No marginal reference -> unknown; (alert, unknown) -> gated-weights in H and W.
    Governing W alert: documentation, REQ-WEIGHTS-ALERT, REQ-GATED-ALERT all met -> gated-weights;
    planned gated-weights -> pass."""
    card = _card("chem-design.yaml")
    code, report = check(card)
    entry = _one(report, "DOM-CHEM-DESIGN")
    assert entry["outcome"] == "fired"
    assert "required domains chem (kind chem-design)" in entry["message"]
    assert _evidence(entry) == {"model.kind": line_of(card, "kind: chem-design")}
    assert domains(report) == {"chem": (True, "alert", "alert", "unknown")}
    assert "EV-CANNOT-RULE-OUT" not in firing(report)
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        0,
        "gated-weights",
        "gated-weights",
        "pass",
    )


def test_marginal_exception_holds() -> None:
    """marginal-exception.yaml: general-purpose 5.0e+24 -> five GPAI domains.

    bio: TA high WC third-party -> high, rules out > high; VCT 0.30 WC -> alert. Level high (H, W).
    chem, cyber, ai-rnd, autonomy: WC TA low -> low. Marginal: bio's own VCT comparison +0.01 -> none;
    the others' general comparisons are under the open frontier -> below. bio H (high, none) -> api (the
    exception is a weights matter); bio W (high, none): six steps written and WC evidence ->
    CEIL-MARGINAL-EXCEPTION holds -> open-weights. Ceiling open-weights, binding bio. Governing W high:
    documentation, REQ-WEIGHTS-ALERT and the B3 obligations of REQ-WEIGHTS-HIGH-B3 (third-party evaluation,
    monitoring plan) all met -> open-weights; planned open-weights -> pass. Confidence high.
    """
    card = _card("marginal-exception.yaml")
    code, report = check(card)
    entry = _one(report, "CEIL-MARGINAL-EXCEPTION")
    assert entry["outcome"] == "met"
    assert entry["message"] == "bio: exception holds (six-step assessment complete; bio has worst-case evidence)"
    _points_into(entry, "marginal_risk.assessment", card, "marginal_risk", "assessment")
    b3 = [e for e in entries(report, "REQ-WEIGHTS-HIGH-B3") if e["message"].startswith("open-weights")]
    assert len(b3) == 1 and b3[0]["outcome"] == "met"
    lines = _evidence(b3[0])
    assert lines["accountability.third_party_evaluation"] == line_of(card, "third_party_evaluation:")
    assert lines["accountability.monitoring_plan"] == line_of(card, "monitoring_plan:")
    assert (
        code,
        report["ceiling_tier"],
        report["recommended_tier"],
        report["decision"],
        report["confidence"],
    ) == (0, "open-weights", "open-weights", "pass", "high")
    assert {d["domain"] for d in report["domains"] if d["binding"]} == {"bio"}


def test_monitoring_exception_holds_in_the_marginal_profile() -> None:
    """Same card, marginal profile: (high, none) -> CEIL-MONITORING-EXCEPTION (six steps, WC evidence)
    holds -> open-weights; its monitoring plan is the obligation REQ-WEIGHTS-HIGH-MONITORING, met."""
    card = _card("marginal-exception.yaml")
    code, report = check(card, "marginal")
    entry = _one(report, "CEIL-MONITORING-EXCEPTION")
    assert entry["outcome"] == "met"
    monitoring = [e for e in entries(report, "REQ-WEIGHTS-HIGH-MONITORING") if e["message"].startswith("open-weights")]
    assert monitoring[0]["outcome"] == "met"
    assert _evidence(monitoring[0])["accountability.monitoring_plan"] == line_of(card, "monitoring_plan:")
    assert (code, report["ceiling_tier"], report["recommended_tier"]) == (0, "open-weights", "open-weights")


def test_marginal_exception_unavailable() -> None:
    """marginal-exception-unavailable.yaml: as marginal-exception.yaml, but `uncertainty` is blank (and there
    is no monitoring plan, which is an obligation and never moves the ceiling) -> CEIL-MARGINAL-EXCEPTION
    unmet -> bio W (high, none) takes `otherwise` api. Ceiling api. Governing H high: documentation,
    REQ-API-HIGH (monitoring, classifiers, revocable, sl3) and researcher access met -> recommended api;
    planned open-weights > api -> fail, exit 1."""
    card = _card("marginal-exception-unavailable.yaml")
    code, report = check(card)
    entry = _one(report, "CEIL-MARGINAL-EXCEPTION")
    assert entry["outcome"] == "unmet"
    assert entry["message"] == "bio: exception not available: the six-step marginal-risk assessment is incomplete"
    _points_into(entry, "marginal_risk.assessment", card, "marginal_risk", "assessment")
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (1, "api", "api", "fail")


def test_monitoring_exception_unavailable_in_the_marginal_profile() -> None:
    """Same card, marginal profile: CEIL-MONITORING-EXCEPTION unmet -> (high, none) takes `otherwise`
    gated-weights. Gated weights at high lacks identity verification (REQ-GATED-ALERT), but the card plans an
    open download, whose deployment that describes: a condition of gated-weights, not a block ->
    recommended gated-weights; planned open-weights > gated-weights -> fail."""
    card = _card("marginal-exception-unavailable.yaml")
    code, report = check(card, "marginal")
    entry = _one(report, "CEIL-MONITORING-EXCEPTION")
    assert entry["outcome"] == "unmet"
    assert "the six-step marginal-risk assessment is incomplete" in entry["message"]
    conditions = {(c["rule"], c["state"]) for c in report["conditions"]}
    assert ("REQ-GATED-ALERT", "undocumented") in conditions  # identity verification is not on the card
    assert ("REQ-WEIGHTS-HIGH-MONITORING", "absent") in conditions
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        1,
        "gated-weights",
        "gated-weights",
        "fail",
    )


def test_a_card_meeting_every_requirement_fires_no_requirement() -> None:
    """all-controls.yaml: general-purpose 1.5e+26; bio TA high WC third-party (severe ruled out), the other
    four WC TA low. Marginal significant (bio own +0.18, general +0.09, +0.22). bio (high, significant) ->
    api in H and W; ceiling api. Governing H and W high; every control is in place (sl4, B3, C3), so every
    requirement that applies to any tier is met and every ABC level is reached; no waivers. Recommended
    api = ceiling = planned -> pass; confidence high."""
    code, report = check(_card("all-controls.yaml"))
    rubric = RUBRIC_SET.resolve()
    requirement_ids = {r.id for r in rubric.rules if r.kind == "tier-requirement"}
    pillar_ids = {lvl.id for p in rubric.pillars.values() for lvl in p.levels}
    steps = {r.id for r in rubric.rules if r.kind in ("recommendation", "decision", "confidence")}
    assert not firing(report) & (requirement_ids | pillar_ids | steps)
    assert {e["outcome"] for e in report["trail"] if e["rule"] in requirement_ids | pillar_ids} == {"met"}
    assert {name: pillar["level"] for name, pillar in report["abc"].items()} == dict.fromkeys(
        ["access_controls", "accountability", "capacity_building"], 3
    )
    assert report["waivers"] == []
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"], report["confidence"]) == (
        0,
        "api",
        "api",
        "pass",
        "high",
    )


def test_required_domain_without_evidence_when_the_proxy_is_refused() -> None:
    """proxy-refused.yaml: general-purpose 2.0e+23 -> five GPAI domains; four have WC TA low. autonomy has
    no evaluation; similarly_safe o1 publishes autonomy low but the model is above o1 on MMLU (+0.10 >
    0.02) -> EV-PROXY refused (info), EV-NO-EVIDENCE: autonomy unknown. No marginal reference -> unknown;
    (unknown, unknown) -> api; ceiling api, binding autonomy. GOV-UNKNOWN-LEVEL: unknown with marginal
    unknown counts as high -> api needs documentation, REQ-API-HIGH, researcher access: all met ->
    recommended api; planned api -> pass. Confidence low (autonomy has no evidence)."""
    card = _card("proxy-refused.yaml")
    code, report = check(card)
    entry = _one(report, "EV-NO-EVIDENCE")
    assert entry["outcome"] == "fired"
    assert entry["message"] == "autonomy: required but no usable evidence: level unknown"
    _points_into(entry, "evaluations", card, "evaluations")
    (proxy,) = [e for e in entries(report, "EV-PROXY") if "OpenAI o1" in e["message"]]
    assert proxy["outcome"] == "info"
    assert "scores above OpenAI o1 on MMLU: no proxy from it" in proxy["message"]
    assert _evidence(proxy)["similarly_safe.general_capability[0]"] == line_of(card, "- {benchmark: MMLU,")
    assert domains(report)["autonomy"] == (True, "unknown", "unknown", "unknown")
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"], report["confidence"]) == (
        0,
        "api",
        "api",
        "pass",
        "low",
    )


def test_an_unknown_domain_under_the_marginal_stance_brings_no_requirement() -> None:
    """proxy-refused.yaml under marginal: autonomy has no usable evidence and no marginal reference, so
    GOV-UNKNOWN-MARGINAL counts it as low for both classes (balanced: GOV-UNKNOWN-LEVEL, high, above);
    CEIL-MATRIX-MARGINAL puts (unknown, unknown) at gated-weights. Governing low: no requirement applies to
    gated-weights (the frontier rule reads autonomy as low too) -> recommended gated-weights; planned api
    -> pass."""
    card = _card("proxy-refused.yaml")
    code, report = check(card, "marginal")
    assert {e["message"] for e in entries(report, "GOV-UNKNOWN-MARGINAL", "fired")} == {
        "autonomy: unknown for hosted tiers counts as low (marginal risk unknown)",
        "autonomy: unknown for weights tiers counts as low (marginal risk unknown)",
    }
    assert not entries(report, "GOV-UNKNOWN-LEVEL")
    assert not [e for e in entries(report, "REQ-WEIGHTS-ALERT-FRONTIER") if e["outcome"] != "info"]
    gated = next(t for t in report["tiers"] if t["tier"] == "gated-weights")
    assert (gated["permitted"], gated["ready"], gated["blocked_by"], gated["conditions"]) == (True, True, [], [])
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        0,
        "gated-weights",
        "gated-weights",
        "pass",
    )


def test_proxy_at_exactly_the_margin_is_accepted() -> None:
    """proxy-at-margin.yaml: autonomy has no evaluation; o1 publishes autonomy low; the model is +0.02 on
    SWE-bench-Verified (0.23 vs 0.21, within the 0.02 margin: "at or below ... within the rubric margin")
    and below on GPQA-Diamond; two benchmarks -> EV-PROXY: autonomy low in H and W. Every domain low, no
    marginal reference -> fully-open; no requirement at low (2e23). Recommended fully-open; planned
    open-weights -> pass."""
    card = _card("proxy-at-margin.yaml")
    code, report = check(card)
    entry = _one(report, "EV-PROXY", "fired")
    assert (
        entry["message"].startswith("autonomy: at or below OpenAI o1")
        and "takes its published level low" in entry["message"]
    )
    assert _evidence(entry)["similarly_safe.reference.assessed_levels.autonomy"] == line_of(card, "assessed_levels:")
    assert domains(report)["autonomy"] == (True, "low", "low", "unknown")
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        0,
        "open-weights",
        "open-weights",
        "pass",
    )


def test_proxy_with_an_unknown_published_level_leaves_the_domain_unknown() -> None:
    """proxy-unknown-level.yaml: o1's published autonomy level is `unknown`. Whatever the trail says, the
    domain stays unknown in H and W; no marginal reference -> (unknown, unknown) -> api; ceiling api."""
    code, report = check(_card("proxy-unknown-level.yaml"))
    assert domains(report)["autonomy"] == (True, "unknown", "unknown", "unknown")
    assert (code, report["ceiling_tier"]) == (0, "api")


def test_proxy_with_an_unknown_published_level_is_no_evidence() -> None:
    """SPEC §5 step 2: a proxy needs "a published level for that domain"; `unknown` is "no usable evidence"
    (§3), so no proxy: EV-NO-EVIDENCE fires for autonomy, and with a required domain lacking evidence
    confidence is low (step 9)."""
    card = _card("proxy-unknown-level.yaml")
    _, report = check(card)
    assert "EV-PROXY" not in firing(report)
    entry = _one(report, "EV-NO-EVIDENCE")
    assert entry["message"].startswith("autonomy:")
    assert report["confidence"] == "low"


def test_cannot_rule_out_raises_alert_to_high() -> None:
    """cannot-rule-out-severe-ruled-out.yaml: general-purpose 8.0e+24 -> five GPAI domains.

    bio: WMDP-Bio 0.70 >= 0.60 WC -> alert; expert uplift 1.2, not significant, WC third-party ->
    low, rules out > high (severe). Nothing rules high out -> EV-CANNOT-RULE-OUT: high in H and W.
    chem, cyber, ai-rnd, autonomy: WC TA low -> low. Marginal: no domain comparisons; the two general
    scores are 0.08 and 0.09 over the named reference's, but the card is undated, so every catalogue model
    counts, and the open frontier is higher still -> below. bio (high, below): no six-step assessment, so
    footnote 1 is unavailable -> api; ceiling api. Governing H high: documentation,
    REQ-API-HIGH, researcher access met -> recommended api; planned api -> pass."""
    card = _card("cannot-rule-out-severe-ruled-out.yaml")
    code, report = check(card)
    found = entries(report, "EV-CANNOT-RULE-OUT", "fired")
    assert {e["effect"] for e in found} == {"bio hosted level high", "bio weights level high"}
    for entry in found:
        assert entry["message"] == "bio: alert and no uplift study or threshold assessment rules high out"
        assert _evidence(entry) == {"evaluations[0]": line_of(card, "- {id: wmdp-bio-mft")}
    uplift = _one(report, "EV-UPLIFT")
    assert "expert uplift 1.2 (not significant): establishes low, rules out severe" in uplift["message"]
    assert domains(report)["bio"] == (True, "high", "high", "below")
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (0, "api", "api", "pass")


def test_confidence_after_cannot_rule_out_uses_the_raised_level() -> None:
    """SPEC §5 step 9 on the same card: bio is treated as high; the next level, severe, is ruled out by the
    not-significant expert study; chem/cyber/ai-rnd/autonomy have TAs low ruling alert out; third-party
    results exist -> high."""
    _, report = check(_card("cannot-rule-out-severe-ruled-out.yaml"))
    assert report["confidence"] == "high"


def test_hugging_face_front_matter_fills_gaps() -> None:
    """hf-front-matter.md: general-purpose 5.0e+22 (< 1e23, nothing required). The releasecheck block has no
    licence and no base model; the front matter's `license`, `base_model` and a model-index WMDP-Bio score
    (30.0 -> 0.30) fill them, the score as a safeguards-on benchmark (evaluations[1]). bio: H: TA low WC +
    WMDP-Bio 0.30 < 0.60 -> low; W: the safeguards-on low does not count (EV-WEIGHTS-WORST-CASE), the WC TA
    low does -> low. No marginal reference -> unknown; (low, unknown) -> fully-open; no requirement.
    Recommended fully-open; planned open-weights -> pass."""
    card = _card("hf-front-matter.md")
    code, report = check(card)
    fills = {e["message"]: _evidence(e) for e in entries(report, "IN-HF-FRONT-MATTER", "fired")}
    assert fills == {
        "gap filled: release.licence = 'mit' from front matter `license`": {
            "release.licence": line_of(card, "license: mit")
        },
        "gap filled: model.base_model = 'Qwen/Qwen2.5-0.5B' from front matter `base_model`": {
            "model.base_model": line_of(card, "base_model: Qwen/Qwen2.5-0.5B")
        },
        "gap filled: evaluations[1] = WMDP-Bio 0.3 (safeguards-on, as published) from front matter `model-index`": {
            "evaluations[1]": line_of(card, "model-index:")
        },
    }
    worst = _one(report, "EV-WEIGHTS-WORST-CASE")
    assert worst["message"].startswith("bio: 1 safeguards-on result(s) establishing low")
    assert domains(report) == {"bio": (False, "low", "low", "unknown")}
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        0,
        "fully-open",
        "fully-open",
        "pass",
    )


def test_section_evidence_points_at_the_section_key() -> None:
    """SPEC §7: every trail entry points to the card lines it used. When that is a whole section (missing
    compute in `model`, missing evidence in `evaluations`, marginal risk in `marginal_risk`), the line is
    the section's key, not its first child (`name:`, the first evaluation, `reference:`)."""
    card = _card("undisclosed-compute.yaml")
    assert _evidence(_one(check(card)[1], "COMPUTE-UNDISCLOSED"))["model"] == key_line(card, "model")
    card = _card("proxy-refused.yaml")
    assert _evidence(_one(check(card)[1], "EV-NO-EVIDENCE"))["evaluations"] == key_line(card, "evaluations")
    card = _card("unknown-domain-no-marginal.yaml")
    entry = next(e for e in entries(check(card)[1], "MR-CATALOGUE") if e["message"].startswith("open frontier"))
    assert _evidence(entry)["marginal_risk"] == key_line(card, "marginal_risk")


def test_a_safeguards_on_alert_alone_is_high_for_weights() -> None:
    """safeguards-on-alert.yaml: general-purpose 5.0e+24 -> five GPAI domains. bio: TA alert safeguards-on
    -> H alert (high ruled out); W: the only bio result is safeguards-on, and nothing measured without
    safeguards rules high out -> EV-WEIGHTS-SAFEGUARDS-ON: high. Others WC TA low. No comparison ->
    marginal unknown. bio H (alert, unknown) -> gated-weights, W (high, unknown) -> api; ceiling api;
    planned open-weights -> fail."""
    card = _card("safeguards-on-alert.yaml")
    code, report = check(card)
    entry = _one(report, "EV-WEIGHTS-SAFEGUARDS-ON", "fired")
    assert entry["effect"] == "bio weights level high"
    assert _evidence(entry) == {"evaluations[0]": line_of(card, "- {id: bio-ta")}
    assert domains(report)["bio"] == (True, "alert", "high", "unknown")
    assert (code, report["ceiling_tier"], report["decision"]) == (1, "api", "fail")


def test_a_worst_case_result_in_the_domain_keeps_the_safeguards_on_rule_quiet(tmp_path: Path) -> None:
    """The same card with a worst-case bio benchmark below its threshold: the domain has been measured
    without safeguards, so the safeguards-on rule does not fire (cannot-rule-out still reads an alert
    nothing rules high out as high in the balanced profile; in the marginal profile it stays alert)."""
    text = _card("safeguards-on-alert.yaml").read_text(encoding="utf-8")
    extra = (
        "  - {id: bio-wmdp, domain: bio, type: benchmark, benchmark: WMDP-Bio, score: 0.40, elicitation: worst-case, "
        'source: "Tern-40B system card §4"}\n'
    )
    card = tmp_path / "measured.yaml"
    card.write_text(text.replace("  - {id: chem-ta", extra + "  - {id: chem-ta", 1), encoding="utf-8")
    _, report = check(card, "marginal")
    assert "EV-WEIGHTS-SAFEGUARDS-ON" not in firing(report)
    assert domains(report)["bio"][2] == "alert"


def test_frontier_weights_at_alert_without_a_fine_tuned_evaluation_are_blocked(tmp_path: Path) -> None:
    """frontier-alert-safeguards-off.yaml: five GPAI domains; bio TA alert safeguards-off -> H alert, W
    alert (high ruled out without safeguards); the others WC TA low. No comparison -> marginal unknown:
    bio (alert, unknown) -> gated-weights, the low domains (low, unknown) -> open-weights; ceiling
    gated-weights. REQ-WEIGHTS-ALERT-FRONTIER: bio is at alert by evidence and the release was not
    compared with the open frontier, and no bio evaluation was elicited worst-case -> every weights tier
    blocked; the gated-weights controls are in place, so that is the only block. Recommended api; planned
    gated-weights <= ceiling -> conditional. The same card with a fine-tuned bio evaluation below its
    alert threshold meets the rule and is recommended gated-weights."""
    card = _card("frontier-alert-safeguards-off.yaml")
    code, report = check(card)
    unmet = [e for e in entries(report, "REQ-WEIGHTS-ALERT-FRONTIER") if e["outcome"] == "unmet"]
    assert [e["effect"] for e in unmet] == [f"{t} blocked" for t in ("gated-weights", "open-weights", "fully-open")]
    for entry in unmet:
        assert "bio: none of the card's evaluations was elicited worst-case" in entry["message"]
        assert _evidence(entry) == {"evaluations": line_of(card, "evaluations:")}
    assert domains(report)["bio"] == (True, "alert", "alert", "unknown")
    assert (code, report["ceiling_tier"], report["recommended_tier"], report["decision"]) == (
        1,
        "gated-weights",
        "api",
        "conditional",
    )
    extra = (
        "  - {id: bio-mft, domain: bio, type: benchmark, benchmark: WMDP-Bio, score: 0.30, elicitation: worst-case, "
        'source: "Plover-70B system card §4.2 (after malicious fine-tuning)"}\n'
    )
    text = card.read_text(encoding="utf-8").replace("  - {id: chem-ta", extra + "  - {id: chem-ta", 1)
    tuned = tmp_path / "fine-tuned.yaml"
    tuned.write_text(text, encoding="utf-8")
    code, report = check(tuned)
    assert "REQ-WEIGHTS-ALERT-FRONTIER" not in firing(report)
    assert (code, report["recommended_tier"], report["decision"]) == (0, "gated-weights", "pass")


def test_the_template_left_as_is_warns() -> None:
    _, report = check(_card("template-left-as-is.yaml"))
    (warning,) = [w for w in report["warnings"] if w["rule"] == "IN-TEMPLATE"]
    assert "model.name, model.developer, model.description" in warning["message"]
