"""Logins for platforms that hide posts from visitors: cookies from a file, headers per host.

``--cookies FILE`` takes a Netscape ``cookies.txt`` or the JSON array that
browser extensions (Cookie-Editor, EditThisCookie) export; ``--header 'HOST:
Name: value'`` adds one header to the requests for HOST and its subdomains.
``AuthMiddleware`` sends each cookie only where a browser would (domain, path,
``Secure``, expiry: the standard library's ``http.cookiejar`` decides, see
``_BrowserPolicy``), and nothing at all over plain http: a page of those hosts at an
``http://`` address is not fetched (a failed page says why), and their https
certificates are verified (``crawler.middlewares.tls``).

Secrets stay out of everything that is written or logged: Scrapy settings
carry the cookie file's path, never its contents; header values and cookie
values are left out of ``repr``; error messages name the file, line and field,
never the value.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import re
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from crawler.site.scope import host_matches, is_ip

__all__ = [
    "AuthError",
    "AuthMiddleware",
    "Cookie",
    "Credentials",
    "HostHeader",
    "expired_cookies",
    "parse_header",
    "read_cookies",
]

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header name (RFC 9110 token)
_HOST = re.compile(r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")
_NETSCAPE_FIELDS = ("domain", "include subdomains", "path", "secure", "expiry", "name", "value")
_NETSCAPE_FIX = ("export the cookies again in Netscape format (7 tab-separated fields: domain, "
                 "include-subdomains, path, secure, expiry, name, value), e.g. with a "
                 "'Get cookies.txt' browser extension")
_JSON_FIX = "export the cookies again as JSON (Cookie-Editor or EditThisCookie: Export → JSON)"
_HEADER_EXAMPLE = "--header 'zhihu.com: Authorization: Bearer …'"


class AuthError(ValueError):
    """A cookie file or ``--header`` that cannot be used; the message says which and how to fix it."""


@dataclass(frozen=True)
class Cookie:
    """One cookie, with the attributes that decide where it is sent."""

    domain: str
    """Lower case, without a leading dot."""
    name: str
    value: str = field(repr=False)
    path: str = "/"
    secure: bool = False
    host_only: bool = False
    """Sent to ``domain`` itself only, not its subdomains."""
    expires: float | None = None
    """Unix time; ``None`` for a session cookie."""

    def expired(self, now: float) -> bool:
        # "<=" as http.cookiejar judges it when sending, so the note and the sending agree.
        return self.expires is not None and self.expires <= now

    def matches(self, url: str, now: float) -> bool:
        """Whether a browser sends this cookie with a request for ``url``.

        >>> c = Cookie("zhihu.com", "z_c0", "secret", path="/p", secure=True)
        >>> [c.matches(u, 0) for u in ("https://zhuanlan.zhihu.com/p/1", "http://zhihu.com/p/1",
        ...                            "https://zhihu.com/people", "https://notzhihu.com/p/1")]
        [True, False, False, False]
        """
        return _cookie_header(_jar_of((self,), now), url) is not None

    def to_jar(self) -> http.cookiejar.Cookie:
        """This cookie as ``http.cookiejar`` holds it (its repr shows the value: never log it)."""
        # As MozillaCookieJar reads cookies.txt: a domain cookie keeps the Domain
        # attribute (leading dot), a host-only cookie has none.
        return http.cookiejar.Cookie(
            version=0, name=self.name, value=self.value, port=None, port_specified=False,
            domain=self.domain if self.host_only else "." + self.domain,
            domain_specified=not self.host_only, domain_initial_dot=not self.host_only,
            path=self.path, path_specified=True, secure=self.secure, expires=self.expires,
            discard=self.expires is None, comment=None, comment_url=None, rest={},
        )


@dataclass(frozen=True)
class HostHeader:
    """A header sent to one host and its subdomains (``--header 'HOST: Name: value'``)."""

    host: str
    name: str
    value: str = field(repr=False)

    def __str__(self) -> str:
        return f"{self.host}: {self.name}: (hidden)"


# -- which cookies a request gets: http.cookiejar's rules, three of them adjusted ----------


class _BrowserPolicy(http.cookiejar.DefaultCookiePolicy):
    """``DefaultCookiePolicy`` made to send cookies as browsers do (and as we always have).

    - A host-only cookie (no Domain attribute) goes to its host only:
      ``DomainStrictNonDomain``; the library's default also sends it to subdomains.
    - An IP address or a name without a dot (``localhost``) gets exactly its own
      cookies. The library reads such a name as ``localhost.local`` (RFC 2965's
      effective host), so localhost would never get its cookies, and it matches IPs
      by their last numbers, so a cookie for ``0.0.1`` would go to ``127.0.0.1``.
    - Expiry is judged at ``now`` when one is given (the jar itself always reads the clock).

    Path, ``Secure`` and domain matching for other hosts are the library's own.
    """

    def __init__(self, now: float | None = None) -> None:
        super().__init__(strict_ns_domain=http.cookiejar.DefaultCookiePolicy.DomainStrictNonDomain)
        self.now = now

    def domain_return_ok(self, domain: str, request: urllib.request.Request) -> bool:
        host = _literal_host(request)
        if host is None:
            return super().domain_return_ok(domain, request)
        return domain.lstrip(".") == host

    def return_ok_domain(self, cookie: http.cookiejar.Cookie,
                         request: urllib.request.Request) -> bool:
        host = _literal_host(request)
        if host is None:
            return super().return_ok_domain(cookie, request)
        return cookie.domain.lstrip(".") == host

    def return_ok_expires(self, cookie: http.cookiejar.Cookie,
                          request: urllib.request.Request) -> bool:
        # None: by the clock; the library counts whole seconds.
        return not cookie.is_expired(None if self.now is None else int(self.now))


def _literal_host(request: urllib.request.Request) -> str | None:
    """The request's host if it is an IP or has no dot (matched exactly), else ``None``."""
    host = request.host.strip("[]")  # the host alone: see _jar_request
    return host if _is_literal(host) else None


