"""Retry-After and backoff arithmetic; the crawls that use them are in test_site_scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.middlewares.retry import backoff_seconds, retry_after_seconds

NOW = datetime(2025, 3, 1, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("7", 7.0),
        (b"3600", 3600.0),
        ("Sat, 01 Mar 2025 08:02:00 GMT", 120.0),
        ("Saturday, 01-Mar-25 08:00:30 GMT", 30.0),  # RFC 850, still sent by old servers
        ("Sat Mar  1 08:00:10 2025", 10.0),  # asctime
        ("Fri, 28 Feb 2025 08:00:00 GMT", 0.0),  # already past
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_seconds(n, 0.5, 3.0) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
