"""Rows the workbook reads more than once: a JSON Lines record on disk, or a list in memory.

Writing a sheet takes two passes (the column widths come before the first
row) and the Findings sheet a third, in page order. A record is read from
disk each time rather than held whole: a crawl of 20,000 pages would
otherwise keep every finding and page row in memory to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from reports.record import StrPath, iter_jsonl_spans, read_jsonl_span

Row = dict[str, Any]
Transform = Callable[[Row], Row]
#: Rows between a start and an end position given by :meth:`RowSource.spans`.
SpanReader = Callable[[int, int], list[Row]]

__all__ = ["ListRows", "RecordRows", "Row", "RowSource", "SpanReader", "rows_of"]


@runtime_checkable
class RowSource(Protocol):
    """Rows that can be read again, whole or between positions noted on the way."""

    def spans(self) -> Iterator[tuple[int, int, Row]]:
        """Every row with the positions it starts and ends at."""
        ...

    def reader(self) -> Any:
        """A context manager giving a :data:`SpanReader`."""
        ...


class ListRows:
    """Rows already in memory; positions are indexes."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def spans(self) -> Iterator[tuple[int, int, Row]]:
        for i, row in enumerate(self.rows):
            yield i, i + 1, row

    @contextmanager
    def reader(self) -> Iterator[SpanReader]:
        yield lambda start, end: list(self.rows[start:end])


class RecordRows:
    """A JSON Lines record read from disk on every pass; positions are byte offsets.

    ``transform`` is applied to each row as it is read (the ids ``--resolve``
    learned, say). A missing file reads as no rows when ``optional``.
    """

    def __init__(self, path: StrPath, transform: Transform | None = None, *,
                 optional: bool = False) -> None:
        self.path = Path(path)
        self.transform = transform
        self.optional = optional
        self._checked = False
        """A pass read every row and found each sound: later passes skip the check."""

    def __iter__(self) -> Iterator[Row]:
        for _start, _end, row in self.spans():
            yield row

    def spans(self) -> Iterator[tuple[int, int, Row]]:
        if self.optional and not self.path.exists():
            return
        transform = self.transform
        for start, end, row in iter_jsonl_spans(self.path, check=not self._checked):
            yield start, end, transform(row) if transform else row
        self._checked = True  # only once the whole record went by

    @contextmanager
    def reader(self) -> Iterator[SpanReader]:
        if self.optional and not self.path.exists():
            yield lambda start, end: []
            return
        transform = self.transform
        with self.path.open("rb") as f:
            def read(start: int, end: int) -> list[Row]:
                rows = read_jsonl_span(f, start, end)
                return [transform(row) for row in rows] if transform else rows

            yield read


def rows_of(rows: Any) -> RowSource:
    """``rows`` as a source that can be read again: as it is, or listed once."""
    if isinstance(rows, RowSource):
        return rows
    return ListRows(list(rows))
