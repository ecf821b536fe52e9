"""``linkaudit scan`` and ``verify`` at the edges: linkaudit's own outputs inside the scanned
folder, files that are not regular files, names that are not UTF-8, crafted reports."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import crawler.localfiles.scan as localscan
from crawler.cli import ExitCode, main
from crawler.localfiles.scan import scan_file
from crawler.localfiles.walk import SPECIAL, Walk, iter_files, path_of_uri
from reports import write_workbook
from tests.conftest import linkaudit
from tests.localfiles.test_scan import sheet_rows, summary_notes

N = 7  # links planted in the blog


def plant(blog: Path, links: int = N) -> None:
    """A blog whose posts sort before ``output/``: the walk reaches them first."""
    posts = blog / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(links):
        (posts / f"{i:02}.md").write_text(
            f"# 第 {i} 篇\n\n[买](https://s.click.taobao.com/AbC{i:04d})\n", encoding="utf-8")
    (posts / "clean.md").write_text("没有链接\n", encoding="utf-8")


def unplant(blog: Path) -> None:
    for post in (blog / "content" / "posts").glob("*.md"):
        post.write_text("链接已删除\n", encoding="utf-8")


def finding_count(xlsx: Path) -> int:
    return len(sheet_rows(xlsx, "Findings"))


# -- linkaudit's own outputs ------------------------------------------------------------


def test_scan_dot_twice_then_verify_is_clean(tmp_path: Path) -> None:
    """The issue's case: the default output folder inside the scanned folder."""
    blog = tmp_path / "blog"
    plant(blog)
    for _ in range(2):
        result = linkaudit("scan", ".", "--jobs", "1", "-o", "output/x.xlsx", cwd=blog)
        assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
        assert f"Found {N} affiliate link(s)" in result.stdout
        assert finding_count(blog / "output" / "x.xlsx") == N
    unplant(blog)
    result = linkaudit("verify", "output/x.xlsx", "-o", "output/v.xlsx", cwd=blog)
    assert f"{N} removed, 0 remaining, 0 new" in result.stdout, result.stdout + result.stderr
    assert result.returncode == ExitCode.OK, result.stderr


