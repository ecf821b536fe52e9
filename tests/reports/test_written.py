"""reports.written: what linkaudit wrote, told apart from what the creator changed since."""

from __future__ import annotations

from pathlib import Path

from reports import sidecars
from reports.written import beside, edited_since_written, remember_written, workbook_target


def test_a_workbook_as_written_is_replaced_an_edited_one_is_not(tmp_path: Path) -> None:
    workbook = tmp_path / "REPORT.xlsx"
    assert workbook_target(workbook) == workbook  # nothing there yet
    workbook.write_bytes(b"as written")
    remember_written(workbook)
    assert not edited_since_written(workbook)
    assert workbook_target(workbook) == workbook
    workbook.write_bytes(b"as writteN")  # same size, other bytes
    assert edited_since_written(workbook)
    assert workbook_target(workbook) == tmp_path / "REPORT (2).xlsx"


def test_no_note_or_a_note_about_another_file_counts_as_edited(tmp_path: Path) -> None:
    workbook = tmp_path / "REPORT.xlsx"
    workbook.write_bytes(b"someone's")
    assert edited_since_written(workbook)
    sidecars(workbook).written.write_text("not json", encoding="utf-8")
    assert edited_since_written(workbook)
    other = tmp_path / "other" / "REPORT.xlsx"
    other.parent.mkdir()
    other.write_bytes(b"someone's")
    remember_written(other)
    sidecars(workbook).written.write_text(
        sidecars(other).written.read_text(encoding="utf-8").replace("REPORT.xlsx", "X.xlsx"),
        encoding="utf-8")
    assert edited_since_written(workbook)


def test_beside_never_names_a_file_that_exists(tmp_path: Path) -> None:
    workbook = tmp_path / "REPORT.xlsx"
    (tmp_path / "REPORT (2).xlsx").write_bytes(b"")
    sidecars(tmp_path / "REPORT (3).xlsx").written.write_text("{}", encoding="utf-8")
    assert beside(workbook) == tmp_path / "REPORT (4).xlsx"
