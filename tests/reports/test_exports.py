"""The CSV and JSON reports for scripts (reports/exports.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crawler.model import RunInfo
from reports import RecordWriter, sidecars, write_run_json
from reports.build import build_report
from reports.exports import export_paths, parse_formats, write_exports

PID = "mm_28765431_45872103_110000001"
FINDINGS = [
    {"page_url": "https://blog.example/关于", "link": f"https://s.click.taobao.com/t?pid={PID}",
     "network": "taobao", "kind": "pid", "rule": "taobao-pid", "confidence": "high",
     "location": "a[href]", "pid": PID, "member_id": "28765431", "site_id": "45872103",
     "adzone_id": "110000001", "unwrapped": None, "context": "我的推荐 ¥ABCdef12345¥",
     "line": None, "path": None, "extra": {}},
    {"page_url": "https://blog.example/x", "link": '=HYPERLINK("https://evil.example","点我")',
     "network": "jd", "kind": "text", "rule": "r", "confidence": "low", "location": "text",
     "pid": None, "member_id": None, "site_id": None, "adzone_id": None, "unwrapped": None,
     "context": "@SUM(1+1)", "line": 3, "path": None, "extra": {"unid": "1"}},
]
PAGES = [
    {"url": "https://blog.example/关于", "mode": "site", "seed": "https://blog.example/",
     "status": 200, "findings": 1, "depth": 0, "redirects": [], "audited": True, "error": None},
]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """A report's record on disk: findings, pages and run file."""
    path = tmp_path / "REPORT.xlsx"
    files = sidecars(path)
    with RecordWriter(files.findings) as out:
        for row in FINDINGS:
            out.write(row)
    with RecordWriter(files.pages) as out:
        for row in PAGES:
            out.write(row)
    write_run_json(files.run, RunInfo("crawl"))
    return path


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_csv_has_a_bom_the_findings_headers_and_chinese_text(report: Path) -> None:
    findings_csv, pages_csv = write_exports(report, ["csv"])
    assert (findings_csv.name, pages_csv.name) == ("REPORT.findings.csv", "REPORT.pages.csv")
    assert findings_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _read_csv(findings_csv)
    build_report(report)
    sheet = load_workbook(report, read_only=True)["Findings"]
    assert tuple(rows[0]) == next(sheet.iter_rows(max_row=1, values_only=True))
    assert len(rows) == 3
    assert "https://blog.example/关于" in rows[1] and "我的推荐 ¥ABCdef12345¥" in rows[1]
    assert PID in rows[1]


def test_csv_keeps_formula_like_text_as_text(report: Path) -> None:
    findings_csv, _ = write_exports(report, ["csv"])
    row = dict(zip(*_read_csv(findings_csv)[::2], strict=True))  # header and second finding
    # Not a link as published: it shows under Code, still as text.
    assert row["Code"] == '\'=HYPERLINK("https://evil.example","点我")'
    assert row["Context"] == "'@SUM(1+1)"
    assert row["Extra"] == '{"unid":"1"}'


def test_pages_csv_has_the_pages_headers(report: Path) -> None:
    _, pages_csv = write_exports(report, ["csv"])
    rows = _read_csv(pages_csv)
    assert rows[0][:3] == ["URL", "Mode", "Seed"]
    assert rows[1][0] == "https://blog.example/关于"


def test_json_is_the_record(report: Path) -> None:
    (path,) = write_exports(report, ["json"])
    assert path.name == "REPORT.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document == {"run": RunInfo("crawl").to_dict(), "findings": FINDINGS, "pages": PAGES}


def test_json_with_no_findings_nor_pages(tmp_path: Path) -> None:
    report = tmp_path / "R.xlsx"
    sidecars(report).findings.write_bytes(b"")
    (path,) = write_exports(report, ["json"])
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert (document["findings"], document["pages"]) == ([], [])


def test_paths_come_from_the_workbook_stem() -> None:
    assert export_paths("out/site.v2.xlsx", "json")[0].as_posix() == "out/site.v2.json"


@pytest.mark.parametrize(("values", "expected"), [
    (["xlsx"], ("xlsx",)),
    (["csv,json"], ("csv", "json")),
    (["json", "XLSX", "json"], ("json", "xlsx")),
])
def test_parse_formats(values: list[str], expected: tuple[str, ...]) -> None:
    assert parse_formats(values) == expected


@pytest.mark.parametrize("value", ["pdf", "csv,", "xls"])
def test_parse_formats_names_the_choices(value: str) -> None:
    with pytest.raises(ValueError, match="choose from xlsx, csv, json"):
        parse_formats([value])
