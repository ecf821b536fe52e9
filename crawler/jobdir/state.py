"""What ``REPORT.job/`` keeps for ``--resume``, as JSON: nothing in it runs code when read.

Scrapy's own job folder pickles the spider's state and every queued request;
reading a pickle runs whatever the file says, so a planted file would run
code. linkaudit keeps the spider's state in ``linkaudit-state.json`` and each
queued request as a tagged JSON record (see :mod:`crawler.jobdir.queue`). The
values JSON has no type for (sets, bytes, a few of our dataclasses) are
written as ``{"<tag>": value}`` objects from the :data:`_TYPES` table and
rebuilt only from it. Pure: no Scrapy here.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.inputs.seeds import Seed
from crawler.site.traps import QueryVariantCap

__all__ = ["STATE_FILE", "decode", "encode", "job_problem", "load_state", "save_state"]

STATE_FILE = "linkaudit-state.json"
PICKLED_STATE = "spider.state"  # what Scrapy's SpiderState writes; never read
QUEUE_FOLDER = "requests.queue"
RECORD_MAGIC = b"linkaudit-json-1\n"  # starts every queued request we write

# tag -> (type, to JSON-able, from JSON-able). Only these are ever rebuilt.
_TYPES: dict[str, tuple[type, Callable[[Any], Any], Callable[[Any], Any]]] = {
    "set": (set, lambda s: sorted(s, key=str), set),
    "tuple": (tuple, list, tuple),
    "bytes": (bytes, lambda b: b.decode("latin-1"), lambda s: s.encode("latin-1")),
    "Seed": (Seed, Seed.to_dict, lambda d: Seed(**d)),
    "QueryVariantCap": (
        QueryVariantCap,
        lambda c: {"limit": c.limit, "seen": {k: sorted(v) for k, v in c._seen.items()}},
        lambda d: QueryVariantCap(d["limit"], {k: set(v) for k, v in d["seen"].items()}),
    ),
}


def _tagged(value: Any) -> Any:
    if type(value) is dict and all(type(k) is str for k in value):
        return {k: _tagged(v) for k, v in value.items()}
    if isinstance(value, dict):  # keys that are not text, e.g. the bytes of headers
        return {"__pairs__": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    for tag, (kind, to_json, _) in _TYPES.items():
        if type(value) is kind:
            return {f"__{tag}__": _tagged(to_json(value))}
    raise ValueError(f"cannot keep a {type(value).__name__} in the job folder")


def _untagged(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        (key, value), = obj.items()
        if key == "__pairs__":
            return dict(value)
        if key.startswith("__") and key.endswith("__") and key[2:-2] in _TYPES:
            return _TYPES[key[2:-2]][2](value)
    return obj


def encode(value: Any) -> str:
    """``value`` as JSON, sets, tuples, bytes and known dataclasses tagged.

    >>> encode({"scheduled": {"b", "a"}, "seed": Seed("site", "https://b.example/")})
    '{"scheduled":{"__set__":["a","b"]},"seed":{"__Seed__":{"mode":"site","url":"https://b.example/","source":"command line","render":false}}}'
    >>> decode(encode({"q": (1, b"\\xff"), "headers": {b"Accept": [b"*/*"]}}))
    {'q': (1, b'\\xff'), 'headers': {b'Accept': [b'*/*']}}
    """
    return json.dumps(_tagged(value), ensure_ascii=False, separators=(",", ":"))


def decode(text: str | bytes) -> Any:
    """The value :func:`encode` wrote; ``ValueError`` for anything else."""
    try:
        return json.loads(text, object_hook=_untagged)
    except (TypeError, KeyError) as exc:  # a tag with the wrong shape inside
        raise ValueError(f"a tagged value of the wrong shape ({exc})") from exc


def load_state(jobdir: str | os.PathLike[str]) -> dict[str, Any]:
    """The spider state saved in ``jobdir`` (empty when there is none)."""
    path = Path(jobdir, STATE_FILE)
    if not path.is_file():
        return {}
    state = decode(path.read_bytes())
    if not isinstance(state, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return state


def save_state(jobdir: str | os.PathLike[str], state: dict[str, Any]) -> None:
    """Write the spider state, replacing the file atomically."""
    path = Path(jobdir, STATE_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(encode(state), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def job_problem(jobdir: str | os.PathLike[str]) -> str | None:
    """Why ``jobdir`` cannot be resumed, or ``None``; reads it without running anything.

    Refused: a pickled ``spider.state`` (Scrapy's format, or planted), a state
    file that is not ours, and a queued request that is not a JSON record of ours.
    """
    jobdir = Path(jobdir)
    if Path(jobdir, PICKLED_STATE).exists():
        return f"it holds {PICKLED_STATE}, a pickle, which linkaudit never loads"
    try:
        load_state(jobdir)
    except (OSError, ValueError) as exc:
        return f"its {STATE_FILE} is not linkaudit's ({exc})"
    for chunk in sorted(Path(jobdir, QUEUE_FOLDER).glob("**/q[0-9]*")):
        try:
            for record in _queue_records(chunk.read_bytes()):
                if not record.startswith(RECORD_MAGIC):
                    raise ValueError("not a JSON request record")
                decode(record[len(RECORD_MAGIC):])
        except (OSError, ValueError, struct.error) as exc:
            return f"its queued request file {chunk.relative_to(jobdir)} is not linkaudit's ({exc})"
    return None


def _queue_records(data: bytes) -> list[bytes]:
    """The records of a queuelib disk-queue chunk: each a 4-byte big-endian size, then data."""
    records, at = [], 0
    while at < len(data):
        (size,) = struct.unpack_from(">L", data, at)
        at += 4
        if at + size > len(data):
            raise ValueError("a record cut short")
        records.append(data[at:at + size])
        at += size
    return records
