"""Politeness defaults and the command line's overrides, as Scrapy settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.config import AuditConfig, ConfigError
from crawler.runner import CrawlOptions, build_settings
from crawler.seeds import Seed

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


def test_config_names_the_bad_setting() -> None:
    with pytest.raises(ConfigError, match="LINKAUDIT_REPORT must name an .xlsx"):
        AuditConfig.from_settings(Settings({"LINKAUDIT_REPORT": "out/r.csv"}))
    with pytest.raises(ConfigError, match="LINKAUDIT_MAX_PAGES"):
        AuditConfig.from_settings(Settings({"LINKAUDIT_MAX_PAGES": 0}))
