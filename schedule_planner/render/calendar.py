"""The terminal calendar of `planner show` (rich): one row per month, a cell per day,
sessions as bars, and the days around them marked; notes on the right name what the
marks are. Every mark is a character of its own, so the calendar reads without colour
(NO_COLOR, files and pipes); colour only repeats it. Sessions and the body's other
meetings (consultations, the organizational session) have bars of their own marks; the
progress reports' submission and issuance deadlines a mark of their own too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..domain.problem import Problem
from ..occupancy import title
from ..rows import ReportRow, SessionRow, report_rows, timetable_rows
from . import held, literal
from .formats import Options, Rendered
from .markdown import SHOWN

if TYPE_CHECKING:
    from ..outcome import Solved

STABLE_WIDTH = 100  # files and pipes: the same calendar on every machine
LABEL = 8  # "Aug 2021"
NOTES_MIN = 30  # the narrowest notes column worth having
MAX_CELL = 3  # characters per day at most


@dataclass(frozen=True)
class Mark:
    glyph: str
    style: str
    meaning: str


# what a day can be, strongest first: a day shows the first that applies
SESSION = Mark("█", "bold white on blue", "session meets (its id opens the bar)")
OTHER = Mark(
    "▒", "bold black on green", "consultation or organizational session meets (its id opens the bar)"
)
CLOSED = Mark("H", "bold red", "UN holiday: no meetings (inside a bar, a meeting day lost)")
LOST = Mark(CLOSED.glyph, "bold white on red", CLOSED.meaning)
DEADLINE = Mark("◆", "bold magenta", "document deadline (contributions close, submission, issuance)")
REPORT = Mark("◇", "bold green", "progress report deadline (submission, issuance)")
MEETING = Mark("m", "yellow", "another body meets at the venue")
SOFT = Mark("h", "cyan", "national holiday or day GA res. 69/250 asks to avoid")
WORKDAY = Mark("·", "dim", "working day")
WEEKEND = Mark(" ", "", "weekend")
LEGEND = (SESSION, OTHER, CLOSED, DEADLINE, REPORT, MEETING, SOFT, WORKDAY)


def months(first: date, last: date) -> list[date]:
    """The first day of every month from first's to last's."""
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def month_days(month: date) -> list[date]:
    nxt = (month + timedelta(days=32)).replace(day=1)
    return [month + timedelta(days=i) for i in range((nxt - month).days)]


def span_text(start: date, end: date) -> str:
    """'2-13', '27 Nov-8 Dec': a span within a month row's notes."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{end.day}" if start != end else f"{start.day}"
    return f"{start.day} {start:%b}-{end.day} {end:%b}"


