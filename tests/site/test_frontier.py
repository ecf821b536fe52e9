"""The crawl frontier on its own: each decision, its counts, and its state for --resume."""

from __future__ import annotations

import json
import re

import pytest

from crawler.jobdir.state import decode, encode
from crawler.site.frontier import (
    AFFILIATE,
    AMBIGUOUS,
    DEPTH_LIMIT,
    EXCLUDED,
    NOT_A_PAGE,
    OUTSIDE,
    PAGE_CAP,
    SEEN,
    SITEMAP_NESTING,
    Admitted,
    Frontier,
    Refused,
    Rejected,
)
from crawler.site.scope import SiteScope
from crawler.site.traps import CALENDAR, QUERY_VARIANTS, REPEATED_SEGMENTS, QueryVariantCap

SITE = "example.com"  # the scope key of blog.example.com


def make(**limits: object) -> Frontier:
    options: dict[str, object] = {"max_pages": 100, "max_depth": 5,
                                  "skip_extensions": (".jpg", ".pdf")}
    options.update(limits)
    exclude = (re.compile("/private/"),)
    return Frontier(site_scope=lambda key: SiteScope(key, exclude=exclude),
                    is_affiliate=lambda url: "mm_" in url, **options)  # type: ignore[arg-type]


def test_a_link_on_the_site_is_admitted_canonical_and_only_once() -> None:
    frontier = make()
    assert frontier.admit_link("https://Blog.Example.com/post?id=1&utm_source=x#top", SITE, 1) \
        == Admitted("https://blog.example.com/post?id=1")
    # Seen as written, and seen once canonical: both are the one page.
    assert frontier.admit_link("https://blog.example.com/post?id=1", SITE, 1) == Rejected(SEEN)
    assert frontier.admit_link("https://blog.example.com/post?utm_medium=y&id=1", SITE, 1) \
        == Rejected(SEEN)
    assert frontier.scheduled == {"https://blog.example.com/post?id=1"}


@pytest.mark.parametrize(("url", "reason"), [
    ("https://elsewhere.example/p", OUTSIDE),
    ("mailto:me@blog.example.com", OUTSIDE),
    ("https://blog.example.com/photo.JPG", NOT_A_PAGE),
    ("https://blog.example.com/go?pid=mm_1_2_3", AFFILIATE),
    ("https://blog.example.com/private/notes", EXCLUDED),
])
def test_links_not_followed_and_not_counted(url: str, reason: str) -> None:
    frontier = make()
    assert frontier.admit_link(url, SITE, 1) == Rejected(reason)
    assert frontier.scheduled == set()
    assert frontier.not_followed == {PAGE_CAP: 0, DEPTH_LIMIT: 0}


@pytest.mark.parametrize(("url", "depth", "reason"), [
    ("https://blog.example.com/a/b/a/b/a/b/", 1, REPEATED_SEGMENTS),
    ("https://blog.example.com/events/2999/12/", 1, CALENDAR),
    ("https://blog.example.com/deep", 6, DEPTH_LIMIT),
])
def test_links_not_followed_are_counted_once(url: str, depth: int, reason: str) -> None:
    frontier = make()
    assert frontier.admit_link(url, SITE, depth) == Rejected(reason)
    assert frontier.admit_link(url, SITE, depth) == Rejected(reason)
    assert frontier.not_followed[reason] == 1
    assert frontier.unfollowed == {url: reason}


def test_a_sitemap_may_list_calendar_pages_and_query_variants() -> None:
    frontier = make(max_query_variants=1)
    assert frontier.admit_link("https://blog.example.com/list?page=1", SITE, 1) == \
        Admitted("https://blog.example.com/list?page=1")
    assert frontier.admit_link("https://blog.example.com/list?page=2", SITE, 1) == \
        Rejected(QUERY_VARIANTS)
    assert isinstance(frontier.admit_link("https://blog.example.com/list?page=3", SITE, 1,
                                          listed=True), Admitted)
    assert isinstance(frontier.admit_link("https://blog.example.com/events/2999/12/", SITE, 1,
                                          listed=True), Admitted)
    assert frontier.not_followed[QUERY_VARIANTS] == 1


def test_the_page_cap_stops_scheduling_and_counts_each_url() -> None:
    frontier = make(max_pages=2)
    assert isinstance(frontier.schedule("https://blog.example.com/"), Admitted)
    assert isinstance(frontier.admit_link("https://blog.example.com/1", SITE, 1), Admitted)
    assert frontier.admit_link("https://blog.example.com/2", SITE, 1) == Rejected(PAGE_CAP)
    assert frontier.admit_link("https://blog.example.com/3", SITE, 1) == Rejected(PAGE_CAP)
    assert frontier.admit_link("https://blog.example.com/3", SITE, 1) == Rejected(PAGE_CAP)
    assert frontier.not_followed[PAGE_CAP] == 2


