"""The WHATWG Encoding Standard's labels and decoders: what a browser decodes a label as.

Every encoding label that reaches linkaudit from outside (an HTTP ``charset``, a
``<meta>``, an XML declaration, a file's declaration) is looked up here, in a table
taken from https://encoding.spec.whatwg.org/ (``tests/fixtures/whatwg-encodings.json``
checks it), never in Python's or a dependency's alias table: those follow other
standards and change under us (w3lib 2.6 resolves ``gb2312`` to the codec name ``gbk``,
and Python's ``gbk`` lacks GB18030's four-byte sequences and reads 0x80 as an error).

Each encoding decodes with a Python codec plus the corrections, as data, that make
its output the standard's: C1 controls where Python's windows-125x codecs leave a
byte undefined, 0x80 as € and the GB18030-2022 code points in GBK/gb18030, and the
few bytes Python's ``cp932`` and ``koi8_u`` read differently. ``replacement``
decodes any input to one U+FFFD and ``x-user-defined`` maps 0x80-0xFF to
U+F780-U+F7FF, as the standard says. Big5 (``big5hkscs``), EUC-JP (``euc_jp``) and
ISO-2022-JP (``iso2022_jp``) are Python's nearest codecs, not yet corrected: against
the standard's indexes, ``big5hkscs`` reads 203 of Big5's 19,782 byte pairs
otherwise (HKSCS-2008 additions, a few symbols) and ``euc_jp`` 463 of JIS X 0208's
(NEC and IBM extensions, the wave dash). Each is one non-ASCII character to the
standard; Python shows U+FFFD or another character, and may keep an ASCII trail byte.

Pure: no Scrapy, no I/O.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["ENCODINGS", "LABELS", "UTF_8", "Encoding", "by_codec", "decode", "encoding_for_label",
           "sniff_bom"]


@dataclass(frozen=True, slots=True)
class Encoding:
    """One encoding of the standard and how Python decodes it like a browser."""

    name: str
    """The standard's name: ``GBK``, ``windows-1252``, ``UTF-16LE``…"""
    codec: str
    """The Python codec the decoder is built on, and the name reports show
    (``gb18030``, ``cp1252``…; ``replacement`` and ``x-user-defined`` are ours)."""
    labels: tuple[str, ...] = field(repr=False)
    """Every label of the standard that names it (lower case, as the standard lists them)."""


