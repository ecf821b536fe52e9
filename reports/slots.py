"""The "Ad slots" sheet's logic: one row per ad slot or account, and what to do with it.

A creator leaving an affiliate programme deletes their ad slots (推广位) in the
network's back-office, but only once no page links to them any more: a slot
deleted while still published turns those links into dead or someone else's
commission. Each row says whether that moment has come.

Pure: finding and page rows (plain dicts, as in the record) in, frozen rows out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reports.counts import is_verified

__all__ = ["ID_KINDS", "ID_KIND_KEYS", "STATUSES", "SlotRow", "SlotTable", "slot_id", "slot_rows"]

IN_USE, NOT_VERIFIED, CLEARED, NOT_YOURS = "in_use", "not_verified", "cleared", "not_yours"
STATUSES = (IN_USE, NOT_VERIFIED, CLEARED, NOT_YOURS)
"""Status keys, in the sheet's order (labels: ``slot_status.<key>``, what to do:
``slot_todo.<key>`` in the catalogues)."""

# Finding statuses of a verify report (reports/compare.py).
_REMOVED, _REMAINING, _NEW = "removed", "remaining", "new"

# The id fields of a finding, broadest first: with no ``pid`` the broadest one filled
# stands for the account (the same order detection uses, rules.toml's header).
_LEVELS = (("member_id", "member"), ("site_id", "site"), ("adzone_id", "slot"))

#: What the published id is, by the account level it names (``member``, ``site``,
#: ``slot``; ``pid`` when it names all three as a Taobao or Pinduoduo PID does,
#: ``id`` when the network does not say), and the networks that call it otherwise.
#: A pair missing here keeps the level's own name.
ID_KINDS: dict[str, str] = {
    "pid": "pid",
    "member": "member",
    "site": "site",
    "slot": "slot",
    "id": "id",
    # JD names its account the union id (联盟ID: unionId, jd_union_unid).
    "jd:member": "union",
    # Amazon's tracking id is the tag (…-20), one per tracking id in Associates Central.
    "amazon:id": "tag",
    # AdSense's account is the publisher id (ca-pub-…); the ad unit is the slot.
    "adsense:member": "publisher",
    # Cloud and VPS referral programmes (issue 15) name the account by a referral code
    # (userCode, cps_key, fromacct, ambassadorId, ref, refcode, r, aff).
    **{f"{network}:member": "referral" for network in (
        "aliyun", "tencentcloud", "huaweicloud", "baiducloud", "vultr", "digitalocean", "linode",
        "bandwagonhost", "racknerd",
    )},
}
ID_KIND_KEYS = tuple(sorted(set(ID_KINDS.values())))
"""The id kinds a row may have (labels: ``slot_id_kind.<key>``)."""


@dataclass(frozen=True, slots=True)
class SlotRow:
    """One ad slot (or account, where the network shows no slot) and what to do with it."""

    network: str
    id_kind: str
    """One of :data:`ID_KIND_KEYS`: what ``id`` is (``pid``, ``union``, ``tag`` …)."""
    id: str
    """The PID, tag, member or union id as published."""
    member_id: str | None
    site_id: str | None
    adzone_id: str | None
    """The ad slot, when the network shows one beside (or inside) ``id``."""
    mine: bool | None
    """True when ``--mine`` names it, False when it names other ids, None when not given."""
    occurrences: int
    """Links to it still published (seen this time; removed ones do not count)."""
    pages: tuple[str, ...]
    """Pages where it remains, in page order."""
    pages_before: tuple[str, ...]
    """Verify: pages it was found on by the earlier audit, in page order."""
    pages_unverified: tuple[str, ...]
    """Verify: pages that carried it and could not be read again, in page order."""
    kinds: tuple[str, ...]
    """Kinds of link it appeared in (``click link``, ``token`` …), first seen first."""
    status: str
    """One of :data:`STATUSES`."""


@dataclass(frozen=True, slots=True)
class SlotTable:
    yours: list[SlotRow]
    """Rows that are (or may be, without ``--mine``) the creator's."""
    others: list[SlotRow]
    """Someone else's ids (``--mine`` named other ids): never theirs to delete."""
    hidden_ids: int
    """Links that hide their id (short links, tokens…): on "To remove", not here."""


def slot_id(finding: Mapping[str, Any]) -> tuple[str, str] | None:
    """The id a finding's slot row is keyed by, and its kind; ``None`` when it shows none.

    >>> slot_id({"network": "taobao", "pid": "mm_1_2_3", "member_id": "1",
    ...          "site_id": "2", "adzone_id": "3"})
    ('mm_1_2_3', 'pid')
    >>> slot_id({"network": "taobao", "pid": None, "member_id": "13667242"})
    ('13667242', 'member')
    >>> slot_id({"network": "jd", "pid": "1001706833", "member_id": "1001706833"})
    ('1001706833', 'union')
    >>> slot_id({"network": "amazon", "pid": "lenslab0c-20"})
    ('lenslab0c-20', 'tag')
    >>> slot_id({"network": "aliyun", "pid": "k3v9xq2m", "member_id": "k3v9xq2m"})
    ('k3v9xq2m', 'referral')
    >>> slot_id({"network": "gdt", "pid": "7031413334386162", "adzone_id": "7031413334386162"})
    ('7031413334386162', 'slot')
    >>> slot_id({"network": "taobao", "pid": None}) is None
    True
    """
    ids = {field: finding.get(field) for field, _level in _LEVELS}
    value = finding.get("pid") or next((v for v in ids.values() if v), None)
    if not value:
        return None
    level = next((lvl for field, lvl in _LEVELS if ids[field] == value), None)
    if level is None:
        level = "pid" if ids["adzone_id"] else "id"
    network = str(finding.get("network") or "")
    return str(value), ID_KINDS.get(f"{network}:{level}", ID_KINDS[level])


