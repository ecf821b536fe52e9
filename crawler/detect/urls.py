"""Find URLs in arbitrary strings and peel them out of wrappers and encodings.

Pure string functions: no parsing of HTML, no network.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TypeAlias
from urllib.parse import parse_qsl, unquote, urlsplit

from ..site.weburl import read_web_url
from .spans import SpanIndex

__all__ = ["decode_js", "find_urls", "host_and_path", "host_of", "query_params", "unwrap"]

# A URL as it appears in markup, scripts or prose: with a scheme (http:, taobao:,
# tbopen:, openapp.jdmobile: …) or protocol-relative, the "://" possibly
# percent-encoded (https%3A%2F%2F, and Zhihu's half-encoded https%3A//).
# Stops at whitespace (also no-break and ideographic spaces, which the ASCII-only
# bare-host pattern's \s would miss), quotes, angle brackets, "|", and CJK and
# full-width punctuation (，。：【】「」～｜…), where share text glues prose to a link.
_STOP = (
    r"\s\"'<>`\\^{}|…“”‘’·—\u00a0\u2000-\u200b\u2028\u2029\ufeff"
    r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
# A query may hold "|" (JD's jda?e=99_2|99_2|1_2_2|tagA&p=…), but share text also
# ends a link with one ("…jda?e=…&p=…|复制打开"): a "|" belongs to the query only
# when more query follows it, and not when another URL does ("…|https://…").
_QUERY = (
    rf"[^{_STOP}]*(?:\|(?=[A-Za-z0-9_%])(?![A-Za-z][A-Za-z0-9+.-]{{0,24}}:/)[^{_STOP}]*)*"
)
# Host and path stop at the first non-ASCII character (prose glued to a link:
# "…/9vmlLhr点击直达"); a query may hold CJK search words (q=风衣).
_URL_TAIL = rf"[^{_STOP}\u0080-\uffff?#]*(?:[?#]{_QUERY})?"
_SCHEME = r"[A-Za-z][A-Za-z0-9+.-]{1,24}(?::|%3[Aa]|%253[Aa])"
_SLASHES = r"(?://|%2[Ff]%2[Ff]|%252[Ff]%252[Ff])"
# A "//" with no scheme before it is protocol-relative, unless a scheme and its
# "//" follow: "//https://…" is a URL commented out in a script (no space after
# "//"), and the URL starts at "https:" (group 1 tells the two cases apart).
_URL = re.compile(
    rf"(?:(?<![A-Za-z0-9+.-])({_SCHEME}))?"
    rf"{_SLASHES}(?(1)|(?!{_SCHEME}{_SLASHES}))[A-Za-z0-9\[]{_URL_TAIL}"
)
_TRAILING = ".,;:!?)]}*'\""
# BBCode and Markdown put a link between brackets: [url=…]label[/url],
# [img]…[/img], [label](…). A URL ends at "[/" (a closing tag) and at a "]" or
# ")" it did not open (a balanced pair stays: /wiki/Foo_(bar), [::1]).
_BRACKETS = re.compile(r"[\[\]()]")
# A URL in base64 (base64 of "http" is "aHR0c…"), as wrappers pass it in a
# query (/go.html?u=aHR0cHM6Ly9…): found as a link of its own, decoded by unwrap.
_BASE64_URL = re.compile(r"(?<![A-Za-z0-9+/_-])aHR0c[A-Za-z0-9+/_-]{8,}={0,2}")
_BASE64_MARK = "aHR0c"

_JS_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(/))")

# Where a nested URL starts inside another one, at any decoding level.
_NESTED = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,24}:)?//[A-Za-z0-9\[]")

# A URL whose own "://" is percent-encoded (found inside a query value).
_ENCODED_START = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*)?(?:%3[Aa]|%253[Aa]|%2[Ff]|%252[Ff])")

# A decoded nested URL ends at a quote, bracket or space: JSON such as
# params={"url":"https://u.jd.com/x"} inside an app link.
_QUOTED_END = re.compile(r"[\"'<>\s{}]")

_MAX_DECODE = 4
_MAX_LAYERS = 16


def decode_js(text: str) -> str:
    r"""Undo JavaScript/JSON string escapes that hide URLs.

    >>> decode_js(r"https:\/\/s.click.taobao.com\/t?e=1\u0026pid=x")
    'https://s.click.taobao.com/t?e=1&pid=x'
    """
    if "\\" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        if m.group(3):
            return "/"
        return chr(int(m.group(1) or m.group(2), 16))

    return _JS_ESCAPE.sub(repl, text)


def find_urls(text: str, bare_hosts: re.Pattern[str] | None = None, *,
              hosts_in: Callable[[str], bool] | None = None) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` spans of URLs in ``text``.

    ``bare_hosts`` additionally finds scheme-less links to known hosts
    (``s.click.taobao.com/AbC1234`` pasted into prose). ``hosts_in``, when
    given, says whether a known host occurs in some text: the bare-host search
    (a pattern that is tried at every position) runs only when one occurs
    outside the URLs found with a scheme.

    >>> t = "buy: https://s.click.taobao.com/AbC1234, or //ai.taobao.com/?pid=x."
    >>> [t[a:b] for a, b in find_urls(t)]
    ['https://s.click.taobao.com/AbC1234', '//ai.taobao.com/?pid=x']
    """
    spans = []
    m = _URL.search(text)
    while m is not None:
        end = _end_of(text, m.start(), m.end())
        spans.append((m.start(), end))
        # A link cut at a bracket may be followed by another: [a](…)[b](…).
        m = _URL.search(text, max(end, m.start() + 1) if end < m.end() else m.end())
    if bare_hosts is not None and (hosts_in is None or not spans or hosts_in(_outside(text, spans))):
        # A bare link ends before the next bare match starts: only the URLs with
        # a scheme can hold one.
        with_scheme = SpanIndex(spans)
        for m in bare_hosts.finditer(text):
            start = m.start()
            if with_scheme.covers(start):
                continue
            spans.append((start, _end_of(text, start, m.end())))
    if _BASE64_MARK in text:
        found = SpanIndex(spans)  # likewise, a base64 match ends before the next starts
        for m in _BASE64_URL.finditer(text):
            start = m.start()
            if not found.covers(start):
                spans.append((start, m.end()))
    spans.sort()
    yield from spans


