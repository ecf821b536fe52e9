"""The end-of-run summary table, as text: box drawing for a terminal, aligned lines elsewhere.

Pure: the CLI decides where the text goes (``crawler.cli`` alone prints).
Widths are terminal cells, so Chinese labels line up: a CJK character takes two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SummaryTable", "cell_width", "render", "shown_path"]


@dataclass(frozen=True)
class SummaryTable:
    title: str
    rows: tuple[tuple[str, str], ...]
    """``(label, value)`` pairs, in order; an empty label continues the row above."""
    colon: str = ":"
    """After each label in the plain form (Chinese text uses the full-width ``：``)."""


def cell_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: wide (CJK) characters take two.

    >>> cell_width("Workbook"), cell_width("工作簿"), cell_width("表格 A")
    (8, 6, 6)
    """
    from rich.cells import cell_len

    return cell_len(text)


def render_plain(table: SummaryTable) -> str:
    """``label:  value`` lines, the values aligned in one column, for logs and scripts.

    >>> print(render_plain(SummaryTable("T", (("结论", "干净"), ("Record", "r.jsonl")))))
    T
      结论:    干净
      Record:  r.jsonl
    >>> print(render_plain(SummaryTable("汇总", (("结论", "干净"), ("工作簿", "r.xlsx")), "：")))
    汇总
      结论：    干净
      工作簿：  r.xlsx
    """
    width = max((cell_width(label) for label, _ in table.rows), default=0)
    width += cell_width(table.colon)
    lines = [table.title]
    for label, value in table.rows:
        head = f"{label}{table.colon}" if label else ""  # a second value of the row above
        lines.append(f"  {head}{' ' * (width - cell_width(head) + 2)}{value}")
    return "\n".join(lines)


def render_boxed(table: SummaryTable, width: int = 100) -> str:
    """The table drawn with box characters (rich measures CJK widths), without colour codes."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    drawn = Table(title=table.title, box=box.ROUNDED, safe_box=True, show_header=False,
                  title_justify="left")
    drawn.add_column(no_wrap=True)
    drawn.add_column(overflow="fold")
    for label, value in table.rows:
        drawn.add_row(label, value)
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False,
            legacy_windows=False, emoji=False, highlight=False).print(drawn)
    return "\n".join(line.rstrip() for line in out.getvalue().rstrip("\n").splitlines())


def render(table: SummaryTable, *, terminal: bool, width: int = 100) -> str:
    """Boxed on a ``terminal``, else plain lines."""
    return render_boxed(table, width) if terminal else render_plain(table)


def shown_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when it is under it, else absolute.

    >>> shown_path(Path("/home/a/out/r.xlsx"), Path("/home/a"))
    'out/r.xlsx'
    >>> shown_path(Path("/tmp/r.xlsx"), Path("/home/a"))
    '/tmp/r.xlsx'
    """
    full = Path(path).absolute()
    try:
        return str(full.relative_to(cwd.absolute()))
    except ValueError:
        return str(full)
