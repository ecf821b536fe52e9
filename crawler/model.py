"""The records linkaudit writes, shared by the crawl and the scan: findings, pages, the run.

Pure data: no Scrapy, no I/O. Each record turns into the plain dict its JSON
file holds (``to_dict``), in that file's key order; :class:`RunInfo` also reads
one back (``from_dict``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Finding", "PageRecord", "RunInfo", "ScanFiles"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of an affiliate link on one page: a row of ``REPORT.jsonl``.

    Every field is a plain ``str``/``int``/``None`` so a finding round-trips
    through JSON Lines unchanged (see :meth:`to_dict`).
    """

    page_url: str
    """The page (or file) the link was published on."""
    link: str
    """The string as published: a URL, a token such as ``￥AbCdEf12345￥`` or a code snippet."""
    network: str
    """Affiliate programme, e.g. ``taobao`` (Taobao/Tmall/Alimama)."""
    kind: str
    """What sort of link it is, e.g. ``click link``, ``coupon link``, ``token``."""
    rule: str
    """Id of the rule that matched (see ``rules.toml``)."""
    confidence: str
    """One of :data:`crawler.detect.confidence.CONFIDENCES`."""
    location: str
    """Where on the page: ``a[href]``, ``script``, ``text``, ``comment``, ``redirect`` …"""
    pid: str | None = None
    """Full PID as published, e.g. ``mm_123_456_789``."""
    member_id: str | None = None
    """Affiliate account (first PID segment); the key a creator recognises as theirs."""
    site_id: str | None = None
    """Registered site/app (second PID segment)."""
    adzone_id: str | None = None
    """Ad slot, 推广位 (third PID segment)."""
    unwrapped: str | None = None
    """The affiliate URL after unwrapping redirect wrappers and encodings, when it differs from ``link``."""
    context: str | None = None
    """Anchor text or a short snippet around the link."""
    line: int | None = None
    """1-based line in the page source, where known."""
    path: str | None = None
    """CSS-style path of the element, e.g. ``html>body>div.post>p>a``."""
    mine: bool | None = None
    """Whether the id is the creator's (``--mine``); ``None`` when unknown."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Other ids a rule captured (``relationId``, ``unid`` …)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict in the JSONL record's key order (``dataclasses.asdict``, without
        its deep copy of every value: only ``extra`` is a container).

        >>> from dataclasses import asdict
        >>> f = Finding("https://b.example/", "https://s.click.taobao.com/AbC1234", "taobao",
        ...             "short link", "taobao-short", "affiliate host, id hidden", "a[href]",
        ...             line=3, extra={"unid": "u1"})
        >>> f.to_dict() == asdict(f) and list(f.to_dict()) == list(asdict(f))
        True
        """
        row = {name: getattr(self, name) for name in _FINDING_KEYS}
        row["extra"] = dict(self.extra)
        return row


_FINDING_KEYS = tuple(f.name for f in fields(Finding))