# (name, Python codec, labels): the standard's table, in its order.
_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("UTF-8", "utf-8", ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
                        "x-unicode20utf8")),
    # Legacy single-byte encodings
    ("IBM866", "cp866", ("866", "cp866", "csibm866", "ibm866")),
    ("ISO-8859-2", "iso8859_2", ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2",
                                 "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2")),
    ("ISO-8859-3", "iso8859_3", ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3",
                                 "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3")),
    ("ISO-8859-4", "iso8859_4", ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4",
                                 "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4")),
    ("ISO-8859-5", "iso8859_5", ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144",
                                 "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988")),
    ("ISO-8859-6", "iso8859_6", ("arabic", "asmo-708", "csiso88596e", "csiso88596i",
                                 "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
                                 "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                                 "iso_8859-6", "iso_8859-6:1987")),
    ("ISO-8859-7", "iso8859_7", ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8",
                                 "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597",
                                 "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek")),
    ("ISO-8859-8", "iso8859_8", ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8",
                                 "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
                                 "iso_8859-8", "iso_8859-8:1988", "visual")),
    # Decodes as ISO-8859-8; the two differ only in how bidirectional text is laid out.
    ("ISO-8859-8-I", "iso8859_8", ("csiso88598i", "iso-8859-8-i", "logical")),
    ("ISO-8859-10", "iso8859_10", ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10",
                                   "iso885910", "l6", "latin6")),
    ("ISO-8859-13", "iso8859_13", ("iso-8859-13", "iso8859-13", "iso885913")),
    ("ISO-8859-14", "iso8859_14", ("iso-8859-14", "iso8859-14", "iso885914")),
    ("ISO-8859-15", "iso8859_15", ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915",
                                   "iso_8859-15", "l9")),
    ("ISO-8859-16", "iso8859_16", ("iso-8859-16",)),
    ("KOI8-R", "koi8_r", ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r")),
    ("KOI8-U", "koi8_u", ("koi8-ru", "koi8-u")),
    ("macintosh", "mac_roman", ("csmacintosh", "mac", "macintosh", "x-mac-roman")),
    ("windows-874", "cp874", ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620",
                              "windows-874")),
    ("windows-1250", "cp1250", ("cp1250", "windows-1250", "x-cp1250")),
    ("windows-1251", "cp1251", ("cp1251", "windows-1251", "x-cp1251")),
    ("windows-1252", "cp1252", ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1",
                                "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591",
                                "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii",
                                "windows-1252", "x-cp1252")),
    ("windows-1253", "cp1253", ("cp1253", "windows-1253", "x-cp1253")),
    ("windows-1254", "cp1254", ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148",
                                "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5",
                                "latin5", "windows-1254", "x-cp1254")),
    ("windows-1255", "cp1255", ("cp1255", "windows-1255", "x-cp1255")),
    ("windows-1256", "cp1256", ("cp1256", "windows-1256", "x-cp1256")),
    ("windows-1257", "cp1257", ("cp1257", "windows-1257", "x-cp1257")),
    ("windows-1258", "cp1258", ("cp1258", "windows-1258", "x-cp1258")),
    ("x-mac-cyrillic", "mac_cyrillic", ("x-mac-cyrillic", "x-mac-ukrainian")),
    # Legacy multi-byte Chinese (simplified): GBK decodes exactly as gb18030.
    ("GBK", "gb18030", ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312",
                        "gb_2312-80", "gbk", "iso-ir-58", "x-gbk")),
    ("gb18030", "gb18030", ("gb18030",)),
    # Legacy multi-byte Chinese (traditional): the standard's Big5 includes HKSCS.
    ("Big5", "big5hkscs", ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5")),
    # Legacy multi-byte Japanese
    ("EUC-JP", "euc_jp", ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp")),
    ("ISO-2022-JP", "iso2022_jp", ("csiso2022jp", "iso-2022-jp")),
    ("Shift_JIS", "cp932", ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis",
                            "windows-31j", "x-sjis")),
    # Legacy multi-byte Korean: the standard's EUC-KR is windows-949.
    ("EUC-KR", "cp949", ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean",
                         "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
                         "windows-949")),
    # Legacy miscellaneous: encodings browsers refuse to decode (they hid attacks).
    ("replacement", "replacement", ("csiso2022kr", "hz-gb-2312", "iso-2022-cn",
                                    "iso-2022-cn-ext", "iso-2022-kr", "replacement")),
    ("UTF-16BE", "utf-16-be", ("unicodefffe", "utf-16be")),
    # The label "utf-16" is little-endian, as on Windows (Python's reads big-endian).
    ("UTF-16LE", "utf-16-le", ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff",
                               "utf-16", "utf-16le")),
    ("x-user-defined", "x-user-defined", ("x-user-defined",)),
)

ENCODINGS: tuple[Encoding, ...] = tuple(Encoding(n, c, labels) for n, c, labels in _TABLE)
#: Label → encoding, for every label of the standard.
LABELS: dict[str, Encoding] = {label: e for e in ENCODINGS for label in e.labels}
_BY_NAME = {e.name: e for e in ENCODINGS}
UTF_8 = _BY_NAME["UTF-8"]
UTF_16BE, UTF_16LE = _BY_NAME["UTF-16BE"], _BY_NAME["UTF-16LE"]
# First in the table wins: GBK for gb18030, ISO-8859-8 for iso8859_8 (they decode alike).
_BY_CODEC = {e.codec: e for e in reversed(ENCODINGS)}

# The standard's "ASCII whitespace", stripped from a label before it is looked up.
_ASCII_WHITESPACE = "\t\n\f\r "


