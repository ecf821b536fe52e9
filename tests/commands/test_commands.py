"""The use cases called directly, without the CLI: their outcomes match what they wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.commands import scan as scan_command
from crawler.commands.errors import UsageError
from crawler.commands.options import crawl_options, scan_options
from crawler.commands.report import render_report
from crawler.commands.reportfiles import release_locks
from crawler.commands.summary import AuditOutcome
from crawler.commands.verify import plan_verify, verify
from reports import read_jsonl
from tests.conftest import ROOT, ServedFolder

PID_A = "mm_28765431_45872103_110000001"
PID_B = "mm_28765431_45872103_110000002"


@pytest.fixture(autouse=True)
def _unlock() -> Iterator[None]:
    yield
    release_locks()


def _scan(paths: list[Path], report: Path) -> AuditOutcome:
    found = scan_command.find_paths([str(p) for p in paths])
    plan = scan_command.plan_scan(found, [str(p) for p in paths], output=str(report))
    return scan_command.scan(plan, scan_options(jobs=1))


def test_scan_outcome_counts_what_the_record_holds(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(f"https://s.click.taobao.com/t?pid={PID_A}\n", encoding="utf-8")
    (posts / "b.md").write_text("nothing here\n", encoding="utf-8")
    outcome = _scan([posts, tmp_path / "gone"], tmp_path / "out" / "r.xlsx")
    rows = read_jsonl(outcome.record)
    assert outcome.findings.total == len(rows) == 1
    assert dict(outcome.findings.pids) == {PID_A: 1}
    assert outcome.pages.audited == len(read_jsonl(tmp_path / "out" / "r.pages.jsonl")) == 2
    assert (outcome.sources, outcome.bad_sources) == (1, 1)
    assert outcome.workbook_written and outcome.report.exists()
    assert outcome.workbook_error is None
    assert not outcome.proven  # a path given did not exist


def test_verify_outcome_says_removed_remaining_new(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    post = posts / "a.md"
    post.write_text(f"https://s.click.taobao.com/t?pid={PID_A}\n", encoding="utf-8")
    first = _scan([posts], tmp_path / "r.xlsx")
    release_locks()
    post.write_text(f"https://s.click.taobao.com/t?pid={PID_B}\n", encoding="utf-8")
    plan = plan_verify(first.report, output=str(tmp_path / "v.xlsx"))
    outcome = verify(plan, crawl_options())
    assert (outcome.removed, outcome.remaining, outcome.new) == (1, 0, 1)
    statuses = sorted((r["pid"], r["status"]) for r in read_jsonl(outcome.record))
    assert statuses == [(PID_A, "removed"), (PID_B, "new")]
    assert outcome.workbook_error is None and outcome.report.exists()
    assert outcome.proven


def test_report_outcome_names_the_workbook_and_refuses_a_missing_record(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(f"https://s.click.taobao.com/t?pid={PID_A}\n", encoding="utf-8")
    first = _scan([posts], tmp_path / "r.xlsx")
    again = render_report(first.record, output=str(tmp_path / "again.xlsx"))
    assert again.workbook == tmp_path / "again.xlsx" and again.workbook.exists()
    with pytest.raises(UsageError, match="no such record"):
        render_report(tmp_path / "none.jsonl", output=None)


def test_report_outcome_names_an_edited_workbook_it_kept(tmp_path: Path) -> None:
    import openpyxl

    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(f"https://s.click.taobao.com/t?pid={PID_A}\n", encoding="utf-8")
    first = _scan([posts], tmp_path / "r.xlsx")
    release_locks()
    untouched = render_report(first.record, output=None)
    assert (untouched.workbook, untouched.kept) == (tmp_path / "r.xlsx", None)
    release_locks()
    wb = openpyxl.load_workbook(first.report)
    wb.worksheets[0]["A1"] = "checked"
    wb.save(first.report)
    edited = first.report.read_bytes()
    again = render_report(first.record, output=None)
    assert (again.workbook, again.kept) == (tmp_path / "r (2).xlsx", first.report)
    assert first.report.read_bytes() == edited and again.workbook.exists()


def test_options_are_refused_naming_the_flag(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"--include: '\(' is not a valid regular expression"):
        crawl_options(include=["("])
    with pytest.raises(UsageError, match="--resolve-via must be an http:// URL on 127.0.0.1"):
        crawl_options(resolve=True, resolve_via="http://proxy.example:8080")
    options = crawl_options(include=["/blog/"], allow_domains=["CDN.example.net"])
    assert options.include[0].search("/blog/1")
    assert options.allow_domains == ("cdn.example.net",)


# A crawl runs Twisted's reactor, which starts once per process: drive it in a fresh one.
CRAWL_DRIVER = """
import json, sys
from crawler.commands import crawl
from crawler.commands.options import crawl_options
gathered = crawl.gather_seeds([sys.argv[1]], None)
plan = crawl.plan_crawl(gathered, output=sys.argv[2], seeds_file=None)
result = crawl.crawl(plan, crawl_options())
audit = result.audit
print(json.dumps({"findings": audit.findings.total, "pages": audit.pages.total,
                  "failed": audit.pages.failed, "complete": audit.complete,
                  "written": audit.workbook_written, "record": str(audit.record),
                  "resumable": result.resumable}))
"""


def test_crawl_outcome_counts_what_the_record_holds(site: ServedFolder, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    report = tmp_path / "r.xlsx"
    done = subprocess.run([sys.executable, "-c", CRAWL_DRIVER, site.url, str(report)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["findings"] == len(read_jsonl(tmp_path / "r.jsonl")) > 0
    assert outcome["pages"] == len(read_jsonl(tmp_path / "r.pages.jsonl")) > 0
    assert outcome["complete"] and outcome["written"] and report.exists()
    assert not outcome["resumable"] and not (tmp_path / "r.job").exists()


def test_resume_keeps_the_interrupted_runs_language(tmp_path: Path) -> None:
    from crawler.commands.crawl import gather_seeds
    from crawler.jobdir.state import STATE_FILE, encode
    from crawler.model import RunInfo
    from reports import sidecars, write_run_json

    report = tmp_path / "r.xlsx"
    (tmp_path / "r.job").mkdir()
    (tmp_path / "r.job" / STATE_FILE).write_text(encode({"scheduled": {"x"}}))
    write_run_json(sidecars(report).run, RunInfo(
        "crawl", seeds=[{"mode": "page", "url": "https://b.example/p"}], lang="zh"))
    gathered = gather_seeds([], None, output=str(report), resume=True)
    assert gathered.lang == "zh"
    assert [s.url for s in gathered.seeds] == ["https://b.example/p"]
