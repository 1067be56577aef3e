"""The room-by-day grid of `planner show --by room` (rich): a page per month, a column
per day, and a line per room of every venue the timetable meets at, split into lanes
where meetings overlap, so that no meeting is drawn over another. Each venue's line
shows its own calendar (weekends, holidays); the notes on the right name what each lane
holds. As the calendar, it reads without colour: every mark is a character of its own.

What each room holds comes from `schedule_planner.occupancy`, computed from the rules'
own data.
"""

from __future__ import annotations

from datetime import date

from ..domain.problem import Problem
from ..domain.schema import meeting_words
from ..domain.timetable import Timetable
from ..occupancy import MEETING, OTHER, PROJECTED, SESSION, RoomUse, Stay, lanes, occupancy, title
from ..rows import timetable_rows
from . import held
from .calendar import (
    CLOSED,
    SOFT,
    STABLE_WIDTH,
    WEEKEND,
    WORKDAY,
    Mark,
    legend,
    month_days,
    months,
    printed,
    span_text,
)
from .formats import Options, Rendered

LABEL = 20  # the rooms' names, cut to fit
NOTES_MIN = 24  # the narrowest notes column worth having
MAX_CELL = 3  # characters per day at most

BOOKED = {
    SESSION: Mark("█", "bold white on blue", "session meets (its id opens the bar)"),
    OTHER: Mark("▓", "bold black on green", "consultation or organizational session meets"),
    MEETING: Mark("▒", "black on yellow", "another body's meeting, published"),
    PROJECTED: Mark("░", "yellow", "another body's meeting, projected from its pattern: to confirm"),
}
IDLE = Mark("─", "blue", "inside a session's dates, a day it does not take the room")
CLASH = Mark("!", "bold white on red", "the room holds more than one meeting that day (room-free)")
FREE = Mark(WORKDAY.glyph, WORKDAY.style, "free working day")
LEGEND = (*BOOKED.values(), IDLE, CLOSED, SOFT, FREE, CLASH)