@dataclass(slots=True)
class PageRecord:
    """One page the crawl (or one file or post the scan) tried to audit, whatever happened
    to it: a row of ``REPORT.pages.jsonl``."""

    url: str
    mode: str
    """``site`` or ``page``: how the seed that led here is crawled; ``file`` or ``post``
    (of a WordPress export) for the scan."""
    seed: str
    status: int | None = None
    """HTTP status, ``None`` when no response arrived."""
    findings: int = 0
    depth: int = 0
    redirects: list[str] = field(default_factory=list)
    """URLs that redirected to this one, first to last."""
    error: str | None = None
    """Why the page could not be audited; ``None`` when it was."""
    note: str | None = None
    """Something worth knowing that is not an error (e.g. a redirect out of scope)."""
    audited: bool = True
    """False when the page's content was not read (an error, robots.txt, not HTML)."""
    rendered: bool = False
    """True when headless Chromium ran the page's scripts before it was audited."""
    script_inserts: str | None = None
    """On a page read without rendering: how an inline script inserts markup (e.g.
    ``innerHTML``); links it adds were not seen."""
    found_via: str | None = None
    """How the crawl found a page no link led to first: ``sitemap <url>``, ``RSS feed <url>``,
    ``robots.txt <url>``…; ``None`` for seeds and links."""
    fetched: bool = True
    """False for a file read from disk (``linkaudit scan``): nothing renders or discovers
    it, so its row has no ``rendered``, ``script_inserts`` or ``found_via``. Not written."""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict in the pages record's key order.

        >>> PageRecord("file:///b/a.md", "file", "file:///b", fetched=False).to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'url': 'file:///b/a.md', 'mode': 'file', 'seed': 'file:///b', 'status': None,
         'findings': 0, 'depth': 0, 'redirects': [], 'error': None, 'note': None, 'audited': True}
        """
        row = {name: getattr(self, name)
               for name in (_PAGE_KEYS if self.fetched else _FILE_PAGE_KEYS)}
        row["redirects"] = list(self.redirects)
        # A page with an error was not audited, whichever branch set the error.
        row["audited"] = self.audited and not self.error
        return row

    def add_note(self, note: str) -> None:
        """Add ``note`` after any note the page already has."""
        self.note = f"{self.note}; {note}" if self.note else note


_PAGE_KEYS = tuple(f.name for f in fields(PageRecord) if f.name != "fetched")
_FILE_PAGE_KEYS = tuple(k for k in _PAGE_KEYS
                        if k not in ("rendered", "script_inserts", "found_via"))


# -- REPORT.run.json -----------------------------------------------------------------------

#: What a value read back must be: a name for messages and a test. ``type(v) is int``
#: because a bool is an int to Python, not to the record.
_Kind = tuple[str, Callable[[Any], bool]]
_TEXT: _Kind = ("text", lambda v: type(v) is str)
_TEXT_OR_NULL: _Kind = ("text or null", lambda v: v is None or type(v) is str)
_FLAG: _Kind = ("true or false", lambda v: type(v) is bool)
_COUNT: _Kind = ("a whole number", lambda v: type(v) is int)
_TEXTS: _Kind = ("a list of text", lambda v: type(v) is list and all(type(x) is str for x in v))
_OBJECTS: _Kind = ("a list of objects",
                   lambda v: type(v) is list and all(type(x) is dict for x in v))
_COUNTS: _Kind = ("an object of whole numbers",
                  lambda v: type(v) is dict and all(type(x) is int for x in v.values()))
_OBJECT: _Kind = ("an object", lambda v: type(v) is dict)


def _known(data: Mapping[str, Any], kinds: Mapping[str, _Kind],
           within: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys of ``data`` named in ``kinds`` (each checked) and the others, as read.

    Containers are copied, so the record read does not share them with ``data``.
    """
    known: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for key, value in data.items():
        kind = kinds.get(key)
        if kind is None:
            others[key] = value
            continue
        name, test = kind
        if not test(value):
            raise ValueError(f"field {within}{key!r} is {_shown(value)}, expected {name}")
        known[key] = _copy(value)
    return known, others


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    return dict(value) if isinstance(value, dict) else value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(slots=True)
class ScanFiles:
    """What ``linkaudit scan`` did with the files it met (``files`` in its run file)."""

    audited: int = 0
    failed: int = 0
    binary_skipped: int = 0
    linkaudit_outputs_skipped: int = 0
    """Records and run files linkaudit wrote, wherever they lie."""
    job_folders_skipped: int = 0
    special_skipped: list[str] = field(default_factory=list)
    """``file:`` URLs of pipes, sockets and devices met (only regular files are read)."""
    symlinks_not_followed: list[str] = field(default_factory=list)
    """``file:`` URLs of symlinks leading out of the scanned folders."""
    include_build: bool = False
    """``--include-build``: generated output (``public/``, ``_site/``) was audited too."""
    build_output_skipped: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys a later version wrote, kept as read."""

    def to_dict(self) -> dict[str, Any]:
        return {**{key: _copy(getattr(self, key)) for key in _SCAN_FILES_KINDS},
                **_copy(self.extra)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScanFiles:
        """Read :meth:`to_dict`'s dict back; a missing key takes its default.

        :raises ValueError: a key holds a value of the wrong type.
        """
        known, extra = _known(data, _SCAN_FILES_KINDS, "files.")
        return cls(**known, extra=extra)


_SCAN_FILES_KINDS: dict[str, _Kind] = {
    **dict.fromkeys(("audited", "failed", "binary_skipped", "linkaudit_outputs_skipped",
                     "job_folders_skipped"), _COUNT),
    **dict.fromkeys(("special_skipped", "symlinks_not_followed"), _TEXTS),
    "include_build": _FLAG,
    "build_output_skipped": _TEXTS,
}


@dataclass(slots=True)
class RunInfo:
    """What a run was: ``REPORT.run.json``, written by ``crawl``, ``scan`` and ``verify``.

    :meth:`to_dict` writes every field (``files`` only for a scan) and then the
    keys a later version wrote, which :meth:`from_dict` keeps as read. A run file
    lacking a field (an older version's, or one written by hand) reads with the
    field's default, which is what every reader assumed of a missing key.
    """

    command: str
    """``crawl``, ``scan``, ``verify``, ``demo``…; empty when the file does not say."""
    started: str | None = None
    """ISO 8601 local time, to the second."""
    finished: str | None = None
    seeds: list[dict[str, Any]] = field(default_factory=list)
    """The seeds as ``Seed.to_dict()`` wrote them (``mode``, ``url``, ``source``, ``render``…).
    Kept as objects: a run file is input (``verify`` reads it back), and those who read
    the seeds check each one themselves."""
    bad_seeds: list[dict[str, Any]] = field(default_factory=list)
    """Seed lines refused (``BadSeed.to_dict()``: ``source``, ``line``, ``why``)."""
    complete: bool = True
    """False when the run stopped before it reached every page."""
    finish_reason: str | None = None
    """Scrapy's close reason (``finished``, ``closespider_pagecount``…), or the scan's."""
    not_followed: dict[str, int] = field(default_factory=dict)
    """In-scope links not followed, counted by why (a page or depth cap)."""
    previous_report: str | None = None
    """The report ``verify`` compared against."""
    mine: list[str] = field(default_factory=list)
    """The ids ``--mine`` named as the creator's."""
    notes: list[str] = field(default_factory=list)
    """Things worth knowing about the run, shown on the Summary sheet."""
    lang: str | None = None
    """The language of the run's workbook and summary (``zh``/``en``): ``verify`` and
    ``report`` keep it unless told otherwise; ``None`` in runs written before it was kept."""
    files: ScanFiles | None = None
    """A scan's tally of the files it met; ``None`` for a crawl."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys a later version wrote, kept as read."""

    def to_dict(self) -> dict[str, Any]:
        """The run file's object, in its key order.

        >>> run = RunInfo("scan", files=ScanFiles(audited=2), extra={"later": 1})
        >>> RunInfo.from_dict(run.to_dict()) == run
        True
        >>> list(run.to_dict())[-3:]
        ['lang', 'files', 'later']
        """
        row = {key: _copy(getattr(self, key)) for key in _RUN_KINDS if key != "files"}
        if self.files is not None:
            row["files"] = self.files.to_dict()
        row.update(_copy(self.extra))
        return row

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunInfo:
        """Read :meth:`to_dict`'s dict back; a missing key takes its default.

        >>> RunInfo.from_dict({"seeds": [{"mode": "page", "url": "https://a.example/"}]})
        ... # doctest: +ELLIPSIS
        RunInfo(command='', started=None, ..., seeds=[{'mode': 'page', ...}], ...)
        >>> RunInfo.from_dict({"complete": "yes"})
        Traceback (most recent call last):
        ValueError: field 'complete' is 'yes', expected true or false

        :raises ValueError: a key holds a value of the wrong type.
        """
        known, extra = _known(data, _RUN_KINDS)
        files = known.pop("files", None)
        return cls(**{"command": "", **known}, extra=extra,
                   files=None if files is None else ScanFiles.from_dict(files))


_RUN_KINDS: dict[str, _Kind] = {
    "command": _TEXT,
    **dict.fromkeys(("started", "finished"), _TEXT_OR_NULL),
    **dict.fromkeys(("seeds", "bad_seeds"), _OBJECTS),
    "complete": _FLAG,
    "finish_reason": _TEXT_OR_NULL,
    "not_followed": _COUNTS,
    "previous_report": _TEXT_OR_NULL,
    **dict.fromkeys(("mine", "notes"), _TEXTS),
    "lang": _TEXT_OR_NULL,
    "files": _OBJECT,
}
