r"""Progress of long commands on stderr: a bar redrawn in place on a terminal, nothing elsewhere.

A command names its steps as it reaches them (``progress("clusters")``). Nothing is shown
until the run has taken ``quiet_for`` seconds, so quick commands stay silent; and nothing is
shown at all when stderr is not a terminal (a pipe, a log file, CI), so what a script captures
is exactly what the command prints.

>>> import io
>>> class Terminal(io.StringIO):
...     def isatty(self): return True
>>> out = Terminal()
>>> p = Progress(steps=2, stream=out, quiet_for=0.0, clock=iter([0.0, 1.5, 2.0, 3.0]).__next__)
>>> p("reading"); p("analysing"); p.done()
>>> [frame.removeprefix(chr(27) + "[K") for frame in out.getvalue().split(chr(13))[1:]]
['[························] 1/2 reading… 1.5s', '[████████████············] 2/2 analysing… 2.0s', 'done 3.0s\n']
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "QUIET_FOR", "is_terminal"]

#: Seconds a command runs before its progress is shown.
QUIET_FOR = 1.0
_BAR = 24


def is_terminal(stream: TextIO) -> bool:
    """Tell whether ``stream`` is a terminal a person watches (not a pipe or a file)."""
    return bool(getattr(stream, "isatty", lambda: False)())


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
        self.terminal = is_terminal(self.stream)

    def __call__(self, step: str) -> None:
        elapsed = self.clock() - self.started
        self.done_steps += 1
        if not self.terminal or elapsed < self.quiet_for:
            return
        self.shown = True
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
        self.stream.write(f"\r\033[K{word} {elapsed:.1f}s\n")
        self.stream.flush()
