"""Feed the crawl's numbers to the progress display while it runs.

Enabled by the runner when a display was asked for (``LINKAUDIT_PROGRESS``
holds it). The numbers are the stats the record pipeline keeps and the
scheduler's length; the text and where it goes are :mod:`crawler.progress`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.progress import Tally

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.progress import Progress

__all__ = ["PROGRESS_SETTING", "CrawlProgress"]

PROGRESS_SETTING = "LINKAUDIT_PROGRESS"
# Ticks also when no page arrives, so elapsed time and the rate keep moving.
_TICK = 0.5


class CrawlProgress:
    def __init__(self, crawler: Crawler, display: Progress) -> None:
        self.crawler = crawler
        self.display = display
        self.loop = task.LoopingCall(self.tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        display = crawler.settings.get(PROGRESS_SETTING)
        if display is None:
            raise NotConfigured
        ext = cls(crawler, display)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.loop.start(_TICK, now=True)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.tick()  # the final numbers, as the record has them
        self.display.close()

    def tally(self) -> Tally:
        stats = self.crawler.stats
        value = stats.get_value if stats is not None else (lambda _key, default: default)
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        failed = int(value("linkaudit/pages_failed", 0))
        # As the summary counts them: a page that failed was not audited.
        return Tally(audited=int(value("linkaudit/pages", 0)) - failed, failed=failed,
                     findings=int(value("linkaudit/findings", 0)),
                     queued=len(scheduler) if scheduler is not None else 0)  # type: ignore[arg-type]

    def tick(self) -> None:
        self.display.update(self.tally())
