"""Rendering pages with the system Chromium through scrapy-playwright, without clicking anything.

A seed marked ``render`` (or ``--render``) is fetched by Scrapy as usual first, so
redirects, status codes and scope are handled by the spider as for every page. An
HTML answer is then handed to headless Chromium, which is served that same
document (no second fetch) and runs its scripts; the DOM they leave goes to the
detector. Chromium's own network stack resolves no host: every request the page
makes reaches the guard, which asks :func:`crawler.render.guard.refusal` about it
and about each redirect hop, and fetches what is allowed through the crawler's own
downloader (its DNS cache pins the address the page came from):

* affiliate URLs (the detector's own :func:`~crawler.detect.match.match_url`) are
  refused, so are redirects that lead to one, and every navigation away from the
  document: a script's ``location.href = …`` is never followed;
* only GET, only the seed's own site, only addresses as public as the page's own;
  no sockets, service workers or popups;
* images, fonts and media are not fetched: they cannot add links and cost time.

Refused requests are only counted, never recorded as findings. If the guard cannot
be installed, scrapy-playwright's own request hook refuses everything instead.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin
from weakref import WeakSet, ref

from crawler.detect import RuleSet, load_rules
from crawler.render.guard import (
    AFFILIATE,
    NAVIGATION,
    BrowserAsk,
    RenderedPage,
    is_ip,
    refusal,
    url_host,
)
from crawler.render.jsrisk import NOT_RENDERED_NOTE, inserts_content
from crawler.site.scope import SiteScope

if TYPE_CHECKING:
    from playwright.async_api import Page, Route, WebSocketRoute
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.http import Response

    from crawler.config import AuditConfig
    from crawler.inputs.seeds import Seed
    from crawler.model import PageRecord

__all__ = [
    "CHROMIUM_ENV",
    "INSTALL_COMMAND",
    "blocked_while_rendering",
    "browser_problem",
    "find_chromium",
    "guard_page",
    "needs_render",
    "note_rendering",
    "refuse_unguarded",
    "render_request",
    "render_settings",
    "settle",
    "use_crawler",
]

logger = logging.getLogger(__name__)

#: Environment variable naming the Chromium (or Chrome) executable to drive.
CHROMIUM_ENV = "LINKAUDIT_CHROMIUM"
INSTALL_COMMAND = "scripts/install-browser.sh"
#: Installs --render's driver at the locked versions (or `pip install 'linkaudit[render]'`).
RENDER_EXTRA_COMMAND = "bash scripts/bootstrap.sh render"
_NAMES = ("chromium", "chromium-browser")
# Debian's /usr/bin/chromium is a shell launcher that sources /etc/chromium.d
# (extensions, Google API keys) before starting the browser; Playwright wants the
# browser itself.
_LAUNCHER_TARGETS = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
_HANDLER = "crawler.render.handler.GuardedPlaywrightHandler"
_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

#: How long to wait, at most, for a rendered page's network to go quiet.
SETTLE_MS = 5000
_PAGES_AT_ONCE = 4
_SKIPPED_TYPES = frozenset({"image", "media", "font"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_HOPS = 10
# The document's own headers the browser needs to read it as the server meant;
# encodings and lengths no longer apply to the body Scrapy decoded.
_DOCUMENT_HEADERS = ("content-type", "content-language", "content-security-policy")

_PLAN = "linkaudit_render"
_BLOCKED = "linkaudit_render_blocked"
_BINDING = "__linkauditPrevented"
# Runs in every frame before the page's own scripts. A script's navigation away
# (location.href = …, a meta refresh, a synthetic click) is cancelled through the
# Navigation API before any request exists; refusing it at the network instead
# would leave Chromium waiting for a page that never loads. Popups and form
# submissions are stopped the same way.
_INIT_SCRIPT = """(() => {
  const prevented = (url) => { try { window.BINDING(String(url)); } catch (e) {} };
  if (window.navigation) {
    navigation.addEventListener('navigate', (event) => {
      if (event.cancelable && !event.hashChange && !event.destination.sameDocument) {
        event.preventDefault();
        prevented(event.destination.url);
      }
    });
  }
  window.open = (url) => { prevented(url); return null; };
  HTMLFormElement.prototype.submit = function () { prevented(this.action); };
  HTMLFormElement.prototype.requestSubmit = function () { prevented(this.action); };
})();""".replace("BINDING", _BINDING)
_GUARDED_CONTEXTS: WeakSet[Any] = WeakSet()


class RenderUnavailable(RuntimeError):
    """Rendering was asked for but cannot run here; the message says how to fix it."""


# -- finding the browser ------------------------------------------------------------


def _is_script(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"#!"
    except OSError:
        return False


def find_chromium(environ: Mapping[str, str]) -> str | None:
    """The Chromium executable to launch: ``$LINKAUDIT_CHROMIUM``, else one on ``PATH``."""
    chosen = environ.get(CHROMIUM_ENV)
    if chosen:
        return chosen if os.access(chosen, os.X_OK) and Path(chosen).is_file() else None
    for name in _NAMES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            if _is_script(found):
                for target in _LAUNCHER_TARGETS:
                    if os.access(target, os.X_OK):
                        return target
            return found
    return None


def browser_problem(environ: Mapping[str, str]) -> str | None:
    """Why pages cannot be rendered here, phrased as what to do; ``None`` when they can."""
    from importlib.util import find_spec

    if find_spec("scrapy_playwright") is None:
        # The demo's install leaves the browser driver out (it is most of the install's size).
        return ("rendering needs the scrapy-playwright package, which the basic install leaves "
                f"out; install it with: {RENDER_EXTRA_COMMAND}")
    if find_chromium(environ) is not None:
        return None
    chosen = environ.get(CHROMIUM_ENV)
    if chosen:
        return (f"{CHROMIUM_ENV}={chosen} is not an executable file; point it at Chromium "
                f"or unset it and run {INSTALL_COMMAND}")
    return (f"rendering needs Chromium, and neither {' nor '.join(_NAMES)} is on PATH; "
            f"install it with {INSTALL_COMMAND} (Debian's chromium package), or set "
            f"{CHROMIUM_ENV} to the browser's path")


def render_settings(environ: Mapping[str, str], user_agent: str | None = None) -> dict[str, Any]:
    """Scrapy settings that route requests marked for rendering through headless Chromium.

    Raises :class:`RenderUnavailable` when Chromium or scrapy-playwright is missing.
    """
    problem = browser_problem(environ)
    if problem:
        raise RenderUnavailable(problem)
    args = [
        "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
        # The browser's own network stack resolves no host: every request of a page
        # is answered or refused by the guard, and Chromium's background calls
        # (component updates, sign-in checks) go nowhere. No proxy either: what the
        # guard allows is fetched by Scrapy, which uses the proxy Scrapy is given.
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox as root
    context: dict[str, Any] = {
        "service_workers": "block",  # a service worker's requests would bypass the guard
        "accept_downloads": False,
    }
    if user_agent:
        context["user_agent"] = user_agent
    return {
        "DOWNLOAD_HANDLERS": {"http": _HANDLER, "https": _HANDLER},
        # Scrapy's default since 2.13, and the only one scrapy-playwright runs on.
        "TWISTED_REACTOR": _REACTOR,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": find_chromium(environ),
                                      "headless": True, "args": args},
        # Given with each request, not as PLAYWRIGHT_CONTEXTS: startup contexts would
        # launch a browser at once in each of the two handlers (http, https).
        "LINKAUDIT_RENDER_CONTEXT": context,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": _PAGES_AT_ONCE,
        "PLAYWRIGHT_ABORT_REQUEST": f"{__name__}.refuse_unguarded",
    }


# -- in the spider ------------------------------------------------------------------


def needs_render(response: Response, seed: Seed, config: AuditConfig) -> bool:
    """True for an HTML page of a rendering seed that has not been sent to the browser yet.

    Only when the browser is wired in (:func:`render_settings`; ``scrapy crawl`` alone
    does not): otherwise the page is audited as fetched, with the "not rendered" note.
    """
    from scrapy.http import HtmlResponse

    return (seed.render and bool(config.render_context) and _PLAN not in response.meta
            and isinstance(response, HtmlResponse))


def render_request(response: Response, config: AuditConfig) -> Request:
    """The request that renders ``response``'s document in Chromium, with the same callbacks."""
    from scrapy_playwright.page import PageMethod

    headers = {name: response.headers.get(name).decode("latin-1")
               for name in _DOCUMENT_HEADERS if response.headers.get(name)}
    meta = {k: v for k, v in response.meta.items() if k != "download_latency"}
    meta.update({
        "playwright": True,
        "playwright_context_kwargs": dict(config.render_context),
        "playwright_page_init_callback": f"{__name__}.guard_page",
        "playwright_page_goto_kwargs": {"wait_until": "load"},
        "playwright_page_methods": [PageMethod(settle, SETTLE_MS)],
        _PLAN: {"status": response.status, "headers": headers, "body": response.body,
                "rules": list(config.rules_files), "url": response.url,
                "scope": response.meta["scope"], "allow": list(config.allow_domains),
                # Through a proxy the crawler never saw the site's address: then only
                # public addresses are allowed (see crawler.render.guard).
                "address": (str(response.ip_address) if response.ip_address is not None
                            and not response.meta.get("proxy") else None)},
        _BLOCKED: [],
    })
    return response.request.replace(url=response.url, meta=meta, dont_filter=True)


