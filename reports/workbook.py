"""Write the linkaudit Excel report from plain rows (read back by :mod:`reports.readback`).

The sheets are Summary, Findings, Ad slots, Pages and Errors. Writing streams
through openpyxl's write-only mode so 100k findings stay fast and small in
memory. The JSON Lines record is the source of truth; the readers here are the
fallback when it is missing, and the way ``verify`` recovers a report's seeds.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from reports.columns import (
    AD_SLOT_COLUMNS,
    AD_SLOTS,
    BAD_SEED,
    ERROR_COLUMNS,
    ERRORS,
    FINDING_COLUMNS,
    FINDINGS,
    MAX_WIDTH,
    MINE_COLUMN,
    PAGE_COLUMNS,
    PAGE_FAILED,
    PAGES,
    REDIRECT_JOIN,
    RESOLVE_COLUMNS,
    SEED_HEADER,
    SHEET_NAMES,
    SUMMARY,
    Column,
)
from reports.counts import PageCounts, count_pages, is_audited, is_verified
from reports.errors import ReportError
from reports.fileurls import is_local_file_url
from reports.layout import SheetLayout
from reports.layout import display_width as _display_width
from reports.pageorder import PageRuns, in_page_order
from reports.record import StrPath
from reports.rows import RowSource, rows_of
from reports.sheetlinks import MAX_HYPERLINKS, SheetLinks
from reports.sheetparts import MAX_SHEET_ROWS, SheetParts, part_name
from reports.xlsxrows import CellStyle, Styled

logger = logging.getLogger(__name__)

Value = str | int | float | bool | None
RowsAgain = Callable[[], Iterable[Sequence[Value]]]


# Excel's own limits ("Excel specifications and limits").
_MAX_CELL_CHARS = 32_767
_MAX_URL_CHARS = 2_079  # Excel drops longer hyperlink targets
_MIN_WIDTH = 8
_MAX_PAGE_LIST = 20  # pages named per ad slot; the Findings sheet has them all
_TRUNCATED = " …[truncated]"

# openpyxl's list plus what lxml refuses to write (lone surrogates, U+FFFE, U+FFFF).
_ILLEGAL_RE = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\ud800-\udfff\ufffe\uffff]")
# Spreadsheet apps treat text starting with these as a formula once the cell is
# edited or exported (CSV/formula injection), so such text gets a quote prefix.
_FORMULA_START = frozenset("=+-@\t\r")
# Clickable: web pages, and files of this machine (a file:// URL with a host opens a
# network share, and Windows sends the user's credentials to it).
_LINK_SCHEMES = ("http://", "https://")
_SPACE_RE = re.compile(r"\s")
# Name and size spelled out: a font without them renders in some other size
# in LibreOffice. Calibri 11 is openpyxl's (and Excel's) default body font.
_BOLD = Font(name="Calibri", size=11, bold=True)
_TITLE = Font(name="Calibri", size=14, bold=True)
_WRAP = Alignment(wrap_text=True)
_LINK = CellStyle(style="Hyperlink")
_WRAPPED = CellStyle(alignment=_WRAP)
_TEXT = CellStyle(quotePrefix=True)
_WRAPPED_TEXT = CellStyle(alignment=_WRAP, quotePrefix=True)


_MINE_LABELS = {True: "yes", False: "no", None: None}


# -- writing ------------------------------------------------------------------


def write_workbook(
    path: StrPath,
    *,
    run: Mapping[str, Any],
    findings: Iterable[Mapping[str, Any]] | RowSource,
    pages: Iterable[Mapping[str, Any]] | RowSource,
    max_rows: int = MAX_SHEET_ROWS,
    lang: str | None = None,
) -> Path:
    """Write the report workbook and return its path.

    *lang* (``zh``/``en``) is the language it speaks; by default the run's
    (``run["lang"]``), else English.

    *findings* and *pages* are plain rows as in the JSONL record; *run* is the
    run metadata. Findings that carry a ``status`` make it a verify report:
    a Status column, removed/remaining/new counts, and findings marked
    ``removed`` left out of the per-network/member counts and the Ad slots
    checklist (they are no longer published).

    Rows given as a :class:`~reports.rows.RowSource` (a record on disk) are
    read again for each pass instead of being held: memory stays flat
    however many findings and pages there are. Other iterables are listed.

    A sheet never holds more than *max_rows* rows (Excel's limit by default):
    the rest continue on "Findings (2)", "Findings (3)", … right after it,
    each with the header, and the Summary says so.

    The file is written to a temporary name and then renamed, so an existing
    report is never left half overwritten.
    """
    path = Path(path)
    finding_rows, page_rows = rows_of(findings), rows_of(pages)

    wb = Workbook(write_only=True)
    try:
        _fill_and_save(wb, path, run, finding_rows, page_rows, max_rows)
    except BaseException:
        _discard(wb)
        raise
    return path


def _fill_and_save(wb: Workbook, path: Path, run: Mapping[str, Any], finding_rows: RowSource,
                   page_rows: RowSource, max_rows: int) -> None:
    # Create every sheet first to fix their order; Summary is filled last
    # because it reports on the others. Continuation sheets go in as needed.
    sheets = {name: wb.create_sheet(name) for name in SHEET_NAMES}

    tally, findings = _write_findings(wb, sheets[FINDINGS], finding_rows, max_rows)
    # A verify run that finds nothing at all still reports its (zero) counts.
    verify = tally.with_status or run.get("command") == "verify"
    ad_slots = _write_table(wb, sheets[AD_SLOTS], AD_SLOT_COLUMNS, _ad_slot_rows(tally.slots),
                            max_rows)

    page_counts = count_pages(_each(page_rows))
    page_columns = PAGE_COLUMNS if page_counts.with_verified else PAGE_COLUMNS[:-1]
    pages = _write_table(
        wb, sheets[PAGES], page_columns,
        lambda: _page_rows(_each(page_rows), page_counts.with_verified), max_rows,
    )
    errors = _write_table(wb, sheets[ERRORS], ERROR_COLUMNS,
                          lambda: _error_rows(_each(page_rows), run), max_rows)

    tables = (findings, ad_slots, pages, errors)
    notes = [_continued_note(table.names, max_rows) for table in tables if len(table.parts) > 1]
    notes += [
        f"Only the first {MAX_HYPERLINKS:,} URLs on {part.ws.title} are clickable: "
        "Excel allows no more hyperlinks per sheet."
        for table in tables
        for part in table.parts
        if part.links.overflow
    ]
    summary_rows = _summary_rows(path, run, tally, page_counts, verify=verify, report_notes=notes)
    if len(summary_rows) > max_rows:  # thousands of seeds or member ids
        # The note is one row more; the parts it names are counted with it.
        parts = -(-(len(summary_rows) + 1) // max_rows)
        names = [part_name(SUMMARY, n) for n in range(1, parts + 1)]
        summary_rows = _summary_rows(path, run, tally, page_counts, verify=verify,
                                     report_notes=[*notes, _continued_note(names, max_rows)])
    summary = _write_summary(wb, sheets[SUMMARY], summary_rows, max_rows)
    _save(wb, path, [part.links for table in (summary, *tables) for part in table.parts])


def _each(rows: RowSource) -> Iterator[Mapping[str, Any]]:
    """Every row of ``rows``, read again from the start."""
    return (row for _start, _end, row in rows.spans())


def _continued_note(names: Sequence[str], max_rows: int) -> str:
    return (f"The {names[0]} sheet continues on {', '.join(names[1:])}: a sheet holds at most "
            f"{max_rows:,} rows here (Excel opens no sheet of more than {MAX_SHEET_ROWS:,}).")


def _discard(wb: Workbook) -> None:
    """Close and remove the sheets' temporary files after a failed write (e.g. disk full).

    Left to the garbage collector, each would report its failed flush on stderr.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with suppress(Exception):  # the write already failed; that error is raised
            writer.close()
        with suppress(OSError, ValueError):
            writer.cleanup()


# Every column the Findings sheet can have; which appear depends on the rows.
_ALL_FINDING_COLUMNS = (*FINDING_COLUMNS, MINE_COLUMN, *RESOLVE_COLUMNS)


def _finding_cells(finding: Mapping[str, Any], keys: Sequence[str]) -> tuple[Value, ...]:
    return tuple(
        _MINE_LABELS.get(finding.get(key)) if key == "mine" else _plain(finding.get(key))
        for key in keys
    )


def finding_columns(*, with_status: bool, with_mine: bool,
                    with_resolution: bool) -> tuple[Column, ...]:
    """The Findings sheet's columns: Status in verify reports, Yours? with ``--mine``,
    the resolution's two with ``--resolve``.

    >>> [c.header for c in finding_columns(with_status=False, with_mine=True,
    ...                                    with_resolution=False)][:3]
    ['Page URL', 'Yours?', 'Link']
    """
    columns: tuple[Column, ...] = FINDING_COLUMNS if with_status else FINDING_COLUMNS[1:]
    if with_mine:
        at = 2 if with_status else 1  # right after the page URL
        columns = (*columns[:at], MINE_COLUMN, *columns[at:])
    if with_resolution:
        at = next(i for i, c in enumerate(columns) if c.key == "unwrapped") + 1
        columns = (*columns[:at], *RESOLVE_COLUMNS, *columns[at:])
    return columns


def finding_cells(finding: Mapping[str, Any], keys: Sequence[str]) -> tuple[Value, ...]:
    """One finding's cells under the columns ``keys``, as the Findings sheet shows them."""
    return _finding_cells(finding, keys)


def page_cells(pages: Iterable[Mapping[str, Any]],
               with_verified: bool) -> Iterator[tuple[Value, ...]]:
    """The Pages sheet's rows (:data:`~reports.columns.PAGE_COLUMNS`, Verified when asked)."""
    return _page_rows(pages, with_verified)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet app would take ``text`` for a formula or an error value.

    Such text is written as text and marked so (CSV/formula injection).

    >>> is_formula_like('=HYPERLINK("http://x")'), is_formula_like("#N/A"), is_formula_like("a=b")
    (True, True, False)
    """
    return bool(text) and (text[0] in _FORMULA_START or text in ERROR_CODES)


def _write_findings(wb: Workbook, ws: Any, findings: RowSource,
                    max_rows: int) -> tuple[_Tally, SheetParts]:
    """Fill the Findings sheet in page order; return the counts over the findings.

    The first pass over the rows settles which columns appear and how wide
    they are, and notes where each page's findings lie; the second writes
    them a page at a time (see :mod:`reports.pageorder`).
    """
    widths = _Widths(_ALL_FINDING_COLUMNS)
    keys = [c.key for c in _ALL_FINDING_COLUMNS]
    runs = PageRuns()
    with_status = with_mine = with_resolution = False
    for start, end, finding in findings.spans():
        runs.add(start, end, finding)
        widths.add(_finding_cells(finding, keys))
        with_status = with_status or bool(finding.get("status"))
        with_mine = with_mine or finding.get("mine") is not None
        with_resolution = with_resolution or "resolution" in finding

    columns = finding_columns(with_status=with_status, with_mine=with_mine,
                              with_resolution=with_resolution)
    width_of = dict(zip(keys, widths.result(), strict=True))
    keys = [c.key for c in columns]

    tally = _Tally(with_status=with_status)
    with findings.reader() as read:
        def rows() -> Iterator[tuple[Value, ...]]:
            for finding in in_page_order(runs, read):
                tally.add(finding)
                yield _finding_cells(finding, keys)

        sheet = _write_rows(wb, ws, columns, [width_of[key] for key in keys], rows(), max_rows)
    return tally, sheet


@dataclass(slots=True)
class _Slot:
    member_id: Any
    site_id: Any
    adzone_id: Any
    occurrences: int = 0
    pages: dict[str, None] = field(default_factory=dict)  # ordered set
    kinds: dict[str, None] = field(default_factory=dict)


@dataclass(slots=True)
class _Tally:
    """Counts over the findings, gathered in the same pass that builds the table."""

    with_status: bool = False
    """Some finding carries a status: a verify report."""
    total: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    networks: Counter[str] = field(default_factory=Counter)
    members: Counter[str] = field(default_factory=Counter)
    member_pids: dict[str, set[str]] = field(default_factory=dict)
    slots: dict[str, _Slot] = field(default_factory=dict)
    mine: Counter[str] = field(default_factory=Counter)

    def add(self, finding: Mapping[str, Any]) -> None:
        self.total += 1
        status = finding.get("status")
        if status:
            self.statuses[str(status)] += 1
        if status == "removed":
            # Gone from the site: not a link to clean up, so not in the
            # per-network counts or the ad-slot checklist.
            return
        self.networks[_label(finding.get("network"), _NO_NETWORK)] += 1
        if "mine" in finding and finding["mine"] is not None:
            self.mine["yours" if finding["mine"] else "someone else's"] += 1
        member = _label(finding.get("member_id"), _NO_MEMBER)
        self.members[member] += 1
        pid = finding.get("pid")
        if pid is None:
            return
        pid = str(pid)
        self.member_pids.setdefault(member, set()).add(pid)
        slot = self.slots.get(pid)
        if slot is None:
            slot = self.slots[pid] = _Slot(
                finding.get("member_id"), finding.get("site_id"), finding.get("adzone_id")
            )
        slot.occurrences += 1
        slot.pages[str(finding.get("page_url") or "")] = None
        if finding.get("kind"):
            slot.kinds[str(finding["kind"])] = None


_NO_NETWORK, _NO_MEMBER = "(no network)", "(no member id)"


def _label(value: Any, missing: str) -> str:
    return missing if value is None or value == "" else str(value)


def _ranked(counts: Counter[str], missing: str) -> list[tuple[str, int]]:
    """Most frequent first, the "(no …)" bucket last."""
    return sorted(counts.items(), key=lambda item: (item[0] == missing, -item[1], item[0]))


def _ad_slot_rows(slots: Mapping[str, _Slot]) -> list[tuple[Value, ...]]:
    ranked = sorted(slots.items(), key=lambda item: (-item[1].occurrences, item[0]))
    rows: list[tuple[Value, ...]] = []
    for pid, slot in ranked:
        pages = list(slot.pages)
        page_list = "\n".join(pages[:_MAX_PAGE_LIST])
        if len(pages) > _MAX_PAGE_LIST:
            page_list += f"\n… and {len(pages) - _MAX_PAGE_LIST} more (filter Findings by this PID)"
        rows.append(
            (
                _plain(pid),
                _plain(slot.member_id),
                _plain(slot.site_id),
                _plain(slot.adzone_id),
                slot.occurrences,
                len(pages),
                _plain(page_list),
                _plain(", ".join(slot.kinds)),
            )
        )
    return rows


def _page_rows(pages: Iterable[Mapping[str, Any]],
               with_verified: bool) -> Iterator[tuple[Value, ...]]:
    for page in pages:
        redirects = page.get("redirects")
        if isinstance(redirects, list | tuple):
            redirects = REDIRECT_JOIN.join(str(url) for url in redirects)
        row: tuple[Value, ...] = (
            _plain(page.get("url")),
            _plain(page.get("mode")),
            _plain(page.get("seed")),
            _plain(page.get("status")),
            _plain(page.get("findings")),
            _plain(page.get("depth")),
            _plain(redirects),
            _yes_no(is_audited(page)),
            _plain(page.get("error")),
            _plain(_page_note(page)),
        )
        if with_verified:
            row += (_yes_no(is_verified(page)),)
        yield row


def _page_note(page: Mapping[str, Any]) -> str | None:
    """The Note cell: the page's note and, for a page no link led to, how the crawl found it."""
    via = page.get("found_via")
    parts = [page.get("note"), f"found via {via}" if via else None]
    return "; ".join(str(part) for part in parts if part) or None


def _error_rows(
    pages: Iterable[Mapping[str, Any]], run: Mapping[str, Any]
) -> Iterator[tuple[Value, ...]]:
    for p in pages:
        if p.get("error"):
            yield (PAGE_FAILED, _plain(p.get("url")), _plain(p.get("status")), None,
                   _plain(p["error"]))
    for bad in run.get("bad_seeds") or ():
        yield (
            BAD_SEED,
            _plain(bad.get("source")),
            None,
            _plain(bad.get("line")),
            _plain(bad.get("why")),
        )


def _yes_no(flag: Any) -> str:
    return "yes" if flag else "no"


def _summary_rows(
    path: Path,
    run: Mapping[str, Any],
    tally: _Tally,
    pages: PageCounts,
    *,
    verify: bool,
    report_notes: Sequence[str],
) -> list[tuple[str, tuple[Any, ...]]]:
    """Summary content as ``(style, cells)``; style is title/text/bold/seed/blank."""
    command = str(run.get("command") or ("verify" if verify else "crawl"))
    failed = pages.failed
    complete = run.get("complete", True)
    verify_cmd = f"linkaudit verify {path.name}"
    if verify:
        todo = (
            "Links with status 'remaining' or 'new' on the Findings sheet are still published: "
            "remove each one from its page, delete the ad slots (推广位) listed on the Ad slots "
            f"sheet, then re-run `{verify_cmd}`."
        )
    else:
        todo = (
            "Remove each link listed on the Findings sheet from its page, delete the ad slots "
            f"(推广位) listed on the Ad slots sheet, then re-run `{verify_cmd}` to check "
            "they are gone."
        )
    rows: list[tuple[str, tuple[Any, ...]]] = [
        ("title", ("linkaudit verification report" if verify else "linkaudit report",)),
        ("text", ("What to do", todo)),
        ("text", ("Command", command)),
        ("text", ("Started", run.get("started"))),
        ("text", ("Finished", run.get("finished"))),
        (
            "text",
            ("Crawl complete", _yes_no(complete))
            + (
                ()
                if complete
                else ("The crawl was interrupted: pages it did not reach were not audited.",)
            ),
        ),
    ]
    if run.get("previous_report"):
        rows.append(("text", ("Previous report", run["previous_report"])))
    rows += [
        ("text", ("Pages audited", pages.audited)),
        ("text", ("Pages failed", failed) + (("See the Errors sheet.",) if failed else ())),
        ("text", ("Total findings", tally.total)),
    ]
    if verify:
        not_verified = pages.not_verified
        rows += [
            ("text", ("Removed", tally.statuses["removed"])),
            ("text", ("Remaining", tally.statuses["remaining"])),
            ("text", ("New", tally.statuses["new"])),
            (
                "text",
                ("Pages not verified", not_verified)
                + (("Their links could not be checked; see Pages.",) if not_verified else ()),
            ),
        ]
    rows += [("text", ("Note", note)) for note in run.get("notes") or ()]
    rows += [("text", ("Report note", note)) for note in report_notes]

    live = " (remaining + new)" if verify else ""
    rows += [("blank", ()), ("bold", (f"Findings by network{live}",))]
    rows += [("bold", ("Network", "Findings"))]
    rows += [("text", (name, count)) for name, count in _ranked(tally.networks, _NO_NETWORK)]
    if tally.mine:
        rows += [("text", ("Carrying your ids (--mine)", tally.mine["yours"])),
                 ("text", ("Carrying someone else's ids", tally.mine["someone else's"]))]
    rows += [("blank", ()), ("bold", (f"Findings by member id{live}",))]
    rows += [("bold", ("Member id", "Findings", "Distinct PIDs"))]
    rows += [
        ("text", (member, count, len(tally.member_pids.get(member, ()))))
        for member, count in _ranked(tally.members, _NO_MEMBER)
    ]
    # The seeds table goes last and ends at a blank row: read_seeds() relies on both.
    rows += [("blank", ()), ("bold", SEED_HEADER)]
    rows += [("seed", (seed.get("mode"), seed.get("url"))) for seed in run.get("seeds") or ()]
    return rows


def _write_summary(wb: Workbook, ws: Any, rows: Sequence[tuple[str, tuple[Any, ...]]],
                   max_rows: int) -> SheetParts:
    plain = [(style, tuple(_plain(v) for v in cells)) for style, cells in rows]
    caps = (30, MAX_WIDTH, 60)
    widths = [_MIN_WIDTH] * len(caps)
    for style, values in plain:
        if style == "title":
            continue  # the title may spill over; it should not widen column A
        for i, value in enumerate(values):
            if value is not None:
                widths[i] = max(widths[i], min(_display_width(value) + 2, caps[i]))

    def cells(ws: Any, links: SheetLinks, row: tuple[str, tuple[Value, ...]]) -> list[Any]:
        style, values = row
        if style == "title":
            return [_styled(ws, values[0], _TITLE)]
        if style == "bold":
            return [_styled(ws, value, _BOLD) for value in values]
        return [_cell(ws, value, widths[i], links if style == "seed" and i == 1 else None, i + 1)
                for i, value in enumerate(values)]

    # Not a table: a long Summary just goes on, and read_run() reads the parts as one.
    sheet = SheetParts(wb, ws, prepare=_sheet_layout(widths), max_rows=max_rows)
    for row in plain:
        sheet.append(cells, row)
    return sheet


def _sheet_layout(widths: Sequence[float]) -> Callable[[Any], None]:
    """What each part of a sheet starts with: column widths, the first row frozen, print
    setup; and the height of each row with wrapped text (see :mod:`reports.layout`)."""
    return SheetLayout(widths)


def _write_table(
    wb: Workbook, ws: Any, columns: Sequence[Column],
    rows: Sequence[Sequence[Value]] | RowsAgain, max_rows: int,
) -> SheetParts:
    """Write a table sheet; ``rows`` is a list, or a function giving the rows anew."""
    again = rows if callable(rows) else lambda: iter(rows)
    widths = _Widths(columns)
    for row in again():
        widths.add(row)
    return _write_rows(wb, ws, columns, widths.result(), again(), max_rows)


def _write_rows(
    wb: Workbook, ws: Any, columns: Sequence[Column], widths: Sequence[float],
    rows: Iterable[Sequence[Value]], max_rows: int,
) -> SheetParts:
    # Write-only sheets emit widths and panes before the first row, so both
    # are settled before it (by each part's layout); the autofilter goes at
    # the end of the XML and can wait.
    linked = [c.link for c in columns]

    def cells(ws: Any, links: SheetLinks, row: Sequence[Value]) -> list[Any]:
        return [_cell(ws, value, widths[i], links if linked[i] else None, i + 1)
                for i, value in enumerate(row)]

    sheet = SheetParts(wb, ws, prepare=_sheet_layout(widths), max_rows=max_rows,
                       header=lambda ws: [_styled(ws, c.header, _BOLD) for c in columns])
    for row in rows:
        sheet.append(cells, row)
    last = get_column_letter(len(columns))
    for part in sheet.parts:
        part.ws.auto_filter.ref = f"A1:{last}{part.rows}"
    return sheet


class _Widths:
    """Column widths fitted to the rows shown to :meth:`add`, each up to its column's cap."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.caps = [c.cap for c in columns]
        # +3 leaves room for the autofilter's drop-down button next to the header.
        self.best = [min(_display_width(c.header) + 3, c.cap) for c in columns]

    def add(self, row: Sequence[Value]) -> None:
        best, caps = self.best, self.caps
        for i, value in enumerate(row):
            if value is None or best[i] >= caps[i]:
                continue
            width = _display_width(value) + 1
            if width > best[i]:
                best[i] = min(width, caps[i])

    def result(self) -> list[float]:
        return [float(max(width, _MIN_WIDTH)) for width in self.best]


def _styled(ws: Any, value: Value, font: Font) -> Cell:
    cell = WriteOnlyCell(ws, value)
    as_text = _cell(ws, value, MAX_WIDTH, None)
    if isinstance(as_text, Styled):
        for name, setting in as_text.style.attrs.items():
            setattr(cell, name, setting)
        cell.data_type = "s"
    cell.font = font
    return cell


def _cell(ws: Any, value: Value, width: float, links: SheetLinks | None,
          column: int = 0) -> Any:
    """A value as written: plain when it is safe and short, else styled.

    A clickable URL's link is noted in ``links`` (at ``column`` of the row
    being written) rather than on the cell: see :mod:`reports.sheetlinks`.
    """
    if not isinstance(value, str):
        return value
    if links is not None and _is_linkable(value) and links.take(column, value):
        return Styled(value, _LINK)
    # A text cell, never a formula or an error value, and marked the way Excel
    # marks text typed with a leading apostrophe so that editing the cell does
    # not turn it into a formula either.
    risky = is_formula_like(value)
    long = "\n" in value or (
        len(value) > width or (not value.isascii() and _display_width(value) > width)
    )
    if long:
        return Styled(value, _WRAPPED_TEXT if risky else _WRAPPED)
    return Styled(value, _TEXT) if risky else value


def _is_linkable(url: str) -> bool:
    start = url[:8].lower()
    return (
        (start.startswith(_LINK_SCHEMES) or (start.startswith("file:") and is_local_file_url(url)))
        and len(url) <= _MAX_URL_CHARS
        and not _SPACE_RE.search(url)
    )


def _plain(value: Any) -> Value:
    """Turn any row value into something a cell can hold, safely.

    >>> _plain({"unid": "x"}), _plain([]), _plain("a\\x00b"), _plain(""), _plain(3)
    ('{"unid":"x"}', None, 'ab', None, 3)
    """
    if type(value) is str:  # the common case first: this runs for every cell
        text = value
    elif value is None or isinstance(value, bool):
        return value
    elif isinstance(value, int):
        # Excel keeps 15 significant digits; bigger ids must stay exact as text.
        return int(value) if abs(value) < 10**15 else str(value)  # int(): no IntEnum reprs
    elif isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    elif isinstance(value, str):
        text = str(value)  # a plain str, not a StrEnum or other subclass
    elif isinstance(value, Mapping | list | tuple | set | frozenset):
        if not value:
            return None
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    elif isinstance(value, bytes):
        text = value.decode("utf-8", "replace")
    else:
        text = str(value)
    text = _ILLEGAL_RE.sub("", text)
    # Excel's limit counts UTF-16 units, so characters outside the BMP count twice.
    if len(text) > _MAX_CELL_CHARS // 2 and len(text.encode("utf-16-le")) > 2 * _MAX_CELL_CHARS:
        text = _truncate(text)
    return text or None


def _truncate(text: str) -> str:
    limit = _MAX_CELL_CHARS - len(_TRUNCATED)
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return text[:i] + _TRUNCATED
    return text


def _save(wb: Workbook, path: Path, links: Sequence[SheetLinks] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # openpyxl's save_workbook, with the archive closed even when a write fails.
        wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).write_data()
        with zipfile.ZipFile(tmp, "a", zipfile.ZIP_DEFLATED) as archive:
            for sheet_links in links:
                sheet_links.write_relationships(archive)
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            raise ReportError(
                f"{path}: cannot be replaced ({exc.strerror}); if it is open in Excel, "
                "close it and run the command again."
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)
