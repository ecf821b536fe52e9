"""The command line's crawl and scan options, checked once into the records the commands take.

Each refusal names the flag and the fix. Scrapy settings are built from the
result (``crawler.runner``), which is not checked again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from crawler.commands.errors import UsageError
from crawler.config import CrawlOptions, allowed_hosts, is_stand_in, url_patterns

__all__ = ["check_rules", "crawl_options", "scan_options"]


def check_rules(files: Sequence[str]) -> None:
    """Refuse ``--rules`` files that do not load, naming the file and the rule."""
    if files:
        from crawler.detect import RuleError, load_rules

        try:
            load_rules(files)
        except RuleError as exc:
            raise UsageError(f"--rules: {exc}") from None


def crawl_options(*, delay: float | None = None, concurrency: int | None = None,
                  max_pages: int | None = None, depth: int | None = None,
                  timeout: float | None = None, rules: Sequence[str] = (),
                  mine: Sequence[str] = (), verbose: bool = False,
                  allow_domains: Sequence[str] = (), include: Sequence[str] = (),
                  exclude: Sequence[str] = (), ignore_robots: bool = False,
                  max_query_variants: int | None = None, resolve: bool = False,
                  resolve_via: str | None = None, cookies: Sequence[str] = (),
                  headers: Sequence[str] = (), notes: list[str] | None = None) -> CrawlOptions:
    """The crawl options of ``crawl`` and ``verify``, checked in the order the flags are told.

    ``notes`` gets what the user should know but need not fix (expired cookies).
    """
    check_rules(rules)
    if resolve_via and not is_stand_in(resolve_via):
        raise UsageError(f"--resolve-via must be an http:// URL on 127.0.0.1 (a test server), "
                         f"got {resolve_via!r}")
    return CrawlOptions(
        delay=delay, concurrency=concurrency, max_pages=max_pages, depth=depth,
        timeout=timeout, rules=tuple(rules), mine=tuple(mine),
        resolve=resolve, resolve_via=resolve_via if resolve else None,
        log_level="INFO" if verbose else "WARNING",
        include=_patterns("include", include), exclude=_patterns("exclude", exclude),
        allow_domains=_allowed(allow_domains), ignore_robots=ignore_robots,
        max_query_variants=max_query_variants,
        extra_settings=_auth_settings(cookies, headers, notes if notes is not None else []),
    )


def _patterns(flag: str, texts: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    try:
        return url_patterns(texts)
    except ValueError as exc:
        raise UsageError(f"--{flag}: {exc}; quote it for the shell, e.g. --{flag} '/tag/'"
                         ) from None


def _allowed(domains: Sequence[str]) -> tuple[str, ...]:
    try:
        return allowed_hosts(domains)
    except ValueError as exc:
        raise UsageError(f"--allow-domain: {exc}") from None


def _auth_settings(cookies: Sequence[str], headers: Sequence[str],
                   notes: list[str]) -> dict[str, Any]:
    """``--cookies`` and ``--header``, checked before any request is made.

    Scrapy gets the cookie files' paths and headers whose values no repr shows,
    so no secret reaches a log.
    """
    from crawler.middlewares.auth import AuthError, expired_cookies, parse_header, read_cookies

    parsed = []
    try:
        for path in cookies:
            jar = read_cookies(path)
            expired = expired_cookies(jar)
            if expired:
                notes.append(f"{path}: {expired} of {len(jar)} cookie(s) have expired and are "
                             "not sent; export them again if pages ask you to log in")
        parsed = [parse_header(text) for text in headers]
    except AuthError as exc:
        raise UsageError(str(exc)) from None
    if not cookies and not parsed:
        return {}
    return {"LINKAUDIT_COOKIES": list(cookies), "LINKAUDIT_HEADERS": parsed}


def scan_options(*, jobs: int | None = None, include_build: bool = False,
                 rules: Sequence[str] = (), mine: Sequence[str] = (),
                 lang: str | None = None) -> Any:
    """The options of ``scan``, checked (a :class:`~crawler.localfiles.scan.ScanOptions`)."""
    from crawler.localfiles.scan import ScanOptions, default_jobs

    check_rules(rules)
    return ScanOptions(jobs=jobs or default_jobs(), include_build=include_build,
                       rules=tuple(rules), mine=tuple(mine), lang=lang)
