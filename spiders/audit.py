"""The audit spider: fetch the seeds' pages, hand each to the detector, follow in scope.

It downloads and dispatches only; what counts as an affiliate link is decided
by ``crawler.detect``. It never requests an affiliate URL: links and redirects
leaving the seed's site are recorded, not followed.

Scrapy users can run it directly::

    scrapy crawl audit -a urls="https://blog.example.com/ https://zhuanlan.zhihu.com/p/1" \\
        -s LINKAUDIT_REPORT=output/report.xlsx
    scrapy crawl audit -a seeds=seeds.txt

It writes the record (``REPORT.jsonl`` and its sidecars), not the workbook:
build that with ``linkaudit report output/report.jsonl``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet.error import (
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.config import AuditConfig
from crawler.detect import (
    Mine,
    PageAudit,
    audit_page,
    find_in_text,
    find_in_url,
    load_rules,
    mark_mine,
)
from crawler.detect.match import match_url
from crawler.inputs.seeds import Seed, read_seeds_file, seeds_from_urls
from crawler.jobdir.state import STATE_FILE
from crawler.middlewares.retry import NOTE_KEY as RETRY_NOTE
from crawler.middlewares.tls import certificate_problem
from crawler.model import PageRecord
from crawler.render.pages import needs_render, note_rendering, render_request
from crawler.resolve import Resolver
from crawler.site.canonical import canonical_url
from crawler.site.decoding import Decoded, decode_body
from crawler.site.discover import ListingError, find_feeds, read_listing, sitemaps_in_robots
from crawler.site.scope import SiteScope, is_loopback, scope_key
from crawler.site.traps import CALENDAR, QUERY_VARIANTS, QueryVariantCap, trap_reason
from crawler.site.walls import Wall, find_wall, redirect_wall
from crawler.site.weburl import Refusal, join_web_url, parse_web_url
from crawler.verify import GONE_STATUSES

logger = logging.getLogger(__name__)

_SKIP_EXTENSIONS = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)
# U+FFFD and control characters other than tab, line feed, form feed, carriage return.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# scheme://netloc, split where urlsplit splits it: all that decides a URL's scope.
_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
# Sitemaps and feeds: only responses like these are tried as listings.
_LISTING_TYPES = (b"xml", b"rss", b"atom", b"gzip")
_LISTING_SUFFIXES = (".xml", ".xml.gz", ".gz", ".rss", ".atom")
SITEMAP_ENTRIES = "sitemap entries cap"
SITEMAP_NESTING = "sitemap nesting cap"
AMBIGUOUS = "ambiguous URL"
# Why a download failed, most specific first: Scrapy wraps Twisted's errors, so
# the cause chain is searched. {timeout}, {maxsize} and {detail} are filled in.
_FAILURES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, DNSLookupError),
     "DNS lookup failed: the host name does not resolve; check its spelling"),
    ((DownloadConnectionRefusedError, ConnectionRefusedError),
     "connection refused: nothing answers on that port"),
    ((DownloadTimeoutError, TimeoutError, TCPTimedOutError),
     "timed out: no complete answer within {timeout}"),
    (SSL.Error, "TLS handshake failed ({detail}); is the address really https?"),
    (_DecompressionMaxSizeExceeded,
     "response larger than {maxsize} once decompressed (a compression bomb?); not audited"),
    (DownloadCancelledError, "response larger than {maxsize}; not audited"),
    (ConnectionLost, "connection reset by the server before the page was complete"),
    (ResponseDataLossError, "the server closed the connection before the page was complete"),
    (ConnectionDone, "the server closed the connection without answering"),
)


def _is_robots_refusal(failure: Failure) -> bool:
    return bool(failure.check(IgnoreRequest)) and "robots.txt" in str(failure.value)


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    """``error``, what it was raised from, and the reasons a Twisted ResponseFailed lists."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        error = pending.pop(0)
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        pending += [r.value for r in getattr(error, "reasons", None) or ()
                    if isinstance(r, Failure)]
        pending += [error.__cause__, error.__context__]


def _mib(size: int) -> str:
    """A byte count as people read size caps.

    >>> _mib(16 * 1024 * 1024), _mib(1536 * 1024)
    ('16 MiB', '1.5 MiB')
    """
    return f"{size / 2**20:g} MiB"


