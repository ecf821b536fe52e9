"""One pass over a fetched page: its Pages row, its findings, and the links it offers.

:func:`audit_fetched` reads a download given as plain values (:class:`Fetched`,
what came back; :class:`Visit`, why it was asked for) — no Scrapy — and does
everything a page needs: HTTP errors and walls, sitemaps and feeds, binary and
still-compressed bodies, decoding, detection, rendering notes. The spider
turns what it returns into items and requests; the frontier
(:mod:`crawler.site.frontier`) decides which links become requests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urldefrag, urlsplit

from crawler.detect import (
    Finding,
    Mine,
    PageAudit,
    RuleSet,
    audit_page,
    find_in_text,
    mark_mine,
)
from crawler.inputs.seeds import Seed
from crawler.model import PageRecord
from crawler.render.pages import note_rendering
from crawler.site.decoding import Decoded, decode_body
from crawler.site.discover import ListingError, find_feeds, read_listing
from crawler.site.walls import Wall, find_wall, redirect_wall
from reports.compare import GONE_STATUSES

__all__ = ["AuditedPage", "Fetched", "Visit", "audit_fetched", "http_error", "page_record"]

# U+FFFD and control characters other than tab, line feed, form feed, carriage return.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_TEXT_TYPE = re.compile(r"text/|html|xml|json", re.IGNORECASE)
_COMPRESSION_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bzip2"))
# Sitemaps and feeds: only responses like these are tried as listings.
_LISTING_TYPES = ("xml", "rss", "atom", "gzip")
_LISTING_SUFFIXES = (".xml", ".xml.gz", ".gz", ".rss", ".atom")


@dataclass(frozen=True, slots=True)
class Fetched:
    """What came back for one request, as plain values."""

    url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Lower-case names; several values of one name joined with ``,``."""
    content_type: str = ""
    """The (last) ``Content-Type`` header as written."""
    content_encoding: str = ""
    """The (last) ``Content-Encoding`` header as written: one the downloader left undone."""
    text: bool = True
    """The downloader read the body as text (a Scrapy ``TextResponse``)."""
    html: bool = True
    """… and as HTML (an ``HtmlResponse``)."""
    rendered: bool = False
    """Headless Chromium rendered it (crawler.render)."""
    encoding: str | None = None
    """The Python codec of a rendered page's body."""
    blocked: tuple[tuple[str, str], ...] = ()
    """What the render guard refused while rendering it."""
    retry_note: str | None = None
    """What retrying it said (crawler.middlewares.retry)."""


@dataclass(frozen=True, slots=True)
class Visit:
    """Why a page was fetched: the seed that led there and how."""

    seed: Seed
    depth: int = 0
    redirects: tuple[str, ...] = ()
    """URLs that redirected here, first to last."""
    found_via: str | None = None
    listing: int = 0
    """Sitemap nesting level when it was asked for as a sitemap or feed (1 = named by
    robots.txt or a page); 0 for a page."""
    guess: bool = False
    """``/sitemap.xml`` asked for unprompted: nothing to report if absent."""
    render: bool = False
    """An HTML page that goes to the browser before it is audited."""


@dataclass(slots=True)
class AuditedPage:
    """What a page gave: its row and findings, and the URLs it offers the frontier."""

    record: PageRecord | None
    """``None`` when there is nothing to report (no sitemap at the usual place)."""
    findings: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """A site page's links, one step deeper than the page."""
    refresh: str | None = None
    """A ``<meta http-equiv="refresh">`` target to follow (no wall in front of it)."""
    feeds: list[str] = field(default_factory=list)
    """Feeds a site's front page announces (``<link rel=alternate>``)."""
    sitemaps: list[str] = field(default_factory=list)
    """Sitemaps a sitemap index lists."""
    listed: list[str] = field(default_factory=list)
    """Pages a sitemap or feed lists (one step from the site's root)."""
    listed_via: str | None = None
    """How the listed pages were found: ``sitemap <url>``, ``RSS feed <url>``…"""
    dropped: int = 0
    """Sitemap entries past the per-file cap."""
    render: bool = False
    """Send the page to the browser; it comes back to be audited then (nothing else set)."""


