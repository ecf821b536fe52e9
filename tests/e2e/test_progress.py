"""The progress display of a real crawl, read from a pseudo terminal as a user would see it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, ServedFolder, workbooks_said

pty = pytest.importorskip("pty")  # no pseudo terminals on Windows


def crawl_on_a_terminal(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run ``linkaudit crawl`` with stderr on a pseudo terminal: exit code, stdout, the terminal's text."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm", COLUMNS="200")
    with subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", *args], cwd=cwd,
                          env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=slave) as process:
        os.close(slave)  # the child holds it: reading ends when the child is gone
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the slave side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = process.stdout.read().decode() if process.stdout else ""
        code = process.wait(timeout=180)
    os.close(master)
    return code, stdout, b"".join(chunks).decode(errors="replace")


def test_a_crawl_on_a_terminal_shows_pages_and_findings_as_it_goes(
        site: ServedFolder, tmp_path: Path) -> None:
    code, stdout, terminal = crawl_on_a_terminal(site.url, "-o", str(tmp_path / "r.xlsx"),
                                                 cwd=tmp_path)
    assert code == 1, stdout + terminal
    audited = int(re.search(r"Audited (\d+) page", stdout)[1])  # type: ignore[index]
    findings = int(re.search(r"Found (\d+) affiliate", stdout)[1])  # type: ignore[index]
    shown = re.findall(r"(\d+) pages audited, \d+ queued, (\d+) failed · (\d+) findings", terminal)
    assert shown, terminal
    # The last line drawn has every finding; its pages count the skipped ones (robots.txt,
    # not HTML) too, which the summary tells apart.
    assert int(shown[-1][2]) == findings
    assert int(shown[-1][0]) + int(shown[-1][1]) >= audited > 0
    assert "pages/s" in terminal


def test_quiet_shows_no_progress_even_on_a_terminal(site: ServedFolder, tmp_path: Path) -> None:
    code, stdout, terminal = crawl_on_a_terminal(site.url, "-q", "-o", str(tmp_path / "r.xlsx"),
                                                 cwd=tmp_path)
    assert code == 1, stdout + terminal
    assert workbooks_said(stdout)
    assert "pages audited" not in terminal and "pages/s" not in terminal
