"""Write the linkaudit Excel report from plain rows (read back by :mod:`reports.readback`).

The sheets, in the run's language (:mod:`crawler.i18n`): Summary (the verdict and
the next steps), To remove (the work list), Ad slots and their pages, Findings
(every occurrence), Pages, Could not audit, and Run (what ``verify`` needs).
Writing streams through openpyxl's write-only mode so 100k findings stay fast
and small in memory. The JSON Lines record is the source of truth; the readers
are the fallback when it is missing, and the way ``verify`` recovers a report's
seeds and the creator's Done ticks.
"""

from __future__ import annotations

import gc
import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from crawler.i18n import FALLBACK, Messages, messages
from reports.cells import Value, Widths, is_formula_like, plain
from reports.columns import (
    FINDING_COLUMNS,
    FINDINGS,
    MINE_COLUMN,
    NOT_AUDITED,
    NOT_AUDITED_COLUMNS,
    PAGE_COLUMNS,
    PAGES,
    REDIRECT_JOIN,
    RESOLVE_COLUMNS,
    SHEETS,
    SUMMARY,
    Column,
    sheet_name,
)
from reports.counts import count_pages, is_audited, is_verified
from reports.pageorder import PageRuns, in_page_order
from reports.record import StrPath
from reports.rows import ListRows, RowSource, rows_of
from reports.runsheet import write_run_sheet
from reports.sheetlinks import MAX_HYPERLINKS
from reports.sheetparts import MAX_SHEET_ROWS, SheetParts
from reports.summary import SummaryFacts, write_summary
from reports.tables import colour_statuses, discard, save, write_rows, write_table
from reports.vocab import is_link_text, shown, yes_no
from reports.worksheets import write_ad_slots, write_to_remove

__all__ = ["finding_cells", "finding_columns", "is_formula_like", "page_cells", "write_workbook"]

logger = logging.getLogger(__name__)


