"""Follow affiliate short links to the landing URL that shows their id (``--resolve``).

A short link (``s.click.taobao.com/AbC1234``, ``u.jd.com/…``, ``amzn.to/…``)
hides the affiliate id until it is followed. With ``--resolve`` each unique
short link is requested once, hop by hop, without running JavaScript: a hop is
the ``Location`` header, a meta refresh, or a URL an inline script assigns
(``var url = '…'``, ``var hrl='…'``, ``location.replace('…')``), or a URL
nested in the current one (``t_js?tu=…``). It stops at the first URL that
shows an id, or at the first URL that is no longer a redirector (the landing
page itself is never requested), and after :data:`MAX_HOPS` hops.

Requests go through their own download slot (one at a time, a second apart)
and keep no cookies. The result is a :class:`Resolution` row, written beside
the record and merged into the findings when the workbook is rendered.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.detect import Finding, Mine, RuleSet, find_in_url
from crawler.detect.urls import decode_js, unwrap
from crawler.site.decoding import decode_body
from crawler.site.weburl import join_web_url

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_HOPS",
    "RESOLVE_RULES",
    "RESOLVE_SLOT",
    "Resolution",
    "Resolver",
    "next_hop",
    "slot_settings",
]

#: Rules whose links redirect to the affiliate landing page: a finding of one
#: of these, with no id showing, is resolved, and a hop matching one is
#: followed. TODO(rules owner): this belongs in rules.toml/networks.toml as
#: ``resolve = true`` on these rules.
RESOLVE_RULES = frozenset({
    "taobao-short-click",  # s.click.taobao.com/AbC1234
    "taobao-click",  # s.click.taobao.com/t?e=… (id encrypted), t_js?tu=…
    "taobao-legacy-click",
    "taobao-share-link",  # m.tb.cn/h.…, e.tb.cn, e22a.com: a 淘口令's page
    "eleme-short-click",  # s.click.ele.me
    "jd-short",  # u.jd.com
    "jd-union-click",  # union-click.jd.com/jdc?d=…, jda?…
    "pdd-short",  # p.pinduoduo.com
    "amazon-short",  # amzn.to
    "aliexpress-short",  # s.click.aliexpress.com/e/…
    "vip-short",  # t.vip.com
    "suning-short",  # sugs.suning.com
    "meituan-short",  # dpurl.cn
    "didi-union",  # v.didi.cn
})
MAX_HOPS = 5
RESOLVE_SLOT = "linkaudit-resolve"
"""The download slot resolution requests share, whatever their host."""
RESOLVE_DELAY = 1.0
MAX_BODY = 1024 * 1024  # a redirect page is a few KB; never read a whole store page
STATE_KEY = "linkaudit_resolve"

# Where a page without a Location header sends the browser next. Variable names
# in order of preference: JD's pages set hop (the jdc URL) before hrl (the jda
# URL that lands).
_JS_VARIABLES = ("hrl", "url", "real_url", "redirectUrl", "jumpUrl", "hop")
_JS_VARIABLE = {
    name: re.compile(rf"""\bvar\s+{name}\s*=\s*(["'])(?P<target>.+?)\1""")
    for name in _JS_VARIABLES
}
_JS_NAVIGATION = (
    re.compile(r"""location\.(?:replace|assign)\(\s*(["'])(?P<target>.+?)\1"""),
    re.compile(r"""location(?:\.href)?\s*=\s*(["'])(?P<target>.+?)\1"""),
)
_META_REFRESH = re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?refresh[^>]*>", re.I)
_REFRESH_URL = re.compile(r"""content\s*=\s*["'][^"']*?url\s*=\s*['"]?(?P<target>[^"'>\s]+)""",
                          re.I)


