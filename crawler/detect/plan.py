"""Which strings of a page the rules must read, decided before and after the parse.

The prefilter finds trigger matches in the raw document in one pass. A string
of the parsed page (an attribute value, a text node) holding a trigger match
holds, verbatim, the start of that match in the raw document up to the first
character that can end an HTML string (a quote, <, >, &, white space): that
"needle". A match that runs across a string's start (it holds a quote or >, as
a user's ``[^&]+`` trigger may) could hide a later one: the page is then walked
whole, as is one whose entities (``&#46;``) hide a trigger.

Most trigger matches on a page are look-alikes: a plain item.taobao.com link, a
price, "struct mm_struct". The markup-free stretch of raw page around each
match (between the nearest < or > on either side) holds the string the match
sits in, or, for a tag, all its attributes: a match whose stretch no rule fires
on needs no further look (the *gate*). Stretches the rules do not read alone
(cards named by an attribute, forms) and matches only character references
reveal keep the needle search over the whole tree.

The nodes holding the matches that do fire are found by their line: libxml2
numbers each node with the line where it was created (where its start tag or
comment ends), in document order, so the string a match sits in belongs to a
node created on the match's line, to the last one before it, to the first one
after it, or to one of their ancestors. Each match's needle must then show in
one of those nodes; when it does not (lines past libxml2's 65,535, say), the
needles are searched for in every node with XPath, in C.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from lxml import etree

from . import charrefs
from .match import scan_string
from .prefilter import HIDDEN_HOST, Prefilter
from .rules import RuleSet, TextRule
from .spans import lines_at

__all__ = ["Plan", "contains_any", "entities_may_hide", "plan_page"]

_T = TypeVar("_T")

_NEEDLE_END = re.compile(r"""[<>"'&\s]""")
_CROSSES = re.compile(r"""[<>"']|=.""")
_HIDDEN_HOST = re.compile(HIDDEN_HOST)
_LOOSE_LINK = re.compile(r"\\|(?i:(https?):)(?!//)[/\\]*")
_MAX_NEEDLES = 16
_STRETCH_MAX = 4096
_MEMO_MAX = 8192  # stretches remembered per rule set
# The gate reads a firing stretch once and the visit reads its string again. Once
# half the matches judged fire (a page of nothing but affiliate links), it has
# saved less than it costs: the page's needles then choose the strings (_firing).
_GATE_TRIAL = 64
# Browsers drop tabs and newlines inside URL attributes; the page walk does too.
_URL_WHITESPACE = re.compile(r"[\t\n\r]")
# libxml2 keeps line numbers of elements in 16 bits: past this they all read 65535.
_MAX_LINE = 65_000


@dataclass(slots=True)
class Plan:
    """Which strings of one page to scan."""

    needles: set[str] | None
    """What every string worth scanning contains; ``None``: scan every string;
    empty: none can hold a finding."""
    near: list[tuple[str, int]] | None = None
    """``(needle, line)`` of each match a rule fires on, to find its node by line;
    ``None``: search the whole tree for the needles."""

    @property
    def nothing(self) -> bool:
        return self.needles is not None and not self.needles


class _WalkWhole(Exception):
    """The needles cannot be trusted for this page: scan it string by string."""