@lru_cache(maxsize=256)  # asked once per domain in the jar, for every request
def _is_literal(host: str) -> bool:
    return "." not in host or is_ip(host)


def _jar_request(url: str) -> urllib.request.Request | None:
    """A request for ``url`` as the jar should see it; ``None`` for a URL without a host.

    The jar reads the host from the whole netloc, so user info (``user@zhihu.com``)
    or a trailing dot would hide a host from its cookies; the host alone is given,
    as site/scope's ``host_matches`` (which picks the hosts whose certificates are
    verified) reads it. The port plays no part in cookies.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    return urllib.request.Request(urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")))


def _jar_of(cookies: Iterable[Cookie], now: float | None = None) -> http.cookiejar.CookieJar:
    """A jar holding ``cookies``; a cookie with the same domain, path and name as an
    earlier one replaces it, as in a browser (the later file wins)."""
    jar = http.cookiejar.CookieJar(_BrowserPolicy(now))
    for cookie in cookies:
        jar.set_cookie(cookie.to_jar())  # no policy asked: the files are the user's own
    return jar


def _cookie_header(jar: http.cookiejar.CookieJar, url: str) -> str | None:
    """The ``Cookie`` header ``jar`` gives a request for ``url`` (longer paths first), if any."""
    request = _jar_request(url)
    if request is None:
        return None
    jar.add_cookie_header(request)
    return request.get_header("Cookie")


# -- cookie files ----------------------------------------------------------------------


def read_cookies(path: str | Path) -> list[Cookie]:
    """The cookies in a Netscape ``cookies.txt`` or a browser-export JSON file.

    Raises ``AuthError`` naming the file, the line and the fix.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AuthError(f"{path}: no such cookie file; export your browser's cookies for the "
                        "site (Netscape cookies.txt or JSON) and pass that file") from None
    except UnicodeDecodeError:
        raise AuthError(f"{path}: not a text file; {_NETSCAPE_FIX}") from None
    except OSError as exc:
        raise AuthError(f"{path}: cannot be read ({exc.strerror}); check the path") from None
    stripped = text.lstrip()
    cookies = (_parse_json(text, path) if stripped.startswith(("[", "{"))
               else _parse_netscape(text, path))
    if not cookies:
        raise AuthError(f"{path}: holds no cookies; log in to the site in your browser, then "
                        f"{_NETSCAPE_FIX}")
    return cookies


