"""Match one string (an attribute value, a script, a text node) against the rules."""

from __future__ import annotations

import base64
import dataclasses
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import unquote

from .ids import ParsedId, is_sample_value, parse_id
from .prefilter import prefilter_for
from .rules import ID_SLOTS, ConvertedRule, ElementRule, FormRule, RuleSet, TextRule, UrlRule
from .spans import SpanIndex
from .urls import decode_js, find_urls, host_and_path, query_params, unwrap

__all__ = ["Hit", "match_url", "scan_string"]

_NEAR = 80  # how far (in characters) a rule's near_words may stand from its match


@dataclass(slots=True)
class Hit:
    """A rule match inside one string, before it is placed on a page."""

    start: int
    end: int
    rule: UrlRule | TextRule | FormRule | ElementRule | ConvertedRule
    link: str
    unwrapped: str | None
    ids: ParsedId | None
    text: str
    """The (decoded) string the offsets refer to."""
    extra: dict[str, str] | None = None

    @classmethod
    def whole(cls, rule: FormRule | ElementRule | ConvertedRule, link: str,
              ids: ParsedId | None = None, extra: dict[str, str] | None = None) -> Hit:
        """A hit that is the whole of ``link`` (a form, a card, a converted anchor)."""
        return cls(0, len(link), rule, link, None, ids, link, extra)

    @property
    def pid(self) -> str | None:
        return self.ids.pid if self.ids else None

    def key(self) -> tuple[str, ...]:
        """What makes two hits the same link: its PID for ad-slot code, else the URL."""
        if self.rule.kind == "ad-slot code" and self.pid:
            return (self.rule.network, self.pid)
        target = (self.unwrapped or self.link).lower()
        return (self.rule.network, self.rule.kind, target.split("//", 1)[-1])


def _id_from_params(rule: UrlRule, params: Sequence[tuple[str, str]]) -> ParsedId | None:
    wanted = rule.id_params
    for name, value in params:
        if name not in wanted:
            continue
        if rule.id_pattern is not None:
            m = rule.id_pattern.search(value) or rule.id_pattern.search(unquote(value))
            if not m and rule.id_decode == "base64":
                decoded = _base64_text(unquote(value))
                m = rule.id_pattern.search(decoded) if decoded else None
            if not m:
                continue
            value = m.group(1)
        parsed = parse_id(rule.id_format, value)
        if parsed:
            return parsed
    return None


def _base64_text(value: str) -> str | None:
    """``value`` base64-decoded (standard or URL-safe, padding optional) as UTF-8 text."""
    padded = value.strip() + "=" * (-len(value.strip()) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            return decode(padded).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
    return None


def _with_slots(ids: ParsedId | None, slots: dict[str, str]) -> ParsedId | None:
    """``ids`` with the empty fields filled from ``slots``; a slot alone is an id too."""
    if not slots:
        return ids
    if ids is None:
        # With no id parameter, the broadest account level shown stands for the id.
        return ParsedId(pid=next(slots[s] for s in ID_SLOTS if s in slots), **slots)
    fill = {slot: value for slot, value in slots.items() if getattr(ids, slot) is None}
    return dataclasses.replace(ids, **fill) if fill else ids


def _path_ids(
    rule: UrlRule, m: re.Match[str] | Literal[True],
) -> tuple[ParsedId | None, dict[str, str], dict[str, str]]:
    """Ids in a path pattern's named groups: ``pid``, the slots, and others kept as extra."""
    if m is True or not m.re.groupindex:
        return None, {}, {}
    ids = None
    slots: dict[str, str] = {}
    extra: dict[str, str] = {}
    for name, value in m.groupdict().items():
        if not value:
            continue
        if name == "pid":
            ids = parse_id(rule.id_format, value) if rule.id_format else (
                None if is_sample_value(value) else ParsedId(pid=value))
        elif name in ID_SLOTS:
            if not is_sample_value(value):
                slots[name] = value
        else:
            extra[name] = value
    return ids, slots, extra


def _param_slots(rule: UrlRule, params: Sequence[tuple[str, str]]) -> dict[str, str]:
    slots: dict[str, str] = {}
    for slot, names in rule.id_fields:
        value = next((v.strip() for k, v in params if k in names and v.strip()), None)
        if value and not is_sample_value(value):
            slots[slot] = value
    return slots


def _match_layer(layer: str, rules: RuleSet) -> tuple[UrlRule, ParsedId | None, dict[str, str]] | None:
    host, path = host_and_path(layer)  # where a browser goes, whatever the spelling
    if not host:
        return None
    params: Sequence[tuple[str, str]] | None = None
    for rule in rules.url_rules_for(host):
        path_m = rule.path_match(path)
        if path_m is None:
            continue
        if params is None and (rule.id_params or rule.require_params or rule.id_fields
                               or rule.extra_params):
            params = query_params(layer)
        if rule.require_params and not rule.has_required(params or []):
            continue
        ids = _id_from_params(rule, params) if rule.id_params and params else None
        path_ids, slots, extra = _path_ids(rule, path_m)
        ids = ids or path_ids
        if rule.id_fields and params:
            slots = {**_param_slots(rule, params), **slots}
        ids = _with_slots(ids, slots)
        if rule.require_id and ids is None:
            continue
        if rule.extra_params and params:
            extra = {**{k: v for k, v in params if k in rule.extra_params and v}, **extra}
        return rule, ids, extra
    return None


_Match = tuple[UrlRule, str, ParsedId | None, dict[str, str]]
_MEMO_MAX = 8192  # URLs remembered per rule set (a site repeats its links on every page)


def match_url(url: str, rules: RuleSet) -> _Match | None:
    """The affiliate rule ``url`` (or a URL wrapped inside it) matches.

    Returns ``(rule, matched_layer, ids, extra)``. Where several layers match, the
    first one with a visible id wins, else the outermost. Results are
    remembered: treat the returned ``extra`` as read-only.

    >>> from crawler.detect.rules import default_rules
    >>> rule, layer, ids, extra = match_url(
    ...     "https://link.zhihu.com/?target=https%3A//s.click.taobao.com/t%3Fe%3Dx", default_rules())
    >>> rule.id, layer
    ('taobao-click', 'https://s.click.taobao.com/t?e=x')
    """
    memo = cast("dict[str, _Match | None]", rules.url_memo)  # kept untyped by rules.py
    if url in memo:
        return memo[url]
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[url] = matched = _match_url(url, rules)
    return matched


def _match_url(url: str, rules: RuleSet) -> _Match | None:
    best: _Match | None = None
    for layer in unwrap(url, rules.bare_hosts):
        matched = _match_layer(layer, rules)
        if matched is None:
            continue
        rule, ids, extra = matched
        if ids is not None:
            return rule, layer, ids, extra
        if best is None:
            best = (rule, layer, ids, extra)
    return best


def _valid(rule: TextRule, token: str) -> bool:
    if rule.validate == "mixed-case":
        return any(c.isupper() for c in token) and any(c.islower() for c in token)
    return True


def _near(words: tuple[str, ...], text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _NEAR): end + _NEAR]
    return any(word in window for word in words)


