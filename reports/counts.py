"""Tallies over a record's rows, gathered in one streaming pass.

The CLI's closing summary and the workbook's Summary sheet need counts, not
rows: counting as the rows go by keeps memory flat however large the crawl.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FindingCounts", "PageCounts", "count_findings", "count_pages", "is_audited",
           "is_verified"]


def is_audited(page: Mapping[str, Any]) -> bool:
    # Skipped pages (robots.txt, not HTML) carry audited=False without an error.
    return bool(page.get("audited", True)) and not page.get("error")


def is_verified(page: Mapping[str, Any]) -> bool:
    # Pages written without the flag were verified exactly when they loaded.
    return bool(page.get("verified", not page.get("error")))


@dataclass(slots=True)
class PageCounts:
    """What the page rows of a record add up to."""

    total: int = 0
    audited: int = 0
    failed: int = 0
    not_verified: int = 0
    rendered: int = 0
    """Pages rendered in Chromium (``--render``)."""
    script_inserts: int = 0
    """Pages that build content with JavaScript but were not rendered."""
    with_verified: bool = False
    """Some row carries ``verified``: a verify run's record."""

    @property
    def skipped(self) -> int:
        """Neither audited nor failed: robots.txt, not HTML, broken links."""
        return self.total - self.audited - self.failed

    def add(self, page: Mapping[str, Any]) -> None:
        self.total += 1
        if page.get("error"):
            self.failed += 1
        elif page.get("audited", True):
            self.audited += 1
        if not is_verified(page):
            self.not_verified += 1
        if page.get("rendered"):
            self.rendered += 1
        if page.get("script_inserts"):
            self.script_inserts += 1
        if "verified" in page:
            self.with_verified = True


def count_pages(pages: Iterable[Mapping[str, Any]]) -> PageCounts:
    """Count page rows as they come.

    >>> c = count_pages([{"url": "a"}, {"url": "b", "error": "timeout"},
    ...                  {"url": "c", "audited": False}])
    >>> c.audited, c.failed, c.skipped, c.not_verified
    (1, 1, 1, 1)
    """
    counts = PageCounts()
    for page in pages:
        counts.add(page)
    return counts


@dataclass(slots=True)
class FindingCounts:
    """What the finding rows of a record add up to, for the CLI's closing summary."""

    total: int = 0
    pids: Counter[str] = field(default_factory=Counter)
    """Findings per visible PID."""
    hidden: int = 0
    """Findings that show no PID (short links, tokens, encrypted click links…)."""
    yours: int = 0
    others: int = 0
    pages: set[str] = field(default_factory=set)
    """The pages the findings are on."""

    def add(self, finding: Mapping[str, Any]) -> None:
        self.total += 1
        page = finding.get("page_url")
        if page:
            self.pages.add(str(page))
        pid = finding.get("pid")
        if pid:
            self.pids[pid] += 1
        else:
            self.hidden += 1
        mine = finding.get("mine")
        if mine is True:
            self.yours += 1
        elif mine is False:
            self.others += 1


def count_findings(findings: Iterable[Mapping[str, Any]]) -> FindingCounts:
    """Count finding rows as they come.

    >>> c = count_findings([{"pid": "mm_1_2_3", "mine": True}, {"pid": "mm_1_2_3"},
    ...                     {"pid": None, "mine": False}])
    >>> c.total, dict(c.pids), c.hidden, c.yours, c.others, len(c.pages)
    (3, {'mm_1_2_3': 2}, 1, 1, 1, 0)
    """
    counts = FindingCounts()
    for finding in findings:
        counts.add(finding)
    return counts