def _flag(value: str, where: str, index: int) -> bool:
    upper = value.strip().upper()
    if upper not in ("TRUE", "FALSE"):
        raise AuthError(f"{where}: field {index + 1} ({_NETSCAPE_FIELDS[index]}) must be TRUE "
                        f"or FALSE; {_NETSCAPE_FIX}")
    return upper == "TRUE"


def _parse_netscape(text: str, path: Path) -> list[Cookie]:
    cookies = []
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{number}"
        if line.startswith("#HttpOnly_"):
            line = line[len("#HttpOnly_"):]  # curl's mark for HttpOnly cookies, not a comment
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 7:
            fields = line.split(None, 6)  # tabs turned into spaces by a copy and paste
        if len(fields) != 7:
            if "\t" not in line and "=" in line and (";" in line or len(fields) == 1):
                raise AuthError(
                    f"{where}: this looks like a Cookie header copied from the browser, which "
                    "does not say which site it belongs to; pass it as --header 'SITE: Cookie: "
                    f"…' (e.g. zhihu.com) instead, or {_NETSCAPE_FIX}")
            raise AuthError(f"{where}: expected 7 tab-separated fields, found {len(fields)}; "
                            f"{_NETSCAPE_FIX}")
        domain, subdomains, cookie_path, secure, expires, name, value = fields
        domain = domain.strip()
        if not domain or "/" in domain:
            raise AuthError(f"{where}: field 1 (domain) must be a host name such as "
                            f".zhihu.com; {_NETSCAPE_FIX}")
        include_subdomains = _flag(subdomains, where, 1)
        is_secure = _flag(secure, where, 3)
        try:
            expiry = float(expires.strip() or 0)
        except ValueError:
            raise AuthError(f"{where}: field 5 (expiry) must be a Unix time in seconds (0 for a "
                            f"session cookie); {_NETSCAPE_FIX}") from None
        if not name.strip():
            raise AuthError(f"{where}: field 6 (name) is empty; {_NETSCAPE_FIX}")
        cookies.append(Cookie(
            domain=domain.lower().lstrip("."), name=name.strip(), value=value.strip(),
            path=cookie_path.strip() or "/", secure=is_secure,
            host_only=not include_subdomains, expires=expiry or None,
        ))
    return cookies


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _entry_lines(text: str, array_start: int) -> list[int]:
    """The line on which each element of the JSON array at ``array_start`` begins."""
    decoder = json.JSONDecoder()
    lines, i = [], array_start + 1
    ws = re.compile(r"[\s,]*")
    while True:
        i = ws.match(text, i).end()
        if i >= len(text) or text[i] == "]":
            return lines
        lines.append(_line_of(text, i))
        _, i = decoder.raw_decode(text, i)


def _parse_json(text: str, path: Path) -> list[Cookie]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AuthError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); {_JSON_FIX}") from None
    array_start = text.index("[") if isinstance(data, list) else -1
    if isinstance(data, dict) and isinstance(data.get("cookies"), list):
        data = data["cookies"]  # Playwright's storage state and some exporters wrap the array
        m = re.search(r'"cookies"\s*:\s*\[', text)
        array_start = m.end() - 1 if m else -1
    if not isinstance(data, list):
        raise AuthError(f"{path}:1: expected a JSON array of cookies ([{{\"domain\": …, "
                        f"\"name\": …, \"value\": …}}, …]); {_JSON_FIX}")
    lines = _entry_lines(text, array_start) if array_start >= 0 else []
    cookies = []
    for index, entry in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        cookies.append(_json_cookie(entry, f"{path}:{line}", index + 1))
    return cookies


