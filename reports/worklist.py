"""The "To remove" work list: one row per thing the creator removes, not per raw finding.

Pure: findings in (the JSONL record's dict rows), :class:`WorkItem` rows out; no
openpyxl, no Scrapy. The sheet that shows the rows is written elsewhere.

How raw findings become rows (the decisions, in the order they are applied):

1. Findings a verify report marks ``removed`` are gone, so they are not work.
2. **Loaders fold into their config.** An ad-slot loader without an id (Alimama's
   ``inf.js`` ``<script src>``) at the same place of the same page as ad-slot code of
   the same network that names the id (``alimama_pid="mm_…"``) is that widget's second
   half: it takes the config's search string and counts as a second occurrence. The
   creator deletes the widget, not two things.
3. **Templates.** The same ``link`` at the same place (:func:`place_of`, the CSS path
   with per-page noise taken out) on at least ``template_pages`` distinct pages comes
   from the site's template: all of it is one row, "fix once", searched by what its first
   finding naming an id (else its first finding) is searched by. Findings without a path
   (a redirect, a plain-text file) have no place to compare and are never templates:
   a redirect is a property of one URL, and text files are separate sources.
   Template rows with the same search string and ``where`` (the PID in the header's and
   the footer's ad code) are one row: searching the theme for it finds both, and a row's
   Done key (:func:`done_key`) is built from those two cells.
4. **Page rows.** Everything else is grouped by page, then by (search string, where):
   the same thing twice on one page (two identical links) is one row.
5. **Order.** Template rows first (one fix clears many pages), most pages first; then
   pages, worst first (most rows, then most occurrences, then URL); within a page in
   source order.

A row's ``status`` (verify reports): ``"new"`` when any finding folded into it is new,
else ``"remaining"`` when any is remaining, else ``None``. New wins because a row that
gained a finding since the last run needs a fresh look even where part of it was known.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from json.encoder import encode_basestring
from typing import Any
from urllib.parse import unquote

__all__ = [
    "WHERES",
    "WHERE_BY_LOCATION",
    "WorkItem",
    "done_key",
    "place_of",
    "search_for",
    "where_of",
    "work_list",
]


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One row of the "To remove" sheet."""

    template: bool
    """True for a site-template row ("fix once"): the same link in the same place on many pages."""
    page_url: str | None
    """The page to edit; ``None`` on a template row (see ``example_pages``)."""
    pages: int
    """Distinct pages the row's findings are on (1 on a page row)."""
    example_pages: tuple[str, ...]
    """Template rows: a few of its pages, in page-URL order (the Findings sheet's). Page rows: ()."""
    search: str
    """What to type into the editor's search box to find it (:func:`search_for`)."""
    where: str
    """Where on the page, a key of :data:`WHERES` (``link``, ``script``…), not display text."""
    context: str | None
    """Anchor text or a snippet around it, from the first finding that has one."""
    link: str
    """The string as published, of the row's first finding."""
    line: int | None
    """First line on the page (page rows); ``None`` on template rows, whose lines differ."""
    network: str
    kind: str
    rule: str
    pid: str | None
    member_id: str | None
    site_id: str | None
    adzone_id: str | None
    mine: bool | None
    """True if any finding folded in is the creator's, else False if any is not, else None."""
    occurrences: int
    """Raw findings folded into this row."""
    status: str | None
    """``new`` / ``remaining`` in a verify report (see the module docstring); else ``None``."""
    done: bool
    """The creator ticked it Done in the previous workbook (its key was in ``done``)."""
    key: str
    """Stable identity across runs: :func:`done_key` of the cells the row shows."""


# -- where -------------------------------------------------------------------------------

#: The ``where`` vocabulary: keys the sheet translates, never shown as they are.
WHERES = ("link", "image", "script", "script_src", "style", "comment", "text", "form", "button",
          "embed", "redirect", "front_matter", "attribute", "other")

#: Locations the detector writes as they are (text it scans, and the special places).
WHERE_BY_LOCATION: dict[str, str] = {
    "text": "text",
    "text (nested too deep)": "text",  # a page too deeply nested to parse, read as text
    "textarea": "text",
    "title": "text",
    "noscript": "text",
    "template": "text",
    "script": "script",
    "style": "style",
    "comment": "comment",
    "form": "form",  # a search form carrying the id in a hidden input
    "redirect": "redirect",  # the page's own Location header led to the link
    "meta[refresh]": "redirect",
    "front matter": "front_matter",  # a Markdown file's YAML header (linkaudit scan)
}

