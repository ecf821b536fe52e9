"""Real published links and look-alikes (``corpus/realworld/*.toml``), each judged as the crawl would."""

from __future__ import annotations

import pytest

from tests.detect.corpus.realworld import CASES, RealCase


def params(cases: list[RealCase]) -> list:
    return [pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=c.gap) if c.gap else ())
            for c in cases]


@pytest.mark.parametrize("case", params([c for c in CASES if not c.look_alike]))
def test_published_link_is_reported_with_its_id(case: RealCase) -> None:
    assert case.found() == case.expect


@pytest.mark.parametrize("case", params([c for c in CASES if c.look_alike]))
def test_published_look_alike_is_not_a_finding(case: RealCase) -> None:
    assert case.found() == set()


def test_corpus_is_real_and_broad() -> None:
    positives = [c for c in CASES if not c.look_alike]
    assert len(CASES) >= 300 and len(CASES) - len(positives) >= 80
    assert len({network for c in positives for network, _ in c.expect}) >= 6
    assert len({c.source for c in CASES}) >= 250
