"""Run one audit crawl in this process and report what it did.

Twisted's reactor starts once per process, so a process runs one crawl: the
CLI is that process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.inputs.seeds import BadSeed, Seed
from crawler.site.scope import is_loopback

__all__ = ["CrawlOptions", "CrawlOutcome", "build_settings", "run_crawl"]

_QUIET_UNLESS_VERBOSE = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


@dataclass(frozen=True)
class CrawlOptions:
    """What the command line may change; ``None`` keeps the default of ``crawler.settings``."""

    delay: float | None = None
    concurrency: int | None = None
    max_pages: int | None = None
    depth: int | None = None
    timeout: float | None = None
    rules: tuple[str, ...] = ()
    mine: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    """Said before the crawl (e.g. repeated seeds dropped); kept in the run's notes."""
    jobdir: str | None = None
    """Scrapy's JOBDIR: pending requests and the spider's state, kept for ``--resume``."""
    resume: bool = False
    log_level: str = "WARNING"
    allow_domains: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ignore_robots: bool = False
    max_query_variants: int | None = None
    resolve: bool = False
    """Follow affiliate short links to reveal their ids (``--resolve``)."""
    resolve_via: str | None = None
    """A loopback server that stands in for every short-link host: for tests only."""
    extra_settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CrawlOutcome:
    report: Path
    findings: int
    pages: int
    pages_failed: int
    complete: bool
    finish_reason: str
    workbook_error: str | None
    workbook_written: bool = False
    """The workbook was saved by this run (only then may the CLI name it)."""
    write_error: str | None = None
    """Why a row of the record could not be written (disk full…): the crawl stopped there."""


def build_settings(report: Path, seeds: Sequence[Seed], bad_seeds: Sequence[BadSeed],
                   options: CrawlOptions, *, command: str = "crawl",
                   render_workbook: bool = True) -> Settings:
    """Scrapy settings for one audit: project defaults, then the command line's choices."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {
        "LINKAUDIT_REPORT": str(report),
        "LINKAUDIT_SEEDS": [s.to_dict() for s in seeds],
        "LINKAUDIT_BAD_SEEDS": [b.to_dict() for b in bad_seeds],
        "LINKAUDIT_COMMAND": command,
        "LINKAUDIT_RENDER_WORKBOOK": render_workbook,
        "LINKAUDIT_RULES": list(options.rules),
        "LINKAUDIT_MINE": list(options.mine),
        "LINKAUDIT_NOTES": list(options.notes),
        "LINKAUDIT_RESUME": options.resume,
        "LOG_LEVEL": options.log_level,
    }
    if options.max_pages is not None:
        overrides["LINKAUDIT_MAX_PAGES"] = options.max_pages
    if options.depth is not None:
        overrides["LINKAUDIT_MAX_DEPTH"] = options.depth
    overrides["LINKAUDIT_ALLOW_DOMAINS"] = list(options.allow_domains)
    overrides["LINKAUDIT_INCLUDE"] = list(options.include)
    overrides["LINKAUDIT_EXCLUDE"] = list(options.exclude)
    if options.ignore_robots:
        overrides["ROBOTSTXT_OBEY"] = False
    if options.max_query_variants is not None:
        overrides["LINKAUDIT_MAX_QUERY_VARIANTS"] = options.max_query_variants
    if options.timeout is not None:
        overrides["DOWNLOAD_TIMEOUT"] = options.timeout
    if options.jobdir is not None:
        overrides["JOBDIR"] = options.jobdir
    slots = {host: dict(slot) for host, slot in settings.getdict("DOWNLOAD_SLOTS").items()}
    if options.delay is not None:
        # An explicit delay applies everywhere, loopback included, and fixes it:
        # AutoThrottle would otherwise move it.
        overrides["DOWNLOAD_DELAY"] = options.delay
        overrides["AUTOTHROTTLE_ENABLED"] = False
        for slot in slots.values():
            slot["delay"] = options.delay
    if options.concurrency is not None:
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = options.concurrency
        overrides["CONCURRENT_REQUESTS"] = max(options.concurrency,
                                               settings.getint("CONCURRENT_REQUESTS"))
        overrides["AUTOTHROTTLE_TARGET_CONCURRENCY"] = float(options.concurrency)
        for slot in slots.values():
            slot["concurrency"] = options.concurrency
    if seeds and all(is_loopback(s.url) for s in seeds) and options.delay is None:
        # Only local servers: AutoThrottle has nothing to protect.
        overrides["AUTOTHROTTLE_ENABLED"] = False
    if options.resolve:
        from crawler.resolve import RESOLVE_SLOT, slot_settings

        overrides["LINKAUDIT_RESOLVE"] = True
        overrides["LINKAUDIT_RESOLVE_VIA"] = options.resolve_via
        # Set after --delay/--concurrency: resolution keeps its own slow pace.
        slots[RESOLVE_SLOT] = slot_settings(options.resolve_via, options.delay)
    overrides["DOWNLOAD_SLOTS"] = slots
    if any(s.render for s in seeds):
        from crawler.render.pages import render_settings  # the browser is wired only when asked for

        wired = render_settings(os.environ, settings.get("USER_AGENT"))
        wired["DOWNLOAD_HANDLERS"] = {**settings.getdict("DOWNLOAD_HANDLERS"),
                                      **overrides.get("DOWNLOAD_HANDLERS", {}),
                                      **wired["DOWNLOAD_HANDLERS"]}
        overrides.update(wired)
    overrides.update(options.extra_settings)
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(report: Path, seeds: Sequence[Seed], bad_seeds: Sequence[BadSeed],
              options: CrawlOptions, *, command: str = "crawl",
              render_workbook: bool = True) -> CrawlOutcome:
    """Crawl ``seeds``, writing the record (and the workbook) for ``report``."""
    from spiders.audit import AuditSpider  # imports Scrapy's reactor machinery

    settings = build_settings(report, seeds, bad_seeds, options, command=command,
                              render_workbook=render_workbook)
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    if settings.get("LOG_LEVEL") != "DEBUG" and options.log_level == "WARNING":
        # Failed downloads become page rows with their reason, printed by the CLI;
        # Scrapy's own tracebacks for them (robots.txt, retries) only bury that.
        for name in _QUIET_UNLESS_VERBOSE:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(AuditSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = str(stats.get("finish_reason", "unknown"))
    return CrawlOutcome(
        report=report,
        findings=int(stats.get("linkaudit/findings", 0)),
        pages=int(stats.get("linkaudit/pages", 0)),
        pages_failed=int(stats.get("linkaudit/pages_failed", 0)),
        complete=reason == "finished",
        finish_reason=reason,
        workbook_error=stats.get("linkaudit/workbook_error"),
        workbook_written=bool(stats.get("linkaudit/workbook_written")),
        write_error=stats.get("linkaudit/write_error"),
    )