# The other locations are ``tag[attribute]`` (an attribute holding a URL, a data-*
# attribute, a card's marker attribute): looked up by the pair, then the attribute,
# then the tag, most specific first.
_WHERE_BY_TAG_ATTR: dict[tuple[str, str], str] = {
    ("script", "src"): "script_src",
    ("input", "src"): "image",  # <input type="image">
    ("link", "href"): "attribute",  # <link rel=…> in the head: not a link a reader sees
}
_WHERE_BY_ATTR: dict[str, str] = {
    "data-clipboard-text": "button",  # a copy-to-clipboard control, whatever its tag
    "formaction": "button",
    "poster": "image",
    "background": "image",
}
_WHERE_BY_TAG: dict[str, str] = {
    "a": "link", "area": "link",
    "img": "image", "image": "image", "picture": "image",
    "script": "script",
    "form": "form",
    "button": "button",
    "iframe": "embed", "frame": "embed", "embed": "embed", "object": "embed", "applet": "embed",
    "video": "embed", "audio": "embed", "source": "embed", "track": "embed",
    "meta": "redirect",  # the only meta the detector reads is a refresh
}
_TAG_ATTR = re.compile(r"([A-Za-z][\w:-]*)\[([^\]=]+)\]")


@cache
def where_of(location: str) -> str:
    """The ``where`` key of a finding's ``location``: one of :data:`WHERES`.

    >>> [where_of(x) for x in ("a[href]", "script[src]", "script", "iframe[src]",
    ...                        "button[data-clipboard-text]", "div[data-href]", "?")]
    ['link', 'script_src', 'script', 'embed', 'button', 'attribute', 'other']
    """
    exact = WHERE_BY_LOCATION.get(location)
    if exact is not None:
        return exact
    m = _TAG_ATTR.fullmatch(location)
    if m is None:
        return "other"
    tag, attr = m.group(1).lower(), m.group(2).lower()
    return (_WHERE_BY_TAG_ATTR.get((tag, attr)) or _WHERE_BY_ATTR.get(attr)
            or _WHERE_BY_TAG.get(tag) or "attribute")


# -- place (template detection) -------------------------------------------------------------

# A path step is a tag with its id (#…) or first class (.…). Two kinds of per-page
# noise are taken out, nothing else (a wrong template row tells the creator one edit
# fixes pages it does not, so this stays conservative):
#  * html's and body's id/class: themes name the page type there (WordPress
#    body_class(): "home", "single", "page-id-2"), so the footer of a post and of the
#    home page would differ in the very first steps.
#  * a number ending an id or class after "-" or "_" ("post-123", "comment_45",
#    "custom_html-3"): themes number posts and comments. Hashed names (CSS-in-JS
#    "css-1x2y3z") are left alone: one build gives every page the same hash.
_ROOT_STEP = re.compile(r"(?:html|body)(?=[#.])")
_NUMBERED = re.compile(r"(?<=[-_])\d+(?=$|>)")


@cache
def place_of(path: str) -> str:
    """``path`` with per-page noise taken out, for comparing places across pages.

    >>> place_of("html.no-js>body.single.postid-9>div.wrap>article#post-123>div.ad>script")
    'html>body>div.wrap>article#post-#>div.ad>script'
    >>> place_of("html>body>aside#custom_html-3>form")
    'html>body>aside#custom_html-#>form'
    >>> place_of("html>body>div.v2>p>a")  # a digit not after - or _ stays
    'html>body>div.v2>p>a'
    """
    steps = path.split(">", 2)
    for i, step in enumerate(steps[:2]):
        root = _ROOT_STEP.match(step)
        if root:
            steps[i] = root.group()
    return _NUMBERED.sub("#", ">".join(steps))


# -- search string ----------------------------------------------------------------------------

