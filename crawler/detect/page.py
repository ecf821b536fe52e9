"""Find affiliate links anywhere in a page: attributes, scripts, text, comments.

``find_affiliate_links(document, page_url)`` is a pure function of its inputs:
no Scrapy, no network. lxml does the parsing because it is an order of magnitude
faster than BeautifulSoup on whole pages, and every string it yields is checked
against a trigger pattern before any rule runs.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import entities as html_entities
from urllib.parse import urljoin

from lxml import etree

from .finding import Finding
from .ids import ParsedId, parse_id
from .prefilter import Prefilter, prefilter_for
from .rules import RuleSet, TextRule, default_rules
from .scan import Hit, scan_string
from .urls import host_of

__all__ = ["PageAudit", "audit_page", "find_affiliate_links", "find_in_text", "find_in_url"]

#: Attributes whose whole value is a URL: a finding there reports the value,
#: made absolute, as the link to remove.
URL_ATTRS = frozenset({
    "href", "src", "action", "formaction", "poster", "background", "cite", "longdesc",
    "data", "ping", "manifest", "codebase", "archive", "usemap", "xlink:href",
})
_TEXT_LOCATIONS = frozenset({"script", "style", "textarea", "title", "noscript", "template"})
_HTML_START = re.compile(r"<(?:[A-Za-z!?/])")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_URL_WHITESPACE = re.compile(r"[\t\n\r]")
_SNIPPET = 60
_CONTEXT_MAX = 200
# etree's HTML parser, not lxml.html's: the latter looks up a Python class for
# every element the walk or XPath touches, a callback that cost a tenth of the scan.
_PARSER = etree.HTMLParser(recover=True, remove_blank_text=False, collect_ids=False)
# libxml2 reads UTF-8 natively: parsing the encoded bytes is about 40% faster
# than handing it a str, and the prefilter scans the same bytes.
_UTF8_PARSER = etree.HTMLParser(recover=True, remove_blank_text=False, collect_ids=False,
                                    encoding="utf-8")
# Where a page links to other pages a crawler may follow (not images or scripts).
_NAV_ATTRS = {"a": "href", "area": "href", "iframe": "src", "frame": "src"}
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


@dataclass(slots=True)
class PageAudit:
    """What one page holds: its findings and the pages it links to."""

    findings: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """Absolute URLs of ``a``/``area``/``iframe``/``frame`` targets, in page order."""
    refresh: str | None = None
    """Target of a ``<meta http-equiv="refresh">``, absolute."""


def _clip(text: str, limit: int = _CONTEXT_MAX) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_of(el: etree._Element) -> str:
    """All the text inside ``el`` (lxml.html's text_content())."""
    return "".join(el.itertext())


def _snippet(hit: Hit) -> str:
    start = max(0, hit.start - _SNIPPET)
    end = min(len(hit.text), hit.end + _SNIPPET)
    return _clip(("…" if start else "") + hit.text[start:end] + ("…" if end < len(hit.text) else ""))


def _css_path(el: etree._Element) -> str:
    parts = []
    node: etree._Element | None = el
    while node is not None and isinstance(node.tag, str):
        part = node.tag.lower()
        ident = (node.get("id") or "").split()
        classes = (node.get("class") or "").split()
        if ident:
            part += "#" + ident[0]
        elif classes:
            part += "." + classes[0]
        parts.append(part)
        node = node.getparent()
    return ">".join(reversed(parts))


def _absolute(url: str, page_url: str) -> str:
    url = url.strip()
    if "/." not in url and "\\" not in url:
        # The common cases, without urljoin's parsing (it returns the same):
        if url.startswith(("https://", "http://")) and url.partition("://")[2][:1] not in _NO_HOST:
            return url  # already absolute and normal
        if url.startswith("/") and not url.startswith("//"):
            origin = _origin(page_url)
            if origin:
                return origin + url  # root-relative
    try:
        return urljoin(page_url, url) if page_url else url
    except ValueError:
        return url


_NO_HOST = ("", "/", "?", "#")


@lru_cache(maxsize=256)
def _origin(page_url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, else ``None``.

    >>> _origin("https://blog.example.com:8443/a/b?c"), _origin("file:///x")
    ('https://blog.example.com:8443', None)
    """
    scheme, sep, rest = page_url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return None
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return f"{scheme.lower()}://{netloc}" if netloc else None


def _ids_from_attributes(ids: ParsedId | None, rule: TextRule,
                         el: etree._Element) -> ParsedId | None:
    """``ids`` with the fields ``rule.id_fields`` reads from ``el``'s other attributes."""
    found = {}
    for slot, names in rule.id_fields:
        value = next((v.strip() for n in names if (v := el.get(n)) and v.strip()), None)
        if value:
            found[slot] = value
    return dataclasses.replace(ids or ParsedId(), **found) if found else ids


def _tail_line(node: etree._Element, last_line: int | None) -> int | None:
    """The line where the text after ``node`` (its tail) starts.

    lxml knows where elements start, not where they end: count back from the
    next node that starts after the tail (a sibling of ``node`` or of an
    ancestor), over the tails in between; or back from the document's last
    line when nothing follows.
    """
    newlines = 0
    current: etree._Element | None = node
    while current is not None:
        newlines += (current.tail or "").count("\n")
        following = current.getnext()
        if following is not None and following.sourceline is not None:
            return following.sourceline - newlines
        current = current.getparent()
    return None if last_line is None else last_line - newlines


class _PageScan:
    """State for one page: the rules, the page URL and the findings so far."""

    def __init__(self, page_url: str, rules: RuleSet, *,
                 wanted: Callable[[str], object] | None = None,
                 wanted_comment: Callable[[str], object] | None = None,
                 collect_links: bool = True) -> None:
        self.page_url = page_url
        self.rules = rules
        # Which strings are worth running the rules on; None: every string.
        self.wanted = wanted
        self.wanted_comment = wanted_comment or wanted
        self.collect_links = collect_links
        self.last_line: int | None = None  # the document's, when known
        self.findings: list[Finding] = []
        self.consumed: set[etree._Element] = set()  # inputs already reported by a form rule
        self.converted: list[etree._Element] = []
        self.config_pids: list[Hit] = []
        self.has_converter_script = False
        self.converted_attrs = {a for r in rules.converted for a in r.attrs}
        self.config_rules = {r.config_rule for r in rules.converted}
        self.loaders = [r.loader for r in rules.converted if r.loader is not None]
        self.element_attrs = {r.attr for r in rules.element}
        self.links: list[str] = []
        self.refresh: str | None = None

    # -- emitting -------------------------------------------------------------------

    def emit(self, hit: Hit, *, location: str, line: int | None, path: str | None,
             link: str | None = None, context: str | None = None) -> None:
        ids = hit.ids
        target = hit.unwrapped or hit.link  # the affiliate URL itself
        link = link or hit.link
        if link.startswith("//"):
            link = _absolute(link, self.page_url)
        unwrapped = target if target != link and target.split("//", 1)[-1] != link.split(
            "//", 1)[-1] else None
        self.findings.append(Finding(
            page_url=self.page_url,
            link=link,
            network=hit.rule.network,
            kind=hit.rule.kind,
            rule=hit.rule.id,
            confidence=hit.rule.confidence_for(ids is not None),
            location=location,
            pid=ids.pid if ids else None,
            member_id=ids.member_id if ids else None,
            site_id=ids.site_id if ids else None,
            adzone_id=ids.adzone_id if ids else None,
            unwrapped=unwrapped,
            context=context if context is not None else _snippet(hit),
            line=line,
            path=path,
            extra=dict(hit.extra) if hit.extra else {},
        ))
        if hit.rule.id in self.config_rules and ids is not None:
            self.config_pids.append(hit)
        if self.loaders and any(loader.search(hit.link) for loader in self.loaders):
            self.has_converter_script = True

    # -- walking ----------------------------------------------------------------------

    def walk(self, root: etree._Element) -> None:
        # Comments before <html> or after </html> are siblings of the root.
        before = reversed(list(root.itersiblings(preceding=True)))
        for node in (*before, root, *root.itersiblings()):
            self.walk_tree(node)

    def walk_tree(self, root: etree._Element) -> None:
        for node in root.iter():
            self.visit(node)

    def visit(self, el: etree._Element) -> None:
        """Scan one node: its attributes, its text, the text after it (its tail)."""
        wanted = self.wanted
        tag = el.tag
        if not isinstance(tag, str):
            comment = el.text if isinstance(el, etree._Comment) else None
            if comment and (wanted is None or self.wanted_comment(comment)):
                self.scan_text(el, comment, "comment", owner=el.getparent())
            if el.tail and (wanted is None or wanted(el.tail)):
                parent = el.getparent()
                if parent is not None:
                    self.scan_text(parent, el.tail, "text", tail_of=el)
            return
        tag = tag.lower()
        seen_keys: set[tuple[str, ...]] = set()
        if tag == "form" and self.rules.form:
            self.scan_form(el, seen_keys)
        attrib = el.attrib
        if self.collect_links:
            nav = _NAV_ATTRS.get(tag)
            if nav is not None:
                target = attrib.get(nav)
                if target:
                    self.links.append(target)
            elif tag == "meta" and self.refresh is None:
                self.note_refresh(attrib)
        if attrib and el not in self.consumed:
            if self.converted_attrs and not self.converted_attrs.isdisjoint(attrib.keys()):
                self.converted.append(el)
            for name, value in attrib.items():
                if value and (wanted is None or wanted(value)):
                    name = name.lower()
                    if name in URL_ATTRS:
                        # Browsers drop tabs and newlines inside URLs.
                        value = _URL_WHITESPACE.sub("", value).strip()
                    self.scan_attribute(el, tag, name, value, seen_keys)
        if self.element_attrs and not self.element_attrs.isdisjoint(attrib.keys()):
            self.scan_element(el, tag, seen_keys)
        text = el.text
        if text and (wanted is None or wanted(text)):
            location = tag if tag in _TEXT_LOCATIONS else "text"
            self.scan_text(el, text, location, skip=seen_keys)
        tail = el.tail
        if tail and (wanted is None or wanted(tail)):
            parent = el.getparent()
            if parent is not None:
                self.scan_text(parent, tail, "text", tail_of=el)

    def note_refresh(self, attrib: etree._Attrib) -> None:
        if (attrib.get("http-equiv") or "").strip().lower() != "refresh":
            return
        self.refresh = _refresh_target(attrib.get("content") or "", self.page_url)

    def scan_attribute(self, el: etree._Element, tag: str, name: str, value: str,
                       seen_keys: set[tuple[str, ...]]) -> None:
        hits = scan_string(value, self.rules)
        if not hits:
            return
        path = _css_path(el)
        whole_url = name in URL_ATTRS and len(hits) == 1 and hits[0].rule in self.rules.url
        for hit in hits:
            if isinstance(hit.rule, TextRule) and hit.rule.id_fields:
                hit.ids = _ids_from_attributes(hit.ids, hit.rule, el)
            key = hit.key()
            if key in seen_keys:
                continue
            seen_keys.add(key)
            link = _absolute(value, self.page_url) if whole_url else None
            context = _clip(_text_of(el)) if tag == "a" else None
            self.emit(hit, location=f"{tag}[{name}]", line=el.sourceline, path=path,
                      link=link, context=context or None)

    def scan_text(self, el: etree._Element, text: str, location: str, *,
                  owner: etree._Element | None = None,
                  skip: set[tuple[str, ...]] | None = None,
                  tail_of: etree._Element | None = None) -> None:
        hits = scan_string(text, self.rules)
        if not hits:
            return
        anchor = owner if owner is not None else el
        path = _css_path(anchor) if isinstance(anchor.tag, str) else None
        first = _tail_line(tail_of, self.last_line) if tail_of is not None else el.sourceline
        for hit in hits:
            if skip and hit.key() in skip:
                continue
            line = None if first is None else first + hit.text.count("\n", 0, hit.start)
            self.emit(hit, location=location, line=line, path=path)

    def scan_element(self, el: etree._Element, tag: str,
                     seen_keys: set[tuple[str, ...]]) -> None:
        """Cards and widgets that carry no URL (Zhihu 好物 cards, mini-program links)."""
        if seen_keys:
            return  # the element's own link was reported already
        for rule in self.rules.element:
            value = el.get(rule.attr)
            if value is None or not rule.values.search(value):
                continue
            ident = (el.get(rule.id_attr) or "").strip() if rule.id_attr else ""
            link = f"{tag}[{rule.attr}={value}]" + (f"[{rule.id_attr}={ident}]" if ident else "")
            extra = {rule.id_attr: ident} if rule.id_attr and ident else None
            hit = Hit.whole(rule, link, extra=extra)
            seen_keys.add(hit.key())
            self.emit(hit, location=f"{tag}[{rule.attr}]", line=el.sourceline,
                      path=_css_path(el), context=_clip(_text_of(el)) or None)
            return

    def scan_form(self, form: etree._Element, seen_keys: set[tuple[str, ...]]) -> None:
        action = _absolute(form.get("action") or "", self.page_url)
        host = host_of(action)
        for rule in self.rules.form:
            if not host or not rule.matches_host(host):
                continue
            for box in form.iter("input"):
                name = (box.get("name") or "").strip()
                if name not in rule.fields:
                    continue
                ids = parse_id(rule.id_format, box.get("value") or "")
                if ids is None:
                    continue
                self.consumed.add(box)
                link = f"{action}{'&' if '?' in action else '?'}{name}={box.get('value')}"
                hit = Hit.whole(rule, link, ids)
                seen_keys.add(hit.key())
                self.emit(hit, location="form", line=form.sourceline, path=_css_path(form),
                          context=_clip(_text_of(form)) or None)
            return

    def resolve_converted(self) -> None:
        """Anchors rewritten by tkapi.js at click time carry the page's config PID."""
        if not self.converted or not (self.config_pids or self.has_converter_script):
            return
        config = self.config_pids[0] if self.config_pids else None
        for rule in self.rules.converted:
            for el in self.converted:
                attr = next((a for a in rule.attrs if el.get(a) is not None), None)
                if attr is None:
                    continue
                href = el.get("href") or ""
                link = _absolute(href, self.page_url) if href and href != "#" else (
                    f"{el.tag}[{attr}={el.get(attr)}]")
                hit = Hit.whole(rule, link, config.ids if config else None)
                self.emit(hit, location=f"{el.tag}[{attr}]", line=el.sourceline,
                          path=_css_path(el), context=_clip(_text_of(el)) or None)


def _parse(document: str, data: bytes | None) -> etree._Element | None:
    try:
        if data is not None:
            # The parser's own encoding wins over a <meta charset> or XML declaration.
            return etree.fromstring(data, _UTF8_PARSER)
        if document.lstrip().startswith("<?xml"):
            document = _XML_DECL.sub("", document, count=1)
        return etree.fromstring(document, _PARSER)
    except (etree.ParserError, ValueError):
        return None


def find_in_text(text: str, page_url: str, rules: RuleSet | None = None, *,
                 location: str = "text") -> list[Finding]:
    """Findings in plain text (a text file, Markdown, a paste), with line numbers."""
    rules = rules or default_rules()
    prefilter = prefilter_for(rules)
    if prefilter is not None and not prefilter.search(text) and not (
            _entities_may_hide(text, prefilter) and prefilter.search(html.unescape(text))):
        return []  # no trigger: no rule can match (scan_string decodes entities too)
    scan = _PageScan(page_url, rules)
    for hit in scan_string(text, rules):
        scan.emit(hit, location=location, line=hit.text.count("\n", 0, hit.start) + 1, path=None)
    return scan.findings


def find_in_url(url: str, page_url: str, rules: RuleSet | None = None, *,
                location: str = "redirect") -> list[Finding]:
    """Findings for one URL seen outside the markup (a redirect ``Location``)."""
    rules = rules or default_rules()
    scan = _PageScan(page_url, rules)
    for hit in scan_string(url, rules):
        scan.emit(hit, location=location, line=None, path=None, context=None)
    return scan.findings


def audit_page(document: str, page_url: str, rules: RuleSet | None = None, *,
               want_links: bool = False, exhaustive: bool = False) -> PageAudit:
    """Findings of ``document`` and, with ``want_links``, the pages it links to.

    One parse serves both, so a crawler need not parse the page again to find
    where to go next. Only the strings around a trigger are scanned (see
    ``_needles``); ``exhaustive`` scans every string instead, the reference the
    fast way is tested against.
    """
    rules = rules or default_rules()
    try:
        data: bytes | None = document.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: a broken page, read as a str
        data = None
    prefilter = None if exhaustive else prefilter_for(rules)
    needles: set[str] | None = None  # None: walk the whole page
    if prefilter is not None and document:
        try:
            needles, hidden = _needles(document, prefilter, data)
        except _WalkWhole:
            needles = None
    elif prefilter is not None:
        needles = set()
    if needles is not None and not needles and not want_links:
        return PageAudit()
    if needles and data is not None and not hidden and _nothing_near(data, prefilter, rules, needles):
        needles = set()
    might_hold = needles is None or bool(needles)
    if not _HTML_START.search(document, 0, 4096):
        return PageAudit(find_in_text(document, page_url, rules) if might_hold else [])
    root = _parse(document, data)
    if root is None:
        return PageAudit(find_in_text(document, page_url, rules) if might_hold else [])
    base = root.find(".//base[@href]")
    base_url = _absolute(base.get("href"), page_url) if base is not None else page_url
    if needles is None:
        # exhaustive: every string; else the prefilter tests each string.
        scan = _PageScan(page_url, rules, wanted=prefilter.search if prefilter else None)
        scan.last_line = document.count("\n") + 1
        scan.walk(root)
        links, refresh = scan.links, scan.refresh
    else:
        links, refresh = _links_and_refresh(root, page_url, want_links)
        scan = _PageScan(page_url, rules, wanted=_contains_any(needles),
                         wanted_comment=prefilter.search, collect_links=False)
        scan.last_line = document.count("\n") + 1
        if needles:
            for node in _owners(root, needles, rules):
                scan.visit(node)
    scan.resolve_converted()
    findings = scan.findings
    if might_hold and _cut_short():
        findings += _beyond_the_tree(document, page_url, rules, findings)
    links = [_absolute(link, base_url) for link in links if link] if want_links else []
    return PageAudit(findings, links, refresh)


def _cut_short() -> bool:
    """Whether the last parse stopped early: libxml2 drops what is nested deeper
    than 256 elements (its guard against stack exhaustion)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT"
               for parser in (_UTF8_PARSER, _PARSER) for e in parser.error_log)


def _beyond_the_tree(document: str, page_url: str, rules: RuleSet,
                     found: list[Finding]) -> list[Finding]:
    """Findings in the raw page that the truncated tree did not hold, read as text."""
    seen = {(f.network, f.kind, (f.unwrapped or f.link).lower()) for f in found}
    extra = []
    for finding in find_in_text(document, page_url, rules, location="text (nested too deep)"):
        key = (finding.network, finding.kind, (finding.unwrapped or finding.link).lower())
        if key not in seen:
            seen.add(key)
            extra.append(finding)
    return extra


# -- the strings worth scanning ----------------------------------------------------------
#
# The prefilter finds trigger matches in the raw document in one pass. A string
# of the parsed page (an attribute value, a text node) holding a trigger match
# holds, verbatim, the start of that match in the raw document up to the first
# character that can end an HTML string (a quote, <, >, &, white space): that
# "needle". So XPath's contains() on the needles, run in C, selects every node
# the full walk would scan and few others. Comments are not selected that way
# (--> ends them without such a character); there are few, so each is tested.
# A match that runs across a string's start (it holds a quote or >, as a
# user's [^&]+ trigger may) could hide a later one: the page is then walked
# whole, as is one whose entities (&#46;) hide a trigger.

_NEEDLE_END = re.compile(r"""[<>"'&\s]""")
_CROSSES = re.compile(r"""[<>"']|=.""")
# Character references other than the everyday ones may spell a trigger (taobao&#46;com).


def _may_spell_a_trigger(char: str) -> bool:
    # Triggers are hosts, words, ids and tokens: letters, digits, URL punctuation,
    # currency signs (￥…￥). "&copy;", "&nbsp;" or "it&#x27;s" spell none of them.
    return char.isalnum() or char in "./:_-=?%#~+!$()[]{}@,|*^`;\\" or (
        unicodedata.category(char) == "Sc")


_SPELLING_NAMES = sorted(
    (name[:-1] for name, value in html_entities.html5.items()
     if name.endswith(";") and all(map(_may_spell_a_trigger, value))), key=len, reverse=True)
_CHAR_REF = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6});?|#(\d{1,7});?|(?:"
                       + "|".join(map(re.escape, _SPELLING_NAMES)) + r");)")


