"""The ``linkaudit`` command: the one place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from crawler import settings as defaults  # the one place for defaults
from crawler.detect import RuleError, load_rules
from crawler.inputs.seeds import BadSeed, Seed, SeedsError, read_seeds_file, seeds_from_urls
from crawler.jobdir.state import STATE_FILE, job_problem
from crawler.site.scope import in_scope, is_loopback, scope_key

__all__ = ["ExitCode", "main", "run"]

DEFAULT_OUTPUT = Path("output")


class ExitCode(IntEnum):
    OK = 0
    """No affiliate link found (or remaining) and every page audited."""
    LINKS_FOUND = 1
    """Affiliate links found (crawl) or still there / new (verify)."""
    USAGE = 2
    """Bad usage or input: nothing was audited."""
    NOT_PROVEN = 3
    """No link found, but some pages could not be audited: clean is not proven."""


class UsageError(Exception):
    """Bad command-line input; the message says what to change."""


# -- argument parsing ---------------------------------------------------------------


def _number(convert: Callable[[str], Any], minimum: float, what: str) -> Callable[[str], Any]:
    """An argparse type: ``convert`` the text and require at least ``minimum``."""

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}, got {value}")
        return value

    return parse


_positive_int = _number(int, 1, "a whole number")
_non_negative_int = _number(int, 0, "a whole number")
_seconds = _number(float, 0, "seconds")


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("crawl options")
    group.add_argument("--delay", type=_seconds, metavar="SECONDS",
                       help="fixed delay between requests to one host (default: 0.5 s with "
                            "AutoThrottle; none for 127.0.0.1/localhost)")
    group.add_argument("--concurrency", type=_positive_int, metavar="N",
                       help="requests at a time per host (default: 2; 16 on 127.0.0.1)")
    group.add_argument("--max-pages", type=_positive_int, metavar="N",
                       help="stop following links after N pages (default: "
                            f"{defaults.LINKAUDIT_MAX_PAGES})")
    group.add_argument("--depth", type=_non_negative_int, metavar="N",
                       help="follow links at most N clicks away from a site seed (default: "
                            f"{defaults.LINKAUDIT_MAX_DEPTH})")
    group.add_argument("--timeout", type=_number(float, 0.1, "seconds"), metavar="SECONDS",
                       help="give up on a page with no complete answer after SECONDS "
                            "(default: 30)")
    group.add_argument("--allow-domain", action="append", default=[], metavar="DOMAIN",
                       help="treat DOMAIN (and its subdomains; host:port for one port) as part "
                            "of each site seed, e.g. a blog's CDN or second domain; may be "
                            "repeated")
    group.add_argument("--include", action="append", default=[], metavar="REGEX",
                       help="crawl only site URLs this regular expression matches (searched "
                            "anywhere in the URL); may be repeated: any may match. Seeds, "
                            "robots.txt and sitemaps are always read")
    group.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                       help="never crawl site URLs this regular expression matches; may be "
                            "repeated")
    group.add_argument("--ignore-robots", action="store_true",
                       help="fetch pages robots.txt disallows (for auditing your own site; "
                            "default: robots.txt is obeyed)")
    group.add_argument("--max-query-variants", type=_positive_int, metavar="N",
                       help="follow at most N different query strings per path, against "
                            "calendars and endless filters; pages listed in a sitemap are "
                            "exempt (default: 50)")
    group.add_argument("--rules", action="append", default=[], metavar="FILE",
                       help="extra detection rules (TOML, same schema as the shipped rules.toml); "
                            "may be repeated")
    group.add_argument("--mine", action="append", default=[], metavar="ID",
                       help="your own id: a PID (mm_…), Taobao member id, JD union id, Amazon "
                            "tag…; may be repeated or comma-separated. Findings are then marked "
                            "yours or someone else's")
    group.add_argument("--render", action="store_true",
                       help="render every page in headless Chromium before auditing it, for "
                            "pages that insert links with JavaScript (a seeds-file line may "
                            "say 'render URL' for one seed); needs scripts/install-browser.sh")
    group.add_argument("--cookies", action="append", default=[], metavar="FILE",
                       help="log in to platforms that hide posts: cookies exported from your "
                            "browser (Netscape cookies.txt or the JSON of Cookie-Editor/"
                            "EditThisCookie); each is sent only to its own site; may be repeated")
    group.add_argument("--header", action="append", default=[], metavar="'HOST: Name: value'",
                       help="send a header to HOST and its subdomains only, e.g. 'zhihu.com: "
                            "Authorization: Bearer …'; may be repeated")
    group.add_argument("--resolve", action="store_true",
                       help="follow known affiliate short links (s.click.taobao.com, m.tb.cn, "
                            "u.jd.com, amzn.to…) once each, slowly, without cookies or "
                            "JavaScript, to read the id on their landing URL. Off by default: "
                            "a resolution may count as a click with the network")
    # Tests only: a loopback server that answers for every short-link host.
    group.add_argument("--resolve-via", metavar="URL", help=argparse.SUPPRESS)
    group.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkaudit",
        description="Find lingering affiliate links (Taobao Affiliate PIDs, ad-slot code, "
                    "淘口令) on your sites and posts, and verify their removal.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser(
        "crawl", help="audit sites and pages; write REPORT.xlsx and REPORT.jsonl",
        description="Audit sites and pages for affiliate links. A bare URL is a site (whole "
                    "site crawled) when its path is empty or '/', else a single page.",
    )
    crawl.add_argument("urls", nargs="*", metavar="URL", help="a site or page to audit")
    crawl.add_argument("--seeds", metavar="FILE",
                       help="seeds file: one 'site URL', 'page URL' or bare URL per line")
    crawl.add_argument("-o", "--output", metavar="REPORT.xlsx",
                       help="workbook to write (default: output/linkaudit-<time>.xlsx)")
    crawl.add_argument("--resume", action="store_true",
                       help="continue the interrupted crawl of -o REPORT.xlsx (kept in "
                            "REPORT.job/) without fetching its finished pages again")
    _add_crawl_options(crawl)

    verify = sub.add_parser(
        "verify", help="re-audit the seeds of a report and mark links removed/remaining/new",
        description="Re-audit the seeds (and every page with a finding) of an earlier report.",
    )
    verify.add_argument("report", metavar="REPORT.xlsx", help="a report written by linkaudit")
    verify.add_argument("-o", "--output", metavar="NEW.xlsx",
                        help="workbook to write (default: beside REPORT, <name>.verify-<time>.xlsx)")
    _add_crawl_options(verify)

    scan = sub.add_parser(
        "scan", help="audit local files: a blog's sources, a WordPress export, text files",
        description="Audit files instead of URLs: a Hexo/Hugo/Jekyll source folder (Markdown "
                    "with front matter, HTML, theme templates), a WordPress export (WXR .xml) "
                    "or text files. Folders are read recursively; .git, node_modules and "
                    "generated output (public/, _site/ beside a site config) are skipped.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="a file or folder to audit")
    scan.add_argument("-o", "--output", metavar="REPORT.xlsx",
                      help="workbook to write (default: output/linkaudit-scan-<time>.xlsx)")
    scan.add_argument("--include-build", action="store_true",
                      help="also audit generated output (public/, _site/, .deploy_git/, "
                           "db.json), which the sources already cover")
    scan.add_argument("--jobs", type=_positive_int, metavar="N",
                      help="files audited in parallel (default: the number of CPUs)")
    scan.add_argument("--rules", action="append", default=[], metavar="FILE",
                      help="extra detection rules (TOML), as for crawl; may be repeated")
    scan.add_argument("--mine", action="append", default=[], metavar="ID",
                      help="your own id (PID, member id, union id, tag), as for crawl")

    demo = sub.add_parser(
        "demo", help="audit the bundled sample creator site, served on 127.0.0.1",
        description="Serve a sample creator site and two off-platform-style posts on "
                    "127.0.0.1, audit them and write the workbook. Needs no network.",
    )
    demo.add_argument("-o", "--output", metavar="REPORT.xlsx",
                      help="workbook to write (default: output/demo-report.xlsx)")
    demo.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")

    report = sub.add_parser(
        "report", help="render the workbook again from a report's JSONL record",
        description="Render REPORT.xlsx from REPORT.jsonl (and its sidecars), e.g. after "
                    "Excel held the workbook open while a crawl ended.",
    )
    report.add_argument("record", metavar="REPORT.jsonl", help="the JSONL record of a report")
    report.add_argument("-o", "--output", metavar="REPORT.xlsx",
                        help="workbook to write (default: beside the record)")
    return parser


# -- helpers -------------------------------------------------------------------------


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


_LOCKS: list[Any] = []  # held while the command runs; released by main()


def _report_path(output: str | None, default: Path, *, record: bool = True,
                 inputs: Sequence[tuple[str, str | Path | None]] = ()) -> Path:
    """The workbook to write; with ``record``, its JSONL record must be writable too.

    Refused before any work: a report whose files would replace one of ``inputs``
    (``(what, path)`` pairs), a folder, and a report another run is writing.
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


