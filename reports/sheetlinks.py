"""Hyperlinks of a write-only sheet, held as bare positions and targets and written as a stream.

openpyxl keeps a ``Hyperlink`` object per linked cell until the sheet closes,
then makes a ``Relationship`` object for each and builds both lists as whole
XML trees. At 20,000 pages that was 60 MB of the workbook's 68: this keeps
each link as a row, a column and the target string the cell already holds,
and writes the ``<hyperlinks>`` element one link at a time. The links'
relationships file, which openpyxl would build as one tree at save time (40 MB
more at 20,000 pages), is streamed into the saved workbook afterwards by
:meth:`SheetLinks.write_relationships`. Every part's XML is the same.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from lxml.etree import Element, SubElement
from openpyxl.packaging.relationship import RelationshipList, get_rels_path
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import PKG_REL_NS, REL_NS

__all__ = ["MAX_HYPERLINKS", "SheetLinks"]

MAX_HYPERLINKS = 65_530  # per sheet; past this Excel reports the file as damaged
_HYPERLINK_TYPE = f"{REL_NS}/hyperlink"


class SheetLinks:
    """The hyperlinks of one write-only sheet, up to Excel's per-sheet limit.

    Create it once the sheet's column widths and panes are set (openpyxl
    writes them when the sheet's writer starts), set :attr:`row` before each
    row is appended, and :meth:`take` a link for each clickable cell.
    """

    def __init__(self, ws: Any, limit: int = MAX_HYPERLINKS) -> None:
        self.left = limit
        self.overflow = False
        """A link was refused: the sheet holds as many as Excel allows."""
        self.row = 1
        """The sheet row (1-based) the next cells go to."""
        self._rows = array("L")
        self._columns = array("H")
        self._targets: list[str] = []
        self._ws = ws
        self._streamed = False
        ws._get_writer()  # openpyxl makes it on the first append
        writer = ws._writer
        writer.write_hyperlinks = lambda: self._write(writer)

    def take(self, column: int, target: str) -> bool:
        """Link the cell at ``column`` (1-based) of the current row, if the limit allows."""
        if not self.left:
            self.overflow = True
            return False
        self.left -= 1
        self._rows.append(self.row)
        self._columns.append(column)
        self._targets.append(target)
        return True

    def _write(self, writer: Any) -> None:
        """Stand-in for openpyxl's ``WorksheetWriter.write_hyperlinks``."""
        if not self._targets:
            return
        rels = _LinkRelationships(writer._rels, self._targets)
        # With no other relationship (the sheets here have none), the file is the
        # links' alone and can be streamed after the save; else openpyxl builds it.
        self._streamed = not len(writer._rels)
        xf = writer.xf.send(True)  # the raw xmlfile, as openpyxl's write_rows takes it
        with xf.element("hyperlinks"):
            for i, (row, column) in enumerate(zip(self._rows, self._columns, strict=True)):
                xf.write(Element("hyperlink", {"ref": f"{get_column_letter(column)}{row}",
                                               f"{{{REL_NS}}}id": rels.id_of(i)},
                                 nsmap={"r": REL_NS}))
        writer.xf.send(None)  # hand control back to openpyxl's generator
        if not self._streamed:
            writer._rels = rels

    def write_relationships(self, archive: ZipFile) -> None:
        """Add the links' relationships to the saved workbook (opened to append).

        The same XML openpyxl writes, one relationship at a time.
        """
        if not self._streamed:
            return
        entry = ZipInfo(get_rels_path(self._ws.path)[1:], time.localtime()[:6])
        entry.compress_type = ZIP_DEFLATED
        with archive.open(entry, "w") as out:
            out.write(f'<Relationships xmlns="{PKG_REL_NS}">'.encode())
            for i, target in enumerate(self._targets, 1):
                out.write(f'<Relationship Type="{_HYPERLINK_TYPE}" Target="{_attr(target)}" '
                          f'TargetMode="External" Id="rId{i}"/>'.encode("ascii", "xmlcharrefreplace"))
            out.write(b"</Relationships>")


class _LinkRelationships:
    """A sheet's relationships: openpyxl's own, then one per hyperlink, made on demand."""

    def __init__(self, others: RelationshipList, targets: list[str]) -> None:
        self.others = others
        self.targets = targets
        self.first = len(others) + 1

    def id_of(self, index: int) -> str:
        return f"rId{self.first + index}"

    def __len__(self) -> int:
        return len(self.others) + len(self.targets)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.others)  # openpyxl looks here for drawings and tables only

    def to_tree(self) -> Any:
        tree = self.others.to_tree() if len(self.others) else Element("Relationships")
        tree.set("xmlns", PKG_REL_NS)
        for i, target in enumerate(self.targets):
            SubElement(tree, "Relationship", {"Type": _HYPERLINK_TYPE, "Target": target,
                                              "TargetMode": "External", "Id": self.id_of(i)})
        return tree


def _attr(text: str) -> str:
    """``text`` escaped for a double-quoted attribute, as lxml escapes it.

    >>> _attr('https://b.example/?a=1&b="2"<')
    'https://b.example/?a=1&amp;b=&quot;2&quot;&lt;'
    """
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
