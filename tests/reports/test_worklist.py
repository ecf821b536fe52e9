"""The "To remove" work list (reports.worklist): templates, page rows, search strings, keys."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect.page import URL_ATTRS
from reports.worklist import (
    WHERE_BY_LOCATION,
    WHERES,
    done_key,
    place_of,
    search_for,
    where_of,
    work_list,
)
from tests.conftest import ROOT

DEMO = ROOT / "tests" / "fixtures" / "worklist" / "demo.jsonl"
SITE = "http://127.0.0.1:8000"
FOOTER_PID = "mm_28765431_45872103_110234567890"


def demo() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]


def finding(page: str, link: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "page_url": page, "link": link, "network": "taobao", "kind": "click link",
        "rule": "taobao-click", "confidence": "id visible", "location": "a[href]",
        "pid": None, "member_id": None, "site_id": None, "adzone_id": None, "unwrapped": None,
        "context": None, "line": 10, "path": "html>body>div.wrap>article>p>a", "mine": None,
        "extra": {},
    }
    row.update(fields)
    return row


def on_pages(n: int, link: str, **fields: Any) -> list[dict[str, Any]]:
    return [finding(f"https://b.example/p{i}", link, **fields) for i in range(n)]


# -- the demo record -------------------------------------------------------------------------

def test_demo_footer_widget_is_one_template_row_of_nine_pages() -> None:
    items = work_list(demo())
    footer = items[0]
    assert footer.template and footer.page_url is None
    assert (footer.pages, footer.search, footer.where) == (9, FOOTER_PID, "script")
    # The inline config and its inf.js loader on each of the 9 pages.
    assert footer.occurrences == 18
    assert footer.example_pages == (f"{SITE}/", f"{SITE}/about.html", f"{SITE}/page/2.html",
                                    f"{SITE}/posts/2023-08-desk-setup.html",
                                    f"{SITE}/posts/2024-05-server-memory.html")
    assert footer.line is None
    # Nothing of the footer is left on a page row.
    assert not [i for i in items if not i.template and "footer" in (i.link + i.search)]
    assert not [i for i in items if "inf.js" in i.search]


def test_demo_sidebar_form_on_three_pages_is_a_template_too() -> None:
    items = work_list(demo())
    sidebar = items[1]
    assert (sidebar.template, sidebar.pages, sidebar.where, sidebar.search) == (
        True, 3, "form", FOOTER_PID)
    assert sidebar.example_pages == (f"{SITE}/", f"{SITE}/page/2.html", f"{SITE}/tags/shuma.html")
    assert [i.template for i in items].count(True) == 2


def test_demo_page_rows_worst_page_first_in_source_order() -> None:
    rows = [i for i in work_list(demo()) if not i.template]
    pages = list(dict.fromkeys(i.page_url for i in rows))
    counts = [sum(1 for i in rows if i.page_url == p) for p in pages]
    assert counts == sorted(counts, reverse=True)
    assert pages[0] == f"{SITE}/posts/2023-08-desk-setup.html"  # 3 rows, first by URL of the 3s
    desk = [i for i in rows if i.page_url == pages[0]]
    assert [i.line for i in desk] == [34, 43, 46]
    assert [i.where for i in desk] == ["comment", "link", "text"]
    assert desk[2].search == "Kx7pQ2mWd9Z"
    # The server-memory page holds only the footer: no page row.
    assert f"{SITE}/posts/2024-05-server-memory.html" not in pages
    assert sum(i.occurrences for i in work_list(demo())) == 37


# -- templates ----------------------------------------------------------------------------

def test_same_link_same_place_on_three_pages_is_a_template() -> None:
    [item] = work_list(on_pages(3, "https://s.click.taobao.com/AbC1234", kind="short link"))
    assert (item.template, item.pages, item.occurrences) == (True, 3, 3)


def test_same_link_same_place_on_two_pages_stays_per_page() -> None:
    items = work_list(on_pages(2, "https://s.click.taobao.com/AbC1234", kind="short link"))
    assert [(i.template, i.page_url) for i in items] == [
        (False, "https://b.example/p0"), (False, "https://b.example/p1")]


def test_same_link_in_different_places_on_three_pages_is_not_a_template() -> None:
    rows = on_pages(3, "https://s.click.taobao.com/AbC1234", kind="short link")
    for row, path in zip(rows, ("html>body>footer>a", "html>body>aside>a", "html>body>main>a"),
                         strict=True):
        row["path"] = path
    assert [i.template for i in work_list(rows)] == [False, False, False]


def test_different_links_in_the_same_place_are_not_a_template() -> None:
    rows = [finding(f"https://b.example/p{i}", f"https://s.click.taobao.com/AbC123{i}",
                    kind="short link") for i in range(3)]
    assert [i.template for i in work_list(rows)] == [False, False, False]


def test_template_pages_threshold_is_a_parameter() -> None:
    rows = on_pages(2, "https://s.click.taobao.com/AbC1234", kind="short link")
    assert [i.template for i in work_list(rows, template_pages=2)] == [True]
    with pytest.raises(ValueError, match="at least 2"):
        work_list(rows, template_pages=1)


def test_findings_without_a_path_are_never_templates() -> None:
    rows = on_pages(4, "https://s.click.taobao.com/AbC1234", kind="short link", path=None,
                    location="redirect")
    assert [i.template for i in work_list(rows)] == [False] * 4


def test_page_type_classes_and_post_numbers_do_not_hide_a_template() -> None:
    paths = ["html>body.home>div.wrap>article#post-1>div.ad>script",
             "html>body.single>div.wrap>article#post-22>div.ad>script",
             "html.js>body.page-id-3>div.wrap>article#post-333>div.ad>script"]
    rows = [finding(f"https://b.example/p{i}", f'alimama_pid="{FOOTER_PID}', kind="ad-slot code",
                    location="script", path=p, pid=FOOTER_PID) for i, p in enumerate(paths)]
    assert [i.template for i in work_list(rows)] == [True]


def test_a_template_has_one_search_string_even_where_its_findings_differ() -> None:
    # Found by the invariants test: one finding of the link lacks the PID the others
    # name (a hand-edited record); the template stays whole, searched by the PID.
    rows = on_pages(3, f'alimama_pid="{FOOTER_PID}', kind="ad-slot code", location="script",
                    pid=FOOTER_PID)
    rows[1]["pid"] = None
    [item] = work_list(rows)
    assert (item.template, item.pages, item.search) == (True, 3, FOOTER_PID)


@pytest.mark.parametrize(("a", "b"), [
    ("html>body>div.ad>script", "html>body>div.ad2>script"),  # a digit not after - or _
    ("html>body>div.wrap>div#ad-top>a", "html>body>div.wrap>div#ad-bottom>a"),
    ("html>body>div.wrap.x>a", "html>body>div.main>a"),  # classes below body count
])
def test_place_keeps_what_names_a_place(a: str, b: str) -> None:
    assert place_of(a) != place_of(b)


def test_template_example_pages_are_capped() -> None:
    [item] = work_list(on_pages(7, "https://s.click.taobao.com/AbC1234", kind="short link"),
                       examples=2)
    assert (item.pages, item.example_pages) == (7, ("https://b.example/p0", "https://b.example/p1"))


def test_templates_come_first_most_pages_first() -> None:
    rows = [*on_pages(2, "https://s.click.taobao.com/Other12", kind="short link"),
            *on_pages(3, "https://s.click.taobao.com/Three12", kind="short link"),
            *on_pages(5, "https://s.click.taobao.com/Five123", kind="short link")]
    items = work_list(rows)
    assert [(i.template, i.pages) for i in items] == [(True, 5), (True, 3), (False, 1), (False, 1)]


# -- page rows ------------------------------------------------------------------------------

def test_same_thing_twice_on_a_page_is_one_row() -> None:
    page = "https://b.example/a"
    rows = [finding(page, "https://s.click.taobao.com/AbC1234", kind="short link", line=5),
            finding(page, "https://s.click.taobao.com/AbC1234", kind="short link", line=9,
                    path="html>body>aside>a")]
    [item] = work_list(rows)
    assert (item.occurrences, item.line, item.page_url) == (2, 5, page)


def test_same_search_in_another_where_is_another_row() -> None:
    page = "https://b.example/a"
    rows = [finding(page, f"https://ai.taobao.com/?pid={FOOTER_PID}", pid=FOOTER_PID, line=5),
            finding(page, f'alimama_pid="{FOOTER_PID}', pid=FOOTER_PID, location="script", line=9)]
    assert [(i.where, i.occurrences) for i in work_list(rows)] == [("link", 1), ("script", 1)]


def test_loader_without_the_config_stays_its_own_row() -> None:
    loader = finding("https://b.example/a", "http://a.alimama.cn/inf.js", kind="ad-slot code",
                     location="script[src]", rule="alimama-ad-script")
    [item] = work_list([loader])
    assert (item.search, item.where) == ("a.alimama.cn/inf.js", "script_src")


def test_loader_elsewhere_on_the_page_does_not_fold() -> None:
    config = finding("https://b.example/a", f'alimama_pid="{FOOTER_PID}', kind="ad-slot code",
                     location="script", pid=FOOTER_PID, path="html>body>footer>script")
    loader = finding("https://b.example/a", "http://a.alimama.cn/inf.js", kind="ad-slot code",
                     location="script[src]", path="html>body>header>script")
    assert len(work_list([config, loader])) == 2


def test_worst_page_first_then_source_order() -> None:
    rows = [finding("https://b.example/light", "https://s.click.taobao.com/AAAaaa1",
                    kind="short link", line=1),
            finding("https://b.example/heavy", "https://s.click.taobao.com/BBBbbb2",
                    kind="short link", line=30),
            finding("https://b.example/heavy", "https://s.click.taobao.com/CCCccc3",
                    kind="short link", line=None),
            finding("https://b.example/heavy", "https://s.click.taobao.com/DDDddd4",
                    kind="short link", line=4)]
    items = work_list(rows)
    assert [(i.page_url, i.line) for i in items] == [
        ("https://b.example/heavy", 4), ("https://b.example/heavy", 30),
        ("https://b.example/heavy", None), ("https://b.example/light", 1)]


def test_more_occurrences_break_a_tie_of_rows() -> None:
    rows = [finding("https://b.example/a", "https://s.click.taobao.com/AAAaaa1", kind="short link"),
            *[finding("https://b.example/z", "https://s.click.taobao.com/ZZZzzz1",
                      kind="short link")] * 2]
    assert [i.page_url for i in work_list(rows)] == ["https://b.example/z", "https://b.example/a"]


# -- verify status, mine, Done --------------------------------------------------------------

def test_removed_findings_are_not_work() -> None:
    rows = [finding("https://b.example/a", "https://s.click.taobao.com/AAAaaa1",
                    kind="short link", status="removed"),
            finding("https://b.example/b", "https://s.click.taobao.com/BBBbbb2",
                    kind="short link", status="remaining")]
    assert [(i.page_url, i.status) for i in work_list(rows)] == [("https://b.example/b", "remaining")]


def test_removed_findings_do_not_count_toward_a_template() -> None:
    rows = on_pages(3, "https://s.click.taobao.com/AbC1234", kind="short link", status="remaining")
    rows[0]["status"] = "removed"
    assert [i.template for i in work_list(rows)] == [False, False]


@pytest.mark.parametrize(("statuses", "expected"), [
    (["remaining", "remaining", "remaining"], "remaining"),
    (["remaining", "new", "remaining"], "new"),
    ([None, None, None], None),
])
def test_status_of_a_row_mixing_findings(statuses: list[str | None], expected: str | None) -> None:
    rows = on_pages(3, "https://s.click.taobao.com/AbC1234", kind="short link")
    for row, status in zip(rows, statuses, strict=True):
        row["status"] = status
    [item] = work_list(rows)
    assert item.status == expected


@pytest.mark.parametrize(("mines", "expected"), [
    ([None, True, False], True), ([None, False, None], False), ([None, None, None], None)])
def test_mine_of_a_row(mines: list[bool | None], expected: bool | None) -> None:
    rows = on_pages(3, "https://s.click.taobao.com/AbC1234", kind="short link")
    for row, mine in zip(rows, mines, strict=True):
        row["mine"] = mine
    assert work_list(rows)[0].mine is expected


def test_done_is_carried_by_the_key_the_shown_cells_give() -> None:
    before = work_list(demo())
    ticked = {before[0].key, before[5].key}
    # What a later run reads back from the old sheet: page cell (a marker on template
    # rows, in whatever language), search string, where key.
    read_back = {done_key("站点模板" if i.template else i.page_url, i.search, i.where, i.template)
                 for i in before if i.key in ticked}
    after = work_list(reversed(demo()), done=read_back)  # another crawl order
    assert [i.key for i in after if i.done] == [before[0].key, before[5].key]
    assert len({i.key for i in after}) == len(after)


def test_done_key_tells_rows_apart() -> None:
    keys = {done_key("https://b.example/a", "mm_1_2_3", "link", False),
            done_key("https://b.example/b", "mm_1_2_3", "link", False),
            done_key("https://b.example/a", "mm_1_2_3", "script", False),
            done_key("https://b.example/a", "mm_1_2_4", "link", False),
            done_key(None, "mm_1_2_3", "link", True)}
    assert len(keys) == 5


# -- search strings --------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "expected"), [
    # A PID is distinctive on its own, wherever it stands.
    ({"link": f"https://ai.taobao.com/search/index.htm?pid={FOOTER_PID}&unid=x",
      "pid": FOOTER_PID, "rule": "taobao-pid-link"}, FOOTER_PID),
    ({"link": f'alimama_pid="{FOOTER_PID}', "pid": FOOTER_PID, "kind": "ad-slot code"}, FOOTER_PID),
    ({"link": f"https://detail.tmall.com/item.htm?id=7&ali_trackid=2%3A{FOOTER_PID}%3A17",
      "pid": FOOTER_PID}, FOOTER_PID),
    # Short links: host and code.
    ({"link": "https://s.click.taobao.com/AbC1234", "kind": "short link"},
     "s.click.taobao.com/AbC1234"),
    ({"link": "https://u.jd.com/Xy7pQ2m/", "kind": "short link", "network": "jd"},
     "u.jd.com/Xy7pQ2m"),
    ({"link": "https://m.tb.cn/h.gXyZ12?tk=abc", "kind": "share link"}, "m.tb.cn/h.gXyZ12"),
    # Tokens: the code, without the delimiters or a format code.
    ({"link": "￥Kx7pQ2mWd9Z￥", "kind": "token"}, "Kx7pQ2mWd9Z"),
    ({"link": "€Vn3Lq8RtY2c€", "kind": "token"}, "Vn3Lq8RtY2c"),
    ({"link": "89¥ CZ028 Z9YdVgTDJ2C¥", "kind": "token"}, "Z9YdVgTDJ2C"),
    ({"link": "http://JhT7V5wlKygHDK京口令内容#J6UFE5iMn***", "kind": "token", "network": "jd"},
     "JhT7V5wlKygHDK"),
    # Other networks' ids: the parameter that holds them.
    ({"link": "https://www.amazon.com/dp/B08N5WRWNW?tag=lenslab0c-20&linkCode=ll1",
      "pid": "lenslab0c-20", "rule": "amazon-tag", "network": "amazon"}, "tag=lenslab0c-20"),
    ({"link": "https://union.click.jd.com/jdc?e=&p=x&unionId=1001706833&siteId=4",
      "pid": "1001706833", "member_id": "1001706833", "site_id": "4", "rule": "jd-legacy-click",
      "network": "jd"}, "unionId=1001706833"),
    ({"link": "https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=1&pid=1860931_43746459",
      "pid": "1860931_43746459", "rule": "pdd-pid-link", "network": "pdd"},
     "pid=1860931_43746459"),
    # Cards: the id attribute's value.
    ({"link": "a[data-draft-type=mcn-link-card][data-mcn-id=1620458813374517248]",
      "kind": "product card", "extra": {"data-mcn-id": "1620458813374517248"}},
     "1620458813374517248"),
    # Elements written as selectors: the last attribute's value.
    ({"link": "a[biz-itemid=729401857362]", "kind": "converted link", "pid": FOOTER_PID,
      "rule": "alimama-tkapi-anchor"}, "729401857362"),
    ({"link": "a[data-miniprogram-appid=wx91d27dbf599dff74]", "kind": "mini-program link",
      "network": "jd"}, "wx91d27dbf599dff74"),
    # No id, no code: the link without its scheme (the source may say //host/…).
    ({"link": "http://a.alimama.cn/inf.js", "kind": "ad-slot code"}, "a.alimama.cn/inf.js"),
    ({"link": "https://s.click.taobao.com/t?e=m%3D2%26s%3DAbc", "kind": "click link"},
     "s.click.taobao.com/t?e=m%3D2%26s%3DAbc"),
])
def test_search_string(fields: dict[str, Any], expected: str) -> None:
    assert search_for(finding("https://b.example/", **fields)) == expected


@pytest.mark.parametrize(("fields", "expected"), [
    # A PID in a parameter the rule did not read is not the finding's id: the link
    # shows no id of the finding, so the link is searched.
    ({"link": "https://s.click.taobao.com/t?e=m%3D2&ref=mm_11111_2222_3333", "kind": "click link"},
     "s.click.taobao.com/t?e=m%3D2&ref=mm_11111_2222_3333"),
    # Another PID earlier in the link: the finding's own is searched.
    ({"link": f"https://ai.taobao.com/?ref=mm_11111_2222_3333&pid={FOOTER_PID}",
      "pid": FOOTER_PID}, FOOTER_PID),
    # The tag's value repeated in another parameter first: the rule's parameter wins.
    ({"link": "https://www.amazon.com/dp/B0?ascsubtag=lenslab0c-20&tag=lenslab0c-20",
      "pid": "lenslab0c-20", "rule": "amazon-tag"}, "tag=lenslab0c-20"),
    # A token-like code that is not a token kind (a short link's path) keeps host + path.
    ({"link": "https://s.click.taobao.com/Kx7pQ2m", "kind": "short link"},
     "s.click.taobao.com/Kx7pQ2m"),
    # A short link without a code in its path is searched whole.
    ({"link": "https://s.click.taobao.com/?x=1", "kind": "short link"}, "s.click.taobao.com/?x=1"),
    # An id the link does not show (decoded from e=) cannot be searched for.
    ({"link": "https://uland.taobao.com/coupon/edetail?e=Zm9v", "pid": FOOTER_PID},
     "uland.taobao.com/coupon/edetail?e=Zm9v"),
    # A short id in a path is no search string: the link is.
    ({"link": "https://union.example/c/4/go", "site_id": "4", "network": "jd"},
     "union.example/c/4/go"),
    # …a long one is (a tracking id in a widget's code).
    ({"link": 'amzn_assoc_tracking_id = "lenslab0c-20"', "pid": "lenslab0c-20",
      "kind": "ad-slot code", "rule": "amazon-widget-tag"}, "lenslab0c-20"),
    # A URL whose query holds brackets is no selector.
    ({"link": "https://s.click.taobao.com/t?a[b=c]", "kind": "click link"},
     "s.click.taobao.com/t?a[b=c]"),
    # A token's lower-case neighbour words are not its code.
    ({"link": "￥Kx7pQ2mWd9Z￥ abcdefghijklmnop", "kind": "token"}, "Kx7pQ2mWd9Z"),
])
def test_search_string_look_alikes(fields: dict[str, Any], expected: str) -> None:
    assert search_for(finding("https://b.example/", **fields)) == expected


# -- where ---------------------------------------------------------------------------------

def _fixed_locations() -> set[str]:
    """Every location the code base writes as a literal: keyword arguments and defaults,
    and the third argument of ``scan_text(element, text, location)``."""
    found: set[str] = set()
    for source in [*ROOT.joinpath("crawler").rglob("*.py"), *ROOT.joinpath("spiders").rglob("*.py")]:
        text = source.read_text(encoding="utf-8")
        found.update(re.findall(r"""\blocation(?::\s*str)?\s*=\s*["']([^"'{}]+)["']""", text))
        found.update(re.findall(r"""\bscan_text\([^,()]+,[^,()]+,\s*["']([^"']+)["']""", text))
    return found


def test_every_location_written_as_a_literal_maps() -> None:
    fixed = _fixed_locations()
    assert {"comment", "form", "redirect", "text", "front matter"} <= fixed  # the scan works
    assert fixed <= set(WHERE_BY_LOCATION)


def test_every_text_location_maps() -> None:
    from crawler.detect.page import _TEXT_LOCATIONS

    assert set(_TEXT_LOCATIONS) <= set(WHERE_BY_LOCATION)


@pytest.mark.parametrize("attr", sorted(URL_ATTRS) + ["data-href", "data-clipboard-text"])
@pytest.mark.parametrize("tag", ["a", "img", "script", "iframe", "div", "button", "form", "link"])
def test_every_tag_attribute_location_maps(tag: str, attr: str) -> None:
    assert where_of(f"{tag}[{attr}]") in set(WHERES) - {"other"}


@pytest.mark.parametrize(("location", "expected"), [
    ("a[href]", "link"), ("a[data-draft-type]", "link"), ("a[biz-itemid]", "link"),
    ("img[src]", "image"), ("img[srcset]", "image"), ("video[poster]", "image"),
    ("script[src]", "script_src"), ("script", "script"),
    ("iframe[src]", "embed"), ("embed[src]", "embed"),
    ("form", "form"), ("form[action]", "form"),
    ("button[data-clipboard-text]", "button"), ("span[data-clipboard-text]", "button"),
    ("comment", "comment"), ("text", "text"), ("noscript", "text"),
    ("redirect", "redirect"), ("meta[refresh]", "redirect"), ("front matter", "front_matter"),
    ("div[data-href]", "attribute"), ("blockquote[cite]", "attribute"),
    ("not a location", "other"),
])
def test_where_of(location: str, expected: str) -> None:
    assert where_of(location) == expected


# -- invariants ----------------------------------------------------------------------------

_ANY_FINDING = st.builds(
    finding,
    st.sampled_from([f"https://b.example/p{i}" for i in range(5)]),
    st.sampled_from(["https://s.click.taobao.com/AbC1234", "http://a.alimama.cn/inf.js",
                     f'alimama_pid="{FOOTER_PID}', "￥Kx7pQ2mWd9Z￥"]),
    kind=st.sampled_from(["short link", "ad-slot code", "token", "click link"]),
    location=st.sampled_from(["a[href]", "script", "script[src]", "text", "redirect"]),
    path=st.sampled_from([None, "html>body>footer>script", "html>body.home>aside#w-2>a"]),
    pid=st.sampled_from([None, FOOTER_PID]),
    line=st.sampled_from([None, 1, 7]),
    status=st.sampled_from([None, "new", "remaining", "removed"]),
    mine=st.sampled_from([None, True, False]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ANY_FINDING, max_size=30), st.integers(2, 4))
def test_every_finding_of_work_is_in_one_row(rows: list[dict[str, Any]], threshold: int) -> None:
    items = work_list(rows, template_pages=threshold)
    assert sum(i.occurrences for i in items) == sum(r["status"] != "removed" for r in rows)
    assert len({i.key for i in items}) == len(items)
    flags = [i.template for i in items]
    assert flags == sorted(flags, reverse=True)  # templates first
    assert all(i.pages >= threshold and i.page_url is None for i in items if i.template)
    assert all(i.pages == 1 and i.page_url for i in items if not i.template)
    assert all(i.where in WHERES and i.status != "removed" for i in items)


# -- scale --------------------------------------------------------------------------------------

def test_hundred_thousand_findings() -> None:
    """Correct at scale (the time is benchmarks/worklist_bench.py's business)."""
    from benchmarks.worklist_bench import synthetic

    rows = synthetic(100_000)
    items = work_list(rows)
    assert sum(i.occurrences for i in items) == sum(r["status"] != "removed" for r in rows)
    pages = len({r["page_url"] for r in rows})
    assert [(i.template, i.pages, i.where) for i in items[:2]] == [
        (True, pages, "script"), (True, pages // 2, "form")]
    assert all(not i.template for i in items[2:])
    assert len({i.key for i in items}) == len(items)
    per_page = [i.page_url for i in items[2:]]
    counts = list(Counter(per_page).values())
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(("link", "search"), [
    # An encrypted click link: the shared start (m%3D2%26s%3D) is no use, the end is unique.
    ("https://s.click.taobao.com/t?e=m%3D2%26s%3DZEf4oe6KD63Q2DW13MTmH3MKPq3ts0%2FWMQUjqGIacP"
     "wPH0ZGnVUqVTINrTQGL9PLZDnsxenyVzmP84nGuo9Eq4G7kqoGm7Su&union_lens=lensId%3APUB",
     "9Eq4G7kqoGm7Su"[-14:]),
    # Wrapped by Zhihu: the target's end.
    ("https://link.zhihu.com/?target=https%3A//s.click.taobao.com/t%3Fe%3Dm%3D2%26s%3Dtmfvcq"
     "i3PT1bpu9ql1qz8N1UKG5nAVyEzIqETf6xbh74wbEk2SEAQXJCu2M5qmkjb", "2SEAQXJCu2M5qmkjb"),
    # Look-alike: no parameter long enough to be opaque: the link itself.
    ("https://uland.taobao.com/coupon/edetail?e=short&af=1", "uland.taobao.com/coupon/edetail?e=short&af=1"),
])
def test_a_link_without_an_id_is_searched_by_its_opaque_tail(link: str, search: str) -> None:
    found = search_for({"link": link, "kind": "click link"})
    assert found.endswith(search) and found in link
    assert len(found) <= 24 or found == link.split("://", 1)[1]
