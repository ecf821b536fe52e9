"""Read a linkaudit workbook back: its seeds, run, findings and pages.

The JSON Lines record is the source of truth; these readers are the fallback when
it is missing, and the way ``verify`` recovers a report's seeds.
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from crawler.i18n import LANGS, messages
from reports.columns import (
    FINDING_COLUMNS,
    FINDING_KEYS,
    FINDINGS,
    MINE_COLUMN,
    NOT_AUDITED,
    NOT_AUDITED_COLUMNS,
    PAGE_COLUMNS,
    PAGES,
    REDIRECT_JOIN,
    RUN,
    RUN_FIELDS,
    SEED_COLUMNS,
    SEED_MODES,
    SUMMARY,
    TO_REMOVE,
    TO_REMOVE_COLUMNS,
    Column,
    sheet_name,
)
from reports.errors import ReportError
from reports.record import StrPath
from reports.sheetparts import part_names
from reports.vocab import read_flag, read_value

logger = logging.getLogger(__name__)

_FIX = "pass the .xlsx written by linkaudit crawl"
# Workbooks written before the Run sheet kept the seeds at the end of the Summary.
_OLD_SEED_HEADER = ("Seed mode", "Seed URL")
_VALUE_GROUPS = {"status": "finding_status", "network": "network", "kind": "kind",
                 "confidence": "confidence"}


def read_seeds(path: StrPath) -> list[dict[str, str]]:
    """Read the seeds table (``Seed mode | Seed URL``, in any language) from a report's
    Run sheet, or from the Summary of a workbook written before there was one."""
    with _open_report(path) as (report, wb):
        return _seeds(report, wb)


def read_run(path: StrPath) -> dict[str, Any]:
    """Read the run metadata back from a report (Run and Could-not-audit sheets).

    Returns the keys :func:`write_workbook` takes in *run*: ``command``,
    ``started``, ``finished``, ``complete``, ``previous_report``, ``notes``,
    ``lang``, ``seeds`` and ``bad_seeds``.
    """
    with _open_report(path) as (report, wb):
        run: dict[str, Any] = dict.fromkeys(RUN_FIELDS)
        run.update(complete=True, notes=[], mine=[])
        labels = _labels("run_label", (*RUN_FIELDS, "note"))
        for values in _rows(wb, report, RUN, skip_header=True):
            if _is_blank(values):
                break  # end of the field/value block
            key = labels.get((_text(_at(values, 0)) or "").strip())
            value = _text(_at(values, 1))
            if key == "note":
                run["notes"].append(value)
            elif key == "complete":
                run["complete"] = read_flag(value) is not False
            elif key == "mine":
                run["mine"] = [v.strip() for v in (value or "").split(",") if v.strip()]
            elif key:
                run[key] = value
        run["seeds"] = _seeds(report, wb)
        bad = {messages(lang)("value.bad_seed") for lang in LANGS}
        run["bad_seeds"] = [
            {"source": row.get("where"), "line": row.get("line"), "why": row.get("why")}
            for row in _read_table(wb, report, NOT_AUDITED, NOT_AUDITED_COLUMNS)
            if row.get("problem") in bad
        ]
    return run


def read_findings(path: StrPath) -> list[dict[str, Any]]:
    """Read the Findings sheet back into finding rows with the JSONL keys.

    This is the fallback when a report's ``.jsonl`` is missing. ``status`` is
    present only when the sheet has a Status column (a verify report). Words the
    workbook translated (kinds, statuses, networks, yes/no) read back as the
    record's values, whichever language the workbook speaks.
    """
    with _open_report(path) as (report, wb):
        rows = _read_table(wb, report, FINDINGS, (*FINDING_COLUMNS, MINE_COLUMN),
                           required=("page_url",))
        has_status = bool(rows) and "status" in rows[0]
        keys = (*FINDING_KEYS, "status") if has_status else FINDING_KEYS
        out = []
        for row in rows:
            finding: dict[str, Any] = {key: _as_text(row.get(key)) for key in keys}
            finding["link"] = _as_text(row.get("link")) or _as_text(row.get("code"))
            for key, group in _VALUE_GROUPS.items():
                if key in finding:
                    finding[key] = read_value(group, finding[key])
            finding["line"] = _as_int(row.get("line"))
            finding["extra"] = _as_extra(row.get("extra"))
            finding["mine"] = read_flag(row.get("mine"))
            out.append(finding)
        return out


def read_pages(path: StrPath) -> list[dict[str, Any]]:
    """Read the Pages sheet back into page rows with the JSONL keys."""
    with _open_report(path) as (report, wb):
        rows = _read_table(wb, report, PAGES, PAGE_COLUMNS, required=("url",))
    pages = []
    for row in rows:
        redirects = _as_text(row.get("redirects"))
        page: dict[str, Any] = {
            "url": _as_text(row.get("url")),
            "mode": _as_text(row.get("mode")),
            "seed": _as_text(row.get("seed")),
            "status": _as_int(row.get("status")),
            "findings": _as_int(row.get("findings")) or 0,
            "error": _as_text(row.get("error")),
            "note": _as_text(row.get("note")),
            "audited": read_flag(row.get("audited")) is not False,
            "depth": _as_int(row.get("depth")),
            "redirects": redirects.split(REDIRECT_JOIN) if redirects else [],
        }
        if "verified" in row:
            page["verified"] = read_flag(row["verified"]) is True
        pages.append(page)
    return pages


def read_done(path: StrPath) -> frozenset[str]:
    """The To-remove rows the creator marked done (any text in Done but "no"), as
    :func:`reports.worklist.done_key` keys; empty for a workbook without the sheet."""
    from reports.worklist import done_key

    template = {messages(lang)("value.template") for lang in LANGS}
    with _open_report(path) as (report, wb):
        if not _names(wb, TO_REMOVE):
            return frozenset()
        keys = set()
        for row in _read_table(wb, report, TO_REMOVE, TO_REMOVE_COLUMNS,
                               required=("done", "what", "search")):
            mark = _as_text(row.get("done"))
            if not mark or read_flag(mark) is False:
                continue
            what = _as_text(row.get("what"))
            keys.add(done_key(None if what in template else what,
                              _as_text(row.get("search")) or "",
                              str(read_value("where", _as_text(row.get("where")) or "")),
                              what in template))
        return frozenset(keys)


def _labels(group: str, keys: Sequence[str]) -> dict[str, str]:
    """Labels of ``group`` in every language, mapped to their keys."""
    return {messages(lang)(f"{group}.{key}"): key for lang in LANGS for key in keys}


def _seed_hint() -> str:
    return f"with a '{_OLD_SEED_HEADER[0]} | {_OLD_SEED_HEADER[1]}' table"


@contextmanager
def _open_report(path: StrPath) -> Iterator[tuple[Path, Any]]:
    report = Path(path)
    if report.is_file() and report.stat().st_size == 0:
        raise ReportError(f"{report}: an empty file (0 bytes), not a workbook; {_FIX}.")
    try:
        wb = load_workbook(report, read_only=True)
    except FileNotFoundError:
        raise ReportError(f"{report}: no such file; {_FIX}.") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportError(
            f"{report}: cannot be read as an Excel workbook ({exc}); {_FIX}."
        ) from exc
    except SyntaxError as exc:  # a sheet's XML cut short or garbled inside a sound zip
        raise ReportError(f"{report}: the workbook is damaged ({exc}); {_FIX}.") from exc
    try:
        yield report, wb
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError) as exc:
        # lxml's parse errors are SyntaxErrors: a damaged sheet inside the zip.
        raise ReportError(f"{report}: the workbook is damaged ({exc}); {_FIX}.") from exc
    finally:
        wb.close()


def _names(wb: Any, sheet: str) -> list[str]:
    """The parts of sheet ``sheet`` (an id) under its name in whichever language has one."""
    for lang in LANGS:
        names = part_names(wb.sheetnames, sheet_name(messages(lang), sheet))
        if names and names[0] == sheet_name(messages(lang), sheet):
            return names
    return []


def _sheets(wb: Any, report: Path, sheet: str, hint: str = "") -> list[Any]:
    """The sheet ``sheet`` and the sheets it continues on ("Name (2)", …), in order."""
    names = _names(wb, sheet)
    if not names:
        hint = f" {hint}" if hint else ""
        shown = " / ".join(sheet_name(messages(lang), sheet) for lang in LANGS)
        raise ReportError(f"{report}: not a linkaudit report: no '{shown}' sheet{hint}; {_FIX}.")
    return [wb[n] for n in names]


def _rows(wb: Any, report: Path, sheet: str, *, skip_header: bool = False,
          hint: str = "") -> Iterator[tuple[Any, ...]]:
    """A sheet's rows, read on across the sheets it continues on (each part's header skipped)."""
    for ws in _sheets(wb, report, sheet, hint):
        rows = ws.iter_rows(values_only=True)
        if skip_header:
            next(rows, None)
        yield from rows


def _seeds(report: Path, wb: Any) -> list[dict[str, str]]:
    headers = {tuple(c.header(messages(lang)) for c in SEED_COLUMNS) for lang in LANGS}
    headers.add(_OLD_SEED_HEADER)
    where = RUN if _names(wb, RUN) else SUMMARY
    rows = _rows(wb, report, where, skip_header=where == RUN, hint=_seed_hint())
    for values in rows:
        if tuple(_text(v) for v in values[:2]) in headers:
            break
    else:
        raise ReportError(
            f"{report}: not a linkaudit report: no seeds table {_seed_hint()} on the "
            f"'{sheet_name(messages(LANGS[-1]), where)}' sheet; {_FIX}."
        )
    seeds = []
    for values in rows:
        if _is_blank(values[:2]):
            break
        mode = (_text(_at(values, 0)) or "").strip().lower()
        url = (_text(_at(values, 1)) or "").strip()
        if mode not in SEED_MODES or not url:
            raise ReportError(
                f"{report}: the seeds table has a bad row "
                f"({_at(values, 0)!r}, {_at(values, 1)!r}): each needs a mode "
                f"({' or '.join(SEED_MODES)}) and a URL; fix the row or {_FIX}."
            )
        seeds.append({"mode": mode, "url": url})
    return seeds


def _read_table(
    wb: Any,
    report: Path,
    sheet: str,
    columns: Sequence[Column],
    required: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Rows of a table sheet and its continuations as dicts keyed by column key.

    Each part is read by its own header row, in any language; unknown columns are ignored.
    """
    by_header = {c.header(messages(lang)): c.key for lang in LANGS for c in columns}
    out = []
    for ws in _sheets(wb, report, sheet):
        rows = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        index = {by_header[h]: i for i, h in enumerate(header) if h in by_header}
        missing = [c.header(messages(LANGS[-1])) for c in columns
                   if c.key in required and c.key not in index]
        if missing:
            raise ReportError(
                f"{report}: not a linkaudit report: the '{ws.title}' sheet has no "
                f"{', '.join(repr(m) for m in missing)} column; {_FIX}."
            )
        out += [
            {key: _at(values, i) for key, i in index.items()}
            for values in rows
            if not _is_blank(values)
        ]
    return out


def _at(values: Sequence[Any], i: int) -> Any:
    return values[i] if i < len(values) else None


def _is_blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_text(value: Any) -> str | None:
    # Ids typed or re-saved in Excel can come back as numbers; they are text.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None or value == "" else str(value)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _as_extra(value: Any) -> dict[str, Any]:
    if not isinstance(value, str):
        return {}
    try:
        extra = json.loads(value)
    except ValueError:
        logger.debug("Extra cell is not JSON, ignoring it: %r", value)
        return {}
    return extra if isinstance(extra, dict) else {}
