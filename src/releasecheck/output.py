"""Where reports go: stdout, a special file, or a regular file written atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

# temp files not yet renamed into place: removed by discard_pending() on any way out that runs code
_PENDING: set[str] = set()


class Output:
    """A text sink. A regular file is written to a temp file beside it and renamed into place on
    commit, so a reader never sees half a report and a failed run leaves the old file alone. A
    device or pipe (/dev/null, /dev/stdout, a FIFO) is written directly: renaming over it would
    replace the device itself."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.tmp: str | None = None
        if target == "-":
            self.handle: IO[str] = sys.stdout
        elif _is_special(target):
            self.handle = open(target, "w", encoding="utf-8")  # noqa: SIM115 - closed in commit()
        else:
            folder = str(Path(target).parent) or "."
            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=f".{Path(target).name}.")
            _PENDING.add(self.tmp)
            self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        if self.target == "-":
            self.handle.flush()
            return
        self.handle.close()
        if self.tmp is not None:
            os.chmod(self.tmp, _default_mode())
            os.replace(self.tmp, self.target)
            _PENDING.discard(self.tmp)
            self.tmp = None


def discard_pending() -> None:
    """Remove every temp file of a write that never committed (an error, SIGTERM, Ctrl-C)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _PENDING.discard(tmp)


def _is_special(target: str) -> bool:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def _default_mode() -> int:
    """mkstemp makes 0600 files; a report gets the permissions any new file gets."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
