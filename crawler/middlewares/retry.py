"""Retries that listen to the server: ``Retry-After`` on 429/503, backoff otherwise.

Scrapy's ``RetryMiddleware`` retries at once and ignores ``Retry-After``; this
one replaces it (see ``DOWNLOADER_MIDDLEWARES`` in ``crawler.settings``). Waits
never block the reactor: the request sleeps asynchronously while others go on.
A wait longer than ``LINKAUDIT_RETRY_AFTER_MAX`` is not made: the response is
passed on with the reason in ``request.meta["linkaudit_retry_note"]``, and the
page is reported as not audited.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

from crawler.site.scope import is_loopback

if TYPE_CHECKING:
    from scrapy.http import Request, Response

__all__ = ["RetryAfterMiddleware", "backoff_seconds", "retry_after_seconds"]

logger = logging.getLogger(__name__)

NOTE_KEY = "linkaudit_retry_note"
#: Statuses whose Retry-After header says when to come back (RFC 9110 §10.2.3).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait: delay-seconds or an HTTP date.

    ``None`` when absent or unreadable; a date in the past is 0.

    >>> retry_after_seconds("120"), retry_after_seconds(b" 0 "), retry_after_seconds("soon")
    (120.0, 0.0, None)
    >>> now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    >>> retry_after_seconds("Wed, 01 Jan 2025 12:00:30 GMT", now)
    30.0
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff before retry number ``attempt`` (1, 2, …).

    >>> [backoff_seconds(n, 1.0, 5.0) for n in (1, 2, 3, 4)]
    [1.0, 2.0, 4.0, 5.0]
    """
    return min(cap, base * 2 ** (attempt - 1))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, plus ``Retry-After`` and exponential backoff between attempts.

    Settings: ``RETRY_*`` as in Scrapy; ``LINKAUDIT_RETRY_AFTER_MAX`` (longest
    ``Retry-After`` honoured, seconds), ``LINKAUDIT_RETRY_BACKOFF`` and
    ``LINKAUDIT_RETRY_BACKOFF_MAX`` (first wait and cap without the header).
    Loopback hosts get no backoff (nothing to protect), but their Retry-After is honoured.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("LINKAUDIT_RETRY_AFTER_MAX", 120.0)
        self.backoff = settings.getfloat("LINKAUDIT_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("LINKAUDIT_RETRY_BACKOFF_MAX", 30.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = None
        if response.status in RETRY_AFTER_STATUSES:
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.retry_after_max:
            request.meta[NOTE_KEY] = (
                f"the server asked to come back in {wait:.0f} s, longer than the "
                f"{self.retry_after_max:.0f} s this crawl waits; run the audit again later")
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            request.meta[NOTE_KEY] = f"still HTTP {response.status} after {self.max_retry_times} retries"
            return response
        await self._pause(request, wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        retry = super().process_exception(request, exception)
        if retry is not None:
            await self._pause(request, None)
        return retry

    async def _pause(self, request: Request, wait: float | None) -> None:
        if wait is None:
            if is_loopback(request.url):
                return
            wait = backoff_seconds(request.meta.get("retry_times", 0) + 1, self.backoff,
                                   self.backoff_max)
        if wait > 0:
            logger.debug("waiting %.1f s before retrying %s", wait, request.url)
            await sleep(wait)
