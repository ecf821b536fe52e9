"""Bad input through the linkaudit command: a clear message naming the input and the fix, exit 2,
and nothing already found is lost."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reports import write_workbook
from tests.conftest import linkaudit, workbooks_said
from tests.faultserver import FINDING, PID, fault_server, html, index


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def summary_notes(report: Path) -> list[str]:
    wb = openpyxl.load_workbook(report, read_only=True)
    notes = [row[1] for row in wb["Summary"].iter_rows(values_only=True)
             if len(row) > 1 and row[0] == "Note"]
    wb.close()
    return notes


@pytest.fixture
def small_site():
    routes = {"/": index(["/post.html"]), "/post.html": html(FINDING),
              "/clean.html": html("<p>nothing</p>")}
    with fault_server(routes) as server:
        yield server


# -- seeds ------------------------------------------------------------------------------


def _no_url_table(path: Path) -> None:
    path.write_text("Title;Link\nx;https://b.example/\n", encoding="utf-8")


SEEDS_PROBLEMS = {
    "missing": (None, "does not exist; create it with one URL per line"),
    "empty": (lambda p: p.write_bytes(b""), "is empty; write one URL per line"),
    "folder": (lambda p: p.mkdir(), "is a folder; pass the file in it that lists the URLs"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 4), "is not text"),
    "renamed workbook": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(60)),
                         "is a zip or Excel file; name it .xlsx"),
}


@pytest.mark.parametrize("problem", SEEDS_PROBLEMS)
def test_unusable_seeds_file_exits_2_naming_it(tmp_path: Path, problem: str) -> None:
    make, why = SEEDS_PROBLEMS[problem]
    path = tmp_path / "seeds.txt"
    if make:
        make(path)
    result = linkaudit("crawl", "--seeds", str(path), "-o", str(tmp_path / "r.xlsx"),
                       cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"linkaudit crawl: error: seeds file {path}")
    assert why in result.stderr
    assert not (tmp_path / "r.jsonl").exists()  # nothing started


def test_url_table_without_a_url_column_lists_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    _no_url_table(path)
    result = linkaudit("crawl", "--seeds", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{path} has no 'url' column (its columns: 'Title', 'Link')" in result.stderr


def test_only_bad_lines_exit_2_each_named(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_text("# mine\nftp://b.example/\nblog https://b.example/\n", encoding="utf-8")
    result = linkaudit("crawl", "--seeds", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{path}:2: 'ftp://b.example/' is not an http(s) URL" in result.stderr
    assert f"{path}:3: unknown keyword 'blog'" in result.stderr
    assert "no valid seed" in result.stderr


def test_repeated_seeds_are_dropped_with_a_note(small_site, tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    clean = small_site.url + "/clean.html"
    path.write_text(f"page {clean}\n{clean}\n", encoding="utf-8")
    report = tmp_path / "r.xlsx"
    result = linkaudit("crawl", "--seeds", str(path), clean, "-o", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr  # repeats are no failure
    expected = [f"{path}:2: {clean} repeats {path}:1; dropped",
                f"command line: {clean} repeats {path}:1; dropped"]
    for note in expected:
        assert f"note: {note}" in result.stderr
    assert summary_notes(report) == expected
    assert small_site.fetches("/clean.html") == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_url_list_spreadsheet_is_crawled(small_site, tmp_path: Path, kind: str) -> None:
    rows = [["Post", "URL", "MODE"], ["home", small_site.url + "/", "site"],
            ["clean", small_site.url + "/clean.html", None]]
    path = tmp_path / f"posts.{kind}"
    if kind == "csv":
        path.write_text("\n".join(",".join(c or "" for c in r) for r in rows), encoding="utf-8-sig")
    else:
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    report = tmp_path / "r.xlsx"
    result = linkaudit("crawl", "--seeds", str(path), "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert [f["pid"] for f in read_jsonl(tmp_path / "r.jsonl")] == [PID]
    seeds = json.loads((tmp_path / "r.run.json").read_text(encoding="utf-8"))["seeds"]
    assert [(s["mode"], s["source"]) for s in seeds] == [("site", f"{path}:2"),
                                                          ("page", f"{path}:3")]


# -- the output -------------------------------------------------------------------------


def test_output_folder_that_cannot_exist_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    result = linkaudit("crawl", "http://127.0.0.1:9/", "-o", str(tmp_path / "notes.txt" / "r.xlsx"),
                       cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot create the folder for" in result.stderr
    assert "choose another place with -o" in result.stderr


def test_record_in_the_way_exits_2_before_crawling(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").mkdir()
    result = linkaudit("crawl", "http://127.0.0.1:9/", "-o", str(tmp_path / "r.xlsx"),
                       cwd=tmp_path)
    assert result.returncode == 2
    assert f"cannot write the record {tmp_path / 'r.jsonl'}" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_read_only_output_folder_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = linkaudit("crawl", "http://127.0.0.1:9/", "-o", str(out / "r.xlsx"),
                           cwd=tmp_path)
    finally:
        out.chmod(0o755)
    assert result.returncode == 2
    assert f"cannot write in the folder {out} (permission denied)" in result.stderr


def test_locked_workbook_keeps_the_record_and_says_how_to_render(tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"

    def post(h) -> None:
        # A folder appears where the workbook goes while the crawl runs: the end of the
        # crawl cannot replace it, as when Excel holds the file open on Windows. (A
        # folder named by -o itself is refused before crawling.)
        report.mkdir(exist_ok=True)
        html(FINDING)(h)

    with fault_server({"/": index(["/post.html"]), "/post.html": post}) as server:
        result = linkaudit("crawl", server.url + "/", "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # the findings still count
    record = tmp_path / "r.jsonl"
    assert f"could not write the workbook {report}" in result.stderr
    assert f"Your findings are safe in {record}" in result.stderr
    assert f"linkaudit report {record} -o <another>.xlsx" in result.stderr
    assert not workbooks_said(result.stdout)
    assert [f["pid"] for f in read_jsonl(record)] == [PID]

    rendered = tmp_path / "again.xlsx"
    again = linkaudit("report", str(record), "-o", str(rendered), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    wb = openpyxl.load_workbook(rendered, read_only=True)
    rows = list(wb["Findings"].iter_rows(values_only=True))
    wb.close()
    assert len(rows) == 2
    assert PID in rows[1]


# -- a workbook given to verify that is not a linkaudit report ----------------------------


def _damaged_report(path: Path) -> None:
    """A real report whose Summary sheet was cut short (a copy interrupted, a bad disk)."""
    good = path.with_name("good.xlsx")
    write_workbook(good, run={"command": "crawl", "seeds": [{"mode": "site",
                                                             "url": "https://b.example/"}]},
                   findings=[], pages=[])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)


def _foreign_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Summary"  # the right sheet name, but not a linkaudit report
    wb.active.append(["Budget", 2024])
    wb.save(path)


VERIFY_INPUTS = {
    "zero bytes": (lambda p: p.write_bytes(b""), "an empty file (0 bytes), not a workbook"),
    "text renamed .xlsx": (lambda p: p.write_text("url\nhttps://b.example/\n"),
                           "cannot be read as an Excel workbook"),
    "zip, not a workbook": (lambda p: zipfile.ZipFile(p, "w").close(),
                            "cannot be read as an Excel workbook"),
    "foreign workbook": (_foreign_workbook, "not a linkaudit report"),
    "damaged report": (_damaged_report, "the workbook is damaged"),
}


@pytest.mark.parametrize("kind", VERIFY_INPUTS)
def test_verify_refuses_what_is_not_a_report(tmp_path: Path, kind: str) -> None:
    make, why = VERIFY_INPUTS[kind]
    path = tmp_path / "report.xlsx"
    make(path)
    before = path.read_bytes()
    result = linkaudit("verify", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"linkaudit verify: error: {path}")
    assert why in result.stderr
    assert "pass the .xlsx written by linkaudit crawl" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before  # left as it was
