"""Properties of SPEC §5 and §7 over generated cards (tests/strategies.py).

- monotonicity, per profile: a riskier variant of a card (selftest.riskier_variants: one piece of
  evidence moved toward more risk, one control removed, or the compute figure withheld) never
  makes the ceiling or the recommended tier more open;
- the tier table: recommended <= ceiling; every tier above the recommended one names a blocker,
  every tier above the ceiling a capability blocker (§5 steps 4, 7 and 8);
- stance order: precautionary <= balanced <= marginal, for the ceiling and the recommendation (§5);
- determinism: the JSON report is byte-identical when computed twice, in-process and across
  processes and hash seeds; SOURCE_DATE_EPOCH fixes generated_at (§7, §9);
- every report validates against schemas/report.schema.json (§7).

The two main properties are `slow` tests that run 2,000 cards each under HYPOTHESIS_PROFILE=ci
(`.ci/run` runs them with `-m slow`); each has a quick twin over a few cards in the default
selection. To keep the file within its time budget, monotonicity and the report checks share one
test (one generated card, one set of assessments), and the riskier variants (about 20 per card,
each assessed under three profiles) and the schema validation are spread over two cores
(``_helper``).

A property violation found here is pinned, with its hand-minimised card, as a regression test at
the bottom of this file (the marginal severe/none exception, fixed in the engine).
"""

from __future__ import annotations

import atexit
import itertools
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, examples, quick_twin, run
from releasecheck.card.validate import validate_document
from releasecheck.report.json_report import dumps, to_json
from releasecheck.report.view import report_of
from releasecheck.result import bare
from releasecheck.rubric.load import Rubric, load_rubric_set
from releasecheck.rubric.model import ComputeRule
from releasecheck.run.config import CheckOptions, RunConfig
from releasecheck.runner import assess_card
from releasecheck.selftest import assess_data, riskier_variants
from releasecheck.yamlpos.loader import Document
from releasecheck.yamlpos.problems import InputError
from strategies import STEPS, cards

PROFILES = ("precautionary", "balanced", "marginal")  # in stance order, most restrictive first
RUBRIC_SET = load_rubric_set()
RUBRICS: dict[str, Rubric] = {profile: RUBRIC_SET.resolve(profile) for profile in PROFILES}
RANK = RUBRICS["balanced"].tier_rank
TIER_CLASS = RUBRICS["balanced"].tier_class
# what a parameter count allows (COMPUTE-UNDISCLOSED): withholding compute beyond it also withholds the count
FLOP_PER_PARAMETER = RUBRICS["balanced"].one("compute-undisclosed", ComputeRule).flop_per_parameter
REPORT_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
)
PROPERTY = settings(max_examples=examples(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- two cores --------------------------------------------------------------------------------

_POOL: list[ProcessPoolExecutor] = []


def _helper() -> ProcessPoolExecutor | None:
    """One forked helper process (it inherits the loaded rubrics); None where fork is missing, on
    one core, or with RELEASECHECK_TEST_NO_HELPER=1 (everything then runs in this process)."""
    if os.environ.get("RELEASECHECK_TEST_NO_HELPER") == "1" or (os.cpu_count() or 1) < 2:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if not _POOL:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        atexit.register(pool.shutdown, cancel_futures=True)
        _POOL.append(pool)
    return _POOL[0]


def _outcomes(jobs: list[tuple[dict[str, Any], str]]) -> list[tuple[str, str] | str]:
    """(ceiling, recommended) per (card, profile), or the input error as text."""
    out: list[tuple[str, str] | str] = []
    for data, profile in jobs:
        try:
            a = assess_data(data, RUBRICS[profile])
        except InputError as err:
            out.append(f"invalid: {err}")
        else:
            out.append((a.ceiling_tier, a.recommended_tier))
    return out


def _schema_errors(texts: list[str]) -> list[list[str]]:
    return [
        [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in REPORT_VALIDATOR.iter_errors(json.loads(t))]
        for t in texts
    ]


# --- no domain may limit a hosted tier below a weights tier it permits --------------------------


def _split_domain_limit(a: Any) -> bool:
    """A domain permits a weights tier but not every hosted tier below it (its weights-class limit
    is more open than a hosted-class limit below `api`). Once seen in the marginal profile's
    severe/none cell with the footnote-3 exception; the regression tests below pin it."""
    top_hosted = max((t for t, cls in TIER_CLASS.items() if cls == "hosted"), key=RANK.__getitem__)
    return any(
        RANK[c.limit["hosted"]] < RANK[top_hosted] and RANK[c.limit["weights"]] > RANK[c.limit["hosted"]]
        for c in a.ceilings.values()
    )


# --- the generator ------------------------------------------------------------------------------


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=cards())
def test_generated_cards_are_valid(card: dict[str, Any]) -> None:
    """The generator makes valid cards only (every property test also fails on an invalid one)."""
    validate_document(Document("<generated>", card), RUBRICS["balanced"].domain_ids)
    ids = [ev["id"] for ev in card.get("evaluations", [])]
    assert len(ids) == len(set(ids))


# --- SPEC §5: the tier table and stance order ---------------------------------------------------


def _check_tier_table(profile: str, a: Any) -> None:
    """SPEC §5 steps 7-8 as revised ("Defensible decisions I"): the recommended tier is the most open
    tier at or below the ceiling that no absent safeguard blocks; the decision is fail above the
    ceiling, conditional when the planned tier is blocked or carries conditions, pass otherwise."""
    rec, ceil = RANK[a.recommended_tier], RANK[a.ceiling_tier]
    assert rec <= ceil, f"[{profile}] recommended {a.recommended_tier} is above the ceiling {a.ceiling_tier}"
    by_tier = {s.tier: s for s in a.tiers}
    for status in a.tiers:
        rank = RANK[status.tier]
        assert status.permitted == (rank <= ceil), f"[{profile}] {status.tier}: permitted={status.permitted}"
        if rank > rec:
            assert status.blocked_by, (
                f"[{profile}] {status.tier} is above the recommended {a.recommended_tier} but nothing blocks it"
            )
        if rank > ceil:
            assert any(b.kind == "capability" for b in status.blocked_by), (
                f"[{profile}] {status.tier} is above the ceiling {a.ceiling_tier} without a capability blocker: "
                f"{sorted({(b.kind, b.rule) for b in status.blocked_by})}"
            )
        assert all(b.kind != "obligation" for b in status.blocked_by), f"[{profile}] an obligation blocks {status.tier}"
        assert status.ready == (status.permitted and not status.blocked_by and not status.conditions)
    assert a.conditions == by_tier[a.recommended_tier].conditions
    if a.recommended_tier != "internal":
        assert not [b for b in by_tier[a.recommended_tier].blocked_by if b.kind != "capability"]
    assert RANK[a.ready_tier] <= rec
    planned = a.planned_tier
    if planned is None:
        expected = "none"
    elif RANK[planned] > ceil:
        expected = "fail"
    elif RANK[planned] > rec or by_tier[planned].blocked_by or by_tier[planned].conditions:
        expected = "conditional"
    else:
        expected = "pass"
    assert a.decision == expected, f"[{profile}] planned {planned}: decision {a.decision}, §5 step 8 says {expected}"
    if a.decision == "pass":  # an undocumented (or absent) control of the planned tier never passes
        assert not by_tier[planned].conditions and not by_tier[planned].blocked_by


@pytest.mark.slow
@PROPERTY
@given(card=cards())
def test_tier_table_and_stance_order(card: dict[str, Any]) -> None:
    """recommended <= ceiling, blockers above both, the §5.8 decision; and, across profiles,
    precautionary <= balanced <= marginal for the ceiling and for the recommended tier."""
    base = {profile: assess_data(card, RUBRICS[profile]) for profile in PROFILES}
    for profile, a in base.items():
        _check_tier_table(profile, a)
    for key in ("ceiling_tier", "recommended_tier"):
        ranks = [RANK[getattr(base[p], key)] for p in PROFILES]
        assert ranks == sorted(ranks), f"stance order broken for {key}: " + ", ".join(
            f"{p} {getattr(base[p], key)}" for p in PROFILES
        )


# --- SPEC §5 monotonicity and the §7 report, on one generated card ------------------------------
#
# One test, because the card's generation and its ~65 assessments dominate the file's run time.
# The helper process validates the report against the schema and then takes its share of the
# riskier variants, while this process checks determinism and assesses the rest.

Outcome = tuple[str, str] | str


def _variant_count(card: dict[str, Any]) -> int:
    """About how many riskier variants the card has (only to share the work out evenly)."""
    sections = ("access_controls", "accountability", "capacity_building")
    return (
        2 * len(card.get("evaluations", []))
        + sum(len(card.get(s) or {}) for s in sections)
        + len((card.get("marginal_risk") or {}).get("domain_comparisons", []))
        + 1
    )


def _helper_share(report: str, card: dict[str, Any], skip: int) -> tuple[list[str], list[tuple[str, list[Outcome]]]]:
    """The helper's part: the report's schema errors, and the riskier variants after the first `skip`
    (which this process assesses), each under every profile."""
    errors = _schema_errors([report])[0]
    variants = itertools.islice(riskier_variants(card, FLOP_PER_PARAMETER), skip, None)
    return errors, [(label, _outcomes([(v, p) for p in PROFILES])) for label, v in variants]


@pytest.mark.slow
@PROPERTY
@given(card=cards(), profile=st.sampled_from(PROFILES), compare=st.sampled_from((False, False, False, True)))
def test_riskier_variants_never_open_a_tier_and_reports_are_stable(
    card: dict[str, Any], profile: str, compare: bool
) -> None:
    """Monotonicity for precautionary, balanced and marginal: no riskier variant (withholding the
    compute figure is one) opens the ceiling or the recommended tier.

    Under the drawn profile: report_dict + dumps is the same text when computed twice and agrees
    with the report `check` writes (report_dict plus input.options, and `profiles` with
    --compare-profiles, drawn a quarter of the time), which fits schemas/report.schema.json."""
    doc = Document("<generated>", card)
    options = CheckOptions(RUBRIC_SET, RunConfig(profile=profile, compare_profiles=compare))
    full = dumps(to_json(report_of(assess_card(doc, validate_document(doc, options.rubric.domain_ids), options))))

    # This process takes the first variants (riskier_variants deep-copies each one it yields, so
    # islice spares it the rest); the helper validates the report and takes the remainder.
    pool = _helper()
    mine_count = max(0, _variant_count(card) // 2) if pool is not None else 10**6
    mine = list(itertools.islice(riskier_variants(card, FLOP_PER_PARAMETER), mine_count))
    theirs = pool.submit(_helper_share, full, card, len(mine)) if pool is not None else None

    first = dumps(to_json(report_of(bare(assess_data(card, RUBRICS[profile])))))
    second = dumps(to_json(report_of(bare(assess_data(card, RUBRICS[profile])))))
    assert first == second, f"[{profile}] the JSON report differs between two in-process runs"
    written, plain = json.loads(full), json.loads(first)
    written["input"].pop("options", None)
    plain["input"].pop("options", None)  # a bare result's defaults, not the run's
    assert {key: written.get(key) for key in plain} == plain, f"[{profile}] check's report and report_dict disagree"

    base = dict(zip(PROFILES, _outcomes([(card, p) for p in PROFILES]), strict=True))
    for p, result in base.items():
        assert not isinstance(result, str), f"[{p}] the generated card is {result}"
    checked = [(label, _outcomes([(v, p) for p in PROFILES])) for label, v in mine]
    errors, rest = theirs.result() if theirs is not None else _helper_share(full, card, len(mine))
    assert not errors, f"[{profile}] the report does not match schemas/report.schema.json:\n" + "\n".join(errors[:10])

    opened = []
    for label, results in checked + rest:
        for p, result in zip(PROFILES, results, strict=True):
            assert not isinstance(result, str), f"{label} [{p}]: the riskier variant is {result}"
            for key, before, after in zip(("ceiling", "recommended"), base[p], result, strict=True):
                if RANK[after] > RANK[before]:
                    opened.append(f"{label} [{p}]: {key} tier opened from {before} to {after}")
    assert not opened, "riskier evidence opened a tier:\n" + "\n".join(opened)


test_tier_table_and_stance_order_quick = quick_twin(test_tier_table_and_stance_order, card=cards())
test_riskier_variants_never_open_a_tier_and_reports_are_stable_quick = quick_twin(
    test_riskier_variants_never_open_a_tier_and_reports_are_stable,
    card=cards(),
    profile=st.sampled_from(PROFILES),
    compare=st.sampled_from((False, False, False, True)),
)


def _example_cards() -> list[str]:
    """The example cards, and the casebook's real releases, which exercise the catalogue most."""
    return [*EXAMPLE_PATHS, *sorted(str(p.relative_to(ROOT)) for p in (EXAMPLES / "casebook" / "cards").glob("*.yaml"))]


def test_cli_json_is_byte_identical_across_processes_and_hash_seeds() -> None:
    paths = _example_cards()
    assert len(paths) >= 10
    seeds = ("0", "1", "12345")

    def one(job: tuple[str, str]) -> tuple[str, str, str]:
        path, seed = job
        result = run("check", "-f", "json", "--no-timestamp", path, env={"PYTHONHASHSEED": seed})
        assert result.code in (0, 1), f"{path} (PYTHONHASHSEED={seed}): exit {result.code}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        return path, seed, result.stdout

    with ThreadPoolExecutor(max_workers=2) as threads:
        outputs = list(threads.map(one, [(path, seed) for path in paths for seed in seeds]))
    by_path: dict[str, dict[str, str]] = {}
    for path, seed, stdout in outputs:
        by_path.setdefault(path, {})[seed] = stdout
    for path, runs in by_path.items():
        report = json.loads(runs["0"])
        assert "generated_at" not in report, f"{path}: --no-timestamp still wrote generated_at"
        assert report["ceiling_tier"] in RANK
        differing = {seed: len(text) for seed, text in runs.items() if text != runs["0"]}
        assert not differing, f"{path}: stdout differs from PYTHONHASHSEED=0 for seeds {differing}"


def test_source_date_epoch_sets_generated_at() -> None:
    path = _example_cards()[0]
    result = run("check", "-f", "json", path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.code in (0, 1), result.stderr
    assert '"generated_at": "2023-11-14T22:13:20Z"' in result.stdout
    assert json.loads(result.stdout)["generated_at"] == "2023-11-14T22:13:20Z"


# --- regression tests for property violations found above ------------------------------------
#
# Marginal profile, severe domain, marginal risk none, footnote-3 exception holding (complete
# six-step assessment, worst-case evidence, monitoring plan). SPEC §5's marginal matrix says
# severe/none -> gated-weights, "the most open tier permitted"; the engine applies the exception
# to the weights class only, so the domain permits hosted tiers up to `limited` and weights tiers
# up to `gated-weights`. The ceiling comes out `limited`, and `gated-weights` sits above the
# ceiling with no capability blocker (or, with its controls in place, with no blocker at all).

SEVERE_NONE_EXCEPTION_CARD: dict[str, Any] = {
    "releasecheck": 1,
    "model": {"name": "M", "developer": "Lab", "kind": "other"},
    "evaluations": [
        {
            "id": "ev-0",
            "domain": "bio",
            "type": "uplift-study",
            "population": "expert",
            "uplift": 1.5,
            "significant": True,
            "elicitation": "worst-case",
            "source": "s",
        }
    ],
    "marginal_risk": {
        "reference": {"model": "Open"},
        "domain_comparisons": [{"domain": "bio", "benchmark": "VCT", "model_score": 0.2, "reference_score": 0.2}],
        "assessment": dict.fromkeys(STEPS, "written"),
    },
    "accountability": {"monitoring_plan": True},
}

_GATED_WEIGHTS_CONTROLS = {
    "access_controls": {"acceptable_use_policy": True, "identity_verification": True, "revocable_access": True},
    "accountability": {
        "monitoring_plan": True,
        "model_card_published": True,
        "evaluations_published": True,
        "worst_case_evaluations_published": True,
        "incident_reporting": True,
    },
}


@pytest.mark.parametrize("controls", [{}, _GATED_WEIGHTS_CONTROLS], ids=["bare", "gated-weights-controls"])
def test_regression_marginal_severe_exception_tier_table(controls: dict[str, Any]) -> None:
    a = assess_data({**SEVERE_NONE_EXCEPTION_CARD, **controls}, RUBRICS["marginal"])
    _check_tier_table("marginal", a)


def test_regression_marginal_severe_exception_ceiling_is_gated_weights() -> None:
    a = assess_data(SEVERE_NONE_EXCEPTION_CARD, RUBRICS["marginal"])
    held = [e for e in a.trail if e.rule == "CEIL-MONITORING-EXCEPTION" and e.outcome == "met"]
    assert held, "the footnote-3 exception should hold: assessment complete, worst-case evidence, monitoring plan"
    assert a.ceiling_tier == "gated-weights"


def test_regression_no_profile_splits_a_domain_limit() -> None:
    """The footnote-3 exception opens the hosted tiers too, so no profile limits hosted tiers below
    a weights tier it permits."""
    for profile in PROFILES:
        assert not _split_domain_limit(assess_data(SEVERE_NONE_EXCEPTION_CARD, RUBRICS[profile])), profile


# MR-CATALOGUE once compared the highest worst-case/safeguards-off result and fell back to the others
# only when there was none, so marking the best worst-case result safeguards-on (a riskier variant)
# lowered the compared score and opened the tier (balanced gated-weights -> fully-open). It now
# compares the highest result whatever its elicitation (SPEC §5 step 3: the largest excess).

CATALOGUE_SWITCH_CARD: dict[str, Any] = {
    "releasecheck": 1,
    "model": {"name": "M", "developer": "Lab", "kind": "other"},
    "evaluations": [
        {
            "id": "ev-0",
            "domain": "cyber",
            "type": "threshold-assessment",
            "level": "alert",
            "elicitation": "worst-case",
            "source": "s",
        },
        {
            "id": "ev-1",
            "domain": "cyber",
            "type": "benchmark",
            "benchmark": "WMDP-Cyber",
            "score": 0.6,
            "elicitation": "worst-case",
            "source": "s",
        },
        {
            "id": "ev-2",
            "domain": "cyber",
            "type": "benchmark",
            "benchmark": "WMDP-Cyber",
            "score": 0.4,
            "elicitation": "worst-case",
            "source": "s",
        },
    ],
    "marginal_risk": {"reference": {"model": "Mixtral-8x7B"}},
}


def _with_reference(marginal_risk: dict[str, Any]) -> dict[str, Any]:
    return {**CATALOGUE_SWITCH_CARD, "marginal_risk": marginal_risk}


@pytest.mark.parametrize("profile", ["balanced", "marginal"])
@pytest.mark.parametrize(
    "marginal_risk",
    [{"reference": {"model": "Mixtral-8x7B"}}, {}],
    ids=["named-catalogue-reference", "picked-from-catalogue"],
)
def test_regression_catalogue_elicitation_switch_opens_a_tier(profile: str, marginal_risk: dict[str, Any]) -> None:
    card = _with_reference(marginal_risk)
    rubric = RUBRICS[profile]
    before = assess_data(card, rubric)
    [(_, riskier)] = [(label, v) for label, v in riskier_variants(card) if label == "evaluations[1] safeguards-on"]
    after = assess_data(riskier, rubric)
    assert RANK[after.ceiling_tier] <= RANK[before.ceiling_tier], (
        f"[{profile}] ceiling opened from {before.ceiling_tier} to {after.ceiling_tier}"
    )
