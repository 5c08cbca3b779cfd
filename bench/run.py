"""Benchmarks of SPEC §9 "Speed", as ratios measured side by side in one run.

    python bench/run.py [--quick] [--runs N] [--cards N] [--seed S] [--pythonpath DIR] [--results FILE]

(a) cold start: ``releasecheck check CARD --format json`` against
    ``check-jsonschema --schemafile schemas/card.schema.json CARD``, alternating fresh processes.
(b) batch: ``releasecheck check DIR -f jsonl --no-timestamp --jobs 1`` and ``--jobs 2`` against a
    plain one-process loop that only parses the same files with ``yaml.CSafeLoader``.
(c) memory: peak RSS of a 10,000-card batch against a 100-card batch (``--jobs 1``).

Every figure is a median of alternating runs; the tools are the ones installed next to
``sys.executable`` (the venv this script runs in). Prints a table, writes a Markdown report
(bench/RESULTS.md for a full run, bench/out/RESULTS-quick.md for --quick) and exits 0 whatever
the result: it is a report, not a test. Missed targets are listed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import platform
import pstats
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SCHEMA = ROOT / "schemas" / "card.schema.json"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (bench/generate.py, next to this file)

PARSE_LOOP = """\
import pathlib, sys, yaml
loader = yaml.CSafeLoader
count = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=loader)
    count += 1
