"""Which ``file:`` URLs name a path on this machine, and which reach out to another one.

A scan records each file as a ``file:`` URL. One with a host (``file://host/share``)
or a path that Windows reads as a network share (``file:////host/share``,
``file:///\\\\host\\share``) makes Windows connect to that host and offer the
user's credentials: never a link to click in a report, nor a path to re-scan.

Pure: strings in, answers out.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

__all__ = ["is_local_file_url"]

_LOCAL_HOSTS = frozenset({"", "localhost"})


def is_local_file_url(url: str) -> bool:
    """Whether ``url`` is a ``file:`` URL of a path on this machine.

    >>> is_local_file_url("file:///home/me/blog/a.md"), is_local_file_url("file:///C:/blog/a.md")
    (True, True)
    >>> is_local_file_url("file://localhost/home/me/a.md")
    True
    >>> [is_local_file_url(u) for u in ("file://host/share/a.md", "file:////host/share",
    ...                                 "file:///%5C%5Chost/share", "file:///a.md?x=1",
    ...                                 "file:a.md", "https://b.example/")]
    [False, False, False, False, False, False]
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced "[" in the host
        return False
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in _LOCAL_HOSTS:
        return False
    if parts.query or parts.fragment:
        return False  # a path has neither; a scan never writes them
    # Windows reads "\" as "/", and a path starting "//" as \\host\share.
    path = unquote(parts.path).replace("\\", "/")
    return path.startswith("/") and not path.startswith("//")
