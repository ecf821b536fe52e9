"""Parse affiliate ids (Taobao PIDs and friends) out of captured values."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ID_FORMATS", "ParsedId", "is_placeholder_pid", "is_sample_value", "parse_id"]

_PID = re.compile(r"mm_(\d+)_(\d+)_(\d+)(?![\d_])")
# The same three segments without "mm_": simba redirects (p=131955459_43834449_…)
# and some old s.click t_ links.
_BARE_PID = re.compile(r"(\d{5,12})_(\d{1,12})_(\d{1,13})")
_MEMBER = re.compile(r"(\d{5,12})")
_TEMPLATE = re.compile(r"\$\{|\{\$|\{\{|<\?|%[sd]\b|<%")
# Other networks' ids as published: tags, union ids, sub-site codes. The rule's
# id_pattern does the network-specific shaping; this only keeps junk out.
_VALUE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:*/+=-]{1,63}")
# Sample values from SDK docs and page templates ("yourtag-20", "default_pid").
_SAMPLE_VALUE = re.compile(
    r"^(?:default(?:_pid)?|null|none|undefined|test|demo)$|your|xxxx|example|placeholder",
    re.IGNORECASE,
)
_PDD_PID = re.compile(r"(\d{4,9})_(\d{4,12})(?!\d)")
_ADSENSE_PUB = re.compile(r"(?<![\w-])(?:ca-)?pub-(\d{16})(?!\d)")
_ADSENSE_SLOT = re.compile(r"(?:data-ad-slot|google_ad_slot)\W{1,8}(\d{10})(?!\d)")
# Google's own samples: the docs' ascending digits and the AdMob/AdSense test publisher.
_ADSENSE_SAMPLES = frozenset({"1234567890123456", "0123456789012345", "3940256099942544"})


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

    Docs and config templates also fill every segment with a counting run or one
    repeated digit: ``mm_12345678_12345678_12345678``, ``mm_12345678_0_0``,
    ``mm_11111111_0_0``, ``mm_123456789_1234567_12345678``.

    >>> is_placeholder_pid("12345678", "12345678", "12345678"), is_placeholder_pid("11111111", "0", "0")
    (True, True)
    >>> is_placeholder_pid("12345678", "1", "2"), is_placeholder_pid("12345678", "222", "333")
    (False, False)
    """
    if len(member) < 5 or int(member) == 0:
        return True
    return _filler(member, 5) and _filler(site, 4) and _filler(adzone, 4)


def _filler(segment: str, repeat_from: int) -> bool:
    # 0, a run of zeros, a prefix of the counting run "1234567890", or (from
    # ``repeat_from`` digits on) one digit repeated.
    return (int(segment) == 0 or "1234567890".startswith(segment)
            or (len(segment) >= repeat_from and len(set(segment)) == 1))


def _taobao_pid(value: str) -> ParsedId | None:
    m = _PID.search(value)
    if not m or _TEMPLATE.search(value):
        return None
    member, site, adzone = m.groups()
    if is_placeholder_pid(member, site, adzone):
        return None
    return ParsedId(m.group(0), member, site, adzone)


def _taobao_pid_or_bare(value: str) -> ParsedId | None:
    parsed = _taobao_pid(value)
    if parsed or "mm_" in value:
        return parsed
    m = _BARE_PID.fullmatch(value.strip())
    if not m or is_placeholder_pid(*m.groups()):
        return None
    # Reported with its prefix: it is the PID the creator knows (and --mine names).
    return ParsedId("mm_" + m.group(0), *m.groups())


def _taobao_pid_or_member(value: str) -> ParsedId | None:
    parsed = _taobao_pid_or_bare(value)
    if parsed or "mm_" in value or "_" in value:
        return parsed
    # Old s.click t_8 links carry the bare member id: p=13667242.
    m = _MEMBER.fullmatch(value.strip())
    return ParsedId(member_id=m.group(1)) if m else None


def is_sample_value(value: str) -> bool:
    """True for an id that is not a real account's: templates, samples, zeros.

    >>> [is_sample_value(v) for v in ("default_pid", "yourtag-20", "${tag}", "000000", "lenslab0c-20")]
    [True, True, True, True, False]
    >>> is_sample_value("_DC4TnYr"), is_sample_value("_")
    (False, True)
    """
    return bool(
        not _VALUE.fullmatch(value)
        or _TEMPLATE.search(value)
        or _SAMPLE_VALUE.search(value)
        or not value.strip("0_-")
    )


