"""One reading of each URL the crawl may request: browser (WHATWG) rules, parsed once.

Pure: no Scrapy. A link is read the way a browser reads it and the way the
downloader will send it (Scrapy's ``safe_url_string`` follows the same rules):
tabs and newlines removed, ``\\`` as ``/``, the host percent-decoded, IDNA
(punycode), lower case, without its trailing dot, IPv4 spelt as browsers accept
it (``2130706433``, ``0x7f.1``) as a dotted quad, and the default port dropped.
:func:`parse_web_url` returns that spelling (:attr:`WebURL.url`), which is then
the only string scope, affiliate, canonical and duplicate checks read and the
one handed to Scrapy.

A URL whose parts could be read two ways is refused (:class:`Refusal`), never
requested: a user name or password before the host (``http://a\\@b/`` is host
``a`` to a browser, ``b`` to ``urllib.parse.urlsplit``), a host that urlsplit
reads differently, control characters or an invalid host or port.

Detection reads the same way but refuses nothing: :func:`read_web_url` is where
a browser goes, user name and all (an affiliate link is reported whichever
spelling hides it), and :func:`join_web_url` resolves a page's relative link as
a browser does (``\\\\host/x`` and ``http:\\\\host`` lead to ``host``).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_to_bytes, urlsplit

__all__ = ["DEFAULT_PORTS", "Refusal", "WebURL", "join_web_url", "parse_web_url", "read_web_url",
           "remove_dot_segments"]

#: The schemes the crawl requests, with their default ports.
DEFAULT_PORTS = {"http": 80, "https": 443}

_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Where a special URL's authority ends: "\" counts as "/".
_AUTHORITY_END = re.compile(r"[/\\?#]")
# Not allowed in a host once percent-decoded (WHATWG "forbidden domain code point").
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# WHATWG IPv4 number: hexadecimal after 0x, octal after another leading 0, else decimal.
_IPV4_NUMBER = re.compile(r"0[xX]([0-9a-fA-F]*)|(0[0-7]*)|([1-9][0-9]*)")
_ENDS_IN_NUMBER = re.compile(r"(?:[0-9]+|0[xX][0-9a-fA-F]*)")
# The nontransitional IDNA deviations browsers keep ("faß" is not "fass").
_DEVIATIONS = re.compile("([ßς])")


@dataclass(frozen=True, slots=True)
class WebURL:
    """An http(s) URL as a browser reads it, spelt the one way the crawl uses."""

    url: str
    """The whole URL, without fragment: the string every check reads and Scrapy requests."""
    scheme: str
    host: str
    """ASCII, lower case, no trailing dot; an IPv6 address in brackets."""
    port: int
    """The port connected to (the scheme's default when none is written)."""
    path: str
    query: str
    origin: str
    """``scheme://host[:port]``, the port only when not the default."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a URL is not requested, and the hosts it could be read as."""

    url: str
    reason: str
    readings: tuple[str, ...] = ()
    """``scheme://host:port`` origins a browser or ``urlsplit`` reads in it (to tell
    whether the URL claims to be on the site)."""
    ambiguous: bool = True
    """False when the URL is simply not one to crawl (``mailto:``, ``javascript:``)."""


def parse_web_url(url: str) -> WebURL | Refusal:
    """``url`` read by browser rules, or why it is refused.

    >>> parse_web_url("HTTP://B\\u00fccher.Example.:0080/a/../b?q=1#top").url
    'http://xn--bcher-kva.example/b?q=1'
    >>> parse_web_url("http://127.0.0.1:8002\\\\@127.0.0.1:8001/x").readings
    ('http://127.0.0.1:8002', 'http://127.0.0.1:8001')
    >>> parse_web_url("javascript:alert(1)").reason
    'not an http(s) URL'
    """
    return _parse(url)


@lru_cache(maxsize=8192)
def _parse(url: str) -> WebURL | Refusal:
    text = url.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        return Refusal(url, "not an absolute URL", ambiguous=False)
    scheme = scheme_match.group(1).lower()
    if scheme not in DEFAULT_PORTS:
        return Refusal(url, "not an http(s) URL", ambiguous=False)
    # Any run of "/" and "\" after "http:" leads to the host (WHATWG ignores their count).
    authority, path, query, _ = _pieces(text[scheme_match.end():].lstrip("/\\"))
    readings = _readings(scheme, authority, text)
    if "@" in authority:
        return Refusal(url, 'has a user name or password before its host (the part before "@"): '
                       "browsers and crawlers disagree on which host that is, and credentials "
                       "are never sent from a link", readings)
    if _CONTROL.search(authority):
        return Refusal(url, "has control characters in its host", readings)
    hostport = _host_and_port(scheme, authority)
    if isinstance(hostport, str):
        return Refusal(url, hostport, readings)
    host, port = hostport
    other = _split_reading(scheme, text)
    if other != (host, port):
        seen = _origin(scheme, *other) if other else "no valid host"
        return Refusal(url, f"reads as {_origin(scheme, host, port)} in a browser but as {seen} "
                       "to other URL parsers (a backslash or a stray character before the path?)",
                       readings)
    return _web_url(scheme, host, port, path, query or "")


def _web_url(scheme: str, host: str, port: int, path: str, query: str) -> WebURL:
    # Path and query keep their spelling (Scrapy percent-encodes what needs it); only
    # what changes the host, the port or the page asked for is normalised here.
    path = remove_dot_segments(path.replace("\\", "/") or "/")
    origin = _origin(scheme, host, port)
    whole = origin + path + (f"?{query}" if query else "")  # an empty "?" too goes, as Scrapy drops it
    return WebURL(whole, scheme, host, port, path, query, origin)


def _pieces(rest: str) -> tuple[str, str, str | None, str | None]:
    """Authority, path, query and fragment (``None``: none) of a special URL after
    its ``scheme://``; ``\\`` ends the authority as ``/`` does, the path keeps it."""
    end = _AUTHORITY_END.search(rest)
    authority, rest = (rest[: end.start()], rest[end.start():]) if end else (rest, "")
    rest, hash_, fragment = rest.partition("#")
    path, question, query = rest.partition("?")
    return authority, path, query if question else None, fragment if hash_ else None


@lru_cache(maxsize=8192)
def read_web_url(url: str) -> WebURL | None:
    """Where a browser goes for the absolute http(s) ``url``; ``None`` when it goes nowhere.

    Unlike :func:`parse_web_url` it refuses no spelling a browser opens: the
    host is the one after the last ``@`` of the authority, which ends at the
    first ``/``, ``\\``, ``?`` or ``#``. Detection reads link hosts this way.

    >>> read_web_url("http://s.click.taobao.com\\\\@evil.example/t?e=1").url
    'http://s.click.taobao.com/@evil.example/t?e=1'
    >>> read_web_url("https://evil.example@S.CLICK.TAOBAO.COM./t").host
    's.click.taobao.com'
    >>> read_web_url("mailto:a@b.example") is None
    True
    """
    text = url.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)
    scheme_match = _SCHEME.match(text)
    if scheme_match is None or (scheme := scheme_match.group(1).lower()) not in DEFAULT_PORTS:
        return None
    authority, path, query, _ = _pieces(text[scheme_match.end():].lstrip("/\\"))
    hostport = _host_and_port(scheme, authority.rpartition("@")[2])
    if isinstance(hostport, str):
        return None
    return _web_url(scheme, *hostport, path, query or "")


