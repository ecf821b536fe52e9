"""Print setup and row heights (reports/layout.py), read back from written workbooks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Alignment

from reports import write_workbook
from reports.columns import MAX_WIDTH
from reports.layout import LINE_HEIGHT, MAX_ROW_HEIGHT, row_height, wrapped_lines
from reports.xlsxrows import CellStyle, Styled
from tests.reports.test_workbook import finding, page

RUN = {"command": "crawl", "seeds": [{"mode": "site", "url": "https://blog.example.com/"}]}
TABLES = ("To remove", "Ad slots", "Ad slot pages", "Findings", "Pages", "Could not audit")


def _write(path: Path, findings: list[dict[str, Any]], max_rows: int = 1_048_576) -> Path:
    return write_workbook(path, run=RUN, findings=findings, pages=[page()], max_rows=max_rows)


def test_every_sheet_and_part_prints_landscape_a4_one_page_wide(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", [finding(line=n) for n in range(5)], max_rows=3)
    wb = load_workbook(path)
    assert "Findings (2)" in wb.sheetnames and "Run (2)" in wb.sheetnames  # split sheets
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), ws.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.freeze_panes == "A2", ws.title
        is_table = ws.title.split(" (")[0] in TABLES
        # The header row atop every printed page of a sheet that has one; the Summary has none.
        headed = is_table or ws.title.startswith("Run")
        assert ws.print_title_rows == ("$1:$1" if headed else None), ws.title
        if is_table:
            assert ws.auto_filter.ref, ws.title


def test_rows_with_wrapped_text_say_how_tall_they_are(tmp_path: Path) -> None:
    long_context = "领券购买 " * 30  # 30 × (4 × 2 + 4/3) columns in a column 60 wide: 5 lines
    three_lines = "line one\nline two\nline three"
    path = _write(tmp_path / "r.xlsx", [
        finding(context=long_context),
        finding(context="short"),
        finding(context=three_lines + "\n" + "x" * 130),  # 3 short lines + one of 3 (173 / 60)
    ])
    ws = load_workbook(path)["Findings"]
    context = [c.value for c in ws[1]].index("Context") + 1
    heights = {row: ws.row_dimensions[row].height for row in range(2, 5)}
    by_context = {ws.cell(row, context).value: h for row, h in heights.items()}
    assert by_context[long_context] == 5 * LINE_HEIGHT
    assert by_context["short"] is None  # not wrapped: the application's default height
    assert by_context[three_lines + "\n" + "x" * 130] == 6 * LINE_HEIGHT
    assert ws.row_dimensions[1].height is None  # the header
    # The Summary's next steps wrap in its column B too.
    summary = load_workbook(path)["Summary"]
    width = summary.column_dimensions["B"].width
    todo = next(r for r in range(1, 20) if str(summary.cell(r, 1).value).endswith("☐")
                and len(summary.cell(r, 2).value) > width)
    width = summary.column_dimensions["B"].width
    lines = wrapped_lines(summary.cell(todo, 2).value, width)
    assert lines > 1
    assert summary.row_dimensions[todo].height == lines * LINE_HEIGHT


def test_row_heights_stop_at_excels_maximum(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", [finding(context="\n".join(["a"] * 500))])
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/worksheets/sheet")]
    heights = [float(h) for xml in sheets for h in re.findall(r'<row [^>]*\sht="([^"]+)"', xml)]
    assert MAX_ROW_HEIGHT in heights and max(heights) == MAX_ROW_HEIGHT


_WRAP = CellStyle(alignment=Alignment(wrap_text=True))
_LINK = CellStyle(style="Hyperlink")


@pytest.mark.parametrize(
    ("cells", "widths", "height"),
    [
        (["plain", 3, None], [10, 10, 10], None),
        ([Styled("a" * 25, _WRAP)], [10], 4 * LINE_HEIGHT),  # ceil(25 * 4/3 / 10)
        ([Styled("推广位" * 5, _WRAP)], [10], 3 * LINE_HEIGHT),  # 30 columns wide
        ([Styled("a" * 25, _LINK)], [10], None),  # links do not wrap
        ([Styled("a\nb", _WRAP), Styled("a" * 41, _WRAP)], [10, 10], 6 * LINE_HEIGHT),
        ([Styled("short", _WRAP)], [10], None),  # one line: the default height fits
        ([Styled("a" * 10_000, _WRAP)], [MAX_WIDTH], MAX_ROW_HEIGHT),
    ],
)
def test_row_height(cells: list[Any], widths: list[float], height: float | None) -> None:
    assert row_height(cells, widths) == height
