"""A URL commented out with "//" and no space is reported as published (issue 15 §1).

``//https://s.click.taobao.com/…`` in a script is a line comment holding a URL,
not a protocol-relative link to a host called "https": the finding's link is
the URL after the "//", not ``http://https://…`` (the page's scheme glued on).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import find_affiliate_links, find_in_text
from crawler.detect.urls import find_urls
from crawler.localfiles.scan import scan_file

HTTP_PAGE = "http://blog.example.com/posts/1.html"
HTTPS_PAGE = "https://blog.example.com/posts/1.html"
CLICK = "https://s.click.taobao.com/t?e=m%3D2%26s%3DAbC"
PLAIN_CLICK = "http://s.click.taobao.com/t?e=m%3D2%26s%3DAbC"

# How the commented-out URL is written, and the URL as published.
COMMENTED = [
    ("//" + CLICK, CLICK),
    ("//" + PLAIN_CLICK, PLAIN_CLICK),
    ("//" + CLICK.replace("/", "\\/"), CLICK),  # JS-escaped: "//https:\/\/s.click…"
    ("//" + PLAIN_CLICK.replace("/", "\\/"), PLAIN_CLICK),
]


def _links(findings: list) -> list[tuple[str, str]]:
    return [(f.link, f.location) for f in findings]


@pytest.mark.parametrize(("written", "published"), COMMENTED)
@pytest.mark.parametrize("page", [HTTP_PAGE, HTTPS_PAGE])
def test_a_url_commented_out_in_a_script_is_the_url_after_the_slashes(
        written: str, published: str, page: str) -> None:
    html = f"<html><body><script>\nvar a = 1;\n{written}\nvar b = 2;\n</script></body></html>"
    findings = find_affiliate_links(html, page)
    assert _links(findings) == [(published, "script")]
    assert findings[0].line == 3


@pytest.mark.parametrize(("written", "published"), COMMENTED)
def test_a_url_commented_out_in_an_html_comment_is_the_url_after_the_slashes(
        written: str, published: str) -> None:
    findings = find_affiliate_links(f"<p>old link <!--{written}--></p>", HTTP_PAGE)
    assert _links(findings) == [(published, "comment")]


@pytest.mark.parametrize(("written", "published"), COMMENTED)
def test_a_url_commented_out_in_text_is_the_url_after_the_slashes(
        written: str, published: str) -> None:
    assert _links(find_in_text(f"var a;\n{written}\n", "file:///site/a.js")) == [(published, "text")]


@pytest.mark.parametrize(("name", "body"), [
    ("ad.js", "var a = 1;\n//{url}\n"),
    ("post.md", "# Old post\n\n//{url}\n"),
])
@pytest.mark.parametrize(("written", "published"), COMMENTED)
def test_a_url_commented_out_in_a_local_file_is_the_url_after_the_slashes(
        tmp_path: Path, name: str, body: str, written: str, published: str) -> None:
    path = tmp_path / name
    path.write_text(body.replace("//{url}", written), encoding="utf-8")
    [result] = scan_file(path, tmp_path)
    assert [(f["link"], f["line"]) for f in result.findings] == [(published, 2 if name == "ad.js" else 3)]


# Look-alikes: what stays as it was.

@pytest.mark.parametrize(("page", "link"), [
    (HTTP_PAGE, "http://s.click.taobao.com/t?e=m%3D2%26s%3DAbC"),
    (HTTPS_PAGE, "https://s.click.taobao.com/t?e=m%3D2%26s%3DAbC"),
])
def test_a_real_protocol_relative_link_in_a_script_still_takes_the_page_scheme(
        page: str, link: str) -> None:
    html = '<script>var u = "//s.click.taobao.com/t?e=m%3D2%26s%3DAbC";</script>'
    assert _links(find_affiliate_links(html, page)) == [(link, "script")]


def test_a_commented_url_after_a_space_is_unchanged() -> None:
    html = f"<script>// {CLICK}\n</script>"
    assert _links(find_affiliate_links(html, HTTP_PAGE)) == [(CLICK, "script")]


@pytest.mark.parametrize(("text", "urls"), [
    # A host named like a scheme is a host: no "://" follows it.
    ("see http://https.example/x and //https.example/y", ["http://https.example/x", "//https.example/y"]),
    # A port after a protocol-relative host is no scheme either.
    ("//cdn.example:8080/a.js", ["//cdn.example:8080/a.js"]),
    ("//localhost:8080//x", ["//localhost:8080//x"]),
    # A scheme before the "//" keeps the URL whole, as a browser reads it.
    ("https://https://s.click.taobao.com/t", ["https://https://s.click.taobao.com/t"]),
    # The fix: the URL starts at its own scheme, encoded or not.
    ("//https://u.jd.com/AbC123", ["https://u.jd.com/AbC123"]),
    ("//https%3A%2F%2Fu.jd.com%2FAbC123", ["https%3A%2F%2Fu.jd.com%2FAbC123"]),
    ("//taobao://m.tb.cn/h.ffKfhIt", ["taobao://m.tb.cn/h.ffKfhIt"]),
])
def test_urls_found_around_a_protocol_relative_start(text: str, urls: list[str]) -> None:
    assert [text[a:b] for a, b in find_urls(text)] == urls


def test_a_look_alike_host_named_https_is_not_a_finding() -> None:
    assert find_affiliate_links("<script>//https.example/t?e=1\n</script>", HTTP_PAGE) == []
