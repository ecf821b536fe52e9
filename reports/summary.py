"""The Summary sheet: the verdict in one coloured line, the next steps, what was audited,
links by network, by member id and by page, with a chart of each count a creator acts on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from crawler.i18n import Messages
from reports.cells import BOLD, TITLE, Value, cell, display_width, plain, styled
from reports.columns import AD_SLOTS, NOT_AUDITED, TO_REMOVE, sheet_name
from reports.counts import PageCounts
from reports.sheetlinks import SheetLinks
from reports.sheetparts import MAX_SHEET_ROWS, SheetParts
from reports.tables import sheet_layout
from reports.verdict import CLEAN, REMOVE, Verdict, verdict
from reports.vocab import shown, yes_no

__all__ = ["SummaryFacts", "summary_verdict", "write_summary"]

_TOP_MEMBERS = 20
_TOP_PAGES = 10
_CAPS = (34, 90, 16)
# Excel's Good / Bad / Neutral colours: what a spreadsheet user already reads.
_VERDICT_COLOURS = {CLEAN: ("C6EFCE", "006100"), REMOVE: ("FFC7CE", "9C0006")}
_NEUTRAL = ("FFEB9C", "9C5700")
_DONE, _TODO = "☑", "☐"


@dataclass(frozen=True, slots=True)
class SummaryFacts:
    """What the Summary reports on, gathered while the other sheets were written."""

    path: Path
    run: Mapping[str, Any]
    verify: bool
    statuses: Counter[str]
    total: int
    live: int
    networks: Counter[str]
    members: Counter[str]
    member_pids: Mapping[str, int]
    mine: Counter[str]
    page_links: Counter[str]
    pages: PageCounts
    slots_safe: int
    slots_in_use: int
    work_rows: int
    report_notes: Sequence[str] = ()

    @property
    def not_audited(self) -> int:
        pages = self.pages.not_verified if self.verify else self.pages.failed
        return pages + len(self.run.get("bad_seeds") or ())

    @property
    def unfollowed(self) -> int:
        counts = self.run.get("not_followed") or {}
        return sum(v for v in counts.values() if isinstance(v, int))


def summary_verdict(facts: SummaryFacts) -> Verdict:
    return verdict(links=facts.live, pages=len(facts.page_links), not_audited=facts.not_audited,
                   left_out=not facts.run.get("complete", True) or facts.unfollowed > 0)


@dataclass(frozen=True, slots=True)
class _Row:
    style: str
    """title, verdict, bold, header, text, step, blank."""
    cells: tuple[Value, ...] = ()


def summary_rows(facts: SummaryFacts, msg: Messages) -> tuple[list[_Row], dict[str, Any]]:
    """The Summary's rows, and where its two charts' tables lie (1-based rows)."""
    run, verdict_ = facts.run, summary_verdict(facts)
    rows = [_Row("title", (msg("summary.title_verify" if facts.verify else "summary.title"),)),
            _Row("verdict", (verdict_.text(msg),))]
    if facts.verify:
        rows.append(_Row("bold", (msg("verdict.changed", removed=facts.statuses["removed"],
                                      remaining=facts.statuses["remaining"],
                                      new=facts.statuses["new"]),)))
    rows += [_Row("blank"), _Row("bold", (msg("summary.next_steps"),))]
    rows += [_Row("step", (f"{n} {mark}", text))
             for n, (mark, text) in enumerate(_steps(facts, verdict_, msg), 1)]

    rows += [_Row("blank"), _Row("bold", (msg("summary.audited"),))]
    started, finished = _local(run.get("started")), _local(run.get("finished"))
    complete = run.get("complete", True)
    facts_rows: list[tuple[Value, ...]] = [
        (msg("summary.seeds"), len(run.get("seeds") or ())),
        (msg("summary.pages_audited"), facts.pages.audited),
        (msg("summary.pages_not_audited"), facts.pages.failed)
        + ((msg("summary.see_sheet", sheet=sheet_name(msg, NOT_AUDITED)),)
           if facts.pages.failed else ()),
    ]
    if facts.verify:
        facts_rows.append((msg("summary.pages_not_verified"), facts.pages.not_verified))
    facts_rows += [
        (msg("summary.findings_total"), facts.total),
        (msg("summary.links_left"), facts.live),
        (msg("summary.started"), started),
        (msg("summary.finished"), finished),
        (msg("summary.complete"), yes_no(msg, complete))
        + (() if complete else (msg("summary.incomplete"),)),
    ]
    if facts.unfollowed:
        facts_rows.append((msg("summary.unfollowed"), facts.unfollowed))
    rows += [_Row("text", r) for r in facts_rows]
    rows += [_Row("text", (msg("summary.notes"), plain(note))) for note in run.get("notes") or ()]
    rows += [_Row("text", (msg("summary.report_note"), note)) for note in facts.report_notes]

    charts: dict[str, Any] = {}
    networks = _ranked(facts.networks)
    if networks:
        rows += [_Row("blank"), _Row("bold", (msg("summary.by_network"),)),
                 _Row("header", (msg("summary.network"), msg("summary.links")))]
        first = len(rows) + 1
        rows += [_Row("text", (shown(msg, "network", name) if name
                               else msg("summary.no_network"), count))
                 for name, count in networks]
        charts["network"] = (first, len(rows), msg("summary.by_network"))
        if facts.mine:
            rows += [_Row("text", (msg("summary.yours"), facts.mine["yours"])),
                     _Row("text", (msg("summary.others"), facts.mine["others"]))]
    members = _ranked(facts.members)
    if members:
        rows += [_Row("blank"), _Row("bold", (msg("summary.by_member"),)),
                 _Row("header", (msg("summary.member"), msg("summary.links"),
                                 msg("summary.distinct_pids")))]
        rows += [_Row("text", (member or msg("summary.no_member"), count,
                               facts.member_pids.get(member, 0)))
                 for member, count in members[:_TOP_MEMBERS]]
        if len(members) > _TOP_MEMBERS:
            rows.append(_Row("text", (msg("summary.more", count=len(members) - _TOP_MEMBERS),)))
    top = facts.page_links.most_common(_TOP_PAGES)
    if top:
        rows += [_Row("blank"), _Row("bold", (msg("summary.top_pages"),)),
                 _Row("header", (msg("summary.page"), msg("summary.links")))]
        first = len(rows) + 1
        rows += [_Row("text", (page, count)) for page, count in top]
        charts["pages"] = (first, len(rows), msg("summary.top_pages"))
    return rows, charts


def _steps(facts: SummaryFacts, verdict_: Verdict, msg: Messages) -> list[tuple[str, str]]:
    """The real process of leaving a programme, each step ticked when the report shows it done."""
    verify_cmd = f"linkaudit verify {facts.path.name}"
    to_remove = sheet_name(msg, TO_REMOVE)
    steps = [
        (_DONE, msg("step.remove_done")) if not facts.live else
        (_TODO, msg("step.remove", count=facts.work_rows, sheet=to_remove)),
        (_TODO, msg("step.slots", safe=facts.slots_safe, in_use=facts.slots_in_use,
                    sheet=sheet_name(msg, AD_SLOTS)))
        if facts.slots_safe or facts.slots_in_use else (_TODO, msg("step.slots_none")),
        (_TODO, msg("step.plan")),
        (_TODO, msg("step.not_audited", count=facts.not_audited,
                    sheet=sheet_name(msg, NOT_AUDITED)))
        if facts.not_audited else (_TODO, msg("step.platforms")),
    ]
    if verdict_.key != CLEAN:
        steps.append((_TODO, msg("step.verify", command=verify_cmd)))
    steps.append((_TODO, msg("step.withdraw")))
    return steps


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, the unknown ("") bucket last."""
    return sorted(counts.items(), key=lambda item: (item[0] == "", -item[1], item[0]))


