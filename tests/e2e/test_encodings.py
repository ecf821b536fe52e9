"""Pages are read in the encoding a browser would use; text and Markdown are read as text."""

from __future__ import annotations

import codecs
import json
import os

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.site.decoding import body_kind, decode_body, guess_encoding
from tests.conftest import TESTS, linkaudit
from tests.servers import Route, serve_routes


def html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}<title>好物</title></head><body>{body}</body></html>"


# -- decoding, pure -------------------------------------------------------------------

DECLARED = [
    # (body, Content-Type, text expected in the result, codec, where the encoding came from)
    (html("<p>喆喆推荐</p>").encode("gbk"), "text/html; charset=GB2312", "喆喆推荐",
     "gb18030", "HTTP charset"),  # browsers read GB2312 as GBK: 喆 is a GBK addition
    (html("<p>优惠€</p>").encode("gb18030"), "text/html; charset=gbk", "优惠€", "gb18030",
     "HTTP charset"),
    (html("<p>呢個嘅優惠券</p>").encode("big5hkscs"), "text/html; charset=big5", "呢個嘅優惠券",
     "big5hkscs", "HTTP charset"),  # 嘅 is HKSCS, which browsers' Big5 includes
    (html("<p>𠮷野家</p>", '<meta charset="gb18030">').encode("gb18030"), "text/html",
     "𠮷野家", "gb18030", "<meta charset>"),
    (html("<p>领券</p>", '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
          ).encode("gbk"), None, "领券", "gb18030", "<meta charset>"),
    # The HTTP header beats the page's own declaration.
    (html("<p>领券</p>", '<meta charset="big5">').encode("utf-8"),
     "text/html; charset=utf-8", "领券", "utf-8", "HTTP charset"),
    # An unknown label in the header is ignored; the page's declaration is used.
    (html("<p>领券</p>", '<meta charset="gbk">').encode("gbk"), "text/html; charset=nonsense",
     "领券", "gb18030", "<meta charset>"),
    # A BOM beats a wrong header.
    (codecs.BOM_UTF8 + html("<p>立即购买</p>").encode("utf-8"), "text/html; charset=gbk",
     "立即购买", "utf-8", "byte order mark"),
    (codecs.BOM_UTF16_LE + html("<p>立即购买</p>").encode("utf-16-le"), "text/html", "立即购买",
     "utf-16-le", "byte order mark"),
]


@pytest.mark.parametrize(("body", "content_type", "text", "encoding", "source"), DECLARED)
def test_declared_encodings_are_followed_in_the_browsers_order(
        body: bytes, content_type: str | None, text: str, encoding: str, source: str) -> None:
    decoded = decode_body(body, content_type, "https://blog.example/p")
    assert (decoded.encoding, decoded.source, decoded.undecodable) == (encoding, source, 0)
    assert text in decoded.text
    assert not decoded.text.startswith("\ufeff")


def test_a_meta_declaring_utf16_means_utf8() -> None:
    # The declaration was read as ASCII, so the bytes cannot be UTF-16 (WHATWG prescan).
    body = html("<p>领券</p>", '<meta charset="utf-16">').encode("utf-8")
    decoded = decode_body(body, "text/html", "https://blog.example/p")
    assert (decoded.encoding, "领券" in decoded.text) == ("utf-8", True)


def test_a_utf16_header_without_bom_is_little_endian() -> None:
    # WHATWG's "utf-16" label is UTF-16LE; w3lib alone would read it big-endian.
    decoded = decode_body("<p>领券</p>".encode("utf-16-le"), "text/html; charset=utf-16", "")
    assert (decoded.encoding, decoded.text) == ("utf-16-le", "<p>领券</p>")


UNDECLARED = [
    ("<p><a href='/x'>淘宝优惠券</a></p>", "gbk", "gb18030"),
    ("<p>领券</p>", "gbk", "gb18030"),
    ("<p>今天给大家推荐一款非常好用的机械键盘，手感很好，价格也实惠。</p>", "gbk", "gb18030"),
    ("<p>購買</p>", "big5", "big5hkscs"),
    ("<p>推薦一個好物：點擊購買優惠券</p>", "big5", "big5hkscs"),
    ("<p>こんにちは、購入する</p>", "shift_jis", "cp932"),
    ("<p>领券 €</p>", "utf-8", "utf-8"),
]


