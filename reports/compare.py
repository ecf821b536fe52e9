"""Compare a new audit with an earlier one: which links were removed, remain, or are new.

Pure: rows in, rows out. The verify command (crawler/commands/verify.py) runs the new audit
and writes the files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GONE_STATUSES", "Verification", "compare", "compare_into", "finding_key"]

REMOVED, REMAINING, NEW = "removed", "remaining", "new"
#: A page answering with one of these is no longer published: its links are gone.
GONE_STATUSES = frozenset({404, 410})


def finding_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes a finding "the same link" across two audits.

    Line numbers and snippets move when a page is edited, so they are left out.

    >>> a = {"page_url": "https://b.example/p", "network": "taobao", "kind": "short link",
    ...      "rule": "taobao-short-click", "pid": None, "link": "https://s.click.taobao.com/AbC1234",
    ...      "location": "a[href]", "line": 10}
    >>> finding_key(a) == finding_key({**a, "line": 99})
    True
    """
    target = str(row.get("unwrapped") or row.get("link") or "")
    return (
        row.get("page_url"),
        row.get("network"),
        row.get("kind"),
        row.get("pid"),
        target.split("//", 1)[-1].lower(),
        row.get("location"),
    )


@dataclass
class Verification:
    rows: list[dict[str, Any]] = field(default_factory=list)
    """Every finding of either audit, with ``status`` (and ``verified``); empty from
    :func:`compare_into`, which hands them on instead."""
    unverified_pages: list[str] = field(default_factory=list)
    """Pages of the earlier audit that could not be fetched this time."""
    counts: Counter[str] = field(default_factory=Counter)
    """Findings per status."""

    def count(self, status: str) -> int:
        return self.counts[status]

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def remaining(self) -> int:
        return self.count(REMAINING)

    @property
    def new(self) -> int:
        return self.count(NEW)


def compare(previous: Iterable[Mapping[str, Any]], current: Iterable[Mapping[str, Any]],
            pages: Iterable[Mapping[str, Any]]) -> Verification:
    """Match the findings of two audits.

    ``pages`` are the page rows of the *current* audit. An earlier finding on a
    page that failed this time is kept as ``remaining`` with ``verified: False``:
    a page that could not be read is never counted as clean. A page that now
    answers 404 or 410 is gone, and so are its links.

    >>> old = [{"page_url": "p", "link": "https://s.click.taobao.com/AbC1234", "kind": "short link"},
    ...        {"page_url": "p", "link": "https://s.click.taobao.com/Zzz9999", "kind": "short link"}]
    >>> new = [{"page_url": "p", "link": "https://s.click.taobao.com/AbC1234", "kind": "short link"},
    ...        {"page_url": "p", "link": "https://s.click.taobao.com/New1234", "kind": "short link"}]
    >>> v = compare(old, new, [{"url": "p", "status": 200}])
    >>> [(r["link"][-7:], r["status"]) for r in v.rows]
    [('AbC1234', 'remaining'), ('New1234', 'new'), ('Zzz9999', 'removed')]
    """
    rows: list[dict[str, Any]] = []
    result = compare_into(previous, current, pages, rows.append)
    result.rows = rows
    return result


def compare_into(previous: Iterable[Mapping[str, Any]], current: Iterable[Mapping[str, Any]],
                 pages: Iterable[Mapping[str, Any]],
                 write: Callable[[dict[str, Any]], None]) -> Verification:
    """:func:`compare`, handing each row to ``write`` as it is decided instead of keeping it.

    The current audit's findings and pages are read once, as they come; only
    the earlier findings still unmatched, and one flag per page, are held.
    """
    failed: dict[Any, bool] = {}  # every page reached this time: could it be read?
    for p in pages:
        failed[p.get("url")] = bool(p.get("error")) and p.get("status") not in GONE_STATUSES

    earlier: dict[tuple[Any, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for row in previous:
        if row.get("status") != REMOVED:  # gone already in an earlier verify
            earlier[finding_key(row)].append(row)

    result = Verification()
    for row in current:
        matches = earlier.get(finding_key(row))
        status = REMAINING if matches else NEW
        if matches:
            matches.pop()
        result.counts[status] += 1
        write({**_plain(row), "status": status, "verified": True})

    unverified: set[str] = set()
    for rows in earlier.values():
        for row in rows:
            page = row.get("page_url")
            if failed.get(page, True):
                # Not reached or not readable: still there as far as anyone knows.
                unverified.add(str(page))
                result.counts[REMAINING] += 1
                write({**_plain(row), "status": REMAINING, "verified": False})
            else:
                result.counts[REMOVED] += 1
                write({**_plain(row), "status": REMOVED, "verified": True})
    result.unverified_pages = sorted(unverified)
    return result


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("status", "verified")}
