"""Progress of long commands on stderr: a bar on a terminal, plain lines in logs, nothing for quick runs.

A command names its steps as it reaches them (``progress("clusters")``). Nothing is shown
until the run has taken ``quiet_for`` seconds, so quick commands stay silent and their
output is exactly what they print. After that, on a terminal one line is redrawn in place
(a bar of the steps done when their number is known, the step and the time); elsewhere
(a pipe, a log file, CI) each step is one plain line ``[  4.2s] clusters…``.

>>> import io
>>> out = io.StringIO()
>>> p = Progress(steps=2, stream=out, quiet_for=0.0, clock=iter([0.0, 1.5, 2.0, 3.0]).__next__)
>>> p("reading"); p("analysing"); p.done()
>>> print(out.getvalue(), end="")
[  1.5s] reading…
[  2.0s] analysing…
[  3.0s] done
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "QUIET_FOR"]

#: Seconds a command runs before its progress is shown.
QUIET_FOR = 1.0
_BAR = 24


class Progress:
    """Call with each step's name as it starts; :meth:`done` closes the display.

    Parameters
    ----------
    steps : int, optional
        How many steps there will be (draws a bar on a terminal); unknown when None.
    stream : file, optional
        Where to write (stderr by default).
    quiet_for : float, optional
        Seconds before anything is shown (:data:`QUIET_FOR` by default).
    clock : callable
        Seconds as a float (``time.perf_counter``; replaced in tests).
    """

    def __init__(
        self,
        steps: int | None = None,
        *,
        stream: TextIO | None = None,
        quiet_for: float | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.steps = steps
        self.stream = stream if stream is not None else sys.stderr
        self.quiet_for = QUIET_FOR if quiet_for is None else quiet_for
        self.clock = clock
        self.started = clock()
        self.done_steps = 0
        self.shown = False
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, step: str) -> None:
        elapsed = self.clock() - self.started
        self.done_steps += 1
        if elapsed < self.quiet_for:
            return
        self.shown = True
        if not self.terminal:
            self.stream.write(f"[{elapsed:5.1f}s] {step}…\n")
        else:
            self.stream.write(f"\r\033[K{self._bar()}{step}… {elapsed:.1f}s")
        self.stream.flush()

    def _bar(self) -> str:
        if not self.steps:
            return ""
        filled = min(_BAR, _BAR * (self.done_steps - 1) // self.steps)
        return f"[{'█' * filled}{'·' * (_BAR - filled)}] {self.done_steps}/{self.steps} "

    def done(self, word: str = "done") -> None:
        """Close the display with ``word`` and the total time, if anything was shown."""
        if not self.shown:
            return
        elapsed = self.clock() - self.started
        if self.terminal:
            self.stream.write(f"\r\033[K{word} {elapsed:.1f}s\n")
        else:
            self.stream.write(f"[{elapsed:5.1f}s] {word}\n")
        self.stream.flush()
