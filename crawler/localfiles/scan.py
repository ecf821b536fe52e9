"""Audit local files instead of URLs: a blog's sources, a WordPress export, text files.

Pure of Scrapy: files are read, decoded and handed to the same detector the
crawl uses (``audit_page`` for markup, ``find_in_text`` for text), and the
findings go to the same record (which makes the same workbook), with a ``file:`` URI and a line
number where a crawl puts the page URL. Detection is pure, so files are
audited in parallel worker processes (``jobs``).
"""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import logging
import multiprocessing
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from crawler.detect import Finding, Mine, RuleSet, audit_page, find_in_text, load_rules, mark_mine
from crawler.detect.prefilter import prefilter_for
from crawler.inputs.seeds import BadSeed
from crawler.inputs.textfiles import decode_text_file
from crawler.localfiles.ownfiles import OwnOutputs, is_record_line, is_run_metadata
from crawler.localfiles.walk import (
    OWN_OUTPUT,
    SPECIAL,
    Walk,
    file_id,
    iter_files,
    path_of_uri,
)
from crawler.model import PageRecord, RunInfo, ScanFiles
from crawler.progress import Progress, Tally
from crawler.site.charsets import UTF_8
from crawler.site.prescan import prescan

logger = logging.getLogger(__name__)

__all__ = ["SCAN_MODE", "ScanOptions", "ScanOutcome", "default_jobs", "run_scan", "scan_file"]

#: The seed mode a scanned path is recorded under (``site``/``page`` are URLs).
SCAN_MODE = "files"

# Markup (and templates that are mostly markup): parsed as HTML so attributes,
# scripts and comments are read as a browser would see them.
MARKUP_EXTENSIONS = frozenset({
    ".html", ".htm", ".xhtml", ".shtml", ".ejs", ".swig", ".njk", ".nunjucks", ".liquid",
    ".hbs", ".handlebars", ".mustache", ".jinja", ".jinja2", ".j2", ".tmpl", ".tpl",
    ".gohtml", ".php", ".vue", ".svelte", ".astro", ".erb", ".jsp", ".asp", ".aspx", ".xml",
    ".rss", ".atom", ".svg",
})
# Markdown: text with links in it, possibly raw HTML, and front matter.
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx", ".rmd"})

MAX_FILE_BYTES = 64 * 1024 * 1024
_SNIFF = 8192
_TAG = re.compile(r"<(?:[A-Za-z][\w:-]*[\s/>]|!--)")
_MARKUP_WINDOW = 4096  # how far audit_page looks for markup before reading a document as text
_EMPTY_COMMENT = "<!---->"  # marks a document as markup without moving any line
# <https://…> is a link in Markdown, but an HTML parser reads it as a tag.
_AUTOLINK = re.compile(r"<((?:https?:)?//[^\s<>]+)>")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*$", re.S | re.M)
_PRESCAN_BYTES = 2048  # where a file's own <meta charset> or XML declaration is looked for
_WXR_MARK = b"wordpress.org/export/"
# Opening a FIFO for reading waits for a writer, forever; O_NONBLOCK returns at
# once (and changes nothing for a regular file). Windows has no FIFOs and no flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# Item types whose rows would only crowd the Pages sheet unless they hold a finding.
_WXR_QUIET_TYPES = frozenset({"attachment", "nav_menu_item", "revision", "customize_changeset",
                              "oembed_cache", "wp_global_styles"})


@dataclass(frozen=True)
class ScanOptions:
    jobs: int = 1
    include_build: bool = False
    rules: tuple[str, ...] = ()
    mine: tuple[str, ...] = ()
    lang: str | None = None
    """The language the run speaks (``--lang``), written into its run file."""


@dataclass(frozen=True)
class ScanOutcome:
    """What ``run_scan`` did; shaped like the crawl's outcome so the command reads both alike."""

    report: Path
    findings: int
    files: int
    files_failed: int
    complete: bool
    finish_reason: str


def default_jobs() -> int:
    """Worker processes: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- reading one file ---------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file as an editor would show it, and a note when it was not UTF-8.

    >>> decode(b"\\xef\\xbb\\xbfhi")
    ('hi', None)
    >>> decode("淘口令".encode("gb18030"))
    ('淘口令', 'decoded as GB18030')
    """
    # A <meta> or XML declaration, found and read as a browser opening the file would.
    decoded = decode_text_file(data, prescan(data, _PRESCAN_BYTES))
    if decoded is not None:
        text, encoding = decoded
        if encoding is UTF_8:
            return text, None
        # The byte order of a UTF-16 file is its BOM's business, not the reader's.
        name = "UTF-16" if encoding.name.startswith("UTF-16") else encoding.name.upper()
        return text, f"decoded as {name}"
    return (data.decode("utf-8", "replace"),
            "neither UTF-8 nor GB18030: undecodable bytes were replaced")


