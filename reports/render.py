"""Render a report's workbook from its JSON Lines record and sidecars."""

from __future__ import annotations

from pathlib import Path

from reports.record import StrPath, read_jsonl, read_run_json, sidecars
from reports.workbook import write_workbook

__all__ = ["render_report"]


def render_report(xlsx_path: StrPath, *, source: StrPath | None = None) -> Path:
    """Write ``xlsx_path`` from the record of the report ``source`` (default: the same report).

    Reads ``REPORT.jsonl``, ``REPORT.pages.jsonl`` and ``REPORT.run.json``. The
    JSONL record is the source of truth; the workbook can always be rendered
    again from it (for instance after Excel held the old one open).
    """
    files = sidecars(source if source is not None else xlsx_path)
    run = read_run_json(files.run) if files.run.exists() else {"command": "report", "seeds": []}
    findings = read_jsonl(files.findings)
    pages = read_jsonl(files.pages) if files.pages.exists() else []
    return write_workbook(xlsx_path, run=run, findings=findings, pages=pages)