def next_hop(url: str, status: int, location: str | None, body: str | None) -> str | None:
    """Where a redirector's answer sends the browser, without running its scripts.

    >>> next_hop("https://s.click.taobao.com/AbC1234", 302, "/t?e=x", None)
    'https://s.click.taobao.com/t?e=x'
    >>> next_hop("https://u.jd.com/AbC123x", 200, None,
    ...          "<script>var hop='https://union-click.jd.com/jdc?d=1';"
    ...          "var hrl='https://union-click.jd.com/jda?e=2';</script>")
    'https://union-click.jd.com/jda?e=2'
    >>> next_hop("https://m.tb.cn/h.x", 200, None, '<meta http-equiv="refresh" content="0; url=/a?b=1&amp;c=2">')
    'https://m.tb.cn/a?b=1&c=2'
    >>> next_hop("https://m.tb.cn/h.x", 404, None, "<p>链接已失效</p>") is None
    True
    """
    if 300 <= status < 400 and location:
        return _absolute(location.strip(), url)
    if not body:
        return None
    for tag in _META_REFRESH.findall(body):
        m = _REFRESH_URL.search(html.unescape(tag))
        if m:
            return _absolute(m.group("target"), url)
    for name in _JS_VARIABLES:
        m = _JS_VARIABLE[name].search(body)
        if m:
            return _absolute(decode_js(m.group("target")), url)
    for pattern in _JS_NAVIGATION:
        m = pattern.search(body)
        if m:
            return _absolute(decode_js(m.group("target")), url)
    return None


def _absolute(target: str, base: str) -> str | None:
    # As a browser follows it: a backslash or `\\host` leads where urllib's join would not.
    return join_web_url(base, target)


def slot_settings(via: str | None, delay: float | None = None) -> dict[str, Any]:
    """The resolution slot: one request at a time, at least a second apart.

    Only a loopback stand-in (``--resolve-via``, for tests) goes without delay.
    """
    fixed = 0.0 if via else max(RESOLVE_DELAY, delay or 0.0)
    return {"concurrency": 1, "delay": fixed, "jitter": 0.0}


