"""Why a page could not be audited, as a key the "Could not audit" sheet turns into words.

A page's ``error`` (or, for a page skipped on purpose, its ``note``) is written
in English by whichever part of linkaudit gave up on it: the download
(spiders/failures.py), the page audit (crawler/pageaudit.py), a login wall
(crawler/site/walls.py), the retry middleware, the file scan. The sheet speaks
the creator's language, so each string is mapped to one reason key, whose words
(``reason.<key>``) and fix (``fix.<key>``, naming the flag or command) are in
the catalogues.

The mapping is data (:data:`RULES`): an ordered table of patterns and status
ranges, the first match wins. Pure: no Scrapy, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["BAD_SEED", "OTHER", "REASONS", "RULES", "Reason", "Rule", "classify",
           "classify_bad_seed", "page_reason"]

BAD_SEED = "bad_seed"
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: an error matching ``pattern`` (when given) on a page that
    answered with a status in ``statuses`` (when given) has reason ``key``."""

    key: str
    pattern: re.Pattern[str] | None = None
    statuses: Container[int] | None = None

    def matches(self, text: str, status: int | None) -> bool:
        if self.statuses is not None and (status is None or status not in self.statuses):
            return False
        return self.pattern is None or bool(self.pattern.search(text))


def _rule(key: str, pattern: str | None = None,
          statuses: Container[int] | None = None) -> Rule:
    return Rule(key, re.compile(pattern) if pattern is not None else None, statuses)


# The strings are anchored where their producer starts them: a wall's message
# quotes the page ("the page says …") and a note names URLs, and either may hold
# any word ("timeout", "login", "404").
RULES: tuple[Rule, ...] = (
    # A page that is gone has nothing to remove, whatever its 404 page says: a short
    # "page not found, log in" body is read as a login wall by crawler.site.walls.
    _rule("not_found", statuses=frozenset({404, 410})),
    _rule("not_found", r"^HTTP (?:404|410): no such page"),
    # crawler/site/walls.py: "could not audit: <kind> (<sign>); <hint>".
    _rule("login_required", r"^could not audit: login wall \("),
    _rule("captcha", r"^could not audit: (?:captcha|browser check) \("),
    _rule("blocked", r"^could not audit: (?:blocked|access refused) \("),
    _rule("needs_render", r"^not rendered: the page builds (?:its )?content with JavaScript"),
    # spiders/failures.py, crawler/middlewares/tls.py and auth.py.
    _rule("robots", r"^(?:robots\.txt forbids fetching|skipped: robots\.txt disallows)"),
    _rule("dns", r"^DNS lookup failed"),
    _rule("connection", r"^(?:connection refused|connection reset by the server"
                        r"|the server closed the connection)"),
    _rule("timeout", r"^timed out: no complete answer"),
    _rule("tls", r"^(?:TLS handshake failed|the TLS certificate is not)"),
    _rule("insecure_login", r"^not fetched: --(?:cookies|header)\b.* only sent over https"),
    _rule("too_large", r"^(?:response )?larger than "),
    # crawler/middlewares/retry.py, appended to the status: Retry-After beyond the wait.
    _rule("rate_limited", r"; the server asked to come back in \d"),
    # crawler/pageaudit.py.
    _rule("not_decodable", r"^(?:content encoded as .*, which cannot be decoded"
                           r"|\S+-compressed content the server did not declare)"),
    _rule("not_html", r"^not a text page \("),
    _rule("bad_sitemap", r"^could not read this sitemap or feed: "),
    _rule("redirect", r"^(?:HTTP \d{3} redirect without a Location header"
                      r"|more than \d+ redirects|redirect loop$)"),
    # spiders/audit.py: a URL read two ways, or one the crawl was told not to follow.
    _rule("not_requested", r"^(?:not requested \(|redirects to .+, not requested: this URL )"),
    _rule("out_of_scope", r"^(?:redirects|meta refresh) to .+ \(outside the audit scope;"
                          r"|\(excluded by --include/--exclude; not followed\)$"),
    # crawler/localfiles/scan.py.
    _rule("file_unreadable", r"^cannot be read: "),
    _rule("bad_export", r"^not well-formed XML at line "),
    # Statuses alone (crawler.pageaudit.http_error), after the texts that say more.
    _rule("rate_limited", statuses=frozenset({429})),
    _rule("timeout", statuses=frozenset({408})),
    _rule("server_error", statuses=range(500, 600)),
    _rule("client_error", statuses=range(400, 500)),
)

REASONS: tuple[str, ...] = (*dict.fromkeys(rule.key for rule in RULES), BAD_SEED, OTHER)
"""Every reason key (words: ``reason.<key>``, fix: ``fix.<key>`` in the catalogues)."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a page was not audited: a key of :data:`REASONS`."""

    key: str

    @property
    def reason_message(self) -> str:
        """Catalogue key of the reason's words."""
        return f"reason.{self.key}"

    @property
    def fix_message(self) -> str:
        """Catalogue key of what to do about it."""
        return f"fix.{self.key}"


def classify(error: str, status: int | None = None) -> Reason:
    """The reason of a page's ``error`` (or note), given the HTTP status it answered with.

    >>> classify("timed out: no complete answer within 30 s").key
    'timeout'
    >>> classify("HTTP 503 Service Unavailable (a server error)", 503).key
    'server_error'
    >>> classify("could not audit: login wall (the page says 请先登录); …", 404).key
    'not_found'
    >>> classify("something new").key
    'other'
    """
    text = error.strip()
    for rule in RULES:
        if rule.matches(text, status):
            return Reason(rule.key)
    return Reason(OTHER)


def classify_bad_seed(why: str) -> Reason:
    """The reason of a refused seed line (``run["bad_seeds"]``, whatever its ``why``)."""
    return Reason(BAD_SEED)


def page_reason(page: Mapping[str, Any]) -> Reason | None:
    """Why a Pages row was not audited; ``None`` for a page that was, or that was not
    meant to be (a sitemap: the pages it lists are audited instead).

    >>> page_reason({"url": "u", "status": None, "error": "redirect loop"}).key
    'redirect'
    >>> page_reason({"url": "u", "audited": False, "note": "sitemap: lists 3 page(s)"}) is None
    True
    >>> page_reason({"url": "u", "note": "redirects to https://x.example/"}) is None
    True
    """
    status = page.get("status")
    status = status if isinstance(status, int) else None
    if page.get("error"):
        return classify(str(page["error"]), status)
    if page.get("audited", True) or not page.get("note"):
        return None
    reason = classify(str(page["note"]), status)
    return None if reason.key == OTHER else reason