@pytest.mark.parametrize(("body", "codec", "expected"), UNDECLARED)
def test_undeclared_pages_are_guessed_as_a_chinese_browser_guesses(
        body: str, codec: str, expected: str) -> None:
    data = html(body).encode(codec)
    decoded = decode_body(data, "text/html", "https://blog.example/p")
    assert (decoded.encoding, decoded.source) == (expected, "guessed")
    assert body in decoded.text


def test_a_wrong_header_is_followed_and_the_damage_counted() -> None:
    # A browser believes the header; the page says how much could not be read.
    decoded = decode_body(html("<p>淘宝优惠券</p>").encode("gbk"), "text/html; charset=utf-8", "")
    assert decoded.encoding == "utf-8"
    assert decoded.undecodable > 0
    honest = decode_body("<p>\ufffd</p>".encode(), "text/html; charset=utf-8", "")
    assert honest.undecodable == 0  # a replacement character the page really holds


def test_text_files_have_no_meta_prescan() -> None:
    body = '写着 <meta charset="big5"> 的笔记'.encode()
    assert decode_body(body, "text/plain", "https://x.example/a.txt").encoding == "utf-8"
    assert decode_body(body, "text/html", "https://x.example/a.html").encoding == "big5hkscs"


@pytest.mark.parametrize(("content_type", "url", "kind"), [
    ("text/plain; charset=utf-8", "https://x.example/notes", "text"),
    ("text/markdown", "https://x.example/post", "text"),
    ("text/x-markdown", "https://x.example/post", "text"),
    ("application/octet-stream", "https://raw.example/blog/source/_posts/a.md", "text"),
    (None, "https://raw.example/notes.txt", "text"),
    ("text/html; charset=utf-8", "https://x.example/README.md", "html"),
    ("application/xhtml+xml", "https://x.example/a", "html"),
    ("application/json", "https://x.example/api", "html"),
    ("application/octet-stream", "https://x.example/a", "html"),
])
def test_body_kind(content_type: str | None, url: str, kind: str) -> None:
    assert body_kind(content_type, url) == kind


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([None, "text/html", "text/html; charset=gbk",
                                                  "text/plain; charset=utf-16", "text/markdown"]))
def test_decoding_never_raises(body: bytes, content_type: str | None) -> None:
    decoded = decode_body(body, content_type, "https://x.example/a")
    assert isinstance(decoded.text, str)
    assert guess_encoding(body)


# -- end to end ------------------------------------------------------------------------

PIDS = {
    "/gbk": "mm_26632258_3504122_32538762",
    "/big5": "mm_31415926_5358979_32384626",
    "/gb18030-meta": "mm_27182818_2845904_52353602",
    "/http-equiv": "mm_16180339_8874989_48482045",
    "/bom": "mm_14142135_6237309_50488016",
    "/undeclared": "mm_17320508_0756887_72935274",
    "/undeclared-big5": "mm_22360679_7749979_93618347",
    "/gb2312-euro": "mm_30102999_5663981_19526545",
    "/gbk-meta-euro": "mm_11235813_2134558_91442333",
    "/x-gbk-equiv-euro": "mm_57721566_4901532_86060651",
}
ANCHORS = {
    "/gbk": "喆喆推荐：点击领取优惠券",
    "/big5": "呢個嘅優惠券，點擊領取",
    "/gb18030-meta": "𠮷野家优惠券",
    "/http-equiv": "领券购买",
    "/bom": "立即购买",
    "/undeclared": "淘宝优惠券",
    "/undeclared-big5": "購買",
    # Four-byte GB18030 sequences (𠮷, 㐀) and GBK's euro sign (0x80), which browsers
    # decode in any page declared GB2312, GBK or x-gbk.
    "/gb2312-euro": "𠮷野家€9.9优惠券",
    "/gbk-meta-euro": "€5 无门槛 㐀",
    "/x-gbk-equiv-euro": "㐀𠮷€领券",
}
#: Pages in Windows' GBK: GB18030 bytes with the euro sign as 0x80.
WINDOWS_GBK = {"/gb2312-euro": ("text/html; charset=GB2312", ""),
               "/gbk-meta-euro": ("text/html", '<meta charset="gbk">'),
               "/x-gbk-equiv-euro": ("text/html", '<meta http-equiv="Content-Type" '
                                                  'content="text/html; charset=x-gbk">')}


