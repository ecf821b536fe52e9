"""Why a download failed, in words: Scrapy's, Twisted's and OpenSSL's errors described.

Kept apart from the spider because it depends on those libraries' error types;
the spider only asks :func:`describe_failure` and :func:`is_robots_refusal`.
"""

from __future__ import annotations

from collections.abc import Iterator

from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.internet.error import (
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.middlewares.tls import certificate_problem

__all__ = ["describe_failure", "is_robots_refusal"]

# Why a download failed, most specific first: Scrapy wraps Twisted's errors, so
# the cause chain is searched. {timeout}, {maxsize} and {detail} are filled in.
_FAILURES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, DNSLookupError),
     "DNS lookup failed: the host name does not resolve; check its spelling"),
    ((DownloadConnectionRefusedError, ConnectionRefusedError),
     "connection refused: nothing answers on that port"),
    ((DownloadTimeoutError, TimeoutError, TCPTimedOutError),
     "timed out: no complete answer within {timeout}"),
    (SSL.Error, "TLS handshake failed ({detail}); is the address really https?"),
    (_DecompressionMaxSizeExceeded,
     "response larger than {maxsize} once decompressed (a compression bomb?); not audited"),
    (DownloadCancelledError, "response larger than {maxsize}; not audited"),
    (ConnectionLost, "connection reset by the server before the page was complete"),
    (ResponseDataLossError, "the server closed the connection before the page was complete"),
    (ConnectionDone, "the server closed the connection without answering"),
)


def is_robots_refusal(failure: Failure) -> bool:
    return bool(failure.check(IgnoreRequest)) and "robots.txt" in str(failure.value)


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    """``error``, what it was raised from, and the reasons a Twisted ResponseFailed lists."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        error = pending.pop(0)
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        pending += [r.value for r in getattr(error, "reasons", None) or ()
                    if isinstance(r, Failure)]
        pending += [error.__cause__, error.__context__]


def _mib(size: int) -> str:
    """A byte count as people read size caps.

    >>> _mib(16 * 1024 * 1024), _mib(1536 * 1024)
    ('16 MiB', '1.5 MiB')
    """
    return f"{size / 2**20:g} MiB"


def describe_failure(failure: Failure, maxsize: int = 0) -> str:
    """Why the request of ``failure`` brought no response, as the Pages sheet says it."""
    if is_robots_refusal(failure):
        return "robots.txt forbids fetching this page; check it by hand"
    causes = list(_causes(failure.value))
    meta = failure.request.meta if getattr(failure, "request", None) else {}
    timeout = meta.get("download_timeout")
    limit = meta.get("download_maxsize", maxsize)
    values = {"timeout": f"{timeout:g} s" if timeout else "the download timeout",
              "maxsize": _mib(limit) if limit else "the download size cap"}
    certificate = next(filter(None, map(certificate_problem, causes)), None)
    if certificate:  # a host that gets the login (crawler.middlewares.tls)
        return certificate
    for kind, text in _FAILURES:
        found = next((e for e in causes if isinstance(e, kind)), None)
        if found is not None:
            return text.format(detail=_ssl_detail(found), **values)
    if failure.check(IgnoreRequest):
        return f"not fetched: {failure.value}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def _ssl_detail(error: BaseException) -> str:
    """The OpenSSL reason, e.g. ``wrong version number`` (a plain-HTTP port)."""
    if not isinstance(error, SSL.Error):
        return ""
    # OpenSSL reports [(library, function, reason), ...].
    parts = error.args[0] if error.args and isinstance(error.args[0], list) else []
    reasons = [str(p[-1]) for p in parts if isinstance(p, tuple) and p and p[-1]]
    return "; ".join(reasons) or str(error) or "no reason given"
