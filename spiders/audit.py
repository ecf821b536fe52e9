"""The audit spider: fetch the seeds' pages, hand each to the detector, follow in scope.

It downloads and dispatches only; what counts as an affiliate link is decided
by ``crawler.detect``. It never requests an affiliate URL: links and redirects
leaving the seed's site are recorded, not followed.

Scrapy users can run it directly::

    scrapy crawl audit -a urls="https://blog.example.com/ https://zhuanlan.zhihu.com/p/1" \\
        -s LINKAUDIT_REPORT=output/report.xlsx
    scrapy crawl audit -a seeds=seeds.txt
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urldefrag

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.config import AuditConfig
from crawler.detect import Mine, audit_page, find_in_url, load_rules, mark_mine
from crawler.detect.scan import match_url
from crawler.items import PageRecord
from crawler.scope import in_scope, is_loopback, scope_key
from crawler.seeds import Seed, read_seeds_file, seeds_from_urls
from crawler.verify import GONE_STATUSES

logger = logging.getLogger(__name__)

_SKIP_EXTENSIONS = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)
_FAILURES: tuple[tuple[type[BaseException], str], ...] = (
    (DNSLookupError, "DNS lookup failed: the host name does not resolve"),
    (ConnectionRefusedError, "connection refused"),
    (TimeoutError, "timed out"),
    (TCPTimedOutError, "timed out"),
)


def _is_robots_refusal(failure: Failure) -> bool:
    return bool(failure.check(IgnoreRequest)) and "robots.txt" in str(failure.value)


def _describe(failure: Failure) -> str:
    if _is_robots_refusal(failure):
        return "robots.txt forbids fetching this page; check it by hand"
    if failure.check(IgnoreRequest):
        return f"not fetched: {failure.value}"
    for kind, text in _FAILURES:
        if failure.check(kind):
            return text
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


class AuditSpider(scrapy.Spider):
    name = "audit"

    def __init__(self, *args: Any, urls: str | None = None, seeds: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._arg_urls = urls.split() if urls else []
        self._arg_seeds_file = seeds

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> AuditSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = AuditConfig.from_settings(crawler.settings)
        seeds, bad = list(spider.config.seeds), list(spider.config.bad_seeds)
        if spider._arg_seeds_file:
            file_seeds, file_bad = read_seeds_file(spider._arg_seeds_file)
            seeds += file_seeds
            bad += file_bad
        if spider._arg_urls:
            url_seeds, url_bad = seeds_from_urls(spider._arg_urls)
            seeds += url_seeds
            bad += url_bad
        spider.seeds = seeds
        spider.bad_seeds = bad
        spider.rules = load_rules(spider.config.rules_files)
        spider.mine = Mine.parse(spider.config.mine)
        spider.scheduled = set()
        spider.not_followed = {"page cap": 0, "depth limit": 0}
        return spider

    # -- requests ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for seed in self.seeds:
            request = self._request(seed.url, seed, scope_key(seed.url), redirects=[])
            if request is not None:
                yield request

    def _request(self, url: str, seed: Seed, scope: str, redirects: list[str],
                  depth: int = 0) -> scrapy.Request | None:
        url = urldefrag(url)[0]
        if url in self.scheduled:
            return None
        if len(self.scheduled) >= self.config.max_pages:
            self.not_followed["page cap"] += 1
            return None
        self.scheduled.add(url)
        meta: dict[str, Any] = {
            "seed": seed,
            "scope": scope,
            "redirects": redirects,
            "handle_httpstatus_all": True,
            "audit_depth": depth,
        }
        if is_loopback(url):
            meta["autothrottle_dont_adjust_delay"] = True
        return scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                              meta=meta, dont_filter=True)

    def _follow(self, url: str, response: Response, *, redirects: list[str] | None = None,
                depth: int) -> scrapy.Request | None:
        url = urldefrag(url)[0]
        if url in self.scheduled:
            return None  # cheapest test first: most links on a page were seen before
        scope: str = response.meta["scope"]
        if not in_scope(url, scope):
            return None
        if url.split("?", 1)[0].lower().endswith(_SKIP_EXTENSIONS):
            return None
        if match_url(url, self.rules) is not None:
            return None  # an affiliate URL, even on the site itself: read, never clicked
        if depth > self.config.max_depth:
            self.not_followed["depth limit"] += 1
            return None
        return self._request(url, response.meta["seed"], scope, redirects or [], depth)

    # -- callbacks --------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        seed: Seed = meta["seed"]
        depth: int = meta["audit_depth"]
        record = PageRecord(url=response.url, mode=seed.mode, seed=seed.url,
                            status=response.status, depth=depth,
                            redirects=list(meta["redirects"]))
        if 300 <= response.status < 400:
            yield from self._redirect(response, record)
            return
        if response.status in GONE_STATUSES and urldefrag(response.url)[0] != urldefrag(seed.url)[0]:
            # A broken link on the site: there is no page, so nothing to audit.
            record.note = f"HTTP {response.status}: no such page (a broken link)"
            record.audited = False
            yield record
            return
        if response.status >= 400:
            record.error = f"HTTP {response.status}"
            yield record
            return
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            record.note = f"not a text page ({content_type or 'unknown type'}); skipped"
            record.audited = False
            yield record
            return
        audit = audit_page(response.text, response.url, self.rules,
                           want_links=seed.mode == "site")
        findings = mark_mine(audit.findings, self.mine)
        record.findings = len(findings)
        refresh = None
        if audit.refresh:
            refresh = self._follow(audit.refresh, response, depth=depth,
                                   redirects=[*record.redirects, response.url])
            if refresh is None and not in_scope(audit.refresh, meta["scope"]):
                record.note = f"meta refresh to {audit.refresh} (outside the audit scope; not followed)"
        yield from findings
        yield record  # complete now: items may be written as soon as they are yielded
        if refresh is not None:
            yield refresh
        if seed.mode == "site":
            for link in audit.links:
                request = self._follow(link, response, depth=depth + 1)
                if request is not None:
                    yield request

    def _redirect(self, response: Response, record: PageRecord) -> Iterator[Any]:
        location = response.headers.get(b"Location")
        if not location:
            record.error = f"HTTP {response.status} redirect without a Location header"
            yield record
            return
        target = response.urljoin(location.decode("latin-1").strip())
        findings = mark_mine(find_in_url(target, response.url, self.rules), self.mine)
        record.findings = len(findings)
        yield from findings
        chain = [*record.redirects, response.url]
        if len(chain) > self.config.max_redirects:
            record.error = f"more than {self.config.max_redirects} redirects (a loop?)"
        elif in_scope(target, response.meta["scope"]) and not findings:
            if urldefrag(target)[0] in chain:
                record.error = "redirect loop"
            else:
                record.note = f"redirects to {target}"
                request = self._follow(target, response, redirects=chain,
                                       depth=response.meta["audit_depth"])
                if request is not None:
                    yield request
        else:
            record.note = f"redirects to {target} (outside the audit scope; recorded, not followed)"
        yield record

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        seed: Seed = request.meta["seed"]
        record = PageRecord(url=request.url, mode=seed.mode, seed=seed.url,
                            depth=request.meta.get("audit_depth", 0),
                            redirects=list(request.meta.get("redirects", [])),
                            audited=False)
        why = _describe(failure)
        if _is_robots_refusal(failure) and urldefrag(request.url)[0] != urldefrag(seed.url)[0]:
            # The site excludes it from crawling, like a page outside the scope; a
            # seed the user named explicitly, though, is a page that was not audited.
            record.note = "skipped: robots.txt disallows crawling this page"
        else:
            record.error = why
        yield record
