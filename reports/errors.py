"""The one exception the reports package raises for files it cannot use."""

from __future__ import annotations


class ReportError(Exception):
    """A report, record or run file is unreadable, damaged or not linkaudit's.

    The message always names the file and says what to do about it, so the CLI
    can print it as is.
    """
