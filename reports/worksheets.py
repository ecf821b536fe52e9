"""The sheets a creator works from: To remove (the work list) and Ad slots (what to delete
in the affiliate back-office), written from :mod:`reports.worklist` and :mod:`reports.slots`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from crawler.i18n import Messages
from reports.cells import Value, plain
from reports.columns import (
    AD_SLOT_COLUMNS,
    AD_SLOTS,
    SLOT_PAGE_COLUMNS,
    SLOT_PAGES,
    TO_REMOVE,
    TO_REMOVE_COLUMNS,
    Column,
)
from reports.sheetparts import SheetParts
from reports.slots import STATUSES, SlotRow, slot_rows
from reports.tables import SLOT_COLOURS, colour_statuses, done_drop_down, write_table
from reports.vocab import shown, yes_no
from reports.worklist import WorkItem, work_list

__all__ = ["SlotSheets", "WorkSheet", "write_ad_slots", "write_to_remove"]

Rows = Callable[[], Iterable[Mapping[str, Any]]]

@dataclass(frozen=True, slots=True)
class WorkSheet:
    sheet: SheetParts
    rows: int
    """Things to remove (one row each)."""


def write_to_remove(wb: Workbook, sheets: Mapping[str, Any], findings: Iterable[Mapping[str, Any]],
                    msg: Messages, max_rows: int, done: Collection[str], *,
                    with_status: bool) -> WorkSheet:
    items = work_list(findings, done=done)
    shown_keys = _shown_keys(TO_REMOVE_COLUMNS, status=with_status,
                             mine=any(item.mine is not None for item in items))
    columns = tuple(c for c in TO_REMOVE_COLUMNS if c.key in shown_keys)
    sheet = write_table(wb, sheets[TO_REMOVE], columns, msg,
                        lambda: (_work_cells(item, msg, shown_keys) for item in items),
                        max_rows)
    done_drop_down(sheet, 1, msg)
    if with_status:
        colour_statuses(sheet, len(columns), msg)
    return WorkSheet(sheet, len(items))


def _shown_keys(columns: tuple[Column, ...], *, status: bool, mine: bool) -> tuple[str, ...]:
    """The columns a sheet shows: Status only in a verify report, Yours? only with ``--mine``."""
    hidden = {"status": not status, "mine": not mine}
    return tuple(c.key for c in columns if not hidden.get(c.key, False))


def _work_cells(item: WorkItem, msg: Messages, keys: tuple[str, ...]) -> tuple[Value, ...]:
    values: dict[str, Value] = {
        "done": msg("value.done_mark") if item.done else None,
        "what": msg("value.template") if item.template else plain(item.page_url),
        "pages_count": item.pages,
        "search": plain(item.search),
        "words": plain(item.context),
        "where": shown(msg, "where", item.where),
        "network": shown(msg, "network", item.network),
        "ids": plain(item.pid or item.member_id),
        "mine": yes_no(msg, item.mine),
        "occurrences": item.occurrences,
        "example_pages": plain("\n".join(item.example_pages)) if item.template else None,
        "status": shown(msg, "finding_status", item.status),
    }
    return tuple(values[key] for key in keys)


def _slot_order(row: SlotRow) -> tuple[int, int, str, str]:
    return STATUSES.index(row.status), -row.occurrences, row.network, row.id


@dataclass(frozen=True, slots=True)
class SlotSheets:
    sheet: SheetParts
    pages_sheet: SheetParts
    safe: int
    """Your slots now safe to delete."""
    in_use: int
    """Your slots still in use."""


def write_ad_slots(wb: Workbook, sheets: Mapping[str, Any], findings: Rows, pages: Rows,
                   msg: Messages, max_rows: int) -> SlotSheets:
    table = slot_rows(findings(), pages())
    # Ordered by what the rows say, not by the record's order (which a resumed or
    # merged crawl changes): what needs work first, then the most used.
    rows = [*sorted(table.yours, key=_slot_order), *sorted(table.others, key=_slot_order)]
    hidden = {"pages_before": not any(row.pages_before for row in rows),
              "mine": all(row.mine is None for row in rows)}
    columns = tuple(c for c in AD_SLOT_COLUMNS if not hidden.get(c.key, False))

    def cells() -> Iterator[tuple[Value, ...]]:
        for row in rows:
            values: dict[str, Value] = {
                "slot_status": msg(f"slot_status.{row.status}"),
                "network": shown(msg, "network", row.network),
                "id_kind": msg.get(f"slot_id_kind.{row.id_kind}", row.id_kind),
                "todo": msg(f"slot_todo.{row.status}"),
                "id": plain(row.id), "member_id": plain(row.member_id),
                "site_id": plain(row.site_id), "adzone_id": plain(row.adzone_id),
                "mine": yes_no(msg, row.mine), "occurrences": row.occurrences,
                "pages_count": len(row.pages), "pages_before": len(row.pages_before),
                "kinds": plain(", ".join(sorted(str(shown(msg, "kind", k)) for k in row.kinds))),
            }
            yield tuple(values[c.key] for c in columns)

    sheet = write_table(wb, sheets[AD_SLOTS], columns, msg, cells, max_rows)

    def page_cells() -> Iterator[tuple[Value, ...]]:
        for row in rows:
            remaining = set(row.pages)
            for page in row.pages:
                yield plain(row.id), plain(page), shown(msg, "finding_status", "remaining")
            for page in row.pages_before:
                if page not in remaining:
                    yield plain(row.id), plain(page), shown(msg, "finding_status", "removed")

    pages_sheet = write_table(wb, sheets[SLOT_PAGES], SLOT_PAGE_COLUMNS, msg, page_cells,
                              max_rows)
    colour_statuses(pages_sheet, 3, msg)
    colour_statuses(sheet, 1, msg, "slot_status", SLOT_COLOURS)
    safe = sum(1 for row in table.yours if row.status == "cleared")
    in_use = sum(1 for row in table.yours if row.status == "in_use")
    return SlotSheets(sheet, pages_sheet, safe, in_use)
