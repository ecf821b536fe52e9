"""End to end: the linkaudit command crawls real servers on 127.0.0.1 through Scrapy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT, TESTS, ServedFolder, linkaudit, workbooks_said
from tests.servers import Route, serve_routes

EXPECTED = json.loads((TESTS / "fixtures" / "site" / "expected.json").read_text(encoding="utf-8"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def triples(rows: list[dict], base: str) -> set[tuple[str, str, str | None]]:
    base = base.rstrip("/")
    return {(r["page_url"][len(base):] or "/", r["kind"], r["pid"]) for r in rows}


def test_crawl_finds_every_planted_form_and_no_look_alike(site: ServedFolder, tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.xlsx"
    result = linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    # Named from where the user stands: relative to the current folder.
    assert workbooks_said(result.stdout) == [str(Path("out") / "report.xlsx")]

    rows = read_jsonl(report.with_suffix(".jsonl"))
    expected = {(e["page"], e["kind"], e["pid"]) for e in EXPECTED["findings"]}
    assert triples(rows, site.url) == expected
    for row in rows:  # the record's contract: these keys, always present
        assert {"page_url", "link", "network", "kind", "pid", "member_id", "site_id",
                "adzone_id", "location", "context"} <= row.keys()
        assert row["network"] == "taobao"
    by_pid = {r["pid"]: r for r in rows if r["pid"]}
    sample = by_pid["mm_11223344_5566778_99001122"]
    assert (sample["member_id"], sample["site_id"], sample["adzone_id"]) == (
        "11223344", "5566778", "99001122")
    text = json.dumps(rows, ensure_ascii=False)
    for look_alike in EXPECTED["not_findings"]:
        if "mm_" in look_alike["what"] and "sceneid" not in look_alike["what"]:
            assert look_alike["what"] not in text

    pages = read_jsonl(report.with_name("report.pages.jsonl"))
    audited = {p["url"][len(site.url) - 1:] for p in pages if p["audited"]}
    assert audited == set(EXPECTED["pages"])
    private = [p for p in pages if "/private/" in p["url"]]
    assert private
    assert private[0]["findings"] == 0
    assert "robots.txt" in private[0]["note"]
    assert not any("other.invalid" in p["url"] for p in pages)  # off-site: never requested


def test_workbook_is_rendered_from_the_record(site: ServedFolder, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path)
    rows = read_jsonl(report.with_suffix(".jsonl"))
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["Summary", "To remove", "Ad slots", "Ad slot pages", "Findings",
                            "Pages", "Could not audit", "Run"]
    findings = list(wb["Findings"].iter_rows(values_only=True))
    assert len(findings) - 1 == len(rows)
    header = findings[0]
    assert "PID" in header
    assert "Page URL" in header
    ids = next(wb["Ad slots"].iter_rows(max_row=1, values_only=True)).index("Id")
    slots = {row[ids] for row in wb["Ad slots"].iter_rows(min_row=2, values_only=True)}
    assert slots == {r["pid"] for r in rows if r["pid"]}
    page_cell = wb["Findings"].cell(row=2, column=header.index("Page URL") + 1)
    assert page_cell.hyperlink is not None
    assert page_cell.hyperlink.target.startswith(site.url)


def _clean_copy(src: Path, dst: Path) -> None:
    """Replace the served pages with the creator's partly cleaned ones."""
    for path in src.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".txt"):
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def test_verify_tells_removed_remaining_and_new(site: ServedFolder, tmp_path: Path) -> None:
    report = tmp_path / "before.xlsx"
    assert linkaudit("crawl", site.url, "-o", str(report), cwd=tmp_path).returncode == 1

    _clean_copy(TESTS / "fixtures" / "site_cleaned", site.root)
    after = tmp_path / "after.xlsx"
    result = linkaudit("verify", str(report), "-o", str(after), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "removed" in result.stdout

    rows = read_jsonl(after.with_suffix(".jsonl"))
    want = json.loads((TESTS / "fixtures" / "site_cleaned" / "expected_verify.json").read_text("utf-8"))
    for status in ("removed", "remaining", "new"):
        got = triples([r for r in rows if r["status"] == status], site.url)
        assert got == {(e["page"], e["kind"], e["pid"]) for e in want[status]}, status
    assert all(r["status"] in ("removed", "remaining", "new") for r in rows)

    wb = openpyxl.load_workbook(after)
    header = next(wb["Findings"].iter_rows(max_row=1, values_only=True))
    assert header[0] == "Status"

    # The creator removes everything that is left: verify exits 0.
    for page in site.root.rglob("*.html"):
        page.write_text('<html><meta charset="utf-8"><body><a href="/">home</a> '
                        '<a href="/posts/a.html">a</a></body></html>', encoding="utf-8")
    final = tmp_path / "final.xlsx"
    result = linkaudit("verify", str(after), "-o", str(final), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = read_jsonl(final.with_suffix(".jsonl"))
    assert rows
    assert {r["status"] for r in rows} == {"removed"}


def test_verify_never_counts_an_unreadable_page_as_clean(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/post.html">post</a>'),
        "/post.html": Route(body='<a href="https://s.click.taobao.com/AbC1234">buy</a>'),
    }
    with serve_routes(routes) as server:
        report = tmp_path / "r.xlsx"
        assert linkaudit("crawl", server.url + "/", "-o", str(report), cwd=tmp_path).returncode == 1
        routes["/post.html"] = Route(503, "down for maintenance")
        result = linkaudit("verify", str(report), "-o", str(tmp_path / "v.xlsx"), cwd=tmp_path)
    assert result.returncode == 1  # the link may still be there
    assert "not verified" in result.stderr
    rows = read_jsonl(tmp_path / "v.jsonl")
    assert [(r["status"], r["verified"]) for r in rows] == [("remaining", False)]


def test_clean_site_with_a_failing_page_exits_3(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/ok.html">ok</a> <a href="/broken.html">x</a>'),
        "/ok.html": Route(body="<p>nothing to see</p>"),
        "/broken.html": Route(500, "oops"),
    }
    with serve_routes(routes) as server:
        result = linkaudit("crawl", server.url + "/", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "broken.html" in result.stderr
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    errors = [row for row in wb["Could not audit"].iter_rows(min_row=2, values_only=True) if any(row)]
    assert any("broken.html" in str(cell) for row in errors for cell in row)


def test_clean_site_exits_0(tmp_path: Path) -> None:
    routes = {"/": Route(body='<a href="/a.html">a</a>'),
              "/a.html": Route(body='<a href="https://item.taobao.com/item.htm?id=1&spm=a">x</a>')}
    with serve_routes(routes) as server:
        result = linkaudit("crawl", server.url + "/", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No affiliate link found" in result.stdout


def test_redirects_out_of_scope_are_recorded_never_followed(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/go/buy">buy</a> <a href="/old">old</a> '
                        '<a href="/refresh.html">r</a>'),
        "/go/buy": Route(302, "", {"Location": "https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc"}),
        "/old": Route(301, "", {"Location": "{base}/new.html"}),
        "/new.html": Route(body='<a href="https://ai.taobao.com/?pid=mm_12345678_222_333">x</a>'),
        "/refresh.html": Route(body='<meta http-equiv="refresh" content="0;url=https://s.click.taobao.com/Qpv0xTx">'),
    }
    with serve_routes(routes) as server:
        report = tmp_path / "r.xlsx"
        result = linkaudit("crawl", server.url + "/", "-o", str(report), cwd=tmp_path)
        requested = list(server.requested)
    assert result.returncode == 1
    rows = read_jsonl(report.with_suffix(".jsonl"))
    found = {(r["page_url"].rsplit("/", 1)[-1], r["kind"], r["location"]) for r in rows}
    assert found == {("buy", "click link", "redirect"),
                     ("new.html", "pid link", "a[href]"),
                     ("refresh.html", "short link", "meta[content]")}
    assert "/new.html" in requested  # in-scope redirect followed
    pages = {p["url"].rsplit("/", 1)[-1]: p for p in read_jsonl(tmp_path / "r.pages.jsonl")}
    assert pages["new.html"]["redirects"] == [server.url + "/old"]
    assert "not followed" in pages["buy"]["note"]
    assert "outside the audit scope" in pages["refresh.html"]["note"]
    assert not any("taobao" in p for p in pages)


def test_bad_seed_lines_are_named_and_listed(site: ServedFolder, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"# my site\nsite {site.url}\nftp://files.example/\nblog {site.url}\n",
                     encoding="utf-8")
    report = tmp_path / "r.xlsx"
    result = linkaudit("crawl", "--seeds", str(seeds), "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{seeds}:3: " in result.stderr
    assert f"{seeds}:4: unknown keyword 'blog'" in result.stderr
    wb = openpyxl.load_workbook(report)
    cells = [str(c) for row in wb["Could not audit"].iter_rows(values_only=True) for c in row if c]
    assert any(f"{seeds}:3" in c for c in cells)
    assert any(f"{seeds}:4" in c for c in cells)
    assert read_jsonl(report.with_suffix(".jsonl"))  # the valid seed was still audited


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl"], "no valid seed"),
        (["crawl", "not-a-url"], "no valid seed"),
        (["crawl", "--seeds", "missing.txt"], "does not exist"),
        (["crawl", "http://127.0.0.1:9/", "-o", "report.csv"], "must be an .xlsx file"),
        (["verify", "missing.xlsx"], "no such report"),
        (["crawl", "http://127.0.0.1:9/", "--max-pages", "0"], "must be at least 1"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = linkaudit(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())


def test_verify_refuses_a_foreign_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["name", "price"])
    wb.save(tmp_path / "prices.xlsx")
    result = linkaudit("verify", str(tmp_path / "prices.xlsx"), cwd=tmp_path)
    assert result.returncode == 2
    assert "prices.xlsx" in result.stderr


def test_demo_names_the_planted_pids(tmp_path: Path) -> None:
    report = tmp_path / "demo.xlsx"
    result = linkaudit("demo", "-o", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(report)
    ids = next(wb["Ad slots"].iter_rows(max_row=1, values_only=True)).index("Id")
    slots = {row[ids] for row in wb["Ad slots"].iter_rows(min_row=2, values_only=True)}
    assert {"mm_28765431_45872103_109876543210", "mm_28765431_45872103_110234567890"} <= slots
    assert "mm_28765431_45872103_109876543210" in result.stdout


def test_scrapy_users_can_run_the_spider_directly(site: ServedFolder, tmp_path: Path) -> None:
    import subprocess
    import sys

    report = tmp_path / "scrapy.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "audit", "-a", f"urls={site.url}",
         "-s", f"LINKAUDIT_REPORT={report}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    # The spider writes the record; the workbook is built from it as the README says.
    built = linkaudit("report", str(report.with_suffix(".jsonl")), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert report.exists()
    rows = read_jsonl(report.with_suffix(".jsonl"))
    assert triples(rows, site.url) == {(e["page"], e["kind"], e["pid"]) for e in EXPECTED["findings"]}


def test_mine_separates_the_creators_links_from_others(site: ServedFolder, tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    result = linkaudit("crawl", site.url, "-o", str(report), "--mine", "11223344", cwd=tmp_path)
    assert result.returncode == 1
    assert "someone else's" in result.stdout
    rows = read_jsonl(report.with_suffix(".jsonl"))
    by_member = {(r["member_id"], r["mine"]) for r in rows}
    assert ("11223344", True) in by_member
    assert ("55667788", False) in by_member
    assert all(r["mine"] is None for r in rows if r["member_id"] is None)
    # verify remembers whose ids they were
    result = linkaudit("verify", str(report), "-o", str(tmp_path / "v.xlsx"), cwd=tmp_path)
    assert {r["mine"] for r in read_jsonl(tmp_path / "v.jsonl") if r["member_id"]} == {True, False}


def test_page_cap_on_a_clean_site_does_not_prove_it_clean(tmp_path: Path) -> None:
    routes = {"/": Route(body='<a href="/a.html">a</a> <a href="/b.html">b</a>'),
              "/a.html": Route(body="<p>clean</p>"), "/b.html": Route(body="<p>clean</p>")}
    with serve_routes(routes) as server:
        result = linkaudit("crawl", server.url + "/", "--max-pages", "1",
                           "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
        requested = list(server.requested)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "in-scope link(s) not followed (page cap)" in result.stderr
    assert "/a.html" not in requested
