"""scrapy-playwright's download handler, lending the render guard the crawler's own downloader.

Imported only when ``--render`` wires the browser in (it imports scrapy-playwright).
"""

from __future__ import annotations

from typing import Any

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.render.pages import use_crawler

__all__ = ["GuardedPlaywrightHandler"]


class GuardedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """The guard fetches what a page may load through this crawler (its resolver, proxy,
    TLS policy, politeness and size caps), never through a client of its own."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        use_crawler(crawler)
