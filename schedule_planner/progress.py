"""A live line on stderr while CP-SAT searches: elapsed time, the best objective found
and the bound proven so far, from the solver's solution callback (HiGHS, which tells
nothing until it ends: the greedy timetable's cost it started from). Shown only when
stderr is a terminal; nothing is written to a pipe or file (outputs stay the same)."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

from .domain.text import plural


class Progress:
    """What the search has found so far; rendered by rich at its refresh rate, so the
    elapsed time moves between solutions too."""

    def __init__(self):
        self.began = time.perf_counter()
        self.objective: float | None = None
        self.bound: float | None = None  # None with an objective: HiGHS searching
        self.solutions = 0

    def __call__(self, objective: float, bound: float) -> None:
        self.objective, self.bound = objective, bound
        self.solutions += 1

    def __rich__(self) -> str:
        elapsed = time.perf_counter() - self.began
        if self.objective is None:
            return f"[dim]solving: {elapsed:.1f} s, no timetable yet[/dim]"
        if self.bound is None:  # HiGHS: its bound comes when it ends
            return (
                f"[dim]solving: {elapsed:.1f} s, best {self.objective:,.0f} (greedy first-fit), "
                "HiGHS searching[/dim]"
            )
        gap = self.objective - self.bound
        return (
            f"[dim]solving: {elapsed:.1f} s, best {self.objective:,.0f}, bound {self.bound:,.0f}"
            f"{'' if gap > 0.5 else ' (proven)'}, {plural(self.solutions, 'timetable')} found[/dim]"
        )


@contextmanager
def progress_on_terminal():
    """A Progress to hand the solver, shown live on stderr if it is a terminal; else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.live import Live

    progress = Progress()
    with Live(progress, console=Console(stderr=True), refresh_per_second=4, transient=True):
        yield progress
