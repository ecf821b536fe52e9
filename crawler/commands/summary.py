"""What a crawl or scan wrote, read back from its record: the outcome the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.commands.reportfiles import ExportsWrite, read_run, unfollowed

if TYPE_CHECKING:
    from reports.counts import FindingCounts, PageCounts

__all__ = ["AuditOutcome", "summarise"]


@dataclass(frozen=True)
class AuditOutcome:
    """One audit (crawl, scan or demo): counts from its record, and what went wrong."""

    report: Path
    """The workbook (beside the report's own when the creator had edited that one)."""
    record: Path
    """``REPORT.jsonl``: the findings, from which the workbook can be built again."""
    sources: int
    """Seeds (crawl) or paths (scan) audited."""
    bad_sources: int
    """Seeds or paths refused before the audit."""
    findings: FindingCounts
    pages: PageCounts
    not_audited: tuple[tuple[str | None, str], ...]
    """``(url, why)`` of each page that could not be audited."""
    complete: bool
    finish_reason: str
    write_error: str | None
    """Why a row of the record could not be written: the audit stopped there."""
    workbook_error: str | None
    """Why the workbook could not be written (the record is safe)."""
    workbook_written: bool
    notes: tuple[str, ...]
    """The run file's notes."""
    unfollowed: int
    """In-scope links a page or depth cap kept the crawl from."""
    mine: tuple[str, ...]
    kept: Path | None = None
    """The report's own workbook, left as it was: the creator changed it after linkaudit wrote it."""
    exports: tuple[Path, ...] = ()
    """The CSV and JSON files written beside the workbook (``--format``)."""
    export_error: str | None = None
    """Why they could not be written."""

    @property
    def proven(self) -> bool:
        """Every page audited and nothing left out: a clean result can be trusted."""
        return not (self.pages.failed or self.unfollowed or not self.complete
                    or self.bad_sources)


def summarise(report: Path, *, sources: int, bad_sources: int, mine: tuple[str, ...],
              complete: bool, finish_reason: str, write_error: str | None,
              workbook_error: str | None, workbook_written: bool,
              workbook: Path | None = None, kept: Path | None = None,
              exports: ExportsWrite | None = None) -> AuditOutcome:
    """Count the record of ``report`` in one streaming pass per file (never held whole).

    ``workbook`` is where the workbook went when it is not ``report``, which was
    ``kept``.
    """
    from reports import sidecars
    from reports.build import resolution_joiner
    from reports.counts import PageCounts, count_findings
    from reports.rows import RecordRows

    files = sidecars(report)
    # With --resolve, the ids short links led to count too.
    found = count_findings(RecordRows(files.findings, resolution_joiner(files.resolved),
                                      optional=True))
    pages = PageCounts()
    failed: list[tuple[str | None, str]] = []
    for page in RecordRows(files.pages, optional=True):
        pages.add(page)
        if page.get("error"):
            failed.append((page.get("url"), page["error"]))
    run = read_run(files.run)
    return AuditOutcome(
        report=workbook or report, record=files.findings, sources=sources, bad_sources=bad_sources,
        findings=found, pages=pages, not_audited=tuple(failed), complete=complete,
        finish_reason=finish_reason, write_error=write_error, workbook_error=workbook_error,
        workbook_written=workbook_written, notes=tuple(run.notes if run else ()),
        unfollowed=unfollowed(run), mine=mine, kept=kept,
        exports=exports.paths if exports else (), export_error=exports.error if exports else None,
    )
