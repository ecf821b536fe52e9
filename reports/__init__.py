"""Write and read linkaudit's outputs: the JSON Lines record and the Excel report.

Pure: plain rows in, files out. Never imports scrapy.
"""

from __future__ import annotations

# First: openpyxl is imported once, without numpy (see _openpyxl.py).
from reports import _openpyxl  # noqa: F401
from reports.columns import SHEETS
from reports.errors import ReportError
from reports.readback import read_done, read_findings, read_pages, read_run, read_seeds
from reports.record import (
    RecordWriter,
    Sidecars,
    read_jsonl,
    read_run_json,
    sidecars,
    write_run_json,
)
from reports.workbook import write_workbook

__all__ = [
    "SHEETS",
    "RecordWriter",
    "ReportError",
    "Sidecars",
    "read_done",
    "read_findings",
    "read_jsonl",
    "read_pages",
    "read_run",
    "read_run_json",
    "read_seeds",
    "sidecars",
    "write_run_json",
    "write_workbook",
]
