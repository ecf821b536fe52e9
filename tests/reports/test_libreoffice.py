"""A real spreadsheet application opens every kind of workbook linkaudit writes.

LibreOffice, headless, converts each workbook to CSV, one file per sheet, and
one workbook to PDF (its print setup rendered). The workbooks: the demo's crawl
and verify reports (a real crawl of crawler/demo on 127.0.0.1), a scan report,
a clean report (no findings), a report whose sheets are split, and one in
Chinese with a Chinese file name. They are all converted in one ``soffice``
call (the PDF in a second, run alongside), once per session: LibreOffice takes
seconds to start.

LibreOffice is Debian's ``libreoffice-calc-nogui`` (``scripts/test.sh``
installs it when it can). Without it these tests skip, except in CI (``CI`` or
``LINKAUDIT_REQUIRE_LIBREOFFICE`` set), where they fail.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crawler.i18n import messages
from reports import read_jsonl, write_workbook
from reports.sheetparts import part_names
from reports.verdict import verdict
from tests.conftest import TESTS, linkaudit
from tests.reports.test_workbook import finding, page

PACKAGE = "libreoffice-calc-nogui"
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# -1: every sheet to its own <name>-<sheet>.csv (LibreOffice 7.2 and later); 76: UTF-8.
TIMEOUT = 300  # seconds for one soffice run; the first start makes its profile (~10 s)
# LibreOffice says this on stderr whenever no Java is installed; Calc does not need Java.
_HARMLESS = re.compile(r"Warning: failed to launch javaldx.*|Warning: failed to read path from javaldx.*")


@dataclass
class Converted:
    """What LibreOffice made of one workbook."""

    xlsx: Path
    sheets: list[str]
    """The workbook's sheets, in order, as openpyxl reads them."""
    csv_dir: Path

    def csv_of(self, sheet: str) -> Path:
        return self.csv_dir / f"{self.xlsx.stem}-{sheet}.csv"

    def rows(self, sheet: str) -> list[list[str]]:
        with self.csv_of(sheet).open(encoding="utf-8", newline="") as f:
            return list(csv.reader(f))


@dataclass
class Conversion:
    books: dict[str, Converted]
    csv_run: subprocess.CompletedProcess[str]
    pdf_run: subprocess.CompletedProcess[str]
    pdf: Path


def summary_text(book: Converted) -> str:
    """The report's headline as LibreOffice shows it: the text of its first sheet (the
    Summary, all its parts), one ``label,value`` line per row."""
    first = book.sheets[0].split(" (")[0]
    return "\n".join(book.csv_of(part).read_text("utf-8")
                     for part in part_names(book.sheets, first))


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        problem = (f"LibreOffice (soffice) is not installed: install Debian's {PACKAGE} "
                   f"(bash scripts/install-system.sh soffice {PACKAGE})")
        if os.environ.get("CI") or os.environ.get("LINKAUDIT_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"LibreOffice is required here: {problem}")
        pytest.skip(problem)
    return found


def _run_soffice(soffice: str, work: Path, name: str, convert_to: str, outdir: Path,
                 files: list[Path]) -> subprocess.CompletedProcess[str]:
    profile = work / f"profile-{name}"  # its own: two instances may not share one
    return subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", convert_to, "--outdir", str(outdir), *map(str, files)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
        env={**os.environ, "HOME": str(work)},  # nothing written to the user's home
    )


def _written_workbooks(folder: Path) -> dict[str, Path]:
    """The reports linkaudit writes, each of its kind: the demo run, a scan, and some
    written from rows."""
    demo, scan = folder / "demo", folder / "scan"
    demo.mkdir()
    scan.mkdir()
    with ThreadPoolExecutor(2) as pool:  # two processes, while this one writes the rest
        demo_run = pool.submit(linkaudit, "demo", cwd=demo)
        scan_run = pool.submit(linkaudit, "scan", str(TESTS / "fixtures" / "notes.txt"),
                               "-o", "scan.xlsx", cwd=scan)
        run: dict[str, Any] = {"command": "crawl", "complete": True,
                               "seeds": [{"mode": "site", "url": "https://blog.example.com/"}]}
        clean = write_workbook(folder / "clean.xlsx", run=run, findings=[], pages=[page()])
        split = write_workbook(folder / "split.xlsx", run=run, max_rows=3,
                               findings=[finding(line=n) for n in range(7)], pages=[page()])
        chinese = write_workbook(
            folder / "中文报告.xlsx", run={**run, "lang": "zh"}, lang="zh",
            findings=[finding(context="这款耳机我用了半年，音质很好。领券购买更便宜：" * 6)],
            pages=[page(note="页面里的推广链接已经删掉一半")],
        )
        demo_done, scan_done = demo_run.result(), scan_run.result()
    assert demo_done.returncode == 0, demo_done.stderr
    assert scan_done.returncode in (0, 1), scan_done.stderr  # 1: it found links
    output = demo / "output"
    return {
        "crawl": output / "demo-report.xlsx",
        "verify": output / "demo-report.verify.xlsx",
        "scan": scan / "scan.xlsx",
        "clean": clean,
        "split": split,
        "chinese": chinese,
    }


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Conversion:
    soffice = _soffice()
    work = tmp_path_factory.mktemp("libreoffice")
    written = _written_workbooks(work)
    # Copies under one folder with distinct names: LibreOffice names each CSV <stem>-<sheet>.
    books = work / "books"
    books.mkdir()
    copies = {kind: Path(shutil.copy(path, books / f"{kind if kind != 'chinese' else path.stem}"
                                                      f"{path.suffix}"))
              for kind, path in written.items()}
    csv_dir, pdf_dir = work / "csv", work / "pdf"
    with ThreadPoolExecutor(2) as pool:
        csv_run = pool.submit(_run_soffice, soffice, work, "csv", CSV_FILTER, csv_dir,
                              list(copies.values()))
        pdf_run = pool.submit(_run_soffice, soffice, work, "pdf", "pdf", pdf_dir,
                              [copies["crawl"]])
        done_csv, done_pdf = csv_run.result(), pdf_run.result()
    return Conversion(
        books={kind: Converted(path, load_workbook(path).sheetnames, csv_dir)
               for kind, path in copies.items()},
        csv_run=done_csv, pdf_run=done_pdf, pdf=pdf_dir / "crawl.pdf",
    )


