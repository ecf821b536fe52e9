"""The progress line and its display, without Scrapy: fed numbers by hand, on a fake clock."""

from __future__ import annotations

import copy
import io

from crawler.progress import PLAIN_EVERY, ProgressDisplay, Tally, status_line


def test_status_line_says_pages_queue_failures_findings_rate_and_time() -> None:
    line = status_line(Tally(audited=90, failed=10, findings=7, queued=5), 50.0)
    assert line == "90 pages audited, 5 queued, 10 failed · 7 findings · 2.0 pages/s · 0:50"


def test_status_line_before_any_time_has_passed_has_no_rate() -> None:
    assert "0.0 pages/s · 0:00" in status_line(Tally(), 0.0)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_stream_that_is_not_a_terminal_gets_one_line_every_30_seconds() -> None:
    out, clock = io.StringIO(), Clock()
    display = ProgressDisplay(out, clock=clock)
    for second in range(1, 70):
        clock.now = 100.0 + second
        display.update(Tally(audited=second))
    display.close()
    lines = out.getvalue().splitlines()
    assert lines == [status_line(Tally(audited=30), PLAIN_EVERY),
                     status_line(Tally(audited=60), 2 * PLAIN_EVERY)]


def test_a_run_shorter_than_30_seconds_adds_nothing_to_a_plain_stream() -> None:
    out, clock = io.StringIO(), Clock()
    display = ProgressDisplay(out, clock=clock)
    clock.now += 29
    display.update(Tally(audited=3, findings=2))
    display.close()
    assert out.getvalue() == ""


def test_the_display_survives_scrapys_deep_copy_of_its_settings() -> None:
    display = ProgressDisplay(io.StringIO())
    assert copy.deepcopy({"LINKAUDIT_PROGRESS": display})["LINKAUDIT_PROGRESS"] is display
