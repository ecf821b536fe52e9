"""Site mode end to end: discovery beyond links, scope flags, traps, redirects, Retry-After.

Every crawl is a real ``linkaudit crawl`` against scripted servers on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from scrapy.settings import Settings

from crawler.commands.options import crawl_options
from crawler.config import AuditConfig, ConfigError
from crawler.inputs.seeds import Seed
from crawler.runner import build_settings
from tests.conftest import linkaudit
from tests.servers import Route, RouteServer, serve_routes

PID = "mm_12345678_2233445_667788990"
AFFILIATE = f'<a href="https://ai.taobao.com/?pid={PID}">buy</a>'
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
XML = {"Content-Type": "application/xml"}


def urlset(*paths: str) -> str:
    return URLSET.format("".join(f"<url><loc>{{base}}{p}</loc></url>" for p in paths))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def crawl(server: RouteServer, tmp_path: Path, *args: str, seed: str = "/") -> dict[str, Any]:
    """Run ``linkaudit crawl`` on the server; the exit code, output and what was written."""
    report = tmp_path / "r.xlsx"
    result = linkaudit("crawl", server.url + seed, "-o", str(report), *args, cwd=tmp_path)
    base = server.url
    pages = read_jsonl(tmp_path / "r.pages.jsonl") if (tmp_path / "r.pages.jsonl").exists() else []
    return {
        "result": result,
        "findings": read_jsonl(report.with_suffix(".jsonl")) if report.with_suffix(".jsonl").exists() else [],
        "pages": {p["url"].replace(base, "").replace("http://localhost", "//localhost"): p
                  for p in pages},
        "run": json.loads((tmp_path / "r.run.json").read_text("utf-8"))
        if (tmp_path / "r.run.json").exists() else {},
        "report": report,
    }


def pages_sheet(report: Path) -> dict[str, dict[str, Any]]:
    sheet = openpyxl.load_workbook(report)["Pages"]
    rows = list(sheet.iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


# -- discovery beyond links --------------------------------------------------------------


def test_sitemap_only_orphan_page_is_audited(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/linked.html">linked</a>'),
        "/linked.html": Route(body="<p>clean</p>"),
        "/sitemap.xml": Route(body=urlset("/", "/linked.html", "/orphan.html"), headers=XML),
        "/orphan.html": Route(body=f"<p>an old post {AFFILIATE}</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert out["result"].returncode == 1, out["result"].stderr
    assert [(f["page_url"], f["pid"]) for f in out["findings"]] == [
        (server.url + "/orphan.html", PID)]
    orphan = out["pages"]["/orphan.html"]
    assert orphan["found_via"] == f"sitemap {server.url}/sitemap.xml"
    assert orphan["depth"] == 1
    assert requested.count("/orphan.html") == 1
    assert requested.count("/linked.html") == 1  # linked and listed: fetched once
    sitemap = out["pages"]["/sitemap.xml"]
    assert sitemap["note"] == "sitemap: lists 3 page(s)"
    note = pages_sheet(out["report"])[server.url + "/orphan.html"]["Note"]
    assert note == f"found via sitemap {server.url}/sitemap.xml"


def test_robots_sitemap_index_and_gzip_sitemaps(tmp_path: Path) -> None:
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             "<sitemap><loc>{base}/posts.xml.gz</loc></sitemap>"
             "<sitemap><loc>{base}/pages.xml</loc></sitemap>"
             "<sitemap><loc>https://elsewhere.invalid/s.xml</loc></sitemap></sitemapindex>")
    routes = {
        "/": Route(body="<p>home, links nothing</p>"),
        "/robots.txt": Route(body="User-agent: *\nDisallow:\nSitemap: {base}/index.xml\n",
                             headers={"Content-Type": "text/plain"}),
        "/index.xml": Route(body=index, headers=XML),
        "/posts.xml.gz": Route(body=b"", headers={"Content-Type": "application/x-gzip"}),
        # served compressed on the wire (Content-Encoding), named plainly
        "/pages.xml": Route(body=b"", headers={**XML, "Content-Encoding": "gzip"}),
        "/post-1.html": Route(body=f"<p>{AFFILIATE}</p>"),
        "/about.html": Route(body="<p>clean</p>"),
    }
    with serve_routes(routes) as server:
        base = server.url
        routes["/posts.xml.gz"].body = gzip.compress(urlset("/post-1.html").replace(
            "{base}", base).encode())
        routes["/pages.xml"].body = gzip.compress(urlset("/about.html").replace(
            "{base}", base).encode())
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert out["result"].returncode == 1, out["result"].stderr
    assert {f["page_url"] for f in out["findings"]} == {base + "/post-1.html"}
    pages = out["pages"]
    assert pages["/post-1.html"]["found_via"] == f"sitemap {base}/posts.xml.gz"
    assert pages["/about.html"]["found_via"] == f"sitemap {base}/pages.xml"
    assert pages["/about.html"]["audited"]
    assert pages["/index.xml"]["found_via"] == f"robots.txt {base}/robots.txt"
    assert pages["/posts.xml.gz"]["found_via"] == f"sitemap index {base}/index.xml"
    assert "/sitemap.xml" not in requested  # robots.txt named the sitemaps: no guessing
    assert not any("elsewhere" in url for url in pages)  # sitemaps off the site: not fetched


def test_sitemap_indexes_nest_only_so_deep(tmp_path: Path) -> None:
    def index(path: str) -> Route:
        return Route(body='<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          f"<sitemap><loc>{{base}}{path}</loc></sitemap></sitemapindex>",
                     headers=XML)

    routes = {
        "/": Route(body="<p>home</p>"),
        "/sitemap.xml": index("/level2.xml"),
        "/level2.xml": index("/level3.xml"),
        "/level3.xml": index("/level4.xml"),
        "/level4.xml": Route(body=urlset("/deep.html"), headers=XML),
        "/deep.html": Route(body="<p>clean</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert "/level3.xml" in requested
    assert "/level4.xml" not in requested
    assert out["run"]["not_followed"]["sitemap nesting cap"] == 1
    assert out["result"].returncode == 3  # pages may hide below: clean is not proven


def test_rss_and_atom_feed_items_are_audited(tmp_path: Path) -> None:
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>'
           "<item><title>a</title><link>{base}/from-rss.html</link>"
           "<description>&lt;p&gt;see &lt;a href=&quot;https://s.click.taobao.com/AbC1234&quot;"
           "&gt;here&lt;/a&gt;&lt;/p&gt;</description></item></channel></rss>")
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>b</title>'
            '<entry><link rel="alternate" href="/from-atom.html"/></entry></feed>')
    routes = {
        "/": Route(body='<html><head><link rel="alternate" type="application/rss+xml" '
                        'href="/feed/"></head><body><a href="/atom.xml">atom</a></body></html>'),
        "/feed/": Route(body=rss, headers={"Content-Type": "application/rss+xml"}),
        "/atom.xml": Route(body=atom, headers={"Content-Type": "application/atom+xml"}),
        "/from-rss.html": Route(body=f"<p>{AFFILIATE}</p>"),
        "/from-atom.html": Route(body="<p>clean</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
    assert out["result"].returncode == 1, out["result"].stderr
    found = {(f["page_url"].replace(server.url, ""), f["kind"]) for f in out["findings"]}
    # the feed itself shows the post's link to every feed reader
    assert found == {("/from-rss.html", "pid link"), ("/feed/", "short link")}
    assert out["pages"]["/from-rss.html"]["found_via"] == f"RSS feed {server.url}/feed/"
    assert out["pages"]["/from-atom.html"]["found_via"] == f"Atom feed {server.url}/atom.xml"
    assert out["pages"]["/feed/"]["note"] == "RSS feed: lists 1 page(s)"


# -- scope flags ----------------------------------------------------------------------


def test_allow_domain_adds_a_host_to_the_site(tmp_path: Path) -> None:
    # 127.0.0.1 and localhost are different sites (scope keys) although one server answers.
    routes = {
        "/": Route(body='<a href="http://localhost:{port}/cdn-post.html">post</a>'),
        "/cdn-post.html": Route(body=f"<p>{AFFILIATE}</p>"),
    }
    with serve_routes(routes) as server:
        port = server.url.rsplit(":", 1)[1]
        routes["/"].body = routes["/"].body.replace("{port}", port)
        (tmp_path / "without").mkdir()
        (tmp_path / "with").mkdir()
        without = crawl(server, tmp_path / "without")
        assert "/cdn-post.html" not in server.requested
        allowed = crawl(server, tmp_path / "with", "--allow-domain", "localhost")
    assert without["result"].returncode == 0, without["result"].stderr
    assert allowed["result"].returncode == 1, allowed["result"].stderr
    assert [f["page_url"] for f in allowed["findings"]] == [
        f"http://localhost:{port}/cdn-post.html"]


def test_include_and_exclude(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/blog/1.html">1</a> <a href="/shop/1.html">shop</a> '
                        '<a href="/blog/drafts/2.html">draft</a>'),
        "/blog/1.html": Route(body='<a href="/blog/3.html">3</a>'),
        "/blog/3.html": Route(body="<p>clean</p>"),
        "/shop/1.html": Route(body=f"<p>{AFFILIATE}</p>"),
        "/blog/drafts/2.html": Route(body=f"<p>{AFFILIATE}</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path, "--include", "/blog/", "--exclude", r"/drafts?/")
        requested = set(server.requested)
    assert out["result"].returncode == 0, out["result"].stdout + out["result"].stderr
    assert {"/", "/blog/1.html", "/blog/3.html"} <= requested  # the seed is always fetched
    assert not requested & {"/shop/1.html", "/blog/drafts/2.html"}
    assert out["run"]["not_followed"].get("page cap") == 0  # a choice, not a gap: exit 0


@pytest.mark.parametrize(("flag", "pattern"), [("--include", "(blog"), ("--exclude", "[a-")])
def test_invalid_regex_is_a_usage_error(tmp_path: Path, flag: str, pattern: str) -> None:
    result = linkaudit("crawl", "http://127.0.0.1:9/", flag, pattern, cwd=tmp_path)
    assert result.returncode == 2
    assert flag in result.stderr
    assert repr(pattern) in result.stderr
    assert not any((tmp_path / "output").glob("*"))  # nothing audited, nothing written


def test_invalid_allow_domain_is_a_usage_error(tmp_path: Path) -> None:
    result = linkaudit("crawl", "http://127.0.0.1:9/", "--allow-domain", "cdn.example/path",
                       cwd=tmp_path)
    assert result.returncode == 2
    assert "--allow-domain" in result.stderr
    assert "cdn.example/path" in result.stderr


def test_ignore_robots(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/private/draft.html">draft</a>'),
        "/robots.txt": Route(body="User-agent: *\nDisallow: /private/\n",
                             headers={"Content-Type": "text/plain"}),
        "/private/draft.html": Route(body=f"<p>{AFFILIATE}</p>"),
    }
    with serve_routes(routes) as server:
        (tmp_path / "obey").mkdir()
        (tmp_path / "ignore").mkdir()
        obeyed = crawl(server, tmp_path / "obey")
        assert "/private/draft.html" not in server.requested
        ignored = crawl(server, tmp_path / "ignore", "--ignore-robots")
    assert "robots.txt" in obeyed["pages"]["/private/draft.html"]["note"]
    assert not obeyed["findings"]
    assert ignored["result"].returncode == 1
    assert [f["pid"] for f in ignored["findings"]] == [PID]


def test_scope_options_reach_the_settings() -> None:
    options = crawl_options(allow_domains=("cdn.example.net",), include=("/blog/",),
                            exclude=("/tag/",), ignore_robots=True, max_query_variants=7)
    settings = build_settings(Path("out/r.xlsx"), [Seed("site", "https://blog.example.com/")],
                              [], options)
    assert not settings.getbool("ROBOTSTXT_OBEY")
    config = AuditConfig.from_settings(settings)
    scope = config.site_scope("example.com")
    assert scope.contains("https://img.cdn.example.net/post.html")
    assert scope.wants("https://blog.example.com/blog/1")
    assert not scope.wants("https://blog.example.com/blog/tag/x")
    assert config.max_query_variants == 7
    with pytest.raises(ConfigError, match=r"LINKAUDIT_INCLUDE \(--include\).*'\('"):
        AuditConfig.from_settings(Settings({"LINKAUDIT_INCLUDE": ["("]}))


# -- traps and duplicates ----------------------------------------------------------------


def test_calendar_trap_is_capped_and_reported(tmp_path: Path) -> None:
    routes = {"/": Route(body='<a href="/calendar/2025/01/">calendar</a>')}
    for year in range(2025, 2101):
        for month in range(1, 13):
            nxt = (year + 1, 1) if month == 12 else (year, month + 1)
            routes[f"/calendar/{year}/{month:02d}/"] = Route(
                body=f'<a href="/calendar/{nxt[0]}/{nxt[1]:02d}/">next month</a>')
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    result = out["result"]
    assert result.returncode == 3, result.stdout + result.stderr  # clean is not proven
    assert out["run"]["not_followed"]["calendar trap cap"] == 1
    assert "not followed (calendar trap cap)" in result.stderr
    assert not any(path.startswith("/calendar/2099/") for path in requested)
    assert "/calendar/2025/12/" in requested  # real months are audited


def test_query_variants_are_capped(tmp_path: Path) -> None:
    routes = {"/": Route(body='<a href="/list?page=1">list</a>')}
    for n in range(1, 40):
        routes[f"/list?page={n}"] = Route(body=f'<a href="/list?page={n + 1}">next</a>')
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path, "--max-query-variants", "5")
        requested = list(server.requested)
    assert out["result"].returncode == 3
    assert [p for p in requested if p.startswith("/list")] == [f"/list?page={n}" for n in range(1, 6)]
    assert out["run"]["not_followed"]["query variants cap"] == 1


def test_session_ids_and_tracking_parameters_collapse(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/a.html;jsessionid=0AB1">1</a> '
                        '<a href="/a.html;jsessionid=77CD">2</a> '
                        '<a href="/a.html?PHPSESSID=abc">3</a> '
                        '<a href="/a.html?utm_source=wx&amp;utm_medium=share">4</a> '
                        '<a href="/A.html#top">other page: paths keep their case</a>'),
        "/a.html": Route(body="<p>clean</p>"),
        "/A.html": Route(body="<p>clean</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert out["result"].returncode == 0, out["result"].stderr
    assert requested.count("/a.html") == 1
    assert requested.count("/A.html") == 1
    assert not any("sessionid" in p.lower() or "utm_" in p for p in requested)
    assert set(out["pages"]) == {"/", "/a.html", "/A.html"}


def test_robots_and_sitemap_guess_are_not_pages(tmp_path: Path) -> None:
    routes = {"/": Route(body="<p>clean</p>")}
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert out["result"].returncode == 0, out["result"].stderr
    assert {"/robots.txt", "/sitemap.xml"} <= set(requested)
    assert list(out["pages"]) == ["/"]  # a missing guessed sitemap is not a broken page


# -- redirects ------------------------------------------------------------------------


def test_three_hop_redirect_chain_on_the_pages_sheet(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/r1">old link</a>'),
        "/r1": Route(301, "", {"Location": "/r2"}),
        "/r2": Route(302, "", {"Location": "{base}/r3"}),
        "/r3": Route(307, "", {"Location": "/final.html"}),
        "/final.html": Route(body=f"<p>{AFFILIATE}</p>"),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
    base = server.url
    assert out["result"].returncode == 1
    final = out["pages"]["/final.html"]
    assert final["redirects"] == [f"{base}/r1", f"{base}/r2", f"{base}/r3"]
    assert final["depth"] == 1
    row = pages_sheet(out["report"])[f"{base}/final.html"]
    assert row["Redirect chain"] == f"{base}/r1 → {base}/r2 → {base}/r3"
    assert pages_sheet(out["report"])[f"{base}/r2"]["Note"] == f"redirects to {base}/r3"


# -- politeness -----------------------------------------------------------------------


def test_429_with_retry_after_is_retried_then_audited(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/busy.html">busy</a>'),
        "/busy.html": Route(body=f"<p>{AFFILIATE}</p>",
                            first=[Route(429, "slow down", {"Retry-After": "1"})]),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    assert out["result"].returncode == 1, out["result"].stderr
    assert requested.count("/busy.html") == 2
    page = out["pages"]["/busy.html"]
    assert (page["status"], page["error"], page["findings"]) == (200, None, 1)


def test_503_with_a_long_retry_after_is_not_audited(tmp_path: Path) -> None:
    routes = {
        "/": Route(body='<a href="/maintenance.html">m</a>'),
        "/maintenance.html": Route(503, "back tomorrow", {"Retry-After": "3600"}),
    }
    with serve_routes(routes) as server:
        out = crawl(server, tmp_path)
        requested = list(server.requested)
    result = out["result"]
    assert result.returncode == 3, result.stdout + result.stderr
    assert requested.count("/maintenance.html") == 1  # not retried: the wait is too long
    page = out["pages"]["/maintenance.html"]
    assert not page["audited"] or page["error"]
    assert "3600 s" in page["error"]
    assert "maintenance.html" in result.stderr
