"""w3lib as it might be published one month: labels resolved and decoded by Python's alias table.

Python's table sends ``gb2312`` to a codec without GBK's additions, ``gbk`` to one
without GB18030's four-byte sequences or the euro sign, ``latin1`` to ISO-8859-1,
``utf-16`` to big-endian. linkaudit must read pages the same under it, because it
looks labels up in crawler.site.charsets only. Tests patch w3lib in-process with
:func:`python_alias_tables`; a crawl in a subprocess gets the same through this
file, imported at start-up as ``sitecustomize`` when its folder is on PYTHONPATH.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def _decode(body: Any, label: str) -> str:
    return bytes(body).decode(_codec_name(label) or label, "replace")


def python_alias_tables() -> dict[str, Callable[..., Any]]:
    """The ``w3lib.encoding`` functions to replace, by name."""
    return {"codec_name": _codec_name, "resolve_encoding": _codec_name, "decode": _decode}


if __name__ == "sitecustomize":
    import w3lib.encoding

    for _name, _function in python_alias_tables().items():
        setattr(w3lib.encoding, _name, _function)
