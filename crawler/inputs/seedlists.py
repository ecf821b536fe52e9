"""Read a URL list kept as a spreadsheet: a CSV or XLSX file with a ``url`` column.

Creators keep their posts in a spreadsheet more often than in a text file. The
``url`` column holds the seeds; an optional ``mode`` column says ``site`` or
``page`` per row (blank: the bare-URL rule). Header names are matched without
regard to case or surrounding spaces. Each row becomes one line of the seeds
file syntax (``mode URL``) named ``FILE:ROW``, so every rule of
:func:`crawler.inputs.seeds.parse_seed_line` applies. Pure: no Scrapy.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from crawler.inputs.textfiles import decode_text_file

__all__ = ["TABLE_SUFFIXES", "table_lines"]

CSV_SUFFIXES = (".csv", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
URL_COLUMN, MODE_COLUMN = "url", "mode"

# An XLSX file is a zip whose members inflate, and whose sheets declare their own
# size (``A1:XFD1048576``, 17 billion cells, in a 5 KB file): neither is trusted.
#: Rows and columns read from a sheet; rows past them must be empty.
MAX_ROWS, MAX_COLUMNS = 100_000, 256
#: What the zip's members may inflate to in all: a 100,000-row list of URLs is
#: some 20 MB of XML.
MAX_UNPACKED = 64 * 1024 * 1024
#: How many times its compressed size a member over 1 MiB may inflate to: sheet XML
#: compresses some 10-20 times, a zip bomb's thousands of times.
MAX_RATIO, RATIO_FROM = 100, 1024 * 1024


class TableError(ValueError):
    """A URL table that cannot be used; the message names the file and the fix."""


def table_lines(path: Path, raw: bytes) -> Iterator[tuple[str, str]]:
    """``(FILE:ROW, "mode URL")`` for each non-blank row of the table in ``raw``.

    >>> data = "Title,URL,Mode\\nMy blog,https://b.example/,site\\n,,\\nPost,https://z.example/p/1,\\n"
    >>> list(table_lines(Path("posts.csv"), data.encode()))
    [('posts.csv:2', 'site https://b.example/'), ('posts.csv:4', 'https://z.example/p/1')]
    """
    rows = _xlsx_rows(path, raw) if path.suffix.lower() in XLSX_SUFFIXES else _csv_rows(path, raw)
    header: list[str] | None = None
    url_at = mode_at = None
    for number, row in rows:
        cells = ["" if v is None else str(v).strip() for v in row]
        if not any(cells):
            continue
        if header is None:
            header = cells
            names = [c.lower() for c in cells]
            if URL_COLUMN not in names:
                shown = ", ".join(repr(c) for c in cells if c) or "none"
                raise TableError(
                    f"{path} has no 'url' column (its columns: {shown}); name the column "
                    "of addresses 'url' (and optionally one 'mode' with site or page)"
                )
            url_at = names.index(URL_COLUMN)
            mode_at = names.index(MODE_COLUMN) if MODE_COLUMN in names else None
            continue
        url = _at(cells, url_at)
        if not url:
            continue
        mode = _at(cells, mode_at) if mode_at is not None else ""
        yield f"{path}:{number}", f"{mode} {url}".strip()
    if header is None:
        raise TableError(f"{path} is empty; give it a 'url' column with one address per row")


def _at(cells: Sequence[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _csv_rows(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(path, raw)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise TableError(f"{path}:{reader.line_num}: not valid CSV ({exc}); save it again "
                         "from your spreadsheet as CSV") from None


def _decode(path: Path, raw: bytes) -> str:
    # Excel saves "CSV UTF-8" with a BOM and plain "CSV" in the system's code page,
    # which on a Chinese Windows is GBK.
    decoded = decode_text_file(raw)
    if decoded is not None and "\x00" not in decoded[0]:
        return decoded[0]
    raise TableError(f"{path} is not a text CSV file (not UTF-8 or GB18030); save it "
                     "from your spreadsheet as 'CSV UTF-8'")


def _xlsx_rows(path: Path, raw: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # First, so openpyxl loads without numpy here too (see reports/_openpyxl.py).
    from reports import _openpyxl  # noqa: F401
    # isort: split
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(path, raw)
    try:
        # data_only: a formula cell gives the value Excel showed, not "=HYPERLINK(...)".
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError,
            SyntaxError) as exc:  # SyntaxError: XML inside the zip that does not parse
        raise TableError(f"{path} cannot be read as an Excel workbook ({exc}); save it "
                         "again from Excel as .xlsx, or as CSV") from None
    try:
        # The first sheet whose first row names a url column; else the first sheet,
        # whose columns the error message then lists.
        sheets = list(wb.worksheets)
        chosen = next((ws for ws in sheets if _has_url_header(ws)), sheets[0] if sheets else None)
        if chosen is None:
            return
        # Passing the bounds keeps openpyxl from padding rows and columns up to the
        # sheet's declared size; rows past MAX_ROWS are read only to see they are empty.
        rows = chosen.iter_rows(values_only=True, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
        yield from enumerate(rows, start=1)
        # Excel's last row: openpyxl would otherwise stop at the declared one.
        extra = chosen.iter_rows(values_only=True, min_row=MAX_ROWS + 1, max_row=1_048_576,
                                 max_col=MAX_COLUMNS)
        # any(row) first: the gaps up to a declared last row come as one empty tuple.
        if any(str(v).strip() for row in extra if any(row) for v in row if v is not None):
            raise TableError(f"{path} has rows past row {MAX_ROWS:,}; a seeds list may have "
                             f"at most {MAX_ROWS:,} rows: split it, or delete the stray cells "
                             "below the list")
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError) as exc:
        raise TableError(f"{path}: the workbook is damaged ({exc}); save it again from "
                         "Excel, or as CSV") from None
    finally:
        wb.close()


def _check_zip(path: Path, raw: bytes) -> None:
    """Refuse a workbook whose members would inflate past the caps, before any is read.

    The declared sizes can be trusted: zipfile stops a member at its declared size.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableError(f"{path} cannot be read as an Excel workbook ({exc}); save it "
                         "again from Excel as .xlsx, or as CSV") from None
    unpacked = sum(m.file_size for m in members)
    bomb = next((m for m in members if m.file_size > RATIO_FROM
                 and m.file_size > MAX_RATIO * max(m.compress_size, 1)), None)
    if unpacked > MAX_UNPACKED or bomb is not None:
        what = (f"its part {bomb.filename} inflates {bomb.file_size // max(bomb.compress_size, 1):,} "
                "times" if bomb is not None else f"it inflates to {unpacked / 2**20:,.0f} MiB")
        raise TableError(f"{path} is not a plain list of URLs: {what} (a seeds workbook may "
                         f"inflate to {MAX_UNPACKED >> 20} MiB, each part {MAX_RATIO} times); "
                         "copy the url column into a new workbook, or save it as CSV")


def _has_url_header(ws: Any) -> bool:
    for row in ws.iter_rows(values_only=True, max_row=20, max_col=MAX_COLUMNS):
        cells = [str(v).strip().lower() for v in row if v is not None and str(v).strip()]
        if cells:
            return URL_COLUMN in cells
    return False
