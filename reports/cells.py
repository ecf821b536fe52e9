"""One value as a cell: made safe, sized and styled (shared by every sheet writer).

Excel's limits, the formula guard and the width estimate live here, so every
sheet writes text the same way.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font

from reports.columns import MAX_WIDTH, Column
from reports.fileurls import is_local_file_url
from reports.layout import display_width
from reports.sheetlinks import SheetLinks
from reports.xlsxrows import CellStyle, Styled

__all__ = ["BOLD", "TITLE", "Value", "Widths", "cell", "display_width", "is_formula_like",
           "plain", "styled"]

Value = str | int | float | bool | None

# Excel's own limits ("Excel specifications and limits").
_MAX_CELL_CHARS = 32_767
_MAX_URL_CHARS = 2_079  # Excel drops longer hyperlink targets
_MIN_WIDTH = 8
_MAX_PAGE_LIST = 20  # pages named per ad slot; the Findings sheet has them all
_TRUNCATED = " …[truncated]"

# openpyxl's list plus what lxml refuses to write (lone surrogates, U+FFFE, U+FFFF).
_ILLEGAL_RE = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\ud800-\udfff\ufffe\uffff]")
# Spreadsheet apps treat text starting with these as a formula once the cell is
# edited or exported (CSV/formula injection), so such text gets a quote prefix.
_FORMULA_START = frozenset("=+-@\t\r")
# Clickable: web pages, and files of this machine (a file:// URL with a host opens a
# network share, and Windows sends the user's credentials to it).
_LINK_SCHEMES = ("http://", "https://")
_SPACE_RE = re.compile(r"\s")

# Name and size spelled out: a font without them renders in some other size
# in LibreOffice. Calibri 11 is openpyxl's (and Excel's) default body font.
BOLD = Font(name="Calibri", size=11, bold=True)
TITLE = Font(name="Calibri", size=14, bold=True)
_WRAP = Alignment(wrap_text=True)
_LINK = CellStyle(style="Hyperlink")
_WRAPPED = CellStyle(alignment=_WRAP)
_TEXT = CellStyle(quotePrefix=True)
_WRAPPED_TEXT = CellStyle(alignment=_WRAP, quotePrefix=True)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet app would take ``text`` for a formula or an error value.

    Such text is written as text and marked so (CSV/formula injection).

    >>> is_formula_like('=HYPERLINK("http://x")'), is_formula_like("#N/A"), is_formula_like("a=b")
    (True, True, False)
    """
    return bool(text) and (text[0] in _FORMULA_START or text in ERROR_CODES)



class Widths:
    """Column widths fitted to the rows shown to :meth:`add`, each up to its column's cap."""

    def __init__(self, columns: Sequence[Column], headers: Sequence[str]) -> None:
        self.caps = [c.cap for c in columns]
        # +3 leaves room for the autofilter's drop-down button next to the header.
        self.best = [min(display_width(h) + 3, c.cap) for c, h in zip(columns, headers,
                                                                       strict=True)]

    def add(self, row: Sequence[Value]) -> None:
        best, caps = self.best, self.caps
        for i, value in enumerate(row):
            if value is None or best[i] >= caps[i]:
                continue
            width = display_width(value) + 1
            if width > best[i]:
                best[i] = min(width, caps[i])

    def result(self) -> list[float]:
        return [float(max(width, _MIN_WIDTH)) for width in self.best]


def styled(ws: Any, value: Value, font: Font) -> Cell:
    made = WriteOnlyCell(ws, value)
    as_text = cell(ws, value, MAX_WIDTH, None)
    if isinstance(as_text, Styled):
        for name, setting in as_text.style.attrs.items():
            setattr(made, name, setting)
        made.data_type = "s"
    made.font = font
    return made


def cell(ws: Any, value: Value, width: float, links: SheetLinks | None,
         column: int = 0) -> Any:
    """A value as written: plain when it is safe and short, else styled.

    A clickable URL's link is noted in ``links`` (at ``column`` of the row
    being written) rather than on the cell: see :mod:`reports.sheetlinks`.
    """
    if not isinstance(value, str):
        return value
    if links is not None and _is_linkable(value) and links.take(column, value):
        return Styled(value, _LINK)
    # A text cell, never a formula or an error value, and marked the way Excel
    # marks text typed with a leading apostrophe so that editing the cell does
    # not turn it into a formula either.
    risky = is_formula_like(value)
    long = "\n" in value or (
        len(value) > width or (not value.isascii() and display_width(value) > width)
    )
    if long:
        return Styled(value, _WRAPPED_TEXT if risky else _WRAPPED)
    return Styled(value, _TEXT) if risky else value


def _is_linkable(url: str) -> bool:
    start = url[:8].lower()
    return (
        (start.startswith(_LINK_SCHEMES) or (start.startswith("file:") and is_local_file_url(url)))
        and len(url) <= _MAX_URL_CHARS
        and not _SPACE_RE.search(url)
    )


def plain(value: Any) -> Value:
    """Turn any row value into something a cell can hold, safely.

    >>> plain({"unid": "x"}), plain([]), plain("a\\x00b"), plain(""), plain(3)
    ('{"unid":"x"}', None, 'ab', None, 3)
    """
    if type(value) is str:  # the common case first: this runs for every cell
        text = value
    elif value is None or isinstance(value, bool):
        return value
    elif isinstance(value, int):
        # Excel keeps 15 significant digits; bigger ids must stay exact as text.
        return int(value) if abs(value) < 10**15 else str(value)  # int(): no IntEnum reprs
    elif isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    elif isinstance(value, str):
        text = str(value)  # a plain str, not a StrEnum or other subclass
    elif isinstance(value, Mapping | list | tuple | set | frozenset):
        if not value:
            return None
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    elif isinstance(value, bytes):
        text = value.decode("utf-8", "replace")
    else:
        text = str(value)
    text = _ILLEGAL_RE.sub("", text)
    # Excel's limit counts UTF-16 units, so characters outside the BMP count twice.
    if len(text) > _MAX_CELL_CHARS // 2 and len(text.encode("utf-16-le")) > 2 * _MAX_CELL_CHARS:
        text = _truncate(text)
    return text or None


def _truncate(text: str) -> str:
    limit = _MAX_CELL_CHARS - len(_TRUNCATED)
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return text[:i] + _TRUNCATED
    return text

