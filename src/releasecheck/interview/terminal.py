"""The real terminal: rich for what we print (at most 80 columns), input() for answers."""

from __future__ import annotations

import contextlib
import sys

from releasecheck.interview.asker import IO


def terminal_io() -> IO:
    from rich.console import Console

    probe = Console()
    console = Console(width=min(probe.width, 80), highlight=False, emoji=False, soft_wrap=False)
    with contextlib.suppress(ImportError):  # line editing and history for input(), where there is readline
        import readline  # noqa: F401

    def ask(prompt: str) -> str:
        sys.stdout.flush()
        return input(prompt)

    def say(text: str) -> None:
        console.print(text)

    return IO(ask=ask, say=say)