def encoding_for_label(label: str | bytes) -> Encoding | None:
    """The encoding ``label`` names, as the standard's "get an encoding" finds it.

    >>> encoding_for_label(" GB2312 ").name, encoding_for_label(b"latin1").codec
    ('GBK', 'cp1252')
    >>> encoding_for_label("utf-7") is None
    True
    """
    if isinstance(label, bytes):
        label = label.decode("latin-1")
    # ASCII case-insensitive only: str.lower() would turn KELVIN SIGN into "k".
    if not label.isascii():
        return None
    return LABELS.get(label.strip(_ASCII_WHITESPACE).lower())


def by_codec(codec: str) -> Encoding:
    """The encoding this module decodes with ``codec`` (a name from :attr:`Encoding.codec`).

    >>> by_codec("gb18030").name, by_codec("cp1252").name
    ('GBK', 'windows-1252')
    """
    return _BY_CODEC[codec]


_BOMS = ((codecs.BOM_UTF8, UTF_8), (codecs.BOM_UTF16_BE, UTF_16BE),
         (codecs.BOM_UTF16_LE, UTF_16LE))


def sniff_bom(data: bytes) -> tuple[Encoding, int] | None:
    """The encoding a byte order mark at the start of ``data`` names, and the BOM's length.

    >>> sniff_bom(b"\\xff\\xfeh\\x00")
    (Encoding(name='UTF-16LE', codec='utf-16-le'), 2)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


# -- where Python's codecs differ from the standard: data ----------------------------

# Single-byte: bytes Python decodes otherwise than the standard's index. Besides
# these, every windows-* index maps the 0x80-0x9F bytes Python leaves undefined to
# the C1 control of the same number (Python's cp1252 has no 0x81, 0x8D, 0x8F, 0x90, 0x9D).
_SINGLE_BYTE_DIFFERENCES: dict[str, dict[int, str]] = {
    "windows-1255": {0xCA: "\u05ba"},  # HEBREW POINT HOLAM HASER FOR VAV
    "KOI8-U": {0xAE: "\u045e", 0xBE: "\u040e"},  # KOI8-RU's ў and Ў, not box drawings
}
_SINGLE_BYTE = frozenset(e.name for e in ENCODINGS[1:ENCODINGS.index(_BY_NAME["GBK"])])

# Multi-byte: bytes Python's codec rejects that the standard decodes (GBK's euro sign).
_UNDEFINED_BYTES: dict[str, dict[int, str]] = {
    "gb18030": {0x80: "\u20ac"},
}
# Multi-byte: characters Python's codec yields where the standard yields others.
_CORRECTIONS: dict[str, dict[str, str]] = {
    # GB18030-2022 (the standard's index): 18 GBK byte pairs that Python, following
    # GB18030-2005, reads as private-use characters are real ones, and A8BC and
    # 0x8135F437 swap U+1E3F and U+E7C7.
    "gb18030": {
        "\ue5e5": "\u3000", "\ue78d": "\ufe10", "\ue78e": "\ufe12", "\ue78f": "\ufe11",
        "\ue790": "\ufe13", "\ue791": "\ufe14", "\ue792": "\ufe15", "\ue793": "\ufe16",
        "\ue794": "\ufe17", "\ue795": "\ufe18", "\ue796": "\ufe19", "\ue81e": "\u9fb4",
        "\ue826": "\u9fb5", "\ue82b": "\u9fb6", "\ue82c": "\u9fb7", "\ue832": "\u9fb8",
        "\ue843": "\u9fb9", "\ue854": "\u9fba", "\ue864": "\u9fbb",
        "\ue7c7": "\u1e3f", "\u1e3f": "\ue7c7",
    },
    # Shift_JIS has no single bytes 0xA0, 0xFD-0xFF; Python's cp932 reads them as
    # private-use characters.
    "cp932": {"\uf8f0": "\ufffd", "\uf8f1": "\ufffd", "\uf8f2": "\ufffd", "\uf8f3": "\ufffd"},
}


# -- decoders ------------------------------------------------------------------------

_Decoder = Callable[[bytes, str], str]


def _single_byte_table(encoding: Encoding) -> str:
    """A 256-character table for :func:`codecs.charmap_decode` (U+FFFE: undefined)."""
    table = list(bytes(range(256)).decode(encoding.codec, "replace"))
    for byte in range(0x80, 0xA0):
        if table[byte] == "\ufffd" and encoding.name.startswith("windows-"):
            table[byte] = chr(byte)
    for byte, char in _SINGLE_BYTE_DIFFERENCES.get(encoding.name, {}).items():
        table[byte] = char
    return "".join("\ufffe" if c == "\ufffd" else c for c in table)


def _charmap(table: str) -> _Decoder:
    def decode(data: bytes, errors: str) -> str:
        return codecs.charmap_decode(data, errors, table)[0]
    return decode


def _undefined_byte_handler(fallback: str) -> Callable[[UnicodeError], tuple[str | bytes, int]]:
    """An error handler reading the bytes in :data:`_UNDEFINED_BYTES`, else doing ``fallback``."""
    otherwise = codecs.lookup_error(fallback)

    def handle(exc: UnicodeError) -> tuple[str | bytes, int]:
        if isinstance(exc, UnicodeDecodeError):
            char = _UNDEFINED_BYTES.get(exc.encoding, {}).get(exc.object[exc.start])
            if char is not None:
                return char, exc.start + 1
        return otherwise(exc)
    return handle


for _errors in ("strict", "replace"):
    codecs.register_error(f"linkaudit-whatwg-{_errors}", _undefined_byte_handler(_errors))


def _multi_byte(codec: str) -> _Decoder:
    corrections = _CORRECTIONS.get(codec)
    handled = codec in _UNDEFINED_BYTES
    if not corrections:
        if not handled:
            return lambda data, errors: data.decode(codec, errors)
        return lambda data, errors: data.decode(codec, f"linkaudit-whatwg-{errors}")
    table = str.maketrans(corrections)
    # Looked for first, one character at a time: a str.find per character is a few
    # percent of the decoding, a regex character class or str.translate costs as much
    # as the decoding itself.
    wrong = tuple(corrections)

    def decode(data: bytes, errors: str) -> str:
        text = data.decode(codec, f"linkaudit-whatwg-{errors}" if handled else errors)
        return text.translate(table) if any(c in text for c in wrong) else text
    return decode


def _replacement(data: bytes, errors: str) -> str:
    if data and errors == "strict":
        raise UnicodeDecodeError("replacement", data, 0, len(data), "decodes to nothing")
    return "\ufffd" if data else ""


_X_USER_DEFINED = "".join(chr(b) if b < 0x80 else chr(0xF780 + b - 0x80) for b in range(256))


def _decoder(encoding: Encoding) -> _Decoder:
    if encoding.name in _SINGLE_BYTE:
        return _charmap(_single_byte_table(encoding))
    if encoding.name == "x-user-defined":
        return _charmap(_X_USER_DEFINED)
    if encoding.name == "replacement":
        return _replacement
    return _multi_byte(encoding.codec)


# Built once: decoding is on every page's path.
_DECODERS: dict[str, _Decoder] = {e.name: _decoder(e) for e in ENCODINGS}


def decode(data: bytes, encoding: Encoding, errors: str = "replace") -> str:
    """``data`` decoded as a browser decodes ``encoding`` (a BOM is not stripped here).

    ``errors`` is ``replace`` (U+FFFD, as browsers) or ``strict`` (raise
    :exc:`UnicodeDecodeError`, to try another encoding).

    >>> decode(b"\\x80\\xd3\\xc5\\x954\\xb25", encoding_for_label("gb2312"))
    '€优𠮷'
    >>> decode(b"caf\\xe9 \\x81", encoding_for_label("iso-8859-1"))
    'café \\x81'
    >>> decode(b"<p>hello</p>", encoding_for_label("iso-2022-kr"))
    '\\ufffd'
    """
    return _DECODERS[encoding.name](data, errors)