def _describe(failure: Failure, maxsize: int = 0) -> str:
    if _is_robots_refusal(failure):
        return "robots.txt forbids fetching this page; check it by hand"
    causes = list(_causes(failure.value))
    meta = failure.request.meta if getattr(failure, "request", None) else {}
    timeout = meta.get("download_timeout")
    limit = meta.get("download_maxsize", maxsize)
    values = {"timeout": f"{timeout:g} s" if timeout else "the download timeout",
              "maxsize": _mib(limit) if limit else "the download size cap"}
    certificate = next(filter(None, map(certificate_problem, causes)), None)
    if certificate:  # a host that gets the login (crawler.middlewares.tls)
        return certificate
    for kind, text in _FAILURES:
        found = next((e for e in causes if isinstance(e, kind)), None)
        if found is not None:
            return text.format(detail=_ssl_detail(found), **values)
    if failure.check(IgnoreRequest):
        return f"not fetched: {failure.value}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def _http_error(status: int) -> str:
    """Why an HTTP error status left the page unaudited.

    >>> _http_error(503), _http_error(599)
    ('HTTP 503 Service Unavailable (a server error)', 'HTTP 599')
    """
    try:
        text = f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
    if status == 429:
        return f"{text} (the site rate-limits the crawler; try later or with a longer --delay)"
    return f"{text} (a server error)" if status >= 500 else text


def _looks_binary(text: str, sample: int = 4096) -> bool:
    """Mostly undecodable bytes and control characters: not a text page whatever its type says.

    >>> _looks_binary("<p>caf\ufffd</p>"), _looks_binary("\ufffd\x01\x02" * 10)
    (False, True)
    """
    head = text[:sample]
    # One regex pass: a Python loop over the characters cost as much as parsing the page.
    return len(_NOT_TEXT.findall(head)) > len(head) // 4


_TEXT_TYPE = re.compile(r"text/|html|xml|json", re.IGNORECASE)
_COMPRESSION_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bzip2"))


def _still_compressed(response: Response) -> str | None:
    """Why a page's bytes are still compressed, if they are: an encoding Scrapy could not
    undo (it leaves the header then), or compression the server did not declare."""
    declared = response.headers.get(b"Content-Encoding")
    if declared:
        return (f"content encoded as {declared.decode('latin-1')!r}, which cannot be "
                "decoded")
    for magic, name in _COMPRESSION_MAGIC:
        if response.body.startswith(magic):
            return f"{name}-compressed content the server did not declare"
    return None


def _decode(response: TextResponse) -> Decoded:
    """The text a browser shows (crawler.site.decoding); a rendered page is text already."""
    if "playwright" in response.flags:
        # scrapy-playwright encoded the browser's text with this Python codec (it names
        # one, not a label); decoding with it gives the text back, w3lib's table unread.
        return Decoded(response.body.decode(response.encoding, "replace"), response.encoding,
                       "browser", "html")
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    return decode_body(response.body, content_type, response.url)


def _wall(response: TextResponse, page: Decoded) -> Wall | None:
    """A login wall, captcha, block or empty app shell in place of the page (crawler.site.walls)."""
    return find_wall(response.status, response.url, page.text if page.kind == "html" else "",
                     response.headers.to_unicode_dict(),
                     rendered="playwright" in response.flags)


