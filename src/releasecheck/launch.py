"""The console script's entry point: `releasecheck.cli.main` started without paying the cyclic
garbage collector for start-up.

Why: a `check` imports ~300 modules (typer, pydantic, the models, the engine) whose objects all
live until exit. While they are made, the collector runs every few hundred allocations and
finds nothing to free; at exit the interpreter's last collections walk every one of them again.
Together that was ~35 ms of a ~320 ms cold `check CARD -f json` (bench/run.py row (a)). So
the imports run with the collector off, what they made is frozen (never scanned again), and the
collector is on for the command itself, as usual. At exit everything is frozen again: the
process is ending, and the standard streams are flushed by the interpreter in any case.
"""

from __future__ import annotations

import atexit
import gc


def main() -> None:
    gc.disable()
    try:
        from releasecheck.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    atexit.register(gc.freeze)
    cli_main()
