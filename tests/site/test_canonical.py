"""URL canonicalisation: one spelling per page, and never an affiliate parameter lost."""

from __future__ import annotations

import pytest

from crawler.detect import default_rules, find_affiliate_links
from crawler.detect.match import match_url
from crawler.site.canonical import SESSION_PARAMS, TRACKING_PARAMS, TRACKING_PREFIXES, canonical_url
from tests.detect.corpus import cards, networks_positive, taobao_positive

RULES = default_rules()


def is_affiliate(url: str) -> bool:
    return match_url(url, RULES) is not None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://blog.example.com/post#comments", "https://blog.example.com/post"),
        ("HTTPS://Blog.Example.COM/Post", "https://blog.example.com/Post"),  # path case kept
        ("http://blog.example.com:80/a", "http://blog.example.com/a"),
        ("https://blog.example.com:443/a", "https://blog.example.com/a"),
        ("http://blog.example.com:8080/a", "http://blog.example.com:8080/a"),
        ("https://blog.example.com", "https://blog.example.com/"),
        ("https://blog.example.com/a?", "https://blog.example.com/a"),
        # order is meaning to some servers: never sorted
        ("https://b.example/s?z=1&a=2", "https://b.example/s?z=1&a=2"),
        ("https://b.example/s?utm_source=wx&id=3&utm_medium=share", "https://b.example/s?id=3"),
        ("https://b.example/s?id=3&spm=a2e0b.1&fbclid=X&gclid=Y", "https://b.example/s?id=3"),
        ("https://b.example/s?from=timeline&share_token=abc", "https://b.example/s"),
        ("https://b.example/s?UTM_Campaign=x&p=2", "https://b.example/s?p=2"),
        # session ids in the path and the query
        ("https://b.example/a.jsp;jsessionid=0A1B2C?x=1", "https://b.example/a.jsp?x=1"),
        ("https://b.example/a;JSESSIONID=0A1B/b", "https://b.example/a/b"),
        ("https://b.example/a.php?PHPSESSID=f00&page=2", "https://b.example/a.php?page=2"),
        ("https://b.example/a?sid=77", "https://b.example/a"),
        # look-alikes of tracking names stay
        ("https://b.example/a?source=rss&fromdate=1", "https://b.example/a?source=rss&fromdate=1"),
        ("http://[::1]:80/a", "http://[::1]/a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url, protect=is_affiliate) == expected


def test_a_canonical_url_is_its_own_canonical_form() -> None:
    url = canonical_url("HTTP://B.example:80/a;jsessionid=1?utm_source=x&b=2#f")
    assert canonical_url(url) == url


#: Affiliate parameters (Taobao, JD, Amazon, Pinduoduo …): none may ever be dropped.
AFFILIATE_PARAMS = ("pid", "p", "tag", "unionId", "relationId", "union_lens", "ali_trackid",
                    "e", "customParameters", "refpid", "ascsubtag", "linkCode", "subUnionId",
                    "positionId", "siteId", "adzoneId", "u1", "camp", "afsrc", "goods_sign")


def test_tracking_lists_hold_no_affiliate_parameter() -> None:
    for name in AFFILIATE_PARAMS:
        lowered = name.lower()
        assert lowered not in TRACKING_PARAMS, name
        assert lowered not in SESSION_PARAMS, name
        assert not lowered.startswith(TRACKING_PREFIXES), name


def test_affiliate_parameters_survive_without_the_guard() -> None:
    query = "&".join(f"{name}=v{i}" for i, name in enumerate(AFFILIATE_PARAMS))
    url = f"https://blog.example.com/go?{query}&utm_source=x"
    assert canonical_url(url) == f"https://blog.example.com/go?{query}"


def _affiliate_links() -> list[str]:
    links = set()
    cases = [*taobao_positive.CASES, *taobao_positive.WRAPPED_CASES, *cards.CASES,
             *networks_positive.CASES]
    for case in cases:
        for finding in find_affiliate_links(case.html, case.page_url):
            for link in (finding.link, finding.unwrapped):
                if link and link.startswith(("http://", "https://")) and is_affiliate(link):
                    links.add(link)
    return sorted(links)


AFFILIATE_LINKS = _affiliate_links()


def test_the_corpus_gives_affiliate_links_with_tracking_names() -> None:
    # The guard matters: some networks carry the id in a parameter named like tracking.
    assert len(AFFILIATE_LINKS) > 50
    assert any("utm_campaign=" in link for link in AFFILIATE_LINKS)


def test_jd_landing_link_needs_the_guard() -> None:
    link = "https://item.jd.com/100012043978.html?utm_source=kong&utm_campaign=t_1000123456_"
    assert is_affiliate(link)
    assert "utm_campaign" not in canonical_url(link)  # the bare lists would drop the id…
    assert canonical_url(link, protect=is_affiliate) == link  # …the guard keeps it


@pytest.mark.parametrize("link", AFFILIATE_LINKS)
def test_affiliate_links_keep_every_parameter(link: str) -> None:
    kept = canonical_url(link, protect=is_affiliate)
    assert kept.split("?", 1)[-1] == link.split("#", 1)[0].split("?", 1)[-1]
    assert is_affiliate(kept)
