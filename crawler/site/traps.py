"""Crawl traps: URLs a site can generate without end (calendars, loops of relative links).

Pure: no Scrapy. :func:`trap_reason` judges one URL on its own;
:class:`QueryVariantCap` remembers how many query strings each path has had.
The reasons are the keys of the run's ``not_followed`` counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlsplit

__all__ = ["CALENDAR", "QUERY_VARIANTS", "REPEATED_SEGMENTS", "TOO_LONG", "TRAP_REASONS",
           "QueryVariantCap", "trap_reason"]

TOO_LONG = "URL length cap"
REPEATED_SEGMENTS = "repeated path segments cap"
CALENDAR = "calendar trap cap"
QUERY_VARIANTS = "query variants cap"
TRAP_REASONS = (TOO_LONG, REPEATED_SEGMENTS, CALENDAR, QUERY_VARIANTS)

#: The earliest year a calendar page of a creator's site plausibly shows; calendars
#: that page back (or forward past next year) without end are cut there.
FIRST_YEAR = 1990
_YEAR_MONTH_SEGMENT = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(0?[1-9]|1[0-2])$")
_DATE_VALUE = re.compile(r"^(\d{4})(?:-?(0[1-9]|1[0-2]))(?:-?\d{2})?$")
_YEAR_PARAMS = frozenset({"year", "yr", "y"})
_DATE_PARAMS = frozenset({"month", "m", "ym", "date", "day", "cal", "calendar",
                          "tribe-bar-date", "eventdate", "start", "end"})


def _repeats(segments: list[str], times: int) -> bool:
    """True when some run of 1-4 segments occurs ``times`` times in a row."""
    n = len(segments)
    for width in range(1, 5):
        if width * times > n:
            break
        for start in range(n - width * times + 1):
            block = segments[start:start + width]
            if all(segments[start + k * width:start + (k + 1) * width] == block
                   for k in range(1, times)):
                return True
    return False


def _calendar_years(path: str, query: str) -> list[int]:
    """Years a calendar-like URL names: ``/2024/05/``, ``/2024-05/``, ``?month=2024-05``."""
    years = []
    segments = [s for s in path.split("/") if s]
    for i, segment in enumerate(segments):
        m = _YEAR_MONTH_SEGMENT.match(segment)
        if m and 1 <= int(m.group(2)) <= 12:
            years.append(int(m.group(1)))
        elif (_YEAR.match(segment) and i + 1 < len(segments)
              and _MONTH.match(segments[i + 1])):
            # A year only next to a month: a bare /2500/ is as likely a post id.
            years.append(int(segment))
    for name, value in parse_qsl(query, keep_blank_values=False):
        name = name.lower()
        if name in _YEAR_PARAMS and _YEAR.match(value):
            years.append(int(value))
        elif name in _DATE_PARAMS and (m := _DATE_VALUE.match(value)):
            years.append(int(m.group(1)))
    return years


def trap_reason(url: str, *, max_length: int = 2000, max_repeats: int = 3,
                this_year: int | None = None) -> str | None:
    """Why ``url`` looks like a crawl trap, or ``None``.

    >>> trap_reason("https://b.example/a/b/a/b/a/b/")
    'repeated path segments cap'
    >>> trap_reason("https://b.example/events/2099/12/", this_year=2025)
    'calendar trap cap'
    >>> trap_reason("https://b.example/2024/05/my-post/", this_year=2025) is None
    True
    """
    if len(url) > max_length:
        return TOO_LONG
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= max_repeats and _repeats(segments, max_repeats):
        return REPEATED_SEGMENTS
    latest = (this_year or date.today().year) + 1
    if any(not FIRST_YEAR <= year <= latest for year in _calendar_years(parts.path, parts.query)):
        return CALENDAR
    return None


@dataclass
class QueryVariantCap:
    """Admit at most ``limit`` different query strings per path (faceted lists, calendars)."""

    limit: int = 50
    _seen: dict[str, set[str]] = field(default_factory=dict)

    def admit(self, url: str) -> bool:
        """True when ``url`` may be followed; remembers it.

        >>> cap = QueryVariantCap(2)
        >>> [cap.admit(f"https://b.example/list?page={n}") for n in (1, 2, 2, 3)]
        [True, True, True, False]
        >>> cap.admit("https://b.example/list")
        True
        """
        parts = urlsplit(url)
        if not parts.query:
            return True
        path = f"{parts.scheme}://{parts.netloc}{parts.path}"
        variants = self._seen.setdefault(path, set())
        if parts.query in variants:
            return True
        if len(variants) >= self.limit:
            return False
        variants.add(parts.query)
        return True