def join_web_url(base: str, link: str) -> str | None:
    r"""``link`` resolved against the http(s) page ``base`` as a browser resolves it
    (WHATWG, special schemes); ``None`` when ``base`` is not http(s) or ``link``
    has another scheme (``mailto:``, ``taobao:``), which this does not read.

    ``\`` counts as ``/``; two slashes of either kind start a host, also after a
    scheme the same as the page's (``http:\\host``); after another http(s)
    scheme any number do (``https:host`` on an http page is host ``host``).
    A link that names its host stays as written (after the page's scheme when it
    starts with the slashes): :func:`read_web_url` reads where it goes, and
    :func:`parse_web_url` can still tell when other parsers read it elsewhere.
    A relative link keeps the spelling of its query and fragment.

    >>> join_web_url("https://blog.example/a/b.html", "\\\\s.click.taobao.com\\t?e=1")
    'https:\\\\s.click.taobao.com\\t?e=1'
    >>> join_web_url("http://blog.example/a/b.html", "https:s.click.taobao.com/t")
    'https:s.click.taobao.com/t'
    >>> join_web_url("https://blog.example/a/b.html", "https:s.click.taobao.com/t")
    'https://blog.example/a/s.click.taobao.com/t'
    >>> join_web_url("https://blog.example/a/b.html", "..\\c/./d.html?x#y")
    'https://blog.example/c/d.html?x#y'
    """
    base_match = _SCHEME.match(base)
    if base_match is None or (scheme := base_match.group(1).lower()) not in DEFAULT_PORTS:
        return None
    written = link.strip(_C0_OR_SPACE)
    text = written.translate(_TAB_OR_NEWLINE)
    link_match = _SCHEME.match(text)
    if link_match is not None:
        link_scheme = link_match.group(1).lower()
        if link_scheme not in DEFAULT_PORTS:
            return None
        text = text[link_match.end():]
        if link_scheme != scheme or _starts_a_host(text):
            # A host follows (WHATWG: on another scheme, "special authority slashes"):
            # the URL reads the same without the page, so it stays as written, and
            # parse_web_url can still tell when other parsers read it differently.
            return written
    elif _starts_a_host(text):  # "//host", "\\host", "/\host": on the page's scheme
        return f"{scheme}:{written}"
    authority, base_path, base_query, _ = _pieces(base[base_match.end():].lstrip("/\\"))
    rest, hash_, fragment = text.partition("#")
    path, question, written_query = rest.partition("?")
    query: str | None = written_query
    if not path:
        path = base_path
        if not question:
            question, query = "?", base_query
    elif path[0] not in _SLASHES:
        path = base_path.replace("\\", "/").rpartition("/")[0] + "/" + path
    return _joined(scheme, authority, path, query if question else None,
                   fragment if hash_ else None)