def _json_cookie(entry: Any, where: str, number: int) -> Cookie:
    if not isinstance(entry, dict):
        raise AuthError(f"{where}: cookie #{number} is not an object with domain, name and "
                        f"value; {_JSON_FIX}")
    for key in ("domain", "name", "value"):
        if not isinstance(entry.get(key), str) or (key != "value" and not entry[key].strip()):
            raise AuthError(f"{where}: cookie #{number} has no \"{key}\" text; {_JSON_FIX}")
    domain = entry["domain"].strip()
    if "/" in domain:
        raise AuthError(f"{where}: cookie #{number} ({entry['name']}): \"domain\" must be a host "
                        f"name such as .zhihu.com; {_JSON_FIX}")
    expires = entry.get("expirationDate", entry.get("expires"))
    if entry.get("session") or not isinstance(expires, int | float) or expires <= 0:
        expires = None  # Playwright writes -1 for a session cookie
    host_only = entry.get("hostOnly")
    if not isinstance(host_only, bool):
        host_only = not domain.startswith(".")
    return Cookie(
        domain=domain.lower().lstrip("."), name=entry["name"].strip(), value=entry["value"],
        path=str(entry.get("path") or "/"), secure=bool(entry.get("secure", False)),
        host_only=host_only, expires=float(expires) if expires is not None else None,
    )


# -- headers ---------------------------------------------------------------------------


def parse_header(text: str) -> HostHeader:
    """Read ``--header 'HOST: Name: value'``; the message of an error never repeats the value.

    >>> parse_header("weibo.com: X-Token: abc:def")
    HostHeader(host='weibo.com', name='X-Token')
    """
    host, _, rest = text.partition(":")
    host = host.strip().lower().removeprefix("*.").lstrip(".")
    if rest.startswith("//"):
        raise AuthError(f"--header: name a host, not a URL: {_HEADER_EXAMPLE}")
    name, sep, value = rest.partition(":")
    name, value = name.strip(), value.strip()
    # Only a checked host is ever quoted: with the host left out, the other
    # parts may be pieces of the secret.
    if not _HOST.match(host) or ("." not in host and host != "localhost"):
        raise AuthError("--header: start with the host the header is for ('HOST: Name: "
                        f"value'), e.g. {_HEADER_EXAMPLE}")
    if not sep or not name:
        raise AuthError(f"--header {host}: expected 'HOST: Name: value', e.g. {_HEADER_EXAMPLE}")
    if not _TOKEN.match(name):
        raise AuthError(f"--header {host}: the part after the host is not a header name; "
                        f"{_HEADER_EXAMPLE}")
    if not value or any(c in value for c in "\r\n\0"):
        raise AuthError(f"--header {host}: {name}: the value is empty or holds a line break; "
                        f"{_HEADER_EXAMPLE}")
    return HostHeader(host, name, value)


# -- what a request carries ------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """The user's cookies and per-host headers, and which of them a URL gets."""

    cookies: tuple[Cookie, ...] = ()
    headers: tuple[HostHeader, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.cookies or self.headers)

    @cached_property
    def _jar(self) -> http.cookiejar.CookieJar:
        # Built once, on the first request; expiry is then judged by the clock.
        return _jar_of(self.cookies)

    @classmethod
    def from_settings(cls, settings: Any) -> Credentials:
        """``LINKAUDIT_COOKIES`` (cookie file paths) and ``LINKAUDIT_HEADERS`` (``HOST: Name: value``)."""
        files = settings.get("LINKAUDIT_COOKIES") or []
        headers = settings.get("LINKAUDIT_HEADERS") or []
        return cls.load([files] if isinstance(files, str | Path) else files,
                        [headers] if isinstance(headers, str) else headers)

    @classmethod
    def load(cls, cookie_files: Iterable[str | Path],
             headers: Iterable[str | HostHeader]) -> Credentials:
        cookies = tuple(c for path in cookie_files for c in read_cookies(path))
        parsed = tuple(h if isinstance(h, HostHeader) else parse_header(h) for h in headers)
        return cls(cookies, parsed)

    def receives_login(self, host: str) -> bool:
        """Whether any cookie or header may go to ``host``: then only over verified https.

        >>> Credentials((Cookie("zhihu.com", "z_c0", "s"),)).receives_login("www.zhihu.com")
        True
        >>> Credentials((), (HostHeader("zhihu.com", "X", "t"),)).receives_login("weibo.com")
        False
        """
        return (any(host_matches(host, h.host) for h in self.headers)
                or any(host_matches(host, c.domain) for c in self.cookies))

    def for_url(self, url: str, now: float | None = None) -> list[tuple[str, str]]:
        """Headers to add to a request for ``url``: the per-host ones, then ``Cookie``.

        >>> creds = Credentials((Cookie("zhihu.com", "z_c0", "s1"),),
        ...                     (HostHeader("zhihu.com", "X-Token", "t"),))
        >>> creds.for_url("https://www.zhihu.com/question/1")
        [('X-Token', 't'), ('Cookie', 'z_c0=s1')]
        >>> creds.for_url("https://weibo.com/")
        []
        """
        host = urlsplit(url).hostname or ""
        out = [(h.name, h.value) for h in self.headers if host_matches(host, h.host)]
        cookie = _cookie_header(self._jar if now is None else _jar_of(self.cookies, now), url)
        if cookie:
            out.append(("Cookie", cookie))
        return out