def _entities_may_hide(document: str, prefilter: Prefilter) -> bool:
    """Whether a character reference in ``document`` could spell part of a trigger."""
    if "&" not in document:
        return False
    if prefilter.reads_escaped:
        return True
    for m in _CHAR_REF.finditer(document):
        code = m.group(1) or m.group(2)
        if code is None:
            return True  # a named reference such as &period;
        number = int(code, 16 if m.group(1) else 10)
        if 0 < number <= 0x10FFFF and _may_spell_a_trigger(chr(number)):
            return True
    return False
_MAX_NEEDLES = 16


class _WalkWhole(Exception):
    """The needles cannot be trusted for this page: scan it string by string."""


def _needles(document: str, prefilter: Prefilter, data: bytes | None) -> tuple[set[str], bool]:
    """What every string holding a trigger match contains, and whether character
    references hide a match from the raw page; raises ``_WalkWhole``."""
    matches = prefilter.matches(document, data)
    needles = _needles_in(matches)
    hidden = False
    if _entities_may_hide(document, prefilter):
        # Parsed strings hold the decoded text, so take needles from it as well.
        decoded = prefilter.matches(html.unescape(document))
        hidden = not set(decoded) <= set(matches)
        needles |= _needles_in(decoded)
    for width in (4, 2, 1):
        if len(needles) <= _MAX_NEEDLES:
            break
        # Many different tokens: their first characters select the same strings and more.
        needles = {n[:width] for n in needles}
    return needles, hidden


