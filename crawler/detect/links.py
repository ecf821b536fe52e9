"""Make a page's links absolute as a browser does, at a fraction of a parser's cost.

A page has a hundred links and a parser reads both URLs for each. Most are
already absolute or root-relative, and most of the rest are plain relative
paths (``../2019/post.html``); those three cases are done here with string
operations, where ``urljoin`` and a browser agree (the tests hold the two
equal). Everything else on an http(s) page is joined by browser (WHATWG) rules
(:func:`crawler.site.weburl.join_web_url`): ``urljoin`` reads ``\\\\host/x`` as a path
on the page's own site and ``https:host`` (on an http page) as no host at all,
where a browser goes to ``host``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from urllib.parse import urljoin

from ..site.weburl import join_web_url, remove_dot_segments

__all__ = ["absolute", "absolute_all", "origin_of"]

_NO_HOST = ("", "/", "?", "#")
# A relative path with no scheme, parameters or backslash, then maybe ?query / #fragment.
_RELATIVE_PATH = re.compile(r"[^:/?#;\\\s][^:?#;\\\s]*")
_SPLIT_DROPS = re.compile(r"[\t\n\r]")  # urlsplit removes these wherever they are
# "%2e" is a dot to a browser: "/%2e%2e/" climbs as "/../" does.
_UNPLAIN = re.compile(r"/\.|[;\t\n\r]|\?#|%2[eE]")
# What makes a link not plain, besides how it ends (see _plain).
_ODD = ("/.", ";", "\t", "\n", "\r", "\\", "?#", "%2e", "%2E")


def absolute(url: str, page_url: str) -> str:
    r"""``url`` joined to ``page_url`` as a browser joins it (``url`` itself when there
    is no page URL; ``urljoin``'s result for a page or link not http(s)). A link
    that names its host stays as written (see :func:`crawler.site.weburl.join_web_url`).

    >>> absolute("../b/c.html?x#y", "https://h.example/a/p/q.html")
    'https://h.example/a/b/c.html?x#y'
    >>> absolute("..\\b\\c.html", "https://h.example/a/p/q.html")
    'https://h.example/a/b/c.html'
    >>> absolute("\\\\s.click.taobao.com\\t", "https://h.example/a/p/q.html")
    'https:\\\\s.click.taobao.com\\t'
    """
    url = url.strip()
    if "\\" not in url:
        # The common cases, without urljoin's parsing (it returns the same):
        if _plain(url):
            if url.startswith(("https://", "http://")) and (
                    url.partition("://")[2][:1] not in _NO_HOST):
                return url  # already absolute and normal
            if url.startswith("/") and not url.startswith("//"):
                origin = origin_of(page_url)
                if origin:
                    return origin + url  # root-relative
        joined = _join_path(url, page_url)
        if joined is not None:
            return joined
    if not page_url:
        return url
    joined = join_web_url(page_url, url)
    if joined is not None:
        return joined
    try:
        return urljoin(page_url, url)
    except ValueError:
        return url


def absolute_all(links: list[str], base_url: str) -> list[str]:
    """``[absolute(link, base_url) for link in links if link]``.

    What can make a link not plain (see ``_plain``) is looked for in all the
    links at once, so the plain ones need only a look at how they start and end.
    """
    links = [link for link in links if link]
    odd = _odd_ones(links)
    origin = origin_of(base_url) if base_url else None
    done: list[str] = []
    append = done.append
    for i, link in enumerate(links):
        last = link[-1]
        first = link[0]
        if last in "?#" or last.isspace() or i in odd:
            append(absolute(link, base_url))
        elif first == "/" and origin and link[1:2] != "/":
            append(origin + link)
        # ("" in "/?#" holds: "https://" alone is not plain either.)
        elif first == "h" and ((link.startswith("https://") and link[8:9] not in "/?#") or (
                link.startswith("http://") and link[7:8] not in "/?#")):
            append(link)
        else:
            append(absolute(link, base_url))
    return done


def _odd_ones(links: list[str]) -> set[int]:
    """Indices of the links holding one of ``_ODD``."""
    joined = "\0".join(links)  # markup strings hold no NUL
    odd: set[int] = set()
    ends: list[int] | None = None
    for marker in _ODD:
        at = joined.find(marker)
        while at >= 0:
            if ends is None:
                ends = list(accumulate(len(link) + 1 for link in links))
            odd.add(bisect_right(ends, at))
            at = joined.find(marker, at + 1)
    return odd


def _plain(url: str) -> bool:
    """Whether urljoin would give ``url``'s path, query and fragment back unchanged:
    no dot segments, no ``;params``, no empty ``?`` or ``#`` (urlunparse drops those),
    no tab or newline (urlsplit removes them)."""
    return not _UNPLAIN.search(url) and url[-1:] not in ("?", "#")


@lru_cache(maxsize=256)
def origin_of(page_url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, else ``None``.

    >>> origin_of("https://blog.example.com:8443/a/b?c"), origin_of("file:///x")
    ('https://blog.example.com:8443', None)
    """
    scheme, sep, rest = page_url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return None
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return f"{scheme.lower()}://{netloc}" if netloc else None


@lru_cache(maxsize=256)
def _base_directory(page_url: str) -> tuple[str, list[str]] | None:
    """The origin and the directory segments of an http(s) page URL, as urljoin
    splits them; ``None`` when the URL holds what urljoin reads apart (;params)."""
    origin = origin_of(page_url)
    if origin is None or not page_url.startswith(origin):
        return None
    path = re.split(r"[?#]", page_url[len(origin):], maxsplit=1)[0]
    if ";" in path or (path and not path.startswith("/")):
        return None
    parts = path.split("/")
    if parts[-1] != "":
        del parts[-1]  # the page's own name
    return origin, parts


def _join_path(url: str, page_url: str) -> str | None:
    """``url`` joined to ``page_url`` when it is a plain relative path; ``None`` for anything else."""
    m = _RELATIVE_PATH.match(url)
    if m is None or not page_url or _SPLIT_DROPS.search(url):
        return None
    rest = url[m.end():]
    if rest and rest[0] not in "?#":
        return None
    base = _base_directory(page_url)
    if base is None:
        return None
    origin, parts = base
    # The query and fragment as written: a browser keeps even an empty "?" or "#".
    directory = "/".join(parts)
    if not directory.endswith("/"):
        directory += "/"
    return origin + remove_dot_segments(directory + m.group()) + rest
