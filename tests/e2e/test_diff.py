"""``linkaudit diff`` on two reports written by ``linkaudit scan``: no server, no crawl."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import linkaudit

PID = "mm_28765431_45872103_11000000{}"


def _link(n: int) -> str:
    return f"https://s.click.taobao.com/t?pid={PID.format(n)}\n"


def test_diff_of_two_scans(tmp_path: Path) -> None:
    posts, more = tmp_path / "posts", tmp_path / "more"
    posts.mkdir()
    more.mkdir()
    (posts / "a.md").write_text(_link(1) + _link(2), encoding="utf-8")
    assert linkaudit("scan", "posts", "-o", "old.xlsx", "-q", cwd=tmp_path,
                     timeout=60).returncode == 1
    (posts / "a.md").write_text(_link(2), encoding="utf-8")  # one removed, one left
    (more / "b.md").write_text(_link(3), encoding="utf-8")  # one new
    assert linkaudit("scan", "posts", "more", "-o", "new.xlsx", "-q", cwd=tmp_path,
                     timeout=60).returncode == 1

    result = linkaudit("diff", "old.xlsx", "new.jsonl", "-o", "DIFF.xlsx", cwd=tmp_path,
                       timeout=60)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Compared old.xlsx with new.jsonl: 1 removed, 1 remaining, 1 new."
    assert lines[1] == "Removed:" and PID.format(1) in lines[2]
    assert lines[3] == "Remaining:" and PID.format(2) in lines[4]
    assert lines[5] == "New:" and PID.format(3) in lines[6] and "b.md" in lines[6]
    assert "Workbook: DIFF.xlsx" in lines
    assert (tmp_path / "DIFF.xlsx").exists() and (tmp_path / "DIFF.jsonl").exists()
    assert result.stderr == ""

    # NEW compared with itself: nothing removed, everything remains.
    again = linkaudit("diff", "new.xlsx", "new.xlsx", cwd=tmp_path, timeout=60)
    assert again.returncode == 1
    assert again.stdout.startswith("Compared new.xlsx with new.xlsx: 0 removed, 2 remaining, 0 new.")

    (posts / "a.md").write_text("clean\n", encoding="utf-8")
    (more / "b.md").write_text("clean\n", encoding="utf-8")
    assert linkaudit("scan", "posts", "more", "-o", "clean.xlsx", "-q", cwd=tmp_path,
                     timeout=60).returncode == 0
    clean = linkaudit("diff", "new.xlsx", "clean.xlsx", cwd=tmp_path, timeout=60)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.startswith("Compared new.xlsx with clean.xlsx: 2 removed, 0 remaining, 0 new.")


def test_diff_refuses_bad_input_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    for args, said in [(("gone.xlsx", "notes.txt"), "OLD gone.xlsx: no such report"),
                       (("notes.txt", "gone.xlsx"), "OLD notes.txt is not a report")]:
        result = linkaudit("diff", *args, cwd=tmp_path, timeout=60)
        assert result.returncode == 2
        assert f"linkaudit diff: error: {said}; pass a report written by linkaudit" in result.stderr
        assert result.stdout == ""
