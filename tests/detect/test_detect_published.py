"""Links in the forms creators publish them, each claimed by the right rule with the right id."""

from __future__ import annotations

import pytest

from crawler.detect import find_affiliate_links
from tests.detect.corpus.published import CASES, NEGATIVES, Published


def found(case: Published) -> set[tuple[str, str, str | None]]:
    return {(f.network, f.rule, f.pid) for f in find_affiliate_links(case.html, case.page_url)}


def params(cases: list[Published]) -> list:
    return [pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=c.gap) if c.gap else ())
            for c in cases]


@pytest.mark.parametrize("case", params(CASES))
def test_published_link_is_found_by_its_rule(case: Published) -> None:
    assert found(case) == set(case.expect)


@pytest.mark.parametrize("case", params(NEGATIVES))
def test_published_look_alike_is_not_a_finding(case: Published) -> None:
    assert found(case) == set()


def test_corpus_size() -> None:
    assert len(CASES) >= 100 and len(NEGATIVES) >= 35
