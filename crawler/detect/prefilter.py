"""Where in a page any rule could match, and which rules a string needs.

Every rule names *triggers* (hosts, words, token shapes) that must occur
wherever it can match. Testing 150-odd case-insensitive triggers with
Python's backtracking ``re`` costs several times the parse of the page; RE2
runs them as one automaton in a single linear pass (about 500 MB/s here), so
a page with no trigger costs little more than its parse, and a page with one
is scanned only where the trigger sits (see ``page.py``).

The same triggers, kept apart in an RE2 set, say which rules a single string
can hold: a string with ``item.taobao.com`` in it needs the URL rules but none
of the seventeen token and ad-code patterns, each of which would otherwise
try to match at every position of it (see ``scan.py``).

RE2 understands a subset of Python's syntax. A trigger it cannot compile (a
shipped one with a look-around; a user's must compile, see ``rules.py``) is run
with ``re`` in a separate pass, so a rule never goes unseen; without the ``google-re2``
package every trigger runs that way, slower but the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from . import charrefs
from .rules import RuleSet, TextRule

try:  # pragma: no cover - which branch runs depends on the platform's wheels
    import re2
except ImportError:  # pragma: no cover
    re2 = None

__all__ = ["HIDDEN_HOST", "PageMatches", "Prefilter", "Selection", "prefilter_for"]

_FLAGS = re.IGNORECASE | re.ASCII  # ASCII-only case folding, as the rules use
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")
_URLS = -1  # consumer id of the URL rules (text rules are numbered from 0)
#: A link's host spelt so that a browser reads a name the host literals miss:
#: with a percent escape (taoba%6F.com), a tab or newline (also as a character
#: reference, tao&#9;bao.com), or a non-ASCII character (full-width letters, "。")
#: in it. Only after "scheme:" or a quote or "=" (matched as "not a space, letter,
#: digit or slash": a quote here would make the prefilter take every page for one
#: with character references): "//注释" in a script is a comment.
HIDDEN_HOST = r"[^\sA-Za-z0-9/\\][/\\]{2}[A-Za-z0-9.-]*(?:%[0-9A-Fa-f]{2}|[\t\n\r]|&#|[^\x00-\x7f])"


def _to_re2(pattern: str) -> str:
    r"""``pattern`` in RE2's spelling: ``\uXXXX`` becomes ``\x{XXXX}``.

    >>> _to_re2(r"[\u4e00-\u9fff]x\\u")
    '[\\x{4e00}-\\x{9fff}]x\\\\u'
    """
    return _UNICODE_ESCAPE.sub(lambda m: f"{m.group(1)}\\x{{{m.group(2) or m.group(3)}}}", pattern)


@dataclass(frozen=True, slots=True)
class PageMatches:
    """What one pass over a page found."""

    spans: list[tuple[int, int]]
    """Byte offsets of every (non-overlapping) trigger match."""
    forms: bool
    """Whether a ``<form>`` tag occurs: form rules read a form's inputs with it."""
    references: bool
    """Whether a character reference may spell part of a trigger (``taobao&#46;com``):
    the parsed strings may then hold triggers the raw page does not show."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The rules worth running on one string."""

    urls: bool
    """Whether a host some URL rule names (or a base64 wrapper) occurs."""
    text: tuple[TextRule, ...]
    """The text rules whose triggers occur, in rule order."""


