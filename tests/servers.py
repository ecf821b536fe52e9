"""A tiny scripted HTTP server on 127.0.0.1: each path answers what a test says."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: str | bytes = ""
    """Text (UTF-8 on the wire; ``{base}`` is replaced) or bytes sent as they are (gzip…)."""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    first: list[Route] = field(default_factory=list)
    """Answers given once each, in order, before this one (a 429 before the page, say)."""
    respond: Callable[[dict[str, str]], Route] | None = None
    """Picks the answer from the request's headers (lower-case names): a cookie-gated page."""


@dataclass
class RouteServer:
    url: str
    routes: dict[str, Route]
    requested: list[str]
    received: list[dict[str, str]] = field(default_factory=list)
    """The headers of each request (lower-case names), in the order of ``requested``."""


@contextmanager
def serve_routes(routes: dict[str, Route],
                 tls: ssl.SSLContext | None = None) -> Iterator[RouteServer]:
    """Serve ``routes`` (path -> Route; unknown paths 404) and record every path requested.

    With ``tls``, over https (see tests/tlscerts.py).
    """
    requested: list[str] = []
    received: list[dict[str, str]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:  # both lists in one order, whatever the threads do
                requested.append(self.path)
                received.append(headers)
            route = routes.get(self.path, Route(404, "not found"))
            if route.respond is not None:
                route = route.respond(headers)
            with lock:
                if route.first:
                    route = route.first.pop(0)
            body = route.body if isinstance(route.body, bytes) else route.body.encode("utf-8")
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serve_handler(Handler, tls) as url:
        # The URL is only known now; let bodies refer to it as {base}.
        for route in [r for top in routes.values() for r in (top, *top.first)]:
            if isinstance(route.body, str):
                route.body = route.body.replace("{base}", url)
            route.headers = {k: v.replace("{base}", url) for k, v in route.headers.items()}
        yield RouteServer(url, routes, requested, received)


@contextmanager
def serve_handler(handler: type[BaseHTTPRequestHandler],
                  tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        # A client that rejects the certificate fails the handshake in accept():
        # the server drops that connection and goes on.
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
