"""``linkaudit scan``: a Hexo source folder, a WordPress export and text files, read back from the workbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crawler.cli import ExitCode, main
from crawler.localfiles.scan import decode
from crawler.localfiles.walk import iter_files
from tests.conftest import TESTS, linkaudit

FIXTURES = TESTS / "fixtures"

# What a reader of the Hexo sources would remove: (file, line, rule, location).
HEXO_FINDINGS = {
    ("source/_posts/2019-11-singles-day.md", 8, "taobao-token", "text"),  # GB18030 file
    ("source/_posts/2023-08-earphones.md", 5, "taobao-short-click", "front matter"),
    ("source/_posts/2023-08-earphones.md", 8, "taobao-click", "text"),  # [t](url)
    ("source/_posts/2023-08-earphones.md", 11, "jd-short", "text"),  # <autolink>
    ("source/_posts/2023-08-earphones.md", 13, "taobao-token", "text"),
    ("source/_posts/2023-08-earphones.md", 17, "taobao-coupon", "text"),  # [ref]: url
    ("source/_posts/2024-01-backpack.md", 10, "jd-union-click", "a[href]"),  # raw HTML
    ("source/_posts/2024-01-backpack.md", 7, "amazon-short", "text"),  # bare host
    ("source/about/index.md", 8, "taobao-pid", "text"),  # UTF-8 with a BOM
    ("themes/landscape/layout/_partial/ad-slot.ejs", 4, "alimama-inf-pid", "script"),
    ("themes/landscape/layout/_partial/ad-slot.ejs", 8, "alimama-ad-script", "script[src]"),
}
# Hexo's generated copies of the same links: audited only with --include-build.
HEXO_BUILD_FINDINGS = {
    ("db.json", 1, "taobao-short-click", "text"),
    ("public/2023/08/12/earphones/index.html", 3, "taobao-short-click", "a[href]"),
}
WXR_FINDINGS = {
    ("https://life.example.com/2023/11/double-eleven/", 29, "taobao-token", "text"),
    ("https://life.example.com/2023/11/double-eleven/", 38, "taobao-short-click", "text"),
    ("https://life.example.com/2024/03/desk-2024/", 50, "adsense-script", "script[src]"),
    ("https://life.example.com/2024/03/desk-2024/", 51, "adsense-client", "ins[data-ad-client]"),
}
NOTES_FINDINGS = {
    ("notes.txt", 3, "taobao-click", "text"),
    ("notes.txt", 4, "taobao-token", "text"),
    ("notes.txt", 5, "jd-short", "text"),
}


def sheet_rows(xlsx: Path, sheet: str) -> list[dict[str, Any]]:
    wb = load_workbook(xlsx, read_only=True)
    try:
        rows = wb[sheet].iter_rows(values_only=True)
        header = next(rows)
        return [dict(zip(header, row, strict=False)) for row in rows]
    finally:
        wb.close()


def summary_notes(xlsx: Path) -> list[str]:
    wb = load_workbook(xlsx, read_only=True)
    try:
        return [str(row[1]) for row in wb["Summary"].iter_rows(values_only=True)
                if row and row[0] == "Note"]
    finally:
        wb.close()


def findings(xlsx: Path, root: Path | None = None) -> set[tuple[str, int, str, str]]:
    """(file relative to root, or the page URL; line; rule; location) of every finding."""
    out = set()
    for row in sheet_rows(xlsx, "Findings"):
        page = row["Page URL"]
        if root is not None and page.startswith("file:"):
            page = page.removeprefix(root.as_uri() + "/")
        out.add((page, row["Line"], row["Rule"], row["Location"]))
    return out


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    copy = tmp_path / "blog"
    shutil.copytree(FIXTURES / "hexo", copy)
    return copy


def test_hexo_sources_are_audited_file_and_line(blog: Path, tmp_path: Path) -> None:
    report = tmp_path / "out" / "hexo.xlsx"
    result = linkaudit("scan", str(blog), "-o", str(report), cwd=tmp_path)
    assert result.returncode == ExitCode.LINKS_FOUND, result.stderr
    assert findings(report, blog) == HEXO_FINDINGS
    pages = {row["URL"]: row for row in sheet_rows(report, "Pages")}
    assert blog.joinpath("source/_posts/2019-11-singles-day.md").as_uri() in pages
    assert pages[blog.joinpath("source/_posts/2019-11-singles-day.md").as_uri()]["Note"] == (
        "decoded as GB18030")
    assert not any("/public/" in url or url.endswith("db.json") for url in pages)
    assert not any(url.endswith(".png") for url in pages)
    notes = summary_notes(report)
    assert any("db.json, public/" in n and "--include-build" in n for n in notes), notes
    assert any("1 binary file" in n for n in notes), notes
    assert "Audited 12 file(s) and post(s) from 1 path(s)" in result.stdout
    assert "public/" in result.stderr  # the note is printed too


def test_include_build_audits_generated_output(blog: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "hexo.xlsx"
    assert main(["scan", str(blog), "--include-build", "-o", str(report)]) == 1
    assert findings(report, blog) == HEXO_FINDINGS | HEXO_BUILD_FINDINGS


def test_wordpress_export_gives_permalinks_and_export_lines(tmp_path: Path) -> None:
    export = tmp_path / "wordpress.xml"
    shutil.copy(FIXTURES / "wordpress.xml", export)
    report = tmp_path / "wp.xlsx"
    assert main(["scan", str(export), "-o", str(report)]) == ExitCode.LINKS_FOUND
    assert findings(report) == WXR_FINDINGS
    paths = {row["Path"] for row in sheet_rows(report, "Findings")}
    assert "wordpress.xml:38 wp:postmeta[_buy_button_url]" in paths
    assert "wordpress.xml:51 content:encoded ins.adsbygoogle" in paths
    pages = {row["URL"]: row for row in sheet_rows(report, "Pages")}
    assert set(pages) == {
        "https://life.example.com/2023/11/double-eleven/",
        "https://life.example.com/2024/03/desk-2024/",
        "https://life.example.com/2024/05/hiking/",  # clean, and listed as audited
    }
    hiking = pages["https://life.example.com/2024/05/hiking/"]
    assert (hiking["Findings"], hiking["Audited"]) == (0, "yes")
    assert hiking["Note"] == "wordpress.xml:62 · post “周末去爬山”"
    assert hiking["Seed"] == export.as_uri()


def test_text_files_and_several_paths(blog: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    shutil.copy(FIXTURES / "notes.txt", notes)
    report = tmp_path / "all.xlsx"
    assert main(["scan", str(notes), str(FIXTURES / "wordpress.xml"), "-o", str(report)]) == 1
    got = findings(report, tmp_path)
    assert got == NOTES_FINDINGS | WXR_FINDINGS


def test_a_clean_folder_exits_0_and_says_so(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "clean"
    (folder / "source" / "_posts").mkdir(parents=True)
    (folder / "source" / "_posts" / "a.md").write_text(
        "---\ntitle: a\n---\n淘宝搜“置物架”，大概 ￥89。https://item.taobao.com/item.htm?id=1\n",
        encoding="utf-8")
    report = tmp_path / "clean.xlsx"
    assert main(["scan", str(folder), "-o", str(report)]) == ExitCode.OK
    assert "No affiliate link found." in capsys.readouterr().out
    assert sheet_rows(report, "Findings") == []


def test_an_unreadable_file_is_not_audited_and_clean_is_not_proven(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "ok.md").write_text("nothing to see\n", encoding="utf-8")
    broken = folder / "export.xml"
    broken.write_text(
        '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n'
        "<item><title>a</title><link>https://x.example/a/</link></item>\n"
        "<item><title>b & c</title></item>\n</channel></rss>\n", encoding="utf-8")
    report = tmp_path / "r.xlsx"
    assert main(["scan", str(folder), "-o", str(report)]) == ExitCode.NOT_PROVEN
    err = capsys.readouterr().err
    assert f"not audited: {broken.as_uri()}: not well-formed XML at line 4" in err
    errors = sheet_rows(report, "Could not audit")
    assert [(e["Problem"], e["URL or source"]) for e in errors] == [
        ("page not audited", broken.as_uri())]
    assert "the 1 post(s) before it were audited" in errors[0]["Why"]


def test_version_control_and_dependencies_are_skipped(blog: Path) -> None:
    for folder in (".git", "node_modules/hexo-ads"):
        (blog / folder).mkdir(parents=True)
        (blog / folder / "README.md").write_text("https://s.click.taobao.com/ZzZ9999\n",
                                                 encoding="utf-8")
    found = {p.relative_to(blog).as_posix() for p in iter_files(blog)}
    assert not any(p.startswith((".git/", "node_modules/")) for p in found)
    assert "source/_posts/2023-08-earphones.md" in found
    # public/ is a source folder where no site config sits beside it.
    assert "public/2023/08/12/earphones/index.html" in {
        p.relative_to(blog).as_posix() for p in iter_files(blog / "public")}
    (blog / "_config.yml").unlink()
    assert "public/2023/08/12/earphones/index.html" in {
        p.relative_to(blog).as_posix() for p in iter_files(blog)}


@pytest.mark.parametrize(
    ("data", "text", "note"),
    [
        ("￥AbCdEf12345￥".encode(), "￥AbCdEf12345￥", None),
        (b"\xef\xbb\xbf" + "推广位".encode(), "推广位", None),
        ("复制￥AbCdEf12345￥打开".encode("gb18030"), "复制￥AbCdEf12345￥打开", "decoded as GB18030"),
        ('<meta charset="big5"><p>淘寶</p>'.encode("big5"), '<meta charset="big5"><p>淘寶</p>',
         "decoded as BIG5"),
        ("淘口令".encode("utf-16"), "淘口令", "decoded as UTF-16"),
    ],
)
def test_file_encodings(data: bytes, text: str, note: str | None) -> None:
    assert decode(data) == (text, note)


def test_parallel_jobs_find_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        body = f"第 {i} 篇\n\n" + (f"[买](https://s.click.taobao.com/AbC{i:04d})\n" if i % 3 == 0
                                   else "没有链接\n")
        (folder / f"{i:03d}.md").write_text(body, encoding="utf-8")
    one, four = tmp_path / "one.xlsx", tmp_path / "four.xlsx"
    assert main(["scan", str(folder), "--jobs", "1", "-o", str(one)]) == 1
    assert main(["scan", str(folder), "--jobs", "4", "-o", str(four)]) == 1
    assert findings(one, folder) == findings(four, folder)
    assert len(findings(four, folder)) == 14
    assert len(sheet_rows(four, "Pages")) == 40


def test_missing_paths_are_a_usage_error(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "nope"), "-o", str(tmp_path / "r.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "nope: no such file or folder" in err and "nothing to scan" in err
    assert not (tmp_path / "r.jsonl").exists()


def test_verify_rescans_a_scan_report(blog: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.xlsx"
    assert main(["scan", str(blog), "-o", str(first)]) == 1
    (blog / "source/about/index.md").unlink()
    post = blog / "source/_posts/2023-08-earphones.md"
    post.write_text(post.read_text(encoding="utf-8").replace("￥AbCdEf12345￥", ""),
                    encoding="utf-8")
    (blog / "source/_posts/new.md").write_text("https://u.jd.com/NeW123x\n", encoding="utf-8")
    second = tmp_path / "second.xlsx"
    assert main(["verify", str(first), "-o", str(second)]) == ExitCode.LINKS_FOUND
    assert "2 removed, 9 remaining, 1 new" in capsys.readouterr().out
    status = {(r["Page URL"].removeprefix(blog.as_uri() + "/"), r["Rule"]): r["Status"]
              for r in sheet_rows(second, "Findings")}
    assert status[("source/about/index.md", "taobao-pid")] == "removed"
    assert status[("source/_posts/new.md", "jd-short")] == "new"
    assert status[("source/_posts/2023-08-earphones.md", "taobao-click")] == "remaining"
    gone = [p for p in sheet_rows(second, "Pages") if p["URL"].endswith("about/index.md")]
    assert gone[0]["Note"] == "file deleted since the earlier scan"
    run = json.loads((tmp_path / "second.run.json").read_text(encoding="utf-8"))
    assert run["command"] == "verify"


def test_a_report_written_inside_the_folder_is_not_scanned_next_time(blog: Path) -> None:
    report = blog / "output" / "audit.xlsx"
    assert main(["scan", str(blog), "-o", str(report)]) == 1
    again = blog / "output" / "again.xlsx"
    assert main(["scan", str(blog), "-o", str(again)]) == 1
    assert findings(again, blog) == HEXO_FINDINGS
    assert any("7 file(s) written by linkaudit skipped" in n for n in summary_notes(again))  # 4 of the first report (record, pages, run file, written note), this run's record, pages and lock


def test_files_are_audited_as_the_walk_finds_them(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan does not list every file before auditing the first (a 20,000-file list
    stayed in memory to the end)."""
    import crawler.localfiles.scan as localscan
    from reports import read_jsonl

    site = tmp_path / "site"
    site.mkdir()
    for n in range(60):
        (site / f"p{n:02}.md").write_text(f"post {n}\n", encoding="utf-8")
    events: list[str] = []
    walked = localscan.iter_files
    audited = localscan.scan_file

    def walking(*args: Any, **kwargs: Any) -> Any:
        for path in walked(*args, **kwargs):
            events.append(f"walk {path.name}")
            yield path

    def auditing(path: Path, *args: Any, **kwargs: Any) -> Any:
        events.append(f"audit {path.name}")
        return audited(path, *args, **kwargs)

    monkeypatch.setattr(localscan, "iter_files", walking)
    monkeypatch.setattr(localscan, "scan_file", auditing)
    report = tmp_path / "r.xlsx"
    outcome = localscan.run_scan(report, [site], [], localscan.ScanOptions(jobs=1))
    assert outcome.files == 60
    assert events.index("audit p00.md") < events.index("walk p59.md")
    assert len(read_jsonl(tmp_path / "r.pages.jsonl")) == 60
