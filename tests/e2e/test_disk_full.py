"""A full disk mid-crawl: one clear message, the record whole to its last line, no false claims.

The child process gets a file size limit (``RLIMIT_FSIZE``) with ``SIGXFSZ``
ignored, so a write past the limit fails with ``EFBIG`` the way a full disk
fails with ``ENOSPC``: portable, needs neither root nor a small filesystem.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reports import read_jsonl
from tests.conftest import ROOT, workbooks_said
from tests.faultserver import fault_server, page_pid, slow_site

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")

PAGES = 80
BOUND = 90


def _limited(max_bytes: int | None):  # noqa: ANN202 - a preexec_fn
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of the process
        if max_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def run_limited(max_bytes: int | None, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "crawler.cli", *args], cwd=cwd, env=env, capture_output=True,
        text=True, timeout=BOUND, check=False, preexec_fn=_limited(max_bytes),  # noqa: PLW1509
    )


@pytest.mark.parametrize("limit", [12000, 20000])
def test_a_full_disk_stops_the_crawl_cleanly_and_resume_finishes_it(tmp_path: Path,
                                                                    limit: int) -> None:
    report = tmp_path / "r.xlsx"
    with fault_server(slow_site(PAGES, 0.1)) as server:
        result = run_limited(limit, "crawl", server.url + "/", "--concurrency", "2",
                             "-o", str(report), cwd=tmp_path)
        out, err = result.stdout, result.stderr
        first = Counter(p for p in server.requested if p.startswith("/p/"))

        assert result.returncode != 0, out + err
        assert "Traceback" not in err
        # One message naming the file that could not be written, and the fix.
        assert err.count("error: cannot write") == 1, err
        assert "File too large" in err
        assert f"cannot write {tmp_path}" in err
        assert "Free some space on the disk of" in err
        assert f"continue it with: linkaudit crawl --resume -o {report}" in err
        # The crawl stopped at the failure instead of fetching every page.
        assert sum(first.values()) < PAGES
        # No workbook is claimed unless it was written.
        assert bool(workbooks_said(out)) is report.exists()
        assert not list(tmp_path.glob(".*.tmp"))
        # Every line of the record is whole: nothing past the last newline.
        for name in ("r.jsonl", "r.pages.jsonl"):
            data = (tmp_path / name).read_bytes()
            assert len(data) <= limit
            assert not data or data.endswith(b"\n"), name
            for line in data.splitlines():
                json.loads(line)

        # Space freed: --resume finishes the crawl, and every page's finding is there once.
        resumed = run_limited(None, "crawl", "--resume", "-o", str(report), cwd=tmp_path)
    assert resumed.returncode == 1, resumed.stdout + resumed.stderr
    assert workbooks_said(resumed.stdout) and report.exists()
    pids = sorted(r["pid"] for r in read_jsonl(tmp_path / "r.jsonl"))
    assert pids == sorted(page_pid(n) for n in range(PAGES))
