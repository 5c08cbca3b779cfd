"""The catalogue of openly available models (rubrics/default/catalogue.yaml) and its use in SPEC §5 step 3.

Data: every figure in the catalogue and every benchmark baseline traces to a source with a date; the
catalogue covers the models the issue names. Engine: a card that names only a catalogue reference gets
its marginal-risk findings from the catalogue, with sources in the trail; a card whose marginal_risk
names no reference gets the strongest catalogue model released before its release date; the card's
own figures always win. The expected numbers below are worked out by hand from the catalogue data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from card_reports import CARDS, check, domains, entries, line_of
from conftest import RUBRICS, invoke
from releasecheck.assess.catalogue import available_by
from releasecheck.rubric.load import RubricError, load_rubric_set

RUBRIC_SET = load_rubric_set()
RUBRIC = RUBRIC_SET.resolve()
CATALOGUE = RUBRIC.catalogue
GENERAL = {"MMLU", "MMLU-Pro", "GPQA-Diamond", "MATH-500", "HumanEval", "SWE-bench-Verified"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _raw(name: str) -> dict[str, Any]:
    data = yaml.safe_load((RUBRICS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _start(date: str) -> dt.date:
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


# --- the data: every number traces to a source with a date -------------------------------------------


def test_every_catalogue_figure_has_a_source_and_a_date() -> None:
    """Read from the YAML itself, so a default can never stand in for a missing source or date."""
    models = _raw("catalogue.yaml")["catalogue"]
    for model in models:
        assert model.get("sources"), f"{model['id']}: no source for its release facts"
        for source in model["sources"]:
            assert source.get("title") and DATE.match(str(source.get("date", ""))), f"{model['id']}: {source}"
        for score in model.get("scores", []):
            where = f"{model['id']} {score.get('benchmark')}"
            assert isinstance(score.get("score"), float | int) and 0 <= score["score"] <= 1, where
            assert str(score.get("source", "")).strip(), f"{where}: no source"
            assert DATE.match(str(score.get("date", ""))), f"{where}: no date (quoted YYYY, YYYY-MM or YYYY-MM-DD)"
            assert str(score.get("url", "https://")).startswith("https://"), where


def test_every_benchmark_figure_has_a_source_and_a_date() -> None:
    for bench in _raw("benchmarks.yaml")["benchmarks"]:
        assert bench.get("score_range", {}).get("meaning"), f"{bench['id']}: score range not described"
        assert all(DATE.match(str(s.get("date", ""))) for s in bench["sources"]), f"{bench['id']}: undated source"
        baseline = bench.get("baseline")
        if baseline is not None:
            assert 0 <= baseline["value"] <= 1 and baseline["who"].strip(), bench["id"]
            assert baseline["source"].strip() and DATE.match(str(baseline["date"])), f"{bench['id']}: baseline"


def test_catalogue_scores_are_on_benchmarks_cards_use() -> None:
    known = GENERAL | {b.id for b in RUBRIC.benchmarks}
    for model in CATALOGUE:
        unknown = {s.benchmark for s in model.scores} - known
        assert not unknown, f"{model.id}: scores on benchmarks no card comparison uses: {unknown}"


def test_no_score_predates_the_model_or_postdates_its_source() -> None:
    for model in CATALOGUE:
        for score in model.scores:
            assert _start(score.date) >= _start(model.released[:7]), f"{model.id} {score.benchmark}: source too early"
        assert _start(model.released) <= dt.date.today(), model.id


def test_catalogue_covers_2023_to_now_text_image_and_biology() -> None:
    assert len([x for x in CATALOGUE if x.released >= "2023"]) >= 15
    assert {x.kind for x in CATALOGUE} >= {"general-purpose", "image-generation", "bio-design"}
    names = {x.id for x in CATALOGUE}
    for wanted in (
        "Llama-2-70B",
        "Mistral-7B-v0.1",
        "Mixtral-8x7B",
        "Llama-3.1-405B-Instruct",
        "Qwen2.5-72B-Instruct",
        "DeepSeek-V3",
        "DeepSeek-R1",
        "gpt-oss-120b",
        "Kimi-K2-Instruct",
        "Stable-Diffusion-XL-1.0",
        "FLUX.1-dev",
        "FLUX.1-schnell",
        "ESM3-open",
        "Evo",
    ):
        assert wanted in names
    assert any(s.benchmark.startswith("WMDP-") for x in CATALOGUE for s in x.scores), "no dangerous-capability score"


def test_benchmarks_cover_every_required_kind_of_evaluation() -> None:
    ids = {b.id: b for b in RUBRIC.benchmarks}
    assert {"WMDP-Bio", "WMDP-Chem", "WMDP-Cyber", "VCT", "Cybench"} <= set(ids)
    assert any(i.startswith("LAB-Bench-") for i in ids)
    assert {"ai-rnd", "autonomy"} <= {b.domain for b in ids.values()}
    assert ids["VCT"].baseline is not None and ids["VCT"].baseline.value == 0.221


def test_a_catalogue_name_used_twice_is_a_rubric_error(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    path = folder / "catalogue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Kimi K2, Kimi-K2]", "aliases: [Mixtral 8x7B]"))
    with pytest.raises(RubricError, match="already used by 'Mixtral-8x7B'"):
        load_rubric_set(folder)


def test_available_by_reads_a_year_month_as_its_last_day() -> None:
    assert available_by("2025-04") == dt.date(2025, 4, 30)
    assert available_by("2024-02") == dt.date(2024, 2, 29)
    assert available_by("2025-05-28") == dt.date(2025, 5, 28)


# --- a card that names only its reference --------------------------------------------------------------


def _catalogue_entries(report: dict[str, Any], outcome: str | None = None) -> list[dict[str, Any]]:
    return entries(report, "MR-CATALOGUE", outcome)


def _evidence(entry: dict[str, Any]) -> dict[str, int]:
    return {e["path"]: e["line"] for e in entry["evidence"]}


def test_a_card_naming_only_its_reference_gets_scores_from_the_catalogue() -> None:
    """catalogue-reference.yaml names "Mixtral 8x7B" (an alias of Mixtral-8x7B) and gives no reference score.

    General: MMLU 0.72 vs 0.706 (+0.014), HumanEval 0.43 vs 0.402 (+0.028); GPQA-Diamond has no catalogue
    score for Mixtral -> not used, with a warning. bio: the worst-case WMDP-Bio 0.58 (not the safeguards-on
    0.52) vs 0.748 -> -0.168 none. cyber: only a safeguards-on WMDP-Cyber 0.53 vs 0.520 -> +0.010 none.
    chem, ai-rnd, autonomy: general, max +0.028 -> slight (0.02 < 0.028 <= 0.05).
    """
    card = CARDS / "catalogue-reference.yaml"
    _, report = check(card)
    assert {d: v[3] for d, v in domains(report).items()} == {
        "bio": "none",
        "chem": "slight",
        "cyber": "none",
        "ai-rnd": "slight",
        "autonomy": "slight",
    }
    messages = {e["message"]: e for e in _catalogue_entries(report, "fired")}
    mmlu = next(e for m, e in messages.items() if m.startswith("general_capability[0] MMLU"))
    assert "0.706 for Mixtral-8x7B" in mmlu["message"] and "arXiv:2401.04088, 2024-01-08" in mmlu["message"]
    assert _evidence(mmlu) == {"marginal_risk.general_capability[0]": line_of(card, "- {benchmark: MMLU,")}
    bio = next(e for m, e in messages.items() if m.startswith("bio: WMDP-Bio"))
    assert "0.58 (evaluations[2], worst-case) against Mixtral-8x7B 0.748" in bio["message"]
    assert "arXiv:2403.03218" in bio["message"] and "2024-04" in bio["message"]
    assert _evidence(bio) == {"evaluations[2]": line_of(card, "- {id: wmdp-bio-wc")}
    cyber = next(e for m, e in messages.items() if m.startswith("cyber: WMDP-Cyber"))
    assert "WMDP-Cyber 0.53 (evaluations[5], safeguards-on)" in cyber["message"]  # the highest, any elicitation
    assert [w["message"] for w in report["warnings"] if w["rule"] == "MR-CATALOGUE"] == [
        "general_capability[2] GPQA-Diamond: no reference score given and the catalogue has no GPQA-Diamond "
        "score for Mixtral-8x7B: comparison not used"
    ]
    excess = {e["message"].split(":")[0]: e for e in entries(report, "MR-EXCESS")}
    assert "+0.028 (general comparisons" in excess["chem"]["message"]
    assert "-0.168 (domain comparisons" in excess["bio"]["message"]
    assert list(_evidence(excess["bio"])) == ["evaluations[2]"]


def test_the_cards_own_figures_win() -> None:
    """catalogue-own-figures.yaml: MMLU gives its own reference 0.75 (catalogue 0.706) -> 0.72-0.75 = -0.03;
    HumanEval is filled (0.402, +0.028). bio has the card's own WMDP-Bio comparison (0.58 vs 0.50, +0.08)
    -> significant, although the catalogue's 0.748 would make it none; no comparison is derived for it."""
    _, report = check(CARDS / "catalogue-own-figures.yaml")
    assert domains(report)["bio"][3] == "significant"
    assert domains(report)["chem"][3] == "slight"
    info = [e["message"] for e in _catalogue_entries(report, "info")]
    assert any(m.startswith("general_capability[0] MMLU: the card's reference score 0.75 is used") for m in info)
    assert any("domain_comparisons[0] WMDP-Bio: the card's reference score 0.5 is used" in m for m in info)
    assert not any(e["message"].startswith("bio: WMDP-Bio") for e in _catalogue_entries(report))
    bio = next(e for e in entries(report, "MR-EXCESS") if e["message"].startswith("bio:"))
    assert "+0.080 (domain comparisons" in bio["message"]


