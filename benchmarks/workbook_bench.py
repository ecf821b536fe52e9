#!/usr/bin/env python3
"""A workbook past Excel's row limit: time and memory of ``linkaudit report``, and the file checked.

It writes a record of N findings (default 1,100,000, more than the 1,048,576
rows Excel holds per sheet) with crawl_bench's generator, renders it with the
real CLI in its own process, then checks the file:

  - every sheet holds at most 1,048,576 rows and 65,530 hyperlinks (counted
    in each sheet's XML, streamed), and the Findings sheets together hold
    every finding;
  - with ``--soffice``, LibreOffice converts each sheet to CSV (headless) and
    every row is there, which it is not when a sheet is longer than it can
    load.

    .venv/bin/python benchmarks/workbook_bench.py                       # 1.1 million findings
    .venv/bin/python benchmarks/workbook_bench.py --findings 200000 --soffice
    .venv/bin/python benchmarks/workbook_bench.py --compare-writers 100000

``--compare-writers N`` times, each in its own process, N Findings-shaped rows
(16 cells, the page URL a hyperlink on the first 65,530) written through
today's writer (openpyxl write-only plus reports/xlsxrows.py and
sheetlinks.py), openpyxl's public write-only API (a WriteOnlyCell per value),
and XlsxWriter's public constant_memory API; then prints what XlsxWriter's
public API stores for text and links that today's workbook keeps as written.

Exit status 0 when the report was written and every check passed; 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from crawl_bench import MB, PY, ROOT, _load, run_child, write_big_record

sys.path.insert(0, str(ROOT))

from reports.sheetlinks import MAX_HYPERLINKS  # noqa: E402
from reports.sheetparts import MAX_SHEET_ROWS  # noqa: E402

_SHEET_RE = re.compile(rb'<sheet [^>]*name="([^"]*)"[^>]*r:id="(rId[0-9]+)"')
_TARGET_RE = re.compile(rb'<Relationship [^>]*Id="(rId[0-9]+)"[^>]*Target="([^"]*)"'
                        rb'|<Relationship [^>]*Target="([^"]*)"[^>]*Id="(rId[0-9]+)"')


def sheet_counts(path: Path) -> list[tuple[str, int, int]]:
    """``(sheet name, rows, hyperlinks)`` of every sheet, counted in its XML a chunk at a time."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
        targets = {}
        for m in _TARGET_RE.finditer(rels):
            rid, target = (m[1], m[2]) if m[1] else (m[4], m[3])
            targets[rid] = target.decode().lstrip("/").removeprefix("xl/")
        counts = []
        for name, rid in _SHEET_RE.findall(book):
            rows = links = 0
            tail = b""
            with archive.open(f"xl/{targets[rid]}") as f:
                while chunk := f.read(1 << 20):
                    text = tail + chunk
                    rows += text.count(b"<row ")
                    links += text.count(b"<hyperlink ")
                    tail = text[-16:]  # a tag cut between chunks is counted with the next
                    rows -= tail.count(b"<row ")
                    links -= tail.count(b"<hyperlink ")
                rows += tail.count(b"<row ")
                links += tail.count(b"<hyperlink ")
            counts.append((name.decode(), rows, links))
        return counts


def soffice_rows(path: Path, work: Path, soffice: str) -> tuple[float, dict[str, int], str]:
    """Seconds LibreOffice took to convert every sheet to CSV, the CSV records per sheet,
    and what it printed."""
    out = work / "csv"
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    t0 = time.perf_counter()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", csv_filter, "--outdir", str(out), str(path)],
        capture_output=True, text=True, check=False, env={**os.environ, "HOME": str(work)},
    )
    took = time.perf_counter() - t0
    rows = {}
    csv.field_size_limit(1 << 30)
    for sheet_csv in sorted(out.glob(f"{path.stem}-*.csv")):
        with sheet_csv.open(encoding="utf-8", newline="") as f:
            rows[sheet_csv.stem.removeprefix(f"{path.stem}-")] = sum(1 for _ in csv.reader(f))
    return took, rows, (done.stdout + done.stderr).strip()


_ROW: list[str | int | None] = [
    "https://blog.example.com/posts/123.html", "https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc",
    "taobao", "click link", "id visible", "mm_111_222_333", "111", "222", "333", "a[href]", 123,
    "领券购买 some context text here", None, "taobao.pid", "html>body>div>p>a", None,
]


def write_rows_with(writer: str, path: str, n: int) -> None:
    """Child of ``--compare-writers``: ``n`` rows of ``_ROW`` through one writer."""
    if writer == "xlsxwriter":
        import xlsxwriter

        wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_urls": False,
                                        "strings_to_numbers": False, "strings_to_formulas": False})
        ws = wb.add_worksheet("Findings")
        for i in range(n):
            if i < MAX_HYPERLINKS:
                ws.write_url(i, 0, _ROW[0])
            else:
                ws.write_string(i, 0, _ROW[0])
            for j, value in enumerate(_ROW[1:], 1):
                if isinstance(value, str):
                    ws.write_string(i, j, value)
                elif value is not None:
                    ws.write_number(i, j, value)
        wb.close()
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from reports.sheetlinks import SheetLinks
    from reports.xlsxrows import CellStyle, Styled, fast_rows

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Findings")
    if writer == "today":
        fast_rows(ws)
        links, link = SheetLinks(ws), CellStyle(style="Hyperlink")
        for i in range(n):
            links.row = i + 1
            first = Styled(_ROW[0], link) if links.take(1, str(_ROW[0])) else _ROW[0]
            ws.append([first, *_ROW[1:]])
    else:
        for i in range(n):
            cell = WriteOnlyCell(ws, _ROW[0])
            if i < MAX_HYPERLINKS:
                cell.hyperlink, cell.style = _ROW[0], "Hyperlink"
            ws.append([cell, *_ROW[1:]])
    wb.save(path)
    if writer == "today":
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            links.write_relationships(archive)


