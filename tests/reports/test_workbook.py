"""The Excel report: written for real into tmp_path and read back with openpyxl."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from reports import (
    SEED_HEADER,
    ReportError,
    read_findings,
    read_pages,
    read_run,
    read_seeds,
    write_workbook,
)

SHEETS = ["Summary", "Findings", "Ad slots", "Pages", "Errors"]


def finding(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "page_url": "https://blog.example.com/post/1",
        "link": "https://s.click.taobao.com/t?pid=mm_111_222_333",
        "network": "taobao",
        "kind": "click link",
        "rule": "taobao.pid",
        "confidence": "id visible",
        "location": "a[href]",
        "pid": "mm_111_222_333",
        "member_id": "111",
        "site_id": "222",
        "adzone_id": "333",
        "unwrapped": None,
        "context": "领券购买",
        "line": 10,
        "path": "html>body>p>a",
        "extra": {},
        "mine": None,
    }
    row.update(overrides)
    return row


def page(url: str = "https://blog.example.com/post/1", **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": url,
        "mode": "site",
        "seed": "https://blog.example.com/",
        "status": 200,
        "findings": 1,
        "error": None,
        "note": None,
        "audited": True,
        "depth": 1,
        "redirects": [],
    }
    row.update(overrides)
    return row


def run(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "command": "crawl",
        "started": "2024-05-01T10:00:00+08:00",
        "finished": "2024-05-01T10:05:00+08:00",
        "seeds": [{"mode": "site", "url": "https://blog.example.com/"}],
        "bad_seeds": [],
        "complete": True,
        "previous_report": None,
        "notes": [],
    }
    row.update(overrides)
    return row


def write(tmp_path, findings=(), pages=(), **run_overrides):
    return write_workbook(
        tmp_path / "report.xlsx", run=run(**run_overrides), findings=findings, pages=pages
    )


def table(ws) -> list[dict[str, Any]]:
    """A table sheet's rows as dicts keyed by header, cells (not values) as values."""
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def summary_values(ws) -> dict[str, Any]:
    """Column A label -> column B value for the Summary sheet's key/value rows."""
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]}


def test_sheets_are_written_in_order(tmp_path):
    path = write(tmp_path, [finding()], [page()])
    assert load_workbook(path).sheetnames == SHEETS


def test_table_headers(tmp_path):
    wb = load_workbook(write(tmp_path, [finding()], [page()]))
    headers = {name: [c.value for c in wb[name][1]] for name in SHEETS[1:]}
    assert headers["Findings"][:10] == [
        "Page URL", "Link", "Network", "Kind", "Confidence", "PID",
        "Member id", "Site id", "Ad slot (adzone) id", "Location",
    ]  # fmt: skip
    assert headers["Findings"][10:15] == ["Line", "Context", "Unwrapped URL", "Rule", "Path"]
    assert "Status" not in headers["Findings"]  # only verify reports have it
    assert headers["Ad slots"][:6] == [
        "PID", "Member id", "Site id", "Ad slot (adzone) id", "Occurrences", "Pages",
    ]  # fmt: skip
    assert headers["Pages"][:9] == [
        "URL", "Mode", "Seed", "HTTP status", "Findings", "Depth",
        "Redirect chain", "Audited", "Error",
    ]  # fmt: skip
    assert headers["Errors"] == ["Problem", "URL or source", "HTTP status", "Line text", "Why"]
    for name in SHEETS[1:]:
        assert all(c.font.b for c in wb[name][1]), name


def test_finding_cells_and_page_hyperlink(tmp_path):
    wb = load_workbook(write(tmp_path, [finding()], [page()]))
    (row,) = table(wb["Findings"])
    assert row["PID"].value == "mm_111_222_333"
    assert row["Member id"].value == "111"
    assert row["Site id"].value == "222"
    assert row["Ad slot (adzone) id"].value == "333"
    assert row["Line"].value == 10
    assert row["Context"].value == "领券购买"
    assert row["Page URL"].value == "https://blog.example.com/post/1"
    assert row["Page URL"].hyperlink.target == "https://blog.example.com/post/1"
    assert row["Page URL"].data_type == "s"  # a hyperlink, not a HYPERLINK() formula
    # Clicking an affiliate link from the report would count as a click for it.
    assert row["Link"].hyperlink is None


