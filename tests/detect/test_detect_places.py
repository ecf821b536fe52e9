"""Where a finding sits and what it says: location, line, link, unwrapped URL, context."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect import audit_page, find_affiliate_links, find_in_text, find_in_url

PAGE = "https://blog.example.com/posts/1.html"
PID = "mm_28765431_45872103_109876543210"


def one(html: str):
    findings = find_affiliate_links(html, PAGE)
    assert len(findings) == 1, findings
    return findings[0]


def test_anchor_finding_reports_attribute_line_path_and_anchor_text() -> None:
    f = one(f'<html><body>\n<div class="post">\n<p>买它：<a href="https://uland.taobao.com/coupon/edetail?e=x&amp;pid={PID}&amp;af=1">领券购买</a></p>\n</div></body></html>')
    assert (f.location, f.line, f.path, f.context) == ("a[href]", 3, "html>body>div.post>p>a", "领券购买")
    assert f.link == f"https://uland.taobao.com/coupon/edetail?e=x&pid={PID}&af=1"
    assert (f.pid, f.member_id, f.site_id, f.adzone_id) == (PID, "28765431", "45872103", "109876543210")
    assert f.confidence == "id visible"
    assert f.rule == "taobao-coupon"


def test_wrapped_link_keeps_the_published_url_and_the_unwrapped_one() -> None:
    f = one('<a href="https://link.zhihu.com/?target=https%3A//s.click.taobao.com/AbC1234">x</a>')
    assert f.link.startswith("https://link.zhihu.com/")
    assert f.unwrapped == "https://s.click.taobao.com/AbC1234"
    assert f.confidence == "affiliate host, id hidden"


def test_relative_wrapper_on_own_site_is_made_absolute() -> None:
    f = one('<a href="/go?url=https%3A%2F%2Fs.click.taobao.com%2FAbC1234">x</a>')
    assert f.link == "https://blog.example.com/go?url=https%3A%2F%2Fs.click.taobao.com%2FAbC1234"


def test_protocol_relative_link_gets_the_page_scheme() -> None:
    assert one('<img src="//s.click.taobao.com/AbC1234">').link == "https://s.click.taobao.com/AbC1234"


def test_script_finding_line_counts_lines_inside_the_script() -> None:
    f = one('<script>\nvar a = 1;\nvar b = "https:\\/\\/s.click.taobao.com\\/t?e=m%3D2";\n</script>')
    assert (f.location, f.line, f.kind) == ("script", 3, "click link")


def test_comment_and_text_locations() -> None:
    html = ("<p>复制这段描述￥Kx7pQ2mWd9Z￥后咑閞淘宝</p>\n"
            "<!-- <a href='https://s.click.taobao.com/AbC1234'>old</a> -->")
    got = [(f.kind, f.location, f.line) for f in find_affiliate_links(html, PAGE)]
    assert got == [("token", "text", 1), ("short link", "comment", 2)]


def test_link_text_repeating_its_href_is_one_finding() -> None:
    one('<a href="https://s.click.taobao.com/AbC1234">https://s.click.taobao.com/AbC1234</a>')


def test_each_occurrence_is_a_row() -> None:
    html = '<a href="https://s.click.taobao.com/AbC1234">a</a><a href="https://s.click.taobao.com/AbC1234">b</a>'
    assert len(find_affiliate_links(html, PAGE)) == 2


def test_same_pid_in_many_json_links_is_many_findings() -> None:
    items = ",".join(f'"https://ai.taobao.com/?pid={PID}&id={i}"' for i in range(3))
    assert len(find_affiliate_links(f"<script>var links=[{items}];</script>", PAGE)) == 3


def test_character_references_do_not_hide_a_host() -> None:
    f = one('<a href="https://s&#46;click&#46;taobao&#46;com/AbC1234">x</a>')
    assert f.kind == "short link"


def test_plain_text_document_gets_line_numbers() -> None:
    text = "# 好物清单\n\n- 耳机 https://s.click.taobao.com/AbC1234\n- 口令 ￥Kx7pQ2mWd9Z￥ 复制打开淘宝\n"
    assert [(f.kind, f.line) for f in find_affiliate_links(text, "file:///blog/list.md")] == [
        ("short link", 3), ("token", 4)]
    assert [f.kind for f in find_in_text(text, "file:///x")] == ["short link", "token"]


def test_redirect_location_is_a_finding() -> None:
    [f] = find_in_url("https://s.click.taobao.com/t?e=m%3D2", "https://blog.example.com/go/1")
    assert (f.location, f.kind, f.page_url) == ("redirect", "click link", "https://blog.example.com/go/1")


def test_audit_page_lists_links_to_follow_and_refresh() -> None:
    audit = audit_page('<meta http-equiv="Refresh" content="3; URL=/next.html"><base href="/sub/">'
                       '<a href="a.html#top">a</a><area href="/m.html"><iframe src="f.html"></iframe>',
                       PAGE, want_links=True)
    assert audit.links == ["https://blog.example.com/sub/a.html#top", "https://blog.example.com/m.html",
                           "https://blog.example.com/sub/f.html"]
    assert audit.refresh == "https://blog.example.com/next.html"


def test_xml_declaration_and_empty_documents() -> None:
    assert find_affiliate_links("", PAGE) == []
    assert find_affiliate_links("   ", PAGE) == []
    xml = '<?xml version="1.0" encoding="utf-8"?><html><a href="https://s.click.taobao.com/AbC1234">x</a></html>'
    assert one(xml).kind == "short link"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    find_affiliate_links(text, PAGE)


_FRAGMENTS = st.sampled_from([
    "<a href='", "'>", "</a>", "<script>", "</script>", "<!--", "-->", "<p>", "&amp;", "&#",
    "https://s.click.taobao.com/", "t?e=", "mm_12345678_1_2", "%3A%2F%2F", "%25", "\\u0026",
    "￥", "€", "AbCdEfGhIjK", "?pid=", "ali_trackid=2:", "//", "<form action=", "biz-itemid=",
    "alimama_pid=", "tanx-a-", "\x00", "\ud800", "<?xml", "<![CDATA[",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=40))
def test_never_raises_on_html_like_soup(parts: list[str]) -> None:
    html = "".join(parts)
    audit_page(html, PAGE, want_links=True)
    find_in_url(html, PAGE)


def test_every_place_a_link_can_live() -> None:
    short = "https://s.click.taobao.com/AbC1234"
    page = f"""<html><head>