# --- a card that names no reference --------------------------------------------------------------------


def _with_date(tmp_path: Path, date: str | None) -> Path:
    text = (CARDS / "catalogue-pick.yaml").read_text(encoding="utf-8")
    text = text.replace("  date: 2025-06-01\n", f"  date: {date}\n" if date else "")
    path = tmp_path / f"pick-{date}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path) -> dict[str, Any]:
    result = invoke("check", str(path), "-f", "json", "--no-timestamp")
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _picked(report: dict[str, Any]) -> str:
    found = [e["message"] for e in _catalogue_entries(report, "fired") if e["message"].startswith("no reference")]
    assert len(found) == 1, found
    return found[0]


def test_without_a_reference_the_strongest_model_released_before_the_card_is_picked() -> None:
    """catalogue-pick.yaml (release 2025-06-01) reports GPQA-Diamond 0.70, MMLU-Pro 0.80, SWE-bench-Verified
    0.50. Released before 2025-06-01, mean over the three (missing = 0): DeepSeek-R1-0528 (0.810 + 0.850 +
    0.576) / 3 = 0.745, DeepSeek-R1 (0.715 + 0.840 + 0.492) / 3 = 0.682, ... Kimi K2 and gpt-oss are later.
    Against R1-0528: -0.110, -0.050, -0.076 -> excess -0.050, none everywhere."""
    card = CARDS / "catalogue-pick.yaml"
    _, report = check(card)
    message = _picked(report)
    assert message.startswith("no reference named: picked DeepSeek-R1-0528 (DeepSeek, released 2025-05-28")
    assert "released before 2025-06-01" in message and "mean score 0.745" in message
    assert "next DeepSeek-R1 0.682" in message
    entry = next(e for e in _catalogue_entries(report) if e["message"] == message)
    assert _evidence(entry) == {
        "marginal_risk": line_of(card, "marginal_risk:"),
        "release.date": line_of(card, "date:"),
    }
    filled = [e["message"] for e in _catalogue_entries(report, "fired") if e["message"].startswith("general")]
    assert any("GPQA-Diamond: reference score 0.81 for DeepSeek-R1-0528" in m and "2025-05-28" in m for m in filled)
    assert {v[3] for v in domains(report).values()} == {"none"}
    assert all("over DeepSeek-R1-0528 is -0.050" in e["message"] for e in entries(report, "MR-EXCESS"))


