#!/usr/bin/env python3
"""Crawl throughput, CPU and memory at two site sizes (issue 6's figures).

One run, one machine. For each N of ``--pages`` it writes a deterministic creator
site of N pages to a temporary folder (pages from detect_throughput's
BlogGenerator, linked into one graph with deep chains, some GBK pages, a
sitemap), serves it on 127.0.0.1 (nginx when installed, else several Python
processes sharing the port), and times, each in its own process:

  (a) a bare Scrapy CrawlSpider that follows the site's links and only counts
      pages (benchmarks/bare_spider.py): the framework's ceiling;
  (b) ``linkaudit crawl`` of the site, the real CLI;
  (c) ``linkaudit scan`` of the same files on disk, with its default workers;
  (c1) the same with ``--jobs 1``: one process, the fair pair for (d), whose
      CPU time the detection target (≤ 2×) is measured against;
  (d) the raw parse of every file with the detector's parser (etree.HTMLParser on the
      bytes, as detect_throughput's (a0)).

It prints pages/s, CPU seconds per 1,000 pages (user+sys of the process and the
processes it waited for), peak RSS (of the largest such process), the pages each
reached, and the ratios the issue sets targets for; then the time and peak
memory of ``linkaudit report`` writing a workbook of 100,000 findings.

    .venv/bin/python benchmarks/crawl_bench.py                      # N = 5,000 and 20,000
    .venv/bin/python benchmarks/crawl_bench.py --pages 5000 20000 --repeat 3
    .venv/bin/python benchmarks/crawl_bench.py --pages 300          # quick look (~1 min)

Exit status: 0 when every run worked and reached every page (the targets are
reported, not enforced); 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import posixpath
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from detect_throughput import TAGS, BlogGenerator, _cpu_model, _source_state  # noqa: E402

PY = sys.executable
MB = 1_000_000
CHAIN_LENGTH = 30  # pages only reachable one after another: depth ~35 from the front page
GBK_SHARE = 0.03
TARGET_CRAWL_RATIO = 1.2
TARGET_DETECT_RATIO = 2.0
TARGET_RSS_RATIO = 1.3
TARGET_WORKBOOK_S = 30.0
TARGET_WORKBOOK_MB = 1024.0

# --------------------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------------------


@dataclass
class Site:
    root: Path
    paths: list[str]
    """URL path of every page, percent-encoded as linked (``/tags/%E6%95%B0%E7%A0%81/``)."""
    bytes: int = 0
    gbk: int = 0
    planted: Counter = field(default_factory=Counter)
    pages_with_plants: int = 0
    links: int = 0
    max_depth: int = 0
    generated_s: float = 0.0

    @property
    def n(self) -> int:
        return len(self.paths)


def _file_of(root: Path, path: str) -> Path:
    rel = unquote(path).lstrip("/")
    return root / (rel + "index.html" if rel.endswith("/") or not rel else rel)


class SiteGenerator(BlogGenerator):
    """BlogGenerator pages whose internal links point at the site's real pages.

    The page under construction takes its required links first (the next page of
    its chain, a tag or archive page) and then random pages of the main pool.
    """

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.link_rng = random.Random(seed * 7919 + 1)
        self.pending: list[str] = []
        self.pool: list[str] = []
        self.here = "/"

    def internal(self, base: str) -> str:
        target = self.pending.pop(0) if self.pending else self.link_rng.choice(self.pool)
        return self.href(target)

    def href(self, target: str) -> str:
        """``target`` written as sites write their links: mostly root-relative, some relative."""
        r = self.link_rng.random()
        if r < 0.75:
            return target
        directory = self.here if self.here.endswith("/") else posixpath.dirname(self.here) + "/"
        if r < 0.95:
            rel = posixpath.relpath(target.rstrip("/") or "/", directory.rstrip("/") or "/")
            return rel + ("/" if target.endswith("/") and rel != "." else "")
        return target + "#comments"


def _slug(rng: random.Random) -> str:
    words = ("notes", "review", "setup", "desk", "keyboard", "travel", "coffee", "camera", "linux",
             "python", "blog", "theme", "deploy", "backup", "reading", "weekend", "tools", "nas")
    return "-".join(rng.choice(words) for _ in range(rng.randint(2, 4)))


def plan_site(n: int, seed: int) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """Page paths, the links each must carry, and the pool random links draw from.

    Every page is reachable from ``/``: the front page links to the first post, each
    main post to the next, the first posts to the tag and archive pages, and chains
    of CHAIN_LENGTH posts hang off main posts, each page linked only by the one before.
    """
    rng = random.Random(seed)
    tags = [f"/tags/{quote(t)}/" for t in TAGS]
    archives = [f"/archives/{y}/{m:02d}/" for y in range(2016, 2026) for m in range(1, 13)]
    n_posts = n - 1 - len(tags) - len(archives)
    if n_posts < 2 * CHAIN_LENGTH:
        raise SystemExit(f"--pages: at least {1 + len(tags) + len(archives) + 2 * CHAIN_LENGTH} "
                         f"pages are needed, got {n}")
    posts = [f"/posts/{rng.randint(2016, 2025)}/{_slug(rng)}-{i}.html" for i in range(n_posts)]
    n_chains = max(1, n_posts * 15 // 100 // CHAIN_LENGTH)
    main = posts[: n_posts - n_chains * CHAIN_LENGTH]
    chained = posts[len(main):]
    chains = [chained[i * CHAIN_LENGTH:(i + 1) * CHAIN_LENGTH] for i in range(n_chains)]
    required: dict[str, list[str]] = {"/": main[:8] + tags[:4]}
    listing = tags + archives
    for a, b in zip(main, main[1:], strict=False):
        required.setdefault(a, []).append(b)
    for k, page in enumerate(listing):
        required.setdefault(main[k % len(main)], []).append(page)
    for c, chain in enumerate(chains):
        required[main[(c * 7919 + len(main) // 3) % len(main)]].append(chain[0])
        for a, b in zip(chain, chain[1:], strict=False):
            required.setdefault(a, []).append(b)
    pool = main + listing[::10]
    return ["/", *tags, *archives, *posts], required, pool


CHUNK = 250  # pages per generator: chunk k is BlogGenerator(seed + k), whoever builds it
_PLAN: tuple[Path, int, list[str], dict[str, list[str]], list[str], dict[str, int]] | None = None


def _generate_chunk(start: int) -> dict[str, Any]:
    """Write pages ``start`` to ``start + CHUNK`` of the planned site (in a worker process)."""
    assert _PLAN is not None
    root, seed, paths, required, pool, number = _PLAN
    gen = SiteGenerator(seed + start // CHUNK)
    gen.pool = pool
    out: dict[str, Any] = {"bytes": 0, "gbk": 0, "planted": Counter(), "with_plants": 0,
                           "links": 0, "graph": []}
    for index in range(start, min(start + CHUNK, len(paths))):
        path = paths[index]
        gen.here = path
        gen.pending = list(required.get(path, ()))
        page = gen.build(index)
        if gen.pending:
            raise RuntimeError(f"{path}: {len(gen.pending)} required links did not fit")
        html = page.html
        if path.startswith("/posts/") and gen.link_rng.random() < GBK_SHARE:
            # The euro and yen signs are not in GBK: written as references, as editors do.
            data = html.replace('<meta charset="utf-8">', '<meta charset="gbk">', 1).encode(
                "gbk", errors="xmlcharrefreplace")
            out["gbk"] += 1
        else:
            data = html.encode("utf-8")
        file = _file_of(root, path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data)
        out["bytes"] += len(data)
        out["planted"].update(page.planted)
        out["with_plants"] += bool(page.planted)
        out["links"] += html.count("<a ")
        out["graph"].append(_internal_links(html, path, number))
    return out


def generate_site(root: Path, n: int, seed: int, jobs: int) -> Site:
    """Write the N pages under ``root``, CHUNK pages at a time in ``jobs`` processes.

    The site depends on the seed only, not on ``jobs``. No page is kept in memory.
    """
    global _PLAN
    t0 = time.perf_counter()
    paths, required, pool = plan_site(n, seed)
    site = Site(root, paths)
    _PLAN = (root, seed, paths, required, pool, {unquote(p): i for i, p in enumerate(paths)})
    graph: list[array] = []  # page -> the pages it links to, as indexes
    starts = range(0, n, CHUNK)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as workers:
            for part in workers.imap(_generate_chunk, starts):  # in order: graph[i] is page i
                site.bytes += part["bytes"]
                site.gbk += part["gbk"]
                site.planted.update(part["planted"])
                site.pages_with_plants += part["with_plants"]
                site.links += part["links"]
                graph += part["graph"]
    finally:
        _PLAN = None
    site.max_depth = _max_depth(graph)
    site.generated_s = time.perf_counter() - t0
    return site


_HREF = re.compile(r'<a\b[^>]*?\shref="([^"#]*)')


def _internal_links(html: str, path: str, number: dict[str, int]) -> array:
    """The pages of the site that ``<a href>``s on the page at ``path`` lead to."""
    base = "http://site" + path
    out = array("i")
    for href in _HREF.findall(html):
        if href.startswith(("http:", "https:", "//")):
            continue
        target = number.get(unquote(urljoin(base, href.replace("&amp;", "&"))[len("http://site"):]))
        if target is not None:
            out.append(target)
    return out


def _max_depth(graph: list[array]) -> int:
    """Clicks from ``/`` (page 0) to the farthest page; every page must be reachable."""
    depth = [-1] * len(graph)
    depth[0] = 0
    frontier = [0]
    while frontier:
        nxt = []
        for page in frontier:
            for link in graph[page]:
                if depth[link] < 0:
                    depth[link] = depth[page] + 1
                    nxt.append(link)
        frontier = nxt
    missing = depth.count(-1)
    if missing:
        raise RuntimeError(f"{missing} pages are not reachable from / by links")
    return max(depth)


def write_listings(site: Site, origin: str) -> None:
    """sitemap.xml (every page), robots.txt naming it, and an Atom feed of the latest posts."""
    with (site.root / "sitemap.xml").open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for path in site.paths:
            f.write(f"<url><loc>{origin}{path}</loc><changefreq>weekly</changefreq></url>\n")
        f.write("</urlset>\n")
    (site.root / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {origin}/sitemap.xml\n", encoding="utf-8")
    posts = [p for p in site.paths if p.startswith("/posts/")][-20:]
    entries = "".join(f"<entry><title>post {i}</title><link href=\"{origin}{p}\"/><id>{origin}{p}</id>"
                      f"<updated>2025-01-01T00:00:00Z</updated><summary>最近的文章</summary></entry>\n"
                      for i, p in enumerate(posts))
    (site.root / "atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>bench</title><link href=\"{origin}/\"/><id>{origin}/</id>"
        f"<updated>2025-01-01T00:00:00Z</updated>\n{entries}</feed>\n", encoding="utf-8")


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1."):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port} after {timeout:g} s")


_NGINX_CONF = """\
{user}worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ text/html html; application/xml xml; text/plain txt; }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=50000 inactive=60s;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


