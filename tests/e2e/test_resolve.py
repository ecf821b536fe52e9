"""``--resolve``: short links followed hop by hop through a local stand-in for their hosts.

The stand-in is one HTTP server on 127.0.0.1 that answers for every host by the
``Host`` header (``--resolve-via`` sends resolution requests there); the real
short-link hosts are never contacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crawler.cli import ExitCode
from crawler.inputs.seeds import Seed
from crawler.resolve import RESOLVE_SLOT, next_hop, slot_settings
from crawler.runner import CrawlOptions, build_settings
from reports import read_jsonl
from tests.conftest import linkaudit
from tests.servers import serve_handler

SHORT = "https://s.click.taobao.com/AbC1234"
CLICK = "/t?e=m%3D2%26s%3Dabc"
# The click page sends the browser on with a script; the URL it goes to is in tu=.
T_JS = "/t_js?tu=https%3A%2F%2Fs.click.taobao.com%2Ft%3Fe%3Dm%253D2%2526s%253Dabc%26ref%3D%26et%3D7"
LANDING_PATH = "/t?e=m%3D2%26s%3Dabc&ref=&et=7"
TAOBAO_LANDING = ("https://item.taobao.com/item.htm?id=623456789012"
                  "&ali_trackid=2:mm_11112222_333_444:1700000000_123_456")
JD_LANDING = ("https://item.jd.com/100012043978.html?utm_source=kong&utm_medium=jingfen"
              "&utm_campaign=t_1000123456_&utm_term=abc")
AMAZON_LANDING = "https://www.amazon.com/dp/B000123456?tag=creator-20&linkCode=ll1"


@dataclass
class Answer:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    referer: str | None = None
    """Answer only a request with this Referer (as s.click.taobao.com does); else a dead end."""


@dataclass
class Hit:
    host: str
    path: str
    cookie: str | None
    referer: str | None


@contextmanager
def stand_in(answers: dict[tuple[str, str], Answer]) -> Iterator[tuple[str, list[Hit]]]:
    """Serve ``(host, path) -> Answer`` by the Host header; the site's own pages use host ``site``."""
    hits: list[Hit] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            host = self.headers.get("Host", "")
            key = "site" if host.startswith("127.0.0.1") else host
            hits.append(Hit(key, self.path, self.headers.get("Cookie"),
                            self.headers.get("Referer")))
            answer = answers.get((key, self.path), Answer(404, "not here"))
            if answer.referer is not None and self.headers.get("Referer") != answer.referer:
                answer = Answer(200, "<p>请稍候…</p>")
            body = answer.body.encode("utf-8")
            self.send_response(answer.status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_handler(Handler) as url:
        yield url, hits


def page(*links: str) -> Answer:
    anchors = "\n".join(f'<p><a href="{link}">买</a></p>' for link in links)
    return Answer(body=f"<!DOCTYPE html><html><body><article>{anchors}</article></body></html>")


def redirect(to: str, status: int = 302, **headers: str) -> Answer:
    return Answer(status, "", {"Location": to, **headers})


LOOP = [f"/t?e=loop{i}" for i in range(10)]

ANSWERS = {
    ("site", "/post.html"): page(
        SHORT, SHORT,  # twice on the page: requested once
        "https://u.jd.com/AbC123x",
        "https://amzn.to/3AbCdEf",
        "https://m.tb.cn/h.DeAd123",
        "https://s.click.taobao.com/LoOp001",
        # The id shows: nothing to resolve, and never requested.
        "https://s.click.taobao.com/t?e=m%3D2&pid=mm_26632258_3492006_10876543",
    ),
    ("site", "/post2.html"): page(SHORT),  # and once across pages
    # s.click.taobao.com: 302, 302, a script page whose target waits in tu=, then the
    # landing, served only with the script page as Referer.
    ("s.click.taobao.com", "/AbC1234"): redirect(f"https://s.click.taobao.com{CLICK}",
                                                 **{"Set-Cookie": "cna=tracking; Path=/"}),
    ("s.click.taobao.com", CLICK): redirect(f"https://s.click.taobao.com{T_JS}"),
    ("s.click.taobao.com", LANDING_PATH): Answer(
        302, "", {"Location": TAOBAO_LANDING}, referer=f"https://s.click.taobao.com{T_JS}"),
    # u.jd.com: a page that names the next hop in a script (hop first, hrl lands).
    ("u.jd.com", "/AbC123x"): Answer(body=(
        "<html><head><script>var hop='https://union-click.jd.com/jdc?d=AbC123';"
        "var hrl='https://union-click.jd.com/jda?e=99_2&p=AbCdEf&t=W1';"
        "window.location.replace(hrl);</script></head></html>")),
    ("union-click.jd.com", "/jda?e=99_2&p=AbCdEf&t=W1"): redirect(JD_LANDING),
    ("amzn.to", "/3AbCdEf"): redirect(AMAZON_LANDING, 301),
    ("m.tb.cn", "/h.DeAd123"): Answer(404, "<p>该链接已失效</p>"),
    # A chain that never lands.
    ("s.click.taobao.com", "/LoOp001"): redirect(f"https://s.click.taobao.com{LOOP[0]}"),
    **{("s.click.taobao.com", hop): redirect(f"https://s.click.taobao.com{LOOP[i + 1]}")
       for i, hop in enumerate(LOOP[:-1])},
}
SHORT_HOSTS = {"s.click.taobao.com", "u.jd.com", "union-click.jd.com", "amzn.to", "m.tb.cn"}


def findings_sheet(xlsx: Path) -> list[dict[str, Any]]:
    wb = load_workbook(xlsx, read_only=True)
    try:
        rows = wb["Findings"].iter_rows(values_only=True)
        header = next(rows)
        return [dict(zip(header, row, strict=False)) for row in rows]
    finally:
        wb.close()


def summary_notes(xlsx: Path) -> list[str]:
    wb = load_workbook(xlsx, read_only=True)
    try:
        return [str(r[1]) for r in wb["Summary"].iter_rows(values_only=True) if r and r[0] == "Note"]
    finally:
        wb.close()


def by_link(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["Link"]: row for row in rows}


def test_short_links_resolve_once_each_through_the_stand_in(tmp_path: Path) -> None:
    with stand_in(ANSWERS) as (url, hits):
        report = tmp_path / "resolved.xlsx"
        result = linkaudit("crawl", f"{url}/post.html", f"{url}/post2.html", "--resolve",
                           "--resolve-via", url, "--mine", "11112222", "-o", str(report),
                           cwd=tmp_path)
    assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
    requested = [(h.host, h.path) for h in hits if h.host != "site"]
    # Exactly one request per hop of each unique short link, and none to a landing page.
    assert sorted(requested) == sorted([
        ("s.click.taobao.com", "/AbC1234"),
        ("s.click.taobao.com", CLICK),
        ("s.click.taobao.com", LANDING_PATH),
        ("u.jd.com", "/AbC123x"),
        ("union-click.jd.com", "/jda?e=99_2&p=AbCdEf&t=W1"),
        ("amzn.to", "/3AbCdEf"),
        ("m.tb.cn", "/h.DeAd123"),
        ("s.click.taobao.com", "/LoOp001"),
        *(("s.click.taobao.com", hop) for hop in LOOP[:4]),  # five hops, then it gives up
    ])
    assert all(h.cookie is None for h in hits), "a cookie was sent back"
    tu_hop = next(h for h in hits if h.path == LANDING_PATH)
    assert tu_hop.referer == f"https://s.click.taobao.com{T_JS}"

    rows = findings_sheet(report)
    short = [r for r in rows if r["Link"] == SHORT]
    assert len(short) == 3  # every occurrence carries what its link led to
    for row in short:
        assert (row["PID"], row["Member id"], row["Site id"], row["Ad slot (adzone) id"]) == (
            "mm_11112222_333_444", "11112222", "333", "444")
        assert (row["Resolved?"], row["Resolved URL"]) == ("yes", TAOBAO_LANDING)
        assert row["Yours?"] == "yes"  # --mine names the member id the link led to
    links = by_link(rows)
    assert links["https://u.jd.com/AbC123x"]["Member id"] == "1000123456"
    assert links["https://u.jd.com/AbC123x"]["Resolved URL"] == JD_LANDING
    assert links["https://amzn.to/3AbCdEf"]["PID"] == "creator-20"
    assert links["https://amzn.to/3AbCdEf"]["Yours?"] == "no"
    assert links["https://m.tb.cn/h.DeAd123"]["Resolved?"].startswith("no: HTTP 404")
    assert links["https://m.tb.cn/h.DeAd123"]["PID"] is None
    assert links["https://s.click.taobao.com/LoOp001"]["Resolved?"] == "no: more than 5 hops"
    visible = links["https://s.click.taobao.com/t?e=m%3D2&pid=mm_26632258_3492006_10876543"]
    assert visible["Resolved?"] is None  # its id showed: not resolved, not requested
    assert any("may count as a click" in note for note in summary_notes(report))
    # The record keeps the findings as published; what resolution learned is beside it.
    record = read_jsonl(tmp_path / "resolved.jsonl")
    assert {r["pid"] for r in record if r["link"] == SHORT} == {None}
    resolved = read_jsonl(tmp_path / "resolved.resolved.jsonl")
    assert sorted(r["link"] for r in resolved) == sorted(
        {SHORT, "https://u.jd.com/AbC123x", "https://amzn.to/3AbCdEf",
         "https://m.tb.cn/h.DeAd123", "https://s.click.taobao.com/LoOp001"})
    assert "mm_11112222_333_444" in result.stdout  # the summary names the revealed PID


def test_off_by_default_and_verify_resolves(tmp_path: Path) -> None:
    with stand_in(ANSWERS) as (url, hits):
        report = tmp_path / "plain.xlsx"
        result = linkaudit("crawl", f"{url}/post.html", "--resolve-via", url,
                           "-o", str(report), cwd=tmp_path)
        assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
        assert {h.host for h in hits} == {"site"}  # no short link was requested
        rows = findings_sheet(report)
        assert "Resolved?" not in rows[0]
        assert by_link(rows)[SHORT]["PID"] is None
        assert not (tmp_path / "plain.resolved.jsonl").exists()

        hits.clear()
        again = tmp_path / "again.xlsx"
        result = linkaudit("verify", str(report), "--resolve", "--resolve-via", url,
                           "-o", str(again), cwd=tmp_path)
    assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
    assert [h.path for h in hits if h.host == "amzn.to"] == ["/3AbCdEf"]
    rows = findings_sheet(again)
    short = by_link(rows)[SHORT]
    # The link is still there (matched as published), and now shows whose it is.
    assert (short["Status"], short["PID"], short["Resolved?"]) == (
        "remaining", "mm_11112222_333_444", "yes")
    assert {r["Status"] for r in rows} == {"remaining"}


@pytest.mark.parametrize(
    ("status", "location", "body", "expected"),
    [
        (302, "/t?e=1", None, "https://s.click.taobao.com/t?e=1"),
        (301, "https://www.amazon.com/dp/B0?tag=x-20", None, "https://www.amazon.com/dp/B0?tag=x-20"),
        (200, None, "<meta http-equiv='refresh' content='0;URL=https://a.example/x'>",
         "https://a.example/x"),
        (200, None, "<script>var url = 'https:\\/\\/item.taobao.com\\/i.htm?id=1';</script>",
         "https://item.taobao.com/i.htm?id=1"),
        (200, None, "<script>location.href = \"/next\";</script>", "https://s.click.taobao.com/next"),
        (200, None, "<script>window.location.replace('https://b.example/');</script>",
         "https://b.example/"),
        (200, None, "<p>请在手机淘宝打开</p>", None),
        (404, None, "<p>链接已失效</p>", None),
        (302, None, None, None),
    ],
)
def test_next_hop(status: int, location: str | None, body: str | None,
                  expected: str | None) -> None:
    assert next_hop("https://s.click.taobao.com/AbC1234", status, location, body) == expected


def test_resolution_has_its_own_slow_slot(tmp_path: Path) -> None:
    seeds = [Seed("site", "https://blog.example.com/")]
    options = CrawlOptions(resolve=True, delay=0.0, concurrency=8)
    slots = build_settings(tmp_path / "r.xlsx", seeds, [], options).getdict("DOWNLOAD_SLOTS")
    assert slots[RESOLVE_SLOT] == {"concurrency": 1, "delay": 1.0, "jitter": 0.0}
    assert slot_settings(None, 3.0)["delay"] == 3.0
    assert slot_settings("http://127.0.0.1:9", None)["delay"] == 0.0
    plain = build_settings(tmp_path / "r.xlsx", seeds, [], CrawlOptions())
    assert RESOLVE_SLOT not in plain.getdict("DOWNLOAD_SLOTS")
    assert not plain.getbool("LINKAUDIT_RESOLVE")


def test_resolve_via_must_be_loopback(tmp_path: Path) -> None:
    result = linkaudit("crawl", "http://127.0.0.1:9/p.html", "--resolve", "--resolve-via",
                       "http://proxy.example:8080", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert "--resolve-via must be an http:// URL on 127.0.0.1" in result.stderr
