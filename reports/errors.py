"""The one exception the reports package raises for files it cannot use."""

from __future__ import annotations


class ReportError(Exception):
    """A report, record or run file is unreadable, damaged or not linkaudit's.

    The message always names the file and says what to do about it, so the CLI
    can print it as is.
    """


class OutOfSpaceError(ReportError):
    """Writing an output file failed: the disk (or quota) is full, or the file too big.

    ``path`` is the file that could not be written; what was written before is
    intact (a record keeps every whole line). The message names the file, the
    reason and the folder to free space in.
    """

    def __init__(self, path: object, error: OSError) -> None:
        from pathlib import Path

        self.path = Path(str(path))
        self.error = error
        super().__init__(
            f"cannot write {self.path}: {error.strerror or error}. Free some space on the "
            f"disk of {self.path.parent.resolve()} (or choose another place with -o)"
        )
