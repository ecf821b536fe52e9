"""Shapes of the labelled detector corpus (see ``taobao_positive`` / ``taobao_negative``).

A test compares the detector's findings with a case as a *set* of
``(network, kind, pid)`` triples.  :class:`Expect` compares and hashes like that
plain tuple, so both of these work::

    {(f.network, f.kind, f.pid) for f in findings} == set(case.expect)
    {(f.network, f.kind, f.pid) for f in findings} == case.expected_triples()
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass

NETWORK = "taobao"

#: Every kind a case in this corpus may expect (the lead's kinds table).
KINDS = frozenset(
    {
        "click link",
        "short link",
        "legacy click link",
        "coupon link",
        "pid link",
        "landing link",
        "search form",
        "ad-slot code",
        "converted link",
        "pid",
        "token",
        "share link",
        "mini-program link",
        "storefront",
    }
)

#: Where the link sits in the fragment.  Each case's ``note`` starts with ``[<placement>]``.
PLACEMENTS = frozenset(
    {
        "a-href",
        "a-href-protocol-relative",
        "a-href-unquoted",
        "a-href-amp",
        "uppercase-tags",
        "img-src",
        "iframe-src",
        "script-src",
        "script-literal",
        "json",
        "window-open",
        "location-href",
        "onclick",
        "comment",
        "data-attr",
        "meta-refresh",
        "form",
        "text",
        "markdown",
        "yaml",
        "code",
        "whole-page",
        "wrapped",
    }
)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REAL_PID = re.compile(r"^mm_\d{5,12}_\d{1,12}_\d{1,13}$")
_PLACEMENT = re.compile(r"^\[([a-z-]+)\]")


@dataclass(frozen=True)
class Expect:
    network: str  # "taobao" for everything in this corpus
    kind: str  # see KINDS
    pid: str | None = None

    # Compare/hash as the plain (network, kind, pid) tuple so a set of these equals
    # the set of triples built from the detector's findings.
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Expect):
            return astuple(self) == astuple(other)
        if isinstance(other, tuple):
            return astuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(astuple(self))


@dataclass(frozen=True)
class Case:
    id: str  # unique, kebab-case, says what it covers
    html: str  # an HTML fragment or whole page (or plain text)
    expect: tuple[Expect, ...] = ()  # empty for negatives
    page_url: str = "https://blog.example.com/post/1.html"
    note: str = ""  # "[placement] why (source in the reference, e.g. ref §1.4 A3)"

    def expected_triples(self) -> set[tuple[str, str, str | None]]:
        return {(e.network, e.kind, e.pid) for e in self.expect}

    @property
    def placement(self) -> str:
        m = _PLACEMENT.match(self.note)
        return m.group(1) if m else ""


def tb(kind: str, pid: str | None = None) -> Expect:
    """Shorthand for an expected Taobao finding."""
    return Expect(NETWORK, kind, pid)


def check(cases: Iterable[Case], *, negative: bool = False) -> list[Case]:
    """Validate a corpus list (unique kebab-case ids, known kinds/placements, real PIDs).

    Raises ``ValueError`` on the first problem; returns the cases as a list.
    """
    out = list(cases)
    seen: set[str] = set()
    for c in out:
        if not _ID.match(c.id):
            raise ValueError(f"id is not kebab-case: {c.id!r}")
        if c.id in seen:
            raise ValueError(f"duplicate id: {c.id!r}")
        seen.add(c.id)
        if c.placement not in PLACEMENTS:
            raise ValueError(f"{c.id}: note must start with a known [placement]: {c.note!r}")
        if negative and c.expect:
            raise ValueError(f"{c.id}: a negative case expects no finding")
        if not negative and not c.expect and "expect none" not in c.note:
            raise ValueError(f"{c.id}: a positive case needs at least one Expect")
        for e in c.expect:
            if e.network != NETWORK or e.kind not in KINDS:
                raise ValueError(f"{c.id}: bad expectation {e!r}")
            if e.pid is not None and not _REAL_PID.match(e.pid):
                raise ValueError(f"{c.id}: expected pid is not a real-looking PID: {e.pid!r}")
            # A PID published without "mm_" (simba p=<a>_<b>_<c>) is reported with it.
            if e.pid is not None and e.pid.removeprefix("mm_") not in c.html:
                raise ValueError(f"{c.id}: expected pid {e.pid!r} does not occur in the html")
    return out


def check_disjoint(*lists: Iterable[Case]) -> None:
    """Raise ``ValueError`` if an id is used in more than one list."""
    seen: set[str] = set()
    for cases in lists:
        for c in cases:
            if c.id in seen:
                raise ValueError(f"id used in two lists: {c.id!r}")
            seen.add(c.id)
