"""The layers the folders name: the pure ones import neither Scrapy nor Twisted.

Each package is imported, module by module, in a fresh interpreter (one already
holding Scrapy would prove nothing), and the modules it loaded are listed.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PURE = ("crawler.detect", "crawler.site", "crawler.inputs", "crawler.localfiles", "crawler.i18n",
        "reports")
# The record model, the page audit, and the pure halves of mixed packages: the render guard
# (the rest is scrapy-playwright glue), the job folder's state (its queue is built on
# Scrapy's disk queues).
PURE_MODULES = ("crawler.model", "crawler.pageaudit", "crawler.render.guard",
                "crawler.render.jsrisk", "crawler.jobdir.state")
FRAMEWORKS = ("scrapy", "twisted", "playwright", "scrapy_playwright")


def _modules(package: str) -> list[str]:
    path = ROOT.joinpath(*package.split("."))
    return [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


@pytest.mark.parametrize("module", [m for p in PURE for m in _modules(p)] + list(PURE_MODULES))
def test_pure_layers_import_no_framework(module: str) -> None:
    program = (f"import sys, {module}\n"
               f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({FRAMEWORKS!r})))")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"{module} loads {done.stdout.strip()}"