def _local(stamp: Any) -> str | None:
    """An ISO 8601 time as people read it, keeping its UTC offset: ``2026-12-08 10:05:00 +08:00``."""
    if not isinstance(stamp, str) or "T" not in stamp:
        return stamp if isinstance(stamp, str) else None
    date, _, time = stamp.partition("T")
    for sign in ("+", "-"):
        if sign in time:
            clock, _, offset = time.partition(sign)
            return f"{date} {clock} {sign}{offset}"
    return f"{date} {time.removesuffix('Z')}" + (" UTC" if time.endswith("Z") else "")


def write_summary(wb: Workbook, ws: Any, facts: SummaryFacts, msg: Messages) -> SheetParts:
    rows, charts = summary_rows(facts, msg)
    key = summary_verdict(facts).key
    fill, colour = _VERDICT_COLOURS.get(key, _NEUTRAL)
    verdict_font = Font(name="Calibri", size=14, bold=True, color=colour)
    verdict_fill = PatternFill("solid", start_color=fill, end_color=fill)

    widths = [8.0, 8.0, 8.0]
    for row in rows:
        if row.style in ("title", "verdict") or (row.style == "bold" and len(row.cells) == 1):
            continue  # headings spill over; they should not widen column A
        for i, value in enumerate(row.cells):
            if value is not None:
                widths[i] = max(widths[i], min(display_width(value) + 2, _CAPS[i]))

    def cells(ws: Any, links: SheetLinks, row: _Row) -> list[Any]:
        if row.style == "title":
            return [styled(ws, row.cells[0], TITLE)]
        if row.style == "verdict":
            verdict_cell = styled(ws, row.cells[0], verdict_font)
            verdict_cell.fill = verdict_fill
            verdict_cell.alignment = Alignment(vertical="center")
            return [verdict_cell]
        if row.style in ("bold", "header"):
            return [styled(ws, value, BOLD) for value in row.cells]
        # No hyperlinks here: the charts take the sheet's relationships part, which
        # SheetLinks would write a second time.
        return [cell(ws, plain(value), widths[i], None, i + 1)
                for i, value in enumerate(row.cells)]

    # Not a table and never long (the long lists are on their own sheets): one part.
    sheet = SheetParts(wb, ws, prepare=sheet_layout(widths), max_rows=MAX_SHEET_ROWS)
    for row in rows:
        sheet.append(cells, row)
    for name, anchor in (("network", "E4"), ("pages", "E22")):
        if name in charts:
            first, last, title = charts[name]
            ws.add_chart(_bar_chart(ws, first, last, title), anchor)
    return sheet


def _bar_chart(ws: Any, first: int, last: int, title: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: long names read along the axis
    chart.style = 10
    chart.title = title
    chart.legend = None
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=2, min_row=first, max_row=last)
    labels = Reference(ws, min_col=1, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(labels)
    chart.x_axis.scaling.orientation = "maxMin"  # the largest on top, as in the table
    chart.height = max(6.0, 0.8 * (last - first + 1) + 3)
    chart.width = 18.0
    return chart
