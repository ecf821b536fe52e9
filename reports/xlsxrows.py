"""Rows of a write-only openpyxl sheet written without a Cell object per value.

openpyxl's write-only sheet turns every appended value into a ``WriteOnlyCell``
and streams it through ``xmlfile`` one element at a time: about 10 µs a cell,
most of a report's time. Nearly every cell of a report is a plain string or
number, so :func:`fast_rows` writes each row as XML text, escaped as lxml
escapes it, straight to the sheet's file between the elements openpyxl writes,
and leaves openpyxl only the cells that carry a style of their own or a type
it alone knows how to write. The workbook reads back as openpyxl's own
(``tests/test_xlsxrows.py`` compares the two).

Styled cells that repeat (link text, wrapped text, text that looks like a
formula) are :class:`Styled` values: their style is worked out once per
workbook, not once per cell.

A row appended as a :class:`Row` carries its height (``reports/layout.py``
works it out for rows with wrapped text).

It replaces two private methods of the sheet (``_get_writer`` and
``_write_rows``, the generator ``append`` feeds) and the sheet writer's
``get_stream``; the openpyxl version is pinned in ``pyproject.toml`` for that
reason.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from math import isfinite
from types import MethodType
from typing import Any
from weakref import WeakKeyDictionary

from lxml.etree import tostring, xmlfile
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS

_letters: list[str] = []


class CellStyle:
    """A cell style many cells share, as openpyxl cell attributes (``style="Hyperlink"``,
    ``alignment=…``, ``quotePrefix=True``); its style id is worked out once per workbook."""

    __slots__ = ("_ids", "attrs", "wraps")

    def __init__(self, **attrs: Any) -> None:
        self.attrs = attrs
        alignment = attrs.get("alignment")
        self.wraps = bool(alignment is not None and alignment.wrap_text)
        """Text in this style wraps (see :func:`reports.layout.row_height`)."""
        # Held weakly, per workbook object: keyed by id(), a workbook made where a freed
        # one lived took its style ids, and openpyxl could not read the file back.
        self._ids: WeakKeyDictionary[Any, str] = WeakKeyDictionary()

    def id_in(self, ws: Any) -> str:
        sid = self._ids.get(ws.parent)
        if sid is None:
            template = Cell(ws)
            for name, value in self.attrs.items():
                setattr(template, name, value)
            sid = self._ids[ws.parent] = str(template.style_id)
        return sid


class Styled:
    """Text written with a shared :class:`CellStyle`, always as text (never a formula or
    an error value). A link on it is the sheet's business (``reports/sheetlinks.py``)."""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: CellStyle) -> None:
        self.text, self.style = text, style

    def __repr__(self) -> str:
        return f"Styled({self.text!r})"


class Row(list[Any]):
    """A row's cells and its height in points, written as ``<row ht="…" customHeight="1">``.

    A plain list or tuple of cells leaves the height to the application.
    """

    __slots__ = ("height",)

    def __init__(self, cells: Iterable[Any], height: float) -> None:
        super().__init__(cells)
        self.height = height


def fast_rows(ws: Any) -> Any:
    """Make ``ws`` (a write-only sheet not yet appended to) write its rows the fast way."""
    ws._get_writer = MethodType(_get_writer, ws)
    ws._write_rows = MethodType(_write_rows, ws)
    return ws


class _RawWriter(WorksheetWriter):  # type: ignore[misc]  # openpyxl ships no types
    """openpyxl's sheet writer with the file it writes to in reach (``file``), so that
    rows can go to it as text between the elements lxml writes."""

    file: Any = None

    def get_stream(self) -> Iterator[Any]:
        # WorksheetWriter.get_stream, with the file opened here rather than by xmlfile.
        with open(self.out, "wb") as f, xmlfile(f) as xf:
            self.file = f
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is not None:
                            xf.write(el)
                except GeneratorExit:
                    pass


def _get_writer(ws: Any) -> None:
    if ws._writer is None:
        ws._writer = _RawWriter(ws)
        ws._writer.write_top()


def _write_rows(ws: Any) -> Generator[None, Sequence[Any], None]:
    # openpyxl's own _write_rows, with each row written as text by _row.
    writer = ws._writer
    xf = writer.xf.send(True)
    with xf.element("sheetData"):
        xf.flush()  # <sheetData> is in the file: the rows go after it
        write = writer.file.write
        index = 1
        try:
            while True:
                values = yield
                write(_row(ws, values, index).encode("utf-8"))
                index += 1
        except GeneratorExit:
            pass
    writer.xf.send(None)


class _Into(list[Any]):
    """What etree_write_cell writes an element to."""

    write = list.append


def _row(ws: Any, values: Sequence[Any], index: int) -> str:
    number = str(index)
    if type(values) is Row:
        parts = [f'<row r="{number}" ht="{values.height:g}" customHeight="1">']
    else:
        parts = [f'<row r="{number}">']
    while len(_letters) < len(values):
        _letters.append(get_column_letter(len(_letters) + 1))
    for col, value in enumerate(values):
        if value is None:
            continue
        kind = type(value)
        if kind is str and _plain_text(value):
            parts.append(f'<c r="{_letters[col]}{number}" t="inlineStr"{_text(value)}')
        elif kind is Styled:
            ref = _letters[col] + number
            parts.append(f'<c r="{ref}" s="{value.style.id_in(ws)}" t="inlineStr"'
                         f"{_text(value.text)}")
        elif kind is int or kind is float:
            number_text = f"{value:.16g}" if isfinite(value) else ""
            parts.append(f'<c r="{_letters[col]}{number}" t="n"><v>{number_text}</v></c>')
        else:  # a cell openpyxl styles, a bool, a formula-like or error-like string…
            cell = value if isinstance(value, Cell) else Cell(ws, value=value)
            cell.column, cell.row = col + 1, index
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            if cell._value is None and not cell.has_style:
                continue
            into = _Into()
            etree_write_cell(into, ws, cell, cell.has_style)
            parts.extend(tostring(el, encoding="unicode") for el in into)
    parts.append("</row>")
    return "".join(parts)


def _text(value: str) -> str:
    """The rest of an inline-string cell: ``value`` as lxml would escape it."""
    if not value:
        return "/>"  # openpyxl writes an empty string as a cell without a value
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise ValueError(f"{value[:40]!r}… holds control characters XML cannot hold")
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # a raw CR would be read back as LF
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"><is><t{space}>{text}</t></is></c>"


def _plain_text(value: str) -> bool:
    """Whether openpyxl would write ``value`` as a plain inline string."""
    # A formula or an error value to openpyxl: it decides how to write them.
    return not (value.startswith("=") and len(value) > 1 or value in ERROR_CODES)


__all__ = ["CellStyle", "Row", "Styled", "fast_rows"]
