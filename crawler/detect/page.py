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
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..model import Finding
from ..site.weburl import read_web_url
from .ids import ParsedId, parse_id
from .links import absolute, absolute_all
from .match import Hit, scan_string
from .plan import Plan, contains_any, entities_may_hide, owners, plan_page
from .prefilter import prefilter_for
from .rules import RuleSet, TextRule, default_rules
from .spans import lines_at
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
# What a browser reads in a URL attribute that the URL finder does not: a backslash
# as "/" (it ends a URL in script or prose), a non-ASCII host (full-width letters,
# "。"), "http:" or "https:" without "//" (a host on another scheme's page, else a path).
_READ_APART = re.compile(r"[\\\u0080-\U0010ffff]|^(?i:https?):(?!//)")
# A tag only a whole document writes ("<header" is no "<head").
_DOCUMENT_TAG = re.compile(r"<(?:!doctype|html|head|body)(?=[\s/>])", re.IGNORECASE)
# The elements libxml2 invents around a fragment.
_IMPLIED = frozenset({"html", "head", "body"})
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


def _is_url_value(value: str) -> bool:
    r"""Whether a ``data-*`` value is one URL that tabs or newlines break
    (``data-href="https://u.jd.com/\nAbC123"``), not text holding one.

    >>> _is_url_value("https://u.jd.com/\nAbC123"), _is_url_value("复制 https://u.jd.com/x")
    (True, False)
    """
    value = value.strip()
    return value[:8].lower().startswith(("http://", "https://", "//")) and " " not in value


def _as_opened(value: str, page_url: str) -> str:
    r"""The URL a browser opens for a link attribute's ``value``: joined to the page,
    host decoded and lower-cased, ``\`` read as ``/``.

    >>> _as_opened("\\\\s.click.taobao.com\\t?e=1#x", "https://blog.example/p.html")
    'https://s.click.taobao.com/t?e=1#x'
    >>> _as_opened("https://ｓ.click.taobao.com/t", "https://blog.example/p.html")
    'https://s.click.taobao.com/t'
    """
    joined = absolute(value, page_url)
    reading = read_web_url(joined)
    if reading is None:
        return joined
    _, hash_, fragment = joined.partition("#")
    return reading.url + hash_ + fragment


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


def _css_path(el: etree._Element, fragment: bool = False) -> str | None:
    """``el``'s place, ``html>body>div.post>p>a``; in a ``fragment`` it starts at the
    fragment's own top element (``div.post>p>a``), ``None`` for the fragment itself.

    libxml2 puts every fragment in an ``html`` and a ``head`` or ``body`` it
    invents (they carry no id or class); in a fragment those tags are all
    invented (see :func:`_is_fragment`), so a path there stops below them.
    """
    parts = []
    node: etree._Element | None = el
    while node is not None and isinstance(node.tag, str):
        part = node.tag.lower()
        if fragment and part in _IMPLIED:
            break
        ident = (node.get("id") or "").split()
        classes = (node.get("class") or "").split()
        if ident:
            part += "#" + ident[0]
        elif classes:
            part += "." + classes[0]
        parts.append(part)
        node = node.getparent()
    return ">".join(reversed(parts)) or None


def _is_fragment(document: str) -> bool:
    """Whether ``document`` is a fragment (a Markdown post, a feed item's HTML):
    no doctype, ``<html>``, ``<head>`` or ``<body>`` written anywhere.

    The source is asked because the parser cannot say: libxml2 gives an invented
    ``html`` and ``body`` the same line as the written ones, and no mark. A page
    with any of them is a document and keeps the browser's ``html>body>…`` even
    where a minifier dropped the optional tags, so a site's pages name a place alike.

    >>> _is_fragment('<p><a href="x">y</a></p>'), _is_fragment("<!DOCTYPE html><p>y</p>")
    (True, False)
    >>> _is_fragment("<header>x</header>"), _is_fragment("<BODY class=x><p>y</p>")
    (True, False)
    """
    return _DOCUMENT_TAG.search(document) is None


def _ids_from_attributes(ids: ParsedId | None, rule: TextRule,
                         el: etree._Element) -> ParsedId | None:
    """``ids`` with the fields ``rule.id_fields`` reads from ``el``'s other attributes."""
    found = {}
    for slot, names in rule.id_fields:
        value = next((v.strip() for n in names if (v := el.get(n)) and v.strip()), None)
        if value:
            found[slot] = value
    return dataclasses.replace(ids or ParsedId(), **found) if found else ids