def plan_page(document: str, data: bytes | None, prefilter: Prefilter, rules: RuleSet) -> Plan:
    """The strings of ``document`` (``data``: its UTF-8) that the rules must read."""
    if not document:
        return Plan(set())
    page = prefilter.spans(data) if data is not None else None
    try:
        if page is None:  # a trigger outside RE2, or lone surrogates: no byte offsets
            matches = prefilter.matches(document, data)
            hidden = _hidden_needles(document, prefilter, matches,
                                     entities_may_hide(document, prefilter))[0]
            return Plan(_narrowed(_needles_in(matches) | hidden))
        assert data is not None  # page was found in it
        spans, forms = page.spans, page.forms
        matches = [data[a:b].decode("utf-8", "surrogatepass") for a, b in spans]
        hidden, hidden_found = _hidden_needles(document, prefilter, matches, page.references)
        needles = _needles_in(matches)
    except _WalkWhole:
        return Plan(None)
    if not needles and not hidden:
        return Plan(set())
    if hidden_found or _read_together(needles, forms, rules):
        return Plan(_narrowed(needles | hidden))
    firing = _firing(data, spans, rules, prefilter)
    if firing is None:
        return Plan(_narrowed(needles))
    if not firing:
        return Plan(set())
    near_needles = [_needle(matches[i]) for i in firing]
    width = _narrowing(set(near_needles))
    if width:
        near_needles = [n[:width] for n in near_needles]
    lines = lines_at(data, [spans[i][0] for i in firing])
    if lines[-1] > _MAX_LINE:
        return Plan(set(near_needles))
    return Plan(set(near_needles), list(zip(near_needles, lines, strict=True)))


def _needle(match: str) -> str:
    cut = _NEEDLE_END.search(match)
    return match[: cut.start()] if cut else match


def _needles_in(matches: Iterable[str]) -> set[str]:
    needles: set[str] = set()
    for match in matches:
        # A host spelt around the literals is read in its string (page.py reads a
        # URL attribute as the browser does), not in the raw page: walk it whole.
        if _CROSSES.search(match) or _HIDDEN_HOST.match(match):
            raise _WalkWhole
        needle = _needle(match)
        if not needle:
            raise _WalkWhole
        needles.add(needle)
    return needles


def _narrowing(needles: set[str]) -> int | None:
    """The prefix width that brings ``needles`` down to a few; ``None`` when they are few."""
    for width in (None, 4, 2, 1):
        if width is None:
            if len(needles) <= _MAX_NEEDLES:
                return None
        elif len({n[:width] for n in needles}) <= _MAX_NEEDLES or width == 1:
            return width
    return None  # pragma: no cover - the loop always returns


def _narrowed(needles: set[str]) -> set[str]:
    # Many different tokens: their first characters select the same strings and more.
    width = _narrowing(needles)
    return {n[:width] for n in needles} if width else needles


def _hidden_needles(document: str, prefilter: Prefilter, matches: list[str],
                    references: bool) -> tuple[set[str], bool]:
    """Needles that only the decoded page shows, and whether character references
    hide a match from the raw page (``references``: some may); raises ``_WalkWhole``."""
    if not references:
        return set(), False
    # Parsed strings hold the decoded text, so take needles from it as well.
    decoded = prefilter.matches(html.unescape(document))
    return _needles_in(decoded), not set(decoded) <= set(matches)


def _read_together(needles: set[str], forms: bool, rules: RuleSet) -> bool:
    """Whether a rule reads a match with what surrounds it in the tree: cards and
    converted anchors (named by an attribute), forms (an action and its inputs)."""
    if not {n.lower() for n in needles}.isdisjoint(marker_attrs(rules)):
        return True
    return bool(rules.form) and forms


def _firing(data: bytes, spans: list[tuple[int, int]], rules: RuleSet,
            prefilter: Prefilter) -> list[int] | None:
    """Indices of the matches whose stretch a rule fires on (see above); ``None``
    when a stretch cannot be bounded, or when most of the matches fire, so that
    the gate would only read their strings twice (weighed at 64, 128, 256 … matches)."""
    verdicts = rules.stretch_memo  # a site repeats its menus and sidebars on every page
    firing = []
    contextual = _contextual_rules(rules)
    for i, (start, end) in enumerate(spans):
        floor = max(0, start - _STRETCH_MAX)
        left = max(data.rfind(b"<", floor, start), data.rfind(b">", floor, start))
        ceiling = end + _STRETCH_MAX
        rights = [i for i in (data.find(b"<", end, ceiling), data.find(b">", end, ceiling)) if i >= 0]
        if left < 0 or not rights:
            return None
        right = min(rights)
        stretch = data[left:right + 1].decode("utf-8", "surrogatepass")
        try:
            joined = _across_end_tags(data, left, right)
        except _Unbounded:
            return None
        key = stretch if joined is None else (stretch, joined)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = _fires(stretch, rules, contextual, prefilter) or (
                joined is not None and _fires(joined, rules, contextual, prefilter))
            if len(verdicts) >= _MEMO_MAX:
                verdicts.clear()
            verdicts[key] = verdict
        if verdict:
            firing.append(i)
        judged = i + 1
        if judged >= _GATE_TRIAL and not judged & (judged - 1) and 2 * len(firing) >= judged:
            return None
    return firing


