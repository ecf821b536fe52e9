"""Reading robots.txt Sitemap lines, sitemaps, sitemap indexes and feeds: pure, offline."""

from __future__ import annotations

import gzip

import pytest

from crawler.site.discover import (
    Listing,
    ListingError,
    find_feeds,
    read_listing,
    sitemaps_in_robots,
)

BASE = "https://blog.example.com"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*paths: str) -> bytes:
    entries = "".join(f"<url><loc>{BASE}{p}</loc><lastmod>2024-01-01</lastmod></url>"
                      for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS}>{entries}</urlset>'.encode()


def test_robots_sitemap_lines() -> None:
    robots = ("User-agent: *\nDisallow: /private/\n\nSitemap: https://blog.example.com/s1.xml\n"
              "SITEMAP:   /s2.xml.gz  \n# Sitemap: /commented.xml\n"
              "sitemap: https://blog.example.com/s1.xml\n")
    assert sitemaps_in_robots(robots, f"{BASE}/robots.txt") == [
        f"{BASE}/s1.xml", f"{BASE}/s2.xml.gz"]
    assert sitemaps_in_robots("User-agent: *\nDisallow:\n", f"{BASE}/robots.txt") == []


def test_sitemap_lists_pages() -> None:
    listing = read_listing(urlset("/", "/orphan.html", "/orphan.html", "/a?x=1&amp;y=2"),
                           f"{BASE}/sitemap.xml")
    assert listing is not None
    assert listing.kind == "sitemap"
    assert listing.pages == [f"{BASE}/", f"{BASE}/orphan.html", f"{BASE}/a?x=1&y=2"]
    assert listing.sitemaps == []
    assert listing.text is None


def test_sitemap_index_lists_sitemaps() -> None:
    body = (f'<sitemapindex {NS}><sitemap><loc>{BASE}/post-sitemap.xml</loc></sitemap>'
            f'<sitemap><loc> {BASE}/page-sitemap.xml.gz </loc></sitemap></sitemapindex>').encode()
    listing = read_listing(body, f"{BASE}/sitemap_index.xml")
    assert listing == Listing("sitemap index",
                              sitemaps=[f"{BASE}/post-sitemap.xml", f"{BASE}/page-sitemap.xml.gz"])
    assert listing.describe() == "sitemap index: lists 2 sitemap(s)"


def test_gzip_sitemap_is_inflated() -> None:
    listing = read_listing(gzip.compress(urlset("/gz.html")), f"{BASE}/s.xml.gz")
    assert listing is not None
    assert listing.pages == [f"{BASE}/gz.html"]


def test_sitemap_read_entry_by_entry_takes_only_top_level_entries() -> None:
    # Read as a stream now: an entry's first non-empty <loc> counts, entries nested
    # elsewhere and comments do not, and a sitemap cut short keeps what came before.
    body = (f'<urlset {NS}><!-- <url><loc>{BASE}/commented</loc></url> -->'
            f'<url><loc> </loc><loc>{BASE}/second-loc</loc></url>'
            f'<wrapper><url><loc>{BASE}/nested</loc></url></wrapper>'
            f'<url><image><loc>{BASE}/img.png</loc></image><loc>{BASE}/after-image</loc></url>'
            f'<url><loc>{BASE}/last</loc></url></urlset>').encode()
    listing = read_listing(body, f"{BASE}/sitemap.xml")
    assert listing is not None
    assert listing.pages == [f"{BASE}/second-loc", f"{BASE}/after-image", f"{BASE}/last"]
    cut = read_listing(body[: body.index(b"<wrapper>") + 20], f"{BASE}/sitemap.xml")
    assert cut is not None and cut.pages == [f"{BASE}/second-loc"]


def test_entries_past_the_cap_are_counted_not_listed() -> None:
    listing = read_listing(urlset(*(f"/p{n}" for n in range(10))), f"{BASE}/s.xml", max_entries=4)
    assert listing is not None
    assert len(listing.pages) == 4
    assert listing.dropped == 6
    assert "6 more past the cap" in listing.describe()


def test_rss_feed_items_and_text() -> None:
    body = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <link>{BASE}/</link>
      <item><title>one</title><link>{BASE}/2024/01/one/</link>
        <description>&lt;a href="https://s.click.taobao.com/AbC1234"&gt;buy&lt;/a&gt;</description>
      </item>
      <item><title>two</title><link>/2024/02/two/</link></item>
    </channel></rss>""".encode()
    listing = read_listing(body, f"{BASE}/feed/")
    assert listing is not None
    assert listing.kind == "RSS feed"
    assert listing.pages == [f"{BASE}/2024/01/one/", f"{BASE}/2024/02/two/"]
    assert listing.text is not None
    assert "s.click.taobao.com/AbC1234" in listing.text


def test_atom_feed_entries() -> None:
    body = f"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <link rel="self" href="{BASE}/atom.xml"/>
      <entry><link rel="alternate" href="{BASE}/posts/1.html"/><link rel="edit" href="/x"/></entry>
      <entry><link href="/posts/2.html"/></entry>
    </feed>""".encode()
    listing = read_listing(body, f"{BASE}/atom.xml")
    assert listing is not None
    assert listing.kind == "Atom feed"
    assert listing.pages == [f"{BASE}/posts/1.html", f"{BASE}/posts/2.html"]


@pytest.mark.parametrize(
    "body",
    [
        b"<!doctype html><html><body><p>Not found</p></body></html>",
        b"<html><head><title>soft 404</title></head></html>",
        b"User-agent: *\nDisallow:\n",
        b"",
        b"\x89PNG\r\n\x1a\n",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_other_documents_are_not_listings(body: bytes) -> None:
    assert read_listing(body, f"{BASE}/sitemap.xml") is None


def test_entities_are_never_expanded() -> None:
    laughs = "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "lol">{laughs}'
            f'<!ENTITY file SYSTEM "file:///etc/passwd">]>'
            f'<urlset><url><loc>{BASE}/a&l9;</loc></url><url><loc>{BASE}/b&file;</loc></url>'
            f'</urlset>').encode()
    listing = read_listing(body, f"{BASE}/s.xml")
    assert listing is not None
    assert all(len(url) < 100 for url in listing.pages)
    assert not any("root:" in url for url in listing.pages)


def test_gzip_bomb_and_corrupt_gzip_are_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (3 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(ListingError, match="MB once uncompressed"):
        read_listing(bomb, f"{BASE}/s.xml.gz", max_bytes=1024 * 1024)
    with pytest.raises(ListingError, match="not valid gzip"):
        read_listing(b"\x1f\x8b" + b"garbage" * 10, f"{BASE}/s.xml.gz")


def test_feeds_a_page_announces() -> None:
    page = """<html><head>
      <link rel="alternate" type="application/rss+xml" title="Posts" href="/feed/">
      <link rel='alternate' type='application/atom+xml' href='https://blog.example.com/atom.xml'>
      <link rel="alternate" type="application/rss+xml" href="/feed/">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="stylesheet" type="text/css" href="/style.css">
      <LINK REL="Alternate" TYPE="application/RSS+xml" HREF="/comments/feed/?a=1&amp;b=2">
    </head><body><a href="/rss.xml">rss</a></body></html>"""
    assert find_feeds(page, f"{BASE}/") == [
        f"{BASE}/feed/", f"{BASE}/atom.xml", f"{BASE}/comments/feed/?a=1&b=2"]
    assert find_feeds("<html><body>no feeds</body></html>", f"{BASE}/") == []
