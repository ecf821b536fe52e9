"""The fast row writer (reports/xlsxrows.py) writes what openpyxl writes for the same rows."""

from __future__ import annotations

import gc

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

from reports.xlsxrows import CellStyle, Styled, fast_rows

WRAP = Alignment(wrap_text=True)
STYLES = {
    "link": CellStyle(style="Hyperlink"),
    "wrap": CellStyle(alignment=WRAP),
    "text": CellStyle(quotePrefix=True),
}

# (value as given to fast_rows, the same cell the openpyxl way)
ROWS: list[list[tuple[object, object]]] = [
    [("plain", "plain"), (None, None), (42, 42), (3.25, 3.25), (10**15 + 7, 10**15 + 7)],
    [(" padded ", " padded "), ("淘口令 ￥AbCd1234￥", "淘口令 ￥AbCd1234￥"), (True, True),
     (False, False), (float("inf"), float("inf"))],
    [("=SUM(A1)", "=SUM(A1)"), ("#N/A", "#N/A"), ("=", "="), ("", ""), (-0.5, -0.5)],
    [("a & b < c > d", "a & b < c > d"), ("CR\r\nLF\ttab", "CR\r\nLF\ttab"), ("  ", "  "),
     ("\U0001F600 emoji", "\U0001F600 emoji"), ('"quoted" \'single\'', '"quoted" \'single\'')],
    [(Styled("https://s.click.taobao.com/t?e=x", STYLES["link"]), "link"),
     (Styled("line one\nline two", STYLES["wrap"]), "wrap"),
     (Styled("=HYPERLINK(\"x\")", STYLES["text"]), "text"),
     ("after", "after"),
     (Styled("https://uland.taobao.com/coupon/edetail?e=a%3D&pid=mm_1_2_3&q=\"<>\"",
             STYLES["link"]), "link")],
]


def _openpyxl_cell(ws, given, expected):
    if expected == "link":  # the link itself is SheetLinks' (tests/test_workbook.py)
        cell = WriteOnlyCell(ws, given.text)
        cell.style = "Hyperlink"
        return cell
    if expected in ("wrap", "text"):
        cell = WriteOnlyCell(ws, given.text)
        for name, value in STYLES[expected].attrs.items():
            setattr(cell, name, value)
        cell.data_type = "s"
        return cell
    return expected


def _write(path, fast: bool):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("S")
    if fast:
        fast_rows(ws)
    header = WriteOnlyCell(ws, "Header")
    header.font = Font(bold=True)
    ws.append([header, "x"])
    for row in ROWS:
        if fast:
            ws.append([given for given, _ in row])
        else:
            ws.append([_openpyxl_cell(ws, given, expected) for given, expected in row])
    wb.save(path)


def _cells(path):
    ws = load_workbook(path)["S"]
    return [
        (c.coordinate, c.value, c.data_type, c.font.b, c.alignment.wrap_text, c.quotePrefix,
         c.hyperlink.target if c.hyperlink else None, c.style)
        for row in ws.iter_rows() for c in row
    ]


def test_fast_rows_read_back_as_openpyxl_writes_them(tmp_path):
    _write(tmp_path / "fast.xlsx", fast=True)
    _write(tmp_path / "slow.xlsx", fast=False)
    fast, slow = _cells(tmp_path / "fast.xlsx"), _cells(tmp_path / "slow.xlsx")
    assert fast == slow
    by_ref = {c[0]: c for c in fast}
    assert by_ref["A6"][7] == "Hyperlink"
    assert by_ref["C6"][1:3] == ('=HYPERLINK("x")', "s")  # text, not a formula
    assert by_ref["B6"][4] is True
    assert by_ref["B5"][1] == "CR\r\nLF\ttab"  # the CR survives the round trip
    assert by_ref["E6"][1] == "https://uland.taobao.com/coupon/edetail?e=a%3D&pid=mm_1_2_3&q=\"<>\""


def test_illegal_characters_are_refused_as_openpyxl_refuses_them():
    wb = Workbook(write_only=True)
    ws = fast_rows(wb.create_sheet("S"))
    with pytest.raises(ValueError, match="control characters"):
        ws.append(["ok", "bad\x01"])


def test_style_ids_belong_to_their_workbook_even_after_another_is_freed() -> None:
    """A workbook freed and another made at the same address must not share style ids."""
    text = CellStyle(quotePrefix=True)
    wrapped = CellStyle(alignment=Alignment(wrap_text=True))
    for round_ in range(20):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        if round_ % 2:
            wrapped.id_in(ws)  # registered first: the quote-prefix style gets another id
        fresh = Cell(ws)
        fresh.quotePrefix = True
        assert text.id_in(ws) == str(fresh.style_id)
        del wb, ws, fresh
        gc.collect()
