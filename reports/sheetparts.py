"""A report sheet too long for one Excel sheet, continued on "Findings (2)", "Findings (3)", ….

Excel opens no sheet of more than 1,048,576 rows: it refuses a file with a
longer one (issue 12 §4). A sheet
written through :class:`SheetParts` starts a new sheet, right after the full
one, before it would go past ``max_rows``; each part gets the same column
widths, frozen pane, print setup and header row (``prepare`` and ``header``;
the header is repeated atop each printed page), and its own
:class:`~reports.sheetlinks.SheetLinks`, since Excel's hyperlink limit is per
sheet too. When ``prepare`` is a :class:`~reports.layout.SheetLayout`, each row
with wrapped text is given the height it needs. :func:`part_names` finds the
parts again when a workbook is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reports.layout import SheetLayout
from reports.sheetlinks import SheetLinks
from reports.xlsxrows import fast_rows

__all__ = ["MAX_SHEET_ROWS", "SheetPart", "SheetParts", "part_name", "part_names"]

MAX_SHEET_ROWS = 1_048_576  # Excel's rows per sheet ("Excel specifications and limits")

#: Makes the cells of ``row`` for the sheet (and its links) the row goes to: ``cells(ws, links, row)``.
Cells = Callable[[Any, SheetLinks, Any], Sequence[Any]]


def part_name(name: str, number: int) -> str:
    """The name of part ``number`` (1-based) of sheet ``name``.

    >>> part_name("Findings", 1), part_name("Findings", 2)
    ('Findings', 'Findings (2)')
    """
    return name if number == 1 else f"{name} ({number})"


def part_names(sheetnames: Iterable[str], name: str) -> list[str]:
    """``name`` and its continuation sheets among ``sheetnames``, in part order.

    Ordered by number, not by the tabs' order, which the user may have changed.

    >>> part_names(["Summary", "Pages (3)", "Findings", "Pages", "Pages (2)", "Pages x"], "Pages")
    ['Pages', 'Pages (2)', 'Pages (3)']
    """
    pattern = re.compile(rf"{re.escape(name)} \(([1-9][0-9]*)\)")
    numbered = []
    for sheet in sheetnames:
        if sheet == name:
            numbered.append((1, sheet))
        elif (match := pattern.fullmatch(sheet)) and match[1] != "1":
            numbered.append((int(match[1]), sheet))
    return [sheet for _, sheet in sorted(numbered)]


@dataclass(slots=True)
class SheetPart:
    ws: Any
    links: SheetLinks
    rows: int = 0
    """Rows written to this sheet, its header included."""


class SheetParts:
    """The sheets one table or list is written to, a new one each ``max_rows`` rows.

    ``ws`` is the first sheet, already created where the workbook wants it.
    ``prepare(ws)`` sets a new part's column widths and panes (openpyxl writes
    them before the first row), and ``header(ws)``, when given, makes the row
    that heads every part. Rows are appended with :meth:`append`; a row is
    never split between parts.
    """

    def __init__(self, wb: Any, ws: Any, *, prepare: Callable[[Any], None],
                 header: Callable[[Any], Sequence[Any]] | None = None,
                 max_rows: int = MAX_SHEET_ROWS) -> None:
        least = 2 if header is not None else 1
        if not least <= max_rows <= MAX_SHEET_ROWS:
            raise ValueError(f"max_rows must be between {least} and {MAX_SHEET_ROWS:,}, "
                             f"got {max_rows}")
        self.wb, self.name = wb, ws.title
        self.prepare, self.header, self.max_rows = prepare, header, max_rows
        self._fit = prepare.fit_row if isinstance(prepare, SheetLayout) else None
        self.parts: list[SheetPart] = []
        self._start(ws)

    def append(self, cells: Cells, row: Any) -> None:
        """Append the cells ``cells(ws, links, row)`` makes, to a new part if this one is full."""
        part = self.parts[-1]
        if part.rows >= self.max_rows:
            index = self.wb.worksheets.index(part.ws) + 1  # right after the full one
            name = part_name(self.name, len(self.parts) + 1)
            part = self._start(self.wb.create_sheet(name, index))
        self._append(part, cells, row)

    @property
    def names(self) -> list[str]:
        return [part.ws.title for part in self.parts]

    def _start(self, ws: Any) -> SheetPart:
        fast_rows(ws)
        self.prepare(ws)
        part = SheetPart(ws, SheetLinks(ws))  # after prepare: see SheetLinks
        self.parts.append(part)
        header = self.header
        if header is not None:
            ws.print_title_rows = "1:1"  # on every printed page
            self._append(part, lambda ws, _links, _row: header(ws), None)
        return part

    def _append(self, part: SheetPart, cells: Cells, row: Any) -> None:
        part.rows += 1
        part.links.row = part.rows
        written = cells(part.ws, part.links, row)
        part.ws.append(written if self._fit is None else self._fit(written))