@pytest.mark.parametrize(
    ("date", "picked"),
    [
        ("2025-05-28", "DeepSeek-R1"),  # R1-0528 was released that day: not before it
        ("2025-05-01", "DeepSeek-R1"),
        ("2025-02-01", "DeepSeek-R1"),  # (0.715 + 0.840 + 0.492) / 3 = 0.682 > DeepSeek-V3 0.590
        ("2025-01-01", "DeepSeek-V3"),  # (0.591 + 0.759 + 0.420) / 3 = 0.590 > Llama 3.1 405B 0.496
        ("2024-12-01", "Llama-3.1-405B-Instruct"),  # (0.511 + 0.733 + 0.245) / 3 = 0.496 > Qwen2.5 72B 0.481
    ],
)
def test_the_pick_follows_the_release_date(tmp_path: Path, date: str, picked: str) -> None:
    assert _picked(_report(_with_date(tmp_path, date))).startswith(f"no reference named: picked {picked} (")


def test_without_a_release_date_every_model_counts_and_the_trail_says_so(tmp_path: Path) -> None:
    """No date: Kimi K2 (0.751 + 0.811 + 0.658) / 3 = 0.740 joins, but R1-0528's 0.745 still leads."""
    message = _picked(_report(_with_date(tmp_path, None)))
    assert "release.date not given, so every catalogue model counts as available" in message
    assert (
        message.startswith("no reference named: picked DeepSeek-R1-0528") and "next Kimi-K2-Instruct 0.740" in message
    )


