from __future__ import annotations

import csv
import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.inputs.seeds import (
    BadSeed,
    Seed,
    SeedsError,
    parse_seed_line,
    read_seeds_file,
    seeds_from_urls,
)


@pytest.mark.parametrize(
    ("line", "mode", "url"),
    [
        ("site https://blog.example.com/", "site", "https://blog.example.com/"),
        ("page https://www.zhihu.com/question/1/answer/2", "page", "https://www.zhihu.com/question/1/answer/2"),
        ("SITE https://blog.example.com/posts/", "site", "https://blog.example.com/posts/"),
        ("https://blog.example.com", "site", "https://blog.example.com"),
        ("https://blog.example.com/", "site", "https://blog.example.com/"),
        ("https://blog.example.com/2024/05/post.html", "page", "https://blog.example.com/2024/05/post.html"),
        ("https://blog.example.com/?p=123", "page", "https://blog.example.com/?p=123"),
        ("  page   http://127.0.0.1:8000/a.html   # my test post", "page", "http://127.0.0.1:8000/a.html"),
        ("https://blog.example.com/post#comments", "page", "https://blog.example.com/post#comments"),
        ("\ufeffhttps://blog.example.com/", "site", "https://blog.example.com/"),
    ],
)
def test_valid_lines(line: str, mode: str, url: str) -> None:
    assert parse_seed_line(line, "s.txt:1") == Seed(mode, url, "s.txt:1")


@pytest.mark.parametrize("line", ["", "   ", "# comment", "   # indented comment"])
def test_blank_and_comment_lines_are_skipped(line: str) -> None:
    assert parse_seed_line(line, "s.txt:1") is None


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("ftp://files.example.com/x", "not an http(s) URL"),
        ("mailto:me@example.com", "not an http(s) URL"),
        ("blog.example.com/post", "has no scheme; write it as https://blog.example.com/post"),
        ("https:///nohost", "has no host"),
        ("http://", "has no host"),
        ("blog https://blog.example.com/", "unknown keyword 'blog'"),
        ("site", "expected one URL after 'site', got 0"),
        ("page https://a.example/ https://b.example/", "expected one URL after 'page', got 2"),
        ("https://a.example/ https://b.example/", "expected one URL per line"),
        ("http://example.com:99999/", "invalid port"),
    ],
)
def test_bad_lines_say_why(line: str, why: str) -> None:
    bad = parse_seed_line(line, "seeds.txt:7")
    assert isinstance(bad, BadSeed)
    assert bad.source == "seeds.txt:7"
    assert why in bad.why
    assert str(bad).startswith("seeds.txt:7: ")


def test_seeds_file_keeps_valid_seeds_and_names_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_text(
        "# my sites\n"
        "site https://blog.example.com/\n"
        "\n"
        "page https://www.zhihu.com/p/1\n"
        "gopher://old.example/\n"
        "https://blog.example.com/\n",  # duplicate of line 2
        encoding="utf-8",
    )
    seeds, bad = read_seeds_file(path)
    assert [(s.mode, s.url, s.source) for s in seeds] == [
        ("site", "https://blog.example.com/", f"{path}:2"),
        ("page", "https://www.zhihu.com/p/1", f"{path}:4"),
    ]
    assert [b.source for b in bad] == [f"{path}:5"]


def test_gbk_seeds_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_bytes("# 我的博客\nsite https://blog.example.com/\n".encode("gbk"))
    seeds, bad = read_seeds_file(path)
    assert [s.url for s in seeds] == ["https://blog.example.com/"]
    assert not bad


def test_missing_seeds_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SeedsError, match="does not exist; create it with one URL per line"):
        read_seeds_file(tmp_path / "nope.txt")


def test_binary_seeds_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\x81\xfe\xff" * 10)
    with pytest.raises(SeedsError, match="is not text .* save it as UTF-8"):
        read_seeds_file(path)


def test_command_line_urls_follow_the_bare_line_rule() -> None:
    seeds, bad = seeds_from_urls(["https://blog.example.com/", "https://blog.example.com/a.html", "nope"])
    assert [(s.mode, s.url) for s in seeds] == [
        ("site", "https://blog.example.com/"),
        ("page", "https://blog.example.com/a.html"),
    ]
    assert len(bad) == 1
    assert bad[0].source == "command line"


