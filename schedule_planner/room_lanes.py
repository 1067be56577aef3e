"""What each room of a conference centre holds, day by day: the timetable's sessions and
the other bodies' fixed meetings, and the days a room holds more than one meeting.

Computed once from the rules' own data, for every view of the centre (`show --by room`,
the report): a session takes its room on the days room-free's `demand` names, another
body's meeting on every day of its dates (what room-free's `booked` reads), and a room
is over capacity where room-free's `Load` counts more use than it holds.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, timedelta

from constraints import registered
from constraints.room_free import RoomFree

from .domain.problem import Problem
from .domain.schema import Meeting, Room, Venue
from .domain.timetable import Timetable
from .rows import SessionRow, timetable_rows

# what a booking is, for the views' marks and words
SESSION, OTHER, MEETING, PROJECTED = "session", "other", "meeting", "projected"


@dataclass(frozen=True)
class Booking:
    """One meeting in one room: a session of the timetable (`row`), or another body's
    fixed meeting (`meeting`)."""

    label: str  # the session's id; the other body's name (CND)
    start: date
    end: date
    days: tuple[date, ...]  # the days it takes the room
    row: SessionRow | None = None
    meeting: Meeting | None = None

    @property
    def kind(self) -> str:
        """SESSION, OTHER (a consultation, an organizational session), MEETING (another
        body's, published) or PROJECTED (another body's, projected from its pattern)."""
        if self.row is not None:
            return SESSION if self.row.session.is_session else OTHER
        assert self.meeting is not None
        return PROJECTED if self.meeting.projected else MEETING


@dataclass(frozen=True)
class RoomUse:
    """A room and what it holds: its bookings in date order, and the days it holds more
    than its one meeting (day -> meetings that day)."""

    venue: Venue
    room: Room
    bookings: tuple[Booking, ...]
    over: dict[date, int]


def rooms(problem: Problem, timetable: Timetable, rows: list[SessionRow] | None = None) -> list[RoomUse]:
    """Every room of the venues the timetable meets at (of every venue, if it places
    nothing), venue by venue in the model's order, each with its bookings."""
    rows = timetable_rows(problem, timetable) if rows is None else rows
    rule = registered(RoomFree)
    venues = list(dict.fromkeys(r.venue.id for r in rows)) or [v.id for v in problem.model.venues]
    held: dict[tuple[str, str], list[Booking]] = {}
    for r in rows:
        days = tuple(day for _, day, _ in rule.demand(problem, r.session, r.placement))
        held.setdefault((r.venue.id, r.room.id), []).append(Booking(r.id, r.start, r.end, days, row=r))
    for m in problem.model.meetings:
        days = tuple(m.start + timedelta(days=i) for i in range((m.end - m.start).days + 1))
        for room_id in m.rooms:
            held.setdefault((m.venue, room_id), []).append(Booking(m.body, m.start, m.end, days, meeting=m))
    over: dict[Hashable, dict[date, int]] = {}
    for resource, day, used, capacity in rule.load(problem, timetable).days():
        if used > capacity:
            over.setdefault(resource, {})[day] = used
    out = []
    for venue in (problem.venue(v) for v in venues):
        for room in venue.rooms:
            key = (venue.id, room.id)
            bookings = sorted(held.get(key, ()), key=lambda b: (b.start, b.end, b.row is None, b.label))
            out.append(RoomUse(venue, room, tuple(bookings), over.get(key, {})))
    return out


def lanes(bookings, first: date, last: date) -> list[list[Booking]]:
    """The bookings that meet from `first` to `last`, in as few lanes as keep any two that
    overlap apart: each goes in the first lane free from its start (at least one lane)."""
    out: list[list[Booking]] = []
    for b in sorted(bookings, key=lambda b: (b.start, b.end, b.row is None, b.label)):
        if b.end < first or b.start > last:
            continue
        lane = next((lane for lane in out if lane[-1].end < b.start), None)
        if lane is None:
            out.append([b])
        else:
            lane.append(b)
    return out or [[]]