def _option_inputs(args: argparse.Namespace) -> list[tuple[str, str | Path | None]]:
    """Files the crawl options read: a report must not be written over them."""
    return ([("--rules", f) for f in getattr(args, "rules", ())]
            + [("--cookies", f) for f in getattr(args, "cookies", ())])


def _record_inputs(what: str, report: Path) -> list[tuple[str, str | Path | None]]:
    from reports import sidecars

    files = sidecars(report)
    return [(what, report), (f"{what} record", files.findings),
            (f"{what} pages record", files.pages), (f"{what} run file", files.run),
            (f"{what} resolutions file", files.resolved)]


def _check_writable(report: Path) -> None:
    """Refuse before crawling, not hours later, when the record cannot be written.

    The workbook itself is only checked at the end: Excel may hold it open
    meanwhile, and then the record says how to render it.
    """
    import os

    from reports import sidecars

    if not os.access(report.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write in the folder {report.parent} (permission denied); "
                         "choose another place with -o")
    files = sidecars(report)
    for path in (files.findings, files.pages, files.run):
        if path.is_dir() or (path.exists() and not os.access(path, os.W_OK)):
            raise UsageError(f"cannot write the record {path} (a folder or read-only file is "
                             "in the way); move it or choose another name with -o")


def _check_rules(files: Sequence[str]) -> None:
    if files:
        try:
            load_rules(files)
        except RuleError as exc:
            raise UsageError(f"--rules: {exc}") from None


