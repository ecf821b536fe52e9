"""End to end: a link read two ways is recorded, never requested from either host."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import linkaudit
from tests.servers import Route, serve_handler, serve_routes


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_a_link_read_two_ways_requests_neither_host(tmp_path: Path) -> None:
    with serve_routes({}) as other:  # PORT2: another site, which must see no request
        port2 = urlsplit(other.url).port
        tricks = {  # each, to urlsplit, a page of PORT1; to a browser and Scrapy, of PORT2
            "backslash": "http://127.0.0.1:{port2}\\@127.0.0.1:{port1}/x",
            "tab": "http://127.0.0.1:{port2}&#9;\\@127.0.0.1:{port1}/t",
            "encoded": "http://127.0.0.1:{port2}%5C@127.0.0.1:{port1}/e",
        }
        routes = {
            "/": Route(body=" ".join(f'<a href="{{trick_{name}}}">{name}</a>' for name in tricks)
                       + ' <a href="{base}/go">go</a>'
                       # the same site, spelt as browsers also accept it: followed
                       + ' <a href="http://2130706433:{port1}/decimal">d</a>'
                       + ' <a href="http://%31%32%37.0.0.1:{port1}/encoded-host">e</a>'),
            "/go": Route(302, "", {"Location": "http://127.0.0.1:{port2}\\@127.0.0.1:{port1}/r"}),
            "/robots.txt": Route(body="Sitemap: {base}/sitemap.xml",
                                 headers={"Content-Type": "text/plain"}),
            "/sitemap.xml": Route(body='<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       "<url><loc>http://127.0.0.1:{port2}\\@127.0.0.1:{port1}/m"
                                       "</loc></url></urlset>",
                                  headers={"Content-Type": "application/xml"}),
            "/decimal": Route(body="<p>same site</p>"),
            "/encoded-host": Route(body="<p>same site</p>"),
        }
        with serve_routes(routes) as site:
            port1 = urlsplit(site.url).port
            fill = {"port1": port1, "port2": port2}
            for route in routes.values():
                assert isinstance(route.body, str)
                for name, trick in tricks.items():
                    route.body = route.body.replace(f"{{trick_{name}}}", trick.format(**fill))
                route.body = route.body.replace("{port1}", str(port1)).replace("{port2}", str(port2))
                route.headers = {k: v.format(**fill) for k, v in route.headers.items()}
            report = tmp_path / "r.xlsx"
            result = linkaudit("crawl", site.url + "/", "-o", str(report), cwd=tmp_path)
            requested = list(site.requested)
        other_requests = list(other.requested)
    assert "Traceback" not in result.stderr, result.stderr
    assert other_requests == []
    assert "/decimal" in requested and "/encoded-host" in requested
    assert not any("@" in path for path in requested), requested
    pages = read_jsonl(tmp_path / "r.pages.jsonl")
    refused = {p["url"].rsplit("/", 1)[-1]: p for p in pages
               if p["status"] is None and "not requested" in (p["note"] or "")}
    assert set(refused) == {"x", "t", "e", "m"}
    assert not any(p["audited"] for p in refused.values())
    assert f"linked from {site.url}/" in refused["x"]["note"]
    assert "user name or password" in refused["e"]["note"]
    go = next(p for p in pages if p["url"].endswith("/go"))
    assert "not requested" in go["note"] and "127.0.0.1:" + str(port2) in go["note"]
    run = json.loads((tmp_path / "r.run.json").read_text(encoding="utf-8"))
    assert run["not_followed"]["ambiguous URL"] == 4
    assert "4 in-scope link(s) not followed (ambiguous URL)" in result.stderr
    assert result.returncode == 3  # no finding, but where those links lead is not proven clean


@contextmanager
def recording_proxy(site: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """An HTTP proxy on 127.0.0.1 that serves ``site`` (path -> HTML) for its own address
    and records the absolute URL of every request it is asked to forward."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            asked.append(self.path)
            parts = urlsplit(self.path)
            own = parts.netloc == f"127.0.0.1:{self.server.server_address[1]}"
            body = site.get(parts.path) if own else None
            data = (body or "not here").encode()
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_handler(Handler) as url:
        yield url, asked


def test_through_a_proxy_no_other_host_is_asked_for(tmp_path: Path) -> None:
    # Affiliate and metadata hosts spelt so that urlsplit reads the seed's host: the
    # proxy must never be asked for them (nor anything but the seed's own site).
    site = {"/": ""}
    with recording_proxy(site) as (base, asked):
        origin = base.removeprefix("http://")
        links = [
            f"https://s.click.taobao.com\\@{origin}/a",
            f"http://uland.taobao.com\\@{origin}/b",
            f"http://169.254.169.254\\@{origin}/latest/meta-data/",
            "http:\\\\s.click.taobao.com/t?e=1",
            "http://S.CLICK.TAOBAO.COM./c",
            f"http://s.click.taobao.com&#9;\\@{origin}/d",
            f"{base}/ok",
        ]
        site["/"] = " ".join(f'<a href="{link}">x</a>' for link in links)
        site["/ok"] = "<p>fine</p>"
        report = tmp_path / "r.xlsx"
        result = linkaudit("crawl", base + "/", "-o", str(report), cwd=tmp_path, proxy=base)
        seen = list(asked)
    assert "Traceback" not in result.stderr, result.stderr
    assert seen, "the crawl did not go through the proxy"
    assert {urlsplit(url).netloc for url in seen} == {origin}, seen
    assert f"{base}/ok" in seen
    pages = read_jsonl(tmp_path / "r.pages.jsonl")
    assert sum(p["status"] is None and "not requested" in (p["note"] or "") for p in pages) == 4
