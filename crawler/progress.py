"""The progress of a crawl or scan on stderr: the numbers, their status line, and its display.

:func:`status_line` is the whole text and needs nothing but the numbers. A
:class:`ProgressDisplay` shows it: redrawn in place (with ``rich``) when its
stream is a terminal, else as a plain line every 30 seconds, so a log file or
a CI job gets a heartbeat instead of a screenful of redraws. It imports neither
Scrapy nor Twisted: the crawl feeds it from an extension, the scan from its loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from rich.live import Live

__all__ = ["PLAIN_EVERY", "Progress", "ProgressDisplay", "Tally", "status_line"]

#: Seconds between two plain lines when the stream is not a terminal.
PLAIN_EVERY = 30.0
# A scan reports every file, thousands a second: a terminal is redrawn at most this often.
_REDRAW_EVERY = 0.2


@dataclass(frozen=True)
class Tally:
    """What a crawl or scan has done so far."""

    audited: int = 0
    failed: int = 0
    findings: int = 0
    queued: int | None = None
    """Requests waiting in the crawl's scheduler; ``None`` for a scan, which has no queue."""


class Progress(Protocol):
    """What a crawl or scan feeds: each new tally, then ``close`` once it is over."""

    def update(self, tally: Tally) -> None: ...

    def close(self) -> None: ...


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status_line(tally: Tally, elapsed: float, *, unit: str = "pages") -> str:
    """The one line that says how far a run is.

    >>> status_line(Tally(audited=12, failed=1, findings=4, queued=30), 8.0)
    '12 pages audited, 30 queued, 1 failed · 4 findings · 1.6 pages/s · 0:08'
    >>> status_line(Tally(audited=3), 3725.0, unit="files")
    '3 files audited, 0 failed · 0 findings · 0.0 files/s · 1:02:05'
    """
    done = tally.audited + tally.failed  # a failed page took its time too
    rate = done / elapsed if elapsed > 0 else 0.0
    queued = "" if tally.queued is None else f", {tally.queued} queued"
    return (f"{tally.audited} {unit} audited{queued}, {tally.failed} failed · "
            f"{tally.findings} findings · {rate:.1f} {unit}/s · {_clock(elapsed)}")


class ProgressDisplay:
    """Shows :func:`status_line` on ``stream`` (stderr): live on a terminal, else every 30 s."""

    def __init__(self, stream: TextIO, *, unit: str = "pages",
                 clock: Callable[[], float] = time.monotonic,
                 plain_every: float = PLAIN_EVERY) -> None:
        self._stream = stream
        self._unit = unit
        self._clock = clock
        self._every = _REDRAW_EVERY if _is_terminal(stream) else plain_every
        self._live: Live | None = None
        self._started = clock()
        self._shown = self._started  # the first plain line comes a full period in
        self._tally = Tally()

    def __deepcopy__(self, memo: dict[int, Any]) -> ProgressDisplay:
        # Scrapy copies its settings deeply, and this travels in them: there is one
        # stream to draw on, so the copy is this display.
        return self

    @property
    def live(self) -> bool:
        return self._every == _REDRAW_EVERY

    def _line(self) -> str:
        return status_line(self._tally, self._clock() - self._started, unit=self._unit)

    def update(self, tally: Tally) -> None:
        self._tally = tally
        now = self._clock()
        if self.live and self._live is None:
            self._live = _start_live(self._stream)
        elif now - self._shown < self._every:
            return
        self._shown = now
        if self._live is not None:
            self._live.update(_plain_text(self._line()), refresh=True)
        else:
            print(self._line(), file=self._stream, flush=True)

    def close(self) -> None:
        """Leave the last numbers on a terminal; a plain stream gets nothing more."""
        if self._live is not None:
            self._live.update(_plain_text(self._line()), refresh=True)
            self._live.stop()
            self._live = None


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _plain_text(line: str) -> Any:
    from rich.text import Text

    return Text(line)  # as written: no markup read in it, no numbers coloured


def _start_live(stream: TextIO) -> Live:
    # rich is loaded only for a terminal: a piped run never pays for it.
    from rich.console import Console
    from rich.live import Live

    # Our own prints (the summary on stdout) and Scrapy's log are left alone: no redirection.
    live = Live("", console=Console(file=stream), auto_refresh=False,
                redirect_stdout=False, redirect_stderr=False)
    live.start()
    return live
