"""The job folder's Scrapy parts in JSON: the request queue on disk and the spider's state.

Replaces Scrapy's pickle-based ``PickleFifoDiskQueue`` (``SCHEDULER_DISK_QUEUE``)
and ``SpiderState`` extension, which read pickles back and so run whatever
a planted file says. The encoding lives in :mod:`crawler.jobdir.state`.
"""

from __future__ import annotations

import logging
import os
import struct
from pathlib import Path
from typing import Any

from queuelib import queue
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.squeues import _scrapy_serialization_queue, _serializable_queue, _with_mkdir
from scrapy.utils.job import job_dir

from crawler.jobdir.state import RECORD_MAGIC, decode, encode, load_state, save_state

__all__ = ["JsonFifoDiskQueue", "JsonSpiderState"]

logger = logging.getLogger(__name__)

# A request subclass is rebuilt from its class *name*; ours are plain Requests.
_REQUEST_CLASSES: frozenset[str] = frozenset()


def _dumps(request: dict[str, Any]) -> bytes:
    if request.get("_class") not in (None, *_REQUEST_CLASSES):
        # ValueError: Scrapy keeps the request in memory instead (not resumable).
        raise ValueError(f"request class {request['_class']} is not kept on disk")
    return RECORD_MAGIC + encode(request).encode("utf-8")


def _loads(data: bytes) -> dict[str, Any]:
    if not data.startswith(RECORD_MAGIC):
        raise ValueError("not a linkaudit request record")
    request = decode(data[len(RECORD_MAGIC):])
    if not isinstance(request, dict) or request.get("_class") not in (None, *_REQUEST_CLASSES):
        raise ValueError("not a linkaudit request record")
    return request


class _WholeRecordsFifoDiskQueue(queue.FifoDiskQueue):
    """queuelib's FIFO disk queue, whose push ignores a short write (disk full) and so
    leaves a torn record that misaligns every later one. Here a push is whole or undone."""

    def push(self, string: bytes) -> None:
        if not isinstance(string, bytes):
            raise TypeError(f"Unsupported type: {type(string).__name__}")
        fd = self.headf.fileno()
        end = os.lseek(fd, 0, os.SEEK_END)
        data = struct.pack(self.szhdr_format, len(string)) + string
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
        except OSError:
            os.ftruncate(fd, end)  # the next record must start where this one did
            raise
        # queuelib's bookkeeping, as in FifoDiskQueue.push.
        hnum, hpos = self.info["head"]
        hpos += 1
        if hpos == self.chunksize:
            hpos = 0
            hnum += 1
            self.headf.close()
            self.headf = self._openchunk(hnum, "ab+")
        self.info["size"] += 1
        self.info["head"] = [hnum, hpos]


class JsonFifoDiskQueue(_scrapy_serialization_queue(  # type: ignore[misc]
        _serializable_queue(_with_mkdir(_WholeRecordsFifoDiskQueue), _dumps, _loads))):
    """Requests on disk as JSON. One that cannot be written (disk full) stays in memory,
    as Scrapy keeps a request it cannot serialise, and the spider notes it for ``--resume``."""

    def push(self, request: Any) -> None:
        try:
            super().push(request)
        except OSError as exc:
            note = getattr(self.spider, "not_queued", None)
            if note is not None:
                note(request)
            raise ValueError(f"the request queue cannot be written ({exc})") from exc


class JsonSpiderState:
    """``spider.state`` kept as JSON in ``JOBDIR/linkaudit-state.json`` (see :mod:`crawler.jobdir.state`)."""

    def __init__(self, jobdir: str) -> None:
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler: Any) -> JsonSpiderState:
        jobdir = job_dir(crawler.settings)
        if not jobdir:
            raise NotConfigured
        extension = cls(jobdir)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        spider.state = load_state(self.jobdir)  # checked by the CLI before the crawl
        _reserve(Path(self.jobdir, RESERVE_FILE))

    def spider_closed(self, spider: Any) -> None:
        # The space set aside at the start is what the state is written into
        # when the disk has filled up meanwhile.
        Path(self.jobdir, RESERVE_FILE).unlink(missing_ok=True)
        try:
            save_state(self.jobdir, spider.state)
        except OSError as exc:
            # The CLI then says the crawl cannot be resumed (no state file).
            logger.error("cannot save the crawl's state in %s for --resume: %s", self.jobdir,
                         exc.strerror or exc)


RESERVE_FILE = "space-reserve"
_RESERVE_BYTES = 4 * 1024 * 1024  # a 10,000-page crawl's state is about 1 MB


def _reserve(path: Path) -> None:
    """Set disk space aside for the state (freed when the crawl ends); best effort."""
    try:
        with path.open("wb") as f:
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(f.fileno(), 0, _RESERVE_BYTES)
            else:  # Windows: written out (a sparse truncate would reserve nothing)
                f.write(bytes(_RESERVE_BYTES))
    except OSError:
        path.unlink(missing_ok=True)  # no room even now: the crawl will say so soon enough
