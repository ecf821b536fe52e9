"""The workbook's shape, shared by the writer (:mod:`reports.workbook`) and the reader
(:mod:`reports.readback`): sheet names, columns and headers, Summary labels.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_WIDTH = 80  # the widest a column gets by default; longer text wraps

SUMMARY, FINDINGS, AD_SLOTS, PAGES, ERRORS = "Summary", "Findings", "Ad slots", "Pages", "Errors"
SHEET_NAMES = (SUMMARY, FINDINGS, AD_SLOTS, PAGES, ERRORS)
SEED_HEADER = ("Seed mode", "Seed URL")
SEED_MODES = ("site", "page", "files")  # files: a path given to linkaudit scan
#: Keys of a finding row, in the JSONL record's order (``status`` only in verify reports).
FINDING_KEYS = (
    "page_url", "link", "network", "kind", "rule", "confidence", "location", "pid",
    "member_id", "site_id", "adzone_id", "unwrapped", "context", "line", "path", "extra", "mine",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    cap: int = MAX_WIDTH
    """Widest the column gets; longer text wraps."""
    link: bool = False
    """Make http(s)/file URLs in this column clickable."""


STATUS_COLUMN = Column("status", "Status")
FINDING_COLUMNS = (
    STATUS_COLUMN,
    Column("page_url", "Page URL", 60, link=True),
    # Not clickable on purpose: opening an affiliate link from the report
    # would register a click for the very account being cleaned up.
    Column("link", "Link", 60),
    Column("network", "Network"),
    Column("kind", "Kind"),
    Column("confidence", "Confidence"),
    Column("pid", "PID"),
    Column("member_id", "Member id"),
    Column("site_id", "Site id"),
    Column("adzone_id", "Ad slot (adzone) id"),
    Column("location", "Location"),
    Column("line", "Line"),
    Column("context", "Context", 60),
    Column("unwrapped", "Unwrapped URL", 60),
    Column("rule", "Rule"),
    Column("path", "Path", 60),
    # Not in the brief's list, but read_findings() needs it to round-trip.
    Column("extra", "Extra", 40),
)
# "Yours?" appears only when the run was told the creator's ids (--mine).
MINE_COLUMN = Column("mine", "Yours?")
# Only when the run followed short links (--resolve). The landing URL is not
# clickable either: it carries the affiliate's tracking id.
RESOLVE_COLUMNS = (Column("resolution", "Resolved?", 40),
                    Column("resolved_url", "Resolved URL", 60))
AD_SLOT_COLUMNS = (
    Column("pid", "PID"),
    Column("member_id", "Member id"),
    Column("site_id", "Site id"),
    Column("adzone_id", "Ad slot (adzone) id"),
    Column("occurrences", "Occurrences"),
    Column("pages", "Pages"),
    Column("page_list", "Page list", 80),
    Column("kinds", "Kinds", 40),
)
VERIFIED_COLUMN = Column("verified", "Verified")
PAGE_COLUMNS = (
    Column("url", "URL", 60, link=True),
    Column("mode", "Mode"),
    Column("seed", "Seed", 50),
    Column("status", "HTTP status"),
    Column("findings", "Findings"),
    Column("depth", "Depth"),
    Column("redirects", "Redirect chain", 80),
    Column("audited", "Audited"),
    Column("error", "Error", 60),
    Column("note", "Note", 60),
    VERIFIED_COLUMN,
)
ERROR_COLUMNS = (
    Column("problem", "Problem"),
    Column("where", "URL or source", 60, link=True),
    Column("status", "HTTP status"),
    Column("line", "Line text", 60),
    Column("why", "Why", 80),
)
PAGE_FAILED, BAD_SEED = "page not audited", "bad seed line"
REDIRECT_JOIN = " → "

# Summary labels that read_run() maps back to run keys.
RUN_LABELS = {
    "Command": "command",
    "Started": "started",
    "Finished": "finished",
    "Crawl complete": "complete",
    "Previous report": "previous_report",
    "Note": "notes",
}
