"""Faults a real crawl meets: each failed page becomes a row with a readable reason, never a crash.

Every test crawls tests/faultserver.py on 127.0.0.1 through the linkaudit command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crawler.runner import CrawlOptions, build_settings
from tests.conftest import ROOT, linkaudit, workbooks_said
from tests.faultserver import (
    ENTRY_POINTS,
    FAULTS,
    FINDING,
    PID,
    fault_server,
    html,
    index,
    send,
)

# path -> what the page's row must say: an error (not audited) or None (audited).
EXPECTED_ERRORS = {
    "/slow": "timed out: no complete answer within 2 s",
    "/reset": "connection reset by the server",
    "/closed": "closed the connection without answering",
    "/status/500": "HTTP 500 Internal Server Error",
    "/status/502": "HTTP 502 Bad Gateway",
    "/status/503": "HTTP 503 Service Unavailable",
    "/retry-after/429": "HTTP 429",
    "/retry-after/503": "HTTP 503",
    "/loop/b": "redirect loop",
    "/loop/self": "redirect loop",
    "/trap/10": "more than 10 redirects",
    "/huge": "response larger than 16 MiB; not audited",
    "/huge-streamed": "response larger than 16 MiB; not audited",
    "/bomb/gzip": "response larger than 16 MiB once decompressed",
    "/bomb/br": "response larger than 16 MiB once decompressed",
    "/gzip-undeclared": "gzip-compressed content the server did not declare; not audited",
    "/compress": "content encoded as 'compress', which cannot be decoded; not audited",
}
AUDITED = {
    "/binary": 0,
    "/invalid-bytes": 1,
    "/malformed/unclosed": 1,
    "/healthy": 1,
}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def error_sheet(report: Path) -> dict[str, str]:
    """URL -> reason, from the workbook's Errors sheet read back with openpyxl."""
    wb = openpyxl.load_workbook(report, read_only=True)
    rows = wb["Could not audit"].iter_rows(values_only=True)
    header = next(rows)
    where, why = header.index("URL or source"), header.index("Why")
    errors = {row[where]: row[why] for row in rows if row[where]}
    wb.close()
    return errors


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One crawl of every fault route, plus a TLS failure, with a 2 s timeout."""
    tmp = tmp_path_factory.mktemp("faults")
    routes = {**FAULTS, "/": index(ENTRY_POINTS)}
    with fault_server(routes) as server:
        report = tmp / "faults.xlsx"
        tls = f"https://127.0.0.1:{server.port}/tls"  # a plain-HTTP port spoken to in TLS
        result = linkaudit("crawl", server.url + "/", tls, "--timeout", "2",
                           "-o", str(report), cwd=tmp)
        requested = list(server.requested)
    pages = {p["url"].replace(server.url, ""): p
             for p in read_jsonl(tmp / "faults.pages.jsonl")}
    return {"result": result, "report": report, "pages": pages, "url": server.url,
            "tls": tls, "requested": requested,
            "findings": read_jsonl(tmp / "faults.jsonl")}


def test_the_crawl_survives_every_fault(fault_crawl: dict) -> None:
    result = fault_crawl["result"]
    assert result.returncode == 1, result.stdout + result.stderr  # findings on the sound pages
    # Scrapy logs a download failure with its traceback; a crash in linkaudit's own
    # code would show as one of these instead.
    for crash in ("Spider error processing", "Error caught on signal handler",
                  "Error processing", "Unhandled error"):
        assert crash not in result.stderr
    assert workbooks_said(result.stdout)


@pytest.mark.parametrize(("path", "why"), EXPECTED_ERRORS.items())
def test_each_failed_page_is_a_row_with_its_reason(fault_crawl: dict, path: str, why: str) -> None:
    page = fault_crawl["pages"][path]
    assert why in page["error"]
    assert page["findings"] == 0
    url = fault_crawl["url"] + path
    assert why in error_sheet(fault_crawl["report"])[url]
    assert f"not audited: {url}: " in fault_crawl["result"].stderr


def test_tls_failure_is_a_row(fault_crawl: dict) -> None:
    why = "TLS handshake failed (wrong version number); is the address really https?"
    assert fault_crawl["pages"][fault_crawl["tls"]]["error"] == why
    assert error_sheet(fault_crawl["report"])[fault_crawl["tls"]] == why


def test_dns_failure_is_a_row_and_exits_3(tmp_path: Path) -> None:
    # A reserved name (RFC 6761): it can never resolve, and nothing is fetched.
    url = "http://nonexistent.invalid/dns"
    result = linkaudit("crawl", url, "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    why = "DNS lookup failed: the host name does not resolve; check its spelling"
    assert f"not audited: {url}: {why}" in result.stderr
    assert error_sheet(tmp_path / "r.xlsx") == {url: why}


@pytest.mark.parametrize(("path", "findings"), AUDITED.items())
def test_odd_content_is_still_audited(fault_crawl: dict, path: str, findings: int) -> None:
    page = fault_crawl["pages"][path]
    assert (page["audited"], page["error"], page["findings"]) == (True, None, findings)
    found = [f for f in fault_crawl["findings"] if f["page_url"].endswith(path)]
    assert [f["pid"] for f in found] == [PID] * findings


def test_binary_served_as_html_is_noted(fault_crawl: dict) -> None:
    assert "binary content" in fault_crawl["pages"]["/binary"]["note"]
    assert fault_crawl["pages"]["/healthy"]["note"] is None


def test_summary_counts_the_failures(fault_crawl: dict) -> None:
    wb = openpyxl.load_workbook(fault_crawl["report"], read_only=True)
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True)
               if len(row) > 1}
    wb.close()
    failed = sum(1 for p in fault_crawl["pages"].values() if p["error"])
    assert failed == len(EXPECTED_ERRORS) + 1  # and the TLS failure
    assert summary["Pages not audited"] == failed


def test_redirect_trap_stops_at_the_limit(fault_crawl: dict) -> None:
    limit = build_settings(Path("r.xlsx"), [], [], CrawlOptions()).getint("REDIRECT_MAX_TIMES")
    assert limit == 10
    trap = [p for p in fault_crawl["requested"] if p.startswith("/trap/")]
    assert trap == [f"/trap/{n}" for n in range(limit + 1)]


# libxml2 stops at depth 256; the detector reads what lies deeper as text.
def test_deeply_nested_page_keeps_its_finding(fault_crawl: dict) -> None:
    assert fault_crawl["pages"]["/malformed/nested"]["findings"] == 1


def test_nothing_found_but_pages_failed_exits_3(tmp_path: Path) -> None:
    failing = ["/reset", "/closed", "/status/500", "/loop/self", "/huge", "/bomb/gzip",
               "/gzip-undeclared"]
    routes = {**FAULTS, "/": index([*failing, "/clean"]), "/clean": html("<p>nothing here</p>")}
    with fault_server(routes) as server:
        result = linkaudit("crawl", server.url + "/", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "No affiliate link found." in result.stdout
    errors = error_sheet(tmp_path / "r.xlsx")
    assert sorted(errors) == sorted(server.url + path for path in failing)


def test_crawl_trap_is_bounded_by_the_page_cap(tmp_path: Path) -> None:
    from tests.faultserver import calendar

    with fault_server({"/": html('<a href="/calendar/0">calendar</a>'),
                       "/calendar/*": calendar}) as server:
        result = linkaudit("crawl", server.url + "/", "--max-pages", "20",
                           "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
        months = [p for p in server.requested if p.startswith("/calendar/")]
    assert result.returncode == 3, result.stdout + result.stderr  # clean is not proven
    assert 0 < len(months) < 20


# -- memory: the size caps hold, measured on the crawl process ------------------------


# The crawl's own high-water mark, read by the crawl process as it ends. (ru_maxrss from
# wait4 would not do: a child keeps its parent's peak across fork and exec, so every
# crawl started from pytest would report at least pytest's own size.)
_MEASURED = """
import re, sys
from pathlib import Path
from crawler.cli import main
code = main(sys.argv[2:])
status = Path("/proc/self/status").read_text()
Path(sys.argv[1]).write_text(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1))
sys.exit(code)
"""


def crawl_peak_rss(url: str, tmp: Path) -> tuple[int, int]:
    """Run a crawl of ``url``; return its exit code and peak resident memory in MiB."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    peak = tmp / "peak.txt"
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", _MEASURED, str(peak), "crawl", url, "-o", str(tmp / "r.xlsx")],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    (tmp / "out.txt").write_text(result.stdout + result.stderr)
    return result.returncode, int(peak.read_text()) // 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("path", ["/huge", "/huge-streamed", "/bomb/gzip", "/bomb/br"])
