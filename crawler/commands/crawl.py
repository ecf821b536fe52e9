"""``linkaudit crawl``: audit sites and pages, resuming an interrupted crawl if asked.

Three steps, so the CLI can say what it learns as it goes: :func:`gather_seeds`
(with ``--resume``, the interrupted run's seeds), :func:`plan_crawl` (the report
and job folder, checked) and :func:`crawl` (the crawl, then the workbook).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import (
    DEFAULT_OUTPUT,
    Inputs,
    build_exports,
    build_workbook,
    job_dir,
    read_run,
    report_path,
    timestamp,
)
from crawler.commands.summary import AuditOutcome, summarise
from crawler.config import CrawlOptions
from crawler.inputs.seeds import BadSeed, Seed, SeedsError, read_seeds_file, seeds_from_urls
from crawler.jobdir.state import STATE_FILE, job_problem
from crawler.model import RunInfo

__all__ = ["CrawlPlan", "CrawlResult", "GatheredSeeds", "audit_seeds", "crawl", "gather_seeds",
           "plan_crawl", "with_render"]

RESUMED_NOTE = ("resumed an interrupted crawl: pages it had finished were not fetched "
                "again, and the record holds the findings of both runs")


@dataclass(frozen=True)
class GatheredSeeds:
    seeds: tuple[Seed, ...]
    bad: tuple[BadSeed, ...]
    """Lines refused, each saying why: the CLI shows them before going on."""
    notes: tuple[str, ...]
    """Kept in the run's notes, e.g. repeated seeds dropped."""
    report: Path | None = None
    """With ``--resume``: the report of the interrupted crawl, checked and locked."""
    lang: str | None = None
    """With ``--resume``: the interrupted run's language, which the resumed run keeps."""


@dataclass(frozen=True)
class CrawlPlan:
    report: Path
    seeds: tuple[Seed, ...]
    bad: tuple[BadSeed, ...]
    notes: tuple[str, ...]
    resume: bool
    discarded_job: Path | None
    """The folder of an interrupted crawl this fresh one replaced (Scrapy would continue it)."""

    @property
    def jobdir(self) -> Path:
        return job_dir(self.report)


@dataclass(frozen=True)
class CrawlResult:
    audit: AuditOutcome
    jobdir: Path
    resumable: bool
    """The crawl stopped and its state is kept: ``--resume`` continues it."""
    state_lost: bool
    """The crawl stopped and its state could not be saved: it cannot be resumed."""


def gather_seeds(urls: list[str], seeds_file: str | None, *, output: str | None = None,
                 resume: bool = False, inputs: Inputs = ()) -> GatheredSeeds:
    """Seeds of ``seeds_file`` and ``urls``; with ``resume``, else the interrupted run's.

    ``inputs`` are the files the crawl reads, which the report must not replace.
    """
    seeds: list[Seed] = []
    bad: list[BadSeed] = []
    notes: list[str] = []
    if seeds_file:
        try:
            seeds, bad = read_seeds_file(seeds_file, notes=notes)
        except SeedsError as exc:
            raise UsageError(str(exc)) from None
    url_seeds, url_bad = seeds_from_urls(urls, notes=notes)
    known = {(s.mode, s.url): s for s in seeds}
    for seed in url_seeds:
        if (seed.mode, seed.url) in known:
            notes.append(f"{seed.source}: {seed.url} repeats {known[seed.mode, seed.url].source}; "
                         "dropped")
        else:
            seeds.append(seed)
    bad += url_bad
    if not resume:
        return GatheredSeeds(tuple(seeds), tuple(bad), tuple(notes))
    if not output:
        raise UsageError("--resume needs -o REPORT.xlsx, the report of the interrupted crawl")
    report = report_path(output, DEFAULT_OUTPUT, inputs=inputs)
    seeds, bad = _resumed_seeds(report, seeds, bad)
    notes.append(RESUMED_NOTE)
    run = read_run(_run_file(report))
    return GatheredSeeds(tuple(seeds), tuple(bad), tuple(notes), report,
                         run.lang if run else None)


