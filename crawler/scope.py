"""Which URLs belong to a seed's site: registered domain by the bundled suffix list."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

__all__ = ["in_scope", "is_loopback", "scope_key"]

# The bundled Public Suffix List snapshot only: never a download at run time.
# Private suffixes count (github.io, blogspot.com, netlify.app …): a creator's
# site there is theirs alone, not every site on the platform.
_EXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    return _EXTRACT(host).top_domain_under_public_suffix


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
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    registered = _registered(host) if host and not _is_ip(host) else ""
    if registered:
        return registered
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower(), 0)
    return f"{host}:{port}"


def in_scope(url: str, key: str) -> bool:
    """True when ``url`` is an http(s) URL on the site whose :func:`scope_key` is ``key``."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        return scope_key(url) == key
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback(url: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: no politeness delay is needed there.

    >>> is_loopback("http://127.0.0.1:8000/"), is_loopback("http://localhost/"), is_loopback("https://example.com/")
    (True, True, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
