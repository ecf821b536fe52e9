"""The render guard's one decision: what a rendered page may ask the crawler to fetch."""

from __future__ import annotations

import pytest

from crawler.detect.rules import default_rules
from crawler.render.guard import BrowserAsk, RenderedPage, refusal
from crawler.site.scope import SiteScope

RULES = default_rules()
PUBLIC = RenderedPage("https://blog.example.com/p/1", SiteScope("example.com"),
                      "93.184.215.14", RULES)
LOCAL = RenderedPage("http://127.0.0.1:8000/p/1", SiteScope("127.0.0.1:8000"),
                     "127.0.0.1", RULES)
INTRANET = RenderedPage("http://wiki.example.org/p", SiteScope("example.org"),
                        "10.1.2.3", RULES)
PROXIED = RenderedPage("https://blog.example.com/p/1", SiteScope("example.com"), None, RULES)

CASES = [
    # (page, ask, refused as; None = allowed)
    (PUBLIC, BrowserAsk("https://blog.example.com/p/1", kind="navigation", initial=True), None),
    (PUBLIC, BrowserAsk("https://blog.example.com/app.js", kind="script"), None),
    (PUBLIC, BrowserAsk("https://cdn.example.com/data.json", kind="fetch",
                        address="93.184.215.20"), None),
    (PUBLIC, BrowserAsk("http://blog.example.com/x", kind="xhr"), None),  # same site, http
    (PUBLIC, BrowserAsk("data:text/plain,hi", kind="fetch"), None),
    (PUBLIC, BrowserAsk("blob:https://blog.example.com/1f2e", kind="fetch"), None),
    (LOCAL, BrowserAsk("http://127.0.0.1:8000/api", address="127.0.0.1"), None),
    (INTRANET, BrowserAsk("http://static.example.org/a.js", address="10.9.9.9"), None),
    (PROXIED, BrowserAsk("https://blog.example.com/x", address="93.184.215.14"), None),
    # methods
    (PUBLIC, BrowserAsk("https://blog.example.com/admin/delete-all", "POST"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/x", "PUT"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/x", "DELETE", kind="xhr"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/x", "OPTIONS"), "other"),
    # other sites and ports
    (PUBLIC, BrowserAsk("https://tracker.example.net/c?d=secret"), "other"),
    (PUBLIC, BrowserAsk("https://example.com.evil.example/x"), "other"),
    (LOCAL, BrowserAsk("http://127.0.0.1:9000/admin"), "other"),  # another loopback port
    (LOCAL, BrowserAsk("http://localhost:8000/"), "other"),
    (LOCAL, BrowserAsk("http://169.254.169.254/latest/meta-data/"), "other"),
    (LOCAL, BrowserAsk("http://10.0.0.1/"), "other"),
    (LOCAL, BrowserAsk("http://[::1]:8000/"), "other"),
    (PUBLIC, BrowserAsk("ftp://blog.example.com/x"), "other"),
    (PUBLIC, BrowserAsk("file:///etc/passwd"), "other"),
    (PUBLIC, BrowserAsk("http://[bad/x"), "other"),
    # read by browser rules, as the crawl reads links: two readings are refused ...
    (LOCAL, BrowserAsk("http://127.0.0.1:8000\\@127.0.0.1:9000/admin"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com\\@evil.example/x"), "other"),
    # ... one spelling of the page's own address is the page's own site
    (LOCAL, BrowserAsk("http://0x7f.0.0.1:8000/api", address="127.0.0.1"), None),
    (LOCAL, BrowserAsk("http://2130706433:8000/api", address="127.0.0.1"), None),
    # addresses: an in-scope name must not resolve somewhere private (DNS rebinding)
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="127.0.0.1"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="10.0.0.7"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="192.168.1.1"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="169.254.169.254"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="fe80::1"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="::ffff:127.0.0.1"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="0.0.0.0"), "other"),
    (PUBLIC, BrowserAsk("https://cdn.example.com/x", address="224.0.0.1"), "other"),
    (PROXIED, BrowserAsk("https://cdn.example.com/x", address="127.0.0.1"), "other"),
    # a private seed allows its own kind of address only
    (INTRANET, BrowserAsk("http://static.example.org/a.js", address="127.0.0.1"), "other"),
    (INTRANET, BrowserAsk("http://static.example.org/a.js", address="169.254.169.254"), "other"),
    (LOCAL, BrowserAsk("http://127.0.0.1:8000/x", address="0.0.0.0"), "other"),
    # kinds never allowed
    (PUBLIC, BrowserAsk("wss://blog.example.com/live", kind="websocket"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/sw.js", kind="serviceworker"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/other", kind="popup"), "other"),
    (PUBLIC, BrowserAsk("https://blog.example.com/events", kind="eventsource"), "other"),
    # navigations: only the page's own document, served from the crawl's copy
    (PUBLIC, BrowserAsk("https://blog.example.com/p/2", kind="navigation"), "navigation"),
    (PUBLIC, BrowserAsk("https://blog.example.com/p/2", kind="navigation", initial=True),
     "navigation"),
    (PUBLIC, BrowserAsk("https://blog.example.com/p/1", "POST", "navigation", initial=True),
     "navigation"),  # a form posted back to the page
    (PUBLIC, BrowserAsk("https://elsewhere.example/frame", kind="navigation"), "navigation"),
    # affiliate URLs, on any site, of any kind, first
    (PUBLIC, BrowserAsk("https://s.click.taobao.com/t?e=pixel", kind="image"), "affiliate"),
    (PUBLIC, BrowserAsk("https://s.click.taobao.com/t?e=x", kind="navigation"), "affiliate"),
    (PUBLIC, BrowserAsk("https://u.jd.com/AbCdEf", "POST"), "affiliate"),
    (PUBLIC, BrowserAsk("https://blog.example.com/go?url=https%3A%2F%2Fs.click.taobao.com"
                        "%2Ft%3Fe%3Dx"), "affiliate"),
]


@pytest.mark.parametrize(("page", "ask", "refused_as"), CASES)
def test_what_a_rendered_page_may_fetch(page: RenderedPage, ask: BrowserAsk,
                                        refused_as: str | None) -> None:
    why = refusal(ask, page)
    assert (why[0] if why else None) == refused_as, why
    if why:
        assert why[1]  # a reason for the debug log


def test_every_refusal_reason_names_what_was_refused() -> None:
    why = refusal(BrowserAsk("https://cdn.example.com/x", address="10.0.0.7"), PUBLIC)
    assert why == ("other", "a private address (10.0.0.7) for cdn.example.com")


def test_the_decision_is_pure() -> None:
    """Importable and testable without Scrapy or Playwright (house style)."""
    import subprocess
    import sys

    code = ("import sys, crawler.render.guard; "
            "assert not {'scrapy', 'playwright', 'twisted'} & set(sys.modules), sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