def _scope_options(args: argparse.Namespace) -> dict[str, Any]:
    """The site-scope flags, checked: a bad pattern or domain is named with the fix."""
    import re

    from crawler.site.scope import allowed_host

    for flag in ("include", "exclude"):
        for pattern in getattr(args, flag):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise UsageError(f"--{flag}: {pattern!r} is not a valid regular expression "
                                 f"({exc}); quote it for the shell, e.g. --{flag} '/tag/'"
                                 ) from None
    for domain in args.allow_domain:
        try:
            allowed_host(domain)
        except ValueError as exc:
            raise UsageError(f"--allow-domain: {exc}") from None
    return {"allow_domains": tuple(args.allow_domain), "include": tuple(args.include),
            "exclude": tuple(args.exclude), "ignore_robots": args.ignore_robots,
            "max_query_variants": args.max_query_variants}


def _options(args: argparse.Namespace) -> Any:
    from crawler.runner import CrawlOptions

    _check_rules(args.rules)
    if args.resolve_via and not (args.resolve_via.startswith("http://")
                                 and is_loopback(args.resolve_via)):
        raise UsageError(f"--resolve-via must be an http:// URL on 127.0.0.1 (a test server), "
                         f"got {args.resolve_via!r}")
    return CrawlOptions(
        delay=args.delay, concurrency=args.concurrency, max_pages=args.max_pages,
        resolve=args.resolve, resolve_via=args.resolve_via if args.resolve else None,
        depth=args.depth, timeout=args.timeout, rules=tuple(args.rules),
        mine=tuple(getattr(args, "mine", [])),
        log_level="INFO" if args.verbose else "WARNING",
        **_scope_options(args),
        extra_settings=_auth_settings(args),
    )


def _auth_settings(args: argparse.Namespace) -> dict[str, Any]:
    """``--cookies`` and ``--header``, checked before any request is made.

    Scrapy gets the cookie files' paths and headers whose values no repr shows,
    so no secret reaches a log.
    """
    from crawler.middlewares.auth import AuthError, expired_cookies, parse_header, read_cookies

    headers = []
    try:
        for path in args.cookies:
            cookies = read_cookies(path)
            expired = expired_cookies(cookies)
            if expired:
                _err(f"note: {path}: {expired} of {len(cookies)} cookie(s) have expired and are "
                     "not sent; export them again if pages ask you to log in")
        headers = [parse_header(text) for text in args.header]
    except AuthError as exc:
        raise UsageError(str(exc)) from None
    if not args.cookies and not headers:
        return {}
    return {"LINKAUDIT_COOKIES": list(args.cookies), "LINKAUDIT_HEADERS": headers}


