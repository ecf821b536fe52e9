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

from reports.columns import (
    BAD_SEED,
    ERROR_COLUMNS,
    ERRORS,
    FINDING_COLUMNS,
    FINDING_KEYS,
    FINDINGS,
    MINE_COLUMN,
    PAGE_COLUMNS,
    PAGES,
    REDIRECT_JOIN,
    RUN_LABELS,
    SEED_HEADER,
    SEED_MODES,
    SUMMARY,
    Column,
)
from reports.errors import ReportError
from reports.record import StrPath
from reports.sheetparts import part_names

logger = logging.getLogger(__name__)

_FIX = "pass the .xlsx written by linkaudit crawl"


def read_seeds(path: StrPath) -> list[dict[str, str]]:
    """Read the seeds table (``Seed mode | Seed URL``) from a report's Summary sheet."""
    with _open_report(path) as (report, wb):
        return _seeds(report, _summary(wb, report))


def read_run(path: StrPath) -> dict[str, Any]:
    """Read the run metadata back from a report (Summary and Errors sheets).

    Returns the keys :func:`write_workbook` takes in *run*: ``command``,
    ``started``, ``finished``, ``complete``, ``previous_report``, ``notes``,
    ``seeds`` and ``bad_seeds``.
    """
    with _open_report(path) as (report, wb):
        run: dict[str, Any] = {
            "command": None,
            "started": None,
            "finished": None,
            "complete": True,
            "previous_report": None,
            "notes": [],
        }
        rows = _summary(wb, report)
        next(rows, None)  # title
        for values in rows:
            if _is_blank(values):
                break  # end of the key/value block
            key = RUN_LABELS.get(_text(_at(values, 0)) or "")
            value = _text(_at(values, 1))
            if key == "notes":
                run["notes"].append(value)
            elif key == "complete":
                run["complete"] = (value or "").strip().lower() != "no"
            elif key:
                run[key] = value
        run["seeds"] = _seeds(report, _summary(wb, report))
        run["bad_seeds"] = [
            {"source": row["where"], "line": row["line"], "why": row["why"]}
            for row in _read_table(wb, report, ERRORS, ERROR_COLUMNS)
            if row["problem"] == BAD_SEED
        ]
    return run


def read_findings(path: StrPath) -> list[dict[str, Any]]:
    """Read the Findings sheet back into finding rows with the JSONL keys.

    This is the fallback when a report's ``.jsonl`` is missing. ``status`` is
    present only when the sheet has a Status column (a verify report).
    """
    with _open_report(path) as (report, wb):
        rows = _read_table(wb, report, FINDINGS, (*FINDING_COLUMNS, MINE_COLUMN),
                           required=("page_url", "link"))
        has_status = bool(rows) and "status" in rows[0]
        keys = (*FINDING_KEYS, "status") if has_status else FINDING_KEYS
        out = []
        for row in rows:
            finding: dict[str, Any] = {key: _as_text(row.get(key)) for key in keys}
            finding["line"] = _as_int(row.get("line"))
            finding["extra"] = _as_extra(row.get("extra"))
            mine = (_as_text(row.get("mine")) or "").lower()
            finding["mine"] = {"yes": True, "no": False}.get(mine)
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
            "audited": (_as_text(row.get("audited")) or "yes").lower() == "yes",
            "depth": _as_int(row.get("depth")),
            "redirects": redirects.split(REDIRECT_JOIN) if redirects else [],
        }
        if "verified" in row:
            page["verified"] = (_as_text(row["verified"]) or "").lower() == "yes"
        pages.append(page)
    return pages


def _seed_hint() -> str:
    return f"with a '{SEED_HEADER[0]} | {SEED_HEADER[1]}' table"


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


def _sheets(wb: Any, report: Path, name: str, hint: str = "") -> list[Any]:
    """The sheet ``name`` and the sheets it continues on ("Name (2)", …), in order."""
    names = part_names(wb.sheetnames, name)
    if not names or names[0] != name:
        hint = f" {hint}" if hint else ""
        raise ReportError(f"{report}: not a linkaudit report: no '{name}' sheet{hint}; {_FIX}.")
    return [wb[n] for n in names]


def _summary(wb: Any, report: Path) -> Iterator[tuple[Any, ...]]:
    """The Summary's rows, read on across the sheets a long one continues on."""
    for ws in _sheets(wb, report, SUMMARY, _seed_hint()):
        yield from ws.iter_rows(values_only=True)


def _seeds(report: Path, rows: Iterator[tuple[Any, ...]]) -> list[dict[str, str]]:
    for values in rows:
        if tuple(_text(v) for v in values[:2]) == SEED_HEADER:
            break
    else:
        raise ReportError(
            f"{report}: not a linkaudit report: no '{SUMMARY}' sheet {_seed_hint()}; {_FIX}."
        )
    seeds = []
    for values in rows:
        if _is_blank(values[:2]):
            break
        mode = (_text(_at(values, 0)) or "").strip().lower()
        url = (_text(_at(values, 1)) or "").strip()
        if mode not in SEED_MODES or not url:
            raise ReportError(
                f"{report}: the seeds table on the {SUMMARY} sheet has a bad row "
                f"({_at(values, 0)!r}, {_at(values, 1)!r}): each needs a mode "
                f"({' or '.join(SEED_MODES)}) and a URL; fix the row or {_FIX}."
            )
        seeds.append({"mode": mode, "url": url})
    return seeds


def _read_table(
    wb: Any,
    report: Path,
    name: str,
    columns: Sequence[Column],
    required: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Rows of a table sheet and its continuations as dicts keyed by column key.

    Each part is read by its own header row; unknown columns are ignored.
    """
    by_header = {c.header: c.key for c in columns}
    out = []
    for ws in _sheets(wb, report, name):
        rows = ws.iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        index = {by_header[h]: i for i, h in enumerate(header) if h in by_header}
        missing = [c.header for c in columns if c.key in required and c.key not in index]
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
