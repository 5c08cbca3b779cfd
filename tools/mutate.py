"""Mutation test of src/releasecheck/assess/: does the test suite notice a one-token fault?

Each fault below is (file, the exact original snippet, its replacement, what the fault means). The
script applies one fault at a time, runs a fast test selection (by default the threshold tests,
tests/test_thresholds_*.py) in a fresh process, and restores the file: always, also on Ctrl-C or
SIGTERM. A fault is *killed* when the selection fails. The list is hand-made, so a run is
reproducible; a snippet that no longer occurs exactly once in its file stops the run before
anything is changed, so the list cannot rot silently.

A fault that no test can kill because it changes no behaviour (an equivalent mutant) carries
`equivalent="why"`; it is reported apart, and the run fails if it is killed after all (the reason
is then wrong) or if any other fault survives.

    python tools/mutate.py                      # every fault against the threshold tests (~5 min)
    python tools/mutate.py --list               # the faults, numbered, without running anything
    python tools/mutate.py --only 3,17          # some of them
    python tools/mutate.py --tests tests/test_decisions.py tests/test_thresholds_ceiling.py

Standard library only. Runs the faults one after another (one pytest process at a time).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
ASSESS = ROOT / "src" / "releasecheck" / "assess"
BACKUP_SUFFIX = ".mutate-original"


@dataclass(frozen=True)
class Fault:
    file: str  # relative to src/releasecheck/assess/
    original: str
    replacement: str
    description: str
    equivalent: str | None = None  # why no test can tell the difference, for a known equivalent mutant

    @property
    def path(self) -> Path:
        return ASSESS / self.file


F = Fault
FAULTS: tuple[Fault, ...] = (
    # --- levels.py -------------------------------------------------------------------------------
    F("levels.py", "return a if RANK[a] >= RANK[b] else b", "return a if RANK[a] <= RANK[b] else b",
      "higher() returns the lower level"),
    F("levels.py", "return a if RANK[a] >= RANK[b] else b", "return a if RANK[a] > RANK[b] else b",
      "higher() strict: on a tie returns b",
      equivalent="equal ranks mean equal levels (RANK is one-to-one), so a and b are the same string"),
    # --- evidence.py: steps 1-2 ------------------------------------------------------------------
    F("evidence.py", 'level = "alert" if ev.score >= bench.alert else "low"',
      'level = "alert" if ev.score > bench.alert else "low"', "a benchmark exactly at its alert threshold reads low"),
    F("evidence.py", "if ev.significant and ev.uplift >= rule.ratio:", "if ev.significant and ev.uplift > rule.ratio:",
      "uplift exactly at the ratio does not reach the level"),
    F("evidence.py", "if ev.significant and ev.uplift >= rule.ratio:", "if ev.significant or ev.uplift >= rule.ratio:",
      "uplift: significance no longer needed"),
    F("evidence.py", "return LEVELS[max(RANK[level] - 1, 0)]", "return LEVELS[max(RANK[level], 0)]",
      "an uplift study below the ratio rules out the level above its target, not the target"),
    F("evidence.py", 'worst = ev.elicitation != "safeguards-on"', 'worst = ev.elicitation == "worst-case"',
      "safeguards-off results no longer count as worst case"),
    F("evidence.py", "ev.level,\n        ev.level,\n", "ev.level,\n        None,\n",
      "a threshold determination no longer rules out the levels above it"),
    F("evidence.py", 'elif RANK[reading.establishes] >= RANK["alert"]:', 'elif RANK[reading.establishes] > RANK["alert"]:',
      "a safeguards-on alert no longer counts for weights tiers"),
    F("evidence.py", "can_rule_out_next = any(RANK[above] <= RANK[final.level] for above in ruled_out)",
      "can_rule_out_next = any(RANK[above] < RANK[final.level] for above in ruled_out)",
      "a bound exactly at the level no longer rules out the next level (confidence)"),
    F("evidence.py", "or any(RANK[above] <= RANK[level] for above in ruled_out):",
      "or any(RANK[above] < RANK[level] for above in ruled_out):",
      "cannot-rule-out: a bound exactly at alert no longer rules high out"),
    F("evidence.py", "and not any(r.worst_case for r, _ in counted):", "and not all(r.worst_case for r, _ in counted):",
      "weights safeguards-on rule: any worst-case result read as all"),
    F("evidence.py", "if tier_class in cro.classes:", "if tier_class in CLASSES:",
      "cannot-rule-out ignores the profile's classes (marginal: classes: [])"),
    F("evidence.py", "return [r for r in readings if r.proxy is None or tightest > RANK[r.rules_out_above or",
      "return [r for r in readings if r.proxy is None or tightest >= RANK[r.rules_out_above or",
      "a proxy survives direct evidence that rules out exactly as much"),
    F("evidence.py", "decided = cls in proxy and RANK[proxy[cls].establishes] >= RANK.get(",
      "decided = cls in proxy and RANK[proxy[cls].establishes] > RANK.get(",
      "a proxy that sets the level exactly is not marked as deciding it"),
    F("evidence.py", "and most is not None and most < floor:", "and most is not None and most <= floor:",
      "compute exactly at the required-domains floor no longer requires the domains"),
    F("evidence.py", "    if required:\n        return proxy\n", "    if True:\n        return proxy\n",
      "a domain that is not required takes a level by comparison where its own evidence says nothing"),
    F("evidence.py", "by_modality = any(mod in rule.modalities for mod in card.model.modalities)",
      "by_modality = all(mod in rule.modalities for mod in card.model.modalities)",
      "required domains by modality: any modality read as all"),
    # --- marginal.py: step 3 ---------------------------------------------------------------------
    F("marginal.py", 'marginal = "none" if excess <= rule.margin else', 'marginal = "none" if excess < rule.margin else',
      "an excess exactly at the margin is slight"),
    F("marginal.py", '"slight" if excess <= rule.significance else', '"slight" if excess < rule.significance else',
      "an excess exactly at the significance margin is significant"),
    F("marginal.py", "all(e <= -rule.margin for e in excesses)", "all(e < -rule.margin for e in excesses)",
      "exactly the margin under the frontier is not below"),
    F("marginal.py", "all(e <= -rule.margin for e in excesses)", "any(e <= -rule.margin for e in excesses)",
      "below: one comparison under the frontier is enough"),
    F("marginal.py", "if len(pairs) >= rule.min_below and", "if len(pairs) > rule.min_below and",
      "below needs one comparison more than min_below"),
    F("marginal.py", "if len(pairs) < rule.min_general:", "if len(pairs) <= rule.min_general:",
      "exactly min_general general comparisons are not enough"),
    F("marginal.py", "if alert is not None and pair.model < alert:", "if alert is not None and pair.model <= alert:",
      "a score exactly at the alert threshold adds nothing that counts"),
    F("marginal.py", "return min(raw, 0.0)", "return max(raw, 0.0)",
      "a deficit below the alert threshold no longer counts toward below"),
    F("marginal.py", "excess = max(excesses)", "excess = min(excesses)", "the excess is the smallest, not the largest"),
    F("marginal.py", 'return "*" in targets or domain in targets', 'return "*" in targets and domain in targets',
      "bears_on: the wildcard no longer bears on every domain"),
    F("marginal.py", "own = list(comps.domains.get(domain, ())) + specific",
      "own = list(comps.domains.get(domain, ())) + []",
      "a domain-specific benchmark listed as general is not a domain comparison"),
    F("marginal.py", "return all((getattr(steps, name)", "return any((getattr(steps, name)",
      "the six-step assessment counts as complete with one step written"),
    # --- catalogue.py: the open frontier ---------------------------------------------------------
    F("catalogue.py", "if x.openly_available and (date is None or x.released < date)",
      "if x.openly_available and (date is None or x.released <= date)",
      "a model released on the card's date joins the open frontier"),
    F("catalogue.py", "if x.openly_available and (date is None", "if (date is None",
      "models that are not openly available set the frontier"),
    F("catalogue.py", "if key not in best or score.score > best[key][0]:",
      "if key not in best or score.score < best[key][0]:",
      "the frontier keeps the worst open score, not the best"),
    F("catalogue.py", "return max(options, key=lambda o: o[0]) if options else None",
      "return min(options, key=lambda o: o[0]) if options else None",
      "the frontier takes the lower of the card's figure and the catalogue's"),
    F("catalogue.py", "return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])",
      "return dt.date(parts[0], parts[1], 1)", "a year-month counts from its first day, not its last"),
    # --- proxy.py: levels by comparison ----------------------------------------------------------
    F("proxy.py", "return (level, candidate) if RANK[level] <= RANK[rule.max_level] else None",
      "return (level, candidate) if RANK[level] < RANK[rule.max_level] else None",
      "a reference exactly at max_level is not a safe reference"),
    F("proxy.py", "return gap is not None and all(round(ref - own, 9) >= gap",
      "return gap is not None and all(round(ref - own, 9) > gap", "exactly clearly_below under is not clearly below"),
    F("proxy.py", "return gap is not None and all(", "return gap is not None and any(",
      "clearly below on one benchmark is enough"),
    F("proxy.py", "if len(comps) < rule.min_benchmarks:", "if len(comps) <= rule.min_benchmarks:",
      "the card's reference needs one benchmark more than min_benchmarks"),
    F("proxy.py", "round(x.model_score - x.reference_score, 9) > rule.margin]",
      "round(x.model_score - x.reference_score, 9) >= rule.margin]",
      "the card's reference: exactly the margin above no longer qualifies"),
    F("proxy.py", "if any(round(own[b][0] - ref[b].score, 9) > rule.margin for b in shared):",
      "if any(round(own[b][0] - ref[b].score, 9) >= rule.margin for b in shared):",
      "a catalogue reference: exactly the margin above no longer qualifies"),
    F("proxy.py", "if date is not None and entry.released >= date:", "if date is not None and entry.released > date:",
      "a catalogue model released on the card's date serves as a reference"),
    F("proxy.py", "if date is None or when < date}", "if date is None or when <= date}",
      "a determination published on the card's date counts"),
    F("proxy.py", "if len(shared) < rule.min_benchmarks:", "if len(shared) <= rule.min_benchmarks:",
      "a catalogue reference needs one shared benchmark more than min_benchmarks"),
    F("proxy.py", "cls: min((o[cls] for o in options", "cls: max((o[cls] for o in options",
      "of the card's and the catalogue's references the riskier bounds the model"),
    F("proxy.py", "hosted = min(options, key=lambda o: o[0])", "hosted = max(options, key=lambda o: o[0])",
      "hosted tiers take the riskiest qualifying catalogue determination"),
    F("proxy.py", "weights = min((o for o in options if o[3])", "weights = min((o for o in options)",
      "a safeguards-on catalogue determination counts for weights tiers"),
    F("proxy.py", "if key not in out or score > out[key][0]:", "if key not in out or score < out[key][0]:",
      "a benchmark listed twice compares its lowest score"),
    F("proxy.py", "return rule.clearly_below_levels.get(level, level) if clearly else level",
      "return rule.clearly_below_levels.get(level, level) if not clearly else level",
      "the clearly-below level is taken when the model is not clearly below"),
    # --- ceiling.py: step 4 ----------------------------------------------------------------------
    F("ceiling.py", "return rubric.tier_rank[tier] <= rubric.tier_rank[limit]",
      "return rubric.tier_rank[tier] < rubric.tier_rank[limit]", "a domain no longer permits the tier at its limit"),
    F("ceiling.py", "if rule.worst_case_evidence and not dom.has_worst_case:",
      "if rule.worst_case_evidence and not True:", "footnote 1 no longer needs worst-case evidence"),
    F("ceiling.py", "if rule.assessment_complete and not assessment_complete(card):",
      "if rule.assessment_complete and not True:", "footnote 1 no longer needs the six-step assessment"),
    F("ceiling.py", 'if not dom.required and dom.level(tier_class) in ("unknown", "low"):',
      'if not dom.required or dom.level(tier_class) in ("unknown", "low"):',
      "an unknown required domain no longer limits the tier (and/or)"),
    # --- controls.py: step 5 ---------------------------------------------------------------------
    F("controls.py", "SECURITY.index(value) >= SECURITY.index(at_least)", "SECURITY.index(value) > SECURITY.index(at_least)",
      "weight security exactly at the floor is absent"),
    F("controls.py", 'if value is None or value == "unknown":', "if value is None:",
      "a control documented `unknown` counts as absent, not undocumented"),
    F("controls.py", "return IN_PLACE if value else ABSENT", "return ABSENT if value else IN_PLACE",
      "provenance: a listed measure is absent, none is in place"),
    F("controls.py", "state = IN_PLACE if IN_PLACE in states else", "state = IN_PLACE if states == {IN_PLACE} else",
      "any_of read as all_of"),
    F("controls.py", "UNDOCUMENTED if UNDOCUMENTED in states else ABSENT", "ABSENT if ABSENT in states else UNDOCUMENTED",
      "any_of: absent wins over undocumented"),
    F("controls.py", "if not gaps and still_climbing:", "if not gaps:",
      "a pillar level no longer needs the levels below it"),
    F("controls.py", "sorted(pillar.levels, key=lambda s: s.level)", "sorted(pillar.levels, key=lambda s: -s.level)",
      "pillar levels climbed from the top"),
    # --- requirements.py: step 6 -----------------------------------------------------------------
    F("compute.py", "return self.flop > threshold", "return self.flop >= threshold",
      "compute exactly at a requirement's threshold brings it"),
    F("compute.py", "return self.undisclosed_counts and threshold <= assumed_ceiling",
      "return self.undisclosed_counts and threshold < assumed_ceiling",
      "undisclosed compute no longer brings the 1e25 requirements"),
    F("compute.py", "return self.bound is None or self.bound > threshold",
      "return self.bound is None or self.bound >= threshold",
      "a parameter bound exactly at a threshold presumes the compute above it"),
    F("compute.py", "if rule.flop_per_parameter is None or not params:",
      "if rule.flop_per_parameter is None or params is None:",
      "a zero parameter count bounds undisclosed compute at zero"),
    F("compute.py", "is not None or implausible_count(card, rule):", "is not None:",
      "a parameter count under the minimum (a slip of units) bounds compute"),
    F("compute.py", "return params is not None and 0 < params < rule.min_parameters",
      "return params is not None and 0 < params <= rule.min_parameters", "a count exactly at the minimum is warned about"),
    F("compute.py", "return figure is not None and allowed is not None and float(figure) > allowed", "return False",
      "a disclosed figure beyond the parameter bound passes without a warning"),
    F("evidence.py", "most = float(compute) if compute is not None else bound", "most = float(compute) if compute is not None else None",
      "the parameter bound ignored for required domains"),
    F("recommend.py", "elif compute.undisclosed_counts and compute.may_exceed(rule.above_flop):",
      "elif compute.undisclosed_counts:", "obligations above the parameter bound listed to check"),
    F("requirements.py", "return float(thresholds[0]) if thresholds else 0.0",
      "return float(thresholds[-1]) if thresholds else 0.0",
      "undisclosed compute is assumed above the highest threshold (1e26), not the lowest"),
    F("requirements.py", "if rule.at_least is not None and RANK[governing] < RANK[rule.at_least]:",
      "if rule.at_least is not None and RANK[governing] <= RANK[rule.at_least]:",
      "a requirement no longer applies exactly at its level"),
    F("requirements.py", "if rule.model_kinds and card.model.kind not in rule.model_kinds:\n        return False",
      "if not rule.model_kinds and card.model.kind not in rule.model_kinds:\n        return False",
      "a requirement's model_kinds ignored"),
    F("requirements.py", "return when is None or available_by(rule.in_force) <= when",
      "return when is None or available_by(rule.in_force) < when",
      "a requirement is not in force on its date in force"),
    F("requirements.py", "return when is None or available_by", "return when is not None and available_by",
      "an undated card (no today) escapes dated requirements"),
    F("requirements.py", "cap = rule.unknown_with_no_marginal_risk if marginal in NOTHING_ADDED else rule.unknown_otherwise",
      "cap = rule.unknown_otherwise if marginal in NOTHING_ADDED else rule.unknown_with_no_marginal_risk",
      "an unknown domain's governing level swapped"),
    F("requirements.py", "elif RANK[found] > RANK[cap] and", "elif RANK[found] < RANK[cap] and",
      "a proxy-only level is no longer capped for requirements"),
    F("requirements.py", "if not rule.domains or domain in rule.domains:", "if not rule.domains and domain in rule.domains:",
      "a requirement without domains counts no domain"),
    F("requirements.py", "other = rule.deployment and planned is not None and tier != planned",
      "other = rule.deployment and planned is not None and tier == planned",
      "an absent deployment safeguard blocks the other tiers, not the planned one"),
    F("requirements.py", "if rule.id in waived:", "if rule.id not in waived:", "waivers inverted"),
    F("requirements.py", 'evaluations[r.index].elicitation == "worst-case"',
      'evaluations[r.index].elicitation != "safeguards-on"', "safeguards-off results count as adversarial evidence"),
    F("requirements.py", "if level is None or RANK[level] < floor:", "if level is None or RANK[level] <= floor:",
      "a domain exactly at the frontier rule's level is not concerned"),
    F("requirements.py", "if not rule.marginal or fact.marginal in rule.marginal:",
      "if not rule.marginal or fact.marginal not in rule.marginal:",
      "the frontier rule applies where the release adds nothing, not where it advances"),
    F("requirements.py", "        level = governing.get(domain)\n",
      "        level = governing.get(domain) if fact.evidence.level(tier_class) != \"unknown\" else None\n",
      "a required domain without evidence is left out of the frontier rule (evidence of alert then costs a tier)"),
    F("requirements.py", "        level = governing.get(domain)\n", "        level = governing.get(domain, \"high\")\n",
      "a volunteered hosted-only result in a domain that is not required brings the frontier rule"),
    F("requirements.py", "and not any(counts_for_class(r, tier_class) for r in dom.readings):",
      "and not dom.readings:",
      "a proxy-decided level beside a result that does not count for the class is not capped for requirements"),
    F("requirements.py", "elif RANK[found] > RANK[cap] and not any(",
      "elif RANK[found] > RANK[cap] and marginal in NOTHING_ADDED and not any(",
      "a proxy-only level is capped for requirements only where the release adds nothing"),
    # --- recommend.py: steps 7-10 ----------------------------------------------------------------
    F("recommend.py", "permitted = rubric.tier_rank[tier] <= rubric.tier_rank[ceiling]",
      "permitted = rubric.tier_rank[tier] < rubric.tier_rank[ceiling]", "the ceiling tier itself is not permitted"),
    F("recommend.py", "return self.permitted and not any(", "return self.permitted or not any(",
      "a tier above the ceiling is available when no safeguard blocks it"),
    F("recommend.py", "if status.available and status.tier != rubric.tier_order[0]:",
      "if status.ready and status.tier != rubric.tier_order[0]:",
      "recommendation needs every condition met (ready), not only no block"),
    F("recommend.py", "ready = permitted and not blockers and not conditions", "ready = permitted and not blockers",
      "a tier with conditions counts as ready"),
    F("recommend.py", "if rank[planned] > rank[ceiling]:", "if rank[planned] >= rank[ceiling]:",
      "planned exactly at the ceiling fails"),
    F("recommend.py", "elif rank[planned] > rank[recommended] or not status.available:",
      "elif rank[planned] >= rank[recommended] or not status.available:",
      "planned exactly at the recommendation is conditional"),
    F("recommend.py", "    elif status.conditions:\n", "    elif not status.conditions:\n",
      "a planned tier with conditions passes"),
    F("recommend.py", "third_party = any(card.evaluations[i].performed_by", "third_party = all(card.evaluations[i].performed_by",
      "high confidence needs every result third-party"),
    F("recommend.py", "elif every_some and can_rule_out and third_party and any(d.proxy for d in required):",
      "elif every_some and can_rule_out and third_party and all(d.proxy for d in required):",
      "a proxy caps confidence only when every domain is a proxy"),
    F("recommend.py", "elif every_some and can_rule_out and third_party:", "elif every_some and can_rule_out:",
      "high confidence without a third-party result"),
    F("recommend.py", "_CONFIDENCE.index(level) >= _CONFIDENCE.index(minimum)",
      "_CONFIDENCE.index(level) > _CONFIDENCE.index(minimum)", "confidence exactly at --min-confidence is not enough"),
    F("recommend.py", "if compute.flop <= rule.above_flop:", "if compute.flop < rule.above_flop:",
      "compute exactly at an obligation's threshold brings it (> made >=)"),
    F("recommend.py", "return available_by(effective) > when", "return available_by(effective) >= when",
      "an obligation is not in force on its effective date"),
    # --- engine.py -------------------------------------------------------------------------------
    F("engine.py", "counts = figure is None and card.model.kind in rule.model_kinds", "counts = figure is None",
      "the undisclosed-compute rule applied to every kind"),
    # --- stances.py and trail.py -----------------------------------------------------------------
    F("stances.py", "robust = len(tiers) == 1", "robust = len(tiers) >= 1", "every stance comparison robust"),
    F("stances.py", "!= (b.ceiling_tier, b.recommended_tier, b.decision):", "== (b.ceiling_tier, b.recommended_tier, b.decision):",
      "dividing rules looked for between profiles that agree"),
    F("trail.py", "if once and entry in self.entries:", "if entry in self.entries:",
      "every repeated trail entry dropped, not only those marked once"),
)  # fmt: skip

DEFAULT_TESTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_thresholds_*.py"))


def check_snippets(faults: Sequence[Fault]) -> list[str]:
    """Every fault's snippet occurs exactly once in its file: else the list has rotted."""
    problems = []
    for number, fault in enumerate(faults, 1):
        count = fault.path.read_text(encoding="utf-8").count(fault.original) if fault.path.exists() else -1
        if count != 1:
            where = "file missing" if count < 0 else f"found {count} times"
            problems.append(
                f"fault {number} ({fault.file}: {fault.description}): snippet {where}:\n    {fault.original!r}"
            )
    return problems


