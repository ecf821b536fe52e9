"""Hyperlinks written as a stream (reports.sheetlinks): read back by openpyxl as it wrote them."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

import reports.sheetlinks as sheetlinks
from tests.reports.test_workbook import finding, page, write

ODD = "https://blog.example.com/文章/1?a=1&b=<2>&c=\"3\""


def test_links_round_trip_with_odd_characters(tmp_path):
    path = write(tmp_path, [finding(page_url=ODD), finding(page_url="https://b.example/")],
                 [page(ODD), page("https://b.example/", error="timeout")])
    wb = load_workbook(path)
    for name, column in (("Findings", "A"), ("Pages", "A"), ("Could not audit", "B")):
        ws = wb[name]
        links = {c.value: c.hyperlink.target for c in ws[column][1:] if c.hyperlink}
        assert all(value == target for value, target in links.items()), name
        assert ODD in links or name == "Could not audit", name
        assert all(c.style == "Hyperlink" for c in ws[column][1:] if c.hyperlink)
    seeds = [c for c in wb["Run"]["B"] if c.hyperlink]
    assert [c.hyperlink.target for c in seeds] == ["https://blog.example.com/"]
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert len(names) == len(set(names))  # each relationships file once


def test_links_past_the_limit_are_plain_text_and_noted(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetlinks.SheetLinks.__init__, "__defaults__", (2,))
    rows = [finding(page_url=f"https://b.example/{n}", line=n) for n in range(4)]
    wb = load_workbook(write(tmp_path, rows, [page()]))
    cells = list(wb["Findings"]["A"])[1:]
    assert [bool(c.hyperlink) for c in cells] == [True, True, False, False]
    assert [c.hyperlink.target for c in cells[:2]] == ["https://b.example/0", "https://b.example/1"]
    notes = [r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0] == "Report note"]
    assert any("Findings" in n and "clickable" in n for n in notes)
