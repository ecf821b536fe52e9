"""Logins: cookies and headers reach only their own sites, and no secret is ever written or logged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.middlewares.auth import (
    AuthError,
    AuthMiddleware,
    Cookie,
    Credentials,
    HostHeader,
    parse_header,
    read_cookies,
)
from tests.conftest import linkaudit
from tests.servers import Route, serve_routes
from tests.tlscerts import make_ca, server_context

SECRET = "S3CRET-session-7f1c"
TOKEN = "T0KEN-bearer-91ab"
NEVER = "NEVER-sent-c0ffee"  # a cookie and header for other sites
FAR_FUTURE = 4102444800  # 2100-01-01

NETSCAPE = f"""# Netscape HTTP Cookie File
# https://curl.se/docs/http-cookies.html

.zhihu.com\tTRUE\t/\tTRUE\t{FAR_FUTURE}\tz_c0\t{SECRET}
#HttpOnly_www.douban.com\tFALSE\t/note\tFALSE\t0\tdbcl2\t"123:abc"
weibo.com\tFALSE\t/\tFALSE\t1000\tSUB\texpired-long-ago
"""

COOKIE_EDITOR = [
    {"domain": ".zhihu.com", "expirationDate": FAR_FUTURE, "hostOnly": False, "httpOnly": True,
     "name": "z_c0", "path": "/", "sameSite": "lax", "secure": True, "session": False,
     "storeId": "0", "value": SECRET},
    {"domain": "www.douban.com", "hostOnly": True, "httpOnly": False, "name": "dbcl2",
     "path": "/note", "sameSite": "unspecified", "secure": False, "session": True,
     "storeId": "0", "value": '"123:abc"', "id": 2},
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- reading cookie files ------------------------------------------------------------------


def _summary(cookies: list[Cookie]) -> list[tuple]:
    return [(c.domain, c.name, c.value, c.path, c.secure, c.host_only) for c in cookies]


EXPECTED = [
    ("zhihu.com", "z_c0", SECRET, "/", True, False),
    ("www.douban.com", "dbcl2", '"123:abc"', "/note", False, True),
]


def test_netscape_cookies_txt(tmp_path: Path) -> None:
    cookies = read_cookies(_write(tmp_path, "cookies.txt", NETSCAPE))
    assert _summary(cookies)[:2] == EXPECTED
    assert cookies[0].expires == FAR_FUTURE
    assert cookies[1].expires is None  # 0: a session cookie
    assert cookies[2].expired(now=2000)


@pytest.mark.parametrize("data", [
    COOKIE_EDITOR,
    {"cookies": [  # Playwright's storage state
        {"name": "z_c0", "value": SECRET, "domain": ".zhihu.com", "path": "/",
         "expires": FAR_FUTURE, "httpOnly": True, "secure": True, "sameSite": "Lax"},
        {"name": "dbcl2", "value": '"123:abc"', "domain": "www.douban.com", "path": "/note",
         "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"},
    ], "origins": []},
])
def test_browser_export_json(tmp_path: Path, data: object) -> None:
    cookies = read_cookies(_write(tmp_path, "cookies.json", json.dumps(data, indent=2)))
    assert _summary(cookies) == EXPECTED
    assert (cookies[0].expires, cookies[1].expires) == (FAR_FUTURE, None)


def test_a_file_saved_with_a_bom_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "cookies.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NETSCAPE.encode())
    assert _summary(read_cookies(path))[:2] == EXPECTED


BAD_FILES = [
    # (name, content, what the message must say)
    ("cookies.txt", f"# Netscape HTTP Cookie File\n\n.zhihu.com\tTRUE\t/\tz_c0\t{SECRET}\n",
     ["cookies.txt:3:", "expected 7 tab-separated fields, found 5", "Netscape format"]),
    ("cookies.txt", f".zhihu.com\tYES\t/\tTRUE\t0\tz_c0\t{SECRET}\n",
     ["cookies.txt:1:", "field 2 (include subdomains) must be TRUE or FALSE"]),
    ("cookies.txt", f"\n.zhihu.com\tTRUE\t/\tTRUE\tnext-year\tz_c0\t{SECRET}\n",
     ["cookies.txt:2:", "field 5 (expiry)"]),
    ("cookies.txt", f"z_c0={SECRET}; d_c0=abc; _xsrf=def\n",
     ["cookies.txt:1:", "Cookie header", "--header 'SITE: Cookie: …'"]),
    ("cookies.txt", "# Netscape HTTP Cookie File\n\n", ["cookies.txt:", "holds no cookies"]),
    ("cookies.json", f'[\n  {{"domain": ".zhihu.com", "name": "z_c0",\n   "value": "{SECRET}",}}\n]',
     ["cookies.json:3:", "not valid JSON", "Export → JSON"]),
    ("cookies.json", json.dumps([COOKIE_EDITOR[0], {"name": "a", "value": SECRET}], indent=2),
     ["cookies.json:15:", "cookie #2 has no \"domain\"", "Cookie-Editor"]),
    ("cookies.json", json.dumps({"z_c0": SECRET}), ["cookies.json:1:", "expected a JSON array"]),
]


@pytest.mark.parametrize(("name", "content", "says"), BAD_FILES)
def test_bad_cookie_files_name_the_file_the_line_and_the_fix(
        tmp_path: Path, name: str, content: str, says: list[str]) -> None:
    with pytest.raises(AuthError) as caught:
        read_cookies(_write(tmp_path, name, content))
    message = str(caught.value)
    for words in says:
        assert words in message
    assert SECRET not in message


def test_a_missing_cookie_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(AuthError, match="no such cookie file; export"):
        read_cookies(tmp_path / "nope.txt")


# -- where cookies and headers go -----------------------------------------------------------

COOKIE_CASES = [
    # (cookie, url, sent?)
    (Cookie("zhihu.com", "a", "v"), "https://zhuanlan.zhihu.com/p/1", True),
    (Cookie("zhihu.com", "a", "v"), "https://zhihu.com/", True),
    (Cookie("zhihu.com", "a", "v"), "https://evilzhihu.com/", False),
    (Cookie("zhihu.com", "a", "v"), "https://zhihu.com.evil.example/", False),
    (Cookie("www.douban.com", "a", "v", host_only=True), "https://www.douban.com/", True),
    (Cookie("www.douban.com", "a", "v", host_only=True), "https://m.www.douban.com/", False),
    (Cookie("douban.com", "a", "v", path="/note"), "https://douban.com/note/1", True),
    (Cookie("douban.com", "a", "v", path="/note"), "https://douban.com/note", True),
    (Cookie("douban.com", "a", "v", path="/note"), "https://douban.com/notebook", False),
    (Cookie("douban.com", "a", "v", path="/note/"), "https://douban.com/note/1", True),
    (Cookie("weibo.com", "a", "v", secure=True), "http://weibo.com/", False),
    (Cookie("weibo.com", "a", "v", secure=True), "https://weibo.com/", True),
    (Cookie("weibo.com", "a", "v", expires=1000.0), "https://weibo.com/", False),
    (Cookie("127.0.0.1", "a", "v"), "http://127.0.0.1:8080/p", True),
    (Cookie("0.0.1", "a", "v"), "http://127.0.0.1:8080/p", False),
    # Each rule with a look-alike that must not match.
    (Cookie("example.com", "a", "v"), "https://sub.example.com/", True),
    (Cookie("example.com", "a", "v"), "https://badexample.com/", False),
    (Cookie("example.com", "a", "v", host_only=True), "https://example.com/x", True),
    (Cookie("example.com", "a", "v", host_only=True), "https://www.example.com/x", False),
    (Cookie("example.com", "a", "v", path="/a"), "https://example.com/a/b", True),
    (Cookie("example.com", "a", "v", path="/a"), "https://example.com/ab", False),
    (Cookie("example.com", "a", "v", expires=FAR_FUTURE), "https://example.com/", True),
    (Cookie("example.com", "a", "v", expires=1999.0), "https://example.com/", False),
    (Cookie("127.0.0.1", "a", "v", host_only=True), "http://127.0.0.1/", True),
    (Cookie("127.0.0.1", "a", "v"), "http://127.0.0.2/", False),
    (Cookie("::1", "a", "v"), "http://[::1]:8080/", True),
    (Cookie("::1", "a", "v"), "http://[::2]/", False),
    # http.cookiejar reads a host without a dot as "localhost.local" (RFC 2965) and
    # matches IPs by their last numbers: our policy keeps both to the host itself.
    (Cookie("localhost", "a", "v"), "http://localhost:8080/", True),
    (Cookie("localhost", "a", "v", host_only=True), "http://localhost/", True),
    (Cookie("localhost", "a", "v"), "http://app.localhost/", True),
    (Cookie("localhost", "a", "v", host_only=True), "http://app.localhost/", False),
    (Cookie("localhost", "a", "v"), "http://otherhost/", False),
    # The host is the URL's host: user info is not part of it.
    (Cookie("zhihu.com", "a", "v"), "https://user:pw@zhihu.com/", True),
    (Cookie("zhihu.com", "a", "v"), "https://zhihu.com@evil.example/", False),
    (Cookie("zhihu.com", "a", "v"), "https://WWW.ZhiHu.com/", True),
    (Cookie("zhihu.com", "a", "v"), "https://www.zhihu.com./", True),  # as host_matches reads it
]


@pytest.mark.parametrize(("cookie", "url", "sent"), COOKIE_CASES)
def test_cookies_go_where_a_browser_sends_them(cookie: Cookie, url: str, sent: bool) -> None:
    assert cookie.matches(url, now=2000) is sent


@pytest.mark.parametrize(("cookie", "url", "sent"), [c for c in COOKIE_CASES if c[2]])
def test_a_cookie_goes_only_where_the_certificate_is_verified(
        cookie: Cookie, url: str, sent: bool) -> None:
    # Sending (http.cookiejar's policy) must never reach further than the hosts whose
    # certificates crawler.middlewares.tls verifies (site/scope.host_matches).
    host = urlsplit(url).hostname or ""
    assert Credentials((cookie,)).receives_login(host)


def test_a_cookie_in_two_files_is_sent_once() -> None:
    creds = Credentials((Cookie("example.com", "sid", "old"), Cookie("example.com", "sid", "new")))
    assert creds.for_url("https://example.com/") == [("Cookie", "sid=new")]


def test_longer_paths_come_first_and_headers_only_to_their_host() -> None:
    creds = Credentials(
        (Cookie("example.com", "site", "1"), Cookie("example.com", "post", "2", path="/p")),
        (HostHeader("example.com", "Authorization", "Bearer x"),
         HostHeader("other.example", "X-Other", "y")),
    )
    assert creds.for_url("https://www.example.com/p/1") == [
        ("Authorization", "Bearer x"), ("Cookie", "post=2; site=1")]
    assert creds.for_url("https://other.example/") == [("X-Other", "y")]
    assert creds.for_url("https://third.example/") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("zhihu.com: Authorization: Bearer abc", ("zhihu.com", "Authorization", "Bearer abc")),
    ("  .Weibo.COM :Cookie:  SUB=a; SUBP=b ", ("weibo.com", "Cookie", "SUB=a; SUBP=b")),
    ("*.douban.com: X-Token: a:b:c", ("douban.com", "X-Token", "a:b:c")),
    ("127.0.0.1: X-Token: t", ("127.0.0.1", "X-Token", "t")),
])
def test_header_flags(text: str, expected: tuple[str, str, str]) -> None:
    header = parse_header(text)
    assert (header.host, header.name, header.value) == expected


@pytest.mark.parametrize(("text", "says"), [
    # The host left out: the name and value must not be taken for one.
    (f"Authorization: Bearer {SECRET}", "start with the host"),
    (f"Cookie: z_c0={SECRET}:more", "start with the host"),
    (f"https://zhihu.com: Authorization: {SECRET}", "name a host, not a URL"),
    (f"zhihu.com: Authorization {SECRET}", "expected 'HOST: Name: value'"),
    ("zhihu.com: Authorization:", "the value is empty"),
    (f"zhihu.com: Bad {SECRET}: x", "is not a header name"),
    (f"zhi hu.com: X: {SECRET}", "start with the host"),
])
def test_bad_header_flags_never_repeat_the_value(text: str, says: str) -> None:
    with pytest.raises(AuthError, match=says) as caught:
        parse_header(text)
    assert SECRET not in str(caught.value)


def test_values_never_show_in_a_repr() -> None:
    creds = Credentials((Cookie("zhihu.com", "z_c0", SECRET),),
                        (HostHeader("zhihu.com", "Authorization", TOKEN),))
    shown = repr(creds) + str(creds.headers[0])
    assert "z_c0" in shown
    assert SECRET not in shown
    assert TOKEN not in shown


# -- the downloader middleware ---------------------------------------------------------------


def _middleware(tmp_path: Path, headers: list[str]) -> AuthMiddleware:
    cookies = _write(tmp_path, "cookies.txt", NETSCAPE)
    crawler = get_crawler(scrapy.Spider, {"LINKAUDIT_COOKIES": [str(cookies)],
                                          "LINKAUDIT_HEADERS": headers})
    return AuthMiddleware.from_crawler(crawler)


def test_middleware_adds_the_login_to_matching_requests_only(tmp_path: Path) -> None:
    mw = _middleware(tmp_path, [f"zhihu.com: Authorization: Bearer {TOKEN}"])
    zhihu = scrapy.Request("https://www.zhihu.com/question/1")
    mw.process_request(zhihu)
    assert zhihu.headers.get("Cookie") == f"z_c0={SECRET}".encode()
    assert zhihu.headers.get("Authorization") == f"Bearer {TOKEN}".encode()
    other = scrapy.Request("https://www.csdn.net/")
    mw.process_request(other)
    assert other.headers.get("Cookie") is None
    assert other.headers.get("Authorization") is None


def test_cookies_the_site_set_are_kept(tmp_path: Path) -> None:
    mw = _middleware(tmp_path, [])
    request = scrapy.Request("https://www.zhihu.com/", headers={"Cookie": "z_c0=newer; _xsrf=x"})
    mw.process_request(request)
    assert request.headers.get("Cookie") == b"z_c0=newer; _xsrf=x"


def test_a_request_that_keeps_no_cookies_gets_no_login(tmp_path: Path) -> None:
    mw = _middleware(tmp_path, [f"zhihu.com: Authorization: Bearer {TOKEN}"])
    request = scrapy.Request("https://www.zhihu.com/", meta={"dont_merge_cookies": True})
    mw.process_request(request)
    assert request.headers.get("Cookie") is None
    assert request.headers.get("Authorization") is None


def test_middleware_is_off_without_a_login() -> None:
    with pytest.raises(NotConfigured):
        AuthMiddleware.from_crawler(get_crawler(scrapy.Spider, {}))


# -- end to end -------------------------------------------------------------------------------

PID_COOKIE = "mm_26632258_3504122_32538762"
PID_HEADER = "mm_31415926_5358979_32384626"
LOGIN = ("<!doctype html><html><head><title>登录 - 示例社区</title></head><body>"
         "<form action='/login'>用户名 密码</form><p>请登录后查看全文</p></body></html>")


def _post(pid: str) -> Route:
    return Route(body=("<!doctype html><html><head><meta charset='utf-8'></head><body><article>"
                       f"<a href='https://s.click.taobao.com/t?e=m%3D2&pid={pid}'>领券</a>"
                       "</article></body></html>"))


def _routes() -> dict[str, Route]:
    def cookie_gate(headers: dict[str, str]) -> Route:
        return _post(PID_COOKIE) if f"sid={SECRET}" in headers.get("cookie", "") else Route(body=LOGIN)

    def header_gate(headers: dict[str, str]) -> Route:
        if headers.get("x-auth-token") == TOKEN:
            return _post(PID_HEADER)
        return Route(302, headers={"Location": "/login?redirect=%2Fheader-post"})

    return {"/cookie-post": Route(respond=cookie_gate),
            "/header-post": Route(respond=header_gate),
            "/login": Route(body=LOGIN)}


def _everything_written(folder: Path) -> str:
    """Every file the run wrote, workbooks unzipped, as one string."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
        elif path.is_file():
            parts.append(path.read_text("utf-8", "replace"))
    return "\n".join(parts)


