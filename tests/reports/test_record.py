"""The JSON Lines record and sidecar files, written and read for real in tmp_path."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.model import RunInfo
from reports import (
    RecordWriter,
    ReportError,
    read_jsonl,
    read_run_json,
    sidecars,
    write_run_json,
)
from tests.conftest import ROOT

ROW = {"page_url": "https://a.example/", "pid": "mm_1_2_3", "context": "领券", "line": 3}


def test_sidecar_names():
    s = sidecars(Path("out") / "REPORT.xlsx")
    assert (s.findings.name, s.pages.name, s.run.name) == (
        "REPORT.jsonl",
        "REPORT.pages.jsonl",
        "REPORT.run.json",
    )
    assert s.findings.parent == Path("out")
    assert sidecars("REPORT.XLSX").findings == Path("REPORT.jsonl")


def test_each_row_is_visible_while_the_writer_is_open(tmp_path):
    path = tmp_path / "r.jsonl"
    with RecordWriter(path) as writer:
        writer.write(ROW)
        assert read_jsonl(path) == [ROW]
        writer.write({**ROW, "line": 4})
        assert len(read_jsonl(path)) == 2
    assert writer.closed
    assert writer.count == 2


def test_text_is_utf8_not_escaped(tmp_path):
    path = tmp_path / "r.jsonl"
    with RecordWriter(path) as writer:
        writer.write(ROW)
    text = path.read_text(encoding="utf-8")
    assert "领券" in text
    assert text.count("\n") == 1


def test_line_separators_in_values_stay_on_one_line(tmp_path):
    path = tmp_path / "r.jsonl"
    row = {"context": "a\nb\r\u2028c\u0085d"}
    with RecordWriter(path) as writer:
        writer.write(row)
        writer.write(row)
    assert read_jsonl(path) == [row, row]


def test_lone_surrogate_round_trips(tmp_path):
    path = tmp_path / "r.jsonl"
    with RecordWriter(path) as writer:
        writer.write({"context": "bad \ud800 text"})
    assert read_jsonl(path) == [{"context": "bad \ud800 text"}]


def test_unserialisable_row_leaves_no_partial_line(tmp_path):
    path = tmp_path / "r.jsonl"
    with RecordWriter(path) as writer:
        writer.write(ROW)
        with pytest.raises(TypeError):
            writer.write({"x": object()})
        writer.write(ROW)
    assert read_jsonl(path) == [ROW, ROW]


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_kill_9_loses_nothing_written(tmp_path):
    path = tmp_path / "r.jsonl"
    script = (
        "import os, signal\n"
        "from reports.record import RecordWriter\n"
        f"w = RecordWriter({str(path)!r})\n"
        "for i in range(3):\n"
        "    w.write({'i': i})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False)
    assert proc.returncode == -9
    assert read_jsonl(path) == [{"i": 0}, {"i": 1}, {"i": 2}]


def test_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('\n{"a": 1}\n\n  \n{"a": 2}\n\n', encoding="utf-8")
    assert read_jsonl(path) == [{"a": 1}, {"a": 2}]


def test_truncated_last_line_is_skipped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "r.jsonl"
    path.write_bytes('{"a": 1}\n{"a": 2}\n{"context": "领'.encode()[:-1])  # cut mid-character
    with caplog.at_level(logging.WARNING, logger="reports.record"):
        assert read_jsonl(path) == [{"a": 1}, {"a": 2}]
    assert "r.jsonl, line 3" in caplog.text


def test_corrupt_line_in_the_middle_is_an_error(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"a": 1}\n{"a": \n{"a": 3}\n', encoding="utf-8")
    with pytest.raises(ReportError, match=r"r\.jsonl, line 2: not valid JSON"):
        read_jsonl(path)


def test_foreign_lines_are_an_error(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("[1, 2]\n[3, 4]\n", encoding="utf-8")
    with pytest.raises(ReportError, match="line 1: expected a JSON object"):
        read_jsonl(path)


def test_missing_record_is_an_error(tmp_path):
    with pytest.raises(ReportError, match=r"nope\.jsonl: no such file"):
        read_jsonl(tmp_path / "nope.jsonl")


def test_append_drops_a_torn_last_line(tmp_path, caplog):
    path = tmp_path / "r.jsonl"
    path.write_text('{"a": 1}\n{"a": 2, "b"', encoding="utf-8")
    with caplog.at_level(logging.WARNING), RecordWriter(path, append=True) as writer:
        writer.write({"a": 3})
    assert read_jsonl(path) == [{"a": 1}, {"a": 3}]
    assert "incomplete last line" in caplog.text


def test_append_keeps_a_complete_last_line_without_newline(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"a": 1}\n{"a": 2}', encoding="utf-8")
    with RecordWriter(path, append=True) as writer:
        writer.write({"a": 3})
    assert read_jsonl(path) == [{"a": 1}, {"a": 2}, {"a": 3}]


def test_write_truncates_by_default(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"old": true}\n', encoding="utf-8")
    with RecordWriter(path) as writer:
        writer.write({"new": True})
    assert read_jsonl(path) == [{"new": True}]


def test_run_json_round_trip(tmp_path):
    run = RunInfo("crawl", seeds=[{"mode": "site", "url": "https://a.example/推广"}])
    path = tmp_path / "sub" / "r.run.json"
    write_run_json(path, run)
    assert read_run_json(path) == run
    assert [p.name for p in path.parent.iterdir()] == ["r.run.json"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_bad_run_json_is_an_error(tmp_path, content):
    path = tmp_path / "r.run.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=r"r\.run\.json"):
        read_run_json(path)

