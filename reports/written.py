"""What linkaudit wrote: each workbook's size and SHA-256, so one the creator edited is kept.

A creator opens ``REPORT.xlsx``, ticks rows, adds notes and saves. Rendering the
report again must not wipe that out: :func:`remember_written` notes the workbook
just saved in ``REPORT.written.json`` beside it, and :func:`workbook_target` names
where the next workbook goes: the same file when it is still the one linkaudit
wrote (or there is none), else a free name beside it (``REPORT (2).xlsx``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reports.record import StrPath, sidecars

__all__ = ["beside", "edited_since_written", "fingerprint", "remember_written",
           "workbook_target"]

_CHUNK = 1 << 20


def fingerprint(path: StrPath) -> dict[str, int | str]:
    """``{"size": …, "sha256": …}`` of the file at ``path``, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def remember_written(workbook: StrPath, done: Iterable[str] = ()) -> None:
    """Note in ``REPORT.written.json`` the workbook linkaudit has just saved, and the
    Done ticks it carried into it (:func:`ticks_written`).

    Replaced atomically, like the run file, so it is never half written. A note
    that cannot be written is no error: the workbook then counts as edited next
    time and is kept, which loses nothing.
    """
    workbook = Path(workbook)
    path = sidecars(workbook).written
    data: dict[str, Any] = {"workbook": workbook.name, **fingerprint(workbook)}
    if done:
        data["done"] = sorted(done)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def edited_since_written(workbook: StrPath) -> bool:
    """Whether ``workbook`` exists and is not the file linkaudit last wrote there.

    With no note of writing it (an older linkaudit, the note deleted, someone
    else's file), it counts as edited: keeping a file costs a second name,
    replacing it may cost the creator's work.

    Only a regular file is someone's work: a folder in the way is not, and writing
    there fails as before, with the record kept and the way to render it said.

    >>> edited_since_written("no/such/report.xlsx"), edited_since_written(".")
    (False, False)
    """
    workbook = Path(workbook)
    if not workbook.is_file():
        return False
    try:
        note = json.loads(sidecars(workbook).written.read_bytes())
        if not (isinstance(note, dict) and note.get("workbook") == workbook.name
                and note.get("size") == workbook.stat().st_size):
            return True
        return bool(note.get("sha256") != fingerprint(workbook)["sha256"])
    except (OSError, ValueError):  # unreadable note or workbook: keep it
        return True


def ticks_written(workbook: StrPath) -> frozenset[str] | None:
    """The Done ticks linkaudit carried into ``workbook``, when it is still as written;
    ``None`` when the creator changed it (read its ticks from the workbook itself).

    Reading 100,000 rows back costs seconds; a workbook nobody touched holds no
    tick but those linkaudit put there.

    >>> ticks_written("no/such/report.xlsx")
    frozenset()
    """
    if edited_since_written(workbook):
        return None
    try:
        note = json.loads(sidecars(workbook).written.read_bytes())
    except (OSError, ValueError):
        return frozenset()
    done = note.get("done") if isinstance(note, dict) else None
    return frozenset(str(key) for key in done) if isinstance(done, list) else frozenset()


def beside(workbook: StrPath) -> Path:
    """The first free name ``REPORT (2).xlsx``, ``REPORT (3).xlsx``… beside ``workbook``.

    Free means no file of that name exists, nor its note of what was written.

    >>> beside("no/such/REPORT.xlsx").as_posix()
    'no/such/REPORT (2).xlsx'
    """
    workbook = Path(workbook)
    n = 2
    while True:
        candidate = workbook.with_name(f"{workbook.stem} ({n}){workbook.suffix}")
        if not (candidate.exists() or candidate.is_symlink()
                or sidecars(candidate).written.exists()):
            return candidate
        n += 1


def workbook_target(workbook: StrPath) -> Path:
    """Where to write ``workbook``: itself, unless the creator edited it since linkaudit did."""
    workbook = Path(workbook)
    return beside(workbook) if edited_since_written(workbook) else workbook