_SLASHES = ("/", "\\")


def _starts_a_host(text: str) -> bool:
    """Whether a link (after its scheme, if any) starts with two slashes of either kind."""
    return text[:1] in _SLASHES and text[1:2] in _SLASHES


def _joined(scheme: str, authority: str, path: str, query: str | None,
            fragment: str | None) -> str:
    path = remove_dot_segments(path.replace("\\", "/"))  # no path stays none, as written
    return (f"{scheme}://{authority}{path}" + ("" if query is None else f"?{query}")
            + ("" if fragment is None else f"#{fragment}"))


def _origin(scheme: str, host: str, port: int) -> str:
    return f"{scheme}://{host}" + ("" if port == DEFAULT_PORTS[scheme] else f":{port}")


def _readings(scheme: str, authority: str, text: str) -> tuple[str, ...]:
    """The origins a browser (host after the last "@") and urlsplit read in the URL."""
    found = []
    browser = _host_and_port(scheme, authority.rpartition("@")[2])
    split = _split_reading(scheme, text)
    for reading in (browser, split):
        if isinstance(reading, tuple):
            found.append(_origin(scheme, *reading))
    return tuple(dict.fromkeys(found))


def _split_reading(scheme: str, text: str) -> tuple[str, int] | None:
    """Host and port as ``urllib.parse.urlsplit`` finds them, normalised like ours."""
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if parts.port is None and netloc.endswith(":"):
            netloc = netloc[:-1]
    except ValueError:
        return None
    if not netloc or parts.scheme.lower() != scheme:
        return None
    found = _host_and_port(scheme, netloc.rpartition("@")[2])
    return found if isinstance(found, tuple) else None