def windows_gbk(text: str) -> bytes:
    return b"\x80".join(part.encode("gb18030") for part in text.split("€"))


def _link(path: str) -> str:
    return (f'<a href="https://s.click.taobao.com/t?e=m%3D2&pid={PIDS[path]}">'
            f"{ANCHORS[path]}</a>")


def _routes() -> dict[str, Route]:
    def page(path: str, codec: str, content_type: str, head: str = "", prefix: bytes = b"") -> Route:
        body = prefix + html(f"<p>{_link(path)}</p>", head).encode(codec)
        return Route(body=body, headers={"Content-Type": content_type})

    return {
        "/gbk": page("/gbk", "gbk", "text/html; charset=GB2312"),
        "/big5": page("/big5", "big5hkscs", "text/html; charset=big5"),
        "/gb18030-meta": page("/gb18030-meta", "gb18030", "text/html",
                              '<meta charset="gb18030">'),
        "/http-equiv": page("/http-equiv", "gbk", "text/html",
                            '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'),
        "/bom": page("/bom", "utf-8", "text/html; charset=gbk", prefix=codecs.BOM_UTF8),
        "/undeclared": page("/undeclared", "gbk", "text/html"),
        "/undeclared-big5": page("/undeclared-big5", "big5", "text/html"),
        **{path: Route(body=windows_gbk(html(f"<p>{ANCHORS[path]}{_link(path)}{ANCHORS[path]}</p>",
                                             head)),
                       headers={"Content-Type": content_type})
           for path, (content_type, head) in WINDOWS_GBK.items()},
        "/notes.txt": Route(body=(
            "清理记录\n旧链接：https://uland.taobao.com/coupon/edetail?e=abc&pid="
            "mm_25000000_1000000_30000000 领券\n口令：复制这段￥AbCdEf12345￥打开手机淘宝\n"
            '<a href="https://s.click.taobao.com/t?e=m%3D2&pid=mm_25000000_1000000_30000001">看</a>\n'
        ), headers={"Content-Type": "text/plain; charset=utf-8"}),
        "/readme.md": Route(body=(
            "# 我的好物清单\n\n- [领取优惠券](https://s.click.taobao.com/t?e=m%3D2&pid="
            "mm_25000000_1000000_30000002)\n"
        ), headers={"Content-Type": "text/markdown"}),
        "/source/post.md": Route(body=(
            "---\ntitle: 好物\n---\n正文 https://s.click.taobao.com/t?e=m%3D2&pid="
            "mm_25000000_1000000_30000003\n"
        ).encode("gbk"), headers={"Content-Type": "application/octet-stream"}),
        "/image": Route(body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                        headers={"Content-Type": "image/png"}),
    }


#: On PYTHONPATH, makes w3lib resolve labels through Python's alias table (see its docstring).
FOREIGN_LABELS = TESTS / "foreign_labels"


