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


def linkaudit(*args: str, cwd: Path, timeout: float = 180,
              proxy: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the linkaudit command in a fresh process (Twisted runs one crawl per process).

    ``proxy``: a local proxy for http and https (a test's recording server), else none.
    """
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if proxy:
        env.update(http_proxy=proxy, https_proxy=proxy)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )
