"""Character references that could spell part of a trigger (``taobao&#46;com``).

A page's strings are parsed with their references decoded, but the prefilter
reads the raw page: a reference that stands for a character a trigger may
hold can hide that trigger from it. ``&copy;``, ``&nbsp;`` or ``it&#x27;s``
spell none, and most pages hold only such ones.
"""

from __future__ import annotations

import re
import unicodedata
from html import entities as html_entities

__all__ = ["REFERENCE", "SPELLING_NAMES", "may_hide", "spells"]


def _may_spell_a_trigger(char: str) -> bool:
    # Triggers are hosts, words, ids and tokens: letters, digits, URL punctuation,
    # currency signs (￥…￥).
    return char.isalnum() or char in "./:_-=?%#~+!$()[]{}@,|*^`;\\" or (
        unicodedata.category(char) == "Sc")


#: Named references (without "&" and ";") whose text may spell part of a trigger.
SPELLING_NAMES = frozenset(
    name[:-1] for name, value in html_entities.html5.items()
    if name.endswith(";") and all(map(_may_spell_a_trigger, value)))
#: A numeric reference, or a named one that may spell a trigger (as a regex source).
REFERENCE = (r"&(?:#[xX][0-9a-fA-F]{1,6};?|#[0-9]{1,7};?|(?:"
             + "|".join(sorted(SPELLING_NAMES, key=lambda n: (-len(n), n))) + r");)")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}))")
# Any name, checked against the list after the match: one alternation of the
# names costs Python's re more than the rest of the test.
_ANY = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6});?|#(\d{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)")


def spells(reference: str) -> bool:
    """Whether a reference matched by :data:`REFERENCE` may spell part of a trigger.

    >>> spells("&#46;"), spells("&#x27;"), spells("&period;")
    (True, False, True)
    """
    m = _NUMERIC.match(reference)
    if m is None:
        return True  # a named one: REFERENCE names only those that may
    number = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return 0 < number <= 0x10FFFF and _may_spell_a_trigger(chr(number))


def may_hide(document: str) -> bool:
    """Whether a character reference in ``document`` could spell part of a trigger."""
    if "&" not in document:
        return False
    for m in _ANY.finditer(document):
        code = m.group(1) or m.group(2)
        if code is None:
            if m.group(3) in SPELLING_NAMES:
                return True  # a named reference such as &period;
            continue
        number = int(code, 16 if m.group(1) else 10)
        if 0 < number <= 0x10FFFF and _may_spell_a_trigger(chr(number)):
            return True
    return False
