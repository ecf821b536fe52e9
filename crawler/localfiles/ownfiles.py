"""Tell linkaudit's own outputs from a creator's files, by what they hold, wherever they are.

A report written inside the folder being scanned (``cd blog && linkaudit scan .``
puts it in ``blog/output/``) holds every link it found, as JSON: auditing it
would report each link again, and ``verify`` could never call the folder clean.
The folder's name proves nothing, so the files are recognised by their content:
a record's first line is one of its rows, a run file is its metadata object, a
job folder holds Scrapy's state files. The files this very run writes are known
by name before they exist (:class:`OwnOutputs`). Workbooks need no test: a scan
never reads an ``.xlsx`` (a zip, binary by extension and by content).

Pure: bytes and names in, answers out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["JOB_FILES", "OwnOutputs", "is_job_folder", "is_record_line", "is_run_metadata"]

# The keys every row of each record has (reports.record, crawler.model.PageRecord,
# crawler.model.Finding, crawler.resolve.Resolution): a row holding all the keys
# of one of these is linkaudit's, since no other tool writes that combination.
RECORD_ROW_KEYS = (
    frozenset({"page_url", "link", "network", "kind", "rule", "location"}),  # REPORT.jsonl
    frozenset({"url", "mode", "seed", "status", "audited", "error"}),  # REPORT.pages.jsonl
    frozenset({"link", "rule", "resolved", "resolved_url", "hops"}),  # REPORT.resolved.jsonl
)
# REPORT.run.json: the metadata object write_run_json writes (crawl, scan, verify).
RUN_KEYS = frozenset({"command", "started", "seeds", "bad_seeds", "complete"})
# REPORT.written.json: what linkaudit last wrote to the workbook (reports.written).
WRITTEN_KEYS = frozenset({"workbook", "size", "sha256"})
#: What Scrapy keeps in a JOBDIR (``REPORT.job/`` for ``--resume``): pending requests
#: (pickled, with their URLs), seen fingerprints and the spider's state.
JOB_FILES = frozenset({"requests.queue", "requests.seen", "spider.state"})
# The temporary names a report's files are written under before their rename:
# ".NAME.<pid>.tmp" (reports.record.write_run_json, reports.workbook._save, verify).
_TEMP = re.compile(r"\.(?P<name>.+)\.\d+\.tmp")


def is_record_line(line: bytes) -> bool:
    """Whether ``line`` (a file's first line) is a row of a linkaudit JSON Lines record.

    >>> is_record_line(b'{"page_url":"file:///b/a.md","link":"https://u.jd.com/x",'
    ...                b'"network":"jd","kind":"short link","rule":"jd-short","location":"text"}')
    True
    >>> is_record_line(b'{"name":"my-blog","version":"1.0.0"}'), is_record_line(b"[1]")
    (False, False)
    """
    return _holds_keys(line, RECORD_ROW_KEYS)


def is_run_metadata(data: bytes) -> bool:
    """Whether ``data`` (a whole file) is a linkaudit run file (``REPORT.run.json``) or its
    note of the workbook written (``REPORT.written.json``).

    >>> is_run_metadata(b'{"command": "scan", "started": "", "seeds": [], "bad_seeds": [],'
    ...                 b' "complete": true}')
    True
    >>> is_run_metadata(b'{"workbook": "r.xlsx", "size": 9, "sha256": "ab"}')
    True
    >>> is_run_metadata(b'{"command": "build", "seeds": []}')
    False
    >>> is_run_metadata(b'{"workbook": "r.xlsx", "size": 9}')
    False
    """
    return _holds_keys(data, (RUN_KEYS, WRITTEN_KEYS))


def is_job_folder(names: Iterable[str]) -> bool:
    """Whether a folder holding ``names`` is a crawl's job folder (Scrapy's JOBDIR).

    >>> is_job_folder(["requests.queue", "requests.seen", "spider.state"])
    True
    >>> is_job_folder(["index.md", "state.json"])
    False
    """
    return not JOB_FILES.isdisjoint(names)


def _holds_keys(data: bytes, signatures: Iterable[frozenset[str]]) -> bool:
    if data.lstrip()[:1] != b"{":
        return False
    try:
        row = json.loads(data)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return isinstance(row, dict) and any(keys <= row.keys() for keys in signatures)


@dataclass(frozen=True)
class OwnOutputs:
    """The files a run is writing, recognised by folder and name even before they exist.

    The folder is compared by identity (device and inode), so the same folder
    reached through a symlink or a relative path is still recognised.
    """

    folder: tuple[int, int]
    """``(st_dev, st_ino)`` of the folder the report is written in."""
    names: frozenset[str]
    """The workbook's and its sidecars' names."""

    def holds(self, folder: tuple[int, int], name: str) -> bool:
        """Whether ``name`` in ``folder`` is one of these files, or one being written.

        >>> own = OwnOutputs((1, 2), frozenset({"x.xlsx", "x.jsonl"}))
        >>> own.holds((1, 2), "x.jsonl"), own.holds((1, 2), ".x.xlsx.4242.tmp")
        (True, True)
        >>> own.holds((1, 3), "x.jsonl"), own.holds((1, 2), "y.jsonl")
        (False, False)
        """
        if folder != self.folder:
            return False
        temp = _TEMP.fullmatch(name)
        return name in self.names or (temp is not None and temp["name"] in self.names)
