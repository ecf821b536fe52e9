"""The fast path (prefilter + XPath-selected strings) finds exactly what scanning every string finds.

``audit_page(..., exhaustive=True)`` runs every rule on every attribute, text,
tail and comment of the page: slow, and obviously complete. The default path
scans only the strings the prefilter's needles select; these tests hold the two
equal on the labelled corpus, on whole generated pages and on HTML soup.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect import audit_page
from tests.conftest import ROOT
from tests.detect.corpus import (
    cards,
    networks_negative,
    networks_positive,
    published,
    taobao_negative,
    taobao_positive,
)

BENCHMARKS = ROOT / "benchmarks"

CASES = [
    *taobao_positive.CASES, *taobao_positive.WRAPPED_CASES, *taobao_positive.UNDECIDED,
    *taobao_negative.NEGATIVES, *networks_positive.CASES, *networks_positive.UNSUPPORTED,
    *networks_negative.NEGATIVES, *cards.CASES, *cards.NEGATIVES,
    *published.CASES, *published.NEGATIVES,
]
PAGE = "https://blog.example.com/post/1.html"


def both_ways(html: str, url: str = PAGE) -> tuple[list, list]:
    fast = audit_page(html, url, want_links=True)
    full = audit_page(html, url, want_links=True, exhaustive=True)
    assert fast.links == full.links
    assert fast.refresh == full.refresh
    return sorted(map(repr, fast.findings)), sorted(map(repr, full.findings))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_corpus_case_same_both_ways(case) -> None:
    fast, full = both_ways(case.html, case.page_url)
    assert fast == full


def test_generated_blog_pages_same_both_ways() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from detect_throughput import build_corpus
    finally:
        sys.path.remove(str(BENCHMARKS))
    pages = build_corpus(60, 7)
    found = 0
    for page in pages:
        fast, full = both_ways(page.html, page.url)
        assert fast == full, page.url
        found += len(fast)
    assert found > 0  # the corpus plants links: a fast path finding nothing would show here


def test_entity_spelled_host_is_found_both_ways() -> None:
    html = '<p><a href="https://s.click.taobao&#46;com/t?e=m%3D2">x</a></p>'
    fast, full = both_ways(html)
    assert fast == full and len(fast) == 1


def test_trigger_in_a_comment_and_in_a_tail() -> None:
    html = ("<div><b>x</b> see mm_12345678_1_2 <!-- old: https://s.click.taobao.com/AbC1234 -->"
            "<i>y</i>tail ￥AbCdEf12345￥ 复制打开淘宝</div>")
    fast, full = both_ways(html)
    assert fast == full and len(fast) == 3


def test_many_distinct_tokens_still_found() -> None:
    tokens = "".join(f"<li>复制这段描述￥AbCdE{i:06d}￥打开淘宝</li>" for i in range(40))
    fast, full = both_ways(f"<ul>{tokens}</ul>")
    assert fast == full and len(fast) == 40


_FRAGMENTS = st.sampled_from([
    "<a href='", "'>", "</a>", "<script>", "</script>", "<!--", "-->", "<p>", "&amp;", "&#46;",
    "https://s.click.taobao.com/", "t?e=", "mm_12345678_1_2", "%3A%2F%2F", "\\u0026", "<b>",
    "￥", "€", "AbCdEfGhIjK", "?pid=", "ali_trackid=2:", "//", "<form action=", "biz-itemid=",
    "alimama_pid=", "tanx-a-", "<![CDATA[", "u.jd.com/", "tag=abc-20", "amazon.com/dp/B0", " ",
    "data-draft-type=mcn-link-card ", "<input name=pid value=", '"', "=", "\n", "\r\n", "复制",
    "=>", "<-", "item.taobao.com/item.htm?id=1", "&copy;", "打开手机淘宝", "(AbCdEfGhIjK)", "京东",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=40))
def test_soup_same_both_ways(parts: list[str]) -> None:
    fast, full = both_ways("<html><body>" + "".join(parts))
    assert fast == full


@pytest.mark.parametrize("html", [
    "<html><body>https://s.click.taobao.com/</a>t?e=",  # found by hypothesis
    "<html><body>https://</a></b>s.click.taobao.com/t?e=x",
    "<html><body><p>see https://s.click.taobao.com/</script>t?e=abc and more</p>",
])
def test_text_joined_across_a_dropped_end_tag(html: str) -> None:
    # libxml2 drops an end tag that closes nothing and joins the text around it;
    # the gate must read the stretch as the tree will hold it.
    fast, full = both_ways(html)
    assert full, "the tree holds the joined link"
    assert fast == full


_BASES = st.sampled_from(["https://blog.example.com/a/b.html?x=1#f", "http://127.0.0.1:8000/p/",
                          "HTTPS://Host.example", "https://h.example:8443", "ftp://h/x", "",
                          "https://h.example/a/b/c/", "https://h.example/a;p/b?q", "https://h.example"])
_LINKS = st.lists(st.sampled_from(["/", "//", "a", "..", ".", "?q=1", "#f", "%2e", "\\", " ",
                                   "https://", "x.html", "@", ":", ";", "?", "#", "../", "./",
                                   "b/", "\t", "é"]), max_size=8).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_BASES, _LINKS)
def test_making_links_absolute_agrees_with_the_full_join(base: str, link: str) -> None:
    # The string shortcuts give what the browser (WHATWG) join gives on an http(s)
    # page, and urljoin's result elsewhere.
    from urllib.parse import urljoin

    from crawler.detect.links import absolute, absolute_all
    from crawler.site.weburl import join_web_url

    expected = (join_web_url(base, link.strip()) or urljoin(base, link.strip())) if base else link.strip()
    assert absolute(link, base) == expected
    assert absolute_all([link, link], base) == ([expected] * 2 if link else [])


@pytest.mark.parametrize("html", [
    # A bare ">" in text between the share words and a weak-delimiter token.
    "<p>复制这条信息打开手机淘宝 => (AbCdEf12345)</p><p>item.taobao.com/item.htm?id=1</p>",
    "<p>(AbCdEf12345) <- 复制这条信息打开手机淘宝</p>",
    # A ">" inside a quoted attribute value before the affiliate parameter.
    '<a title="a>b" href="https://ai.taobao.com/search/index.htm?q=1>2&pid=mm_12345678_1_2">x</a>',
    # A look-alike beside a form whose hidden input carries the PID.
    '<form action="https://ai.taobao.com/search/index.htm"><input type="hidden" name="pid" '
    'value="mm_12345678_1_2"></form><a href="https://item.taobao.com/item.htm?id=1">x</a>',
    # The same in capitals, and a form whose input holds a PID the text rule reads
    # differently (a prefix glued to it): the form rule must still see it.
    '<FORM ACTION="https://ai.taobao.com/search/index.htm"><INPUT TYPE=hidden NAME=pid '
    'VALUE=xmm_12345678_1_2></FORM><a href="https://item.taobao.com/item.htm?id=1">x</a>',
])
def test_look_alike_gate_keeps_what_the_strings_hold(html: str) -> None:
    fast, full = both_ways("<html><body>" + html + "</body></html>")
    assert fast == full and len(full) >= 1


@pytest.mark.parametrize("html", [
    '<a href="https://s.click.taobao&period;com/t?e=m%3D2">x</a>',
    '<a href="https://s.click.taobao&#x2E;com/AbC1234">x</a>',
    "<p>复制这段描述&yen;AbCdEf12345&yen;打开淘宝 &copy; it&#x27;s</p>",
])
def test_character_references_that_spell_a_trigger(html: str) -> None:
    fast, full = both_ways(f"<html><body>{html}</body></html>")
    assert fast == full and len(full) == 1


def test_a_user_trigger_with_an_ampersand_is_seen_through_amp(tmp_path: Path) -> None:
    from crawler.detect import load_rules

    rules_file = tmp_path / "mine.toml"
    rules_file.write_text('[[text]]\nid = "my-param"\nnetwork = "mine"\nkind = "pid link"\n'
                          "pattern = '&ref=(?P<pid>me\\d+)'\ntriggers = ['&ref=']\n",
                          encoding="utf-8")
    rules = load_rules([str(rules_file)])
    html = '<html><body><a href="https://shop.example/?a=1&amp;ref=me42">x</a></body></html>'
    fast = audit_page(html, PAGE, rules)
    full = audit_page(html, PAGE, rules, exhaustive=True)
    assert sorted(map(repr, fast.findings)) == sorted(map(repr, full.findings))
    assert [f.pid for f in fast.findings] == ["me42"]


# The nodes holding a match are found by the line libxml2 gives them (plan.py);
# these pages put matches where that is hard: tags and comments over several
# lines, many nodes on one line, CR line ends, lines past libxml2's 65,535.
_CLICK = "https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc"
_LINE_PAGES = {
    "multi-line tag": f'<p>x</p>\n<a\nclass="buy"\nhref="{_CLICK}"\n\ntitle="t"\n>buy</a>\n<p>y</p>',
    "multi-line comment": f"<p>a</p><!--\nold link:\n{_CLICK}\n-->\n<p>b</p>",
    "text over lines": f"<div>\n<b>x</b>\nsee\n{_CLICK}\nand mm_12345678_1_2\n</div>",
    "one long line": "".join(f"<li><a href='/p/{i}'>p{i}</a></li>" for i in range(300))
    + f"<li><a href='{_CLICK}'>x</a></li>" + "<li>b</li>" * 50,
    "cr line ends": f"<p>a</p>\r<p>b</p>\r\n<p><a href='{_CLICK}'>x</a></p>\r<p>mm_12345678_1_2</p>",
    "past 65535 lines": "<p>a</p>" + "\n" * 70_000 + f"<p><a href='{_CLICK}'>x</a></p>\n<p>b</p>",
    "script over lines": f"<script>\nvar a = 1;\nvar u = '{_CLICK}';\n</script><p>z</p>",
    "tail after nested": f"<div><p><b>x</b></p>\n{_CLICK}\n<i>y</i></div>",
    "same needle twice": f"<p title='{_CLICK}'>\n<a href='{_CLICK}&x=1'>a</a>{_CLICK}&y=2</p>",
}


@pytest.mark.parametrize("name", list(_LINE_PAGES))
def test_matches_found_by_line_or_by_search(name: str) -> None:
    fast, full = both_ways("<html><body>" + _LINE_PAGES[name] + "</body></html>")
    assert fast == full and len(full) >= 1


def test_a_match_not_on_its_line_is_searched_for() -> None:
    from lxml import etree

    from crawler.detect import default_rules
    from crawler.detect.plan import Plan, owners

    root = etree.fromstring(b"<html><body><p>a</p>\n<p>s.click.taobao.com/AbC1234</p></body></html>",
                            etree.HTMLParser())
    needle = "s.click.taobao.com/AbC1234"
    # A wrong line (as a miscounted page would give): the XPath search still finds the node.
    found = owners(root, Plan({needle}, [(needle, 1)]), default_rules())
    assert [n.text for n in found if n.tag == "p"] == [needle]


def test_the_utf8_body_gives_what_the_text_gives() -> None:
    page = ("<html><body><p>看这里 <a href='https://s.click.taobao.com/AbC1234'>买</a>"
            "<a href='../x.html'>x</a></p></body></html>")
    url = "https://blog.example.com/a/b.html"
    with_bytes = audit_page(page, url, want_links=True, utf8=page.encode("utf-8"))
    with_text = audit_page(page, url, want_links=True)
    assert with_bytes == with_text and len(with_text.findings) == 1
    assert with_text.links == ["https://s.click.taobao.com/AbC1234", "https://blog.example.com/x.html"]


def test_what_the_rules_remember_across_pages_stays_bounded() -> None:
    from crawler.detect import load_rules
    from crawler.detect.match import _MEMO_MAX as _URL_MEMO_MAX
    from crawler.detect.plan import _MEMO_MAX

    rules = load_rules([])
    rules = type(rules)(rules.url, rules.text, rules.form, rules.converted, rules.element,
                        rules.hosts)  # a fresh rule set: nothing remembered yet
    for i in range(_MEMO_MAX + 10):
        page = f"<p><a href='https://item.jd.com/{i}.html'>x</a> s.click.taobao.com/AbC{i:04d}</p>"
        audit_page(page, PAGE, rules)
    assert 0 < len(rules.stretch_memo) <= _MEMO_MAX
    assert 0 < len(rules.url_memo) <= _URL_MEMO_MAX
    rules.forget()
    assert not rules.stretch_memo and not rules.url_memo


def test_the_prefilter_marks_form_tags_and_spelling_references_in_its_one_pass() -> None:
    from crawler.detect import default_rules
    from crawler.detect.prefilter import prefilter_for

    prefilter = prefilter_for(default_rules())
    page = prefilter.spans(b"<p>s.click.taobao.com/AbC1234 it&#x27;s &copy;</p><FORM\naction=/s>")
    assert len(page.spans) == 1 and page.forms and not page.references
    page = prefilter.spans(b"<p>s.click.taobao&#46;com/AbC1234</p><formula>")
    assert page.references and not page.forms
    assert prefilter.spans(b"<p>taobao&period;com</p>").references


def test_a_user_trigger_holding_a_bracket_keeps_every_page_form_safe(tmp_path: Path) -> None:
    from crawler.detect import load_rules
    from crawler.detect.prefilter import prefilter_for

    rules_file = tmp_path / "mine.toml"
    rules_file.write_text('[[text]]\nid = "my-tag"\nnetwork = "mine"\nkind = "ad-slot code"\n'
                          "pattern = '<ins data-me=(?P<pid>\\d+)'\ntriggers = ['<ins data-me=']\n",
                          encoding="utf-8")
    rules = load_rules([str(rules_file)])
    html = '<html><body><script>document.write("<ins data-me=42></ins>")</script></body></html>'
    page = prefilter_for(rules).spans(html.encode())
    assert page.forms and page.spans  # taken to hold a form; the trigger is still a trigger
    assert [f.pid for f in audit_page(html, PAGE, rules).findings] == ["42"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["https:", "//", "/", "a", "x9", "%3A", ":", "[", "-", ".", "+", "?",
                                 "q=", "http", "taobao://", "://", "s.click.taobao.com",
                                 "abcdefghijklmnopqrstuvwxy", "z"]),
                max_size=14).map("".join), st.integers(0, 8))
def test_nested_urls_are_found_as_the_pattern_finds_them(url: str, start: int) -> None:
    from crawler.detect.urls import _NESTED, _nested_starts

    assert [m.span() for m in _nested_starts(url, start)] == [
        m.span() for m in _NESTED.finditer(url, start)]