<meta property="og:url" content="{short}">
<style>.buy {{ background: url({short}) }}</style>
<title>看 {short}</title>
</head><body>
<div style="background-image:url('{short}')"></div>
<img srcset="/a.png 1x, {short} 2x" alt="buy at {short}">
<A HREF="javascript:window.open('{short}')">open</A>
<a href="https://s.click.taobao.com/
AbC1234">newline inside the attribute</a>
<noscript><a href={short}>noscript</a></noscript>
<textarea>{short}</textarea>
<button data-url="{short}" onclick="location.href='{short}'">go</button>
<form action="{short}"><button formaction="{short}">x</button></form>
<video poster="{short}"></video><blockquote cite="{short}"></blockquote>
<script type="application/ld+json">{{"url": "{short}"}}</script>
</body></html>"""
    locations = sorted(f.location for f in find_affiliate_links(page, PAGE))
    assert locations == sorted([
        # one element holding the same link twice (srcset and alt) is one finding
        "meta[content]", "style", "title", "div[style]", "img[srcset]", "a[href]",
        "a[href]", "a[href]", "textarea", "button[data-url]", "form[action]",
        "button[formaction]", "video[poster]", "blockquote[cite]", "script",
    ])
    js = next(f for f in find_affiliate_links(page, PAGE) if f.link.startswith("javascript:"))
    assert js.unwrapped == short


def test_clean_pages_take_the_fast_path_with_the_same_links() -> None:
    body = ('<base href="/sub/"><meta http-equiv="REFRESH" content="0; url=/n.html">'
            '<a href="a.html">a</a><AREA HREF="/m.html"><iframe src="f.html"></iframe>')
    clean = audit_page(body + "<p>$(document).ready()</p>", PAGE, want_links=True)
    dirty = audit_page(body + "<p>mm_12345678_1_2</p>", PAGE, want_links=True)
    assert clean.findings == []
    assert len(dirty.findings) == 1
    assert clean.links == dirty.links == ["https://blog.example.com/sub/a.html",
                                          "https://blog.example.com/m.html",
                                          "https://blog.example.com/sub/f.html"]
    assert clean.refresh == dirty.refresh == "https://blog.example.com/n.html"


@pytest.mark.parametrize(("html", "line"), [
    # Text after an element that spans lines starts where the element ends.
    ("<div>\n<p>one</p>\n</div>\nafter: https://s.click.taobao.com/AbC1234", 4),
    ("<div>\n<p>one\n</p>\n</div>\nafter:\n https://s.click.taobao.com/AbC1234\n<p>x</p>", 6),
    ("<p>a</p><!-- a\ncomment\n-->\n\nhttps://s.click.taobao.com/AbC1234 <b>x</b>", 5),
])
def test_text_after_a_multi_line_element_gets_its_own_line(html: str, line: int) -> None:
    assert [f.line for f in find_affiliate_links(html, PAGE)] == [line]


@pytest.mark.parametrize(("script", "kinds"), [
    ("https://alimama.alicdn.com/tkapi.js", ["ad-slot code", "converted link"]),
    # inf.js is an ad-slot loader too, but it converts no anchors (rules.toml: loader).
    ("https://a.alimama.cn/inf.js", ["ad-slot code"]),
])
def test_anchors_are_converted_only_where_the_converter_loads(script: str, kinds: list[str]) -> None:
    html = (f'<script src="{script}"></script>'
            '<a biz-itemid="123" href="https://item.taobao.com/item.htm?id=123">x</a>')
    assert sorted(f.kind for f in find_affiliate_links(html, PAGE)) == kinds


def test_links_nested_deeper_than_the_parser_goes_are_still_found() -> None:
    # libxml2 stops building the tree at depth 256; the rest is read as text.
    html = ('<p><a href="https://s.click.taobao.com/Xyz9876">a</a></p>' + "<div>" * 600
            + "https://s.click.taobao.com/AbC1234" + "</div>" * 600)
    found = [(f.link, f.location) for f in find_affiliate_links(html, PAGE)]
    assert found == [("https://s.click.taobao.com/Xyz9876", "a[href]"),
                     ("https://s.click.taobao.com/AbC1234", "text (nested too deep)")]
