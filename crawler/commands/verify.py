"""``linkaudit verify``: audit again what an earlier report audited, and say which links went.

:func:`plan_verify` reads the earlier report (its seeds, and every page with a
finding, or the folders it scanned) and checks where the new report goes;
:func:`verify` audits them again, marks each finding removed, remaining or new
in the new record, and builds the workbook.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.commands.crawl import with_render
from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import (
    Inputs,
    build_exports,
    build_workbook,
    read_run,
    record_inputs,
    report_path,
    timestamp,
    unfollowed,
)
from crawler.config import CrawlOptions
from crawler.inputs.seeds import BadSeed, Seed
from crawler.model import RunInfo
from crawler.site.scope import in_scope, scope_key

__all__ = ["VerifyOutcome", "VerifyPlan", "mark_verified", "plan_verify", "verify"]


@dataclass(frozen=True)
class VerifyPlan:
    previous_report: Path
    report: Path
    seeds: tuple[Seed, ...]
    """URLs to crawl again: the earlier seeds and every page that had a finding."""
    roots: tuple[Path, ...]
    """Or the folders and files an earlier scan audited."""
    previous: Sequence[dict[str, Any]]
    """The earlier report's finding rows."""
    lang: str | None = None
    """The earlier run's language: verify speaks it unless told otherwise (``--lang``)."""


@dataclass(frozen=True)
class VerifyOutcome:
    previous_report: Path
    report: Path
    record: Path
    removed: int
    remaining: int
    new: int
    unverified_pages: tuple[str, ...]
    """Pages with earlier findings that could not be read again: their links count as remaining."""
    not_audited: tuple[tuple[str | None, str], ...]
    """``(url, why)`` of each page that could not be audited (gone pages are not)."""
    bad_paths: tuple[BadSeed, ...]
    """Paths of an earlier scan that no longer exist."""
    complete: bool
    unfollowed: int
    workbook_error: str | None
    kept: Path | None = None
    """The workbook at ``-o``, left as it was: changed after linkaudit wrote it (``report``
    is then the new one beside it)."""
    audited: int = 0
    """Pages (or files) audited again."""
    scanned: bool = False
    """An earlier scan's files were audited again, not pages crawled."""
    pages_with_links: int = 0
    """Pages where a link remains or is new."""
    exports: tuple[Path, ...] = ()
    """The CSV and JSON files written beside the workbook (``--format``)."""
    export_error: str | None = None

    @property
    def proven(self) -> bool:
        """Every page audited and nothing left out: "nothing remains" can be trusted."""
        return not (self.not_audited or not self.complete or self.unfollowed)


def plan_verify(previous_report: Path, *, output: str | None, render: bool = False,
                inputs: Inputs = ()) -> VerifyPlan:
    """What to audit again from ``previous_report``; the new report beside it by default."""
    from reports import ReportError, read_findings, read_jsonl, read_seeds, sidecars

    if not previous_report.is_file():
        raise UsageError(f"{previous_report}: no such report; pass the .xlsx written by "
                         "linkaudit crawl")
    try:
        recorded = read_seeds(previous_report)
        old_files = sidecars(previous_report)
        previous = (read_jsonl(old_files.findings) if old_files.findings.exists()
                    else read_findings(previous_report))
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    # The workbook lists seeds without their render keyword; the run sidecar keeps it.
    earlier = read_run(old_files.run)
    rendering = {s.get("url") for s in (earlier.seeds if earlier else ())
                 if isinstance(s, dict) and s.get("render")}
    seeds = [Seed(s["mode"], s["url"], "previous report", s["url"] in rendering)
             for s in recorded if s.get("url") and s.get("mode") in ("site", "page")]
    scanned = [s["url"] for s in recorded if s.get("mode") == "files" and s.get("url")]
    if not seeds and not scanned:
        raise UsageError(f"{previous_report} records no seeds to re-audit; run linkaudit crawl "
                         "again instead")
    roots = _scanned_roots(previous_report, old_files, scanned, previous) if scanned else []
    # Re-read every page that had a finding, even one no longer linked from the site.
    seen = {s.url for s in seeds}
    site_scopes = {scope_key(s.url) for s in seeds if s.mode == "site"}
    for row in () if scanned else previous:
        url = row.get("page_url")
        if url and url not in seen and url.startswith(("http://", "https://")):
            seen.add(url)
            mode = "site" if any(in_scope(url, key) for key in site_scopes) else "page"
            render_page = any(s.render and in_scope(url, scope_key(s.url)) for s in seeds)
            seeds.append(Seed(mode, url, "previous finding", render_page))
    checked = with_render(tuple(seeds), render)
    default = previous_report.with_name(f"{previous_report.stem}.verify-{timestamp()}.xlsx")
    report = report_path(output, default,
                         inputs=[*record_inputs("report verify reads", previous_report),
                                 *inputs])
    return VerifyPlan(previous_report, report, checked, tuple(roots), previous,
                      earlier.lang if earlier else None)


