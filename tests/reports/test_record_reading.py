"""A record read back is input: every line is checked, and a bad one is named.

``linkaudit report`` renders a workbook from a .jsonl someone may have edited,
truncated or replaced. Each malformed line below stands between two good ones;
the command must exit 2 naming line 2, the field and the fix, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports.record import MAX_LINE_BYTES
from tests.conftest import linkaudit

GOOD = {"page_url": "https://b.example/", "link": "https://s.click.taobao.com/t?pid=mm_1_2_3",
        "network": "taobao", "kind": "click link", "rule": "taobao-pid",
        "confidence": "id visible", "location": "a[href]", "pid": "mm_1_2_3",
        "member_id": "1", "site_id": "2", "adzone_id": "3", "unwrapped": None,
        "context": "x", "line": 3, "path": "html>body>a", "mine": None, "extra": {}}


def _row(**changes: object) -> str:
    return json.dumps({**GOOD, **changes})


BAD_LINES = {
    "page_url a number": (_row(page_url=5), "field 'page_url' is a whole number"),
    "link a list": (_row(link=["https://a.example/"]), "field 'link' is a list"),
    "network null": (_row(network=None), "field 'network' is null"),
    "line text": (_row(line="three"), "field 'line' is text"),
    "line true": (_row(line=True), "field 'line' is true or false"),
    "line a decimal": (_row(line=2.5), "field 'line' is a decimal number"),
    "pid a number": (_row(pid=123), "field 'pid' is a whole number"),
    "mine text": (_row(mine="yes"), "field 'mine' is text"),
    "extra a list": (_row(extra=[1]), "field 'extra' is a list"),
    "extra nested": (_row(extra={"a": {"b": 1}}), "field 'extra' is an object holding"),
    "redirects of numbers": (_row(redirects=[1, 2]), "field 'redirects' is a list holding 1"),
    "an unknown field nested deep": (_row(later=json.loads("[" * 40 + "]" * 40)),
                                     "nests deeper than"),
    "100,000-deep array": ("[" * 100_000 + "]" * 100_000, "nests too deep"),
    "100,000-deep object": ('{"a":' * 100_000 + "1" + "}" * 100_000, "nests too deep"),
    "a line over the cap": (_row(context="x" * (MAX_LINE_BYTES + 10)), "over 32 MiB"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_malformed_line_is_named_with_the_fix(tmp_path: Path, case: str) -> None:
    line, message = BAD_LINES[case]
    record = tmp_path / "site.jsonl"
    record.write_text("\n".join([_row(), line, _row()]) + "\n", encoding="utf-8")
    result = linkaudit("report", str(record), cwd=tmp_path, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{record}, line 2: " in result.stderr and message in result.stderr, result.stderr
    assert "re-run linkaudit crawl" in result.stderr


def test_a_sound_record_still_renders(tmp_path: Path) -> None:
    record = tmp_path / "site.jsonl"
    rows = [_row(), _row(later={"a": ["b"]}, line=None, mine=True, extra={"unid": "u"})]
    record.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = linkaudit("report", str(record), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site.xlsx").is_file()


@pytest.mark.parametrize("tail", ["[" * 100_000, '{"a":' * 100_000, '{"page_url": "https://b'])
def test_appending_drops_a_torn_last_line_whatever_it_holds(tmp_path: Path, tail: str) -> None:
    """--resume appends to the record: a last line cut short (or nested past what the
    JSON reader takes) is dropped, the whole lines before it kept."""
    from reports.record import RecordWriter, read_jsonl

    path = tmp_path / "r.jsonl"
    path.write_text(_row() + "\n" + tail, encoding="utf-8")
    writer = RecordWriter(path, append=True)
    writer.write(GOOD)
    writer.close()
    assert read_jsonl(path) == [GOOD, GOOD]