def _merge_cookie_header(existing: str, added: str) -> str:
    """Cookies the site set during the crawl (Scrapy's cookie jar) win over the file's."""
    names = {part.split("=", 1)[0].strip() for part in existing.split(";") if part.strip()}
    extra = [part.strip() for part in added.split(";")
             if part.strip() and part.split("=", 1)[0].strip() not in names]
    return "; ".join([existing.strip(), *extra]) if extra else existing


class AuthMiddleware:
    """Downloader middleware: add the user's cookies and headers to the requests they belong to.

    It runs after Scrapy's ``CookiesMiddleware``, so cookies a site sets during
    the crawl are kept as a browser keeps them. A request with
    ``meta["dont_merge_cookies"]`` (one that must carry no login, such as
    resolving a short link) gets nothing.
    """

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials

    @classmethod
    def from_crawler(cls, crawler: Any) -> AuthMiddleware:
        from scrapy.exceptions import NotConfigured

        credentials = Credentials.from_settings(crawler.settings)
        if not credentials:
            # No message: Scrapy logs a NotConfigured reason as a warning on every run.
            raise NotConfigured
        logger.info("sending %d cookie(s) and %d header(s) to the hosts they belong to",
                    len(credentials.cookies), len(credentials.headers))
        return cls(credentials)

    def process_request(self, request: Any) -> None:
        if request.meta.get("dont_merge_cookies"):
            return
        login = self.credentials.for_url(request.url)
        if login and not request.url.lower().startswith("https://"):
            from scrapy.exceptions import IgnoreRequest

            raise IgnoreRequest(_plain_http_refusal(request.url, login))
        for name, value in login:
            if name.lower() == "cookie" and request.headers.get("Cookie"):
                existing = request.headers.get("Cookie").decode("latin-1")
                value = _merge_cookie_header(existing, value)
            request.headers[name] = value


def _plain_http_refusal(url: str, login: list[tuple[str, str]]) -> str:
    """Why a page of the login's hosts was not fetched; names the flags, never a value."""
    host = urlsplit(url).hostname or url
    flags = []
    if any(name.lower() != "cookie" for name, _ in login):
        flags.append("--header")
    if any(name.lower() == "cookie" for name, _ in login):
        flags.append("--cookies")
    verb = "are" if len(flags) > 1 else "is"
    return (f"{' and '.join(flags)} for {host} {verb} only sent over https with a verified "
            f"certificate, and this page is plain http ({url}): the login must not travel "
            "unencrypted; audit its https:// address instead, or leave the login out if the "
            "page is public")


def expired_cookies(cookies: Sequence[Cookie], now: float | None = None) -> int:
    """How many of ``cookies`` a browser would no longer send."""
    now = time.time() if now is None else now
    return sum(1 for c in cookies if c.expired(now))