class Prefilter:
    """All of a rule set's triggers, searchable in one pass."""

    def __init__(self, triggers: dict[str, frozenset[int]], text_rules: tuple[TextRule, ...]) -> None:
        """``triggers``: each trigger regex and the ids of the rules that need it
        (``-1`` for the URL rules, else an index into ``text_rules``)."""
        alternatives = sorted(triggers, key=lambda s: (-len(s), s))
        self._text_rules = text_rules
        self._automaton = None
        self._set = None
        self._forms_unknown = True
        self._python: list[re.Pattern[str]] = []
        self._alternatives = tuple(alternatives)
        self._owners = triggers
        # A trigger that holds a character HTML escapes (&pid=) may be spelled
        # &amp;pid= in the raw page.
        # (HIDDEN_HOST reads "&#" as written: a reference inside a host is its point.)
        self.reads_escaped = any(c in alt for alt in alternatives if alt != HIDDEN_HOST
                                 for c in "&<>\"'")
        in_set: list[frozenset[int]] = []  # the rules needing each set entry, by index
        outside: list[tuple[re.Pattern[str], frozenset[int]]] = []
        supported = []
        if re2 is not None:
            options = re2.Options()
            options.case_sensitive = False  # folds Unicode too: a trigger may fire a little more often
            options.never_capture = True
            options.max_mem = 64 << 20
            rset = re2.Set.SearchSet(options)
            for alt in alternatives:
                if _re2_compiles(alt):
                    supported.append(alt)
                    rset.Add(_to_re2(alt))
                    in_set.append(triggers[alt])
            if supported:
                rset.Compile()
                self._set = rset._set  # the C++ set: no per-call wrapper
                source = "(?i)(?:" + "|".join(map(_to_re2, supported)) + ")"
                self._automaton = re2.compile(source.encode("utf-8"), options)
                self._automaton_str = re2.compile(source, options)
                # The page pass folds ASCII letters only (and the Kelvin sign, which
                # a host's lower() turns into k): RE2's full Unicode folding adds
                # states that cost a tenth of the pass. Shapes stay (?i).
                source = "(?:" + "|".join(map(_ascii_folded, supported)) + ")"
                options = re2.Options()
                options.never_capture = True
                options.max_mem = 64 << 20
                # The same, with form tags and character references that may
                # spell a trigger marked (last: a trigger wins where both match).
                # A trigger holding "<" or "&" could hide those: every page is
                # then taken to hold them, the safe side.
                self._forms_unknown = any("<" in alt for alt in supported)
                marks = [] if self._forms_unknown else [_FORM_TAG]
                if not self.reads_escaped:
                    marks.append(charrefs.REFERENCE)
                marked = source[:-1] + "".join("|" + mark for mark in marks) + ")"
                self._page_automaton = re2.compile(marked.encode("utf-8"), options)
        taken = set(supported)
        rest = [p for p in alternatives if p not in taken]
        for alt in rest:
            outside.append((re.compile(alt, _FLAGS), triggers[alt]))
        if rest:
            self._python.append(re.compile("|".join(rest), _FLAGS))
        self._in_set = tuple(in_set)
        self._outside = tuple(outside)
        self._selections: dict[tuple[int, ...], Selection] = {}

    # -- the page --------------------------------------------------------------------

    def spans(self, data: bytes) -> PageMatches | None:
        """Where triggers match in UTF-8 ``data``, in one pass (see PageMatches);
        ``None`` when some trigger runs outside RE2 (its offsets would count characters)."""
        if self._automaton is None or self._python:
            return None
        spans: list[tuple[int, int]] = []
        forms, references = self._forms_unknown, self.reads_escaped
        for m in self._page_automaton.finditer(data):
            span = m.span()
            first = data[span[0]]
            if first == 0x3C and not self._forms_unknown:  # "<": a form tag
                forms = True
            elif first == 0x26 and not self.reads_escaped:  # "&": a character reference
                references = references or charrefs.spells(m.group().decode("ascii"))
            else:
                spans.append(span)
        return PageMatches(spans, forms, references)

    def matches(self, text: str, data: bytes | None = None) -> list[str]:
        """Every (non-overlapping) trigger match in ``text`` (``data``: its UTF-8), as matched."""
        found: list[str] = []
        if self._automaton is not None:
            # Bytes in, bytes out: RE2's str interface would map every match's
            # byte offsets back to character offsets, which costs more than the
            # scan. "surrogatepass" keeps a broken page's lone surrogates scannable.
            if data is None:
                data = text.encode("utf-8", "surrogatepass")
            found = [m.group().decode("utf-8", "surrogatepass")
                     for m in self._automaton.finditer(data)]
        for pattern in self._python:
            found.extend(m.group() for m in pattern.finditer(text))
        return found

    def search(self, text: str) -> bool:
        """Whether any trigger occurs in ``text``."""
        python = self._python
        if self._automaton is not None:
            try:
                if self._automaton_str.search(text) is not None:
                    return True
            except UnicodeEncodeError:
                python = [self._everything]
        return any(p.search(text) for p in python)

    # -- one string ------------------------------------------------------------------

    def select(self, text: str) -> Selection:
        """The rules whose triggers occur in ``text`` (already decoded)."""
        key: tuple[int, ...] = ()
        if self._set is not None:
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
                return self._selection({c for alt, owners in self._owners.items()
                                        if self._compiled(alt).search(text) for c in owners})
            key = tuple(self._set.Match(data))
        if self._outside:
            key += tuple(-1 - j for j, (pattern, _) in enumerate(self._outside)
                         if pattern.search(text))
        selection = self._selections.get(key)
        if selection is None:
            consumers: set[int] = set()
            for i in key:
                consumers |= self._in_set[i] if i >= 0 else self._outside[-1 - i][1]
            selection = self._selections[key] = self._selection(consumers)
        return selection

    def _selection(self, consumers: set[int]) -> Selection:
        return Selection(_URLS in consumers,
                         tuple(r for i, r in enumerate(self._text_rules) if i in consumers))

    def _compiled(self, alternative: str) -> re.Pattern[str]:
        return re.compile(alternative, _FLAGS)  # re caches compiled patterns

    @cached_property
    def _everything(self) -> re.Pattern[str]:
        # RE2 reads UTF-8, in which a lone surrogate (from a broken page) has no form.
        return re.compile("|".join(self._alternatives), _FLAGS)


