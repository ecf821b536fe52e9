"""The audit's options and settings as typed records, each checked once.

:class:`CrawlOptions` is what the command line may change (checked by
``crawler.commands.options``); ``crawler.runner`` turns it into Scrapy settings
holding a ready :class:`AuditConfig` under ``LINKAUDIT_CONFIG``. Plain Scrapy
users (``scrapy crawl audit -s LINKAUDIT_…``) have none: their settings are read
and checked by :meth:`AuditConfig.from_settings`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings as defaults  # the one place for defaults
from .inputs.seeds import BadSeed, Seed
from .site.scope import SiteScope, allowed_host

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from .progress import Progress

__all__ = ["CONFIG_SETTING", "AuditConfig", "ConfigError", "CrawlOptions"]

#: The Scrapy setting that carries an :class:`AuditConfig` built from checked options.
CONFIG_SETTING = "LINKAUDIT_CONFIG"


class ConfigError(ValueError):
    """Settings that cannot work together; the message names the settings."""


@dataclass(frozen=True)
class CrawlOptions:
    """What the command line may change, checked; ``None`` keeps the default of ``crawler.settings``."""

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
    """As :func:`allowed_host` spells them."""
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    ignore_robots: bool = False
    max_query_variants: int | None = None
    resolve: bool = False
    """Follow affiliate short links to reveal their ids (``--resolve``)."""
    resolve_via: str | None = None
    """A loopback server that stands in for every short-link host: for tests only."""
    extra_settings: dict[str, Any] = field(default_factory=dict)
    progress: Progress | None = None
    """Fed the crawl's numbers as it runs (the CLI's display on stderr); ``None``: no progress."""
    lang: str | None = None
    """The language of the run's workbook and summary (``zh``/``en``), kept in its run file."""


@dataclass(frozen=True)
class AuditConfig:
    report: Path
    """Where the workbook goes; the JSONL record and sidecars sit beside it."""
    seeds: tuple[Seed, ...] = ()
    bad_seeds: tuple[BadSeed, ...] = ()
    max_pages: int = defaults.LINKAUDIT_MAX_PAGES
    max_depth: int = defaults.LINKAUDIT_MAX_DEPTH
    max_redirects: int = 10
    rules_files: tuple[str, ...] = ()
    command: str = "crawl"
    mine: tuple[str, ...] = ()
    """The creator's own ids (``--mine``): PIDs, member ids, union ids, tags."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    resume: bool = False
    """Continue an interrupted crawl (``--resume``): the record is appended to, not replaced."""
    lang: str | None = None
    """The language the run speaks (``--lang``), written into its run file."""
    resolve: bool = False
    """Follow affiliate short links to reveal their ids (``--resolve``; see crawler.resolve)."""
    resolve_via: str | None = None
    """A loopback server standing in for every short-link host: tests only."""
    allow_domains: tuple[str, ...] = ()
    """Extra hosts treated as the sites' own (``--allow-domain``), as :func:`allowed_host` spells them."""
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    max_url_length: int = 2000
    max_query_variants: int = 50
    max_segment_repeats: int = 3
    max_sitemap_entries: int = 50000
    max_sitemap_nesting: int = 3
    render_context: dict[str, Any] = field(default_factory=dict)
    """Options of the browser context that renders pages (``LINKAUDIT_RENDER_CONTEXT``,
    set by :func:`crawler.render.pages.render_settings`); empty when no browser is wired in."""

    def site_scope(self, key: str) -> SiteScope:
        """The scope of a site seed whose :func:`~crawler.site.scope.scope_key` is ``key``."""
        return SiteScope(key, self.allow_domains, self.include, self.exclude)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> AuditConfig:
        """The config the settings carry (``LINKAUDIT_CONFIG``), else read from ``LINKAUDIT_*``."""
        given = settings.get(CONFIG_SETTING)
        if isinstance(given, cls):  # built by crawler.runner from options checked once
            return given
        report = Path(settings.get("LINKAUDIT_REPORT") or "output/linkaudit-report.xlsx")
        if report.suffix.lower() != ".xlsx":
            raise ConfigError(
                f"LINKAUDIT_REPORT must name an .xlsx file, got {str(report)!r} "
                "(e.g. -o output/report.xlsx)"
            )
        max_pages = settings.getint("LINKAUDIT_MAX_PAGES", defaults.LINKAUDIT_MAX_PAGES)
        max_depth = settings.getint("LINKAUDIT_MAX_DEPTH", defaults.LINKAUDIT_MAX_DEPTH)
        if max_pages < 1:
            raise ConfigError(f"LINKAUDIT_MAX_PAGES (--max-pages) must be at least 1, got {max_pages}")
        if max_depth < 0:
            raise ConfigError(f"LINKAUDIT_MAX_DEPTH (--depth) must be 0 or more, got {max_depth}")
        return cls(
            report=report,
            seeds=tuple(_seed(s) for s in settings.getlist("LINKAUDIT_SEEDS")),
            bad_seeds=tuple(_bad(b) for b in settings.getlist("LINKAUDIT_BAD_SEEDS")),
            max_pages=max_pages,
            max_depth=max_depth,
            max_redirects=settings.getint("REDIRECT_MAX_TIMES", 10),
            rules_files=tuple(settings.getlist("LINKAUDIT_RULES")),
            command=settings.get("LINKAUDIT_COMMAND", "crawl"),
            mine=tuple(settings.getlist("LINKAUDIT_MINE")),
            notes=tuple(settings.getlist("LINKAUDIT_NOTES")),
            lang=settings.get("LINKAUDIT_LANG") or None,
            render_context=settings.getdict("LINKAUDIT_RENDER_CONTEXT"),
            resolve=settings.getbool("LINKAUDIT_RESOLVE", False),
            resume=settings.getbool("LINKAUDIT_RESUME", False),
            resolve_via=_resolve_via(settings.get("LINKAUDIT_RESOLVE_VIA")),
            allow_domains=_allowed(settings.getlist("LINKAUDIT_ALLOW_DOMAINS")),
            include=_patterns(settings, "LINKAUDIT_INCLUDE", "--include"),
            exclude=_patterns(settings, "LINKAUDIT_EXCLUDE", "--exclude"),
            max_url_length=_at_least(settings, "LINKAUDIT_MAX_URL_LENGTH", 2000, 16),
            max_query_variants=_at_least(settings, "LINKAUDIT_MAX_QUERY_VARIANTS", 50, 1),
            max_segment_repeats=_at_least(settings, "LINKAUDIT_MAX_SEGMENT_REPEATS", 3, 2),
            max_sitemap_entries=_at_least(settings, "LINKAUDIT_MAX_SITEMAP_ENTRIES", 50000, 1),
            max_sitemap_nesting=_at_least(settings, "LINKAUDIT_MAX_SITEMAP_NESTING", 3, 1),
        )


