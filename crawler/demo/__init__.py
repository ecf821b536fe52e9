"""The bundled demo: a sample creator site and two off-platform-style posts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["POSTS", "demo_dir"]

#: The off-platform posts audited as single pages.
POSTS = ("zhihu-answer.html", "csdn-post.html")


def demo_dir(name: str) -> Path:
    """Folder of the bundled ``site`` or ``posts``."""
    return Path(str(resources.files(__package__).joinpath(name)))