def _tail_line(node: etree._Element, last_line: Callable[[], int | None]) -> int | None:
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
            line: int = following.sourceline
            return line - newlines
        current = current.getparent()
    last = last_line()
    return None if last is None else last - newlines


class _PageScan:
    """State for one page: the rules, the page URL and the findings so far."""

    def __init__(self, page_url: str, rules: RuleSet, *,
                 wanted: Callable[[str], object] | None = None,
                 wanted_comment: Callable[[str], object] | None = None,
                 collect_links: bool = True, every_rule: bool = False) -> None:
        self.page_url = page_url
        self.rules = rules
        # Which strings are worth running the rules on; None: every string.
        self.wanted = wanted
        self.wanted_comment = wanted_comment or wanted
        self.collect_links = collect_links
        self.every_rule = every_rule  # run every rule on every string (the oracle)
        # The document's last line, when known (counted only when a tail needs it).
        self.last_line: Callable[[], int | None] = lambda: None
        # Whether the page is a fragment (see _is_fragment): asked once, at the first
        # finding, as most pages have none.
        self.is_fragment: Callable[[], bool] = lambda: False
        self._fragment: bool | None = None
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

    def path_of(self, el: etree._Element) -> str | None:
        if self._fragment is None:
            self._fragment = self.is_fragment()
        return _css_path(el, self._fragment)

    # -- emitting -------------------------------------------------------------------

    def emit(self, hit: Hit, *, location: str, line: int | None, path: str | None,
             link: str | None = None, context: str | None = None) -> None:
        ids = hit.ids
        target = hit.unwrapped or hit.link  # the affiliate URL itself
        link = link or hit.link
        if link.startswith("//"):
            link = absolute(link, self.page_url)
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
            # wanted_comment is set whenever wanted is.
            if comment and (wanted is None or self.wanted_comment(comment)):  # type: ignore[misc]
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
                    if name in URL_ATTRS or (name.startswith("data-") and _is_url_value(value)):
                        # Browsers drop tabs and newlines inside URLs (and scripts
                        # reading a data-href pass it on as it is).
                        value = _URL_WHITESPACE.sub("", value).strip()
                        if name in URL_ATTRS and _READ_APART.search(value):
                            value = _as_opened(value, self.page_url)
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
        hits = scan_string(value, self.rules, every_rule=self.every_rule)
        if not hits:
            return
        path = self.path_of(el)
        whole_url = name in URL_ATTRS and len(hits) == 1 and hits[0].rule in self.rules.url
        for hit in hits:
            if isinstance(hit.rule, TextRule) and hit.rule.id_fields:
                hit.ids = _ids_from_attributes(hit.ids, hit.rule, el)
            key = hit.key()
            if key in seen_keys:
                continue
            seen_keys.add(key)
            link = absolute(value, self.page_url) if whole_url else None
            context = _clip(_text_of(el)) if tag == "a" else None
            self.emit(hit, location=f"{tag}[{name}]", line=el.sourceline, path=path,
                      link=link, context=context or None)

    def scan_text(self, el: etree._Element, text: str, location: str, *,
                  owner: etree._Element | None = None,
                  skip: set[tuple[str, ...]] | None = None,
                  tail_of: etree._Element | None = None) -> None:
        hits = scan_string(text, self.rules, every_rule=self.every_rule)
        if not hits:
            return
        anchor = owner if owner is not None else el
        path = self.path_of(anchor) if isinstance(anchor.tag, str) else None
        first = _tail_line(tail_of, self.last_line) if tail_of is not None else el.sourceline
        # Hits come in text order: their lines are counted in one pass over the text.
        lines = [None] * len(hits) if first is None else [
            first - 1 + line for line in lines_at(hits[0].text, [hit.start for hit in hits])]
        for hit, line in zip(hits, lines, strict=True):
            if skip and hit.key() in skip:
                continue
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
                      path=self.path_of(el), context=_clip(_text_of(el)) or None)
            return

    def scan_form(self, form: etree._Element, seen_keys: set[tuple[str, ...]]) -> None:
        action = absolute(form.get("action") or "", self.page_url)
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
                self.emit(hit, location="form", line=form.sourceline, path=self.path_of(form),
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
                link = absolute(href, self.page_url) if href and href != "#" else (
                    f"{el.tag}[{attr}={el.get(attr)}]")
                hit = Hit.whole(rule, link, config.ids if config else None)
                self.emit(hit, location=f"{el.tag}[{attr}]", line=el.sourceline,
                          path=self.path_of(el), context=_clip(_text_of(el)) or None)


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
            entities_may_hide(text, prefilter) and prefilter.search(html.unescape(text))):
        return []  # no trigger: no rule can match (scan_string decodes entities too)
    scan = _PageScan(page_url, rules)
    hits = scan_string(text, rules)
    lines = lines_at(hits[0].text, [hit.start for hit in hits]) if hits else []
    for hit, line in zip(hits, lines, strict=True):
        scan.emit(hit, location=location, line=line, path=None)
    return scan.findings


