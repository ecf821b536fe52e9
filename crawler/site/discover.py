"""Pages a site lists besides its links: robots.txt Sitemap lines, sitemaps, RSS/Atom feeds.

Pure: no Scrapy, no network. The spider fetches; these functions read what it
fetched. XML is parsed without entities, DTDs or network access, entries per
file are capped, and gzip is inflated only up to a size cap, so a hostile
sitemap cannot exhaust memory.

Why not Scrapy's ``scrapy.utils.sitemap`` (read in Scrapy 2.19): importing it
loads Scrapy, which this pure layer must not (tests/test_layers.py), and it
holds none of our caps. ``Sitemap`` has no entry or size cap (the gzip size cap
is ``SitemapSpider._get_sitemap_body``'s, and ``SitemapSpider`` follows
sitemap indexes with no nesting cap); it yields every ``<url>``/``<sitemap>``
at any depth (ours: top-level entries only), keeps an entry's last ``<loc>``
and yields empty ones (ours: the first non-empty), raises on an empty body, and
reads no RSS or Atom feeds. ``sitemap_urls_from_robots`` wants bytes, resolves
with ``urljoin`` rather than ``join_web_url`` and repeats duplicates.
"""

from __future__ import annotations

import html
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from crawler.site.charsets import UTF_8, decode, sniff_bom
from crawler.site.prescan import xml_declaration_encoding
from crawler.site.weburl import join_web_url

__all__ = ["Listing", "ListingError", "find_feeds", "read_listing", "sitemaps_in_robots"]

#: The sitemaps protocol's own limits: 50,000 URLs and 50 MB uncompressed per file.
MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
# Entities and DTDs are never resolved (billion laughs, external entities), nothing
# is fetched, and huge_tree stays off so libxml2 keeps its depth and size limits.
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
         "recover": True, "remove_comments": True, "remove_pis": True}
_PARSER = etree.XMLParser(**_SAFE)
# Sitemap entries: the element of each entry, and the child holding its URL.
_ENTRIES = {"urlset": ("sitemap", "url"), "sitemapindex": ("sitemap index", "sitemap")}


class ListingError(ValueError):
    """A sitemap or feed that cannot be read (corrupt gzip, too large)."""


@dataclass(frozen=True)
class Listing:
    """What one sitemap, sitemap index or feed lists."""

    kind: str
    """``sitemap``, ``sitemap index``, ``RSS feed`` or ``Atom feed``."""
    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    """Further sitemaps (entries of a sitemap index)."""
    dropped: int = 0
    """Entries past the per-file cap, not listed."""
    text: str | None = None
    """The decoded XML of a feed (its items carry the posts' HTML); ``None`` for sitemaps."""

    def describe(self) -> str:
        """A note for the Pages sheet.

        >>> Listing("sitemap", ["https://b.example/a"], dropped=2).describe()
        'sitemap: lists 1 page(s); 2 more past the cap of entries per file'
        """
        what = (f"lists {len(self.sitemaps)} sitemap(s)" if self.kind == "sitemap index"
                else f"lists {len(self.pages)} page(s)")
        more = f"; {self.dropped} more past the cap of entries per file" if self.dropped else ""
        return f"{self.kind}: {what}{more}"


def _join(base: str, link: str) -> str:
    # As a browser resolves it; a link of another scheme stays as written (the
    # spider's one reading of each URL refuses what it cannot request).
    return join_web_url(base, link) or link


def sitemaps_in_robots(text: str, robots_url: str) -> list[str]:
    """The sitemaps a robots.txt names, absolute, in order, once each.

    >>> sitemaps_in_robots("User-agent: *\\nSitemap: /a.xml\\nsitemap:https://b.example/b.xml.gz",
    ...                    "https://b.example/robots.txt")
    ['https://b.example/a.xml', 'https://b.example/b.xml.gz']
    """
    found: dict[str, None] = {}
    for match in _SITEMAP_LINE.finditer(text):
        found[_join(robots_url, match.group(1))] = None
    return list(found)


