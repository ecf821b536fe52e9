"""The one error a command refuses its input with."""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """Bad command-line input; the message names the input and says what to change."""
