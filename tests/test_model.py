"""The record model: every field survives its JSON, today's files and older ones read back."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from crawler.model import Finding, PageRecord, RunInfo, ScanFiles
from reports import ReportError, read_run_json, write_run_json

RUNS = Path(__file__).parent / "fixtures" / "runs"

#: The keys of REPORT.run.json, in order, as the crawl writes them (a scan adds "files").
RUN_KEYS = ["command", "started", "finished", "seeds", "bad_seeds", "complete", "finish_reason",
            "not_followed", "previous_report", "mine", "notes", "lang"]


def every_field_set() -> RunInfo:
    """A run whose every field (and every field of its files) differs from the default."""
    return RunInfo(
        command="verify",
        started="2026-03-01T10:00:00+08:00",
        finished="2026-03-01T10:05:00+08:00",
        seeds=[{"mode": "site", "url": "https://a.example/推广", "source": "previous report",
                "render": True}],
        bad_seeds=[{"source": "seeds.txt", "line": "2", "why": "not a URL"}],
        complete=False,
        finish_reason="closespider_pagecount",
        not_followed={"the page cap": 3},
        previous_report="old.xlsx",
        mine=["mm_1_2_3"],
        notes=["a note"],
        lang="zh",
        files=ScanFiles(audited=4, failed=1, binary_skipped=2, linkaudit_outputs_skipped=1,
                        job_folders_skipped=1, special_skipped=["file:///b/fifo"],
                        symlinks_not_followed=["file:///b/out"], include_build=True,
                        build_output_skipped=["file:///b/public"], extra={"later": 1}),
        extra={"written_by": "a later version"},
    )


def test_every_run_field_round_trips_through_its_file(tmp_path: Path) -> None:
    run = every_field_set()
    defaults = RunInfo("", files=ScanFiles())
    for f in (*fields(RunInfo), *fields(ScanFiles)):
        owner = run if f in fields(RunInfo) else run.files
        default = defaults if owner is run else defaults.files
        assert getattr(owner, f.name) != getattr(default, f.name), f.name
    path = tmp_path / "r.run.json"
    write_run_json(path, run)
    assert read_run_json(path) == run
    assert RunInfo.from_dict(run.to_dict()) == run
    # Every field but extra is a key of its own; extra's keys follow the known ones.
    written = json.loads(path.read_text(encoding="utf-8"))
    assert list(written) == [*RUN_KEYS, "files", "written_by"]
    assert list(written["files"]) == [f.name for f in fields(ScanFiles) if f.name != "extra"] + [
        "later"]


def test_a_crawl_run_is_written_as_before() -> None:
    today = {"command": "crawl", "started": "s", "finished": "f",
             "seeds": [{"mode": "page", "url": "https://a.example/", "source": "command line",
                        "render": False}],
             "bad_seeds": [], "complete": True, "finish_reason": "finished", "not_followed": {},
             "previous_report": None, "mine": [], "notes": [], "lang": None}
    assert list(today) == RUN_KEYS
    again = RunInfo.from_dict(today).to_dict()
    assert again == today
    assert list(again) == list(today)


def test_to_dict_shares_no_container_with_the_run() -> None:
    run = every_field_set()
    row = run.to_dict()
    row["seeds"][0]["url"] = "changed"
    row["notes"].append("changed")
    row["files"]["special_skipped"].append("changed")
    assert run == every_field_set()


@pytest.mark.parametrize("name", sorted(p.name for p in RUNS.glob("*.run.json")))
def test_an_older_run_file_reads_back(name: str) -> None:
    old = json.loads((RUNS / name).read_text(encoding="utf-8"))
    run = read_run_json(RUNS / name)
    again = run.to_dict()
    # What the old file holds reads back unchanged; what it lacks takes the default.
    assert {k: again[k] for k in old if k != "files"} == {k: v for k, v in old.items()
                                                          if k != "files"}
    assert run.mine == []
    if "files" in old:
        assert run.files is not None
        assert {k: again["files"][k] for k in old["files"]} == old["files"]
        assert run.files.job_folders_skipped == 0


def test_a_hand_written_run_file_reads_with_defaults(tmp_path: Path) -> None:
    # The shape tests and older versions leave beside a report: only some keys.
    path = tmp_path / "r.run.json"
    path.write_text('{"seeds": [{"mode": "page", "url": "http://127.0.0.1:9/"}]}',
                    encoding="utf-8")
    run = read_run_json(path)
    assert run == RunInfo("", seeds=[{"mode": "page", "url": "http://127.0.0.1:9/"}])
    assert run.complete is True  # as the workbook always read a missing "complete"


def test_unknown_keys_are_kept() -> None:
    data = {**RunInfo("crawl").to_dict(), "later": {"nested": [1, 2]}}
    assert RunInfo.from_dict(data).to_dict() == data


@pytest.mark.parametrize(("content", "message"), [
    ('{"complete": "yes"}', "field 'complete' is 'yes', expected true or false"),
    ('{"seeds": "https://a.example/"}', "field 'seeds' is 'https://a.example/', expected a list"),
    ('{"seeds": ["https://a.example/"]}', "expected a list of objects"),
    ('{"not_followed": {"cap": true}}', "expected an object of whole numbers"),
    ('{"files": {"audited": "4"}}', "field files.'audited' is '4', expected a whole number"),
    ('{"mine": [1]}', "field 'mine' is [1], expected a list of text"),
])
def test_a_run_file_of_the_wrong_shape_is_named(tmp_path: Path, content: str,
                                                message: str) -> None:
    path = tmp_path / "r.run.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=r"r\.run\.json") as error:
        read_run_json(path)
    assert message in str(error.value)


def test_a_page_record_writes_every_field() -> None:
    page = PageRecord("https://a.example/p", "site", "https://a.example/", status=200,
                      findings=2, depth=1, redirects=["https://a.example/q"], note="n",
                      audited=True, rendered=True, script_inserts="innerHTML",
                      found_via="sitemap https://a.example/sitemap.xml")
    row = page.to_dict()
    expected = asdict(page)
    del expected["fetched"]  # says which keys are written; not one of them
    assert row == expected
    assert list(row) == list(expected)
    row["redirects"].append("changed")
    assert page.redirects == ["https://a.example/q"]


def test_a_page_with_an_error_is_not_audited() -> None:
    assert PageRecord("u", "page", "u", error="timeout").to_dict()["audited"] is False


def test_a_scanned_file_writes_the_keys_of_a_scan() -> None:
    row = PageRecord("file:///b/a.md", "file", "file:///b", error="cannot be read",
                     audited=False, fetched=False).to_dict()
    assert row == {"url": "file:///b/a.md", "mode": "file", "seed": "file:///b", "status": None,
                   "findings": 0, "depth": 0, "redirects": [], "error": "cannot be read",
                   "note": None, "audited": False}


def test_a_finding_writes_every_field() -> None:
    finding = Finding("https://b.example/", "https://s.click.taobao.com/t?e=1", "taobao",
                      "click link", "taobao-click", "id visible", "a[href]", pid="mm_1_2_3",
                      member_id="1", site_id="2", adzone_id="3", unwrapped="u", context="c",
                      line=3, path="html>body>a", mine=True, extra={"unid": "u1"})
    assert finding.to_dict() == asdict(finding)
    assert all(value is not None for value in finding.to_dict().values())
