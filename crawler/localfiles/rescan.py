"""What ``linkaudit verify`` may scan again of an earlier scan report, read back like any input.

A report can come from anywhere (a colleague, a download, a crafted file), so
the local paths it names are input, not instructions: only the folders and
files the original scan recorded in its run file (``REPORT.run.json``, which
linkaudit writes beside the workbook) are scanned again, each a ``file:`` URL
of this machine; and every file the earlier record names must lie inside
them. A row naming ``/etc/passwd`` or ``file://host/share`` is a damaged or
crafted record: an error naming the file and line, never a path to look at.

Pure of Scrapy: rows and paths in, paths or a :class:`ReportError` out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from crawler.localfiles.scan import SCAN_MODE
from crawler.localfiles.walk import path_of_uri
from reports.errors import ReportError
from reports.fileurls import is_local_file_url
from reports.record import iter_jsonl_spans

__all__ = ["FINDING_PATH_KEYS", "PAGE_PATH_KEYS", "check_record", "check_rows",
           "is_inside", "scan_roots_of"]

#: The keys of a record's rows that name a scanned file (as a ``file:`` URL).
FINDING_PATH_KEYS = ("page_url",)
PAGE_PATH_KEYS = ("url", "seed")
_AGAIN = "scan the folder again instead: linkaudit scan FOLDER"


def scan_roots_of(run: Mapping[str, Any] | None, run_file: Path, workbook: Path,
                  listed: Sequence[str]) -> list[Path]:
    """The paths the original scan audited, as its run file records them.

    ``run`` is the run file's content (``None`` when it is missing) and
    ``listed`` the ``file:`` URLs the workbook's seeds table shows, each of
    which the run file must record too.
    """
    if run is None:
        raise ReportError(f"{workbook}: a scan report without its run file {run_file.name}; "
                          "linkaudit re-scans only the folders a scan recorded there, beside "
                          f"the workbook. Put the file back, or {_AGAIN}")
    seeds = run.get("seeds")
    if not isinstance(seeds, list):
        raise ReportError(f"{run_file}: 'seeds' is not a list; the file is damaged or not "
                          f"linkaudit's; {_AGAIN}")
    roots: list[Path] = []
    recorded: set[str] = set()
    for number, seed in enumerate(seeds, 1):
        if not isinstance(seed, dict) or seed.get("mode") != SCAN_MODE:
            continue
        url = seed.get("url")
        if not isinstance(url, str) or not is_local_file_url(url):
            raise ReportError(f"{run_file}: seed {number} ({url!r}) is not a file:/// path on "
                              f"this machine; the file is damaged or was changed; {_AGAIN}")
        recorded.add(url)
        roots.append(_normal(path_of_uri(url)))
    for url in listed:
        if url not in recorded:
            raise ReportError(f"{workbook}: the seeds table on the Summary sheet lists {url}, "
                              f"which its run file {run_file.name} does not record as scanned; "
                              f"the workbook was changed or belongs to another report; {_AGAIN}")
    return roots


def is_inside(url: str, roots: Sequence[Path]) -> bool:
    """Whether the ``file:`` URL ``url`` names a path inside (or one of) ``roots``.

    ``..`` is resolved first, so it cannot climb out of a root.

    >>> roots = [Path("/home/me/blog")]
    >>> is_inside("file:///home/me/blog/source/a.md", roots), is_inside("file:///home/me/blog", roots)
    (True, True)
    >>> [is_inside(u, roots) for u in ("file:///etc/passwd", "file:///home/me/blog/../.ssh/id",
    ...                                "file:///home/me/blog2/a.md", "file://host/home/me/blog/a")]
    [False, False, False, False]
    """
    if not is_local_file_url(url):
        return False
    path = _normal(path_of_uri(url))
    return any(path.is_relative_to(root) for root in roots)


def check_rows(rows: Iterable[tuple[str, Mapping[str, Any]]], keys: Sequence[str],
               roots: Sequence[Path]) -> None:
    """Raise :class:`ReportError` at the first row whose ``keys`` name a file outside ``roots``.

    ``rows`` come with where each is (``"REPORT.xlsx, Findings sheet"``), for the message.
    """
    for where, row in rows:
        outside = _outside(row, keys, roots)
        if outside:
            raise _outside_error(where, outside, roots)


def check_record(path: Path, keys: Sequence[str], roots: Sequence[Path]) -> None:
    """:func:`check_rows` over a JSON Lines record, naming the line of a bad row."""
    for start, _end, row in iter_jsonl_spans(path):
        outside = _outside(row, keys, roots)
        if outside:
            raise _outside_error(f"{path}, line {_line_at(path, start)}", outside, roots)


def _outside(row: Mapping[str, Any], keys: Sequence[str], roots: Sequence[Path]) -> str | None:
    """``"key value"`` of the first ``file:`` URL of ``row`` outside ``roots``, if any."""
    for key in keys:
        value = row.get(key)
        if isinstance(value, str) and value[:5].lower() == "file:" and not is_inside(value, roots):
            return f"{key} {value}"
    return None


def _outside_error(where: str, outside: str, roots: Sequence[Path]) -> ReportError:
    shown = ", ".join(str(root) for root in roots) or "none"
    return ReportError(f"{where}: {outside} is not inside the folders the scan audited "
                       f"({shown}); the record is damaged, was changed or is not this "
                       f"report's. Nothing was scanned; {_AGAIN}")


def _line_at(path: Path, offset: int) -> int:
    """The line number of the byte at ``offset``: only counted for the message."""
    lines = 1
    with path.open("rb") as f:
        while offset > 0:
            block = f.read(min(offset, 1 << 20))
            if not block:
                break
            lines += block.count(b"\n")
            offset -= len(block)
    return lines


def _normal(path: Path) -> Path:
    return Path(os.path.normpath(path))