def _front_matter_lines(text: str) -> int:
    """How many lines the YAML (``---``) or TOML (``+++``) front matter takes."""
    m = _FRONT_MATTER.match(text)
    return text.count("\n", 0, m.end()) + 1 if m else 0


def _as_markup(text: str) -> str | None:
    """``text`` ready for the HTML parser when it holds tags, else ``None``."""
    m = _TAG.search(text)
    if m is None:
        return None
    # audit_page reads a document as plain text when no tag shows near its
    # start; an empty comment on line 1 makes it parse without moving a line.
    return text if m.start() < _MARKUP_WINDOW else _EMPTY_COMMENT + text


def _blank_autolinks(text: str) -> str:
    # Same length, so offsets and lines stay put.
    return _AUTOLINK.sub(lambda m: f" {m.group(1)} ", text)


def _text_findings(text: str, page_url: str, rules: RuleSet) -> list[Finding]:
    """``find_in_text``, after the whole-document trigger test that ``audit_page`` does first.

    find_in_text matches every URL of the text against the rules; a text that
    holds no trigger of any rule (most files of a blog) cannot match, and
    testing that is several times cheaper. Escapes (``\\u002e``, ``&#46;``) can
    hide a trigger, so a text holding any is scanned whole.
    """
    prefilter = prefilter_for(rules)
    if (prefilter is not None and not prefilter.search(text)
            and "\\" not in text and "&" not in text):
        return []
    return find_in_text(text, page_url, rules)


def _findings_in(text: str, page_url: str, rules: RuleSet, kind: str,
                 utf8: bytes | None = None) -> list[Finding]:
    """Findings of a file's text; ``utf8`` is the file's bytes when they were that text in
    strict UTF-8, which the parser and the prefilter then read instead of encoding it again."""
    if kind == "markdown":
        text = _blank_autolinks(text)
        front = _front_matter_lines(text)
        markup = _as_markup(text)
        found = (audit_page(markup, page_url, rules).findings if markup is not None
                 else _text_findings(text, page_url, rules))
        if front:
            found = [dataclasses.replace(f, location="front matter")
                     if f.line is not None and f.line <= front else f for f in found]
        return found
    if kind == "markup":
        markup = _as_markup(text)
        if markup is not None:
            return audit_page(markup, page_url, rules,
                              utf8=utf8 if markup is text else None).findings
    return _text_findings(text, page_url, rules)


def _kind(path: Path, head: bytes) -> str:
    ext = path.suffix.lower()
    if ext == ".xml" and _WXR_MARK in head:
        return "wxr"
    if ext in MARKDOWN_EXTENSIONS:
        return "markdown"
    if ext in MARKUP_EXTENSIONS:
        return "markup"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary"
    return "text"


@dataclass(slots=True)
class _Result:
    """One audited page (a file, or a post of a WordPress export) and its findings."""

    page: PageRecord
    findings: list[dict[str, Any]]
    skipped: str | None = None
    """Why the file was not audited after all (``OWN_OUTPUT``, ``SPECIAL``); the page is
    then not recorded, only counted."""
    quiet: bool = False
    """A post without findings of a type whose row would only crowd the Pages sheet
    (``_WXR_QUIET_TYPES``): audited, but its page is neither recorded nor counted."""


_RULES: RuleSet | None = None
_MINE = Mine()


def _init_worker(rules_files: tuple[str, ...], mine: tuple[str, ...]) -> None:
    global _RULES, _MINE
    if _RULES is None:  # a forked worker already has the parent's
        _RULES = load_rules(rules_files)
        _MINE = Mine.parse(mine)


def _page(url: str, seed: str, mode: str = "file", *, error: str | None = None,
          note: str | None = None, audited: bool = True) -> PageRecord:
    return PageRecord(url, mode, seed, error=error, note=note, audited=audited, fetched=False)


def _finish(page: PageRecord, findings: list[Finding]) -> _Result:
    findings = mark_mine(findings, _MINE)
    page.findings = len(findings)
    return _Result(page, [f.to_dict() for f in findings])


