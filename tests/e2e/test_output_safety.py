"""``-o`` is checked before any work: never onto an input, never a folder, never two runs at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.outputs import OutputLock
from tests.conftest import ROOT, linkaudit

SEEDS = "page http://127.0.0.1:9/a\n"


def _link(kind: str, target: Path, link: Path) -> None:
    if kind == "symlink":
        link.symlink_to(target)
    elif kind == "hardlink":
        os.link(target, link)


# (command line, the input file, what is written there, which output lands on it)
CASES = [
    (["crawl", "--seeds", "{in}"], "list.jsonl", SEEDS, "r.jsonl"),
    (["crawl", "--seeds", "{in}"], "posts.xlsx", None, "r.xlsx"),
    (["crawl", "--seeds", "{in}"], "r.pages.jsonl", SEEDS, "r.pages.jsonl"),
    (["crawl", "http://127.0.0.1:9/", "--rules", "{in}"], "r.run.json", "", "r.run.json"),
    (["crawl", "http://127.0.0.1:9/", "--cookies", "{in}"], "r.jsonl", "", "r.jsonl"),
    (["scan", "{in}"], "r.jsonl", "see https://s.click.taobao.com/t?e=1\n", "r.jsonl"),
]


@pytest.mark.parametrize("link", ["same name", "symlink", "hardlink"])
@pytest.mark.parametrize(("argv", "name", "content", "output"), CASES)
def test_a_report_never_replaces_an_input(tmp_path: Path, argv: list[str], name: str,
                                          content: str | None, output: str, link: str) -> None:
    # Under its own name beside the report, or elsewhere and linked into the report's place.
    given = tmp_path / "in" / (output if link == "same name" else name)
    given.parent.mkdir()
    if content is None:  # an .xlsx seeds file with the user's notes
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["URL", "my notes"])
        wb.active.append(["http://127.0.0.1:9/a", "keep me"])
        wb.save(given)
    else:
        given.write_text(content, encoding="utf-8")
    before = given.read_bytes()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    if link == "same name":
        report = given.with_name("r.xlsx")
        out_dir = given.parent
    else:
        report = out_dir / "r.xlsx"
        _link(link, given, out_dir / output)

    args = [a.replace("{in}", str(given)) for a in argv]
    result = linkaudit(*args, "-o", str(report), cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "which this run writes, is the" in result.stderr
    assert str(given) in result.stderr
    assert "Traceback" not in result.stderr
    assert given.read_bytes() == before
    assert not (out_dir / "r.job").exists()


def test_verify_never_writes_over_the_report_it_reads(tmp_path: Path) -> None:
    record = tmp_path / "r.jsonl"
    record.write_text("", encoding="utf-8")
    (tmp_path / "r.run.json").write_text('{"seeds": [{"mode": "page", '
                                         '"url": "http://127.0.0.1:9/"}]}')
    made = linkaudit("report", str(record), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    before = (tmp_path / "r.xlsx").read_bytes()
    result = linkaudit("verify", str(tmp_path / "r.xlsx"), "-o", str(tmp_path / "r.xlsx"),
                       cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is the report verify reads file" in result.stderr
    assert (tmp_path / "r.xlsx").read_bytes() == before


@pytest.mark.parametrize("command", [["crawl", "http://127.0.0.1:9/"], ["scan", "."]])
def test_o_naming_a_folder_is_refused(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    result = linkaudit(*command, "-o", str(folder), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"-o {folder} is a folder" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the lock holder is a POSIX child here")
def test_a_second_run_on_the_same_report_refuses_and_a_dead_one_blocks_nothing(
        tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    holder = subprocess.Popen(  # noqa: S603 - holds the lock as a running crawl would
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from crawler.outputs import OutputLock; lock = OutputLock(Path(sys.argv[1])); "
         "print('locked', flush=True); time.sleep(60)", str(report)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = linkaudit("crawl", "http://127.0.0.1:9/", "-o", str(report), cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"another linkaudit run is writing {report}" in result.stderr
        assert not (tmp_path / "r.jsonl").exists()
    finally:
        holder.kill()
        holder.wait()
    # The dead holder's lock went with it: the file left behind blocks nothing.
    OutputLock(report).release()
