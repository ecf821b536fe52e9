"""Turn a response body into the text a browser would show, and say what kind of body it is.

The order is the WHATWG one: a byte order mark, then the HTTP ``charset``, then
the ``<meta>`` prescan (crawler.site.prescan), then a guess. Every label found is read
through the WHATWG Encoding Standard's own table (crawler.site.charsets), as browsers
read it: GB2312 and GBK decode as GB18030, Big5 as Big5-HKSCS, Latin-1 as
windows-1252, ``utf-16`` as little-endian. What differs from a browser:

* an undeclared page is guessed the way browsers in Chinese-speaking locales
  guess: a legacy CJK encoding is chosen by how common the characters it yields
  are, because generic detectors misread short Chinese pages (a two-word GBK
  anchor comes out as Mac Icelandic or Korean);
* ``text/plain`` and Markdown are read as text, not HTML (no ``<meta>`` prescan).

A binary body is decoded like any other (the spider notes it and audits it all
the same: a link in it would still be real); it is never guessed at.

Pure: bytes and header strings in, text out; no Scrapy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from crawler.site.charsets import UTF_8, Encoding, by_codec, decode, encoding_for_label, sniff_bom
from crawler.site.prescan import content_type_encoding, prescan

__all__ = ["Decoded", "body_kind", "decode_body", "guess_encoding"]

#: Media types read as plain text (a browser shows them as text, it does not parse markup).
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
#: A file name that says "text" when the server sends no useful type.
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")
_UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})

# The MIME Sniffing standard's "binary data bytes": no text encoding a browser
# decodes without a BOM uses them (ESC, 0x1B, is left out for ISO-2022-JP).
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")

_SAMPLE = 64 * 1024  # enough bytes to guess from; the whole body is decoded afterwards


@dataclass(frozen=True)
class _Legacy:
    """A legacy CJK encoding a browser may guess, and where its everyday characters lie."""

    codec: str
    """The Python codec matching the browser's decoder."""
    probe: str
    """The smaller national standard whose lead bytes locate the common characters."""
    common_leads: tuple[tuple[int, int], ...]
    """Lead-byte ranges (in ``probe``) of punctuation and the most frequent characters."""
    min_trail: int = 0
    """Lowest trail byte of those characters (GBK's additions share GB2312's lead bytes)."""


#: Guessing order: ties go to the first, GB18030, the default of zh-CN browsers.
LEGACY_CJK: tuple[_Legacy, ...] = (
    # GB2312 rows A1-A3 (punctuation, full-width forms), B0-D7 (the 3755 level-1 hanzi);
    # probed in GB18030, which also puts the euro sign in row A2
    _Legacy("gb18030", "gb18030", ((0xA1, 0xA3), (0xB0, 0xD7)), min_trail=0xA1),
    # Big5 A1-A3 (symbols), A4-C6 (the 5401 frequently used characters)
    _Legacy("big5hkscs", "big5", ((0xA1, 0xC6),)),
    # Shift_JIS 81-83 (symbols, kana), 88-98 (level-1 kanji)
    _Legacy("cp932", "cp932", ((0x81, 0x83), (0x88, 0x98))),
    # KS X 1001 A1-A3 (symbols), B0-C8 (the 2350 hangul syllables). These byte
    # pairs are level-1 hanzi in GB2312 too, so a Korean page ties with GB18030
    # and, like in a zh-CN browser, is read as Chinese.
    _Legacy("cp949", "euc_kr", ((0xA1, 0xA3), (0xB0, 0xC8))),
)
_CONFIDENT = 0.6  # share of common characters above which a CJK guess is taken


@dataclass(frozen=True)
class Decoded:
    """A body as text, and how it was read."""

    text: str
    encoding: str
    """Python codec name used (``gb18030``, ``utf-8``, ``cp1252``…)."""
    source: str
    """Where the encoding came from: ``byte order mark``, ``HTTP charset``,
    ``<meta charset>``, ``guessed`` (or ``browser`` for a rendered page)."""
    kind: str
    """``html`` (markup, XML, JSON…) or ``text`` (plain text, Markdown)."""
    undecodable: int = 0
    """Characters that could not be decoded (shown as U+FFFD, as a browser does)."""
    utf8: bytes | None = None
    """The body itself when it is exactly ``text`` in UTF-8, so that detection,
    which reads UTF-8, need not encode the text again."""


