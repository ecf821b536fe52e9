"""A workbook the creator edited after linkaudit wrote it is kept; the new one goes beside it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from reports import sidecars
from reports.written import fingerprint
from tests.conftest import ServedFolder, linkaudit, workbooks_said

PID = "mm_28765431_45872103_110000001"


def _edit(workbook: Path) -> bytes:
    """Tick a row and add a note, as a creator does in Excel; the bytes saved."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb.worksheets[0]
    ws.cell(row=ws.max_row + 2, column=1, value="removed from the About page ✓ (my note)")
    wb.save(workbook)
    return workbook.read_bytes()


def _noted(workbook: Path) -> dict[str, object]:
    return json.loads(sidecars(workbook).written.read_bytes())


def _first_cell_texts(workbook: Path) -> list[object]:
    return [row[0] for row in openpyxl.load_workbook(workbook).worksheets[0].iter_rows(
        values_only=True)]


@pytest.fixture
def scanned(tmp_path: Path) -> Path:
    """A report of one post, written by ``linkaudit scan``."""
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(f"https://s.click.taobao.com/t?pid={PID}\n", encoding="utf-8")
    report = tmp_path / "REPORT.xlsx"
    result = linkaudit("scan", str(posts), "-o", str(report), cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr  # links found
    return report


def test_the_sidecar_records_the_workbook_written(scanned: Path) -> None:
    assert _noted(scanned) == {"workbook": "REPORT.xlsx", **fingerprint(scanned)}


def test_report_keeps_an_edited_workbook_and_writes_beside_it(scanned: Path) -> None:
    edited = _edit(scanned)
    record = sidecars(scanned).findings
    result = linkaudit("report", str(record), cwd=scanned.parent, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    beside = scanned.with_name("REPORT (2).xlsx")
    assert scanned.read_bytes() == edited  # byte for byte
    assert "removed from the About page ✓ (my note)" in _first_cell_texts(scanned)
    assert (f"{scanned} was changed after linkaudit wrote it; kept it, wrote REPORT (2).xlsx"
            in result.stderr)
    assert f"Workbook: {beside}" in result.stdout
    assert "removed from the About page ✓ (my note)" not in _first_cell_texts(beside)
    assert _noted(beside) == {"workbook": "REPORT (2).xlsx", **fingerprint(beside)}
    # Still edited: the next render takes the next free name, never one that exists.
    again = linkaudit("report", str(record), cwd=scanned.parent, timeout=60)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "wrote REPORT (3).xlsx" in again.stderr
    assert scanned.read_bytes() == edited


def test_report_replaces_a_workbook_left_as_linkaudit_wrote_it(scanned: Path) -> None:
    result = linkaudit("report", str(sidecars(scanned).findings), cwd=scanned.parent,
                       timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "was changed after linkaudit wrote it" not in result.stderr
    assert f"Workbook: {scanned}" in result.stdout
    assert not scanned.with_name("REPORT (2).xlsx").exists()
    assert _noted(scanned) == {"workbook": "REPORT.xlsx", **fingerprint(scanned)}


def test_a_workbook_linkaudit_has_no_note_of_writing_is_kept(scanned: Path) -> None:
    before = scanned.read_bytes()
    sidecars(scanned).written.unlink()  # e.g. written by an older linkaudit
    result = linkaudit("report", str(sidecars(scanned).findings), cwd=scanned.parent,
                       timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert scanned.read_bytes() == before
    assert "kept it, wrote REPORT (2).xlsx" in result.stderr


@pytest.mark.parametrize("edit", [True, False])
def test_a_second_crawl_to_the_same_path_keeps_an_edited_workbook(
        site: ServedFolder, tmp_path: Path, edit: bool) -> None:
    report = tmp_path / "REPORT.xlsx"
    first = linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path, timeout=120)
    assert first.returncode in (0, 1), first.stdout + first.stderr
    edited = _edit(report) if edit else None
    second = linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path, timeout=120)
    assert second.returncode in (0, 1), second.stdout + second.stderr
    beside = tmp_path / "REPORT (2).xlsx"
    if edit:
        assert report.read_bytes() == edited
        assert f"{report} was changed after linkaudit wrote it; kept it, wrote REPORT (2).xlsx" \
            in second.stderr
        assert workbooks_said(second.stdout) == [beside.name]  # relative to the current folder
        assert _noted(beside) == {"workbook": "REPORT (2).xlsx", **fingerprint(beside)}
        # The note of the first workbook stays: the edited one still counts as edited.
        assert _noted(report)["sha256"] != fingerprint(report)["sha256"]
    else:
        assert "was changed after linkaudit wrote it" not in second.stderr
        assert workbooks_said(second.stdout) == [report.name]
        assert not beside.exists()
        assert _noted(report) == {"workbook": "REPORT.xlsx", **fingerprint(report)}


@pytest.mark.parametrize("edit", [True, False])
def test_verify_o_keeps_an_edited_workbook(scanned: Path, edit: bool) -> None:
    target = scanned.with_name("V.xlsx")
    first = linkaudit("verify", str(scanned), "-o", str(target), cwd=scanned.parent, timeout=60)
    assert first.returncode == 1, first.stdout + first.stderr  # the link remains
    edited = _edit(target) if edit else None
    second = linkaudit("verify", str(scanned), "-o", str(target), cwd=scanned.parent,
                       timeout=60)
    assert second.returncode == 1, second.stdout + second.stderr
    beside = scanned.with_name("V (2).xlsx")
    if edit:
        assert target.read_bytes() == edited
        assert f"{target} was changed after linkaudit wrote it; kept it, wrote V (2).xlsx" \
            in second.stderr
        assert workbooks_said(second.stdout) == [beside.name]
        assert _noted(beside) == {"workbook": "V (2).xlsx", **fingerprint(beside)}
    else:
        assert "was changed after linkaudit wrote it" not in second.stderr
        assert not beside.exists()
        assert _noted(target) == {"workbook": "V.xlsx", **fingerprint(target)}
