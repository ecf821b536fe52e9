"""Writing a table sheet (header, widths, frozen pane, filter, parts) and saving the workbook."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from crawler.i18n import Messages
from reports.cells import BOLD, Value, Widths, cell, styled
from reports.columns import Column
from reports.errors import ReportError
from reports.layout import SheetLayout
from reports.sheetlinks import SheetLinks
from reports.sheetparts import SheetParts

__all__ = ["SLOT_COLOURS", "STATUS_COLOURS", "RowsAgain", "colour_statuses", "discard",
           "done_drop_down", "save", "sheet_layout", "write_rows", "write_table"]

RowsAgain = Callable[[], Iterable[Sequence[Value]]]


def sheet_layout(widths: Sequence[float]) -> SheetLayout:
    """What each part of a sheet starts with: column widths, the first row frozen, print
    setup; and the height of each row with wrapped text (see :mod:`reports.layout`)."""
    return SheetLayout(widths)


def write_table(
    wb: Workbook, ws: Any, columns: Sequence[Column], msg: Messages,
    rows: Sequence[Sequence[Value]] | RowsAgain, max_rows: int,
) -> SheetParts:
    """Write a table sheet; ``rows`` is a list, or a function giving the rows anew."""
    again = rows if callable(rows) else lambda: iter(rows)
    widths = Widths(columns, [c.header(msg) for c in columns])
    for row in again():
        widths.add(row)
    return write_rows(wb, ws, columns, msg, widths.result(), again(), max_rows)


def write_rows(
    wb: Workbook, ws: Any, columns: Sequence[Column], msg: Messages, widths: Sequence[float],
    rows: Iterable[Sequence[Value]], max_rows: int,
) -> SheetParts:
    # Write-only sheets emit widths and panes before the first row, so both
    # are settled before it (by each part's layout); the autofilter goes at
    # the end of the XML and can wait.
    linked = [c.link for c in columns]
    headers = [c.header(msg) for c in columns]

    def cells(ws: Any, links: SheetLinks, row: Sequence[Value]) -> list[Any]:
        return [cell(ws, value, widths[i], links if linked[i] else None, i + 1)
                for i, value in enumerate(row)]

    sheet = SheetParts(wb, ws, prepare=sheet_layout(widths), max_rows=max_rows,
                       header=lambda ws: [styled(ws, h, BOLD) for h in headers])
    for row in rows:
        sheet.append(cells, row)
    last = get_column_letter(len(columns))
    for part in sheet.parts:
        part.ws.auto_filter.ref = f"A1:{last}{part.rows}"
    return sheet




#: Verify statuses as Excel's own Good / Bad / Neutral cell styles colour them.
STATUS_COLOURS = {
    "removed": ("C6EFCE", "006100"),
    "remaining": ("FFC7CE", "9C0006"),
    "new": ("FFC7CE", "9C0006"),
    "not_verified": ("FFEB9C", "9C5700"),
}
SLOT_COLOURS = {
    "cleared": ("C6EFCE", "006100"),
    "in_use": ("FFC7CE", "9C0006"),
    "not_verified": ("FFEB9C", "9C5700"),
}


def colour_statuses(sheet: SheetParts, column: int, msg: Messages,
                    group: str = "finding_status",
                    colours: Mapping[str, tuple[str, str]] = STATUS_COLOURS) -> None:
    """Colour a status column by its value (conditional formats: they survive sorting)."""
    letter = get_column_letter(column)
    for part in sheet.parts:
        ref = f"{letter}2:{letter}{max(part.rows, 2)}"
        for status, (fill, font) in colours.items():
            text = msg.get(f"{group}.{status}")
            if text is None:
                continue
            part.ws.conditional_formatting.add(ref, CellIsRule(
                operator="equal", formula=[_quoted(text)],
                fill=PatternFill("solid", start_color=fill, end_color=fill),
                font=Font(color=font)))


def done_drop_down(sheet: SheetParts, column: int, msg: Messages) -> None:
    """A Done drop-down on ``column`` of every part: the creator ticks what they removed."""
    letter = get_column_letter(column)
    mark = msg("value.done_mark")
    for part in sheet.parts:
        dv = DataValidation(type="list", formula1=_quoted(mark), allow_blank=True)
        dv.add(f"{letter}2:{letter}{max(part.rows, 2)}")
        part.ws.data_validations.append(dv)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'



def discard(wb: Workbook) -> None:
    """Close and remove the sheets' temporary files after a failed write (e.g. disk full).

    Left to the garbage collector, each would report its failed flush on stderr.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with suppress(Exception):  # the write already failed; that error is raised
            writer.close()
        with suppress(OSError, ValueError):
            writer.cleanup()




def save(wb: Workbook, path: Path, links: Sequence[SheetLinks] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # openpyxl's save_workbook, with the archive closed even when a write fails.
        wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).write_data()
        with zipfile.ZipFile(tmp, "a", zipfile.ZIP_DEFLATED) as archive:
            for sheet_links in links:
                sheet_links.write_relationships(archive)
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            raise ReportError(
                f"{path}: cannot be replaced ({exc.strerror}); if it is open in Excel, "
                "close it and run the command again."
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)

