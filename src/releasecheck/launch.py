"""The console script's entry point: `releasecheck.cli.main`, started without paying the cyclic
garbage collector for start-up.

Why: a cold `check` imports ~300 modules (typer, pydantic, the models, the engine), loads the
rubric set and builds the card's validators; nearly all of that lives until exit. The collector
ran ~70 times over it finding next to nothing to free, and at exit the interpreter's last
collections walked every object again: ~45 ms of a ~320 ms `check CARD -f json` (bench/run.py
row (a)). So the process starts with the collector off; when the work on cards begins
(runner.validate_path calls start_collecting) what start-up made is frozen, never scanned again,
and the collector is on, as usual, for the cards. At exit everything is frozen again: the
process is ending, and the interpreter flushes the standard streams in any case.
"""

from __future__ import annotations

import atexit
import gc

_deferred = False  # the collector is off since main() started: start_collecting() turns it on


def main() -> None:
    global _deferred
    gc.disable()
    _deferred = True
    atexit.register(gc.freeze)
    from releasecheck.cli import main as cli_main

    cli_main()


def start_collecting() -> None:
    """Where a command starts on its cards: freeze what start-up made and switch the collector on.
    Does nothing unless main() started this process (or its forked workers), nor after the first call."""
    global _deferred
    if _deferred:
        _deferred = False
        gc.freeze()
        gc.enable()
