"""The one-line answer a creator reads first: clean, links to remove, or clean not proven.

Shared by the workbook's Summary and the CLI's closing lines, so both say the same.
Pure: counts in, a :class:`Verdict` out; the words come from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.i18n import Messages

__all__ = ["CLEAN", "NOT_PROVEN", "REMOVE", "Verdict", "verdict"]

CLEAN, REMOVE, NOT_PROVEN = "clean", "remove", "not_proven"


@dataclass(frozen=True, slots=True)
class Verdict:
    key: str
    """:data:`CLEAN`, :data:`REMOVE` or :data:`NOT_PROVEN`."""
    links: int
    """Links still published (a verify report: remaining and new)."""
    pages: int
    """Pages they are on."""
    not_audited: int
    """Pages that could not be audited, and seeds refused."""
    left_out: bool
    """The crawl stopped early or a cap kept it from pages: more may be out there."""

    def text(self, msg: Messages) -> str:
        """The verdict in one line.

        >>> from crawler.i18n import messages
        >>> verdict(links=3, pages=2, not_audited=0).text(messages("en"))
        '3 links on 2 pages to remove'
        >>> verdict(links=0, pages=0, not_audited=4).text(messages("zh"))
        '未能证明已清理干净：4 个页面未能审计'
        """
        if self.key == REMOVE:
            line = msg("verdict.remove", links=self.links, pages=self.pages)
            if self.not_audited:
                line += msg("verdict.and_not_audited", count=self.not_audited)
            return line
        if self.key == NOT_PROVEN:
            if self.not_audited:
                return msg("verdict.not_proven", count=self.not_audited)
            return msg("verdict.not_proven_left_out")
        return msg("verdict.clean")


def verdict(*, links: int, pages: int, not_audited: int, left_out: bool = False) -> Verdict:
    """Clean only when nothing is left to remove and nothing was left unread.

    >>> verdict(links=0, pages=0, not_audited=0).key, verdict(links=1, pages=1, not_audited=2).key
    ('clean', 'remove')
    >>> verdict(links=0, pages=0, not_audited=0, left_out=True).key
    'not_proven'
    """
    if links:
        key = REMOVE
    elif not_audited or left_out:
        key = NOT_PROVEN
    else:
        key = CLEAN
    return Verdict(key, links, pages, not_audited, left_out)
