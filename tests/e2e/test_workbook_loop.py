"""The loop a creator goes through, in the workbook: tick rows Done, clean up, verify.

A real crawl of the fixture site on 127.0.0.1, the workbook edited with openpyxl
as a spreadsheet app would save it, the site partly cleaned, and ``verify``.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import TESTS, ServedFolder, linkaudit
from tests.e2e.test_crawl import _clean_copy

YOURS = "11223344"  # the fixture site's member id; mm_55667788_… is someone else's


def _rows(wb: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    rows = list(wb[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_done_ticks_survive_verify_and_cleared_slots_are_safe_to_delete(
        site: ServedFolder, tmp_path: Path) -> None:
    before = tmp_path / "before.xlsx"
    crawl = linkaudit("crawl", site.url, "-o", str(before), "--mine", YOURS, cwd=tmp_path)
    assert crawl.returncode == 1, crawl.stderr

    # The creator ticks half the rows Done (every other one) and saves.
    wb = openpyxl.load_workbook(before)
    ticked = set()
    for n, row in enumerate(wb["To remove"].iter_rows(min_row=2)):
        if n % 2 == 0:
            row[0].value = "done"
            ticked.add((row[1].value, row[3].value))
    wb.save(before)
    assert len(ticked) > 5

    _clean_copy(TESTS / "fixtures" / "site_cleaned", site.root)
    after = tmp_path / "after.xlsx"
    result = linkaudit("verify", str(before), "-o", str(after), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert before.is_file()  # the creator's workbook is left as they saved it

    wb = openpyxl.load_workbook(after)
    work = _rows(wb, "To remove")
    still = {(row["What"], row["Search for"]) for row in work}
    carried = {(row["What"], row["Search for"]) for row in work if row["Done"] == "done"}
    # Every ticked row still to do keeps its tick; no other row gets one.
    assert carried == ticked & still
    assert carried and still - carried
    assert {row["Status"] for row in work} <= {"remaining", "new"}

    slots = {row["Id"]: row for row in _rows(wb, "Ad slots")}
    status = {pid: row["Status"] for pid, row in slots.items()}
    # mm_…44's only links were removed from pages read again: safe to delete.
    assert status["mm_11223344_5566778_99001144"] == "Cleared — safe to delete this ad slot"
    assert status["mm_11223344_5566778_99001133"] == "Still in use — remove its links first"
    # Someone else's slot is never the creator's to delete, cleared or not.
    assert status["mm_55667788_1020304_40506070"] == "Someone else's — not yours to delete"
    assert list(slots)[-1] == "mm_55667788_1020304_40506070"  # listed after the creator's
    summary = [row[0] for row in wb["Summary"].iter_rows(values_only=True)]
    assert summary[2].startswith("Since the last run: ")

    # Verified again without opening it: the ticks linkaudit carried go on (they are noted
    # beside the workbook it wrote, not read back from it).
    again = tmp_path / "again.xlsx"
    assert linkaudit("verify", str(after), "-o", str(again), cwd=tmp_path).returncode == 1
    work = _rows(openpyxl.load_workbook(again), "To remove")
    assert {(row["What"], row["Search for"]) for row in work if row["Done"] == "done"} == carried


def test_the_same_loop_in_chinese(site: ServedFolder, tmp_path: Path) -> None:
    before = tmp_path / "审计.xlsx"
    crawl = linkaudit("crawl", site.url, "-o", str(before), "--lang", "zh", cwd=tmp_path)
    assert crawl.returncode == 1, crawl.stderr
    wb = openpyxl.load_workbook(before)
    ws = wb["待删除"]
    ws["A2"] = "已处理"
    key = (ws["B2"].value, ws["D2"].value)
    wb.save(before)

    after = tmp_path / "复查.xlsx"
    result = linkaudit("verify", str(before), "-o", str(after), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    wb = openpyxl.load_workbook(after)  # verify kept the run's language
    assert wb.sheetnames[:3] == ["概览", "待删除", "推广位"]
    assert wb["概览"]["A3"].value == "与上次相比：已删除 0 个，仍存在 " + str(
        sum(1 for _ in wb["全部发现"].iter_rows(min_row=2))) + " 个，新出现 0 个"
    done = [(row[1], row[3]) for row in wb["待删除"].iter_rows(min_row=2, values_only=True)
            if row[0] == "已处理"]
    assert done == [key]
