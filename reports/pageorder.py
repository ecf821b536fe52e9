"""Findings in page order, from a record whose findings of one page lie together.

The Findings sheet lists findings by page URL, then line. The spider writes
each page's findings together, in the order it fetched the pages, so instead
of sorting every finding in memory, the writer notes where each page's run of
rows lies while it reads the record for the column widths, sorts those runs by
page, and reads each page's rows again to sort just them. A record whose
pages are not grouped (a resumed crawl, a verify report) still comes out in
the same order: every run of a page is read before the page's rows are sorted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reports.rows import Row, SpanReader

__all__ = ["PageRuns", "finding_order", "in_page_order"]


def finding_order(finding: Mapping[str, Any]) -> tuple[str, int, int]:
    """The sort key of the Findings sheet: page URL, then line; unnumbered last in a page.

    >>> rows = [{"page_url": "b", "line": 3}, {"page_url": "a", "line": None},
    ...         {"page_url": "a", "line": 7}, {"page_url": None, "line": 1}]
    >>> [(r["page_url"], r["line"]) for r in sorted(rows, key=finding_order)]
    [(None, 1), ('a', 7), ('a', None), ('b', 3)]
    """
    return (_page_key(finding), *_line_key(finding))


def _page_key(finding: Mapping[str, Any]) -> str:
    return str(finding.get("page_url") or "")


def _line_key(finding: Mapping[str, Any]) -> tuple[int, int]:
    line = finding.get("line")
    if isinstance(line, int) and not isinstance(line, bool):
        return (0, line)
    # Findings without a line number go after the numbered ones of their page.
    return (1, 0)


class PageRuns:
    """Where each page's runs of consecutive findings lie, noted row by row."""

    def __init__(self) -> None:
        self._runs: list[tuple[str, int, int]] = []  # page, start, end
        self._page: str | None = None

    def add(self, start: int, end: int, finding: Mapping[str, Any]) -> None:
        page = _page_key(finding)
        if page == self._page and self._runs:
            # Blank lines between two rows of the page fall inside the run; harmless.
            self._runs[-1] = (page, self._runs[-1][1], end)
        else:
            self._runs.append((page, start, end))
            self._page = page

    def __len__(self) -> int:
        return len(self._runs)

    def by_page(self) -> Iterator[tuple[str, list[tuple[int, int]]]]:
        """Each page once, in order, with its runs in record order."""
        # Python's sort is stable: a page's runs stay in the order they were read.
        ordered = sorted(self._runs, key=lambda run: run[0])
        i = 0
        while i < len(ordered):
            page = ordered[i][0]
            spans = []
            while i < len(ordered) and ordered[i][0] == page:
                spans.append((ordered[i][1], ordered[i][2]))
                i += 1
            yield page, spans


def in_page_order(runs: PageRuns, read: SpanReader) -> Iterator[Row]:
    """The findings sorted as by :func:`finding_order`, one page in memory at a time.

    Equal keys keep their record order, exactly as a stable sort of all rows would.
    """
    for _page, spans in runs.by_page():
        rows = [row for start, end in spans for row in read(start, end)]
        if len(rows) > 1:
            rows.sort(key=_line_key)
        yield from rows
