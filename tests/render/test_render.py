"""--render: pages whose scripts insert affiliate links, audited through the system Chromium.

The crawls run the linkaudit command against pages on 127.0.0.1. Chromium's own
network stack resolves no host at all (a launch flag, checked below); what the
guard fetches for a page goes through the proxy settings, which send every host
but 127.0.0.1 to a recording stand-in: a request that escaped the guard shows up
there instead of on the internet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pytest

from crawler.inputs.seeds import Seed, parse_seed_line, read_seeds_file
from crawler.render.pages import CHROMIUM_ENV, browser_problem, find_chromium, render_settings
from crawler.runner import CrawlOptions, build_settings
from tests.conftest import ROOT
from tests.servers import Route, RouteServer, serve_handler, serve_routes

# The link is written out in the script: the detector reads it there even unrendered.
INSERTED = """<!doctype html><html><head><meta charset="utf-8"><title>A post</title></head>
<body><p>My pick:</p><div id="pick"></div>
<script>
var a = document.createElement('a');
a.href = 'https://s.click.taobao.com/t?e=m%3D2%26s%3DRenderedLink';
a.textContent = 'buy it';
document.getElementById('pick').appendChild(a);
</script></body></html>"""

# The link only exists once the script has run: host and PID are built from pieces.
# The script also tries what a page's scripts do: load an affiliate pixel, beacon to
# an affiliate URL, fetch a local URL that redirects to one, frame another site,
# and navigate away to an affiliate URL. The guard must stop all of it.
PIECES = """<!doctype html><html><head><meta charset="utf-8"><title>Coupons</title></head>
<body><ul id="deals"></ul>
<script>
var host = ['ul', 'and.tao', 'bao.com'].join('');
var pid = ['mm', '24681357', '1122334', '99887766'].join('_');
var li = document.createElement('li');
li.innerHTML = '<a href="https://' + host + '/coupon/edetail?e=abc&pid=' + pid + '">coupon</a>';
document.getElementById('deals').appendChild(li);
var click = 'https://s.cl' + 'ick.tao' + 'bao.com/t?e=';
new Image().src = click + 'pixel';
fetch(click + 'beacon', {mode: 'no-cors'}).catch(function () {});
fetch('/bounce').catch(function () {});
var frame = document.createElement('iframe');
frame.src = 'http://elsewhere.' + 'example/frame';
document.body.appendChild(frame);
location.href = click + 'navigate';
</script></body></html>"""

PLAIN = """<!doctype html><html><head><meta charset="utf-8"><title>Plain</title></head>
<body><p>No links here, and no script that adds any.</p></body></html>"""

PIECES_PID = "mm_24681357_1122334_99887766"


def _routes() -> dict[str, Route]:
    return {
        "/inserted.html": Route(body=INSERTED),
        "/pieces.html": Route(body=PIECES),
        "/plain.html": Route(body=PLAIN),
        "/bounce": Route(302, "", {"Location": "https://s.click.taobao.com/t?e=bounced"}),
        "/": Route(body='<html><body><a href="/plain.html">plain</a>'
                        '<script>document.write(\'<a href="/pieces.html">deals</a>\')</script>'
                        "</body></html>"),
    }


@pytest.fixture
def browser() -> str:
    """Chromium's path; a missing browser fails the test in CI instead of skipping it."""
    problem = browser_problem(os.environ)
    if problem:
        if os.environ.get("CI") or os.environ.get("LINKAUDIT_REQUIRE_BROWSER"):
            pytest.fail(f"the browser is required here: {problem}")
        pytest.skip(problem)
    chromium = find_chromium(os.environ)
    assert chromium
    return chromium