def blocked_while_rendering(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the guard refused while the page whose request had ``meta`` was rendered."""
    return list(meta.get(_BLOCKED) or [])


def note_rendering(record: PageRecord, text: str, *, rendered: bool, html: bool,
                   blocked: Sequence[tuple[str, str]] = (), stats: Any = None) -> None:
    """Say on the page's record whether it was rendered, and what rendering left unseen.

    ``text`` is the page as crawler.site.decoding read it (not ``response.text``, which
    reads the charset through w3lib's label table rather than the standard's);
    ``html``: the downloader read it as HTML; ``blocked``: :func:`blocked_while_rendering`.
    """
    if rendered:
        record.rendered = True
        note = "rendered with Chromium"
        if blocked:
            affiliate = sum(1 for why, _ in blocked if why == AFFILIATE)
            away = sum(1 for why, _ in blocked if why == NAVIGATION)
            other = len(blocked) - affiliate - away
            note += f"; blocked {affiliate} request(s) to affiliate URLs"
            note += (f", {away} navigation(s) away from the page and {other} other "
                     "request(s) (another site, a private address, or not GET)" if other
                     else f" and {away} navigation(s) away from the page")
            if stats is not None:
                stats.inc_value("linkaudit/render/blocked", len(blocked))
        record.add_note(note)
        return
    if html:
        how = inserts_content(text)
        if how:
            record.script_inserts = how
            record.add_note(NOT_RENDERED_NOTE.format(how=how))


# -- in the browser -----------------------------------------------------------------

# The crawl whose downloader fetches what pages may load: set by the download
# handler (crawler.render.handler) when rendering is wired in. One crawl runs per
# process (crawler.runner), so one reference serves every page.
_crawler: Any = None


def use_crawler(crawler: Any) -> None:
    """Fetch what rendered pages may load through ``crawler``'s downloader."""
    global _crawler
    _crawler = ref(crawler)


@cache
def _rules(files: tuple[str, ...]) -> RuleSet:
    return load_rules(files)


async def settle(page: Page, timeout_ms: float) -> None:
    """Wait until the page's network is quiet, for at most ``timeout_ms``; never fail."""
    from playwright.async_api import TimeoutError as BrowserTimeout

    with suppress(BrowserTimeout):
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)


