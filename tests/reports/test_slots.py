"""The Ad slots sheet's rows: which slot is in use, cleared, not verified, or someone else's."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.i18n import catalogue
from reports.compare import compare
from reports.slots import ID_KIND_KEYS, STATUSES, SlotRow, slot_id, slot_rows

A, B, C = "https://blog.example/a", "https://blog.example/b", "https://blog.example/c"
PID = "mm_28765431_45872103_109876543210"
OTHER_PID = "mm_99887766_11223344_556677889900"


def taobao(page: str, pid: str = PID, **extra: Any) -> dict[str, Any]:
    member, site, adzone = pid.split("_")[1:]
    return {"page_url": page, "link": f"https://uland.taobao.com/coupon/edetail?pid={pid}",
            "network": "taobao", "kind": "coupon link", "rule": "taobao-coupon",
            "location": "a[href]", "pid": pid, "member_id": member, "site_id": site,
            "adzone_id": adzone, "mine": None, "extra": {}, **extra}


def page(url: str, *, verified: bool = True, **extra: Any) -> dict[str, Any]:
    return {"url": url, "status": 200 if verified else None, "verified": verified,
            "error": None if verified else "timeout", **extra}


def only(rows: list[SlotRow]) -> SlotRow:
    assert len(rows) == 1, rows
    return rows[0]


def test_a_crawl_report_slot_is_in_use() -> None:
    table = slot_rows([taobao(A), taobao(B), taobao(A, kind="click link")],
                      [{"url": B, "status": 200}, {"url": A, "status": 200}])
    row = only(table.yours)
    assert (row.network, row.id_kind, row.id) == ("taobao", "pid", PID)
    assert (row.member_id, row.site_id, row.adzone_id) == ("28765431", "45872103", "109876543210")
    assert row.status == "in_use"
    assert row.occurrences == 3
    assert row.pages == (B, A)  # page order, not finding order
    assert row.pages_before == ()
    assert row.kinds == ("coupon link", "click link")
    assert table.others == [] and table.hidden_ids == 0


def test_every_link_removed_from_verified_pages_is_cleared() -> None:
    table = slot_rows([taobao(A, status="removed"), taobao(B, status="removed")],
                      [page(A), page(B)])
    row = only(table.yours)
    assert row.status == "cleared"
    assert (row.occurrences, row.pages, row.pages_before) == (0, (), (A, B))


def test_a_page_not_read_again_leaves_the_slot_not_verified() -> None:
    # Look-alike of the cleared case: the same removed findings, one page unverified.
    table = slot_rows([taobao(A, status="removed"), taobao(B, status="removed")],
                      [page(A), page(B, verified=False)])
    row = only(table.yours)
    assert row.status == "not_verified"
    assert row.pages_unverified == (B,)


def test_a_page_missing_from_the_record_is_not_verified() -> None:
    assert only(slot_rows([taobao(A, status="removed")], []).yours).status == "not_verified"


def test_compare_output_of_an_unreadable_page_is_not_verified_not_in_use() -> None:
    # compare() keeps a link of a page it could not read as "remaining", verified False.
    result = compare([taobao(A), taobao(B)], [],
                     [{"url": A, "status": 200}, {"url": B, "status": None, "error": "timeout"}])
    pages = [page(A), page(B, verified=False)]
    row = only(slot_rows(result.rows, pages).yours)
    assert row.status == "not_verified"
    assert (row.occurrences, row.pages, row.pages_before) == (0, (), (A, B))
    # Once B is read and clean, the same slot is cleared.
    result = compare([taobao(A), taobao(B)], [], [{"url": A, "status": 200},
                                                  {"url": B, "status": 200}])
    assert only(slot_rows(result.rows, [page(A), page(B)]).yours).status == "cleared"


def test_remaining_on_one_page_removed_on_another_is_in_use_there() -> None:
    table = slot_rows([taobao(A, status="removed"), taobao(B, status="remaining", verified=True)],
                      [page(A), page(B)])
    row = only(table.yours)
    assert row.status == "in_use"
    assert (row.occurrences, row.pages, row.pages_before) == (1, (B,), (A, B))


def test_a_new_link_puts_a_cleared_slot_back_in_use() -> None:
    table = slot_rows([taobao(A, status="removed"), taobao(C, status="new", verified=True)],
                      [page(A), page(C)])
    row = only(table.yours)
    assert (row.status, row.pages, row.pages_before) == ("in_use", (C,), (A,))


def test_someone_elses_pid_is_never_cleared() -> None:
    # Everything removed and verified, which would be "cleared" for the creator's own slot.
    findings = [taobao(A, pid=OTHER_PID, mine=False, status="removed"),
                taobao(A, mine=True, status="removed")]
    table = slot_rows(findings, [page(A)])
    assert only(table.yours).status == "cleared"
    other = only(table.others)
    assert (other.id, other.mine, other.status) == (OTHER_PID, False, "not_yours")


def test_someone_elses_pid_still_published_is_not_yours_either() -> None:
    table = slot_rows([taobao(A, pid=OTHER_PID, mine=False)], [page(A)])
    assert only(table.others).status == "not_yours" and table.yours == []


def test_without_mine_every_slot_may_be_yours() -> None:
    table = slot_rows([taobao(A), taobao(A, pid=OTHER_PID)], [page(A)])
    assert {r.id for r in table.yours} == {PID, OTHER_PID} and table.others == []
    assert all(r.mine is None for r in table.yours)


def test_order_in_use_by_count_then_not_verified_then_cleared() -> None:
    p1, p2, p3, p4 = (f"mm_1000000{i}_2_3" for i in range(1, 5))
    findings = [taobao(A, pid=p1, status="removed"),                      # cleared
                taobao(B, pid=p2, status="removed"),                      # not verified
                taobao(A, pid=p3, status="remaining", verified=True),     # in use once
                taobao(A, pid=p4, status="new", verified=True),           # in use twice
                taobao(C, pid=p4, status="remaining", verified=True)]
    rows = slot_rows(findings, [page(A), page(B, verified=False), page(C)]).yours
    assert [(r.id, r.status) for r in rows] == [(p4, "in_use"), (p3, "in_use"),
                                                (p2, "not_verified"), (p1, "cleared")]


@pytest.mark.parametrize(("finding", "expected"), [
    # Networks without slots: one row per account id, named as the network names it.
    ({"network": "jd", "pid": "1001706833", "member_id": "1001706833"}, ("1001706833", "union")),
    ({"network": "amazon", "pid": "lenslab0c-20"}, ("lenslab0c-20", "tag")),
    ({"network": "suning", "pid": "1234567", "member_id": "1234567", "site_id": "88"},
     ("1234567", "member")),
    ({"network": "yiqifa", "pid": "778899", "site_id": "778899"}, ("778899", "site")),
    ({"network": "aliexpress", "pid": "_DC4TnYr"}, ("_DC4TnYr", "id")),
    # An old Taobao link that shows only the member id is the account, not a slot.
    ({"network": "taobao", "pid": None, "member_id": "13667242"}, ("13667242", "member")),
    # Networks with slots.
    ({"network": "pdd", "pid": "1860931_43746459", "member_id": "1860931",
      "adzone_id": "43746459"}, ("1860931_43746459", "pid")),
    ({"network": "vip", "pid": "d619156f13", "adzone_id": "d619156f13"}, ("d619156f13", "slot")),
    ({"network": "adsense", "pid": "ca-pub-4839201756382910",
      "member_id": "ca-pub-4839201756382910", "adzone_id": "7391046285"},
     ("ca-pub-4839201756382910", "publisher")),
    # Look-alikes: a member id called "union" only on JD, a tag only on Amazon.
    ({"network": "dangdang", "pid": "1001706833", "member_id": "1001706833"},
     ("1001706833", "member")),
    ({"network": "ebay", "pid": "5338765432"}, ("5338765432", "id")),
])
def test_the_id_and_its_kind(finding: dict[str, Any], expected: tuple[str, str]) -> None:
    assert slot_id(finding) == expected


def test_networks_without_slots_are_keyed_by_account() -> None:
    jd = {"network": "jd", "kind": "legacy click link", "pid": "1001706833",
          "member_id": "1001706833", "site_id": "55"}
    findings = [{**jd, "page_url": A}, {**jd, "page_url": B, "site_id": None},
                {"network": "amazon", "kind": "tag link", "pid": "lenslab0c-20", "page_url": A}]
    rows = slot_rows(findings, [page(A), page(B)]).yours
    assert [(r.network, r.id_kind, r.id, r.occurrences) for r in rows] == [
        ("jd", "union", "1001706833", 2), ("amazon", "tag", "lenslab0c-20", 1)]
    assert rows[0].site_id == "55" and rows[0].pages == (A, B)


def test_an_ad_unit_beside_the_account_is_a_slot_of_its_own() -> None:
    pub = "ca-pub-4839201756382910"
    unit = {"network": "adsense", "kind": "ad-slot code", "pid": pub, "member_id": pub,
            "page_url": A}
    rows = slot_rows([{**unit, "adzone_id": "7391046285"}, {**unit, "adzone_id": "1111122222"},
                      {**unit, "adzone_id": "7391046285", "page_url": B}],
                     [page(A), page(B)]).yours
    assert [(r.id, r.adzone_id, r.occurrences) for r in rows] == [
        (pub, "7391046285", 2), (pub, "1111122222", 1)]


def test_links_that_hide_their_ids_are_counted_not_listed() -> None:
    short = {"page_url": A, "network": "taobao", "kind": "short link", "pid": None,
             "member_id": None, "site_id": None, "adzone_id": None,
             "extra": {"unid": "u1"}}  # a sub-tag is not the account
    table = slot_rows([short, short, taobao(A)], [page(A)])
    assert table.hidden_ids == 2
    assert [r.id for r in table.yours] == [PID]


def test_a_removed_hidden_link_is_still_counted() -> None:
    # The sheet says where they are (To remove), whatever their status.
    short = {"page_url": A, "network": "jd", "kind": "short link", "pid": None,
             "status": "removed"}
    assert slot_rows([short], [page(A)]).hidden_ids == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_status_and_id_kind_has_its_words(lang: str) -> None:
    words = catalogue(lang)
    for status in STATUSES:
        assert f"slot_status.{status}" in words and f"slot_todo.{status}" in words
    for kind in ID_KIND_KEYS:
        assert f"slot_id_kind.{kind}" in words
    assert "{count}" in words["slots.hidden_ids"]