def write_workbook(
    path: StrPath,
    *,
    run: Mapping[str, Any],
    findings: Iterable[Mapping[str, Any]] | RowSource,
    pages: Iterable[Mapping[str, Any]] | RowSource,
    max_rows: int = MAX_SHEET_ROWS,
    lang: str | None = None,
    done: Collection[str] = (),
) -> Path:
    """Write the report workbook and return its path.

    *findings* and *pages* are plain rows as in the JSONL record; *run* is the
    run metadata. *lang* (``zh``/``en``) is the language the workbook speaks; by
    default the run's (``run["lang"]``), else English. *done* holds the To-remove
    rows the creator ticked in an earlier workbook (:func:`reports.readback.read_done`):
    rows still there keep their tick.

    Findings that carry a ``status`` make it a verify report: a Status column,
    removed/remaining/new counts, and findings marked ``removed`` left out of
    the work list and counted as cleared on Ad slots (they are no longer published).

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
    msg = messages(lang or run.get("lang") or FALLBACK)

    wb = Workbook(write_only=True)
    # Hundreds of thousands of rows live at once and none forms a cycle: the
    # collector's full passes over them cost a tenth of the time, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _fill_and_save(wb, path, run, finding_rows, page_rows, max_rows, msg, done)
    except BaseException:
        discard(wb)
        raise
    finally:
        if collecting:
            gc.enable()
    return path


def _fill_and_save(wb: Workbook, path: Path, run: Mapping[str, Any], finding_rows: RowSource,
                   page_rows: RowSource, max_rows: int, msg: Messages,
                   done: Collection[str]) -> None:
    # Create every sheet first to fix their order; Summary is filled last
    # because it reports on the others. Continuation sheets go in as needed.
    sheets = {sid: wb.create_sheet(sheet_name(msg, sid)) for sid in SHEETS}

    tally, findings, held = _write_findings(wb, sheets[FINDINGS], finding_rows, max_rows, msg)
    # A verify run that finds nothing at all still reports its (zero) counts.
    verify = tally.with_status or run.get("command") == "verify"

    def again() -> Iterable[Mapping[str, Any]]:
        return held if held is not None else _each(finding_rows)

    to_remove = write_to_remove(wb, sheets, again(), msg, max_rows, done, with_status=verify)
    slots = write_ad_slots(wb, sheets, again, lambda: _each(page_rows), msg, max_rows)

    page_counts = count_pages(_each(page_rows))
    page_columns = PAGE_COLUMNS if page_counts.with_verified else PAGE_COLUMNS[:-1]
    pages = write_table(
        wb, sheets[PAGES], page_columns, msg,
        lambda: _page_rows(_each(page_rows), page_counts.with_verified, msg), max_rows,
    )
    not_audited = write_table(wb, sheets[NOT_AUDITED], NOT_AUDITED_COLUMNS, msg,
                              lambda: _not_audited_rows(_each(page_rows), run, msg), max_rows)
    run_sheet = write_run_sheet(wb, sheets, run, msg, max_rows)

    tables = (to_remove.sheet, slots.sheet, slots.pages_sheet, findings, pages, not_audited,
              run_sheet)
    notes = [_continued_note(msg, table.names, max_rows) for table in tables
             if len(table.parts) > 1]
    notes += [
        msg("summary.links_capped", count=MAX_HYPERLINKS, sheet=part.ws.title)
        for table in tables
        for part in table.parts
        if part.links.overflow
    ]
    facts = SummaryFacts(
        path=path, run=run, verify=verify, statuses=tally.statuses, total=tally.total,
        live=tally.live, networks=tally.networks, members=tally.members,
        member_pids={m: len(p) for m, p in tally.member_pids.items()}, mine=tally.mine,
        page_links=tally.page_links, pages=page_counts, slots_safe=slots.safe,
        slots_in_use=slots.in_use, work_rows=to_remove.rows, report_notes=tuple(notes),
    )
    summary = write_summary(wb, sheets[SUMMARY], facts, msg)
    save(wb, path, [part.links for table in (summary, *tables) for part in table.parts])


def _each(rows: RowSource) -> Iterator[Mapping[str, Any]]:
    """Every row of ``rows``, read again from the start."""
    return (row for _start, _end, row in rows.spans())


def _continued_note(msg: Messages, names: Sequence[str], max_rows: int) -> str:
    return msg("summary.continued", first=names[0], rest=", ".join(names[1:]), rows=max_rows,
               limit=MAX_SHEET_ROWS)


# -- Findings: every occurrence, every field ------------------------------------------

#: Findings held in memory between passes (about 1.5 KB each); a larger record is read again.
HOLD_ROWS = 250_000
# Every column the Findings sheet can have; which appear depends on the rows.
_ALL_FINDING_COLUMNS = (*FINDING_COLUMNS, MINE_COLUMN, *RESOLVE_COLUMNS)
_SHOWN_AS = {"status": "finding_status", "network": "network", "kind": "kind",
             "confidence": "confidence"}


def finding_columns(*, with_status: bool, with_mine: bool,
                    with_resolution: bool) -> tuple[Column, ...]:
    """The Findings sheet's columns: Status in verify reports, Yours? with ``--mine``,
    the resolution's two with ``--resolve``.

    >>> [c.key for c in finding_columns(with_status=False, with_mine=True,
    ...                                 with_resolution=False)][:3]
    ['page_url', 'mine', 'link']
    """
    columns: tuple[Column, ...] = FINDING_COLUMNS if with_status else FINDING_COLUMNS[1:]
    if with_mine:
        at = 2 if with_status else 1  # right after the page URL
        columns = (*columns[:at], MINE_COLUMN, *columns[at:])
    if with_resolution:
        at = next(i for i, c in enumerate(columns) if c.key == "unwrapped") + 1
        columns = (*columns[:at], *RESOLVE_COLUMNS, *columns[at:])
    return columns


def finding_cells(finding: Mapping[str, Any], keys: Sequence[str],
                  msg: Messages | None = None) -> tuple[Value, ...]:
    """One finding's cells under the columns ``keys``, as the Findings sheet shows them.

    The record's ``link`` shows under Link when it is a link or token as
    published, under Code when a rule reported code or a selector.
    """
    return _words(msg or messages(FALLBACK)).cells(finding, keys)


class _Words:
    """A language's words for the values the Findings sheet translates, each looked up
    (and made safe) once per workbook rather than once per cell: they repeat."""

    def __init__(self, msg: Messages) -> None:
        self.msg = msg
        self.seen: dict[tuple[str, Any], Value] = {}

    def cells(self, finding: Mapping[str, Any], keys: Sequence[str]) -> tuple[Value, ...]:
        link = finding.get("link")
        as_link = isinstance(link, str) and is_link_text(link)
        seen = self.seen
        cells: list[Value] = []
        for key in keys:
            if key == "link":
                cells.append(plain(link) if as_link else None)
            elif key == "code":
                cells.append(None if as_link else plain(link))
            elif key in _TRANSLATED:
                value = finding.get(key)
                try:
                    cells.append(seen[key, value])
                except KeyError:
                    seen[key, value] = word = self._word(key, value)
                    cells.append(word)
                except TypeError:  # an unhashable value written by hand: shown as it is
                    cells.append(plain(value))
            else:
                cells.append(plain(finding.get(key)))
        return tuple(cells)

    def _word(self, key: str, value: Any) -> Value:
        if key == "mine":
            return yes_no(self.msg, value)
        return plain(shown(self.msg, _SHOWN_AS[key], value))


_TRANSLATED = frozenset((*_SHOWN_AS, "mine"))


@cache
def _words(msg: Messages) -> _Words:
    return _Words(msg)


def page_cells(pages: Iterable[Mapping[str, Any]], with_verified: bool,
               msg: Messages | None = None) -> Iterator[tuple[Value, ...]]:
    """The Pages sheet's rows (:data:`~reports.columns.PAGE_COLUMNS`, Verified when asked)."""
    return _page_rows(pages, with_verified, msg or messages(FALLBACK))


