"""The human table (rich), with a summary below it, fitted to a width.

Dates and numbers are never cut: their columns keep their full width. At the stable
width of files and pipes (and on wide terminals) the table has a column per item and
the Task column takes the rest; on a narrower terminal the session's and room's names
wrap at spaces and the meeting days go under the dates; when even then there is no
room for the Task column, it is left out with a note. No line ends in spaces.

Every meeting has a row, in date order; a meeting that is not a negotiating session
says its kind under its name: (consultation), (organizational). Under the table, the
section "Reports and milestones" gives a line (wrapped to the width) per progress
report and per milestone of the adoption path.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from ..domain.problem import Problem
from ..domain.text import fmt_range, plural, short_date
from ..rows import Milestone, ReportRow, SessionRow
from . import report_summary, title
from .markdown import SHOWN, days_text, milestone_line

STABLE_WIDTH = 140  # files and pipes: the same table on every machine
TASK_MIN = 24  # the narrowest Task column worth showing
# column widths around the cells: today's table (box edges and one space of padding on
# both sides of every column), and the compact one (no edges, columns two spaces apart;
# the last column's right padding is there, and stripped)
WIDE_EXTRA, COMPACT_GAP = 3, 2


def _lines(cells: list[str]) -> list[str]:
    return [line for cell in cells for line in cell.split("\n")]


def natural(header: str, cells: list[str]) -> int:
    """The width a column needs to show every line whole."""
    from rich.cells import cell_len

    return max(cell_len(line) for line in [header, *_lines(cells)])


def longest_word(header: str, cells: list[str]) -> int:
    """The narrowest a wrapping column can be without cutting a word."""
    from rich.cells import cell_len

    return max([1] + [cell_len(word) for line in [header, *_lines(cells)] for word in line.split()])


def _documents(r: SessionRow, split: bool = False) -> str:
    """The deadlines delegations see, one a line, or the date under each name."""
    between = "\n  " if split else " "
    return "\n".join(
        f"{d.short}{between}{short_date(r.deadlines[d.key])}" for d in SHOWN if d.key in r.deadlines
    )


def timetable_table(problem: Problem, rows: list[SessionRow], width: int = STABLE_WIDTH):
    """The table for `width` columns, the note to print under it (or None) and the width
    it needs (more than `width` only when nothing fits: then nothing is cut either)."""
    from rich import box
    from rich.table import Table

    sessions = [
        f"{r.id}\n{r.session.name}" + ("" if r.session.is_session else f"\n({r.session.kind})") for r in rows
    ]
    dates = [fmt_range(r.start, r.end) for r in rows]
    days = [days_text(r, short=True) for r in rows]
    venues = [f"{r.venue.city}\n{r.room.name}" for r in rows]
    documents = [_documents(r) for r in rows]
    tasks = [r.session.task for r in rows]

    fixed = [natural("Dates", dates), natural("Days", days), natural("Documents due", documents)]
    # the meetings' and rooms' names whole if they fit, else wrapped at spaces (a long
    # consultation's name, the General Assembly Hall)
    whole = (natural("Session", sessions), natural("Venue, room", venues))
    wrapped = (
        max(len("Session"), longest_word("Session", sessions)),
        max(len("Venue, room"), longest_word("Venue, room", venues)),
    )
    names = next(
        (
            ws
            for ws in (whole, (wrapped[0], whole[1]), wrapped)
            if sum(ws) + sum(fixed) + WIDE_EXTRA * 6 + 1 + TASK_MIN <= width
        ),
        None,
    )
    if names is not None:
        spare = width - (sum(names) + sum(fixed) + WIDE_EXTRA * 6 + 1 + TASK_MIN)
        names = list(names)
        for i in (1, 0):  # whole rooms' names first, then the meetings'
            more = min(spare, whole[i] - names[i])
            names[i] += more
            spare -= more
        session_kw, venue_kw = ({"width": w, "no_wrap": w == n} for w, n in zip(names, whole))
        table = Table(title=title(problem), box=box.SIMPLE_HEAD, show_lines=True, title_justify="left")
        for name, kw in (
            ("Session", session_kw),
            ("Dates", {"no_wrap": True}),
            ("Days", {"justify": "right", "no_wrap": True}),
            ("Venue, room", venue_kw),
            ("Documents due", {"no_wrap": True}),
            ("Task", {"ratio": 1, "min_width": TASK_MIN}),
        ):
            table.add_column(name, **kw)
        for row in zip(sessions, dates, days, venues, documents, tasks):
            table.add_row(*row)
        return table, None, width

    # compact: names wrap at spaces, the meeting days go under the dates; then, if need
    # be, no Task column; then each deadline's date under its name
    dates = [
        f"{fmt_range(r.start, r.end)}\n{plural(len(r.meeting_days), 'meeting day')}"
        + (f", {len(r.lost_days)} lost" if r.lost_days else "")
        for r in rows
    ]
    for split in (False, True):
        docs = [_documents(r, split) for r in rows]
        columns = [
            ("Session", sessions, True),
            ("Dates", dates, False),
            ("Venue, room", venues, True),
            ("Documents due", docs, False),
        ]
        least = [longest_word(h, c) if wraps else natural(h, c) for h, c, wraps in columns]
        used = sum(least) + COMPACT_GAP * (len(columns) - 1) + 1
        show_task = not split and used + COMPACT_GAP + TASK_MIN <= width
        if show_task or used <= width:
            break
    spare = max(0, width - used - (COMPACT_GAP + TASK_MIN if show_task else 0))
    widths, most = list(least), [natural(h, c) for h, c, _ in columns]
    while spare:  # the names widen first, the narrower one a column at a time
        narrow = [i for i, w in enumerate(widths) if w < most[i]]
        if not narrow:
            break
        widths[min(narrow, key=lambda i: widths[i])] += 1
        spare -= 1
    table = Table(
        title=title(problem),
        box=box.SIMPLE_HEAD,
        show_lines=True,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, COMPACT_GAP - 1, 0, 0),
    )
    for (header, _, wraps), w in zip(columns, widths):
        table.add_column(header, width=w, no_wrap=not wraps)
    cells = [c for _, c, _ in columns]
    note = None
    if show_task:
        table.add_column("Task", width=min(TASK_MIN + spare, natural("Task", tasks)))
        cells.append(tasks)
    else:
        note = f"Note: the Task column is left out at {width} columns; a wider terminal shows it."
    for row in zip(*cells):
        table.add_row(*row)
    return table, note, max(width, sum(widths) + COMPACT_GAP * (len(columns) - 1) + 1)


def report_text(rep: ReportRow) -> str:
    """A progress report in the table's section: deadlines, where it goes, its meeting."""
    return f"{rep.id}: {report_summary(rep, short_date)}"


