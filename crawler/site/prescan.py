"""Where a response names its encoding: the Content-Type ``charset``, a ``<meta>``, an XML declaration.

The labels found are looked up in :mod:`crawler.site.charsets` (the WHATWG table), so
what a page declares means what it means to a browser. ``<meta>`` and the XML
declaration are found with the HTML Standard's "prescan a byte stream to determine
its encoding", which skips comments and other tags' attribute values the way the
parser will (a ``<meta charset>`` quoted in an ``alt`` is not a declaration).

Pure: bytes and header strings in, :class:`~crawler.site.charsets.Encoding` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from crawler.site.charsets import LABELS, UTF_8, Encoding, encoding_for_label

__all__ = ["PRESCAN_BYTES", "content_type_encoding", "prescan", "xml_declaration_encoding"]

#: How far the prescan reads. The standard suggests 1024 bytes, but browsers honour a
#: ``<meta>`` found later in ``<head>`` by decoding the page again, so read further.
PRESCAN_BYTES = 64 * 1024

# One parameter of a MIME type (MIME Sniffing, "parse a MIME type"): name=token or
# name="quoted string". A quoted value is read whole, so a "charset=" inside it is
# no parameter; a token ends at ";" (or "," where servers joined several values).
_PARAMETER = re.compile(r''';[\t\n\r ]*(?P<name>[^;=]*)
    (?:=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"?[^;]*|(?P<token>[^;,]*)))?''', re.VERBOSE)
_SPACE = b"\t\n\f\r "
_UTF_16 = frozenset({"UTF-16BE", "UTF-16LE"})


def content_type_encoding(content_type: str | None) -> Encoding | None:
    """The encoding a Content-Type header's ``charset`` names; ``None`` if none or unknown.

    >>> content_type_encoding('text/html; charset="GB2312"').name
    'GBK'
    >>> content_type_encoding("text/html; charset=nonsense") is None
    True
    >>> content_type_encoding('text/html; x="; charset=big5"') is None
    True
    """
    if not content_type or "charset" not in content_type.lower():
        return None
    for match in _PARAMETER.finditer(content_type):
        if match.group("name").lower() == "charset":
            quoted = match.group("quoted")
            label = (re.sub(r"\\(.)", r"\1", quoted) if quoted is not None
                     else match.group("token") or "")
            return encoding_for_label(label)  # the first charset decides, even if unknown
    return None


def prescan(body: bytes, limit: int = PRESCAN_BYTES) -> Encoding | None:
    """The encoding a ``<meta>`` or XML declaration in ``body`` declares, as a browser finds it.

    >>> prescan(b'<!-- <meta charset="big5"> --><meta charset=" gb2312">').name
    'GBK'
    >>> prescan(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-16">').name
    'UTF-8'
    >>> prescan(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>').name
    'windows-1252'
    """
    data = body[:limit]
    if data.startswith(b"<\x00?\x00x\x00"):
        return LABELS["utf-16le"]
    if data.startswith(b"\x00<\x00?\x00x"):
        return LABELS["utf-16be"]
    found = _scan(data, data.lower())
    return found if found is not None else xml_declaration_encoding(data)


def _candidates(lower: bytes) -> Iterator[int]:
    """Where each ``<meta`` that says "charset" starts: the only tags that may declare.

    The walk, in Python, goes from one to the next and stops after the last: most
    pages declare early, or have no ``<meta>`` that could (schema.org's ``<meta
    itemprop>`` all through the body). Found with bytes.find, which is many times
    faster than a regular expression over the page.
    """
    at = lower.find(b"charset")
    while at >= 0:
        start = lower.rfind(b"<", 0, at)
        if (start >= 0 and lower.startswith(b"<meta", start)
                and lower[start + 5:start + 6] in _AFTER_META and b">" not in lower[start:at]):
            yield start
        at = lower.find(b"charset", at + 7)


_AFTER_META = (b"\t", b"\n", b"\f", b"\r", b" ", b"/")
_META = re.compile(rb"<meta[\t\n\f\r /]", re.IGNORECASE)
_TAG = re.compile(rb"</?[A-Za-z][^\t\n\f\r >]*")
_SPACES_OR_SLASHES = re.compile(rb"[\t\n\f\r /]*")
_SPACES = re.compile(rb"[\t\n\f\r ]*")
# A name's first byte may be "=" (the standard appends it like any other).
_NAME = re.compile(rb"[^\t\n\f\r />][^=\t\n\f\r />]*")
_UNQUOTED = re.compile(rb"[^\t\n\f\r >]*")


def _scan(data: bytes, lower: bytes) -> Encoding | None:
    """The standard's prescan loop, as far as the last ``<meta>`` that may declare."""
    candidates = _candidates(lower)
    candidate = next(candidates, None)
    position = data.find(b"<")
    while candidate is not None and position >= 0:
        if position > candidate:
            candidate = next(candidates, None)
            continue
        if data.startswith(b"<!--", position):
            close = data.find(b"-->", position + 2)  # "<!-->" closes itself
            if close < 0:
                return None
            position = close + 3
        elif _META.match(data, position):
            found, position = _meta(data, position + 6)
            if found is not None:
                return found
        elif (tag := _TAG.match(data, position)) is not None:
            position = tag.end()
            while True:
                attribute, position = _attribute(data, position)
                if attribute is None:
                    break
        elif data.startswith((b"<!", b"</", b"<?"), position):
            close = data.find(b">", position + 1)
            if close < 0:
                return None
            position = close + 1
        else:
            position += 1
        position = data.find(b"<", position)
    return None


def _meta(data: bytes, position: int) -> tuple[Encoding | None, int]:
    """The encoding one ``<meta>`` declares (its attributes start at ``position``)."""
    seen: set[bytes] = set()
    got_pragma, need_pragma = False, None
    # False: a charset was declared but is unknown; later declarations are then ignored.
    charset: Encoding | Literal[False] | None = None
    while True:
        attribute, position = _attribute(data, position)
        if attribute is None:
            break
        name, value = attribute
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv":
            got_pragma = got_pragma or value == b"content-type"
        elif name == b"content" and charset is None:
            label = _charset_in_content(value)
            if label is not None:
                charset, need_pragma = encoding_for_label(label) or False, True
        elif name == b"charset":
            charset, need_pragma = encoding_for_label(value) or False, False
    if need_pragma is None or (need_pragma and not got_pragma) or not charset:
        return None, position
    if charset.name in _UTF_16:
        return UTF_8, position  # the <meta> was read as ASCII: the page is not UTF-16
    if charset.name == "x-user-defined":
        return LABELS["windows-1252"], position
    return charset, position


def _attribute(data: bytes, position: int) -> tuple[tuple[bytes, bytes] | None, int]:
    """The standard's "get an attribute": ``(name, value)`` lower-cased, and where it ends."""
    position = _SPACES_OR_SLASHES.match(data, position).end()  # type: ignore[union-attr]
    name = _NAME.match(data, position)
    if name is None:  # ">" or the end
        return None, position
    position = _SPACES.match(data, name.end()).end()  # type: ignore[union-attr]
    if data[position:position + 1] != b"=":
        return (name.group().lower(), b""), position
    position = _SPACES.match(data, position + 1).end()  # type: ignore[union-attr]
    quote = data[position:position + 1]
    if quote in (b'"', b"'"):
        close = data.find(quote, position + 1)
        if close < 0:
            return (name.group().lower(), data[position + 1:].lower()), len(data)
        return (name.group().lower(), data[position + 1:close].lower()), close + 1
    value = _UNQUOTED.match(data, position)
    return (name.group().lower(), value.group().lower()), value.end()  # type: ignore[union-attr]


def _charset_in_content(value: bytes) -> bytes | None:
    """The standard's "extracting a character encoding from a meta element"."""
    position = 0
    while True:
        position = value.find(b"charset", position)
        if position < 0:
            return None
        position += 7
        rest = value[position:].lstrip(_SPACE)
        if rest.startswith(b"="):
            break
        position = len(value) - len(rest)
    rest = rest[1:].lstrip(_SPACE)
    if not rest:
        return None
    if rest[:1] in (b'"', b"'"):
        close = rest.find(rest[:1], 1)
        return rest[1:close] if close > 0 else None
    end = len(rest)
    for stop in b"\t\n\f\r ;":
        found = rest.find(bytes([stop]))
        if 0 <= found < end:
            end = found
    return rest[:end]


def xml_declaration_encoding(data: bytes) -> Encoding | None:
    """The standard's "get an XML encoding" for a body that starts with ``<?xml``.

    A declaration of UTF-16 means UTF-8: it was read as ASCII, so the bytes are not UTF-16.

    >>> xml_declaration_encoding(b"<?xml version='1.0' encoding='gb2312'?><rss/>").name
    'GBK'
    """
    if not data.startswith(b"<?xml"):
        return None
    declaration_end = data.find(b">")
    if declaration_end < 0:
        return None
    at = data.find(b"encoding", 0, declaration_end)
    if at < 0:
        return None
    rest = data[at + 8:declaration_end].lstrip(bytes(range(0x21)))
    if not rest.startswith(b"="):
        return None
    rest = rest[1:].lstrip(bytes(range(0x21)))
    if rest[:1] not in (b'"', b"'"):
        return None
    close = rest.find(rest[:1], 1)
    if close < 0:
        return None
    label = rest[1:close]
    if any(b <= 0x20 for b in label):
        return None
    found = encoding_for_label(label)
    return UTF_8 if found is not None and found.name in _UTF_16 else found