def page_record(fetched: Fetched, visit: Visit) -> PageRecord:
    """The Pages row of ``fetched`` before anything was read of it."""
    return PageRecord(url=fetched.url, mode=visit.seed.mode, seed=visit.seed.url,
                      status=fetched.status, depth=visit.depth,
                      redirects=list(visit.redirects), found_via=visit.found_via)


def http_error(status: int) -> str:
    """Why an HTTP error status left the page unaudited.

    >>> http_error(503), http_error(599)
    ('HTTP 503 Service Unavailable (a server error)', 'HTTP 599')
    """
    try:
        text = f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
    if status == 429:
        return f"{text} (the site rate-limits the crawler; try later or with a longer --delay)"
    return f"{text} (a server error)" if status >= 500 else text


def looks_binary(text: str, sample: int = 4096) -> bool:
    """Mostly undecodable bytes and control characters: not a text page whatever its type says.

    >>> looks_binary("<p>caf\ufffd</p>"), looks_binary("\ufffd\x01\x02" * 10)
    (False, True)
    """
    head = text[:sample]
    # One regex pass: a Python loop over the characters cost as much as parsing the page.
    return len(_NOT_TEXT.findall(head)) > len(head) // 4


def still_compressed(fetched: Fetched) -> str | None:
    """Why a page's bytes are still compressed, if they are: an encoding the downloader
    could not undo (it leaves the header then), or compression the server did not declare.

    >>> still_compressed(Fetched("https://b.example/", 200, b"\\x1f\\x8b\\x08"))
    'gzip-compressed content the server did not declare'
    """
    declared = fetched.content_encoding
    if declared:
        return f"content encoded as {declared!r}, which cannot be decoded"
    for magic, name in _COMPRESSION_MAGIC:
        if fetched.body.startswith(magic):
            return f"{name}-compressed content the server did not declare"
    return None


def decode(fetched: Fetched) -> Decoded:
    """The text a browser shows (crawler.site.decoding); a rendered page is text already."""
    if fetched.rendered and fetched.encoding:
        # scrapy-playwright encoded the browser's text with this Python codec (it names
        # one, not a label); decoding with it gives the text back, w3lib's table unread.
        return Decoded(fetched.body.decode(fetched.encoding, "replace"), fetched.encoding,
                       "browser", "html")
    return decode_body(fetched.body, fetched.content_type, fetched.url)


def _wall(fetched: Fetched, page: Decoded) -> Wall | None:
    """A login wall, captcha, block or empty app shell in place of the page (crawler.site.walls)."""
    return find_wall(fetched.status, fetched.url, page.text if page.kind == "html" else "",
                     fetched.headers, rendered=fetched.rendered)


def _may_list(fetched: Fetched, visit: Visit) -> bool:
    """Worth trying as a sitemap or feed: an XML or gzip type, or a sitemap-like name."""
    if visit.listing:
        return True
    content_type = fetched.content_type.lower()
    if any(kind in content_type for kind in _LISTING_TYPES):
        return True
    return urlsplit(fetched.url).path.lower().endswith(_LISTING_SUFFIXES)