@pytest.mark.parametrize("output", [
    "output/x.xlsx",  # the default folder
    "x.xlsx",  # beside the sources
    "zz/deep/report.v2.xlsx",  # nested, a dotted name
    "content/posts/report.xlsx",  # among the posts themselves
])
def test_the_report_being_written_is_never_audited(
        tmp_path: Path, output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blog = tmp_path / "blog"
    plant(blog)
    monkeypatch.chdir(blog)
    for _ in range(2):
        assert main(["scan", ".", "--jobs", "1", "-o", output]) == ExitCode.LINKS_FOUND
        assert finding_count(blog / output) == N
        pages = {row["URL"] for row in sheet_rows(blog / output, "Pages")}
        assert len(pages) == N + 1  # the posts, nothing of the report's


def _earlier_outputs(blog: Path, report: Path) -> Iterator[str]:
    """Copies of an earlier report's files under other names, in other folders."""
    record, pages, run = (report.with_name("r" + suffix)
                          for suffix in (".jsonl", ".pages.jsonl", ".run.json"))
    for source, target in ((record, "backup/old-audit.jsonl"),
                           (record, "notes/findings.txt"),
                           (pages, "archive/2024/pages.log"),
                           (run, "archive/2024/info.json"),
                           (record, "archive/.r.jsonl.4242.tmp")):
        (blog / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, blog / target)
        yield target
    # A crawl's job folder: Scrapy's pickled queue holds URLs (a link, here).
    job = blog / "crawls" / "site.job"
    (job / "requests.queue").mkdir(parents=True)
    (job / "requests.queue" / "p0").write_bytes(b"\x80\x04https://s.click.taobao.com/JoB0001")
    (job / "spider.state").write_bytes(b"\x80\x04}q\x00.")


def test_earlier_outputs_are_recognised_by_content_wherever_they_are(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    plant(blog)
    first = tmp_path / "elsewhere" / "r.xlsx"
    assert main(["scan", str(blog), "--jobs", "1", "-o", str(first)]) == ExitCode.LINKS_FOUND
    copies = list(_earlier_outputs(blog, first))
    # JSON of the creator's own, with links: recognition needs the keys of linkaudit's rows.
    (blog / "links.jsonl").write_text(
        json.dumps({"url": "https://s.click.taobao.com/AbC0101", "title": "x"}) + "\n",
        encoding="utf-8")
    (blog / "config.json").write_text(
        '{\n  "command": "build",\n  "buy": "https://s.click.taobao.com/AbC0102"\n}\n',
        encoding="utf-8")
    again = tmp_path / "again.xlsx"
    assert main(["scan", str(blog), "--jobs", "1", "-o", str(again)]) == ExitCode.LINKS_FOUND
    assert finding_count(again) == N + 2
    notes = summary_notes(again)
    assert any(f"{len(copies)} file(s) and 1 crawl job folder(s) written by linkaudit skipped"
               in note for note in notes), notes
    # Named explicitly, they are skipped too.
    explicit = tmp_path / "explicit.xlsx"
    assert main(["scan", *(str(blog / c) for c in copies), str(blog / "crawls" / "site.job"),
                 "-o", str(explicit)]) == ExitCode.OK
    assert finding_count(explicit) == 0


# -- only regular files ------------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays


def _to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("real-fifo"))
    path.symlink_to("real-fifo")


SPECIAL_FILES = {"fifo.md": _fifo, "socket.html": _socket, "zero.md": _to_dev_zero,
                 "link-to-fifo.txt": _to_fifo}


@pytest.fixture
def special_folder(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo") or not Path("/dev/zero").exists():
        pytest.skip("needs FIFOs and /dev/zero")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "ok.md").write_text("https://s.click.taobao.com/AbC0001\n", encoding="utf-8")
    for name, make in SPECIAL_FILES.items():
        make(folder / name)
    return folder


def test_the_walk_yields_only_regular_files(special_folder: Path) -> None:
    walk = Walk()
    found = [p.name for p in iter_files(special_folder, walk=walk)]
    assert found == ["ok.md"]
    assert sorted(p.name for p in walk.special) == sorted(
        ["fifo.md", "socket.html", "link-to-fifo.txt", "real-fifo"])
    assert [(p.name, target) for p, target in walk.outside] == [("zero.md", "/dev/zero")]


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: opening a FIFO for reading waits for a writer forever."""
    def hung(*_: Any) -> None:
        raise TimeoutError("hung on a special file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", ["fifo.md", "link-to-fifo.txt"])
def test_a_file_swapped_for_a_special_one_is_not_read(special_folder: Path, name: str,
                                                      deadline: None) -> None:
    """Between the walk and the read a file may become a FIFO: checked again once open."""
    results = scan_file(special_folder / name, special_folder)
    assert [(r.skipped, r.findings) for r in results] == [(SPECIAL, [])]


def test_a_scan_with_special_files_finishes_and_says_what_it_skipped(
        special_folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    result = linkaudit("scan", str(special_folder), "-o", str(report), cwd=tmp_path, timeout=60)
    assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
    assert finding_count(report) == 1
    assert "4 item(s) that are not regular files skipped" in result.stderr
    assert "1 symlink(s) leading out of the scanned folder not followed: zero.md → /dev/zero" in (
        result.stderr)
    assert {row["URL"] for row in sheet_rows(report, "Pages")} == {
        (special_folder / "ok.md").as_uri()}


def test_symlinks_are_followed_inside_the_folder_only(tmp_path: Path) -> None:
    """A theme linked from elsewhere is named, not walked; a link within the folder is."""
    outside = tmp_path / "shared-theme"
    outside.mkdir()
    (outside / "ad.ejs").write_text('<a href="https://s.click.taobao.com/AbC0001">买</a>\n',
                                    encoding="utf-8")
    blog = tmp_path / "blog"
    (blog / "drafts").mkdir(parents=True)
    (blog / "drafts" / "a.md").write_text("https://u.jd.com/AbC0002\n", encoding="utf-8")
    (blog / "themes").mkdir()
    links = {"themes/shared": outside, "themes/ad.ejs": outside / "ad.ejs",
             "etc": Path("/etc"), "home": Path.home(), "root": Path("/")}
    for name, target in links.items():
        (blog / name).symlink_to(target)
    (blog / "published").symlink_to(blog / "drafts")  # inside, and walked once already
    (blog / "latest.md").symlink_to(blog / "drafts" / "a.md")  # inside: followed
    walk = Walk()
    found = {p.relative_to(blog).as_posix() for p in iter_files(blog, walk=walk)}
    assert found == {"drafts/a.md", "latest.md"}
    assert {p.relative_to(blog).as_posix() for p, _ in walk.outside} == set(links)
    report = tmp_path / "r.xlsx"
    assert main(["scan", str(blog), str(outside), "-o", str(report)]) == ExitCode.LINKS_FOUND
    assert finding_count(report) == 3  # a.md under both names, and the theme named on its own
    assert any("symlink(s) leading out of the scanned folder not followed" in note
               for note in summary_notes(report))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_the_bytes_read_are_capped_not_the_size_stat_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files in /proc say they are 0 bytes long; a growing file outruns its stat."""
    monkeypatch.setattr(localscan, "MAX_FILE_BYTES", 100)
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "status.md").symlink_to("/proc/self/status")
    (folder / "big.md").write_bytes(b"x" * 101)
    (folder / "small.md").write_bytes(b"x" * 100)
    for name, error in (("status.md", True), ("big.md", True), ("small.md", False)):
        (result,) = scan_file(folder / name, folder)
        assert bool(result.page.error) is error, name
        if error:
            assert "larger than" in result.page.error


