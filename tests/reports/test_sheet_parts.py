"""Sheets longer than Excel allows continue on "Findings (2)", …: written for real, read back.

Excel's limit (1,048,576 rows) is lowered through ``max_rows`` so the workbooks
stay small; the same code path writes a 1.1-million-finding report
(benchmarks/workbook_bench.py measures that one).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import reports.sheetlinks as sheetlinks
from reports import read_findings, read_pages, read_run, read_seeds, write_workbook
from reports.build import build_report
from reports.sheetparts import MAX_SHEET_ROWS, part_names
from tests.conftest import TESTS, ServedFolder, linkaudit
from tests.e2e.test_crawl import _clean_copy, read_jsonl, triples
from tests.reports.test_workbook import SHEETS, finding, page, run

MAX = 40  # rows per sheet in these tests, header included: 39 data rows per table part


def findings_on_pages(n: int, per_page: int = 3) -> list[dict[str, Any]]:
    return [finding(page_url=f"https://blog.example.com/post/{k // per_page:04}", line=k)
            for k in range(n)]


def pages(n: int, **overrides: Any) -> list[dict[str, Any]]:
    return [page(f"https://blog.example.com/post/{k:04}", **overrides) for k in range(n)]


def distinct_pids(n: int) -> list[dict[str, Any]]:
    return [finding(pid=f"mm_111_222_{k}", adzone_id=str(k), line=k) for k in range(n)]


def seeds(n: int) -> list[dict[str, str]]:
    return [{"mode": "page", "url": f"https://post{k}.example.net/p"} for k in range(n)]


# (what overflows, findings, pages, seeds, parts each sheet is written in)
CASES = {
    "findings exactly fill one sheet": (findings_on_pages(39), pages(2), seeds(1), {}),
    "findings one row past one sheet": (findings_on_pages(40), pages(2), seeds(1),
                                        {"Findings": 2}),
    "findings on 3 sheets, pages on 2": (findings_on_pages(100), pages(45), seeds(1),
                                         {"Findings": 3, "Pages": 2}),
    "pages exactly fill two sheets": ([], pages(78), seeds(1), {"Pages": 2}),
    "pages on 3 sheets": ([], pages(79), seeds(1), {"Pages": 3}),
    "errors (and their pages) on 2 sheets": ([], pages(50, error="HTTP 500", status=500,
                                                       audited=False),
                                             seeds(1), {"Pages": 2, "Could not audit": 2}),
    # 80 slots on one page: 80 things to remove, each slot with its page.
    "ad slots on 3 sheets": (distinct_pids(80), pages(1), seeds(1),
                             {"Findings": 3, "Ad slots": 3, "Ad slot pages": 3}),
    "run on 3 sheets (seeds)": ([finding()], pages(1), seeds(80), {"Run": 3}),
}


def write_both(tmp_path: Path, findings, page_rows, seed_rows) -> tuple[Path, Path]:
    """The same report with sheets of MAX rows, and in one sheet each as Excel allows."""
    given = run(seeds=seed_rows)
    split = write_workbook(tmp_path / "split.xlsx", run=given, findings=findings,
                           pages=page_rows, max_rows=MAX)
    whole = write_workbook(tmp_path / "whole.xlsx", run=given, findings=findings,
                           pages=page_rows)
    return split, whole


def expected_order(parts: dict[str, int]) -> list[str]:
    names = []
    for name in SHEETS:
        names.append(name)
        names += [f"{name} ({n})" for n in range(2, parts.get(name, 1) + 1)]
    return names


def rows_of(ws) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def summary_rows(wb) -> list[tuple[Any, ...]]:
    return [row for name in part_names(wb.sheetnames, "Summary") for row in rows_of(wb[name])]


@pytest.mark.parametrize("case", CASES)
def test_long_sheets_continue_on_further_sheets(tmp_path: Path, case: str) -> None:
    findings, page_rows, seed_rows, parts = CASES[case]
    split_path, whole_path = write_both(tmp_path, findings, page_rows, seed_rows)
    split, whole = load_workbook(split_path), load_workbook(whole_path)

    # Each continuation right after the sheet it continues; no empty part.
    assert split.sheetnames == expected_order(parts)
    assert whole.sheetnames == SHEETS
    notes = [row[1] for row in summary_rows(split) if row[0] == "Report note"]
    for name in SHEETS:
        names = part_names(split.sheetnames, name)
        assert len(names) == parts.get(name, 1), name
        sheets = [split[n] for n in names]
        # The Summary is never split: its long lists are sheets of their own.
        assert all(len(rows_of(ws)) <= MAX for ws in sheets) or name == "Summary", name
        assert all(len(rows_of(ws)) > 1 for ws in sheets[1:]), name
        one = rows_of(whole[name])
        if name == "Summary":
            assert sum((rows_of(ws) for ws in sheets), []) == summary_rows(split)
            continue
        # Every row once, in the order one sheet has them, under the same header.
        assert [r for ws in sheets for r in rows_of(ws)[1:]] == one[1:], name
        table = name != "Run"  # a list of fields and then the seeds: no filter
        last = whole[name].auto_filter.ref.split(":")[1].rstrip("0123456789") if table else ""
        for ws in sheets:
            assert rows_of(ws)[0] == one[0], ws.title
            assert all(cell.font.b for cell in ws[1]), ws.title
            assert ws.freeze_panes == "A2", ws.title
            assert not table or ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
            assert ({k: d.width for k, d in ws.column_dimensions.items()}
                    == {k: d.width for k, d in whole[name].column_dimensions.items()}), ws.title
        if len(sheets) > 1:
            assert any(names[1:] == [n.strip(".") for n in note.split("continues on ")[1]
                                     .split(":")[0].split(", ")]
                       and note.startswith(f"The {name} sheet") for note in notes), notes
    assert len(notes) == sum(n > 1 for n in parts.values())

    # What reads a report back reads every part.
    assert read_findings(split_path) == read_findings(whole_path)
    assert read_pages(split_path) == read_pages(whole_path)
    assert read_seeds(split_path) == seed_rows
    assert read_run(split_path) == read_run(whole_path)


def linked_cells(ws) -> list[tuple[int, int, str, str]]:
    return [(c.row, c.column, c.value, c.hyperlink.target)
            for row in ws.iter_rows() for c in row if c.hyperlink]


@pytest.mark.parametrize(("name", "findings", "page_rows"), [
    ("Findings", findings_on_pages(100), pages(1)),
    ("Pages", [], pages(90)),
    ("Could not audit", [], pages(90, error="timeout", status=None, audited=False)),
])
def test_each_part_links_its_own_rows(tmp_path: Path, name: str, findings, page_rows) -> None:
    split_path, whole_path = write_both(tmp_path, findings, page_rows, seeds(1))
    split, whole = load_workbook(split_path), load_workbook(whole_path)
    names = part_names(split.sheetnames, name)
    assert len(names) == 3
    got = []
    for number, sheet in enumerate(names):
        links = linked_cells(split[sheet])
        assert links, sheet
        assert all(value == target for _, _, value, target in links), sheet
        assert all(1 < row <= split[sheet].max_row for row, _, _, _ in links), sheet
        # Shifted back to where the row sits on one sheet.
        got += [(row + number * (MAX - 1), column, value) for row, column, value, _ in links]
    assert got == [(row, column, value) for row, column, value, _ in linked_cells(whole[name])]


def test_hyperlink_limit_is_per_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetlinks.SheetLinks.__init__, "__defaults__", (2,))
    rows = [finding(page_url=f"https://b.example/{n:02}", line=n) for n in range(10)]
    path = write_workbook(tmp_path / "r.xlsx", run=run(), findings=rows, pages=[page()],
                          max_rows=5)
    wb = load_workbook(path)
    names = part_names(wb.sheetnames, "Findings")
    assert names == ["Findings", "Findings (2)", "Findings (3)"]
    assert [[row for row, *_ in linked_cells(wb[n])] for n in names] == [[2, 3], [2, 3], [2, 3]]
    notes = [r[1] for r in summary_rows(wb) if r[0] == "Report note"]
    for sheet in names[:2]:  # the third holds only two rows: all linked
        assert any(f"URLs on {sheet} are clickable" in note for note in notes), notes
    assert not any("URLs on Findings (3) " in note for note in notes)


def test_render_report_passes_max_rows_on(tmp_path: Path) -> None:
    source = write_workbook(tmp_path / "r.xlsx", run=run(), findings=findings_on_pages(12),
                            pages=pages(4))
    record = tmp_path / "r.jsonl"
    record.write_text("".join(json.dumps(f) + "\n"
                              for f in findings_on_pages(12)), encoding="utf-8")
    build_report(source, max_rows=5)
    assert part_names(load_workbook(source).sheetnames, "Findings") == [
        "Findings", "Findings (2)", "Findings (3)"]


@pytest.mark.parametrize("max_rows", [-1, 0, 1, MAX_SHEET_ROWS + 1])
def test_max_rows_out_of_range_is_refused(tmp_path: Path, max_rows: int) -> None:
    with pytest.raises(ValueError, match="max_rows"):
        write_workbook(tmp_path / "r.xlsx", run=run(), findings=[], pages=[], max_rows=max_rows)
    assert not (tmp_path / "r.xlsx").exists()


def test_verify_reads_every_part_of_the_report(site: ServedFolder, tmp_path: Path) -> None:
    """verify on a report whose record is gone reads its findings from all Findings parts."""
    report = tmp_path / "before.xlsx"
    assert linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path).returncode == 1
    build_report(report, max_rows=4)  # 3 findings a sheet; the Run sheet is split too
    wb = load_workbook(report)
    assert len(part_names(wb.sheetnames, "Findings")) > 5
    assert len(part_names(wb.sheetnames, "Run")) > 1
    report.with_suffix(".jsonl").unlink()  # verify now reads the workbook

    _clean_copy(TESTS / "fixtures" / "site_cleaned", site.root)
    after = tmp_path / "after.xlsx"
    result = linkaudit("verify", str(report), "-o", str(after), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    rows = read_jsonl(after.with_suffix(".jsonl"))
    want = json.loads(
        (TESTS / "fixtures" / "site_cleaned" / "expected_verify.json").read_text("utf-8"))
    for status in ("removed", "remaining", "new"):
        got = triples([r for r in rows if r["status"] == status], site.url)
        assert got == {(e["page"], e["kind"], e["pid"]) for e in want[status]}, status


# -- a real spreadsheet application opens it ------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-calc-nogui")
def test_libreoffice_reads_every_part(tmp_path: Path) -> None:
    findings, page_rows, seed_rows, parts = CASES["findings on 3 sheets, pages on 2"]
    split_path, _ = write_both(tmp_path, findings, page_rows, seed_rows)
    out = tmp_path / "csv"
    # Every sheet to its own CSV file (the last filter option, -1), in UTF-8.
    csv_filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", csv_filter, "--outdir", str(out), str(split_path)],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    wb = load_workbook(split_path)
    for name in expected_order(parts):
        sheet_csv = out / f"split-{name}.csv"
        assert sheet_csv.exists(), (name, sorted(p.name for p in out.iterdir()), done.stderr)
        with sheet_csv.open(encoding="utf-8", newline="") as f:
            got = list(csv.reader(f))
        want = rows_of(wb[name])
        assert len(got) == len(want), name
        assert got[0][0] == (want[0][0] or ""), name
