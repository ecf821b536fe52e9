"""How a report sheet is laid out on screen and on paper, the same in Excel, WPS and LibreOffice.

- **Print setup.** Every sheet (each part of a split one too) prints landscape
  on A4, one page wide and as many pages long as it takes; a table's header row
  is repeated at the top of each printed page (set by
  :class:`~reports.sheetparts.SheetParts`, which knows which sheets have one).
- **Row heights.** A row with wrapped text says how tall it is. LibreOffice
  keeps the default height of a row whose height the file does not give, and
  Excel does not always grow it on opening either, so wrapped lines would
  overlap the next row or be cut off. The height is estimated from the text
  (:func:`wrapped_lines`): no font metrics, the same estimate that sizes the
  columns (:func:`display_width`).

A :class:`SheetLayout` is what :class:`~reports.sheetparts.SheetParts` calls to
set up each new part, and what it asks for each row's height.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from reports.xlsxrows import Row, Styled

__all__ = [
    "LINE_HEIGHT",
    "MAX_ROW_HEIGHT",
    "SheetLayout",
    "display_width",
    "print_setup",
    "row_height",
    "wrapped_lines",
]

LINE_HEIGHT = 15.0
"""Points per line of Calibri 11, the reports' body font (Excel's default row height)."""
MAX_ROW_HEIGHT = 409.0
"""The tallest row Excel allows, in points ("Excel specifications and limits")."""

# Characters that take two columns on screen: CJK, Hangul, full-width forms,
# emoji. A width estimate, so the main blocks are enough, and a regex is much
# faster than unicodedata.east_asian_width() per character.
_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)
_MAX_LINES = int(MAX_ROW_HEIGHT // LINE_HEIGHT) + 1  # more lines add no height
_NARROW_WIDTH = 4 / 3  # columns a character that is not wide takes when wrapped (see wrapped_lines)


def display_width(value: object) -> int:
    """Columns a value takes on screen, counting wide (CJK) characters as two.

    >>> display_width("mm_1_2_3"), display_width("推广位"), display_width("ab\\nabcd")
    (8, 6, 4)
    """
    text = value if isinstance(value, str) else str(value)
    if "\n" in text:
        return max(display_width(part) for part in text.split("\n"))
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_RE.findall(text))


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (an estimate
    that errs on the tall side: a row too tall wastes space, one too short hides text).

    Each of its lines takes ``ceil(wrap width / column width)``, and an empty line one.
    The wrap width counts a wide (CJK) character as two columns, as
    :func:`display_width` does (some other non-ASCII ones too: see
    ``_wrap_width``), and any other as 4/3: measured in LibreOffice with Carlito
    (Calibri's metric twin), a URL wraps at 41 to 50 characters in a column 60
    wide (percent escapes and capitals are wider than the digit a column's
    width counts, and lines break early at ``/``, ``?`` and ``&``).

    >>> wrapped_lines("a" * 45, 60), wrapped_lines("a" * 46, 60), wrapped_lines("推广位" * 10, 60)
    (1, 2, 1)
    >>> wrapped_lines("短\\n\\n" + "推广位" * 5, 10)
    5
    """
    width = max(width, 1.0)
    if "\n" not in text:  # the common case, first
        return max(1, -int(-_wrap_width(text) // width))
    return sum(max(1, -int(-_wrap_width(line) // width)) for line in text.split("\n"))


def _wrap_width(line: str) -> float:
    if line.isascii():
        return len(line) * _NARROW_WIDTH
    # The wide characters, counted from the UTF-8 length (a tenth of the time of
    # display_width's regex): a CJK character takes three bytes, so one "wide"
    # for each two bytes past the first. Other characters of two, three or four
    # bytes count a half, one or one and a half wide: too tall, never too short.
    wide = (len(line.encode("utf-8", "surrogatepass")) - len(line)) / 2
    return 2 * wide + (len(line) - wide) * _NARROW_WIDTH


def row_height(cells: Sequence[Any], widths: Sequence[float]) -> float | None:
    """The height in points that shows every wrapped cell of a row whole, or ``None``
    when no cell wraps (the row keeps the application's default height).

    ``cells`` are the row as written (a wrapped cell is a :class:`~reports.xlsxrows.Styled`
    whose style wraps), ``widths`` the column widths. Capped at Excel's maximum.
    """
    lines = 0
    for cell, width in zip(cells, widths, strict=False):
        if type(cell) is Styled and cell.style.wraps:
            lines = max(lines, wrapped_lines(cell.text, width))
            if lines >= _MAX_LINES:
                break
    if lines <= 1:
        return None
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def print_setup(ws: Any) -> None:
    """Landscape A4, one page wide and as many long as it takes.

    Set before the sheet's first row: a write-only sheet writes ``<sheetPr>``,
    which holds "fit to page", when it starts.
    """
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages long as the rows need
    props = ws.sheet_properties
    if props.pageSetUpPr is None:
        props.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        props.pageSetUpPr.fitToPage = True


class SheetLayout:
    """Column widths, the first row frozen, and print setup, for each part of a sheet;
    and each row's height (:meth:`fit_row`)."""

    __slots__ = ("widths",)

    def __init__(self, widths: Sequence[float]) -> None:
        self.widths = tuple(widths)

    def __call__(self, ws: Any) -> None:
        """Set up a new sheet, before its first row."""
        for i, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        print_setup(ws)

    def fit_row(self, cells: Sequence[Any]) -> Sequence[Any]:
        """``cells``, as a :class:`~reports.xlsxrows.Row` of the height its wrapped text
        needs when some cell wraps onto more than one line."""
        height = row_height(cells, self.widths)
        return cells if height is None else Row(cells, height)
