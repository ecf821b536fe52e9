"""Questions about many spans of one string, each answered without a pass over them all.

A string may hold a whole page's links (a JSON blob in a script, a text file of
URLs): asking each match "does it overlap a link already found?" by looking at
every link found, or counting the newlines before each match from the string's
start, made such a string cost the square of its matches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["SpanIndex", "lines_at"]


class SpanIndex:
    """Half-open spans ``(start, end)``, possibly overlapping, fixed once built.

    >>> spans = SpanIndex([(10, 20), (0, 3), (12, 40)])
    >>> spans.overlaps(3, 10), spans.overlaps(39, 50), spans.covers(3), spans.covers(25)
    (False, True, False, True)
    """

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # The furthest end among the spans starting at or before each one.
        self._reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span shares a position with ``[start, end)``."""
        before_end = bisect_left(self._starts, end)
        return before_end > 0 and self._reach[before_end - 1] > start

    def covers(self, position: int) -> bool:
        """Whether ``position`` lies inside a span."""
        from_here = bisect_right(self._starts, position)
        return from_here > 0 and self._reach[from_here - 1] > position


def lines_at(text: str | bytes, offsets: Iterable[int]) -> list[int]:
    """The line (from 1) of each of the ascending ``offsets`` in ``text``, counted in one pass.

    >>> lines_at("a\\nb\\nc", [0, 2, 2, 4]), lines_at(b"x\\ny", [3])
    ([1, 2, 2, 3], [2])
    """
    newline = b"\n" if isinstance(text, bytes) else "\n"
    lines = []
    line, at = 1, 0
    for offset in offsets:
        line += text.count(newline, at, offset)  # type: ignore[arg-type]
        at = offset
        lines.append(line)
    return lines
