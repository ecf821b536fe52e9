"""Tell the creator's own affiliate ids from someone else's (``--mine``)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Finding

__all__ = ["Mine", "mark_mine"]

_TAOBAO_PID = re.compile(r"^mm_(\d+)_(\d+)_(\d+)$")
_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Mine:
    """The ids a creator says are theirs: full PIDs/tags and account (member) ids."""

    pids: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, values: Iterable[str]) -> Mine:
        """Read ``--mine`` values: PIDs (``mm_1_2_3``), member or union ids, tags.

        A full Taobao PID also makes its member id the creator's, since all of an
        account's ad slots share it.

        >>> m = Mine.parse(["mm_28765431_45872103_109876543210, 1001706833", "mytag-20"])
        >>> sorted(m.pids), sorted(m.members)
        (['mm_28765431_45872103_109876543210', 'mytag-20'], ['1001706833', '28765431'])
        """
        pids: set[str] = set()
        members: set[str] = set()
        for value in values:
            for item in filter(None, _SPLIT.split(value.strip())):
                m = _TAOBAO_PID.match(item)
                if m:
                    pids.add(item)
                    members.add(m.group(1))
                elif item.isdigit():
                    members.add(item)
                else:
                    pids.add(item)
        return cls(frozenset(pids), frozenset(members))

    def __bool__(self) -> bool:
        return bool(self.pids or self.members)

    def owns(self, finding: Finding) -> bool | None:
        """True/False when the finding shows an id; ``None`` when it shows none."""
        if finding.pid is None and finding.member_id is None:
            return None
        if finding.pid is not None and finding.pid in self.pids:
            return True
        return finding.member_id is not None and finding.member_id in self.members


def mark_mine(findings: list[Finding], mine: Mine) -> list[Finding]:
    """The findings with ``mine`` set (left ``None`` when no ``--mine`` was given)."""
    if not mine:
        return findings
    return [dataclasses.replace(f, mine=mine.owns(f)) for f in findings]
