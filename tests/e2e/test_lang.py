"""A crawl and its verify in Chinese: the language chosen travels through the run file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reports import read_jsonl, read_run_json, sidecars
from tests.conftest import TESTS, ServedFolder, linkaudit

EXPECTED = json.loads((TESTS / "fixtures" / "site" / "expected.json").read_text(encoding="utf-8"))


def _row(stdout: str, label: str) -> str:
    """The value of a row of the plain summary table."""
    found = re.search(rf"^  {label}：\s+(.+)$", stdout, re.MULTILINE)
    assert found, stdout
    return found[1]


def test_crawl_and_verify_speak_chinese(site: ServedFolder, tmp_path: Path) -> None:
    # A Chinese locale picks Chinese; --format csv adds the CSV files beside the workbook.
    result = linkaudit("crawl", site.url, "-o", "out/r.xlsx", "-q", "--format", "csv",
                       cwd=tmp_path, locale="zh_CN.UTF-8")
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    found = read_jsonl(tmp_path / "out" / "r.jsonl")
    links, pages = len(found), len({f["page_url"] for f in found})
    assert pages == len({f["page"] for f in EXPECTED["findings"]})
    assert re.match(r"已审计 \d+ 个页面（来自 1 个起始网址）；0 个无法审计", out), out
    assert f"发现 {links} 条需要删除的推广链接：" in out
    assert "审计汇总" in out
    assert _row(out, "结论") == f"还有 {links} 个推广链接，分布在 {pages} 个页面上，需要删除"
    assert _row(out, "推广链接") == str(links)
    assert _row(out, "工作簿") == str(Path("out/r.xlsx"))
    assert _row(out, "记录") == str(Path("out/r.jsonl"))
    assert _row(out, "另外写入") == str(Path("out/r.findings.csv"))
    assert _row(out, "退出码") == "1：有推广链接需要删除"
    assert (tmp_path / "out" / "r.pages.csv").is_file()
    assert read_run_json(sidecars(tmp_path / "out" / "r.xlsx").run).lang == "zh"

    # Verify in the tests' English locale: it keeps the run's Chinese.
    (site.root / "about.html").write_text("<html><body>链接已删除</body></html>",
                                         encoding="utf-8")
    verified = linkaudit("verify", "out/r.xlsx", "-o", "out/v.xlsx", "-q", cwd=tmp_path)
    assert verified.returncode == 1, verified.stdout + verified.stderr
    out = verified.stdout
    rows = read_jsonl(tmp_path / "out" / "v.jsonl")
    removed = sum(r["status"] == "removed" for r in rows)
    remaining = sum(r["status"] == "remaining" for r in rows)
    assert removed > 0
    assert out.startswith(f"与 {Path('out/r.xlsx')} 对比：已删除 {removed} 条，"
                          f"仍存在 {remaining} 条，新出现 0 条。")
    assert "复查汇总" in out
    assert _row(out, "已删除") == str(removed) and _row(out, "仍存在") == str(remaining)
    assert re.fullmatch(rf"还有 {remaining} 个推广链接，分布在 \d+ 个页面上，需要删除", _row(out, "结论"))
    assert _row(out, "工作簿") == str(Path("out/v.xlsx"))
    assert read_run_json(sidecars(tmp_path / "out" / "v.xlsx").run).lang == "zh"

    # --lang overrides the run's language.
    english = linkaudit("verify", "out/r.xlsx", "-o", "out/v-en.xlsx", "-q", "--lang", "en",
                        cwd=tmp_path, locale="zh_CN.UTF-8")
    assert english.returncode == 1, english.stdout + english.stderr
    assert "Verify summary" in english.stdout and "复查" not in english.stdout
    assert read_run_json(sidecars(tmp_path / "out" / "v-en.xlsx").run).lang == "en"
