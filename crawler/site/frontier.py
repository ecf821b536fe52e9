"""The crawl frontier: which URLs a crawl requests, and what it remembers of them.

Pure: no Scrapy. :class:`Frontier` answers each URL the spider comes across with
a :data:`Decision` — :class:`Admitted` (request it, spelt this way),
:class:`Rejected` (and why) or :class:`Refused` (it reads two ways: recorded,
never requested) — and counts what it leaves out of an audit in
``not_followed``, the counts ``run.json`` reports. Its state survives
``--resume`` as plain JSON-able data (:meth:`Frontier.to_state`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag

from crawler.site.canonical import canonical_url
from crawler.site.scope import SiteScope
from crawler.site.traps import CALENDAR, QUERY_VARIANTS, QueryVariantCap, trap_reason
from crawler.site.weburl import Refusal, parse_web_url

__all__ = ["AMBIGUOUS", "DEPTH_LIMIT", "EXCLUDED", "PAGE_CAP", "SITEMAP_ENTRIES",
           "SITEMAP_NESTING", "Admitted", "Decision", "Frontier", "Refused", "Rejected"]

# Reasons counted in not_followed: in-scope pages the audit did not reach.
PAGE_CAP = "page cap"
DEPTH_LIMIT = "depth limit"
SITEMAP_ENTRIES = "sitemap entries cap"
SITEMAP_NESTING = "sitemap nesting cap"
AMBIGUOUS = "ambiguous URL"
# Reasons not counted: nothing the audit should have reached.
SEEN = "already scheduled"
OUTSIDE = "outside the scope"
NOT_A_PAGE = "a file type not crawled"
AFFILIATE = "an affiliate URL"
EXCLUDED = "excluded by --include/--exclude"
"""The user's choice, not a gap: the spider counts it in the crawl's stats only."""

# scheme://netloc, split where urlsplit splits it: all that decides a URL's scope.
_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")


@dataclass(frozen=True, slots=True)
class Admitted:
    """Request this URL: it is scheduled now."""

    url: str
    """As every check read it and the downloader must send it (canonical)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """Not requested; ``reason`` is one of this module's reason constants."""

    reason: str


@dataclass(frozen=True, slots=True)
class Refused:
    """Not requested because it can be read two ways, one of them on the site (answered once)."""

    url: str
    reason: str
    """Why, as :class:`~crawler.site.weburl.Refusal` says it ("has a backslash …")."""


Decision = Admitted | Rejected | Refused

# One object per silent answer: most links of a page were seen before, and this is
# the answer to each of them.
_SEEN = Rejected(SEEN)
_OUTSIDE = Rejected(OUTSIDE)
_NOT_A_PAGE = Rejected(NOT_A_PAGE)
_AFFILIATE = Rejected(AFFILIATE)
_EXCLUDED = Rejected(EXCLUDED)


