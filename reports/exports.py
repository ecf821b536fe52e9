"""The report for scripts: the findings and pages as CSV, or the whole record as one JSON file.

``--format csv`` writes ``REPORT.findings.csv`` and ``REPORT.pages.csv`` with the
workbook's Findings and Pages columns and headers, in UTF-8 with a BOM so Excel
reads Chinese text right. ``--format json`` writes ``REPORT.json``:
``{"run": …, "findings": […], "pages": […]}``, the record's rows as they are.
Both are read from the record on disk row by row, never held whole, and
written to a temporary name first, so a file is never left half written.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from crawler.i18n import FALLBACK, messages
from crawler.model import RunInfo
from reports.cells import Value, is_formula_like
from reports.columns import PAGE_COLUMNS
from reports.counts import count_pages
from reports.record import StrPath, read_run_json, sidecars
from reports.rows import RecordRows, RowSource, rows_of
from reports.workbook import finding_cells, finding_columns, page_cells

__all__ = ["FORMATS", "export_paths", "parse_formats", "write_csv", "write_exports",
           "write_json"]

#: What ``--format`` accepts; ``xlsx`` is the workbook (:mod:`reports.workbook`).
FORMATS = ("xlsx", "csv", "json")


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """The formats named by ``--format`` values (repeated or comma-separated), in order, once each.

    >>> parse_formats(["csv,json", "csv"])
    ('csv', 'json')
    >>> parse_formats(["pdf"])
    Traceback (most recent call last):
    ValueError: unknown format 'pdf' (choose from xlsx, csv, json)
    """
    chosen: dict[str, None] = {}
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if name not in FORMATS:
                raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
            chosen[name] = None
    return tuple(chosen)


def export_paths(report: StrPath, fmt: str) -> tuple[Path, ...]:
    """The files ``fmt`` writes for ``report`` (named from its stem).

    >>> [p.as_posix() for p in export_paths("out/site.xlsx", "csv")]
    ['out/site.findings.csv', 'out/site.pages.csv']
    >>> [p.as_posix() for p in export_paths("out/site.xlsx", "json")]
    ['out/site.json']
    """
    base = sidecars(report).findings.with_suffix("")  # out/site.jsonl -> out/site
    if fmt == "csv":
        return (base.with_name(base.name + ".findings.csv"),
                base.with_name(base.name + ".pages.csv"))
    if fmt == "json":
        return (base.with_name(base.name + ".json"),)
    return (Path(report),)


def write_exports(report: StrPath, formats: Sequence[str], *,
                  source: StrPath | None = None, lang: str | None = None) -> list[Path]:
    """Write the CSV and JSON files named in ``formats`` for ``report`` from the record of
    ``source`` (default: the same report); the paths written. ``xlsx`` is not written here.
    """
    from reports.build import resolution_joiner

    files = sidecars(source if source is not None else report)
    run = read_run_json(files.run) if files.run.exists() else RunInfo("report")
    findings = RecordRows(files.findings, resolution_joiner(files.resolved))
    pages = RecordRows(files.pages, optional=True)
    written: list[Path] = []
    if "csv" in formats:
        findings_csv, pages_csv = export_paths(report, "csv")
        written += write_csv(findings_csv, pages_csv, findings=findings, pages=pages,
                             lang=lang or run.lang)
    if "json" in formats:
        (json_path,) = export_paths(report, "json")
        written.append(write_json(json_path, run=run.to_dict(), findings=findings, pages=pages))
    return written


def write_csv(findings_path: StrPath, pages_path: StrPath, *,
              findings: Iterable[Mapping[str, Any]] | RowSource,
              pages: Iterable[Mapping[str, Any]] | RowSource,
              lang: str | None = None) -> tuple[Path, Path]:
    """Write the Findings and Pages tables as CSV, in ``lang`` as the workbook would; the paths.

    The cells follow the workbook's rules; text a spreadsheet app would take
    for a formula (``=HYPERLINK(…``) gets a leading apostrophe, so it stays text.
    """
    finding_rows, page_rows = rows_of(findings), rows_of(pages)
    msg = messages(lang or FALLBACK)
    with_status = with_mine = with_resolution = False
    for _start, _end, finding in finding_rows.spans():
        with_status = with_status or bool(finding.get("status"))
        with_mine = with_mine or finding.get("mine") is not None
        with_resolution = with_resolution or "resolution" in finding
    columns = finding_columns(with_status=with_status, with_mine=with_mine,
                              with_resolution=with_resolution)
    keys = [c.key for c in columns]
    _atomic(Path(findings_path), lambda f: _write_table(
        f, [c.header(msg) for c in columns],
        (finding_cells(row, keys, msg) for _s, _e, row in finding_rows.spans())))

    with_verified = count_pages(row for _s, _e, row in page_rows.spans()).with_verified
    page_columns = PAGE_COLUMNS if with_verified else PAGE_COLUMNS[:-1]
    _atomic(Path(pages_path), lambda f: _write_table(
        f, [c.header(msg) for c in page_columns],
        page_cells((row for _s, _e, row in page_rows.spans()), with_verified, msg)))
    return Path(findings_path), Path(pages_path)


def write_json(path: StrPath, *, run: Mapping[str, Any],
               findings: Iterable[Mapping[str, Any]] | RowSource,
               pages: Iterable[Mapping[str, Any]] | RowSource) -> Path:
    """Write ``{"run": …, "findings": […], "pages": […]}``, one row at a time; the path."""
    finding_rows, page_rows = rows_of(findings), rows_of(pages)

    def write(f: IO[str]) -> None:
        f.write('{"run": ' + _dumps(run) + ',\n"findings": [')
        _write_array(f, (row for _s, _e, row in finding_rows.spans()))
        f.write('],\n"pages": [')
        _write_array(f, (row for _s, _e, row in page_rows.spans()))
        f.write("]}\n")

    _atomic(Path(path), write, encoding="utf-8")
    return Path(path)


def _write_array(f: IO[str], rows: Iterator[Mapping[str, Any]]) -> None:
    for n, row in enumerate(rows):
        f.write(("\n" if n == 0 else ",\n") + _dumps(row))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_table(f: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> None:
    writer = csv.writer(f)
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)


def _csv_cell(value: Value) -> Value:
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value  # how Excel marks typed text; the cell shows the text as is
    return value


def _atomic(path: Path, write: Callable[[IO[str]], None], encoding: str = "utf-8-sig") -> None:
    """Write ``path`` through a temporary file renamed over it (UTF-8 with a BOM by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # A lone surrogate from the record is escaped instead of stopping the export.
        with tmp.open("w", encoding=encoding, errors="backslashreplace", newline="") as f:
            write(f)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