def test_size_caps_bound_memory(tmp_path: Path, path: str) -> None:
    routes = {**FAULTS, "/small": html(FINDING)}
    with fault_server(routes) as server:
        (tmp_path / "base").mkdir()
        (tmp_path / "fault").mkdir()
        _, baseline = crawl_peak_rss(server.url + "/small", tmp_path / "base")
        code, peak = crawl_peak_rss(server.url + path, tmp_path / "fault")
    print(f"peak RSS: {path} {peak} MiB (a one-page crawl: {baseline} MiB)")
    assert code == 3, (tmp_path / "fault" / "out.txt").read_text()
    # The bombs inflate to 4 GiB and the pages are 40 MB: without the caps the peak
    # would grow by that much. With them it stays within a few caps of the baseline.
    assert peak - baseline < 64, (peak, baseline)


# -- sitemaps: discovery is crawler/site/discover.py's; here only hostile input --------------


def test_hostile_and_huge_sitemaps_are_survived(tmp_path: Path) -> None:
    from tests.faultserver import hostile_sitemap, huge_sitemap

    routes = {
        "/": html("<p>home</p>"),
        "/robots.txt": lambda h: send(h, 200, "User-agent: *\nSitemap: /sitemap.xml\n"
                                      "Sitemap: /sitemap-huge.xml.gz\n",
                                      {"Content-Type": "text/plain"}),
        "/sitemap.xml": hostile_sitemap,
        "/sitemap-huge.xml.gz": huge_sitemap,
        "/sitemap-page.html": html(FINDING),
    }
    with fault_server(routes) as server:
        result = linkaudit("crawl", server.url + "/", "-o", str(tmp_path / "r.xlsx"),
                           cwd=tmp_path)
        requested = list(server.requested)
    assert result.returncode == 1, result.stdout + result.stderr
    # The billion laughs were never expanded into a URL, and the 200 000 entries of
    # the huge sitemap that lie elsewhere were never requested (nor could be: the
    # server would have seen them).
    assert not any("lol" in path for path in requested)
    assert requested.count("/sitemap-page.html") == 1
    pages = {p["url"].replace(server.url, ""): p for p in read_jsonl(tmp_path / "r.pages.jsonl")}
    assert pages["/sitemap-page.html"]["findings"] == 1
    assert pages["/sitemap.xml"]["note"] == "sitemap: lists 1 page(s)"
    assert "more past the cap of entries per file" in pages["/sitemap-huge.xml.gz"]["note"]


# -- hostile content: crawled text never becomes a formula in the workbook ---------------


def test_formula_like_findings_are_text_in_the_workbook(tmp_path: Path) -> None:
    from tests.faultserver import FORMULA_TEXTS, formula_page

    with fault_server({"/formulas": formula_page}) as server:
        report = tmp_path / "r.xlsx"
        result = linkaudit("crawl", server.url + "/formulas", "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr

    wb = openpyxl.load_workbook(report)  # not read-only: cell types and styles are wanted
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    contexts = {row[header.index("Context")].value: row[header.index("Context")]
                for row in ws.iter_rows(min_row=2)}
    # Anchor text reaches the sheet with surrounding blanks trimmed, so a leading tab
    # or CR leaves the '=' behind it first.
    risky = [t.strip() for t in FORMULA_TEXTS] + [f"+{PID}", "@￥AbCdEf12345￥", "=x"]
    for text in risky:
        cell = contexts[text]
        assert (cell.data_type, cell.quotePrefix) == ("s", True), text
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(report) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
