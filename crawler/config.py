"""The audit's own settings, read once from Scrapy settings into a typed record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .seeds import BadSeed, Seed

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["AuditConfig", "ConfigError"]


class ConfigError(ValueError):
    """Settings that cannot work together; the message names the settings."""


@dataclass(frozen=True)
class AuditConfig:
    report: Path
    """Where the workbook goes; the JSONL record and sidecars sit beside it."""
    seeds: tuple[Seed, ...] = ()
    bad_seeds: tuple[BadSeed, ...] = ()
    max_pages: int = 10000
    max_depth: int = 50
    max_redirects: int = 10
    render_workbook: bool = True
    rules_files: tuple[str, ...] = ()
    command: str = "crawl"
    mine: tuple[str, ...] = ()
    """The creator's own ids (``--mine``): PIDs, member ids, union ids, tags."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> AuditConfig:
        report = Path(settings.get("LINKAUDIT_REPORT") or "output/linkaudit-report.xlsx")
        if report.suffix.lower() != ".xlsx":
            raise ConfigError(
                f"LINKAUDIT_REPORT must name an .xlsx file, got {str(report)!r} "
                "(e.g. -o output/report.xlsx)"
            )
        max_pages = settings.getint("LINKAUDIT_MAX_PAGES", 10000)
        max_depth = settings.getint("LINKAUDIT_MAX_DEPTH", 50)
        if max_pages < 1:
            raise ConfigError(f"LINKAUDIT_MAX_PAGES (--max-pages) must be at least 1, got {max_pages}")
        if max_depth < 0:
            raise ConfigError(f"LINKAUDIT_MAX_DEPTH (--depth) must be 0 or more, got {max_depth}")
        return cls(
            report=report,
            seeds=tuple(_seed(s) for s in settings.getlist("LINKAUDIT_SEEDS")),
            bad_seeds=tuple(_bad(b) for b in settings.getlist("LINKAUDIT_BAD_SEEDS")),
            max_pages=max_pages,
            max_depth=max_depth,
            max_redirects=settings.getint("REDIRECT_MAX_TIMES", 10),
            render_workbook=settings.getbool("LINKAUDIT_RENDER_WORKBOOK", True),
            rules_files=tuple(settings.getlist("LINKAUDIT_RULES")),
            command=settings.get("LINKAUDIT_COMMAND", "crawl"),
            mine=tuple(settings.getlist("LINKAUDIT_MINE")),
        )


def _seed(value: Any) -> Seed:
    if isinstance(value, Seed):
        return value
    return Seed(value["mode"], value["url"], value.get("source", "settings"))


def _bad(value: Any) -> BadSeed:
    if isinstance(value, BadSeed):
        return value
    return BadSeed(value["source"], value.get("line", ""), value["why"])