def _end_of(text: str, start: int, end: int) -> int:
    """Where the URL matched at ``text[start:end]`` ends: without trailing
    punctuation, and at a bracket of the markup around it (see ``_BRACKETS``).

    >>> t = "[url=https://x.cn/a_(b)]buy[/url] [t](https://u.jd.com/AbC123)[n](//e.cn)"
    >>> [t[a:b] for a, b in find_urls(t)]
    ['https://x.cn/a_(b)', 'https://u.jd.com/AbC123', '//e.cn']
    """
    if _BRACKETS.search(text, start, end):
        closing = text.find("[/", start, end)
        if closing > start:
            end = closing
        depth = {"(": 0, "[": 0}
        for i in range(start, end):
            c = text[i]
            if c in depth:
                depth[c] += 1
            elif c in ")]":
                opener = "(" if c == ")" else "["
                if not depth[opener]:
                    end = i
                    break
                depth[opener] -= 1
    while end > start and text[end - 1] in _TRAILING:
        last = text[end - 1]
        if last in ")]" and text.count("(" if last == ")" else "[", start, end) > text.count(
                last, start, end - 1):
            break  # it closes a bracket the URL opened
        end -= 1
    return end


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the ``spans``, the pieces kept apart by a newline.

    A scheme-less link starting outside a URL holds no ":" or "/" before its
    host ends, so its host cannot run into a URL: it shows in what is left.
    """
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at:])
    return "\n".join(pieces)


def bare_host_pattern(hosts: Iterable[str]) -> re.Pattern[str]:
    """Regex for scheme-less links to any of ``hosts`` (or their subdomains)."""
    alternatives = literal_alternation(hosts)
    return re.compile(
        rf"(?<![A-Za-z0-9.@/%-])(?:[A-Za-z0-9-]+\.)*(?:{alternatives})(?![A-Za-z0-9-])"
        rf"(?::\d+)?/{_URL_TAIL}",
        # ASCII-only case folding: with full Unicode folding "s" and "k" would
        # match the excluded ſ and K (U+212A) and end a path early.
        re.IGNORECASE | re.ASCII,
    )


_Trie: TypeAlias = dict[str, "_Trie"]
"""One character per level; the key ``""`` marks where a literal ends."""


def literal_alternation(literals: Iterable[str]) -> str:
    r"""A regex matching any of ``literals``, built as a trie so it stays fast as lists grow.

    >>> print(literal_alternation(["taobao.com", "tmall.com", "tb.cn"]))
    t(?:aobao\.com|b\.cn|mall\.com)
    """
    trie: _Trie = {}
    for literal in sorted({lit.lower() for lit in literals}):
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return build(trie)


def _decodings(url: str) -> Iterator[str]:
    """``url`` and its successive percent-decodings, until stable."""
    seen = url
    yield url
    for _ in range(_MAX_DECODE):
        if "%" not in seen:
            return
        decoded = unquote(seen)
        if decoded == seen:
            return
        seen = decoded
        yield decoded


def _normalise_scheme(url: str) -> str:
    """Make a URL parseable: add a scheme to ``//host`` and decode an encoded ``://``."""
    while _ENCODED_START.match(url):
        decoded = unquote(url)
        if decoded == url:
            break
        url = decoded
    if url.startswith("//"):
        return "https:" + url
    if "//" not in url[:32]:  # a scheme-less "host/path" found in prose
        return "https://" + url
    return url


