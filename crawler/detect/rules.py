"""Load detection rules from TOML data into small compiled records.

The rules live in ``rules.toml`` beside this module; a user may add their own
file (same schema) with ``load_rules(extra=[path])``.

A user's patterns run on every string of every page, so they are held to what
can be run in linear time: each is compiled with RE2 (no look-around, no
back-references; ``(a+)+$`` is then harmless), and none may match the empty
string (it would match at every character). The shipped patterns need
look-arounds and a back-reference, and are ours: they stay on ``re``, held to
the empty-string rule too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .confidence import CONFIDENCES, HOST_ID_HIDDEN, ID_VISIBLE
from .ids import ID_FORMATS
from .urls import bare_host_pattern

try:  # pragma: no cover - google-re2 is a dependency; its absence refuses user rules
    import re2
except ImportError:  # pragma: no cover
    re2 = None

__all__ = [
    "ConvertedRule",
    "ElementRule",
    "FormRule",
    "RuleError",
    "RuleSet",
    "TextRule",
    "UrlRule",
    "default_rules",
    "load_rules",
]


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class _Base:
    id: str
    network: str
    kind: str
    confidence: str | None
    id_format: str | None

    def confidence_for(self, has_id: bool) -> str:
        if self.confidence:
            return self.confidence
        return ID_VISIBLE if has_id else HOST_ID_HIDDEN


#: Finding fields a rule may fill from other query parameters or path groups.
ID_SLOTS = ("member_id", "site_id", "adzone_id")


@dataclass(frozen=True, slots=True)
class UrlRule(_Base):
    hosts: tuple[str, ...]
    paths: tuple[re.Pattern[str], ...]
    id_params: tuple[str, ...]
    id_pattern: re.Pattern[str] | None
    require_id: bool
    extra_params: tuple[str, ...] = ()
    """Query parameters worth keeping beside the id (relationId, unid …)."""
    id_fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(slot, params)``: a finding field (see :data:`ID_SLOTS`) and the parameters that fill it."""
    require_params: tuple[tuple[tuple[str, str | None], ...], ...] = ()
    """Each entry: alternatives ``(name, value)``, one of which the query must hold
    (``value`` ``None``: any non-empty value; ending in ``*``: a prefix)."""
    id_decode: str | None = None
    """``"base64"``: an id parameter's value is also read base64-decoded (Vipshop's
    redirect.php?url=<base64 JSON naming the ucode>) before ``id_pattern`` applies."""

    def matches_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def matches_path(self, path: str) -> bool:
        return self.path_match(path) is not None

    def path_match(self, path: str) -> re.Match[str] | Literal[True] | None:
        """The match of the first path pattern that matches (its named groups may
        carry ids); ``True`` for a rule without paths; ``None`` when none matches."""
        if not self.paths:
            return True
        for pattern in self.paths:
            m = pattern.search(path)
            if m:
                return m
        return None

    def has_required(self, params: Sequence[tuple[str, str]]) -> bool:
        if not self.require_params:
            return True
        present: dict[str, set[str]] = {}
        for name, value in params:
            if value:
                present.setdefault(name, set()).add(value)
        return all(
            any(name in present and _value_matches(value, present[name])
                for name, value in alternatives)
            for alternatives in self.require_params
        )


def _value_matches(wanted: str | None, values: set[str]) -> bool:
    if wanted is None:
        return True
    if wanted.endswith("*"):
        return any(v.startswith(wanted[:-1]) for v in values)
    return wanted in values


