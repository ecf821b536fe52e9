"""The ``linkaudit`` command: the one place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler import settings as defaults  # the one place for defaults
from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import release_locks

if TYPE_CHECKING:
    from crawler.commands.diff import DiffOutcome
    from crawler.commands.summary import AuditOutcome
    from crawler.commands.verify import VerifyOutcome
    from crawler.config import CrawlOptions
    from crawler.i18n import Messages
    from crawler.inputs.seeds import BadSeed
    from crawler.progress import ProgressDisplay
    from crawler.summarytable import SummaryTable

__all__ = ["ExitCode", "UsageError", "main", "run"]


class ExitCode(IntEnum):
    OK = 0
    """No affiliate link found (or remaining) and every page audited."""
    LINKS_FOUND = 1
    """Affiliate links found (crawl) or still there / new (verify)."""
    USAGE = 2
    """Bad usage or input: nothing was audited."""
    NOT_PROVEN = 3
    """No link found, but some pages could not be audited: clean is not proven."""


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


def _add_crawl_options(parser: argparse.ArgumentParser, keeps: str | None = None) -> None:
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
    _add_quiet(group)
    _add_lang(group, keeps)


def _add_quiet(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="show no progress while working (on a terminal it is redrawn "
                             "in place; elsewhere a line every 30 s)")


def _add_lang(parser: argparse.ArgumentParser | argparse._ArgumentGroup,
              keeps: str | None = None) -> None:
    default = (f"the language of {keeps}, else the system's" if keeps
               else "the system's language: zh for a Chinese locale, else en")
    parser.add_argument("--lang", choices=("zh", "en"),
                        help=f"language of the workbook and of the summary printed at the end "
                             f"(default: {default})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkaudit",
        description="Find lingering affiliate links (Taobao Affiliate PIDs, ad-slot code, "
                    "淘口令) on your sites and posts, and verify their removal.",
    )
    parser.add_argument("--version", action="version", version=f"linkaudit {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser(
        "crawl", help="audit sites and pages; write REPORT.xlsx and REPORT.jsonl",
        description="Audit sites and pages for affiliate links. A bare URL is a site (whole "
                    "site crawled) when its path is empty or '/', else a single page.",
    )
    crawl.add_argument("urls", nargs="*", metavar="URL", help="a site or page to audit")
    crawl.add_argument("--seeds", metavar="FILE",
                       help="seeds file: one 'site URL', 'page URL' or bare URL per line; "
                            "'-' reads it from standard input")
    crawl.add_argument("-o", "--output", metavar="REPORT.xlsx",
                       help="workbook to write (default: output/linkaudit-<time>.xlsx)")
    crawl.add_argument("--resume", action="store_true",
                       help="continue the interrupted crawl of -o REPORT.xlsx (kept in "
                            "REPORT.job/) without fetching its finished pages again")
    _add_format(crawl, also=True)
    _add_crawl_options(crawl, keeps="the interrupted crawl with --resume")

    verify = sub.add_parser(
        "verify", help="re-audit the seeds of a report and mark links removed/remaining/new",
        description="Re-audit the seeds (and every page with a finding) of an earlier report.",
    )
    verify.add_argument("report", metavar="REPORT.xlsx", help="a report written by linkaudit")
    verify.add_argument("-o", "--output", metavar="NEW.xlsx",
                        help="workbook to write (default: beside REPORT, <name>.verify-<time>.xlsx)")
    _add_format(verify, also=True)
    _add_crawl_options(verify, keeps="the report verified")

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
    _add_format(scan, also=True)
    _add_quiet(scan)
    _add_lang(scan)

    demo = sub.add_parser(
        "demo", help="audit the bundled sample creator site, served on 127.0.0.1",
        description="Serve a sample creator site and two off-platform-style posts on "
                    "127.0.0.1, audit them and write the workbook; then clean them (most "
                    "links removed, one left, one new) and verify, writing REPORT.verify.xlsx "
                    "beside it. Needs no network.",
    )
    demo.add_argument("-o", "--output", metavar="REPORT.xlsx",
                      help="workbook to write (default: output/demo-report.xlsx)")
    demo.add_argument("--serve", action="store_true",
                      help="only serve the sample site and posts on 127.0.0.1, and print a "
                           "linkaudit crawl command for them, until Ctrl-C")
    demo.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")
    _add_quiet(demo)
    _add_lang(demo)

    report = sub.add_parser(
        "report", help="render the workbook again from a report's JSONL record",
        description="Render REPORT.xlsx from REPORT.jsonl (and its sidecars), e.g. after "
                    "Excel held the workbook open while a crawl ended.",
    )
    report.add_argument("record", metavar="REPORT.jsonl", help="the JSONL record of a report")
    report.add_argument("-o", "--output", metavar="REPORT.xlsx",
                        help="workbook to write (default: beside the record)")
    _add_format(report)
    _add_lang(report, keeps="the report's run")

    diff = sub.add_parser(
        "diff", help="compare two reports without auditing again: removed/remaining/new",
        description="Compare two reports already written (each its .xlsx, or the .jsonl "
                    "record beside it) and list the links removed, remaining and new. Links on "
                    "pages NEW did not audit count as remaining (not verified).",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier report")
    diff.add_argument("new", metavar="NEW", help="the later report")
    diff.add_argument("-o", "--output", metavar="DIFF.xlsx",
                      help="also write the comparison as a workbook (and its record beside it)")
    _add_lang(diff)
    return parser


def _add_format(parser: argparse.ArgumentParser, *, also: bool = False) -> None:
    if also:  # crawl, scan, verify: the workbook is always written (verify reads it back)
        text = ("also write REPORT.findings.csv and REPORT.pages.csv (csv) or REPORT.json "
                "(json) beside the workbook, which is always written; repeat or separate "
                "with commas (default: xlsx, the workbook only)")
    else:
        text = ("what to write: the workbook (default), REPORT.findings.csv and "
                "REPORT.pages.csv, REPORT.json; repeat or separate with commas")
    parser.add_argument("--format", action="append", metavar="xlsx|csv|json", help=text)


def _formats(args: argparse.Namespace) -> tuple[str, ...]:
    from reports.exports import parse_formats

    try:
        return parse_formats(args.format or ["xlsx"])
    except ValueError as exc:
        raise UsageError(f"--format: {exc}") from None


def _version() -> str:
    from crawler import version

    return version() or "(not installed)"


# -- printing ------------------------------------------------------------------------


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _report_bad_seeds(bad: Sequence[BadSeed]) -> None:
    for line in bad:
        _err(str(line))


def _lang(args: argparse.Namespace, kept: str | None = None) -> str:
    """``--lang``, else the language of the run continued (``kept``), else the user's locale."""
    from crawler.i18n import LANGS, default_lang

    if args.lang:
        return str(args.lang)
    return kept if kept in LANGS else default_lang()


