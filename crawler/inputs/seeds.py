"""Read the seeds an audit starts from: a seeds file or URLs given on the command line.

Each seed is a *site* (the creator's own site: follow links within its registered
domain) or a *page* (one off-platform post: that page only). Pure: no Scrapy.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.inputs.textfiles import decode_text_file

__all__ = ["MODES", "BadSeed", "Seed", "SeedsError", "parse_seed_line", "read_seeds_file",
           "seeds_from_urls"]

MODES = ("site", "page")
#: The most a seeds file may hold. 8 MiB is some 80,000 URLs, far past any creator's
#: list (at the polite crawl delay that many seeds take days); what is larger is the
#: wrong file (a video, a disk image), and it is refused before it is read.
MAX_SEEDS_BYTES = 8 * 1024 * 1024
#: The seeds-file name that means standard input.
STDIN = "-"
#: A keyword that may precede the URL, alone or with a mode: render the seed's pages
#: with JavaScript (``render URL``, ``page render URL``).
RENDER = "render"


class SeedsError(Exception):
    """A seeds file that cannot be read at all (missing, unreadable, not text)."""


@dataclass(frozen=True, slots=True)
class Seed:
    mode: str
    """``site`` or ``page``."""
    url: str
    source: str = "command line"
    """Where the seed came from, e.g. ``seeds.txt:3``."""
    render: bool = False
    """Render its pages in headless Chromium (``render`` keyword or ``--render``)."""

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "url": self.url, "source": self.source, "render": self.render}


@dataclass(frozen=True, slots=True)
class BadSeed:
    source: str
    """``FILE:LINE`` (or ``command line``)."""
    line: str
    why: str

    def __str__(self) -> str:
        return f"{self.source}: {self.why}"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "line": self.line, "why": self.why}


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme and "." in url.split("/", 1)[0]:
            return f"{url!r} has no scheme; write it as https://{url}"
        return f"{url!r} is not an http(s) URL"
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{url!r} has an invalid port"
    if not host:
        return f"{url!r} has no host"
    return None


def default_mode(url: str) -> str:
    """``site`` for a site's root (empty path or ``/``, no query), else ``page``.

    >>> default_mode("https://blog.example.com"), default_mode("https://blog.example.com/")
    ('site', 'site')
    >>> default_mode("https://zhuanlan.zhihu.com/p/123"), default_mode("https://b.example/?p=12")
    ('page', 'page')
    """
    parts = urlsplit(url)
    return "site" if parts.path in ("", "/") and not parts.query else "page"


def parse_seed_line(text: str, source: str) -> Seed | BadSeed | None:
    """One line of a seeds file: a seed, a bad line, or ``None`` for blanks and comments.

    >>> parse_seed_line("page https://www.zhihu.com/question/1/answer/2", "s.txt:1")
    Seed(mode='page', url='https://www.zhihu.com/question/1/answer/2', source='s.txt:1', render=False)
    >>> parse_seed_line("  # my blogs", "s.txt:2") is None
    True
    >>> print(parse_seed_line("blog https://x.example/", "s.txt:3"))
    s.txt:3: unknown keyword 'blog'; start the line with 'site', 'page' or just the URL
    >>> parse_seed_line("page render https://www.zhihu.com/p/1", "s.txt:4").render
    True
    """
    line = text.strip().lstrip("\ufeff")
    if not line or line.startswith("#"):
        return None
    words = line.split()
    # An end-of-line comment needs a space before '#': URLs may hold fragments.
    for i, word in enumerate(words):
        if word.startswith("#"):
            words = words[:i]
            break
    render = _take_render(words)
    if render and not words:
        return BadSeed(source, line, f"expected one URL after {RENDER!r}, got 0")
    keyword = words[0].lower()
    if keyword in MODES:
        render = _take_render(words, at=1) or render
        if len(words) != 2:
            return BadSeed(source, line, f"expected one URL after {keyword!r}, got {len(words) - 1}")
        mode, url = keyword, words[1]
    elif len(words) == 1:
        mode, url = None, words[0]
    elif "://" not in words[0] and "." not in words[0]:
        return BadSeed(
            source, line,
            f"unknown keyword {words[0]!r}; start the line with 'site', 'page' or just the URL",
        )
    else:
        return BadSeed(source, line, "expected one URL per line")
    problem = _url_problem(url)
    if problem:
        return BadSeed(source, line, problem)
    return Seed(mode or default_mode(url), url, source, render)


def _take_render(words: list[str], at: int = 0) -> bool:
    """Remove the ``render`` keyword at ``words[at]``; True when it was there."""
    if len(words) > at and words[at].lower() == RENDER:
        del words[at]
        return True
    return False


def _collect(items: Iterable[Seed | BadSeed | None],
             notes: list[str] | None = None) -> tuple[list[Seed], list[BadSeed]]:
    seeds: list[Seed] = []
    bad: list[BadSeed] = []
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        if isinstance(item, BadSeed):
            bad.append(item)
        elif item is not None and (item.mode, item.url) not in seen:
            seen[item.mode, item.url] = len(seeds)
            seeds.append(item)
        elif item is not None:
            at = seen[item.mode, item.url]
            if notes is not None:
                notes.append(f"{item.source}: {item.url} repeats {seeds[at].source}; dropped")
            if item.render:  # a repeated line that asks for rendering gets it
                seeds[at] = replace(seeds[at], render=True)
    return seeds, bad


def seeds_from_urls(urls: Iterable[str], *,
                    notes: list[str] | None = None) -> tuple[list[Seed], list[BadSeed]]:
    """Seeds from command-line URLs; each follows the same rule as a bare line in a file.

    Repeated seeds are dropped; with ``notes``, each one dropped adds a line to it.
    """
    return _collect((parse_seed_line(url, "command line") for url in urls), notes)


def read_seeds_file(path: str | Path, *,
                    notes: list[str] | None = None) -> tuple[list[Seed], list[BadSeed]]:
    """Seeds and bad lines of a seeds file: lines of text, or a CSV/XLSX table with a url column.

    ``"-"`` is standard input (``… | linkaudit crawl --seeds -``), read as a text file.
    Repeated seeds are dropped; with ``notes``, each one dropped adds a line to it.
    Raises :class:`SeedsError` when the file cannot be used at all (missing,
    unreadable, empty, not text, a table without a ``url`` column).
    """
    from crawler.inputs.seedlists import TABLE_SUFFIXES, TableError, table_lines

    if str(path) == STDIN:
        path, raw = Path("stdin"), _read_stdin()  # sources read stdin:1, stdin:2…
    else:
        path = Path(path)
        raw = _read_capped(path)
    if not raw.strip():
        raise SeedsError(f"seeds file {path} is empty; write one URL per line ('site URL' "
                         "for your own site, 'page URL' for a single post)")
    if path.suffix.lower() in TABLE_SUFFIXES:
        try:
            lines = list(table_lines(path, raw))
        except TableError as exc:
            raise SeedsError(str(exc)) from None
    else:
        text = _seeds_text(path, raw)
        lines = [(f"{path}:{number}", line)
                 for number, line in enumerate(text.splitlines(), start=1)]
    return _collect((parse_seed_line(line, source) for source, line in lines), notes)


def _read_stdin() -> bytes:
    raw: bytes = sys.stdin.buffer.read(MAX_SEEDS_BYTES + 1)
    if len(raw) > MAX_SEEDS_BYTES:
        raise SeedsError(f"the seeds on standard input are over the {MAX_SEEDS_BYTES >> 20} MiB "
                         "a seeds list may be (about 80,000 URLs); split the list")
    return raw


def _read_capped(path: Path) -> bytes:
    """The bytes of the regular file ``path``, at most :data:`MAX_SEEDS_BYTES` of them."""
    try:
        # Non-blocking: opening a FIFO with no writer would otherwise wait for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SeedsError(
            f"seeds file {path} does not exist; create it with one URL per line "
            "('site URL' for your own site, 'page URL' for a single post)"
        ) from None
    except IsADirectoryError:
        raise SeedsError(f"seeds file {path} is a folder; pass the file in it that lists "
                         "the URLs") from None
    except OSError as exc:
        raise SeedsError(f"cannot read seeds file {path}: {exc.strerror}; check its "
                         "permissions or copy it somewhere readable") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise SeedsError(f"seeds file {path} is a folder; pass the file in it that lists "
                             "the URLs")
        # /dev/zero never ends, a pipe may never be written to.
        raise SeedsError(f"seeds file {path} is not a regular file (a device, pipe or "
                         "socket); save the list of URLs to a file and pass that")
    with os.fdopen(fd, "rb") as f:
        try:
            raw = f.read(MAX_SEEDS_BYTES + 1)
        except OSError as exc:
            raise SeedsError(f"cannot read seeds file {path}: {exc.strerror}; check its "
                             "permissions or copy it somewhere readable") from None
        if len(raw) > MAX_SEEDS_BYTES:
            size = max(os.fstat(f.fileno()).st_size, len(raw))
            raise SeedsError(
                f"seeds file {path} is {size / 2**20:.1f} MiB, over the {MAX_SEEDS_BYTES >> 20} "
                "MiB a seeds list may be (about 80,000 URLs); check that it is the right "
                "file, or split the list"
            )
    return raw


def _seeds_text(path: Path, raw: bytes) -> str:
    if raw.startswith(b"PK\x03\x04"):
        raise SeedsError(f"seeds file {path} is a zip or Excel file; name it .xlsx (with a "
                         "'url' column) or save it as text, one URL per line")
    # Windows Notepad's "Unicode" is UTF-16 with a BOM; Excel's plain text is GBK.
    decoded = decode_text_file(raw)
    if decoded is not None and "\x00" not in decoded[0]:  # NULs: UTF-16 without a BOM, or not text
        return decoded[0].lstrip("\ufeff")
    raise SeedsError(
        f"seeds file {path} is not text (not UTF-8, UTF-16 or GB18030); save it as UTF-8"
    )