def _scanned_roots(previous_report: Path, previous: Any, listed: Sequence[str],
                   findings: Sequence[dict[str, Any]]) -> list[Path]:
    """The paths an earlier scan audited, from its run file, checked against its record.

    A crafted or damaged report is a usage error naming the file and line: no
    path outside the original scan's folders is ever looked at.
    """
    from crawler.localfiles.rescan import (
        FINDING_PATH_KEYS,
        PAGE_PATH_KEYS,
        check_record,
        check_rows,
        scan_roots_of,
    )
    from reports import ReportError, read_run_json

    try:
        run = read_run_json(previous.run).to_dict() if previous.run.exists() else None
        roots = scan_roots_of(run, previous.run, previous_report, listed)
        if previous.findings.exists():
            check_record(previous.findings, FINDING_PATH_KEYS, roots)
        else:  # read back from the workbook
            where = f"{previous_report}, Findings sheet"
            check_rows(((where, row) for row in findings), FINDING_PATH_KEYS, roots)
        if previous.pages.exists():
            check_record(previous.pages, PAGE_PATH_KEYS, roots)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    return roots


def verify(plan: VerifyPlan, options: CrawlOptions,
           formats: Sequence[str] = ("xlsx",)) -> VerifyOutcome:
    """Audit the plan again, mark every finding, rewrite the record and build the workbook.

    The new run speaks ``options.lang``, else the earlier run's language.
    """
    from reports import sidecars, write_run_json
    from reports.compare import NEW, REMAINING, compare_into
    from reports.counts import is_audited
    from reports.rows import RecordRows

    old_files = sidecars(plan.previous_report)
    if not options.mine and old_files.run.exists():
        # The ids marked as the creator's last time still are.
        earlier = read_run(old_files.run)
        options = dataclasses.replace(options, mine=tuple(earlier.mine if earlier else ()))
    if options.lang is None:
        options = dataclasses.replace(options, lang=plan.lang)
    bad_paths: tuple[BadSeed, ...] = ()
    if plan.roots:
        complete, bad_paths = _rescan(plan, old_files, options)
    else:
        from crawler.runner import run_crawl  # loads Scrapy

        complete = run_crawl(plan.report, plan.seeds, [], options, command="verify").complete
    files = sidecars(plan.report)
    # The crawl's record is rewritten with each row's status as it is read, not held.
    current = RecordRows(files.findings, optional=True)
    pages = RecordRows(files.pages, optional=True)
    with_links: set[str] = set()
    audited = 0
    with _rewriting(files.findings) as out:
        def write(row: dict[str, Any]) -> None:
            if row.get("status") in (REMAINING, NEW) and row.get("page_url"):
                with_links.add(str(row["page_url"]))
            out.write(row)

        result = compare_into(plan.previous, current, pages, write)
    with _rewriting(files.pages) as out:
        def write_page(row: dict[str, Any]) -> None:
            nonlocal audited
            audited += is_audited(row)
            out.write(row)

        not_audited = mark_verified(pages, write_page)
    run = read_run(files.run) or RunInfo("verify")
    run.command, run.previous_report = "verify", str(plan.previous_report)
    run.lang = options.lang
    if result.unverified_pages:
        run.notes.append(
            f"{len(result.unverified_pages)} page(s) could not be re-read; their links are "
            "counted as remaining")
    write_run_json(files.run, run)
    workbook = build_workbook(plan.report, options.lang, ticks_from=plan.previous_report)
    exports = build_exports(plan.report, formats)
    return VerifyOutcome(
        previous_report=plan.previous_report, report=workbook.path, record=files.findings,
        removed=result.removed, remaining=result.remaining, new=result.new,
        unverified_pages=tuple(result.unverified_pages), not_audited=tuple(not_audited),
        bad_paths=bad_paths, complete=complete, unfollowed=unfollowed(run),
        workbook_error=workbook.error, kept=workbook.kept, audited=audited,
        pages_with_links=len(with_links), scanned=bool(plan.roots), exports=exports.paths, export_error=exports.error,
    )


def mark_verified(pages: Iterable[Mapping[str, Any]],
                  write: Callable[[dict[str, Any]], None]) -> list[tuple[str | None, str]]:
    """Hand each page to ``write`` with ``verified``; return ``(url, why)`` of those not audited.

    A page that could not be read was not verified, unless it is gone (404, 410).
    """
    from reports.compare import GONE_STATUSES

    not_audited: list[tuple[str | None, str]] = []
    for page in pages:
        gone = page.get("status") in GONE_STATUSES
        write({**page, "verified": not page.get("error") or gone})
        if page.get("error") and not gone:
            not_audited.append((page.get("url"), page["error"]))
    return not_audited


def _rescan(plan: VerifyPlan, previous: Any,
            options: CrawlOptions) -> tuple[bool, tuple[BadSeed, ...]]:
    """Scan again the paths of an earlier scan report; whether it completed, paths gone."""
    from crawler.localfiles.scan import ScanOptions, default_jobs, run_scan
    from crawler.localfiles.walk import scan_roots
    from reports import read_jsonl

    found, bad = scan_roots(str(root) for root in plan.roots)
    run = read_run(previous.run)
    scan = ScanOptions(jobs=default_jobs(),
                       include_build=bool(run and run.files and run.files.include_build),
                       rules=options.rules, mine=options.mine, lang=options.lang)
    pages = read_jsonl(previous.pages) if previous.pages.exists() else []
    outcome = run_scan(plan.report, found, bad, scan, previous_pages=pages, command="verify",
                       progress=options.progress)
    return outcome.complete, tuple(bad)


@contextmanager
def _rewriting(path: Path) -> Iterator[Any]:
    """A writer for a new version of the record ``path``, which replaces it once complete.

    The old version is still read while the new one is written.
    """
    from reports import RecordWriter

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with RecordWriter(tmp) as out:
            yield out
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
