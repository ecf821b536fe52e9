"""``linkaudit demo``: the whole loop (audit, clean, verify) and ``--serve``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from crawler.demo import clean, demo_dir
from reports import read_jsonl
from tests.conftest import ROOT, linkaudit, workbooks_said

PID_F = "mm_99887766_1234567_7654321"  # the spam comment nobody cleaned


def test_the_cleanup_applies_to_the_sample_once(tmp_path: Path) -> None:
    """Every edit of cleanup.toml finds its text once; a sample changed without its
    cleanup is named, not half cleaned."""
    for name in ("site", "posts"):
        shutil.copytree(demo_dir(name), tmp_path / name)
    clean(tmp_path)
    assert "u.jd.com/Kq8TzW2" in (tmp_path / "site/posts/2025-06-earphones.html").read_text("utf-8")
    with pytest.raises(ValueError, match="cleanup.toml"):
        clean(tmp_path)  # already cleaned: the texts to replace are gone


def test_demo_audits_cleans_and_verifies(tmp_path: Path) -> None:
    result = linkaudit("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = Path("output")
    report, verified = out / "demo-report.xlsx", out / "demo-report.verify.xlsx"
    assert (tmp_path / report).is_file() and (tmp_path / verified).is_file()
    # Paths are printed as the user can open them from where they stand.
    assert workbooks_said(result.stdout) == [str(report), str(verified)]
    rows = read_jsonl(tmp_path / verified.with_suffix(".jsonl"))
    by_status: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_status.setdefault(str(row["status"]), []).append(row)
    removed, remaining, new = (by_status.get(s, []) for s in ("removed", "remaining", "new"))
    assert len(removed) > 0
    assert [r["pid"] for r in remaining] == [PID_F]
    assert len(new) == 1 and "u.jd.com" in str(new[0]["link"])
    assert f"{len(removed)} removed, 1 remaining, 1 new." in result.stdout
    # The crawl's summary comes first, then the verify's.
    assert result.stdout.index("Found 37 affiliate link(s)") < result.stdout.index("removed,")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_demo_serve_serves_the_site_until_interrupted(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "demo", "--serve"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        site = first.split(" at ", 1)[1].split()[0]
        assert site.startswith("http://127.0.0.1:")
        command = [proc.stdout.readline(), proc.stdout.readline()][1].strip()
        assert command.startswith(f"linkaudit crawl {site} ")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(site, timeout=10) as response:
            assert "小林的好物笔记" in response.read().decode("utf-8")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (tmp_path / "output").exists()  # serving writes nothing
