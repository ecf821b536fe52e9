"""The Run sheet: what the run was (command, times, language, your ids) and its seeds —
what ``verify`` needs to run the same audit again when the record is gone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from openpyxl import Workbook

from crawler import version
from crawler.i18n import Messages
from reports.cells import BOLD, Value, cell, display_width, plain, styled
from reports.columns import RUN, RUN_FIELDS, SEED_COLUMNS
from reports.sheetlinks import SheetLinks
from reports.sheetparts import SheetParts
from reports.tables import sheet_layout
from reports.vocab import yes_no

__all__ = ["write_run_sheet"]

_CAPS = (30, 80)


def run_rows(run: Mapping[str, Any], msg: Messages) -> Iterator[tuple[str, tuple[Value, ...]]]:
    """``(style, cells)``: the fields, the notes, then the seeds table after a blank row.

    The seeds table goes last and ends the sheet: :func:`reports.readback.read_seeds`
    reads it by its header.
    """
    for key in RUN_FIELDS:
        value = run.get(key)
        if key == "complete":
            value = yes_no(msg, run.get("complete", True))
        elif key == "mine":
            value = ", ".join(str(v) for v in value or ()) or None
        elif key == "version" and value is None:
            value = version()
        if value is not None and value != "":
            yield "text", (msg(f"run_label.{key}"), plain(value))
    for note in run.get("notes") or ():
        yield "text", (msg("run_label.note"), plain(note))
    yield "blank", ()
    yield "bold", tuple(c.header(msg) for c in SEED_COLUMNS)
    for seed in run.get("seeds") or ():
        yield "seed", (plain(seed.get("mode")), plain(seed.get("url")))


def write_run_sheet(wb: Workbook, sheets: Mapping[str, Any], run: Mapping[str, Any],
                    msg: Messages, max_rows: int) -> SheetParts:
    rows = list(run_rows(run, msg))
    widths = [8.0, 8.0]
    for _style, values in rows:
        for i, value in enumerate(values):
            if value is not None:
                widths[i] = max(widths[i], min(display_width(value) + 2, _CAPS[i]))

    def cells(ws: Any, links: SheetLinks, row: tuple[str, tuple[Value, ...]]) -> list[Any]:
        style, values = row
        if style == "bold":
            return [styled(ws, value, BOLD) for value in values]
        return [cell(ws, value, widths[i], links if style == "seed" and i == 1 else None, i + 1)
                for i, value in enumerate(values)]

    header = (msg("col.field"), msg("col.value"))
    sheet = SheetParts(wb, sheets[RUN], prepare=sheet_layout(widths), max_rows=max_rows,
                       header=lambda ws: [styled(ws, h, BOLD) for h in header])
    for row in rows:
        sheet.append(cells, row)
    return sheet

