"""Findings in page order without sorting them all in memory (reports.pageorder, reports.rows).

The workbook written from a record on disk, read page by page, must be the
one a plain sort of every finding gives, whatever order the record is in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports import write_workbook
from reports.build import build_report
from reports.pageorder import PageRuns, finding_order, in_page_order
from reports.rows import ListRows, RecordRows
from tests.reports.test_workbook import finding, page, run

PAGES = ["https://b.example/", "https://a.example/x", "https://a.example/", "", None]
LINES = [None, True, 0, 1, 2, 3, 10, 99]


def ordered(source: Any) -> list[dict[str, Any]]:
    runs = PageRuns()
    for start, end, row in source.spans():
        runs.add(start, end, row)
    with source.reader() as read:
        return list(in_page_order(runs, read))


rows_strategy = st.lists(
    st.fixed_dictionaries({"page_url": st.sampled_from(PAGES), "line": st.sampled_from(LINES)}),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows_strategy)
def test_page_order_equals_a_stable_sort_of_everything(rows):
    numbered = [{**row, "n": i} for i, row in enumerate(rows)]
    assert ordered(ListRows(numbered)) == sorted(numbered, key=finding_order)


# What a record on disk can hold: the reader refuses a null page or a true/false line.
record_rows_strategy = st.lists(
    st.fixed_dictionaries({"page_url": st.sampled_from([p for p in PAGES if p is not None]),
                           "line": st.sampled_from([n for n in LINES if n is not True])}),
    max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(record_rows_strategy)
def test_page_order_from_disk_equals_a_stable_sort(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("record") / "r.jsonl"
    numbered = [{**row, "n": i} for i, row in enumerate(rows)]
    # Blank lines inside a page's run must not break it.
    path.write_text("".join(json.dumps(r) + "\n\n" for r in numbered), encoding="utf-8")
    assert ordered(RecordRows(path)) == sorted(numbered, key=finding_order)


def test_runs_of_one_page_are_noted_once_per_run():
    runs = PageRuns()
    for i, url in enumerate(["b", "b", "a", "b", "a", "a"]):
        runs.add(i, i + 1, {"page_url": url})
    assert len(runs) == 4
    assert list(runs.by_page()) == [("a", [(2, 3), (4, 6)]), ("b", [(0, 2), (3, 4)])]


def findings_sheet(path: Path) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    return [tuple((c.value, c.hyperlink.target if c.hyperlink else None) for c in row)
            for row in wb["Findings"].iter_rows()]


def all_sheets(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    return {ws.title: ([[c.value for c in row] for row in ws.iter_rows()],
                       {k: d.width for k, d in ws.column_dimensions.items()},
                       ws.auto_filter.ref)
            for ws in wb.worksheets}


def scrambled_findings() -> list[dict[str, Any]]:
    """A record as a resumed crawl leaves it: pages split into runs, lines unsorted."""
    return [
        finding(page_url="https://c.example/p", line=7, pid="mm_1_2_3"),
        finding(page_url="https://a.example/p", line=30, pid="mm_4_5_6", member_id="4",
                kind="pid link"),
        finding(page_url="https://a.example/p", line=None, pid=None, link="https://s.click.taobao.com/AbC1234"),
        finding(page_url="https://c.example/p", line=2, pid="mm_1_2_3", kind="coupon link"),
        finding(page_url="https://b.example/p", line=1, pid="mm_4_5_6", member_id="4"),
        finding(page_url="https://a.example/p", line=4, pid="mm_4_5_6", member_id="4", kind="coupon link"),
        finding(page_url="https://c.example/p", line=2, pid="mm_7_8_9", context="same line, later"),
    ]


def test_workbook_of_out_of_order_findings_equals_the_sorted_one(tmp_path):
    rows = scrambled_findings()
    pages = [page("https://a.example/p"), page("https://b.example/p"), page("https://c.example/p")]
    scrambled = write_workbook(tmp_path / "scrambled.xlsx", run=run(), findings=rows, pages=pages)
    presorted = write_workbook(tmp_path / "sorted.xlsx", run=run(),
                               findings=sorted(rows, key=finding_order), pages=pages)
    sheet = findings_sheet(scrambled)
    assert [(r[0][0], r[12][0]) for r in sheet[1:]] == [
        ("https://a.example/p", 4), ("https://a.example/p", 30), ("https://a.example/p", None),
        ("https://b.example/p", 1),
        ("https://c.example/p", 2), ("https://c.example/p", 2), ("https://c.example/p", 7),
    ]  # fmt: skip
    # Ad slots list their pages in the pages' order, whatever the findings' order.
    a, b = all_sheets(scrambled), all_sheets(presorted)
    assert a["Ad slots"] == b["Ad slots"]
    assert [tuple(row[:2]) for row in a["Ad slot pages"][0][1:3]] == [
        ("mm_4_5_6", "https://a.example/p"), ("mm_4_5_6", "https://b.example/p")]
    assert {k: v for k, v in a.items() if k != "Summary"} == {
        k: v for k, v in b.items() if k != "Summary"}


@pytest.mark.parametrize("hold", [250_000, 2], ids=["rows held", "record read again"])
def test_report_rendered_from_disk_equals_the_one_from_lists(tmp_path, monkeypatch, hold):
    # Past HOLD_ROWS findings the writer reads the record again instead of holding it.
    monkeypatch.setattr("reports.workbook.HOLD_ROWS", hold)
    rows = [{**r, "status": s, "mine": m} for r, s, m in zip(
        scrambled_findings(), ["new", "removed", "remaining"] * 3, [True, None, False] * 3,
        strict=False)]
    pages = [page("https://a.example/p", verified=True),
             page("https://b.example/p", error="timeout", status=None),
             page("https://c.example/p", audited=False)]
    record = tmp_path / "disk.jsonl"
    record.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "disk.pages.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages),
                                               encoding="utf-8")
    (tmp_path / "disk.run.json").write_text(json.dumps(run(command="verify")), encoding="utf-8")
    resolution = {"link": "https://s.click.taobao.com/AbC1234", "resolved": True,
                  "resolved_url": "https://uland.taobao.com/?pid=mm_9_9_9", "pid": "mm_9_9_9",
                  "member_id": "9", "site_id": "9", "adzone_id": "9"}
    (tmp_path / "disk.resolved.jsonl").write_text(json.dumps(resolution) + "\n",
                                                  encoding="utf-8")
    from_disk = build_report(tmp_path / "disk.xlsx")

    from reports.build import merge_resolutions

    (tmp_path / "lists").mkdir()
    from_lists = write_workbook(tmp_path / "lists" / "disk.xlsx", run=run(command="verify"),
                                findings=merge_resolutions(rows, [resolution]), pages=pages)
    a, b = all_sheets(from_disk), all_sheets(from_lists)
    assert a == b
    assert "Resolved?" in a["Findings"][0][0] and "Status" in a["Findings"][0][0]
