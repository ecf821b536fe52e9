"""What a report run writes, checked before it starts: never onto its own input, never twice at once.

``-o REPORT.xlsx`` writes the workbook, its record (``REPORT.jsonl`` and the other
sidecars) and ``REPORT.job/``. :func:`find_clash` tells whether one of those is an
input of the run (a seeds file, ``--rules``, ``--cookies``, a scanned file, the
report ``verify`` reads), even through a symlink or a hard link.
:class:`OutputLock` keeps a second run off the same report while one writes it;
the operating system drops the lock when the process ends, however it ends, so
no stale lock file blocks a later run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from reports import sidecars

__all__ = ["OutputBusy", "OutputLock", "find_clash", "lock_path", "output_files"]


def output_files(report: Path, *, record: bool = True) -> list[Path]:
    """The files (and job folder) a run writing ``report`` may replace."""
    files = sidecars(report)
    if not record:
        return [report, files.written]
    jobdir = files.findings.with_suffix(".job")
    return [report, files.findings, files.pages, files.run, files.resolved, files.written,
            jobdir]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # st_dev and st_ino: symlinks and hard links too
    except OSError:  # one does not exist (yet): compare where the names lead
        return os.path.realpath(a) == os.path.realpath(b)


def find_clash(outputs: Iterable[Path], inputs: Iterable[tuple[str, Path]]) -> str | None:
    """A sentence naming an output that is also an input, or ``None``.

    ``inputs`` are ``(what, path)`` pairs, e.g. ``("--seeds", Path("posts.xlsx"))``.

    >>> find_clash([Path("a.xlsx"), Path("a.jsonl")], [("--seeds", Path("./a.jsonl"))])
    'a.jsonl, which this run writes, is the --seeds file a.jsonl'
    >>> find_clash([Path("a.xlsx")], [("--seeds", Path("b.txt"))]) is None
    True
    """
    inputs = list(inputs)
    for out in outputs:
        for what, path in inputs:
            if _same(out, path) or (out.is_dir() and Path(os.path.realpath(path)).is_relative_to(
                    os.path.realpath(out))):
                return f"{out}, which this run writes, is the {what} file {path}"
    return None


class OutputBusy(Exception):
    """Another process is writing the same report."""


class OutputLock:
    """An exclusive lock on ``.REPORT.xlsx.lock`` beside the report, held until :meth:`release`.

    ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows: both are let go by
    the operating system when the process dies.
    """

    def __init__(self, report: Path) -> None:
        self.path = lock_path(report)
        self._file: IO[bytes] | None = None
        for _ in range(10):
            f = self.path.open("a+b")
            try:
                _lock(f)
            except OSError:
                f.close()
                raise OutputBusy(
                    f"another linkaudit run is writing {report} right now; wait for it to "
                    "finish or choose another file with -o") from None
            # The holder before us removes the file as it lets go: a lock taken on the
            # file it removed guards nothing, so take it again on the file now there.
            if _same_file(f, self.path):
                self._file = f
                return
            f.close()
        raise OutputBusy(f"could not lock {self.path}: other runs keep replacing it")

    def release(self) -> None:
        """Let go and remove the lock file (a run that dies leaves it; it blocks nothing)."""
        if self._file is not None:
            # Removed while still held, so no run can lock this file after it is gone.
            with contextlib.suppress(OSError):
                self.path.unlink()
            self._file.close()
            self._file = None


def lock_path(report: Path) -> Path:
    """The lock file beside ``report``."""
    return report.with_name(f".{report.name}.lock")


def _same_file(f: IO[bytes], path: Path) -> bool:
    try:
        here, there = os.fstat(f.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


if sys.platform == "win32":
    import msvcrt

    def _lock(f: IO[bytes]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _lock(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
