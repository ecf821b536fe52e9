"""Crawl traps: endless calendars, loops of relative links, long URLs, query explosions."""

from __future__ import annotations

import pytest

from crawler.site.traps import (
    CALENDAR,
    REPEATED_SEGMENTS,
    TOO_LONG,
    QueryVariantCap,
    trap_reason,
)

YEAR = 2025


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        # calendars paging past next year or before the web's blogs
        ("https://b.example/2099/12/", CALENDAR),
        ("https://b.example/events/2027/01/", CALENDAR),
        ("https://b.example/calendar/1969/12/31/", CALENDAR),
        ("https://b.example/archive/2099-12/", CALENDAR),
        ("https://b.example/events/?month=2099-12", CALENDAR),
        ("https://b.example/events/?ym=209912", CALENDAR),
        ("https://b.example/events/?year=2150&month=3", CALENDAR),
        ("https://b.example/?tribe-bar-date=1900-01-01", CALENDAR),
        # relative links resolved again and again
        ("https://b.example/a/b/a/b/a/b/", REPEATED_SEGMENTS),
        ("https://b.example/posts/posts/posts/1.html", REPEATED_SEGMENTS),
        ("https://b.example/" + "x" * 2100, TOO_LONG),
        # real pages
        ("https://b.example/2024/05/my-post/", None),
        ("https://b.example/2026/12/", None),  # next year's calendar page is fine
        ("https://b.example/1998/06/old-post.html", None),
        ("https://b.example/posts/2500/", None),  # a post id, not a year
        ("https://b.example/item/2099/", None),
        ("https://b.example/p?id=209912", None),
        ("https://b.example/events/?month=2025-06", None),
        ("https://b.example/a/b/a/b/", None),
        ("https://b.example/tag/a/tag/b/tag/c/", None),
        ("https://b.example/" + "x" * 1900, None),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url, this_year=YEAR) == reason


def test_limits_are_parameters() -> None:
    assert trap_reason("https://b.example/a/b/a/b/", max_repeats=2) == REPEATED_SEGMENTS
    assert trap_reason("https://b.example/abcdef", max_length=10) == TOO_LONG


def test_query_variant_cap_is_per_path() -> None:
    cap = QueryVariantCap(3)
    admitted = [cap.admit(f"https://b.example/list?page={n}") for n in range(1, 6)]
    assert admitted == [True, True, True, False, False]
    assert cap.admit("https://b.example/list?page=2")  # seen before: still the same page
    assert cap.admit("https://b.example/other?page=9")
    assert cap.admit("https://c.example/list?page=9")  # another host, another path
    assert cap.admit("https://b.example/list")  # no query: not a variant