def _write_findings(
    wb: Workbook, ws: Any, findings: RowSource, max_rows: int, msg: Messages,
) -> tuple[_Tally, SheetParts, list[dict[str, Any]] | None]:
    """Fill the Findings sheet in page order; return the counts over the findings, and
    the rows when there are few enough to hold for the work list and the ad slots.

    The first pass over the rows settles which columns appear and how wide
    they are, and notes where each page's findings lie; the second writes
    them a page at a time (see :mod:`reports.pageorder`).
    """
    keys = [c.key for c in _ALL_FINDING_COLUMNS]
    widths = Widths(_ALL_FINDING_COLUMNS, [c.header(msg) for c in _ALL_FINDING_COLUMNS])
    runs, held_runs = PageRuns(), PageRuns()
    with_status = with_mine = with_resolution = False
    held: list[dict[str, Any]] | None = []
    for start, end, finding in findings.spans():
        if held is not None:
            # Parsing the record again costs more than the sheets built from it;
            # past HOLD_ROWS it is read again rather than held (memory stays flat).
            held_runs.add(len(held), len(held) + 1, finding)
            held.append(finding)
            if len(held) > HOLD_ROWS:
                held = None
        runs.add(start, end, finding)
        widths.add(finding_cells(finding, keys, msg))
        with_status = with_status or bool(finding.get("status"))
        with_mine = with_mine or finding.get("mine") is not None
        with_resolution = with_resolution or "resolution" in finding

    columns = finding_columns(with_status=with_status, with_mine=with_mine,
                              with_resolution=with_resolution)
    width_of = dict(zip(keys, widths.result(), strict=True))
    keys = [c.key for c in columns]

    tally = _Tally(with_status=with_status)
    if held is not None:  # the second pass reads what is held, in the same order
        findings, runs = ListRows(held), held_runs
    with findings.reader() as read:
        def rows() -> Iterator[tuple[Value, ...]]:
            for finding in in_page_order(runs, read):
                tally.add(finding)
                yield finding_cells(finding, keys, msg)

        sheet = write_rows(wb, ws, columns, msg, [width_of[key] for key in keys], rows(),
                           max_rows)
    if with_status:
        colour_statuses(sheet, keys.index("status") + 1, msg)
    return tally, sheet, held