def cell_width(width: int) -> int:
    """Characters per day that leave the notes column its least width."""
    return max(1, min(MAX_CELL, (width - LABEL - 2 - NOTES_MIN) // 31))


class Grid:
    """What the grid shows: the rooms with what they hold, and the months it spans."""

    def __init__(self, problem: Problem, timetable: Timetable):
        self.problem = problem
        rows = timetable_rows(problem, timetable)
        window = problem.model.window  # the planning window, and any session outside it
        self.first = min([window.start, *(r.start for r in rows)])
        self.last = max([window.end, *(r.end for r in rows)])
        pages = months(self.first, self.last)  # every day of their months
        occ = occupancy(problem, timetable, rows, pages[0], month_days(pages[-1])[-1])
        self.rooms = occ.rooms
        # the venues in the order the timetable first meets at them
        self.venues = list(dict.fromkeys([*(r.venue.id for r in rows), *(v.id for v in occ.venues)]))

    def background(self, venue: str, day: date) -> Mark:
        vd = self.problem.days[venue]
        if day in vd.closed:
            return CLOSED
        if day in vd.soft:
            return SOFT
        return FREE if day.weekday() in vd.working else WEEKEND

    def venue_line(self, venue: str, month: date, cell: int):
        from rich.text import Text

        line = Text()
        for day in month_days(month):
            mark = self.background(venue, day)
            line.append(mark.glyph * cell, style=mark.style)
        return line

    def venue_notes(self, venue: str, month: date) -> str:
        """The venue's name and its holidays in the month, by day (their names are in
        `planner holidays`)."""
        vd = self.problem.days[venue]
        days = month_days(month)
        out = [self.problem.venue(venue).name]
        for mark, marked in ((CLOSED, vd.closed), (SOFT, vd.soft)):
            on = [str(d.day) for d in days if d in marked and (mark is CLOSED or d not in vd.closed)]
            if on:
                out.append(f"{mark.glyph} {', '.join(on)}")
        return "; ".join(out)

    def lane_line(self, use: RoomUse, lane: list[Stay], month: date, cell: int):
        """A lane's days, `cell` characters each; each meeting's label opens its bar (and
        its bar's part in the month it runs into), cut to the bar."""
        from rich.text import Text

        days = month_days(month)
        line, day = Text(), days[0]
        for b in lane:
            start, end = max(b.start, days[0]), min(b.end, days[-1])
            while day < start:
                mark = self.background(use.venue.id, day)
                line.append(mark.glyph * cell, style=mark.style)
                day = day.fromordinal(day.toordinal() + 1)
            taken = set(b.days)
            mark = BOOKED[b.kind]
            bar = Text()
            for d in (start.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)):
                if d in taken:
                    bar.append(mark.glyph * cell, style=mark.style)
                else:
                    off = CLOSED if d in self.problem.days[use.venue.id].closed else IDLE
                    bar.append(off.glyph * cell, style=off.style)
            line.append_text(opened(bar, b.who, mark.style))
            day = end.fromordinal(end.toordinal() + 1)
        while day <= days[-1]:
            mark = self.background(use.venue.id, day)
            line.append(mark.glyph * cell, style=mark.style)
            day = day.fromordinal(day.toordinal() + 1)
        return line

    def clash_line(self, use: RoomUse, month: date, cell: int):
        from rich.text import Text

        line = Text()
        for day in month_days(month):
            if day in use.over:
                line.append(CLASH.glyph * cell, style=CLASH.style)
            else:
                line.append(" " * cell)
        return line

    def busy(self, month: date) -> bool:
        days = month_days(month)
        return any(b.start <= days[-1] and b.end >= days[0] for r in self.rooms for b in r.stays)


def opened(bar, label: str, style: str):
    """The bar with the label over its first cells, as many of the label's characters as
    fit whole (a wide character takes two cells): never wider than the bar."""
    from rich.cells import cell_len
    from rich.text import Text

    room = bar.cell_len
    shown = ""
    for ch in label:
        if cell_len(shown + ch) > room:
            break
        shown += ch
    if not shown:
        return bar
    out = Text(shown, style=style)
    rest = bar.copy()
    out.append_text(rest[len(rest.plain) - (room - cell_len(shown)) :] if room > cell_len(shown) else Text())
    return out


def note(s: Stay) -> str:
    when = span_text(s.start, s.end)
    return meeting_words(s.who, s.projected, when) if s.fixed else f"{s.who} {when}"


def render_rooms(
    problem: Problem, timetable: Timetable, width: int | None = None, colour: bool = False
) -> str:
    """The grid for `width` columns (default: the stable width of files and pipes), in
    colour or not; no line ends in spaces. Months in which no room holds a meeting are
    one line."""
    from rich.table import Table
    from rich.text import Text

    width = max(80, width or STABLE_WIDTH)
    cell = cell_width(width)
    grid = Grid(problem, timetable)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, width=LABEL, overflow="ellipsis")
    table.add_column(no_wrap=True, width=31 * cell)
    table.add_column(ratio=1, overflow="fold")
    scale = [" "] * (31 * cell)
    for n in (1, 5, 10, 15, 20, 25, 30):
        scale[(n - 1) * cell : (n - 1) * cell + len(str(n))] = str(n)
    idle: list[date] = []  # months in a row in which no room holds a meeting

    def flush() -> None:
        if idle:
            span = f"{idle[0]:%b %Y}" + (f" - {idle[-1]:%b %Y}" if len(idle) > 1 else "")
            table.add_row(Text(span), "", Text("no meeting in these rooms"))
            table.add_row("", "", "")
            idle.clear()

    for month in months(grid.first, grid.last):
        if not grid.busy(month):
            idle.append(month)
            continue
        flush()
        days = month_days(month)
        weekdays = "".join(f"{d:%a}"[:cell] if cell > 1 else f"{d:%a}"[0] for d in days)
        table.add_row(Text(f"{month:%b %Y}", style="bold"), "".join(scale), "")
        table.add_row("", Text(weekdays), "notes")
        for venue in grid.venues:
            name = problem.venue(venue).name
            table.add_row(
                Text(name), grid.venue_line(venue, month, cell), Text(grid.venue_notes(venue, month))
            )
            for use in (r for r in grid.rooms if r.venue.id == venue):
                for n, lane in enumerate(lanes(use.stays, days[0], days[-1])):
                    label = Text("  " + use.room.name) if n == 0 else Text("")
                    notes = "; ".join(note(b) for b in lane)
                    table.add_row(label, grid.lane_line(use, lane, month, cell), Text(notes))
                if any(d in use.over for d in days):
                    table.add_row(
                        Text("  " + CLASH.glyph + " double-booked"), grid.clash_line(use, month, cell), ""
                    )
        table.add_row("", "", "")
    flush()

    return printed(
        width,
        colour,
        Text(f"{title(problem)}: rooms by day, {grid.first:%b %Y} - {grid.last:%b %Y}", style="bold"),
        table,
        legend(LEGEND, cell, "A room takes a line (a lane) for each meeting that overlaps another."),
    )


def render(outcome, options: Options) -> Rendered:
    """`show --by room`: the room-by-day grid of a timetable."""
    problem, timetable = outcome.problem, outcome.result.timetable
    text = render_rooms(problem, timetable, options.width, options.colour)
    return Rendered(text, held(problem, timetable.placements) + " shown")
