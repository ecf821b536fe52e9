"""Run one audit crawl in this process and report what it did.

Twisted's reactor starts once per process, so a process runs one crawl: the
CLI is that process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.config import CONFIG_SETTING, AuditConfig, CrawlOptions
from crawler.inputs.seeds import BadSeed, Seed
from crawler.site.scope import is_loopback

__all__ = ["CrawlOptions", "CrawlOutcome", "build_settings", "run_crawl"]

_QUIET_UNLESS_VERBOSE = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


@dataclass(frozen=True)
class CrawlOutcome:
    """What the crawl did, from its stats (the command reads the record for the rest)."""

    report: Path
    findings: int
    pages: int
    pages_failed: int
    complete: bool
    finish_reason: str
    closed: bool
    """The spider opened and closed, writing the run file: the record can make a workbook."""
    write_error: str | None = None
    """Why a row of the record could not be written (disk full…): the crawl stopped there."""


def build_settings(report: Path, seeds: Sequence[Seed], bad_seeds: Sequence[BadSeed],
                   options: CrawlOptions, *, command: str = "crawl") -> Settings:
    """Scrapy settings for one audit: project defaults, then the command line's choices.

    The audit's own options travel as one :class:`AuditConfig` (``LINKAUDIT_CONFIG``),
    built here from ``options``, which were checked when they were made.
    """
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {"LOG_LEVEL": options.log_level}
    if options.ignore_robots:
        overrides["ROBOTSTXT_OBEY"] = False
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
    if options.progress is not None:
        from crawler.extensions.progress import PROGRESS_SETTING

        overrides[PROGRESS_SETTING] = options.progress
        overrides["EXTENSIONS"] = {**settings.getdict("EXTENSIONS"),
                                   "crawler.extensions.progress.CrawlProgress": 500}
    overrides.update(options.extra_settings)
    settings.setdict(overrides, priority="cmdline")
    settings.set(CONFIG_SETTING, _config(settings, report, seeds, bad_seeds, options, command),
                 priority="cmdline")
    return settings


def _config(settings: Settings, report: Path, seeds: Sequence[Seed],
            bad_seeds: Sequence[BadSeed], options: CrawlOptions, command: str) -> AuditConfig:
    """The audit's config from checked ``options``; the rest from the project's settings."""
    return AuditConfig(
        report=report,
        seeds=tuple(seeds),
        bad_seeds=tuple(bad_seeds),
        max_pages=(options.max_pages if options.max_pages is not None
                   else settings.getint("LINKAUDIT_MAX_PAGES")),
        max_depth=(options.depth if options.depth is not None
                   else settings.getint("LINKAUDIT_MAX_DEPTH")),
        max_redirects=settings.getint("REDIRECT_MAX_TIMES", 10),
        rules_files=options.rules,
        command=command,
        mine=options.mine,
        notes=options.notes,
        resume=options.resume,
        lang=options.lang,
        resolve=options.resolve,
        resolve_via=options.resolve_via,
        allow_domains=options.allow_domains,
        include=options.include,
        exclude=options.exclude,
        max_url_length=settings.getint("LINKAUDIT_MAX_URL_LENGTH"),
        max_query_variants=(options.max_query_variants if options.max_query_variants is not None
                            else settings.getint("LINKAUDIT_MAX_QUERY_VARIANTS")),
        max_segment_repeats=settings.getint("LINKAUDIT_MAX_SEGMENT_REPEATS"),
        max_sitemap_entries=settings.getint("LINKAUDIT_MAX_SITEMAP_ENTRIES"),
        max_sitemap_nesting=settings.getint("LINKAUDIT_MAX_SITEMAP_NESTING"),
        render_context=settings.getdict("LINKAUDIT_RENDER_CONTEXT"),
    )


def run_crawl(report: Path, seeds: Sequence[Seed], bad_seeds: Sequence[BadSeed],
              options: CrawlOptions, *, command: str = "crawl") -> CrawlOutcome:
    """Crawl ``seeds``, writing the record of ``report`` (the command then builds the workbook)."""
    from spiders.audit import AuditSpider  # imports Scrapy's reactor machinery

    settings = build_settings(report, seeds, bad_seeds, options, command=command)
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
        closed="finish_reason" in stats,  # set as the spider closes
        write_error=stats.get("linkaudit/write_error"),
    )