# -- names that are not UTF-8 ------------------------------------------------------------

UNDECODABLE = [
    b"\xff\xfe-posts",  # not UTF-8 at all
    "测试".encode("gbk"),  # a folder from a GBK system
    "café".encode("latin-1"),
    b"\xed\xa0\x80-surrogate",  # an encoded surrogate, which UTF-8 forbids
]


@pytest.mark.parametrize("name", UNDECODABLE, ids=lambda b: b.hex())
def test_undecodable_names_survive_scan_record_and_verify(
        tmp_path: Path, name: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    if os.name == "nt":
        pytest.skip("Windows names are UTF-16")
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), name)))
    inner = root / os.fsdecode(name + b"-inner")
    inner.mkdir(parents=True)
    (root / "a.md").write_text("https://s.click.taobao.com/AbC0001\n", encoding="utf-8")
    (inner / "b.md").write_text("https://u.jd.com/AbC0002\n", encoding="utf-8")
    report = tmp_path / "r.xlsx"
    assert main(["scan", str(root), "-o", str(report)]) == ExitCode.LINKS_FOUND
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_bytes().splitlines()]
    assert {os.fsencode(path_of_uri(row["page_url"])) for row in rows} == {
        os.fsencode(root / "a.md"), os.fsencode(inner / "b.md")}
    (inner / "b.md").write_text("removed\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(report), "-o", str(tmp_path / "v1.xlsx")]) == ExitCode.LINKS_FOUND
    assert "1 removed, 1 remaining, 0 new" in capsys.readouterr().out
    (root / "a.md").write_text("removed\n", encoding="utf-8")
    assert main(["verify", str(tmp_path / "v1.xlsx"), "-o", str(tmp_path / "v2.xlsx")]) == 0
    assert "1 removed, 0 remaining, 0 new" in capsys.readouterr().out


# -- crafted reports ---------------------------------------------------------------------


def _add_seed(xlsx: Path, url: str) -> None:
    wb = load_workbook(xlsx)
    wb["Run"].append(["files", url])
    wb.save(xlsx)


def _edit_run(xlsx: Path, url: str) -> None:
    run_file = xlsx.with_name(xlsx.stem + ".run.json")
    run = json.loads(run_file.read_text(encoding="utf-8"))
    run["seeds"][0]["url"] = url
    run_file.write_text(json.dumps(run), encoding="utf-8")


def _edit_line(path: Path, number: int, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[number - 1])
    row[key] = value
    lines[number - 1] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CRAFTED = {
    "workbook seed /etc": (lambda x, _: _add_seed(x, "file:///etc"),
                           "r.xlsx: the seeds table on the Summary sheet lists file:///etc"),
    "workbook seed on a share": (lambda x, _: _add_seed(x, "file://host/share"),
                                 "lists file://host/share, which its run file"),
    "run file seed on a share": (lambda x, _: _edit_run(x, "file://host/share"),
                                 "r.run.json: seed 1 ('file://host/share') is not a file:///"),
    "run file missing": (lambda x, _: x.with_name("r.run.json").unlink(),
                         "a scan report without its run file r.run.json"),
    "page outside": (lambda x, _: _edit_line(x.with_name("r.pages.jsonl"), 2, "url",
                                          "file:///etc/passwd"),
                     "r.pages.jsonl, line 2: url file:///etc/passwd is not inside"),
    "finding climbing out": (lambda x, blog: _edit_line(x.with_name("r.jsonl"), 1, "page_url",
                                                        blog.as_uri() + "/../../etc/passwd"),
                             "/../../etc/passwd is not inside"),
    "finding on a share": (lambda x, _: _edit_line(x.with_name("r.jsonl"), 1, "page_url",
                                                "file:////host/share/a.md"),
                           "r.jsonl, line 1: page_url file:////host/share/a.md is not inside"),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_verify_of_a_crafted_report_scans_nothing_and_names_the_line(
        tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    blog = tmp_path / "blog"
    plant(blog, links=2)
    report = tmp_path / "r.xlsx"
    assert main(["scan", str(blog), "-o", str(report)]) == ExitCode.LINKS_FOUND
    craft, message = CRAFTED[case]
    craft(report, blog)
    capsys.readouterr()
    assert main(["verify", str(report), "-o", str(tmp_path / "v.xlsx")]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "v.pages.jsonl").exists()  # nothing was scanned


# -- hyperlinks --------------------------------------------------------------------------

LINKS = [
    ("https://blog.example/p/1", True),
    ("file:///home/me/blog/a.md", True),
    ("file://localhost/home/me/blog/a.md", True),
    ("file:///C:/blog/a.md", True),
    ("file://host/share/a.md", False),
    ("FILE://HOST/share/a.md", False),
    ("file:////host/share/a.md", False),
    ("file:///%5C%5Chost/share/a.md", False),
    ("file:///\\\\host\\share\\a.md", False),
    ("javascript:alert(1)", False),
    ("smb://host/share", False),
]


def test_only_web_and_local_file_urls_are_clickable(tmp_path: Path) -> None:
    pages = [{"url": url, "mode": "file", "seed": url, "audited": False, "error": "x"}
             for url, _ in LINKS]
    findings = [{"page_url": url, "link": "https://s.click.taobao.com/AbC0001"}
                for url, _ in LINKS]
    run = {"command": "scan", "seeds": [{"mode": "files", "url": url} for url, _ in LINKS]}
    xlsx = write_workbook(tmp_path / "r.xlsx", run=run, findings=findings, pages=pages)
    wb = load_workbook(xlsx)
    expected = dict(LINKS)
    for sheet, column in (("Findings", 1), ("Pages", 1), ("Could not audit", 2), ("Run", 2)):
        for row in wb[sheet].iter_rows():
            cell = row[column - 1]
            if cell.value in expected:
                target = cell.hyperlink.target if cell.hyperlink else None
                assert (target == cell.value) is expected[cell.value], (sheet, cell.value)
                assert target in (None, cell.value)