_END_TAG = re.compile(rb"</[^<>]*>")


class _Unbounded(Exception):
    """Text joined across end tags runs further than a stretch may."""

_MAX_END_TAGS = 4


def _across_end_tags(data: bytes, left: int, right: int) -> str | None:
    """The stretch ``data[left:right + 1]`` with the text beyond the end tags bordering it
    (up to four each way), without those tags; ``None`` when no end tag borders it.

    libxml2 drops an end tag that closes nothing, joining the text on both sides:
    ``https://s.click.taobao.com/</a>t?e=`` is one string in the tree.

    >>> d = b"<p>https://s.click.taobao.com/</a>t?e=x<b>"
    >>> _across_end_tags(d, 2, d.index(b"</a>"))
    '>https://s.click.taobao.com/t?e=x<'
    >>> _across_end_tags(b"<p>plain<b>", 2, 8) is None
    True
    >>> _across_end_tags(b"x</a>https://u.jd.com/</b>AbC", 4, 22)
    'xhttps://u.jd.com/AbC'

    """
    start, end = left, right
    for _ in range(_MAX_END_TAGS):
        if not data.startswith(b"</", end):
            break
        close = data.find(b">", end)
        if close < 0:
            break
        ahead = [i for i in (data.find(b"<", close + 1, close + _STRETCH_MAX),
                             data.find(b">", close + 1, close + _STRETCH_MAX)) if i >= 0]
        if ahead:
            end = min(ahead)
        elif len(data) <= close + _STRETCH_MAX:
            end = len(data) - 1  # the text runs to the end of the page
            break
        else:
            raise _Unbounded
    for _ in range(_MAX_END_TAGS):
        opening = data.rfind(b"<", max(0, start - _STRETCH_MAX), start)
        if data[start:start + 1] != b">" or opening < 0 or not data.startswith(b"</", opening):
            break
        floor = max(0, opening - _STRETCH_MAX)
        behind = max(data.rfind(b"<", floor, opening), data.rfind(b">", floor, opening))
        if behind < 0 and floor:
            raise _Unbounded
        start = max(behind, 0)  # 0: the text runs from the start of the page
    if (start, end) == (left, right):
        return None
    return _END_TAG.sub(b"", data[start:end + 1]).decode("utf-8", "surrogatepass")


def _fires(stretch: str, rules: RuleSet, contextual: tuple[tuple[TextRule, bool], ...],
           prefilter: Prefilter) -> bool:
    if scan_string(stretch, rules):
        return True
    if _URL_WHITESPACE.search(stretch) and scan_string(_URL_WHITESPACE.sub("", stretch), rules):
        return True
    # …and read a backslash as "/" and "https:" as "https://" (page.py reads a link
    # attribute as the browser opens it: http:\\host\t, https:/host). Wider than a browser,
    # which is the safe side: the gate only says which strings to read.
    if _LOOSE_LINK.search(stretch) and scan_string(
            _LOOSE_LINK.sub(_loosened, stretch), rules):
        return True
    # A rule that reads the words around its match may find them beyond a
    # bare "<" or ">" in the text ("打开淘宝 => (AbCdEf12345)"): its pattern
    # alone in the stretch is reason enough to scan the string. Where its
    # triggers are part of what it matches, the pattern needs them here too.
    selected: tuple[TextRule, ...] | None = None
    for rule, triggers_elsewhere in contextual:
        if not triggers_elsewhere:
            if selected is None:
                selected = prefilter.select(stretch).text
            if rule not in selected:
                continue
        if rule.pattern.search(stretch):
            return True
    return False


