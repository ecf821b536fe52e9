"""Items the audit spider yields besides findings: one record per page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["PageRecord"]


@dataclass(slots=True)
class PageRecord:
    """One page the crawl tried to audit, whatever happened to it."""

    url: str
    mode: str
    """``site`` or ``page``: how the seed that led here is crawled."""
    seed: str
    status: int | None = None
    """HTTP status, ``None`` when no response arrived."""
    findings: int = 0
    depth: int = 0
    redirects: list[str] = field(default_factory=list)
    """URLs that redirected to this one, first to last."""
    error: str | None = None
    """Why the page could not be audited; ``None`` when it was."""
    note: str | None = None
    """Something worth knowing that is not an error (e.g. a redirect out of scope)."""
    audited: bool = True
    """False when the page's content was not read (an error, robots.txt, not HTML)."""
    rendered: bool = False
    """True when headless Chromium ran the page's scripts before it was audited."""
    script_inserts: str | None = None
    """On a page read without rendering: how an inline script inserts markup (e.g.
    ``innerHTML``); links it adds were not seen."""
    found_via: str | None = None
    """How the crawl found a page no link led to first: ``sitemap <url>``, ``RSS feed <url>``,
    ``robots.txt <url>``…; ``None`` for seeds and links."""

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        # A page with an error was not audited, whichever branch set the error.
        row["audited"] = self.audited and not self.error
        return row

    def add_note(self, note: str) -> None:
        """Add ``note`` after any note the page already has."""
        self.note = f"{self.note}; {note}" if self.note else note
