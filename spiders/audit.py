"""The audit spider: fetch the seeds' pages, audit each, follow what the frontier admits.

It downloads and dispatches only: a page's row, findings and links come from
one pass of :func:`crawler.pageaudit.audit_fetched`; which URLs are requested
is :class:`crawler.site.frontier.Frontier`'s answer; why a download failed is
:mod:`spiders.failures`' wording. It never requests an affiliate URL: links and
redirects leaving the seed's site are recorded, not followed.

Scrapy users can run it directly::

    scrapy crawl audit -a urls="https://blog.example.com/ https://zhuanlan.zhihu.com/p/1" \\
        -s LINKAUDIT_REPORT=output/report.xlsx
    scrapy crawl audit -a seeds=seeds.txt

It writes the record (``REPORT.jsonl`` and its sidecars), not the workbook:
build that with ``linkaudit report output/report.jsonl``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from twisted.python.failure import Failure

from crawler.config import AuditConfig
from crawler.detect import Mine, find_in_url, load_rules, mark_mine
from crawler.detect.match import match_url
from crawler.inputs.seeds import Seed, read_seeds_file, seeds_from_urls
from crawler.jobdir.state import STATE_FILE
from crawler.middlewares.retry import NOTE_KEY as RETRY_NOTE
from crawler.model import PageRecord
from crawler.pageaudit import Fetched, Visit, audit_fetched, decode, page_record
from crawler.render.pages import blocked_while_rendering, needs_render, render_request
from crawler.resolve import Resolver
from crawler.site.discover import sitemaps_in_robots
from crawler.site.frontier import (
    EXCLUDED,
    SITEMAP_ENTRIES,
    Admitted,
    Decision,
    Frontier,
    Refused,
    Rejected,
)
from crawler.site.scope import is_loopback, scope_key
from crawler.site.walls import redirect_wall
from crawler.site.weburl import Refusal, join_web_url, parse_web_url
from spiders.failures import describe_failure, is_robots_refusal

logger = logging.getLogger(__name__)

_SKIP_EXTENSIONS = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)


def _header(response: Response, name: bytes) -> str:
    return response.headers.get(name, b"").decode("latin-1")


def _headers(response: Response) -> Mapping[str, str]:
    """Case-insensitive names, values as text (several joined with ``,``)."""
    try:
        return response.headers.to_unicode_dict()
    except UnicodeDecodeError:
        # A value in another encoding (a legacy filename in Content-Disposition): every
        # response is read now, not only HTML pages, so it must not stop the page.
        return {k.decode("latin-1").lower(): b",".join(v).decode("latin-1")
                for k, v in response.headers.items()}


def fetched_of(response: Response) -> Fetched:
    """What the page audit reads of a Scrapy response."""
    text = isinstance(response, TextResponse)
    rendered = "playwright" in response.flags
    return Fetched(
        url=response.url, status=response.status, body=response.body,
        headers=_headers(response),
        content_type=_header(response, b"Content-Type"),
        content_encoding=_header(response, b"Content-Encoding"),
        text=text, html=isinstance(response, HtmlResponse), rendered=rendered,
        encoding=response.encoding if rendered and text else None,
        blocked=tuple(blocked_while_rendering(response.meta)) if rendered else (),
        retry_note=response.meta.get(RETRY_NOTE),
    )


class AuditSpider(scrapy.Spider):
    name = "audit"
    # Scrapy hands each page's output (records, findings, requests) to CONCURRENT_ITEMS
    # tasks, 100 by default, created anew for every page; the one pipeline is synchronous,
    # so one task does the same work, and those task switches were a fifth of the CPU.
    custom_settings = {"CONCURRENT_ITEMS": 1}

    def __init__(self, *args: Any, urls: str | None = None, seeds: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._arg_urls = urls.split() if urls else []
        self._arg_seeds_file = seeds

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> AuditSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config = AuditConfig.from_settings(crawler.settings)
        seeds, bad = list(config.seeds), list(config.bad_seeds)
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
        spider.rules = rules = load_rules(config.rules_files)
        spider.mine = Mine.parse(config.mine)
        spider.resolver = Resolver(rules, enabled=config.resolve, via=config.resolve_via,
                                   mine=spider.mine)
        spider.frontier = Frontier(
            site_scope=config.site_scope,
            is_affiliate=lambda url: match_url(url, rules) is not None,
            max_pages=config.max_pages, max_depth=config.max_depth,
            max_url_length=config.max_url_length,
            max_segment_repeats=config.max_segment_repeats,
            max_query_variants=config.max_query_variants,
            max_sitemap_nesting=config.max_sitemap_nesting,
            skip_extensions=_SKIP_EXTENSIONS,
        )
        spider.redo = {}  # URL -> (seed, depth) of a page whose rows were not written
        # One bound method for every request: Scrapy checks a callback's source for
        # "return value" (ast.parse) once per callback *object*, so a fresh
        # self.parse_page per request re-parsed the source for every page.
        spider.parse_page = spider.parse_page
        spider.page_failed = spider.page_failed
        return spider

    @property
    def not_followed(self) -> dict[str, int]:
        """In-scope pages left out, by reason (the pipeline writes them to run.json)."""
        return self.frontier.not_followed

    # -- --resume ---------------------------------------------------------------------

    # The JOBDIR keeps the pending requests and spider.state, as JSON
    # (crawler.jobdir.queue): the frontier's state, and ``redo``: pages fetched whose
    # rows could not be written (disk full), fetched again on resume.

    def _share_state(self) -> None:
        state = getattr(self, "state", None)  # set by JsonSpiderState, with JOBDIR only
        if state is None:
            return
        self.frontier.restore(state)
        # The same object from now on: the pipeline adds to it as rows are lost.
        self.redo = state.setdefault("redo", self.redo)
        # Loaded. Should this run be killed, the old state must not be resumed from: the
        # queue has moved on. A clean stop writes it again.
        Path(self.settings.get("JOBDIR"), STATE_FILE).unlink(missing_ok=True)

    def closed(self, reason: str) -> None:
        state = getattr(self, "state", None)
        if state is not None:
            # The spider's own spider_closed handler, connected when the spider was made,
            # runs before JsonSpiderState's, which then writes this to the job folder.
            state.update(self.frontier.to_state())

    def not_queued(self, request: scrapy.Request) -> None:
        """A page request the disk queue could not keep (disk full): ``--resume`` asks again."""
        seed = request.meta.get("seed")
        if request.callback == self.parse_page and isinstance(seed, Seed):
            self.redo[request.url] = (seed, request.meta.get("audit_depth", 0))

    # -- requests ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self._share_state()  # spider_opened has run: a resumed crawl's state is loaded
        for url, (seed, depth) in list(self.redo.items()):
            del self.redo[url]  # the pipeline notes it again should it be lost once more
            request = self._answer(self.frontier.reschedule(url), seed, scope_key(seed.url),
                                   depth, redirects=[])
            if request is not None:
                yield request
        for seed in self.seeds:
            request = self._answer(self.frontier.schedule(seed.url), seed,
                                   scope_key(seed.url), 0, redirects=[])
            if isinstance(request, scrapy.Request):
                self.frontier.also_scheduled(request.url)
            if request is not None:
                yield request
            if seed.mode == "site":
                robots = self._robots_request(seed)
                if robots is not None:
                    yield robots

    def _answer(self, decision: Decision, seed: Seed, scope: str, depth: int, *,
                redirects: list[str], where: str | None = None, found_via: str | None = None,
                listing: int = 0, guess: bool = False) -> scrapy.Request | PageRecord | None:
        """The request the frontier admitted, or the Pages row of a URL it refused
        (``where`` it was found), or nothing."""
        if isinstance(decision, Admitted):
            url = decision.url
            meta: dict[str, Any] = {
                "seed": seed,
                "scope": scope,
                "redirects": redirects,
                "handle_httpstatus_all": True,
                "audit_depth": depth,
            }
            if found_via:
                meta["found_via"] = found_via
            if listing:
                meta["listing"] = listing  # nesting level of sitemaps (1 = named by robots.txt)
            if guess:
                meta["listing_guess"] = True  # /sitemap.xml asked for unprompted: silent if absent
            if is_loopback(url):
                meta["autothrottle_dont_adjust_delay"] = True
            return scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                                  meta=meta, dont_filter=True)
        if isinstance(decision, Refused):
            place = f"linked from {where}; " if where else ""
            return PageRecord(url=decision.url, mode=seed.mode, seed=seed.url, depth=depth,
                              audited=False,
                              note=f"not requested ({place}this URL {decision.reason}); "
                                   "check where it leads by hand")
        if decision.reason == EXCLUDED:
            self.crawler.stats.inc_value("linkaudit/excluded")  # the user's choice: not a gap
        return None

    def _follow(self, url: str, response: Response, *, redirects: list[str] | None = None,
                depth: int, found_via: str | None = None,
                listed: bool = False) -> scrapy.Request | PageRecord | None:
        meta = response.meta
        decision = self.frontier.admit_link(url, meta["scope"], depth, listed=listed)
        if type(decision) is Rejected and decision.reason != EXCLUDED:
            return None  # most links of a page (seen, off the site): nothing to build
        return self._answer(decision, meta["seed"], meta["scope"], depth,
                            redirects=redirects or [], where=response.url,
                            # a redirect's target was found the way its first hop was
                            found_via=found_via or (meta.get("found_via") if redirects
                                                    else None))

    def _follow_listing(self, url: str, meta: dict[str, Any], *, nesting: int, via: str,
                        redirects: list[str] | None = None,
                        guess: bool = False) -> scrapy.Request | PageRecord | None:
        """A sitemap or feed of the site (never filtered by --include/--exclude)."""
        decision = self.frontier.admit_listing(url, meta["scope"], nesting)
        return self._answer(decision, meta["seed"], meta["scope"], 1, redirects=redirects or [],
                            where=via, found_via=via, listing=nesting, guess=guess)

    def _robots_request(self, seed: Seed) -> scrapy.Request | None:
        """robots.txt of a site seed's host, read for its Sitemap lines (once per host)."""
        parsed = parse_web_url(seed.url)
        if isinstance(parsed, Refusal):
            return None  # the seed itself is refused (start)
        origin = parsed.origin
        if not self.frontier.first_visit(origin):
            return None
        meta = {"seed": seed, "scope": scope_key(seed.url), "handle_httpstatus_all": True,
                "dont_obey_robotstxt": True, "audit_depth": 0, "origin": origin}
        return scrapy.Request(f"{origin}/robots.txt", callback=self.parse_robots,
                              errback=self.robots_failed, meta=meta, dont_filter=True)

    # -- callbacks --------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Any]:
        sitemaps = []
        if response.status == 200 and isinstance(response, TextResponse):
            sitemaps = sitemaps_in_robots(decode(fetched_of(response)).text, response.url)
        for url in sitemaps:
            request = self._follow_listing(url, response.meta, nesting=1,
                                           via=f"robots.txt {response.url}")
            if request is not None:
                yield request
        if not sitemaps:
            yield from self._guess_sitemap(response.meta)

    def robots_failed(self, failure: Failure) -> Iterator[Any]:
        logger.debug("no robots.txt to read sitemaps from: %s", failure.value)
        yield from self._guess_sitemap(failure.request.meta)

    def _guess_sitemap(self, meta: dict[str, Any]) -> Iterator[Any]:
        # The one place sitemaps live by convention; nothing else is guessed.
        request = self._follow_listing(f"{meta['origin']}/sitemap.xml", meta, nesting=1,
                                       via="/sitemap.xml (the usual place)", guess=True)
        if request is not None:
            yield request

    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        seed: Seed = meta["seed"]
        depth: int = meta["audit_depth"]
        fetched = fetched_of(response)
        visit = Visit(seed, depth, tuple(meta["redirects"]), meta.get("found_via"),
                      listing=meta.get("listing") or 0, guess=bool(meta.get("listing_guess")),
                      # (needs_render imports Scrapy's HtmlResponse: not for every page)
                      render=seed.render and needs_render(response, seed, self.config))
        if 300 <= response.status < 400:
            yield from self._redirect(response, page_record(fetched, visit))
            return
        page = audit_fetched(fetched, visit, self.rules, self.mine,
                             max_sitemap_entries=self.config.max_sitemap_entries,
                             stats=self.crawler.stats)
        if page.render:
            yield render_request(response, self.config)
            return
        record = page.record
        if record is None:
            return  # no sitemap at the usual place: nothing was asked for, nothing to report
        if page.dropped:
            self.frontier.not_follow(SITEMAP_ENTRIES, count=page.dropped)
        refresh = None
        if page.refresh:
            refresh = self._follow(page.refresh, response, depth=depth,
                                   redirects=[*record.redirects, response.url])
            if refresh is None and not self.frontier.scope(meta["scope"]).contains(page.refresh):
                record.note = f"meta refresh to {page.refresh} (outside the audit scope; not followed)"
        # The page's row first, complete, then its findings: a crawl killed in between
        # leaves a page row without findings, never findings without their page.
        yield record
        yield from page.findings
        yield from self.resolver.requests_for(page.findings)  # --resolve only
        if refresh is not None:
            yield refresh
        for feed in page.feeds:
            request = self._follow_listing(feed, meta, nesting=1,
                                           via=f"feed link on {response.url}")
            if request is not None:
                yield request
        # Made as Scrapy takes them, not all first: a sitemap of 100,000 pages never has
        # 100,000 requests in memory at once (the queue itself is on disk, in the JOBDIR).
        for url in page.sitemaps:
            request = self._follow_listing(url, meta, nesting=(meta.get("listing") or 1) + 1,
                                           via=f"sitemap index {response.url}")
            if request is not None:
                yield request
        for url in page.listed:
            # Listed pages are one step from the site's root, however deep they sit.
            request = self._follow(url, response, depth=1, listed=True,
                                   found_via=page.listed_via)
            if request is not None:
                yield request
        # Every link of every page passes here: most were scheduled before (unseen drops
        # them before any call) or leave the site, and those end here without a call more.
        admit, scope = self.frontier.admit_link, meta["scope"]
        for link in self.frontier.unseen(page.links):
            decision = admit(link, scope, depth + 1)
            if type(decision) is not Rejected or decision.reason == EXCLUDED:
                request = self._answer(decision, seed, scope, depth + 1, redirects=[],
                                       where=response.url)
                if request is not None:
                    yield request

    def _redirect(self, response: Response, record: PageRecord) -> Iterator[Any]:
        location = response.headers.get(b"Location")
        if not location:
            record.error = f"HTTP {response.status} redirect without a Location header"
            yield record
            return
        # Against the URL, as browsers resolve Location (WHATWG: `\` is `/`, `\\host` a
        # host): Response.urljoin would decode the body to look for a <base>, which does
        # not apply, and urllib's join reads backslashes as path characters.
        written = location.decode("latin-1").strip()
        target = join_web_url(response.url, written) or written
        findings = mark_mine(find_in_url(target, response.url, self.rules), self.mine)
        record.findings = len(findings)
        # Yielded after the page's row (see parse_page), wherever that row goes out.
        after = [*findings, *self.resolver.requests_for(findings)]
        chain = [*record.redirects, response.url]
        meta = response.meta
        wall = None if meta.get("listing") else redirect_wall(response.url, target)
        if wall is not None:  # sent to a login or verification page instead of this one
            record.error = wall.message
            record.audited = False
            yield record
            yield from after
            return
        if meta.get("listing"):
            # A sitemap that moved (WordPress sends /sitemap.xml to /wp-sitemap.xml).
            request = self._follow_listing(target, meta, nesting=meta["listing"],
                                           via=meta["found_via"], redirects=chain,
                                           guess=meta.get("listing_guess", False))
            if request is not None:
                yield request
            if meta.get("listing_guess"):
                yield from after
                return
        inside = self.frontier.scope_verdict(target, meta["scope"])
        if len(chain) > self.config.max_redirects:
            record.error = f"more than {self.config.max_redirects} redirects (a loop?)"
        elif isinstance(inside, Refusal):
            record.note = (f"redirects to {target}, not requested: this URL {inside.reason}; "
                           "check where it leads by hand")
        elif inside and not findings:
            if urldefrag(target)[0] in chain:
                record.error = "redirect loop"
            else:
                record.note = f"redirects to {target}"
                request = None if meta.get("listing") else self._follow(
                    target, response, redirects=chain, depth=meta["audit_depth"])
                if request is not None:
                    yield request
                elif not self.frontier.scope(meta["scope"]).wants(target):
                    record.note += " (excluded by --include/--exclude; not followed)"
        else:
            record.note = f"redirects to {target} (outside the audit scope; recorded, not followed)"
        yield record
        yield from after

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        seed: Seed = request.meta["seed"]
        if request.meta.get("listing_guess"):
            return  # /sitemap.xml was a guess; its absence is no failure
        record = PageRecord(url=request.url, mode=seed.mode, seed=seed.url,
                            depth=request.meta.get("audit_depth", 0),
                            redirects=list(request.meta.get("redirects", [])),
                            audited=False, found_via=request.meta.get("found_via"))
        why = describe_failure(failure, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if is_robots_refusal(failure) and urldefrag(request.url)[0] != urldefrag(seed.url)[0]:
            # The site excludes it from crawling, like a page outside the scope; a
            # seed the user named explicitly, though, is a page that was not audited.
            record.note = "skipped: robots.txt disallows crawling this page"
        else:
            record.error = why
        yield record