def _loosened(m: re.Match[str]) -> str:
    return f"{m.group(1)}://" if m.group(1) else "/"


# -- after the parse: the nodes to visit ---------------------------------------------------


def owners(root: etree._Element, plan: Plan, rules: RuleSet) -> list[etree._Element]:
    """The nodes whose own strings (attributes, text, tail) may hold a finding, in page order."""
    assert plan.needles
    if plan.near is not None:
        found = _owners_by_line(root, plan.near)
        if found is not None:
            return found
    return _owners_by_xpath(root, plan.needles, rules)


def _owners_by_line(root: etree._Element,
                    near: list[tuple[str, int]]) -> list[etree._Element] | None:
    by_line: dict[int, set[str]] = {}
    for needle, line in near:
        by_line.setdefault(line, set()).add(needle)
    tree = _TreeIndex()
    chosen: dict[etree._Element, None] = {}
    for line, needles in by_line.items():
        window = _nodes_near(root, line, tree)
        for node in list(window):
            parent = node.getparent()
            while parent is not None and parent not in window:
                window[parent] = None
                parent = parent.getparent()
        unseen = set(needles)
        for node in window:
            strings = _strings_of(node)
            holding = {n for n in needles if n in strings}
            if holding:
                chosen[node] = None
                unseen -= holding
        if unseen:
            return None  # a match is not where its line says: search the whole tree
    # Comments before <html> or after </html> are the root's siblings, out of the
    # line order; there are few, and visiting one tests its text first.
    siblings = [*reversed(list(root.itersiblings(preceding=True))), *root.itersiblings()]
    return siblings + sorted(set(chosen) - set(siblings), key=tree.document_order)


class _TreeIndex:
    """The children of the nodes a search has looked into, each node's listed once.

    lxml keeps children as a linked list: ``len(node)``, ``node[i]`` and
    ``node.index(child)`` walk it. Asked once per line of a wide node (a
    ``<body>`` of 160,000 anchors, one a line), they made the search quadratic;
    listed once here, every later question costs a lookup.
    """

    def __init__(self) -> None:
        self._children: dict[etree._Element, list[etree._Element]] = {}
        self._position: dict[etree._Element, int] = {}
        self._order: dict[etree._Element, tuple[int, ...]] = {}

    def children(self, node: etree._Element) -> list[etree._Element]:
        found = self._children.get(node)
        if found is None:
            found = self._children[node] = list(node)
        return found

    def document_order(self, node: etree._Element) -> tuple[int, ...]:
        """Where ``node`` stands in the tree: its index under each ancestor, from the root."""
        order = self._order.get(node)
        if order is None:
            parent = node.getparent()
            if parent is None:
                order = ()
            else:
                if node not in self._position:
                    for i, child in enumerate(self.children(parent)):
                        self._position[child] = i
                order = (*self.document_order(parent), self._position[node])
            self._order[node] = order
        return order


def _nodes_near(root: etree._Element, line: int,
                tree: _TreeIndex) -> dict[etree._Element, None]:
    """The nodes created on ``line``, the last one created before it and the first
    one after it, in document order: found by halving each level's children, so a
    page's nodes need not all be listed (line numbers grow in document order)."""
    node, before = root, None
    if _line_of(root) < line:
        before = root
        while True:
            children = tree.children(node)
            lo, hi = 0, len(children)
            while lo < hi:  # how many children were created before the line
                mid = (lo + hi) // 2
                if _line_of(children[mid]) < line:
                    lo = mid + 1
                else:
                    hi = mid
            if lo == 0:
                break
            node = before = children[lo - 1]
    window: dict[etree._Element, None] = {}
    current = root if before is None else before
    while current is not None:
        window[current] = None
        if _line_of(current) > line:
            break
        current = _following(current)
    return window


def _line_of(node: etree._Element) -> int:
    return node.sourceline or 0