def scan_file(path: Path, root: Path, rules: RuleSet | None = None) -> list[_Result]:
    """Audit one file: one result, or one per post for a WordPress export.

    A file that cannot be read gives a result with ``error`` set; a binary file
    gives none. Only a regular file is read, and at most ``MAX_FILE_BYTES`` of
    it: a symlink to ``/dev/zero`` or a file that grows has no end.
    """
    rules = rules or _RULES or load_rules()
    uri = path.as_uri()
    seed = root.as_uri()
    try:
        # The walk saw a regular file, but it may have been swapped for a FIFO since.
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return [_Result(_page(uri, seed), [], skipped=SPECIAL)]
            head = f.read(_SNIFF)
            if head[:1] == b"{" and b"\n" in head and is_record_line(head.split(b"\n", 1)[0]):
                return [_Result(_page(uri, seed), [], skipped=OWN_OUTPUT)]
            kind = _kind(path, head)
            if kind == "binary":
                return []
            if kind == "wxr":
                f.seek(0)
                return list(_scan_wxr(path, f, seed, rules))
            # The size stat reports is no limit (a file in /proc says 0, a file may
            # grow): the bytes read are counted too.
            data = head if st.st_size > MAX_FILE_BYTES else (
                head + f.read(max(0, MAX_FILE_BYTES + 1 - len(head))))
    except OSError as exc:
        return [_Result(_page(uri, seed, error=f"cannot be read: {exc.strerror or exc}",
                              audited=False), [])]
    if st.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        return [_Result(_page(uri, seed, error=(
            f"larger than {MAX_FILE_BYTES // 2**20} MB; not audited (scan it on its own "
            "after splitting it, or check it by hand)"), audited=False), [])]
    if head.startswith(b"{\n") and is_run_metadata(data):
        return [_Result(_page(uri, seed), [], skipped=OWN_OUTPUT)]
    text, note = decode(data)
    utf8 = data if note is None and not data.startswith(codecs.BOM_UTF8) else None
    return [_finish(_page(uri, seed, note=note), _findings_in(text, uri, rules, kind, utf8))]


# -- WordPress export (WXR) ---------------------------------------------------------


def _name(el: etree._Element) -> str:
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def _child_text(item: etree._Element, name: str) -> str:
    for child in item:
        if isinstance(child.tag, str) and _name(child) == name:
            return (child.text or "").strip()
    return ""