# The checks both ways in share (the command line's options, Scrapy settings): each raises
# ValueError saying what is wrong with the value; the caller names the flag or setting.


def is_stand_in(url: str) -> bool:
    """A ``--resolve-via`` URL may only be a local test server: a stand-in elsewhere would
    receive every short link."""
    from .site.scope import is_loopback

    return url.startswith("http://") and is_loopback(url)


def allowed_hosts(values: Sequence[str]) -> tuple[str, ...]:
    """``--allow-domain`` values as the site scope compares them, repeats dropped."""
    return tuple(dict.fromkeys(allowed_host(v) for v in values))


def url_patterns(texts: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """``--include``/``--exclude`` regular expressions, compiled.

    >>> url_patterns(["/tag/", "("])
    Traceback (most recent call last):
    ValueError: '(' is not a valid regular expression (missing ), unterminated subpattern at position 0)
    """
    patterns = []
    for text in texts:
        try:
            patterns.append(re.compile(text))
        except re.error as exc:
            raise ValueError(f"{text!r} is not a valid regular expression ({exc})") from None
    return tuple(patterns)


def _resolve_via(value: str | None) -> str | None:
    if value and not is_stand_in(value):
        raise ConfigError(f"LINKAUDIT_RESOLVE_VIA (--resolve-via) must be an http:// URL on "
                          f"127.0.0.1 or localhost (a test server), got {value!r}")
    return value or None


def _allowed(values: list[str]) -> tuple[str, ...]:
    try:
        return allowed_hosts(values)
    except ValueError as exc:
        raise ConfigError(f"LINKAUDIT_ALLOW_DOMAINS (--allow-domain): {exc}") from None


def _patterns(settings: BaseSettings, name: str, flag: str) -> tuple[re.Pattern[str], ...]:
    try:
        return url_patterns(settings.getlist(name))
    except ValueError as exc:
        raise ConfigError(f"{name} ({flag}): {exc}") from None


def _at_least(settings: BaseSettings, name: str, default: int, minimum: int) -> int:
    value = settings.getint(name, default)
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _seed(value: Any) -> Seed:
    if isinstance(value, Seed):
        return value
    return Seed(value["mode"], value["url"], value.get("source", "settings"),
                bool(value.get("render", False)))


def _bad(value: Any) -> BadSeed:
    if isinstance(value, BadSeed):
        return value
    return BadSeed(value["source"], value.get("line", ""), value["why"])
