"""What a timetable takes of the conference centre, day by day: each room's meetings in
lanes, each venue's interpretation teams per day and the translation pages per week,
against capacity. Data only: the report and `show --by room` draw it.

Everything is counted by the resource rules' `Load` (constraints.base): room-free's
resource is (venue, room) per day, interpretation-capacity's a venue per day,
translation-capacity's "translation" per week (the day is the week's Monday). The other
bodies' fixed meetings are in it as the rules book them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from constraints import registered
from constraints.base import Load
from constraints.interpretation_capacity import InterpretationCapacity
from constraints.room_free import RoomFree
from constraints.translation_capacity import TranslationCapacity

from .domain.problem import Problem
from .domain.schema import Room, Venue
from .domain.timetable import Timetable
from .rows import SessionRow


@dataclass(frozen=True)
class Stay:
    """A meeting in a room: a session of the timetable, or another body's fixed meeting."""

    who: str  # the session's id, or the other body (CND)
    name: str  # the session's or the meeting's name
    start: date
    end: date
    days: tuple[date, ...]  # the days it takes the room
    fixed: bool = False  # another body's meeting, fixed
    projected: bool = False  # a fixed meeting projected from its pattern, not published
    lane: int = 0  # its lane in the room's row: meetings at once never share one


@dataclass(frozen=True)
class RoomUse:
    venue: Venue
    room: Room
    stays: tuple[Stay, ...]  # in order of start
    lanes: int  # 1, or more where meetings overlap (a proposal that breaks room-free)
    used: int  # days the timetable's sessions take the room
    booked: int  # days other bodies' fixed meetings take it
    available: int  # the venue's working days in the span, UN holidays excepted


@dataclass(frozen=True)
class DayUse:
    """What is taken of one resource on one day (a week, for translation)."""

    resource: str  # a venue's id, or "translation"
    day: date
    used: int
    capacity: int

    @property
    def over(self) -> bool:
        return self.used > self.capacity


@dataclass(frozen=True)
class Week:
    """A week (from its Monday) against capacity: each venue's interpretation teams on its
    busiest day, and the translation pages."""

    monday: date
    interpretation: dict[str, DayUse]  # venue id -> its peak day (ties: the first)
    overloaded: dict[str, int]  # venue id -> days over capacity that week
    translation: DayUse | None  # None: translation is unlimited (no translation_capacity)

    @property
    def over(self) -> bool:
        return any(self.overloaded.values()) or (self.translation is not None and self.translation.over)


@dataclass(frozen=True)
class Occupancy:
    first: date  # the span: the first and last day a session of the timetable meets
    last: date
    venues: list[Venue]  # those the timetable uses, in the model's order
    rooms: list[RoomUse]  # every room of those venues, in the model's order
    interpretation: list[DayUse]  # each venue's days with teams taken, in order
    translation: list[DayUse]  # each week with pages translated, in order
    weeks: list[Week]  # every week of the span


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def span(rows: Sequence[SessionRow]) -> tuple[date, date] | None:
    """The first and last day the rows' meetings meet (the latest end, which need not be
    the last-opening meeting's)."""
    if not rows:
        return None
    return min(r.start for r in rows), max(r.end for r in rows)


def occupancy(problem: Problem, timetable: Timetable, rows: Sequence[SessionRow]) -> Occupancy:
    """The centre's rooms, interpreters and translators over the span of the rows (the
    timetable's placed meetings; the planning window if none)."""
    window = problem.model.window
    first, last = span(rows) or (window.start, window.end)
    used = dict.fromkeys(r.venue.id for r in rows)
    venues = [v for v in problem.model.venues if v.id in used]
    every = days(first, last)
    load = registered(RoomFree).load(problem, timetable)
    rooms = [_room(problem, load, venue, room, every) for venue in venues for room in venue.rooms]
    teams = registered(InterpretationCapacity)
    load = teams.load(problem, timetable)
    interpretation = [
        DayUse(v.id, day, n, teams.capacity(problem, v.id))
        for v in venues
        for day in every
        if (n := load.used(v.id, day))
    ]
    translation = [
        DayUse(str(resource), week, n, capacity)
        for resource, week, n, capacity in registered(TranslationCapacity).load(problem, timetable).days()
    ]
    return Occupancy(
        first,
        last,
        venues,
        rooms,
        interpretation,
        translation,
        _weeks(problem, first, last, venues, interpretation, translation),
    )


def _room(problem: Problem, load: Load, venue: Venue, room: Room, every: list[date]) -> RoomUse:
    """A room's meetings, each in the first lane free from its opening."""
    rule = load.rule
    resource = (venue.id, room.id)
    names = {(m.body, m.start, m.end): m.name for m in problem.model.meetings if m.venue == venue.id}
    found: dict[tuple, list[date]] = {}  # (who, start, end, fixed, projected) -> days
    for day in every:
        uses = load.uses(resource, day)  # the fixed meetings first, then the sessions
        fixed = len(rule._booked(problem, resource, day))
        for i, u in enumerate(uses):
            found.setdefault((u.who, u.start, u.end, i < fixed, u.projected), []).append(day)
    stays: list[Stay] = []
    ends: list[date] = []  # each lane's last day so far
    for who, start, end, fixed, projected in sorted(found, key=lambda k: (k[1], k[2], not k[3], k[0])):
        lane = next((i for i, e in enumerate(ends) if e < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        name = names.get((who, start, end), "") if fixed else problem.by_id[who].name
        stays.append(
            Stay(
                who, name, start, end, tuple(found[who, start, end, fixed, projected]), fixed, projected, lane
            )
        )
    vd = problem.days[venue.id]
    return RoomUse(
        venue,
        room,
        tuple(stays),
        max(1, len(ends)),
        len({d for s in stays if not s.fixed for d in s.days}),
        len({d for s in stays if s.fixed for d in s.days}),
        sum(1 for d in every if d.weekday() in vd.working and d not in vd.closed),
    )


def _weeks(
    problem: Problem,
    first: date,
    last: date,
    venues: list[Venue],
    interpretation: list[DayUse],
    translation: list[DayUse],
) -> list[Week]:
    by_day = {(u.resource, u.day): u for u in interpretation}
    pages = {u.day: u for u in translation}
    capacity = problem.model.translation_capacity
    out = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        peak, over = {}, {}
        for v in venues:
            week = [by_day.get((v.id, monday + timedelta(days=i))) for i in range(7)]
            taken = [u for u in week if u is not None]
            peak[v.id] = max(
                taken, key=lambda u: u.used, default=DayUse(v.id, monday, 0, v.interpretation_capacity)
            )
            over[v.id] = sum(1 for u in taken if u.over)
        pages_used = pages.get(monday) or (DayUse("translation", monday, 0, capacity) if capacity else None)
        out.append(Week(monday, peak, over, pages_used))
        monday += timedelta(weeks=1)
    return out