def _shown(path: Path) -> str:
    from crawler.summarytable import shown_path

    return shown_path(path, Path.cwd())


def _print_table(table: SummaryTable) -> None:
    """The end-of-run table: drawn on a terminal, aligned lines for scripts and logs."""
    import shutil

    from crawler.summarytable import render

    terminal = sys.stdout.isatty()
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    print(render(table, terminal=terminal, width=width), flush=True)


#: PIDs listed in the printed summary; the workbook's Ad slots sheet lists them all.
_SUMMARY_PIDS = 20


def _summarise_findings(t: Messages, counts: Any) -> list[str]:
    lines = [f"  {pid}  ×{count}" for pid, count in counts.pids.most_common(_SUMMARY_PIDS)]
    if len(counts.pids) > _SUMMARY_PIDS:
        lines.append(t("cli.more_pids", more=len(counts.pids) - _SUMMARY_PIDS,
                       sheet=t("sheet.ad_slots")))
    if counts.hidden:
        lines.append(t("cli.hidden", hidden=counts.hidden))
    return lines


def _exit_code(outcome: AuditOutcome) -> ExitCode:
    if outcome.findings.total:
        return ExitCode.LINKS_FOUND
    return ExitCode.OK if outcome.proven else ExitCode.NOT_PROVEN


def _print_outcome(t: Messages, outcome: AuditOutcome, *, work: str = "crawl") -> ExitCode:
    """Say what a crawl or scan found and where the report is; pick the exit code."""
    pages, found = outcome.pages, outcome.findings
    print(t(f"cli.audited_{work}", audited=pages.audited, sources=outcome.sources,
            failed=pages.failed)
          + (t("cli.skipped", skipped=pages.skipped) if pages.skipped else t("cli.stop")))
    if found.total:
        print(t("cli.found", total=found.total))
        print("\n".join(_summarise_findings(t, found)))
        if outcome.mine:
            print(t("cli.mine", yours=found.yours, others=found.others,
                    none=found.total - found.yours - found.others))
    else:
        print(t("cli.none_found"))
    _print_rendering(t, pages)
    for url, error in outcome.not_audited:
        _err(t("cli.not_audited", url=url, error=error))
    if not outcome.complete:
        _err(t(f"cli.stopped_{work}", reason=outcome.finish_reason))
    if outcome.write_error:
        _err(t(f"cli.write_error_{work}", error=outcome.write_error))
    _print_files(t, outcome.record, outcome.report, outcome.workbook_error, outcome.kept,
                 written=outcome.workbook_written, table=True)
    _print_export_error(t, outcome.export_error, outcome.record)
    for note in outcome.notes:
        _err(t("cli.note", note=note))
    return _exit_code(outcome)