def test_only_web_and_file_urls_become_hyperlinks(tmp_path):
    rows = [
        finding(page_url="posts/2024/hello.md"),
        finding(page_url="file:///home/me/site/index.html"),
        finding(page_url="javascript:alert(1)"),
    ]
    wb = load_workbook(write(tmp_path, rows))
    links = {r["Page URL"].value: r["Page URL"].hyperlink for r in table(wb["Findings"])}
    assert links["posts/2024/hello.md"] is None
    assert links["javascript:alert(1)"] is None
    assert links["file:///home/me/site/index.html"].target == "file:///home/me/site/index.html"


def test_findings_sorted_by_page_then_line(tmp_path):
    rows = [
        finding(page_url="https://b.example/", line=5),
        finding(page_url="https://a.example/", line=None),
        finding(page_url="https://a.example/", line=30),
        finding(page_url="https://a.example/", line=4),
    ]
    wb = load_workbook(write(tmp_path, rows))
    order = [(r["Page URL"].value, r["Line"].value) for r in table(wb["Findings"])]
    assert order == [
        ("https://a.example/", 4),
        ("https://a.example/", 30),
        ("https://a.example/", None),
        ("https://b.example/", 5),
    ]


def test_panes_filters_and_widths(tmp_path):
    path = write(
        tmp_path,
        [finding(context="很长的上下文" * 40)],
        [page(error="timeout", status=None)],
        bad_seeds=[{"source": "seeds.txt:2", "line": "nonsense", "why": "not a URL"}],
    )
    wb = load_workbook(path)
    for name in SHEETS:
        assert wb[name].freeze_panes == "A2", name
    assert wb["Findings"].auto_filter.ref == "A1:P2"
    assert wb["Ad slots"].auto_filter.ref == "A1:H2"
    assert wb["Pages"].auto_filter.ref == "A1:J2"
    assert wb["Errors"].auto_filter.ref == "A1:E3"
    findings = wb["Findings"]
    widths = {findings.cell(1, col).value: findings.column_dimensions[letter].width
              for col, letter in enumerate("ABCDEFGHIJKLMNOP", 1)}  # fmt: skip
    assert all(8 <= w <= 80 for w in widths.values())
    assert widths["Context"] == 60  # capped; the text wraps instead
    (row,) = table(findings)
    assert row["Context"].alignment.wrap_text
    assert not row["PID"].alignment.wrap_text