def _following(node: etree._Element) -> etree._Element | None:
    """The node after ``node`` in document order (its first child, else the next
    node up the tree), within the root."""
    first = next(iter(node), None)
    if first is not None:
        return first
    while node is not None:
        following = node.getnext()
        if following is not None:
            return following
        node = node.getparent()
    return None


def _strings_of(node: etree._Element) -> str:
    """The strings a visit of ``node`` scans (attribute values, text, tail), NUL-separated."""
    text, tail = node.text or "", node.tail or ""
    if isinstance(node.tag, str) and len(node.attrib):
        return "\0".join((text, tail, *node.attrib.values()))
    return text + "\0" + tail


@lru_cache(maxsize=64)
def _owners_xpath(count: int, element_attrs: tuple[str, ...]) -> etree.XPath:
    # Each "//" step is one pass over the tree in C: keep them few.
    test = " or ".join(f"contains(., $n{i})" for i in range(count))
    parts = [f"//@*[{test}]", f"//text()[{test}]", "//comment()"]
    if element_attrs:
        parts.append("//*[" + " or ".join(f"@{a}" for a in element_attrs) + "]")
    return etree.XPath(" | ".join(parts))


def _owners_by_xpath(root: etree._Element, needles: set[str],
                     rules: RuleSet) -> list[etree._Element]:
    # Cards and converted anchors are found by an attribute's name, a trigger
    # too: look for them only when one occurs.
    lowered = {n.lower() for n in needles}
    names = tuple(sorted(a for a in marker_attrs(rules) if a in lowered))
    xpath = _owners_xpath(len(needles), names)
    variables = {f"n{i}": needle for i, needle in enumerate(sorted(needles))}
    found: dict[etree._Element, None] = {}
    for result in xpath(root.getroottree(), **variables):
        # An attribute's or a text's getparent() is the node that owns it (a
        # tail's is the node it follows), which is what visit() scans.
        node = result.getparent() if isinstance(result, str) else result  # type: ignore[attr-defined]
        if node is None:
            continue
        if rules.form and node.tag == "input" and node not in found:
            # A form rule reads the form's action and its inputs together.
            form = next(node.iterancestors("form"), None)
            if form is not None:
                found.setdefault(form)
        found.setdefault(node)
    return list(found)


def entities_may_hide(document: str, prefilter: Prefilter) -> bool:
    """Whether a character reference in ``document`` could spell part of a trigger."""
    return "&" in document and (prefilter.reads_escaped or charrefs.may_hide(document))


# -- per rule set ------------------------------------------------------------------------


def contains_any(needles: set[str]) -> Callable[[str], bool]:
    ordered = tuple(sorted(needles, key=len))
    return lambda text: any(n in text for n in ordered)


def _contextual_rules(rules: RuleSet) -> tuple[tuple[TextRule, bool], ...]:
    """The rules that read the words around a match, each with whether its triggers
    may stand outside what it matches (they are its context words)."""
    def build() -> tuple[tuple[TextRule, bool], ...]:
        found = []
        for rule in rules.text:
            words = (*rule.near_words, *rule.yield_words, *rule.own_words)
            if words:
                context = {re.escape(w) for w in words} | set(words)
                found.append((rule, not context.isdisjoint(rule.triggers)))
        return tuple(found)
    return once(rules, "_contextual", build)


def once(rules: RuleSet, key: str, build: Callable[[], _T]) -> _T:
    """``build()``, computed once per rule set (kept where cached_property keeps values)."""
    cache = rules.__dict__
    if key not in cache:
        cache[key] = build()
    value: _T = cache[key]
    return value


def marker_attrs(rules: RuleSet) -> frozenset[str]:
    """Attribute names that mark a card or a converted anchor, lower-case."""
    def build() -> frozenset[str]:
        attrs = {r.attr for r in rules.element} | {a for r in rules.converted for a in r.attrs}
        return frozenset(a.lower() for a in attrs if _XML_NAME.match(a))
    return once(rules, "_marker_attrs", build)


_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