@dataclass(slots=True)
class Resolution:
    """Where one short link led, and the ids its landing URL shows."""

    link: str
    """The short link as the findings carry it (their ``unwrapped`` URL, else ``link``)."""
    rule: str
    """The rule of the finding that asked for it."""
    resolved: bool
    """True when the landing URL was reached (whether or not it shows an id)."""
    resolved_url: str | None = None
    """The last URL reached: the landing URL when ``resolved``."""
    hops: list[str] = field(default_factory=list)
    """Every URL on the way, the short link first."""
    landing_rule: str | None = None
    """The rule that read the id from ``resolved_url``."""
    pid: str | None = None
    member_id: str | None = None
    site_id: str | None = None
    adzone_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    mine: bool | None = None
    """Whether the landing URL's id is the creator's (``--mine``); ``None`` when unknown."""
    error: str | None = None
    """Why the link could not be followed to its end."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _has_id(finding: Finding) -> bool:
    return any((finding.pid, finding.member_id, finding.site_id, finding.adzone_id))


def is_resolvable(finding: Finding) -> bool:
    """A short or click link whose id does not show."""
    return finding.rule in RESOLVE_RULES and not _has_id(finding)


@dataclass(slots=True)
class _Walk:
    """One short link on its way."""

    link: str
    rule: str
    hops: list[str] = field(default_factory=list)
    fetched: set[tuple[str, str | None]] = field(default_factory=set)


class Resolver:
    """Turns findings into resolution requests, and their answers into :class:`Resolution` rows.

    The spider hands it each page's findings; it requests every unique
    resolvable link once. ``via`` sends every request to a loopback stand-in
    instead, with the real host in the ``Host`` header: for tests only.
    """

    def __init__(self, rules: RuleSet, *, enabled: bool = True, via: str | None = None,
                 mine: Mine | None = None, max_hops: int = MAX_HOPS) -> None:
        self.rules = rules
        self.mine = mine or Mine()
        self.enabled = enabled
        self.via = via.rstrip("/") if via else None
        self.max_hops = max_hops
        self.seen: set[str] = set()

    def requests_for(self, findings: Iterable[Finding]) -> Iterator[Any]:
        """Resolution requests for the findings not resolved yet (nothing when disabled)."""
        if not self.enabled:
            return
        for finding in findings:
            if not is_resolvable(finding):
                continue
            link = finding.unwrapped or finding.link
            if link in self.seen or not link.startswith(("http://", "https://")):
                continue
            self.seen.add(link)
            walk = _Walk(link, finding.rule)
            yield from self._step(walk, link, referer=None)

    # -- one hop ----------------------------------------------------------------------

    def _step(self, walk: _Walk, url: str, referer: str | None) -> Iterator[Any]:
        """Decide what ``url`` is: a landing that shows ids, a hop to request, or the end."""
        walk.hops.append(url)
        layers = unwrap(url) or [url]
        jump = None
        for depth, layer in enumerate(layers):
            for found in find_in_url(layer, walk.link, self.rules):
                if _has_id(found):
                    yield self._done(walk, url, found)
                    return
                # The first nested layer is what a script would decode and go to
                # (decodeURIComponent(tu)); deeper decodings are not URLs it uses.
                if found.rule in RESOLVE_RULES and (jump is None or (depth and not jump[1])):
                    jump = (layer if depth else found.unwrapped or layer, depth)
        if jump is None:
            # No affiliate rule claims it: the landing page, which is never requested.
            yield Resolution(walk.link, walk.rule, True, url, list(walk.hops))
            return
        target, depth = jump
        if depth > 0:
            # A redirector URL nested in this one (t_js?tu=…): its script would go
            # there next, with this URL as the referrer.
            referer = url
            if target != url:
                walk.hops.append(target)
        if len(walk.fetched) >= self.max_hops:
            yield self._failed(walk, target, f"more than {self.max_hops} hops")
            return
        if (target, referer) in walk.fetched:
            yield self._failed(walk, target, "redirect loop")
            return
        walk.fetched.add((target, referer))
        yield self._request(walk, target, referer)

    def _request(self, walk: _Walk, url: str, referer: str | None) -> Any:
        import scrapy

        fetch, headers = url, {}
        if self.via:
            parts = urlsplit(url)
            fetch = self.via + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            headers["Host"] = parts.netloc
        if referer:
            headers["Referer"] = referer
        meta = {
            STATE_KEY: (walk, url),
            "download_slot": RESOLVE_SLOT,
            # A fresh request each hop: no cookie jar, no retry (a retry could
            # count as a second click), no redirects followed for us.
            "dont_merge_cookies": True,
            "dont_retry": True,
            "dont_redirect": True,
            # One request the creator asked for, like a click; not a crawl.
            "dont_obey_robotstxt": True,
            "handle_httpstatus_all": True,
            "autothrottle_dont_adjust_delay": True,
            "allow_offsite": True,
            "download_maxsize": MAX_BODY,
        }
        return scrapy.Request(fetch, headers=headers, meta=meta, dont_filter=True,
                              callback=self.on_response, errback=self.on_failure)

    def on_response(self, response: Any) -> Iterator[Any]:
        walk, url = response.meta[STATE_KEY]
        location = response.headers.get(b"Location")
        body = None
        if not (300 <= response.status < 400) and hasattr(response, "text"):
            # Read as a browser reads it (crawler.site.decoding), not through w3lib's labels.
            content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            body = decode_body(response.body, content_type, response.url).text
        target = next_hop(url, response.status,
                          location.decode("latin-1") if location else None, body)
        if target is None:
            why = (f"HTTP {response.status}: the link no longer leads anywhere (expired or "
                   "removed)" if response.status >= 400 else
                   f"HTTP {response.status} without a redirect this resolver can read (it may "
                   "need JavaScript)")
            yield self._failed(walk, url, why)
            return
        yield from self._step(walk, target, referer=url)

    def on_failure(self, failure: Any) -> Iterator[Any]:
        walk, url = failure.request.meta[STATE_KEY]
        yield self._failed(walk, url, f"{failure.type.__name__}: {failure.getErrorMessage()}")

    # -- results ----------------------------------------------------------------------

    def _done(self, walk: _Walk, url: str, found: Finding) -> Resolution:
        return Resolution(walk.link, walk.rule, True, url, list(walk.hops),
                          landing_rule=found.rule, pid=found.pid, member_id=found.member_id,
                          site_id=found.site_id, adzone_id=found.adzone_id,
                          extra=dict(found.extra),
                          mine=self.mine.owns(found) if self.mine else None)

    @staticmethod
    def _failed(walk: _Walk, url: str, why: str) -> Resolution:
        logger.info("could not resolve %s: %s", walk.link, why)
        return Resolution(walk.link, walk.rule, False, url, list(walk.hops), error=why)
