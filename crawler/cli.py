"""The ``linkaudit`` command: the one place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from crawler.detect import RuleError, load_rules
from crawler.scope import in_scope, scope_key
from crawler.seeds import BadSeed, Seed, SeedsError, read_seeds_file, seeds_from_urls

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
                       help="stop following links after N pages (default: 10000)")
    group.add_argument("--depth", type=_non_negative_int, metavar="N",
                       help="follow links at most N clicks away from a site seed (default: 50)")
    group.add_argument("--rules", action="append", default=[], metavar="FILE",
                       help="extra detection rules (TOML, same schema as the shipped rules.toml); "
                            "may be repeated")
    group.add_argument("--mine", action="append", default=[], metavar="ID",
                       help="your own id: a PID (mm_…), Taobao member id, JD union id, Amazon "
                            "tag…; may be repeated or comma-separated. Findings are then marked "
                            "yours or someone else's")
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
    _add_crawl_options(crawl)

    verify = sub.add_parser(
        "verify", help="re-audit the seeds of a report and mark links removed/remaining/new",
        description="Re-audit the seeds (and every page with a finding) of an earlier report.",
    )
    verify.add_argument("report", metavar="REPORT.xlsx", help="a report written by linkaudit")
    verify.add_argument("-o", "--output", metavar="NEW.xlsx",
                        help="workbook to write (default: beside REPORT, <name>.verify-<time>.xlsx)")
    _add_crawl_options(verify)

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


def _report_path(output: str | None, default: Path) -> Path:
    path = Path(output) if output else default
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"the report must be an .xlsx file, got {str(path)!r} "
                         f"(try -o {path.with_suffix('.xlsx')})")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder for {path}: {exc.strerror}; "
                         "choose another place with -o") from None
    return path


def _options(args: argparse.Namespace) -> Any:
    from crawler.runner import CrawlOptions

    if args.rules:
        try:
            load_rules(args.rules)
        except RuleError as exc:
            raise UsageError(f"--rules: {exc}") from None
    return CrawlOptions(
        delay=args.delay, concurrency=args.concurrency, max_pages=args.max_pages,
        depth=args.depth, rules=tuple(args.rules), mine=tuple(getattr(args, "mine", [])),
        log_level="INFO" if args.verbose else "WARNING",
    )


def _report_bad_seeds(bad: Sequence[BadSeed]) -> None:
    for line in bad:
        _err(str(line))


def _summarise_findings(rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    pids = Counter(r["pid"] for r in rows if r.get("pid"))
    for pid, count in pids.most_common():
        lines.append(f"  {pid}  ×{count}")
    hidden = sum(1 for r in rows if not r.get("pid"))
    if hidden:
        lines.append(f"  {hidden} more without a visible PID (short links, tokens, encrypted "
                     "click links, ad scripts)")
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
    from reports import read_jsonl, sidecars

    outcome = run_crawl(report, seeds, bad, options)
    files = sidecars(report)
    rows = read_jsonl(files.findings) if files.findings.exists() else []
    pages = read_jsonl(files.pages) if files.pages.exists() else []
    failed = [p for p in pages if p.get("error")]
    audited = sum(1 for p in pages if p.get("audited", True) and not p.get("error"))
    skipped = len(pages) - audited - len(failed)
    print(f"Audited {audited} page(s) from {len(seeds)} seed(s); "
          f"{len(failed)} could not be audited"
          + (f"; {skipped} skipped (robots.txt, not HTML, broken links)." if skipped else "."))
    if rows:
        print(f"Found {len(rows)} affiliate link(s) to remove:")
        print("\n".join(_summarise_findings(rows)))
        if options.mine:
            yours = sum(1 for r in rows if r.get("mine") is True)
            others = sum(1 for r in rows if r.get("mine") is False)
            print(f"  {yours} carry your ids, {others} someone else's, "
                  f"{len(rows) - yours - others} show no id.")
    else:
        print("No affiliate link found.")
    for page in failed:
        _err(f"not audited: {page['url']}: {page['error']}")
    if not outcome.complete:
        _err(f"the crawl stopped early ({outcome.finish_reason}): the report is incomplete")
    print(f"Record:   {files.findings}")
    if outcome.workbook_error:
        _err(f"could not write the workbook {report}: {outcome.workbook_error}\n"
             f"Your findings are safe in {files.findings}; render the workbook with:\n"
             f"  linkaudit report {files.findings} -o <another>.xlsx")
    else:
        print(f"Workbook: {report}")
    run = _read_run(files.run)
    for note in run.get("notes", []):
        _err(f"note: {note}")
    return _crawl_exit(len(rows), len(failed) + _unfollowed(run), outcome.complete, len(bad))


def _read_run(path: Path) -> dict[str, Any]:
    from reports import ReportError, read_run_json

    try:
        return read_run_json(path)
    except ReportError:
        return {}


def _unfollowed(run: dict[str, Any]) -> int:
    """In-scope links a page or depth cap kept the crawl from: clean is then not proven."""
    return sum((run.get("not_followed") or {}).values())


def cmd_crawl(args: argparse.Namespace) -> ExitCode:
    seeds: list[Seed] = []
    bad: list[BadSeed] = []
    if args.seeds:
        try:
            seeds, bad = read_seeds_file(args.seeds)
        except SeedsError as exc:
            raise UsageError(str(exc)) from None
    url_seeds, url_bad = seeds_from_urls(args.urls)
    seeds += [s for s in url_seeds if s not in seeds]
    bad += url_bad
    _report_bad_seeds(bad)
    if not seeds:
        where = f"{args.seeds} has" if args.seeds else "the command line has"
        raise UsageError(f"no valid seed: {where} no usable URL. Give a URL "
                         "(linkaudit crawl https://your.site/) or a seeds file (--seeds FILE)")
    report = _report_path(args.output, DEFAULT_OUTPUT / f"linkaudit-{_timestamp()}.xlsx")
    return _audit(report, seeds, bad, _options(args))


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
    from crawler.runner import run_crawl
    from crawler.verify import GONE_STATUSES, compare
    from reports import (
        RecordWriter,
        ReportError,
        read_findings,
        read_jsonl,
        read_run_json,
        read_seeds,
        sidecars,
        write_run_json,
    )
    from reports.render import render_report

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
    seeds = [Seed(s["mode"], s["url"], "previous report") for s in recorded
             if s.get("url") and s.get("mode") in ("site", "page")]
    if not seeds:
        raise UsageError(f"{previous_report} records no seeds to re-audit; run linkaudit crawl "
                         "again instead")
    # Re-read every page that had a finding, even one no longer linked from the site.
    seen = {s.url for s in seeds}
    site_scopes = {scope_key(s.url) for s in seeds if s.mode == "site"}
    for row in previous:
        url = row.get("page_url")
        if url and url not in seen and url.startswith(("http://", "https://")):
            seen.add(url)
            mode = "site" if any(in_scope(url, key) for key in site_scopes) else "page"
            seeds.append(Seed(mode, url, "previous finding"))

    default = previous_report.with_name(f"{previous_report.stem}.verify-{_timestamp()}.xlsx")
    report = _report_path(args.output, default)
    options = _options(args)
    if not options.mine and old_files.run.exists():
        # The ids marked as the creator's last time still are.
        try:
            previous_mine = read_run_json(old_files.run).get("mine") or []
        except ReportError:
            previous_mine = []
        options = dataclasses.replace(options, mine=tuple(previous_mine))
    outcome = run_crawl(report, seeds, [], options, command="verify",
                        render_workbook=False)
    files = sidecars(report)
    current = read_jsonl(files.findings) if files.findings.exists() else []
    pages = read_jsonl(files.pages) if files.pages.exists() else []
    result = compare(previous, current, pages)

    with RecordWriter(files.findings) as out:
        for row in result.rows:
            out.write(row)
    with RecordWriter(files.pages) as out:
        for page in pages:
            gone = page.get("status") in GONE_STATUSES
            out.write({**page, "verified": not page.get("error") or gone})
    run = read_run_json(files.run) if files.run.exists() else {"command": "verify"}
    run.update(command="verify", previous_report=str(previous_report))
    if result.unverified_pages:
        run.setdefault("notes", []).append(
            f"{len(result.unverified_pages)} page(s) could not be re-read; their links are "
            "counted as remaining")
    write_run_json(files.run, run)
    workbook_error = None
    try:
        render_report(report)
    except Exception as exc:  # the record is safe; say how to render it
        workbook_error = str(exc)

    print(f"Compared with {previous_report}: {result.removed} removed, "
          f"{result.remaining} remaining, {result.new} new.")
    for url in result.unverified_pages:
        _err(f"not verified: {url} could not be fetched; its links count as remaining")
    not_audited = [p for p in pages if p.get("error") and p.get("status") not in GONE_STATUSES]
    for page in not_audited:
        if page["url"] not in result.unverified_pages:
            _err(f"not audited: {page['url']}: {page['error']}")
    print(f"Record:   {files.findings}")
    if workbook_error:
        _err(f"could not write the workbook {report}: {workbook_error}\n"
             f"Render it later with: linkaudit report {files.findings} -o <another>.xlsx")
    else:
        print(f"Workbook: {report}")
    if result.remaining or result.new:
        return ExitCode.LINKS_FOUND
    if not_audited or not outcome.complete or _unfollowed(run):
        return ExitCode.NOT_PROVEN
    return ExitCode.OK


def cmd_report(args: argparse.Namespace) -> ExitCode:
    from reports import ReportError
    from reports.render import render_report

    record = Path(args.record)
    source = record if record.suffix.lower() == ".xlsx" else record.with_name(
        record.name.removesuffix(".jsonl") + ".xlsx")
    if not record.is_file() and record.suffix.lower() != ".xlsx":
        raise UsageError(f"{record}: no such record; pass the .jsonl written beside a report")
    workbook = _report_path(args.output, source)
    try:
        render_report(workbook, source=source)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {workbook}: {exc.strerror}; choose another file "
                         "with -o") from None
    print(f"Workbook: {workbook}")
    return ExitCode.OK


COMMANDS = {"crawl": cmd_crawl, "verify": cmd_verify, "demo": cmd_demo, "report": cmd_report}


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
    except KeyboardInterrupt:
        _err("interrupted")
        return ExitCode.NOT_PROVEN


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
