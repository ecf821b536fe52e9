"""Which URLs belong to a seed's site: registered domain by the bundled suffix list.

Every URL is read once, by browser rules (:mod:`crawler.site.weburl`): a URL whose host
could be read two ways is in no scope.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.site.weburl import Refusal, WebURL, parse_web_url

if TYPE_CHECKING:
    import tldextract

__all__ = ["SiteScope", "allowed_host", "host_matches", "in_scope", "is_ip", "is_loopback",
           "scope_key"]


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # Imported on first use: tldextract brings requests and urllib3 (a tenth of a
    # second), which `linkaudit scan`, `report` and `verify` never need.
    import tldextract

    # The bundled Public Suffix List snapshot only: never a download at run time.
    # Private suffixes count (github.io, blogspot.com, netlify.app …): a creator's
    # site there is theirs alone, not every site on the platform.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    return _extractor()(host).top_domain_under_public_suffix


def scope_key(url: str) -> str:
    """The part of ``url`` that decides whether another URL is on the same site.

    The registered domain for ordinary hosts (any subdomain, any port); for IP
    addresses and single-label hosts such as ``localhost``, host and port, since
    several unrelated sites are served there side by side.

    >>> scope_key("https://www.blog.example.co.uk/a"), scope_key("http://example.co.uk:8080/")
    ('example.co.uk', 'example.co.uk')
    >>> scope_key("https://alice.github.io/posts/1")
    'alice.github.io'
    >>> scope_key("http://127.0.0.1:8001/x")
    '127.0.0.1:8001'
    """
    parsed = parse_web_url(url)
    if isinstance(parsed, Refusal):
        return ""  # no site: nothing is in the scope of a URL that is never requested
    host = parsed.host
    registered = _registered(host) if not is_ip(host) else ""
    if registered:
        return registered
    return f"{host.strip('[]')}:{parsed.port}"


def in_scope(url: str, key: str) -> bool:
    """True when ``url`` is an http(s) URL on the site whose :func:`scope_key` is ``key``."""
    return bool(key) and scope_key(url) == key


def is_ip(host: str) -> bool:
    """Whether ``host`` is an IPv4 or IPv6 address (brackets allowed)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def host_matches(host: str, domain: str, *, exact: bool = False) -> bool:
    """Whether ``host`` is ``domain`` or (unless ``exact``) a subdomain of it.

    >>> [host_matches(h, "weibo.com") for h in ("weibo.com", "m.weibo.com", "notweibo.com")]
    [True, True, False]
    >>> host_matches("10.0.0.1", "0.0.1")
    False
    """
    host, domain = host.lower().rstrip("."), domain.lower().lstrip(".").rstrip(".")
    if host == domain:
        return True
    if exact or is_ip(host):
        return False
    return host.endswith("." + domain)


def is_loopback(url: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: no politeness delay is needed there.

    >>> is_loopback("http://127.0.0.1:8000/"), is_loopback("http://localhost/"), is_loopback("https://example.com/")
    (True, True, False)
    """
    parsed = parse_web_url(url)
    host = "" if isinstance(parsed, Refusal) else parsed.host.strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_host(text: str) -> str:
    """``--allow-domain`` input as ``host`` or ``host:port``, lower case; ValueError if unusable.

    A URL is accepted too (its host and any explicit port are kept).

    >>> allowed_host("CDN.Example.net"), allowed_host("https://static.example.org/x"), allowed_host("localhost:8080")
    ('cdn.example.net', 'static.example.org', 'localhost:8080')
    """
    value = text.strip()
    has_scheme = "://" in value
    parts = urlsplit(value if has_scheme else f"http://{value}")
    try:
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError:
        raise ValueError(f"{text!r} has an invalid port") from None
    stray_path = not has_scheme and parts.path not in ("", "/")
    if not host or stray_path or any(c.isspace() for c in value):
        raise ValueError(f"{text!r} is not a domain or host name (e.g. cdn.example.net)")
    if ":" in host:
        host = f"[{host}]"
    # Spelt as links are read (punycode, IPv4 as a dotted quad), so that they match.
    parsed = parse_web_url(f"http://{host}/")
    if isinstance(parsed, Refusal):
        raise ValueError(f"{text!r} is not a domain or host name (e.g. cdn.example.net)")
    host = parsed.host
    return f"{host}:{port}" if port is not None else host


def _host_matches(parsed: WebURL, allowed: str) -> bool:
    want = urlsplit(f"http://{allowed}")
    name = want.hostname or ""
    if want.port is not None and parsed.port != want.port:
        return False
    return host_matches(parsed.host, name)


@dataclass(frozen=True)
class SiteScope:
    """The pages a site seed covers: its scope key plus ``--allow-domain`` hosts, filtered
    by ``--include``/``--exclude`` patterns (searched anywhere in the URL)."""

    key: str
    allowed: tuple[str, ...] = ()
    """Hosts (and their subdomains) that count as the site's own, from :func:`allowed_host`."""
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def contains(self, url: str) -> bool:
        """True when ``url`` is on the site (links there are recorded as internal).

        >>> SiteScope("example.com", ("example-cdn.net",)).contains("https://blog.example-cdn.net/p")
        True
        """
        parsed = parse_web_url(url)
        if isinstance(parsed, Refusal):
            return False
        if in_scope(parsed.url, self.key):
            return True
        return any(_host_matches(parsed, allowed) for allowed in self.allowed)

    def wants(self, url: str) -> bool:
        """True when the include/exclude patterns let ``url`` be crawled.

        >>> scope = SiteScope("example.com", include=(re.compile("/blog/"),),
        ...                   exclude=(re.compile(r"\\?replytocom="),))
        >>> [scope.wants(u) for u in ("https://example.com/blog/1", "https://example.com/shop",
        ...                           "https://example.com/blog/1?replytocom=5")]
        [True, False, False]
        """
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)