def calendar_lines(reports: Sequence[ReportRow], milestones: Sequence[Milestone], width: int) -> list[str]:
    """The section under the table: a line per report and per milestone, wrapped to
    `width` with the continuation indented."""
    if not reports and not milestones:
        return []
    items = [report_text(r) for r in reports] + [milestone_line(m) for m in milestones]
    out = ["Reports and milestones:"]
    for item in items:
        out += textwrap.wrap(
            item,
            width=width,
            initial_indent="  ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def render_table(
    problem: Problem,
    rows: list[SessionRow],
    summary: list[str],
    width: int | None = None,
    reports: Sequence[ReportRow] = (),
    milestones: Sequence[Milestone] = (),
) -> str:
    """The human table, the section on reports and milestones and the summary lines;
    `width` defaults to 140 columns so files and pipes are stable."""
    from rich.console import Console

    table, note, needed = timetable_table(problem, rows, width or STABLE_WIDTH)
    console = Console(file=io.StringIO(), width=needed, color_system=None, highlight=False, emoji=False)
    console.print(table)
    section = calendar_lines(reports, milestones, width or STABLE_WIDTH)
    for line in ([note] if note else []) + section + ([""] if section else []) + summary:
        console.print(line, markup=False, soft_wrap=True)
    return "\n".join(line.rstrip() for line in console.file.getvalue().split("\n"))