def test_with_no_model_before_the_card_marginal_risk_stays_unknown(tmp_path: Path) -> None:
    report = _report(_with_date(tmp_path, "2023-08-01"))
    info = [e["message"] for e in _catalogue_entries(report, "info")]
    assert any(m.startswith("no reference named and none picked: of 2 catalogue model(s)") for m in info), info
    assert {v[3] for v in domains(report).values()} == {"unknown"}
    assert "none could be picked from the catalogue" in entries(report, "MR-EXCESS")[0]["message"]


def test_a_card_without_a_marginal_risk_section_is_not_given_a_reference() -> None:
    """The catalogue is consulted only when the card argues marginal risk: unknown-benchmark.yaml has no
    marginal_risk section, so its marginal risk stays unknown and MR-CATALOGUE does not appear."""
    _, report = check(CARDS / "unknown-benchmark.yaml")
    assert not _catalogue_entries(report)
    assert {v[3] for v in domains(report).values()} == {"unknown"}


def test_without_the_catalogue_rule_only_the_cards_figures_count(tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    ceiling = folder / "ceiling.yaml"
    text = ceiling.read_text(encoding="utf-8")
    start = text.index("  - id: MR-CATALOGUE")
    ceiling.write_text(text[:start] + text[text.index("  - id: CEIL-MATRIX\n") :], encoding="utf-8")
    result = invoke("check", str(CARDS / "catalogue-reference.yaml"), "--rubrics", str(folder), "-f", "json")
    report = json.loads(result.stdout)
    assert not _catalogue_entries(report)
    dropped = [w["message"] for w in report["warnings"] if w["rule"] == "MR-EXCESS"]
    assert len(dropped) == 3 and all("the reference is not in the rubric's catalogue" in m for m in dropped)
    assert {v[3] for v in domains(report).values()} == {"unknown"}


def test_a_similarly_safe_comparison_still_needs_its_reference_score(tmp_path: Path) -> None:
    card = CARDS / "proxy-at-margin.yaml"
    text = card.read_text(encoding="utf-8")
    broken = re.sub(r"reference_score: [0-9.]+, ", "", text, count=1)
    assert broken != text
    path = tmp_path / "proxy.yaml"
    path.write_text(broken, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.code == 2
    assert "reference_score" in result.stdout + result.stderr


# --- explain and rubrics show --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Kimi K2", "kimi-k2-instruct", "moonshotai/Kimi-K2-Instruct"])
def test_explain_a_catalogue_model_by_any_of_its_names(name: str) -> None:
    result = invoke("explain", name)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# catalogue model Kimi-K2-Instruct")
    assert "Released 2025-07-11 under Modified MIT License" in out
    assert "GPQA-Diamond 0.751 [instruct, avg@8]; Moonshot AI, Kimi K2 README" in out and "2025-07-11" in out


def test_explain_a_model_without_scores_says_so() -> None:
    out = invoke("explain", "ESM3-open").stdout
    assert "Scores: none recorded" in out and "EvolutionaryScale" in out


def test_explain_a_benchmark_prints_range_baseline_and_open_models() -> None:
    out = invoke("explain", "VCT").stdout
    assert "Human or expert baseline: 0.221, expert virologists" in out and "2025-04-21" in out
    wmdp = invoke("explain", "WMDP-Bio").stdout
    assert "chance 0.25" in wmdp and "none published" in wmdp
    assert "- Mixtral-8x7B (2023-12-11): WMDP-Bio 0.748" in wmdp


def test_rubrics_show_lists_every_catalogue_figure_with_its_source_and_date() -> None:
    out = invoke("rubrics", "show").stdout
    assert "## Catalogue of openly available models" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and line.count("|") == 7]
    for model in CATALOGUE:
        for score in model.scores:
            assert any(
                row.startswith(f"| {model.id} | {score.benchmark} | {score.score:g} |") and f"| {score.date} |" in row
                for row in rows
            ), f"{model.id} {score.benchmark} missing from rubrics show"
    assert "| VCT | bio | 0.221 |" in out
