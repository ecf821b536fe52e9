"""An affiliate link is read where a browser goes, however it is spelt (issue 12 §2).

A browser takes "\\" for "/", drops tabs and newlines, decodes, lower-cases and
IDNA-maps the host and takes it after the user name; urlsplit and urljoin do
none of that. Detection reads each link the browser's way (crawler.site.weburl), so
a spelling can neither hide an affiliate link nor pass a look-alike for one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect import audit_page, find_affiliate_links, find_in_url
from crawler.detect.links import absolute
from crawler.detect.urls import host_of
from tests.conftest import TESTS, linkaudit
from tests.site.test_url_differentials import read_jsonl, recording_proxy

PID = "mm_28765431_45872103_109876543210"
CLICK = "e=m%3D2%26s%3Dabc"
HTTPS_PAGE = "https://blog.example.com/posts/1.html"
HTTP_PAGE = "http://blog.example.com/posts/1.html"


def _found(href: str, page: str) -> list[tuple[str, str]]:
    """``(network, rule)`` of each finding of a page holding one link, written as a
    page would write it (markup-escaped, so "&#9;" stays a character reference)."""
    value = href if "&#" in href else html.escape(href)
    return [(f.network, f.rule) for f in find_affiliate_links(f'<p><a href="{value}">buy</a></p>', page)]


# A browser opens the affiliate host in each: a finding of that network.
AFFILIATE_SPELLINGS = [
    (f"http:\\\\s.click.taobao.com\\t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"\\\\s.click.taobao.com\\t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"/\\s.click.taobao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"http:/\\s.click.taobao.com/t?{CLICK}", HTTP_PAGE, "taobao-click"),
    (f"https:/s.click.taobao.com/t?{CLICK}", HTTP_PAGE, "taobao-click"),  # another scheme: a host follows
    (f"https:s.click.taobao.com/t?{CLICK}", HTTP_PAGE, "taobao-click"),
    (f"https://S.CLICK.TAOBAO.COM./t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://s.click.taobao.com%2E/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://s.click.taoba%6F.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://s.click.tao\tbao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://s.click.\ntaobao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://s.click.tao&#9;bao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),  # a tab, as a reference
    (f"https://s.click.taobao&#10;.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"https://ｓ.ｃｌｉｃｋ.taobao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),  # full-width letters
    (f"https://s。click。taobao。com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),  # ideographic full stops
    (f"https://uland.taobao.com\\coupon/edetail?e=x&pid={PID}", HTTPS_PAGE, "taobao-coupon"),
    (f"https://evil.example@uland.taobao.com/coupon/edetail?e=x&pid={PID}", HTTPS_PAGE, "taobao-coupon"),
    (f"https://evil.example:pw@s.click.taobao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),
    (f"http://evil.example%5C@s.click.taobao.com/t?{CLICK}", HTTPS_PAGE, "taobao-click"),  # "%5C" is no "\"
    ("https://u.jd.com\\AbC123", HTTPS_PAGE, "jd-short"),
    ("//U.JD.COM./AbC123", HTTPS_PAGE, "jd-short"),
]


@pytest.mark.parametrize(("href", "page", "rule"), AFFILIATE_SPELLINGS)
def test_a_spelling_a_browser_opens_is_found(href: str, page: str, rule: str) -> None:
    found = _found(href, page)
    assert len(found) == 1 and found[0][1] == rule, found


@pytest.mark.parametrize(("href", "page", "rule"), [
    case for case in AFFILIATE_SPELLINGS  # absolute, and no markup (a header has no "&#9;")
    if case[0].lower().startswith(("http:", "https:")) and "&#" not in case[0]])
def test_a_redirect_to_such_a_spelling_is_found(href: str, page: str, rule: str) -> None:
    # A Location header the spider has made absolute: the browser reads it the same way.
    assert [f.rule for f in find_in_url(href, page)] == [rule]


# Look-alikes: a browser opens another host (or none), so no finding by host.
LOOK_ALIKES = [
    (f"http://evil.example\\@s.click.taobao.com/t?{CLICK}", HTTPS_PAGE),  # host evil.example
    (f"http://evil.example&#92;@s.click.taobao.com/t?{CLICK}", HTTPS_PAGE),  # &#92; is "\"
    (f"http://evil.example\t\\@s.click.taobao.com/t?{CLICK}", HTTPS_PAGE),
    (f"https:/s.click.taobao.com/t?{CLICK}", HTTPS_PAGE),  # the same scheme: a path on the blog
    (f"https:s.click.taobao.com/t?{CLICK}", HTTPS_PAGE),  # …relative to the post
    (f"https://s.click.taobao.com.evil.example/t?{CLICK}", HTTPS_PAGE),
    (f"https://s.click.taobao.com%2F.evil.example/t?{CLICK}", HTTPS_PAGE),  # "/" in a host: no URL
    (f"https://s.click.taobao.com%252E/t?{CLICK}", HTTPS_PAGE),  # "%" in a host: no URL
    (f"https://evil.example/s.click.taobao.com\\t?{CLICK}", HTTPS_PAGE),
]


@pytest.mark.parametrize(("href", "page"), LOOK_ALIKES)
def test_a_look_alike_a_browser_opens_elsewhere_is_not_found(href: str, page: str) -> None:
    assert _found(href, page) == []


@pytest.mark.parametrize(("url", "host", "path"), [
    ("http://s.click.taobao.com\\@evil.example/t?e=1", "s.click.taobao.com", "/@evil.example/t"),
    ("http://evil.example\\@s.click.taobao.com/t?e=1", "evil.example", "/@s.click.taobao.com/t"),
    ("http://127.0.0.1:8002\\@127.0.0.1:8001/x", "127.0.0.1", "/@127.0.0.1:8001/x"),
    ("https://evil.example@uland.taobao.com/coupon/edetail", "uland.taobao.com", "/coupon/edetail"),
    ("https://s.click.taobao.com/a/../t", "s.click.taobao.com", "/t"),
    ("https://S.Click.TaoBao.com.:443/t", "s.click.taobao.com", "/t"),
    ("https://xn--bcher-kva.example/", "xn--bcher-kva.example", "/"),
    ("https://Bücher.example/", "xn--bcher-kva.example", "/"),
    ("http://0x7f.1/", "127.0.0.1", "/"),
    ("https://a..b/", "", ""),
    ("https://s.click.taobao.com:99999/t", "", ""),
    ("taobao://m.tb.cn/h.abc", "m.tb.cn", "/h.abc"),  # an app scheme: as urlsplit reads it
])
def test_host_and_path_are_the_browsers(url: str, host: str, path: str) -> None:
    from crawler.detect.urls import host_and_path

    assert host_of(url) == host
    assert host_and_path(url) == (host, path)


_SCHEMES = st.sampled_from(["http://", "https://", "HTTP://", "http:\\\\", "https:", "http:/", "//"])
_HOST_PARTS = st.lists(st.sampled_from(
    ["s", "click", "taobao", "com", ".", "-", "Tao", "0x7f", "1", "255", "%2e", "%6F", "%", "@",
     "\\", "\t", "\n", " ", "ｓ", "。", "ß", ":", ":80", ":99999", ":0", "[::1]", "_", "xn--"]),
    min_size=1, max_size=8).map("".join)
_PATHS = st.lists(st.sampled_from(["/", "t", ".", "..", "%2e", "\\", "?", "#", "@", "e=1", " "]),
                  max_size=6).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_SCHEMES, _HOST_PARTS, _PATHS)
def test_the_shortcut_reads_as_the_full_browser_reading(scheme: str, host: str, path: str) -> None:
    # host_and_path skips the WHATWG reading where urlsplit cannot differ from it;
    # wherever it does, the answer must be the same.
    from crawler.detect.urls import host_and_path
    from crawler.site.weburl import read_web_url

    url = scheme + host + path
    reading = read_web_url(url)
    if reading is not None:
        assert host_and_path(url) == (reading.host, reading.path)
    elif url.lower().startswith(("http:", "https:")):
        assert host_and_path(url) == ("", "")


# -- joining a page's relative links ------------------------------------------------------


def _whatwg_cases() -> list[dict]:
    data = json.loads((TESTS / "fixtures" / "whatwg_url_joins.json").read_text(encoding="utf-8"))
    return data["cases"]


@pytest.mark.parametrize("case", _whatwg_cases(), ids=lambda c: repr(c["input"]))
def test_links_join_as_the_whatwg_url_tests_say(case: dict) -> None:
    from crawler.site.weburl import DEFAULT_PORTS, read_web_url

    reading = read_web_url(absolute(case["input"], case["base"]))
    if case.get("failure"):
        assert reading is None
        return
    assert reading is not None
    port = "" if reading.port == DEFAULT_PORTS[reading.scheme] else str(reading.port)
    search = f"?{reading.query}" if reading.query else ""
    assert (reading.host, port, reading.path, search) == (
        case["hostname"], case["port"], case["pathname"], case["search"])


def test_the_links_a_page_gives_the_crawler_go_where_a_browser_goes() -> None:
    from crawler.site.weburl import read_web_url

    page = ('<a href="\\\\other.example\\x">a</a> <a href="http:\\\\other.example/y">b</a>'
            '<a href="/\\other.example/z">c</a> <a href="https:other.example/w">d</a>'
            '<a href="\\local">e</a> <a href="http:other.example/v">f</a>')
    links = audit_page(page, HTTP_PAGE, want_links=True).links
    assert [(r.host, r.path) for r in map(read_web_url, links) if r] == [
        ("other.example", "/x"), ("other.example", "/y"), ("other.example", "/z"),
        ("other.example", "/w"), ("blog.example.com", "/local"),
        ("blog.example.com", "/posts/other.example/v")]


# -- end to end: recorded, never requested ----------------------------------------------------


def test_a_crawl_records_affiliate_links_spelt_for_the_browser_and_requests_none(
        tmp_path: Path) -> None:
    # Through a recording proxy: any request for an affiliate host would show there
    # (and go no further); only the site's own pages may be asked for.
    spellings = [
        f"http:\\\\s.click.taobao.com\\t?{CLICK}",
        f"\\\\s.click.taobao.com\\t?{CLICK}",
        f"https://uland.taobao.com\\coupon/edetail?e=x&amp;pid={PID}",
        f"https://evil.example@uland.taobao.com/coupon/edetail?e=y&amp;pid={PID}",
        f"https://s.click.taoba%6F.com/t?{CLICK}",
        f"https://ｓ.click.taobao.com/t?{CLICK}",
        f"https://s.click.tao\tbao.com/t?{CLICK}",
    ]
    site = {"/": ""}
    with recording_proxy(site) as (base, asked):
        origin = base.removeprefix("http://")
        site["/"] = "\n".join(f'<p><a href="{link}">buy {i}</a></p>' for i, link in enumerate(spellings))
        site["/"] += f'\n<p><a href="http://evil.example\\@s.click.taobao.com/t?{CLICK}">not</a></p>'
        report = tmp_path / "r.xlsx"
        result = linkaudit("crawl", base + "/", "-o", str(report), cwd=tmp_path, proxy=base)
        seen = list(asked)
    assert "Traceback" not in result.stderr, result.stderr
    assert seen, "the crawl did not go through the proxy"
    assert {urlsplit(url).netloc for url in seen} == {origin}, seen
    rows = read_jsonl(report.with_suffix(".jsonl"))
    found = sorted((row["line"], row["network"], row["rule"]) for row in rows)
    assert found == [(i + 1, "taobao", "taobao-coupon" if "uland" in link else "taobao-click")
                     for i, link in enumerate(spellings)], rows