def _report_bad_seeds(bad: Sequence[BadSeed]) -> None:
    for line in bad:
        _err(str(line))


#: PIDs listed in the printed summary; the workbook's Ad slots sheet lists them all.
_SUMMARY_PIDS = 20


def _summarise_findings(counts: Any) -> list[str]:
    lines = [f"  {pid}  ×{count}" for pid, count in counts.pids.most_common(_SUMMARY_PIDS)]
    if len(counts.pids) > _SUMMARY_PIDS:
        lines.append(f"  … and {len(counts.pids) - _SUMMARY_PIDS} more PIDs (all of them on the "
                     "workbook's Ad slots sheet)")
    if counts.hidden:
        lines.append(f"  {counts.hidden} more without a visible PID (short links, tokens, "
                     "encrypted click links, ad scripts)")
    return lines


def _crawl_exit(findings: int, not_audited: int, complete: bool, bad: int) -> ExitCode:
    if findings:
        return ExitCode.LINKS_FOUND
    if not_audited or not complete or bad:
        return ExitCode.NOT_PROVEN
    return ExitCode.OK


# -- commands ------------------------------------------------------------------------


def _audit(report: Path, seeds: list[Seed], bad: list[BadSeed], options: Any) -> ExitCode:
    from crawler.runner import run_crawl

    outcome = run_crawl(report, seeds, bad, options)
    return _print_outcome(report, outcome, len(seeds), len(bad), options.mine)


def _print_outcome(report: Path, outcome: Any, sources: int, bad: int, mine: Sequence[str], *,
                   unit: str = "page(s)", source: str = "seed(s)", work: str = "crawl",
                   skipped_why: str = "robots.txt, not HTML, broken links") -> ExitCode:
    """Say what a crawl or scan found and where the report is; pick the exit code."""
    from reports import sidecars
    from reports.build import resolution_joiner
    from reports.counts import PageCounts, count_findings
    from reports.rows import RecordRows

    files = sidecars(report)
    # Counted as the rows are read, one pass each: a large crawl's record is never held.
    # With --resolve, the ids short links led to count too.
    found = count_findings(RecordRows(files.findings, resolution_joiner(files.resolved),
                                      optional=True))
    pages = PageCounts()
    failed = []
    for page in RecordRows(files.pages, optional=True):
        pages.add(page)
        if page.get("error"):
            failed.append((page.get("url"), page["error"]))
    print(f"Audited {pages.audited} {unit} from {sources} {source}; "
          f"{pages.failed} could not be audited"
          + (f"; {pages.skipped} skipped ({skipped_why})." if pages.skipped else "."))
    if found.total:
        print(f"Found {found.total} affiliate link(s) to remove:")
        print("\n".join(_summarise_findings(found)))
        if mine:
            print(f"  {found.yours} carry your ids, {found.others} someone else's, "
                  f"{found.total - found.yours - found.others} show no id.")
    else:
        print("No affiliate link found.")
    _print_rendering(pages)
    for url, error in failed:
        _err(f"not audited: {url}: {error}")
    if not outcome.complete:
        _err(f"the {work} stopped early ({outcome.finish_reason}): the report is incomplete")
    write_error = getattr(outcome, "write_error", None)
    if write_error:
        _err(f"error: {write_error}. The {work} stopped there; the record keeps every row "
             "written before it")
    print(f"Record:   {files.findings}")
    if outcome.workbook_error:
        _err(f"could not write the workbook {report}: {outcome.workbook_error}\n"
             f"Your findings are safe in {files.findings}; render the workbook with:\n"
             f"  linkaudit report {files.findings} -o <another>.xlsx")
    elif getattr(outcome, "workbook_written", True):
        print(f"Workbook: {report}")
    else:  # never name a workbook this run did not write
        _err(f"no workbook was written; once there is space, render it with:\n"
             f"  linkaudit report {files.findings}")
    run = _read_run(files.run)
    for note in run.get("notes", []):
        _err(f"note: {note}")
    return _crawl_exit(found.total, pages.failed + _unfollowed(run), outcome.complete, bad)


def _with_render(seeds: list[Seed], render_all: bool) -> list[Seed]:
    """``seeds``, all rendering with ``--render``; a usage error when rendering cannot run."""
    import os

    from crawler.render.pages import browser_problem

    if render_all:
        seeds = [dataclasses.replace(s, render=True) for s in seeds]
    if any(s.render for s in seeds):
        problem = browser_problem(os.environ)
        if problem:
            raise UsageError(problem)
    return seeds