def _resumed_seeds(report: Path, seeds: list[Seed],
                   bad: list[BadSeed]) -> tuple[list[Seed], list[BadSeed]]:
    """The seeds to resume with: those given, else the interrupted run's."""
    from reports import sidecars

    jobdir = job_dir(report)
    if not jobdir.is_dir():
        raise UsageError(f"nothing to resume: no interrupted crawl is kept in {jobdir}; run "
                         "the crawl without --resume")
    problem = job_problem(jobdir)  # read as data: nothing in the folder runs
    if problem:
        raise UsageError(f"{jobdir} is not a crawl linkaudit can resume: {problem}. Run the "
                         f"crawl again without --resume (it starts afresh and replaces "
                         f"{jobdir.name})")
    if not (jobdir / STATE_FILE).is_file():
        raise UsageError(f"the crawl kept in {jobdir} was killed before it could save its "
                         f"state; run it again without --resume (what it found is in "
                         f"{sidecars(report).findings})")
    if seeds:
        return seeds, bad
    run = read_run(sidecars(report).run) or RunInfo("crawl")
    recorded = [Seed(s["mode"], s["url"], s.get("source") or "interrupted run",
                     bool(s.get("render"))) for s in run.seeds
                if s.get("mode") in ("site", "page") and s.get("url")]
    earlier_bad = [BadSeed(b.get("source", ""), b.get("line", ""), b.get("why", ""))
                   for b in run.bad_seeds]
    return recorded, bad + earlier_bad


def with_render(seeds: tuple[Seed, ...], render_all: bool) -> tuple[Seed, ...]:
    """``seeds``, all rendering with ``--render``; refused when rendering cannot run."""
    import os

    from crawler.render.pages import browser_problem

    if render_all:
        seeds = tuple(dataclasses.replace(s, render=True) for s in seeds)
    if any(s.render for s in seeds):
        problem = browser_problem(os.environ)
        if problem:
            raise UsageError(problem)
    return seeds


def plan_crawl(gathered: GatheredSeeds, *, output: str | None, seeds_file: str | None,
               render: bool = False, inputs: Inputs = ()) -> CrawlPlan:
    """The crawl of ``gathered`` checked: a seed to crawl, the browser, the report.

    A fresh crawl discards the folder an interrupted one left for ``--resume``.
    """
    if not gathered.seeds:
        where = f"{seeds_file} has" if seeds_file else "the command line has"
        raise UsageError(f"no valid seed: {where} no usable URL. Give a URL "
                         "(linkaudit crawl https://your.site/) or a seeds file (--seeds FILE)")
    seeds = with_render(gathered.seeds, render)
    resume = gathered.report is not None
    report = gathered.report or report_path(
        output, DEFAULT_OUTPUT / f"linkaudit-{timestamp()}.xlsx", inputs=inputs)
    jobdir = job_dir(report)
    discarded = None
    if not resume and jobdir.exists():
        # Scrapy would silently continue the old crawl from it.
        shutil.rmtree(jobdir)
        discarded = jobdir
    return CrawlPlan(report, seeds, gathered.bad, gathered.notes, resume, discarded)


def crawl(plan: CrawlPlan, options: CrawlOptions,
          formats: Sequence[str] = ("xlsx",)) -> CrawlResult:
    """Crawl the plan's seeds, then build the workbook (and ``formats``' exports) from the record."""
    options = dataclasses.replace(options, notes=plan.notes, jobdir=str(plan.jobdir),
                                  resume=plan.resume)
    audit = audit_seeds(plan.report, plan.seeds, plan.bad, options, formats)
    jobdir = plan.jobdir
    resumable = state_lost = False
    run = read_run(_run_file(plan.report))
    if run is not None and run.complete:
        shutil.rmtree(jobdir, ignore_errors=True)  # nothing left to resume
    elif (jobdir / STATE_FILE).is_file():
        resumable = True
    elif jobdir.is_dir():
        state_lost = True
    return CrawlResult(audit, jobdir, resumable, state_lost)


def audit_seeds(report: Path, seeds: tuple[Seed, ...], bad: tuple[BadSeed, ...],
                options: CrawlOptions, formats: Sequence[str] = ("xlsx",)) -> AuditOutcome:
    """Crawl ``seeds`` into the record of ``report``, then build its workbook (and exports)."""
    from crawler.runner import run_crawl  # loads Scrapy

    outcome = run_crawl(report, seeds, bad, options)
    workbook = build_workbook(report, options.lang) if outcome.closed else None
    exports = build_exports(report, formats) if outcome.closed else None
    return summarise(report, sources=len(seeds), bad_sources=len(bad), mine=options.mine,
                     complete=outcome.complete, finish_reason=outcome.finish_reason,
                     write_error=outcome.write_error,
                     workbook_error=workbook.error if workbook else None,
                     workbook_written=workbook is not None and workbook.error is None,
                     workbook=workbook.path if workbook else None,
                     kept=workbook.kept if workbook else None, exports=exports)


def _run_file(report: Path) -> Path:
    from reports import sidecars

    return sidecars(report).run
