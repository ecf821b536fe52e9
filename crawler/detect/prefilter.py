"""Where in a page any rule could match: one pass of a DFA over the whole document.

Every rule names *triggers* (hosts, words, token shapes) that must occur
wherever it can match. Testing 150-odd case-insensitive triggers with
Python's backtracking ``re`` costs several times the parse of the page; RE2
runs them as one automaton in a single linear pass (about 300 MB/s here), so
a page with no trigger costs little more than its parse, and a page with one
is scanned only where the trigger sits (see ``page.py``).

RE2 understands a subset of Python's syntax. A trigger it cannot compile (a
look-around in a user's ``--rules`` file, say) is run with ``re`` in a
separate pass, so a rule never goes unseen; without the ``google-re2``
package every trigger runs that way, slower but the same.
"""

from __future__ import annotations

import re
from functools import cached_property

from .rules import RuleSet

try:  # pragma: no cover - which branch runs depends on the platform's wheels
    import re2
except ImportError:  # pragma: no cover
    re2 = None

__all__ = ["Prefilter", "prefilter_for"]

_FLAGS = re.IGNORECASE | re.ASCII  # ASCII-only case folding, as the rules use
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _to_re2(pattern: str) -> str:
    r"""``pattern`` in RE2's spelling: ``\uXXXX`` becomes ``\x{XXXX}``.

    >>> _to_re2(r"[\u4e00-\u9fff]x\\u")
    '[\\x{4e00}-\\x{9fff}]x\\\\u'
    """
    return _UNICODE_ESCAPE.sub(lambda m: f"{m.group(1)}\\x{{{m.group(2) or m.group(3)}}}", pattern)


class Prefilter:
    """All of a rule set's triggers, searchable in one pass."""

    def __init__(self, literals: frozenset[str], patterns: tuple[str, ...]) -> None:
        alternatives = [re.escape(lit) for lit in sorted(literals, key=lambda s: (-len(s), s))]
        alternatives += patterns
        self._automaton = None
        self._python: list[re.Pattern[str]] = []
        self._alternatives = tuple(alternatives)
        # A trigger that holds a character HTML escapes (&pid=) may be spelled
        # &amp;pid= in the raw page.
        self.reads_escaped = any(c in alt for alt in alternatives for c in "&<>\"'")
        if re2 is not None:
            supported = [p for p in alternatives if _re2_compiles(p)]
            if supported:
                # (?i) folds Unicode too (K matches the Kelvin sign): a trigger that
                # fires a little more often than the rule's own ASCII folding is harmless.
                source = "(?i)(?:" + "|".join(map(_to_re2, supported)) + ")"
                self._automaton = re2.compile(source.encode("utf-8"))
                self._automaton_str = re2.compile(source)
            alternatives = [p for p in alternatives if p not in supported]
        if alternatives:
            self._python.append(re.compile("|".join(alternatives), _FLAGS))

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

    def byte_spans(self, data: bytes) -> list[tuple[int, int]] | None:
        """Byte offsets of every trigger match in UTF-8 ``data``; ``None`` when some
        trigger runs outside RE2 (its offsets would count characters)."""
        if self._automaton is None or self._python:
            return None
        return [m.span() for m in self._automaton.finditer(data)]

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

    @cached_property
    def _everything(self) -> re.Pattern[str]:
        # RE2 reads UTF-8, in which a lone surrogate (from a broken page) has no form.
        return re.compile("|".join(self._alternatives), _FLAGS)


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
        patterns = rules.trigger_patterns
        cache["_prefilter"] = (None if patterns is None
                               else Prefilter(rules.trigger_literals, tuple(patterns)))
    return cache["_prefilter"]