def _print_rendering(pages: Any) -> None:
    if pages.rendered:
        print(f"Rendered {pages.rendered} page(s) with Chromium.")
    if pages.script_inserts:
        print(f"Not rendered: {pages.script_inserts} page(s) build content with JavaScript; "
              "links they insert were not seen (re-run with --render).")


def _read_run(path: Path) -> dict[str, Any]:
    from reports import ReportError, read_run_json

    try:
        return read_run_json(path).to_dict()
    except ReportError:
        return {}


def _unfollowed(run: dict[str, Any]) -> int:
    """In-scope links a page or depth cap kept the crawl from: clean is then not proven."""
    return sum((run.get("not_followed") or {}).values())


def cmd_crawl(args: argparse.Namespace) -> ExitCode:
    from reports import sidecars

    seeds, bad, notes = _gather_seeds(args)
    report = None
    if args.resume:
        if not args.output:
            raise UsageError("--resume needs -o REPORT.xlsx, the report of the interrupted crawl")
        report = _report_path(args.output, DEFAULT_OUTPUT, inputs=_crawl_inputs(args))
        seeds, bad = _resumed_seeds(report, seeds, bad)
        notes.append("resumed an interrupted crawl: pages it had finished were not fetched "
                     "again, and the record holds the findings of both runs")
    _report_bad_seeds(bad)
    if not seeds:
        where = f"{args.seeds} has" if args.seeds else "the command line has"
        raise UsageError(f"no valid seed: {where} no usable URL. Give a URL "
                         "(linkaudit crawl https://your.site/) or a seeds file (--seeds FILE)")
    seeds = _with_render(seeds, args.render)
    report = report or _report_path(args.output,
                                     DEFAULT_OUTPUT / f"linkaudit-{_timestamp()}.xlsx",
                                     inputs=_crawl_inputs(args))
    jobdir = _job_dir(report)
    if not args.resume and jobdir.exists():
        # Scrapy would silently continue the old crawl from it.
        _err(f"note: starting afresh: the interrupted crawl kept in {jobdir} is discarded")
        shutil.rmtree(jobdir)
    options = dataclasses.replace(_options(args), notes=tuple(notes), jobdir=str(jobdir),
                                  resume=args.resume)
    code = _audit(report, seeds, bad, options)
    if _read_run(sidecars(report).run).get("complete"):
        shutil.rmtree(jobdir, ignore_errors=True)  # nothing left to resume
    elif (jobdir / STATE_FILE).is_file():
        _err(f"continue it with: linkaudit crawl --resume -o {report}")
    elif jobdir.is_dir():
        _err(f"the crawl's state could not be saved in {jobdir}, so it cannot be resumed; "
             "run it again without --resume")
    return code


def _crawl_inputs(args: argparse.Namespace) -> list[tuple[str, str | Path | None]]:
    return [("--seeds", args.seeds), *_option_inputs(args)]


def _gather_seeds(args: argparse.Namespace) -> tuple[list[Seed], list[BadSeed], list[str]]:
    """Seeds of ``--seeds FILE`` and the command line, bad lines, and notes on repeats dropped."""
    seeds: list[Seed] = []
    bad: list[BadSeed] = []
    notes: list[str] = []
    if args.seeds:
        try:
            seeds, bad = read_seeds_file(args.seeds, notes=notes)
        except SeedsError as exc:
            raise UsageError(str(exc)) from None
    url_seeds, url_bad = seeds_from_urls(args.urls, notes=notes)
    known = {(s.mode, s.url): s for s in seeds}
    for seed in url_seeds:
        if (seed.mode, seed.url) in known:
            notes.append(f"{seed.source}: {seed.url} repeats {known[seed.mode, seed.url].source}; "
                         "dropped")
        else:
            seeds.append(seed)
    return seeds, bad + url_bad, notes


def _job_dir(report: Path) -> Path:
    """``REPORT.job/`` beside the workbook: what ``--resume`` continues from."""
    from reports import sidecars

    return sidecars(report).findings.with_suffix(".job")


