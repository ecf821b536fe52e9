"""Files a creator saved (seed lists, CSVs, blog sources) and feeds read as their editor reads them.

Chinese Windows saves "ANSI" text as GBK (code page 936), where 0x80 is the euro
sign; GB18030 has four-byte sequences for characters outside GBK. Both decode as
the WHATWG standard reads GBK, wherever a file or feed is read.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from crawler.inputs.seeds import read_seeds_file
from crawler.localfiles.scan import decode
from crawler.site.discover import read_listing


def windows_gbk(text: str) -> bytes:
    """``text`` as Chinese Windows writes it: GB18030 bytes, with € as 0x80 (cp936)."""
    return b"\x80".join(part.encode("gb18030") for part in text.split("€"))


# A note a creator keeps next to the URLs: the price in euros, a rare character
# (𠮷, four bytes in GB18030), a GBK addition (喆).
NOTE = "€99 优惠 𠮷野家 喆喆"
CONTENTS = [
    pytest.param(windows_gbk, id="GBK with 0x80 euro"),
    pytest.param(lambda t: t.encode("gb18030"), id="GB18030"),
    pytest.param(lambda t: codecs.BOM_UTF8 + t.encode(), id="UTF-8 with BOM"),
    pytest.param(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), id="UTF-16LE with BOM"),
    pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="UTF-16BE with BOM"),
]


@pytest.mark.parametrize("encode", CONTENTS)
def test_a_seeds_text_file(tmp_path: Path, encode) -> None:
    path = tmp_path / "seeds.txt"
    path.write_bytes(encode(f"# {NOTE}\nsite https://b.example/  # {NOTE}\nhttps://z.example/p/1\n"))
    seeds, bad = read_seeds_file(path)
    assert ([s.url for s in seeds], bad) == (["https://b.example/", "https://z.example/p/1"], [])


@pytest.mark.parametrize("encode", CONTENTS)
def test_a_seeds_csv(tmp_path: Path, encode) -> None:
    path = tmp_path / "seeds.csv"
    path.write_bytes(encode(f"备注,url\n{NOTE},https://b.example/\n"))
    seeds, bad = read_seeds_file(path)
    assert ([s.url for s in seeds], bad) == (["https://b.example/"], [])


@pytest.mark.parametrize(("data", "note"), [
    (windows_gbk(f"{NOTE} https://s.click.taobao.com/t"), "decoded as GB18030"),
    # The file's own declaration, read through the WHATWG labels.
    (b'<meta charset="gb2312">' + windows_gbk(NOTE), "decoded as GBK"),
    (b'<?xml version="1.0" encoding="x-gbk"?>' + windows_gbk(NOTE), "decoded as GBK"),
])
def test_a_local_file(data: bytes, note: str) -> None:
    text, got = decode(data)
    assert (NOTE in text, "\ufffd" in text, got) == (True, False, note)


@pytest.mark.parametrize("declaration", ["gb2312", "GBK", "x-gbk", "gb18030"])
def test_a_feed_declared_gbk(declaration: str) -> None:
    feed = (f'<?xml version="1.0" encoding="{declaration}"?><rss version="2.0"><channel>'
            f"<item><link>https://b.example/p/1</link><description>{NOTE} "
            "&lt;a href=&quot;https://s.click.taobao.com/t?pid=mm_1_2_3&quot;&gt;买&lt;/a&gt;"
            "</description></item></channel></rss>")
    listing = read_listing(windows_gbk(feed), "https://b.example/feed")
    assert listing is not None and listing.text is not None
    assert (NOTE in listing.text, "\ufffd" in listing.text) == (True, False)