@dataclass(frozen=True, slots=True)
class TextRule(_Base):
    pattern: re.Pattern[str]
    validate: str | None
    near_words: tuple[str, ...]
    triggers: tuple[str, ...]
    """Regexes, one of which must match where the pattern can (near_words count, escaped)."""
    yield_words: tuple[str, ...] = ()
    """Words of another network: a match near one of them is left to later rules…"""
    own_words: tuple[str, ...] = ()
    """…unless one of these words (this network's) stands near it too."""
    id_fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For a match in an attribute: ``(slot, attributes)`` of the same element that fill
    a finding field (an AdSense unit's ``data-ad-slot`` is its ad slot)."""


@dataclass(frozen=True, slots=True)
class FormRule(_Base):
    hosts: tuple[str, ...]
    fields: tuple[str, ...]

    def matches_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


@dataclass(frozen=True, slots=True)
class ElementRule(_Base):
    """An element whose attribute marks an affiliate card or widget with no URL."""

    attr: str
    values: re.Pattern[str]
    id_attr: str | None


@dataclass(frozen=True, slots=True)
class ConvertedRule(_Base):
    attrs: tuple[str, ...]
    config_rule: str
    loader: re.Pattern[str] | None = None
    """Matches the URL of the script that converts the anchors (its presence alone
    makes them affiliate links, even when the config's PID is not on the page)."""


@dataclass(frozen=True)
class RuleSet:
    """All rules, in the order they are tried."""

    url: tuple[UrlRule, ...] = ()
    text: tuple[TextRule, ...] = ()
    form: tuple[FormRule, ...] = ()
    converted: tuple[ConvertedRule, ...] = ()
    element: tuple[ElementRule, ...] = ()
    hosts: frozenset[str] = field(default_factory=frozenset)
    """Every host any URL rule names (used to spot scheme-less links in text)."""

    def __iter__(self) -> Iterator[_Base]:  # every rule, for conventions tests
        yield from self.url
        yield from self.text
        yield from self.form
        yield from self.converted
        yield from self.element

    def ids(self) -> list[str]:
        return [r.id for r in self]

    def url_rules_for(self, host: str) -> tuple[UrlRule, ...]:
        """The URL rules naming ``host`` or a parent domain of it, in rule order.

        Looked up by the host's suffixes, so a URL costs the same however many
        rules there are.
        """
        cache = self._rules_by_host_cache
        rules = cache.get(host)
        if rules is None:
            index = self._url_rule_index
            labels = host.split(".")
            found = {i for k in range(len(labels)) for i in index.get(".".join(labels[k:]), ())}
            rules = tuple(self.url[i] for i in sorted(found))
            if len(cache) < _HOST_CACHE_MAX:
                cache[host] = rules
        return rules

    @cached_property
    def _url_rule_index(self) -> dict[str, tuple[int, ...]]:
        index: dict[str, list[int]] = {}
        for i, rule in enumerate(self.url):
            for host in rule.hosts:
                index.setdefault(host, []).append(i)
        return {host: tuple(ids) for host, ids in index.items()}

    @cached_property
    def _rules_by_host_cache(self) -> dict[str, tuple[UrlRule, ...]]:
        return {}

    @cached_property
    def url_memo(self) -> dict[str, object]:
        """``match.match_url``'s results by URL (bounded there)."""
        return {}

    @cached_property
    def stretch_memo(self) -> dict[str | tuple[str, str], bool]:
        """Whether a rule fires on a stretch of page (``plan._firing``; bounded there)."""
        return {}

    def forget(self) -> None:
        """Drop what the rule set remembers across pages (the benchmark starts each run cold)."""
        self.url_memo.clear()
        self.stretch_memo.clear()

    @cached_property
    def bare_hosts(self) -> re.Pattern[str] | None:
        """Scheme-less links to any host a URL rule names."""
        return bare_host_pattern(self.hosts) if self.hosts else None

    @cached_property
    def trigger_literals(self) -> frozenset[str]:
        """Lower-case substrings that some rule needs (hosts, attribute names …)."""
        literals: set[str] = set()
        for rule in self.url:
            # A URL on a host, or on a subdomain of it, contains the host.
            literals.update(rule.hosts)
        for other in (*self.form, *self.converted):
            literals.update(getattr(other, "hosts", ()) or getattr(other, "attrs", ()))
        literals.update(rule.attr for rule in self.element)
        # Wrappers that hide a URL in base64 (link.segmentfault.com/?enc=…) show
        # no host until decoded.
        literals.add("enc=")
        # …or put it in base64 themselves (/go.html?u=aHR0cHM6Ly9…: base64 of
        # "http" starts so), or percent-encode the dots of its host
        # (s%2Eclick%2Etaobao%2Ecom), which the host literals then miss.
        literals.update(("aHR0c", "%2e"))
        return frozenset(lit.lower() for lit in literals)

    @cached_property
    def trigger_patterns(self) -> tuple[str, ...] | None:
        """The text rules' trigger regexes; ``None`` when a text rule has none."""
        patterns: list[str] = []
        for rule in self.text:
            if not rule.triggers:
                return None
            patterns.extend(rule.triggers)
        return tuple(dict.fromkeys(patterns))


_HOST_CACHE_MAX = 4096  # hosts remembered per rule set; a long crawl meets more

_KNOWN_KEYS = {
    "url": {"id", "network", "kind", "confidence", "id_format", "hosts", "paths", "id_params",
            "id_pattern", "require_id", "extra_params", "id_fields", "require_params", "id_decode"},
    "text": {"id", "network", "kind", "confidence", "id_format", "pattern", "validate",
             "near_words", "triggers", "yield_words", "own_words", "id_fields"},
    "form": {"id", "network", "kind", "confidence", "id_format", "hosts", "fields"},
    "converted": {"id", "network", "kind", "confidence", "id_format", "attrs", "config_rule",
                  "loader"},
    "element": {"id", "network", "kind", "confidence", "id_format", "attr", "values", "id_attr"},
}
VALIDATORS = ("mixed-case",)


def _compile(source: str, rule_id: str, key: str, value: str, *,
             user: bool = False) -> re.Pattern[str]:
    """``value`` compiled: with RE2 for a user's rules (linear time), else with ``re``."""
    where = f"{source}: rule {rule_id!r}: {key} {value!r}"
    try:
        compiled = re.compile(value)
        # Shortest match, in characters; typeshed leaves re's own parser out.
        empty = re._parser.parse(value).getwidth()[0] == 0  # type: ignore[attr-defined]
    except re.error as exc:
        raise RuleError(f"{where} is not a valid regex ({exc})") from None
    if empty:
        raise RuleError(f"{where} can match the empty string, so it would match at every "
                        "character of every page; make it need at least one character "
                        "(e.g. 'a+' rather than 'a*', no lone '^' or '\\b')")
    if not user:
        return compiled
    if re2 is None:  # pragma: no cover
        raise RuleError(f"{where}: rules of your own need the google-re2 package; "
                        "reinstall linkaudit")
    from .prefilter import _to_re2  # prefilter imports this module

    try:
        # An RE2 pattern answers search/finditer/groupindex as re's does.
        pattern: re.Pattern[str] = re2.compile(_to_re2(value), _RE2_OPTIONS)
        return pattern
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        raise RuleError(
            f"{where} cannot be run in linear time ({reason}); rules of your own may not use "
            "look-arounds ((?=, (?!, (?<=, (?<!), back-references ((?P=name), \\1) or "
            "possessive or atomic groups: rewrite it without them"
        ) from None


if re2 is not None:
    _RE2_OPTIONS = re2.Options()
    _RE2_OPTIONS.log_errors = False  # the refusal says why; RE2's own log would repeat it


def _base(source: str, kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{source}: a [[{kind}]] rule has no 'id'; give every rule a unique id")
    unknown = set(raw) - _KNOWN_KEYS[kind]
    if unknown:
        raise RuleError(
            f"{source}: rule {rule_id!r} has unknown key(s) {sorted(unknown)}; "
            f"allowed: {sorted(_KNOWN_KEYS[kind])}"
        )
    for key in ("network", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RuleError(f"{source}: rule {rule_id!r} needs a '{key}'")
    confidence = raw.get("confidence")
    if confidence is not None and confidence not in CONFIDENCES:
        raise RuleError(f"{source}: rule {rule_id!r}: confidence must be one of {CONFIDENCES}")
    id_format = raw.get("id_format")
    if id_format is not None and id_format not in ID_FORMATS:
        raise RuleError(
            f"{source}: rule {rule_id!r}: id_format {id_format!r} unknown; use one of "
            f"{sorted(ID_FORMATS)}"
        )
    return {
        "id": rule_id,
        "network": raw["network"],
        "kind": raw["kind"],
        "confidence": confidence,
        "id_format": id_format,
    }


def _triggers(source: str, rule_id: str, raw: dict[str, Any], user: bool) -> tuple[str, ...]:
    given = _strs(raw, "triggers")
    for trigger in given:
        _compile(source, rule_id, "triggers", trigger, user=user)
    return given or tuple(re.escape(word) for word in _strs(raw, "near_words"))


def _id_fields(source: str, rule_id: str,
               raw: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = raw.get("id_fields", {})
    if not isinstance(value, dict):
        raise RuleError(f"{source}: rule {rule_id!r}: id_fields must be a table such as "
                        '{ site_id = ["siteId"] }')
    unknown = set(value) - set(ID_SLOTS)
    if unknown:
        raise RuleError(f"{source}: rule {rule_id!r}: id_fields names unknown field(s) "
                        f"{sorted(unknown)}; use {list(ID_SLOTS)}")
    return tuple((slot, _strs(value, slot)) for slot in ID_SLOTS if slot in value)


def _require_params(source: str, rule_id: str,
                    raw: dict[str, Any]) -> tuple[tuple[tuple[str, str | None], ...], ...]:
    required = []
    for entry in _strs(raw, "require_params"):
        alternatives = []
        for alternative in entry.split("|"):
            name, sep, value = alternative.strip().partition("=")
            if not name:
                raise RuleError(f"{source}: rule {rule_id!r}: require_params entry {entry!r} "
                                'names no parameter; write "name", "name=value" or "a|b"')
            alternatives.append((name, value if sep else None))
        required.append(tuple(alternatives))
    return tuple(required)


def _strs(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    return tuple(str(v) for v in value)


ID_DECODINGS = ("base64",)


def _id_decode(source: str, rule_id: str, raw: dict[str, Any]) -> str | None:
    value = raw.get("id_decode")
    if value is not None and value not in ID_DECODINGS:
        raise RuleError(f"{source}: rule {rule_id!r}: id_decode must be one of {ID_DECODINGS}")
    return value


def _parse(source: str, data: dict[str, Any], *, user: bool) -> RuleSet:
    """The rules of one file; ``user``: a user's file, whose patterns must compile with RE2."""
    unknown_tables = set(data) - set(_KNOWN_KEYS)
    if unknown_tables:
        raise RuleError(
            f"{source}: unknown rule table(s) {sorted(unknown_tables)}; "
            "use [[url]], [[text]], [[form]], [[converted]] or [[element]]"
        )
    url, text, form, converted, element = [], [], [], [], []
    for raw in data.get("url", []):
        base = _base(source, "url", raw)
        hosts = tuple(h.lower() for h in _strs(raw, "hosts"))
        if not hosts:
            raise RuleError(f"{source}: rule {base['id']!r} needs 'hosts'")
        pattern = raw.get("id_pattern")
        url.append(UrlRule(
            **base,
            hosts=hosts,
            paths=tuple(_compile(source, base["id"], "paths", p, user=user) for p in _strs(raw, "paths")),
            id_params=_strs(raw, "id_params"),
            id_pattern=_compile(source, base["id"], "id_pattern", pattern, user=user) if pattern else None,
            require_id=bool(raw.get("require_id", False)),
            extra_params=_strs(raw, "extra_params"),
            id_fields=_id_fields(source, base["id"], raw),
            require_params=_require_params(source, base["id"], raw),
            id_decode=_id_decode(source, base["id"], raw),
        ))
    for raw in data.get("text", []):
        base = _base(source, "text", raw)
        if "pattern" not in raw:
            raise RuleError(f"{source}: rule {base['id']!r} needs a 'pattern'")
        validate = raw.get("validate")
        if validate is not None and validate not in VALIDATORS:
            raise RuleError(f"{source}: rule {base['id']!r}: validate must be one of {VALIDATORS}")
        text.append(TextRule(
            **base,
            pattern=_compile(source, base["id"], "pattern", raw["pattern"], user=user),
            validate=validate,
            near_words=_strs(raw, "near_words"),
            triggers=_triggers(source, base["id"], raw, user),
            yield_words=_strs(raw, "yield_words"),
            own_words=_strs(raw, "own_words"),
            id_fields=_id_fields(source, base["id"], raw),
        ))
    for raw in data.get("form", []):
        base = _base(source, "form", raw)
        form.append(FormRule(**base, hosts=_strs(raw, "hosts"), fields=_strs(raw, "fields")))
    for raw in data.get("converted", []):
        base = _base(source, "converted", raw)
        converted.append(ConvertedRule(
            **base, attrs=_strs(raw, "attrs"), config_rule=str(raw.get("config_rule", "")),
            loader=(_compile(source, base["id"], "loader", raw["loader"], user=user) if "loader" in raw
                    else None),
        ))
    for raw in data.get("element", []):
        base = _base(source, "element", raw)
        if not raw.get("attr") or not raw.get("values"):
            raise RuleError(f"{source}: rule {base['id']!r} needs 'attr' and 'values'")
        element.append(ElementRule(
            **base, attr=str(raw["attr"]).lower(),
            values=_compile(source, base["id"], "values", raw["values"], user=user),
            id_attr=raw.get("id_attr"),
        ))
    return RuleSet(tuple(url), tuple(text), tuple(form), tuple(converted), tuple(element))


def _merge(sets: Sequence[RuleSet]) -> RuleSet:
    merged = RuleSet(
        url=tuple(r for s in sets for r in s.url),
        text=tuple(r for s in sets for r in s.text),
        form=tuple(r for s in sets for r in s.form),
        converted=tuple(r for s in sets for r in s.converted),
        element=tuple(r for s in sets for r in s.element),
    )
    seen: set[str] = set()
    for rule_id in merged.ids():
        if rule_id in seen:
            raise RuleError(f"rule id {rule_id!r} is defined twice; rule ids must be unique")
        seen.add(rule_id)
    hosts = frozenset(h for r in merged.url for h in r.hosts)
    return RuleSet(merged.url, merged.text, merged.form, merged.converted, merged.element, hosts)


def _read(path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rules file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: not a valid TOML rules file ({exc})") from None
    return _parse(str(path), data, user=True)


#: Shipped rule files, in the order their rules are tried.
SHIPPED = ("rules.toml", "networks.toml")


@cache
def default_rules() -> RuleSet:
    """The rules shipped with linkaudit."""
    sets = []
    for name in SHIPPED:
        resource = resources.files(__package__).joinpath(name)
        if resource.is_file():
            sets.append(_parse(name, tomllib.loads(resource.read_text(encoding="utf-8")),
                              user=False))
    return _merge(sets)


def load_rules(extra: Iterable[str | Path] = ()) -> RuleSet:
    """The shipped rules, followed by the rules of each file in ``extra``.

    User rules come after the shipped ones, so they add detections rather than
    override them.
    """
    paths = [Path(p) for p in extra]
    if not paths:
        return default_rules()
    return _merge([default_rules(), *(_read(p) for p in paths)])
