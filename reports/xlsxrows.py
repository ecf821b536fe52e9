"""Rows of a write-only openpyxl sheet written without a Cell object per value.

openpyxl's write-only sheet turns every appended value into a ``WriteOnlyCell``
and streams it through ``xmlfile`` one element at a time: about 10 µs a cell,
most of a report's time. Nearly every cell of a report is a plain string or
number, so :func:`fast_rows` builds each row as one lxml element instead and
leaves openpyxl only the cells that carry a style, a hyperlink or a type it
alone knows how to write. The XML is what openpyxl writes for the same row
(``tests/test_workbook.py`` compares the two).

Styled cells that repeat (hyperlinks, wrapped text, text that looks like a
formula) are :class:`Styled` values: their style is worked out once per
workbook, not once per cell.

It replaces one private method of the sheet (``_write_rows``, the generator
``append`` feeds); the openpyxl version is pinned in ``pyproject.toml`` for
that reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from math import isfinite
from types import MethodType
from typing import Any

from lxml.etree import Element, SubElement
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.constants import XML_NS

_SPACE = f"{{{XML_NS}}}space"
_letters: list[str] = []


class CellStyle:
    """A cell style many cells share, as openpyxl cell attributes (``style="Hyperlink"``,
    ``alignment=…``, ``quotePrefix=True``); its style id is worked out once per workbook."""

    __slots__ = ("attrs", "_ids")

    def __init__(self, **attrs: Any) -> None:
        self.attrs = attrs
        self._ids: dict[int, str] = {}

    def id_in(self, ws: Any) -> str:
        key = id(ws.parent)
        sid = self._ids.get(key)
        if sid is None:
            template = Cell(ws)
            for name, value in self.attrs.items():
                setattr(template, name, value)
            sid = self._ids[key] = str(template.style_id)
        return sid


class Styled:
    """Text written with a shared :class:`CellStyle`, always as text (never a formula or
    an error value), and a hyperlink to ``link`` when given."""

    __slots__ = ("text", "style", "link")

    def __init__(self, text: str, style: CellStyle, link: str | None = None) -> None:
        self.text, self.style, self.link = text, style, link

    def __repr__(self) -> str:
        return f"Styled({self.text!r}, link={self.link!r})"


def fast_rows(ws: Any) -> Any:
    """Make ``ws`` (a write-only sheet not yet appended to) write its rows the fast way."""
    ws._write_rows = MethodType(_write_rows, ws)
    return ws


def _write_rows(ws: Any) -> Iterator[None]:
    # openpyxl's own _write_rows, with _row in place of _values_to_row + write_row.
    xf = ws._writer.xf.send(True)
    with xf.element("sheetData"):
        index = 1
        try:
            while True:
                values = yield
                xf.write(_row(ws, values, index))
                index += 1
        except GeneratorExit:
            pass
    ws._writer.xf.send(None)


class _Into:
    """What etree_write_cell writes to: the row element being built."""

    __slots__ = ("row",)

    def __init__(self, row: Any) -> None:
        self.row = row

    def write(self, el: Any) -> None:
        self.row.append(el)


def _row(ws: Any, values: Sequence[Any], index: int) -> Any:
    number = str(index)
    row = Element("row", r=number)
    into = None
    while len(_letters) < len(values):
        _letters.append(get_column_letter(len(_letters) + 1))
    for col, value in enumerate(values):
        if value is None:
            continue
        kind = type(value)
        if kind is str and _plain_text(value):
            _text(SubElement(row, "c", r=_letters[col] + number, t="inlineStr"), value)
        elif kind is Styled:
            ref = _letters[col] + number
            _text(SubElement(row, "c", r=ref, s=value.style.id_in(ws), t="inlineStr"),
                  value.text)
            if value.link is not None:
                ws._hyperlinks.append(Hyperlink(ref=ref, target=value.link))
        elif kind is int or kind is float:
            c = SubElement(row, "c", r=_letters[col] + number, t="n")
            SubElement(c, "v").text = f"{value:.16g}" if isfinite(value) else ""
        else:  # a styled cell, a hyperlink, a bool, a formula-like or error-like string…
            cell = value if isinstance(value, Cell) else Cell(ws, value=value)
            cell.column, cell.row = col + 1, index
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            if cell._value is None and not cell.has_style:
                continue
            into = into or _Into(row)
            etree_write_cell(into, ws, cell, cell.has_style)
    return row


def _text(c: Any, value: str) -> None:
    if not value:
        return  # openpyxl writes an empty string as a cell without a value
    # lxml refuses the control characters XML cannot hold (ValueError), as openpyxl does.
    t = SubElement(SubElement(c, "is"), "t")
    if value != value.strip():
        t.set(_SPACE, "preserve")
    t.text = value


def _plain_text(value: str) -> bool:
    """Whether openpyxl would write ``value`` as a plain inline string."""
    # A formula or an error value to openpyxl: it decides how to write them.
    return not (value.startswith("=") and len(value) > 1 or value in ERROR_CODES)


__all__ = ["CellStyle", "Styled", "fast_rows"]