def test_without_a_login_the_gated_posts_are_not_audited(tmp_path: Path) -> None:
    with serve_routes(_routes()) as server:
        report = tmp_path / "out" / "anon.xlsx"
        result = linkaudit("crawl", server.url + "/cookie-post", server.url + "/header-post",
                           "-o", str(report), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    pages = {p["url"]: p for p in map(json.loads, report.with_name(
        "anon.pages.jsonl").read_text("utf-8").splitlines())}
    assert pages[server.url + "/cookie-post"]["error"].startswith(
        "could not audit: login wall (the title is '登录 - 示例社区'); give your login with "
        "--cookies FILE")
    assert pages[server.url + "/header-post"]["error"].startswith(
        "could not audit: login wall (sent to a login page")


def test_with_a_login_the_posts_are_audited_and_no_secret_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "cookies.txt"
    host = "127.0.0.1"
    other.write_text(
        "# Netscape HTTP Cookie File\n"
        f"{host}\tFALSE\t/\tFALSE\t0\tsid\t{SECRET}\n"
        f".example.invalid\tTRUE\t/\tFALSE\t0\tsid\t{NEVER}\n"
        f"{host}\tFALSE\t/admin\tFALSE\t0\tadmin_only\t{NEVER}\n",  # another path
        encoding="utf-8")
    out = tmp_path / "out"
    # A login goes only over verified https: the server's certificate is from a local
    # authority the crawl is told to trust.
    issuer, trusted = make_ca(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))
    with serve_routes(_routes(), server_context(tmp_path, "server", [host], issuer)) as server:
        result = linkaudit(
            "crawl", server.url + "/cookie-post", server.url + "/header-post",
            "--cookies", str(other), "--header", f"{host}: X-Auth-Token: {TOKEN}",
            "--header", f"example.invalid: X-Auth-Token: {NEVER}",
            "-o", str(out / "report.xlsx"), "-v", cwd=tmp_path)
        received = list(server.received)
    assert result.returncode == 1, result.stdout + result.stderr
    found = {json.loads(line)["pid"] for line in
             (out / "report.jsonl").read_text("utf-8").splitlines()}
    assert found == {PID_COOKIE, PID_HEADER}

    # What the server saw: the login for this host, nothing meant elsewhere.
    assert all(h.get("cookie") == f"sid={SECRET}" for h in received), received
    assert all(h.get("x-auth-token") == TOKEN for h in received)
    assert NEVER not in json.dumps(received)

    # Scrapy's log was on (-v); neither it nor any file holds a secret.
    assert "Overridden settings" in result.stderr
    written = _everything_written(out)
    assert "report.run.json" in {p.name for p in out.iterdir()}
    for secret in (SECRET, TOKEN, NEVER):
        assert secret not in result.stdout
        assert secret not in result.stderr
        assert secret not in written


