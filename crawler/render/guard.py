"""Which requests a page rendered in Chromium may make: one decision for every one of them.

A rendered page's scripts run with the crawler's network position: whatever they
ask for, the crawler would fetch. So the page may read its own site and nothing
else, only with GET, only from addresses that are as public as its own, and never
an affiliate URL. Navigations, subresources, fetch/XHR, popups, form posts,
sockets, service workers and each redirect hop of the guard's own fetches all
come here (:func:`refusal`); the browser glue in :mod:`crawler.render.pages` only asks.

Pure: no Scrapy, no Playwright, no network. The caller resolves host names (with
the crawler's own resolver) and passes the address in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from crawler.detect import RuleSet
from crawler.detect.match import match_url
from crawler.site.scope import SiteScope, is_ip
from crawler.site.weburl import WebURL, parse_web_url

__all__ = ["AFFILIATE", "NAVIGATION", "BrowserAsk", "RenderedPage", "address_class",
           "refusal", "url_host"]

#: Why a request was refused; the page's note counts these three kinds apart.
AFFILIATE = "affiliate"
NAVIGATION = "navigation"
OTHER = "other"

_METHODS = frozenset({"GET"})
# Read by Chromium from memory: no request leaves the browser for them.
_LOCAL_SCHEMES = frozenset({"data", "blob"})
# Kinds of request that are refused whatever their URL: a socket or a service
# worker would carry on talking after the guard vetted its first request, and a
# popup is a page no guard is installed on.
_NEVER = {"websocket": "a WebSocket", "eventsource": "an event stream",
          "serviceworker": "a service worker", "popup": "a popup window"}
# Addresses that are not on the public internet; each kind is allowed only when
# the page itself came from one of that kind (a local preview, an intranet blog).
_NEVER_ADDRESSES = ("multicast", "unspecified", "reserved")


def url_host(url: str) -> tuple[str, str] | None:
    """``(scheme, host)`` of an http(s) ``url`` as a browser reads it; ``None`` otherwise.

    Read by the crawl's one URL reader (:func:`crawler.site.weburl.parse_web_url`): a URL
    that parsers read two ways is refused, never fetched.

    >>> url_host("HTTPS://Blog.Example.com:8443/a"), url_host("http://[::1]/"), url_host("http://[x")
    (('https', 'blog.example.com'), ('http', '[::1]'), None)
    >>> url_host("http://127.0.0.1:8002\\\\@127.0.0.1:8001/x") is None
    True
    """
    web = parse_web_url(url)
    return (web.scheme, web.host) if isinstance(web, WebURL) else None


_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")


def address_class(address: str) -> str:
    """``public``, or which kind of non-public address ``address`` is.

    >>> [address_class(a) for a in ("93.184.215.14", "127.0.0.2", "10.1.2.3", "169.254.169.254",
    ...                              "::1", "fe80::1", "0.0.0.0", "224.0.0.1", "::ffff:127.0.0.1")]
    ['public', 'loopback', 'private', 'link-local', 'loopback', 'link-local', 'unspecified', 'multicast', 'loopback']
    """
    ip = ipaddress.ip_address(address.strip("[]"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    for kind, test in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if test:
            return kind
    return "public" if ip.is_global else "private"  # shared (100.64/10) and the like


@dataclass(frozen=True)
class RenderedPage:
    """The page being rendered, as the crawl fetched it."""

    url: str
    scope: SiteScope
    """The seed's site; the page may load nothing from outside it."""
    address: str | None
    """The IP address the crawler's own download of the page came from (``None``
    when unknown, e.g. through a proxy: then only public addresses are allowed)."""
    rules: RuleSet


@dataclass(frozen=True)
class BrowserAsk:
    """One request the browser wants to make on the page's behalf."""

    url: str
    method: str = "GET"
    kind: str = "fetch"
    """Playwright's resource type (``document``, ``script``, ``fetch``, ``xhr`` …) or one
    of ``navigation``, ``websocket``, ``serviceworker``, ``popup``."""
    initial: bool = False
    """The page's own document, which the guard serves from the crawl's copy."""
    address: str | None = None
    """Where the URL's host resolves, once the caller has resolved it."""


def refusal(ask: BrowserAsk, page: RenderedPage) -> tuple[str, str] | None:
    """Why the browser may not make ``ask``: ``(kind, reason)``; ``None`` if it may.

    Checks that need the host's address are made only when ``ask.address`` is
    given: the caller asks once before resolving (most refusals need no address)
    and once with the address it will connect to.

    >>> from crawler.detect.rules import default_rules
    >>> page = RenderedPage("https://blog.example.com/p/1", SiteScope("example.com"),
    ...                     "93.184.215.14", default_rules())
    >>> refusal(BrowserAsk("https://cdn.example.com/app.js", kind="script"), page) is None
    True
    >>> refusal(BrowserAsk("https://blog.example.com/admin/delete-all", "POST"), page)
    ('other', 'POST request (only GET is allowed)')
    >>> refusal(BrowserAsk("https://tracker.example.net/x"), page)[1]
    'another site (tracker.example.net)'
    >>> refusal(BrowserAsk("https://cdn.example.com/x", address="10.0.0.7"), page)[1]
    'a private address (10.0.0.7) for cdn.example.com'
    """
    if ask.initial:
        return None if ask.url == page.url and ask.method in _METHODS else (
            NAVIGATION, "not the page's own document")
    scheme = _SCHEME.match(ask.url)
    if scheme and scheme.group(1).lower() in _LOCAL_SCHEMES:
        return None
    web = parse_web_url(ask.url)
    url = web.url if isinstance(web, WebURL) else ask.url
    if match_url(url, page.rules) is not None:
        # Asked first: an affiliate URL is refused (and counted so) whatever else it is.
        return AFFILIATE, "an affiliate URL"
    if ask.kind == "navigation":
        return NAVIGATION, "a navigation away from the page"
    never = _NEVER.get(ask.kind)
    if never:
        return OTHER, f"{never} (never opened)"
    if ask.method.upper() not in _METHODS:
        return OTHER, f"{ask.method.upper()} request (only GET is allowed)"
    if not isinstance(web, WebURL):
        return OTHER, f"{web.reason} ({ask.url[:100]})"
    if not page.scope.contains(web.url):
        return OTHER, f"another site ({web.host})"
    host = web.host
    if ask.address is not None:
        return _address_refusal(ask.address, host, page.address)
    return None


def _address_refusal(address: str, host: str, own: str | None) -> tuple[str, str] | None:
    try:
        kind = address_class(address)
    except ValueError:
        return OTHER, f"an address that is not an IP ({address}) for {host}"
    if kind == "public":
        return None
    own_kind = address_class(own) if own and is_ip(own) else "public"
    if kind in _NEVER_ADDRESSES or kind != own_kind:
        article = "an" if kind[0] in "aeiou" else "a"
        return OTHER, f"{article} {kind} address ({address}) for {host}"
    return None