def slot_rows(findings: Iterable[Mapping[str, Any]],
              pages: Iterable[Mapping[str, Any]]) -> SlotTable:
    """Group findings into slot rows, each with its status.

    A crawl report's findings carry no ``status``: every slot in it is in use. In
    a verify report a slot is cleared only when nothing of it remains and every
    page that carried it was read again; a page that could not be read leaves it
    not verified, since its links may still be there.

    >>> t = slot_rows([{"page_url": "p", "network": "taobao", "kind": "click link",
    ...                 "pid": "mm_1_2_3", "adzone_id": "3", "status": "removed"}],
    ...               [{"url": "p", "verified": True}])
    >>> [(r.id, r.status, r.occurrences, r.pages_before) for r in t.yours], t.hidden_ids
    ([('mm_1_2_3', 'cleared', 0, ('p',))], 0)
    """
    order: dict[str, int] = {}
    verified: dict[str, bool] = {}
    for page in pages:
        url = str(page.get("url"))
        order.setdefault(url, len(order))
        verified[url] = is_verified(page)

    groups: dict[tuple[str, str, str | None], _Group] = {}
    hidden = 0
    for finding in findings:
        found = slot_id(finding)
        if found is None:
            hidden += 1
            continue
        value, kind = found
        adzone = finding.get("adzone_id")
        # A slot shown beside the account id (AdSense's ad unit, Meituan's sid) is a
        # slot of its own; one the id already holds (a PID) keys nothing more.
        key = (str(finding.get("network") or ""), value, adzone if adzone != value else None)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(kind, finding)
        group.add(finding)

    def page_order(url: str) -> tuple[int, str]:
        return (order.get(url, len(order)), url)

    rows = [group.row(page_order, verified) for group in groups.values()]
    rank = {status: i for i, status in enumerate(STATUSES)}
    # Stable: rows of equal status and count keep the order they were first found in.
    rows.sort(key=lambda r: (rank[r.status], -r.occurrences))
    return SlotTable(yours=[r for r in rows if r.mine is not False],
                     others=[r for r in rows if r.mine is False], hidden_ids=hidden)


class _Group:
    """The findings of one slot, gathered."""

    def __init__(self, kind: str, first: Mapping[str, Any]) -> None:
        self.kind = kind
        self.first = first
        self.member_id: str | None = None
        self.site_id: str | None = None
        self.adzone_id: str | None = None
        self.mines: set[bool | None] = set()
        self.occurrences = 0
        self.seen_by_status = False
        self.remains: dict[str, None] = {}
        self.before: dict[str, None] = {}
        self.unverified: dict[str, None] = {}
        self.kinds: dict[str, None] = {}

    def add(self, finding: Mapping[str, Any]) -> None:
        self.member_id = self.member_id or finding.get("member_id")
        self.site_id = self.site_id or finding.get("site_id")
        self.adzone_id = self.adzone_id or finding.get("adzone_id")
        self.mines.add(finding.get("mine"))
        self.kinds[str(finding.get("kind") or "")] = None
        page = str(finding.get("page_url"))
        status = finding.get("status")
        if status is not None:
            self.seen_by_status = True
        if status in (_REMOVED, _REMAINING):
            self.before[page] = None
        # compare() keeps a link of a page it could not read as remaining, unverified:
        # not seen, so not an occurrence, and not proof the page is clean either.
        if status == _REMAINING and finding.get("verified") is False:
            self.unverified[page] = None
        elif status != _REMOVED:
            self.occurrences += 1
            self.remains[page] = None

    def row(self, page_order: Callable[[str], tuple[int, str]], verified: Mapping[str, bool]) -> SlotRow:
        mine = True if True in self.mines else (False if False in self.mines else None)
        unverified = set(self.unverified) | {p for p in self.before
                                             if not verified.get(p, False)}
        if mine is False:
            status = NOT_YOURS
        elif self.occurrences or not self.seen_by_status:
            status = IN_USE
        elif unverified:
            status = NOT_VERIFIED
        else:
            status = CLEARED
        value, _kind = slot_id(self.first) or ("", "")
        return SlotRow(
            network=str(self.first.get("network") or ""), id_kind=self.kind, id=value,
            member_id=self.member_id, site_id=self.site_id, adzone_id=self.adzone_id,
            mine=mine, occurrences=self.occurrences,
            pages=tuple(sorted(self.remains, key=page_order)),
            pages_before=tuple(sorted(self.before, key=page_order)),
            pages_unverified=tuple(sorted(unverified, key=page_order)),
            kinds=tuple(k for k in self.kinds if k), status=status)