def _line(fault: Fault) -> int:
    text = fault.path.read_text(encoding="utf-8")
    return text[: text.index(fault.original)].count("\n") + 1


def _drop_bytecode(path: Path) -> None:
    for cached in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
        cached.unlink(missing_ok=True)


def _backup(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def restore_leftovers() -> list[Path]:
    """Files a killed earlier run left mutated: put the originals back from their backups."""
    found = sorted(ASSESS.glob(f"*{BACKUP_SUFFIX}"))
    for backup in found:
        original = backup.with_name(backup.name.removesuffix(BACKUP_SUFFIX))
        original.write_bytes(backup.read_bytes())
        _drop_bytecode(original)
        backup.unlink()
    return found


@contextmanager
def applied(fault: Fault) -> Iterator[None]:
    """The fault written into its file; the original restored on leaving, however the block ends."""
    path = fault.path
    original = path.read_bytes()
    stat = path.stat()
    backup = _backup(path)
    backup.write_bytes(original)
    try:
        text = original.decode("utf-8")
        path.write_text(text.replace(fault.original, fault.replacement, 1), encoding="utf-8")
        _drop_bytecode(path)  # never run a stale compiled copy of either version
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        _drop_bytecode(path)
        backup.unlink(missing_ok=True)


def run_tests(tests: Sequence[str], timeout: float) -> tuple[bool, float]:
    """(passed, seconds) of the selection in a fresh interpreter that writes no bytecode."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HYPOTHESIS_PROFILE": "ci"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *tests]
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - start  # a fault that hangs the tests is noticed
    return done.returncode == 0, time.monotonic() - start


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through `applied`, which restores the file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tests", nargs="+", default=DEFAULT_TESTS, help="test files or node ids to run per fault")
    parser.add_argument("--only", help="comma-separated fault numbers (see --list)")
    parser.add_argument("--list", action="store_true", help="list the faults and exit")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per fault before it counts as killed")
    args = parser.parse_args(argv)

    for path in restore_leftovers():
        print(f"restored {path.name.removesuffix(BACKUP_SUFFIX)} from a run that was stopped", file=sys.stderr)
    problems = check_snippets(FAULTS)
    if problems:
        print("the fault list no longer matches the code:\n" + "\n".join(problems), file=sys.stderr)
        return 2
    chosen = list(enumerate(FAULTS, 1))
    if args.only:
        wanted = {int(n) for n in args.only.split(",")}
        chosen = [(n, f) for n, f in chosen if n in wanted]
    if args.list:
        for number, fault in chosen:
            mark = "  (equivalent)" if fault.equivalent else ""
            print(f"{number:3} {fault.file}:{_line(fault)}  {fault.description}{mark}")
        return 0

    signal.signal(signal.SIGTERM, _terminate)
    print(f"tests: {' '.join(args.tests)}")
    passed, seconds = run_tests(args.tests, args.timeout)
    if not passed:
        print("the test selection fails without any fault: fix that first", file=sys.stderr)
        return 2
    print(f"baseline passes ({seconds:.1f} s); {len(chosen)} faults, one at a time")

    killed: list[int] = []
    survived: list[int] = []
    try:
        for number, fault in chosen:
            line = _line(fault)
            with applied(fault):
                passed, seconds = run_tests(args.tests, args.timeout)
            (survived if passed else killed).append(number)
            verdict = "SURVIVED" if passed else "killed"
            print(f"{number:3} {verdict:8} {seconds:5.1f}s  {fault.file}:{line}  {fault.description}", flush=True)
    except KeyboardInterrupt:
        print("\nstopped; every file restored", file=sys.stderr)
        return 130
    return report(chosen, killed, survived)


def report(chosen: list[tuple[int, Fault]], killed: list[int], survived: list[int]) -> int:
    faults = dict(chosen)
    unexplained = [n for n in survived if not faults[n].equivalent]
    wrongly_equivalent = [n for n in killed if faults[n].equivalent]
    total = len(chosen)
    print(f"\nkill rate: {len(killed)}/{total} = {100 * len(killed) / total:.1f}%", end="")
    equivalent = [n for n in survived if faults[n].equivalent]
    if equivalent:
        rate = 100 * len(killed) / (total - len(equivalent))
        print(f" ({rate:.1f}% of the {total - len(equivalent)} faults that are not equivalent)", end="")
    print()
    for n in equivalent:
        print(f"  survived, equivalent: {n} {faults[n].description}: {faults[n].equivalent}")
    for n in unexplained:
        print(f"  SURVIVED, not explained: {n} {faults[n].file}: {faults[n].description}")
    for n in wrongly_equivalent:
        print(f"  KILLED but marked equivalent: {n} {faults[n].description} (the reason is wrong)")
    return 1 if unexplained or wrongly_equivalent else 0


if __name__ == "__main__":
    sys.exit(main())
