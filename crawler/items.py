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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