def _needles_in(matches: list[str]) -> set[str]:
    needles: set[str] = set()
    for match in matches:
        if _CROSSES.search(match):
            raise _WalkWhole
        cut = _NEEDLE_END.search(match)
        needle = match[: cut.start()] if cut else match
        if not needle:
            raise _WalkWhole
        needles.add(needle)
    return needles


# Most trigger matches on a page are look-alikes: a plain item.taobao.com link, a
# price, "struct mm_struct". The markup-free stretch of raw page around each
# match (between the nearest < or > on either side) holds the string the match
# sits in, or, for a tag, all its attributes: when no rule fires in any of
# those stretches, none fires in the page's strings either, and the page needs
# no XPath and no walk. Stretches the rules do not read alone (cards named by
# an attribute, forms, very long scripts) and matches only character references
# reveal keep the targeted scan.
_STRETCH_MAX = 4096
_FORM_TAG = re.compile(rb"<form[\s>/]", re.IGNORECASE)


def _nothing_near(data: bytes, prefilter: Prefilter, rules: RuleSet, needles: set[str]) -> bool:
    """Whether no rule can fire anywhere in the page (see above); False when unsure."""
    spans = prefilter.byte_spans(data)
    if spans is None:
        return False
    if not {n.lower() for n in needles}.isdisjoint(_marker_attrs(rules)):
        return False
    if rules.form and _FORM_TAG.search(data):
        return False
    stretches: set[bytes] = set()
    for start, end in spans:
        floor = max(0, start - _STRETCH_MAX)
        left = max(data.rfind(b"<", floor, start), data.rfind(b">", floor, start))
        ceiling = end + _STRETCH_MAX
        rights = [i for i in (data.find(b"<", end, ceiling), data.find(b">", end, ceiling)) if i >= 0]
        if left < 0 or not rights:
            return False
        stretches.add(data[left:min(rights) + 1])
    contextual = _contextual_rules(rules)
    for stretch in stretches:
        text = stretch.decode("utf-8", "surrogatepass")
        if scan_string(text, rules):
            return False
        # Browsers drop tabs and newlines inside URL attributes; visit() does too.
        if _URL_WHITESPACE.search(text) and scan_string(_URL_WHITESPACE.sub("", text), rules):
            return False
        # A rule that reads the words around its match may find them beyond a
        # bare "<" or ">" in the text ("打开淘宝 => (AbCdEf12345)"): its pattern
        # alone in the stretch is reason enough to scan the page.
        if any(rule.pattern.search(text) for rule in contextual):
            return False
    return True


