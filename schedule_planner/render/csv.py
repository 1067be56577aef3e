"""CSV: one line per meeting, then one per progress report and one per milestone, for
spreadsheets. The header is always the same:

    id, kind, name, start, end, meeting_days, meeting_day_count, lost_days, venue, room,
    contributions-close, draft-ready, submission, issuance, task

A column named as a key of the JSON contract means what it means there (lists as
space-separated ISO dates); the number of meeting days has a name of its own,
`meeting_day_count`. `kind` is the meeting's kind (session, organizational,
consultation), `report` for a progress report (start: its submission deadline, end: its
issuance deadline, also in those columns; task: where it goes and the meeting it reports
on), or the milestone's id (approval, consideration, adoption, signing; start and end:
its dates). Reports and milestones leave the meeting columns empty.

A text that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a
carriage return: `=HYPERLINK(...)` in a session's name) is written with a leading single
quote, as OWASP advises, so that it is shown, never run. Only texts: the numbers planner
writes stay numbers (none is negative), and its dates begin with a digit."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..conferences import cell
from ..domain.deadlines import KEYS
from ..rows import Milestone, ReportRow, SessionRow
from . import held
from .formats import Options, Rendered

if TYPE_CHECKING:
    from ..outcome import Solved

HEADER = [
    "id",
    "kind",
    "name",
    "start",
    "end",
    "meeting_days",
    "meeting_day_count",
    "lost_days",
    "venue",
    "room",
    *KEYS,
    "task",
]


def to_csv(
    rows: list[SessionRow], reports: Sequence[ReportRow] = (), milestones: Sequence[Milestone] = ()
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def write(row: list) -> None:
        writer.writerow(map(cell, row))

    write(HEADER)
    for r in rows:
        write(
            [
                r.id,
                r.session.kind,
                r.session.name,
                r.start.isoformat(),
                r.end.isoformat(),
                _dates(r.meeting_days),
                len(r.meeting_days),
                _dates(r.lost_days),
                r.venue.id,
                r.room.id,
                *(r.deadlines[k].isoformat() if k in r.deadlines else "" for k in KEYS),
                r.session.task,
            ]
        )
    for rep in reports:
        d = rep.deadlines
        write(
            [
                rep.id,
                "report",
                rep.report.name,
                d["submission"].isoformat() if d else "",
                d["issuance"].isoformat() if d else "",
                "",
                "",
                "",
                "",
                "",
                *(d[k].isoformat() if k in d and k in ("submission", "issuance") else "" for k in KEYS),
                report_task(rep),
            ]
        )
    for m in milestones:
        write(
            [
                m.id,
                m.id,
                m.name,
                m.start.isoformat(),
                m.end.isoformat(),
                "",
                "",
                "",
                "",
                "",
                *("" for _ in KEYS),
                "",
            ]
        )
    return out.getvalue()


def report_task(rep: ReportRow) -> str:
    """Where a report goes and what it reports on, in words."""
    if rep.opens is None:
        return f"to {rep.goes_to}, which is not placed"
    basis = f"reports on {rep.basis.id} ({rep.basis.name})" if rep.basis else "no meeting in time"
    return f"to {rep.goes_to}; {basis}"


def _dates(days) -> str:
    return " ".join(d.isoformat() for d in days)


def render(outcome: Solved, options: Options) -> Rendered:
    from ..rows import milestones, report_rows, timetable_rows

    problem, timetable = outcome.problem, outcome.result.timetable
    text = to_csv(
        timetable_rows(problem, timetable), report_rows(problem, timetable), milestones(problem, timetable)
    )
    return Rendered(text, held(problem, timetable.placements))