# Crawled twice: with w3lib as installed, and with w3lib reading labels through
# Python's alias table. Pages must come out the same: linkaudit reads labels
# through its own WHATWG table, whatever table a dependency ships.
@pytest.fixture(scope="module", params=["installed w3lib", "w3lib with Python's aliases"])
def crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("encodings")
    report = tmp / "enc.xlsx"
    with serve_routes(_routes()) as server, pytest.MonkeyPatch.context() as patch:
        if request.param != "installed w3lib":
            patch.setenv("PYTHONPATH", os.pathsep.join(
                filter(None, [str(FOREIGN_LABELS), os.environ.get("PYTHONPATH")])))
        paths = [*PIDS, "/notes.txt", "/readme.md", "/source/post.md", "/image"]
        result = linkaudit("crawl", *(server.url + p for p in paths), "-o", str(report), cwd=tmp)
    rows = [json.loads(line) for line in report.with_suffix(".jsonl").read_text("utf-8").splitlines()]
    pages = [json.loads(line) for line in
             report.with_name("enc.pages.jsonl").read_text("utf-8").splitlines()]
    return {"result": result, "report": report, "rows": rows, "base": server.url,
            "pages": {p["url"][len(server.url):]: p for p in pages}}


def test_the_crawl_finds_every_link(crawl: dict) -> None:
    assert crawl["result"].returncode == 1, crawl["result"].stderr
    assert all(p["error"] is None for p in crawl["pages"].values()), crawl["pages"]


@pytest.mark.parametrize("path", list(PIDS))
def test_anchor_text_is_the_chinese_a_browser_shows(crawl: dict, path: str) -> None:
    found = [r for r in crawl["rows"] if r["pid"] == PIDS[path]]
    assert [(r["page_url"], r["location"], r["context"]) for r in found] == [
        (crawl["base"] + path, "a[href]", ANCHORS[path])]


@pytest.mark.parametrize("path", list(WINDOWS_GBK))
def test_gbk_pages_have_nothing_undecodable(crawl: dict, path: str) -> None:
    page = crawl["pages"][path]
    assert (page["audited"], page["error"]) == (True, None)
    assert "could not be decoded" not in (page["note"] or "")


def test_the_workbook_shows_the_same_text(crawl: dict) -> None:
    wb = openpyxl.load_workbook(crawl["report"], read_only=True)
    rows = wb["Findings"].iter_rows(values_only=True)
    header = next(rows)
    context = {row[header.index("PID")]: row[header.index("Context")] for row in rows}
    wb.close()
    assert {path: context.get(pid) for path, pid in PIDS.items()} == ANCHORS


def test_plain_text_and_markdown_are_scanned_as_text(crawl: dict) -> None:
    by_pid = {r["pid"]: r for r in crawl["rows"] if r["pid"]}
    coupon = by_pid["mm_25000000_1000000_30000000"]
    assert (coupon["kind"], coupon["location"], coupon["line"]) == ("coupon link", "text", 2)
    assert "旧链接：" in coupon["context"]
    # Markup in a text file is text: a browser shows it, it does not follow it.
    assert by_pid["mm_25000000_1000000_30000001"]["location"] == "text"
    tokens = [r for r in crawl["rows"] if r["kind"] == "token"]
    assert [(t["page_url"], t["line"]) for t in tokens] == [(crawl["base"] + "/notes.txt", 3)]
    markdown = by_pid["mm_25000000_1000000_30000002"]
    assert (markdown["location"], markdown["line"]) == ("text", 3)
    assert "[领取优惠券](" in markdown["context"]
    # A Markdown source served as a download, in GBK: still read, and read right.
    source = by_pid["mm_25000000_1000000_30000003"]
    assert (source["page_url"], source["location"]) == (crawl["base"] + "/source/post.md", "text")
    assert "正文" in source["context"]


def test_non_text_responses_are_skipped(crawl: dict) -> None:
    image = crawl["pages"]["/image"]
    assert (image["audited"], image["error"]) == (False, None)
    assert "not a text page (image/png)" in image["note"]


def test_a_clean_utf8_body_is_kept_for_detection() -> None:
    body = "<p>淘宝</p>".encode()
    assert decode_body(body, "text/html; charset=utf-8").utf8 is body
    # Not UTF-8, or not decoded cleanly: detection encodes the text itself.
    assert decode_body("<p>淘宝</p>".encode("gbk"), "text/html; charset=gbk").utf8 is None
    assert decode_body(b"<p>\xff</p>", "text/html; charset=utf-8").utf8 is None