def _audit_table(t: Messages, outcome: AuditOutcome, work: str,
                 code: ExitCode | None) -> SummaryTable:
    """The end-of-run table of a crawl or scan; ``code`` ``None``: no exit code row (demo)."""
    from crawler.summarytable import SummaryTable
    from reports.verdict import verdict

    pages, found = outcome.pages, outcome.findings
    # The words the workbook's Summary leads with.
    said = verdict(links=found.total, pages=len(found.pages),
                   not_audited=pages.failed + outcome.bad_sources,
                   left_out=bool(outcome.unfollowed or not outcome.complete)).text(t)
    rows = [(t("cli.table.verdict"), said),
            (t(f"cli.table.audited_{work}"), str(pages.audited)),
            (t("cli.table.not_audited"), str(pages.failed)),
            (t("cli.table.findings"), str(found.total))]
    rows += _file_rows(t, outcome.report if outcome.workbook_written else None, outcome.record,
                       outcome.exports)
    if code is not None:
        rows.append((t("cli.table.exit"), t(f"cli.exit.{int(code)}", code=int(code))))
    return SummaryTable(t(f"cli.table.title_{work}"), tuple(rows), t("cli.table.colon"))


def _file_rows(t: Messages, workbook: Path | None, record: Path,
               exports: Sequence[Path]) -> list[tuple[str, str]]:
    rows = [(t("cli.table.workbook"),
             _shown(workbook) if workbook is not None else t("cli.table.not_written")),
            (t("cli.table.record"), _shown(record))]
    for n, path in enumerate(exports):
        rows.append((t("cli.table.exports") if n == 0 else "", _shown(path)))
    return rows


def _print_rendering(t: Messages, pages: Any) -> None:
    if pages.rendered:
        print(t("cli.rendered", count=pages.rendered))
    if pages.script_inserts:
        print(t("cli.not_rendered", count=pages.script_inserts))


def _progress(args: argparse.Namespace, unit: str = "pages") -> ProgressDisplay | None:
    """The progress display on stderr, unless ``-q``."""
    if args.quiet:
        return None
    from crawler.progress import ProgressDisplay

    return ProgressDisplay(sys.stderr, unit=unit)


# -- arguments into options ----------------------------------------------------------


def _option_inputs(args: argparse.Namespace) -> list[tuple[str, str | Path | None]]:
    """Files the crawl options read: a report must not be written over them."""
    return ([("--rules", f) for f in getattr(args, "rules", ())]
            + [("--cookies", f) for f in getattr(args, "cookies", ())])


def _options(args: argparse.Namespace, t: Messages) -> CrawlOptions:
    """The crawl flags, checked once; notes on them (expired cookies) are said as they come."""
    from crawler.commands.options import crawl_options

    notes: list[str] = []
    try:
        options = crawl_options(
            delay=args.delay, concurrency=args.concurrency, max_pages=args.max_pages,
            depth=args.depth, timeout=args.timeout, rules=args.rules, mine=args.mine,
            verbose=args.verbose, allow_domains=args.allow_domain, include=args.include,
            exclude=args.exclude, ignore_robots=args.ignore_robots,
            max_query_variants=args.max_query_variants, resolve=args.resolve,
            resolve_via=args.resolve_via, cookies=args.cookies, headers=args.header,
            notes=notes)
    finally:
        for note in notes:
            _err(t("cli.note", note=note))
    return dataclasses.replace(options, progress=_progress(args), lang=t.lang)


# -- commands ------------------------------------------------------------------------


