"""The lock files: what the scripts and CI install, kept consistent with pyproject.toml's ranges."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("run", "render", "test")
# A pin: `name==version ; marker \` followed by its `--hash=sha256:…` lines.
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?: ; (?P<marker>[^\\]+?))?\s*\\$")
_HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}")


def read_lock(name: str) -> dict[str, tuple[Version, int]]:
    """The pins of requirements/NAME.txt that apply here: each one's version and hash count.

    A universal lock may pin one package twice under exclusive markers (one version for
    older Pythons); the one whose marker holds on this interpreter is the one pip installs.
    """
    pins: dict[str, tuple[Version, int]] = {}
    current = None
    for line in (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = None
            if match["marker"] and not Marker(match["marker"]).evaluate():
                continue
            current = canonicalize_name(match["name"])
            assert current not in pins, f"{name}.txt pins {current} twice for this Python"
            pins[current] = (Version(match["version"]), 0)
        elif current and _HASH.match(line):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_is_checked_by_hash(lock: str) -> None:
    pins = read_lock(lock)
    assert pins
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


@pytest.mark.parametrize(("lock", "extras"), [("run", ()), ("render", ("render",)),
                                               ("test", ("render", "test"))])
def test_pins_satisfy_the_projects_ranges(lock: str, extras: tuple[str, ...]) -> None:
    """Every dependency pyproject.toml declares is pinned, inside its declared range."""
    pins = read_lock(lock)
    declared = list(project()["dependencies"])
    for extra in extras:
        declared += project()["optional-dependencies"][extra]
    env = default_environment()
    for text in declared:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate(env):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock}.txt does not pin {text!r}: run scripts/lock.sh"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{lock}.txt pins {name}=={pins[name][0]}, outside {text!r}: run scripts/lock.sh")


def test_the_larger_installs_keep_the_run_locks_versions() -> None:
    """A test install tests exactly the versions the demo and `linkaudit` run on."""
    run = read_lock("run")
    for lock in ("render", "test"):
        other = read_lock(lock)
        assert {n: v for n, (v, _) in run.items()} == {
            n: other[n][0] for n in run if n in other}, lock
        assert set(run) <= set(other), lock


def test_the_demo_install_leaves_out_test_tools_and_the_browser_driver() -> None:
    run = read_lock("run")
    for tool in ("pytest", "hypothesis", "ruff", "playwright", "scrapy-playwright", "pandas"):
        assert tool not in run
    assert {"scrapy-playwright", "playwright"} <= set(read_lock("render"))
    assert {"pytest", "hypothesis", "ruff", "scrapy-playwright"} <= set(read_lock("test"))


def test_render_without_its_driver_names_the_install_command(tmp_path: Path) -> None:
    """`--render` on the demo's install says how to add the driver; nothing is crawled."""
    # None in sys.modules is how Python itself marks a module as not importable.
    program = ("import sys; sys.modules['scrapy_playwright'] = None; "
               "sys.argv = ['linkaudit', 'crawl', '--render', 'http://127.0.0.1:9/', "
               "'-o', 'out/r.xlsx']; from crawler.cli import run; run()")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert "scripts/bootstrap.sh render" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("profile", "stamped"), [("run", ["run"]), ("test", ["test", "run"])])
def test_bootstrap_ends_well_after_installing(tmp_path: Path, profile: str,
                                              stamped: list[str]) -> None:
    """A first install exits 0 and stamps what it installed, whatever the profile (demo.sh
    runs it under set -e: a non-zero end stopped the Quick start after a good install)."""
    for part in ("scripts", "requirements"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    # pip is a stand-in that installs nothing; the stamp's digests use the real Python.
    (venv_bin / "python").write_text(
        f'#!/bin/sh\n[ "$1" = -m ] && [ "$2" = pip ] && exit 0\nexec {sys.executable} "$@"\n')
    (venv_bin / "python").chmod(0o755)
    done = subprocess.run(["bash", "scripts/bootstrap.sh", profile], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    stamp = (tmp_path / ".venv" / ".linkaudit-installed").read_text().split("\n")
    assert [line.split()[0] for line in stamp if line] == stamped
