"""A page packed with affiliate links costs time linear in its links, with the same findings.

Issue 12 §5: a page at the 16 MiB download cap may hold 200,000 distinct links,
as anchors, as one text node, as a JSON blob in a script. Two costs grew faster
than the links: the look-alike gate read every firing string once and the
visit read it again, and a string holding many links asked each match about
every link before it (overlaps, lines counted from the string's start).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.detect import audit_page, page, plan
from crawler.detect.rules import default_rules
from crawler.detect.spans import SpanIndex, lines_at

PAGE = "https://blog.example.com/post/1.html"
DETECT = str(Path(plan.__file__).parent)


def _link(i: int) -> str:
    return f"https://s.click.taobao.com/t?pid=mm_{10000 + i % 9000}_{i % 97 + 1}_{i + 1}"


def _look_alike(i: int) -> str:
    return f"https://item.taobao.com/item.htm?id={600000 + i}"


#: Page bodies, each a function of the number of affiliate links.
SHAPES = {
    "anchors, one a line": lambda n: "\n".join(f'<a href="{_link(i)}">go</a>' for i in range(n)),
    "anchors on one line": lambda n: "".join(f'<a href="{_link(i)}">go</a>' for i in range(n)),
    "list items with look-alikes": lambda n: "<ul>" + "\n".join(
        f'<li><a href="{_look_alike(i)}">a</a> <a href="{_link(i)}">b</a></li>' for i in range(n)) + "</ul>",
    "mostly look-alikes": lambda n: "\n".join(
        f'<p><a href="{_look_alike(i)}">a</a></p>' + (f'<a href="{_link(i)}">b</a>' if i % 8 == 0 else "")
        for i in range(8 * n)),
    "text lines in one paragraph": lambda n: "<p>" + "\n".join(_link(i) for i in range(n)) + "</p>",
    "JSON in a script": lambda n: "<script>var d=[" + ",".join(f'"{_link(i)}"' for i in range(n)) + "];</script>",
    "bare hosts in text": lambda n: "<p>" + " ".join(_link(i)[8:] for i in range(n)) + "</p>",
    "PIDs in text": lambda n: "<p>" + " ".join(f"pid mm_{10000 + i}_{i + 1}_{i + 2}" for i in range(n)) + "</p>",
    "comment of links": lambda n: "<!--\n" + "\n".join(_link(i) for i in range(n)) + "\n-->",
}


def _page(shape: str, n: int) -> str:
    return "<html><body>\n" + SHAPES[shape](n) + "\n</body></html>\n"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_dense_pages_give_what_scanning_every_string_gives(shape: str) -> None:
    document = _page(shape, 300)
    fast = audit_page(document, PAGE, want_links=True)
    full = audit_page(document, PAGE, want_links=True, exhaustive=True)
    assert fast == full
    assert len(fast.findings) == 300


class _Reads:
    """Counts the strings holding an affiliate link that the rules read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for module in (page, plan):
            monkeypatch.setattr(module, "scan_string", self._counting(module.scan_string))

    def _counting(self, scan):
        def counted(text: str, *args, **kwargs):
            if "s.click.taobao.com" in text:
                self.count += 1
            return scan(text, *args, **kwargs)
        return counted


@pytest.mark.parametrize("shape", ["anchors, one a line", "anchors on one line",
                                   "list items with look-alikes"])
def test_each_affiliate_string_is_read_about_once(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = default_rules()
    rules.forget()
    reads = _Reads(monkeypatch)
    n = 2000
    assert len(audit_page(_page(shape, n), PAGE, rules).findings) == n
    # The gate may read the first stretches before it weighs itself; not every one twice.
    assert reads.count <= n + 2 * plan._GATE_TRIAL, reads.count


def test_the_gate_still_spares_a_page_of_look_alikes(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = default_rules()
    rules.forget()
    reads = _Reads(monkeypatch)
    document = _page("mostly look-alikes", 500)  # 4,000 look-alikes, 500 links
    assert len(audit_page(document, PAGE, rules).findings) == 500
    # Only the firing strings are visited: the look-alikes' anchors are not read at all.
    assert reads.count <= 2 * 500


def _lines_run(document: str) -> int:
    """Lines of crawler/detect executed to audit ``document``: a count, not a clock."""
    rules = default_rules()
    rules.forget()
    count = 0

    def line(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += event == "line"
        return line

    def call(frame: Any, event: str, arg: Any) -> Any:
        # Only the detector's own lines: the library's are the same per link either way.
        return line if DETECT in frame.f_code.co_filename else None

    sys.settrace(call)
    try:
        audit_page(document, PAGE, rules)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", ["text lines in one paragraph", "JSON in a script",
                                   "bare hosts in text", "PIDs in text", "comment of links"])
def test_one_string_of_many_links_costs_work_linear_in_them(shape: str) -> None:
    # 8× the links: linear runs at most 8× the lines (less, with the per-page costs);
    # asking each match about every earlier one ran 12 to 30× here (the time, by
    # benchmarks/dense_page.py --shape script|text).
    small, large = _lines_run(_page(shape, 150)), _lines_run(_page(shape, 1200))
    assert large <= 10 * small, (small, large)


@pytest.mark.parametrize(("spans", "start", "end", "overlaps"), [
    ([], 0, 5, False),
    ([(0, 3)], 3, 5, False),
    ([(0, 3)], 2, 5, True),
    ([(5, 9)], 0, 5, False),
    ([(5, 9)], 0, 6, True),
    ([(0, 100), (10, 20)], 50, 60, True),  # inside a long span that started earlier
    ([(10, 20), (0, 3), (30, 40)], 20, 30, False),
    ([(10, 20), (12, 40)], 39, 50, True),
])
def test_span_index_answers_as_looking_at_every_span(spans, start, end, overlaps) -> None:
    index = SpanIndex(spans)
    assert index.overlaps(start, end) is overlaps
    assert overlaps == any(a < end and start < b for a, b in spans)
    for position in range(-1, 102):
        assert index.covers(position) == any(a <= position < b for a, b in spans)


@pytest.mark.parametrize("text", ["", "a", "\n", "a\nb\n\nc", "\r\n\n x \n", b"x\n\ny"])
def test_lines_at_counts_as_from_the_start(text) -> None:
    offsets = list(range(len(text) + 1))
    newline = b"\n" if isinstance(text, bytes) else "\n"
    assert lines_at(text, offsets) == [text.count(newline, 0, o) + 1 for o in offsets]
