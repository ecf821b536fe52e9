"""``diff`` called directly: its outcome on two records made in tmp_path, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from crawler.commands.diff import DiffLink, diff
from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import release_locks
from reports import read_jsonl

PAGE, GONE, FAILED = "https://b.example/post", "https://b.example/gone", "https://b.example/down"


@pytest.fixture(autouse=True)
def _unlock() -> Iterator[None]:
    yield
    release_locks()


def _finding(page: str, pid: str) -> dict[str, Any]:
    return {"page_url": page, "link": f"https://s.click.taobao.com/t?pid={pid}",
            "network": "taobao", "kind": "pid", "rule": "taobao-pid", "pid": pid,
            "location": "a[href]", "line": 1}


def _record(path: Path, findings: list[dict[str, Any]], pages: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in findings), encoding="utf-8")
    path.with_name(path.stem + ".pages.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    return path


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    old = _record(tmp_path / "old.jsonl",
                  [_finding(PAGE, "mm_1_2_3"), _finding(PAGE, "mm_1_2_4"),
                   _finding(GONE, "mm_1_2_5"), _finding(FAILED, "mm_1_2_6")],
                  [{"url": PAGE, "status": 200}, {"url": GONE, "status": 200},
                   {"url": FAILED, "status": 200}])
    new = _record(tmp_path / "new.jsonl",
                  [_finding(PAGE, "mm_1_2_3"), _finding(PAGE, "mm_1_2_7")],
                  [{"url": PAGE, "status": 200}, {"url": GONE, "status": 404, "error": "404"},
                   {"url": FAILED, "status": None, "error": "timed out"}])
    return old, new


def test_diff_says_removed_remaining_new(runs: tuple[Path, Path]) -> None:
    outcome = diff(*runs)
    assert (outcome.removed, outcome.remaining, outcome.added) == (2, 2, 1)
    assert outcome.links["new"] == (DiffLink(PAGE, _finding(PAGE, "mm_1_2_7")["link"], "mm_1_2_7"),)
    assert {link.pid for link in outcome.links["removed"]} == {"mm_1_2_4", "mm_1_2_5"}
    # The page NEW could not audit: its link is not counted as removed.
    assert {link.pid for link in outcome.links["remaining"]} == {"mm_1_2_3", "mm_1_2_6"}
    assert outcome.unverified_pages == (FAILED,)
    assert outcome.report is None and outcome.record is None
    assert not list(runs[0].parent.glob("*.xlsx"))  # nothing written without -o


def test_diff_writes_the_comparison_as_a_verify_report(runs: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    outcome = diff(*runs, output=str(tmp_path / "out" / "DIFF.xlsx"))
    assert outcome.report == tmp_path / "out" / "DIFF.xlsx" and outcome.report.exists()
    assert outcome.record == tmp_path / "out" / "DIFF.jsonl"
    rows = read_jsonl(outcome.record)
    assert sorted((r["pid"], r["status"], r["verified"]) for r in rows) == [
        ("mm_1_2_3", "remaining", True), ("mm_1_2_4", "removed", True),
        ("mm_1_2_5", "removed", True), ("mm_1_2_6", "remaining", False),
        ("mm_1_2_7", "new", True)]
    pages = {p["url"]: p["verified"] for p in read_jsonl(tmp_path / "out" / "DIFF.pages.jsonl")}
    assert pages == {PAGE: True, GONE: True, FAILED: False}
    run = json.loads((tmp_path / "out" / "DIFF.run.json").read_text(encoding="utf-8"))
    assert run["command"] == "diff" and run["previous_report"] == str(runs[0])
    wb = openpyxl.load_workbook(outcome.report, read_only=True)
    header = next(wb["Findings"].iter_rows(values_only=True))
    wb.close()
    assert "Status" in header


def test_diff_of_a_verify_report_leaves_its_removed_links_out(runs: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    verified = diff(*runs, output=str(tmp_path / "v.xlsx")).report
    assert verified is not None
    outcome = diff(verified, runs[1])
    # Removed in the verify report stay out; what it had is what NEW has.
    assert (outcome.removed, outcome.remaining, outcome.added) == (0, 3, 0)


def test_all_removed(tmp_path: Path) -> None:
    old = _record(tmp_path / "old.jsonl", [_finding(PAGE, "mm_1_2_3")],
                  [{"url": PAGE, "status": 200}])
    new = _record(tmp_path / "new.jsonl", [], [{"url": PAGE, "status": 200}])
    outcome = diff(old, new)
    assert (outcome.removed, outcome.remaining, outcome.added) == (1, 0, 0)


BAD = {
    "missing": (lambda p: None, "no such report"),
    "not a report": (lambda p: p.write_text("hello\n", encoding="utf-8"), "is not a report"),
    "not a workbook": (lambda p: p.write_bytes(b"not a zip"), "cannot be read as an Excel"),
    "damaged record": (lambda p: p.write_text("{\nnot json\n{}\n", encoding="utf-8"),
                       "OLD"),
}
NAMES = {"missing": "gone.xlsx", "not a report": "notes.md", "not a workbook": "fake.xlsx",
         "damaged record": "bad.jsonl"}


@pytest.mark.parametrize("problem", BAD)
def test_bad_old_report_is_refused_naming_it(runs: tuple[Path, Path], tmp_path: Path,
                                             problem: str) -> None:
    make, why = BAD[problem]
    path = tmp_path / NAMES[problem]
    make(path)
    with pytest.raises(UsageError, match=why) as info:
        diff(path, runs[1])
    assert str(path) in str(info.value)
    assert str(info.value).startswith("OLD")


def test_output_over_an_input_is_refused(runs: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="would destroy it"):
        diff(*runs, output=str(tmp_path / "new.xlsx"))
