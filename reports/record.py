"""JSON Lines records written while a crawl runs, and the sidecar files beside a report."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from crawler.model import RunInfo
from reports.errors import OutOfSpaceError, ReportError

logger = logging.getLogger(__name__)

StrPath = str | os.PathLike[str]

#: The longest line read back. A finding holds at most one page (the crawl's
#: download cap is 16 MiB) and JSON may escape it to twice that; a longer line is
#: no linkaudit record, and reading it whole would hold it all in memory.
MAX_LINE_BYTES = 32 * 1024 * 1024
#: How deep a value of a field this version does not know may nest; json itself
#: gives up (RecursionError) near a thousand.
MAX_DEPTH = 32

_TEXT, _INT, _BOOL, _NONE = (str,), (int,), (bool,), (type(None),)
#: The type of every field the records' rows carry (findings, pages, resolved links,
#: verify's rows), whichever record holds it; a field not named here may hold any
#: JSON value up to :data:`MAX_DEPTH` deep. ``list``: of text; ``dict``: text to text.
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("page_url", "link", "network", "kind", "rule", "confidence",
                     "location", "url", "mode", "seed"), _TEXT),
    **dict.fromkeys(("pid", "member_id", "site_id", "adzone_id", "unwrapped", "context",
                     "path", "error", "note", "script_inserts", "found_via",
                     "resolved_url", "landing_rule"), _TEXT + _NONE),
    **dict.fromkeys(("findings", "depth"), _INT),
    "line": _INT + _NONE,
    "status": _INT + _TEXT + _NONE,  # an HTTP status in pages, removed/remaining in verify's
    **dict.fromkeys(("mine",), _BOOL + _NONE),
    **dict.fromkeys(("audited", "rendered", "verified", "resolved"), _BOOL),
    **dict.fromkeys(("redirects", "hops"), (list,)),
    "extra": (dict,),
}
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", float: "a decimal number",
               type(None): "null", list: "a list", dict: "an object"}
_EXPECTED = {**_TYPE_NAMES, list: "a list of text", dict: "an object of text values"}


@dataclass(frozen=True, slots=True)
class Sidecars:
    """The files written next to ``REPORT.xlsx``."""

    findings: Path
    """``REPORT.jsonl``: one finding per line, the source of truth ``verify`` reads."""
    pages: Path
    """``REPORT.pages.jsonl``: one row per page fetched (or that failed)."""
    run: Path
    """``REPORT.run.json``: run metadata (command, seeds, times, completeness)."""
    resolved: Path
    """``REPORT.resolved.jsonl``: where each short link led (``--resolve`` only)."""
    written: Path
    """``REPORT.written.json``: the SHA-256 of the workbook linkaudit last wrote (see
    :mod:`reports.written`), so one the creator has edited since is never written over."""


def sidecars(xlsx_path: StrPath) -> Sidecars:
    """Name the sidecar files of a report.

    >>> s = sidecars("out/site.xlsx")
    >>> s.findings.as_posix(), s.pages.as_posix(), s.run.as_posix()
    ('out/site.jsonl', 'out/site.pages.jsonl', 'out/site.run.json')
    >>> sidecars("out/site.v2").findings.as_posix()
    'out/site.v2.jsonl'
    """
    path = Path(xlsx_path)
    # Only strip ".xlsx": with_suffix() would eat the ".v2" of "site.v2".
    base = path.with_suffix("") if path.suffix.lower() == ".xlsx" else path
    return Sidecars(
        findings=base.with_name(base.name + ".jsonl"),
        pages=base.with_name(base.name + ".pages.jsonl"),
        run=base.with_name(base.name + ".run.json"),
        resolved=base.with_name(base.name + ".resolved.jsonl"),
        written=base.with_name(base.name + ".written.json"),
    )


class RecordWriter:
    """Write rows as JSON Lines, one flushed line per row.

    Each row is flushed to the OS as soon as it is written, so killing the
    process (even with ``kill -9``) loses nothing already written. There is
    no fsync per row: that would only add power-loss safety, at a large
    cost per finding.

    With ``append=True`` an incomplete last line left by a killed run is
    dropped first, so the next row does not glue onto it and corrupt the
    file in the middle.
    """

    def __init__(self, path: StrPath, *, append: bool = False) -> None:
        self.path = Path(path)
        self.count = 0
        """Rows written by this writer."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if append:
            _repair_last_line(self.path)
        # Unbuffered: each line goes to the OS in one write, so a failed write
        # (disk full) is seen at once and can be undone to the last whole line.
        self._file = self.path.open("ab" if append else "wb", buffering=0)
        self._size = self._file.seek(0, os.SEEK_END)

    def write(self, row: Mapping[str, Any]) -> None:
        """Append one row as one JSON object on its own line.

        A write that fails (disk full, quota, file size limit, I/O error) is
        undone: the file is cut back to its last whole line and
        :class:`OutOfSpaceError` names it.
        """
        # Serialise before writing so a TypeError cannot leave half a line.
        # backslashreplace turns a lone surrogate (which UTF-8 cannot encode)
        # into a "\udXXX" escape inside the JSON string, which json.loads
        # reads back as the same character: lossless instead of a crash.
        line = (json.dumps(dict(row), ensure_ascii=False, separators=(",", ":")) + "\n").encode(
            "utf-8", "backslashreplace")
        try:
            written = 0
            while written < len(line):  # a raw write may take only part of it
                written += self._file.write(line[written:]) or 0
        except OSError as exc:
            self._undo()
            raise OutOfSpaceError(self.path, exc) from exc
        self._size += len(line)
        self.count += 1

    def _undo(self) -> None:
        """Cut the file back to the end of the last whole line."""
        try:
            self._file.truncate(self._size)
            self._file.seek(self._size)
        except OSError:  # the record then ends in a torn line, which readers skip
            logger.warning("%s: could not remove a partly written line", self.path)

    def close(self) -> None:
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def read_jsonl(path: StrPath) -> list[dict[str, Any]]:
    """Read a JSON Lines record written by :class:`RecordWriter`.

    Blank lines are skipped. A damaged *last* line is what a killed run leaves
    behind, so it is skipped with a warning; a damaged line anywhere else
    means the file is not a linkaudit record and raises :class:`ReportError`.
    """
    return list(iter_jsonl(path))


