"""A page's declared encoding decodes as a browser decodes it, checked against the standard's data.

Through :func:`crawler.site.decoding.decode_body`, for every label of the WHATWG Encoding
Standard (tests/fixtures/WHATWG.md): the single-byte ones give the standard's index,
the GBK ones GB18030 as the standard reads it (four-byte sequences, 0x80 as €).
"""

from __future__ import annotations

import bisect
import json
from functools import cache

import pytest
import w3lib.encoding

from crawler.site.decoding import decode_body
from tests.conftest import TESTS
from tests.foreign_labels.sitecustomize import python_alias_tables

FIXTURES = TESTS / "fixtures"
STANDARD = json.loads((FIXTURES / "whatwg-encodings.json").read_text("utf-8"))
INDEXES = json.loads((FIXTURES / "whatwg-indexes.json").read_text("utf-8"))
STANDARD_LABELS = {label: e["name"] for group in STANDARD for e in group["encodings"]
                   for label in e["labels"]}
SINGLE_BYTE = [e["name"] for group in STANDARD if group["heading"] == "Legacy single-byte encodings"
               for e in group["encodings"]]


@pytest.fixture(autouse=True, params=["installed w3lib", "w3lib with Python's aliases"])
def _alias_table(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case twice: the answer may not depend on the alias table w3lib ships."""
    if request.param != "installed w3lib":
        for name, function in python_alias_tables().items():
            monkeypatch.setattr(w3lib.encoding, name, function)


def _labels_of(name: str) -> list[str]:
    return sorted(label for label, n in STANDARD_LABELS.items() if n == name)


# -- the decoders, through a page that declares each label ---------------------------


def _expected(index: list[int | None], data: bytes) -> str:
    return "".join(chr(b) if b < 0x80 else
                   ("\ufffd" if index[b - 0x80] is None else chr(index[b - 0x80])) for b in data)


HIGH = bytes(range(0x80, 0x100))


@pytest.mark.parametrize(("name", "label"), [(n, label) for n in SINGLE_BYTE for label in _labels_of(n)])
def test_single_byte_labels_decode_as_the_standards_index(name: str, label: str) -> None:
    index = INDEXES[name.lower().removesuffix("-i")]  # ISO-8859-8-I uses ISO-8859-8's index
    body = b"<p>" + HIGH + b"</p>"
    decoded = decode_body(body, f"text/html; charset={label}", "https://x.example/")
    assert decoded.text == "<p>" + _expected(index, HIGH) + "</p>"


@cache
def _gb18030_two_byte() -> tuple[bytes, str]:
    data, text = bytearray(), []
    for pointer, code_point in enumerate(INDEXES["gb18030"]):
        if code_point is None:
            continue
        lead, trail = divmod(pointer, 190)
        data += bytes([lead + 0x81, trail + (0x40 if trail < 0x3F else 0x41)])
        text.append(chr(code_point))
    return bytes(data), "".join(text)


RANGES = INDEXES["gb18030-ranges"]
RANGE_OFFSETS = [offset for offset, _ in RANGES]


def _gb18030_ranges_code_point(pointer: int) -> int:
    """The standard's "index gb18030 ranges code point"."""
    if pointer == 7457:
        return 0xE7C7
    offset, start = RANGES[bisect.bisect_right(RANGE_OFFSETS, pointer) - 1]
    return start + pointer - offset


@cache
def _gb18030_four_byte(pointers: range) -> tuple[bytes, str]:
    data, text = bytearray(), []
    for pointer in pointers:
        b1, rest = divmod(pointer, 12600)
        b2, rest = divmod(rest, 1260)
        b3, b4 = divmod(rest, 10)
        data += bytes([b1 + 0x81, b2 + 0x30, b3 + 0x81, b4 + 0x30])
        code_point = (_gb18030_ranges_code_point(pointer) if pointer < 39420
                      else 0x10000 + pointer - 189000)
        text.append(chr(code_point))
    return bytes(data), "".join(text)


@pytest.mark.parametrize("label", _labels_of("GBK") + _labels_of("gb18030"))
@pytest.mark.parametrize("part", ["two-byte", "four-byte BMP", "four-byte astral", "euro"])
def test_gbk_labels_decode_as_gb18030_does_in_the_standard(label: str, part: str) -> None:
    data, text = {
        "two-byte": _gb18030_two_byte,
        "four-byte BMP": lambda: _gb18030_four_byte(range(39420)),
        "four-byte astral": lambda: _gb18030_four_byte(range(189000, 189000 + 0x10000, 97)),
        "euro": lambda: (b"\x80", "\u20ac"),  # GBK's euro sign, which Python's gb18030 rejects
    }[part]()
    decoded = decode_body(data, f"text/html; charset={label}", "https://x.example/")
    assert decoded.text == text
    assert decoded.undecodable == text.count("\ufffd")  # U+FFFD has a four-byte sequence too


@pytest.mark.parametrize(("body", "label", "text"), [
    # The standard's "replacement" decoder: anything at all is one U+FFFD (these
    # encodings hid script from filters).
    (b"<p>hi <a href='x'>a</a></p>", "iso-2022-kr", "\ufffd"),
    (b"~{<:Ky2;S{#,NpJ)l6HK!#~}", "hz-gb-2312", "\ufffd"),
    (b"", "iso-2022-cn", ""),
    # x-user-defined: 0x80-0xFF are U+F780-U+F7FF.
    (b"a\x80\xff", "x-user-defined", "a\uf780\uf7ff"),
    # UTF-16 labels name little-endian ("utf-16") or say which.
    ("领".encode("utf-16-le"), "utf-16", "领"),
    ("领".encode("utf-16-be"), "utf-16be", "领"),
    # Shift_JIS has no single bytes 0xA0, 0xFD-0xFF (Python's cp932 makes them private use).
    (b"\xa0\xfd\xfe\xff<a>", "shift_jis", "\ufffd\ufffd\ufffd\ufffd<a>"),
    (b"\x82\xa0\xb1", "sjis", "あｱ"),
    # A bad byte never takes the ASCII after it: a link right after stays a link.
    (b"\x81<a href='https://s.click.taobao.com/t'>", "gbk",
     "\ufffd<a href='https://s.click.taobao.com/t'>"),
    (b"\x81\x30<a>", "gb18030", "\ufffd0<a>"),
])
def test_special_decoders(body: bytes, label: str, text: str) -> None:
    decoded = decode_body(body, f"text/html; charset={label}", "https://x.example/")
    assert decoded.text == text


# -- where a page names its encoding --------------------------------------------------

P = "<p>\u559e\u20ac</p>"  # 喆 (a GBK addition) and the euro sign: only GBK, not GB2312, has both
GBK_BODY = P.encode("gb18030").replace("€".encode("gb18030"), b"\x80")


@pytest.mark.parametrize(("content_type", "head", "source"), [
    ("text/html; charset=GB2312", "", "HTTP charset"),
    ('text/html; charset="gbk"', "", "HTTP charset"),
    ("text/html;charset=x-gbk;charset=big5", "", "HTTP charset"),  # the first charset counts
    ("text/html; charset=gbk, text/html", "", "HTTP charset"),  # headers joined by a comma
    ("text/html; charset=utf-7", '<meta charset="gb2312">', "<meta charset>"),  # not a label
    ("text/html", "<meta charset=gbk>", "<meta charset>"),
    ("text/html", '<META CHARSET=" GB_2312 ">', "<meta charset>"),
    ("text/html", "<meta/charset=chinese>", "<meta charset>"),
    ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=\'x-gbk\'">',
     "<meta charset>"),
    ("text/html", '<meta content="text/html;charset=gbk" http-equiv=content-type>',
     "<meta charset>"),
    # What the parser will not read as a declaration, the prescan skips.
    ("text/html", '<!-- <meta charset="big5"> --><meta charset="gbk">', "<meta charset>"),
    ("text/html", '<img alt="<meta charset=big5>"><meta charset="gbk">', "<meta charset>"),
    ("text/html", '<meta charset="nonsense"><meta charset="gbk">', "<meta charset>"),
    ("text/html", '<meta content="text/html; charset=big5"><meta charset="gbk">',
     "<meta charset>"),  # no http-equiv: not a declaration
    ("text/html", '<script src="a.js" charset="big5"></script><meta\ncharset="gbk">',
     "<meta charset>"),
    ("text/html", "<link rel=stylesheet href=/a.css>" * 200 + "<META/CHARSET=GBK>",
     "<meta charset>"),  # declared late, after 6 KB of other tags
    (None, '<?xml version="1.0" encoding="gb2312"?>', "<meta charset>"),
])
def test_declared_gbk_decodes_as_gb18030(content_type: str | None, head: str, source: str) -> None:
    body = head.encode("ascii") + GBK_BODY
    decoded = decode_body(body, content_type, "https://x.example/p")
    assert (decoded.encoding, decoded.source, decoded.undecodable) == ("gb18030", source, 0)
    assert decoded.text.endswith(P)


@pytest.mark.parametrize(("head", "encoding"), [
    # A <meta> read as ASCII cannot mean UTF-16, nor x-user-defined (HTML Standard).
    ('<meta charset="utf-16le">', "utf-8"),
    ('<meta http-equiv="content-type" content="text/html; charset=UTF-16BE">', "utf-8"),
    ('<meta charset="x-user-defined">', "cp1252"),
    ('<?xml version="1.0" encoding="utf-16"?>', "utf-8"),
    ('<metacharset="gbk"><meta charset="big5">', "big5hkscs"),  # "<metacharset" is no <meta>
])
def test_what_a_meta_cannot_mean(head: str, encoding: str) -> None:
    decoded = decode_body(head.encode("ascii") + "<p>领券</p>".encode(), "text/html", "")
    assert (decoded.encoding, decoded.source) == (encoding, "<meta charset>")
