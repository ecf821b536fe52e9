"""The command line: help for every command, usage errors exit 2 before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cli import COMMANDS, ExitCode, build_parser, main


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"linkaudit {command}" in out
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    assert sub.description


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-everything"]) == ExitCode.USAGE
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--concurrency", "0", "http://127.0.0.1:9/"], "must be at least 1"),
        (["crawl", "--delay", "soon", "http://127.0.0.1:9/"], "expected seconds"),
        (["crawl", "--depth", "-1", "http://127.0.0.1:9/"], "must be at least 0"),
    ],
)
def test_bad_numbers(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == ExitCode.USAGE
    assert message in capsys.readouterr().err


def test_bad_rules_file_is_named(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text("[[text]]\nid='x'\nnetwork='n'\nkind='k'\npattern='('\n", encoding="utf-8")
    assert main(["crawl", "http://127.0.0.1:9/", "--rules", str(rules), "-o",
                 str(tmp_path / "r.xlsx")]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert str(rules) in err and "not a valid regex" in err


def test_seeds_with_only_bad_lines_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("ftp://x.example/\nwww.example.com\n", encoding="utf-8")
    assert main(["crawl", "--seeds", str(seeds)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert f"{seeds}:1: " in err and f"{seeds}:2: " in err and "no valid seed" in err


def test_report_command_needs_a_record(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "none.jsonl")]) == ExitCode.USAGE
    assert "no such record" in capsys.readouterr().err


def test_the_printed_summary_lists_the_top_pids_and_counts_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page of thousands of PIDs must not print thousands of lines; the workbook has them all."""

    posts = tmp_path / "posts"
    posts.mkdir()
    links = "\n".join(f"https://s.click.taobao.com/t?pid=mm_28765431_45872103_1100000{n:03d}"
                      for n in range(25))
    (posts / "a.md").write_text(links + "\n", encoding="utf-8")
    main(["scan", str(posts), "-o", str(tmp_path / "out" / "r.xlsx"), "--jobs", "1"])
    out = capsys.readouterr().out
    assert sum("  mm_28765431_45872103_1100000" in line for line in out.splitlines()) == 20
    assert "… and 5 more PIDs (all of them on the workbook's Ad slots sheet)" in out


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"linkaudit {version('linkaudit')}\n"


def test_seeds_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"ftp://x.example/\n")))
    assert main(["crawl", "--seeds", "-"]) == ExitCode.USAGE  # only a bad line: nothing to crawl
    err = capsys.readouterr().err
    assert "stdin:1: " in err and "no valid seed" in err
