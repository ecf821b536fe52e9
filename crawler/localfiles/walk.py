"""Walking the folders a scan is given: which files are worth reading, and what was skipped.

Version control, dependencies and generator output are left out, binary files are
not opened, symlinks leading out of the folder are not followed, FIFOs and devices
are never opened, and linkaudit's own outputs are not read back as sources.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from crawler.inputs.seeds import BadSeed
from crawler.localfiles.ownfiles import OwnOutputs, is_job_folder

logger = logging.getLogger(__name__)

__all__ = ["OWN_OUTPUT", "SPECIAL", "Walk", "file_id", "iter_files", "path_of_uri", "scan_roots"]

# Never the creator's published text: version control, dependencies, caches.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", "__pycache__", ".venv", "venv",
    ".cache", ".sass-cache", ".jekyll-cache", ".idea", ".vscode", ".DS_Store",
})
# What static-site generators write from the sources (Hexo and Hugo: public/,
# Jekyll: _site/, Hexo's deploy clone and its post cache db.json). Auditing the
# sources covers it, and auditing both would report every link twice.
BUILD_OUTPUT = frozenset({"public", "_site", ".deploy_git", "db.json"})
# A build-output name only counts as one beside a generator's config file: a
# "public" folder elsewhere (a web app's static files) is a source.
SITE_CONFIGS = frozenset({
    "_config.yml", "_config.yaml", "_config.toml", "config.toml", "config.yaml",
    "config.yml", "config.json", "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
})
ALWAYS_BUILD_OUTPUT = frozenset({".deploy_git"})

# Skipped without being opened.
BINARY_EXTENSIONS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".tif", ".tiff",
    ".psd", ".heic", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".m4a",
    ".mov", ".avi", ".mkv", ".webm", ".wav", ".flac", ".ogg", ".zip", ".gz", ".tgz", ".bz2",
    ".xz", ".7z", ".rar", ".jar", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
    ".exe", ".dll", ".so", ".dylib", ".class", ".pyc", ".o", ".a", ".bin", ".dat", ".db",
    ".sqlite", ".sqlite3", ".swf", ".map",
})
# Why a file met on the walk is not audited, as the scan's results and Walk count them.
OWN_OUTPUT, SPECIAL = "linkaudit output", "not a regular file"


@dataclass
class Walk:
    """What the walk skipped, for the run's notes."""

    binary: int = 0
    reports: int = 0
    """Files written by linkaudit: records, run files, this run's own report."""
    job_folders: int = 0
    """Job folders of crawls (``REPORT.job/``)."""
    outside: list[tuple[Path, str]] = field(default_factory=list)
    """Symlinks leading out of the scanned folder, with their targets: not followed."""
    special: list[Path] = field(default_factory=list)
    """FIFOs, sockets, devices: never opened (a FIFO blocks, /dev/zero never ends)."""
    build_output: list[Path] = field(default_factory=list)

    def skip(self, path: Path, why: str) -> None:
        if why == SPECIAL:
            self.special.append(path)
        else:
            self.reports += 1


def path_of_uri(uri: str) -> Path:
    """The local path of a ``file:`` URI, as :meth:`Path.as_uri` wrote it.

    The URI percent-encodes the path's bytes, so a name that is not valid UTF-8
    (a folder copied from an old GBK system) comes back as the same bytes.

    >>> path_of_uri("file:///tmp/my%20blog/a.md").as_posix()
    '/tmp/my blog/a.md'
    >>> os.fsencode(path_of_uri("file:///tmp/%FF%FE-posts/a.md")) == b"/tmp/\\xff\\xfe-posts/a.md"
    True
    """
    path = os.fsdecode(unquote_to_bytes(urlsplit(uri).path))
    if os.name == "nt" and re.match(r"/[A-Za-z]:", path):
        path = path[1:]  # file:///C:/blog is C:/blog
    return Path(path)


def scan_roots(paths: Iterable[str]) -> tuple[list[Path], list[BadSeed]]:
    """The paths that exist (absolute, without repeats), and the ones that do not."""
    roots: list[Path] = []
    bad: list[BadSeed] = []
    for text in paths:
        path = Path(text).expanduser()
        if not path.exists():
            bad.append(BadSeed("command line", text, f"{text}: no such file or folder"))
            continue
        path = path.resolve()
        if path not in roots:
            roots.append(path)
    return roots, bad


def _is_build_output(entry: os.DirEntry[str], siblings: frozenset[str]) -> bool:
    if entry.name in ALWAYS_BUILD_OUTPUT:
        return True
    return entry.name in BUILD_OUTPUT and not SITE_CONFIGS.isdisjoint(siblings)


def file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _special(path: Path) -> bool:
    """Something that exists and is neither a folder nor a regular file (a FIFO, a device)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # a broken symlink: reading it says why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _is_within(path: str, folder: str) -> bool:
    """Whether the real ``path`` is ``folder`` or inside it (both real, absolute).

    >>> _is_within("/blog/themes/a", "/blog"), _is_within("/blog2/a", "/blog")
    (True, False)
    """
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # on Windows, another drive
        return False


def iter_files(root: Path, *, include_build: bool = False, walk: Walk | None = None,
               own: OwnOutputs | None = None) -> Iterator[Path]:
    """Every file under ``root`` worth reading, in a stable order.

    Skips version control and dependency folders, generator output (unless
    ``include_build``), files whose extension says they are binary, crawls'
    job folders, anything but regular files, and the report ``own`` being
    written. A symlink is followed when it leads to a file or folder inside
    ``root``, and not when it leads out of it: a cloned repository's link to
    ``/etc`` or ``~`` would have the report list what lies there. Those are
    noted, and their targets can be scanned by naming them.
    """
    walk = walk if walk is not None else Walk()
    inside = os.path.realpath(root)
    if not root.is_dir():
        folder = file_id(root.parent)
        if own is not None and folder is not None and own.holds(folder, root.name):
            walk.skip(root, OWN_OUTPUT)
        elif _special(root):
            walk.skip(root, SPECIAL)
        else:
            yield root
        return
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue  # a symlink loop
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            logger.warning("cannot list %s: %s", folder, exc.strerror)
            continue
        names = frozenset(e.name for e in entries)
        if is_job_folder(names):
            walk.job_folders += 1
            continue
        mine = own is not None and own.folder == (st.st_dev, st.st_ino)
        subfolders = []
        for entry in entries:
            if entry.name in SKIP_DIRS:
                continue
            if not include_build and _is_build_output(entry, names):
                walk.build_output.append(Path(entry.path))
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _is_within(target, inside):
                    walk.outside.append((Path(entry.path), target))
                    continue
            try:
                is_dir = entry.is_dir()
                # d_type answers both without a system call, except for symlinks
                special = not is_dir and not entry.is_file() and _special(Path(entry.path))
            except OSError:
                is_dir = special = False
            if is_dir:
                subfolders.append(Path(entry.path))
            elif special:
                walk.skip(Path(entry.path), SPECIAL)
            elif mine and own is not None and own.holds(own.folder, entry.name):
                walk.skip(Path(entry.path), OWN_OUTPUT)
            elif os.path.splitext(entry.name)[1].lower() in BINARY_EXTENSIONS:
                walk.binary += 1
            else:
                yield Path(entry.path)
        stack.extend(reversed(subfolders))
