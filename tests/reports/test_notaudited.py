"""Why a page could not be audited: the strings linkaudit writes, each mapped to its reason.

The strings are made by the code that writes them wherever it can be called
(the download's failures, the page audit, the walls, the retry middleware, the
file scan). The few built inside spider methods are written out here, and the
test checks that their producer still holds the words the table matches on.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from OpenSSL import SSL
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.test import get_crawler
from service_identity import VerificationError
from twisted.python.failure import Failure

from crawler.detect import Mine, load_rules
from crawler.i18n import catalogue
from crawler.inputs.seeds import BadSeed, Seed, parse_seed_line
from crawler.localfiles.scan import MAX_FILE_BYTES, scan_file
from crawler.middlewares.auth import _plain_http_refusal
from crawler.middlewares.retry import NOTE_KEY, RetryAfterMiddleware
from crawler.pageaudit import Fetched, Visit, audit_fetched, http_error
from crawler.render.jsrisk import NOT_RENDERED_NOTE
from crawler.site.walls import HINTS, NOT_RENDERED, RENDER_MESSAGE, Wall, find_wall, redirect_wall
from crawler.site.weburl import Refusal, parse_web_url
from reports.notaudited import (
    BAD_SEED,
    OTHER,
    REASONS,
    classify,
    classify_bad_seed,
    page_reason,
)
from spiders.failures import _FAILURES, describe_failure
from tests.conftest import ROOT

SEED = Seed("site", "https://b.example/", "cli", False)
RULES = load_rules()


def failure_of(error: BaseException) -> Failure:
    try:
        raise error
    except BaseException:
        return Failure()


def audited(fetched: Fetched, visit: Visit | None = None) -> tuple[str, int | None]:
    """The error (or, on a page skipped on purpose, the note) the page audit writes."""
    record = audit_fetched(fetched, visit or Visit(SEED, depth=1), RULES, Mine()).record
    assert record is not None
    text = record.error or record.note
    assert text is not None
    return text, record.status


# -- the download (spiders/failures.py) ------------------------------------------------

# One per row of _FAILURES, by its first exception type: a new row fails the test
# below until it has a reason here.
FAILURE_REASONS = {
    "CannotResolveHostError": "dns",
    "DownloadConnectionRefusedError": "connection",
    "DownloadTimeoutError": "timeout",
    "Error": "tls",  # OpenSSL.SSL.Error
    "_DecompressionMaxSizeExceeded": "too_large",
    "DownloadCancelledError": "too_large",
    "ConnectionLost": "connection",
    "ResponseDataLossError": "connection",
    "ConnectionDone": "connection",
}
_EXAMPLES: dict[type[BaseException], BaseException] = {
    _DecompressionMaxSizeExceeded: _DecompressionMaxSizeExceeded(99 * 2**20, 16 * 2**20),
    SSL.Error: SSL.Error([("SSL routines", "", "wrong version number")]),
}


def test_every_download_failure_has_its_reason() -> None:
    seen = {}
    for kinds, _text in _FAILURES:
        kind = kinds[0] if isinstance(kinds, tuple) else kinds
        error = _EXAMPLES.get(kind) or kind()
        for maxsize in (16 * 2**20, 0):  # "16 MiB", or "the download size cap"
            text = describe_failure(failure_of(error), maxsize)
            seen[kind.__name__] = classify(text).key
            assert seen[kind.__name__] == FAILURE_REASONS.get(kind.__name__), text
    assert seen == FAILURE_REASONS


@pytest.mark.parametrize(("error", "key"), [
    (IgnoreRequest("Forbidden by robots.txt"), "robots"),
    (IgnoreRequest(_plain_http_refusal("http://zhihu.com/p/1", [("Cookie", "z_c0=x")])),
     "insecure_login"),
    (IgnoreRequest(_plain_http_refusal("http://zhihu.com/p/1", [("Authorization", "B x")])),
     "insecure_login"),
    (VerificationError(errors=[]), "tls"),
    (SSL.Error([("SSL routines", "", "certificate verify failed")]), "tls"),
    # Look-alikes: an unknown error is "other", even when its words sound like a reason.
    (ValueError("timed out: no complete answer"), OTHER),
    (IgnoreRequest("Filtered offsite request to login.example"), OTHER),
])
def test_other_download_failures(error: BaseException, key: str) -> None:
    assert classify(describe_failure(failure_of(error))).key == key


# -- HTTP statuses and the page audit (crawler/pageaudit.py) ---------------------------

@pytest.mark.parametrize(("status", "key"), [
    (404, "not_found"), (410, "not_found"),
    (500, "server_error"), (502, "server_error"), (503, "server_error"), (599, "server_error"),
    # "Gateway Timeout" is the server's, not the crawler's --timeout.
    (504, "server_error"),
    (429, "rate_limited"), (408, "timeout"),
    (400, "client_error"), (405, "client_error"), (451, "client_error"),
])
def test_http_error_statuses(status: int, key: str) -> None:
    text, seen = audited(Fetched("https://b.example/", status), Visit(SEED))
    assert text == http_error(status) or status in (404, 410)
    assert (seen, classify(text, seen).key) == (status, key)


@pytest.mark.parametrize(("status", "key"), [(401, "login_required"), (403, "blocked"),
                                              (412, "blocked")])
def test_statuses_that_are_walls(status: int, key: str) -> None:
    text, seen = audited(Fetched("https://b.example/", status), Visit(SEED))
    assert text.startswith("could not audit: ")
    assert classify(text, seen).key == key


def test_a_gone_page_that_asks_for_a_login_is_not_found() -> None:
    # The seed's 404 page is short and says "please log in": a wall to crawler.site.walls,
    # but a page that is gone has nothing to remove, as verify counts it too.
    text, status = audited(Fetched("https://b.example/", 404,
                                   b"<title>Not found</title><p>please log in.</p>"), Visit(SEED))
    assert text.startswith("could not audit: login wall")
    assert classify(text, status).key == "not_found"
    assert classify(text, 200).key == "login_required"  # look-alike: the same words, a 200


def test_a_broken_link_is_not_found() -> None:
    text, status = audited(Fetched("https://b.example/gone", 404))
    assert classify(text, status).key == "not_found"


def _retry_note(status: int, **meta: object) -> str:
    crawler = get_crawler(Spider, {"RETRY_TIMES": 2})
    crawler.spider = Spider.from_crawler(crawler, "audit")  # Scrapy's retry reads it
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("https://b.example/timeout/", meta=dict(meta))
    headers = {"Retry-After": "3600"} if not meta else {}
    response = Response(request.url, status=status, headers=headers, request=request)
    asyncio.run(middleware.process_response(request, response))
    return str(request.meta[NOTE_KEY])


@pytest.mark.parametrize(("status", "meta", "key"), [
    (503, {}, "rate_limited"),                    # Retry-After: come back in an hour
    (429, {}, "rate_limited"),
    (503, {"retry_times": 2}, "server_error"),    # retried, no Retry-After
    (429, {"retry_times": 2}, "rate_limited"),
])
def test_retries_appended_to_the_status(status: int, meta: dict[str, object], key: str) -> None:
    note = _retry_note(status, **meta)
    text, seen = audited(Fetched("https://b.example/", status, retry_note=note), Visit(SEED))
    assert text.endswith(note)
    assert classify(text, seen).key == key


@pytest.mark.parametrize(("fetched", "visit", "key"), [
    (Fetched("https://b.example/x.pdf", 200, b"%PDF", content_type="application/pdf",
             text=False, html=False), None, "not_html"),
    (Fetched("https://b.example/y", 200, b"\x1f\x8b\x08\x00", content_type="text/html",
             content_encoding="br", text=False, html=False), None, "not_decodable"),
    (Fetched("https://b.example/z", 200, b"\x1f\x8b\x08\x00" * 50, content_type="text/html",
             text=False, html=False), None, "not_decodable"),
    (Fetched("https://b.example/sitemap.xml", 200, b"\x1f\x8bxx",
             content_type="application/gzip", text=False, html=False),
     Visit(SEED, listing=1), "bad_sitemap"),
])
def test_pages_the_audit_could_not_read(fetched: Fetched, visit: Visit | None, key: str) -> None:
    text, status = audited(fetched, visit)
    assert classify(text, status).key == key


# -- walls (crawler/site/walls.py) -------------------------------------------------------

WALL_REASONS = {"login wall": "login_required", "captcha": "captcha",
                "browser check": "captcha", "blocked": "blocked", "access refused": "blocked"}


def test_every_wall_has_its_reason() -> None:
    assert set(WALL_REASONS) == set(HINTS)
    for kind, key in WALL_REASONS.items():
        # The sign quotes the page: its words must not decide.
        for sign in ("the page says timed out: no complete answer", "HTTP 404",
                     "the page says robots.txt forbids fetching"):
            assert classify(Wall(kind, sign).message).key == key
    assert classify(Wall(NOT_RENDERED, "an empty app shell").message).key == "needs_render"
    assert Wall(NOT_RENDERED, "").message == RENDER_MESSAGE


@pytest.mark.parametrize(("text", "key"), [
    ("<title>安全验证</title>", "captcha"),
    ("<title>Just a moment...</title>", "captcha"),
    ("<p>访问过于频繁，请稍后再试</p>", "blocked"),
    ("<p>登录后查看全文</p>", "login_required"),
    ('<div id="app"></div><script src="/app.js"></script>', "needs_render"),
])
def test_walls_found_on_pages(text: str, key: str) -> None:
    wall = find_wall(200, "https://b.example/p/1", text)
    assert wall is not None
    assert classify(wall.message, 200).key == key


def test_a_redirect_to_a_login_page() -> None:
    wall = redirect_wall("https://weibo.com/1/abc", "https://passport.weibo.com/timeout?x=404")
    assert wall is not None
    assert classify(wall.message, 302).key == "login_required"


def test_not_rendered_note_of_an_audited_page() -> None:
    assert classify(NOT_RENDERED_NOTE.format(how="innerHTML")).key == "needs_render"


# -- strings built inside the spider (spiders/audit.py) --------------------------------

def _refusal() -> str:
    refused = parse_web_url("https://b.example\\@evil.example/timeout")
    assert isinstance(refused, Refusal)
    return refused.reason


SPIDER = ROOT / "spiders" / "audit.py"
# (what the spider's source says, a string it writes, its reason)
SPIDER_STRINGS = [
    ('note=f"not requested ({place}this URL {decision.reason}); "',
     f"not requested (linked from https://b.example/timeout; this URL {_refusal()}); "
     "check where it leads by hand", "not_requested"),
    ('(f"redirects to {target}, not requested: this URL {inside.reason}; "',
     f"redirects to https://b.example\\@x.example/, not requested: this URL {_refusal()}; "
     "check where it leads by hand", "not_requested"),
    ('f"redirects to {target} (outside the audit scope; recorded, not followed)"',
     "redirects to https://other.example/login (outside the audit scope; recorded, not followed)",
     "out_of_scope"),
    ('f"meta refresh to {page.refresh} (outside the audit scope; not followed)"',
     "meta refresh to https://other.example/ (outside the audit scope; not followed)",
     "out_of_scope"),
    ('" (excluded by --include/--exclude; not followed)"',
     "redirects to https://b.example/tag/x (excluded by --include/--exclude; not followed)",
     "out_of_scope"),
    ('f"HTTP {response.status} redirect without a Location header"',
     "HTTP 302 redirect without a Location header", "redirect"),
    ('f"more than {self.config.max_redirects} redirects (a loop?)"',
     "more than 20 redirects (a loop?)", "redirect"),
    ('"redirect loop"', "redirect loop", "redirect"),
    ('"skipped: robots.txt disallows crawling this page"',
     "skipped: robots.txt disallows crawling this page", "robots"),
]


@pytest.mark.parametrize(("source", "text", "key"), SPIDER_STRINGS)
def test_spider_strings(source: str, text: str, key: str) -> None:
    assert source in SPIDER.read_text(encoding="utf-8"), "the spider's wording changed"
    assert classify(text).key == key


@pytest.mark.parametrize("text", [
    # Look-alikes: a plain redirect note, and notes naming reasons in their URLs.
    "redirects to https://b.example/robots.txt forbids fetching",
    "redirects to https://b.example/not requested (x)",
    "sitemap: lists 3 page(s)",
])
def test_notes_that_are_no_reason(text: str) -> None:
    assert classify(text).key == OTHER


# -- the file scan (crawler/localfiles/scan.py) and seeds --------------------------------

def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    # Its error text is the system's ("Connection timed out" on a network share).
    (result,) = scan_file(tmp_path / "timed out.md", tmp_path)
    assert result.page.error is not None and result.page.error.startswith("cannot be read: ")
    assert classify(result.page.error).key == "file_unreadable"
    assert classify("cannot be read: Connection timed out").key == "file_unreadable"


def test_a_file_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    (result,) = scan_file(big, tmp_path)
    assert result.page.error is not None
    assert classify(result.page.error).key == "too_large"


def test_a_broken_wordpress_export(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text('<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
                      "<title>a</title></item><item><title>b</oops>", encoding="utf-8")
    errors = [r.page.error for r in scan_file(export, tmp_path) if r.page.error]
    assert len(errors) == 1
    assert classify(errors[0]).key == "bad_export"


def test_bad_seed_lines() -> None:
    bad = parse_seed_line("blog https://x.example/", "seeds.txt:3")
    assert isinstance(bad, BadSeed)
    assert classify_bad_seed(bad.why).key == BAD_SEED


# -- pages and the catalogues ------------------------------------------------------------

def test_page_rows() -> None:
    assert page_reason({"url": "u", "status": 200, "error": None}) is None
    assert page_reason({"url": "u", "status": None, "error": "redirect loop"}).key == "redirect"
    gone = {"url": "u", "status": 404, "audited": False,
            "note": "HTTP 404: no such page (a broken link)"}
    assert page_reason(gone).key == "not_found"
    # Skipped on purpose with a note that names no reason (a sitemap): not a failure.
    assert page_reason({"url": "u", "audited": False, "note": "sitemap: lists 3 page(s)"}) is None
    # A note on a page that was audited is not why it failed.
    assert page_reason({"url": "u", "note": "skipped: robots.txt disallows crawling"}) is None


def test_unknown_errors_are_other() -> None:
    assert classify("").key == OTHER
    assert classify("KeyError: 'x'", None).key == OTHER


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_reason_has_words_and_a_fix(lang: str) -> None:
    words = catalogue(lang)
    missing = [key for key in REASONS
               if f"reason.{key}" not in words or f"fix.{key}" not in words]
    assert not missing
    extra = {k.split(".", 1)[1] for k in words if k.startswith(("reason.", "fix."))} - set(REASONS)
    assert not extra


def _options_of_commands() -> set[str]:
    import argparse

    from crawler.cli import build_parser

    options: set[str] = set()
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                for option in command._actions:
                    options.update(option.option_strings)
    return options


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_flags_the_fixes_name_exist(lang: str) -> None:
    named = {flag for key, text in catalogue(lang).items() if key.startswith("fix.")
             for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]+", text)}
    assert {"--cookies", "--ignore-robots", "--timeout", "--render", "--delay"} <= named
    assert named <= _options_of_commands()