def _as_is(slot: str | None) -> Callable[[str], ParsedId | None]:
    """An id kept as published, also filling ``slot`` (member/site/adzone) when given."""

    def parse(value: str) -> ParsedId | None:
        value = value.strip()
        if is_sample_value(value):
            return None
        return ParsedId(pid=value, **({f"{slot}_id": value} if slot else {}))

    return parse


def _pdd_pid(value: str) -> ParsedId | None:
    # 多多进宝 pid = <media (推手) id>_<推广位 id>; cpsSign repeats it.
    m = _PDD_PID.search(value)
    if not m:
        return None
    return ParsedId(m.group(0), member_id=m.group(1), adzone_id=m.group(2))


def _adsense(value: str) -> ParsedId | None:
    m = _ADSENSE_PUB.search(value)
    if not m or m.group(1) in _ADSENSE_SAMPLES or len(set(m.group(1))) == 1:
        return None
    # Old code says "pub-…", new code "ca-pub-…": one account, one spelling.
    pub = "ca-pub-" + m.group(1)
    slot = _ADSENSE_SLOT.search(value)
    return ParsedId(pub, member_id=pub, adzone_id=slot.group(1) if slot else None)


ID_FORMATS: dict[str, Callable[[str], ParsedId | None]] = {
    "taobao-pid": _taobao_pid,
    "taobao-pid-or-bare": _taobao_pid_or_bare,
    "taobao-pid-or-member": _taobao_pid_or_member,
    # Other networks (networks.toml): the id as published, and which account
    # level it names; "plain" when the network does not say.
    "plain": _as_is(None),
    "member": _as_is("member"),
    "site": _as_is("site"),
    "adzone": _as_is("adzone"),
    "pdd-pid": _pdd_pid,
    "adsense": _adsense,
}


def parse_id(id_format: str | None, value: str) -> ParsedId | None:
    """Read an id of ``id_format`` from ``value``; ``None`` when there is no usable id.

    >>> parse_id("taobao-pid", "mm_28765431_45872103_109876543210")
    ParsedId(pid='mm_28765431_45872103_109876543210', member_id='28765431', site_id='45872103', adzone_id='109876543210')
    >>> parse_id("taobao-pid", "mm_0_0_0") is None, parse_id("taobao-pid", "mm_${pid}") is None
    (True, True)
    >>> parse_id("taobao-pid-or-member", "13667242")
    ParsedId(pid=None, member_id='13667242', site_id=None, adzone_id=None)
    >>> parse_id("taobao-pid-or-bare", "131955459_43834449_111744850258").pid
    'mm_131955459_43834449_111744850258'
    >>> parse_id("taobao-pid-or-bare", "1_2_3"), parse_id("taobao-pid-or-bare", "13667242")
    (None, None)

    Other networks:

    >>> parse_id("member", "1001706833")
    ParsedId(pid='1001706833', member_id='1001706833', site_id=None, adzone_id=None)
    >>> parse_id("adzone", "d619156f131a556c6640229727291160").adzone_id
    'd619156f131a556c6640229727291160'
    >>> parse_id("plain", "lenslab0c-20"), parse_id("adzone", "default_pid")
    (ParsedId(pid='lenslab0c-20', member_id=None, site_id=None, adzone_id=None), None)
    >>> parse_id("pdd-pid", "1860931_43746459")
    ParsedId(pid='1860931_43746459', member_id='1860931', site_id=None, adzone_id='43746459')
    >>> parse_id("adsense", 'google_ad_client = "pub-4839201756382910"; google_ad_slot = "7391046285";')
    ParsedId(pid='ca-pub-4839201756382910', member_id='ca-pub-4839201756382910', site_id=None, adzone_id='7391046285')
    >>> parse_id("adsense", "ca-pub-1234567890123456"), parse_id("adsense", "ca-app-pub-4839201756382910")
    (None, None)
    """
    if not value or id_format is None:
        return None
    return ID_FORMATS[id_format](value)
