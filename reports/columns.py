"""The workbook's shape, shared by the writer (:mod:`reports.workbook`) and the reader
(:mod:`reports.readback`): sheets, columns and the words in their cells.

Sheet names and headers are catalogue keys (:mod:`crawler.i18n`): the workbook
speaks the run's language, and the reader knows them in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.i18n import Messages

MAX_WIDTH = 80  # the widest a column gets by default; longer text wraps

# Sheet ids (catalogue keys ``sheet.<id>``), in the workbook's order: the verdict, the
# work, the slots to delete, then the evidence and the run's own record.
SUMMARY, TO_REMOVE, AD_SLOTS, SLOT_PAGES = "summary", "to_remove", "ad_slots", "slot_pages"
FINDINGS, PAGES, NOT_AUDITED, RUN = "findings", "pages", "not_audited", "run"
SHEETS = (SUMMARY, TO_REMOVE, AD_SLOTS, SLOT_PAGES, FINDINGS, PAGES, NOT_AUDITED, RUN)
SEED_LABELS = ("seed_mode", "seed_url")
SEED_MODES = ("site", "page", "files")  # files: a path given to linkaudit scan
#: Keys of a finding row, in the JSONL record's order (``status`` only in verify reports).
FINDING_KEYS = (
    "page_url", "link", "network", "kind", "rule", "confidence", "location", "pid",
    "member_id", "site_id", "adzone_id", "unwrapped", "context", "line", "path", "extra", "mine",
)  # fmt: skip


def sheet_name(msg: Messages, sheet: str) -> str:
    return msg(f"sheet.{sheet}")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    """The row key the column shows."""
    label: str = ""
    """Catalogue key of the header, ``col.<label>``; the row key when empty."""
    cap: int = MAX_WIDTH
    """Widest the column gets; longer text wraps."""
    link: bool = False
    """Make http(s)/file URLs in this column clickable."""

    def header(self, msg: Messages) -> str:
        return msg(f"col.{self.label or self.key}")


STATUS_COLUMN = Column("status")
MINE_COLUMN = Column("mine")
# What was found, and where, before the ids: the anchor text is what a creator
# recognises, so it sits beside the link rather than behind four id columns.
FINDING_COLUMNS = (
    STATUS_COLUMN,
    Column("page_url", cap=60, link=True),
    # Not clickable on purpose: opening an affiliate link from the report
    # would register a click for the very account being cleaned up.
    Column("link", cap=60),
    # Ad-slot code and card selectors are not links: they show here, so the
    # Link column only ever holds a link or token as published.
    Column("code", cap=60),
    Column("context", cap=60),
    Column("network"),
    Column("kind"),
    Column("pid"),
    Column("member_id"),
    Column("site_id"),
    Column("adzone_id"),
    Column("confidence"),
    Column("location"),
    Column("line"),
    Column("unwrapped", cap=60),
    Column("rule"),
    Column("path", cap=60),
    # Not shown elsewhere, but read_findings() needs it to round-trip.
    Column("extra", cap=40),
)
# Only when the run followed short links (--resolve). The landing URL is not
# clickable either: it carries the affiliate's tracking id.
RESOLVE_COLUMNS = (Column("resolution", cap=40), Column("resolved_url", cap=60))
VERIFIED_COLUMN = Column("verified")
PAGE_COLUMNS = (
    Column("url", cap=60, link=True),
    Column("mode"),
    Column("seed", cap=50),
    Column("status", "http_status"),
    Column("findings"),
    Column("depth"),
    Column("redirects", cap=80),
    Column("audited"),
    Column("error", cap=60),
    Column("note", cap=60),
    VERIFIED_COLUMN,
)
NOT_AUDITED_COLUMNS = (
    Column("problem"),
    Column("where", "where_source", 60, link=True),
    Column("status", "http_status"),
    Column("reason", cap=40),
    Column("fix", cap=60),
    Column("why", cap=80),
    Column("line", "line_text", 60),
)
TO_REMOVE_COLUMNS = (
    Column("done", cap=10),
    Column("what", cap=60, link=True),
    Column("pages_count"),
    Column("search", cap=50),
    Column("words", cap=50),
    Column("where"),
    Column("network", cap=30),
    Column("ids", cap=40),
    Column("mine"),
    Column("occurrences"),
    Column("example_pages", cap=60),
    Column("status"),
)
AD_SLOT_COLUMNS = (
    Column("slot_status", cap=40),
    Column("todo", cap=60),
    Column("network", cap=30),
    Column("id_kind"),
    Column("id", cap=40),
    Column("member_id"),
    Column("site_id"),
    Column("adzone_id"),
    Column("mine"),
    Column("occurrences"),
    Column("pages_count"),
    Column("pages_before"),
    Column("kinds", cap=40),
)
SLOT_PAGE_COLUMNS = (Column("id", cap=40), Column("page_url", cap=80, link=True),
                     Column("status"))
SEED_COLUMNS = (Column("mode", "seed_mode"), Column("url", "seed_url", 80, link=True))
RUN_COLUMNS = (Column("field", cap=30), Column("value", cap=80))
REDIRECT_JOIN = " → "
#: Run fields the Run sheet lists (catalogue ``run_label.<key>``), which read_run() reads back.
RUN_FIELDS = ("command", "started", "finished", "complete", "finish_reason", "previous_report",
              "lang", "mine", "version")