def iter_jsonl(path: StrPath) -> Iterator[dict[str, Any]]:
    """The rows of a JSON Lines record one at a time, as :func:`read_jsonl` reads them.

    The file is read line by line, so only the row at hand is in memory; the
    :class:`ReportError` for a missing, unreadable or damaged file comes while
    iterating. Rows share their key strings.
    """
    for _start, _end, row in iter_jsonl_spans(path):
        yield row


def iter_jsonl_spans(path: StrPath, *,
                     check: bool = True) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Each row of a record with the byte offsets its line starts and ends at.

    Rows come and fail as with :func:`iter_jsonl`. A writer of the workbook
    notes where the findings of each page lie and reads them again in page
    order with :func:`read_jsonl_span`, instead of holding every row.
    ``check=False`` skips :func:`row_problem` for a record already read whole
    once (a third of the time of a pass).
    """
    path = Path(path)
    try:
        f = path.open("rb")
    except FileNotFoundError:
        raise ReportError(
            f"{path}: no such file. Pass the report written by linkaudit crawl "
            "(the .jsonl sits next to its .xlsx)."
        ) from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc

    # json.loads makes new key strings for every row; 20,000 page rows of 14 keys
    # would hold 280,000 copies of the same 14 names.
    keys: dict[str, str] = {}
    pending: tuple[int, str] | None = None  # a bad line, fatal unless it turns out to be last
    end = 0
    with f:
        try:
            # readline with a limit: a line of gigabytes is refused, not held whole.
            for number, raw in enumerate(iter(lambda: f.readline(MAX_LINE_BYTES + 1), b""), 1):
                start, end = end, end + len(raw)
                if len(raw) > MAX_LINE_BYTES:
                    raise _damaged(path, number, f"the line is over {MAX_LINE_BYTES >> 20} MiB")
                if not raw.strip():
                    continue
                if pending is not None:
                    raise _damaged(path, *pending)
                try:
                    row = json.loads(raw)
                except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
                    pending = (number, f"not valid JSON ({exc})")
                    continue
                except RecursionError:
                    raise _damaged(path, number, "its JSON nests too deep") from None
                if not isinstance(row, dict):
                    pending = (number, f"expected a JSON object, found {type(row).__name__}")
                    continue
                problem = row_problem(row) if check else None
                if problem is not None:
                    # Valid JSON of the wrong shape is no torn last line: fatal anywhere.
                    raise _damaged(path, number, problem)
                yield start, end, {keys.setdefault(k, k): v for k, v in row.items()}
        except OSError as exc:
            raise ReportError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if pending is not None:
        logger.warning(
            "%s, line %d: skipping an incomplete last line (%s); "
            "the run that wrote it was probably interrupted",
            path,
            *pending,
        )


def _damaged(path: Path, number: int, why: str) -> ReportError:
    return ReportError(
        f"{path}, line {number}: {why}. The file is damaged or is not a linkaudit record; "
        "re-run linkaudit crawl to write it again (or restore that line)."
    )


def row_problem(row: Mapping[str, Any]) -> str | None:
    """What is wrong with a row read back, or ``None``; see :data:`FIELD_TYPES`.

    >>> row_problem({"page_url": "https://b.example/", "line": 3, "extra": {"unid": "u"}})
    >>> row_problem({"page_url": 5})
    "field 'page_url' is a whole number (5), expected text"
    >>> row_problem({"redirects": ["https://a.example/", 7]})
    "field 'redirects' is a list holding 7, expected a list of text"
    """
    for key, value in row.items():
        allowed = FIELD_TYPES.get(key)
        if allowed is None:
            if _depth(value) > MAX_DEPTH:
                return f"field {key!r} nests deeper than {MAX_DEPTH} levels"
            continue
        # bool is an int to Python, not to the records.
        if type(value) not in allowed:
            return (f"field {key!r} is {_TYPE_NAMES.get(type(value), type(value).__name__)} "
                    f"({_shown(value)}), expected "
                    + " or ".join(_EXPECTED[t] for t in allowed))
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, list | dict):
            wrong = [v for v in items if not isinstance(v, str)]
            if wrong:
                return (f"field {key!r} is {_TYPE_NAMES[type(value)]} holding "
                        f"{_shown(wrong[0])}, expected {_EXPECTED[type(value)]}")
    return None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if _depth(value) <= MAX_DEPTH else "…"
    return text if len(text) <= 40 else text[:37] + "..."


def _depth(value: Any) -> int:
    """How deep ``value`` nests (a scalar: 0), looked at without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((v, depth + 1) for v in item)
    return deepest