def cmd_crawl(args: argparse.Namespace) -> ExitCode:
    from crawler.commands import crawl
    from crawler.i18n import messages

    formats = _formats(args)
    inputs = [("--seeds", args.seeds), *_option_inputs(args)]
    gathered = crawl.gather_seeds(args.urls, args.seeds, output=args.output, resume=args.resume,
                                  inputs=inputs)
    t = messages(_lang(args, gathered.lang))  # --resume: the interrupted run's, unless --lang
    _report_bad_seeds(gathered.bad)
    plan = crawl.plan_crawl(gathered, output=args.output, seeds_file=args.seeds,
                            render=args.render, inputs=inputs)
    if plan.discarded_job:
        _err(t("cli.discarded", jobdir=plan.discarded_job))
    result = crawl.crawl(plan, _options(args, t), formats)
    code = _print_outcome(t, result.audit)
    if result.resumable:
        _err(t("cli.resume_hint", report=plan.report))
    elif result.state_lost:
        _err(t("cli.state_lost", jobdir=result.jobdir))
    _print_table(_audit_table(t, result.audit, "crawl", code))
    return code


def cmd_scan(args: argparse.Namespace) -> ExitCode:
    from crawler.commands import scan
    from crawler.commands.options import scan_options
    from crawler.i18n import messages

    t = messages(_lang(args))
    formats = _formats(args)
    found = scan.find_paths(args.paths)
    _report_bad_seeds(found.bad)
    plan = scan.plan_scan(found, args.paths, output=args.output, inputs=_option_inputs(args))
    options = scan_options(jobs=args.jobs, include_build=args.include_build, rules=args.rules,
                           mine=args.mine, lang=t.lang)
    outcome = scan.scan(plan, options, progress=_progress(args, "files"), formats=formats)
    code = _print_outcome(t, outcome, work="scan")
    _print_table(_audit_table(t, outcome, "scan", code))
    return code


def cmd_demo(args: argparse.Namespace) -> ExitCode:
    from crawler.commands.demo import demo, serving
    from crawler.i18n import messages

    t = messages(_lang(args))
    if args.serve:
        with serving() as served:
            print(t("cli.demo_serving", site=served.site, posts=served.posts))
            print(t("cli.demo_command", command=served.command), flush=True)
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it stops
                while True:
                    time.sleep(60)  # sleep, unlike a lock wait, is interrupted on Windows too
        return ExitCode.OK
    outcome = demo(output=args.output, verbose=args.verbose, progress=_progress(args),
                   lang=t.lang)
    print(t("cli.demo_serving", site=outcome.site, posts=outcome.posts))
    _print_outcome(t, outcome.audit)
    # The demo exits 0 when it showed the reports: an exit code row would say otherwise.
    _print_table(_audit_table(t, outcome.audit, "crawl", None))
    if not outcome.audit.report.exists() or outcome.verify is None:
        return ExitCode.NOT_PROVEN
    print(t("cli.demo_open", summary=t("sheet.summary"), to_remove=t("sheet.to_remove"),
            ad_slots=t("sheet.ad_slots")))
    print()
    print(t("cli.demo_then"))
    _print_verify(t, outcome.verify, show_exit=False)
    # The demo's job is to show the reports; finding the planted links is success.
    return ExitCode.OK


def cmd_verify(args: argparse.Namespace) -> ExitCode:
    from crawler.commands.verify import plan_verify, verify
    from crawler.i18n import messages

    formats = _formats(args)
    plan = plan_verify(Path(args.report), output=args.output, render=args.render,
                       inputs=_option_inputs(args))
    t = messages(_lang(args, plan.lang))  # the language of the run verified, unless --lang
    return _print_verify(t, verify(plan, _options(args, t), formats))


def _print_verify(t: Messages, outcome: VerifyOutcome, *, show_exit: bool = True) -> ExitCode:
    """Say what verify found and where its report is; pick the exit code."""
    from crawler.summarytable import SummaryTable

    _report_bad_seeds(outcome.bad_paths)
    print(t("cli.verify_compared", previous=outcome.previous_report, removed=outcome.removed,
            remaining=outcome.remaining, new=outcome.new))
    for page in outcome.unverified_pages:
        _err(t("cli.not_verified", page=page))
    for url, error in outcome.not_audited:
        if url not in outcome.unverified_pages:
            _err(t("cli.not_audited", url=url, error=error))
    _print_files(t, outcome.record, outcome.report, outcome.workbook_error, outcome.kept,
                 table=True)
    _print_export_error(t, outcome.export_error, outcome.record)
    from reports.verdict import verdict

    left = outcome.remaining + outcome.new
    if left:
        code = ExitCode.LINKS_FOUND
    elif outcome.proven:
        code = ExitCode.OK
    else:
        code = ExitCode.NOT_PROVEN
    said = verdict(links=left, pages=outcome.pages_with_links,
                   not_audited=len(outcome.not_audited),
                   left_out=not outcome.proven).text(t)
    rows = [(t("cli.table.verdict"), said),
            (t("cli.table.audited_scan" if outcome.scanned else "cli.table.audited_crawl"),
             str(outcome.audited)),
            (t("cli.table.not_audited"), str(len(outcome.not_audited))),
            (t("cli.table.removed"), str(outcome.removed)),
            (t("cli.table.remaining"), str(outcome.remaining)),
            (t("cli.table.new"), str(outcome.new)),
            *_file_rows(t, None if outcome.workbook_error else outcome.report, outcome.record,
                        outcome.exports)]
    if show_exit:
        rows.append((t("cli.table.exit"), t(f"cli.exit.{int(code)}", code=int(code))))
    _print_table(SummaryTable(t("cli.table.title_verify"), tuple(rows), t("cli.table.colon")))
    return code


