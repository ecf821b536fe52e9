"""The files a command writes, checked before any work, and what it reads back from them.

A report is refused when it would replace one of the run's inputs, when it is a
folder, when its record cannot be written, and while another run writes it
(each accepted report stays locked until :func:`release_locks`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.commands.errors import UsageError
from crawler.model import RunInfo

__all__ = ["DEFAULT_OUTPUT", "ExportsWrite", "Inputs", "WorkbookWrite", "build_exports",
           "build_workbook", "job_dir",
           "read_run", "record_inputs", "release_locks", "report_path", "timestamp", "unfollowed"]

DEFAULT_OUTPUT = Path("output")

#: ``(what, path)`` pairs naming the files a run reads, e.g. ``("--seeds", "posts.txt")``.
Inputs = Sequence[tuple[str, "str | Path | None"]]

_LOCKS: list[Any] = []  # held while the command runs; released by release_locks()


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def report_path(output: str | None, default: Path, *, record: bool = True,
                inputs: Inputs = ()) -> Path:
    """The workbook to write; with ``record``, its JSONL record must be writable too.

    Refused before any work: a report whose files would replace one of ``inputs``,
    a folder, and a report another run is writing.
    """
    from crawler.outputs import OutputBusy, OutputLock, find_clash, output_files

    path = Path(output) if output else default
    if path.is_dir():
        raise UsageError(f"-o {path} is a folder; name the workbook to write, e.g. "
                         f"-o {path / 'report.xlsx'}")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"the report must be an .xlsx file, got {str(path)!r} "
                         f"(try -o {path.with_suffix('.xlsx')})")
    clash = find_clash(output_files(path, record=record),
                       [(what, Path(file)) for what, file in inputs if file])
    if clash:
        raise UsageError(f"{clash}: writing the report would destroy it. Choose another "
                         "file with -o")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder for {path}: {exc.strerror}; "
                         "choose another place with -o") from None
    if record:
        _check_writable(path)
    try:
        _LOCKS.append(OutputLock(path))
    except OutputBusy as exc:
        raise UsageError(str(exc)) from None
    return path


def release_locks() -> None:
    """Let other runs write the reports this process has locked."""
    while _LOCKS:
        _LOCKS.pop().release()


def _check_writable(report: Path) -> None:
    """Refuse before crawling, not hours later, when the record cannot be written.

    The workbook itself is only checked at the end: Excel may hold it open
    meanwhile, and then the record says how to render it.
    """
    from reports import sidecars

    if not os.access(report.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write in the folder {report.parent} (permission denied); "
                         "choose another place with -o")
    files = sidecars(report)
    for path in (files.findings, files.pages, files.run):
        if path.is_dir() or (path.exists() and not os.access(path, os.W_OK)):
            raise UsageError(f"cannot write the record {path} (a folder or read-only file is "
                             "in the way); move it or choose another name with -o")


def record_inputs(what: str, report: Path) -> list[tuple[str, str | Path | None]]:
    """A report and its sidecars as inputs of a run (``what`` says which report)."""
    from reports import sidecars

    files = sidecars(report)
    return [(what, report), (f"{what} record", files.findings),
            (f"{what} pages record", files.pages), (f"{what} run file", files.run),
            (f"{what} resolutions file", files.resolved)]


def job_dir(report: Path) -> Path:
    """``REPORT.job/`` beside the workbook: what ``--resume`` continues from."""
    from reports import sidecars

    return sidecars(report).findings.with_suffix(".job")


def read_run(path: Path) -> RunInfo | None:
    """The run file; ``None`` when it is missing or unreadable."""
    from reports import ReportError, read_run_json

    try:
        return read_run_json(path)
    except ReportError:
        return None


def unfollowed(run: RunInfo | None) -> int:
    """In-scope links a page or depth cap kept the crawl from: clean is then not proven."""
    return sum(run.not_followed.values()) if run else 0


@dataclass(frozen=True)
class WorkbookWrite:
    """Where a command wrote a report's workbook, or why it could not."""

    path: Path
    """The workbook written: the report, or a name beside it when the report was edited."""
    kept: Path | None = None
    """The report's workbook, left as it was: changed since linkaudit wrote it."""
    error: str | None = None
    """Why the workbook could not be written (the record is safe)."""


def build_workbook(report: Path, lang: str | None = None,
                   ticks_from: Path | None = None) -> WorkbookWrite:
    """Render ``report`` from its record, or beside it when the creator edited it.

    A workbook that is not the one linkaudit last wrote there (ticked rows,
    notes) is never written over: the new one goes to ``REPORT (2).xlsx``.
    The record is safe whatever happens here: the caller says how to render it later.
    ``lang`` is the workbook's language (default: the run's). The Done ticks of
    the workbook there and of ``ticks_from`` (the report ``verify`` checks) carry
    over to rows still to do.
    """
    from reports.build import build_report
    from reports.written import workbook_target

    path = workbook_target(report)
    kept = report if path != report else None
    ticks = [p for p in (report, path, ticks_from) if p is not None]
    try:
        build_report(path, source=report, lang=lang, ticks_from=dict.fromkeys(ticks))
    except Exception as exc:  # Excel holding the file, a full disk…: the record is kept
        return WorkbookWrite(path, kept, str(exc))
    return WorkbookWrite(path, kept)


@dataclass(frozen=True)
class ExportsWrite:
    """The CSV and JSON files a command wrote beside its workbook (``--format``), or why not."""

    paths: tuple[Path, ...] = ()
    error: str | None = None
    """Why they could not be written (the record and the workbook are not affected)."""


def build_exports(report: Path, formats: Sequence[str]) -> ExportsWrite:
    """Write the ``csv``/``json`` of ``formats`` beside ``report``, from its record.

    The workbook is written anyway (``verify`` reads it back), so ``xlsx`` is
    ignored here; the exports are simply replaced, like ``linkaudit report``'s.
    """
    extra = [f for f in formats if f != "xlsx"]
    if not extra:
        return ExportsWrite()
    from reports.exports import write_exports

    try:
        return ExportsWrite(tuple(write_exports(report, extra)))
    except Exception as exc:  # a full disk, a CSV open in Excel…: the record is kept
        return ExportsWrite(error=str(exc))
