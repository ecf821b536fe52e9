"""``linkaudit demo``: audit the bundled sample creator site, served on 127.0.0.1."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.commands.crawl import audit_seeds
from crawler.commands.reportfiles import DEFAULT_OUTPUT, report_path
from crawler.commands.summary import AuditOutcome
from crawler.config import CrawlOptions
from crawler.inputs.seeds import Seed
from crawler.progress import Progress

__all__ = ["DemoOutcome", "demo"]


@dataclass(frozen=True)
class DemoOutcome:
    site: str
    """Where the sample site was served."""
    posts: str
    """Where the two off-platform-style posts were served."""
    audit: AuditOutcome


def demo(*, output: str | None, verbose: bool = False,
         progress: Progress | None = None) -> DemoOutcome:
    """Serve the sample site and posts, audit them and build the workbook."""
    from crawler.demo import POSTS, demo_dir
    from crawler.serve import serve_folder

    report = report_path(output, DEFAULT_OUTPUT / "demo-report.xlsx")
    with serve_folder(demo_dir("site")) as site, serve_folder(demo_dir("posts")) as posts:
        seeds = (Seed("site", site, "demo"), *(Seed("page", posts + p, "demo") for p in POSTS))
        audit = audit_seeds(report, seeds, (), CrawlOptions(
            log_level="INFO" if verbose else "WARNING", progress=progress))
    return DemoOutcome(site, posts, audit)
