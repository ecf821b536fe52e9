"""The Excel report: written for real into tmp_path and read back with openpyxl."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from reports import (
    ReportError,
    read_findings,
    read_pages,
    read_run,
    read_seeds,
    write_workbook,
)

SHEETS = ["Summary", "To remove", "Ad slots", "Ad slot pages", "Findings", "Pages",
          "Could not audit", "Run"]
SEED_HEADER = ("Seed mode", "Seed URL")


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
    # What was found and its words first; the ids after.
    assert headers["Findings"][:11] == [
        "Page URL", "Link", "Code", "Context", "Network", "Kind", "PID",
        "Member id", "Site id", "Ad slot (adzone) id", "Confidence",
    ]  # fmt: skip
    assert headers["Findings"][11:16] == ["Location", "Line", "Unwrapped URL", "Rule", "Path"]
    assert "Status" not in headers["Findings"]  # only verify reports have it
    assert headers["To remove"][:6] == [
        "Done", "What", "Pages", "Search for", "Anchor text or words around it", "Where",
    ]  # fmt: skip
    assert headers["Ad slots"][:5] == ["Status", "What to do", "Network", "Id type", "Id"]
    assert headers["Ad slot pages"] == ["Id", "Page URL", "Status"]
    assert headers["Pages"][:9] == [
        "URL", "Mode", "Seed", "HTTP status", "Findings", "Depth",
        "Redirect chain", "Audited", "Error",
    ]  # fmt: skip
    assert headers["Could not audit"] == ["Problem", "URL or source", "HTTP status", "Reason",
                                          "How to fix", "Why", "Line text"]
    assert headers["Run"] == ["Field", "Value"]
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
    assert wb["Findings"].auto_filter.ref == "A1:Q2"
    assert wb["To remove"].auto_filter.ref == "A1:J2"
    assert wb["Ad slots"].auto_filter.ref == "A1:K2"
    assert wb["Pages"].auto_filter.ref == "A1:J2"
    assert wb["Could not audit"].auto_filter.ref == "A1:G3"
    findings = wb["Findings"]
    widths = {findings.cell(1, col).value: findings.column_dimensions[letter].width
              for col, letter in enumerate("ABCDEFGHIJKLMNOPQ", 1)}  # fmt: skip
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
    # Under Link when it reads as a token, under Code when not: text either way.
    found = "Link" if row["Link"].value is not None else "Code"
    for header in (found, "Context", "Page URL"):
        cell = row[header]
        assert cell.value == text
        assert cell.data_type == "s", header
    assert row[found].quotePrefix is True
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
    slots = {r["Id"].value: r for r in table(wb["Ad slots"])}
    assert list(slots) == ["mm_111_222_333", "mm_111_222_999"]  # most occurrences first
    top = slots["mm_111_222_333"]
    assert top["Status"].value == "Still in use — remove its links first"
    assert top["Occurrences"].value == 3
    assert top["Pages"].value == 2
    assert top["Member id"].value == "111"
    assert top["Site id"].value == "222"
    assert top["Ad slot (adzone) id"].value == "333"
    assert top["Kinds"].value == "click link, coupon link"
    assert slots["mm_111_222_999"]["Occurrences"].value == 1
    # The pages are rows of their own, clickable, not a multi-line cell.
    pages = [(r["Id"].value, r["Page URL"].value, r["Page URL"].hyperlink.target)
             for r in table(wb["Ad slot pages"])]
    assert pages[:2] == [("mm_111_222_333", "https://a.example/1", "https://a.example/1"),
                         ("mm_111_222_333", "https://a.example/2", "https://a.example/2")]


def test_every_page_of_a_slot_is_listed(tmp_path):
    rows = [finding(page_url=f"https://a.example/{i:03}") for i in range(25)]
    wb = load_workbook(write(tmp_path, rows))
    (slot,) = table(wb["Ad slots"])
    assert slot["Pages"].value == 25
    assert len(table(wb["Ad slot pages"])) == 25


def summary_rows(wb) -> dict[Any, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in wb["Summary"].iter_rows(values_only=True) if row}


def test_summary_counts(tmp_path):
    rows = [
        finding(),
        finding(line=11, pid="mm_111_222_444", adzone_id="444"),
        finding(member_id="555", pid="mm_555_1_2", network="taobao"),
        finding(network="jd", pid=None, member_id=None),
    ]
    pages = [page(), page("https://blog.example.com/x", error="HTTP 500", status=500)]
    wb = load_workbook(write(tmp_path, rows, pages))
    kv = summary_rows(wb)
    assert wb["Summary"]["A2"].value == (
        "4 links on 1 pages to remove — and 1 pages could not be audited")
    assert kv["Links found (every occurrence)"][0] == 4
    assert kv["Pages audited"][0] == 1
    assert kv["Pages not audited"][0] == 1
    assert kv["Crawl complete"][0] == "yes"
    assert kv["Taobao Affiliate (Alimama)"][0] == 3
    assert kv["JD Union"][0] == 1
    assert kv["111"][:2] == (2, 2)  # two findings, two distinct PIDs
    assert kv["555"][:2] == (1, 1)
    steps = [row[0] for key, row in kv.items() if isinstance(key, str) and "☐" in key]
    assert any("linkaudit verify report.xlsx" in step for step in steps)
    assert steps[-1].startswith("Withdraw the balance")


@pytest.mark.parametrize(("rows", "pages", "complete", "verdict", "colour"), [
    ([], [page(findings=0)], True,
     "Clean: every page was audited and no affiliate link remains", "FF006100"),
    ([finding()], [page()], True, "1 links on 1 pages to remove", "FF9C0006"),
    ([], [page(findings=0), page("https://blog.example.com/x", error="HTTP 500", status=500)],
     True, "Clean not proven: 1 pages could not be audited", "FF9C5700"),
    ([], [page(findings=0)], False,
     "Clean not proven: the crawl did not reach every page", "FF9C5700"),
])
def test_summary_leads_with_the_verdict_in_its_colour(tmp_path, rows, pages, complete, verdict,
                                                      colour):
    ws = load_workbook(write(tmp_path, rows, pages, complete=complete))["Summary"]
    assert ws["A2"].value == verdict
    assert ws["A2"].font.color.rgb[2:] == colour[2:]
    assert ws["A2"].fill.fgColor.rgb.endswith(
        {"FF006100": "C6EFCE", "FF9C0006": "FFC7CE", "FF9C5700": "FFEB9C"}[colour])


def test_summary_in_chinese(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", run=run(lang="zh"), findings=[finding()],
                          pages=[page()])
    wb = load_workbook(path)
    assert wb.sheetnames == ["概览", "待删除", "推广位", "推广位所在页面", "全部发现", "页面",
                             "未能审计", "运行信息"]
    assert wb["概览"]["A2"].value == "还有 1 个推广链接，分布在 1 个页面上，需要删除"
    (row,) = table(wb["全部发现"])
    assert row["类型"].value == "推广链接"
    assert row["联盟"].value == "淘宝联盟（阿里妈妈）"
    # And it reads back as the record, in the record's own words.
    assert read_findings(path)[0]["kind"] == "click link"
    assert read_findings(path)[0]["network"] == "taobao"
    assert read_seeds(path) == run()["seeds"]


def test_summary_charts_networks_and_top_pages(tmp_path):
    rows = [finding(), finding(network="jd", pid=None, member_id=None, line=3)]
    path = write(tmp_path, rows, [page()])
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        text = z.read(charts[0]).decode()
    assert "barChart" in text and "'Summary'!$B$" in text


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
    ws = load_workbook(path)["Run"]
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
        lang="en",
        mine=["mm_1_2_3", "99"],
        finish_reason="closespider_pagecount",
    )
    path = write_workbook(tmp_path / "report.xlsx", run=original, findings=[], pages=[])
    assert read_run(path) == {**original, "version": read_run(path)["version"]}


def test_errors_sheet_lists_failed_pages_and_bad_seeds(tmp_path):
    pages = [
        page(),
        page("https://blog.example.com/gone", status=404, error="HTTP 404"),
        page("https://down.example/", status=None, error="DNS lookup failed"),
    ]
    bad = [{"source": "seeds.txt:3", "line": "ftp://x.example", "why": "only http(s) URLs"}]
    wb = load_workbook(write(tmp_path, [finding()], pages, bad_seeds=bad))
    rows = [{k: c.value for k, c in r.items()} for r in table(wb["Could not audit"])]
    assert [(r["Problem"], r["URL or source"], r["HTTP status"], r["Why"], r["Line text"])
            for r in rows] == [
        ("page not audited", "https://blog.example.com/gone", 404, "HTTP 404", None),
        ("page not audited", "https://down.example/", None, "DNS lookup failed", None),
        ("bad seed line", "seeds.txt:3", None, "only http(s) URLs", "ftp://x.example"),
    ]
    # Each with what it means and what to do about it.
    assert all(r["Reason"] and r["How to fix"] for r in rows)
    audited = {r["URL"].value: r["Audited"].value for r in table(wb["Pages"])}
    assert audited == {
        "https://blog.example.com/post/1": "yes",
        "https://blog.example.com/gone": "no",
        "https://down.example/": "no",
    }


def test_empty_report_still_has_headers(tmp_path):
    wb = load_workbook(write(tmp_path))
    assert wb.sheetnames == SHEETS
    for name in SHEETS[1:-1]:
        assert wb[name].max_row == 1, name
    assert wb["Could not audit"].auto_filter.ref == "A1:G1"


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
    # The change since the last run comes right after the verdict.
    assert wb["Summary"]["A3"].value == "Since the last run: 1 removed, 1 remaining, 2 new"
    values = summary_values(wb["Summary"])
    assert values["Pages not verified"] == 2
    assert summary_values(wb["Run"])["Previous report"] == "old.xlsx"
    verified = {r["URL"].value: r["Verified"].value for r in table(wb["Pages"])}
    assert list(verified.values()) == ["yes", "no", "no"]
    # A removed link is no longer published: it counts on no slot.
    slots = {r["Id"].value: r["Occurrences"].value for r in table(wb["Ad slots"])}
    assert slots == {"mm_9_9_9": 2, "mm_111_222_333": 1}
    # The work list keeps what is still there, with its status.
    work = [(r["Status"].value, r["Occurrences"].value) for r in table(wb["To remove"])]
    assert sorted(work) == [("new", 2), ("remaining", 1)]


def test_verify_report_without_findings_still_counts(tmp_path):
    wb = load_workbook(write(tmp_path, [], [page(findings=0)], command="verify"))
    assert wb["Summary"]["A3"].value == "Since the last run: 0 removed, 0 remaining, 0 new"
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
    ws = wb["Run"]
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
                                        member_id=None, site_id=None, adzone_id=None,
                                        mine=None),
            finding(pid="mm_99887766_1_2", member_id="99887766", mine=False)]
    path = write(tmp_path, rows)
    wb = load_workbook(path)
    header = next(wb["Findings"].iter_rows(max_row=1, values_only=True))
    assert header[:2] == ("Page URL", "Yours?")
    assert {r["mine"] for r in read_findings(path)} == {True, False, None}
    summary = list(wb["Summary"].iter_rows(values_only=True))
    assert ("yours", 1) in [tuple(r[:2]) for r in summary]
    assert ("someone else's", 1) in [tuple(r[:2]) for r in summary]
    # Someone else's slot is listed apart, after yours, and is never yours to delete.
    slots = [(r["Id"].value, r["Yours?"].value, r["Status"].value)
             for r in table(wb["Ad slots"])]
    assert slots == [("mm_111_222_333", "yes", "Still in use — remove its links first"),
                     ("mm_99887766_1_2", "no", "Someone else's — not yours to delete")]
