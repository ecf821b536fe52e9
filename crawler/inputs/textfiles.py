"""How a text file a creator saved (seed list, CSV, blog source) is read: as their editor would.

A byte order mark decides (Notepad's "Unicode" is UTF-16LE with one, Excel's "CSV
UTF-8" has a UTF-8 one); else the file is UTF-8 if it decodes as UTF-8, else what
the file itself declares, else GBK, the system code page of Chinese Windows (read
through the WHATWG table as GB18030, so the euro sign, 0x80, and four-byte
sequences decode). Pure.
"""

from __future__ import annotations

from crawler.site.charsets import LABELS, UTF_8, Encoding, decode, sniff_bom

__all__ = ["decode_text_file"]

_GBK = LABELS["gb18030"]  # decodes exactly as GBK; the name users see in notes


def decode_text_file(raw: bytes, declared: Encoding | None = None) -> tuple[str, Encoding] | None:
    """The text of ``raw`` and the encoding it was read in; ``None`` if no candidate fits.

    >>> decode_text_file("领券".encode("gbk") + b"\\x80")  # Windows' GBK writes € as 0x80
    ('领券€', Encoding(name='gb18030', codec='gb18030'))
    >>> decode_text_file(b"\\xef\\xbb\\xbfhi")[0]
    'hi'
    >>> decode_text_file(b"\\xff\\xfeh\\x00i\\x00")[0]
    'hi'
    """
    bom = sniff_bom(raw)
    if bom is not None:
        return decode(raw[bom[1]:], bom[0]), bom[0]
    for encoding in (UTF_8, declared, _GBK):
        if encoding is None:
            continue
        try:
            return decode(raw, encoding, "strict"), encoding
        except UnicodeDecodeError:
            continue
    return None
