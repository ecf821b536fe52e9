"""reports imports openpyxl without numpy, and leaves numpy importable (reports/_openpyxl.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("numpy")  # the point is moot where numpy is not installed


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_numpy_not_loaded_by_writing_a_workbook(tmp_path) -> None:
    out = _run(
        "import sys, reports\n"
        f"reports.write_workbook({str(tmp_path / 'R.xlsx')!r}, findings=[], pages=[], run={{}})\n"
        "print('numpy' in sys.modules)"
    )
    assert out == "False"


def test_numpy_still_importable_afterwards() -> None:
    out = _run("import reports, numpy\nprint(numpy.arange(3).sum())")
    assert out == "3"
