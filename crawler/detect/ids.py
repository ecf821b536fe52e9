"""Parse affiliate ids (Taobao PIDs and friends) out of captured values."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ID_FORMATS", "ParsedId", "is_placeholder_pid", "parse_id"]

_PID = re.compile(r"mm_(\d+)_(\d+)_(\d+)(?![\d_])")
_MEMBER = re.compile(r"(\d{5,12})")
_TEMPLATE = re.compile(r"\$\{|\{\$|\{\{|<\?|%[sd]\b|<%")


@dataclass(frozen=True, slots=True)
class ParsedId:
    pid: str | None = None
    member_id: str | None = None
    site_id: str | None = None
    adzone_id: str | None = None


def is_placeholder_pid(member: str, site: str, adzone: str) -> bool:
    """True for documentation placeholders such as ``mm_0_0_0`` or ``mm_123_456_789``.

    Real member ids have at least five digits (seen: 7–10); sample PIDs in docs and
    SDKs use short made-up numbers in every segment.

    >>> is_placeholder_pid("0", "0", "0"), is_placeholder_pid("123", "456", "789")
    (True, True)
    >>> is_placeholder_pid("10011550", "0", "0")
    False
    """
    return len(member) < 5 or int(member) == 0


def _taobao_pid(value: str) -> ParsedId | None:
    m = _PID.search(value)
    if not m or _TEMPLATE.search(value):
        return None
    member, site, adzone = m.groups()
    if is_placeholder_pid(member, site, adzone):
        return None
    return ParsedId(m.group(0), member, site, adzone)


def _taobao_pid_or_member(value: str) -> ParsedId | None:
    parsed = _taobao_pid(value)
    if parsed or "mm_" in value:
        return parsed
    # Old s.click t_8 links carry the bare member id: p=13667242.
    m = _MEMBER.fullmatch(value.strip())
    return ParsedId(member_id=m.group(1)) if m else None


ID_FORMATS: dict[str, Callable[[str], ParsedId | None]] = {
    "taobao-pid": _taobao_pid,
    "taobao-pid-or-member": _taobao_pid_or_member,
}


def parse_id(id_format: str | None, value: str) -> ParsedId | None:
    """Read an id of ``id_format`` from ``value``; ``None`` when there is no usable id.

    >>> parse_id("taobao-pid", "mm_28765431_45872103_109876543210")
    ParsedId(pid='mm_28765431_45872103_109876543210', member_id='28765431', site_id='45872103', adzone_id='109876543210')
    >>> parse_id("taobao-pid", "mm_0_0_0") is None, parse_id("taobao-pid", "mm_${pid}") is None
    (True, True)
    >>> parse_id("taobao-pid-or-member", "13667242")
    ParsedId(pid=None, member_id='13667242', site_id=None, adzone_id=None)
    """
    if not value or id_format is None:
        return None
    return ID_FORMATS[id_format](value)