def _base64_urls(params: Sequence[tuple[str, str]]) -> Iterator[str]:
    # link.segmentfault.com/?enc=<base64 URL>; other wrappers base64 a whole URL too.
    for _, value in params:
        if len(value) < 16 or not value.startswith(_BASE64_STARTS):
            continue
        padded = value + "=" * (-len(value) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(padded)
            except (binascii.Error, ValueError):
                continue
            text = raw.decode("utf-8", "ignore")
            if text.startswith(("http://", "https://", "//")):
                yield text
                break


def unwrap(url: str, bare_hosts: re.Pattern[str] | None = None) -> list[str]:
    """Every URL layer in ``url``: itself, then URLs nested in it, outermost first.

    Nested URLs are found at every percent-decoding level, so single, double and
    partial encodings (``https%3A//``) all unwrap; a nested URL is taken to run
    to the end of its container, which keeps the affiliate parameters that an
    unencoded wrapper leaves dangling after it.

    >>> unwrap("https://link.zhihu.com/?target=https%3A//s.click.taobao.com/t%3Fe%3Dx")
    ['https://link.zhihu.com/?target=https%3A//s.click.taobao.com/t%3Fe%3Dx', 'https://s.click.taobao.com/t?e=x']
    >>> unwrap("taobao://m.tb.cn/h.ffKfhIt")
    ['https://m.tb.cn/h.ffKfhIt']

    A query value naming one of ``bare_hosts`` without a scheme is a URL too
    (``link.zhihu.com/?target=s.click.taobao.com%2F…``), and so is a base64 URL
    on its own (``aHR0cHM6Ly9…``).

    >>> from crawler.detect.urls import bare_host_pattern
    >>> unwrap("https://link.zhihu.com/?target=u.jd.com%2FAbC123", bare_host_pattern(["u.jd.com"]))[1]
    'https://u.jd.com/AbC123'
    >>> unwrap("aHR0cHM6Ly91LmpkLmNvbS9BYkMxMjM=")
    ['https://u.jd.com/AbC123']
    """
    layers: list[str] = []
    if url.startswith(_BASE64_MARK):  # a base64 URL found on its own (see find_urls)
        decoded = next(_base64_urls([("", url)]), None)
        if decoded is None:
            return []
        url = decoded
    queue = [_app_scheme_to_https(_normalise_scheme(url))]
    if not _may_nest(queue[0], bare_hosts is not None):
        return queue
    seen: set[str] = set()
    while queue and len(layers) < _MAX_LAYERS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        layers.append(current)
        # Query values that are URLs, cut where the value ends…
        params = query_params(current)
        for _, value in params:
            if "//" in value[:12] or value.startswith("//"):
                queue.append(_app_scheme_to_https(_normalise_scheme(value)))
            elif bare_hosts is not None and "/" in value and bare_hosts.match(value):
                queue.append(_normalise_scheme(value))
        # …and URLs anywhere inside, at every decoding level, running to the end.
        for variant in _decodings(current):
            for m in _nested_starts(variant, variant.find("//") + 2):
                if variant[m.start() - 3: m.start()].lower() == "%3a":
                    continue  # "https%3A//…": the next decoding level reads it whole
                nested = _QUOTED_END.split(variant[m.start():], 1)[0]
                queue.append(_app_scheme_to_https(_normalise_scheme(nested)))
            if variant is current:
                queue.extend(_base64_urls(params))
    return layers


def _nested_starts(url: str, start: int) -> Iterator[re.Match[str]]:
    """``_NESTED.finditer(url, start)``, looking only around each "//".

    A nested URL holds its "//" within 26 characters of where it starts (a
    scheme is at most 25 long with its colon); running the pattern over a
    whole long URL cost more than everything else unwrap does.
    """
    at = url.find("//", start)
    while at >= 0:
        m = _NESTED.search(url, max(start, at - 26), at + 3)
        if m is None:
            at = url.find("//", at + 1)
            continue
        yield m
        start = m.end()
        at = url.find("//", start)


_WEB_SCHEMES = ("http://", "https://")
# base64 of "http" and of "//": how a base64-wrapped URL starts (see _base64_urls).
_BASE64_STARTS = ("aHR0", "Ly")


def _may_nest(url: str, bare: bool = False) -> bool:
    """Whether ``url`` can hold another URL: a second "//", percent-encoding or
    base64 that may spell one, or (``bare``) a "/" in its query, where a
    scheme-less host/path may stand. Most links on a page hold none.

    >>> _may_nest("https://item.jd.com/1.html"), _may_nest("https://x.cn/?u=aHR0cHM6Ly9h")
    (False, True)
    >>> _may_nest("https://x.cn/?to=u.jd.com/AbC123"), _may_nest("https://x.cn/?to=u.jd.com/AbC123", True)
    (False, True)
    """
    rest = url[url.find("//") + 2:]
    if "//" in rest or "%" in rest or any(s in rest for s in _BASE64_STARTS):
        return True
    query = rest.find("?")
    return bare and query >= 0 and "/" in rest[query:]



def _app_scheme_to_https(url: str) -> str:
    """Read ``taobao://host/path`` (and other app schemes naming a web host) as https.

    App schemes whose "host" is not a domain (``pinduoduo://com.xunmeng…``) are
    kept as they are; their nested URLs still unwrap.
    """
    lower = url[:32].lower()
    if lower.startswith(_WEB_SCHEMES):
        return url
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        return url
    host = rest.split("/", 1)[0].split("?", 1)[0]
    if "." in host:
        return "https://" + rest
    return url


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without port or trailing dot; ``''`` if none.

    An http(s) URL's host is the one a browser goes to (see :func:`host_and_path`).

    >>> host_of("HTTPS://S.Click.TaoBao.com:443/t?e=1"), host_of("http://a.example\\\\@b.example/")
    ('s.click.taobao.com', 'a.example')
    """
    return host_and_path(url)[0]


# An http(s) URL whose host and path read the same to urlsplit and to a browser:
# an ASCII host name (no "%", "@" or "\\", not ending in a number, which may be
# an IPv4 address spelt another way) and a path without "\\", dot segments,
# white space or control characters. The tests hold the two readings equal.
_PLAIN_HOST = re.compile(r"(?i:https?)://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)\.?(?::[0-9]{0,4})?(?=[/?#]|$)")
_PLAIN_PATH_END = re.compile(r"[?#]|$")
_ODD_PATH = re.compile(r"[\\\x00-\x20\x7f]|/\.|%2[eE]")


def host_and_path(url: str) -> tuple[str, str]:
    r"""Host and path of ``url``, as a browser reads them for an http(s) URL.

    A browser takes ``\`` for ``/``, drops tabs and newlines, decodes and
    lower-cases the host and takes it after the user name
    (:func:`crawler.site.weburl.read_web_url`): ``http://s.click.taobao.com\@x/t``
    opens s.click.taobao.com, ``http://x\@s.click.taobao.com/t`` opens x.
    Other schemes (``taobao://``) are read by ``urlsplit``.

    >>> host_and_path("http:\\\\S.CLICK.TAOBAO.COM.\\t?e=1")
    ('s.click.taobao.com', '/t')
    >>> host_and_path("https://evil.example@uland.taobao.com/coupon/edetail")
    ('uland.taobao.com', '/coupon/edetail')
    """
    m = _PLAIN_HOST.match(url)
    if m is not None and not m.group(1).rpartition(".")[2][:1].isdigit():
        # '$' always matches.
        end = _PLAIN_PATH_END.search(url, m.end()).start()  # type: ignore[union-attr]
        if not _ODD_PATH.search(url, m.end(), end):
            return m.group(1).lower(), url[m.end():end] or "/"
    reading = read_web_url(url)
    if reading is not None:
        return reading.host, reading.path
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    if parts.scheme.lower() in ("http", "https"):
        return "", ""  # no host a browser would go to
    if "%" in host:  # s%2Eclick%2Etaobao%2Ecom: browsers decode a host's escapes
        host = unquote(host).lower()
    return host.rstrip("."), parts.path


@lru_cache(maxsize=512)
def query_params(url: str) -> tuple[tuple[str, str], ...]:
    """Query parameters of ``url``, including those of a ``#/route?x=1`` fragment.

    Values are percent-decoded once; ``&amp;`` left over from markup counts as ``&``.

    >>> query_params("https://ai.taobao.com/search?pid=mm_1_2_3&amp;key=a#/x?unid=u")
    (('pid', 'mm_1_2_3'), ('key', 'a'), ('unid', 'u'))
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return ()
    query = parts.query
    if "?" in parts.fragment:
        query += "&" + parts.fragment.split("?", 1)[1]
    query = query.replace("&amp;", "&")
    try:
        return tuple(parse_qsl(query, keep_blank_values=True))
    except ValueError:
        return ()
