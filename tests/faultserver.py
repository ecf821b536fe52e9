"""A misbehaving web server on 127.0.0.1: one route per fault a real crawl meets.

Each route is a function of the request handler, so a route can do what a
scripted body cannot: stall past the timeout, reset the connection mid-body,
close without answering, stream 40 MB, or send a decompression bomb.
The server is threaded, so one stalled route never holds up the others, and
it records every path requested so tests can count fetches.
"""

from __future__ import annotations

import functools
import gzip
import random
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

Handler = BaseHTTPRequestHandler
RouteFn = Callable[[Handler], None]

MIB = 1024 * 1024
#: What the bombs inflate to: far past any sane DOWNLOAD_MAXSIZE.
BOMB_SIZE = 4 * 1024 * MIB
HUGE_PAGE_SIZE = 40 * MIB
#: A PID the fault pages carry where a page *should* still be audited.
PID = "mm_28765431_45872103_109876543210"
FINDING = f'<a href="https://s.click.taobao.com/t?e=1&pid={PID}">buy</a>'
#: Anchor texts a spreadsheet would read as formulas (tab and CR lead into one).
FORMULA_TEXTS = ("=HYPERLINK(\"http://evil.invalid\",\"x\")", "+1+cmd|' /C calc'!A0",
                 "-2+3", "@SUM(A1)", "\t=TAB()", "\r=CR()")


# -- replies --------------------------------------------------------------------------


