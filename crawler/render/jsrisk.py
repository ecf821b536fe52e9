"""Whether a page read without a browser builds part of its content from script.

A page that inserts markup from an inline script (``document.write``, ``innerHTML``,
``insertAdjacentHTML``, a created ``<a>`` appended to the DOM) may hold links that
only exist after its JavaScript runs: reading the HTML misses them, rendering
(``--render``) does not. Pure: a function of the HTML text. Empty app shells
(a bare ``<div id="app">``) are told apart elsewhere, as pages that could not be
audited; here only the "script inserts content" case is named.
"""

from __future__ import annotations

import re

__all__ = ["NOT_RENDERED_NOTE", "inserts_content", "not_rendered_note"]

NOT_RENDERED_NOTE = ("not rendered: the page builds content with JavaScript ({how}); links it "
                     "inserts were not seen (re-run with --render)")

# Cheap gate: pages without any of these words skip the script scan.
# Case-sensitive like JavaScript's names: about 7x cheaper over a whole page than
# IGNORECASE, which disables re's literal search.
_GATE = re.compile(r"write|innerHTML|outerHTML|insertAdjacent|createElement|\.html\(|\.append\(")

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTR = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE_ATTR = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Script types a browser runs; anything else (JSON-LD, templates, text/plain) is data.
_JS_TYPES = frozenset({
    "", "text/javascript", "application/javascript", "module", "text/ecmascript",
    "application/ecmascript", "text/jscript", "application/x-javascript",
})
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)

# What inserting markup looks like, in the order the note names it: (name, pattern).
# An empty string assigned to innerHTML clears an element and inserts nothing.
_WRITERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("document.write", re.compile(r"\bdocument\s*\.\s*write(?:ln)?\s*\(")),
    ("innerHTML", re.compile(
        r"\.\s*(?:inner|outer)HTML\s*\+?=(?!=)(?!\s*(?:''|\"\"|``)\s*(?:[;,)}\n]|$))")),
    ("insertAdjacentHTML", re.compile(r"\.\s*insertAdjacentHTML\s*\(")),
    ("markup inserted with jQuery", re.compile(
        r"\.\s*(?:html|append|prepend|after|before|replaceWith)\s*\(\s*['\"`]\s*<")),
)
_CREATES_ANCHOR = re.compile(r"\bcreateElement\s*\(\s*['\"`]a['\"`]\s*\)", re.IGNORECASE)
_INSERTS_NODE = re.compile(
    r"\.\s*(?:appendChild|append|prepend|insertBefore|replaceChildren|replaceWith|after|before)"
    r"\s*\(")


def _inline_scripts(html: str) -> list[str]:
    scripts = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _SRC_ATTR.search(attrs):
            continue
        kind = _TYPE_ATTR.search(attrs)
        if kind and kind.group(1).lower().split(";")[0] not in _JS_TYPES:
            continue
        scripts.append(_LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", body)))
    return scripts


def inserts_content(html: str) -> str | None:
    """How an inline script of ``html`` inserts markup, or ``None`` when none does.

    >>> inserts_content('<div id=x></div><script>x.innerHTML = "<a href=/p>p</a>"</script>')
    'innerHTML'
    >>> inserts_content('<script>var a = document.createElement("a"); a.href = u; '
    ...                 'box.appendChild(a)</script>')
    "createElement('a')"
    >>> print(inserts_content('<script>var s = document.createElement("script"); '
    ...                       's.src = "/stats.js"; h.parentNode.insertBefore(s, h)</script>'))
    None
    """
    if not _GATE.search(html):
        return None
    for script in _inline_scripts(html):
        for name, pattern in _WRITERS:
            if pattern.search(script):
                return name
        if _CREATES_ANCHOR.search(script) and _INSERTS_NODE.search(script):
            return "createElement('a')"
    return None


def not_rendered_note(html: str) -> str | None:
    """The Pages-sheet note for a page read without a browser whose script inserts markup.

    >>> not_rendered_note("<script>document.write('<a href=/x>x</a>')</script>")
    'not rendered: the page builds content with JavaScript (document.write); links it inserts were not seen (re-run with --render)'
    >>> print(not_rendered_note("<p>No script here.</p>"))
    None
    """
    how = inserts_content(html)
    return NOT_RENDERED_NOTE.format(how=how) if how else None
