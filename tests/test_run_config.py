"""The run configuration (issue 16 item 3): built once in the library from the options, with the
clock from SOURCE_DATE_EPOCH and the waivers judged on that date; the rubric-impact comparison
is the library's; batch workers rebuild a run from the same picklable RunConfig."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, RUBRICS
from releasecheck.run.config import CheckOptions, ConfigError, clock
from releasecheck.run.impact import Impact, against
from releasecheck.runner import check_path

WAIVERS = ROOT / "examples" / "waivers" / "waivers.yaml"
EXPIRES = dt.date(2027, 3, 31)  # the example waiver's last day


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def test_the_clock_is_source_date_epoch_when_set() -> None:
    assert clock({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert clock({}).tzinfo is dt.UTC
    with pytest.raises(ConfigError) as err:
        clock({"SOURCE_DATE_EPOCH": "yesterday"})
    assert err.value.code == 2
    assert "SOURCE_DATE_EPOCH='yesterday' is not a whole number of seconds" in err.value.text


def test_from_options_builds_the_whole_run_once() -> None:
    options = CheckOptions.from_options(
        profile="precautionary",
        expect_tier="api",
        waivers=WAIVERS,
        min_confidence="high",
        compare_profiles=True,
        environ={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    config = options.config
    assert config.generated_at == "2023-11-14T22:13:20Z"
    assert (config.profile, config.expect_tier, config.min_confidence) == ("precautionary", "api", "high")
    assert config.compare_profiles
    assert [w.rule for w in config.waivers] == ["REQ-API-HIGH"]
    assert options.rubric.profile.id == "precautionary"
    assert pickle.loads(pickle.dumps(config)) == config  # what a spawned worker receives


def test_no_timestamp_omits_the_time_but_waivers_keep_the_run_date() -> None:
    last_day = {"SOURCE_DATE_EPOCH": _epoch(EXPIRES)}
    kept = CheckOptions.from_options(waivers=WAIVERS, no_timestamp=True, environ=last_day)
    assert kept.config.generated_at is None
    assert len(kept.config.waivers) == 1
    with pytest.raises(ConfigError) as err:
        CheckOptions.from_options(
            waivers=WAIVERS, no_timestamp=True, environ={"SOURCE_DATE_EPOCH": _epoch(EXPIRES + dt.timedelta(1))}
        )
    assert err.value.code == 2
    assert "expired" in err.value.text and "REQ-API-HIGH" in err.value.text


def test_no_timestamp_without_waivers_never_reads_the_clock() -> None:
    options = CheckOptions.from_options(no_timestamp=True, environ={"SOURCE_DATE_EPOCH": "not a number"})
    assert options.config.generated_at is None


def test_bad_rubrics_and_profiles_are_config_errors_with_their_exit_codes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as bad_profile:
        CheckOptions.from_options(profile="lenient")
    assert bad_profile.value.code == 2
    assert "unknown profile 'lenient'" in bad_profile.value.text
    with pytest.raises(ConfigError) as bad_rubrics:
        CheckOptions.from_options(rubrics=tmp_path / "none")
    assert bad_rubrics.value.code == 3
    assert bad_rubrics.value.text.startswith("rubric error:")


def test_a_worker_rebuilds_the_same_run_from_the_config() -> None:
    options = CheckOptions.from_options(expect_tier="open-weights", environ={"SOURCE_DATE_EPOCH": "1700000000"})
    rebuilt = options.config.options()
    card = str(EXAMPLES / "frontier-api.yaml")
    first, second = check_path(card, options), check_path(card, rebuilt)
    assert first.report is not None and second.report is not None
    assert first.report == second.report
    assert first.verdict is not None and first.verdict.decision == "fail"


def test_the_impact_view_runs_the_old_set_with_the_runs_profile_only(tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(RUBRICS, old)
    options = CheckOptions.from_options(profile="precautionary", no_timestamp=True)
    cards = [str(EXAMPLES / "frontier-api.yaml"), str(EXAMPLES / "small-open-llm.yaml")]
    seen: list[str] = []
    impact = against(lambda o: seen.append(o.path), cards, options, old, 1)
    for path in cards:
        impact(check_path(path, options.with_rubrics(options.rubric_set, RUBRICS)))
    assert seen == cards
    assert impact.text() == "rubric change impact: 0 of 2 card(s) change decision or recommended tier"


def test_the_impact_view_names_each_flip() -> None:
    from releasecheck.result import Verdict
    from releasecheck.runner import Outcome

    outcome = check_path(str(EXAMPLES / "frontier-api.yaml"), CheckOptions.from_options(no_timestamp=True))
    assert outcome.verdict == Verdict("pass", "api")
    impact = Impact(lambda o: None, {outcome.path: Verdict("fail", "limited")})
    impact(outcome)
    impact(Outcome("broken.yaml", None, ()))
    assert impact.text().splitlines() == [
        "rubric change impact: 1 of 2 card(s) change decision or recommended tier",
        f"  {outcome.path}: fail (limited) -> pass (api)",
    ]
