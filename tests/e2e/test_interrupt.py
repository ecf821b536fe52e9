"""Interrupting a real crawl: kill -9 loses nothing written, Ctrl-C leaves a partial workbook
marked incomplete, and --resume finishes the crawl without fetching a page twice.

Each test runs the linkaudit command in a subprocess against a slow site on 127.0.0.1
and interrupts it once the record shows progress.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from reports import read_jsonl
from tests.conftest import ROOT, linkaudit
from tests.faultserver import fault_server, page_pid, slow_site

PAGES = 40
DELAY = 0.5  # per page, two at a time: the crawl takes about 10 s unless interrupted
#: How long a stopped crawl may take to end: a guard against a hang, not a timing test.
BOUND = 90

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start_crawl(url: str, report: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "crawler.cli", "crawl", url, "--concurrency", "2",
         "-o", str(report), *args],
        cwd=report.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def lines(path: Path) -> list[bytes]:
    try:
        return path.read_bytes().splitlines()
    except FileNotFoundError:
        return []


def wait_for_rows(proc: subprocess.Popen[str], path: Path, count: int) -> int:
    """Wait until ``path`` holds ``count`` lines (the crawl is under way); return how many."""
    deadline = time.monotonic() + BOUND
    while len(lines(path)) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the crawl made no progress"
        time.sleep(0.05)
    return len(lines(path))


def summary(report: Path) -> dict[str, tuple]:
    wb = openpyxl.load_workbook(report, read_only=True)
    rows = {row[0]: row[1:] for row in wb["Summary"].iter_rows(values_only=True)
            if len(row) > 1 and row[0]}
    wb.close()
    return rows


def finding_pids(report: Path) -> list[str]:
    wb = openpyxl.load_workbook(report, read_only=True)
    rows = wb["Findings"].iter_rows(values_only=True)
    pid = next(rows).index("PID")
    pids = [row[pid] for row in rows]
    wb.close()
    return pids


def test_kill_9_loses_nothing_already_written(tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    with fault_server(slow_site(PAGES, DELAY)) as server:
        proc = start_crawl(server.url + "/", report)
        seen = wait_for_rows(proc, tmp_path / "r.jsonl", 5)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=BOUND)
    assert proc.returncode == -signal.SIGKILL
    assert not report.exists()  # no chance to write the workbook...

    raw = lines(tmp_path / "r.jsonl")
    rows = [json.loads(line) for line in raw]  # ...but every line of the record is whole
    assert len(rows) >= seen
    for row in rows:
        assert row["pid"] == page_pid(int(row["page_url"].rsplit("/", 1)[1]))
    pages = read_jsonl(tmp_path / "r.pages.jsonl")
    assert {p["url"] for p in pages} >= {r["page_url"] for r in rows}

    # The record renders into a workbook, and a resume is refused: the state was never saved.
    rendered = linkaudit("report", str(tmp_path / "r.jsonl"), cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert sorted(finding_pids(report)) == sorted(r["pid"] for r in rows)
    resumed = linkaudit("crawl", "--resume", "-o", str(report), cwd=tmp_path)
    assert resumed.returncode == 2
    assert "was killed before it could save its state" in resumed.stderr


@pytest.mark.parametrize(("findings", "code"), [(True, 1), (False, 3)])
def test_ctrl_c_writes_a_partial_workbook_marked_incomplete(tmp_path: Path, findings: bool,
                                                           code: int) -> None:
    report = tmp_path / "r.xlsx"
    with fault_server(slow_site(PAGES, DELAY, findings=findings)) as server:
        proc = start_crawl(server.url + "/", report)
        wait_for_rows(proc, tmp_path / "r.pages.jsonl", 5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=BOUND)  # ends by itself, once
        fetched = sum(1 for path in server.requested if path.startswith("/p/"))
    # Links found say 1 even so; without any, an interrupted crawl proves nothing: 3.
    assert proc.returncode == code, out + err
    assert fetched < PAGES  # it did stop early
    assert "the crawl stopped early (shutdown): the report is incomplete" in err
    assert f"continue it with: linkaudit crawl --resume -o {report}" in err

    rows = summary(report)
    assert rows["Crawl complete"][:2] == (
        "no", "The crawl was interrupted: pages it did not reach were not audited.")
    pages = read_jsonl(tmp_path / "r.pages.jsonl")
    assert rows["Pages audited"][0] == sum(1 for p in pages if p["audited"] and not p["error"])
    record = read_jsonl(tmp_path / "r.jsonl")
    assert sorted(finding_pids(report)) == sorted(r["pid"] for r in record)
    assert bool(record) is findings
    assert (tmp_path / "r.job").is_dir()


def test_resume_fetches_every_page_exactly_once(tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    with fault_server(slow_site(PAGES, DELAY)) as server:
        proc = start_crawl(server.url + "/", report)
        wait_for_rows(proc, tmp_path / "r.jsonl", 5)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=BOUND)
        first = Counter(server.requested)
        assert sum(n for path, n in first.items() if path.startswith("/p/")) < PAGES

        result = linkaudit("crawl", "--resume", "-o", str(report), cwd=tmp_path,
                           timeout=BOUND)
        fetched = Counter(server.requested)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "note: resumed an interrupted crawl" in result.stderr
    # Every page once over both runs (robots.txt is read again by each run).
    del fetched["/robots.txt"]
    assert {path for path in fetched if path.startswith("/p/")} == {
        f"/p/{n}" for n in range(PAGES)}
    assert {path: n for path, n in fetched.items() if n != 1} == {}

    expected = sorted(page_pid(n) for n in range(PAGES))
    assert sorted(r["pid"] for r in read_jsonl(tmp_path / "r.jsonl")) == expected
    assert sorted(finding_pids(report)) == expected
    assert summary(report)["Crawl complete"][0] == "yes"
    assert not (tmp_path / "r.job").exists()  # finished: nothing left to resume


def test_resume_without_an_interrupted_crawl_exits_2(tmp_path: Path) -> None:
    result = linkaudit("crawl", "--resume", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 2
    assert f"nothing to resume: no interrupted crawl is kept in {tmp_path / 'r.job'}" in (
        result.stderr)
    result = linkaudit("crawl", "--resume", cwd=tmp_path)
    assert result.returncode == 2
    assert "--resume needs -o REPORT.xlsx" in result.stderr
