"""``linkaudit demo``: audit the bundled sample creator site, clean it, verify the cleanup.

The sample site and posts are copied into a temporary folder served on 127.0.0.1;
after the first audit the copy is cleaned as a creator would clean it (the edits
of ``crawler/demo/cleanup.toml``) and the same URLs are verified against the
first report. ``--serve`` only keeps the originals up.
"""

from __future__ import annotations

import dataclasses
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from crawler.commands.crawl import audit_seeds
from crawler.commands.reportfiles import DEFAULT_OUTPUT, report_path
from crawler.commands.summary import AuditOutcome
from crawler.commands.verify import VerifyOutcome
from crawler.config import CrawlOptions
from crawler.inputs.seeds import Seed
from crawler.progress import Progress

__all__ = ["DemoOutcome", "DemoServed", "demo", "serving"]

#: The bundled folders served.
_SAMPLE = ("site", "posts")


@dataclass(frozen=True)
class DemoOutcome:
    site: str
    """Where the sample site was served."""
    posts: str
    """Where the two off-platform-style posts were served."""
    audit: AuditOutcome
    verify: VerifyOutcome | None
    """The re-audit of the cleaned copy; ``None`` when the first workbook was not written."""


@dataclass(frozen=True)
class DemoServed:
    site: str
    posts: str
    command: str
    """A ``linkaudit crawl`` command auditing what is served."""


def _seeds(site: str, posts: str) -> tuple[Seed, ...]:
    from crawler.demo import POSTS

    return (Seed("site", site, "demo"), *(Seed("page", posts + p, "demo") for p in POSTS))


def demo(*, output: str | None, verbose: bool = False,
         progress: Progress | None = None, lang: str | None = None) -> DemoOutcome:
    """Audit the sample site and posts, swap in their cleaned copies and verify the first report.

    The verify report is written beside the first one, as ``<name>.verify.xlsx``.
    """
    from crawler.demo import clean, demo_dir
    from crawler.serve import serve_folder

    report = report_path(output, DEFAULT_OUTPUT / "demo-report.xlsx")
    options = CrawlOptions(log_level="INFO" if verbose else "WARNING", progress=progress,
                           lang=lang)
    with tempfile.TemporaryDirectory(prefix="linkaudit-demo-") as tmp:
        served = {name: Path(tmp) / name for name in _SAMPLE}
        for name, folder in served.items():
            shutil.copytree(demo_dir(name), folder)
        # One server per folder for the whole demo: verify re-reads the same URLs.
        with serve_folder(served["site"]) as site, serve_folder(served["posts"]) as posts:
            audit = audit_seeds(report, _seeds(site, posts), (), options)
            if not audit.workbook_written:
                return DemoOutcome(site, posts, audit, None)
            clean(Path(tmp))
            # The display draws on this process's terminal; it does not cross into the child.
            verified = _verify_in_child(report, report.with_name(f"{report.stem}.verify.xlsx"),
                                        dataclasses.replace(options, progress=None))
    return DemoOutcome(site, posts, audit, verified)


def _verify_in_child(previous: Path, report: Path, options: CrawlOptions) -> VerifyOutcome:
    """Run verify in a fresh process: Twisted's reactor runs one crawl per process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_verify, previous, report, options).result()


def _verify(previous: Path, report: Path, options: CrawlOptions) -> VerifyOutcome:
    from crawler.commands.reportfiles import release_locks
    from crawler.commands.verify import plan_verify, verify

    try:
        return verify(plan_verify(previous, output=str(report)), options)
    finally:
        release_locks()


@contextmanager
def serving() -> Iterator[DemoServed]:
    """Serve the sample site and posts on 127.0.0.1 until the block ends."""
    from crawler.demo import demo_dir
    from crawler.serve import serve_folder

    with serve_folder(demo_dir("site")) as site, serve_folder(demo_dir("posts")) as posts:
        command = shlex.join(["linkaudit", "crawl", *(s.url for s in _seeds(site, posts))])
        yield DemoServed(site, posts, command)