@dataclass(slots=True)
class _Tally:
    """Counts over the findings, gathered in the same pass that builds the table."""

    with_status: bool = False
    """Some finding carries a status: a verify report."""
    total: int = 0
    live: int = 0
    """Findings still published: all of a crawl's, a verify report's remaining and new."""
    statuses: Counter[str] = field(default_factory=Counter)
    networks: Counter[str] = field(default_factory=Counter)
    members: Counter[str] = field(default_factory=Counter)
    member_pids: dict[str, set[str]] = field(default_factory=dict)
    mine: Counter[str] = field(default_factory=Counter)
    page_links: Counter[str] = field(default_factory=Counter)
    """Live findings per page."""

    def add(self, finding: Mapping[str, Any]) -> None:
        self.total += 1
        status = finding.get("status")
        if status:
            self.statuses[str(status)] += 1
        if status == "removed":
            # Gone from the site: not a link to clean up, so not in the
            # per-network counts.
            return
        self.live += 1
        self.page_links[str(finding.get("page_url") or "")] += 1
        self.networks[str(finding.get("network") or "")] += 1
        if finding.get("mine") is not None:
            self.mine["yours" if finding["mine"] else "others"] += 1
        member = str(finding.get("member_id") or "")
        self.members[member] += 1
        pid = finding.get("pid")
        if pid:
            self.member_pids.setdefault(member, set()).add(str(pid))


# -- Pages and what could not be audited ----------------------------------------------


def _page_rows(pages: Iterable[Mapping[str, Any]], with_verified: bool,
               msg: Messages) -> Iterator[tuple[Value, ...]]:
    for page in pages:
        redirects = page.get("redirects")
        if isinstance(redirects, list | tuple):
            redirects = REDIRECT_JOIN.join(str(url) for url in redirects)
        row: tuple[Value, ...] = (
            plain(page.get("url")),
            plain(page.get("mode")),
            plain(page.get("seed")),
            plain(page.get("status")),
            plain(page.get("findings")),
            plain(page.get("depth")),
            plain(redirects),
            yes_no(msg, is_audited(page)),
            plain(page.get("error")),
            plain(_page_note(page, msg)),
        )
        if with_verified:
            row += (yes_no(msg, is_verified(page)),)
        yield row


def _page_note(page: Mapping[str, Any], msg: Messages) -> str | None:
    """The Note cell: the page's note and, for a page no link led to, how the crawl found it."""
    via = page.get("found_via")
    parts = [page.get("note"), msg("value.found_via", via=via) if via else None]
    return "; ".join(str(part) for part in parts if part) or None


def _not_audited_rows(pages: Iterable[Mapping[str, Any]], run: Mapping[str, Any],
                      msg: Messages) -> Iterator[tuple[Value, ...]]:
    from reports.notaudited import classify

    for p in pages:
        if p.get("error"):
            reason = classify(str(p["error"]), p.get("status"))
            yield (msg("value.page_failed"), plain(p.get("url")), plain(p.get("status")),
                   msg(f"reason.{reason.key}"), msg(f"fix.{reason.key}"), plain(p["error"]),
                   None)
    for bad in run.get("bad_seeds") or ():
        yield (msg("value.bad_seed"), plain(bad.get("source")), None,
               msg("reason.bad_seed"), msg("fix.bad_seed"), plain(bad.get("why")),
               plain(bad.get("line")))


