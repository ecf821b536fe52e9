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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=1_100_000, metavar="N",
                    help="findings in the record (default 1100000)")
    ap.add_argument("--soffice", action="store_true",
                    help="also convert the workbook with LibreOffice and count its rows")
    ap.add_argument("--seed", type=int, default=20240603)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="linkaudit-workbook-bench-"))
    ok = True
    try:
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
