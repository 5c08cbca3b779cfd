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

from card_reports import CARDS, check, domains, entries
from conftest import RUBRICS, invoke
from releasecheck.assess.catalogue import available_by
from releasecheck.rubric.load import RubricError, load_rubric_set

RUBRIC_SET = load_rubric_set()
RUBRIC = RUBRIC_SET.resolve()
CATALOGUE = RUBRIC.catalogue
# General and domain capability benchmarks cards compare on (fractions, higher is better); a catalogue
# score on any other name is a typo or an unusable metric.
GENERAL = {
    "MMLU", "MMLU-Pro", "GPQA-Diamond", "MATH", "MATH-500", "HumanEval", "GSM8K", "BBH", "AGIEval", "AIME-2024",
    "AIME-2025", "SWE-bench-Verified", "Humanity's Last Exam", "LAMBADA", "HellaSwag", "ARC-Challenge",
    "LiveCodeBench", "CBT-CN", "CBT-NE", "GenEval", "VBench", "VBench-Quality", "SIM-o", "ProteinGym",
    "PoseBusters", "CASP14-TM", "CAMEO-TM", "CASP15-LDDT",
}  # fmt: skip
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


def test_no_score_is_far_older_than_the_model_or_from_the_future() -> None:
    """A paper may report a model before its weights come out (GPT-2's staged release), but not years before."""
    for model in CATALOGUE:
        released = _start(model.released[:7])
        for score in model.scores:
            assert _start(score.date) >= released - dt.timedelta(days=366), f"{model.id} {score.benchmark}: too early"
            assert _start(score.date) <= dt.date.today(), f"{model.id} {score.benchmark}: dated in the future"
        assert _start(model.released) <= dt.date.today(), model.id


def test_every_assessed_level_has_a_source_a_date_and_an_elicitation() -> None:
    """Read from the YAML itself: no default may stand in for a missing source, date or elicitation."""
    for model in _raw("catalogue.yaml")["catalogue"]:
        for level in model.get("assessed", []):
            where = f"{model['id']} {level.get('domain')}"
            assert str(level.get("source", "")).strip() and DATE.match(str(level.get("date", ""))), where
            assert level.get("elicitation") in ("safeguards-off", "safeguards-on"), where
            assert str(level.get("published_as", "")).strip() and str(level.get("assessor", "")).strip(), where
            assert level.get("domain") in RUBRIC.domain_ids, where
            assert _start(str(level["date"])) >= _start(model["released"][:7]), f"{where}: assessed before release"


def test_catalogue_covers_2019_to_2026_in_every_kind() -> None:
    assert len(CATALOGUE) >= 60
    for year in range(2019, 2027):
        assert any(x.released.startswith(str(year)) for x in CATALOGUE), f"no catalogue model released in {year}"
    assert {x.kind for x in CATALOGUE} >= {
        "general-purpose", "image-generation", "video-generation", "audio-generation", "bio-design", "chem-design"
    }  # fmt: skip
    assert any(x.assessed for x in CATALOGUE if not x.openly_available), "no assessed hosted model"
    assert any(a.elicitation == "safeguards-off" for x in CATALOGUE for a in x.assessed)
    assert len([x for x in CATALOGUE if x.released >= "2023"]) >= 15
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


# --- the catalogue in use: the open frontier of a real card ----------------------------------------------
# The frontier's rules are pinned on a small catalogue of its own in tests/test_frontier.py; here, on the
# shipped catalogue, every comparison names its setter, and the setter was openly available before the card.


def _catalogue_entries(report: dict[str, Any], outcome: str | None = None) -> list[dict[str, Any]]:
    return entries(report, "MR-CATALOGUE", outcome)


SETTER = re.compile(r"against the open frontier ([0-9.]+), set by (\S+) ")


@pytest.mark.parametrize("name", ["catalogue-reference.yaml", "catalogue-own-figures.yaml"])
def test_every_comparison_names_an_open_model_released_before_the_card(name: str) -> None:
    card = CARDS / name
    _, report = check(card)
    date = dt.date.fromisoformat(yaml.safe_load(card.read_text(encoding="utf-8"))["release"]["date"].isoformat())
    named = report_named(card)
    setters = [SETTER.search(e["message"]) for e in _catalogue_entries(report)]
    found = [m.group(2) for m in setters if m]
    assert found, "no comparison names the model that sets the frontier"
    by_id = {x.id: x for x in CATALOGUE}
    for holder in found:
        if holder == named:
            continue
        model = by_id[holder]
        assert model.openly_available, f"{holder} is not openly available"
        assert available_by(model.released) < date, f"{holder} ({model.released}) is not before {date}"


def report_named(card: Path) -> str | None:
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    return ((data.get("marginal_risk") or {}).get("reference") or {}).get("model")


def test_the_frontier_is_at_least_the_named_references_catalogue_scores() -> None:
    """catalogue-reference.yaml names Mixtral 8x7B without figures: every frontier score is at least
    Mixtral's catalogue score on that benchmark (the best open model wins, the named one included)."""
    _, report = check(CARDS / "catalogue-reference.yaml")
    mixtral = {s.benchmark: s.score for s in next(x for x in CATALOGUE if x.id == "Mixtral-8x7B").scores}
    for entry in _catalogue_entries(report):
        match = SETTER.search(entry["message"])
        bench = re.match(r"(?:general_capability\[\d+\] |\w[\w-]*: )(\S+)", entry["message"])
        if match and bench and bench.group(1) in mixtral:
            assert float(match.group(1)) >= mixtral[bench.group(1)], entry["message"]


def test_a_card_without_a_marginal_risk_section_has_unknown_marginal_risk() -> None:
    """unknown-benchmark.yaml has no comparison of its own, so there is nothing to compare with the frontier."""
    _, report = check(CARDS / "unknown-benchmark.yaml")
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
    # the card gives no reference scores of its own, so no comparison counts
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
