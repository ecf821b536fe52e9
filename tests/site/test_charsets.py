"""Encoding labels mean what the WHATWG Encoding Standard says, checked against its own data.

The standard's ``encodings.json`` is a fixture (tests/fixtures/WHATWG.md),
so a dependency that changes its alias table (w3lib 2.6 sent ``gb2312`` to Python's
``gbk``) cannot change what a declared page decodes to.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crawler.site.charsets import ENCODINGS, LABELS, by_codec, decode, encoding_for_label
from tests.conftest import TESTS

FIXTURES = TESTS / "fixtures"
STANDARD = json.loads((FIXTURES / "whatwg-encodings.json").read_text("utf-8"))
STANDARD_LABELS = {label: e["name"] for group in STANDARD for e in group["encodings"]
                   for label in e["labels"]}


# -- the table ------------------------------------------------------------------------


def test_every_label_of_the_standard_and_no_other() -> None:
    assert {label: e.name for label, e in LABELS.items()} == STANDARD_LABELS


def test_every_encoding_of_the_standard_in_its_order() -> None:
    assert [e.name for e in ENCODINGS] == [e["name"] for g in STANDARD for e in g["encodings"]]


@pytest.mark.parametrize(("label", "name"), [
    # The standard strips ASCII whitespace and compares ASCII case-insensitively.
    ("GB2312", "GBK"), (" gbk ", "GBK"), ("\tX-GBK\n", "GBK"), ("\fChinese\r", "GBK"),
    ("GB_2312-80", "GBK"), ("GB18030", "gb18030"), (b" gb2312", "GBK"),
    ("ISO-8859-1", "windows-1252"), ("US-ASCII", "windows-1252"), ("Latin1", "windows-1252"),
    ("ISO-8859-9", "windows-1254"), ("TIS-620", "windows-874"),
    ("BIG5", "Big5"), ("Big5-HKSCS", "Big5"), ("SJIS", "Shift_JIS"), ("Windows-31J", "Shift_JIS"),
    ("KS_C_5601-1987", "EUC-KR"), ("UTF-16", "UTF-16LE"), ("Unicode", "UTF-16LE"),
    ("UTF8", "UTF-8"), ("ISO-2022-KR", "replacement"), ("HZ-GB-2312", "replacement"),
    ("X-User-Defined", "x-user-defined"),
    # Not labels: a browser ignores them (then reads the <meta>, or guesses).
    ("gbk\v", None),  # VT is not ASCII whitespace
    ("gbk\u00a0", None),  # nor is NO-BREAK SPACE
    ("\u212aoi8-r", None),  # KELVIN SIGN lower-cases to "k", but only ASCII case folds
    ("gb 2312", None), ("utf-7", None), ("utf-32", None), ("", None),
    ("cp936", None), ("big5hkscs", None), ("euc_kr", None), ("latin-1", None),
])
def test_labels_are_looked_up_as_the_standard_says(label: str | bytes, name: str | None) -> None:
    found = encoding_for_label(label)
    assert (found.name if found else None) == name


def test_every_codec_a_decoder_names_is_in_the_table() -> None:
    for encoding in ENCODINGS:
        assert by_codec(encoding.codec).codec == encoding.codec


def test_strict_decoding_raises_where_the_standard_has_an_error() -> None:
    gbk = encoding_for_label("gbk")
    assert gbk is not None
    assert decode(b"\x80\xc1\xec", gbk, "strict") == "€领"
    with pytest.raises(UnicodeDecodeError):
        decode(b"\xff\xff", gbk, "strict")
    replacement = encoding_for_label("iso-2022-kr")
    assert replacement is not None
    with pytest.raises(UnicodeDecodeError):
        decode(b"x", replacement, "strict")


def test_decoding_imports_no_dependency_alias_table() -> None:
    # What reads labels (pages, feeds, seed lists, local files) imports neither w3lib
    # nor Scrapy, so neither's alias table can be what decides.
    modules = ["crawler.site.charsets", "crawler.site.prescan", "crawler.site.decoding", "crawler.inputs.textfiles"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in ('w3lib', 'scrapy', 'frostwork') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=TESTS.parent)
    assert result.stdout.strip() == "[]"
