"""``--format csv,json``: the report for scripts, written beside the workbook's name."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from reports import read_jsonl, sidecars
from tests.conftest import linkaudit

PID = "mm_28765431_45872103_110000001"


def test_report_writes_csv_and_json_and_refuses_an_unknown_format(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "关于.md").write_text(f"推荐 https://s.click.taobao.com/t?pid={PID}\n",
                                   encoding="utf-8")
    report = tmp_path / "REPORT.xlsx"
    scanned = linkaudit("scan", str(posts), "-o", str(report), cwd=tmp_path, timeout=60)
    assert scanned.returncode == 1, scanned.stdout + scanned.stderr  # links found
    record = sidecars(report).findings

    result = linkaudit("report", str(record), "--format", "csv,json", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    findings_csv, pages_csv, document = (tmp_path / "REPORT.findings.csv",
                                         tmp_path / "REPORT.pages.csv", tmp_path / "REPORT.json")
    for path in (findings_csv, pages_csv, document):
        assert f"Wrote:    {path}" in result.stdout
    assert "Workbook:" not in result.stdout  # not asked for
    with findings_csv.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert "Page URL" in rows[0] and any(PID in cell for cell in rows[1])
    assert json.loads(document.read_text(encoding="utf-8"))["findings"] == read_jsonl(record)

    bad = linkaudit("report", str(record), "--format", "pdf", cwd=tmp_path, timeout=60)
    assert bad.returncode == 2
    assert "choose from xlsx, csv, json" in bad.stderr
