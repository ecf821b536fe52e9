"""The bundled demo: a sample creator site and two off-platform-style posts."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

__all__ = ["POSTS", "clean", "demo_dir"]

#: The off-platform posts audited as single pages.
POSTS = ("zhihu-answer.html", "csdn-post.html")


def demo_dir(name: str) -> Path:
    """Folder of the bundled ``site`` or ``posts``."""
    return Path(str(resources.files(__package__).joinpath(name)))


def clean(root: Path) -> None:
    """Apply the demo's cleanup (``cleanup.toml``) to a copy of the sample under ``root``
    (holding ``site/`` and ``posts/``): the edits a creator would make before verifying.

    :raises ValueError: an edit's text does not occur exactly once in its file (the sample
        changed without its cleanup).
    """
    edits = tomllib.loads(resources.files(__package__).joinpath("cleanup.toml")
                          .read_text(encoding="utf-8"))["edit"]
    for edit in edits:
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        if text.count(edit["old"]) != 1:
            raise ValueError(f"cleanup.toml: the text to replace in {edit['file']} occurs "
                             f"{text.count(edit['old'])} times, not once")
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