def send(h: Handler, status: int = 200, body: bytes | str = b"",
         headers: dict[str, str] | None = None) -> None:
    """A complete, well-formed response."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    merged = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    for name, value in merged.items():
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    with suppress(OSError):  # the client may have given up: that is its right
        h.wfile.write(data)


def html(body: str) -> RouteFn:
    return lambda h: send(h, 200, f"<!doctype html><html><body>{body}</body></html>")


def status(code: int, headers: dict[str, str] | None = None) -> RouteFn:
    return lambda h: send(h, code, f"<h1>HTTP {code}</h1>", headers)


def redirect(location: str) -> RouteFn:
    return lambda h: send(h, 302, "", {"Location": location})


def slow(seconds: float, body: str = "<p>late</p>") -> RouteFn:
    """Answer after ``seconds`` (or when the server stops, whichever comes first)."""

    def route(h: Handler) -> None:
        h.server.stopping.wait(seconds)  # type: ignore[attr-defined]
        send(h, 200, body)

    return route


def _abort(h: Handler) -> None:
    """Close with an RST instead of a FIN: what a crashed server or a middlebox does."""
    h.wfile.flush()
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def reset_mid_body(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<html><body><p>" + b"half a page " * 500)
    h.wfile.flush()
    time.sleep(0.05)  # let the client read what came before the reset
    _abort(h)


def close_without_response(h: Handler) -> None:
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


def huge_page(h: Handler, *, content_length: bool = True) -> None:
    """40 MB of HTML, announced by Content-Length or streamed until the connection closes."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    if content_length:
        h.send_header("Content-Length", str(HUGE_PAGE_SIZE))
    else:
        h.protocol_version = "HTTP/1.0"  # no length: the body ends when the socket does
        h.send_header("Connection", "close")
    h.end_headers()
    chunk = (b"<p>filler " + b"x" * 1000 + b"</p>\n") * (MIB // 1015)
    sent = 0
    with suppress(OSError):
        while sent < HUGE_PAGE_SIZE:
            piece = chunk[: HUGE_PAGE_SIZE - sent]
            h.wfile.write(piece)
            sent += len(piece)
    h.close_connection = True


@functools.cache
def gzip_bomb() -> bytes:
    """A valid gzip stream of ``BOMB_SIZE`` zero bytes, about 4 MB long.

    After a full flush the deflate state is reset, so every further MiB of zeros
    compresses to the same bytes: the stream is built by repetition, not by
    compressing gigabytes.
    """
    chunk = bytes(MIB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    steady = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    count = BOMB_SIZE // MIB
    crc = 0
    block = bytes(64 * MIB)
    for _ in range(BOMB_SIZE // len(block)):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = deflate.flush(zlib.Z_FINISH) + struct.pack("<II", crc, BOMB_SIZE & 0xFFFFFFFF)
    return header + first + steady * (count - 1) + trailer


@functools.cache
def brotli_bomb() -> bytes:
    """A valid brotli stream of ``BOMB_SIZE`` zero bytes, a few KB long (built like gzip_bomb)."""
    chunk = bytes(16 * MIB)
    compressor = brotli.Compressor(quality=5, lgwin=24)
    # The first blocks fill the window; from then on each flushed block is identical.
    warmup = [compressor.process(chunk) + compressor.flush() for _ in range(3)]
    steady = compressor.process(chunk) + compressor.flush()
    count = BOMB_SIZE // len(chunk)
    return b"".join(warmup) + steady * (count - 3) + compressor.finish()


def bomb(encoding: str) -> RouteFn:
    def route(h: Handler) -> None:
        body = gzip_bomb() if encoding == "gzip" else brotli_bomb()
        send(h, 200, body, {"Content-Encoding": encoding})

    route.bomb = True  # type: ignore[attr-defined]
    return route


def formula_page(h: Handler) -> None:
    """Findings whose anchor text, plain text or href starts like a spreadsheet formula."""
    anchors = "".join(
        f'<p><a href="https://s.click.taobao.com/t?e=1&amp;pid={PID[:-1]}{n}">{escape(text)}</a>'
        for n, text in enumerate(FORMULA_TEXTS))
    send(h, 200, f"<html><body>{anchors}<p>+{PID}</p><p>@￥AbCdEf12345￥</p>"
                 f'<a href="=https://s.click.taobao.com/t?e=1&amp;pid={PID}">=x</a></body></html>')


def binary_as_html(h: Handler) -> None:
    noise = random.Random(5).randbytes(200_000)  # noqa: S311 - test data, not secrets
    send(h, 200, noise)


def undeclared_gzip(h: Handler) -> None:
    """A gzipped page without Content-Encoding: as text it is noise that hides a finding."""
    send(h, 200, gzip.compress(f"<html><body>{FINDING}</body></html>".encode()))


def unknown_encoding(h: Handler) -> None:
    """Content-Encoding: compress (LZW), which no crawler decodes any more."""
    send(h, 200, random.Random(7).randbytes(5000), {"Content-Encoding": "compress"})


def invalid_bytes(h: Handler) -> None:
    body = (b"<!doctype html><html><head><meta charset=\"utf-8\"></head><body>"
            b"<p>broken \xff\xfe\x80\xc3\x28 bytes \xed\xa0\x80 and a lone \xe4\xb8</p>"
            + FINDING.encode() + b"<p>\x00\x01\x02 more \xf0\x28\x8c\xbc</p></body></html>")
    send(h, 200, body)


def unclosed_tags(h: Handler) -> None:
    send(h, 200, "<html><body><div><p><table><tr><td><ul><li><a href='/'>home"
                 "<script>var x = '<div>';</script><b><i><span>"
                 + FINDING + "<div class='x' <p id=\"y\"<<><!-- not closed")


def deep_nesting(h: Handler) -> None:
    depth = 10_000
    send(h, 200, "<html><body>" + "<div>" * depth + FINDING + "</div>" * depth
         + "</body></html>")


def hostile_sitemap(h: Handler) -> None:
    """Entity expansion (a "billion laughs") inside a sitemap: a parser must refuse it."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)
    ]
    body = ('<?xml version="1.0"?>\n<!DOCTYPE urlset [\n' + "\n".join(entities) + "\n]>\n"
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>{base}/sitemap-page.html?&lol9;</loc></url></urlset>")
    base = f"http://{h.headers.get('Host')}"
    send(h, 200, body.replace("{base}", base), {"Content-Type": "application/xml"})


def huge_sitemap(h: Handler) -> None:
    """A gzip-compressed sitemap of 200 000 URLs, most of them out of scope."""
    base = f"http://{h.headers.get('Host')}"
    urls = "".join(f"<url><loc>https://elsewhere.invalid/{i}</loc></url>" for i in range(200_000))
    xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           f"<url><loc>{base}/sitemap-page.html</loc></url>{urls}</urlset>")
    send(h, 200, gzip.compress(xml.encode()), {"Content-Type": "application/x-gzip"})


# -- the route table --------------------------------------------------------------------


def endless_redirects(h: Handler) -> None:
    """/trap/N redirects to /trap/N+1 forever: only a redirect limit ends it."""
    n = int(h.path.rsplit("/", 1)[-1] or 0)
    send(h, 302, "", {"Location": f"/trap/{n + 1}"})


def calendar(h: Handler) -> None:
    """/calendar/N links to /calendar/N+1 forever: a crawl trap only a page or depth cap ends."""
    n = int(h.path.rsplit("/", 1)[-1] or 0)
    send(h, 200, f'<a href="/calendar/{n + 1}">next month</a>')


FAULTS: dict[str, RouteFn] = {
    "/slow": slow(30),
    "/reset": reset_mid_body,
    "/closed": close_without_response,
    "/status/500": status(500),
    "/status/502": status(502),
    "/status/503": status(503),
    "/retry-after/429": status(429, {"Retry-After": "1"}),
    "/retry-after/503": status(503, {"Retry-After": "1"}),
    "/loop/a": redirect("/loop/b"),
    "/loop/b": redirect("/loop/a"),
    "/loop/self": redirect("/loop/self"),
    "/trap/*": endless_redirects,
    "/huge": huge_page,
    "/huge-streamed": functools.partial(huge_page, content_length=False),
    "/bomb/gzip": bomb("gzip"),
    "/bomb/br": bomb("br"),
    "/binary": binary_as_html,
    "/gzip-undeclared": undeclared_gzip,
    "/compress": unknown_encoding,
    "/invalid-bytes": invalid_bytes,
    "/malformed/unclosed": unclosed_tags,
    "/malformed/nested": deep_nesting,
    "/healthy": html(FINDING),
}
#: The pages a crawl reaches first: the index links to these, the rest are reached from them
#: (linking /loop/b directly would let the crawl meet it before the loop closes).
ENTRY_POINTS = tuple(p.replace("*", "0") for p in FAULTS if p != "/loop/b")


def index(paths: Iterable[str]) -> RouteFn:
    return html("".join(f'<a href="{p}">{p}</a> ' for p in paths))


def slow_site(pages: int, delay: float, *, findings: bool = True) -> dict[str, RouteFn]:
    """``pages`` pages at /p/N, each answering after ``delay`` s, with one finding each.

    The home page links to every page, so the crawl's progress is steady, and
    each finding's PID names its page (``..._100000000N``).
    """
    routes: dict[str, RouteFn] = {"/": index(f"/p/{n}" for n in range(pages))}
    for n in range(pages):
        body = (f'<a href="https://s.click.taobao.com/t?pid={page_pid(n)}">p{n}</a>' if findings
                else f"<p>page {n}, nothing to see</p>")
        routes[f"/p/{n}"] = slow(delay, body)
    return routes


def page_pid(n: int) -> str:
    return f"mm_28765431_45872103_{1000000000 + n}"


# -- the server -------------------------------------------------------------------------


@dataclass
class FaultServer:
    url: str
    """``http://127.0.0.1:PORT`` (no trailing slash)."""
    port: int
    routes: dict[str, RouteFn]
    requested: list[str] = field(default_factory=list)
    """Every path requested, in order (robots.txt included)."""

    def fetches(self, path: str) -> int:
        return self.requested.count(path)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stopping: threading.Event


@contextmanager
def fault_server(routes: dict[str, RouteFn]) -> Iterator[FaultServer]:
    """Serve ``routes`` on 127.0.0.1 and a free port; unknown paths (and robots.txt) 404.

    Prefix routes end with ``/*`` (e.g. ``/trap/*``) and match any path below.
    """
    requested: list[str] = []

    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            requested.append(self.path)
            route = routes.get(self.path)
            if route is None:
                route = next((r for p, r in routes.items()
                              if p.endswith("/*") and self.path.startswith(p[:-1])), None)
            try:
                (route or status(404))(self)
            except OSError:
                self.close_connection = True  # the client hung up mid-answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    if any(getattr(r, "bomb", False) for r in routes.values()):
        gzip_bomb(), brotli_bomb()  # built before the first request, not inside its timeout
    server = _Server(("127.0.0.1", 0), RequestHandler)
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, name="fault server", daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield FaultServer(f"http://127.0.0.1:{port}", port, routes, requested)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
