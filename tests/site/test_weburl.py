"""crawler.site.weburl: every crawl decision reads a URL the way the downloader sends it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import scrapy

from crawler.site.canonical import canonical_url
from crawler.site.scope import SiteScope, allowed_host, in_scope, is_loopback, scope_key
from crawler.site.weburl import Refusal, WebURL, parse_web_url

# (link as written, URL requested) — browsers and Scrapy read these the same way.
NORMALISED = [
    ("http://%31%32%37.0.0.1/", "http://127.0.0.1/"),  # percent-encoded host
    ("http://b\u00fccher.example/", "http://xn--bcher-kva.example/"),  # IDN
    ("https://fa\u00df.example/", "https://xn--fa-hia.example/"),  # ß kept, as browsers do
    ("HTTP://WWW.Example.COM/Path", "http://www.example.com/Path"),  # host case only
    ("http://example.com./a", "http://example.com/a"),  # trailing dot
    ("http://2130706433/", "http://127.0.0.1/"),  # decimal IPv4
    ("http://0x7f.1/", "http://127.0.0.1/"),  # hex and short IPv4
    ("http://0177.0.0.01/", "http://127.0.0.1/"),  # octal IPv4
    ("http://example.com:0080/", "http://example.com/"),  # default port, leading zeros
    ("https://example.com:443/", "https://example.com/"),
    ("http://example.com:8080", "http://example.com:8080/"),
    ("http://example.com:/x", "http://example.com/x"),  # empty port
    ("http://exa\tmple.com/", "http://example.com/"),  # tab inside the host
    ("http://exam\nple.com/a\r\n", "http://example.com/a"),  # newlines anywhere
    ("  http://example.com/a \x00", "http://example.com/a"),  # leading/trailing C0 and space
    ("http://example.com/a\\b\\c?x=\\", "http://example.com/a/b/c?x=\\"),  # "\" in the path
    ("http://example.com/a/./b/../c", "http://example.com/a/c"),  # dot segments
    ("http://example.com/a/%2e%2E/c", "http://example.com/c"),
    ("http://example.com/p#frag", "http://example.com/p"),  # fragment never sent
    ("http://[::FFFF:127.0.0.1]:81/", "http://[::ffff:7f00:1]:81/"),  # IPv6
]

# (link, words in the reason) — never requested: read two ways, or not a page at all.
REFUSED = [
    # Browser: host 127.0.0.1:8002 ("\" ends the authority); urlsplit: 127.0.0.1:8001.
    ("http://127.0.0.1:8002\\@127.0.0.1:8001/x", "in a browser but as http://127.0.0.1:8001"),
    ("https://s.click.taobao.com\\@127.0.0.1/", "in a browser but as https://127.0.0.1"),
    ("http://169.254.169.254\\@127.0.0.1/", "in a browser but as http://127.0.0.1"),
    ("http://example.com\\.evil.example/", "no valid host"),
    ("http:\\\\example.com/a", "no valid host"),  # browsers: http://example.com/a
    ("http:/example.com", "no valid host"),
    ("http:///example.com", "no valid host"),
    ("http:example.com", "no valid host"),
    # userinfo, however spelt: which host it is differs between parsers
    ("http://user:pass@example.com/", "user name or password"),
    ("http://example.com@127.0.0.1/", "user name or password"),
    ("http://127.0.0.1:8002%5C@127.0.0.1:8001/", "user name or password"),
    ("http://a@b@example.com/", "user name or password"),
    ("http://@example.com/", "user name or password"),
    ("http://exa\x01mple.com/", "control characters"),
    ("http://example.com:65536/", "invalid port"),
    ("http://example.com:8a/", "invalid port"),
    ("http://example.com:80:80/", "invalid port"),
    ("http://1.2.3.256/", "invalid host"),
    ("http://0x100000000/", "invalid host"),
    ("http://a..b/", "invalid host"),
    ("http://exa%2fmple.com/", "invalid host"),  # a "/" once decoded
    ("http://exa%zzmple.com/", "invalid host"),
    ("http://a b/", "invalid host"),
    ("http://[::1/", "invalid IPv6"),
    ("http:///", "no host"),
    ("javascript:alert(1)", "not an http(s) URL"),
    ("data:text/html,<a href=http://x/>", "not an http(s) URL"),
    ("ftp://example.com/", "not an http(s) URL"),
    ("//example.com/", "not an absolute URL"),
    ("/relative/path", "not an absolute URL"),
]


@pytest.mark.parametrize(("link", "requested"), NORMALISED)
def test_links_are_read_as_browsers_read_them(link: str, requested: str) -> None:
    parsed = parse_web_url(link)
    assert isinstance(parsed, WebURL), parsed
    assert parsed.url == requested


@pytest.mark.parametrize(("link", "requested"), NORMALISED)
def test_scrapy_sends_the_host_and_port_every_check_read(link: str, requested: str) -> None:
    parsed = parse_web_url(link)
    assert isinstance(parsed, WebURL)
    sent = urlsplit(scrapy.Request(parsed.url).url)
    assert (sent.hostname, sent.port or {"http": 80, "https": 443}[sent.scheme]) == (
        parsed.host.strip("[]"), parsed.port)
    # and what scope and canonical checks read is that same host
    assert canonical_url(link) == requested
    assert scope_key(link) == scope_key(requested)


@pytest.mark.parametrize(("link", "why"), REFUSED)
def test_urls_read_two_ways_are_refused(link: str, why: str) -> None:
    refusal = parse_web_url(link)
    assert isinstance(refusal, Refusal), refusal
    assert why in refusal.reason
    assert refusal.url == link


@pytest.mark.parametrize(("link", "why"), REFUSED)
def test_a_refused_url_is_in_no_scope(link: str, why: str) -> None:
    for key in ("127.0.0.1:8001", "127.0.0.1:80", "example.com", "127.0.0.1:443"):
        assert not in_scope(link, key)
        assert not SiteScope(key, ("example.com", "127.0.0.1")).contains(link)


def test_a_refusal_names_both_readings() -> None:
    refusal = parse_web_url("http://127.0.0.1:8002\\@127.0.0.1:8001/x")
    assert isinstance(refusal, Refusal)
    assert refusal.readings == ("http://127.0.0.1:8002", "http://127.0.0.1:8001")
    assert refusal.ambiguous
    not_a_page = parse_web_url("mailto:a@example.com")
    assert isinstance(not_a_page, Refusal)
    assert not not_a_page.ambiguous


@pytest.mark.parametrize(("link", "key"), [
    ("http://2130706433:8001/", "127.0.0.1:8001"),
    ("http://%31%32%37.0.0.1:8001/", "127.0.0.1:8001"),
    ("http://B\u00fccher.DE./", "xn--bcher-kva.de"),
    ("http://WWW.EXAMPLE.co.uk:0080/", "example.co.uk"),
])
def test_scope_reads_the_host_the_request_goes_to(link: str, key: str) -> None:
    assert scope_key(link) == key
    assert in_scope(link, key)


def test_loopback_in_any_spelling() -> None:
    assert is_loopback("http://0x7f.1:8000/")
    assert is_loopback("http://2130706433/")
    assert not is_loopback("http://127.0.0.1\\@example.com/")  # refused: no host at all


def test_allowed_hosts_match_links_in_any_spelling() -> None:
    scope = SiteScope("blog.example", (allowed_host("B\u00fccher.Example"),))
    assert scope.contains("https://www.xn--bcher-kva.example/a")
    assert scope.contains("https://www.b\u00fccher.example/a")
