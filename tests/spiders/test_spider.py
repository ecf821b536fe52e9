"""The audit spider's callbacks, fed made-up responses: no server, no reactor running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.detect import Finding
from crawler.inputs.seeds import Seed
from crawler.model import PageRecord
from crawler.site.scope import scope_key
from spiders.audit import AuditSpider

HOME = "https://blog.example.com/"
AFFILIATE = "https://ai.taobao.com/?pid=mm_12345678_222_333"


def make_spider(tmp_path: Path, **settings: Any) -> AuditSpider:
    crawler = get_crawler(AuditSpider, {"LINKAUDIT_REPORT": str(tmp_path / "report.xlsx"),
                                        "LINKAUDIT_SEEDS": [{"mode": "site", "url": HOME}],
                                        **settings})
    return AuditSpider.from_crawler(crawler)


def response(url: str, body: str = "", *, status: int = 200, depth: int = 1,
             headers: dict[str, str] | None = None) -> HtmlResponse:
    meta = {"seed": Seed("site", HOME), "scope": scope_key(HOME), "redirects": [],
            "handle_httpstatus_all": True, "audit_depth": depth}
    return HtmlResponse(url=url, body=body.encode(), encoding="utf-8", status=status,
                        headers={"Content-Type": "text/html; charset=utf-8", **(headers or {})},
                        request=Request(url, meta=meta))


def run(spider: AuditSpider, page: Response) -> list[Any]:
    return list(spider.parse_page(page))


def page(body: str, title: str = "Post") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def test_a_page_row_comes_first_then_its_findings(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    out = run(spider, response(f"{HOME}post", page(f'<a href="{AFFILIATE}">buy</a>')))
    assert isinstance(out[0], PageRecord)
    assert out[0].url == f"{HOME}post"
    assert out[0].findings == 1
    assert out[0].audited
    assert isinstance(out[1], Finding)
    assert out[1].page_url == f"{HOME}post"
    assert not any(isinstance(o, Request) and "taobao" in o.url for o in out)  # never clicked


def test_links_in_scope_become_requests_and_others_do_not(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    body = page('<a href="/a">a</a> <a href="https://cdn.blog.example.com/b">b</a> '
                '<a href="https://elsewhere.example.org/c">c</a> <a href="/a#top">again</a>')
    out = run(spider, response(f"{HOME}post", body))
    requests = [o for o in out if isinstance(o, Request)]
    assert [r.url for r in requests] == [f"{HOME}a", "https://cdn.blog.example.com/b"]
    assert all(r.meta["audit_depth"] == 2 and r.callback == spider.parse_page for r in requests)
    assert isinstance(out[0], PageRecord)


def test_a_redirect_in_scope_is_followed_and_recorded(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    out = run(spider, response(f"{HOME}old", status=301, headers={"Location": "/new"}))
    request = next(o for o in out if isinstance(o, Request))
    assert request.url == f"{HOME}new"
    assert request.meta["redirects"] == [f"{HOME}old"]
    record = next(o for o in out if isinstance(o, PageRecord))
    assert record.status == 301
    assert record.note == f"redirects to {HOME}new"


def test_a_redirect_out_of_scope_is_recorded_not_followed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    out = run(spider, response(f"{HOME}go", status=302, headers={"Location": AFFILIATE}))
    assert not any(isinstance(o, Request) for o in out)
    assert isinstance(out[0], PageRecord)
    assert out[0].findings == 1
    assert isinstance(out[1], Finding)


def test_a_missing_page_of_the_site_is_a_broken_link(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    out = run(spider, response(f"{HOME}gone", page("Not found"), status=404))
    assert len(out) == 1
    assert out[0].note == "HTTP 404: no such page (a broken link)"
    assert not out[0].to_dict()["audited"]


def test_a_login_wall_is_not_audited_nor_followed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    body = page("<div class='login-box'>登录后查看全文</div><button>登录</button>"
                '<a href="/more">more</a>')
    out = run(spider, response(f"{HOME}members", body))
    record = out[0]
    assert isinstance(record, PageRecord)
    assert not record.to_dict()["audited"]
    assert "login wall" in (record.error or "")


@pytest.mark.parametrize("max_pages", [1, 2])
def test_the_page_cap_stops_following(tmp_path: Path, max_pages: int) -> None:
    spider = make_spider(tmp_path, LINKAUDIT_MAX_PAGES=max_pages)
    spider.frontier.schedule(HOME)  # the seed, as start() schedules it
    out = run(spider, response(HOME, page('<a href="/1">1</a><a href="/2">2</a>'), depth=0))
    requests = [o.url for o in out if isinstance(o, Request) and o.callback == spider.parse_page]
    assert requests == [f"{HOME}1"][:max_pages - 1]
    assert spider.not_followed["page cap"] == 3 - max_pages


def test_the_pipeline_reads_what_it_needs_from_the_spider(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    assert spider.seeds == [Seed("site", HOME, "settings")]
    assert spider.bad_seeds == []
    assert spider.redo == {}
    assert spider.not_followed == {"page cap": 0, "depth limit": 0}
