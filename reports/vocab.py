"""The words a workbook writes for the record's values (kinds, statuses, networks, yes/no),
and back: a workbook in any language reads back to the record's own values.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from crawler.i18n import LANGS, Messages, catalogue

__all__ = ["is_link_text", "read_value", "shown"]

#: Value groups the workbook translates: catalogue ``<group>.<record value>``.
GROUPS = ("kind", "confidence", "finding_status", "network", "where")

# A URL (any scheme, or protocol-relative) or a bare token as published; anything
# else a rule reports (ad-slot code, a card's selector) is code, not a link.
_LINK_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*:|//)\S*|[^\s\"'<>=\[\](){};]+", re.I)


def shown(msg: Messages, group: str, value: Any) -> Any:
    """``value`` as the workbook shows it: its word in ``msg``'s language, or as it is.

    >>> from crawler.i18n import messages
    >>> shown(messages("zh"), "finding_status", "removed"), shown(messages("zh"), "kind", "new kind")
    ('已删除', 'new kind')
    """
    if not isinstance(value, str) or not value:
        return value
    return msg.get(f"{group}.{value}", value)


def yes_no(msg: Messages, flag: Any) -> str | None:
    if flag is None:
        return None
    return msg("value.yes") if flag else msg("value.no")


@cache
def _reverse(group: str) -> dict[str, str]:
    prefix = f"{group}."
    back: dict[str, str] = {}
    for lang in LANGS:
        for key, text in catalogue(lang).items():
            if key.startswith(prefix):
                back.setdefault(text.casefold(), key[len(prefix):])
    return back


def read_value(group: str, text: Any) -> Any:
    """The record's value for a word the workbook showed, in any language.

    >>> read_value("finding_status", "仍存在"), read_value("kind", "推广链接"), read_value("kind", "x")
    ('remaining', 'click link', 'x')
    """
    if not isinstance(text, str):
        return text
    return _reverse(group).get(text.strip().casefold(), text)


def read_flag(text: Any) -> bool | None:
    """A yes/no cell in any language; ``None`` when blank or neither.

    >>> read_flag("是"), read_flag("no"), read_flag(None)
    (True, False, None)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = read_value("value", text)
    return {"yes": True, "no": False}.get(found)


def is_link_text(link: str) -> bool:
    """Whether a finding's ``link`` is a link or token as published (not code or a selector).

    >>> is_link_text("https://s.click.taobao.com/AbC"), is_link_text("￥Kx7pQ2mWd9Z￥")
    (True, True)
    >>> is_link_text('alimama_pid="mm_1_2_3'), is_link_text("a[data-mcn-id=1]")
    (False, False)
    """
    return bool(_LINK_RE.fullmatch(link))