def body_kind(content_type: str | None, url: str) -> str:
    """``text`` for plain text and Markdown, else ``html``; bytes are not looked at.

    >>> body_kind("text/markdown; charset=utf-8", "https://x.example/a")
    'text'
    >>> body_kind("application/octet-stream", "https://x.example/notes/README.md")
    'text'
    >>> body_kind("text/html", "https://x.example/README.md")
    'html'
    """
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in TEXT_TYPES:
        return "text"
    if mime in _UNTYPED and urlsplit(url).path.lower().endswith(TEXT_SUFFIXES):
        return "text"
    return "html"


def _declared(body: bytes, content_type: str | None, kind: str) -> tuple[Encoding, str] | None:
    header = content_type_encoding(content_type)
    if header is not None:
        return header, "HTTP charset"
    if kind == "html":  # a text file's "<meta charset>" is just text
        meta = prescan(body)
        if meta is not None:
            return meta, "<meta charset>"
    return None


@lru_cache(maxsize=8192)
def _common(char: str, legacy: _Legacy) -> bool:
    try:
        encoded = char.encode(legacy.probe)
    except UnicodeEncodeError:
        return False
    if len(encoded) != 2 or encoded[1] < legacy.min_trail:
        return False
    return any(low <= encoded[0] <= high for low, high in legacy.common_leads)


def _share_common(sample: bytes, legacy: _Legacy) -> float:
    text = decode(sample, by_codec(legacy.codec))
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 0.0
    return sum(1 for c in wide if c != "\ufffd" and _common(c, legacy)) / len(wide)


def _detector_guess(sample: bytes) -> str | None:
    from bs4 import UnicodeDammit  # only pages with neither a declaration nor CJK text get here

    guess = UnicodeDammit(sample, is_html=False).original_encoding
    encoding = encoding_for_label(guess) if guess else None
    return encoding.codec if encoding is not None else None


def guess_encoding(body: bytes) -> str:
    """The encoding of an undeclared body, as a browser in a Chinese-speaking locale guesses.

    >>> guess_encoding("淘宝优惠券".encode("gbk"))
    'gb18030'
    >>> guess_encoding("購買".encode("big5"))
    'big5hkscs'
    >>> guess_encoding("领券".encode("utf-8"))
    'utf-8'
    >>> guess_encoding(b"plain ASCII")
    'cp1252'
    """
    sample = body[:_SAMPLE]
    if sample.isascii() or _BINARY_BYTE.search(sample, 0, 1445):
        # What browsers use for undeclared ASCII (it decodes ASCII as ASCII); binary
        # data (an image served as a page) is not text in any encoding worth guessing.
        return "cp1252"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(body) > _SAMPLE:
            return "utf-8"  # the sample cut a character in two
    scores = [(_share_common(sample, legacy), legacy.codec) for legacy in LEGACY_CJK]
    best_score, best = max(scores, key=lambda pair: pair[0])  # max keeps the first of a tie
    if best_score >= _CONFIDENT:
        return best
    return _detector_guess(sample) or "cp1252"


def decode_body(body: bytes, content_type: str | None, url: str = "") -> Decoded:
    """Decode ``body`` as a browser would.

    >>> d = decode_body("<p>領券</p>".encode("big5"), "text/html; charset=big5")
    >>> (d.text, d.encoding, d.source)
    ('<p>領券</p>', 'big5hkscs', 'HTTP charset')
    >>> d = decode_body(b"\\xef\\xbb\\xbf<p>\\xe9\\xa2\\x86</p>", "text/html; charset=gbk")
    >>> (d.text, d.source)
    ('<p>领</p>', 'byte order mark')
    """
    kind = body_kind(content_type, url)
    bom = sniff_bom(body)
    if bom is not None:
        return _decoded(body[bom[1]:], bom[0], "byte order mark", kind)
    declared = _declared(body, content_type, kind)
    if declared is not None:
        return _decoded(body, *declared, kind)
    return _decoded(body, by_codec(guess_encoding(body)), "guessed", kind)


def _decoded(body: bytes, encoding: Encoding, source: str, kind: str) -> Decoded:
    text = decode(body, encoding)
    undecodable = text.count("\ufffd")
    if undecodable and encoding is UTF_8:
        undecodable -= body.count(b"\xef\xbf\xbd")  # replacement characters the page itself holds
    utf8 = body if encoding is UTF_8 and not undecodable else None
    return Decoded(text, encoding.codec, source, kind, undecodable=undecodable, utf8=utf8)
