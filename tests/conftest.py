"""Shared fixtures: real HTTP servers on 127.0.0.1 and the linkaudit command in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.serve import serve_folder

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# A proxy from the environment would send test traffic to an unsuspecting
# server (Scrapy's own test suite clears these for the same reason).
for _var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_var, None)


@dataclass
class ServedFolder:
    root: Path
    url: str


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ServedFolder]:
    """A writable copy of tests/fixtures/site, served on 127.0.0.1 for one test."""
    copy = tmp_path / "site"
    shutil.copytree(TESTS / "fixtures" / "site", copy)
    with serve_folder(copy) as url:
        yield ServedFolder(copy, url)


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' locale speaks English, so the CLI's default language (``--lang``) is ``en``
    whatever the machine running them says; tests of Chinese pass ``--lang zh`` or ``locale``."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


def linkaudit(*args: str, cwd: Path, timeout: float = 180, proxy: str | None = None,
              locale: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """Run the linkaudit command in a fresh process (Twisted runs one crawl per process).

    ``proxy``: a local proxy for http and https (a test's recording server), else none.
    ``locale``: the user's locale (``LC_ALL``), which picks the default language: English
    unless a test says otherwise.
    """
    env = {k: v for k, v in os.environ.items()
           if "proxy" not in k.lower() and k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LC_ALL"] = locale
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if proxy:
        env.update(http_proxy=proxy, https_proxy=proxy)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def workbooks_said(stdout: str) -> list[str]:
    """The workbooks a command's output names: its summary table's Workbook row (plain
    form, as when stdout is not a terminal) or ``report``'s and ``diff``'s Workbook line."""
    import re

    return [path for path in re.findall(r"^\s*Workbook:\s+(.+?)\s*$", stdout, re.MULTILINE)
            if path != "(not written)"]