def cmd_report(args: argparse.Namespace) -> ExitCode:
    from crawler.commands.report import render_report, report_lang
    from crawler.i18n import messages

    formats = _formats(args)
    record = Path(args.record)
    t = messages(_lang(args, report_lang(record)))  # the run's language, unless --lang
    outcome = render_report(record, output=args.output, formats=formats, lang=t.lang)
    if outcome.workbook is not None:
        _say_kept(t, outcome.kept, outcome.workbook)
        print(t("cli.workbook", path=outcome.workbook))
    _print_exports(t, outcome.exports)
    return ExitCode.OK


def cmd_diff(args: argparse.Namespace) -> ExitCode:
    from crawler.commands.diff import diff
    from crawler.i18n import messages

    t = messages(_lang(args))
    return _print_diff(t, diff(Path(args.old), Path(args.new), output=args.output, lang=t.lang))


def _print_diff(t: Messages, outcome: DiffOutcome) -> ExitCode:
    """Say what changed between two reports, capped like the crawl summary; pick the exit code."""
    print(t("cli.diff_compared", old=outcome.old, new=outcome.new, removed=outcome.removed,
            remaining=outcome.remaining, added=outcome.added))
    for status, links in outcome.links.items():
        if links:
            print(t(f"cli.diff_status.{status}"))
        for link in links[:_SUMMARY_PIDS]:
            print(f"  {link.page}  {link.link}" + (f"  {link.pid}" if link.pid else ""))
        if len(links) > _SUMMARY_PIDS:
            more = "cli.diff_more_workbook" if outcome.report else "cli.diff_more_output"
            print(t(more, more=len(links) - _SUMMARY_PIDS, sheet=t("sheet.findings")))
    for page in outcome.unverified_pages:
        _err(t("cli.diff_not_verified", page=page, new=outcome.new))
    if outcome.record is not None and outcome.report is not None:  # with -o
        _print_files(t, outcome.record, outcome.report, outcome.workbook_error, outcome.kept)
    return ExitCode.LINKS_FOUND if outcome.remaining or outcome.added else ExitCode.OK


def _print_files(t: Messages, record: Path, report: Path, workbook_error: str | None,
                 kept: Path | None, *, written: bool = True, table: bool = False) -> None:
    """Where the record and the workbook are, or why there is no workbook and how to build it.

    With ``table``, the summary table names both files: only what went wrong is said here.
    """
    if not table:
        print(t("cli.record", path=record))
    if workbook_error:
        _err(t("cli.workbook_error", report=report, error=workbook_error, record=record))
    elif written:
        _say_kept(t, kept, report)
        if not table:
            print(t("cli.workbook", path=report))
    else:  # never name a workbook this run did not write
        _err(t("cli.no_workbook", record=record))


def _print_export_error(t: Messages, error: str | None, record: Path) -> None:
    if error:
        _err(t("cli.export_error", error=error, record=record))


def _print_exports(t: Messages, paths: Sequence[Path]) -> None:
    for path in paths:
        print(t("cli.wrote", path=path))


def _say_kept(t: Messages, kept: Path | None, written: Path) -> None:
    """Name both files when a workbook the creator edited was kept and the new one went beside."""
    if kept is not None:
        _err(t("cli.kept", kept=kept, name=written.name))


COMMANDS = {"crawl": cmd_crawl, "verify": cmd_verify, "scan": cmd_scan, "demo": cmd_demo,
            "report": cmd_report, "diff": cmd_diff}


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
        from crawler.i18n import messages

        _err(messages(_lang(args))("cli.interrupted"))
        return ExitCode.NOT_PROVEN
    finally:
        release_locks()


def run() -> None:
    # Chinese text on a console or file whose encoding lacks it (an English Windows' cp1252,
    # output redirected) is shown as "?", not a crash after the audit is done.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(main())


if __name__ == "__main__":
    run()