def find_feeds(document: str, page_url: str) -> list[str]:
    """RSS and Atom feeds a page announces with ``<link rel="alternate" type="…">``.

    >>> find_feeds('<head><link rel="alternate" type="application/rss+xml" href="/feed/">'
    ...            '<link rel="stylesheet" href="/s.css"></head>', "https://b.example/")
    ['https://b.example/feed/']
    """
    if "+xml" not in document and "+XML" not in document:
        return []  # most pages: no tag worth parsing
    found: dict[str, None] = {}
    for tag in _LINK_TAG.findall(document):
        attrs = {name.lower(): html.unescape(value.strip("\"'"))
                 for name, value in _ATTR.findall(tag)}
        rels = attrs.get("rel", "").lower().split()
        kind = attrs.get("type", "").split(";")[0].strip().lower()
        href = attrs.get("href", "").strip()
        if "alternate" in rels and kind in _FEED_TYPES and href:
            found[_join(page_url, href)] = None
    return list(found)


def _inflate(body: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip framing
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise ListingError(f"not valid gzip ({exc})") from None
    if len(data) > max_bytes:
        raise ListingError(f"more than {max_bytes // (1024 * 1024)} MB once uncompressed")
    return data


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _text_of(element: etree._Element, name: str) -> str | None:
    for child in _children(element, name):
        text = (child.text or "").strip()
        if text:
            return text
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for link in _children(entry, "link"):
        if (link.get("rel") or "alternate").lower() == "alternate" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def _listing(kind: str, entries: Iterable[str | None], url: str, max_entries: int, *,
             text: str | None = None) -> Listing:
    """The listing's URLs joined to ``url``, repeats dropped, cut at ``max_entries``."""
    urls = list(dict.fromkeys(_join(url, e) for e in entries if e))
    dropped = max(0, len(urls) - max_entries)
    urls = urls[:max_entries]
    if kind == "sitemap index":
        return Listing(kind, sitemaps=urls, dropped=dropped)
    return Listing(kind, pages=urls, dropped=dropped, text=text)


def _read_sitemap(body: bytes, url: str, max_entries: int) -> Listing | None:
    """A sitemap or sitemap index read entry by entry; ``None`` for anything else.

    A 20,000-entry sitemap built as a whole tree took 27 MB for its 2.7 MB of
    XML; read an entry at a time, only the URLs are kept.
    """
    entries = _sitemap_entries(body)
    kind = next(entries, None)
    if kind is None:
        return None
    return _listing(kind, entries, url, max_entries)


def _feed_text(body: bytes) -> str:
    """A feed as text: by its BOM, else its XML declaration (read through the WHATWG labels)."""
    bom = sniff_bom(body)
    if bom is not None:
        return decode(body[bom[1]:], bom[0])
    return decode(body, xml_declaration_encoding(body) or UTF_8)


def _sitemap_entries(body: bytes) -> Iterator[str | None]:
    """The kind of sitemap first (nothing if it is none), then the ``<loc>`` of each entry."""
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), **_SAFE)
    depth = 0
    entry = ""
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    kind, entry = _ENTRIES.get(_local(element.tag), (None, ""))
                    if kind is None:
                        return
                    yield kind
                continue
            depth -= 1
            if depth == 1:
                if _local(element.tag) == entry:
                    yield _text_of(element, "loc")
                # Entries already read are dropped, so the tree never grows.
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except (etree.XMLSyntaxError, ValueError):
        return  # what came before the damage counts, as the whole-tree parse recovers it


def read_listing(body: bytes, url: str, *, max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> Listing | None:
    """What the sitemap or feed ``body`` (fetched from ``url``) lists; ``None`` if it is neither.

    Gzip bodies (``.xml.gz`` served as they are) are inflated first.

    >>> page = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \\
    ...        b'<url><loc>https://b.example/orphan.html</loc></url></urlset>'
    >>> read_listing(page, "https://b.example/sitemap.xml").pages
    ['https://b.example/orphan.html']
    >>> read_listing(b"<html><body>hello</body></html>", "https://b.example/x") is None
    True
    """
    if body[:2] == _GZIP_MAGIC:
        body = _inflate(body, max_bytes)
    elif len(body) > max_bytes:
        raise ListingError(f"more than {max_bytes // (1024 * 1024)} MB")
    head = body[:512].lstrip()
    if not head.startswith(b"<"):
        return None
    sitemap = _read_sitemap(body, url, max_entries)
    if sitemap is not None:
        return sitemap
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    name = _local(root.tag)
    if name in ("rss", "rdf"):
        channels = _children(root, "channel") or [root]
        items = [i for c in channels for i in _children(c, "item")] + _children(root, "item")
        kind, entries = "RSS feed", [_text_of(i, "link") for i in items]
    elif name == "feed":
        kind, entries = "Atom feed", [_atom_link(e) for e in _children(root, "entry")]
    else:
        return None
    return _listing(kind, entries, url, max_entries, text=_feed_text(body))