class _Recorder:
    """A stand-in for every host but 127.0.0.1: records what reaches it, answers 502."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                recorder.seen.append(f"{self.command} {self.path}")
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = do_CONNECT = _record  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def recording_proxy() -> Iterator[_Recorder]:
    recorder = _Recorder()
    thread = threading.Thread(target=recorder.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.server.shutdown()
        recorder.server.server_close()


@pytest.fixture
def pages() -> Iterator[RouteServer]:
    with serve_routes(_routes()) as server:
        yield server


def run_linkaudit(*args: str, cwd: Path, proxy: str | None = None,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The linkaudit command in a fresh process; with ``proxy``, all but loopback goes there."""
    environ = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    environ["PYTHONPATH"] = str(ROOT) + os.pathsep + environ.get("PYTHONPATH", "")
    if proxy:
        environ.update(http_proxy=proxy, https_proxy=proxy, no_proxy="127.0.0.1,localhost")
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd, env=environ, capture_output=True, text=True, timeout=180, check=False,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def by_path(rows: list[dict], base: str, key: str = "url") -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row[key][len(base):], []).append(row)
    return found


def sheet_rows(report: Path, name: str) -> list[dict]:
    sheet = openpyxl.load_workbook(report)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


# -- with a browser ------------------------------------------------------------------


def test_render_keyword_finds_links_scripts_insert_and_blocks_what_they_request(
        browser: str, pages: RouteServer, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"page render {pages.url}/pieces.html\n"
                     f"render {pages.url}/inserted.html\n"
                     f"page {pages.url}/plain.html\n", encoding="utf-8")
    report = tmp_path / "out" / "report.xlsx"
    with recording_proxy() as outside:
        result = run_linkaudit("crawl", "--seeds", str(seeds), "-o", str(report),
                               cwd=tmp_path, proxy=outside.url)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # Nothing left 127.0.0.1: no affiliate pixel, beacon, redirect or navigation.
    assert outside.seen == []
    assert not any("navigate" in path or "pixel" in path or "beacon" in path
                   for path in pages.requested)

    findings = by_path(read_jsonl(report.with_suffix(".jsonl")), pages.url, "page_url")
    assert [(f["pid"], f["location"]) for f in findings["/pieces.html"]] == [(PIECES_PID, "a[href]")]
    # The inserted anchor, and the script that wrote it, which the rendered page still holds.
    assert sorted((f["link"], f["location"]) for f in findings["/inserted.html"]) == [
        ("https://s.click.taobao.com/t?e=m%3D2%26s%3DRenderedLink", "a[href]"),
        ("https://s.click.taobao.com/t?e=m%3D2%26s%3DRenderedLink", "script")]
    assert "/plain.html" not in findings

    records = {path: rows[0] for path, rows in
               by_path(read_jsonl(report.with_name("report.pages.jsonl")), pages.url).items()}
    assert records["/pieces.html"]["rendered"] is True
    assert records["/inserted.html"]["rendered"] is True
    assert records["/plain.html"]["rendered"] is False  # its seed line did not ask
    # The pixel, the beacon, the redirect's target and the navigation; the frame.
    assert records["/pieces.html"]["note"] == (
        "rendered with Chromium; blocked 4 request(s) to affiliate URLs and "
        "1 navigation(s) away from the page")
    assert records["/pieces.html"]["script_inserts"] is None
    assert "Rendered 2 page(s) with Chromium." in result.stdout

    workbook = sheet_rows(report, "Findings")
    assert any(row.get("PID") == PIECES_PID for row in workbook)
    notes = {row["URL"][len(pages.url):]: row["Note"] for row in sheet_rows(report, "Pages")}
    assert notes["/inserted.html"].startswith("rendered with Chromium")


def test_render_flag_renders_every_page_of_a_site(browser: str, pages: RouteServer,
                                                  tmp_path: Path) -> None:
    """The home page writes its link to /pieces.html with document.write: only a browser sees it."""
    report = tmp_path / "report.xlsx"
    with recording_proxy() as outside:
        result = run_linkaudit("crawl", "--render", pages.url + "/", "-o", str(report),
                               cwd=tmp_path, proxy=outside.url)
    assert result.returncode == 1, result.stderr
    assert outside.seen == []
    records = by_path(read_jsonl(report.with_name("report.pages.jsonl")), pages.url)
    assert set(records) == {"/", "/plain.html", "/pieces.html"}
    assert all(rows[0]["rendered"] for rows in records.values())
    rows = read_jsonl(report.with_suffix(".jsonl"))
    assert [r["pid"] for r in rows] == [PIECES_PID]