_FORM_TAG = r"(?i:<form[\s>/])"
_METACHARACTERS = frozenset(".^$*+?{}[]|()")
_FOLDS = {"k": "[kK\\x{212A}]"}  # "\u212a".lower() == "k"


def _ascii_folded(pattern: str) -> str:
    r"""``pattern`` in RE2's spelling, matching ASCII letters in either case.

    >>> _ascii_folded(r"tb\.cn"), _ascii_folded(r"[¥￥]x"), _ascii_folded("tk")
    ('[tT][bB]\\.[cC][nN]', '(?i:[¥￥]x)', '[tT][kK\\x{212A}]')
    """
    text = _literal_text(pattern)
    if text is None:
        return f"(?i:{_to_re2(pattern)})"
    return "".join(_FOLDS.get(c.lower(), f"[{c.lower()}{c.upper()}]") if c.isascii() and c.isalpha()
                   else re.escape(c) for c in text)


def _literal_text(pattern: str) -> str | None:
    """The text ``pattern`` matches when it is plain text (escapes allowed), else ``None``."""
    chars = []
    escaped = False
    for c in pattern:
        if escaped:
            if c.isalnum():
                return None  # \d, \s, \u…: a class, not a character
            chars.append(c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in _METACHARACTERS:
            return None
        else:
            chars.append(c)
    return None if escaped else "".join(chars)


def _re2_compiles(pattern: str) -> bool:
    try:
        re2.compile(_to_re2(pattern))
    except Exception:  # re2.error: syntax RE2 lacks (look-arounds, back-references)
        return False
    return True


def prefilter_for(rules: RuleSet) -> Prefilter | None:
    """The prefilter of ``rules``, built once per rule set; ``None`` when a rule has no triggers
    (every string must then be scanned)."""
    cache = rules.__dict__  # RuleSet is frozen; its __dict__ is where cached_property keeps values too
    if "_prefilter" not in cache:
        cache["_prefilter"] = None if rules.trigger_patterns is None else Prefilter(
            _triggers_of(rules), rules.text)
    prefilter: Prefilter | None = cache["_prefilter"]
    return prefilter


def _triggers_of(rules: RuleSet) -> dict[str, frozenset[int]]:
    """Each trigger regex and the rules that need it (``-1``: the URL rules)."""
    owners: dict[str, set[int]] = {}
    for literal in rules.trigger_literals:
        owners.setdefault(re.escape(literal), set()).add(_URLS)
    owners.setdefault(HIDDEN_HOST, set()).add(_URLS)
    for i, rule in enumerate(rules.text):
        for trigger in rule.triggers:
            owners.setdefault(trigger, set()).add(i)
    return {alt: frozenset(ids) for alt, ids in owners.items()}