def _wxr_fields(item: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """The parts of an item a reader sees: title, content, excerpt, custom fields, comments."""
    for child in item:
        if not isinstance(child.tag, str):
            continue
        name = _name(child)
        if name in ("title", "content:encoded", "excerpt:encoded"):
            yield name, child
        elif name == "wp:postmeta":
            key = _child_text(child, "wp:meta_key")
            for part in child:
                if isinstance(part.tag, str) and _name(part) == "wp:meta_value":
                    yield f"wp:postmeta[{key}]", part
        elif name == "wp:comment":
            for part in child:
                if isinstance(part.tag, str) and _name(part) in ("wp:comment_content",
                                                                  "wp:comment_author_url"):
                    yield f"wp:comment {_name(part)}", part


def _scan_wxr(path: Path, source: Any, seed_root: str, rules: RuleSet) -> Iterator[_Result]:
    """One result per item of the export ``source`` (the open file of ``path``): the
    post's permalink as page, the export's line as line."""
    uri = path.as_uri()
    label = path.name
    # No DTD, no entity expansion, no network: an export is untrusted input.
    items = etree.iterparse(source, events=("end",), tag="item", load_dtd=False,
                            no_network=True, resolve_entities=False, huge_tree=False,
                            remove_comments=False)
    number = 0
    try:
        for _event, item in items:
            number += 1
            yield _wxr_item(item, number, uri, label, rules)
            item.clear()
            while item.getprevious() is not None:
                del item.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        yield _Result(_page(uri, seed_root, error=(
            f"not well-formed XML at line {line} ({exc.msg}); the {number} post(s) before it "
            "were audited, the rest were not. Export again from WordPress (Tools → Export)"),
            audited=False), [])
    except OSError as exc:
        yield _Result(_page(uri, seed_root, error=f"cannot be read: {exc.strerror or exc}",
                            audited=False), [])
    else:
        if not number:
            yield _Result(_page(uri, seed_root, note="a WordPress export without posts"), [])


def _wxr_item(item: etree._Element, number: int, uri: str, label: str,
              rules: RuleSet) -> _Result:
    permalink = (_child_text(item, "link") or _child_text(item, "guid")
                 or f"{uri}#item-{number}")
    title = _child_text(item, "title")
    post_type = _child_text(item, "wp:post_type") or "post"
    status = _child_text(item, "wp:status") or "publish"
    findings: list[Finding] = []
    for name, el in _wxr_fields(item):
        text = el.text or ""
        if not text.strip():
            continue
        base = el.sourceline or 1
        found = _findings_in(text, permalink, rules,
                             "text" if name == "title" else "markup")
        for f in found:
            line = base + (f.line or 1) - 1
            where = f"{label}:{line} {name}" + (f" {f.path}" if f.path else "")
            findings.append(dataclasses.replace(f, line=line, path=where))
    note = f"{label}:{item.sourceline} · {post_type} “{title}”"
    if status != "publish":
        note += f" ({status}, not published)"
    page = _page(permalink, uri, mode="post", note=note)
    result = _finish(page, findings)
    result.quiet = not findings and post_type in _WXR_QUIET_TYPES
    return result


# -- the whole scan -----------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _scan_one(task: tuple[Path, Path]) -> list[_Result]:
    return scan_file(task[0], task[1])


_FILES_PER_JOB = 16  # fewer files than this per worker are not worth a fork
# Files handed to a worker at a time. Each hand-off wakes the pool's threads in the
# parent: at 8 files a chunk they added a fifth to the CPU of a 5,000-file scan, at
# 64 under a tenth (benchmarks/crawl_bench.py, (c) against (c1)). A worker left idle
# at the end waits for at most 64 files' work, a few tenths of a second.
_CHUNK = 64


def _tasks(roots: Sequence[Path], options: ScanOptions, walk: Walk,
           own: OwnOutputs | None = None) -> Iterator[tuple[Path, Path]]:
    """Each file to audit once, with its root, as the walk finds it."""
    seen: set[Path] = set()  # roots may overlap: a folder and a file inside it
    for root in roots:
        for path in iter_files(root, include_build=options.include_build, walk=walk, own=own):
            if path not in seen:
                seen.add(path)
                yield path, root


def _results(tasks: Iterator[tuple[Path, Path]],
             options: ScanOptions) -> Iterator[list[_Result]]:
    """Audit files as the walk yields them, in order, without listing them all first."""
    # A pool costs a fork per worker: worth it only when there is work to share,
    # which the first files of the walk tell.
    first = list(itertools.islice(tasks, options.jobs * _FILES_PER_JOB))
    jobs = min(options.jobs, max(1, len(first) // _FILES_PER_JOB))
    everything = itertools.chain(first, tasks)
    if jobs <= 1:
        yield from map(_scan_one, everything)
        return
    with multiprocessing.get_context().Pool(
        jobs, initializer=_init_worker, initargs=(options.rules, options.mine)
    ) as pool:
        yield from pool.imap(_scan_one, everything, chunksize=_CHUNK)


def run_scan(report: Path, roots: Sequence[Path], bad: Sequence[BadSeed], options: ScanOptions,
             *, previous_pages: Sequence[dict[str, Any]] = (), command: str = "scan",
             progress: Progress | None = None) -> ScanOutcome:
    """Audit the files under ``roots``; write the record of ``report`` (the command builds the workbook).

    ``previous_pages`` are the page rows of an earlier scan being verified: a
    file deleted since, or a post no longer in its export, is recorded as gone.
    ``progress`` is told the numbers after each file, and closed at the end.
    """
    from reports import RecordWriter, sidecars, write_run_json

    global _RULES, _MINE
    _RULES, _MINE = load_rules(options.rules), Mine.parse(options.mine)
    files = sidecars(report)
    started = _now()
    walk = Walk()
    findings = pages = failed = 0
    produced: set[str] = set()  # only to tell what an earlier scan had that is gone
    parsed_exports: set[str] = set()
    complete, reason = True, "finished"
    with RecordWriter(files.findings) as out, RecordWriter(files.pages) as page_out:
        own = _own_outputs(report)
        try:
            for results in _results(_tasks(roots, options, walk, own), options):
                for result in results:
                    if result.skipped:
                        walk.skip(path_of_uri(result.page.url), result.skipped)
                        continue
                    for row in result.findings:
                        out.write(row)
                    findings += len(result.findings)
                    page = result.page
                    if previous_pages:
                        produced.add(page.url)
                    if page.mode == "post" and not page.error:
                        parsed_exports.add(page.seed)
                    if result.quiet:
                        continue
                    page_out.write(page.to_dict())
                    pages += 1
                    failed += bool(page.error)
                if progress is not None:
                    progress.update(Tally(audited=pages - failed, failed=failed,
                                          findings=findings))
        except KeyboardInterrupt:
            complete, reason = False, "interrupted"
        finally:
            if progress is not None:
                progress.close()
        for page in _gone(previous_pages, produced, parsed_exports, roots):
            page_out.write(page.to_dict())
    notes = _notes(walk, roots, complete, len(parsed_exports))
    run = RunInfo(
        command=command,
        started=started,
        finished=_now(),
        seeds=[{"mode": SCAN_MODE, "url": root.as_uri(), "source": "command line"}
               for root in roots],
        bad_seeds=[b.to_dict() for b in bad],
        complete=complete,
        finish_reason=reason,
        not_followed={},
        previous_report=None,
        mine=list(options.mine),
        notes=notes,
        lang=options.lang,
        files=ScanFiles(audited=pages - failed, failed=failed, binary_skipped=walk.binary,
                        linkaudit_outputs_skipped=walk.reports,
                        job_folders_skipped=walk.job_folders,
                        special_skipped=[p.as_uri() for p in walk.special],
                        symlinks_not_followed=[p.as_uri() for p, _target in walk.outside],
                        include_build=options.include_build,
                        build_output_skipped=[p.as_uri() for p in walk.build_output]),
    )
    write_run_json(files.run, run)
    return ScanOutcome(report, findings, pages, failed, complete, reason)


def _own_outputs(report: Path) -> OwnOutputs | None:
    """The report being written, its sidecars and its lock (its folder exists by now)."""
    from crawler.outputs import lock_path, output_files

    folder = file_id(report.parent)
    if folder is None:
        return None
    return OwnOutputs(folder, frozenset(p.name for p in (*output_files(report),
                                                        lock_path(report))))


def _gone(previous: Sequence[dict[str, Any]], produced: set[str], parsed_exports: set[str],
          roots: Sequence[Path]) -> Iterator[PageRecord]:
    for page in previous:
        url = str(page.get("url") or "")
        if not url or url in produced:
            continue
        if url.startswith("file:"):
            path = path_of_uri(url)
            if not path.exists() and any(path.is_relative_to(r) for r in roots):
                yield _page(url, str(page.get("seed") or ""), audited=False,
                            note="file deleted since the earlier scan")
        elif page.get("mode") == "post" and page.get("seed") in parsed_exports:
            yield _page(url, str(page["seed"]), mode="post", audited=False,
                        note="no longer in the WordPress export")


def _notes(walk: Walk, roots: Sequence[Path], complete: bool, exports: int) -> list[str]:
    notes = []
    if exports:
        notes.append("a WordPress export holds posts, pages, custom fields and comments, not "
                     "widgets, menus' HTML or theme settings, where ad-slot code often sits: "
                     "check those in wp-admin (Appearance → Widgets, theme options)")
    if walk.build_output:
        shown = ", ".join(_shown(p, roots) for p in walk.build_output[:5])
        more = f" and {len(walk.build_output) - 5} more" if len(walk.build_output) > 5 else ""
        notes.append(f"generated output skipped: {shown}{more} (built from the sources, which "
                     "were audited; pass --include-build to audit it too)")
    if walk.binary:
        notes.append(f"{walk.binary} binary file(s) skipped (images, fonts, archives…)")
    if walk.reports or walk.job_folders:
        folders = f" and {walk.job_folders} crawl job folder(s)" if walk.job_folders else ""
        notes.append(f"{walk.reports} file(s){folders} written by linkaudit skipped (reports' "
                     "records and run files, wherever they are: their links are the ones "
                     "already found)")
    if walk.outside:
        shown = ", ".join(f"{_shown(p, roots)} → {target}" for p, target in walk.outside[:5])
        more = f" and {len(walk.outside) - 5} more" if len(walk.outside) > 5 else ""
        notes.append(f"{len(walk.outside)} symlink(s) leading out of the scanned folder not "
                     f"followed: {shown}{more} (to audit what they lead to, name it too: "
                     "linkaudit scan FOLDER TARGET)")
    if walk.special:
        shown = ", ".join(_shown(p, roots) for p in walk.special[:5])
        more = f" and {len(walk.special) - 5} more" if len(walk.special) > 5 else ""
        notes.append(f"{len(walk.special)} item(s) that are not regular files skipped: {shown}"
                     f"{more} (pipes, sockets, devices; only regular files are read)")
    if not complete:
        notes.append("the scan was interrupted; files not reached are not audited")
    return notes


def _shown(path: Path, roots: Sequence[Path]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix() + ("/" if path.is_dir() else "")
    return str(path)
