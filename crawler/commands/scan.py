"""``linkaudit scan``: audit local files (a blog's sources, a WordPress export, text files).

:func:`find_paths` sorts the paths given, :func:`plan_scan` checks there is
something to scan and where the report goes, :func:`scan` audits the files and
builds the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import (
    DEFAULT_OUTPUT,
    Inputs,
    build_exports,
    build_workbook,
    report_path,
    timestamp,
)
from crawler.commands.summary import AuditOutcome, summarise
from crawler.inputs.seeds import BadSeed

if TYPE_CHECKING:
    from crawler.localfiles.scan import ScanOptions
    from crawler.progress import Progress

__all__ = ["FoundPaths", "ScanPlan", "find_paths", "plan_scan", "scan"]


@dataclass(frozen=True)
class FoundPaths:
    roots: tuple[Path, ...]
    bad: tuple[BadSeed, ...]
    """Paths that do not exist, each saying why: the CLI shows them before going on."""


@dataclass(frozen=True)
class ScanPlan:
    report: Path
    roots: tuple[Path, ...]
    bad: tuple[BadSeed, ...]


def find_paths(paths: Sequence[str]) -> FoundPaths:
    from crawler.localfiles.walk import scan_roots

    roots, bad = scan_roots(paths)
    return FoundPaths(tuple(roots), tuple(bad))


def plan_scan(found: FoundPaths, paths: Sequence[str], *, output: str | None,
              inputs: Inputs = ()) -> ScanPlan:
    """Something to scan, and a report that replaces none of ``paths`` or ``inputs``."""
    if not found.roots:
        raise UsageError("nothing to scan: none of the paths exists. Give a blog's source "
                         "folder, a WordPress export (.xml) or text files "
                         "(linkaudit scan ~/blog)")
    report = report_path(output, DEFAULT_OUTPUT / f"linkaudit-scan-{timestamp()}.xlsx",
                         inputs=[*(("scanned", p) for p in paths if Path(p).is_file()),
                                 *inputs])
    return ScanPlan(report, found.roots, found.bad)


def scan(plan: ScanPlan, options: ScanOptions, *, progress: Progress | None = None,
         formats: Sequence[str] = ("xlsx",)) -> AuditOutcome:
    """Audit the plan's files into the record, then build the workbook (and exports) from it."""
    from crawler.localfiles.scan import run_scan

    outcome = run_scan(plan.report, plan.roots, plan.bad, options, progress=progress)
    workbook = build_workbook(plan.report, options.lang)
    exports = build_exports(plan.report, formats)
    return summarise(plan.report, sources=len(plan.roots), bad_sources=len(plan.bad),
                     mine=options.mine, complete=outcome.complete,
                     finish_reason=outcome.finish_reason, write_error=None,
                     workbook_error=workbook.error, workbook_written=workbook.error is None,
                     workbook=workbook.path, kept=workbook.kept, exports=exports)
