"""openpyxl, imported without numpy.

openpyxl imports numpy whenever it is installed (pandas brings it), only so that
numpy's scalar types count as numbers. That import is two thirds of openpyxl's
(0.15 of 0.23 s here), paid by every ``linkaudit`` run that writes or reads a
workbook. Every value linkaudit writes comes from JSON, never from numpy, so
openpyxl is imported with numpy hidden, unless numpy is already loaded (then the
import costs nothing). numpy stays importable afterwards.
"""

from __future__ import annotations

import sys


def _import_without_numpy() -> None:
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        if sys.modules.get("numpy", False) is None:
            del sys.modules["numpy"]


_import_without_numpy()
