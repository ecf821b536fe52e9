"""Sanity-check the static fixture sites (run by hand: ``python tests/site/check_fixture.py``).

It checks the fixtures, not the crawler: every page is UTF-8 with ``<meta charset="utf-8">``,
every site-relative link resolves to a file, a robots-obeying breadth-first crawl from ``/``
reaches exactly the ``pages`` of ``expected.json`` (the deep page at depth 3, ``/private/``
never), each expected PID and each look-alike really is in its page's source, and
``expected_verify.json`` splits ``expected.json`` into removed + remaining.
"""

from __future__ import annotations

import json
import sys
import urllib.robotparser
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BASE = "http://127.0.0.1:8000"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def _file(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def crawl(site: Path) -> dict[str, int]:
    """Return ``{path: depth}`` for every page a robots-obeying crawl from ``/`` audits."""
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((site / "robots.txt").read_text(encoding="utf-8").splitlines())
    depth, queue = {"/": 0}, ["/"]
    while queue:
        path = queue.pop(0)
        page = _file(site, path)
        assert page.is_file(), f"{site.name}: broken link to {path}"
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            url = urlsplit(urljoin(BASE + path, href))
            if f"{url.scheme}://{url.netloc}" != BASE:
                continue  # off-site: never fetched
            if not robots.can_fetch("linkaudit", BASE + url.path):
                assert _file(site, url.path).is_file(), f"{site.name}: broken link to {url.path}"
                continue
            if url.path not in depth:
                depth[url.path] = depth[path] + 1
                queue.append(url.path)
    return depth


def check_pages_are_utf8(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_bytes().decode("utf-8")
        assert '<meta charset="utf-8">' in text, f'{page}: no <meta charset="utf-8">'


def check_expected(site: Path, expected: dict, pages: list[str]) -> None:
    depth = crawl(site)
    assert sorted(depth) == sorted(pages), f"{site.name}: crawl reached {sorted(depth)}"
    assert depth["/posts/deep.html"] == 3, depth
    for entry in (
        expected.get("findings", []) + expected.get("remaining", []) + expected.get("new", [])
    ):
        source = _file(site, entry["page"]).read_text(encoding="utf-8")
        pid = entry["pid"]
        assert pid is None or pid in source or quote(pid) in source, f"{site.name}: {entry}"
    for entry in expected.get("not_findings", []):
        source = _file(site, entry["page"]).read_text(encoding="utf-8")
        assert entry["what"] in source, f"{site.name}: look-alike missing: {entry}"


def main() -> int:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    cleaned = HERE.parent / "site_cleaned"
    verify = json.loads((cleaned / "expected_verify.json").read_text(encoding="utf-8"))
    key = lambda e: (e["page"], e["kind"], e["pid"] or "")  # noqa: E731
    before = sorted(map(key, expected["findings"]))
    assert len(set(before)) == len(before), "duplicate entries in expected.json"
    assert sorted(map(key, verify["removed"] + verify["remaining"])) == before
    assert not set(map(key, verify["new"])) & set(before)

    demo = ROOT / "crawler" / "demo"
    for site in (HERE, cleaned, demo / "site", demo / "posts"):
        check_pages_are_utf8(site)
    check_expected(HERE, expected, expected["pages"])
    check_expected(cleaned, verify, expected["pages"])
    demo_pages = sorted(crawl(demo / "site"))
    all_demo = sorted(
        "/"
        if p.name == "index.html" and p.parent == demo / "site"
        else "/" + str(p.relative_to(demo / "site"))
        for p in (demo / "site").rglob("*.html")
        if "admin" not in p.parts
    )
    assert demo_pages == all_demo, demo_pages
    print(
        f"ok: {len(before)} findings, {len(expected['pages'])} test pages, {len(demo_pages)} demo pages"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