def test_a_bad_cookie_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = _write(tmp_path, "cookies.txt", f"127.0.0.1\tFALSE\t/\tFALSE\tsid\t{SECRET}\n")
    result = linkaudit("crawl", "http://127.0.0.1:9/post", "--cookies", str(bad),
                       "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{bad}:1: expected 7 tab-separated fields, found 6" in result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert not (tmp_path / "r.jsonl").exists()  # nothing was crawled


def test_a_bad_header_flag_is_a_usage_error(tmp_path: Path) -> None:
    result = linkaudit("crawl", "http://127.0.0.1:9/post", "--header", f"X-Token: {TOKEN}",
                       "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 2
    assert "--header" in result.stderr
    assert TOKEN not in result.stderr + result.stdout


# -- only over verified https -------------------------------------------------------------

@pytest.mark.parametrize(("url", "refused_as"), [
    # The zhihu cookie is Secure (never over http anyway); the header is not.
    ("http://www.zhihu.com/question/1", "--header for www.zhihu.com is only sent"),
    ("HTTP://zhihu.com/", "--header for zhihu.com is only sent"),
    ("http://www.douban.com/note/1", "--cookies for www.douban.com is only sent"),
    ("http://www.douban.com:8080/note/1", "--cookies for www.douban.com is only sent"),
    ("https://www.zhihu.com/question/1", None),
    ("https://www.douban.com/note/1", None),
    ("http://www.csdn.net/", None),  # no login for it: fetched as always
])
def test_a_login_never_goes_over_plain_http(tmp_path: Path, url: str,
                                            refused_as: str | None) -> None:
    mw = _middleware(tmp_path, [f"zhihu.com: Authorization: Bearer {TOKEN}"])
    request = scrapy.Request(url)
    if refused_as is None:
        mw.process_request(request)
        return
    with pytest.raises(IgnoreRequest) as caught:
        mw.process_request(request)
    message = str(caught.value)
    assert message.startswith(refused_as)
    assert "over https with a verified certificate" in message
    assert f"plain http ({request.url})" in message
    assert request.headers.get("Authorization") is None
    assert request.headers.get("Cookie") is None
    for secret in (SECRET, TOKEN):
        assert secret not in message


@pytest.mark.parametrize(("host", "receives"), [
    ("zhihu.com", True), ("www.zhihu.com", True), ("www.douban.com", True),
    ("douban.com", False),  # the douban cookie is for www.douban.com
    ("weibo.com", True), ("api.weibo.com", True), ("evilzhihu.com", False), ("csdn.net", False),
])
def test_which_hosts_get_their_certificate_verified(host: str, receives: bool) -> None:
    creds = Credentials((Cookie("zhihu.com", "a", "v"), Cookie("www.douban.com", "b", "v")),
                        (HostHeader("weibo.com", "X", "t"),))
    assert creds.receives_login(host) is receives


def test_a_login_goes_only_to_an_https_server_whose_certificate_verifies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain http, a self-signed certificate and one for another host get nothing."""
    issuer, trusted = make_ca(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))  # read by the crawl's OpenSSL
    cookies = _write(tmp_path, "cookies.txt",
                     f"127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\t{SECRET}\n")
    contexts = {
        "good": server_context(tmp_path, "good", ["127.0.0.1"], issuer),
        "self-signed": server_context(tmp_path, "self", ["127.0.0.1"], None),
        "wrong-host": server_context(tmp_path, "wrong", ["wrong.example"], issuer),
    }
    report = tmp_path / "out" / "report.xlsx"
    with serve_routes(_routes()) as plain, \
            serve_routes(_routes(), contexts["good"]) as good, \
            serve_routes(_routes(), contexts["self-signed"]) as self_signed, \
            serve_routes(_routes(), contexts["wrong-host"]) as wrong_host:
        servers = {"plain": plain, "good": good, "self-signed": self_signed,
                   "wrong-host": wrong_host}
        result = linkaudit(
            "crawl", *(f"{s.url}/header-post" for s in servers.values()),
            "--cookies", str(cookies), "--header", f"127.0.0.1: X-Auth-Token: {TOKEN}",
            "-o", str(report), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr  # the good page has a link

    # Only the properly certified server was sent the login, and it got all of it.
    assert good.received and all(h.get("x-auth-token") == TOKEN and
                                 h.get("cookie") == f"sid={SECRET}" for h in good.received)
    for name in ("plain", "self-signed", "wrong-host"):
        assert SECRET not in json.dumps(servers[name].received), name
        assert TOKEN not in json.dumps(servers[name].received), name
    assert plain.requested == []  # not even asked without the login

    pages = {p["url"]: p for p in map(json.loads, report.with_name(
        "report.pages.jsonl").read_text("utf-8").splitlines())}
    found = {json.loads(line)["page_url"] for line in
             report.with_suffix(".jsonl").read_text("utf-8").splitlines()}
    assert found == {good.url + "/header-post"}
    assert pages[good.url + "/header-post"]["error"] is None
    plain_error = pages[plain.url + "/header-post"]["error"]
    assert plain_error.startswith("not fetched: --header and --cookies for 127.0.0.1 are only "
                                  "sent over https with a verified certificate")
    assert plain.url + "/header-post" in plain_error
    for name in ("self-signed", "wrong-host"):
        error = pages[servers[name].url + "/header-post"]["error"]
        assert "certificate" in error, (name, error)
        assert "--cookies/--header" in error, (name, error)
    assert "not valid for this host" in pages[wrong_host.url + "/header-post"]["error"]
    assert "not issued by an authority this computer trusts" in pages[
        self_signed.url + "/header-post"]["error"]
    for secret in (SECRET, TOKEN):
        assert secret not in result.stdout + result.stderr
