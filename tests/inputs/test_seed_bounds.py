"""Hostile seeds files are refused in bounded time and memory, with the file named.

Each file is built here: a device and a pipe that never end, a text list over the
cap, a 5 KB workbook declaring 17 billion cells, one with a cell a million rows
down, and one whose shared strings are a zip bomb. The crawl process measures its
own peak memory (as in test_faults.py); a pipe nobody writes to would hang the
old reader, which the subprocess timeout turns into a failure.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.inputs.seedlists import MAX_ROWS
from crawler.inputs.seeds import MAX_SEEDS_BYTES
from tests.conftest import ROOT
from tests.e2e.test_faults import _MEASURED

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")


def _workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    from reports import _openpyxl  # noqa: F401 - openpyxl without numpy, as the project loads it

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None],
           extra: Callable[[zipfile.ZipFile], None] | None = None) -> bytes:
    """``data``'s members, each passed through ``change`` (``None``: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info))
            if body is not None:
                dst.writestr(info.filename, body)
        if extra:
            extra(dst)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
ROWS = [["url"], ["not a url at all"]]


def _sheet_changed(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    return _rezip(data, lambda name, body: change(body) if name == SHEET else body)


def huge_dimension(tmp: Path) -> Path:
    # A sheet formatted to its last cell: the declared size, and one empty styled cell
    # in the far corner.
    data = _sheet_changed(_workbook(ROWS), lambda body: body.replace(
        b'<dimension ref="A1:A2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'))
    path = tmp / "seeds.xlsx"
    path.write_bytes(data)
    return path


def far_cell(tmp: Path) -> Path:
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _sheet_changed(_workbook(ROWS), lambda body: body.replace(
        b"</sheetData>", far + b"</sheetData>"))
    path = tmp / "seeds.xlsx"
    path.write_bytes(data)
    return path


SHARED = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def shared_strings_bomb(tmp: Path) -> Path:
    # The sheet's two cells point into shared strings of some 200 MiB, 500 KB zipped.
    def change(name: str, body: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                b'ContentType="' + SHARED + b'"/></Types>')
        if name == SHEET:
            return body.replace(b'<c r="A1" t="inlineStr"><is><t>url</t></is></c>',
                                b'<c r="A1" t="s"><v>0</v></c>').replace(
                b'<c r="A2" t="inlineStr"><is><t>not a url at all</t></is></c>',
                b'<c r="A2" t="s"><v>1</v></c>')
        return body

    def bomb(dst: zipfile.ZipFile) -> None:
        with dst.open("xl/sharedStrings.xml", "w") as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<si><t>url</t></si><si><t>not a url at all</t></si>")
            chunk = b"<si><t>x</t></si>" * 65536
            for _ in range(200 * 2**20 // len(chunk)):
                f.write(chunk)
            f.write(b"</sst>")

    data = _rezip(_workbook(ROWS), change, bomb)
    assert b't="s"' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    path = tmp / "seeds.xlsx"
    path.write_bytes(data)
    return path


def oversized_text(tmp: Path) -> Path:
    path = tmp / "seeds.txt"
    # Loopback, port 9: should a list over the cap be read, nothing leaves the machine.
    line = b"page http://127.0.0.1:9/p/0123456789\n"
    path.write_bytes(line * (MAX_SEEDS_BYTES // len(line) + 10))
    return path


def fifo(tmp: Path) -> Path:
    path = tmp / "seeds.txt"
    os.mkfifo(path)  # nobody ever writes to it
    return path


CASES = {
    "/dev/zero": (lambda tmp: Path("/dev/zero"), "not a regular file"),
    "a pipe no one writes to": (fifo, "not a regular file"),
    "a text list over the cap": (oversized_text, f"over the {MAX_SEEDS_BYTES >> 20} MiB"),
    "a workbook declaring A1:XFD1048576": (huge_dimension, "unknown keyword 'not'"),
    "a cell a million rows down": (far_cell, f"rows past row {MAX_ROWS:,}"),
    "a shared-strings zip bomb": (shared_strings_bomb, "inflates"),
}


def crawl_seeds(seeds: Path, tmp: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """``linkaudit crawl --seeds SEEDS``; the result and the process's peak RSS in MiB."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    peak = tmp / "peak.txt"
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", _MEASURED, str(peak), "crawl", "--seeds", str(seeds),
         "-o", str(tmp / "r.xlsx")],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=90, check=False,
    )
    return result, int(peak.read_text()) // 1024


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_seeds_files_are_refused_in_bounded_memory(tmp_path: Path, case: str) -> None:
    make, message = CASES[case]
    (tmp_path / "base").mkdir()
    (tmp_path / "hostile").mkdir()
    plain = tmp_path / "base" / "seeds.txt"
    plain.write_text("not a url at all\n", encoding="utf-8")
    _, baseline = crawl_seeds(plain, tmp_path / "base")
    seeds = make(tmp_path / "hostile")
    result, peak = crawl_seeds(seeds, tmp_path / "hostile")
    print(f"peak RSS: {case} {peak} MiB (a one-line seeds file: {baseline} MiB)")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(seeds) in result.stderr and message in result.stderr, result.stderr
    assert peak - baseline < 64, (peak, baseline)
