"""One spelling per page for the crawl frontier: the same page is fetched once.

Pure: no Scrapy. The URL is read by browser rules (:mod:`crawler.site.weburl`), so only
changes that never alter what a server returns are made (fragment, case of scheme
and host, default port, how the host and path are spelt) plus removing parameters
listed below as tracking or session ids. Nothing is sorted: parameter order can
matter to a server. Affiliate parameters are never removed: a URL the detector
matches is left exactly as written (``protect``), and the lists hold no
affiliate parameter names (tests check both).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.site.weburl import Refusal, parse_web_url

__all__ = ["SESSION_PARAMS", "TRACKING_PARAMS", "TRACKING_PREFIXES", "canonical_url"]

#: Query parameters that only say where a visitor came from (analytics, share buttons).
TRACKING_PARAMS = frozenset({
    "spm", "scm", "spm_id_from", "from", "from_source", "from_spmid",
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
    "share_token", "share_source", "share_medium", "share_from", "share_plat", "share_tag",
    "share_app_id", "shareid", "vd_source", "xhsshare", "wfr", "ivk_sa",
    "hmsr", "hmpl", "hmcu", "hmkw", "hmci",  # Baidu Tongji campaign tags
})
#: Name prefixes of tracking parameters (``utm_source``, ``pk_campaign``…).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
#: Session ids some servers put in URLs: each visit would look like a new page.
SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid", "cfid",
    "cftoken", "oscsid", "zenid",
})

# ";jsessionid=ABC" glued to a path segment (Java servlets, some PHP setups).
_PATH_SESSION = re.compile(
    r";(?:" + "|".join(sorted(SESSION_PARAMS)) + r")=[^/;?#]*", re.IGNORECASE)


def _droppable(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name in SESSION_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, *, protect: Callable[[str], bool] | None = None) -> str:
    r"""``url`` spelled the way the crawl remembers it.

    The URL is the one a browser and the downloader request
    (:func:`crawler.site.weburl.parse_web_url`): without fragment, tabs and
    newlines; scheme and host in lower case; the host percent-decoded, in
    punycode, without trailing dot, an IPv4 address as a dotted quad; no default
    port; ``\`` read as ``/`` and dot segments (also ``%2e``) removed from the
    path; an empty ``?`` dropped. Then tracking and session parameters (and
    ``;jsessionid=…`` in the path, and empty ``&&`` pairs) are removed, unless
    ``protect(url)`` says True (an affiliate URL): its path and query stay as
    read. A URL :func:`~crawler.site.weburl.parse_web_url` refuses (never requested:
    ambiguous, or not http(s)) is kept as written, without its fragment.

    >>> canonical_url("HTTP://Blog.Example.com:80/Post?id=7&utm_source=x#top")
    'http://blog.example.com/Post?id=7'
    >>> canonical_url("https://example.com/a;jsessionid=F00?b=2&PHPSESSID=9&spm=a.b")
    'https://example.com/a?b=2'
    >>> canonical_url("https://item.jd.com/1.html?utm_campaign=t_1000_", protect=lambda u: True)
    'https://item.jd.com/1.html?utm_campaign=t_1000_'
    """
    parsed = parse_web_url(url)
    if isinstance(parsed, Refusal):
        return url.split("#", 1)[0]  # never requested: kept as written, for the report
    path, query = parsed.path, parsed.query
    cleaned_path = _PATH_SESSION.sub("", path) if ";" in path else path
    pairs = query.split("&") if query else []
    kept = [p for p in pairs if p and not _droppable(p.split("=", 1)[0])]
    if (cleaned_path != path or len(kept) != len(pairs)) and (protect is None or not protect(url)):
        path, query = cleaned_path, "&".join(kept)
    return parsed.origin + path + (f"?{query}" if query else "")
