"""Timetable rows: what every renderer prints, computed once from a timetable.

A row holds real dates and the model's own objects (session, body, venue, room), the
meeting days, the days lost to holidays, the document deadlines and the row of the
session before it in its body's order; renderers turn them into text at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .domain.problem import Problem
from .domain.schema import Body, Documents, Room, Session, Venue
from .domain.timetable import Placement, Timetable


@dataclass(frozen=True)
class SessionRow:
    session: Session
    body: Body
    placement: Placement
    venue: Venue
    room: Room
    meeting_days: tuple[date, ...]
    lost_days: tuple[date, ...]
    documents: Documents                 # the pipeline into the session
    deadlines: dict[str, date]           # keyed as domain.deadlines.DEADLINES, in its order
    previous: "SessionRow | None"        # the body's previous session, if the timetable places it

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def start(self) -> date:
        return self.placement.start

    @property
    def end(self) -> date:
        return self.placement.end


def timetable_rows(problem: Problem, timetable: Timetable) -> list[SessionRow]:
    """One row per placed session, body by body, each body's in its order."""
    rows = []
    for chain in problem.chains:
        prev = None
        for session in problem.meeting(chain, timetable):   # a session left out has no row
            p = timetable.get(session.id)
            if p is None:
                prev = None
                continue
            venue = problem.venue(p.venue)
            row = SessionRow(session, problem.body(session), p, venue, venue.room(p.room),
                             problem.session_days(session, p),
                             tuple(problem.lost_days(session, p)), problem.documents(session),
                             problem.deadlines(session, p, prev.placement if prev else None), prev)
            rows.append(row)
            prev = row
    return rows
