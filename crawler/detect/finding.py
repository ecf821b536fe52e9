"""The record of one affiliate link (or token, or ad-slot snippet) found on a page."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: How sure a finding is, from the most to the least explicit.
ID_VISIBLE = "id visible"
HOST_ID_HIDDEN = "affiliate host, id hidden"
TOKEN = "token"
AD_SLOT_CODE = "ad-slot code"
CONFIDENCES = (ID_VISIBLE, HOST_ID_HIDDEN, TOKEN, AD_SLOT_CODE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of an affiliate link on one page.

    Every field is a plain ``str``/``int``/``None`` so a finding round-trips
    through JSON Lines unchanged (see :meth:`to_dict`).
    """

    page_url: str
    """The page (or file) the link was published on."""
    link: str
    """The string as published: a URL, a token such as ``￥AbCdEf12345￥`` or a code snippet."""
    network: str
    """Affiliate programme, e.g. ``taobao`` (Taobao/Tmall/Alimama)."""
    kind: str
    """What sort of link it is, e.g. ``click link``, ``coupon link``, ``token``."""
    rule: str
    """Id of the rule that matched (see ``rules.toml``)."""
    confidence: str
    """One of :data:`CONFIDENCES`."""
    location: str
    """Where on the page: ``a[href]``, ``script``, ``text``, ``comment``, ``redirect`` …"""
    pid: str | None = None
    """Full PID as published, e.g. ``mm_123_456_789``."""
    member_id: str | None = None
    """Affiliate account (first PID segment); the key a creator recognises as theirs."""
    site_id: str | None = None
    """Registered site/app (second PID segment)."""
    adzone_id: str | None = None
    """Ad slot, 推广位 (third PID segment)."""
    unwrapped: str | None = None
    """The affiliate URL after unwrapping redirect wrappers and encodings, when it differs from ``link``."""
    context: str | None = None
    """Anchor text or a short snippet around the link."""
    line: int | None = None
    """1-based line in the page source, where known."""
    path: str | None = None
    """CSS-style path of the element, e.g. ``html>body>div.post>p>a``."""
    mine: bool | None = None
    """Whether the id is the creator's (``--mine``); ``None`` when unknown."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Other ids a rule captured (``relationId``, ``unid`` …)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict in the JSONL record's key order (``dataclasses.asdict``, without
        its deep copy of every value: only ``extra`` is a container).

        >>> from dataclasses import asdict
        >>> f = Finding("https://b.example/", "https://s.click.taobao.com/AbC1234", "taobao",
        ...             "short link", "taobao-short", "affiliate host, id hidden", "a[href]",
        ...             line=3, extra={"unid": "u1"})
        >>> f.to_dict() == asdict(f) and list(f.to_dict()) == list(asdict(f))
        True
        """
        row = {name: getattr(self, name) for name in _FIELD_NAMES}
        row["extra"] = dict(self.extra)
        return row


_FIELD_NAMES = tuple(f.name for f in fields(Finding))
