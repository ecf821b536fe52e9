from __future__ import annotations

from pathlib import Path

import pytest

from crawler.seeds import (
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
    path = tmp_path / "seeds.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00\x81\xfe\xff" * 10)
    with pytest.raises(SeedsError, match="not text"):
        read_seeds_file(path)


def test_command_line_urls_follow_the_bare_line_rule() -> None:
    seeds, bad = seeds_from_urls(["https://blog.example.com/", "https://blog.example.com/a.html", "nope"])
    assert [(s.mode, s.url) for s in seeds] == [
        ("site", "https://blog.example.com/"),
        ("page", "https://blog.example.com/a.html"),
    ]
    assert len(bad) == 1
    assert bad[0].source == "command line"