def read_jsonl_span(f: IO[bytes], start: int, end: int) -> list[dict[str, Any]]:
    """The rows between two offsets :func:`iter_jsonl_spans` gave, read again from ``f``.

    The span was read whole once, so its lines are known to be sound.
    """
    f.seek(start)
    data = f.read(end - start)
    if len(data) != end - start:
        raise ReportError(f"{f.name}: changed while it was being read; "
                          "render the workbook again with linkaudit report.")
    return [json.loads(line) for line in data.split(b"\n") if line.strip()]


def write_run_json(path: StrPath, run: RunInfo) -> None:
    """Write run metadata, replacing the file atomically so it is never half written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(
            json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
            errors="backslashreplace",
        )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_run_json(path: StrPath) -> RunInfo:
    """Read run metadata written by :func:`write_run_json` (or by an earlier version)."""
    path = Path(path)
    try:
        run = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise ReportError(
            f"{path}: no such file. Pass the report written by linkaudit crawl "
            "(the .run.json sits next to its .xlsx)."
        ) from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    except ValueError as exc:
        raise ReportError(
            f"{path}: not valid JSON ({exc}); delete it and re-run linkaudit crawl."
        ) from exc
    except RecursionError:
        raise ReportError(
            f"{path}: its JSON nests too deep to be run metadata; delete it and re-run "
            "linkaudit crawl."
        ) from None
    if not isinstance(run, dict):
        raise ReportError(
            f"{path}: expected a JSON object of run metadata; "
            "pass the .run.json written by linkaudit crawl."
        )
    try:
        return RunInfo.from_dict(run)
    except ValueError as exc:
        raise ReportError(
            f"{path}: {exc}; the file is damaged or not linkaudit's: delete it and re-run "
            "linkaudit crawl."
        ) from None


def _repair_last_line(path: Path) -> None:
    """Make *path* end with a newline before appending, dropping a torn last line."""
    try:
        f = path.open("r+b")
    except FileNotFoundError:
        return
    with f:
        end = f.seek(0, os.SEEK_END)
        if end == 0:
            return
        f.seek(end - 1)
        if f.read(1) == b"\n":
            return
        start = _after_last_newline(f, end)
        f.seek(start)
        tail = f.read()
        try:
            complete = isinstance(json.loads(tail), dict)
        except (ValueError, RecursionError):  # torn, or nested past what the reader takes
            complete = False
        if complete:
            # Written by something that does not end lines; keep the row.
            f.seek(end)
            f.write(b"\n")
            return
        logger.warning(
            "%s: dropping an incomplete last line (%d bytes) left by an interrupted run",
            path,
            end - start,
        )
        f.truncate(start)


def _after_last_newline(f: IO[bytes], end: int, block: int = 65536) -> int:
    """Offset just after the last ``\\n`` before *end* (0 if there is none)."""
    pos = end
    while pos > 0:
        size = min(block, pos)
        pos -= size
        f.seek(pos)
        found = f.read(size).rfind(b"\n")
        if found != -1:
            return pos + found + 1
    return 0