#: Ids distinctive on their own shape: searched bare, without the parameter name
#: (``mm_1_2_3`` finds the PID in a URL, a script and a form alike).
_SELF_DISTINCTIVE = re.compile(r"mm_\d+_\d+_\d+")
#: The id fields, in the order a row's search string is taken from them.
_ID_FIELDS = ("pid", "member_id", "site_id", "adzone_id")
#: Kinds whose code is the URL's path (s.click.taobao.com/AbC1234, u.jd.com/xxxx).
_PATH_CODE_KINDS = frozenset({"short link", "share link"})
_TOKEN_KINDS = frozenset({"token"})
#: An id outside a query parameter is searched bare only from this length: a short
#: number ("4", a site id) is in every page.
_MIN_BARE_ID = 6
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_SELECTOR = re.compile(r"[A-Za-z][\w:-]*(?:\[[^\]=]+=[^\]]*\])*\[[^\]=]+=([^\]]+)\]")
_HOST_PATH = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]+)((?:/[^?#]*)?)")
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//")


@cache
def _id_params() -> dict[str, tuple[str, ...]]:
    """Per rule id, the query parameters (or form fields) its id may come from, in order.

    Read from the shipped rules, so a new rule's parameters need no change here.
    Imported late: crawler.detect loads lxml, which a work list does not need.
    """
    from crawler.detect.rules import default_rules  # noqa: PLC0415

    rules = default_rules()
    params: dict[str, tuple[str, ...]] = {}
    for rule in rules.url:
        params[rule.id] = (*rule.id_params, *(p for _, names in rule.id_fields for p in names))
    for form in rules.form:
        params[form.id] = form.fields
    return params


def _token_code(link: str) -> str | None:
    """The token's code: the longest mixed-case run of letters and digits (the
    detector's own test), without the ￥/€/emoji delimiters or a format code beside it."""
    runs = [r for r in _ALNUM_RUN.findall(link)
            if any(c.isupper() for c in r) and any(c.islower() for c in r)]
    return max(runs, key=len) if runs else None


def _as_parameter(link: str, value: str, rule: str) -> str | None:
    """``name=value`` as the link spells it, for the query parameter that holds ``value``.

    The rule's own id parameters are preferred (an id value repeated in another
    parameter is not what the rule read), then any parameter whose value is exactly it.
    """
    query = link.partition("?")[2].partition("#")[0]
    if not query:
        return None
    pairs = [(name, raw) for name, _, raw in (p.partition("=") for p in query.split("&"))]
    preferred = _id_params().get(rule, ())
    for wanted in preferred:
        for name, raw in pairs:
            if name == wanted and value in unquote(raw):
                return f"{name}={raw}"
    for name, raw in pairs:
        if unquote(raw) == value:
            return f"{name}={raw}"
    return None


def search_for(finding: Mapping[str, Any]) -> str:
    """The shortest distinctive string to search the page's source for.

    In order: a token's code; an id the link shows (bare when its shape is distinctive
    on its own, a Taobao PID; else ``name=value`` of the query parameter holding it,
    ``tag=xxx-20``, ``unionId=…``; else bare, unless too short to tell apart); a card's
    id attribute (``data-mcn-id``), else the last attribute value of an element written
    as a selector; a short link's host and path; the last characters of a long opaque
    parameter (an encrypted click link's ``e=``); else the link without its scheme (the
    source may be protocol-relative).

    >>> search_for({"link": "https://s.click.taobao.com/AbC1234", "kind": "short link"})
    's.click.taobao.com/AbC1234'
    >>> search_for({"link": "https://www.amazon.com/dp/B0?tag=lens-20", "kind": "pid link",
    ...             "rule": "amazon-tag", "pid": "lens-20"})
    'tag=lens-20'
    >>> search_for({"link": "https://s.click.taobao.com/t?e=m%3D2%26s%3DSawij1vj8rckEpCjQYasD4"
    ...             "wX6UyCjnpOPvKIyzkG6vjH6e99A4mz&union_lens=x", "kind": "click link"})
    'jnpOPvKIyzkG6vjH6e99A4mz'
    """
    link = str(finding.get("link") or "")
    kind = finding.get("kind")
    if kind in _TOKEN_KINDS:
        code = _token_code(link)
        if code:
            return code
    for field in _ID_FIELDS:
        value = finding.get(field)
        if not value or value not in link:
            continue
        if _SELF_DISTINCTIVE.fullmatch(value):
            return str(value)
        named = _as_parameter(link, value, str(finding.get("rule") or ""))
        if named:
            return named
        if len(value) >= _MIN_BARE_ID:  # in a path or a code snippet: the id alone
            return str(value)
    extra = finding.get("extra") or {}
    for name, value in extra.items():
        # Cards and mini-program links: the element's id attribute (rules.toml id_attr).
        if name.startswith("data-") and value and value in link:
            return str(value)
    selector = _SELECTOR.fullmatch(link)
    if selector:
        # An element with no URL, written as a selector (page.py): the value of its
        # last attribute, the most specific one (a converted anchor's item id).
        return selector.group(1)
    if kind in _PATH_CODE_KINDS:
        host_path = _HOST_PATH.match(link)
        if host_path and host_path.group(2).strip("/"):
            return host_path.group(1) + host_path.group(2).rstrip("/")
    opaque = max(_OPAQUE_VALUE.findall(link), key=len, default="")
    if opaque:
        # An encrypted click link (s.click.taobao.com/t?e=…) or a wrapped one shows no id:
        # the end of its longest parameter is unique (the start is shared: m%3D2%26s%3D…).
        return opaque[-_OPAQUE_TAIL:]
    return _SCHEME.sub("", link)


_OPAQUE_TAIL = 24
# A query parameter's value long enough that its last characters tell it apart.
_OPAQUE_VALUE = re.compile(r"[?&][^=&#]+=([^&#\s]{" + str(2 * _OPAQUE_TAIL) + ",})")


# -- Done key -----------------------------------------------------------------------------------

def done_key(page_cell: str | None, search: str, where: str, template: bool) -> str:
    """The identity that carries a Done tick to the next run, from the cells a row shows.

    The writer computes it for each row; a later run computes it again from the old
    workbook's cells (page URL, search string, ``where`` key) and ticks the rows whose
    key it finds. A template row's page cell holds a marker, in the workbook's language,
    so it is not part of the key.

    >>> done_key("https://b.example/p", "mm_1_2_3", "link", False)
    '["page", "https://b.example/p", "link", "mm_1_2_3"]'
    >>> done_key("站点模板", "mm_1_2_3", "script", True) == done_key(None, "mm_1_2_3", "script", True)
    True
    """
    # JSON text of a list (json.dumps's own output, built without its per-call overhead).
    head = ('"template"' if template else f'"page", {encode_basestring(page_cell or "")}')
    return f"[{head}, {encode_basestring(where)}, {encode_basestring(search)}]"


# -- the work list -------------------------------------------------------------------------------

#: The kind whose id-less findings fold into a finding that names the id at the same
#: place (a loader script beside its config).
_LOADER_KINDS = frozenset({"ad-slot code"})
_STATUSES = frozenset({"new", "remaining"})


@dataclass(slots=True)
class _Row:
    """A finding as the work list reads it."""

    finding: Mapping[str, Any]
    page: str
    search: str
    where: str
    link: str
    place: str | None
    line: int | None
    order: int
    has_id: bool


def _source_order(row: _Row) -> tuple[bool, int, int]:
    return (row.line is None, row.line or 0, row.order)


def _fold_loaders(rows: list[_Row]) -> None:
    """Give each id-less loader the search string of the id-naming code at its place."""
    hosts: dict[tuple[str, str | None, Any], _Row] = {}
    loaders: list[_Row] = []
    for row in rows:
        if row.place is None or row.finding.get("kind") not in _LOADER_KINDS:
            continue
        if row.has_id:
            hosts.setdefault((row.page, row.place, row.finding.get("network")), row)
        else:
            loaders.append(row)
    for row in loaders:
        host = hosts.get((row.page, row.place, row.finding.get("network")))
        if host is not None:
            row.search, row.where, row.link = host.search, host.where, host.link


def _status(rows: list[_Row]) -> str | None:
    if len(rows) == 1:
        status = rows[0].finding.get("status")
        return status if status in _STATUSES else None
    statuses = {r.finding.get("status") for r in rows}
    if "new" in statuses:
        return "new"
    return "remaining" if "remaining" in statuses else None


def _mine(rows: list[_Row]) -> bool | None:
    if len(rows) == 1:
        mine = rows[0].finding.get("mine")
        return mine if isinstance(mine, bool) else None
    values = {r.finding.get("mine") for r in rows}
    if True in values:
        return True
    return False if False in values else None


def _item(shown: tuple[str, str], rows: list[_Row], *, template: bool, examples: int,
          done: Collection[str]) -> WorkItem:
    """The row for ``rows``, which the sheet shows as ``shown`` (search string, where)."""
    if len(rows) > 1:
        rows.sort(key=_source_order)
    first = rows[0]
    # The finding that names the most (an id beats a bare loader) speaks for the row.
    lead = (first if first.has_id else next((r for r in rows if r.has_id), first)).finding
    search, where = shown
    if template:
        pages = sorted({r.page for r in rows})
        page_url, count, example_pages = None, len(pages), tuple(pages[:examples])
    else:
        page_url, count, example_pages = first.page, 1, ()
    key = done_key(page_url, search, where, template)
    context = first.finding.get("context") or next(
        (c for r in rows if (c := r.finding.get("context"))), None)
    return WorkItem(
        template=template,
        page_url=page_url,
        pages=count,
        example_pages=example_pages,
        search=search,
        where=where,
        context=context,
        link=first.link,
        line=None if template else first.line,
        network=str(lead.get("network") or ""),
        kind=str(lead.get("kind") or ""),
        rule=str(lead.get("rule") or ""),
        pid=lead.get("pid"),
        member_id=lead.get("member_id"),
        site_id=lead.get("site_id"),
        adzone_id=lead.get("adzone_id"),
        mine=_mine(rows),
        occurrences=len(rows),
        status=_status(rows),
        done=key in done,
        key=key,
    )


def _rows(findings: Iterable[Mapping[str, Any]]) -> list[_Row]:
    """The findings that are work (not removed), each with its search string, where, place."""
    searches: dict[tuple[Any, ...], str] = {}  # the same link recurs on many pages
    rows: list[_Row] = []
    for order, f in enumerate(findings):
        get = f.get
        if get("status") == "removed":
            continue
        link = get("link")
        pid, member_id, site_id, adzone_id = (get("pid"), get("member_id"), get("site_id"),
                                              get("adzone_id"))
        extra = get("extra")
        memo = (link, get("kind"), get("rule"), pid, member_id, site_id, adzone_id,
                *(sorted(extra.items()) if extra else ()))
        search = searches.get(memo)
        if search is None:
            search = searches[memo] = search_for(f)
        path = get("path")
        line = get("line")
        rows.append(_Row(f, str(get("page_url") or ""), search, where_of(str(get("location"))),
                         str(link or ""), place_of(path) if path else None,
                         line if type(line) is int else None, order,  # a bool is no line
                         bool(pid or member_id or site_id or adzone_id)))
    return rows


def work_list(findings: Iterable[Mapping[str, Any]], *, done: Collection[str] = (),
              template_pages: int = 3, examples: int = 5) -> list[WorkItem]:
    """The "To remove" rows for ``findings`` (record rows), in the order the sheet lists them.

    ``done`` holds the keys (:func:`done_key`) of rows ticked Done in the previous
    workbook; ``template_pages`` is how many pages make a template; ``examples`` how
    many of a template's pages its row names. See the module docstring for the rules.
    """
    if template_pages < 2:
        raise ValueError(f"template_pages must be at least 2, got {template_pages}")
    done = frozenset(done)
    rows = _rows(findings)
    _fold_loaders(rows)

    at_place: dict[tuple[str, str], list[_Row]] = {}
    by_page: dict[str, dict[tuple[str, str], list[_Row]]] = {}
    for row in rows:
        if row.place is None:
            by_page.setdefault(row.page, {}).setdefault((row.search, row.where), []).append(row)
        else:
            at_place.setdefault((row.link, row.place), []).append(row)
    templates: dict[tuple[str, str], list[_Row]] = {}
    for group in at_place.values():
        if len(group) >= template_pages and len({r.page for r in group}) >= template_pages:
            # One search string and where for the whole template, its lead finding's
            # (findings of one link may differ in what they name: a hand-edited record).
            lead = next((r for r in group if r.has_id), group[0])
            templates.setdefault((lead.search, lead.where), []).extend(group)
        else:
            for row in group:
                by_page.setdefault(row.page, {}).setdefault((row.search, row.where),
                                                            []).append(row)

    template_items = [_item(shown, group, template=True, examples=examples, done=done)
                      for shown, group in templates.items()]
    template_items.sort(key=lambda i: (-i.pages, -i.occurrences, i.example_pages, i.search))
    page_groups = [[_item(shown, group, template=False, examples=examples, done=done)
                    for shown, group in groups.items()] for groups in by_page.values()]
    page_groups.sort(key=lambda items: (-len(items), -sum(i.occurrences for i in items),
                                        items[0].page_url or ""))
    listed = template_items
    for items in page_groups:
        items.sort(key=lambda i: (i.line is None, i.line or 0, i.search))
        listed.extend(items)
    return listed
