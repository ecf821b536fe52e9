from __future__ import annotations

from reports.compare import compare, finding_key


def row(page: str, link: str, **extra: object) -> dict[str, object]:
    base = {"page_url": page, "link": link, "network": "taobao", "kind": "short link",
            "pid": None, "location": "a[href]", "line": 1}
    return {**base, **extra}


A = "http://site.example/a.html"
B = "http://site.example/b.html"
L1 = "https://s.click.taobao.com/AbC1234"
L2 = "https://s.click.taobao.com/Zyx9876"
L3 = "https://s.click.taobao.com/New0001"


def statuses(result) -> list[tuple[str, str, str]]:
    return sorted((r["page_url"][-6:], r["link"][-7:], r["status"]) for r in result.rows)


def test_removed_remaining_new() -> None:
    result = compare([row(A, L1), row(A, L2)], [row(A, L1, line=40), row(B, L3)],
                     [{"url": A, "status": 200}, {"url": B, "status": 200}])
    assert statuses(result) == [("a.html", "AbC1234", "remaining"), ("a.html", "Zyx9876", "removed"),
                                ("b.html", "New0001", "new")]
    assert (result.removed, result.remaining, result.new) == (1, 1, 1)
    assert result.unverified_pages == []


def test_occurrences_are_counted_not_merged() -> None:
    # The same link twice on a page, once removed: one removed, one remaining.
    result = compare([row(A, L1, line=3), row(A, L1, line=9)], [row(A, L1, line=3)],
                     [{"url": A, "status": 200}])
    assert sorted(r["status"] for r in result.rows) == ["remaining", "removed"]


def test_unfetchable_page_is_never_clean() -> None:
    result = compare([row(A, L1), row(B, L2)], [],
                     [{"url": A, "status": 503, "error": "HTTP 503"}, {"url": B, "status": 200}])
    by_page = {r["page_url"]: r for r in result.rows}
    assert by_page[A]["status"] == "remaining"
    assert by_page[A]["verified"] is False
    assert by_page[B]["status"] == "removed"
    assert result.unverified_pages == [A]


def test_page_not_reached_is_not_verified() -> None:
    result = compare([row(A, L1)], [], [{"url": B, "status": 200}])
    assert [r["status"] for r in result.rows] == ["remaining"]
    assert result.unverified_pages == [A]


def test_deleted_page_takes_its_links_with_it() -> None:
    result = compare([row(A, L1)], [], [{"url": A, "status": 404, "error": "HTTP 404"}])
    assert [r["status"] for r in result.rows] == ["removed"]


def test_rows_removed_in_an_earlier_verify_are_not_counted_again() -> None:
    result = compare([row(A, L1, status="removed")], [], [{"url": A, "status": 200}])
    assert result.rows == []


def test_key_ignores_line_and_context_but_not_location() -> None:
    a = row(A, L1, line=1, context="x")
    assert finding_key(a) == finding_key(row(A, L1, line=50, context="y"))
    assert finding_key(a) != finding_key(row(A, L1, location="comment"))
    assert finding_key(a) == finding_key(row(A, "http://s.click.taobao.com/AbC1234"))