def find_in_url(url: str, page_url: str, rules: RuleSet | None = None, *,
                location: str = "redirect") -> list[Finding]:
    """Findings for one URL seen outside the markup (a redirect ``Location``),
    read as a browser follows it (see :func:`_as_opened`)."""
    rules = rules or default_rules()
    scan = _PageScan(page_url, rules)
    url = _URL_WHITESPACE.sub("", url).strip()
    if _READ_APART.search(url):
        url = _as_opened(url, page_url)
    for hit in scan_string(url, rules):
        scan.emit(hit, location=location, line=None, path=None, context=None)
    return scan.findings


def audit_page(document: str, page_url: str, rules: RuleSet | None = None, *,
               want_links: bool = False, exhaustive: bool = False,
               utf8: bytes | None = None) -> PageAudit:
    """Findings of ``document`` and, with ``want_links``, the pages it links to.

    One parse serves both, so a crawler need not parse the page again to find
    where to go next. Only the strings around a trigger that a rule fires on
    are scanned (see ``plan.py``); ``exhaustive`` scans every string with every
    rule instead, the reference the fast way is tested against. ``utf8``, when
    the caller has it, is ``document`` encoded in UTF-8 (a response body that
    was UTF-8): the parse and the prefilter read those bytes.
    """
    rules = rules or default_rules()
    data = utf8 if utf8 is not None else _utf8(document)
    prefilter = None if exhaustive else prefilter_for(rules)
    plan = Plan(None) if prefilter is None else plan_page(document, data, prefilter, rules)
    if plan.nothing and not want_links:
        return PageAudit()
    if not _HTML_START.search(document, 0, 4096):
        return PageAudit([] if plan.nothing else find_in_text(document, page_url, rules))
    root = _parse(document, data)
    if root is None:
        return PageAudit([] if plan.nothing else find_in_text(document, page_url, rules))
    base = root.find(".//base[@href]")
    base_url = absolute(base.get("href"), page_url) if base is not None else page_url
    if plan.needles is None:
        # exhaustive: every string, every rule; else the prefilter tests each string.
        scan = _PageScan(page_url, rules, wanted=prefilter.search if prefilter else None,
                         every_rule=exhaustive)
        scan.last_line = lambda: document.count("\n") + 1
        scan.is_fragment = lambda: _is_fragment(document)
        scan.walk(root)
        links, refresh = scan.links, scan.refresh
    else:
        links, refresh = _links_and_refresh(root, page_url, want_links)
        scan = _PageScan(page_url, rules, wanted=contains_any(plan.needles),
                         # A plan with needles came from the prefilter.
                         wanted_comment=prefilter.search,  # type: ignore[union-attr]
                         collect_links=False)
        if plan.needles:
            scan.last_line = lambda: document.count("\n") + 1
            scan.is_fragment = lambda: _is_fragment(document)
            for node in owners(root, plan, rules):
                scan.visit(node)
    scan.resolve_converted()
    findings = scan.findings
    if not plan.nothing and _cut_short():
        findings += _beyond_the_tree(document, page_url, rules, findings)
    links = absolute_all(links, base_url) if want_links else []
    return PageAudit(findings, links, refresh)


def _utf8(document: str) -> bytes | None:
    try:
        return document.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: a broken page, read as a str
        return None


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
    return absolute(m.group(1), page_url) if m else None


def find_affiliate_links(document: str, page_url: str, rules: RuleSet | None = None, *,
                         utf8: bytes | None = None) -> list[Finding]:
    """Every affiliate link, ad-slot snippet and token in an HTML ``document``.

    Looks at every attribute value, script, style, comment and text node, not
    only ``a[href]``. A document with no markup is scanned as plain text.

    >>> page = '<p>看这里 <a href="https://s.click.taobao.com/t?e=m%3D2&pid=mm_12345678_222_333">买</a></p>'
    >>> [(f.kind, f.pid, f.location, f.context) for f in find_affiliate_links(page, "https://blog.example/")]
    [('click link', 'mm_12345678_222_333', 'a[href]', '买')]
    """
    return audit_page(document, page_url, rules, utf8=utf8).findings