def _resumed_seeds(report: Path, seeds: list[Seed],
                   bad: list[BadSeed]) -> tuple[list[Seed], list[BadSeed]]:
    """The seeds to resume with: those given, else the interrupted run's."""
    from reports import sidecars

    jobdir = _job_dir(report)
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
    run = _read_run(sidecars(report).run)
    recorded = [Seed(s["mode"], s["url"], s.get("source") or "interrupted run",
                     bool(s.get("render"))) for s in run.get("seeds") or ()
                if s.get("mode") in ("site", "page") and s.get("url")]
    earlier_bad = [BadSeed(b.get("source", ""), b.get("line", ""), b.get("why", ""))
                   for b in run.get("bad_seeds") or ()]
    return recorded, bad + earlier_bad


def cmd_scan(args: argparse.Namespace) -> ExitCode:
    from crawler.localfiles.scan import ScanOptions, default_jobs, run_scan, scan_roots

    roots, bad = scan_roots(args.paths)
    _report_bad_seeds(bad)
    if not roots:
        raise UsageError("nothing to scan: none of the paths exists. Give a blog's source "
                         "folder, a WordPress export (.xml) or text files "
                         "(linkaudit scan ~/blog)")
    _check_rules(args.rules)
    report = _report_path(args.output, DEFAULT_OUTPUT / f"linkaudit-scan-{_timestamp()}.xlsx",
                          inputs=[*(("scanned", p) for p in args.paths if Path(p).is_file()),
                                  *_option_inputs(args)])
    options = ScanOptions(jobs=args.jobs or default_jobs(), include_build=args.include_build,
                          rules=tuple(args.rules), mine=tuple(args.mine))
    outcome = run_scan(report, roots, bad, options)
    return _print_outcome(report, outcome, len(roots), len(bad), options.mine,
                          unit="file(s) and post(s)", source="path(s)", work="scan")


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


def _rescan(report: Path, roots: Sequence[Path], previous: Any, options: Any) -> Any:
    """Scan again the paths of an earlier scan report (``linkaudit verify`` on it)."""
    from crawler.localfiles.scan import ScanOptions, default_jobs, run_scan, scan_roots
    from reports import read_jsonl

    found, bad = scan_roots(str(root) for root in roots)
    _report_bad_seeds(bad)
    run = _read_run(previous.run)
    scan = ScanOptions(jobs=default_jobs(),
                       include_build=bool((run.get("files") or {}).get("include_build")),
                       rules=options.rules, mine=options.mine)
    pages = read_jsonl(previous.pages) if previous.pages.exists() else []
    return run_scan(report, found, bad, scan, previous_pages=pages, command="verify",
                    render_workbook=False)


def cmd_demo(args: argparse.Namespace) -> ExitCode:
    from crawler.demo import POSTS, demo_dir
    from crawler.runner import CrawlOptions
    from crawler.serve import serve_folder

    report = _report_path(args.output, DEFAULT_OUTPUT / "demo-report.xlsx")
    with serve_folder(demo_dir("site")) as site, serve_folder(demo_dir("posts")) as posts:
        print(f"Serving the sample creator site at {site} and two off-platform posts at {posts}")
        seeds = [Seed("site", site, "demo")] + [Seed("page", posts + p, "demo") for p in POSTS]
        _audit(report, seeds, [], CrawlOptions(log_level="INFO" if args.verbose else "WARNING"))
    if not report.exists():
        return ExitCode.NOT_PROVEN
    print("Open the workbook: Findings lists each link to remove, Ad slots the PIDs "
          "(推广位) to delete.")
    # The demo's job is to show a report; finding the planted links is success.
    return ExitCode.OK