def _host_and_port(scheme: str, hostport: str) -> tuple[str, int] | str:
    """Host and port of an authority without userinfo, or why they are invalid."""
    if hostport.startswith("["):
        host, bracket, port_text = hostport[1:].partition("]")
        if not bracket or (port_text and not port_text.startswith(":")):
            return f"has an invalid IPv6 host {hostport!r}"
        port_text = port_text[1:]
        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return f"has an invalid IPv6 host {hostport!r}"
    else:
        host, _, port_text = hostport.partition(":")
        domain = _domain(host)
        if domain is None:
            return f"has an invalid host {host!r}" if host else "has no host"
        host = domain
    if port_text and not (port_text.isascii() and port_text.isdigit()):
        return f"has an invalid port {port_text!r}"
    port = int(port_text) if port_text else DEFAULT_PORTS[scheme]
    if port > 65535:
        return f"has an invalid port {port_text!r} (at most 65535)"
    return host, port


def _domain(host: str) -> str | None:
    """A host name as browsers send it, or None when it is not a valid one.

    >>> _domain("%31%32%37.0.0.1"), _domain("0x7F.1"), _domain("WWW.Example.com.")
    ('127.0.0.1', '127.0.0.1', 'www.example.com')
    """
    if "%" in host:
        try:
            host = unquote_to_bytes(host).decode("utf-8")
        except UnicodeDecodeError:
            return None
    host = host.lower() if host.isascii() else _idna(host)
    if not host or _FORBIDDEN_IN_HOST.search(host):
        return None
    if host.endswith("."):
        host = host[:-1]
    labels = host.split(".")
    if not all(labels):
        return None  # "a..b", ".a": no browser sends these
    if _ENDS_IN_NUMBER.fullmatch(labels[-1]):
        return _ipv4(labels)
    return host


def _idna(host: str) -> str:
    """A Unicode host as punycode, keeping "ß" and "ς" as browsers do; "" if impossible."""
    host = unicodedata.normalize("NFKC", host).replace("Σ", "σ").lower()
    host = host.replace("\u3002", ".").replace("\uff0e", ".").replace("\uff61", ".")
    labels = []
    try:
        for label in host.split("."):
            if label.isascii():
                labels.append(label)
            elif not _DEVIATIONS.search(label):
                labels.append(label.encode("idna").decode("ascii"))
            else:
                prepped = "".join(p if _DEVIATIONS.fullmatch(p) else _nameprep(p)
                                  for p in _DEVIATIONS.split(label))
                labels.append("xn--" + prepped.encode("punycode").decode("ascii"))
    except UnicodeError:
        return ""
    return ".".join(labels)


def _nameprep(text: str) -> str:
    from encodings.idna import nameprep

    return nameprep(text) if text else text


def _ipv4(parts: list[str]) -> str | None:
    """WHATWG's IPv4 parser: 1 to 4 numbers, each decimal, 0x-hex or 0-octal."""
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        match = _IPV4_NUMBER.fullmatch(part)
        if match is None:
            return None
        hexa, octal, decimal = match.groups()
        numbers.append(int(hexa or "0", 16) if hexa is not None
                       else int(octal, 8) if octal is not None else int(decimal))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    address = numbers[-1] + sum(n * 256 ** (3 - i) for i, n in enumerate(numbers[:-1]))
    return str(ipaddress.IPv4Address(address))


def remove_dot_segments(path: str) -> str:
    """``/a/./b/../c`` as ``/a/c`` (``%2e`` counts as ``.``), as browsers send it."""
    if "." not in path and "%2" not in path:
        return path
    out: list[str] = []
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        dots = segment.lower().replace("%2e", ".")
        last = i == len(segments) - 1
        if dots == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif dots == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)