def test_a_page_reached_after_all_is_no_longer_counted() -> None:
    frontier = make(max_depth=1)
    assert frontier.admit_link("https://blog.example.com/far", SITE, 2) == Rejected(DEPTH_LIMIT)
    assert frontier.not_followed[DEPTH_LIMIT] == 1
    # A shorter path (or a sitemap) leads there too.
    assert frontier.admit_link("https://blog.example.com/far", SITE, 1) == \
        Admitted("https://blog.example.com/far")
    assert frontier.not_followed[DEPTH_LIMIT] == 0
    assert frontier.unfollowed == {}


def test_an_ambiguous_url_claiming_the_site_is_refused_once() -> None:
    frontier = make()
    url = "http://blog.example.com\\@evil.example/x"
    first = frontier.admit_link(url, SITE, 1)
    assert isinstance(first, Refused)
    assert first.url == url
    assert frontier.admit_link(url, SITE, 1) == Rejected(SEEN)
    assert frontier.not_followed[AMBIGUOUS] == 1
    # One that could only be read as another site is simply outside.
    assert frontier.admit_link("http://a.example\\@evil.example/x", SITE, 1) == Rejected(OUTSIDE)


def test_the_scope_verdict_is_remembered_per_origin() -> None:
    built: list[str] = []

    def scope(key: str) -> SiteScope:
        built.append(key)
        return SiteScope(key)

    frontier = Frontier(site_scope=scope, is_affiliate=lambda url: False, max_pages=10,
                        max_depth=3)
    for n in range(3):
        frontier.admit_link(f"https://other.example/{n}", SITE, 1)
    assert built == [SITE]
    assert list(frontier._origin_in_scope) == [(SITE, "https://other.example")]


def test_sitemaps_are_capped_by_nesting_not_by_include_exclude() -> None:
    frontier = make(max_sitemap_nesting=2)
    assert isinstance(frontier.admit_listing("https://blog.example.com/private/sitemap.xml", SITE, 2),
                      Admitted)
    assert frontier.admit_listing("https://blog.example.com/s3.xml", SITE, 3) == \
        Rejected(SITEMAP_NESTING)
    assert frontier.admit_listing("https://elsewhere.example/s.xml", SITE, 1) == \
        Rejected(OUTSIDE)
    assert frontier.not_followed[SITEMAP_NESTING] == 1


def test_seeds_redo_and_robots_origins() -> None:
    frontier = make()
    assert frontier.schedule("https://blog.example.com/a b") == Admitted("https://blog.example.com/a b")
    frontier.also_scheduled("https://blog.example.com/a%20b")
    assert frontier.admit_link("https://blog.example.com/a%20b", SITE, 1) == Rejected(SEEN)
    assert frontier.reschedule("https://blog.example.com/a b") == Admitted("https://blog.example.com/a b")
    assert frontier.first_visit("https://blog.example.com")
    assert not frontier.first_visit("https://blog.example.com")


def _used(frontier: Frontier) -> None:
    frontier.admit_link("https://blog.example.com/list?page=1", SITE, 1)
    frontier.admit_link("https://blog.example.com/deep", SITE, 9)
    frontier.first_visit("https://blog.example.com")


def test_the_state_round_trips_through_plain_json() -> None:
    frontier = make()
    _used(frontier)
    state = frontier.to_state()
    assert json.loads(json.dumps(state)) == state  # plain JSON, no tags needed
    again = make()
    again.restore(decode(encode(state)))  # through the job folder's own encoding
    assert again.to_state() == state
    assert again.admit_link("https://blog.example.com/list?page=1", SITE, 1) == Rejected(SEEN)
    assert again.not_followed[DEPTH_LIMIT] == 1


def test_a_job_folder_from_before_the_frontier_still_resumes() -> None:
    """State written when these were spider attributes: sets and a QueryVariantCap."""
    old = {"scheduled": {"https://blog.example.com/"}, "not_followed": {PAGE_CAP: 0, DEPTH_LIMIT: 2},
           "unfollowed": {"https://blog.example.com/deep": DEPTH_LIMIT}, "origins": {"https://blog.example.com"},
           "query_variants": QueryVariantCap(7, {"https://blog.example.com/list": {"page=2"}}), "redo": {}}
    frontier = make()
    frontier.restore(decode(encode(old)))
    assert frontier.scheduled == {"https://blog.example.com/"}
    assert frontier.not_followed == {PAGE_CAP: 0, DEPTH_LIMIT: 2}
    assert not frontier.first_visit("https://blog.example.com")
    assert frontier.to_state()["query_variants"] == {
        "limit": 7, "seen": {"https://blog.example.com/list": ["page=2"]}}
