"""Finding the nodes that hold a page's matches costs linear time in the page.

lxml keeps a node's children as a linked list: ``len(node)``, ``node[i]`` and
``node.index(child)`` walk it. The tree here is built from element classes that
count those steps, so the test measures work, not seconds (a loaded machine
cannot make it pass or fail): doubling the page may at most double the steps.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree, html

from crawler.detect.plan import _owners_by_line

STEPS = [0]


class _Counting:
    """Charges each child access what lxml's linked list costs it."""

    def __len__(self) -> int:
        n = super().__len__()
        STEPS[0] += n
        return n

    def __getitem__(self, index):
        STEPS[0] += index if isinstance(index, int) and index >= 0 else len(self)
        return super().__getitem__(index)

    def index(self, child, *args):
        found = super().index(child, *args)
        STEPS[0] += found + 1
        return found

    def __iter__(self) -> Iterator:
        for child in super().__iter__():
            STEPS[0] += 1
            yield child


class _Element(_Counting, html.HtmlElement):
    pass


class _Comment(_Counting, html.HtmlComment):
    pass


def _parse(document: str) -> etree._Element:
    parser = html.HTMLParser()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(element=_Element, comment=_Comment))
    return etree.fromstring(document, parser)


A = '<a href="https://s.click.taobao.com/t?pid=mm_1_2_3">x</a>'

#: Page shapes, each a function of the number of affiliate anchors.
SHAPES = {
    "one wide body, an anchor a line": lambda n: "\n".join([A] * n),
    "a list item a line": lambda n: "<ul>" + "\n".join(f"<li>{A}</li>" for _ in range(n)) + "</ul>",
    "paragraphs with comments": lambda n: "\n".join(f"<p>t<!-- c -->{A}</p>" for _ in range(n)),
    "all on one line": lambda n: "".join([A] * n),
    "two anchors a line in divs": lambda n: "\n".join(f"<div>{A}{A}</div>" for _ in range(n // 2)),
}


def _owners(shape: str, n: int) -> tuple[int, list[etree._Element], etree._Element]:
    root = _parse("<html><body>\n" + SHAPES[shape](n) + "\n</body></html>")
    near = [("taobao", a.sourceline) for a in root.iter("a")]
    STEPS[0] = 0
    found = _owners_by_line(root, near)
    return STEPS[0], found, root


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_owners_by_line_cost_is_linear_in_the_page(shape: str) -> None:
    small, _, _ = _owners(shape, 2000)
    large, found, root = _owners(shape, 4000)
    assert large <= 2.5 * small, (small, large)
    # …and the nodes are those holding the matches, in document order.
    assert found == list(root.iter("a"))
