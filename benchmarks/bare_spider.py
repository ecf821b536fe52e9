#!/usr/bin/env python3
"""The framework's ceiling for crawl_bench.py: a bare Scrapy CrawlSpider that only counts pages.

It follows every ``<a>``/``<area>`` link on the start URL's host with Scrapy's own
``LinkExtractor`` (the naive way to crawl a site with Scrapy) and does nothing
with a page but count it and note its URL. Same concurrency as linkaudit's
crawl, no delay, no AutoThrottle, robots.txt not read, log at INFO so no line
is written per request.

    .venv/bin/python benchmarks/bare_spider.py http://127.0.0.1:8080/ --concurrency 16 --urls out.txt

Prints one JSON object: pages parsed, and responses by status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class BareSpider(CrawlSpider):
    name = "bare"

    def __init__(self, start: str, urls_file: str, **kwargs: Any) -> None:
        host = urlsplit(start).hostname or ""
        self.start_urls = [start]
        self.allowed_domains = [host]
        # Off-site links are dropped by allowed_domains (OffsiteMiddleware), the usual way:
        # LinkExtractor(allow_domains=…) compares host:port and would drop every link here.
        self.rules = (Rule(LinkExtractor(), callback="parse_item", follow=True),)
        super().__init__(**kwargs)
        self.pages = 0
        self.statuses: Counter[int] = Counter()
        # Buffered: the URL list is for crawl_bench's "which pages were missed", not a record.
        self.urls_out = open(urls_file, "w", encoding="utf-8")  # noqa: SIM115

    def parse_start_url(self, response: Any, **kwargs: Any) -> Any:
        return self.parse_item(response)

    def parse_item(self, response: Any) -> Any:
        self.pages += 1
        self.statuses[response.status] += 1
        self.urls_out.write(response.url + "\n")
        return None

    def closed(self, reason: str) -> None:
        self.urls_out.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--urls", required=True, help="file to write the URLs of the pages parsed")
    args = ap.parse_args(argv)
    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Error pages are counted too, as linkaudit records them.
        "HTTPERROR_ALLOW_ALL": True,
    })
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start=args.url, urls_file=args.urls)
    process.start()
    spider = crawler.spider
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps({"pages": spider.pages, "statuses": dict(spider.statuses),
                      "finish_reason": stats.get("finish_reason")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
