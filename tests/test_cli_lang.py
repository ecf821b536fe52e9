"""The end of a run in the creator's language (``--lang``), its summary table and ``--format``.

Scans of a folder of posts run in this process (no crawl, no server); the crawl
and verify of a served site are in ``tests/e2e/test_lang.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from crawler.cli import ExitCode, main
from crawler.summarytable import SummaryTable, cell_width, render_boxed, render_plain
from reports import read_run_json, sidecars

PID = "mm_28765431_45872103_110000001"


@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one post carrying one Taobao link; the current folder is ``tmp_path``."""
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "关于.md").write_text(f"推荐 https://s.click.taobao.com/t?pid={PID}\n",
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def _scan(*args: str) -> int:
    return main(["scan", "posts", "-q", "--jobs", "1", *args])


def _lang_of(report: str) -> str | None:
    return read_run_json(sidecars(Path(report)).run).lang


def test_scan_in_chinese(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("-o", "out/r.xlsx", "--lang", "zh") == ExitCode.LINKS_FOUND
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "已审计 1 个文件和文章（来自 1 个路径）；0 个无法审计。"
    assert lines[1] == "发现 1 条需要删除的推广链接："
    assert f"  {PID}  ×1" in lines
    # The table, plain (stdout is not a terminal), aligned in terminal cells.
    table = lines[lines.index("审计汇总（本地文件）") + 1:]
    assert table[0] == "  结论：        还有 1 个推广链接，分布在 1 个页面上，需要删除"
    assert "  工作簿：      out/r.xlsx" in table  # relative to the current folder
    assert "  记录：        out/r.jsonl" in table
    assert table[-1] == "  退出码：      1：有推广链接需要删除"
    starts = {cell_width(re.match(r"  \S+：\s+", line)[0]) for line in table}  # type: ignore[index]
    assert len(starts) == 1, table  # every value starts in the same column
    assert not any(c.isascii() and c.isalpha() for c in "".join(
        line for line in lines if not line.startswith("  mm_") and "out/r." not in line))
    assert _lang_of("out/r.xlsx") == "zh"  # kept in the run file


def test_the_default_language_is_the_locale(posts: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert _scan("-o", "zh.xlsx") == ExitCode.LINKS_FOUND
    assert "审计汇总（本地文件）" in capsys.readouterr().out
    assert _lang_of("zh.xlsx") == "zh"
    # --lang overrides the locale.
    assert _scan("-o", "en.xlsx", "--lang", "en") == ExitCode.LINKS_FOUND
    out = capsys.readouterr().out
    assert "Audit summary (local files)" in out and "审计" not in out
    assert "  Workbook:         en.xlsx" in out.splitlines()
    assert _lang_of("en.xlsx") == "en"


def test_verify_and_report_keep_the_runs_language_unless_told(
        posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("-o", "r.xlsx", "--lang", "zh") == ExitCode.LINKS_FOUND
    capsys.readouterr()
    (posts / "关于.md").write_text("链接已删除\n", encoding="utf-8")

    # The tests' locale is English; verify speaks the run's Chinese all the same.
    assert main(["verify", "r.xlsx", "-o", "v.xlsx", "-q"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("与 r.xlsx 对比：已删除 1 条，仍存在 0 条，新出现 0 条。\n")
    assert "复查汇总" in out and "  结论：        已清理干净：所有页面都已审计，没有剩余的推广链接" in out
    assert "  已审计文件：  1" in out and "  已删除：      1" in out
    assert "  退出码：      0：干净" in out
    assert _lang_of("v.xlsx") == "zh"

    assert main(["verify", "r.xlsx", "-o", "v-en.xlsx", "-q", "--lang", "en"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Compared with r.xlsx: 1 removed, 0 remaining, 0 new." in out
    assert "  Verdict:        Clean: every page was audited and no affiliate link remains" in out
    assert _lang_of("v-en.xlsx") == "en"

    assert main(["report", "v.jsonl", "-o", "again.xlsx"]) == ExitCode.OK
    assert capsys.readouterr().out == f"工作簿：{Path('again.xlsx')}\n"
    assert main(["report", "v.jsonl", "-o", "again-en.xlsx", "--lang", "en"]) == ExitCode.OK
    assert capsys.readouterr().out == f"Workbook: {Path('again-en.xlsx')}\n"


def test_diff_speaks_the_chosen_language(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("-o", "a.xlsx") == ExitCode.LINKS_FOUND
    assert main(["diff", "a.xlsx", "a.xlsx", "--lang", "zh"]) == ExitCode.LINKS_FOUND
    lines = capsys.readouterr().out.splitlines()
    assert "a.xlsx 与 a.xlsx 对比：已删除 0 条，仍存在 1 条，新出现 0 条。" in lines
    assert "仍存在：" in lines


def test_format_on_scan_and_verify_writes_exports_beside_the_workbook(
        posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("-o", "out/r.xlsx", "--format", "csv,json") == ExitCode.LINKS_FOUND
    out = capsys.readouterr().out.splitlines()
    out_dir = Path("out")
    for name in ("r.xlsx", "r.findings.csv", "r.pages.csv", "r.json"):
        assert (out_dir / name).is_file(), name  # the workbook is always written
    assert "  Also written:     out/r.findings.csv" in out
    assert "                    out/r.pages.csv" in out
    assert "                    out/r.json" in out
    document = json.loads((out_dir / "r.json").read_text(encoding="utf-8"))
    assert [f["pid"] for f in document["findings"]] == [PID]

    assert main(["verify", "out/r.xlsx", "-o", "out/v.xlsx", "-q", "--format", "json"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (out_dir / "v.xlsx").is_file() and (out_dir / "v.json").is_file()
    assert not (out_dir / "v.findings.csv").exists()
    assert any(re.fullmatch(r"  Also written: +out/v\.json", line) for line in out), out
    statuses = [f["status"] for f in
                json.loads((out_dir / "v.json").read_text(encoding="utf-8"))["findings"]]
    assert statuses == ["remaining"]

    assert _scan("-o", "x.xlsx", "--format", "pdf") == ExitCode.USAGE
    assert "choose from xlsx, csv, json" in capsys.readouterr().err


def test_on_a_terminal_the_table_is_drawn(posts: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _scan("-o", "r.xlsx", "--lang", "zh") == ExitCode.LINKS_FOUND
    out = capsys.readouterr().out
    drawn = [line for line in out.splitlines() if line[:1] in "╭│├╰"]
    assert drawn and any("│ 工作簿" in line and "r.xlsx" in line for line in drawn)
    assert len({cell_width(line) for line in drawn}) == 1  # CJK counted as two cells
    assert "\x1b[" not in out  # no colour codes in the output


@pytest.mark.parametrize("colon", [":", "："])
def test_plain_and_boxed_tables_align_wide_characters(colon: str) -> None:
    table = SummaryTable("汇总", (("结论", "干净"), ("Workbook", "报告.xlsx"), ("", "报告.json")),
                         colon)
    plain = render_plain(table).splitlines()[1:]
    value_columns = {cell_width(line) - cell_width(value)
                     for line, value in zip(plain, ("干净", "报告.xlsx", "报告.json"), strict=True)}
    assert len(value_columns) == 1, plain
    boxed = render_boxed(table, width=60).splitlines()
    assert boxed[0] == "汇总"
    assert len({cell_width(line) for line in boxed[1:]}) == 1, boxed
