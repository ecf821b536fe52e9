"""TLS for the crawl: certificates are verified for every host that receives the user's login.

Scrapy verifies no certificate by default, which is right for reading public
pages (an expired certificate on an old blog should not stop the audit) and
wrong for a request carrying ``--cookies`` or ``--header``: anyone able to
present a certificate, any certificate, would get the login. So the hosts the
login belongs to get the certificate checks a browser makes (a trusted issuer,
the right host name); every other host is fetched as Scrapy fetches it.

Trusted issuers are the system's, read by OpenSSL, which also honours
``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` (a company's own certificate authority).
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from twisted.internet.ssl import optionsForClientTLS

from crawler.middlewares.auth import Credentials

__all__ = ["LoginTLSPolicy", "certificate_problem"]

_ONLY_VERIFIED = "--cookies/--header are only sent to a server whose certificate verifies"


class LoginTLSPolicy(_ScrapyClientContextFactory):
    """Scrapy's context factory, verifying certificates of the login's hosts
    (``DOWNLOADER_CLIENTCONTEXTFACTORY``; see :meth:`Credentials.receives_login`)."""

    def __init__(self, *args: Any, credentials: Credentials | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.credentials = credentials or Credentials()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> LoginTLSPolicy:
        kwargs["credentials"] = Credentials.from_settings(crawler.settings)
        return super().from_crawler(crawler, *args, **kwargs)

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:  # noqa: N802 - Twisted's name
        host = hostname.decode("ascii")
        if not self.credentials.receives_login(host):
            return super().creatorForNetloc(hostname, port)
        # What Scrapy does with DOWNLOAD_VERIFY_CERTIFICATES, for this host alone.
        return optionsForClientTLS(hostname=host,
                                   extraCertificateOptions=self._get_cert_options_kwargs())


def certificate_problem(error: BaseException) -> str | None:
    """Why a login's host failed certificate verification, as the page's error; else ``None``."""
    from OpenSSL import SSL
    from service_identity import VerificationError

    if isinstance(error, VerificationError):
        return (f"the TLS certificate is not valid for this host (it names other hosts); "
                f"{_ONLY_VERIFIED}: check the address")
    if isinstance(error, SSL.Error) and "certificate verify failed" in str(error):
        return ("the TLS certificate is not issued by an authority this computer trusts "
                f"(self-signed or expired?); {_ONLY_VERIFIED}; if your company runs its "
                "own authority, point SSL_CERT_FILE at its certificate")
    return None