def _ssl_detail(error: BaseException) -> str:
    """The OpenSSL reason, e.g. ``wrong version number`` (a plain-HTTP port)."""
    if not isinstance(error, SSL.Error):
        return ""
    # OpenSSL reports [(library, function, reason), ...].
    parts = error.args[0] if error.args and isinstance(error.args[0], list) else []
    reasons = [str(p[-1]) for p in parts if isinstance(p, tuple) and p and p[-1]]
    return "; ".join(reasons) or str(error) or "no reason given"


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
        spider.resolver = Resolver(spider.rules, enabled=spider.config.resolve,
                                   via=spider.config.resolve_via, mine=spider.mine)
        spider.scheduled = set()
        spider.not_followed = {"page cap": 0, "depth limit": 0}
        spider.unfollowed = {}  # URL -> the not_followed reason it is counted under
        spider.scopes = {}
        spider.origin_in_scope = {}  # (scope key, scheme://host:port) -> in that scope
        spider.origins = set()  # sites whose robots.txt was read for sitemaps
        spider.query_variants = QueryVariantCap(spider.config.max_query_variants)
        spider.redo = {}  # URL -> (seed, depth) of a page whose rows were not written
        # One bound method for every request: Scrapy checks a callback's source for
        # "return value" (ast.parse) once per callback *object*, so a fresh
        # self.parse_page per request re-parsed the source for every page.
        spider.parse_page = spider.parse_page
        spider.page_failed = spider.page_failed
        return spider

    def _not_follow(self, reason: str, url: str | None = None, count: int = 1) -> None:
        """Count what the crawl leaves out; a URL once, and not at all if reached another way."""
        if url is not None:
            if url in self.unfollowed:
                return
            self.unfollowed[url] = reason
        self.not_followed[reason] = self.not_followed.get(reason, 0) + count

    def _site_scope(self, key: str) -> SiteScope:
        scope = self.scopes.get(key)
        if scope is None:
            scope = self.scopes[key] = self.config.site_scope(key)
        return scope

    def _in_scope(self, url: str, key: str) -> bool | Refusal:
        """``SiteScope.contains``, remembered per origin (it depends on nothing else), or
        why a URL that claims to be on the site is not requested (crawler.site.weburl)."""
        origin = _ORIGIN.match(url)
        if origin is None:
            return self._scope_verdict(url, key)
        memo = (key, origin.group())
        inside = self.origin_in_scope.get(memo)
        if inside is None:
            # Refusals depend on the scheme and authority alone: the origin decides.
            inside = self.origin_in_scope[memo] = self._scope_verdict(memo[1] + "/", key)
        return inside

    def _scope_verdict(self, url: str, key: str) -> bool | Refusal:
        parsed = parse_web_url(url)
        scope = self._site_scope(key)
        if isinstance(parsed, Refusal):
            # Read two ways, one of them the site's: recorded, never requested.
            claimed = parsed.ambiguous and any(scope.contains(f"{r}/") for r in parsed.readings)
            return parsed if claimed else False
        return scope.contains(parsed.url)

    def _refused(self, url: str, refusal: Refusal, seed: Seed, depth: int,
                 where: str | None) -> PageRecord | None:
        """The Pages row of a URL not requested because it can be read two ways (once)."""
        if url in self.unfollowed or url in self.scheduled:
            return None
        self._not_follow(AMBIGUOUS, url)
        place = f"linked from {where}; " if where else ""
        return PageRecord(url=url, mode=seed.mode, seed=seed.url, depth=depth, audited=False,
                          note=f"not requested ({place}this URL {refusal.reason}); "
                               "check where it leads by hand")

    def _canonical(self, url: str) -> str:
        # An affiliate URL keeps every parameter: it is evidence, never rewritten.
        return canonical_url(url, protect=lambda u: match_url(u, self.rules) is not None)

    # -- requests ---------------------------------------------------------------------

    # What the crawl remembers between a run and its --resume: the JOBDIR keeps the
    # pending requests and spider.state, as JSON (crawler.jobdir.queue). ``redo``: pages
    # fetched whose rows could not be written (disk full), fetched again on resume.
    _RESUMABLE = ("scheduled", "not_followed", "unfollowed", "origins", "query_variants",
                  "redo")

    def _share_state(self) -> None:
        state = getattr(self, "state", None)  # set by JsonSpiderState, with JOBDIR only
        if state is None:
            return
        for name in self._RESUMABLE:
            # The same objects from now on: the state pickled at the end is up to date.
            setattr(self, name, state.setdefault(name, getattr(self, name)))
        # Loaded. Should this run be killed, the old state must not be resumed from: the
        # queue has moved on. A clean stop writes it again.
        Path(self.settings.get("JOBDIR"), STATE_FILE).unlink(missing_ok=True)

    def not_queued(self, request: scrapy.Request) -> None:
        """A page request the disk queue could not keep (disk full): ``--resume`` asks again."""
        seed = request.meta.get("seed")
        if request.callback == self.parse_page and isinstance(seed, Seed):
            self.redo[request.url] = (seed, request.meta.get("audit_depth", 0))

    async def start(self) -> AsyncIterator[Any]:
        self._share_state()  # spider_opened has run: a resumed crawl's state is loaded
        for url, (seed, depth) in list(self.redo.items()):
            del self.redo[url]  # the pipeline notes it again should it be lost once more
            self.scheduled.discard(url)
            request = self._request(url, seed, scope_key(seed.url), redirects=[], depth=depth)
            if request is not None:
                yield request
        for seed in self.seeds:
            request = self._request(seed.url, seed, scope_key(seed.url), redirects=[])
            if isinstance(request, scrapy.Request):
                self.scheduled.add(self._canonical(request.url))
            if request is not None:
                yield request
            if seed.mode == "site":
                robots = self._robots_request(seed)
                if robots is not None:
                    yield robots

    def _request(self, url: str, seed: Seed, scope: str, redirects: list[str],
                  depth: int = 0, *, found_via: str | None = None, listing: int = 0,
                  guess: bool = False) -> scrapy.Request | PageRecord | None:
        # Scrapy gets the URL exactly as scope and duplicate checks read it (crawler.site.weburl).
        parsed = parse_web_url(url)
        if isinstance(parsed, Refusal):
            return self._refused(urldefrag(url)[0], parsed, seed, depth, found_via)
        url = parsed.url
        if url in self.scheduled:
            return None
        if len(self.scheduled) >= self.config.max_pages:
            self._not_follow("page cap", url)
            return None
        self.scheduled.add(url)
        reason = self.unfollowed.pop(url, None)
        if reason is not None:  # reached after all (a shorter path, a sitemap)
            self.not_followed[reason] -= 1
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

    def _follow(self, url: str, response: Response, *, redirects: list[str] | None = None,
                depth: int, found_via: str | None = None,
                listed: bool = False) -> scrapy.Request | PageRecord | None:
        # Cheapest tests first: most links on a page were seen before, as written (the
        # scheduled set holds canonical URLs, and canonical_url leaves those unchanged),
        # and most of the rest leave the site, which their origin alone decides.
        url = url.partition("#")[0]
        if url in self.scheduled:
            return None
        inside = self._in_scope(url, response.meta["scope"])
        if inside is not True:
            if isinstance(inside, Refusal):
                return self._refused(url, inside, response.meta["seed"], depth, response.url)
            return None
        # Every check from here reads the URL as a browser does and Scrapy will send it.
        url = self._canonical(url)
        if url in self.scheduled:
            return None
        scope = self._site_scope(response.meta["scope"])
        if url.split("?", 1)[0].lower().endswith(_SKIP_EXTENSIONS):
            return None
        if match_url(url, self.rules) is not None:
            return None  # an affiliate URL, even on the site itself: read, never clicked
        if not scope.wants(url):
            self.crawler.stats.inc_value("linkaudit/excluded")  # the user's choice: not a gap
            return None
        trap = trap_reason(url, max_length=self.config.max_url_length,
                           max_repeats=self.config.max_segment_repeats)
        if trap is not None and not (listed and trap == CALENDAR):
            self._not_follow(trap, url)
            return None
        if depth > self.config.max_depth:
            self._not_follow("depth limit", url)
            return None
        # A sitemap or feed lists real pages, however many share a path.
        if not listed and not self.query_variants.admit(url):
            self._not_follow(QUERY_VARIANTS, url)
            return None
        return self._request(url, response.meta["seed"], response.meta["scope"],
                             redirects or [], depth,
                             # a redirect's target was found the way its first hop was
                             found_via=found_via or (response.meta.get("found_via")
                                                     if redirects else None))

    def _follow_listing(self, url: str, meta: dict[str, Any], *, nesting: int, via: str,
                        redirects: list[str] | None = None,
                        guess: bool = False) -> scrapy.Request | PageRecord | None:
        """A sitemap or feed of the site (never filtered by --include/--exclude)."""
        url = urldefrag(url)[0]
        inside = self._scope_verdict(url, meta["scope"])
        if isinstance(inside, Refusal):
            return self._refused(url, inside, meta["seed"], 1, via)
        url = self._canonical(url)
        if url in self.scheduled or not inside:
            return None
        if nesting > self.config.max_sitemap_nesting:
            self._not_follow(SITEMAP_NESTING, url)
            return None
        return self._request(url, meta["seed"], meta["scope"], redirects or [], depth=1,
                             found_via=via, listing=nesting, guess=guess)

    def _robots_request(self, seed: Seed) -> scrapy.Request | None:
        """robots.txt of a site seed's host, read for its Sitemap lines (once per host)."""
        parsed = parse_web_url(seed.url)
        if isinstance(parsed, Refusal):
            return None  # the seed itself is refused (start)
        origin = parsed.origin
        if origin in self.origins:
            return None
        self.origins.add(origin)
        meta = {"seed": seed, "scope": scope_key(seed.url), "handle_httpstatus_all": True,
                "dont_obey_robotstxt": True, "audit_depth": 0, "origin": origin}
        return scrapy.Request(f"{origin}/robots.txt", callback=self.parse_robots,
                              errback=self.robots_failed, meta=meta, dont_filter=True)

    # -- callbacks --------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Any]:
        sitemaps = []
        if response.status == 200 and isinstance(response, TextResponse):
            sitemaps = sitemaps_in_robots(_decode(response).text, response.url)
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
        if meta.get("listing_guess") and not 200 <= response.status < 400:
            return  # no sitemap at the usual place: nothing was asked for, nothing to report
        record = PageRecord(url=response.url, mode=seed.mode, seed=seed.url,
                            status=response.status, depth=depth,
                            redirects=list(meta["redirects"]), found_via=meta.get("found_via"))
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
            wall = _wall(response, _decode(response)) if isinstance(response, TextResponse) else None
            record.error = wall.message if wall else _http_error(response.status)
            if meta.get(RETRY_NOTE):
                record.error += f"; {meta[RETRY_NOTE]}"
            yield record
            return
        if seed.mode == "site" and _may_list(response):
            listed = yield from self._listing(response, record)
            if listed:
                return
        if not isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            packed = _still_compressed(response) if _TEXT_TYPE.search(content_type) else None
            if packed:  # a page Scrapy could not decompress is a page not audited
                record.error = f"{packed}; not audited"
            else:
                record.note = f"not a text page ({content_type or 'unknown type'}); skipped"
            record.audited = False
            yield record
            return
        if needs_render(response, seed, self.config):
            # Fetched by Scrapy (redirects, status, scope as for every page); now the
            # same document goes to the browser, which comes back here rendered.
            yield render_request(response, self.config)
            return
        page = _decode(response)
        text = page.text
        if page.kind == "text":  # plain text and Markdown: no markup to parse or follow
            audit = PageAudit(find_in_text(text, response.url, self.rules))
        else:
            audit = audit_page(text, response.url, self.rules, want_links=seed.mode == "site",
                               utf8=page.utf8)
        findings = mark_mine(audit.findings, self.mine)
        record.findings = len(findings)
        if _looks_binary(text):
            packed = _still_compressed(response)
            if packed:
                # Compressed bytes read as text would pass for a clean page.
                record.error = f"{packed}; not audited"
                record.audited = False
            else:
                # Audited all the same: a finding in it would still be real.
                record.note = "binary content served as text (an image or download?)"
        elif page.undecodable:
            record.add_note(f"{page.undecodable} character(s) could not be decoded as "
                            f"{page.encoding} ({page.source}); shown as U+FFFD, as a browser does")
        wall = _wall(response, page) if page.kind == "html" else None
        if wall is None and audit.refresh:
            wall = redirect_wall(response.url, audit.refresh)
        if wall is not None:
            # Findings on it still count; what it stands in front of was not seen.
            record.error = wall.message
            record.audited = False
        refresh = None
        if audit.refresh and wall is None:
            refresh = self._follow(audit.refresh, response, depth=depth,
                                   redirects=[*record.redirects, response.url])
            if refresh is None and not self._site_scope(meta["scope"]).contains(audit.refresh):
                record.note = f"meta refresh to {audit.refresh} (outside the audit scope; not followed)"
        note_rendering(record, response, text, self.crawler.stats)
        # The page's row first, complete, then its findings: a crawl killed in between
        # leaves a page row without findings, never findings without their page.
        yield record
        yield from findings
        yield from self.resolver.requests_for(findings)  # --resolve only
        if refresh is not None:
            yield refresh
        if seed.mode == "site" and depth == 0:
            # The feeds a site's front page announces list its posts (<link rel=alternate>).
            for feed in find_feeds(text, response.url):
                request = self._follow_listing(feed, meta, nesting=1,
                                               via=f"feed link on {response.url}")
                if request is not None:
                    yield request
        if seed.mode == "site":
            # Most links of a page were scheduled before: dropped before any call per link.
            scheduled = self.scheduled
            for link in [link for link in audit.links if link not in scheduled]:
                request = self._follow(link, response, depth=depth + 1)
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
        inside = self._scope_verdict(target, meta["scope"])
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
                elif not self._site_scope(meta["scope"]).wants(target):
                    record.note += " (excluded by --include/--exclude; not followed)"
        else:
            record.note = f"redirects to {target} (outside the audit scope; recorded, not followed)"
        yield record
        yield from after

    def _listing(self, response: Response, record: PageRecord) -> Iterator[Any]:
        """Read a sitemap or feed and follow what it lists; returns False if it is neither."""
        meta = response.meta
        try:
            listing = read_listing(response.body, response.url,
                                   max_entries=self.config.max_sitemap_entries)
        except ListingError as exc:
            if meta.get("listing_guess"):
                return True
            if not meta.get("listing"):
                return False  # a linked page that merely looks compressed: the usual checks
            record.error = f"could not read this sitemap or feed: {exc}"
            record.audited = False
            yield record
            return True
        if listing is None:
            return bool(meta.get("listing_guess"))  # a soft 404 at /sitemap.xml: not a page
        nesting = meta.get("listing") or 1
        if listing.dropped:
            self._not_follow(SITEMAP_ENTRIES, count=listing.dropped)
        record.note = listing.describe()
        findings = []
        if listing.text is None:
            # A sitemap lists the site's own URLs; those pages are audited, not the list.
            record.audited = False
        else:
            # A feed carries each post's HTML: a link there reaches every feed reader.
            findings = mark_mine(audit_page(listing.text, response.url, self.rules).findings,
                                 self.mine)
            record.findings = len(findings)
        yield record  # before its findings (see parse_page)
        yield from findings
        yield from self.resolver.requests_for(findings)
        # Made as Scrapy takes them, not all first: a sitemap of 100,000 pages never has
        # 100,000 requests in memory at once (the queue itself is on disk, in the JOBDIR).
        for url in listing.sitemaps:
            request = self._follow_listing(url, meta, nesting=nesting + 1,
                                           via=f"sitemap index {response.url}")
            if request is not None:
                yield request
        found_via = f"{listing.kind} {response.url}"
        for url in listing.pages:
            # Listed pages are one step from the site's root, however deep they sit.
            request = self._follow(url, response, depth=1, listed=True, found_via=found_via)
            if request is not None:
                yield request
        return True

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        seed: Seed = request.meta["seed"]
        if request.meta.get("listing_guess"):
            return  # /sitemap.xml was a guess; its absence is no failure
        record = PageRecord(url=request.url, mode=seed.mode, seed=seed.url,
                            depth=request.meta.get("audit_depth", 0),
                            redirects=list(request.meta.get("redirects", [])),
                            audited=False, found_via=request.meta.get("found_via"))
        why = _describe(failure, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if _is_robots_refusal(failure) and urldefrag(request.url)[0] != urldefrag(seed.url)[0]:
            # The site excludes it from crawling, like a page outside the scope; a
            # seed the user named explicitly, though, is a page that was not audited.
            record.note = "skipped: robots.txt disallows crawling this page"
        else:
            record.error = why
        yield record


def _may_list(response: Response) -> bool:
    """Worth trying as a sitemap or feed: an XML or gzip type, or a sitemap-like name."""
    if response.meta.get("listing"):
        return True
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if any(kind in content_type for kind in _LISTING_TYPES):
        return True
    return urlsplit(response.url).path.lower().endswith(_LISTING_SUFFIXES)