class Server:
    """nginx from the system packages, or Python http.server processes sharing one port."""

    def __init__(self, root: Path, workdir: Path, kind: str = "auto", workers: int = 2) -> None:
        self.root, self.workdir, self.workers = root, workdir, workers
        self.port = _free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        nginx = shutil.which("nginx") or next(
            (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
        if kind == "nginx" and not nginx:
            raise SystemExit("--server nginx: nginx is not installed (apt-get install -y nginx)")
        self.kind = "nginx" if nginx and kind in ("auto", "nginx") else "python"
        self.nginx = nginx
        self.procs: list[subprocess.Popen] = []
        self.description = ""

    def __enter__(self) -> Server:
        if self.kind == "nginx":
            d = self.workdir / "nginx"
            d.mkdir(parents=True, exist_ok=True)
            user = ""
            if os.geteuid() == 0:  # workers would otherwise drop to nobody and not read the site
                import pwd
                user = f"user {pwd.getpwuid(os.getuid()).pw_name};\n"
            (d / "nginx.conf").write_text(_NGINX_CONF.format(
                user=user, workers=self.workers, dir=d, port=self.port, root=self.root))
            proc = subprocess.Popen([self.nginx, "-p", str(d), "-c", str(d / "nginx.conf"),
                                     "-e", str(d / "error.log"), "-g", "daemon off;"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.procs.append(proc)
            version = subprocess.run([self.nginx, "-v"], capture_output=True, text=True).stderr.strip()
            self.description = f"{version.split(': ', 1)[-1]}, {self.workers} worker processes"
        else:
            for _ in range(self.workers):
                self.procs.append(subprocess.Popen(
                    [PY, str(Path(__file__).resolve()), "--_serve", str(self.root), str(self.port)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            self.description = (f"{self.workers} Python ThreadingHTTPServer processes on one port "
                                "(SO_REUSEPORT)" + ("" if self.nginx else "; nginx is not installed"))
        _wait_for(self.port, self.procs[0])
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT if self.kind == "nginx" else signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def cpu_seconds(self) -> float:
        """CPU used so far by the server's processes (nginx: master and its workers)."""
        pids = {p.pid for p in self.procs}
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(entry.name), int(fields[1])
            if pid in pids or ppid in pids:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total


def _serve_forever(root: str, port: int) -> None:
    """One of the fallback server's processes (``--_serve``)."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as nginx does

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class ReusePortServer(ThreadingHTTPServer):
        daemon_threads = True

        def server_bind(self) -> None:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            super().server_bind()

    server = ReusePortServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


# --------------------------------------------------------------------------------------
# Measuring one child process
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    server_cpu: float = 0.0


# Linux gives an exec'd process the peak RSS of the process it was forked from (exec
# carries the old address space's high-water mark into ru_maxrss), so a child of this
# script would report at least this script's size. A small launcher in between forks
# the measured process from ~10 MB instead, waits for it and hands its rusage back.
_LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, ru = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {ru.ru_utime} {ru.ru_stime} {ru.ru_maxrss}")
"""


def run_child(cmd: Sequence[str], logs: Path, name: str, server: Server | None = None,
              cwd: Path = ROOT) -> Run:
    """Run ``cmd``: its wall time, user+sys CPU and peak RSS (from wait4: the process and
    the children it waited for; the RSS is that of the largest of them)."""
    out, err, usage = logs / f"{name}.out", logs / f"{name}.err", logs / f"{name}.rusage"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    server_cpu = server.cpu_seconds() if server else 0.0
    with out.open("w") as fo, err.open("w") as fe:
        t0 = time.perf_counter()
        subprocess.run([PY, "-I", "-S", "-c", _LAUNCHER, str(usage), *cmd],
                       stdout=fo, stderr=fe, cwd=cwd, env=env, check=True)
        wall = time.perf_counter() - t0
    code, utime, stime, maxrss = usage.read_text().split()
    return Run(wall=wall, cpu=float(utime) + float(stime), rss_mb=int(maxrss) / 1024,
               returncode=int(code), stdout=out.read_text(errors="replace"),
               stderr=err.read_text(errors="replace"),
               server_cpu=(server.cpu_seconds() - server_cpu) if server else 0.0)


def raw_parse_worker(root: str) -> None:
    """(d), in its own process (``--_raw-parse``): the detector's parser (etree's
    HTMLParser, not lxml.html's, which looks up a Python class per element) on every
    page's bytes, plus its ``a[href]``; GBK pages with a GB18030 parser, as their
    declared charset says."""
    from lxml import etree

    utf8 = etree.HTMLParser(encoding="utf-8")
    gbk = etree.HTMLParser(encoding="gb18030")
    pages = links = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            parser = gbk if b'charset="gbk"' in data[:1024] else utf8
            doc = etree.fromstring(data, parser)
            links += sum(1 for a in doc.iter("a") if a.get("href"))
            pages += 1
    print(json.dumps({"pages": pages, "links": links}))


# --------------------------------------------------------------------------------------
# The five measures
# --------------------------------------------------------------------------------------


@dataclass
class Measure:
    key: str
    label: str
    runs: list[Run] = field(default_factory=list)
    reached: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    findings: int | None = None
    failed: bool = False
    problem: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)


def _reached_paths(urls: Iterator[str]) -> set[str]:
    return {unquote(urlsplit(u).path) for u in urls}


def _compare(measure: Measure, site: Site, reached: set[str]) -> None:
    wanted = {unquote(p) for p in site.paths}
    measure.reached = len(wanted & reached)
    measure.missed = sorted(wanted - reached)
    measure.extra = sorted(reached - wanted - {"/sitemap.xml", "/atom.xml", "/robots.txt"})


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def measure_bare(m: Measure, site: Site, server: Server, work: Path, args: argparse.Namespace,
                 i: int) -> None:
    urls = work / f"bare-{i}.urls"
    run = run_child([PY, str(HERE / "bare_spider.py"), server.origin + "/",
                     "--concurrency", str(args.concurrency), "--urls", str(urls)],
                    work, f"bare-{i}", server)
    m.runs.append(run)
    if run.returncode != 0:
        m.failed, m.problem = True, f"exit {run.returncode}: {run.stderr[-500:]}"
        return
    with urls.open(encoding="utf-8") as f:
        _compare(m, site, _reached_paths(line.strip() for line in f))


def measure_crawl(m: Measure, site: Site, server: Server, work: Path, args: argparse.Namespace,
                  i: int) -> None:
    report = work / f"crawl-{i}" / "REPORT.xlsx"
    run = run_child([PY, "-m", "crawler.cli", "crawl", server.origin + "/",
                     "--concurrency", str(args.concurrency), "--max-pages", str(site.n + 100),
                     "-o", str(report)], work, f"crawl-{i}", server)
    m.runs.append(run)
    pages = report.with_name("REPORT.pages.jsonl")
    if run.returncode not in (0, 1) or not pages.exists():
        m.failed, m.problem = True, f"exit {run.returncode}: {run.stderr[-500:]}"
        return
    ok = (r["url"] for r in _jsonl(pages) if r.get("status") == 200 and not r.get("error"))
    _compare(m, site, _reached_paths(ok))
    m.findings = sum(1 for _ in _jsonl(report.with_name("REPORT.jsonl")))


def measure_scan(m: Measure, site: Site, server: Server, work: Path, args: argparse.Namespace,
                 i: int, jobs: int | None = None) -> None:
    jobs = jobs or args.scan_jobs
    name = f"scan{jobs or ''}-{i}"
    report = work / name / "REPORT.xlsx"
    cmd = [PY, "-m", "crawler.cli", "scan", str(site.root), "-o", str(report)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    run = run_child(cmd, work, name)
    m.runs.append(run)
    pages = report.with_name("REPORT.pages.jsonl")
    if run.returncode not in (0, 1) or not pages.exists():
        m.failed, m.problem = True, f"exit {run.returncode}: {run.stderr[-500:]}"
        return
    root = site.root.resolve()
    reached = set()
    for r in _jsonl(pages):
        if r.get("error") or not r["url"].endswith(".html"):
            continue
        rel = "/" + Path(unquote(urlsplit(r["url"]).path)).relative_to(root).as_posix()
        reached.add(rel.removesuffix("index.html"))
    _compare(m, site, reached)
    m.findings = sum(1 for _ in _jsonl(report.with_name("REPORT.jsonl")))


def measure_raw(m: Measure, site: Site, server: Server, work: Path, args: argparse.Namespace,
                i: int) -> None:
    run = run_child([PY, str(Path(__file__).resolve()), "--_raw-parse", str(site.root)],
                    work, f"raw-{i}")
    m.runs.append(run)
    if run.returncode != 0:
        m.failed, m.problem = True, f"exit {run.returncode}: {run.stderr[-500:]}"
        return
    m.reached = json.loads(run.stdout)["pages"]
    if m.reached != site.n:
        m.failed, m.problem = True, f"parsed {m.reached} of {site.n} files"


MEASURES = (
    ("a", "(a) bare Scrapy CrawlSpider", measure_bare),
    ("b", "(b) linkaudit crawl", measure_crawl),
    ("c", "(c) linkaudit scan (files)", measure_scan),
    # One process against one process: the detection target's fair pair with (d).
    ("c1", "(c1) scan --jobs 1", partial(measure_scan, jobs=1)),
    ("d", "(d) raw lxml parse (files)", measure_raw),
)


@dataclass
class SizeResult:
    n: int
    site: Site
    measures: dict[str, Measure]
    server: str
    load_before: str
    load_after: str


def bench_size(n: int, repeat: int, args: argparse.Namespace, tmp: Path) -> SizeResult:
    work = tmp / f"n{n}"
    root = work / "site"
    root.mkdir(parents=True)
    print(f"\n== N = {n:,}: generating the site in {root} …", flush=True)
    site = generate_site(root, n, args.seed, os.cpu_count() or 1)
    measures = {key: Measure(key, label) for key, label, _ in MEASURES}
    with Server(root, work, args.server) as server:
        write_listings(site, server.origin)
        print(f"   {site.bytes / MB:.0f} MB in {site.generated_s:.0f} s; serving with {server.kind} "
              f"({server.description}) at {server.origin}", flush=True)
        load_before = _load()
        for i in range(repeat):  # interleaved: drift and neighbours' load hit all five alike
            for key, label, fn in MEASURES:
                print(f"   run {i + 1}/{repeat} {label} …", end=" ", flush=True)
                fn(measures[key], site, server, work, args, i)
                r = measures[key].runs[-1]
                print(f"{r.wall:.1f} s wall, {r.cpu:.1f} s CPU, {r.rss_mb:.0f} MB"
                      + (f" — FAILED {measures[key].problem}" if measures[key].failed else ""),
                      flush=True)
        load_after = _load()
        server_desc = f"{server.kind} ({server.description})"
    result = SizeResult(n, site, measures, server_desc, load_before, load_after)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return result


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# --------------------------------------------------------------------------------------
# The workbook of 100,000 findings
# --------------------------------------------------------------------------------------


def finding_templates(seed: int, want: int = 300) -> list[dict[str, Any]]:
    """Real findings (the detector's own rows) from generated pages with plants."""
    from crawler.detect import find_affiliate_links

    gen = BlogGenerator(seed + 1)
    rows: list[dict[str, Any]] = []
    i = 0
    while len(rows) < want and i < 5000:
        page = gen.build(i)
        i += 1
        if page.planted:
            rows += [f.to_dict() for f in find_affiliate_links(page.html, page.url)]
    if not rows:
        raise RuntimeError("the detector found nothing in the generated pages")
    return rows


def write_big_record(folder: Path, findings: int, seed: int) -> tuple[Path, int]:
    """REPORT.jsonl with ``findings`` rows on findings/4 pages, plus its pages and run files."""
    templates = finding_templates(seed)
    per_page = 4
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "REPORT.jsonl"
    n_pages = (findings + per_page - 1) // per_page
    with record.open("w", encoding="utf-8") as f:
        for k in range(findings):
            row = dict(templates[k % len(templates)])
            row["page_url"] = f"https://blog.example.cn/posts/{k // per_page}.html"
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    with (folder / "REPORT.pages.jsonl").open("w", encoding="utf-8") as f:
        for p in range(n_pages):
            f.write(json.dumps({
                "url": f"https://blog.example.cn/posts/{p}.html", "mode": "site",
                "seed": "https://blog.example.cn/", "status": 200, "findings": per_page,
                "depth": 1 + p % 7, "redirects": [], "error": None, "note": None, "audited": True,
                "rendered": False, "script_inserts": None, "found_via": None},
                separators=(",", ":")) + "\n")
    (folder / "REPORT.run.json").write_text(json.dumps({
        "command": "crawl", "started": "2025-01-01T00:00:00+00:00",
        "finished": "2025-01-01T01:00:00+00:00",
        "seeds": [{"mode": "site", "url": "https://blog.example.cn/", "source": "command line"}],
        "bad_seeds": [], "complete": True, "finish_reason": "finished", "not_followed": {},
        "previous_report": None, "mine": [], "notes": []}), encoding="utf-8")
    return record, n_pages


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _fmt_missed(m: Measure, n: int) -> str:
    if m.failed:
        return f"FAILED: {m.problem}"
    if m.reached == n and not m.missed:
        text = f"all {n:,}"
    else:
        shown = ", ".join(m.missed[:3]) + (" …" if len(m.missed) > 3 else "")
        text = f"{m.reached:,} of {n:,}; missed {len(m.missed):,} ({shown})"
    if m.extra:
        text += f"; +{len(m.extra)} not in the site ({', '.join(m.extra[:2])})"
    return text


def print_size(res: SizeResult, repeat: int) -> dict[str, Any]:
    n, site, ms = res.n, res.site, res.measures
    print(f"\nN = {n:,} pages: {site.bytes / MB:.0f} MB ({site.bytes / n / 1000:.1f} KB/page), "
          f"{site.links / n:.0f} <a>/page, {site.gbk} GBK pages, {site.pages_with_plants} pages "
          f"with affiliate links ({site.planted.total()} planted findings); the deepest page is "
          f"{site.max_depth} clicks from /")
    print(f"server: {res.server}; load average {res.load_before} before, {res.load_after} after"
          + (f"; median of {repeat} runs" if repeat > 1 else "; 1 run"))
    print(f"{'measure':30} {'wall s':>7} {'pages/s':>8} {'CPU s':>7} {'CPU s/1k':>9} "
          f"{'peak RSS':>9} {'server CPU':>10}  pages reached")
    rows = {}
    for key, label, _ in MEASURES:
        m = ms[key]
        if not m.runs:
            continue
        wall, cpu, rss = m.median("wall"), m.median("cpu"), max(r.rss_mb for r in m.runs)
        pages = m.reached or n
        srv = m.median("server_cpu")
        rows[key] = {"wall_s": wall, "cpu_s": cpu, "pages_per_s": pages / wall,
                     "cpu_s_per_1000": 1000 * cpu / pages, "peak_rss_mb": rss,
                     "server_cpu_s": srv, "reached": m.reached, "missed": len(m.missed),
                     "findings": m.findings, "failed": m.failed,
                     "wall_runs": [r.wall for r in m.runs], "cpu_runs": [r.cpu for r in m.runs]}
        print(f"{label:30} {wall:7.1f} {pages / wall:8.0f} {cpu:7.1f} {1000 * cpu / pages:9.2f} "
              f"{rss:7.0f} MB {f'{srv:.1f} s' if key in 'ab' else '-':>10}  {_fmt_missed(m, n)}")
    planted = site.planted.total()
    for key in ("b", "c", "c1"):
        if key in rows and rows[key]["findings"] is not None and rows[key]["findings"] != planted:
            print(f"   note: {ms[key].label} recorded {rows[key]['findings']} findings; "
                  f"{planted} were planted")
    ratios = {}
    if "a" in rows and "b" in rows:
        ratios["crawl_vs_bare"] = rows["b"]["pages_per_s"] / rows["a"]["pages_per_s"]
        ratios["crawl_vs_bare_cpu"] = rows["a"]["cpu_s"] / rows["b"]["cpu_s"]
        ok = "meets" if ratios["crawl_vs_bare"] >= TARGET_CRAWL_RATIO else "MISSES"
        print(f"(b)/(a) pages/s = {ratios['crawl_vs_bare']:.2f}× (CPU: (a)/(b) = "
              f"{ratios['crawl_vs_bare_cpu']:.2f}×) — {ok} the ≥ {TARGET_CRAWL_RATIO}× target")
    if "c1" in rows and "d" in rows:
        ratios["scan1_vs_parse_cpu"] = rows["c1"]["cpu_s"] / rows["d"]["cpu_s"]
        ok = "meets" if ratios["scan1_vs_parse_cpu"] <= TARGET_DETECT_RATIO else "MISSES"
        print(f"detection + recording: (c1)/(d) CPU s = {ratios['scan1_vs_parse_cpu']:.2f}× "
              f"(one process each; wall {rows['c1']['wall_s'] / rows['d']['wall_s']:.2f}×) — "
              f"{ok} the ≤ {TARGET_DETECT_RATIO:g}× target")
    if "c" in rows and "d" in rows:
        ratios["scan_vs_parse_cpu"] = rows["c"]["cpu_s"] / rows["d"]["cpu_s"]
        print(f"   with scan's default workers: (c)/(d) CPU s = {ratios['scan_vs_parse_cpu']:.2f}× "
              f"(wall {rows['c']['wall_s'] / rows['d']['wall_s']:.2f}×; the difference is the "
              f"workers' start-up and hand-off)")
    return {"n": n, "site_mb": site.bytes / MB, "gbk_pages": site.gbk,
            "pages_with_plants": site.pages_with_plants, "planted": planted,
            "max_depth": site.max_depth, "server": res.server, "load_before": res.load_before,
            "load_after": res.load_after, "repeat": repeat, "measures": rows, "ratios": ratios}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[5000, 20000], metavar="N",
                    help="site sizes (default: 5000 20000)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each measure for every size but the largest, which runs once "
                         "(it takes minutes); medians are printed (default 1)")
    ap.add_argument("--concurrency", type=int, default=16,
                    help="requests at a time, for both crawls (default 16)")
    ap.add_argument("--scan-jobs", type=int, default=None,
                    help="linkaudit scan --jobs (default: scan's own, the CPU count)")
    ap.add_argument("--server", choices=("auto", "nginx", "python"), default="auto",
                    help="auto: nginx when installed, else Python processes (default auto)")
    ap.add_argument("--workbook-findings", type=int, default=100_000, metavar="N",
                    help="findings in the workbook benchmark; 0 skips it (default 100000)")
    ap.add_argument("--seed", type=int, default=20240603)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    ap.add_argument("--_serve", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_raw-parse", dest="raw_parse", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._serve:
        _serve_forever(args._serve[0], int(args._serve[1]))
        return 0
    if args.raw_parse:
        raw_parse_worker(args.raw_parse)
        return 0
    if args.repeat < 1 or args.concurrency < 1:
        ap.error("--repeat and --concurrency must be at least 1")

    import lxml
    import scrapy

    print(f"Python {platform.python_version()}, Scrapy {scrapy.__version__}, lxml {lxml.__version__}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({_cpu_model()})")
    print(f"linkaudit {_source_state()}; concurrency {args.concurrency}, no delay; seed {args.seed}")
    started = time.perf_counter()
    sizes = sorted(set(args.pages))
    tmp = Path(tempfile.mkdtemp(prefix="linkaudit-crawl-bench-"))
    results, ok = [], True
    try:
        for n in sizes:
            repeat = args.repeat if n != sizes[-1] or len(sizes) == 1 else 1
            res = bench_size(n, repeat, args, tmp)
            results.append(res)
        summary = [print_size(r, len(r.measures["a"].runs)) for r in results]
        for r in results:
            ok &= all(not m.failed and not m.missed for m in r.measures.values())
        extra: dict[str, Any] = {}
        if len(results) >= 2:
            small, big = results[0], results[-1]
            rss_s = max(x.rss_mb for x in small.measures["b"].runs)
            rss_b = max(x.rss_mb for x in big.measures["b"].runs)
            extra["crawl_rss_ratio"] = rss_b / rss_s
            verdict = "meets" if rss_b / rss_s <= TARGET_RSS_RATIO else "MISSES"
            print(f"\nlinkaudit crawl peak RSS: {rss_b:.0f} MB at {big.n:,} pages / {rss_s:.0f} MB at "
                  f"{small.n:,} = {rss_b / rss_s:.2f}× — {verdict} the ≤ {TARGET_RSS_RATIO}× target")
            for key in ("a", "c"):
                s = max(x.rss_mb for x in small.measures[key].runs)
                b = max(x.rss_mb for x in big.measures[key].runs)
                print(f"   for comparison, {small.measures[key].label}: {b:.0f} / {s:.0f} MB = {b / s:.2f}×")
        if args.workbook_findings:
            folder = tmp / "workbook"
            record, n_pages = write_big_record(folder, args.workbook_findings, args.seed)
            run = run_child([PY, "-m", "crawler.cli", "report", str(record),
                             "-o", str(folder / "REPORT.xlsx")], folder, "report")
            size = (folder / "REPORT.xlsx").stat().st_size / MB if run.returncode == 0 else 0
            verdict = ("meets" if run.wall <= TARGET_WORKBOOK_S and run.rss_mb <= TARGET_WORKBOOK_MB
                       else "MISSES")
            print(f"\nworkbook of {args.workbook_findings:,} findings on {n_pages:,} pages "
                  f"(linkaudit report): {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, peak RSS "
                  f"{run.rss_mb:.0f} MB, {size:.1f} MB .xlsx — {verdict} the ≤ "
                  f"{TARGET_WORKBOOK_S:g} s and ≤ 1 GB target; load average {_load()}"
                  + ("" if run.returncode == 0 else f" — FAILED: {run.stderr[-500:]}"))
            ok &= run.returncode == 0
            extra["workbook"] = {"findings": args.workbook_findings, "pages": n_pages,
                                 "wall_s": run.wall, "cpu_s": run.cpu, "peak_rss_mb": run.rss_mb,
                                 "xlsx_mb": size}
        print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
        if args.json:
            Path(args.json).write_text(json.dumps({"sizes": summary, **extra}, indent=1))
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
