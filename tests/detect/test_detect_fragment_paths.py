"""A fragment's paths start at its own top element, not at an invented html>body (issue 15 §2).

libxml2 wraps a fragment (a Markdown post, a feed item's or a JSON field's HTML,
a WordPress post body) in an ``html`` and a ``head`` or ``body`` it makes up. A
source writing none of doctype/html/head/body is a fragment, and its paths name
only the elements it wrote; a document keeps the browser's ``html>body>…``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import audit_page, find_affiliate_links
from crawler.localfiles.scan import scan_file
from reports.worklist import place_of

PAGE = "https://blog.example.com/posts/1.html"
CLICK = "https://s.click.taobao.com/AbC1234"
ANCHOR = f'<div class="post"><p>买它 <a href="{CLICK}">领券</a></p></div>'


def _paths(document: str) -> list[tuple[str, str | None]]:
    return [(f.location, f.path) for f in find_affiliate_links(document, PAGE)]


# -- fragments ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fragment", "paths"), [
    (ANCHOR, [("a[href]", "div.post>p>a")]),
    (f'<a href="{CLICK}">x</a>', [("a[href]", "a")]),
    # libxml2 puts a leading script in an invented head: that is not written either.
    (f"<script>var u = '{CLICK}';</script><p>x</p>", [("script", "script")]),
    (f'<div class="post"><!-- old: {CLICK} --></div>', [("comment", "div.post")]),
    (f"<ul><li>{CLICK}</li></ul>", [("text", "ul>li")]),
    # Text at the fragment's top level is in no element of it: no path, as in a text file.
    (f"<p>intro</p>\n买它 {CLICK}", [("text", None)]),
    # A <header> is no <head>, and a tag written as text is no tag.
    (f'<header><a href="{CLICK}">x</a></header>', [("a[href]", "header>a")]),
    (f'<p>write &lt;html&gt; first <a href="{CLICK}">x</a></p>', [("a[href]", "p>a")]),
])
def test_a_fragments_paths_start_at_its_own_top_element(
        fragment: str, paths: list[tuple[str, str | None]]) -> None:
    assert _paths(fragment) == paths


@pytest.mark.parametrize("document", [
    ANCHOR,
    "<!DOCTYPE html><html><body>" + ANCHOR + "</body></html>",
])
def test_the_fast_path_and_the_exhaustive_scan_give_the_same_paths(document: str) -> None:
    fast = audit_page(document, PAGE).findings
    every = audit_page(document, PAGE, exhaustive=True).findings
    assert [f.path for f in fast] == [f.path for f in every]


# -- documents: unchanged ----------------------------------------------------------------------

@pytest.mark.parametrize(("document", "path"), [
    (f"<html><body>{ANCHOR}</body></html>", "html>body>div.post>p>a"),
    (f"<!DOCTYPE html>\n<html lang=zh><head><title>t</title></head><body>{ANCHOR}</body></html>",
     "html>body>div.post>p>a"),
    # Only <body> written: still a document, as a browser builds it.
    (f'<body class="single">{ANCHOR}</body>', "html>body.single>div.post>p>a"),
    # A minifier's page without the optional tags: the doctype says it is a document.
    (f"<!doctype html><meta charset=utf-8><title>t</title>{ANCHOR}", "html>body>div.post>p>a"),
    (f"<HEAD><title>t</title></HEAD>{ANCHOR}", "html>body>div.post>p>a"),
])
def test_a_documents_path_starts_at_html(document: str, path: str) -> None:
    assert _paths(document) == [("a[href]", path)]


def test_a_script_in_a_documents_head_keeps_its_head() -> None:
    document = f"<html><head><script>var u = '{CLICK}';</script></head><body></body></html>"
    assert _paths(document) == [("script", "html>head>script")]


# -- callers -------------------------------------------------------------------------------------

def test_a_markdown_posts_raw_html_has_the_posts_own_paths(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(f"# Earphones\n\n{ANCHOR}\n", encoding="utf-8")
    [result] = scan_file(post, tmp_path)
    assert [(f["location"], f["path"], f["line"]) for f in result.findings] == [
        ("a[href]", "div.post>p>a", 3)]


def test_a_local_html_page_keeps_html_body(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(f"<!DOCTYPE html>\n<html><body>\n{ANCHOR}\n</body></html>\n", encoding="utf-8")
    [result] = scan_file(page, tmp_path)
    assert [f["path"] for f in result.findings] == ["html>body>div.post>p>a"]


@pytest.mark.parametrize(("path", "place"), [
    ("div.post-12>p>a", "div.post-#>p>a"),
    ("aside#custom_html-3>a", "aside#custom_html-#>a"),
    ("body-copy.x>a", "body-copy.x>a"),  # a class named like body is not the root's
])
def test_template_places_read_a_fragments_path(path: str, place: str) -> None:
    assert place_of(path) == place