def cmd_verify(args: argparse.Namespace) -> ExitCode:
    from crawler.model import RunInfo
    from crawler.runner import run_crawl
    from crawler.verify import GONE_STATUSES, compare_into
    from reports import (
        ReportError,
        read_findings,
        read_jsonl,
        read_run_json,
        read_seeds,
        sidecars,
        write_run_json,
    )
    from reports.build import build_report
    from reports.rows import RecordRows

    previous_report = Path(args.report)
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
    rendering = {s.get("url") for s in _read_run(old_files.run).get("seeds") or ()
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
            render = any(s.render and in_scope(url, scope_key(s.url)) for s in seeds)
            seeds.append(Seed(mode, url, "previous finding", render))
    seeds = _with_render(seeds, args.render)

    default = previous_report.with_name(f"{previous_report.stem}.verify-{_timestamp()}.xlsx")
    report = _report_path(args.output, default,
                          inputs=[*_record_inputs("report verify reads", previous_report),
                                  *_option_inputs(args)])
    options = _options(args)
    if not options.mine and old_files.run.exists():
        # The ids marked as the creator's last time still are.
        try:
            previous_mine = read_run_json(old_files.run).mine
        except ReportError:
            previous_mine = []
        options = dataclasses.replace(options, mine=tuple(previous_mine))
    outcome = (_rescan(report, roots, old_files, options) if scanned else
               run_crawl(report, seeds, [], options, command="verify", render_workbook=False))
    files = sidecars(report)
    # The crawl's record is rewritten with each row's status as it is read, not held.
    current = RecordRows(files.findings, optional=True)
    pages = RecordRows(files.pages, optional=True)
    with _rewriting(files.findings) as out:
        result = compare_into(previous, current, pages, out.write)
    not_audited = []
    with _rewriting(files.pages) as out:
        for page in pages:
            gone = page.get("status") in GONE_STATUSES
            out.write({**page, "verified": not page.get("error") or gone})
            if page.get("error") and not gone:
                not_audited.append((page.get("url"), page["error"]))
    run = read_run_json(files.run) if files.run.exists() else RunInfo("verify")
    run.command, run.previous_report = "verify", str(previous_report)
    if result.unverified_pages:
        run.notes.append(
            f"{len(result.unverified_pages)} page(s) could not be re-read; their links are "
            "counted as remaining")
    write_run_json(files.run, run)
    workbook_error = None
    try:
        build_report(report)
    except Exception as exc:  # the record is safe; say how to render it
        workbook_error = str(exc)

    print(f"Compared with {previous_report}: {result.removed} removed, "
          f"{result.remaining} remaining, {result.new} new.")
    for url in result.unverified_pages:
        _err(f"not verified: {url} could not be fetched; its links count as remaining")
    for url, error in not_audited:
        if url not in result.unverified_pages:
            _err(f"not audited: {url}: {error}")
    print(f"Record:   {files.findings}")
    if workbook_error:
        _err(f"could not write the workbook {report}: {workbook_error}\n"
             f"Render it later with: linkaudit report {files.findings} -o <another>.xlsx")
    else:
        print(f"Workbook: {report}")
    if result.remaining or result.new:
        return ExitCode.LINKS_FOUND
    if not_audited or not outcome.complete or _unfollowed(run.to_dict()):
        return ExitCode.NOT_PROVEN
    return ExitCode.OK


@contextmanager
def _rewriting(path: Path) -> Iterator[Any]:
    """A writer for a new version of the record ``path``, which replaces it once complete.

    The old version is still read while the new one is written.
    """
    import os

    from reports import RecordWriter

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with RecordWriter(tmp) as out:
            yield out
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_report(args: argparse.Namespace) -> ExitCode:
    from reports import ReportError
    from reports.build import build_report

    record = Path(args.record)
    source = record if record.suffix.lower() == ".xlsx" else record.with_name(
        record.name.removesuffix(".jsonl") + ".xlsx")
    if not record.is_file() and record.suffix.lower() != ".xlsx":
        raise UsageError(f"{record}: no such record; pass the .jsonl written beside a report")
    workbook = _report_path(args.output, source, record=False,
                            inputs=[("record", record), *_record_inputs("rendered", source)[1:]])
    try:
        build_report(workbook, source=source)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {workbook}: {exc.strerror}; choose another file "
                         "with -o") from None
    print(f"Workbook: {workbook}")
    return ExitCode.OK


COMMANDS = {"crawl": cmd_crawl, "verify": cmd_verify, "scan": cmd_scan, "demo": cmd_demo,
            "report": cmd_report}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``linkaudit`` with ``argv``; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0) and ExitCode.USAGE
    try:
        return int(COMMANDS[args.command](args))
    except UsageError as exc:
        _err(f"linkaudit {args.command}: error: {exc}")
        return ExitCode.USAGE
    except Exception as exc:
        from reports.errors import OutOfSpaceError  # reports loads openpyxl: not at start

        if not isinstance(exc, OutOfSpaceError):
            raise
        _err(f"linkaudit {args.command}: error: {exc}")  # e.g. verify rewriting its record
        return ExitCode.NOT_PROVEN
    except KeyboardInterrupt:
        _err("interrupted")
        return ExitCode.NOT_PROVEN
    finally:
        while _LOCKS:
            _LOCKS.pop().release()


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