def test_verify_renders_the_seeds_that_were_rendered(browser: str, pages: RouteServer,
                                                     tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"render {pages.url}/pieces.html\n", encoding="utf-8")
    report = tmp_path / "report.xlsx"
    with recording_proxy() as outside:
        first = run_linkaudit("crawl", "--seeds", str(seeds), "-o", str(report),
                              cwd=tmp_path, proxy=outside.url)
        assert first.returncode == 1, first.stderr
        again = tmp_path / "again.xlsx"
        second = run_linkaudit("verify", str(report), "-o", str(again), cwd=tmp_path,
                               proxy=outside.url)
    assert outside.seen == []
    assert second.returncode == 1, second.stderr
    assert "0 removed, 1 remaining, 0 new" in second.stdout
    records = read_jsonl(again.with_name("again.pages.jsonl"))
    assert [r["rendered"] for r in records] == [True]


# -- without a browser ---------------------------------------------------------------


def test_without_render_script_built_links_are_reported_as_a_risk(pages: RouteServer,
                                                                   tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    result = run_linkaudit("crawl", f"{pages.url}/pieces.html", f"{pages.url}/inserted.html",
                           f"{pages.url}/plain.html", "-o", str(report), cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the link written out in a script is found
    rows = read_jsonl(report.with_suffix(".jsonl"))
    assert PIECES_PID not in json.dumps(rows)
    assert [(r["page_url"][len(pages.url):], r["location"]) for r in rows] == [
        ("/inserted.html", "script")]

    records = {path: found[0] for path, found in
               by_path(read_jsonl(report.with_name("report.pages.jsonl")), pages.url).items()}
    assert records["/pieces.html"]["script_inserts"] == "innerHTML"
    assert records["/inserted.html"]["script_inserts"] == "createElement('a')"
    assert records["/plain.html"]["script_inserts"] is None
    assert not any(r["rendered"] for r in records.values())
    assert "/bounce" not in pages.requested  # nothing ran the scripts

    notes = {row["URL"][len(pages.url):]: row["Note"] for row in sheet_rows(report, "Pages")}
    assert notes["/pieces.html"] == (
        "not rendered: the page builds content with JavaScript (innerHTML); links it inserts "
        "were not seen (re-run with --render)")
    assert notes["/plain.html"] in (None, "")
    assert ("Not rendered: 2 page(s) build content with JavaScript; links they insert were "
            "not seen (re-run with --render).") in result.stdout


def test_render_without_chromium_says_how_to_install_it(pages: RouteServer,
                                                        tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    missing = str(tmp_path / "no-such-chromium")
    result = run_linkaudit("crawl", "--render", f"{pages.url}/pieces.html", "-o", str(report),
                           cwd=tmp_path, env={CHROMIUM_ENV: missing})
    assert result.returncode == 2
    assert "scripts/install-browser.sh" in result.stderr
    assert missing in result.stderr
    assert "Traceback" not in result.stderr
    assert pages.requested == []  # nothing audited, nothing fetched
    assert not report.exists()

    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"render {pages.url}/pieces.html\n", encoding="utf-8")
    result = run_linkaudit("crawl", "--seeds", str(seeds), "-o", str(report), cwd=tmp_path,
                           env={CHROMIUM_ENV: missing})
    assert result.returncode == 2
    assert "scripts/install-browser.sh" in result.stderr


def test_scrapy_crawl_without_the_browser_wired_audits_the_page_unrendered(
        pages: RouteServer, tmp_path: Path) -> None:
    """`scrapy crawl audit` does not wire the browser in: a render seed is read as HTML, once."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"render {pages.url}/pieces.html\n", encoding="utf-8")
    report = tmp_path / "report.xlsx"
    environ = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "audit", "-a", f"seeds={seeds}",
         "-s", f"LINKAUDIT_REPORT={report}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert pages.requested.count("/pieces.html") == 1
    records = read_jsonl(report.with_name("report.pages.jsonl"))
    assert [(r["rendered"], r["script_inserts"]) for r in records] == [(False, "innerHTML")]


# -- settings and seeds --------------------------------------------------------------


@pytest.mark.parametrize(("line", "mode", "render"), [
    ("render https://www.zhihu.com/p/1", "page", True),
    ("page render https://www.zhihu.com/p/1", "page", True),
    ("render page https://www.zhihu.com/p/1", "page", True),
    ("site RENDER https://blog.example.com/", "site", True),
    ("render https://blog.example.com/", "site", True),
    ("page https://www.zhihu.com/p/1", "page", False),
    ("https://www.zhihu.com/p/1", "page", False),
])
def test_render_keyword_in_seed_lines(line: str, mode: str, render: bool) -> None:
    seed = parse_seed_line(line, "s.txt:1")
    assert isinstance(seed, Seed)
    assert (seed.mode, seed.render) == (mode, render)
    assert seed.to_dict()["render"] is render


@pytest.mark.parametrize(("line", "why"), [
    ("render", "expected one URL after 'render', got 0"),
    ("page render", "expected one URL after 'page', got 0"),
    ("render https://a.example/x https://b.example/y", "expected one URL per line"),
    ("rendered https://a.example/x", "unknown keyword 'rendered'"),
])
def test_bad_render_lines(line: str, why: str) -> None:
    bad = parse_seed_line(line, "s.txt:1")
    assert not isinstance(bad, Seed)
    assert why in str(bad)


def test_a_repeated_seed_that_asks_for_rendering_is_rendered(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("page https://www.zhihu.com/p/1\nrender https://www.zhihu.com/p/1\n"
                     "page https://www.zhihu.com/p/2\n", encoding="utf-8")
    found, bad = read_seeds_file(seeds)
    assert bad == []
    assert [(s.url, s.render, s.source) for s in found] == [
        ("https://www.zhihu.com/p/1", True, f"{seeds}:1"),
        ("https://www.zhihu.com/p/2", False, f"{seeds}:3")]


def _chromium_stand_in(tmp_path: Path) -> str:
    path = tmp_path / "my-chromium"
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_browser_is_wired_only_when_a_seed_renders(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, _chromium_stand_in(tmp_path))
    report = tmp_path / "r.xlsx"
    plain = build_settings(report, [Seed("page", "https://www.zhihu.com/p/1")], [],
                           CrawlOptions())
    assert "scrapy_playwright" not in json.dumps(plain.getdict("DOWNLOAD_HANDLERS"))
    rendering = build_settings(report, [Seed("page", "https://www.zhihu.com/p/1", render=True)],
                               [], CrawlOptions())
    handlers = rendering.getdict("DOWNLOAD_HANDLERS")
    assert handlers["http"] == handlers["https"] == (
        "crawler.render.handler.GuardedPlaywrightHandler")
    assert rendering.get("TWISTED_REACTOR") == (
        "twisted.internet.asyncioreactor.AsyncioSelectorReactor")


def test_render_settings_use_the_chosen_chromium_and_give_it_no_network(
        tmp_path: Path) -> None:
    chromium = _chromium_stand_in(tmp_path)
    settings = render_settings({CHROMIUM_ENV: chromium, "HTTPS_PROXY": "http://proxy.test:3128",
                                "NO_PROXY": "127.0.0.1,.intranet"})
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == chromium  # an explicit choice is taken as it is
    assert launch["headless"] is True
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in launch["args"]
    assert "proxy" not in launch  # Chromium's own background calls must not reach it
    context = settings["LINKAUDIT_RENDER_CONTEXT"]
    # Nor the page's requests: what the guard allows is fetched by Scrapy, which uses
    # the proxy itself; Chromium reaches no host on its own.
    assert "proxy" not in context
    assert context["service_workers"] == "block"
    assert settings["PLAYWRIGHT_BROWSER_TYPE"] == "chromium"


def test_chromium_is_looked_up_on_path_and_a_bad_choice_is_named(tmp_path: Path) -> None:
    assert find_chromium({"PATH": str(tmp_path)}) is None
    problem = browser_problem({"PATH": str(tmp_path)})
    assert problem and "scripts/install-browser.sh" in problem
    binary = tmp_path / "chromium"
    binary.write_bytes(b"\x7fELF not really")
    binary.chmod(0o755)
    assert find_chromium({"PATH": str(tmp_path)}) == str(binary)
    assert browser_problem({"PATH": str(tmp_path)}) is None
    problem = browser_problem({CHROMIUM_ENV: str(tmp_path / "nope"), "PATH": str(tmp_path)})
    assert problem and str(tmp_path / "nope") in problem


# -- what a page's scripts may reach -------------------------------------------------

# {other} is another server on 127.0.0.1: a different site as far as scope goes.
REACHING = """<!doctype html><html><head><meta charset="utf-8"><title>Reach</title>
<link rel="stylesheet" href="{other}/style.css"></head>
<body><p>Hello</p><ul id="deals"></ul>
<script src="/app.js"></script>
<script>
var other = '{other}';
var quiet = function () {};
fetch(other + '/steal', {mode: 'no-cors'}).catch(quiet);                  // (a)
fetch('/admin/delete-all', {method: 'POST', body: 'all=1'}).catch(quiet); // (b)
var xhr = new XMLHttpRequest(); xhr.open('DELETE', '/admin/delete-all'); xhr.send();
navigator.sendBeacon('/admin/delete-all', 'x');
fetch('http://169.254.169.254/latest/meta-data/').catch(quiet);           // (c)
fetch('http://10.0.0.1/').catch(quiet);
fetch('http://[::1]:' + location.port + '/').catch(quiet);
fetch(other + '/secret').then(function (r) { return r.text(); })         // (d)
  .then(function (t) { return fetch('/collect?d=' + encodeURIComponent(t)); })
  .catch(function () { return fetch('/collect?failed=1'); });
try { new WebSocket(other.replace('http', 'ws') + '/socket'); } catch (e) {}
var form = document.createElement('form');
form.method = 'post'; form.action = '/admin/delete-all';
document.body.appendChild(form); form.submit();
window.open(other + '/popup');
</script></body></html>"""


# Loaded from the page's own site: the guard fetches it through the crawl's downloader.
APP_JS = """var pid = ['mm', '11223344', '5566778', '99001122'].join('_');
document.getElementById('deals').innerHTML =
  '<li><a href="https://uland.taobao.com/coupon/edetail?e=x&pid=' + pid + '">deal</a></li>';
"""


@contextmanager
def recording_server(routes: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records every request, whatever its method."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            body = routes.get(self.path, "secret-answer-7c1d").encode()
            self.send_response(200)
            kind = "text/javascript" if self.path.endswith(".js") else "text/html"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD = _answer  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_handler(Handler) as url:
        yield url, seen


def test_a_rendered_page_reaches_only_its_own_site_with_get(browser: str,
                                                            tmp_path: Path) -> None:
    with recording_server({}) as (other, other_seen), \
            recording_server({"/reach.html": REACHING.replace("{other}", other),
                              "/app.js": APP_JS}) as (own, seen):
        report = tmp_path / "report.xlsx"
        result = run_linkaudit("crawl", "--render", f"{own}/reach.html", "--depth", "0",
                               "-o", str(report), cwd=tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        # (a), (d), the socket and the popup: another port is another site.
        assert other_seen == []
        # (b): only GETs reached the page's own server, and nothing it did not serve itself.
        assert all(line.startswith("GET ") for line in seen), seen
        assert "secret-answer" not in json.dumps(seen)
        # The script ran: the cross-site read failed, and its same-site GET was allowed.
        assert "GET /collect?failed=1" in seen
        assert seen.count("GET /app.js") == 1
    # The page's own script, fetched by the guard, inserted the link the audit found.
    assert [f["pid"] for f in read_jsonl(report.with_suffix(".jsonl"))] == [
        "mm_11223344_5566778_99001122"]
    record = read_jsonl(report.with_name("report.pages.jsonl"))[0]
    assert record["rendered"] is True
    note = record["note"]
    assert note.startswith("rendered with Chromium; blocked 0 request(s) to affiliate URLs, ")
    other_count = int(note.split(" and ")[1].split()[0])
    # (a) (b) ×3 (c) ×3 (d), the stylesheet and the socket at least; the form post and
    # the popup are navigations or stopped in the page.
    assert other_count >= 10, note
    assert "other request(s) (another site, a private address, or not GET)" in note
    pages_sheet = {row["URL"]: row["Note"] for row in sheet_rows(report, "Pages")}
    assert pages_sheet[f"{own}/reach.html"] == note


# -- the guard's own fetches, hop by hop (no browser: the network parts are stood in for) --

class _Headers(dict):
    """Scrapy's Headers as far as the guard reads them: lists of bytes, ``get`` the first."""

    def get(self, key: bytes, default: object = None) -> object:
        values = super().get(key)
        return values[0] if values else default


class _Fetched:
    """What the crawl's downloader answers: status, headers, body and the address used."""

    def __init__(self, ip: str, status: int = 200, location: str | None = None) -> None:
        self.ip_address = ip
        self.status = status
        self.meta: dict[str, str] = {}
        self.headers = _Headers({b"Content-Type": [b"text/javascript"]})
        if location:
            self.headers[b"Location"] = [location.encode()]
        self.body = b"ok"


@pytest.mark.parametrize(("resolved", "answers", "fetched", "blocked"), [
    # The address vetted is the address connected to: the answer is passed on.
    ({"blog.example.com": "93.184.215.14"}, {"/a.js": ("93.184.215.14", 200, None)},
     ["/a.js"], []),
    # The name now resolves to a private address (DNS rebinding): nothing is fetched.
    ({"blog.example.com": "10.0.0.5"}, {}, [], ["other"]),
    # The download connected somewhere else than the address vetted: not passed on.
    ({"blog.example.com": "93.184.215.14"}, {"/a.js": ("10.0.0.5", 200, None)},
     ["/a.js"], ["other"]),
    # A redirect to another site, or to an affiliate URL, is not followed.
    ({"blog.example.com": "93.184.215.14"},
     {"/a.js": ("93.184.215.14", 302, "http://127.0.0.1:9000/admin")}, ["/a.js"], ["other"]),
    ({"blog.example.com": "93.184.215.14"},
     {"/a.js": ("93.184.215.14", 302, "https://s.click.taobao.com/t?e=x")}, ["/a.js"],
     ["affiliate"]),
    # A redirect within the site is followed, and its hop vetted too.
    ({"blog.example.com": "93.184.215.14", "cdn.example.com": "93.184.215.20"},
     {"/a.js": ("93.184.215.14", 301, "https://cdn.example.com/b.js"),
      "/b.js": ("93.184.215.20", 200, None)}, ["/a.js", "/b.js"], []),
])
def test_each_hop_the_guard_fetches_is_vetted_at_the_address_it_connects_to(
        monkeypatch: pytest.MonkeyPatch, resolved: dict[str, str],
        answers: dict[str, tuple[str, int, str | None]], fetched: list[str],
        blocked: list[str]) -> None:
    import asyncio
    from urllib.parse import urlsplit

    from crawler.render import pages as render
    from crawler.render.guard import BrowserAsk

    downloads: list[str] = []

    async def resolve(host: str) -> str:
        return resolved[host]

    async def download(url: str) -> _Fetched:
        path = urlsplit(url).path
        downloads.append(path)
        return _Fetched(*answers[path])

    async def here(make: object) -> object:
        return await make()  # type: ignore[operator]

    monkeypatch.setattr(render, "_resolve", resolve)
    monkeypatch.setattr(render, "_download", download)
    monkeypatch.setattr(render, "_in_reactor", here)
    plan = {"url": "https://blog.example.com/p/1", "scope": "example.com", "allow": [],
            "address": "93.184.215.14", "rules": []}
    guard = render._Guard(None, plan, [])  # type: ignore[arg-type]
    answer = asyncio.run(guard._fetch(BrowserAsk("https://blog.example.com/a.js",
                                                 kind="script")))
    assert downloads == fetched
    assert [why for why, _ in guard.blocked] == blocked
    assert (answer is not None) == (not blocked)
    if answer is not None:
        assert answer["body"] == b"ok"
        assert answer["headers"] == {"Content-Type": "text/javascript"}
