"""``linkaudit diff``: compare two reports already written, without auditing anything.

:func:`diff` reads the findings (and the new report's pages) of two reports,
marks each finding removed, remaining or new with :mod:`reports.compare`, and
with an output writes the comparison as a record and builds its workbook, as
``verify`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import build_workbook, read_run, record_inputs, report_path
from crawler.model import RunInfo

__all__ = ["DiffLink", "DiffOutcome", "diff"]

_FIX = "pass a report written by linkaudit (its .xlsx, or the .jsonl record beside it)"


@dataclass(frozen=True)
class DiffLink:
    page: str | None
    link: str | None
    pid: str | None


@dataclass(frozen=True)
class DiffOutcome:
    old: Path
    new: Path
    removed: int
    remaining: int
    added: int
    """Findings of ``new`` that ``old`` did not have."""
    links: Mapping[str, tuple[DiffLink, ...]]
    """The links of each status (``removed``, ``remaining``, ``new``), in the order decided."""
    unverified_pages: tuple[str, ...]
    """Pages of ``old`` with findings that ``new`` did not audit: their links count as remaining."""
    report: Path | None = None
    """The workbook written (``-o``), or ``None``."""
    record: Path | None = None
    workbook_error: str | None = None
    kept: Path | None = None
    """The workbook at ``-o``, left as it was: changed after linkaudit wrote it."""


@dataclass(frozen=True)
class _Report:
    findings: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    run: RunInfo | None


def diff(old: Path, new: Path, *, output: str | None = None,
         lang: str | None = None) -> DiffOutcome:
    """Compare the report ``old`` with ``new``; with ``output``, write the comparison's workbook
    (in ``lang``, kept in its run file; by default NEW's language)."""
    from crawler.commands.verify import mark_verified
    from reports import RecordWriter, sidecars, write_run_json
    from reports.compare import NEW, REMAINING, REMOVED, compare_into

    earlier, later = _read(old, "OLD"), _read(new, "NEW")
    target = None
    if output is not None:
        target = report_path(output, Path(output), inputs=[
            *record_inputs("OLD report", _workbook_of(old)), ("OLD report", old),
            *record_inputs("NEW report", _workbook_of(new)), ("NEW report", new)])
    links: dict[str, list[DiffLink]] = {REMOVED: [], REMAINING: [], NEW: []}

    def note(row: dict[str, Any]) -> None:
        links[row["status"]].append(DiffLink(row.get("page_url"), row.get("link"), row.get("pid")))

    # A verify report's removed links are no longer published: not part of its audit.
    current = [row for row in later.findings if row.get("status") != REMOVED]
    if target is None:
        result = compare_into(earlier.findings, current, later.pages, note)
        return _outcome(old, new, result, links)
    files = sidecars(target)
    with RecordWriter(files.findings) as out:
        def write(row: dict[str, Any]) -> None:
            note(row)
            out.write(row)

        result = compare_into(earlier.findings, current, later.pages, write)
    with RecordWriter(files.pages) as out:
        mark_verified(later.pages, out.write)
    run = later.run or RunInfo("diff")
    run.command, run.previous_report = "diff", str(old)
    run.lang = lang or run.lang
    if result.unverified_pages:
        run.notes.append(f"{len(result.unverified_pages)} page(s) of {old.name} were not audited "
                         f"in {new.name}; their links are counted as remaining")
    write_run_json(files.run, run)
    workbook = build_workbook(target, run.lang)
    return _outcome(old, new, result, links, report=workbook.path, record=files.findings,
                    workbook_error=workbook.error, kept=workbook.kept)


def _outcome(old: Path, new: Path, result: Any, links: dict[str, list[DiffLink]],
             **written: Any) -> DiffOutcome:
    return DiffOutcome(old=old, new=new, removed=result.removed, remaining=result.remaining,
                       added=result.new, links={k: tuple(v) for k, v in links.items()},
                       unverified_pages=tuple(result.unverified_pages), **written)


def _workbook_of(path: Path) -> Path:
    """The report's workbook: ``path`` itself, or the .xlsx beside the record ``path``."""
    if path.suffix.lower() == ".jsonl":
        return path.with_name(path.name.removesuffix(path.suffix) + ".xlsx")
    return path


def _read(path: Path, what: str) -> _Report:
    """A report's findings, pages and run; from its record, or read back from its workbook."""
    from reports import ReportError, read_findings, read_jsonl, read_pages, sidecars

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".jsonl"):
        raise UsageError(f"{what} {path} is not a report; {_FIX}")
    if not path.is_file():
        raise UsageError(f"{what} {path}: no such report; {_FIX}")
    workbook = _workbook_of(path)
    files = sidecars(workbook)
    if suffix == ".jsonl" and path.name.endswith(".pages.jsonl"):
        raise UsageError(f"{what} {path} is a report's pages record; pass "
                         f"{files.findings.name} or {workbook.name} instead")
    try:
        findings = (read_jsonl(files.findings) if files.findings.is_file()
                    else read_findings(workbook))
        if files.pages.is_file():
            pages = read_jsonl(files.pages)
        elif workbook.is_file():
            pages = read_pages(workbook)
        else:
            pages = []
    except ReportError as exc:
        raise UsageError(f"{what}: {exc}") from None
    return _Report(findings, pages, read_run(files.run))
