"""What a timetable takes of the conference centre, day by day: each room's meetings in
lanes, each venue's interpretation teams per day and the translation pages per week,
against capacity. Data only: the report and `show --by room` draw it.

Everything is counted by the resource rules' `Load` (constraints.base): room-free's
resource is (venue, room) per day, interpretation-capacity's a venue per day,
translation-capacity's "translation" per week (the day is the week's Monday). The other
bodies' fixed meetings are in it as the rules book them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
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

# what a stay is, for the views' marks and words
SESSION, OTHER, MEETING, PROJECTED = "session", "other", "meeting", "projected"
# from more bodies than this, a view's title counts them rather than naming each
LISTED = 4


def title(problem: Problem) -> str:
    """What a view of the centre is of: its bodies' short names, or how many bodies
    meet there when they are more than `LISTED`."""
    bodies = problem.model.bodies
    if len(bodies) > LISTED:
        return f"{len(bodies)} bodies at the conference centre"
    return " / ".join(b.label for b in bodies)


@dataclass(frozen=True)
class Stay:
    """A meeting in a room: a session of the timetable, or another body's fixed meeting."""

    who: str  # the session's id, or the other body (CND)
    name: str  # the session's or the meeting's name
    start: date
    end: date
    days: tuple[date, ...]  # the days it takes the room
    kind: str  # SESSION, OTHER (a consultation, an organizational session), MEETING
    # (another body's, published) or PROJECTED (another body's, projected from its pattern)
    lane: int = 0  # its lane in the room's row over the whole range: meetings at once never share one

    @property
    def fixed(self) -> bool:
        """Another body's meeting, fixed."""
        return self.kind in (MEETING, PROJECTED)

    @property
    def projected(self) -> bool:
        """Another body's meeting projected from its pattern, not published."""
        return self.kind == PROJECTED


@dataclass(frozen=True)
class RoomUse:
    venue: Venue
    room: Room
    stays: tuple[Stay, ...]  # in order of start
    lanes: int  # 1, or more where meetings overlap (a proposal that breaks room-free)
    used: int  # days the timetable's sessions take the room
    booked: int  # days other bodies' fixed meetings take it
    available: int  # the venue's working days in the range, UN holidays excepted
    over: dict[date, int]  # the days it holds more than its one meeting -> meetings that day


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
    first: date  # the range: by default the span, the first and last day a session meets
    last: date
    venues: list[Venue]  # those the timetable uses (every venue, if none), in the model's order
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


def occupancy(
    problem: Problem,
    timetable: Timetable,
    rows: Sequence[SessionRow],
    first: date | None = None,
    last: date | None = None,
) -> Occupancy:
    """The centre's rooms, interpreters and translators from `first` to `last`: by
    default the span of the rows (the timetable's placed meetings; the planning window if
    none)."""
    window = problem.model.window
    start, end = span(rows) or (window.start, window.end)
    first, last = first or start, last or end
    used = dict.fromkeys(r.venue.id for r in rows)
    venues = [v for v in problem.model.venues if v.id in used or not used]
    every = days(first, last)
    load = registered(RoomFree).load(problem, timetable)
    over: dict = {}
    for resource, day, n, capacity in load.days():
        if n > capacity:
            over.setdefault(resource, {})[day] = n
    rooms = [
        _room(problem, load, venue, room, every, over.get((venue.id, room.id), {}))
        for venue in venues
        for room in venue.rooms
    ]
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


def order(stay: Stay) -> tuple:
    """Stays in order of start, then of end; a session before another body's meeting."""
    return (stay.start, stay.end, stay.fixed, stay.who)


def lanes(stays: Iterable[Stay], first: date, last: date) -> list[list[Stay]]:
    """The stays that meet from `first` to `last`, in as few lanes as keep any two that
    overlap apart: each goes in the first lane free from its start (at least one lane)."""
    out: list[list[Stay]] = []
    for s in sorted(stays, key=order):
        if s.end < first or s.start > last:
            continue
        lane = next((lane for lane in out if lane[-1].end < s.start), None)
        if lane is None:
            out.append([s])
        else:
            lane.append(s)
    return out or [[]]


def _room(
    problem: Problem, load: Load, venue: Venue, room: Room, every: list[date], over: dict[date, int]
) -> RoomUse:
    """A room's meetings over the days `every`, each in its lane over them."""
    rule = load.rule
    resource = (venue.id, room.id)
    names = {(m.body, m.start, m.end): m.name for m in problem.model.meetings if m.venue == venue.id}
    found: dict[tuple, list[date]] = {}  # (who, start, end, kind) -> days
    for day in every:
        uses = load.uses(resource, day)  # the fixed meetings first, then the sessions
        fixed = len(rule._booked(problem, resource, day))
        for i, u in enumerate(uses):
            if i < fixed:
                kind = PROJECTED if u.projected else MEETING
            else:
                kind = SESSION if problem.by_id[u.who].is_session else OTHER
            found.setdefault((u.who, u.start, u.end, kind), []).append(day)
    stays = [
        Stay(
            who,
            names.get((who, start, end), "") if kind in (MEETING, PROJECTED) else problem.by_id[who].name,
            start,
            end,
            tuple(found[who, start, end, kind]),
            kind,
        )
        for who, start, end, kind in found
    ]
    placed = lanes(stays, every[0], every[-1])
    stays = sorted((replace(s, lane=n) for n, lane in enumerate(placed) for s in lane), key=order)
    vd = problem.days[venue.id]
    return RoomUse(
        venue,
        room,
        tuple(stays),
        len(placed),
        len({d for s in stays if not s.fixed for d in s.days}),
        len({d for s in stays if s.fixed for d in s.days}),
        sum(1 for d in every if d.weekday() in vd.working and d not in vd.closed),
        over,
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