def audit_fetched(fetched: Fetched, visit: Visit, rules: RuleSet, mine: Mine, *,
                  max_sitemap_entries: int = 50000, stats: Any = None) -> AuditedPage:
    """Audit one fetched page (not a redirect: the spider follows those).

    ``stats``: where the rendering counts go (a Scrapy stats collector), if anywhere.
    """
    record = page_record(fetched, visit)
    status = fetched.status
    if visit.guess and not 200 <= status < 400:
        return AuditedPage(None)  # no sitemap at the usual place: nothing was asked for
    if status in GONE_STATUSES and urldefrag(fetched.url)[0] != urldefrag(visit.seed.url)[0]:
        # A broken link on the site: there is no page, so nothing to audit.
        record.note = f"HTTP {status}: no such page (a broken link)"
        record.audited = False
        return AuditedPage(record)
    if status >= 400:
        wall = _wall(fetched, decode(fetched)) if fetched.text else None
        record.error = wall.message if wall else http_error(status)
        if fetched.retry_note:
            record.error += f"; {fetched.retry_note}"
        return AuditedPage(record)
    if visit.seed.mode == "site" and _may_list(fetched, visit):
        listed = _listing(fetched, visit, record, rules, mine, max_sitemap_entries)
        if listed is not None:
            return listed
    if not fetched.text:
        content_type = fetched.content_type
        packed = still_compressed(fetched) if _TEXT_TYPE.search(content_type) else None
        if packed:  # a page the downloader could not decompress is a page not audited
            record.error = f"{packed}; not audited"
        else:
            record.note = f"not a text page ({content_type or 'unknown type'}); skipped"
        record.audited = False
        return AuditedPage(record)
    if visit.render:
        # Fetched by Scrapy (redirects, status, scope as for every page); now the
        # same document goes to the browser, which comes back here rendered.
        return AuditedPage(None, render=True)
    return _audit_text(fetched, visit, record, rules, mine, stats)


def _audit_text(fetched: Fetched, visit: Visit, record: PageRecord, rules: RuleSet,
                mine: Mine, stats: Any) -> AuditedPage:
    page = decode(fetched)
    text = page.text
    site = visit.seed.mode == "site"
    if page.kind == "text":  # plain text and Markdown: no markup to parse or follow
        audit = PageAudit(find_in_text(text, fetched.url, rules))
    else:
        audit = audit_page(text, fetched.url, rules, want_links=site, utf8=page.utf8)
    findings = mark_mine(audit.findings, mine)
    record.findings = len(findings)
    if looks_binary(text):
        packed = still_compressed(fetched)
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
    wall = _wall(fetched, page) if page.kind == "html" else None
    if wall is None and audit.refresh:
        wall = redirect_wall(fetched.url, audit.refresh)
    if wall is not None:
        # Findings on it still count; what it stands in front of was not seen.
        record.error = wall.message
        record.audited = False
    note_rendering(record, text, rendered=fetched.rendered, html=fetched.html,
                   blocked=fetched.blocked, stats=stats)
    return AuditedPage(
        record, findings,
        links=audit.links if site else [],
        refresh=audit.refresh if wall is None else None,
        # The feeds a site's front page announces list its posts (<link rel=alternate>).
        feeds=find_feeds(text, fetched.url) if site and visit.depth == 0 else [],
    )


def _listing(fetched: Fetched, visit: Visit, record: PageRecord, rules: RuleSet, mine: Mine,
             max_entries: int) -> AuditedPage | None:
    """A sitemap or feed read, and what it lists; ``None`` if it is neither."""
    try:
        listing = read_listing(fetched.body, fetched.url, max_entries=max_entries)
    except ListingError as exc:
        if visit.guess:
            return AuditedPage(None)
        if not visit.listing:
            return None  # a linked page that merely looks compressed: the usual checks
        record.error = f"could not read this sitemap or feed: {exc}"
        record.audited = False
        return AuditedPage(record)
    if listing is None:
        # A soft 404 at /sitemap.xml is not a page.
        return AuditedPage(None) if visit.guess else None
    record.note = listing.describe()
    findings: list[Finding] = []
    if listing.text is None:
        # A sitemap lists the site's own URLs; those pages are audited, not the list.
        record.audited = False
    else:
        # A feed carries each post's HTML: a link there reaches every feed reader.
        findings = mark_mine(audit_page(listing.text, fetched.url, rules).findings, mine)
        record.findings = len(findings)
    return AuditedPage(record, findings, sitemaps=listing.sitemaps, listed=listing.pages,
                       listed_via=f"{listing.kind} {fetched.url}", dropped=listing.dropped)