def _contextual_rules(rules: RuleSet) -> tuple[TextRule, ...]:
    return _once(rules, "_contextual", lambda: tuple(
        r for r in rules.text if r.near_words or r.yield_words or r.own_words))


def _once(rules: RuleSet, key: str, build: Callable[[], object]):
    """``build()``, computed once per rule set (kept where cached_property keeps values)."""
    cache = rules.__dict__
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _contains_any(needles: set[str]) -> Callable[[str], bool]:
    ordered = tuple(sorted(needles, key=len))
    return lambda text: any(n in text for n in ordered)


@lru_cache(maxsize=64)
def _owners_xpath(count: int, element_attrs: tuple[str, ...]) -> etree.XPath:
    # Each "//" step is one pass over the tree in C: keep them few.
    test = " or ".join(f"contains(., $n{i})" for i in range(count))
    parts = [f"//@*[{test}]", f"//text()[{test}]", "//comment()"]
    if element_attrs:
        parts.append("//*[" + " or ".join(f"@{a}" for a in element_attrs) + "]")
    return etree.XPath(" | ".join(parts))


def _owners(root: etree._Element, needles: set[str], rules: RuleSet) -> list[etree._Element]:
    """The nodes whose own strings (attributes, text, tail) may hold a trigger, in page order."""
    # Cards and converted anchors are found by an attribute's name, a trigger
    # too: look for them only when one occurs.
    lowered = {n.lower() for n in needles}
    names = tuple(sorted(a for a in _marker_attrs(rules) if a in lowered))
    xpath = _owners_xpath(len(needles), names)
    variables = {f"n{i}": needle for i, needle in enumerate(sorted(needles))}
    owners: dict[etree._Element, None] = {}
    for result in xpath(root.getroottree(), **variables):
        # An attribute's or a text's getparent() is the node that owns it (a
        # tail's is the node it follows), which is what visit() scans.
        node = result.getparent() if isinstance(result, str) else result
        if node is None:
            continue
        if rules.form and node.tag == "input" and node not in owners:
            # A form rule reads the form's action and its inputs together.
            form = next(node.iterancestors("form"), None)
            if form is not None:
                owners.setdefault(form)
        owners.setdefault(node)
    return list(owners)