def refuse_unguarded(request: BrowserRequest) -> bool:
    """scrapy-playwright's abort hook: reached only by a request no guard vetted."""
    logger.warning("refused %s: the page's request guard was not installed", request.url)
    return True


async def _refuse_socket(socket: WebSocketRoute) -> None:
    await socket.close(code=1008, reason="linkaudit does not open sockets of audited pages")


async def _refuse(route: Route, request: BrowserRequest) -> None:
    logger.debug("refused a request of an unguarded page (a popup?): %s", request.url)
    await route.abort("blockedbyclient")


async def guard_page(page: Page, request: Request) -> None:
    """scrapy-playwright's page init callback: install the guard on a page about to render."""
    guard = _Guard(page, request.meta[_PLAN], request.meta.setdefault(_BLOCKED, []))
    context = page.context
    if context not in _GUARDED_CONTEXTS:
        # Page routes come first; this catches pages without one, e.g. a popup a
        # script opened, whose requests would otherwise go out unvetted.
        await context.route("**", _refuse)
        await context.route_web_socket("**", guard.refuse_socket)
        _GUARDED_CONTEXTS.add(context)
    await page.expose_binding(_BINDING, guard.prevented)
    await page.add_init_script(_INIT_SCRIPT)
    # Routes registered last run first: this one runs before scrapy-playwright's.
    await page.route("**", guard.handle)
    await page.route_web_socket("**", guard.refuse_socket)


def _kind(request: BrowserRequest) -> str:
    if request.is_navigation_request():
        return "navigation"
    return request.resource_type


async def _in_reactor(make: Any) -> Any:
    """Run ``make()``, a coroutine on Twisted's loop, from whichever loop the guard runs on.

    scrapy-playwright drives the browser from a loop of its own on Windows.
    """
    import asyncio

    from twisted.internet import reactor

    loop = getattr(reactor, "_asyncioEventloop", None)
    if loop is None or loop is asyncio.get_running_loop():
        return await make()
    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(make(), loop))


async def _resolve(host: str) -> str:
    """``host``'s address from the crawler's resolver: Scrapy caches it, and its downloads
    connect to the cached address, so the address vetted is the one connected to."""
    if is_ip(host):
        return host.strip("[]")
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor

    return str(await maybe_deferred_to_future(reactor.resolve(host)))