class Calendar:
    """What each day of the plan shows, and each month's notes, from the rows."""

    def __init__(self, problem: Problem, rows: list[SessionRow], reports: Sequence[ReportRow] = ()):
        self.problem = problem
        venues = list(dict.fromkeys(r.venue.id for r in rows)) or [v.id for v in problem.model.venues]
        self.days = [problem.days[v] for v in venues]
        self.meetings = sorted(
            (m for m in problem.model.meetings if m.venue in venues),
            key=lambda m: (m.start, m.end, m.body, m.name),
        )
        self.sessions: dict[date, SessionRow] = {}
        for r in rows:
            day = r.start
            while day <= r.end:
                self.sessions[day] = r
                day += timedelta(days=1)
        self.deadlines: dict[date, list[str]] = {}  # day: "S4 submission", ...
        for r in rows:
            for d in SHOWN:
                if d.key in r.deadlines:
                    self.deadlines.setdefault(r.deadlines[d.key], []).append(f"{r.id} {d.short}")
        self.reports: dict[date, list[str]] = {}  # day: "R77 submission", ...
        for rep in reports:
            for key in ("submission", "issuance"):
                if key in rep.deadlines:
                    self.reports.setdefault(rep.deadlines[key], []).append(f"{rep.id} {key}")
        marked = [*self.sessions, *self.deadlines, *self.reports]
        window = problem.model.window
        self.first = min([window.start, *marked])
        self.last = max([window.end, *marked])

    def mark(self, day: date) -> Mark:
        closed = any(day in vd.closed for vd in self.days)
        if day in self.sessions:  # a meeting day is lost to its own venue's holidays
            r = self.sessions[day]
            return (
                LOST
                if day in self.problem.days[r.venue.id].closed
                else SESSION
                if self.sessions[day].session.is_session
                else OTHER
            )
        if closed:
            return CLOSED
        if day in self.deadlines:
            return DEADLINE
        if day in self.reports:
            return REPORT
        if any(m.start <= day <= m.end for m in self.meetings):
            return MEETING
        if any(day in vd.soft for vd in self.days):
            return SOFT
        return WORKDAY if any(day.weekday() in vd.working for vd in self.days) else WEEKEND

    def meeting_in(self, month: date) -> list[SessionRow]:
        """The sessions that meet in the month, in order."""
        found = {self.sessions[d].id: self.sessions[d] for d in month_days(month) if d in self.sessions}
        return list(found.values())

    def line(self, month: date, cell: int):
        """A month's days, `cell` characters each; a session's id opens its bar (and its
        bar's part in a month it runs into)."""
        from rich.text import Text

        chars: list[tuple[str, str]] = []
        for day in month_days(month):
            mark = self.mark(day)
            chars += [(mark.glyph, mark.style)] * cell
        for r in self.meeting_in(month):
            at = (max(r.start, month) - month).days * cell
            room = ((min(r.end, month_days(month)[-1]) - max(r.start, month)).days + 1) * cell
            for i, ch in enumerate(r.id[:room]):
                chars[at + i] = (ch, chars[at + i][1])
        line = Text()
        for ch, style in chars:
            line.append(ch, style=style)
        return line

    def notes(self, month: date) -> str:
        days = month_days(month)
        first, last = days[0], days[-1]
        out = [f"{r.id} {span_text(r.start, r.end)}" for r in self.meeting_in(month)]
        out += [
            f"{what} {day.day}"
            for day, deadlines in sorted(self.deadlines.items())
            if first <= day <= last
            for what in deadlines
        ]
        out += [
            f"{what} {day.day}"
            for day, reports in sorted(self.reports.items())
            if first <= day <= last
            for what in reports
        ]
        out += [
            f"{m.body} {span_text(m.start, m.end)}"
            for m in self.meetings
            if m.start <= last and m.end >= first
        ]
        return "; ".join(out)


def cell_width(width: int) -> int:
    """Characters per day that leave the notes column its least width."""
    return max(1, min(MAX_CELL, (width - LABEL - 2 - NOTES_MIN) // 31))


def render_calendar(
    problem: Problem,
    rows: list[SessionRow],
    width: int | None = None,
    colour: bool = False,
    reports: Sequence[ReportRow] = (),
) -> str:
    """The calendar for `width` columns (default: the stable width of files and pipes),
    in colour or not; no line ends in spaces."""
    from rich.table import Table
    from rich.text import Text

    width = max(80, width or STABLE_WIDTH)
    cell = cell_width(width)
    cal = Calendar(problem, rows, reports)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=LABEL)
    grid.add_column(no_wrap=True, width=31 * cell)
    grid.add_column(ratio=1, overflow="fold")
    scale = [" "] * (31 * cell)
    for n in (1, 5, 10, 15, 20, 25, 30):
        scale[(n - 1) * cell : (n - 1) * cell + len(str(n))] = str(n)
    grid.add_row("", "".join(scale), "notes")
    for month in months(cal.first, cal.last):
        grid.add_row(f"{month:%b %Y}", cal.line(month, cell), literal(cal.notes(month)))

    return printed(
        width,
        colour,
        Text(f"{title(problem)}: {cal.first:%b %Y} - {cal.last:%b %Y}", style="bold"),
        grid,
        legend(LEGEND, cell),
    )


def legend(marks, cell: int, *notes: str):
    """The legend of a terminal view: a mark a line, so that no mark is parted from its
    meaning, then `notes`, a line each."""
    from rich.text import Text

    out = Text("Legend: ")
    indent = " " * len("Legend: ")
    for n, mark in enumerate(marks):
        out.append(("\n" + indent) if n else "")
        out.append(mark.glyph * max(1, cell), style=mark.style)
        out.append(f" {mark.meaning}")
    for note in notes:
        out.append("\n" + indent + note)
    return out


def printed(width: int, colour: bool, *parts) -> str:
    """What rich prints of `parts` at `width` columns, in colour or not (model text is
    rich Text, never markup); no line ends in spaces."""

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        no_color=not colour,
    )
    for part in parts:
        console.print(part)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def render(outcome: Solved, options: Options) -> Rendered:
    """`show`'s calendar of a timetable."""
    problem, timetable = outcome.problem, outcome.result.timetable
    text = render_calendar(
        problem,
        timetable_rows(problem, timetable),
        options.width,
        options.colour,
        report_rows(problem, timetable),
    )
    return Rendered(text, held(problem, timetable.placements) + " shown")