print(count)
"""


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_kib: int
    rc: int


@dataclass
class Series:
    label: str
    cmd: list[str]
    env: dict[str, str]
    runs: list[Run] = field(default_factory=list)

    @property
    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    def median(self) -> float:
        return statistics.median(self.walls)

    def median_rss(self) -> float:
        return statistics.median(r.maxrss_kib for r in self.runs)

    def rcs(self) -> list[int]:
        return sorted({r.rc for r in self.runs})

    def spread(self) -> str:
        w = sorted(self.walls)
        return f"{w[0]:.3f}-{w[-1]:.3f} s (n={len(w)}), CPU median {statistics.median(r.cpu for r in self.runs):.3f} s"


@dataclass
class Row:
    measure: str
    ours: str
    base: str
    ratio: float | None
    target: str
    ok: bool | None
    note: str = ""

    @property
    def met(self) -> str:
        if self.ok is None:
            return "n/a" + (f" ({self.note})" if self.note else "")
        return ("yes" if self.ok else "NO") + (f" ({self.note})" if self.note else "")


def run_once(cmd: list[str], env: dict[str, str]) -> Run:
    """One fresh process; wall time, CPU and peak RSS of it (and of any workers it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


def alternate(series: list[Series], runs: int, warmup: int = 1) -> None:
    """Run the commands in turn, the order rotating each round so drift hits all alike."""
    for _ in range(warmup):
        for s in series:
            run_once(s.cmd, s.env)
    for round_ in range(runs):
        shift = round_ % len(series)
        for s in series[shift:] + series[:shift]:
            s.runs.append(run_once(s.cmd, s.env))
            print(f"  {s.label}: {s.runs[-1].wall:.3f} s", file=sys.stderr)


def tool(name: str) -> Path | None:
    path = BIN / name
    return path if path.exists() else None


def capture(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"({err})"
    return (done.stdout or done.stderr).strip()


def stamp_of(count: int, seed: int, object_form: bool) -> str:
    digest = hashlib.sha256()
    for path in (HERE / "generate.py", generate.RUBRIC / "benchmarks.yaml", generate.RUBRIC / "domains.yaml"):
        digest.update(path.read_bytes())
    digest.update(f"{count}:{seed}:{object_form}".encode())
    return digest.hexdigest()


def cards(count: int, seed: int, object_form: bool = False) -> Path:
    """Generated cards, cached under bench/out/ and regenerated when the generator or rubric changes."""
    folder = OUT / f"cards-{count}-seed{seed}{'-object' if object_form else ''}"
    stamp = folder / ".stamp"
    want = stamp_of(count, seed, object_form)
    if stamp.exists() and stamp.read_text() == want:
        return folder
    print(f"generating {count} cards into {folder} ...", file=sys.stderr)
    if folder.exists():
        for old in folder.glob("*.yaml"):
            old.unlink()
    generate.generate(folder, count, seed, object_form)
    stamp.write_text(want)
    return folder


def cold_card(seed: int, object_form: bool) -> Path:
    """A typical card: the first of the seed's cards within 4-5 KB (same index in both forms)."""
    folder = OUT / f"cold-seed{seed}"
    benchmarks, domains = generate._load_rubric()
    for index in range(1000):
        text = generate.generate_card(seed, index, benchmarks, domains, False)
        if 4000 <= len(text.encode()) <= 5000:
            break
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"card-{index:05d}{'-object' if object_form else ''}.yaml"
    path.write_text(generate.generate_card(seed, index, benchmarks, domains, object_form), encoding="utf-8")
    return path


def cpu_ratio(ours: Series, base: Series) -> float:
    return statistics.median(r.cpu for r in ours.runs) / statistics.median(r.cpu for r in base.runs)


def fmt_s(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def fmt_mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


@dataclass
class Import:
    self_us: int
    cum_us: int
    name: str
    children: list[Import] = field(default_factory=list)


def importtime(cmd: list[str], env: dict[str, str]) -> list[Import]:
    """The import tree of one run under -X importtime (children are printed before their parent)."""
    env = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    pending: dict[int, list[Import]] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, raw_name = line.removeprefix("import time:").split("|", 2)
        depth = (len(raw_name) - len(raw_name.lstrip(" ")) - 1) // 2
        node = Import(int(self_us), int(cum_us), raw_name.strip(), pending.pop(depth + 1, []))
        pending.setdefault(depth, []).append(node)
    return pending.get(0, [])


def import_tree(nodes: list[Import], threshold_us: int, depth: int = 0) -> list[str]:
    lines = []
    for node in sorted(nodes, key=lambda n: -n.cum_us):
        if node.cum_us < threshold_us:
            continue
        lines.append(f"{node.cum_us / 1000:8.1f} {node.self_us / 1000:8.1f}  {'  ' * depth}{node.name}")
        lines.extend(import_tree(node.children, threshold_us, depth + 1))
    return lines


def flatten(nodes: list[Import]) -> list[Import]:
    return [m for node in nodes for m in (node, *flatten(node.children))]


def profile(args: list[str], env: dict[str, str], top: int = 20) -> tuple[str, str]:
    """One cold run under cProfile: the top functions by own time, and by cumulative time outside import machinery."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prof"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "releasecheck", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
        )
        if not out.exists():
            return "(profile failed)", "(profile failed)"
        stats = pstats.Stats(str(out), stream=io.StringIO())
    table = stats.stats  # type: ignore[attr-defined]

    def where(key: tuple[str, int, str]) -> str:
        filename, line, func = key
        if filename == "~":
            return func
        parts = Path(filename).parts
        short = "/".join(parts[-2:]) if len(parts) > 1 else filename
        return f"{short}:{line}({func})"

    machinery = ("<frozen", "runpy", "click/", "typer/main.py", "cProfile", "profile")
    rows = [(key, value) for key, value in table.items() if not any(m in key[0] for m in machinery)]
    rows = [
        (k, v)
        for k, v in rows
        if k[2] not in ("<built-in method builtins.exec>", "<built-in method builtins.__import__>")
    ]
    by_own = sorted(rows, key=lambda kv: -kv[1][2])[:top]
    by_cum = sorted(
        (kv for kv in rows if kv[0][2] not in ("<module>", "<built-in method builtins.__build_class__>")),
        key=lambda kv: -kv[1][3],
    )[:top]
    fmt = "{:>9} {:>9} {:>8}  {}"
    head = fmt.format("own [s]", "cum [s]", "calls", "function")
    own = "\n".join([head, *(fmt.format(f"{v[2]:.4f}", f"{v[3]:.4f}", v[1], where(k)) for k, v in by_own)])
    cum = "\n".join([head, *(fmt.format(f"{v[2]:.4f}", f"{v[3]:.4f}", v[1], where(k)) for k, v in by_cum)])
    return own, cum


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    return {
        "uname -a": capture(["uname", "-a"]) or " ".join(platform.uname()),
        "nproc": capture(["nproc"]) or str(os.cpu_count()),
        "cpu": cpu or platform.processor(),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "pyyaml": f"{yaml.__version__}, libyaml {'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}",
        "date": dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def git_state() -> str:
    head = capture(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = capture(["git", "--no-optional-locks", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def linked_cards(count: int, seed: int, base: Path) -> Path:
    """`count` cards as hard links to the 1,000 generated ones (card i is card i mod 1000): a folder
    of any size in seconds and no extra disk; every card is still found, read and checked."""
    folder = OUT / f"cards-{count}-linked-seed{seed}"
    stamp = folder / ".stamp"
    want = stamp_of(count, seed, False) + (base / ".stamp").read_text()
    if stamp.exists() and stamp.read_text() == want:
        return folder
    print(f"linking {count} cards into {folder} ...", file=sys.stderr)
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(base.glob("*.yaml"))
    for index in range(count):
        target = folder / f"card-{index:07d}.yaml"
        if not target.exists():
            os.link(sources[index % len(sources)], target)
    stamp.write_text(want)
    return folder


def scale_rows(releasecheck: Path, env: dict[str, str], count: int, seed: int) -> tuple[list[Row], list[str]]:
    """Issue 18's memory target: peak RSS of a `count`-card batch against a 1,000-card one (one run
    each, alternated once: peak RSS does not depend on load)."""
    base = cards(1000, seed)
    big = linked_cards(count, seed, base)
    series = [
        Series(
            f"check {n} cards --jobs 1", [str(releasecheck), "check", str(folder), "-f", "jsonl", "--no-timestamp"], env
        )
        for n, folder in ((1000, base), (count, big))
    ]
    print(f"(e) {count:,}-card batch for peak RSS, one run ...", file=sys.stderr)
    alternate(series, 1, warmup=0)
    small, large = series
    ratio = large.median_rss() / small.median_rss()
    row = Row(
        f"(e) peak RSS, {count:,}-card vs 1,000-card batch (`-f jsonl --jobs 1`, issue 18)",
        fmt_mib(large.median_rss()),
        fmt_mib(small.median_rss()),
        ratio,
        "<= 1.2x",
        ratio <= 1.2 and large.rcs() == [1],
    )
    detail = (
        f"- (e) {count:,} cards = hard links to the 1,000 generated cards of `{base.relative_to(ROOT)}` in one flat folder "
        f"`{big.relative_to(ROOT)}`; {large.label}: {large.spread()}, {count / large.runs[0].cpu:.0f} cards per CPU-second, exit {large.rcs()}"
    )
    return [row], [detail]


def projection_rows(batch: int, one: Series, two: Series, parse: Series) -> tuple[list[Row], list[str]]:
    """Issue 18: per-core throughput from CPU time, and what 2,000,000 cards take on two cores."""
    per_core = batch / statistics.median(r.cpu for r in two.runs)  # the --jobs 2 run's CPU, parent included
    projected = 2_000_000 / (2 * per_core)
    measured = 2_000_000 * two.median() / batch
    rows = [
        Row(
            "(d) projected 2,000,000-card scan on 2 idle cores (`--jobs 2`, from CPU per card)",
            f"{projected / 60:.1f} min",
            "15 min",
            projected / 900,
            "< 1x",
            projected < 900,
        ),
        Row(
            f"(b') {batch:,}-card batch `-f jsonl --jobs 1` vs CSafeLoader loop (issue 18 target)",
            fmt_s(one.median()),
            fmt_s(parse.median()),
            one.median() / parse.median(),
            "<= 1.0x",
            one.median() / parse.median() <= 1.0,
        ),
    ]
    details = [
        f"- (d) per-core throughput: {per_core:.0f} cards per CPU-second with --jobs 2 (parent and workers), "
        f"{batch / statistics.median(r.cpu for r in one.runs):.0f} with --jobs 1, "
        f"{batch / statistics.median(r.cpu for r in parse.runs):.0f} for the bare parse loop; "
        f"2,000,000 cards at this run's --jobs 2 wall time (machine as loaded as it was): {measured / 60:.1f} min"
    ]
    return rows, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs and a 2,000-card batch (default: 10 and 10,000)")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 10, quick 3)")
    parser.add_argument("--cards", type=int, help="batch size for (b) and (c) (default 10000, quick 2000)")
    parser.add_argument("--small", type=int, default=100, help="the small batch of (c) (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scale", type=int, help="the big batch of (e), peak RSS against 1,000 cards (default 200000; quick: skipped)"
    )
    parser.add_argument(
        "--pythonpath", help="prepend DIR to PYTHONPATH of the releasecheck runs (e.g. a clean snapshot's src/)"
    )
    parser.add_argument(
        "--results",
        type=Path,
        help="where to write the report (default bench/RESULTS.md; quick: bench/out/RESULTS-quick.md)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 10)
    batch = args.cards or (2000 if args.quick else 10_000)
    results = args.results or (OUT / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    command = "python bench/run.py" + "".join(f" {shlex.quote(a)}" for a in (sys.argv[1:] if argv is None else argv))

    # Every measured process gets a bytecode cache, as an installed tool has (pip compiles on install):
    # the shell here may say PYTHONDONTWRITEBYTECODE=1, and an editable src/ then recompiles on every
    # start. The cache lives in bench/out/pycache (PYTHONPYCACHEPREFIX) so nothing is written elsewhere.
    ignored = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "NO_COLOR", "PYTHONDEVMODE")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONPROFILE") and k not in ignored}
    base_env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    rc_env = dict(base_env)
    if args.pythonpath:
        rc_env["PYTHONPATH"] = str(Path(args.pythonpath).resolve())
    releasecheck = tool("releasecheck")
    cjs = tool("check-jsonschema")
    if releasecheck is None:
        print(f"error: no releasecheck next to {sys.executable}; install it: pip install -e .", file=sys.stderr)
        return 0
    info = machine()
    load_before = os.getloadavg()
    rows: list[Row] = []
    details: list[str] = []
    started = time.perf_counter()

    # (a) cold start ----------------------------------------------------------------------------
    for object_form in (False, True):
        card = cold_card(args.seed, object_form)
        label = "(a) cold `check CARD -f json` vs check-jsonschema" + (
            " [same card, controls as {value}]" if object_form else ""
        )
        if cjs is None:
            rows.append(
                Row(label, "-", "-", None, "<= 0.75x", None, "check-jsonschema missing: pip install check-jsonschema")
            )
            continue
        ours = Series("releasecheck check -f json", [str(releasecheck), "check", str(card), "--format", "json"], rc_env)
        base = Series("check-jsonschema", [str(cjs), "--schemafile", str(SCHEMA), str(card)], base_env)
        print(f"(a) {card.name} ({card.stat().st_size} B), {runs} runs each ...", file=sys.stderr)
        extra = []
        if not object_form:
            # For the breakdown: the same command without any bytecode cache for releasecheck's own
            # modules (an editable install under PYTHONDONTWRITEBYTECODE=1); libraries keep theirs.
            nopyc_env = {k: v for k, v in rc_env.items() if k != "PYTHONPYCACHEPREFIX"}
            nopyc_env["PYTHONDONTWRITEBYTECODE"] = "1"
            extra = [Series("releasecheck, source compiled every start", ours.cmd, nopyc_env)]
        alternate([ours, base, *extra], runs)
        ratio = ours.median() / base.median()
        invalid = any(rc not in (0, 1) for rc in ours.rcs())
        note = (
            f"releasecheck exit {ours.rcs()}"
            if invalid
            else ("baseline rejected the card" if 0 not in base.rcs() else "")
        )
        rows.append(
            Row(
                label,
                fmt_s(ours.median()),
                fmt_s(base.median()),
                ratio,
                "<= 0.75x",
                None if invalid else ratio <= 0.75,
                note,
            )
        )
        rows.append(
            Row(
                label + " (issue 18)",
                fmt_s(ours.median()),
                fmt_s(base.median()),
                ratio,
                "<= 0.6x",
                None if invalid else ratio <= 0.6,
            )
        )
        details.append(
            f"- (a) card `{card.relative_to(ROOT)}` ({card.stat().st_size} B): releasecheck {ours.spread()}, exit {ours.rcs()}; "
            f"check-jsonschema {base.spread()}, exit {base.rcs()}; CPU-time ratio {cpu_ratio(ours, base):.2f}x"
            + (" (exit 1: the schema rejects this valid card)" if base.rcs() == [1] else "")
        )
        for s in extra:
            details.append(
                f"- (a) without a bytecode cache for releasecheck (PYTHONDONTWRITEBYTECODE=1, no prefix; "
                f"src/__pycache__ {'present' if (ROOT / 'src' / 'releasecheck' / '__pycache__').exists() else 'absent'}): "
                f"{s.spread()}, {s.median() / base.median():.2f}x check-jsonschema"
            )

    # (b) batch ---------------------------------------------------------------------------------
    big = cards(batch, args.seed)
    parse = Series("CSafeLoader parse loop", [sys.executable, "-c", PARSE_LOOP, str(big)], base_env)
    jobs = {
        n: Series(
            f"check --jobs {n}",
            [str(releasecheck), "check", str(big), "-f", "jsonl", "--no-timestamp", "--jobs", str(n)],
            rc_env,
        )
        for n in (1, 2)
    }
    print(f"(b) {batch} cards, {runs} runs each ...", file=sys.stderr)
    alternate([parse, jobs[1], jobs[2]], runs)
    for n, target, test in ((1, "<= 2x", lambda r: r <= 2), (2, "< 1x", lambda r: r < 1)):
        ours = jobs[n]
        ratio = ours.median() / parse.median()
        invalid = any(rc not in (0, 1) for rc in ours.rcs())
        rows.append(
            Row(
                f"(b) {batch:,}-card batch `-f jsonl --jobs {n}` vs CSafeLoader loop",
                fmt_s(ours.median()),
                fmt_s(parse.median()),
                ratio,
                target,
                None if invalid else test(ratio),
                f"releasecheck exit {ours.rcs()}" if invalid else "",
            )
        )
    sizes = [p.stat().st_size for p in big.glob("*.yaml")]
    details.append(
        f"- (b) {batch:,} cards in `{big.relative_to(ROOT)}`, {sum(sizes) / 1e6:.1f} MB, card sizes {min(sizes)}-{max(sizes)} B "
        f"(median {statistics.median(sizes):.0f} B)"
    )
    details.append(f"  - CPU-time ratio, --jobs 1 / parse loop: {cpu_ratio(jobs[1], parse):.2f}x")
    for s in (parse, jobs[1], jobs[2]):
        details.append(
            f"  - {s.label}: {s.spread()}, {batch / s.median():.0f} cards/s, peak RSS {fmt_mib(s.median_rss())}, exit {s.rcs()}"
        )

    # (c) memory --------------------------------------------------------------------------------
    small_dir = cards(args.small, args.seed)
    small = Series(
        f"check {args.small} cards --jobs 1",
        [str(releasecheck), "check", str(small_dir), "-f", "jsonl", "--no-timestamp", "--jobs", "1"],
        rc_env,
    )
    print(f"(c) {args.small}-card batch, {runs} runs ...", file=sys.stderr)
    alternate([small], runs)
    ratio = jobs[1].median_rss() / small.median_rss()
    rows.append(
        Row(
            f"(c) peak RSS, {batch:,}-card vs {args.small}-card batch (`--jobs 1`)",
            fmt_mib(jobs[1].median_rss()),
            fmt_mib(small.median_rss()),
            ratio,
            "<= 1.5x",
            ratio <= 1.5,
        )
    )
    details.append(
        f"- (c) peak RSS from wait4() of each run (the batch runs of (b) for {batch:,} cards): {args.small} cards "
        f"{fmt_mib(small.median_rss())} (range {fmt_mib(min(r.maxrss_kib for r in small.runs))}-"
        f"{fmt_mib(max(r.maxrss_kib for r in small.runs))}); --jobs 2 largest single process {fmt_mib(jobs[2].median_rss())}"
    )

    # issue 18: projection to a two-million-card hub, and memory at scale --------------------------
    more_rows, more_details = projection_rows(batch, jobs[1], jobs[2], parse)
    rows += more_rows
    details += more_details
    scale = args.scale if args.scale is not None else (0 if args.quick else 200_000)
    if scale:
        more_rows, more_details = scale_rows(releasecheck, rc_env, scale, args.seed)
        rows += more_rows
        details += more_details

    # breakdown of the cold start -----------------------------------------------------------
    print("cold-start breakdown ...", file=sys.stderr)
    bare = Series("python -c pass", [sys.executable, "-c", "pass"], base_env)
    alternate([bare], runs)
    card = cold_card(args.seed, False)
    roots = importtime([sys.executable, "-m", "releasecheck", "check", str(card), "-f", "json"], rc_env)
    total = sum(node.cum_us for node in roots) / 1e6
    tree = import_tree(roots, 10_000)
    by_self = sorted(flatten(roots), key=lambda n: -n.self_us)[:15]
    prof_own, prof_cum = profile(["check", str(card), "-f", "json"], rc_env)
    load_after = os.getloadavg()
    elapsed = time.perf_counter() - started

    # report ------------------------------------------------------------------------------------
    header = ["measure", "releasecheck", "baseline", "ratio", "target", "met?"]
    table = [[r.measure, r.ours, r.base, "-" if r.ratio is None else f"{r.ratio:.2f}x", r.target, r.met] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(header)]
    print()
    for line in [header, ["-" * w for w in widths], *table]:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))
    missed = [r for r in rows if r.ok is False]
    unmeasured = [r for r in rows if r.ok is None]
    print()
    for r in missed:
        print(f"MISSED: {r.measure}: {r.ratio:.2f}x, target {r.target}")
    for r in unmeasured:
        print(f"NOT MEASURED: {r.measure}: {r.note}")
    if not missed and not unmeasured:
        print("all targets met")

    busy = statistics.median(r.wall / max(r.cpu, 1e-9) for r in parse.runs)
    warning = (
        f"The machine was busy: the single-process parse loop took {busy:.2f}x its CPU time in wall-clock time "
        f"(load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, on {info['nproc']} CPUs). Wall-clock "
        "ratios are then unreliable, --jobs 2 above all; the CPU-time ratios in Details are steadier."
        if busy > 1.15
        else ""
    )
    if warning:
        print(f"WARNING: {warning}")
    md = [
        '# Benchmark results (SPEC §9 "Speed")',
        "",
        f"Written by `bench/run.py`{' in quick mode' if args.quick else ''}; see bench/README.md for what each ratio means.",
        "",
        "## Machine",
        "",
        *(f"- {k}: `{v}`" for k, v in info.items()),
        f"- load average before / after: {' '.join(f'{x:.2f}' for x in load_before)} / {' '.join(f'{x:.2f}' for x in load_after)}",
        f"- releasecheck: `{capture([str(releasecheck), '--version'], rc_env)}`, code at {git_state()}"
        + (f" (but measured: the code in PYTHONPATH=`{args.pythonpath}`)" if args.pythonpath else ""),
        f"- check-jsonschema: `{capture([str(cjs), '--version']) if cjs else 'not installed'}`",
        f"- command: `{command}` ({runs} runs per measurement, medians; took {elapsed / 60:.1f} min)",
        "",
        "## Results",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(c.replace("|", "\\|") for c in t) + " |" for t in table),
        "",
        *([f"**Warning.** {warning}", ""] if warning else []),
        "Missed: " + ("; ".join(f"{r.measure} ({r.ratio:.2f}x, target {r.target})" for r in missed) or "none") + ".",
        "",
        "## Details",
        "",
        *details,
        "",
        "## Cold-start breakdown",
        "",
        f"- `python -c pass`: {fmt_s(bare.median())} median; the cold check spends "
        f"{total:.3f} s importing (sum of top-level `-X importtime` cumulative, one run)",
        "",
        "Import tree, every import of 10 ms or more (`python -X importtime -m releasecheck check CARD -f json`, one run):",
        "",
        "```",
        f"{'cum [ms]':>8} {'self':>8}  module",
        *tree,
        "```",
        "",
        "Top imports by self time (ms):",
        "",
        "```",
        *(f"{n.self_us / 1000:8.1f}  {n.name}" for n in by_self),
        "```",
        "",
        "One cold check under cProfile (`python -m cProfile -m releasecheck check CARD -f json`; the profiler",
        "inflates small functions). Top functions by own time:",
        "",
        "```",
        prof_own,
        "```",
        "",
        "Top functions by cumulative time, leaving out module bodies and import / CLI machinery:",
        "",
        "```",
        prof_cum,
        "```",
        "",
    ]
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text("\n".join(md), encoding="utf-8")
    print(f"\nwrote {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