def _marker_attrs(rules: RuleSet) -> frozenset[str]:
    def build() -> frozenset[str]:
        attrs = {r.attr for r in rules.element} | {a for r in rules.converted for a in r.attrs}
        return frozenset(a.lower() for a in attrs if _XML_NAME.match(a))
    return _once(rules, "_marker_attrs", build)


_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def _links_and_refresh(root: etree._Element, page_url: str,
                       want_links: bool) -> tuple[list[str], str | None]:
    """The link targets (raw) and the meta refresh target, in one pass over the tree."""
    links: list[str] = []
    refresh = None
    tags = (*_NAV_ATTRS, "meta") if want_links else ("meta",)
    for el in root.iter(*tags):
        tag = el.tag
        if tag == "meta":
            if refresh is None and (el.get("http-equiv") or "").strip().lower() == "refresh":
                refresh = _refresh_target(el.get("content") or "", page_url)
        elif target := el.get(_NAV_ATTRS[tag]):
            links.append(target)
    return links, refresh


def _refresh_target(content: str, page_url: str) -> str | None:
    m = _REFRESH_URL.search(content)
    return _absolute(m.group(1), page_url) if m else None


def find_affiliate_links(document: str, page_url: str, rules: RuleSet | None = None) -> list[Finding]:
    """Every affiliate link, ad-slot snippet and token in an HTML ``document``.

    Looks at every attribute value, script, style, comment and text node, not
    only ``a[href]``. A document with no markup is scanned as plain text.

    >>> page = '<p>看这里 <a href="https://s.click.taobao.com/t?e=m%3D2&pid=mm_12345678_222_333">买</a></p>'
    >>> [(f.kind, f.pid, f.location, f.context) for f in find_affiliate_links(page, "https://blog.example/")]
    [('click link', 'mm_12345678_222_333', 'a[href]', '买')]
    """
    return audit_page(document, page_url, rules).findings