def _complaints(run: subprocess.CompletedProcess[str]) -> list[str]:
    """What soffice said that is an error (it reports failures on stdout or stderr)."""
    said = [line for line in run.stderr.splitlines() if line.strip() and not _HARMLESS.fullmatch(line)]
    said += [line for line in run.stdout.splitlines() if line.startswith("Error")]
    return said


def test_libreoffice_converts_every_workbook_without_complaint(converted: Conversion) -> None:
    for run in (converted.csv_run, converted.pdf_run):
        assert run.returncode == 0, run.stdout + run.stderr
        assert not _complaints(run), run.stdout + run.stderr


@pytest.mark.parametrize("kind", ["crawl", "verify", "scan", "clean", "split", "chinese"])
def test_every_sheet_opens_as_written(converted: Conversion, kind: str) -> None:
    book = converted.books[kind]
    made = sorted(p.name for p in book.csv_dir.glob(f"{book.xlsx.stem}-*.csv"))
    assert made == sorted(book.csv_of(sheet).name for sheet in book.sheets)
    wb = load_workbook(book.xlsx)
    for sheet in book.sheets:
        assert len(book.rows(sheet)) == wb[sheet].max_row, sheet  # every row read


def _record_counts(xlsx: Path) -> tuple[int, int, dict[str, int]]:
    """Links still published in the record beside a demo workbook, the pages they are on,
    and the findings' count by status."""
    rows = read_jsonl(xlsx.with_suffix(".jsonl"))
    statuses: dict[str, int] = {}
    for row in rows:
        if row.get("status"):
            statuses[str(row["status"])] = statuses.get(str(row["status"]), 0) + 1
    live = [row for row in rows if row.get("status") != "removed"]
    return len(live), len({row["page_url"] for row in live}), statuses


@pytest.mark.parametrize(
    ("kind", "title", "links", "pages", "lang"),
    [
        ("crawl", "linkaudit report", None, None, "en"),  # None: the record's counts
        ("verify", "linkaudit verification report", None, None, "en"),
        ("scan", "linkaudit report", 3, 1, "en"),
        ("clean", "linkaudit report", 0, 0, "en"),
        ("split", "linkaudit report", 7, 1, "en"),
        ("chinese", "linkaudit 推广链接审计报告", 1, 1, "zh"),
    ],
)
def test_the_summary_leads_with_the_verdict(converted: Conversion, kind: str, title: str,
                                            links: int | None, pages: int | None,
                                            lang: str) -> None:
    """What a creator sees first, as LibreOffice shows it: the title, then the verdict."""
    book = converted.books[kind]
    lines = summary_text(book).splitlines()
    statuses: dict[str, int] = {}
    if links is None or pages is None:  # a demo report: its record lies beside the original
        written = {"crawl": "demo-report", "verify": "demo-report.verify"}[kind]
        original = next(book.xlsx.parent.parent.glob(f"demo/output/{written}.xlsx"))
        links, pages, statuses = _record_counts(original)
        assert links > 0
    said = verdict(links=links, pages=pages, not_audited=0).text(messages(lang))
    assert lines[0].rstrip(",") == title
    assert lines[1].rstrip(",").strip('"') == said
    if kind == "verify":
        change = messages(lang)("verdict.changed", removed=statuses.get("removed", 0),
                                remaining=statuses.get("remaining", 0),
                                new=statuses.get("new", 0))
        assert lines[2].rstrip(",").strip('"') == change
    if kind == "split":
        assert "continues on" in "\n".join(lines)


def test_split_and_chinese_workbooks_keep_their_rows(converted: Conversion) -> None:
    split = converted.books["split"]
    parts = part_names(split.sheets, "Findings")
    assert len(parts) == 4  # 7 findings, 2 a part under the header
    assert sum(len(split.rows(part)) - 1 for part in parts) == 7
    assert all(split.rows(part)[0] == split.rows("Findings")[0] for part in parts)
    chinese = converted.books["chinese"]
    findings = chinese.rows(chinese.sheets[1])
    assert any("领券购买更便宜" in cell for row in findings[1:] for cell in row)


def test_print_setup_renders_landscape_pages(converted: Conversion) -> None:
    pdf = converted.pdf.read_bytes()
    pages = max((int(n) for n in re.findall(rb"/Count (\d+)", pdf)), default=0)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(converted.pdf)], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        assert match, info
        pages = int(match[1])
    crawl = converted.books["crawl"]
    # Every sheet starts a page; one page wide, each fits at least 10 rows a page (at 100%
    # the Findings sheet alone would be 5 pages wide).
    assert len(crawl.sheets) <= pages <= sum(-(-len(crawl.rows(sheet)) // 10)
                                             for sheet in crawl.sheets)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    assert boxes
    # Landscape A4 (842 × 595 points) on every page.
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}