def _claims(rule: TextRule, text: str, start: int, end: int) -> bool:
    """Whether the context lets ``rule`` take a match (its words near, no other network's)."""
    if rule.near_words and not _near(rule.near_words, text, start, end):
        return False
    return not (rule.yield_words and _near(rule.yield_words, text, start, end)
                and not _near(rule.own_words, text, start, end))


def scan_string(text: str, rules: RuleSet, *, every_rule: bool = False) -> list[Hit]:
    """Every affiliate link, ad-slot snippet and token in ``text``, in order.

    ``text`` may be markup-escaped (``&amp;``) or JS-escaped (``\\/``, ``\\u0026``);
    both are undone first, so offsets refer to ``Hit.text``. Only the rules
    whose triggers occur in the decoded text run, unless ``every_rule``.
    """
    text = decode_js(text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    prefilter = None if every_rule else prefilter_for(rules)
    if prefilter is None:
        find_links, text_rules = True, rules.text
    else:
        selection = prefilter.select(text)
        find_links, text_rules = selection.urls, selection.text
    hosts_in = None if prefilter is None else (lambda rest: prefilter.select(rest).urls)
    for start, end in find_urls(text, rules.bare_hosts, hosts_in=hosts_in) if find_links else ():
        url = text[start:end]
        matched = match_url(url, rules)
        if matched is None:
            continue
        url_rule, layer, ids, extra = matched
        hits.append(Hit(start, end, url_rule, url, layer if layer != url else None, ids, text,
                        extra or None))
        taken.append((start, end))
    for rule in text_rules:
        # A rule's own matches never overlap one another (finditer), so what it
        # must keep clear of is fixed before it runs.
        clear_of = SpanIndex(taken)
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if clear_of.overlaps(start, end):
                continue
            groups = m.groupdict()
            # token, token2 …: the token, in whichever alternative matched.
            token = next((v for k, v in groups.items() if v and k.startswith("token")), None)
            if token is not None and not _valid(rule, token):
                continue
            if not _claims(rule, text, start, end):
                continue
            ids = None
            if groups.get("pid"):
                # Without an id_format (a user's custom rule) the capture is the id as is.
                ids = (parse_id(rule.id_format, groups["pid"]) if rule.id_format
                       else ParsedId(pid=groups["pid"]))
                if ids is None:  # a placeholder such as mm_0_0_0
                    continue
            # A token is the id a share text carries: kept beside the finding.
            hits.append(Hit(start, end, rule, m.group(0), None, ids, text,
                            {"token": token} if token is not None else None))
            taken.append((start, end))
    hits.sort(key=lambda h: h.start)
    return _dedupe_ad_slots(hits)


def _dedupe_ad_slots(hits: list[Hit]) -> list[Hit]:
    # One ad-slot snippet names its PID several times (element id, iframe src,
    # script variable) and often its loader script too; it is one thing to remove.
    with_pid = any(h.rule.kind == "ad-slot code" and h.pid for h in hits)
    seen: set[tuple[str, ...]] = set()
    kept = []
    for hit in hits:
        if hit.rule.kind == "ad-slot code":
            if with_pid and not hit.pid:
                continue
            key = hit.key()
            if key in seen:
                continue
            seen.add(key)
        kept.append(hit)
    return kept
