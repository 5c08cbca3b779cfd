"""Many cards: in order, optionally across worker processes, streaming where the format allows."""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from releasecheck.run.config import CheckOptions, RunConfig
from releasecheck.runner import Outcome, check_path, internal_outcome

_WORKER: dict[str, CheckOptions] = {}


def _init_worker(config: RunConfig | None, parent: int) -> None:
    """Every worker: die with the parent, then (spawned workers) load the rubric set once."""
    die_with_parent(parent)
    if config is not None:
        _WORKER["options"] = config.options()


def die_with_parent(parent: int) -> None:
    """A worker must not outlive the run that started it (a SIGKILLed parent left workers running
    for minutes). Linux: the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); elsewhere
    a thread polls for the parent. SIGTERM is the default again: the parent's handler (which raises
    SystemExit to clean up) would only fail the current task in a worker."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops the pool
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            _watch_parent(parent)
    else:
        _watch_parent(parent)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="releasecheck-parent-watch").start()


def _check_chunk(paths: list[str], jsonl: bool) -> list[Outcome]:
    options = _WORKER["options"]
    if not jsonl:
        return [check_path(path, options) for path in paths]
    return [_slim(check_path(path, options)) for path in paths]


def _slim(outcome: Outcome) -> Outcome:
    try:
        return outcome.slim()
    except Exception as err:  # rendering this card's line failed: its own error, not the batch's
        return internal_outcome(outcome.path, err).slim()


# Cards per task sent to a worker, and tasks in flight per worker: enough to keep the workers busy
# and the pipe's cost per card small, few enough that the parent never holds more than a few
# hundred outcomes or paths, whatever the batch size (the paths are walked as the run goes).
CHUNK = 16
IN_FLIGHT = 4


def outcomes(paths: Iterable[str], options: CheckOptions, jobs: int, jsonl: bool = False) -> Iterator[Outcome]:
    """Every input's outcome, in input order; a bad card never stops the others."""
    stream = iter(paths)
    first = list(itertools.islice(stream, 2 * jobs))
    if jobs <= 1 or len(first) < 2 * jobs:
        for path in itertools.chain(first, stream):
            yield check_path(path, options)
        return
    yield from _pooled(itertools.chain(first, stream), options, jobs, jsonl)


def _pooled(paths: Iterator[str], options: CheckOptions, jobs: int, jsonl: bool) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":
        # Forked workers inherit the loaded rubric set and the imported modules: each would
        # otherwise spend a few hundred milliseconds of CPU rebuilding what the parent has.
        _prepare_for_fork(options)
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(None, os.getpid()))
    else:  # spawn / forkserver: every worker loads the rubric set once
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(options.config, os.getpid()))
    pending: deque[Future[list[Outcome]]] = deque()
    try:
        # Executor.map would submit every path at once (all held); a bounded window keeps order and memory
        for chunk in iter(lambda: list(itertools.islice(paths, CHUNK)), []):
            pending.append(pool.submit(_check_chunk, chunk, jsonl))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:  # SIGTERM (SystemExit), Ctrl-C, a failing sink: stop the workers now
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: Any) -> None:
    """Kill the workers and drop the queued work, without waiting for a batch to finish."""
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _prepare_for_fork(options: CheckOptions) -> None:
    import releasecheck.assess.engine
    import releasecheck.card.validate
    import releasecheck.report.json_report
    import releasecheck.report.view  # noqa: F401  (imported for the workers to inherit)

    _ = options.rubric, options.all_profiles if options.config.compare_profiles else None
    _WORKER["options"] = options


@dataclass
class Summary:
    decisions: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    invalid: int = 0
    worst: int = 0

    def add(self, outcome: Outcome) -> None:
        self.worst = max(self.worst, outcome.exit_code)
        if outcome.verdict is None:
            self.invalid += 1
            return
        self.decisions[outcome.verdict.decision] += 1
        self.tiers[outcome.verdict.recommended_tier] += 1

    def text(self, tier_order: tuple[str, ...]) -> str:
        total = self.invalid + sum(self.decisions.values())
        decisions = ", ".join(
            f"{self.decisions[d]} {d}" for d in ("pass", "conditional", "fail", "none") if self.decisions[d]
        )
        tiers = ", ".join(f"{self.tiers[t]} {t}" for t in tier_order if self.tiers[t])
        return f"checked {total} card(s): {decisions or 'none assessed'}; {self.invalid} invalid" + (
            f"; recommended: {tiers}" if tiers else ""
        )


def with_progress(items: Iterator[Outcome], paths: Any, enabled: bool, after: float = 1.0) -> Iterator[Outcome]:
    """A progress bar on stderr for batches at a terminal that take more than a moment (`after`
    seconds): a quick batch never shows one. Only a bar counts the cards (a walk of the folders,
    holding nothing), and rich is imported only when the bar is due."""
    if not enabled:
        yield from items
        return
    import time

    start, done, progress = time.monotonic(), 0, None
    try:
        for item in items:
            done += 1
            if progress is None and time.monotonic() - start > after:
                from rich.console import Console
                from rich.progress import Progress

                progress = Progress(transient=True, console=Console(file=sys.stderr))
                task = progress.add_task("checking cards", total=len(paths), completed=done - 1)
                progress.start()
            if progress is not None:
                progress.advance(task)
            yield item
    finally:
        if progress is not None:
            progress.stop()


def progress_wanted(quiet: bool) -> bool:
    """At a terminal, not silenced (the CLI also turns it off for json and jsonl)."""
    return not quiet and sys.stderr.isatty()


def run_batch(
    paths: Iterable[str],
    options: CheckOptions,
    jobs: int,
    quiet: bool,
    sink: Callable[[Outcome], None],
    jsonl: bool = False,
) -> Summary:
    summary = Summary()
    found = outcomes(paths, options, jobs, jsonl)
    stream = with_progress(found, paths, progress_wanted(quiet))
    for outcome in stream:
        summary.add(outcome)
        sink(outcome)
    return summary
