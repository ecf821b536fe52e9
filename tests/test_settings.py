"""Politeness defaults and the command line's overrides, as Scrapy settings."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.config import AuditConfig, ConfigError
from crawler.inputs.seeds import Seed
from crawler.runner import CrawlOptions, build_settings

REMOTE = [Seed("site", "https://blog.example.com/")]
LOCAL = [Seed("site", "http://127.0.0.1:8000/")]


def build(seeds: list[Seed], **options: object) -> Settings:
    return build_settings(Path("out/r.xlsx"), seeds, [], CrawlOptions(**options))  # type: ignore[arg-type]


def test_real_sites_get_polite_defaults() -> None:
    s = build(REMOTE)
    assert s.getbool("ROBOTSTXT_OBEY")
    assert s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getfloat("DOWNLOAD_DELAY") > 0
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert "linkaudit" in s.get("USER_AGENT")


def test_loopback_gets_no_delay() -> None:
    s = build(LOCAL)
    assert s.getdict("DOWNLOAD_SLOTS")["127.0.0.1"]["delay"] == 0
    assert not s.getbool("AUTOTHROTTLE_ENABLED")
    # A mix keeps AutoThrottle for the real host and no delay on loopback.
    mixed = build(REMOTE + LOCAL)
    assert mixed.getbool("AUTOTHROTTLE_ENABLED")
    assert mixed.getdict("DOWNLOAD_SLOTS")["localhost"]["delay"] == 0


def test_flags_override_everywhere() -> None:
    s = build(REMOTE + LOCAL, delay=2.0, concurrency=5, max_pages=7, depth=3)
    assert s.getfloat("DOWNLOAD_DELAY") == 2.0
    assert not s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getdict("DOWNLOAD_SLOTS")["127.0.0.1"] == {"concurrency": 5, "delay": 2.0, "jitter": 0.0}
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 5
    config = AuditConfig.from_settings(s)
    assert (config.max_pages, config.max_depth) == (7, 3)


def test_no_listening_ports() -> None:
    s = build(REMOTE)
    assert not s.getbool("TELNETCONSOLE_ENABLED")
    assert not s.getbool("REMOTE_CONTROL_ENABLED")


def listening_ports(pid: int) -> set[int]:
    """TCP ports process ``pid`` listens on, from /proc (no psutil needed)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # an fd closed while we look
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_a_running_crawl_listens_on_no_port(tmp_path: Path) -> None:
    from tests.conftest import ROOT
    from tests.faultserver import fault_server, slow

    with fault_server({"/": slow(60)}) as server:
        # The probe sees a listening socket when there is one: this process's server.
        assert server.port in listening_ports(os.getpid())
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PYTHONPATH"] = str(ROOT)
        proc = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "crawler.cli", "crawl", server.url + "/",
             "-o", str(tmp_path / "r.xlsx")],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            # Once the page is requested the engine runs, with every extension started.
            while "/" not in server.requested:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            assert listening_ports(proc.pid) == set()
        finally:
            proc.kill()
            proc.wait()


def test_responses_redirects_and_pages_are_bounded() -> None:
    s = build(REMOTE)
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024  # decompressed size too
    assert 0 < s.getint("DOWNLOAD_WARNSIZE") < s.getint("DOWNLOAD_MAXSIZE")
    assert s.getint("DOWNLOAD_TIMEOUT") == 30
    assert not s.getbool("REDIRECT_ENABLED")  # the spider follows, and bounds, redirects
    config = AuditConfig.from_settings(s)
    assert (config.max_redirects, config.max_pages, config.max_depth) == (10, 10000, 50)
    assert build(REMOTE, timeout=2.5).getfloat("DOWNLOAD_TIMEOUT") == 2.5


def test_config_names_the_bad_setting() -> None:
    with pytest.raises(ConfigError, match="LINKAUDIT_REPORT must name an .xlsx"):
        AuditConfig.from_settings(Settings({"LINKAUDIT_REPORT": "out/r.csv"}))
    with pytest.raises(ConfigError, match="LINKAUDIT_MAX_PAGES"):
        AuditConfig.from_settings(Settings({"LINKAUDIT_MAX_PAGES": 0}))
