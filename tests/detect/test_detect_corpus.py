"""The labelled corpus: every positive found as labelled, every look-alike ignored."""

from __future__ import annotations

import pytest

from crawler.detect import find_affiliate_links
from tests.detect.corpus import cards
from tests.detect.corpus.case import Case
from tests.detect.corpus.taobao_negative import NEGATIVES
from tests.detect.corpus.taobao_positive import CASES, UNDECIDED, WRAPPED_CASES


def found(case: Case) -> set[tuple[str, str, str | None]]:
    return {(f.network, f.kind, f.pid) for f in find_affiliate_links(case.html, case.page_url)}


@pytest.mark.parametrize("case", [*CASES, *WRAPPED_CASES, *UNDECIDED, *cards.CASES],
                         ids=lambda c: c.id)
def test_positive(case: Case) -> None:
    assert found(case) == case.expected_triples()


@pytest.mark.parametrize("case", [*NEGATIVES, *cards.NEGATIVES], ids=lambda c: c.id)
def test_look_alike_is_not_a_finding(case: Case) -> None:
    assert found(case) == set()
