"""Build a report's workbook from its JSON Lines record and sidecars."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from crawler.model import RunInfo
from reports.record import StrPath, iter_jsonl, read_run_json, sidecars
from reports.rows import RecordRows
from reports.sheetparts import MAX_SHEET_ROWS
from reports.workbook import write_workbook
from reports.written import remember_written

__all__ = [
    "merge_resolutions",
    "build_report",
    "resolution_joiner",
    "resolutions_by_link",
    "with_resolution",
]

_ID_KEYS = ("pid", "member_id", "site_id", "adzone_id")
logger = logging.getLogger(__name__)


def build_report(xlsx_path: StrPath, *, source: StrPath | None = None,
                  max_rows: int = MAX_SHEET_ROWS, lang: str | None = None,
                  ticks_from: Iterable[StrPath] = ()) -> Path:
    """Write ``xlsx_path`` from the record of the report ``source`` (default: the same report).

    Reads ``REPORT.jsonl``, ``REPORT.pages.jsonl`` and ``REPORT.run.json``. The
    JSONL record is the source of truth; the workbook can always be rendered
    again from it (for instance after Excel held the old one open). The
    records are read from disk pass by pass, never held whole. *max_rows*
    and *lang* (default: the run's language) are passed on to
    :func:`~reports.workbook.write_workbook`. The workbook's
    SHA-256 goes in ``REPORT.written.json`` beside it (:mod:`reports.written`); where
    to write without losing a creator's edits is :func:`~reports.written.workbook_target`'s
    call, made by the commands.

    The To-remove rows the creator marked done in the workbooks ``ticks_from``
    (the one being replaced, the report ``verify`` checks) keep their tick where
    they are still to do (:func:`ticks_in`).
    """
    files = sidecars(source if source is not None else xlsx_path)
    run = read_run_json(files.run) if files.run.exists() else RunInfo("report")
    findings = RecordRows(files.findings, resolution_joiner(files.resolved))
    pages = RecordRows(files.pages, optional=True)
    done = frozenset().union(*(ticks_in(path) for path in ticks_from))
    written = write_workbook(xlsx_path, run=run.to_dict(), findings=findings, pages=pages,
                             max_rows=max_rows, lang=lang, done=done)
    remember_written(written, done)  # so a later run can tell whether the creator edited it
    return written


def ticks_in(path: StrPath) -> frozenset[str]:
    """The Done ticks of the workbook at ``path``; none when there is no readable one.

    Ticks are the creator's notes, not findings: a workbook that cannot be read
    (gone, damaged, not ours) costs its ticks, never the report.
    """
    from reports.errors import ReportError
    from reports.readback import read_done
    from reports.written import ticks_written

    if not Path(path).is_file():
        return frozenset()
    written = ticks_written(path)
    if written is not None:  # as linkaudit wrote it: no need to read it back
        return written
    try:
        return read_done(path)
    except ReportError as exc:
        logger.warning("Done ticks not carried over from %s: %s", path, exc)
        return frozenset()


def resolution_joiner(path: Path) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """What ``--resolve`` learned (``REPORT.resolved.jsonl``), to join each finding as read."""
    if not path.exists():
        return None
    by_link = resolutions_by_link(iter_jsonl(path))
    return lambda finding: with_resolution(finding, by_link)


def resolutions_by_link(resolutions: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Resolutions keyed by the short link they followed (one per link; the last wins)."""
    return {str(r["link"]): r for r in resolutions if r.get("link")}


def merge_resolutions(findings: Iterable[Mapping[str, Any]],
                      resolutions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The findings with what ``--resolve`` learned about their short links.

    The record keeps findings as published (so ``verify`` compares like with
    like); resolutions sit in their own sidecar and join here, on the link.
    A resolved finding gets ``resolved``, ``resolved_url``, a ``resolution``
    label for the workbook and, when it showed no id itself, the landing URL's.

    >>> rows = merge_resolutions(
    ...     [{"link": "https://s.click.taobao.com/AbC1234", "pid": None}],
    ...     [{"link": "https://s.click.taobao.com/AbC1234", "resolved": True,
    ...       "resolved_url": "https://item.taobao.com/item.htm?ali_trackid=2:mm_1_2_3",
    ...       "pid": "mm_1_2_3", "member_id": "1", "site_id": "2", "adzone_id": "3"}])
    >>> rows[0]["pid"], rows[0]["resolution"]
    ('mm_1_2_3', 'yes')
    """
    by_link = resolutions_by_link(resolutions)
    return [with_resolution(finding, by_link) for finding in findings]


def with_resolution(finding: Mapping[str, Any],
                    by_link: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One finding joined with its resolution, as :func:`merge_resolutions` joins them."""
    row = dict(finding)
    resolution = by_link.get(str(row.get("unwrapped") or row.get("link") or ""))
    if resolution is not None:
        resolved = bool(resolution.get("resolved"))
        row["resolved"] = resolved
        row["resolved_url"] = resolution.get("resolved_url")
        row["resolution"] = "yes" if resolved else f"no: {resolution.get('error')}"
        if not any(row.get(key) for key in _ID_KEYS):
            row.update({key: resolution.get(key) for key in _ID_KEYS})
            if row.get("mine") is None and resolution.get("mine") is not None:
                row["mine"] = resolution["mine"]  # --mine: whose id the link led to
    return row
