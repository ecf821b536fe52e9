"""``--resume`` reads REPORT.job/ as data: a planted pickle never runs, and SIGTERM stops like Ctrl-C."""

from __future__ import annotations

import pickle
import signal
import struct
import sys
from pathlib import Path

import pytest

from crawler.inputs.seeds import Seed
from crawler.jobdir.state import STATE_FILE, decode, encode, job_problem
from crawler.site.traps import QueryVariantCap
from tests.conftest import linkaudit, workbooks_said
from tests.e2e.test_interrupt import BOUND, start_crawl, wait_for_rows
from tests.faultserver import fault_server, slow_site


class _Planted:
    """Unpickling this creates the marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (Path.touch, (self.marker,))


def _queue_chunk(jobdir: Path, records: list[bytes]) -> Path:
    chunk = jobdir / "requests.queue" / "127.0.0.1-0" / "1" / "q00000"
    chunk.parent.mkdir(parents=True)
    chunk.write_bytes(b"".join(struct.pack(">L", len(r)) + r for r in records))
    return chunk


@pytest.mark.parametrize("where", ["spider.state", STATE_FILE, "queue"])
def test_a_planted_pickle_is_never_loaded(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker), protocol=4)
    jobdir = tmp_path / "r.job"
    jobdir.mkdir()
    if where == "queue":
        (jobdir / STATE_FILE).write_text(encode({"scheduled": set()}))
        _queue_chunk(jobdir, [payload])
    else:
        (jobdir / where).write_bytes(payload)
        if where == "spider.state":
            (jobdir / STATE_FILE).write_text(encode({}))
    (tmp_path / "r.run.json").write_text('{"seeds": [{"mode": "page", '
                                         '"url": "http://127.0.0.1:9/"}]}')

    result = linkaudit("crawl", "--resume", "-o", str(tmp_path / "r.xlsx"), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not marker.exists()
    assert f"{jobdir} is not a crawl linkaudit can resume" in result.stderr
    assert "without --resume" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", [
    {"scheduled": {"https://b.example/a", "https://b.example/b"}, "origins": set()},
    {"redo": {"https://b.example/p": (Seed("site", "https://b.example/", "seeds.txt:3"), 2)}},
    {"query_variants": QueryVariantCap(5, {"https://b.example/list": {"page=2"}})},
    {"headers": {b"Accept": [b"text/html"]}, "body": b"\x00\xff", "meta": {"depth": 1}},
])
def test_state_and_requests_round_trip_through_json(value: dict) -> None:
    again = decode(encode(value))
    if "query_variants" in value:
        assert again["query_variants"]._seen == value["query_variants"]._seen
        assert again["query_variants"].limit == 5
    else:
        assert again == value


def test_a_job_folder_of_ours_is_resumable(tmp_path: Path) -> None:
    from crawler.jobdir.state import RECORD_MAGIC

    (tmp_path / STATE_FILE).write_text(encode({"scheduled": {"x"}}))
    _queue_chunk(tmp_path, [RECORD_MAGIC + encode({"url": "https://b.example/"}).encode()])
    assert job_problem(tmp_path) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_like_ctrl_c_and_the_crawl_resumes(tmp_path: Path) -> None:
    report = tmp_path / "r.xlsx"
    with fault_server(slow_site(40, 0.5)) as server:
        proc = start_crawl(server.url + "/", report)
        wait_for_rows(proc, tmp_path / "r.pages.jsonl", 5)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=BOUND)
        assert proc.returncode == 1, out + err
        assert f"continue it with: linkaudit crawl --resume -o {report}" in err
        assert (tmp_path / "r.job" / STATE_FILE).is_file()
        resumed = linkaudit("crawl", "--resume", "-o", str(report), cwd=tmp_path,
                            timeout=BOUND)
    assert resumed.returncode == 1, resumed.stdout + resumed.stderr
    assert workbooks_said(resumed.stdout)
