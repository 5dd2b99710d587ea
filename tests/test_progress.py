"""Progress on stderr: silent for quick runs and wherever stderr is not a terminal, a bar redrawn in place on one."""

from __future__ import annotations

import io

from orggraph.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking(*times: float):
    return iter(times).__next__


def test_quick_runs_show_nothing():
    out = io.StringIO()
    p = Progress(steps=3, stream=out, quiet_for=1.0, clock=ticking(0.0, 0.1, 0.2, 0.3))
    p("reading")
    p("analysing")
    p.done()
    assert out.getvalue() == ""


def test_logs_and_pipes_get_nothing_even_when_the_run_is_slow():
    out = io.StringIO()
    p = Progress(stream=out, quiet_for=1.0, clock=ticking(0.0, 0.5, 1.25, 4.0))
    p("reading")
    p("clusters")
    p.done()
    assert out.getvalue() == ""


def test_terminals_get_a_bar_redrawn_in_place():
    out = Terminal()
    p = Progress(steps=4, stream=out, quiet_for=0.0, clock=ticking(0.0, 1.0, 2.0, 3.0))
    p("reading")
    p("clusters")
    p.done()
    text = out.getvalue()
    frames = text.split("\r\033[K")[1:]
    assert frames[0].startswith("[" + "·" * 24 + "] 1/4 reading…")
    assert frames[1].startswith("[" + "█" * 6 + "·" * 18 + "] 2/4 clusters…")
    assert frames[-1] == "done 3.0s\n"
    assert text.count("\n") == 1