def xlsxwriter_fidelity(path: Path) -> list[str]:
    """What openpyxl reads back from text and links written by XlsxWriter's public API."""
    import xlsxwriter
    from openpyxl import load_workbook

    texts = ["\r=cmd", "<r>x</r>", "_x0041_"]
    urls = ["file:///home/me/blog/a.md", 'https://b.example/?a=<1>&b="2"', "https://b.example/p#f"]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_urls": False})
    ws = wb.add_worksheet("S")
    for i, text in enumerate(texts):
        ws.write_string(i, 0, text)
    for i, url in enumerate(urls, len(texts)):
        ws.write_url(i, 0, url, string=url)
    wb.close()
    cells = [row[0] for row in load_workbook(path)["S"].iter_rows()]
    out = [f"text {t!r} reads back as {c.value!r}" for t, c in zip(texts, cells[:len(texts)], strict=True)]
    out += [f"link {u!r} has target {c.hyperlink.target!r}, location {c.hyperlink.location!r}"
            for u, c in zip(urls, cells[len(texts):], strict=True)]
    return out


def compare_writers(n: int, tmp: Path) -> None:
    print(f"{n:,} Findings-shaped rows of {len(_ROW)} cells, each writer in its own process:")
    print(f"{'writer':<44} {'wall s':>7} {'CPU s':>7} {'peak RSS':>9} {'.xlsx':>8}")
    names = {"today": "today (openpyxl + xlsxrows/sheetlinks patches)",
             "openpyxl": "openpyxl write-only, public API",
             "xlsxwriter": "XlsxWriter constant_memory, public API"}
    for writer, name in names.items():
        out = tmp / f"{writer}.xlsx"
        code = ("import sys; sys.path[:0] = sys.argv[1:3]; import workbook_bench as b; "
                "b.write_rows_with(sys.argv[3], sys.argv[4], int(sys.argv[5]))")
        run = run_child([PY, "-c", code, str(Path(__file__).parent), str(ROOT), writer, str(out),
                         str(n)], tmp, writer)
        print(f"{name:<44} {run.wall:>7.1f} {run.cpu:>7.1f} {run.rss_mb:>6.0f} MB "
              f"{out.stat().st_size / MB:>5.1f} MB")
    print(f"load average {_load()}\n\nXlsxWriter's public API, read back with openpyxl:")
    for line in xlsxwriter_fidelity(tmp / "fidelity.xlsx"):
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=1_100_000, metavar="N",
                    help="findings in the record (default 1100000)")
    ap.add_argument("--soffice", action="store_true",
                    help="also convert the workbook with LibreOffice and count its rows")
    ap.add_argument("--seed", type=int, default=20240603)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--compare-writers", type=int, metavar="N",
                    help="only time N Findings-shaped rows through each candidate writer")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="linkaudit-workbook-bench-"))
    ok = True
    try:
        if args.compare_writers:
            compare_writers(args.compare_writers, tmp)
            return 0
        t0 = time.perf_counter()
        record, n_pages = write_big_record(tmp, args.findings, args.seed)
        print(f"record of {args.findings:,} findings on {n_pages:,} pages written in "
              f"{time.perf_counter() - t0:.0f} s; load average {_load()}")
        xlsx = tmp / "REPORT.xlsx"
        run = run_child([PY, "-m", "crawler.cli", "report", str(record), "-o", str(xlsx)],
                        tmp, "report")
        if run.returncode:
            print(f"linkaudit report FAILED: {run.stderr[-2000:]}")
            return 1
        print(f"linkaudit report: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, peak RSS "
              f"{run.rss_mb:.0f} MB, {xlsx.stat().st_size / MB:.1f} MB .xlsx; "
              f"load average {_load()}")

        counts = sheet_counts(xlsx)
        print(f"\n{'sheet':<16} {'rows':>10} {'hyperlinks':>11}")
        for name, rows, links in counts:
            print(f"{name:<16} {rows:>10,} {links:>11,}")
        too_long = [name for name, rows, links in counts
                    if rows > MAX_SHEET_ROWS or links > MAX_HYPERLINKS]
        findings_rows = sum(rows - 1 for name, rows, _ in counts
                            if re.fullmatch(r"Findings( \([0-9]+\))?", name))
        print(f"every sheet ≤ {MAX_SHEET_ROWS:,} rows and ≤ {MAX_HYPERLINKS:,} hyperlinks: "
              f"{'yes' if not too_long else 'NO: ' + ', '.join(too_long)}; "
              f"Findings rows {findings_rows:,} of {args.findings:,}")
        ok &= not too_long and findings_rows == args.findings

        if args.soffice:
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            if soffice is None:
                print("LibreOffice (soffice) is not installed: skipped")
            else:
                took, lo_rows, said = soffice_rows(xlsx, tmp, soffice)
                want = {name: rows for name, rows, _ in counts}
                same = lo_rows == want
                print(f"\nLibreOffice converted every sheet to CSV in {took:.0f} s: "
                      f"{'every row of every sheet' if same else 'ROWS DIFFER'}"
                      + (f"\n  LibreOffice: {lo_rows}\n  workbook:    {want}" if not same else "")
                      + (f"\n  it said: {said[-500:]}" if said else ""))
                ok &= same
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