# -- a seeds file that cannot be used: one clear error naming the file ----------------


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "is empty; write one URL per line"),
        (b"  \n\n\t\n", "is empty; write one URL per line"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "is a zip or Excel file; name it .xlsx"),
        (b"site\x00https://b.example/\x00", "is not text"),  # UTF-16 without its BOM
    ],
)
def test_unusable_seeds_file_is_named_with_the_fix(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "seeds.txt"
    path.write_bytes(content)
    with pytest.raises(SeedsError) as error:
        read_seeds_file(path)
    assert str(path) in str(error.value)
    assert why in str(error.value)


def test_a_folder_is_not_a_seeds_file(tmp_path: Path) -> None:
    with pytest.raises(SeedsError, match="is a folder; pass the file in it"):
        read_seeds_file(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_unreadable_seeds_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_text("https://b.example/\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(SeedsError, match=f"cannot read seeds file {path}: Permission denied"):
        read_seeds_file(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "gb18030", "gbk"])
def test_seeds_file_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "seeds.txt"
    text = "# 我的博客\nsite https://blog.example.com/\npage https://zhuanlan.zhihu.com/p/1\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # what Notepad writes for "Unicode big endian"
    path.write_bytes(data)
    seeds, bad = read_seeds_file(path)
    assert [(s.mode, s.url) for s in seeds] == [("site", "https://blog.example.com/"),
                                                ("page", "https://zhuanlan.zhihu.com/p/1")]
    assert not bad


def test_repeated_seeds_are_dropped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "seeds.txt"
    path.write_text("https://b.example/\npage https://z.example/p/1\nhttps://b.example/\n"
                    "site https://b.example/\n", encoding="utf-8")
    notes: list[str] = []
    seeds, bad = read_seeds_file(path, notes=notes)
    assert [s.source for s in seeds] == [f"{path}:1", f"{path}:2"]
    assert notes == [f"{path}:3: https://b.example/ repeats {path}:1; dropped",
                     f"{path}:4: https://b.example/ repeats {path}:1; dropped"]
    assert not bad
    # Without a list for notes the repeats still go, silently.
    assert read_seeds_file(path) == (seeds, bad)


# -- URL lists kept as spreadsheets ----------------------------------------------------


def write_xlsx(path: Path, rows: list[list[object]], *, sheets: int = 1) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(sheets - 1):  # sheets without a url column come first
        ws.append(["notes"])
        ws.append(["nothing here"])
        ws = wb.create_sheet()
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


TABLE = [["Title", " URL ", "Mode"],
         ["My blog", "https://blog.example.com/", "site"],
         [None, None, None],
         ["A post", "https://zhuanlan.zhihu.com/p/1", ""],
         ["Old post", "https://blog.example.com/2020/a.html", "PAGE"],
         ["Typo", "blog.example.com/b", None],
         ["Again", "https://blog.example.com/", "site"]]


def check_table(path: Path, rows: list[int]) -> None:
    notes: list[str] = []
    seeds, bad = read_seeds_file(path, notes=notes)
    assert [(s.mode, s.url, s.source) for s in seeds] == [
        ("site", "https://blog.example.com/", f"{path}:{rows[0]}"),
        ("page", "https://zhuanlan.zhihu.com/p/1", f"{path}:{rows[1]}"),
        ("page", "https://blog.example.com/2020/a.html", f"{path}:{rows[2]}"),
    ]
    assert [str(b) for b in bad] == [
        f"{path}:{rows[3]}: 'blog.example.com/b' has no scheme; write it as "
        "https://blog.example.com/b"]
    assert notes == [f"{path}:{rows[4]}: https://blog.example.com/ repeats {path}:{rows[0]}; "
                     "dropped"]


@pytest.mark.parametrize(("encoding", "delimiter"),
                         [("utf-8-sig", ","), ("gb18030", ","), ("utf-8", ";"), ("utf-8", "\t")])
def test_csv_url_list(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "posts.csv"
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(["标题", *TABLE[0][1:]])
        writer.writerows([["" if c is None else c for c in row] for row in TABLE[1:]])
    check_table(path, [2, 4, 5, 6, 7])


def test_xlsx_url_list_on_a_later_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "posts.xlsx", [[None], *TABLE], sheets=2)
    check_table(path, [3, 5, 6, 7, 8])


@pytest.mark.parametrize("name", ["posts.csv", "posts.xlsx"])
def test_table_without_a_url_column_names_its_columns(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    rows = [["Title", "Link"], ["x", "https://b.example/"]]
    if name.endswith(".csv"):
        path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    else:
        write_xlsx(path, rows)
    with pytest.raises(SeedsError) as error:
        read_seeds_file(path)
    assert str(error.value) == (f"{path} has no 'url' column (its columns: 'Title', 'Link'); "
                                "name the column of addresses 'url' (and optionally one 'mode' "
                                "with site or page)")


@pytest.mark.parametrize(("content", "why"), [
    (b"hello, not a workbook", "cannot be read as an Excel workbook"),
    (b"PK\x03\x04" + bytes(100), "cannot be read as an Excel workbook"),
])
def test_broken_xlsx_url_list(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "posts.xlsx"
    path.write_bytes(content)
    with pytest.raises(SeedsError, match=why):
        read_seeds_file(path)


def test_csv_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes("url\nhttps://b.example/\n".encode("utf-16-le"))
    with pytest.raises(SeedsError, match="not a text CSV file"):
        read_seeds_file(path)


# -- fuzz: whatever the input, a seed, a bad line, nothing, or SeedsError -------------


@given(st.text())
def test_any_line_parses_to_a_seed_a_bad_line_or_nothing(line: str) -> None:
    result = parse_seed_line(line, "s.txt:1")
    assert result is None or isinstance(result, Seed | BadSeed)
    if isinstance(result, Seed):
        assert result.mode in ("site", "page")
        assert result.url.lower().startswith(("http://", "https://"))


@given(st.lists(st.text(), max_size=5))
def test_any_command_line_parses(urls: list[str]) -> None:
    seeds, bad = seeds_from_urls(urls)
    assert len(seeds) + len(bad) <= len(urls)


# Bytes of any kind, and text lines of any kind (CSV rows among them).
_FILE_CONTENT = st.one_of(
    st.binary(max_size=400),
    st.lists(st.text(max_size=60), max_size=8).map(lambda lines: "\n".join(lines).encode()),
)


@settings(max_examples=80, deadline=None)
@given(data=_FILE_CONTENT, suffix=st.sampled_from([".txt", ".csv", ".xlsx"]))
def test_any_file_reads_or_raises_seeds_error(tmp_path_factory: pytest.TempPathFactory,
                                              data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"seeds{suffix}"
    path.write_bytes(data)
    outcome: object
    try:
        outcome = read_seeds_file(path)
    except SeedsError as exc:
        outcome = exc
    if isinstance(outcome, SeedsError):
        assert str(path) in str(outcome)  # the message names the file
    else:
        seeds, bad = outcome  # type: ignore[misc]
        assert all(isinstance(s, Seed) for s in seeds)
        assert all(isinstance(b, BadSeed) for b in bad)


def test_damaged_xlsx_url_list(tmp_path: Path) -> None:
    import zipfile

    good = write_xlsx(tmp_path / "good.xlsx", [["url"], ["https://b.example/"]])
    path = tmp_path / "posts.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # cut short, as by an interrupted copy
            dst.writestr(item, data)
    with pytest.raises(SeedsError) as error:
        read_seeds_file(path)
    assert str(error.value).startswith(str(path))
    assert "save it again from Excel" in str(error.value)


def test_dash_reads_the_seeds_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = "site https://blog.example/\n\nwww.bad\n".encode("gbk")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    seeds, bad = read_seeds_file("-")
    assert [(s.mode, s.url, s.source) for s in seeds] == [("site", "https://blog.example/",
                                                           "stdin:1")]
    assert [b.source for b in bad] == ["stdin:3"]