def test_cjk_text_counts_double_width(tmp_path):
    wb = load_workbook(write(tmp_path, [finding(kind="k" * 12, rule="推" * 12)]))
    ws = wb["Findings"]
    width = {ws.cell(1, c).value: ws.column_dimensions[ws.cell(1, c).column_letter].width
             for c in range(1, ws.max_column + 1)}  # fmt: skip
    assert width["Rule"] > width["Kind"] + 8


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil","x")',
        "=1+1",
        "+1+1",
        "-2",
        "@SUM(A1)",
        "\t=cmd",
        "\r=cmd",
        "#N/A",
    ],
)
def test_crawled_text_is_never_a_formula(tmp_path, text):
    rows = [finding(link=text, context=text, page_url=text)]
    path = write(tmp_path, rows, [page(url=text, error=text)])
    wb = load_workbook(path)
    (row,) = table(wb["Findings"])
    for header in ("Link", "Context", "Page URL"):
        cell = row[header]
        assert cell.value == text
        assert cell.data_type == "s", header
    assert row["Link"].quotePrefix is True
    (page_row,) = table(wb["Pages"])
    assert page_row["URL"].value == text
    assert page_row["URL"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


# Text any writer could mangle: XlsxWriter's inline strings read "<r>…</r>" as rich text
# (the cell comes back empty), and it stores CR as _x000D_ and "_x0041_" as "_x005F_x0041_",
# which openpyxl (and so pandas, and read_findings) read back literally.
@pytest.mark.parametrize(
    "text",
    ["<r>x</r>", "<r><t>x</t></r>", "_x0041_ and _x000D_", "CR\r\nLF\ttab", " padded ", "a & b <c>"],
)
def test_crawled_text_reads_back_as_written(tmp_path, text):
    path = write(tmp_path, [finding(context=text)], [page()])
    (row,) = table(load_workbook(path)["Findings"])
    assert row["Context"].value == text
    assert read_findings(path)[0]["context"] == text


def test_hyperlink_targets_are_the_urls_as_written(tmp_path):
    # Not escaped, not split at "#", and a POSIX file path kept as it is.
    urls = [
        "https://b.example/p?q=1#frag",
        "https://b.example/100%/[x]{y}^`",
        "https://b.example/%E6%96%87?a=<1>&b=\"2\"",
        "file:///home/me/blog/a.md",
        "file:///C:/blog/a.md",
    ]
    path = write(tmp_path, [finding(page_url=url, line=n) for n, url in enumerate(urls)])
    rows = table(load_workbook(path)["Findings"])
    links = {r["Page URL"].value: r["Page URL"].hyperlink for r in rows}
    assert {url: (links[url].target, links[url].location) for url in urls} == {
        url: (url, None) for url in urls
    }


def test_illegal_characters_are_stripped_and_long_text_truncated(tmp_path):
    rows = [
        finding(
            context="a\x00b\x08c\x0bd\x1fe\ufffef\ud800g",
            link="x" * 40_000,
            path="😀" * 20_000,  # 40,000 UTF-16 units: over Excel's limit too
        )
    ]
    (row,) = table(load_workbook(write(tmp_path, rows))["Findings"])
    assert row["Context"].value == "abcdefg"
    assert len(row["Link"].value) <= 32_767
    assert row["Link"].value.startswith("x" * 30_000)
    assert row["Link"].value.endswith("[truncated]")
    assert len(row["Path"].value.encode("utf-16-le")) // 2 <= 32_767


def test_odd_values_do_not_crash(tmp_path):
    rows = [
        finding(
            context=["a", "b"],
            extra={"unid": "blog", "relationId": 7},
            line="12",
            unwrapped=True,
            path=None,
            member_id=111,
        ),
        finding(
            page_url="https://z.example/", extra=None, context={"nested": {"x": [1, 2]}}, line=2**70
        ),
    ]
    wb = load_workbook(write(tmp_path, rows))
    first, second = table(wb["Findings"])
    assert first["Context"].value == '["a","b"]'
    assert first["Extra"].value == '{"unid":"blog","relationId":7}'
    assert first["Path"].value is None
    assert first["Member id"].value == 111
    assert second["Context"].value == '{"nested":{"x":[1,2]}}'
    assert second["Line"].value == str(2**70)  # beyond Excel's 15 digits: kept exact as text


def test_ad_slots_aggregate_per_pid(tmp_path):
    rows = [
        finding(page_url="https://a.example/1", line=1, kind="click link"),
        finding(page_url="https://a.example/1", line=9, kind="coupon link"),
        finding(page_url="https://a.example/2", line=3, kind="click link"),
        finding(
            page_url="https://a.example/2",
            pid="mm_111_222_999",
            adzone_id="999",
            line=4,
        ),
        finding(kind="token", pid=None, member_id=None, site_id=None, adzone_id=None),
    ]
    wb = load_workbook(write(tmp_path, rows))
    slots = {r["PID"].value: r for r in table(wb["Ad slots"])}
    assert list(slots) == ["mm_111_222_333", "mm_111_222_999"]  # most occurrences first
    top = slots["mm_111_222_333"]
    assert top["Occurrences"].value == 3
    assert top["Pages"].value == 2
    assert top["Member id"].value == "111"
    assert top["Site id"].value == "222"
    assert top["Ad slot (adzone) id"].value == "333"
    assert top["Page list"].value.split("\n") == ["https://a.example/1", "https://a.example/2"]
    assert top["Kinds"].value == "click link, coupon link"
    assert slots["mm_111_222_999"]["Occurrences"].value == 1


def test_long_page_lists_are_cut(tmp_path):
    rows = [finding(page_url=f"https://a.example/{i:03}") for i in range(25)]
    (slot,) = table(load_workbook(write(tmp_path, rows))["Ad slots"])
    assert slot["Pages"].value == 25
    lines = slot["Page list"].value.split("\n")
    assert len(lines) == 21
    assert lines[-1].startswith("… and 5 more")


def test_summary_counts(tmp_path):
    rows = [
        finding(),
        finding(line=11, pid="mm_111_222_444", adzone_id="444"),
        finding(member_id="555", pid="mm_555_1_2", network="taobao"),
        finding(network="jd", pid=None, member_id=None),
    ]
    pages = [page(), page("https://blog.example.com/x", error="HTTP 500", status=500)]
    values = list(
        load_workbook(write(tmp_path, rows, pages))["Summary"].iter_rows(values_only=True)
    )
    kv = {row[0]: row[1:] for row in values if row}
    assert kv["Total findings"][0] == 4
    assert kv["Pages audited"][0] == 1
    assert kv["Pages failed"][0] == 1
    assert kv["Crawl complete"][0] == "yes"
    assert kv["taobao"][0] == 3
    assert kv["jd"][0] == 1
    assert kv["111"][:2] == (2, 2)  # two findings, two distinct PIDs
    assert kv["555"][:2] == (1, 1)
    assert "linkaudit verify report.xlsx" in kv["What to do"][0]


def test_incomplete_crawl_is_flagged(tmp_path):
    wb = load_workbook(write(tmp_path, [finding()], complete=False))
    values = summary_values(wb["Summary"])
    assert values["Crawl complete"] == "no"
    assert read_run(tmp_path / "report.xlsx")["complete"] is False


def test_seeds_round_trip(tmp_path):
    seeds = [
        {"mode": "site", "url": "https://blog.example.com/"},
        {"mode": "page", "url": "https://weibo.com/u/123/推广"},
        {"mode": "page", "url": "=not-a-formula"},
    ]
    path = write(tmp_path, [finding()], [page()], seeds=seeds)
    assert read_seeds(path) == seeds
    ws = load_workbook(path)["Summary"]
    header = [r for r in ws.iter_rows(values_only=True) if r[:2] == SEED_HEADER]
    assert len(header) == 1


def test_no_seeds_reads_as_empty(tmp_path):
    assert read_seeds(write(tmp_path, seeds=[])) == []


def test_run_round_trip(tmp_path):
    original = run(
        command="verify",
        previous_report="out/old.xlsx",
        notes=["robots.txt disallowed 2 pages", "=1+1"],
        bad_seeds=[{"source": "seeds.txt:3", "line": "htp:/broken", "why": "not a URL"}],
        complete=False,
    )
    path = write_workbook(tmp_path / "report.xlsx", run=original, findings=[], pages=[])
    assert read_run(path) == original


def test_errors_sheet_lists_failed_pages_and_bad_seeds(tmp_path):
    pages = [
        page(),
        page("https://blog.example.com/gone", status=404, error="HTTP 404"),
        page("https://down.example/", status=None, error="DNS lookup failed"),
    ]
    bad = [{"source": "seeds.txt:3", "line": "ftp://x.example", "why": "only http(s) URLs"}]
    wb = load_workbook(write(tmp_path, [finding()], pages, bad_seeds=bad))
    rows = [{k: c.value for k, c in r.items()} for r in table(wb["Errors"])]
    assert rows == [
        {
            "Problem": "page not audited",
            "URL or source": "https://blog.example.com/gone",
            "HTTP status": 404,
            "Line text": None,
            "Why": "HTTP 404",
        },
        {
            "Problem": "page not audited",
            "URL or source": "https://down.example/",
            "HTTP status": None,
            "Line text": None,
            "Why": "DNS lookup failed",
        },
        {
            "Problem": "bad seed line",
            "URL or source": "seeds.txt:3",
            "HTTP status": None,
            "Line text": "ftp://x.example",
            "Why": "only http(s) URLs",
        },
    ]
    audited = {r["URL"].value: r["Audited"].value for r in table(wb["Pages"])}
    assert audited == {
        "https://blog.example.com/post/1": "yes",
        "https://blog.example.com/gone": "no",
        "https://down.example/": "no",
    }


def test_empty_report_still_has_headers(tmp_path):
    wb = load_workbook(write(tmp_path))
    assert wb.sheetnames == SHEETS
    for name in SHEETS[1:]:
        assert wb[name].max_row == 1, name
    assert wb["Errors"].auto_filter.ref == "A1:E1"


def test_pages_sheet(tmp_path):
    redirects = ["http://blog.example.com/old", "https://blog.example.com/old"]
    wb = load_workbook(write(tmp_path, [], [page(redirects=redirects, depth=2)]))
    (row,) = table(wb["Pages"])
    assert row["URL"].hyperlink.target == "https://blog.example.com/post/1"
    assert row["Redirect chain"].value == " → ".join(redirects)
    assert row["Depth"].value == 2
    assert row["HTTP status"].value == 200
    assert "Verified" not in row


def test_verify_report(tmp_path):
    rows = [
        finding(status="removed", line=1),
        finding(status="remaining", line=2),
        finding(status="new", line=3, pid="mm_9_9_9", member_id="9"),
        finding(status="new", line=4, pid="mm_9_9_9", member_id="9"),
    ]
    pages = [
        page(verified=True),
        page("https://blog.example.com/timeout", error="timeout", verified=False),
        page("https://blog.example.com/other", verified=False),
    ]
    path = write(tmp_path, rows, pages, command="verify", previous_report="old.xlsx")
    wb = load_workbook(path)
    findings = table(wb["Findings"])
    assert wb["Findings"].cell(1, 1).value == "Status"
    assert [r["Status"].value for r in findings] == ["removed", "remaining", "new", "new"]
    values = summary_values(wb["Summary"])
    assert values["Removed"] == 1
    assert values["Remaining"] == 1
    assert values["New"] == 2
    assert values["Pages not verified"] == 2
    assert values["Previous report"] == "old.xlsx"
    verified = {r["URL"].value: r["Verified"].value for r in table(wb["Pages"])}
    assert list(verified.values()) == ["yes", "no", "no"]
    # A removed link is no longer published, so it is not on the ad-slot checklist.
    slots = {r["PID"].value: r["Occurrences"].value for r in table(wb["Ad slots"])}
    assert slots == {"mm_9_9_9": 2, "mm_111_222_333": 1}


def test_verify_report_without_findings_still_counts(tmp_path):
    wb = load_workbook(write(tmp_path, [], [page(findings=0)], command="verify"))
    values = summary_values(wb["Summary"])
    assert (values["Removed"], values["Remaining"], values["New"]) == (0, 0, 0)
    assert wb["Summary"]["A1"].value == "linkaudit verification report"


def test_read_findings_round_trip(tmp_path):
    rows = [
        finding(line=1, extra={"unid": "blog"}),
        finding(line=2, link="-2", context="a\nb", unwrapped="https://uland.taobao.com/x"),
        finding(page_url="https://z.example/", line=None, pid=None, member_id=None,
                site_id=None, adzone_id=None, context=None),
    ]  # fmt: skip
    assert read_findings(write(tmp_path, rows)) == rows


def test_read_findings_keeps_status(tmp_path):
    rows = [finding(status="remaining")]
    assert read_findings(write(tmp_path, rows)) == rows


def test_read_pages_round_trip(tmp_path):
    pages = [
        page(redirects=["http://a.example/", "https://a.example/"]),
        page("https://b.example/", status=None, error="timeout", findings=0, depth=0,
             audited=False),
        page("https://b.example/x.png", note="not a text page; skipped", audited=False),
    ]
    assert read_pages(write(tmp_path, [], pages)) == pages


def test_overwrites_atomically(tmp_path):
    write(tmp_path, [finding()])
    path = write(tmp_path, [finding(), finding(line=99)])
    assert len(read_findings(path)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_foreign_workbook_is_refused(tmp_path):
    foreign = tmp_path / "budget.xlsx"
    wb = Workbook()
    wb.active.append(["Month", "Spend"])
    wb.save(foreign)
    for reader in (read_seeds, read_findings, read_run, read_pages):
        with pytest.raises(ReportError, match="budget.xlsx") as excinfo:
            reader(foreign)
        assert "not a linkaudit report" in str(excinfo.value)
        assert "linkaudit crawl" in str(excinfo.value)
    with pytest.raises(ReportError, match="'Seed mode | Seed URL'"):
        read_seeds(foreign)


def test_summary_without_seed_table_is_refused(tmp_path):
    foreign = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.title = "Summary"
    wb.active.append(["Total", 3])
    wb.save(foreign)
    with pytest.raises(ReportError, match=r"other\.xlsx: not a linkaudit report"):
        read_seeds(foreign)


def test_edited_seed_table_with_bad_mode_is_refused(tmp_path):
    path = write(tmp_path, seeds=[{"mode": "site", "url": "https://a.example/"}])
    wb = load_workbook(path)
    ws = wb["Summary"]
    for row in ws.iter_rows():
        if row[0].value == "site":
            row[0].value = "sitemap"
    wb.save(path)
    with pytest.raises(ReportError, match="seeds table"):
        read_seeds(path)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_unreadable_file_is_refused(tmp_path, content):
    path = tmp_path / "report.xlsx"
    path.write_bytes(content)
    with pytest.raises(ReportError, match=r"report\.xlsx.*linkaudit crawl"):
        read_findings(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        read_seeds(tmp_path / "nope.xlsx")


def test_yours_column_when_the_run_knew_the_creators_ids(tmp_path):
    rows = [finding(mine=True), finding(link="https://s.click.taobao.com/AbC1234", pid=None,
                                        member_id=None, mine=None),
            finding(pid="mm_99887766_1_2", member_id="99887766", mine=False)]
    path = write(tmp_path, rows)
    wb = load_workbook(path)
    header = next(wb["Findings"].iter_rows(max_row=1, values_only=True))
    assert header[:2] == ("Page URL", "Yours?")
    assert {r["mine"] for r in read_findings(path)} == {True, False, None}
    summary = list(wb["Summary"].iter_rows(values_only=True))
    assert ("Carrying your ids (--mine)", 1) in [tuple(r[:2]) for r in summary]
