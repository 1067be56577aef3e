"""The human table (rich), with a summary below it."""

from __future__ import annotations

import io

from ..domain.problem import Problem
from ..domain.text import fmt_range, short_date
from ..rows import SessionRow
from . import title
from .markdown import SHOWN, days_text


def timetable_table(problem: Problem, rows: list[SessionRow]):
    from rich import box
    from rich.table import Table

    table = Table(title=title(problem), box=box.SIMPLE_HEAD, show_lines=True, title_justify="left")
    for name, kw in (("Session", {"no_wrap": True}), ("Dates", {"no_wrap": True}),
                     ("Days", {"justify": "right", "no_wrap": True}), ("Venue, room", {"no_wrap": True}),
                     ("Documents due", {"no_wrap": True}), ("Task", {"ratio": 1, "min_width": 24})):
        table.add_column(name, **kw)
    for r in rows:
        docs = [f"{d.short} {short_date(r.deadlines[d.key])}" for d in SHOWN if d.key in r.deadlines]
        table.add_row(f"{r.id}\n{r.session.name}", fmt_range(r.start, r.end), days_text(r, short=True),
                      f"{r.venue.city}\n{r.room.name}", "\n".join(docs), r.session.task)
    return table


def render_table(problem: Problem, rows: list[SessionRow], summary: list[str],
                 width: int | None = None) -> str:
    """The human table; `width` defaults to 140 columns so files and pipes are stable."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width or 140, color_system=None,
                      highlight=False, emoji=False)
    console.print(timetable_table(problem, rows))
    for line in summary:
        console.print(line, markup=False, soft_wrap=True)
    return console.file.getvalue()
