"""A tiny scripted HTTP server on 127.0.0.1: each path answers what a test says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


@dataclass
class RouteServer:
    url: str
    routes: dict[str, Route]
    requested: list[str]


@contextmanager
def serve_routes(routes: dict[str, Route]) -> Iterator[RouteServer]:
    """Serve ``routes`` (path -> Route; unknown paths 404) and record every path requested."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            requested.append(self.path)
            route = routes.get(self.path, Route(404, "not found"))
            body = route.body.encode("utf-8")
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        # The URL is only known now; let bodies refer to it as {base}.
        for route in routes.values():
            route.body = route.body.replace("{base}", url)
            route.headers = {k: v.replace("{base}", url) for k, v in route.headers.items()}
        yield RouteServer(url, routes, requested)
    finally:
        server.shutdown()
        server.server_close()
