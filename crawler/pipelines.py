"""Record every finding and page as it arrives, and the run's metadata when the crawl ends.

Cross-item work only: no parsing here, and no HTML passes through.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from crawler.config import AuditConfig
from crawler.detect import Finding
from crawler.inputs.seeds import Seed
from crawler.model import PageRecord, RunInfo
from crawler.resolve import Resolution
from reports import RecordWriter, ReportError, read_run_json, sidecars, write_run_json
from reports.errors import OutOfSpaceError

logger = logging.getLogger(__name__)

__all__ = ["RecordPipeline"]


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class RecordPipeline:
    """Append findings to ``REPORT.jsonl`` and pages to ``REPORT.pages.jsonl``, flushed per row.

    At the end of the crawl it writes ``REPORT.run.json``. The workbook is built
    from those files afterwards, by the command that ran the crawl (or by
    ``linkaudit report REPORT.jsonl``). Stats: ``linkaudit/findings``,
    ``linkaudit/pages``, ``linkaudit/pages_failed``, and ``linkaudit/write_error``
    (with ``linkaudit/write_error_path``) when a row could not be written.

    The first row that cannot be written (disk full, quota, file size limit,
    I/O error) stops the crawl: the record keeps every whole line written
    before it, and the pages whose rows were lost are kept in the spider's
    ``redo`` for ``--resume`` to fetch again.
    """

    STOP_REASON = "the record could not be written"

    def __init__(self, crawler: Any, config: AuditConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.stats = crawler.stats
        self.files = sidecars(config.report)
        self.findings: RecordWriter | None = None
        self.pages: RecordWriter | None = None
        self.resolved: RecordWriter | None = None  # opened by the first resolution (--resolve)
        self.resolved_ok = 0
        self.started = now()
        self.write_error: OutOfSpaceError | None = None
        # URL -> (mode, seed URL, depth) of each page, for its findings' sake: a page's
        # rows may interleave with another's.
        self.page_of: dict[str, tuple[str, str, int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecordPipeline:
        pipeline = cls(crawler, AuditConfig.from_settings(crawler.settings))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.started = now()
        # --resume: the interrupted run's rows stay and this run's follow them.
        append = self.config.resume
        if append:
            self.started = self._previous_start() or self.started
        self.findings = RecordWriter(self.files.findings, append=append)
        self.pages = RecordWriter(self.files.pages, append=append)
        if not append:
            # An earlier run's resolutions would be merged into this report's findings.
            self.files.resolved.unlink(missing_ok=True)
        for name in ("findings", "pages", "pages_failed"):
            self.stats.set_value(f"linkaudit/{name}", 0)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageRecord):
            self.page_of[item.url] = (item.mode, item.seed, item.depth)  # findings follow
        if self.write_error is not None:
            self._lost(item)
            return item
        try:
            self._record(item)
        except OutOfSpaceError as exc:
            self._stop(exc)
            self._lost(item)
        else:
            if isinstance(item, PageRecord):  # recorded after all: nothing to fetch again
                getattr(self.crawler.spider, "redo", {}).pop(item.url, None)
        return item

    def _record(self, item: Any) -> None:
        if isinstance(item, Finding):
            assert self.findings is not None
            self.findings.write(item.to_dict())
            self.stats.inc_value("linkaudit/findings")
        elif isinstance(item, PageRecord):
            assert self.pages is not None
            self.pages.write(item.to_dict())
            self.stats.inc_value("linkaudit/pages")
            if item.error:
                self.stats.inc_value("linkaudit/pages_failed")
        elif isinstance(item, Resolution):
            if self.resolved is None:
                self.resolved = RecordWriter(self.files.resolved, append=self.config.resume)
            self.resolved.write(item.to_dict())
            self.resolved_ok += item.resolved
            self.stats.inc_value("linkaudit/short_links_resolved" if item.resolved
                                 else "linkaudit/short_links_unresolved")
        else:
            logger.debug("ignoring an item of unknown type: %r", ItemAdapter(item).asdict())

    def _stop(self, exc: OutOfSpaceError) -> None:
        """Stop the crawl at the first row that cannot be written: one message, not one per row."""
        from scrapy.utils.defer import deferred_from_coro

        self.write_error = exc
        logger.info("%s", exc)  # the CLI says it, once
        self.stats.set_value("linkaudit/write_error", str(exc))
        self.stats.set_value("linkaudit/write_error_path", str(exc.path))
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=self.STOP_REASON))

    def _lost(self, item: Any) -> None:
        """Note the page of a row not written, for ``--resume`` to fetch it again."""
        url = item.page_url if isinstance(item, Finding) else getattr(item, "url", None)
        page = self.page_of.get(url or "")
        redo = getattr(self.crawler.spider, "redo", None)
        if page is None or redo is None:
            return
        mode, seed_url, depth = page
        seeds = {s.url: s for s in getattr(self.crawler.spider, "seeds", ())}
        redo[url] = (seeds.get(seed_url) or Seed(mode, seed_url, "interrupted run"), depth)

    def _previous_start(self) -> str | None:
        try:
            return read_run_json(self.files.run).started
        except ReportError:
            return None

    def close_spider(self) -> None:
        for writer in (self.findings, self.pages, self.resolved):
            if writer is not None:
                writer.close()

    def spider_closed(self, spider: Any, reason: str) -> None:
        run = self.run_metadata(spider, reason)
        try:
            write_run_json(self.files.run, run)
        except OSError as exc:
            self._note_write_error(OutOfSpaceError(self.files.run, exc))

    def _note_write_error(self, exc: OutOfSpaceError) -> None:
        if self.write_error is None:
            self.write_error = exc
            logger.info("%s", exc)  # the CLI says it, once
            self.stats.set_value("linkaudit/write_error", str(exc))
            self.stats.set_value("linkaudit/write_error_path", str(exc.path))

    def run_metadata(self, spider: Any, reason: str) -> RunInfo:
        notes = list(self.config.notes)  # from before the crawl, e.g. seeds dropped as repeats
        for why, count in getattr(spider, "not_followed", {}).items():
            if count:
                notes.append(f"{count} in-scope link(s) not followed ({why})")
        if self.write_error is not None:
            notes.append(f"{self.write_error}; pages fetched after that are not in the record "
                         "(--resume fetches them again)")
        if reason != "finished":
            notes.append(f"the crawl stopped early ({reason}); pages not reached are not audited")
        if self.resolved is not None:
            notes.append(f"--resolve followed {self.resolved.count} short link(s), "
                         f"{self.resolved_ok} to their landing URL (see Resolved? on Findings); "
                         "each was requested once, which the affiliate network may count as a "
                         "click")
        return RunInfo(
            command=self.config.command,
            started=self.started,
            finished=now(),
            seeds=[s.to_dict() for s in getattr(spider, "seeds", [])],
            bad_seeds=[b.to_dict() for b in getattr(spider, "bad_seeds", [])],
            complete=reason == "finished",
            finish_reason=reason,
            not_followed=dict(getattr(spider, "not_followed", {})),
            previous_report=None,
            mine=list(self.config.mine),
            notes=notes,
            lang=self.config.lang,
        )