class Frontier:
    """The URLs a crawl has scheduled, and the checks a new one must pass.

    ``site_scope(key)`` builds the scope of a site seed from its
    :func:`~crawler.site.scope.scope_key`; ``is_affiliate(url)`` tells an
    affiliate URL (the detector's matcher), which is never followed and never
    rewritten; ``skip_extensions`` are file name endings (``.jpg``) not crawled.
    """

    def __init__(self, *, site_scope: Callable[[str], SiteScope],
                 is_affiliate: Callable[[str], bool], max_pages: int, max_depth: int,
                 max_url_length: int = 2000, max_segment_repeats: int = 3,
                 max_query_variants: int = 50, max_sitemap_nesting: int = 3,
                 skip_extensions: tuple[str, ...] = ()) -> None:
        self._make_scope = site_scope
        self._is_affiliate = is_affiliate
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.max_url_length = max_url_length
        self.max_segment_repeats = max_segment_repeats
        self.max_sitemap_nesting = max_sitemap_nesting
        self.skip_extensions = skip_extensions
        # What --resume keeps (to_state): canonical URLs scheduled, the counts of what
        # was left out, which URL each count holds, robots.txt origins read, query strings.
        self.scheduled: set[str] = set()
        self.not_followed: dict[str, int] = {PAGE_CAP: 0, DEPTH_LIMIT: 0}
        self.unfollowed: dict[str, str] = {}  # URL -> the not_followed reason it is counted under
        self.origins: set[str] = set()  # sites whose robots.txt was read for sitemaps
        self.query_variants = QueryVariantCap(max_query_variants)
        # Memos, rebuilt as the crawl goes.
        self._scopes: dict[str, SiteScope] = {}
        self._origin_in_scope: dict[tuple[str, str], bool | Refusal] = {}

    # -- scope ------------------------------------------------------------------------

    def scope(self, key: str) -> SiteScope:
        """The :class:`SiteScope` of the seed whose scope key is ``key`` (built once)."""
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = self._make_scope(key)
        return scope

    def scope_verdict(self, url: str, key: str) -> bool | Refusal:
        """Whether ``url`` is in scope ``key``, or why a URL that claims to be on the site
        is not requested (crawler.site.weburl); a refused URL elsewhere is just outside."""
        parsed = parse_web_url(url)
        scope = self.scope(key)
        if isinstance(parsed, Refusal):
            # Read two ways, one of them the site's: recorded, never requested.
            claimed = parsed.ambiguous and any(scope.contains(f"{r}/") for r in parsed.readings)
            return parsed if claimed else False
        return scope.contains(parsed.url)

    def _in_scope(self, url: str, key: str) -> bool | Refusal:
        """:meth:`scope_verdict`, remembered per origin: it depends on nothing else."""
        origin = _ORIGIN.match(url)
        if origin is None:
            return self.scope_verdict(url, key)
        memo = (key, origin.group())
        inside = self._origin_in_scope.get(memo)
        if inside is None:
            # Refusals depend on the scheme and authority alone: the origin decides.
            inside = self._origin_in_scope[memo] = self.scope_verdict(memo[1] + "/", key)
        return inside

    def canonical(self, url: str) -> str:
        # An affiliate URL keeps every parameter: it is evidence, never rewritten.
        return canonical_url(url, protect=self._is_affiliate)

    # -- counting ---------------------------------------------------------------------

    def not_follow(self, reason: str, url: str | None = None, count: int = 1) -> None:
        """Count what the crawl leaves out; a URL once, and not at all if reached another way."""
        if url is not None:
            if url in self.unfollowed:
                return
            self.unfollowed[url] = reason
        self.not_followed[reason] = self.not_followed.get(reason, 0) + count

    def _refuse(self, url: str, refusal: Refusal) -> Decision:
        """An ambiguous URL is answered :class:`Refused` once (its Pages row), then seen."""
        if url in self.unfollowed or url in self.scheduled:
            return _SEEN
        self.not_follow(AMBIGUOUS, url)
        return Refused(url, refusal.reason)

    # -- decisions --------------------------------------------------------------------

    def schedule(self, url: str) -> Decision:
        """Schedule ``url`` unless it was, or the page cap is reached; no other check."""
        # Scheduled exactly as scope and duplicate checks read it (crawler.site.weburl).
        parsed = parse_web_url(url)
        if isinstance(parsed, Refusal):
            return self._refuse(urldefrag(url)[0], parsed)
        url = parsed.url
        if url in self.scheduled:
            return _SEEN
        if len(self.scheduled) >= self.max_pages:
            self.not_follow(PAGE_CAP, url)
            return Rejected(PAGE_CAP)
        self.scheduled.add(url)
        reason = self.unfollowed.pop(url, None)
        if reason is not None:  # reached after all (a shorter path, a sitemap)
            self.not_followed[reason] -= 1
        return Admitted(url)

    def also_scheduled(self, url: str) -> None:
        """Remember ``url`` too, canonical: a seed as the downloader spells it, so that a
        link written that way is not fetched again."""
        self.scheduled.add(self.canonical(url))

    def reschedule(self, url: str) -> Decision:
        """A page fetched before whose rows were lost (disk full): scheduled again."""
        self.scheduled.discard(url)
        return self.schedule(url)

    def unseen(self, links: Iterable[str]) -> list[str]:
        """``links`` not scheduled as written; most links of a page were, and are dropped
        here before any call per link."""
        scheduled = self.scheduled
        return [link for link in links if link not in scheduled]

    def admit_link(self, url: str, key: str, depth: int, *, listed: bool = False) -> Decision:
        """A link (or a redirect) found on a page of the site whose scope key is ``key``,
        ``depth`` steps from its seed; ``listed`` when a sitemap or feed lists it."""
        # Cheapest tests first: most links on a page were seen before, as written (the
        # scheduled set holds canonical URLs, and canonical_url leaves those unchanged),
        # and most of the rest leave the site, which their origin alone decides.
        url = url.partition("#")[0]
        if url in self.scheduled:
            return _SEEN
        inside = self._in_scope(url, key)
        if inside is not True:
            return self._refuse(url, inside) if isinstance(inside, Refusal) else _OUTSIDE
        # Every check from here reads the URL as a browser does and Scrapy will send it.
        url = self.canonical(url)
        if url in self.scheduled:
            return _SEEN
        if url.split("?", 1)[0].lower().endswith(self.skip_extensions):
            return _NOT_A_PAGE
        if self._is_affiliate(url):
            return _AFFILIATE  # even on the site itself: read, never clicked
        if not self.scope(key).wants(url):
            return _EXCLUDED
        trap = trap_reason(url, max_length=self.max_url_length,
                           max_repeats=self.max_segment_repeats)
        if trap is not None and not (listed and trap == CALENDAR):
            self.not_follow(trap, url)
            return Rejected(trap)
        if depth > self.max_depth:
            self.not_follow(DEPTH_LIMIT, url)
            return Rejected(DEPTH_LIMIT)
        # A sitemap or feed lists real pages, however many share a path.
        if not listed and not self.query_variants.admit(url):
            self.not_follow(QUERY_VARIANTS, url)
            return Rejected(QUERY_VARIANTS)
        return self.schedule(url)

    def admit_listing(self, url: str, key: str, nesting: int) -> Decision:
        """A sitemap or feed of the site (never filtered by --include/--exclude);
        ``nesting`` is 1 for one robots.txt or a page names, one more per sitemap index."""
        url = urldefrag(url)[0]
        inside = self.scope_verdict(url, key)
        if isinstance(inside, Refusal):
            return self._refuse(url, inside)
        url = self.canonical(url)
        if url in self.scheduled:
            return _SEEN
        if not inside:
            return _OUTSIDE
        if nesting > self.max_sitemap_nesting:
            self.not_follow(SITEMAP_NESTING, url)
            return Rejected(SITEMAP_NESTING)
        return self.schedule(url)

    def first_visit(self, origin: str) -> bool:
        """True the first time a site's ``scheme://host[:port]`` is named: its robots.txt is
        read for sitemaps once."""
        if origin in self.origins:
            return False
        self.origins.add(origin)
        return True

    # -- --resume ---------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """What ``--resume`` needs, as JSON-able lists and dicts (sorted: stable files)."""
        cap = self.query_variants
        return {
            "scheduled": sorted(self.scheduled),
            "not_followed": dict(self.not_followed),
            "unfollowed": dict(self.unfollowed),
            "origins": sorted(self.origins),
            "query_variants": {"limit": cap.limit,
                               "seen": {path: sorted(q) for path, q in cap._seen.items()}},
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        """Continue from :meth:`to_state`'s data; keys missing keep this frontier's values.

        Job folders written before the frontier was its own object hold sets and a
        :class:`QueryVariantCap` (crawler.jobdir.state decodes them); those read too.
        """
        if "scheduled" in state:
            self.scheduled = set(state["scheduled"])
        if "not_followed" in state:
            self.not_followed = dict(state["not_followed"])
        if "unfollowed" in state:
            self.unfollowed = dict(state["unfollowed"])
        if "origins" in state:
            self.origins = set(state["origins"])
        cap = state.get("query_variants")
        if isinstance(cap, QueryVariantCap):
            self.query_variants = cap
        elif cap is not None:
            # The interrupted run's cap, as before: a resumed crawl continues that crawl.
            self.query_variants = QueryVariantCap(
                cap["limit"], {path: set(q) for path, q in cap["seen"].items()})