class _Guard:
    def __init__(self, page: Page, plan: dict[str, Any], blocked: list[tuple[str, str]]) -> None:
        self.page = page
        self.plan = plan
        self.blocked = blocked
        self.served = False
        self.rendered = RenderedPage(
            url=plan["url"], scope=SiteScope(plan["scope"], tuple(plan["allow"])),
            address=plan["address"], rules=_rules(tuple(plan["rules"])))

    def _refused(self, ask: BrowserAsk, *, count: bool = True) -> bool:
        """Ask :func:`refusal`; a refused request is logged and (unless told) counted."""
        why = refusal(ask, self.rendered)
        if why is None:
            return False
        logger.debug("blocked %s: %s (%s)", ask.url, why[1], ask.kind)
        if count or why[0] == AFFILIATE:
            self.blocked.append((why[0], ask.url))
        return True

    def prevented(self, source: Any, url: str) -> None:
        """Called from the page when the init script stopped a navigation of its own."""
        self._refused(BrowserAsk(str(url), kind="navigation"))

    async def refuse_socket(self, socket: WebSocketRoute) -> None:
        self._refused(BrowserAsk(socket.url, kind="websocket"))
        await _refuse_socket(socket)

    async def handle(self, route: Route, request: BrowserRequest) -> None:
        try:
            await self._decide(route, request)
        except Exception as exc:  # a request the guard could not vet is not made
            logger.debug("aborting %s: %s", request.url, exc)
            with suppress(Exception):
                await route.abort()

    async def _decide(self, route: Route, request: BrowserRequest) -> None:
        kind = _kind(request)
        initial = (kind == "navigation" and not self.served
                   and request.frame.parent_frame is None)
        ask = BrowserAsk(request.url, request.method, kind, initial=initial)
        # Images, fonts and media are never fetched (they cannot add links): only an
        # affiliate one among them is counted.
        skipped = kind in _SKIPPED_TYPES
        if self._refused(ask, count=not skipped):
            if kind == "navigation":
                # "No content" keeps the frame on its document; an aborted navigation
                # would replace it with Chromium's error page.
                await route.fulfill(status=204)
            else:
                await route.abort("blockedbyclient")
            return
        if initial:
            self.served = True
            await route.fulfill(status=self.plan["status"], headers=self.plan["headers"],
                                body=self.plan["body"])
            return
        answer = None if skipped or kind == "navigation" else await self._fetch(ask)
        if answer is None:
            await route.abort("blockedbyclient")
        else:
            await route.fulfill(**answer)

    async def _fetch(self, ask: BrowserAsk) -> dict[str, Any] | None:
        """Fetch hop by hop, each hop vetted: the browser would follow a redirect unseen."""
        url = ask.url
        for _ in range(_MAX_HOPS):
            parsed = url_host(url)
            host = parsed[1] if parsed else ""
            address = await _in_reactor(lambda h=host: _resolve(h))
            hop = BrowserAsk(url, ask.method, ask.kind, address=address)
            if self._refused(hop):
                return None
            response = await _in_reactor(lambda u=url: _download(u))
            if response is None:
                return None
            arrived = response.ip_address
            if (arrived is not None and not response.meta.get("proxy")
                    and str(arrived) != address):
                # The name resolved elsewhere between the vetting and the connection.
                self._refused(BrowserAsk(url, ask.method, ask.kind, address=str(arrived)))
                logger.debug("refused %s: connected to %s, vetted %s", url, arrived, address)
                return None
            location = response.headers.get(b"Location")
            if response.status not in _REDIRECTS or not location:
                return _answer(response)
            url = urljoin(url, location.decode("latin-1").strip())
            ask = BrowserAsk(url, "GET" if response.status == 303 else ask.method, ask.kind)
            if self._refused(ask):
                return None
        return None


async def _download(url: str) -> Any:
    """GET ``url`` through the crawl's own downloader (middlewares, proxy, TLS, caps)."""
    import scrapy

    crawler = _crawler() if _crawler is not None else None
    if crawler is None or crawler.engine is None:
        return None
    host = url_host(url)
    request = scrapy.Request(url, meta={
        "handle_httpstatus_all": True,
        "dont_retry": True,
        # Logins are for the pages the crawl audits, not for what their scripts load.
        "dont_merge_cookies": True,
        # Not the slot of the page being rendered: that one may be full of pages
        # waiting for these very fetches.
        "download_slot": f"render-subresources:{host[1] if host else ''}",
    }, dont_filter=True)
    try:
        return await crawler.engine.download_async(request)
    except Exception as exc:  # refused by robots.txt, unreachable, too large …
        logger.debug("could not fetch %s for a rendered page: %s", url, exc)
        return None


# Not passed on to the browser: Scrapy has already decoded and measured the body.
_HOP_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection"})


def _answer(response: Any) -> dict[str, Any]:
    headers = {name.decode("latin-1"): b", ".join(values).decode("latin-1")
               for name, values in response.headers.items()
               if name.decode("latin-1").lower() not in _HOP_HEADERS}
    return {"status": response.status, "headers": headers, "body": response.body}
